/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Vector floating-point instructions (Power ISA Book I 6.10): single
 * precision, round to nearest, no exceptions and no FPSCR; VSCR[NJ]
 * flushes denormal operands and results to zero.
 */
#include "vec.h"

#include "hostfp.h"
#include <math.h>

typedef enum {
    VF_ADD, VF_SUB, VF_MADD, VF_NMSUB, VF_MAX, VF_MIN, VF_RE, VF_RSQRTE, VF_EXPTE, VF_LOGE,
    VF_RIN, VF_RIZ, VF_RIP, VF_RIM, VF_CFUX, VF_CFSX, VF_CTUXS, VF_CTSXS,
    VF_CMPEQ, VF_CMPGE, VF_CMPGT, VF_CMPB,
} VecFpOp;

#define F32_QUIET 0x00400000u
#define F32_DEFAULT_NAN 0x7fc00000u

static float f32_val(guint32 x)
{
    float f;
    memcpy(&f, &x, 4);
    return f;
}

static guint32 f32_bits(float f)
{
    guint32 x;
    memcpy(&x, &f, 4);
    return x;
}

static gboolean f32_is_nan(guint32 x)
{
    return (x & 0x7fffffff) > 0x7f800000;
}

/* Denormals read as zero and results flush to zero in non-Java mode (VSCR[NJ]=1). */
static guint32 flush(guint32 x, gboolean nj)
{
    return (nj && !(x & 0x7f800000)) ? x & 0x80000000 : x;
}

/* A NaN result: the first NaN operand, quieted (Book I 6.10.2), else the default NaN. */
static guint32 arith_result(float r, const guint32 *ops, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (f32_is_nan(ops[i])) {
            return ops[i] | F32_QUIET;
        }
    }
    return isnan(r) ? F32_DEFAULT_NAN : f32_bits(r);
}

static guint32 vfp_one(VecFpOp op, guint32 a, guint32 b, guint32 c, unsigned uim, gboolean nj,
                       gboolean *sat)
{
    float fa = f32_val(a), fb = f32_val(b), fc = f32_val(c);
    guint32 ops[3] = { a, b, c };

    switch (op) {
    case VF_ADD: return arith_result(fa + fb, ops, 2);
    case VF_SUB: return arith_result(fa - fb, ops, 2);
    case VF_MADD: return arith_result(fmaf(fa, fc, fb), ops, 3);
    case VF_NMSUB: {
        guint32 r = arith_result(fmaf(fa, fc, -fb), ops, 3);
        return f32_is_nan(r) ? r : r ^ 0x80000000;
    }
    case VF_MAX:
    case VF_MIN:
        if (f32_is_nan(a) || f32_is_nan(b)) {
            return arith_result(0, ops, 2);
        }
        if (fa == fb) {     /* +0 and -0: max is +0, min is -0 */
            return op == VF_MAX ? (a & b) : (a | b);
        }
        return (op == VF_MAX) == (fa > fb) ? a : b;
    case VF_RE: return arith_result(1.0f / fb, &b, 1);
    case VF_RSQRTE: return arith_result(1.0f / sqrtf(fb), &b, 1);
    case VF_EXPTE: return arith_result(exp2f(fb), &b, 1);
    case VF_LOGE: return arith_result(log2f(fb), &b, 1);
    case VF_RIN: return arith_result(nearbyintf(fb), &b, 1);
    case VF_RIZ: return arith_result(truncf(fb), &b, 1);
    case VF_RIP: return arith_result(ceilf(fb), &b, 1);
    case VF_RIM: return arith_result(floorf(fb), &b, 1);
    case VF_CFUX: return f32_bits(ldexpf((float)b, -(int)uim));
    case VF_CFSX: return f32_bits(ldexpf((float)(gint32)b, -(int)uim));
    case VF_CTUXS:
    case VF_CTSXS: {
        double lo = op == VF_CTUXS ? 0 : -2147483648.0;
        double hi = op == VF_CTUXS ? 4294967295.0 : 2147483647.0;
        double d;
        if (f32_is_nan(b)) {
            return 0;       /* a NaN converts to 0 without saturating, as in QEMU */
        }
        d = trunc(ldexp((double)fb, (int)uim));
        if (d < lo || d > hi) {
            *sat = TRUE;
            d = d < lo ? lo : hi;
        }
        return op == VF_CTUXS ? (guint32)d : (guint32)(gint32)d;
    }
    case VF_CMPEQ: return fa == fb ? ~0u : 0;
    case VF_CMPGE: return fa >= fb ? ~0u : 0;
    case VF_CMPGT: return fa > fb ? ~0u : 0;
    case VF_CMPB:
        return (fa <= fb ? 0 : 0x80000000u) | (fa >= -fb ? 0 : 0x40000000u);
    }
    (void)nj;
    return 0;
}

