// echo_server — one process serves many clients at once with poll().
//
// usage: echo_server [-a ADDR] [-p PORT] [-n N]
//
// Listens like date_server (ADDR default 127.0.0.1 or IPv6, PORT default
// 6013, 0 for any free port; prints "listening on ADDR:PORT") and sends every
// byte a client sends back to that client, unchanged: each line comes back as
// it went. With -n N it accepts N clients and ends once all N have hung up.
//
// One process, no threads, no fork: poll() waits on the listening socket and
// on every client at once, and says which are ready. Nobody can hold the
// others up:
// * every socket is non-blocking (SOCK_NONBLOCK), so a read() or write()
//   that cannot go on at once returns EAGAIN instead of putting the whole
//   server to sleep for one client;
// * a client that sends and does not read fills its socket: what cannot be
//   written yet waits in that client's `unsent` bytes, and the server stops
//   reading from that client (it asks poll() for POLLOUT instead of POLLIN)
//   until they are out. Its memory stays bounded; the others go on;
// * a client that is silent is simply never ready.
// A client that hangs up or resets its connection is closed and forgotten:
// that is the client's business, not an error of the server.
//
// Reproduces the lecture's "one server for many clients": the select/poll
// loop of lab 06, with a listening socket that is "readable" when a client
// is waiting to be accepted.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

#include <ipclab/check.hpp>
#include <ipclab/fd.hpp>
#include <ipclab/inet.hpp>

#include "tcp.hpp"

using ipclab::check;

namespace {

struct client {
    ipclab::unique_fd fd;
    std::string unsent;  // echoed bytes the client has not taken yet
};

// The client has gone away (or broke the connection): not our error.
bool client_gone(int err) { return err == ECONNRESET || err == EPIPE || err == ETIMEDOUT; }

// Write as much of c.unsent as the socket takes now. False: the client is gone.
bool flush_client(client& c) {
    while (!c.unsent.empty()) {
        const ssize_t n = write(c.fd.get(), c.unsent.data(), c.unsent.size());
        if (n == -1 && errno == EINTR) continue;
        if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;  // full: poll() says when
        if (n == -1 && client_gone(errno)) return false;
        check(n, "write");
        c.unsent.erase(0, static_cast<size_t>(n));
    }
    return true;
}

}  // namespace

int main(int argc, char* argv[]) {
    const tcp::server_options options = tcp::server_start(argc, argv);
    const ipclab::inet_address& address = options.address;
    // Given: writing to a client that has gone must not kill the server with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);

    // TODO: make a non-blocking TCP socket, allow a quick restart (SO_REUSEADDR), bind it and listen
    ipclab::unique_fd listener;
    (void)address;

    // Given: the address really bound, shown once clients can connect.
    std::printf("listening on %s\n", ipclab::format_address(ipclab::local_address(listener.get())).c_str());
    ipclab::flush_stdout();

    std::vector<client> clients;
    unsigned long accepted = 0;
    const auto more_to_come = [&] { return options.clients == 0 || accepted < options.clients; };
    while (more_to_come() || !clients.empty()) {
        // Entry 0: the listening socket, while more clients may come (fd -1: poll() skips it).
        // Entry i + 1: client i, for reading, or for writing while it has unsent bytes.
        std::vector<pollfd> watched;
        watched.push_back({more_to_come() ? listener.get() : -1, POLLIN, 0});
        // TODO: one pollfd per client: POLLIN, or POLLOUT while it has unsent bytes; then wait with no time limit
        break;

        // Every client poll() marked: take bytes or send back; forget the ones that left.
        std::vector<client> still_here;
        for (size_t i = 0; i < clients.size(); ++i) {
            client& c = clients[i];
            const short revents = watched[i + 1].revents;
            bool here = true;
            if (revents != 0 && !c.unsent.empty()) {
                here = flush_client(c);
            } else if (revents != 0) {
                char buf[65536];
                // TODO: read what the client sent (0: it hung up; EAGAIN: nothing after all) and echo it back
                (void)buf; here = false;
            }
            if (here) still_here.push_back(std::move(c));  // the others are closed right here
        }
        clients = std::move(still_here);

        // A client waiting to be accepted makes the listening socket readable.
        if (watched[0].revents & POLLIN) {
            // TODO: accept the waiting client as a non-blocking socket and watch it from now on
        }
    }
    return 0;
}
