/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Storage control run on accel-tcg: real mode, the SLB, the hashed page table (Power ISA Book III 5). */
#include "power-rig.h"

#include <string.h>

/* A 256 KiB HPT: 2048 PTEGs of 8 HPTEs of 16 bytes. */
#define HPT_SIZE (256 * 1024)
#define HPT_MASK (HPT_SIZE / 128 - 1)

/* SLB VSID word: VSID || Ks Kp N L C || LP (Book III 5.7.7.1). */
#define SLBV_KS 0x800
#define SLBV_KP 0x400
#define SLBV_N 0x200
#define SLBV_L 0x100
#define SLBE_V 0x08000000

static void hpt_init(PowerRig *rig)
{
    rig->hpt = g_malloc0(HPT_SIZE);
    rig->hpt_pteg_mask = HPT_MASK;
}

static void slb_set(PowerRig *rig, unsigned index, guint64 esid_ea, guint64 vsid, guint64 flags)
{
    rig->cpu->slb[index].esid = (esid_ea & 0xfffffffff0000000ull) | SLBE_V;
    rig->cpu->slb[index].vsid = vsid << 12 | flags;
}

/*
 * Puts an HPTE for the page of a 256 MB segment @vsid at @offset, of
 * 2^@shift bytes, to real address @ra with PP @pp (and N), written the way
 * Book III 5.7.8 describes: the VA is VSID || offset; AVPN is VA[0:54];
 * the primary hash is VSID[11:49] xor the page number within the segment.
 * Large pages carry the L bit and, for 64K, LP = 0001 in RPN's low bits.
 * Returns the HPTE's host address.
 */
static guint8 *hpt_map(PowerRig *rig, guint64 vsid, guint64 offset, unsigned shift, guint64 ra,
                       guint64 pp, gboolean secondary)
{
    guint64 hash = (vsid & 0x7fffffffffull) ^ (offset >> shift);
    guint64 pteg = (secondary ? ~hash : hash) & HPT_MASK;
    guint64 va_hi = (vsid << 28 | offset) >> 23;      /* VA[0:54] of the 78-bit VA */
    guint64 pte0 = va_hi << 7 | (shift > 12 ? 4 : 0) | (secondary ? 2 : 0) | 1;
    guint64 pte1 = (ra & ~((1ull << shift) - 1)) | (shift == 16 ? 0x1000 : 0) | 0x10 | pp;

    for (int slot = 0; slot < 8; slot++) {
        guint8 *h = rig->hpt + pteg * 128 + slot * 16;
        if (!(h[7] & 1)) {
            guint64 be0 = GUINT64_TO_BE(pte0), be1 = GUINT64_TO_BE(pte1);
            memcpy(h, &be0, 8);
            memcpy(h + 8, &be1, 8);
            return h;
        }
    }
    g_assert_not_reached();
}

static guint64 hpte1(guint8 *h)
{
    guint64 v;
    memcpy(&v, h + 8, 8);
    return GUINT64_FROM_BE(v);
}

#define MSR_VIRT (RIG_MSR | MSR_BIT(MSR_IR) | MSR_BIT(MSR_DR))
#define SEG1 0x10000000ull          /* ESID 1: code and data, VSID 0x123 */
#define VSID1 0x123

/* Code at EA SEG1 (RA 0x1000), data at SEG1 + 0x1000 (RA 0x5000), read-only at + 0x2000. */
static PowerRig *hash_rig(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);

    hpt_init(rig);
    power_rig_stop_at_vectors(rig);
    slb_set(rig, 0, SEG1, VSID1, SLBV_KP);
    hpt_map(rig, VSID1, 0x0000, 12, 0x1000, 0x2, FALSE);
    hpt_map(rig, VSID1, 0x1000, 12, 0x5000, 0x2, TRUE);
    hpt_map(rig, VSID1, 0x2000, 12, 0x6000, 0x3, FALSE);
    return rig;
}

/* Loads and stores through the HPT, the R and C bits, and a protection fault (DSI). */
static void test_hash_data(void)
{
    static const guint32 code[] = {
        0x80a40008, /* lwz 5,8(4) */
        0x90a40010, /* stw 5,16(4) */
        0x80c70000, /* lwz 6,0(7): the read-only page */
        0x90c70000, /* stw 6,0(7): DSI */
    };
    PowerRig *rig = hash_rig();
    PowerRegs *r = &rig->cpu->regs;
    guint8 *ro = hpt_map(rig, VSID1, 0x3000, 12, 0x7000, 0x3, FALSE);

    POWER_RIG_PUT(rig, 0x1000, code);
    power_rig_put64(rig, 0x5008, 0x11223344aabbccddull, FALSE);
    power_rig_put64(rig, 0x7000, 0x5566778899aabbccull, FALSE);
    r->gpr[4] = SEG1 + 0x1000;
    r->gpr[7] = SEG1 + 0x3000;
    power_rig_run_to(rig, SEG1, MSR_VIRT, 0x300);
    g_assert_cmphex(r->gpr[5], ==, 0x11223344);
    g_assert_cmphex(power_rig_get32(rig, 0x5010, FALSE), ==, 0x11223344);
    g_assert_cmphex(r->gpr[6], ==, 0x55667788);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, SEG1 + 0xc);
    g_assert_cmphex(r->spr[SPR_DAR], ==, SEG1 + 0x3000);
    g_assert_cmphex(r->spr[SPR_DSISR], ==, DSISR_PROTFAULT | DSISR_STORE);
    /* R set by the load, C not (the store was refused) */
    g_assert_cmphex(hpte1(ro) & 0x180, ==, 0x100);
    power_rig_free(rig);
}

