// bench.hpp — ipc_bench's options, the bytes it sends, and the numbers it
// reports (pure logic, tested in tests/unit/11_bench_test.cpp).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <getopt.h>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ipclab/check.hpp>
#include <ipclab/number.hpp>

namespace bench {

inline constexpr std::size_t KiB = 1024, MiB = 1024 * KiB;
inline constexpr std::size_t max_size = 64 * MiB;

// "64", "1K", "64k", "1M": bytes, with K and M as 1024 and 1024*1024, from 1 to max_size.
inline std::optional<std::size_t> parse_size(std::string_view text) {
    std::size_t unit = 1;
    if (!text.empty() && (text.back() == 'K' || text.back() == 'k')) unit = KiB;
    if (!text.empty() && (text.back() == 'M' || text.back() == 'm')) unit = MiB;
    if (unit != 1) text.remove_suffix(1);
    const auto n = ipclab::parse_number<std::size_t>(text, 1, max_size / unit);
    if (!n) return std::nullopt;
    return *n * unit;
}

// The round trips before the measured ones: caches, page faults, the scheduler.
inline long warm_up(long count) { return count / 10 + 1; }

// The messages' bytes: message i is a window into one block of random bytes,
// 64 bytes further on for each next message (64 windows, then again), so a
// message that did not arrive, or arrived twice, never looks like the next.
class Pattern {
public:
    explicit Pattern(std::size_t size) : bytes_(size + 64 * 64) {
        uint64_t x = 0x9E3779B97F4A7C15u ^ size;  // xorshift64: the same bytes in both processes
        for (std::byte& b : bytes_) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            b = static_cast<std::byte>(x >> 56);
        }
    }
    const std::byte* message(long i) const { return bytes_.data() + ((i % 64 + 64) % 64) * 64; }

    // Fail, naming the first wrong byte, unless got is message i.
    void check(const std::byte* got, std::size_t size, long i, const char* who) const {
        const std::byte* want = message(i);
        if (std::memcmp(got, want, size) == 0) return;
        std::size_t at = 0;
        while (got[at] == want[at]) ++at;
        ipclab::fail("%s: message %ld of %zu bytes arrived changed at byte %zu: 0x%02x where 0x%02x was sent", who, i,
                     size, at, static_cast<unsigned>(got[at]), static_cast<unsigned>(want[at]));
    }

private:
    std::vector<std::byte> bytes_;
};

// The value below which `fraction` of the (sorted) samples lie: the nearest-rank
// percentile; the median of an even count is the mean of the two middle ones.
inline double percentile(const std::vector<double>& sorted, double fraction) {
    if (sorted.empty()) return 0;
    if (fraction == 0.5 && sorted.size() % 2 == 0) {
        return (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]) / 2;
    }
    const auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// The first six columns are the lab's contract; the mean comes last, for setting
// the figures beside tools that report the average round trip.
inline constexpr const char* csv_header = "mechanism,bytes,count,rtt_median_us,rtt_p99_us,throughput_MBps,rtt_mean_us";

inline std::string table_header() {
    char line[128];
    std::snprintf(line, sizeof line, "%-9s %9s %8s %14s %11s %16s %12s", "mechanism", "bytes", "count",
                  "rtt_median_us", "rtt_p99_us", "throughput_MBps", "rtt_mean_us");
    return line;
}

struct Result {
    std::string mechanism;
    std::size_t bytes = 0;
    long count = 0;
    double rtt_median_us = 0, rtt_p99_us = 0, throughput_MBps = 0, rtt_mean_us = 0;

    // From the round-trip times (microseconds) and the seconds the one-way run took.
    void set(std::vector<double> rtt_us, double seconds) {
        std::sort(rtt_us.begin(), rtt_us.end());
        rtt_median_us = percentile(rtt_us, 0.5);
        rtt_p99_us = percentile(rtt_us, 0.99);
        rtt_mean_us = rtt_us.empty() ? 0 : std::accumulate(rtt_us.begin(), rtt_us.end(), 0.0) / static_cast<double>(rtt_us.size());
        throughput_MBps = seconds > 0 ? static_cast<double>(bytes) * static_cast<double>(count) / seconds / 1e6 : 0;
    }
    std::string table_row() const {
        char line[192];
        std::snprintf(line, sizeof line, "%-9s %9zu %8ld %14.2f %11.2f %16.1f %12.2f", mechanism.c_str(), bytes, count,
                      rtt_median_us, rtt_p99_us, throughput_MBps, rtt_mean_us);
        return line;
    }
    std::string csv_row() const {
        char line[192];
        std::snprintf(line, sizeof line, "%s,%zu,%ld,%.3f,%.3f,%.1f,%.3f", mechanism.c_str(), bytes, count, rtt_median_us,
                      rtt_p99_us, throughput_MBps, rtt_mean_us);
        return line;
    }
};

