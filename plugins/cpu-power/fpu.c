/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Floating point (Power ISA Book I chapter 4) and the VSX scalar forms built on it (7.6). */
#include "fpu.h"

#include "hostfp.h"
#include <float.h>
#include <math.h>

/*
 * How: the host FPU does the IEEE arithmetic in the guest's rounding mode
 * (fesetround) and reports inexact, overflow and underflow (fetestexcept);
 * everything Power-specific is decided here before or after it: NaN
 * operands and their order (Book I 4.3, "Floating-Point Data"), the invalid-operation sub-causes
 * and zero divide (4.4.1, 4.4.2), FR and FI (FR: the rounded magnitude is
 * larger than the truncated one, computed again toward zero), FPRF (4.2.2)
 * and the enabled-exception program interrupt (4.4). Single-precision
 * operations round once: the double result is computed toward zero with
 * the inexact bit jammed into its last place ("round to odd"), which a
 * second rounding to 24 bits cannot get wrong. Every helper leaves the host
 * in round-to-nearest with no flags set, so no guest state leaks out.
 *
 * FPSCR[NI] (non-IEEE mode) is kept but changes nothing: the results stay
 * the IEEE ones, which Book I 4.2.2 allows (the non-IEEE results are
 * implementation-dependent) and which is what QEMU does. MSR[FE0,FE1]
 * 0b01 and 0b10 (imprecise modes) are run as precise.
 */

/* FPRF (C FL FG FE FU) of a double (Book I 4.2.2, "Floating-Point Result Flags"). */
guint64 fprf_of(guint64 x)
{
    gboolean neg = f64_is_neg(x);

    if (f64_is_nan(x)) {
        return 0x11;
    }
    if (f64_is_inf(x)) {
        return neg ? 0x09 : 0x05;
    }
    if (f64_is_zero(x)) {
        return neg ? 0x12 : 0x02;
    }
    if (f64_is_zero_or_denormal(x)) {
        return neg ? 0x18 : 0x14;
    }
    return neg ? 0x08 : 0x04;
}

/* VX and FEX follow the other bits (Book I 4.2.2). */
guint64 fpscr_summaries(guint64 f)
{
    f &= ~(FP(VX) | FP(FEX));
    if (f & FP_VX_ALL) {
        f |= FP(VX);
    }
    if (((f >> FPSCR_VX) & 1 && (f & FP(VE))) || ((f & FP(OX)) && (f & FP(OE))) ||
        ((f & FP(UX)) && (f & FP(UE))) || ((f & FP(ZX)) && (f & FP(ZE))) ||
        ((f & FP(XX)) && (f & FP(XE)))) {
        f |= FP(FEX);
    }
    return f;
}

void fp_begin(FpCtx *f, PowerCpu *cpu, guint64 insn)
{
    f->cpu = cpu;
    f->insn = (guint32)insn;
    f->dest = &FPR(cpu, F_RT(insn));
    f->fpscr = cpu->regs.fpscr;
    f->enabled = FALSE;
    f->suppress = FALSE;
}

/*
 * Sets exception bit @bit; FX when it goes from 0 to 1 (Book I 4.2.2: "every
 * floating-point instruction ... implicitly sets FX if ... any of the exception
 * bits change from 0 to 1").
 */
void fp_set_exc(FpCtx *f, guint64 bit, guint64 enable)
{
    if (!(f->fpscr & bit)) {
        f->fpscr |= FP(FX);
    }
    f->fpscr |= bit;
    if (f->fpscr & enable) {
        f->enabled = TRUE;
    }
}

void fp_invalid(FpCtx *f, guint64 cause)
{
    fp_set_exc(f, cause, FP(VE));
    f->fpscr &= ~(FP(FR) | FP(FI));
    if (f->fpscr & FP(VE)) {
        f->suppress = TRUE;
    }
}

void fp_zero_divide(FpCtx *f)
{
    fp_set_exc(f, FP(ZX), FP(ZE));
    f->fpscr &= ~(FP(FR) | FP(FI));
    if (f->fpscr & FP(ZE)) {
        f->suppress = TRUE;
    }
}

void fp_set_fprf(FpCtx *f, guint64 result)
{
    f->fpscr = (f->fpscr & ~FP_FPRF_MASK) | fprf_of(result) << FPSCR_FPRF;
}

/*
 * Ends the instruction: FPSCR, CR1 for Rc=1, the program interrupt when enabled (Book III "Program
 * Interrupt").
 */
void fp_end(FpCtx *f, gboolean rc)
{
    PowerCpu *cpu = f->cpu;

    gboolean interrupt = f->enabled && (cpu->regs.msr & (MSR_BIT(MSR_FE0) | MSR_BIT(MSR_FE1)));

    cpu->regs.fpscr = fpscr_summaries(f->fpscr);
    /* A suppressed instruction that interrupts leaves CR1 alone, as QEMU does. */
    if (rc && !(interrupt && f->suppress)) {
        cpu->regs.crf[1] = (cpu->regs.fpscr >> 28) & 0xf;
    }
    if (interrupt) {
        /* Both imprecise modes are run as the precise one, which Book III allows. */
        power_raise(cpu, POWER_EXCP_PROGRAM, SRR1_PROGFP);
    }
}

/* The host FPU. */

static const int host_rounding[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD };

void host_reset(void)
{
    hostfp_begin(FE_TONEAREST);
}

/*
 * The operation in the host's current rounding mode; volatile keeps it between fesetround and
 * fetestexcept.
 */
static double host_op(FpOp op, double a, double b, double c)
{
    volatile double va = a, vb = b, vc = c;
    volatile double r;

    switch (op) {
    case FP_ADD: r = va + vb; break;
    case FP_SUB: r = va - vb; break;
    case FP_MUL: r = va * vc; break;
    case FP_DIV: r = va / vb; break;
    case FP_SQRT: r = sqrt(vb); break;
    case FP_RE: r = 1.0 / vb; break;
    case FP_RSQRTE: { volatile double s = sqrt(vb); r = 1.0 / s; break; }
    case FP_MADD: case FP_NMADD: r = fma(va, vc, vb); break;
    case FP_MSUB: case FP_NMSUB: r = fma(va, vc, -vb); break;
    default: r = vb; break;     /* FP_FRSP: the value itself, rounded by the caller */
    }
    return r;
}

