/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Radix translation as a pseries guest: CAS, H_REGISTER_PROC_TBL, a tree, loads, stores, faults. */
#include "t.h"

/*
 * The way Linux gets radix on pseries: ibm,client-architecture-support
 * asks for it (option vector 5 byte 24 bit 1, GTSE byte 26 bit 1; LoPAR
 * B.6.2.3), then H_REGISTER_PROC_TBL registers a process table (PAPR
 * 14.5.4.x). The tables are as Power ISA 3.0B Book III 5.7.6 and 5.7.10
 * lay them out, big-endian: PID 1's tree maps quadrant 0, PID 0's
 * quadrant 3 (EA 0xc...). The tree has the POWER9 shape (13, 9, 9, 9 or 5
 * bits). Interrupts are taken in real mode, where the runtime lives.
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
#define H_REGISTER_PROC_TBL 0x37c
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

#define PTE_V (1UL << 63)
#define PTE_L (1UL << 62)
#define PTE_R (1UL << 8)
#define PTE_C (1UL << 7)
#define EAA_PRIV 0x8UL
#define EAA_R 0x4UL
#define EAA_RW 0x2UL
#define EAA_X 0x1UL
#define USER_RWX (EAA_RW | EAA_X | EAA_R)

extern char __image_start[], __image_end[];
static uint8_t page_64k[65536] __attribute__((aligned(65536)));
static uint8_t page_ro[4096] __attribute__((aligned(4096)));
static uint32_t page_nx[1024] __attribute__((aligned(4096)));
static uint8_t page_priv[4096] __attribute__((aligned(4096)));
static uint64_t page_a[512] __attribute__((aligned(4096)));
static uint64_t page_b[512] __attribute__((aligned(4096)));
static volatile uint64_t insn_pc;
static uint64_t pool = TABLES + 0x10000;
static uint64_t swap_pte, pte_64k;

/* What CAS did, kept for test_main (the output before the begin marker is not compared). */
static int cas_ci = -1;
static uint32_t cas_catch = 0xffffffff, cas_ret = 0xffffffff;
static uint8_t vec5[32];
static int vec5_len = -1;

static inline uint64_t be64(uint64_t v)
{
#if defined(__LITTLE_ENDIAN__)
    return __builtin_bswap64(v);
#else
    return v;
#endif
}

static void put64(uint64_t pa, uint64_t v)
{
    *(volatile uint64_t *)pa = be64(v);
}

static uint64_t get64(uint64_t pa)
{
    return be64(*(volatile uint64_t *)pa);
}

/* The CAS vector: a PVR list (POWER9's logical PVR), then option vectors 1..5. */
static uint8_t cas_vec[128] __attribute__((aligned(8)));

static uint32_t ci_open(const char *path)
{
    uint32_t a[1] = { (uint32_t)(uintptr_t)path }, r[1] = { 0 };
    return rt_ci("open", 1, 1, a, r) ? 0 : r[0];
}

void test_early(void)
{
    uint8_t *p = cas_vec;
    uint32_t ih, chosen;
    static const uint32_t pvrs[] = { 0xffffffff, 0x0f000005, 0x00000000, 0xffffffff };

    for (unsigned i = 0; i < 4; i++) {
        uint32_t be = rt_be32(pvrs[i]);
        memcpy(p, &be, 4);
        p += 4;
    }
    *p++ = 4;                       /* five vectors */
    *p++ = 2;                       /* vector 1, 3 bytes: ISA 2.00 .. 3.00 */
    *p++ = 0x80;
    *p++ = 0x00;
    *p++ = 0x80;
    for (int v = 2; v <= 4; v++) {  /* vectors 2..4: one zero byte each */
        *p++ = 0;
        *p++ = 0;
    }
    *p++ = 25;                      /* vector 5, 26 bytes */
    memset(p, 0, 26);
    p[24 - 1] = 0x40;               /* byte 24: radix (ISA 3.00) */
    p[26 - 1] = 0x40;               /* byte 26: guest translation shootdown */
    ih = ci_open("/");
    if (ih) {
        uint32_t a[3] = { (uint32_t)(uintptr_t)"ibm,client-architecture-support", ih,
                          (uint32_t)(uintptr_t)cas_vec };
        uint32_t r[2] = { 0, 0 };
        cas_ci = rt_ci("call-method", 3, 2, a, r);
        cas_catch = r[0];
        cas_ret = r[1];
    }
    {
        uint32_t a[1] = { (uint32_t)(uintptr_t)"/chosen" }, r[1] = { 0 };
        chosen = rt_ci("finddevice", 1, 1, a, r) ? 0 : r[0];
    }
    if (chosen && chosen != 0xffffffff) {
        uint32_t a[4] = { chosen, (uint32_t)(uintptr_t)"ibm,architecture-vec-5",
                          (uint32_t)(uintptr_t)vec5, sizeof(vec5) };
        uint32_t r[1] = { 0 };
        if (!rt_ci("getprop", 4, 1, a, r)) {
            vec5_len = (int32_t)r[0];
        }
    }
}

