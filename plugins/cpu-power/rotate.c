/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fixed-point rotate and shift instructions (Power ISA Book I 3.3.14). */
#include "internal.h"

/* MASK(mb, me) of Book I 3.3.14: ones from bit mb to bit me, wrapping round when mb > me. */
guint64 power_rotate_mask(unsigned mb, unsigned me)
{
    guint64 from = ~0ull >> mb, to = ~0ull << (63 - me);
    return mb <= me ? (from & to) : (from | to);
}

static unsigned md_sh(guint32 insn)
{
    return F_RB(insn) | ((insn >> 1) & 1) << 5;
}

/* The 6-bit mb/me field of MD and MDS forms keeps its high bit last. */
static unsigned md_mb(guint32 insn)
{
    return ((insn >> 6) & 31) | ((insn >> 5) & 1) << 5;
}

static gboolean finish_ra(PowerDisas *d, ModvmTcgTemp res)
{
    power_store_gpr(d, F_RA(d->insn), res);
    if (F_RC(d->insn)) {
        power_gen_set_cr0(d, res);
    }
    return TRUE;
}

/*
 * The rotated low word of RS, as a 64-bit value whose both halves are the
 * rotated word (ROTL32 of Book I) when the mask reaches into the high half.
 */
static ModvmTcgTemp gen_rotl32(PowerDisas *d, ModvmTcgTemp count, guint64 mask)
{
    ModvmTcgTemp rot = power_temp(d);

    power_op(d, MODVM_OP_ROTL_32, rot, power_load_gpr(d, F_RS(d->insn)), count);
    if (mask >> 32) {
        ModvmTcgTemp hi = power_temp(d);
        power_opi(d, MODVM_OP_SHL, hi, rot, 32);
        power_op(d, MODVM_OP_OR, rot, rot, hi);
    }
    return rot;
}

static guint64 rlw_mask(guint32 insn)
{
    return power_rotate_mask(((insn >> 6) & 31) + 32, ((insn >> 1) & 31) + 32);
}

gboolean trans_rlwinm(PowerDisas *d)
{
    guint64 mask = rlw_mask(d->insn);
    ModvmTcgTemp res = gen_rotl32(d, power_const(d, F_RB(d->insn)), mask);

    power_opi(d, MODVM_OP_AND, res, res, mask);
    return finish_ra(d, res);
}

gboolean trans_rlwnm(PowerDisas *d)
{
    guint64 mask = rlw_mask(d->insn);
    ModvmTcgTemp res = gen_rotl32(d, power_load_gpr(d, F_RB(d->insn)), mask);

    power_opi(d, MODVM_OP_AND, res, res, mask);
    return finish_ra(d, res);
}

static gboolean gen_insert(PowerDisas *d, ModvmTcgTemp rot, guint64 mask)
{
    ModvmTcgTemp old = power_load_gpr(d, F_RA(d->insn));

    power_opi(d, MODVM_OP_AND, rot, rot, mask);
    power_opi(d, MODVM_OP_AND, old, old, ~mask);
    power_op(d, MODVM_OP_OR, rot, rot, old);
    return finish_ra(d, rot);
}

gboolean trans_rlwimi(PowerDisas *d)
{
    guint64 mask = rlw_mask(d->insn);
    return gen_insert(d, gen_rotl32(d, power_const(d, F_RB(d->insn)), mask), mask);
}

static ModvmTcgTemp gen_rotl64(PowerDisas *d, ModvmTcgTemp count)
{
    ModvmTcgTemp rot = power_temp(d);
    power_op(d, MODVM_OP_ROTL, rot, power_load_gpr(d, F_RS(d->insn)), count);
    return rot;
}

static gboolean gen_rotl64_mask(PowerDisas *d, ModvmTcgTemp count, guint64 mask)
{
    ModvmTcgTemp res = gen_rotl64(d, count);
    power_opi(d, MODVM_OP_AND, res, res, mask);
    return finish_ra(d, res);
}

gboolean trans_rldicl(PowerDisas *d)
{
    return gen_rotl64_mask(d, power_const(d, md_sh(d->insn)),
                           power_rotate_mask(md_mb(d->insn), 63));
}

gboolean trans_rldicr(PowerDisas *d)
{
    return gen_rotl64_mask(d, power_const(d, md_sh(d->insn)),
                           power_rotate_mask(0, md_mb(d->insn)));
}

gboolean trans_rldic(PowerDisas *d)
{
    unsigned sh = md_sh(d->insn);
    return gen_rotl64_mask(d, power_const(d, sh), power_rotate_mask(md_mb(d->insn), 63 - sh));
}

gboolean trans_rldimi(PowerDisas *d)
{
    unsigned sh = md_sh(d->insn);
    return gen_insert(d, gen_rotl64(d, power_const(d, sh)),
                      power_rotate_mask(md_mb(d->insn), 63 - sh));
}

gboolean trans_rldcl(PowerDisas *d)
{
    return gen_rotl64_mask(d, power_load_gpr(d, F_RB(d->insn)),
                           power_rotate_mask(md_mb(d->insn), 63));
}

