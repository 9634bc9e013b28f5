/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Logical ops, isel, popcnt/cntlz/cnttz/prty/cmpb/bpermd, sign extension, multiply-add. */
#include "t.h"

#define CR0_PRESET 0xa0000000UL
#define CR_PRESET 0x5a3c96f0UL

static const uint64_t vals[] = {
    0, 1, 0xffffffffffffffffUL, 0x8000000000000000UL, 0x00000000ffffffffUL,
    0x123456789abcdef0UL, 0x0f0f0f0f80808080UL, 0x0000000100000000UL,
};
#define NVALS (sizeof(vals) / sizeof(vals[0]))

/* Rc=0 and Rc=1 forms of a two-register operation; CR0 from the Rc=1 form. */
#define BIN(mn)                                                                           \
    do {                                                                                  \
        for (unsigned i = 0; i < NVALS; i++) {                                            \
            for (unsigned j = 0; j < NVALS; j++) {                                        \
                uint64_t p_, d_, c_;                                                      \
                __asm__ volatile(mn " %[p],%[s],%[b]\n\tmtcrf 0x80,%[c0]\n\t"             \
                                 mn ". %[d],%[s],%[b]\n\tmfcr %[c]"                      \
                                 : [p] "=&r"(p_), [d] "=&r"(d_), [c] "=&r"(c_)            \
                                 : [s] "r"(vals[i]), [b] "r"(vals[j]), [c0] "r"(CR0_PRESET) \
                                 : "cr0");                                                \
                rt_printf("%s %016lx %016lx: ra=%016lx cr0=%lx%s\n", mn, vals[i], vals[j], \
                          d_, (c_ >> 28) & 0xf, p_ == d_ ? "" : " plain-differs");        \
            }                                                                             \
        }                                                                                 \
    } while (0)

/* One-register operations with an Rc=1 form. */
#define UN(mn)                                                                            \
    do {                                                                                  \
        for (unsigned i = 0; i < NVALS; i++) {                                            \
            uint64_t p_, d_, c_;                                                          \
            __asm__ volatile(mn " %[p],%[s]\n\tmtcrf 0x80,%[c0]\n\t" mn ". %[d],%[s]\n\t"  \
                             "mfcr %[c]"                                                  \
                             : [p] "=&r"(p_), [d] "=&r"(d_), [c] "=&r"(c_)                \
                             : [s] "r"(vals[i]), [c0] "r"(CR0_PRESET)                     \
                             : "cr0");                                                    \
            rt_printf("%s %016lx: ra=%016lx cr0=%lx%s\n", mn, vals[i], d_, (c_ >> 28) & 0xf, \
                      p_ == d_ ? "" : " plain-differs");                                  \
        }                                                                                 \
    } while (0)

/* One-register operations without Rc. */
#define UN_PLAIN(mn)                                                                      \
    do {                                                                                  \
        for (unsigned i = 0; i < NVALS; i++) {                                            \
            uint64_t p_;                                                                  \
            __asm__ volatile(mn " %[p],%[s]" : [p] "=r"(p_) : [s] "r"(vals[i]));           \
            rt_printf("%s %016lx: ra=%016lx\n", mn, vals[i], p_);                          \
        }                                                                                 \
    } while (0)

/* Two-register operations without Rc. */
#define BIN_PLAIN(mn)                                                                     \
    do {                                                                                  \
        for (unsigned i = 0; i < NVALS; i++) {                                            \
            for (unsigned j = 0; j < NVALS; j++) {                                        \
                uint64_t p_;                                                              \
                __asm__ volatile(mn " %[p],%[s],%[b]"                                     \
                                 : [p] "=r"(p_)                                           \
                                 : [s] "r"(vals[i]), [b] "r"(vals[j]));                   \
                rt_printf("%s %016lx %016lx: ra=%016lx\n", mn, vals[i], vals[j], p_);      \
            }                                                                             \
        }                                                                                 \
    } while (0)

