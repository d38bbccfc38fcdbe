// shm_writer — pass stdin to shm_reader through POSIX shared memory,
// taking turns with it through two unnamed semaphores inside the object.
//
// usage: shm_writer [-b SIZE] NAME < input     (SIZE: buffer bytes, default 1024)
//
// Reproduces the lecture's shmbuf example (writer side). The writer creates the
// shm object NAME (O_CREAT | O_EXCL, mode 0600), sizes it with ftruncate, maps
// it and initialises the two semaphores in it with pshared = 1, so that they
// work between processes: wsem = 1 (the writer takes the first turn), rsem = 0.
// Then, turn by turn: wait for wsem, fill buf from stdin, set cnt, post rsem.
// At EOF it sends one empty transfer (cnt = 0, "no more data") and waits for
// wsem once more: the reader posts it when it has finished. Only then does the
// writer remove NAME. NAME is also removed on an error exit, SIGINT and SIGTERM.
// Prints "sent N bytes in M transfers" on stderr.
#include <cstdio>
#include <fcntl.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/io.hpp>
#include <ipclab/mapping.hpp>
#include <ipclab/unlink_guard.hpp>

#include "shmbuf.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    const auto opts = shm_lab::parse_options(argc, argv, 'b');
    if (!opts) ipclab::usage("[-b SIZE] NAME");
    const char* name = opts->name;
    const size_t size = opts->size;
    const size_t total = shm_lab::object_size(size);  // header + buffer

    // Remove NAME on exit() and on SIGINT/SIGTERM, once the guard below holds it.
    ipclab::on_exit_remove_names();

    size_t bytes = 0;
    size_t xfrs = 0;

    // TODO: create NAME (it must not exist yet), give it total bytes, map it, close the fd
    (void)name; (void)total;

    // TODO: initialise both semaphores for use between processes (the writer goes first), then publish

    // TODO: take turns: wait for wsem, fill buf, set cnt, post rsem; an empty transfer ends it

    // TODO: wait until the reader has finished, then destroy the semaphores, unmap and remove NAME

    std::fprintf(stderr, "sent %zu bytes in %zu transfers\n", bytes, xfrs);
    return 0;
}
