/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fixed-point loads and stores (Power ISA Book I 3.3.2-3.3.8): D, DS and X forms, with update, byte-reversed. */
#include "internal.h"

unsigned power_memop(PowerDisas *d, unsigned size, gboolean sign, gboolean reversed)
{
    gboolean be = d->le == reversed;
    return size | (sign ? MODVM_MO_SIGN : 0) | (be ? MODVM_MO_BE : 0);
}

ModvmTcgTemp power_gen_ea(PowerDisas *d, ModvmTcgTemp disp_or_rb)
{
    unsigned ra = F_RA(d->insn);
    ModvmTcgTemp ea = power_temp(d);

    if (ra) {
        power_op(d, MODVM_OP_ADD, ea, power_load_gpr(d, ra), disp_or_rb);
    } else {
        modvm_tcg_mov(d->ctx, ea, disp_or_rb);
    }
    power_gen_narrow_ea(d, ea);
    return ea;
}

gint64 power_prefixed_disp(PowerDisas *d)
{
    guint64 d34 = ((guint64)(d->prefix & 0x3ffff) << 16) | (d->insn & 0xffff);
    return (gint64)(d34 << 30) >> 30;
}

ModvmTcgTemp power_gen_ea_disp(PowerDisas *d, gint64 disp)
{
    if (d->prefixed) {
        disp = power_prefixed_disp(d);
        if (F_PR(d->prefix)) {
            /* PC-relative (RA is 0, translate checked): EA = CIA + d */
            ModvmTcgTemp ea = power_const(d, d->pc + disp);
            power_gen_narrow_ea(d, ea);
            return ea;
        }
    }
    return power_gen_ea(d, power_const(d, disp));
}

typedef enum { FORM_D, FORM_DS, FORM_X } PowerLsForm;

static ModvmTcgTemp gen_form_ea(PowerDisas *d, PowerLsForm form)
{
    switch (form) {
    case FORM_D:
        return power_gen_ea_disp(d, F_SIMM(d->insn));
    case FORM_DS:
        return power_gen_ea_disp(d, (gint64)(gint16)(d->insn & 0xfffc));
    default:
        return power_gen_ea(d, power_load_gpr(d, F_RB(d->insn)));
    }
}

/*
 * Loads. The update forms with RA=0 or RA=RT are invalid forms; QEMU
 * makes them illegal instructions and so does modvm.
 */
static gboolean gen_load(PowerDisas *d, PowerLsForm form, unsigned memop, gboolean update)
{
    unsigned rt = F_RT(d->insn), ra = F_RA(d->insn);
    ModvmTcgTemp ea, val;

    if (update && (ra == 0 || ra == rt)) {
        return FALSE;
    }
    ea = gen_form_ea(d, form);
    val = power_temp(d);
    modvm_tcg_qemu_ld(d->ctx, val, ea, memop, d->mem_idx);
    power_store_gpr(d, rt, val);
    if (update) {
        power_store_gpr(d, ra, ea);
    }
    return TRUE;
}

static gboolean gen_store(PowerDisas *d, PowerLsForm form, unsigned memop, gboolean update)
{
    unsigned ra = F_RA(d->insn);
    ModvmTcgTemp ea;

    if (update && ra == 0) {
        return FALSE;
    }
    ea = gen_form_ea(d, form);
    modvm_tcg_qemu_st(d->ctx, power_load_gpr(d, F_RS(d->insn)), ea, memop, d->mem_idx);
    if (update) {
        power_store_gpr(d, ra, ea);
    }
    return TRUE;
}

#define MO(sz) power_memop(d, MODVM_MO_##sz, FALSE, FALSE)
#define MOS(sz) power_memop(d, MODVM_MO_##sz, TRUE, FALSE)
#define MOR(sz) power_memop(d, MODVM_MO_##sz, FALSE, TRUE)

gboolean trans_lbz(PowerDisas *d) { return gen_load(d, FORM_D, MO(8), FALSE); }
gboolean trans_lbzu(PowerDisas *d) { return gen_load(d, FORM_D, MO(8), TRUE); }
gboolean trans_lbzx(PowerDisas *d) { return gen_load(d, FORM_X, MO(8), FALSE); }
gboolean trans_lbzux(PowerDisas *d) { return gen_load(d, FORM_X, MO(8), TRUE); }
gboolean trans_lhz(PowerDisas *d) { return gen_load(d, FORM_D, MO(16), FALSE); }
gboolean trans_lhzu(PowerDisas *d) { return gen_load(d, FORM_D, MO(16), TRUE); }
gboolean trans_lhzx(PowerDisas *d) { return gen_load(d, FORM_X, MO(16), FALSE); }
gboolean trans_lhzux(PowerDisas *d) { return gen_load(d, FORM_X, MO(16), TRUE); }
gboolean trans_lha(PowerDisas *d) { return gen_load(d, FORM_D, MOS(16), FALSE); }
gboolean trans_lhau(PowerDisas *d) { return gen_load(d, FORM_D, MOS(16), TRUE); }
gboolean trans_lhax(PowerDisas *d) { return gen_load(d, FORM_X, MOS(16), FALSE); }
gboolean trans_lhaux(PowerDisas *d) { return gen_load(d, FORM_X, MOS(16), TRUE); }
gboolean trans_lwz(PowerDisas *d) { return gen_load(d, FORM_D, MO(32), FALSE); }
gboolean trans_lwzu(PowerDisas *d) { return gen_load(d, FORM_D, MO(32), TRUE); }
gboolean trans_lwzx(PowerDisas *d) { return gen_load(d, FORM_X, MO(32), FALSE); }
gboolean trans_lwzux(PowerDisas *d) { return gen_load(d, FORM_X, MO(32), TRUE); }
gboolean trans_lwa(PowerDisas *d) { return gen_load(d, FORM_DS, MOS(32), FALSE); }
gboolean trans_lwax(PowerDisas *d) { return gen_load(d, FORM_X, MOS(32), FALSE); }
gboolean trans_lwaux(PowerDisas *d) { return gen_load(d, FORM_X, MOS(32), TRUE); }
gboolean trans_ld(PowerDisas *d) { return gen_load(d, FORM_DS, MO(64), FALSE); }
gboolean trans_ldu(PowerDisas *d) { return gen_load(d, FORM_DS, MO(64), TRUE); }
gboolean trans_ldx(PowerDisas *d) { return gen_load(d, FORM_X, MO(64), FALSE); }
gboolean trans_ldux(PowerDisas *d) { return gen_load(d, FORM_X, MO(64), TRUE); }
gboolean trans_lhbrx(PowerDisas *d) { return gen_load(d, FORM_X, MOR(16), FALSE); }
gboolean trans_lwbrx(PowerDisas *d) { return gen_load(d, FORM_X, MOR(32), FALSE); }
gboolean trans_ldbrx(PowerDisas *d) { return gen_load(d, FORM_X, MOR(64), FALSE); }

