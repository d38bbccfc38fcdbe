// ud_client — send messages to ud_server as datagrams and print its answers.
//
// usage: ud_client PATH MSG...
//
// Creates a datagram socket and binds it to an address of its own: without
// one, the server's recvfrom() gets no return address and cannot answer.
// (Ours is "\0ud_client.PID", in Linux's abstract namespace: no file, so
// nothing to remove, even if we are killed.) Then, for each MSG in order:
// sendto() the server at PATH, as ONE datagram; recvfrom() the answer (one
// datagram again); print "response I: ANSWER" (I from 1).
//
// Each MSG is one datagram, whatever it holds (spaces, newlines, nothing at
// all): its boundaries are kept, so the server answers each on its own. A
// MSG longer than the server's buffer (4096 bytes) would not be answered:
// it is refused before anything is sent ("ud_client: message I has N bytes,
// more than 4096", exit 1).
//
// Failures: no server at PATH is "ud_client: sendto: No such file or
// directory" or "... Connection refused" (a stale socket file), exit 1.
//
// Reproduces Kerrisk's ud_ucase_cl example from the lecture.
#include <cstdio>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/fd.hpp>

#include "usock.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "PATH MSG...");
    if (argc < 3 || argv[1][0] == '-' || argv[1][0] == '\0') ipclab::usage();
    const sockaddr_un server = usock::address_or_fail(argv[1]);
    for (int i = 2; i < argc; ++i) {
        const size_t len = std::string_view(argv[i]).size();
        if (len > usock::max_datagram) ipclab::fail("message %d has %zu bytes, more than %zu", i - 1, len, usock::max_datagram);
    }
    const usock::client_address me = usock::make_client_address(getpid());

    // BEGIN SOLUTION: create a datagram socket and bind it to our own address (me.addr, me.size bytes)
    // STARTER: int sock_fd = -1;
    // STARTER: (void)me;
    int sock_fd = check(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket");
    // The server answers to the address recvfrom() tells it: ours.
    check(bind(sock_fd, reinterpret_cast<const sockaddr*>(&me.addr), me.size), "bind");
    // END SOLUTION
    ipclab::unique_fd sock(sock_fd);

    for (int i = 2; i < argc; ++i) {
        const std::string_view message = argv[i];
        char buf[usock::max_datagram];
        ssize_t got = 0;
        // BEGIN SOLUTION: send the message as one datagram to the server, then receive its answer
        // STARTER: (void)server; (void)message;
        const ssize_t sent = check(sendto(sock.get(), message.data(), message.size(), 0,
                                          reinterpret_cast<const sockaddr*>(&server), sizeof server),
                                   "sendto");
        if (static_cast<size_t>(sent) != message.size()) ipclab::die("sendto", EMSGSIZE);  // whole or not at all
        // The answer is one datagram: one recvfrom(), never a loop that
        // would glue two answers together. MSG_TRUNC: its real length.
        got = check(recvfrom(sock.get(), buf, sizeof buf, MSG_TRUNC, nullptr, nullptr), "recvfrom");
        if (static_cast<size_t>(got) > sizeof buf) ipclab::fail("an answer of %zd bytes is longer than %zu", got, sizeof buf);
        // END SOLUTION
        const std::string line = usock::response_line(static_cast<size_t>(i - 1), std::string_view(buf, static_cast<size_t>(got)));
        std::fwrite(line.data(), 1, line.size(), stdout);
        ipclab::flush_stdout();
    }
    check(close(sock.release()), "close");
    return 0;
}
