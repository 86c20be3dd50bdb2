// The Analyzer: text -> engine -> report, and where its compiled lexicon
// comes from (the build-time image for the built-in lexicon, else the
// compiler).
//
// Regexes are compiled on first use: start-up then costs what one draft
// needs, not the whole lexicon. Lexicons other than the built-in one (which
// the build checks whole) have every pattern compiled at once, so that a bad
// pattern is reported when the analyzer is created.
#include "reframe/analyzer.h"

#include <algorithm>
#include <memory>
#include <mutex>
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
  // An analyzer of every rule, made when first needed: one that runs only
  // some rules (options.only_rules) still reads the message it answers with
  // all of them.
  mutable std::once_flag full_once;
  mutable std::unique_ptr<Analyzer> full;
  internal::TextPreparer preparer;
  internal::CompiledLexicon compiled;  // points into lexicon's data

  Impl(Lexicon lex, AnalyzerOptions opts)
      : lexicon(std::move(lex)), options(std::move(opts)), preparer(data().shorthand, data().abbreviations) {}

  [[nodiscard]] const internal::LexiconData& data() const { return internal::LexiconAccess::Data(lexicon); }
};

Result<Analyzer> Analyzer::Create(const Lexicon& lexicon, const AnalyzerOptions& options) {
  if (Status s = options.profile.Validate(lexicon); !s.ok()) return s;
  const internal::LexiconData& data = internal::LexiconAccess::Data(lexicon);
  // The built-in lexicon with every rule: load what the build compiled.
  if (data.trusted && options.only_rules.empty() && &data == &internal::LexiconAccess::Data(Lexicon::Builtin())) {
    internal::SnapshotReader image(nullptr, 0);
    if (internal::OpenSnapshotSection(internal::SnapshotSection::kEngine, &image)) {
      auto impl = std::make_unique<Impl>(lexicon, options);
      if (internal::LoadCompiledLexicon(image, impl->data(), impl->compiled)) {
        impl->preparer.AddReplacements(&impl->compiled.misspellings, &impl->compiled.vocabulary);
        return Analyzer(std::move(impl));
      }
    }
  }
  auto impl = std::make_unique<Impl>(lexicon, options);
  if (Status s = internal::Compile(impl->data(), options.only_rules, impl->compiled); !s.ok()) return s;
  if (!data.trusted) {
    if (Status s = internal::ValidatePatterns(impl->data(), impl->compiled); !s.ok()) return s;
  }
  impl->preparer.AddReplacements(&impl->compiled.misspellings, &impl->compiled.vocabulary);
  return Analyzer(std::move(impl));
}

Analyzer::Analyzer(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;
Analyzer::~Analyzer() = default;

const Lexicon& Analyzer::lexicon() const { return impl_->lexicon; }

namespace {

// The message being answered, as the kinds rules ask about.
uint32_t ReplyKinds(const internal::CompiledLexicon& lexicon, const Report& reply, std::string_view text) {
  uint32_t kinds = 0;
  for (const Finding& f : reply.findings) kinds |= lexicon.KindBit(f.category);
  for (const Finding& f : reply.strengths) kinds |= lexicon.KindBit(f.kind);
  for (const Finding& f : reply.cues) kinds |= lexicon.KindBit(f.kind);
  size_t end = text.size();
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == '\t'))
    --end;
  // Question marks, then emoji or closing marks: "Where were you??", "free tonight? 🙂".
  bool question = false;
  for (size_t i = end; i > 0 && end - i < 16; --i) {
    const char c = text[i - 1];
    if (c == '?') {
      question = true;
      break;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '!') break;
  }
  // A problem a profile turned off is kept as a cue of its category: it is
  // still a problem for the reply to answer, not a plain question.
  bool problem = !reply.findings.empty();
  for (const Finding& c : reply.cues) {
    problem = problem || std::find(kCategories.begin(), kCategories.end(), c.kind) != kCategories.end();
  }
  if (question && !problem) kinds |= internal::kReplyQuestion;
  if (!(kinds & ~internal::kReplyQuestion)) kinds |= internal::kReplyOther;
  return kinds;
}

}  // namespace

