// stages.hpp — split a pipeline's argv at "|" into the argv of each stage.
//
//   pipeline ls -l '|' grep cpp '|' wc -l
//   -> {{"ls", "-l"}, {"grep", "cpp"}, {"wc", "-l"}}
//
// Pure logic, no system calls: tests/unit checks it without running anything.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace pipeline {

// One stage: pointers into the original argv, ready for execvp (ends in nullptr).
using stage = std::vector<char*>;

// Returns std::nullopt when there is no command, or a stage is empty
// ("| a", "a |", "a | | b").
inline std::optional<std::vector<stage>> split_stages(int argc, char* argv[]) {
    std::vector<stage> stages(1);
    for (int i = 0; i < argc; ++i) {
        if (std::string_view(argv[i]) == "|") {
            if (stages.back().empty()) return std::nullopt;
            stages.emplace_back();
        } else {
            stages.back().push_back(argv[i]);
        }
    }
    if (stages.back().empty()) return std::nullopt;
    for (auto& s : stages) s.push_back(nullptr);
    return stages;
}

}  // namespace pipeline
