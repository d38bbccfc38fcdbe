// mmap_lab.hpp — small pieces shared by lab 03's programs.
//
// parse_anon_mode: which kind of mapping mmap_anon makes, from its arguments.
// child_succeeded: turn a waitpid() status into "did the child finish its job",
// and say on stderr how it ended if it did not. A child killed by SIGBUS is the
// classic mmap bug (a page touched past the end of the file), so it is named.
//
// Pure logic apart from that one message: tests/unit checks it.
#pragma once

#include <csignal>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string_view>
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

}  // namespace mmap_lab
