// SPDX-License-Identifier: GPL-2.0-or-later
#include "remote.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <system_error>

#include "bahth/error.h"

namespace bahth::detail {

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

unsigned parse_port(const std::string& port, const std::string& text) {
  if (!all_digits(port) || port.size() > 5 || std::stoul(port) == 0 || std::stoul(port) > 65535) {
    throw InputError(fmt::format("'{}': the port of a remote index must be a number from 1 to 65535", text));
  }
  return static_cast<unsigned>(std::stoul(port));
}

}  // namespace

std::string IndexSpec::where() const {
  if (!remote) return "'" + text + "'";
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

IndexSpec parse_index_spec(const std::string& text) {
  IndexSpec spec;
  spec.text = text;
  std::error_code ec;
  if (text.empty() || std::filesystem::exists(text, ec)) return spec;  // an existing path wins

  std::string rest = text;
  const bool tcp = rest.starts_with("tcp://");
  if (tcp) rest.erase(0, 6);
  if (tcp && !rest.empty() && rest.back() == '/') rest.pop_back();
  std::string host, port;
  if (rest.starts_with("[")) {  // [IPv6]:PORT
    const auto close = rest.find(']');
    if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
      if (!tcp) return spec;
      throw InputError(fmt::format("'{}': a remote index is [IPv6 address]:PORT", text));
    }
    host = rest.substr(1, close - 1);
    port = rest.substr(close + 2);
    if (host.empty()) throw InputError(fmt::format("'{}': the IPv6 address is empty", text));
  } else {
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos) {
      if (!tcp) return spec;
      throw InputError(fmt::format("'{}': a remote index is tcp://HOST:PORT", text));
    }
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    const bool plausible = !host.empty() && host.find('/') == std::string::npos &&
                           host.find(':') == std::string::npos && all_digits(port);
    if (!plausible) {
      if (!tcp) return spec;  // e.g. "C:/dir" or "a:b": a local path
      throw InputError(fmt::format("'{}': a remote index is tcp://HOST:PORT", text));
    }
  }
  spec.port = parse_port(port, text);
  spec.host = host;
  spec.remote = true;
  return spec;
}

Xapian::Database open_index(const IndexSpec& spec, double timeout_seconds) {
  if (!spec.remote) return Xapian::Database(spec.text);
  const double ms = std::clamp(timeout_seconds * 1000.0, 0.0, 3600.0 * 1000.0);
  // Xapian takes milliseconds, 0 meaning no timeout: a positive timeout stays at least 1 ms.
  const auto timeout = static_cast<useconds_t>(timeout_seconds > 0 ? std::max(1L, std::lround(ms)) : 0L);
  return Xapian::Remote::open(spec.host, spec.port, timeout, timeout);
}

bool is_network_error(const Xapian::Error& e) {
  const std::string type = e.get_type();
  return type == "NetworkError" || type == "NetworkTimeoutError";
}

std::string remote_in_context(const Xapian::Error& e) {
  const std::string& context = e.get_context();
  const std::string open = "remote:tcp(";
  const auto b = context.find(open);
  if (b == std::string::npos) return {};
  const auto e_ = context.find(')', b);
  if (e_ == std::string::npos) return {};
  return context.substr(b + open.size(), e_ - b - open.size());
}

}  // namespace bahth::detail
