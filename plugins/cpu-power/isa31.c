/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Power ISA v3.1 additions: paddi, set boolean, byte reversal, bit gather/scatter, vector masks. */
#include "vec.h"

/* paddi (Book I 3.3.9): RT <- (RA|0) + SI, or CIA + SI when R=1 (pla); never narrowed. */
TRANS(paddi)
{
    gint64 si = power_prefixed_disp(d);
    ModvmTcgTemp res;

    if (F_PR(d->prefix)) {
        res = power_const(d, d->pc + si);
    } else {
        res = power_temp(d);
        if (F_RA(d->insn)) {
            power_opi(d, MODVM_OP_ADD, res, power_load_gpr(d, F_RA(d->insn)), si);
        } else {
            modvm_tcg_mov(d->ctx, res, power_const(d, si));
        }
    }
    power_store_gpr(d, F_RT(d->insn), res);
    return TRUE;
}

/* setbc, setbcr, setnbc, setnbcr (Book I 3.3.13): RT from CR bit BI. */
static guint64 helper_setbc(PowerCpu *cpu, guint64 insn)
{
    unsigned bi = F_RA(insn), xo = (insn >> 1) & 0x3ff;
    gboolean bit = (cpu->regs.crf[bi >> 2] >> (3 - (bi & 3))) & 1;
    gboolean want = xo == 384 || xo == 448;     /* setbc, setnbc: set when the bit is 1 */

    if (bit != want) {
        return 0;
    }
    return xo >= 448 ? ~0ull : 1;
}

static const ModvmTcgHelper h_setbc = { "setbc", (gpointer)helper_setbc, 2, TRUE, 1, FALSE };

static gboolean gen_setbc(PowerDisas *d)
{
    power_store_gpr(d, F_RT(d->insn), power_call(d, &h_setbc, power_const(d, d->insn), 0, 0));
    return TRUE;
}

TRANS(setbc) { return gen_setbc(d); }
TRANS(setbcr) { return gen_setbc(d); }
TRANS(setnbc) { return gen_setbc(d); }
TRANS(setnbcr) { return gen_setbc(d); }

/*
 * The X-form RA <- f(RS, RB) instructions of ISA 3.1 that are plain
 * functions of their operands (Book I 3.3.13-3.3.16). @op is the
 * extended opcode.
 */
static guint64 helper_bits31(guint64 rs, guint64 rb, guint64 op)
{
    guint64 r = 0;
    unsigned k = 0;

    switch (op) {
    case 155:   /* brw: each word byte-reversed */
        return (guint64)GUINT32_SWAP_LE_BE((guint32)(rs >> 32)) << 32 |
               GUINT32_SWAP_LE_BE((guint32)rs);
    case 187:   /* brd */
        return GUINT64_SWAP_LE_BE(rs);
    case 219:   /* brh: each halfword byte-reversed */
        return ((rs & 0x00ff00ff00ff00ffull) << 8) | ((rs >> 8) & 0x00ff00ff00ff00ffull);
    case 156:   /* pdepd: the low bits of RS to where RB has ones, right to left */
        for (unsigned i = 0; i < 64; i++) {
            if ((rb >> i) & 1) {
                r |= ((rs >> k++) & 1) << i;
            }
        }
        return r;
    case 188:   /* pextd: the bits of RS where RB has ones, packed to the right */
        for (unsigned i = 0; i < 64; i++) {
            if ((rb >> i) & 1) {
                r |= ((rs >> i) & 1) << k++;
            }
        }
        return r;
    case 220: { /* cfuged: RS's bits where RB is 0 to the left of those where RB is 1 */
        guint64 ones = helper_bits31(rs, rb, 188);
        guint64 zeros = helper_bits31(rs, ~rb, 188);
        unsigned n = __builtin_popcountll(rb);
        return n == 64 ? ones : (zeros << n) | ones;
    }
    case 59: {  /* cntlzdm: leading zeros of RS under mask RB, counted from the left */
        for (int i = 63; i >= 0; i--) {
            if ((rb >> i) & 1) {
                if ((rs >> i) & 1) {
                    break;
                }
                k++;
            }
        }
        return k;
    }
    case 571:   /* cnttzdm */
        for (unsigned i = 0; i < 64; i++) {
            if ((rb >> i) & 1) {
                if ((rs >> i) & 1) {
                    break;
                }
                k++;
            }
        }
        return k;
    }
    return 0;
}

