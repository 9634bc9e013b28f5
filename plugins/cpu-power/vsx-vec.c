/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VSX vector floating point and the ISA 3.0 VSX scalar additions (Power ISA v3.0B Book I 7.6). */
#include "fpu.h"

#include "hostfp.h"
#include <float.h>
#include <math.h>

/*
 * Each element goes through fpu.c's scalar operation; one FpCtx carries the
 * FPSCR across the elements, so the exception bits accumulate and FX is set
 * once per bit that goes from 0 to 1. The vector forms (and the ISA 3.0
 * scalar compares, maximum and minimum) do not alter FPRF, FR or FI (their
 * "Special Registers Altered"), so those are put back afterwards. An
 * enabled exception in any element (the pseudocode's ex_flag: VE, OE, UE,
 * ZE or XE with its exception) leaves VSR[XT] and CR6 unmodified.
 */

typedef enum {
    XV_ARITH,           /* arg: the FpOp */
    XV_MAX, XV_MIN, XV_MAXC, XV_MINC, XV_MAXJ, XV_MINJ,
    XV_CMPEQ, XV_CMPGT, XV_CMPGE,
    XV_RINT,            /* arg: fp_round_int's mode */
    XV_CVDPSP, XV_CVSPDP, XV_CVFPSXD, XV_CVFPUXD, XV_CVFPSXW, XV_CVFPUXW,
    XV_CVSXDFP, XV_CVUXDFP, XV_CVSXWFP, XV_CVUXWFP, XV_CVHPSP, XV_CVSPHP,
    XS_CVHPDP, XS_CVDPHP, XS_CVSXDSP, XS_CVUXDSP,
} XvKind;

/* The helper's argument: kind | arg << 8 | flags. */
#define XV_SP 0x10000u          /* single-precision elements (words) */
#define XV_MTYPE 0x20000u       /* multiply-add M form */
#define XV_SCALAR 0x40000u      /* one doubleword element; doubleword 1 of XT is set to 0 */
#define XV_ARG(k, a) ((unsigned)(k) | (unsigned)(a) << 8)

static guint64 elem_to_dp(guint64 x, gboolean sp)
{
    return sp ? sp_to_dp((guint32)x) : x;
}

static guint64 dp_to_elem(guint64 x, gboolean sp)
{
    return sp ? f64_to_f32_bits(x) : x;
}

/* Book I 7.6 xvmaxdp/xsmaxdp: IEEE maxNum; an SNaN operand gives the first NaN, quieted. */
static guint64 fp_maxmin(FpCtx *f, guint64 a, guint64 b, gboolean max)
{
    if (f64_is_snan(a) || f64_is_snan(b)) {
        fp_invalid(f, FP(VXSNAN));
        return (f64_is_nan(a) ? a : b) | F64_QUIET;
    }
    if (f64_is_nan(a)) {
        return f64_is_nan(b) ? a | F64_QUIET : b;
    }
    if (f64_is_nan(b)) {
        return a;
    }
    if (f64_is_zero(a) && f64_is_zero(b)) {
        return max ? a & b : a | b;     /* max(+0, -0) is +0, min is -0 */
    }
    return (f64_val(a) > f64_val(b)) == max ? a : b;
}

/*
 * xsmaxcdp/xsmincdp: a NaN operand gives src2. Equal operands give src1 for the maximum and
 * src2 for the minimum (as QEMU 7.2 and later do: src1 when src1 >= src2, or src1 < src2).
 */
static guint64 fp_maxmin_c(FpCtx *f, guint64 a, guint64 b, gboolean max)
{
    if (f64_is_snan(a) || f64_is_snan(b)) {
        fp_invalid(f, FP(VXSNAN));
    }
    if (f64_is_nan(a) || f64_is_nan(b)) {
        return b;
    }
    if (max ? f64_val(a) >= f64_val(b) : f64_val(a) < f64_val(b)) {
        return a;
    }
    return b;
}

/* xsmaxjdp/xsminjdp: src1's NaN, else src2's, unchanged; +0 is greater than -0. */
static guint64 fp_maxmin_j(FpCtx *f, guint64 a, guint64 b, gboolean max)
{
    if (f64_is_nan(a) || f64_is_nan(b)) {
        guint64 n = f64_is_nan(a) ? a : b;
        if (f64_is_snan(n)) {
            fp_invalid(f, FP(VXSNAN));
        }
        return n;
    }
    if (f64_is_zero(a) && f64_is_zero(b)) {
        return max ? a & b : a | b;
    }
    return (f64_val(a) > f64_val(b)) == max ? a : b;
}

/*
 * The compares (xvcmpeqdp..., xscmpeqdp...): an SNaN is VXSNAN; for gt and ge a QNaN, or an
 * SNaN with VE=0, is VXVC too. An enabled invalid operation suppresses the target.
 */
static gboolean fp_cmp_elem(FpCtx *f, guint64 a, guint64 b, XvKind k)
{
    gboolean snan = f64_is_snan(a) || f64_is_snan(b);
    gboolean nan = f64_is_nan(a) || f64_is_nan(b);

    if (snan) {
        fp_set_exc(f, FP(VXSNAN), FP(VE));
    }
    if (k != XV_CMPEQ && nan && (!snan || !(f->fpscr & FP(VE)))) {
        fp_set_exc(f, FP(VXVC), FP(VE));
    }
    if (nan) {
        return FALSE;
    }
    switch (k) {
    case XV_CMPEQ: return f64_val(a) == f64_val(b);
    case XV_CMPGT: return f64_val(a) > f64_val(b);
    default: return f64_val(a) >= f64_val(b);
    }
}

