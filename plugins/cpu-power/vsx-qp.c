/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VSX scalar quad-precision instructions (Power ISA 3.0B Book I 7.6; ISA 3.1 additions). */
#include "vec.h"
#include "fpu.h"
#include "f128.h"

/*
 * The operands are VSRs 32-63 (VRT, VRA, VRB name VR n = VSR 32 + n) as
 * binary128 values, dword 0 holding the sign and exponent. The arithmetic
 * is f128.c's; what is Power-specific is decided here, as fpu.c does it for
 * double precision: NaN operands and their order (the first NaN among VRA,
 * VRB and, for the multiply-adds, VRT as the addend before VRB, quieted),
 * the invalid-operation causes, zero divide, FPRF, FR/FI and the enabled
 * exceptions (Book I 7.4): an enabled invalid operation or zero divide
 * leaves VRT alone; an enabled overflow or underflow delivers the result
 * with its exponent adjusted by -/+24576 (3 * 2^13, the binary128 analogue
 * of 1536 for binary64; 1536 for xscvqpdp's binary64 result). The "o" forms
 * (bit 31, RO) round to odd instead of FPSCR[RN].
 */

#define VRT(i) (32 + F_RT(i))
#define VRA(i) (32 + F_RA(i))
#define VRB(i) (32 + F_RB(i))

#define QP_SCALE 24576
#define DP_SCALE 1536

static F128 vsr_get(PowerCpu *cpu, unsigned n)
{
    return f128_make(cpu->regs.vsr[n].dw[0], cpu->regs.vsr[n].dw[1]);
}

static void vsr_put(PowerCpu *cpu, unsigned n, F128 x)
{
    cpu->regs.vsr[n].dw[0] = f128_hi(x);
    cpu->regs.vsr[n].dw[1] = f128_lo(x);
}

/* One instruction's FPSCR. */
typedef struct {
    PowerCpu *cpu;
    guint64 fpscr;
    gboolean enabled;       /* an enabled exception: the program interrupt follows */
    gboolean suppress;      /* an enabled invalid or zero divide: VRT is not written */
} QpCtx;

static void qp_begin(QpCtx *q, PowerCpu *cpu)
{
    q->cpu = cpu;
    q->fpscr = cpu->regs.fpscr;
    q->enabled = FALSE;
    q->suppress = FALSE;
}

/* Sets an exception bit, FX when it goes from 0 to 1 (Book I 4.2.2). */
static void qp_set_exc(QpCtx *q, guint64 bit, guint64 enable)
{
    if (!(q->fpscr & bit)) {
        q->fpscr |= FP(FX);
    }
    q->fpscr |= bit;
    if (q->fpscr & enable) {
        q->enabled = TRUE;
    }
}

static void qp_invalid(QpCtx *q, guint64 cause)
{
    qp_set_exc(q, cause, FP(VE));
    q->fpscr &= ~(FP(FR) | FP(FI));
    if (q->fpscr & FP(VE)) {
        q->suppress = TRUE;
    }
}

/* FPRF (C FL FG FE FU) of a binary128 value (Book I 4.2.2). */
static guint64 qp_fprf(F128 x)
{
    gboolean neg = f128_is_neg(x);

    if (f128_is_nan(x)) {
        return 0x11;
    }
    if (f128_is_inf(x)) {
        return neg ? 0x09 : 0x05;
    }
    if (f128_is_zero(x)) {
        return neg ? 0x12 : 0x02;
    }
    if (f128_is_denormal(x)) {
        return neg ? 0x18 : 0x14;
    }
    return neg ? 0x08 : 0x04;
}

static void qp_set_fprf(QpCtx *q, guint64 fprf)
{
    q->fpscr = (q->fpscr & ~FP_FPRF_MASK) | fprf << FPSCR_FPRF;
}

/* OX, UX, XX, FR, FI after a rounding (Book I 7.4.3-7.4.5). */
static void qp_rounded(QpCtx *q, unsigned flags, gboolean ux)
{
    q->fpscr &= ~(FP(FR) | FP(FI));
    if (flags & F128_OVERFLOW) {
        qp_set_exc(q, FP(OX), FP(OE));
    }
    if (ux) {
        qp_set_exc(q, FP(UX), FP(UE));
    }
    if (flags & F128_INEXACT) {
        qp_set_exc(q, FP(XX), FP(XE));
        q->fpscr |= FP(FI);
        if (flags & F128_INCREMENTED) {
            q->fpscr |= FP(FR);
        }
    }
}

