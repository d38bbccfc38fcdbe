// channels.hpp — every mechanism of the benchmark as one kind of object: a
// two-way link between a parent and the child it forks, which sends and
// receives messages of a given size, byte-exact.
//
// Everything is set up by the parent BEFORE fork, and every name is removed
// at once (a FIFO, a POSIX queue): the open descriptors are all the two
// processes need, and nothing can be left behind if either is killed. The one
// exception is the System V queue, which has no name but lives until IPC_RMID:
// the parent removes it when done, on error exits and on signals.
//
// The kernel-copy mechanisms are given here. The two shared-memory ones are
// built on the student's shm_sem.hpp and shm_ring.hpp.
#pragma once

#include <algorithm>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mqueue.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <string_view>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <ipclab/check.hpp>
#include <ipclab/fd.hpp>
#include <ipclab/io.hpp>

#include "shm_ring.hpp"
#include "shm_sem.hpp"

namespace bench {

using ipclab::check;

class Channel {
public:
    virtual ~Channel() = default;
    // After fork: keep this side's ends, close the other side's.
    virtual void take_side(bool parent) = 0;
    virtual void send(const std::byte* data, std::size_t size) = 0;
    virtual void receive(std::byte* data, std::size_t size) = 0;
};

// A number from a file in /proc (a kernel limit), or fallback.
inline long proc_limit(const char* path, long fallback) {
    long value = fallback;
    if (std::FILE* f = std::fopen(path, "r")) {
        if (std::fscanf(f, "%ld", &value) != 1) value = fallback;
        std::fclose(f);
    }
    return value;
}

// ---- byte streams: pipe, fifo, unix, tcp -------------------------------------------

class StreamChannel : public Channel {
public:
    // to_child: {read end, write end}; to_parent likewise (the same socket may be both).
    StreamChannel(const char* mech, int child_in, int parent_out, int parent_in, int child_out)
        : mech_(mech), child_in_(child_in), parent_out_(parent_out), parent_in_(parent_in), child_out_(child_out) {}

    void take_side(bool parent) override {
        if (parent) {
            in_ = parent_in_.get(), out_ = parent_out_.get();
            close_unless_used(child_in_), close_unless_used(child_out_);
        } else {
            in_ = child_in_.get(), out_ = child_out_.get();
            close_unless_used(parent_in_), close_unless_used(parent_out_);
        }
    }
    void send(const std::byte* data, std::size_t size) override { check(ipclab::write_all(out_, data, size), "write"); }
    void receive(std::byte* data, std::size_t size) override {
        if (static_cast<std::size_t>(check(ipclab::read_full(in_, data, size), "read")) != size) {
            ipclab::fail("%s: the other process closed its end in the middle of a message", mech_);
        }
    }

private:
    void close_unless_used(ipclab::unique_fd& fd) {
        if (fd.get() != in_ && fd.get() != out_) fd.reset();
    }
    const char* mech_;
    ipclab::unique_fd child_in_, parent_out_, parent_in_, child_out_;
    int in_ = -1, out_ = -1;
};

inline std::unique_ptr<Channel> pipe_channel() {
    int down[2], up[2];
    check(pipe(down), "pipe");
    check(pipe(up), "pipe");
    return std::make_unique<StreamChannel>("pipe", down[0], down[1], up[0], up[1]);
}

// Two FIFOs in a fresh private directory, opened by the parent and removed
// at once. A read end opened O_NONBLOCK does not wait for a writer; then the
// write end opens at once too, and the read end goes back to blocking.
inline std::unique_ptr<Channel> fifo_channel() {
    const char* tmp = std::getenv("TMPDIR");
    std::string dir = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/ipc_bench.XXXXXX";
    check(mkdtemp(dir.data()) == nullptr ? -1 : 0, "mkdtemp");
    int ends[4];
    const char* names[2] = {"/to-child", "/to-parent"};
    for (int i = 0; i < 2; ++i) {
        const std::string path = dir + names[i];
        if (mkfifo(path.c_str(), 0600) == -1) {
            rmdir(dir.c_str());
            ipclab::die("mkfifo");
        }
        ends[2 * i] = open(path.c_str(), O_RDONLY | O_NONBLOCK);
        ends[2 * i + 1] = ends[2 * i] == -1 ? -1 : open(path.c_str(), O_WRONLY);
        const int err = errno;
        unlink(path.c_str());
        if (ends[2 * i] == -1 || ends[2 * i + 1] == -1) {
            rmdir(dir.c_str());
            ipclab::die("open", err);
        }
        check(fcntl(ends[2 * i], F_SETFL, 0), "fcntl");  // blocking reads from now on
    }
    check(rmdir(dir.c_str()), "rmdir");
    return std::make_unique<StreamChannel>("fifo", ends[0], ends[1], ends[2], ends[3]);
}

inline std::unique_ptr<Channel> unix_channel() {
    int sv[2];
    check(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "socketpair");
    return std::make_unique<StreamChannel>("unix", sv[1], sv[0], sv[0], sv[1]);
}

// A TCP connection over loopback: listen on 127.0.0.1, any free port; connect
// (the kernel completes it from the backlog) and accept. TCP_NODELAY: send
// each small message now instead of waiting to merge it with the next (Nagle).
inline std::unique_ptr<Channel> tcp_channel() {
    ipclab::unique_fd listener(check(socket(AF_INET, SOCK_STREAM, 0), "socket"));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    check(bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), "bind");
    check(listen(listener.get(), 1), "listen");
    check(getsockname(listener.get(), reinterpret_cast<sockaddr*>(&addr), &len), "getsockname");
    const int client = check(socket(AF_INET, SOCK_STREAM, 0), "socket");
    check(connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr), "connect");
    const int server = check(accept(listener.get(), nullptr, nullptr), "accept");
    const int one = 1;
    check(setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one), "setsockopt");
    check(setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one), "setsockopt");
    return std::make_unique<StreamChannel>("tcp", server, client, client, server);
}

