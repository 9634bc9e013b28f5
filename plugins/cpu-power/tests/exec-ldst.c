/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loads and stores run on accel-tcg in both byte orders (Power ISA Book I 3.3.2-3.3.8, Book II 4). */
#include "power-rig.h"

#include <string.h>

#define DATA 0x8000

static guint8 pattern(guint64 a)
{
    return (guint8)(a * 0x9d + 0x13);
}

static void fill_pattern(PowerRig *rig, guint64 from, guint64 len)
{
    for (guint64 a = from; a < from + len; a++) {
        rig->ram[a] = pattern(a);
    }
}

/* @size bytes at @a read in the given byte order, from the pattern. */
static guint64 pat(guint64 a, unsigned size, gboolean le)
{
    guint64 v = 0;
    for (unsigned i = 0; i < size; i++) {
        guint64 byte = pattern(a + i);
        v |= le ? byte << (8 * i) : byte << (8 * (size - 1 - i));
    }
    return v;
}

static guint64 mem(PowerRig *rig, guint64 a, unsigned size, gboolean le)
{
    guint64 v = 0;
    for (unsigned i = 0; i < size; i++) {
        guint64 byte = rig->ram[a + i];
        v |= le ? byte << (8 * i) : byte << (8 * (size - 1 - i));
    }
    return v;
}

static guint64 sext(guint64 v, unsigned bytes)
{
    unsigned sh = 64 - 8 * bytes;
    return (guint64)((gint64)(v << sh) >> sh);
}

/* Every load and store form, aligned, unaligned and across a page, in BE then LE mode. */
static void test_endian(void)
{
    static const guint32 code[] = {
        0x88a40001, /* lbz 5,1(4) */
        0xa0c40002, /* lhz 6,2(4) */
        0xa8e40006, /* lha 7,6(4) */
        0x81040008, /* lwz 8,8(4) */
        0xe924000e, /* lwa 9,12(4) */
        0xe9440010, /* ld 10,16(4) */
        0x7d64a62c, /* lhbrx 11,4,20 */
        0x7d84a42c, /* lwbrx 12,4,20 */
        0x7da4ac28, /* ldbrx 13,4,21 */
        0x81c40001, /* lwz 14,1(4) */
        0x7de4d82a, /* ldx 15,4,27 */
        0xea1a0000, /* ld 16,0(26): across a page */
        0x7e24aaae, /* lhax 17,4,21 */
        0x7e5ab2ea, /* lwaux 18,26,22 */
        0x98a40100, /* stb 5,0x100(4) */
        0xb0c40102, /* sth 6,0x102(4) */
        0x91040104, /* stw 8,0x104(4) */
        0xf9440108, /* std 10,0x108(4) */
        0x7cc4bf2c, /* sthbrx 6,4,23 */
        0x7d04c52c, /* stwbrx 8,4,24 */
        0x7d44cd28, /* stdbrx 10,4,25 */
        0x7de4e12a, /* stdx 15,4,28 */
        0xf95d0041, /* stdu 10,0x40(29) */
        0x44000022, /* sc 1 */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);

    for (int le = 0; le < 2; le++) {
        PowerRegs *r = &rig->cpu->regs;

        power_rig_put(rig, 0x1000, code, G_N_ELEMENTS(code), le);
        memset(rig->ram + DATA, 0, 0x2000);
        fill_pattern(rig, DATA, 0x40);
        fill_pattern(rig, DATA + 0xff0, 0x40);
        r->gpr[4] = DATA;
        r->gpr[20] = 4;
        r->gpr[21] = 8;
        r->gpr[22] = 0x10;
        r->gpr[23] = 0x110;
        r->gpr[24] = 0x114;
        r->gpr[25] = 0x118;
        r->gpr[26] = DATA + 0xffd;
        r->gpr[27] = 3;
        r->gpr[28] = 0x123;
        r->gpr[29] = DATA + 0x200;
        power_rig_run_to(rig, 0x1000, RIG_MSR | (le ? MSR_BIT(MSR_LE) : 0),
                         0x1000 + 4 * (G_N_ELEMENTS(code) - 1));
        g_assert_cmphex(r->gpr[5], ==, pattern(DATA + 1));
        g_assert_cmphex(r->gpr[6], ==, pat(DATA + 2, 2, le));
        g_assert_cmphex(r->gpr[7], ==, sext(pat(DATA + 6, 2, le), 2));
        g_assert_cmphex(r->gpr[8], ==, pat(DATA + 8, 4, le));
        g_assert_cmphex(r->gpr[9], ==, sext(pat(DATA + 12, 4, le), 4));
        g_assert_cmphex(r->gpr[10], ==, pat(DATA + 16, 8, le));
        g_assert_cmphex(r->gpr[11], ==, pat(DATA + 4, 2, !le));
        g_assert_cmphex(r->gpr[12], ==, pat(DATA + 4, 4, !le));
        g_assert_cmphex(r->gpr[13], ==, pat(DATA + 8, 8, !le));
        g_assert_cmphex(r->gpr[14], ==, pat(DATA + 1, 4, le));
        g_assert_cmphex(r->gpr[15], ==, pat(DATA + 3, 8, le));
        g_assert_cmphex(r->gpr[16], ==, pat(DATA + 0xffd, 8, le));
        g_assert_cmphex(r->gpr[17], ==, sext(pat(DATA + 8, 2, le), 2));
        g_assert_cmphex(r->gpr[18], ==, sext(pat(DATA + 0x100d, 4, le), 4));
        g_assert_cmphex(r->gpr[26], ==, DATA + 0x100d);
        g_assert_cmphex(mem(rig, DATA + 0x100, 1, le), ==, r->gpr[5]);
        g_assert_cmphex(mem(rig, DATA + 0x102, 2, le), ==, r->gpr[6]);
        g_assert_cmphex(mem(rig, DATA + 0x104, 4, le), ==, r->gpr[8]);
        g_assert_cmphex(mem(rig, DATA + 0x108, 8, le), ==, r->gpr[10]);
        g_assert_cmphex(mem(rig, DATA + 0x110, 2, !le), ==, r->gpr[6]);
        g_assert_cmphex(mem(rig, DATA + 0x114, 4, !le), ==, r->gpr[8]);
        g_assert_cmphex(mem(rig, DATA + 0x118, 8, !le), ==, r->gpr[10]);
        g_assert_cmphex(mem(rig, DATA + 0x123, 8, le), ==, r->gpr[15]);
        g_assert_cmphex(mem(rig, DATA + 0x240, 8, le), ==, r->gpr[10]);
        g_assert_cmphex(r->gpr[29], ==, DATA + 0x240);
    }
    power_rig_free(rig);
}

