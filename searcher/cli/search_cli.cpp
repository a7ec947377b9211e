// SPDX-License-Identifier: GPL-2.0-or-later
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <ostream>

#include "bahth/error.h"
#include "bahth/searcher.h"
#include "cli.h"

namespace bahth::cli {

namespace {

struct Settings {
  std::vector<std::string> dbs;
  std::vector<std::string> words;
  std::string analyze_text;
  std::string stemmer = "bahth";
  std::string batch;
  std::string like;
  bool json = false;
  std::size_t limit = 10;
  std::size_t offset = 0;
  std::string sort = "relevance";
  std::string op = "or";
  std::string color = "auto";
  bool facets = false;
  bool collapse = false;
  bool explain = false;
  bool strict = false;
  bool visual = false;
  bool no_snippets = false;
  std::size_t width = 0;
  std::size_t max_expansion = SearchRequest{}.max_prefix_expansion;
  double time_limit = 0;
  double remote_timeout = SearcherOptions{}.remote_timeout_seconds;
};

SortOrder parse_sort(const std::string& s) {
  if (s == "newest") return SortOrder::kNewest;
  if (s == "oldest") return SortOrder::kOldest;
  return SortOrder::kRelevance;
}

DefaultOperator parse_op(const std::string& s) {
  if (s == "and") return DefaultOperator::kAnd;
  if (s == "and-then-or") return DefaultOperator::kAndThenOr;
  return DefaultOperator::kOr;
}

SearchRequest make_request(const Settings& s, std::string query) {
  SearchRequest r;
  r.query = std::move(query);
  r.limit = s.limit;
  r.offset = s.offset;
  r.sort = parse_sort(s.sort);
  r.facets = s.facets;
  r.collapse = s.collapse;
  r.explain = s.explain;
  r.strict = s.strict;
  r.snippets = !s.no_snippets;
  r.ranking.default_operator = parse_op(s.op);
  r.max_prefix_expansion = s.max_expansion;
  r.time_limit_seconds = s.time_limit;
  return r;
}

// --batch: one query per line (plain text, or a JSON object with "query" and optionally "qid"),
// one JSON result object per line. Returns the exit code.
int run_batch(const Searcher& searcher, const Settings& s, std::istream& in, std::ostream& out,
              std::ostream& err) {
  int code = kOk;
  std::string line;
  std::uint64_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::string query = line;
    nlohmann::json qid;
    if (line.front() == '{') {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object() || !j.contains("query") || !j["query"].is_string()) {
        err << "bahth-search: " << s.batch << ":" << lineno << ": a JSON line needs a \"query\" string\n";
        code = kUsageError;
        continue;
      }
      query = j["query"].get<std::string>();
      if (j.contains("qid")) qid = j["qid"];
    }
    std::string result;
    try {
      result = to_json(searcher.search(make_request(s, query)));
    } catch (const QuerySyntaxError& e) {
      nlohmann::ordered_json j = {{"query", query}, {"error", e.what()}, {"position", e.position()}};
      result = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      err << "bahth-search: " << s.batch << ":" << lineno << ": " << e.what() << '\n';
      code = kUsageError;
    }
    if (!qid.is_null()) {
      auto j = nlohmann::ordered_json::parse(result);
      nlohmann::ordered_json with = {{"qid", qid}};
      for (auto it = j.begin(); it != j.end(); ++it) with[it.key()] = it.value();
      result = with.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    out << result << '\n';
  }
  return code;
}

}  // namespace

