/* Analyses a draft through the C API and prints the JSON (C99). */
#include <reframe/reframe_c.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  const char* text = argc > 1 ? argv[1] : "I meant to call, but I didn't.";
  reframe_analyzer* analyzer = reframe_analyzer_new();
  if (!analyzer) {
    fprintf(stderr, "reframe: %s\n", reframe_last_error());
    return 2;
  }
  char* json = reframe_analyze_json(analyzer, text, strlen(text));
  if (!json) {
    fprintf(stderr, "reframe: %s\n", reframe_last_error());
    reframe_analyzer_free(analyzer);
    return 2;
  }
  printf("%s\n", json);
  int found = strstr(json, "\"category\"") != NULL;
  reframe_string_free(json);
  reframe_analyzer_free(analyzer);
  return found ? 0 : 1;
}
