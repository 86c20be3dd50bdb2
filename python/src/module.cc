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

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyze.h"
#include "reframe/analyzer.h"
#include "reframe/chat.h"
#include "reframe/chat_report.h"
#include "reframe/format.h"
#include "reframe/lexicon.h"
#include "reframe/version.h"
#include "to_python.h"

namespace py = pybind11;

namespace reframe::python {
namespace {

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

// reframe.Analyzer: a compiled lexicon, reused across calls and threads.
class PyAnalyzer {
 public:
  PyAnalyzer(std::vector<std::string> lexicon_dirs, bool builtin)
      : lexicon_dirs_(std::move(lexicon_dirs)), builtin_(builtin) {
    if (!builtin_ && lexicon_dirs_.empty()) {
      throw py::value_error("builtin=False needs at least one lexicon directory");
    }
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
        Result<Analyzer> analyzer = Analyzer::Create(*lexicon);
        if (analyzer.ok())
          analyzer_ = std::make_unique<const Analyzer>(std::move(*analyzer));
        else
          status = analyzer.status();
      }
    }
    if (!status.ok()) Raise(status);
  }

  const std::vector<std::string>& lexicon_dirs() const { return lexicon_dirs_; }
  bool builtin() const { return builtin_; }

  // The JSON message object for one text, as `reframe check --text TEXT --format jsonl`.
  std::string CheckJson(py::handle text, const std::optional<std::string>& reply_to,
                        const std::optional<std::string>& profile) const {
    const std::string_view view = TextView(text);
    std::string out;
    Status status;
    {
      py::gil_scoped_release release;
      Result<Report> report = AnalyzeForPython(*analyzer_, view, reply_to, profile);
      if (report.ok()) {
        MessageContext ctx;
        ctx.source = "<text>";
        AppendJson(out, *report, ctx, view);
      } else {
        status = report.status();
      }
    }
    if (!status.ok()) Raise(status);
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
      AppendJson(out, analyzer_->Analyze(view), ctx, view);
    }
    return repeat ? (now() - start) / static_cast<double>(repeat) : 0.0;
  }

  py::object Check(py::handle text, const std::optional<std::string>& reply_to,
                   const std::optional<std::string>& profile) const {
    return Loads(CheckJson(text, reply_to, profile));
  }

  // Many texts at once: one GIL release and one parse for the whole list.
  // Many texts at once: the GIL is released once per chunk of texts, and
  // each chunk's results are converted together. Chunks bound the JSON text
  // held at a time, whatever the number of texts.
  py::list CheckMany(const py::iterable& texts, const std::optional<std::string>& profile) const {
    if (Status s = CheckPythonOptions(std::nullopt, profile); !s.ok()) Raise(s);
    py::list results;
    std::vector<py::object> chunk;  // the texts, alive while the GIL is released
    std::vector<std::string_view> views;
    std::string out;
    auto flush = [&] {
      if (chunk.empty()) return;
      Status status;
      {
        py::gil_scoped_release release;
        out = "[";
        MessageContext ctx;
        ctx.source = "<text>";
        for (size_t i = 0; i < views.size(); ++i) {
          Result<Report> report = AnalyzeForPython(*analyzer_, views[i], std::nullopt, profile);
          if (!report.ok()) {
            status = report.status();
            break;
          }
          if (i) out += ',';
          AppendJson(out, *report, ctx, views[i]);
        }
        out += ']';
      }
      if (!status.ok()) Raise(status);
      py::list part = Loads(out);
      for (py::handle r : part) results.append(r);
      chunk.clear();
      views.clear();
    };
    size_t bytes = 0;
    for (py::handle item : texts) {
      chunk.push_back(py::reinterpret_borrow<py::object>(item));
      views.push_back(TextView(item));
      bytes += views.back().size();
      if (chunk.size() >= 256 || bytes >= (1u << 20)) {
        flush();
        bytes = 0;
      }
    }
    flush();
    return results;
  }

  // Every message of a chat export with its analysis, and the summary, as
  // `reframe chat --format json` (plus "problems": the skipped records).
  py::dict CheckChat(py::handle path_arg, const std::string& fmt, bool messages,
                     const std::optional<std::string>& profile, const std::optional<std::string>& text_field,
                     const std::optional<std::string>& author_field,
                     const std::optional<std::string>& time_field) const {
    if (Status s = CheckPythonOptions(std::nullopt, profile); !s.ok()) Raise(s);
    const std::string path = PathArg(path_arg);
    const ChatArgs args = MakeChatArgs(fmt, text_field, author_field, time_field);
    std::unique_ptr<ChatReader> reader = Open(path, args);
    ChatSummary summary;  // the command's own, so the dicts equal `reframe chat --format json`
    py::list records;
    std::string batch;
    Status status;
    bool more = true;
    while (more) {
      {
        py::gil_scoped_release release;
        batch = "[";
        size_t in_batch = 0;
        ChatMessage m;
        // Batches bound the JSON text held before it becomes Python objects;
        // without messages they only let Ctrl-C through now and then.
        const size_t max_messages = messages ? 512 : 65536;
        while (in_batch < max_messages && batch.size() < (1u << 20)) {
          Result<bool> next = reader->Next(m);
          if (!next.ok()) {
            status = next.status();
            more = false;
            break;
          }
          if (!*next) {
            more = false;
            break;
          }
          Report report;
          const bool analysed = m.kind == MessageKind::kText;
          if (analysed) {
            // Chat messages have no reply context yet: when the library gains it,
            // the previous message by another author goes here as reply_to.
            Result<Report> r = AnalyzeForPython(*analyzer_, m.text, std::nullopt, profile);
            if (!r.ok()) {
              status = r.status();
              more = false;
              break;
            }
            report = std::move(*r);
          }
          summary.Add(m, analysed ? &report : nullptr);
          if (messages) {
            if (in_batch) batch += ',';
            batch += ChatMessageJson(m, report);
          }
          ++in_batch;
        }
        batch += ']';
      }
      if (!status.ok()) Raise(status);
      if (messages) {
        py::list part = Loads(batch);
        for (py::handle item : part) records.append(item);
      }
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();  // Ctrl-C in a notebook
    }
    summary.AddProblems(reader->problems().size());
    py::dict result;
    result["format_version"] = kJsonFormatVersion;
    if (messages) result["messages"] = records;
    result["source"] = DisplayPath(path_arg);
    result["format"] = std::string(ChatFormatName(reader->format()));
    result["summary"] = Loads(summary.Json());
    result["problems"] = Utf8List(reader->problems());
    return result;
  }

 private:
  std::vector<std::string> lexicon_dirs_;
  bool builtin_ = true;
  std::unique_ptr<const Analyzer> analyzer_;
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

