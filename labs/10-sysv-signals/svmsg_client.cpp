// svmsg_client — send MESSAGE to svmsg_server and print its reply.
//
// usage: svmsg_client [-w SECONDS] KEYFILE MESSAGE     (MESSAGE: 512 bytes at most)
//
// Finds the server's queue by the key ftok(KEYFILE, 'L') (msgget without
// IPC_CREAT: no queue, no server, an error), sends MESSAGE as a request
// (mtype 1, with our pid), and waits for the message whose mtype is our pid:
// the queue holds every client's replies, and msgrcv with that type takes
// ours only. Prints "reply: MESSAGE-IN-UPPER-CASE". A server that removes its
// queue meanwhile makes msgrcv fail (EIDRM); one that died without removing
// it would leave us waiting, so the wait is bounded: -w SECONDS, default 5
// ("svmsg_client: no reply within 5 s").
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <unistd.h>

#include <ipclab/check.hpp>

#include "sysv.hpp"

using ipclab::check;

namespace {
void on_alarm(int) {}  // only to interrupt msgrcv (EINTR)
}  // namespace

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "[-w SECONDS] KEYFILE MESSAGE");
    long wait_s = 5;
    int i = 1;
    if (argc == 5 && std::string_view(argv[1]) == "-w") {
        const auto w = sysv::parse_number(argv[2], 1, 3600);
        if (!w) ipclab::usage();
        wait_s = *w;
        i = 3;
    }
    if (i + 2 != argc) ipclab::usage();
    const char* keyfile = argv[i];
    const std::string_view text = argv[i + 1];
    if (text.size() > sysv::max_text) {
        std::fprintf(stderr, "usage: svmsg_client [-w SECONDS] KEYFILE MESSAGE\nsvmsg_client: MESSAGE is %zu bytes, at most %zu\n",
                     text.size(), sysv::max_text);
        ipclab::leave(2);
    }

    // Given: the wait for the reply is bounded (SIGALRM, without SA_RESTART, interrupts msgrcv).
    struct sigaction sa {};
    sa.sa_handler = on_alarm;
    check(sigaction(SIGALRM, &sa, nullptr), "sigaction");

    sysv::message m{};
    ssize_t n = 0;
    // TODO: find the server's queue by its key, send the request (mtype 1, our pid, the text), wait for the reply addressed to our pid
    (void)keyfile; (void)m; (void)wait_s;
    std::printf("reply: %.*s\n", static_cast<int>(sysv::text_len(static_cast<std::size_t>(n))), m.text);
    return 0;
}
