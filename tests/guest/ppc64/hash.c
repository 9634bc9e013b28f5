/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Power ISA v3.1B fixed-point hash instructions (Book I "Fixed-Point Hash
 * Instructions"): hashst, hashchk, hashstp, hashchkp and their keys
 * HASHKEYR (SPR 468) and HASHPKEYR (SPR 469). The stored hash for several
 * keys and (RA, RB) pairs, read back with ld (MEM(EA, 8) is in the guest's
 * byte order); hashchk passing and trapping; the displacements -8 and
 * -512; RA=0; an unaligned EA; the keys' access rules; problem state; a
 * DSI on an unmapped EA. Built with -DHASH_ON_POWER9 it runs on POWER9,
 * where QEMU 7.2 executes the four instructions as no-ops (not illegal,
 * even for RA=0 or the privileged forms in problem state) and SPRs 468
 * and 469 are undefined.
 */
#include "t.h"
#include "rt-mark.h"

/*
 * The 64 doublewords a hash instruction can reach below RA, and 8 more
 * above, at a fixed address: RA is hashed too, so the printed hashes must
 * not move with the program's layout. RAM, past the program image.
 */
#define AREA 0x01000000UL
#define area ((volatile uint64_t *)AREA)
#define BASE (AREA + 8 * 64)

static void report(const char *what, long r)
{
    rt_printf("%s:", what);
    if (r != 0) {
        rt_printf(" result=%ld", r == RT_USER_ABORTED ? -1L : r);
    }
    if (!rt_trap.count) {
        rt_printf(" no interrupt\n");
        return;
    }
    rt_print_trap();
    if (rt_trap.vec == 0x300 || rt_trap.vec == 0x380) {
        rt_printf(" dar=%016lx", rt_trap.dar);
    }
    if (rt_trap.vec == 0x300) {
        rt_printf(" dsisr=%08lx", rt_trap.dsisr & 0xffffffff);
    }
    rt_putc('\n');
}

/*
 * A doubleword as a load in the guest's byte order reads it: the hash
 * itself, if the store was in that byte order too (MEM(EA, 8)).
 */
static void print_dw(const char *what, volatile const uint64_t *p)
{
    rt_printf("%s: %016lx\n", what, *p);
}

/* The instruction under test, one function each: the mnemonic and displacement are text. */
#define HASH_FN(name, insn, disp)                                                         \
    static void name(uint64_t ra, uint64_t rb)                                            \
    {                                                                                     \
        uint64_t m_;                                                                      \
        __asm__ volatile(MARK insn " %[b]," disp "(%[a])"                                 \
                         : [m] "=&b"(m_) : [pc] "b"(&insn_pc), [a] "b"(ra), [b] "r"(rb)   \
                         : "lr", "memory");                                               \
    }

HASH_FN(hashst_8, "hashst", "-8")
HASH_FN(hashchk_8, "hashchk", "-8")
HASH_FN(hashstp_8, "hashstp", "-8")
HASH_FN(hashchkp_8, "hashchkp", "-8")

/* RA=0, an invalid form: hashst and hashchk 10,-8(0) */
#define RA0_FN(name, word)                                                                \
    static void name(uint64_t ra, uint64_t rb)                                            \
    {                                                                                     \
        uint64_t m_;                                                                      \
        (void)ra;                                                                         \
        __asm__ volatile("mr 10,%[b]\n\t" MARK ".long " word                               \
                         : [m] "=&b"(m_) : [pc] "b"(&insn_pc), [b] "r"(rb)                \
                         : "lr", "memory", "r10");                                        \
    }

RA0_FN(hashst_ra0, "0x7fe055a5")
RA0_FN(hashchk_ra0, "0x7fe055e5")

/* Runs @fn(ra, rb) with the interrupts caught (resuming after the instruction). */
static void run(void (*fn)(uint64_t, uint64_t), uint64_t ra, uint64_t rb)
{
    insn_pc = 0;
    rt_catch(RT_CATCH_SKIP);
    fn(ra, rb);
    rt_catch(RT_CATCH_OFF);
}

/* --- problem state and translation (the address space as user.c builds it) --- */

#define VSID 0x1234UL
#define EA_UNMAPPED 0x09000000UL
#define H_ENTER 0x08

extern char __image_start[], __image_end[];

static long h_enter(uint64_t ea, uint64_t pa)
{
    uint64_t shift = rt_boot.hpt_shift ? rt_boot.hpt_shift : 18;
    uint64_t mask = (1UL << (shift - 7)) - 1;
    uint64_t hash = (VSID & 0x7fffffffffUL) ^ ((ea & 0x0fffffffUL) >> 12);
    uint64_t va = (VSID << 28) | (ea & 0x0fffffffUL);
    /* valid; R, C, M = 1, PP = 0b10 (read/write) */
    return rt_hcall(H_ENTER, 0, (hash & mask) * 8, ((va >> 23) << 7) | 1,
                    (pa & ~0xfffUL) | 0x180 | 0x10 | 0x2);
}

static int mmu_setup(void)
{
    long bad = 0;
    for (uintptr_t a = (uintptr_t)__image_start & ~0xfffUL; a < (uintptr_t)__image_end; a += 4096) {
        bad |= h_enter(a, a);
    }
    bad |= h_enter(AREA, AREA);
    __asm__ volatile("slbia\n\tslbmte %0,%1\n\tisync"
                     : : "r"((VSID << 12) | 0x400UL), "r"(0x08000000UL) : "memory");
    rt_printf("mmu setup: %s\n", bad ? "H_ENTER failed" : "ok");
    return !bad;
}

/* What rt_run_mode calls: one instruction, @arg is RA; RB is 0x99. */
#define MODE_FN(name, text)                                                               \
    static long name(long arg)                                                            \
    {                                                                                     \
        uint64_t m_;                                                                      \
        __asm__ volatile("li 10,0x99\n\t" MARK text                                       \
                         : [m] "=&b"(m_) : [pc] "b"(&insn_pc), [a] "b"(arg)               \
                         : "lr", "memory", "r10");                                        \
        return 1;                                                                         \
    }

MODE_FN(m_hashst, "hashst 10,-8(%[a])")
MODE_FN(m_hashchk, "hashchk 10,-8(%[a])")
MODE_FN(m_hashstp, "hashstp 10,-8(%[a])")
MODE_FN(m_hashchkp, "hashchkp 10,-8(%[a])")
MODE_FN(m_mfhashkeyr, "mfspr 10,468")
MODE_FN(m_mthashkeyr, "mtspr 468,10")
MODE_FN(m_mfhashpkeyr, "mfspr 10,469")

static void call(const char *what, long (*fn)(long), uint64_t ra, uint64_t msr)
{
    rt_mtspr(22, 0x7fffffff);   /* MSR[EE] comes with MSR[PR]: keep the decrementer quiet */
    insn_pc = 0;
    rt_catch(RT_CATCH_ABORT_USER);
    long r = rt_run_mode(fn, (long)ra, rt_user_stack_top, msr);
    rt_catch(RT_CATCH_OFF);
    report(what, r);
}

#ifndef HASH_ON_POWER9

HASH_FN(hashst_512, "hashst", "-512")
HASH_FN(hashchk_512, "hashchk", "-512")

static const uint64_t keys[] = {
    0, 0xffffffffffffffffUL, 0x0123456789abcdefUL, 0xfedcba9876543210UL,
};
static const uint64_t rbs[] = {
    0, 0xffffffffffffffffUL, 0x00000000004a1b2cUL, 0x8000000000000001UL,
    0x123456789abcdef0UL,
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))
#define NRBS (sizeof(rbs) / sizeof(rbs[0]))