/* Half precision (IEEE binary16), Book I 7.6 xscvdphp/xvcvsphp and their inverses. */
guint64 f16_to_dp(guint16 h)
{
    guint64 sign = (guint64)(h >> 15) << 63, frac = h & 0x3ff;
    unsigned exp = (h >> 10) & 0x1f;

    if (exp == 31) {
        return sign | F64_INF | (frac << 42);
    }
    if (exp == 0) {
        if (!frac) {
            return sign;
        }
        return sign | f64_bits(ldexp((double)frac, -24));
    }
    return sign | ((guint64)(exp - 15 + 1023) << 52) | (frac << 42);
}

/*
 * @x rounded to half precision in the FPSCR's mode, with OX, UX, XX, FR, FI
 * (tininess before rounding, Book I 4.4.4). The double is first cut to a
 * single toward zero with the lost bits jammed into its last place, which a
 * second rounding to 11 bits cannot get wrong.
 */
static guint16 dp_to_f16(FpCtx *f, guint64 x)
{
    guint16 sign = (guint16)((x >> 48) & 0x8000);
    unsigned rn = f->fpscr & FP_RN_MASK;
    volatile double vd = f64_val(x);
    volatile float s;
    guint32 sb, mf;
    int ef, q, shift;
    guint32 m, rem = 0, halfway;
    gboolean up = FALSE, tiny;
    HostResult r = { 0 };

    if (f64_is_nan(x)) {
        if (f64_is_snan(x)) {
            fp_invalid(f, FP(VXSNAN));
        }
        return sign | 0x7e00 | ((x >> 42) & 0x3ff);
    }
    if (f64_is_inf(x)) {
        return sign | 0x7c00;
    }
    if (f64_is_zero(x)) {
        return sign;
    }
    hostfp_begin(FE_TOWARDZERO);
    s = (float)vd;
    memcpy(&sb, (const void *)&s, sizeof(sb));
    if (hostfp_test(FE_INEXACT)) {
        sb |= 1;
    }
    host_reset();
    if (((sb >> 23) & 0xff) == 0) {
        ef = -126;
        mf = sb & 0x7fffff;
    } else {
        ef = (int)((sb >> 23) & 0xff) - 127;
        mf = (sb & 0x7fffff) | 0x800000;
    }
    /* value = mf * 2^(ef - 23); the result's quantum is 2^q */
    tiny = ef < -14;
    q = MAX(ef - 10, -24);
    shift = q - (ef - 23);
    if (shift > 30) {
        m = 0;
        rem = mf;
        halfway = 1u << 30;
    } else {
        m = mf >> shift;
        rem = mf & ((1u << shift) - 1);
        halfway = 1u << (shift - 1);
    }
    if (rem) {
        switch (rn) {
        case 0: up = rem > halfway || (rem == halfway && (m & 1)); break;
        case 1: up = FALSE; break;
        case 2: up = !sign; break;
        default: up = sign != 0; break;
        }
        r.inexact = TRUE;
        r.fr = up;
        m += up;
        if (m == 2048) {
            m = 1024;
            q++;
        }
    }
    if (m >= 1024 && q + 25 >= 31) {
        gboolean to_inf = rn == 0 || (rn == 2 && !sign) || (rn == 3 && sign);
        r.overflow = TRUE;
        r.inexact = TRUE;
        r.fr = to_inf;
        fp_rounded(f, &r);
        return sign | (to_inf ? 0x7c00 : 0x7bff);
    }
    r.underflow = tiny && (r.inexact || (f->fpscr & FP(UE)));
    fp_rounded(f, &r);
    if (m >= 1024) {
        return sign | (guint16)((q + 25) << 10) | (m & 0x3ff);
    }
    return sign | (guint16)m;
}

/* FPRF of a half-precision result (Book I 4.2.2 classes). */
static guint64 fprf_of_f16(guint16 h)
{
    gboolean neg = h >> 15;
    unsigned exp = (h >> 10) & 0x1f;

    if (exp == 0 && (h & 0x3ff)) {
        return neg ? 0x18 : 0x14;
    }
    return fprf_of(f16_to_dp(h));
}

/* The element's value (a double) from a half, quieting an SNaN. */
static guint64 fp_from_f16(FpCtx *f, guint16 h)
{
    if ((h & 0x7c00) == 0x7c00 && (h & 0x3ff) && !(h & 0x200)) {
        fp_invalid(f, FP(VXSNAN));
        h |= 0x200;
    }
    return f16_to_dp(h);
}

/* An SNaN single is quieted with VXSNAN by xvcvspdp (Book I 7.6). */
static guint64 fp_sp_to_dp(FpCtx *f, guint32 w)
{
    if ((w & 0x7fffffffu) > 0x7f800000u && !(w & 0x00400000u)) {
        fp_invalid(f, FP(VXSNAN));
        w |= 0x00400000u;
    }
    return sp_to_dp(w);
}

/* One operation into a scratch target; returns the result (meaningless when suppressed). */
static guint64 elem_op(FpCtx *f, FpOp op, guint64 a, guint64 b, guint64 c, gboolean sp)
{
    guint64 r = 0;

    f->dest = &r;
    fp_arith(f, op, a, b, c, sp);
    return r;
}

static guint64 elem_round_single(FpCtx *f, guint64 b)
{
    guint64 r = 0;

    f->dest = &r;
    fp_round_single(f, b);
    return r;
}

static guint64 elem_to_int(FpCtx *f, guint64 b, guint64 kind)
{
    guint64 r = 0;

    f->dest = &r;
    fp_to_int(f, b, kind | CVT_VSX);
    return r;
}

static guint64 elem_from_int(FpCtx *f, guint64 b, gboolean is_unsigned, gboolean sp)
{
    guint64 r = 0;

    f->dest = &r;
    fp_from_int(f, b, is_unsigned, sp);
    return r;
}

