// ipclab/number.hpp — the one rule for numbers on a command line.
//
// A number is decimal digits only, within [lo, hi]: "12" is 12; "12k", " 12",
// "+12", "-1", "" and anything out of range are refused (std::nullopt), and
// the program calls it a usage error.
#pragma once

#include <charconv>
#include <optional>
#include <string_view>

namespace ipclab {

template <typename T>
std::optional<T> parse_number(std::string_view text, T lo, T hi) {
    T value{};
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || value < lo || value > hi) return std::nullopt;
    return value;
}

}  // namespace ipclab
