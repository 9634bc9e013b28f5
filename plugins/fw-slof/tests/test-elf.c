/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VOF's -kernel ELF loader on images built here: layouts as QEMU's, and hostile files refused. */
#include "../vof.h"

#include <elf.h>
#include <string.h>

#define RAM (512ull << 20)
#define KADDR 0x400000ull

typedef struct {
    guint32 type;
    guint64 paddr;
    guint64 filesz;
    guint64 memsz;
    guint8 fill;
} TestSeg;

static void put(guint8 *p, guint64 v, unsigned size, gboolean be)
{
    for (unsigned i = 0; i < size; i++) {
        p[be ? size - 1 - i : i] = (guint8)(v >> (8 * i));
    }
}

/* An ELF image with @n program headers and the segments' bytes after them. */
static GByteArray *make_elf(gboolean is64, gboolean be, guint16 machine, const TestSeg *segs,
                            guint n)
{
    gsize eh = is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
    gsize ph = is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
    gsize data_off = eh + ph * n;
    GByteArray *a = g_byte_array_new();
    guint8 *p;

    for (guint i = 0; i < n; i++) {
        data_off += segs[i].filesz;
    }
    g_byte_array_set_size(a, data_off);
    memset(a->data, 0, a->len);
    p = a->data;
    memcpy(p, ELFMAG, SELFMAG);
    p[EI_CLASS] = is64 ? ELFCLASS64 : ELFCLASS32;
    p[EI_DATA] = be ? ELFDATA2MSB : ELFDATA2LSB;
    p[EI_VERSION] = EV_CURRENT;
    put(p + offsetof(Elf64_Ehdr, e_type), ET_EXEC, 2, be);
    put(p + offsetof(Elf64_Ehdr, e_machine), machine, 2, be);
    if (is64) {
        put(p + offsetof(Elf64_Ehdr, e_phoff), eh, 8, be);
        put(p + offsetof(Elf64_Ehdr, e_phentsize), ph, 2, be);
        put(p + offsetof(Elf64_Ehdr, e_phnum), n, 2, be);
    } else {
        put(p + offsetof(Elf32_Ehdr, e_phoff), eh, 4, be);
        put(p + offsetof(Elf32_Ehdr, e_phentsize), ph, 2, be);
        put(p + offsetof(Elf32_Ehdr, e_phnum), n, 2, be);
    }
    data_off = eh + ph * n;
    for (guint i = 0; i < n; i++) {
        guint8 *h = p + eh + ph * i;
        put(h, segs[i].type, 4, be);
        if (is64) {
            put(h + offsetof(Elf64_Phdr, p_offset), data_off, 8, be);
            put(h + offsetof(Elf64_Phdr, p_vaddr), segs[i].paddr | 0xc000000000000000ull, 8, be);
            put(h + offsetof(Elf64_Phdr, p_paddr), segs[i].paddr, 8, be);
            put(h + offsetof(Elf64_Phdr, p_filesz), segs[i].filesz, 8, be);
            put(h + offsetof(Elf64_Phdr, p_memsz), segs[i].memsz, 8, be);
        } else {
            put(h + offsetof(Elf32_Phdr, p_offset), data_off, 4, be);
            put(h + offsetof(Elf32_Phdr, p_paddr), segs[i].paddr, 4, be);
            put(h + offsetof(Elf32_Phdr, p_filesz), segs[i].filesz, 4, be);
            put(h + offsetof(Elf32_Phdr, p_memsz), segs[i].memsz, 4, be);
        }
        memset(p + data_off, segs[i].fill, segs[i].filesz);
        data_off += segs[i].filesz;
    }
    return a;
}

static gboolean parse(GByteArray *a, guint64 kaddr, VofKernel *k, GError **error)
{
    g_autoptr(GBytes) b = g_bytes_new(a->data, a->len);
    return vof_elf_parse(b, kaddr, RAM, k, error);
}

static const TestSeg two_segs[] = {
    { PT_LOAD, 0x0, 0x100, 0x200, 0xaa },
    { PT_NOTE, 0x50000, 0x10, 0x10, 0x11 },
    { PT_LOAD, 0x10000, 0x80, 0x80, 0xbb },
    { PT_LOAD, 0x20000, 0, 0, 0 },          /* empty: skipped */
};

