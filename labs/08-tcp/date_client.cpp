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

    // TODO: look HOST and PORT up with getaddrinfo (TCP, IPv4 or IPv6), then connect to the first address that answers
    int sock = -1;
    (void)host;
    (void)sock;

    // TODO: copy what the server sends to stdout until it closes the connection, then close the socket
    return 0;
}
