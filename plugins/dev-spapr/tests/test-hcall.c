/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pseries hypercalls, RTAS and the device tree, driven through the CPUs' real hypercall hook. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* dladdr */
#endif
#include "core.h"
#include "../spapr.h"

#include <dlfcn.h>

#include <string.h>
#include <time.h>
#include <glib/gstdio.h>

typedef struct {
    ModvmConfig *cfg;
    ModvmSession *s;
    SpaprMachine *spapr;
    char *dir;
    char *out;                  /* the vty's file chardev */
} M;

/*
 * A pseries from machines/pseries.json: "modvm ARGS... -serial file:OUT",
 * finished and reset as modvm_session_run would.
 */
static void m_start(M *m, ...)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    GError *err = NULL;
    const char *arg;
    va_list ap;

    memset(m, 0, sizeof(*m));
    m->dir = g_dir_make_tmp("spapr-hcall-XXXXXX", NULL);
    m->out = g_build_filename(m->dir, "vty.out", NULL);
    g_ptr_array_add(argv, g_strdup("modvm"));
    va_start(ap, m);
    while ((arg = va_arg(ap, const char *))) {
        g_ptr_array_add(argv, g_strdup(arg));
    }
    va_end(ap);
    /* The machine's own vty (as in QEMU: vty@71000000, then nvram@71000001). */
    g_ptr_array_add(argv, g_strdup("-serial"));
    g_ptr_array_add(argv, g_strdup_printf("file:%s", m->out));
    g_ptr_array_add(argv, NULL);

    m->cfg = modvm_config_new();
    if (!modvm_config_parse(m->cfg, argv->len - 1, (char **)argv->pdata, &err)) {
        g_error("%s", err->message);
    }
    m->s = modvm_session_new(m->cfg);
    if (!modvm_session_prepare(m->s, &err) || !modvm_session_select_machine(m->s, &err) ||
        !modvm_session_build(m->s, FALSE, &err)) {
        g_error("%s", err->message);
    }
    for (guint i = 0; i < m->s->chardevs->len; i++) {
        if (!modvm_chardev_open(m->s->chardevs->pdata[i], NULL, &err)) {
            g_error("%s", err->message);
        }
    }
    m->spapr = spapr_machine_from(m->s->machine);
    g_assert_nonnull(m->spapr);
    if (!MODVM_MACHINE_GET_CLASS(m->s->machine)->finish(m->s->machine, &err)) {
        g_error("%s", err->message);
    }
    modvm_machine_reset(m->s->machine);
}

static void m_stop(M *m)
{
    g_clear_pointer(&m->s, modvm_session_free);
    g_clear_pointer(&m->cfg, modvm_config_free);
    g_unlink(m->out);
    g_rmdir(m->dir);
    g_free(m->out);
    g_free(m->dir);
}

static PowerCpu *m_cpu(M *m, guint i)
{
    return spapr_cpu(modvm_machine_get_cpus(m->s->machine)->pdata[i]);
}

static char *m_output(M *m)
{
    char *text = NULL;
    g_file_get_contents(m->out, &text, NULL, NULL);
    return text ? text : g_strdup("");
}

/* An hcall on CPU @n through the CPU's hook: r3 and what it returns. */
static gint64 hcall(M *m, guint n, guint64 opcode, guint64 a0, guint64 a1, guint64 a2,
                    guint64 a3)
{
    PowerCpu *cpu = m_cpu(m, n);

    cpu->regs.gpr[3] = opcode;
    cpu->regs.gpr[4] = a0;
    cpu->regs.gpr[5] = a1;
    cpu->regs.gpr[6] = a2;
    cpu->regs.gpr[7] = a3;
    g_assert_true(modvm_cpu_hypercall(MODVM_CPU(cpu)));
    return (gint64)cpu->regs.gpr[3];
}

/* An hcall with five arguments on CPU 0. */
static gint64 hcall5(M *m, guint64 opcode, guint64 a0, guint64 a1, guint64 a2, guint64 a3,
                     guint64 a4)
{
    m_cpu(m, 0)->regs.gpr[8] = a4;
    return hcall(m, 0, opcode, a0, a1, a2, a3);
}

static void ram_write(M *m, guint64 addr, const void *buf, gsize len)
{
    g_assert_cmpint(modvm_address_space_write(modvm_machine_address_space(m->s->machine), addr,
                                              buf, len), ==, MODVM_MEM_OK);
}

static void ram_read(M *m, guint64 addr, void *buf, gsize len)
{
    g_assert_cmpint(modvm_address_space_read(modvm_machine_address_space(m->s->machine), addr,
                                             buf, len), ==, MODVM_MEM_OK);
}

static guint32 dt_cell(M *m, const char *path, const char *prop)
{
    int node = fdt_path_offset(m->spapr->fdt, path);
    int len = 0;
    const guint32 *v = node >= 0 ? fdt_getprop(m->spapr->fdt, node, prop, &len) : NULL;

    if (!v || len != 4) {
        g_error("%s %s: no cell (%d)", path, prop, node < 0 ? node : len);
    }
    return GUINT32_FROM_BE(*v);
}

static const void *dt_prop(M *m, const char *path, const char *prop, int *len)
{
    int node = fdt_path_offset(m->spapr->fdt, path);
    return node >= 0 ? fdt_getprop(m->spapr->fdt, node, prop, len) : NULL;
}

/* An RTAS call made as the guest makes it: the buffer in RAM, KVMPPC_H_RTAS with its address. */
#define RTAS_BUF 0x100000
static gint64 rtas(M *m, const char *name, guint32 nargs, const guint32 *args, guint32 nret,
                   guint32 *rets)
{
    guint32 buf[3 + 32];
    guint32 token = dt_cell(m, "/rtas", name);
    gint64 r;

    buf[0] = GUINT32_TO_BE(token);
    buf[1] = GUINT32_TO_BE(nargs);
    buf[2] = GUINT32_TO_BE(nret);
    for (guint i = 0; i < nargs; i++) {
        buf[3 + i] = GUINT32_TO_BE(args[i]);
    }
    for (guint i = 0; i < nret; i++) {
        buf[3 + nargs + i] = GUINT32_TO_BE(0xdeadbeef);
    }
    ram_write(m, RTAS_BUF, buf, 4 * (3 + nargs + nret));
    r = hcall(m, 0, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0);
    ram_read(m, RTAS_BUF + 12 + 4 * nargs, buf, 4 * nret);
    for (guint i = 0; i < nret; i++) {
        rets[i] = GUINT32_FROM_BE(buf[i]);
    }
    return r;
}

static guint64 chars(const char *s)
{
    guint8 b[8] = { 0 };
    guint64 v;

    memcpy(b, s, MIN(strlen(s), 8));
    memcpy(&v, b, 8);
    return GUINT64_FROM_BE(v);
}

static void test_put_term_char(void)
{
    M m;
    g_autofree char *out = NULL;

    m_start(&m, "-M", "pseries", NULL);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TERM_CHAR, 0x71000000, 5, chars("hello"), 0), ==,
                    H_SUCCESS);
    /* Sixteen bytes: r6 then r7, first byte most significant. */
    g_assert_cmpint(hcall(&m, 0, H_PUT_TERM_CHAR, 0x71000000, 16, chars(" 0123456"),
                          chars("789abcd\n")), ==, H_SUCCESS);
    /* Linux's early console says unit address 0. */
    g_assert_cmpint(hcall(&m, 0, H_PUT_TERM_CHAR, 0, 2, chars("ok"), 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TERM_CHAR, 0x71000000, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TERM_CHAR, 0x71000001, 1, chars("x"), 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TERM_CHAR, 0x1071000000ull, 1, chars("x"), 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TERM_CHAR, 0x71000000, 17, chars("x"), 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TERM_CHAR, 0x71000000, G_MAXUINT64, 0, 0), ==,
                    H_PARAMETER);
    out = m_output(&m);
    g_assert_cmpstr(out, ==, "hello 0123456789abcd\nok");
    m_stop(&m);
}

