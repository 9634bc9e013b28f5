/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pseries firmware in whole machines: SLOF images (load, entry, refusals) and VOF (x-vof=on). */
#include "core.h"
#include "../vof.h"

#include <elf.h>
#include <string.h>
#include <glib/gstdio.h>

typedef struct {
    ModvmConfig *cfg;
    ModvmSession *s;
    SpaprMachine *spapr;
    char *out;                  /* the vty's file chardev */
} M;

static char *tmpdir;

static char *tmp_path(const char *name)
{
    return g_build_filename(tmpdir, name, NULL);
}

/*
 * A little-endian ELF64 kernel like the one QEMU's dumps in the notes
 * were made with: 4 bytes at p_paddr 0, 0x24 at 0x100000e8 (36 bytes of
 * which 0x10 in the file), so QEMU's kernel_size is 0x28.
 */
static char *write_kernel(gboolean big_endian)
{
    guint8 img[0x300] = { 0 };
    Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
    Elf64_Phdr *ph = (Elf64_Phdr *)(img + sizeof(*eh));
    char *path = tmp_path(big_endian ? "be.elf" : "le.elf");
#define E16(v) (big_endian ? GUINT16_TO_BE(v) : GUINT16_TO_LE(v))
#define E32(v) (big_endian ? GUINT32_TO_BE(v) : GUINT32_TO_LE(v))
#define E64(v) (big_endian ? GUINT64_TO_BE(v) : GUINT64_TO_LE(v))

    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = big_endian ? ELFDATA2MSB : ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = E16(ET_EXEC);
    eh->e_machine = E16(EM_PPC64);
    eh->e_entry = E64(0x12345);     /* not where VOF enters: QEMU ignores it */
    eh->e_phoff = E64(sizeof(*eh));
    eh->e_phentsize = E16(sizeof(*ph));
    eh->e_phnum = E16(2);
    ph[0].p_type = E32(PT_LOAD);
    ph[0].p_offset = E64(0x200);
    ph[0].p_paddr = E64(0);
    ph[0].p_filesz = E64(4);
    ph[0].p_memsz = E64(4);
    ph[1].p_type = E32(PT_LOAD);
    ph[1].p_offset = E64(0x210);
    ph[1].p_paddr = E64(0x100000e8);
    ph[1].p_filesz = E64(0x10);
    ph[1].p_memsz = E64(0x24);
    memcpy(img + 0x200, "\x00\x00\x00\x48", 4);     /* b . */
    memset(img + 0x210, 0x5a, 0x10);
    g_assert_true(g_file_set_contents(path, (char *)img, sizeof(img), NULL));
    return path;
#undef E16
#undef E32
#undef E64
}

static void m_start_argv(M *m, GPtrArray *argv, GError **error)
{
    memset(m, 0, sizeof(*m));
    g_ptr_array_add(argv, NULL);
    m->cfg = modvm_config_new();
    if (!modvm_config_parse(m->cfg, argv->len - 1, (char **)argv->pdata, error)) {
        return;
    }
    m->s = modvm_session_new(m->cfg);
    if (!modvm_session_prepare(m->s, error) || !modvm_session_select_machine(m->s, error) ||
        !modvm_session_build(m->s, FALSE, error)) {
        return;
    }
    for (guint i = 0; i < m->s->chardevs->len; i++) {
        if (!modvm_chardev_open(m->s->chardevs->pdata[i], NULL, error)) {
            return;
        }
    }
    m->spapr = spapr_machine_from(m->s->machine);
    if (!MODVM_MACHINE_GET_CLASS(m->s->machine)->finish(m->s->machine, error)) {
        return;
    }
    modvm_machine_reset(m->s->machine);
}

/* "modvm ARGS... -serial file:OUT" (the vty at 0x71000000); NULL ends ARGS. */
static gboolean m_try(M *m, GError **error, ...)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    static guint n;
    g_autofree char *name = g_strdup_printf("vty%u.out", n++);
    char *out = tmp_path(name);
    const char *arg;
    va_list ap;

    g_ptr_array_add(argv, g_strdup("modvm"));
    va_start(ap, error);
    while ((arg = va_arg(ap, const char *))) {
        g_ptr_array_add(argv, g_strdup(arg));
    }
    va_end(ap);
    g_ptr_array_add(argv, g_strdup("-serial"));
    g_ptr_array_add(argv, g_strdup_printf("file:%s", out));
    m_start_argv(m, argv, error);
    m->out = out;
    return !error || !*error;
}

static void m_stop(M *m)
{
    g_clear_pointer(&m->s, modvm_session_free);
    g_clear_pointer(&m->cfg, modvm_config_free);
    if (m->out) {
        g_unlink(m->out);
    }
    g_clear_pointer(&m->out, g_free);
}

static PowerCpu *m_cpu(M *m, guint i)
{
    return spapr_cpu(modvm_machine_get_cpus(m->s->machine)->pdata[i]);
}

static ModvmAddressSpace *m_as(M *m)
{
    return modvm_machine_address_space(m->s->machine);
}

static void ram_write(M *m, guint64 addr, const void *buf, gsize len)
{
    g_assert_cmpint(modvm_address_space_write(m_as(m), addr, buf, len), ==, MODVM_MEM_OK);
}

static void ram_read(M *m, guint64 addr, void *buf, gsize len)
{
    g_assert_cmpint(modvm_address_space_read(m_as(m), addr, buf, len), ==, MODVM_MEM_OK);
}

static guint32 ram_be32(M *m, guint64 addr)
{
    guint32 v;
    ram_read(m, addr, &v, 4);
    return GUINT32_FROM_BE(v);
}

/* The client interface as a client calls it: prom_args at ARGS, strings from STR. */
#define ARGS 0x1000000
#define STR  0x1001000
#define BUF  0x1002000

typedef struct {
    gint64 hret;                /* r3 after the hypercall */
    guint32 ret[10];            /* the results */
} CiResult;

static guint32 str_at;

/* A string for the call in guest memory. */
static guint32 gstr(M *m, const char *s)
{
    guint32 at = STR + str_at;
    ram_write(m, at, s, strlen(s) + 1);
    str_at = (str_at + strlen(s) + 8) & 0xff8;
    return at;
}

