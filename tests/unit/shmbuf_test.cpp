// Unit tests for lab 04's object layout and options (solutions/04-shm-sem/shmbuf.hpp).
#include <catch2/catch.hpp>

#include "command_line.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "solutions/04-shm-sem/shmbuf.hpp"

namespace {

// Run parse_options on "PROG ARGS..." with the given flag ('b' or 'w').
std::optional<shm_lab::options> parse(char flag, std::vector<std::string> args) {
    auto [argc, argv] = unit::command_line_of("prog", std::move(args));
    return shm_lab::parse_options(argc, argv, flag);
}

}  // namespace

TEST_CASE("the buffer starts right after the header, suitably aligned") {
    alignas(shmbuf) unsigned char storage[sizeof(shmbuf) + 16] = {};
    auto* shm = reinterpret_cast<shmbuf*>(storage);
    CHECK(shm_lab::buffer_of(shm) == reinterpret_cast<char*>(storage) + sizeof(shmbuf));
    CHECK(sizeof(shmbuf) % alignof(shmbuf) == 0);
    CHECK(shm_lab::object_size(1024) == sizeof(shmbuf) + 1024);
}

TEST_CASE("fits: an object must hold the header and the whole buffer") {
    const size_t h = sizeof(shmbuf);
    CHECK(shm_lab::fits(h, 0));
    CHECK(shm_lab::fits(h + 1024, 1024));
    CHECK(shm_lab::fits(h + 1025, 1024));
    CHECK_FALSE(shm_lab::fits(h + 1023, 1024));
    CHECK_FALSE(shm_lab::fits(h - 1, 0));
    CHECK_FALSE(shm_lab::fits(0, 0));
    // No wrap-around for a huge size in a corrupt header.
    CHECK_FALSE(shm_lab::fits(h + 10, SIZE_MAX));
}

TEST_CASE("transfers_for: a full buffer per transfer, the last one partial") {
    CHECK(shm_lab::transfers_for(0, 1024) == 0);
    CHECK(shm_lab::transfers_for(1, 1024) == 1);
    CHECK(shm_lab::transfers_for(1023, 1024) == 1);
    CHECK(shm_lab::transfers_for(1024, 1024) == 1);
    CHECK(shm_lab::transfers_for(1025, 1024) == 2);
    CHECK(shm_lab::transfers_for(3000, 1) == 3000);
}

TEST_CASE("the ready flag is set by publish and nothing else") {
    auto shm = std::make_unique<shmbuf>();
    shm->ready = 0;
    CHECK_FALSE(shm_lab::is_ready(shm.get()));
    shm->ready = 1;  // garbage is not "ready"
    CHECK_FALSE(shm_lab::is_ready(shm.get()));
    shm_lab::publish(shm.get());
    CHECK(shm_lab::is_ready(shm.get()));
}

TEST_CASE("buffer sizes are positive decimal numbers up to the limit") {
    CHECK(shm_lab::parse_buffer_size("1") == 1u);
    CHECK(shm_lab::parse_buffer_size("1024") == 1024u);
    CHECK(shm_lab::parse_buffer_size(std::to_string(shm_lab::max_size)) == shm_lab::max_size);
    CHECK_FALSE(shm_lab::parse_buffer_size(std::to_string(shm_lab::max_size + 1)).has_value());
    CHECK_FALSE(shm_lab::parse_buffer_size("0").has_value());
    CHECK_FALSE(shm_lab::parse_buffer_size("").has_value());
    CHECK_FALSE(shm_lab::parse_buffer_size("-1").has_value());
    CHECK_FALSE(shm_lab::parse_buffer_size("12k").has_value());
    CHECK_FALSE(shm_lab::parse_buffer_size(" 12").has_value());
    CHECK_FALSE(shm_lab::parse_buffer_size("99999999999999999999999").has_value());
}

TEST_CASE("wait times are 0 to 3600 seconds") {
    CHECK(shm_lab::parse_wait_seconds("0") == 0);
    CHECK(shm_lab::parse_wait_seconds("5") == 5);
    CHECK(shm_lab::parse_wait_seconds("3600") == 3600);
    CHECK_FALSE(shm_lab::parse_wait_seconds("3601").has_value());
    CHECK_FALSE(shm_lab::parse_wait_seconds("1.5").has_value());
}

TEST_CASE("shm_writer [-b SIZE] [-w SECONDS] NAME") {
    auto opts = parse('b', {"/name"});
    REQUIRE(opts);
    CHECK(opts->size == shm_lab::default_size);
    CHECK(std::string(opts->name) == "/name");
    opts = parse('b', {"-b", "64", "/name"});
    REQUIRE(opts);
    CHECK(opts->size == 64u);
    CHECK(std::string(opts->name) == "/name");
    CHECK_FALSE(parse('b', {}).has_value());
    CHECK_FALSE(parse('b', {"-b", "64"}).has_value());      // no NAME
    CHECK_FALSE(parse('b', {"-b"}).has_value());            // no value
    CHECK_FALSE(parse('b', {"-b", "0", "/name"}).has_value());
    opts = parse('b', {"-w", "1", "-b", "8", "/name"});  // how long to wait for a reader
    REQUIRE(opts);
    CHECK(opts->wait_seconds == 1);
    CHECK(opts->size == 8u);
    CHECK_FALSE(parse('b', {"-w", "-1", "/name"}).has_value());
    CHECK_FALSE(parse('b', {"/a", "/b"}).has_value());
    CHECK_FALSE(parse('b', {"-bb", "1", "/name"}).has_value());
}

TEST_CASE("shm_reader [-w SECONDS] NAME") {
    auto opts = parse('w', {"/name"});
    REQUIRE(opts);
    CHECK(opts->wait_seconds == shm_lab::default_wait_seconds);
    opts = parse('w', {"-w", "0", "/name"});
    REQUIRE(opts);
    CHECK(opts->wait_seconds == 0);
    CHECK_FALSE(parse('w', {"-b", "10", "/name"}).has_value());
    CHECK_FALSE(parse('w', {"-w", "soon", "/name"}).has_value());
    CHECK_FALSE(parse('w', {"/name", "extra"}).has_value());
}

TEST_CASE("a NAME may follow the options, and a lone '-' is a NAME") {
    auto opts = parse('b', {"-b", "8", "-b", "16", "/n"});
    REQUIRE(opts);
    CHECK(opts->size == 16u);  // the last one wins, as with getopt
    CHECK(parse('b', {"-"}).has_value());
}

TEST_CASE("publish records the writer's pid; one reader claims the object") {
    auto shm = std::make_unique<shmbuf>();
    shm_lab::publish(shm.get());
    CHECK(shm->writer_pid == getpid());
    CHECK(shm->reader_pid == 0);
    CHECK(shm_lab::claim_reader(shm.get(), 1234));
    CHECK(shm->reader_pid == 1234);
    CHECK_FALSE(shm_lab::claim_reader(shm.get(), 5678));  // a second reader is refused
    CHECK(shm->reader_pid == 1234);
}
