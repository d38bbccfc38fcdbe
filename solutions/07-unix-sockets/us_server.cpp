// us_server — a UNIX domain stream server: one client at a time, its bytes to stdout.
//
// usage: us_server [-n N] PATH
//
// Creates a stream socket, binds it to the socket file PATH, listens, and
// then, client after client: accept() a connection, copy everything the
// client sends to stdout (byte for byte, any size) until the client closes
// its end, close the connection, accept the next one. With -n N it exits 0
// after N clients; without, it serves until it is stopped.
//
// PATH: a file that is not a socket is refused ("us_server: PATH: exists and
// is not a socket", exit 1); a stale socket (its server is gone) is replaced;
// one a live server is using is refused. A path longer than 107 bytes does
// not fit in sockaddr_un and is refused. PATH is removed on every way out:
// -n N reached, an error, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE.
//
// Reproduces Kerrisk's us_xfr_sv example from the lecture: socket(),
// bind(), listen(), accept(), then read() and write() as on a pipe.
#include <cstdio>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/fd.hpp>
#include <ipclab/io.hpp>
#include <ipclab/unlink_guard.hpp>

#include "usock.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "[-n N] PATH");
    const auto args = usock::parse_server_args(argc, argv);
    if (!args) ipclab::usage();
    const char* path = args->path;
    const sockaddr_un addr = usock::address_or_fail(path);

    // Remove PATH on exit() and on SIGINT/SIGTERM/..., once the guard below holds it.
    ipclab::on_exit_remove_names();
    // Given: refuse a file that is not a socket, remove a stale socket.
    usock::prepare_path(path, SOCK_STREAM);

    // BEGIN SOLUTION: create a stream socket, bind it to PATH (then PATH is ours to remove), listen
    // STARTER: int listen_fd = -1;
    // STARTER: (void)addr;
    // SOCK_CLOEXEC: no program we might exec should inherit the socket.
    int listen_fd = check(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), "socket");
    // bind() creates the socket file; it fails with EADDRINUSE if any file is there.
    check(bind(listen_fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), "bind");
    ipclab::unlink_guard guard(path, unlink);  // from here on, PATH goes with us
    // A passive socket: connect() of clients now succeeds, and up to
    // `backlog` connections wait in the kernel until we accept() them.
    check(listen(listen_fd, usock::backlog), "listen");
    // END SOLUTION
    ipclab::unique_fd listener(listen_fd);

    for (unsigned long served = 0; args->count == 0 || served < args->count; ++served) {
        // BEGIN SOLUTION: accept the next client, copy its bytes to stdout until it closes, close the connection
        // STARTER: break;
        // accept() waits for a client and returns a NEW socket, connected to
        // that one client; the listening socket stays as it was.
        ipclab::unique_fd client(check(accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC), "accept"));
        // read() returns 0 when the client has closed its end: its EOF.
        const char* failed = "read";
        if (ipclab::copy_all(client.get(), STDOUT_FILENO, &failed) == -1) ipclab::die(failed);
        // Close it: every client we forget to close keeps an fd (and a
        // kernel socket) until we exit.
        check(close(client.release()), "close");
        // END SOLUTION
    }
    check(close(listener.release()), "close");
    return 0;  // the guard removes PATH
}
