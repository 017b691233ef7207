/* symbolize.c — ELF symbol lookup (symbolize.h).  Reads 64-bit ELF only,
 * the machines gcfuzz runs on; anything unexpected gives "module+0xoff". */
#include "symbolize.h"

#include <ctype.h>
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct elf {
    const uint8_t *data;
    size_t size;
};

static int elf_open(const char *path, struct elf *e)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    e->data = NULL;
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) == 0 && st.st_size > (off_t)sizeof(Elf64_Ehdr)) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED)
            e->data = p, e->size = (size_t)st.st_size;
    }
    close(fd);
    const Elf64_Ehdr *h = (const void *)e->data;
    if (!e->data || memcmp(h->e_ident, ELFMAG, SELFMAG) || h->e_ident[EI_CLASS] != ELFCLASS64 ||
        h->e_shoff + (size_t)h->e_shnum * sizeof(Elf64_Shdr) > e->size) {
        if (e->data)
            munmap((void *)e->data, e->size);
        e->data = NULL;
        return -1;
    }
    return 0;
}

static void elf_close(struct elf *e)
{
    if (e->data)
        munmap((void *)e->data, e->size);
    e->data = NULL;
}

static const Elf64_Shdr *section(const struct elf *e, int i)
{
    const Elf64_Ehdr *h = (const void *)e->data;
    return i >= 0 && i < h->e_shnum ? (const Elf64_Shdr *)(e->data + h->e_shoff) + i : NULL;
}

static const Elf64_Shdr *section_of_type(const struct elf *e, unsigned type)
{
    const Elf64_Ehdr *h = (const void *)e->data;
    for (int i = 0; i < h->e_shnum; i++)
        if (section(e, i)->sh_type == type)
            return section(e, i);
    return NULL;
}

/* The function symbol of table `type` covering `value`, copied to out. */
static int lookup(const struct elf *e, unsigned type, uint64_t value, char *out, size_t size)
{
    const Elf64_Shdr *tab = section_of_type(e, type), *str = tab ? section(e, (int)tab->sh_link) : NULL;
    if (!tab || !str || tab->sh_offset + tab->sh_size > e->size || str->sh_offset + str->sh_size > e->size)
        return -1;
    const Elf64_Sym *syms = (const void *)(e->data + tab->sh_offset);
    size_t n = tab->sh_size / sizeof *syms;
    for (size_t i = 0; i < n; i++) {
        const Elf64_Sym *s = &syms[i];
        if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || value < s->st_value || value >= s->st_value + s->st_size ||
            s->st_name >= str->sh_size)
            continue;
        const char *name = (const char *)e->data + str->sh_offset + s->st_name;
        snprintf(out, size, "%.*s", (int)strcspn(name, "."), name);
        return 0;
    }
    return -1;
}

/* The separate debug file of a module, named by its build id. */
static int debug_file(const struct elf *e, char *path, size_t size)
{
    const Elf64_Ehdr *h = (const void *)e->data;
    for (int i = 0; i < h->e_shnum; i++) {
        const Elf64_Shdr *s = section(e, i);
        if (s->sh_type != SHT_NOTE || s->sh_offset + s->sh_size > e->size)
            continue;
        for (size_t at = 0; at + sizeof(Elf64_Nhdr) <= s->sh_size;) {
            const Elf64_Nhdr *note = (const void *)(e->data + s->sh_offset + at);
            const uint8_t *desc = (const uint8_t *)(note + 1) + ((note->n_namesz + 3) & ~3u);
            if (note->n_type == NT_GNU_BUILD_ID && note->n_descsz >= 2 && desc + note->n_descsz <= e->data + e->size) {
                int n = snprintf(path, size, "/usr/lib/debug/.build-id/%02x/", desc[0]);
                for (unsigned k = 1; k < note->n_descsz && (size_t)n + 8 < size; k++)
                    n += snprintf(path + n, size - (size_t)n, "%02x", desc[k]);
                snprintf(path + n, size - (size_t)n, ".debug");
                return 0;
            }
            at += sizeof *note + ((note->n_namesz + 3) & ~3u) + ((note->n_descsz + 3) & ~3u);
        }
    }
    return -1;
}

int symbolize(const char *module, uintptr_t base, uintptr_t address, char *out, size_t size)
{
    struct elf e, dbg = {0};
    char path[512];
    const char *name = strrchr(module, '/') ? strrchr(module, '/') + 1 : module;
    snprintf(out, size, "%s+0x%lx", name, (unsigned long)(address - base));
    if (elf_open(module, &e) < 0)
        return -1;
    /* symbols of shared objects and PIE executables are offsets from the base */
    uint64_t value = ((const Elf64_Ehdr *)e.data)->e_type == ET_DYN ? address - base : address;
    int found = lookup(&e, SHT_SYMTAB, value, out, size) == 0 ||
                (debug_file(&e, path, sizeof path) == 0 && elf_open(path, &dbg) == 0 &&
                 lookup(&dbg, SHT_SYMTAB, value, out, size) == 0) ||
                lookup(&e, SHT_DYNSYM, value, out, size) == 0;
    elf_close(&dbg);
    elf_close(&e);
    return found ? 0 : -1;
}

/* Named like the macro it replaced (after "Py..._" only capitals, digits
 * and underscores), or _Py_Dealloc, which release builds reach by a tail
 * call. */
int symbol_is_inline_helper(const char *name)
{
    const char *p = name + (name[0] == '_');
    if (!strcmp(name, "_Py_Dealloc"))
        return 1;
    if (strncmp(p, "Py", 2) != 0 || !(p = strchr(p, '_')))
        return 0;
    for (p++; *p; p++)
        if (!(isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
            return 0;
    return 1;
}
