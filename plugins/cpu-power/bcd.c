/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Decimal integer instructions (Power ISA v3.0B Book I chapter 6) and the BCD assists (3.3). */
#include "vec.h"

/*
 * A signed decimal in a VR: 31 digits and a sign code in the low nibble.
 * Nibble n counts from the right: nibble 0 is the sign, nibble 1 the least
 * significant digit, nibble 31 the most significant. Sign codes 0xA, 0xC,
 * 0xE, 0xF are plus, 0xB and 0xD minus; the preferred ones are 0xC (or 0xF
 * with PS=1) and 0xD. CR6 of the bcd*. instructions: LT negative, GT
 * positive, EQ zero, SO overflow or an invalid operand. Where the ISA leaves
 * the target undefined (invalid operands, overflow of bcdcfsq.), modvm
 * writes what QEMU 7.2 writes, so that the differential tests can see it.
 */

#define CR_LT 8u
#define CR_GT 4u
#define CR_EQ 2u
#define CR_SO 1u

typedef unsigned __int128 u128;

static u128 vr_get(const PowerVsr *v)
{
    return (u128)v->dw[0] << 64 | v->dw[1];
}

static PowerVsr vr_make(u128 x)
{
    PowerVsr v = { .dw = { (guint64)(x >> 64), (guint64)x } };
    return v;
}

static unsigned nib(u128 x, unsigned n)
{
    return (unsigned)(x >> (4 * n)) & 0xf;
}

static u128 set_nib(u128 x, unsigned n, unsigned d)
{
    return (x & ~((u128)0xf << (4 * n))) | (u128)(d & 0xf) << (4 * n);
}

/* +1, -1, or 0 for an invalid sign code. */
static int bcd_sign(u128 x)
{
    switch (nib(x, 0)) {
    case 0xa: case 0xc: case 0xe: case 0xf: return 1;
    case 0xb: case 0xd: return -1;
    default: return 0;
    }
}

static unsigned preferred_sign(int sign, unsigned ps)
{
    return sign < 0 ? 0xd : ps ? 0xf : 0xc;
}

