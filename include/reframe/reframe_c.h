/* reframe/reframe_c.h — the C API, for C programs and other languages' FFI.
 *
 *   reframe_analyzer* a = reframe_analyzer_new();
 *   if (!a) { fprintf(stderr, "%s\n", reframe_last_error()); return 2; }
 *   char* json = reframe_analyze_json(a, "I want to connect, but I am too busy.", (size_t)-1);
 *   puts(json);                      // one message object, docs/json-format.md
 *   reframe_string_free(json);
 *   reframe_analyzer_free(a);
 *
 * Plain C99. Strings are UTF-8. Everything the library allocates is freed by
 * the matching *_free function. An analyzer may be used from many threads at
 * once; reframe_last_error() is per thread.
 */
#ifndef REFRAME_REFRAME_C_H_
#define REFRAME_REFRAME_C_H_

#include <stddef.h>

#include "reframe/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct reframe_analyzer reframe_analyzer;

/* An analyzer with the built-in lexicons. NULL on failure (see reframe_last_error). */
REFRAME_EXPORT reframe_analyzer* reframe_analyzer_new(void);

/* An analyzer with the lexicons in `dir` (*.toml) laid over the built-in ones,
 * or instead of them when `replace_builtin` is non-zero. NULL on failure, with
 * an error naming the file and line. */
REFRAME_EXPORT reframe_analyzer* reframe_analyzer_new_from_dir(const char* dir, int replace_builtin);

/* Frees an analyzer (NULL is fine). */
REFRAME_EXPORT void reframe_analyzer_free(reframe_analyzer* analyzer);

/* Analyses `len` bytes of UTF-8 `text` (len == (size_t)-1: NUL-terminated) and
 * returns the message object of docs/json-format.md as a NUL-terminated string
 * the caller frees with reframe_string_free. Byte offsets in it are into `text`.
 * NULL on failure (a NULL analyzer or text). Thread-safe. */
REFRAME_EXPORT char* reframe_analyze_json(const reframe_analyzer* analyzer, const char* text, size_t len);

/* The same for a reply: `reply_to` (`reply_len` bytes, or (size_t)-1 for
 * NUL-terminated) is the message `text` answers; NULL means none. A curt "ok"
 * after a complaint is read differently from one after "Dinner at 7?". */
REFRAME_EXPORT char* reframe_analyze_reply_json(const reframe_analyzer* analyzer, const char* text, size_t len,
                                                const char* reply_to, size_t reply_len);

/* The same for a message to someone in particular: `profile` names a built-in
 * profile ("partner", "family", "friend", "work"; reframe/profile.h), or is
 * NULL or "" for none. An unknown name returns NULL with an error that lists
 * the profiles. `reply_to` as for reframe_analyze_reply_json. */
REFRAME_EXPORT char* reframe_analyze_profile_json(const reframe_analyzer* analyzer, const char* text, size_t len,
                                                  const char* reply_to, size_t reply_len, const char* profile);

/* Frees a string returned by this library (NULL is fine). */
REFRAME_EXPORT void reframe_string_free(char* s);

/* The last error on this thread, or "" if none. Valid until the next call. */
REFRAME_EXPORT const char* reframe_last_error(void);

/* The library version, e.g. "0.1.0". */
REFRAME_EXPORT const char* reframe_version(void);

#ifdef __cplusplus
}
#endif

#endif /* REFRAME_REFRAME_C_H_ */
