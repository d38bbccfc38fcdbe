// ipclab/inet.hpp — IP addresses and ports as the user types them and as a
// program prints them.
//
//   parse_port("6013")                 -> 6013      ("0" too: the kernel picks a port)
//   parse_ip("::1", 6013)              -> a sockaddr_in6 for [::1]:6013, ready for bind()
//   format_address(sa, len)            -> "127.0.0.1:6013" or "[::1]:6013"
//   local_address(fd)                  -> the address a socket is bound to (getsockname)
//
// Only numeric addresses: a server binds to an address it owns, so a name
// (which could resolve to anything) is not accepted here; a client that wants
// names calls getaddrinfo() itself. Only local_address() makes a system call:
// inet_pton and inet_ntop just convert text.
#pragma once

#include <arpa/inet.h>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <netinet/in.h>
#include <optional>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <system_error>

#include "check.hpp"

namespace ipclab {

// A plain decimal port from 0 to 65535; std::nullopt for anything else
// (empty, a sign, spaces, trailing characters, too large).
inline std::optional<uint16_t> parse_port(std::string_view text) {
    unsigned value = 0;
    const char* last = text.data() + text.size();
    auto [end, err] = std::from_chars(text.data(), last, value);
    if (text.empty() || err != std::errc{} || end != last || value > 65535) return std::nullopt;
    return static_cast<uint16_t>(value);
}

// An address a socket can be bound or connected to, with its length.
struct inet_address {
    sockaddr_storage storage{};
    socklen_t length = 0;

    int family() const { return storage.ss_family; }
    const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

// "127.0.0.1" or "::1" (any numeric IPv4 or IPv6 address) and a port, in
// network byte order as bind() wants them; std::nullopt if text is neither.
inline std::optional<inet_address> parse_ip(std::string_view text, uint16_t port) {
    const std::string s(text);  // inet_pton wants a C string
    inet_address a;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&a.storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
    if (inet_pton(AF_INET, s.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        a.length = sizeof *v4;
    } else if (inet_pton(AF_INET6, s.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        a.length = sizeof *v6;
    } else {
        return std::nullopt;
    }
    return a;
}

// "ADDR:PORT" for an IPv4 address, "[ADDR]:PORT" for IPv6 (the brackets keep
// the port apart from the address's own colons, as in a URL or `ss`);
// "?" for any other family.
inline std::string format_address(const sockaddr* sa, socklen_t length) {
    char text[INET6_ADDRSTRLEN] = {};
    if (sa->sa_family == AF_INET && length >= sizeof(sockaddr_in)) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(sa);
        inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
        return std::string(text) + ":" + std::to_string(ntohs(v4->sin_port));
    }
    if (sa->sa_family == AF_INET6 && length >= sizeof(sockaddr_in6)) {
        const auto* v6 = reinterpret_cast<const sockaddr_in6*>(sa);
        inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
        return "[" + std::string(text) + "]:" + std::to_string(ntohs(v6->sin6_port));
    }
    return "?";
}

inline std::string format_address(const inet_address& a) { return format_address(a.get(), a.length); }

// The address fd is bound to, as the kernel has it: after bind() to port 0,
// the port it picked. A failure is "PROG: getsockname: reason", exit 1.
inline inet_address local_address(int fd) {
    inet_address a;
    a.length = sizeof a.storage;
    check(::getsockname(fd, reinterpret_cast<sockaddr*>(&a.storage), &a.length), "getsockname");
    return a;
}

}  // namespace ipclab
