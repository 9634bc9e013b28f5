/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Vector (VMX/AltiVec) integer, logical and permute instructions (Power ISA Book I chapter 6). */
#include "vec.h"

/* Element-wise operations of helper_velem. */
typedef enum {
    VE_ADDM, VE_SUBM, VE_ADDUS, VE_ADDSS, VE_SUBUS, VE_SUBSS, VE_ADDCU, VE_SUBCU,
    VE_MAXU, VE_MAXS, VE_MINU, VE_MINS, VE_AVGU, VE_AVGS,
    VE_RL, VE_SL, VE_SR, VE_SRA, VE_MULM, VE_ABSD,
    VE_CMPEQ, VE_CMPGTU, VE_CMPGTS, VE_CMPNE, VE_CMPNEZ,
} VecElemOp;

static guint64 sat_unsigned(gint64 v, unsigned size, gboolean *sat)
{
    guint64 max = size == 8 ? ~0ull : (1ull << (size * 8)) - 1;

    if (v < 0) {
        *sat = TRUE;
        return 0;
    }
    if ((guint64)v > max) {
        *sat = TRUE;
        return max;
    }
    return (guint64)v;
}

static guint64 sat_signed(gint64 v, unsigned size, gboolean *sat)
{
    gint64 max = (gint64)((1ull << (size * 8 - 1)) - 1), min = -max - 1;

    if (v > max) {
        *sat = TRUE;
        return (guint64)max;
    }
    if (v < min) {
        *sat = TRUE;
        return (guint64)min;
    }
    return (guint64)v;
}

static guint64 velem_one(VecElemOp op, unsigned size, guint64 a, guint64 b, gboolean *sat)
{
    unsigned bits = size * 8;
    guint64 mask = size == 8 ? ~0ull : (1ull << bits) - 1;
    gint64 sa = vec_sext(a, size), sb = vec_sext(b, size);
    unsigned sh = b & (bits - 1);

    switch (op) {
    case VE_ADDM: return (a + b) & mask;
    case VE_SUBM: return (a - b) & mask;
    case VE_ADDUS: return sat_unsigned((gint64)(a + b), size, sat);
    case VE_ADDSS: return sat_signed(sa + sb, size, sat) & mask;
    case VE_SUBUS: return sat_unsigned((gint64)a - (gint64)b, size, sat);
    case VE_SUBSS: return sat_signed(sa - sb, size, sat) & mask;
    case VE_ADDCU: return ((a + b) >> bits) & 1;
    case VE_SUBCU: return a >= b;
    case VE_MAXU: return a > b ? a : b;
    case VE_MAXS: return sa > sb ? a : b;
    case VE_MINU: return a < b ? a : b;
    case VE_MINS: return sa < sb ? a : b;
    case VE_AVGU: return ((a + b + 1) >> 1) & mask;
    case VE_AVGS: return (guint64)((sa + sb + 1) >> 1) & mask;
    case VE_RL: return sh ? ((a << sh) | (a >> (bits - sh))) & mask : a;
    case VE_SL: return (a << sh) & mask;
    case VE_SR: return a >> sh;
    case VE_SRA: return (guint64)(sa >> sh) & mask;
    case VE_MULM: return (a * b) & mask;
    case VE_ABSD: return a > b ? a - b : b - a;
    case VE_CMPEQ: return a == b ? mask : 0;
    case VE_CMPGTU: return a > b ? mask : 0;
    case VE_CMPGTS: return sa > sb ? mask : 0;
    case VE_CMPNE: return a != b ? mask : 0;
    case VE_CMPNEZ: return (a != b || a == 0 || b == 0) ? mask : 0;
    }
    return 0;
}

/* Element-wise VRT <- VRA op VRB; the compares set CR6 when Rc=1 (VC-form bit 21). */
static void helper_velem(PowerCpu *cpu, guint64 insn, guint64 size_op)
{
    unsigned size = size_op & 0xff;
    VecElemOp op = (VecElemOp)(size_op >> 8);
    const PowerVsr *a = vec_vsr(cpu, 32 + F_RA(insn)), *b = vec_vsr(cpu, 32 + F_RB(insn));
    PowerVsr r = { .dw = { 0, 0 } };
    gboolean sat = FALSE, all = TRUE, none = TRUE;

    for (unsigned i = 0; i < 16 / size; i++) {
        guint64 x = velem_one(op, size, vec_get(a, size, i), vec_get(b, size, i), &sat);
        vec_set(&r, size, i, x);
        all = all && x;
        none = none && !x;
    }
    *vec_vsr(cpu, 32 + F_RT(insn)) = r;
    if (sat) {
        cpu->regs.vscr |= VSCR_SAT;
    }
    if (op >= VE_CMPEQ && (insn & 0x400)) {
        cpu->regs.crf[6] = (all ? 8 : 0) | (none ? 2 : 0);
    }
}

static const ModvmTcgHelper h_velem = { "velem", (gpointer)helper_velem, 3, FALSE, 1, FALSE };

static gboolean gen_velem(PowerDisas *d, unsigned size, VecElemOp op)
{
    power_call(d, &h_velem, power_const(d, d->insn), power_const(d, size | (op << 8)), 0);
    return TRUE;
}

