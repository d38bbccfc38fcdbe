// sockpair — a parent and its child talk both ways over one socketpair().
//
// usage: sockpair [MESSAGE]     (default "hello")
//
// socketpair() makes two connected UNIX domain stream sockets at once: what
// is written into one is read from the other, in BOTH directions (a pipe
// goes one way only). After fork() the parent keeps sv[0] and the child
// sv[1]; each closes the other one. The parent sends MESSAGE and then shuts
// down its sending direction (shutdown(SHUT_WR)): the child's read() sees
// EOF, while the parent can still read. The child answers with MESSAGE in
// upper case on the same socket and closes it; the parent reads the answer
// until EOF, prints "parent received: ANSWER" and waits for the child.
//
// Failures: "sockpair: CALL: reason", exit 1. A child that fails says why
// and exits 1; the parent then exits 1 too, without a second message.
//
// Reproduces the lecture's socketpair() point: a bidirectional pipe.
#include <csignal>
#include <cstdio>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/io.hpp>

#include "usock.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "[MESSAGE]");
    if (argc > 2) ipclab::usage();
    const std::string_view message = argc == 2 ? argv[1] : "hello";

    // A child that fails ends early; our write() then fails with EPIPE
    // (reported below) instead of killing us with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);

    // TODO: create a connected pair of UNIX stream sockets, then fork
    int sv[2] = {-1, -1};
    pid_t pid = -1;

    if (pid == 0) {
        // Child: read the message to its end, answer in upper case.
        std::string received;
        const char* failed = "read";
        // TODO: close the parent's socket; read until EOF; write the answer back on the same socket; close it
        (void)sv; (void)failed;
        _exit(0);  // never return into the parent's code
    }

    // Parent: send, half-close, read the answer, wait.
    std::string answer;
    ssize_t sent = 0;  // -1 if sending failed
    ssize_t got = 0;   // -1 if reading the answer failed
    int err = 0;       // the errno of the failure
    int status = 0;    // the child's, from waitpid
    // TODO: close the child's socket; send MESSAGE; shutdown(SHUT_WR); read the answer until EOF; wait for the child
    (void)message;
    const bool child_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!child_ok) return 1;  // the child has said why
    if (sent == -1) ipclab::die("write", err);
    if (got == -1) ipclab::die("read", err);
    std::printf("parent received: %s\n", answer.c_str());
    return 0;
}
