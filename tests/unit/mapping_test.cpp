// Unit tests for ipclab/mapping.hpp and ipclab/unlink_guard.hpp.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <string>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/mapping.hpp>
#include <ipclab/unlink_guard.hpp>

namespace {

// Is addr mapped in this process? msync fails with ENOMEM on unmapped memory.
bool mapped(void* addr) {
    return msync(addr, static_cast<size_t>(sysconf(_SC_PAGESIZE)), MS_ASYNC) == 0;
}

void* anon(size_t len) {
    void* p = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    REQUIRE(p != MAP_FAILED);
    return p;
}

std::string unique_name(const char* what) {
    return "/ipclab-unit-" + std::to_string(getpid()) + "-" + what;
}

bool shm_exists(const std::string& name) {
    int fd = shm_open(name.c_str(), O_RDONLY, 0);
    if (fd < 0) return false;
    close(fd);
    return true;
}

}  // namespace

TEST_CASE("mapping unmaps itself and exposes its bytes") {
    void* addr = anon(4096);
    {
        ipclab::mapping m(addr, 4096);
        CHECK(m.size() == 4096);
        CHECK(m.bytes().size() == 4096);
        m.bytes()[10] = std::byte{42};
        CHECK(m.as<unsigned char>()[10] == 42);
        CHECK(mapped(addr));
    }
    CHECK_FALSE(mapped(addr));
}

TEST_CASE("mapping move leaves the source empty and unmaps once") {
    void* addr = anon(4096);
    ipclab::mapping a(addr, 4096);
    ipclab::mapping b = std::move(a);
    CHECK(a.get() == nullptr);
    CHECK(b.get() == addr);
    ipclab::mapping c;
    c = std::move(b);
    CHECK(c.get() == addr);
    CHECK(c.unmap() == 0);
    CHECK_FALSE(mapped(addr));
    CHECK(c.unmap() == 0);  // idempotent
}

TEST_CASE("unlink_guard removes the name when it goes out of scope") {
    const std::string name = unique_name("guard");
    int fd = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    REQUIRE(fd >= 0);
    close(fd);
    {
        ipclab::unlink_guard guard(name.c_str(), shm_unlink);
        CHECK(shm_exists(name));
    }
    CHECK_FALSE(shm_exists(name));
}

TEST_CASE("unlink_now removes the name early, and only once") {
    const std::string name = unique_name("early");
    int fd = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    REQUIRE(fd >= 0);
    close(fd);
    ipclab::unlink_guard guard(name.c_str(), shm_unlink);
    guard.unlink_now();
    CHECK_FALSE(shm_exists(name));
    // Someone else may create the name again; our guard must not remove theirs.
    fd = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    REQUIRE(fd >= 0);
    close(fd);
    guard.unlink_now();
    CHECK(shm_exists(name));
    shm_unlink(name.c_str());
}

// In a child process: create NAME, register it, signal readiness, then end
// the way `how` says. The parent checks that the name is gone afterwards.
static void child_with_name(const std::string& name, int ready_fd, const char* how) {
    int fd = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) _exit(3);
    close(fd);
    ipclab::on_exit_remove_names();
    static ipclab::unlink_guard guard(name.c_str(), shm_unlink);
    if (write(ready_fd, "r", 1) != 1) _exit(3);
    if (std::string(how) == "exit") std::exit(1);  // what ipclab::die does in main()
    if (std::string(how) == "sigpipe") raise(SIGPIPE);  // its reader went away
    pause();                                       // wait for SIGTERM
    _exit(5);
}

TEST_CASE("a registered name is removed on SIGTERM, SIGPIPE and exit()") {
    for (const char* how : {"sigterm", "sigpipe", "exit"}) {
        const std::string name = unique_name(how);
        int ready[2];
        REQUIRE(pipe(ready) == 0);
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            close(ready[0]);
            child_with_name(name, ready[1], how);
        }
        close(ready[1]);
        char c;
        REQUIRE(read(ready[0], &c, 1) == 1);
        close(ready[0]);
        if (std::string(how) == "sigterm") kill(pid, SIGTERM);
        int status = 0;
        waitpid(pid, &status, 0);
        INFO("ended by " << how);
        if (std::string(how) == "sigterm") {
            CHECK(WIFSIGNALED(status));
            CHECK(WTERMSIG(status) == SIGTERM);  // dies of the same signal, after cleaning up
        } else if (std::string(how) == "sigpipe") {
            CHECK(WIFSIGNALED(status));
            CHECK(WTERMSIG(status) == SIGPIPE);
        } else {
            CHECK(WEXITSTATUS(status) == 1);
        }
        CHECK_FALSE(shm_exists(name));
        shm_unlink(name.c_str());
    }
}

TEST_CASE("a signal the caller ignores stays ignored (nohup, background jobs)") {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        signal(SIGHUP, SIG_IGN);
        ipclab::on_exit_remove_names();
        struct sigaction hup {}, term {};
        sigaction(SIGHUP, nullptr, &hup);
        sigaction(SIGTERM, nullptr, &term);
        const bool ok = hup.sa_handler == SIG_IGN && term.sa_handler != SIG_DFL && term.sa_handler != SIG_IGN;
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
