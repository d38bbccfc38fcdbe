// ring_race — lab 11's ring (shm_ring.hpp, from the lab under test) between
// two threads, built with ThreadSanitizer by the lab's tests.
//
// usage: ring_race CAPACITY MESSAGES
//
// A writer thread sends MESSAGES messages of 1 to 300 bytes (a known pattern)
// through a ring of CAPACITY bytes; a reader thread receives and checks them.
// Two threads share memory the way two processes share a mapping, and the
// sanitizer sees every access: a byte read before the counter that publishes
// it was stored with release and loaded with acquire is reported as a data
// race, even on a CPU (x86) where the bug would rarely show. Prints
// "ring_race: N messages, every byte right" and exits 0, or says what was
// wrong and exits 1.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "shm_ring.hpp"

static std::byte expected(long message, std::size_t at) {
    return static_cast<std::byte>((message * 131 + static_cast<long>(at) * 7) & 0xff);
}
static std::size_t size_of(long message) { return static_cast<std::size_t>(1 + (message * 37) % 300); }

int main(int argc, char* argv[]) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: ring_race CAPACITY MESSAGES\n");
        return 2;
    }
    const auto capacity = static_cast<uint32_t>(std::atol(argv[1]));
    const long messages = std::atol(argv[2]);
    void* memory = std::aligned_alloc(64, (ring::bytes_for(capacity) + 63) / 64 * 64);
    std::memset(memory, 0, ring::bytes_for(capacity));
    ring::Ring* r = ring::make_ring(memory, capacity);

    std::thread writer([&] {
        std::vector<std::byte> buf(300);
        for (long m = 0; m < messages; ++m) {
            for (std::size_t i = 0; i < size_of(m); ++i) buf[i] = expected(m, i);
            ring::send(*r, buf.data(), size_of(m));
        }
    });
    std::vector<std::byte> buf(300);
    for (long m = 0; m < messages; ++m) {
        ring::receive(*r, buf.data(), size_of(m));
        for (std::size_t i = 0; i < size_of(m); ++i) {
            if (buf[i] != expected(m, i)) {
                std::fprintf(stderr, "ring_race: message %ld (%zu bytes) is wrong at byte %zu: %u where %u was sent\n",
                             m, size_of(m), i, static_cast<unsigned>(buf[i]), static_cast<unsigned>(expected(m, i)));
                std::_Exit(1);
            }
        }
    }
    writer.join();
    std::printf("ring_race: %ld messages, every byte right\n", messages);
    std::free(memory);
    return 0;
}
