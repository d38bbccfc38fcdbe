// shm_ring.hpp — the shm-ring transport: one direction of bytes through a ring
// in shared memory, with no system call while data keeps flowing.
//
// The ring is a single-producer, single-consumer byte ring. Two counters tell
// everything, and each has one writer:
//
//   head  bytes ever written (the sender's): data[head % capacity] is the next free byte
//   tail  bytes ever read (the receiver's):  data[tail % capacity] is the next byte to read
//
// head - tail bytes are waiting (0: empty, capacity: full). The counters are
// 32-bit and wrap around; with a power-of-two capacity, head - tail and the
// index head & (capacity - 1) stay right across the wrap.
//
// Publishing is the whole trick. The sender copies bytes into the ring, THEN
// stores the new head with memory_order_release; the receiver loads head with
// memory_order_acquire, THEN reads the bytes. Release/acquire makes the bytes
// visible before the counter that announces them, on every CPU and compiler.
// The same holds the other way for tail: the receiver is done with the bytes
// before it hands the space back.
//
// Waiting: a side that finds the ring empty (or full) spins for a moment, then
// sleeps in the kernel with futex(FUTEX_WAIT) on the counter it waits for. The
// other side, after publishing, wakes it with futex(FUTEX_WAKE) if anyone said
// it might sleep (the sleepers count). See wait_for_change() below.
#pragma once

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <ipclab/check.hpp>

namespace ring {

// The header; the ring's bytes follow it in the shared memory (see data()).
struct alignas(64) Ring {
    std::atomic<uint32_t> head;      // written by the sender only
    std::atomic<uint32_t> tail;      // written by the receiver only
    std::atomic<uint32_t> sleepers;  // sides that may be asleep in futex_wait (on head or tail)
    uint32_t capacity;               // bytes in the ring, a power of two
};

// The ring's bytes, right after the header.
inline std::byte* data(Ring& r) { return reinterpret_cast<std::byte*>(&r + 1); }

// Bytes of shared memory for a ring of `capacity` bytes.
inline std::size_t bytes_for(std::size_t capacity) { return sizeof(Ring) + capacity; }

// ---- given: the two futex calls, and a wait that cannot hang --------------------

// Sleep while *word == expected (the kernel checks that atomically, so a change
// made just before the call is never slept through). Wakes on FUTEX_WAKE, a
// signal, or after timeout_ms. (A partner that dies while we sleep is noticed
// by the benchmark's watch on it, not here.) Not FUTEX_PRIVATE: the word is in memory shared
// by two processes.
inline long futex_wait(std::atomic<uint32_t>& word, uint32_t expected, int timeout_ms) {
    struct timespec limit = {timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};
    return ::syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAIT, expected, &limit, nullptr, 0);
}

// Wake every process sleeping on word.
inline long futex_wake(std::atomic<uint32_t>& word) {
    return ::syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
}

// How long to keep looking before sleeping, in microseconds
// (IPCLAB_SPIN_US, default 50; 0: sleep at once). A round trip through
// shared memory takes about a microsecond when the other side is awake, and
// a sleep and a wake-up cost tens: a short spin avoids them while the other
// side is busy, and costs little CPU when it is not.
inline long spin_ns() {
    static const long ns = [] {
        const char* s = std::getenv("IPCLAB_SPIN_US");
        return (s != nullptr ? std::atol(s) : 50) * 1000;
    }();
    return ns;
}

// Spin until ready() or spin_ns() have passed; true if ready. After the
// first fifth, sched_yield() between looks: if the other side is waiting for
// this CPU (more processes than CPUs), it runs now instead of after our spin.
template <typename Ready>
bool spin_until(Ready ready) {
    const long limit = spin_ns();
    if (limit <= 0) return ready();
    struct timespec t0, t;
    ::clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        for (int i = 0; i < 64; ++i) {
            if (ready()) return true;
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();  // tell the CPU this is a spin (saves power, helps its sibling)
#endif
        }
        ::clock_gettime(CLOCK_MONOTONIC, &t);
        const long spent = (t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec);
        if (spent >= limit) return false;
        if (spent >= limit / 5) ::sched_yield();
    }
}

