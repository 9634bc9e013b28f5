/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -kernel ELF images laid out as QEMU's pseries loads them; everything in the file is hostile. */
#include "vof.h"

#include <elf.h>
#include <string.h>

/* QEMU's translate_kernel_address: a kernel linked anywhere lands at kernel-addr. */
#define VOF_KERNEL_ADDR_MASK 0x0fffffffull

typedef struct {
    const guint8 *data;
    gsize len;
    gboolean big_endian;
} ElfFile;

static guint64 elf_get(const ElfFile *f, gsize off, unsigned size)
{
    guint64 v = 0;

    for (unsigned i = 0; i < size; i++) {
        unsigned byte = f->big_endian ? i : size - 1 - i;
        v = (v << 8) | f->data[off + byte];
    }
    return v;
}

static gint compare_segments(gconstpointer a, gconstpointer b)
{
    const VofSegment *sa = a, *sb = b;
    return sa->addr < sb->addr ? -1 : sa->addr > sb->addr;
}

/* The fields of one program header, whatever the class. */
static void elf_phdr(const ElfFile *f, gboolean is64, gsize off, guint32 *type, guint64 *offset,
                     guint64 *paddr, guint64 *filesz, guint64 *memsz)
{
    *type = (guint32)elf_get(f, off, 4);
    if (is64) {
        *offset = elf_get(f, off + offsetof(Elf64_Phdr, p_offset), 8);
        *paddr = elf_get(f, off + offsetof(Elf64_Phdr, p_paddr), 8);
        *filesz = elf_get(f, off + offsetof(Elf64_Phdr, p_filesz), 8);
        *memsz = elf_get(f, off + offsetof(Elf64_Phdr, p_memsz), 8);
    } else {
        *offset = elf_get(f, off + offsetof(Elf32_Phdr, p_offset), 4);
        *paddr = elf_get(f, off + offsetof(Elf32_Phdr, p_paddr), 4);
        *filesz = elf_get(f, off + offsetof(Elf32_Phdr, p_filesz), 4);
        *memsz = elf_get(f, off + offsetof(Elf32_Phdr, p_memsz), 4);
    }
}