static void check_two(VofKernel *k, gboolean le)
{
    VofSegment *s0 = &g_array_index(k->segments, VofSegment, 0);
    VofSegment *s1 = &g_array_index(k->segments, VofSegment, 1);
    const guint8 *data = g_bytes_get_data(k->file, NULL);

    g_assert_cmpuint(k->segments->len, ==, 2);
    g_assert_cmphex(k->base, ==, KADDR);
    /* QEMU's kernel_size: the sum of the segment sizes, not the span. */
    g_assert_cmphex(k->size, ==, 0x280);
    g_assert_cmphex(k->end, ==, KADDR + 0x10080);
    g_assert_cmpint(k->little_endian, ==, le);
    g_assert_cmphex(s0->addr, ==, KADDR);
    g_assert_cmphex(s0->filesz, ==, 0x100);
    g_assert_cmphex(s0->memsz, ==, 0x200);
    g_assert_cmpuint(data[s0->offset], ==, 0xaa);
    g_assert_cmphex(s1->addr, ==, KADDR + 0x10000);
    g_assert_cmpuint(data[s1->offset + 0x7f], ==, 0xbb);
}

static void test_elf64_both_orders(void)
{
    for (int be = 0; be <= 1; be++) {
        g_autoptr(GByteArray) a = make_elf(TRUE, be, EM_PPC64, two_segs, G_N_ELEMENTS(two_segs));
        VofKernel k;
        GError *err = NULL;
        g_assert_true(parse(a, KADDR, &k, &err));
        g_assert_no_error(err);
        check_two(&k, !be);
        /* Only the loaded bytes stay, and the segments still find theirs. */
        vof_kernel_keep_segments(&k);
        g_assert_cmpuint(g_bytes_get_size(k.file), ==, 0x180);
        check_two(&k, !be);
        vof_kernel_clear(&k);
    }
}

static void test_elf32(void)
{
    g_autoptr(GByteArray) a = make_elf(FALSE, TRUE, EM_PPC, two_segs, G_N_ELEMENTS(two_segs));
    VofKernel k;
    GError *err = NULL;

    g_assert_true(parse(a, KADDR, &k, &err));
    g_assert_no_error(err);
    check_two(&k, FALSE);
    vof_kernel_clear(&k);
}

/* (p_paddr & 0x0fffffff) + kernel-addr, and the lowest segment is where the kernel starts. */
static void test_translate(void)
{
    const TestSeg segs[] = {
        { PT_LOAD, 0xc000000000400000ull, 0x10, 0x10, 1 },
        { PT_LOAD, 0x10500000, 0x10, 0x10, 2 },
    };
    g_autoptr(GByteArray) a = make_elf(TRUE, FALSE, EM_PPC64, segs, G_N_ELEMENTS(segs));
    VofKernel k;

    g_assert_true(parse(a, KADDR, &k, NULL));
    g_assert_cmphex(k.base, ==, KADDR + 0x400000);
    g_assert_cmphex(g_array_index(k.segments, VofSegment, 1).addr, ==, KADDR + 0x500000);
    vof_kernel_clear(&k);
    g_assert_true(parse(a, 0, &k, NULL));
    g_assert_cmphex(k.base, ==, 0x400000);
    vof_kernel_clear(&k);
}

static void expect_refused(GByteArray *a, guint64 kaddr, const char *what)
{
    VofKernel k;
    GError *err = NULL;

    g_assert_false(parse(a, kaddr, &k, &err));
    g_assert_nonnull(err);
    if (!strstr(err->message, what)) {
        g_error("expected '%s' in '%s'", what, err->message);
    }
    g_assert_null(k.segments);
    g_error_free(err);
}

