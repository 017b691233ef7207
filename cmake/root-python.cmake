# root-python.cmake — the libpython of a CPython that lives in a root made by
# scripts/sid-root.sh (Debian sid's 3.14 and 3.15: their libpython needs a
# newer glibc than this machine's), for a build with -DGCFUZZ_ROOT=ROOT and
# -DPython3_EXECUTABLE set to the python's path *inside* the root.
#
# The harness is compiled here, by this build's compiler, against the root's
# headers, and linked against the root's libpython without resolving what
# that library needs from the root's newer C library
# (-Wl,--allow-shlib-undefined); what is built then runs only inside the
# root, through GCFUZZ_LAUNCHER (scripts/in-root ROOT).  FindPython cannot
# run that python here, so this file asks it, inside the root, for what
# FindPython would have found, and defines the same names: Python3::Python,
# Python3_VERSION (and _MAJOR, _MINOR), Python3_LIBRARIES.
# It must not use anything of the root but its python, headers and libpython.
get_filename_component(GCFUZZ_ROOT "${GCFUZZ_ROOT}" ABSOLUTE)
if(NOT EXISTS "${GCFUZZ_ROOT}/.gcfuzz-root")
  message(FATAL_ERROR "gcfuzz: GCFUZZ_ROOT=${GCFUZZ_ROOT} is not a root made by scripts/sid-root.sh")
endif()
if(NOT Python3_EXECUTABLE OR NOT EXISTS "${GCFUZZ_ROOT}${Python3_EXECUTABLE}")
  message(FATAL_ERROR "gcfuzz: with GCFUZZ_ROOT, Python3_EXECUTABLE is a python inside the root "
                      "(e.g. /usr/bin/python3.14); ${GCFUZZ_ROOT}${Python3_EXECUTABLE} does not exist")
endif()
set(GCFUZZ_LAUNCHER ${PROJECT_SOURCE_DIR}/scripts/in-root --bind ${PROJECT_BINARY_DIR} ${GCFUZZ_ROOT})
execute_process(
  COMMAND ${GCFUZZ_LAUNCHER} ${Python3_EXECUTABLE} -c
          "import sys, sysconfig as s; print(';'.join(str(x) for x in (sys.version_info[0], sys.version_info[1], sys.version_info[2], s.get_config_var('INCLUDEPY'), s.get_config_var('LIBDIR'), s.get_config_var('LDLIBRARY'), s.get_config_var('MULTIARCH') or '')))"
  OUTPUT_VARIABLE config RESULT_VARIABLE failed OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_VARIABLE error)
list(LENGTH config n)
if(failed OR NOT n EQUAL 7)
  message(FATAL_ERROR "gcfuzz: cannot run ${Python3_EXECUTABLE} inside ${GCFUZZ_ROOT}: ${error}")
endif()
list(GET config 0 Python3_VERSION_MAJOR)
list(GET config 1 Python3_VERSION_MINOR)
list(GET config 2 Python3_VERSION_PATCH)
list(GET config 3 include)
list(GET config 4 libdir)
list(GET config 5 library)
list(GET config 6 multiarch)
set(Python3_VERSION ${Python3_VERSION_MAJOR}.${Python3_VERSION_MINOR}.${Python3_VERSION_PATCH})
set(Python3_LIBRARIES ${GCFUZZ_ROOT}${libdir}/${library})
if(NOT EXISTS ${Python3_LIBRARIES})
  message(FATAL_ERROR "gcfuzz: no ${library} in ${GCFUZZ_ROOT}${libdir} (install the python's -dev package in the root)")
endif()
# Debian's pyconfig.h includes <MULTIARCH/pythonX.Y/pyconfig.h>: that one
# directory of the root is mapped, not the root's whole include tree (its C
# library's headers must not replace this machine's).
set(map ${PROJECT_BINARY_DIR}/root-include)
get_filename_component(abi_dir ${include} NAME)
if(multiarch AND EXISTS ${GCFUZZ_ROOT}/usr/include/${multiarch}/${abi_dir})
  file(MAKE_DIRECTORY ${map}/${multiarch})
  file(CREATE_LINK ${GCFUZZ_ROOT}/usr/include/${multiarch}/${abi_dir} ${map}/${multiarch}/${abi_dir} SYMBOLIC)
endif()
add_library(Python3::Python INTERFACE IMPORTED)
set_target_properties(Python3::Python PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${GCFUZZ_ROOT}${include};${map}"
  INTERFACE_LINK_LIBRARIES ${Python3_LIBRARIES}
  INTERFACE_LINK_OPTIONS "LINKER:--allow-shlib-undefined")
# Tests and custom commands that name a target run it inside the root too
# (tests that start a script or a python say ${GCFUZZ_LAUNCHER} themselves).
set(CMAKE_CROSSCOMPILING_EMULATOR ${GCFUZZ_LAUNCHER})
