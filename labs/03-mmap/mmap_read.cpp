// mmap_read — print a file by mapping it, without a single read() call.
//
// usage: mmap_read FILE
//
// The reading half of the lecture's "unrelated processes" example (see
// mmap_write): FILE is mapped read-only and MAP_SHARED, so the mapping shows
// exactly what is in the file now, including what another process stored
// through its own mapping. The whole file is copied to stdout unchanged (any
// size, binary included); an empty file prints nothing.
//
// Only a regular file has pages to map. Anything else is refused with
// "mmap_read: FILE: not a regular file (a directory)" (or a FIFO, a device...),
// exit 1; a FIFO is opened with O_NONBLOCK so that open() does not wait for a
// writer first. A /proc or /sys file says it holds 0 bytes whatever it shows:
// "mmap_read: FILE: a /proc or /sys file cannot be mapped", exit 1.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/io.hpp>

#include "mmap_lab.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "FILE");
    if (argc != 2) ipclab::usage();
    const char* path = argv[1];
    struct stat st {};

    // TODO: open FILE read-only and learn its size with fstat
    int fd = -1; size_t len = 0; (void)path;

    mmap_lab::require_mappable(path, fd, st);  // a regular file, not from /proc or /sys

    if (len == 0) {
        // An empty file: nothing to print, and mmap refuses a length of 0.
        if (fd >= 0) check(close(fd), "close");
        return 0;
    }

    // TODO: map the whole file read-only, close the fd, write the bytes to stdout, munmap
    return 0;
}
