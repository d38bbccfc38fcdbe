// pipe_fork — a parent sends bytes to its child through a pipe.
//
// usage: pipe_fork [MESSAGE]   the parent writes MESSAGE (default "hello");
//                              the child prints "child received: MESSAGE"
//        pipe_fork -           the parent streams its stdin through the pipe;
//                              the child copies it to stdout unchanged
//
// Reproduces the lecture's pipe example (pipe(), then fork(), one side writes,
// the other reads), done the way it must be done in real code: each process
// closes the end it does not use, the reader loops until EOF, and the parent
// waits for its child.
//
// Failures: a read or write that fails is reported as "pipe_fork: read: ..."
// or "pipe_fork: write: ..." (naming the side that failed), exit 1. If the
// child cannot print (a full disk, a closed stdout, a reader that quit), it
// says so and exits 1; the parent then stops writing (it ignores SIGPIPE and
// gets EPIPE) and exits 1 too, without a second message.
#include <csignal>
#include <cstdio>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/io.hpp>

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "[MESSAGE | -]");
    if (argc > 2) ipclab::usage();
    const std::string_view message = argc == 2 ? argv[1] : "hello";
    const bool stream = message == "-";

    // BEGIN SOLUTION: create the pipe: fds[0] is the read end, fds[1] the write end
    // STARTER: int fds[2] = {-1, -1};
    int fds[2];
    check(pipe(fds), "pipe");
    // END SOLUTION

    // A child that fails ends early; our next write() into the pipe then must
    // fail with EPIPE (reported below), not kill us silently with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);

    // BEGIN SOLUTION: fork; after this line two processes run this code
    // STARTER: pid_t pid = -1;
    pid_t pid = check(fork(), "fork");
    // END SOLUTION

    if (pid == 0) {
        // Child: the reader.
        std::string received;
        const char* failed = "read";  // which call failed, for the message
        // BEGIN SOLUTION: close the end the child does not use, then read until EOF
        // STARTER: (void)fds; (void)failed;
        // Close our copy of the write end first: while any write end is open,
        // read() waits for more data instead of returning 0 (EOF).
        check(close(fds[1]), "close");
        if (stream) {
            if (ipclab::copy_all(fds[0], STDOUT_FILENO, &failed) == -1) ipclab::die(failed);
        } else {
            check(ipclab::read_all(fds[0], received), "read");
        }
        check(close(fds[0]), "close");
        // END SOLUTION
        if (!stream) {
            std::printf("child received: %s\n", received.c_str());
            ipclab::flush_stdout();  // a full disk or closed stdout: say so, exit 1
        }
        _exit(0);  // never return into the parent's code
    }

    // Parent: the writer.
    int status = 0;
    ssize_t sent = 0;            // -1 if reading stdin or writing the pipe failed
    const char* failed = "write";
    int err = 0;                 // its errno
    // BEGIN SOLUTION: close the read end, write, close the write end (EOF), then wait
    check(close(fds[0]), "close");
    if (stream) {
        sent = ipclab::copy_all(STDIN_FILENO, fds[1], &failed);
    } else {
        sent = ipclab::write_all(fds[1], message);
    }
    err = errno;
    // Closing the last write end is what tells the child "no more data".
    check(close(fds[1]), "close");
    // wait() collects the child's exit status; without it the child stays a zombie.
    check(waitpid(pid, &status, 0), "waitpid");
    // END SOLUTION
    const bool child_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    // If the child failed, it has said why (and our EPIPE is only the echo of it).
    if (sent == -1 && child_ok) ipclab::die(failed, err);
    return child_ok && sent != -1 ? 0 : 1;
}
