/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fixed-point arithmetic (Power ISA Book I 3.3.9): add, subtract, multiply, divide, modulo. */
#include "internal.h"

#include <sys/random.h>

static gboolean is_isa300(PowerDisas *d)
{
    return d->isa >= ISA300;
}

static void gen_extract(PowerDisas *d, ModvmTcgTemp dst, ModvmTcgTemp a, unsigned pos,
                        unsigned len)
{
    modvm_tcg_field(d->ctx, MODVM_OP_EXTRACT, dst, a, 0, pos, len);
}

/*
 * XER[OV] (and OV32 on ISA 3.0) from the sign bits of @x = overflow mask,
 * and XER[SO] |= OV. In 32-bit mode OV looks at bit 32 (Book I "XER").
 */
static void gen_set_ov(PowerDisas *d, ModvmTcgTemp x)
{
    ModvmTcgTemp ov = power_temp(d), so = power_load_field(d, CPU_OFF(regs.xer_so));

    gen_extract(d, ov, x, d->sf ? 63 : 31, 1);
    power_store_field(d, CPU_OFF(regs.xer_ov), ov);
    if (is_isa300(d)) {
        ModvmTcgTemp ov32 = power_temp(d);
        gen_extract(d, ov32, x, 31, 1);
        power_store_field(d, CPU_OFF(regs.xer_ov32), ov32);
    }
    power_op(d, MODVM_OP_OR, so, so, ov);
    power_store_field(d, CPU_OFF(regs.xer_so), so);
}

/* XER[OV], OV32 (ISA 3.0) and SO from a 0/1 flag computed for both widths at once. */
static void gen_set_ov_flag(PowerDisas *d, ModvmTcgTemp ov)
{
    ModvmTcgTemp so = power_load_field(d, CPU_OFF(regs.xer_so));

    power_store_field(d, CPU_OFF(regs.xer_ov), ov);
    if (is_isa300(d)) {
        power_store_field(d, CPU_OFF(regs.xer_ov32), ov);
    }
    power_op(d, MODVM_OP_OR, so, so, ov);
    power_store_field(d, CPU_OFF(regs.xer_so), so);
}

/*
 * a + b (+ cin): the adder every add and subtract-from form is made of
 * (subtract-from passes ~RA as @a). CA is the carry out of bit 0, or of
 * bit 32 in 32-bit mode; CA32 the carry out of bit 32 (ISA 3.0). Overflow:
 * the operands have the same sign and the result another.
 */
static ModvmTcgTemp gen_adder_to(PowerDisas *d, ModvmTcgTemp a, ModvmTcgTemp b,
                                 ModvmTcgTemp cin, gboolean has_cin, gboolean set_ca, gboolean oe,
                                 gsize ca_off, gsize ca32_off)
{
    ModvmTcgTemp res = power_temp(d);
    ModvmTcgTemp ca = power_temp(d);

    if (has_cin) {
        ModvmTcgTemp t = power_temp(d), c2 = power_temp(d);
        power_op(d, MODVM_OP_ADD, t, a, b);
        power_op(d, MODVM_OP_ADD, res, t, cin);
        if (set_ca) {
            modvm_tcg_setcond(d->ctx, MODVM_TCG_COND_LTU, ca, t, a);
            modvm_tcg_setcond(d->ctx, MODVM_TCG_COND_LTU, c2, res, t);
            power_op(d, MODVM_OP_OR, ca, ca, c2);
        }
    } else {
        power_op(d, MODVM_OP_ADD, res, a, b);
        if (set_ca) {
            modvm_tcg_setcond(d->ctx, MODVM_TCG_COND_LTU, ca, res, a);
        }
    }
    if (set_ca) {
        ModvmTcgTemp x = power_temp(d), ca32 = power_temp(d);
        power_op(d, MODVM_OP_XOR, x, a, b);
        power_op(d, MODVM_OP_XOR, x, x, res);
        gen_extract(d, ca32, x, 32, 1);
        power_store_field(d, ca_off, d->sf ? ca : ca32);
        if (is_isa300(d)) {
            power_store_field(d, ca32_off, ca32);
        }
    }
    if (oe) {
        ModvmTcgTemp x = power_temp(d), y = power_temp(d);
        power_op(d, MODVM_OP_XOR, x, res, b);
        power_op(d, MODVM_OP_XOR, y, a, b);
        power_op(d, MODVM_OP_ANDC, x, x, y);
        gen_set_ov(d, x);
    }
    return res;
}