static guint64 elem_round_int(FpCtx *f, guint64 b, guint64 mode)
{
    guint64 r = 0;

    f->dest = &r;
    fp_round_int(f, b, mode);
    return r;
}

static void helper_xv(PowerCpu *cpu, guint64 insn, guint64 arg)
{
    const PowerVsr a = *vec_vsr(cpu, F_XA(insn)), b = *vec_vsr(cpu, F_XB(insn));
    PowerVsr *t = vec_vsr(cpu, F_XT(insn));
    const PowerVsr old = *t;
    PowerVsr r = { .dw = { 0, 0 } };
    XvKind kind = (XvKind)(arg & 0xff);
    unsigned sub = (arg >> 8) & 0xff;
    gboolean sp = (arg & XV_SP) != 0, scalar = (arg & XV_SCALAR) != 0;
    unsigned size = sp ? 4 : 8, n = scalar ? 1 : 16 / size;
    /* the doubleword conversions of singles (xvcvspsxds, xvcvsxdsp...) have two elements */
    gboolean dw_conv = kind == XV_CVFPSXD || kind == XV_CVFPUXD || kind == XV_CVSXDFP ||
                       kind == XV_CVUXDFP;
    guint64 keep = cpu->regs.fpscr & (FP(FR) | FP(FI) | FP_FPRF_MASK);
    gboolean all_true = TRUE, all_false = TRUE;
    FpCtx f;

    if (dw_conv) {
        n = 2;
    }
    fp_begin(&f, cpu, insn);
    for (unsigned i = 0; i < n; i++) {
        guint64 ea = elem_to_dp(vec_get(&a, size, i), sp);
        guint64 eb = elem_to_dp(vec_get(&b, size, i), sp);
        guint64 et = elem_to_dp(vec_get(&old, size, i), sp);
        guint64 v = 0;

        switch (kind) {
        case XV_ARITH: {
            FpOp op = (FpOp)sub;
            if (op == FP_MUL) {
                v = elem_op(&f, op, ea, 0, eb, sp);
            } else if (op == FP_MADD || op == FP_MSUB || op == FP_NMADD || op == FP_NMSUB) {
                /* A form XA * XB + XT, M form XA * XT + XB; fp_arith takes (a, addend, c) */
                v = (arg & XV_MTYPE) ? elem_op(&f, op, ea, eb, et, sp)
                                     : elem_op(&f, op, ea, et, eb, sp);
            } else {
                v = elem_op(&f, op, ea, eb, 0, sp);
            }
            vec_set(&r, size, i, dp_to_elem(v, sp));
            break;
        }
        case XV_MAX: case XV_MIN:
            v = fp_maxmin(&f, ea, eb, kind == XV_MAX);
            vec_set(&r, size, i, dp_to_elem(v, sp));
            break;
        case XV_MAXC: case XV_MINC:
            vec_set(&r, size, i, fp_maxmin_c(&f, ea, eb, kind == XV_MAXC));
            break;
        case XV_MAXJ: case XV_MINJ:
            vec_set(&r, size, i, fp_maxmin_j(&f, ea, eb, kind == XV_MAXJ));
            break;
        case XV_CMPEQ: case XV_CMPGT: case XV_CMPGE: {
            gboolean c = fp_cmp_elem(&f, ea, eb, kind);
            vec_set(&r, size, i, c ? ~0ull : 0);
            all_true &= c;
            all_false &= !c;
            break;
        }
        case XV_RINT:
            v = elem_round_int(&f, eb, sub);
            vec_set(&r, size, i, dp_to_elem(v, sp));
            break;
        case XV_CVDPSP: {
            /* doubleword i to a single in words 2i and 2i+1 */
            guint32 w = f64_to_f32_bits(elem_round_single(&f, b.dw[i]));
            r.dw[i] = (guint64)w << 32 | w;
            break;
        }
        case XV_CVSPDP:
            r.dw[i] = fp_sp_to_dp(&f, (guint32)vec_get(&b, 4, 2 * i));
            break;
        case XV_CVFPSXD: case XV_CVFPUXD: {
            /* from doubleword i, or from word 2i for the single forms */
            guint64 x = sp ? sp_to_dp((guint32)vec_get(&b, 4, 2 * i)) : b.dw[i];
            r.dw[i] = elem_to_int(&f, x, kind == XV_CVFPUXD ? 2 | 4 : 4);
            break;
        }
        case XV_CVFPSXW: case XV_CVFPUXW: {
            guint64 k = kind == XV_CVFPUXW ? 1 | 2 | 4 : 1 | 4;
            if (sp) {
                vec_set(&r, 4, i, (guint32)elem_to_int(&f, eb, k));
            } else {
                guint32 w = (guint32)elem_to_int(&f, b.dw[i], k);
                r.dw[i] = (guint64)w << 32 | w;
            }
            break;
        }
        case XV_CVSXDFP: case XV_CVUXDFP:
            v = elem_from_int(&f, b.dw[i], kind == XV_CVUXDFP, sp);
            if (sp) {
                guint32 w = f64_to_f32_bits(v);
                r.dw[i] = (guint64)w << 32 | w;
            } else {
                r.dw[i] = v;
            }
            break;
        case XV_CVSXWFP: case XV_CVUXWFP: {
            /* words i (to singles) or words 2i (to doubles, exact) */
            guint64 w = vec_get(&b, 4, sp ? i : 2 * i);
            guint64 x = kind == XV_CVUXWFP ? w : (guint64)vec_sext(w, 4);
            v = elem_from_int(&f, x, kind == XV_CVUXWFP, sp);
            if (sp) {
                vec_set(&r, 4, i, f64_to_f32_bits(v));
            } else {
                r.dw[i] = v;
            }
            break;
        }
        case XV_CVHPSP:
            v = fp_from_f16(&f, (guint16)vec_get(&b, 4, i));
            vec_set(&r, 4, i, f64_to_f32_bits(v));
            break;
        case XV_CVSPHP:
            vec_set(&r, 4, i, dp_to_f16(&f, eb));
            break;
        case XS_CVHPDP:
            v = fp_from_f16(&f, (guint16)b.dw[0]);
            r.dw[0] = v;
            keep = fprf_of(v) << FPSCR_FPRF;        /* exact: FR and FI are 0 */
            break;
        case XS_CVSXDSP:
        case XS_CVUXDSP:
            /* xscvsxdsp, xscvuxdsp: fcfid[u]s on doubleword 0, FPRF FR FI as fcfids */
            r.dw[0] = elem_from_int(&f, b.dw[0], kind == XS_CVUXDSP, TRUE);
            break;
        case XS_CVDPHP: {
            guint16 h = dp_to_f16(&f, b.dw[0]);
            r.dw[0] = h;
            keep = (f.fpscr & (FP(FR) | FP(FI))) | fprf_of_f16(h) << FPSCR_FPRF;
            break;
        }
        }
    }
    /*
     * FPRF, FR and FI stay, but for xsrdpic and xscv[su]xdsp (fpu.c set them) and the
     * half-precision scalar conversions (set above). The scalar forms are suppressed by an enabled invalid
     * operation only, as the FPR instructions; the vector forms by any enabled exception.
     */
    if (!(scalar && (kind == XV_RINT || kind == XS_CVSXDSP || kind == XS_CVUXDSP))) {
        f.fpscr = (f.fpscr & ~(FP(FR) | FP(FI) | FP_FPRF_MASK)) | keep;
    }
    if (!(scalar ? f.suppress : f.enabled)) {
        *t = r;
        if ((kind == XV_CMPEQ || kind == XV_CMPGT || kind == XV_CMPGE) && !scalar &&
            F_RC(insn >> 10)) {
            cpu->regs.crf[6] = (all_true ? 8 : 0) | (all_false ? 2 : 0);
        }
    }
    fp_end(&f, FALSE);
}

