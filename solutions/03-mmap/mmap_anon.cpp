// mmap_anon — share memory with a child without any file: MAP_ANONYMOUS.
//
// usage: mmap_anon              MAP_SHARED | MAP_ANONYMOUS   -> "parent sees: 1"
//        mmap_anon --private    MAP_PRIVATE | MAP_ANONYMOUS  -> "parent sees: 0"
//        mmap_anon --dev-zero   MAP_SHARED of /dev/zero      -> "parent sees: 1"
//
// Reproduces the lecture's "taking it further" step: when only a parent and
// its children share memory, no file is needed. An anonymous mapping starts
// zero-filled; fork() gives the child the same pages if the mapping is
// MAP_SHARED, and copy-on-write pages if it is MAP_PRIVATE. The child adds 1
// to a counter in the mapping; the parent waits and prints what it sees.
// Mapping /dev/zero MAP_SHARED is the older way to get the same result.
#include <cstdio>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>

#include "mmap_lab.hpp"

using ipclab::check;
using mmap_lab::anon_mode;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "[--private | --dev-zero]");
    const auto mode = mmap_lab::parse_anon_mode(argc, argv);
    if (!mode) ipclab::usage();

    // BEGIN SOLUTION: map one zero-filled int: anonymous (shared or private), or /dev/zero
    // STARTER: static int not_shared = 0; int* counter = &not_shared;
    void* addr = nullptr;
    if (*mode == anon_mode::dev_zero) {
        // Every page of /dev/zero reads as zeros; a MAP_SHARED mapping of it
        // gives pages the parent and child share, like MAP_ANONYMOUS does.
        int fd = check(open("/dev/zero", O_RDWR), "open");
        addr = ipclab::check_map(mmap(nullptr, sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), "mmap");
        check(close(fd), "close");
    } else {
        // No file: fd is -1 and the offset 0; the pages start zero-filled.
        const int sharing = *mode == anon_mode::private_ ? MAP_PRIVATE : MAP_SHARED;
        addr = ipclab::check_map(
            mmap(nullptr, sizeof(int), PROT_READ | PROT_WRITE, sharing | MAP_ANONYMOUS, -1, 0), "mmap");
    }
    int* counter = static_cast<int*>(addr);
    // END SOLUTION

    pid_t pid = check(fork(), "fork");
    if (pid == 0) {
        // Child: with MAP_PRIVATE this store copies the page and changes the copy.
        *counter += 1;
        _exit(0);
    }

    int status = 0;
    // BEGIN SOLUTION: wait for the child before looking at the counter
    check(waitpid(pid, &status, 0), "waitpid");
    // END SOLUTION
    std::printf("parent sees: %d\n", *counter);
    ipclab::flush_stdout();

    // BEGIN SOLUTION: unmap
    check(munmap(counter, sizeof(int)), "munmap");
    // END SOLUTION
    return mmap_lab::child_succeeded(status) ? 0 : 1;
}