// ---- message queues: a message is cut into pieces the queue accepts ---------------

class PosixMqChannel : public Channel {
public:
    explicit PosixMqChannel(std::size_t size) {
        // An unprivileged user may not exceed the system's msgsize_max (8 KiB by default).
        const long piece = std::min<long>(static_cast<long>(size), proc_limit("/proc/sys/fs/mqueue/msgsize_max", 8192));
        mq_attr attr{};
        attr.mq_maxmsg = std::min<long>(10, proc_limit("/proc/sys/fs/mqueue/msg_max", 10));
        attr.mq_msgsize = piece;
        for (int i = 0; i < 2; ++i) {
            const std::string name = "/ipc_bench." + std::to_string(getpid()) + (i == 0 ? ".to-child" : ".to-parent");
            q_[i] = mq_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
            if (q_[i] == static_cast<mqd_t>(-1)) ipclab::die("mq_open");
            check(mq_unlink(name.c_str()), "mq_unlink");  // the descriptors are enough
        }
        piece_ = static_cast<std::size_t>(piece);
        scratch_.resize(piece_);
    }
    ~PosixMqChannel() override {
        for (mqd_t q : q_) mq_close(q);
    }
    void take_side(bool parent) override { out_ = q_[parent ? 0 : 1], in_ = q_[parent ? 1 : 0]; }
    void send(const std::byte* data, std::size_t size) override {
        for (std::size_t done = 0; done < size; done += piece_) {
            const std::size_t n = std::min(piece_, size - done);
            while (mq_send(out_, reinterpret_cast<const char*>(data + done), n, 0) == -1) {
                if (errno != EINTR) ipclab::die("mq_send");
            }
        }
    }
    void receive(std::byte* data, std::size_t size) override {
        for (std::size_t done = 0; done < size;) {
            // mq_receive wants room for a whole piece; the last one may have less.
            const bool room = size - done >= piece_;
            char* to = room ? reinterpret_cast<char*>(data + done) : scratch_.data();
            ssize_t n;
            while ((n = mq_receive(in_, to, piece_, nullptr)) == -1) {
                if (errno != EINTR) ipclab::die("mq_receive");
            }
            if (static_cast<std::size_t>(n) > size - done) ipclab::fail("posix-mq: a piece longer than the message");
            if (!room) std::memcpy(data + done, to, static_cast<std::size_t>(n));
            done += static_cast<std::size_t>(n);
        }
    }

private:
    mqd_t q_[2] = {static_cast<mqd_t>(-1), static_cast<mqd_t>(-1)};
    mqd_t in_ = -1, out_ = -1;
    std::size_t piece_ = 0;
    std::vector<char> scratch_;
};

// The System V queue's id while it exists, for the parent's exit and signal
// handlers (msgctl is safe in a signal handler).
inline volatile sig_atomic_t sysv_queue = -1;
inline void remove_sysv_queue() {
    const int id = sysv_queue;
    sysv_queue = -1;
    if (id != -1) msgctl(id, IPC_RMID, nullptr);
}

