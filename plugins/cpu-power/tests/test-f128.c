/* SPDX-License-Identifier: GPL-2.0-or-later */
/* f128.c against the host's binary128 (libgcc soft-fp and libquadmath) on random and edge operands. */
#include "f128.h"

#include <fenv.h>
#include <quadmath.h>
#include <string.h>

/*
 * The oracle: __float128 arithmetic honours the fenv rounding mode and
 * raises IEEE flags on x86-64. Two differences from Power are accounted
 * for: the host detects tininess after rounding (Power before: the cases
 * whose result is the smallest normal magnitude are skipped for the
 * underflow flag), and it has no round-to-odd, which is computed as the
 * toward-zero result with its last bit set when inexact (the definition).
 */

static const int host_mode[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD };

static F128 q_bits(__float128 q)
{
    F128 b;
    memcpy(&b, &q, sizeof(b));
    return b;
}

static __float128 q_val(F128 b)
{
    __float128 q;
    memcpy(&q, &b, sizeof(q));
    return q;
}

static GRand *rng;

static guint64 r64(void)
{
    return (guint64)g_rand_int(rng) << 32 | g_rand_int(rng);
}

/* A finite or infinite operand, biased toward the edges of the format. */
static F128 random_operand(void)
{
    F128 frac, sign = (F128)(g_rand_int(rng) & 1) << 127;
    unsigned exp;

    switch (g_rand_int_range(rng, 0, 8)) {
    case 0: exp = 0; break;                                 /* zero or denormal */
    case 1: exp = g_rand_int_range(rng, 1, 200); break;     /* tiny */
    case 2: exp = g_rand_int_range(rng, 0x7fff - 200, 0x7fff); break;   /* huge */
    case 3: exp = g_rand_int_range(rng, 16383 - 130, 16383 + 130); break;
    default: exp = g_rand_int_range(rng, 16383 - 8000, 16383 + 8000); break;
    }
    switch (g_rand_int_range(rng, 0, 5)) {
    case 0: frac = 0; break;
    case 1: frac = F128_FRAC_MASK; break;
    case 2: frac = (F128)1 << g_rand_int_range(rng, 0, 112); break;
    case 3: frac = F128_FRAC_MASK >> g_rand_int_range(rng, 0, 112); break;
    default: frac = ((F128)r64() << 64 | r64()) & F128_FRAC_MASK; break;
    }
    if (g_rand_int_range(rng, 0, 100) == 0) {
        return sign | F128_EXP_MASK;
    }
    return sign | (F128)exp << 112 | frac;
}

/* A second operand near the first one: cancellation, ties, carries. */
static F128 related_operand(F128 a)
{
    switch (g_rand_int_range(rng, 0, 4)) {
    case 0: return a ^ F128_SIGN;
    case 1: return (a ^ F128_SIGN) + g_rand_int_range(rng, -3, 4);
    case 2: return a + ((F128)1 << g_rand_int_range(rng, 0, 120));
    default: return random_operand();
    }
}

typedef enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_FMA, OP_TODBL, OP_RINT, OP__N } Op;
static const char *const op_names[] = { "add", "sub", "mul", "div", "sqrt", "fma", "todbl", "rint" };

static gboolean valid(Op op, F128 a, F128 b, F128 c)
{
    if (f128_is_nan(a) || f128_is_nan(b) || f128_is_nan(c)) {
        return FALSE;       /* the caller of f128.c deals with NaNs */
    }
    switch (op) {
    case OP_ADD: return !(f128_is_inf(a) && f128_is_inf(b) && (a ^ b) == F128_SIGN);
    case OP_SUB: return !(f128_is_inf(a) && f128_is_inf(b) && a == b);
    case OP_MUL: return !((f128_is_inf(a) && f128_is_zero(b)) ||
                          (f128_is_zero(a) && f128_is_inf(b)));
    case OP_DIV: return !(f128_is_inf(a) && f128_is_inf(b)) && !f128_is_zero(b);
    case OP_SQRT: return !f128_is_neg(a) || f128_is_zero(a);
    case OP_FMA:
        if ((f128_is_inf(a) && f128_is_zero(b)) || (f128_is_zero(a) && f128_is_inf(b))) {
            return FALSE;
        }
        if ((f128_is_inf(a) || f128_is_inf(b)) && f128_is_inf(c)) {
            return f128_is_neg(a) ^ f128_is_neg(b) ^ f128_is_neg(c) ? FALSE : TRUE;
        }
        return TRUE;
    default: return TRUE;
    }
}

