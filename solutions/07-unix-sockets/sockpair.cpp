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

    // BEGIN SOLUTION: create a connected pair of UNIX stream sockets, then fork
    // STARTER: int sv[2] = {-1, -1};
    // STARTER: pid_t pid = -1;
    int sv[2];
    check(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), "socketpair");
    pid_t pid = check(fork(), "fork");
    // END SOLUTION

    if (pid == 0) {
        // Child: read the message to its end, answer in upper case.
        std::string received;
        const char* failed = "read";
        // BEGIN SOLUTION: close the parent's socket; read until EOF; write the answer back on the same socket; close it
        // STARTER: (void)sv; (void)failed;
        check(close(sv[0]), "close");
        check(ipclab::read_all(sv[1], received), "read");
        failed = "write";
        if (ipclab::write_all(sv[1], usock::to_upper(received)) == -1) ipclab::die(failed);
        check(close(sv[1]), "close");  // the parent's EOF
        // END SOLUTION
        _exit(0);  // never return into the parent's code
    }

    // Parent: send, half-close, read the answer, wait.
    std::string answer;
    ssize_t sent = 0;  // -1 if sending failed
    ssize_t got = 0;   // -1 if reading the answer failed
    int err = 0;       // the errno of the failure
    int status = 0;    // the child's, from waitpid
    // BEGIN SOLUTION: close the child's socket; send MESSAGE; shutdown(SHUT_WR); read the answer until EOF; wait for the child
    // STARTER: (void)message;
    check(close(sv[1]), "close");
    sent = ipclab::write_all(sv[0], message);
    err = errno;
    // close() would end both directions; shutdown(SHUT_WR) ends only ours:
    // the child reads EOF, and we can still read its answer.
    if (sent != -1) check(shutdown(sv[0], SHUT_WR), "shutdown");
    if (sent != -1) got = ipclab::read_all(sv[0], answer);
    if (got == -1) err = errno;
    check(close(sv[0]), "close");
    // Without waitpid() the child would stay a zombie until we exit.
    check(waitpid(pid, &status, 0), "waitpid");
    // END SOLUTION
    const bool child_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!child_ok) return 1;  // the child has said why
    if (sent == -1) ipclab::die("write", err);
    if (got == -1) ipclab::die("read", err);
    std::printf("parent received: %s\n", answer.c_str());
    return 0;
}