TRANS(vaddubm) { return gen_velem(d, 1, VE_ADDM); }
TRANS(vadduhm) { return gen_velem(d, 2, VE_ADDM); }
TRANS(vadduwm) { return gen_velem(d, 4, VE_ADDM); }
TRANS(vaddudm) { return gen_velem(d, 8, VE_ADDM); }
TRANS(vsububm) { return gen_velem(d, 1, VE_SUBM); }
TRANS(vsubuhm) { return gen_velem(d, 2, VE_SUBM); }
TRANS(vsubuwm) { return gen_velem(d, 4, VE_SUBM); }
TRANS(vsubudm) { return gen_velem(d, 8, VE_SUBM); }
TRANS(vaddubs) { return gen_velem(d, 1, VE_ADDUS); }
TRANS(vadduhs) { return gen_velem(d, 2, VE_ADDUS); }
TRANS(vadduws) { return gen_velem(d, 4, VE_ADDUS); }
TRANS(vaddsbs) { return gen_velem(d, 1, VE_ADDSS); }
TRANS(vaddshs) { return gen_velem(d, 2, VE_ADDSS); }
TRANS(vaddsws) { return gen_velem(d, 4, VE_ADDSS); }
TRANS(vsububs) { return gen_velem(d, 1, VE_SUBUS); }
TRANS(vsubuhs) { return gen_velem(d, 2, VE_SUBUS); }
TRANS(vsubuws) { return gen_velem(d, 4, VE_SUBUS); }
TRANS(vsubsbs) { return gen_velem(d, 1, VE_SUBSS); }
TRANS(vsubshs) { return gen_velem(d, 2, VE_SUBSS); }
TRANS(vsubsws) { return gen_velem(d, 4, VE_SUBSS); }
TRANS(vaddcuw) { return gen_velem(d, 4, VE_ADDCU); }
TRANS(vsubcuw) { return gen_velem(d, 4, VE_SUBCU); }
TRANS(vmaxub) { return gen_velem(d, 1, VE_MAXU); }
TRANS(vmaxuh) { return gen_velem(d, 2, VE_MAXU); }
TRANS(vmaxuw) { return gen_velem(d, 4, VE_MAXU); }
TRANS(vmaxud) { return gen_velem(d, 8, VE_MAXU); }
TRANS(vmaxsb) { return gen_velem(d, 1, VE_MAXS); }
TRANS(vmaxsh) { return gen_velem(d, 2, VE_MAXS); }
TRANS(vmaxsw) { return gen_velem(d, 4, VE_MAXS); }
TRANS(vmaxsd) { return gen_velem(d, 8, VE_MAXS); }
TRANS(vminub) { return gen_velem(d, 1, VE_MINU); }
TRANS(vminuh) { return gen_velem(d, 2, VE_MINU); }
TRANS(vminuw) { return gen_velem(d, 4, VE_MINU); }
TRANS(vminud) { return gen_velem(d, 8, VE_MINU); }
TRANS(vminsb) { return gen_velem(d, 1, VE_MINS); }
TRANS(vminsh) { return gen_velem(d, 2, VE_MINS); }
TRANS(vminsw) { return gen_velem(d, 4, VE_MINS); }
TRANS(vminsd) { return gen_velem(d, 8, VE_MINS); }
TRANS(vavgub) { return gen_velem(d, 1, VE_AVGU); }
TRANS(vavguh) { return gen_velem(d, 2, VE_AVGU); }
TRANS(vavguw) { return gen_velem(d, 4, VE_AVGU); }
TRANS(vavgsb) { return gen_velem(d, 1, VE_AVGS); }
TRANS(vavgsh) { return gen_velem(d, 2, VE_AVGS); }
TRANS(vavgsw) { return gen_velem(d, 4, VE_AVGS); }
TRANS(vrlb) { return gen_velem(d, 1, VE_RL); }
TRANS(vrlh) { return gen_velem(d, 2, VE_RL); }
TRANS(vrlw) { return gen_velem(d, 4, VE_RL); }
TRANS(vrld) { return gen_velem(d, 8, VE_RL); }
TRANS(vslb) { return gen_velem(d, 1, VE_SL); }
TRANS(vslh) { return gen_velem(d, 2, VE_SL); }
TRANS(vslw) { return gen_velem(d, 4, VE_SL); }
TRANS(vsld) { return gen_velem(d, 8, VE_SL); }
TRANS(vsrb) { return gen_velem(d, 1, VE_SR); }
TRANS(vsrh) { return gen_velem(d, 2, VE_SR); }
TRANS(vsrw) { return gen_velem(d, 4, VE_SR); }
TRANS(vsrd) { return gen_velem(d, 8, VE_SR); }
TRANS(vsrab) { return gen_velem(d, 1, VE_SRA); }
TRANS(vsrah) { return gen_velem(d, 2, VE_SRA); }
TRANS(vsraw) { return gen_velem(d, 4, VE_SRA); }
TRANS(vsrad) { return gen_velem(d, 8, VE_SRA); }
TRANS(vmuluwm) { return gen_velem(d, 4, VE_MULM); }
TRANS(vabsdub) { return gen_velem(d, 1, VE_ABSD); }
TRANS(vabsduh) { return gen_velem(d, 2, VE_ABSD); }
TRANS(vabsduw) { return gen_velem(d, 4, VE_ABSD); }
TRANS(vcmpequb) { return gen_velem(d, 1, VE_CMPEQ); }
TRANS(vcmpequh) { return gen_velem(d, 2, VE_CMPEQ); }
TRANS(vcmpequw) { return gen_velem(d, 4, VE_CMPEQ); }
TRANS(vcmpequd) { return gen_velem(d, 8, VE_CMPEQ); }
TRANS(vcmpgtub) { return gen_velem(d, 1, VE_CMPGTU); }
TRANS(vcmpgtuh) { return gen_velem(d, 2, VE_CMPGTU); }
TRANS(vcmpgtuw) { return gen_velem(d, 4, VE_CMPGTU); }
TRANS(vcmpgtud) { return gen_velem(d, 8, VE_CMPGTU); }
TRANS(vcmpgtsb) { return gen_velem(d, 1, VE_CMPGTS); }
TRANS(vcmpgtsh) { return gen_velem(d, 2, VE_CMPGTS); }
TRANS(vcmpgtsw) { return gen_velem(d, 4, VE_CMPGTS); }
TRANS(vcmpgtsd) { return gen_velem(d, 8, VE_CMPGTS); }
TRANS(vcmpneb) { return gen_velem(d, 1, VE_CMPNE); }
TRANS(vcmpneh) { return gen_velem(d, 2, VE_CMPNE); }
TRANS(vcmpnew) { return gen_velem(d, 4, VE_CMPNE); }
TRANS(vcmpnezb) { return gen_velem(d, 1, VE_CMPNEZ); }
TRANS(vcmpnezh) { return gen_velem(d, 2, VE_CMPNEZ); }
TRANS(vcmpnezw) { return gen_velem(d, 4, VE_CMPNEZ); }