static F128 host_op(Op op, F128 a, F128 b, F128 c, int rn, int *ex)
{
    volatile __float128 x = q_val(a), y = q_val(b), z = q_val(c), r;
    F128 bits;

    fesetround(host_mode[rn]);
    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case OP_ADD: r = x + y; break;
    case OP_SUB: r = x - y; break;
    case OP_MUL: r = x * y; break;
    case OP_DIV: r = x / y; break;
    case OP_SQRT: r = sqrtq(x); break;
    case OP_FMA: r = fmaq(x, y, z); break;
    case OP_TODBL: {
        volatile double d = (double)x;
        guint64 db;
        memcpy(&db, (const void *)&d, sizeof(db));
        *ex = fetestexcept(FE_ALL_EXCEPT);
        fesetround(FE_TONEAREST);
        return db;
    }
    default: r = rintq(x); break;
    }
    *ex = fetestexcept(FE_ALL_EXCEPT);
    fesetround(FE_TONEAREST);
    bits = q_bits(r);
    return bits;
}

static F128 soft_op(Op op, F128 a, F128 b, F128 c, F128Round rn, unsigned *flags)
{
    switch (op) {
    case OP_ADD: return f128_add(a, b, rn, 0, flags);
    case OP_SUB: return f128_add(a, b ^ F128_SIGN, rn, 0, flags);
    case OP_MUL: return f128_mul(a, b, rn, 0, flags);
    case OP_DIV: return f128_div(a, b, rn, 0, flags);
    case OP_SQRT: return f128_sqrt(a, rn, 0, flags);
    case OP_FMA: return f128_muladd(a, b, c, rn, 0, flags);
    case OP_TODBL: return f128_round_to(a, &f128_double, rn, 0, flags);
    default: return f128_round_int(a, rn, flags);
    }
}

/*
 * libquadmath's sqrtq is not correctly rounded (sqrt(2) comes out one ulp
 * high), so square roots are checked exactly instead: with the result's
 * significand R and the operand scaled to the result's units (x), R must
 * satisfy the rounding mode's inequalities between R^2, x and (R +/- 1)^2
 * (or (2R +/- 1)^2 against 4x for round to nearest).
 */
typedef struct {
    F128 hi, lo;
} W256;

static W256 w_mul(F128 a, F128 b)
{
    guint64 a0 = (guint64)a, a1 = (guint64)(a >> 64), b0 = (guint64)b, b1 = (guint64)(b >> 64);
    F128 p00 = (F128)a0 * b0, p01 = (F128)a0 * b1, p10 = (F128)a1 * b0, p11 = (F128)a1 * b1;
    F128 mid = (p00 >> 64) + (guint64)p01 + (guint64)p10;
    W256 r = { p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64), (mid << 64) | (guint64)p00 };

    return r;
}

static int w_cmp(W256 a, W256 b)
{
    if (a.hi != b.hi) {
        return a.hi < b.hi ? -1 : 1;
    }
    return a.lo == b.lo ? 0 : a.lo < b.lo ? -1 : 1;
}

static void sig_exp(F128 x, F128 *sig, int *e)
{
    unsigned ex = f128_exp(x);

    *sig = (x & F128_FRAC_MASK) | (ex ? (F128)1 << 112 : 0);
    *e = (ex ? (int)ex : 1) - 16383 - 112;
}

