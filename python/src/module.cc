// reframe._reframe: the Python binding (pybind11) over the public C++ API.
//
// Results are the JSON message objects of docs/json-format.md, written by the
// library's own writer (reframe::AppendJson) and turned into Python objects
// (to_python.h): the dicts have exactly the fields and order of `reframe check
// --format jsonl`, including any field the library adds later. Analysis, chat
// reading and JSON writing run without the GIL.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <time.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyze.h"
#include "reframe/analyzer.h"
#include "reframe/chat.h"
#include "reframe/chat_report.h"
#include "reframe/format.h"
#include "reframe/language.h"
#include "reframe/lexicon.h"
#include "reframe/profile.h"
#include "reframe/run.h"
#include "reframe/version.h"
#include "to_python.h"

namespace py = pybind11;

namespace reframe::python {
namespace {

// The text's language in `ctx`, as `reframe check` writes it (when it can be told).
void SetLanguage(MessageContext& ctx, std::string_view text) {
  ctx.language.reset();
  Language language = DetectLanguage(text);
  if (!language.code.empty()) ctx.language = std::move(language.code);
}

// Objects the module keeps for its whole life. Never freed: they must outlive
// static destruction, which runs after the interpreter is gone.
struct Globals {
  PyObject* error = nullptr;            // reframe.Error
  PyObject* data_error = nullptr;       // reframe.DataError (ValueError)
  PyObject* read_error = nullptr;       // reframe.ReadError (OSError)
  PyObject* not_found_error = nullptr;  // reframe.NotFoundError (FileNotFoundError)
  PyObject* problem_warning = nullptr;  // reframe.ChatProblemWarning
  PyObject* key_line = nullptr;         // interned record keys
  PyObject* key_source = nullptr;
  PyObject* key_author = nullptr;
  PyObject* key_time = nullptr;
  PyObject* key_kind = nullptr;
  PyObject* key_text = nullptr;
};
Globals& G() {
  static Globals* globals = new Globals;
  return *globals;
}

// Raises the Python exception for a failed Status: the message keeps the
// library's "file:line: what" form, which reframe.Error parses.
[[noreturn]] void Raise(const Status& status) {
  PyObject* type = G().error;
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kDataError:
    case StatusCode::kResourceExhausted:
      type = G().data_error;
      break;
    case StatusCode::kNotFound:
      type = G().not_found_error;
      break;
    case StatusCode::kIoError:
      type = G().read_error;
      break;
    default:
      break;
  }
  if (!type) type = PyExc_RuntimeError;  // reframe/__init__.py did not register its classes
  // File names in messages may not be UTF-8: never fail to raise because of one.
  const std::string& message = status.message();
  PyObject* text = PyUnicode_DecodeUTF8(message.data(), static_cast<Py_ssize_t>(message.size()), "replace");
  if (text) {
    PyErr_SetObject(type, text);
    Py_DECREF(text);
  }
  throw py::error_already_set();
}

// A str as UTF-8 (cached inside the str object) or bytes as they are; both are
// immutable, so the view stays valid while the GIL is released.
std::string_view TextView(py::handle text) {
  if (PyUnicode_Check(text.ptr())) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
    if (!data) throw py::error_already_set();  // lone surrogates
    return {data, static_cast<size_t>(size)};
  }
  if (PyBytes_Check(text.ptr())) {
    return {PyBytes_AS_STRING(text.ptr()), static_cast<size_t>(PyBytes_GET_SIZE(text.ptr()))};
  }
  throw py::type_error(std::string("text must be str or bytes, not ") + Py_TYPE(text.ptr())->tp_name);
}

// A path argument (str, bytes or os.PathLike) as the bytes the file system
// takes (os.fsencode: any file name, UTF-8 or not).
std::string PathArg(py::handle path) {
  py::object encoded = py::module_::import("os").attr("fsencode")(path);
  return encoded.cast<std::string>();
}

// The same path as Python shows it (os.fsdecode), for "source" and .path.
py::str DisplayPath(py::handle path) { return py::module_::import("os").attr("fsdecode")(path); }

// Paths PathArg made, back as Python shows them.
py::tuple FsDecode(const std::vector<std::string>& paths) {
  py::tuple out(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    PyObject* s = PyUnicode_DecodeFSDefaultAndSize(paths[i].data(), static_cast<Py_ssize_t>(paths[i].size()));
    if (!s) throw py::error_already_set();
    out[i] = py::reinterpret_steal<py::str>(s);
  }
  return out;
}

