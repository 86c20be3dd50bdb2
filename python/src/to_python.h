// JSON text, as reframe's writers produce it, to Python dicts and lists.
//
// The binding turns every result into Python objects through the JSON the
// library writes (reframe::AppendJson), so the dicts always have exactly the
// fields of `reframe check --format jsonl`, including fields added later. This
// converter does what json.loads does, faster for this JSON: no Python-level
// calls, dict keys are interned across calls, and the strings that repeat
// from message to message (rule ids, categories, the rules' message, why and
// source texts) are shared instead of decoded again. The tests check that it
// returns what json.loads returns.
#ifndef REFRAME_PYTHON_TO_PYTHON_H_
#define REFRAME_PYTHON_TO_PYTHON_H_

#include <Python.h>

#include <string_view>

namespace reframe::python {

// A new reference, or nullptr with a Python exception (ValueError for text
// that is not JSON) set. Call with the GIL held.
PyObject* JsonToPython(std::string_view json);

}  // namespace reframe::python

#endif  // REFRAME_PYTHON_TO_PYTHON_H_