static void test_get_term_char(void)
{
    M m;
    PowerCpu *cpu;
    ModvmChardev *chr;

    m_start(&m, "-M", "pseries", NULL);
    chr = m.s->chardevs->pdata[0];
    cpu = m_cpu(&m, 0);
    g_assert_cmpint(hcall(&m, 0, H_GET_TERM_CHAR, 0x71000000, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpuint(cpu->regs.gpr[4], ==, 0);
    modvm_chardev_frontend_receive(chr, (const guint8 *)"ls -l\r", 6);
    g_assert_cmpint(hcall(&m, 0, H_GET_TERM_CHAR, 0x71000000, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpuint(cpu->regs.gpr[4], ==, 6);
    g_assert_cmphex(cpu->regs.gpr[5], ==, chars("ls -l\r"));
    g_assert_cmphex(cpu->regs.gpr[6], ==, 0);
    g_assert_cmpint(hcall(&m, 0, H_GET_TERM_CHAR, 0x12345, 0, 0, 0), ==, H_PARAMETER);
    m_stop(&m);
}

static void test_unknown_and_privileged(void)
{
    const guint64 unknown[] = { 0, 0x10, 0x55, 0x3fc, 0xf004, 0xf005, 0x1000000, G_MAXUINT64 };
    M m;

    m_start(&m, "-M", "pseries", NULL);
    for (guint i = 0; i < G_N_ELEMENTS(unknown); i++) {
        g_assert_cmpint(hcall(&m, 0, unknown[i], 1, 2, 3, 4), ==, H_FUNCTION);
    }
    /* H_RANDOM exists only with an spapr-rng. */
    g_assert_cmpint(hcall(&m, 0, H_RANDOM, 0, 0, 0, 0), ==, H_FUNCTION);
    m_cpu(&m, 0)->regs.msr |= SPAPR_MSR_PR;
    g_assert_cmpint(hcall(&m, 0, H_PUT_TERM_CHAR, 0x71000000, 1, chars("x"), 0), ==,
                    H_PRIVILEGE);
    m_stop(&m);
}

static void test_set_mode(void)
{
    M m;

    m_start(&m, "-M", "pseries", "-smp", "2", NULL);
    /* Resource 4: interrupt byte order, LPCR[ILE] on every thread. */
    g_assert_cmpint(hcall(&m, 0, H_SET_MODE, 1, 4, 0, 0), ==, H_SUCCESS);
    g_assert_true(m_cpu(&m, 0)->regs.spr[SPAPR_SPR_LPCR] & SPAPR_LPCR_ILE);
    g_assert_true(m_cpu(&m, 1)->regs.spr[SPAPR_SPR_LPCR] & SPAPR_LPCR_ILE);
    g_assert_cmpint(hcall(&m, 1, H_SET_MODE, 0, 4, 0, 0), ==, H_SUCCESS);
    g_assert_false(m_cpu(&m, 0)->regs.spr[SPAPR_SPR_LPCR] & SPAPR_LPCR_ILE);
    g_assert_cmpint(hcall(&m, 0, H_SET_MODE, 2, 4, 0, 0), ==, H_UNSUPPORTED_FLAG);
    g_assert_cmpint(hcall(&m, 0, H_SET_MODE, 1, 4, 1, 0), ==, H_P3);
    g_assert_cmpint(hcall(&m, 0, H_SET_MODE, 1, 4, 0, 1), ==, H_P4);
    /* Resource 3: AIL. */
    g_assert_cmpint(hcall(&m, 0, H_SET_MODE, 3, 3, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m_cpu(&m, 1)->regs.spr[SPAPR_SPR_LPCR] & SPAPR_LPCR_AIL, ==,
                    SPAPR_LPCR_AIL);
    g_assert_cmpint(hcall(&m, 0, H_SET_MODE, 1, 3, 0, 0), ==, H_UNSUPPORTED_FLAG);
    /* Unknown resources. */
    g_assert_cmpint(hcall(&m, 0, H_SET_MODE, 0, 0, 0, 0), ==, H_P2);
    g_assert_cmpint(hcall(&m, 0, H_SET_MODE, 0, 99, 0, 0), ==, H_P2);
    /* A reset puts the byte order back. */
    hcall(&m, 0, H_SET_MODE, 1, 4, 0, 0);
    modvm_machine_reset(m.s->machine);
    g_assert_false(m_cpu(&m, 1)->regs.spr[SPAPR_SPR_LPCR] & SPAPR_LPCR_ILE);
    m_stop(&m);
}

static void test_cede(void)
{
    M m;
    PowerCpu *cpu;

    m_start(&m, "-M", "pseries", NULL);
    cpu = m_cpu(&m, 0);
    cpu->regs.msr &= ~SPAPR_MSR_EE;
    cpu->tcg.halted = FALSE;
    cpu->tcg.interrupt_request = 0;
    g_assert_cmpint(hcall(&m, 0, H_CEDE, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_true(cpu->regs.msr & SPAPR_MSR_EE);
    g_assert_true(cpu->tcg.halted);
    /* With an interrupt already pending (the decrementer) the thread goes on. */
    cpu->regs.msr &= ~SPAPR_MSR_EE;
    cpu->tcg.halted = FALSE;
    cpu->tcg.interrupt_request = 1u << POWER_IRQ_DECREMENTER;
    g_assert_cmpint(hcall(&m, 0, H_CEDE, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_true(cpu->regs.msr & SPAPR_MSR_EE);
    g_assert_false(cpu->tcg.halted);
    m_stop(&m);
}

static void test_random(void)
{
    M m;
    guint64 a, b;

    m_start(&m, "-M", "pseries", "-device", "spapr-rng", NULL);
    g_assert_cmpint(hcall(&m, 0, H_RANDOM, 0, 0, 0, 0), ==, H_SUCCESS);
    a = m_cpu(&m, 0)->regs.gpr[4];
    g_assert_cmpint(hcall(&m, 0, H_RANDOM, 0, 0, 0, 0), ==, H_SUCCESS);
    b = m_cpu(&m, 0)->regs.gpr[4];
    g_assert_cmphex(a, !=, b);
    g_assert_nonnull(dt_prop(&m, "/ibm,platform-facilities/ibm,random-v1", "compatible", NULL));
    m_stop(&m);
}

/* The hash page table hcalls, on the table the CPUs walk. */
static void test_hpt(void)
{
    const guint64 pteh = (0x1234ull << 16) | 1, ptel = 0x200000 | 0x190 | 2;
    guint64 pteg = 0x40 * 8, *hpt;
    PowerCpu *cpu;
    M m;

    m_start(&m, "-M", "pseries", NULL);
    cpu = m_cpu(&m, 0);
    g_assert_cmpuint(m.spapr->htab_shift, ==, 22);
    hpt = (guint64 *)m.spapr->htab;
    /* H_ENTER: the first free slot of the group, the software bits cleared. */
    g_assert_cmpint(hcall(&m, 0, H_ENTER, 0, pteg + 3, pteh | 0x60, ptel), ==, H_SUCCESS);
    g_assert_cmpuint(cpu->regs.gpr[4], ==, pteg);
    g_assert_cmphex(GUINT64_FROM_BE(hpt[2 * pteg]), ==, pteh | 0x40);
    g_assert_cmphex(GUINT64_FROM_BE(hpt[2 * pteg + 1]), ==, ptel);
    /* H_EXACT: that slot or nothing. */
    g_assert_cmpint(hcall(&m, 0, H_ENTER, SPAPR_PPC_BIT(24), pteg, pteh, ptel), ==, -6);
    g_assert_cmpint(hcall(&m, 0, H_ENTER, SPAPR_PPC_BIT(24), pteg + 5, pteh, ptel), ==,
                    H_SUCCESS);
    g_assert_cmpuint(cpu->regs.gpr[4], ==, pteg + 5);
    for (guint i = 0; i < 6; i++) {
        g_assert_cmpint(hcall(&m, 0, H_ENTER, 0, pteg, pteh, ptel), ==, H_SUCCESS);
    }
    g_assert_cmpint(hcall(&m, 0, H_ENTER, 0, pteg, pteh, ptel), ==, -6);    /* H_PTEG_FULL */
    /* Memory must be WIMG=0010, I/O cache-inhibited; no group past the table. */
    g_assert_cmpint(hcall(&m, 0, H_ENTER, 0, 0, pteh, ptel & ~0x10ull), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_ENTER, 0, 0, pteh, 0x200000000ull | 0x1a0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_ENTER, 0, 1ull << 20, pteh, ptel), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_ENTER, 0, G_MAXUINT64, pteh, ptel), ==, H_PARAMETER);
    /* A 16M page is more than cap-hpt-max-page-size allows. */
    g_assert_cmpint(hcall(&m, 0, H_ENTER, 0, 0, pteh | 4, 0x1000000 | 0x190), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_ENTER, 0, 0, pteh | 4, 0x1001000 | 0x190), ==, H_SUCCESS);
    /* H_READ, H_PROTECT, H_REMOVE. */
    g_assert_cmpint(hcall(&m, 0, H_READ, 0, pteg, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(cpu->regs.gpr[4], ==, pteh | 0x40);
    g_assert_cmphex(cpu->regs.gpr[5], ==, ptel);
    g_assert_cmpint(hcall(&m, 0, H_PROTECT, 3 | 4, pteg, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(GUINT64_FROM_BE(hpt[2 * pteg + 1]) & 7, ==, 7);
    g_assert_cmpint(hcall(&m, 0, H_PROTECT, SPAPR_PPC_BIT(32), pteg, 0x999, 0), ==, -7);
    g_assert_cmpint(hcall(&m, 0, H_REMOVE, 0, pteg, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(cpu->regs.gpr[4], ==, pteh | 0x40);
    g_assert_cmpint(hcall(&m, 0, H_REMOVE, 0, pteg, 0, 0), ==, -7);        /* H_NOT_FOUND */
    g_assert_cmpint(hcall(&m, 0, H_READ, SPAPR_PPC_BIT(26), pteg + 1, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(cpu->regs.gpr[4], ==, 0x40);    /* the removed one, slot 0 */
    /* H_BULK_REMOVE: slot 1 removed, slot 0 not found, then the end. */
    cpu->regs.gpr[8] = 0xc000000000000000ull;
    g_assert_cmpint(hcall(&m, 0, H_BULK_REMOVE, 0x4000000000000000ull | (pteg + 1), 0,
                          0x4000000000000000ull | pteg, 0), ==, H_SUCCESS);
    g_assert_cmphex(cpu->regs.gpr[4] >> 60, ==, 0x8);
    g_assert_cmphex(cpu->regs.gpr[6] >> 60, ==, 0x9);
    g_assert_cmpint(hcall(&m, 0, H_BULK_REMOVE, 0x1234, 0, 0, 0), ==, H_PARAMETER);
    /* A reset empties the table. */
    modvm_machine_reset(m.s->machine);
    hpt = (guint64 *)m.spapr->htab;
    g_assert_cmphex(hpt[2 * (pteg + 5)], ==, 0);
    m_stop(&m);
}

static void test_rtas_power(void)
{
    M m;
    guint32 args[2] = { 0, 0 }, rets[8];

    m_start(&m, "-M", "pseries", NULL);
    g_assert_cmpint(rtas(&m, "power-off", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(modvm_machine_shutdown_cause(m.s->machine), ==, MODVM_SHUTDOWN_NONE);
    g_assert_cmpint(rtas(&m, "power-off", 2, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, RTAS_OUT_SUCCESS);
    g_assert_cmpint(modvm_machine_shutdown_cause(m.s->machine), ==,
                    MODVM_SHUTDOWN_GUEST_POWEROFF);
    m_stop(&m);

    m_start(&m, "-M", "pseries", NULL);
    g_assert_cmpint(rtas(&m, "system-reboot", 0, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, RTAS_OUT_SUCCESS);
    g_assert_cmpint(modvm_machine_shutdown_cause(m.s->machine), ==, MODVM_SHUTDOWN_GUEST_RESET);
    m_stop(&m);

    m_start(&m, "-M", "pseries", NULL);
    ram_write(&m, 0x200000, "Kernel panic - not syncing\n", 28);
    args[0] = 0x200000;
    g_assert_cmpint(rtas(&m, "ibm,os-term", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, RTAS_OUT_SUCCESS);
    g_assert_cmpint(modvm_machine_shutdown_cause(m.s->machine), ==, MODVM_SHUTDOWN_GUEST_PANIC);
    m_stop(&m);
}

static void test_rtas_time_and_char(void)
{
    M m;
    guint32 args[1] = { 'Z' }, rets[8];
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *out = NULL;
    guint32 buf[5];

    m_start(&m, "-M", "pseries", NULL);
    g_assert_cmpint(rtas(&m, "get-time-of-day", 0, args, 8, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(rets[1], >=, (guint32)g_date_time_get_year(now));
    g_assert_cmpint(rets[1], <=, (guint32)g_date_time_get_year(now) + 1);
    g_assert_cmpint(rets[2], >=, 1);
    g_assert_cmpint(rets[2], <=, 12);
    g_assert_cmpint(rets[3], >=, 1);
    g_assert_cmpint(rets[3], <=, 31);
    g_assert_cmpint(rets[4], <=, 23);
    g_assert_cmpint(rets[5], <=, 59);
    g_assert_cmpint(rets[6], <=, 60);
    g_assert_cmpint(rets[7], <, 1000000000);
    g_assert_cmpint(rtas(&m, "get-time-of-day", 0, args, 7, rets), ==, H_SUCCESS);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    /* set-time-of-day moves the clock the guest reads (QEMU's token); a reset keeps it. */
    g_assert_cmphex(dt_cell(&m, "/rtas", "set-time-of-day"), ==, 0x2002);
    {
        guint32 date[8] = { 2000, 2, 29, 13, 14, 5, 0, 0 };
        g_assert_cmpint(rtas(&m, "set-time-of-day", 7, date, 1, rets), ==, H_SUCCESS);
        g_assert_cmpint(rets[0], ==, 0);
        modvm_machine_reset(m.s->machine);
        rtas(&m, "get-time-of-day", 0, args, 8, rets);
        g_assert_cmpint(rets[0], ==, 0);
        g_assert_cmpint(rets[1], ==, 2000);
        g_assert_cmpint(rets[2], ==, 2);
        g_assert_cmpint(rets[3], ==, 29);
        g_assert_cmpint(rets[4], ==, 13);
        g_assert_cmpint(rets[5], ==, 14);
        /* Month 13 of 1999 is January 2000, as QEMU takes it. */
        date[0] = 1999;
        date[1] = 13;
        date[2] = 1;
        rtas(&m, "set-time-of-day", 7, date, 1, rets);
        rtas(&m, "get-time-of-day", 0, args, 8, rets);
        g_assert_cmpint(rets[1], ==, 2000);
        g_assert_cmpint(rets[2], ==, 1);
        /* A year the clock cannot hold (a parameter error, as QEMU answers mktimegm failing). */
        date[0] = 0xffffffff;
        rtas(&m, "set-time-of-day", 7, date, 1, rets);
        g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
        for (guint i = 0; i < 6; i++) {
            date[i] = 0xffffffff;
        }
        rtas(&m, "set-time-of-day", 7, date, 1, rets);
        g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
        rtas(&m, "set-time-of-day", 6, date, 1, rets);
        g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
        rtas(&m, "set-time-of-day", 8, date, 1, rets);
        g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
        rtas(&m, "get-time-of-day", 0, args, 8, rets);
        g_assert_cmpint(rets[1], ==, 2000);
    }
    /* ibm,set-system-parameter: nothing may be changed. */
    {
        guint32 p[3] = { 20, 0x1000, 16 };
        g_assert_cmpint(rtas(&m, "ibm,set-system-parameter", 2, p, 1, rets), ==, H_SUCCESS);
        g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_NOT_AUTHORIZED);
        p[0] = 48;
        rtas(&m, "ibm,set-system-parameter", 2, p, 1, rets);
        g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_NOT_AUTHORIZED);
        p[0] = 12345;
        rtas(&m, "ibm,set-system-parameter", 2, p, 1, rets);
        g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_NOT_SUPPORTED);
        rtas(&m, "ibm,set-system-parameter", 0, p, 1, rets);
        g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    }

    g_assert_cmpint(rtas(&m, "display-character", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    /* Token 0xa: display-character for early Linux debug code, as QEMU. */
    buf[0] = GUINT32_TO_BE(0xa);
    buf[1] = GUINT32_TO_BE(1);
    buf[2] = GUINT32_TO_BE(1);
    buf[3] = GUINT32_TO_BE('!');
    ram_write(&m, RTAS_BUF, buf, 16);
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0), ==, H_SUCCESS);
    out = m_output(&m);
    g_assert_cmpstr(out, ==, "Z!");

    /* An unknown token: H_PARAMETER and status -3. */
    buf[0] = GUINT32_TO_BE(0x2fff);
    buf[4] = 0;
    ram_write(&m, RTAS_BUF, buf, 20);
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0), ==, H_PARAMETER);
    ram_read(&m, RTAS_BUF + 16, buf, 4);
    g_assert_cmpint((gint32)GUINT32_FROM_BE(buf[0]), ==, RTAS_OUT_PARAM_ERROR);
    /* Buffers that are not RAM, or that say they are huge. */
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_RTAS, 0x7ffffff0000ull, 0, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_RTAS, (512u << 20) - 8, 0, 0, 0), ==, H_PARAMETER);
    buf[0] = GUINT32_TO_BE(dt_cell(&m, "/rtas", "power-off"));
    buf[1] = GUINT32_TO_BE(1000);
    buf[2] = GUINT32_TO_BE(1);
    ram_write(&m, RTAS_BUF, buf, 12);
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0), ==, H_SUCCESS);
    ram_read(&m, RTAS_BUF + 12 + 4000, buf, 4);
    g_assert_cmpint((gint32)GUINT32_FROM_BE(buf[0]), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(modvm_machine_shutdown_cause(m.s->machine), ==, MODVM_SHUTDOWN_NONE);
    m_stop(&m);
}

/* Seconds since the epoch of what get-time-of-day answered (GLib, not the code under test). */
static gint64 rtc_get(M *m, guint32 *rets)
{
    guint32 none[1] = { 0 };
    g_autoptr(GDateTime) dt = NULL;

    g_assert_cmpint(rtas(m, "get-time-of-day", 0, none, 8, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpuint(rets[7], <, 1000000000);
    dt = g_date_time_new_utc((gint)rets[1], (gint)rets[2], (gint)rets[3], (gint)rets[4],
                             (gint)rets[5], rets[6]);
    g_assert_nonnull(dt);
    return g_date_time_to_unix(dt);
}

static gint64 unix_utc(gint y, gint mo, gint d, gint h, gint mi, gint s)
{
    g_autoptr(GDateTime) dt = g_date_time_new_utc(y, mo, d, h, mi, s);
    return g_date_time_to_unix(dt);
}

static gint32 rtc_set(M *m, guint32 y, guint32 mo, guint32 d, guint32 h, guint32 mi, guint32 s)
{
    guint32 args[7] = { y, mo, d, h, mi, s, 0 }, rets[1];

    g_assert_cmpint(rtas(m, "set-time-of-day", 7, args, 1, rets), ==, H_SUCCESS);
    return (gint32)rets[0];
}

static void test_rtc(void)
{
    const gint64 base = unix_utc(2006, 6, 17, 16, 1, 21);
    guint32 args[7] = { 0 }, rets[8];
    gint64 t;
    M m;

    /* -rtc base=DATETIME: the clock starts there (and moves on with the host's). */
    m_start(&m, "-M", "pseries", "-rtc", "base=2006-06-17T16:01:21", NULL);
    t = rtc_get(&m, rets);
    g_assert_cmpint(t - base, >=, 0);
    g_assert_cmpint(t - base, <, 60);
    /* set-time-of-day, then get-time-of-day reads from there. */
    g_assert_cmpint(rtc_set(&m, 2010, 2, 28, 23, 59, 58), ==, 0);
    t = rtc_get(&m, rets) - unix_utc(2010, 2, 28, 23, 59, 58);
    g_assert_cmpint(t, >=, 0);
    g_assert_cmpint(t, <, 60);
    /* A reset keeps the guest's time, as QEMU's offset outlives resets. */
    modvm_machine_reset(m.s->machine);
    t = rtc_get(&m, rets) - unix_utc(2010, 2, 28, 23, 59, 58);
    g_assert_cmpint(t, >=, 0);
    g_assert_cmpint(t, <, 60);
    /* Out-of-range fields carry over, as QEMU's arithmetic has them. */
    g_assert_cmpint(rtc_set(&m, 2010, 13, 1, 0, 0, 0), ==, 0);
    g_assert_cmpint(rtc_get(&m, rets) - unix_utc(2011, 1, 1, 0, 0, 0), <, 60);
    g_assert_cmpint(rtc_set(&m, 2010, 2, 30, 24, 0, 0), ==, 0);
    g_assert_cmpint(rtc_get(&m, rets) - unix_utc(2010, 3, 3, 0, 0, 0), <, 60);
    g_assert_cmpint(rtc_set(&m, 2010, 1, 0, 0, 0, 0), ==, 0);
    g_assert_cmpint(rtc_get(&m, rets) - unix_utc(2009, 12, 31, 0, 0, 0), <, 60);
    g_assert_cmpint(rtc_set(&m, 2012, 2, 29, 12, 0, 0), ==, 0);
    g_assert_cmpint(rtc_get(&m, rets) - unix_utc(2012, 2, 29, 12, 0, 0), <, 60);
    g_assert_cmpuint(rets[2], ==, 2);
    /* The one time QEMU refuses, and times no 64-bit nanosecond clock holds: parameter error. */
    g_assert_cmpint(rtc_set(&m, 1969, 12, 31, 23, 59, 59), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(rtc_set(&m, 0xffffffff, 1, 1, 0, 0, 0), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(rtc_set(&m, 2262, 1, 1, 0, 0, 0), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(rtc_set(&m, 1700, 1, 1, 0, 0, 0), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(rtc_set(&m, 2000, 0x80000000, 0xffffffff, 0x7fffffff, 0x80000000,
                            0xffffffff), ==, RTAS_OUT_PARAM_ERROR);
    /* ... and a refused call leaves the clock alone. */
    g_assert_cmpint(rtc_get(&m, rets) - unix_utc(2012, 2, 29, 12, 0, 0), <, 60);
    g_assert_cmpint(rtc_set(&m, 2200, 3, 1, 0, 0, 0), ==, 0);
    g_assert_cmpint(rtc_get(&m, rets) - unix_utc(2200, 3, 1, 0, 0, 0), <, 60);
    g_assert_cmpint(rtc_set(&m, 1800, 3, 1, 0, 0, 0), ==, 0);
    g_assert_cmpint(rtc_get(&m, rets) - unix_utc(1800, 3, 1, 0, 0, 0), <, 60);
    g_assert_cmpint(rtc_set(&m, 1969, 12, 31, 23, 59, 58), ==, 0);
    g_assert_cmpint(rtc_get(&m, rets) - unix_utc(1969, 12, 31, 23, 59, 58), <, 60);
    /* Argument counts: 7 in and 1 out, 0 in and 8 out. */
    g_assert_cmpint(rtas(&m, "set-time-of-day", 6, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(rtas(&m, "set-time-of-day", 7, args, 2, rets), ==, H_SUCCESS);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(rtas(&m, "get-time-of-day", 1, args, 8, rets), ==, H_SUCCESS);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    m_stop(&m);

    /* clock=vm: the guest's virtual clock; base=2006-06-17 is midnight. */
    m_start(&m, "-M", "pseries", "-rtc", "base=2006-06-17,clock=vm", NULL);
    t = rtc_get(&m, rets) - unix_utc(2006, 6, 17, 0, 0, 0);
    g_assert_cmpint(t, >=, 0);
    g_assert_cmpint(t, <, 60);
    m_stop(&m);
}

/* base=localtime: the host's wall clock in its time zone, given to the guest as UTC. */
static void test_rtc_localtime(void)
{
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    const char *old_tz = g_getenv("TZ");
    g_autofree char *saved = g_strdup(old_tz);
    guint32 rets[8];
    gint64 t;
    M m;

    g_setenv("TZ", "XYZ-5", TRUE);      /* five hours east of UTC, no summer time */
    tzset();
    m_start(&m, "-M", "pseries", "-rtc", "base=localtime", NULL);
    t = rtc_get(&m, rets) - (g_date_time_to_unix(now) + 5 * 3600);
    g_assert_cmpint(t, >=, -1);
    g_assert_cmpint(t, <, 60);
    m_stop(&m);
    if (saved) {
        g_setenv("TZ", saved, TRUE);
    } else {
        g_unsetenv("TZ");
    }
    tzset();
}

/* A malformed -rtc is refused when the machine is built, with what would do. */
static void test_rtc_bad_options(void)
{
    static const char *const bad[] = {
        "base=yesterday", "base=2006-13-01", "base=2006-02-30", "base=2006-06-17T25:00:00",
        "base=2006-06-17T16:01:21x", "base=2006-06-17T16:01", "base=", "clock=rt",
        "base=0000-01-01", "base=9999-01-01", "base=1700-01-01", "base=2006- 6-17",
        "base=+2006-06-17",
    };

    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        char *argv[] = { "modvm", "-M", "pseries", "-rtc", (char *)bad[i], NULL };
        g_autoptr(GError) err = NULL;
        ModvmConfig *cfg = modvm_config_new();
        ModvmSession *s;
        gboolean ok;

        ok = modvm_config_parse(cfg, 5, argv, &err);
        if (ok) {
            s = modvm_session_new(cfg);
            ok = modvm_session_prepare(s, &err) && modvm_session_select_machine(s, &err) &&
                 modvm_session_build(s, FALSE, &err);
            modvm_session_free(s);
        }
        g_assert_false(ok);
        g_assert_nonnull(err);
        if (g_str_has_prefix(bad[i], "base=")) {
            g_assert_nonnull(strstr(err->message, "2006-06-17T16:01:21"));
        } else {
            g_assert_nonnull(strstr(err->message, "rtc-clock"));
        }
        modvm_config_free(cfg);
    }
}

#define H_RESIZE_BUSY 9902     /* H_LONG_BUSY_ORDER_100_MSEC */
#define HPTE_BOLTED 0x10ull

/* The primary hash of a 4K page of a 256M segment (Power ISA Book III 5.7.7.3). */
static guint64 hash_256m(guint64 vsid, guint64 page)
{
    return vsid ^ page;
}

/* The first doubleword of a valid bolted 4K HPTE for that page. */
static guint64 hpte_256m(guint64 vsid, guint64 page, guint64 flags)
{
    return (((vsid << 28) | (page << 12)) >> 23) << 7 | HPTE_BOLTED | flags | 1;
}

/* An HPTE's first doubleword without the software bits (H_ENTER sets 0x40, as QEMU's). */
static guint64 hpt_v(M *m, guint64 ptex)
{
    return GUINT64_FROM_BE(((guint64 *)m->spapr->htab)[2 * ptex]) & ~0x60ull;
}

static void test_resize_hpt(void)
{
    const guint64 vsid = 0x123456, ptel = 0x200000 | 0x190 | 2;
    const guint64 pages[] = { 0x0, 0x7fff, 0xabcd, 0x4321 };
    const guint64 vsid1t = 0x9abcd, page1t = 0x1234567;
    guint64 hash, mask, ptex, v;
    M m;

    m_start(&m, "-M", "pseries", NULL);
    g_assert_cmpuint(m.spapr->htab_shift, ==, 22);
    mask = (1ull << 15) - 1;
    /* Bolted entries: primary groups, one in its secondary group, one 1T, one not bolted. */
    for (guint i = 0; i < G_N_ELEMENTS(pages); i++) {
        hash = hash_256m(vsid, pages[i]);
        g_assert_cmpint(hcall(&m, 0, H_ENTER, 0, (hash & mask) * 8,
                              hpte_256m(vsid, pages[i], 0), ptel + (i << 12)), ==, H_SUCCESS);
    }
    hash = hash_256m(vsid, 0x5555);
    g_assert_cmpint(hcall(&m, 0, H_ENTER, 0, (~hash & mask) * 8, hpte_256m(vsid, 0x5555, 2),
                          ptel), ==, H_SUCCESS);
    hash = vsid1t ^ (vsid1t << 25) ^ page1t;
    v = (1ull << 62) | (((vsid1t << 40) | (page1t << 12)) >> 23) << 7 | HPTE_BOLTED | 1;
    g_assert_cmpint(hcall(&m, 0, H_ENTER, 0, (hash & mask) * 8, v, ptel), ==, H_SUCCESS);
    hash = hash_256m(vsid, 0x1111);
    g_assert_cmpint(hcall(&m, 0, H_ENTER, 0, (hash & mask) * 8,
                          hpte_256m(vsid, 0x1111, 0) & ~HPTE_BOLTED, ptel), ==, H_SUCCESS);
    g_assert_cmpuint(hpt_v(&m, m_cpu(&m, 0)->regs.gpr[4]) & 1, ==, 1);

    /* Arguments: no flags; a shift of 18..46, at most one above RAM's; commit needs a prepare. */
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 1, 23, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 17, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 47, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 0xffffffff, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 24, 0, 0), ==, H_RESOURCE);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 46, 0, 0), ==, H_RESOURCE);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_COMMIT, 0, 23, 0, 0), ==, 2);   /* H_CLOSED */
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_COMMIT, 0, 0, 0, 0), ==, 2);
    /* The shift is r5's low word: 1 << 32 | 23 is 23 to prepare, not to commit. */
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, (1ull << 32) | 23, 0, 0), ==,
                    H_RESIZE_BUSY);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 23, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_COMMIT, 0, (1ull << 32) | 23, 0, 0), ==, 2);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_COMMIT, 1, 23, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_COMMIT, 0, 22, 0, 0), ==, 2);
    g_assert_cmpuint(m.spapr->htab_shift, ==, 22);

    /* Commit to 8 MiB: the bolted entries where the MMU now looks, the other gone. */
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_COMMIT, 0, 23, 0, 0), ==, H_SUCCESS);
    g_assert_cmpuint(m.spapr->htab_shift, ==, 23);
    mask = (1ull << 16) - 1;
    for (guint i = 0; i < G_N_ELEMENTS(pages); i++) {
        ptex = (hash_256m(vsid, pages[i]) & mask) * 8;
        g_assert_cmphex(hpt_v(&m, ptex), ==, hpte_256m(vsid, pages[i], 0));
        g_assert_cmpint(hcall(&m, 0, H_READ, 0, ptex, 0, 0), ==, H_SUCCESS);
        g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[5], ==, ptel + (i << 12));
    }
    g_assert_cmphex(hpt_v(&m, (~hash_256m(vsid, 0x5555) & mask) * 8), ==,
                    hpte_256m(vsid, 0x5555, 2));
    g_assert_cmphex(hpt_v(&m, ((vsid1t ^ (vsid1t << 25) ^ page1t) & mask) * 8), ==, v);
    for (guint64 i = 0; i < (1ull << 16) * 8; i++) {
        g_assert_cmphex(hpt_v(&m, i) & ~0x7full, !=, hpte_256m(vsid, 0x1111, 0) & ~0x7full);
    }
    /* The pending table is gone with the commit. */
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_COMMIT, 0, 23, 0, 0), ==, 2);

    /* Down to 256 KiB (2048 groups): the bolted entries, each in its own group still. */
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 18, 0, 0), ==, H_RESIZE_BUSY);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 18, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_COMMIT, 0, 18, 0, 0), ==, H_SUCCESS);
    g_assert_cmpuint(m.spapr->htab_shift, ==, 18);
    mask = (1ull << 11) - 1;
    for (guint i = 0; i < G_N_ELEMENTS(pages); i++) {
        ptex = (hash_256m(vsid, pages[i]) & mask) * 8;
        g_assert_cmphex(hpt_v(&m, ptex), ==, hpte_256m(vsid, pages[i], 0));
    }
    g_assert_cmphex(hpt_v(&m, (~hash_256m(vsid, 0x5555) & mask) * 8), ==,
                    hpte_256m(vsid, 0x5555, 2));
    g_assert_cmphex(hpt_v(&m, ((vsid1t ^ (vsid1t << 25) ^ page1t) & mask) * 8), ==, v);
    g_assert_cmpint(hcall(&m, 0, H_READ, 0, 1ull << 14, 0, 0), ==, H_PARAMETER);

    /* A reset: a table of RAM's size again, and no pending one. */
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 19, 0, 0), ==, H_RESIZE_BUSY);
    modvm_machine_reset(m.s->machine);
    g_assert_cmpuint(m.spapr->htab_shift, ==, 22);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_COMMIT, 0, 19, 0, 0), ==, 2);

    /* Two bolted entries in slot 0 of groups that become one: H_PTEG_FULL, the old table kept. */
    mask = (1ull << 15) - 1;
    g_assert_cmpint(hcall(&m, 0, H_ENTER, 0, (hash_256m(vsid, 0) & mask) * 8,
                          hpte_256m(vsid, 0, 0), ptel), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_ENTER, 0, (hash_256m(vsid, 0x4000) & mask) * 8,
                          hpte_256m(vsid, 0x4000, 0), ptel), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 21, 0, 0), ==, H_RESIZE_BUSY);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_COMMIT, 0, 21, 0, 0), ==, -6);
    g_assert_cmpuint(m.spapr->htab_shift, ==, 22);
    g_assert_cmphex(hpt_v(&m, (hash_256m(vsid, 0x4000) & mask) * 8), ==,
                    hpte_256m(vsid, 0x4000, 0));
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_COMMIT, 0, 21, 0, 0), ==, 2);
    /* Another size replaces a pending one. */
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 21, 0, 0), ==, H_RESIZE_BUSY);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 20, 0, 0), ==, H_RESIZE_BUSY);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_COMMIT, 0, 21, 0, 0), ==, 2);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_COMMIT, 0, 20, 0, 0), ==, 2);
    /* A radix guest has no HPT to resize. */
    m.spapr->patb_entry = SPAPR_PATE1_GR;
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 22, 0, 0), ==, 3);  /* H_NOT_AVAILABLE */
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_COMMIT, 0, 22, 0, 0), ==, 3);
    m_stop(&m);

    /* resize-hpt=disabled: H_AUTHORITY, whatever the arguments. */
    m_start(&m, "-M", "pseries,resize-hpt=disabled", NULL);
    {
        int len = 0;
        const char *h = dt_prop(&m, "/rtas", "ibm,hypertas-functions", &len);
        g_assert_nonnull(h);
        g_assert_null(memmem(h, len, "hcall-hpt-resize", 17));
    }
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 0, 22, 0, 0), ==, -10);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_PREPARE, 5, 99, 0, 0), ==, -10);
    g_assert_cmpint(hcall(&m, 0, H_RESIZE_HPT_COMMIT, 0, 22, 0, 0), ==, -10);
    m_stop(&m);
}

/* Thousands of hypercalls with random numbers and arguments: answers, never a crash. */
/*
 * ibm,client-architecture-support through the machine's hook (what VOF
 * calls): a PVR list and option vectors 1..5 as Linux's prom_init lays
 * them out, with @ov5_24 and @ov5_23 as the MMU and interrupt bytes.
 */
#define CAS_BUF 0x200000
static void cas_write(M *m, guint32 pvr_mask, guint32 pvr, guint8 ov5_23, guint8 ov5_24,
                      gboolean with_ov5)
{
    guint8 buf[256];
    gsize n = 0;

    memset(buf, 0, sizeof(buf));
#define PUT32(v) do { guint32 be_ = GUINT32_TO_BE(v); memcpy(buf + n, &be_, 4); n += 4; } while (0)
    PUT32(pvr_mask);
    PUT32(pvr);
    PUT32(0x00000000);          /* the terminator: value bits outside the mask */
    PUT32(0xffffffff);
#undef PUT32
    buf[n++] = with_ov5 ? 4 : 0;    /* vectors - 1 */
    /* Vector 1: byte 3 = 0x80, ISA 3.00. */
    buf[n++] = 2;
    buf[n++] = 0x80;
    buf[n++] = 0x00;
    buf[n++] = 0x80;
    if (with_ov5) {
        buf[n++] = 0;           /* vector 2..4: one byte each */
        buf[n++] = 0;
        buf[n++] = 0;
        buf[n++] = 0;
        buf[n++] = 0;
        buf[n++] = 0;
        buf[n++] = 25;          /* vector 5: 26 bytes */
        memset(buf + n, 0, 26);
        buf[n + 1] = 0x20;      /* byte 2: DRCONF memory */
        buf[n + 4] = 0xa0;      /* byte 5: FORM1 and FORM2 affinity */
        buf[n + 5] = 0x01;      /* byte 6: HPT resize */
        buf[n + 21] = 0x80;     /* byte 22: dynamic memory v2 */
        buf[n + 22] = ov5_23;
        buf[n + 23] = ov5_24;
        n += 26;
    }
    ram_write(m, CAS_BUF, buf, n);
}

