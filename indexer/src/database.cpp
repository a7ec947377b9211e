// SPDX-License-Identifier: GPL-2.0-or-later
#include "database.h"

#include <filesystem>
#include <fstream>
#include <system_error>

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string_view>

#include "bahth/error.h"
#include "bahth/indexer.h"
#include "bahth/schema.h"
#include "bahth/shards.h"

namespace bahth {
namespace fs = std::filesystem;

std::uint64_t directory_bytes(const std::string& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  std::uint64_t total = 0;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

IndexInfo read_index_info(const std::string& db_path) {
  std::error_code ec;
  if (!fs::exists(db_path, ec)) throw IndexNotFoundError("no database at " + db_path);
  try {
    Xapian::Database db(db_path);
    IndexInfo info;
    info.analyzer_id = db.get_metadata(std::string(schema::kMetaAnalyzer));
    const std::string schema = db.get_metadata(std::string(schema::kMetaSchema));
    info.schema_version = schema.empty() ? 0 : std::atoi(schema.c_str());
    info.doc_count = db.get_doccount();
    info.db_bytes = directory_bytes(db_path);
    return info;
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw IndexNotFoundError("no database at " + db_path);
  } catch (const Xapian::Error& e) {
    detail::rethrow_xapian(e, db_path, "reading");
  }
}

namespace detail {

void rethrow_xapian(const Xapian::Error& e, const std::string& path, const std::string& doing) {
  const std::string what = fmt::format("{} {}: {}", doing, path, e.get_description());
  // Xapian::Error is not polymorphic: tell the subclasses apart by their type name.
  const std::string_view type = e.get_type();
  if (type == "DatabaseLockError") throw IndexLockedError("database is locked by another writer: " + path);
  if (type == "DatabaseCorruptError") throw IndexCorruptError(what);
  if (type == "DatabaseVersionError") throw IndexIncompatibleError(what + " (rebuild the database)");
  if (type == "DatabaseNotFoundError") throw IndexNotFoundError(what);
  throw IndexError(what);
}

namespace {

bool looks_like_xapian_db(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "iamglass", ec) || fs::exists(dir / "iamchert", ec) ||
         fs::exists(dir / "iamhoney", ec);
}

// Written into a database directory before Xapian creates the database in it, removed after the
// first commit. Xapian writes its version file (iamglass) last when it creates a database, so a
// run killed in between leaves table files, a lock file and no iamglass: without the marker that
// looks like a damaged database or a directory of someone else's files.
constexpr std::string_view kCreatingMarker = ".bahth-creating";

// The files Xapian's glass backend writes while creating a database, before its version file.
bool is_glass_file(const std::string& name) {
  return name == "flintlock" || name == "v.tmp" || name.ends_with(".glass");
}

// Missing, or a directory that holds nothing (but perhaps our marker): a database can be created.
bool nothing_there(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return true;
  if (!fs::is_directory(dir, ec)) return false;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename() != kCreatingMarker) return false;
  }
  return !ec;
}

// A database whose creation by an earlier bahth-index run was interrupted: our marker, no
// version file, and nothing but the files Xapian writes while creating.
bool interrupted_create(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir / kCreatingMarker, ec) || looks_like_xapian_db(dir)) return false;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name == kCreatingMarker) continue;
    if (!it->is_regular_file(ec) || !is_glass_file(name)) return false;
  }
  return !ec;
}

// Removes what an interrupted creation left in dir (Xapian's tables and temporary version file:
// with a table but no version file Xapian neither opens nor creates the database). The directory,
// its lock file and our marker stay. Done holding Xapian's write lock (an open file description
// lock on flintlock, as Xapian takes it), so a writer creating the database right now is left alone
// and gets its lock error from Xapian.
void clear_interrupted_create(const fs::path& dir) {
  const int fd = ::open((dir / "flintlock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) return;  // Xapian will say what is wrong
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  if (::fcntl(fd, F_OFD_SETLK, &lock) == 0) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name != "flintlock" && is_glass_file(name)) {
        std::error_code ec2;
        fs::remove(it->path(), ec2);
      }
    }
  }
  ::close(fd);  // releases the lock
}

}  // namespace

