// The one place where the Python binding analyses a text.
//
// The Python API already takes `reply_to` (the message being answered,
// DESIGN.md §10) and `profile` (a settings profile); the library does not
// have either yet. Every Python entry point goes through AnalyzeForPython, so
// wiring them in is a change to analyze.cc alone.
#ifndef REFRAME_PYTHON_ANALYZE_H_
#define REFRAME_PYTHON_ANALYZE_H_

#include <optional>
#include <string>
#include <string_view>

#include "reframe/analyzer.h"
#include "reframe/report.h"
#include "reframe/status.h"

namespace reframe::python {

// Analyses `text` as Analyzer::Analyze does. Fails with kInvalidArgument
// (a ValueError in Python) when `reply_to` or `profile` is set: this build
// cannot honour them, and ignoring them silently would give wrong results.
// Thread-safe; called without the GIL.
Result<Report> AnalyzeForPython(const Analyzer& analyzer, std::string_view text,
                                const std::optional<std::string>& reply_to, const std::optional<std::string>& profile);

// The same check for the arguments alone, so a call fails before any work
// (e.g. before a chat export is opened).
Status CheckPythonOptions(const std::optional<std::string>& reply_to, const std::optional<std::string>& profile);

}  // namespace reframe::python

#endif  // REFRAME_PYTHON_ANALYZE_H_
