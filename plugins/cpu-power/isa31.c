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

/*
 * Element-wise VX-form additions of ISA 3.1 (Book I 6.9, 6.10): high
 * products, vmulld, division and modulo (undefined results for a zero
 * divisor or an overflowing quotient: 0 here, never a host trap), the
 * doubleword bit gather/scatter, and the quadword rotates and shifts.
 */
static guint64 vdiv(guint64 a, guint64 b, unsigned size, gboolean sign, gboolean mod)
{
    if (size == 4) {
        if (sign) {
            gint32 x = (gint32)a, y = (gint32)b;
            if (y == 0 || (x == G_MININT32 && y == -1)) {
                return 0;
            }
            return (guint32)(mod ? x % y : x / y);
        }
        if ((guint32)b == 0) {
            return 0;
        }
        return mod ? (guint32)a % (guint32)b : (guint32)a / (guint32)b;
    }
    if (sign) {
        gint64 x = (gint64)a, y = (gint64)b;
        if (y == 0 || (x == G_MININT64 && y == -1)) {
            return 0;
        }
        return (guint64)(mod ? x % y : x / y);
    }
    if (b == 0) {
        return 0;
    }
    return mod ? a % b : a / b;
}

/*
 * vdive[su][wd]: (a shifted left by the element width) / b. A quotient that
 * does not fit is undefined: its low bits here, as QEMU 7.2 gives.
 */
static guint64 vdive(guint64 a, guint64 b, unsigned size, gboolean sign)
{
    if (size == 4) {
        if (sign) {
            gint64 x = (gint64)(gint32)a * 4294967296LL, y = (gint32)b;
            gint64 q;
            if (y == 0 || (x == G_MININT64 && y == -1)) {
                return 0;
            }
            q = x / y;
            return (guint32)q;
        }
        guint64 x = (guint64)(guint32)a << 32, y = (guint32)b, q;
        if (y == 0) {
            return 0;
        }
        q = x / y;
        return (guint32)q;
    }
    if (sign) {
        __int128 x = (__int128)(gint64)a * ((__int128)1 << 64), y = (gint64)b, q;
        if (y == 0 || (y == -1 && (gint64)a == G_MININT64)) {
            return 0;
        }
        q = x / y;
        return (guint64)q;
    }
    unsigned __int128 x = (unsigned __int128)a << 64, y = b, q;
    if (y == 0) {
        return 0;
    }
    q = x / y;
    return (guint64)q;
}

static unsigned __int128 vec_q(const PowerVsr *v)
{
    return (unsigned __int128)v->dw[0] << 64 | v->dw[1];
}

static void vec_set_q(PowerVsr *v, unsigned __int128 q)
{
    v->dw[0] = (guint64)(q >> 64);
    v->dw[1] = (guint64)q;
}

/*
 * vdiveuq/vdivesq: (a shifted left 128 bits) / b, b nonzero, by restoring
 * division of the 256-bit dividend (of the magnitudes, signed). A quotient
 * that does not fit is undefined: its low 128 bits, as QEMU 7.2 gives.
 */
static unsigned __int128 vdiveq(unsigned __int128 a, unsigned __int128 b, gboolean sign)
{
    gboolean neg = FALSE;
    unsigned __int128 rem = 0, quot = 0;

    if (sign) {
        neg = ((__int128)a < 0) != ((__int128)b < 0);
        a = (__int128)a < 0 ? -a : a;
        b = (__int128)b < 0 ? -b : b;
    }
    for (int i = 255; i >= 0; i--) {
        gboolean top = rem >> 127;
        rem = rem << 1 | (i >= 128 ? (a >> (i - 128)) & 1 : 0);
        quot <<= 1;
        if (top || rem >= b) {
            rem -= b;
            quot |= 1;
        }
    }
    return neg ? -quot : quot;
}

