/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Radix translation as a pseries guest: CAS, H_REGISTER_PROC_TBL, a tree, loads, stores, faults. */
#include "t.h"
#include "rt-mark.h"
#include "rt-radix.h"

/*
 * Radix as Linux gets it on pseries (see rt-radix.h): CAS, then
 * H_REGISTER_PROC_TBL. PID 1's tree maps quadrant 0, PID 0's quadrant 3
 * (EA 0xc...). Interrupts are taken in real mode, where the runtime lives.
 *
 *   quadrant 0 (PID 1)
 *     the program image        1:1, 4K pages, user read/write/execute
 *     EA_64K    0x10000000     a 64K page (its 2M has only 64K pages: NLS 5)
 *     EA_RO     0x10400000     4K read-only
 *     EA_NX     0x10401000     4K read/write, no execute
 *     EA_PRIV   0x10402000     4K privileged
 *     EA_NONE   0x10403000     no leaf
 *     EA_SWAP   0x10404000     4K, remapped then tlbie
 *     EA_2M     0x10200000     a 2M page
 *   quadrant 3 (PID 0)
 *     0xc000000000000000       1G at real 0, privileged (Linux's linear map)
 */
#define TABLES 0x08000000UL          /* 1M of RAM for the tables, well above the image */
#define PRTB TABLES
#define PAGE_2M 0x0a000000UL         /* real address of the 2M page */
#define EA_64K 0x10000000UL
#define EA_RO 0x10400000UL
#define EA_NX 0x10401000UL
#define EA_PRIV 0x10402000UL
#define EA_NONE 0x10403000UL
#define EA_SWAP 0x10404000UL
#define EA_2M 0x10200000UL
#define Q3 0xc000000000000000UL

#define PTE_V RT_PTE_V
#define PTE_L RT_PTE_L
#define PTE_R RT_PTE_R
#define PTE_C RT_PTE_C
#define EAA_PRIV RT_EAA_PRIV
#define EAA_R RT_EAA_R
#define EAA_RW RT_EAA_RW
#define EAA_X RT_EAA_X
#define USER_RWX (EAA_RW | EAA_X | EAA_R)

extern char __image_start[], __image_end[];
static uint8_t page_64k[65536] __attribute__((aligned(65536)));
static uint8_t page_ro[4096] __attribute__((aligned(4096)));
static uint32_t page_nx[1024] __attribute__((aligned(4096)));
static uint8_t page_priv[4096] __attribute__((aligned(4096)));
static uint64_t page_a[512] __attribute__((aligned(4096)));
static uint64_t page_b[512] __attribute__((aligned(4096)));
static uint64_t swap_pte, pte_64k;

/* What CAS did, kept for test_main (the output before the begin marker is not compared). */
static int cas_ci = -1;
static uint32_t cas_ret = 0xffffffff;
static uint8_t vec5[32];
static int vec5_len = -1;

static struct rt_radix radix = { PRTB, TABLES + 0x10000 };

static uint64_t get64(uint64_t pa)
{
    return rt_get64(pa);
}

static void put64(uint64_t pa, uint64_t v)
{
    rt_put64(pa, v);
}

void rt_early(void)
{
    uint32_t chosen, a[4], r[1] = { 0 };

    cas_ci = rt_radix_cas(&cas_ret);
    a[0] = (uint32_t)(uintptr_t)"/chosen";
    chosen = rt_ci("finddevice", 1, 1, a, r) ? 0 : r[0];
    if (chosen && chosen != 0xffffffff) {
        a[0] = chosen;
        a[1] = (uint32_t)(uintptr_t)"ibm,architecture-vec-5";
        a[2] = (uint32_t)(uintptr_t)vec5;
        a[3] = sizeof(vec5);
        if (!rt_ci("getprop", 4, 1, a, r)) {
            vec5_len = (int32_t)r[0];
        }
    }
}

static uint64_t new_tree(unsigned pid)
{
    return rt_radix_tree(&radix, pid);
}

static uint64_t map(uint64_t root, uint64_t ea, uint64_t pa, unsigned shift, uint64_t flags)
{
    return rt_radix_map(&radix, root, ea, pa, shift, flags);
}

