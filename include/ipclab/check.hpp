// ipclab/check.hpp — the interface rule every lab program follows.
//
//   -h / --help:  "usage: PROG ARGS" on stdout, exit 0      -> ipclab::start(argc, argv, "ARGS")
//   usage error:  "usage: PROG ARGS" on stderr, exit 2      -> ipclab::usage()
//   failed call:  "PROG: CALL: <strerror(errno)>", exit 1   -> ipclab::check(rc, "CALL")
//   any other failure, in words: "PROG: MESSAGE", exit 1     -> ipclab::fail("MESSAGE")
//
// check() passes a successful result through, so the system call stays visible
// at the call site:   int fd = ipclab::check(open(path, O_RDONLY), "open");
//
// Output to stdout is checked once more at exit: if what is still buffered
// cannot be written (a full disk, a closed pipe with SIGPIPE ignored), the
// program says "PROG: write: ..." and exits 1 instead of reporting success.
#pragma once

#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <sys/mman.h>
#include <unistd.h>

namespace ipclab {

// The pid of the process that ran main(). A forked child shares our code but
// must leave with _exit(): exit() would flush stdio buffers copied from the
// parent (printing them twice) and run the parent's atexit/cleanup handlers.
inline const pid_t main_pid = ::getpid();

namespace detail {
inline bool reported = false;  // a message has been printed: the exit check stays quiet
// Set by the first thread that ends the program. exit() must not run in two
// threads at once: a second thread that fails meanwhile (a partner watch that
// removed a queue makes the main thread's msgrcv fail) waits for the end.
inline std::atomic<bool> ending{false};
[[noreturn]] inline void wait_for_the_end() {
    for (;;) ::pause();
}
}  // namespace detail

[[noreturn]] inline void leave(int status) {
    if (status != 0) detail::reported = true;
    if (::getpid() == main_pid) {
        if (detail::ending.exchange(true)) detail::wait_for_the_end();
        std::exit(status);
    }
    ::_exit(status);
}

inline const char* prog_name() { return program_invocation_short_name; }

// Print "PROG: CALL: <strerror(err)>" and leave with status 1.
[[noreturn]] inline void die(const char* call, int err = errno) {
    std::fprintf(stderr, "%s: %s: %s\n", prog_name(), call, std::strerror(err));
    leave(1);
}

// Print "PROG: MESSAGE" (printf-style) and leave with status 1: for a failure
// that is not one call's error, such as a time limit or a partner that is gone.
[[noreturn]] __attribute__((format(printf, 1, 2))) inline void fail(const char* format, ...) {
    std::va_list ap;
    va_start(ap, format);
    std::fprintf(stderr, "%s: ", prog_name());
    std::vfprintf(stderr, format, ap);
    std::fputc('\n', stderr);
    va_end(ap);
    leave(1);
}

// The argument synopsis given to start(), for usage().
inline const char* usage_args = "...";

// Print "usage: PROG ARGS" and leave with status 2.
[[noreturn]] inline void usage(const char* args = usage_args) {
    std::fprintf(stderr, "usage: %s %s\n", prog_name(), args);
    leave(2);
}

// Flush stdout now; if that fails (a full disk, a closed stdout, a reader that
// quit), say "PROG: write: reason" and leave with status 1.
inline void flush_stdout() {
    if (std::fflush(stdout) == EOF) die("write");
}

// A standard stream that was closed (prog <&- or >&-) would let pipe() or
// open() hand out fd 0, 1 or 2, and then dup2(fd, 1) does nothing and the next
// close(fd) loses the pipe. Park an O_PATH descriptor there instead: the number
// is taken, and read() and write() on it still fail with EBADF, as on a closed fd.
inline void hold_std_fds() {
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
            const int held = ::open("/dev/null", O_PATH);
            if (held == -1) die("open");
            if (held != fd) ::close(held);  // cannot happen: open takes the lowest free number
        }
    }
}

// Call first in main(): "-h" or "--help" as the first argument prints the
// usage line on stdout and exits 0; closed standard streams are held (above).
inline void start(int argc, char* argv[], const char* args) {
    usage_args = args;
    hold_std_fds();
    if (argc > 1 && (std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--help") == 0)) {
        std::printf("usage: %s %s\n", prog_name(), args);
        flush_stdout();
        leave(0);
    }
}

namespace detail {
inline void check_stdout_at_exit() {
    if (reported) return;  // the program already said what went wrong
    const bool flush_failed = std::fflush(stdout) == EOF;
    const int err = flush_failed ? errno : EIO;
    if (flush_failed || std::ferror(stdout)) {
        std::fprintf(stderr, "%s: write: %s\n", prog_name(), std::strerror(err));
        ::_exit(1);  // exit() must not be called again from an exit handler
    }
}
// Registered before main() runs, so it runs after every handler main() registers.
inline const bool stdout_checked_at_exit = (std::atexit(check_stdout_at_exit), true);

// Memory that cannot be allocated (new throws std::bad_alloc, which would
// abort the program) is a failed call like any other: "PROG: malloc: ...".
inline void out_of_memory() { die("malloc", ENOMEM); }
inline const bool allocation_checked = (std::set_new_handler(out_of_memory), true);
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
