// pipeline — run CMD | CMD | ... like the shell, for any number of stages.
//
// usage: pipeline CMD [ARGS...] '|' CMD [ARGS...] ...
//
// Generalises ls_wc: stage i reads from pipe i-1 and writes into pipe i.
// The parent creates each pipe just before forking the stage that writes it,
// and closes its copies at once, so it never holds an end a stage waits on.
// The exit status is the last stage's; a command that cannot be found
// prints "pipeline: CMD: No such file or directory" and its stage exits 127.
// SIGINT, SIGTERM, SIGHUP or SIGQUIT sent to pipeline is passed on to every
// stage; pipeline reaps them all and then ends by the same signal.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <ipclab/check.hpp>
#include <ipclab/children.hpp>

#include "stages.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "CMD [ARGS...] ['|' CMD [ARGS...]]...");
    auto stages = pipeline::split_stages(argc - 1, argv + 1);
    if (!stages) ipclab::usage();
    const size_t n = stages->size();
    ipclab::forward_signals();  // kill -TERM pipeline stops every stage too

    std::vector<pid_t> pids;
    int prev_read = -1;  // read end of the pipe from the previous stage
    for (size_t i = 0; i < n; ++i) {
        char** args = (*stages)[i].data();
        const bool last = i + 1 == n;
        int fds[2] = {-1, -1};
        // TODO: connect stage i: pipe (unless last), fork, dup2, close, execvp
        (void)args; (void)last; (void)fds; (void)prev_read;
    }

    // A signal from now on is passed on to every stage (one that came during
    // the loop reaches them here).
    for (pid_t pid : pids) ipclab::add_child(pid);

    int status = 0;
    // TODO: wait for every stage; keep the last one's status
    ipclab::end_like_signal();  // if we were told to stop, stop the same way
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
