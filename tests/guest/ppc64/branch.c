/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Branches: bc/bclr/bcctr with every BO form, CTR decrement and test, LK, CTR loops, calls. */
#include "t.h"

/*
 * BO values (Power ISA v3.0B Book I 2.4, Figure 40) with the ignored z bits
 * zero and without the reserved "at" hint 0b01. BI is 13 (cr3 EQ), preset to
 * 0 or 1; CTR is preset to 1, 2, 0 and 0x100000001. Each line says whether
 * the branch was taken, CTR afterwards, and for the LK=1 forms whether LR
 * holds the address after the branch.
 */
#define BI_SET 0x00040000UL
static const uint64_t ctrs[] = { 1, 2, 0, 0x100000001UL };
#define NCTRS (sizeof(ctrs) / sizeof(ctrs[0]))

#define BC(bo)                                                                            \
    do {                                                                                  \
        for (int c = 0; c < 2; c++) {                                                     \
            for (unsigned k = 0; k < NCTRS; k++) {                                        \
                uint64_t t_, ctr_, lr_, ref_;                                             \
                __asm__ volatile("mtcrf 0xff,%[p]\n\tmtctr %[ci]\n\t"                      \
                                 "bcl " #bo ",13,1f\n"                                    \
                                 "0:\tli %[t],0\n\tb 2f\n"                                \
                                 "1:\tli %[t],1\n"                                        \
                                 "2:\tmfctr %[co]\n\tmflr %[l]\n\tbcl 20,31,3f\n"         \
                                 "3:\tmflr %[r]\n\taddi %[r],%[r],0b-3b"                  \
                                 : [t] "=&b"(t_), [co] "=&r"(ctr_), [l] "=&r"(lr_),       \
                                   [r] "=&b"(ref_)                                        \
                                 : [p] "r"(c ? BI_SET : 0UL), [ci] "r"(ctrs[k])           \
                                 : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7", \
                                   "ctr", "lr");                                          \
                rt_printf("bcl %d cr3.eq=%d ctr=%lx: taken=%ld ctr=%lx lr-ok=%d\n", bo, c,   \
                          ctrs[k], t_, ctr_, lr_ == ref_);                                \
            }                                                                             \
        }                                                                                 \
    } while (0)

#define BC_NOLINK(bo)                                                                     \
    do {                                                                                  \
        for (int c = 0; c < 2; c++) {                                                     \
            for (unsigned k = 0; k < NCTRS; k++) {                                        \
                uint64_t t_, ctr_, lr_;                                                   \
                __asm__ volatile("mtcrf 0xff,%[p]\n\tmtctr %[ci]\n\tmtlr %[li]\n\t"        \
                                 "bc " #bo ",13,1f\n"                                     \
                                 "\tli %[t],0\n\tb 2f\n"                                  \
                                 "1:\tli %[t],1\n"                                        \
                                 "2:\tmfctr %[co]\n\tmflr %[l]"                           \
                                 : [t] "=&r"(t_), [co] "=&r"(ctr_), [l] "=&r"(lr_)        \
                                 : [p] "r"(c ? BI_SET : 0UL), [ci] "r"(ctrs[k]),          \
                                   [li] "r"(0x1234UL)                                     \
                                 : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7", \
                                   "ctr", "lr");                                          \
                rt_printf("bc %d cr3.eq=%d ctr=%lx: taken=%ld ctr=%lx lr=%lx\n", bo, c,      \
                          ctrs[k], t_, ctr_, lr_);                                        \
            }                                                                             \
        }                                                                                 \
    } while (0)

/* bclr: the target comes from LR. */
#define BCLR(bo)                                                                          \
    do {                                                                                  \
        for (int c = 0; c < 2; c++) {                                                     \
            for (unsigned k = 0; k < NCTRS; k++) {                                        \
                uint64_t t_, ctr_, tmp_;                                                  \
                __asm__ volatile("mtcrf 0xff,%[p]\n\tmtctr %[ci]\n\t"                      \
                                 "bcl 20,31,0f\n"                                         \
                                 "0:\tmflr %[x]\n\taddi %[x],%[x],1f-0b\n\tmtlr %[x]\n\t"  \
                                 "bclr " #bo ",13\n"                                      \
                                 "\tli %[t],0\n\tb 2f\n"                                  \
                                 "1:\tli %[t],1\n"                                        \
                                 "2:\tmfctr %[co]"                                        \
                                 : [t] "=&r"(t_), [co] "=&r"(ctr_), [x] "=&b"(tmp_)       \
                                 : [p] "r"(c ? BI_SET : 0UL), [ci] "r"(ctrs[k])           \
                                 : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7", \
                                   "ctr", "lr");                                          \
                rt_printf("bclr %d cr3.eq=%d ctr=%lx: taken=%ld ctr=%lx\n", bo, c, ctrs[k],  \
                          t_, ctr_);                                                      \
            }                                                                             \
        }                                                                                 \
    } while (0)

/* bclrl: branches to the old LR and sets LR to the next instruction. */
#define BCLRL(bo)                                                                         \
    do {                                                                                  \
        for (int c = 0; c < 2; c++) {                                                     \
            uint64_t t_, lr_, tmp_, ref_;                                                 \
            __asm__ volatile("mtcrf 0xff,%[p]\n\tmtctr %[ci]\n\t"                      \
                             "bcl 20,31,0f\n"                                             \
                             "0:\tmflr %[x]\n\taddi %[x],%[x],1f-0b\n\tmtlr %[x]\n\t"      \
                             "bclrl " #bo ",13\n"                                         \
                             "4:\tli %[t],0\n\tb 2f\n"                                    \
                             "1:\tli %[t],1\n"                                            \
                             "2:\tmflr %[l]\n\tbcl 20,31,3f\n"                            \
                             "3:\tmflr %[r]\n\taddi %[r],%[r],4b-3b"                      \
                             : [t] "=&r"(t_), [l] "=&r"(lr_), [x] "=&b"(tmp_), [r] "=&b"(ref_) \
                             : [p] "r"(c ? BI_SET : 0UL), [ci] "r"(2UL)                   \
                             : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7",    \
                               "ctr", "lr");                                              \
            rt_printf("bclrl %d cr3.eq=%d: taken=%ld lr-ok=%d\n", bo, c, t_, lr_ == ref_);  \
        }                                                                                 \
    } while (0)

/* bcctr: the target comes from CTR; BO must not decrement CTR. */
#define BCCTR(bo)                                                                         \
    do {                                                                                  \
        for (int c = 0; c < 2; c++) {                                                     \
            uint64_t t_, tmp_, lr_, ref_;                                                 \
            __asm__ volatile("mtcrf 0xff,%[p]\n\t"                                        \
                             "bcl 20,31,0f\n"                                             \
                             "0:\tmflr %[x]\n\taddi %[x],%[x],1f-0b\n\tmtctr %[x]\n\t"     \
                             "bcctrl " #bo ",13\n"                                        \
                             "4:\tli %[t],0\n\tb 2f\n"                                    \
                             "1:\tli %[t],1\n"                                            \
                             "2:\tmflr %[l]\n\tbcl 20,31,3f\n"                            \
                             "3:\tmflr %[r]\n\taddi %[r],%[r],4b-3b"                      \
                             : [t] "=&r"(t_), [x] "=&b"(tmp_), [l] "=&r"(lr_), [r] "=&b"(ref_) \
                             : [p] "r"(c ? BI_SET : 0UL)                                  \
                             : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7",    \
                               "ctr", "lr");                                              \
            rt_printf("bcctrl %d cr3.eq=%d: taken=%ld lr-ok=%d\n", bo, c, t_, lr_ == ref_); \
        }                                                                                 \
    } while (0)

#define ALL_BO(X) X(0) X(2) X(4) X(6) X(7) X(8) X(10) X(12) X(14) X(15) X(16) X(18) X(20) \
    X(24) X(25) X(26) X(27)
#define CTR_BO(X) X(4) X(6) X(7) X(12) X(14) X(15) X(20)
#define DO_BC(bo) BC(bo);
#define DO_BC_NOLINK(bo) BC_NOLINK(bo);
#define DO_BCLR(bo) BCLR(bo);
#define DO_BCLRL(bo) BCLRL(bo);
#define DO_BCCTR(bo) BCCTR(bo);

static void ctr_loops(void)
{
    static const uint64_t counts[] = { 1, 5, 100, 0x10001 };
    for (unsigned i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
        uint64_t n = 0, ctr;
        __asm__ volatile("mtctr %[c]\n1:\taddi %[n],%[n],1\n\tbdnz 1b\n\tmfctr %[co]"
                         : [n] "+b"(n), [co] "=r"(ctr)
                         : [c] "r"(counts[i])
                         : "ctr");
        rt_printf("bdnz loop ctr=%lx: iterations=%lu ctr=%lx\n", counts[i], n, ctr);
    }
    /* bdnzf: also leaves the loop when the CR bit becomes true */
    for (uint64_t stop = 0; stop < 4; stop++) {
        uint64_t n = 0, ctr;
        __asm__ volatile("mtctr %[c]\n1:\taddi %[n],%[n],1\n\tcmpd 3,%[n],%[s]\n\t"
                         "bdnzf 14,1b\n\tmfctr %[co]"
                         : [n] "+b"(n), [co] "=r"(ctr)
                         : [c] "r"(10UL), [s] "r"(stop * 3)
                         : "ctr", "cr3");
        rt_printf("bdnzf loop ctr=10 stop-at=%lu: iterations=%lu ctr=%lx\n", stop * 3, n, ctr);
    }
}

static int called;
static void __attribute__((noinline)) callee(void)
{
    called++;
}

static void calls(void)
{
    void (*volatile fp)(void) = callee;
    called = 0;
    fp();
    fp();
    rt_printf("indirect calls: %d\n", called);
    /* a conditional call: bcl with BO=12 (branch if true) */
    for (int c = 0; c < 2; c++) {
        uint64_t r;
        __asm__ volatile("mtcrf 0xff,%[p]\n\tli %[r],0\n\tbcl 12,13,1f\n\tb 2f\n"
                         "1:\taddi %[r],%[r],1\n\tblr\n"
                         "2:"
                         : [r] "=&b"(r)
                         : [p] "r"(c ? BI_SET : 0UL)
                         : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7", "lr");
        rt_printf("conditional call cr3.eq=%d: called=%lu\n", c, r);
    }
}

void test_main(void)
{
    ALL_BO(DO_BC)
    ALL_BO(DO_BC_NOLINK)
    ALL_BO(DO_BCLR)
    ALL_BO(DO_BCLRL)
    CTR_BO(DO_BCCTR)
    ctr_loops();
    calls();
}