/* andi., andis. (always Rc=1), ori, oris, xori, xoris */
#define LOGI(mn, imm)                                                                     \
    do {                                                                                  \
        for (unsigned i = 0; i < NVALS; i++) {                                            \
            uint64_t p_, c_;                                                              \
            __asm__ volatile("mtcrf 0x80,%[c0]\n\t" mn " %[p],%[s],%[i]\n\tmfcr %[c]"      \
                             : [p] "=&r"(p_), [c] "=&r"(c_)                               \
                             : [s] "r"(vals[i]), [i] "n"(imm), [c0] "r"(CR0_PRESET)       \
                             : "cr0");                                                    \
            rt_printf("%s %016lx 0x%x: ra=%016lx cr0=%lx\n", mn, vals[i], imm, p_,          \
                      (c_ >> 28) & 0xf);                                                  \
        }                                                                                 \
    } while (0)

static void logical(void)
{
    BIN("and");
    BIN("or");
    BIN("xor");
    BIN("nand");
    BIN("nor");
    BIN("eqv");
    BIN("andc");
    BIN("orc");
    LOGI("andi.", 0x8001);
    LOGI("andis.", 0x8001);
    LOGI("ori", 0xffff);
    LOGI("oris", 0x8000);
    LOGI("xori", 0xa5a5);
    LOGI("xoris", 0xffff);
}

static void counts(void)
{
    UN("cntlzw");
    UN("cntlzd");
    UN("cnttzw");
    UN("cnttzd");
    UN("extsb");
    UN("extsh");
    UN("extsw");
    UN_PLAIN("popcntb");
    UN_PLAIN("popcntw");
    UN_PLAIN("popcntd");
    UN_PLAIN("prtyw");
    UN_PLAIN("prtyd");
    BIN_PLAIN("cmpb");
    /* bpermd: RS holds 8 bit indexes into RB (index >= 64 selects 0) */
    static const uint64_t idx[] = { 0x0001020304050607UL, 0x3f3e3d3c40ff0800UL,
                                    0x0008101820283038UL };
    for (unsigned i = 0; i < sizeof(idx) / sizeof(idx[0]); i++) {
        for (unsigned j = 0; j < NVALS; j++) {
            uint64_t r;
            __asm__ volatile("bpermd %0,%1,%2" : "=r"(r) : "r"(idx[i]), "r"(vals[j]));
            rt_printf("bpermd %016lx %016lx: ra=%016lx\n", idx[i], vals[j], r);
        }
    }
}

/* isel RT,RA,RB,BC: RA (or 0 if the RA field is 0) if CR[BC] else RB. */
#define ISEL(bc)                                                                          \
    do {                                                                                  \
        uint64_t r_, z_;                                                                  \
        __asm__ volatile("mtcrf 0xff,%[p]\n\tisel %[r],%[a],%[b]," #bc "\n\t"              \
                         "isel %[z],0,%[b]," #bc                                          \
                         : [r] "=&r"(r_), [z] "=&r"(z_)                                   \
                         : [a] "b"(0x1111UL), [b] "r"(0x2222UL), [p] "r"(CR_PRESET)       \
                         : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7");       \
        rt_printf("isel bc=%d: rt=%lx ra0=%lx\n", bc, r_, z_);                             \
    } while (0)
#define ISEL8(b) ISEL(b); ISEL(b + 1); ISEL(b + 2); ISEL(b + 3); ISEL(b + 4); ISEL(b + 5); \
    ISEL(b + 6); ISEL(b + 7);

/* maddld, maddhd, maddhdu (Power ISA v3.0B Book I 3.3.9) */
static void multiply_add(void)
{
    static const uint64_t m[] = { 0, 1, 0xffffffffffffffffUL, 0x7fffffffffffffffUL,
                                  0x8000000000000000UL, 0x123456789abcdef0UL };
    for (unsigned i = 0; i < 6; i++) {
        for (unsigned j = 0; j < 6; j++) {
            for (unsigned k = 0; k < 6; k += 2) {
                uint64_t lo, hi, hu;
                __asm__ volatile("maddld %0,%3,%4,%5\n\tmaddhd %1,%3,%4,%5\n\t"
                                 "maddhdu %2,%3,%4,%5"
                                 : "=&r"(lo), "=&r"(hi), "=&r"(hu)
                                 : "r"(m[i]), "r"(m[j]), "r"(m[k]));
                rt_printf("madd %016lx %016lx %016lx: ld=%016lx hd=%016lx hdu=%016lx\n", m[i],
                          m[j], m[k], lo, hi, hu);
            }
        }
    }
}

void test_main(void)
{
    logical();
    counts();
    ISEL8(0)
    ISEL8(8)
    ISEL8(16)
    ISEL8(24)
    multiply_add();
}
