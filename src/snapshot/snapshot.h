// The build-time image: the built-in lexicon, parsed and compiled once by
// the build, embedded in the library as a flat binary image.
//
// Start-up used to parse the lexicon TOML, expand every pattern and build the
// prefilter (~10 ms) before the first draft could be read. The build runs
// that once (tools/make_snapshot.cc) and embeds the result; Lexicon::Builtin()
// and Analyzer::Create() load it. Regexes are still compiled by RE2 on first
// use (RE2 cannot be serialised).
//
// This is a leaf: the reader, the writer and the image's sections. Each layer
// writes and reads its own section (lexicon/lexicon_snapshot.h,
// engine/engine_snapshot.h); analyzer/builtin_snapshot.h puts them together.
// The image is rebuilt whenever the lexicons or the code change, so it is
// never stale; a malformed image (only possible through a bug) makes both
// fall back to parsing and compiling, and the tests compare the two paths.
#ifndef REFRAME_SNAPSHOT_SNAPSHOT_H_
#define REFRAME_SNAPSHOT_SNAPSHOT_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace reframe::internal {

// Little-endian as the machine is: the image is made and read by one build.
class SnapshotWriter {
 public:
  void U32(uint32_t v) { Raw(&v, sizeof v); }
  void I32(int32_t v) { Raw(&v, sizeof v); }
  void Bool(bool v) { U32(v ? 1 : 0); }
  void Str(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void Strs(const std::vector<std::string>& v) {
    U32(static_cast<uint32_t>(v.size()));
    for (const std::string& s : v) Str(s);
  }
  template <typename T>
  void Pods(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    U32(static_cast<uint32_t>(v.size()));
    Raw(v.data(), v.size() * sizeof(T));
  }
  void Raw(const void* p, size_t n) {
    if (n > 0) out_.append(static_cast<const char*>(p), n);  // an empty vector's data() may be null
  }
  // An array the reader can use where it lies (SnapshotReader::View): padded
  // to 8 bytes, given sections that start 8-aligned in an 8-aligned image.
  template <typename T>
  void AlignedPods(const std::vector<T>& v) {
    U32(static_cast<uint32_t>(v.size()));
    out_.append((8 - out_.size() % 8) % 8, '\0');
    Raw(v.data(), v.size() * sizeof(T));
  }
  [[nodiscard]] size_t size() const { return out_.size(); }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

// Reads what SnapshotWriter wrote; past the end, every read fails softly
// (zeros, empty) and ok() turns false.
class SnapshotReader {
 public:
  SnapshotReader(const unsigned char* data, size_t size)
      : begin_(reinterpret_cast<const char*>(data)), p_(begin_), end_(p_ + size) {}
  uint32_t U32() {
    uint32_t v = 0;
    Raw(&v, sizeof v);
    return v;
  }
  int32_t I32() {
    int32_t v = 0;
    Raw(&v, sizeof v);
    return v;
  }
  bool Bool() { return U32() != 0; }
  std::string Str() {
    const uint32_t n = U32();
    if (!Has(n)) return {};
    std::string s(p_, n);
    p_ += n;
    return s;
  }
  std::vector<std::string> Strs() {
    const uint32_t n = U32();
    std::vector<std::string> v;
    if (!Has(n)) return v;  // at least a byte per string
    v.reserve(n);
    for (uint32_t i = 0; i < n && ok_; ++i) v.push_back(Str());
    return v;
  }
  template <typename T>
  std::vector<T> Pods() {
    static_assert(std::is_trivially_copyable_v<T>);
    const uint32_t n = U32();
    std::vector<T> v;
    if (!Has(static_cast<size_t>(n) * sizeof(T))) return v;
    v.resize(n);
    Raw(v.data(), n * sizeof(T));
    return v;
  }
  // An AlignedPods array in place, without copying; nullptr if malformed.
  template <typename T>
  const T* View(size_t* count) {
    static_assert(std::is_trivially_copyable_v<T>);
    *count = U32();
    Skip((8 - static_cast<size_t>(p_ - begin_) % 8) % 8);
    if (!Has(*count * sizeof(T)) || reinterpret_cast<uintptr_t>(p_) % alignof(T) != 0) {
      ok_ = false;
      *count = 0;
      return nullptr;
    }
    const T* v = reinterpret_cast<const T*>(p_);
    p_ += *count * sizeof(T);
    return v;
  }
  void Raw(void* out, size_t n) {
    if (n == 0 || !Has(n)) return;  // an empty vector's data() may be null
    std::memcpy(out, p_, n);
    p_ += n;
  }
  void Skip(size_t n) {
    if (Has(n)) p_ += n;
  }
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] bool at_end() const { return p_ == end_; }

 private:
  bool Has(size_t n) {
    if (ok_ && static_cast<size_t>(end_ - p_) >= n) return true;
    ok_ = false;
    return false;
  }
  const char* begin_;
  const char* p_;
  const char* end_;
  bool ok_ = true;
};

// The image: a header, then one section per layer, in this order.
enum class SnapshotSection { kLexicon = 0, kEngine = 1 };
inline constexpr std::string_view kSnapshotMagic = "reframe-snapshot-4";
inline constexpr size_t kSnapshotHeaderSize = 32;  // magic, lexicon section size, padding

// The embedded image (empty in the tool that makes it).
struct EmbeddedSnapshot {
  const unsigned char* data;
  size_t size;
};
EmbeddedSnapshot BuiltinSnapshot();

// A reader over one section of the embedded image; false when there is no
// image or its header is not ours.
inline bool OpenSnapshotSection(SnapshotSection section, SnapshotReader* out) {
  const EmbeddedSnapshot image = BuiltinSnapshot();
  if (image.size == 0) return false;
  SnapshotReader header(image.data, image.size);
  if (header.Str() != kSnapshotMagic) return false;
  const uint32_t lexicon_size = header.U32();  // a multiple of 8, as is the header
  const size_t start = kSnapshotHeaderSize;
  if (!header.ok() || start + lexicon_size > image.size) return false;
  *out = section == SnapshotSection::kLexicon
             ? SnapshotReader(image.data + start, lexicon_size)
             : SnapshotReader(image.data + start + lexicon_size, image.size - start - lexicon_size);
  return true;
}

// The image made of its sections' bytes (what OpenSnapshotSection reads).
inline std::string MakeSnapshotImage(SnapshotWriter& lexicon, SnapshotWriter& engine) {
  // Sections start 8-aligned, for the arrays read in place.
  lexicon.out().append((8 - lexicon.size() % 8) % 8, '\0');
  SnapshotWriter image;
  image.Str(kSnapshotMagic);
  image.U32(static_cast<uint32_t>(lexicon.size()));
  image.out().resize(kSnapshotHeaderSize, '\0');
  return image.out() + lexicon.out() + engine.out();
}

}  // namespace reframe::internal

#endif  // REFRAME_SNAPSHOT_SNAPSHOT_H_
