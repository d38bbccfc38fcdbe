// date_client — ask a date server for the date and print what it sends.
//
// usage: date_client [HOST] [PORT]     (defaults: 127.0.0.1 and 6013)
//
// getaddrinfo() turns HOST (a name such as localhost, or a numeric IPv4 or
// IPv6 address) and PORT into a list of addresses; the client tries them in
// order until connect() succeeds, then copies everything the server sends to
// stdout, byte for byte, until the server closes the connection (read()
// returns 0). A name that does not resolve is "date_client: getaddrinfo:
// REASON"; a server that is not there, "date_client: connect: Connection
// refused"; both exit 1.
//
// Reproduces the lecture's DateClient (new Socket("127.0.0.1", 6013), then
// readLine() until null) with the calls underneath.
#include <cerrno>
#include <cstdio>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/inet.hpp>
#include <ipclab/io.hpp>

#include "tcp.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    const char* args = "[HOST] [PORT]";
    ipclab::start(argc, argv, args);
    if (argc > 3) ipclab::usage(args);
    const char* host = argc > 1 ? argv[1] : tcp::default_host;
    const std::string port = argc > 2 ? argv[2] : std::to_string(tcp::default_port);
    const auto port_number = ipclab::parse_port(port);
    if (host[0] == '\0' || host[0] == '-' || !port_number || *port_number == 0) ipclab::usage(args);

    // BEGIN SOLUTION: look HOST and PORT up with getaddrinfo (TCP, IPv4 or IPv6), then connect to the first address that answers
    // STARTER: int sock = -1;
    // STARTER: (void)host;
    // STARTER: (void)sock;
    addrinfo hints {};
    hints.ai_family = AF_UNSPEC;      // IPv4 or IPv6: whatever HOST has
    hints.ai_socktype = SOCK_STREAM;  // TCP
    hints.ai_flags = AI_NUMERICSERV;  // PORT is a number, not a service name
    addrinfo* found = nullptr;
    const int rc = getaddrinfo(host, port.c_str(), &hints, &found);
    if (rc == EAI_SYSTEM) ipclab::die("getaddrinfo");
    if (rc != 0) ipclab::fail("getaddrinfo: %s", gai_strerror(rc));
    int sock = -1;
    int connect_error = 0;
    for (addrinfo* a = found; a != nullptr && sock == -1; a = a->ai_next) {
        sock = check(socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol), "socket");
        if (connect(sock, a->ai_addr, a->ai_addrlen) == -1) {
            connect_error = errno;  // try the next address; report the last failure
            close(sock);
            sock = -1;
        }
    }
    freeaddrinfo(found);
    if (sock == -1) ipclab::die("connect", connect_error);
    // END SOLUTION

    // BEGIN SOLUTION: copy what the server sends to stdout until it closes the connection, then close the socket
    const char* failed = nullptr;
    if (ipclab::copy_all(sock, STDOUT_FILENO, &failed) == -1) ipclab::die(failed);
    check(close(sock), "close");
    // END SOLUTION
    return 0;
}
