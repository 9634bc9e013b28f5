/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compares into every CR field, CR logical ops, mcrf, mtcrf/mtocrf/mfocrf, setb, cmprb, cmpeqb, mcrxrx. */
#include "t.h"

#define CR_PRESET 0x5a3c96f0UL

/* cmpd into cr1, cmpw into cr7, cmpld into cr0, cmplw into cr5; the other fields keep CR_PRESET. */
static void compares(void)
{
    for (unsigned i = 0; i < T_NVALS; i++) {
        for (unsigned j = 0; j < T_NVALS; j++) {
            uint64_t a = t_vals[i], b = t_vals[j], so = (i + j) & 1 ? XER_SO : 0, cr;
            __asm__ volatile("mtcrf 0xff,%[p]\n\tmtxer %[x]\n\t"
                             "cmpd 1,%[a],%[b]\n\tcmpw 7,%[a],%[b]\n\t"
                             "cmpld 0,%[a],%[b]\n\tcmplw 5,%[a],%[b]\n\tmfcr %[c]"
                             : [c] "=r"(cr)
                             : [a] "r"(a), [b] "r"(b), [p] "r"(CR_PRESET), [x] "r"(so)
                             : "cr0", "cr1", "cr5", "cr7", "xer");
            rt_printf("cmp %016lx %016lx so=%d: cr=%08lx\n", a, b, so ? 1 : 0, cr & 0xffffffff);
        }
    }
}