/* The logical operations are two 64-bit IR ops (VX-form: VRT, VRA, VRB). */
static gboolean gen_vlogic(PowerDisas *d, ModvmTcgOpc opc)
{
    return vec_gen_logic(d, opc, 32 + F_RT(d->insn), 32 + F_RA(d->insn), 32 + F_RB(d->insn));
}

TRANS(vand) { return gen_vlogic(d, MODVM_OP_AND); }
TRANS(vandc) { return gen_vlogic(d, MODVM_OP_ANDC); }
TRANS(vor) { return gen_vlogic(d, MODVM_OP_OR); }
TRANS(vorc) { return gen_vlogic(d, MODVM_OP_ORC); }
TRANS(vxor) { return gen_vlogic(d, MODVM_OP_XOR); }
TRANS(vnor) { return gen_vlogic(d, MODVM_OP_NOR); }
TRANS(vnand) { return gen_vlogic(d, MODVM_OP_NAND); }
TRANS(veqv) { return gen_vlogic(d, MODVM_OP_EQV); }

/* The other operations of helper_vop, one per instruction or family. */
typedef enum {
    VO_VSEL, VO_VPERM, VO_VPERMR, VO_VPERMXOR, VO_VSLDOI,
    VO_VSPLTB, VO_VSPLTH, VO_VSPLTW, VO_VSPLTISB, VO_VSPLTISH, VO_VSPLTISW,
    VO_VMRGHB, VO_VMRGHH, VO_VMRGHW, VO_VMRGLB, VO_VMRGLH, VO_VMRGLW, VO_VMRGEW, VO_VMRGOW,
    VO_VSL, VO_VSR, VO_VSLO, VO_VSRO,
    VO_VPKUHUM, VO_VPKUWUM, VO_VPKUDUM, VO_VPKUHUS, VO_VPKUWUS, VO_VPKUDUS,
    VO_VPKSHUS, VO_VPKSWUS, VO_VPKSDUS, VO_VPKSHSS, VO_VPKSWSS, VO_VPKSDSS,
    VO_VUPKHSB, VO_VUPKHSH, VO_VUPKHSW, VO_VUPKLSB, VO_VUPKLSH, VO_VUPKLSW,
    VO_VMULEUB, VO_VMULEUH, VO_VMULEUW, VO_VMULESB, VO_VMULESH, VO_VMULESW,
    VO_VMULOUB, VO_VMULOUH, VO_VMULOUW, VO_VMULOSB, VO_VMULOSH, VO_VMULOSW,
    VO_VMSUMUBM, VO_VMSUMMBM, VO_VMSUMUHM, VO_VMSUMUHS, VO_VMSUMSHM, VO_VMSUMSHS,
    VO_VSUM4UBS, VO_VSUM4SBS, VO_VSUM4SHS, VO_VSUM2SWS, VO_VSUMSWS,
    VO_VCLZB, VO_VCLZH, VO_VCLZW, VO_VCLZD, VO_VPOPCNTB, VO_VPOPCNTH, VO_VPOPCNTW, VO_VPOPCNTD,
    VO_VGBBD, VO_VBPERMQ, VO_VBPERMD,
    VO_VEXTRACTUB, VO_VEXTRACTUH, VO_VEXTRACTUW, VO_VEXTRACTD,
    VO_VINSERTB, VO_VINSERTH, VO_VINSERTW, VO_VINSERTD,
    VO_VPMSUMB, VO_VPMSUMH, VO_VPMSUMW, VO_VPMSUMD,
    VO_MFVSCR, VO_MTVSCR, VO_VMLADDUHM, VO_VSLV, VO_VSRV, VO_VMSUMUDM,
    VO_VRLWNM, VO_VRLWMI, VO_VRLDNM, VO_VRLDMI,
} VecOp;

static unsigned clz_n(guint64 x, unsigned bits)
{
    unsigned n = 0;

    for (int i = bits - 1; i >= 0 && !((x >> i) & 1); i--) {
        n++;
    }
    return n;
}

/* Carry-less product of two @bits-bit values (at most 64), as 128 bits in hi:lo. */
static void clmul(guint64 a, guint64 b, unsigned bits, guint64 *hi, guint64 *lo)
{
    *hi = *lo = 0;
    for (unsigned i = 0; i < bits; i++) {
        if ((b >> i) & 1) {
            *lo ^= a << i;
            *hi ^= i ? a >> (64 - i) : 0;
        }
    }
}

/* Shift the 128-bit value hi:lo left (@left) or right by @n bits (0..127). */
static void shift128(PowerVsr *v, unsigned n, gboolean left)
{
    guint64 hi = v->dw[0], lo = v->dw[1];

    if (n >= 64) {
        if (left) {
            hi = lo << (n - 64);
            lo = 0;
        } else {
            lo = hi >> (n - 64);
            hi = 0;
        }
    } else if (n) {
        if (left) {
            hi = (hi << n) | (lo >> (64 - n));
            lo <<= n;
        } else {
            lo = (lo >> n) | (hi << (64 - n));
            hi >>= n;
        }
    }
    v->dw[0] = hi;
    v->dw[1] = lo;
}

static void vpack(PowerVsr *r, const PowerVsr *a, const PowerVsr *b, unsigned size,
                  gboolean src_signed, int dst_sat, gboolean *sat)
{
    unsigned n = 16 / size, half = size / 2;

    for (unsigned i = 0; i < 2 * n; i++) {
        guint64 x = vec_get(i < n ? a : b, size, i % n);
        gint64 v = src_signed ? vec_sext(x, size) : (gint64)x;
        if (!src_signed && size == 8 && (gint64)x < 0) {
            v = G_MAXINT64;
        }
        if (dst_sat == 1) {
            x = sat_unsigned(v, half, sat);
        } else if (dst_sat == 2) {
            x = sat_signed(v, half, sat);
        }
        vec_set(r, half, i, x);
    }
}

