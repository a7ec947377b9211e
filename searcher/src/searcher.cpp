// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/searcher.h"

#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "bahth/analyzer.h"
#include "bahth/record.h"
#include "bahth/schema.h"
#include "bahth/shards.h"
#include "bahth/utf8.h"
#include "query_builder.h"
#include "query_parser.h"
#include "remote.h"
#include "snippet.h"

namespace bahth {

namespace {

constexpr int kMaxRetries = 5;

std::string joined(const std::vector<detail::IndexSpec>& specs, bool remote_only = false) {
  std::string s;
  for (const auto& spec : specs) {
    if (remote_only && !spec.remote) continue;
    if (!s.empty()) s += ", ";
    s += spec.where();
  }
  return s;
}

// Rethrows a Xapian error as ours. where names the database(s).
[[noreturn]] void rethrow(const Xapian::Error& e, const std::string& where) {
  const std::string msg = e.get_description();
  const std::string type = e.get_type();  // Xapian::Error is not polymorphic: go by its type name
  if (type == "NetworkTimeoutError") {
    throw IndexUnreachableError(fmt::format(
        "the remote index at {} did not answer in time ({}); check that xapian-tcpsrv is running there, or "
        "allow more time (SearcherOptions::remote_timeout_seconds, bahth-search --remote-timeout)",
        where, msg));
  }
  if (type == "NetworkError") {
    throw IndexUnreachableError(fmt::format(
        "cannot reach the remote index at {} ({}); {}", where, msg,
        where.starts_with("[") ? "Xapian 1.4's remote backend (client and xapian-tcpsrv) resolves IPv4 only: "
                                 "give an IPv4 address or a host name with one"
                               : "check that xapian-tcpsrv is running there and the port is open"));
  }
  if (type == "DatabaseLockError") {
    throw IndexLockedError(fmt::format("the index at {} is locked by another process ({})", where, msg));
  }
  if (type == "DatabaseVersionError") {
    throw IndexIncompatibleError(fmt::format(
        "the index at {} was written in a format this version cannot read ({}); rebuild it with bahth-index",
        where, msg));
  }
  if (type == "DatabaseOpeningError" || type == "DatabaseNotFoundError") {
    throw IndexNotFoundError(
        fmt::format("no bahth index at {} ({}); build one with bahth-index", where, msg));
  }
  if (type == "DatabaseCorruptError") {
    throw IndexCorruptError(
        fmt::format("the index at {} is damaged ({}); rebuild it with bahth-index", where, msg));
  }
  if (type == "DatabaseModifiedError") {
    throw IndexError(
        fmt::format("the index at {} kept changing while it was read ({}); try again", where, msg));
  }
  if (type.starts_with("Database")) {
    throw IndexError(fmt::format("cannot read the index at {}: {}", where, msg));
  }
  throw Error(fmt::format("search failed on {}: {}", where, msg));
}

// The analyzers this version can search with: the relevance variants, default normalizer.
std::optional<StemmerKind> kind_for_id(const std::string& id) {
  for (auto k : {StemmerKind::kBahth, StemmerKind::kLight10, StemmerKind::kSnowball, StemmerKind::kNone}) {
    if (Analyzer::id_for(AnalyzerOptions{.stemmer = k, .normalizer = {}}) == id) return k;
  }
  return std::nullopt;
}

// Checks one shard (local or remote); returns its analyzer kind.
StemmerKind check_shard(const detail::IndexSpec& spec, double remote_timeout) {
  const std::string path = spec.where();  // 'path' or host:port
  try {
    Xapian::Database db = detail::open_index(spec, remote_timeout);
    const std::string id = db.get_metadata(std::string(schema::kMetaAnalyzer));
    if (id.empty()) {
      if (!spec.remote && db.get_doccount() == 0 && db.locked()) {
        throw IndexLockedError(fmt::format(
            "the index at {} is being built by another process (its write lock is held) and has no "
            "committed data yet; try again when bahth-index has finished",
            path));
      }
      throw IndexIncompatibleError(
          fmt::format("{} is a Xapian database but not a bahth index (it has no {} metadata); build it "
                      "with bahth-index",
                      path, schema::kMetaAnalyzer));
    }
    const auto kind = kind_for_id(id);
    if (!kind) {
      throw IndexIncompatibleError(fmt::format(
          "the index at {} was built by analyzer '{}', which this version of bahth does not know (it "
          "searches with '{}' and its variants); rebuild the index with bahth-index",
          path, id, Analyzer::id_for({})));
    }
    const std::string schema_version = db.get_metadata(std::string(schema::kMetaSchema));
    if (schema_version != std::to_string(schema::kSchemaVersion)) {
      throw IndexIncompatibleError(fmt::format(
          "the index at {} uses schema version '{}', this version of bahth reads version {}; rebuild "
          "the index with bahth-index",
          path, schema_version, schema::kSchemaVersion));
    }
    return *kind;
  } catch (const Xapian::Error& e) {
    rethrow(e, path);
  }
}

// The databases behind a local path: those its stub file lists (local shards, and remote ones
// written `remote HOST:PORT`), or path itself. A `remote :PROGRAM ARGS` entry (a program Xapian
// runs) is left to Xapian.
std::vector<detail::IndexSpec> stub_members(const std::string& path) {
  std::vector<shards::StubEntry> entries;
  try {
    entries = shards::expand(path);
  } catch (const InputError& e) {
    throw IndexIncompatibleError(fmt::format("cannot use the index at '{}': {}", path, e.what()));
  }
  std::vector<detail::IndexSpec> out;
  for (const auto& e : entries) {
    if (!e.path.empty()) {
      detail::IndexSpec local;
      local.text = e.path;
      out.push_back(std::move(local));
    } else if (e.backend == "remote" && !e.target.empty() && !e.target.starts_with(':')) {
      out.push_back(detail::parse_index_spec("tcp://" + e.target));
    }
  }
  if (out.empty()) {
    detail::IndexSpec self;
    self.text = path;
    out.push_back(std::move(self));
  }
  return out;
}

std::string json_string(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<FacetValue> facet_values(const Xapian::ValueCountMatchSpy& spy) {
  std::vector<FacetValue> out;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) out.push_back({*it, it.get_termfreq()});
  return out;
}

// The per-query time limit. Xapian 1.4's own (Enquire::set_time_limit) is not used: its timer
// notifies on a thread of its own that can run after the match has returned and write into the
// match's stack frame, by then someone else's (UBSan saw it as a pointer with its low byte set
// to 1, under load with a 1 µs limit). This spy ends a match that checks articles beyond the page
// (facets) by throwing once the deadline has passed; the caller then matches again without it.
struct DeadlineReached {};

class Deadline : public Xapian::MatchSpy {
 public:
  explicit Deadline(std::chrono::steady_clock::time_point end) : end_(end) {}
  void operator()(const Xapian::Document&, double) override {
    // The clock is read on the first article and every 64th after it.
    if ((calls_++ & 63U) == 0 && std::chrono::steady_clock::now() >= end_) throw DeadlineReached{};
  }

