// ipclab/peer_watch.hpp — never wait forever for a partner that is gone.
//
// Two programs that take turns through semaphores in shared memory each block
// in sem_wait() until the other posts. If the other one dies, nothing posts:
// a semaphore cannot notice that its poster is gone. A peer_watch is a second
// thread that waits (poll() on a pidfd, no busy loop) for the partner process
// to end. If it ends before release() (before the transfer is complete), the
// watch prints "PROG: the WHO (pid N) ended before the transfer finished",
// runs on_gone, removes the names registered with unlink_guard and ends the
// program with status 1. The partner's pid comes from the shared memory, at
// *pid_slot; while it is 0 (no partner yet) the watch waits for it up to
// wait_seconds, then ends the program with "PROG: no WHO came within N s".
// A null pid_slot watches nothing (a starter that has no shared memory yet).
//
// The sem_wait() calls stay as they are: a partner that is alive but never
// posts (sem_init with pshared 0, a forgotten sem_post) still hangs, as it should.
#pragma once

#include <atomic>
#include <cerrno>
#include <functional>
#include <csignal>
#include <poll.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "check.hpp"
#include "unlink_guard.hpp"

namespace ipclab {

class peer_watch {
public:
    // A partner that ended may have done so just after its last post: the
    // program gets this long to call release() before the watch gives up on it.
    static constexpr int grace_ms = 1000;

    peer_watch(pid_t* pid_slot, int wait_seconds, const char* who, std::function<void()> on_gone = {})
        : slot_(pid_slot), wait_ms_(wait_seconds * 1000), who_(who), on_gone_(std::move(on_gone)) {
        if (slot_ == nullptr) return;
        int fds[2];
        check(::pipe2(fds, O_CLOEXEC), "pipe2");
        stop_r_ = fds[0];
        stop_w_ = fds[1];
        check_errno(::pthread_create(&thread_, nullptr, run, this), "pthread_create");
        running_ = true;
    }
    peer_watch(const peer_watch&) = delete;
    peer_watch& operator=(const peer_watch&) = delete;
    ~peer_watch() { release(); }

    // The partner may end from now on: stop watching (idempotent).
    void release() {
        if (running_) {
            const char stop = 1;
            ssize_t n;
            while ((n = ::write(stop_w_, &stop, 1)) == -1 && errno == EINTR) {}
            if (n != 1) ::pthread_cancel(thread_);  // cannot tell it: stop it where it waits (poll)
            ::pthread_join(thread_, nullptr);
            running_ = false;
        }
        if (stop_r_ >= 0) ::close(stop_r_);
        if (stop_w_ >= 0) ::close(stop_w_);
        stop_r_ = stop_w_ = -1;
    }

private:
    // Wait up to ms (-1: no limit) for release(), or for fd (if >= 0) to become readable.
    // Returns 1 if released, 2 if fd is readable, 0 on timeout.
    int wait(int fd, int ms) const {
        struct pollfd p[2] = {{stop_r_, POLLIN, 0}, {fd, POLLIN, 0}};
        int n;
        while ((n = ::poll(p, fd >= 0 ? 2 : 1, ms)) == -1 && errno == EINTR) {}
        if (n == -1) gone("poll");
        if (p[0].revents != 0) return 1;
        return n > 0 ? 2 : 0;
    }

    [[noreturn]] void gone(const char* call, int err = errno) const {
        if (detail::ending.exchange(true)) detail::wait_for_the_end();  // the main thread is ending it
        if (call != nullptr) {
            std::fprintf(stderr, "%s: %s: %s\n", prog_name(), call, std::strerror(err));
        }
        if (on_gone_) on_gone_();
        remove_registered_names();
        ::_exit(1);  // from this thread: exit() would race with the main thread
    }

    static void* run(void* arg) {
        auto* self = static_cast<peer_watch*>(arg);
        // 1. No partner yet: look every 10 ms, up to wait_seconds.
        pid_t pid = 0;
        for (int waited = 0; (pid = std::atomic_ref<pid_t>(*self->slot_).load()) == 0; waited += 10) {
            if (waited >= self->wait_ms_) {
                std::fprintf(stderr, "%s: no %s came within %d s\n", prog_name(), self->who_, self->wait_ms_ / 1000);
                self->gone(nullptr);
            }
            if (self->wait(-1, 10) == 1) return nullptr;
        }
        // 2. A pidfd becomes readable when its process ends.
        const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
        if (pidfd == -1 && errno == ENOSYS) {
            // No pidfds (a kernel before 5.3, or valgrind): ask every 100 ms.
            while (::kill(pid, 0) == 0 || errno == EPERM) {
                if (self->wait(-1, 100) == 1) return nullptr;
            }
        } else if (pidfd == -1 && errno != ESRCH) {
            self->gone("pidfd_open");
        }
        if (pidfd >= 0) {
            const int why = self->wait(pidfd, -1);
            ::close(pidfd);
            if (why == 1) return nullptr;
        }
        // 3. It ended. If that was right after its last post, release() comes soon.
        if (self->wait(-1, grace_ms) == 1) return nullptr;
        std::fprintf(stderr, "%s: the %s (pid %ld) ended before the transfer finished\n", prog_name(), self->who_,
                     static_cast<long>(pid));
        self->gone(nullptr);
    }

    pid_t* slot_;
    int wait_ms_;
    const char* who_;
    std::function<void()> on_gone_;
    int stop_r_ = -1, stop_w_ = -1;
    pthread_t thread_{};
    bool running_ = false;
};

}  // namespace ipclab
