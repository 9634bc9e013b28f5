/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VSX logical, permute and move instructions (Power ISA Book I chapter 7). */
#include "vec.h"

/* VSR t <- VSR a op VSR b for a logical IR op, a doubleword at a time (vand, xxland, ...). */
gboolean vec_gen_logic(PowerDisas *d, ModvmTcgOpc opc, unsigned t, unsigned a, unsigned b)
{
    ModvmTcgTemp r[2];

    for (int i = 0; i < 2; i++) {
        r[i] = power_temp(d);
        power_op(d, opc, r[i], power_load_field(d, VSR_OFF(a, i)),
                 power_load_field(d, VSR_OFF(b, i)));
    }
    for (int i = 0; i < 2; i++) {
        power_store_field(d, VSR_OFF(t, i), r[i]);
    }
    return TRUE;
}

static gboolean gen_xxlogic(PowerDisas *d, ModvmTcgOpc opc)
{
    return vec_gen_logic(d, opc, F_XT(d->insn), F_XA(d->insn), F_XB(d->insn));
}

TRANS(xxland) { return gen_xxlogic(d, MODVM_OP_AND); }
TRANS(xxlandc) { return gen_xxlogic(d, MODVM_OP_ANDC); }
TRANS(xxlor) { return gen_xxlogic(d, MODVM_OP_OR); }
TRANS(xxlxor) { return gen_xxlogic(d, MODVM_OP_XOR); }
TRANS(xxlnor) { return gen_xxlogic(d, MODVM_OP_NOR); }
TRANS(xxlorc) { return gen_xxlogic(d, MODVM_OP_ORC); }
TRANS(xxlnand) { return gen_xxlogic(d, MODVM_OP_NAND); }
TRANS(xxleqv) { return gen_xxlogic(d, MODVM_OP_EQV); }

typedef enum {
    XO_XXSEL, XO_XXPERMDI, XO_XXSLDWI, XO_XXMRGHW, XO_XXMRGLW, XO_XXSPLTW, XO_XXSPLTIB,
    XO_XXPERM, XO_XXPERMR, XO_XXBR, XO_XXEXTRACTUW, XO_XXINSERTW,
} VsxOp;

static void helper_xxop(PowerCpu *cpu, guint64 insn, guint64 op)
{
    const PowerVsr a = *vec_vsr(cpu, F_XA(insn)), b = *vec_vsr(cpu, F_XB(insn));
    const PowerVsr c = *vec_vsr(cpu, F_XC(insn));
    PowerVsr *t = vec_vsr(cpu, F_XT(insn));
    PowerVsr r = { .dw = { 0, 0 } };
    unsigned sel = (insn >> 8) & 3, uim = (insn >> 16) & 15;

    switch ((VsxOp)op) {
    case XO_XXSEL:
        r.dw[0] = (a.dw[0] & ~c.dw[0]) | (b.dw[0] & c.dw[0]);
        r.dw[1] = (a.dw[1] & ~c.dw[1]) | (b.dw[1] & c.dw[1]);
        break;
    case XO_XXPERMDI:
        r.dw[0] = a.dw[sel >> 1];
        r.dw[1] = b.dw[sel & 1];
        break;
    case XO_XXSLDWI:
        for (unsigned i = 0; i < 4; i++) {
            unsigned w = i + sel;
            vec_set(&r, 4, i, vec_get(w < 4 ? &a : &b, 4, w & 3));
        }
        break;
    case XO_XXMRGHW:
    case XO_XXMRGLW: {
        unsigned o = op == XO_XXMRGLW ? 2 : 0;
        for (unsigned i = 0; i < 2; i++) {
            vec_set(&r, 4, 2 * i, vec_get(&a, 4, i + o));
            vec_set(&r, 4, 2 * i + 1, vec_get(&b, 4, i + o));
        }
        break;
    }
    case XO_XXSPLTW:
        for (unsigned i = 0; i < 4; i++) {
            vec_set(&r, 4, i, vec_get(&b, 4, uim & 3));
        }
        break;
    case XO_XXSPLTIB:
        r.dw[0] = r.dw[1] = 0x0101010101010101ull * ((insn >> 11) & 0xff);
        break;
    case XO_XXPERM:
    case XO_XXPERMR: {
        const PowerVsr old = *t;
        for (unsigned i = 0; i < 16; i++) {
            unsigned idx = vec_byte(&b, i) & 31;
            if (op == XO_XXPERMR) {
                idx = 31 - idx;
            }
            vec_set(&r, 1, i, vec_byte(idx < 16 ? &a : &old, idx & 15));
        }
        break;
    }
    case XO_XXBR: {
        /* XX2-form, the RA field picks the element size: 7 h, 15 w, 23 d, 31 q. */
        unsigned size;
        switch (F_RA(insn)) {
        case 7: size = 2; break;
        case 15: size = 4; break;
        case 23: size = 8; break;
        case 31: size = 16; break;
        default: power_raise_illegal(cpu);
        }
        for (unsigned i = 0; i < 16; i++) {
            unsigned base = i / size * size;
            vec_set(&r, 1, i, vec_byte(&b, base + size - 1 - (i - base)));
        }
        break;
    }
    case XO_XXEXTRACTUW:
        for (unsigned i = 0; i < 4; i++) {
            r.dw[0] = (r.dw[0] << 8) | (uim + i < 16 ? vec_byte(&b, uim + i) : 0);
        }
        break;
    case XO_XXINSERTW:
        r = *t;
        for (unsigned i = 0; i < 4 && uim + i < 16; i++) {
            vec_set(&r, 1, uim + i, vec_byte(&b, 4 + i));
        }
        break;
    }
    *t = r;
}

