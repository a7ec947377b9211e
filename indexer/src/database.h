// bahth — opening, checking and compacting the writable database (internal).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

namespace bahth::detail {

/// Opens (creating if needed) the database at path for writing and checks or records its
/// analyzer id and schema version. Throws IndexLockedError, IndexIncompatibleError,
/// IndexCorruptError or IndexError (e.g. path is a non-empty directory that is no database).
/// An empty analyzer_id skips the metadata check (for deleting). shard_tag is the shard metadata
/// ("K/N", shards.h) the database must carry: "" for a plain database, which refuses a shard of an
/// archive; a new empty database gets the tag.
Xapian::WritableDatabase open_writable(const std::string& path, const std::string& analyzer_id, bool create,
                                       const std::string& shard_tag = {});

/// The shards of a sharded archive, opened for writing in shard order (so two writers of one
/// archive exclude each other at shard 0).
struct Archive {
  std::vector<std::string> paths;
  std::vector<Xapian::WritableDatabase> dbs;
};

/// Opens the sharded archive at path. shards: the count this run asks for (0 = none asked).
/// Returns nullopt when path is (or is to become) a plain database: no stub there and shards == 0.
/// With create, a missing archive is made (directory, stub, shards); an existing one must have
/// the same shard count, or IndexIncompatibleError says so. A plain database at path with
/// shards > 0 is refused too. analyzer_id as for open_writable.
std::optional<Archive> open_archive(const std::string& path, unsigned shards, const std::string& analyzer_id,
                                    bool create);

/// Rethrows the Xapian error being handled (call inside a catch block) as a bahth error that
/// names path and what was being done.
[[noreturn]] void rethrow_xapian(const Xapian::Error& e, const std::string& path, const std::string& doing);

/// The flags of every compaction bahth makes (fresh builds, merges, --compact): Xapian's FULL
/// level, which splits items across blocks where that saves space (Database::compact's default is
/// STANDARD; FULL is what xapian-compact does). 0.4 % smaller on the 20,000-article benchmark, the
/// same time, and an update grows it no more (docs/indexing.md, "Compaction level"). Merges add
/// Xapian::DBCOMPACT_MULTIPASS.
inline constexpr unsigned kCompactFlags = Xapian::Compactor::FULL;

/// Compacts the database at path (held open for writing by writer, so no other writer can slip
/// in), merged with the databases in extra_sources, into a sibling directory and swaps it into
/// place. The writer is closed on return.
void compact_in_place(const std::string& path, Xapian::WritableDatabase& writer,
                      const std::vector<std::string>& extra_sources = {});

/// A temporary directory next to the database: "DIR/.NAME.tag" for "DIR/NAME".
std::string sibling_path(const std::string& path, const std::string& tag);

/// Removes temporary directories (shards, compaction output) that a killed run left next to the
/// database. Call only while holding the database's write lock.
void remove_leftovers(const std::string& path);

/// If path is missing but a killed run left it moved aside for a compaction swap
/// (".NAME.old-PID" of a process that no longer runs), moves it back.
void recover_interrupted_swap(const std::string& path);

}  // namespace bahth::detail
