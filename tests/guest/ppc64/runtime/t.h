/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the test programs: boundary values and register masks. */
#ifndef T_H
#define T_H

#include "rt.h"

/* Boundary values for two-operand instructions. */
static const uint64_t t_vals[] = {
    0x0000000000000000, 0x0000000000000001, 0xffffffffffffffff, 0x0000000000000002,
    0x000000007fffffff, 0x0000000080000000, 0x00000000ffffffff, 0x7fffffffffffffff,
    0x8000000000000000, 0xffffffff80000000, 0x123456789abcdef0,
};
#define T_NVALS (sizeof(t_vals) / sizeof(t_vals[0]))

/* XER: SO OV CA (32:34), OV32 CA32 (44:45), string byte count (57:63); the rest is reserved. */
#define XER_SO      0x80000000UL
#define XER_OV      0x40000000UL
#define XER_CA      0x20000000UL
#define XER_OV32    0x00080000UL
#define XER_CA32    0x00040000UL
#define XER_DEFINED (XER_SO | XER_OV | XER_CA | XER_OV32 | XER_CA32 | 0x7fUL)

static inline uint64_t t_mfxer(void)
{
    uint64_t v;
    __asm__ volatile("mfxer %0" : "=r"(v));
    return v & XER_DEFINED;
}

static inline void t_mtxer(uint64_t v)
{
    __asm__ volatile("mtxer %0" : : "r"(v) : "xer");
}

static inline uint32_t t_mfcr(void)
{
    uint64_t v;
    __asm__ volatile("mfcr %0" : "=r"(v));
    return (uint32_t)v;
}

#endif
