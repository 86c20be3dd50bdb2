// The C API: a thin shell over reframe::Analyzer. No C++ type crosses it,
// and no exception escapes it.
#include "reframe/reframe_c.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "reframe/analyzer.h"
#include "reframe/format.h"
#include "reframe/profile.h"
#include "reframe/version.h"

struct reframe_analyzer {
  reframe::Analyzer analyzer;
};

namespace {

thread_local std::string last_error;

char* CopyOut(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (!out) return nullptr;
  std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

reframe_analyzer* Make(const reframe::Lexicon& lexicon) {
  auto analyzer = reframe::Analyzer::Create(lexicon);
  if (!analyzer.ok()) {
    last_error = analyzer.status().message();
    return nullptr;
  }
  auto* out = new (std::nothrow) reframe_analyzer{std::move(*analyzer)};
  if (!out) last_error = "out of memory";
  return out;
}

}  // namespace

extern "C" {

reframe_analyzer* reframe_analyzer_new(void) {
  last_error.clear();
  try {
    return Make(reframe::Lexicon::Builtin());
  } catch (const std::exception& e) {
    last_error = e.what();
    return nullptr;
  }
}

reframe_analyzer* reframe_analyzer_new_from_dir(const char* dir, int replace_builtin) {
  last_error.clear();
  if (!dir) {
    last_error = "reframe_analyzer_new_from_dir: dir is NULL";
    return nullptr;
  }
  try {
    auto lexicon = reframe::Lexicon::FromDirectory(dir);
    if (!lexicon.ok()) {
      last_error = lexicon.status().message();
      return nullptr;
    }
    return Make(replace_builtin ? *lexicon : reframe::Lexicon::Builtin().MergedWith(*lexicon));
  } catch (const std::exception& e) {
    last_error = e.what();
    return nullptr;
  }
}

void reframe_analyzer_free(reframe_analyzer* analyzer) { delete analyzer; }

char* reframe_analyze_json(const reframe_analyzer* analyzer, const char* text, size_t len) {
  return reframe_analyze_reply_json(analyzer, text, len, nullptr, 0);
}

char* reframe_analyze_reply_json(const reframe_analyzer* analyzer, const char* text, size_t len, const char* reply_to,
                                 size_t reply_len) {
  return reframe_analyze_profile_json(analyzer, text, len, reply_to, reply_len, nullptr);
}

char* reframe_analyze_profile_json(const reframe_analyzer* analyzer, const char* text, size_t len, const char* reply_to,
                                   size_t reply_len, const char* profile) {
  last_error.clear();
  if (!analyzer || !text) {
    last_error = "reframe_analyze_json: analyzer or text is NULL";
    return nullptr;
  }
  try {
    const std::string_view input(text, len == static_cast<size_t>(-1) ? std::strlen(text) : len);
    reframe::MessageContext context;
    context.source = "<api>";
    reframe::AnalyzeOptions with;
    if (reply_to)
      with.reply_to =
          std::string_view(reply_to, reply_len == static_cast<size_t>(-1) ? std::strlen(reply_to) : reply_len);
    if (profile && *profile) {
      reframe::Result<const reframe::Profile*> found = reframe::Profile::FindBuiltin(profile);
      if (!found.ok()) {
        last_error = found.status().message();
        return nullptr;
      }
      with.profile = *found;
    }
    char* out = CopyOut(reframe::FormatJson(analyzer->analyzer.Analyze(input, with), context, input));
    if (!out) last_error = "out of memory";
    return out;
  } catch (const std::exception& e) {
    last_error = e.what();
    return nullptr;
  }
}

void reframe_string_free(char* s) { std::free(s); }

const char* reframe_last_error(void) { return last_error.c_str(); }

const char* reframe_version(void) { return reframe::kVersion; }

}  // extern "C"
