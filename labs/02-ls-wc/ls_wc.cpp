// ls_wc — run "ls DIR | wc -l" the way a shell does.
//
// usage: ls_wc [DIR]      (DIR defaults to ".")
//
// Reproduces the lecture's "ls | wc" example: one pipe, two children, dup2()
// to plug the pipe into stdout of ls and stdin of wc, exec to become them,
// and a parent that closes both ends and waits twice. The exit status is wc's.
#include <cstdio>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>

using ipclab::check;

int main(int argc, char* argv[]) {
    if (argc > 2) ipclab::usage("[DIR]");
    const char* dir = argc == 2 ? argv[1] : ".";

    // TODO: create the pipe that will connect ls to wc
    int fds[2] = {-1, -1};

    // First child: ls, writing into the pipe.
    pid_t ls_pid = check(fork(), "fork");
    if (ls_pid == 0) {
        // TODO: make the pipe's write end this child's stdout, close both ends, exec ls
        (void)dir; (void)fds;
        _exit(127);
    }

    // Second child: wc -l, reading from the pipe.
    pid_t wc_pid = check(fork(), "fork");
    if (wc_pid == 0) {
        // TODO: make the pipe's read end this child's stdin, close both ends, exec wc -l
        _exit(127);
    }

    int ls_status = 0;
    int wc_status = 0;
    // TODO: the parent closes both ends (or wc never sees EOF) and waits for both children
    (void)ls_status;

    // Like the shell, report the last command's status (128 + N if killed by signal N).
    if (WIFSIGNALED(wc_status)) return 128 + WTERMSIG(wc_status);
    return WEXITSTATUS(wc_status);
}
