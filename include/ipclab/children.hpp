// ipclab/children.hpp — a parent that is told to stop stops its children too.
//
// kill -TERM (or SIGINT, SIGHUP, SIGQUIT) sent to the parent alone would end
// it and leave its children running, orphaned. After forward_signals(), such a
// signal is passed on to every child given to add_child(); the parent goes on
// waiting for them (it reaps them all), then end_like_signal() makes it end by
// the same signal, so whoever started it sees how it ended.
//
//   ipclab::forward_signals();
//   pid_t pid = check(fork(), "fork"); ... ipclab::add_child(pid);
//   ... waitpid for each ...
//   ipclab::end_like_signal();
#pragma once

#include <csignal>
#include <initializer_list>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.hpp"
#include "unlink_guard.hpp"

namespace ipclab {

namespace detail {
inline pid_t children[4096];
inline volatile sig_atomic_t child_count = 0;
inline volatile sig_atomic_t forwarded = 0;

inline void forward(int sig) {
    if (::getpid() != main_pid) {
        // A child between fork() and exec(): it ends as if it had no handler.
        std::signal(sig, SIG_DFL);
        std::raise(sig);
        return;
    }
    forwarded = sig;
    for (int i = 0; i < child_count; ++i) ::kill(children[i], sig);
}
}  // namespace detail

// A signal the caller ignores (nohup) stays ignored.
inline void forward_signals() {
    struct sigaction sa {};
    sa.sa_handler = detail::forward;
    sa.sa_flags = SA_RESTART;  // waitpid() goes on waiting
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
        struct sigaction old {};
        check(::sigaction(sig, nullptr, &old), "sigaction");
        if (old.sa_handler == SIG_IGN) continue;
        check(::sigaction(sig, &sa, nullptr), "sigaction");
    }
}

// Forward later signals to pid too (pid <= 0, a fork that did not happen, is
// ignored). A signal that came before this call reaches pid now.
inline void add_child(pid_t pid) {
    if (pid <= 0 || detail::child_count >= static_cast<int>(sizeof detail::children / sizeof(pid_t))) return;
    detail::children[detail::child_count] = pid;
    detail::child_count = detail::child_count + 1;
    if (detail::forwarded != 0) ::kill(pid, detail::forwarded);
}

namespace detail {
inline void stop_children(int sig) {
    if (::getpid() == main_pid) {
        for (int i = 0; i < child_count; ++i) ::kill(children[i], SIGKILL);
        for (int i = 0; i < child_count; ++i) ::waitpid(children[i], nullptr, 0);
        remove_registered_names();
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}
}  // namespace detail

// For a parent that cannot go back to waiting for its children after a signal
// (it may be blocked in a write() that would only start again): on SIGINT,
// SIGTERM, SIGHUP or SIGQUIT, the handler itself kills every child given to
// add_child(), reaps them, removes the registered names (unlink_guard) and
// ends by the signal. kill, waitpid and the unlink calls are all safe in a
// signal handler. A signal the caller ignores stays ignored.
inline void stop_children_on_signal() {
    struct sigaction sa {};
    sa.sa_handler = detail::stop_children;
    sigfillset(&sa.sa_mask);  // one handler at a time
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
        struct sigaction old {};
        check(::sigaction(sig, nullptr, &old), "sigaction");
        if (old.sa_handler == SIG_IGN) continue;
        check(::sigaction(sig, &sa, nullptr), "sigaction");
    }
}

// In a forked child that does not exec: end on a signal as a plain process
// would (the parent's handlers remove names and pass signals on: not a
// child's job), die with the parent (PR_SET_PDEATHSIG: an orphan would wait or
// spin for ever), and take `role` as its name in ps and /proc/PID/comm.
inline void become_child(const char* role) {
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ}) std::signal(sig, SIG_DFL);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != main_pid) ::_exit(1);  // the parent died before prctl()
    ::prctl(PR_SET_NAME, role);
}

// If a signal was forwarded, end by it now (after the children were reaped).
inline void end_like_signal() {
    const int sig = detail::forwarded;
    if (sig == 0) return;
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

}  // namespace ipclab