static const ModvmTcgHelper h_xv = { "xv", (gpointer)helper_xv, 3, FALSE, 1, FALSE };

static gboolean gen_xv(PowerDisas *d, unsigned arg)
{
    power_call(d, &h_xv, power_const(d, d->insn), power_const(d, arg), 0);
    return TRUE;
}

/* The XX2 forms' XA field (bits 11:15) is reserved. */
static gboolean gen_xv2(PowerDisas *d, unsigned arg)
{
    return F_RA(d->insn) == 0 && gen_xv(d, arg);
}

#define ARITH(op) XV_ARG(XV_ARITH, op)

TRANS(xvadddp) { return gen_xv(d, ARITH(FP_ADD)); }
TRANS(xvsubdp) { return gen_xv(d, ARITH(FP_SUB)); }
TRANS(xvmuldp) { return gen_xv(d, ARITH(FP_MUL)); }
TRANS(xvdivdp) { return gen_xv(d, ARITH(FP_DIV)); }
TRANS(xvsqrtdp) { return gen_xv2(d, ARITH(FP_SQRT)); }
TRANS(xvredp) { return gen_xv2(d, ARITH(FP_RE)); }
TRANS(xvrsqrtedp) { return gen_xv2(d, ARITH(FP_RSQRTE)); }
TRANS(xvmaddadp) { return gen_xv(d, ARITH(FP_MADD)); }
TRANS(xvmaddmdp) { return gen_xv(d, ARITH(FP_MADD) | XV_MTYPE); }
TRANS(xvmsubadp) { return gen_xv(d, ARITH(FP_MSUB)); }
TRANS(xvmsubmdp) { return gen_xv(d, ARITH(FP_MSUB) | XV_MTYPE); }
TRANS(xvnmaddadp) { return gen_xv(d, ARITH(FP_NMADD)); }
TRANS(xvnmaddmdp) { return gen_xv(d, ARITH(FP_NMADD) | XV_MTYPE); }
TRANS(xvnmsubadp) { return gen_xv(d, ARITH(FP_NMSUB)); }
TRANS(xvnmsubmdp) { return gen_xv(d, ARITH(FP_NMSUB) | XV_MTYPE); }
TRANS(xvaddsp) { return gen_xv(d, ARITH(FP_ADD) | XV_SP); }
TRANS(xvsubsp) { return gen_xv(d, ARITH(FP_SUB) | XV_SP); }
TRANS(xvmulsp) { return gen_xv(d, ARITH(FP_MUL) | XV_SP); }
TRANS(xvdivsp) { return gen_xv(d, ARITH(FP_DIV) | XV_SP); }
TRANS(xvsqrtsp) { return gen_xv2(d, ARITH(FP_SQRT) | XV_SP); }
TRANS(xvresp) { return gen_xv2(d, ARITH(FP_RE) | XV_SP); }
TRANS(xvrsqrtesp) { return gen_xv2(d, ARITH(FP_RSQRTE) | XV_SP); }
TRANS(xvmaddasp) { return gen_xv(d, ARITH(FP_MADD) | XV_SP); }
TRANS(xvmaddmsp) { return gen_xv(d, ARITH(FP_MADD) | XV_SP | XV_MTYPE); }
TRANS(xvmsubasp) { return gen_xv(d, ARITH(FP_MSUB) | XV_SP); }
TRANS(xvmsubmsp) { return gen_xv(d, ARITH(FP_MSUB) | XV_SP | XV_MTYPE); }
TRANS(xvnmaddasp) { return gen_xv(d, ARITH(FP_NMADD) | XV_SP); }
TRANS(xvnmaddmsp) { return gen_xv(d, ARITH(FP_NMADD) | XV_SP | XV_MTYPE); }
TRANS(xvnmsubasp) { return gen_xv(d, ARITH(FP_NMSUB) | XV_SP); }
TRANS(xvnmsubmsp) { return gen_xv(d, ARITH(FP_NMSUB) | XV_SP | XV_MTYPE); }

