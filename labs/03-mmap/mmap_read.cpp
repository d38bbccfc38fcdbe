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

    // TODO: open FILE read-only and learn its size with fstat
    int fd = -1; size_t len = 0; (void)path;

    if (len == 0) {
        // An empty file: nothing to print, and mmap refuses a length of 0.
        if (fd >= 0) check(close(fd), "close");
        return 0;
    }

    // TODO: map the whole file read-only, close the fd, write the bytes to stdout, munmap
    return 0;
}