static gint64 cas(M *m, guint32 pvr_mask, guint32 pvr, guint8 ov5_23, guint8 ov5_24,
                  gboolean with_ov5)
{
    SpaprMachineClass *mc = (SpaprMachineClass *)G_OBJECT_GET_CLASS(m->spapr);

    cas_write(m, pvr_mask, pvr, ov5_23, ov5_24, with_ov5);
    return mc->client_architecture_support(m->spapr, m_cpu(m, 0), CAS_BUF);
}

static guint32 dt_cell_at(M *m, const char *path, const char *prop, int i);

static void test_cas(void)
{
    M m;
    const guint8 *v;
    int len = 0;

    m_start(&m, "-M", "pseries", "-cpu", "POWER9", NULL);
    /* Before CAS: nothing negotiated. */
    v = dt_prop(&m, "/chosen", "ibm,architecture-vec-5", &len);
    g_assert_cmpint(len, ==, 2);
    g_assert_cmpint(v[0], ==, 0);
    g_assert_cmpint(v[1], ==, 0);
    /* The real PVR and POWER9's logical PVR: the logical one wins (QEMU's cas_check_pvr). */
    g_assert_cmpint(cas(&m, 0xffffffff, 0x0f000005, 0x00, 0x00, TRUE), ==, H_SUCCESS);
    g_assert_cmpint(m_cpu(&m, 0)->compat, ==, POWER_COMPAT_POWER9);
    g_assert_cmphex(dt_cell(&m, "/cpus/PowerPC,POWER9@0", "cpu-version"), ==, 0x0f000005);
    /* What both sides offer: DRCONF, FORM1 and FORM2, HPT resize, DRMEM v2; 22 bytes. */
    v = dt_prop(&m, "/chosen", "ibm,architecture-vec-5", &len);
    g_assert_cmpint(len, ==, 23);
    g_assert_cmpint(v[0], ==, 21);
    g_assert_cmphex(v[2], ==, 0x20);
    g_assert_cmphex(v[5], ==, 0xa0);
    g_assert_cmphex(v[6], ==, 0x01);
    g_assert_cmphex(v[22], ==, 0x80);
    /* FORM2: the NUMA properties as QEMU 7.2's tree has them after CAS (one node). */
    {
        const guint8 *d;
        g_assert_cmphex(dt_cell(&m, "/rtas", "ibm,associativity-reference-points"), ==, 1);
        dt_prop(&m, "/memory@0", "ibm,associativity", &len);
        g_assert_cmpint(len, ==, 8);
        g_assert_cmphex(dt_cell_at(&m, "/memory@0", "ibm,associativity", 0), ==, 1);
        g_assert_cmphex(dt_cell_at(&m, "/rtas", "ibm,max-associativity-domains", 1), ==, 1);
        g_assert_cmphex(dt_cell_at(&m, "/rtas", "ibm,numa-lookup-index-table", 0), ==, 1);
        g_assert_cmphex(dt_cell_at(&m, "/rtas", "ibm,numa-lookup-index-table", 1), ==, 0);
        d = dt_prop(&m, "/rtas", "ibm,numa-distance-table", &len);
        g_assert_cmpint(len, ==, 5);
        g_assert_cmphex(d[3], ==, 1);
        g_assert_cmphex(d[4], ==, 10);
    }
    /* A reset forgets it all. */
    modvm_machine_reset(m.s->machine);
    g_assert_cmpint(m_cpu(&m, 0)->compat, ==, POWER_COMPAT_NONE);
    g_assert_cmpint(m.spapr->ov5_cas.bytes[1], ==, 0);
    v = dt_prop(&m, "/chosen", "ibm,architecture-vec-5", &len);
    g_assert_cmpint(len, ==, 2);
    g_assert_null(dt_prop(&m, "/rtas", "ibm,numa-lookup-index-table", NULL));
    dt_prop(&m, "/memory@0", "ibm,associativity", &len);
    g_assert_cmpint(len, ==, 20);
    /* Only the real PVR: raw mode, the real PVR in the tree. */
    g_assert_cmpint(cas(&m, 0xffff0000, 0x004e0000, 0x00, 0x00, TRUE), ==, H_SUCCESS);
    g_assert_cmpint(m_cpu(&m, 0)->compat, ==, POWER_COMPAT_NONE);
    g_assert_cmphex(dt_cell(&m, "/cpus/PowerPC,POWER9@0", "cpu-version"), ==,
                    m_cpu(&m, 0)->pvr);
    /* Neither: no mode to run in. */
    g_assert_cmpint(cas(&m, 0xffffffff, 0x0f000006, 0x00, 0x00, TRUE), ==, H_HARDWARE);
    /* No vector 5; hash and radix at once; XIVE, which the machine lacks. */
    g_assert_cmpint(cas(&m, 0xffffffff, 0x0f000005, 0x00, 0x00, FALSE), ==, H_PARAMETER);
    g_assert_cmpint(cas(&m, 0xffffffff, 0x0f000005, 0x00, 0x80, TRUE), ==, H_PARAMETER);
    g_assert_cmpint(cas(&m, 0xffffffff, 0x0f000005, 0x80, 0x00, TRUE), ==, H_PARAMETER);
    /* XIVE, which ic-mode=dual offers a POWER9 guest. */
    g_assert_cmpint(cas(&m, 0xffffffff, 0x0f000005, 0x40, 0x00, TRUE), ==, H_SUCCESS);
    /* The platform offers hash and radix (byte 24 0xc0) and radix GTSE (byte 26 0x40). */
    v = dt_prop(&m, "/chosen", "ibm,arch-vec-5-platform-support", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmphex(v[2], ==, 24);
    g_assert_cmphex(v[3], ==, 0xc0);
    g_assert_cmphex(v[7], ==, 0x40);
    /* A radix client gets radix (byte 24 bit 1); GTSE only if it asked (it did not). */
    g_assert_cmpint(cas(&m, 0xffffffff, 0x0f000005, 0x00, 0x40, TRUE), ==, H_SUCCESS);
    v = dt_prop(&m, "/chosen", "ibm,architecture-vec-5", &len);
    g_assert_cmpint(len, ==, 25);
    g_assert_cmphex(v[24], ==, 0x40);
    m_stop(&m);

    /* pseries-6.1 and older: FORM1 only, its properties kept. */
    m_start(&m, "-M", "pseries-6.1", "-cpu", "POWER9", NULL);
    g_assert_cmpint(cas(&m, 0xffffffff, 0x0f000005, 0x00, 0x00, TRUE), ==, H_SUCCESS);
    v = dt_prop(&m, "/chosen", "ibm,architecture-vec-5", &len);
    g_assert_cmphex(v[5], ==, 0x80);
    g_assert_null(dt_prop(&m, "/rtas", "ibm,numa-lookup-index-table", NULL));
    g_assert_cmphex(dt_cell_at(&m, "/rtas", "ibm,associativity-reference-points", 0), ==, 4);
    m_stop(&m);

    /* max-cpu-compat caps the mode; raw is then not allowed. */
    m_start(&m, "-M", "pseries,max-cpu-compat=power8", "-cpu", "POWER9", NULL);
    g_assert_cmpint(cas(&m, 0xffffffff, 0x0f000005, 0x00, 0x00, TRUE), ==, H_HARDWARE);
    g_assert_cmpint(cas(&m, 0xffffffff, 0x0f000004, 0x00, 0x40, TRUE), ==, H_SUCCESS);
    g_assert_cmpint(m_cpu(&m, 0)->compat, ==, POWER_COMPAT_POWER8);
    /* Before ISA 3.00 radix is neither offered nor negotiated. */
    v = dt_prop(&m, "/chosen", "ibm,arch-vec-5-platform-support", &len);
    g_assert_cmphex(v[3], ==, 0x00);
    v = dt_prop(&m, "/chosen", "ibm,architecture-vec-5", &len);
    g_assert_true(len < 25 || v[24] == 0);
    /* A reset puts back the mode the machine started the CPU in. */
    modvm_machine_reset(m.s->machine);
    g_assert_cmpint(m_cpu(&m, 0)->compat, ==, POWER_COMPAT_POWER8);
    m_stop(&m);
}

/*
 * KVMPPC_H_LOGICAL_MEMOP (QEMU's h_logical_memop): copies or inverts
 * elements, as memmove would when the ranges overlap; misaligned, unknown
 * or out-of-RAM requests are refused.
 */
static void test_logical_memop(void)
{
    const guint8 pat[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
    guint8 b[16];
    guint64 ram;
    M m;

    m_start(&m, "-M", "pseries", "-m", "512M", NULL);
    ram = modvm_machine_ram_size(m.s->machine);
    ram_write(&m, 0x8000, pat, 16);
    /* Copy 16 bytes, then invert 2 doublewords. */
    g_assert_cmpint(hcall5(&m, KVMPPC_H_LOGICAL_MEMOP, 0x9000, 0x8000, 0, 16, 0), ==,
                    H_SUCCESS);
    ram_read(&m, 0x9000, b, 16);
    g_assert_cmpmem(b, 16, pat, 16);
    g_assert_cmpint(hcall5(&m, KVMPPC_H_LOGICAL_MEMOP, 0xa000, 0x8000, 3, 2, 1), ==,
                    H_SUCCESS);
    ram_read(&m, 0xa000, b, 16);
    for (guint i = 0; i < 16; i++) {
        g_assert_cmphex(b[i], ==, (guint8)~pat[i]);
    }
    /* Overlapping both ways: what memmove gives. */
    g_assert_cmpint(hcall5(&m, KVMPPC_H_LOGICAL_MEMOP, 0x9001, 0x9000, 0, 8, 0), ==,
                    H_SUCCESS);
    ram_read(&m, 0x9000, b, 10);
    g_assert_cmphex(b[0], ==, 0);
    for (guint i = 1; i < 9; i++) {
        g_assert_cmphex(b[i], ==, i - 1);
    }
    g_assert_cmphex(b[9], ==, 9);
    ram_write(&m, 0x9000, pat, 16);
    g_assert_cmpint(hcall5(&m, KVMPPC_H_LOGICAL_MEMOP, 0x9000, 0x9004, 2, 3, 0), ==,
                    H_SUCCESS);
    ram_read(&m, 0x9000, b, 16);
    for (guint i = 0; i < 12; i++) {
        g_assert_cmphex(b[i], ==, i + 4);
    }
    g_assert_cmphex(b[12], ==, 12);
    /* A big copy in several pieces, backwards over itself. */
    {
        g_autofree guint8 *big = g_malloc(20000), *got = g_malloc(20000);
        for (guint i = 0; i < 20000; i++) {
            big[i] = (guint8)(i * 7);
        }
        ram_write(&m, 0x100000, big, 20000);
        g_assert_cmpint(hcall5(&m, KVMPPC_H_LOGICAL_MEMOP, 0x100008, 0x100000, 3, 2500, 0), ==,
                        H_SUCCESS);
        ram_read(&m, 0x100008, got, 20000);
        g_assert_cmpmem(got, 20000, big, 20000);
    }
    /* Nothing to do is fine; what QEMU refuses is refused, memory untouched. */
    g_assert_cmpint(hcall5(&m, KVMPPC_H_LOGICAL_MEMOP, 0x9000, 0x8000, 0, 0, 0), ==, H_SUCCESS);
    ram_write(&m, 0x9000, pat, 16);
    g_assert_cmpint(hcall5(&m, KVMPPC_H_LOGICAL_MEMOP, 0x9001, 0x8000, 2, 1, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall5(&m, KVMPPC_H_LOGICAL_MEMOP, 0x9000, 0x8002, 2, 1, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall5(&m, KVMPPC_H_LOGICAL_MEMOP, 0x9000, 0x8000, 0, 1, 2), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall5(&m, KVMPPC_H_LOGICAL_MEMOP, 0x9000, 0x8000, 4, 1, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall5(&m, KVMPPC_H_LOGICAL_MEMOP, 0x9000, 0x8000, 0, 0x80000001ull, 0), ==,
                    H_PARAMETER);
    ram_read(&m, 0x9000, b, 16);
    g_assert_cmpmem(b, 16, pat, 16);
    /* Past the end of RAM, or wrapping around: refused, the host untouched. */
    g_assert_cmpint(hcall5(&m, KVMPPC_H_LOGICAL_MEMOP, 0x9000, ram - 8, 3, 0x10000, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall5(&m, KVMPPC_H_LOGICAL_MEMOP, ram - 8, 0x9000, 0, 0x10000, 1), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall5(&m, KVMPPC_H_LOGICAL_MEMOP, 0x9000, G_MAXUINT64 - 7, 3, 0x80000000,
                           0), ==, H_PARAMETER);
    g_assert_cmpint(hcall5(&m, KVMPPC_H_LOGICAL_MEMOP, G_MAXUINT64 - 7, 0x9000, 3, 2, 0), ==,
                    H_PARAMETER);
    m_stop(&m);
}

/*
 * KVMPPC_H_CAS: the negotiation of ibm,client-architecture-support, then
 * a version word and the updated tree in the firmware's buffer.
 */
#define TREE_BUF 0x400000
static void test_kvmppc_cas(void)
{
    guint8 hdr[4 + sizeof(struct fdt_header)];
    g_autofree guint8 *tree = NULL;
    const guint8 *v;
    guint32 size;
    int len = 0, chosen;
    M m;

    m_start(&m, "-M", "pseries", "-cpu", "POWER9", "-m", "1G", NULL);
    cas_write(&m, 0xffffffff, 0x0f000005, 0x00, 0x00, TRUE);
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_CAS, CAS_BUF, TREE_BUF, 0x200000, 0), ==, H_SUCCESS);
    g_assert_cmpint(m_cpu(&m, 0)->compat, ==, POWER_COMPAT_POWER9);
    ram_read(&m, TREE_BUF, hdr, sizeof(hdr));
    g_assert_cmphex(hdr[0] << 24 | hdr[1] << 16 | hdr[2] << 8 | hdr[3], ==, 1);
    g_assert_cmphex(fdt_magic(hdr + 4), ==, FDT_MAGIC);
    size = fdt_totalsize(hdr + 4);
    g_assert_cmpuint(size, <=, 0x200000 - 4);
    tree = g_malloc(size);
    ram_read(&m, TREE_BUF + 4, tree, size);
    g_assert_cmpint(fdt_check_full(tree, size), ==, 0);
    /* The negotiated option vector 5 and the CPUs' new mode are in it. */
    chosen = fdt_path_offset(tree, "/chosen");
    g_assert_cmpint(chosen, >=, 0);
    v = fdt_getprop(tree, chosen, "ibm,architecture-vec-5", &len);
    g_assert_nonnull(v);
    g_assert_cmpint(len, ==, 23);
    g_assert_cmphex(v[2], ==, 0x20);
    v = fdt_getprop(tree, fdt_path_offset(tree, "/cpus/PowerPC,POWER9@0"), "cpu-version", &len);
    g_assert_nonnull(v);
    g_assert_cmphex(v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3], ==, 0x0f000005);
    /* A buffer without room for the header, or the tree, or outside RAM; a failed CAS. */
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_CAS, CAS_BUF, TREE_BUF, 3, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_CAS, CAS_BUF, TREE_BUF, 0x100, 0), ==, H_RESOURCE);
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_CAS, CAS_BUF, 0x40000000 - 0x100, 0x200000, 0), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_CAS, CAS_BUF, G_MAXUINT64 - 16, 0x200000, 0), ==,
                    H_PARAMETER);
    cas_write(&m, 0xffffffff, 0x0f000006, 0x00, 0x00, TRUE);
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_CAS, CAS_BUF, TREE_BUF, 0x200000, 0), ==, H_HARDWARE);
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_CAS, 0x7fffffff0ull, TREE_BUF, 0x200000, 0), !=,
                    H_SUCCESS);
    m_stop(&m);
}

/*
 * KVMPPC_H_UPDATE_DT: the firmware's final tree replaces the machine's,
 * if it is whole and at most twice the size handed over.
 */
static void test_update_dt(void)
{
    g_autofree guint8 *tree = NULL;
    gsize initial;
    guint32 bad;
    M m;

    m_start(&m, "-M", "pseries", "-m", "1G", NULL);
    initial = fdt_totalsize(m.spapr->fdt);
    g_assert_cmpuint(m.spapr->fdt_initial_size, ==, initial);
    tree = g_malloc(initial + 4096);
    g_assert_cmpint(fdt_open_into(m.spapr->fdt, tree, initial + 4096), ==, 0);
    g_assert_cmpint(fdt_setprop_string(tree, 0, "slof,test", "from the firmware"), ==, 0);
    g_assert_cmpint(fdt_pack(tree), ==, 0);
    ram_write(&m, TREE_BUF, tree, fdt_totalsize(tree));
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_UPDATE_DT, TREE_BUF, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpstr(dt_prop(&m, "/", "slof,test", NULL), ==, "from the firmware");
    /* Broken: a bad magic, a size past twice the initial one, offsets past the end. */
    bad = GUINT32_TO_BE(0x12345678);
    ram_write(&m, TREE_BUF, &bad, 4);
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_UPDATE_DT, TREE_BUF, 0, 0, 0), ==, H_PARAMETER);
    ram_write(&m, TREE_BUF, tree, fdt_totalsize(tree));
    bad = GUINT32_TO_BE(2 * initial + 1);
    ram_write(&m, TREE_BUF + 4, &bad, 4);
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_UPDATE_DT, TREE_BUF, 0, 0, 0), ==, H_PARAMETER);
    bad = GUINT32_TO_BE(fdt_totalsize(tree));
    ram_write(&m, TREE_BUF + 4, &bad, 4);
    bad = GUINT32_TO_BE(fdt_totalsize(tree) + 64);
    ram_write(&m, TREE_BUF + 8, &bad, 4);       /* off_dt_struct */
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_UPDATE_DT, TREE_BUF, 0, 0, 0), ==, H_PARAMETER);
    /* Out of RAM, or ending past it. */
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_UPDATE_DT, 0x80000000ull, 0, 0, 0), ==, H_PARAMETER);
    ram_write(&m, 0x40000000 - 64, tree, 64);
    g_assert_cmpint(hcall(&m, 0, KVMPPC_H_UPDATE_DT, 0x40000000 - 64, 0, 0, 0), ==,
                    H_PARAMETER);
    /* The good tree is still the machine's. */
    g_assert_cmpstr(dt_prop(&m, "/", "slof,test", NULL), ==, "from the firmware");
    g_assert_cmpint(fdt_check_full(m.spapr->fdt, m.spapr->fdt_bufsize), ==, 0);
    m_stop(&m);
}

/* quiesce, which SLOF calls before it hands over to the kernel. */
static void test_rtas_quiesce(void)
{
    guint32 rets[1], args[1] = { 0 };
    M m;

    m_start(&m, "-M", "pseries", NULL);
    g_assert_cmpint(rtas(&m, "quiesce", 0, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_SUCCESS);
    g_assert_cmpint(rtas(&m, "quiesce", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    m_stop(&m);
}

static void test_register_proc_tbl(void)
{
    M m;

    m_start(&m, "-M", "pseries", "-cpu", "POWER9", "-smp", "2", NULL);
    /* Linux's hash registration: new (modify | register), hash with SLB, no table. */
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x18, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m.spapr->patb_entry, ==, 0);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x18, 0x1000, 3, 4), ==, H_SUCCESS);
    g_assert_cmphex(m.spapr->patb_entry, ==, (0x1000ull << 25) | 3 << 5 | 4);
    g_assert_false(m_cpu(&m, 1)->regs.spr[SPAPR_SPR_LPCR] & SPAPR_LPCR_HR);
    /* GTSE goes to every thread's LPCR. */
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x19, 0, 0, 0), ==, H_SUCCESS);
    g_assert_true(m_cpu(&m, 1)->regs.spr[SPAPR_SPR_LPCR] & SPAPR_PPC_BIT(53));
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x18, 0, 0, 0), ==, H_SUCCESS);
    g_assert_false(m_cpu(&m, 1)->regs.spr[SPAPR_SPR_LPCR] & SPAPR_PPC_BIT(53));
    /* QEMU's checks. */
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x20, 0, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x18, 1ull << 38, 0, 0), ==, H_P2);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x18, 0, 8, 0), ==, H_P3);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x18, 0, 0, 25), ==, H_P4);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x1a, 0, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x1c, 0x123, 0, 0), ==, H_P2);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x1c, 0x1000, 1, 0), ==, H_P3);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x1c, 0x1000, 0, 25), ==, H_P4);
    /* Keep the current registration: it must be of the same kind. */
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x00, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x04, 0, 0, 0), ==, H_PARAMETER);
    /* A process table that is not all in guest RAM. */
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x1d,
                          modvm_machine_ram_size(m.s->machine) - 0x1000, 0, 1), ==, H_P2);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x1d, 0x0f00000000000000ull, 0, 0), ==,
                    H_P2);
    g_assert_false(m_cpu(&m, 1)->regs.spr[SPAPR_SPR_LPCR] & SPAPR_LPCR_HR);
    /* Linux's radix registration with GTSE: PATE1 = GR | PRTB | PRTS; HR, UPRT, GTSE everywhere. */
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x1d, 0x10000, 0, 4), ==, H_SUCCESS);
    g_assert_cmphex(m.spapr->patb_entry, ==, SPAPR_PPC_BIT(0) | 0x10000 | 4);
    for (int i = 0; i < 2; i++) {
        guint64 lpcr = m_cpu(&m, i)->regs.spr[SPAPR_SPR_LPCR];
        g_assert_true(lpcr & SPAPR_LPCR_HR);
        g_assert_true(lpcr & SPAPR_LPCR_UPRT);
        g_assert_true(lpcr & SPAPR_PPC_BIT(53));
    }
    /* Now a hash "keep" is the wrong kind; a radix one keeps the table. */
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x00, 0, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x04, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m.spapr->patb_entry, ==, SPAPR_PPC_BIT(0) | 0x10000 | 4);
    g_assert_false(m_cpu(&m, 1)->regs.spr[SPAPR_SPR_LPCR] & SPAPR_PPC_BIT(53));
    /* What QEMU's TCG answers to the radix hcalls a GTSE guest does not need. */
    g_assert_cmpint(hcall(&m, 0, H_CLEAN_SLB, 0, 0, 0, 0), ==, H_FUNCTION);
    g_assert_cmpint(hcall(&m, 0, H_INVALIDATE_PID, 1, 0, 0, 0), ==, H_FUNCTION);
    /* Deregister: the radix bit stays (QEMU's benign value). */
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x10, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m.spapr->patb_entry, ==, SPAPR_PPC_BIT(0));
    /* Back to hash. */
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x18, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m.spapr->patb_entry, ==, 0);
    g_assert_false(m_cpu(&m, 0)->regs.spr[SPAPR_SPR_LPCR] & SPAPR_LPCR_HR);
    /* A reset forgets the registration. */
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_PROC_TBL, 0x1d, 0x10000, 0, 4), ==, H_SUCCESS);
    modvm_machine_reset(m.s->machine);
    g_assert_cmphex(m.spapr->patb_entry, ==, 0);
    g_assert_false(m_cpu(&m, 0)->regs.spr[SPAPR_SPR_LPCR] & SPAPR_LPCR_HR);
    m_stop(&m);
}