 private:
  std::chrono::steady_clock::time_point end_;
  unsigned calls_ = 0;
};

void sort_by_count(std::vector<FacetValue>& v) {
  std::sort(v.begin(), v.end(), [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
}

// Terms "more like this" may use: unprefixed stems that are not stopwords or bare numbers.
class MltDecider : public Xapian::ExpandDecider {
 public:
  explicit MltDecider(const Analyzer& analyzer) : analyzer_(analyzer) {}
  bool operator()(const std::string& term) const override {
    if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) return false;
    if (analyzer_.is_stopword(term)) return false;
    if (std::all_of(term.begin(), term.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; })) {
      return false;
    }
    return utf8::length(term) >= 2;
  }

 private:
  const Analyzer& analyzer_;
};

}  // namespace

struct Searcher::Impl {
  std::vector<detail::IndexSpec> specs;
  std::string where;    // all the indexes, for messages
  std::string remotes;  // the remote ones ("host:port, …"), "" if none
  SearcherOptions options;
  std::unique_ptr<Analyzer> analyzer;
  mutable std::mutex mutex;
  mutable std::vector<std::unique_ptr<Xapian::Database>> idle;

  std::unique_ptr<Xapian::Database> open() const {
    try {
      auto db = std::make_unique<Xapian::Database>();
      for (const auto& spec : specs) {
        try {
          db->add_database(detail::open_index(spec, options.remote_timeout_seconds));
        } catch (const Xapian::Error& e) {
          rethrow(e, spec.where());
        }
      }
      return db;
    } catch (const Xapian::Error& e) {
      rethrow(e, where);
    }
  }