/* MASK(mb, me) over 128 bits, bit 0 the leftmost; wraps when mb > me. */
static unsigned __int128 mask128(unsigned mb, unsigned me)
{
    unsigned __int128 ones = ~(unsigned __int128)0;
    unsigned __int128 from = ones >> mb, to = ones << (127 - me);

    return mb <= me ? from & to : from | to;
}

static void helper_vx310(PowerCpu *cpu, guint64 insn)
{
    const PowerVsr a = *vec_vsr(cpu, 32 + F_RA(insn)), b = *vec_vsr(cpu, 32 + F_RB(insn));
    unsigned xo = insn & 0x7ff, size = 4;
    unsigned __int128 qa = vec_q(&a);
    PowerVsr r;

    switch (xo) {
    case 5: {   /* vrlq: rotate left by VRB bits 57:63 */
        unsigned n = (unsigned)(b.dw[0] & 127);
        vec_set_q(&r, n ? (qa << n) | (qa >> (128 - n)) : qa);
        break;
    }
    case 261:   /* vslq */
        vec_set_q(&r, qa << (b.dw[0] & 127));
        break;
    case 517:   /* vsrq */
        vec_set_q(&r, qa >> (b.dw[0] & 127));
        break;
    case 773:   /* vsraq */
        vec_set_q(&r, (unsigned __int128)((__int128)qa >> (b.dw[0] & 127)));
        break;
    case 69:    /* vrlqmi: rotated by VRB bits 57:63, inserted under MASK(bits 41:47, 49:55) */
    case 325: { /* vrlqnm: the same ANDed with the mask */
        unsigned n = (unsigned)(b.dw[0] & 127);
        unsigned __int128 rot = n ? (qa << n) | (qa >> (128 - n)) : qa;
        unsigned __int128 m = mask128((b.dw[0] >> 16) & 127, (b.dw[0] >> 8) & 127);
        unsigned __int128 old = vec_q(vec_vsr(cpu, 32 + F_RT(insn)));
        vec_set_q(&r, xo == 69 ? (rot & m) | (old & ~m) : rot & m);
        break;
    }
    case 712: case 200:     /* vmuleud, vmuloud: doubleword 0 (1) products, 128 bits */
        vec_set_q(&r, (unsigned __int128)a.dw[xo == 200] * b.dw[xo == 200]);
        break;
    case 968: case 456:     /* vmulesd, vmulosd */
        vec_set_q(&r, (unsigned __int128)((__int128)(gint64)a.dw[xo == 456] *
                                          (gint64)b.dw[xo == 456]));
        break;
    case 11: case 267: case 1547: case 1803: {  /* vdivuq vdivsq vmoduq vmodsq */
        /* undefined results (0 divisor, signed overflow): VRA's value, 0 for the modulo */
        unsigned __int128 qb = vec_q(&b), v = xo < 1000 ? qa : 0;
        gboolean sign = xo == 267 || xo == 1803;
        if (qb != 0 && !(sign && (__int128)qb == -1 && qa == (unsigned __int128)1 << 127)) {
            if (sign) {
                v = xo == 267 ? (unsigned __int128)((__int128)qa / (__int128)qb)
                              : (unsigned __int128)((__int128)qa % (__int128)qb);
            } else {
                v = xo == 11 ? qa / qb : qa % qb;
            }
        }
        vec_set_q(&r, v);
        break;
    }
    case 523: case 779: {   /* vdiveuq, vdivesq */
        /* a 0 divisor (undefined): VRA's value */
        vec_set_q(&r, vec_q(&b) ? vdiveq(qa, vec_q(&b), xo == 779) : qa);
        break;
    }
    default:
        switch (xo) {
        case 969: case 713: case 457: case 459: case 203: case 1995: case 1739: case 971:
        case 715: case 1485: case 1421: case 1357: case 1924: case 1988:
            size = 8;
            break;
        }
        for (unsigned i = 0; i < 16 / size; i++) {
            guint64 x = vec_get(&a, size, i), y = vec_get(&b, size, i), v = 0;
            switch (xo) {
            case 905:   /* vmulhsw */
                v = (guint64)(((gint64)(gint32)x * (gint32)y) >> 32);
                break;
            case 649:   /* vmulhuw */
                v = (x * y) >> 32;
                break;
            case 969:   /* vmulhsd */
                v = (guint64)(((__int128)(gint64)x * (gint64)y) >> 64);
                break;
            case 713:   /* vmulhud */
                v = (guint64)(((unsigned __int128)x * y) >> 64);
                break;
            case 457:   /* vmulld */
                v = x * y;
                break;
            case 395: case 139: case 459: case 203:
                v = vdiv(x, y, size, xo == 395 || xo == 459, FALSE);
                break;
            case 1931: case 1675: case 1995: case 1739:
                v = vdiv(x, y, size, xo == 1931 || xo == 1995, TRUE);
                break;
            case 907: case 651: case 971: case 715:
                v = vdive(x, y, size, xo == 907 || xo == 971);
                break;
            case 1485:  /* vpdepd */
                v = helper_bits31(x, y, 156);
                break;
            case 1421:  /* vpextd */
                v = helper_bits31(x, y, 188);
                break;
            case 1357:  /* vcfuged */
                v = helper_bits31(x, y, 220);
                break;
            case 1924:  /* vclzdm */
                v = helper_bits31(x, y, 59);
                break;
            default:    /* vctzdm */
                v = helper_bits31(x, y, 571);
                break;
            }
            vec_set(&r, size, i, v);
        }
    }
    *vec_vsr(cpu, 32 + F_RT(insn)) = r;
}

