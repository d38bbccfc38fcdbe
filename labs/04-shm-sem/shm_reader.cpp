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
//
// Given code around the lesson: the reader claims NAME by storing its pid in
// the header, so a second reader is refused ("shm_reader: NAME already has a
// reader (pid N)"), and it watches the writer (ipclab::peer_watch): if the
// writer dies mid-transfer, the reader removes NAME for it and exits 1
// ("shm_reader: the writer (pid N) ended before the transfer finished")
// instead of waiting in sem_wait forever. A writer that never sets NAME up
// within SECONDS: "shm_reader: NAME: no writer set it up within N s".
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
#include <ipclab/ipc_name.hpp>
#include <ipclab/mapping.hpp>
#include <ipclab/peer_watch.hpp>

#include "shmbuf.hpp"

using ipclab::check;
using namespace std::chrono_literals;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "[-w SECONDS] NAME");
    const auto opts = shm_lab::parse_options(argc, argv, 'w');
    if (!opts) ipclab::usage();
    const char* name = opts->name;
    ipclab::require_ipc_name(name);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(opts->wait_seconds);
    auto too_late = [&] { return std::chrono::steady_clock::now() >= deadline; };

    shmbuf* shm = nullptr;
    size_t bytes = 0;
    size_t xfrs = 0;

    // TODO: open NAME, retrying while it does not exist yet (up to the deadline)
    (void)name; (void)too_late;

    // TODO: wait until the writer has sized the object, map all of it, close the fd

    // TODO: wait until the header is published (semaphores initialised), and check its size

    // Given: one reader per object; and if the writer dies, we remove NAME for
    // it and end (status 1) instead of waiting in sem_wait forever.
    if (shm != nullptr && !shm_lab::claim_reader(shm, getpid())) {
        ipclab::fail("%s already has a reader (pid %ld)", name, static_cast<long>(shm->reader_pid));
    }
    ipclab::peer_watch writer_watch(shm != nullptr ? &shm->writer_pid : nullptr, 0, "writer",
                                    [name] { shm_unlink(name); });

    // TODO: take turns: wait for rsem, stop at cnt 0, write buf to stdout, post wsem

    writer_watch.release();  // the writer may end once we post below

    // TODO: tell the writer we have finished (it then removes NAME), and unmap

    std::fprintf(stderr, "received %zu bytes in %zu transfers\n", bytes, xfrs);
    return 0;
}
