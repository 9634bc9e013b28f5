/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Radix tree translation run on accel-tcg (Power ISA 3.0B Book III 5.7.10), for a PAPR guest. */
#include "power-rig.h"

/*
 * The guest's tables, built as Book III 5.7.6 and 5.7.10 lay them out
 * (big-endian doublewords): the process table at PRTB (4K: 256 PIDs),
 * a tree per PID of the POWER9 shape (13, 9, 9, 9 or 5 index bits of a
 * 52-bit space), directories taken from a pool.
 */
#define PRTB 0x100000ull
#define POOL 0x200000ull
#define PTE_V (1ull << 63)
#define PTE_L (1ull << 62)
#define PTE_R (1ull << 8)
#define PTE_C (1ull << 7)
#define EAA_PRIV 0x8ull
#define EAA_R 0x4ull
#define EAA_RW 0x2ull
#define EAA_X 0x1ull
#define KERNEL_RWX (EAA_PRIV | EAA_RW | EAA_X)
#define DSISR_BADCONFIG PPC_BIT32(12)

#define MSR_DATA (RIG_MSR | MSR_BIT(MSR_DR))
#define MSR_VIRT (RIG_MSR | MSR_BIT(MSR_IR) | MSR_BIT(MSR_DR))
#define Q3 0xc000000000000000ull

typedef struct {
    PowerRig *rig;
    guint64 next;           /* the pool's next free byte */
} Radix;

/* A directory of 2^@nls entries, aligned to its size. */
static guint64 dir_alloc(Radix *x, unsigned nls)
{
    guint64 size = 8ull << nls, a = (x->next + size - 1) & ~(size - 1);

    x->next = a + size;
    g_assert_cmpuint(x->next, <=, x->rig->ram_size);
    return a;
}

/* Process table entry of @pid: RTS = 52 (RTS1 = 2, RTS2 = 5), the root and its NLS. */
static guint64 radix_new_tree(Radix *x, unsigned pid)
{
    guint64 root = dir_alloc(x, 13);

    power_rig_put64(x->rig, PRTB + 16 * pid, (2ull << 61) | root | (5ull << 5) | 13, FALSE);
    return root;
}

/*
 * Maps the page of 2^@shift bytes (30, 21, 16 or 12) at @ea to @pa in the
 * tree at @root: the leaf sits where that many bits are left. Returns
 * the leaf's address.
 */
static guint64 radix_map(Radix *x, guint64 root, guint64 ea, guint64 pa, unsigned shift,
                         guint64 flags)
{
    static const unsigned nls[] = { 13, 9, 9, 9 };
    guint64 table = root;
    unsigned left = 52;

    for (int level = 0;; level++) {
        unsigned bits = level == 3 && shift == 16 ? 5 : nls[level];
        guint64 slot, e;

        left -= bits;
        slot = table + 8 * ((ea >> left) & ((1ull << bits) - 1));
        if (left == shift) {
            power_rig_put64(x->rig, slot, PTE_V | PTE_L | pa | flags, FALSE);
            return slot;
        }
        e = power_rig_get64(x->rig, slot, FALSE);
        if (!(e & PTE_V)) {
            unsigned next = level + 1 == 3 && shift == 16 ? 5 : nls[level + 1];
            e = PTE_V | dir_alloc(x, next) | next;
            power_rig_put64(x->rig, slot, e, FALSE);
        }
        table = e & 0x0fffffffffffff00ull;
    }
}

/* A radix guest: GR in the partition table entry, the process table of 2^12 bytes; LPCR[HR]. */
static Radix radix_rig(void)
{
    Radix x = { power_rig_new("power9-cpu", TRUE), POOL };

    power_rig_stop_at_vectors(x.rig);
    x.rig->pate[0] = PPC_BIT(0);
    x.rig->pate[1] = PPC_BIT(0) | PRTB | 0;
    x.rig->has_pate = TRUE;
    x.rig->cpu->regs.spr[SPR_LPCR] |= LPCR_HR | PPC_BIT(41) | LPCR_GTSE;
    return x;
}

