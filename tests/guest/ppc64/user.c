/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Problem state and translation: privileged ops from user mode, sc, DSI/ISI/segment interrupts. */
#include "t.h"
#include "rt-mark.h"

/*
 * MSR[PR]=1 also sets MSR[EE], MSR[IR] and MSR[DR] (Power ISA v3.0B Book
 * III 4.2.1), so problem state needs an address space. We build one the
 * pseries way: hash page table entries through H_ENTER (PAPR 14.5.4.1.1,
 * the pre-ISA-3.0 HPTE format) and one 256 MiB segment through slbmte:
 *   EA 0 .. 256M      segment 0, VSID below; the program image mapped 1:1 (4K pages)
 *   EA 0x08000000     a read-only page
 *   EA 0x0a000000     a no-execute page
 *   EA 0x09000000     in the segment, no page
 *   EA 0x10000000     no segment
 * Interrupts are taken in real mode (LPCR[AIL]=0), where the runtime lives.
 */
#define VSID 0x1234UL
#define EA_RO 0x08000000UL
#define EA_UNMAPPED 0x09000000UL
#define EA_NX 0x0a000000UL
#define EA_NOSEG 0x10000000UL
#define H_ENTER 0x08

#define HPTE_V_VALID 0x1UL
#define HPTE_R_N 0x4UL
#define HPTE_R_RC 0x180UL           /* referenced, changed: no updates needed */
#define HPTE_R_M 0x10UL             /* WIMG=0010, what PAPR wants for memory */
#define HPTE_R_PP_RW 0x2UL          /* PP=0b10: read/write for either key */
#define HPTE_R_PP_RO 0x3UL          /* PP=0b11: read-only for either key */

extern char __image_start[], __image_end[];
static uint8_t ro_page[4096] __attribute__((aligned(4096)));
static uint32_t nx_page[1024] __attribute__((aligned(4096)));
static int mmu_ok = 1;

static long h_enter(uint64_t ea, uint64_t pa, uint64_t rflags)
{
    uint64_t shift = rt_boot.hpt_shift ? rt_boot.hpt_shift : 18;
    uint64_t mask = (1UL << (shift - 7)) - 1;                    /* PTEGs of 128 bytes */
    uint64_t hash = (VSID & 0x7fffffffffUL) ^ ((ea & 0x0fffffffUL) >> 12);
    uint64_t va = (VSID << 28) | (ea & 0x0fffffffUL);
    uint64_t pteh = ((va >> 23) << 7) | HPTE_V_VALID;
    uint64_t ptel = (pa & ~0xfffUL) | HPTE_R_RC | HPTE_R_M | rflags;
    return rt_hcall(H_ENTER, 0, (hash & mask) * 8, pteh, ptel);
}

static void mmu_setup(void)
{
    long bad = 0;
    for (uintptr_t a = (uintptr_t)__image_start & ~0xfffUL; a < (uintptr_t)__image_end; a += 4096) {
        bad |= h_enter(a, a, HPTE_R_PP_RW);
    }
    bad |= h_enter(EA_RO, (uintptr_t)ro_page, HPTE_R_PP_RO);
    bad |= h_enter(EA_NX, (uintptr_t)nx_page, HPTE_R_PP_RW | HPTE_R_N);
    /* slbmte RS=VSID||Kp, RB=ESID 0||V||entry 0 (Book III 5.7.8.2) */
    __asm__ volatile("slbia\n\tslbmte %0,%1\n\tisync"
                     : : "r"((VSID << 12) | 0x400UL), "r"(0x08000000UL) : "memory");
    rt_printf("mmu setup: %s\n", bad ? "H_ENTER failed" : "ok");
    mmu_ok = !bad;
    for (unsigned i = 0; i < sizeof(ro_page); i++) {
        ro_page[i] = (uint8_t)i;
    }
    /* blr */
    nx_page[0] = 0x4e800020;
    rt_sync_icache(nx_page, 4);
}

static void report(const char *what, long r)
{
    rt_printf("%s: result=%ld", what, r == RT_USER_ABORTED ? -1L : r);
    if (!rt_trap.count) {
        rt_printf(" no interrupt\n");
        return;
    }
    rt_print_trap();
    if (rt_trap.vec == 0x400 || rt_trap.vec == 0x480) {
        rt_printf(" srr0=%016lx", rt_trap.srr0);
    }
    if (rt_trap.vec == 0x300 || rt_trap.vec == 0x380) {
        rt_printf(" dar=%016lx", rt_trap.dar);
    }
    if (rt_trap.vec == 0x300) {
        rt_printf(" dsisr=%08lx", rt_trap.dsisr & 0xffffffff);
    }
    rt_putc('\n');
}


