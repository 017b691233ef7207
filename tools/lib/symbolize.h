/* symbolize.h — the name of the function at an address of a loaded module,
 * read from the module's ELF symbol table, or from its separate debug file
 * (/usr/lib/debug/.build-id/xx/rest.debug, as Debian's -dbg packages
 * install them), or from its dynamic symbols.  Static functions
 * (set_dealloc, gc_collect_main) are only in the first two.  For crash
 * signatures: run in the supervising process, after the crash. */
#ifndef GCFUZZ_SYMBOLIZE_H
#define GCFUZZ_SYMBOLIZE_H

#include <stddef.h>
#include <stdint.h>

/* The function containing `address` of `module` loaded at `base`, without
 * compiler suffixes (".lto_priv.0", ".isra.0"); returns 0, or -1 with
 * "module+0xoffset" in out when no symbol covers it. */
int symbolize(const char *module, uintptr_t base, uintptr_t address, char *out, size_t size);

/* Whether a frame named `name` is one a debug build keeps and a release
 * build does not (the headers' inline helpers, Py_DECREF, PyTuple_GET_ITEM,
 * ..., and _Py_Dealloc): crash signatures skip it, so that one crash has
 * one signature in both builds. */
int symbol_is_inline_helper(const char *name);

#endif
