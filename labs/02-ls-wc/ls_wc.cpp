// ls_wc — run "ls DIR | wc -l" the way a shell does.
//
// usage: ls_wc [DIR]      (DIR defaults to ".")
//
// Reproduces the lecture's "ls | wc" example: one pipe, two children, dup2()
// to plug the pipe into stdout of ls and stdin of wc, exec to become them,
// and a parent that closes both ends and waits twice. The exit status is wc's.
// SIGINT, SIGTERM, SIGHUP or SIGQUIT sent to ls_wc is passed on to both
// children; ls_wc reaps them and then ends by the same signal.
#include <cstdio>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/children.hpp>

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "[DIR]");  // also: a closed stdin/stdout stays closed for ls and wc
    if (argc > 2) ipclab::usage();
    const char* dir = argc == 2 ? argv[1] : ".";
    ipclab::forward_signals();  // kill -TERM ls_wc stops ls and wc too

    // TODO: create the pipe that will connect ls to wc
    int fds[2] = {-1, -1};

    // First child: ls, writing into the pipe.
    pid_t ls_pid = check(fork(), "fork");
    if (ls_pid == 0) {
        // TODO: make the pipe's write end this child's stdout, close both ends, exec ls
        (void)dir; (void)fds;
        _exit(127);
    }
    ipclab::add_child(ls_pid);

    // Second child: wc -l, reading from the pipe.
    pid_t wc_pid = check(fork(), "fork");
    if (wc_pid == 0) {
        // TODO: make the pipe's read end this child's stdin, close both ends, exec wc -l
        _exit(127);
    }
    ipclab::add_child(wc_pid);

    int ls_status = 0;
    int wc_status = 0;
    // TODO: the parent closes both ends (or wc never sees EOF) and waits for both children
    (void)ls_status;

    ipclab::end_like_signal();  // if we were told to stop, stop the same way
    // Like the shell, report the last command's status (128 + N if killed by signal N).
    if (WIFSIGNALED(wc_status)) return 128 + WTERMSIG(wc_status);
    return WEXITSTATUS(wc_status);
}
