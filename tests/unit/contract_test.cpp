// Unit tests for the interface rule (ipclab/check.hpp: start, usage, fail,
// flush_stdout, hold_std_fds), the IPC name rule (ipclab/ipc_name.hpp),
// copy_all's failed side (ipclab/io.hpp), signal forwarding to children
// (ipclab/children.hpp) and the partner watch (ipclab/peer_watch.hpp).
#include <catch2/catch.hpp>

#include <csignal>
#include <fcntl.h>
#include <functional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/children.hpp>
#include <ipclab/io.hpp>
#include <ipclab/ipc_name.hpp>
#include <ipclab/peer_watch.hpp>

namespace {

struct outcome {
    int status;  // exit status, or 128 + signal
    std::string out, err;
};

// Run body in a child with stdout and stderr captured.
outcome in_child(const std::function<void()>& body) {
    int out[2], err[2];
    REQUIRE(pipe(out) == 0);
    REQUIRE(pipe(err) == 0);
    std::fflush(nullptr);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        for (int fd : {out[0], out[1], err[0], err[1]}) close(fd);
        body();
        std::fflush(stdout);
        _exit(0);
    }
    close(out[1]);
    close(err[1]);
    outcome r{};
    ipclab::read_all(out[0], r.out);
    ipclab::read_all(err[0], r.err);
    close(out[0]);
    close(err[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

const std::string prog = program_invocation_short_name;

}  // namespace

TEST_CASE("start: -h and --help print the usage line on stdout and exit 0") {
    for (const char* flag : {"-h", "--help"}) {
        auto r = in_child([flag] {
            char a0[] = "prog", *a1 = const_cast<char*>(flag);
            char* argv[] = {a0, a1, nullptr};
            ipclab::start(2, argv, "NAME [SIZE]");
            _exit(9);  // not reached
        });
        CHECK(r.status == 0);
        CHECK(r.out == "usage: " + prog + " NAME [SIZE]\n");
        CHECK(r.err.empty());
    }
}

TEST_CASE("start: other arguments go on; usage() then repeats the same line on stderr, exit 2") {
    auto r = in_child([] {
        char a0[] = "prog", a1[] = "--helpful";
        char* argv[] = {a0, a1, nullptr};
        ipclab::start(2, argv, "NAME [SIZE]");
        ipclab::usage();
    });
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "usage: " + prog + " NAME [SIZE]\n");
}

TEST_CASE("fail prints PROG: MESSAGE and exits 1") {
    auto r = in_child([] { ipclab::fail("%s: no writer within %d s", "/q", 5); });
    CHECK(r.status == 1);
    CHECK(r.err == prog + ": /q: no writer within 5 s\n");
}

TEST_CASE("flush_stdout names write and the real errno, once") {
    auto r = in_child([] {
        int full = open("/dev/full", O_WRONLY);
        dup2(full, STDOUT_FILENO);
        std::printf("lost");
        ipclab::flush_stdout();
    });
    CHECK(r.status == 1);
    CHECK(r.err == prog + ": write: No space left on device\n");  // not EIO, and not twice
}

TEST_CASE("hold_std_fds: pipe() never returns 0-2, and a closed stdout still fails with EBADF") {
    auto r = in_child([] {
        close(STDIN_FILENO);
        close(STDOUT_FILENO);
        ipclab::hold_std_fds();
        int fds[2];
        if (pipe(fds) != 0 || fds[0] <= 2 || fds[1] <= 2) _exit(3);
        if (write(STDOUT_FILENO, "x", 1) != -1 || errno != EBADF) _exit(4);
        char c;
        if (read(STDIN_FILENO, &c, 1) != -1 || errno != EBADF) _exit(5);
        _exit(0);
    });
    CHECK(r.status == 0);
}

TEST_CASE("valid_ipc_name: '/' and 1 to NAME_MAX characters, no other '/'") {
    CHECK(ipclab::valid_ipc_name("/q"));
    CHECK(ipclab::valid_ipc_name("/" + std::string(255, 'a')));
    CHECK_FALSE(ipclab::valid_ipc_name("/" + std::string(256, 'a')));
    CHECK_FALSE(ipclab::valid_ipc_name("q"));
    CHECK_FALSE(ipclab::valid_ipc_name("/"));
    CHECK_FALSE(ipclab::valid_ipc_name(""));
    CHECK_FALSE(ipclab::valid_ipc_name("//q"));
    CHECK_FALSE(ipclab::valid_ipc_name("/a/b"));
    auto r = in_child([] { ipclab::require_ipc_name("noslash"); });
    CHECK(r.status == 2);
    CHECK(r.err.rfind("usage: " + prog + " ", 0) == 0);
}

TEST_CASE("copy_all says which side failed: read or write") {
    const char* failed = nullptr;
    int dir = open("/", O_RDONLY);
    int null = open("/dev/null", O_WRONLY);
    CHECK(ipclab::copy_all(dir, null, &failed) == -1);
    CHECK(errno == EISDIR);
    CHECK(std::string(failed) == "read");
    int zero = open("/dev/zero", O_RDONLY);
    int full = open("/dev/full", O_WRONLY);
    CHECK(ipclab::copy_all(zero, full, &failed) == -1);
    CHECK(errno == ENOSPC);
    CHECK(std::string(failed) == "write");
    for (int fd : {dir, null, zero, full}) close(fd);
}

// Runs in the test process itself (ipclab::main_pid), and puts things back.
TEST_CASE("forward_signals: SIGTERM to the parent reaches its children, and is remembered") {
    ipclab::forward_signals();
    pid_t kid = fork();
    REQUIRE(kid >= 0);
    if (kid == 0) {
        pause();
        _exit(7);
    }
    ipclab::add_child(-1);  // a fork that did not happen: never kill(-1, ...)
    ipclab::add_child(0);
    ipclab::add_child(kid);
    CHECK(ipclab::detail::child_count == 1);
    raise(SIGTERM);
    int status = 0;
    waitpid(kid, &status, 0);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGTERM);
    CHECK(ipclab::detail::forwarded == SIGTERM);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) signal(sig, SIG_DFL);
    ipclab::detail::forwarded = 0;
    ipclab::detail::child_count = 0;
}

TEST_CASE("peer_watch: a partner that dies ends the program with status 1 and a message") {
    auto r = in_child([] {
        static pid_t partner = fork();
        if (partner == 0) _exit(0);  // dies at once, before finishing anything
        ipclab::peer_watch watch(&partner, 0, "reader");
        pause();  // what a sem_wait for a dead partner would do: wait forever
        _exit(5);
    });
    CHECK(r.status == 1);
    CHECK(r.err.find(": the reader (pid ") != std::string::npos);
    CHECK(r.err.find(") ended before the transfer finished\n") != std::string::npos);
}

TEST_CASE("peer_watch: no partner within the wait is an error; release() in time is not") {
    auto r = in_child([] {
        static pid_t nobody = 0;
        ipclab::peer_watch watch(&nobody, 0, "reader");
        pause();
        _exit(5);
    });
    CHECK(r.status == 1);
    CHECK(r.err == prog + ": no reader came within 0 s\n");

    auto ok = in_child([] {
        static pid_t partner = fork();
        if (partner == 0) _exit(0);
        ipclab::peer_watch watch(&partner, 0, "writer");
        waitpid(partner, nullptr, 0);  // it has ended: its last post is in
        watch.release();
        usleep(ipclab::peer_watch::grace_ms * 1500);  // longer than the grace period
        _exit(0);
    });
    CHECK(ok.status == 0);
    CHECK(ok.err.empty());
}