int run_search_cli(int argc, char** argv, std::ostream& out, std::ostream& err, bool is_tty) {
  CLI::App app{
      "bahth-search: search an Arabic news archive indexed by bahth-index.\n"
      "Query language: words, \"phrases\", a NEAR b, a NEAR/5 b, AND OR NOT + -, ( ), =exact, "
      "prefix*, title:, source:, category:, date:2024-03..2024-05 (docs/query-language.md)"};
  Settings s;
  app.add_option("-d,--db", s.dbs,
                 "Index to search: a path, or HOST:PORT of a xapian-tcpsrv (repeat for several shards)")
      ->type_name("DB")
      ->allow_extra_args(false);
  app.add_option("query", s.words, "The query (several arguments are joined with spaces)")
      ->type_name("QUERY");
  app.add_flag("--json", s.json, "One JSON object per query (shape in docs/search.md)");
  app.add_option("--batch", s.batch,
                 "Run one query per line of FILE ('-' = standard input), writing one JSON object per line")
      ->type_name("FILE");
  app.add_option("--limit", s.limit, "Hits per page")->capture_default_str()->check(CLI::Range(0, 10000));
  app.add_option("--offset", s.offset, "Hits to skip")->capture_default_str();
  app.add_option("--sort", s.sort, "relevance, newest or oldest")
      ->capture_default_str()
      ->check(CLI::IsMember({"relevance", "newest", "oldest"}));
  app.add_option("--operator", s.op, "How words side by side combine: or, and, and-then-or")
      ->capture_default_str()
      ->check(CLI::IsMember({"or", "and", "and-then-or"}));
  app.add_flag("--facets", s.facets, "Count the matches per source, category, year and month");
  app.add_flag("--collapse", s.collapse, "Show one article per group of near-duplicates");
  app.add_flag("--explain", s.explain, "Show the parsed query and each hit's term weights");
  app.add_flag("--strict", s.strict, "Reject a malformed query (exit code 2) instead of repairing it");
  app.add_flag("--no-snippets", s.no_snippets, "Skip snippets and highlights");
  app.add_option("--max-expansion", s.max_expansion, "A prefix* expands to at most N index words")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  app.add_option("--time-limit", s.time_limit,
                 "Stop counting facets after SECONDS: they become partial, hits stay exact (0 = none)")
      ->check(CLI::Range(0.0, 3600.0));
  app.add_option("--remote-timeout", s.remote_timeout,
                 "Give up on a remote index (-d HOST:PORT) that does not answer within SECONDS (0 = wait)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  app.add_option("--like", s.like, "More like this: articles similar to the one with this id")
      ->type_name("ID");
  app.add_flag("--visual,--bidi-visual", s.visual,
               "Print Arabic in visual order, shaped (for terminals without bidi support)");
  app.add_option("--width", s.width, "Wrap width for --visual (default: $COLUMNS or 80)");
  app.add_option("--color", s.color, "auto (a terminal without NO_COLOR), always or never")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--analyze", s.analyze_text,
                 "Print what the analyzer makes of TEXT: surface, byte offsets, position, normalized "
                 "form, stem, stopword")
      ->type_name("TEXT");
  app.add_option("--stemmer", s.stemmer, "Analyzer variant for --analyze: bahth, light10, snowball, none")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? kOk : kUsageError;
  }
  try {
    if (app.count("--analyze") > 0) {
      print_analysis(s.analyze_text, s.stemmer, s.json, out);
      return kOk;
    }
    std::string query;
    for (const auto& w : s.words) query += (query.empty() ? "" : " ") + w;
    const int modes = (!s.batch.empty()) + (!s.like.empty()) + (!query.empty());
    if (s.dbs.empty() || modes != 1) {
      err << "bahth-search: "
          << (s.dbs.empty() ? "no index given (use -d DB)"
              : modes == 0  ? "nothing to search for (give a QUERY, --batch FILE or --like ID)"
                            : "give only one of QUERY, --batch FILE and --like ID")
          << "; see --help\n";
      return kUsageError;
    }
    SearcherOptions searcher_options;
    searcher_options.remote_timeout_seconds = s.remote_timeout;
    const Searcher searcher(s.dbs, searcher_options);
    if (!s.batch.empty()) {
      if (s.batch == "-") return run_batch(searcher, s, std::cin, out, err);
      std::ifstream in(s.batch);
      if (!in) {
        err << "bahth-search: cannot open batch file '" << s.batch << "'\n";
        return kUsageError;
      }
      return run_batch(searcher, s, in, out, err);
    }
    SearchResults results;
    if (!s.like.empty()) {
      MoreLikeThisRequest r;
      r.limit = s.limit;
      r.offset = s.offset;
      r.collapse = s.collapse;
      r.snippets = !s.no_snippets;
      results = searcher.more_like_this(s.like, r);
    } else {
      results = searcher.search(make_request(s, query));
    }
    if (s.json) {
      out << to_json(results) << '\n';
      return kOk;
    }
    if (results.time_limit_reached) {
      err << "bahth-search: warning: the time limit of " << s.time_limit
          << " s was reached; the facets are partial and the total is an estimate\n";
    }
    RenderOptions ro;
    const char* no_color = std::getenv("NO_COLOR");
    ro.color =
        s.color == "always" || (s.color == "auto" && is_tty && (no_color == nullptr || *no_color == '\0'));
    ro.visual = s.visual;
    ro.explain = s.explain;
    ro.width = s.width;
    if (ro.width == 0) {
      const char* cols = std::getenv("COLUMNS");
      ro.width = cols ? std::strtoul(cols, nullptr, 10) : 0;
      if (ro.width < 20) ro.width = 80;
    }
    print_results(results, ro, out);
    return kOk;
  } catch (const QuerySyntaxError& e) {
    err << "bahth-search: query error: " << e.what() << '\n';
    return kUsageError;
  } catch (const InputError& e) {
    err << "bahth-search: " << e.what() << '\n';
    return kUsageError;
  } catch (const std::exception& e) {
    err << "bahth-search: " << e.what() << '\n';
    return kRuntimeError;
  }
}

}  // namespace bahth::cli