  // The index(es) an error during a search concerns: for a network error the remote one named in
  // Xapian's context, else all the remote ones; otherwise all of them.
  std::string where_of(const Xapian::Error& e) const {
    if (!detail::is_network_error(e)) return where;
    const std::string one = detail::remote_in_context(e);
    return !one.empty() ? one : !remotes.empty() ? remotes : where;
  }

  // A database handle borrowed from the pool; returned on destruction unless discarded.
  class Lease {
   public:
    explicit Lease(const Impl& impl) : impl_(impl) {
      {
        std::lock_guard lock(impl_.mutex);
        if (!impl_.idle.empty()) {
          db_ = std::move(impl_.idle.back());
          impl_.idle.pop_back();
        }
      }
      if (db_) {
        try {
          db_->reopen();  // see the latest commit
        } catch (const Xapian::Error&) {
          db_.reset();
        }
      }
      if (!db_) db_ = impl_.open();
    }
    ~Lease() {
      if (!db_) return;
      std::lock_guard lock(impl_.mutex);
      if (impl_.idle.size() < impl_.options.max_idle_handles) impl_.idle.push_back(std::move(db_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Xapian::Database& db() { return *db_; }
    void discard() { db_.reset(); }

   private:
    const Impl& impl_;
    std::unique_ptr<Xapian::Database> db_;
  };

  // Runs fn(db) with a pooled handle; reopens and retries when the database changed underneath.
  template <typename Fn>
  auto with_db(Fn&& fn) const {
    Lease lease(*this);
    for (int attempt = 0;; ++attempt) {
      try {
        return fn(lease.db());
      } catch (const Xapian::DatabaseModifiedError& e) {
        if (attempt >= kMaxRetries) {
          lease.discard();
          rethrow(e, where_of(e));
        }
        try {
          lease.db().reopen();
        } catch (const Xapian::Error& e2) {
          lease.discard();
          rethrow(e2, where_of(e2));
        }
      } catch (const Xapian::Error& e) {
        lease.discard();
        rethrow(e, where_of(e));
      }
    }
  }

  Xapian::BM25Weight weight(const RankingOptions& r) const {
    return Xapian::BM25Weight(r.bm25_k1, 0, 1, r.bm25_b, 0.5);
  }

  void fill_hits(Xapian::Database& db, Xapian::Enquire& enquire, const Xapian::MSet& mset, std::size_t offset,
                 const detail::HighlightTerms& hl, bool snippets, const SnippetOptions& sopt, bool explain,
                 const RankingOptions& ranking, const std::map<std::string, double>& term_scale,
                 SearchResults& out) const {
    std::size_t i = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it, ++i) {
      Hit h;
      h.rank = offset + i + 1;
      h.score = it.get_weight();
      h.collapsed = it.get_collapse_count();
      const Xapian::Document doc = it.get_document();
      const std::string data = decode_record(doc.get_value(schema::kSlotRecord));
      nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
      std::string title, body;
      if (j.is_object()) {
        h.id = json_string(j, "id");
        title = json_string(j, "title");
        body = json_string(j, "body");
        h.date = detail::clean_text(json_string(j, "date"));
        h.source = detail::clean_text(json_string(j, "source"));
        h.category = detail::clean_text(json_string(j, "category"));
        h.url = detail::clean_text(json_string(j, "url"));
        for (auto f = j.begin(); f != j.end(); ++f) {
          static const std::vector<std::string> known{"id",     "title",    "body", "date",
                                                      "source", "category", "url"};
          if (std::find(known.begin(), known.end(), f.key()) != known.end()) continue;
          h.fields[f.key()] = f->is_string()
                                  ? f->get<std::string>()
                                  : f->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
      }
      if (h.id.empty()) {  // no usable data: fall back to the id term
        auto t = doc.termlist_begin();
        t.skip_to(std::string(schema::kPrefixId));
        if (t != doc.termlist_end() && (*t).starts_with(schema::kPrefixId))
          h.id = (*t).substr(schema::kPrefixId.size());
      }
      if (snippets) {
        Snippet t = detail::highlight_all(title, *analyzer, hl);
        h.title = std::move(t.text);
        h.title_highlights = std::move(t.highlights);
        h.snippet = detail::make_snippet(body, *analyzer, hl, sopt);
      } else {
        h.title = detail::clean_text(title);
      }
      if (explain) {
        for (auto t = enquire.get_matching_terms_begin(it); t != enquire.get_matching_terms_end(it); ++t) {
          TermWeight tw;
          tw.term = *t;
          auto tl = doc.termlist_begin();
          tl.skip_to(tw.term);
          if (tl != doc.termlist_end() && *tl == tw.term) tw.wdf = tl.get_wdf();
          Xapian::Enquire one(db);
          one.set_weighting_scheme(weight(ranking));
          one.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(tw.term),
                                      Xapian::Query(std::string(schema::kPrefixId) + h.id)));
          const Xapian::MSet m = one.get_mset(0, 1);
          if (!m.empty()) tw.weight = m.begin().get_weight();
          if (auto sc = term_scale.find(tw.term); sc != term_scale.end()) tw.weight *= sc->second;
          h.explanation.push_back(std::move(tw));
        }
      }
      out.hits.push_back(std::move(h));
    }
  }

