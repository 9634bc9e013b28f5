/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IEEE binary128 arithmetic in portable C: one rounding routine and exact operations feeding it. */
#include "f128.h"

/*
 * A finite value in flight is sign * sig * 2^e, with sig an integer. An
 * operation computes it exactly, or with every bit below its 116 leading
 * ones folded into bit 0 ("jammed": a sticky bit), and round_pack rounds it
 * once to the destination format. Products and fused multiply-adds use a
 * 256-bit intermediate (U256).
 */

const F128Format f128_quad = { 112, 113, 16383, 0x7ffe };
const F128Format f128_double = { 52, 53, 1023, 0x7fe };
const F128Format f128_quad_ext = { 112, 64, 16383, 0x7ffe };

typedef struct {
    gboolean sign;
    int e;
    F128 sig;       /* 0 for a zero */
} Parts;

static int msb128(F128 x)
{
    guint64 hi = (guint64)(x >> 64);

    return hi ? 127 - __builtin_clzll(hi) : 63 - __builtin_clzll((guint64)x);
}

/* x >> n with the bits shifted out ORed into bit 0. */
static F128 shr_jam(F128 x, int n)
{
    if (n <= 0) {
        return x;
    }
    if (n >= 128) {
        return x != 0;
    }
    return (x >> n) | ((x & (((F128)1 << n) - 1)) != 0);
}

static void unpack(F128 x, Parts *p)
{
    unsigned exp = f128_exp(x);

    p->sign = f128_is_neg(x);
    p->sig = x & F128_FRAC_MASK;
    if (exp) {
        p->sig |= (F128)1 << 112;
        p->e = (int)exp - 16383 - 112;
    } else {
        p->e = 1 - 16383 - 112;
    }
}

static F128 make_zero(gboolean sign)
{
    return sign ? F128_SIGN : 0;
}

static F128 sign_bit(const F128Format *fmt, gboolean sign)
{
    unsigned exp_bits = fmt == &f128_double ? 11 : 15;

    return sign ? (F128)1 << (fmt->frac_bits + exp_bits) : 0;
}

static F128 make_inf(const F128Format *fmt, gboolean sign)
{
    return sign_bit(fmt, sign) | (F128)(fmt->emax_field + 1) << fmt->frac_bits;
}

/* The largest finite value of @fmt. */
static F128 make_max(const F128Format *fmt, gboolean sign)
{
    F128 m = (((F128)1 << fmt->prec) - 1) << (fmt->frac_bits + 1 - fmt->prec);

    return sign_bit(fmt, sign) | (((F128)(fmt->emax_field - 1) << fmt->frac_bits) + m);
}

/* Rounds sign * sig * 2^(e + scale) (sig != 0, maybe jammed) to @fmt in @rn. */
static F128 round_pack(gboolean sign, int e, F128 sig, const F128Format *fmt, F128Round rn,
                       int scale, unsigned *flags)
{
    int p = msb128(sig), biased, drop, ue, shift;
    gboolean tiny, up = FALSE;
    F128 kept, rem, half, m, bits;

    e += scale;
    if (p < 126) {
        sig <<= 126 - p;
        e -= 126 - p;
    } else if (p == 127) {
        sig = shr_jam(sig, 1);
        e++;
    }
    /* the leading one is bit 126: the value's exponent is e + 126 */
    biased = e + 126 + fmt->bias;
    drop = 127 - (int)fmt->prec;
    tiny = biased < 1;
    if (tiny) {
        /* the format's denormals keep prec bits' spacing: 2^(1 - bias - (prec - 1)) */
        int denorm = 127 - (int)fmt->prec + 1 - biased;
        if (denorm > drop) {
            drop = denorm;
        }
        *flags |= F128_TINY;
    }
    if (drop > 127) {
        kept = 0;
        rem = 1;
        half = 2;       /* the remainder is below half an ulp */
    } else {
        kept = sig >> drop;
        rem = sig & (((F128)1 << drop) - 1);
        half = (F128)1 << (drop - 1);
    }
    if (rem) {
        *flags |= F128_INEXACT;
        switch (rn) {
        case F128_RN: up = rem > half || (rem == half && (kept & 1)); break;
        case F128_RA: up = rem >= half; break;
        case F128_RP: up = !sign; break;
        case F128_RM: up = sign; break;
        case F128_RO:
            if (!(kept & 1)) {
                kept |= 1;
                *flags |= F128_INCREMENTED;
            }
            break;
        default: break;
        }
        if (up) {
            kept++;
            *flags |= F128_INCREMENTED;
        }
    }
    /* kept's unit, as a power of two, against the format's last fraction bit */
    ue = (tiny ? 1 : biased) - fmt->bias - (int)fmt->frac_bits;
    shift = e + drop - ue;
    m = kept << shift;
    /* a carry out of the significand moves into the exponent field */
    bits = ((F128)(tiny ? 0 : biased - 1) << fmt->frac_bits) + m;
    if ((bits >> fmt->frac_bits) > (F128)fmt->emax_field) {
        gboolean to_inf = rn == F128_RN || (rn == F128_RP && !sign) || (rn == F128_RM && sign);
        *flags |= F128_OVERFLOW | F128_INEXACT;
        *flags &= ~F128_INCREMENTED;
        if (to_inf) {
            *flags |= F128_INCREMENTED;
            return make_inf(fmt, sign);
        }
        return make_max(fmt, sign);
    }
    return sign_bit(fmt, sign) | bits;
}