static int mmu_setup(void)
{
    uint64_t user = new_tree(1), kernel = new_tree(0);
    long rc;

    for (uint64_t a = (uintptr_t)__image_start & ~0xfffUL; a < (uintptr_t)__image_end; a += 4096) {
        map(user, a, a, 12, USER_RWX | PTE_R | PTE_C);
    }
    pte_64k = map(user, EA_64K, (uintptr_t)page_64k, 16, USER_RWX);
    map(user, EA_RO, (uintptr_t)page_ro, 12, EAA_R | PTE_R);
    map(user, EA_NX, (uintptr_t)page_nx, 12, EAA_RW | PTE_R | PTE_C);
    map(user, EA_PRIV, (uintptr_t)page_priv, 12, EAA_PRIV | EAA_RW | EAA_X | PTE_R | PTE_C);
    swap_pte = map(user, EA_SWAP, (uintptr_t)page_a, 12, USER_RWX | PTE_R | PTE_C);
    map(user, EA_2M, PAGE_2M, 21, USER_RWX | PTE_R | PTE_C);
    map(kernel, Q3, 0, 30, EAA_PRIV | USER_RWX | PTE_R | PTE_C);

    for (unsigned i = 0; i < sizeof(page_ro); i++) {
        page_ro[i] = (uint8_t)i;
    }
    for (unsigned i = 0; i < 512; i++) {
        page_a[i] = 0xaaaa000000000000UL | i;
        page_b[i] = 0xbbbb000000000000UL | i;
    }
    *(volatile uint64_t *)(page_64k + 0xfff8) = 0x6464646464646464UL;
    *(volatile uint64_t *)(PAGE_2M + 0x1ffff8) = 0x2222222222222222UL;
    page_nx[0] = 0x4e800020;        /* blr */
    rt_sync_icache(page_nx, 4);
    rt_mtspr(48, 1);                /* PIDR */

    /* Register: MODIFY|REGISTER|RADIX|GTSE, PRTS 0 (4K). Malformed ones first. */
    rt_printf("register misaligned: %ld\n", rt_hcall(RT_H_REGISTER_PROC_TBL, 0x1d, PRTB + 8, 0, 0));
    rt_printf("register page size: %ld\n", rt_hcall(RT_H_REGISTER_PROC_TBL, 0x1d, PRTB, 1, 0));
    rt_printf("register table size: %ld\n", rt_hcall(RT_H_REGISTER_PROC_TBL, 0x1d, PRTB, 0, 25));
    rc = rt_radix_register(&radix);
    rt_printf("register radix: %ld\n", rc);
    /* Keep the registration: of the same kind only. */
    rt_printf("register keep hash: %ld\n", rt_hcall(RT_H_REGISTER_PROC_TBL, 0x00, 0, 0, 0));
    rt_printf("register keep radix: %ld\n", rt_hcall(RT_H_REGISTER_PROC_TBL, 0x05, 0, 0, 0));
    /* The radix hcalls of PAPR that a GTSE guest does not need (QEMU's TCG has neither). */
    rt_printf("h_clean_slb: %ld\n", rt_hcall(0x374, 0, 0, 0, 0));
    rt_printf("h_invalidate_pid: %ld\n", rt_hcall(0x378, 1, 0, 0, 0));
    rt_printf("pidr: %lu\n", rt_mfspr(48));
    return rc == H_SUCCESS;
}

static void report(const char *what, long r)
{
    rt_printf("%s: result=%lx", what, r == RT_USER_ABORTED ? -1L : r);
    if (!rt_trap.count) {
        rt_printf(" no interrupt\n");
        return;
    }
    rt_print_trap();
    if (rt_trap.vec == 0x400 || rt_trap.vec == 0x480) {
        extern char __image_start[], __image_end[];
        /* The program's own code moves with every build: say so rather than where. */
        if (rt_trap.srr0 >= (uintptr_t)__image_start && rt_trap.srr0 < (uintptr_t)__image_end) {
            rt_printf(" srr0=program-image");
        } else {
            rt_printf(" srr0=%016lx", rt_trap.srr0);
        }
    }
    if (rt_trap.vec == 0x300 || rt_trap.vec == 0x380) {
        rt_printf(" dar=%016lx", rt_trap.dar);
    }
    if (rt_trap.vec == 0x300) {
        rt_printf(" dsisr=%08lx", rt_trap.dsisr & 0xffffffff);
    }
    rt_putc('\n');
}

