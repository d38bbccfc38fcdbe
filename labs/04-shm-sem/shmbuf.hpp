// shmbuf.hpp — the layout of lab 04's shared memory object, and its options.
//
// The lecture's struct ends in "char buf[BUF_SIZE]" with a fixed BUF_SIZE. Here
// the writer chooses the size (-b SIZE), so the object is a header followed
// directly by the buffer:
//
//     offset 0                       sizeof(shmbuf)
//     | wsem | rsem | cnt | size | writer_pid | reader_pid | ready | buf[0] ... buf[size-1] |
//
// (C++ has no flexible array members, so buf is not a member: buffer_of()
// finds it right after the header.) The writer sets everything up and stores
// shmbuf_ready into `ready` last; a reader that finds the object before then
// must wait, because the semaphores are not initialised yet.
//
// Each side records its pid in the header: the reader claims the object by
// storing its pid where there was 0, so a second reader is refused, and each
// side watches the other's pid (ipclab::peer_watch) to notice a partner that
// died, which a semaphore cannot do.
//
// Pure logic, no system calls: tests/unit checks it.
#pragma once

#include <atomic>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <semaphore.h>
#include <string_view>
#include <sys/types.h>
#include <unistd.h>

struct shmbuf {
    sem_t wsem;           // posted when the writer may fill buf (the writer's turn)
    sem_t rsem;           // posted when the reader may empty buf (the reader's turn)
    size_t cnt;           // bytes used in buf; 0 means "end of data"
    size_t size;          // capacity of buf, chosen by the writer
    pid_t writer_pid;     // set by publish()
    pid_t reader_pid;     // 0 until a reader claims the object
    std::uint32_t ready;  // shmbuf_ready once the writer has initialised the rest
};

namespace shm_lab {

inline constexpr size_t default_size = 1024;        // as in the lecture
inline constexpr size_t max_size = size_t{1} << 30;  // 1 GiB: far more than a lab needs
inline constexpr std::uint32_t shmbuf_ready = 0x53484d42;  // "SHMB"
inline constexpr int default_wait_seconds = 5;

// The buffer starts right after the header (sizeof includes any padding, so
// it is suitably aligned for the header's own members).
inline char* buffer_of(shmbuf* shm) { return reinterpret_cast<char*>(shm + 1); }

// How many bytes the object needs for a buffer of `size` bytes.
inline constexpr size_t object_size(size_t size) { return sizeof(shmbuf) + size; }

// Does an object of `object_bytes` bytes hold a whole shmbuf whose buffer is
// `size` bytes long? (A reader checks this before trusting the header.)
inline constexpr bool fits(size_t object_bytes, size_t size) {
    return object_bytes >= sizeof(shmbuf) && size <= object_bytes - sizeof(shmbuf);
}

// Transfers needed for `bytes` bytes through a buffer of `size` bytes when the
// writer fills the buffer each time (the empty end-of-data transfer not counted).
inline constexpr size_t transfers_for(size_t bytes, size_t size) { return (bytes + size - 1) / size; }

// The writer publishes the header (with its pid) by a release store of
// `ready`; the reader reads it with an acquire load, so it sees everything
// stored before.
inline void publish(shmbuf* shm) {
    shm->writer_pid = ::getpid();
    shm->reader_pid = 0;
    std::atomic_ref<std::uint32_t>(shm->ready).store(shmbuf_ready, std::memory_order_release);
}
inline bool is_ready(shmbuf* shm) {
    return std::atomic_ref<std::uint32_t>(shm->ready).load(std::memory_order_acquire) == shmbuf_ready;
}

// The reader claims the object: true if it is now ours; false if another
// reader got there first (its pid is then in shm->reader_pid).
inline bool claim_reader(shmbuf* shm, pid_t self) {
    pid_t none = 0;
    return std::atomic_ref<pid_t>(shm->reader_pid).compare_exchange_strong(none, self);
}

// A decimal number in [lo, hi], nothing else ("12", not "12k", " 12" or "-1").
inline std::optional<size_t> parse_number(std::string_view text, size_t lo, size_t hi) {
    size_t value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || value < lo || value > hi) return std::nullopt;
    return value;
}

// -b SIZE: 1 byte to max_size.
inline std::optional<size_t> parse_buffer_size(std::string_view text) { return parse_number(text, 1, max_size); }

// -w SECONDS: 0 (do not wait) to one hour.
inline std::optional<int> parse_wait_seconds(std::string_view text) {
    auto n = parse_number(text, 0, 3600);
    if (!n) return std::nullopt;
    return static_cast<int>(*n);
}

// Command lines: "shm_writer [-b SIZE] [-w SECONDS] NAME" and
// "shm_reader [-w SECONDS] NAME". -w: how long to wait for the partner.
struct options {
    const char* name = nullptr;
    size_t size = default_size;
    int wait_seconds = default_wait_seconds;
};

// flag is 'b' for the writer (-b and -w) and 'w' for the reader (-w only).
// std::nullopt means a usage error.
inline std::optional<options> parse_options(int argc, char* argv[], char flag) {
    options out;
    int i = 1;
    while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
        const std::string_view arg = argv[i];
        const bool known = arg[1] == flag || arg[1] == 'w';
        if (arg.size() != 2 || !known || i + 1 >= argc) return std::nullopt;
        const std::string_view value = argv[i + 1];
        if (arg[1] == 'b') {
            auto size = parse_buffer_size(value);
            if (!size) return std::nullopt;
            out.size = *size;
        } else {
            auto seconds = parse_wait_seconds(value);
            if (!seconds) return std::nullopt;
            out.wait_seconds = *seconds;
        }
        i += 2;
    }
    if (i + 1 != argc) return std::nullopt;
    out.name = argv[i];
    return out;
}

}  // namespace shm_lab
