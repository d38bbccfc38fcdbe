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

    // BEGIN SOLUTION: open FILE read-only and learn its size with fstat
    // STARTER: int fd = -1; size_t len = 0; (void)path;
    // O_NONBLOCK changes nothing for a file; for a FIFO it keeps open() from
    // waiting for a writer, so that we can refuse it just below.
    int fd = check(open(path, O_RDONLY | O_NONBLOCK), "open");
    check(fstat(fd, &st), "fstat");
    const size_t len = static_cast<size_t>(st.st_size);
    // END SOLUTION

    mmap_lab::require_mappable(path, fd, st);  // a regular file, not from /proc or /sys

    if (len == 0) {
        // An empty file: nothing to print, and mmap refuses a length of 0.
        if (fd >= 0) check(close(fd), "close");
        return 0;
    }

    // BEGIN SOLUTION: map the whole file read-only, close the fd, write the bytes to stdout, munmap
    // PROT_READ matches the O_RDONLY fd: asking for PROT_WRITE on a shared
    // mapping of a read-only fd fails with EACCES.
    const char* data = static_cast<const char*>(
        ipclab::check_map(mmap(nullptr, len, PROT_READ, MAP_SHARED, fd, 0), "mmap"));
    check(close(fd), "close");  // the mapping keeps the file open
    check(ipclab::write_all(STDOUT_FILENO, data, len), "write");
    check(munmap(const_cast<char*>(data), len), "munmap");
    // END SOLUTION
    return 0;
}
