# Warnings live on an INTERFACE target that mofa's own targets link privately, so that
# projects embedding mofa never inherit our warning flags.
add_library(mofa_warnings INTERFACE)
target_compile_options(mofa_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough
  $<$<BOOL:${MOFA_WERROR}>:-Werror>)
