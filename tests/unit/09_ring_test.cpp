// Unit tests for lab 09's ring arithmetic, items and options (solutions/09-bounded-buffer/ring.hpp).
#include <catch2/catch.hpp>

#include "command_line.hpp"

#include <string>
#include <vector>

#include "solutions/09-bounded-buffer/ring.hpp"

namespace {

std::optional<bb::options> parse(std::string_view flags, std::vector<std::string> args, bb::options defaults = {},
                                 std::uint32_t min_slots = 1) {
    auto [argc, argv] = unit::command_line_of("prog", std::move(args));
    return bb::parse_options(argc, argv, flags, defaults, min_slots);
}

}  // namespace

TEST_CASE("next() wraps around at the end of the ring") {
    CHECK(bb::next(0, 16) == 1);
    CHECK(bb::next(14, 16) == 15);
    CHECK(bb::next(15, 16) == 0);
    CHECK(bb::next(0, 1) == 0);  // one slot: in and out never move away from it
}

TEST_CASE("the lecture's full and empty tests keep one slot free") {
    const std::uint32_t size = 10;  // BUFFER_SIZE
    CHECK(bb::naive_empty(3, 3));
    CHECK_FALSE(bb::naive_full(3, 3, size));
    // Nine items put, none taken: in = 9, out = 0: full with BUFFER_SIZE - 1 items.
    CHECK(bb::naive_full(9, 0, size));
    CHECK_FALSE(bb::naive_full(8, 0, size));
    // Across the wrap: in = 2, out = 3.
    CHECK(bb::naive_full(2, 3, size));
    CHECK_FALSE(bb::naive_empty(2, 3));
}

TEST_CASE("the object holds the header and exactly SLOTS items") {
    CHECK(bb::object_size(1) == sizeof(bb::ring) + sizeof(bb::item));
    CHECK(bb::object_size(16) == sizeof(bb::ring) + 16 * sizeof(bb::item));
    CHECK(sizeof(bb::ring) == 16);  // slots, in, out, producers_done: the layout tests and the handout read
}

TEST_CASE("items print as 'P I' lines; P = 0 marks the end") {
    char buf[32];
    const auto n = bb::format_item(bb::item{3, 1200}, buf, sizeof buf);
    CHECK(std::string(buf, n) == "3 1200\n");
    CHECK(bb::is_end(bb::no_more_items));
    CHECK_FALSE(bb::is_end(bb::item{1, 1}));
}

TEST_CASE("semaphore names are NAME-empty, NAME-full and NAME-mutex") {
    CHECK(bb::sem_name("/jobs", "empty") == "/jobs-empty");
    CHECK(bb::sem_name("/jobs", "mutex") == "/jobs-mutex");
}

TEST_CASE("bb_run's options: defaults, every flag, and what is refused") {
    auto o = parse("spcn", {"/bb"});
    REQUIRE(o);
    CHECK(o->slots == 16);
    CHECK(o->producers == 1);
    CHECK(o->consumers == 1);
    CHECK(o->items == 1000);
    CHECK(std::string(o->name) == "/bb");

    o = parse("spcn", {"-s", "1", "-p", "8", "-c", "4", "-n", "0", "/bb"});
    REQUIRE(o);
    CHECK(o->slots == 1);
    CHECK(o->producers == 8);
    CHECK(o->consumers == 4);
    CHECK(o->items == 0);

    for (const auto& bad : std::vector<std::vector<std::string>>{
             {}, {"-s", "0", "/bb"}, {"-s", "x", "/bb"}, {"-p", "0", "/bb"}, {"-p", "65", "/bb"},
             {"-c", "0", "/bb"}, {"-n", "-1", "/bb"}, {"-n", "12k", "/bb"}, {"-w", "5", "/bb"},
             {"-s", "/bb"}, {"/bb", "extra"}, {"-sp", "1", "/bb"}}) {
        CAPTURE(bad);
        CHECK_FALSE(parse("spcn", bad));
    }
}

TEST_CASE("bb_naive's options: BUFFER_SIZE 10 by default, at least 2, -w a pause") {
    bb::options defaults;
    defaults.slots = 10;
    auto o = parse("pnsw", {"/bb"}, defaults, 2);
    REQUIRE(o);
    CHECK(o->slots == 10);
    CHECK(o->wait_us == 0);
    o = parse("pnsw", {"-p", "2", "-w", "500", "-s", "2", "/bb"}, defaults, 2);
    REQUIRE(o);
    CHECK(o->producers == 2);
    CHECK(o->wait_us == 500);
    CHECK(o->slots == 2);
    CHECK_FALSE(parse("pnsw", {"-s", "1", "/bb"}, defaults, 2));  // one slot always stays free: 1 holds nothing
    CHECK_FALSE(parse("pnsw", {"-c", "2", "/bb"}, defaults, 2));  // one consumer: the parent
    CHECK_FALSE(parse("pnsw", {"-w", "2000000", "/bb"}, defaults, 2));
}
