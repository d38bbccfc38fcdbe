// mq_attr — show a POSIX message queue's attributes.
//
// usage: mq_attr NAME
//
// Prints, one a line:
//   maxmsg: N     how many messages the queue holds before mq_send waits (or EAGAIN)
//   msgsize: N    the largest message, in bytes; also the smallest receive buffer
//   curmsgs: N    how many messages are waiting now
//
// Reproduces the lecture's struct mq_attr, read with mq_getattr(). The queue
// must exist ("mq_attr: mq_open: No such file or directory" otherwise).
#include <cstdio>
#include <fcntl.h>
#include <mqueue.h>

#include <ipclab/check.hpp>
#include <ipclab/ipc_name.hpp>

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "NAME");
    if (argc != 2) ipclab::usage();
    const char* name = argv[1];
    ipclab::require_ipc_name(name);

    struct mq_attr attr {};
    // BEGIN SOLUTION: open the queue (read-only is enough) and read its attributes
    // STARTER: (void)name;
    mqd_t mqd = check(mq_open(name, O_RDONLY), "mq_open");
    check(mq_getattr(mqd, &attr), "mq_getattr");
    check(mq_close(mqd), "mq_close");
    // END SOLUTION

    std::printf("maxmsg: %ld\nmsgsize: %ld\ncurmsgs: %ld\n", attr.mq_maxmsg, attr.mq_msgsize, attr.mq_curmsgs);
    return 0;
}