/* setup, then the instruction under test */
#define USER_FN2(name, setup, text)                                                       \
    static long name(long arg)                                                            \
    {                                                                                     \
        uint64_t m_;                                                                      \
        __asm__ volatile(setup "\n\t" MARK text : [m] "=&b"(m_) : [pc] "b"(&insn_pc)      \
                         : "lr", "memory", "r0", "r11", "ctr");                           \
        return arg + 1;                                                                   \
    }
#define USER_FN(name, text) USER_FN2(name, "", text)

USER_FN(u_nothing, "nop")
USER_FN(u_mfmsr, "mfmsr 0")
USER_FN2(u_mtmsrd, "li 0,0", "mtmsrd 0,1")
USER_FN(u_mfsrr0, "mfspr 0,26")
USER_FN(u_mtsprg0, "mtspr 272,0")
USER_FN(u_mfdec, "mfspr 0,22")
USER_FN(u_rfid, "rfid")
USER_FN(u_illegal, ".long 0")
USER_FN(u_trap, "tw 31,0,0")
USER_FN(u_sprg3, "mfspr 0,259")
USER_FN(u_mftb, "mftb 0")
USER_FN(u_ppr_low, "or 1,1,1")
USER_FN2(u_sc, "li 0,99", "sc")
USER_FN2(u_load_unmapped, "lis 11,0x0900", "ld 11,0(11)")
USER_FN2(u_store_unmapped, "lis 11,0x0900", "std 11,8(11)")
USER_FN2(u_load_ro, "lis 11,0x0800", "ld 11,8(11)")
USER_FN2(u_store_ro, "lis 11,0x0800", "std 11,8(11)")
USER_FN2(u_load_noseg, "lis 11,0x1000", "ld 11,0(11)")
USER_FN2(u_jump_unmapped, "lis 11,0x0900\n\tmtctr 11", "bctrl")
USER_FN2(u_jump_noseg, "lis 11,0x1000\n\tmtctr 11", "bctrl")
USER_FN2(u_jump_nx, "lis 11,0x0a00\n\tmtctr 11", "bctrl")

#ifdef COMPAT_POWER8
/*
 * Built with -DCOMPAT_POWER8 it runs on POWER9 under max-cpu-compat=power8:
 * PCR[v2.07] makes the ISA 3.0 instructions illegal in problem state
 * (Book III "Processor Compatibility Register"; docs/isa31-book3.md, "The
 * PCR"), not in supervisor state. r9's value is not compared: darn's is random.
 */
#define COMPAT_FN(name, text)                                                             \
    static long name(long arg)                                                            \
    {                                                                                     \
        uint64_t m_;                                                                      \
        __asm__ volatile("li 9,3\n\tli 10,5\n\t" MARK text                                \
                         : [m] "=&b"(m_) : [pc] "b"(&insn_pc)                             \
                         : "lr", "memory", "r9", "r10", "cr0", "v0", "vs0");              \
        return arg + 1;                                                                   \
    }
COMPAT_FN(u_addpcis, "addpcis 9,0")
COMPAT_FN(u_cnttzd, "cnttzd 9,9")
COMPAT_FN(u_maddld, "maddld 9,9,10,9")
COMPAT_FN(u_darn, "darn 9,1")
COMPAT_FN(u_cmpeqb, "cmpeqb 0,9,10")
COMPAT_FN(u_xsmaxcdp, "xsmaxcdp 0,1,2")
COMPAT_FN(u_popcntd, "popcntd 9,9")
COMPAT_FN(u_vpmsumd, "vpmsumd 0,1,2")
#endif

static void call(const char *what, long (*fn)(long), uint64_t msr, enum rt_catch_mode mode)
{
    rt_mtspr(22, 0x7fffffff);   /* MSR[EE] comes with MSR[PR]: keep the decrementer quiet */
    insn_pc = 0;
    rt_catch(mode);
    long r = rt_run_mode(fn, 41, rt_user_stack_top, msr);
    rt_catch(RT_CATCH_OFF);
    report(what, r);
}

