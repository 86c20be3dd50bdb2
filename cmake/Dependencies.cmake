# Every dependency comes from Debian's packages (.ci/setup installs them).
find_package(PkgConfig REQUIRED)

if(NOT TARGET re2::re2)
  find_package(re2 CONFIG QUIET)  # upstream RE2 ships a CMake config...
  if(NOT re2_FOUND)               # ...Debian's libre2-dev ships only re2.pc
    pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
    add_library(re2::re2 INTERFACE IMPORTED)
    target_link_libraries(re2::re2 INTERFACE PkgConfig::RE2)
  endif()
endif()

find_package(ICU REQUIRED COMPONENTS uc i18n data)
find_package(tomlplusplus REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
# Debian's libzip CMake config references tools the -dev package lacks: use its .pc.
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
# libcsv (Debian's libcsv-dev) ships neither a CMake config nor a .pc file.
find_path(CSV_INCLUDE_DIR csv.h REQUIRED)
find_library(CSV_LIBRARY csv REQUIRED)
# Google's Compact Language Detector 2 (Debian's libcld2-dev): no config, no .pc.
find_package(CLD2 REQUIRED)
