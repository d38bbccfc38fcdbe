// ipclab/check.hpp — the error contract every lab program follows.
//
//   usage error:  "usage: PROG ..." on stderr, exit 2     -> ipclab::usage("PROG ARGS")
//   failed call:  "PROG: CALL: <strerror(errno)>", exit 1 -> ipclab::check(rc, "CALL")
//
// check() passes a successful result through, so the system call stays visible
// at the call site:   int fd = ipclab::check(open(path, O_RDONLY), "open");
//
// Output to stdout is checked once more at exit: if what is still buffered
// cannot be written (a full disk, a closed pipe with SIGPIPE ignored), the
// program says "PROG: write: ..." and exits 1 instead of reporting success.
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>
#include <unistd.h>

namespace ipclab {

// The pid of the process that ran main(). A forked child shares our code but
// must leave with _exit(): exit() would flush stdio buffers copied from the
// parent (printing them twice) and run the parent's atexit/cleanup handlers.
inline const pid_t main_pid = ::getpid();

[[noreturn]] inline void leave(int status) {
    if (::getpid() == main_pid) std::exit(status);
    ::_exit(status);
}

inline const char* prog_name() { return program_invocation_short_name; }

// Print "PROG: CALL: <strerror(err)>" and leave with status 1.
[[noreturn]] inline void die(const char* call, int err = errno) {
    std::fprintf(stderr, "%s: %s: %s\n", prog_name(), call, std::strerror(err));
    leave(1);
}

// Print "usage: PROG ARGS" and leave with status 2.
[[noreturn]] inline void usage(const char* args) {
    std::fprintf(stderr, "usage: %s %s\n", prog_name(), args);
    leave(2);
}

namespace detail {
inline void check_stdout_at_exit() {
    const bool flush_failed = std::fflush(stdout) == EOF;
    const int err = flush_failed ? errno : EIO;
    if (flush_failed || std::ferror(stdout)) {
        std::fprintf(stderr, "%s: write: %s\n", prog_name(), std::strerror(err));
        ::_exit(1);  // exit() must not be called again from an exit handler
    }
}
// Registered before main() runs, so it runs after every handler main() registers.
inline const bool stdout_checked_at_exit = (std::atexit(check_stdout_at_exit), true);
}  // namespace detail

// Most calls report failure as -1 with errno set.
template <typename T>
T check(T result, const char* call) {
    if (result == static_cast<T>(-1)) die(call);
    return result;
}

// mmap reports failure as MAP_FAILED.
inline void* check_map(void* result, const char* call) {
    if (result == MAP_FAILED) die(call);
    return result;
}

// pthread-style calls (and posix_spawn) return the error number instead.
inline void check_errno(int err, const char* call) {
    if (err != 0) die(call, err);
}

}  // namespace ipclab