/* A directory of 2^nls entries from the pool, aligned to its size, zeroed. */
static uint64_t dir_alloc(unsigned nls)
{
    uint64_t size = 8UL << nls, a = (pool + size - 1) & ~(size - 1);

    pool = a + size;
    memset((void *)a, 0, size);
    return a;
}

/* Process table entry of @pid: RTS 52 (RTS1 = 2, RTS2 = 5), its root of 13 bits. */
static uint64_t new_tree(unsigned pid)
{
    uint64_t root = dir_alloc(13);

    put64(PRTB + 16 * pid, (2UL << 61) | root | (5UL << 5) | 13);
    put64(PRTB + 16 * pid + 8, 0);
    return root;
}

/* The leaf for the 2^shift page at @ea (shift 30, 21, 16 or 12); returns where it is. */
static uint64_t map(uint64_t root, uint64_t ea, uint64_t pa, unsigned shift, uint64_t flags)
{
    static const unsigned nls[] = { 13, 9, 9, 9 };
    uint64_t table = root;
    unsigned left = 52;

    for (int level = 0;; level++) {
        unsigned bits = level == 3 && shift == 16 ? 5 : nls[level];
        uint64_t slot, e;

        left -= bits;
        slot = table + 8 * ((ea >> left) & ((1UL << bits) - 1));
        if (left == shift) {
            put64(slot, PTE_V | PTE_L | pa | flags);
            return slot;
        }
        e = get64(slot);
        if (!(e & PTE_V)) {
            unsigned next = level + 1 == 3 && shift == 16 ? 5 : nls[level + 1];
            e = PTE_V | dir_alloc(next) | next;
            put64(slot, e);
        }
        table = e & 0x0fffffffffffff00UL;
    }
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
    __asm__ volatile("ptesync" : : : "memory");

    /* Register: MODIFY|REGISTER|RADIX|GTSE, PRTS 0 (4K). Malformed ones first. */
    rt_printf("register misaligned: %ld\n", rt_hcall(H_REGISTER_PROC_TBL, 0x1d, PRTB + 8, 0, 0));
    rt_printf("register page size: %ld\n", rt_hcall(H_REGISTER_PROC_TBL, 0x1d, PRTB, 1, 0));
    rt_printf("register table size: %ld\n", rt_hcall(H_REGISTER_PROC_TBL, 0x1d, PRTB, 0, 25));
    rc = rt_hcall(H_REGISTER_PROC_TBL, 0x1d, PRTB, 0, 0);
    rt_printf("register radix: %ld\n", rc);
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
    const char *where = rt_trap.srr0 == insn_pc ? "insn" :
                        rt_trap.srr0 == insn_pc + 4 ? "insn+4" : "other";
    rt_printf(" vec=0x%lx srr0=%s srr1.cause=%08lx srr1.msr=%016lx", rt_trap.vec, where,
              rt_trap.srr1 & SRR1_CAUSE_MASK, rt_trap.srr1 & SRR1_MSR_MASK);
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

/* Records the address of the instruction that follows in insn_pc. */
#define MARK "bcl 20,31,1f\n1:\tmflr %[m]\n\taddi %[m],%[m],2f-1b\n\tstd %[m],0(%[pc])\n2:\t"

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
    rt_printf("cas: ci=%d catch=%u ret=%u\n", cas_ci, cas_catch, cas_ret);
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
}
