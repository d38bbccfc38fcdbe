// Unit tests for ipclab/io.hpp and ipclab/fd.hpp: the loops must survive
// short transfers and EOF, and a unique_fd must close exactly once.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <ipclab/fd.hpp>
#include <ipclab/io.hpp>

namespace {

bool is_open(int fd) { return fcntl(fd, F_GETFD) != -1; }

struct pipe_pair {
    ipclab::unique_fd r, w;
    pipe_pair() {
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        r.reset(fds[0]);
        w.reset(fds[1]);
    }
};

std::string pattern(size_t n) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + 7) % 256);
    return s;
}

}  // namespace

TEST_CASE("unique_fd closes on destruction, once") {
    int raw;
    {
        pipe_pair p;
        raw = p.r.get();
        REQUIRE(is_open(raw));
    }
    CHECK_FALSE(is_open(raw));
}

TEST_CASE("unique_fd release gives up ownership without closing") {
    pipe_pair p;
    int raw = p.r.release();
    CHECK(p.r.get() == -1);
    CHECK_FALSE(static_cast<bool>(p.r));
    CHECK(is_open(raw));
    close(raw);
}

TEST_CASE("unique_fd reset closes the old descriptor and takes the new one") {
    pipe_pair p;
    int old = p.r.get();
    int dup = ::dup(p.w.get());
    p.r.reset(dup);
    CHECK_FALSE(is_open(old));
    CHECK(p.r.get() == dup);
}

TEST_CASE("unique_fd move transfers ownership") {
    pipe_pair p;
    int raw = p.r.get();
    ipclab::unique_fd moved = std::move(p.r);
    CHECK(moved.get() == raw);
    CHECK(p.r.get() == -1);
    ipclab::unique_fd assigned;
    assigned = std::move(moved);
    CHECK(assigned.get() == raw);
    CHECK(is_open(raw));
}

TEST_CASE("write_all and read_all move more than a pipe holds, byte-exact") {
    // 1 MiB is 16 times a default pipe: write_all must loop on short writes
    // while a reader drains the other end, and read_all must loop until EOF.
    const std::string data = pattern(1 << 20);
    pipe_pair p;
    std::string got;
    std::thread reader([&] { REQUIRE(ipclab::read_all(p.r.get(), got) == static_cast<ssize_t>(data.size())); });
    REQUIRE(ipclab::write_all(p.w.get(), data) == static_cast<ssize_t>(data.size()));
    p.w.reset();  // EOF for the reader
    reader.join();
    CHECK(got == data);
}

TEST_CASE("read_all on an empty pipe with the write end closed returns 0") {
    pipe_pair p;
    p.w.reset();
    std::string got = "kept";
    CHECK(ipclab::read_all(p.r.get(), got) == 0);
    CHECK(got == "kept");
}

TEST_CASE("read_full stops at EOF and reports the short count") {
    pipe_pair p;
    REQUIRE(ipclab::write_all(p.w.get(), "abc") == 3);
    p.w.reset();
    char buf[10];
    CHECK(ipclab::read_full(p.r.get(), buf, sizeof buf) == 3);
    CHECK(std::string(buf, 3) == "abc");
}

TEST_CASE("read_full gathers a record that arrives in pieces") {
    pipe_pair p;
    std::thread writer([&] {
        for (char c : std::string("hello")) {
            ipclab::write_all(p.w.get(), &c, 1);
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    });
    char buf[5];
    CHECK(ipclab::read_full(p.r.get(), buf, 5) == 5);
    CHECK(std::string(buf, 5) == "hello");
    writer.join();
}

TEST_CASE("copy_all copies everything until EOF") {
    const std::string data = pattern(300000);
    pipe_pair in, out;
    std::thread feeder([&] {
        ipclab::write_all(in.w.get(), data);
        in.w.reset();
    });
    std::string got;
    std::thread drain([&] { ipclab::read_all(out.r.get(), got); });
    CHECK(ipclab::copy_all(in.r.get(), out.w.get()) == static_cast<ssize_t>(data.size()));
    out.w.reset();
    feeder.join();
    drain.join();
    CHECK(got == data);
}

TEST_CASE("write_all reports EPIPE when nobody can read") {
    pipe_pair p;
    p.r.reset();
    signal(SIGPIPE, SIG_IGN);
    errno = 0;
    CHECK(ipclab::write_all(p.w.get(), "x") == -1);
    CHECK(errno == EPIPE);
    signal(SIGPIPE, SIG_DFL);
}
