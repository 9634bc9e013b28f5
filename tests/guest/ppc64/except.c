/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Interrupts in privileged state: program checks (illegal, trap), sc, alignment, storage, facility unavailable. */
#include "t.h"
#include "rt-mark.h"

/*
 * Each case prints the vector, whether SRR0 is the architected address
 * (the instruction, or the next one for sc), the SRR1 cause bits (33:36,
 * 42:47) and the SRR1 MSR bits this runtime controls (SF EE PR FP ME IR DR
 * LE), and DAR/DSISR where Power ISA v3.0B Book III 7.5 defines them.
 */
static uint8_t buf[64] __attribute__((aligned(64)));

static void report(const char *what, uint64_t next_ok)
{
    if (!rt_trap.count) {
        rt_printf("%s: no interrupt\n", what);
        return;
    }
    const char *where = rt_trap_where();
    rt_printf("%s: vec=0x%lx srr0=%s srr1.cause=%08lx srr1.msr=%016lx count=%lu", what,
              rt_trap.vec, where, rt_trap.srr1 & SRR1_CAUSE_MASK, rt_trap.srr1 & SRR1_MSR_MASK,
              rt_trap.count);
    (void)next_ok;
    if (rt_trap.vec == 0x300 || rt_trap.vec == 0x600) {
        uint64_t dar = rt_trap.dar, b = (uintptr_t)buf;
        if (dar >= b && dar < b + sizeof(buf)) {
            rt_printf(" dar=buf+%lu", dar - b);
        } else {
            rt_printf(" dar=%016lx", dar);
        }
    }
    if (rt_trap.vec == 0x300) {
        rt_printf(" dsisr=%08lx", rt_trap.dsisr & 0xffffffff);
    }
    rt_putc('\n');
}

/* --- program interrupts in privileged state --- */

#define SUPERVISOR_CASE(what, text)                                                       \
    do {                                                                                  \
        uint64_t mark_tmp;                                                                \
        rt_catch(RT_CATCH_SKIP);                                                          \
        __asm__ volatile(MARK text : MARK_OUT : MARK_IN : "lr", "memory");                \
        rt_catch(RT_CATCH_OFF);                                                           \
        report(what, 0);                                                                  \
    } while (0)

static void illegal(void)
{
    SUPERVISOR_CASE("illegal 0x00000000", ".long 0x00000000");
    /* primary opcode 1 is the ISA 3.1 prefix: reserved on POWER9 */
    SUPERVISOR_CASE("illegal opcode 1", ".long 0x04000000");
    /* primary opcode 31 with an unassigned extended opcode (1014 is dcbz; 1022 is free) */
    SUPERVISOR_CASE("illegal 31/1022", ".long 0x7c0007fc");
    SUPERVISOR_CASE("illegal opcode 5", ".long 0x14000000");
}

/* Trap instructions: TO bits lt gt eq <u >u (Book I 3.3.11). */
#define TRAP(mn, to, a, b)                                                                \
    do {                                                                                  \
        uint64_t mark_tmp;                                                                \
        rt_catch(RT_CATCH_SKIP);                                                          \
        __asm__ volatile(MARK mn " " #to ",%[ra],%[rb]"                                   \
                         : MARK_OUT                                                       \
                         : MARK_IN, [ra] "r"(a), [rb] "r"(b)                              \
                         : "lr", "memory");                                               \
        rt_catch(RT_CATCH_OFF);                                                           \
        rt_printf("%s %d %016lx %016lx: trapped=%lu", mn, to, (uint64_t)(a), (uint64_t)(b), \
                  rt_trap.count);                                                         \
        if (rt_trap.count) {                                                              \
            rt_printf(" vec=0x%lx srr0=%s srr1.cause=%08lx", rt_trap.vec,                  \
                      rt_trap.srr0 == insn_pc ? "insn" : "other",                         \
                      rt_trap.srr1 & SRR1_CAUSE_MASK);                                    \
        }                                                                                 \
        rt_putc('\n');                                                                    \
    } while (0)

#define TRAP_TOS(mn, a, b)                                                                \
    TRAP(mn, 0, a, b);                                                                    \
    TRAP(mn, 1, a, b);                                                                    \
    TRAP(mn, 2, a, b);                                                                    \
    TRAP(mn, 4, a, b);                                                                    \
    TRAP(mn, 8, a, b);                                                                    \
    TRAP(mn, 16, a, b);                                                                   \
    TRAP(mn, 24, a, b);                                                                   \
    TRAP(mn, 3, a, b);                                                                    \
    TRAP(mn, 31, a, b);

#define TRAPI(mn, to, a, imm)                                                             \
    do {                                                                                  \
        uint64_t mark_tmp;                                                                \
        rt_catch(RT_CATCH_SKIP);                                                          \
        __asm__ volatile(MARK mn " " #to ",%[ra]," #imm                                   \
                         : MARK_OUT                                                       \
                         : MARK_IN, [ra] "r"(a)                                           \
                         : "lr", "memory");                                               \
        rt_catch(RT_CATCH_OFF);                                                           \
        rt_printf("%s %d %016lx %d: trapped=%lu\n", mn, to, (uint64_t)(a), imm,            \
                  rt_trap.count);                                                         \
    } while (0)

