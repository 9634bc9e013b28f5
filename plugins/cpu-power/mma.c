/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Matrix-Multiply Assist (Power ISA v3.1 Book I 7.x): the accumulators and the rank-k updates. */
#include "fpu.h"

/*
 * ACC[i] is VSR[4i..4i+3] here, row r of the 4x4 (4x2 for xvf64ger) matrix being
 * VSR[4i+r]. The ISA lets an implementation keep the accumulators apart, the VSRs
 * being undefined while an accumulator is primed; QEMU 7.2 overlays them, so
 * xxmtacc and xxmfacc move nothing and a guest sees the same values either way.
 */
TRANS(xxacc)
{
    unsigned at = (d->insn >> 23) & 7;

    switch (F_RA(d->insn)) {
    case 0:     /* xxmfacc */
    case 1:     /* xxmtacc */
        return TRUE;
    case 3:     /* xxsetaccz */
        for (unsigned r = 0; r < 4; r++) {
            power_store_imm(d, VSR_OFF(4 * at + r, 0), 0);
            power_store_imm(d, VSR_OFF(4 * at + r, 1), 0);
        }
        return TRUE;
    default:
        return FALSE;
    }
}

typedef enum { GER_I4, GER_I8, GER_I16, GER_BF16, GER_F16, GER_F32, GER_F64 } GerType;

enum { GER_ACC = 1, GER_SAT = 2, GER_NEG_MUL = 4, GER_NEG_ACC = 8 };

/* The XX3 extended opcodes (bits 21:28) of the rank-k updates. */
static const struct {
    guint8 xo, type, flags;
} ger_ops[] = {
    { 35, GER_I4, 0 }, { 34, GER_I4, GER_ACC },
    { 3, GER_I8, 0 }, { 2, GER_I8, GER_ACC }, { 99, GER_I8, GER_ACC | GER_SAT },
    { 75, GER_I16, 0 }, { 107, GER_I16, GER_ACC }, { 43, GER_I16, GER_SAT },
    { 42, GER_I16, GER_ACC | GER_SAT },
#define GER_FP(t, x0, xpp, xpn, xnp, xnn)                                                  \
    { x0, t, 0 }, { xpp, t, GER_ACC }, { xpn, t, GER_ACC | GER_NEG_ACC },                  \
    { xnp, t, GER_ACC | GER_NEG_MUL }, { xnn, t, GER_ACC | GER_NEG_MUL | GER_NEG_ACC }
    GER_FP(GER_BF16, 51, 50, 178, 114, 242),
    GER_FP(GER_F16, 19, 18, 146, 82, 210),
    GER_FP(GER_F32, 27, 26, 154, 90, 218),
    GER_FP(GER_F64, 59, 58, 186, 122, 250),
#undef GER_FP
};

/* Products per element: the rank k of the update. */
static unsigned ger_rank(GerType t)
{
    switch (t) {
    case GER_I4: return 8;
    case GER_I8: return 4;
    case GER_I16: case GER_BF16: case GER_F16: return 2;
    default: return 1;
    }
}

/*
 * The sum of products of elements i of X and j of Y, element k of each taken
 * where PMSK bit k is 1 (bit 0 the leftmost). xvi8ger4 multiplies signed bytes of
 * X by unsigned bytes of Y; the other integer forms are signed by signed.
 */
static gint64 ger_int_sum(GerType t, guint32 x, guint32 y, unsigned pmsk)
{
    unsigned n = ger_rank(t), bits = 32 / n;
    gint64 sum = 0;

    for (unsigned k = 0; k < n; k++) {
        unsigned sh = 32 - bits * (k + 1);
        guint64 xe = (x >> sh) & ((1u << bits) - 1), ye = (y >> sh) & ((1u << bits) - 1);
        gint64 xs;

        if (!((pmsk >> (n - 1 - k)) & 1)) {
            continue;
        }
        xs = (gint64)(xe << (64 - bits)) >> (64 - bits);
        sum += xs * (t == GER_I8 ? (gint64)ye : (gint64)(ye << (64 - bits)) >> (64 - bits));
    }
    return sum;
}

/* A half-precision or bfloat16 element as a double; an SNaN is quieted with VXSNAN. */
static guint64 ger_half(FpCtx *f, guint16 h, gboolean bf)
{
    guint64 x = bf ? sp_to_dp((guint32)h << 16) : f16_to_dp(h);

    if (f64_is_snan(x)) {
        fp_invalid(f, FP(VXSNAN));
        x |= F64_QUIET;
    }
    return x;
}

static guint64 ger_op(FpCtx *f, FpOp op, guint64 a, guint64 b, guint64 c, gboolean single)
{
    guint64 r = 0;

    f->dest = &r;
    fp_arith(f, op, a, b, c, single);
    return r;
}

