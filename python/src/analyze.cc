#include "analyze.h"

namespace reframe::python {

Status CheckPythonOptions(const std::optional<std::string>& profile) {
  // Issue 15 adds settings profiles to the library; until then a value is
  // refused rather than ignored.
  if (profile) {
    return Status(StatusCode::kInvalidArgument,
                  "profile is not supported by this build of reframe (the library has no settings profiles yet)");
  }
  return Status();
}

Result<Report> AnalyzeForPython(const Analyzer& analyzer, std::string_view text,
                                std::optional<std::string_view> reply_to, const std::optional<std::string>& profile) {
  if (Status s = CheckPythonOptions(profile); !s.ok()) return s;
  AnalyzeOptions options;
  options.reply_to = reply_to;
  return analyzer.Analyze(text, options);
}

}  // namespace reframe::python
