/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fixed-point compare, trap, logical and bit-counting instructions (Power ISA Book I 3.3.10-3.3.13). */
#include "internal.h"

static gboolean finish_ra(PowerDisas *d, ModvmTcgTemp res, gboolean rc)
{
    power_store_gpr(d, F_RA(d->insn), res);
    if (rc) {
        power_gen_set_cr0(d, res);
    }
    return TRUE;
}

/* Compare: L=0 compares the low words, extended as the comparison is signed or not. */
static gboolean gen_cmp(PowerDisas *d, ModvmTcgTemp b, gboolean is_signed)
{
    ModvmTcgTemp a = power_load_gpr(d, F_RA(d->insn));

    if (!F_L21(d->insn)) {
        ModvmTcgTemp a32 = power_temp(d), b32 = power_temp(d);
        power_op1(d, is_signed ? MODVM_OP_EXT32S : MODVM_OP_EXT32U, a32, a);
        power_op1(d, is_signed ? MODVM_OP_EXT32S : MODVM_OP_EXT32U, b32, b);
        a = a32;
        b = b32;
    }
    power_gen_compare(d, F_BF(d->insn), a, b, is_signed);
    return TRUE;
}

gboolean trans_cmpi(PowerDisas *d)
{
    return gen_cmp(d, power_const(d, F_SIMM(d->insn)), TRUE);
}

gboolean trans_cmp(PowerDisas *d)
{
    return gen_cmp(d, power_load_gpr(d, F_RB(d->insn)), TRUE);
}

gboolean trans_cmpli(PowerDisas *d)
{
    return gen_cmp(d, power_const(d, F_UIMM(d->insn)), FALSE);
}

gboolean trans_cmpl(PowerDisas *d)
{
    return gen_cmp(d, power_load_gpr(d, F_RB(d->insn)), FALSE);
}

/* cmprb (ISA 3.0): is the low byte of RA within one (L=0) or either (L=1) range of RB? */
static guint64 helper_cmprb(guint64 ra, guint64 rb, guint64 l)
{
    guint8 c = ra, lo1 = rb, hi1 = rb >> 8, lo2 = rb >> 16, hi2 = rb >> 24;
    gboolean in = (c >= lo1 && c <= hi1) || (l && c >= lo2 && c <= hi2);
    return in ? 4 : 0;
}

/* cmpeqb (ISA 3.0): does any byte of RB equal the low byte of RA? */
static guint64 helper_cmpeqb(guint64 ra, guint64 rb)
{
    for (int i = 0; i < 64; i += 8) {
        if ((guint8)(rb >> i) == (guint8)ra) {
            return 4;
        }
    }
    return 0;
}

static const ModvmTcgHelper h_cmprb = { "cmprb", (gpointer)helper_cmprb, 3, TRUE, 0, TRUE };
static const ModvmTcgHelper h_cmpeqb = { "cmpeqb", (gpointer)helper_cmpeqb, 2, TRUE, 0, TRUE };

gboolean trans_cmprb(PowerDisas *d)
{
    ModvmTcgTemp v = power_call(d, &h_cmprb, power_load_gpr(d, F_RA(d->insn)),
                                power_load_gpr(d, F_RB(d->insn)), power_const(d, F_L21(d->insn)));
    modvm_tcg_st(d->ctx, MODVM_OP_ST32, v, CRF_OFF(F_BF(d->insn)));
    return TRUE;
}

gboolean trans_cmpeqb(PowerDisas *d)
{
    ModvmTcgTemp v = power_call(d, &h_cmpeqb, power_load_gpr(d, F_RA(d->insn)),
                                power_load_gpr(d, F_RB(d->insn)), 0);
    modvm_tcg_st(d->ctx, MODVM_OP_ST32, v, CRF_OFF(F_BF(d->insn)));
    return TRUE;
}

/*
 * Trap (Book I 3.3.11): TO bits 0..4 are <, >, =, <u, >u. The word forms
 * compare the low words, the doubleword forms the whole registers.
 */
