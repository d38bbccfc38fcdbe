// bb_run — the lecture's bounded buffer between processes: a ring of SLOTS
// items in POSIX shared memory, guarded by three named semaphores.
//
// usage: bb_run [-s SLOTS] [-p PRODUCERS] [-c CONSUMERS] [-n ITEMS] NAME
//        defaults: 16 slots, 1 producer, 1 consumer, 1000 items per producer
//
// Creates the shm object NAME (it must not exist yet) holding the ring, and
// the semaphores NAME-empty (free slots: SLOTS), NAME-full (items: 0) and
// NAME-mutex (1: the ring's indexes are free), with sem_open. Forks the
// producers, each putting its ITEMS items "P I" (P = 1..PRODUCERS, I =
// 1..ITEMS in order), and the consumers, each printing every item it takes as
// one line "P I" on stdout. The last producer to finish puts one "no more
// items" per consumer. Waits for all of them, closes the semaphores and
// removes every name; prints "bb_run: N items through SLOTS slots (...)" on
// stderr.
//
// A child that dies (killed, or a failed call) ends the run: the others are
// stopped, every name is removed, and bb_run says which child ended how and
// exits 1 (a semaphore cannot tell its waiters that the poster is gone; the
// parent can). SIGINT, SIGTERM, SIGHUP and SIGQUIT are passed on to the
// children; once they are reaped, the names are removed and bb_run ends by
// the same signal.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <semaphore.h>
#include <string>
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

struct semaphores {
    sem_t* empty = nullptr;  // counts free slots
    sem_t* full = nullptr;   // counts items waiting
    sem_t* mutex = nullptr;  // 1 while nobody is changing in or out
};

// sem_open reports failure as SEM_FAILED, not -1.
[[maybe_unused]] sem_t* check_sem(sem_t* sem, const char* call) {
    if (sem == SEM_FAILED) ipclab::die(call);
    return sem;
}

// The producer's half of the lecture's bounded buffer.
void put(bb::ring* ring, semaphores sems, bb::item item) {
    // BEGIN SOLUTION: wait for a free slot, then for the mutex; store the item at in and move in on; release the mutex, then announce the item
    // STARTER: (void)ring; (void)sems; (void)item;
    // A free slot first, the mutex second: a producer that held the mutex
    // while waiting for a slot would stop the consumers from freeing one.
    check(sem_wait(sems.empty), "sem_wait");
    check(sem_wait(sems.mutex), "sem_wait");
    bb::items_of(ring)[ring->in] = item;
    ring->in = bb::next(ring->in, ring->slots);
    check(sem_post(sems.mutex), "sem_post");
    check(sem_post(sems.full), "sem_post");  // one more item for a consumer
    // END SOLUTION
}

// The consumer's half.
bb::item take(bb::ring* ring, semaphores sems) {
    bb::item item{};
    // BEGIN SOLUTION: wait for an item, then for the mutex; take the item at out and move out on; release the mutex, then announce the free slot
    // STARTER: (void)ring; (void)sems;
    check(sem_wait(sems.full), "sem_wait");
    check(sem_wait(sems.mutex), "sem_wait");
    item = bb::items_of(ring)[ring->out];
    ring->out = bb::next(ring->out, ring->slots);
    check(sem_post(sems.mutex), "sem_post");
    check(sem_post(sems.empty), "sem_post");  // one more free slot for a producer
    // END SOLUTION
    return item;
}

// Every process closes the semaphores it has open before it ends (a child
// has them open too: fork copies the parent's mappings of them).
void close_semaphores(semaphores sems) {
    // BEGIN SOLUTION: close the three semaphores
    // STARTER: (void)sems;
    check(sem_close(sems.empty), "sem_close");
    check(sem_close(sems.full), "sem_close");
    check(sem_close(sems.mutex), "sem_close");
    // END SOLUTION
}

[[noreturn]] void producer(bb::ring* ring, semaphores sems, const bb::options& opts, std::uint32_t p) {
    for (std::uint32_t i = 1; i <= opts.items; ++i) put(ring, sems, bb::item{p, i});
    // The last producer to finish tells each consumer that no more will come.
    check(sem_wait(sems.mutex), "sem_wait");
    const bool last = ++ring->producers_done == opts.producers;
    check(sem_post(sems.mutex), "sem_post");
    if (last)
        for (std::uint32_t c = 0; c < opts.consumers; ++c) put(ring, sems, bb::no_more_items);
    close_semaphores(sems);
    _exit(0);
}

[[noreturn]] void consumer(bb::ring* ring, semaphores sems) {
    char line[32];
    for (;;) {
        const bb::item item = take(ring, sems);
        if (bb::is_end(item)) break;
        // One write() per line: the lines of several consumers never mix.
        if (ipclab::write_all(STDOUT_FILENO, line, bb::format_item(item, line, sizeof line)) < 0)
            ipclab::die("write");
    }
    close_semaphores(sems);
    _exit(0);
}

struct child {
    pid_t pid;
    const char* role;
    std::uint32_t number;
    bool ended = false;
};

