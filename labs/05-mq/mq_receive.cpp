// mq_receive — take messages off a POSIX message queue, highest priority first.
//
// usage: mq_receive [-n] [-a] [-u] NAME
//
//   Receives one message and prints "priority P: MESSAGE". Without -n it
//   waits while the queue is empty.
//   -n  nonblocking (O_NONBLOCK): an empty queue is an error (EAGAIN,
//       "Resource temporarily unavailable"), exit 1
//   -a  all: receive until the queue is empty (implies -n). An empty queue is
//       the normal end here: nothing more is printed and the exit status is 0.
//   -u  unlink: remove NAME when done. The name is removed on every way out
//       once the queue is open: normal end, an error, SIGINT or SIGTERM (for
//       example while waiting on an empty queue).
//
// The queue hands out the highest priority first and, within one priority,
// the oldest message first. The receive buffer is sized from mq_getattr():
// mq_receive() refuses (EMSGSIZE) any buffer smaller than the queue's
// msgsize, even when the waiting message is short.
//
// Reproduces the lecture's example: mq_open(name, O_RDONLY), then
// mq_receive(mqd, buf, len, &prio) into a buffer of mq_msgsize bytes.
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <mqueue.h>
#include <optional>
#include <unistd.h>
#include <vector>

#include <ipclab/check.hpp>
#include <ipclab/ipc_name.hpp>
#include <ipclab/unlink_guard.hpp>

using ipclab::check;

int main(int argc, char* argv[]) {
    const char* args = "[-n] [-a] [-u] NAME";
    ipclab::start(argc, argv, args);
    bool nonblock = false;
    bool all = false;
    bool unlink_after = false;
    opterr = 0;  // we print our own usage line
    for (int opt; (opt = getopt(argc, argv, "+nau")) != -1;) {
        if (opt == 'n') {
            nonblock = true;
        } else if (opt == 'a') {
            all = true;
        } else if (opt == 'u') {
            unlink_after = true;
        } else {
            ipclab::usage(args);
        }
    }
    if (argc - optind != 1) ipclab::usage(args);
    const char* name = argv[optind];
    ipclab::require_ipc_name(name);
    if (all) nonblock = true;  // "until empty" needs EAGAIN to know it is empty
    ipclab::on_exit_remove_names();

    // TODO: open the queue for reading (-n: O_NONBLOCK); with -u, register NAME for removal
    mqd_t mqd = static_cast<mqd_t>(-1);
    (void)name; (void)nonblock; (void)unlink_after;

    // TODO: ask the queue for its message size and make the buffer that big
    std::vector<char> buffer(1);

    do {
        unsigned priority = 0;
        // TODO: receive one message (the oldest of the highest priority) and its priority
        (void)mqd; (void)priority;
        ssize_t n = -1;
        errno = EAGAIN;
        if (n == -1) {
            if (errno == EAGAIN && all) break;  // -a: the queue is empty, we are done
            ipclab::die("mq_receive");
        }
        // n bytes, no '\0' added by the queue: print exactly those.
        std::printf("priority %u: ", priority);
        std::fwrite(buffer.data(), 1, static_cast<size_t>(n), stdout);
        std::putchar('\n');
        // The message has left the queue: if it cannot be printed, stop now
        // rather than take more messages that would be lost too.
        ipclab::flush_stdout();
    } while (all);

    // TODO: close the queue (with -u, the guard removes NAME as main returns)
    return 0;
}