static const ModvmTcgHelper h_vx310 = { "vx310", (gpointer)helper_vx310, 2, FALSE, 1, FALSE };

/*
 * vmsumcud (VA form, Book I 6.9.x): the carry out of the 128-bit sum of the
 * two unsigned doubleword products of VRA and VRB and the quadword VRC.
 */
static void helper_vmsumcud(PowerCpu *cpu, guint64 insn)
{
    const PowerVsr *a = vec_vsr(cpu, 32 + F_RA(insn)), *b = vec_vsr(cpu, 32 + F_RB(insn));
    unsigned __int128 p0 = (unsigned __int128)a->dw[0] * b->dw[0];
    unsigned __int128 p1 = (unsigned __int128)a->dw[1] * b->dw[1];
    unsigned __int128 c = vec_q(vec_vsr(cpu, 32 + F_VRC(insn))), s = p0 + p1;
    unsigned carry = s < p0;

    carry += s + c < s;
    vec_set_q(vec_vsr(cpu, 32 + F_RT(insn)), carry);
}

static const ModvmTcgHelper h_vmsumcud = {
    "vmsumcud", (gpointer)helper_vmsumcud, 2, FALSE, 1, FALSE
};

TRANS(vmsumcud)
{
    power_call(d, &h_vmsumcud, power_const(d, d->insn), 0, 0);
    return TRUE;
}

TRANS(vx310)
{
    power_call(d, &h_vx310, power_const(d, d->insn), 0, 0);
    return TRUE;
}

/*
 * vstribl, vstribr, vstrihl, vstrihr (VRA selects): the elements of VRB up
 * to the first zero one from the left (right), the rest 0; with Rc, CR6 EQ
 * says whether a zero element was found.
 */
static guint64 helper_vstri(PowerCpu *cpu, guint64 insn)
{
    const PowerVsr b = *vec_vsr(cpu, 32 + F_RB(insn));
    unsigned sel = F_RA(insn), size = sel >= 2 ? 2 : 1, n = 16 / size;
    gboolean right = sel & 1, found = FALSE;
    PowerVsr r = { { 0, 0 } };

    for (unsigned k = 0; k < n && !found; k++) {
        unsigned i = right ? n - 1 - k : k;
        guint64 e = vec_get(&b, size, i);
        vec_set(&r, size, i, e);
        found = e == 0;
    }
    *vec_vsr(cpu, 32 + F_RT(insn)) = r;
    return found ? 2 : 0;
}