static const ModvmTcgHelper h_xxop = { "xxop", (gpointer)helper_xxop, 3, FALSE, 1, FALSE };

static gboolean gen_xxop(PowerDisas *d, VsxOp op)
{
    power_call(d, &h_xxop, power_const(d, d->insn), power_const(d, op), 0);
    return TRUE;
}

TRANS(xxsel) { return gen_xxop(d, XO_XXSEL); }
TRANS(xxsldwi) { return gen_xxop(d, XO_XXSLDWI); }
TRANS(xxmrghw) { return gen_xxop(d, XO_XXMRGHW); }
TRANS(xxmrglw) { return gen_xxop(d, XO_XXMRGLW); }
TRANS(xxspltw) { return gen_xxop(d, XO_XXSPLTW); }

/*
 * lxvkq (Book I 7.6, ISA 3.1) shares xxspltib's opcode, with 31 in bits 11:15
 * (xxspltib has 0 in bits 11:12): VSR[XT] <- the quad-precision constant UIM names;
 * the other UIM values are reserved (illegal, as QEMU 7.2 has them).
 */
static gboolean gen_lxvkq(PowerDisas *d)
{
    /* the high doubleword of each constant; the low one is 0 */
    static const guint64 k[32] = {
        [1] = 0x3fff000000000000ull,    /* +1.0 */
        [2] = 0x4000000000000000ull,    /* +2.0 */
        [3] = 0x4000800000000000ull,    /* +3.0 */
        [4] = 0x4001000000000000ull,    /* +4.0 */
        [5] = 0x4001400000000000ull,    /* +5.0 */
        [6] = 0x4001800000000000ull,    /* +6.0 */
        [7] = 0x4001c00000000000ull,    /* +7.0 */
        [8] = 0x7fff000000000000ull,    /* +infinity */
        [9] = 0x7fff800000000000ull,    /* default quiet NaN */
        [16] = 0x8000000000000000ull,   /* -0.0 */
        [17] = 0xbfff000000000000ull,   /* -1.0 */
        [18] = 0xc000000000000000ull,   /* -2.0 */
        [19] = 0xc000800000000000ull,   /* -3.0 */
        [20] = 0xc001000000000000ull,   /* -4.0 */
        [21] = 0xc001400000000000ull,   /* -5.0 */
        [22] = 0xc001800000000000ull,   /* -6.0 */
        [23] = 0xc001c00000000000ull,   /* -7.0 */
        [24] = 0xffff000000000000ull,   /* -infinity */
    };
    guint64 v = k[F_RB(d->insn)];

    if (d->isa < ISA310 || !v) {
        return FALSE;
    }
    power_store_imm(d, VSR_OFF(F_XT(d->insn), 0), v);
    power_store_imm(d, VSR_OFF(F_XT(d->insn), 1), 0);
    return TRUE;
}

