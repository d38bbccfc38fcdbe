// Unit tests for lab 07's addresses, command line and answers
// (solutions/07-unix-sockets/usock.hpp).
#include <catch2/catch.hpp>

#include "command_line.hpp"

#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#include "solutions/07-unix-sockets/usock.hpp"

namespace {
// parse_server_args on a command line written as words.
std::optional<usock::server_args> parse(std::vector<std::string> words) {
    auto [argc, argv] = unit::command_line_of("us_server", std::move(words));
    return usock::parse_server_args(argc, argv);
}
}  // namespace

TEST_CASE("a socket path fits in sun_path with its terminating zero") {
    CHECK(usock::max_path == 107);
    auto a = usock::make_address("/tmp/s");
    REQUIRE(a);
    CHECK(a->sun_family == AF_UNIX);
    CHECK(std::string(a->sun_path) == "/tmp/s");
    const std::string longest(107, 'p');
    auto b = usock::make_address(longest);
    REQUIRE(b);
    CHECK(std::string(b->sun_path) == longest);
    CHECK(b->sun_path[107] == '\0');
}

TEST_CASE("a socket path that does not fit is refused, never cut") {
    CHECK_FALSE(usock::make_address(std::string(108, 'p')));
    CHECK_FALSE(usock::make_address(""));
    CHECK_FALSE(usock::make_address(std::string("a\0b", 3)));
}

TEST_CASE("the client's address is abstract: a zero byte, then ud_client.PID, its length counted exactly") {
    const auto c = usock::make_client_address(4242);
    CHECK(c.addr.sun_family == AF_UNIX);
    CHECK(c.addr.sun_path[0] == '\0');
    CHECK(std::string(c.addr.sun_path + 1) == "ud_client.4242");
    CHECK(c.size == offsetof(sockaddr_un, sun_path) + 1 + std::strlen("ud_client.4242"));
    CHECK(usock::has_return_address(c.size));
}

TEST_CASE("a sender without an address has no return address") {
    CHECK_FALSE(usock::has_return_address(0));
    CHECK_FALSE(usock::has_return_address(sizeof(sa_family_t)));
    CHECK(usock::has_return_address(sizeof(sockaddr_un)));
}

TEST_CASE("the answer upper-cases ASCII letters and keeps every other byte") {
    CHECK(usock::to_upper("hello") == "HELLO");
    CHECK(usock::to_upper("Hi there, 42!\n") == "HI THERE, 42!\n");
    CHECK(usock::to_upper("") == "");
    CHECK(usock::to_upper("stra\xc3\x9f" "e \xc3\xa9t\xc3\xa9") == "STRA\xc3\x9f" "E \xc3\xa9T\xc3\xa9");
    const std::string bytes("a\0b\xff", 4);
    CHECK(usock::to_upper(bytes) == std::string("A\0B\xff", 4));
    CHECK(usock::to_upper("`az{@AZ[") == "`AZ{@AZ[");
}

TEST_CASE("a response line numbers the answer and ends in a newline") {
    CHECK(usock::response_line(1, "HELLO") == "response 1: HELLO\n");
    CHECK(usock::response_line(12, "") == "response 12: \n");
    CHECK(usock::response_line(2, "A\nB") == "response 2: A\nB\n");
}

TEST_CASE("-n takes a plain number from 1") {
    CHECK(usock::parse_count("1") == 1UL);
    CHECK(usock::parse_count("250") == 250UL);
    CHECK_FALSE(usock::parse_count("0"));
    CHECK_FALSE(usock::parse_count(""));
    CHECK_FALSE(usock::parse_count("-1"));
    CHECK_FALSE(usock::parse_count("+3"));
    CHECK_FALSE(usock::parse_count("3x"));
    CHECK_FALSE(usock::parse_count(" 3"));
    CHECK_FALSE(usock::parse_count("99999999999999999999999"));
}

TEST_CASE("the servers' command line is [-n N] PATH") {
    auto a = parse({"/tmp/s"});
    REQUIRE(a);
    CHECK(a->count == 0);
    CHECK(std::string(a->path) == "/tmp/s");
    auto b = parse({"-n", "3", "/tmp/s"});
    REQUIRE(b);
    CHECK(b->count == 3);
    CHECK(std::string(b->path) == "/tmp/s");
    CHECK_FALSE(parse({}));
    CHECK_FALSE(parse({"-n", "3"}));
    CHECK_FALSE(parse({"-n"}));
    CHECK_FALSE(parse({"-n", "0", "/tmp/s"}));
    CHECK_FALSE(parse({"-n", "x", "/tmp/s"}));
    CHECK_FALSE(parse({"/tmp/s", "/tmp/t"}));
    CHECK_FALSE(parse({"-x", "/tmp/s"}));
    CHECK_FALSE(parse({"-n", "2", "-n", "3", "/tmp/s"}));
    CHECK_FALSE(parse({""}));
}
