// date_server — the lecture's date server: one child process per client.
//
// usage: date_server [-a ADDR] [-p PORT] [-n N]
//
// Listens on ADDR (default 127.0.0.1; an IPv6 address such as ::1 works too)
// and PORT (default 6013, the lecture's; 0 lets the kernel pick a free port)
// and prints "listening on ADDR:PORT" (IPv6: "[ADDR]:PORT") with the port it
// really got, as soon as clients can connect. For each client it forks a
// child that sends the date, "YYYY-MM-DD HH:MM:SS" in local time and a
// newline, closes the connection and ends. With -n N it stops after N clients
// (once their children have ended); SIGINT and SIGTERM stop it too: it closes
// the listening socket, waits for its children and ends by that signal.
//
// * socket() makes an endpoint, bind() gives it an address, listen() makes
//   it a server socket, accept() returns one NEW socket per client: the
//   listening socket stays open for the next one.
// * SO_REUSEADDR: after a server stops, its old connections linger a while
//   (TIME_WAIT) and bind() on the same port would fail with "Address already
//   in use". The option lets a restarted server bind at once.
// * A child that has ended stays a zombie until its parent waits for it. The
//   server reaps them with waitpid(WNOHANG) whenever SIGCHLD says one ended,
//   never blocking for a child while clients wait.
// * Signals are blocked except inside ppoll(): a SIGINT, SIGTERM or SIGCHLD
//   can arrive only while the server waits, so none is lost between checking
//   the flags and going to sleep (the race a plain accept() would have).
//
// Reproduces the lecture's DateServer (Java's ServerSocket(6013), accept(),
// println(new Date()), close()) with the calls underneath, and a child per
// client as a forking server does it.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/inet.hpp>
#include <ipclab/io.hpp>

#include "tcp.hpp"

using ipclab::check;

namespace {

volatile sig_atomic_t stop_signal = 0;  // SIGINT or SIGTERM came: stop accepting

void on_stop(int sig) { stop_signal = sig; }
void on_child(int) {}  // only to wake ppoll(): main() reaps

// Reap every child that has ended, without waiting for one that has not.
void reap_children() {
    // BEGIN SOLUTION: reap every child that has ended, without blocking (waitpid with WNOHANG)
    pid_t pid;
    while ((pid = waitpid(-1, nullptr, WNOHANG)) > 0) {
    }
    if (pid == -1 && errno != ECHILD) ipclab::die("waitpid");
    // END SOLUTION
}

// In the child: send the date line to the client and end.
[[noreturn]] void serve_date(int client) {
    const std::time_t now = std::time(nullptr);
    std::tm local {};
    if (localtime_r(&now, &local) == nullptr) ipclab::die("localtime_r");
    const std::string line = tcp::date_line(local);
    // BEGIN SOLUTION: write the whole line to the client, close the connection and end the child
    // STARTER: (void)client;
    check(ipclab::write_all(client, line), "write");
    check(close(client), "close");
    // END SOLUTION
    _exit(0);
}

}  // namespace

int main(int argc, char* argv[]) {
    const tcp::server_options options = tcp::server_start(argc, argv);
    const ipclab::inet_address& address = options.address;

    // Given: a client that hangs up before its date is written must not kill
    // the child with SIGPIPE: write() then fails with EPIPE, which is reported.
    std::signal(SIGPIPE, SIG_IGN);
    // Given: SIGINT, SIGTERM and SIGCHLD are blocked, and get through only
    // while ppoll() waits (with the mask `waiting`).
    sigset_t blocked, waiting;
    sigemptyset(&blocked);
    for (int sig : {SIGINT, SIGTERM, SIGCHLD}) sigaddset(&blocked, sig);
    check(sigprocmask(SIG_BLOCK, &blocked, &waiting), "sigprocmask");
    struct sigaction sa {};
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop;
    for (int sig : {SIGINT, SIGTERM}) {
        struct sigaction old {};
        check(sigaction(sig, nullptr, &old), "sigaction");
        if (old.sa_handler != SIG_IGN) check(sigaction(sig, &sa, nullptr), "sigaction");
    }
    sa.sa_handler = on_child;
    sa.sa_flags = SA_NOCLDSTOP;
    check(sigaction(SIGCHLD, &sa, nullptr), "sigaction");

    // BEGIN SOLUTION: make a TCP socket for ADDR's family, allow a quick restart (SO_REUSEADDR), bind it and listen
    // STARTER: int listener = -1;
    // STARTER: (void)address;
    int listener = check(socket(address.family(), SOCK_STREAM | SOCK_CLOEXEC, 0), "socket");
    const int on = 1;
    check(setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on), "setsockopt");
    check(bind(listener, address.get(), address.length), "bind");
    check(listen(listener, SOMAXCONN), "listen");
    // END SOLUTION

    // Given: the address really bound (PORT 0 became a free port), shown once
    // clients can connect: a test or a user may connect the moment it appears.
    std::printf("listening on %s\n", ipclab::format_address(ipclab::local_address(listener)).c_str());
    ipclab::flush_stdout();

    unsigned long served = 0;
    while (stop_signal == 0 && (options.clients == 0 || served < options.clients)) {
        // Given: wait for a client, a signal, or both (signals get through only here).
        pollfd p = {listener, POLLIN, 0};
        const int ready = ppoll(&p, 1, nullptr, &waiting);
        if (ready == -1 && errno != EINTR) ipclab::die("ppoll");
        reap_children();
        if (ready <= 0) continue;

        // BEGIN SOLUTION: accept the client, fork a child that serves it (serve_date), close the parent's copy
        // STARTER: (void)serve_date;
        // STARTER: ++served;
        const int client = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (client == -1 && errno == ECONNABORTED) continue;  // it hung up while waiting in the queue
        check(client, "accept");
        const pid_t pid = fork();
        if (pid == -1) {
            close(client);
            ipclab::die("fork");
        }
        if (pid == 0) {
            // The child serves one client: it needs neither the listening
            // socket nor the parent's signal handling.
            close(listener);
            check(sigprocmask(SIG_SETMASK, &waiting, nullptr), "sigprocmask");
            serve_date(client);
        }
        // The parent's copy of the connection: if it stayed open, the client
        // would not see EOF when the child closes its copy.
        check(close(client), "close");
        ++served;
        // END SOLUTION
    }

    // No more clients: close the door, then wait for the children still serving.
    check(close(listener), "close");
    // BEGIN SOLUTION: wait for every child that is still running (no zombie, no orphan left behind)
    while (wait(nullptr) > 0) {
    }
    if (errno != ECHILD) ipclab::die("wait");
    // END SOLUTION
    if (stop_signal != 0) {
        // End by the signal that stopped us, so whoever started us sees how.
        std::signal(stop_signal, SIG_DFL);
        check(sigprocmask(SIG_SETMASK, &waiting, nullptr), "sigprocmask");
        std::raise(stop_signal);
    }
    return 0;
}
