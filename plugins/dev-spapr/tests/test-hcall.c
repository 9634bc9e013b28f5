/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pseries hypercalls, RTAS and the device tree, driven through the CPUs' real hypercall hook. */
#include "core.h"
#include "../spapr.h"

#include <string.h>
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
    const guint64 unknown[] = { 0, 0x10, 0x55, 0x2fc, 0xf001, 0xf005, 0x1000000, G_MAXUINT64 };
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
    g_assert_cmpint(hcall(&m, 0, H_PROTECT, SPAPR_PPC_BIT(32), pteg, 0x999, 0), ==, -5);
    g_assert_cmpint(hcall(&m, 0, H_REMOVE, 0, pteg, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(cpu->regs.gpr[4], ==, pteh | 0x40);
    g_assert_cmpint(hcall(&m, 0, H_REMOVE, 0, pteg, 0, 0), ==, -5);        /* H_NOT_FOUND */
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

/* Thousands of hypercalls with random numbers and arguments: answers, never a crash. */
static void test_fuzz(void)
{
    static const guint64 known[] = {
        H_GET_TERM_CHAR, H_PUT_TERM_CHAR, H_CEDE, H_RANDOM, H_SET_MODE, KVMPPC_H_RTAS,
        KVMPPC_H_VOF_CLIENT, H_ENTER, H_REMOVE, H_READ, H_PROTECT, H_BULK_REMOVE,
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
        g_assert_cmpint(r, <=, 0);
    }
    g_rand_free(rand);
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
    g_assert_null(dt_prop(&m, "/rtas", "nvram-fetch", NULL));
    g_assert_cmphex(dt_cell(&m, "/rtas", "rtas-size"), ==, 20 + 2048 + 2 * 16 + 8);
    s = dt_prop(&m, "/rtas", "ibm,hypertas-functions", &len);
    g_assert_cmpint(len, ==, sizeof("hcall-pft\0hcall-term\0hcall-bulk\0hcall-set-mode"));
    g_assert_cmpint(memcmp(s, "hcall-pft\0hcall-term\0hcall-bulk\0hcall-set-mode", len), ==, 0);
    g_assert_nonnull(dt_prop(&m, "/rtas", "ibm,extended-os-term", NULL));
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
    /* Without firmware the tree is in RAM where QEMU's SLOF boot finds it, and CPUs wait. */
    g_assert_cmphex(m_cpu(&m, 0)->regs.gpr[3], ==, (1 << 30) - 0x100000);
    g_assert_cmphex(m_cpu(&m, 0)->regs.nip, ==, 0x100);
    g_assert_true(m_cpu(&m, 0)->tcg.halted);
    g_assert_true(m_cpu(&m, 1)->tcg.halted);
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
    g_test_add_func("/spapr/hcall/fuzz", test_fuzz);
    g_test_add_func("/spapr/fdt/contents", test_fdt);
    g_test_add_func("/spapr/fdt/dumpdtb", test_dumpdtb);
    return g_test_run();
}