Xapian::WritableDatabase open_writable(const std::string& path, const std::string& analyzer_id, bool create,
                                       const std::string& shard_tag) {
  std::error_code ec;
  recover_interrupted_swap(path);
  const bool interrupted = create && interrupted_create(path);
  const bool fresh = create && !looks_like_xapian_db(path) && (nothing_there(path) || interrupted);
  if (interrupted) clear_interrupted_create(path);
  if (!fresh && fs::is_directory(path, ec) && !fs::is_empty(path, ec) && !looks_like_xapian_db(path)) {
    throw IndexError(
        fmt::format("{} is a directory that holds other files and no Xapian database; "
                    "refusing to write a database into it",
                    path));
  }
  if (!create && !fs::exists(path, ec)) throw IndexNotFoundError("no database at " + path);
  if (create) {
    const fs::path parent = fs::absolute(path).lexically_normal().parent_path();
    fs::create_directories(parent, ec);
    if (ec) throw IndexError(fmt::format("cannot create {}: {}", parent.string(), ec.message()));
  }
  const fs::path marker = fs::path(path) / kCreatingMarker;
  if (fresh) {
    fs::create_directories(path, ec);
    if (ec) throw IndexError(fmt::format("cannot create {}: {}", path, ec.message()));
    if (!fs::exists(marker, ec)) {
      std::ofstream(marker).close();
      if (!fs::exists(marker, ec)) throw IndexError(fmt::format("cannot write into {}", path));
    }
  }
  Xapian::WritableDatabase db;
  try {
    db = Xapian::WritableDatabase(path, create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN);
  } catch (const Xapian::Error& e) {
    rethrow_xapian(e, path, "opening");
  }
  try {
    const std::string have_tag = db.get_metadata(std::string(shards::kMetaShard));
    if (have_tag != shard_tag) {
      if (shard_tag.empty()) {
        throw IndexIncompatibleError(fmt::format(
            "{} is shard {} of a sharded archive: write to the archive directory {} instead (bahth-index -d "
            "{}), so that every article goes to the shard that holds it",
            path, have_tag, fs::absolute(path).lexically_normal().parent_path().string(),
            fs::absolute(path).lexically_normal().parent_path().string()));
      }
      if (!have_tag.empty() || db.get_doccount() > 0) {
        throw IndexIncompatibleError(fmt::format(
            "{} should be shard {} of its archive but is {}; the archive was changed by hand: rebuild it", path,
            shard_tag, have_tag.empty() ? std::string("a plain database") : "shard " + have_tag));
      }
      db.set_metadata(std::string(shards::kMetaShard), shard_tag);
      db.commit();
    }
  } catch (const Xapian::Error& e) {
    rethrow_xapian(e, path, "opening");
  }
  if (analyzer_id.empty()) return db;  // deleting: any bahth database will do
  try {
    const std::string have_analyzer = db.get_metadata(std::string(schema::kMetaAnalyzer));
    const std::string have_schema = db.get_metadata(std::string(schema::kMetaSchema));
    const std::string want_schema = std::to_string(schema::kSchemaVersion);
    if (db.get_doccount() == 0) {
      if (have_analyzer != analyzer_id || have_schema != want_schema) {
        db.set_metadata(std::string(schema::kMetaAnalyzer), analyzer_id);
        db.set_metadata(std::string(schema::kMetaSchema), want_schema);
        db.commit();
      }
    } else if (have_analyzer.empty() && have_schema.empty()) {
      throw IndexIncompatibleError(
          fmt::format("{} holds {} documents but was not built by bahth (no {} metadata); index into a new "
                      "directory",
                      path, db.get_doccount(), schema::kMetaAnalyzer));
    } else if (have_analyzer != analyzer_id || have_schema != want_schema) {
      throw IndexIncompatibleError(
          fmt::format("{} was built with analyzer {} (schema {}), but this run uses analyzer {} (schema {}): "
                      "rebuild it (delete the directory or choose a new one, then index everything again)",
                      path, have_analyzer, have_schema, analyzer_id, want_schema));
    }
  } catch (const Xapian::Error& e) {
    rethrow_xapian(e, path, "opening");
  }
  // Created and committed (Xapian's version file exists): no longer an interrupted creation.
  if (fs::exists(marker, ec) && looks_like_xapian_db(path)) fs::remove(marker, ec);
  return db;
}