  SearchResults run(Xapian::Database& db, const detail::ParsedQuery& parsed, const SearchRequest& req) const {
    SearchResults out;
    out.query = req.query;
    out.offset = req.offset;
    out.warnings = parsed.warnings;
    const detail::BuildOptions bopt{req.ranking, req.max_prefix_expansion};
    detail::BuiltQuery built = detail::build_query(parsed, *analyzer, db, bopt, req.ranking.default_operator);
    if (built.empty) {
      out.warnings.insert(out.warnings.end(), built.warnings.begin(), built.warnings.end());
      return out;
    }

    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(weight(req.ranking));
    if (req.sort == SortOrder::kNewest) enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
    if (req.sort == SortOrder::kOldest) enquire.set_sort_by_value_then_relevance(schema::kSlotDate, false);
    if (req.collapse) enquire.set_collapse_key(schema::kSlotLeadKey);
    Xapian::ValueCountMatchSpy by_source(schema::kSlotSource), by_category(schema::kSlotCategory),
        by_month(schema::kSlotYearMonth);
    // Xapian 1.4's remote backend overcounts match spies when the match is sorted by value and
    // stops early (counts from a remote shard come back too high): then count in a pass of its own.
    const bool count_apart = req.facets && !remotes.empty() && req.sort != SortOrder::kRelevance;
    const Xapian::doccount check = req.facets ? db.get_doccount() : 0;
    auto limit = static_cast<Xapian::doccount>(std::min<std::size_t>(req.limit, 100000));
    auto offset = static_cast<Xapian::doccount>(std::min<std::size_t>(req.offset, 10000000));

    // The time limit bounds the checking beyond the page that facets need (a page alone is found
    // without looking at every match). A remote index runs the match spies itself and knows
    // only Xapian's own: there the limit is not applied (the remote timeout still is).
    const bool timed = req.time_limit_seconds > 0 && req.facets;
    if (timed && !remotes.empty()) {
      out.warnings.push_back(
          fmt::format("the time limit is not applied to a search that includes remote indexes ({}); "
                      "the remote timeout still is",
                      remotes));
    }
    std::optional<Deadline> deadline;
    if (timed && remotes.empty()) {
      deadline.emplace(std::chrono::steady_clock::now() +
                       std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                           std::chrono::duration<double>(std::min(req.time_limit_seconds, 1e6))));
    }
    const auto add_spies = [&](Xapian::Enquire& e) {
      if (deadline) e.add_matchspy(&*deadline);
      e.add_matchspy(&by_source);
      e.add_matchspy(&by_category);
      e.add_matchspy(&by_month);
    };
    if (req.facets && !count_apart) add_spies(enquire);
    // Past the deadline the facets keep what was counted so far and the page is found again
    // without counting.
    const auto match = [&] {
      try {
        return enquire.get_mset(offset, limit, check);
      } catch (const DeadlineReached&) {
        out.time_limit_reached = true;
        enquire.clear_matchspies();
        return enquire.get_mset(offset, limit);
      }
    };
    enquire.set_query(built.query);
    Xapian::MSet mset = match();
    if (req.ranking.default_operator == DefaultOperator::kAndThenOr && built.default_operator_used &&
        mset.get_matches_estimated() == 0) {
      built = detail::build_query(parsed, *analyzer, db, bopt, DefaultOperator::kOr);
      built.warnings.push_back("no article has all the words; showing articles with any of them");
      enquire.set_query(built.query);
      mset = match();
    }
    if (count_apart) {
      Xapian::Enquire counting(db);
      counting.set_weighting_scheme(weight(req.ranking));
      if (req.collapse) counting.set_collapse_key(schema::kSlotLeadKey);
      add_spies(counting);
      counting.set_query(built.query);
      counting.get_mset(0, 0, check);
    }
    out.warnings.insert(out.warnings.end(), built.warnings.begin(), built.warnings.end());
    out.parsed_query = built.description;
    if (req.explain) out.xapian_query = built.query.get_description();
    out.total_estimate = mset.get_matches_estimated();

