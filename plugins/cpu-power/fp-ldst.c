/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Floating-point loads and stores (Power ISA Book I chapter 4): single, double, word, pair. */
#include "internal.h"

#define FPR_OFF(n) CPU_OFF(regs.vsr[n].dw[0])

/*
 * DOUBLE and SINGLE of Book I "Floating-Point Load/Store Instructions": the load and store
 * conversions, no rounding.
 */
static guint64 helper_todouble(guint64 w)
{
    guint32 arg = (guint32)w, abs_arg = arg & 0x7fffffff;
    guint64 ret;

    if (abs_arg >= 0x7f800000) {
        /* infinity and NaN: the exponent becomes all ones */
        ret = (guint64)(arg >> 31) << 63 | 0x7ffull << 52 | (guint64)(arg & 0x7fffff) << 29;
    } else if (abs_arg >= 0x00800000) {
        ret = (guint64)(arg >> 30) << 62;
        ret |= (guint64)(((arg >> 30) & 1) ^ 1) * 7 << 59;
        ret |= (guint64)(arg & 0x3fffffff) << 29;
    } else {
        ret = (guint64)(arg >> 31) << 63;
        if (abs_arg) {
            int shift = __builtin_clz(abs_arg) - 8;
            ret |= (guint64)(1023 - 126 - shift) << 52;
            ret |= ((guint64)abs_arg << (shift + 29)) & 0x000fffffffffffffull;
        }
    }
    return ret;
}

static guint64 helper_tosingle(guint64 x)
{
    int exp = (x >> 52) & 0x7ff;
    guint32 ret;

    if (exp > 896) {
        ret = (guint32)((x >> 62) << 30) | (guint32)((x >> 29) & 0x3fffffff);
    } else {
        ret = (guint32)(x >> 63) << 31;
        if (exp >= 874) {
            ret |= (guint32)(((1ull << 52) | (x & 0x000fffffffffffffull)) >> (896 + 30 - exp));
        }
    }
    return ret;
}

static const ModvmTcgHelper h_todouble = {
    "todouble", (gpointer)helper_todouble, 1, TRUE, 0, TRUE
};
static const ModvmTcgHelper h_tosingle = {
    "tosingle", (gpointer)helper_tosingle, 1, TRUE, 0, TRUE
};

/*
 * Loads and stores (Book I, Floating-Point Load/Store): D and X forms, with update; RA=0 with
 * update is invalid.
 */
typedef enum { FPLS_D, FPLS_X } FpLsForm;
typedef enum { FPLS_DOUBLE, FPLS_SINGLE, FPLS_WORD_S, FPLS_WORD_Z } FpLsKind;

static ModvmTcgTemp fp_ea(PowerDisas *d, FpLsForm form)
{
    if (form == FPLS_D) {
        return power_gen_ea_disp(d, F_SIMM(d->insn));
    }
    return power_gen_ea(d, power_load_gpr(d, F_RB(d->insn)));
}

static gboolean gen_fload(PowerDisas *d, FpLsForm form, FpLsKind kind, gboolean update)
{
    unsigned ra = F_RA(d->insn);
    ModvmTcgTemp ea, val = power_temp(d);

    if (update && ra == 0) {
        return FALSE;
    }
    ea = fp_ea(d, form);
    switch (kind) {
    case FPLS_DOUBLE:
        modvm_tcg_qemu_ld(d->ctx, val, ea, power_memop(d, MODVM_MO_64, FALSE, FALSE), d->mem_idx);
        break;
    case FPLS_SINGLE:
        modvm_tcg_qemu_ld(d->ctx, val, ea, power_memop(d, MODVM_MO_32, FALSE, FALSE), d->mem_idx);
        val = power_call(d, &h_todouble, val, 0, 0);
        break;
    default:
        modvm_tcg_qemu_ld(d->ctx, val, ea,
                          power_memop(d, MODVM_MO_32, kind == FPLS_WORD_S, FALSE), d->mem_idx);
        break;
    }
    power_store_field(d, FPR_OFF(F_RT(d->insn)), val);
    power_store_imm(d, FPR_OFF(F_RT(d->insn)) + 8, 0);     /* doubleword 1: see fpu.h */
    if (update) {
        power_store_gpr(d, ra, ea);
    }
    return TRUE;
}

static gboolean gen_fstore(PowerDisas *d, FpLsForm form, FpLsKind kind, gboolean update)
{
    unsigned ra = F_RA(d->insn);
    ModvmTcgTemp ea, val;
    unsigned size = kind == FPLS_DOUBLE ? MODVM_MO_64 : MODVM_MO_32;

    if (update && ra == 0) {
        return FALSE;
    }
    ea = fp_ea(d, form);
    val = power_load_field(d, FPR_OFF(F_RS(d->insn)));
    if (kind == FPLS_SINGLE) {
        val = power_call(d, &h_tosingle, val, 0, 0);
    }
    modvm_tcg_qemu_st(d->ctx, val, ea, power_memop(d, size, FALSE, FALSE), d->mem_idx);
    if (update) {
        power_store_gpr(d, ra, ea);
    }
    return TRUE;
}

