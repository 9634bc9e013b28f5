/* SPDX-License-Identifier: GPL-2.0-or-later */
/* HPT resizing: H_RESIZE_HPT_PREPARE and H_RESIZE_HPT_COMMIT (as QEMU 7.2 and Linux have them), with translation on. */
#include "rt.h"

/*
 * The program image and a data page are mapped with bolted 4K HPTEs
 * (H_ENTER, the pre-ISA-3.0 format) in one 256 MiB segment, as user.c
 * does; one more page is mapped with an entry that is not bolted. The
 * table then grows and shrinks: the bolted entries must be found where
 * the MMU looks for them in the new table (H_READ), translated loads must
 * still work, and the other entry must be gone.
 *
 * Every entry is in its primary group: QEMU 7.2 stops on an assertion
 * (rehash_hpte) when it moves a bolted entry of a secondary group, so
 * those are left to the unit test (test-hcall.c, /spapr/hcall/resize-hpt).
 */
#define VSID 0x1234UL
#define EA_DATA 0x08000000UL
#define EA_LOOSE 0x0b000000UL
#define EA_PAIR0 0x0c000000UL

#define H_ENTER 0x08
#define H_READ 0x0c
#define H_RESIZE_HPT_PREPARE 0x36c
#define H_RESIZE_HPT_COMMIT 0x370
#define H_EXACT (1UL << (63 - 24))

#define HPTE_V_VALID 0x1UL
#define HPTE_V_SECONDARY 0x2UL
#define HPTE_V_BOLTED 0x10UL
#define HPTE_V_SOFT 0x60UL          /* software bits: not compared */
#define HPTE_R_RC 0x180UL
#define HPTE_R_M 0x10UL
#define HPTE_R_PP_RW 0x2UL

extern char __image_start[], __image_end[];
static uint64_t data_page[512] __attribute__((aligned(4096)));
static uint64_t loose_page[512] __attribute__((aligned(4096)));
static uint64_t pair_page[512] __attribute__((aligned(4096)));
static unsigned hpt_shift;

static uint64_t hash_of(uint64_t ea)
{
    return VSID ^ ((ea & 0x0fffffffUL) >> 12);
}

static uint64_t pteh_of(uint64_t ea, uint64_t flags)
{
    return ((((VSID << 28) | (ea & 0x0fffffffUL)) >> 23) << 7) | flags | HPTE_V_VALID;
}

static uint64_t pteg_mask(void)
{
    return (1UL << (hpt_shift - 7)) - 1;
}

/* H_ENTER into the primary group (or the secondary), slot @slot with H_EXACT, else the first free. */
static long enter(uint64_t ea, uint64_t pa, uint64_t vflags, int secondary, int slot)
{
    uint64_t group = (secondary ? ~hash_of(ea) : hash_of(ea)) & pteg_mask();

    return rt_hcall(H_ENTER, slot >= 0 ? H_EXACT : 0, group * 8 + (slot >= 0 ? slot : 0),
                    pteh_of(ea, vflags | (secondary ? HPTE_V_SECONDARY : 0)),
                    (pa & ~0xfffUL) | HPTE_R_RC | HPTE_R_M | HPTE_R_PP_RW);
}

/* Which slot of its group (primary or secondary) holds the entry for @ea; -1 if none. */
static int find(uint64_t ea, int secondary)
{
    uint64_t group = (secondary ? ~hash_of(ea) : hash_of(ea)) & pteg_mask();
    uint64_t want = pteh_of(ea, secondary ? HPTE_V_SECONDARY : 0);
    register uint64_t r3 __asm__("r3"), r4 __asm__("r4"), r5 __asm__("r5");

    for (int slot = 0; slot < 8; slot++) {
        r3 = H_READ;
        r4 = 0;
        r5 = group * 8 + slot;
        __asm__ volatile("sc 1" : "+r"(r3), "+r"(r4), "+r"(r5)
                         : : "r0", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "ctr", "xer",
                             "cr0", "cr1", "cr5", "cr6", "cr7", "memory");
        if (r3 == 0 && (r4 & ~(HPTE_V_SOFT | HPTE_V_BOLTED)) == want) {
            return slot;
        }
    }
    return -1;
}