// Turns JSON the library wrote into dicts and lists.
py::object Loads(std::string_view json) {
  PyObject* value = JsonToPython(json);
  if (!value) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(value);
}

py::object StrOrNone(const std::string& s) {
  if (s.empty()) return py::none();
  return py::reinterpret_steal<py::object>(
      PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace"));
}

// One chat message as a dict with the leading fields of its JSONL object.
py::dict Record(const ChatMessage& m) {
  py::dict d;
  auto set = [&](PyObject* key, py::object value) {
    if (!value) throw py::error_already_set();
    if (PyDict_SetItem(d.ptr(), key, value.ptr()) != 0) throw py::error_already_set();
  };
  set(G().key_line, py::int_(m.line));
  set(G().key_source, py::reinterpret_steal<py::object>(
                          PyUnicode_DecodeUTF8(m.source.data(), static_cast<Py_ssize_t>(m.source.size()), "replace")));
  set(G().key_author, StrOrNone(m.author));
  set(G().key_time, StrOrNone(m.time));
  set(G().key_kind, py::str(std::string(MessageKindName(m.kind))));
  set(G().key_text, py::reinterpret_steal<py::object>(
                        PyUnicode_DecodeUTF8(m.text.data(), static_cast<Py_ssize_t>(m.text.size()), "replace")));
  return d;
}

struct ChatArgs {
  ChatFormat format = ChatFormat::kAuto;
  ChatOptions options;
};

ChatArgs MakeChatArgs(const std::string& fmt, const std::optional<std::string>& text_field,
                      const std::optional<std::string>& author_field, const std::optional<std::string>& time_field) {
  ChatArgs args;
  if (!ParseChatFormat(fmt, &args.format)) {
    throw py::value_error("unknown chat format '" + fmt +
                          "': expected auto, whatsapp, telegram, signal, discord, imessage, messenger, slack, "
                          "jsonl, csv or text");
  }
  args.options.text_field = text_field.value_or("");
  args.options.author_field = author_field.value_or("");
  args.options.time_field = time_field.value_or("");
  return args;
}

std::unique_ptr<ChatReader> Open(const std::string& path, const ChatArgs& args) {
  Result<std::unique_ptr<ChatReader>> reader = [&] {
    py::gil_scoped_release release;
    return OpenChat(path, args.format, args.options);
  }();
  if (!reader.ok()) Raise(reader.status());
  return std::move(*reader);
}

// Library messages as str; a file name in them need not be UTF-8.
py::str Utf8(const std::string& s) {
  PyObject* text = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
  if (!text) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(text);
}

py::list Utf8List(const std::vector<std::string>& strings) {
  py::list out;
  for (const std::string& s : strings) out.append(Utf8(s));
  return out;
}

// Emits a ChatProblemWarning for each skipped record not reported yet.
void WarnProblems(const ChatReader& reader, size_t& reported) {
  const std::vector<std::string>& problems = reader.problems();
  for (; reported < problems.size(); ++reported) {
    // stacklevel 1 is the caller's frame (reframe adds none): the warning points at its loop.
    py::module_::import("warnings").attr("warn")(Utf8(problems[reported]), py::handle(G().problem_warning), 1);
  }
}

// A reply_to argument: None, or the text answered (str, or bytes holding UTF-8).
std::optional<std::string_view> ReplyView(py::handle reply_to) {
  if (reply_to.is_none()) return std::nullopt;
  if (!PyUnicode_Check(reply_to.ptr()) && !PyBytes_Check(reply_to.ptr())) {
    throw py::type_error(std::string("reply_to must be str, bytes or None, not ") + Py_TYPE(reply_to.ptr())->tp_name);
  }
  return TextView(reply_to);
}

// One item of a per-text reply_to column: None and pandas' missing value
// (a float NaN) mean that text answers nothing.
std::optional<std::string_view> ReplyItem(py::handle item) {
  if (PyFloat_Check(item.ptr()) && std::isnan(PyFloat_AS_DOUBLE(item.ptr()))) return std::nullopt;
  return ReplyView(item);
}

// A Python error raised while the library works without the GIL (a failed
// conversion, Ctrl-C): kept until the library call returns, then raised.
class PendingError {
 public:
  PendingError() = default;
  PendingError(const PendingError&) = delete;
  PendingError& operator=(const PendingError&) = delete;
  ~PendingError() {
    if (type_ || value_ || trace_) {
      py::gil_scoped_acquire gil;
      Py_XDECREF(type_);
      Py_XDECREF(value_);
      Py_XDECREF(trace_);
    }
  }
  // Takes the error set on this thread. Call with the GIL held.
  void Fetch() {
    if (!type_) PyErr_Fetch(&type_, &value_, &trace_);
    PyErr_Clear();
  }
  [[nodiscard]] bool set() const { return type_ != nullptr; }
  // Raises it. Call with the GIL held.
  [[noreturn]] void Raise() {
    PyErr_Restore(type_, value_, trace_);
    type_ = value_ = trace_ = nullptr;
    throw py::error_already_set();
  }

 private:
  PyObject* type_ = nullptr;
  PyObject* value_ = nullptr;
  PyObject* trace_ = nullptr;
};

// A chat reader that ends early, with an error, once `stop` is set: how a
// Python error (Ctrl-C) stops AnalyzeChat, which runs to the end of its reader.
class StoppableReader : public ChatReader {
 public:
  StoppableReader(ChatReader& inner, const std::atomic<bool>& stop) : inner_(inner), stop_(stop) {}
  Result<bool> Next(ChatMessage& out) override {
    if (stop_.load(std::memory_order_relaxed)) return Status(StatusCode::kInternal, "interrupted");
    return inner_.Next(out);
  }
  [[nodiscard]] ChatFormat format() const override { return inner_.format(); }

 private:
  ChatReader& inner_;
  const std::atomic<bool>& stop_;
};

// Receives a chat's JSON Lines from a ChatWriter (without the GIL) and turns
// them into dicts about every MiB, taking the GIL only for that: the JSON text
// held at a time stays bounded. A failure is kept in `error` and sets `stop`.
class JsonLinesToList : public std::streambuf {
 public:
  JsonLinesToList(py::list& out, PendingError& error, std::atomic<bool>& stop)
      : out_(out), error_(error), stop_(stop) {}

  // Converts every complete line held. Call with the GIL held.
  void Drain() {
    size_t start = 0;
    for (size_t end; !error_.set() && (end = text_.find('\n', start)) != std::string::npos; start = end + 1) {
      PyObject* value = JsonToPython(std::string_view(text_).substr(start, end - start));
      if (!value || PyList_Append(out_.ptr(), value) != 0) {
        Py_XDECREF(value);
        error_.Fetch();
        stop_ = true;
        break;
      }
      Py_DECREF(value);
    }
    text_.erase(0, start);
    if (error_.set()) text_.clear();
  }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    text_ += traits_type::to_char_type(c);
    if (c == '\n') MaybeDrain();
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    text_.append(s, static_cast<size_t>(n));
    if (n > 0 && s[n - 1] == '\n') MaybeDrain();
    return n;
  }

 private:
  void MaybeDrain() {
    if (stop_) {
      text_.clear();  // the call is ending with an error: nothing more is kept
      return;
    }
    if (text_.size() < (size_t{1} << 20)) return;
    py::gil_scoped_acquire gil;
    Drain();
  }

  py::list& out_;
  PendingError& error_;
  std::atomic<bool>& stop_;
  std::string text_;
};

