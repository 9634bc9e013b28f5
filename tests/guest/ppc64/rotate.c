/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rotates, masks and shifts: rlw*, rld*, sl/sr/sra with shift counts 0..63 and beyond, CA, CR0. */
#include "t.h"

/*
 * Each line: the instruction with its immediates, RS, RB (for register
 * shift counts), the RA preset (it matters for the insert forms), then RA,
 * XER and CR0 after the Rc=1 form. XER is preset to CA|CA32 and CR0 to
 * 0b1010; "plain-differs" flags an Rc=0 form whose RA or XER disagrees.
 */
#define CR0_PRESET 0xa0000000UL
#define RA_PRESET 0xfedcba9876543210UL

struct out {
    uint64_t ra, xer, cr;
};

#define EXEC(text, s_, b_, i1_, i2_, i3_, o)                                                   \
    do {                                                                                  \
        (o).ra = RA_PRESET;                                                               \
        __asm__ volatile("mtcrf 0x80,%[c0]\n\tmtxer %[x]\n\t" text "\n\t"                \
                         "mfxer %[xo]\n\tmfcr %[c]"                                       \
                         : [a] "+&r"((o).ra), [xo] "=&r"((o).xer), [c] "=&r"((o).cr)      \
                         : [s] "r"(s_), [b] "r"(b_), [i1] "n"(i1_), [i2] "n"(i2_),            \
                           [i3] "n"(i3_), [x] "r"(XER_CA | XER_CA32), [c0] "r"(CR0_PRESET) \
                         : "cr0", "xer");                                                 \
    } while (0)

static void show(const char *label, uint64_t s, uint64_t b, const struct out *plain,
                 const struct out *dot)
{
    rt_printf("%s s=%016lx b=%016lx a=%016lx: ra=%016lx xer=%lx cr0=%x", label, s, b,
              RA_PRESET, dot->ra, dot->xer & XER_DEFINED, (unsigned)(dot->cr >> 28));
    if (plain && (plain->ra != dot->ra || (plain->xer & XER_DEFINED) != (dot->xer & XER_DEFINED) ||
                  (plain->cr >> 28) != (CR0_PRESET >> 28))) {
        rt_printf(" plain-differs ra=%016lx xer=%lx cr0=%x", plain->ra, plain->xer & XER_DEFINED,
                  (unsigned)(plain->cr >> 28));
    }
    rt_putc('\n');
}

static const uint64_t srcs[] = { 0x123456789abcdef0UL, 0x80000001ffff0001UL };
#define NSRCS (sizeof(srcs) / sizeof(srcs[0]))

/* Shift amounts in a register: the instruction uses the low 6 or 7 bits. */
static const uint64_t counts[] = { 0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 0xffffffffffffffc1UL };
#define NCOUNTS (sizeof(counts) / sizeof(counts[0]))

