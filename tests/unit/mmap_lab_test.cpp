// Unit tests for lab 03's option parsing (solutions/03-mmap/mmap_lab.hpp).
#include <catch2/catch.hpp>

#include "command_line.hpp"

#include <string>
#include <vector>

#include "solutions/03-mmap/mmap_lab.hpp"

namespace {

using mmap_lab::anon_mode;

// Run parse_anon_mode on "mmap_anon ARGS...".
std::optional<anon_mode> parse(std::vector<std::string> args) {
    auto [argc, argv] = unit::command_line_of("mmap_anon", std::move(args));
    return mmap_lab::parse_anon_mode(argc, argv);
}

}  // namespace

TEST_CASE("mmap_anon with no option shares an anonymous mapping") {
    CHECK(parse({}) == anon_mode::shared);
}

TEST_CASE("mmap_anon --private and --dev-zero select their mapping") {
    CHECK(parse({"--private"}) == anon_mode::private_);
    CHECK(parse({"--dev-zero"}) == anon_mode::dev_zero);
}

TEST_CASE("mmap_anon refuses unknown, abbreviated or extra options") {
    CHECK_FALSE(parse({"--shared"}).has_value());
    CHECK_FALSE(parse({"--priv"}).has_value());
    CHECK_FALSE(parse({"-p"}).has_value());
    CHECK_FALSE(parse({""}).has_value());
    CHECK_FALSE(parse({"--private", "--dev-zero"}).has_value());
    CHECK_FALSE(parse({"--private", "--private"}).has_value());
}