/* Loads @ea (in arg) into the result, or stores arg's low bits there. */
static long t_load(long ea)
{
    uint64_t m_, v;
    __asm__ volatile(MARK "ld %[v],0(%[ea])" : [m] "=&b"(m_), [v] "=r"(v)
                     : [pc] "b"(&insn_pc), [ea] "b"(ea) : "lr", "memory");
    return (long)v;
}

static long t_store(long ea)
{
    uint64_t m_;
    __asm__ volatile(MARK "std %[ea],0(%[ea])" : [m] "=&b"(m_)
                     : [pc] "b"(&insn_pc), [ea] "b"(ea) : "lr", "memory");
    return 0;
}

static long t_jump(long ea)
{
    uint64_t m_;
    __asm__ volatile("mtctr %[ea]\n\t" MARK "bctrl" : [m] "=&b"(m_)
                     : [pc] "b"(&insn_pc), [ea] "b"(ea) : "lr", "ctr", "memory", "r0", "r11");
    return 0x5a;
}

#ifdef RADIX_POWER10
/*
 * ISA 3.1 prefixed loads and stores that fault (Book III 7.5.2, Data
 * Storage): DAR is the whole EA, base plus the 34-bit displacement, DSISR
 * as for the non-prefixed form, SRR0 the prefix, and SRR1[34] set. The
 * prefix sits 16-byte aligned after the mark, so never at 60 mod 64.
 */
static long t_pld(long ea)
{
    uint64_t m_, v;
    __asm__ volatile(MARK16 "pld %[v],0(%[ea]),0" : [m] "=&b"(m_), [v] "=r"(v)
                     : [pc] "b"(&insn_pc), [ea] "b"(ea) : "lr", "memory");
    return (long)v;
}

/* The base is 4 GiB below @ea: only the displacement brings it back. */
static long t_pld_far(long ea)
{
    uint64_t m_, v;
    __asm__ volatile(MARK16 "pld %[v],0x100000000(%[ea]),0" : [m] "=&b"(m_), [v] "=r"(v)
                     : [pc] "b"(&insn_pc), [ea] "b"(ea - 0x100000000L) : "lr", "memory");
    return (long)v;
}

static long t_pstd(long ea)
{
    uint64_t m_;
    __asm__ volatile(MARK16 "pstd %[ea],0(%[ea]),0" : [m] "=&b"(m_)
                     : [pc] "b"(&insn_pc), [ea] "b"(ea) : "lr", "memory");
    return 0;
}

static long t_plwz(long ea)
{
    uint64_t m_, v;
    __asm__ volatile(MARK16 "plwz %[v],0(%[ea]),0" : [m] "=&b"(m_), [v] "=r"(v)
                     : [pc] "b"(&insn_pc), [ea] "b"(ea) : "lr", "memory");
    return (long)v;
}
#endif

static long (*volatile target)(long);
static volatile long target_arg;

static long call_target(long unused)
{
    (void)unused;
    return target(target_arg);
}

static void run(const char *what, long (*fn)(long), long arg, uint64_t msr)
{
    rt_mtspr(22, 0x7fffffff);   /* MSR[EE] comes with MSR[PR]: keep the decrementer quiet */
    insn_pc = 0;
    target = fn;
    target_arg = arg;
    rt_catch(RT_CATCH_ABORT_USER);
    long r = rt_run_mode(call_target, 0, rt_user_stack_top, msr);
    rt_catch(RT_CATCH_OFF);
    report(what, r);
}

static void both(const char *what, long (*fn)(long), long arg)
{
    static char buf[96];
    static const uint64_t modes[] = { MSR_IR | MSR_DR, MSR_PR };

    for (int k = 0; k < 2; k++) {
        unsigned n = 0;
        for (const char *s = what; *s && n < sizeof(buf) - 16; s++) {
            buf[n++] = *s;
        }
        memcpy(buf + n, k ? " (user)" : " (priv)", 8);
        run(buf, fn, arg, modes[k]);
    }
}

static void tlbie_page(uint64_t ea, uint64_t pid)
{
    /* RB: EPN, IS=0, AP=0 (4K); RS: PID; RIC=0 PRS=1 R=1 (Book III 5.9.3.3) */
    __asm__ volatile("ptesync\n\ttlbie %0,%1,0,1,1\n\teieio\n\ttlbsync\n\tptesync"
                     : : "r"(ea & ~0xfffUL), "r"(pid << 32) : "memory");
}

