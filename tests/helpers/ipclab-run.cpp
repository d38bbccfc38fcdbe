// ipclab-run — run one program under test and report the children it left.
//
// usage: ipclab-run PROG [ARGS...]
//        ipclab-run --sweep      (remove the cgroups of runs that were killed)
//
// The test suite starts every program through this wrapper, itself under
// timeout(1) as a last resort. The wrapper:
//   * closes every inherited fd above 2, so the program starts like it would
//     from a shell and a leaked pipe end in it is the program's own;
//   * caps CPU seconds, file size and core dumps, and the number of processes
//     (a pids cgroup when the machine lets us make one, else RLIMIT_NPROC,
//     which root ignores), so a runaway submission fails its own test and
//     nothing else; every process left in the cgroup is killed at the end;
//   * becomes a "child subreaper": when the program exits, any child it did not
//     wait for is re-parented to us instead of to init. We then report each one
//     (a zombie = never waited for; running = the parent exited before it) on
//     stderr, or in the file $IPCLAB_REPORT, kill it, reap it, and exit 125;
//   * keeps the time limit itself (IPCLAB_TIMEOUT seconds): when the program
//     runs out of time, or earlier when `tools/why --check` proves that every
//     process of the test is blocked with nobody left to wake it, it first
//     writes `tools/why`'s explanation of the live processes to the file
//     $IPCLAB_WHY_FILE, then stops the program (SIGTERM, a moment to clean
//     up, SIGKILL) and exits 124, like timeout(1);
//   * appends "pid, role, status, stdout, stderr" to $IPCLAB_ENDED when the
//     program ends, so a later explanation can say who has already exited.
// Otherwise the exit status is the program's (128 + N when killed by signal N).
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <poll.h>
#include <string>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vector>

