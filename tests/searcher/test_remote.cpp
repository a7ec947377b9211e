// Remote search end to end: two halves of the sample archive served by Xapian's xapian-tcpsrv on
// 127.0.0.1 (ephemeral ports) search exactly like the same halves opened locally — through the
// library and through bahth-search — and a server that stops, dies or never answers gives a clear
// error naming host:port while the searching process survives.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bahth/error.h"
#include "bahth/searcher.h"
#include "process.h"
#include "remote.h"

using namespace bahth;
using bahth::test::Background;
using bahth::test::TempDir;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kStartupWait = std::chrono::seconds(120);  // generous: a loaded 2-core machine

// A TCP socket on 127.0.0.1; closed on destruction.
class Socket {
 public:
  Socket() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) { REQUIRE(fd_ >= 0); }
  ~Socket() { ::close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

sockaddr_in loopback(unsigned port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

// Binds port 0 on 127.0.0.1 and returns the port the kernel chose (the socket is closed: a server
// started next may still lose the race for it, so callers retry).
unsigned free_port() {
  Socket s;
  sockaddr_in a = loopback(0);
  REQUIRE(::bind(s.fd(), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  socklen_t len = sizeof a;
  REQUIRE(::getsockname(s.fd(), reinterpret_cast<sockaddr*>(&a), &len) == 0);
  return ntohs(a.sin_port);
}

bool accepts_connections(unsigned port) {
  Socket s;
  sockaddr_in a = loopback(port);
  return ::connect(s.fd(), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
}

// xapian-tcpsrv serving db on 127.0.0.1, in a session of its own (setsid) so that stop(), resume()
// and kill() reach the children it forks for each connection too.
class TcpServer {
 public:
  TcpServer(const fs::path& db, const fs::path& dir) {
    for (int attempt = 0; attempt < 8 && !server_; ++attempt) {
      port_ = free_port();
      const fs::path logs = dir / ("server-" + std::to_string(attempt));
      fs::create_directories(logs);
      auto bg = std::make_unique<Background>(
          "/usr/bin/setsid",
          std::vector<std::string>{"xapian-tcpsrv", "--interface", "127.0.0.1", "--port", std::to_string(port_),
                                   "--timeout", "600000", db.string()},
          logs);
      const auto deadline = Clock::now() + kStartupWait;
      while (Clock::now() < deadline && bg->running() && !accepts_connections(port_)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      if (bg->running() && accepts_connections(port_)) {
        server_ = std::move(bg);
      } else {
        ::kill(-bg->pid(), SIGKILL);
        const auto r = bg->wait();
        UNSCOPED_INFO("xapian-tcpsrv on port " << port_ << " did not start: " << r.out << r.err);
      }
    }
    REQUIRE(server_);
  }
  ~TcpServer() {
    if (server_ && !killed_) kill();
  }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  unsigned port() const { return port_; }
  std::string spec() const { return "127.0.0.1:" + std::to_string(port_); }
  void stop() { ::kill(-server_->pid(), SIGSTOP); }
  void resume() { ::kill(-server_->pid(), SIGCONT); }
  void kill() {
    ::kill(-server_->pid(), SIGCONT);
    ::kill(-server_->pid(), SIGKILL);
    server_->wait();
    killed_ = true;
  }

 private:
  unsigned port_ = 0;
  std::unique_ptr<Background> server_;
  bool killed_ = false;
};

// The sample archive in two halves: articles-a (+ x-001 of extra.jsonl) and articles-b (+ the
// other near-duplicates, so that collapsing works across the halves), indexed by bahth-index.
struct Halves {
  TempDir dir;
  fs::path a = dir / "a.db";
  fs::path b = dir / "b.db";
  Halves() {
    std::ifstream extra(BAHTH_TEST_DATA_DIR "/extra.jsonl");
    std::ostringstream ea, eb;
    std::string line;
    for (int i = 0; std::getline(extra, line); ++i) (i == 0 ? ea : eb) << line << '\n';
    bahth::test::write_file(dir / "extra-a.jsonl", ea.str());
    bahth::test::write_file(dir / "extra-b.jsonl", eb.str());
    const std::string corpus = BAHTH_CORPUS_DIR;
    for (const auto& [db, inputs] :
         {std::pair{a, std::vector<std::string>{corpus + "/articles-a.jsonl", (dir / "extra-a.jsonl").string()}},
          std::pair{b, std::vector<std::string>{corpus + "/articles-b.jsonl", (dir / "extra-b.jsonl").string()}}}) {
      std::vector<std::string> args{"-q", "--spelling", "--threads", "1", "-d", db.string()};
      args.insert(args.end(), inputs.begin(), inputs.end());
      const auto r = bahth::test::run(bahth::test::index_binary(), args);
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
    }
  }
};

// Queries that match articles in both halves (checked below: each finds hits).
const std::vector<std::string> kQueries{
    "الطاقة", "النفط", "\"الطاقة المتجددة\"", "category:economy", "اقتصا*", "NATO",
    "المتوسط OR الحلف", "وزير date:2024..", "زلزال"};

constexpr std::string_view kNoSpelling = "\"did you mean\" is not available for the remote index";
constexpr std::string_view kNoTimeLimit = "the time limit is not applied to a search that includes remote indexes";

// remote has the same results as local. Known differences over Xapian's remote backend, allowed:
// no "did you mean" (a warning says so instead), collapse counts are lower bounds (Xapian says so
// of get_collapse_count(); across remote shards they can come out lower), and with
// exact_estimate false the match-count estimate of a large OR query (more like this) may differ.
void same_hits(const SearchResults& remote, const SearchResults& local, bool exact_estimate = true) {
  INFO("query: " << local.query);
  if (exact_estimate) {
    CHECK(remote.total_estimate == local.total_estimate);
  } else {
    CHECK(remote.total_estimate >= remote.hits.size());
  }
  CHECK(remote.parsed_query == local.parsed_query);
  std::vector<std::string> warnings;
  bool no_spelling = false;
  for (const auto& w : remote.warnings) {
    if (w.starts_with(kNoSpelling)) {
      no_spelling = true;
    } else if (w.starts_with(kNoTimeLimit)) {
      continue;  // checked where a time limit is asked for
    } else {
      warnings.push_back(w);
    }
  }
  CHECK(warnings == local.warnings);
  if (!no_spelling) CHECK(remote.did_you_mean == local.did_you_mean);
  REQUIRE(remote.hits.size() == local.hits.size());
  for (std::size_t i = 0; i < local.hits.size(); ++i) {
    const Hit& r = remote.hits[i];
    const Hit& l = local.hits[i];
    INFO("hit " << i);
    CHECK(r.id == l.id);
    CHECK(r.score == Approx(l.score).epsilon(1e-12));
    CHECK(r.title == l.title);
    CHECK(r.date == l.date);
    CHECK(r.snippet.text == l.snippet.text);
    CHECK(r.snippet.highlights == l.snippet.highlights);
    CHECK(r.title_highlights == l.title_highlights);
    CHECK(r.collapsed <= l.collapsed);
    CHECK((r.collapsed > 0) == (l.collapsed > 0));
    REQUIRE(r.explanation.size() == l.explanation.size());
    for (std::size_t t = 0; t < l.explanation.size(); ++t) {
      CHECK(r.explanation[t].term == l.explanation[t].term);
      CHECK(r.explanation[t].wdf == l.explanation[t].wdf);
      CHECK(r.explanation[t].weight == Approx(l.explanation[t].weight).epsilon(1e-12));
    }
  }
  CHECK(remote.has_facets == local.has_facets);
  CHECK(remote.facets.source == local.facets.source);
  CHECK(remote.facets.category == local.facets.category);
  CHECK(remote.facets.year == local.facets.year);
  CHECK(remote.facets.month == local.facets.month);
}

// bahth-search --json output with the scores checked approximately and then blanked.
nlohmann::json without_scores(const std::string& out, const nlohmann::json& reference = {}) {
  auto j = nlohmann::json::parse(out);
  for (std::size_t i = 0; i < j["hits"].size(); ++i) {
    if (!reference.is_null()) {
      CHECK(j["hits"][i]["score"].get<double>() ==
            Approx(reference["hits"][i]["score"].get<double>()).epsilon(1e-12));
    }
    j["hits"][i]["score"] = 0;
  }
  return j;
}

template <typename Fn>
std::string unreachable_message(Fn&& fn) {
  try {
    fn();
  } catch (const IndexUnreachableError& e) {
    return e.what();
  }
  FAIL("no IndexUnreachableError");
  return {};
}

}  // namespace

TEST_CASE("remote: two xapian-tcpsrv shards search like the same shards opened locally - then one dies") {
  const Halves halves;
  TcpServer server_a(halves.a, halves.dir.path() / "srv-a");
  TcpServer server_b(halves.b, halves.dir.path() / "srv-b");
  SearcherOptions options;
  options.remote_timeout_seconds = 5;
  const Searcher local({halves.a.string(), halves.b.string()});
  const Searcher remote({server_a.spec(), "tcp://" + server_b.spec()}, options);
  const Searcher mixed({halves.a.string(), server_b.spec()}, options);
  CHECK(remote.document_count() == local.document_count());
  CHECK(remote.analyzer_id() == local.analyzer_id());

  SECTION("the library: ranking, snippets, facets, sorting, collapse, explain, time limit, paging") {
    for (const auto& q : kQueries) {
      SearchRequest r;
      r.query = q;
      r.limit = 50;
      r.facets = true;
      r.explain = true;
      const auto expected = local.search(r);
      INFO("query: " << q);
      REQUIRE(expected.hits.size() >= 2);  // the query proves something
      {
        INFO("remote, explained");
        same_hits(remote.search(r), expected);
      }
      {
        INFO("mixed, explained");
        same_hits(mixed.search(r), expected);
      }
      r.sort = SortOrder::kNewest;
      r.explain = false;
      r.collapse = true;
      r.time_limit_seconds = 60;
      {
        INFO("newest, collapsed, time limit");
        const SearchResults timed = remote.search(r);
        same_hits(timed, local.search(r));
        // The remote match spies run on the server: the limit is not applied there, and said so.
        CHECK(std::any_of(timed.warnings.begin(), timed.warnings.end(),
                          [](const std::string& w) { return w.starts_with(kNoTimeLimit); }));
        CHECK_FALSE(timed.time_limit_reached);
      }
      r.sort = SortOrder::kOldest;
      r.offset = 1;
      r.limit = 2;
      r.collapse = false;
      {
        INFO("oldest, second page");
        same_hits(remote.search(r), local.search(r));
      }
    }
    SearchRequest dup;
    dup.query = "زلزال";
    dup.collapse = true;
    const auto collapsed = remote.search(dup);
    REQUIRE_FALSE(collapsed.hits.empty());
    // x-002 and x-003 (half b) under x-001 (half a): all three collapse to one hit.
    CHECK(collapsed.hits.front().id == "x-001");
    CHECK(collapsed.hits.front().collapsed >= 1);
    CHECK(std::count_if(collapsed.hits.begin(), collapsed.hits.end(),
                        [](const Hit& h) { return h.id.starts_with("x-"); }) == 1);
    same_hits(collapsed, local.search(dup));
  }

  SECTION("the library: more like this") {
    for (const std::string id : {"a-001", "b-007", "x-001"}) {
      const auto expected = local.more_like_this(id);
      REQUIRE(expected.hits.size() >= 2);
      same_hits(remote.more_like_this(id), expected, false);
      same_hits(mixed.more_like_this(id), expected, false);
    }
    CHECK_THROWS_AS(remote.more_like_this("no-such-id"), InputError);
  }

  SECTION("did you mean is not available remotely: a warning says so") {
    SearchRequest r;
    r.query = "ماراثوون";  // misspelled: no article has it
    const auto l = local.search(r);
    REQUIRE(l.total_estimate == 0);
    REQUIRE_FALSE(l.did_you_mean.empty());
    const auto all_remote = remote.search(r);
    CHECK(all_remote.did_you_mean.empty());
    REQUIRE(all_remote.warnings.size() == 1);
    CHECK_THAT(all_remote.warnings[0], Catch::Contains("did you mean") && Catch::Contains(server_a.spec()) &&
                                           Catch::Contains(server_b.spec()));
    const auto part_remote = mixed.search(r);
    REQUIRE(part_remote.warnings.size() == 1);
    CHECK_THAT(part_remote.warnings[0], Catch::Contains(server_b.spec()) && Catch::Contains("local indexes only"));
    r.query = "الطاقة";  // finds enough: no suggestion is looked for, so no warning
    CHECK(remote.search(r).warnings.empty());
  }

  SECTION("bahth-search: the same JSON as on the local shards") {
    for (const auto& q : kQueries) {
      INFO("query: " << q);
      const std::vector<std::string> common{"--json", "--facets", "--limit", "50", q};
      auto l_args = std::vector<std::string>{"-d", halves.a.string(), "-d", halves.b.string()};
      auto r_args = std::vector<std::string>{"-d", server_a.spec(), "-d", "tcp://" + server_b.spec(),
                                             "--remote-timeout", "30"};
      l_args.insert(l_args.end(), common.begin(), common.end());
      r_args.insert(r_args.end(), common.begin(), common.end());
      const auto l = bahth::test::run(bahth::test::search_binary(), l_args);
      const auto r = bahth::test::run(bahth::test::search_binary(), r_args);
      REQUIRE(l.exit_code == 0);
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
      const auto lj = without_scores(l.out);
      CHECK(lj["hits"].size() >= 2);
      CHECK(without_scores(r.out, nlohmann::json::parse(l.out)) == lj);
    }
    const auto like = bahth::test::run(bahth::test::search_binary(),
                                       {"-d", server_a.spec(), "-d", server_b.spec(), "--json", "--like", "a-001"});
    REQUIRE(like.exit_code == 0);
    const auto like_local = bahth::test::run(
        bahth::test::search_binary(), {"-d", halves.a.string(), "-d", halves.b.string(), "--json", "--like", "a-001"});
    auto like_remote_json = without_scores(like.out, nlohmann::json::parse(like_local.out));
    auto like_local_json = without_scores(like_local.out);
    like_remote_json.erase("total_estimate");  // an estimate (see same_hits)
    like_local_json.erase("total_estimate");
    CHECK(like_remote_json == like_local_json);
    const auto dym = bahth::test::run(bahth::test::search_binary(),
                                      {"-d", server_a.spec(), "-d", server_b.spec(), "--json", "ماراثوون"});
    REQUIRE(dym.exit_code == 0);
    const auto warnings = nlohmann::json::parse(dym.out)["warnings"];
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0].get<std::string>(), Catch::Contains("did you mean"));
    const auto text = bahth::test::run(bahth::test::search_binary(),
                                       {"-d", server_a.spec(), "-d", server_b.spec(), "ماراثوون"});
    CHECK(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Contains("warning: \"did you mean\" is not available"));
  }

  SECTION("a server that stops answering times out, naming host:port; it works again when it resumes") {
    SearcherOptions quick;
    quick.remote_timeout_seconds = 1;
    const Searcher searcher({server_a.spec(), server_b.spec()}, quick);
    SearchRequest r;
    r.query = "الطاقة";
    const auto before = searcher.search(r);
    server_b.stop();
    const auto t0 = Clock::now();
    const std::string msg = unreachable_message([&] { searcher.search(r); });
    CHECK(Clock::now() - t0 < std::chrono::seconds(60));
    CHECK_THAT(msg, Catch::Contains(server_b.spec()) && Catch::Contains("did not answer in time"));
    const auto cli = bahth::test::run(bahth::test::search_binary(),
                                      {"-d", server_a.spec(), "-d", server_b.spec(), "--remote-timeout", "1", "الطاقة"});
    CHECK(cli.exit_code == 1);
    CHECK_THAT(cli.err, Catch::Contains(server_b.spec()) && Catch::Contains("did not answer in time"));
    server_b.resume();
    same_hits(searcher.search(r), before);
  }

  SECTION("a server killed between searches: a clear error naming host:port; the process survives") {
    SearchRequest r;
    r.query = "الطاقة";
    const auto before = remote.search(r);  // the pool holds live connections to both servers
    server_b.kill();
    for (int i = 0; i < 4; ++i) {  // and again: the Searcher stays usable
      const std::string msg = unreachable_message([&] { remote.search(r); });
      CHECK_THAT(msg, Catch::Contains(server_b.spec()) && Catch::Contains("cannot reach the remote index"));
    }
    CHECK_THROWS_AS(remote.more_like_this("a-001"), IndexUnreachableError);
    CHECK_THROWS_AS(remote.document_count(), IndexUnreachableError);
    CHECK_THROWS_AS(mixed.search(r), IndexUnreachableError);
    CHECK_THROWS_AS(Searcher({server_a.spec(), server_b.spec()}, options), IndexUnreachableError);
    // The IndexUnreachableError is an IndexError (bahth-search maps both to exit code 1).
    CHECK_THROWS_AS(remote.search(r), IndexError);
    const auto cli =
        bahth::test::run(bahth::test::search_binary(), {"-d", server_a.spec(), "-d", server_b.spec(), "الطاقة"});
    CHECK(cli.exit_code == 1);
    CHECK_FALSE(cli.signaled);
    CHECK_THAT(cli.err, Catch::Contains(server_b.spec()) && Catch::Contains("cannot reach the remote index"));
    CHECK(cli.out.empty());
    // The other server still answers.
    const Searcher only_a({server_a.spec()}, options);
    CHECK(only_a.search(r).total_estimate > 0);
    CHECK(before.total_estimate > only_a.search(r).total_estimate);
  }
}

TEST_CASE("remote: nothing listening on the port is IndexUnreachableError naming host:port") {
  const unsigned port = free_port();
  const std::string spec = "127.0.0.1:" + std::to_string(port);
  const std::string msg = unreachable_message([&] { Searcher s(spec); });
  CHECK_THAT(msg, Catch::Contains(spec) && Catch::Contains("cannot reach the remote index"));
  CHECK_THROWS_AS(Searcher("tcp://" + spec), IndexUnreachableError);
  const auto cli = bahth::test::run(bahth::test::search_binary(), {"-d", spec, "--json", "النفط"});
  CHECK(cli.exit_code == 1);
  CHECK_THAT(cli.err, Catch::Contains(spec));
  CHECK(cli.out.empty());
}

TEST_CASE("remote: a server that accepts but never answers times out after --remote-timeout") {
  // A listening socket nobody accepts on: the kernel completes the connection, no greeting comes.
  Socket listener;
  sockaddr_in a = loopback(0);
  REQUIRE(::bind(listener.fd(), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(::listen(listener.fd(), 16) == 0);
  socklen_t len = sizeof a;
  REQUIRE(::getsockname(listener.fd(), reinterpret_cast<sockaddr*>(&a), &len) == 0);
  const std::string spec = "127.0.0.1:" + std::to_string(ntohs(a.sin_port));

  SearcherOptions options;
  options.remote_timeout_seconds = 0.5;
  const auto t0 = Clock::now();
  const std::string msg = unreachable_message([&] { Searcher s(spec, options); });
  const auto elapsed = Clock::now() - t0;
  CHECK_THAT(msg, Catch::Contains(spec) && Catch::Contains("did not answer in time"));
  CHECK(elapsed >= std::chrono::milliseconds(400));
  CHECK(elapsed < std::chrono::seconds(60));

  const auto cli = bahth::test::run(bahth::test::search_binary(), {"-d", spec, "--remote-timeout", "0.5", "النفط"});
  CHECK(cli.exit_code == 1);
  CHECK_THAT(cli.err, Catch::Contains(spec) && Catch::Contains("--remote-timeout"));
}

TEST_CASE("remote: index specs") {
  using detail::parse_index_spec;
  auto remote = [](const std::string& s) { return parse_index_spec(s).remote; };
  CHECK(remote("localhost:33333"));
  CHECK(remote("tcp://search-1.example:33333"));
  CHECK(remote("tcp://10.0.0.7:33333/"));
  CHECK(remote("[::1]:33333"));
  CHECK(parse_index_spec("[::1]:33333").host == "::1");
  CHECK(parse_index_spec("[::1]:33333").where() == "[::1]:33333");
  CHECK(parse_index_spec("tcp://h:1").host == "h");
  CHECK(parse_index_spec("tcp://h:65535").port == 65535);
  CHECK_FALSE(remote("news.db"));
  CHECK_FALSE(remote("/srv/news.db"));
  CHECK_FALSE(remote("dir/h:1"));
  CHECK_FALSE(remote("h:port"));
  CHECK_FALSE(remote(""));
  CHECK_THROWS_AS(parse_index_spec("h:0"), InputError);
  CHECK_THROWS_AS(parse_index_spec("h:65536"), InputError);
  CHECK_THROWS_AS(parse_index_spec("tcp://h"), InputError);
  CHECK_THROWS_AS(parse_index_spec("tcp://h:x"), InputError);
  CHECK_THROWS_AS(parse_index_spec("tcp://[::1]"), InputError);

  SECTION("an existing local path of that name wins") {
    const fs::path name = "bahth-remote-test-" + std::to_string(::getpid()) + ":4242";
    fs::create_directory(name);
    struct Cleanup {
      fs::path p;
      ~Cleanup() { fs::remove_all(p); }
    } cleanup{name};
    CHECK_FALSE(remote(name.string()));
    // bahth-search then reports a missing index at the path, not a network error.
    CHECK_THROWS_AS(Searcher(name.string()), IndexNotFoundError);
  }
  SECTION("bahth-search: a malformed remote spec is a usage error") {
    const auto cli = bahth::test::run(bahth::test::search_binary(), {"-d", "tcp://h", "النفط"});
    CHECK(cli.exit_code == 2);
    CHECK_THAT(cli.err, Catch::Contains("tcp://h"));
  }
}

TEST_CASE("remote: a remote shard's analyzer and schema are checked like a local one's") {
  TempDir dir;
  const fs::path light = dir / "light10.db";
  const fs::path plain = dir / "plain.db";
  const fs::path bahth_db = dir / "bahth.db";
  for (const auto& [db, stemmer] : {std::pair{light, "light10"}, std::pair{bahth_db, "bahth"}}) {
    const auto r = bahth::test::run(bahth::test::index_binary(), {"-q", "--threads", "1", "--stemmer", stemmer, "-d",
                                                                  db.string(), BAHTH_CORPUS_DIR "/articles-a.jsonl"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  {
    Xapian::WritableDatabase w(plain.string(), Xapian::DB_CREATE);
    Xapian::Document d;
    d.add_term("x");
    w.add_document(d);
    w.commit();
  }
  TcpServer light_server(light, dir.path() / "srv-light");
  TcpServer plain_server(plain, dir.path() / "srv-plain");

  // Alone, a light10 index served remotely is searched with its own analyzer.
  const Searcher alone(light_server.spec());
  CHECK(alone.analyzer_id() == Searcher(light.string()).analyzer_id());
  SearchRequest r;
  r.query = "النفط";
  CHECK(alone.search(r).total_estimate > 0);
  // Mixed with a shard of another analyzer, it is refused.
  try {
    Searcher mixed({bahth_db.string(), light_server.spec()});
    FAIL("shards of different analyzers were accepted");
  } catch (const IndexIncompatibleError& e) {
    CHECK_THAT(e.what(), Catch::Contains(light_server.spec()));
  }
  // A Xapian database that is not a bahth index, served remotely.
  try {
    Searcher s(plain_server.spec());
    FAIL("a database without bahth metadata was accepted");
  } catch (const IndexIncompatibleError& e) {
    CHECK_THAT(e.what(), Catch::Contains(plain_server.spec()) && Catch::Contains("not a bahth index"));
  }
  // A Xapian stub file listing a local shard and a remote one (`remote HOST:PORT`): the remote
  // entry is checked too, and the error names the server, not only the stub.
  const fs::path stub = dir / "mixed.stub";
  bahth::test::write_file(stub, "auto " + bahth_db.string() + "\nremote " + light_server.spec() + "\n");
  try {
    Searcher s(stub.string());
    FAIL("a stub listing shards of different analyzers was accepted");
  } catch (const IndexIncompatibleError& e) {
    CHECK_THAT(e.what(), Catch::Contains(light_server.spec()));
  }
  const fs::path good_stub = dir / "good.stub";
  bahth::test::write_file(good_stub, "remote " + light_server.spec() + "\nauto " + light.string() + "\n");
  const Searcher via_stub(good_stub.string());
  CHECK(via_stub.analyzer_id() == alone.analyzer_id());
  CHECK(via_stub.search(r).total_estimate == 2 * alone.search(r).total_estimate);
}