/*
 * For each key and RB: the hash hashst stores at -8 (hashstp with
 * HASHPKEYR), hashchk of it (no interrupt), of it with one bit flipped
 * and of it under the next key (traps).
 */
static void store_and_check(int priv)
{
    void (*st)(uint64_t, uint64_t) = priv ? hashstp_8 : hashst_8;
    void (*chk)(uint64_t, uint64_t) = priv ? hashchkp_8 : hashchk_8;
    const char *sn = priv ? "hashstp" : "hashst", *cn = priv ? "hashchkp" : "hashchk";

    for (unsigned k = 0; k < NKEYS; k++) {
        for (unsigned i = 0; i < NRBS; i++) {
            /* hashstp must not use HASHKEYR (HASHPKEYR keeps its reset value) */
            rt_mtspr(468, keys[k]);
            area[63] = 0x5555555555555555UL;
            run(st, BASE, rbs[i]);
            rt_printf("%s=%016lx rb=%016lx ", priv ? "hashkeyr (not used)" : "hashkeyr",
                      keys[k], rbs[i]);
            print_dw(sn, &area[63]);
            report(sn, 0);
            run(chk, BASE, rbs[i]);
            report(cn, 0);
            area[63] ^= 1UL << (k * 16 + i);
            run(chk, BASE, rbs[i]);
            report("  one bit flipped", 0);
            area[63] ^= 1UL << (k * 16 + i);
            rt_mtspr(468, keys[(k + 1) % NKEYS]);
            run(chk, BASE, rbs[i]);
            report("  next key", 0);
        }
    }
}