Report Analyzer::Analyze(std::string_view utf8_text) const { return Analyze(utf8_text, AnalyzeOptions{}); }

Report Analyzer::Analyze(std::string_view utf8_text, const AnalyzeOptions& options) const {
  // Per-thread buffers; a second set for the message being answered, which
  // is analysed in the middle of this one (and only when a rule needs it).
  thread_local internal::EvalScratch scratches[2];
  thread_local int depth = 0;
  internal::EvalScratch& scratch = scratches[depth > 0 ? 1 : 0];
  struct Depth {
    Depth() { ++depth; }
    ~Depth() { --depth; }
  } nested;
  scratch.has_reply = options.reply_to.has_value() && depth == 1;
  scratch.want_cues = options.cues;
  scratch.reply.reset();
  scratch.reply_kinds = nullptr;
  if (scratch.has_reply) {
    scratch.reply_kinds = [this, &options]() -> uint32_t {
      if (options.reply_report) return ReplyKinds(impl_->compiled, *options.reply_report, *options.reply_to);
      const Analyzer* context = this;
      if (!impl_->options.only_rules.empty()) {
        std::call_once(impl_->full_once, [this] {
          AnalyzerOptions all = impl_->options;
          all.only_rules.clear();
          if (Result<Analyzer> a = Analyzer::Create(impl_->lexicon, all); a.ok()) {
            impl_->full = std::make_unique<Analyzer>(std::move(*a));
          }
        });
        if (impl_->full) context = impl_->full.get();
      }
      AnalyzeOptions answered;
      answered.cues = true;
      return ReplyKinds(impl_->compiled, context->Analyze(*options.reply_to, answered), *options.reply_to);
    };
  }
  Report report;
  // White space around the message (a file's final newline) is not part of
  // it: "Fine.\n" is the one-word reply "Fine.", anchors and all.
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  size_t begin = 0, end = utf8_text.size();
  while (begin < end && space(utf8_text[begin])) ++begin;
  while (end > begin && space(utf8_text[end - 1])) --end;
  const std::string_view body = utf8_text.substr(begin, end - begin);
  impl_->preparer.PrepareForScreening(body, scratch.text);
  std::vector<uint32_t>& invalid = scratch.text.invalid_utf8;
  for (uint32_t& at : invalid) at += static_cast<uint32_t>(begin);
  internal::WarnInvalidUtf8(utf8_text, invalid, report);
  internal::Evaluator(impl_->compiled, impl_->preparer).Evaluate(body, scratch);
  for (internal::RuleMatch& m : scratch.matches) {
    m.span.begin += static_cast<uint32_t>(begin);
    m.span.end += static_cast<uint32_t>(begin);
  }
  // The profiles: the analyzer's, then the call's (which wins).
  const Profile* own = impl_->options.profile.empty() ? nullptr : &impl_->options.profile;
  const Profile* call = options.profile && !options.profile->empty() ? options.profile : nullptr;
  if (!own && !call) {
    internal::BuildReport(utf8_text, scratch.matches, impl_->options.merge_overlapping, report);
    return report;
  }
  const bool want_cues = options.cues;
  const internal::FindingFilter filter = [own, call, utf8_text, want_cues](Finding& f) {
    bool reported = true;
    Severity severity = f.severity;
    for (const Profile* p : {own, call}) {
      if (p) p->Adjust(f.rule, f.category, f.severity, reported, severity);
    }
    // Turned off: still what it is for a reply to read (when cues are wanted).
    if (!reported) return want_cues ? internal::FindingFate::kCue : internal::FindingFate::kDrop;
    if (!f.is_strength()) {
      for (const Profile* p : {own, call}) {
        // Allowed: the phrase is fine, for replies too.
        if (p && p->Allows(utf8_text, f.start, f.end)) return internal::FindingFate::kDrop;
      }
    }
    f.severity = severity;
    return internal::FindingFate::kReport;
  };
  internal::BuildReport(utf8_text, scratch.matches, impl_->options.merge_overlapping, report, &filter);
  return report;
}

}  // namespace reframe