inline const std::vector<std::string> all_mechanisms = {"pipe",    "fifo",    "unix",     "tcp",   "posix-mq",
                                                        "sysv-mq", "shm-sem", "shm-ring", "memcpy"};

struct Options {
    std::vector<std::string> mechanisms = all_mechanisms;
    std::vector<std::size_t> sizes = {64, KiB, 64 * KiB, MiB};
    long count = 0;  // 0: count_for chooses
    std::size_t buffer = 256 * KiB;
    std::string csv;

    // 64 MiB worth of messages, at least 200 and at most 10000.
    long count_for(std::size_t size) const {
        if (count > 0) return count;
        return static_cast<long>(std::clamp<std::size_t>(64 * MiB / size, 200, 10000));
    }
};

// Split "a,b,c" at the commas (an empty item stays, and is refused by the caller).
inline std::vector<std::string> split(std::string_view list) {
    std::vector<std::string> items;
    for (std::size_t start = 0;;) {
        const std::size_t comma = list.find(',', start);
        items.emplace_back(list.substr(start, comma - start));
        if (comma == std::string_view::npos) return items;
        start = comma + 1;
    }
}

// A usage error: the usage line, then which argument is wrong (exit 2).
[[noreturn]] inline void bad_argument(const char* what, std::string_view value, const char* expected) {
    std::fprintf(stderr, "usage: %s %s\n%s: %s '%.*s': %s\n", ipclab::prog_name(), ipclab::usage_args,
                 ipclab::prog_name(), what, static_cast<int>(value.size()), value.data(), expected);
    ipclab::leave(2);
}

inline Options parse_options(int argc, char* argv[]) {
    Options o;
    static const option long_options[] = {{"csv", required_argument, nullptr, 'c'}, {nullptr, 0, nullptr, 0}};
    int c;
    opterr = 0;  // our own messages: usage line first
    while ((c = getopt_long(argc, argv, ":m:s:n:b:", long_options, nullptr)) != -1) {
        switch (c) {
        case 'm':
            o.mechanisms = split(optarg);
            for (const std::string& m : o.mechanisms) {
                if (std::find(all_mechanisms.begin(), all_mechanisms.end(), m) == all_mechanisms.end()) {
                    bad_argument("unknown mechanism", m,
                                 "one of pipe, fifo, unix, tcp, posix-mq, sysv-mq, shm-sem, shm-ring, memcpy");
                }
            }
            break;
        case 's':
            o.sizes.clear();
            for (const std::string& s : split(optarg)) {
                const auto size = parse_size(s);
                if (!size) bad_argument("bad size", s, "bytes from 1 to 64M (K = 1024, M = 1024K)");
                o.sizes.push_back(*size);
            }
            break;
        case 'n': {
            const auto n = ipclab::parse_number<long>(optarg, 1, 10'000'000);
            if (!n) bad_argument("bad count", optarg, "a number of messages from 1 to 10000000");
            o.count = *n;
            break;
        }
        case 'b': {
            const auto b = parse_size(optarg);
            if (!b || *b < 64 || (*b & (*b - 1)) != 0) {
                bad_argument("bad buffer size", optarg, "a power of two from 64 to 64M");
            }
            o.buffer = *b;
            break;
        }
        case 'c':
            o.csv = optarg;
            if (o.csv.empty()) bad_argument("bad CSV file name", optarg, "a file name");
            break;
        case ':':
            bad_argument("missing value for", argv[optind - 1], "this option takes a value");
        default:
            bad_argument("unknown option", argv[optind - 1], "see the usage line");
        }
    }
    if (optind != argc) bad_argument("unexpected argument", argv[optind], "ipc_bench takes options only");
    return o;
}

}  // namespace bench