// One System V queue for both directions: mtype 1 goes to the child, 2 to the parent.
class SysvMqChannel : public Channel {
public:
    explicit SysvMqChannel(std::size_t size)
        : piece_(std::min<std::size_t>(size, static_cast<std::size_t>(proc_limit("/proc/sys/kernel/msgmax", 8192)))),
          msg_(sizeof(long) + piece_) {
        id_ = check(msgget(IPC_PRIVATE, IPC_CREAT | 0600), "msgget");
        sysv_queue = id_;
    }
    ~SysvMqChannel() override {
        if (getpid() == ipclab::main_pid) remove_sysv_queue();
    }
    void take_side(bool parent) override { out_type_ = parent ? 1 : 2, in_type_ = parent ? 2 : 1; }
    void send(const std::byte* data, std::size_t size) override {
        long type = out_type_;
        std::memcpy(msg_.data(), &type, sizeof type);
        for (std::size_t done = 0; done < size; done += piece_) {
            const std::size_t n = std::min(piece_, size - done);
            std::memcpy(msg_.data() + sizeof(long), data + done, n);
            while (msgsnd(id_, msg_.data(), n, 0) == -1) {
                if (errno != EINTR) ipclab::die("msgsnd");
            }
        }
    }
    void receive(std::byte* data, std::size_t size) override {
        for (std::size_t done = 0; done < size;) {
            ssize_t n;
            while ((n = msgrcv(id_, msg_.data(), piece_, in_type_, 0)) == -1) {
                if (errno != EINTR) ipclab::die("msgrcv");
            }
            std::memcpy(data + done, msg_.data() + sizeof(long), static_cast<std::size_t>(n));
            done += static_cast<std::size_t>(n);
        }
    }

private:
    std::size_t piece_;
    std::vector<std::byte> msg_;  // long mtype, then the bytes
    int id_ = -1;
    long in_type_ = 0, out_type_ = 0;
};

// ---- shared memory: two regions in one MAP_SHARED | MAP_ANONYMOUS mapping ----------
// (inherited across fork: no name to remove; MAP_POPULATE: its pages are in
// place before the clock starts). Region 0 carries parent -> child.

class SharedChannel : public Channel {
public:
    explicit SharedChannel(std::size_t region) : region_((region + 63) / 64 * 64) {
        mem_ = ipclab::check_map(mmap(nullptr, 2 * region_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE, -1, 0),
                                 "mmap");
    }
    ~SharedChannel() override { munmap(mem_, 2 * region_); }
    void* region(int i) const { return static_cast<char*>(mem_) + i * region_; }

protected:
    std::size_t region_;
    void* mem_;
};

class ShmSemChannel : public SharedChannel {
public:
    explicit ShmSemChannel(std::size_t capacity) : SharedChannel(handoff::bytes_for(capacity)) {
        b_[0] = handoff::make_buffer(region(0), capacity);
        b_[1] = handoff::make_buffer(region(1), capacity);
    }
    ~ShmSemChannel() override {
        if (getpid() == ipclab::main_pid) handoff::destroy_buffer(b_[0]), handoff::destroy_buffer(b_[1]);
    }
    void take_side(bool parent) override { out_ = b_[parent ? 0 : 1], in_ = b_[parent ? 1 : 0]; }
    void send(const std::byte* data, std::size_t size) override { handoff::send(*out_, data, size); }
    void receive(std::byte* data, std::size_t size) override { handoff::receive(*in_, data, size); }

private:
    handoff::Buffer* b_[2] = {};
    handoff::Buffer *in_ = nullptr, *out_ = nullptr;
};

class ShmRingChannel : public SharedChannel {
public:
    explicit ShmRingChannel(std::size_t capacity) : SharedChannel(ring::bytes_for(capacity)) {
        r_[0] = ring::make_ring(region(0), static_cast<uint32_t>(capacity));
        r_[1] = ring::make_ring(region(1), static_cast<uint32_t>(capacity));
    }
    void take_side(bool parent) override { out_ = r_[parent ? 0 : 1], in_ = r_[parent ? 1 : 0]; }
    void send(const std::byte* data, std::size_t size) override { ring::send(*out_, data, size); }
    void receive(std::byte* data, std::size_t size) override { ring::receive(*in_, data, size); }

private:
    ring::Ring* r_[2] = {};
    ring::Ring *in_ = nullptr, *out_ = nullptr;
};

// The channel for a mechanism (not memcpy, which needs no second process).
// size: the message size; buffer: shm-sem's buffer and shm-ring's ring, in bytes.
inline std::unique_ptr<Channel> open_channel(std::string_view mech, std::size_t size, std::size_t buffer) {
    if (mech == "pipe") return pipe_channel();
    if (mech == "fifo") return fifo_channel();
    if (mech == "unix") return unix_channel();
    if (mech == "tcp") return tcp_channel();
    if (mech == "posix-mq") return std::make_unique<PosixMqChannel>(size);
    if (mech == "sysv-mq") return std::make_unique<SysvMqChannel>(size);
    if (mech == "shm-sem") return std::make_unique<ShmSemChannel>(buffer);
    return std::make_unique<ShmRingChannel>(buffer);
}

}  // namespace bench