gboolean trans_lfs(PowerDisas *d) { return gen_fload(d, FPLS_D, FPLS_SINGLE, FALSE); }
gboolean trans_lfsu(PowerDisas *d) { return gen_fload(d, FPLS_D, FPLS_SINGLE, TRUE); }
gboolean trans_lfsx(PowerDisas *d) { return gen_fload(d, FPLS_X, FPLS_SINGLE, FALSE); }
gboolean trans_lfsux(PowerDisas *d) { return gen_fload(d, FPLS_X, FPLS_SINGLE, TRUE); }
gboolean trans_lfd(PowerDisas *d) { return gen_fload(d, FPLS_D, FPLS_DOUBLE, FALSE); }
gboolean trans_lfdu(PowerDisas *d) { return gen_fload(d, FPLS_D, FPLS_DOUBLE, TRUE); }
gboolean trans_lfdx(PowerDisas *d) { return gen_fload(d, FPLS_X, FPLS_DOUBLE, FALSE); }
gboolean trans_lfdux(PowerDisas *d) { return gen_fload(d, FPLS_X, FPLS_DOUBLE, TRUE); }
gboolean trans_lfiwax(PowerDisas *d) { return gen_fload(d, FPLS_X, FPLS_WORD_S, FALSE); }
gboolean trans_lfiwzx(PowerDisas *d) { return gen_fload(d, FPLS_X, FPLS_WORD_Z, FALSE); }
gboolean trans_stfs(PowerDisas *d) { return gen_fstore(d, FPLS_D, FPLS_SINGLE, FALSE); }
gboolean trans_stfsu(PowerDisas *d) { return gen_fstore(d, FPLS_D, FPLS_SINGLE, TRUE); }
gboolean trans_stfsx(PowerDisas *d) { return gen_fstore(d, FPLS_X, FPLS_SINGLE, FALSE); }
gboolean trans_stfsux(PowerDisas *d) { return gen_fstore(d, FPLS_X, FPLS_SINGLE, TRUE); }
gboolean trans_stfd(PowerDisas *d) { return gen_fstore(d, FPLS_D, FPLS_DOUBLE, FALSE); }
gboolean trans_stfdu(PowerDisas *d) { return gen_fstore(d, FPLS_D, FPLS_DOUBLE, TRUE); }
gboolean trans_stfdx(PowerDisas *d) { return gen_fstore(d, FPLS_X, FPLS_DOUBLE, FALSE); }
gboolean trans_stfdux(PowerDisas *d) { return gen_fstore(d, FPLS_X, FPLS_DOUBLE, TRUE); }
gboolean trans_stfiwx(PowerDisas *d) { return gen_fstore(d, FPLS_X, FPLS_WORD_Z, FALSE); }

/*
 * lfdp, stfdp (DS form): an even-odd FPR pair; FRTp odd is an invalid form.
 * In little-endian mode the pair is swapped in memory, as QEMU does.
 */
static gboolean gen_fpair(PowerDisas *d, gboolean store)
{
    unsigned rt = F_RT(d->insn);
    ModvmTcgTemp ea = power_gen_ea(d, power_const(d, (gint64)(gint16)(d->insn & 0xfffc)));
    ModvmTcgTemp ea2 = power_temp(d);
    unsigned mo = power_memop(d, MODVM_MO_64, FALSE, FALSE);
    unsigned first = d->le ? rt + 1 : rt, second = d->le ? rt : rt + 1;

    if (rt & 1) {
        return FALSE;
    }
    power_opi(d, MODVM_OP_ADD, ea2, ea, 8);
    power_gen_narrow_ea(d, ea2);
    if (store) {
        modvm_tcg_qemu_st(d->ctx, power_load_field(d, FPR_OFF(first)), ea, mo, d->mem_idx);
        modvm_tcg_qemu_st(d->ctx, power_load_field(d, FPR_OFF(second)), ea2, mo, d->mem_idx);
    } else {
        ModvmTcgTemp v1 = power_temp(d), v2 = power_temp(d);
        modvm_tcg_qemu_ld(d->ctx, v1, ea, mo, d->mem_idx);
        modvm_tcg_qemu_ld(d->ctx, v2, ea2, mo, d->mem_idx);
        power_store_field(d, FPR_OFF(first), v1);
        power_store_field(d, FPR_OFF(second), v2);
        power_store_imm(d, FPR_OFF(first) + 8, 0);
        power_store_imm(d, FPR_OFF(second) + 8, 0);
    }
    return TRUE;
}

gboolean trans_lfdp(PowerDisas *d) { return gen_fpair(d, FALSE); }
gboolean trans_stfdp(PowerDisas *d) { return gen_fpair(d, TRUE); }
