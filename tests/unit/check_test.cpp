// Unit tests for ipclab/check.hpp: the exact messages and exit codes of the
// error contract, and _exit() in a forked child. Each case runs the helper in
// a child process and inspects its stderr and status.
#include <catch2/catch.hpp>

#include <cerrno>
#include <fcntl.h>
#include <functional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/io.hpp>

namespace {

struct outcome {
    int status;
    std::string err;
};

// Run body in a child with stderr captured; the child's status and stderr.
outcome in_child(const std::function<void()>& body) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    std::fflush(nullptr);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        body();
        _exit(0);
    }
    close(fds[1]);
    std::string err;
    ipclab::read_all(fds[0], err);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, err};
}

}  // namespace

TEST_CASE("check passes a good result through unchanged") {
    CHECK(ipclab::check(5, "call") == 5);
    CHECK(ipclab::check(ssize_t{0}, "call") == 0);
}

TEST_CASE("check on -1 prints PROG: CALL: strerror and exits 1") {
    auto r = in_child([] { ipclab::check(open("/nonexistent/file", O_RDONLY), "open"); });
    CHECK(r.status == 1);
    CHECK(r.err == std::string(program_invocation_short_name) + ": open: No such file or directory\n");
}

TEST_CASE("check_errno reports the returned error number") {
    auto r = in_child([] { ipclab::check_errno(EAGAIN, "pthread_create"); });
    CHECK(r.status == 1);
    CHECK(r.err.find(": pthread_create: Resource temporarily unavailable\n") != std::string::npos);
}

TEST_CASE("check_map accepts a mapping and rejects MAP_FAILED") {
    int x = 0;
    CHECK(ipclab::check_map(&x, "mmap") == &x);
    auto r = in_child([] {
        errno = EINVAL;
        ipclab::check_map(MAP_FAILED, "mmap");
    });
    CHECK(r.status == 1);
    CHECK(r.err.find(": mmap: Invalid argument\n") != std::string::npos);
}

TEST_CASE("usage prints usage: PROG ARGS and exits 2") {
    auto r = in_child([] { ipclab::usage("NAME [SIZE]"); });
    CHECK(r.status == 2);
    CHECK(r.err == std::string("usage: ") + program_invocation_short_name + " NAME [SIZE]\n");
}

TEST_CASE("die in a forked child does not flush the parent's stdio buffer") {
    // A child that called exit() would print the parent's pending stdout again.
    int out[2];
    REQUIRE(pipe(out) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // Make a process with an unflushed buffer, which then forks a child that dies.
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        setvbuf(stdout, nullptr, _IOFBF, 4096);
        std::printf("pending");
        pid_t grandchild = fork();
        if (grandchild == 0) {
            int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, STDERR_FILENO);
            ipclab::die("child", EIO);  // must _exit, not exit
        }
        waitpid(grandchild, nullptr, 0);
        std::fflush(stdout);
        _exit(0);
    }
    close(out[1]);
    std::string got;
    ipclab::read_all(out[0], got);
    close(out[0]);
    waitpid(pid, nullptr, 0);
    // The middle process is not main_pid either, so its own _exit path applies; it
    // flushes explicitly: exactly one copy of the text must arrive.
    CHECK(got == "pending");
}

// In a child: send stdout to PATH (the child gives up with status 3 if it cannot).
static void stdout_to(const char* path) {
    int fd = open(path, O_WRONLY);
    if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) _exit(3);
    close(fd);
}

TEST_CASE("output that cannot be written at exit turns success into status 1") {
    auto r = in_child([] {
        stdout_to("/dev/full");
        std::printf("lost");  // buffered: written (and failing) only at exit
        std::exit(0);
    });
    CHECK(r.status == 1);
    // "No space left on device" when the failing write happens at exit;
    // an earlier failed write leaves only the stream's error flag (EIO).
    INFO("stderr: " << r.err);
    CHECK(r.err.find(": write: ") != std::string::npos);
}

TEST_CASE("output written at exit does not change a successful status") {
    auto r = in_child([] {
        stdout_to("/dev/null");
        std::printf("kept");
        std::exit(0);
    });
    CHECK(r.status == 0);
    CHECK(r.err.empty());
}
