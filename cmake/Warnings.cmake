# Warnings and sanitizers are set per target, PRIVATE, never as global flags
# (and never exported to users of the installed package).
set(REFRAME_WARNING_FLAGS "")
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  set(REFRAME_WARNING_FLAGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
                            -Wunused -Woverloaded-virtual -Wimplicit-fallthrough)
  if(REFRAME_WARNINGS_AS_ERRORS)
    list(APPEND REFRAME_WARNING_FLAGS -Werror)
  endif()
endif()

# AddressSanitizer + UndefinedBehaviorSanitizer for the whole build when asked.
if(REFRAME_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

function(reframe_set_warnings target)
  target_compile_options(${target} PRIVATE ${REFRAME_WARNING_FLAGS})
endfunction()