static ModvmTcgTemp gen_adder(PowerDisas *d, ModvmTcgTemp a, ModvmTcgTemp b, ModvmTcgTemp cin,
                              gboolean has_cin, gboolean set_ca, gboolean oe)
{
    return gen_adder_to(d, a, b, cin, has_cin, set_ca, oe, CPU_OFF(regs.xer_ca),
                        CPU_OFF(regs.xer_ca32));
}

static ModvmTcgTemp load_ra0(PowerDisas *d)
{
    unsigned ra = F_RA(d->insn);
    return ra ? power_load_gpr(d, ra) : power_const(d, 0);
}

static ModvmTcgTemp load_not(PowerDisas *d, unsigned n)
{
    ModvmTcgTemp t = power_temp(d);
    power_op1(d, MODVM_OP_NOT, t, power_load_gpr(d, n));
    return t;
}

static ModvmTcgTemp load_ca(PowerDisas *d)
{
    return power_load_field(d, CPU_OFF(regs.xer_ca));
}

static gboolean finish_rt(PowerDisas *d, ModvmTcgTemp res, gboolean rc)
{
    power_store_gpr(d, F_RT(d->insn), res);
    if (rc) {
        power_gen_set_cr0(d, res);
    }
    return TRUE;
}

/* XO-form: RT <- a + b (+ cin), with OE and Rc from the instruction. */
static gboolean gen_xo_add(PowerDisas *d, ModvmTcgTemp a, ModvmTcgTemp b, ModvmTcgTemp cin,
                           gboolean has_cin, gboolean set_ca)
{
    ModvmTcgTemp res = gen_adder(d, a, b, cin, has_cin, set_ca, F_OE(d->insn));
    return finish_rt(d, res, F_RC(d->insn));
}

gboolean trans_addi(PowerDisas *d)
{
    ModvmTcgTemp res = power_temp(d);
    power_opi(d, MODVM_OP_ADD, res, load_ra0(d), F_SIMM(d->insn));
    power_store_gpr(d, F_RT(d->insn), res);
    return TRUE;
}

gboolean trans_addis(PowerDisas *d)
{
    ModvmTcgTemp res = power_temp(d);
    power_opi(d, MODVM_OP_ADD, res, load_ra0(d), (guint64)F_SIMM(d->insn) << 16);
    power_store_gpr(d, F_RT(d->insn), res);
    return TRUE;
}

/* addpcis (ISA 3.0): RT <- NIA + EXTS(d0 || d1 || d2) << 16. */
gboolean trans_addpcis(PowerDisas *d)
{
    guint32 i = d->insn;
    guint32 dx = ((i >> 6) & 0x3ff) << 6 | ((i >> 16) & 0x1f) << 1 | (i & 1);
    guint64 nia = d->pc + 4;

    if (!d->sf) {
        nia = (guint32)nia;
    }
    power_store_imm(d, GPR_OFF(F_RT(i)), nia + ((guint64)(gint64)(gint16)dx << 16));
    return TRUE;
}

gboolean trans_addic(PowerDisas *d)
{
    ModvmTcgTemp res = gen_adder(d, power_load_gpr(d, F_RA(d->insn)),
                                 power_const(d, F_SIMM(d->insn)), 0, FALSE, TRUE, FALSE);
    return finish_rt(d, res, FALSE);
}

gboolean trans_addic_rc(PowerDisas *d)
{
    ModvmTcgTemp res = gen_adder(d, power_load_gpr(d, F_RA(d->insn)),
                                 power_const(d, F_SIMM(d->insn)), 0, FALSE, TRUE, FALSE);
    return finish_rt(d, res, TRUE);
}

gboolean trans_subfic(PowerDisas *d)
{
    ModvmTcgTemp res = gen_adder(d, load_not(d, F_RA(d->insn)), power_const(d, F_SIMM(d->insn)),
                                 power_const(d, 1), TRUE, TRUE, FALSE);
    return finish_rt(d, res, FALSE);
}

gboolean trans_mulli(PowerDisas *d)
{
    ModvmTcgTemp res = power_temp(d);
    power_opi(d, MODVM_OP_MUL, res, power_load_gpr(d, F_RA(d->insn)), F_SIMM(d->insn));
    return finish_rt(d, res, FALSE);
}

gboolean trans_add(PowerDisas *d)
{
    return gen_xo_add(d, power_load_gpr(d, F_RA(d->insn)), power_load_gpr(d, F_RB(d->insn)), 0,
                      FALSE, FALSE);
}

