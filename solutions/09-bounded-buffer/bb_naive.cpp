// bb_naive — the lecture's first bounded buffer: no semaphores, only the two
// indexes `in` and `out`, and busy waiting.
//
// usage: bb_naive [-p PRODUCERS] [-n ITEMS] [-s BUFFER_SIZE] [-w MICROSECONDS] NAME
//        defaults: 1 producer, 1000 items per producer, BUFFER_SIZE 10, -w 0
//
// Creates the shm object NAME (it must not exist yet) holding the buffer,
// forks the producers, each putting ITEMS items "P I", and consumes in the
// parent, printing each item it takes as one line "P I". A producer waits
// while the buffer is full, the consumer while it is empty, by testing the
// indexes again and again:
//
//     producer: while (((in + 1) % BUFFER_SIZE) == out) ;   buffer[in] = item;  in = (in + 1) % BUFFER_SIZE;
//     consumer: while (in == out) ;                          item = buffer[out]; out = (out + 1) % BUFFER_SIZE;
//
// One slot always stays free (otherwise in == out could mean full as well as
// empty): the buffer holds BUFFER_SIZE - 1 items. With one producer and one
// consumer this is correct: each index is written by one side only. With two
// producers it is not: both can read the same `in`, store into the same slot
// and move `in` on, and an item is lost (or `in` moves back and old items come
// out again). -w MICROSECONDS pauses a producer between reading `in` and
// storing the new one, which widens that window so the race shows every time.
//
// At the end bb_naive checks what it received: each item exactly once and
// each producer's in order, or it says what was lost and duplicated and exits
// 1. A wait that makes no progress for 5 seconds ends it with an error too:
// busy waiting must not spin for ever.
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <ipclab/check.hpp>
#include <ipclab/children.hpp>
#include <ipclab/io.hpp>
#include <ipclab/ipc_name.hpp>
#include <ipclab/mapping.hpp>
#include <ipclab/unlink_guard.hpp>

#include "ring.hpp"

using ipclab::check;