static CiResult ci_call(M *m, const char *service, guint nargs, guint nret, ...)
{
    guint32 cells[13];
    PowerCpu *cpu = m_cpu(m, 0);
    CiResult r = { 0 };
    va_list ap;

    cells[0] = GUINT32_TO_BE(gstr(m, service));
    cells[1] = GUINT32_TO_BE(nargs);
    cells[2] = GUINT32_TO_BE(nret);
    va_start(ap, nret);
    for (guint i = 0; i < nargs; i++) {
        cells[3 + i] = GUINT32_TO_BE(va_arg(ap, guint32));
    }
    va_end(ap);
    for (guint i = 0; i < nret; i++) {
        cells[3 + nargs + i] = GUINT32_TO_BE(0xdeadbeef);
    }
    ram_write(m, ARGS, cells, 4 * (3 + nargs + nret));
    /* 32-bit mode, as Linux calls it: garbage above bit 31 does not matter. */
    cpu->regs.msr = 0;
    cpu->regs.gpr[3] = KVMPPC_H_VOF_CLIENT;
    cpu->regs.gpr[4] = 0xffffffff00000000ull | ARGS;
    g_assert_true(modvm_cpu_hypercall(MODVM_CPU(cpu)));
    r.hret = (gint64)cpu->regs.gpr[3];
    for (guint i = 0; i < nret; i++) {
        r.ret[i] = ram_be32(m, ARGS + 12 + 4 * (nargs + i));
    }
    return r;
}

static guint32 ci1(M *m, const char *service, guint nargs, guint32 a0, guint32 a1, guint32 a2,
                   guint32 a3)
{
    CiResult r = ci_call(m, service, nargs, 1, a0, a1, a2, a3);
    g_assert_cmpint(r.hret, ==, H_SUCCESS);
    return r.ret[0];
}

static const void *dt_prop(M *m, const char *path, const char *prop, int *len)
{
    int node = fdt_path_offset(m->spapr->fdt, path);
    return node >= 0 ? fdt_getprop(m->spapr->fdt, node, prop, len) : NULL;
}

static void test_boot_state(void)
{
    g_autofree char *kernel = write_kernel(FALSE);
    g_autofree char *initrd = tmp_path("initrd");
    guint8 rd[1000], got[0x24];
    GError *err = NULL;
    const guint32 *avail;
    guint64 kprop[2];
    int len = 0;
    M m;
    PowerCpu *cpu;
    guint32 ci;
    /* /memory@0 "available" as QEMU 7.2 has it for the same kernel and initrd at 512M. */
    const guint32 qemu_avail[] = {
        0, 0xda0, 0, 0x7260, 0, 0x10000, 0, 0x3f0000, 0, 0x400028, 0, 0x1ffd8,
        0, 0x4203e8, 0, 0x1fbdfc18,
    };

    for (guint i = 0; i < sizeof(rd); i++) {
        rd[i] = i * 7;
    }
    g_assert_true(g_file_set_contents(initrd, (char *)rd, sizeof(rd), NULL));
    m_try(&m, &err, "-M", "pseries,x-vof=on", "-smp", "2", "-kernel", kernel,
                        "-initrd", initrd, "-append", "console=hvc0 quiet", NULL);
    g_assert_no_error(err);
    cpu = m_cpu(&m, 0);
    /* Entered at kernel-addr in 32-bit big-endian real mode, as QEMU's vof.bin does. */
    g_assert_cmphex(cpu->regs.nip, ==, 0x400000);
    g_assert_cmphex(cpu->regs.msr, ==, 0);
    g_assert_cmphex(cpu->regs.gpr[3], ==, 0x420000);
    g_assert_cmphex(cpu->regs.gpr[4], ==, sizeof(rd));
    g_assert_cmphex(cpu->regs.gpr[5], ==, VOF_CI_ENTRY);
    g_assert_cmphex(cpu->regs.gpr[1], ==, 0xff60);
    g_assert_false(cpu->tcg.halted);
    g_assert_true(m_cpu(&m, 1)->tcg.halted);
    /* The images in RAM: the file's bytes, then zeros. */
    g_assert_cmphex(ram_be32(&m, 0x400000), ==, 0x00000048);
    ram_read(&m, 0x4000e8, got, sizeof(got));
    for (guint i = 0; i < sizeof(got); i++) {
        g_assert_cmphex(got[i], ==, i < 0x10 ? 0x5a : 0);
    }
    ram_read(&m, 0x420000, got, 16);
    g_assert_cmpint(memcmp(got, rd, 16), ==, 0);
    /* The client interface stub: tdi, a branch, then the code both ways. */
    ci = ram_be32(&m, VOF_CI_ENTRY);
    g_assert_cmphex(ci, ==, 0x08000048);
    g_assert_cmphex(ram_be32(&m, VOF_CI_ENTRY + 8 + 5 * 4 + 12), ==, 0x44000022);
    /* What the guest learns from the tree. */
    g_assert_cmpstr(dt_prop(&m, "/chosen", "bootargs", NULL), ==, "console=hvc0 quiet");
    memcpy(kprop, dt_prop(&m, "/chosen", "qemu,boot-kernel", &len), sizeof(kprop));
    g_assert_cmpint(len, ==, 16);
    g_assert_cmphex(GUINT64_FROM_BE(kprop[0]), ==, 0x400000);
    g_assert_cmphex(GUINT64_FROM_BE(kprop[1]), ==, 0x28);
    g_assert_nonnull(dt_prop(&m, "/chosen", "qemu,boot-kernel-le", NULL));
    g_assert_cmphex(GUINT32_FROM_BE(*(guint32 *)dt_prop(&m, "/chosen", "linux,initrd-start",
                                                        NULL)), ==, 0x420000);
    g_assert_cmphex(GUINT32_FROM_BE(*(guint32 *)dt_prop(&m, "/chosen", "linux,initrd-end",
                                                        NULL)), ==, 0x420000 + sizeof(rd));
    g_assert_cmphex(GUINT32_FROM_BE(*(guint32 *)dt_prop(&m, "/chosen", "stdout", NULL)), ==, 1);
    g_assert_cmpint(fdt_num_mem_rsv(m.spapr->fdt), ==, 2);
    avail = dt_prop(&m, "/memory@0", "available", &len);
    g_assert_cmpint(len, ==, sizeof(qemu_avail));
    for (guint i = 0; i < G_N_ELEMENTS(qemu_avail); i++) {
        g_assert_cmphex(GUINT32_FROM_BE(avail[i]), ==, qemu_avail[i]);
    }
    /* Every node has a phandle, from QEMU's first free one. */
    g_assert_cmphex(fdt_get_phandle(m.spapr->fdt, 0), ==, 0x1112);
    for (int node = fdt_next_node(m.spapr->fdt, -1, NULL); node >= 0;
         node = fdt_next_node(m.spapr->fdt, node, NULL)) {
        g_assert_cmpuint(fdt_get_phandle(m.spapr->fdt, node), !=, 0);
    }

    /* A reset puts the kernel back and starts the client interface afresh. */
    ram_write(&m, 0x400000, "junk", 4);
    g_assert_cmpuint(ci1(&m, "open", 1, gstr(&m, "/"), 0, 0, 0), ==, 2);
    modvm_machine_reset(m.s->machine);
    g_assert_cmphex(ram_be32(&m, 0x400000), ==, 0x00000048);
    g_assert_cmpuint(ci1(&m, "open", 1, gstr(&m, "/"), 0, 0, 0), ==, 2);
    m_stop(&m);
}

