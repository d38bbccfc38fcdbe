// mmap_write — store TEXT at the start of FILE through a shared mapping.
//
// usage: mmap_write FILE TEXT
//
// The writing half of the lecture's "unrelated processes" example (mmap_read
// is the other half): no fork, no pipe, just two programs that map the same
// file. FILE is created (mode 0600) if missing and grown to TEXT's length if
// shorter; it is never shrunk, so bytes past TEXT stay as they were. The text
// is stored with memcpy into a MAP_SHARED mapping: no write() call. msync()
// then waits until the pages are written back to the file on disk. Prints
// nothing on success. An empty TEXT creates FILE (if missing) and changes nothing.
#include <cstring>
#include <fcntl.h>
#include <string_view>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ipclab/check.hpp>

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "FILE TEXT");
    if (argc != 3) ipclab::usage();
    const char* path = argv[1];
    const std::string_view text = argv[2];
    const size_t len = text.size();

    // TODO: open or create FILE, and grow it (never shrink it) to hold TEXT
    int fd = -1; (void)path;

    if (len == 0) {
        // Nothing to store, and mmap refuses a length of 0.
        if (fd >= 0) check(close(fd), "close");
        return 0;
    }

    // TODO: map the first len bytes MAP_SHARED, close the fd, copy TEXT in, msync, munmap
    return 0;
}
