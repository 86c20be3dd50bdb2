#include "to_python.h"

#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

namespace reframe::python {
namespace {

// Python strs kept for reuse, by their UTF-8 text. Used with the GIL held only.
class StringCache {
 public:
  StringCache(size_t capacity, bool intern) : capacity_(capacity), intern_(intern) {}

  // A new reference to a str holding `utf8`.
  PyObject* Get(std::string_view utf8) {
    auto it = map_.find(utf8);
    if (it != map_.end()) {
      Py_INCREF(it->second);
      return it->second;
    }
    PyObject* s = PyUnicode_DecodeUTF8(utf8.data(), static_cast<Py_ssize_t>(utf8.size()), "replace");
    if (!s) return nullptr;
    if (intern_) PyUnicode_InternInPlace(&s);
    if (map_.size() >= capacity_) Clear();  // a bound for long runs with ever new values
    // The map's key views the str's own UTF-8, alive as long as the map holds it.
    Py_ssize_t size = 0;
    const char* own = PyUnicode_AsUTF8AndSize(s, &size);
    if (!own) {
      PyErr_Clear();
      return s;  // not cacheable; still a fine value
    }
    if (map_.emplace(std::string_view(own, static_cast<size_t>(size)), s).second) Py_INCREF(s);
    return s;
  }

 private:
  void Clear() {
    for (auto& [text, s] : map_) Py_DECREF(s);
    map_.clear();
  }

  std::unordered_map<std::string_view, PyObject*> map_;
  size_t capacity_;
  bool intern_;
};

// Never destroyed: they hold Python objects, which must not be released
// after the interpreter has finalised.
StringCache& Keys() {
  static StringCache* cache = new StringCache(4096, /*intern=*/true);
  return *cache;
}
StringCache& Constants() {
  static StringCache* cache = new StringCache(4096, /*intern=*/false);
  return *cache;
}

// Fields whose values repeat across messages: the rules' own texts.
bool RepeatingField(std::string_view key) {
  for (std::string_view k : {"rule", "category", "severity", "message", "why", "source", "kind"}) {
    if (key == k) return true;
  }
  return false;
}

void AppendUtf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Parser {
 public:
  explicit Parser(std::string_view json) : begin_(json.data()), p_(json.data()), end_(json.data() + json.size()) {}

  PyObject* Document() {
    SkipSpace();
    PyObject* v = Value(0, false);
    if (!v) return nullptr;
    SkipSpace();
    if (p_ != end_) {
      Py_DECREF(v);
      return Fail("trailing data");
    }
    return v;
  }

 private:
  static constexpr int kMaxDepth = 64;  // reframe's JSON nests 5 deep

  PyObject* Fail(const char* what) {
    if (!PyErr_Occurred()) {
      PyErr_Format(PyExc_ValueError, "reframe: invalid JSON from the library (%s at byte %zd)", what,
                   static_cast<Py_ssize_t>(p_ - begin_));
    }
    return nullptr;
  }

  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  PyObject* Value(int depth, bool repeating) {
    if (p_ >= end_) return Fail("unexpected end");
    if (depth > kMaxDepth) return Fail("nested too deep");
    switch (*p_) {
      case '{':
        return Object(depth);
      case '[':
        return Array(depth);
      case '"': {
        std::string_view s;
        if (!ReadString(&s)) return nullptr;
        if (repeating) return Constants().Get(s);
        return PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
      }
      case 't':
        if (Literal("true")) Py_RETURN_TRUE;
        break;
      case 'f':
        if (Literal("false")) Py_RETURN_FALSE;
        break;
      case 'n':
        if (Literal("null")) Py_RETURN_NONE;
        break;
      default:
        return Number();
    }
    return Fail("unexpected character");
  }

  PyObject* Object(int depth) {
    ++p_;  // {
    PyObject* dict = PyDict_New();
    if (!dict) return nullptr;
    SkipSpace();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return dict;
    }
    for (;;) {
      SkipSpace();
      std::string_view k;
      if (p_ >= end_ || *p_ != '"' || !ReadString(&k)) {
        Py_DECREF(dict);
        return Fail("expected a key");
      }
      const bool repeating = RepeatingField(k);
      PyObject* key = Keys().Get(k);
      if (!key) {
        Py_DECREF(dict);
        return nullptr;
      }
      SkipSpace();
      if (p_ >= end_ || *p_ != ':') {
        Py_DECREF(key);
        Py_DECREF(dict);
        return Fail("expected ':'");
      }
      ++p_;
      SkipSpace();
      PyObject* value = Value(depth + 1, repeating);
      const int set = value ? PyDict_SetItem(dict, key, value) : -1;
      Py_DECREF(key);
      Py_XDECREF(value);
      if (set != 0) {
        Py_DECREF(dict);
        return nullptr;
      }
      SkipSpace();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        continue;
      }
      if (p_ < end_ && *p_ == '}') {
        ++p_;
        return dict;
      }
      Py_DECREF(dict);
      return Fail("expected ',' or '}'");
    }
  }

