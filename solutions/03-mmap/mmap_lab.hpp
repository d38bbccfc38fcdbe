// mmap_lab.hpp — small pieces shared by lab 03's programs.
//
// parse_anon_mode: which kind of mapping mmap_anon makes, from its arguments.
// child_succeeded: turn a waitpid() status into "did the child finish its job",
// and say on stderr how it ended if it did not. A child killed by SIGBUS is the
// classic mmap bug (a page touched past the end of the file), so it is named.
//
// require_mappable: refuse, with a message naming the cause, a file that
// cannot be mapped (mmap_read).
//
// Pure logic apart from those messages (and one fstatfs): tests/unit checks it.
#pragma once

#include <csignal>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string_view>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>

#include <ipclab/check.hpp>

namespace mmap_lab {

enum class anon_mode {
    shared,    // MAP_SHARED | MAP_ANONYMOUS: one copy of the pages, seen by both
    private_,  // MAP_PRIVATE | MAP_ANONYMOUS: the child writes to its own copy
    dev_zero,  // MAP_SHARED of /dev/zero: the older way to get shared zeroed memory
};

// mmap_anon [--private | --dev-zero]. std::nullopt means a usage error.
inline std::optional<anon_mode> parse_anon_mode(int argc, char* argv[]) {
    if (argc == 1) return anon_mode::shared;
    if (argc != 2) return std::nullopt;
    const std::string_view arg = argv[1];
    if (arg == "--private") return anon_mode::private_;
    if (arg == "--dev-zero") return anon_mode::dev_zero;
    return std::nullopt;
}

// True when the child exited with status 0. Otherwise prints
// "PROG: child: <how it ended>" on stderr and returns false.
inline bool child_succeeded(int status) {
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* abbrev = sigabbrev_np(sig);  // "BUS" for SIGBUS
        std::fprintf(stderr, "%s: child: killed by SIG%s (signal %d)%s\n", ipclab::prog_name(),
                     abbrev ? abbrev : "?", sig,
                     sig == SIGBUS ? ": it touched a mapped page past the end of the file" : "");
    } else {
        std::fprintf(stderr, "%s: child: exited with status %d\n", ipclab::prog_name(), WEXITSTATUS(status));
    }
    return false;
}

// What kind of file st describes, in words.
inline const char* file_kind(const struct stat& st) {
    switch (st.st_mode & S_IFMT) {
    case S_IFREG: return "a regular file";
    case S_IFDIR: return "a directory";
    case S_IFIFO: return "a FIFO";
    case S_IFCHR: return "a character device";
    case S_IFBLK: return "a block device";
    case S_IFSOCK: return "a socket";
    case S_IFLNK: return "a symbolic link";
    default: return "an unknown kind of file";
    }
}

// Only a regular file can be mapped, and not one of /proc or /sys: those
// report a size of 0 whatever they hold, and most refuse mmap (ENODEV).
// Otherwise "PROG: PATH: <why>", exit 1. (fd is the open file, for fstatfs.)
inline void require_mappable(const char* path, int fd, const struct stat& st) {
    if (!S_ISREG(st.st_mode)) ipclab::fail("%s: not a regular file (%s): only a file can be mapped", path, file_kind(st));
    struct statfs fs {};
    if (fd >= 0 && st.st_size == 0 && ::fstatfs(fd, &fs) == 0 &&
        (fs.f_type == 0x9fa0 /* PROC_SUPER_MAGIC */ || fs.f_type == 0x62656572 /* SYSFS_MAGIC */)) {
        ipclab::fail("%s: a /proc or /sys file cannot be mapped (its size says 0 bytes)", path);
    }
}

}  // namespace mmap_lab
