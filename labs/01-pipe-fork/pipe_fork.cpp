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

    // TODO: create the pipe: fds[0] is the read end, fds[1] the write end
    int fds[2] = {-1, -1};

    // TODO: fork; after this line two processes run this code
    pid_t pid = -1;

    if (pid == 0) {
        // Child: the reader.
        std::string received;
        // TODO: close the end the child does not use, then read until EOF
        (void)fds;
        if (!stream) {
            std::printf("child received: %s\n", received.c_str());
            std::fflush(stdout);
        }
        _exit(0);  // never return into the parent's code
    }

    // Parent: the writer.
    int status = 0;
    // TODO: close the read end, write, close the write end (EOF), then wait
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