/* Update forms with RA=0, or RA=RT for loads, are invalid: illegal instruction (as QEMU). */
static void test_update_invalid(void)
{
    static const guint32 bad[] = {
        0x8c630001, /* lbzu 3,1(3) */
        0x8c600001, /* lbzu 3,1(0) */
        0x7c6018ee, /* lbzux 3,0,3 */
        0xe8630001, /* ldu 3,0(3) */
        0x9c600001, /* stbu 3,1(0) */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);

    power_rig_stop_at_vectors(rig);
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        power_rig_put(rig, 0x1000, &bad[i], 1, FALSE);
        power_rig_run_to(rig, 0x1000, RIG_MSR, 0x700);
        g_assert_cmphex(rig->cpu->regs.spr[SPR_SRR0], ==, 0x1000);
        g_assert_cmphex(rig->cpu->regs.spr[SPR_SRR1] & 0x783f0000, ==, SRR1_PROGILL);
    }
    power_rig_free(rig);
}

/* lmw/stmw in big-endian mode; in little-endian mode the Alignment interrupt (Book III 7.5.8). */
static void test_multiple(void)
{
    static const guint32 code[] = {
        0xbb840004, /* lmw 28,4(4) */
        0xbf840104, /* stmw 28,0x104(4) */
        0x44000022, /* sc 1 */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    fill_pattern(rig, DATA, 0x40);
    POWER_RIG_PUT(rig, 0x1000, code);
    r->gpr[4] = DATA;
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x1008);
    for (int i = 0; i < 4; i++) {
        g_assert_cmphex(r->gpr[28 + i], ==, pat(DATA + 4 + 4 * i, 4, FALSE));
        g_assert_cmphex(mem(rig, DATA + 0x104 + 4 * i, 4, FALSE), ==, r->gpr[28 + i]);
    }

    power_rig_stop_at_vectors(rig);
    power_rig_put(rig, 0x1000, code, G_N_ELEMENTS(code), TRUE);
    r->spr[SPR_DSISR] = 0;
    power_rig_run_to(rig, 0x1000, RIG_MSR | MSR_BIT(MSR_LE), 0x600);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1000);
    g_assert_cmphex(r->spr[SPR_DAR], ==, DATA + 4);
    power_rig_free(rig);
}