static gboolean sqrt_ok(F128 a, int rn, F128 got, unsigned flags)
{
    F128 X, R;
    int ea, er, k;
    W256 x, sq, lo, hi;
    gboolean exact;

    if (f128_is_zero(a) || f128_is_inf(a)) {
        return got == a && flags == 0;
    }
    sig_exp(a, &X, &ea);
    sig_exp(got, &R, &er);
    k = ea - 2 * er;
    if (k < 0 || k > 250) {
        return FALSE;
    }
    x.hi = k >= 128 ? X << (k - 128) : k ? X >> (128 - k) : 0;
    x.lo = k >= 128 ? 0 : X << k;
    sq = w_mul(R, R);
    exact = w_cmp(sq, x) == 0;
    if (exact != !(flags & F128_INEXACT)) {
        return FALSE;
    }
    if (exact) {
        return TRUE;
    }
    lo = w_mul(R - 1, R - 1);
    hi = w_mul(R + 1, R + 1);
    switch (rn) {
    case 1: case 3:
        return w_cmp(sq, x) < 0 && w_cmp(x, hi) < 0;
    case 2:
        return w_cmp(lo, x) < 0 && w_cmp(x, sq) < 0;
    case 4:
        return (R & 1) && w_cmp(lo, x) < 0 && w_cmp(x, hi) < 0;
    default: {
        /* (2R - 1)^2 < 4x < (2R + 1)^2 */
        W256 x4 = { (x.hi << 2) | (x.lo >> 126), x.lo << 2 };
        return w_cmp(w_mul(2 * R - 1, 2 * R - 1), x4) < 0 &&
               w_cmp(x4, w_mul(2 * R + 1, 2 * R + 1)) < 0;
    }
    }
}

static unsigned checked, failures;

static void check_one(Op op, F128 a, F128 b, F128 c, int rn)
{
    int ex = 0;
    unsigned flags = 0;
    F128 want, got;
    gboolean odd = rn == 4, inexact, overflow, underflow_host;

    if (!valid(op, a, b, c)) {
        return;
    }
    if (op == OP_RINT && odd) {
        return;
    }
    if (op == OP_SQRT) {
        got = f128_sqrt(a, odd ? F128_RO : (F128Round)rn, 0, &flags);
        checked++;
        if (!sqrt_ok(a, rn, got, flags) && failures++ < 20) {
            g_printerr("sqrt rn=%d a=%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x: "
                       "got %016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x flags %x\n", rn,
                       f128_hi(a), f128_lo(a), f128_hi(got), f128_lo(got), flags);
        }
        return;
    }
    want = host_op(op, a, b, c, odd ? 1 : rn, &ex);
    if (odd && (ex & FE_INEXACT) && !f128_is_inf(want)) {
        want |= 1;      /* round to odd: truncated, last bit set when inexact */
    }
    got = soft_op(op, a, b, c, odd ? F128_RO : (F128Round)rn, &flags);
    inexact = (flags & F128_INEXACT) != 0;
    overflow = (flags & F128_OVERFLOW) != 0;
    underflow_host = (ex & FE_UNDERFLOW) != 0;
    checked++;
    if (op == OP_RINT) {
        /* rintq raises inexact; Power's xsrqpix reports it the same way */
        overflow = FALSE;
        ex &= ~(FE_OVERFLOW | FE_UNDERFLOW);
    }
    gboolean bad = got != want || inexact != ((ex & FE_INEXACT) != 0) ||
                   overflow != ((ex & FE_OVERFLOW) != 0);
    if (op != OP_RINT) {
        /* tiny before rounding (Power) vs after (host): they differ only at the smallest normal */
        gboolean tiny = (flags & F128_TINY) && inexact;
        F128 mag = op == OP_TODBL ? (want & ~((F128)1 << 63)) : (want & ~F128_SIGN);
        F128 min_normal = op == OP_TODBL ? (F128)1 << 52 : (F128)1 << 112;
        if (mag != min_normal && tiny != underflow_host) {
            bad = TRUE;
        }
    }
    if (bad && failures++ < 20) {
        g_printerr("%s rn=%d a=%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x "
                   "b=%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x "
                   "c=%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x: "
                   "got %016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x flags %x, "
                   "want %016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x ex %x\n",
                   op_names[op], rn, f128_hi(a), f128_lo(a), f128_hi(b), f128_lo(b), f128_hi(c),
                   f128_lo(c), f128_hi(got), f128_lo(got), flags, f128_hi(want), f128_lo(want),
                   ex);
    }
}

