/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host FPU's rounding mode and exception flags, for the helpers that
 * let the host round (fpu.c, vmx-fp.c, vsx-vec.c). They take and return
 * <fenv.h>'s FE_ values.
 *
 * On x86-64 the compiler does double and float arithmetic in SSE and the
 * math library's sqrt, fma, nearbyint and ldexp do too, so MXCSR alone
 * holds the mode and the flags that matter. glibc's fenv functions also
 * load and store the x87 environment (fnstenv/fldenv), which made
 * feclearexcept alone two thirds of a floating-point guest's time; these
 * read and write MXCSR only. Elsewhere they are <fenv.h>'s functions.
 */
#pragma once

#include <fenv.h>
#include <glib.h>

#if defined(__x86_64__) && defined(__SSE2_MATH__) && !defined(HOSTFP_USE_FENV)

/* glibc's x86 FE_ exception values are the MXCSR flag bits; the modes are 3 bits lower. */
#define HOSTFP_RC_SHIFT 3
#define HOSTFP_RC_MASK (3u << 13)
#define HOSTFP_FLAGS 0x3fu
G_STATIC_ASSERT(FE_INVALID == 0x01 && FE_DIVBYZERO == 0x04 && FE_OVERFLOW == 0x08 &&
                FE_UNDERFLOW == 0x10 && FE_INEXACT == 0x20);
G_STATIC_ASSERT(FE_DOWNWARD << HOSTFP_RC_SHIFT == 1 << 13 && FE_UPWARD << HOSTFP_RC_SHIFT == 2 << 13 &&
                FE_TOWARDZERO << HOSTFP_RC_SHIFT == 3 << 13);

static inline unsigned hostfp_mxcsr(void)
{
    unsigned m;

    __asm__ __volatile__("stmxcsr %0" : "=m"(m));
    return m;
}

static inline void hostfp_set_mxcsr(unsigned m)
{
    __asm__ __volatile__("ldmxcsr %0" : : "m"(m) : "memory");
}

static inline void hostfp_setround(int mode)
{
    hostfp_set_mxcsr((hostfp_mxcsr() & ~HOSTFP_RC_MASK) | ((unsigned)mode << HOSTFP_RC_SHIFT));
}

static inline int hostfp_getround(void)
{
    return (int)((hostfp_mxcsr() & HOSTFP_RC_MASK) >> HOSTFP_RC_SHIFT);
}

static inline void hostfp_clear(void)
{
    hostfp_set_mxcsr(hostfp_mxcsr() & ~HOSTFP_FLAGS);
}

/* The mode and cleared flags at once: what most operations start with. */
static inline void hostfp_begin(int mode)
{
    hostfp_set_mxcsr((hostfp_mxcsr() & ~(HOSTFP_RC_MASK | HOSTFP_FLAGS)) |
                     ((unsigned)mode << HOSTFP_RC_SHIFT));
}

static inline int hostfp_test(int excepts)
{
    return (int)(hostfp_mxcsr() & (unsigned)excepts & FE_ALL_EXCEPT);
}

#else

static inline void hostfp_setround(int mode)
{
    fesetround(mode);
}

static inline int hostfp_getround(void)
{
    return fegetround();
}

static inline void hostfp_clear(void)
{
    feclearexcept(FE_ALL_EXCEPT);
}

static inline void hostfp_begin(int mode)
{
    fesetround(mode);
    feclearexcept(FE_ALL_EXCEPT);
}

static inline int hostfp_test(int excepts)
{
    return fetestexcept(excepts);
}

#endif