/* The FPSCR, then the program interrupt when an exception is enabled and MSR[FE0,FE1] != 0. */
static void qp_end(QpCtx *q)
{
    PowerCpu *cpu = q->cpu;

    cpu->regs.fpscr = fpscr_summaries(q->fpscr);
    if (q->enabled && (cpu->regs.msr & (MSR_BIT(MSR_FE0) | MSR_BIT(MSR_FE1)))) {
        power_raise(cpu, POWER_EXCP_PROGRAM, SRR1_PROGFP);
    }
}

static F128Round qp_rounding(QpCtx *q, guint32 insn)
{
    return (insn & 1) ? F128_RO : (F128Round)(q->fpscr & FP_RN_MASK);
}

typedef enum {
    QP_ADD, QP_SUB, QP_MUL, QP_DIV, QP_SQRT, QP_MADD, QP_MSUB, QP_NMADD, QP_NMSUB,
} QpOp;

static F128 qp_compute(QpOp op, F128 a, F128 b, F128 c, F128Round rn, int scale,
                       unsigned *flags)
{
    switch (op) {
    case QP_ADD: return f128_add(a, b, rn, scale, flags);
    case QP_SUB: return f128_add(a, b ^ F128_SIGN, rn, scale, flags);
    case QP_MUL: return f128_mul(a, b, rn, scale, flags);
    case QP_DIV: return f128_div(a, b, rn, scale, flags);
    case QP_SQRT: return f128_sqrt(b, rn, scale, flags);
    case QP_MADD: case QP_NMADD: return f128_muladd(a, b, c, rn, scale, flags);
    default: return f128_muladd(a, b, c ^ F128_SIGN, rn, scale, flags);
    }
}

/*
 * A rounded result with the overflow and underflow rules: disabled, the
 * default result with OX, or UX when tiny and inexact; enabled, the result
 * with its exponent adjusted by @adjust and OX or UX (Book I 7.4.3, 7.4.4).
 */
typedef F128 (*QpRoundFn)(const void *arg, int scale, unsigned *flags);

static F128 qp_round_rules(QpCtx *q, QpRoundFn fn, const void *arg, int adjust)
{
    unsigned flags = 0;
    F128 r = fn(arg, 0, &flags);

    if ((flags & F128_OVERFLOW) && (q->fpscr & FP(OE))) {
        flags = 0;
        r = fn(arg, -adjust, &flags);
        qp_rounded(q, flags | F128_OVERFLOW, FALSE);
    } else if ((flags & F128_TINY) && (q->fpscr & FP(UE))) {
        flags = 0;
        r = fn(arg, adjust, &flags);
        qp_rounded(q, flags & ~F128_OVERFLOW, TRUE);
    } else {
        qp_rounded(q, flags, (flags & F128_TINY) && (flags & F128_INEXACT));
    }
    return r;
}

typedef struct {
    QpOp op;
    F128 a, b, c;
    F128Round rn;
} QpArith;

static F128 qp_arith_round(const void *arg, int scale, unsigned *flags)
{
    const QpArith *x = arg;

    return qp_compute(x->op, x->a, x->b, x->c, x->rn, scale, flags);
}

static gboolean is_inf_times_zero(F128 a, F128 b)
{
    return (f128_is_inf(a) && f128_is_zero(b)) || (f128_is_zero(a) && f128_is_inf(b));
}

/*
 * The arithmetic: VRT = VRA op VRB; the multiply-adds VRA * VRB +/- VRT.
 * NaN order VRA, VRT (the addend), VRB (Book I 7.6, each instruction's
 * special-case table; the same order as xsmaddadp's).
 */
