// sysv.hpp — lab 10's message format, text handling and options, and the
// given code that removes a System V object on every way out.
//
// System V IPC objects have numeric keys and ids, not names: an object stays
// until IPC_RMID (or a reboot), whatever happens to its creator. remove_at_exit()
// remembers one object and removes it on exit() and on SIGINT, SIGTERM,
// SIGHUP and SIGQUIT (then ends by the signal, so the parent sees how).
//
// The message queue protocol of svmsg_server and svmsg_client:
//   request: mtype = 1,          pid = the client's pid, text = MESSAGE
//   reply:   mtype = client pid, pid = the server's pid, text = MESSAGE in upper case
// The text is not NUL-terminated: its length is what msgrcv returns minus the pid.
#pragma once

#include <cctype>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <unistd.h>

#include <ipclab/number.hpp>

namespace sysv {

inline constexpr int project_id = 'L';           // ftok(KEYFILE, 'L'): the lab's key
inline constexpr long request_type = 1;          // requests; replies go to mtype = client pid
inline constexpr std::size_t max_text = 512;     // bytes of MESSAGE
inline constexpr std::size_t segment_size = 4096;  // svshm_demo's segment

struct message {
    long mtype;
    pid_t pid;
    char text[max_text];
};

// msgsnd/msgrcv count the bytes after mtype: the pid and the text.
inline constexpr std::size_t body_size(std::size_t text_len) { return sizeof(pid_t) + text_len; }
inline constexpr std::size_t text_len(std::size_t body) { return body >= sizeof(pid_t) ? body - sizeof(pid_t) : 0; }

inline void to_upper(char* text, std::size_t len) {
    for (std::size_t i = 0; i < len; ++i) text[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
}

// A decimal number in [lo, hi], nothing else.
inline std::optional<long> parse_number(std::string_view text, long lo, long hi) {
    return ipclab::parse_number<long>(text, lo, hi);
}

// ---- given: remove one System V object on every way out --------------------------

enum class kind { none, shm, msg };

namespace detail {
inline volatile sig_atomic_t object_kind = 0;
inline volatile sig_atomic_t object_id = -1;
inline pid_t owner = 0;

inline void remove_now() {
    if (getpid() != owner) return;  // a forked child leaves it to the parent
    const int id = object_id;
    if (object_kind == static_cast<int>(kind::shm)) shmctl(id, IPC_RMID, nullptr);
    if (object_kind == static_cast<int>(kind::msg)) msgctl(id, IPC_RMID, nullptr);
    object_kind = static_cast<int>(kind::none);
}

inline void on_signal(int sig) {
    remove_now();
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}
}  // namespace detail

// Remove the object (shmctl or msgctl with IPC_RMID) at exit() and on the
// signals that end a program. Call right after shmget/msgget created it.
inline void remove_at_exit(kind k, int id) {
    detail::owner = getpid();
    detail::object_id = id;
    detail::object_kind = static_cast<int>(k);
    static const bool registered = (std::atexit(detail::remove_now), true);
    (void)registered;
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
        struct sigaction old {};
        sigaction(sig, nullptr, &old);
        if (old.sa_handler == SIG_IGN) continue;
        std::signal(sig, detail::on_signal);
    }
}

// The object was removed on purpose: nothing left to do at exit.
inline void removed() { detail::object_kind = static_cast<int>(kind::none); }

}  // namespace sysv