static void test_hostile(void)
{
    const TestSeg one[] = { { PT_LOAD, 0, 0x100, 0x100, 1 } };
    g_autoptr(GByteArray) a = NULL;

    a = make_elf(TRUE, TRUE, EM_PPC64, one, 1);
    g_byte_array_set_size(a, 20);
    expect_refused(a, KADDR, "truncated");
    g_byte_array_set_size(a, 3);
    expect_refused(a, KADDR, "not an ELF");
    g_byte_array_unref(a);

    a = make_elf(TRUE, TRUE, EM_PPC64, one, 1);
    memcpy(a->data, "MZ\x90\x00", 4);
    expect_refused(a, KADDR, "not an ELF");
    g_byte_array_unref(a);

    a = make_elf(TRUE, TRUE, EM_PPC64, one, 1);
    a->data[EI_CLASS] = 7;
    expect_refused(a, KADDR, "class");
    a->data[EI_CLASS] = ELFCLASS64;
    a->data[EI_DATA] = 9;
    expect_refused(a, KADDR, "byte order");
    g_byte_array_unref(a);

    a = make_elf(TRUE, TRUE, EM_X86_64, one, 1);
    expect_refused(a, KADDR, "not PowerPC");
    g_byte_array_unref(a);

    /* The program headers past the end of the file. */
    a = make_elf(TRUE, TRUE, EM_PPC64, one, 1);
    put(a->data + offsetof(Elf64_Ehdr, e_phoff), 0xfffffffffffffff0ull, 8, TRUE);
    expect_refused(a, KADDR, "program headers end past");
    put(a->data + offsetof(Elf64_Ehdr, e_phoff), sizeof(Elf64_Ehdr), 8, TRUE);
    put(a->data + offsetof(Elf64_Ehdr, e_phnum), 0xffff, 2, TRUE);
    expect_refused(a, KADDR, "program headers end past");
    put(a->data + offsetof(Elf64_Ehdr, e_phnum), 0, 2, TRUE);
    expect_refused(a, KADDR, "no program headers");
    put(a->data + offsetof(Elf64_Ehdr, e_phnum), 1, 2, TRUE);
    put(a->data + offsetof(Elf64_Ehdr, e_phentsize), 12, 2, TRUE);
    expect_refused(a, KADDR, "program headers of 12 bytes");
    g_byte_array_unref(a);

    /* A segment whose bytes the file does not have. */
    a = make_elf(TRUE, TRUE, EM_PPC64, one, 1);
    g_byte_array_set_size(a, a->len - 1);
    expect_refused(a, KADDR, "segment 0 ends past");
    g_byte_array_unref(a);
    a = make_elf(TRUE, TRUE, EM_PPC64, one, 1);
    put(a->data + sizeof(Elf64_Ehdr) + offsetof(Elf64_Phdr, p_offset), G_MAXUINT64 - 8, 8, TRUE);
    expect_refused(a, KADDR, "segment 0 ends past");
    g_byte_array_unref(a);

    {
        const TestSeg bigfile[] = { { PT_LOAD, 0, 0x100, 0x10, 1 } };
        a = make_elf(TRUE, TRUE, EM_PPC64, bigfile, 1);
        expect_refused(a, KADDR, "more bytes in the file");
        g_byte_array_unref(a);
    }
    {
        /* Past the end of RAM, and sizes that wrap around. */
        const TestSeg past[] = { { PT_LOAD, 0x0ff00000, 0x10, RAM, 1 } };
        const TestSeg huge[] = { { PT_LOAD, 0, 0x10, G_MAXUINT64 - 0x100, 1 } };
        a = make_elf(TRUE, TRUE, EM_PPC64, past, 1);
        expect_refused(a, KADDR, "does not fit");
        g_byte_array_unref(a);
        a = make_elf(TRUE, FALSE, EM_PPC64, huge, 1);
        expect_refused(a, KADDR, "does not fit");
        expect_refused(a, G_MAXUINT64 - 0x10, "does not fit");
        g_byte_array_unref(a);
        a = make_elf(TRUE, FALSE, EM_PPC64, one, 1);
        expect_refused(a, G_MAXUINT64 - 0x10, "does not fit");
        expect_refused(a, RAM, "does not fit");
        g_byte_array_unref(a);
    }
    {
        const TestSeg overlap[] = {
            { PT_LOAD, 0x1000, 0x10, 0x2000, 1 },
            { PT_LOAD, 0x2000, 0x10, 0x10, 2 },
        };
        a = make_elf(TRUE, TRUE, EM_PPC64, overlap, 2);
        expect_refused(a, KADDR, "overlap");
        g_byte_array_unref(a);
    }
    {
        const TestSeg none[] = { { PT_NOTE, 0, 0x10, 0x10, 1 }, { PT_LOAD, 0, 0, 0, 0 } };
        a = make_elf(TRUE, TRUE, EM_PPC64, none, 2);
        expect_refused(a, KADDR, "no loadable segment");
        g_byte_array_unref(a);
        a = NULL;
    }
}