/* No HPTE: DSI/ISI "not found"; no SLB entry: the segment interrupts; N: ISI. */
static void test_hash_faults(void)
{
    static const guint32 load[] = {
        0x80a40000, /* lwz 5,0(4) */
    };
    PowerRig *rig = hash_rig();
    PowerRegs *r = &rig->cpu->regs;

    POWER_RIG_PUT(rig, 0x1000, load);
    r->gpr[4] = SEG1 + 0x9000;
    power_rig_run_to(rig, SEG1, MSR_VIRT, 0x300);
    g_assert_cmphex(r->spr[SPR_DSISR], ==, DSISR_NOPTE);
    g_assert_cmphex(r->spr[SPR_DAR], ==, SEG1 + 0x9000);

    r->gpr[4] = 0x70000000;
    power_rig_run_to(rig, SEG1, MSR_VIRT, 0x380);
    g_assert_cmphex(r->spr[SPR_DAR], ==, 0x70000000);

    power_rig_run_to(rig, SEG1 + 0x8000, MSR_VIRT, 0x400);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, SEG1 + 0x8000);
    g_assert_cmphex(r->spr[SPR_SRR1] & 0x783f0000, ==, SRR1_ISI_NOPTE);

    power_rig_run_to(rig, 0x70000000, MSR_VIRT, 0x480);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x70000000);

    /* no-execute page */
    {
        guint8 *h = hpt_map(rig, VSID1, 0x4000, 12, 0x1000, 0x2 | 0x4, FALSE);
        (void)h;
        power_rig_run_to(rig, SEG1 + 0x4000, MSR_VIRT, 0x400);
        g_assert_cmphex(r->spr[SPR_SRR1] & 0x783f0000, ==, SRR1_ISI_N_G);
    }
    power_rig_free(rig);
}

/*
 * Page protection by key (Book III 5.7.10.1): problem state uses Kp (set
 * here), so PP=00 is no access and PP=01 read-only, PP=10 read-write.
 */
static void test_hash_keys(void)
{
    static const guint32 code[] = {
        0x80a40000, /* lwz 5,0(4) */
        0x90a40000, /* stw 5,0(4) */
        0x44000022, /* sc 1 */
    };
    static const struct { guint64 pp; guint64 stop; guint32 dsisr; } cases[] = {
        { 0x2, 0x1008, 0 },
        { 0x1, 0x300, DSISR_PROTFAULT | DSISR_STORE },
        { 0x0, 0x300, DSISR_PROTFAULT },
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        PowerRig *rig = hash_rig();
        PowerRegs *r = &rig->cpu->regs;

        hpt_map(rig, VSID1, 0x5000, 12, 0x9000, cases[i].pp, FALSE);
        POWER_RIG_PUT(rig, 0x1000, code);
        r->gpr[4] = SEG1 + 0x5000;
        power_rig_run_to(rig, SEG1, MSR_VIRT | MSR_BIT(MSR_PR) | MSR_BIT(MSR_EE),
                         cases[i].stop < 0x1000 ? cases[i].stop : SEG1 + 8);
        if (cases[i].dsisr) {
            g_assert_cmphex(r->spr[SPR_DSISR], ==, cases[i].dsisr);
        }
        power_rig_free(rig);
    }
}

/* 64K and 16M pages: their segments' L||LP, and the HPTE's L bit and LP encoding. */
static void test_hash_large(void)
{
    static const guint32 code[] = {
        0xe8a40010, /* ld 5,16(4) */
        0xe8c70008, /* ld 6,8(7) */
        0x44000022, /* sc 1 */
    };
    PowerRig *rig = hash_rig();
    PowerRegs *r = &rig->cpu->regs;

    slb_set(rig, 1, 0x20000000, 0x456, SLBV_L | 0x10);     /* 64K */
    slb_set(rig, 2, 0x30000000, 0x789, SLBV_L);            /* 16M */
    hpt_map(rig, 0x456, 0x30000, 16, 0x40000, 0x2, FALSE);
    hpt_map(rig, 0x789, 0x1000000, 24, 0x2000000, 0x2, FALSE);
    POWER_RIG_PUT(rig, 0x1000, code);
    power_rig_put64(rig, 0x40000 + 0xf010, 0x0123456789abcdefull, FALSE);
    power_rig_put64(rig, 0x2000000 + 0xabcd08, 0xfedcba9876543210ull, FALSE);
    r->gpr[4] = 0x20000000 + 0x30000 + 0xf000;
    r->gpr[7] = 0x30000000 + 0x1000000 + 0xabcd00;
    power_rig_run_to(rig, SEG1, MSR_VIRT, SEG1 + 8);
    g_assert_cmphex(r->gpr[5], ==, 0x0123456789abcdefull);
    g_assert_cmphex(r->gpr[6], ==, 0xfedcba9876543210ull);
    power_rig_free(rig);
}