static void test_random(gconstpointer data)
{
    Op op = GPOINTER_TO_INT(data);
    int n = op == OP_DIV || op == OP_SQRT ? 40000 : 100000;

    rng = g_rand_new_with_seed(1234 + op);
    checked = failures = 0;
    for (int i = 0; i < n; i++) {
        F128 a = random_operand(), b = related_operand(a), c = random_operand();
        if (op == OP_FMA && g_rand_int_range(rng, 0, 2)) {
            /* an addend that cancels the product's leading bits */
            unsigned flags = 0;
            c = f128_mul(a, b, F128_RZ, 0, &flags) ^ F128_SIGN;
            c += g_rand_int_range(rng, -2, 3);
        }
        for (int rn = 0; rn < 5; rn++) {
            check_one(op, a, b, c, rn);
        }
    }
    g_rand_free(rng);
    g_test_message("%s: %u checked, %u failed", op_names[op], checked, failures);
    g_assert_cmpuint(failures, ==, 0);
    g_assert_cmpuint(checked, >, (unsigned)n);
}

/* Conversions and integers, against the host's exact or rounded conversions. */
static void test_integers(void)
{
    rng = g_rand_new_with_seed(99);
    for (int i = 0; i < 100000; i++) {
        gint64 s = (gint64)(r64() >> g_rand_int_range(rng, 0, 64));
        unsigned flags = 0;
        F128 a = random_operand();
        unsigned __int128 v;
        gboolean inexact;
        __int128 wide = (__int128)((unsigned __int128)r64() << 64 | r64());
        int rn = g_rand_int_range(rng, 0, 4);
        int ex;

        g_assert_true(f128_from_int((unsigned __int128)(__int128)s, TRUE, F128_RN, &flags) ==
                      q_bits((__float128)s));
        g_assert_cmpuint(flags, ==, 0);
        fesetround(host_mode[rn]);
        feclearexcept(FE_ALL_EXCEPT);
        {
            volatile __int128 vw = wide;
            volatile __float128 q = (__float128)vw;
            ex = fetestexcept(FE_INEXACT);
            fesetround(FE_TONEAREST);
            flags = 0;
            g_assert_true(f128_from_int(wide, TRUE, (F128Round)rn, &flags) == q_bits(q));
            g_assert_cmpint((flags & F128_INEXACT) != 0, ==, ex != 0);
        }
        if (f128_to_int(a, 64, TRUE, &v, &inexact)) {
            volatile __float128 q = q_val(a);
            g_assert_cmpint((gint64)(guint64)v, ==, (gint64)q);
            g_assert_cmpint(inexact, ==, truncq(q) != q);
        } else {
            g_assert_true(f128_is_inf(a) || fabsq(q_val(a)) >= 0x1p63Q);
        }
        if (f128_to_int(a, 32, FALSE, &v, &inexact)) {
            volatile __float128 q = q_val(a);
            g_assert_cmpuint((guint32)v, ==, (guint32)(q < 0 ? 0 : q));
        } else {
            g_assert_true(f128_is_inf(a) || q_val(a) <= -1 || q_val(a) >= 0x1p32Q);
        }
        {
            guint64 d = r64();
            F128 w = f128_from_f64(d);
            double dv;
            memcpy(&dv, &d, sizeof(dv));
            if (!f128_is_nan(w)) {
                g_assert_true(w == q_bits((__float128)dv));
            }
        }
    }
    g_rand_free(rng);
}

