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
#include <cstdio>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/io.hpp>

using ipclab::check;

int main(int argc, char* argv[]) {
    if (argc > 2) ipclab::usage("[MESSAGE | -]");
    const std::string_view message = argc == 2 ? argv[1] : "hello";
    const bool stream = message == "-";

    // BEGIN SOLUTION: create the pipe: fds[0] is the read end, fds[1] the write end
    // STARTER: int fds[2] = {-1, -1};
    int fds[2];
    check(pipe(fds), "pipe");
    // END SOLUTION

    // BEGIN SOLUTION: fork; after this line two processes run this code
    // STARTER: pid_t pid = -1;
    pid_t pid = check(fork(), "fork");
    // END SOLUTION

    if (pid == 0) {
        // Child: the reader.
        std::string received;
        // BEGIN SOLUTION: close the end the child does not use, then read until EOF
        // STARTER: (void)fds;
        // Close our copy of the write end first: while any write end is open,
        // read() waits for more data instead of returning 0 (EOF).
        check(close(fds[1]), "close");
        if (stream) {
            check(ipclab::copy_all(fds[0], STDOUT_FILENO), "read");
        } else {
            check(ipclab::read_all(fds[0], received), "read");
        }
        check(close(fds[0]), "close");
        // END SOLUTION
        if (!stream) {
            std::printf("child received: %s\n", received.c_str());
            std::fflush(stdout);
        }
        _exit(0);  // never return into the parent's code
    }

    // Parent: the writer.
    int status = 0;
    // BEGIN SOLUTION: close the read end, write, close the write end (EOF), then wait
    check(close(fds[0]), "close");
    if (stream) {
        check(ipclab::copy_all(STDIN_FILENO, fds[1]), "write");
    } else {
        check(ipclab::write_all(fds[1], message), "write");
    }
    // Closing the last write end is what tells the child "no more data".
    check(close(fds[1]), "close");
    // wait() collects the child's exit status; without it the child stays a zombie.
    check(waitpid(pid, &status, 0), "waitpid");
    // END SOLUTION
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
