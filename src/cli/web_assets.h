// The files of the `reframe serve` page (src/cli/web/), compiled into the binary
// by cmake/EmbedWeb.cmake.
#ifndef REFRAME_CLI_WEB_ASSETS_H_
#define REFRAME_CLI_WEB_ASSETS_H_

#include <cstddef>
#include <string_view>

namespace reframe::cli {

struct WebAsset {
  const char* path;          // "/index.html"
  const char* content_type;  // "text/html; charset=utf-8"
  std::string_view data;
};

extern const WebAsset kWebAssets[];
extern const size_t kWebAssetCount;

}  // namespace reframe::cli

#endif  // REFRAME_CLI_WEB_ASSETS_H_