/* RA is hashed too, and sets the EA: -8 and -512 from several RAs. */
static void displacements(void)
{
    rt_mtspr(468, 0x0123456789abcdefUL);
    for (unsigned j = 0; j < 4; j++) {
        uint64_t ra = BASE + 8 * j;
        for (unsigned i = 0; i < 72; i++) {
            area[i] = 0;
        }
        run(hashst_8, ra, 0x1234);
        run(hashst_512, ra, 0x1234);
        rt_printf("ra=base+%u: ", 8 * j);
        for (unsigned i = 0; i < 72; i++) {
            if (area[i]) {
                rt_printf("area[%u] ", i);
            }
        }
        rt_putc('\n');
        print_dw("  at -8", &area[63 + j]);
        print_dw("  at -512", &area[j]);
        run(hashchk_512, ra, 0x1234);
        report("  hashchk -512", 0);
        run(hashchk_8, ra, 0x1235);
        report("  hashchk -8 other rb", 0);
    }
}

/* RA=0 is an invalid form (QEMU: illegal instruction); an EA that is not doubleword aligned. */
static void forms(void)
{
    rt_mtspr(468, 0x0123456789abcdefUL);
    run(hashst_ra0, 0, 5);
    report("hashst ra=0", 0);
    run(hashchk_ra0, 0, 5);
    report("hashchk ra=0", 0);

    area[63] = area[64] = 0;
    run(hashst_8, BASE + 4, 0x77);
    report("hashst ea=base-4", 0);
    print_dw("  area[63]", &area[63]);
    print_dw("  area[64]", &area[64]);
    run(hashchk_8, BASE + 4, 0x77);
    report("hashchk ea=base-4", 0);
}

/*
 * The keys: HASHKEYR is privileged (read and write; QEMU 7.2), HASHPKEYR
 * hypervisor-only, so a pseries guest can neither read nor set it.
 */
static void keys_rw(void)
{
    static const uint64_t v[] = { 0, 0xffffffffffffffffUL, 0x8000000000000001UL };
    uint64_t m_, r;

    for (unsigned i = 0; i < 3; i++) {
        rt_mtspr(468, v[i]);
        rt_printf("hashkeyr <- %016lx: %016lx\n", v[i], rt_mfspr(468));
    }
    insn_pc = 0;
    rt_catch(RT_CATCH_SKIP);
    __asm__ volatile(MARK "mtspr 469,%[v]" : [m] "=&b"(m_) : [pc] "b"(&insn_pc), [v] "r"(v[1])
                     : "lr", "memory");
    rt_catch(RT_CATCH_OFF);
    report("mtspr hashpkeyr", 0);
    r = 0x42;
    rt_catch(RT_CATCH_SKIP);
    __asm__ volatile(MARK "mfspr %[v],469" : [m] "=&b"(m_), [v] "+r"(r) : [pc] "b"(&insn_pc)
                     : "lr", "memory");
    rt_catch(RT_CATCH_OFF);
    report("mfspr hashpkeyr", 0);
    rt_printf("  rt: %016lx\n", r);
}

