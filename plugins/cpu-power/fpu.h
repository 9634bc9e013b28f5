/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What fpu.c shares with the VSX vector forms (vsx-vec.c) and the quad-precision
 * instructions (vsx-qp.c): the FPSCR and the operation steps.
 */
#pragma once

#include "vec.h"

/* FPSCR bits (Book I 4.2.2), as shifts from the least significant bit. */
enum {
    FPSCR_FX = 31, FPSCR_FEX = 30, FPSCR_VX = 29, FPSCR_OX = 28, FPSCR_UX = 27, FPSCR_ZX = 26,
    FPSCR_XX = 25, FPSCR_VXSNAN = 24, FPSCR_VXISI = 23, FPSCR_VXIDI = 22, FPSCR_VXZDZ = 21,
    FPSCR_VXIMZ = 20, FPSCR_VXVC = 19, FPSCR_FR = 18, FPSCR_FI = 17, FPSCR_FPRF = 12,
    FPSCR_VXSOFT = 10, FPSCR_VXSQRT = 9, FPSCR_VXCVI = 8, FPSCR_VE = 7, FPSCR_OE = 6,
    FPSCR_UE = 5, FPSCR_ZE = 4, FPSCR_XE = 3, FPSCR_NI = 2, FPSCR_RN = 0, FPSCR_DRN = 32,
};
#define FP(b) (1ull << FPSCR_##b)
#define FP_VX_ALL (FP(VXSNAN) | FP(VXISI) | FP(VXIDI) | FP(VXZDZ) | FP(VXIMZ) | FP(VXVC) | \
                   FP(VXSOFT) | FP(VXSQRT) | FP(VXCVI))
#define FP_EXC_ALL (FP(OX) | FP(UX) | FP(ZX) | FP(XX) | FP_VX_ALL)
#define FP_FPRF_MASK (0x1full << FPSCR_FPRF)
#define FP_ENABLES (FP(VE) | FP(OE) | FP(UE) | FP(ZE) | FP(XE))
#define FP_RN_MASK 3ull
#define FP_DRN_MASK (7ull << FPSCR_DRN)

#define F64_SIGN 0x8000000000000000ull
#define F64_INF 0x7ff0000000000000ull
#define F64_QUIET 0x0008000000000000ull
#define F64_DEFAULT_NAN 0x7ff8000000000000ull

#define FPR(cpu, n) ((cpu)->regs.vsr[n].dw[0])
#define FPR_OFF(n) CPU_OFF(regs.vsr[n].dw[0])
/*
 * Doubleword 1 of the VSR an FPR instruction writes: undefined in ISA 3.0, 0 in ISA 3.1 (Book I
 * 7.2.1), and 0 on POWER9 and in QEMU; so it is set to 0 here.
 */
#define FPR_DW1(cpu, n) ((cpu)->regs.vsr[n].dw[1])

static inline gboolean f64_is_nan(guint64 x) { return (x & ~F64_SIGN) > F64_INF; }
static inline gboolean f64_is_snan(guint64 x) { return f64_is_nan(x) && !(x & F64_QUIET); }
static inline gboolean f64_is_inf(guint64 x) { return (x & ~F64_SIGN) == F64_INF; }
static inline gboolean f64_is_zero(guint64 x) { return (x & ~F64_SIGN) == 0; }
static inline gboolean f64_is_neg(guint64 x) { return (x & F64_SIGN) != 0; }
static inline gboolean f64_is_zero_or_denormal(guint64 x) { return (x & F64_INF) == 0; }

static inline double f64_val(guint64 x)
{
    double d;
    memcpy(&d, &x, sizeof(d));
    return d;
}

static inline guint64 f64_bits(double d)
{
    guint64 x;
    memcpy(&x, &d, sizeof(x));
    return x;
}

/* One instruction's view of the FPSCR. */
typedef struct {
    PowerCpu *cpu;
    guint32 insn;
    guint64 *dest;          /* FRT, or doubleword 0 of VSR[XT] for the VSX scalar forms */
    guint64 fpscr;
    gboolean enabled;       /* an enabled exception occurred: the program interrupt follows */
    gboolean suppress;      /* an enabled invalid or zero divide: the target is not written */
} FpCtx;

typedef enum {
    FP_ADD, FP_SUB, FP_MUL, FP_DIV, FP_SQRT, FP_RE, FP_RSQRTE,
    FP_MADD, FP_MSUB, FP_NMADD, FP_NMSUB,
    FP_FRSP, FP_CFID, FP_CFIDU,
} FpOp;

typedef struct {
    guint64 bits;
    gboolean inexact, overflow, underflow, fr;
} HostResult;

/* fcti kind bits: 1 word, 2 unsigned, 4 toward zero, 8 VSX (FPRF left alone). */
#define CVT_VSX 8
/* fp_round_int's modes: 0 nearest (ties away), 1 zero, 2 +inf, 3 -inf, 4 the FPSCR's (sets XX). */
#define FRI_CURRENT 4

guint64 fprf_of(guint64 x);
/* VX and FEX recomputed from the other bits. */
guint64 fpscr_summaries(guint64 f);
void fp_begin(FpCtx *f, PowerCpu *cpu, guint64 insn);
void fp_end(FpCtx *f, gboolean rc);
void fp_set_exc(FpCtx *f, guint64 bit, guint64 enable);
void fp_invalid(FpCtx *f, guint64 cause);
void fp_zero_divide(FpCtx *f);
void fp_set_fprf(FpCtx *f, guint64 result);
void fp_rounded(FpCtx *f, const HostResult *r);
guint64 nan_result(guint64 x, gboolean single);
void fp_write(FpCtx *f, guint64 result, gboolean set_fprf);
void fp_arith(FpCtx *f, FpOp op, guint64 a, guint64 b, guint64 c, gboolean single);
void fp_round_single(FpCtx *f, guint64 b);
void fp_round_int(FpCtx *f, guint64 b, guint64 mode);
void fp_to_int(FpCtx *f, guint64 b, guint64 kind);
void fp_from_int(FpCtx *f, guint64 b, gboolean is_unsigned, gboolean single);
void fp_compare(FpCtx *f, guint64 a, guint64 b, gboolean ordered, unsigned bf);
guint32 f64_to_f32_bits(guint64 x);
/* vsx-vec.c: a half-precision (binary16) value as a double, exactly. */
guint64 f16_to_dp(guint16 h);
HostResult host_round(FpOp op, double a, double b, double c, gboolean single, unsigned rn,
                      int scale);
void host_reset(void);