TRANS(xxspltib)
{
    switch ((d->insn >> 19) & 3) {
    case 0:
        return gen_xxop(d, XO_XXSPLTIB);
    case 3:
        return F_RA(d->insn) == 31 && gen_lxvkq(d);
    default:
        return FALSE;
    }
}
TRANS(xxperm) { return gen_xxop(d, XO_XXPERM); }
TRANS(xxpermr) { return gen_xxop(d, XO_XXPERMR); }
TRANS(xxbr)
{
    switch (F_RA(d->insn)) {
    case 7: case 15: case 23: case 31:
        return gen_xxop(d, XO_XXBR);
    default:
        return vsx_vec_trans_475(d);        /* xvxexpdp, xvcvhpsp... share the opcode */
    }
}
TRANS(xxextractuw) { return gen_xxop(d, XO_XXEXTRACTUW); }
TRANS(xxinsertw) { return gen_xxop(d, XO_XXINSERTW); }

/* xxpermdi (and its xxswapd, xxmrghd, xxspltd aliases) is in every LE memcpy: IR. */
TRANS(xxpermdi)
{
    unsigned t = F_XT(d->insn), a = F_XA(d->insn), b = F_XB(d->insn);
    unsigned dm = (d->insn >> 8) & 3;
    ModvmTcgTemp hi = power_load_field(d, VSR_OFF(a, dm >> 1));
    ModvmTcgTemp lo = power_load_field(d, VSR_OFF(b, dm & 1));

    power_store_field(d, VSR_OFF(t, 0), hi);
    power_store_field(d, VSR_OFF(t, 1), lo);
    return TRUE;
}

/*
 * Moves between GPRs and VSRs (Book I 7.6.1.x, X-form with TX/SX in bit 31).
 * The facility follows the register: VSRs 32-63 are VRs and need only
 * MSR[VEC] (Linux's crc32c-vpmsum runs mtvrd/mfvrd with VSX off); VSRs
 * 0-31 need MSR[FP] for the ISA 2.07 moves and MSR[VSX] for the ISA 3.0
 * ones, as in QEMU.
 */
static gboolean move_allowed(PowerDisas *d, gboolean isa300)
{
    if (F_XT(d->insn) >= 32) {
        if (!(d->msr & MSR_BIT(MSR_VEC))) {
            power_gen_exception(d, POWER_EXCP_VPU, 0);
            return FALSE;
        }
    } else if (isa300 && !(d->msr & MSR_BIT(MSR_VSX))) {
        power_gen_exception(d, POWER_EXCP_VSXU, 0);
        return FALSE;
    } else if (!isa300 && !(d->msr & MSR_BIT(MSR_FP))) {
        power_gen_exception(d, POWER_EXCP_FPU, 0);
        return FALSE;
    }
    return TRUE;
}

TRANS(mfvsrd)
{
    if (!move_allowed(d, FALSE)) {
        return TRUE;
    }
    power_store_gpr(d, F_RA(d->insn), power_load_field(d, VSR_OFF(F_XT(d->insn), 0)));
    return TRUE;
}

TRANS(mfvsrwz)
{
    ModvmTcgTemp t = power_temp(d);

    if (!move_allowed(d, FALSE)) {
        return TRUE;
    }
    power_op1(d, MODVM_OP_EXT32U, t, power_load_field(d, VSR_OFF(F_XT(d->insn), 0)));
    power_store_gpr(d, F_RA(d->insn), t);
    return TRUE;
}

TRANS(mfvsrld)
{
    if (!move_allowed(d, TRUE)) {
        return TRUE;
    }
    power_store_gpr(d, F_RA(d->insn), power_load_field(d, VSR_OFF(F_XT(d->insn), 1)));
    return TRUE;
}