/* Hand cases from the ISA's rules. */
static void test_cases(void)
{
    unsigned flags = 0;
    F128 one = (F128)16383 << 112, two = (F128)16384 << 112;
    F128 max = ((F128)0x7ffe << 112) | F128_FRAC_MASK, min_den = 1;

    /* 1 + 2^-113 (a tie) rounds to even in RN, to odd under RO */
    g_assert_true(f128_add(one, (F128)(16383 - 113) << 112, F128_RN, 0, &flags) == one);
    g_assert_true(flags == F128_INEXACT);
    flags = 0;
    g_assert_true(f128_add(one, (F128)(16383 - 113) << 112, F128_RO, 0, &flags) == (one | 1));
    g_assert_true(flags == (F128_INEXACT | F128_INCREMENTED));
    /* overflow: RN gives infinity, RZ and RO the largest finite value */
    flags = 0;
    g_assert_true(f128_mul(max, two, F128_RN, 0, &flags) == F128_EXP_MASK);
    g_assert_true(flags & F128_OVERFLOW);
    flags = 0;
    g_assert_true(f128_mul(max, two, F128_RZ, 0, &flags) == max);
    flags = 0;
    g_assert_true(f128_mul(max, two, F128_RO, 0, &flags) == max);
    /* enabled overflow: the exponent adjusted by -24576, exact */
    flags = 0;
    g_assert_true(f128_mul(max, two, F128_RN, -24576, &flags) ==
                  (((F128)(0x7ffe + 1 - 24576) << 112) | F128_FRAC_MASK));
    g_assert_true(flags == 0);
    /* the smallest denormal halved: tiny, inexact; RN ties to even (0), RP up */
    flags = 0;
    g_assert_true(f128_mul(min_den, (F128)16382 << 112, F128_RN, 0, &flags) == 0);
    g_assert_true(flags == (F128_TINY | F128_INEXACT));
    flags = 0;
    g_assert_true(f128_mul(min_den, (F128)16382 << 112, F128_RP, 0, &flags) == 1);
    /* x - x is +0, but -0 toward -infinity */
    flags = 0;
    g_assert_true(f128_add(two, two ^ F128_SIGN, F128_RM, 0, &flags) == F128_SIGN);
    g_assert_true(f128_add(two, two ^ F128_SIGN, F128_RN, 0, &flags) == 0);
    /* sqrt(4) = 2 exactly; quad to double of 1 + 2^-60 is inexact */
    flags = 0;
    g_assert_true(f128_sqrt((F128)16385 << 112, F128_RN, 0, &flags) == two && flags == 0);
    g_assert_true(f128_round_to(one | ((F128)1 << 52), &f128_double, F128_RN, 0, &flags) ==
                  0x3ff0000000000000ull);
    g_assert_true(flags == F128_INEXACT);
    /* rounding to an integer: 2.5 ties away gives 3, to even 2 */
    flags = 0;
    g_assert_true(f128_round_int(two | ((F128)1 << 110), F128_RA, &flags) ==
                  (((F128)16384 << 112) | ((F128)1 << 111)));
    g_assert_true(f128_round_int(two | ((F128)1 << 110), F128_RN, &flags) == two);
    /* -0.25 toward zero keeps its sign */
    g_assert_true(f128_round_int(F128_SIGN | (F128)16381 << 112, F128_RZ, &flags) == F128_SIGN);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cpu-power/f128/cases", test_cases);
    g_test_add_func("/cpu-power/f128/integers", test_integers);
    for (int op = 0; op < OP__N; op++) {
        char *path = g_strdup_printf("/cpu-power/f128/random/%s", op_names[op]);
        g_test_add_data_func(path, GINT_TO_POINTER(op), test_random);
        g_free(path);
    }
    return g_test_run();
}
