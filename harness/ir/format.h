/* format.h — snprintf for the hot paths: the renderer writes every program
 * and the survivor checks name every place they look at, on every fuzz
 * input, and glibc's vsnprintf costs more there than the text is worth.
 * format() gives the same text and return value as snprintf for the
 * conversions those paths use: %s %.Ns %d %u %c %ld %lu %zu %%.  Any other
 * format goes to vsnprintf whole, so it is never wrong, only slower. */
#ifndef GCFUZZ_FORMAT_H
#define GCFUZZ_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* As vsnprintf: writes at most size bytes with the terminating NUL, and
 * returns the length the whole text has (so >= size means truncated). */
int vformat(char *out, size_t size, const char *fmt, va_list ap);
int format(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
