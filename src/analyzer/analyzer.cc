// The Analyzer: text -> engine -> report, and where its compiled lexicon
// comes from (the build-time image for the built-in lexicon, else the
// compiler).
//
// Regexes are compiled on first use: start-up then costs what one draft
// needs, not the whole lexicon. Lexicons other than the built-in one (which
// the build checks whole) have every pattern compiled at once, so that a bad
// pattern is reported when the analyzer is created.
#include "reframe/analyzer.h"

#include <memory>
#include <string>
#include <utility>

#include "engine/compiled_lexicon.h"
#include "engine/compiler.h"
#include "engine/engine_snapshot.h"
#include "engine/evaluator.h"
#include "lexicon/lexicon_access.h"
#include "report/report_builder.h"
#include "snapshot/snapshot.h"
#include "text/text.h"

namespace reframe {

struct Analyzer::Impl {
  Lexicon lexicon;
  AnalyzerOptions options;
  internal::TextPreparer preparer;
  internal::CompiledLexicon compiled;  // points into lexicon's data

  Impl(Lexicon lex, AnalyzerOptions opts)
      : lexicon(std::move(lex)), options(std::move(opts)), preparer(data().shorthand, data().abbreviations) {}

  [[nodiscard]] const internal::LexiconData& data() const { return internal::LexiconAccess::Data(lexicon); }
};

Result<Analyzer> Analyzer::Create(const Lexicon& lexicon, const AnalyzerOptions& options) {
  const internal::LexiconData& data = internal::LexiconAccess::Data(lexicon);
  // The built-in lexicon with every rule: load what the build compiled.
  if (data.trusted && options.only_rules.empty() && &data == &internal::LexiconAccess::Data(Lexicon::Builtin())) {
    internal::SnapshotReader image(nullptr, 0);
    if (internal::OpenSnapshotSection(internal::SnapshotSection::kEngine, &image)) {
      auto impl = std::make_unique<Impl>(lexicon, options);
      if (internal::LoadCompiledLexicon(image, impl->data(), impl->compiled)) return Analyzer(std::move(impl));
    }
  }
  auto impl = std::make_unique<Impl>(lexicon, options);
  if (Status s = internal::Compile(impl->data(), options.only_rules, impl->compiled); !s.ok()) return s;
  if (!data.trusted) {
    if (Status s = internal::ValidatePatterns(impl->data(), impl->compiled); !s.ok()) return s;
  }
  return Analyzer(std::move(impl));
}

Analyzer::Analyzer(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;
Analyzer::~Analyzer() = default;

const Lexicon& Analyzer::lexicon() const { return impl_->lexicon; }

Report Analyzer::Analyze(std::string_view utf8_text) const {
  thread_local internal::EvalScratch scratch;
  Report report;
  impl_->preparer.PrepareForScreening(utf8_text, scratch.text);
  internal::WarnInvalidUtf8(utf8_text, scratch.text.invalid_utf8, report);
  internal::Evaluator(impl_->compiled, impl_->preparer).Evaluate(utf8_text, scratch);
  internal::BuildReport(utf8_text, scratch.matches, impl_->options.merge_overlapping, report);
  return report;
}

}  // namespace reframe