static void helper_qp_arith(PowerCpu *cpu, guint64 insn, guint64 op)
{
    F128 a = vsr_get(cpu, VRA(insn)), b = vsr_get(cpu, VRB(insn)), c = vsr_get(cpu, VRT(insn));
    F128 ops[3], r;
    unsigned n;
    gboolean invalid = FALSE;
    QpCtx q;

    qp_begin(&q, cpu);
    switch (op) {
    case QP_SQRT:
        ops[0] = b, n = 1;
        break;
    case QP_MADD: case QP_MSUB: case QP_NMADD: case QP_NMSUB:
        ops[0] = a, ops[1] = c, ops[2] = b, n = 3;
        break;
    default:
        ops[0] = a, ops[1] = b, n = 2;
        break;
    }
    for (unsigned i = 0; i < n; i++) {
        if (f128_is_snan(ops[i])) {
            qp_invalid(&q, FP(VXSNAN));
            invalid = TRUE;
            break;
        }
    }
    switch (op) {
    case QP_ADD:
    case QP_SUB:
        if (f128_is_inf(a) && f128_is_inf(b) &&
            (f128_is_neg(a) != f128_is_neg(b)) == (op == QP_ADD)) {
            qp_invalid(&q, FP(VXISI));
            invalid = TRUE;
        }
        break;
    case QP_MUL:
        if (is_inf_times_zero(a, b)) {
            qp_invalid(&q, FP(VXIMZ));
            invalid = TRUE;
        }
        break;
    case QP_DIV:
        if (f128_is_inf(a) && f128_is_inf(b)) {
            qp_invalid(&q, FP(VXIDI));
            invalid = TRUE;
        } else if (f128_is_zero(a) && f128_is_zero(b)) {
            qp_invalid(&q, FP(VXZDZ));
            invalid = TRUE;
        }
        break;
    case QP_SQRT:
        if (f128_is_neg(b) && !f128_is_zero(b) && !f128_is_nan(b)) {
            qp_invalid(&q, FP(VXSQRT));
            invalid = TRUE;
        }
        break;
    default:
        if (is_inf_times_zero(a, b)) {
            qp_invalid(&q, FP(VXIMZ));
            invalid = TRUE;
        } else if ((f128_is_inf(a) || f128_is_inf(b)) && !f128_is_nan(a) && !f128_is_nan(b) &&
                   f128_is_inf(c)) {
            gboolean sub = op == QP_MSUB || op == QP_NMSUB;
            if ((f128_is_neg(a) ^ f128_is_neg(b)) != (f128_is_neg(c) ^ sub)) {
                qp_invalid(&q, FP(VXISI));
                invalid = TRUE;
            }
        }
        break;
    }

    r = F128_DEFAULT_NAN;
    for (unsigned i = 0; i < n; i++) {
        if (f128_is_nan(ops[i])) {
            /* a NaN operand gives that NaN, quieted (not negated by the xsnm* forms) */
            r = ops[i] | F128_QUIET;
            if (!invalid) {
                q.fpscr &= ~(FP(FR) | FP(FI));
            }
            invalid = TRUE;
            break;
        }
    }
    if (!invalid) {
        if (op == QP_DIV && f128_is_zero(b) && !f128_is_inf(a)) {
            qp_set_exc(&q, FP(ZX), FP(ZE));
            q.fpscr &= ~(FP(FR) | FP(FI));
            if (q.fpscr & FP(ZE)) {
                q.suppress = TRUE;
            }
            r = ((a ^ b) & F128_SIGN) | F128_EXP_MASK;
        } else {
            QpArith x = { (QpOp)op, a, b, c, qp_rounding(&q, (guint32)insn) };
            r = qp_round_rules(&q, qp_arith_round, &x, QP_SCALE);
            if (op == QP_NMADD || op == QP_NMSUB) {
                /* the rounded sum, negated (Book I 7.6, xsnmaddqp) */
                r ^= F128_SIGN;
            }
        }
    }
    if (!q.suppress) {
        vsr_put(cpu, VRT(insn), r);
        qp_set_fprf(&q, qp_fprf(r));
    }
    qp_end(&q);
}

static const ModvmTcgHelper h_qp_arith = {
    "qp_arith", (gpointer)helper_qp_arith, 3, FALSE, 1, FALSE
};

