// Index specs: a local path, or a remote database served by xapian-tcpsrv (HOST:PORT,
// tcp://HOST:PORT, [IPv6]:PORT), and opening either as a Xapian::Database.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <xapian.h>

#include <string>

namespace bahth::detail {

struct IndexSpec {
  std::string text;    ///< as given by the caller
  bool remote = false;
  std::string host;    ///< remote only: host name or address (an IPv6 address without brackets)
  unsigned port = 0;   ///< remote only
  /// For messages: "'path'" for a local index, "host:port" ("[v6]:port") for a remote one.
  std::string where() const;
};

/// Interprets text as an index spec. An existing local file or directory of that name is always
/// local; otherwise `tcp://HOST:PORT`, `[IPv6]:PORT` and `HOST:PORT` (HOST without '/' or ':',
/// PORT digits) are remote, and anything else is a local path.
/// Throws InputError for a remote spec with a bad host or port (e.g. `tcp://x`, `h:70000`).
IndexSpec parse_index_spec(const std::string& text);

/// Opens the database of spec: Xapian::Database(path), or Xapian::Remote::open with
/// timeout_seconds for the connection and for every operation (0 = wait for ever).
/// Throws Xapian::Error.
Xapian::Database open_index(const IndexSpec& spec, double timeout_seconds);

/// True for Xapian's NetworkError and NetworkTimeoutError.
bool is_network_error(const Xapian::Error& e);

/// "host:port" of the remote database a Xapian error came from, from its context
/// ("remote:tcp(host:port)"), or "" when the error does not say.
std::string remote_in_context(const Xapian::Error& e);

}  // namespace bahth::detail