static guint64 ger_neg(guint64 x)
{
    return f64_is_nan(x) ? x : x ^ F64_SIGN;
}

/*
 * -(X * Y (+-) ACC) of xvf32gernp/nn and xvf64gernp/nn: QEMU 7.2 rounds the
 * negated sum, so the directed modes swap; an exact zero takes its sign from the
 * unswapped mode and is then negated.
 */
static guint64 ger_fused_neg(FpCtx *f, FpOp op, guint64 x, guint64 acc, guint64 y,
                             gboolean single)
{
    static const unsigned mirror[4] = { 0, 1, 3, 2 };
    guint64 rn = f->fpscr & FP_RN_MASK, xx = f->fpscr & FP(XX), r;

    f->fpscr = (f->fpscr & ~(FP_RN_MASK | FP(XX))) | mirror[rn];
    r = ger_op(f, op, x, acc, y, single);
    f->fpscr = (f->fpscr & ~FP_RN_MASK) | rn;
    if (f64_is_zero(r) && !(f->fpscr & FP(XX))) {
        r = ger_op(f, op, x, acc, y, single);
    }
    f->fpscr |= xx;
    return ger_neg(r);
}

/*
 * One floating-point element: xvf32ger and xvf64ger a fused X * Y (+-) ACC; the
 * rank-2 forms the two products summed and rounded to single precision, then
 * added to (+-) ACC and rounded again, as QEMU 7.2 does.
 */
static guint64 ger_fp_elem(FpCtx *f, GerType t, unsigned flags, const PowerVsr *xa,
                           const PowerVsr *xb, unsigned i, unsigned j, unsigned pmsk, guint64 acc)
{
    gboolean single = t != GER_F64;

    if (t == GER_F32 || t == GER_F64) {
        guint64 x = t == GER_F64 ? xa[i / 2].dw[i % 2] : sp_to_dp((guint32)vec_get(xa, 4, i));
        guint64 y = t == GER_F64 ? xb->dw[j] : sp_to_dp((guint32)vec_get(xb, 4, j));
        if (!(flags & GER_ACC)) {
            return ger_op(f, FP_MUL, x, 0, y, single);
        }
        if (flags & GER_NEG_MUL) {
            return ger_fused_neg(f, (flags & GER_NEG_ACC) ? FP_MADD : FP_MSUB, x, acc, y, single);
        }
        return ger_op(f, (flags & GER_NEG_ACC) ? FP_MSUB : FP_MADD, x, acc, y, single);
    }
    gboolean bf = t == GER_BF16;
    guint64 x0 = 0, y0 = 0, x1 = 0, y1 = 0, p, s;
    if (pmsk & 2) {
        x0 = ger_half(f, (guint16)vec_get(xa, 2, 2 * i), bf);
        y0 = ger_half(f, (guint16)vec_get(xb, 2, 2 * j), bf);
    }
    if (pmsk & 1) {
        x1 = ger_half(f, (guint16)vec_get(xa, 2, 2 * i + 1), bf);
        y1 = ger_half(f, (guint16)vec_get(xb, 2, 2 * j + 1), bf);
    }
    p = ger_op(f, FP_MUL, x0, 0, y0, FALSE);        /* exact */
    s = ger_op(f, FP_MADD, x1, p, y1, TRUE);
    if (!(flags & GER_ACC)) {
        return s;
    }
    if (flags & GER_NEG_MUL) {
        s = ger_neg(s);
    }
    if (flags & GER_NEG_ACC) {
        acc = ger_neg(acc);
    }
    return ger_op(f, FP_ADD, s, acc, 0, TRUE);
}

/*
 * @arg: the ger_ops index, XMSK (bits 8:11), YMSK (bits 12:15), PMSK (bits 16:23),
 * each mask's bit 0 the leftmost element. Masked-out elements of ACC become 0.
 */