An Analyzer is immutable and thread-safe: its methods release the GIL while
they analyse, so threads sharing one Analyzer run in parallel. It pickles by
its lexicon paths (for Dask and multiprocessing).
)doc")
      .def(py::init([](const py::object& lexicons, bool builtin) {
             return std::make_unique<PyAnalyzer>(LexiconDirs(lexicons), builtin);
           }),
           py::arg("lexicons") = py::none(), py::kw_only(), py::arg("builtin") = true)
      .def("check", &PyAnalyzer::Check, py::arg("text"), py::arg("reply_to") = py::none(),
           py::arg("profile") = py::none(), R"doc(
Analyses one message draft; returns its JSON message object as a dict.

The dict has the fields of one `reframe check --format jsonl` line
(docs/json-format.md): line, source ("<text>"), author, time, findings,
strengths, score, and warnings when the text had invalid UTF-8. Spans
(start, end) are byte offsets into the UTF-8 encoding of `text`:
text.encode()[f["start"]:f["end"]].decode() == f["text"].

text: str, or bytes holding UTF-8 (invalid bytes are read as U+FFFD).
reply_to, profile: accepted for the contract of DESIGN.md §10; this build
    cannot honour them and raises ValueError when they are not None.
)doc")
      .def("check_many", &PyAnalyzer::CheckMany, py::arg("texts"), py::kw_only(), py::arg("profile") = py::none(),
           R"doc(
Analyses every text of an iterable (a list, a pandas column); returns a list of dicts, as check() for each.

Somewhat faster than check() in a loop for many short texts: the GIL is
released once per chunk of 256 texts, whose results are converted together.
)doc")
      .def("check_chat", &PyAnalyzer::CheckChat, py::arg("path"), py::arg("fmt") = "auto", py::kw_only(),
           py::arg("messages") = true, py::arg("profile") = py::none(), py::arg("text_field") = py::none(),
           py::arg("author_field") = py::none(), py::arg("time_field") = py::none(), R"doc(
Analyses every message of a saved chat export; returns the document of
`reframe chat --format json`: {"format_version", "messages", "source",
"format", "summary"}, plus "problems" (the malformed records the reader
skipped, each "file:line: what"; the summary counts them).

messages=False leaves out the per-message list: the export is then read and
summarised in constant memory without the GIL.
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
      .def("__repr__",
           [](const PyAnalyzer& a) {
             std::string r = "reframe.Analyzer(";
             if (!a.lexicon_dirs().empty()) r += py::repr(py::list(FsDecode(a.lexicon_dirs()))).cast<std::string>();
             if (!a.builtin()) r += ", builtin=False";
             return r + ")";
           })
      .def(py::pickle(
          [](const PyAnalyzer& a) { return py::make_tuple(py::list(FsDecode(a.lexicon_dirs())), a.builtin()); },
          [](const py::tuple& state) {
            if (state.size() != 2) throw py::value_error("bad reframe.Analyzer state");
            return std::make_unique<PyAnalyzer>(LexiconDirs(state[0]), state[1].cast<bool>());
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
