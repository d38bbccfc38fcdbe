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

    // BEGIN SOLUTION: create NAME (it must not exist yet), give it total bytes, map it, close the fd
    // STARTER: (void)name; (void)total;
    int fd = check(shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600), "shm_open");
    // From here on, NAME is ours to remove, whatever happens.
    ipclab::unlink_guard guard(name, shm_unlink);
    // A new object has size 0: size it before mapping (touching it past its end raises SIGBUS).
    check(ftruncate(fd, static_cast<off_t>(total)), "ftruncate");
    ipclab::mapping map(
        ipclab::check_map(mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), "mmap"), total);
    check(close(fd), "close");  // the mapping keeps the object open
    shm = map.as<shmbuf>();
    char* buf = shm_lab::buffer_of(shm);
    // END SOLUTION

    // BEGIN SOLUTION: initialise both semaphores for use between processes (the writer goes first), then publish
    // pshared = 1: the semaphores live in shared memory and are used by two
    // processes. With 0 the kernel would only wake threads of one process.
    check(sem_init(&shm->wsem, 1, 1), "sem_init");  // 1: the writer's turn first
    check(sem_init(&shm->rsem, 1, 0), "sem_init");  // 0: the reader waits
    shm->cnt = 0;
    shm->size = size;
    // Last: a reader that found NAME early waits for this flag before it
    // touches the semaphores.
    shm_lab::publish(shm);
    // END SOLUTION

    // Given: the reader's pid appears in the header when it claims NAME. If no
    // reader comes within -w SECONDS, or it ends before it has finished, this
    // watch says so and ends us (status 1, NAME removed): no sem_wait forever.
    ipclab::peer_watch reader_watch(shm != nullptr ? &shm->reader_pid : nullptr, opts->wait_seconds, "reader");

    // BEGIN SOLUTION: take turns: wait for wsem, fill buf, set cnt, post rsem; an empty transfer ends it
    for (;;) {
        check(sem_wait(&shm->wsem), "sem_wait");  // our turn: the reader is done with buf
        // Fill the whole buffer unless EOF comes first (a pipe may hand us less per read()).
        const size_t n = static_cast<size_t>(check(ipclab::read_full(STDIN_FILENO, buf, size), "read"));
        shm->cnt = n;
        check(sem_post(&shm->rsem), "sem_post");  // the reader's turn
        if (n == 0) break;  // we sent the empty transfer: "no more data"
        bytes += n;
        ++xfrs;
    }
    // END SOLUTION

    // BEGIN SOLUTION: wait until the reader has finished
    // The reader posts wsem once more after the empty transfer. Removing NAME
    // before that would be safe for a reader already attached, but a reader
    // that has not opened NAME yet would never find it.
    check(sem_wait(&shm->wsem), "sem_wait");
    // END SOLUTION
    reader_watch.release();  // the reader has finished: it may end now

    // BEGIN SOLUTION: destroy the semaphores, unmap and remove NAME
    check(sem_destroy(&shm->wsem), "sem_destroy");
    check(sem_destroy(&shm->rsem), "sem_destroy");
    check(map.unmap(), "munmap");
    guard.unlink_now();  // shm_unlink(name)
    // END SOLUTION

    std::fprintf(stderr, "sent %zu bytes in %zu transfers\n", bytes, xfrs);
    return 0;
}