static const ModvmTcgHelper h_bits31 = { "bits31", (gpointer)helper_bits31, 3, TRUE, 0, TRUE };

static gboolean gen_bits31(PowerDisas *d)
{
    unsigned op = (d->insn >> 1) & 0x3ff;
    ModvmTcgTemp res = power_call(d, &h_bits31, power_load_gpr(d, F_RS(d->insn)),
                                  power_load_gpr(d, F_RB(d->insn)), power_const(d, op));
    power_store_gpr(d, F_RA(d->insn), res);
    return TRUE;
}

TRANS(brw) { return gen_bits31(d); }
TRANS(brd) { return gen_bits31(d); }
TRANS(brh) { return gen_bits31(d); }
TRANS(pdepd) { return gen_bits31(d); }
TRANS(pextd) { return gen_bits31(d); }
TRANS(cfuged) { return gen_bits31(d); }
TRANS(cntlzdm) { return gen_bits31(d); }
TRANS(cnttzdm) { return gen_bits31(d); }

/*
 * VX-form extended opcode 1602, told apart by VRA (Book I 6.9.x "Vector
 * Mask Manipulation"): vexpand[bhwdq]m (0-4), vextract[bhwdq]m (8-12),
 * mtvsr[bhwdq]m (16-20), vcntmb[bhwd] (24-31: element size, MP).
 * Elements are counted from the left; a mask bit is its element's
 * leftmost bit.
 */
static guint64 helper_vx1602(PowerCpu *cpu, guint64 insn, guint64 rb)
{
    unsigned sel = F_RA(insn), size = 1u << (sel & 7), n;
    const PowerVsr *b = vec_vsr(cpu, 32 + F_RB(insn));
    PowerVsr r = { { 0, 0 } };
    guint64 out = 0;

    if (sel >= 24) {
        size = 1u << ((sel >> 1) & 3);
    }
    n = 16 / size;
    for (unsigned i = 0; i < n; i++) {
        gboolean msb = size == 16 ? b->dw[0] >> 63 : vec_get(b, size, i) >> (size * 8 - 1);
        gboolean bit;
        switch (sel >> 3) {
        case 0:
            bit = msb;
            break;
        case 1:
            out = (out << 1) | msb;
            continue;
        case 2:
            bit = (rb >> (n - 1 - i)) & 1;
            break;
        default:
            out += msb == (gboolean)(sel & 1);
            continue;
        }
        if (size == 16) {
            r.dw[0] = r.dw[1] = bit ? ~0ull : 0;
        } else {
            vec_set(&r, size, i, bit ? ~0ull : 0);
        }
    }
    if (sel >= 24) {
        /* the count sits in the leftmost bits, as wide as counts of its element size need */
        return out << (56 + ((sel >> 1) & 3));
    }
    if (sel < 8 || (sel >= 16 && sel < 24)) {
        *vec_vsr(cpu, 32 + F_RT(insn)) = r;
    }
    return out;
}

static const ModvmTcgHelper h_vx1602 = { "vx1602", (gpointer)helper_vx1602, 3, TRUE, 1, FALSE };

TRANS(vx1602)
{
    unsigned sel = F_RA(d->insn);
    ModvmTcgTemp res;

    if ((sel & 7) > 4 && sel < 24) {
        return FALSE;
    }
    res = power_call(d, &h_vx1602, power_const(d, d->insn), power_load_gpr(d, F_RB(d->insn)), 0);
    if (sel >= 8 && sel < 16) {
        power_store_gpr(d, F_RT(d->insn), res);
    } else if (sel >= 24) {
        power_store_gpr(d, F_RT(d->insn), res);
    }
    return TRUE;
}

/*
 * Prefixed VSX of type 8RR (Book I 7.6): xxsplti32dx, xxspltidp, xxspltiw
 * take a 32-bit immediate, imm0 (prefix bits 16:31) || imm1 (suffix bits
 * 16:31); XT is TX (suffix bit 15) || T.
 */
