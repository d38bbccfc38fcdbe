// mmap_basic — a parent and its child share a file through a MAP_SHARED mapping.
//
// usage: mmap_basic FILE [TEXT]   (TEXT defaults to "hello from the child")
//
// Reproduces the lecture's mmap_basic example. The parent creates FILE, sizes it
// to TEXT's length with ftruncate (the new bytes read as zeros), maps it
// MAP_SHARED and closes the fd: the mapping keeps its own reference to the file.
// After fork() the child writes TEXT into the mapping it inherited and exits.
// The parent waits, then prints "parent read: TEXT" from its own mapping: both
// mappings are the same pages, which are the file's pages, so FILE holds TEXT
// afterwards. FILE must not exist yet (O_EXCL); TEXT must not be empty, because
// mmap cannot map 0 bytes.
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string_view>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>

#include "mmap_lab.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "FILE [TEXT]");
    if (argc < 2 || argc > 3) ipclab::usage();
    const char* path = argv[1];
    const std::string_view text = argc == 3 ? argv[2] : "hello from the child";
    if (text.empty()) ipclab::usage("FILE [TEXT]  (TEXT may not be empty: mmap cannot map 0 bytes)");
    const size_t len = text.size();

    // BEGIN SOLUTION: create FILE, make it len bytes long, map it MAP_SHARED, close the fd
    // STARTER: char* shared = nullptr; (void)path; (void)len;
    int fd = check(open(path, O_RDWR | O_CREAT | O_EXCL, 0600), "open");
    // A new file is 0 bytes long. Touching a mapped page that lies wholly past
    // the end of the file raises SIGBUS, so give the file its size first.
    check(ftruncate(fd, static_cast<off_t>(len)), "ftruncate");
    // MAP_SHARED: stores go to the file's pages, which every mapping of the
    // file (ours, the child's, any other process's) and read() itself see.
    char* shared = static_cast<char*>(
        ipclab::check_map(mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), "mmap"));
    // The mapping holds its own reference to the file: the fd is no longer needed.
    check(close(fd), "close");
    // END SOLUTION

    pid_t pid = check(fork(), "fork");
    if (pid == 0) {
        // Child: its copy of the mapping refers to the same pages as the parent's.
        // BEGIN SOLUTION: write TEXT into the mapping (a plain memory store, no write())
        // STARTER: (void)shared;
        std::memcpy(shared, text.data(), len);
        // END SOLUTION
        _exit(0);  // never return into the parent's code
    }

    // Parent: nothing is in the mapping until the child has run.
    int status = 0;
    std::string_view seen = "";
    // BEGIN SOLUTION: wait for the child, then look at what it wrote, through our own mapping
    // STARTER: (void)pid;
    check(waitpid(pid, &status, 0), "waitpid");
    // The file was zero-filled: the child's text ends at the first zero byte.
    seen = std::string_view(shared, strnlen(shared, len));
    // END SOLUTION
    std::printf("parent read: %.*s\n", static_cast<int>(seen.size()), seen.data());
    ipclab::flush_stdout();

    // BEGIN SOLUTION: unmap (the file keeps what was written)
    check(munmap(shared, len), "munmap");
    // END SOLUTION
    return mmap_lab::child_succeeded(status) ? 0 : 1;
}