    fill_hits(db, enquire, mset, req.offset, built.highlight, req.snippets, req.snippet, req.explain,
              req.ranking, built.term_scale, out);

    if (req.facets) {
      out.has_facets = true;
      out.facets.source = facet_values(by_source);
      out.facets.category = facet_values(by_category);
      sort_by_count(out.facets.source);
      sort_by_count(out.facets.category);
      out.facets.month = facet_values(by_month);
      std::sort(out.facets.month.begin(), out.facets.month.end(),
                [](const FacetValue& a, const FacetValue& b) { return a.value < b.value; });
      for (const auto& m : out.facets.month) {
        const std::string year = m.value.substr(0, 4);
        if (out.facets.year.empty() || out.facets.year.back().value != year)
          out.facets.year.push_back({year, 0});
        out.facets.year.back().count += m.count;
      }
    }

    if (req.suggest_below > 0 && out.total_estimate < req.suggest_below && !built.spell_words.empty()) {
      if (!remotes.empty()) {
        // Xapian's remote backend does not serve spelling data: only local shards can suggest.
        out.warnings.push_back(fmt::format(
            "\"did you mean\" is not available for the remote index {} (Xapian's remote backend serves no "
            "spelling data){}",
            remotes, all_remote() ? "" : "; suggestions come from the local indexes only"));
      }
      if (!all_remote()) {
        out.did_you_mean = suggest(db, req, built, static_cast<Xapian::doccount>(out.total_estimate));
      }
    }
    return out;
  }

  bool all_remote() const {
    return std::all_of(specs.begin(), specs.end(), [](const auto& s) { return s.remote; });
  }