/* Instructions with Rc, and immediates only. */
#define IMM(mn, ops, i1, i2, i3)                                                          \
    do {                                                                                  \
        for (unsigned k = 0; k < NSRCS; k++) {                                            \
            struct out p, d;                                                              \
            EXEC(mn " " ops, srcs[k], 0UL, i1, i2, i3, p);                                \
            EXEC(mn ". " ops, srcs[k], 0UL, i1, i2, i3, d);                               \
            show(mn " " #i1 "," #i2 "," #i3, srcs[k], 0, &p, &d);                         \
        }                                                                                 \
    } while (0)

/* Instructions with Rc and a shift count in RB. */
#define REG(mn, ops, i1, i2)                                                              \
    do {                                                                                  \
        for (unsigned k = 0; k < NSRCS; k++) {                                            \
            for (unsigned c = 0; c < NCOUNTS; c++) {                                      \
                struct out p, d;                                                          \
                EXEC(mn " " ops, srcs[k], counts[c], i1, i2, 0, p);                       \
                EXEC(mn ". " ops, srcs[k], counts[c], i1, i2, 0, d);                      \
                show(mn " " #i1 "," #i2, srcs[k], counts[c], &p, &d);                     \
            }                                                                             \
        }                                                                                 \
    } while (0)

#define RLWINM(sh, mb, me) IMM("rlwinm", "%[a],%[s],%[i1],%[i2],%[i3]", sh, mb, me);
#define RLWIMI(sh, mb, me) IMM("rlwimi", "%[a],%[s],%[i1],%[i2],%[i3]", sh, mb, me);
#define RLW_MASKS(X, sh) X(sh, 0, 31) X(sh, 0, 0) X(sh, 31, 31) X(sh, 16, 15) X(sh, 24, 7) \
    X(sh, 5, 27) X(sh, 31, 0)
#define RLW_ALL(X) RLW_MASKS(X, 0) RLW_MASKS(X, 1) RLW_MASKS(X, 8) RLW_MASKS(X, 31)

#define RLWNM(mb, me) REG("rlwnm", "%[a],%[s],%[b],%[i1],%[i2]", mb, me);
#define RLWNM_MASKS(X) X(0, 31) X(16, 15) X(24, 7) X(5, 27)

#define RLDICL(sh, mb) IMM("rldicl", "%[a],%[s],%[i1],%[i2]", sh, mb, 0);
#define RLDICR(sh, me) IMM("rldicr", "%[a],%[s],%[i1],%[i2]", sh, me, 0);
#define RLDIC(sh, mb) IMM("rldic", "%[a],%[s],%[i1],%[i2]", sh, mb, 0);
#define RLDIMI(sh, mb) IMM("rldimi", "%[a],%[s],%[i1],%[i2]", sh, mb, 0);
#define RLD_M(X, sh) X(sh, 0) X(sh, 1) X(sh, 31) X(sh, 32) X(sh, 63)
#define RLD_ALL(X) RLD_M(X, 0) RLD_M(X, 1) RLD_M(X, 31) RLD_M(X, 32) RLD_M(X, 63)

#define RLDCL(mb) REG("rldcl", "%[a],%[s],%[b],%[i1]", mb, 0);
#define RLDCR(me) REG("rldcr", "%[a],%[s],%[b],%[i1]", me, 0);
#define RLDC_M(X) X(0) X(1) X(32) X(63)

#define SRADI(sh) IMM("sradi", "%[a],%[s],%[i1]", sh, 0, 0);
#define SRADI_ALL(X) X(0) X(1) X(31) X(32) X(33) X(63)
#define SRAWI(sh) IMM("srawi", "%[a],%[s],%[i1]", sh, 0, 0);
#define SRAWI_ALL(X) X(0) X(1) X(15) X(16) X(31)
#define EXTSWSLI(sh) IMM("extswsli", "%[a],%[s],%[i1]", sh, 0, 0);
#define EXTSWSLI_ALL(X) X(0) X(1) X(31) X(32) X(63)

void test_main(void)
{
    RLW_ALL(RLWINM)
    RLW_ALL(RLWIMI)
    RLWNM_MASKS(RLWNM)
    RLD_ALL(RLDICL)
    RLD_ALL(RLDICR)
    RLD_ALL(RLDIC)
    RLD_ALL(RLDIMI)
    RLDC_M(RLDCL)
    RLDC_M(RLDCR)
    REG("sld", "%[a],%[s],%[b]", 0, 0);
    REG("srd", "%[a],%[s],%[b]", 0, 0);
    REG("srad", "%[a],%[s],%[b]", 0, 0);
    REG("slw", "%[a],%[s],%[b]", 0, 0);
    REG("srw", "%[a],%[s],%[b]", 0, 0);
    REG("sraw", "%[a],%[s],%[b]", 0, 0);
    SRADI_ALL(SRADI)
    SRAWI_ALL(SRAWI)
    EXTSWSLI_ALL(EXTSWSLI)
}