static void helper_vop(PowerCpu *cpu, guint64 insn, guint64 op)
{
    const PowerVsr a = *vec_vsr(cpu, 32 + F_RA(insn)), b = *vec_vsr(cpu, 32 + F_RB(insn));
    const PowerVsr c = *vec_vsr(cpu, 32 + F_VRC(insn));
    PowerVsr *t = vec_vsr(cpu, 32 + F_RT(insn));
    PowerVsr r = { .dw = { 0, 0 } };
    gboolean sat = FALSE;
    unsigned uim = F_RA(insn);
    gint64 simm = vec_sext(F_RA(insn) << 3, 1) >> 3;

    switch ((VecOp)op) {
    case VO_VSEL:
        r.dw[0] = (a.dw[0] & ~c.dw[0]) | (b.dw[0] & c.dw[0]);
        r.dw[1] = (a.dw[1] & ~c.dw[1]) | (b.dw[1] & c.dw[1]);
        break;
    case VO_VPERM:
    case VO_VPERMR:
        for (unsigned i = 0; i < 16; i++) {
            unsigned idx = vec_byte(&c, i) & 31;
            if (op == VO_VPERMR) {
                idx = 31 - idx;
            }
            vec_set(&r, 1, i, vec_byte(idx < 16 ? &a : &b, idx & 15));
        }
        break;
    case VO_VPERMXOR:
        for (unsigned i = 0; i < 16; i++) {
            unsigned ci = vec_byte(&c, i);
            vec_set(&r, 1, i, vec_byte(&a, ci >> 4) ^ vec_byte(&b, ci & 15));
        }
        break;
    case VO_VSLDOI:
        for (unsigned i = 0; i < 16; i++) {
            unsigned idx = i + ((insn >> 6) & 15);
            vec_set(&r, 1, i, vec_byte(idx < 16 ? &a : &b, idx & 15));
        }
        break;
    case VO_VSPLTB:
    case VO_VSPLTH:
    case VO_VSPLTW: {
        unsigned size = 1u << (op - VO_VSPLTB);
        guint64 x = vec_get(&b, size, uim & (16 / size - 1));
        for (unsigned i = 0; i < 16 / size; i++) {
            vec_set(&r, size, i, x);
        }
        break;
    }
    case VO_VSPLTISB:
    case VO_VSPLTISH:
    case VO_VSPLTISW: {
        unsigned size = 1u << (op - VO_VSPLTISB);
        for (unsigned i = 0; i < 16 / size; i++) {
            vec_set(&r, size, i, (guint64)simm);
        }
        break;
    }
    case VO_VMRGHB:
    case VO_VMRGHH:
    case VO_VMRGHW:
    case VO_VMRGLB:
    case VO_VMRGLH:
    case VO_VMRGLW: {
        gboolean low = op >= VO_VMRGLB;
        unsigned size = 1u << (op - (low ? VO_VMRGLB : VO_VMRGHB)), n = 16 / size;
        for (unsigned i = 0; i < n / 2; i++) {
            vec_set(&r, size, 2 * i, vec_get(&a, size, i + (low ? n / 2 : 0)));
            vec_set(&r, size, 2 * i + 1, vec_get(&b, size, i + (low ? n / 2 : 0)));
        }
        break;
    }
    case VO_VMRGEW:
    case VO_VMRGOW: {
        unsigned o = op == VO_VMRGOW;
        for (unsigned i = 0; i < 2; i++) {
            vec_set(&r, 4, 2 * i, vec_get(&a, 4, 2 * i + o));
            vec_set(&r, 4, 2 * i + 1, vec_get(&b, 4, 2 * i + o));
        }
        break;
    }
    case VO_VSL:
    case VO_VSR:
        r = a;
        shift128(&r, vec_byte(&b, 15) & 7, op == VO_VSL);
        break;
    case VO_VSLO:
    case VO_VSRO:
        r = a;
        shift128(&r, ((vec_byte(&b, 15) >> 3) & 15) * 8, op == VO_VSLO);
        break;
    case VO_VPKUHUM: vpack(&r, &a, &b, 2, FALSE, 0, &sat); break;
    case VO_VPKUWUM: vpack(&r, &a, &b, 4, FALSE, 0, &sat); break;
    case VO_VPKUDUM: vpack(&r, &a, &b, 8, FALSE, 0, &sat); break;
    case VO_VPKUHUS: vpack(&r, &a, &b, 2, FALSE, 1, &sat); break;
    case VO_VPKUWUS: vpack(&r, &a, &b, 4, FALSE, 1, &sat); break;
    case VO_VPKUDUS: vpack(&r, &a, &b, 8, FALSE, 1, &sat); break;
    case VO_VPKSHUS: vpack(&r, &a, &b, 2, TRUE, 1, &sat); break;
    case VO_VPKSWUS: vpack(&r, &a, &b, 4, TRUE, 1, &sat); break;
    case VO_VPKSDUS: vpack(&r, &a, &b, 8, TRUE, 1, &sat); break;
    case VO_VPKSHSS: vpack(&r, &a, &b, 2, TRUE, 2, &sat); break;
    case VO_VPKSWSS: vpack(&r, &a, &b, 4, TRUE, 2, &sat); break;
    case VO_VPKSDSS: vpack(&r, &a, &b, 8, TRUE, 2, &sat); break;
    case VO_VUPKHSB:
    case VO_VUPKHSH:
    case VO_VUPKHSW:
    case VO_VUPKLSB:
    case VO_VUPKLSH:
    case VO_VUPKLSW: {
        gboolean low = op >= VO_VUPKLSB;
        unsigned size = 1u << (op - (low ? VO_VUPKLSB : VO_VUPKHSB)), n = 8 / size;
        for (unsigned i = 0; i < n; i++) {
            vec_set(&r, 2 * size, i, (guint64)vec_sext(vec_get(&b, size, i + (low ? n : 0)), size));
        }
        break;
    }
    case VO_VMULEUB: case VO_VMULEUH: case VO_VMULEUW:
    case VO_VMULESB: case VO_VMULESH: case VO_VMULESW:
    case VO_VMULOUB: case VO_VMULOUH: case VO_VMULOUW:
    case VO_VMULOSB: case VO_VMULOSH: case VO_VMULOSW: {
        unsigned k = op - VO_VMULEUB, size = 1u << (k % 3), odd = k >= 6;
        gboolean sgn = (k % 6) >= 3;
        for (unsigned i = 0; i < 8 / size; i++) {
            guint64 x = vec_get(&a, size, 2 * i + odd), y = vec_get(&b, size, 2 * i + odd);
            guint64 p = sgn ? (guint64)(vec_sext(x, size) * vec_sext(y, size)) : x * y;
            vec_set(&r, 2 * size, i, p);
        }
        break;
    }
    case VO_VMSUMUBM:
    case VO_VMSUMMBM:
    case VO_VMSUMUHM:
    case VO_VMSUMUHS:
    case VO_VMSUMSHM:
    case VO_VMSUMSHS: {
        unsigned size = op <= VO_VMSUMMBM ? 1 : 2, per = 4 / size;
        for (unsigned i = 0; i < 4; i++) {
            gint64 sum = op == VO_VMSUMSHM || op == VO_VMSUMSHS || op == VO_VMSUMMBM
                         ? vec_sext(vec_get(&c, 4, i), 4) : (gint64)vec_get(&c, 4, i);
            for (unsigned j = 0; j < per; j++) {
                guint64 x = vec_get(&a, size, i * per + j), y = vec_get(&b, size, i * per + j);
                if (op == VO_VMSUMMBM) {
                    sum += vec_sext(x, 1) * (gint64)y;
                } else if (op == VO_VMSUMSHM || op == VO_VMSUMSHS) {
                    sum += vec_sext(x, 2) * vec_sext(y, 2);
                } else {
                    sum += (gint64)(x * y);
                }
            }
            if (op == VO_VMSUMUHS) {
                vec_set(&r, 4, i, sat_unsigned(sum, 4, &sat));
            } else if (op == VO_VMSUMSHS) {
                vec_set(&r, 4, i, sat_signed(sum, 4, &sat));
            } else {
                vec_set(&r, 4, i, (guint64)sum);
            }
        }
        break;
    }
    case VO_VSUM4UBS:
    case VO_VSUM4SBS:
    case VO_VSUM4SHS: {
        unsigned size = op == VO_VSUM4SHS ? 2 : 1, per = 4 / size;
        for (unsigned i = 0; i < 4; i++) {
            gint64 sum = op == VO_VSUM4UBS ? (gint64)vec_get(&b, 4, i)
                                           : vec_sext(vec_get(&b, 4, i), 4);
            for (unsigned j = 0; j < per; j++) {
                guint64 x = vec_get(&a, size, i * per + j);
                sum += op == VO_VSUM4UBS ? (gint64)x : vec_sext(x, size);
            }
            vec_set(&r, 4, i, op == VO_VSUM4UBS ? sat_unsigned(sum, 4, &sat)
                                                : sat_signed(sum, 4, &sat));
        }
        break;
    }
    case VO_VSUM2SWS:
        for (unsigned i = 0; i < 2; i++) {
            gint64 sum = vec_sext(vec_get(&a, 4, 2 * i), 4) +
                         vec_sext(vec_get(&a, 4, 2 * i + 1), 4) +
                         vec_sext(vec_get(&b, 4, 2 * i + 1), 4);
            vec_set(&r, 4, 2 * i + 1, sat_signed(sum, 4, &sat));
        }
        break;
    case VO_VSUMSWS: {
        gint64 sum = vec_sext(vec_get(&b, 4, 3), 4);
        for (unsigned i = 0; i < 4; i++) {
            sum += vec_sext(vec_get(&a, 4, i), 4);
        }
        vec_set(&r, 4, 3, sat_signed(sum, 4, &sat));
        break;
    }
    case VO_VCLZB: case VO_VCLZH: case VO_VCLZW: case VO_VCLZD:
    case VO_VPOPCNTB: case VO_VPOPCNTH: case VO_VPOPCNTW: case VO_VPOPCNTD: {
        gboolean pop = op >= VO_VPOPCNTB;
        unsigned size = 1u << (op - (pop ? VO_VPOPCNTB : VO_VCLZB));
        for (unsigned i = 0; i < 16 / size; i++) {
            guint64 x = vec_get(&b, size, i);
            vec_set(&r, size, i, pop ? (guint64)__builtin_popcountll(x) : clz_n(x, size * 8));
        }
        break;
    }
    case VO_VGBBD:
        for (unsigned dw = 0; dw < 2; dw++) {
            for (unsigned m = 0; m < 8; m++) {
                for (unsigned n = 0; n < 8; n++) {
                    /* result bit 8m+n = source bit 8n+m (bits numbered from the left) */
                    guint64 bit = (b.dw[dw] >> (63 - (8 * n + m))) & 1;
                    r.dw[dw] |= bit << (63 - (8 * m + n));
                }
            }
        }
        break;
    case VO_VBPERMQ:    /* the bit indexes are VRB's bytes, the bits VRA's */
        for (unsigned i = 0; i < 16; i++) {
            unsigned idx = vec_byte(&b, i);
            if (idx < 128 && ((a.dw[idx / 64] >> (63 - idx % 64)) & 1)) {
                r.dw[0] |= 1ull << (15 - i);
            }
        }
        break;
    case VO_VBPERMD:
        for (unsigned dw = 0; dw < 2; dw++) {
            for (unsigned j = 0; j < 8; j++) {
                unsigned idx = vec_byte(&b, 8 * dw + j);
                if (idx < 64 && ((a.dw[dw] >> (63 - idx)) & 1)) {
                    r.dw[dw] |= 1ull << (7 - j);
                }
            }
        }
        break;
    case VO_VEXTRACTUB:
    case VO_VEXTRACTUH:
    case VO_VEXTRACTUW:
    case VO_VEXTRACTD: {
        unsigned size = 1u << (op - VO_VEXTRACTUB);
        for (unsigned i = 0; i < size; i++) {
            r.dw[0] = (r.dw[0] << 8) | vec_byte(&b, (uim & 15) + i < 16 ? (uim & 15) + i : 15);
        }
        if ((uim & 15) + size > 16) {
            r.dw[0] = 0;    /* UIM beyond the last element: the result is undefined */
        }
        break;
    }
    case VO_VINSERTB:
    case VO_VINSERTH:
    case VO_VINSERTW:
    case VO_VINSERTD: {
        unsigned size = 1u << (op - VO_VINSERTB);
        r = *t;
        for (unsigned i = 0; i < size && (uim & 15) + i < 16; i++) {
            vec_set(&r, 1, (uim & 15) + i, vec_byte(&b, 8 - size + i));
        }
        break;
    }
    case VO_VPMSUMB:
    case VO_VPMSUMH:
    case VO_VPMSUMW:
    case VO_VPMSUMD: {
        unsigned size = 1u << (op - VO_VPMSUMB);
        for (unsigned i = 0; i < 8 / size; i++) {
            guint64 h1, l1, h2, l2;
            clmul(vec_get(&a, size, 2 * i), vec_get(&b, size, 2 * i), size * 8, &h1, &l1);
            clmul(vec_get(&a, size, 2 * i + 1), vec_get(&b, size, 2 * i + 1), size * 8, &h2, &l2);
            if (size == 8) {
                r.dw[0] = h1 ^ h2;
                r.dw[1] = l1 ^ l2;
            } else {
                vec_set(&r, 2 * size, i, l1 ^ l2);
            }
        }
        break;
    }
    case VO_VMLADDUHM:
        for (unsigned i = 0; i < 8; i++) {
            vec_set(&r, 2, i, vec_get(&a, 2, i) * vec_get(&b, 2, i) + vec_get(&c, 2, i));
        }
        break;
    case VO_VSLV:
    case VO_VSRV:
        for (unsigned i = 0; i < 16; i++) {
            unsigned sh = vec_byte(&b, i) & 7;
            if (op == VO_VSLV) {
                unsigned pair = (vec_byte(&a, i) << 8) | (i < 15 ? vec_byte(&a, i + 1) : 0);
                vec_set(&r, 1, i, (pair << sh) >> 8);
            } else {
                unsigned pair = ((i ? vec_byte(&a, i - 1) : 0) << 8) | vec_byte(&a, i);
                vec_set(&r, 1, i, pair >> sh);
            }
        }
        break;
    case VO_VMSUMUDM: {
        unsigned __int128 sum = ((unsigned __int128)c.dw[0] << 64) | c.dw[1];
        sum += (unsigned __int128)a.dw[0] * b.dw[0];
        sum += (unsigned __int128)a.dw[1] * b.dw[1];
        r.dw[0] = (guint64)(sum >> 64);
        r.dw[1] = (guint64)sum;
        break;
    }
    case VO_VRLWNM:
    case VO_VRLWMI:
    case VO_VRLDNM:
    case VO_VRLDMI: {
        /* ISA 3.0: VRB elements hold mb, me and the count (word bits 11:15, 19:23, 27:31). */
        gboolean dw = op >= VO_VRLDNM, insert = op == VO_VRLWMI || op == VO_VRLDMI;
        unsigned size = dw ? 8 : 4, bits = size * 8;
        for (unsigned i = 0; i < 16 / size; i++) {
            guint64 x = vec_get(&a, size, i), y = vec_get(&b, size, i), m, rot;
            unsigned sh = y & (bits - 1), mb = (y >> 16) & (bits - 1);
            unsigned me = (y >> 8) & (bits - 1);
            m = dw ? power_rotate_mask(mb, me) : power_rotate_mask(mb + 32, me + 32) & 0xffffffffu;
            rot = sh ? ((x << sh) | (x >> (bits - sh))) : x;
            if (!dw) {
                rot &= 0xffffffffu;
            }
            vec_set(&r, size, i, (rot & m) | (insert ? vec_get(t, size, i) & ~m : 0));
        }
        break;
    }
    case VO_MFVSCR:
        r.dw[1] = cpu->regs.vscr & (VSCR_SAT | VSCR_NJ);
        break;
    case VO_MTVSCR:
        cpu->regs.vscr = (guint32)b.dw[1] & (VSCR_SAT | VSCR_NJ);
        return;
    }
    *t = r;
    if (sat) {
        cpu->regs.vscr |= VSCR_SAT;
    }
}