static const ModvmTcgHelper h_vstri = { "vstri", (gpointer)helper_vstri, 2, TRUE, 1, FALSE };

TRANS(vstri)
{
    ModvmTcgTemp cr;

    if (F_RA(d->insn) > 3) {
        return FALSE;
    }
    cr = power_call(d, &h_vstri, power_const(d, d->insn), 0, 0);
    if (d->insn & 0x400) {
        modvm_tcg_st(d->ctx, MODVM_OP_ST32, cr, CRF_OFF(6));
    }
    return TRUE;
}

/* vclrlb, vclrrb: VRA with all but the N = min(RB, 16) rightmost (leftmost) bytes cleared */
static void helper_vclrb(PowerCpu *cpu, guint64 insn, guint64 rb)
{
    const PowerVsr a = *vec_vsr(cpu, 32 + F_RA(insn));
    unsigned n = rb > 16 ? 16 : (unsigned)rb;
    gboolean clear_left = ((insn & 0x7ff) == 397);
    PowerVsr r = { { 0, 0 } };

    for (unsigned i = 0; i < 16; i++) {
        gboolean keep = clear_left ? i >= 16 - n : i < n;
        vec_set(&r, 1, i, keep ? vec_byte(&a, i) : 0);
    }
    *vec_vsr(cpu, 32 + F_RT(insn)) = r;
}

static const ModvmTcgHelper h_vclrb = { "vclrb", (gpointer)helper_vclrb, 3, FALSE, 1, FALSE };

static gboolean gen_vclrb(PowerDisas *d)
{
    power_call(d, &h_vclrb, power_const(d, d->insn), power_load_gpr(d, F_RB(d->insn)), 0);
    return TRUE;
}

TRANS(vclrlb) { return gen_vclrb(d); }
TRANS(vclrrb) { return gen_vclrb(d); }

/* vsldbi, vsrdbi (VN form, bit 22 selects): VRA || VRB shifted by SH bits, left or right half */
static void helper_vsxdbi(PowerCpu *cpu, guint64 insn)
{
    unsigned __int128 a = vec_q(vec_vsr(cpu, 32 + F_RA(insn)));
    unsigned __int128 b = vec_q(vec_vsr(cpu, 32 + F_RB(insn)));
    unsigned sh = (insn >> 6) & 7;
    unsigned __int128 r;

    if (sh == 0) {
        r = (insn & 0x200) ? b : a;
    } else if (insn & 0x200) {
        r = (b >> sh) | (a << (128 - sh));
    } else {
        r = (a << sh) | (b >> (128 - sh));
    }
    vec_set_q(vec_vsr(cpu, 32 + F_RT(insn)), r);
}

static const ModvmTcgHelper h_vsxdbi = { "vsxdbi", (gpointer)helper_vsxdbi, 2, FALSE, 1, FALSE };

TRANS(vsxdbi)
{
    power_call(d, &h_vsxdbi, power_const(d, d->insn), 0, 0);
    return TRUE;
}

/* vcmpuq, vcmpsq: CR field BF <- lt gt eq 0 for the quadwords VRA and VRB */
static guint64 helper_vcmpuq(PowerCpu *cpu, guint64 insn)
{
    unsigned __int128 a = vec_q(vec_vsr(cpu, 32 + F_RA(insn)));
    unsigned __int128 b = vec_q(vec_vsr(cpu, 32 + F_RB(insn)));
    gboolean sign = (insn & 0x7ff) == 321;
    gboolean lt = sign ? (__int128)a < (__int128)b : a < b;
    gboolean gt = sign ? (__int128)a > (__int128)b : a > b;

    return lt ? 8 : gt ? 4 : 2;
}

static const ModvmTcgHelper h_vcmpuq = { "vcmpuq", (gpointer)helper_vcmpuq, 2, TRUE, 1, FALSE };