gboolean trans_rldcr(PowerDisas *d)
{
    return gen_rotl64_mask(d, power_load_gpr(d, F_RB(d->insn)),
                           power_rotate_mask(0, md_mb(d->insn)));
}

/* Shifts by RB: a count with bit @big_bit set (32 for words, 64 for doublewords) gives 0. */
static gboolean gen_shift(PowerDisas *d, ModvmTcgOpc opc, guint64 big_bit)
{
    ModvmTcgTemp rb = power_load_gpr(d, F_RB(d->insn));
    ModvmTcgTemp res = power_temp(d), big = power_temp(d);
    ModvmTcgTemp zero = power_const(d, 0);

    power_op(d, opc, res, power_load_gpr(d, F_RS(d->insn)), rb);
    power_opi(d, MODVM_OP_AND, big, rb, big_bit);
    modvm_tcg_movcond(d->ctx, MODVM_TCG_COND_NE, res, big, zero, zero, res);
    return finish_ra(d, res);
}

gboolean trans_slw(PowerDisas *d)
{
    return gen_shift(d, MODVM_OP_SHL_32, 0x20);
}

gboolean trans_srw(PowerDisas *d)
{
    return gen_shift(d, MODVM_OP_SHR_32, 0x20);
}

gboolean trans_sld(PowerDisas *d)
{
    return gen_shift(d, MODVM_OP_SHL, 0x40);
}

gboolean trans_srd(PowerDisas *d)
{
    return gen_shift(d, MODVM_OP_SHR, 0x40);
}

static void gen_store_ca(PowerDisas *d, ModvmTcgTemp ca)
{
    power_store_field(d, CPU_OFF(regs.xer_ca), ca);
    if (d->isa >= ISA300) {
        power_store_field(d, CPU_OFF(regs.xer_ca32), ca);
    }
}

/*
 * Algebraic right shift of @src (already sign-extended for the word forms)
 * by @count (0..63): CA is set when the source is negative and 1 bits were
 * shifted out; @all_out (or 0) says every bit went out (srad by 64 or more).
 */
static gboolean gen_sra(PowerDisas *d, ModvmTcgTemp src, ModvmTcgTemp count, ModvmTcgTemp all_out)
{
    ModvmTcgTemp res = power_temp(d), out = power_temp(d), neg = power_temp(d);
    ModvmTcgTemp zero = power_const(d, 0);

    power_op(d, MODVM_OP_SAR, res, src, count);
    power_op(d, MODVM_OP_SHL, out, power_const(d, ~0ull), count);
    power_op(d, MODVM_OP_ANDC, out, src, out);
    modvm_tcg_setcond(d->ctx, MODVM_TCG_COND_NE, out, out, zero);
    if (all_out) {
        power_op(d, MODVM_OP_OR, out, out, all_out);
    }
    modvm_tcg_setcond(d->ctx, MODVM_TCG_COND_LT, neg, src, zero);
    power_op(d, MODVM_OP_AND, out, out, neg);
    gen_store_ca(d, out);
    return finish_ra(d, res);
}

static ModvmTcgTemp load_rs_ext32s(PowerDisas *d)
{
    ModvmTcgTemp s = power_temp(d);
    power_op1(d, MODVM_OP_EXT32S, s, power_load_gpr(d, F_RS(d->insn)));
    return s;
}

/* sraw: counts 32..63 leave the sign in every bit, which SAR of the extended word gives. */
gboolean trans_sraw(PowerDisas *d)
{
    ModvmTcgTemp n = power_temp(d);
    power_opi(d, MODVM_OP_AND, n, power_load_gpr(d, F_RB(d->insn)), 0x3f);
    return gen_sra(d, load_rs_ext32s(d), n, 0);
}

gboolean trans_srawi(PowerDisas *d)
{
    return gen_sra(d, load_rs_ext32s(d), power_const(d, F_RB(d->insn)), 0);
}

gboolean trans_srad(PowerDisas *d)
{
    ModvmTcgTemp rb = power_load_gpr(d, F_RB(d->insn));
    ModvmTcgTemp n = power_temp(d), big = power_temp(d);

    power_opi(d, MODVM_OP_AND, big, rb, 0x40);
    modvm_tcg_setcond(d->ctx, MODVM_TCG_COND_NE, big, big, power_const(d, 0));
    power_opi(d, MODVM_OP_AND, n, rb, 0x3f);
    modvm_tcg_movcond(d->ctx, MODVM_TCG_COND_NE, n, big, power_const(d, 0), power_const(d, 63), n);
    return gen_sra(d, power_load_gpr(d, F_RS(d->insn)), n, big);
}

gboolean trans_sradi(PowerDisas *d)
{
    return gen_sra(d, power_load_gpr(d, F_RS(d->insn)), power_const(d, md_sh(d->insn)), 0);
}

/* extswsli (ISA 3.0): RA <- EXTS(RS[32:63]) << sh */
gboolean trans_extswsli(PowerDisas *d)
{
    ModvmTcgTemp res = load_rs_ext32s(d);
    power_opi(d, MODVM_OP_SHL, res, res, md_sh(d->insn));
    return finish_ra(d, res);
}