static const ModvmTcgHelper h_vop = { "vop", (gpointer)helper_vop, 3, FALSE, 1, FALSE };

static gboolean gen_vop(PowerDisas *d, VecOp op)
{
    power_call(d, &h_vop, power_const(d, d->insn), power_const(d, op), 0);
    return TRUE;
}

TRANS(vsel) { return gen_vop(d, VO_VSEL); }
TRANS(vperm) { return gen_vop(d, VO_VPERM); }
TRANS(vpermr) { return gen_vop(d, VO_VPERMR); }
TRANS(vpermxor) { return gen_vop(d, VO_VPERMXOR); }
TRANS(vsldoi) { return gen_vop(d, VO_VSLDOI); }
TRANS(vspltb) { return gen_vop(d, VO_VSPLTB); }
TRANS(vsplth) { return gen_vop(d, VO_VSPLTH); }
TRANS(vspltw) { return gen_vop(d, VO_VSPLTW); }
TRANS(vspltisb) { return gen_vop(d, VO_VSPLTISB); }
TRANS(vspltish) { return gen_vop(d, VO_VSPLTISH); }
TRANS(vspltisw) { return gen_vop(d, VO_VSPLTISW); }
TRANS(vmrghb) { return gen_vop(d, VO_VMRGHB); }
TRANS(vmrghh) { return gen_vop(d, VO_VMRGHH); }
TRANS(vmrghw) { return gen_vop(d, VO_VMRGHW); }
TRANS(vmrglb) { return gen_vop(d, VO_VMRGLB); }
TRANS(vmrglh) { return gen_vop(d, VO_VMRGLH); }
TRANS(vmrglw) { return gen_vop(d, VO_VMRGLW); }
TRANS(vmrgew) { return gen_vop(d, VO_VMRGEW); }
TRANS(vmrgow) { return gen_vop(d, VO_VMRGOW); }
TRANS(vsl) { return gen_vop(d, VO_VSL); }
TRANS(vsr) { return gen_vop(d, VO_VSR); }
TRANS(vslo) { return gen_vop(d, VO_VSLO); }
TRANS(vsro) { return gen_vop(d, VO_VSRO); }
TRANS(vpkuhum) { return gen_vop(d, VO_VPKUHUM); }
TRANS(vpkuwum) { return gen_vop(d, VO_VPKUWUM); }
TRANS(vpkudum) { return gen_vop(d, VO_VPKUDUM); }
TRANS(vpkuhus) { return gen_vop(d, VO_VPKUHUS); }
TRANS(vpkuwus) { return gen_vop(d, VO_VPKUWUS); }
TRANS(vpkudus) { return gen_vop(d, VO_VPKUDUS); }
TRANS(vpkshus) { return gen_vop(d, VO_VPKSHUS); }
TRANS(vpkswus) { return gen_vop(d, VO_VPKSWUS); }
TRANS(vpksdus) { return gen_vop(d, VO_VPKSDUS); }
TRANS(vpkshss) { return gen_vop(d, VO_VPKSHSS); }
TRANS(vpkswss) { return gen_vop(d, VO_VPKSWSS); }
TRANS(vpksdss) { return gen_vop(d, VO_VPKSDSS); }
TRANS(vupkhsb) { return gen_vop(d, VO_VUPKHSB); }
TRANS(vupkhsh) { return gen_vop(d, VO_VUPKHSH); }
TRANS(vupkhsw) { return gen_vop(d, VO_VUPKHSW); }
TRANS(vupklsb) { return gen_vop(d, VO_VUPKLSB); }
TRANS(vupklsh) { return gen_vop(d, VO_VUPKLSH); }
TRANS(vupklsw) { return gen_vop(d, VO_VUPKLSW); }
TRANS(vmuleub) { return gen_vop(d, VO_VMULEUB); }
TRANS(vmuleuh) { return gen_vop(d, VO_VMULEUH); }
TRANS(vmuleuw) { return gen_vop(d, VO_VMULEUW); }
TRANS(vmulesb) { return gen_vop(d, VO_VMULESB); }
TRANS(vmulesh) { return gen_vop(d, VO_VMULESH); }
TRANS(vmulesw) { return gen_vop(d, VO_VMULESW); }
TRANS(vmuloub) { return gen_vop(d, VO_VMULOUB); }
TRANS(vmulouh) { return gen_vop(d, VO_VMULOUH); }
TRANS(vmulouw) { return gen_vop(d, VO_VMULOUW); }
TRANS(vmulosb) { return gen_vop(d, VO_VMULOSB); }
TRANS(vmulosh) { return gen_vop(d, VO_VMULOSH); }
TRANS(vmulosw) { return gen_vop(d, VO_VMULOSW); }
TRANS(vmsumubm) { return gen_vop(d, VO_VMSUMUBM); }
TRANS(vmsummbm) { return gen_vop(d, VO_VMSUMMBM); }
TRANS(vmsumuhm) { return gen_vop(d, VO_VMSUMUHM); }
TRANS(vmsumuhs) { return gen_vop(d, VO_VMSUMUHS); }
TRANS(vmsumshm) { return gen_vop(d, VO_VMSUMSHM); }
TRANS(vmsumshs) { return gen_vop(d, VO_VMSUMSHS); }
TRANS(vsum4ubs) { return gen_vop(d, VO_VSUM4UBS); }
TRANS(vsum4sbs) { return gen_vop(d, VO_VSUM4SBS); }
TRANS(vsum4shs) { return gen_vop(d, VO_VSUM4SHS); }
TRANS(vsum2sws) { return gen_vop(d, VO_VSUM2SWS); }
TRANS(vsumsws) { return gen_vop(d, VO_VSUMSWS); }
TRANS(vclzb) { return gen_vop(d, VO_VCLZB); }
TRANS(vclzh) { return gen_vop(d, VO_VCLZH); }
TRANS(vclzw) { return gen_vop(d, VO_VCLZW); }
TRANS(vclzd) { return gen_vop(d, VO_VCLZD); }
TRANS(vpopcntb) { return gen_vop(d, VO_VPOPCNTB); }
TRANS(vpopcnth) { return gen_vop(d, VO_VPOPCNTH); }
TRANS(vpopcntw) { return gen_vop(d, VO_VPOPCNTW); }
TRANS(vpopcntd) { return gen_vop(d, VO_VPOPCNTD); }
TRANS(vgbbd) { return gen_vop(d, VO_VGBBD); }
TRANS(vbpermq) { return gen_vop(d, VO_VBPERMQ); }
TRANS(vbpermd) { return gen_vop(d, VO_VBPERMD); }
TRANS(vextractub) { return gen_vop(d, VO_VEXTRACTUB); }
TRANS(vextractuh) { return gen_vop(d, VO_VEXTRACTUH); }
TRANS(vextractuw) { return gen_vop(d, VO_VEXTRACTUW); }
TRANS(vextractd) { return gen_vop(d, VO_VEXTRACTD); }
TRANS(vinsertb) { return gen_vop(d, VO_VINSERTB); }
TRANS(vinserth) { return gen_vop(d, VO_VINSERTH); }
TRANS(vinsertw) { return gen_vop(d, VO_VINSERTW); }
TRANS(vinsertd) { return gen_vop(d, VO_VINSERTD); }
TRANS(vpmsumb) { return gen_vop(d, VO_VPMSUMB); }
TRANS(vpmsumh) { return gen_vop(d, VO_VPMSUMH); }
TRANS(vpmsumw) { return gen_vop(d, VO_VPMSUMW); }
TRANS(vpmsumd) { return gen_vop(d, VO_VPMSUMD); }
TRANS(mfvscr) { return gen_vop(d, VO_MFVSCR); }
TRANS(vmladduhm) { return gen_vop(d, VO_VMLADDUHM); }
TRANS(vslv) { return gen_vop(d, VO_VSLV); }
TRANS(vsrv) { return gen_vop(d, VO_VSRV); }
TRANS(vmsumudm) { return gen_vop(d, VO_VMSUMUDM); }
TRANS(vrlwnm) { return gen_vop(d, VO_VRLWNM); }
TRANS(vrlwmi) { return gen_vop(d, VO_VRLWMI); }
TRANS(vrldnm) { return gen_vop(d, VO_VRLDNM); }
TRANS(vrldmi) { return gen_vop(d, VO_VRLDMI); }
TRANS(mtvscr) { return gen_vop(d, VO_MTVSCR); }

