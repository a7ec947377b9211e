// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/utf8.h"

namespace bahth::utf8 {

std::string sanitize(std::string_view s, std::size_t* bad) {
  std::string out;
  out.reserve(s.size());
  std::size_t replaced = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    if (decode(s, i) == kInvalid) {
      out += "\xEF\xBF\xBD";
      ++replaced;
    } else {
      out.append(s.data() + start, i - start);
    }
  }
  if (bad != nullptr) *bad = replaced;
  return out;
}

}  // namespace bahth::utf8