static void test_big_endian_kernel(void)
{
    g_autofree char *kernel = write_kernel(TRUE);
    GError *err = NULL;
    M m;

    m_try(&m, &err, "-M", "pseries,x-vof=on,kernel-addr=0x800000", "-kernel",
                        kernel, NULL);
    g_assert_no_error(err);
    g_assert_cmphex(m_cpu(&m, 0)->regs.nip, ==, 0x800000);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[3], ==, 0);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 0);
    g_assert_null(dt_prop(&m, "/chosen", "qemu,boot-kernel-le", NULL));
    g_assert_null(dt_prop(&m, "/chosen", "linux,initrd-start", NULL));
    g_assert_cmpint(fdt_num_mem_rsv(m.spapr->fdt), ==, 1);
    m_stop(&m);

    /* Nothing to boot: the CPU goes to "exit", as QEMU's vof.bin does. */
    m_try(&m, &err, "-M", "pseries,x-vof=on", NULL);
    g_assert_no_error(err);
    g_assert_cmphex(m_cpu(&m, 0)->regs.nip, ==, VOF_EXIT_ENTRY);
    g_assert_null(dt_prop(&m, "/chosen", "qemu,boot-kernel", NULL));
    m_stop(&m);
}

static void expect_error(const char *what, ...)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    GError *err = NULL;
    const char *arg;
    va_list ap;
    M m;

    g_ptr_array_add(argv, g_strdup("modvm"));
    va_start(ap, what);
    while ((arg = va_arg(ap, const char *))) {
        g_ptr_array_add(argv, g_strdup(arg));
    }
    va_end(ap);
    m_start_argv(&m, argv, &err);
    if (!err || !strstr(err->message, what)) {
        g_error("expected an error with '%s', got '%s'", what, err ? err->message : "none");
    }
    g_error_free(err);
    m_stop(&m);
}

static void test_refusals(void)
{
    g_autofree char *kernel = write_kernel(FALSE);
    g_autofree char *notelf = tmp_path("not.elf");
    g_autofree char *bigrd = tmp_path("big.rd");
    g_autofree char *garbage = tmp_path("garbage.dtb");
    FILE *f;

    g_assert_true(g_file_set_contents(notelf, "#!/bin/sh\n", -1, NULL));
    g_assert_true(g_file_set_contents(garbage, "not a dtb at all, really", -1, NULL));
    /* A sparse initrd bigger than what QEMU lets an initrd have below 2 GiB. */
    f = fopen(bigrd, "w");
    g_assert_nonnull(f);
    g_assert_cmpint(fseek(f, 600 << 20, SEEK_SET), ==, 0);
    fputc(1, f);
    fclose(f);

    expect_error("-initrd only allowed with -kernel option", "-M", "pseries,x-vof=on",
                 "-initrd", kernel, NULL);
    expect_error("-append only allowed with -kernel option", "-M", "pseries", "-append", "x",
                 NULL);
    expect_error("not an ELF image", "-M", "pseries,x-vof=on", "-kernel", notelf, NULL);
    expect_error("No such file", "-M", "pseries,x-vof=on", "-kernel", "/nonexistent/vmlinux",
                 NULL);
    expect_error("does not fit", "-M", "pseries,x-vof=on,kernel-addr=0x1fffffff", "-kernel",
                 kernel, NULL);
    expect_error("could not load initial ram disk", "-M", "pseries,x-vof=on",
                 "-kernel", kernel, "-initrd", bigrd, NULL);
    expect_error("Memory for kernel is in use", "-M", "pseries,x-vof=on,kernel-addr=0",
                 "-kernel", kernel, NULL);
    expect_error("not a flattened device tree", "-M", "pseries,x-vof=on", "-kernel", kernel,
                 "-dtb", garbage, NULL);
    expect_error("at least 128 MiB", "-M", "pseries", "-m", "64M", NULL);
    g_unlink(notelf);
    g_unlink(bigrd);
    g_unlink(garbage);
}


/* A firmware image of @size bytes: a pattern, with "b ." at 0x100. */
static char *write_firmware(const char *name, gsize size)
{
    g_autofree guint8 *img = g_malloc(size);
    char *path = tmp_path(name);

    for (gsize i = 0; i < size; i++) {
        img[i] = (guint8)(i * 13 + 1);
    }
    if (size >= 0x104) {
        memcpy(img + 0x100, "\x48\x00\x00\x00", 4);
    }
    g_assert_true(g_file_set_contents(path, (char *)img, size, NULL));
    return path;
}

/*
 * The default firmware: the image at 0, the kernel at kernel-addr, the
 * initrd after it, the tree 1 MiB below the end of the RMA, and the boot
 * CPU at 0x100 with r3 the tree, r1 and r4 zero (QEMU's
 * spapr_machine_reset); at every reset again.
 */
