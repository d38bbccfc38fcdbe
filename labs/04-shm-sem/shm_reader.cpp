// shm_reader — receive what shm_writer sends through POSIX shared memory.
//
// usage: shm_reader [-w SECONDS] NAME > output   (waits up to SECONDS, default 5)
//
// Reproduces the lecture's shmbuf example (reader side). The reader opens the
// existing object NAME (no O_CREAT). It may start before the writer, so it
// waits, up to SECONDS in all, for three things in turn: NAME to exist, the
// object to have a size (the writer creates it, then ftruncates it), and the
// header to be published (the semaphores are initialised). The buffer size
// comes from the header, so any -b the writer used works.
// Then, turn by turn: wait for rsem, stop if cnt is 0, write cnt bytes of buf
// to stdout, post wsem. At the end it posts wsem once more so the writer knows
// it has finished. Prints "received N bytes in M transfers" on stderr.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/io.hpp>
#include <ipclab/mapping.hpp>

#include "shmbuf.hpp"

using ipclab::check;
using namespace std::chrono_literals;

int main(int argc, char* argv[]) {
    const auto opts = shm_lab::parse_options(argc, argv, 'w');
    if (!opts) ipclab::usage("[-w SECONDS] NAME");
    const char* name = opts->name;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(opts->wait_seconds);
    auto too_late = [&] { return std::chrono::steady_clock::now() >= deadline; };

    size_t bytes = 0;
    size_t xfrs = 0;

    // TODO: open NAME, retrying while it does not exist yet (up to the deadline)
    (void)name; (void)too_late;

    // TODO: wait until the writer has sized the object, map all of it, close the fd

    // TODO: wait until the header is published (semaphores initialised), and check its size

    // TODO: take turns: wait for rsem, stop at cnt 0, write buf to stdout, post wsem

    // TODO: tell the writer we have finished (it then removes NAME), and unmap

    std::fprintf(stderr, "received %zu bytes in %zu transfers\n", bytes, xfrs);
    return 0;
}