/* The sign of an exact zero sum of two nonzero values or of zeros of unlike signs. */
static F128 zero_sum(F128Round rn)
{
    return make_zero(rn == F128_RM);
}

F128 f128_add(F128 a, F128 b, F128Round rn, int scale, unsigned *flags)
{
    Parts x, y;
    F128 s;

    if (f128_is_inf(a)) {
        return a;
    }
    if (f128_is_inf(b)) {
        return b;
    }
    if (f128_is_zero(a) && f128_is_zero(b)) {
        return f128_is_neg(a) == f128_is_neg(b) ? a : zero_sum(rn);
    }
    unpack(a, &x);
    unpack(b, &y);
    if (!x.sig) {
        return round_pack(y.sign, y.e, y.sig, &f128_quad, rn, scale, flags);
    }
    if (!y.sig) {
        return round_pack(x.sign, x.e, x.sig, &f128_quad, rn, scale, flags);
    }
    /* leading ones at bit 125: one bit of headroom for the carry, 12 guard bits */
    x.e -= 125 - msb128(x.sig);
    x.sig <<= 125 - msb128(x.sig);
    y.e -= 125 - msb128(y.sig);
    y.sig <<= 125 - msb128(y.sig);
    if (x.e < y.e) {
        Parts t = x;
        x = y;
        y = t;
    }
    y.sig = shr_jam(y.sig, x.e - y.e);
    if (x.sign == y.sign) {
        s = x.sig + y.sig;
    } else if (x.sig >= y.sig) {
        s = x.sig - y.sig;
    } else {
        s = y.sig - x.sig;
        x.sign = y.sign;
    }
    if (!s) {
        return zero_sum(rn);
    }
    return round_pack(x.sign, x.e, s, &f128_quad, rn, scale, flags);
}

/* 256-bit unsigned integers for exact products. */
typedef struct {
    F128 hi, lo;
} U256;

static U256 mul128(F128 a, F128 b)
{
    guint64 a0 = (guint64)a, a1 = (guint64)(a >> 64), b0 = (guint64)b, b1 = (guint64)(b >> 64);
    F128 p00 = (F128)a0 * b0, p01 = (F128)a0 * b1, p10 = (F128)a1 * b0, p11 = (F128)a1 * b1;
    F128 mid = (p00 >> 64) + (guint64)p01 + (guint64)p10;
    U256 r;

    r.lo = (mid << 64) | (guint64)p00;
    r.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    return r;
}

static int msb256(U256 x)
{
    return x.hi ? 128 + msb128(x.hi) : x.lo ? msb128(x.lo) : -1;
}

static U256 shl256(U256 x, int n)
{
    U256 r;

    if (n <= 0) {
        return x;
    }
    if (n >= 128) {
        r.hi = x.lo << (n - 128);
        r.lo = 0;
    } else {
        r.hi = (x.hi << n) | (x.lo >> (128 - n));
        r.lo = x.lo << n;
    }
    return r;
}

static U256 shr256_jam(U256 x, int n)
{
    U256 r;

    if (n <= 0) {
        return x;
    }
    if (n >= 256) {
        r.hi = 0;
        r.lo = (x.hi | x.lo) != 0;
    } else if (n >= 128) {
        r.hi = 0;
        r.lo = shr_jam(x.hi, n - 128) | (x.lo != 0);
    } else {
        F128 lost = x.lo & (((F128)1 << n) - 1);
        r.hi = x.hi >> n;
        r.lo = (x.lo >> n) | (x.hi << (128 - n)) | (lost != 0);
    }
    return r;
}

/* A nonzero 256-bit value as a jammed 127-bit sig; *e grows by the shift. */
static F128 narrow256(U256 x, int *e)
{
    int p = msb256(x);

    if (p > 126) {
        x = shr256_jam(x, p - 126);
        *e += p - 126;
    }
    return x.lo;
}

