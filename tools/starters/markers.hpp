// markers.hpp — turn a solution file into a student starter.
//
// In a solution, the code students write sits between two marker lines:
//
//     // BEGIN SOLUTION: create the pipe, then fork
//     // STARTER: int fds[2] = {-1, -1};
//     int fds[2];
//     check(pipe(fds), "pipe");
//     // END SOLUTION
//
// The starter gets, at the BEGIN line's indentation, one "// TODO: <text>"
// line, followed by each STARTER line's code (placeholders that keep the
// starter compiling), and nothing else from the block. Text outside blocks is
// copied unchanged. Nested, unbalanced or misplaced markers are errors that
// name the line. Pure logic: the generator program does the file work.
#pragma once

#include <string>
#include <string_view>

namespace starters {

struct result {
    bool ok = true;
    std::string text;     // the starter, when ok
    int line = 0;         // 1-based line of the problem, when !ok
    std::string message;  // what is wrong, when !ok
};

namespace detail {

inline std::string_view trim_left(std::string_view s) {
    size_t i = s.find_first_not_of(" \t");
    return i == std::string_view::npos ? std::string_view{} : s.substr(i);
}

inline std::string_view trim_right(std::string_view s) {
    size_t i = s.find_last_not_of(" \t\r");
    return i == std::string_view::npos ? std::string_view{} : s.substr(0, i + 1);
}

// Is body (a line without its indentation) "// KEYWORD", "// KEYWORD: text"
// or "// KEYWORD text"? If so, set rest to the text (trimmed) and return true.
inline bool marker(std::string_view body, std::string_view keyword, std::string_view& rest) {
    if (!body.starts_with("//")) return false;
    body = trim_left(body.substr(2));
    if (!body.starts_with(keyword)) return false;
    rest = body.substr(keyword.size());
    if (!rest.empty() && rest.front() != ':' && rest.front() != ' ' && rest.front() != '\t') return false;
    rest = trim_left(rest);
    if (rest.starts_with(':')) rest = trim_left(rest.substr(1));
    rest = trim_right(rest);
    return true;
}

}  // namespace detail

inline result make_starter(std::string_view source) {
    result out;
    bool in_block = false;
    int block_line = 0;
    int line_no = 0;
    auto fail = [&](int line, std::string message) {
        out.ok = false;
        out.line = line;
        out.message = std::move(message);
        out.text.clear();
        return out;
    };

    size_t pos = 0;
    while (pos < source.size()) {
        size_t nl = source.find('\n', pos);
        const bool has_nl = nl != std::string_view::npos;
        std::string_view line = source.substr(pos, has_nl ? nl - pos : std::string_view::npos);
        pos = has_nl ? nl + 1 : source.size();
        ++line_no;

        std::string_view body = detail::trim_left(line);
        std::string_view indent = line.substr(0, line.size() - body.size());
        std::string_view rest;

        if (detail::marker(body, "BEGIN SOLUTION", rest)) {
            if (in_block)
                return fail(line_no, "nested BEGIN SOLUTION (block opened at line " +
                                         std::to_string(block_line) + " is not closed)");
            in_block = true;
            block_line = line_no;
            out.text.append(indent).append(rest.empty() ? "// TODO" : "// TODO: ");
            out.text.append(rest).append("\n");
        } else if (detail::marker(body, "END SOLUTION", rest)) {
            if (!in_block) return fail(line_no, "END SOLUTION without BEGIN SOLUTION");
            if (!rest.empty()) return fail(line_no, "END SOLUTION takes no text");
            in_block = false;
        } else if (detail::marker(body, "STARTER", rest)) {
            if (!in_block) return fail(line_no, "STARTER line outside a SOLUTION block");
            out.text.append(indent).append(rest).append("\n");
        } else if (!in_block) {
            out.text.append(line);
            if (has_nl) out.text.append("\n");
        }
    }
    if (in_block) return fail(block_line, "BEGIN SOLUTION without END SOLUTION");
    return out;
}

}  // namespace starters