/*
 * xscmpuqp, xscmpoqp (Book I 7.6): CR field BF and FPCC. xscmpoqp: a QNaN
 * is VXVC; an SNaN is VXSNAN and, with VE=0, VXVC too. xscmpexpqp compares
 * the exponent fields and raises nothing.
 */
typedef enum { QP_CMPU, QP_CMPO, QP_CMPEXP } QpCmp;

static void helper_qp_cmp(PowerCpu *cpu, guint64 insn, guint64 kind)
{
    F128 a = vsr_get(cpu, VRA(insn)), b = vsr_get(cpu, VRB(insn));
    guint32 c;
    QpCtx q;

    qp_begin(&q, cpu);
    if (f128_is_nan(a) || f128_is_nan(b)) {
        c = 1;
    } else if (kind == QP_CMPEXP) {
        unsigned ea = f128_exp(a), eb = f128_exp(b);
        c = ea < eb ? 8 : ea > eb ? 4 : 2;
    } else {
        int r = f128_compare(a, b);
        c = r < 0 ? 8 : r > 0 ? 4 : 2;
    }
    q.fpscr = (q.fpscr & ~(0xfull << FPSCR_FPRF)) | (guint64)c << FPSCR_FPRF;
    cpu->regs.crf[F_BF(insn)] = c;
    if (kind != QP_CMPEXP) {
        if (f128_is_snan(a) || f128_is_snan(b)) {
            qp_set_exc(&q, FP(VXSNAN), FP(VE));
            if (kind == QP_CMPO && !(q.fpscr & FP(VE))) {
                qp_set_exc(&q, FP(VXVC), FP(VE));
            }
        } else if (kind == QP_CMPO && c == 1) {
            qp_set_exc(&q, FP(VXVC), FP(VE));
        }
    }
    qp_end(&q);
}

static const ModvmTcgHelper h_qp_cmp = { "qp_cmp", (gpointer)helper_qp_cmp, 3, FALSE, 1, FALSE };

/*
 * ISA 3.1 (Book I 7.6): xscmpeqqp, xscmpgeqp, xscmpgtqp give an all-ones or
 * all-zeros mask (an SNaN is VXSNAN; for ge and gt any NaN is VXVC too);
 * xsmaxcqp gives VRA when it is greater or equal, xsmincqp when it is less,
 * else VRB (VRB for NaNs), an SNaN being VXSNAN. Equal means +0 and -0 too:
 * xsmaxcqp(+0, -0) is +0 and xsmaxcqp(-0, +0) is -0, as on QEMU 7.2.
 */
typedef enum { QP_CMPEQ, QP_CMPGE, QP_CMPGT, QP_MAXC, QP_MINC } QpCmp31;

static void helper_qp_cmp31(PowerCpu *cpu, guint64 insn, guint64 kind)
{
    F128 a = vsr_get(cpu, VRA(insn)), b = vsr_get(cpu, VRB(insn)), r;
    gboolean nan = f128_is_nan(a) || f128_is_nan(b);
    int c = nan ? 2 : f128_compare(a, b);
    QpCtx q;

    qp_begin(&q, cpu);
    if (f128_is_snan(a) || f128_is_snan(b)) {
        qp_invalid(&q, FP(VXSNAN));
    }
    if (nan && (kind == QP_CMPGE || kind == QP_CMPGT)) {
        qp_invalid(&q, FP(VXVC));
    }
    switch (kind) {
    case QP_CMPEQ: r = c == 0 ? ~(F128)0 : 0; break;
    case QP_CMPGE: r = (c == 0 || c == 1) ? ~(F128)0 : 0; break;
    case QP_CMPGT: r = c == 1 ? ~(F128)0 : 0; break;
    case QP_MAXC: r = (c == 1 || c == 0) ? a : b; break;
    default: r = c == -1 ? a : b; break;
    }
    if (!q.suppress) {
        vsr_put(cpu, VRT(insn), r);
    }
    qp_end(&q);
}

static const ModvmTcgHelper h_qp_cmp31 = {
    "qp_cmp31", (gpointer)helper_qp_cmp31, 3, FALSE, 1, FALSE
};

