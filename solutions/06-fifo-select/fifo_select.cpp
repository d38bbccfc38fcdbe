// fifo_select — one consumer, several FIFOs, never stuck on a quiet one.
//
// usage: fifo_select [--poll] FIFO...      (1 to 8 FIFOs)
//
// Creates each FIFO that does not exist yet (mkfifo, mode 0600), opens every
// one for reading without blocking, then waits on all of them at once with
// select() (or poll() with --poll). For each line that arrives it prints
// "NAME: LINE", where NAME is the FIFO's file name; when the last writer of a
// FIFO closes it prints "NAME: EOF" and stops watching that FIFO. It exits 0
// once every FIFO has reached EOF.
//
// * A FIFO nobody has opened for writing yet has not ended: Linux reports a
//   FIFO opened O_RDONLY | O_NONBLOCK neither readable nor hung up until a
//   writer has come and gone. (A bare read() would return 0 at once, so we
//   read only what select() or poll() says is ready.)
// * read() may return half a line or several lines: each FIFO keeps its
//   unfinished line (fifo::line_buffer) and only whole lines are printed.
//   A last line without '\n' is printed when its FIFO ends.
// * The FIFOs this program created (and only those) are removed on every way
//   out: normal end, an error, SIGINT, SIGTERM, SIGHUP, SIGQUIT. At most 8:
//   the kit's unlink_guard keeps that many names.
// * A path that exists but is not a FIFO is refused ("fifo_select: PATH: not
//   a FIFO", exit 1). select() can watch only fds below FD_SETSIZE (1024): a
//   FIFO on a larger fd is refused ("fifo_select: select: fd N is not below
//   FD_SETSIZE (1024): use --poll"); poll() has no such limit.
//
// Reproduces the lecture's "multiple producers" problem: a consumer blocked
// in read() on one channel while another channel has data. select() and
// poll() wait on all channels and say which ones are ready.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <deque>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <string_view>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <ipclab/check.hpp>
#include <ipclab/fd.hpp>
#include <ipclab/unlink_guard.hpp>

#include "lines.hpp"

using ipclab::check;

namespace {

struct channel {
    std::string name;        // shown in front of each line
    ipclab::unique_fd fd;    // empty once the FIFO has reached EOF
    fifo::line_buffer lines;  // the unfinished line, if any
};

void print_line(const channel& ch, std::string_view line) {
    std::printf("%s: ", ch.name.c_str());
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::putchar('\n');
}

// Show what one read() returned: every line it completed. No bytes means EOF:
// the unfinished last line (if any), then "NAME: EOF".
void show(channel& ch, std::string_view bytes) {
    if (!bytes.empty()) {
        for (const auto& line : ch.lines.push(bytes)) print_line(ch, line);
    } else {
        if (auto rest = ch.lines.finish()) print_line(ch, *rest);
        std::printf("%s: EOF\n", ch.name.c_str());
    }
    // Whoever watches our output sees each line as it comes. If nobody can
    // (a full disk, a closed pipe), stop: die() still removes our FIFOs.
    ipclab::flush_stdout();
}

}  // namespace

int main(int argc, char* argv[]) {
    const char* args = "[--poll] FIFO...";
    ipclab::start(argc, argv, args);
    int first = 1;
    const bool use_poll = argc > 1 && std::string_view(argv[1]) == "--poll";
    if (use_poll) first = 2;
    if (argc - first < 1 || argc - first > 8) ipclab::usage(args);
    for (int i = first; i < argc; ++i) {
        if (argv[i][0] == '-' || argv[i][0] == '\0') ipclab::usage(args);
    }
    ipclab::on_exit_remove_names();

    std::deque<ipclab::unlink_guard> created;  // removes the FIFOs we made
    std::vector<channel> channels;
    for (int i = first; i < argc; ++i) {
        const char* path = argv[i];
        // BEGIN SOLUTION: create the FIFO unless it exists (and remember it for removal), then open it without blocking
        // STARTER: int fd = -1;
        // STARTER: (void)path;
        if (mkfifo(path, 0600) == 0) {
            created.emplace_back(path, unlink);  // ours: unlinked on every way out
        } else if (errno != EEXIST) {
            ipclab::die("mkfifo");
        }
        // Without O_NONBLOCK, open() would wait here for a writer of this FIFO
        // while the producers of the next ones wait for us: nobody moves.
        int fd = check(open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), "open");
        // END SOLUTION
        // Given: a regular file would be "readable" forever; FD_SET on an fd of
        // FD_SETSIZE or more would write past the end of the fd_set.
        struct stat st {};
        if (fd >= 0) check(fstat(fd, &st), "fstat");
        if (fd >= 0 && !S_ISFIFO(st.st_mode)) ipclab::fail("%s: not a FIFO", path);
        if (!use_poll && fd >= FD_SETSIZE) {
            ipclab::fail("select: fd %d is not below FD_SETSIZE (%d): use --poll", fd, FD_SETSIZE);
        }
        channels.push_back({std::string(fifo::display_name(path)), ipclab::unique_fd(fd), {}});
    }

    // For --poll: one entry per FIFO. poll() ignores an entry whose fd is negative.
    std::vector<pollfd> watched;
    for (const auto& ch : channels) watched.push_back({ch.fd.get(), POLLIN, 0});

    size_t still_open = channels.size();
    while (still_open > 0) {
        std::vector<bool> ready(channels.size(), false);

        // BEGIN SOLUTION: wait until some FIFO has data or has ended; mark those in ready[]
        // STARTER: (void)use_poll;
        // STARTER: still_open = 0;
        if (use_poll) {
            // poll() keeps the question (events) apart from the answer
            // (revents), so the array is reused as it is. POLLHUP: the last
            // writer has gone; the read() below then returns 0.
            check(poll(watched.data(), watched.size(), -1), "poll");
            for (size_t i = 0; i < channels.size(); ++i) {
                ready[i] = (watched[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
            }
        } else {
            // select() overwrites the set with its answer: build it again,
            // from the FIFOs still open, before every call.
            fd_set readable;
            FD_ZERO(&readable);
            int max_fd = -1;
            for (const auto& ch : channels) {
                if (!ch.fd) continue;
                FD_SET(ch.fd.get(), &readable);
                max_fd = std::max(max_fd, ch.fd.get());
            }
            check(select(max_fd + 1, &readable, nullptr, nullptr, nullptr), "select");
            for (size_t i = 0; i < channels.size(); ++i) {
                ready[i] = channels[i].fd && FD_ISSET(channels[i].fd.get(), &readable);
            }
        }
        // END SOLUTION

        for (size_t i = 0; i < channels.size(); ++i) {
            if (!ready[i]) continue;
            char buf[4096];
            // BEGIN SOLUTION: read what is there; 0 bytes means its last writer closed: stop watching it
            // STARTER: ssize_t n = 0;
            ssize_t n = read(channels[i].fd.get(), buf, sizeof buf);
            // "Ready" is a hint, not a promise: if another reader of this FIFO
            // (or the same FIFO named twice) took the bytes first, O_NONBLOCK
            // makes read() say EAGAIN instead of waiting. Wait again.
            if (n == -1 && errno == EAGAIN) continue;
            check(n, "read");
            if (n == 0) {
                channels[i].fd.reset();  // close it: an ended FIFO stays "readable" forever
                watched[i].fd = -1;
                --still_open;
            }
            // END SOLUTION
            show(channels[i], std::string_view(buf, static_cast<size_t>(n)));
        }
    }
    return 0;  // the guards in `created` unlink our FIFOs now
}
