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
// The handler only sets a flag, and the wait is a loop on that flag, because
// sigsuspend also returns for other signals (SIGCHLD: the child has died, which
// ends the parent's wait with an error instead of a hang).
// No busy waiting: both processes sleep in the kernel between turns. The
// parent prints "N round trips".
#include <csignal>
#include <cstdio>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/children.hpp>

#include "sysv.hpp"

using ipclab::check;

namespace {
volatile sig_atomic_t turn = 0;        // the other side has signalled: our turn
volatile sig_atomic_t child_gone = 0;  // SIGCHLD: the child has ended
void on_usr1(int) { turn = 1; }
void on_chld(int) { child_gone = 1; }
}  // namespace

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "N");
    if (argc != 2) ipclab::usage();
    const auto n = sysv::parse_number(argv[1], 1, 10'000'000);
    if (!n) ipclab::usage();

    // Given: the handlers only note what happened; the loops below act on it.
    struct sigaction sa {};
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_usr1;
    check(sigaction(SIGUSR1, &sa, nullptr), "sigaction");
    sa.sa_handler = on_chld;  // a child that dies must end the parent's wait too
    check(sigaction(SIGCHLD, &sa, nullptr), "sigaction");

    sigset_t blocked, waiting;  // waiting: the mask while we wait, SIGUSR1 and SIGCHLD open
    // BEGIN SOLUTION: block SIGUSR1 and SIGCHLD before fork (a signal sent early stays pending), and make the mask to wait with
    // STARTER: (void)blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGUSR1);
    sigaddset(&blocked, SIGCHLD);
    check(sigprocmask(SIG_BLOCK, &blocked, &waiting), "sigprocmask");
    sigdelset(&waiting, SIGUSR1);
    sigdelset(&waiting, SIGCHLD);
    // END SOLUTION

    const pid_t parent = getpid();
    std::fflush(nullptr);
    const pid_t child = check(fork(), "fork");
    if (child == 0) {
        ipclab::become_child("sig_pingpong");  // it dies with its parent
        for (long i = 0; i < *n; ++i) {
            // BEGIN SOLUTION: the child: wait for the parent's signal, then answer it
            // STARTER: (void)parent;
            while (!turn) sigsuspend(&waiting);  // unblock and wait in one step
            turn = 0;
            check(kill(parent, SIGUSR1), "kill");
            // END SOLUTION
        }
        _exit(0);
    }

    for (long i = 0; i < *n; ++i) {
        // BEGIN SOLUTION: the parent: signal the child, then wait for its answer (or its end)
        check(kill(child, SIGUSR1), "kill");
        while (!turn && !child_gone) sigsuspend(&waiting);
        turn = 0;
        // END SOLUTION
        if (child_gone) break;  // it ended early: waitpid says how
    }
    int status = 0;
    check(waitpid(child, &status, 0), "waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ipclab::fail("the child (pid %d) failed", static_cast<int>(child));
    std::printf("%ld round trips\n", *n);
    (void)waiting;
    return 0;
}
