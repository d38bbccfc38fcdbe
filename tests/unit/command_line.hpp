// command_line.hpp — an argv built from words, for the unit tests of the labs'
// option parsers.
//
// A parser may keep pointers into argv (a NAME, a PATH), as it does in a real
// program, where argv lives until exit. So the words and the pointer array
// built here live until the test binary ends: a check made after the parse
// reads live memory. (They used to die with the helper that built them, and
// a check of the parsed name read freed memory; only ASan noticed.)
#pragma once

#include <list>
#include <string>
#include <vector>

namespace unit {

struct command_line {
    int argc;
    char** argv;  // argv[argc] is nullptr, as for main()
};

// command_line_of("prog", {"-n", "3", "/name"}): argc 4, argv {"prog", "-n", "3", "/name", nullptr}.
inline command_line command_line_of(const char* program, std::vector<std::string> words) {
    static std::list<std::vector<std::string>> lines;  // a list: earlier lines never move
    static std::list<std::vector<char*>> argvs;
    auto& line = lines.emplace_back(std::move(words));
    line.insert(line.begin(), program);
    auto& argv = argvs.emplace_back();
    for (auto& word : line) argv.push_back(word.data());
    argv.push_back(nullptr);
    return {static_cast<int>(line.size()), argv.data()};
}

}  // namespace unit
