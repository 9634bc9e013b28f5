/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Transactional memory with the facility off (pseries cap-htm=off): every TM instruction's interrupt. */
#include "t.h"
#include "rt-mark.h"

/*
 * MSR[TM] is 0 (the runtime never sets it, and a cap-htm=off pseries does
 * not offer it): each TM instruction takes the Facility Unavailable
 * interrupt (0xf60) with FSCR[IC] = 0x05, TM (Power ISA v3.0B Book III
 * 7.5.22 "Facility Unavailable Interrupt" and Book II chapter 5,
 * "Transactional Memory Facility"). (treclaim. and trechkpt. are
 * privileged; this program runs in hypervisor state.) Each case prints the vector, SRR0 (the instruction or not), the
 * SRR1 cause bits, FSCR[IC] and CR0 (which must be unchanged).
 */

static void report(const char *what, uint32_t cr)
{
    uint64_t fscr = rt_mfspr(153);

    if (!rt_trap.count) {
        rt_printf("%s: no interrupt cr=%08x\n", what, cr);
        return;
    }
    rt_printf("%s: vec=0x%lx srr0=%s srr1.cause=%08lx fscr.ic=%02lx cr=%08x\n", what,
              rt_trap.vec, rt_trap.srr0 == insn_pc ? "insn" : "other",
              rt_trap.srr1 & SRR1_CAUSE_MASK, fscr >> 56, cr);
}

#define CASE(text)                                                                        \
    do {                                                                                  \
        uint64_t mark_tmp;                                                                \
        uint32_t cr;                                                                      \
        rt_mtspr(153, 0);                                                                 \
        rt_catch(RT_CATCH_SKIP);                                                          \
        __asm__ volatile("li 0,0\n\tmtcrf 0xff,0\n\tli 4,4\n\tli 5,5\n\t" MARK text        \
                         "\n\tmfcr %[cr]"                                                 \
                         : [m] "=&b"(mark_tmp), [cr] "=r"(cr)                             \
                         : [pc] "b"(&insn_pc)                                             \
                         : "r0", "r4", "r5", "lr", "cr0", "cr1", "cr2", "memory");         \
        rt_catch(RT_CATCH_OFF);                                                           \
        report(text, cr);                                                                 \
    } while (0)

static void supervisor(void)
{
    CASE("tbegin. 0");
    CASE("tbegin. 1");
    CASE("tend. 0");
    CASE("tend. 1");
    CASE("tabort. 4");
    CASE("tabortwc. 0,4,5");
    CASE("tabortdc. 12,4,5");
    CASE("tabortwci. 0,4,-3");
    CASE("tabortdci. 31,4,7");
    CASE("tcheck 2");
    CASE("treclaim. 4");
    CASE("trechkpt.");
    CASE("tsr. 0");
    CASE("tsr. 1");
}

void test_main(void)
{
    rt_printf("msr.tm=%lu\n", (rt_mfmsr() >> 32) & 1);
    supervisor();
}