gboolean trans_addc(PowerDisas *d)
{
    return gen_xo_add(d, power_load_gpr(d, F_RA(d->insn)), power_load_gpr(d, F_RB(d->insn)), 0,
                      FALSE, TRUE);
}

gboolean trans_adde(PowerDisas *d)
{
    return gen_xo_add(d, power_load_gpr(d, F_RA(d->insn)), power_load_gpr(d, F_RB(d->insn)),
                      load_ca(d), TRUE, TRUE);
}

/* addex (ISA 3.0, CY=0): adde with OV and OV32 as the carry in and out; SO is untouched. */
gboolean trans_addex(PowerDisas *d)
{
    ModvmTcgTemp res = gen_adder_to(d, power_load_gpr(d, F_RA(d->insn)),
                                    power_load_gpr(d, F_RB(d->insn)),
                                    power_load_field(d, CPU_OFF(regs.xer_ov)), TRUE, TRUE, FALSE,
                                    CPU_OFF(regs.xer_ov), CPU_OFF(regs.xer_ov32));
    power_store_gpr(d, F_RT(d->insn), res);
    return TRUE;
}

gboolean trans_addme(PowerDisas *d)
{
    return gen_xo_add(d, power_load_gpr(d, F_RA(d->insn)), power_const(d, ~0ull), load_ca(d),
                      TRUE, TRUE);
}

gboolean trans_addze(PowerDisas *d)
{
    return gen_xo_add(d, power_load_gpr(d, F_RA(d->insn)), power_const(d, 0), load_ca(d), TRUE,
                      TRUE);
}

gboolean trans_subf(PowerDisas *d)
{
    return gen_xo_add(d, load_not(d, F_RA(d->insn)), power_load_gpr(d, F_RB(d->insn)),
                      power_const(d, 1), TRUE, FALSE);
}

gboolean trans_subfc(PowerDisas *d)
{
    return gen_xo_add(d, load_not(d, F_RA(d->insn)), power_load_gpr(d, F_RB(d->insn)),
                      power_const(d, 1), TRUE, TRUE);
}

gboolean trans_subfe(PowerDisas *d)
{
    return gen_xo_add(d, load_not(d, F_RA(d->insn)), power_load_gpr(d, F_RB(d->insn)),
                      load_ca(d), TRUE, TRUE);
}

gboolean trans_subfme(PowerDisas *d)
{
    return gen_xo_add(d, load_not(d, F_RA(d->insn)), power_const(d, ~0ull), load_ca(d), TRUE,
                      TRUE);
}

gboolean trans_subfze(PowerDisas *d)
{
    return gen_xo_add(d, load_not(d, F_RA(d->insn)), power_const(d, 0), load_ca(d), TRUE, TRUE);
}

/* neg: ~RA + 1; overflows only for the most negative number. CA is untouched. */
gboolean trans_neg(PowerDisas *d)
{
    return gen_xo_add(d, load_not(d, F_RA(d->insn)), power_const(d, 0), power_const(d, 1), TRUE,
                      FALSE);
}

/* mullw: the full 64-bit product of the sign-extended low words (QEMU's result too). */
gboolean trans_mullw(PowerDisas *d)
{
    ModvmTcgTemp a = power_temp(d), b = power_temp(d), res = power_temp(d);

    power_op1(d, MODVM_OP_EXT32S, a, power_load_gpr(d, F_RA(d->insn)));
    power_op1(d, MODVM_OP_EXT32S, b, power_load_gpr(d, F_RB(d->insn)));
    power_op(d, MODVM_OP_MUL, res, a, b);
    if (F_OE(d->insn)) {
        ModvmTcgTemp s = power_temp(d), ov = power_temp(d);
        power_op1(d, MODVM_OP_EXT32S, s, res);
        modvm_tcg_setcond(d->ctx, MODVM_TCG_COND_NE, ov, s, res);
        gen_set_ov_flag(d, ov);
    }
    return finish_rt(d, res, F_RC(d->insn));
}

gboolean trans_mulld(PowerDisas *d)
{
    ModvmTcgTemp a = power_load_gpr(d, F_RA(d->insn)), b = power_load_gpr(d, F_RB(d->insn));
    ModvmTcgTemp res = power_temp(d);

    power_op(d, MODVM_OP_MUL, res, a, b);
    if (F_OE(d->insn)) {
        ModvmTcgTemp hi = power_temp(d), sign = power_temp(d), ov = power_temp(d);
        power_op(d, MODVM_OP_MULSH, hi, a, b);
        power_opi(d, MODVM_OP_SAR, sign, res, 63);
        modvm_tcg_setcond(d->ctx, MODVM_TCG_COND_NE, ov, hi, sign);
        gen_set_ov_flag(d, ov);
    }
    return finish_rt(d, res, F_RC(d->insn));
}

