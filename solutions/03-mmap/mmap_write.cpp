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

    // BEGIN SOLUTION: open or create FILE, and grow it (never shrink it) to hold TEXT
    // STARTER: int fd = -1; (void)path;
    int fd = check(open(path, O_RDWR | O_CREAT, 0600), "open");
    struct stat st {};
    check(fstat(fd, &st), "fstat");
    // Pages past the end of the file cannot be touched (SIGBUS): extend it first.
    if (st.st_size < static_cast<off_t>(len)) check(ftruncate(fd, static_cast<off_t>(len)), "ftruncate");
    // END SOLUTION

    if (len == 0) {
        // Nothing to store, and mmap refuses a length of 0.
        if (fd >= 0) check(close(fd), "close");
        return 0;
    }

    // BEGIN SOLUTION: map the first len bytes MAP_SHARED, close the fd, copy TEXT in, msync, munmap
    char* shared = static_cast<char*>(
        ipclab::check_map(mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), "mmap"));
    check(close(fd), "close");  // the mapping keeps the file open
    // A store into a MAP_SHARED mapping IS a change to the file: every process
    // that maps or reads the file sees it at once, through the page cache.
    std::memcpy(shared, text.data(), len);
    // msync(MS_SYNC) returns once the changed pages are on disk (munmap alone
    // would leave that to the kernel, some time later).
    check(msync(shared, len, MS_SYNC), "msync");
    check(munmap(shared, len), "munmap");
    // END SOLUTION
    return 0;
}
