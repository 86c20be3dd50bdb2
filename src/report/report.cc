#include "reframe/report.h"

namespace reframe {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "warning";
}

bool ParseSeverity(std::string_view name, Severity* out) {
  if (name == "info")
    *out = Severity::kInfo;
  else if (name == "warning")
    *out = Severity::kWarning;
  else if (name == "error")
    *out = Severity::kError;
  else
    return false;
  return true;
}

size_t Report::Count(std::string_view category) const {
  size_t n = 0;
  for (const Finding& f : findings) n += f.category == category;
  return n;
}

bool Report::HasFindingAtLeast(Severity severity) const {
  for (const Finding& f : findings) {
    if (f.severity >= severity) return true;
  }
  return false;
}

}  // namespace reframe
