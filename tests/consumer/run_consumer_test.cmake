# Installs the build tree into a temp prefix, builds tests/consumer against it with
# find_package(bahth) and with pkg-config, and runs both on an index of the sample archive.
# Run with cmake -P; variables: BAHTH_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR MAKE_INDEX CORPUS_DIR,
# and optionally CONSUMER_CXX (the compiler of the build tree) and CONSUMER_FLAGS (compile and link
# flags the consumer needs: -fsanitize=… when the tree was built with BAHTH_SANITIZE).
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message(STATUS "$ ${ARGN}\n${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --install ${BAHTH_BUILD_DIR} --prefix ${prefix})
foreach(f include/bahth/searcher.h include/bahth/error.h)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
file(GLOB_RECURSE config ${prefix}/*/bahthConfig.cmake)
file(GLOB_RECURSE pcfile ${prefix}/*/bahth.pc)
if(NOT config OR NOT pcfile)
  message(FATAL_ERROR "bahthConfig.cmake or bahth.pc not installed")
endif()

run(${MAKE_INDEX} ${WORK_DIR}/db ${CORPUS_DIR})

# CMake consumer.
set(compiler_args)
if(CONSUMER_CXX)
  list(APPEND compiler_args -DCMAKE_CXX_COMPILER=${CONSUMER_CXX})
endif()
run(${CMAKE_COMMAND} -S ${CONSUMER_SOURCE_DIR} -B ${WORK_DIR}/build -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_BUILD_TYPE=Release ${compiler_args} "-DCMAKE_CXX_FLAGS=${CONSUMER_FLAGS}"
    "-DCMAKE_EXE_LINKER_FLAGS=${CONSUMER_FLAGS}")
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/bahth_consumer ${WORK_DIR}/db)
if(NOT last_output MATCHES "consumer ok")
  message(FATAL_ERROR "the consumer did not finish")
endif()

# pkg-config consumer: the same program compiled with the flags bahth.pc gives.
get_filename_component(pcdir ${pcfile} DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pcdir})
find_program(PKG_CONFIG pkg-config REQUIRED)
run(${PKG_CONFIG} --cflags --libs bahth)
string(STRIP "${last_output}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
if(CONSUMER_CXX)
  set(CXX ${CONSUMER_CXX})
else()
  find_program(CXX NAMES c++ g++ REQUIRED)
endif()
separate_arguments(extra UNIX_COMMAND "${CONSUMER_FLAGS}")
run(${CXX} ${extra} ${CONSUMER_SOURCE_DIR}/main.cpp -o ${WORK_DIR}/pc_consumer ${flags})
get_filename_component(libdir ${pcdir} DIRECTORY)
set(ENV{LD_LIBRARY_PATH} ${libdir})
run(${WORK_DIR}/pc_consumer ${WORK_DIR}/db)
message(STATUS "installed package: ok")