TRANS(xvmaxdp) { return gen_xv(d, XV_MAX); }
TRANS(xvmindp) { return gen_xv(d, XV_MIN); }
TRANS(xvmaxsp) { return gen_xv(d, XV_MAX | XV_SP); }
TRANS(xvminsp) { return gen_xv(d, XV_MIN | XV_SP); }
TRANS(xsmaxdp) { return gen_xv(d, XV_MAX | XV_SCALAR); }
TRANS(xsmindp) { return gen_xv(d, XV_MIN | XV_SCALAR); }
TRANS(xsmaxcdp) { return gen_xv(d, XV_MAXC | XV_SCALAR); }
TRANS(xsmincdp) { return gen_xv(d, XV_MINC | XV_SCALAR); }
TRANS(xsmaxjdp) { return gen_xv(d, XV_MAXJ | XV_SCALAR); }
TRANS(xsminjdp) { return gen_xv(d, XV_MINJ | XV_SCALAR); }

/* The compares' Rc is bit 21 (insn bit 10): one trans per mnemonic, both forms. */
TRANS(xvcmpeqdp) { return gen_xv(d, XV_CMPEQ); }
TRANS(xvcmpgtdp) { return gen_xv(d, XV_CMPGT); }
TRANS(xvcmpgedp) { return gen_xv(d, XV_CMPGE); }
TRANS(xvcmpeqsp) { return gen_xv(d, XV_CMPEQ | XV_SP); }
TRANS(xvcmpgtsp) { return gen_xv(d, XV_CMPGT | XV_SP); }
TRANS(xvcmpgesp) { return gen_xv(d, XV_CMPGE | XV_SP); }
TRANS(xscmpeqdp) { return gen_xv(d, XV_CMPEQ | XV_SCALAR); }
TRANS(xscmpgtdp) { return gen_xv(d, XV_CMPGT | XV_SCALAR); }
TRANS(xscmpgedp) { return gen_xv(d, XV_CMPGE | XV_SCALAR); }

TRANS(xvrdpi) { return gen_xv2(d, XV_ARG(XV_RINT, 0)); }
TRANS(xvrdpiz) { return gen_xv2(d, XV_ARG(XV_RINT, 1)); }
TRANS(xvrdpip) { return gen_xv2(d, XV_ARG(XV_RINT, 2)); }
TRANS(xvrdpim) { return gen_xv2(d, XV_ARG(XV_RINT, 3)); }
TRANS(xvrdpic) { return gen_xv2(d, XV_ARG(XV_RINT, FRI_CURRENT)); }
TRANS(xvrspi) { return gen_xv2(d, XV_ARG(XV_RINT, 0) | XV_SP); }
TRANS(xvrspiz) { return gen_xv2(d, XV_ARG(XV_RINT, 1) | XV_SP); }
TRANS(xvrspip) { return gen_xv2(d, XV_ARG(XV_RINT, 2) | XV_SP); }
TRANS(xvrspim) { return gen_xv2(d, XV_ARG(XV_RINT, 3) | XV_SP); }
TRANS(xvrspic) { return gen_xv2(d, XV_ARG(XV_RINT, FRI_CURRENT) | XV_SP); }

TRANS(xvcvdpsp) { return gen_xv2(d, XV_CVDPSP); }
TRANS(xvcvspdp) { return gen_xv2(d, XV_CVSPDP); }
TRANS(xvcvdpsxds) { return gen_xv2(d, XV_CVFPSXD); }
TRANS(xvcvdpuxds) { return gen_xv2(d, XV_CVFPUXD); }
TRANS(xvcvspsxds) { return gen_xv2(d, XV_CVFPSXD | XV_SP); }
TRANS(xvcvspuxds) { return gen_xv2(d, XV_CVFPUXD | XV_SP); }
TRANS(xvcvdpsxws) { return gen_xv2(d, XV_CVFPSXW); }
TRANS(xvcvdpuxws) { return gen_xv2(d, XV_CVFPUXW); }
TRANS(xvcvspsxws) { return gen_xv2(d, XV_CVFPSXW | XV_SP); }
TRANS(xvcvspuxws) { return gen_xv2(d, XV_CVFPUXW | XV_SP); }
TRANS(xvcvsxddp) { return gen_xv2(d, XV_CVSXDFP); }
TRANS(xvcvuxddp) { return gen_xv2(d, XV_CVUXDFP); }
TRANS(xvcvsxdsp) { return gen_xv2(d, XV_CVSXDFP | XV_SP); }
TRANS(xvcvuxdsp) { return gen_xv2(d, XV_CVUXDFP | XV_SP); }
TRANS(xvcvsxwdp) { return gen_xv2(d, XV_CVSXWFP); }
TRANS(xvcvuxwdp) { return gen_xv2(d, XV_CVUXWFP); }
TRANS(xvcvsxwsp) { return gen_xv2(d, XV_CVSXWFP | XV_SP); }
TRANS(xvcvuxwsp) { return gen_xv2(d, XV_CVUXWFP | XV_SP); }

