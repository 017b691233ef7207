/* compat.h — the CPython C API the harness uses, in its current form, with
 * the older spelling behind version checks, so that the harness builds
 * without deprecation warnings on CPython 3.10 to 3.15. */
#ifndef GCFUZZ_COMPAT_H
#define GCFUZZ_COMPAT_H

#include <Python.h>

/* The object a weak reference refers to (a new reference), or NULL when it
 * is dead; never sets an error for a weak reference. */
static inline PyObject *compat_weakref_target(PyObject *ref)
{
#if PY_VERSION_HEX >= 0x030D0000
    PyObject *target = NULL;
    if (PyWeakref_GetRef(ref, &target) < 0)
        PyErr_Clear();
    return target;
#else
    PyObject *target = PyWeakref_GetObject(ref);
    return target == Py_None ? NULL : Py_NewRef(target);
#endif
}

/* The exception being raised, taken (the error indicator is cleared), or
 * NULL; its type is Py_TYPE() of it. */
static inline PyObject *compat_take_exception(void)
{
#if PY_VERSION_HEX >= 0x030C0000
    return PyErr_GetRaisedException();
#else
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (!type)
        return NULL;
    PyErr_NormalizeException(&type, &value, &tb);
    if (value && tb)
        PyException_SetTraceback(value, tb);
    Py_XDECREF(type);
    Py_XDECREF(tb);
    return value;
#endif
}

/* A type's own namespace (a new reference), without its MRO. */
static inline PyObject *compat_type_dict(PyObject *type)
{
#if PY_VERSION_HEX >= 0x030C0000
    return PyType_GetDict((PyTypeObject *)type);
#else
    return Py_XNewRef(((PyTypeObject *)type)->tp_dict);
#endif
}

/* d[key] as a new reference, or NULL when absent (no error set). */
static inline PyObject *compat_dict_get(PyObject *d, PyObject *key)
{
#if PY_VERSION_HEX >= 0x030D0000
    PyObject *v = NULL;
    if (PyDict_GetItemRef(d, key, &v) < 0)
        PyErr_Clear();
    return v;
#else
    PyObject *v = PyDict_GetItemWithError(d, key);
    if (!v)
        PyErr_Clear();
    return Py_XNewRef(v);
#endif
}

/* obj.<name> as a new reference, or NULL when it has none; no error is
 * left set, and a missing attribute raises no AttributeError on the way
 * (which costs more than the lookup). */
static inline PyObject *compat_optional_attr(PyObject *obj, PyObject *name)
{
    PyObject *v = NULL;
#if PY_VERSION_HEX >= 0x030D0000
    if (PyObject_GetOptionalAttr(obj, name, &v) < 0)
#else
    if (_PyObject_LookupAttr(obj, name, &v) < 0)
#endif
        PyErr_Clear();
    return v;
}

#endif
