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
#include <unistd.h>

#include "check.hpp"

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

// If a signal was forwarded, end by it now (after the children were reaped).
inline void end_like_signal() {
    const int sig = detail::forwarded;
    if (sig == 0) return;
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

}  // namespace ipclab
