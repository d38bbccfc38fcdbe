// Unit tests for lab 06's line splitting and argument parsing
// (solutions/06-fifo-select/lines.hpp).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "solutions/06-fifo-select/lines.hpp"

using V = std::vector<std::string>;

TEST_CASE("whole lines come out at once, without their newline") {
    fifo::line_buffer b;
    CHECK(b.push("msg 1 from 7\n") == V{"msg 1 from 7"});
    CHECK(b.push("msg 2 from 7\nmsg 3 from 8\n") == V{"msg 2 from 7", "msg 3 from 8"});
    CHECK(b.pending() == 0);
    CHECK_FALSE(b.finish());
}

TEST_CASE("a line cut by a read is kept until its newline arrives") {
    fifo::line_buffer b;
    CHECK(b.push("msg 1 from 7\nmsg 2 fr").size() == 1);
    CHECK(b.pending() == 8);
    CHECK(b.push("om 7") == V{});
    CHECK(b.push("\n") == V{"msg 2 from 7"});
    CHECK(b.pending() == 0);
}

TEST_CASE("a line may arrive one byte at a time") {
    fifo::line_buffer b;
    const std::string text = "ab\n\ncd\n";
    V lines;
    for (char c : text) {
        for (auto& line : b.push(std::string(1, c))) lines.push_back(line);
    }
    CHECK(lines == V{"ab", "", "cd"});
}

TEST_CASE("empty lines are lines") {
    fifo::line_buffer b;
    CHECK(b.push("\n\n") == V{"", ""});
}

TEST_CASE("an empty read adds nothing") {
    fifo::line_buffer b;
    CHECK(b.push("") == V{});
    CHECK(b.push("x") == V{});
    CHECK(b.push("") == V{});
    CHECK(b.pending() == 1);
}

TEST_CASE("at EOF the last line without a newline is handed out once") {
    fifo::line_buffer b;
    CHECK(b.push("done\nno newline") == V{"done"});
    auto rest = b.finish();
    REQUIRE(rest);
    CHECK(*rest == "no newline");
    CHECK_FALSE(b.finish());
}

TEST_CASE("a buffer can be reused after finish") {
    fifo::line_buffer b;
    b.push("old");
    b.finish();
    CHECK(b.push("new\n") == V{"new"});
}

TEST_CASE("a FIFO is shown by its file name") {
    CHECK(fifo::display_name("/tmp/work/a") == "a");
    CHECK(fifo::display_name("relative/dir/fifo.1") == "fifo.1");
    CHECK(fifo::display_name("plain") == "plain");
}

TEST_CASE("COUNT and DELAY_MS are plain decimal numbers up to a maximum") {
    CHECK(fifo::parse_number("0", 10) == 0ul);
    CHECK(fifo::parse_number("10", 10) == 10ul);
    CHECK(fifo::parse_number("250", 1000) == 250ul);
    CHECK_FALSE(fifo::parse_number("11", 10));
    for (const char* text : {"", "-1", "+1", " 1", "1 ", "3x", "ten", "1e3", "99999999999999999999999"}) {
        INFO("text: '" << text << "'");
        CHECK_FALSE(fifo::parse_number(text, 1'000'000'000));
    }
}
