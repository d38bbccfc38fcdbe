// trickle — copy stdin to stdout in small pieces, pausing between them.
//
// usage: trickle CHUNK PAUSE_MS < input | program
//
// A program that reads a stream must loop: read() on a pipe returns what is
// there, which may be far less than it asked for. A regular file as stdin
// hides that (one read() fills the buffer), so the tests feed input through
// this instead: CHUNK bytes per write(), PAUSE_MS milliseconds between two
// writes, so each read() on the other side sees at most one piece.
// Exits 0 at EOF; 1 if a read or write fails (a reader that quits early is
// not an error here: SIGPIPE is ignored and EPIPE ends the copy quietly).
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <unistd.h>
#include <vector>

int main(int argc, char* argv[]) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: trickle CHUNK PAUSE_MS\n");
        return 2;
    }
    const long chunk = std::strtol(argv[1], nullptr, 10);
    const long pause_ms = std::strtol(argv[2], nullptr, 10);
    if (chunk <= 0 || pause_ms < 0) {
        std::fprintf(stderr, "usage: trickle CHUNK PAUSE_MS\n");
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN);
    const timespec pause = {pause_ms / 1000, (pause_ms % 1000) * 1'000'000L};
    std::vector<char> buf(static_cast<size_t>(chunk));
    bool first = true;
    for (;;) {
        // Fill one piece completely (stdin may itself deliver less).
        size_t got = 0;
        while (got < buf.size()) {
            ssize_t n = read(STDIN_FILENO, buf.data() + got, buf.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                std::perror("trickle: read");
                return 1;
            }
            if (n == 0) break;
            got += static_cast<size_t>(n);
        }
        if (got == 0) return 0;
        if (!first) nanosleep(&pause, nullptr);
        first = false;
        for (size_t off = 0; off < got;) {
            ssize_t n = write(STDOUT_FILENO, buf.data() + off, got - off);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                if (errno == EPIPE) return 0;
                std::perror("trickle: write");
                return 1;
            }
            off += static_cast<size_t>(n);
        }
        if (got < buf.size()) return 0;
    }
}