F128 f128_mul(F128 a, F128 b, F128Round rn, int scale, unsigned *flags)
{
    gboolean sign = f128_is_neg(a) != f128_is_neg(b);
    Parts x, y;
    int e;

    if (f128_is_inf(a) || f128_is_inf(b)) {
        return make_inf(&f128_quad, sign);
    }
    if (f128_is_zero(a) || f128_is_zero(b)) {
        return make_zero(sign);
    }
    unpack(a, &x);
    unpack(b, &y);
    e = x.e + y.e;
    return round_pack(sign, e, narrow256(mul128(x.sig, y.sig), &e), &f128_quad, rn, scale,
                      flags);
}

F128 f128_div(F128 a, F128 b, F128Round rn, int scale, unsigned *flags)
{
    gboolean sign = f128_is_neg(a) != f128_is_neg(b);
    Parts x, y;
    F128 q = 0, r;
    int n = 120;

    if (f128_is_inf(a) || f128_is_zero(b)) {
        return make_inf(&f128_quad, sign);
    }
    if (f128_is_inf(b) || f128_is_zero(a)) {
        return make_zero(sign);
    }
    unpack(a, &x);
    unpack(b, &y);
    x.e -= 112 - msb128(x.sig);
    x.sig <<= 112 - msb128(x.sig);
    y.e -= 112 - msb128(y.sig);
    y.sig <<= 112 - msb128(y.sig);
    if (x.sig < y.sig) {
        x.sig <<= 1;
        x.e--;
    }
    /* restoring division: n quotient bits, the first one 1 */
    r = x.sig;
    for (int i = 0; i < n; i++) {
        q <<= 1;
        if (r >= y.sig) {
            r -= y.sig;
            q |= 1;
        }
        r <<= 1;
    }
    return round_pack(sign, x.e - y.e - (n - 1), q | (r != 0), &f128_quad, rn, scale, flags);
}

F128 f128_sqrt(F128 a, F128Round rn, int scale, unsigned *flags)
{
    Parts x;
    F128 root = 0, rem = 0;
    const int k = 60;      /* the radicand is sig * 2^(2k): a root of 117 bits */

    if (f128_is_inf(a) || f128_is_zero(a)) {
        return a;
    }
    unpack(a, &x);
    x.e -= 112 - msb128(x.sig);
    x.sig <<= 112 - msb128(x.sig);
    if (x.e & 1) {
        x.sig <<= 1;
        x.e--;
    }
    /* digit by digit, two radicand bits per root bit, from the top of sig << 2k */
    for (int i = 116; i >= 0; i--) {
        int pos = 2 * i - 2 * k;
        F128 pair = pos >= 0 ? (x.sig >> pos) & 3 : pos == -1 ? (x.sig << 1) & 3 : 0;
        F128 trial;

        rem = (rem << 2) | pair;
        trial = (root << 2) | 1;
        root <<= 1;
        if (rem >= trial) {
            rem -= trial;
            root |= 1;
        }
    }
    return round_pack(FALSE, x.e / 2 - k, root | (rem != 0), &f128_quad, rn, scale, flags);
}

F128 f128_muladd(F128 a, F128 b, F128 c, F128Round rn, int scale, unsigned *flags)
{
    gboolean psign = f128_is_neg(a) != f128_is_neg(b);
    Parts x, y, z;
    U256 p, q, s;
    int ep, ec, d;
    gboolean sign;

    if (f128_is_inf(a) || f128_is_inf(b)) {
        return make_inf(&f128_quad, psign);
    }
    if (f128_is_inf(c)) {
        return c;
    }
    if (f128_is_zero(a) || f128_is_zero(b)) {
        return f128_add(make_zero(psign), c, rn, scale, flags);
    }
    unpack(a, &x);
    unpack(b, &y);
    p = mul128(x.sig, y.sig);
    ep = x.e + y.e;
    if (f128_is_zero(c)) {
        return round_pack(psign, ep, narrow256(p, &ep), &f128_quad, rn, scale, flags);
    }
    unpack(c, &z);
    /* both leading ones at bit 253; the smaller value shifted right, jammed */
    ep -= 253 - msb256(p);
    p = shl256(p, 253 - msb256(p));
    q.hi = z.sig;
    q.lo = 0;
    ec = z.e - 128 - (253 - msb256(q));
    q = shl256(q, 253 - msb256(q));
    if (ep >= ec) {
        q = shr256_jam(q, ep - ec);
        d = ep;
    } else {
        p = shr256_jam(p, ec - ep);
        d = ec;
    }
    if (psign == z.sign) {
        s.lo = p.lo + q.lo;
        s.hi = p.hi + q.hi + (s.lo < p.lo);
        sign = psign;
    } else {
        U256 *big = &p, *small = &q;
        sign = psign;
        if (p.hi < q.hi || (p.hi == q.hi && p.lo < q.lo)) {
            big = &q;
            small = &p;
            sign = z.sign;
        }
        s.lo = big->lo - small->lo;
        s.hi = big->hi - small->hi - (big->lo < small->lo);
    }
    if (!s.hi && !s.lo) {
        return zero_sum(rn);
    }
    return round_pack(sign, d, narrow256(s, &d), &f128_quad, rn, scale, flags);
}