static void helper_vfp(PowerCpu *cpu, guint64 insn, guint64 op)
{
    const PowerVsr *a = vec_vsr(cpu, 32 + F_RA(insn)), *b = vec_vsr(cpu, 32 + F_RB(insn));
    const PowerVsr *c = vec_vsr(cpu, 32 + F_VRC(insn));
    gboolean nj = (cpu->regs.vscr & VSCR_NJ) != 0, sat = FALSE, all = TRUE, none = TRUE;
    gboolean is_cmp = op >= VF_CMPEQ, converts = op >= VF_CFUX && op <= VF_CTSXS;
    int saved = hostfp_getround();
    PowerVsr r;

    hostfp_setround(FE_TONEAREST);
    for (unsigned i = 0; i < 4; i++) {
        guint32 x = (guint32)vec_get(a, 4, i), y = (guint32)vec_get(b, 4, i);
        guint32 z = (guint32)vec_get(c, 4, i), v;
        if (!converts || op >= VF_CTUXS) {
            x = flush(x, nj);
            y = flush(y, nj);
            z = flush(z, nj);
        }
        v = vfp_one((VecFpOp)op, x, y, z, F_RA(insn), nj, &sat);
        if (!is_cmp && op < VF_CTUXS) {
            v = flush(v, nj);
        }
        vec_set(&r, 4, i, v);
        all = all && v;
        none = none && !v;
    }
    hostfp_setround(saved);
    *vec_vsr(cpu, 32 + F_RT(insn)) = r;
    if (sat) {
        cpu->regs.vscr |= VSCR_SAT;
    }
    if (is_cmp && (insn & 0x400)) {
        /* vcmpbfp. sets only "all in bounds" (Book I 6.10.5). */
        cpu->regs.crf[6] = op == VF_CMPB ? (none ? 2 : 0) : ((all ? 8 : 0) | (none ? 2 : 0));
    }
}

static const ModvmTcgHelper h_vfp = { "vfp", (gpointer)helper_vfp, 3, FALSE, 1, FALSE };

static gboolean gen_vfp(PowerDisas *d, VecFpOp op)
{
    power_call(d, &h_vfp, power_const(d, d->insn), power_const(d, op), 0);
    return TRUE;
}

TRANS(vaddfp) { return gen_vfp(d, VF_ADD); }
TRANS(vsubfp) { return gen_vfp(d, VF_SUB); }
TRANS(vmaddfp) { return gen_vfp(d, VF_MADD); }
TRANS(vnmsubfp) { return gen_vfp(d, VF_NMSUB); }
TRANS(vmaxfp) { return gen_vfp(d, VF_MAX); }
TRANS(vminfp) { return gen_vfp(d, VF_MIN); }
TRANS(vrefp) { return gen_vfp(d, VF_RE); }
TRANS(vrsqrtefp) { return gen_vfp(d, VF_RSQRTE); }
TRANS(vexptefp) { return gen_vfp(d, VF_EXPTE); }
TRANS(vlogefp) { return gen_vfp(d, VF_LOGE); }
TRANS(vrfin) { return gen_vfp(d, VF_RIN); }
TRANS(vrfiz) { return gen_vfp(d, VF_RIZ); }
TRANS(vrfip) { return gen_vfp(d, VF_RIP); }
TRANS(vrfim) { return gen_vfp(d, VF_RIM); }
TRANS(vcfux) { return gen_vfp(d, VF_CFUX); }
TRANS(vcfsx) { return gen_vfp(d, VF_CFSX); }
TRANS(vctuxs) { return gen_vfp(d, VF_CTUXS); }
TRANS(vctsxs) { return gen_vfp(d, VF_CTSXS); }
TRANS(vcmpeqfp) { return gen_vfp(d, VF_CMPEQ); }
TRANS(vcmpgefp) { return gen_vfp(d, VF_CMPGE); }
TRANS(vcmpgtfp) { return gen_vfp(d, VF_CMPGT); }
TRANS(vcmpbfp) { return gen_vfp(d, VF_CMPB); }