/* mulhw/mulhwu: the high word of the 64-bit product, zero-extended as QEMU does. */
gboolean trans_mulhw(PowerDisas *d)
{
    ModvmTcgTemp a = power_temp(d), b = power_temp(d), res = power_temp(d);

    power_op1(d, MODVM_OP_EXT32S, a, power_load_gpr(d, F_RA(d->insn)));
    power_op1(d, MODVM_OP_EXT32S, b, power_load_gpr(d, F_RB(d->insn)));
    power_op(d, MODVM_OP_MUL, res, a, b);
    power_opi(d, MODVM_OP_SHR, res, res, 32);
    return finish_rt(d, res, F_RC(d->insn));
}

gboolean trans_mulhwu(PowerDisas *d)
{
    ModvmTcgTemp a = power_temp(d), b = power_temp(d), res = power_temp(d);

    power_op1(d, MODVM_OP_EXT32U, a, power_load_gpr(d, F_RA(d->insn)));
    power_op1(d, MODVM_OP_EXT32U, b, power_load_gpr(d, F_RB(d->insn)));
    power_op(d, MODVM_OP_MUL, res, a, b);
    power_opi(d, MODVM_OP_SHR, res, res, 32);
    return finish_rt(d, res, F_RC(d->insn));
}

gboolean trans_mulhd(PowerDisas *d)
{
    ModvmTcgTemp res = power_temp(d);
    power_op(d, MODVM_OP_MULSH, res, power_load_gpr(d, F_RA(d->insn)),
             power_load_gpr(d, F_RB(d->insn)));
    return finish_rt(d, res, F_RC(d->insn));
}

gboolean trans_mulhdu(PowerDisas *d)
{
    ModvmTcgTemp res = power_temp(d);
    power_op(d, MODVM_OP_MULUH, res, power_load_gpr(d, F_RA(d->insn)),
             power_load_gpr(d, F_RB(d->insn)));
    return finish_rt(d, res, F_RC(d->insn));
}

/*
 * Division by zero and the most negative number by -1 are undefined
 * (Book I 3.3.9.1). modvm gives QEMU's answer: it divides by 1 instead,
 * so RT is the dividend (target/ppc/translate.c gen_op_arith_divw/divd);
 * divw and divwu return the 32-bit quotient zero-extended.
 */
static gboolean gen_div(PowerDisas *d, gboolean is_signed, gboolean is_word)
{
    ModvmTcgTemp a = power_load_gpr(d, F_RA(d->insn)), b = power_load_gpr(d, F_RB(d->insn));
    ModvmTcgTemp bad = power_temp(d), t = power_temp(d), div = power_temp(d);
    ModvmTcgTemp res = power_temp(d);
    ModvmTcgTemp zero = power_const(d, 0);

    if (is_word) {
        ModvmTcgTemp a32 = power_temp(d), b32 = power_temp(d);
        power_op1(d, is_signed ? MODVM_OP_EXT32S : MODVM_OP_EXT32U, a32, a);
        power_op1(d, is_signed ? MODVM_OP_EXT32S : MODVM_OP_EXT32U, b32, b);
        a = a32;
        b = b32;
    }
    modvm_tcg_setcond(d->ctx, MODVM_TCG_COND_EQ, bad, b, zero);
    if (is_signed) {
        ModvmTcgTemp m = power_temp(d);
        modvm_tcg_setcond(d->ctx, MODVM_TCG_COND_EQ, t, a,
                          power_const(d, is_word ? (guint64)(gint64)G_MININT32 :
                                                   (guint64)G_MININT64));
        modvm_tcg_setcond(d->ctx, MODVM_TCG_COND_EQ, m, b, power_const(d, ~0ull));
        power_op(d, MODVM_OP_AND, t, t, m);
        power_op(d, MODVM_OP_OR, bad, bad, t);
    }
    modvm_tcg_movcond(d->ctx, MODVM_TCG_COND_NE, div, bad, zero, power_const(d, 1), b);
    if (is_word) {
        power_op(d, is_signed ? MODVM_OP_DIVS_32 : MODVM_OP_DIVU_32, res, a, div);
    } else {
        power_op(d, is_signed ? MODVM_OP_DIVS : MODVM_OP_DIVU, res, a, div);
    }
    if (F_OE(d->insn)) {
        gen_set_ov_flag(d, bad);
    }
    return finish_rt(d, res, F_RC(d->insn));
}