/* The conversions of opcode 63 xo 836, told apart by the VRA field. */
enum {
    CV_QPUQZ = 0, CV_QPUWZ = 1, CV_UDQP = 2, CV_UQQP = 3, CV_QPSQZ = 8, CV_QPSWZ = 9,
    CV_SDQP = 10, CV_SQQP = 11, CV_QPUDZ = 17, CV_QPDP = 20, CV_DPQP = 22, CV_QPSDZ = 25,
};

typedef struct {
    F128 b;
    F128Round rn;
    const F128Format *fmt;
} QpRound;

static F128 qp_round_to(const void *arg, int scale, unsigned *flags)
{
    const QpRound *x = arg;

    return f128_round_to(x->b, x->fmt, x->rn, scale, flags);
}

/* FPRF of a binary64. */
static guint64 dp_fprf(guint64 x)
{
    F128 q = f128_from_f64(x);

    if ((x & 0x7ff0000000000000ull) == 0 && (x << 1)) {
        return f128_is_neg(q) ? 0x18 : 0x14;    /* a denormal binary64 is a normal binary128 */
    }
    return qp_fprf(q);
}

/*
 * xscvqp[su][wdq]z: truncated toward zero; a NaN or an out-of-range value
 * is VXCVI (and VXSNAN) and gives the saturated value (a NaN: the most
 * negative signed value, or 0); FPRF is not altered. The word results are
 * extended to dword 0 (sign-extended for xscvqpswz), dword 1 is 0.
 */
static void qp_to_int(QpCtx *q, PowerCpu *cpu, guint32 insn, F128 b, unsigned bits,
                      gboolean is_signed)
{
    unsigned __int128 v;
    gboolean inexact = FALSE;

    q->fpscr &= ~(FP(FR) | FP(FI));
    if (f128_is_nan(b)) {
        if (f128_is_snan(b)) {
            qp_invalid(q, FP(VXSNAN));
        }
        qp_invalid(q, FP(VXCVI));
        v = is_signed ? (unsigned __int128)1 << (bits - 1) : 0;
        if (is_signed) {
            v = -v;
        }
    } else if (!f128_to_int(b, bits, is_signed, &v, &inexact)) {
        qp_invalid(q, FP(VXCVI));
    } else if (inexact) {
        qp_rounded(q, F128_INEXACT, FALSE);
    }
    if (bits == 32) {
        v = is_signed ? (unsigned __int128)(guint64)(gint64)(gint32)(guint32)v
                      : (unsigned __int128)(guint32)v;
    } else if (bits == 64) {
        v = (unsigned __int128)(guint64)v;
    }
    if (!q->suppress) {
        if (bits == 128) {
            vsr_put(cpu, VRT(insn), v);
        } else {
            vsr_put(cpu, VRT(insn), f128_make((guint64)v, 0));
        }
    }
}

