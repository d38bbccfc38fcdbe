// hangs — the classic hangs of the labs, each in a few lines, for the tests of
// tools/why (tests/kit/why.bats). Every mode blocks for ever; the test stops it.
//
// usage: hangs MODE [NAME]
//   child-keeps-write-end   lab 01: the child reads without closing fds[1]
//   parent-keeps-write-end  lab 01: the parent writes, never closes fds[1], waits
//   wait-before-write       lab 01: the parent waits for the child before writing
//   never-posted NAME       lab 04: both semaphores start at 0 (nobody ever posts)
//   no-final-post NAME      lab 04: the reader leaves without the last sem_post
//   pshared-zero NAME       lab 04: sem_init(..., 0, ...) and a post from another process
//   fifo-no-writer PATH     lab 06: open() of a FIFO that nobody opens for writing
//   empty-queue NAME        lab 05: mq_receive on an empty queue
//   select-nfds PATH        lab 06: select(maxfd, ...) — the highest fd is never watched
//   sigchld-blocked         lab 10: sigsuspend() with SIGCHLD left in its mask, the child dead
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <string>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct shmbuf {  // the first two members of lab 04's header
    sem_t wsem, rsem;
};

shmbuf* make_shm(const char* name, int wsem, int rsem, int pshared = 1) {
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0 || ftruncate(fd, 4096) != 0) { perror("shm"); _exit(1); }
    auto* shm = static_cast<shmbuf*>(mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
    close(fd);
    sem_init(&shm->wsem, pshared, wsem);
    sem_init(&shm->rsem, pshared, rsem);
    return shm;
}

}  // namespace

int main(int argc, char* argv[]) {
    if (argc < 2) return 2;
    std::string mode = argv[1];
    const char* name = argc > 2 ? argv[2] : "";
    int fds[2];
    char buf[64];

    if (mode == "child-keeps-write-end" || mode == "parent-keeps-write-end" || mode == "wait-before-write") {
        pipe(fds);
        pid_t pid = fork();
        if (pid == 0) {
            if (mode != "child-keeps-write-end") close(fds[1]);
            while (read(fds[0], buf, sizeof buf) > 0) {}
            _exit(0);
        }
        close(fds[0]);
        if (mode == "wait-before-write") waitpid(pid, nullptr, 0);
        write(fds[1], "hello", 5);
        if (mode == "child-keeps-write-end") close(fds[1]);
        waitpid(pid, nullptr, 0);
        return 0;
    }
    if (mode == "never-posted") {
        shmbuf* shm = make_shm(name, 0, 0);
        if (fork() == 0) {  // the reader
            sem_wait(&shm->rsem);
            _exit(0);
        }
        sem_wait(&shm->wsem);  // the writer
        return 0;
    }
    if (mode == "no-final-post") {
        shmbuf* shm = make_shm(name, 0, 0);
        pid_t pid = fork();
        if (pid == 0) _exit(0);  // the reader quits without posting wsem
        waitpid(pid, nullptr, 0);
        sem_wait(&shm->wsem);
        return 0;
    }
    if (mode == "pshared-zero") {
        shmbuf* shm = make_shm(name, 0, 0, 0);
        if (fork() == 0) {
            usleep(100000);
            sem_post(&shm->wsem);  // wakes nobody: the waiter is in another process
            pause();
            _exit(0);
        }
        sem_wait(&shm->wsem);
        return 0;
    }
    if (mode == "fifo-no-writer") {
        mkfifo(name, 0600);
        open(name, O_RDONLY);
        return 0;
    }
    if (mode == "empty-queue") {
        mq_attr attr{};
        attr.mq_maxmsg = 4;
        attr.mq_msgsize = 64;
        mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
        mq_receive(q, buf, sizeof buf, nullptr);
        return 0;
    }
    if (mode == "select-nfds") {
        std::string quiet_path = std::string(name) + ".quiet";
        mkfifo(name, 0600);
        mkfifo(quiet_path.c_str(), 0600);
        int quiet = open(quiet_path.c_str(), O_RDWR);  // fd 3: nothing ever comes
        int busy = open(name, O_RDWR);                 // fd 4: a line waits here
        write(busy, "msg 1\n", 6);
        fd_set set;
        FD_ZERO(&set);
        FD_SET(quiet, &set);
        FD_SET(busy, &set);
        select(busy, &set, nullptr, nullptr, nullptr);  // should be busy + 1
        return 0;
    }
    if (mode == "sigchld-blocked") {
        signal(SIGCHLD, [](int) {});
        sigset_t blocked;
        sigemptyset(&blocked);
        sigaddset(&blocked, SIGUSR1);
        sigaddset(&blocked, SIGCHLD);
        sigprocmask(SIG_BLOCK, &blocked, nullptr);
        if (fork() == 0) _exit(0);
        sigset_t waiting = blocked;  // should leave SIGCHLD out too
        sigdelset(&waiting, SIGUSR1);
        sigsuspend(&waiting);
        return 0;
    }
    return 2;
}