TRANS(xsrdpic) { return gen_xv2(d, XV_ARG(XV_RINT, FRI_CURRENT) | XV_SCALAR); }
TRANS(xscvsxdsp) { return gen_xv2(d, XS_CVSXDSP | XV_SCALAR); }
TRANS(xscvuxdsp) { return gen_xv2(d, XS_CVUXDSP | XV_SCALAR); }

/* ftdiv/ftsqrt per element (Book I 7.6 xvtdivdp, xvtdivsp...): fe and fg ORed over them. */
static int elem_exp(guint64 x, gboolean sp)
{
    return sp ? (int)((x >> 23) & 0xff) - 127 : (int)((x >> 52) & 0x7ff) - 1023;
}

static gboolean elem_zero_or_denormal(guint64 x, gboolean sp)
{
    return sp ? (x & 0x7f800000u) == 0 : f64_is_zero_or_denormal(x);
}

static guint64 helper_xvtest(PowerCpu *cpu, guint64 insn, guint64 arg)
{
    const PowerVsr a = *vec_vsr(cpu, F_XA(insn)), b = *vec_vsr(cpu, F_XB(insn));
    gboolean sp = (arg & XV_SP) != 0, sqrt_test = (arg & 1) != 0;
    unsigned size = sp ? 4 : 8;
    int emin = sp ? -126 : -1022, emax = sp ? 127 : 1023, nbits = sp ? 23 : 52;
    gboolean fe = FALSE, fg = FALSE;

    for (unsigned i = 0; i < 16 / size; i++) {
        guint64 ra = vec_get(&a, size, i), rb = vec_get(&b, size, i);
        guint64 da = elem_to_dp(ra, sp), db = elem_to_dp(rb, sp);
        int ea = elem_exp(ra, sp), eb = elem_exp(rb, sp);

        if (sqrt_test) {
            if (f64_is_inf(db) || f64_is_zero(db)) {
                fe = fg = TRUE;
                continue;
            }
            if (f64_is_nan(db) || f64_is_neg(db) || eb <= emin + nbits) {
                fe = TRUE;
            }
        } else {
            if (f64_is_inf(da) || f64_is_inf(db) || f64_is_zero(db)) {
                fe = fg = TRUE;
                continue;
            }
            if (f64_is_nan(da) || f64_is_nan(db) || eb <= emin || eb >= emax - 2) {
                fe = TRUE;
            } else if (!f64_is_zero(da) &&
                       (ea - eb >= emax || ea - eb <= emin + 1 || ea <= emin + nbits)) {
                fe = TRUE;
            }
        }
        if (elem_zero_or_denormal(rb, sp)) {
            fg = TRUE;
        }
    }
    return 8 | (fg ? 4 : 0) | (fe ? 2 : 0);
}

static const ModvmTcgHelper h_xvtest = { "xvtest", (gpointer)helper_xvtest, 3, TRUE, 1, FALSE };

static gboolean gen_xvtest(PowerDisas *d, unsigned arg, guint32 reserved)
{
    ModvmTcgTemp r;

    if (d->insn & reserved) {
        return FALSE;
    }
    r = power_call(d, &h_xvtest, power_const(d, d->insn), power_const(d, arg), 0);
    modvm_tcg_st(d->ctx, MODVM_OP_ST32, r, CRF_OFF(F_BF(d->insn)));
    return TRUE;
}

/* Reserved: bits 9:10 and 31; xvtsqrt* also the XA field. */
TRANS(xvtdivdp) { return gen_xvtest(d, 0, 0x00600001); }
TRANS(xvtdivsp) { return gen_xvtest(d, XV_SP, 0x00600001); }
TRANS(xvtsqrtdp) { return gen_xvtest(d, 1, 0x007f0001); }
TRANS(xvtsqrtsp) { return gen_xvtest(d, 1 | XV_SP, 0x007f0001); }

/*
 * Exponent and significand moves and the data-class tests (Book I 7.6 xvxexpdp, xviexpdp,
 * xvtstdcdp, xststdcdp...): bit operations, no FPSCR but the FPCC of xststdc*.
 */
typedef enum {
    XB_XVXEXP, XB_XVXSIG, XB_XVIEXP, XB_XVTSTDC, XB_XSIEXP, XB_XSTSTDC, XB_XSCMPEXP,
} XvBitsOp;

/* DCMX bits (Book I 7.6 xvtstdcdp): NaN, +inf, -inf, +0, -0, +denormal, -denormal. */
static gboolean data_class_match(guint64 x, gboolean sp, unsigned dcmx)
{
    guint64 dx = elem_to_dp(x, sp);
    gboolean neg = f64_is_neg(dx);

    if (f64_is_nan(dx)) {
        return (dcmx >> 6) & 1;
    }
    if (f64_is_inf(dx)) {
        return (dcmx >> (neg ? 4 : 5)) & 1;
    }
    if (f64_is_zero(dx)) {
        return (dcmx >> (neg ? 2 : 3)) & 1;
    }
    if (elem_zero_or_denormal(x, sp)) {
        return (dcmx >> (neg ? 0 : 1)) & 1;
    }
    return FALSE;
}

