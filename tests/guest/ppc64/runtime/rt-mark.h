/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The instruction under test, for programs that check where an interrupt
 * left SRR0: MARK, at the start of an asm statement, stores the address of
 * the instruction that follows it in insn_pc (operands MARK_OUT and
 * MARK_IN, with "lr" clobbered); MARK16 also aligns that instruction to 16
 * bytes, so that no prefixed instruction of a case sits at 60 mod 64 unless
 * the case puts it there.
 */
#ifndef RT_MARK_H
#define RT_MARK_H

#include "rt.h"

static volatile uint64_t insn_pc;

#define MARK "bcl 20,31,1f\n1:\tmflr %[m]\n\taddi %[m],%[m],2f-1b\n\tstd %[m],0(%[pc])\n2:\t"
#define MARK16 "bcl 20,31,1f\n1:\tmflr %[m]\n\taddi %[m],%[m],2f-1b\n\tstd %[m],0(%[pc])\n\t" \
               ".balign 16\n2:\t"
#define MARK_OUT [m] "=&b"(mark_tmp)
#define MARK_IN [pc] "b"(&insn_pc)

/* Where the last interrupt's SRR0 points: "insn" (the marked one), "insn+4" or "other". */
static inline const char *rt_trap_where(void)
{
    return rt_trap.srr0 == insn_pc ? "insn" : rt_trap.srr0 == insn_pc + 4 ? "insn+4" : "other";
}

/* " vec=0x... srr0=insn srr1.cause=... srr1.msr=...": the last interrupt, without a newline. */
static inline void rt_print_trap(void)
{
    rt_printf(" vec=0x%lx srr0=%s srr1.cause=%08lx srr1.msr=%016lx", rt_trap.vec, rt_trap_where(),
              rt_trap.srr1 & SRR1_CAUSE_MASK, rt_trap.srr1 & SRR1_MSR_MASK);
}

#endif