// Output that is thrown away (a ChatWriter that only counts).
class Discard : public std::streambuf {
 protected:
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

// reframe.Analyzer: a compiled lexicon, reused across calls and threads.
class PyAnalyzer {
 public:
  PyAnalyzer(std::vector<std::string> lexicon_dirs, bool builtin, std::optional<std::string> profile)
      : lexicon_dirs_(std::move(lexicon_dirs)), builtin_(builtin), profile_(std::move(profile)) {
    if (!builtin_ && lexicon_dirs_.empty()) {
      throw py::value_error("builtin=False needs at least one lexicon directory");
    }
    Result<const Profile*> own = FindProfile(profile_);
    if (!own.ok()) Raise(own.status());
    Status status;
    {
      py::gil_scoped_release release;  // custom lexicons take tens of ms to compile
      std::optional<Lexicon> lexicon;
      if (builtin_) lexicon = Lexicon::Builtin();
      for (const std::string& dir : lexicon_dirs_) {
        Result<Lexicon> extra = Lexicon::FromDirectory(dir);
        if (!extra.ok()) {
          status = extra.status();
          break;
        }
        lexicon = lexicon ? lexicon->MergedWith(*extra) : *extra;
      }
      if (status.ok()) {
        Result<std::unique_ptr<AnalyzerSet>> set = AnalyzerSet::Create(*lexicon, *own);
        if (set.ok())
          set_ = std::move(*set);
        else if (*own)  // e.g. a custom lexicon without a rule the profile names
          status = Status(set.status().code(), "profile '" + profile_.value() + "': " + set.status().message());
        else
          status = set.status();
      }
    }
    if (!status.ok()) Raise(status);
  }