gboolean trans_divw(PowerDisas *d)
{
    return gen_div(d, TRUE, TRUE);
}

gboolean trans_divwu(PowerDisas *d)
{
    return gen_div(d, FALSE, TRUE);
}

gboolean trans_divd(PowerDisas *d)
{
    return gen_div(d, TRUE, FALSE);
}

gboolean trans_divdu(PowerDisas *d)
{
    return gen_div(d, FALSE, FALSE);
}

/*
 * The extended divides. An undefined quotient is 0 as in QEMU
 * (target/ppc/int_helper.c helper_divweu etc.), and OV, OV32 and SO are
 * set for OE=1 whatever the ISA level, as there.
 */
static void power_update_ov(PowerCpu *cpu, gboolean ov)
{
    cpu->regs.xer_ov = cpu->regs.xer_ov32 = ov;
    cpu->regs.xer_so |= ov;
}

static guint64 helper_divweu(PowerCpu *cpu, guint64 ra, guint64 rb, guint64 oe)
{
    guint64 dividend = ra << 32, divisor = (guint32)rb, rt = 0;
    gboolean ov = divisor == 0;

    if (!ov) {
        rt = dividend / divisor;
        ov = rt > G_MAXUINT32;
    }
    if (oe) {
        power_update_ov(cpu, ov);
    }
    return ov ? 0 : rt;
}

static guint64 helper_divwe(PowerCpu *cpu, guint64 ra, guint64 rb, guint64 oe)
{
    gint64 dividend = (gint64)(ra << 32), divisor = (gint32)rb, rt = 0;
    gboolean ov = divisor == 0 || (divisor == -1 && dividend == G_MININT64);

    if (!ov) {
        rt = dividend / divisor;
        ov = rt != (gint32)rt;
    }
    if (oe) {
        power_update_ov(cpu, ov);
    }
    return ov ? 0 : (guint64)(gint64)(gint32)rt;
}

static guint64 helper_divdeu(PowerCpu *cpu, guint64 ra, guint64 rb, guint64 oe)
{
    gboolean ov = rb == 0 || ra >= rb;
    guint64 rt = ov ? 0 : (guint64)(((unsigned __int128)ra << 64) / rb);

    if (oe) {
        power_update_ov(cpu, ov);
    }
    return rt;
}

static guint64 helper_divde(PowerCpu *cpu, guint64 ra, guint64 rb, guint64 oe)
{
    __int128 dividend = (__int128)((unsigned __int128)ra << 64);
    gint64 divisor = (gint64)rb;
    __int128 q = 0;
    /* by -1 the quotient is -RA * 2^64, which fits only for RA = 0 (and would overflow C) */
    gboolean ov = divisor == 0 || (divisor == -1 && ra != 0);

    if (!ov) {
        q = dividend / divisor;
        ov = q != (gint64)q;
    }
    if (oe) {
        power_update_ov(cpu, ov);
    }
    return ov ? 0 : (guint64)(gint64)q;
}

static const ModvmTcgHelper h_divweu = { "divweu", (gpointer)helper_divweu, 4, TRUE, 1, FALSE };
static const ModvmTcgHelper h_divwe = { "divwe", (gpointer)helper_divwe, 4, TRUE, 1, FALSE };
static const ModvmTcgHelper h_divdeu = { "divdeu", (gpointer)helper_divdeu, 4, TRUE, 1, FALSE };
static const ModvmTcgHelper h_divde = { "divde", (gpointer)helper_divde, 4, TRUE, 1, FALSE };

static gboolean gen_div_helper(PowerDisas *d, const ModvmTcgHelper *h)
{
    ModvmTcgTemp res = power_call(d, h, power_load_gpr(d, F_RA(d->insn)),
                                  power_load_gpr(d, F_RB(d->insn)),
                                  power_const(d, F_OE(d->insn)));
    return finish_rt(d, res, F_RC(d->insn));
}

gboolean trans_divweu(PowerDisas *d)
{
    return gen_div_helper(d, &h_divweu);
}

gboolean trans_divwe(PowerDisas *d)
{
    return gen_div_helper(d, &h_divwe);
}

gboolean trans_divdeu(PowerDisas *d)
{
    return gen_div_helper(d, &h_divdeu);
}

gboolean trans_divde(PowerDisas *d)
{
    return gen_div_helper(d, &h_divde);
}