static long load_data(long arg)
{
    return (long)*(volatile uint64_t *)(EA_DATA + 8 * arg);
}

static long load_loose(long arg)
{
    return (long)*(volatile uint64_t *)(EA_LOOSE + 8 * arg);
}

static long load_pair(long arg)
{
    return (long)*(volatile uint64_t *)(EA_PAIR0 + 8 * arg);
}

/* A translated load in privileged state: its value, or the interrupt it took. */
static void translated(const char *what, long (*fn)(long))
{
    long r;

    rt_mtspr(22, 0x7fffffff);
    rt_catch(RT_CATCH_ABORT_USER);
    r = rt_run_mode(fn, 3, rt_user_stack_top, MSR_IR | MSR_DR);
    rt_catch(RT_CATCH_OFF);
    if (rt_trap.count) {
        rt_printf("%s: interrupt 0x%lx dar %016lx\n", what, rt_trap.vec, rt_trap.dar);
    } else {
        rt_printf("%s: %016lx\n", what, (unsigned long)r);
    }
}

/* H_RESIZE_HPT_PREPARE until it is no longer "busy": the first and the last answer. */
static long prepare(unsigned shift)
{
    long first = rt_hcall(H_RESIZE_HPT_PREPARE, 0, shift, 0, 0), rc = first;
    int tries = 0;

    while (rc >= 9900 && rc <= 9905 && tries++ < 1000000) {
        rc = rt_hcall(H_RESIZE_HPT_PREPARE, 0, shift, 0, 0);
    }
    rt_printf("prepare %u: first %ld, then %ld\n", shift, first, rc);
    return rc;
}

static void commit(unsigned shift)
{
    long rc = rt_hcall(H_RESIZE_HPT_COMMIT, 0, shift, 0, 0);

    rt_printf("commit %u: %ld\n", shift, rc);
    if (rc == 0) {
        hpt_shift = shift;
    }
}

static void check(const char *when)
{
    int image_ok = 1;

    for (uintptr_t a = (uintptr_t)__image_start & ~0xfffUL; a < (uintptr_t)__image_end;
         a += 4096) {
        image_ok &= find(a, 0) >= 0;
    }
    rt_printf("-- %s (shift %u)\n", when, hpt_shift);
    rt_printf("image entries found: %s\n", image_ok ? "all" : "not all");
    rt_printf("data entry: slot %d; slot-5 entry: slot %d; loose entry: slot %d\n",
              find(EA_DATA, 0), find(EA_PAIR0, 0), find(EA_LOOSE, 0));
    translated("translated load of the data page", load_data);
    translated("translated load of the slot-5 page", load_pair);
}