namespace {

struct child_info {
    pid_t pid;
    char state;
    std::string comm;
};

// One process's state and name, from /proc/PID/stat ("pid (comm) state ppid ...").
bool read_stat(pid_t pid, char* state, std::string* comm, pid_t* ppid) {
    std::string path = "/proc/" + std::to_string(pid) + "/stat";
    FILE* f = std::fopen(path.c_str(), "r");
    if (f == nullptr) return false;
    char line[1024] = {};
    size_t len = std::fread(line, 1, sizeof line - 1, f);
    std::fclose(f);
    line[len] = '\0';
    char* open = std::strchr(line, '(');
    char* close = std::strrchr(line, ')');
    long parent = 0;
    if (open == nullptr || close == nullptr || std::sscanf(close + 1, " %c %ld", state, &parent) != 2) return false;
    if (comm != nullptr) *comm = std::string(open + 1, close);
    if (ppid != nullptr) *ppid = static_cast<pid_t>(parent);
    return true;
}

// The current children of `parent`, from the stat file of every process on
// the machine: the way that works on every kernel.
std::vector<child_info> children_by_scan(pid_t parent) {
    std::vector<child_info> out;
    DIR* proc = opendir("/proc");
    if (proc == nullptr) return out;
    while (dirent* entry = readdir(proc)) {
        char* end = nullptr;
        long pid = std::strtol(entry->d_name, &end, 10);
        if (*end != '\0' || pid <= 0) continue;
        child_info kid{static_cast<pid_t>(pid), 0, {}};
        pid_t ppid = 0;
        if (read_stat(kid.pid, &kid.state, &kid.comm, &ppid) && ppid == parent) out.push_back(kid);
    }
    closedir(proc);
    return out;
}

// The current children of `parent`. Each of its threads lists the children
// it forked in /proc/PID/task/TID/children, and reading those few files costs
// much less than the scan above; kernels built without them get the scan.
std::vector<child_info> children_of(pid_t parent) {
    static const bool have_files =
        access(("/proc/self/task/" + std::to_string(getpid()) + "/children").c_str(), R_OK) == 0;
    if (!have_files) return children_by_scan(parent);
    std::vector<child_info> out;
    const std::string task_dir = "/proc/" + std::to_string(parent) + "/task";
    DIR* tasks = opendir(task_dir.c_str());
    if (tasks == nullptr) return out;
    while (dirent* task = readdir(tasks)) {
        if (task->d_name[0] == '.') continue;
        FILE* f = std::fopen((task_dir + "/" + task->d_name + "/children").c_str(), "r");
        if (f == nullptr) continue;  // the thread has just ended
        long pid;
        while (std::fscanf(f, "%ld", &pid) == 1) {
            child_info kid{static_cast<pid_t>(pid), 0, {}};
            if (read_stat(kid.pid, &kid.state, &kid.comm, nullptr)) out.push_back(kid);
        }
        std::fclose(f);
    }
    closedir(tasks);
    return out;
}

// Remove cgroups of earlier runs that were killed before they could clean up.
void sweep_stale_cgroups(const char* base) {
    DIR* d = opendir(base);
    if (d == nullptr) return;
    while (dirent* e = readdir(d)) {
        long owner = 0;
        if (std::sscanf(e->d_name, "ipclab-run.%ld", &owner) != 1) continue;
        if (kill(static_cast<pid_t>(owner), 0) == 0 || errno != ESRCH) continue;  // owner alive
        std::string dir = std::string(base) + "/" + e->d_name;
        // ENOENT: its owner removed it between our readdir() and its exit
        // (the usual case when runs end side by side): nothing left to do.
        for (int round = 0; round < 100 && rmdir(dir.c_str()) != 0 && errno != ENOENT; ++round) {
            if (FILE* f = std::fopen((dir + "/cgroup.procs").c_str(), "r")) {
                long pid;
                while (std::fscanf(f, "%ld", &pid) == 1) kill(static_cast<pid_t>(pid), SIGKILL);
                std::fclose(f);
            }
            usleep(10000);
        }
    }
    closedir(d);
}

// A pids cgroup of our own (cgroup v1 "pids" hierarchy or cgroup v2), or "".
std::string make_pids_cgroup(long max_procs) {
    for (const char* base : {"/sys/fs/cgroup/pids", "/sys/fs/cgroup/unified", "/sys/fs/cgroup"}) {
        sweep_stale_cgroups(base);
        std::string dir = std::string(base) + "/ipclab-run." + std::to_string(getpid());
        if (mkdir(dir.c_str(), 0755) != 0) continue;
        FILE* f = std::fopen((dir + "/pids.max").c_str(), "w");
        if (f != nullptr && std::fprintf(f, "%ld\n", max_procs) > 0 && std::fclose(f) == 0) return dir;
        if (f != nullptr) std::fclose(f);
        rmdir(dir.c_str());
    }
    return "";
}

// Kill everything in the cgroup, then remove it.
void remove_cgroup(const std::string& dir) {
    if (dir.empty()) return;
    for (int round = 0; round < 100; ++round) {
        FILE* f = std::fopen((dir + "/cgroup.procs").c_str(), "r");
        if (f == nullptr) break;
        long pid;
        bool any = false;
        while (std::fscanf(f, "%ld", &pid) == 1) {
            kill(static_cast<pid_t>(pid), SIGKILL);
            any = true;
        }
        std::fclose(f);
        while (waitpid(-1, nullptr, WNOHANG) > 0) {}
        if (!any && rmdir(dir.c_str()) == 0) return;
        usleep(10000);
    }
    rmdir(dir.c_str());
}

void limit(int resource, rlim_t value) {
    struct rlimit rl {value, value};
    setrlimit(resource, &rl);  // best effort: a lower hard limit stays in force
}

double now() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

// Runs tools/why (IPCLAB_WHY) with ARGS and returns its exit status; its
// stdout goes to OUT_PATH (appended) or nowhere. Waits for it: it is our
// child, and must be gone before we look for the program's leftovers.
int run_why(const std::vector<std::string>& args, const char* out_path) {
    const char* why = std::getenv("IPCLAB_WHY");
    if (why == nullptr || *why == '\0') return -1;
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int fd = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd >= 0) dup2(fd, STDOUT_FILENO);
        int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (null >= 0) dup2(null, STDERR_FILENO);
        std::vector<char*> argv{const_cast<char*>(why)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(why, argv.data());
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Every live descendant of `root` (our subreaper role keeps orphans under us).
void descendants(pid_t root, std::vector<pid_t>& out) {
    for (const auto& kid : children_of(root)) {
        if (kid.state == 'Z') continue;
        out.push_back(kid.pid);
        descendants(kid.pid, out);
    }
}

// Stop the program and everything it started: SIGTERM first, so that its own
// handler can remove its IPC names, then SIGKILL whatever is left.
void stop_everything(pid_t pid, int* status, const std::string& cgroup) {
    std::vector<pid_t> all{pid};
    descendants(pid, all);
    for (pid_t p : all) kill(p, SIGTERM);
    for (int i = 0; i < 30 && waitpid(pid, status, WNOHANG) == 0; ++i) usleep(10000);
    all.clear();
    descendants(getpid(), all);
    for (pid_t p : all) kill(p, SIGKILL);
    remove_cgroup(cgroup);
    while (waitpid(pid, status, 0) < 0 && errno == EINTR) {}
}

// The parent of `pid`, from /proc/PID/stat, or 0.
pid_t parent_of(pid_t pid) {
    char state = 0;
    pid_t ppid = 0;
    return read_stat(pid, &state, nullptr, &ppid) ? ppid : 0;
}

// Is the test's driver (its shell) visibly not stuck: running, or in a wait
// with a time limit (sleep; select with a timeout)? tools/why --check says
// "not stuck" at once then, so this saves starting it (a Python program)
// every half second while a test sleeps in its own loop.
bool driver_active(const std::string& driver) {
    char state = 0;
    if (!read_stat(static_cast<pid_t>(std::strtol(driver.c_str(), nullptr, 10)), &state, nullptr, nullptr))
        return false;
    if (state != 'S' && state != 'D') return true;
    FILE* f = std::fopen(("/proc/" + driver + "/syscall").c_str(), "r");
    if (f == nullptr) return false;
    long nr = -1;
    unsigned long arg[6] = {};
    const int n = std::fscanf(f, "%ld %lx %lx %lx %lx %lx %lx", &nr, &arg[0], &arg[1], &arg[2], &arg[3],
                              &arg[4], &arg[5]);
    std::fclose(f);
    if (n < 1) return true;  // "running"
    switch (nr) {
    case SYS_nanosleep:
    case SYS_clock_nanosleep: return true;
    case SYS_select:
    case SYS_pselect6: return n == 7 && arg[4] != 0;  // a timeout given
    default: return false;
    }
}

volatile sig_atomic_t g_term = 0;

// timeout(1) sends SIGTERM to our whole process group when time is up. The
// handler only notes it: main() gives the program a moment to run its own
// SIGTERM handler (which removes its IPC names), then empties the cgroup,
// because processes that keep forking can slip past a group-wide signal.
void on_term(int sig) { g_term = sig; }

}  // namespace

int main(int argc, char* argv[]) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: ipclab-run PROG [ARGS...]\n");
        return 2;
    }
    if (std::strcmp(argv[1], "--sweep") == 0) {
        for (const char* base : {"/sys/fs/cgroup/pids", "/sys/fs/cgroup/unified", "/sys/fs/cgroup"})
            sweep_stale_cgroups(base);
        return 0;
    }
    syscall(SYS_close_range, 3U, ~0U, 0U);
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
        std::perror("ipclab-run: prctl");
        return 1;
    }

    const char* max_env = std::getenv("IPCLAB_MAX_PROCS");
    const long max_procs = max_env ? std::strtol(max_env, nullptr, 10) : 64;
    const std::string cgroup = make_pids_cgroup(max_procs);
    if (!cgroup.empty()) {
        struct sigaction sa {};
        sa.sa_handler = on_term;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGTERM, &sa, nullptr);
        sigaction(SIGINT, &sa, nullptr);
    }

    // Between fork() and exec(), the child still has our SIGTERM handler: a
    // test's SIGTERM for the program that came then (it can find the pid
    // that early) would only set g_term in the child and be lost. So the
    // signals wait, blocked, until the child has the default action back:
    // then they end it, as they would end a program that has no handler yet.
    sigset_t stop_signals, old_mask;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    sigprocmask(SIG_BLOCK, &stop_signals, &old_mask);
    pid_t pid = fork();
    if (pid < 0) {
        std::perror("ipclab-run: fork");
        return 1;
    }
    if (pid == 0) {
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        sigprocmask(SIG_SETMASK, &old_mask, nullptr);
        const char* cpu = std::getenv("IPCLAB_CPU_SECONDS");
        limit(RLIMIT_CPU, cpu ? std::strtoul(cpu, nullptr, 10) : 20);
        limit(RLIMIT_FSIZE, 512UL << 20);  // 512 MiB per file
        limit(RLIMIT_CORE, 0);
        if (!cgroup.empty()) {
            // Join the cgroup before exec: everything the program forks is counted.
            if (FILE* f = std::fopen((cgroup + "/cgroup.procs").c_str(), "w")) {
                std::fprintf(f, "%d\n", getpid());
                std::fclose(f);
            }
        } else if (getuid() != 0) {
            // Counts every process of this user, so leave room for the ones already running.
            limit(RLIMIT_NPROC, 4096);
        }
        execvp(argv[1], argv + 1);
        std::fprintf(stderr, "ipclab-run: %s: %s\n", argv[1], std::strerror(errno));
        _exit(127);
    }

    sigprocmask(SIG_SETMASK, &old_mask, nullptr);

    // Wait for the program, within the time limit. A pidfd wakes us the moment
    // it exits; without one (old kernels) we look every 10 ms.
    const char* limit_env = std::getenv("IPCLAB_TIMEOUT");
    const double time_limit = limit_env ? std::strtod(limit_env, nullptr) : 0;
    const double start = now();
    double next_check = start + 0.6;  // most programs are done long before this
    int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    // The test's driver: the shell that started timeout(1), which started us.
    // (IPCLAB_DRIVER names it when the test runs us from a subshell.)
    const pid_t grandparent = parent_of(getppid());
    const char* driver_env = std::getenv("IPCLAB_DRIVER");
    const std::string driver = driver_env ? driver_env : std::to_string(grandparent > 1 ? grandparent : getppid());
    int status = 0;
    const char* hung = nullptr;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (g_term != 0) {
            // timeout(1), the last resort, or Ctrl-C: stop like at our own limit.
            stop_everything(pid, &status, cgroup);
            signal(g_term, SIG_DFL);
            raise(g_term);
        }
        const double t = now();
        if (time_limit > 0 && t - start >= time_limit) {
            hung = "timed out";
        } else if (time_limit > 0 && t >= next_check) {
            // Everything blocked, nobody to wake it: waiting longer changes nothing.
            // (The check looks at the whole test: the shell that started us and
            // every process carrying the test's tag.)
            if (!driver_active(driver) && run_why({"--check", driver}, nullptr) == 0) hung = "stuck";
            next_check = now() + 0.5;
        }
        if (hung != nullptr) {
            const char* why_file = std::getenv("IPCLAB_WHY_FILE");
            struct stat st {};
            if (why_file != nullptr && (stat(why_file, &st) != 0 || st.st_size == 0)) {
                if (FILE* f = std::fopen(why_file, "a")) {
                    if (std::strcmp(hung, "stuck") == 0)
                        std::fprintf(f, "stuck after %.1fs: every process of the test is blocked and none can wake another\n",
                                     now() - start);
                    std::fclose(f);
                }
                run_why({driver}, why_file);
            }
            stop_everything(pid, &status, cgroup);
            break;
        }
        if (pidfd >= 0) {
            pollfd p{pidfd, POLLIN, 0};
            poll(&p, 1, 100);
        } else {
            usleep(10000);
        }
    }
    if (pidfd >= 0) close(pidfd);

    // Anything still our child now was left behind by the program.
    FILE* report = stderr;
    if (const char* path = std::getenv("IPCLAB_REPORT")) {
        if (FILE* f = std::fopen(path, "a")) report = f;
    }
    const char* prog = argv[1];
    bool leftovers = false;
    for (int round = 0; round < 50; ++round) {
        auto kids = children_of(getpid());
        if (kids.empty()) break;
        for (const auto& kid : kids) {
            leftovers = true;
            if (kid.state == 'Z') {
                std::fprintf(report,
                             "%s never waited for its child %d (%s), which became a zombie: "
                             "every fork() needs a waitpid()\n",
                             prog, kid.pid, kid.comm.c_str());
            } else {
                std::fprintf(report,
                             "%s exited while its child %d (%s) was still running: "
                             "the parent must waitpid() for every child before it exits\n",
                             prog, kid.pid, kid.comm.c_str());
                kill(kid.pid, SIGKILL);
            }
        }
        // Reap them (a killed child's own children come to us next round).
        while (waitpid(-1, nullptr, 0) > 0) {}
    }
    if (report != stderr) std::fclose(report);
    remove_cgroup(cgroup);
    const int code = hung != nullptr ? 124
                     : leftovers       ? 125
                     : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
                                           : WEXITSTATUS(status);
    // For a later explanation of a hang: this program has ended, and how.
    if (const char* ended = std::getenv("IPCLAB_ENDED"); ended != nullptr && hung == nullptr) {
        if (FILE* f = std::fopen(ended, "a")) {
            char out[4096] = {}, err[4096] = {};
            ssize_t n1 = readlink("/proc/self/fd/1", out, sizeof out - 1);
            ssize_t n2 = readlink("/proc/self/fd/2", err, sizeof err - 1);
            const char* role = std::getenv("IPCLAB_ROLE");
            std::string how = WIFSIGNALED(status) ? "killed by signal " + std::to_string(WTERMSIG(status))
                                                  : "exit status " + std::to_string(WEXITSTATUS(status));
            std::fprintf(f, "%d\t%s\t%s\t%s\t%s\n", static_cast<int>(pid), role ? role : prog, how.c_str(),
                         n1 > 0 ? out : "", n2 > 0 ? err : "");
            std::fclose(f);
        }
    }
    return code;
}
