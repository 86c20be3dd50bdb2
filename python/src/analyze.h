// The one place where the Python binding analyses a text.
//
// The Python API takes `reply_to` (the message being answered, DESIGN.md §10,
// AnalyzeOptions::reply_to) and `profile` (a settings profile). Every Python
// entry point goes through these functions, so what the library accepts is
// decided here alone.
#ifndef REFRAME_PYTHON_ANALYZE_H_
#define REFRAME_PYTHON_ANALYZE_H_

#include <optional>
#include <string>
#include <string_view>

#include "reframe/analyzer.h"
#include "reframe/report.h"
#include "reframe/status.h"

namespace reframe::python {

// Fails with kInvalidArgument (a ValueError in Python) for an option this
// build cannot honour: ignoring it silently would give wrong results. Called
// before any work (e.g. before a chat export is opened).
Status CheckPythonOptions(const std::optional<std::string>& profile);

// Analyses `text` as Analyzer::Analyze does, answering `reply_to` when set.
// Thread-safe; called without the GIL.
Result<Report> AnalyzeForPython(const Analyzer& analyzer, std::string_view text,
                                std::optional<std::string_view> reply_to, const std::optional<std::string>& profile);

}  // namespace reframe::python

#endif  // REFRAME_PYTHON_ANALYZE_H_
