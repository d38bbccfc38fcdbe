// svshm_demo — the lecture's System V shared memory example: a child writes
// into a segment, its parent reads it.
//
// usage: svshm_demo [TEXT]        (default TEXT: "hello from the child")
//
// shmget(IPC_PRIVATE) makes a new segment that only this process (and the
// children it forks) can find: its id is inherited, there is no key to look
// up. The child attaches it (shmat), copies TEXT in, detaches (shmdt) and
// ends; the parent waits for it, attaches, prints "parent read: TEXT",
// detaches and removes the segment (shmctl IPC_RMID). A segment outlives its
// processes: without IPC_RMID it stays in `ipcs -m` until a reboot, so it is
// also removed on every error exit and on SIGINT/SIGTERM (sysv::remove_at_exit).
// TEXT must fit in the 4096-byte segment with its NUL: a longer one is a usage error.
#include <cstdio>
#include <cstring>
#include <string_view>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ipclab/check.hpp>

#include "sysv.hpp"

using ipclab::check;

int main(int argc, char* argv[]) {
    ipclab::start(argc, argv, "[TEXT]");
    if (argc > 2) ipclab::usage();
    const std::string_view text = argc == 2 ? argv[1] : "hello from the child";
    if (text.size() >= sysv::segment_size) {
        std::fprintf(stderr, "usage: svshm_demo [TEXT]\nsvshm_demo: TEXT is %zu bytes; the segment holds %zu with its NUL\n",
                     text.size(), sysv::segment_size);
        ipclab::leave(2);
    }

    int id = -1;
    // BEGIN SOLUTION: create a private segment of sysv::segment_size bytes, then have it removed on every way out
    // STARTER: (void)id;
    id = check(shmget(IPC_PRIVATE, sysv::segment_size, IPC_CREAT | 0600), "shmget");
    sysv::remove_at_exit(sysv::kind::shm, id);
    // END SOLUTION

    std::fflush(nullptr);
    const pid_t pid = check(fork(), "fork");
    if (pid == 0) {
        // BEGIN SOLUTION: the child: attach the segment, copy TEXT in with its NUL, detach, end
        char* shm = static_cast<char*>(shmat(id, nullptr, 0));
        if (shm == reinterpret_cast<char*>(-1)) ipclab::die("shmat");
        std::memcpy(shm, text.data(), text.size());
        shm[text.size()] = '\0';
        check(shmdt(shm), "shmdt");
        // END SOLUTION
        _exit(0);
    }

    int status = 0;
    check(waitpid(pid, &status, 0), "waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ipclab::fail("the child (pid %d) failed", static_cast<int>(pid));

    // BEGIN SOLUTION: the parent: attach, print "parent read: TEXT", detach, remove the segment
    const char* shm = static_cast<const char*>(shmat(id, nullptr, SHM_RDONLY));
    if (shm == reinterpret_cast<const char*>(-1)) ipclab::die("shmat");
    std::printf("parent read: %s\n", shm);
    check(shmdt(shm), "shmdt");
    check(shmctl(id, IPC_RMID, nullptr), "shmctl");
    sysv::removed();
    // END SOLUTION
    return 0;
}