  PyObject* Array(int depth) {
    ++p_;  // [
    PyObject* list = PyList_New(0);
    if (!list) return nullptr;
    SkipSpace();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return list;
    }
    for (;;) {
      SkipSpace();
      PyObject* value = Value(depth + 1, false);
      const int appended = value ? PyList_Append(list, value) : -1;
      Py_XDECREF(value);
      if (appended != 0) {
        Py_DECREF(list);
        return nullptr;
      }
      SkipSpace();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        continue;
      }
      if (p_ < end_ && *p_ == ']') {
        ++p_;
        return list;
      }
      Py_DECREF(list);
      return Fail("expected ',' or ']'");
    }
  }

  // Reads a string at p_ into `out`: a view of the input when it has no
  // escapes (the common case), else of scratch_ (valid until the next call).
  bool ReadString(std::string_view* out) {
    const char* start = ++p_;  // "
    // memchr is vectorised: most strings are found in two calls.
    const auto* quote = static_cast<const char*>(std::memchr(p_, '"', static_cast<size_t>(end_ - p_)));
    if (!quote) return Fail("unterminated string") != nullptr;
    const auto* escape = static_cast<const char*>(std::memchr(p_, '\\', static_cast<size_t>(quote - p_)));
    if (!escape) {
      *out = std::string_view(start, static_cast<size_t>(quote - start));
      p_ = quote + 1;
      return true;
    }
    p_ = escape;
    scratch_.assign(start, p_);
    while (p_ < end_ && *p_ != '"') {
      if (*p_ != '\\') {
        scratch_ += *p_++;
        continue;
      }
      if (++p_ >= end_) break;
      const char c = *p_++;
      switch (c) {
        case '"':
          scratch_ += '"';
          break;
        case '\\':
          scratch_ += '\\';
          break;
        case '/':
          scratch_ += '/';
          break;
        case 'b':
          scratch_ += '\b';
          break;
        case 'f':
          scratch_ += '\f';
          break;
        case 'n':
          scratch_ += '\n';
          break;
        case 'r':
          scratch_ += '\r';
          break;
        case 't':
          scratch_ += '\t';
          break;
        case 'u': {
          unsigned cp = 0;
          if (!Hex4(&cp)) return Fail("bad \\u escape") != nullptr;
          if (cp >= 0xD800 && cp < 0xDC00 && end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
            const char* save = p_;
            p_ += 2;
            unsigned low = 0;
            if (Hex4(&low) && low >= 0xDC00 && low < 0xE000) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              p_ = save;
            }
          }
          if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;  // a lone surrogate is not UTF-8
          AppendUtf8(scratch_, cp);
          break;
        }
        default:
          return Fail("bad escape") != nullptr;
      }
    }
    if (p_ >= end_) return Fail("unterminated string") != nullptr;
    ++p_;  // "
    *out = scratch_;
    return true;
  }

  bool Hex4(unsigned* cp) {
    if (end_ - p_ < 4) return false;
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = *p_++;
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<unsigned>(c - 'A' + 10);
      else
        return false;
    }
    *cp = v;
    return true;
  }

  PyObject* Number() {
    const char* start = p_;
    if (p_ < end_ && *p_ == '-') ++p_;
    const char* digits = p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    if (p_ == digits) return Fail("unexpected character");
    bool is_float = false;
    if (p_ < end_ && *p_ == '.') {
      is_float = true;
      ++p_;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      is_float = true;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (!is_float && start == digits && p_ - digits <= 18) {  // the usual case: offsets, lines, counts
      unsigned long long v = 0;
      for (const char* d = digits; d < p_; ++d) v = v * 10 + static_cast<unsigned>(*d - '0');
      return PyLong_FromUnsignedLongLong(v);
    }
    const std::string text(start, p_);
    if (!is_float) return PyLong_FromString(text.c_str(), nullptr, 10);
    const double v = PyOS_string_to_double(text.c_str(), nullptr, PyExc_ValueError);  // locale-independent
    if (v == -1.0 && PyErr_Occurred()) return nullptr;
    return PyFloat_FromDouble(v);
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  std::string scratch_;
};

}  // namespace

PyObject* JsonToPython(std::string_view json) { return Parser(json).Document(); }

}  // namespace reframe::python