// How long one sleep may last before it counts as a lost wake-up (IPCLAB_RING_SLEEP_MS, default 1000).
inline int sleep_limit_ms() {
    static const int ms = [] {
        const char* s = std::getenv("IPCLAB_RING_SLEEP_MS");
        return s != nullptr && std::atoi(s) > 0 ? std::atoi(s) : 1000;
    }();
    return ms;
}

// Wait until `word` (the other side's counter) no longer holds `seen`, and
// return its new value (loaded with acquire: what it announces is visible).
//
// First spin: the other side is often just about to publish. Then announce
// "I may sleep" (sleepers + 1, a full barrier), look once more, and sleep in
// futex_wait. The other side publishes first and checks sleepers second; we
// announce first and look second. Whatever the timing, one of the two sees
// the other: either we see the new value, or it sees us and wakes us.
//
// A sleep that reaches its limit while the value HAS changed means the other
// side published without waking us: a lost wake-up. That is a bug, reported
// as such rather than hidden by the time limit.
inline uint32_t wait_for_change(Ring& r, std::atomic<uint32_t>& word, uint32_t seen, const char* what) {
    uint32_t now;
    if (spin_until([&] { return (now = word.load(std::memory_order_acquire)) != seen; })) return now;
    r.sleepers.fetch_add(1, std::memory_order_seq_cst);
    while ((now = word.load(std::memory_order_seq_cst)) == seen) {
        if (futex_wait(word, seen, sleep_limit_ms()) == -1 && errno == ETIMEDOUT) {
            if (word.load(std::memory_order_seq_cst) != seen) {
                ipclab::fail("shm-ring: a wake-up was lost: the other side moved %s while this side slept, "
                             "and did not wake it (publish the counter, then futex_wake it when sleepers > 0)",
                             what);
            }
        }
    }
    r.sleepers.fetch_sub(1, std::memory_order_seq_cst);
    return now;  // loaded seq_cst, which includes acquire
}

// ---- the two directions of the ring: the student's part ------------------------

// An empty ring of `capacity` bytes (a power of two) in the memory at `where`.
inline Ring* make_ring(void* where, uint32_t capacity) {
    Ring* r = static_cast<Ring*>(where);
    r->head.store(0, std::memory_order_relaxed);
    r->tail.store(0, std::memory_order_relaxed);
    r->sleepers.store(0, std::memory_order_relaxed);
    r->capacity = capacity;
    return r;
}

// Send `size` bytes: wait for free space, copy, publish; as often as the ring
// needs (a message larger than the ring goes through in pieces).
inline void send(Ring& r, const std::byte* data, std::size_t size) {
    const uint32_t cap = r.capacity;
    uint32_t head = r.head.load(std::memory_order_relaxed);  // ours: no one else writes it
    uint32_t tail = r.tail.load(std::memory_order_acquire);
    while (size > 0) {
        // TODO: wait for space, copy up to the end of the ring, publish head, wake a sleeper
        (void)cap; (void)head; (void)tail; (void)data; ipclab::fail("shm-ring: ring::send is still a TODO (shm_ring.hpp)");
    }
}

// Receive exactly `size` bytes: wait for data, copy it out, hand the space back.
inline void receive(Ring& r, std::byte* data, std::size_t size) {
    const uint32_t cap = r.capacity;
    uint32_t tail = r.tail.load(std::memory_order_relaxed);  // ours
    uint32_t head = r.head.load(std::memory_order_acquire);
    while (size > 0) {
        // TODO: wait for data, copy up to the end of the ring, publish tail, wake a sleeper
        (void)cap; (void)head; (void)tail; (void)data; ipclab::fail("shm-ring: ring::receive is still a TODO (shm_ring.hpp)");
    }
}

}  // namespace ring
