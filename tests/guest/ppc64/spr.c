/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtspr/mfspr of the user and supervisor SPRs a pseries guest has, priority nops, bctar, time base. */
#include "t.h"

/*
 * Each SPR gets a few values written and read back, masked to the bits
 * Power ISA v3.0B Book I/III (and the POWER9 user's manual for the
 * implementation-specific widths) define. Left out because QEMU 7.2 does
 * not model them as a pseries guest sees them on hardware: the problem-state
 * DSCR alias (spr 3, unimplemented there) and AMR (reads back 0).
 */
#define SPR_RW(name, n, mask, v)                                                          \
    do {                                                                                  \
        rt_mtspr(n, v);                                                                   \
        uint64_t r_ = rt_mfspr(n);                                                        \
        rt_printf("%s (spr %d) <- %016lx: %016lx\n", name, n, (uint64_t)(v),               \
                  r_ & (uint64_t)(mask));                                                 \
    } while (0)

static const uint64_t pattern[] = { 0, 0xffffffffffffffffUL, 0x123456789abcdef0UL,
                                    0x8000000000000001UL };

static void user_sprs(void)
{
    for (unsigned i = 0; i < 4; i++) {
        uint64_t v = pattern[i];
        SPR_RW("xer", 1, XER_DEFINED, v);
        SPR_RW("lr", 8, ~0UL, v);
        SPR_RW("ctr", 9, ~0UL, v);
        /* VRSAVE is 32 bits */
        SPR_RW("vrsave", 256, 0xffffffffUL, v);
        /* TAR bits 62:63 are reserved (Book I 2.3.4) */
        SPR_RW("tar", 815, ~3UL, v);
        /* DSCR: POWER9 implements bits 39:63 */
        SPR_RW("dscr", 17, 0x1ffffffUL, v & 0x1ffffffUL);
        /* PPR: the priority is bits 11:13 */
        SPR_RW("ppr", 896, 0x001c000000000000UL, (v & 0x000c000000000000UL) | 0x0008000000000000UL);
    }
    /* SPRG3 has a read-only user alias (spr 259) */
    rt_mtspr(275, 0x0badc0ffee0ddf00dUL);
    rt_printf("sprg3 via 259: %016lx\n", rt_mfspr(259));
    /* CTRL: written through spr 152, read through 136; RUN is bit 63 */
    rt_mtspr(152, 0);
    rt_printf("ctrl run=0: %lx\n", rt_mfspr(136) & 1);
    rt_mtspr(152, 1);
    rt_printf("ctrl run=1: %lx\n", rt_mfspr(136) & 1);
}

/* or Rx,Rx,Rx priority nops set PPR[PRI] (Book II 3.2, Book III 4.3.4). */
#define PRIO(n)                                                                           \
    do {                                                                                  \
        __asm__ volatile("or " #n "," #n "," #n ::: "memory");                            \
        rt_printf("or %d,%d,%d: ppr.pri=%lu\n", n, n, n, (rt_mfspr(896) >> 50) & 7);       \
    } while (0)

static void priorities(void)
{
    rt_mtspr(896, 0x0010000000000000UL);    /* medium (4) */
    PRIO(31);
    PRIO(1);
    PRIO(6);
    PRIO(2);
    PRIO(5);
    PRIO(3);
    rt_mtspr(896, 0x0010000000000000UL);
}

static void supervisor_sprs(void)
{
    for (unsigned i = 0; i < 4; i++) {
        uint64_t v = pattern[i];
        SPR_RW("srr0", 26, ~0UL, v);
        SPR_RW("srr1", 27, ~0UL, v & ~SRR1_CAUSE_MASK);
        SPR_RW("sprg0", 272, ~0UL, v);
        SPR_RW("sprg1", 273, ~0UL, v);
        SPR_RW("sprg2", 274, ~0UL, v);
        SPR_RW("sprg3", 275, ~0UL, v);
        SPR_RW("dar", 19, ~0UL, v);
        SPR_RW("dsisr", 18, 0xffffffffUL, v);
    }
    rt_printf("pvr: %08lx\n", rt_mfspr(287));
    rt_printf("pir: %lx\n", rt_mfspr(1023));
    /* the decrementer counts down; 0x7fffffff keeps it from firing (MSR[EE] is 0 anyway) */
    rt_mtspr(22, 0x7fffffff);
    uint64_t d1 = rt_mfspr(22);
    for (volatile int i = 0; i < 1000; i++) {
    }
    uint64_t d2 = rt_mfspr(22);
    rt_printf("dec counts down: %d\n", d2 < d1 && d1 <= 0x7fffffff && d1 > 0x70000000);
}

static void time_base(void)
{
    uint64_t t1, t2, u;
    __asm__ volatile("mftb %0" : "=r"(t1));
    for (volatile int i = 0; i < 1000; i++) {
    }
    __asm__ volatile("mftb %0" : "=r"(t2));
    __asm__ volatile("mfspr %0,269" : "=r"(u));
    rt_printf("tb increases: %d\n", t2 > t1);
    rt_printf("tbu is tb[0:31]: %d\n", (u == (t2 >> 32)) || (u == (t2 >> 32) + 1));
}

/* bctar (BO=20) and a conditional bctarl */
static void branch_to_tar(void)
{
    uint64_t taken, lr_ok, tmp;
    __asm__ volatile("bcl 20,31,0f\n0:\tmflr %[t]\n\taddi %[t],%[t],1f-0b\n\tmtspr 815,%[t]\n\t"
                     "li %[t],0\n\tbctar 20,0\n\tb 2f\n1:\tli %[t],1\n2:"
                     : [t] "=&b"(taken)
                     :
                     : "lr");
    rt_printf("bctar 20: taken=%lu\n", taken);
    for (int c = 0; c < 2; c++) {
        __asm__ volatile("mtcrf 0xff,%[p]\n\tbcl 20,31,0f\n0:\tmflr %[t]\n\t"
                         "addi %[t],%[t],1f-0b\n\tmtspr 815,%[t]\n\t"
                         "li %[t],0\n\tbctarl 12,13\n3:\tb 2f\n1:\tli %[t],1\n"
                         "2:\tmflr %[l]\n\tbcl 20,31,4f\n4:\tmflr %[x]\n\taddi %[x],%[x],3b-4b\n\t"
                         "subf %[l],%[x],%[l]"
                         : [t] "=&b"(taken), [l] "=&r"(lr_ok), [x] "=&b"(tmp)
                         : [p] "r"(c ? 0x00040000UL : 0UL)
                         : "lr", "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7");
        rt_printf("bctarl 12,13 cr3.eq=%d: taken=%lu lr-ok=%d\n", c, taken, lr_ok == 0);
    }
}

void test_main(void)
{
    user_sprs();
    priorities();
    supervisor_sprs();
    time_base();
    branch_to_tar();
}