static void helper_xxsplti(PowerCpu *cpu, guint64 prefix, guint64 suffix)
{
    guint32 imm = (guint32)((prefix & 0xffff) << 16 | (suffix & 0xffff));
    PowerVsr *t = vec_vsr(cpu, (((suffix >> 16) & 1) << 5) | F_RT(suffix));
    unsigned op = (suffix >> 17) & 0xf;

    switch (op) {
    case 0:     /* xxsplti32dx: words IX and IX + 2 */
    case 1:
        vec_set(t, 4, op, imm);
        vec_set(t, 4, op + 2, imm);
        break;
    case 2:     /* xxspltidp: the single-precision immediate as a double, in both doublewords */
        t->dw[0] = t->dw[1] = sp_to_dp(imm);
        break;
    default:    /* xxspltiw */
        for (unsigned i = 0; i < 4; i++) {
            vec_set(t, 4, i, imm);
        }
        break;
    }
}

static const ModvmTcgHelper h_xxsplti = { "xxsplti", (gpointer)helper_xxsplti, 3, FALSE, 1, FALSE };

static gboolean gen_xxsplti(PowerDisas *d)
{
    power_call(d, &h_xxsplti, power_const(d, d->prefix), power_const(d, d->insn), 0);
    return TRUE;
}

TRANS(xxsplti32dx) { return gen_xxsplti(d); }
TRANS(xxspltidp) { return gen_xxsplti(d); }
TRANS(xxspltiw) { return gen_xxsplti(d); }

/*
 * The XX4-form 8RR instructions: xxblendv[bhwd] (element of XB where XC's
 * element has its leftmost bit set, else of XA), xxpermx (bytes of XA || XB
 * where XC's index has UIM, prefix bits 29:31, in its bits 0:2, else 0),
 * xxeval (each result bit is bit 4a + 2b + c of IMM, prefix bits 24:31).
 */
static void helper_xx4_8rr(PowerCpu *cpu, guint64 prefix, guint64 suffix)
{
    const PowerVsr a = *vec_vsr(cpu, F_XA(suffix)), b = *vec_vsr(cpu, F_XB(suffix));
    const PowerVsr c = *vec_vsr(cpu, F_XC(suffix));
    PowerVsr r = { { 0, 0 } };
    unsigned xo = (suffix >> 4) & 3;

    if ((suffix >> 26) == 33) {
        unsigned size = 1u << xo;
        for (unsigned i = 0; i < 16 / size; i++) {
            gboolean sel = vec_get(&c, size, i) >> (size * 8 - 1);
            vec_set(&r, size, i, vec_get(sel ? &b : &a, size, i));
        }
    } else if (xo == 0) {
        unsigned uim = prefix & 7;
        for (unsigned i = 0; i < 16; i++) {
            unsigned idx = vec_byte(&c, i);
            if ((idx >> 5) == uim) {
                idx &= 31;
                vec_set(&r, 1, i, idx < 16 ? vec_byte(&a, idx) : vec_byte(&b, idx - 16));
            }
        }
    } else {
        unsigned imm = prefix & 0xff;
        for (unsigned h = 0; h < 2; h++) {
            for (unsigned bit = 0; bit < 64; bit++) {
                unsigned k = (((a.dw[h] >> bit) & 1) << 2) | (((b.dw[h] >> bit) & 1) << 1) |
                             ((c.dw[h] >> bit) & 1);
                r.dw[h] |= (guint64)((imm >> (7 - k)) & 1) << bit;
            }
        }
    }
    *vec_vsr(cpu, F_XT(suffix)) = r;
}

static const ModvmTcgHelper h_xx4_8rr = { "xx4_8rr", (gpointer)helper_xx4_8rr, 3, FALSE, 1, FALSE };

static gboolean gen_xx4_8rr(PowerDisas *d)
{
    power_call(d, &h_xx4_8rr, power_const(d, d->prefix), power_const(d, d->insn), 0);
    return TRUE;
}

TRANS(xxblendv) { return gen_xx4_8rr(d); }
TRANS(xxpermx) { return gen_xx4_8rr(d); }
TRANS(xxeval) { return gen_xx4_8rr(d); }
