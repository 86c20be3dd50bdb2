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
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "engine/compiled_lexicon.h"
#include "engine/compiler.h"
#include "engine/engine_snapshot.h"
#include "engine/evaluator.h"
#include "lexicon/lexicon_access.h"
#include "report/report_builder.h"
#include "report/suggester.h"
#include "snapshot/snapshot.h"
#include "text/text.h"

namespace reframe {

namespace {

// A number no other analyzer of this process has had: what a memo of one
// analyzer's results is keyed on (an address could be a later analyzer's).
uint64_t NextAnalyzerId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

// A thread's last few messages' suggestions. Checking a suggestion costs an
// analysis of the draft with it applied, several per finding; a chat, a
// batch of form replies or a test corpus sends the same message again, and
// with the same analyzer, no call profile and no message answered its
// suggestions are the same. Bounded: short messages only, and emptied when full.
class SuggestionMemo {
 public:
  static constexpr size_t kMaxEntries = 1024;
  static constexpr size_t kMaxText = 1024;  // bytes

  static bool Applies(std::string_view text, const AnalyzeOptions& options) {
    // Not while debugging suggestions: a memo would hide the rejected ones.
    return text.size() <= kMaxText && !options.reply_to && !options.profile && !std::getenv("REFRAME_DEBUG_SUGGEST");
  }
  // Fills `report`'s findings' suggestions as kept; false if none are kept.
  bool Fill(uint64_t analyzer, std::string_view text, bool cues, Report& report) {
    auto it = entries_.find(Key(analyzer, text, cues));
    if (it == entries_.end() || it->second.size() != report.findings.size()) return false;
    for (size_t i = 0; i < report.findings.size(); ++i) {
      report.findings[i].suggestions = it->second[i].first;
      report.findings[i].reframes = it->second[i].second;
    }
    return true;
  }
  void Keep(uint64_t analyzer, std::string_view text, bool cues, const Report& report) {
    if (entries_.size() >= kMaxEntries) entries_.clear();
    auto& kept = entries_[Key(analyzer, text, cues)];
    kept.clear();
    for (const Finding& f : report.findings) kept.emplace_back(f.suggestions, f.reframes);
  }

 private:
  static std::string Key(uint64_t analyzer, std::string_view text, bool cues) {
    std::string key(reinterpret_cast<const char*>(&analyzer), sizeof analyzer);
    key += cues ? '1' : '0';
    key.append(text);
    return key;
  }
  std::unordered_map<std::string, std::vector<std::pair<std::vector<Suggestion>, std::vector<std::string>>>> entries_;
};

}  // namespace

struct Analyzer::Impl {
  const uint64_t id = NextAnalyzerId();  // for SuggestionMemo
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

