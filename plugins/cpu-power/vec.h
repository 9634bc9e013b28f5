/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the vector files share: PowerVsr elements in the ISA's (big-endian) order, guest memory. */
#pragma once

#include "internal.h"

#include <string.h>

/* VSCR bits (Book I "Vector Status and Control Register"), from the least significant bit. */
#define VSCR_SAT 1u
#define VSCR_NJ (1u << 16)

/* Instruction fields of the vector forms. */
#define F_VRC(i) (((i) >> 6) & 31)
#define F_XT(i) ((((i) & 1) << 5) | F_RT(i))
#define F_XA(i) (((((i) >> 2) & 1) << 5) | F_RA(i))
#define F_XB(i) (((((i) >> 1) & 1) << 5) | F_RB(i))
#define F_XC(i) (((((i) >> 3) & 1) << 5) | F_VRC(i))

#define VSR_OFF(n, half) (CPU_OFF(regs.vsr[n]) + 8 * (half))

/* Element @i of @size bytes (1, 2, 4, 8), counted from the left as the ISA does. */
static inline guint64 vec_get(const PowerVsr *v, unsigned size, unsigned i)
{
    unsigned bit = i * size * 8;
    guint64 dw = v->dw[bit / 64];

    if (size == 8) {
        return dw;
    }
    return (dw >> (64 - bit % 64 - size * 8)) & ((1ull << (size * 8)) - 1);
}

static inline void vec_set(PowerVsr *v, unsigned size, unsigned i, guint64 x)
{
    unsigned bit = i * size * 8;
    unsigned sh;
    guint64 mask;

    if (size == 8) {
        v->dw[bit / 64] = x;
        return;
    }
    sh = 64 - bit % 64 - size * 8;
    mask = ((1ull << (size * 8)) - 1) << sh;
    v->dw[bit / 64] = (v->dw[bit / 64] & ~mask) | ((x << sh) & mask);
}

static inline guint8 vec_byte(const PowerVsr *v, unsigned i)
{
    return (guint8)vec_get(v, 1, i);
}

static inline gint64 vec_sext(guint64 x, unsigned size)
{
    unsigned sh = 64 - size * 8;
    return (gint64)(x << sh) >> sh;
}

static inline PowerVsr *vec_vsr(PowerCpu *cpu, unsigned n)
{
    return &cpu->regs.vsr[n];
}

/* Guest memory a byte at a time: any alignment, across pages; faults raise from the helper. */
static inline unsigned vec_mmu_idx(PowerCpu *cpu)
{
    return power_mmu_idx(cpu->regs.msr, TRUE);
}

static inline guint64 vec_ea_add(PowerCpu *cpu, guint64 ea, guint64 n)
{
    ea += n;
    return (cpu->regs.msr & MSR_BIT(MSR_SF)) ? ea : (guint32)ea;
}

static inline void vec_mem_read(PowerCpu *cpu, guint64 ea, guint8 *buf, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        buf[i] = (guint8)cpu->tcg.rt->load(&cpu->tcg, vec_ea_add(cpu, ea, i), MODVM_MO_8,
                                           vec_mmu_idx(cpu));
    }
}

/* The last byte is written first so that a fault on the second page leaves memory unchanged. */
static inline void vec_mem_write(PowerCpu *cpu, guint64 ea, const guint8 *buf, unsigned n)
{
    if (n == 0) {
        return;
    }
    cpu->tcg.rt->load(&cpu->tcg, vec_ea_add(cpu, ea, n - 1), MODVM_MO_8, vec_mmu_idx(cpu));
    for (unsigned i = 0; i < n; i++) {
        cpu->tcg.rt->store(&cpu->tcg, vec_ea_add(cpu, ea, i), buf[i], MODVM_MO_8,
                           vec_mmu_idx(cpu));
    }
}

/* vsx-vec.c: the instructions of XX2 opcode 475 other than xxbr* (the XA field picks them). */
gboolean vsx_vec_trans_475(PowerDisas *d);

/* vsx.c: VSR @t <- VSR @a @opc VSR @b, for the logical IR ops. */
gboolean vec_gen_logic(PowerDisas *d, ModvmTcgOpc opc, unsigned t, unsigned a, unsigned b);

static inline gboolean vec_le(PowerCpu *cpu)
{
    return (cpu->regs.msr & MSR_BIT(MSR_LE)) != 0;
}

/* ConvertSPtoDP (Book I 4.6.1.x): exact, and a signalling NaN stays signalling. */
static inline guint64 sp_to_dp(guint32 w)
{
    guint64 sign = (guint64)(w >> 31) << 63, frac = w & 0x7fffff;
    unsigned exp = (w >> 23) & 0xff;

    if (exp == 255) {
        return sign | (2047ull << 52) | (frac << 29);
    }
    if (exp == 0) {
        int e = -126;
        if (!frac) {
            return sign;
        }
        while (!(frac & 0x800000)) {
            frac <<= 1;
            e--;
        }
        return sign | ((guint64)(e + 1023) << 52) | ((frac & 0x7fffff) << 29);
    }
    return sign | ((guint64)(exp - 127 + 1023) << 52) | (frac << 29);
}

/* The single-precision store conversion of stfs (Book I 4.6.3): no rounding, denormalises. */
static inline guint32 dp_to_sp(guint64 d)
{
    unsigned exp = (d >> 52) & 0x7ff;

    if (exp > 896 || (d & 0x7fffffffffffffffull) == 0) {
        return (guint32)(((d >> 32) & 0xc0000000) | ((d >> 29) & 0x3fffffff));
    }
    if (exp >= 874) {
        int e = (int)exp - 1023;
        guint64 frac = (1ull << 52) | (d & ((1ull << 52) - 1));
        while (e < -126) {
            frac >>= 1;
            e++;
        }
        return (guint32)(((d >> 63) << 31) | ((frac >> 29) & 0x7fffff));
    }
    return (guint32)(((d >> 32) & 0xc0000000) | ((d >> 29) & 0x3fffffff));
}
