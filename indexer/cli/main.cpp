// SPDX-License-Identifier: GPL-2.0-or-later
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <iostream>

#include <xapian.h>

#include "index_cli.h"

namespace {

std::atomic<bool> g_cancel{false};
volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_signal(int sig) {
  if (g_cancel.load()) {
    // Second signal: give up at once (the last commit is still safe on disk).
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  g_signal = sig;
  g_cancel.store(true);
}

// Xapian 1.4 writes the last value chunk of each slot at commit from a destructor
// (Glass::ValueUpdater, glass_values.cc), so a write error there (disk full, ulimit -f) reaches
// std::terminate instead of our catch. Report it as that catch would, and exit as a failed run:
// the commit did not happen, so the database is still at its last commit.
[[noreturn]] void on_terminate() {
  if (const std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const Xapian::Error& x) {
      std::cerr << "bahth-index: writing the database failed: " << x.get_description()
                << "; it holds every article committed before" << std::endl;
      std::_Exit(bahth::cli::kIndexRuntimeError);
    } catch (...) {
    }
  }
  std::abort();  // anything else is a bug: keep the core dump
}

}  // namespace

int main(int argc, char** argv) {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  // Over a file-size limit (ulimit -f), let write() fail with EFBIG and report it, instead of
  // being killed by SIGXFSZ; the database stays at its last commit either way.
  std::signal(SIGXFSZ, SIG_IGN);
  std::set_terminate(on_terminate);
  return bahth::cli::run_index_cli(argc, argv, std::cout, std::cerr, isatty(STDERR_FILENO) != 0, &g_cancel);
}