static void helper_xvbits(PowerCpu *cpu, guint64 insn, guint64 arg)
{
    const PowerVsr a = *vec_vsr(cpu, F_XA(insn)), b = *vec_vsr(cpu, F_XB(insn));
    PowerVsr *t = vec_vsr(cpu, F_XT(insn));
    PowerVsr r = { .dw = { 0, 0 } };
    gboolean sp = (arg & XV_SP) != 0;
    unsigned size = sp ? 4 : 8, fbits = sp ? 23 : 52, emask = sp ? 0xff : 0x7ff;
    guint64 fmask = (1ull << fbits) - 1, smask = 1ull << (size * 8 - 1);

    switch ((XvBitsOp)(arg & 0xff)) {
    case XB_XSTSTDC: {
        /* CR[BF] and FPCC: sign, match, and for xststdcsp "not representable in single" */
        guint64 x = b.dw[0];
        unsigned dcmx = (insn >> 16) & 0x7f, exp = (x >> 52) & 0x7ff;
        gboolean match = data_class_match(x, FALSE, dcmx), not_sp = FALSE;
        guint32 cc;

        if (sp && !f64_is_nan(x) && !f64_is_inf(x) && !f64_is_zero(x) && exp < 897) {
            /*
             * Below the single-precision normal range: a denormal; and a normal double there
             * (which has no exact single) also matches the zero bit, as QEMU 7.2 has it.
             */
            unsigned neg = f64_is_neg(x);
            match = ((dcmx >> (1 - neg)) & 1) || (exp > 0 && ((dcmx >> (3 - neg)) & 1));
        }
        if (sp) {
            not_sp = sp_to_dp(dp_to_sp(x)) != x;
        }
        cc = (f64_is_neg(x) ? 8 : 0) | (match ? 2 : 0) | (not_sp ? 1 : 0);
        cpu->regs.crf[F_BF(insn)] = cc;
        cpu->regs.fpscr = (cpu->regs.fpscr & ~(0xfull << FPSCR_FPRF)) |
                          (guint64)cc << FPSCR_FPRF;
        return;
    }
    case XB_XSCMPEXP: {
        /* xscmpexpdp: the biased exponents compared; a NaN operand is unordered */
        guint64 x = a.dw[0], y = b.dw[0];
        guint32 cc;
        FpCtx f;

        fp_begin(&f, cpu, insn);
        if (f64_is_nan(x) || f64_is_nan(y)) {
            cc = 1;         /* no VXSNAN for an SNaN, as QEMU 7.2 */
        } else {
            guint64 ex = (x >> 52) & 0x7ff, ey = (y >> 52) & 0x7ff;
            cc = ex < ey ? 8 : ex > ey ? 4 : 2;
        }
        f.fpscr = (f.fpscr & ~(0xfull << FPSCR_FPRF)) | (guint64)cc << FPSCR_FPRF;
        cpu->regs.crf[F_BF(insn)] = cc;
        fp_end(&f, FALSE);
        return;
    }
    case XB_XSIEXP:
        /* xsiexpdp XT, RA, RB: sign and fraction of RA, exponent from RB */
        r.dw[0] = (cpu->regs.gpr[F_RA(insn)] & 0x800fffffffffffffull) |
                  (cpu->regs.gpr[F_RB(insn)] & 0x7ff) << 52;
        *t = r;
        return;
    default:
        break;
    }
    for (unsigned i = 0; i < 16 / size; i++) {
        guint64 x = vec_get(&b, size, i), v = 0;
        unsigned exp = (x >> fbits) & emask;

        switch ((XvBitsOp)(arg & 0xff)) {
        case XB_XVXEXP:
            v = exp;
            break;
        case XB_XVXSIG:
            v = (x & fmask) | (exp != 0 && exp != emask ? 1ull << fbits : 0);
            break;
        case XB_XVIEXP:
            v = (vec_get(&a, size, i) & (smask | fmask)) | (x & emask) << fbits;
            break;
        case XB_XVTSTDC: {
            unsigned dcmx = ((insn >> 16) & 0x1f) | ((insn >> 2) & 1) << 5 | ((insn >> 6) & 1) << 6;
            v = data_class_match(x, sp, dcmx) ? ~0ull : 0;
            break;
        }
        default:
            break;
        }
        vec_set(&r, size, i, v);
    }
    *t = r;
}

static const ModvmTcgHelper h_xvbits = { "xvbits", (gpointer)helper_xvbits, 3, FALSE, 1, FALSE };

static gboolean gen_xvbits(PowerDisas *d, unsigned arg)
{
    power_call(d, &h_xvbits, power_const(d, d->insn), power_const(d, arg), 0);
    return TRUE;
}

TRANS(xviexpdp) { return gen_xvbits(d, XB_XVIEXP); }
TRANS(xviexpsp) { return gen_xvbits(d, XB_XVIEXP | XV_SP); }
TRANS(xvtstdcdp) { return gen_xvbits(d, XB_XVTSTDC); }
TRANS(xvtstdcsp) { return gen_xvbits(d, XB_XVTSTDC | XV_SP); }
TRANS(xsiexpdp) { return gen_xvbits(d, XB_XSIEXP); }
/* bit 31 is reserved, and xscmpexpdp's bits 9:10 */
TRANS(xststdcdp) { return !(d->insn & 1) && gen_xvbits(d, XB_XSTSTDC); }
TRANS(xststdcsp) { return !(d->insn & 1) && gen_xvbits(d, XB_XSTSTDC | XV_SP); }
TRANS(xscmpexpdp) { return !(d->insn & 0x00600001) && gen_xvbits(d, XB_XSCMPEXP); }

/*
 * xvcvbf16spn (Book I 7.6, ISA 3.1): the bfloat16 in the right half of each word
 * as a single, with no exception (an SNaN stays signalling). xvcvspbf16: each
 * single rounded to bfloat16 in the FPSCR's mode into the right half of its word
 * (the left half 0), an SNaN quieted with VXSNAN, OX UX XX as they occur; FPRF,
 * FR and FI unchanged.
 */
