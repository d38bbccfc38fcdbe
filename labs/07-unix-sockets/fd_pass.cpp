// fd_pass — a parent opens a file and hands the open descriptor to its child.
//
// usage: fd_pass FILE
//
// The parent makes a pair of connected UNIX domain sockets (socketpair) and
// forks FIRST, so the child inherits no descriptor of FILE. Then the parent
// opens FILE and sends the open descriptor over the socket: sendmsg() with a
// control message of type SCM_RIGHTS carrying the fd (and one ordinary byte:
// a message must carry at least one). The kernel installs a new descriptor
// in the child, for the same open file (same offset, same flags), like a
// dup() across processes. The child, which never opens FILE itself, receives
// it with recvmsg() and copies the file to stdout, byte for byte. The parent
// closes its own copy and waits for the child.
//
// Failures: the parent's "fd_pass: open: reason" (a missing or unreadable
// FILE), exit 1; the child's "fd_pass: read: Is a directory" (a directory
// opens, but does not read), "fd_pass: write: reason", exit 1.
//
// Reproduces the lecture's point that UNIX domain sockets can pass file
// descriptors (Kerrisk's scm_rights_send / scm_rights_recv).
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/io.hpp>

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "FILE");
    if (argc != 2 || argv[1][0] == '\0' || (argv[1][0] == '-' && argv[1][1] != '\0')) ipclab::usage();
    const char* path = argv[1];
    std::signal(SIGPIPE, SIG_IGN);  // a child that ended early: EPIPE, not a silent death

    // TODO: create a connected pair of UNIX sockets, then fork (before FILE is open)
    int sv[2] = {-1, -1};
    pid_t pid = -1;

    if (pid == 0) {
        // Child: receive a descriptor, read the file through it.
        int fd = -1;
        // TODO: close the parent's socket; recvmsg() one byte with room for one SCM_RIGHTS fd; take the fd out
        (void)sv;
        if (fd < 0) ipclab::fail("no file descriptor arrived");
        const char* failed = "read";
        if (ipclab::copy_all(fd, STDOUT_FILENO, &failed) == -1) ipclab::die(failed);
        check(close(fd), "close");
        _exit(0);  // never return into the parent's code
    }

    // Parent: open FILE, send the descriptor, close our copy, wait.
    const char* failed = nullptr;  // a call that failed, reported once the child has ended
    int err = 0;                   // and its errno
    int status = 0;
    // TODO: close the child's socket; open FILE; sendmsg() one byte with an SCM_RIGHTS control message holding the fd; close the fd and the socket; wait
    (void)path;
    if (failed != nullptr) ipclab::die(failed, err);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