static gboolean power_trap_taken(guint64 a, guint64 b, guint64 to, gboolean word)
{
    gint64 sa = word ? (gint32)a : (gint64)a, sb = word ? (gint32)b : (gint64)b;
    guint64 ua = word ? (guint32)a : a, ub = word ? (guint32)b : b;

    return ((to & 0x10) && sa < sb) || ((to & 0x08) && sa > sb) || ((to & 0x04) && ua == ub) ||
           ((to & 0x02) && ua < ub) || ((to & 0x01) && ua > ub);
}

static void helper_trap(PowerCpu *cpu, guint64 a, guint64 b, guint64 to_word)
{
    if (power_trap_taken(a, b, to_word & 31, to_word >> 5)) {
        power_raise(cpu, POWER_EXCP_PROGRAM, SRR1_PROGTRAP);
    }
}

static const ModvmTcgHelper h_trap = { "trap", (gpointer)helper_trap, 4, FALSE, 1, FALSE };

static gboolean gen_trap(PowerDisas *d, ModvmTcgTemp b, gboolean word)
{
    unsigned to = F_RT(d->insn);

    if (to == 0) {
        return TRUE;
    }
    if (to == 31) {
        /* One of the five relations always holds: the unconditional trap. */
        power_gen_program(d, SRR1_PROGTRAP);
        return TRUE;
    }
    power_call(d, &h_trap, power_load_gpr(d, F_RA(d->insn)), b,
               power_const(d, to | (word ? 32 : 0)));
    return TRUE;
}

gboolean trans_twi(PowerDisas *d)
{
    return gen_trap(d, power_const(d, F_SIMM(d->insn)), TRUE);
}

gboolean trans_tw(PowerDisas *d)
{
    return gen_trap(d, power_load_gpr(d, F_RB(d->insn)), TRUE);
}

gboolean trans_tdi(PowerDisas *d)
{
    return gen_trap(d, power_const(d, F_SIMM(d->insn)), FALSE);
}

gboolean trans_td(PowerDisas *d)
{
    return gen_trap(d, power_load_gpr(d, F_RB(d->insn)), FALSE);
}

/* isel: RT <- CR[BC] ? (RA|0) : RB */
gboolean trans_isel(PowerDisas *d)
{
    unsigned bc = (d->insn >> 6) & 31, ra = F_RA(d->insn);
    ModvmTcgTemp crf = power_temp(d), bit = power_temp(d), res = power_temp(d);

    modvm_tcg_ld(d->ctx, MODVM_OP_LD32U, crf, CRF_OFF(bc >> 2));
    modvm_tcg_field(d->ctx, MODVM_OP_EXTRACT, bit, crf, 0, 3 - (bc & 3), 1);
    modvm_tcg_movcond(d->ctx, MODVM_TCG_COND_NE, res, bit, power_const(d, 0),
                      ra ? power_load_gpr(d, ra) : power_const(d, 0),
                      power_load_gpr(d, F_RB(d->insn)));
    power_store_gpr(d, F_RT(d->insn), res);
    return TRUE;
}

static gboolean gen_logical_imm(PowerDisas *d, ModvmTcgOpc opc, guint64 imm, gboolean rc)
{
    ModvmTcgTemp res = power_temp(d);
    power_opi(d, opc, res, power_load_gpr(d, F_RS(d->insn)), imm);
    return finish_ra(d, res, rc);
}

gboolean trans_andi_rc(PowerDisas *d)
{
    return gen_logical_imm(d, MODVM_OP_AND, F_UIMM(d->insn), TRUE);
}

gboolean trans_andis_rc(PowerDisas *d)
{
    return gen_logical_imm(d, MODVM_OP_AND, F_UIMM(d->insn) << 16, TRUE);
}

gboolean trans_ori(PowerDisas *d)
{
    if (F_RS(d->insn) == F_RA(d->insn) && F_UIMM(d->insn) == 0) {
        return TRUE;    /* nop */
    }
    return gen_logical_imm(d, MODVM_OP_OR, F_UIMM(d->insn), FALSE);
}

gboolean trans_oris(PowerDisas *d)
{
    return gen_logical_imm(d, MODVM_OP_OR, F_UIMM(d->insn) << 16, FALSE);
}

gboolean trans_xori(PowerDisas *d)
{
    return gen_logical_imm(d, MODVM_OP_XOR, F_UIMM(d->insn), FALSE);
}

