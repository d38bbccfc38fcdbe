// Unit tests for lab 11's pure logic (solutions/11-ipc-bench/bench.hpp) and the
// ring's index arithmetic in one thread (shm_ring.hpp: no wait is needed
// while what is sent fits in the ring).
#include <catch2/catch.hpp>

#include "command_line.hpp"

#include <cstdlib>
#include <string>
#include <vector>

#include "solutions/11-ipc-bench/bench.hpp"
#include "solutions/11-ipc-bench/shm_ring.hpp"

namespace {

bench::Options parse(std::vector<std::string> args) {
    auto [argc, argv] = unit::command_line_of("ipc_bench", std::move(args));
    optind = 1;  // getopt keeps its place between calls
    return bench::parse_options(argc, argv);
}

std::vector<std::byte> bytes(std::size_t n, int first) {
    std::vector<std::byte> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::byte>((first + static_cast<int>(i)) & 0xff);
    return v;
}

}  // namespace

TEST_CASE("sizes: bytes, K and M, from 1 to 64M") {
    CHECK(bench::parse_size("64") == 64u);
    CHECK(bench::parse_size("1K") == 1024u);
    CHECK(bench::parse_size("64k") == 65536u);
    CHECK(bench::parse_size("1M") == 1048576u);
    CHECK(bench::parse_size("64M") == 64u * 1048576u);
    CHECK_FALSE(bench::parse_size("0"));
    CHECK_FALSE(bench::parse_size("65M"));
    CHECK_FALSE(bench::parse_size("K"));
    CHECK_FALSE(bench::parse_size(""));
    CHECK_FALSE(bench::parse_size("1G"));
    CHECK_FALSE(bench::parse_size("-1"));
}

TEST_CASE("percentiles: the median of an even count is the mean of the middle two, p99 is a nearest rank") {
    CHECK(bench::percentile({1, 2, 3}, 0.5) == 2);
    CHECK(bench::percentile({1, 2, 3, 4}, 0.5) == 2.5);
    std::vector<double> hundred;
    for (int i = 1; i <= 100; ++i) hundred.push_back(i);
    CHECK(bench::percentile(hundred, 0.99) == 99);
    std::vector<double> thousand;
    for (int i = 1; i <= 1000; ++i) thousand.push_back(i);
    CHECK(bench::percentile(thousand, 0.99) == 990);
    CHECK(bench::percentile({7}, 0.99) == 7);
    CHECK(bench::percentile({}, 0.5) == 0);
}

TEST_CASE("a result: median, p99, MB/s and mean, as a table row and a CSV row") {
    bench::Result r{"pipe", 1000, 5};
    r.set({40, 10, 100, 30, 20}, 0.0025);  // unsorted on purpose; one slow round trip
    CHECK(r.rtt_median_us == 30);
    CHECK(r.rtt_p99_us == 100);
    CHECK(r.rtt_mean_us == 40);  // the slow one drags the mean, not the median
    CHECK(r.throughput_MBps == Approx(2.0));  // 5000 bytes in 2.5 ms
    CHECK(r.csv_row() == "pipe,1000,5,30.000,100.000,2.0,40.000");
    CHECK(r.table_row() == "pipe           1000        5          30.00      100.00              2.0        40.00");
    CHECK(bench::table_header() ==
          "mechanism     bytes    count  rtt_median_us  rtt_p99_us  throughput_MBps  rtt_mean_us");
    CHECK(std::string(bench::csv_header) ==
          "mechanism,bytes,count,rtt_median_us,rtt_p99_us,throughput_MBps,rtt_mean_us");
}

TEST_CASE("the default count: 64 MiB worth, at least 200, at most 10000") {
    bench::Options o;
    CHECK(o.count_for(64) == 10000);
    CHECK(o.count_for(64 * 1024) == 1024);
    CHECK(o.count_for(1024 * 1024) == 200);
    o.count = 7;
    CHECK(o.count_for(1024 * 1024) == 7);
}

TEST_CASE("options: lists, the defaults, --csv") {
    const bench::Options d = parse({});
    CHECK(d.mechanisms.size() == 9);
    CHECK(d.sizes == std::vector<std::size_t>{64, 1024, 65536, 1048576});
    CHECK(d.buffer == 256 * 1024);
    const bench::Options o = parse({"-m", "pipe,shm-ring", "-s", "1,4K", "-n", "30", "-b", "64", "--csv", "x.csv"});
    CHECK(o.mechanisms == std::vector<std::string>{"pipe", "shm-ring"});
    CHECK(o.sizes == std::vector<std::size_t>{1, 4096});
    CHECK(o.count == 30);
    CHECK(o.buffer == 64);
    CHECK(o.csv == "x.csv");
}

TEST_CASE("the pattern: each message is a different window, and a changed byte is found") {
    const bench::Pattern p(100);
    CHECK(std::memcmp(p.message(0), p.message(1), 100) != 0);
    CHECK(p.message(64) == p.message(0));
    CHECK(p.message(-1) == p.message(63));  // warm-up messages count from -1 down
    std::vector<std::byte> copy(p.message(5), p.message(5) + 100);
    p.check(copy.data(), 100, 5, "test");  // the same bytes: no failure
}

TEST_CASE("the ring: pieces stop at the end and go on at index 0; head and tail count every byte") {
    std::vector<std::byte> memory(ring::bytes_for(64) + 64);
    void* where = memory.data() + (64 - reinterpret_cast<std::uintptr_t>(memory.data()) % 64) % 64;
    ring::Ring* r = ring::make_ring(where, 64);

    const auto a = bytes(40, 1), b = bytes(50, 100), c = bytes(64, 7);
    std::vector<std::byte> got(64);
    ring::send(*r, a.data(), a.size());
    CHECK(r->head.load() == 40);
    ring::receive(*r, got.data(), 40);
    CHECK(std::memcmp(got.data(), a.data(), 40) == 0);
    CHECK(r->tail.load() == 40);

    // 50 bytes from index 40: 24 up to the end, 26 from index 0.
    ring::send(*r, b.data(), b.size());
    CHECK(r->head.load() == 90);
    CHECK(std::memcmp(ring::data(*r) + 40, b.data(), 24) == 0);
    CHECK(std::memcmp(ring::data(*r), b.data() + 24, 26) == 0);
    ring::receive(*r, got.data(), 50);
    CHECK(std::memcmp(got.data(), b.data(), 50) == 0);

    // A full ring: exactly capacity bytes fit.
    ring::send(*r, c.data(), c.size());
    CHECK(r->head.load() - r->tail.load() == 64);
    ring::receive(*r, got.data(), 64);
    CHECK(std::memcmp(got.data(), c.data(), 64) == 0);
    CHECK(r->head.load() == r->tail.load());
}

TEST_CASE("the ring: the 32-bit counters wrap around and the ring goes on") {
    std::vector<std::byte> memory(ring::bytes_for(64) + 64);
    void* where = memory.data() + (64 - reinterpret_cast<std::uintptr_t>(memory.data()) % 64) % 64;
    ring::Ring* r = ring::make_ring(where, 64);
    r->head = r->tail = 0xFFFFFFF0u;  // 16 bytes before the counters wrap
    const auto a = bytes(40, 3);
    std::vector<std::byte> got(40);
    ring::send(*r, a.data(), a.size());
    CHECK(r->head.load() == 24u);  // wrapped
    ring::receive(*r, got.data(), 40);
    CHECK(std::memcmp(got.data(), a.data(), 40) == 0);
    CHECK(r->tail.load() == 24u);
}