/*
 * VX-form extended opcode 1538 (ISA 3.0): the VRA field selects the
 * operation; these write a GPR (vclzlsbb, vctzlsbb) or VRT from VRB.
 */
static guint64 helper_vx1538(PowerCpu *cpu, guint64 insn)
{
    const PowerVsr b = *vec_vsr(cpu, 32 + F_RB(insn));
    PowerVsr r = { .dw = { 0, 0 } };
    unsigned n = 0, sel = F_RA(insn);

    switch (sel) {
    case 0:     /* vclzlsbb */
        while (n < 16 && !(vec_byte(&b, n) & 1)) {
            n++;
        }
        return n;
    case 1:     /* vctzlsbb */
        while (n < 16 && !(vec_byte(&b, 15 - n) & 1)) {
            n++;
        }
        return n;
    case 6: case 7: {       /* vnegw, vnegd */
        unsigned size = sel == 6 ? 4 : 8;
        for (unsigned i = 0; i < 16 / size; i++) {
            vec_set(&r, size, i, -vec_get(&b, size, i));
        }
        break;
    }
    case 8: case 9: case 10: {      /* vprtybw, vprtybd, vprtybq: parity of each byte's low bit */
        unsigned size = sel == 8 ? 4 : sel == 9 ? 8 : 16;
        for (unsigned i = 0; i < 16 / size; i++) {
            unsigned p = 0;
            for (unsigned j = 0; j < size; j++) {
                p ^= vec_byte(&b, i * size + j) & 1;
            }
            if (size == 16) {
                r.dw[1] = p;
            } else {
                vec_set(&r, size, i, p);
            }
        }
        break;
    }
    case 16: case 17: case 24: case 25: case 26: {  /* vexts{b2w,h2w,b2d,h2d,w2d} */
        unsigned to = sel >= 24 ? 8 : 4, from = sel == 26 ? 4 : 1u << (sel & 1);
        for (unsigned i = 0; i < 16 / to; i++) {
            guint64 x = vec_get(&b, to, i) & ((1ull << (8 * from)) - 1);
            vec_set(&r, to, i, (guint64)vec_sext(x, from));
        }
        break;
    }
    case 27:    /* vextsd2q (ISA 3.1): doubleword 1 sign-extended to the quadword */
        r.dw[1] = b.dw[1];
        r.dw[0] = (guint64)((gint64)b.dw[1] >> 63);
        break;
    case 28: case 29: case 30: case 31: {   /* vctzb vctzh vctzw vctzd */
        unsigned size = 1u << (sel - 28);
        for (unsigned i = 0; i < 16 / size; i++) {
            guint64 x = vec_get(&b, size, i);
            vec_set(&r, size, i, x ? (guint64)__builtin_ctzll(x) : size * 8);
        }
        break;
    }
    default:
        power_raise_illegal(cpu);
    }
    *vec_vsr(cpu, 32 + F_RT(insn)) = r;
    return 0;
}