/*
 * Move assist (Book I 3.3.8): lswi of 7 bytes fills r5 and the high three
 * bytes of r6; stswx stores XER[57:63] bytes back.
 */
static void test_string(void)
{
    static const guint32 code[] = {
        0x7ca43caa, /* lswi 5,4,7 */
        0x7ce102a6, /* mfxer 7 (keep) */
        0x7c6103a6, /* mtxer 3 */
        0x7ca4452a, /* stswx 5,4,8 */
        0x7d24442a, /* lswx 9,4,8 */
        0x44000022, /* sc 1 */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    fill_pattern(rig, DATA, 0x40);
    POWER_RIG_PUT(rig, 0x1000, code);
    r->gpr[3] = 6;              /* XER byte count */
    r->gpr[4] = DATA;
    r->gpr[8] = 0x20;
    r->gpr[6] = 0xffffffffffffffffull;
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x1014);
    g_assert_cmphex(r->gpr[5], ==, pat(DATA, 4, FALSE));
    g_assert_cmphex(r->gpr[6], ==, pat(DATA + 4, 3, FALSE) << 8);
    /* stswx: 6 bytes of r5, r6 at DATA + 0x20; then lswx reads them into r9, r10 */
    g_assert_cmphex(mem(rig, DATA + 0x20, 4, FALSE), ==, r->gpr[5]);
    g_assert_cmphex(mem(rig, DATA + 0x24, 2, FALSE), ==, r->gpr[6] >> 16);
    g_assert_cmphex(r->gpr[9], ==, r->gpr[5]);
    g_assert_cmphex(r->gpr[10], ==, (r->gpr[6] >> 16) << 16);
    power_rig_free(rig);
}

/* lq/stq: 16 bytes, the even register gets the high doubleword in either byte order. */
static void test_quad(void)
{
    static const guint32 code[] = {
        0xe0c40010, /* lq 6,16(4) */
        0xf8c40042, /* stq 6,64(4) */
        0x44000022, /* sc 1 */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    for (int le = 0; le < 2; le++) {
        fill_pattern(rig, DATA, 0x40);
        power_rig_put(rig, 0x1000, code, G_N_ELEMENTS(code), le);
        r->gpr[4] = DATA;
        power_rig_run_to(rig, 0x1000, RIG_MSR | (le ? MSR_BIT(MSR_LE) : 0), 0x1008);
        g_assert_cmphex(r->gpr[6], ==, pat(DATA + (le ? 24 : 16), 8, le));
        g_assert_cmphex(r->gpr[7], ==, pat(DATA + (le ? 16 : 24), 8, le));
        g_assert_cmpmem(rig->ram + DATA + 64, 16, rig->ram + DATA + 16, 16);
    }
    /* unaligned: the Alignment interrupt with DAR */
    power_rig_stop_at_vectors(rig);
    power_rig_put(rig, 0x1000, code, G_N_ELEMENTS(code), FALSE);
    r->gpr[4] = DATA + 8;
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x600);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1000);
    g_assert_cmphex(r->spr[SPR_DAR], ==, DATA + 24);
    power_rig_free(rig);
}

/*
 * Load and reserve / store conditional (Book II 4.4.2): success, failure
 * without a reservation, failure after the reserved word changed, and
 * the Alignment interrupt for an unaligned lwarx.
 */