void test_main(void)
{
    long bad = 0;

    hpt_shift = rt_boot.hpt_shift;
    rt_printf("ibm,pft-size shift: %u\n", hpt_shift);
    if (hpt_shift < 18) {
        return;
    }
#ifdef RESIZE_DISABLED
    /* -machine resize-hpt=disabled: the calls are refused whatever they ask. */
    rt_printf("prepare: %ld\n", rt_hcall(H_RESIZE_HPT_PREPARE, 0, hpt_shift + 1, 0, 0));
    rt_printf("prepare bad flags: %ld\n", rt_hcall(H_RESIZE_HPT_PREPARE, 1, 99, 0, 0));
    rt_printf("commit: %ld\n", rt_hcall(H_RESIZE_HPT_COMMIT, 0, hpt_shift + 1, 0, 0));
    return;
#endif
    for (uintptr_t a = (uintptr_t)__image_start & ~0xfffUL; a < (uintptr_t)__image_end;
         a += 4096) {
        bad |= enter(a, a, HPTE_V_BOLTED, 0, -1);
    }
    data_page[3] = 0x1111222233334444UL;
    loose_page[3] = 0x5555666677778888UL;
    pair_page[3] = 0x99990000aaaabbbbUL;
    bad |= enter(EA_DATA, (uintptr_t)data_page, HPTE_V_BOLTED, 0, -1);
    bad |= enter(EA_PAIR0, (uintptr_t)pair_page, HPTE_V_BOLTED, 0, 5);
    bad |= enter(EA_LOOSE, (uintptr_t)loose_page, 0, 0, -1);
    /* slbmte RS=VSID||Ks=0,Kp=1, RB=ESID 0||V||entry 0 (Book III 5.7.8.2) */
    __asm__ volatile("slbia\n\tslbmte %0,%1\n\tisync"
                     : : "r"((VSID << 12) | 0x400UL), "r"(0x08000000UL) : "memory");
    rt_printf("mmu setup: %s\n", bad ? "H_ENTER failed" : "ok");
    if (bad) {
        return;
    }
    /*
     * The loose page is not loaded before a commit: QEMU 7.2 keeps the TLB
     * entry of a translation the commit dropped (modvm flushes the TLBs),
     * which would make the answer depend on what the TLB held.
     */
    check("before");

    /* Arguments refused: flags, shifts out of 18..46 or above RAM's + 1, commits without a prepare. */
    rt_printf("prepare flags 1: %ld\n", rt_hcall(H_RESIZE_HPT_PREPARE, 1, hpt_shift, 0, 0));
    rt_printf("prepare 17: %ld\n", rt_hcall(H_RESIZE_HPT_PREPARE, 0, 17, 0, 0));
    rt_printf("prepare 47: %ld\n", rt_hcall(H_RESIZE_HPT_PREPARE, 0, 47, 0, 0));
    rt_printf("prepare -1: %ld\n", rt_hcall(H_RESIZE_HPT_PREPARE, 0, -1UL, 0, 0));
    rt_printf("prepare shift+2: %ld\n", rt_hcall(H_RESIZE_HPT_PREPARE, 0, hpt_shift + 2, 0, 0));
    rt_printf("prepare 0 (cancel, none pending): %ld\n",
              rt_hcall(H_RESIZE_HPT_PREPARE, 0, 0, 0, 0));
    rt_printf("commit without prepare: %ld\n", rt_hcall(H_RESIZE_HPT_COMMIT, 0, hpt_shift, 0, 0));

    /* Grow by one. */
    prepare(hpt_shift + 1);
    rt_printf("commit flags 1: %ld\n", rt_hcall(H_RESIZE_HPT_COMMIT, 1, hpt_shift + 1, 0, 0));
    rt_printf("commit another shift: %ld\n", rt_hcall(H_RESIZE_HPT_COMMIT, 0, hpt_shift, 0, 0));
    commit(hpt_shift + 1);
    rt_printf("commit again: %ld\n", rt_hcall(H_RESIZE_HPT_COMMIT, 0, hpt_shift, 0, 0));
    check("grown");
    translated("translated load of the loose page", load_loose);

    /* Shrink by two. */
    prepare(hpt_shift - 2);
    commit(hpt_shift - 2);
    check("shrunk");

    /* Cancel, replace. */
    prepare(hpt_shift + 1);
    rt_printf("prepare 0 (cancel): %ld\n", rt_hcall(H_RESIZE_HPT_PREPARE, 0, 0, 0, 0));
    rt_printf("commit after cancel: %ld\n",
              rt_hcall(H_RESIZE_HPT_COMMIT, 0, hpt_shift + 1, 0, 0));
    prepare(hpt_shift + 1);
    prepare(hpt_shift);
    rt_printf("commit the replaced one: %ld\n",
              rt_hcall(H_RESIZE_HPT_COMMIT, 0, hpt_shift + 1, 0, 0));
    commit(hpt_shift);
    check("same size");

    /*
     * Two bolted entries in slot 7 of groups that become one when the
     * table halves: the commit fails with H_PTEG_FULL and the table stays.
     */
    {
        uint64_t half = (pteg_mask() + 1) / 2;
        uint64_t ea1 = EA_DATA + 0x100000UL, ea2 = ea1 ^ (half << 12);
        rt_printf("collision entries: %ld %ld\n", enter(ea1, (uintptr_t)data_page, HPTE_V_BOLTED, 0, 7),
                  enter(ea2, (uintptr_t)data_page, HPTE_V_BOLTED, 0, 7));
        prepare(hpt_shift - 1);
        commit(hpt_shift - 1);
        rt_printf("commit again: %ld\n", rt_hcall(H_RESIZE_HPT_COMMIT, 0, hpt_shift - 1, 0, 0));
        rt_printf("collision entries after: slot %d, slot %d\n", find(ea1, 0), find(ea2, 0));
        check("after the failed commit");
    }
}
