// mq_args.hpp — the one number lab 05 reads from its command line.
//
//   mq_send NAME MESSAGE 7     -> priority 7
//   mq_send NAME MESSAGE high  -> usage error
//
// Pure logic, no system calls: tests/unit checks it without a queue.
#pragma once

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>

namespace mq {

// A message priority is a plain decimal number from 0 (the lowest) to max - 1,
// where max is MQ_PRIO_MAX (32768 on Linux; mq_send fails with EINVAL above).
// Returns std::nullopt for anything else: empty text, a sign, spaces, trailing
// characters, or a number that is too large. The programs turn that into a
// usage error instead of sending with a priority nobody asked for.
inline std::optional<unsigned> parse_priority(std::string_view text, unsigned max) {
    unsigned value = 0;
    const char* first = text.data();
    const char* last = first + text.size();
    // from_chars on an unsigned type takes digits only: no '+', no '-', no spaces.
    auto [end, err] = std::from_chars(first, last, value);
    if (text.empty() || err != std::errc{} || end != last || value >= max) return std::nullopt;
    return value;
}

}  // namespace mq
