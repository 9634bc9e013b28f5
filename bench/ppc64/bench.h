/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every benchmark program shares: the timebase, the result line, an HPT address space. */
#ifndef BENCH_H
#define BENCH_H

#include "rt.h"

/*
 * BENCH_QUICK (bench/run.py --quick) shrinks every workload for a smoke run.
 * BENCH_MMU=1 runs the workload with instruction and data relocation on,
 * through the hashed page table; BENCH_MMU=2 the same through a radix tree.
 */
#ifndef BENCH_MMU
#define BENCH_MMU 0
#endif

#ifdef BENCH_QUICK
#define BENCH_SCALE(full, quick) (quick)
#else
#define BENCH_SCALE(full, quick) (full)
#endif

/* Free RAM above the image (linked at 4 MiB) and below the firmware's top of RMA. */
#define BENCH_ARENA 0x02000000UL
#define BENCH_ARENA_SIZE 0x08000000UL     /* 128 MiB: fits -m 512M and segment 0 */

static inline uint64_t bench_mftb(void)
{
    uint64_t v;
    __asm__ volatile("mftb %0" : "=r"(v) : : "memory");
    return v;
}

/*
 * The line run.py reads: the checksum both emulators must agree on and the
 * guest time in timebase ticks (512 MHz on pseries, modvm's and QEMU's).
 */
static inline void bench_report(const char *what, uint64_t checksum, uint64_t ticks)
{
    rt_printf("bench %s checksum=%016lx ticks=%lu tbfreq=512000000\n", what, checksum, ticks);
}

/*
 * One 256 MiB segment (ESID 0) and 4 KiB pages mapped 1:1 through H_ENTER
 * (PAPR 14.5.4.1.1), as tests/guest/ppc64/user.c does: the image and the arena.
 */
#define BENCH_VSID 0x4321UL

static inline long bench_h_enter(uint64_t ea)
{
    uint64_t shift = rt_boot.hpt_shift ? rt_boot.hpt_shift : 18;
    uint64_t mask = (1UL << (shift - 7)) - 1;
    uint64_t hash = (BENCH_VSID & 0x7fffffffffUL) ^ ((ea & 0x0fffffffUL) >> 12);
    uint64_t va = (BENCH_VSID << 28) | (ea & 0x0fffffffUL);
    uint64_t pteh = ((va >> 23) << 7) | 1;              /* valid */
    uint64_t ptel = (ea & ~0xfffUL) | 0x180 | 0x10 | 0x2;  /* R C, M, PP=0b10 */
    return rt_hcall(0x08 /* H_ENTER */, 0, (hash & mask) * 8, pteh, ptel);
}

static inline int bench_map(uint64_t start, uint64_t end)
{
    for (uint64_t a = start & ~0xfffUL; a < end; a += 4096) {
        if (bench_h_enter(a) != H_SUCCESS) {
            rt_printf("H_ENTER failed at %lx\n", a);
            return 0;
        }
    }
    return 1;
}

extern char __image_start[], __image_end[];

#if BENCH_MMU == 2
#include "rt-radix.h"

/* Radix: CAS asks for it (before the runtime takes over low memory); 4K pages, PID 0. */
#define BENCH_RADIX_TABLES 0x0c000000UL
static uint32_t bench_cas_ret = 0xffffffff;

void test_early(void)
{
    rt_radix_cas(&bench_cas_ret);
}

static inline void bench_setup(uint64_t arena_bytes)
{
    static struct rt_radix x = { BENCH_RADIX_TABLES, BENCH_RADIX_TABLES + 0x10000 };
    uint64_t root = rt_radix_tree(&x, 0);
    uint64_t rwx = RT_EAA_R | RT_EAA_RW | RT_EAA_X | RT_PTE_R | RT_PTE_C;

    for (uint64_t a = (uintptr_t)__image_start & ~0xfffUL; a < (uintptr_t)__image_end; a += 4096) {
        rt_radix_map(&x, root, a, a, 12, rwx);
    }
    for (uint64_t a = BENCH_ARENA; a < BENCH_ARENA + arena_bytes; a += 4096) {
        rt_radix_map(&x, root, a, a, 12, rwx);
    }
    rt_mtspr(48, 0);
    if (bench_cas_ret || rt_radix_register(&x) != H_SUCCESS) {
        rt_abort("cannot register the radix tree");
    }
}
#else
/* With BENCH_MMU, builds the address space: the image and arena_bytes of the arena. */
static inline void bench_setup(uint64_t arena_bytes)
{
#if BENCH_MMU
    if (!bench_map((uintptr_t)__image_start, (uintptr_t)__image_end) ||
        !bench_map(BENCH_ARENA, BENCH_ARENA + arena_bytes)) {
        rt_abort("cannot map");
    }
    __asm__ volatile("slbia\n\tslbmte %0,%1\n\tisync"
                     : : "r"((BENCH_VSID << 12) | 0x400UL), "r"(0x08000000UL) : "memory");
#else
    (void)arena_bytes;
#endif
}
#endif

/* Runs fn(arg): with relocation on (privileged, MSR[IR] and MSR[DR]) if BENCH_MMU. */
static inline long bench_run(long (*fn)(long), long arg)
{
#if BENCH_MMU
    rt_mtspr(22, 0x7fffffff);
    return rt_run_mode(fn, arg, rt_user_stack_top, MSR_IR | MSR_DR);
#else
    return fn(arg);
#endif
}

/* Sets up, runs and times fn(arg) and prints the result line. */
static inline void bench_main(const char *what, long (*fn)(long), long arg, uint64_t arena_bytes)
{
    bench_setup(arena_bytes);
    uint64_t t0 = bench_mftb();
    long r = bench_run(fn, arg);
    uint64_t t1 = bench_mftb();
    bench_report(what, (uint64_t)r, t1 - t0);
}

#endif
