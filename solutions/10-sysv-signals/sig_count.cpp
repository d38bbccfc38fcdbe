// sig_count — standard signals coalesce, real-time signals queue.
//
// usage: sig_count N        (1 to 10000)
//
// The parent blocks SIGUSR1 and SIGRTMIN, forks, and waits for its child.
// The child sends N SIGUSR1 and N SIGRTMIN to the parent, each SIGRTMIN with
// sigqueue() and a value: 0, 1, ..., N - 1. While blocked, the signals stay
// pending. A standard signal is one bit: however many were sent, at most one
// is pending. Real-time signals are queued, one entry each, with their value.
// The parent then takes every pending signal with sigtimedwait (a zero
// timeout: none left, EAGAIN) and prints
//     SIGUSR1 received: K         (1: they coalesced)
//     SIGRTMIN received: N
//     SIGRTMIN values in order: yes
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>

#include "sysv.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "N");
    if (argc != 2) ipclab::usage();
    const auto n = sysv::parse_number(argv[1], 1, 10'000);
    if (!n) ipclab::usage();
    // Every queued signal takes one of the user's RLIMIT_SIGPENDING entries.
    struct rlimit lim {};
    check(getrlimit(RLIMIT_SIGPENDING, &lim), "getrlimit");
    if (lim.rlim_cur != RLIM_INFINITY && static_cast<rlim_t>(*n) + 1 > lim.rlim_cur)
        ipclab::fail("N = %ld is more than this user may have queued (ulimit -i: %llu)", *n,
                     static_cast<unsigned long long>(lim.rlim_cur));

    sigset_t both;
    // BEGIN SOLUTION: block SIGUSR1 and SIGRTMIN before fork, so that everything the child sends stays pending
    sigemptyset(&both);
    sigaddset(&both, SIGUSR1);
    sigaddset(&both, SIGRTMIN);
    check(sigprocmask(SIG_BLOCK, &both, nullptr), "sigprocmask");
    // END SOLUTION

    const pid_t parent = getpid();
    std::fflush(nullptr);
    const pid_t child = check(fork(), "fork");
    if (child == 0) {
        // BEGIN SOLUTION: the child: N SIGUSR1 with kill, N SIGRTMIN with sigqueue and the values 0..N-1
        // STARTER: (void)parent;
        for (long i = 0; i < *n; ++i) check(kill(parent, SIGUSR1), "kill");
        for (long i = 0; i < *n; ++i) {
            union sigval value {};
            value.sival_int = static_cast<int>(i);
            check(sigqueue(parent, SIGRTMIN, value), "sigqueue");
        }
        // END SOLUTION
        _exit(0);
    }
    int status = 0;
    check(waitpid(child, &status, 0), "waitpid");  // after this, everything it sent is pending
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ipclab::fail("the child (pid %d) failed", static_cast<int>(child));

    long usr1 = 0, rtmin = 0;
    bool in_order = true;
    // BEGIN SOLUTION: take every pending signal with sigtimedwait and a zero timeout; count them, check the values
    // STARTER: (void)both; (void)in_order;
    const struct timespec now {};  // zero: do not wait, EAGAIN when none is pending
    for (;;) {
        siginfo_t info {};
        const int sig = sigtimedwait(&both, &info, &now);
        if (sig == -1 && errno == EAGAIN) break;
        check(sig, "sigtimedwait");
        if (sig == SIGUSR1) ++usr1;
        if (sig == SIGRTMIN) {
            if (info.si_value.sival_int != rtmin) in_order = false;  // values 0, 1, 2... in order
            ++rtmin;
        }
    }
    // END SOLUTION
    std::printf("SIGUSR1 received: %ld\n", usr1);
    std::printf("SIGRTMIN received: %ld\n", rtmin);
    std::printf("SIGRTMIN values in order: %s\n", in_order ? "yes" : "no");
    return 0;
}
