/* test_symbolize.c — which frame names crash signatures skip: the frames a
 * debug build keeps and a release build inlines, and only those. */
#include "check.h"
#include "symbolize.h"

int main(void)
{
    static const char *helpers[] = {"Py_DECREF", "_Py_DECREF", "Py_XDECREF", "Py_INCREF", "PyTuple_GET_ITEM",
                                    "_PyObject_GC_UNTRACK", "Py_SET_REFCNT", "_Py_Dealloc"};
    static const char *functions[] = {"PyObject_ClearWeakRefs", "subtype_dealloc", "gc_collect_main",
                                      "PyGC_Collect", "Py_Initialize", "_PyObject_GC_Link", "delitem_common",
                                      "_PyGC_CollectNoFail", "PyObject_GC_UnTrack"};
    for (size_t i = 0; i < sizeof helpers / sizeof *helpers; i++)
        CHECK(symbol_is_inline_helper(helpers[i]), "%s is a header's inline helper", helpers[i]);
    for (size_t i = 0; i < sizeof functions / sizeof *functions; i++)
        CHECK(!symbol_is_inline_helper(functions[i]), "%s is a function of the interpreter", functions[i]);
    return check_done();
}