  const std::vector<std::string>& lexicon_dirs() const { return lexicon_dirs_; }
  bool builtin() const { return builtin_; }
  const std::optional<std::string>& profile() const { return profile_; }

  // The JSON message object for one text, as `reframe check --text TEXT --format jsonl`.
  std::string CheckJson(py::handle text, py::handle reply_to, const std::optional<std::string>& profile) const {
    const std::string_view view = TextView(text);
    const std::optional<std::string_view> reply = ReplyView(reply_to);
    const Profile* call = CallProfile(profile);
    std::string out;
    {
      py::gil_scoped_release release;
      MessageContext ctx;
      ctx.source = "<text>";
      SetLanguage(ctx, view);
      AppendJson(out, AnalyzeForPython(set_->analyzer(), view, reply, call), ctx, view);
    }
    return out;
  }

  // CPU seconds per Analyze + AppendJson of `text`, timed in C++ over
  // `repeat` calls on this thread: the cost of the library call itself (for
  // bench/python_bench.py; CPU time, so other programs' load counts little).
  double CppSeconds(py::handle text, size_t repeat) const {
    const std::string_view view = TextView(text);
    py::gil_scoped_release release;
    std::string out;
    MessageContext ctx;
    ctx.source = "<text>";
    auto now = [] {
      timespec ts{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
      return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
    };
    const double start = now();
    for (size_t i = 0; i < repeat; ++i) {
      out.clear();
      AppendJson(out, set_->analyzer().Analyze(view), ctx, view);
    }
    return repeat ? (now() - start) / static_cast<double>(repeat) : 0.0;
  }

  py::object Check(py::handle text, py::handle reply_to, const std::optional<std::string>& profile) const {
    return Loads(CheckJson(text, reply_to, profile));
  }

  // Many texts at once: the GIL is released once per chunk of texts, and
  // each chunk's results are converted together. Chunks bound the JSON text
  // held at a time, whatever the number of texts. `reply_to` is None, one
  // text every text answers, or an iterable with one (or None) per text.
  py::list CheckMany(const py::iterable& texts, py::handle reply_to, const std::optional<std::string>& profile) const {
    const Profile* call = CallProfile(profile);
    std::optional<std::string_view> same_reply;  // one reply_to for all
    py::object replies;                          // or an iterator, one per text
    if (!reply_to.is_none()) {
      if (PyUnicode_Check(reply_to.ptr()) || PyBytes_Check(reply_to.ptr())) {
        same_reply = ReplyView(reply_to);
      } else if (py::isinstance<py::iterable>(reply_to)) {
        replies = py::iter(reply_to);
      } else {
        throw py::type_error(std::string("reply_to must be str, bytes, None or an iterable of them, not ") +
                             Py_TYPE(reply_to.ptr())->tp_name);
      }
    }
    py::list results;
    std::vector<py::object> chunk;  // the texts and replies, alive while the GIL is released
    std::vector<std::string_view> views;
    std::vector<std::optional<std::string_view>> reply_views;
    std::string out;
    auto flush = [&] {
      if (views.empty()) return;
      {
        py::gil_scoped_release release;
        out = "[";
        MessageContext ctx;
        ctx.source = "<text>";
        for (size_t i = 0; i < views.size(); ++i) {
          if (i) out += ',';
          SetLanguage(ctx, views[i]);
          AppendJson(out, AnalyzeForPython(set_->analyzer(), views[i], reply_views[i], call), ctx, views[i]);
        }
        out += ']';
      }
      py::list part = Loads(out);
      for (py::handle r : part) results.append(r);
      chunk.clear();
      views.clear();
      reply_views.clear();
    };
    size_t bytes = 0, count = 0;
    for (py::handle item : texts) {
      chunk.push_back(py::reinterpret_borrow<py::object>(item));
      views.push_back(TextView(item));
      bytes += views.back().size();
      if (replies) {
        PyObject* next = PyIter_Next(replies.ptr());
        if (!next) {
          if (PyErr_Occurred()) throw py::error_already_set();
          throw py::value_error("reply_to has fewer items than texts (" + std::to_string(count) +
                                "): give one per text, None where a text answers nothing");
        }
        chunk.push_back(py::reinterpret_steal<py::object>(next));
        reply_views.push_back(ReplyItem(chunk.back()));
        bytes += reply_views.back() ? reply_views.back()->size() : 0;
      } else {
        reply_views.push_back(same_reply);
      }
      ++count;
      if (views.size() >= 256 || bytes >= (1u << 20)) {
        flush();
        bytes = 0;
      }
    }
    if (replies) {
      PyObject* extra = PyIter_Next(replies.ptr());
      if (extra) {
        Py_DECREF(extra);
        throw py::value_error("reply_to has more items than texts (" + std::to_string(count) + ")");
      }
      if (PyErr_Occurred()) throw py::error_already_set();
    }
    flush();
    return results;
  }

  // Every message of a chat export with its analysis, and the summary, as
  // `reframe chat --format json` (plus "problems": the skipped records). The
  // library's own chat run does the work (AnalyzeChat: each message read with
  // the turn it answers, the summary's responses), so the results are the
  // command's by construction.
  py::dict CheckChat(py::handle path_arg, const std::string& fmt, bool messages,
                     const std::optional<std::string>& profile, double reply_gap_hours, unsigned threads,
                     const std::optional<std::string>& text_field, const std::optional<std::string>& author_field,
                     const std::optional<std::string>& time_field) const {
    const Profile* call = CallProfile(profile);  // before any work: a typo fails at once
    if (!(reply_gap_hours >= 0) || reply_gap_hours > 1e9) {
      throw py::value_error("reply_gap_hours must be a number of hours, 0 or more, not " +
                            py::repr(py::float_(reply_gap_hours)).cast<std::string>());
    }
    const std::string path = PathArg(path_arg);
    const py::str source = DisplayPath(path_arg);
    const ChatArgs args = MakeChatArgs(fmt, text_field, author_field, time_field);
    std::unique_ptr<ChatReader> reader = Open(path, args);

    py::list records;
    PendingError error;
    std::atomic<bool> stop{false};
    JsonLinesToList lines(records, error, stop);
    Discard discard;
    std::ostream out(messages ? static_cast<std::streambuf*>(&lines) : &discard);
    // kJsonl writes each message as it comes; kText only counts (its closing
    // summary text goes to `discard`).
    ChatWriter writer(out, messages ? ChatReportFormat::kJsonl : ChatReportFormat::kText, path);
    ChatRunOptions run;
    run.threads = threads;
    run.reply_gap_seconds = static_cast<int64_t>(reply_gap_hours * 3600);
    // Every few thousand messages: let Ctrl-C through (a notebook's interrupt).
    run.progress = [&](size_t) {
      py::gil_scoped_acquire gil;
      if (PyErr_CheckSignals() != 0) {
        error.Fetch();
        stop = true;
      }
    };
    StoppableReader stoppable(*reader, stop);
    Status status;
    {
      py::gil_scoped_release release;
      // The library's chat run takes the profile from the analyzer (as
      // `reframe chat --profile` does): one is compiled per profile, once.
      Result<const Analyzer*> analyzer = set_->ForChat(call);
      Result<size_t> read = analyzer.ok() ? AnalyzeChat(stoppable, **analyzer, run, writer) : analyzer.status();
      if (read.ok()) {
        writer.Finish(reader->format(), reader->problems().size());
      } else {
        status = read.status();
      }
    }
    if (error.set()) error.Raise();
    if (!status.ok()) Raise(status);
    lines.Drain();
    if (error.set()) error.Raise();
    py::dict result;
    result["format_version"] = kJsonFormatVersion;
    if (messages) result["messages"] = records;
    result["source"] = source;
    result["format"] = std::string(ChatFormatName(reader->format()));
    result["summary"] = Loads(writer.summary().Json());
    result["problems"] = Utf8List(reader->problems());
    return result;
  }

 private:
  // A call's profile= argument, checked: raises ValueError (reframe.DataError)
  // with the library's message for an unknown name.
  const Profile* CallProfile(const std::optional<std::string>& name) const {
    Result<const Profile*> profile = set_->ForCall(name);
    if (!profile.ok()) Raise(profile.status());
    return *profile;
  }

  std::vector<std::string> lexicon_dirs_;
  bool builtin_ = true;
  std::optional<std::string> profile_;  // Analyzer(profile=...)
  std::unique_ptr<AnalyzerSet> set_;
};

// reframe.read_chat(): the messages of an export, one at a time.
class ChatIterator {
 public:
  ChatIterator(std::unique_ptr<ChatReader> reader, py::str path) : reader_(std::move(reader)), path_(std::move(path)) {}

