// ipclab/unlink_guard.hpp — remove an IPC name when the creator is done.
//
// A POSIX shm object, message queue, named semaphore or FIFO outlives the
// process that made it. The creator owns the name and must remove it on every
// way out: normal return, error exit, and the signals that end a program
// (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ).
//
//   ipclab::unlink_guard guard(name, shm_unlink);   // after a successful O_CREAT|O_EXCL
//
// Error exits (ipclab::die) and signals do not run destructors, so the guard
// also registers the name for ipclab::remove_registered_names(), which the
// exit handler and the signal handler installed by on_exit_remove_names() call.
#pragma once

#include <atomic>
#include <cerrno>
#include <csignal>
#include <initializer_list>
#include <cstdlib>
#include <climits>  // PATH_MAX
#include <cstring>
#include <unistd.h>

#include "check.hpp"

namespace ipclab {

using unlink_fn = int (*)(const char*);

namespace detail {
struct registered_name {
    // Any name the *_open or mkfifo call accepted fits: a FIFO path is shorter
    // than PATH_MAX, an IPC name than NAME_MAX + 2.
    char name[PATH_MAX];
    unlink_fn remove;
};
inline registered_name names[8];
inline volatile sig_atomic_t name_count = 0;
}  // namespace detail

// Remove every registered name. Called from a signal handler, so it only
// walks a fixed array and calls unlink, shm_unlink, mq_unlink or sem_unlink:
// each is one system call (unlink is async-signal-safe by POSIX; the others are
// in glibc, which builds the path on the stack, no malloc, no locks).
inline void remove_registered_names() {
    for (int i = 0; i < detail::name_count; ++i) {
        auto& entry = detail::names[i];
        if (entry.remove != nullptr) entry.remove(entry.name);
        entry.remove = nullptr;
    }
}

namespace detail {
inline void on_signal(int sig) {
    remove_registered_names();
    // Die of the same signal, so our parent sees how we ended.
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}
}  // namespace detail

// Remove registered names on exit() and on SIGINT (Ctrl-C), SIGTERM, SIGHUP
// (the terminal went away), SIGQUIT (Ctrl-\), SIGPIPE (our reader went away)
// and SIGXFSZ (a file size limit). A signal the caller ignores (nohup, a
// background job) stays ignored. Call once, before creating the first name.
inline void on_exit_remove_names() {
    std::atexit(remove_registered_names);
    struct sigaction sa {};
    sa.sa_handler = detail::on_signal;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ}) {
        struct sigaction old {};
        check(::sigaction(sig, nullptr, &old), "sigaction");
        if (old.sa_handler == SIG_IGN) continue;
        check(::sigaction(sig, &sa, nullptr), "sigaction");
    }
}

class unlink_guard {
public:
    unlink_guard(const char* name, unlink_fn remove) : index_(detail::name_count) {
        // The name was just created, so it fits (see registered_name); only a
        // ninth name is refused, and that is a program's error, not the user's.
        if (index_ >= 8 || std::strlen(name) >= sizeof detail::names[0].name) {
            if (remove != nullptr) remove(name);
            fail("unlink_guard: at most 8 names");
        }
        std::strcpy(detail::names[index_].name, name);
        detail::names[index_].remove = remove;
        // The entry is complete before a signal handler can see it counted.
        std::atomic_signal_fence(std::memory_order_seq_cst);
        detail::name_count = index_ + 1;
    }
    unlink_guard(const unlink_guard&) = delete;
    unlink_guard& operator=(const unlink_guard&) = delete;
    ~unlink_guard() { unlink_now(); }

    // Remove the name now (for example once the reader has finished); the
    // destructor and the exit handlers then have nothing left to do.
    void unlink_now() {
        if (index_ >= 0) {
            auto& entry = detail::names[index_];
            if (entry.remove != nullptr) entry.remove(entry.name);
            entry.remove = nullptr;
        }
    }

private:
    int index_;
};

}  // namespace ipclab