static void test_reserve(void)
{
    static const guint32 code[] = {
        0x7ca02028, /* 0x1000: lwarx 5,0,4 */
        0x38a50001, /* addi 5,5,1 */
        0x7ca0212d, /* stwcx. 5,0,4: succeeds */
        0x7cc00026, /* mfcr 6 */
        0x7ca0212d, /* stwcx. 5,0,4: no reservation any more */
        0x7ce00026, /* mfcr 7 */
        0x7d0020a8, /* ldarx 8,0,4 */
        0x91240000, /* stw 9,0(4): changes the reserved doubleword */
        0x7d0021ad, /* stdcx. 8,0,4: fails */
        0x7d400026, /* mfcr 10 */
        0x7d6018a8, /* ldarx 11,0,3: another address */
        0x7d6021ad, /* stdcx. 11,0,4: fails */
        0x7d800026, /* mfcr 12 */
        0x7c0004ac, /* sync */
        0x7d602068, /* lbarx 11,0,4 */
        0x7d60256d, /* stbcx. 11,0,4: succeeds */
        0x7dc00026, /* mfcr 14 */
        0x44000022, /* sc 1 */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    POWER_RIG_PUT(rig, 0x1000, code);
    power_rig_put64(rig, DATA, 0x1122334455667788ull, FALSE);
    r->gpr[3] = DATA + 0x100;
    r->gpr[4] = DATA;
    r->gpr[9] = 0xabcdef;
    r->xer_so = 1;
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x1000 + 4 * (G_N_ELEMENTS(code) - 1));
    g_assert_cmphex(r->gpr[6] >> 28, ==, 0x3);      /* EQ | SO */
    g_assert_cmphex(r->gpr[7] >> 28, ==, 0x1);
    g_assert_cmphex(r->gpr[10] >> 28, ==, 0x1);
    g_assert_cmphex(r->gpr[12] >> 28, ==, 0x1);
    g_assert_cmphex(r->gpr[14] >> 28, ==, 0x3);
    g_assert_cmphex(power_rig_get64(rig, DATA, FALSE), ==, 0x00abcdef55667788ull);
    g_assert_cmphex(r->reserve_addr, ==, ~0ull);

    power_rig_stop_at_vectors(rig);
    r->gpr[4] = DATA + 2;
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x600);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1000);
    g_assert_cmphex(r->spr[SPR_DAR], ==, DATA + 2);
    power_rig_free(rig);
}

/* dcbz zeroes the 128-byte block holding the address (POWER7 and later). */
static void test_dcbz(void)
{
    static const guint32 code[] = {
        0x7c0027ec, /* dcbz 0,4 */
        0x44000022, /* sc 1 */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);

    memset(rig->ram + DATA, 0xaa, 0x200);
    POWER_RIG_PUT(rig, 0x1000, code);
    rig->cpu->regs.gpr[4] = DATA + 0x85;
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x1004);
    for (guint i = 0; i < 0x200; i++) {
        g_assert_cmpuint(rig->ram[DATA + i], ==, ((i >= 0x80 && i < 0x100) ? 0 : 0xaa));
    }
    power_rig_free(rig);
}

/*
 * Prefixed loads and stores on Power10 (Power ISA v3.1 Book I 1.6.3): a
 * 34-bit displacement, PC-relative with R=1, paddi; a prefix at 60 mod 64
 * takes the Alignment interrupt with SRR1[34]; POWER9 has no prefixes.
 */
static void test_prefixed(void)
{
    static const guint32 code[] = {
        0x0603ffff, 0x38805cc0, /* 0x1000: pli 4,-0xa340 */
        0x04000001, 0xe4a42348, /* 0x1008: pld 5,0x12348(4): EA 0x8008 */
        0x06100000, 0x38c00000, /* 0x1010: pla 6,0 */
        0x04100000, 0xe4e06ff8, /* 0x1018: pld 7,0x6ff8(0),1: EA 0x8010 */
        0x04000001, 0xf4a42350, /* 0x1020: pstd 5,0x12350(4): EA 0x8010 */
        0x0601ffff, 0x3904ffff, /* 0x1028: paddi 8,4,0x1ffffffff */
    };
    PowerRig *rig = power_rig_new("power10-cpu", TRUE);
    PowerRig *p9 = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    for (int le = 0; le < 2; le++) {
        guint64 msr = RIG_MSR | (le ? MSR_BIT(MSR_LE) : 0);
        fill_pattern(rig, DATA, 0x40);
        power_rig_put(rig, 0x1000, code, G_N_ELEMENTS(code), le);
        power_rig_put_stop(rig, 0x1030, le);
        power_rig_run_to(rig, 0x1000, msr, 0x1030);
        g_assert_cmphex(r->gpr[4], ==, (guint64)-0xa340);
        g_assert_cmphex(r->gpr[5], ==, pat(DATA + 8, 8, le));
        g_assert_cmphex(r->gpr[6], ==, 0x1010);
        g_assert_cmphex(r->gpr[7], ==, pat(DATA + 0x10, 8, le));
        g_assert_cmphex(mem(rig, DATA + 0x10, 8, le), ==, pat(DATA + 8, 8, le));
        g_assert_cmphex(r->gpr[8], ==, 0x1ffffffffull - 0xa340);
    }
    power_rig_stop_at_vectors(rig);
    power_rig_put(rig, 0x103c, code + 2, 2, FALSE);
    power_rig_run_to(rig, 0x103c, RIG_MSR, 0x600);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x103c);
    g_assert_cmphex(r->spr[SPR_SRR1] & PPC_BIT(34), !=, 0);

    power_rig_stop_at_vectors(p9);
    power_rig_put(p9, 0x1000, code + 2, 2, FALSE);
    power_rig_run_to(p9, 0x1000, RIG_MSR, 0x700);
    g_assert_cmphex(p9->cpu->regs.spr[SPR_SRR0], ==, 0x1000);
    g_assert_cmphex(p9->cpu->regs.spr[SPR_SRR1] & (PPC_BIT(34) | SRR1_PROGILL), ==, SRR1_PROGILL);
    power_rig_free(rig);
    power_rig_free(p9);
}