  py::dict Next() {
    if (!reader_) throw py::stop_iteration();
    // Two threads must not read one export at once: the reader is not
    // thread-safe, and the GIL is released while it reads.
    if (busy_) throw py::value_error("read_chat iterator already executing");
    busy_ = true;
    ChatMessage m;
    Result<bool> more = false;
    {
      py::gil_scoped_release release;
      more = reader_->Next(m);
    }
    busy_ = false;
    if (!more.ok()) {
      reader_.reset();
      Raise(more.status());
    }
    WarnProblems(*reader_, problems_reported_);
    if (!*more) {
      problems_ = reader_->problems();
      format_ = reader_->format();
      reader_.reset();  // closes the file now, not when the iterator is collected
      throw py::stop_iteration();
    }
    return Record(m);
  }

  void Close() {
    if (busy_) throw py::value_error("read_chat iterator already executing");
    if (reader_) {
      problems_ = reader_->problems();
      format_ = reader_->format();
    }
    reader_.reset();
  }

  const py::str& path() const { return path_; }
  std::string format() const { return std::string(ChatFormatName(reader_ ? reader_->format() : format_)); }
  py::list problems() const { return Utf8List(reader_ ? reader_->problems() : problems_); }

 private:
  std::unique_ptr<ChatReader> reader_;
  py::str path_;
  ChatFormat format_ = ChatFormat::kAuto;
  std::vector<std::string> problems_;
  size_t problems_reported_ = 0;
  bool busy_ = false;
};

std::vector<std::string> LexiconDirs(const py::object& lexicons) {
  std::vector<std::string> dirs;
  if (lexicons.is_none()) return dirs;
  py::object path_like = py::module_::import("os").attr("PathLike");
  if (py::isinstance<py::str>(lexicons) || py::isinstance<py::bytes>(lexicons) || py::isinstance(lexicons, path_like)) {
    dirs.push_back(PathArg(lexicons));
    return dirs;
  }
  for (py::handle dir : lexicons) dirs.push_back(PathArg(dir));
  return dirs;
}

PyObject* Intern(const char* s) { return PyUnicode_InternFromString(s); }

}  // namespace
}  // namespace reframe::python