namespace {

// Given: one turn of a busy wait. It gives the CPU away (sched_yield) so that
// the other side can run even on one core, and it gives up after 5 seconds
// without progress.
class spinner {
public:
    explicit spinner(const char* what) : what_(what), since_(std::chrono::steady_clock::now()) {}
    void spin() {
        sched_yield();
        if (++turns_ % 1024 == 0 && std::chrono::steady_clock::now() - since_ > std::chrono::seconds(5))
            ipclab::fail("%s: no progress for 5 s", what_);
    }

private:
    const char* what_;
    std::chrono::steady_clock::time_point since_;
    unsigned long turns_ = 0;
};

[[noreturn]] void producer(bb::ring* ring, std::uint32_t size, const bb::options& opts, std::uint32_t p) {
    bb::item* buffer = bb::items_of(ring);
    for (std::uint32_t i = 1; i <= opts.items; ++i) {
        // BEGIN SOLUTION: wait while the buffer is full (one slot stays free), store the item at in, then move in on
        // STARTER: (void)buffer; (void)size; (void)p;
        spinner full("a producer waited for a free slot");
        while (bb::naive_full(ring->in, ring->out, size)) full.spin();
        const std::uint32_t in = ring->in;
        if (opts.wait_us > 0) usleep(opts.wait_us);  // -w: widen the race between producers
        buffer[in] = bb::item{p, i};
        ring->in = bb::next(in, size);  // publishes the item: the store above comes first
        // END SOLUTION
    }
    ++ring->producers_done;
    _exit(0);
}

}  // namespace

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "[-p PRODUCERS] [-n ITEMS] [-s BUFFER_SIZE] [-w MICROSECONDS] NAME");
    bb::options defaults;
    defaults.slots = 10;  // the lecture's BUFFER_SIZE
    const auto opts = bb::parse_options(argc, argv, "pnsw", defaults, 2);
    if (!opts) ipclab::usage();
    const char* name = opts->name;
    ipclab::require_ipc_name(name);
    const std::uint32_t size = opts->slots;  // BUFFER_SIZE
    // The parent is the consumer and may be blocked in write(): on a signal
    // the handler stops and reaps the producers, removes NAME and ends bb_naive.
    ipclab::on_exit_remove_names();
    ipclab::stop_children_on_signal();

    // Given: the shared memory, as in bb_run.
    int fd = check(shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600), "shm_open");
    ipclab::unlink_guard shm_guard(name, shm_unlink);
    check(ftruncate(fd, static_cast<off_t>(bb::object_size(size))), "ftruncate");
    ipclab::mapping map(ipclab::check_map(mmap(nullptr, bb::object_size(size), PROT_READ | PROT_WRITE, MAP_SHARED,
                                               fd, 0), "mmap"), bb::object_size(size));
    check(close(fd), "close");
    bb::ring* ring = map.as<bb::ring>();
    ring->slots = size;

    std::fflush(nullptr);
    for (std::uint32_t p = 1; p <= opts->producers; ++p) {
        const pid_t pid = check(fork(), "fork");
        if (pid == 0) {
            ipclab::become_child("bb_producer");
            producer(ring, size, *opts, p);
        }
        ipclab::add_child(pid);
    }

    // The consumer: take items until every producer is done and the buffer is empty.
    bb::item* buffer = bb::items_of(ring);
    std::vector<std::vector<std::uint32_t>> got(opts->producers + 1);  // got[P]: P's items, in arrival order
    char line[32];
    for (;;) {
        bb::item item{};
        // BEGIN SOLUTION: wait while the buffer is empty (stop when the producers are done), take the item at out, then move out on
        // STARTER: (void)buffer; break;
        spinner empty("the consumer waited for an item");
        bool done = false;
        while (bb::naive_empty(ring->in, ring->out)) {
            // All producers done and still empty: nothing more will come.
            if (ring->producers_done == opts->producers && bb::naive_empty(ring->in, ring->out)) {
                done = true;
                break;
            }
            empty.spin();
        }
        if (done) break;
        const std::uint32_t out = ring->out;
        item = buffer[out];
        ring->out = bb::next(out, size);  // the slot is free again
        // END SOLUTION
        if (ipclab::write_all(STDOUT_FILENO, line, bb::format_item(item, line, sizeof line)) < 0)
            ipclab::die("write");
        if (item.producer >= 1 && item.producer <= opts->producers) got[item.producer].push_back(item.index);
        else got[0].push_back(item.index);  // a slot nobody ever filled
    }
    for (std::uint32_t p = 1; p <= opts->producers; ++p) check(wait(nullptr), "wait");
    check(map.unmap(), "munmap");
    shm_guard.unlink_now();  // shm_unlink(name)

    // Given: what came, against what was sent.
    std::uint64_t lost = 0, duplicated = 0, out_of_order = got[0].size();
    for (std::uint32_t p = 1; p <= opts->producers; ++p) {
        std::vector<std::uint32_t> seen(opts->items + 1, 0);
        std::uint32_t last = 0;
        for (std::uint32_t i : got[p]) {
            if (i >= 1 && i <= opts->items && seen[i]++ > 0) ++duplicated;
            if (i <= last) ++out_of_order;
            last = i;
        }
        for (std::uint32_t i = 1; i <= opts->items; ++i) lost += seen[i] == 0;
    }
    const std::uint64_t sent = std::uint64_t{opts->producers} * opts->items;
    if (lost + duplicated + out_of_order > 0)
        ipclab::fail("%llu items sent, %llu lost, %llu duplicated, %llu out of order%s",
                     static_cast<unsigned long long>(sent), static_cast<unsigned long long>(lost),
                     static_cast<unsigned long long>(duplicated), static_cast<unsigned long long>(out_of_order),
                     opts->producers > 1 ? ": the producers race on 'in'" : "");
    std::fprintf(stderr, "bb_naive: %llu items, each exactly once and in order\n",
                 static_cast<unsigned long long>(sent));
    return 0;
}
