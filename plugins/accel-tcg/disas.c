/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -d in_asm (guest code through capstone) and -d op (the IR) log lines. */
#include "tcg-internal.h"

#include <capstone/capstone.h>

typedef struct {
    int arch;
    int mode;
    csh handle;
    gboolean open;
} TcgDisas;

static csh *disas_handle(TcgAccel *acc, int arch, int mode)
{
    TcgDisas *d = acc->disas;

    if (!d) {
        d = acc->disas = g_new0(TcgDisas, 1);
    }
    if (d->open && (d->arch != arch || d->mode != mode)) {
        cs_close(&d->handle);
        d->open = FALSE;
    }
    if (!d->open) {
        if (cs_open((cs_arch)arch, (cs_mode)mode, &d->handle) != CS_ERR_OK) {
            return NULL;
        }
        d->open = TRUE;
        d->arch = arch;
        d->mode = mode;
    }
    return &d->handle;
}

void tcg_disas_fini(TcgAccel *acc)
{
    TcgDisas *d = acc->disas;

    if (d && d->open) {
        cs_close(&d->handle);
    }
    g_clear_pointer(&acc->disas, g_free);
}

/* The block's bytes as translated; I/O pages read as what the fetch saw. */
static guint8 *block_bytes(TcgTranslate *t, gsize *len)
{
    guint64 pc = t->ctx.pc_first;
    gsize n = (gsize)MIN(t->end - pc, 2 * TCG_PAGE_SIZE);
    guint8 *buf = g_malloc0(MAX(n, 1));

    for (gsize i = 0; i < n; i++) {
        guint64 a = pc + i;
        guint p = (a & TCG_PAGE_MASK) == t->vpage[0] ? 0 : 1;
        if (p == 1 && !t->have[1]) {
            break;
        }
        if (t->host[p]) {
            buf[i] = t->host[p][a & ~TCG_PAGE_MASK];
        } else {
            guint64 v = 0xff;
            modvm_machine_lock(t->tc->accel->machine);
            modvm_address_space_load(t->tc->accel->as, t->ppage[p] | (a & ~TCG_PAGE_MASK), 1,
                                     MODVM_ENDIAN_BIG, &v);
            modvm_machine_unlock(t->tc->accel->machine);
            buf[i] = (guint8)v;
        }
    }
    *len = n;
    return buf;
}

void tcg_log_in_asm(TcgAccel *acc, TcgTranslate *t)
{
    guint64 pc = t->ctx.pc_first;
    gsize len, done = 0;
    g_autofree guint8 *buf = block_bytes(t, &len);
    g_autoptr(GString) out = g_string_new("IN:\n");
    int arch = -1, mode = 0;
    csh *h = NULL;

    if (t->tc->ops->disas_info) {
        t->tc->ops->disas_info(t->ctx.flags, &arch, &mode);
    }
    if (arch >= 0) {
        h = disas_handle(acc, arch, mode);
    }
    if (h) {
        cs_insn *insn = NULL;
        size_t n = cs_disasm(*h, buf, len, pc, 0, &insn);
        for (size_t i = 0; i < n; i++) {
            g_string_append_printf(out, "0x%016" G_GINT64_MODIFIER "x:  ", insn[i].address);
            for (guint j = 0; j < insn[i].size; j++) {
                g_string_append_printf(out, "%02x", insn[i].bytes[j]);
            }
            g_string_append_printf(out, "  %-10s %s\n", insn[i].mnemonic, insn[i].op_str);
            done += insn[i].size;
        }
        cs_free(insn, n);
    }
    /* what capstone could not decode (or no disassembler at all): raw words */
    for (gsize i = done; i < len; i += 4) {
        g_string_append_printf(out, "0x%016" G_GINT64_MODIFIER "x:  ", pc + i);
        for (gsize j = i; j < MIN(i + 4, len); j++) {
            g_string_append_printf(out, "%02x", buf[j]);
        }
        g_string_append(out, "  .byte\n");
    }
    modvm_log(MODVM_LOG_IN_ASM, "%s\n", out->str);
}

void tcg_log_ir(const char *title, const TcgIr *ir)
{
    g_autoptr(GString) out = g_string_new(NULL);

    tcg_ir_dump(ir, out);
    modvm_log(MODVM_LOG_OP, "%s\n%s\n", title, out->str);
}
