// svmsg_server — answer each request on a System V message queue with its
// upper-case copy, addressed to the client that sent it.
//
// usage: svmsg_server [-n N] KEYFILE
//
// The queue's key comes from ftok(KEYFILE, 'L'): every program that names the
// same existing file gets the same key. The server creates the queue
// (IPC_CREAT | IPC_EXCL, mode 0600: a queue that exists already is refused,
// not taken over), prints "queue 0xKEY ready" on stdout, and answers: it
// takes requests (mtype 1, which carry the client's pid) and sends each reply
// with mtype = that pid, so each client receives its own reply and nobody
// else's. -n N: exit after N requests, once their replies have been taken
// (2 s at most). The queue is removed (msgctl IPC_RMID) on exit, on an error
// and on SIGINT/SIGTERM: a queue outlives its processes.
#include <cstdio>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <unistd.h>

#include <ipclab/check.hpp>

#include "sysv.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "[-n N] KEYFILE");
    long limit = -1;  // requests to answer; -1: until a signal
    int i = 1;
    if (argc == 4 && std::string_view(argv[1]) == "-n") {
        const auto n = sysv::parse_number(argv[2], 1, 1'000'000'000);
        if (!n) ipclab::usage();
        limit = *n;
        i = 3;
    }
    if (i + 1 != argc || argv[i][0] == '-') ipclab::usage();
    const char* keyfile = argv[i];

    int q = -1;
    key_t key = -1;
    // TODO: make the key from KEYFILE, create the queue (it must not exist yet), have it removed on every way out
    (void)keyfile;
    std::printf("queue 0x%08x ready\n", static_cast<unsigned>(key));
    ipclab::flush_stdout();

    sysv::message m{};
    for (long served = 0; limit < 0 || served < limit; ++served) {
        // TODO: take the next request (mtype 1), upper-case it, send it back with mtype = the client's pid
        (void)q; (void)m; break;
    }

    // Given: the last replies may still be in the queue; removing it now would
    // take them from their clients (msgrcv: EIDRM). Wait until they are taken,
    // 2 s at most (a client that died will never take its own).
    for (int tries = 0; tries < 200; ++tries) {
        struct msqid_ds ds {};
        if (msgctl(q, IPC_STAT, &ds) == -1 || ds.msg_qnum == 0) break;
        usleep(10'000);
    }

    // TODO: remove the queue
    return 0;
}
