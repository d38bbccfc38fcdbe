// Unit tests for lab 05's priority parsing (solutions/05-mq/mq_args.hpp).
#include <catch2/catch.hpp>

#include "solutions/05-mq/mq_args.hpp"

namespace {
constexpr unsigned linux_prio_max = 32768;  // MQ_PRIO_MAX on Linux
}

TEST_CASE("a priority is a decimal number") {
    CHECK(mq::parse_priority("0", linux_prio_max) == 0u);
    CHECK(mq::parse_priority("7", linux_prio_max) == 7u);
    CHECK(mq::parse_priority("31", linux_prio_max) == 31u);
}

TEST_CASE("the largest priority is one below the maximum") {
    CHECK(mq::parse_priority("32767", linux_prio_max) == 32767u);
    CHECK_FALSE(mq::parse_priority("32768", linux_prio_max));
    CHECK_FALSE(mq::parse_priority("4294967296", linux_prio_max));  // does not even fit
    CHECK(mq::parse_priority("9", 10) == 9u);
    CHECK_FALSE(mq::parse_priority("10", 10));
}

TEST_CASE("leading zeros are still a number") {
    CHECK(mq::parse_priority("007", linux_prio_max) == 7u);
}

TEST_CASE("anything that is not a plain number is refused") {
    for (const char* text : {"", "-1", "+1", " 1", "1 ", "5x", "x5", "high", "1.5", "0x10"}) {
        INFO("priority text: '" << text << "'");
        CHECK_FALSE(mq::parse_priority(text, linux_prio_max));
    }
}