static void helper_ger(PowerCpu *cpu, guint64 insn, guint64 arg)
{
    GerType t = ger_ops[arg & 0xff].type;
    unsigned flags = ger_ops[arg & 0xff].flags;
    unsigned xmsk = (arg >> 8) & 15, ymsk = (arg >> 12) & 15, pmsk = (arg >> 16) & 0xff;
    unsigned at = (insn >> 23) & 7, cols = t == GER_F64 ? 2 : 4;
    const PowerVsr xa[2] = { *vec_vsr(cpu, F_XA(insn)), *vec_vsr(cpu, (F_XA(insn) + 1) & 63) };
    const PowerVsr xb = *vec_vsr(cpu, F_XB(insn));
    PowerVsr *acc = vec_vsr(cpu, 4 * at);
    gboolean fp = t >= GER_BF16;
    guint64 saved = cpu->regs.fpscr, occurred;
    FpCtx f;

    if (fp) {
        /*
         * Each element is computed with invalid operation disabled (a default NaN,
         * never a suppressed result) and the other enables as they are (an enabled
         * overflow or underflow gives the exponent-adjusted result), as QEMU 7.2
         * does; the exception bits are collected from 0 and merged at the end.
         * FPRF, FR and FI are unchanged.
         */
        fp_begin(&f, cpu, insn);
        f.fpscr &= ~(FP(VE) | FP(ZE) | FP_EXC_ALL | FP(FX));
    }
    for (unsigned i = 0; i < 4; i++) {
        for (unsigned j = 0; j < cols; j++) {
            gboolean on = ((xmsk >> (3 - i)) & 1) && ((ymsk >> (cols - 1 - j)) & 1);
            if (!fp) {
                gint64 s;
                if (!on) {
                    vec_set(&acc[i], 4, j, 0);
                    continue;
                }
                s = ger_int_sum(t, (guint32)vec_get(&xa[0], 4, i), (guint32)vec_get(&xb, 4, j),
                                pmsk);
                if (flags & GER_ACC) {
                    s += (gint32)vec_get(&acc[i], 4, j);
                }
                if ((flags & GER_SAT) && (s > G_MAXINT32 || s < G_MININT32)) {
                    s = s > G_MAXINT32 ? G_MAXINT32 : G_MININT32;
                    cpu->regs.vscr |= VSCR_SAT;
                }
                vec_set(&acc[i], 4, j, (guint32)s);
            } else if (t == GER_F64) {
                acc[i].dw[j] = on ? ger_fp_elem(&f, t, flags, xa, &xb, i, j, pmsk, acc[i].dw[j])
                                  : 0;
            } else {
                guint64 r = 0;
                if (on) {
                    r = ger_fp_elem(&f, t, flags, xa, &xb, i, j, pmsk,
                                    sp_to_dp((guint32)vec_get(&acc[i], 4, j)));
                }
                vec_set(&acc[i], 4, j, on ? f64_to_f32_bits(r) : 0);
            }
        }
    }
    if (!fp) {
        return;
    }
    occurred = f.fpscr & FP_EXC_ALL;
    /*
     * QEMU 7.2 records an underflow only when no element overflowed (it checks the
     * flags of all the elements together, overflow first); followed here, having no
     * ISA text at hand that says otherwise.
     */
    if (occurred & FP(OX)) {
        occurred &= ~FP(UX);
    }
    f.fpscr = saved | occurred;
    if (occurred & ~saved) {
        f.fpscr |= FP(FX);
    }
    /*
     * The program interrupt follows when FEX is set after the instruction, even by
     * an exception bit set before it (QEMU 7.2); ACC is written either way.
     */
    f.enabled = (fpscr_summaries(f.fpscr) & FP(FEX)) != 0;
    fp_end(&f, FALSE);
}

static const ModvmTcgHelper h_ger = { "ger", (gpointer)helper_ger, 3, FALSE, 1, FALSE };

TRANS(ger)
{
    unsigned xo = (d->insn >> 3) & 0xff, at = (d->insn >> 23) & 7, n, idx;
    unsigned xmsk = 15, ymsk = 15, pmsk;
    GerType t;

    for (idx = 0; idx < G_N_ELEMENTS(ger_ops) && ger_ops[idx].xo != xo; idx++) {
    }
    if (idx == G_N_ELEMENTS(ger_ops)) {
        return FALSE;
    }
    t = ger_ops[idx].type;
    n = ger_rank(t);
    pmsk = (1u << n) - 1;
    /* XAp of xvf64ger is an even pair; XA or XB within ACC[AT] is an invalid form */
    if (t == GER_F64 && (F_XA(d->insn) & 1)) {
        return FALSE;
    }
    if (F_XA(d->insn) / 4 == at || F_XB(d->insn) / 4 == at) {
        return FALSE;
    }
    if (d->prefixed) {
        /* MMIRR: PMSK from prefix bit 16, XMSK bits 24:27, YMSK bits 28:31 (28:29 for f64) */
        xmsk = (d->prefix >> 4) & 15;
        ymsk = t == GER_F64 ? (d->prefix >> 2) & 3 : d->prefix & 15;
        if (n > 1) {
            pmsk = (d->prefix >> (16 - n)) & ((1u << n) - 1);
        }
    }
    power_call(d, &h_ger, power_const(d, d->insn),
               power_const(d, idx | xmsk << 8 | ymsk << 12 | pmsk << 16), 0);
    return TRUE;
}