static const ModvmTcgHelper h_vx1538 = { "vx1538", (gpointer)helper_vx1538, 2, TRUE, 1, FALSE };

TRANS(vx1538)
{
    unsigned sel = F_RA(d->insn);
    ModvmTcgTemp res;

    if (sel == 27 && d->isa < ISA310) {
        return FALSE;
    }
    res = power_call(d, &h_vx1538, power_const(d, d->insn), 0, 0);

    if (sel <= 1) {
        power_store_gpr(d, F_RT(d->insn), res);
    }
    return TRUE;
}

/* vextu[bhw][lr]x (ISA 3.0): RT <- the element at byte index RA, from the left or the right. */
static void helper_vextx(PowerCpu *cpu, guint64 insn, guint64 ra, guint64 size_right)
{
    const PowerVsr *b = vec_vsr(cpu, 32 + F_RB(insn));
    unsigned size = size_right & 0xf, idx = ra & 15, start;
    guint64 v = 0;

    start = (size_right & 0x10) ? 16 - size - idx : idx;
    for (unsigned i = 0; i < size; i++) {
        v = (v << 8) | vec_byte(b, (start + i) & 15);
    }
    cpu->regs.gpr[F_RT(insn)] = v;
}

static const ModvmTcgHelper h_vextx = { "vextx", (gpointer)helper_vextx, 4, FALSE, 1, FALSE };

static gboolean gen_vextx(PowerDisas *d, unsigned size, gboolean right)
{
    power_call(d, &h_vextx, power_const(d, d->insn), power_load_gpr(d, F_RA(d->insn)),
               power_const(d, size | (right ? 0x10 : 0)));
    return TRUE;
}

TRANS(vextublx) { return gen_vextx(d, 1, FALSE); }
TRANS(vextuhlx) { return gen_vextx(d, 2, FALSE); }
TRANS(vextuwlx) { return gen_vextx(d, 4, FALSE); }
TRANS(vextubrx) { return gen_vextx(d, 1, TRUE); }
TRANS(vextuhrx) { return gen_vextx(d, 2, TRUE); }
TRANS(vextuwrx) { return gen_vextx(d, 4, TRUE); }