static void test_slof_boot_state(void)
{
    g_autofree char *kernel = write_kernel(FALSE);
    g_autofree char *fw = write_firmware("fw.bin", 0x3000);
    g_autofree char *rd = tmp_path("small.rd");
    g_autofree char *img = NULL;
    g_autofree guint8 *got = g_malloc(0x3000);
    guint8 fdt[0x10000];
    const void *kp;
    guint64 kprop[2];
    gsize img_len = 0;
    GError *err = NULL;
    int chosen, len = 0;
    M m;

    g_assert_true(g_file_set_contents(rd, "initrd!", 7, NULL));
    g_assert_true(g_file_get_contents(fw, &img, &img_len, NULL));
    m_try(&m, &err, "-M", "pseries", "-m", "1G", "-smp", "2", "-bios", fw, "-kernel", kernel,
          "-initrd", rd, "-append", "console=hvc0", NULL);
    g_assert_no_error(err);
    g_assert_cmpstr(modvm_object_type_name(MODVM_OBJECT(m.spapr->fw)), ==, "slof");
    ram_read(&m, 0, got, img_len);
    g_assert_cmpmem(got, img_len, img, img_len);
    g_assert_cmphex(ram_be32(&m, 0x400000), ==, 0x00000048);
    /* QEMU: the initrd 64 KiB-aligned with 64 KiB to spare after the kernel. */
    ram_read(&m, 0x420000, got, 7);
    g_assert_cmpmem(got, 7, "initrd!", 7);
    g_assert_cmphex(m_cpu(&m, 0)->regs.nip, ==, 0x100);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[1], ==, 0);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[3], ==, 0x40000000 - 0x100000);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 0);
    g_assert_cmphex(m_cpu(&m, 0)->regs.msr, ==, 0);
    g_assert_false(m_cpu(&m, 0)->tcg.halted);
    g_assert_true(m_cpu(&m, 1)->tcg.halted);
    /* The tree in RAM: what SLOF reads the boot images and the command line from. */
    ram_read(&m, 0x40000000 - 0x100000, fdt, sizeof(fdt));
    g_assert_cmpint(fdt_check_header(fdt), ==, 0);
    g_assert_cmpuint(fdt_totalsize(fdt), <=, sizeof(fdt));
    chosen = fdt_path_offset(fdt, "/chosen");
    g_assert_cmpint(chosen, >=, 0);
    kp = fdt_getprop(fdt, chosen, "qemu,boot-kernel", &len);
    g_assert_cmpint(len, ==, 16);
    memcpy(kprop, kp, 16);      /* properties are only 4-byte aligned */
    g_assert_cmphex(GUINT64_FROM_BE(kprop[0]), ==, 0x400000);
    g_assert_cmphex(GUINT64_FROM_BE(kprop[1]), ==, 0x28);
    g_assert_nonnull(fdt_getprop(fdt, chosen, "qemu,boot-kernel-le", NULL));
    g_assert_cmpstr(fdt_getprop(fdt, chosen, "bootargs", NULL), ==, "console=hvc0");
    g_assert_cmphex(GUINT32_FROM_BE(*(const guint32 *)fdt_getprop(fdt, chosen,
                                                                   "linux,initrd-start", NULL)),
                    ==, 0x420000);
    g_assert_cmphex(GUINT32_FROM_BE(*(const guint32 *)fdt_getprop(fdt, chosen,
                                                                   "linux,initrd-end", NULL)),
                    ==, 0x420007);
    /* No VOF: no phandles added, no client interface. */
    g_assert_null(fdt_getprop(fdt, chosen, "stdout", NULL));
    /* A reset puts the image back and enters it again. */
    ram_write(&m, 0x100, "junk", 4);
    m_cpu(&m, 0)->regs.nip = 0x1234;
    modvm_machine_reset(m.s->machine);
    g_assert_cmphex(ram_be32(&m, 0x100), ==, 0x48000000);
    g_assert_cmphex(m_cpu(&m, 0)->regs.nip, ==, 0x100);
    m_stop(&m);

    /* Nothing to boot: the firmware runs all the same (to its prompt). */
    m_try(&m, &err, "-M", "pseries", "-bios", fw, NULL);
    g_assert_no_error(err);
    g_assert_cmphex(m_cpu(&m, 0)->regs.nip, ==, 0x100);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[3], ==, 0x20000000 - 0x100000);
    g_assert_cmpuint(m.spapr->kernel_size, ==, 0);
    m_stop(&m);
}

/* -bios NAME without a '/' is looked for in the firmware path (where -L adds its directories). */
static void test_slof_search(void)
{
    g_autofree char *fw = write_firmware("named.bin", 0x200);
    g_autofree char *old = g_strdup(g_getenv("MODVM_FIRMWARE_PATH"));
    GError *err = NULL;
    M m;

    g_setenv("MODVM_FIRMWARE_PATH", tmpdir, TRUE);
    m_try(&m, &err, "-M", "pseries", "-bios", "named.bin", NULL);
    g_assert_no_error(err);
    g_assert_cmphex(ram_be32(&m, 0x100), ==, 0x48000000);
    m_stop(&m);
    if (old) {
        g_setenv("MODVM_FIRMWARE_PATH", old, TRUE);
    } else {
        g_unsetenv("MODVM_FIRMWARE_PATH");
    }
    g_unlink(fw);
}

static void test_slof_refusals(void)
{
    g_autofree char *kernel = write_kernel(FALSE);
    g_autofree char *fw = write_firmware("fw.bin", 0x3000);
    g_autofree char *empty = tmp_path("empty.bin");
    g_autofree char *big = tmp_path("big.bin");
    FILE *f;

    g_assert_true(g_file_set_contents(empty, "", 0, NULL));
    f = fopen(big, "w");
    g_assert_nonnull(f);
    g_assert_cmpint(fseek(f, 0x400000, SEEK_SET), ==, 0);
    fputc(1, f);
    fclose(f);
    expect_error("-bios: could not find LPAR firmware: firmware file /nonexistent/fw.bin does "
                 "not exist", "-M", "pseries", "-bios", "/nonexistent/fw.bin", NULL);
    expect_error("-bios: could not find LPAR firmware: firmware 'no-such-firmware.bin' not "
                 "found", "-M", "pseries", "-bios", "no-such-firmware.bin", NULL);
    expect_error("the file is empty", "-M", "pseries", "-bios", empty, NULL);
    expect_error("4194305 bytes, more than the 4096 KiB", "-M", "pseries", "-bios", big, NULL);
    expect_error("-bios and x-vof=on do not go together", "-M", "pseries,x-vof=on", "-bios", fw,
                 NULL);
    expect_error("overlap: raise kernel-addr", "-M", "pseries,kernel-addr=0x2000", "-bios", fw,
                 "-kernel", kernel, NULL);
    g_unlink(empty);
    g_unlink(big);
}

