// mmap_read — print a file by mapping it, without a single read() call.
//
// usage: mmap_read FILE
//
// The reading half of the lecture's "unrelated processes" example (see
// mmap_write): FILE is mapped read-only and MAP_SHARED, so the mapping shows
// exactly what is in the file now, including what another process stored
// through its own mapping. The whole file is copied to stdout unchanged (any
// size, binary included); an empty file prints nothing.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/io.hpp>

using ipclab::check;

int main(int argc, char* argv[]) {
    if (argc != 2) ipclab::usage("FILE");
    const char* path = argv[1];

    // BEGIN SOLUTION: open FILE read-only and learn its size with fstat
    // STARTER: int fd = -1; size_t len = 0; (void)path;
    int fd = check(open(path, O_RDONLY), "open");
    struct stat st {};
    check(fstat(fd, &st), "fstat");
    const size_t len = static_cast<size_t>(st.st_size);
    // END SOLUTION

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