std::optional<Archive> open_archive(const std::string& path, unsigned n, const std::string& analyzer_id,
                                    bool create) {
  std::error_code ec;
  const std::optional<std::string> stub = shards::stub_file(path);
  if (!stub) {
    if (n == 0) return std::nullopt;
    if (fs::is_regular_file(path, ec)) {
      throw IndexError(fmt::format("{} is a file, not a directory: --shards writes a directory", path));
    }
    if (looks_like_xapian_db(path)) {
      throw IndexIncompatibleError(fmt::format(
          "{} is a single database, not a sharded archive: --shards {} needs a new directory (to split it, index "
          "its articles again into a new directory with --shards)",
          path, n));
    }
    if (fs::is_directory(path, ec) && !fs::is_empty(path, ec)) {
      throw IndexError(fmt::format(
          "{} is a directory that holds other files and no sharded archive (no {} file); refusing to write "
          "an archive into it",
          path, shards::kStubName));
    }
    if (!create) throw IndexNotFoundError("no database at " + path);
    if (n > shards::kMaxShards) {
      throw IndexError(fmt::format("--shards {}: at most {} shards", n, shards::kMaxShards));
    }
    fs::create_directories(path, ec);
    if (ec) throw IndexError(fmt::format("cannot create {}: {}", path, ec.message()));
    // The stub first: a run killed before every shard exists is completed by the next one.
    shards::write_stub(path, n);
  }
  const std::string stub_path = stub ? *stub : (fs::path(path) / std::string(shards::kStubName)).string();
  std::vector<shards::StubEntry> entries;
  try {
    entries = shards::read_stub(stub_path);
  } catch (const Error& e) {
    throw IndexError(e.what());
  }
  const auto count = static_cast<unsigned>(entries.size());
  for (unsigned k = 0; k < count; ++k) {
    if (entries[k].backend != "auto" || entries[k].target != shards::shard_name(k)) {
      throw IndexIncompatibleError(fmt::format(
          "{}: line for shard {} is '{} {}', not 'auto {}': this stub was not written by bahth-index --shards "
          "(bahth-index writes only to archives it made; search it with bahth-search -d {})",
          stub_path, k, entries[k].backend, entries[k].target, shards::shard_name(k), path));
    }
  }
  if (count == 0) throw IndexIncompatibleError(fmt::format("{} lists no shard", stub_path));
  if (n != 0 && n != count) {
    throw IndexIncompatibleError(fmt::format(
        "{} is a sharded archive of {} shards, but this run asks for --shards {}: an article's shard depends "
        "on the count, so it cannot change; leave out --shards (or give --shards {}) to update it, or "
        "re-shard: merge it (bahth-index -d ONE --merge {}) or index everything again into a new directory "
        "with --shards {}",
        path, count, n, count, path, n));
  }
  Archive a;
  const std::string base = fs::path(stub_path).parent_path().string();
  for (unsigned k = 0; k < count; ++k) {
    a.paths.push_back((fs::path(base) / shards::shard_name(k)).string());
    const std::string tag = std::to_string(k) + "/" + std::to_string(count);
    if (!create && !fs::exists(a.paths.back(), ec)) {
      throw IndexNotFoundError(fmt::format("shard {} of {} is missing: {}", k, path, a.paths.back()));
    }
    a.dbs.push_back(open_writable(a.paths.back(), analyzer_id, create, tag));
  }
  return a;
}

