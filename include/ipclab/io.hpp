// ipclab/io.hpp — read and write loops that survive short transfers.
//
// read() and write() on a pipe, FIFO or socket may move fewer bytes than asked
// (a pipe holds 64 KiB; a signal can interrupt a call half way). These loops
// keep going until everything moved, EOF, or a real error.
// They return -1 with errno set on error, like the calls they wrap.
#pragma once

#include <cerrno>
#include <cstddef>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <unistd.h>

namespace ipclab {

// Write all of data to fd. Returns data.size(), or -1 on error.
inline ssize_t write_all(int fd, const void* data, size_t size) {
    const char* p = static_cast<const char*>(data);
    size_t left = size;
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
    return static_cast<ssize_t>(size);
}

inline ssize_t write_all(int fd, std::string_view text) {
    return write_all(fd, text.data(), text.size());
}

// Read up to size bytes, stopping early only at EOF. Returns the byte count
// (less than size means EOF came first), or -1 on error.
inline ssize_t read_full(int fd, void* data, size_t size) {
    char* p = static_cast<char*>(data);
    size_t got = 0;
    while (got < size) {
        ssize_t n = ::read(fd, p + got, size - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (n == 0) break;  // EOF: every write end is closed
        got += static_cast<size_t>(n);
    }
    return static_cast<ssize_t>(got);
}

// Read fd until EOF into out (appending). Returns bytes read, or -1 on error.
inline ssize_t read_all(int fd, std::string& out) {
    char buf[65536];
    size_t total = 0;
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (n == 0) return static_cast<ssize_t>(total);
        out.append(buf, static_cast<size_t>(n));
        total += static_cast<size_t>(n);
    }
}

// Copy everything from in to out until EOF. Returns bytes copied, or -1 on
// error with errno set and *failed_call (if given) "read" or "write": the side
// that failed, so the message can name the call.
inline ssize_t copy_all(int in, int out, const char** failed_call = nullptr) {
    char buf[65536];
    size_t total = 0;
    for (;;) {
        ssize_t n = ::read(in, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (failed_call != nullptr) *failed_call = "read";
            return -1;
        }
        if (n == 0) return static_cast<ssize_t>(total);
        if (write_all(out, buf, static_cast<size_t>(n)) < 0) {
            if (failed_call != nullptr) *failed_call = "write";
            return -1;
        }
        total += static_cast<size_t>(n);
    }
}

}  // namespace ipclab
