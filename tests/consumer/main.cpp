// bahth_consumer DB: searches an index through the installed library and checks the basics.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <bahth/searcher.h>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bahth_consumer DB\n";
    return 2;
  }
  try {
    const bahth::Searcher searcher{argv[1]};
    bahth::SearchRequest request;
    request.query = "النفط";
    request.limit = 3;
    const bahth::SearchResults page = searcher.search(request);
    if (page.hits.empty()) {
      std::cerr << "no hits for " << request.query << '\n';
      return 1;
    }
    for (const bahth::Hit& hit : page.hits) {
      std::cout << hit.rank << ' ' << hit.id << ' ' << hit.title << '\n';
      if (hit.snippet.highlights.empty()) {
        std::cerr << "hit " << hit.id << " has no highlighted snippet\n";
        return 1;
      }
    }
    std::cout << bahth::to_json(page).substr(0, 60) << "…\n";
  } catch (const bahth::Error& e) {
    std::cerr << "bahth error: " << e.what() << '\n';
    return 1;
  }
  // Errors are catchable by their type across the library boundary.
  try {
    const bahth::Searcher missing{std::string(argv[1]) + "-does-not-exist"};
    std::cerr << "opening a missing index did not throw\n";
    return 1;
  } catch (const bahth::IndexNotFoundError& e) {
    std::cout << "IndexNotFoundError: ok\n";
  }
  std::cout << "consumer ok\n";
  return 0;
}
