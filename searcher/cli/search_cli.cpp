// SPDX-License-Identifier: GPL-2.0-or-later
#include <CLI/CLI.hpp>
#include <ostream>

#include "bahth/error.h"
#include "cli.h"

namespace bahth::cli {

int run_search_cli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"bahth-search: search an Arabic news archive indexed by bahth-index"};
  std::string analyze_text;
  bool json = false;
  std::string stemmer = "bahth";
  app.add_option("--analyze", analyze_text,
                 "Print what the analyzer makes of TEXT: surface, byte offsets, position, normalized "
                 "form, stem, stopword")
      ->type_name("TEXT");
  app.add_flag("--json", json, "Machine-readable JSON output");
  app.add_option("--stemmer", stemmer, "Analyzer variant for --analyze: bahth, light10, snowball, none")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? kOk : kUsageError;
  }
  try {
    if (app.count("--analyze") > 0) {
      print_analysis(analyze_text, stemmer, json, out);
      return kOk;
    }
    err << "bahth-search: nothing to do (try --analyze TEXT, or --help)\n";
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
