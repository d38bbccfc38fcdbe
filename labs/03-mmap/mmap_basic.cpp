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

    // TODO: create FILE, make it len bytes long, map it MAP_SHARED, close the fd
    char* shared = nullptr; (void)path; (void)len;

    pid_t pid = check(fork(), "fork");
    if (pid == 0) {
        // Child: its copy of the mapping refers to the same pages as the parent's.
        // TODO: write TEXT into the mapping (a plain memory store, no write())
        (void)shared;
        _exit(0);  // never return into the parent's code
    }

    // Parent: nothing is in the mapping until the child has run.
    int status = 0;
    std::string_view seen = "";
    // TODO: wait for the child, then look at what it wrote, through our own mapping
    (void)pid;
    std::printf("parent read: %.*s\n", static_cast<int>(seen.size()), seen.data());
    ipclab::flush_stdout();

    // TODO: unmap (the file keeps what was written)
    return mmap_lab::child_succeeded(status) ? 0 : 1;
}