static void traps(void)
{
    static const uint64_t pairs[][2] = {
        { 1, 2 }, { 2, 1 }, { 5, 5 }, { 0xffffffffffffffffUL, 1 },
        { 0xffffffff00000001UL, 1 }, { 0x80000000UL, 0x7fffffffUL },
    };
    for (unsigned i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        uint64_t a = pairs[i][0], b = pairs[i][1];
        TRAP_TOS("tw", a, b)
        TRAP_TOS("td", a, b)
    }
    static const uint64_t ivals[] = { 0, 5, 0xfffffffffffffffbUL, 0x100000005UL };
    for (unsigned i = 0; i < sizeof(ivals) / sizeof(ivals[0]); i++) {
        uint64_t a = ivals[i];
        TRAPI("twi", 4, a, 5);
        TRAPI("twi", 16, a, -5);
        TRAPI("twi", 1, a, -5);
        TRAPI("tdi", 4, a, 5);
        TRAPI("tdi", 8, a, -5);
        TRAPI("tdi", 2, a, 5);
    }
}

/* --- system call --- */

static void system_call(void)
{
    uint64_t mark_tmp, r3;
    rt_catch(RT_CATCH_SKIP);
    __asm__ volatile("li 3,0x1234\n\tli 0,77\n\t" MARK "sc\n\tmr %[r3],3"
                     : MARK_OUT, [r3] "=r"(r3)
                     : MARK_IN
                     : "r0", "r3", "lr", "memory");
    rt_catch(RT_CATCH_OFF);
    report("sc", 0);
    rt_printf("sc preserves r3: %d\n", r3 == 0x1234);
}

/* --- alignment and storage --- */

#define MEM_CASE(what, text, addr)                                                        \
    do {                                                                                  \
        uint64_t mark_tmp, out_ = 0;                                                      \
        rt_catch(RT_CATCH_SKIP);                                                          \
        __asm__ volatile(MARK text                                                        \
                         : MARK_OUT, [o] "+&r"(out_)                                      \
                         : MARK_IN, [a] "b"(addr), [v] "r"(0x5555555555555555UL)          \
                         : "lr", "memory", "cr0");                                        \
        rt_catch(RT_CATCH_OFF);                                                           \
        report(what, 0);                                                                  \
    } while (0)

static void alignment(void)
{
    /*
     * larx needs a naturally aligned EA (Book II 4.4.2: the alignment error
     * handler is invoked or the results are boundedly undefined); POWER9 and
     * QEMU take an Alignment interrupt. stcx. is left out: without a
     * reservation QEMU fails it before looking at the address, which the
     * same rule allows.
     */
    MEM_CASE("lharx buf+1", "lharx %[o],0,%[a]", buf + 1);
    MEM_CASE("lwarx buf+2", "lwarx %[o],0,%[a]", buf + 2);
    MEM_CASE("ldarx buf+4", "ldarx %[o],0,%[a]", buf + 4);
    MEM_CASE("lwarx buf+4 (aligned)", "lwarx %[o],0,%[a]", buf + 4);
}

/*
 * Real mode beyond the 512 MiB of RAM. The ISA leaves this to the platform;
 * QEMU's pseries takes no interrupt, reads 0 and drops the store. modvm is
 * expected to do the same; an interrupt is reported with its SRR1/DAR/DSISR.
 */
static void storage(void)
{
    uint64_t mark_tmp, out = 0x1111;
    rt_catch(RT_CATCH_SKIP);
    __asm__ volatile(MARK "ld %[o],0(%[a])"
                     : MARK_OUT, [o] "+&r"(out)
                     : MARK_IN, [a] "b"(0x40000000UL)
                     : "lr", "memory");
    rt_catch(RT_CATCH_OFF);
    rt_printf("ld 0x40000000: value=%016lx ", out);
    report("", 0);
    MEM_CASE("std 0x40000000", "std %[v],0(%[a])", (uint8_t *)0x40000000UL);
}

/* --- facility unavailable --- */

static void facilities(void)
{
    uint64_t msr = rt_mfmsr();

    rt_mtmsrd(msr & ~(uint64_t)(MSR_FP | MSR_VEC | MSR_VSX));
    SUPERVISOR_CASE("fmr with MSR[FP]=0", "fmr 0,0");
    SUPERVISOR_CASE("vor with MSR[VEC]=0", ".long 0x10000484");        /* vor 0,0,0 */
    SUPERVISOR_CASE("xxlor with MSR[VSX]=0", ".long 0xf0000490");      /* xxlor 0,0,0 */
    rt_mtmsrd(msr | MSR_FP | MSR_VEC | MSR_VSX);
    SUPERVISOR_CASE("fmr with MSR[FP]=1", "fmr 0,0");
    SUPERVISOR_CASE("vor with MSR[VEC]=1", ".long 0x10000484");
    SUPERVISOR_CASE("xxlor with MSR[VSX]=1", ".long 0xf0000490");
    rt_mtmsrd(msr);
}

void test_main(void)
{
    illegal();
    traps();
    system_call();
    alignment();
    storage();
    facilities();
}
