// Unit tests for lab 02's stage splitting (solutions/02-ls-wc/stages.hpp).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "solutions/02-ls-wc/stages.hpp"

namespace {

// Build a mutable argv from words, run split_stages, return the words per stage.
std::optional<std::vector<std::vector<std::string>>> split(std::vector<std::string> words) {
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    auto stages = pipeline::split_stages(static_cast<int>(argv.size()), argv.data());
    if (!stages) return std::nullopt;
    std::vector<std::vector<std::string>> out;
    for (const auto& s : *stages) {
        REQUIRE(!s.empty());
        CHECK(s.back() == nullptr);  // execvp needs the terminating null pointer
        out.emplace_back(s.begin(), s.end() - 1);
    }
    return out;
}

using V = std::vector<std::vector<std::string>>;

}  // namespace

TEST_CASE("one command is one stage") {
    CHECK(split({"ls", "-l"}) == V{{"ls", "-l"}});
}

TEST_CASE("a bar splits stages and is not passed to either command") {
    CHECK(split({"ls", "|", "wc", "-l"}) == V{{"ls"}, {"wc", "-l"}});
}

TEST_CASE("any number of stages") {
    CHECK(split({"a", "|", "b", "1", "|", "c", "|", "d"}) == V{{"a"}, {"b", "1"}, {"c"}, {"d"}});
}

TEST_CASE("a bar inside a word is an ordinary argument") {
    CHECK(split({"grep", "a|b", "|", "wc"}) == V{{"grep", "a|b"}, {"wc"}});
    CHECK(split({"echo", "||"}) == V{{"echo", "||"}});
}

TEST_CASE("no command at all is an error") {
    CHECK_FALSE(split({}));
}

TEST_CASE("an empty stage is an error wherever it is") {
    CHECK_FALSE(split({"|"}));
    CHECK_FALSE(split({"|", "wc"}));
    CHECK_FALSE(split({"ls", "|"}));
    CHECK_FALSE(split({"ls", "|", "|", "wc"}));
}

TEST_CASE("stage arguments point into the original argv") {
    std::string a = "cat", bar = "|", b = "wc";
    char* argv[] = {a.data(), bar.data(), b.data()};
    auto stages = pipeline::split_stages(3, argv);
    REQUIRE(stages);
    CHECK((*stages)[0][0] == argv[0]);
    CHECK((*stages)[1][0] == argv[2]);
}