static void be_store(M *m, guint64 addr, guint64 v, guint size)
{
    guint8 b[8];

    for (guint i = 0; i < size; i++) {
        b[size - 1 - i] = (guint8)(v >> (8 * i));
    }
    ram_write(m, addr, b, size);
}

static void test_register_vpa(void)
{
    const guint64 reg_vpa = 0x0000200000000000ull, reg_dtl = 0x0000400000000000ull;
    const guint64 reg_slb = 0x0000600000000000ull, dereg_vpa = 0x0000a00000000000ull;
    const guint64 dereg_dtl = 0x0000c00000000000ull, dereg_slb = 0x0000e00000000000ull;
    M m;
    guint8 b;

    m_start(&m, "-M", "pseries", "-smp", "2", NULL);
    be_store(&m, 0x10000 + 4, 640, 2);      /* VPA size */
    be_store(&m, 0x10f80 + 4, 640, 2);      /* one that crosses a page */
    be_store(&m, 0x20000 + 4, 0x100, 4);    /* SLB shadow size */
    be_store(&m, 0x30000 + 4, 48, 4);       /* DTL size */
    be_store(&m, 0x40000 + 4, 32, 4);
    /* The others need a VPA first. */
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, reg_slb, 1, 0x20000, 0), ==, H_RESOURCE);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, reg_dtl, 1, 0x30000, 0), ==, H_RESOURCE);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, reg_vpa, 1, 0, 0), ==, H_HARDWARE);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, reg_vpa, 1, 0x10040, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, reg_vpa, 1, 0x10f80, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, reg_vpa, 1, 0x50000, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, reg_vpa, 7, 0x10000, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, reg_vpa, 1, 0x10000, 0), ==, H_SUCCESS);
    g_assert_cmphex(m.spapr->cpu_state[1].vpa_addr, ==, 0x10000);
    g_assert_cmphex(m.spapr->cpu_state[0].vpa_addr, ==, 0);
    /* The VPA says the processor is shared. */
    ram_read(&m, 0x10000 + 9, &b, 1);
    g_assert_cmphex(b, ==, 0x02);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, reg_dtl, 1, 0x40000, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, reg_dtl, 1, 0x30000, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, reg_slb, 1, 0x20000, 0), ==, H_SUCCESS);
    g_assert_cmphex(m.spapr->cpu_state[1].slb_shadow_size, ==, 0x100);
    /* The VPA stays while the others are registered. */
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, dereg_vpa, 1, 0, 0), ==, H_RESOURCE);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, dereg_dtl, 1, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, dereg_slb, 1, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, dereg_vpa, 1, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m.spapr->cpu_state[1].vpa_addr, ==, 0);
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, 0, 1, 0x10000, 0), ==, H_PARAMETER);
    /* A reset forgets them. */
    g_assert_cmpint(hcall(&m, 0, H_REGISTER_VPA, reg_vpa, 0, 0x10000, 0), ==, H_SUCCESS);
    modvm_machine_reset(m.s->machine);
    g_assert_cmphex(m.spapr->cpu_state[0].vpa_addr, ==, 0);
    m_stop(&m);
}

