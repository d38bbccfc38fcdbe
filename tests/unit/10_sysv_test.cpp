// Unit tests for lab 10's message framing, text and numbers (solutions/10-sysv-signals/sysv.hpp).
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "solutions/10-sysv-signals/sysv.hpp"

TEST_CASE("a message's body is the pid and the text, without mtype and without a NUL") {
    CHECK(sysv::body_size(0) == sizeof(pid_t));
    CHECK(sysv::body_size(5) == sizeof(pid_t) + 5);
    CHECK(sysv::text_len(sysv::body_size(5)) == 5);
    CHECK(sysv::text_len(sysv::body_size(sysv::max_text)) == sysv::max_text);
    CHECK(sysv::text_len(2) == 0);  // shorter than a pid: no text at all
    // The biggest body fits the struct msgrcv fills.
    CHECK(sysv::body_size(sysv::max_text) <= sizeof(sysv::message) - sizeof(long));
}

TEST_CASE("to_upper changes letters only, and only the given length") {
    char text[] = "hello, World 42!xyz";
    sysv::to_upper(text, 16);
    CHECK(std::string(text) == "HELLO, WORLD 42!xyz");
    char bytes[] = {'a', '\xe9', '\0', 'b'};
    sysv::to_upper(bytes, 4);  // bytes above 127 and NULs pass through
    CHECK(bytes[0] == 'A');
    CHECK(bytes[1] == '\xe9');
    CHECK(bytes[2] == '\0');
    CHECK(bytes[3] == 'B');
}

TEST_CASE("numbers: decimal, in range, nothing else") {
    CHECK(sysv::parse_number("100000", 1, 10'000'000) == 100000);
    CHECK(sysv::parse_number("1", 1, 10) == 1);
    CHECK_FALSE(sysv::parse_number("0", 1, 10));
    CHECK_FALSE(sysv::parse_number("11", 1, 10));
    CHECK_FALSE(sysv::parse_number("-1", 1, 10));
    CHECK_FALSE(sysv::parse_number("5x", 1, 10));
    CHECK_FALSE(sysv::parse_number("", 1, 10));
    CHECK_FALSE(sysv::parse_number(" 5", 1, 10));
}

TEST_CASE("the lab's constants: the key's project id, the request type, sizes") {
    CHECK(sysv::project_id == 'L');
    CHECK(sysv::request_type == 1);  // replies use the client's pid: never 1 (init)
    CHECK(sysv::max_text == 512);
    CHECK(sysv::segment_size == 4096);
}
