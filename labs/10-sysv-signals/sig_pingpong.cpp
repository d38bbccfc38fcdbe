// sig_pingpong — a parent and its child take turns N times, each telling the
// other with SIGUSR1 that it is its turn.
//
// usage: sig_pingpong N        (1 to 10000000 round trips)
//
// The trap is the lost wake-up: if a process checks "has the signal come?"
// and then calls pause(), a signal that arrives between the two is handled
// before pause() starts, and pause() then waits for ever. So SIGUSR1 is
// blocked first (sigprocmask, before fork: the child inherits the mask); a
// signal sent meanwhile stays pending. sigsuspend(mask without SIGUSR1)
// unblocks it and waits in one atomic step: a pending signal ends it at once.
// No busy waiting: both processes sleep in the kernel between turns. The
// parent prints "N round trips".
#include <csignal>
#include <cstdio>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>

#include "sysv.hpp"

using ipclab::check;

namespace {
void on_usr1(int) {}  // a handler, so that SIGUSR1 does not end us but ends sigsuspend
}  // namespace

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "N");
    if (argc != 2) ipclab::usage();
    const auto n = sysv::parse_number(argv[1], 1, 10'000'000);
    if (!n) ipclab::usage();

    struct sigaction sa {};
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    check(sigaction(SIGUSR1, &sa, nullptr), "sigaction");

    sigset_t usr1, waiting;  // waiting: the mask while we wait, SIGUSR1 open
    // TODO: block SIGUSR1 before fork (a signal sent early stays pending), and make the mask to wait with

    const pid_t parent = getpid();
    std::fflush(nullptr);
    const pid_t child = check(fork(), "fork");
    if (child == 0) {
        for (long i = 0; i < *n; ++i) {
            // TODO: the child: wait for the parent's signal, then answer it
            (void)parent;
        }
        _exit(0);
    }

    for (long i = 0; i < *n; ++i) {
        // TODO: the parent: signal the child, then wait for its answer
    }
    int status = 0;
    check(waitpid(child, &status, 0), "waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ipclab::fail("the child (pid %d) failed", static_cast<int>(child));
    std::printf("%ld round trips\n", *n);
    (void)usr1;
    (void)waiting;
    return 0;
}
