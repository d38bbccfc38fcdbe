// Unit tests for the starter generator's marker handling (tools/starters/markers.hpp).
#include <catch2/catch.hpp>

#include "tools/starters/markers.hpp"

using starters::make_starter;

TEST_CASE("text without markers is copied unchanged, last newline or not") {
    CHECK(make_starter("int main() {}\n").text == "int main() {}\n");
    CHECK(make_starter("a\nb").text == "a\nb");
    CHECK(make_starter("").text.empty());
}

TEST_CASE("a block becomes one TODO line at the marker's indentation") {
    auto r = make_starter(
        "int main() {\n"
        "    // BEGIN SOLUTION: create the pipe\n"
        "    int fds[2];\n"
        "    pipe(fds);\n"
        "    // END SOLUTION\n"
        "}\n");
    REQUIRE(r.ok);
    CHECK(r.text ==
          "int main() {\n"
          "    // TODO: create the pipe\n"
          "}\n");
}

TEST_CASE("STARTER lines become code at their own indentation") {
    auto r = make_starter(
        "\t// BEGIN SOLUTION: fork\n"
        "\t// STARTER: pid_t pid = -1;\n"
        "\tpid_t pid = fork();\n"
        "\t// END SOLUTION\n");
    REQUIRE(r.ok);
    CHECK(r.text == "\t// TODO: fork\n\tpid_t pid = -1;\n");
}

TEST_CASE("a block without text gives a bare TODO") {
    auto r = make_starter("  // BEGIN SOLUTION\n  x();\n  // END SOLUTION\n");
    REQUIRE(r.ok);
    CHECK(r.text == "  // TODO\n");
}

TEST_CASE("several blocks, and text between them kept") {
    auto r = make_starter("// BEGIN SOLUTION: a\nA\n// END SOLUTION\nkeep\n// BEGIN SOLUTION: b\nB\n// END SOLUTION\n");
    REQUIRE(r.ok);
    CHECK(r.text == "// TODO: a\nkeep\n// TODO: b\n");
}

TEST_CASE("similar words are not markers") {
    auto r = make_starter("// BEGIN SOLUTIONS are great\n// STARTERS\nx\n");
    REQUIRE(r.ok);
    CHECK(r.text == "// BEGIN SOLUTIONS are great\n// STARTERS\nx\n");
}

TEST_CASE("nested BEGIN is an error naming both lines") {
    auto r = make_starter("// BEGIN SOLUTION: a\n\n// BEGIN SOLUTION: b\n// END SOLUTION\n// END SOLUTION\n");
    CHECK_FALSE(r.ok);
    CHECK(r.line == 3);
    CHECK(r.message.find("line 1") != std::string::npos);
    CHECK(r.text.empty());
}

TEST_CASE("END without BEGIN is an error at the END line") {
    auto r = make_starter("x\n// END SOLUTION\n");
    CHECK_FALSE(r.ok);
    CHECK(r.line == 2);
}

TEST_CASE("BEGIN without END is an error at the BEGIN line") {
    auto r = make_starter("a\nb\n  // BEGIN SOLUTION: never closed\nc\n");
    CHECK_FALSE(r.ok);
    CHECK(r.line == 3);
    CHECK(r.message.find("without END") != std::string::npos);
}

TEST_CASE("STARTER outside a block is an error") {
    auto r = make_starter("// STARTER: int x = 0;\n");
    CHECK_FALSE(r.ok);
    CHECK(r.line == 1);
}

TEST_CASE("the same input always gives the same output") {
    const char* src = "// BEGIN SOLUTION: x\n// STARTER: y();\nz();\n// END SOLUTION\n";
    CHECK(make_starter(src).text == make_starter(src).text);
}