/* @op rounded once to double or to single precision (result as a double) in mode @rn. */
HostResult host_round(FpOp op, double a, double b, double c, gboolean single, unsigned rn,
                             int scale)
{
    HostResult res = { 0 };
    int ex;

    if (!single) {
        double r, rz;
        hostfp_begin(host_rounding[rn]);
        r = host_op(op, a, b, c);
        ex = hostfp_test(FE_ALL_EXCEPT);
        if (ex & FE_INEXACT) {
            hostfp_setround(FE_TOWARDZERO);
            rz = host_op(op, a, b, c);
            res.fr = fabs(r) != fabs(rz);
            /* Book I 4.4.4: tininess before rounding (the host detects it after) */
            if (fabs(rz) < DBL_MIN) {
                ex |= FE_UNDERFLOW;
            }
        }
        res.bits = f64_bits(r);
    } else {
        volatile double t;
        volatile float s, sz;
        guint64 tb;
        gboolean inexact1;

        hostfp_begin(FE_TOWARDZERO);
        t = host_op(op, a, b, c);
        inexact1 = hostfp_test(FE_INEXACT) != 0;
        if (!inexact1 && t == 0) {
            /* an exact zero: its sign depends on the rounding mode (x - x is -0 toward -inf) */
            hostfp_setround(host_rounding[rn]);
            t = host_op(op, a, b, c);
        }
        tb = f64_bits(t);
        if (inexact1 && !f64_is_inf(tb)) {
            tb |= 1;        /* round to odd */
        }
        hostfp_begin(host_rounding[rn]);
        if (scale) {
            t = ldexp(f64_val(tb), scale);  /* exact: the adjusted exponent of 4.4.3/4.4.4 */
            hostfp_clear();
        } else {
            t = f64_val(tb);
        }
        s = (float)t;
        ex = hostfp_test(FE_ALL_EXCEPT);
        if (inexact1) {
            ex |= FE_INEXACT;
        }
        if (ex & FE_INEXACT) {
            hostfp_setround(FE_TOWARDZERO);
            sz = (float)t;
            res.fr = fabsf(s) != fabsf(sz);
            if (fabsf(sz) < FLT_MIN) {
                ex |= FE_UNDERFLOW;
            }
        }
        res.bits = f64_bits((double)s);
    }
    res.inexact = (ex & FE_INEXACT) != 0;
    res.overflow = (ex & FE_OVERFLOW) != 0;
    res.underflow = (ex & FE_UNDERFLOW) != 0;
    host_reset();
    return res;
}

/*
 * Enabled overflow and underflow (Book I 4.4.3, 4.4.4) deliver the result
 * with its exponent adjusted by -/+1536 (192 for single precision),
 * rounded. The operands are scaled exactly so that the host rounds the
 * scaled exact result once; an operand too small to matter keeps only its
 * sign and a token magnitude well below half an ulp of the result.
 */
static double scale_sticky(double x, int s)
{
    if (x == 0 || !isfinite(x)) {
        return x;
    }
    if (ilogb(x) + s < -1000) {
        return copysign(0x1p-1000, x);
    }
    return ldexp(x, s);
}

static void split_product(double *a, double *c, int s)
{
    int t;

    if (*a == 0 || *c == 0 || !isfinite(*a) || !isfinite(*c)) {
        return;
    }
    t = ilogb(*a) + ilogb(*c) + s;
    if (t < -1900) {
        *a = copysign(0x1p-600, *a);
        *c = copysign(0x1p-600, *c);
        return;
    }
    *a = ldexp(*a, t / 2 - ilogb(*a));
    *c = ldexp(*c, t - t / 2 - ilogb(*c));
}

static HostResult host_adjusted(FpOp op, double a, double b, double c, gboolean single, unsigned rn,
                                int s, const HostResult *first)
{
    if (single) {
        return host_round(op, a, b, c, TRUE, rn, s > 0 ? 192 : -192);
    }
    if (!first->inexact) {
        HostResult r = { .bits = f64_bits(ldexp(f64_val(first->bits), s)) };
        return r;
    }
    switch (op) {
    case FP_MUL:
        split_product(&a, &c, s);
        break;
    case FP_DIV:
    case FP_RE: {
        double x = op == FP_RE ? 1.0 : a;
        int t = ilogb(x) - ilogb(b) + s;
        a = ldexp(x, t / 2 - ilogb(x));
        b = ldexp(b, t / 2 - t - ilogb(b));
        op = FP_DIV;
        break;
    }
    case FP_MADD: case FP_MSUB: case FP_NMADD: case FP_NMSUB:
        split_product(&a, &c, s);
        b = scale_sticky(b, s);
        break;
    default:
        a = scale_sticky(a, s);
        b = scale_sticky(b, s);
        break;
    }
    return host_round(op, a, b, c, FALSE, rn, 0);
}

/* Overflow, underflow, inexact, FR, FI of a rounded result (Book I 4.4.3-4.4.5). */
void fp_rounded(FpCtx *f, const HostResult *r)
{
    f->fpscr &= ~(FP(FR) | FP(FI));
    if (r->overflow) {
        fp_set_exc(f, FP(OX), FP(OE));
    }
    if (r->underflow) {
        fp_set_exc(f, FP(UX), FP(UE));
    }
    if (r->inexact) {
        fp_set_exc(f, FP(XX), FP(XE));
        f->fpscr |= FP(FI);
        if (r->fr) {
            f->fpscr |= FP(FR);
        }
    }
}

/*
 * A NaN result of a single-precision instruction: the fraction cut to 23
 * bits (Book I "Data Handling and Precision").
 */
guint64 nan_result(guint64 x, gboolean single)
{
    x |= F64_QUIET;
    return single ? x & ~0x1fffffffull : x;
}