/* Leaves at every level: 1G, 2M, 64K and 4K pages, in quadrant 3 and quadrant 0 (PIDR). */
static void test_radix_pages(void)
{
    static const guint32 code[] = {
        0xe8a40000, /* ld 5,0(4) */
        0xe8c70000, /* ld 6,0(7) */
        0xf8c40008, /* std 6,8(4) */
        0x44000022, /* sc 1 */
    };
    static const struct { guint64 ea; guint64 pa; unsigned shift; unsigned pid; } pages[] = {
        { Q3 + 0x40000000ull, 0x0, 30, 0 },                 /* 1G: all of the rig's RAM */
        { Q3 + 0x200000ull, 0x1200000, 21, 0 },
        { 0x10000000ull, 0x1400000, 16, 7 },
        { 0x20001000ull, 0x1500000, 12, 7 },
    };
    Radix x = radix_rig();
    PowerRegs *r = &x.rig->cpu->regs;
    guint64 kroot = radix_new_tree(&x, 0), uroot = radix_new_tree(&x, 7);

    POWER_RIG_PUT(x.rig, 0x1000, code);
    r->spr[SPR_PIDR] = 7;
    for (guint i = 0; i < G_N_ELEMENTS(pages); i++) {
        guint64 off = pages[i].shift == 12 ? 0x7f8 : 0x1238, pte;
        guint64 pte_at = radix_map(&x, pages[i].pid ? uroot : kroot, pages[i].ea, pages[i].pa,
                                   pages[i].shift, KERNEL_RWX);
        guint64 pa = (pages[i].shift == 30 ? 0x1600000 : pages[i].pa) + off;

        power_rig_put64(x.rig, pa, 0x1111111111111111ull * (i + 1), FALSE);
        r->gpr[4] = (pages[i].shift == 30 ? pages[i].ea + 0x1600000 : pages[i].ea) + off;
        r->gpr[7] = r->gpr[4];
        power_rig_run_to(x.rig, 0x1000, MSR_DATA, 0x100c);
        g_assert_cmphex(r->gpr[5], ==, 0x1111111111111111ull * (i + 1));
        g_assert_cmphex(power_rig_get64(x.rig, pa + 8, FALSE), ==, r->gpr[5]);
        /* The hardware records the reference and the change (Book III 5.7.12). */
        pte = power_rig_get64(x.rig, pte_at, FALSE);
        g_assert_cmphex(pte & (PTE_R | PTE_C), ==, PTE_R | PTE_C);
    }
    power_rig_free(x.rig);
}

/* R without C on a load; C on the first store to a page cached read-only. */
static void test_radix_rc(void)
{
    static const guint32 code[] = {
        0xe8a40000, /* ld 5,0(4) */
        0x44000022, /* sc 1 */
        0xf8a40000, /* std 5,0(4) */
        0x44000022, /* sc 1 */
    };
    Radix x = radix_rig();
    PowerRegs *r = &x.rig->cpu->regs;
    guint64 root = radix_new_tree(&x, 0);
    guint64 pte_at = radix_map(&x, root, Q3 + 0x5000, 0x30000, 12, KERNEL_RWX);

    POWER_RIG_PUT(x.rig, 0x1000, code);
    r->gpr[4] = Q3 + 0x5010;
    power_rig_run_to(x.rig, 0x1000, MSR_DATA, 0x1004);
    g_assert_cmphex(power_rig_get64(x.rig, pte_at, FALSE) & (PTE_R | PTE_C), ==, PTE_R);
    power_rig_run_to(x.rig, 0x1008, MSR_DATA, 0x100c);
    g_assert_cmphex(power_rig_get64(x.rig, pte_at, FALSE) & (PTE_R | PTE_C), ==, PTE_R | PTE_C);
    power_rig_free(x.rig);
}

/*
 * The storage interrupts: no leaf (DSISR[33]), a store to a read-only
 * page, problem state on a privileged page, execute without EAA[X]
 * (SRR1[35]), a tree of a shape POWER9 lacks (DSISR[44]), a PID beyond
 * the process table; and the segment interrupts: quadrant 1 and 2 are
 * the hypervisor's, an EA beyond the 52 bits the tree maps.
 */
