/* test_format.c — format() writes what snprintf writes, and returns what it
 * returns, for every conversion it handles itself and for one it hands on,
 * whole and truncated at every size. */
#include "check.h"
#include "format.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

/* truncation is the point of some of these calls (GCC warns of it) */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

#define SAME(...)                                                                                   \
    do {                                                                                            \
        char want[256], got[256];                                                                   \
        for (size_t size = 0; size < 40; size++) {                                                  \
            memset(want, '#', sizeof want), memset(got, '#', sizeof got);                           \
            int n_want = snprintf(want, size, __VA_ARGS__), n_got = format(got, size, __VA_ARGS__); \
            CHECK(n_want == n_got && memcmp(want, got, sizeof want) == 0, "%s at size %zu: '%.*s'", \
                  #__VA_ARGS__, size, (int)(size ? size : 1), got);                                 \
        }                                                                                           \
    } while (0)

int main(void)
{
    SAME("plain text, no conversion");
    SAME("%s", "");
    SAME("o%d.a%d = o%d", 3, 12, 0);
    SAME("%d %d %d", INT_MIN, INT_MAX, -7);
    SAME("%u %u", 0u, UINT_MAX);
    SAME("%ld %lu %zu", LONG_MIN, ULONG_MAX, SIZE_MAX);
    SAME("%c%c%d", 'o', 'C', 5);
    SAME("%.150s[%d]", "weak_holder_with_a_long_name", 2);
    SAME("%.3s|%.10s|", "abcdef", "ab");
    SAME("100%% of %s", "it");
    SAME("%sclass C%d(%s):\n", "", 1, "C0");
    SAME("%5d|%-3s|%x|%08.3f", 42, "a", 255u, 3.14159); /* handed to vsnprintf */
    SAME("%lld %zd", -1ll, (ssize_t)-2);                  /* likewise */
    return check_done();
}
