// ipclab/ipc_name.hpp — the one rule for POSIX IPC names (shm_open, mq_open).
//
// A name is "/" followed by 1 to NAME_MAX (255) characters, none of them "/":
// "/jobs" is a name; "jobs", "/", "//jobs" and "/a/b" are not. Linux is more
// lenient in places (shm_open takes "jobs"), but a name that works with one
// call and fails with the other is a trap, so every lab refuses it up front
// as a usage error (exit 2) with the rule in the message.
#pragma once

#include <climits>  // NAME_MAX
#include <cstdio>
#include <string_view>

#include "check.hpp"

namespace ipclab {

inline bool valid_ipc_name(std::string_view name) {
    return name.size() >= 2 && name.size() <= NAME_MAX + 1 && name[0] == '/' &&
           name.find('/', 1) == std::string_view::npos;
}

// A usage error (exit 2) unless name follows the rule above.
inline void require_ipc_name(const char* name) {
    if (valid_ipc_name(name)) return;
    std::fprintf(stderr, "usage: %s %s\n%s: NAME must be '/' and 1 to %d characters, no other '/'\n", prog_name(),
                 usage_args, prog_name(), NAME_MAX);
    leave(2);
}

}  // namespace ipclab
