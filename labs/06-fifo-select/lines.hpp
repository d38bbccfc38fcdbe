// lines.hpp — the pure logic of lab 06: FIFO names, numbers, and lines that
// arrive in pieces.
//
// read() on a FIFO returns whatever the pipe holds at that moment: half a
// line, several lines, or a line and a half. line_buffer keeps the unfinished
// part of each FIFO's data until its '\n' arrives, so fifo_select prints only
// whole lines:
//
//   push("msg 1 from 7\nmsg 2 fr") -> {"msg 1 from 7"}     (keeps "msg 2 fr")
//   push("om 7\n")                 -> {"msg 2 from 7"}
//   finish()                       -> nothing left
//
// No system calls here: tests/unit checks it without a FIFO.
#pragma once

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace fifo {

// The name a FIFO is shown under: its file name, the part after the last '/'.
inline std::string_view display_name(std::string_view path) {
    const size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// A plain decimal number from 0 to max (COUNT, DELAY_MS); std::nullopt for
// anything else (empty, a sign, spaces, trailing characters, too large).
inline std::optional<unsigned long> parse_number(std::string_view text, unsigned long max) {
    unsigned long value = 0;
    const char* last = text.data() + text.size();
    auto [end, err] = std::from_chars(text.data(), last, value);
    if (text.empty() || err != std::errc{} || end != last || value > max) return std::nullopt;
    return value;
}

// The bytes read so far from one FIFO that do not yet end in '\n'.
class line_buffer {
public:
    // Add what one read() returned; get back every line it completed, without
    // the '\n'. An unfinished line stays here for the next push().
    std::vector<std::string> push(std::string_view bytes) {
        std::vector<std::string> lines;
        size_t start = 0;
        for (size_t nl; (nl = bytes.find('\n', start)) != std::string_view::npos; start = nl + 1) {
            pending_.append(bytes.substr(start, nl - start));
            lines.push_back(std::exchange(pending_, {}));
        }
        pending_.append(bytes.substr(start));
        return lines;
    }

    // At EOF: the last line if it had no '\n', or std::nullopt if nothing is left.
    std::optional<std::string> finish() {
        if (pending_.empty()) return std::nullopt;
        return std::exchange(pending_, {});
    }

    // Bytes waiting for their '\n'.
    size_t pending() const { return pending_.size(); }

private:
    std::string pending_;
};

}  // namespace fifo
