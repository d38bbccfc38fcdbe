// usock.hpp — what lab 07's programs share: socket addresses, the command
// line, the upper-case answer, and (given code) getting PATH ready for bind().
//
// A UNIX domain socket address is a path in a fixed array: sockaddr_un's
// sun_path holds 108 bytes on Linux, the last one for the '\0', so a socket
// path may have at most 107 bytes (any longer one is refused, never cut).
//
//   usock::make_address("/tmp/s")    -> {AF_UNIX, "/tmp/s"}
//   usock::to_upper("hello, wörld")  -> "HELLO, WöRLD"   (ASCII letters only)
//   usock::parse_server_args(...)    -> -n N (0: no limit) and PATH
//
// The part above "given: system calls" is pure logic: tests/unit checks it
// without a socket.
#pragma once

#include <cerrno>
#include <charconv>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <system_error>
#include <unistd.h>

#include <ipclab/check.hpp>
#include <ipclab/fd.hpp>

namespace usock {

// The longest socket path: sun_path less its terminating '\0'.
inline constexpr size_t max_path = sizeof(sockaddr_un{}.sun_path) - 1;

// The largest datagram ud_server takes (and so ud_client sends): its buffer.
inline constexpr size_t max_datagram = 4096;

// How many connections may wait for accept() while the server copies one.
inline constexpr int backlog = 16;

// The address of the socket file PATH, or std::nullopt when PATH is empty,
// longer than max_path, or holds a '\0'.
inline std::optional<sockaddr_un> make_address(std::string_view path) {
    if (path.empty() || path.size() > max_path || path.find('\0') != std::string_view::npos) return std::nullopt;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.data(), path.size());  // the rest stays '\0'
    return addr;
}

// ud_client's own address: "\0ud_client.PID" in Linux's abstract namespace.
// A name there starts with a '\0' byte and is no file: it vanishes with the
// socket, so a client that is killed leaves nothing behind. Its length is
// part of the name, so bind() gets exactly the bytes used (size).
struct client_address {
    sockaddr_un addr{};
    socklen_t size = 0;
};
inline client_address make_client_address(long pid) {
    client_address a;
    a.addr.sun_family = AF_UNIX;
    const int n = std::snprintf(a.addr.sun_path + 1, sizeof a.addr.sun_path - 1, "ud_client.%ld", pid);
    a.size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + static_cast<size_t>(n));
    return a;
}

// Did recvfrom() get a return address? A sender that never bound its socket
// has none: only the family comes back (or nothing at all).
inline bool has_return_address(socklen_t size) { return size > offsetof(sockaddr_un, sun_path); }

// The answer to a message: ASCII letters in upper case, every other byte as
// it was (std::toupper on a negative char is undefined, and in a UTF-8
// locale it could change the length).
inline std::string to_upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

// ud_client's output line for the I-th answer (I from 1).
inline std::string response_line(size_t i, std::string_view answer) {
    std::string line = "response " + std::to_string(i) + ": ";
    line.append(answer);
    line.push_back('\n');
    return line;
}

// -n N: a plain decimal number from 1 to max.
inline std::optional<unsigned long> parse_count(std::string_view text, unsigned long max = 1'000'000'000) {
    unsigned long value = 0;
    const char* last = text.data() + text.size();
    auto [end, err] = std::from_chars(text.data(), last, value);
    if (text.empty() || err != std::errc{} || end != last || value == 0 || value > max) return std::nullopt;
    return value;
}

// "[-n N] PATH", the servers' command line. count 0: serve for ever.
struct server_args {
    unsigned long count = 0;
    const char* path = nullptr;
};
inline std::optional<server_args> parse_server_args(int argc, char* const argv[]) {
    server_args args;
    int i = 1;
    if (i < argc && std::string_view(argv[i]) == "-n") {
        if (i + 1 >= argc) return std::nullopt;
        auto n = parse_count(argv[i + 1]);
        if (!n) return std::nullopt;
        args.count = *n;
        i += 2;
    }
    if (argc - i != 1) return std::nullopt;
    // An option we do not know (or a second -n) is not a path.
    if (argv[i][0] == '-' || argv[i][0] == '\0') return std::nullopt;
    args.path = argv[i];
    return args;
}

// ---- given: system calls ----------------------------------------------------------

// The address of PATH for a program that got it from its command line: a
// path too long for sun_path is refused with a message, never cut.
inline sockaddr_un address_or_fail(const char* path) {
    auto addr = make_address(path);
    if (!addr) ipclab::fail("%s: longer than %zu bytes: too long for a UNIX socket address", path, max_path);
    return *addr;
}

// Get PATH ready for a server's bind(), which fails with EADDRINUSE when any
// file is there:
//   * nothing there: nothing to do;
//   * not a socket (a file of someone's): refused, "PROG: PATH: exists and is
//     not a socket", exit 1 -- a server never deletes data;
//   * a socket that a live server has bound: refused, "PROG: PATH: a server
//     is using it", exit 1 (we ask by connecting; a stream server sees that
//     probe as a client that sent nothing);
//   * a stale socket, left by a server that was killed (connect() is
//     refused: nobody is bound to it): removed.
inline void prepare_path(const char* path, int type) {
    struct stat st {};
    if (lstat(path, &st) == -1) {
        if (errno == ENOENT) return;
        ipclab::die("lstat");
    }
    if (!S_ISSOCK(st.st_mode)) ipclab::fail("%s: exists and is not a socket", path);
    const sockaddr_un addr = address_or_fail(path);
    ipclab::unique_fd probe(ipclab::check(socket(AF_UNIX, type | SOCK_CLOEXEC, 0), "socket"));
    if (connect(probe.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) {
        ipclab::fail("%s: a server is using it", path);
    }
    // EPROTOTYPE: a live socket of the other type (stream vs datagram).
    if (errno == EPROTOTYPE) ipclab::fail("%s: a server is using it", path);
    if (errno != ECONNREFUSED) ipclab::die("connect");
    ipclab::check(unlink(path), "unlink");
}

}  // namespace usock
