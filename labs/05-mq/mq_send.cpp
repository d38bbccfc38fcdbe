// mq_send — put one message on a POSIX message queue.
//
// usage: mq_send [-c] [-n] NAME MESSAGE [PRIORITY]
//
//   NAME      the queue: "/" and 1 to 255 characters, no other "/" (the kit's
//             rule for IPC names, ipclab/ipc_name.hpp); anything else: usage error
//   MESSAGE   the bytes to send (may be empty; at most the queue's msgsize)
//   PRIORITY  0 (default, the lowest) up to MQ_PRIO_MAX - 1 = 32767; anything
//             else (not a number, negative, too large) is a usage error, exit 2
//   -c        create the queue: O_CREAT | O_EXCL, mode 0600, default attributes.
//             A queue that already exists is not ours to create: mq_send prints
//             "mq_send: mq_open: File exists", exits 1 and sends nothing.
//             If the send then fails (say the message is too long), the queue
//             it has just created is removed again: a failed -c leaves nothing.
//   -n        nonblocking (O_NONBLOCK): a full queue is an error (EAGAIN,
//             "Resource temporarily unavailable") instead of a wait
//
// The queue outlives mq_send on purpose (that is what a queue is for):
// `mq_receive -u NAME` removes it.
//
// Reproduces the lecture's POSIX message queue example: mq_open() with
// O_CREAT | O_EXCL and mode 0600, then mq_send(mqd, msg, len, prio).
#include <cerrno>
#include <climits>  // MQ_PRIO_MAX
#include <fcntl.h>
#include <mqueue.h>
#include <string_view>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/ipc_name.hpp>

#include "mq_args.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    const char* args = "[-c] [-n] NAME MESSAGE [PRIORITY]";
    ipclab::start(argc, argv, args);
    bool create = false;
    bool nonblock = false;
    opterr = 0;  // we print our own usage line
    for (int opt; (opt = getopt(argc, argv, "+cn")) != -1;) {
        if (opt == 'c') {
            create = true;
        } else if (opt == 'n') {
            nonblock = true;
        } else {
            ipclab::usage(args);
        }
    }
    const int left = argc - optind;
    if (left < 2 || left > 3) ipclab::usage(args);
    const char* name = argv[optind];
    ipclab::require_ipc_name(name);
    const std::string_view message = argv[optind + 1];
    unsigned priority = 0;
    if (left == 3) {
        auto parsed = mq::parse_priority(argv[optind + 2], MQ_PRIO_MAX);
        if (!parsed) ipclab::usage(args);
        priority = *parsed;
    }

    // TODO: open the queue for writing (-c: create it, exclusively, mode 0600; -n: O_NONBLOCK)
    mqd_t mqd = static_cast<mqd_t>(-1);
    (void)name; (void)create; (void)nonblock;

    // TODO: send MESSAGE with PRIORITY; if that fails, remove a queue we just created
    (void)mqd; (void)message; (void)priority;
    return 0;
}
