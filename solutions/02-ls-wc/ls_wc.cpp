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

    // BEGIN SOLUTION: create the pipe that will connect ls to wc
    // STARTER: int fds[2] = {-1, -1};
    int fds[2];
    check(pipe(fds), "pipe");
    // END SOLUTION

    // First child: ls, writing into the pipe.
    pid_t ls_pid = check(fork(), "fork");
    if (ls_pid == 0) {
        // BEGIN SOLUTION: make the pipe's write end this child's stdout, close both ends, exec ls
        // STARTER: (void)dir; (void)fds;
        check(dup2(fds[1], STDOUT_FILENO), "dup2");  // fd 1 now refers to the pipe
        check(close(fds[0]), "close");  // ls never reads the pipe
        check(close(fds[1]), "close");  // fd 1 is our copy; this one is surplus
        execlp("ls", "ls", dir, static_cast<char*>(nullptr));
        std::perror("ls_wc: ls");  // exec only returns on failure: report it, exit 127 like the shell
        // END SOLUTION
        _exit(127);
    }

    // Second child: wc -l, reading from the pipe.
    pid_t wc_pid = check(fork(), "fork");
    if (wc_pid == 0) {
        // BEGIN SOLUTION: make the pipe's read end this child's stdin, close both ends, exec wc -l
        check(dup2(fds[0], STDIN_FILENO), "dup2");  // fd 0 now refers to the pipe
        check(close(fds[0]), "close");
        // If wc kept a write end open, it would wait for input forever.
        check(close(fds[1]), "close");
        execlp("wc", "wc", "-l", static_cast<char*>(nullptr));
        std::perror("ls_wc: wc");
        // END SOLUTION
        _exit(127);
    }

    int ls_status = 0;
    int wc_status = 0;
    // BEGIN SOLUTION: the parent closes both ends (or wc never sees EOF) and waits for both children
    // STARTER: (void)ls_status;
    check(close(fds[0]), "close");
    check(close(fds[1]), "close");
    check(waitpid(ls_pid, &ls_status, 0), "waitpid");
    check(waitpid(wc_pid, &wc_status, 0), "waitpid");
    // END SOLUTION

    // Like the shell, report the last command's status (128 + N if killed by signal N).
    if (WIFSIGNALED(wc_status)) return 128 + WTERMSIG(wc_status);
    return WEXITSTATUS(wc_status);
}
