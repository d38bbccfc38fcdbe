// tcp.hpp — the pure logic of lab 08: the servers' command line and the
// date line. No system calls here (server_start only prints and exits on a
// bad command line): tests/unit checks it without a socket.
//
//   parse_server_args({"-p", "0", "-n", "3"}) -> 127.0.0.1, port 0, 3 clients
//   date_line(tm of 2024-03-05 07:08:09)     -> "2024-03-05 07:08:09\n"
#pragma once

#include <charconv>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <ipclab/check.hpp>
#include <ipclab/inet.hpp>

namespace tcp {

// The lecture's date server listens on port 6013.
inline constexpr uint16_t default_port = 6013;
inline constexpr const char* default_host = "127.0.0.1";
inline constexpr const char* server_args = "[-a ADDR] [-p PORT] [-n N]";

struct server_options {
    ipclab::inet_address address;  // where to listen: ADDR and PORT together
    unsigned long clients = 0;     // -n N: stop after N clients (0: never)
};

// A count from 1 to max; std::nullopt for anything else.
inline std::optional<unsigned long> parse_count(std::string_view text, unsigned long max) {
    unsigned long value = 0;
    const char* last = text.data() + text.size();
    auto [end, err] = std::from_chars(text.data(), last, value);
    if (text.empty() || err != std::errc{} || end != last || value < 1 || value > max) return std::nullopt;
    return value;
}

// [-a ADDR] [-p PORT] [-n N], in any order, each at most once; an option's
// value may follow it ("-p 0") or be glued to it ("-p0"). ADDR is a numeric
// IPv4 or IPv6 address (default 127.0.0.1), PORT 0 to 65535 (default 6013;
// 0: the kernel picks a free one), N 1 or more. std::nullopt: a usage error.
inline std::optional<server_options> parse_server_args(const std::vector<std::string_view>& args) {
    std::string_view addr = default_host, port_text, count_text;
    bool seen[3] = {false, false, false};
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        const size_t which = std::string_view("apn").find(arg.size() >= 2 && arg[0] == '-' ? arg[1] : '?');
        if (which == std::string_view::npos || seen[which]) return std::nullopt;
        seen[which] = true;
        std::string_view value = arg.substr(2);
        if (value.empty()) {
            if (++i == args.size()) return std::nullopt;
            value = args[i];
        }
        (which == 0 ? addr : which == 1 ? port_text : count_text) = value;
    }
    server_options o;
    const auto port = seen[1] ? ipclab::parse_port(port_text) : std::optional<uint16_t>(default_port);
    if (!port) return std::nullopt;
    const auto address = ipclab::parse_ip(addr, *port);
    if (!address) return std::nullopt;
    o.address = *address;
    if (seen[2]) {
        const auto n = parse_count(count_text, 1'000'000'000);
        if (!n) return std::nullopt;
        o.clients = *n;
    }
    return o;
}

// argv[1..] as string_views, for parse_server_args.
inline std::vector<std::string_view> arguments(int argc, char* argv[]) {
    return std::vector<std::string_view>(argv + 1, argv + argc);
}

// The start of both servers' main(): -h/--help, then the options; anything
// wrong is "usage: PROG [-a ADDR] [-p PORT] [-n N]", exit 2.
inline server_options server_start(int argc, char* argv[]) {
    ipclab::start(argc, argv, server_args);
    const auto options = parse_server_args(arguments(argc, argv));
    if (!options) ipclab::usage();
    return *options;
}

// What the date server sends: "YYYY-MM-DD HH:MM:SS" and a newline.
inline std::string date_line(const std::tm& when) {
    char text[64];
    const size_t n = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S\n", &when);
    return std::string(text, n);
}

}  // namespace tcp