static guint32 sp_to_bf16(FpCtx *f, guint32 x)
{
    guint32 sign = x & 0x80000000u, a = x & 0x7fffffffu, lo = a & 0xffff, r = a >> 16;
    unsigned rn = f->fpscr & FP_RN_MASK;
    gboolean up;

    if (a > 0x7f800000u) {
        if (!(a & 0x00400000u)) {
            fp_invalid(f, FP(VXSNAN));
        }
        return (sign | a | 0x00400000u) >> 16;
    }
    if (!lo) {
        return (sign | a) >> 16;
    }
    switch (rn) {
    case 0: up = lo > 0x8000 || (lo == 0x8000 && (r & 1)); break;
    case 1: up = FALSE; break;
    case 2: up = !sign; break;
    default: up = sign != 0; break;
    }
    r += up;
    if (r >= 0x7f80) {
        fp_set_exc(f, FP(OX), FP(OE));
    }
    if (!(a & 0x7f800000u)) {
        fp_set_exc(f, FP(UX), FP(UE));     /* tiny before rounding, and inexact */
    }
    fp_set_exc(f, FP(XX), FP(XE));
    return (sign >> 16) | r;
}

static void helper_xvcvbf16(PowerCpu *cpu, guint64 insn)
{
    const PowerVsr b = *vec_vsr(cpu, F_XB(insn));
    PowerVsr r = { .dw = { 0, 0 } };
    guint64 keep = cpu->regs.fpscr & (FP(FR) | FP(FI) | FP_FPRF_MASK);
    FpCtx f;

    if (F_RA(insn) == 16) {
        for (unsigned i = 0; i < 4; i++) {
            vec_set(&r, 4, i, vec_get(&b, 4, i) << 16);
        }
        *vec_vsr(cpu, F_XT(insn)) = r;
        return;
    }
    fp_begin(&f, cpu, insn);
    for (unsigned i = 0; i < 4; i++) {
        vec_set(&r, 4, i, sp_to_bf16(&f, (guint32)vec_get(&b, 4, i)));
    }
    f.fpscr = (f.fpscr & ~(FP(FR) | FP(FI) | FP_FPRF_MASK)) | keep;
    if (!f.enabled) {
        *vec_vsr(cpu, F_XT(insn)) = r;
    }
    fp_end(&f, FALSE);
}

static const ModvmTcgHelper h_xvcvbf16 = {
    "xvcvbf16", (gpointer)helper_xvcvbf16, 2, FALSE, 1, FALSE
};

/*
 * xvtlsbb BF,XB (ISA 3.1): CR field BF is 0b1000 when the rightmost bit of
 * every byte of VSR[XB] is 1, 0b0010 when all are 0, else 0.
 */
static guint64 helper_xvtlsbb(guint64 hi, guint64 lo)
{
    const guint64 lsb = 0x0101010101010101ull;
    guint64 all = hi & lo & lsb, any = (hi | lo) & lsb;

    return (all == lsb ? 8 : 0) | (any == 0 ? 2 : 0);
}

static const ModvmTcgHelper h_xvtlsbb = {
    "xvtlsbb", (gpointer)helper_xvtlsbb, 2, TRUE, 0, TRUE
};

static gboolean gen_xvtlsbb(PowerDisas *d)
{
    unsigned xb = F_XB(d->insn);
    ModvmTcgTemp cr = power_call(d, &h_xvtlsbb, power_load_field(d, VSR_OFF(xb, 0)),
                                 power_load_field(d, VSR_OFF(xb, 1)), 0);

    modvm_tcg_st(d->ctx, MODVM_OP_ST32, cr, CRF_OFF(F_BF(d->insn)));
    return TRUE;
}

/*
 * XX2 opcode 475 (xxbr*, in vsx.c, and these) and 347 (xsxexpdp...) pick the
 * instruction by the XA field.
 */
gboolean vsx_vec_trans_475(PowerDisas *d)
{
    switch (F_RA(d->insn)) {
    case 0: return gen_xvbits(d, XB_XVXEXP);
    case 1: return gen_xvbits(d, XB_XVXSIG);
    case 8: return gen_xvbits(d, XB_XVXEXP | XV_SP);
    case 9: return gen_xvbits(d, XB_XVXSIG | XV_SP);
    case 24: return gen_xv(d, XV_CVHPSP | XV_SP);
    case 25: return gen_xv(d, XV_CVSPHP | XV_SP);
    case 16: case 17:
        if (d->isa < ISA310) {
            return FALSE;
        }
        power_call(d, &h_xvcvbf16, power_const(d, d->insn), 0, 0);
        return TRUE;
    case 2:
        return d->isa >= ISA310 && gen_xvtlsbb(d);
    default: return FALSE;
    }
}

/* xsxexpdp, xsxsigdp: RT from doubleword 0 of XB; bit 31 is reserved. */
static guint64 helper_xsxexp(guint64 x, guint64 sig)
{
    unsigned exp = (x >> 52) & 0x7ff;

    if (!sig) {
        return exp;
    }
    return (x & ((1ull << 52) - 1)) | (exp != 0 && exp != 0x7ff ? 1ull << 52 : 0);
}

static const ModvmTcgHelper h_xsxexp = { "xsxexp", (gpointer)helper_xsxexp, 2, TRUE, 0, TRUE };

TRANS(xsx347)
{
    unsigned sub = F_RA(d->insn);

    switch (sub) {
    case 0:
    case 1: {
        ModvmTcgTemp r;
        if (d->insn & 1) {
            return FALSE;
        }
        r = power_call(d, &h_xsxexp, power_load_field(d, VSR_OFF(F_XB(d->insn), 0)),
                       power_const(d, sub), 0);
        power_store_gpr(d, F_RT(d->insn), r);
        return TRUE;
    }
    case 16: return gen_xv(d, XS_CVHPDP | XV_SCALAR);
    case 17: return gen_xv(d, XS_CVDPHP | XV_SCALAR);
    default: return FALSE;
    }
}