/*
 * Modulo (ISA 3.0). The undefined cases give 0, QEMU's answer (it takes
 * the remainder of a division by 1), which is what the IR's REM ops give.
 * The word forms are sign- or zero-extended like QEMU's.
 */
static gboolean gen_mod(PowerDisas *d, ModvmTcgOpc opc, ModvmTcgOpc ext)
{
    ModvmTcgTemp res = power_temp(d);

    power_op(d, opc, res, power_load_gpr(d, F_RA(d->insn)), power_load_gpr(d, F_RB(d->insn)));
    if (ext != MODVM_OP_MOV) {
        power_op1(d, ext, res, res);
    }
    power_store_gpr(d, F_RT(d->insn), res);
    return TRUE;
}

gboolean trans_modsw(PowerDisas *d)
{
    return gen_mod(d, MODVM_OP_REMS_32, MODVM_OP_EXT32S);
}

gboolean trans_moduw(PowerDisas *d)
{
    return gen_mod(d, MODVM_OP_REMU_32, MODVM_OP_MOV);
}

gboolean trans_modsd(PowerDisas *d)
{
    return gen_mod(d, MODVM_OP_REMS, MODVM_OP_MOV);
}

gboolean trans_modud(PowerDisas *d)
{
    return gen_mod(d, MODVM_OP_REMU, MODVM_OP_MOV);
}

/* Multiply-add (ISA 3.0, VA-form): RT <- (RA * RB + RC), 128-bit; high or low doubleword. */
static guint64 helper_maddhd(guint64 a, guint64 b, guint64 c)
{
    __int128 p = (__int128)(gint64)a * (gint64)b + (gint64)c;
    return (guint64)(p >> 64);
}

static guint64 helper_maddhdu(guint64 a, guint64 b, guint64 c)
{
    unsigned __int128 p = (unsigned __int128)a * b + c;
    return (guint64)(p >> 64);
}

static const ModvmTcgHelper h_maddhd = { "maddhd", (gpointer)helper_maddhd, 3, TRUE, 0, TRUE };
static const ModvmTcgHelper h_maddhdu = { "maddhdu", (gpointer)helper_maddhdu, 3, TRUE, 0, TRUE };

static ModvmTcgTemp load_rc_va(PowerDisas *d)
{
    return power_load_gpr(d, (d->insn >> 6) & 31);
}

gboolean trans_maddhd(PowerDisas *d)
{
    power_store_gpr(d, F_RT(d->insn),
                    power_call(d, &h_maddhd, power_load_gpr(d, F_RA(d->insn)),
                               power_load_gpr(d, F_RB(d->insn)), load_rc_va(d)));
    return TRUE;
}

gboolean trans_maddhdu(PowerDisas *d)
{
    power_store_gpr(d, F_RT(d->insn),
                    power_call(d, &h_maddhdu, power_load_gpr(d, F_RA(d->insn)),
                               power_load_gpr(d, F_RB(d->insn)), load_rc_va(d)));
    return TRUE;
}

gboolean trans_maddld(PowerDisas *d)
{
    ModvmTcgTemp res = power_temp(d);

    power_op(d, MODVM_OP_MUL, res, power_load_gpr(d, F_RA(d->insn)),
             power_load_gpr(d, F_RB(d->insn)));
    power_op(d, MODVM_OP_ADD, res, res, load_rc_va(d));
    power_store_gpr(d, F_RT(d->insn), res);
    return TRUE;
}

/*
 * darn (ISA 3.0): L=0 a 32-bit conditioned number, L=1 and L=2 64 bits;
 * all ones means "no number now" and is what L=3 (reserved) and a failing
 * host source give, as in QEMU.
 */
static guint64 helper_darn(PowerCpu *cpu, guint64 l)
{
    guint64 v;

    if (l > 2 || getrandom(&v, sizeof(v), GRND_NONBLOCK) != sizeof(v)) {
        return ~0ull;
    }
    if (l == 0) {
        v = (guint32)v;
        return v == G_MAXUINT32 ? 0 : v;
    }
    return v == ~0ull ? 0 : v;
}

static const ModvmTcgHelper h_darn = { "darn", (gpointer)helper_darn, 2, TRUE, 1, FALSE };

gboolean trans_darn(PowerDisas *d)
{
    power_store_gpr(d, F_RT(d->insn),
                    power_call(d, &h_darn, power_const(d, (d->insn >> 16) & 3), 0, 0));
    return TRUE;
}
