# Every dependency is a Debian package; scripts/setup installs them.
find_package(Threads REQUIRED)
find_package(ICU 70 REQUIRED COMPONENTS uc i18n)
find_package(ZLIB REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 2.1 REQUIRED)

# Xapian ships a config file that sets variables, not a target: wrap it in one.
find_package(xapian 1.4.20 REQUIRED CONFIG)
if(NOT TARGET Xapian::xapian)
  add_library(Xapian::xapian INTERFACE IMPORTED)
  set_target_properties(Xapian::xapian PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()

if(MOFA_BUILD_TESTS)
  find_package(doctest 2.4 REQUIRED)
endif()

# xxHash: fast signatures of input records (incremental indexing).
find_package(PkgConfig REQUIRED)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(LIBEDIT REQUIRED IMPORTED_TARGET libedit)
# Hunspell: whether a capitalised word is an ordinary word of English, Spanish, Ukrainian or
# Russian (participant extraction; the dictionaries are read at run time from /usr/share/hunspell).
pkg_check_modules(HUNSPELL REQUIRED IMPORTED_TARGET hunspell)
# cpp-httplib: mofa-search serve. Debian builds it as a library (libcpp-httplib.so) with TLS and
# compression on; its pkg-config file carries the matching definitions, which its classes' layout
# depends on.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib>=0.11)

# CLD2 (Compact Language Detector 2): the language of a statement whose input gives none. Debian
# ships no CMake or pkg-config file for it. libcld2 has the tables of 83 languages (Debian's
# libcld2_full, with 160, exports no symbols).
find_path(CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h REQUIRED)
find_library(CLD2_LIBRARY NAMES cld2 REQUIRED)
add_library(CLD2::cld2 UNKNOWN IMPORTED)
set_target_properties(CLD2::cld2 PROPERTIES IMPORTED_LOCATION "${CLD2_LIBRARY}" INTERFACE_INCLUDE_DIRECTORIES "${CLD2_INCLUDE_DIR}")