static void test_radix_faults(void)
{
    static const guint32 load[] = {
        0xe8a40000, /* ld 5,0(4) */
        0x44000022, /* sc 1 */
    };
    static const guint32 store[] = {
        0xf8a40000, /* std 5,0(4) */
        0x44000022, /* sc 1 */
    };
    static const struct { guint64 ea; gboolean store; guint64 msr; guint64 vec; guint32 dsisr; }
    cases[] = {
        { Q3 + 0x9000, FALSE, MSR_DATA, 0x300, DSISR_NOPTE },
        { Q3 + 0x6000, TRUE, MSR_DATA, 0x300, DSISR_PROTFAULT | DSISR_STORE },
        { Q3 + 0x6000, FALSE, MSR_DATA, 0x0, 0 },
        { 0x7000, FALSE, MSR_DATA | MSR_BIT(MSR_PR), 0x300, DSISR_PROTFAULT },
        { 0x4000000000001000ull, FALSE, MSR_DATA, 0x380, 0 },
        { 0x8000000000001000ull, TRUE, MSR_DATA, 0x380, 0 },
        { Q3 | (1ull << 55), FALSE, MSR_DATA, 0x380, 0 },
        { 0x10000000000000ull, FALSE, MSR_DATA, 0x380, 0 },
    };
    Radix x = radix_rig();
    PowerRegs *r = &x.rig->cpu->regs;
    guint64 root = radix_new_tree(&x, 0);

    radix_map(&x, root, Q3 + 0x6000, 0x31000, 12, EAA_PRIV | EAA_R | EAA_X);
    radix_map(&x, root, 0x7000, 0x32000, 12, KERNEL_RWX);
    POWER_RIG_PUT(x.rig, 0x1000, load);
    POWER_RIG_PUT(x.rig, 0x1100, store);
    power_rig_put_stop(x.rig, 0x2000, FALSE);
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        guint64 pc = cases[i].store ? 0x1100 : 0x1000;

        r->gpr[4] = cases[i].ea;
        r->spr[SPR_DSISR] = r->spr[SPR_DAR] = 0;
        if (cases[i].msr & MSR_BIT(MSR_PR)) {
            /* problem state: code must be translated too, so run it from a user page */
            radix_map(&x, root, 0x1000, 0x1000, 12, EAA_R | EAA_X);
            power_rig_run_to(x.rig, pc, cases[i].msr | MSR_BIT(MSR_IR), cases[i].vec);
        } else {
            power_rig_run_to(x.rig, pc, cases[i].msr, cases[i].vec ? cases[i].vec : pc + 4);
        }
        if (cases[i].vec) {
            g_assert_cmphex(r->spr[SPR_SRR0], ==, pc);
            g_assert_cmphex(r->spr[SPR_DAR], ==, cases[i].ea);
        }
        if (cases[i].vec == 0x300) {
            g_assert_cmphex(r->spr[SPR_DSISR], ==, cases[i].dsisr);
        }
    }

    /* Instruction fetch: no leaf, no EAA[X], quadrant 1. */
    radix_map(&x, root, Q3 + 0x8000, 0x2000, 12, EAA_PRIV | EAA_RW);
    power_rig_run_to(x.rig, Q3 + 0xa000, MSR_VIRT, 0x400);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, Q3 + 0xa000);
    g_assert_cmphex(r->spr[SPR_SRR1] & 0x783f0000, ==, SRR1_ISI_NOPTE);
    power_rig_run_to(x.rig, Q3 + 0x8000, MSR_VIRT, 0x400);
    g_assert_cmphex(r->spr[SPR_SRR1] & 0x783f0000, ==, SRR1_ISI_N_G);
    power_rig_run_to(x.rig, 0x4000000000002000ull, MSR_VIRT, 0x480);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x4000000000002000ull);

    /* A PID beyond the 4K process table (256 entries). */
    r->spr[SPR_PIDR] = 256;
    r->gpr[4] = 0x7000;
    power_rig_run_to(x.rig, 0x1000, MSR_DATA, 0x300);
    g_assert_cmphex(r->spr[SPR_DSISR], ==, DSISR_NOPTE);

    /* A root of 12 index bits: not a POWER9 tree. */
    power_rig_put64(x.rig, PRTB + 16 * 3, (2ull << 61) | root | (5ull << 5) | 12, FALSE);
    r->spr[SPR_PIDR] = 3;
    power_rig_run_to(x.rig, 0x1000, MSR_DATA, 0x300);
    g_assert_cmphex(r->spr[SPR_DSISR], ==, DSISR_BADCONFIG);
    power_rig_free(x.rig);
}

/*
 * A changed PTE is seen after tlbie (broadcast) or a one-page tlbiel;
 * a PIDR change selects another tree without one.
 */