static void helper_qp_cvt(PowerCpu *cpu, guint64 insn, guint64 kind)
{
    F128 b = vsr_get(cpu, VRB(insn)), r;
    QpCtx q;

    qp_begin(&q, cpu);
    switch (kind) {
    case CV_QPSDZ: qp_to_int(&q, cpu, insn, b, 64, TRUE); break;
    case CV_QPUDZ: qp_to_int(&q, cpu, insn, b, 64, FALSE); break;
    case CV_QPSWZ: qp_to_int(&q, cpu, insn, b, 32, TRUE); break;
    case CV_QPUWZ: qp_to_int(&q, cpu, insn, b, 32, FALSE); break;
    case CV_QPSQZ: qp_to_int(&q, cpu, insn, b, 128, TRUE); break;
    case CV_QPUQZ: qp_to_int(&q, cpu, insn, b, 128, FALSE); break;
    case CV_SDQP:
    case CV_UDQP:
    case CV_SQQP:
    case CV_UQQP: {
        /* integer to binary128: exact from 64 bits, rounded in FPSCR[RN] from 128 */
        unsigned flags = 0;
        gboolean is_signed = kind == CV_SDQP || kind == CV_SQQP;
        unsigned __int128 v = b;
        if (kind == CV_SDQP || kind == CV_UDQP) {
            guint64 d = f128_hi(b);
            v = is_signed ? (unsigned __int128)(__int128)(gint64)d : d;
        }
        r = f128_from_int(v, is_signed, (F128Round)(q.fpscr & FP_RN_MASK), &flags);
        qp_rounded(&q, flags, FALSE);
        vsr_put(cpu, VRT(insn), r);
        qp_set_fprf(&q, qp_fprf(r));
        break;
    }
    case CV_DPQP: {
        /* binary64 (dword 0) to binary128: exact; an SNaN is quieted */
        r = f128_from_f64(f128_hi(b));
        q.fpscr &= ~(FP(FR) | FP(FI));
        if (f128_is_snan(r)) {
            qp_invalid(&q, FP(VXSNAN));
            r |= F128_QUIET;
        }
        if (!q.suppress) {
            vsr_put(cpu, VRT(insn), r);
            qp_set_fprf(&q, qp_fprf(r));
        }
        break;
    }
    default: {
        /* xscvqpdp[o]: rounded to binary64 in dword 0, dword 1 = 0 */
        guint64 d;
        if (f128_is_nan(b)) {
            if (f128_is_snan(b)) {
                qp_invalid(&q, FP(VXSNAN));
            } else {
                q.fpscr &= ~(FP(FR) | FP(FI));
            }
            d = (f128_hi(b) & 0x8000000000000000ull) | 0x7ff8000000000000ull |
                (guint64)((b & F128_FRAC_MASK) >> 60);
        } else {
            QpRound x = { b, qp_rounding(&q, (guint32)insn), &f128_double };
            d = (guint64)qp_round_rules(&q, qp_round_to, &x, DP_SCALE);
        }
        if (!q.suppress) {
            vsr_put(cpu, VRT(insn), f128_make(d, 0));
            qp_set_fprf(&q, dp_fprf(d));
        }
        break;
    }
    }
    qp_end(&q);
}

static const ModvmTcgHelper h_qp_cvt = { "qp_cvt", (gpointer)helper_qp_cvt, 3, FALSE, 1, FALSE };

/*
 * xsrqpi[x] and xsrqpxp (Book I 7.6, Z23-form): the rounding mode is R
 * and RMC: R=1 gives RMC's FPSCR[RN] encoding, R=0 RMC=0 rounds to
 * nearest with ties away from zero, R=0 RMC=3 uses FPSCR[RN] (R=0 RMC=1
 * and 2 are reserved; they use FPSCR[RN] here). xsrqpi[x] round to an
 * integral value: FR is 0, FI and XX are set only by xsrqpix (EX=1) when
 * inexact. xsrqpxp rounds to 64 significand bits (double-extended) in the
 * binary128 format, with the full FR, FI, XX, OX, UX rules.
 */
static F128Round z23_rounding(QpCtx *q, guint32 insn)
{
    unsigned r = (insn >> 16) & 1, rmc = (insn >> 9) & 3;

    if (r) {
        return (F128Round)rmc;
    }
    return rmc == 0 ? F128_RA : (F128Round)(q->fpscr & FP_RN_MASK);
}

static void helper_qp_round(PowerCpu *cpu, guint64 insn, guint64 extended)
{
    F128 b = vsr_get(cpu, VRB(insn)), r;
    QpCtx q;

    qp_begin(&q, cpu);
    if (f128_is_nan(b)) {
        if (f128_is_snan(b)) {
            qp_invalid(&q, FP(VXSNAN));
        }
        q.fpscr &= ~(FP(FR) | FP(FI));
        r = b | F128_QUIET;
        if (extended) {
            /* the NaN's fraction cut to the 63 bits double-extended holds, as QEMU does */
            r &= ~(((F128)1 << 49) - 1);
        }
    } else if (extended) {
        QpRound x = { b, z23_rounding(&q, (guint32)insn), &f128_quad_ext };
        r = qp_round_rules(&q, qp_round_to, &x, QP_SCALE);
    } else {
        unsigned flags = 0;
        r = f128_round_int(b, z23_rounding(&q, (guint32)insn), &flags);
        q.fpscr &= ~(FP(FR) | FP(FI));
        if ((insn & 1) && (flags & F128_INEXACT)) {
            qp_set_exc(&q, FP(XX), FP(XE));
            q.fpscr |= FP(FI);
        }
    }
    if (!q.suppress) {
        vsr_put(cpu, VRT(insn), r);
        qp_set_fprf(&q, qp_fprf(r));
    }
    qp_end(&q);
}