static void test_services(void)
{
    g_autofree char *kernel = write_kernel(FALSE);
    g_autofree char *out = NULL;
    GError *err = NULL;
    guint32 rtas, root, chosen, vty, ih, rtas_ih, ph;
    char name[64];
    CiResult r;
    M m;

    m_try(&m, &err, "-M", "pseries,x-vof=on", "-kernel", kernel, "-append",
                        "quiet", NULL);
    g_assert_no_error(err);
    str_at = 0;

    /* finddevice and getprop: /rtas has the power-off token QEMU 7.2 gives. */
    rtas = ci1(&m, "finddevice", 1, gstr(&m, "/rtas"), 0, 0, 0);
    g_assert_cmphex(rtas, ==, fdt_get_phandle(m.spapr->fdt, fdt_path_offset(m.spapr->fdt,
                                                                          "/rtas")));
    g_assert_cmpuint(ci1(&m, "getprop", 4, rtas, gstr(&m, "power-off"), BUF, 4), ==, 4);
    g_assert_cmphex(ram_be32(&m, BUF), ==, 0x2003);
    g_assert_cmpuint(ci1(&m, "getproplen", 2, rtas, gstr(&m, "rtas-size"), 0, 0), ==, 4);
    g_assert_cmphex(ci1(&m, "getprop", 4, rtas, gstr(&m, "no-such-thing"), BUF, 4), ==,
                    0xffffffff);
    g_assert_cmphex(ci1(&m, "finddevice", 1, gstr(&m, "/nowhere"), 0, 0, 0), ==, 0xffffffff);
    /* A short buffer gets the start; the size is the property's. */
    g_assert_cmpuint(ci1(&m, "getprop", 4, rtas, gstr(&m, "ibm,hypertas-functions"), BUF, 5),
                     ==, sizeof("hcall-pft\0hcall-term\0hcall-dabr\0hcall-interrupt\0hcall-tce\0"
                                "hcall-vio\0hcall-splpar\0hcall-join\0hcall-bulk\0"
                                "hcall-set-mode\0hcall-debug\0hcall-multi-tce\0hcall-hpt-resize"));
    /* "name" is made from the node name, without the unit address. */
    vty = ci1(&m, "finddevice", 1, gstr(&m, "/vdevice/vty@71000000"), 0, 0, 0);
    g_assert_cmpuint(ci1(&m, "getprop", 4, vty, gstr(&m, "name"), BUF, 64), ==, 4);
    ram_read(&m, BUF, name, 4);
    g_assert_cmpstr(name, ==, "vty");
    g_assert_cmpuint(ci1(&m, "getproplen", 2, vty, gstr(&m, "name"), 0, 0), ==, 4);

    /* package-to-path, and back. */
    g_assert_cmpuint(ci1(&m, "package-to-path", 3, rtas, BUF, 64, 0), ==, 6);
    ram_read(&m, BUF, name, 6);
    g_assert_cmpstr(name, ==, "/rtas");
    g_assert_cmphex(ci1(&m, "finddevice", 1, BUF, 0, 0, 0), ==, rtas);
    g_assert_cmpuint(ci1(&m, "package-to-path", 3, rtas, BUF + 100, 3, 0), ==, 6);
    g_assert_cmphex(ram_be32(&m, BUF + 100) >> 8, ==, ('/' << 16) | ('r' << 8) | 't');

    /* The tree walk. */
    root = ci1(&m, "peer", 1, 0, 0, 0, 0);
    g_assert_cmphex(root, ==, fdt_get_phandle(m.spapr->fdt, 0));
    ph = ci1(&m, "child", 1, root, 0, 0, 0);
    g_assert_cmphex(ci1(&m, "parent", 1, ph, 0, 0, 0), ==, root);
    g_assert_cmphex(ci1(&m, "parent", 1, root, 0, 0, 0), ==, 0);
    for (guint n = 0; ph && n < 100; n++) {
        ph = ci1(&m, "peer", 1, ph, 0, 0, 0);
    }
    g_assert_cmphex(ph, ==, 0);
    g_assert_cmphex(ci1(&m, "child", 1, vty, 0, 0, 0), ==, 0);

    /* nextprop walks /chosen; setprop changes it. */
    chosen = ci1(&m, "finddevice", 1, gstr(&m, "/chosen"), 0, 0, 0);
    {
        gboolean saw_bootargs = FALSE;
        guint count = 0;
        ram_write(&m, BUF, "", 1);
        while (ci1(&m, "nextprop", 3, chosen, BUF, BUF + 0x100, 0) == 1 && count < 100) {
            ram_read(&m, BUF + 0x100, name, sizeof(name));
            saw_bootargs |= strcmp(name, "bootargs") == 0;
            ram_write(&m, BUF, name, strlen(name) + 1);
            count++;
        }
        g_assert_true(saw_bootargs);
        g_assert_cmpuint(count, >, 5);
    }
    ram_write(&m, BUF, "root=/dev/sda", 14);
    g_assert_cmpuint(ci1(&m, "setprop", 4, chosen, gstr(&m, "bootargs"), BUF, 14), ==, 14);
    g_assert_cmpstr(dt_prop(&m, "/chosen", "bootargs", NULL), ==, "root=/dev/sda");
    g_assert_cmphex(ci1(&m, "setprop", 4, chosen, gstr(&m, "big"), BUF, 4096), ==, 0xffffffff);

    /* open, write to the console, instance queries, close. */
    ih = ci1(&m, "open", 1, gstr(&m, "/vdevice/vty@71000000"), 0, 0, 0);
    g_assert_cmpuint(ih, ==, 2);
    g_assert_cmphex(ci1(&m, "instance-to-package", 1, ih, 0, 0, 0), ==, vty);
    g_assert_cmpuint(ci1(&m, "instance-to-path", 3, ih, BUF, 64, 0), ==, 22);
    ram_write(&m, BUF, "hello, world\n", 13);
    g_assert_cmpuint(ci1(&m, "write", 3, 1, BUF, 13, 0), ==, 13);
    g_assert_cmpuint(ci1(&m, "write", 3, ih, BUF, 6, 0), ==, 6);
    g_assert_cmpuint(ci1(&m, "read", 3, ih, BUF, 16, 0), ==, 0);
    r = ci_call(&m, "close", 1, 0, ih);
    g_assert_cmpint(r.hret, ==, H_SUCCESS);
    g_assert_cmphex(ci1(&m, "instance-to-package", 1, ih, 0, 0, 0), ==, 0xffffffff);
    g_assert_cmphex(ci1(&m, "write", 3, ih, BUF, 6, 0), ==, 0xffffffff);
    g_assert_true(g_file_get_contents(m.out, &out, NULL, NULL));
    g_assert_cmpstr(out, ==, "hello, world\nhello,");

    /* claim and release: exact addresses, and aligned ones after the last claim (the kernel). */
    g_assert_cmphex(ci1(&m, "claim", 3, 0, 0x1000, 0x1000, 0), ==, 0x401000);
    g_assert_cmphex(ci1(&m, "claim", 3, 0x500000, 0x2000, 0, 0), ==, 0x500000);
    g_assert_cmphex(ci1(&m, "claim", 3, 0x501000, 0x2000, 0, 0), ==, 0xffffffff);
    g_assert_cmphex(ci1(&m, "claim", 3, 0x600000, 0, 0, 0), ==, 0xffffffff);
    r = ci_call(&m, "release", 2, 0, 0x500000, 0x2000);
    g_assert_cmpint(r.hret, ==, H_SUCCESS);
    g_assert_cmphex(ci1(&m, "claim", 3, 0x501000, 0x2000, 0, 0), ==, 0x501000);
    g_assert_cmphex(ci1(&m, "claim", 3, 0, 0x100000, 0x100000, 0), ==, 0x600000);
    {
        int len = 0;
        const guint32 *avail = dt_prop(&m, "/memory@0", "available", &len);
        gboolean found = FALSE;
        for (int i = 0; i + 4 <= len / 4; i += 4) {
            found |= GUINT32_FROM_BE(avail[i + 1]) == 0x503000;
        }
        g_assert_true(found);
    }

    /* call-method: instantiate-rtas copies the RTAS blob; ibm,client-architecture-support. */
    rtas_ih = ci1(&m, "open", 1, gstr(&m, "/rtas"), 0, 0, 0);
    r = ci_call(&m, "call-method", 3, 2, gstr(&m, "instantiate-rtas"), rtas_ih, 0x300000);
    g_assert_cmpint(r.hret, ==, H_SUCCESS);
    g_assert_cmpuint(r.ret[0], ==, 0);
    g_assert_cmphex(r.ret[1], ==, 0x300000);
    g_assert_cmphex(ram_be32(&m, 0x300000), ==, 0x08000048);
    g_assert_cmphex(ram_be32(&m, 0x300000 + 8 + 5 * 4 + 8), ==, 0x6063f000);
    ih = ci1(&m, "open", 1, gstr(&m, "/"), 0, 0, 0);
    {
        /*
         * Logical PVR 0x0f000005 (POWER9), then vectors 1..5 as prom_init
         * gives them (vector 5 asks for hash and XICS): the method
         * succeeds, and its result is the machine's H_SUCCESS.
         */
        static const guint8 vec[] = {
            0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x00, 0x05,
            0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
            4, 2, 0x80, 0x00, 0x80, 0, 0, 0, 0, 0, 0,
            23, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        };
        guint8 garbage[16];

        ram_write(&m, BUF, vec, sizeof(vec));
        r = ci_call(&m, "call-method", 3, 2, gstr(&m, "ibm,client-architecture-support"), ih,
                    BUF);
        g_assert_cmpuint(r.ret[0], ==, 0);
        g_assert_cmpuint(r.ret[1], ==, 0);
        /* No PVR the CPU can run in: the call succeeds, the method says H_HARDWARE. */
        memset(garbage, 0xff, sizeof(garbage));
        memset(garbage + 4, 0x11, 4);
        ram_write(&m, BUF, garbage, sizeof(garbage));
        r = ci_call(&m, "call-method", 3, 2, gstr(&m, "ibm,client-architecture-support"), ih,
                    BUF);
        g_assert_cmpuint(r.ret[0], ==, 0);
        g_assert_cmpint((gint32)r.ret[1], ==, H_HARDWARE);
    }
    r = ci_call(&m, "call-method", 2, 1, gstr(&m, "frobnicate"), ih);
    g_assert_cmphex(r.ret[0], ==, 0xffffffff);

    /* What VOF does not do, and calls that are not right. */
    r = ci_call(&m, "interpret", 1, 1, gstr(&m, "1 2 + ."));
    g_assert_cmphex(r.ret[0], ==, 0xffffffff);
    g_assert_cmphex(ci1(&m, "frobnicate", 0, 0, 0, 0, 0), ==, 0xffffffff);
    g_assert_cmphex(ci1(&m, "getprop", 3, rtas, gstr(&m, "power-off"), BUF, 0), ==, 0xffffffff);
    ci1(&m, "milliseconds", 0, 0, 0, 0, 0);
    r = ci_call(&m, "quiesce", 0, 0);
    g_assert_cmpint(r.hret, ==, H_SUCCESS);
    m_stop(&m);
}