/*
 * hashst/hashstp and hashchk/hashchkp on Power10 (Power ISA v3.1B Book I,
 * Fixed-Point Hash Instructions). The digests are QEMU 7.2's
 * (tests/guest/ppc64/golden/hash-be.txt, whose program has RA = 0x1000200):
 * HASHKEYR 0x0123456789abcdef or HASHPKEYR 0 with RB 0x8000000000000001.
 * The hash is stored in the guest's byte order; a wrong one traps.
 */
static void test_hash(void)
{
    static const guint32 code[] = {
        0x7fe42da5, /* hashst 5,-8(4) */
        0x7c042d24, /* hashstp 5,-512(4) */
        0x7fe42de5, /* hashchk 5,-8(4) */
        0x7c042d64, /* hashchkp 5,-512(4) */
    };
    const guint64 ra = 0x1000200, by_hashkeyr = 0xd944b9eb086e7559ull;
    const guint64 by_hashpkeyr = 0x2cf2f80726fdb3d4ull;
    PowerRig *rig = power_rig_new("power10-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    r->spr[SPR_HASHKEYR] = 0x0123456789abcdefull;
    r->spr[SPR_HASHPKEYR] = 0;
    for (int le = 0; le < 2; le++) {
        guint64 msr = RIG_MSR | (le ? MSR_BIT(MSR_LE) : 0);
        r->gpr[4] = ra;
        r->gpr[5] = 0x8000000000000001ull;
        power_rig_put(rig, 0x1000, code, G_N_ELEMENTS(code), le);
        power_rig_put_stop(rig, 0x1010, le);
        power_rig_run_to(rig, 0x1000, msr, 0x1010);
        g_assert_cmphex(mem(rig, ra - 8, 8, le), ==, by_hashkeyr);
        g_assert_cmphex(mem(rig, ra - 512, 8, le), ==, by_hashpkeyr);
    }
    /* another RB: hashchk traps (program interrupt, SRR1[46]) at the hashchk */
    power_rig_stop_at_vectors(rig);
    r->gpr[5] = 1;
    power_rig_put(rig, 0x1000, code + 2, 1, FALSE);
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x700);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1000);
    g_assert_cmphex(r->spr[SPR_SRR1] & (SRR1_PROGTRAP | SRR1_PROGILL | SRR1_PROGPRIV), ==,
                    SRR1_PROGTRAP);
    power_rig_free(rig);
}

void power_exec_ldst_tests(void)
{
    g_test_add_func("/power/ldst/endian", test_endian);
    g_test_add_func("/power/ldst/update-invalid", test_update_invalid);
    g_test_add_func("/power/ldst/multiple", test_multiple);
    g_test_add_func("/power/ldst/string", test_string);
    g_test_add_func("/power/ldst/quad", test_quad);
    g_test_add_func("/power/ldst/reserve", test_reserve);
    g_test_add_func("/power/ldst/dcbz", test_dcbz);
    g_test_add_func("/power/ldst/prefixed", test_prefixed);
    g_test_add_func("/power/ldst/hash", test_hash);
}
