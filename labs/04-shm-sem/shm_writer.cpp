// shm_writer — pass stdin to shm_reader through POSIX shared memory,
// taking turns with it through two unnamed semaphores inside the object.
//
// usage: shm_writer [-b SIZE] [-w SECONDS] NAME < input
//        SIZE: buffer bytes, default 1024; SECONDS: how long to wait for a reader, default 5
//
// Reproduces the lecture's shmbuf example (writer side). The writer creates the
// shm object NAME (O_CREAT | O_EXCL, mode 0600), sizes it with ftruncate, maps
// it and initialises the two semaphores in it with pshared = 1, so that they
// work between processes: wsem = 1 (the writer takes the first turn), rsem = 0.
// Then, turn by turn: wait for wsem, fill buf from stdin, set cnt, post rsem.
// At EOF it sends one empty transfer (cnt = 0, "no more data") and waits for
// wsem once more: the reader posts it when it has finished. Only then does the
// writer remove NAME. NAME is also removed on an error exit and on the signals
// that end a program (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ).
// Prints "sent N bytes in M transfers" on stderr.
//
// A semaphore cannot notice that the process meant to post it has died, so
// the writer also watches its reader (given code, ipclab::peer_watch): if no
// reader claims NAME within SECONDS ("shm_writer: no reader came within 5 s"),
// or the reader ends before it has finished ("shm_writer: the reader (pid N)
// ended before the transfer finished": killed, or failed to write its output),
// the writer removes NAME and exits 1 instead of waiting in sem_wait forever.
#include <cstdio>
#include <fcntl.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/io.hpp>
#include <ipclab/ipc_name.hpp>
#include <ipclab/mapping.hpp>
#include <ipclab/peer_watch.hpp>
#include <ipclab/unlink_guard.hpp>

#include "shmbuf.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "[-b SIZE] [-w SECONDS] NAME");
    const auto opts = shm_lab::parse_options(argc, argv, 'b');
    if (!opts) ipclab::usage();
    const char* name = opts->name;
    ipclab::require_ipc_name(name);
    const size_t size = opts->size;
    const size_t total = shm_lab::object_size(size);  // header + buffer

    // Remove NAME on exit() and on SIGINT/SIGTERM/..., once the guard below holds it.
    ipclab::on_exit_remove_names();

    shmbuf* shm = nullptr;
    size_t bytes = 0;
    size_t xfrs = 0;

    // TODO: create NAME (it must not exist yet), give it total bytes, map it, close the fd
    (void)name; (void)total;

    // TODO: initialise both semaphores for use between processes (the writer goes first), then publish

    // Given: the reader's pid appears in the header when it claims NAME. If no
    // reader comes within -w SECONDS, or it ends before it has finished, this
    // watch says so and ends us (status 1, NAME removed): no sem_wait forever.
    ipclab::peer_watch reader_watch(shm != nullptr ? &shm->reader_pid : nullptr, opts->wait_seconds, "reader");

    // TODO: take turns: wait for wsem, fill buf, set cnt, post rsem; an empty transfer ends it

    // TODO: wait until the reader has finished
    reader_watch.release();  // the reader has finished: it may end now

    // TODO: destroy the semaphores, unmap and remove NAME

    std::fprintf(stderr, "sent %zu bytes in %zu transfers\n", bytes, xfrs);
    return 0;
}
