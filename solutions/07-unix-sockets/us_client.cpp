// us_client — send stdin to a UNIX domain stream server, byte for byte.
//
// usage: us_client PATH < input
//
// Creates a stream socket, connects it to the server listening at the socket
// file PATH, copies stdin into it until EOF (any size, binary, 0 bytes
// included), and closes it: the server's read() then returns 0, its EOF.
//
// Failures: nobody at PATH is "us_client: connect: No such file or
// directory" (no file) or "... Connection refused" (a socket file nobody
// listens on), exit 1. A server that goes away while we send makes write()
// fail: "us_client: write: Broken pipe" (SIGPIPE is ignored so that we can
// say so), exit 1.
//
// Reproduces Kerrisk's us_xfr_cl example from the lecture: socket(),
// connect(), then write() as on a pipe.
#include <csignal>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/io.hpp>

#include "usock.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "PATH < input");
    if (argc != 2 || argv[1][0] == '-' || argv[1][0] == '\0') ipclab::usage();
    const sockaddr_un addr = usock::address_or_fail(argv[1]);

    // A write() to a connection the server has closed raises SIGPIPE, which
    // would end us without a word: ignore it and get EPIPE instead.
    std::signal(SIGPIPE, SIG_IGN);

    // BEGIN SOLUTION: create a stream socket and connect it to the server at PATH
    // STARTER: int fd = -1;
    // STARTER: (void)addr;
    int fd = check(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), "socket");
    check(connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), "connect");
    // END SOLUTION

    // BEGIN SOLUTION: copy stdin into the socket until EOF, then close it (the server's EOF)
    // STARTER: (void)fd;
    // write() may take fewer bytes than asked: copy_all loops until all went.
    const char* failed = "write";
    if (ipclab::copy_all(STDIN_FILENO, fd, &failed) == -1) ipclab::die(failed);
    check(close(fd), "close");
    // END SOLUTION
    return 0;
}
