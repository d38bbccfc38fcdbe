// Unit tests for lab 08's pure logic: ports and addresses (ipclab/inet.hpp),
// the servers' command line and the date line (solutions/08-tcp/tcp.hpp).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netinet/in.h>
#include <string>
#include <string_view>
#include <vector>

#include <ipclab/inet.hpp>

#include "solutions/08-tcp/tcp.hpp"

using Args = std::vector<std::string_view>;

namespace {

uint16_t port_of(const ipclab::inet_address& a) {
    if (a.family() == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&a.storage)->sin_port);
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&a.storage)->sin6_port);
}

}  // namespace

TEST_CASE("a port is a plain decimal number from 0 to 65535") {
    CHECK(ipclab::parse_port("6013") == 6013);
    CHECK(ipclab::parse_port("0") == 0);
    CHECK(ipclab::parse_port("65535") == 65535);
    for (const char* bad : {"", "65536", "-1", "+80", " 80", "80 ", "8o", "0x50", "99999999999999999999"}) {
        INFO("port text: '" << bad << "'");
        CHECK_FALSE(ipclab::parse_port(bad));
    }
}

TEST_CASE("IPv4 and IPv6 addresses become socket addresses with the port in network byte order") {
    const auto v4 = ipclab::parse_ip("127.0.0.1", 6013);
    REQUIRE(v4);
    CHECK(v4->family() == AF_INET);
    CHECK(v4->length == sizeof(sockaddr_in));
    const auto* in = reinterpret_cast<const sockaddr_in*>(&v4->storage);
    CHECK(in->sin_port == htons(6013));
    CHECK(in->sin_addr.s_addr == htonl(INADDR_LOOPBACK));

    const auto v6 = ipclab::parse_ip("::1", 80);
    REQUIRE(v6);
    CHECK(v6->family() == AF_INET6);
    CHECK(v6->length == sizeof(sockaddr_in6));
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&v6->storage);
    CHECK(in6->sin6_port == htons(80));
    CHECK(IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr));

    for (const char* bad : {"", "localhost", "127.0.0", "127.0.0.1.5", "256.0.0.1", "::1::", "[::1]", " 127.0.0.1"}) {
        INFO("address text: '" << bad << "'");
        CHECK_FALSE(ipclab::parse_ip(bad, 1));
    }
}

TEST_CASE("an address is shown as ADDR:PORT, IPv6 in brackets") {
    CHECK(ipclab::format_address(*ipclab::parse_ip("127.0.0.1", 6013)) == "127.0.0.1:6013");
    CHECK(ipclab::format_address(*ipclab::parse_ip("10.1.2.3", 0)) == "10.1.2.3:0");
    CHECK(ipclab::format_address(*ipclab::parse_ip("::1", 45678)) == "[::1]:45678");
    CHECK(ipclab::format_address(*ipclab::parse_ip("fe80:0:0::2", 1)) == "[fe80::2]:1");
    sockaddr_storage other{};
    other.ss_family = AF_UNIX;
    CHECK(ipclab::format_address(reinterpret_cast<sockaddr*>(&other), sizeof other) == "?");
    // A length too short for the family is not read past.
    const auto v6 = ipclab::parse_ip("::1", 1);
    CHECK(ipclab::format_address(v6->get(), sizeof(sockaddr_in)) == "?");
}

TEST_CASE("server options: the defaults are the lecture's, 127.0.0.1 and port 6013, no client limit") {
    const auto o = tcp::parse_server_args({});
    REQUIRE(o);
    CHECK(ipclab::format_address(o->address) == "127.0.0.1:6013");
    CHECK(o->clients == 0);
}

TEST_CASE("server options: -a, -p and -n in any order, with the value apart or glued") {
    const auto o = tcp::parse_server_args(Args{"-n", "3", "-p", "0", "-a", "::1"});
    REQUIRE(o);
    CHECK(o->address.family() == AF_INET6);
    CHECK(port_of(o->address) == 0);
    CHECK(o->clients == 3);
    const auto glued = tcp::parse_server_args(Args{"-p0", "-n50", "-a127.0.0.1"});
    REQUIRE(glued);
    CHECK(ipclab::format_address(glued->address) == "127.0.0.1:0");
    CHECK(glued->clients == 50);
}

TEST_CASE("server options: anything else is a usage error") {
    const std::vector<Args> bad = {
        {"-p"}, {"-p", "abc"}, {"-p", "65536"}, {"-p", "-1"}, {"-n", "0"}, {"-n", "x"}, {"-n"},
        {"-a"}, {"-a", "localhost"}, {"-a", "1.2.3"}, {"-x"}, {"extra"}, {"-"}, {"-p", "1", "-p", "2"},
        {"-n", "1", "-n", "1"}, {"--port", "1"},
    };
    for (const auto& args : bad) {
        std::string shown;
        for (auto a : args) shown += std::string(a) + " ";
        INFO("arguments: " << shown);
        CHECK_FALSE(tcp::parse_server_args(args));
    }
}

TEST_CASE("a count is 1 to max") {
    CHECK(tcp::parse_count("1", 10) == 1UL);
    CHECK(tcp::parse_count("10", 10) == 10UL);
    CHECK_FALSE(tcp::parse_count("0", 10));
    CHECK_FALSE(tcp::parse_count("11", 10));
    CHECK_FALSE(tcp::parse_count("", 10));
    CHECK_FALSE(tcp::parse_count("2x", 10));
}

TEST_CASE("the date line is YYYY-MM-DD HH:MM:SS and a newline, zero-padded") {
    std::tm t{};
    t.tm_year = 2024 - 1900;
    t.tm_mon = 2;  // March
    t.tm_mday = 5;
    t.tm_hour = 7;
    t.tm_min = 8;
    t.tm_sec = 9;
    CHECK(tcp::date_line(t) == "2024-03-05 07:08:09\n");
    t.tm_year = 1999 - 1900;
    t.tm_mon = 11;
    t.tm_mday = 31;
    t.tm_hour = 23;
    t.tm_min = 59;
    t.tm_sec = 59;
    CHECK(tcp::date_line(t) == "1999-12-31 23:59:59\n");
}

TEST_CASE("local_address tells the port the kernel picked for port 0") {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    const auto any = ipclab::parse_ip("127.0.0.1", 0);
    REQUIRE(::bind(fd, any->get(), any->length) == 0);
    const auto bound = ipclab::local_address(fd);
    CHECK(bound.family() == AF_INET);
    CHECK(port_of(bound) != 0);
    const std::string text = ipclab::format_address(bound);
    CHECK(text.rfind("127.0.0.1:", 0) == 0);
    CHECK(text == "127.0.0.1:" + std::to_string(port_of(bound)));
    ::close(fd);
}
