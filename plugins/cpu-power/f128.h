/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IEEE binary128 arithmetic in portable C on unsigned __int128 (no host quad-precision FPU). */
#pragma once

#include <glib.h>

typedef unsigned __int128 F128;

#define F128_SIGN ((F128)1 << 127)
#define F128_EXP_MASK ((F128)0x7fff << 112)
#define F128_FRAC_MASK (((F128)1 << 112) - 1)
#define F128_QUIET ((F128)1 << 111)
#define F128_DEFAULT_NAN (F128_EXP_MASK | F128_QUIET)

static inline F128 f128_make(guint64 hi, guint64 lo) { return (F128)hi << 64 | lo; }
static inline guint64 f128_hi(F128 x) { return (guint64)(x >> 64); }
static inline guint64 f128_lo(F128 x) { return (guint64)x; }
static inline unsigned f128_exp(F128 x) { return (unsigned)(x >> 112) & 0x7fff; }
static inline gboolean f128_is_neg(F128 x) { return (x >> 127) != 0; }
static inline gboolean f128_is_nan(F128 x) { return (x & ~F128_SIGN) > F128_EXP_MASK; }
static inline gboolean f128_is_snan(F128 x) { return f128_is_nan(x) && !(x & F128_QUIET); }
static inline gboolean f128_is_inf(F128 x) { return (x & ~F128_SIGN) == F128_EXP_MASK; }
static inline gboolean f128_is_zero(F128 x) { return (x & ~F128_SIGN) == 0; }
static inline gboolean f128_is_denormal(F128 x) { return f128_exp(x) == 0 && !f128_is_zero(x); }

/* Rounding modes: FPSCR[RN]'s encoding, then round to odd and round to nearest, ties away. */
typedef enum { F128_RN, F128_RZ, F128_RP, F128_RM, F128_RO, F128_RA } F128Round;

/*
 * What a rounding did: inexact, overflow, tiny (before rounding, Power ISA
 * Book I 4.4.4) and incremented (the rounded magnitude is larger than the
 * truncated one: FPSCR[FR]).
 */
enum { F128_INEXACT = 1, F128_OVERFLOW = 2, F128_TINY = 4, F128_INCREMENTED = 8 };

/*
 * The format a result is rounded to: binary128, binary64, or binary128's
 * exponent range with a 64-bit significand (xsrqpxp).
 */
typedef struct {
    unsigned frac_bits;     /* stored fraction bits: 112 or 52 */
    unsigned prec;          /* significand bits kept: 113, 53 or 64 */
    int bias;               /* 16383 or 1023 */
    int emax_field;         /* the largest biased exponent of a finite value */
} F128Format;

extern const F128Format f128_quad, f128_double, f128_quad_ext;

/*
 * The operations take operands that are not NaNs and are not an invalid
 * combination (the caller decides those, as the ISA orders them); the
 * result is rounded in @rn to @fmt (binary128 unless said). @scale is
 * added to the exponent of the exact result before rounding (the
 * enabled overflow/underflow adjustment) and disables overflow to
 * infinity and denormalisation. *@flags collects F128_*.
 */
F128 f128_add(F128 a, F128 b, F128Round rn, int scale, unsigned *flags);
F128 f128_mul(F128 a, F128 b, F128Round rn, int scale, unsigned *flags);
F128 f128_div(F128 a, F128 b, F128Round rn, int scale, unsigned *flags);
F128 f128_sqrt(F128 a, F128Round rn, int scale, unsigned *flags);
/* a * b + c, rounded once. */
F128 f128_muladd(F128 a, F128 b, F128 c, F128Round rn, int scale, unsigned *flags);
/* @a rounded to @fmt (binary64 bits in the low 64 of the result, or a binary128). */
F128 f128_round_to(F128 a, const F128Format *fmt, F128Round rn, int scale, unsigned *flags);
/* The binary64 @d as a binary128 (exact; a NaN keeps its payload). */
F128 f128_from_f64(guint64 d);
/* A signed or unsigned 128-bit integer as binary128, rounded in @rn. */
F128 f128_from_int(unsigned __int128 v, gboolean is_signed, F128Round rn, unsigned *flags);
/* @a rounded to an integral value in @rn (not F128_RO), in binary128. */
F128 f128_round_int(F128 a, F128Round rn, unsigned *flags);
/*
 * @a (not a NaN) truncated toward zero to an integer of @bits (32, 64 or 128),
 * signed or not; out of range gives FALSE and the saturated value.
 */
gboolean f128_to_int(F128 a, unsigned bits, gboolean is_signed, unsigned __int128 *out,
                     gboolean *inexact);
/* -1, 0, 1 for a < b, a == b, a > b (neither a NaN; -0 == +0). */
int f128_compare(F128 a, F128 b);
