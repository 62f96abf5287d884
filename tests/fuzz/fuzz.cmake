# Fuzz targets, their corpus replays and the save stress helper.
# Included from the top-level CMakeLists.txt after leftsr_app is defined.
#
# Always built (any compiler): fuzz_<name>_replay, which runs a fuzz target
# over files and folders with a plain main (tests/fuzz/fuzz_main.c), and
# save_stress (tests/scripts/kill_save.sh). With -DLSR_FUZZ=ON (clang only;
# configure with CMAKE_C_FLAGS=-fsanitize=fuzzer-no-link,address,undefined
# so the engine is instrumented too, as tests/fuzz/run_fuzz.sh does) the
# libFuzzer executables fuzz_<name> are built as well.
option(LSR_FUZZ "Build the libFuzzer targets (clang)" OFF)

set(LSR_FUZZ_TARGETS fuzz_load fuzz_save fuzz_eval fuzz_text fuzz_po fuzz_campaign)
foreach(name ${LSR_FUZZ_TARGETS})
  add_executable(${name}_replay tests/fuzz/${name}.c tests/fuzz/fuzz_main.c)
  target_include_directories(${name}_replay PRIVATE game/core tests/fuzz)
  target_compile_options(${name}_replay PRIVATE ${LSR_WARNINGS})
  target_link_libraries(${name}_replay PRIVATE leftsr_app)
  target_compile_definitions(${name}_replay PRIVATE LSR_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  if(LSR_FUZZ)
    if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
      message(FATAL_ERROR "LSR_FUZZ needs clang (libFuzzer); configure with CC=clang")
    endif()
    add_executable(${name} tests/fuzz/${name}.c)
    target_include_directories(${name} PRIVATE game/core tests/fuzz)
    target_compile_options(${name} PRIVATE ${LSR_WARNINGS} -fsanitize=fuzzer,address,undefined)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_libraries(${name} PRIVATE leftsr_app)
    target_compile_definitions(${name} PRIVATE LSR_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  endif()
endforeach()

add_executable(save_stress tests/fuzz/save_stress.c)
target_compile_options(save_stress PRIVATE ${LSR_WARNINGS})
target_link_libraries(save_stress PRIVATE leftsr_core)
