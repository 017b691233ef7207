/* gcfuzz-constants — what other languages need of the C tables, made from
 * them: every operation, operand value, kind letter and limit as Python
 * assignments (lift/constants.h; scripts/make-seeds.py reads them), or
 * (--dict) a libFuzzer dictionary of whole operations: each operation with
 * each value of its choice operands, the others 0, so that an insertion
 * adds one meaningful statement, or (--recorder) the module
 * gcfuzz_recorder that scripts import outside the harness (render.h). */
#include "constants.h"
#include "program.h"
#include "render.h"

#include <stdio.h>
#include <string.h>

static void dictionary(void)
{
    printf("# libFuzzer dictionary for fuzz_gc, made by gcfuzz-constants --dict from harness/ir/ops.def:\n"
           "# whole encoded operations (kind, a, b, c), each value of a choice operand once.\n");
    for (int k = 0; k < OP_KIND_COUNT; k++) {
        printf("# %s\n\"\\x%02x\\x00\\x00\\x00\"\n", op_kind_name(k), k);
        for (int i = 0; i < 3; i++) {
            int role = op_table[k].role[i], bound = role_bound[role];
            for (int v = 1; role != ROLE_NONE && v < bound && v < 16; v++) {
                uint8_t op[4] = {(uint8_t)k, 0, 0, 0};
                op[1 + i] = (uint8_t)v;
                printf("\"\\x%02x\\x%02x\\x%02x\\x%02x\"\n", op[0], op[1], op[2], op[3]);
            }
        }
    }
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--dict")) {
        dictionary();
    } else if (argc > 1 && !strcmp(argv[1], "--recorder")) {
        fputs(render_recorder_module(), stdout);
    } else if (argc > 1) {
        printf("usage: gcfuzz-constants [--dict | --recorder]\n"
               "Print gcfuzz's operation table, operand values, kind letters and limits as Python,\n"
               "or (--dict) a libFuzzer dictionary of whole operations,\n"
               "or (--recorder) the pure-Python recorder module gcfuzz_recorder that gcfuzz's\n"
               "scripts import outside the harness (a build writes it into BUILD/python/).\n");
        return strcmp(argv[1], "--help") && strcmp(argv[1], "-h") ? 2 : 0;
    } else {
        fputs(constants_python(CONSTANTS_ALL, ""), stdout);
    }
    return ferror(stdout) ? 1 : 0;
}