TRANS(vcmpuq)
{
    ModvmTcgTemp cr = power_call(d, &h_vcmpuq, power_const(d, d->insn), 0, 0);
    modvm_tcg_st(d->ctx, MODVM_OP_ST32, cr, CRF_OFF(F_BF(d->insn)));
    return TRUE;
}

/* vcmpequq, vcmpgtuq, vcmpgtsq: VRT all ones or zeros; with Rc, CR6 <- all-true 0 all-false 0 */
static guint64 helper_vcmpq(PowerCpu *cpu, guint64 insn)
{
    unsigned __int128 a = vec_q(vec_vsr(cpu, 32 + F_RA(insn)));
    unsigned __int128 b = vec_q(vec_vsr(cpu, 32 + F_RB(insn)));
    unsigned xo = insn & 0x3ff;
    gboolean t = xo == 455 ? a == b : xo == 647 ? a > b : (__int128)a > (__int128)b;
    PowerVsr *r = vec_vsr(cpu, 32 + F_RT(insn));

    r->dw[0] = r->dw[1] = t ? ~0ull : 0;
    return t ? 8 : 2;
}

static const ModvmTcgHelper h_vcmpq = { "vcmpq", (gpointer)helper_vcmpq, 2, TRUE, 1, FALSE };

TRANS(vcmpq)
{
    ModvmTcgTemp cr = power_call(d, &h_vcmpq, power_const(d, d->insn), 0, 0);
    if (d->insn & 0x400) {
        modvm_tcg_st(d->ctx, MODVM_OP_ST32, cr, CRF_OFF(6));
    }
    return TRUE;
}

/* vgnb RT,VRB,N: every Nth bit of VRB from bit 0, gathered from RT's bit 0 on; N < 2 is invalid */
static guint64 helper_vgnb(PowerCpu *cpu, guint64 insn)
{
    unsigned __int128 b = vec_q(vec_vsr(cpu, 32 + F_RB(insn)));
    unsigned n = F_RA(insn) & 7;
    guint64 r = 0;
    unsigned k = 0;

    for (unsigned i = 0; i < 128; i += n) {
        r |= (guint64)((b >> (127 - i)) & 1) << (63 - k++);
    }
    return r;
}

static const ModvmTcgHelper h_vgnb = { "vgnb", (gpointer)helper_vgnb, 2, TRUE, 1, FALSE };

TRANS(vgnb)
{
    if ((F_RA(d->insn) & 7) < 2) {
        return FALSE;
    }
    power_store_gpr(d, F_RT(d->insn), power_call(d, &h_vgnb, power_const(d, d->insn), 0, 0));
    return TRUE;
}

/*
 * lxvr[bhwd]x, stxvr[bhwd]x (Book I 7.6): an element of 1, 2, 4 or 8
 * bytes, zero-extended into the whole VSR, or the VSR's rightmost element
 * stored; in the current byte order.
 */
static void helper_vrx(PowerCpu *cpu, guint64 ea, guint64 insn)
{
    unsigned xo = (insn >> 1) & 0x3ff;
    unsigned size = 1u << (((xo >= 141 ? xo - 141 : xo - 13)) / 32);
    PowerVsr *t = vec_vsr(cpu, F_XT(insn));
    gboolean le = vec_le(cpu);
    guint8 m[8];

    if (xo >= 141) {
        guint64 v = t->dw[1];
        for (unsigned i = 0; i < size; i++) {
            m[le ? i : size - 1 - i] = (guint8)(v >> (8 * i));
        }
        vec_mem_write(cpu, ea, m, size);
        return;
    }
    vec_mem_read(cpu, ea, m, size);
    guint64 v = 0;
    for (unsigned i = 0; i < size; i++) {
        v = (v << 8) | m[le ? size - 1 - i : i];
    }
    t->dw[0] = 0;
    t->dw[1] = v;
}

static const ModvmTcgHelper h_vrx = { "vrx", (gpointer)helper_vrx, 3, FALSE, 1, FALSE };