static void modes(void)
{
    static const uint64_t msrs[] = { MSR_PR, MSR_IR | MSR_DR };

    if (!mmu_setup()) {
        return;
    }
    for (int k = 0; k < 2; k++) {
        uint64_t m = msrs[k];
        rt_printf("-- %s\n", m == MSR_PR ? "problem state" : "privileged, translated");
        rt_mtspr(468, 0xfedcba9876543210UL);
        area[63] = 0;
        call("hashst", m_hashst, BASE, m);
        print_dw("  stored", &area[63]);
        call("hashchk", m_hashchk, BASE, m);
        area[63] ^= 0x100;
        call("hashchk flipped", m_hashchk, BASE, m);
        area[63] = 0;
        call("hashstp", m_hashstp, BASE, m);
        print_dw("  stored", &area[63]);
        call("hashchkp", m_hashchkp, BASE, m);
        call("mfspr hashkeyr", m_mfhashkeyr, BASE, m);
        call("mtspr hashkeyr", m_mthashkeyr, BASE, m);
        rt_printf("  hashkeyr: %016lx\n", rt_mfspr(468));
        call("mfspr hashpkeyr", m_mfhashpkeyr, BASE, m);
        /* an unmapped page in the segment: DSI */
        call("hashst unmapped", m_hashst, EA_UNMAPPED + 8, m);
        call("hashchk unmapped", m_hashchk, EA_UNMAPPED + 8, m);
        call("hashstp unmapped", m_hashstp, EA_UNMAPPED + 0x1000, m);
    }
}

void test_main(void)
{
    /* QEMU 7.2 resets both keys to 0 (the ISA leaves their value to the hypervisor) */
    rt_printf("hashkeyr at start: %016lx\n", rt_mfspr(468));
    keys_rw();
    store_and_check(0);
    store_and_check(1);
    displacements();
    forms();
    modes();
}

#else

/* POWER9 (ISA 3.0): QEMU 7.2 runs the hash instructions as no-ops. */
void test_main(void)
{
    area[63] = 0x5555555555555555UL;
    run(hashst_8, BASE, 1);
    report("hashst", 0);
    print_dw("  area[63]", &area[63]);
    run(hashchk_8, BASE, 1);
    report("hashchk", 0);
    run(hashstp_8, BASE, 1);
    report("hashstp", 0);
    print_dw("  area[63]", &area[63]);
    run(hashchkp_8, BASE, 1);
    report("hashchkp", 0);
    run(hashst_ra0, 0, 5);
    report("hashst ra=0", 0);
    run(hashchk_ra0, 0, 5);
    report("hashchk ra=0", 0);
    if (mmu_setup()) {
        area[63] = 0x5555555555555555UL;
        call("user hashst", m_hashst, BASE, MSR_PR);
        call("user hashchk", m_hashchk, BASE, MSR_PR);
        call("user hashstp", m_hashstp, BASE, MSR_PR);
        call("user hashchkp", m_hashchkp, BASE, MSR_PR);
        print_dw("  area[63]", &area[63]);
        call("user mfspr 468", m_mfhashkeyr, BASE, MSR_PR);
        call("user mtspr 468", m_mthashkeyr, BASE, MSR_PR);
        call("user mfspr 469", m_mfhashpkeyr, BASE, MSR_PR);
    }
    insn_pc = 0;
    rt_catch(RT_CATCH_SKIP);
    __asm__ volatile("mfspr 10,468" ::: "r10");
    rt_catch(RT_CATCH_OFF);
    report("mfspr 468", 0);
}

#endif
