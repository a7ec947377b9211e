// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/shards.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "bahth/error.h"

namespace bahth::shards {
namespace fs = std::filesystem;

std::uint64_t fnv1a64(std::string_view data) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (const char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

unsigned shard_of(std::string_view id, unsigned n) noexcept {
  return n <= 1 ? 0 : static_cast<unsigned>(fnv1a64(id) % n);
}

std::string shard_name(unsigned k) {
  std::string digits = std::to_string(k);
  if (digits.size() < 3) digits.insert(0, 3 - digits.size(), '0');
  return "shard-" + digits;
}

std::optional<std::string> stub_file(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    const fs::path f = fs::path(path) / std::string(kStubName);
    if (fs::is_regular_file(f, ec)) return f.string();
    return std::nullopt;
  }
  if (fs::is_regular_file(path, ec)) return path;
  return std::nullopt;
}

std::vector<StubEntry> read_stub(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw InputError("cannot read the stub database file " + file);
  const fs::path base = fs::path(file).parent_path();
  std::vector<StubEntry> out;
  std::string line;
  for (unsigned line_no = 1; std::getline(in, line); ++line_no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    StubEntry e;
    const std::size_t space = line.find(' ');
    e.backend = line.substr(0, space);
    e.target = space == std::string::npos ? std::string() : line.substr(space + 1);
    if (e.backend == "auto" || e.backend == "glass" || e.backend == "chert" || e.backend == "honey") {
      if (e.target.empty()) {
        throw InputError(file + ":" + std::to_string(line_no) + ": '" + e.backend + "' without a path");
      }
      const fs::path t(e.target);
      e.path = (t.is_absolute() ? t : base / t).lexically_normal().string();
    } else if (e.backend != "remote" && e.backend != "inmemory") {
      throw InputError(file + ":" + std::to_string(line_no) + ": unknown database type '" + e.backend + "'");
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<StubEntry> expand(const std::string& path) {
  if (const auto stub = stub_file(path)) return read_stub(*stub);
  return {StubEntry{"auto", path, path}};
}

void write_stub(const std::string& dir, unsigned n) {
  std::ostringstream text;
  text << "# bahth sharded archive: " << n << " shards, routed by FNV-1a 64 of the article id modulo " << n
       << " (docs/scaling.md)\n";
  for (unsigned k = 0; k < n; ++k) text << "auto " << shard_name(k) << "\n";
  const fs::path target = fs::path(dir) / std::string(kStubName);
  const fs::path tmp = fs::path(dir) / (std::string(kStubName) + ".tmp-" + std::to_string(::getpid()));
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text.str();
    out.flush();
    if (!out) throw Error("cannot write " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw Error("cannot write " + target.string() + ": " + ec.message());
  }
}

}  // namespace bahth::shards
