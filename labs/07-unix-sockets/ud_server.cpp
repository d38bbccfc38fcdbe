// ud_server — a UNIX domain datagram server: each message back in upper case.
//
// usage: ud_server [-n N] PATH
//
// Creates a datagram socket and binds it to the socket file PATH. Then, for
// each datagram: recvfrom() gives the message AND the sender's address;
// sendto() that address answers with the message in upper case (ASCII
// letters only). One datagram in, one datagram out: a datagram socket keeps
// message boundaries, so two messages never merge and one is never split.
// With -n N it exits 0 after N answers; without, it serves until stopped.
//
// A message has at most 4096 bytes (usock::max_datagram, our buffer). A
// longer one is not answered, and not cut either: "ud_server: a datagram of
// N bytes is longer than 4096: dropped" on stderr, and the server goes on. A
// datagram from a socket that has no address of its own cannot be answered:
// "ud_server: a datagram of N bytes came without a return address: not
// answered", and the server goes on; so does a sender that is gone before its
// answer ("... is gone: not answered"). None of these counts for -n.
//
// PATH: as us_server (a file that is not a socket is refused, a stale socket
// replaced, PATH removed on every way out, signals included).
//
// Reproduces Kerrisk's ud_ucase_sv example from the lecture.
#include <cerrno>
#include <cstdio>
#include <string>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/fd.hpp>
#include <ipclab/unlink_guard.hpp>

#include "usock.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "[-n N] PATH");
    const auto args = usock::parse_server_args(argc, argv);
    if (!args) ipclab::usage();
    const char* path = args->path;
    const sockaddr_un addr = usock::address_or_fail(path);

    ipclab::on_exit_remove_names();
    usock::prepare_path(path, SOCK_DGRAM);

    // TODO: create a datagram socket and bind it to PATH (then PATH is ours to remove)
    int sock_fd = -1;
    (void)addr;
    ipclab::unique_fd sock(sock_fd);

    unsigned long answered = 0;
    while (args->count == 0 || answered < args->count) {
        char buf[usock::max_datagram];
        sockaddr_un from{};
        socklen_t from_size = sizeof from;
        ssize_t got = -1;
        // TODO: receive one datagram and the address of its sender (MSG_TRUNC: its real length)
        (void)from_size;
        break;

        // Given: what cannot be answered is reported, and we go on.
        if (static_cast<size_t>(got) > sizeof buf) {
            std::fprintf(stderr, "ud_server: a datagram of %zd bytes is longer than %zu: dropped\n", got, sizeof buf);
            continue;
        }
        if (!usock::has_return_address(from_size)) {
            std::fprintf(stderr, "ud_server: a datagram of %zd bytes came without a return address: not answered\n", got);
            continue;
        }

        const std::string answer = usock::to_upper(std::string_view(buf, static_cast<size_t>(got)));
        // TODO: send the answer as one datagram to the sender's address
        (void)answer;
        ++answered;
    }
    check(close(sock.release()), "close");
    return 0;  // the guard removes PATH
}