static const ModvmTcgHelper h_qp_round = {
    "qp_round", (gpointer)helper_qp_round, 3, FALSE, 1, FALSE
};

/*
 * The moves: no FPSCR. xsabsqp, xsnabsqp, xsnegqp, xscpsgnqp (sign of VRA,
 * the rest of VRB), xsiexpqp (sign and fraction of VRA, exponent from bits
 * 49:63 of VRB, in its dword 0), xsxexpqp (the exponent in dword 0), xsxsigqp
 * (the significand with its implicit bit).
 */
enum { MV_ABS, MV_NABS, MV_NEG, MV_CPSGN, MV_IEXP, MV_XEXP, MV_XSIG };

static void helper_qp_move(PowerCpu *cpu, guint64 insn, guint64 kind)
{
    F128 a = vsr_get(cpu, VRA(insn)), b = vsr_get(cpu, VRB(insn)), r;

    switch (kind) {
    case MV_ABS: r = b & ~F128_SIGN; break;
    case MV_NABS: r = b | F128_SIGN; break;
    case MV_NEG: r = b ^ F128_SIGN; break;
    case MV_CPSGN: r = (a & F128_SIGN) | (b & ~F128_SIGN); break;
    case MV_IEXP: r = (a & ~F128_EXP_MASK) | (F128)(f128_hi(b) & 0x7fff) << 112; break;
    case MV_XEXP: r = f128_make(f128_exp(b), 0); break;
    default: {
        unsigned e = f128_exp(b);
        r = b & F128_FRAC_MASK;
        if (e != 0 && e != 0x7fff) {
            r |= (F128)1 << 112;
        }
        break;
    }
    }
    vsr_put(cpu, VRT(insn), r);
}

static const ModvmTcgHelper h_qp_move = {
    "qp_move", (gpointer)helper_qp_move, 3, FALSE, 1, FALSE
};

/*
 * xststdcqp BF,VRB,DCMX (Book I 7.6): CR field BF and FPCC = sign, match,
 * 0, 0; DCMX bits (from the left) select NaN, +inf, -inf, +0, -0,
 * +denormal, -denormal.
 */
static void helper_xststdcqp(PowerCpu *cpu, guint64 insn)
{
    F128 b = vsr_get(cpu, VRB(insn));
    unsigned dcmx = (insn >> 16) & 0x7f, bit;
    gboolean neg = f128_is_neg(b);
    guint32 c;

    if (f128_is_nan(b)) {
        bit = 0x40;
    } else if (f128_is_inf(b)) {
        bit = neg ? 0x10 : 0x20;
    } else if (f128_is_zero(b)) {
        bit = neg ? 0x04 : 0x08;
    } else if (f128_is_denormal(b)) {
        bit = neg ? 0x01 : 0x02;
    } else {
        bit = 0;
    }
    c = (neg ? 8 : 0) | ((dcmx & bit) ? 2 : 0);
    cpu->regs.crf[F_BF(insn)] = c;
    cpu->regs.fpscr = (cpu->regs.fpscr & ~(0xfull << FPSCR_FPRF)) | (guint64)c << FPSCR_FPRF;
}

static const ModvmTcgHelper h_xststdcqp = {
    "xststdcqp", (gpointer)helper_xststdcqp, 2, FALSE, 1, FALSE
};

/* Translation. */

static gboolean gen_qp(PowerDisas *d, const ModvmTcgHelper *h, guint64 arg)
{
    power_call(d, h, power_const(d, d->insn), power_const(d, arg), 0);
    return TRUE;
}

/* Forms without RO have bit 31 reserved; the compares also bits 9:10. */
static gboolean rsv(PowerDisas *d, guint32 mask)
{
    return (d->insn & mask) == 0;
}

static gboolean isa31(PowerDisas *d)
{
    return d->isa >= ISA310;
}