static gint64 raw_call(M *m, guint64 addr)
{
    PowerCpu *cpu = m_cpu(m, 0);

    cpu->regs.msr = SPAPR_MSR_SF;
    cpu->regs.gpr[3] = KVMPPC_H_VOF_CLIENT;
    cpu->regs.gpr[4] = addr;
    g_assert_true(modvm_cpu_hypercall(MODVM_CPU(cpu)));
    return (gint64)cpu->regs.gpr[3];
}

static void test_hostile(void)
{
    g_autofree char *kernel = write_kernel(FALSE);
    GError *err = NULL;
    guint32 cells[13];
    GRand *rand = g_rand_new_with_seed(7);
    static const char *const services[] = {
        "finddevice", "getprop", "getproplen", "setprop", "nextprop", "peer", "child", "parent",
        "open", "close", "instance-to-package", "package-to-path", "instance-to-path", "write",
        "read", "claim", "release", "call-method", "interpret", "milliseconds", "quiesce",
    };
    M m;

    m_try(&m, &err, "-M", "pseries,x-vof=on", "-kernel", kernel, NULL);
    g_assert_no_error(err);
    str_at = 0;
    /* Argument arrays that are not memory, too many cells, service names that never end. */
    g_assert_cmpint(raw_call(&m, 0x7fffffff0000ull), ==, H_PARAMETER);
    g_assert_cmpint(raw_call(&m, (512u << 20) - 20), ==, H_PARAMETER);
    cells[0] = GUINT32_TO_BE(gstr(&m, "peer"));
    cells[1] = GUINT32_TO_BE(10);
    cells[2] = GUINT32_TO_BE(0);
    ram_write(&m, ARGS, cells, sizeof(cells));
    g_assert_cmpint(raw_call(&m, ARGS), ==, H_PARAMETER);
    cells[1] = GUINT32_TO_BE(5);
    cells[2] = GUINT32_TO_BE(6);
    ram_write(&m, ARGS, cells, sizeof(cells));
    g_assert_cmpint(raw_call(&m, ARGS), ==, H_PARAMETER);
    cells[0] = GUINT32_TO_BE(0xfffffff0);
    cells[2] = GUINT32_TO_BE(1);
    ram_write(&m, ARGS, cells, sizeof(cells));
    g_assert_cmpint(raw_call(&m, ARGS), ==, H_PARAMETER);
    {
        guint8 longname[80];
        memset(longname, 'a', sizeof(longname));
        ram_write(&m, STR + 0x800, longname, sizeof(longname));
        cells[0] = GUINT32_TO_BE(STR + 0x800);
        ram_write(&m, ARGS, cells, sizeof(cells));
        g_assert_cmpint(raw_call(&m, ARGS), ==, H_PARAMETER);
    }

    /* Real services with random arguments: pointers anywhere, sizes of any kind. */
    for (guint i = 0; i < 20000; i++) {
        guint nargs = g_rand_int_range(rand, 0, 8);
        guint nret = g_rand_int_range(rand, 0, 4);
        guint32 vals[8];

        for (guint j = 0; j < 8; j++) {
            switch (g_rand_int_range(rand, 0, 5)) {
            case 0: vals[j] = g_rand_int(rand); break;
            case 1: vals[j] = g_rand_int_range(rand, 0, 8); break;
            case 2: vals[j] = 0x1111 + g_rand_int_range(rand, 0, 40); break;
            case 3: vals[j] = STR + g_rand_int_range(rand, 0, 0x100); break;
            default: vals[j] = (512u << 20) - g_rand_int_range(rand, 0, 64); break;
            }
        }
        if (g_rand_int_range(rand, 0, 4) == 0) {
            guint8 junk[0x100];
            for (guint j = 0; j < sizeof(junk); j++) {
                junk[j] = g_rand_int_range(rand, 0, 4) ? "/abc@1,name"[g_rand_int_range(rand, 0, 11)]
                                                       : 0;
            }
            ram_write(&m, STR, junk, sizeof(junk));
        }
        cells[0] = GUINT32_TO_BE(gstr(&m, services[g_rand_int_range(rand, 0,
                                                                   G_N_ELEMENTS(services))]));
        cells[1] = GUINT32_TO_BE(nargs);
        cells[2] = GUINT32_TO_BE(nret);
        for (guint j = 0; j < nargs; j++) {
            cells[3 + j] = GUINT32_TO_BE(vals[j]);
        }
        ram_write(&m, ARGS, cells, sizeof(cells));
        g_assert_cmpint(raw_call(&m, ARGS), <=, 0);
        g_assert_cmpint(fdt_check_header(m.spapr->fdt), ==, 0);
    }
    g_rand_free(rand);
    m_stop(&m);
}

