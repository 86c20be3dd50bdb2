#include "reframe/lexicon.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lexicon/builtin_lexicons.h"
#include "lexicon/lexicon_data.h"
#include "lexicon/lexicon_snapshot.h"
#include "lexicon/loader.h"

namespace reframe {

Lexicon::Lexicon(std::shared_ptr<const internal::LexiconData> data) : data_(std::move(data)) {}

Lexicon Lexicon::Builtin() {
  // Parsed once per process; Lexicon copies share it.
  static const Lexicon builtin = [] {
    // Parsed at build time (snapshot/snapshot.h) when the image is there.
    internal::SnapshotReader image(nullptr, 0);
    if (internal::OpenSnapshotSection(internal::SnapshotSection::kLexicon, &image)) {
      auto data = std::make_shared<internal::LexiconData>();
      if (internal::LoadLexiconData(image, *data)) return Lexicon(std::move(data));
    }
    auto data = std::make_shared<internal::LexiconData>();
    for (size_t i = 0; i < internal::kBuiltinLexiconFileCount; ++i) {
      const auto& file = internal::kBuiltinLexiconFiles[i];
      Status status = internal::LoadLexiconToml(std::string_view(file.text, file.size),
                                                std::string("<builtin>/") + file.name, *data);
      if (!status.ok()) {  // our own bug: the build's tests load these files
        std::fprintf(stderr, "reframe: built-in lexicon is broken: %s\n", status.message().c_str());
        std::abort();
      }
    }
    internal::FillDefaultSources(*data);
    data->trusted = true;
    return Lexicon(std::move(data));
  }();
  return builtin;
}

Result<Lexicon> Lexicon::FromDirectory(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    return Status(StatusCode::kNotFound, path + ": not a directory");
  }
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".toml") files.push_back(it->path());
  }
  if (ec) return Status(StatusCode::kIoError, path + ": " + ec.message());
  if (files.empty()) return Status(StatusCode::kNotFound, path + ": no .toml lexicon files");
  std::sort(files.begin(), files.end());
  auto data = std::make_shared<internal::LexiconData>();
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return Status(StatusCode::kIoError, file.string() + ": cannot read");
    Status status = internal::LoadLexiconToml(text.str(), file.string(), *data);
    if (!status.ok()) return status;
  }
  internal::FillDefaultSources(*data);
  return Lexicon(std::move(data));
}

Result<Lexicon> Lexicon::FromString(std::string_view toml, std::string_view name) {
  auto data = std::make_shared<internal::LexiconData>();
  Status status = internal::LoadLexiconToml(toml, name, *data);
  if (!status.ok()) return status;
  internal::FillDefaultSources(*data);
  return Lexicon(std::move(data));
}

Lexicon Lexicon::MergedWith(const Lexicon& overrides) const {
  auto data = std::make_shared<internal::LexiconData>(*data_);
  internal::MergeLexiconData(*data, *overrides.data_);
  data->trusted = data_->trusted && overrides.data_->trusted;
  return Lexicon(std::move(data));
}

std::vector<RuleInfo> Lexicon::rules() const {
  std::vector<RuleInfo> out;
  out.reserve(data_->rules.size());
  for (const auto& rule : data_->rules) out.push_back(rule.info);
  return out;
}

const RuleInfo* Lexicon::FindRule(std::string_view id) const {
  for (const auto& rule : data_->rules) {
    if (rule.info.id == id) return &rule.info;
  }
  return nullptr;
}

}  // namespace reframe