static gboolean elf_fail(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static gboolean elf_fail(GError **error, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(error, MODVM_ERROR, MODVM_ERROR_INVALID, msg);
    return FALSE;
}

gboolean vof_elf_parse(GBytes *bytes, guint64 kernel_addr, guint64 ram_size, VofKernel *out,
                       GError **error)
{
    ElfFile f;
    gboolean is64;
    guint64 phoff, phnum, phentsize, ehsize;
    guint16 machine;
    g_autoptr(GArray) segs = g_array_new(FALSE, FALSE, sizeof(VofSegment));
    guint64 total = 0;

    memset(out, 0, sizeof(*out));
    f.data = g_bytes_get_data(bytes, &f.len);
    if (f.len < EI_NIDENT || memcmp(f.data, ELFMAG, SELFMAG) != 0) {
        return elf_fail(error, "not an ELF image (modvm boots ELF kernels such as vmlinux)");
    }
    if (f.data[EI_CLASS] != ELFCLASS64 && f.data[EI_CLASS] != ELFCLASS32) {
        return elf_fail(error, "unknown ELF class %u", f.data[EI_CLASS]);
    }
    if (f.data[EI_DATA] != ELFDATA2MSB && f.data[EI_DATA] != ELFDATA2LSB) {
        return elf_fail(error, "unknown ELF byte order %u", f.data[EI_DATA]);
    }
    is64 = f.data[EI_CLASS] == ELFCLASS64;
    f.big_endian = f.data[EI_DATA] == ELFDATA2MSB;
    ehsize = is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
    if (f.len < ehsize) {
        return elf_fail(error, "truncated: %" G_GSIZE_FORMAT " bytes, shorter than the ELF header",
                        f.len);
    }
    machine = (guint16)elf_get(&f, offsetof(Elf64_Ehdr, e_machine), 2);
    /* QEMU's ppc64 loader takes 32-bit PowerPC images too. */
    if (machine != EM_PPC64 && machine != EM_PPC) {
        return elf_fail(error, "an ELF image for machine %u, not PowerPC", machine);
    }
    if (is64) {
        phoff = elf_get(&f, offsetof(Elf64_Ehdr, e_phoff), 8);
        phentsize = elf_get(&f, offsetof(Elf64_Ehdr, e_phentsize), 2);
        phnum = elf_get(&f, offsetof(Elf64_Ehdr, e_phnum), 2);
    } else {
        phoff = elf_get(&f, offsetof(Elf32_Ehdr, e_phoff), 4);
        phentsize = elf_get(&f, offsetof(Elf32_Ehdr, e_phentsize), 2);
        phnum = elf_get(&f, offsetof(Elf32_Ehdr, e_phnum), 2);
    }
    if (phnum == 0) {
        return elf_fail(error, "no program headers: nothing to load");
    }
    if (phentsize != (is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr))) {
        return elf_fail(error, "program headers of %" G_GUINT64_FORMAT " bytes, not %zu",
                        phentsize, is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr));
    }
    if (phoff > f.len || phnum * phentsize > f.len - phoff) {
        return elf_fail(error, "truncated: the program headers end past the file's %"
                        G_GSIZE_FORMAT " bytes", f.len);
    }
    for (guint64 i = 0; i < phnum; i++) {
        guint32 type;
        VofSegment s;
        guint64 paddr;

        elf_phdr(&f, is64, phoff + i * phentsize, &type, &s.offset, &paddr, &s.filesz, &s.memsz);
        /* Zero-sized segments load nothing (QEMU skips them too). */
        if (type != PT_LOAD || s.memsz == 0) {
            continue;
        }
        if (s.filesz > s.memsz) {
            return elf_fail(error, "segment %" G_GUINT64_FORMAT " has more bytes in the file "
                            "(%" G_GUINT64_FORMAT ") than in memory (%" G_GUINT64_FORMAT ")",
                            i, s.filesz, s.memsz);
        }
        if (s.offset > f.len || s.filesz > f.len - s.offset) {
            return elf_fail(error, "truncated: segment %" G_GUINT64_FORMAT " ends past the "
                            "file's %" G_GSIZE_FORMAT " bytes", i, f.len);
        }
        s.addr = (paddr & VOF_KERNEL_ADDR_MASK) + kernel_addr;
        if (s.addr < kernel_addr || s.addr >= ram_size || s.memsz > ram_size - s.addr) {
            g_autofree char *ram = g_format_size_full(ram_size, G_FORMAT_SIZE_IEC_UNITS);
            return elf_fail(error, "segment %" G_GUINT64_FORMAT " (0x%" G_GINT64_MODIFIER "x "
                            "bytes at 0x%" G_GINT64_MODIFIER "x) does not fit in the %s of "
                            "RAM: give more memory with -m", i, s.memsz, s.addr, ram);
        }
        total += s.memsz;
        g_array_append_val(segs, s);
    }
    if (segs->len == 0) {
        return elf_fail(error, "no loadable segment");
    }
    g_array_sort(segs, compare_segments);
    for (guint i = 1; i < segs->len; i++) {
        VofSegment *a = &g_array_index(segs, VofSegment, i - 1);
        VofSegment *b = &g_array_index(segs, VofSegment, i);
        if (a->addr + a->memsz > b->addr) {
            return elf_fail(error, "segments overlap at 0x%" G_GINT64_MODIFIER "x", b->addr);
        }
    }
    out->base = g_array_index(segs, VofSegment, 0).addr;
    out->end = g_array_index(segs, VofSegment, segs->len - 1).addr +
               g_array_index(segs, VofSegment, segs->len - 1).memsz;
    out->size = total;
    out->little_endian = !f.big_endian;
    out->file = g_bytes_ref(bytes);
    out->segments = g_steal_pointer(&segs);
    return TRUE;
}

/*
 * The loaded bytes only, copied: every reset puts back the image as it
 * was at start-up (as QEMU's ROM blobs do), without keeping the rest of
 * the file (symbols, debug information) or depending on it afterwards.
 */
void vof_kernel_keep_segments(VofKernel *kernel)
{
    const guint8 *data = g_bytes_get_data(kernel->file, NULL);
    gsize total = 0, at = 0;
    guint8 *kept;

    for (guint i = 0; i < kernel->segments->len; i++) {
        total += g_array_index(kernel->segments, VofSegment, i).filesz;
    }
    kept = g_malloc(MAX(total, 1));
    for (guint i = 0; i < kernel->segments->len; i++) {
        VofSegment *s = &g_array_index(kernel->segments, VofSegment, i);
        memcpy(kept + at, data + s->offset, s->filesz);
        s->offset = at;
        at += s->filesz;
    }
    g_bytes_unref(kernel->file);
    kernel->file = g_bytes_new_take(kept, total);
}

void vof_kernel_clear(VofKernel *kernel)
{
    g_clear_pointer(&kernel->file, g_bytes_unref);
    g_clear_pointer(&kernel->segments, g_array_unref);
    memset(kernel, 0, sizeof(*kernel));
}
