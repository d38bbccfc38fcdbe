// ring.hpp — lab 09's bounded buffer: the ring in shared memory, its items and
// the programs' options.
//
// The lecture's bounded buffer is an array of BUFFER_SIZE items with two
// indexes: `in`, the next free slot, and `out`, the next full one. Both move
// forward and wrap around: next(i) = (i + 1) % size. Here the array lives in a
// POSIX shared memory object, after a small header:
//
//     | slots | in | out | producers_done | items[0] ... items[slots - 1] |
//
// bb_run guards `in` and `out` with three named semaphores (empty, full,
// mutex), so every slot can be used. bb_naive is the lecture's version without
// semaphores: it tells "full" from "empty" by leaving one slot unused, so it
// holds BUFFER_SIZE - 1 items.
//
// An item is "producer P's item number I" (both from 1). P = 0 is no item but
// the signal "no more items": the last producer to finish puts one per
// consumer, so that every consumer wakes up and ends.
//
// Pure logic, no system calls: tests/unit checks it.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include <ipclab/number.hpp>

namespace bb {

struct item {
    std::uint32_t producer;  // 1..P; 0 = "no more items"
    std::uint32_t index;     // 1..ITEMS, in the order the producer made them
};

inline constexpr item no_more_items{0, 0};
inline constexpr bool is_end(item it) { return it.producer == 0; }

// The header. bb_run changes in, out and producers_done only while it holds
// the mutex semaphore, and sem_wait/sem_post order memory like a lock does.
// bb_naive has no lock: in and out are atomics, each written by one side only
// (with one producer), which is all the lecture's version needs.
struct ring {
    std::uint32_t slots;
    std::atomic<std::uint32_t> in;
    std::atomic<std::uint32_t> out;
    std::atomic<std::uint32_t> producers_done;
};
static_assert(std::atomic<std::uint32_t>::is_always_lock_free, "atomics in shared memory must not need a lock");

// The items start right after the header.
inline item* items_of(ring* r) { return reinterpret_cast<item*>(r + 1); }

// Bytes the shared memory object needs for a ring of `slots` items.
inline constexpr std::size_t object_size(std::uint32_t slots) { return sizeof(ring) + slots * sizeof(item); }

// The slot after i, wrapping around at the end of the array.
inline constexpr std::uint32_t next(std::uint32_t i, std::uint32_t slots) { return (i + 1) % slots; }

// The lecture's tests, for a ring that keeps one slot free (bb_naive):
// empty when in == out, full when one more item would make it look empty.
inline constexpr bool naive_empty(std::uint32_t in, std::uint32_t out) { return in == out; }
inline constexpr bool naive_full(std::uint32_t in, std::uint32_t out, std::uint32_t size) {
    return next(in, size) == out;
}

// One output line, "P I\n", into buf; returns its length.
inline std::size_t format_item(item it, char* buf, std::size_t size) {
    const int n = std::snprintf(buf, size, "%u %u\n", it.producer, it.index);
    return n < 0 ? 0 : static_cast<std::size_t>(n);
}

// The semaphores' names: NAME-empty, NAME-full, NAME-mutex (NAME begins with '/').
inline std::string sem_name(std::string_view name, std::string_view which) {
    return std::string(name) + "-" + std::string(which);
}

// A decimal number in [lo, hi], nothing else ("12", not "12k", " 12" or "-1").
inline std::optional<std::uint32_t> parse_number(std::string_view text, std::uint32_t lo, std::uint32_t hi) {
    return ipclab::parse_number<std::uint32_t>(text, lo, hi);
}

inline constexpr std::uint32_t max_slots = 1u << 20;
inline constexpr std::uint32_t max_processes = 64;  // producers, and consumers
inline constexpr std::uint32_t max_items = 100'000'000;
inline constexpr std::uint32_t max_wait_us = 1'000'000;

// bb_run [-s SLOTS] [-p PRODUCERS] [-c CONSUMERS] [-n ITEMS] NAME
// bb_naive [-p PRODUCERS] [-n ITEMS] [-s BUFFER_SIZE] [-w MICROSECONDS] NAME
struct options {
    std::uint32_t slots = 16;
    std::uint32_t producers = 1;
    std::uint32_t consumers = 1;
    std::uint32_t items = 1000;  // per producer
    std::uint32_t wait_us = 0;   // bb_naive -w: a pause inside the race window
    const char* name = nullptr;
};

// `flags` lists the options the program takes ("spcn" for bb_run, "pnsw" for
// bb_naive), `out` holds its defaults, and -s takes min_slots or more (bb_naive
// needs 2: one slot always stays free). std::nullopt means a usage error.
inline std::optional<options> parse_options(int argc, char* argv[], std::string_view flags, options out = {},
                                            std::uint32_t min_slots = 1) {
    int i = 1;
    while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
        const std::string_view arg = argv[i];
        if (arg.size() != 2 || flags.find(arg[1]) == std::string_view::npos || i + 1 >= argc) return std::nullopt;
        const std::string_view text = argv[i + 1];
        std::optional<std::uint32_t> value;
        switch (arg[1]) {
        case 's': value = parse_number(text, min_slots, max_slots); if (value) out.slots = *value; break;
        case 'p': value = parse_number(text, 1, max_processes); if (value) out.producers = *value; break;
        case 'c': value = parse_number(text, 1, max_processes); if (value) out.consumers = *value; break;
        case 'n': value = parse_number(text, 0, max_items); if (value) out.items = *value; break;
        case 'w': value = parse_number(text, 0, max_wait_us); if (value) out.wait_us = *value; break;
        }
        if (!value) return std::nullopt;
        i += 2;
    }
    if (i + 1 != argc) return std::nullopt;
    out.name = argv[i];
    return out;
}

}  // namespace bb
