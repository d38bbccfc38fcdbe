// ipcname — does a POSIX IPC name exist, and remove it.
//
// usage: ipcname exists shm|sem|mq NAME     exit 0 if it exists, 1 if not
//        ipcname remove shm|sem|mq NAME     exit 0 if it was removed, 1 if absent
//
// The test suite uses it to find what a program left behind. Message queues
// are checked by opening them, because /dev/mqueue is not always mounted.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char* argv[]) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: ipcname exists|remove shm|sem|mq NAME\n");
        return 2;
    }
    const bool remove = std::strcmp(argv[1], "remove") == 0;
    const char* kind = argv[2];
    const char* name = argv[3];
    int rc = -1;
    if (std::strcmp(kind, "shm") == 0) {
        if (remove) {
            rc = shm_unlink(name);
        } else if ((rc = shm_open(name, O_RDONLY, 0)) >= 0) {
            close(rc);
        }
    } else if (std::strcmp(kind, "sem") == 0) {
        if (remove) {
            rc = sem_unlink(name);
        } else if (sem_t* s = sem_open(name, 0); s != SEM_FAILED) {
            sem_close(s);
            rc = 0;
        }
    } else if (std::strcmp(kind, "mq") == 0) {
        if (remove) {
            rc = mq_unlink(name);
        } else if (mqd_t q = mq_open(name, O_RDONLY); q != static_cast<mqd_t>(-1)) {
            mq_close(q);
            rc = 0;
        }
    } else {
        std::fprintf(stderr, "ipcname: unknown kind %s\n", kind);
        return 2;
    }
    if (rc < 0 && errno != ENOENT) {
        std::fprintf(stderr, "ipcname: %s %s: %s\n", kind, name, std::strerror(errno));
        return 2;
    }
    return rc < 0 ? 1 : 0;
}