static void test_radix_tlbie(void)
{
    static const guint32 code[] = {
        0xe8a40000, /* ld 5,0(4) */
        0x44000022, /* sc 1 */
        0x7c4004ac, /* ptesync */
        0x7ce33264, /* tlbie 6,7,0,1,1 */
        0x7c00046c, /* tlbsync */
        0x7c4004ac, /* ptesync */
        0xe8a40000, /* ld 5,0(4) */
        0x44000022, /* sc 1 */
        0x7ce33224, /* tlbiel 6,7,0,1,1 */
        0x7c4004ac, /* ptesync */
        0xe8a40000, /* ld 5,0(4) */
        0x44000022, /* sc 1 */
        0x7d100ba6, /* mtspr PIDR,8 */
        0x4c00012c, /* isync */
        0xe8a40000, /* ld 5,0(4) */
        0x44000022, /* sc 1 */
    };
    Radix x = radix_rig();
    PowerRegs *r = &x.rig->cpu->regs;
    guint64 root = radix_new_tree(&x, 0), root9 = radix_new_tree(&x, 9);
    guint64 leaf = radix_map(&x, root, 0x40000, 0x50000, 16, KERNEL_RWX);

    radix_map(&x, root9, 0x40000, 0x70000, 16, KERNEL_RWX);
    POWER_RIG_PUT(x.rig, 0x1000, code);
    power_rig_put64(x.rig, 0x50100, 0xaaaa, FALSE);
    power_rig_put64(x.rig, 0x60100, 0xbbbb, FALSE);
    power_rig_put64(x.rig, 0x70100, 0xcccc, FALSE);
    power_rig_put64(x.rig, 0x80100, 0xdddd, FALSE);
    r->gpr[4] = 0x40100;
    power_rig_run_to(x.rig, 0x1000, MSR_DATA, 0x1004);
    g_assert_cmphex(r->gpr[5], ==, 0xaaaa);
    /* tlbie RB = the EPN, IS = 0, AP = 5 (64K); RS = PID 0 */
    power_rig_put64(x.rig, leaf, PTE_V | PTE_L | 0x60000 | KERNEL_RWX, FALSE);
    r->gpr[6] = 0x40000 | 5 << 5;
    r->gpr[7] = 0;
    power_rig_run_to(x.rig, 0x1008, MSR_DATA, 0x101c);
    g_assert_cmphex(r->gpr[5], ==, 0xbbbb);
    power_rig_put64(x.rig, leaf, PTE_V | PTE_L | 0x80000 | KERNEL_RWX, FALSE);
    power_rig_run_to(x.rig, 0x1020, MSR_DATA, 0x102c);
    g_assert_cmphex(r->gpr[5], ==, 0xdddd);
    r->gpr[8] = 9;
    power_rig_run_to(x.rig, 0x1030, MSR_DATA, 0x103c);
    g_assert_cmphex(r->gpr[5], ==, 0xcccc);
    power_rig_free(x.rig);
}

/*
 * Who may invalidate (as QEMU 7.2): without LPCR[GTSE] a guest's tlbie is
 * privileged-instruction, its tlbiel of its own process-scoped entries is
 * allowed; the partition-scoped forms (PRS=0) are never a radix guest's.
 */
static void test_radix_tlbie_privilege(void)
{
    static const struct { guint32 insn; gboolean gtse; gboolean ok; } cases[] = {
        { 0x7ce33264, TRUE, TRUE },     /* tlbie 6,7,0,1,1 */
        { 0x7ce33264, FALSE, FALSE },
        { 0x7ce33224, FALSE, TRUE },    /* tlbiel 6,7,0,1,1 */
        { 0x7c013224, TRUE, FALSE },    /* tlbiel 6,0,0,0,1 */
        { 0x7c013264, TRUE, FALSE },    /* tlbie 6,0,0,0,1 */
    };
    Radix x = radix_rig();
    PowerRegs *r = &x.rig->cpu->regs;

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        guint32 code[] = { cases[i].insn, 0x44000022 };

        POWER_RIG_PUT(x.rig, 0x1000, code);
        r->spr[SPR_LPCR] = (r->spr[SPR_LPCR] & ~LPCR_GTSE) | (cases[i].gtse ? LPCR_GTSE : 0);
        power_rig_run_to(x.rig, 0x1000, RIG_MSR, cases[i].ok ? 0x1004 : 0x700);
        if (!cases[i].ok) {
            g_assert_cmphex(r->spr[SPR_SRR1] & 0x783f0000, ==, SRR1_PROGPRIV);
        }
    }
    power_rig_free(x.rig);
}

/* Real mode of a radix guest: no RMA bound (Book III 5.7.3). */
static void test_radix_real_mode(void)
{
    static const guint32 code[] = {
        0xe8a40000, /* ld 5,0(4) */
        0x44000022, /* sc 1 */
    };
    Radix x = radix_rig();
    PowerRegs *r = &x.rig->cpu->regs;

    POWER_RIG_PUT(x.rig, 0x1000, code);
    power_rig_put64(x.rig, 0x2000000, 0x1234, FALSE);
    x.rig->cpu->rma_size = 0x1000000;
    r->gpr[4] = 0x2000000;
    power_rig_run_to(x.rig, 0x1000, RIG_MSR, 0x1004);
    g_assert_cmphex(r->gpr[5], ==, 0x1234);
    power_rig_free(x.rig);
}

void power_exec_radix_tests(void)
{
    g_test_add_func("/power/mmu/radix/page-sizes", test_radix_pages);
    g_test_add_func("/power/mmu/radix/reference-change", test_radix_rc);
    g_test_add_func("/power/mmu/radix/faults", test_radix_faults);
    g_test_add_func("/power/mmu/radix/tlbie", test_radix_tlbie);
    g_test_add_func("/power/mmu/radix/tlbie-privilege", test_radix_tlbie_privilege);
    g_test_add_func("/power/mmu/radix/real-mode", test_radix_real_mode);
}
