/* kinds.c — the object-kind catalogue as data (kinds.h). */
#include "kinds.h"

const struct kind_info kind_table[KIND_COUNT] = {
#define KIND(NAME, letter, name, access, flags, type, noun) {letter, name, access, flags, type, noun},
#include "kinds.def"
#undef KIND
};

int kind_of_letter(char letter)
{
    for (int k = 0; k < KIND_COUNT; k++)
        if (kind_table[k].letter == letter)
            return k;
    return -1;
}