PYBIND11_MODULE(_reframe, m) {
  using namespace reframe::python;
  using reframe::python::PyAnalyzer;
  m.doc() = "The compiled part of the reframe package; use `import reframe`.";

  Globals& g = G();
  g.key_line = Intern("line");
  g.key_source = Intern("source");
  g.key_author = Intern("author");
  g.key_time = Intern("time");
  g.key_kind = Intern("kind");
  g.key_text = Intern("text");

  m.attr("__version__") = reframe::kVersion;
  m.attr("JSON_FORMAT_VERSION") = reframe::kJsonFormatVersion;
  py::tuple categories(reframe::kCategories.size());
  for (size_t i = 0; i < reframe::kCategories.size(); ++i)
    categories[i] = py::str(std::string(reframe::kCategories[i]));
  m.attr("CATEGORIES") = categories;
  py::list profiles;
  for (const std::string& name : reframe::Profile::BuiltinNames()) profiles.append(py::str(name));
  m.attr("PROFILES") = py::tuple(profiles);
  py::list formats;
  for (auto f : {reframe::ChatFormat::kAuto, reframe::ChatFormat::kWhatsApp, reframe::ChatFormat::kTelegram,
                 reframe::ChatFormat::kSignal, reframe::ChatFormat::kDiscord, reframe::ChatFormat::kIMessage,
                 reframe::ChatFormat::kMessenger, reframe::ChatFormat::kSlack, reframe::ChatFormat::kJsonl,
                 reframe::ChatFormat::kCsv, reframe::ChatFormat::kText}) {
    formats.append(py::str(std::string(reframe::ChatFormatName(f))));
  }
  m.attr("CHAT_FORMATS") = py::tuple(formats);

  m.def(
      "_loads", [](py::handle json) { return Loads(TextView(json)); }, py::arg("json"),
      "The converter every result goes through (for tests): JSON text to dicts and lists, as json.loads.");

  m.def(
      "_register_errors",
      [](py::object error, py::object data_error, py::object read_error, py::object not_found_error,
         py::object problem_warning) {
        Globals& gl = G();
        gl.error = error.release().ptr();
        gl.data_error = data_error.release().ptr();
        gl.read_error = read_error.release().ptr();
        gl.not_found_error = not_found_error.release().ptr();
        gl.problem_warning = problem_warning.release().ptr();
      },
      "Called once by reframe/__init__.py with its exception and warning classes.");

  py::class_<PyAnalyzer>(m, "Analyzer", R"doc(
A compiled set of rules, built once and reused.

Analyzer() uses the built-in lexicons. Analyzer(lexicons) lays the rules in
one directory (or a list of directories) of *.toml files over them, as
`reframe --lexicons DIR` does; with builtin=False they replace them. Errors
in a lexicon raise reframe.DataError naming the file and line.

profile: a built-in settings profile every call uses (one of
    reframe.PROFILES: who the messages are for), as `reframe --profile NAME`.
    A call's own profile= is applied after it, so its adjustments win.
    An unknown name raises ValueError (reframe.DataError) with the nearest
    name and the list.

An Analyzer is immutable and thread-safe: its methods release the GIL while
they analyse, so threads sharing one Analyzer run in parallel. It pickles by
its lexicon paths (for Dask and multiprocessing).
)doc")
      .def(py::init([](const py::object& lexicons, bool builtin, std::optional<std::string> profile) {
             return std::make_unique<PyAnalyzer>(LexiconDirs(lexicons), builtin, std::move(profile));
           }),
           py::arg("lexicons") = py::none(), py::kw_only(), py::arg("builtin") = true, py::arg("profile") = py::none())
      .def("check", &PyAnalyzer::Check, py::arg("text"), py::arg("reply_to") = py::none(),
           py::arg("profile") = py::none(), R"doc(
Analyses one message draft; returns its JSON message object as a dict.

The dict has the fields of one `reframe check --format jsonl` line
(docs/json-format.md): line, source ("<text>"), author, time, findings,
strengths, score, and warnings when the text had invalid UTF-8. Spans
(start, end) are byte offsets into the UTF-8 encoding of `text`:
text.encode()[f["start"]:f["end"]].decode() == f["text"].

text: str, or bytes holding UTF-8 (invalid bytes are read as U+FFFD).
reply_to: the message this one answers (str or bytes), as `reframe check
    --reply-to`: a curt "ok" after a complaint is read differently from one
    after "Dinner at 7?". None: the draft is read on its own.
profile: who the message is for: a built-in settings profile (one of
    reframe.PROFILES: "partner", "family", "friend", "work"), as `reframe
    --profile NAME check`. It turns rules off or down ("work": a curt "Ok."
    is only info); None: the analyzer's own profile, if any, alone. An
    unknown name raises ValueError (reframe.DataError) with the nearest name.
)doc")
      .def("check_many", &PyAnalyzer::CheckMany, py::arg("texts"), py::kw_only(), py::arg("reply_to") = py::none(),
           py::arg("profile") = py::none(),
           R"doc(
Analyses every text of an iterable (a list, a pandas column); returns a list of dicts, as check() for each.

reply_to: None, one message every text answers, or an iterable with one
    per text (a pandas column; None or NaN where a text answers nothing).
profile: one built-in profile for every text, as for check().
Somewhat faster than check() in a loop for many short texts: the GIL is
released once per chunk of 256 texts, whose results are converted together.
)doc")
      .def("check_chat", &PyAnalyzer::CheckChat, py::arg("path"), py::arg("fmt") = "auto", py::kw_only(),
           py::arg("messages") = true, py::arg("profile") = py::none(), py::arg("reply_gap_hours") = 6.0,
           py::arg("threads") = 1, py::arg("text_field") = py::none(), py::arg("author_field") = py::none(),
           py::arg("time_field") = py::none(), R"doc(
Analyses every message of a saved chat export; returns the document of
`reframe chat --format json`: {"format_version", "messages", "source",
"format", "summary"}, plus "problems" (the malformed records the reader
skipped, each "file:line: what"; the summary counts them).

Each message is read with the turn it answers (the other person's messages
just before it, within reply_gap_hours; `reply_to` in its dict), as the
command does (`--reply-gap`).
profile: a built-in profile, as `reframe --profile NAME chat` (the first
    chat with a profile compiles an analyzer for it, which is then kept).
messages=False leaves out the per-message list: the export is then read and
summarised in constant memory without the GIL.
threads: worker threads for this export (0 = one per core). 1 by default:
    Python threads, processes or Dask tasks decide the parallelism.
fmt: "auto" (detected) or one of reframe.CHAT_FORMATS.
text_field, author_field, time_field: column names for JSONL and CSV.
Raises reframe.NotFoundError, reframe.DataError (a malformed export, naming
the file and line) or reframe.ReadError.
)doc")
      .def("_check_json", &PyAnalyzer::CheckJson, py::arg("text"), py::arg("reply_to") = py::none(),
           py::arg("profile") = py::none(), "check() as the JSON text the library writes (for tests and benchmarks).")
      .def("_cpp_seconds", &PyAnalyzer::CppSeconds, py::arg("text"), py::arg("repeat"),
           "Seconds per library call (Analyze + AppendJson) on `text`, timed in C++ (for benchmarks).")
      .def_property_readonly(
          "lexicons", [](const PyAnalyzer& a) { return FsDecode(a.lexicon_dirs()); },
          "The lexicon directories laid over (or replacing) the built-in ones.")
      .def_property_readonly("builtin", &PyAnalyzer::builtin, "Whether the built-in lexicons are used.")
      .def_property_readonly("profile", &PyAnalyzer::profile, "The profile every call uses (None: none).")
      .def("__repr__",
           [](const PyAnalyzer& a) {
             std::vector<std::string> args;
             if (!a.lexicon_dirs().empty()) args.push_back(py::repr(py::list(FsDecode(a.lexicon_dirs()))));
             if (!a.builtin()) args.emplace_back("builtin=False");
             if (a.profile()) args.push_back("profile=" + py::repr(py::str(*a.profile())).cast<std::string>());
             std::string r = "reframe.Analyzer(";
             for (size_t i = 0; i < args.size(); ++i) r += (i ? ", " : "") + args[i];
             return r + ")";
           })
      .def(py::pickle(
          [](const PyAnalyzer& a) {
            return py::make_tuple(py::list(FsDecode(a.lexicon_dirs())), a.builtin(), a.profile());
          },
          [](const py::tuple& state) {
            // (lexicons, builtin) from a build before profiles, or with the profile.
            if (state.size() != 2 && state.size() != 3) throw py::value_error("bad reframe.Analyzer state");
            std::optional<std::string> profile;
            if (state.size() == 3 && !state[2].is_none()) profile = state[2].cast<std::string>();
            return std::make_unique<PyAnalyzer>(LexiconDirs(state[0]), state[1].cast<bool>(), std::move(profile));
          }));

  py::class_<ChatIterator>(m, "ChatReader", R"doc(
The messages of a chat export, read one at a time (see reframe.read_chat).

Iterating yields dicts {"line", "source", "author", "time", "kind", "text"}:
the leading fields of the export's `reframe chat --format jsonl` objects.
`format` is the format read (after detection), `problems` the malformed
records skipped so far (each also emitted as a reframe.ChatProblemWarning).
Use it as a context manager, or call close(), to close the file early.
)doc")
      .def("__iter__", [](ChatIterator& it) -> ChatIterator& { return it; })
      .def("__next__", &ChatIterator::Next)
      .def("close", &ChatIterator::Close, "Closes the export; iteration then stops.")
      .def("__enter__", [](ChatIterator& it) -> ChatIterator& { return it; })
      .def("__exit__", [](ChatIterator& it, const py::args&) { it.Close(); })
      .def_property_readonly("path", &ChatIterator::path, "The export as given.")
      .def_property_readonly("format", &ChatIterator::format, "The format being read, e.g. \"whatsapp\".")
      .def_property_readonly("problems", &ChatIterator::problems, "Malformed records skipped so far.");

  m.def(
      "read_chat",
      [](const py::object& path_arg, const std::string& fmt, const std::optional<std::string>& text_field,
         const std::optional<std::string>& author_field, const std::optional<std::string>& time_field) {
        const std::string path = PathArg(path_arg);
        const ChatArgs args = MakeChatArgs(fmt, text_field, author_field, time_field);
        return std::make_unique<ChatIterator>(Open(path, args), DisplayPath(path_arg));
      },
      py::arg("path"), py::arg("fmt") = "auto", py::kw_only(), py::arg("text_field") = py::none(),
      py::arg("author_field") = py::none(), py::arg("time_field") = py::none(),
      "Opens a chat export and returns a reframe.ChatReader over its messages.");
}