gboolean trans_stb(PowerDisas *d) { return gen_store(d, FORM_D, MO(8), FALSE); }
gboolean trans_stbu(PowerDisas *d) { return gen_store(d, FORM_D, MO(8), TRUE); }
gboolean trans_stbx(PowerDisas *d) { return gen_store(d, FORM_X, MO(8), FALSE); }
gboolean trans_stbux(PowerDisas *d) { return gen_store(d, FORM_X, MO(8), TRUE); }
gboolean trans_sth(PowerDisas *d) { return gen_store(d, FORM_D, MO(16), FALSE); }
gboolean trans_sthu(PowerDisas *d) { return gen_store(d, FORM_D, MO(16), TRUE); }
gboolean trans_sthx(PowerDisas *d) { return gen_store(d, FORM_X, MO(16), FALSE); }
gboolean trans_sthux(PowerDisas *d) { return gen_store(d, FORM_X, MO(16), TRUE); }
gboolean trans_stw(PowerDisas *d) { return gen_store(d, FORM_D, MO(32), FALSE); }
gboolean trans_stwu(PowerDisas *d) { return gen_store(d, FORM_D, MO(32), TRUE); }
gboolean trans_stwx(PowerDisas *d) { return gen_store(d, FORM_X, MO(32), FALSE); }
gboolean trans_stwux(PowerDisas *d) { return gen_store(d, FORM_X, MO(32), TRUE); }
gboolean trans_std(PowerDisas *d) { return gen_store(d, FORM_DS, MO(64), FALSE); }

/* The prefixed forms (ISA 3.1) whose suffix is not the D-form of the same load or store. */
gboolean trans_pld(PowerDisas *d) { return gen_load(d, FORM_D, MO(64), FALSE); }
gboolean trans_plwa(PowerDisas *d) { return gen_load(d, FORM_D, MOS(32), FALSE); }
gboolean trans_pstd(PowerDisas *d) { return gen_store(d, FORM_D, MO(64), FALSE); }
gboolean trans_stdu(PowerDisas *d) { return gen_store(d, FORM_DS, MO(64), TRUE); }
gboolean trans_stdx(PowerDisas *d) { return gen_store(d, FORM_X, MO(64), FALSE); }
gboolean trans_stdux(PowerDisas *d) { return gen_store(d, FORM_X, MO(64), TRUE); }
gboolean trans_sthbrx(PowerDisas *d) { return gen_store(d, FORM_X, MOR(16), FALSE); }
gboolean trans_stwbrx(PowerDisas *d) { return gen_store(d, FORM_X, MOR(32), FALSE); }
gboolean trans_stdbrx(PowerDisas *d) { return gen_store(d, FORM_X, MOR(64), FALSE); }

/*
 * Load/store multiple (Book I 3.3.7): in little-endian mode they cause the
 * Alignment interrupt (Book III "Alignment Interrupt"), as in QEMU.
 */
void power_gen_align_le(PowerDisas *d, ModvmTcgTemp ea)
{
    power_store_field(d, SPR_OFF(SPR_DAR), ea);
    power_gen_exception(d, POWER_EXCP_ALIGN, d->insn);
}

gboolean trans_lmw(PowerDisas *d)
{
    ModvmTcgTemp ea = gen_form_ea(d, FORM_D);

    if (d->le) {
        power_gen_align_le(d, ea);
        return TRUE;
    }
    for (unsigned r = F_RT(d->insn); r < 32; r++) {
        ModvmTcgTemp v = power_temp(d);
        modvm_tcg_qemu_ld(d->ctx, v, ea, MO(32), d->mem_idx);
        power_store_gpr(d, r, v);
        if (r < 31) {
            ModvmTcgTemp next = power_temp(d);
            power_opi(d, MODVM_OP_ADD, next, ea, 4);
            power_gen_narrow_ea(d, next);
            ea = next;
        }
    }
    return TRUE;
}

gboolean trans_stmw(PowerDisas *d)
{
    ModvmTcgTemp ea = gen_form_ea(d, FORM_D);

    if (d->le) {
        power_gen_align_le(d, ea);
        return TRUE;
    }
    for (unsigned r = F_RS(d->insn); r < 32; r++) {
        modvm_tcg_qemu_st(d->ctx, power_load_gpr(d, r), ea, MO(32), d->mem_idx);
        if (r < 31) {
            ModvmTcgTemp next = power_temp(d);
            power_opi(d, MODVM_OP_ADD, next, ea, 4);
            power_gen_narrow_ea(d, next);
            ea = next;
        }
    }
    return TRUE;
}