static long u_ro_value(long arg)
{
    (void)arg;
    return *(volatile uint64_t *)(EA_RO + 8);
}

void test_main(void)
{
    mmu_setup();
    if (!mmu_ok) {
        return;
    }
#ifdef COMPAT_POWER8
    {
        static const struct { const char *user, *sup; long (*fn)(long); } insns[] = {
            { "user addpcis", "supervisor addpcis", u_addpcis },
            { "user cnttzd", "supervisor cnttzd", u_cnttzd },
            { "user maddld", "supervisor maddld", u_maddld },
            { "user darn", "supervisor darn", u_darn },
            { "user cmpeqb", "supervisor cmpeqb", u_cmpeqb },
            { "user xsmaxcdp", "supervisor xsmaxcdp", u_xsmaxcdp },
            { "user popcntd (2.06)", "supervisor popcntd (2.06)", u_popcntd },
            { "user vpmsumd (2.07)", "supervisor vpmsumd (2.07)", u_vpmsumd },
        };
        uint64_t fac = MSR_FP | MSR_VEC | MSR_VSX;

        for (unsigned i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
            call(insns[i].user, insns[i].fn, MSR_PR | fac, RT_CATCH_ABORT_USER);
            call(insns[i].sup, insns[i].fn, MSR_IR | MSR_DR | fac, RT_CATCH_ABORT_USER);
        }
    }
#endif
    call("user nop", u_nothing, MSR_PR, RT_CATCH_ABORT_USER);
    call("user mfmsr", u_mfmsr, MSR_PR, RT_CATCH_ABORT_USER);
    call("user mtmsrd", u_mtmsrd, MSR_PR, RT_CATCH_ABORT_USER);
    call("user mfspr srr0", u_mfsrr0, MSR_PR, RT_CATCH_ABORT_USER);
    call("user mtspr sprg0", u_mtsprg0, MSR_PR, RT_CATCH_ABORT_USER);
    call("user mfspr dec", u_mfdec, MSR_PR, RT_CATCH_ABORT_USER);
    call("user rfid", u_rfid, MSR_PR, RT_CATCH_ABORT_USER);
    call("user illegal", u_illegal, MSR_PR, RT_CATCH_ABORT_USER);
    call("user tw 31", u_trap, MSR_PR, RT_CATCH_ABORT_USER);
    call("user mfspr sprg3 (259)", u_sprg3, MSR_PR, RT_CATCH_ABORT_USER);
    call("user mftb", u_mftb, MSR_PR, RT_CATCH_ABORT_USER);
    call("user sc", u_sc, MSR_PR, RT_CATCH_SKIP);
    /* or 1,1,1 is allowed in problem state; or 31,31,31 is a no-op there */
    rt_mtspr(896, 0x0010000000000000UL);
    call("user or 1,1,1", u_ppr_low, MSR_PR, RT_CATCH_ABORT_USER);
    rt_printf("user or 1,1,1: ppr.pri=%lu\n", (rt_mfspr(896) >> 50) & 7);
    rt_mtspr(896, 0x0010000000000000UL);

    /* storage interrupts, in problem state and translated privileged state */
    static const uint64_t modes[] = { MSR_PR, MSR_IR | MSR_DR };
    for (int k = 0; k < 2; k++) {
        uint64_t m = modes[k];
        rt_printf("-- %s\n", m == MSR_PR ? "problem state" : "privileged, translated");
        call("load unmapped page", u_load_unmapped, m, RT_CATCH_ABORT_USER);
        call("store unmapped page", u_store_unmapped, m, RT_CATCH_ABORT_USER);
        call("load read-only page", u_load_ro, m, RT_CATCH_ABORT_USER);
        call("store read-only page", u_store_ro, m, RT_CATCH_ABORT_USER);
        call("read-only page value", u_ro_value, m, RT_CATCH_ABORT_USER);
        call("load without segment", u_load_noseg, m, RT_CATCH_ABORT_USER);
        call("jump to unmapped page", u_jump_unmapped, m, RT_CATCH_ABORT_USER);
        call("jump without segment", u_jump_noseg, m, RT_CATCH_ABORT_USER);
        call("jump to no-execute page", u_jump_nx, m, RT_CATCH_ABORT_USER);
    }
}