/* Book I 4.3: the first NaN of @ops, in the instruction's order; 0 when none. */
static gboolean first_nan(const guint64 *ops, unsigned n, guint64 *out)
{
    for (unsigned i = 0; i < n; i++) {
        if (f64_is_nan(ops[i])) {
            *out = ops[i];
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean any_snan(const guint64 *ops, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (f64_is_snan(ops[i])) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Writes @result to FRT unless an enabled invalid or zero divide suppressed it, with FPRF. */
void fp_write(FpCtx *f, guint64 result, gboolean set_fprf)
{
    if (f->suppress) {
        return;
    }
    *f->dest = result;
    if (f->dest == &FPR(f->cpu, F_RT(f->insn))) {
        FPR_DW1(f->cpu, F_RT(f->insn)) = 0;
    }
    if (set_fprf) {
        fp_set_fprf(f, result);
    }
}

/*
 * A-form arithmetic: fadd fsub fmul fdiv fsqrt fre frsqrte and the
 * multiply-adds, double (opcode 63) or single (59). FRA * FRC + FRB;
 * NaN order FRA, FRB, FRC (Book I 4.3, "Floating-Point Data").
 */
void fp_arith(FpCtx *f, FpOp op, guint64 a, guint64 b, guint64 c, gboolean single)
{
    guint64 ops[3], nan, result;
    unsigned nops;
    gboolean invalid = FALSE;

    switch (op) {
    case FP_MUL:
        ops[0] = a, ops[1] = c, nops = 2;
        break;
    case FP_SQRT: case FP_RE: case FP_RSQRTE:
        ops[0] = b, nops = 1;
        break;
    case FP_MADD: case FP_MSUB: case FP_NMADD: case FP_NMSUB:
        ops[0] = a, ops[1] = b, ops[2] = c, nops = 3;
        break;
    default:
        ops[0] = a, ops[1] = b, nops = 2;
        break;
    }
    if (any_snan(ops, nops)) {
        fp_invalid(f, FP(VXSNAN));
        invalid = TRUE;
    }
    switch (op) {
    case FP_ADD:
    case FP_SUB:
        if (f64_is_inf(a) && f64_is_inf(b) &&
            (f64_is_neg(a) != f64_is_neg(b)) == (op == FP_ADD)) {
            fp_invalid(f, FP(VXISI));
            invalid = TRUE;
        }
        break;
    case FP_MUL:
        if ((f64_is_inf(a) && f64_is_zero(c)) || (f64_is_zero(a) && f64_is_inf(c))) {
            fp_invalid(f, FP(VXIMZ));
            invalid = TRUE;
        }
        break;
    case FP_DIV:
        if (f64_is_inf(a) && f64_is_inf(b)) {
            fp_invalid(f, FP(VXIDI));
            invalid = TRUE;
        } else if (f64_is_zero(a) && f64_is_zero(b)) {
            fp_invalid(f, FP(VXZDZ));
            invalid = TRUE;
        }
        break;
    case FP_SQRT:
    case FP_RSQRTE:
        if (f64_is_neg(b) && !f64_is_zero(b) && !f64_is_nan(b)) {
            fp_invalid(f, FP(VXSQRT));
            invalid = TRUE;
        }
        break;
    case FP_MADD: case FP_MSUB: case FP_NMADD: case FP_NMSUB:
        if ((f64_is_inf(a) && f64_is_zero(c)) || (f64_is_zero(a) && f64_is_inf(c))) {
            fp_invalid(f, FP(VXIMZ));
            invalid = TRUE;
        } else if ((f64_is_inf(a) || f64_is_inf(c)) && !f64_is_nan(a) && !f64_is_nan(c) &&
                   f64_is_inf(b)) {
            gboolean sub = op == FP_MSUB || op == FP_NMSUB;
            if ((f64_is_neg(a) ^ f64_is_neg(c)) != (f64_is_neg(b) ^ sub)) {
                fp_invalid(f, FP(VXISI));
                invalid = TRUE;
            }
        }
        break;
    default:
        break;
    }

    if (first_nan(ops, nops, &nan)) {
        /* Book I 4.3: a NaN operand gives that NaN (quieted), not negated by fnm*. */
        if (!invalid) {
            f->fpscr &= ~(FP(FR) | FP(FI));
        }
        fp_write(f, nan_result(nan, single), TRUE);
    } else if (invalid) {
        fp_write(f, F64_DEFAULT_NAN, TRUE);
    } else if ((op == FP_DIV && f64_is_zero(b) && !f64_is_inf(a)) ||
               ((op == FP_RE || op == FP_RSQRTE) && f64_is_zero(b))) {
        fp_zero_divide(f);
        result = (op == FP_DIV ? (a ^ b) & F64_SIGN : b & F64_SIGN) | F64_INF;
        fp_write(f, result, TRUE);
    } else {
        unsigned rn = f->fpscr & FP_RN_MASK;
        HostResult r = host_round((FpOp)op, f64_val(a), f64_val(b), f64_val(c), single, rn, 0);
        double mag = fabs(f64_val(r.bits));
        gboolean tiny = r.underflow || (mag != 0 && mag < (single ? FLT_MIN : DBL_MIN));

        if (r.overflow && (f->fpscr & FP(OE))) {
            r = host_adjusted((FpOp)op, f64_val(a), f64_val(b), f64_val(c), single, rn, -1536, &r);
            r.overflow = TRUE;
            r.underflow = FALSE;
        } else if (tiny && (f->fpscr & FP(UE))) {
            r = host_adjusted((FpOp)op, f64_val(a), f64_val(b), f64_val(c), single, rn, 1536, &r);
            r.overflow = FALSE;
            r.underflow = TRUE;
        }
        result = r.bits;
        if (op == FP_NMADD || op == FP_NMSUB) {
            /* Book I "Floating-Point Multiply-Add Instructions": the sum, rounded, then negated. */
            result ^= F64_SIGN;
        }
        fp_rounded(f, &r);
        fp_write(f, result, TRUE);
    }
}

static void helper_fp_arith(PowerCpu *cpu, guint64 insn, guint64 op)
{
    FpCtx f;

    fp_begin(&f, cpu, insn);
    fp_arith(&f, (FpOp)op, FPR(cpu, F_RA(insn)), FPR(cpu, F_RB(insn)), FPR(cpu, (insn >> 6) & 31),
             (insn >> 26) == 59);
    fp_end(&f, F_RC(insn));
}

static const ModvmTcgHelper h_fp_arith = {
    "fp_arith", (gpointer)helper_fp_arith, 3, FALSE, 1, FALSE
};

/* The VSX scalar arithmetic's op argument: the FpOp, single precision, the multiply-add M form. */
#define XS_SINGLE 0x100
#define XS_MTYPE 0x200

/*
 * VSX scalar arithmetic (Book I 7.6): the FPR instruction's arithmetic and
 * FPSCR effects on doubleword 0 of the VSRs; doubleword 1 of VSR[XT] is set
 * to 0 (undefined in ISA 3.0, 0 in ISA 3.1 and in QEMU). The multiply-adds:
 * A form XA * XB + XT, M form XA * XT + XB; NaN order XA, addend, multiplicand.
 */
static void helper_xs_arith(PowerCpu *cpu, guint64 insn, guint64 arg)
{
    PowerVsr *t = &cpu->regs.vsr[F_XT(insn)];
    guint64 a = cpu->regs.vsr[F_XA(insn)].dw[0], b = cpu->regs.vsr[F_XB(insn)].dw[0];
    guint64 c = t->dw[0];
    FpOp op = (FpOp)(arg & 0xff);
    FpCtx f;

    if (op == FP_MUL) {
        /* fmul multiplies FRA by FRC; xsmuldp XA by XB */
        c = b;
    } else if (op == FP_MADD || op == FP_MSUB || op == FP_NMADD || op == FP_NMSUB) {
        /* fp_arith's b is the addend, c the multiplicand */
        if (!(arg & XS_MTYPE)) {
            c = b;
            b = t->dw[0];
        }
    }
    fp_begin(&f, cpu, insn);
    f.dest = &t->dw[0];
    fp_arith(&f, op, a, b, c, (arg & XS_SINGLE) != 0);
    if (!f.suppress) {
        t->dw[1] = 0;
    }
    fp_end(&f, FALSE);
}

static const ModvmTcgHelper h_xs_arith = {
    "xs_arith", (gpointer)helper_xs_arith, 3, FALSE, 1, FALSE
};

/*
 * frsp (Book I "Floating-Point Rounding and Conversion Instructions"): round to single precision
 * in the current mode.
 */
void fp_round_single(FpCtx *f, guint64 b)
{
    if (f64_is_nan(b)) {
        if (f64_is_snan(b)) {
            fp_invalid(f, FP(VXSNAN));
        } else {
            f->fpscr &= ~(FP(FR) | FP(FI));
        }
        fp_write(f, nan_result(b, TRUE), TRUE);
    } else {
        unsigned rn = f->fpscr & FP_RN_MASK;
        HostResult r = host_round(FP_FRSP, 0, f64_val(b), 0, TRUE, rn, 0);
        double mag = fabs(f64_val(r.bits));

        if (r.overflow && (f->fpscr & FP(OE))) {
            r = host_round(FP_FRSP, 0, f64_val(b), 0, TRUE, rn, -192);
            r.overflow = TRUE;
        } else if ((r.underflow || (mag != 0 && mag < FLT_MIN)) && (f->fpscr & FP(UE))) {
            r = host_round(FP_FRSP, 0, f64_val(b), 0, TRUE, rn, 192);
            r.underflow = TRUE;
        }
        fp_rounded(f, &r);
        fp_write(f, r.bits, TRUE);
    }
}

static void helper_frsp(PowerCpu *cpu, guint64 insn)
{
    FpCtx f;

    fp_begin(&f, cpu, insn);
    fp_round_single(&f, FPR(cpu, F_RB(insn)));
    fp_end(&f, F_RC(insn));
}

static const ModvmTcgHelper h_frsp = { "frsp", (gpointer)helper_frsp, 2, FALSE, 1, FALSE };

/*
 * frin friz frip frim (Book I, the same section): XX unchanged, FR and FI cleared. xsrdpic
 * (FRI_CURRENT, Book I 7.6) rounds in the FPSCR's mode and sets XX, FR and FI as arithmetic does.
 */
void fp_round_int(FpCtx *f, guint64 b, guint64 mode)
{
    double v = f64_val(b);

    f->fpscr &= ~(FP(FR) | FP(FI));
    if (f64_is_nan(b)) {
        if (f64_is_snan(b)) {
            fp_invalid(f, FP(VXSNAN));
        }
        fp_write(f, b | F64_QUIET, TRUE);
    } else {
        HostResult r = { 0 };

        switch (mode) {
        case 0: v = round(v); break;
        case 1: v = trunc(v); break;
        case 2: v = ceil(v); break;
        case 3: v = floor(v); break;
        default: {
            volatile double vv = v, vr;
            hostfp_setround(host_rounding[f->fpscr & FP_RN_MASK]);
            vr = nearbyint(vv);
            v = vr;
            r.inexact = v != vv;
            r.fr = fabs(v) > fabs(vv);
            break;
        }
        }
        host_reset();
        fp_rounded(f, &r);
        fp_write(f, f64_bits(v), TRUE);
    }
}

static void helper_fri(PowerCpu *cpu, guint64 insn, guint64 mode)
{
    FpCtx f;

    fp_begin(&f, cpu, insn);
    fp_round_int(&f, FPR(cpu, F_RB(insn)), mode);
    fp_end(&f, F_RC(insn));
}

static const ModvmTcgHelper h_fri = { "fri", (gpointer)helper_fri, 3, FALSE, 1, FALSE };

/*
 * fctiw[u][z], fctid[u][z] (Book I, rounding and conversion): NaN and out-of-range operands are
 * invalid (VXCVI) and give the saturated value; FPRF is not changed. The word
 * forms leave the high word undefined; it is the sign extension, as QEMU's.
 */
/* The kinds: bit 0 word, 1 unsigned, 2 toward zero, 3 VSX (FPRF left alone). */

/*
 * FPRF is undefined after an invalid fcti*; QEMU sets it to "QNaN", and so
 * do we. The VSX forms (xscvdp[su]xds) do not list FPRF as altered, and
 * QEMU leaves it.
 */
static void fcti_invalid_fprf(FpCtx *f, guint64 kind)
{
    if (!(kind & CVT_VSX) && !(f->fpscr & FP(VE))) {
        f->fpscr = (f->fpscr & ~FP_FPRF_MASK) | 0x11ull << FPSCR_FPRF;
    }
}

void fp_to_int(FpCtx *f, guint64 b, guint64 kind)
{
    gboolean word = kind & 1, is_unsigned = kind & 2, toward_zero = kind & 4;
    double v = f64_val(b), r, max, min;
    guint64 result;

    if (word) {
        max = is_unsigned ? 4294967295.0 : 2147483647.0;
        min = is_unsigned ? 0.0 : -2147483648.0;
    } else {
        max = is_unsigned ? 18446744073709551616.0 : 9223372036854775808.0;  /* exclusive */
        min = is_unsigned ? 0.0 : -9223372036854775808.0;
    }
    if (f64_is_nan(b)) {
        if (f64_is_snan(b)) {
            fp_invalid(f, FP(VXSNAN));
        }
        fp_invalid(f, FP(VXCVI));
        fcti_invalid_fprf(f, kind);
        result = is_unsigned ? 0 : word ? 0x80000000ull : 0x8000000000000000ull;
        fp_write(f, result, FALSE);
        return;
    }
    {
        volatile double vv = v, vr;
        hostfp_setround(toward_zero ? FE_TOWARDZERO : host_rounding[f->fpscr & FP_RN_MASK]);
        vr = nearbyint(vv);
        r = vr;
    }
    host_reset();
    if (r < min || (word ? r > max : r >= max)) {
        fp_invalid(f, FP(VXCVI));
        fcti_invalid_fprf(f, kind);
        if (r < min) {
            result = is_unsigned ? 0 : word ? 0xffffffff80000000ull : 0x8000000000000000ull;
        } else {
            result = is_unsigned ? (word ? 0xffffffffull : ~0ull)
                                 : (word ? 0x7fffffffull : 0x7fffffffffffffffull);
        }
    } else {
        HostResult hr = { .inexact = r != v, .fr = fabs(r) > fabs(v) };
        if (is_unsigned) {
            result = word ? (guint64)(guint32)r : (guint64)r;
        } else {
            result = word ? (guint64)(gint64)(gint32)r : (guint64)(gint64)r;
        }
        fp_rounded(f, &hr);
    }
    fp_write(f, result, FALSE);
}

static void helper_fcti(PowerCpu *cpu, guint64 insn, guint64 kind)
{
    FpCtx f;

    fp_begin(&f, cpu, insn);
    fp_to_int(&f, FPR(cpu, F_RB(insn)), kind);
    fp_end(&f, F_RC(insn));
}

static const ModvmTcgHelper h_fcti = { "fcti", (gpointer)helper_fcti, 3, FALSE, 1, FALSE };

/*
 * fcfid[u][s] (Book I, rounding and conversion): integer to double or single, rounded in the
 * current mode.
 */
void fp_from_int(FpCtx *f, guint64 b, gboolean is_unsigned, gboolean single)
{
    HostResult r = { 0 };
    volatile guint64 vb = b;    /* read after fesetround */
    int ex;

    hostfp_begin(host_rounding[f->fpscr & FP_RN_MASK]);
    b = vb;
    if (single) {
        volatile float s = is_unsigned ? (float)b : (float)(gint64)b;
        ex = hostfp_test(FE_INEXACT);
        if (ex) {
            volatile float sz;
            hostfp_setround(FE_TOWARDZERO);
            b = vb;
            sz = is_unsigned ? (float)b : (float)(gint64)b;
            r.fr = fabsf(s) != fabsf(sz);
        }
        r.bits = f64_bits((double)s);
    } else {
        volatile double d = is_unsigned ? (double)b : (double)(gint64)b;
        ex = hostfp_test(FE_INEXACT);
        if (ex) {
            volatile double dz;
            hostfp_setround(FE_TOWARDZERO);
            b = vb;
            dz = is_unsigned ? (double)b : (double)(gint64)b;
            r.fr = fabs(d) != fabs(dz);
        }
        r.bits = f64_bits(d);
    }
    host_reset();
    r.inexact = ex != 0;
    fp_rounded(f, &r);
    fp_write(f, r.bits, TRUE);
}

static void helper_fcfid(PowerCpu *cpu, guint64 insn, guint64 is_unsigned)
{
    FpCtx f;

    fp_begin(&f, cpu, insn);
    fp_from_int(&f, FPR(cpu, F_RB(insn)), is_unsigned != 0, (insn >> 26) == 59);
    fp_end(&f, F_RC(insn));
}

static const ModvmTcgHelper h_fcfid = { "fcfid", (gpointer)helper_fcfid, 3, FALSE, 1, FALSE };

/*
 * fcmpu, fcmpo (Book I "Floating-Point Compare Instructions"): CR field BF
 * and FPCC. fcmpo: a QNaN operand
 * is VXVC, an SNaN is VXSNAN and, with VE=0, VXVC too.
 */
void fp_compare(FpCtx *f, guint64 a, guint64 b, gboolean ordered, unsigned bf)
{
    guint32 c;

    if (f64_is_nan(a) || f64_is_nan(b)) {
        c = 1;
    } else {
        double x = f64_val(a), y = f64_val(b);
        c = x < y ? 8 : x > y ? 4 : 2;
    }
    f->fpscr = (f->fpscr & ~(0xfull << FPSCR_FPRF)) | (guint64)c << FPSCR_FPRF;
    f->cpu->regs.crf[bf] = c;
    if (f64_is_snan(a) || f64_is_snan(b)) {
        fp_set_exc(f, FP(VXSNAN), FP(VE));
        if (ordered && !(f->fpscr & FP(VE))) {
            fp_set_exc(f, FP(VXVC), FP(VE));
        }
    } else if (ordered && c == 1) {
        fp_set_exc(f, FP(VXVC), FP(VE));
    }
}

static void helper_fcmp(PowerCpu *cpu, guint64 insn, guint64 ordered)
{
    FpCtx f;

    fp_begin(&f, cpu, insn);
    fp_compare(&f, FPR(cpu, F_RA(insn)), FPR(cpu, F_RB(insn)), ordered != 0, F_BF(insn));
    fp_end(&f, FALSE);
}

static const ModvmTcgHelper h_fcmp = { "fcmp", (gpointer)helper_fcmp, 3, FALSE, 1, FALSE };

typedef enum {
    XS_CMPU, XS_CMPO, XS_CVDPSXDS, XS_CVDPUXDS, XS_CVDPSXWS, XS_CVDPUXWS, XS_CVSXDDP, XS_CVUXDDP,
    XS_RSP, XS_RDPI, XS_RDPIZ, XS_RDPIP, XS_RDPIM, XS_CVDPSP, XS_CVSPDP,
} XsConvOp;

/* A double that is a single-precision value (or a NaN already cut to one) in single format. */
guint32 f64_to_f32_bits(guint64 x)
{
    guint32 sign = (x >> 32) & 0x80000000u;
    float v;
    guint32 bits;

    if (f64_is_nan(x)) {
        return sign | 0x7f800000u | ((x >> 29) & 0x7fffffu);
    }
    v = (float)f64_val(x);
    memcpy(&bits, &v, sizeof(bits));
    return bits;
}

/*
 * VSX scalar compares, conversions and xsrsp (Book I 7.6): the FPR
 * instruction's operation on doubleword 0 (xscmp*dp: fcmp*, xscvdp[su]x[dw]s:
 * fcti[dw][u]z, xscv[su]xddp: fcfid[u], xsrsp: frsp, xsrdpi[zpm]: fri[nzpm]);
 * doubleword 1 of VSR[XT] is set to 0 as in the arithmetic. xscvdp[su]xws put the word in words 0
 * and 1 (ISA 3.1; 3.0 defines word 1 only), as POWER9 and QEMU do.
 */
static void helper_xs_conv(PowerCpu *cpu, guint64 insn, guint64 op)
{
    PowerVsr *t = &cpu->regs.vsr[F_XT(insn)];
    guint64 a = cpu->regs.vsr[F_XA(insn)].dw[0], b = cpu->regs.vsr[F_XB(insn)].dw[0];
    FpCtx f;

    fp_begin(&f, cpu, insn);
    f.dest = &t->dw[0];
    switch ((XsConvOp)op) {
    case XS_CMPU:
    case XS_CMPO:
        fp_compare(&f, a, b, op == XS_CMPO, F_BF(insn));
        fp_end(&f, FALSE);
        return;
    case XS_CVDPSXDS:
        fp_to_int(&f, b, 4 | CVT_VSX);
        break;
    case XS_CVDPUXDS:
        fp_to_int(&f, b, 6 | CVT_VSX);
        break;
    case XS_CVDPSXWS:
    case XS_CVDPUXWS:
        fp_to_int(&f, b, (op == XS_CVDPUXWS ? 1 | 2 | 4 : 1 | 4) | CVT_VSX);
        if (!f.suppress) {
            t->dw[0] = (t->dw[0] << 32) | (guint32)t->dw[0];
        }
        break;
    case XS_CVSXDDP:
        fp_from_int(&f, b, FALSE, FALSE);
        break;
    case XS_CVUXDDP:
        fp_from_int(&f, b, TRUE, FALSE);
        break;
    case XS_RSP:
        fp_round_single(&f, b);
        break;
    case XS_CVDPSP:
        /* frsp, then the single in words 0 and 1 (as xscvdpsxws), classified as a single */
        fp_round_single(&f, b);
        if (!f.suppress) {
            guint64 r = t->dw[0];

            if (!f64_is_zero(r) && !f64_is_nan(r) && !f64_is_inf(r) &&
                fabs(f64_val(r)) < FLT_MIN) {
                f.fpscr = (f.fpscr & ~FP_FPRF_MASK) |
                          (f64_is_neg(r) ? 0x18ull : 0x14ull) << FPSCR_FPRF;
            }
            t->dw[0] = (guint64)f64_to_f32_bits(r) << 32 | f64_to_f32_bits(r);
        }
        break;
    case XS_CVSPDP: {
        /* word 0 as a single, exact in double; an SNaN is quieted with VXSNAN */
        guint32 w = b >> 32;
        float v;
        guint64 r;

        if ((w & 0x7fffffffu) > 0x7f800000u) {
            if (!(w & 0x00400000u)) {
                fp_invalid(&f, FP(VXSNAN));
            }
            r = ((guint64)(w & 0x80000000u) << 32) | F64_INF | F64_QUIET |
                ((guint64)(w & 0x3fffffu) << 29);
        } else {
            memcpy(&v, &w, sizeof(v));
            r = f64_bits((double)v);
            f.fpscr &= ~(FP(FR) | FP(FI));      /* exact */
        }
        fp_write(&f, r, TRUE);
        break;
    }
    case XS_RDPI:
    case XS_RDPIZ:
    case XS_RDPIP:
    case XS_RDPIM:
        /* frin, friz, frip, frim */
        fp_round_int(&f, b, op - XS_RDPI);
        break;
    }
    if (!f.suppress) {
        t->dw[1] = 0;
    }
    fp_end(&f, FALSE);
}

static const ModvmTcgHelper h_xs_conv = { "xs_conv", (gpointer)helper_xs_conv, 3, FALSE, 1, FALSE };

static int f64_exp(guint64 x)
{
    return (int)((x >> 52) & 0x7ff) - 1023;
}

/* ftdiv, ftsqrt (Book I, the same section): CR field BF = 0b1 || fg || fe || 0. */
static guint64 helper_ftdiv(guint64 a, guint64 b)
{
    gboolean fe = FALSE, fg = FALSE;

    if (f64_is_inf(a) || f64_is_inf(b) || f64_is_zero(b)) {
        fe = fg = TRUE;
    } else {
        int ea = f64_exp(a), eb = f64_exp(b);
        if (f64_is_nan(a) || f64_is_nan(b) || eb <= -1022 || eb >= 1021) {
            fe = TRUE;
        } else if (!f64_is_zero(a) && (ea - eb >= 1023 || ea - eb <= -1021 || ea <= -970)) {
            fe = TRUE;
        }
        if (f64_is_zero_or_denormal(b)) {
            fg = TRUE;
        }
    }
    return 8 | (fg ? 4 : 0) | (fe ? 2 : 0);
}

static guint64 helper_ftsqrt(guint64 b)
{
    gboolean fe = FALSE, fg = FALSE;

    if (f64_is_inf(b) || f64_is_zero(b)) {
        fe = fg = TRUE;
    } else {
        if (f64_is_nan(b) || f64_is_neg(b) || f64_exp(b) <= -1022 + 52) {
            fe = TRUE;
        }
        if (f64_is_zero_or_denormal(b)) {
            fg = TRUE;
        }
    }
    return 8 | (fg ? 4 : 0) | (fe ? 2 : 0);
}

static const ModvmTcgHelper h_ftdiv = { "ftdiv", (gpointer)helper_ftdiv, 2, TRUE, 0, TRUE };
static const ModvmTcgHelper h_ftsqrt = { "ftsqrt", (gpointer)helper_ftsqrt, 1, TRUE, 0, TRUE };

/*
 * The moves (Book I "Floating-Point Move Instructions") and fsel: no exceptions, FPSCR untouched
 * but CR1 for Rc=1.
 */
typedef enum { MOVE_FMR, MOVE_FNEG, MOVE_FABS, MOVE_FNABS, MOVE_FCPSGN, MOVE_FSEL } FpMove;

static void helper_fmove(PowerCpu *cpu, guint64 insn, guint64 kind)
{
    guint64 a = FPR(cpu, F_RA(insn)), b = FPR(cpu, F_RB(insn)), r;

    switch (kind) {
    case MOVE_FMR: r = b; break;
    case MOVE_FNEG: r = b ^ F64_SIGN; break;
    case MOVE_FABS: r = b & ~F64_SIGN; break;
    case MOVE_FNABS: r = b | F64_SIGN; break;
    case MOVE_FCPSGN: r = (a & F64_SIGN) | (b & ~F64_SIGN); break;
    default: {
        guint64 c = FPR(cpu, (insn >> 6) & 31);
        r = (!f64_is_nan(a) && (f64_is_zero(a) || !f64_is_neg(a))) ? c : b;
        break;
    }
    }
    FPR(cpu, F_RT(insn)) = r;
    FPR_DW1(cpu, F_RT(insn)) = 0;
    if (F_RC(insn)) {
        cpu->regs.crf[1] = (cpu->regs.fpscr >> 28) & 0xf;
    }
}

static const ModvmTcgHelper h_fmove = { "fmove", (gpointer)helper_fmove, 3, FALSE, 1, FALSE };

/* The FPSCR instructions (Book I "Floating-Point Status and Control Register Instructions"). */

/*
 * After an explicit FPSCR change: summaries, CR1, and the program interrupt
 * when FEX is 1 and @may_raise: mtfsf and mtfsfi whenever an enabled
 * exception bit is set, mtfsb1 when it set one, mtfsb0 and mcrfs never (as
 * QEMU does).
 */
static void fpscr_written(PowerCpu *cpu, guint64 fpscr, gboolean rc, gboolean may_raise)
{
    /* bit 52 and bits 0:28 are reserved (Book I 4.2.2): they read as 0 */
    FpCtx f = { .cpu = cpu, .fpscr = fpscr & (FP_DRN_MASK | 0xfffff7ffull) };

    f.enabled = may_raise && (fpscr_summaries(f.fpscr) & FP(FEX)) != 0;
    fp_end(&f, rc);
}

typedef enum {
    FPSCR_OP_MFFS, FPSCR_OP_MCRFS, FPSCR_OP_MTFSF, FPSCR_OP_MTFSFI, FPSCR_OP_MTFSB0,
    FPSCR_OP_MTFSB1,
} FpscrOp;

static void helper_fpscr(PowerCpu *cpu, guint64 insn, guint64 op)
{
    guint64 fpscr = cpu->regs.fpscr;
    gboolean may_raise = op == FPSCR_OP_MTFSF || op == FPSCR_OP_MTFSFI;

    switch (op) {
    case FPSCR_OP_MCRFS: {
        unsigned shift = 28 - 4 * F_BFA(insn);
        cpu->regs.crf[F_BF(insn)] = (fpscr >> shift) & 0xf;
        fpscr &= ~((FP_EXC_ALL | FP(FX)) & (0xfull << shift));
        fpscr_written(cpu, fpscr, FALSE, FALSE);
        return;
    }
    case FPSCR_OP_MTFSF: {
        guint64 b = FPR(cpu, F_RB(insn)), mask = 0;
        unsigned flm = (insn >> 17) & 0xff, w = (insn >> 16) & 1;
        if ((insn >> 25) & 1) {
            mask = ~0ull;
        } else {
            for (unsigned k = 0; k < 8; k++) {
                if (flm & (0x80 >> k)) {
                    mask |= 0xfull << (28 - 4 * k + (w ? 32 : 0));
                }
            }
        }
        fpscr = (fpscr & ~mask) | (b & mask);
        break;
    }
    case FPSCR_OP_MTFSFI: {
        unsigned shift = 28 - 4 * F_BF(insn) + (((insn >> 16) & 1) ? 32 : 0);
        fpscr = (fpscr & ~(0xfull << shift)) | (guint64)((insn >> 12) & 0xf) << shift;
        break;
    }
    case FPSCR_OP_MTFSB0:
    case FPSCR_OP_MTFSB1: {
        unsigned bt = F_RT(insn);
        guint64 bit = 1ull << (31 - bt);
        if (bt == 1 || bt == 2) {
            break;      /* FEX and VX cannot be set or reset explicitly */
        }
        if (op == FPSCR_OP_MTFSB0) {
            fpscr &= ~bit;
        } else {
            if (!(fpscr & bit)) {
                may_raise = TRUE;
                if (bit & FP_EXC_ALL) {
                    fpscr |= FP(FX);
                }
            }
            fpscr |= bit;
        }
        break;
    }
    default:
        break;
    }
    fpscr_written(cpu, fpscr, F_RC(insn), may_raise);
}

static const ModvmTcgHelper h_fpscr = { "fpscr", (gpointer)helper_fpscr, 3, FALSE, 1, FALSE };

/* Translation. */

static gboolean gen_fp(PowerDisas *d, const ModvmTcgHelper *h, guint64 arg)
{
    power_call(d, h, power_const(d, d->insn), power_const(d, arg), 0);
    return TRUE;
}

/* Reserved fields must be 0 (QEMU makes these invalid forms illegal). */
static gboolean fields_zero(PowerDisas *d, gboolean fra, gboolean frb, gboolean frc)
{
    return !((fra && F_RA(d->insn)) || (frb && F_RB(d->insn)) ||
             (frc && ((d->insn >> 6) & 31)));
}

static gboolean gen_arith(PowerDisas *d, FpOp op)
{
    switch (op) {
    case FP_MUL:
        if (!fields_zero(d, FALSE, TRUE, FALSE)) {
            return FALSE;
        }
        break;
    case FP_SQRT: case FP_RE: case FP_RSQRTE:
        if (!fields_zero(d, TRUE, FALSE, TRUE)) {
            return FALSE;
        }
        break;
    case FP_ADD: case FP_SUB: case FP_DIV:
        if (!fields_zero(d, FALSE, FALSE, TRUE)) {
            return FALSE;
        }
        break;
    default:
        break;
    }
    return gen_fp(d, &h_fp_arith, op);
}

gboolean trans_fadd(PowerDisas *d) { return gen_arith(d, FP_ADD); }
gboolean trans_fsub(PowerDisas *d) { return gen_arith(d, FP_SUB); }
gboolean trans_fmul(PowerDisas *d) { return gen_arith(d, FP_MUL); }
gboolean trans_fdiv(PowerDisas *d) { return gen_arith(d, FP_DIV); }
gboolean trans_fsqrt(PowerDisas *d) { return gen_arith(d, FP_SQRT); }
gboolean trans_fre(PowerDisas *d) { return gen_arith(d, FP_RE); }
gboolean trans_frsqrte(PowerDisas *d) { return gen_arith(d, FP_RSQRTE); }
gboolean trans_fmadd(PowerDisas *d) { return gen_arith(d, FP_MADD); }
gboolean trans_fmsub(PowerDisas *d) { return gen_arith(d, FP_MSUB); }
gboolean trans_fnmadd(PowerDisas *d) { return gen_arith(d, FP_NMADD); }
gboolean trans_fnmsub(PowerDisas *d) { return gen_arith(d, FP_NMSUB); }
gboolean trans_fadds(PowerDisas *d) { return gen_arith(d, FP_ADD); }
gboolean trans_fsubs(PowerDisas *d) { return gen_arith(d, FP_SUB); }
gboolean trans_fmuls(PowerDisas *d) { return gen_arith(d, FP_MUL); }
gboolean trans_fdivs(PowerDisas *d) { return gen_arith(d, FP_DIV); }
gboolean trans_fsqrts(PowerDisas *d) { return gen_arith(d, FP_SQRT); }
gboolean trans_fres(PowerDisas *d) { return gen_arith(d, FP_RE); }
gboolean trans_frsqrtes(PowerDisas *d) { return gen_arith(d, FP_RSQRTE); }
gboolean trans_fmadds(PowerDisas *d) { return gen_arith(d, FP_MADD); }
gboolean trans_fmsubs(PowerDisas *d) { return gen_arith(d, FP_MSUB); }
gboolean trans_fnmadds(PowerDisas *d) { return gen_arith(d, FP_NMADD); }
gboolean trans_fnmsubs(PowerDisas *d) { return gen_arith(d, FP_NMSUB); }

gboolean trans_fsel(PowerDisas *d) { return gen_fp(d, &h_fmove, MOVE_FSEL); }
gboolean trans_fmr(PowerDisas *d) { return gen_fp(d, &h_fmove, MOVE_FMR); }
gboolean trans_fneg(PowerDisas *d) { return gen_fp(d, &h_fmove, MOVE_FNEG); }
gboolean trans_fabs(PowerDisas *d) { return gen_fp(d, &h_fmove, MOVE_FABS); }
gboolean trans_fnabs(PowerDisas *d) { return gen_fp(d, &h_fmove, MOVE_FNABS); }
gboolean trans_fcpsgn(PowerDisas *d) { return gen_fp(d, &h_fmove, MOVE_FCPSGN); }

gboolean trans_frsp(PowerDisas *d)
{
    power_call(d, &h_frsp, power_const(d, d->insn), 0, 0);
    return TRUE;
}

gboolean trans_frin(PowerDisas *d) { return gen_fp(d, &h_fri, 0); }
gboolean trans_friz(PowerDisas *d) { return gen_fp(d, &h_fri, 1); }
gboolean trans_frip(PowerDisas *d) { return gen_fp(d, &h_fri, 2); }
gboolean trans_frim(PowerDisas *d) { return gen_fp(d, &h_fri, 3); }

/* fcti kind: 1 word, 2 unsigned, 4 toward zero */
gboolean trans_fctiw(PowerDisas *d) { return gen_fp(d, &h_fcti, 1); }
gboolean trans_fctiwz(PowerDisas *d) { return gen_fp(d, &h_fcti, 1 | 4); }
gboolean trans_fctiwu(PowerDisas *d) { return gen_fp(d, &h_fcti, 1 | 2); }
gboolean trans_fctiwuz(PowerDisas *d) { return gen_fp(d, &h_fcti, 1 | 2 | 4); }
gboolean trans_fctid(PowerDisas *d) { return gen_fp(d, &h_fcti, 0); }
gboolean trans_fctidz(PowerDisas *d) { return gen_fp(d, &h_fcti, 4); }
gboolean trans_fctidu(PowerDisas *d) { return gen_fp(d, &h_fcti, 2); }
gboolean trans_fctiduz(PowerDisas *d) { return gen_fp(d, &h_fcti, 2 | 4); }
gboolean trans_fcfid(PowerDisas *d) { return gen_fp(d, &h_fcfid, 0); }
gboolean trans_fcfidu(PowerDisas *d) { return gen_fp(d, &h_fcfid, 1); }
gboolean trans_fcfids(PowerDisas *d) { return gen_fp(d, &h_fcfid, 0); }
gboolean trans_fcfidus(PowerDisas *d) { return gen_fp(d, &h_fcfid, 1); }

gboolean trans_fcmpu(PowerDisas *d) { return gen_fp(d, &h_fcmp, 0); }
gboolean trans_fcmpo(PowerDisas *d) { return gen_fp(d, &h_fcmp, 1); }

gboolean trans_ftdiv(PowerDisas *d)
{
    ModvmTcgTemp r = power_call(d, &h_ftdiv, power_load_field(d, FPR_OFF(F_RA(d->insn))),
                                power_load_field(d, FPR_OFF(F_RB(d->insn))), 0);
    modvm_tcg_st(d->ctx, MODVM_OP_ST32, r, CRF_OFF(F_BF(d->insn)));
    return TRUE;
}

gboolean trans_ftsqrt(PowerDisas *d)
{
    ModvmTcgTemp r = power_call(d, &h_ftsqrt, power_load_field(d, FPR_OFF(F_RB(d->insn))), 0, 0);
    modvm_tcg_st(d->ctx, MODVM_OP_ST32, r, CRF_OFF(F_BF(d->insn)));
    return TRUE;
}

gboolean trans_mcrfs(PowerDisas *d) { return gen_fp(d, &h_fpscr, FPSCR_OP_MCRFS); }
gboolean trans_mtfsf(PowerDisas *d) { return gen_fp(d, &h_fpscr, FPSCR_OP_MTFSF); }
gboolean trans_mtfsfi(PowerDisas *d) { return gen_fp(d, &h_fpscr, FPSCR_OP_MTFSFI); }
gboolean trans_mtfsb0(PowerDisas *d) { return gen_fp(d, &h_fpscr, FPSCR_OP_MTFSB0); }
gboolean trans_mtfsb1(PowerDisas *d) { return gen_fp(d, &h_fpscr, FPSCR_OP_MTFSB1); }

/*
 * mffs and its ISA 3.0 variants, told apart by bits 11:15 (Book I, the FPSCR
 * instructions):
 * mffs 0, mffsce 1, mffscdrn 20, mffscdrni 21, mffscrn 22, mffscrni 23, mffsl 24.
 * Only mffs has an Rc form.
 */
static void helper_mffs(PowerCpu *cpu, guint64 insn)
{
    unsigned sub = F_RA(insn);
    guint64 fpscr = cpu->regs.fpscr;
    guint64 control = FP_DRN_MASK | FP_ENABLES | FP(NI) | FP_RN_MASK;

    FPR_DW1(cpu, F_RT(insn)) = 0;

    switch (sub) {
    case 0:
        FPR(cpu, F_RT(insn)) = fpscr;
        if (F_RC(insn)) {
            cpu->regs.crf[1] = (fpscr >> 28) & 0xf;
        }
        return;
    case 1:
        FPR(cpu, F_RT(insn)) = fpscr;
        cpu->regs.fpscr = fpscr_summaries(fpscr & ~FP_ENABLES);
        return;
    case 20:
    case 21: {
        guint64 drn = sub == 20 ? (FPR(cpu, F_RB(insn)) >> 32) & 7 : (insn >> 11) & 7;
        FPR(cpu, F_RT(insn)) = fpscr & control;
        cpu->regs.fpscr = (fpscr & ~FP_DRN_MASK) | drn << FPSCR_DRN;
        return;
    }
    case 22:
    case 23: {
        guint64 rn = sub == 22 ? FPR(cpu, F_RB(insn)) & 3 : (insn >> 11) & 3;
        FPR(cpu, F_RT(insn)) = fpscr & control;
        cpu->regs.fpscr = (fpscr & ~FP_RN_MASK) | rn;
        return;
    }
    default:
        FPR(cpu, F_RT(insn)) = fpscr & (control | FP(FR) | FP(FI) | FP_FPRF_MASK);
        return;
    }
}

static const ModvmTcgHelper h_mffs = { "mffs", (gpointer)helper_mffs, 2, FALSE, 1, FALSE };

gboolean trans_mffs(PowerDisas *d)
{
    unsigned sub = F_RA(d->insn);

    switch (sub) {
    case 0:
        break;
    case 1: case 20: case 21: case 22: case 23: case 24:
        if (d->isa < ISA300 || F_RC(d->insn)) {
            return FALSE;
        }
        break;
    default:
        return FALSE;
    }
    power_call(d, &h_mffs, power_const(d, d->insn), 0, 0);
    return TRUE;
}

/* VSX scalar arithmetic: no Rc, no reserved fields but the XA of the XX2 forms. */
static gboolean gen_xs(PowerDisas *d, unsigned arg)
{
    power_call(d, &h_xs_arith, power_const(d, d->insn), power_const(d, arg), 0);
    return TRUE;
}

static gboolean gen_xs2(PowerDisas *d, unsigned arg)
{
    return F_RA(d->insn) == 0 && gen_xs(d, arg);
}

TRANS(xsadddp) { return gen_xs(d, FP_ADD); }
TRANS(xssubdp) { return gen_xs(d, FP_SUB); }
TRANS(xsmuldp) { return gen_xs(d, FP_MUL); }
TRANS(xsdivdp) { return gen_xs(d, FP_DIV); }
TRANS(xssqrtdp) { return gen_xs2(d, FP_SQRT); }
TRANS(xsredp) { return gen_xs2(d, FP_RE); }
TRANS(xsrsqrtedp) { return gen_xs2(d, FP_RSQRTE); }
TRANS(xsmaddadp) { return gen_xs(d, FP_MADD); }
TRANS(xsmaddmdp) { return gen_xs(d, FP_MADD | XS_MTYPE); }
TRANS(xsmsubadp) { return gen_xs(d, FP_MSUB); }
TRANS(xsmsubmdp) { return gen_xs(d, FP_MSUB | XS_MTYPE); }
TRANS(xsnmaddadp) { return gen_xs(d, FP_NMADD); }
TRANS(xsnmaddmdp) { return gen_xs(d, FP_NMADD | XS_MTYPE); }
TRANS(xsnmsubadp) { return gen_xs(d, FP_NMSUB); }
TRANS(xsnmsubmdp) { return gen_xs(d, FP_NMSUB | XS_MTYPE); }
TRANS(xsaddsp) { return gen_xs(d, FP_ADD | XS_SINGLE); }
TRANS(xssubsp) { return gen_xs(d, FP_SUB | XS_SINGLE); }
TRANS(xsmulsp) { return gen_xs(d, FP_MUL | XS_SINGLE); }
TRANS(xsdivsp) { return gen_xs(d, FP_DIV | XS_SINGLE); }
TRANS(xssqrtsp) { return gen_xs2(d, FP_SQRT | XS_SINGLE); }
TRANS(xsresp) { return gen_xs2(d, FP_RE | XS_SINGLE); }
TRANS(xsrsqrtesp) { return gen_xs2(d, FP_RSQRTE | XS_SINGLE); }
TRANS(xsmaddasp) { return gen_xs(d, FP_MADD | XS_SINGLE); }
TRANS(xsmaddmsp) { return gen_xs(d, FP_MADD | XS_SINGLE | XS_MTYPE); }
TRANS(xsmsubasp) { return gen_xs(d, FP_MSUB | XS_SINGLE); }
TRANS(xsmsubmsp) { return gen_xs(d, FP_MSUB | XS_SINGLE | XS_MTYPE); }
TRANS(xsnmaddasp) { return gen_xs(d, FP_NMADD | XS_SINGLE); }
TRANS(xsnmaddmsp) { return gen_xs(d, FP_NMADD | XS_SINGLE | XS_MTYPE); }
TRANS(xsnmsubasp) { return gen_xs(d, FP_NMSUB | XS_SINGLE); }
TRANS(xsnmsubmsp) { return gen_xs(d, FP_NMSUB | XS_SINGLE | XS_MTYPE); }

static gboolean gen_xs_conv(PowerDisas *d, XsConvOp op)
{
    power_call(d, &h_xs_conv, power_const(d, d->insn), power_const(d, op), 0);
    return TRUE;
}

/* The compares' bits 9:10 and 31 are reserved, the XX2 forms' XA field. */
TRANS(xscmpudp) { return !(d->insn & 0x00600001) && gen_xs_conv(d, XS_CMPU); }
TRANS(xscmpodp) { return !(d->insn & 0x00600001) && gen_xs_conv(d, XS_CMPO); }
TRANS(xscvdpsxds) { return F_RA(d->insn) == 0 && gen_xs_conv(d, XS_CVDPSXDS); }
TRANS(xscvdpuxds) { return F_RA(d->insn) == 0 && gen_xs_conv(d, XS_CVDPUXDS); }
TRANS(xscvdpsxws) { return F_RA(d->insn) == 0 && gen_xs_conv(d, XS_CVDPSXWS); }
TRANS(xscvdpuxws) { return F_RA(d->insn) == 0 && gen_xs_conv(d, XS_CVDPUXWS); }
TRANS(xscvsxddp) { return F_RA(d->insn) == 0 && gen_xs_conv(d, XS_CVSXDDP); }
TRANS(xscvuxddp) { return F_RA(d->insn) == 0 && gen_xs_conv(d, XS_CVUXDDP); }
TRANS(xsrsp) { return F_RA(d->insn) == 0 && gen_xs_conv(d, XS_RSP); }
TRANS(xsrdpi) { return F_RA(d->insn) == 0 && gen_xs_conv(d, XS_RDPI); }
TRANS(xsrdpiz) { return F_RA(d->insn) == 0 && gen_xs_conv(d, XS_RDPIZ); }
TRANS(xsrdpip) { return F_RA(d->insn) == 0 && gen_xs_conv(d, XS_RDPIP); }
TRANS(xsrdpim) { return F_RA(d->insn) == 0 && gen_xs_conv(d, XS_RDPIM); }

/* xstdivdp, xstsqrtdp: ftdiv and ftsqrt on doubleword 0 (Book I 7.6), CR field BF. */
TRANS(xstdivdp)
{
    ModvmTcgTemp r;

    if (d->insn & 0x00600001) {
        return FALSE;
    }
    r = power_call(d, &h_ftdiv, power_load_field(d, VSR_OFF(F_XA(d->insn), 0)),
                   power_load_field(d, VSR_OFF(F_XB(d->insn), 0)), 0);
    modvm_tcg_st(d->ctx, MODVM_OP_ST32, r, CRF_OFF(F_BF(d->insn)));
    return TRUE;
}

TRANS(xstsqrtdp)
{
    ModvmTcgTemp r;

    if (d->insn & 0x007f0001) {
        return FALSE;
    }
    r = power_call(d, &h_ftsqrt, power_load_field(d, VSR_OFF(F_XB(d->insn), 0)), 0, 0);
    modvm_tcg_st(d->ctx, MODVM_OP_ST32, r, CRF_OFF(F_BF(d->insn)));
    return TRUE;
}
TRANS(xscvdpsp) { return F_RA(d->insn) == 0 && gen_xs_conv(d, XS_CVDPSP); }
TRANS(xscvspdp) { return F_RA(d->insn) == 0 && gen_xs_conv(d, XS_CVSPDP); }
