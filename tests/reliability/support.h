// Helpers for the reliability tests: the real binaries as processes (the shared runner of
// tests/support, with resource limits), generated archives, direct reads of a Xapian database.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "process.h"

namespace bahth::reliability {

namespace fs = std::filesystem;

// Temporary directories and processes: the shared runner (tests/support/process.h).
using test::Background;
using test::index_binary;
using test::ProcessResult;
using test::run;
using test::RunOptions;
using test::search_binary;
using test::slurp;
using test::TempDir;
using test::write_file;

inline ProcessResult run_index(const std::vector<std::string>& args, const RunOptions& o = {}) {
  return run(index_binary(), args, o);
}
inline ProcessResult run_search(const std::vector<std::string>& args, const RunOptions& o = {}) {
  return run(search_binary(), args, o);
}

/// n synthetic Arabic articles as JSON Lines, ids "<prefix><i>" for i in [first, first+n).
/// Each body holds ~body_words words, including the word "مشترك" (in every article).
void write_articles(const fs::path& file, std::size_t n, const std::string& prefix = "gen-",
                    std::size_t first = 0, std::size_t body_words = 60);

/// Number of documents; -1 if the database cannot be opened.
long long doc_count(const fs::path& db);
/// Number of distinct id terms (Q...) in the database.
long long id_count(const fs::path& db);
/// Whether the database holds an article with this id.
bool has_id(const fs::path& db, const std::string& id);

/// Polls until the database holds at least n documents or proc ends; true if reached.
bool wait_for_docs(const fs::path& db, long long n, Background& proc);

/// True when the current process can write where permissions say it cannot (root).
bool permissions_not_enforced();

/// Human output safety: true if text contains a raw ESC, a C1 control (U+0080–U+009F), a C0
/// control other than \n and \t, DEL, or a bidi embedding/override/isolate control.
bool has_unsafe_terminal_bytes(const std::string& text, bool allow_own_sgr);

}  // namespace bahth::reliability
