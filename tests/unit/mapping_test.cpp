// Unit tests for ipclab/mapping.hpp and ipclab/unlink_guard.hpp.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <string>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <utility>
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

// Create the shm object NAME, and check an unlink_guard removes it at the end of its scope.
void guard_removes_shm(const std::string& name) {
    int fd = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    REQUIRE(fd >= 0);
    close(fd);
    {
        ipclab::unlink_guard guard(name.c_str(), shm_unlink);
        CHECK(shm_exists(name));
    }
    CHECK_FALSE(shm_exists(name));
}

TEST_CASE("unlink_guard removes the name when it goes out of scope") {
    const std::string name = unique_name("guard");
    guard_removes_shm(name);
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
    const struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);  // SIGQUIT and SIGXFSZ would dump core
    int fd = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) _exit(3);
    close(fd);
    ipclab::on_exit_remove_names();
    static ipclab::unlink_guard guard(name.c_str(), shm_unlink);
    if (write(ready_fd, "r", 1) != 1) _exit(3);
    if (std::string(how) == "exit") std::exit(1);  // what ipclab::die does in main()
    if (std::string(how) == "sigpipe") raise(SIGPIPE);  // its reader went away
    pause();                                       // wait for the signal
    _exit(5);
}

TEST_CASE("a registered name is removed on SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGXFSZ, SIGPIPE and exit()") {
    const std::pair<const char*, int> ways[] = {{"sigterm", SIGTERM}, {"sigint", SIGINT}, {"sighup", SIGHUP},
                                                {"sigquit", SIGQUIT}, {"sigxfsz", SIGXFSZ}, {"sigpipe", SIGPIPE},
                                                {"exit", 0}};
    for (const auto& [how, sig] : ways) {
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
        if (sig != 0 && sig != SIGPIPE) kill(pid, sig);
        int status = 0;
        waitpid(pid, &status, 0);
        INFO("ended by " << how);
        if (sig != 0) {
            CHECK(WIFSIGNALED(status));
            CHECK(WTERMSIG(status) == sig);  // dies of the same signal, after cleaning up
        } else {
            CHECK(WEXITSTATUS(status) == 1);
        }
        CHECK_FALSE(shm_exists(name));
        shm_unlink(name.c_str());
    }
}

TEST_CASE("unlink_guard holds the longest legal names: '/' and 255 characters, a long FIFO path") {
    const std::string name = "/" + std::string(255 - unique_name("").size() + 1, 'n') + unique_name("").substr(1);
    REQUIRE(name.size() == 256);
    guard_removes_shm(name);
    shm_unlink(name.c_str());

    char dir[] = "/tmp/ipclab-unit-XXXXXX";
    REQUIRE(mkdtemp(dir) != nullptr);
    std::string path = dir;
    for (int i = 0; i < 12; ++i) {  // about 3000 characters
        path += "/" + std::string(240, 'd');
        REQUIRE(mkdir(path.c_str(), 0700) == 0);
    }
    const std::string fifo = path + "/fifo";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    {
        ipclab::unlink_guard guard(fifo.c_str(), unlink);
    }
    CHECK(access(fifo.c_str(), F_OK) == -1);
    for (; path != dir; path.resize(path.rfind('/'))) rmdir(path.c_str());
    rmdir(dir);
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
