/* format.c — the fast snprintf of format.h. */
#include "format.h"

#include <stdio.h>
#include <string.h>

struct sink {
    char *out;
    size_t size, len; /* len: the whole text's length so far */
};

static void emit(struct sink *k, const char *text, size_t n)
{
    if (k->len < k->size) {
        size_t room = k->size - 1 - k->len;
        memcpy(k->out + k->len, text, n < room ? n : room);
    }
    k->len += n;
}

static void emit_unsigned(struct sink *k, unsigned long v, int negative)
{
    char digits[24];
    int n = sizeof digits;
    do
        digits[--n] = (char)('0' + v % 10);
    while (v /= 10);
    if (negative)
        digits[--n] = '-';
    emit(k, digits + n, sizeof digits - (size_t)n);
}

static void emit_signed(struct sink *k, long v)
{
    emit_unsigned(k, v < 0 ? 0ul - (unsigned long)v : (unsigned long)v, v < 0);
}

/* One conversion at *fmt (just after the '%'); returns what follows it, or
 * NULL for a conversion this file does not write. */
static const char *convert(struct sink *k, const char *fmt, va_list *ap)
{
    size_t precision = (size_t)-1;
    if (*fmt == '.') {
        if (fmt[1] < '1' || fmt[1] > '9')
            return NULL;
        precision = 0;
        for (fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
            precision = precision * 10 + (size_t)(*fmt - '0');
        if (*fmt != 's')
            return NULL;
    }
    switch (*fmt) {
    case 's': {
        const char *s = va_arg(*ap, const char *);
        size_t n = precision == (size_t)-1 ? strlen(s) : strnlen(s, precision);
        emit(k, s, n);
        break;
    }
    case 'c': {
        char c = (char)va_arg(*ap, int);
        emit(k, &c, 1);
        break;
    }
    case 'd': emit_signed(k, va_arg(*ap, int)); break;
    case 'u': emit_unsigned(k, va_arg(*ap, unsigned), 0); break;
    case 'l':
        if (fmt[1] == 'd')
            emit_signed(k, va_arg(*ap, long));
        else if (fmt[1] == 'u')
            emit_unsigned(k, va_arg(*ap, unsigned long), 0);
        else
            return NULL;
        fmt++;
        break;
    case 'z':
        if (fmt[1] != 'u')
            return NULL;
        emit_unsigned(k, va_arg(*ap, size_t), 0);
        fmt++;
        break;
    case '%': emit(k, "%", 1); break;
    default: return NULL;
    }
    return fmt + 1;
}

/* Writes on a copy of ap; on a conversion it does not write, starts again
 * with vsnprintf and the untouched ap. */
int vformat(char *out, size_t size, const char *fmt, va_list ap)
{
    struct sink k = {out, size, 0};
    va_list args;
    va_copy(args, ap);
    for (const char *s = fmt; *s;) {
        const char *text = s;
        while (*s && *s != '%')
            s++;
        emit(&k, text, (size_t)(s - text));
        if (*s && !(s = convert(&k, s + 1, &args))) {
            va_end(args);
            return vsnprintf(out, size, fmt, ap);
        }
    }
    va_end(args);
    if (size)
        out[k.len < size ? k.len : size - 1] = '\0';
    return (int)k.len;
}

int format(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vformat(out, size, fmt, ap);
    va_end(ap);
    return n;
}
