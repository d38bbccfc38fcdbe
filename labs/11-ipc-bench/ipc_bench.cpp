// ipc_bench — copy vs map, measured: every IPC mechanism of the kit, side by side.
//
// usage: ipc_bench [-m MECH,...] [-s BYTES,...] [-n COUNT] [-b BYTES] [--csv FILE]
//
//   -m   mechanisms (default: all): pipe fifo unix tcp posix-mq sysv-mq shm-sem shm-ring memcpy
//   -s   message sizes (default: 64,1K,64K,1M; K and M are 1024 and 1024*1024)
//   -n   messages per measurement (default: 64 MiB worth, at least 200, at most 10000)
//   -b   shm-sem's buffer and shm-ring's ring, a power of two (default 256K)
//   --csv FILE   the same rows as the table, as CSV
//
// For each mechanism and size, the parent forks a child and the two exchange
// messages through the mechanism (see channels.hpp):
//
//   round trip   the parent sends SIZE bytes, the child sends them back;
//                COUNT times after COUNT/10 + 1 unmeasured ones (warm-up);
//                median, 99th percentile and mean, in microseconds
//                (the mean is the table's last column)
//   throughput   the parent sends COUNT messages one way, the child checks
//                each; time until the child's answer that all were right, MB/s
//
// Every byte is checked: the parent compares what comes back with what it
// sent, the child compares what arrives with what the parent meant to send
// (both know the pattern). memcpy does the same work in one process, with no
// second process and no kernel: the limit for moving bytes through memory.
// Reproduces the lecture's "copy vs map" comparison, measured.
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <getopt.h>
#include <string>
#include <sys/wait.h>
#include <vector>

#include <ipclab/check.hpp>
#include <ipclab/children.hpp>
#include <ipclab/number.hpp>
#include <ipclab/peer_watch.hpp>

#include "bench.hpp"
#include "channels.hpp"

using ipclab::check;
using clock_type = std::chrono::steady_clock;

// The child of the current measurement, for the signal handler.
volatile sig_atomic_t child_pid = 0;

// On every way out of the parent (an error, a dead child, a signal): kill and
// reap the child, remove the System V queue. kill, waitpid and msgctl are safe
// in a signal handler.
void clean_up() {
    if (getpid() != ipclab::main_pid) return;
    const pid_t pid = child_pid;
    child_pid = 0;
    if (pid > 0) kill(pid, SIGKILL), waitpid(pid, nullptr, 0);
    bench::remove_sysv_queue();
}

// SIGINT, SIGTERM...: clean up, then end by the signal.
void stop(int sig) {
    clean_up();
    signal(sig, SIG_DFL);
    raise(sig);
}

// The child's side: echo COUNT/10 + 1 + COUNT round trips, then take COUNT
// messages one way, check each, and say "all right" with one byte.
[[noreturn]] void peer(std::unique_ptr<bench::Channel> ch, const bench::Pattern& pattern, std::size_t size, long count) {
    std::vector<std::byte> buf(size);
    for (long i = 0; i < bench::warm_up(count) + count; ++i) {
        ch->receive(buf.data(), size);
        ch->send(buf.data(), size);
    }
    for (long i = 0; i < count; ++i) {
        ch->receive(buf.data(), size);
        pattern.check(buf.data(), size, i, "child");
    }
    const std::byte ok{1};
    ch->send(&ok, 1);
    ch.reset();  // close this side's descriptors (the parent removes what has a name)
    _exit(0);
}

bench::Result measure(std::string_view mech, std::size_t size, long count, std::size_t buffer) {
    bench::Result r{std::string(mech), size, count};
    const bench::Pattern pattern(size);
    std::vector<std::byte> back(size);
    std::vector<double> rtt;
    rtt.reserve(static_cast<std::size_t>(count));

    if (mech == "memcpy") {
        // The same work in one process: copy there and back; copy one way and check.
        std::vector<std::byte> there(size);
        for (long i = -bench::warm_up(count); i < count; ++i) {
            const auto t0 = clock_type::now();
            std::memcpy(there.data(), pattern.message(i), size);
            std::memcpy(back.data(), there.data(), size);
            const auto t1 = clock_type::now();
            pattern.check(back.data(), size, i, "memcpy");
            if (i >= 0) rtt.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
        }
        const auto t0 = clock_type::now();
        for (long i = 0; i < count; ++i) {
            std::memcpy(there.data(), pattern.message(i), size);
            pattern.check(there.data(), size, i, "memcpy");
        }
        r.set(rtt, std::chrono::duration<double>(clock_type::now() - t0).count());
        return r;
    }

    auto ch = bench::open_channel(mech, size, buffer);
    pid_t pid = check(fork(), "fork");
    if (pid == 0) {
        ipclab::become_child("ipc_bench_peer");
        ch->take_side(false);
        peer(std::move(ch), pattern, size, count);
    }
    child_pid = pid;
    ch->take_side(true);
    // A child that dies mid-run would leave us waiting for ever: the watch
    // (a thread waiting on a pidfd) ends the program then.
    ipclab::peer_watch watch(&pid, 0, "child", clean_up);

    // Round trips: send, wait for the echo, check it (outside the clock).
    for (long i = -bench::warm_up(count); i < count; ++i) {
        const auto t0 = clock_type::now();
        ch->send(pattern.message(i), size);
        ch->receive(back.data(), size);
        const auto t1 = clock_type::now();
        pattern.check(back.data(), size, i, "parent");
        if (i >= 0) rtt.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    // Throughput: COUNT messages one way, then the child's one-byte answer.
    const auto t0 = clock_type::now();
    for (long i = 0; i < count; ++i) ch->send(pattern.message(i), size);
    std::byte ok{};
    ch->receive(&ok, 1);
    const double seconds = std::chrono::duration<double>(clock_type::now() - t0).count();

    watch.release();
    int status;
    check(waitpid(pid, &status, 0), "waitpid");
    child_pid = 0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || ok != std::byte{1}) {
        ipclab::fail("%.*s: the child did not end well (status %d)", static_cast<int>(mech.size()), mech.data(), status);
    }
    r.set(rtt, seconds);
    return r;
}

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "[-m MECH,...] [-s BYTES,...] [-n COUNT] [-b BYTES] [--csv FILE]");
    const bench::Options opts = bench::parse_options(argc, argv);

    // Open the CSV file first: a wrong path fails before minutes of measuring.
    std::FILE* csv = nullptr;
    if (!opts.csv.empty()) {
        csv = std::fopen(opts.csv.c_str(), "w");
        if (csv == nullptr) ipclab::die("fopen");
    }
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) signal(sig, stop);
    signal(SIGPIPE, SIG_IGN);  // a dead child shows up as EPIPE, not as our death
    std::atexit(clean_up);

    std::printf("%s\n", bench::table_header().c_str());
    if (csv != nullptr) std::fprintf(csv, "%s\n", bench::csv_header);
    for (std::size_t size : opts.sizes) {
        for (const std::string& mech : opts.mechanisms) {
            const bench::Result r = measure(mech, size, opts.count_for(size), opts.buffer);
            std::printf("%s\n", r.table_row().c_str());
            ipclab::flush_stdout();  // a row as soon as it is measured
            if (csv != nullptr) std::fprintf(csv, "%s\n", r.csv_row().c_str());
        }
    }
    if (csv != nullptr && std::fclose(csv) == EOF) ipclab::die("fclose");
    return 0;
}
