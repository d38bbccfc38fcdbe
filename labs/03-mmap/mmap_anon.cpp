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

    // TODO: map one zero-filled int: anonymous (shared or private), or /dev/zero
    static int not_shared = 0; int* counter = &not_shared;

    pid_t pid = check(fork(), "fork");
    if (pid == 0) {
        // Child: with MAP_PRIVATE this store copies the page and changes the copy.
        *counter += 1;
        _exit(0);
    }

    int status = 0;
    // TODO: wait for the child before looking at the counter
    std::printf("parent sees: %d\n", *counter);
    ipclab::flush_stdout();

    // TODO: unmap
    return mmap_lab::child_succeeded(status) ? 0 : 1;
}