static gboolean gen_vrx(PowerDisas *d)
{
    ModvmTcgTemp ea = power_gen_ea(d, power_load_gpr(d, F_RB(d->insn)));
    power_call(d, &h_vrx, ea, power_const(d, d->insn), 0);
    return TRUE;
}

TRANS(lxvrx) { return gen_vrx(d); }
TRANS(stxvrx) { return gen_vrx(d); }

/*
 * vins[bhwd][lr]x, vins[bhw]v[lr]x, vinsw, vinsd (Book I 6.8.x "Vector
 * Insert"): an element from GPR RB (its low bytes) or from VRB (the element
 * ending at byte 7) into VRT at a byte index: GPR RA bits 60:63 from the
 * left (l) or from the right (r), or UIM (vinsw, vinsd). An index that
 * does not leave room for the element is undefined: VRT is left alone.
 */
static void helper_vins(PowerCpu *cpu, guint64 insn, guint64 ra, guint64 rb)
{
    unsigned xo = insn & 0x7ff, size, idx;
    gboolean right = FALSE, from_vr = FALSE;
    PowerVsr *t = vec_vsr(cpu, 32 + F_RT(insn));
    guint64 v;

    switch (xo) {
    case 207: case 463:     /* vinsw, vinsd */
        size = xo == 207 ? 4 : 8;
        idx = F_RA(insn) & 15;
        break;
    case 15: case 79: case 143: case 271: case 335: case 399:
        from_vr = TRUE;
        size = 1u << ((xo >> 6) & 3);
        right = xo >= 271;
        idx = ra & 15;
        break;
    default:                /* 527 + 64 * (size, right) */
        size = 1u << (((xo - 527) >> 6) & 3);
        right = xo >= 783;
        idx = ra & 15;
        break;
    }
    if (idx > 16 - size) {
        return;
    }
    if (right) {
        idx = 16 - size - idx;
    }
    v = from_vr ? vec_vsr(cpu, 32 + F_RB(insn))->dw[0] : rb;
    for (unsigned i = 0; i < size; i++) {
        vec_set(t, 1, idx + i, (v >> (8 * (size - 1 - i))) & 0xff);
    }
}

static const ModvmTcgHelper h_vins = { "vins", (gpointer)helper_vins, 4, FALSE, 1, FALSE };

TRANS(vins)
{
    power_call(d, &h_vins, power_const(d, d->insn), power_load_gpr(d, F_RA(d->insn)),
               power_load_gpr(d, F_RB(d->insn)));
    return TRUE;
}

/* mtvsrbmi VRT,b (DX form, b = d0 || d1 || d2): byte i of VRT is 0xff where bit i of b is 1 */
TRANS(mtvsrbmi)
{
    guint32 i = d->insn;
    unsigned b = (((i >> 6) & 0x3ff) << 6) | (((i >> 16) & 31) << 1) | (i & 1);
    guint64 dw[2] = { 0, 0 };

    for (unsigned k = 0; k < 16; k++) {
        if ((b >> (15 - k)) & 1) {
            dw[k / 8] |= 0xffull << (8 * (7 - k % 8));
        }
    }
    power_store_imm(d, VSR_OFF(32 + F_RT(i), 0), dw[0]);
    power_store_imm(d, VSR_OFF(32 + F_RT(i), 1), dw[1]);
    return TRUE;
}

/*
 * vextdu[bhw]v[lr]x, vextddv[lr]x (VA form, Book I 6.8.x "Vector Extract"):
 * the element at byte index GPR RC bits 59:63 of VRA || VRB, from the left
 * or the right, zero-extended into VRT's doubleword 0 (1 is 0); an index that
 * leaves no room for the element is undefined: VRT is left alone.
 */