  // Analyses `utf8_text` into `report` with `scratch`. `reply_kinds` says
  // what the message answered was (empty: there is none). `sources` gets the
  // match of each finding, `body_begin` where the text proper starts.
  // `cues`: evaluate [[cue]] rules too (AnalyzeOptions::cues).
  // `call_profile`: the call's profile (AnalyzeOptions::profile), applied
  // after the analyzer's own.
  void Run(std::string_view utf8_text, internal::EvalScratch& scratch, std::function<uint32_t()> reply_kinds, bool cues,
           const Profile* call_profile, Report& report, std::vector<const internal::RuleMatch*>* sources,
           size_t* body_begin) const;
  // The analyzer of every rule of this one's lexicon (`self`, unless it runs
  // only some rules): what replies and suggestions are read with.
  const Analyzer& Full(const Analyzer& self) const;
  // Fills the findings' suggestions: per kind, the first candidate that,
  // applied to the draft, raises nothing.
  void Suggest(const Analyzer& self, std::string_view utf8_text, size_t begin, const AnalyzeOptions& with,
               internal::EvalScratch& scratch, internal::EvalScratch& spare,
               const std::vector<const internal::RuleMatch*>& sources, Report& report) const;

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
  // Per-thread buffers; a second set for what is analysed in the middle of
  // this one: the message being answered (only when a rule needs it), and a
  // finding's suggestions applied to the draft.
  thread_local internal::EvalScratch scratches[2];
  thread_local int depth = 0;
  const bool top = depth == 0;
  internal::EvalScratch& scratch = scratches[top ? 0 : 1];
  struct Depth {
    Depth() { ++depth; }
    ~Depth() { --depth; }
  } nested;
  std::function<uint32_t()> reply_kinds;
  if (options.reply_to && top) {
    reply_kinds = [this, &options]() -> uint32_t {
      if (options.reply_report) return ReplyKinds(impl_->compiled, *options.reply_report, *options.reply_to);
      AnalyzeOptions answered;
      answered.cues = true;
      return ReplyKinds(impl_->compiled, impl_->Full(*this).Analyze(*options.reply_to, answered), *options.reply_to);
    };
  }
  Report report;
  std::vector<const internal::RuleMatch*> sources;
  size_t begin = 0;
  impl_->Run(utf8_text, scratch, std::move(reply_kinds), options.cues, options.profile, report, &sources, &begin);
  // Suggestions only for what the caller asked about, and only when there
  // is something to suggest: unflagged text costs nothing more.
  if (top && options.suggestions && !report.findings.empty()) {
    thread_local SuggestionMemo memo;
    const bool memo_applies = SuggestionMemo::Applies(utf8_text, options);
    if (memo_applies && memo.Fill(impl_->id, utf8_text, options.cues, report)) return report;
    impl_->Suggest(*this, utf8_text, begin, options, scratch, scratches[1], sources, report);
    if (memo_applies) memo.Keep(impl_->id, utf8_text, options.cues, report);
  }
  return report;
}

void Analyzer::Impl::Run(std::string_view utf8_text, internal::EvalScratch& scratch,
                         std::function<uint32_t()> reply_kinds, bool cues, const Profile* call_profile, Report& report,
                         std::vector<const internal::RuleMatch*>* sources, size_t* body_begin) const {
  scratch.has_reply = static_cast<bool>(reply_kinds);
  scratch.want_cues = cues;
  scratch.reply.reset();
  scratch.reply_kinds = std::move(reply_kinds);
  // White space around the message (a file's final newline) is not part of
  // it: "Fine.\n" is the one-word reply "Fine.", anchors and all.
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  size_t begin = 0, end = utf8_text.size();
  while (begin < end && space(utf8_text[begin])) ++begin;
  while (end > begin && space(utf8_text[end - 1])) --end;
  *body_begin = begin;
  const std::string_view body = utf8_text.substr(begin, end - begin);
  preparer.PrepareForScreening(body, scratch.text);
  std::vector<uint32_t>& invalid = scratch.text.invalid_utf8;
  for (uint32_t& at : invalid) at += static_cast<uint32_t>(begin);
  internal::WarnInvalidUtf8(utf8_text, invalid, report);
  internal::Evaluator(compiled, preparer).Evaluate(body, scratch);
  for (internal::RuleMatch& m : scratch.matches) {
    m.span.begin += static_cast<uint32_t>(begin);
    m.span.end += static_cast<uint32_t>(begin);
  }
  // The profiles: the analyzer's, then the call's (which wins).
  const Profile* own = options.profile.empty() ? nullptr : &options.profile;
  const Profile* call = call_profile && !call_profile->empty() ? call_profile : nullptr;
  if (!own && !call) {
    internal::BuildReport(utf8_text, scratch.matches, options.merge_overlapping, report, nullptr, sources);
    return;
  }
  const internal::FindingFilter filter = [own, call, utf8_text, cues](Finding& f) {
    bool reported = true;
    Severity severity = f.severity;
    for (const Profile* p : {own, call}) {
      if (p) p->Adjust(f.rule, f.category, f.severity, reported, severity);
    }
    // Turned off: still what it is for a reply to read (when cues are wanted).
    if (!reported) return cues ? internal::FindingFate::kCue : internal::FindingFate::kDrop;
    if (!f.is_strength()) {
      for (const Profile* p : {own, call}) {
        // Allowed: the phrase is fine, for replies too.
        if (p && p->Allows(utf8_text, f.start, f.end)) return internal::FindingFate::kDrop;
      }
    }
    f.severity = severity;
    return internal::FindingFate::kReport;
  };
  internal::BuildReport(utf8_text, scratch.matches, options.merge_overlapping, report, &filter, sources);
}

const Analyzer& Analyzer::Impl::Full(const Analyzer& self) const {
  if (options.only_rules.empty()) return self;
  std::call_once(full_once, [this] {
    AnalyzerOptions all = options;
    all.only_rules.clear();
    if (Result<Analyzer> a = Analyzer::Create(lexicon, all); a.ok()) full = std::make_unique<Analyzer>(std::move(*a));
  });
  return full ? *full : self;
}

namespace {

// Longer messages are checked a suggestion at a time, not whole, so a
// message with many findings costs linear time.
constexpr size_t kWholeMessageCheck = 4096;

bool Overlaps(size_t b1, size_t e1, size_t b2, size_t e2) { return b1 < e2 && b2 < e1; }

}  // namespace

void Analyzer::Impl::Suggest(const Analyzer& self, std::string_view utf8_text, size_t begin, const AnalyzeOptions& with,
                             internal::EvalScratch& scratch, internal::EvalScratch& spare,
                             const std::vector<const internal::RuleMatch*>& sources, Report& report) const {
  // What the message answers is fixed now: learn it once, before the
  // spare buffers are used for the checks.
  std::function<uint32_t()> reply_kinds;
  if (scratch.has_reply) {
    const uint32_t kinds = scratch.reply ? *scratch.reply : scratch.reply_kinds();
    reply_kinds = [kinds] { return kinds; };
  }
  const Impl& checker = *Full(self).impl_;
  // The clause layer may not have run: the rules that matched did not need it.
  size_t end = utf8_text.size();
  while (end > begin && std::isspace(static_cast<unsigned char>(utf8_text[end - 1]))) --end;
  internal::Evaluator(compiled, preparer).EnsureLanguage(utf8_text.substr(begin, end - begin), scratch);
  internal::DraftReading draft;
  draft.body = utf8_text.substr(begin, end - begin);
  draft.offset = static_cast<uint32_t>(begin);
  draft.text = &scratch.text;
  draft.lang = &scratch.lang;
  draft.grammar = &compiled.grammar;
  draft.words = &internal::WordTable::Builtin();
  draft.preparer = &preparer;
  draft.shorthand = &data().shorthand;
  draft.reply_to = with.reply_to;
  internal::Suggester suggester(draft);
  std::vector<internal::SuggestionCandidates> kinds;
  Report again;
  // What the draft raises with every rule: this report, unless this
  // analyzer runs only some rules (a rule's own check).
  Report all_rules;
  const Report* before = &report;
  if (&checker != this) {
    size_t unused = 0;
    checker.Run(utf8_text, spare, reply_kinds, false, with.profile, all_rules, nullptr, &unused);
    before = &all_rules;
  }
  // Applied to the draft, a suggestion must raise nothing where it stands
  // and nothing new elsewhere.
  auto clean = [&](size_t b, size_t e, const std::string& text) {
    again = Report();
    size_t unused = 0;
    if (utf8_text.size() > kWholeMessageCheck) {
      checker.Run(text, spare, reply_kinds, false, with.profile, again, nullptr, &unused);
      return again.findings.empty();
    }
    std::string applied;
    applied.reserve(utf8_text.size() - (e - b) + text.size());
    applied.append(utf8_text.substr(0, b)).append(text).append(utf8_text.substr(e));
    checker.Run(applied, spare, reply_kinds, false, with.profile, again, nullptr, &unused);
    const size_t text_end = b + text.size();
    for (const Finding& g : again.findings) {
      if (Overlaps(g.start, g.end, b, text_end)) return false;
      auto back = [&](size_t at) { return at >= text_end ? at - text_end + e : at; };
      const bool known = std::any_of(before->findings.begin(), before->findings.end(), [&](const Finding& f) {
        return f.rule == g.rule && f.start == back(g.start) && f.end == back(g.end) && !Overlaps(f.start, f.end, b, e);
      });
      if (!known) return false;
    }
    return true;
  };
  // Candidates checked already: (replaced bytes, text) -> verdict.
  struct Verdict {
    bool clean = false;
    std::string why;  // what it raised, for REFRAME_DEBUG_SUGGEST
  };
  std::map<std::tuple<size_t, size_t, std::string>, Verdict> checked;
  const bool debug = std::getenv("REFRAME_DEBUG_SUGGEST") != nullptr;
  for (size_t i = 0; i < report.findings.size() && i < sources.size(); ++i) {
    Finding& f = report.findings[i];
    // The finding's span with those of its category merged into it: the
    // suggestion replaces their sentences too.
    const internal::RuleMatch& m = *sources[i];
    internal::Span cover = m.folded;
    for (bool grew = true; grew;) {
      grew = false;
      for (const internal::RuleMatch& o : scratch.matches) {
        if (o.rule->info.category != m.rule->info.category || o.folded.begin >= cover.end ||
            cover.begin >= o.folded.end)
          continue;
        if (o.folded.begin < cover.begin || o.folded.end > cover.end) {
          cover = {std::min(cover.begin, o.folded.begin), std::max(cover.end, o.folded.end)};
          grew = true;
        }
      }
    }
    size_t b = 0, e = 0;
    suggester.Build(m, cover, &b, &e, &kinds);
    for (const internal::SuggestionCandidates& kind : kinds) {
      for (const std::string& text : kind.texts) {
        // The same text for the same bytes (another kind's, or another
        // finding's in the same sentences) is clean or not the same way.
        auto [at, fresh] = checked.try_emplace({b, e, text});
        if (fresh) {
          at->second.clean = clean(b, e, text);
          if (!at->second.clean && debug) {
            for (const Finding& g : again.findings) at->second.why += " " + g.rule + "(" + g.text + ")";
          }
        }
        if (!at->second.clean) {
          if (debug)
            std::fprintf(stderr, "rejected [%s] %s:%s\n", kind.kind.c_str(), text.c_str(), at->second.why.c_str());
          continue;
        }
        f.suggestions.push_back({text, kind.kind, b, e});
        f.reframes.push_back(text);
        break;
      }
    }
  }
}

}  // namespace reframe