/* slbmte/slbmfee/slbmfev/slbfee./slbie, from the guest (real mode). */
static void test_slb_insns(void)
{
    static const guint32 code[] = {
        0x7c602324, /* slbmte 3,4 */
        0x7ca03726, /* slbmfee 5,6 */
        0x7ce036a6, /* slbmfev 7,6 */
        0x7d004fa7, /* slbfee. 8,9 */
        0x7d400026, /* mfcr 10 */
        0x7c004b64, /* slbie 9 */
        0x7d604fa7, /* slbfee. 11,9 */
        0x7d800026, /* mfcr 12 */
        0x44000022, /* sc 1 */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    POWER_RIG_PUT(rig, 0x1000, code);
    r->gpr[3] = 0x123ull << 12 | SLBV_KP | SLBV_L | 0x10;   /* VSID data */
    r->gpr[4] = 0x40000000ull | SLBE_V | 5;                 /* ESID data, entry 5 */
    r->gpr[6] = 5;
    r->gpr[9] = 0x40001234;
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x1000 + 4 * (G_N_ELEMENTS(code) - 1));
    g_assert_cmphex(r->gpr[5], ==, 0x40000000ull | SLBE_V);
    g_assert_cmphex(r->gpr[7], ==, r->gpr[3]);
    g_assert_cmphex(r->gpr[8], ==, r->gpr[3]);
    g_assert_cmphex(r->gpr[10] >> 28, ==, 2);
    g_assert_cmphex(r->gpr[11], ==, 0);
    g_assert_cmphex(r->gpr[12] >> 28, ==, 0);
    g_assert_false(rig->cpu->slb[5].esid & SLBE_V);

    /* a bad entry number is illegal */
    power_rig_stop_at_vectors(rig);
    r->gpr[4] = 0x40000000ull | SLBE_V | 40;
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x700);
    g_assert_cmphex(r->spr[SPR_SRR1] & 0x783f0000, ==, SRR1_PROGILL);
    power_rig_free(rig);
}

/*
 * Alternate interrupt location (Book III 7.3, LPCR[AIL]=3) for a guest
 * running with relocation on: the program interrupt goes to
 * 0xc000000000004700 with IR and DR on.
 */
static void test_ail(void)
{
    guint32 zero = 0;
    PowerRig *rig = hash_rig();
    PowerRegs *r = &rig->cpu->regs;

    slb_set(rig, 3, 0xc000000000000000ull, 0x999, 0);
    hpt_map(rig, 0x999, 0x4000, 12, 0x1f000, 0x2, FALSE);
    power_rig_put_stop(rig, 0x1f700, FALSE);
    power_rig_put(rig, 0x1000, &zero, 1, FALSE);
    r->spr[SPR_LPCR] |= 3ull << LPCR_AIL_SHIFT;
    power_rig_run_to(rig, SEG1, MSR_VIRT, 0xc000000000004700ull);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, SEG1);
    g_assert_cmphex(r->msr, ==, MSR_VIRT);
    /* with relocation off at the time of the interrupt, no AIL */
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x700);
    power_rig_free(rig);
}

/*
 * Real mode: the top four EA bits are ignored; a platform-set RMA bounds
 * the guest's real-mode accesses (the DSI with DSISR[36] beyond it).
 */
static void test_real_mode(void)
{
    static const guint32 code[] = {
        0xe8a80000, /* ld 5,0(8) */
        0x44000022, /* sc 1 */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    power_rig_stop_at_vectors(rig);
    POWER_RIG_PUT(rig, 0x1000, code);
    power_rig_put64(rig, 0x8000, 0xa5a5a5a5a5a5a5a5ull, FALSE);
    r->gpr[8] = 0xc000000000008000ull;
    power_rig_run_to(rig, 0xc000000000001000ull, RIG_MSR, 0xc000000000001004ull);
    g_assert_cmphex(r->gpr[5], ==, 0xa5a5a5a5a5a5a5a5ull);

    rig->cpu->rma_size = 0x1000000;
    r->gpr[8] = 0x2000000;
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x300);
    g_assert_cmphex(r->spr[SPR_DAR], ==, 0x2000000);
    g_assert_cmphex(r->spr[SPR_DSISR], ==, DSISR_PROTFAULT);
    power_rig_free(rig);
}

void power_exec_mmu_tests(void)
{
    g_test_add_func("/power/mmu/hash-data", test_hash_data);
    g_test_add_func("/power/mmu/hash-faults", test_hash_faults);
    g_test_add_func("/power/mmu/hash-keys", test_hash_keys);
    g_test_add_func("/power/mmu/hash-large-pages", test_hash_large);
    g_test_add_func("/power/mmu/slb-instructions", test_slb_insns);
    g_test_add_func("/power/mmu/ail", test_ail);
    g_test_add_func("/power/mmu/real-mode", test_real_mode);
}