static void test_exit(void)
{
    g_autofree char *kernel = write_kernel(FALSE);
    GError *err = NULL;
    CiResult r;
    M m;

    m_try(&m, &err, "-M", "pseries,x-vof=on", "-kernel", kernel, NULL);
    g_assert_no_error(err);
    r = ci_call(&m, "exit", 0, 0);
    g_assert_cmpint(r.hret, ==, H_SUCCESS);
    g_assert_true(m_cpu(&m, 0)->tcg.halted);
    g_assert_cmpint(modvm_machine_shutdown_cause(m.s->machine), ==,
                    MODVM_SHUTDOWN_GUEST_POWEROFF);
    m_stop(&m);
}

/* -dtb: the user's tree replaces the generated one; VOF still numbers it and opens stdout. */
static void test_dtb_file(void)
{
    g_autofree char *kernel = write_kernel(FALSE);
    g_autofree char *dtb = tmp_path("user.dtb");
    guint8 blob[4096];
    guint64 reg[2] = { 0, GUINT64_TO_BE(512u << 20) };
    GError *err = NULL;
    int node;
    M m;

    g_assert_cmpint(fdt_create_empty_tree(blob, sizeof(blob)), ==, 0);
    fdt_setprop_cell(blob, 0, "#address-cells", 2);
    fdt_setprop_cell(blob, 0, "#size-cells", 2);
    fdt_setprop_string(blob, 0, "model", "my own board");
    node = fdt_add_subnode(blob, 0, "memory@0");
    fdt_setprop(blob, node, "reg", reg, sizeof(reg));
    node = fdt_add_subnode(blob, 0, "chosen");
    fdt_setprop_string(blob, node, "stdout-path", "/vdevice/vty@71000000");
    node = fdt_add_subnode(blob, 0, "vdevice");
    node = fdt_add_subnode(blob, node, "vty@71000000");
    fdt_setprop_cell(blob, node, "reg", 0x71000000);
    fdt_pack(blob);
    g_assert_true(g_file_set_contents(dtb, (char *)blob, fdt_totalsize(blob), NULL));

    m_try(&m, &err, "-M", "pseries,x-vof=on", "-kernel", kernel, "-dtb", dtb,
                        NULL);
    g_assert_no_error(err);
    g_assert_cmpstr(dt_prop(&m, "/", "model", NULL), ==, "my own board");
    g_assert_null(dt_prop(&m, "/rtas", "power-off", NULL));
    g_assert_cmphex(GUINT32_FROM_BE(*(guint32 *)dt_prop(&m, "/chosen", "stdout", NULL)), ==, 1);
    g_assert_nonnull(dt_prop(&m, "/memory@0", "available", NULL));
    g_assert_cmpuint(ci1(&m, "write", 3, 1, VOF_EXIT_NAME, 4, 0), ==, 4);
    m_stop(&m);
    g_unlink(dtb);
}

