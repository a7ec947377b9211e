// bahth — sharded archives: which shard an article belongs to, and the Xapian stub file that
// lists the shards so that Xapian::Database(DIR) opens them all as one (docs/scaling.md).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bahth::shards {

/// The stub file inside an archive directory: Xapian opens DIR/XAPIANDB when given DIR.
inline constexpr std::string_view kStubName = "XAPIANDB";
/// Metadata key written into every shard: "K/N" (shard K of N, from 0). A database with this key
/// is part of an archive and is written only through the archive.
inline constexpr std::string_view kMetaShard = "bahth.shard";
/// Most shards an archive may have.
inline constexpr unsigned kMaxShards = 1024;

/// FNV-1a, 64 bits, over the bytes of data. The routing hash: never change it (an archive's
/// articles would no longer be found in their shard); tests pin a few values.
std::uint64_t fnv1a64(std::string_view data) noexcept;

/// The shard (0 … n-1) that holds the article with this id (its UTF-8 bytes): fnv1a64(id) % n.
unsigned shard_of(std::string_view id, unsigned n) noexcept;

/// Name of shard k inside the archive directory: "shard-000", "shard-001", …
std::string shard_name(unsigned k);

/// One database listed by a stub file.
struct StubEntry {
  std::string backend;  ///< "auto", "glass", "chert", "remote", …
  std::string target;   ///< as written (a path relative to the stub's directory, or remote arguments)
  std::string path;     ///< for local backends: target resolved against the stub's directory; else ""
};

/// The stub file of a database path: path itself if it is a regular file, path/XAPIANDB if path
/// is a directory holding one; nullopt otherwise (a plain database, or nothing).
std::optional<std::string> stub_file(const std::string& path);

/// Parses a Xapian stub file (blank lines and lines starting with '#' are skipped). Throws
/// bahth::InputError naming file:line for an unreadable file or a malformed line.
std::vector<StubEntry> read_stub(const std::string& file);

/// The local databases behind path: the entries of its stub (remote entries included, with an
/// empty path), or path itself when it is not a stub.
std::vector<StubEntry> expand(const std::string& path);

/// Writes DIR/XAPIANDB listing shard-000 … shard-(n-1) (atomically: a temporary file renamed).
void write_stub(const std::string& dir, unsigned n);

}  // namespace bahth::shards