void test_main(void)
{
    rt_printf("cas: ci=%d ret=%u\n", cas_ci, cas_ret);
    rt_printf("cas: architecture-vec-5 length %d", vec5_len);
    /* vec5[0] is the length - 1, then bytes 1, 2, ... */
    if (vec5_len > 26) {
        rt_printf(" byte24=%02x byte26=%02x", vec5[24], vec5[26]);
    } else if (vec5_len > 24) {
        rt_printf(" byte24=%02x", vec5[24]);
    }
    rt_putc('\n');
    if (!mmu_setup()) {
        return;
    }
    both("load 64K page", t_load, EA_64K + 0xfff8);
    both("load 2M page", t_load, EA_2M + 0x1ffff8);
    both("load 4K image page", t_load, (long)(uintptr_t)&page_a[3]);
    both("load read-only page", t_load, EA_RO + 8);
    both("store read-only page", t_store, EA_RO + 8);
    both("load privileged page", t_load, EA_PRIV + 16);
    both("store privileged page", t_store, EA_PRIV + 16);
    both("load no leaf", t_load, EA_NONE + 32);
    both("store no leaf", t_store, EA_NONE + 32);
    both("load quadrant 1", t_load, 0x4000000000001000L);
    both("store quadrant 2", t_store, (long)0x8000000000001000UL);
    both("load beyond the 52-bit tree", t_load, 0x0010000000000000L);
    both("load quadrant 3 linear map", t_load, (long)(Q3 + (uintptr_t)&page_b[5]));
    both("jump to no-execute page", t_jump, EA_NX);
    both("jump to privileged page", t_jump, EA_PRIV);
    both("jump to no leaf", t_jump, EA_NONE);
    both("jump to quadrant 1", t_jump, 0x4000000000002000L);

    /* The 64K page was mapped without R and C: the hardware records them (Book III 5.7.12). */
    rt_printf("64K page after loads: R=%lu C=%lu\n", (get64(pte_64k) & PTE_R) >> 8,
              (get64(pte_64k) & PTE_C) >> 7);
    run("store 64K page", t_store, EA_64K + 0x100, MSR_IR | MSR_DR);
    rt_printf("64K page after a store: R=%lu C=%lu\n", (get64(pte_64k) & PTE_R) >> 8,
              (get64(pte_64k) & PTE_C) >> 7);

    /* A PTE changed: after tlbie the new page is seen. */
    run("before remap", t_load, EA_SWAP + 8 * 7, MSR_IR | MSR_DR);
    put64(swap_pte, PTE_V | PTE_L | (uintptr_t)page_b | USER_RWX | PTE_R | PTE_C);
    tlbie_page(EA_SWAP, 1);
    run("after remap and tlbie", t_load, EA_SWAP + 8 * 7, MSR_IR | MSR_DR);
    /* Unmapped: the next access faults. */
    put64(swap_pte, 0);
    tlbie_page(EA_SWAP, 1);
    run("after unmap and tlbie", t_load, EA_SWAP + 8 * 7, MSR_IR | MSR_DR);

    /*
     * Another PID: quadrant 0 is that process's. PID 2's entry is zero, not
     * a tree of a shape POWER9 has: the first fetch faults.
     */
    rt_mtspr(48, 2);
    __asm__ volatile("isync" : : : "memory");
    run("pid 2 (no tree) fetch", t_load, (long)(Q3 + (uintptr_t)&page_b[9]), MSR_IR | MSR_DR);
    rt_mtspr(48, 1);
    __asm__ volatile("isync" : : : "memory");
    run("pid 1 again", t_load, (long)(uintptr_t)&page_b[9], MSR_IR | MSR_DR);
#ifdef RADIX_POWER10
    both("pld 64K page", t_pld, EA_64K + 0xfff8);
    both("pld no leaf", t_pld, EA_NONE + 32);
    both("pld 34-bit displacement, no leaf", t_pld_far, EA_NONE + 40);
    both("pstd no leaf", t_pstd, EA_NONE + 48);
    both("pstd read-only page", t_pstd, EA_RO + 8);
    both("plwz privileged page", t_plwz, EA_PRIV + 4);
    both("pld quadrant 1", t_pld, 0x4000000000001000L);
#endif
}
