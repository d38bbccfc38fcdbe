// fifo_producer — one of several writers that share a FIFO.
//
// usage: fifo_producer FIFO COUNT [DELAY_MS]
//
// Opens FIFO for writing and writes COUNT lines "msg I from PID" (I = 1 to
// COUNT), pausing DELAY_MS milliseconds (default 0) between two lines, then
// closes it. FIFO must exist (fifo_select or mkfifo makes it):
// "fifo_producer: open: No such file or directory" otherwise. Anything that is
// not a FIFO (a regular file, a device) is refused before a byte is written:
// "fifo_producer: FILE: not a FIFO (a regular file)", exit 1.
//
// Two FIFO facts this program relies on:
//   * open(O_WRONLY) waits until some process has the FIFO open for reading.
//     A producer started with no reader simply waits there (forever, if no
//     reader ever comes): that is the FIFO's rendezvous, not a bug.
//   * A write() of at most PIPE_BUF bytes (4096 on Linux) to a pipe or FIFO is
//     atomic: it goes in whole, never mixed with another writer's bytes. So each
//     line is ONE write() call, and lines of several producers never tear.
//
// Reproduces the lecture's "multiple producers" picture: several writers, one
// FIFO each or shared, and one consumer (fifo_select).
#include <cerrno>
#include <climits>  // PIPE_BUF
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ipclab/check.hpp>

#include "lines.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    const char* args = "FIFO COUNT [DELAY_MS]";
    ipclab::start(argc, argv, args);
    if (argc < 3 || argc > 4) ipclab::usage(args);
    const char* path = argv[1];
    const auto count = fifo::parse_number(argv[2], 1'000'000'000);
    const auto delay_ms = argc == 4 ? fifo::parse_number(argv[3], 3'600'000) : 0UL;
    if (!count || !delay_ms) ipclab::usage(args);
    const struct timespec pause = {static_cast<time_t>(*delay_ms / 1000),
                                   static_cast<long>(*delay_ms % 1000) * 1'000'000};

    // BEGIN SOLUTION: open the FIFO for writing (this waits until a reader has opened it)
    // STARTER: int fd = -1;
    // STARTER: (void)path;
    int fd = check(open(path, O_WRONLY | O_CLOEXEC), "open");
    // END SOLUTION

    // Given: a regular file opens at once and would keep our lines; only a FIFO will do.
    struct stat st {};
    if (fd >= 0) check(fstat(fd, &st), "fstat");
    if (fd >= 0 && !S_ISFIFO(st.st_mode)) ipclab::fail("%s: not a FIFO", path);

    for (unsigned long i = 1; i <= *count; ++i) {
        if (i > 1 && *delay_ms > 0) check(nanosleep(&pause, nullptr), "nanosleep");
        char line[64];
        static_assert(sizeof line <= PIPE_BUF, "a line must fit in one atomic write");
        const int len = std::snprintf(line, sizeof line, "msg %lu from %ld\n", i, static_cast<long>(getpid()));
        // BEGIN SOLUTION: write the whole line with a single write() (atomic: at most PIPE_BUF bytes)
        // STARTER: (void)fd; (void)len;
        // Never a loop of partial writes here: a second write() could land
        // after another producer's line and cut ours in two.
        const ssize_t written = check(write(fd, line, static_cast<size_t>(len)), "write");
        if (written != len) ipclab::die("write", EIO);  // cannot happen for a blocking write <= PIPE_BUF
        // END SOLUTION
    }

    // BEGIN SOLUTION: close the write end: when the last writer closes, the reader sees EOF
    check(close(fd), "close");
    // END SOLUTION
    return 0;
}
