// reframe/status.h — error values for expected failures.
//
// reframe reports expected failures (a bad lexicon, an unreadable file, a
// pattern that does not compile) as values, never as exceptions:
//
//   reframe::Result<reframe::Lexicon> lex = reframe::Lexicon::FromDirectory("my-rules");
//   if (!lex.ok()) { std::cerr << lex.status().message() << "\n"; return 2; }
//   use(*lex);
//
// Messages name where the problem is ("my-rules/tone.toml:14: rule x: ...").
#ifndef REFRAME_STATUS_H_
#define REFRAME_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace reframe {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad input text or options
  kNotFound,         // a file, directory or rule that does not exist
  kDataError,        // a lexicon or input file that is malformed
  kIoError,          // the operating system refused a read
  kResourceExhausted,
  kInternal,
};

// The outcome of an operation: ok, or a code and a human-readable message.
class Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  [[nodiscard]] bool ok() const { return code_ == StatusCode::kOk; }
  [[nodiscard]] StatusCode code() const { return code_; }
  [[nodiscard]] const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a value of type T or a non-ok Status, in the spirit of absl::StatusOr.
// Accessing the value of a failed Result is a programming error (asserted).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "a Result built from a Status must carry an error");
  }

  [[nodiscard]] bool ok() const { return value_.has_value(); }
  [[nodiscard]] const Status& status() const { return status_; }

  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace reframe

#endif  // REFRAME_STATUS_H_
