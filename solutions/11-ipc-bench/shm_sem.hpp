// shm_sem.hpp — the shm-sem transport: one direction of bytes through a buffer
// in shared memory, handed back and forth with two process-shared semaphores.
//
// Lab 04's protocol, made a transport: the sender waits until the buffer is
// free (wsem), fills it and posts rsem; the receiver waits for rsem, copies
// the bytes out and posts wsem. One message larger than the buffer goes
// through in pieces. Every hand-off costs two semaphore operations, and a
// sleeping side a system call to wake it: cheaper than a pipe's copy into the
// kernel for big messages, not free for small ones.
#pragma once

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <semaphore.h>

#include <ipclab/check.hpp>

#include "shm_ring.hpp"  // ring::spin_until

namespace handoff {

// The header; the buffer's bytes follow it in the shared memory (see buf()).
struct alignas(64) Buffer {
    sem_t wsem;          // 1 while the buffer is the sender's to fill
    sem_t rsem;          // 1 while it holds bytes for the receiver
    std::size_t cnt;     // how many bytes it holds
    std::size_t capacity;
};

inline std::byte* buf(Buffer& b) { return reinterpret_cast<std::byte*>(&b + 1); }

inline std::size_t bytes_for(std::size_t capacity) { return sizeof(Buffer) + capacity; }

// sem_wait, after a short spin with sem_trywait (the same spin as shm-ring's,
// see ring::spin_until: a sleep and a wake-up cost more than a short wait),
// going on after a signal. (A semaphore cannot tell that the process that
// should post it has died: the benchmark watches its partner.)
inline void wait(sem_t* sem) {
    if (ring::spin_until([sem] { return sem_trywait(sem) == 0; })) return;
    while (sem_wait(sem) == -1) {
        if (errno != EINTR) ipclab::die("sem_wait");
    }
}

// An empty buffer in the memory at `where`, shared by two processes.
inline Buffer* make_buffer(void* where, std::size_t capacity) {
    Buffer* b = static_cast<Buffer*>(where);
    b->cnt = 0;
    b->capacity = capacity;
    // BEGIN SOLUTION: two semaphores shared between processes: the buffer starts as the sender's
    // STARTER: ipclab::fail("shm-sem: handoff::make_buffer is still a TODO (shm_sem.hpp)");
    ipclab::check(sem_init(&b->wsem, 1, 1), "sem_init");  // pshared = 1: it lives in shared memory
    ipclab::check(sem_init(&b->rsem, 1, 0), "sem_init");
    // END SOLUTION
    return b;
}

inline void destroy_buffer(Buffer* b) {
    sem_destroy(&b->wsem);
    sem_destroy(&b->rsem);
}

// Send `size` bytes, one buffer at a time.
inline void send(Buffer& b, const std::byte* data, std::size_t size) {
    while (size > 0) {
        const std::size_t n = std::min(size, b.capacity);
        // BEGIN SOLUTION: wait until the buffer is ours, fill it, hand it to the receiver
        // STARTER: (void)n; (void)data; ipclab::fail("shm-sem: handoff::send is still a TODO (shm_sem.hpp)");
        wait(&b.wsem);
        std::memcpy(buf(b), data, n);
        b.cnt = n;
        ipclab::check(sem_post(&b.rsem), "sem_post");
        // END SOLUTION
        data += n;
        size -= n;
    }
}

// Receive exactly `size` bytes.
inline void receive(Buffer& b, std::byte* data, std::size_t size) {
    while (size > 0) {
        std::size_t n = 0;
        // BEGIN SOLUTION: wait for a full buffer, copy it out, hand it back to the sender
        // STARTER: (void)b; (void)data; ipclab::fail("shm-sem: handoff::receive is still a TODO (shm_sem.hpp)");
        wait(&b.rsem);
        n = b.cnt;
        if (n == 0 || n > size) ipclab::fail("shm-sem: a hand-off of %zu bytes where at most %zu were due", n, size);
        std::memcpy(data, buf(b), n);
        ipclab::check(sem_post(&b.wsem), "sem_post");
        // END SOLUTION
        data += n;
        size -= n;
    }
}

}  // namespace handoff
