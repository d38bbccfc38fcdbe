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

    // BEGIN SOLUTION: open NAME, retrying while it does not exist yet (up to the deadline)
    // STARTER: (void)name; (void)too_late;
    int fd = -1;
    while ((fd = shm_open(name, O_RDWR, 0)) == -1) {
        if (errno != ENOENT || too_late()) ipclab::die("shm_open");
        std::this_thread::sleep_for(10ms);
    }
    // END SOLUTION

    // BEGIN SOLUTION: wait until the writer has sized the object, map all of it, close the fd
    // The writer creates NAME first and sizes it a moment later: size 0 means "not yet".
    struct stat st {};
    for (;;) {
        check(fstat(fd, &st), "fstat");
        if (st.st_size > 0) break;
        if (too_late()) ipclab::fail("%s: no writer set it up within %d s", name, opts->wait_seconds);
        std::this_thread::sleep_for(10ms);
    }
    const size_t total = static_cast<size_t>(st.st_size);
    if (!shm_lab::fits(total, 0)) ipclab::fail("%s is too small to be a shm_writer object", name);
    ipclab::mapping map(
        ipclab::check_map(mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), "mmap"), total);
    check(close(fd), "close");
    shm = map.as<shmbuf>();
    // END SOLUTION

    // BEGIN SOLUTION: wait until the header is published (semaphores initialised), and check its size
    while (!shm_lab::is_ready(shm)) {
        if (too_late()) ipclab::fail("%s: no writer set it up within %d s", name, opts->wait_seconds);
        std::this_thread::sleep_for(10ms);
    }
    // Read size once: the check must hold for the value we use later.
    const size_t size = shm->size;
    if (!shm_lab::fits(total, size)) ipclab::fail("%s: its header says %zu bytes, more than it holds", name, size);
    const char* buf = shm_lab::buffer_of(shm);
    // END SOLUTION

    // Given: one reader per object; and if the writer dies, we remove NAME for
    // it and end (status 1) instead of waiting in sem_wait forever.
    if (shm != nullptr && !shm_lab::claim_reader(shm, getpid())) {
        ipclab::fail("%s already has a reader (pid %ld)", name, static_cast<long>(shm->reader_pid));
    }
    ipclab::peer_watch writer_watch(shm != nullptr ? &shm->writer_pid : nullptr, 0, "writer",
                                    [name] { shm_unlink(name); });

    // BEGIN SOLUTION: take turns: wait for rsem, stop at cnt 0, write buf to stdout, post wsem
    for (;;) {
        check(sem_wait(&shm->rsem), "sem_wait");  // our turn: the writer has filled buf
        const size_t cnt = shm->cnt;
        if (cnt == 0) break;  // the empty transfer: the writer reached EOF
        if (cnt > size) ipclab::fail("%s: a transfer of %zu bytes in a %zu-byte buffer", name, cnt, size);
        check(ipclab::write_all(STDOUT_FILENO, buf, cnt), "write");
        bytes += cnt;
        ++xfrs;
        check(sem_post(&shm->wsem), "sem_post");  // the writer's turn
    }
    // END SOLUTION

    writer_watch.release();  // the writer may end once we post below

    // BEGIN SOLUTION: tell the writer we have finished (it then removes NAME), and unmap
    check(sem_post(&shm->wsem), "sem_post");
    check(map.unmap(), "munmap");
    // END SOLUTION

    std::fprintf(stderr, "received %zu bytes in %zu transfers\n", bytes, xfrs);
    return 0;
}