gboolean trans_xoris(PowerDisas *d)
{
    return gen_logical_imm(d, MODVM_OP_XOR, F_UIMM(d->insn) << 16, FALSE);
}

static gboolean gen_logical(PowerDisas *d, ModvmTcgOpc opc)
{
    ModvmTcgTemp res = power_temp(d);
    power_op(d, opc, res, power_load_gpr(d, F_RS(d->insn)), power_load_gpr(d, F_RB(d->insn)));
    return finish_ra(d, res, F_RC(d->insn));
}

gboolean trans_and(PowerDisas *d)
{
    return gen_logical(d, MODVM_OP_AND);
}

/*
 * "or Rx,Rx,Rx" are the priority hints of Book II 3.2 (and yield/mdoio
 * ...): set PPR[PRI] as QEMU does and leave the block so that the other
 * vCPUs of a spinning guest get their turn.
 */
static void helper_set_ppr_priority(PowerCpu *cpu, guint64 prio)
{
    guint64 *ppr = &cpu->regs.spr[SPR_PPR];
    *ppr = (*ppr & ~(7ull << 50)) | (prio << 50);
}

static const ModvmTcgHelper h_set_ppr_priority = {
    "set_ppr_priority", (gpointer)helper_set_ppr_priority, 2, FALSE, 1, FALSE
};

gboolean trans_or(PowerDisas *d)
{
    unsigned rs = F_RS(d->insn);

    if (rs == F_RA(d->insn) && rs == F_RB(d->insn)) {
        unsigned prio = 0;
        switch (rs) {
        case 1: prio = 2; break;
        case 6: prio = 3; break;
        case 2: prio = 4; break;
        case 31: prio = d->pr ? 0 : 1; break;
        case 5: prio = d->pr ? 0 : 5; break;
        case 3: prio = d->pr ? 0 : 6; break;
        case 7: prio = (d->hv && !d->pr) ? 7 : 0; break;
        default: break;
        }
        if (prio) {
            power_call(d, &h_set_ppr_priority, power_const(d, prio), 0, 0);
        }
        if (F_RC(d->insn)) {
            power_gen_set_cr0(d, power_load_gpr(d, rs));
        }
        if (rs != 0) {
            power_gen_exit_after(d);
        }
        return TRUE;
    }
    return gen_logical(d, MODVM_OP_OR);
}

gboolean trans_xor(PowerDisas *d)
{
    return gen_logical(d, MODVM_OP_XOR);
}

gboolean trans_nand(PowerDisas *d)
{
    return gen_logical(d, MODVM_OP_NAND);
}

gboolean trans_nor(PowerDisas *d)
{
    return gen_logical(d, MODVM_OP_NOR);
}

gboolean trans_eqv(PowerDisas *d)
{
    return gen_logical(d, MODVM_OP_EQV);
}

gboolean trans_andc(PowerDisas *d)
{
    return gen_logical(d, MODVM_OP_ANDC);
}

gboolean trans_orc(PowerDisas *d)
{
    return gen_logical(d, MODVM_OP_ORC);
}

static gboolean gen_unary(PowerDisas *d, ModvmTcgOpc opc)
{
    ModvmTcgTemp res = power_temp(d);
    power_op1(d, opc, res, power_load_gpr(d, F_RS(d->insn)));
    return finish_ra(d, res, F_RC(d->insn));
}

gboolean trans_extsb(PowerDisas *d)
{
    return gen_unary(d, MODVM_OP_EXT8S);
}

gboolean trans_extsh(PowerDisas *d)
{
    return gen_unary(d, MODVM_OP_EXT16S);
}

gboolean trans_extsw(PowerDisas *d)
{
    return gen_unary(d, MODVM_OP_EXT32S);
}

gboolean trans_cntlzw(PowerDisas *d)
{
    return gen_unary(d, MODVM_OP_CLZ_32);
}

gboolean trans_cntlzd(PowerDisas *d)
{
    return gen_unary(d, MODVM_OP_CLZ);
}

gboolean trans_cnttzw(PowerDisas *d)
{
    return gen_unary(d, MODVM_OP_CTZ_32);
}

gboolean trans_cnttzd(PowerDisas *d)
{
    return gen_unary(d, MODVM_OP_CTZ);
}