F128 f128_round_to(F128 a, const F128Format *fmt, F128Round rn, int scale, unsigned *flags)
{
    Parts x;

    if (f128_is_inf(a)) {
        return make_inf(fmt, f128_is_neg(a));
    }
    if (f128_is_zero(a)) {
        return sign_bit(fmt, f128_is_neg(a));
    }
    unpack(a, &x);
    return round_pack(x.sign, x.e, x.sig, fmt, rn, scale, flags);
}

F128 f128_from_f64(guint64 d)
{
    F128 sign = (F128)(d >> 63) << 127;
    unsigned exp = (d >> 52) & 0x7ff;
    guint64 frac = d & 0xfffffffffffffull;

    if (exp == 0x7ff) {
        return sign | F128_EXP_MASK | (F128)frac << 60;
    }
    if (exp == 0) {
        unsigned flags = 0;
        if (!frac) {
            return sign;
        }
        /* a denormal double is a normal binary128: exact */
        return round_pack(d >> 63, -1074, frac, &f128_quad, F128_RN, 0, &flags);
    }
    return sign | (F128)(exp - 1023 + 16383) << 112 | (F128)frac << 60;
}

F128 f128_from_int(unsigned __int128 v, gboolean is_signed, F128Round rn, unsigned *flags)
{
    gboolean sign = is_signed && (v >> 127);

    if (sign) {
        v = -v;
    }
    if (!v) {
        return 0;
    }
    return round_pack(sign, 0, v, &f128_quad, rn, 0, flags);
}

F128 f128_round_int(F128 a, F128Round rn, unsigned *flags)
{
    Parts x;
    F128 kept, rem, half;
    gboolean up = FALSE;
    int n;

    if (f128_is_inf(a) || f128_is_zero(a) || f128_exp(a) >= 16383 + 112) {
        return a;
    }
    unpack(a, &x);
    n = -x.e;       /* fraction bits: 1 or more */
    if (n > 114) {
        /* below one half */
        kept = 0;
        rem = 1;
        half = 2;
    } else {
        kept = x.sig >> n;
        rem = x.sig & (((F128)1 << n) - 1);
        half = (F128)1 << (n - 1);
    }
    if (rem) {
        *flags |= F128_INEXACT;
        switch (rn) {
        case F128_RN: up = rem > half || (rem == half && (kept & 1)); break;
        case F128_RA: up = rem >= half; break;
        case F128_RP: up = !x.sign; break;
        case F128_RM: up = x.sign; break;
        default: break;
        }
    }
    kept += up;
    if (!kept) {
        return make_zero(x.sign);
    }
    return round_pack(x.sign, 0, kept, &f128_quad, F128_RN, 0, flags);
}

gboolean f128_to_int(F128 a, unsigned bits, gboolean is_signed, unsigned __int128 *out,
                     gboolean *inexact)
{
    gboolean sign = f128_is_neg(a), ok = TRUE;
    unsigned __int128 mag = 0, max;
    Parts x;

    *inexact = FALSE;
    if (f128_is_inf(a)) {
        ok = FALSE;
    } else if (!f128_is_zero(a)) {
        unpack(a, &x);
        if (x.e >= 0) {
            if (msb128(x.sig) + x.e >= 128) {
                ok = FALSE;
            } else {
                mag = x.sig << x.e;
            }
        } else {
            mag = -x.e >= 128 ? 0 : x.sig >> -x.e;
            *inexact = (-x.e >= 128 ? x.sig : x.sig & (((F128)1 << -x.e) - 1)) != 0;
        }
    }
    if (is_signed) {
        max = ((unsigned __int128)1 << (bits - 1)) - 1;
        if (ok && (sign ? mag > max + 1 : mag > max)) {
            ok = FALSE;
        }
    } else {
        max = bits == 128 ? ~(unsigned __int128)0 : ((unsigned __int128)1 << bits) - 1;
        if (ok && ((sign && mag) || mag > max)) {
            ok = FALSE;
        }
    }
    if (!ok) {
        *inexact = FALSE;
        if (is_signed) {
            *out = sign ? ~max : max;
        } else {
            *out = sign ? 0 : max;
        }
        return FALSE;
    }
    *out = sign ? -mag : mag;
    return TRUE;
}

int f128_compare(F128 a, F128 b)
{
    gboolean sa = f128_is_neg(a), sb = f128_is_neg(b);
    F128 ma = a & ~F128_SIGN, mb = b & ~F128_SIGN;

    if (!ma && !mb) {
        return 0;
    }
    if (sa != sb) {
        return sa ? -1 : 1;
    }
    if (ma == mb) {
        return 0;
    }
    return (ma < mb) != sa ? -1 : 1;
}
