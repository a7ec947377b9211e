// SPDX-License-Identifier: GPL-2.0-or-later
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>

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
  return bahth::cli::run_index_cli(argc, argv, std::cout, std::cerr, isatty(STDERR_FILENO) != 0, &g_cancel);
}