  // A respelled query that finds more than `found` articles, or "".
  std::string suggest(Xapian::Database& db, const SearchRequest& req, const detail::BuiltQuery& built,
                      Xapian::doccount found) const {
    if (db.spellings_begin() == db.spellings_end()) return {};
    std::string candidate = req.query;
    bool changed = false;
    // Replace from the back so earlier byte ranges stay valid.
    auto words = built.spell_words;
    std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) { return a.begin > b.begin; });
    for (const auto& w : words) {
      const std::string s = db.get_spelling_suggestion(w.normalized, 2);
      if (s.empty() || s == w.normalized) continue;
      candidate.replace(w.begin, w.end - w.begin, s);
      changed = true;
    }
    if (!changed) return {};
    const auto parsed = detail::parse_query(candidate, false);
    const detail::BuildOptions bopt{req.ranking, req.max_prefix_expansion};
    const auto again = detail::build_query(parsed, *analyzer, db, bopt, req.ranking.default_operator);
    if (again.empty) return {};
    Xapian::Enquire enquire(db);
    enquire.set_query(again.query);
    const auto m = enquire.get_mset(0, 0, static_cast<Xapian::doccount>(found + 1));
    return m.get_matches_estimated() > found ? candidate : std::string();
  }

  SearchResults like(Xapian::Database& db, const std::string& id, const MoreLikeThisRequest& req) const {
    const std::string idterm = std::string(schema::kPrefixId) + id;
    auto p = db.postlist_begin(idterm);
    if (p == db.postlist_end(idterm))
      throw InputError(fmt::format("no article with id '{}' in the index", id));
    Xapian::RSet rset;
    rset.add_document(*p);
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(weight(req.ranking));
    MltDecider decider(*analyzer);
    // USE_EXACT_TERMFREQ: over several databases (shards), Xapian otherwise estimates each term's
    // frequency from the shard holding the article, which picks other terms than one database would.
    const Xapian::ESet eset = enquire.get_eset(static_cast<Xapian::termcount>(req.max_terms), rset,
                                               Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    SearchResults out;
    out.query = "like:" + id;
    out.offset = req.offset;
    if (eset.empty()) {
      out.warnings.push_back(fmt::format("article '{}' has no words to compare with", id));
      return out;
    }
    detail::HighlightTerms hl;
    std::vector<Xapian::Query> terms;
    std::string desc;
    for (auto it = eset.begin(); it != eset.end(); ++it) {
      terms.emplace_back(*it);
      hl.stems.emplace(*it, hl.items++);
      desc += (desc.empty() ? "" : " OR ") + *it;
    }
    const Xapian::Query q(Xapian::Query::OP_AND_NOT,
                          Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                          Xapian::Query(idterm));
    enquire.set_query(q);
    if (req.collapse) enquire.set_collapse_key(schema::kSlotLeadKey);
    const auto mset =
        enquire.get_mset(static_cast<Xapian::doccount>(req.offset), static_cast<Xapian::doccount>(req.limit));
    out.parsed_query = "(" + desc + ") NOT id:" + id;
    out.total_estimate = mset.get_matches_estimated();
    fill_hits(db, enquire, mset, req.offset, hl, req.snippets, req.snippet, false, req.ranking, {}, out);
    return out;
  }
};

Searcher::Searcher(const std::string& db_path, SearcherOptions options)
    : Searcher(std::vector<std::string>{db_path}, options) {}