/* mtvsrd and friends leave doubleword 1 undefined: it keeps its value, as in QEMU. */
static gboolean gen_mtvsr(PowerDisas *d, ModvmTcgOpc ext)
{
    ModvmTcgTemp t;

    if (!move_allowed(d, FALSE)) {
        return TRUE;
    }
    t = power_load_gpr(d, F_RA(d->insn));

    if (ext != MODVM_OP_MOV) {
        ModvmTcgTemp e = power_temp(d);
        power_op1(d, ext, e, t);
        t = e;
    }
    power_store_field(d, VSR_OFF(F_XT(d->insn), 0), t);
    return TRUE;
}

TRANS(mtvsrd) { return gen_mtvsr(d, MODVM_OP_MOV); }
TRANS(mtvsrwa) { return gen_mtvsr(d, MODVM_OP_EXT32S); }
TRANS(mtvsrwz) { return gen_mtvsr(d, MODVM_OP_EXT32U); }

TRANS(mtvsrdd)
{
    unsigned ra = F_RA(d->insn);

    if (!move_allowed(d, TRUE)) {
        return TRUE;
    }
    power_store_field(d, VSR_OFF(F_XT(d->insn), 0), ra ? power_load_gpr(d, ra) : power_const(d, 0));
    power_store_field(d, VSR_OFF(F_XT(d->insn), 1), power_load_gpr(d, F_RB(d->insn)));
    return TRUE;
}

TRANS(mtvsrws)
{
    ModvmTcgTemp w = power_temp(d), t = power_temp(d);

    if (!move_allowed(d, TRUE)) {
        return TRUE;
    }
    power_op1(d, MODVM_OP_EXT32U, w, power_load_gpr(d, F_RA(d->insn)));
    power_opi(d, MODVM_OP_SHL, t, w, 32);
    power_op(d, MODVM_OP_OR, t, t, w);
    power_store_field(d, VSR_OFF(F_XT(d->insn), 0), t);
    power_store_field(d, VSR_OFF(F_XT(d->insn), 1), t);
    return TRUE;
}

/*
 * Sign manipulation (Book I 7.6.1.x: xsabsdp, xvnegdp, xvcpsgnsp...):
 * bit operations with no FPSCR effect, done in IR. The scalar forms zero
 * doubleword 1, as QEMU does.
 */
typedef enum { SGN_ABS, SGN_NABS, SGN_NEG, SGN_CPSGN } VsxSignOp;

static gboolean gen_xsign(PowerDisas *d, VsxSignOp op, guint64 sign, gboolean scalar)
{
    unsigned t = F_XT(d->insn), a = F_XA(d->insn), b = F_XB(d->insn);
    ModvmTcgTemp r[2];

    for (int i = 0; i < (scalar ? 1 : 2); i++) {
        ModvmTcgTemp x = power_load_field(d, VSR_OFF(b, i));
        r[i] = power_temp(d);
        switch (op) {
        case SGN_ABS:
            power_opi(d, MODVM_OP_AND, r[i], x, ~sign);
            break;
        case SGN_NABS:
            power_opi(d, MODVM_OP_OR, r[i], x, sign);
            break;
        case SGN_NEG:
            power_opi(d, MODVM_OP_XOR, r[i], x, sign);
            break;
        case SGN_CPSGN: {
            ModvmTcgTemp s = power_temp(d);
            power_opi(d, MODVM_OP_AND, s, power_load_field(d, VSR_OFF(a, i)), sign);
            power_opi(d, MODVM_OP_AND, r[i], x, ~sign);
            power_op(d, MODVM_OP_OR, r[i], r[i], s);
            break;
        }
        }
    }
    power_store_field(d, VSR_OFF(t, 0), r[0]);
    if (scalar) {
        power_store_imm(d, VSR_OFF(t, 1), 0);
    } else {
        power_store_field(d, VSR_OFF(t, 1), r[1]);
    }
    return TRUE;
}

