// bahth — errors thrown by every bahth library.
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Every exception a bahth library lets escape derives from bahth::Error, which is a
// std::runtime_error: catching `const std::exception&` is always enough. Xapian and ICU errors are
// caught at the library boundary and rethrown as one of these, with the original message kept.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace bahth {

/// Base of every bahth exception.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A query that cannot be parsed (strict mode only; the lenient parser never throws this).
/// position() is the byte offset in the query text where the problem was found.
class QuerySyntaxError : public Error {
 public:
  QuerySyntaxError(const std::string& message, std::size_t position)
      : Error(message + " (at byte " + std::to_string(position) + ")"), position_(position) {}
  std::size_t position() const noexcept { return position_; }

 private:
  std::size_t position_;
};

/// Base for problems with the database itself.
class IndexError : public Error {
 public:
  using Error::Error;
};

/// No database at the given path.
class IndexNotFoundError : public IndexError {
 public:
  using IndexError::IndexError;
};

/// The database was built by another analyzer or schema version; it must be rebuilt.
class IndexIncompatibleError : public IndexError {
 public:
  using IndexError::IndexError;
};

/// Another process holds the database's write lock.
class IndexLockedError : public IndexError {
 public:
  using IndexError::IndexError;
};

/// The database files are damaged or unreadable.
class IndexCorruptError : public IndexError {
 public:
  using IndexError::IndexError;
};

/// A remote index (served by xapian-tcpsrv) cannot be reached: nothing listens at host:port, the
/// connection was refused or dropped, or the server did not answer within the timeout. The message
/// names host:port. The Searcher stays usable: a later search connects again.
class IndexUnreachableError : public IndexError {
 public:
  using IndexError::IndexError;
};

/// Input that cannot be used at all (an unreadable file, an unknown option value).
class InputError : public Error {
 public:
  using Error::Error;
};

}  // namespace bahth