std::string sibling_path(const std::string& path, const std::string& tag) {
  const fs::path target = fs::absolute(path).lexically_normal();
  return (target.parent_path() / ("." + target.filename().string() + "." + tag)).string();
}

namespace {

// True for "compact-PID" / "old-PID" names whose process is gone.
bool owner_is_gone(std::string_view rest, std::string_view kind) {
  if (!rest.starts_with(kind)) return false;
  const long pid = std::atol(std::string(rest.substr(kind.size())).c_str());
  return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

void remove_leftovers(const std::string& path) {
  const fs::path target = fs::absolute(path).lexically_normal();
  const std::string prefix = "." + target.filename().string() + ".";
  std::error_code ec;
  for (fs::directory_iterator it(target.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string_view rest = std::string_view(name).substr(prefix.size());
    // Shards belong to the holder of the target's lock (us); compaction leftovers to a dead process.
    if (rest.starts_with("shard-") || owner_is_gone(rest, "compact-") || owner_is_gone(rest, "old-")) {
      std::error_code ec2;
      fs::remove_all(it->path(), ec2);
    }
  }
}

void recover_interrupted_swap(const std::string& path) {
  std::error_code ec;
  const fs::path target = fs::absolute(path).lexically_normal();
  if (fs::exists(target, ec)) return;
  const std::string prefix = "." + target.filename().string() + ".";
  for (fs::directory_iterator it(target.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with(prefix) && owner_is_gone(std::string_view(name).substr(prefix.size()), "old-")) {
      // A run was killed between moving the database aside and moving its compacted copy in:
      // the moved-aside copy is complete (everything was committed before compacting).
      std::error_code ec2;
      fs::rename(it->path(), target, ec2);
      return;
    }
  }
}

void compact_in_place(const std::string& path, Xapian::WritableDatabase& writer,
                      const std::vector<std::string>& extra_sources) {
  const fs::path target = fs::absolute(path).lexically_normal();
  const std::string tag = std::to_string(::getpid());
  const fs::path tmp = sibling_path(path, "compact-" + tag);
  const fs::path old = sibling_path(path, "old-" + tag);
  std::error_code ec;
  fs::remove_all(tmp, ec);
  try {
    // Read the committed revision while the writer still holds the lock.
    Xapian::Database source(target.string());
    for (const std::string& extra : extra_sources) source.add_database(Xapian::Database(extra));
    source.compact(tmp.string(), kCompactFlags | (extra_sources.empty() ? 0 : Xapian::DBCOMPACT_MULTIPASS));
  } catch (const Xapian::Error& e) {
    fs::remove_all(tmp, ec);
    rethrow_xapian(e, path, "compacting");
  }
  // Swap the two directories in one step, so that the path always holds a whole database (a
  // reader opening it meanwhile finds one or the other). The old one is then at tmp; a killed run
  // leaves it there as "compact-PID", removed by the next run. Filesystems without
  // RENAME_EXCHANGE get two renames (a killed run between them is undone by
  // recover_interrupted_swap()).
  fs::path replaced = tmp;  // where the old database is once the compacted copy is in place
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
    fs::rename(target, old, ec);
    if (ec) {
      fs::remove_all(tmp, ec);
      throw IndexError(fmt::format("compacting {}: cannot move it aside: {}", path, ec.message()));
    }
    fs::rename(tmp, target, ec);
    if (ec) {
      std::error_code ec2;
      fs::rename(old, target, ec2);  // put the uncompacted database back
      throw IndexError(
          fmt::format("compacting {}: cannot move the compacted copy into place: {}", path, ec.message()));
    }
    replaced = old;
  }
  try {
    writer.close();
  } catch (const Xapian::Error&) {
    // The old copy is deleted below; nothing in it is needed any more.
  }
  fs::remove_all(replaced, ec);
}

}  // namespace detail
}  // namespace bahth