Searcher::Searcher(const std::vector<std::string>& db_paths, SearcherOptions options)
    : impl_(std::make_unique<Impl>()) {
  if (db_paths.empty()) throw InputError("no index given to search");
  for (const auto& p : db_paths) impl_->specs.push_back(detail::parse_index_spec(p));
  impl_->where = joined(impl_->specs);
  impl_->remotes = joined(impl_->specs, true);
  impl_->options = options;
  std::optional<StemmerKind> kind;
  for (const auto& spec : impl_->specs) {
    // A stub file (a sharded archive) opens all the databases it lists as one: check each.
    const std::vector<detail::IndexSpec> members =
        spec.remote ? std::vector<detail::IndexSpec>{spec} : stub_members(spec.text);
    for (const auto& member : members) {
      const StemmerKind k = check_shard(member, options.remote_timeout_seconds);
      if (kind && *kind != k) {
        throw IndexIncompatibleError(fmt::format(
            "the shards {} were built by different analyzers ({} differs from the ones before it); rebuild "
            "them with the same bahth-index options",
            impl_->where, member.where()));
      }
      kind = k;
    }
  }
  impl_->analyzer = std::make_unique<Analyzer>(AnalyzerOptions{.stemmer = *kind, .normalizer = {}});
  // Open the first handle now, so that problems show up here rather than at the first search.
  auto db = impl_->open();
  impl_->idle.push_back(std::move(db));
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(const SearchRequest& request) const {
  const detail::ParsedQuery parsed = detail::parse_query(request.query, request.strict);
  return impl_->with_db([&](Xapian::Database& db) { return impl_->run(db, parsed, request); });
}

SearchResults Searcher::more_like_this(const std::string& id, const MoreLikeThisRequest& request) const {
  return impl_->with_db([&](Xapian::Database& db) { return impl_->like(db, id, request); });
}

std::uint64_t Searcher::document_count() const {
  return impl_->with_db([](Xapian::Database& db) { return static_cast<std::uint64_t>(db.get_doccount()); });
}

const std::string& Searcher::analyzer_id() const noexcept {
  return impl_->analyzer->id();
}

// ---- JSON ------------------------------------------------------------------------------------

namespace {
nlohmann::ordered_json ranges(const std::vector<Highlight>& hl) {
  auto a = nlohmann::ordered_json::array();
  for (const auto& h : hl) a.push_back({h.begin, h.end});
  return a;
}
nlohmann::ordered_json facet_json(const std::vector<FacetValue>& v) {
  auto a = nlohmann::ordered_json::array();
  for (const auto& f : v) a.push_back({{"value", f.value}, {"count", f.count}});
  return a;
}
}  // namespace

std::string to_json(const SearchResults& r) {
  using J = nlohmann::ordered_json;
  J hits = J::array();
  for (const auto& h : r.hits) {
    J fields = J::object();
    for (const auto& [k, v] : h.fields) fields[k] = v;
    J hit = {{"rank", h.rank},
             {"id", h.id},
             {"score", h.score},
             {"title", h.title},
             {"date", h.date},
             {"source", h.source},
             {"category", h.category},
             {"url", h.url},
             {"snippet", h.snippet.text},
             {"highlights", ranges(h.snippet.highlights)},
             {"title_highlights", ranges(h.title_highlights)},
             {"fields", std::move(fields)}};
    if (h.collapsed > 0) hit["collapsed"] = h.collapsed;
    if (!h.explanation.empty()) {
      J ex = J::array();
      for (const auto& t : h.explanation)
        ex.push_back({{"term", t.term}, {"wdf", t.wdf}, {"weight", t.weight}});
      hit["explanation"] = std::move(ex);
    }
    hits.push_back(std::move(hit));
  }
  J j = {{"query", r.query},
         {"total_estimate", r.total_estimate},
         {"offset", r.offset},
         {"hits", std::move(hits)}};
  if (r.has_facets) {
    j["facets"] = {{"source", facet_json(r.facets.source)},
                   {"category", facet_json(r.facets.category)},
                   {"year", facet_json(r.facets.year)},
                   {"month", facet_json(r.facets.month)}};
  }
  j["warnings"] = r.warnings;
  if (r.time_limit_reached) j["time_limit_reached"] = true;
  if (!r.did_you_mean.empty()) j["did_you_mean"] = r.did_you_mean;
  j["parsed_query"] = r.parsed_query;
  if (!r.xapian_query.empty()) j["xapian_query"] = r.xapian_query;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace bahth
