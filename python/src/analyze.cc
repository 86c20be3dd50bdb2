#include "analyze.h"

namespace reframe::python {

Status CheckPythonOptions(const std::optional<std::string>& reply_to, const std::optional<std::string>& profile) {
  // Issues 14 (reply_to) and 15 (profile) add these to the library; until
  // then a value is refused rather than ignored.
  if (reply_to) {
    return Status(StatusCode::kInvalidArgument,
                  "reply_to is not supported by this build of reframe (the library has no reply context yet)");
  }
  if (profile) {
    return Status(StatusCode::kInvalidArgument,
                  "profile is not supported by this build of reframe (the library has no settings profiles yet)");
  }
  return Status();
}

Result<Report> AnalyzeForPython(const Analyzer& analyzer, std::string_view text,
                                const std::optional<std::string>& reply_to, const std::optional<std::string>& profile) {
  if (Status s = CheckPythonOptions(reply_to, profile); !s.ok()) return s;
  return analyzer.Analyze(text);
}

}  // namespace reframe::python