TRANS(xsaddqp) { return gen_qp(d, &h_qp_arith, QP_ADD); }
TRANS(xssubqp) { return gen_qp(d, &h_qp_arith, QP_SUB); }
TRANS(xsmulqp) { return gen_qp(d, &h_qp_arith, QP_MUL); }
TRANS(xsdivqp) { return gen_qp(d, &h_qp_arith, QP_DIV); }
TRANS(xsmaddqp) { return gen_qp(d, &h_qp_arith, QP_MADD); }
TRANS(xsmsubqp) { return gen_qp(d, &h_qp_arith, QP_MSUB); }
TRANS(xsnmaddqp) { return gen_qp(d, &h_qp_arith, QP_NMADD); }
TRANS(xsnmsubqp) { return gen_qp(d, &h_qp_arith, QP_NMSUB); }
TRANS(xscpsgnqp) { return rsv(d, 1) && gen_qp(d, &h_qp_move, MV_CPSGN); }
TRANS(xsiexpqp) { return rsv(d, 1) && gen_qp(d, &h_qp_move, MV_IEXP); }
TRANS(xscmpuqp) { return rsv(d, 0x00600001) && gen_qp(d, &h_qp_cmp, QP_CMPU); }
TRANS(xscmpoqp) { return rsv(d, 0x00600001) && gen_qp(d, &h_qp_cmp, QP_CMPO); }
TRANS(xscmpexpqp) { return rsv(d, 0x00600001) && gen_qp(d, &h_qp_cmp, QP_CMPEXP); }
TRANS(xscmpeqqp) { return isa31(d) && rsv(d, 1) && gen_qp(d, &h_qp_cmp31, QP_CMPEQ); }
TRANS(xscmpgeqp) { return isa31(d) && rsv(d, 1) && gen_qp(d, &h_qp_cmp31, QP_CMPGE); }
TRANS(xscmpgtqp) { return isa31(d) && rsv(d, 1) && gen_qp(d, &h_qp_cmp31, QP_CMPGT); }
TRANS(xsmaxcqp) { return isa31(d) && rsv(d, 1) && gen_qp(d, &h_qp_cmp31, QP_MAXC); }
TRANS(xsmincqp) { return isa31(d) && rsv(d, 1) && gen_qp(d, &h_qp_cmp31, QP_MINC); }

TRANS(xststdcqp)
{
    if (!rsv(d, 1)) {
        return FALSE;
    }
    power_call(d, &h_xststdcqp, power_const(d, d->insn), 0, 0);
    return TRUE;
}

/* xo 804: the VRA field picks the operation; only xssqrtqp has RO. */
TRANS(xsqp804)
{
    switch (F_RA(d->insn)) {
    case 0: return rsv(d, 1) && gen_qp(d, &h_qp_move, MV_ABS);
    case 2: return rsv(d, 1) && gen_qp(d, &h_qp_move, MV_XEXP);
    case 8: return rsv(d, 1) && gen_qp(d, &h_qp_move, MV_NABS);
    case 16: return rsv(d, 1) && gen_qp(d, &h_qp_move, MV_NEG);
    case 18: return rsv(d, 1) && gen_qp(d, &h_qp_move, MV_XSIG);
    case 27: return gen_qp(d, &h_qp_arith, QP_SQRT);
    default: return FALSE;
    }
}

/* xo 836: the conversions; only xscvqpdp has RO; the 128-bit integer ones are ISA 3.1. */
TRANS(xsqp836)
{
    unsigned kind = F_RA(d->insn);

    switch (kind) {
    case CV_QPDP:
        break;
    case CV_QPUQZ: case CV_UQQP: case CV_QPSQZ: case CV_SQQP:
        if (!isa31(d)) {
            return FALSE;
        }
        /* fall through */
    case CV_QPUWZ: case CV_UDQP: case CV_QPSWZ: case CV_SDQP: case CV_QPUDZ: case CV_DPQP:
    case CV_QPSDZ:
        if (!rsv(d, 1)) {
            return FALSE;
        }
        break;
    default:
        return FALSE;
    }
    return gen_qp(d, &h_qp_cvt, kind);
}

/* Z23-form: bits 11:14 are reserved. */
TRANS(xsrqpi) { return rsv(d, 0x001e0000) && gen_qp(d, &h_qp_round, 0); }
TRANS(xsrqpxp) { return rsv(d, 0x001e0001) && gen_qp(d, &h_qp_round, 1); }