static void helper_vextdx(PowerCpu *cpu, guint64 insn, guint64 rc)
{
    unsigned xo = insn & 63, size = 1u << ((xo - 24) >> 1), idx = rc & 31;
    const PowerVsr *a = vec_vsr(cpu, 32 + F_RA(insn)), *b = vec_vsr(cpu, 32 + F_RB(insn));
    PowerVsr *t = vec_vsr(cpu, 32 + F_RT(insn));
    guint64 v = 0;

    if (idx > 32 - size) {
        return;
    }
    if (xo & 1) {
        idx = 32 - size - idx;
    }
    for (unsigned i = idx; i < idx + size; i++) {
        v = (v << 8) | (i < 16 ? vec_byte(a, i) : vec_byte(b, i - 16));
    }
    t->dw[0] = v;
    t->dw[1] = 0;
}

static const ModvmTcgHelper h_vextdx = { "vextdx", (gpointer)helper_vextdx, 3, FALSE, 1, FALSE };

TRANS(vextdx)
{
    power_call(d, &h_vextdx, power_const(d, d->insn), power_load_gpr(d, F_VRC(d->insn)), 0);
    return TRUE;
}

/*
 * xxgenpcv[bhwd]m XT,VRB,IMM (Book I 7.6): the permute control vector that
 * expands (IMM 0, 2) or compresses (IMM 1, 3) the elements selected by the
 * leftmost bits of VRB's elements, for big-endian (0, 1) or little-endian
 * (2, 3) element order.
 */
static void helper_xxgenpcv(PowerCpu *cpu, guint64 insn)
{
    static const unsigned sizes[] = { 1, 2, 4, 8 };
    unsigned xo = (insn >> 1) & 0x3ff, imm = F_RA(insn) & 3;
    unsigned s = sizes[(xo & 1) | ((xo >= 948) << 1)], n = 16 / s, j = 0;
    const PowerVsr *b = vec_vsr(cpu, 32 + F_RB(insn));
    PowerVsr r = { { 0, 0 } };

    for (unsigned k = 0; k < n; k++) {
        gboolean le = imm >= 2;
        unsigned i = le ? n - 1 - k : k;
        gboolean sel = vec_get(b, s, i) >> (8 * s - 1);
        for (unsigned byte = 0; byte < s; byte++) {
            unsigned v, at;
            if (imm & 1) {      /* compression: element j takes source element i */
                if (!sel) {
                    continue;
                }
                at = (le ? n - 1 - j : j) * s + byte;
                v = le ? 15 - (i * s + byte) : i * s + byte;
            } else {            /* expansion: element i takes source element j, else 0x10.. */
                at = i * s + byte;
                if (sel) {
                    v = le ? j * s + (s - 1 - byte) : j * s + byte;
                } else {
                    v = le ? 0x10 + (15 - at) : 0x10 + at;
                }
            }
            vec_set(&r, 1, at, v);
        }
        j += sel;
    }
    *vec_vsr(cpu, F_XT(insn)) = r;
}

static const ModvmTcgHelper h_xxgenpcv = {
    "xxgenpcv", (gpointer)helper_xxgenpcv, 2, FALSE, 1, FALSE
};

TRANS(xxgenpcv)
{
    power_call(d, &h_xxgenpcv, power_const(d, d->insn), 0, 0);
    return TRUE;
}

/*
 * pnop (Book I 3.3.x "Prefixed No-operation"): any suffix is ignored, but a
 * branch, rfebb, a context-synchronizing instruction other than isync
 * (sc, scv, rfscv, rfid, hrfid, urfid, stop, mtmsr[d] with L=0) and attn,
 * which make it an invalid form: illegal, as QEMU 7.2 treats them.
 */
TRANS(pnop)
{
    guint32 s = d->insn;
    unsigned po = s >> 26, xo = (s >> 1) & 0x3ff;

    switch (po) {
    case 16: case 18:
        return FALSE;
    case 17:
        return (s & 3) == 0;
    case 19:
        return xo != 16 && xo != 528 && xo != 560 && xo != 146 && xo != 82 && xo != 18 &&
               xo != 274 && xo != 306 && xo != 370;
    case 31:
        return !((xo == 146 || xo == 178) && !((s >> 16) & 1));
    case 0:
        return s != 0x00000200;
    default:
        return TRUE;
    }
}