static gboolean digits_valid(u128 x, unsigned first, unsigned last)
{
    for (unsigned n = first; n <= last; n++) {
        if (nib(x, n) > 9) {
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean bcd_valid(u128 x)
{
    return bcd_sign(x) != 0 && digits_valid(x, 1, 31);
}

/* EQ for a zero magnitude (the sign code aside), else GT or LT by the sign code. */
static unsigned cr_of(u128 x)
{
    if ((x >> 4) == 0) {
        return CR_EQ;
    }
    return bcd_sign(x) == 1 ? CR_GT : CR_LT;
}

/* Digits 1..31 of @a and @b added (@sub: @a minus @b, with @a >= @b); *carry out. */
static u128 mag_add(u128 a, u128 b, gboolean sub, gboolean *carry)
{
    u128 r = 0;
    int c = 0;

    for (unsigned n = 1; n < 32; n++) {
        int d = sub ? (int)nib(a, n) - (int)nib(b, n) - c : (int)nib(a, n) + (int)nib(b, n) + c;
        if (sub) {
            c = d < 0;
            d += c ? 10 : 0;
        } else {
            c = d > 9;
            d -= c ? 10 : 0;
        }
        r = set_nib(r, n, (unsigned)d);
    }
    *carry = c != 0;
    return r;
}

static int mag_cmp(u128 a, u128 b)
{
    a >>= 4;
    b >>= 4;
    return a > b ? 1 : a < b ? -1 : 0;
}

/* bcdadd., bcdsub.: the sum rounded to 31 digits; SO on overflow. */
static unsigned bcd_add(u128 *t, u128 a, u128 b, unsigned ps)
{
    int sa = bcd_sign(a), sb = bcd_sign(b);
    gboolean carry = FALSE;
    u128 r = 0;
    unsigned cr;

    if (!bcd_valid(a) || !bcd_valid(b)) {
        *t = ~(u128)0;
        return CR_SO;
    }
    if (sa == sb) {
        r = mag_add(a, b, FALSE, &carry);
        r = set_nib(r, 0, preferred_sign(sa, ps));
        cr = sa > 0 ? CR_GT : CR_LT;
    } else {
        int m = mag_cmp(a, b);
        if (m > 0) {
            r = set_nib(mag_add(a, b, TRUE, &carry), 0, preferred_sign(sa, ps));
            cr = sa > 0 ? CR_GT : CR_LT;
        } else if (m < 0) {
            r = set_nib(mag_add(b, a, TRUE, &carry), 0, preferred_sign(sb, ps));
            cr = sb > 0 ? CR_GT : CR_LT;
        } else {
            r = preferred_sign(1, ps);
            cr = CR_EQ;
        }
        carry = FALSE;
    }
    *t = r;
    if (carry) {
        return cr | CR_SO;
    }
    if ((r >> 4) == 0) {
        cr |= CR_EQ;
    }
    return cr;
}

/* 128-bit shifts of bcds., bcdus., bcdsr.: *lost is set when a nonzero bit leaves on the left. */
static u128 shift_digits(u128 x, int digits, gboolean *lost)
{
    if (digits > 0) {
        if (digits >= 32) {
            *lost = TRUE;       /* even for 0, as QEMU 7.2 */
            return 0;
        }
        *lost = (x >> (128 - 4 * digits)) != 0;
        return x << (4 * digits);
    }
    if (digits <= -32) {
        return 0;
    }
    return x >> (4 * -digits);
}

/* The national (Unicode digit) and zoned forms of bcdcfn., bcdctn., bcdcfz., bcdctz. */
#define NATIONAL_PLUS 0x2b
#define NATIONAL_MINUS 0x2d

static unsigned bcd_from_national(u128 *t, u128 b, unsigned ps)
{
    unsigned sign = (unsigned)b & 0xffff;
    gboolean invalid = sign != NATIONAL_PLUS && sign != NATIONAL_MINUS;
    u128 r = 0;
    unsigned cr;

    for (unsigned n = 1; n < 8; n++) {
        unsigned c = (unsigned)(b >> (16 * n)) & 0xffff;
        if (c < 0x30 || c > 0x39) {
            invalid = TRUE;
            break;
        }
        r = set_nib(r, n, c & 0xf);
    }
    r = set_nib(r, 0, sign == NATIONAL_PLUS ? preferred_sign(1, ps) : 0xd);
    cr = cr_of(r);
    *t = r;
    return invalid ? CR_SO : cr;
}

static unsigned bcd_to_national(u128 *t, u128 b)
{
    int sign = bcd_sign(b);
    gboolean invalid = sign == 0;
    gboolean ox = (b >> 32) != 0;
    u128 r = 0;
    unsigned cr;

    for (unsigned n = 1; n < 8; n++) {
        unsigned d = nib(b, n);
        r |= (u128)(0x30 + d) << (16 * n);
        if (d > 9) {
            invalid = TRUE;
        }
        if (invalid) {
            break;      /* an invalid sign code: the first digit only, as QEMU 7.2 */
        }
    }
    r |= sign == -1 ? NATIONAL_MINUS : NATIONAL_PLUS;
    *t = r;
    cr = cr_of(b) | (ox ? CR_SO : 0);
    return invalid ? CR_SO : cr;
}

/* Zoned: byte 15 - i holds digit i + 1 in its low nibble; byte 15's zone is the sign. */
static unsigned bcd_from_zoned(u128 *t, u128 b, unsigned ps)
{
    unsigned zone = ps ? 0xf : 0x3, sign = nib(b, 1);
    gboolean invalid = ps && sign < 0xa, neg;
    u128 r = 0;

    for (unsigned i = 0; i < 16; i++) {
        unsigned byte = (unsigned)(b >> (8 * i)) & 0xff;
        unsigned z = i ? byte >> 4 : zone;
        if (z != zone || (byte & 0xf) > 9) {
            invalid = TRUE;
            break;
        }
        r = set_nib(r, i + 1, byte & 0xf);
    }
    neg = ps ? (sign == 0xb || sign == 0xd) : (sign & 4) != 0;
    r = set_nib(r, 0, neg ? 0xd : 0xc);
    *t = r;
    return invalid ? CR_SO : cr_of(r);
}

static unsigned bcd_to_zoned(u128 *t, u128 b, unsigned ps)
{
    int sign = bcd_sign(b);
    gboolean invalid = sign == 0, ox = (b >> 68) != 0;
    unsigned zone = ps ? 0xf0 : 0x30;
    u128 r = 0;

    for (unsigned i = 0; i < 16 && !invalid; i++) {
        unsigned d = nib(b, i + 1);
        if (d > 9) {
            invalid = TRUE;
            break;
        }
        r |= (u128)(zone + d) << (8 * i);
    }
    r = set_nib(r, 1, ps ? (sign == 1 ? 0xc : 0xd) : (sign == 1 ? 0x3 : 0x7));
    *t = r;
    return invalid ? CR_SO : cr_of(b) | (ox ? CR_SO : 0);
}

/* bcdcfsq.: a signed quadword; beyond 31 digits SO, and VRT is left as it was. */
static unsigned bcd_from_sq(u128 *t, u128 b, unsigned ps)
{
    gboolean neg = (b >> 127) != 0;
    u128 mag = neg ? -b : b;
    u128 max = 0;
    u128 r = 0;
    unsigned cr = neg ? CR_LT : b ? CR_GT : CR_EQ;

    for (int i = 0; i < 31; i++) {
        max = max * 10 + 9;
    }
    if (mag > max) {
        return cr | CR_SO;
    }
    r = preferred_sign(neg ? -1 : 1, ps);
    for (unsigned n = 1; n < 32; n++) {
        r = set_nib(r, n, (unsigned)(mag % 10));
        mag /= 10;
    }
    *t = r;
    return cr;
}

/* bcdctsq.: the value of digits 31..1, read until the first invalid digit (as QEMU 7.2). */
static unsigned bcd_to_sq(u128 *t, u128 b)
{
    int sign = bcd_sign(b);
    gboolean invalid = sign == 0 || nib(b, 31) > 9;
    u128 v = nib(b, 31);

    for (unsigned n = 30; n > 0; n--) {
        v = v * 10 + nib(b, n);
        if (nib(b, n) > 9) {
            invalid = TRUE;
        }
        if (invalid) {
            break;
        }
    }
    *t = sign == -1 ? -v : v;
    return invalid ? CR_SO : cr_of(b);
}

/* bcdtrunc. and bcdutrunc.: keep the low @keep nibbles (@keep < 0: all). */
static u128 trunc_nibbles(u128 x, int keep, gboolean *ox)
{
    u128 mask;

    if (keep < 0 || keep >= 32) {
        return x;
    }
    mask = keep ? ~(u128)0 >> (128 - 4 * keep) : 0;
    *ox = (x & ~mask) != 0;
    return x & mask;
}

typedef enum {
    BCD_ADD, BCD_SUB, BCD_US, BCD_S, BCD_SR, BCD_TRUNC, BCD_UTRUNC, BCD_CPSGN, BCD_385,
} BcdOp;

static void helper_bcd(PowerCpu *cpu, guint64 insn, guint64 op)
{
    PowerVsr *vt = vec_vsr(cpu, 32 + F_RT(insn));
    u128 a = vr_get(vec_vsr(cpu, 32 + F_RA(insn))), b = vr_get(vec_vsr(cpu, 32 + F_RB(insn)));
    u128 t = vr_get(vt);
    unsigned ps = (insn >> 9) & 1, cr = 0;
    gboolean ox = FALSE;
    int shift = (gint8)(a >> 64);          /* byte 7 of VRA, signed */
    int len = (gint16)(a >> 64);           /* halfword 3 of VRA, signed */

    switch ((BcdOp)op) {
    case BCD_ADD:
        cr = bcd_add(&t, a, b, ps);
        break;
    case BCD_SUB: {
        int sb = bcd_sign(b);
        if (sb) {
            b = set_nib(b, 0, sb > 0 ? 0xd : 0xc);
        }
        cr = bcd_add(&t, a, b, ps);
        break;
    }
    case BCD_US:
        /* unsigned: 32 digits, no sign code */
        if (!digits_valid(b, 0, 31)) {
            cr = CR_SO;
            break;
        }
        t = shift_digits(b, shift, &ox);
        cr = (t ? CR_GT : CR_EQ) | (ox ? CR_SO : 0);
        break;
    case BCD_S:
    case BCD_SR: {
        int sign = bcd_sign(b);
        if (!bcd_valid(b)) {
            cr = CR_SO;
            break;
        }
        shift = CLAMP(shift, -31, 31);
        t = shift_digits(b & ~(u128)0xf, shift, &ox);
        if (op == BCD_SR && shift < 0 && nib(t, 0) >= 5) {
            /* bcdsr.: rounded on the last digit shifted out */
            gboolean carry;
            t = mag_add(t, 0x10, FALSE, &carry);
        }
        t = set_nib(t, 0, preferred_sign(sign, ps));
        cr = cr_of(t) | (ox ? CR_SO : 0);
        break;
    }
    case BCD_TRUNC:
        if (!bcd_valid(b)) {
            cr = CR_SO;
            break;
        }
        /* the length counts digits; the sign nibble is kept */
        t = trunc_nibbles(b, len + 1, &ox);
        t = set_nib(t, 0, preferred_sign(bcd_sign(b), ps));
        cr = cr_of(t) | (ox ? CR_SO : 0);
        break;
    case BCD_UTRUNC:
        if (!digits_valid(b, 0, 31)) {
            cr = CR_SO;
            break;
        }
        t = trunc_nibbles(b, len, &ox);
        cr = (t ? CR_GT : CR_EQ) | (ox ? CR_SO : 0);
        break;
    case BCD_CPSGN:
        if (!bcd_sign(a) || !bcd_sign(b)) {
            cr = CR_SO;
            break;
        }
        t = set_nib(a, 0, nib(b, 0));
        cr = digits_valid(a, 1, 31) && digits_valid(b, 1, 31) ? cr_of(t) : CR_SO;
        break;
    case BCD_385:
        switch (F_RA(insn)) {
        case 0: cr = bcd_to_sq(&t, b); break;
        case 2: cr = bcd_from_sq(&t, b, ps); break;
        case 4: cr = bcd_to_zoned(&t, b, ps); break;
        case 5: cr = bcd_to_national(&t, b); break;
        case 6: cr = bcd_from_zoned(&t, b, ps); break;
        case 7: cr = bcd_from_national(&t, b, ps); break;
        default: {
            /* 31: bcdsetsgn. */
            int sign = bcd_sign(b);
            t = set_nib(b, 0, preferred_sign(sign, ps));
            cr = bcd_valid(b) ? cr_of(t) : CR_SO;
            break;
        }
        }
        break;
    }
    *vt = vr_make(t);
    cpu->regs.crf[6] = cr;
}

static const ModvmTcgHelper h_bcd = { "bcd", (gpointer)helper_bcd, 3, FALSE, 1, FALSE };

static gboolean gen_bcd(PowerDisas *d, BcdOp op)
{
    power_call(d, &h_bcd, power_const(d, d->insn), power_const(d, op), 0);
    return TRUE;
}

TRANS(bcdadd) { return gen_bcd(d, BCD_ADD); }
TRANS(bcdsub) { return gen_bcd(d, BCD_SUB); }
TRANS(bcdus) { return gen_bcd(d, BCD_US); }
TRANS(bcds) { return gen_bcd(d, BCD_S); }
TRANS(bcdsr) { return gen_bcd(d, BCD_SR); }
TRANS(bcdtrunc) { return gen_bcd(d, BCD_TRUNC); }
TRANS(bcdutrunc) { return gen_bcd(d, BCD_UTRUNC); }
TRANS(bcdcpsgn) { return gen_bcd(d, BCD_CPSGN); }

/* Opcode 385: VRA picks the conversion; bcdctsq., bcdctn. have no PS (bit 22 reserved). */
TRANS(bcd385)
{
    switch (F_RA(d->insn)) {
    case 0: case 5:
        if (d->insn & 0x200) {
            return FALSE;
        }
        break;
    case 2: case 4: case 6: case 7: case 31:
        break;
    default:
        return FALSE;
    }
    return gen_bcd(d, BCD_385);
}

/*
 * Densely packed decimal (IEEE 754-2008 3.5.2): a declet holds three digits.
 * Bits of the declet, high to low: p q r s t u v w x y.
 */
static unsigned dpd_to_bcd3(unsigned dpd)
{
    unsigned p = (dpd >> 9) & 1, q = (dpd >> 8) & 1, r = (dpd >> 7) & 1, s = (dpd >> 6) & 1;
    unsigned t = (dpd >> 5) & 1, u = (dpd >> 4) & 1, v = (dpd >> 3) & 1, w = (dpd >> 2) & 1;
    unsigned x = (dpd >> 1) & 1, y = dpd & 1;
    unsigned pqr = p << 2 | q << 1 | r, stu = s << 2 | t << 1 | u, wxy = w << 2 | x << 1 | y;
    unsigned d2, d1, d0;

    if (!v) {
        d2 = pqr, d1 = stu, d0 = wxy;
    } else if (!w && !x) {
        d2 = pqr, d1 = stu, d0 = 8 | y;
    } else if (!w && x) {
        d2 = pqr, d1 = 8 | u, d0 = s << 2 | t << 1 | y;
    } else if (w && !x) {
        d2 = 8 | r, d1 = stu, d0 = p << 2 | q << 1 | y;
    } else if (!s && !t) {
        d2 = 8 | r, d1 = 8 | u, d0 = p << 2 | q << 1 | y;
    } else if (!s && t) {
        d2 = 8 | r, d1 = p << 2 | q << 1 | u, d0 = 8 | y;
    } else if (s && !t) {
        d2 = pqr, d1 = 8 | u, d0 = 8 | y;
    } else {
        d2 = 8 | r, d1 = 8 | u, d0 = 8 | y;
    }
    return d2 << 8 | d1 << 4 | d0;
}

static unsigned bcd3_to_dpd(unsigned bcd)
{
    unsigned d2 = (bcd >> 8) & 0xf, d1 = (bcd >> 4) & 0xf, d0 = bcd & 0xf;
    unsigned a = d2 >> 3, e = d1 >> 3, i = d0 >> 3;
    unsigned bcd2 = d2 & 7, fgh = d1 & 7, jkm = d0 & 7;
    unsigned d = d2 & 1, h = d1 & 1, m = d0 & 1, fg = fgh >> 1, jk = jkm >> 1;

    switch (a << 2 | e << 1 | i) {
    case 0: return bcd2 << 7 | fgh << 4 | jkm;
    case 1: return bcd2 << 7 | fgh << 4 | 8 | m;
    case 2: return bcd2 << 7 | jk << 5 | h << 4 | 0xa | m;
    case 3: return bcd2 << 7 | 2 << 5 | h << 4 | 0xe | m;
    case 4: return jk << 8 | d << 7 | fgh << 4 | 0xc | m;
    case 5: return fg << 8 | d << 7 | 1 << 5 | h << 4 | 0xe | m;
    case 6: return jk << 8 | d << 7 | h << 4 | 0xe | m;
    default: return d << 7 | 3 << 5 | h << 4 | 0xe | m;
    }
}

/*
 * cdtbcd, cbcdtd (Book I 3.3, "Binary Coded Decimal Assist Instructions"): in each word, two
 * declets <-> six BCD digits.
 */
static guint64 helper_cdtbcd(guint64 s, guint64 to_bcd)
{
    guint64 r = 0;

    for (int w = 0; w < 2; w++) {
        guint32 x = (guint32)(s >> (32 * w)), y;
        if (to_bcd) {
            y = dpd_to_bcd3((x >> 10) & 0x3ff) << 12 | dpd_to_bcd3(x & 0x3ff);
        } else {
            y = bcd3_to_dpd((x >> 12) & 0xfff) << 10 | bcd3_to_dpd(x & 0xfff);
        }
        r |= (guint64)y << (32 * w);
    }
    return r;
}

static const ModvmTcgHelper h_cdtbcd = { "cdtbcd", (gpointer)helper_cdtbcd, 2, TRUE, 0, TRUE };

/* addg6s (the same section): 6 in each nibble of RT whose nibble of RA + RB carried nothing out. */
static guint64 helper_addg6s(guint64 a, guint64 b)
{
    guint64 sum = a + b;
    guint64 carry_in = sum ^ a ^ b;                    /* the carry into each bit */
    guint64 carry_out = (a & b) | (carry_in & (a ^ b));
    guint64 r = 0;

    for (int n = 0; n < 16; n++) {
        if (!((carry_out >> (4 * n + 3)) & 1)) {
            r |= 6ull << (4 * n);
        }
    }
    return r;
}

static const ModvmTcgHelper h_addg6s = { "addg6s", (gpointer)helper_addg6s, 2, TRUE, 0, TRUE };

static gboolean gen_cdtbcd(PowerDisas *d, gboolean to_bcd)
{
    ModvmTcgTemp r;

    if (F_RB(d->insn) || F_RC(d->insn)) {
        return FALSE;
    }
    r = power_call(d, &h_cdtbcd, power_load_gpr(d, F_RS(d->insn)), power_const(d, to_bcd), 0);
    power_store_gpr(d, F_RA(d->insn), r);
    return TRUE;
}

TRANS(cdtbcd) { return gen_cdtbcd(d, TRUE); }
TRANS(cbcdtd) { return gen_cdtbcd(d, FALSE); }

TRANS(addg6s)
{
    ModvmTcgTemp r;

    if (F_RC(d->insn)) {
        return FALSE;
    }
    r = power_call(d, &h_addg6s, power_load_gpr(d, F_RA(d->insn)),
                   power_load_gpr(d, F_RB(d->insn)), 0);
    power_store_gpr(d, F_RT(d->insn), r);
    return TRUE;
}