#ifdef HAVE_ACCEL_TCG
/*
 * A whole boot with the software engine: a big-endian program (entered as
 * QEMU's VOF enters kernels: 32-bit big-endian real mode at kernel-addr)
 * that prints through H_PUT_TERM_CHAR and powers off through
 * KVMPPC_H_RTAS; modvm_session_run ends with the guest.
 */
static char *write_program(void)
{
    static const guint32 code[] = {
        0x38600058,     /* li    r3,H_PUT_TERM_CHAR */
        0x3c807100,     /* lis   r4,0x7100          the vty */
        0x38a00003,     /* li    r5,3 */
        0x3cc04f4b,     /* lis   r6,"OK" */
        0x60c60a00,     /* ori   r6,r6,"\n" */
        0x78c607c6,     /* sldi  r6,r6,32           first byte most significant */
        0x44000022,     /* sc    1 */
        0x3c800050,     /* lis   r4,0x50            the RTAS buffer at 0x500000 */
        0x38002003,     /* li    r0,0x2003          power-off */
        0x90040000,     /* stw   r0,0(r4) */
        0x38000002,     /* li    r0,2               nargs */
        0x90040004,     /* stw   r0,4(r4) */
        0x38000001,     /* li    r0,1               nret */
        0x90040008,     /* stw   r0,8(r4) */
        0x38600000,     /* li    r3,0 */
        0x6063f000,     /* ori   r3,r3,KVMPPC_H_RTAS */
        0x44000022,     /* sc    1 */
        0x48000000,     /* b     . */
    };
    guint8 img[0x200] = { 0 };
    Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
    Elf64_Phdr *ph = (Elf64_Phdr *)(img + sizeof(*eh));
    char *path = tmp_path("program.elf");

    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2MSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = GUINT16_TO_BE(ET_EXEC);
    eh->e_machine = GUINT16_TO_BE(EM_PPC64);
    eh->e_phoff = GUINT64_TO_BE(sizeof(*eh));
    eh->e_phentsize = GUINT16_TO_BE(sizeof(*ph));
    eh->e_phnum = GUINT16_TO_BE(1);
    ph->p_type = GUINT32_TO_BE(PT_LOAD);
    ph->p_offset = GUINT64_TO_BE(0x100);
    ph->p_filesz = GUINT64_TO_BE(sizeof(code));
    ph->p_memsz = GUINT64_TO_BE(sizeof(code));
    for (guint i = 0; i < G_N_ELEMENTS(code); i++) {
        ((guint32 *)(img + 0x100))[i] = GUINT32_TO_BE(code[i]);
    }
    g_assert_true(g_file_set_contents(path, (char *)img, sizeof(img), NULL));
    return path;
}

static gboolean run_timeout(gpointer data)
{
    modvm_session_request_quit(data, "host-signal");
    return G_SOURCE_REMOVE;
}

static void test_run_program(void)
{
    g_autofree char *program = write_program();
    g_autofree char *out = tmp_path("program.out");
    g_autofree char *serial = g_strdup_printf("file:%s", out);
    g_autofree char *text = NULL;
    char *argv[] = {
        "modvm", "-M", "pseries,x-vof=on", "-nodefaults", "-serial", serial, "-kernel", program,
        NULL
    };
    ModvmConfig *cfg = modvm_config_new();
    ModvmSession *s;
    GError *err = NULL;
    guint timeout;
    int status;

    g_assert_true(modvm_config_parse(cfg, G_N_ELEMENTS(argv) - 1, argv, &err));
    s = modvm_session_new(cfg);
    if (!modvm_session_prepare(s, &err) || !modvm_session_select_machine(s, &err) ||
        !modvm_session_build(s, TRUE, &err)) {
        g_error("%s", err->message);
    }
    timeout = g_timeout_add_seconds(60, run_timeout, s);
    status = modvm_session_run(s, &err);
    g_assert_no_error(err);
    g_assert_cmpint(status, ==, 0);
    g_source_remove(timeout);
    g_assert_true(g_file_get_contents(out, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "OK\n");
    modvm_session_free(s);
    modvm_config_free(cfg);
    g_unlink(out);
}
#endif

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("vof-XXXXXX", NULL);
    g_test_add_func("/fw-slof/slof/boot-state", test_slof_boot_state);
    g_test_add_func("/fw-slof/slof/search", test_slof_search);
    g_test_add_func("/fw-slof/slof/refusals", test_slof_refusals);
    g_test_add_func("/fw-slof/vof/boot-state", test_boot_state);
    g_test_add_func("/fw-slof/vof/big-endian-and-no-kernel", test_big_endian_kernel);
    g_test_add_func("/fw-slof/vof/refusals", test_refusals);
    g_test_add_func("/fw-slof/vof/services", test_services);
    g_test_add_func("/fw-slof/vof/hostile", test_hostile);
    g_test_add_func("/fw-slof/vof/exit", test_exit);
    g_test_add_func("/fw-slof/vof/dtb-file", test_dtb_file);
#ifdef HAVE_ACCEL_TCG
    g_test_add_func("/fw-slof/vof/run-program", test_run_program);
#endif
    ret = g_test_run();
    {
        g_autoptr(GDir) d = g_dir_open(tmpdir, 0, NULL);
        const char *n;
        while (d && (n = g_dir_read_name(d))) {
            g_autofree char *p = tmp_path(n);
            g_unlink(p);
        }
    }
    g_rmdir(tmpdir);
    return ret;
}