#define SIGN_DP 0x8000000000000000ull
#define SIGN_SP 0x8000000080000000ull

TRANS(xsabsdp) { return gen_xsign(d, SGN_ABS, SIGN_DP, TRUE); }
TRANS(xsnabsdp) { return gen_xsign(d, SGN_NABS, SIGN_DP, TRUE); }
TRANS(xsnegdp) { return gen_xsign(d, SGN_NEG, SIGN_DP, TRUE); }
TRANS(xscpsgndp) { return gen_xsign(d, SGN_CPSGN, SIGN_DP, TRUE); }
TRANS(xvabsdp) { return gen_xsign(d, SGN_ABS, SIGN_DP, FALSE); }
TRANS(xvnabsdp) { return gen_xsign(d, SGN_NABS, SIGN_DP, FALSE); }
TRANS(xvnegdp) { return gen_xsign(d, SGN_NEG, SIGN_DP, FALSE); }
TRANS(xvcpsgndp) { return gen_xsign(d, SGN_CPSGN, SIGN_DP, FALSE); }
TRANS(xvabssp) { return gen_xsign(d, SGN_ABS, SIGN_SP, FALSE); }
TRANS(xvnabssp) { return gen_xsign(d, SGN_NABS, SIGN_SP, FALSE); }
TRANS(xvnegsp) { return gen_xsign(d, SGN_NEG, SIGN_SP, FALSE); }
TRANS(xvcpsgnsp) { return gen_xsign(d, SGN_CPSGN, SIGN_SP, FALSE); }

/*
 * xscvspdpn: the single in word 0 of XB as a double, exactly (no FPSCR);
 * compilers use it with mtvsrwz to move a float from a GPR.
 */
static guint64 helper_xscvspdpn(guint64 x)
{
    return sp_to_dp((guint32)(x >> 32));
}

static const ModvmTcgHelper h_xscvspdpn = { "xscvspdpn", (gpointer)helper_xscvspdpn, 1, TRUE, 0,
                                            TRUE };

TRANS(xscvspdpn)
{
    ModvmTcgTemp r = power_call(d, &h_xscvspdpn, power_load_field(d, VSR_OFF(F_XB(d->insn), 0)),
                                0, 0);

    power_store_field(d, VSR_OFF(F_XT(d->insn), 0), r);
    power_store_imm(d, VSR_OFF(F_XT(d->insn), 1), 0);
    return TRUE;
}

/*
 * xscvdpspn: doubleword 0 of XB as a single in word 0, without rounding
 * or FPSCR (the fraction is truncated; tiny values are denormalised),
 * replicated into word 1 as the hardware does; compilers use it with
 * mfvsrwz to move a float to a GPR.
 */
static guint64 helper_xscvdpspn(guint64 x)
{
    guint64 sign = x >> 63, exp = (x >> 52) & 0x7ff, frac = (x & ((1ull << 52) - 1)) | (1ull << 52);
    guint64 w;

    if (exp == 0 && (frac & ((1ull << 52) - 1))) {
        exp = 1;                    /* a double denormal: minimum exponent, no implicit bit */
        frac &= ~(1ull << 52);
    }
    if (exp < 897 && frac) {
        frac = 897 - exp > 63 ? 0 : frac >> (897 - exp);
        exp = 896;
    }
    w = (sign << 31) | (((exp >> 10) & 1) << 30) | ((exp & 0x7f) << 23) | ((frac >> 29) & 0x7fffff);
    return (w << 32) | w;
}

static const ModvmTcgHelper h_xscvdpspn = { "xscvdpspn", (gpointer)helper_xscvdpspn, 1, TRUE, 0,
                                            TRUE };

TRANS(xscvdpspn)
{
    ModvmTcgTemp r = power_call(d, &h_xscvdpspn, power_load_field(d, VSR_OFF(F_XB(d->insn), 0)),
                                0, 0);

    power_store_field(d, VSR_OFF(F_XT(d->insn), 0), r);
    power_store_imm(d, VSR_OFF(F_XT(d->insn), 1), 0);
    return TRUE;
}