gboolean trans_popcntd(PowerDisas *d)
{
    return gen_unary(d, MODVM_OP_CTPOP);
}

static guint64 helper_popcntb(guint64 x)
{
    guint64 r = 0;
    for (int i = 0; i < 64; i += 8) {
        r |= (guint64)__builtin_popcount((guint8)(x >> i)) << i;
    }
    return r;
}

static guint64 helper_popcntw(guint64 x)
{
    return (guint64)__builtin_popcount((guint32)(x >> 32)) << 32 |
           (guint64)__builtin_popcount((guint32)x);
}

/* prtyw/prtyd: the parity of the low bits of the bytes of each word / the doubleword. */
static guint64 helper_prtyw(guint64 x)
{
    x &= 0x0101010101010101ull;
    x ^= x >> 16;
    x ^= x >> 8;
    return x & 0x0000000100000001ull;
}

static guint64 helper_prtyd(guint64 x)
{
    return __builtin_parityll(x & 0x0101010101010101ull);
}

/* cmpb: each byte of RA is 0xff where the bytes of RS and RB are equal, else 0. */
static guint64 helper_cmpb(guint64 rs, guint64 rb)
{
    guint64 r = 0;
    for (int i = 0; i < 64; i += 8) {
        if ((guint8)(rs >> i) == (guint8)(rb >> i)) {
            r |= 0xffull << i;
        }
    }
    return r;
}

/*
 * bpermd: bit 56 + i of RA is the bit of RB that byte i of RS numbers (0 if
 * 64 or more); byte 0 is the most significant, so the least significant
 * byte gives RA's least significant bit.
 */
static guint64 helper_bpermd(guint64 rs, guint64 rb)
{
    guint64 r = 0;
    for (int i = 0; i < 8; i++) {
        guint index = (rs >> (i * 8)) & 0xff;
        if (index < 64 && (rb & (1ull << (63 - index)))) {
            r |= 1ull << i;
        }
    }
    return r;
}

static const ModvmTcgHelper h_popcntb = { "popcntb", (gpointer)helper_popcntb, 1, TRUE, 0, TRUE };
static const ModvmTcgHelper h_popcntw = { "popcntw", (gpointer)helper_popcntw, 1, TRUE, 0, TRUE };
static const ModvmTcgHelper h_prtyw = { "prtyw", (gpointer)helper_prtyw, 1, TRUE, 0, TRUE };
static const ModvmTcgHelper h_prtyd = { "prtyd", (gpointer)helper_prtyd, 1, TRUE, 0, TRUE };
static const ModvmTcgHelper h_cmpb = { "cmpb", (gpointer)helper_cmpb, 2, TRUE, 0, TRUE };
static const ModvmTcgHelper h_bpermd = { "bpermd", (gpointer)helper_bpermd, 2, TRUE, 0, TRUE };

static gboolean gen_unary_helper(PowerDisas *d, const ModvmTcgHelper *h)
{
    power_store_gpr(d, F_RA(d->insn),
                    power_call(d, h, power_load_gpr(d, F_RS(d->insn)), 0, 0));
    return TRUE;
}

gboolean trans_popcntb(PowerDisas *d)
{
    return gen_unary_helper(d, &h_popcntb);
}

gboolean trans_popcntw(PowerDisas *d)
{
    return gen_unary_helper(d, &h_popcntw);
}

gboolean trans_prtyw(PowerDisas *d)
{
    return gen_unary_helper(d, &h_prtyw);
}

gboolean trans_prtyd(PowerDisas *d)
{
    return gen_unary_helper(d, &h_prtyd);
}

gboolean trans_cmpb(PowerDisas *d)
{
    power_store_gpr(d, F_RA(d->insn),
                    power_call(d, &h_cmpb, power_load_gpr(d, F_RS(d->insn)),
                               power_load_gpr(d, F_RB(d->insn)), 0));
    return TRUE;
}

gboolean trans_bpermd(PowerDisas *d)
{
    power_store_gpr(d, F_RA(d->insn),
                    power_call(d, &h_bpermd, power_load_gpr(d, F_RS(d->insn)),
                               power_load_gpr(d, F_RB(d->insn)), 0));
    return TRUE;
}