// Given: wait for every child. The first one that does not end well ends the
// run: the others are stopped (they may wait for it forever). Returns the
// description of what went wrong, or "" when all ended with status 0.
std::string wait_for_children(std::vector<child>& children) {
    std::string trouble;
    for (std::size_t left = children.size(); left > 0; --left) {
        int status = 0;
        const pid_t pid = check(waitpid(-1, &status, 0), "waitpid");
        for (child& c : children)
            if (c.pid == pid) c.ended = true;
        if ((WIFEXITED(status) && WEXITSTATUS(status) == 0) || !trouble.empty()) continue;
        char what[160];
        for (const child& c : children) {
            if (c.pid != pid) continue;
            if (WIFSIGNALED(status))
                std::snprintf(what, sizeof what, "%s %u (pid %d) was killed by signal %d (%s)", c.role, c.number,
                              static_cast<int>(pid), WTERMSIG(status), strsignal(WTERMSIG(status)));
            else
                std::snprintf(what, sizeof what, "%s %u (pid %d) exited with status %d", c.role, c.number,
                              static_cast<int>(pid), WEXITSTATUS(status));
            trouble = what;
        }
        for (const child& c : children)
            if (!c.ended) kill(c.pid, SIGKILL);
    }
    return trouble;
}

}  // namespace

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "[-s SLOTS] [-p PRODUCERS] [-c CONSUMERS] [-n ITEMS] NAME");
    const auto opts = bb::parse_options(argc, argv, "spcn");
    if (!opts) ipclab::usage();
    const char* name = opts->name;
    ipclab::require_ipc_name(name);
    const std::size_t size = bb::object_size(opts->slots);

    // Names are removed on exit(), error exits included. SIGINT, SIGTERM,
    // SIGHUP and SIGQUIT go to the children first (forward_signals replaces
    // those handlers); the names go once the children are reaped, below.
    ipclab::on_exit_remove_names();
    ipclab::forward_signals();

    bb::ring* ring = nullptr;
    semaphores sems;
    const std::string empty_name = bb::sem_name(name, "empty");
    const std::string full_name = bb::sem_name(name, "full");
    const std::string mutex_name = bb::sem_name(name, "mutex");

    // BEGIN SOLUTION: create NAME (it must not exist yet), give it size bytes, map it, close the fd
    // STARTER: (void)size;
    int fd = check(shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600), "shm_open");
    ipclab::unlink_guard shm_guard(name, shm_unlink);
    check(ftruncate(fd, static_cast<off_t>(size)), "ftruncate");  // a new object is 0 bytes long
    ipclab::mapping map(ipclab::check_map(mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), "mmap"),
                        size);
    check(close(fd), "close");  // the mapping keeps the object
    ring = map.as<bb::ring>();
    ring->slots = opts->slots;  // ftruncate filled the rest with zeros: in = out = 0
    // END SOLUTION

    // BEGIN SOLUTION: create the three semaphores (none may exist yet): empty = SLOTS, full = 0, mutex = 1
    // STARTER: (void)empty_name; (void)full_name; (void)mutex_name;
    sems.empty = check_sem(sem_open(empty_name.c_str(), O_CREAT | O_EXCL, 0600, opts->slots), "sem_open");
    ipclab::unlink_guard empty_guard(empty_name.c_str(), sem_unlink);
    sems.full = check_sem(sem_open(full_name.c_str(), O_CREAT | O_EXCL, 0600, 0), "sem_open");
    ipclab::unlink_guard full_guard(full_name.c_str(), sem_unlink);
    sems.mutex = check_sem(sem_open(mutex_name.c_str(), O_CREAT | O_EXCL, 0600, 1), "sem_open");
    ipclab::unlink_guard mutex_guard(mutex_name.c_str(), sem_unlink);
    // END SOLUTION

    // Given: the producers, then the consumers (once there is something to share).
    if (ring == nullptr || sems.empty == nullptr || sems.full == nullptr || sems.mutex == nullptr)
        ipclab::fail("the ring or a semaphore is not set up: see the TODOs in main()");
    std::fflush(nullptr);  // nothing buffered may be copied into a child
    std::vector<child> children;
    for (std::uint32_t p = 1; p <= opts->producers; ++p) {
        const pid_t pid = check(fork(), "fork");
        if (pid == 0) {
            ipclab::become_child("bb_producer");
            producer(ring, sems, *opts, p);
        }
        ipclab::add_child(pid);
        children.push_back({pid, "producer", p});
    }
    for (std::uint32_t c = 1; c <= opts->consumers; ++c) {
        const pid_t pid = check(fork(), "fork");
        if (pid == 0) {
            ipclab::become_child("bb_consumer");
            consumer(ring, sems);
        }
        ipclab::add_child(pid);
        children.push_back({pid, "consumer", c});
    }
    const std::string trouble = wait_for_children(children);

    // BEGIN SOLUTION: close the semaphores, then remove their names and NAME
    close_semaphores(sems);
    empty_guard.unlink_now();  // sem_unlink(NAME-empty)
    full_guard.unlink_now();   // sem_unlink(NAME-full)
    mutex_guard.unlink_now();  // sem_unlink(NAME-mutex)
    check(map.unmap(), "munmap");
    shm_guard.unlink_now();  // shm_unlink(NAME)
    // END SOLUTION

    ipclab::remove_registered_names();  // (anything left: a starter's)
    ipclab::end_like_signal();          // a SIGINT or SIGTERM came: end by it, like the children
    if (!trouble.empty()) ipclab::fail("%s: the run is incomplete", trouble.c_str());
    std::fprintf(stderr, "bb_run: %u items through %u slots (%u producers, %u consumers)\n",
                 opts->producers * opts->items, opts->slots, opts->producers, opts->consumers);
    return 0;
}