/* Random damage to good images: refused with an error, or accepted and consistent. */
static void test_fuzz(void)
{
    GRand *rand = g_rand_new_with_seed(1234);

    for (guint round = 0; round < 20000; round++) {
        gboolean is64 = g_rand_boolean(rand), be = g_rand_boolean(rand);
        g_autoptr(GByteArray) a = make_elf(is64, be, is64 ? EM_PPC64 : EM_PPC, two_segs,
                                           G_N_ELEMENTS(two_segs));
        guint flips = g_rand_int_range(rand, 1, 8);
        VofKernel k;
        GError *err = NULL;

        for (guint i = 0; i < flips; i++) {
            /* Mostly the headers, where the meaning is. */
            guint at = g_rand_int_range(rand, 0, g_rand_boolean(rand) ? 64 + 4 * 56 : a->len);
            a->data[MIN(at, a->len - 1)] = (guint8)g_rand_int(rand);
        }
        if (g_rand_int_range(rand, 0, 8) == 0) {
            g_byte_array_set_size(a, g_rand_int_range(rand, 0, a->len));
        }
        if (!parse(a, KADDR, &k, &err)) {
            g_assert_nonnull(err);
            g_error_free(err);
            continue;
        }
        for (guint i = 0; i < k.segments->len; i++) {
            VofSegment *s = &g_array_index(k.segments, VofSegment, i);
            g_assert_cmpuint(s->memsz, >, 0);
            g_assert_cmpuint(s->addr + s->memsz, <=, RAM);
            g_assert_cmpuint(s->filesz, <=, s->memsz);
            g_assert_cmpuint(s->offset + s->filesz, <=, a->len);
            if (i) {
                VofSegment *p = &g_array_index(k.segments, VofSegment, i - 1);
                g_assert_cmpuint(p->addr + p->memsz, <=, s->addr);
            }
        }
        vof_kernel_clear(&k);
    }
    g_rand_free(rand);
}

/* The endian-neutral stubs: "tdi" first, which the other byte order reads as "b .+8". */
static void test_neutral_stub(void)
{
    const guint32 insns[] = { 0x7c641b78, 0x4e800020 };
    guint8 buf[8 + 8 * 2];
    gsize n = vof_put_neutral(buf, insns, 2);

    g_assert_cmpuint(n, ==, sizeof(buf));
    g_assert_cmphex(GUINT32_FROM_BE(*(guint32 *)buf), ==, 0x08000048);
    g_assert_cmphex(GUINT32_FROM_LE(*(guint32 *)buf), ==, 0x48000008);
    /* Big-endian: branch over the little-endian copy to the big-endian one. */
    g_assert_cmphex(GUINT32_FROM_BE(*(guint32 *)(buf + 4)), ==, 0x48000000 | 12);
    g_assert_cmphex(GUINT32_FROM_LE(*(guint32 *)(buf + 8)), ==, insns[0]);
    g_assert_cmphex(GUINT32_FROM_LE(*(guint32 *)(buf + 12)), ==, insns[1]);
    g_assert_cmphex(GUINT32_FROM_BE(*(guint32 *)(buf + 16)), ==, insns[0]);
    g_assert_cmphex(GUINT32_FROM_BE(*(guint32 *)(buf + 20)), ==, insns[1]);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/fw-slof/elf/elf64-both-byte-orders", test_elf64_both_orders);
    g_test_add_func("/fw-slof/elf/elf32", test_elf32);
    g_test_add_func("/fw-slof/elf/translate", test_translate);
    g_test_add_func("/fw-slof/elf/hostile", test_hostile);
    g_test_add_func("/fw-slof/elf/fuzz", test_fuzz);
    g_test_add_func("/fw-slof/vof/endian-neutral-stub", test_neutral_stub);
    return g_test_run();
}