static void test_confer_prod_join(void)
{
    M m;
    PowerCpu *c0, *c1;

    m_start(&m, "-M", "pseries", "-smp", "2", NULL);
    c0 = m_cpu(&m, 0);
    c1 = m_cpu(&m, 1);
    c0->tcg.halted = c1->tcg.halted = FALSE;
    /* Prodded first: confer to self returns at once. */
    g_assert_cmpint(hcall(&m, 1, H_PROD, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_CONFER, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_false(c0->tcg.halted);
    /* Otherwise the thread waits until prodded. */
    g_assert_cmpint(hcall(&m, 0, H_CONFER, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_true(c0->tcg.halted);
    g_assert_cmpint(hcall(&m, 1, H_PROD, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_false(c0->tcg.halted);
    g_assert_cmpint(hcall(&m, 1, H_PROD, 5, 0, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_CONFER, 5, 0, 0, 0), ==, H_PARAMETER);
    /* To another thread, or to all: a yield. */
    g_assert_cmpint(hcall(&m, 0, H_CONFER, 1, 1, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_CONFER, G_MAXUINT64, 0, 0, 0), ==, H_SUCCESS);
    g_assert_false(c0->tcg.halted);
    /* H_JOIN: not with MSR[EE]; not the last thread running. */
    hcall(&m, 1, H_PROD, 0, 0, 0, 0);
    hcall(&m, 0, H_CONFER, 0, 0, 0, 0);     /* eat the prod */
    c0->regs.msr |= SPAPR_MSR_EE;
    g_assert_cmpint(hcall(&m, 0, H_JOIN, 0, 0, 0, 0), ==, H_BAD_MODE);
    c0->regs.msr &= ~SPAPR_MSR_EE;
    c1->regs.msr &= ~SPAPR_MSR_EE;
    c1->tcg.halted = TRUE;
    g_assert_cmpint(hcall(&m, 0, H_JOIN, 0, 0, 0, 0), ==, H_CONTINUE);
    c1->tcg.halted = FALSE;
    g_assert_cmpint(hcall(&m, 0, H_JOIN, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_true(c0->tcg.halted);
    m_stop(&m);
}

static void test_cpu_characteristics(void)
{
    M m;

    /* The defaults: workarounds everywhere, with the count cache flush assist. */
    m_start(&m, "-M", "pseries", NULL);
    g_assert_cmpint(hcall(&m, 0, H_GET_CPU_CHARACTERISTICS, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 0xbc40000000000000ull);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[5], ==, 0xe400000000000000ull);
    m_stop(&m);
    m_start(&m, "-M", "pseries,cap-cfpc=fixed,cap-sbbc=fixed,cap-ibs=fixed-ccd", NULL);
    g_assert_cmpint(hcall(&m, 0, H_GET_CPU_CHARACTERISTICS, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 0x0500000000000000ull);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[5], ==, 0x8180000000000000ull);
    m_stop(&m);
    m_start(&m, "-M", "pseries,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken", NULL);
    g_assert_cmpint(hcall(&m, 0, H_GET_CPU_CHARACTERISTICS, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 0x0400000000000000ull);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[5], ==, 0xe000000000000000ull);
    m_stop(&m);
}

static void test_logical_ci_and_sys_reset(void)
{
    M m;
    guint8 b[8];

    m_start(&m, "-M", "pseries", "-smp", "2", NULL);
    g_assert_cmpint(hcall(&m, 0, H_LOGICAL_CI_STORE, 4, 0x8000, 0x11223344, 0), ==, H_SUCCESS);
    ram_read(&m, 0x8000, b, 4);
    g_assert_cmphex(b[0], ==, 0x11);
    g_assert_cmphex(b[3], ==, 0x44);
    g_assert_cmpint(hcall(&m, 0, H_LOGICAL_CI_LOAD, 2, 0x8002, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 0x3344);
    g_assert_cmpint(hcall(&m, 0, H_LOGICAL_CI_LOAD, 3, 0x8000, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_LOGICAL_CI_STORE, 16, 0x8000, 0, 0), ==, H_PARAMETER);
    /* System reset: to one, to all but the caller, to all; a stopped thread gets none. */
    m_cpu(&m, 0)->tcg.interrupt_request = m_cpu(&m, 1)->tcg.interrupt_request = 0;
    g_assert_true(m.spapr->cpu_state[1].quiesced);
    g_assert_cmpint(hcall(&m, 0, H_SIGNAL_SYS_RESET, 1, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m_cpu(&m, 1)->tcg.interrupt_request, ==, 0);
    m.spapr->cpu_state[1].quiesced = FALSE;     /* as start-cpu leaves it */
    g_assert_cmpint(hcall(&m, 0, H_SIGNAL_SYS_RESET, G_MAXUINT64 - 1, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m_cpu(&m, 0)->tcg.interrupt_request, ==, 0);
    g_assert_cmphex(m_cpu(&m, 1)->tcg.interrupt_request, ==, 1u << POWER_IRQ_RESET);
    g_assert_cmpint(hcall(&m, 0, H_SIGNAL_SYS_RESET, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m_cpu(&m, 0)->tcg.interrupt_request, ==, 1u << POWER_IRQ_RESET);
    g_assert_cmpint(hcall(&m, 0, H_SIGNAL_SYS_RESET, 9, 0, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_SIGNAL_SYS_RESET, G_MAXUINT64 - 2, 0, 0, 0), ==, H_PARAMETER);
    m_cpu(&m, 0)->tcg.interrupt_request = m_cpu(&m, 1)->tcg.interrupt_request = 0;
    m_stop(&m);
}

/*
 * Firmware-assisted NMI. QEMU 7.2 lists both calls in /rtas whatever
 * cap-fwnmi says (its dumpdtb: ibm,nmi-register = 0x202b,
 * ibm,nmi-interlock = 0x202c), keeps the handlers only once the firmware
 * instantiated RTAS (linux,rtas-base), lets any CPU call
 * ibm,nmi-interlock once they are registered, and sends a platform system reset
 * to the sreset handler with r3 saved in the CPU's slot after the error log.
 */
#define FWNMI_RTAS_BASE 0x300000u

static void fwnmi_set_rtas_base(M *m, guint32 base)
{
    g_assert_true(spapr_fdt_make_room(m->spapr, 64));
    g_assert_cmpint(fdt_setprop_u32(m->spapr->fdt, fdt_path_offset(m->spapr->fdt, "/rtas"),
                                    "linux,rtas-base", base), ==, 0);
}

static gint32 nmi_register(M *m, guint32 nargs, guint32 sreset, guint32 mce)
{
    guint32 args[2] = { sreset, mce }, rets[1];

    g_assert_cmpint(rtas(m, "ibm,nmi-register", nargs, args, 1, rets), ==, H_SUCCESS);
    return (gint32)rets[0];
}

static gint32 nmi_interlock(M *m)
{
    guint32 rets[1];

    g_assert_cmpint(rtas(m, "ibm,nmi-interlock", 0, NULL, 1, rets), ==, H_SUCCESS);
    return (gint32)rets[0];
}

/* CPU @n takes a system reset the platform sent at @nip with @r3; its NIP after. */
static guint64 take_sreset(M *m, guint n, guint64 nip, guint64 r3)
{
    PowerCpu *cpu = m_cpu(m, n);

    cpu->regs.nip = nip;
    cpu->regs.gpr[3] = r3;
    cpu->regs.msr = SPAPR_MSR_SF | SPAPR_PPC_BIT(51);    /* SF, ME */
    cpu->tcg.interrupt_request = 0;
    power_cpu_set_irq(cpu, POWER_IRQ_RESET, 1);
    g_assert_true(MODVM_CPU_GET_CLASS(cpu)->tcg_ops->exec_interrupt(MODVM_CPU(cpu)));
    g_assert_cmphex(cpu->regs.spr[26], ==, nip);        /* SRR0 */
    return cpu->regs.nip;
}

static guint64 ram_be64(M *m, guint64 addr)
{
    guint64 v;

    ram_read(m, addr, &v, 8);
    return GUINT64_FROM_BE(v);
}

static void test_fwnmi_register(void)
{
    M m;

    m_start(&m, "-M", "pseries", "-smp", "2", NULL);
    g_assert_cmphex(dt_cell(&m, "/rtas", "ibm,nmi-register"), ==, 0x202b);
    g_assert_cmphex(dt_cell(&m, "/rtas", "ibm,nmi-interlock"), ==, 0x202c);
    /* Before RTAS is instantiated: not supported. */
    g_assert_cmpint(nmi_register(&m, 2, 0x1000, 0x2000), ==, -3);
    g_assert_cmphex(m.spapr->fwnmi_sreset_addr, ==, SPAPR_FWNMI_NONE);
    g_assert_cmpint(nmi_interlock(&m), ==, -3);
    fwnmi_set_rtas_base(&m, FWNMI_RTAS_BASE);
    /* Both handlers below 32 MiB (and in the RMA), else a parameter error. */
    g_assert_cmpint(nmi_register(&m, 2, 32u << 20, 0x2000), ==, -3);
    g_assert_cmpint(nmi_register(&m, 2, 0x1000, 32u << 20), ==, -3);
    g_assert_cmpint(nmi_register(&m, 2, 0x1000, G_MAXUINT32), ==, -3);
    g_assert_cmpint(nmi_register(&m, 1, 0x1000, 0x2000), ==, -3);
    g_assert_cmphex(m.spapr->fwnmi_sreset_addr, ==, SPAPR_FWNMI_NONE);
    g_assert_cmpint(nmi_register(&m, 2, (32u << 20) - 4, 0x2000), ==, 0);
    g_assert_cmpint(nmi_register(&m, 2, 0x1000, 0x2000), ==, 0);
    g_assert_cmphex(m.spapr->fwnmi_sreset_addr, ==, 0x1000);
    g_assert_cmphex(m.spapr->fwnmi_mce_addr, ==, 0x2000);
    /* No machine check in progress on the caller: success all the same (QEMU 7.2, PowerVM). */
    g_assert_cmpint(nmi_interlock(&m), ==, 0);
    /* One in progress on CPU 1 (modvm raises none yet): CPU 0 cannot release it, CPU 1 can. */
    m.spapr->fwnmi_mce_interlock = 1;     /* CPU 1's vcpu id */
    g_assert_cmpint(nmi_interlock(&m), ==, 0);
    g_assert_cmpint(m.spapr->fwnmi_mce_interlock, ==, 1);
    m.spapr->fwnmi_mce_interlock = 0;     /* CPU 0's */
    g_assert_cmpint(nmi_interlock(&m), ==, 0);
    g_assert_cmpint(m.spapr->fwnmi_mce_interlock, ==, -1);
    /* A reset forgets the handlers. */
    modvm_machine_reset(m.s->machine);
    g_assert_cmphex(m.spapr->fwnmi_sreset_addr, ==, SPAPR_FWNMI_NONE);
    g_assert_cmphex(m.spapr->fwnmi_mce_addr, ==, SPAPR_FWNMI_NONE);
    g_assert_cmpint(nmi_interlock(&m), ==, -3);
    m_stop(&m);

    m_start(&m, "-M", "pseries,cap-fwnmi=off", NULL);
    g_assert_cmphex(dt_cell(&m, "/rtas", "ibm,nmi-register"), ==, 0x202b);
    fwnmi_set_rtas_base(&m, FWNMI_RTAS_BASE);
    g_assert_cmpint(nmi_register(&m, 2, 0x1000, 0x2000), ==, -3);
    g_assert_cmphex(m.spapr->fwnmi_sreset_addr, ==, SPAPR_FWNMI_NONE);
    g_assert_cmpint(nmi_interlock(&m), ==, -3);
    m_stop(&m);
}

static void test_fwnmi_system_reset(void)
{
    const guint64 slot0 = FWNMI_RTAS_BASE + RTAS_ERROR_LOG_MAX;
    M m;

    m_start(&m, "-M", "pseries", "-smp", "2", NULL);
    /* Nothing registered: the architected vector, r3 untouched. */
    g_assert_cmphex(take_sreset(&m, 0, 0x4000, 0x1122334455667788ull), ==, 0x100);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[3], ==, 0x1122334455667788ull);
    fwnmi_set_rtas_base(&m, FWNMI_RTAS_BASE);
    g_assert_cmpint(nmi_register(&m, 2, 0x1000, 0x2000), ==, 0);
    ram_write(&m, slot0, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 32);
    g_assert_cmphex(take_sreset(&m, 0, 0x4000, 0x1122334455667788ull), ==, 0x1000);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[3], ==, slot0);
    g_assert_cmphex(ram_be64(&m, slot0), ==, 0x1122334455667788ull);
    g_assert_cmphex(ram_be64(&m, slot0 + 8), ==, 0);
    /* Each CPU has its own 16 bytes, by CPU index. */
    g_assert_cmphex(take_sreset(&m, 1, 0x5000, 42), ==, 0x1000);
    g_assert_cmphex(m_cpu(&m, 1)->regs.gpr[3], ==, slot0 + 16);
    g_assert_cmphex(ram_be64(&m, slot0 + 16), ==, 42);
    g_assert_cmphex(ram_be64(&m, slot0), ==, 0x1122334455667788ull);
    /* The machine's NMI (QMP inject-nmi): a system reset pending on every running CPU. */
    m_cpu(&m, 0)->tcg.interrupt_request = m_cpu(&m, 1)->tcg.interrupt_request = 0;
    g_assert_true(MODVM_MACHINE_GET_CLASS(m.s->machine)->nmi(m.s->machine, NULL));
    g_assert_cmphex(m_cpu(&m, 0)->tcg.interrupt_request, ==, 1u << POWER_IRQ_RESET);
    g_assert_cmphex(m_cpu(&m, 1)->tcg.interrupt_request, ==, 0);      /* not started */
    m.spapr->cpu_state[1].quiesced = FALSE;
    m_cpu(&m, 0)->tcg.interrupt_request = 0;
    g_assert_true(MODVM_MACHINE_GET_CLASS(m.s->machine)->nmi(m.s->machine, NULL));
    g_assert_cmphex(m_cpu(&m, 0)->tcg.interrupt_request, ==, 1u << POWER_IRQ_RESET);
    g_assert_cmphex(m_cpu(&m, 1)->tcg.interrupt_request, ==, 1u << POWER_IRQ_RESET);
    /* After a reset: the architected vector again. */
    modvm_machine_reset(m.s->machine);
    fwnmi_set_rtas_base(&m, FWNMI_RTAS_BASE);
    g_assert_cmphex(take_sreset(&m, 0, 0x4000, 7), ==, 0x100);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[3], ==, 7);
    m_cpu(&m, 0)->tcg.interrupt_request = m_cpu(&m, 1)->tcg.interrupt_request = 0;
    m_stop(&m);
}

/*
 * XICS. Sources other than the vty have no guest-visible wiring yet, so
 * the tests reach the plugin's source-side entry points (spapr_xics_claim,
 * spapr_xics_set_irq) by symbol, as a device of the plugin calls them.
 */
typedef gboolean (*XicsClaimFn)(SpaprXics *xics, guint32 nr, gboolean lsi);
typedef void (*XicsSetIrqFn)(SpaprXics *xics, guint32 nr, int level);

static gpointer xics_sym(M *m, const char *name)
{
    SpaprMachineClass *mc = (SpaprMachineClass *)G_OBJECT_GET_CLASS(m->spapr);
    Dl_info info;
    void *h, *sym;

    g_assert_true(dladdr((void *)mc->client_architecture_support, &info));
    h = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
    g_assert_nonnull(h);
    sym = dlsym(h, name);
    dlclose(h);
    g_assert_nonnull(sym);
    return sym;
}

static gboolean ext_pending(M *m, guint n)
{
    return (m_cpu(m, n)->tcg.interrupt_request >> POWER_IRQ_EXTERNAL) & 1;
}

static void test_xics_dt(void)
{
    M m;
    int len = 0;
    const guint32 *c;

    m_start(&m, "-M", "pseries", "-smp", "2", NULL);
    g_assert_cmpstr(dt_prop(&m, "/interrupt-controller", "compatible", NULL), ==,
                    "IBM,ppc-xicp");
    g_assert_cmpstr(dt_prop(&m, "/interrupt-controller", "device_type", NULL), ==,
                    "PowerPC-External-Interrupt-Presentation");
    g_assert_nonnull(dt_prop(&m, "/interrupt-controller", "interrupt-controller", NULL));
    g_assert_cmphex(dt_cell(&m, "/interrupt-controller", "phandle"), ==, 0x1111);
    g_assert_cmphex(dt_cell(&m, "/interrupt-controller", "#interrupt-cells"), ==, 2);
    c = dt_prop(&m, "/interrupt-controller", "ibm,interrupt-server-ranges", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmphex(GUINT32_FROM_BE(c[0]), ==, 0);
    g_assert_cmphex(GUINT32_FROM_BE(c[1]), ==, 2);
    /* The vty's message interrupt, at QEMU's number. */
    c = dt_prop(&m, "/vdevice/vty@71000000", "interrupts", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmphex(GUINT32_FROM_BE(c[0]), ==, 0x1100);
    g_assert_cmphex(GUINT32_FROM_BE(c[1]), ==, 0);
    c = dt_prop(&m, "/vdevice/nvram@71000001", "interrupts", &len);
    g_assert_cmphex(GUINT32_FROM_BE(c[0]), ==, 0x1101);
    g_assert_cmphex(dt_cell(&m, "/rtas", "ibm,set-xive"), ==, 0x200a);
    g_assert_cmphex(dt_cell(&m, "/rtas", "ibm,int-on"), ==, 0x200d);
    m_stop(&m);

    /* ic-mode=xive: no XICS (and CAS refuses the guest that wants it). */
    m_start(&m, "-M", "pseries,ic-mode=xive", "-cpu", "POWER9", NULL);
    g_assert_cmpstr(dt_prop(&m, "/interrupt-controller", "compatible", NULL), ==,
                    "ibm,power-ivpe");
    g_assert_cmpint(hcall(&m, 0, H_XIRR, 0, 0, 0, 0), ==, H_FUNCTION);
    m_stop(&m);
}

static void test_xics_ipi(void)
{
    M m;
    PowerCpu *c1;

    m_start(&m, "-M", "pseries", "-smp", "2", NULL);
    c1 = m_cpu(&m, 1);
    c1->tcg.interrupt_request = 0;
    /* After reset the CPPR is 0: nothing gets through, not even an IPI. */
    g_assert_cmpint(hcall(&m, 0, H_IPI, 1, 5, 0, 0), ==, H_SUCCESS);
    g_assert_false(ext_pending(&m, 1));
    g_assert_cmpint(hcall(&m, 0, H_IPOLL, 1, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 0);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[5], ==, 5);
    /* Opening the CPPR presents the pending IPI. */
    g_assert_cmpint(hcall(&m, 1, H_CPPR, 0xff, 0, 0, 0), ==, H_SUCCESS);
    g_assert_true(ext_pending(&m, 1));
    g_assert_cmpint(hcall(&m, 1, H_XIRR, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(c1->regs.gpr[4], ==, 0xff000002);
    g_assert_false(ext_pending(&m, 1));
    /* Accepting it raised the CPPR to its priority. */
    g_assert_cmpint(hcall(&m, 0, H_IPOLL, 1, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 0x05000000);
    /* EOI with the MFRR still set: the IPI comes again (as QEMU). */
    g_assert_cmpint(hcall(&m, 1, H_EOI, 0xff000002, 0, 0, 0), ==, H_SUCCESS);
    g_assert_true(ext_pending(&m, 1));
    g_assert_cmpint(hcall(&m, 1, H_XIRR_X, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(c1->regs.gpr[4], ==, 0xff000002);
    /* Linux's way: clear the MFRR, then EOI. */
    g_assert_cmpint(hcall(&m, 1, H_IPI, 1, 0xff, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 1, H_EOI, 0xff000002, 0, 0, 0), ==, H_SUCCESS);
    g_assert_false(ext_pending(&m, 1));
    /* A less favoured IPI than the CPPR waits. */
    g_assert_cmpint(hcall(&m, 1, H_CPPR, 4, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_IPI, 1, 4, 0, 0), ==, H_SUCCESS);
    g_assert_false(ext_pending(&m, 1));
    g_assert_cmpint(hcall(&m, 0, H_IPI, 1, 3, 0, 0), ==, H_SUCCESS);
    g_assert_true(ext_pending(&m, 1));
    /* A more favoured CPPR takes back what is pending. */
    g_assert_cmpint(hcall(&m, 1, H_CPPR, 2, 0, 0, 0), ==, H_SUCCESS);
    g_assert_false(ext_pending(&m, 1));
    /* Unknown servers. */
    g_assert_cmpint(hcall(&m, 0, H_IPI, 2, 5, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_IPOLL, 7, 0, 0, 0), ==, H_PARAMETER);
    /* A reset empties the ICPs. */
    modvm_machine_reset(m.s->machine);
    g_assert_cmpint(hcall(&m, 0, H_IPOLL, 1, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 0);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[5], ==, 0xff);
    m_stop(&m);
}

static void test_xics_sources(void)
{
    M m;
    guint32 rets[3];
    guint32 args[3];
    XicsClaimFn claim;
    XicsSetIrqFn set_irq;
    SpaprXics *xics;
    ModvmChardev *chr;

    m_start(&m, "-M", "pseries", "-smp", "2", NULL);
    claim = (XicsClaimFn)xics_sym(&m, "spapr_xics_claim");
    set_irq = (XicsSetIrqFn)xics_sym(&m, "spapr_xics_set_irq");
    xics = m.spapr->xics;
    chr = m.s->chardevs->pdata[0];
    m_cpu(&m, 0)->tcg.interrupt_request = 0;
    hcall(&m, 0, H_CPPR, 0xff, 0, 0, 0);

    /* The vty's interrupt: masked at reset (input then waits in the ICS). */
    args[0] = 0x1100;
    g_assert_cmpint(rtas(&m, "ibm,get-xive", 1, args, 3, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmphex(rets[2], ==, 0xff);
    args[1] = 0;
    args[2] = 5;
    g_assert_cmpint(rtas(&m, "ibm,set-xive", 3, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    /* H_VIO_SIGNAL: mode bits the vty has (1), on a device that exists. */
    g_assert_cmpint(hcall(&m, 0, H_VIO_SIGNAL, 0x71000000, 2, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_VIO_SIGNAL, 0x71000009, 1, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_VIO_SIGNAL, 0x71000000, 1, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_VIO_SIGNAL, 0x71000000, 0, 0, 0), ==, H_SUCCESS);
    /* Input into an empty buffer is an edge, whatever H_VIO_SIGNAL said (as QEMU). */
    modvm_chardev_frontend_receive(chr, (const guint8 *)"a", 1);
    g_assert_true(ext_pending(&m, 0));
    hcall(&m, 0, H_XIRR, 0, 0, 0, 0);
    hcall(&m, 0, H_EOI, 0xff001100, 0, 0, 0);
    /* Input into a non-empty buffer: no new edge. */
    modvm_chardev_frontend_receive(chr, (const guint8 *)"b", 1);
    g_assert_false(ext_pending(&m, 0));
    hcall(&m, 0, H_GET_TERM_CHAR, 0x71000000, 0, 0, 0);
    modvm_chardev_frontend_receive(chr, (const guint8 *)"c", 1);
    g_assert_true(ext_pending(&m, 0));
    g_assert_cmpint(hcall(&m, 0, H_XIRR, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 0xff001100);
    g_assert_cmpint(hcall(&m, 0, H_EOI, 0xff001100, 0, 0, 0), ==, H_SUCCESS);
    g_assert_false(ext_pending(&m, 0));

    /* A message while the CPPR blocks it is rejected, and resent when the CPPR opens. */
    hcall(&m, 0, H_CPPR, 5, 0, 0, 0);
    set_irq(xics, 0x1100, 1);
    set_irq(xics, 0x1100, 0);
    g_assert_false(ext_pending(&m, 0));
    hcall(&m, 0, H_CPPR, 0xff, 0, 0, 0);
    g_assert_true(ext_pending(&m, 0));
    hcall(&m, 0, H_XIRR, 0, 0, 0, 0);
    hcall(&m, 0, H_EOI, 0xff001100, 0, 0, 0);
    /* int-off masks (a message then waits), int-on restores the priority and delivers it. */
    args[0] = 0x1100;
    g_assert_cmpint(rtas(&m, "ibm,int-off", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    set_irq(xics, 0x1100, 1);
    g_assert_false(ext_pending(&m, 0));
    g_assert_cmpint(rtas(&m, "ibm,int-on", 1, args, 1, rets), ==, H_SUCCESS);
    rtas(&m, "ibm,get-xive", 1, args, 3, rets);
    g_assert_cmphex(rets[2], ==, 5);
    g_assert_true(ext_pending(&m, 0));
    hcall(&m, 0, H_XIRR, 0, 0, 0, 0);
    hcall(&m, 0, H_EOI, 0xff001100, 0, 0, 0);

    /*
     * A level source, the PHB's INTA (claimed at reset, so taken): presented
     * while asserted, again after EOI if still asserted.
     */
    g_assert_false(claim(xics, 0x1200, TRUE));
    g_assert_false(claim(xics, 0x1200, FALSE));
    g_assert_false(claim(xics, 0x2000, FALSE));
    args[0] = 0x1200;
    args[1] = 1;
    args[2] = 3;
    g_assert_cmpint(rtas(&m, "ibm,set-xive", 3, args, 1, rets), ==, H_SUCCESS);
    hcall(&m, 1, H_CPPR, 0xff, 0, 0, 0);
    m_cpu(&m, 1)->tcg.interrupt_request = 0;
    set_irq(xics, 0x1200, 1);
    g_assert_true(ext_pending(&m, 1));
    g_assert_false(ext_pending(&m, 0));
    hcall(&m, 1, H_XIRR, 0, 0, 0, 0);
    g_assert_cmphex(m_cpu(&m, 1)->regs.gpr[4], ==, 0xff001200);
    hcall(&m, 1, H_EOI, 0xff001200, 0, 0, 0);
    g_assert_true(ext_pending(&m, 1));
    hcall(&m, 1, H_XIRR, 0, 0, 0, 0);
    set_irq(xics, 0x1200, 0);
    hcall(&m, 1, H_EOI, 0xff001200, 0, 0, 0);
    g_assert_false(ext_pending(&m, 1));
    /* An IPI more favoured than a pending source takes its place; the source comes back. */
    set_irq(xics, 0x1200, 1);
    g_assert_cmpint(hcall(&m, 0, H_IPI, 1, 1, 0, 0), ==, H_SUCCESS);
    hcall(&m, 1, H_XIRR, 0, 0, 0, 0);
    g_assert_cmphex(m_cpu(&m, 1)->regs.gpr[4], ==, 0xff000002);
    hcall(&m, 1, H_IPI, 1, 0xff, 0, 0);
    hcall(&m, 1, H_EOI, 0xff000002, 0, 0, 0);
    g_assert_true(ext_pending(&m, 1));
    hcall(&m, 1, H_XIRR, 0, 0, 0, 0);
    g_assert_cmphex(m_cpu(&m, 1)->regs.gpr[4], ==, 0xff001200);
    set_irq(xics, 0x1200, 0);
    hcall(&m, 1, H_EOI, 0xff001200, 0, 0, 0);

    /* RTAS errors, as QEMU's. */
    args[0] = 0x999;
    g_assert_cmpint(rtas(&m, "ibm,get-xive", 1, args, 3, rets), ==, H_SUCCESS);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    args[0] = 0x1100;
    args[1] = 9;
    args[2] = 5;
    g_assert_cmpint(rtas(&m, "ibm,set-xive", 3, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    args[1] = 0;
    args[2] = 0x100;
    rtas(&m, "ibm,set-xive", 3, args, 1, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    rtas(&m, "ibm,set-xive", 2, args, 1, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    rtas(&m, "ibm,int-on", 1, args, 2, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    /* A reset masks every source again. */
    modvm_machine_reset(m.s->machine);
    args[0] = 0x1200;
    rtas(&m, "ibm,get-xive", 1, args, 3, rets);
    g_assert_cmphex(rets[2], ==, 0xff);
    m_stop(&m);
}

/* XIVE (LoPAR "XIVE Exploitation"); expected values from QEMU 7.2's device tree and answers. */
#define XIVE_ESB(lisn)      (SPAPR_XIVE_VC_BASE + ((guint64)(lisn) << 17))
#define XIVE_EOI(lisn)      (XIVE_ESB(lisn) + 0x10000)
#define XIVE_TM_OS          (SPAPR_XIVE_TM_BASE + 0x20000)
#define XIVE_QUEUE          0x400000

/* An hcall with up to six arguments (r4..r9). */
static gint64 hcall6(M *m, guint n, guint64 opcode, const guint64 *a)
{
    PowerCpu *cpu = m_cpu(m, n);

    cpu->regs.gpr[3] = opcode;
    for (guint i = 0; i < 6; i++) {
        cpu->regs.gpr[4 + i] = a[i];
    }
    g_assert_true(modvm_cpu_hypercall(MODVM_CPU(cpu)));
    return (gint64)cpu->regs.gpr[3];
}

static guint64 mmio_load(M *m, guint n, guint64 addr, unsigned size)
{
    guint64 v = 0;

    modvm_cpu_set_current(MODVM_CPU(m_cpu(m, n)));
    g_assert_cmpint(modvm_address_space_load(modvm_machine_address_space(m->s->machine), addr,
                                             size, MODVM_ENDIAN_BIG, &v), ==, MODVM_MEM_OK);
    modvm_cpu_set_current(NULL);
    return v;
}

static void mmio_store(M *m, guint n, guint64 addr, unsigned size, guint64 v)
{
    modvm_cpu_set_current(MODVM_CPU(m_cpu(m, n)));
    g_assert_cmpint(modvm_address_space_store(modvm_machine_address_space(m->s->machine), addr,
                                              size, MODVM_ENDIAN_BIG, v), ==, MODVM_MEM_OK);
    modvm_cpu_set_current(NULL);
}

static guint32 ram_be32(M *m, guint64 addr)
{
    guint32 v;

    ram_read(m, addr, &v, 4);
    return GUINT32_FROM_BE(v);
}

/* A POWER9 pseries whose guest negotiated XIVE at CAS. */
static void xive_start(M *m, const char *smp)
{
    m_start(m, "-M", "pseries", "-cpu", "POWER9", "-smp", smp, NULL);
    g_assert_cmpint(cas(m, 0xffffffff, 0x0f000005, 0x40, 0x00, TRUE), ==, H_SUCCESS);
    g_assert_true(m->spapr->xive_active);
}

static void test_xive_dt_cas(void)
{
    const char *node = "/interrupt-controller@60302031b0000";
    const guint8 *v;
    const guint32 *c;
    int len = 0;
    M m;

    m_start(&m, "-M", "pseries", "-cpu", "POWER9", "-smp", "2", NULL);
    /* Dual: XICS until CAS; the guest may choose either. */
    v = dt_prop(&m, "/chosen", "ibm,arch-vec-5-platform-support", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmphex(v[0], ==, 23);
    g_assert_cmphex(v[1], ==, 0x80);
    g_assert_cmpstr(dt_prop(&m, "/interrupt-controller", "compatible", NULL), ==,
                    "IBM,ppc-xicp");
    g_assert_null(dt_prop(&m, "/", "ibm,plat-res-int-priorities", NULL));
    /* The XIVE hcalls answer only once XIVE is negotiated. */
    g_assert_cmpint(hcall(&m, 0, H_INT_GET_SOURCE_INFO, 0, 0, 0, 0), ==, H_FUNCTION);
    g_assert_cmpint(hcall(&m, 0, H_INT_RESET, 0, 0, 0, 0), ==, H_FUNCTION);
    g_assert_cmpint(cas(&m, 0xffffffff, 0x0f000005, 0x40, 0x00, TRUE), ==, H_SUCCESS);
    /* The node QEMU 7.2 gives: TIMA user then OS page, IPIs 0..1, 64K queues, phandle. */
    g_assert_cmpstr(dt_prop(&m, node, "compatible", NULL), ==, "ibm,power-ivpe");
    g_assert_cmpstr(dt_prop(&m, node, "device_type", NULL), ==, "power-ivpe");
    c = dt_prop(&m, node, "reg", &len);
    g_assert_cmpint(len, ==, 32);
    g_assert_cmphex(GUINT32_FROM_BE(c[0]), ==, 0x60302);
    g_assert_cmphex(GUINT32_FROM_BE(c[1]), ==, 0x31b0000);
    g_assert_cmphex(GUINT32_FROM_BE(c[3]), ==, 0x10000);
    g_assert_cmphex(GUINT32_FROM_BE(c[4]), ==, 0x60302);
    g_assert_cmphex(GUINT32_FROM_BE(c[5]), ==, 0x31a0000);
    g_assert_cmphex(GUINT32_FROM_BE(c[7]), ==, 0x10000);
    c = dt_prop(&m, node, "ibm,xive-lisn-ranges", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmphex(GUINT32_FROM_BE(c[0]), ==, 0);
    g_assert_cmphex(GUINT32_FROM_BE(c[1]), ==, 2);
    g_assert_cmphex(dt_cell(&m, node, "ibm,xive-eq-sizes"), ==, 16);
    g_assert_cmphex(dt_cell(&m, node, "#interrupt-cells"), ==, 2);
    g_assert_cmphex(dt_cell(&m, node, "phandle"), ==, 0x1111);
    g_assert_cmphex(dt_cell(&m, node, "linux,phandle"), ==, 0x1111);
    g_assert_nonnull(dt_prop(&m, node, "interrupt-controller", NULL));
    c = dt_prop(&m, "/", "ibm,plat-res-int-priorities", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmphex(GUINT32_FROM_BE(c[0]), ==, 7);
    g_assert_cmphex(GUINT32_FROM_BE(c[1]), ==, 0xf8);
    g_assert_null(dt_prop(&m, "/interrupt-controller", "ibm,interrupt-server-ranges", NULL));
    v = dt_prop(&m, "/chosen", "ibm,architecture-vec-5", &len);
    g_assert_cmpint(len, >=, 24);
    g_assert_cmphex(v[23], ==, 0x40);
    /* A reset goes back to XICS until the next CAS. */
    modvm_machine_reset(m.s->machine);
    g_assert_false(m.spapr->xive_active);
    g_assert_cmpstr(dt_prop(&m, "/interrupt-controller", "compatible", NULL), ==,
                    "IBM,ppc-xicp");
    g_assert_cmpint(hcall(&m, 0, H_INT_GET_SOURCE_INFO, 0, 0, 0, 0), ==, H_FUNCTION);
    /* A guest that keeps XICS keeps its node. */
    g_assert_cmpint(cas(&m, 0xffffffff, 0x0f000005, 0x00, 0x00, TRUE), ==, H_SUCCESS);
    g_assert_false(m.spapr->xive_active);
    g_assert_cmpstr(dt_prop(&m, "/interrupt-controller", "compatible", NULL), ==,
                    "IBM,ppc-xicp");
    m_stop(&m);

    /* Each single mode refuses the guest that wants the other. */
    m_start(&m, "-M", "pseries,ic-mode=xics", "-cpu", "POWER9", NULL);
    v = dt_prop(&m, "/chosen", "ibm,arch-vec-5-platform-support", &len);
    g_assert_cmphex(v[1], ==, 0x00);
    g_assert_cmpint(cas(&m, 0xffffffff, 0x0f000005, 0x40, 0x00, TRUE), ==, H_HARDWARE);
    m_stop(&m);
    m_start(&m, "-M", "pseries,ic-mode=xive", "-cpu", "POWER9", NULL);
    v = dt_prop(&m, "/chosen", "ibm,arch-vec-5-platform-support", &len);
    g_assert_cmphex(v[1], ==, 0x40);
    g_assert_cmpint(cas(&m, 0xffffffff, 0x0f000005, 0x00, 0x00, TRUE), ==, H_HARDWARE);
    g_assert_cmpint(cas(&m, 0xffffffff, 0x0f000005, 0x40, 0x00, TRUE), ==, H_SUCCESS);
    /* QEMU lists the interrupt hcalls with XIVE alone too. */
    {
        const char *h = dt_prop(&m, "/rtas", "ibm,hypertas-functions", &len);

        g_assert_nonnull(h);
        g_assert_nonnull(memmem(h, len, "hcall-interrupt", 16));
    }
    m_stop(&m);
    /* POWER8 (and max-cpu-compat=power8): dual is XICS alone. */
    m_start(&m, "-M", "pseries", "-cpu", "POWER8", NULL);
    g_assert_null(m.spapr->xive);
    v = dt_prop(&m, "/chosen", "ibm,arch-vec-5-platform-support", &len);
    g_assert_cmphex(v[1], ==, 0x00);
    m_stop(&m);
    m_start(&m, "-M", "pseries,max-cpu-compat=power8", "-cpu", "POWER9", NULL);
    g_assert_null(m.spapr->xive);
    m_stop(&m);
}

static void test_xive_hcalls(void)
{
    M m;
    PowerCpu *c0;

    xive_start(&m, "2");
    c0 = m_cpu(&m, 0);
    /* H_INT_GET_SOURCE_INFO: two 64K pages per source, no store EOI, for IPIs and devices. */
    g_assert_cmpint(hcall(&m, 0, H_INT_GET_SOURCE_INFO, 0, 1, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(c0->regs.gpr[4], ==, 0);
    g_assert_cmphex(c0->regs.gpr[5], ==, 0x6010000030000ull);
    g_assert_cmphex(c0->regs.gpr[6], ==, 0x6010000020000ull);
    g_assert_cmphex(c0->regs.gpr[7], ==, 16);
    g_assert_cmpint(hcall(&m, 0, H_INT_GET_SOURCE_INFO, 0, 0x1100, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(c0->regs.gpr[6], ==, 0x6010000000000ull + (0x1100ull << 17));
    g_assert_cmpint(hcall(&m, 0, H_INT_GET_SOURCE_INFO, 1, 1, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_INT_GET_SOURCE_INFO, 0, 0x2000, 0, 0), ==, H_P2);
    g_assert_cmpint(hcall(&m, 0, H_INT_GET_SOURCE_INFO, 0, 0x1050, 0, 0), ==, H_P2);
    g_assert_cmpint(hcall(&m, 0, H_INT_GET_SOURCE_INFO, 0, 2, 0, 0), ==, H_P2);
    g_assert_cmpint(hcall(&m, 0, H_INT_GET_SOURCE_INFO, 0, G_MAXUINT64, 0, 0), ==, H_P2);

    /* H_INT_SET_SOURCE_CONFIG: flags, LISN, target, priority (7 is the hypervisor's), EISN. */
    {
        const guint64 bad_flags[6] = { 4, 0x1100, 1, 6, 0x42 };
        const guint64 bad_lisn[6] = { 2, 0x1fff, 1, 6, 0x42 };
        const guint64 bad_target[6] = { 2, 0x1100, 2, 6, 0x42 };
        const guint64 bad_prio[6] = { 2, 0x1100, 1, 7, 0x42 };
        const guint64 huge_prio[6] = { 2, 0x1100, 1, 0x106, 0x42 };
        const guint64 ok[6] = { 2, 0x1100, 1, 6, 0x42 };
        const guint64 masked[6] = { 1, 0x1100, 0, 5, 0 };
        const guint64 reset[6] = { 0, 0x1100, 0, 0xff, 0 };

        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_SOURCE_CONFIG, bad_flags), ==, H_PARAMETER);
        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_SOURCE_CONFIG, bad_lisn), ==, H_P2);
        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_SOURCE_CONFIG, bad_target), ==, H_P3);
        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_SOURCE_CONFIG, bad_prio), ==, H_P4);
        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_SOURCE_CONFIG, huge_prio), ==, H_P4);
        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_SOURCE_CONFIG, ok), ==, H_SUCCESS);
        g_assert_cmpint(hcall(&m, 0, H_INT_GET_SOURCE_CONFIG, 0, 0x1100, 0, 0), ==, H_SUCCESS);
        g_assert_cmphex(c0->regs.gpr[4], ==, 1);
        g_assert_cmphex(c0->regs.gpr[5], ==, 6);
        g_assert_cmphex(c0->regs.gpr[6], ==, 0x42);
        /* Masked: priority 0xff; the EISN stays without SET_EISN. */
        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_SOURCE_CONFIG, masked), ==, H_SUCCESS);
        g_assert_cmpint(hcall(&m, 0, H_INT_GET_SOURCE_CONFIG, 0, 0x1100, 0, 0), ==, H_SUCCESS);
        g_assert_cmphex(c0->regs.gpr[4], ==, 0);
        g_assert_cmphex(c0->regs.gpr[5], ==, 0xff);
        g_assert_cmphex(c0->regs.gpr[6], ==, 0x42);
        /* Priority 0xff resets the routing. */
        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_SOURCE_CONFIG, reset), ==, H_SUCCESS);
        g_assert_cmpint(hcall(&m, 0, H_INT_GET_SOURCE_CONFIG, 0, 0x1100, 0, 0), ==, H_SUCCESS);
        g_assert_cmphex(c0->regs.gpr[5], ==, 0xff);
        g_assert_cmphex(c0->regs.gpr[6], ==, 0);
    }
    g_assert_cmpint(hcall(&m, 0, H_INT_GET_SOURCE_CONFIG, 1, 0x1100, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_INT_GET_SOURCE_CONFIG, 0, 0x3000, 0, 0), ==, H_P2);

    /* Queues: sizes of 4K, 64K, 2M, 16M, naturally aligned, in guest RAM. */
    {
        const guint64 bad_flags[6] = { 2, 1, 6, XIVE_QUEUE, 16 };
        const guint64 bad_target[6] = { 1, 9, 6, XIVE_QUEUE, 16 };
        const guint64 bad_prio[6] = { 1, 1, 7, XIVE_QUEUE, 16 };
        const guint64 bad_size[6] = { 1, 1, 6, XIVE_QUEUE, 13 };
        const guint64 unaligned[6] = { 1, 1, 6, XIVE_QUEUE + 0x1000, 16 };
        const guint64 not_ram[6] = { 1, 1, 6, 0x100000000000ull, 16 };
        const guint64 mmio[6] = { 1, 1, 6, SPAPR_XIVE_VC_BASE, 16 };
        const guint64 ok[6] = { 1, 1, 6, XIVE_QUEUE, 16 };
        const guint64 off[6] = { 0, 1, 6, 0, 0 };

        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_QUEUE_CONFIG, bad_flags), ==, H_PARAMETER);
        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_QUEUE_CONFIG, bad_target), ==, H_P2);
        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_QUEUE_CONFIG, bad_prio), ==, H_P3);
        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_QUEUE_CONFIG, bad_size), ==, H_P5);
        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_QUEUE_CONFIG, unaligned), ==, H_P4);
        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_QUEUE_CONFIG, not_ram), ==, H_P4);
        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_QUEUE_CONFIG, mmio), ==, H_P4);
        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_QUEUE_CONFIG, ok), ==, H_SUCCESS);
        g_assert_cmpint(hcall(&m, 0, H_INT_GET_QUEUE_CONFIG, 0, 1, 6, 0), ==, H_SUCCESS);
        g_assert_cmphex(c0->regs.gpr[4], ==, 1);
        g_assert_cmphex(c0->regs.gpr[5], ==, XIVE_QUEUE);
        g_assert_cmphex(c0->regs.gpr[6], ==, 16);
        g_assert_cmphex(c0->regs.gpr[7], ==, 0);
        /* Debug: the generation (1 at first) in bit 62, the offset in r7. */
        g_assert_cmpint(hcall(&m, 0, H_INT_GET_QUEUE_CONFIG, 1, 1, 6, 0), ==, H_SUCCESS);
        g_assert_cmphex(c0->regs.gpr[4], ==, 3);
        g_assert_cmpint(hcall(&m, 0, H_INT_GET_QUEUE_CONFIG, 2, 1, 6, 0), ==, H_PARAMETER);
        g_assert_cmpint(hcall(&m, 0, H_INT_GET_QUEUE_CONFIG, 0, 1, 7, 0), ==, H_P3);
        g_assert_cmpint(hcall(&m, 0, H_INT_GET_QUEUE_CONFIG, 0, 5, 6, 0), ==, H_P2);
        /* The END's ESB page follows the sources' (QEMU's end_base). */
        g_assert_cmpint(hcall(&m, 0, H_INT_GET_QUEUE_INFO, 0, 1, 6, 0), ==, H_SUCCESS);
        g_assert_cmphex(c0->regs.gpr[4], ==, 0x6010040000000ull + 0x20000ull * 14);
        g_assert_cmphex(c0->regs.gpr[5], ==, 16);
        g_assert_cmpint(hcall(&m, 0, H_INT_GET_QUEUE_INFO, 0, 1, 6, 1), ==, H_SUCCESS);
        g_assert_cmpint(hcall(&m, 0, H_INT_GET_QUEUE_INFO, 1, 1, 6, 0), ==, H_PARAMETER);
        g_assert_cmpint(hcall(&m, 0, H_INT_GET_QUEUE_INFO, 0, 1, 8, 0), ==, H_P3);
        g_assert_cmpint(hcall(&m, 0, H_INT_GET_QUEUE_INFO, 0, 2, 6, 0), ==, H_P2);
        /* Size 0 takes the queue away. */
        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_QUEUE_CONFIG, off), ==, H_SUCCESS);
        g_assert_cmpint(hcall(&m, 0, H_INT_GET_QUEUE_CONFIG, 0, 1, 6, 0), ==, H_SUCCESS);
        g_assert_cmphex(c0->regs.gpr[4], ==, 0);
        g_assert_cmphex(c0->regs.gpr[5], ==, 0);
        g_assert_cmphex(c0->regs.gpr[6], ==, 0);
    }
    /* The reporting line is not offered (QEMU: H_FUNCTION); sync; reset. */
    g_assert_cmpint(hcall(&m, 0, H_INT_SET_OS_REPORTING_LINE, 0, XIVE_QUEUE, 0, 0), ==,
                    H_FUNCTION);
    g_assert_cmpint(hcall(&m, 0, H_INT_GET_OS_REPORTING_LINE, 0, 0, 0, 0), ==, H_FUNCTION);
    g_assert_cmpint(hcall(&m, 0, H_INT_SYNC, 0, 0x1100, 0, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_INT_SYNC, 1, 0x1100, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_INT_SYNC, 0, 0x1234, 0, 0), ==, H_P2);
    g_assert_cmpint(hcall(&m, 0, H_INT_RESET, 1, 0, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_INT_RESET, 0, 0, 0, 0), ==, H_SUCCESS);
    /* H_INT_ESB: a load or store on the EOI page; the offset stays in the page. */
    g_assert_cmpint(hcall(&m, 0, H_INT_ESB, 0, 0x1100, SPAPR_XIVE_ESB_GET, 0), ==, H_SUCCESS);
    g_assert_cmphex(c0->regs.gpr[4], ==, SPAPR_XIVE_ESB_OFF);
    g_assert_cmpint(hcall(&m, 0, H_INT_ESB, 1, 0x1100, SPAPR_XIVE_ESB_SET_PQ_10, 0), ==,
                    H_SUCCESS);
    g_assert_cmphex(c0->regs.gpr[4], ==, G_MAXUINT64);
    g_assert_cmpint(hcall(&m, 0, H_INT_ESB, 0, 0x1100, SPAPR_XIVE_ESB_GET, 0), ==, H_SUCCESS);
    g_assert_cmphex(c0->regs.gpr[4], ==, SPAPR_XIVE_ESB_P);
    g_assert_cmpint(hcall(&m, 0, H_INT_ESB, 2, 0x1100, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_INT_ESB, 0, 0x5000, 0, 0), ==, H_P2);
    g_assert_cmpint(hcall(&m, 0, H_INT_ESB, 0, 0x1100, 0x10000, 0), ==, H_P3);
    m_stop(&m);
}

/* Routes LISN @lisn to (@target, priority 6) with @eisn, and opens its ESB (Linux's unmask). */
static void xive_route(M *m, guint64 lisn, guint64 target, guint64 eisn)
{
    const guint64 cfg[6] = { 2, lisn, target, 6, eisn };

    g_assert_cmpint(hcall6(m, 0, H_INT_SET_SOURCE_CONFIG, cfg), ==, H_SUCCESS);
    mmio_load(m, 0, XIVE_EOI(lisn) + SPAPR_XIVE_ESB_SET_PQ_00, 8);
}

static void test_xive_esb(void)
{
    const guint64 queue[6] = { 1, 0, 6, XIVE_QUEUE, 12 };
    M m;

    xive_start(&m, "1");
    g_assert_cmpint(hcall6(&m, 0, H_INT_SET_QUEUE_CONFIG, queue), ==, H_SUCCESS);
    /* After reset a source is off (PQ 01): a trigger is lost. */
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_GET, 8), ==, 1);
    mmio_store(&m, 0, XIVE_ESB(0x1100), 8, 0);
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_GET, 8), ==, 1);
    xive_route(&m, 0x1100, 0, 0x1100);
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_GET, 8), ==, 0);
    /* 00 -> 10: an event into the queue; 10 -> 11: queued, nothing more sent. */
    mmio_store(&m, 0, XIVE_ESB(0x1100), 8, 0);
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_GET, 8), ==, 2);
    g_assert_cmphex(ram_be32(&m, XIVE_QUEUE), ==, 0x80001100);
    mmio_store(&m, 0, XIVE_ESB(0x1100), 8, 0);
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_GET, 8), ==, 3);
    g_assert_cmphex(ram_be32(&m, XIVE_QUEUE + 4), ==, 0);
    /* Load EOI on 11: sent again (returns 1), now 10; on 10: 00, nothing sent. */
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_LOAD_EOI, 8), ==, 1);
    g_assert_cmphex(ram_be32(&m, XIVE_QUEUE + 4), ==, 0x80001100);
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_GET, 8), ==, 2);
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_LOAD_EOI, 8), ==, 0);
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_GET, 8), ==, 0);
    /* SET_PQ loads return the old bits (Linux's EOI: SET_PQ_00, then re-trigger if Q). */
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_SET_PQ_11, 8), ==, 0);
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_SET_PQ_00, 8), ==, 3);
    /* Stores on the EOI page set PQ too; a store EOI is not offered and changes nothing. */
    mmio_store(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_SET_PQ_01, 8, 0);
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_GET, 8), ==, 1);
    mmio_store(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_STORE_EOI, 8, 0);
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_GET, 8), ==, 1);
    /* A masked EAS drops the event, which stays in the PQ bits. */
    {
        const guint64 masked[6] = { 1, 0x1100, 0, 6, 0 };

        g_assert_cmpint(hcall6(&m, 0, H_INT_SET_SOURCE_CONFIG, masked), ==, H_SUCCESS);
    }
    mmio_load(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_SET_PQ_00, 8);
    mmio_store(&m, 0, XIVE_ESB(0x1100), 8, 0);
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0x1100) + SPAPR_XIVE_ESB_GET, 8), ==, 2);
    g_assert_cmphex(ram_be32(&m, XIVE_QUEUE + 8), ==, 0);
    /* Loads on a trigger page, and on sources not claimed, read all ones. */
    g_assert_cmphex(mmio_load(&m, 0, XIVE_ESB(0x1100), 8), ==, G_MAXUINT64);
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0x1050) + SPAPR_XIVE_ESB_GET, 8), ==,
                    G_MAXUINT64);
    /* The VIO path: the vty's message interrupt goes through the active controller. */
    xive_route(&m, 0x1100, 0, 0x77);
    {
        SpaprVty *(*vty_default)(SpaprMachine *) = xics_sym(&m, "spapr_vty_default");
        void (*pulse)(SpaprVioDevice *) = xics_sym(&m, "spapr_vio_irq_pulse");

        pulse((SpaprVioDevice *)vty_default(m.spapr));
    }
    g_assert_cmphex(ram_be32(&m, XIVE_QUEUE + 8), ==, 0x80000077);
    /* The queue wraps: 1024 entries of 4K, then the generation bit flips. */
    xive_route(&m, 0, 0, 5);
    for (guint i = 3; i < 1024 + 2; i++) {
        mmio_store(&m, 0, XIVE_ESB(0), 8, 0);
        mmio_load(&m, 0, XIVE_EOI(0) + SPAPR_XIVE_ESB_SET_PQ_00, 8);
    }
    g_assert_cmphex(ram_be32(&m, XIVE_QUEUE + 4 * 1023), ==, 0x80000005);
    g_assert_cmphex(ram_be32(&m, XIVE_QUEUE), ==, 0x00000005);
    g_assert_cmphex(ram_be32(&m, XIVE_QUEUE + 4), ==, 0x00000005);
    g_assert_cmphex(ram_be32(&m, XIVE_QUEUE + 8), ==, 0x80000077);
    {
        PowerCpu *c0 = m_cpu(&m, 0);

        g_assert_cmpint(hcall(&m, 0, H_INT_GET_QUEUE_CONFIG, 1, 0, 6, 0), ==, H_SUCCESS);
        g_assert_cmphex(c0->regs.gpr[4], ==, 1);   /* generation 0 now, always notify */
        g_assert_cmphex(c0->regs.gpr[7], ==, 2);
    }
    /* H_INT_RESET: sources off and masked, queues gone. */
    g_assert_cmpint(hcall(&m, 0, H_INT_RESET, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(0) + SPAPR_XIVE_ESB_GET, 8), ==, 1);
    g_assert_cmpint(hcall(&m, 0, H_INT_GET_QUEUE_CONFIG, 0, 0, 6, 0), ==, H_SUCCESS);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[6], ==, 0);
    m_stop(&m);
}