#define CMPI(mn, bf, imm, a)                                                              \
    do {                                                                                  \
        uint64_t cr_;                                                                     \
        __asm__ volatile("mtcrf 0xff,%[p]\n\tmtxer %[x]\n\t" mn " " #bf ",%[ra],%[i]\n\t"  \
                         "mfcr %[c]"                                                      \
                         : [c] "=r"(cr_)                                                  \
                         : [ra] "r"(a), [i] "n"(imm), [p] "r"(CR_PRESET), [x] "r"(0UL)    \
                         : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7", "xer"); \
        rt_printf("%s %d %016lx %d: cr=%08lx\n", mn, bf, (uint64_t)(a), (int)(imm),         \
                  cr_ & 0xffffffff);                                                      \
    } while (0)

static void compare_immediates(void)
{
    static const uint64_t vals[] = { 0, 1, 0xffffffffffffffff, 0x7fff, 0xffffffffffff8000,
                                     0xffff, 0x80000000, 0xffffffff00000001 };
    for (unsigned i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        uint64_t a = vals[i];
        CMPI("cmpdi", 2, 0, a);
        CMPI("cmpdi", 6, -1, a);
        CMPI("cmpdi", 3, 0x7fff, a);
        CMPI("cmpwi", 4, -0x8000, a);
        CMPI("cmpwi", 0, 1, a);
        CMPI("cmpldi", 7, 0xffff, a);
        CMPI("cmpldi", 1, 1, a);
        CMPI("cmplwi", 5, 0x8000, a);
        CMPI("cmplwi", 0, 0, a);
    }
}

#define CRLOG(mn, bt, ba, bb)                                                             \
    do {                                                                                  \
        uint64_t cr_;                                                                     \
        __asm__ volatile("mtcrf 0xff,%[p]\n\t" mn " " #bt "," #ba "," #bb "\n\tmfcr %[c]"   \
                         : [c] "=r"(cr_)                                                  \
                         : [p] "r"(CR_PRESET)                                             \
                         : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7");       \
        rt_printf("%s %d,%d,%d: cr=%08lx\n", mn, bt, ba, bb, cr_ & 0xffffffff);            \
    } while (0)

#define CRLOG_ALL(bt, ba, bb)                                                             \
    CRLOG("crand", bt, ba, bb);                                                           \
    CRLOG("cror", bt, ba, bb);                                                            \
    CRLOG("crxor", bt, ba, bb);                                                           \
    CRLOG("crnand", bt, ba, bb);                                                          \
    CRLOG("crnor", bt, ba, bb);                                                           \
    CRLOG("creqv", bt, ba, bb);                                                           \
    CRLOG("crandc", bt, ba, bb);                                                          \
    CRLOG("crorc", bt, ba, bb);

static void cr_logical(void)
{
    /* bit pairs from the preset 0x5a3c96f0 covering 00, 01, 10, 11 and aliasing */
    CRLOG_ALL(0, 1, 2)
    CRLOG_ALL(31, 0, 31)
    CRLOG_ALL(5, 5, 5)
    CRLOG_ALL(12, 17, 22)
    CRLOG_ALL(3, 8, 30)
    CRLOG_ALL(28, 2, 4)
    CRLOG_ALL(16, 27, 24)
}

#define MCRF(bf, bfa)                                                                     \
    do {                                                                                  \
        uint64_t cr_;                                                                     \
        __asm__ volatile("mtcrf 0xff,%[p]\n\tmcrf " #bf "," #bfa "\n\tmfcr %[c]"           \
                         : [c] "=r"(cr_)                                                  \
                         : [p] "r"(CR_PRESET)                                             \
                         : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7");       \
        rt_printf("mcrf %d,%d: cr=%08lx\n", bf, bfa, cr_ & 0xffffffff);                    \
    } while (0)

#define MTCRF(fxm, v)                                                                     \
    do {                                                                                  \
        uint64_t cr_;                                                                     \
        __asm__ volatile("mtcrf 0xff,%[p]\n\tmtcrf " #fxm ",%[s]\n\tmfcr %[c]"             \
                         : [c] "=r"(cr_)                                                  \
                         : [p] "r"(CR_PRESET), [s] "r"(v)                                 \
                         : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7");       \
        rt_printf("mtcrf 0x%x %016lx: cr=%08lx\n", fxm, (uint64_t)(v), cr_ & 0xffffffff);  \
    } while (0)

/*
 * mtocrf/mfocrf with exactly one FXM bit. mfocrf defines only the named
 * field of RT (Power ISA v3.0B Book I 3.3.16: the other bits of RT are
 * undefined in earlier versions), so the result is masked to it.
 */
#define OCRF(fxm, field, v)                                                               \
    do {                                                                                  \
        uint64_t cr_, rt_;                                                                \
        __asm__ volatile("mtcrf 0xff,%[p]\n\tmtocrf " #fxm ",%[s]\n\tmfcr %[c]\n\t"        \
                         "mfocrf %[t]," #fxm                                              \
                         : [c] "=&r"(cr_), [t] "=&r"(rt_)                                 \
                         : [p] "r"(CR_PRESET), [s] "r"(v)                                 \
                         : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7");       \
        rt_printf("mtocrf/mfocrf 0x%x %016lx: cr=%08lx field=%lx\n", fxm, (uint64_t)(v),   \
                  cr_ & 0xffffffff, rt_ & (0xfUL << (4 * (7 - (field)))));                \
    } while (0)

static void cr_moves(void)
{
    MCRF(0, 7);
    MCRF(7, 0);
    MCRF(3, 3);
    MCRF(2, 5);
    MCRF(6, 1);
    MCRF(4, 2);
    uint64_t v = 0xfedcba9801234567UL;
    MTCRF(0xff, v);
    MTCRF(0x00, v);
    MTCRF(0x01, v);
    MTCRF(0x80, v);
    MTCRF(0x5a, v);
    MTCRF(0xa5, v);
    OCRF(0x80, 0, v);
    OCRF(0x40, 1, v);
    OCRF(0x10, 3, v);
    OCRF(0x04, 5, v);
    OCRF(0x01, 7, v);
}

/* setb: -1 if LT, else 1 if GT, else 0 (Power ISA v3.0B Book I 3.3.10). */
#define SETB(bfa)                                                                         \
    do {                                                                                  \
        for (uint64_t f = 0; f < 16; f++) {                                               \
            uint64_t rt_, cr_ = f << (4 * (7 - (bfa)));                                   \
            __asm__ volatile("mtcrf 0xff,%[p]\n\tsetb %[t]," #bfa                         \
                             : [t] "=r"(rt_)                                              \
                             : [p] "r"(cr_)                                               \
                             : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7");   \
            rt_printf("setb %d field=%lx: rt=%016lx\n", bfa, f, rt_);                      \
        }                                                                                 \
    } while (0)

#define CMPRB(l, a, b)                                                                    \
    do {                                                                                  \
        uint64_t cr_;                                                                     \
        __asm__ volatile("mtcrf 0xff,%[p]\n\tcmprb 3," #l ",%[ra],%[rb]\n\tmfcr %[c]"      \
                         : [c] "=r"(cr_)                                                  \
                         : [ra] "r"(a), [rb] "r"(b), [p] "r"(CR_PRESET)                   \
                         : "cr3");                                                        \
        rt_printf("cmprb %d %016lx %016lx: cr=%08lx\n", l, (uint64_t)(a), (uint64_t)(b),   \
                  cr_ & 0xffffffff);                                                      \
    } while (0)

static void byte_compares(void)
{
    SETB(0);
    SETB(6);
    /* ranges: "09" as lo..hi in the low byte(s) of RB */
    static const uint64_t bytes[] = { 0x30, 0x39, 0x2f, 0x3a, 0x61, 0xff, 0x1234567841 };
    static const uint64_t ranges[] = { 0x3930, 0x7a613930, 0x3039, 0xffffffffffff7a61 };
    for (unsigned i = 0; i < sizeof(bytes) / sizeof(bytes[0]); i++) {
        for (unsigned j = 0; j < sizeof(ranges) / sizeof(ranges[0]); j++) {
            CMPRB(0, bytes[i], ranges[j]);
            CMPRB(1, bytes[i], ranges[j]);
        }
    }
    static const uint64_t sets[] = { 0x3031323334353637UL, 0x4142434445464700UL, 0 };
    for (unsigned i = 0; i < sizeof(bytes) / sizeof(bytes[0]); i++) {
        for (unsigned j = 0; j < sizeof(sets) / sizeof(sets[0]); j++) {
            uint64_t cr;
            __asm__ volatile("mtcrf 0xff,%[p]\n\tcmpeqb 6,%[ra],%[rb]\n\tmfcr %[c]"
                             : [c] "=r"(cr)
                             : [ra] "r"(bytes[i]), [rb] "r"(sets[j]), [p] "r"(CR_PRESET)
                             : "cr6");
            rt_printf("cmpeqb %016lx %016lx: cr=%08lx\n", bytes[i], sets[j], cr & 0xffffffff);
        }
    }
}

/* mcrxrx: OV, OV32, CA, CA32 into a CR field (Power ISA v3.0B Book I 3.3.16). */
static void xer_to_cr(void)
{
    static const uint64_t xers[] = { 0, XER_OV, XER_OV32, XER_CA, XER_CA32,
                                     XER_OV | XER_CA32, XER_SO | XER_OV | XER_OV32 | XER_CA | XER_CA32 };
    for (unsigned i = 0; i < sizeof(xers) / sizeof(xers[0]); i++) {
        uint64_t cr;
        __asm__ volatile("mtcrf 0xff,%[p]\n\tmtxer %[x]\n\tmcrxrx 2\n\tmfcr %[c]"
                         : [c] "=r"(cr)
                         : [x] "r"(xers[i]), [p] "r"(CR_PRESET)
                         : "cr2", "xer");
        rt_printf("mcrxrx 2 xer=%08lx: cr=%08lx\n", xers[i], cr & 0xffffffff);
    }
}

void test_main(void)
{
    compares();
    compare_immediates();
    cr_logical();
    cr_moves();
    byte_compares();
    xer_to_cr();
}