/* A level source (none of modvm's devices has one yet): managed through H_INT_ESB. */
static void test_xive_lsi(void)
{
    const guint64 queue[6] = { 1, 0, 6, XIVE_QUEUE, 12 };
    const guint64 route[6] = { 2, 0x1200, 0, 6, 0x99 };
    gboolean (*claim)(SpaprMachine *, guint32, gboolean);
    void (*set_irq)(SpaprMachine *, guint32, int);
    PowerCpu *c0;
    M m;

    xive_start(&m, "1");
    c0 = m_cpu(&m, 0);
    claim = xics_sym(&m, "spapr_irq_claim");
    set_irq = xics_sym(&m, "spapr_irq_set");
    /* The PHB's INTA, an LSI claimed at reset. */
    g_assert_false(claim(m.spapr, 0x1200, TRUE));
    g_assert_false(claim(m.spapr, 0x1200, FALSE));
    g_assert_cmpint(hcall(&m, 0, H_INT_GET_SOURCE_INFO, 0, 0x1200, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(c0->regs.gpr[4], ==, 0xc);  /* H_INT_ESB and LSI */
    g_assert_cmphex(c0->regs.gpr[5], ==, G_MAXUINT64);
    g_assert_cmphex(c0->regs.gpr[6], ==, G_MAXUINT64);
    g_assert_cmphex(c0->regs.gpr[7], ==, 16);
    g_assert_cmpint(hcall6(&m, 0, H_INT_SET_QUEUE_CONFIG, queue), ==, H_SUCCESS);
    g_assert_cmpint(hcall6(&m, 0, H_INT_SET_SOURCE_CONFIG, route), ==, H_SUCCESS);
    /* Up while off: nothing; unmasking (PQ 00) sends it. */
    set_irq(m.spapr, 0x1200, 1);
    g_assert_cmphex(ram_be32(&m, XIVE_QUEUE), ==, 0);
    g_assert_cmpint(hcall(&m, 0, H_INT_ESB, 0, 0x1200, SPAPR_XIVE_ESB_SET_PQ_00, 0), ==,
                    H_SUCCESS);
    g_assert_cmphex(ram_be32(&m, XIVE_QUEUE), ==, 0x80000099);
    /* EOI while still up: sent again; once down, EOI leaves it idle. */
    g_assert_cmpint(hcall(&m, 0, H_INT_ESB, 0, 0x1200, SPAPR_XIVE_ESB_LOAD_EOI, 0), ==,
                    H_SUCCESS);
    g_assert_cmphex(c0->regs.gpr[4], ==, 1);
    g_assert_cmphex(ram_be32(&m, XIVE_QUEUE + 4), ==, 0x80000099);
    set_irq(m.spapr, 0x1200, 0);
    g_assert_cmpint(hcall(&m, 0, H_INT_ESB, 0, 0x1200, SPAPR_XIVE_ESB_LOAD_EOI, 0), ==,
                    H_SUCCESS);
    g_assert_cmphex(c0->regs.gpr[4], ==, 0);
    g_assert_cmpint(hcall(&m, 0, H_INT_ESB, 0, 0x1200, SPAPR_XIVE_ESB_GET, 0), ==, H_SUCCESS);
    g_assert_cmphex(c0->regs.gpr[4], ==, 0);
    g_assert_cmphex(ram_be32(&m, XIVE_QUEUE + 8), ==, 0);
    m_stop(&m);
}

static void test_xive_tima_ipi(void)
{
    const guint64 queue[6] = { 1, 1, 6, XIVE_QUEUE, 16 };
    M m;

    xive_start(&m, "2");
    /* The OS ring at reset: CPPR 0, LSMFB ff; word 2 the thread's CAM (valid, NVT 0x400+id). */
    g_assert_cmphex(mmio_load(&m, 1, XIVE_TM_OS + 0x10, 4), ==, 0x000000ff);
    g_assert_cmphex(mmio_load(&m, 1, XIVE_TM_OS + 0x14, 4), ==, 0xff00ff00 | 0xff);
    g_assert_cmphex(mmio_load(&m, 1, XIVE_TM_OS + 0x18, 4), ==, 0x80000401);
    g_assert_cmphex(mmio_load(&m, 0, XIVE_TM_OS + 0x18, 4), ==, 0x80000400);
    g_assert_cmpint(hcall6(&m, 1, H_INT_SET_QUEUE_CONFIG, queue), ==, H_SUCCESS);
    xive_route(&m, 1, 1, 0);
    m_cpu(&m, 1)->tcg.interrupt_request = 0;
    /* CPU 0 sends CPU 1 its IPI (Linux: a store to the trigger page). */
    mmio_store(&m, 0, XIVE_ESB(1), 8, 0);
    g_assert_cmphex(ram_be32(&m, XIVE_QUEUE), ==, 0x80000000);
    /* Priority 6 is pending (IPB bit 6, PIPR 6) but the CPPR of 0 holds it. */
    g_assert_cmphex(mmio_load(&m, 1, XIVE_TM_OS + 0x10, 4), ==, 0x000002ff);
    g_assert_cmphex(mmio_load(&m, 1, XIVE_TM_OS + 0x17, 1), ==, 6);
    g_assert_false(ext_pending(&m, 1));
    g_assert_false(ext_pending(&m, 0));
    /* CPPR 0xff: the exception is signalled (NSR EO) and the line goes up. */
    mmio_store(&m, 1, XIVE_TM_OS + 0x11, 1, 0xff);
    g_assert_true(ext_pending(&m, 1));
    g_assert_cmphex(mmio_load(&m, 1, XIVE_TM_OS + 0x10, 1), ==, 0x80);
    /* CPU 0's own context saw nothing. */
    g_assert_cmphex(mmio_load(&m, 0, XIVE_TM_OS + 0x10, 4), ==, 0x000000ff);
    /* ACK_OS: NSR << 8 | the new CPPR (6); the IPB bit is consumed, the line drops. */
    g_assert_cmphex(mmio_load(&m, 1, XIVE_TM_OS + SPAPR_XIVE_TM_SPC_ACK_OS, 2), ==, 0x8006);
    g_assert_false(ext_pending(&m, 1));
    g_assert_cmphex(mmio_load(&m, 1, XIVE_TM_OS + 0x10, 4), ==, 0x000600ff);
    g_assert_cmphex(mmio_load(&m, 1, XIVE_TM_OS + SPAPR_XIVE_TM_SPC_ACK_OS, 2), ==, 0x0006);
    /* Another IPI at the same priority waits for the CPPR to open again. */
    g_assert_cmphex(mmio_load(&m, 0, XIVE_EOI(1) + SPAPR_XIVE_ESB_SET_PQ_00, 8), ==, 2);
    mmio_store(&m, 0, XIVE_ESB(1), 8, 0);
    g_assert_cmphex(ram_be32(&m, XIVE_QUEUE + 4), ==, 0x80000000);
    g_assert_false(ext_pending(&m, 1));
    mmio_store(&m, 1, XIVE_TM_OS + 0x11, 1, 0xff);
    g_assert_true(ext_pending(&m, 1));
    /* A more favoured CPPR takes the exception back; a CPPR above 7 means 0xff. */
    mmio_store(&m, 1, XIVE_TM_OS + 0x11, 1, 3);
    g_assert_false(ext_pending(&m, 1));
    mmio_store(&m, 1, XIVE_TM_OS + 0x11, 1, 9);
    g_assert_cmphex(mmio_load(&m, 1, XIVE_TM_OS + 0x11, 1), ==, 0xff);
    g_assert_true(ext_pending(&m, 1));
    g_assert_cmphex(mmio_load(&m, 1, XIVE_TM_OS + SPAPR_XIVE_TM_SPC_ACK_OS, 2), ==, 0x8006);
    /* SET_OS_PENDING puts a priority in the IPB. */
    mmio_store(&m, 1, XIVE_TM_OS + 0x11, 1, 0xff);
    mmio_store(&m, 1, XIVE_TM_OS + SPAPR_XIVE_TM_SPC_SET_OS_PENDING, 1, 2);
    g_assert_true(ext_pending(&m, 1));
    g_assert_cmphex(mmio_load(&m, 1, XIVE_TM_OS + SPAPR_XIVE_TM_SPC_ACK_OS, 2), ==, 0x8002);
    /* H_INT_RESET resets the routing, not the threads' contexts. */
    g_assert_cmpint(hcall(&m, 0, H_INT_RESET, 0, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(mmio_load(&m, 1, XIVE_TM_OS + 0x11, 1), ==, 2);
    /* The user page shows ring 0 only; the HV pages, other offsets and no CPU: all ones. */
    g_assert_cmphex(mmio_load(&m, 1, SPAPR_XIVE_TM_BASE + 0x30010, 4), ==, 0);
    g_assert_cmphex(mmio_load(&m, 1, SPAPR_XIVE_TM_BASE + 0x20100, 4), ==, 0xffffffff);
    g_assert_cmphex(mmio_load(&m, 1, XIVE_TM_OS + 0x20, 8), ==, 0);
    g_assert_cmphex(mmio_load(&m, 1, XIVE_TM_OS + 0x40, 8), ==, G_MAXUINT64);
    mmio_store(&m, 1, SPAPR_XIVE_TM_BASE + 0x11, 1, 0);
    mmio_store(&m, 1, XIVE_TM_OS + SPAPR_XIVE_TM_SPC_ACK_OS_EL, 1, 0);
    {
        guint64 v = 0;

        g_assert_cmpint(modvm_address_space_load(modvm_machine_address_space(m.s->machine),
                                                 XIVE_TM_OS + 0x10, 4, MODVM_ENDIAN_BIG, &v),
                        ==, MODVM_MEM_OK);
        g_assert_cmphex(v, ==, 0xffffffff);
    }
    /* A machine reset: XICS again, and the XIVE pages gone (unassigned reads 0). */
    modvm_machine_reset(m.s->machine);
    {
        guint64 v = 1;

        g_assert_cmpint(modvm_address_space_load(modvm_machine_address_space(m.s->machine),
                                                 XIVE_TM_OS + 0x18, 4, MODVM_ENDIAN_BIG, &v),
                        ==, MODVM_MEM_UNASSIGNED);
        g_assert_cmphex(v, ==, 0);
    }
    m_stop(&m);
}

/* Hostile guests: random XIVE hcalls and MMIO do not crash the machine. */
static void test_xive_fuzz(void)
{
    static const guint64 ops[] = {
        H_INT_GET_SOURCE_INFO, H_INT_SET_SOURCE_CONFIG, H_INT_GET_SOURCE_CONFIG,
        H_INT_GET_QUEUE_INFO, H_INT_SET_QUEUE_CONFIG, H_INT_GET_QUEUE_CONFIG,
        H_INT_SET_OS_REPORTING_LINE, H_INT_GET_OS_REPORTING_LINE, H_INT_ESB, H_INT_SYNC,
        H_INT_RESET,
    };
    GRand *rand = g_rand_new_with_seed(7);
    guint64 ram;
    M m;

    xive_start(&m, "2");
    ram = modvm_machine_ram_size(m.s->machine);
    for (guint i = 0; i < 20000; i++) {
        guint n = g_rand_int_range(rand, 0, 2);
        guint64 a[6];

        for (guint j = 0; j < 6; j++) {
            switch (g_rand_int_range(rand, 0, 5)) {
            case 0: a[j] = g_rand_int(rand); break;
            case 1: a[j] = ((guint64)g_rand_int(rand) << 32) | g_rand_int(rand); break;
            case 2: a[j] = g_rand_int_range(rand, 0, 8); break;
            case 3: a[j] = (guint64)g_rand_int_range(rand, 0, 32) << 12; break;
            default: a[j] = (ram - (1u << 16)) & ~0xffffull; break;
            }
        }
        if (g_rand_int_range(rand, 0, 3)) {
            hcall6(&m, n, ops[g_rand_int_range(rand, 0, G_N_ELEMENTS(ops))], a);
        } else {
            static const unsigned sizes[] = { 1, 2, 4, 8 };
            unsigned size = sizes[g_rand_int_range(rand, 0, 4)];
            guint64 addr = g_rand_boolean(rand) ?
                XIVE_ESB(g_rand_int_range(rand, 0, 0x2000)) + (a[0] & 0x1ffff) :
                SPAPR_XIVE_TM_BASE + (a[0] & 0x3ffff);
            guint64 v = 0;

            addr &= ~(guint64)(size - 1);
            modvm_cpu_set_current(MODVM_CPU(m_cpu(&m, n)));
            if (g_rand_boolean(rand)) {
                modvm_address_space_load(modvm_machine_address_space(m.s->machine), addr, size,
                                         MODVM_ENDIAN_BIG, &v);
            } else {
                modvm_address_space_store(modvm_machine_address_space(m.s->machine), addr, size,
                                          MODVM_ENDIAN_BIG, a[1]);
            }
            modvm_cpu_set_current(NULL);
        }
    }
    g_rand_free(rand);
    m_stop(&m);
}

static void test_rtas_nvram_events_sysparm(void)
{
    M m;
    guint32 args[7] = { 0 }, rets[2];
    guint8 buf[64];

    m_start(&m, "-M", "pseries", NULL);
    /* nvram-store then nvram-fetch, through guest RAM. */
    ram_write(&m, 0x30000, "modvm nvram", 12);
    args[0] = 0x100;
    args[1] = 0x30000;
    args[2] = 12;
    g_assert_cmpint(rtas(&m, "nvram-store", 3, args, 2, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(rets[1], ==, 12);
    args[1] = 0x31000;
    g_assert_cmpint(rtas(&m, "nvram-fetch", 3, args, 2, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[1], ==, 12);
    ram_read(&m, 0x31000, buf, 12);
    g_assert_cmpstr((char *)buf, ==, "modvm nvram");
    /* Past the end (64 KiB), or the wrong counts. */
    args[0] = 0x10000 - 4;
    rtas(&m, "nvram-fetch", 3, args, 2, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(rets[1], ==, 0);
    rtas(&m, "nvram-fetch", 2, args, 2, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    /* No events to report. */
    g_assert_cmpint(rtas(&m, "event-scan", 4, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, RTAS_OUT_NO_ERRORS_FOUND);
    rtas(&m, "check-exception", 6, args, 1, rets);
    g_assert_cmpint(rets[0], ==, RTAS_OUT_NO_ERRORS_FOUND);
    rtas(&m, "check-exception", 5, args, 1, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    /* System parameters: SPLPAR characteristics, unknown ones. */
    args[0] = 20;
    args[1] = 0x32000;
    args[2] = sizeof(buf);
    g_assert_cmpint(rtas(&m, "ibm,get-system-parameter", 3, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    ram_read(&m, 0x32000, buf, sizeof(buf));
    g_assert_cmpstr((char *)buf + 2, ==,
                    "MaxEntCap=1,DesMem=512,DesProcs=1,MaxPlatProcs=1,HostThrs=4");
    g_assert_cmpint(buf[0] << 8 | buf[1], ==, strlen((char *)buf + 2) + 1);
    args[0] = 12345;
    rtas(&m, "ibm,get-system-parameter", 3, args, 1, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_NOT_SUPPORTED);
    args[0] = 42;
    args[2] = 1;
    rtas(&m, "ibm,get-system-parameter", 3, args, 1, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_SYSPARM_PARAM_ERROR);
    m_stop(&m);
}

static void test_rtas_cpu_start_stop(void)
{
    M m;
    guint32 args[3], rets[2];
    PowerCpu *c1;

    m_start(&m, "-M", "pseries", "-smp", "2", NULL);
    c1 = m_cpu(&m, 1);
    args[0] = 1;
    g_assert_cmpint(rtas(&m, "query-cpu-stopped-state", 1, args, 2, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(rets[1], ==, 0);
    args[0] = 0;
    rtas(&m, "query-cpu-stopped-state", 1, args, 2, rets);
    g_assert_cmpint(rets[1], ==, 2);
    args[0] = 5;
    rtas(&m, "query-cpu-stopped-state", 1, args, 2, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    /* Start thread 1 at 0x4000 with r3 = 0x1234, in the caller's byte order. */
    m_cpu(&m, 0)->regs.spr[SPAPR_SPR_LPCR] |= SPAPR_LPCR_ILE;
    args[0] = 1;
    args[1] = 0x4000;
    args[2] = 0x1234;
    g_assert_cmpint(rtas(&m, "start-cpu", 3, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_false(c1->tcg.halted);
    g_assert_cmphex(c1->regs.nip, ==, 0x4000);
    g_assert_cmphex(c1->regs.gpr[3], ==, 0x1234);
    g_assert_cmphex(c1->regs.msr, ==, SPAPR_MSR_SF | SPAPR_PPC_BIT(51));
    g_assert_true(c1->regs.spr[SPAPR_SPR_LPCR] & SPAPR_LPCR_ILE);
    rtas(&m, "query-cpu-stopped-state", 1, args, 2, rets);
    g_assert_cmpint(rets[1], ==, 2);
    /* Running already. */
    rtas(&m, "start-cpu", 3, args, 1, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_HW_ERROR);
    /* stop-self, from thread 1 (the RTAS buffer's caller is CPU 0 here: call it directly). */
    {
        guint32 buf[3 + 1] = { GUINT32_TO_BE(dt_cell(&m, "/rtas", "stop-self")), 0,
                               GUINT32_TO_BE(1), 0 };
        ram_write(&m, RTAS_BUF, buf, sizeof(buf));
        g_assert_cmpint(hcall(&m, 1, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0), ==, H_SUCCESS);
    }
    g_assert_true(c1->tcg.halted);
    rtas(&m, "query-cpu-stopped-state", 1, args, 2, rets);
    g_assert_cmpint(rets[1], ==, 0);
    m_stop(&m);
}

static void test_fuzz(void)
{
    static const guint64 known[] = {
        H_GET_TERM_CHAR, H_PUT_TERM_CHAR, H_CEDE, H_RANDOM, H_SET_MODE, KVMPPC_H_RTAS,
        KVMPPC_H_VOF_CLIENT, H_ENTER, H_REMOVE, H_READ, H_PROTECT, H_BULK_REMOVE,
        H_REGISTER_VPA, H_CONFER, H_PROD, H_JOIN, H_GET_CPU_CHARACTERISTICS,
        H_LOGICAL_CI_LOAD, H_LOGICAL_CI_STORE, H_REGISTER_PROC_TBL, H_SIGNAL_SYS_RESET,
        H_EOI, H_CPPR, H_IPI, H_IPOLL, H_XIRR, H_XIRR_X, H_VIO_SIGNAL,
        H_GET_TCE, H_PUT_TCE, H_STUFF_TCE, H_PUT_TCE_INDIRECT,
    };
    GRand *rand = g_rand_new_with_seed(42);
    M m;
    guint64 ram = 512u << 20;

    m_start(&m, "-M", "pseries", "-smp", "2", "-device", "spapr-rng", NULL);
    for (guint i = 0; i < 30000; i++) {
        guint n = g_rand_int_range(rand, 0, 2);
        PowerCpu *cpu = m_cpu(&m, n);
        guint64 opcode, a[4];
        gint64 r;

        for (guint j = 0; j < 4; j++) {
            switch (g_rand_int_range(rand, 0, 4)) {
            case 0: a[j] = g_rand_int(rand); break;
            case 1: a[j] = ((guint64)g_rand_int(rand) << 32) | g_rand_int(rand); break;
            case 2: a[j] = g_rand_int_range(rand, 0, 32); break;
            default: a[j] = ram - g_rand_int_range(rand, 0, 64); break;
            }
        }
        opcode = g_rand_boolean(rand) ? known[g_rand_int_range(rand, 0, G_N_ELEMENTS(known))]
                                      : (guint64)g_rand_int_range(rand, 0, 0x400) * 4;
        if ((opcode == H_GET_TCE || opcode == H_PUT_TCE || opcode == H_STUFF_TCE ||
             opcode == H_PUT_TCE_INDIRECT) && g_rand_boolean(rand)) {
            a[0] = 0x80000000;      /* the PHB's window */
        }
        if (opcode == KVMPPC_H_RTAS && g_rand_boolean(rand)) {
            /* A buffer in RAM, with a real token half the time. */
            guint32 buf[3 + 40];
            a[0] = g_rand_int_range(rand, 0x10000, 0x1000000) & ~3u;
            for (guint j = 0; j < G_N_ELEMENTS(buf); j++) {
                buf[j] = g_rand_int(rand);
            }
            if (g_rand_boolean(rand)) {
                buf[0] = GUINT32_TO_BE(RTAS_TOKEN_BASE + g_rand_int_range(rand, 0, 0x30));
                buf[1] = GUINT32_TO_BE(g_rand_int_range(rand, 0, 20));
                buf[2] = GUINT32_TO_BE(g_rand_int_range(rand, 0, 20));
            }
            ram_write(&m, a[0], buf, sizeof(buf));
        }
        cpu->regs.msr = g_rand_int_range(rand, 0, 8) == 0 ? SPAPR_MSR_PR : 0;
        r = hcall(&m, n, opcode, a[0], a[1], a[2], a[3]);
        /* Statuses are errors or success, but for H_JOIN's H_CONTINUE. */
        g_assert_true(r <= 0 || (opcode == H_JOIN && r == H_CONTINUE));
    }
    g_rand_free(rand);
    m_stop(&m);
}

/* A cell of a multi-cell property. */
static guint32 dt_cell_at(M *m, const char *path, const char *prop, int i)
{
    int len = 0;
    const guint32 *v = dt_prop(m, path, prop, &len);

    g_assert_nonnull(v);
    g_assert_cmpint(len, >, 4 * i);
    return GUINT32_FROM_BE(v[i]);
}

#define PHB "/pci@800000020000000"

/* The PHB's node as QEMU 7.2 writes it (its -M pseries,dumpdtb), and its config space through RTAS. */
static void test_phb(void)
{
    /* ranges: I/O at 32 TiB, 32-bit at 32 TiB + 2 GiB (bus 2 GiB), 64-bit 1:1 at 33 TiB. */
    const guint32 ranges[21] = {
        0x1000000, 0, 0, 0x2000, 0, 0, 0x10000,
        0x2000000, 0, 0x80000000, 0x2000, 0x80000000, 0, 0x80000000,
        0x3000000, 0x2100, 0, 0x2100, 0, 0x100, 0,
    };
    guint32 args[16] = { 0 }, rets[2];
    const guint32 *c;
    int len = 0;
    M m;

    m_start(&m, "-M", "pseries", NULL);
    g_assert_cmpstr(dt_prop(&m, PHB, "device_type", NULL), ==, "pci");
    g_assert_cmpstr(dt_prop(&m, PHB, "compatible", NULL), ==, "IBM,Logical_PHB");
    g_assert_cmpuint(dt_cell(&m, PHB, "#address-cells"), ==, 3);
    g_assert_cmpuint(dt_cell(&m, PHB, "#size-cells"), ==, 2);
    g_assert_cmpuint(dt_cell(&m, PHB, "#interrupt-cells"), ==, 1);
    g_assert_cmpuint(dt_cell(&m, PHB, "ibm,pci-config-space-type"), ==, 1);
    g_assert_cmpuint(dt_cell(&m, PHB, "qemu,phb-enumerated"), ==, 1);
    g_assert_nonnull(dt_prop(&m, PHB, "used-by-rtas", &len));
    g_assert_cmpint(len, ==, 0);
    g_assert_cmphex(dt_cell_at(&m, PHB, "bus-range", 1), ==, 0xff);
    g_assert_cmphex(dt_cell_at(&m, PHB, "reg", 0), ==, 0x08000000);
    g_assert_cmphex(dt_cell_at(&m, PHB, "reg", 1), ==, 0x20000000);
    c = dt_prop(&m, PHB, "ranges", &len);
    g_assert_cmpint(len, ==, sizeof(ranges));
    for (guint i = 0; i < G_N_ELEMENTS(ranges); i++) {
        g_assert_cmphex(GUINT32_FROM_BE(c[i]), ==, ranges[i]);
    }
    /* INTx: 32 slots of 4 pins, swizzled over the LSIs 0x1200-0x1203. */
    g_assert_cmphex(dt_cell_at(&m, PHB, "interrupt-map-mask", 0), ==, 0xf800);
    g_assert_cmphex(dt_cell_at(&m, PHB, "interrupt-map-mask", 3), ==, 0xffffffff);
    c = dt_prop(&m, PHB, "interrupt-map", &len);
    g_assert_cmpint(len, ==, 32 * 4 * 7 * 4);
    /* slot 1 (0x800) pin 1 -> INTB; slot 31 pin 4 -> (31 + 3) % 4 = INTC. */
    g_assert_cmphex(GUINT32_FROM_BE(c[4 * 7]), ==, 0x800);
    g_assert_cmphex(GUINT32_FROM_BE(c[4 * 7 + 3]), ==, 1);
    g_assert_cmphex(GUINT32_FROM_BE(c[4 * 7 + 4]), ==, SPAPR_PHANDLE_INTC);
    g_assert_cmphex(GUINT32_FROM_BE(c[4 * 7 + 5]), ==, 0x1201);
    g_assert_cmphex(GUINT32_FROM_BE(c[4 * 7 + 6]), ==, 1);
    g_assert_cmphex(GUINT32_FROM_BE(c[127 * 7]), ==, 0xf800);
    g_assert_cmphex(GUINT32_FROM_BE(c[127 * 7 + 5]), ==, 0x1202);
    /* The default DMA window: LIOBN 0x80000000, 1 GiB from bus address 0. */
    g_assert_cmpuint(dt_cell(&m, PHB, "ibm,#dma-address-cells"), ==, 2);
    g_assert_cmpuint(dt_cell(&m, PHB, "ibm,#dma-size-cells"), ==, 2);
    c = dt_prop(&m, PHB, "ibm,dma-window", &len);
    g_assert_cmpint(len, ==, 20);
    g_assert_cmphex(GUINT32_FROM_BE(c[0]), ==, 0x80000000);
    g_assert_cmphex(GUINT32_FROM_BE(c[2]), ==, 0);
    g_assert_cmphex(GUINT32_FROM_BE(c[4]), ==, 0x40000000);
    g_assert_cmphex(dt_cell(&m, PHB, "ibm,pe-total-#msi"), ==, 0xd00);
    /* Not offered: dynamic DMA windows, hotplug connectors (modvm implements neither). */
    g_assert_null(dt_prop(&m, PHB, "ibm,ddw-applicable", NULL));
    g_assert_null(dt_prop(&m, PHB, "ibm,drc-indexes", NULL));
    g_assert_null(dt_prop(&m, "/rtas", "ibm,create-pe-dma-window", NULL));
    g_assert_null(dt_prop(&m, "/rtas", "set-indicator", NULL));
    /* QEMU's tokens. */
    g_assert_cmphex(dt_cell(&m, "/rtas", "read-pci-config"), ==, 0x2014);
    g_assert_cmphex(dt_cell(&m, "/rtas", "write-pci-config"), ==, 0x2015);
    g_assert_cmphex(dt_cell(&m, "/rtas", "ibm,read-pci-config"), ==, 0x2016);
    g_assert_cmphex(dt_cell(&m, "/rtas", "ibm,write-pci-config"), ==, 0x2017);

    /*
     * No device answers: a hardware error (-1), the value left as it was
     * (Linux then reads all ones), as QEMU; so do bad sizes, other BUIDs,
     * and every register of every device (extended space included).
     */
    args[1] = 0x08000000;
    args[2] = 0x20000000;
    args[4] = 0x12345678;
    for (guint i = 0; i < 8; i++) {
        static const guint32 addrs[] = { 0, 0x800, 0xf800, 0x10000, 0xff0000, 0xf0000ffc,
                                         0xffffffff, 0x3 };
        static const guint32 sizes[] = { 4, 2, 1, 4, 4, 4, 1, 4 };
        args[0] = addrs[i];
        args[3] = sizes[i];
        g_assert_cmpint(rtas(&m, "ibm,read-pci-config", 4, args, 2, rets), ==, H_SUCCESS);
        g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_HW_ERROR);
        g_assert_cmphex(rets[1], ==, 0xdeadbeef);
        g_assert_cmpint(rtas(&m, "ibm,write-pci-config", 5, args, 1, rets), ==, H_SUCCESS);
        g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_HW_ERROR);
    }
    for (guint i = 0; i < 5; i++) {
        static const guint32 sizes[] = { 0, 3, 8, 0x80000000, 0xffffffff };
        args[0] = 0;
        args[3] = sizes[i];
        rtas(&m, "ibm,read-pci-config", 4, args, 2, rets);
        g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_HW_ERROR);
        rtas(&m, "ibm,write-pci-config", 5, args, 1, rets);
        g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_HW_ERROR);
    }
    args[1] = 0;
    args[2] = 0;
    args[3] = 4;
    rtas(&m, "ibm,read-pci-config", 4, args, 2, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_HW_ERROR);
    args[1] = 0xffffffff;
    rtas(&m, "ibm,write-pci-config", 5, args, 1, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_HW_ERROR);
    /* The old calls go to BUID 0. */
    args[0] = 0;
    args[1] = 4;
    args[2] = 0;
    rtas(&m, "read-pci-config", 2, args, 2, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_HW_ERROR);
    g_assert_cmphex(rets[1], ==, 0xdeadbeef);
    rtas(&m, "write-pci-config", 3, args, 1, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_HW_ERROR);
    /* Wrong counts: a parameter error, nothing else written. */
    rtas(&m, "ibm,read-pci-config", 3, args, 2, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmphex(rets[1], ==, 0xdeadbeef);
    rtas(&m, "ibm,read-pci-config", 4, args, 1, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    rtas(&m, "ibm,write-pci-config", 4, args, 1, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    rtas(&m, "ibm,write-pci-config", 5, args, 2, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmphex(rets[1], ==, 0xdeadbeef);
    rtas(&m, "read-pci-config", 2, args, 0, rets);
    rtas(&m, "read-pci-config", 16, args, 2, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    rtas(&m, "write-pci-config", 2, args, 1, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
    /* EEH: QEMU's tokens; no emulated bridge offers it (a parameter error, as QEMU). */
    for (guint i = 0; i < 6; i++) {
        static const char *const eeh[] = {
            "ibm,set-eeh-option", "ibm,get-config-addr-info2", "ibm,read-slot-reset-state2",
            "ibm,set-slot-reset", "ibm,configure-pe", "ibm,slot-error-detail",
        };
        g_assert_cmphex(dt_cell(&m, "/rtas", eeh[i]), ==, 0x2020 + (i < 5 ? i : 5));
        args[0] = 0;
        args[1] = 0x08000000;
        args[2] = 0x20000000;
        args[3] = 1;
        g_assert_cmpint(rtas(&m, eeh[i], 4, args, 1, rets), ==, H_SUCCESS);
        g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
        g_assert_cmpint(rtas(&m, eeh[i], 0, args, 0, rets), ==, H_SUCCESS);
    }
    m_stop(&m);

    /* A second bridge: its own BUID, windows and LSIs. */
    m_start(&m, "-M", "pseries", "-device", "spapr-pci-host-bridge,index=2", NULL);
    g_assert_cmphex(dt_cell_at(&m, "/pci@800000020000002", "reg", 1), ==, 0x20000002);
    g_assert_cmphex(dt_cell_at(&m, "/pci@800000020000002", "ranges", 4), ==, 0x20000);
    g_assert_cmphex(dt_cell_at(&m, "/pci@800000020000002", "ranges", 7 + 4), ==,
                    0x80000000u * 3);
    g_assert_cmphex(dt_cell_at(&m, "/pci@800000020000002", "ranges", 14 + 3), ==, 0x2300);
    g_assert_cmphex(dt_cell_at(&m, "/pci@800000020000002", "interrupt-map", 5), ==, 0x1208);
    args[0] = 0;
    args[1] = 0x08000000;
    args[2] = 0x20000002;
    args[3] = 4;
    rtas(&m, "ibm,read-pci-config", 4, args, 2, rets);
    g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_HW_ERROR);
    m_stop(&m);

    /* Without a 64-bit window, or extended config space (old machine versions). */
    m_start(&m, "-M", "pseries", "-global", "spapr-pci-host-bridge.mem64-win-size=0",
            "-global", "spapr-pci-host-bridge.pcie-extended-configuration-space=off", NULL);
    dt_prop(&m, PHB, "ranges", &len);
    g_assert_cmpint(len, ==, 14 * 4);
    g_assert_null(dt_prop(&m, PHB, "ibm,pci-config-space-type", NULL));
    m_stop(&m);
}

/* The default DMA window's TCEs: H_PUT_TCE, H_GET_TCE, H_STUFF_TCE, H_PUT_TCE_INDIRECT. */
static void test_tce(void)
{
    const guint64 liobn = 0x80000000, last = (1ull << 30) - 4096;
    guint64 list[512];
    M m;

    m_start(&m, "-M", "pseries", NULL);
    {
        int len = 0;
        const char *fns = dt_prop(&m, "/rtas", "ibm,hypertas-functions", &len);
        /* NUL-separated names. */
        g_assert_nonnull(memmem(fns, len, "\0hcall-tce\0", 11));
        g_assert_nonnull(memmem(fns, len, "\0hcall-multi-tce", 17));
    }
    /* Put, get (in r4), unaligned bus addresses are their page, the last page, reset. */
    g_assert_cmpint(hcall(&m, 0, H_PUT_TCE, liobn, 0x5123, 0x7000003, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_GET_TCE, liobn, 0x5000, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 0x7000003);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TCE, liobn, last, 1, 0), ==, H_SUCCESS);
    g_assert_cmpint(hcall(&m, 0, H_GET_TCE, liobn, last + 4095, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 1);
    /* Outside the window, or another LIOBN: H_PARAMETER, nothing changed. */
    g_assert_cmpint(hcall(&m, 0, H_PUT_TCE, liobn, 1ull << 30, 1, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TCE, liobn, ~0ull, 1, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_GET_TCE, liobn, 1ull << 40, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TCE, liobn + 1, 0, 1, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TCE, liobn | 1ull << 32, 0, 1, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_GET_TCE, 0, 0, 0, 0), ==, H_PARAMETER);
    /* Stuff: the whole window at once (Linux clears it so), and no more. */
    g_assert_cmpint(hcall(&m, 0, H_STUFF_TCE, liobn, 0, 0, 1 << 18), ==, H_SUCCESS);
    hcall(&m, 0, H_GET_TCE, liobn, 0x5000, 0, 0);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 0);
    g_assert_cmpint(hcall(&m, 0, H_STUFF_TCE, liobn, 0, 0, (1 << 18) + 1), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_STUFF_TCE, liobn, 0, 0, ~0ull), ==, H_PARAMETER);
    /* Running off the end: the pages before it are set (as QEMU). */
    g_assert_cmpint(hcall(&m, 0, H_STUFF_TCE, liobn, last, 5, 2), ==, H_PARAMETER);
    hcall(&m, 0, H_GET_TCE, liobn, last, 0, 0);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 5);
    g_assert_cmpint(hcall(&m, 0, H_STUFF_TCE, liobn + 7, 0, 0, 1), ==, H_PARAMETER);
    /* Indirect: a page-aligned list of big-endian TCEs in RAM, at most 512. */
    for (guint i = 0; i < 512; i++) {
        list[i] = GUINT64_TO_BE(0x100000ull * i + 3);
    }
    ram_write(&m, 0x40000, list, sizeof(list));
    g_assert_cmpint(hcall(&m, 0, H_PUT_TCE_INDIRECT, liobn, 0x10000, 0x40000, 512), ==,
                    H_SUCCESS);
    hcall(&m, 0, H_GET_TCE, liobn, 0x10000 + 511 * 4096, 0, 0);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 0x100000ull * 511 + 3);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TCE_INDIRECT, liobn, 0, 0x40000, 513), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TCE_INDIRECT, liobn, 0, 0x40008, 1), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TCE_INDIRECT, liobn, 0, 1ull << 50, 8), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TCE_INDIRECT, liobn, 0, ~0xfffull, 512), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TCE_INDIRECT, 3, 0, 0x40000, 1), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&m, 0, H_PUT_TCE_INDIRECT, liobn, last, 0x40000, 2), ==, H_PARAMETER);
    hcall(&m, 0, H_GET_TCE, liobn, last, 0, 0);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 3);
    /* A reset unmaps everything. */
    modvm_machine_reset(m.s->machine);
    hcall(&m, 0, H_GET_TCE, liobn, 0x10000, 0, 0);
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[4], ==, 0);
    m_stop(&m);

    /* Window sizes checked: unaligned, or too large for its table. */
    for (guint i = 0; i < 3; i++) {
        static const char *const bad[] = {
            "spapr-pci-host-bridge,index=1,dma-win-size=0x1800",
            "spapr-pci-host-bridge,index=1,dma-win-addr=0x800",
            "spapr-pci-host-bridge,index=1,dma-win-size=1T",
        };
        const char *argv[] = { "modvm", "-M", "pseries", "-device", bad[i], NULL };
        ModvmConfig *cfg = modvm_config_new();
        ModvmSession *s;
        GError *err = NULL;

        g_assert_true(modvm_config_parse(cfg, 5, (char **)argv, &err));
        s = modvm_session_new(cfg);
        g_assert_false(modvm_session_prepare(s, &err) && modvm_session_select_machine(s, &err) &&
                       modvm_session_build(s, FALSE, &err));
        g_assert_nonnull(strstr(err->message, "DMA window"));
        g_clear_error(&err);
        modvm_session_free(s);
        modvm_config_free(cfg);
    }
}

/* /event-sources as QEMU 7.2 has it, on XICS and on XIVE, and no events to report. */
static void test_event_sources(void)
{
    gboolean (*claim)(SpaprMachine *, guint32, gboolean);
    guint32 args[8] = { 0 }, rets[1];
    int len = 0;
    M m;

    for (guint i = 0; i < 3; i++) {
        static const char *const machines[] = {
            "pseries", "pseries,ic-mode=xive", "pseries,modern-hotplug-events=off"
        };
        m_start(&m, "-M", machines[i], NULL);
        g_assert_nonnull(dt_prop(&m, "/event-sources", "interrupt-controller", &len));
        g_assert_cmpint(len, ==, 0);
        g_assert_cmpuint(dt_cell(&m, "/event-sources", "#interrupt-cells"), ==, 2);
        g_assert_cmphex(dt_cell_at(&m, "/event-sources/epow-events", "interrupts", 0), ==,
                        0x1000);
        g_assert_cmphex(dt_cell_at(&m, "/event-sources/epow-events", "interrupts", 1), ==, 0);
        g_assert_cmphex(dt_cell_at(&m, "/event-sources", "interrupt-ranges", 0), ==, 0x1000);
        g_assert_cmphex(dt_cell_at(&m, "/event-sources", "interrupt-ranges", 1), ==, 1);
        claim = xics_sym(&m, "spapr_irq_claim");
        /* Claimed as messages at reset. */
        g_assert_false(claim(m.spapr, 0x1000, FALSE));
        if (i < 2) {
            g_assert_cmphex(dt_cell_at(&m, "/event-sources/hot-plug-events", "interrupts", 0),
                            ==, 0x1001);
            dt_prop(&m, "/event-sources", "interrupt-ranges", &len);
            g_assert_cmpint(len, ==, 16);
            g_assert_cmphex(dt_cell_at(&m, "/event-sources", "interrupt-ranges", 2), ==,
                            0x1001);
            g_assert_false(claim(m.spapr, 0x1001, FALSE));
        } else {
            g_assert_null(dt_prop(&m, "/event-sources/hot-plug-events", "interrupts", NULL));
            dt_prop(&m, "/event-sources", "interrupt-ranges", &len);
            g_assert_cmpint(len, ==, 8);
            g_assert_true(claim(m.spapr, 0x1001, FALSE));
        }
        /* Nothing queued: check-exception for EPOW and hotplug finds nothing. */
        args[1] = 0x1000;
        args[2] = 0xffffffff;
        rtas(&m, "check-exception", 6, args, 1, rets);
        g_assert_cmpint(rets[0], ==, RTAS_OUT_NO_ERRORS_FOUND);
        rtas(&m, "check-exception", 7, args, 1, rets);
        g_assert_cmpint(rets[0], ==, RTAS_OUT_NO_ERRORS_FOUND);
        rtas(&m, "check-exception", 8, args, 1, rets);
        g_assert_cmpint((gint32)rets[0], ==, RTAS_OUT_PARAM_ERROR);
        m_stop(&m);
    }
    /* The NVRAM's interrupt (QEMU has one on every VIO device). */
    m_start(&m, "-M", "pseries", NULL);
    g_assert_cmphex(dt_cell_at(&m, "/vdevice/nvram@71000001", "interrupts", 0), ==, 0x1101);
    m_stop(&m);
}

static void test_fdt(void)
{
    M m;
    int len = 0;
    const char *s;
    const guint32 *c;
    const guint8 *pa;

    m_start(&m, "-M", "pseries", "-smp", "2", "-m", "1G", NULL);
    g_assert_cmpint(fdt_check_header(m.spapr->fdt), ==, 0);
    g_assert_cmpstr(dt_prop(&m, "/", "model", NULL), ==, "IBM pSeries (emulated by modvm)");
    g_assert_cmpstr(dt_prop(&m, "/", "compatible", NULL), ==, "qemu,pseries");
    g_assert_cmpuint(dt_cell(&m, "/", "#address-cells"), ==, 2);
    g_assert_cmpuint(dt_cell(&m, "/", "#size-cells"), ==, 2);
    /* The CPUs, as QEMU 7.2 describes a POWER9. */
    g_assert_cmpuint(dt_cell(&m, "/cpus/PowerPC,POWER9@0", "reg"), ==, 0);
    g_assert_cmpuint(dt_cell(&m, "/cpus/PowerPC,POWER9@1", "reg"), ==, 1);
    g_assert_cmphex(dt_cell(&m, "/cpus/PowerPC,POWER9@0", "cpu-version"), ==, 0x004e1200);
    g_assert_cmpuint(dt_cell(&m, "/cpus/PowerPC,POWER9@0", "timebase-frequency"), ==,
                     512000000);
    g_assert_cmpuint(dt_cell(&m, "/cpus/PowerPC,POWER9@1", "ibm,ppc-interrupt-server#s"), ==,
                     1);
    g_assert_cmpuint(dt_cell(&m, "/cpus/PowerPC,POWER9@0", "ibm,dec-bits"), ==, 56);
    g_assert_cmpuint(dt_cell(&m, "/cpus/PowerPC,POWER9@0", "ibm,vmx"), ==, 2);
    c = dt_prop(&m, "/cpus/PowerPC,POWER9@0", "ibm,pft-size", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmpuint(GUINT32_FROM_BE(c[1]), ==, 23);
    pa = dt_prop(&m, "/cpus/PowerPC,POWER9@0", "ibm,pa-features", &len);
    g_assert_cmpint(len, ==, 68);
    g_assert_cmphex(pa[0], ==, 66);
    g_assert_cmphex(pa[3], ==, 0x3f);
    c = dt_prop(&m, "/cpus/PowerPC,POWER9@0", "ibm,segment-page-sizes", &len);
    {
        /* With the default 64K cap-hpt-max-page-size: 4K and 64K segments, one size each. */
        const guint32 want[] = { 12, 0, 1, 12, 0, 16, 0x110, 1, 16, 1 };
        g_assert_cmpint(len, ==, sizeof(want));
        for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
            g_assert_cmphex(GUINT32_FROM_BE(c[i]), ==, want[i]);
        }
    }
    /* RTAS, with QEMU 7.2's tokens. */
    g_assert_cmphex(dt_cell(&m, "/rtas", "display-character"), ==, 0x2000);
    g_assert_cmphex(dt_cell(&m, "/rtas", "get-time-of-day"), ==, 0x2001);
    g_assert_cmphex(dt_cell(&m, "/rtas", "power-off"), ==, 0x2003);
    g_assert_cmphex(dt_cell(&m, "/rtas", "system-reboot"), ==, 0x2004);
    g_assert_cmphex(dt_cell(&m, "/rtas", "ibm,os-term"), ==, 0x201f);
    g_assert_cmphex(dt_cell(&m, "/rtas", "nvram-fetch"), ==, 0x2012);
    g_assert_cmphex(dt_cell(&m, "/rtas", "event-scan"), ==, 0x200f);
    g_assert_cmphex(dt_cell(&m, "/rtas", "rtas-size"), ==, 20 + 2048 + 2 * 16 + 8);
    s = dt_prop(&m, "/rtas", "ibm,hypertas-functions", &len);
/* QEMU 7.2's list without what modvm lacks (sprg0, copy, vphn, watchdog). */
#define HYPERTAS "hcall-pft\0hcall-term\0hcall-dabr\0hcall-interrupt\0hcall-tce\0hcall-vio\0" \
                 "hcall-splpar\0hcall-join\0hcall-bulk\0hcall-set-mode\0hcall-debug\0" \
                 "hcall-multi-tce\0hcall-hpt-resize"
    g_assert_cmpint(len, ==, sizeof(HYPERTAS));
    g_assert_cmpint(memcmp(s, HYPERTAS, len), ==, 0);
    g_assert_nonnull(dt_prop(&m, "/rtas", "ibm,extended-os-term", NULL));
    /* As QEMU 7.2's tree says it, and the quiesce SLOF calls. */
    g_assert_cmpstr(dt_prop(&m, "/rtas", "qemu,hypertas-functions", NULL), ==, "hcall-memop1");
    g_assert_cmphex(dt_cell(&m, "/rtas", "quiesce"), ==, 0x2011);
    /* The VIO devices. */
    g_assert_cmpstr(dt_prop(&m, "/vdevice", "compatible", NULL), ==, "IBM,vdevice");
    g_assert_cmphex(dt_cell(&m, "/vdevice/vty@71000000", "reg"), ==, 0x71000000);
    g_assert_cmpstr(dt_prop(&m, "/vdevice/vty@71000000", "compatible", NULL), ==, "hvterm1");
    g_assert_cmpstr(dt_prop(&m, "/vdevice/vty@71000000", "device_type", NULL), ==, "serial");
    g_assert_cmphex(dt_cell(&m, "/vdevice/nvram@71000001", "#bytes"), ==, 0x10000);
    /* Memory, and the console. */
    c = dt_prop(&m, "/memory@0", "reg", &len);
    g_assert_cmpint(len, ==, 16);
    g_assert_cmphex(((guint64)GUINT32_FROM_BE(c[2]) << 32) | GUINT32_FROM_BE(c[3]), ==, 1 << 30);
    g_assert_cmpstr(dt_prop(&m, "/chosen", "linux,stdout-path", NULL), ==,
                    "/vdevice/vty@71000000");
    g_assert_cmpstr(dt_prop(&m, "/chosen", "stdout-path", NULL), ==, "/vdevice/vty@71000000");
    g_assert_null(dt_prop(&m, "/chosen", "bootargs", NULL));
    g_assert_null(dt_prop(&m, "/ibm,platform-facilities", "device_type", NULL));
    /*
     * The tree is in RAM where QEMU's SLOF finds it (1 MiB below the end
     * of the RMA); the boot CPU enters the firmware at 0x100, the others wait.
     */
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[3], ==, (1 << 30) - 0x100000);
    g_assert_cmphex(m_cpu(&m, 0)->regs.nip, ==, 0x100);
    g_assert_false(m_cpu(&m, 0)->tcg.halted);
    g_assert_true(m_cpu(&m, 1)->tcg.halted);
    {
        struct fdt_header h;
        ram_read(&m, (1 << 30) - 0x100000, &h, sizeof(h));
        g_assert_cmphex(fdt_magic(&h), ==, FDT_MAGIC);
    }
    g_assert_cmphex(m_cpu(&m, 0)->regs.msr, ==, 0);
    m_stop(&m);

    /* An older processor mode, bigger pages. */
    m_start(&m, "-M", "pseries,max-cpu-compat=power8,cap-hpt-max-page-size=16G", NULL);
    g_assert_cmphex(dt_cell(&m, "/cpus/PowerPC,POWER9@0", "cpu-version"), ==, 0x0f000004);
    pa = dt_prop(&m, "/cpus/PowerPC,POWER9@0", "ibm,pa-features", &len);
    g_assert_cmpint(len, ==, 26);
    g_assert_null(dt_prop(&m, "/cpus/PowerPC,POWER9@0", "ibm,dec-bits", NULL));
    c = dt_prop(&m, "/cpus/PowerPC,POWER9@0", "ibm,segment-page-sizes", &len);
    {
        const guint32 want[] = { 12, 0, 2, 12, 0, 24, 0x38, 16, 0x110, 2, 16, 1, 24, 8,
                                 24, 0x100, 1, 24, 0, 34, 0x120, 1, 34, 3 };
        g_assert_cmpint(len, ==, sizeof(want));
        for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
            g_assert_cmphex(GUINT32_FROM_BE(c[i]), ==, want[i]);
        }
    }
    c = dt_prop(&m, "/chosen", "ibm,arch-vec-5-platform-support", &len);
    g_assert_cmphex(GUINT32_FROM_BE(c[0]), ==, 0x17001800);
    g_assert_cmphex(GUINT32_FROM_BE(c[1]), ==, 0x19001a40);
    m_stop(&m);

    m_start(&m, "-M", "pseries", "-cpu", "POWER7", NULL);
    g_assert_cmphex(dt_cell(&m, "/cpus/PowerPC,POWER7@0", "cpu-version"), ==, 0x003f0203);
    pa = dt_prop(&m, "/cpus/PowerPC,POWER7@0", "ibm,pa-features", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_null(dt_prop(&m, "/cpus/PowerPC,POWER7@0", "ibm,processor-radix-AP-encodings",
                          NULL));
    m_stop(&m);
}

static void test_dumpdtb(void)
{
    g_autofree char *dir = g_dir_make_tmp("spapr-dtb-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "x.dtb", NULL);
    g_autofree char *opt = g_strdup_printf("pseries,dumpdtb=%s", path);
    g_autofree char *blob = NULL;
    gsize len = 0;
    M m;

    m_start(&m, "-M", opt, NULL);
    g_assert_true(g_file_get_contents(path, &blob, &len, NULL));
    g_assert_cmpint(fdt_check_header(blob), ==, 0);
    g_assert_cmpuint(fdt_totalsize(blob), ==, len);
    g_assert_cmpint(fdt_path_offset(blob, "/vdevice/vty@71000000"), >=, 0);
    /* The CPUs never start; the main loop's first turn ends modvm. */
    g_assert_true(m_cpu(&m, 0)->tcg.halted);
    g_assert_cmpint(modvm_machine_shutdown_cause(m.s->machine), ==, MODVM_SHUTDOWN_NONE);
    while (g_main_context_iteration(modvm_machine_main_context(m.s->machine), FALSE)) {
    }
    g_assert_cmpint(modvm_machine_shutdown_cause(m.s->machine), ==, MODVM_SHUTDOWN_HOST_QUIT);
    m_stop(&m);
    g_unlink(path);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/spapr/vty/put-term-char", test_put_term_char);
    g_test_add_func("/spapr/vty/get-term-char", test_get_term_char);
    g_test_add_func("/spapr/hcall/unknown-and-privileged", test_unknown_and_privileged);
    g_test_add_func("/spapr/hcall/set-mode", test_set_mode);
    g_test_add_func("/spapr/hcall/cede", test_cede);
    g_test_add_func("/spapr/hcall/random", test_random);
    g_test_add_func("/spapr/hcall/hpt", test_hpt);
    g_test_add_func("/spapr/rtas/power-reboot-os-term", test_rtas_power);
    g_test_add_func("/spapr/rtas/time-and-display", test_rtas_time_and_char);
    g_test_add_func("/spapr/rtc/set-get-reset", test_rtc);
    g_test_add_func("/spapr/rtc/localtime", test_rtc_localtime);
    g_test_add_func("/spapr/rtc/bad-options", test_rtc_bad_options);
    g_test_add_func("/spapr/hcall/resize-hpt", test_resize_hpt);
    g_test_add_func("/spapr/cas/negotiate", test_cas);
    g_test_add_func("/spapr/kvmppc/logical-memop", test_logical_memop);
    g_test_add_func("/spapr/kvmppc/cas", test_kvmppc_cas);
    g_test_add_func("/spapr/kvmppc/update-dt", test_update_dt);
    g_test_add_func("/spapr/rtas/quiesce", test_rtas_quiesce);
    g_test_add_func("/spapr/hcall/register-proc-tbl", test_register_proc_tbl);
    g_test_add_func("/spapr/hcall/register-vpa", test_register_vpa);
    g_test_add_func("/spapr/hcall/confer-prod-join", test_confer_prod_join);
    g_test_add_func("/spapr/hcall/cpu-characteristics", test_cpu_characteristics);
    g_test_add_func("/spapr/hcall/logical-ci-and-sys-reset", test_logical_ci_and_sys_reset);
    g_test_add_func("/spapr/rtas/fwnmi-register", test_fwnmi_register);
    g_test_add_func("/spapr/rtas/fwnmi-system-reset", test_fwnmi_system_reset);
    g_test_add_func("/spapr/xics/device-tree", test_xics_dt);
    g_test_add_func("/spapr/phb/device-tree-and-config-space", test_phb);
    g_test_add_func("/spapr/phb/tce", test_tce);
    g_test_add_func("/spapr/events/device-tree", test_event_sources);
    g_test_add_func("/spapr/xics/ipi-cppr-eoi", test_xics_ipi);
    g_test_add_func("/spapr/xics/sources-msi-lsi-rtas", test_xics_sources);
    g_test_add_func("/spapr/xive/device-tree-and-cas", test_xive_dt_cas);
    g_test_add_func("/spapr/xive/hcalls", test_xive_hcalls);
    g_test_add_func("/spapr/xive/esb-pq-and-queue", test_xive_esb);
    g_test_add_func("/spapr/xive/lsi", test_xive_lsi);
    g_test_add_func("/spapr/xive/tima-ipi", test_xive_tima_ipi);
    g_test_add_func("/spapr/xive/fuzz", test_xive_fuzz);
    g_test_add_func("/spapr/rtas/nvram-events-sysparm", test_rtas_nvram_events_sysparm);
    g_test_add_func("/spapr/rtas/cpu-start-stop", test_rtas_cpu_start_stop);
    g_test_add_func("/spapr/hcall/fuzz", test_fuzz);
    g_test_add_func("/spapr/fdt/contents", test_fdt);
    g_test_add_func("/spapr/fdt/dumpdtb", test_dumpdtb);
    return g_test_run();
}
