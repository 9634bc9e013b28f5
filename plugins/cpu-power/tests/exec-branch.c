/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Branches and the condition register run on accel-tcg (Power ISA Book I chapter 2). */
#include "power-rig.h"

/*
 * bc BO,BI over every BO and a few CR/CTR values, in both modes. The
 * expected outcome is Book I 2.4's: CTR decremented unless BO[2]; taken
 * when (BO[2] or (CTR != 0) xor BO[3]) and (BO[0] or CR[BI] == BO[1]); the
 * CTR test looks at the low word in 32-bit mode.
 */
static void test_bc(void)
{
    static const guint64 ctrs[] = { 0, 1, 2, 0x100000001ull, 0x100000000ull };
    static const guint32 crs[] = { 0x00000000, 0xffffffff, 0x20000000, 0x04000000 };
    static const unsigned bis[] = { 2, 5, 0 };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);

    for (unsigned bo = 0; bo < 32; bo++) {
        for (guint b = 0; b < G_N_ELEMENTS(bis); b++) {
            guint32 code[] = {
                0x40000010 | bo << 21 | bis[b] << 16,   /* bc BO,BI,.+0x10 */
                0x38e00000, /* li 7,0 */
                0x44000022, /* sc 1 */
                0x60000000, /* nop */
                0x38e00001, /* li 7,1 */
                0x44000022, /* sc 1 */
            };
            POWER_RIG_PUT(rig, 0x1000, code);
            for (guint c = 0; c < G_N_ELEMENTS(ctrs); c++) {
                for (guint r = 0; r < G_N_ELEMENTS(crs); r++) {
                    for (guint sf = 0; sf < 2; sf++) {
                        guint64 ctr = ctrs[c], ctr_after = (bo & 4) ? ctr : ctr - 1;
                        guint64 ctr_test = sf ? ctr_after : (guint32)ctr_after;
                        gboolean ctr_ok = (bo & 4) || ((ctr_test != 0) != ((bo >> 1) & 1));
                        gboolean crbit = (crs[r] >> (31 - bis[b])) & 1;
                        gboolean cond_ok = (bo & 16) || crbit == (gboolean)((bo >> 3) & 1);
                        gboolean taken = ctr_ok && cond_ok;

                        for (int f = 0; f < 8; f++) {
                            rig->cpu->regs.crf[f] = (crs[r] >> (28 - 4 * f)) & 0xf;
                        }
                        rig->cpu->regs.ctr = ctr;
                        power_rig_run_to(rig, 0x1000, RIG_MSR & ~(sf ? 0 : MSR_BIT(MSR_SF)),
                                         taken ? 0x1014 : 0x1008);
                        g_assert_cmphex(rig->cpu->regs.ctr, ==, ctr_after);
                        g_assert_cmpuint(rig->cpu->regs.gpr[7], ==, taken);
                    }
                }
            }
        }
    }
    power_rig_free(rig);
}

/* bdnz loops, bl/blr, ba/bla and the 32-bit wrap of targets and LR. */
static void test_branch_link(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    static const guint32 main_code[] = {
        0x38e00000, /* 0x1000: li 7,0 */
        0x38e70001, /* 0x1004: loop: addi 7,7,1 */
        0x4200fffc, /* 0x1008: bdnz loop */
        0x48000101, /* 0x100c: bl .+0x100 (0x110c) */
        0x48002003, /* 0x1010: bla 0x2000 */
        0x44000022, /* 0x1014: sc 1 */
    };
    static const guint32 sub[] = {
        0x39070000, /* 0x110c: addi 8,7,0 */
        0x4e800020, /* 0x1110: blr */
    };
    static const guint32 abs_sub[] = {
        0x7d2802a6, /* 0x2000: mflr 9 */
        0x39490006, /* 0x2004: addi 10,9,6 */
        0x7d4803a6, /* 0x2008: mtlr 10 */
        0x4e800020, /* 0x200c: blr, to 0x101a & ~3 */
    };

    POWER_RIG_PUT(rig, 0x1000, main_code);
    POWER_RIG_PUT(rig, 0x110c, sub);
    POWER_RIG_PUT(rig, 0x2000, abs_sub);
    power_rig_put_stop(rig, 0x1018, FALSE);
    rig->cpu->regs.ctr = 5;
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x1018);
    g_assert_cmpuint(rig->cpu->regs.gpr[7], ==, 5);
    g_assert_cmpuint(rig->cpu->regs.gpr[8], ==, 5);
    g_assert_cmphex(rig->cpu->regs.gpr[9], ==, 0x1014);     /* LR from bla */
    g_assert_cmphex(rig->cpu->regs.ctr, ==, 0);

    /* 32-bit mode: bcctr to a target with high bits jumps to its low word; LR is 32-bit */
    {
        static const guint32 code[] = {
            0x4e800421, /* 0x1000: bcctrl 20,0 */
        };
        POWER_RIG_PUT(rig, 0x1000, code);
        power_rig_put_stop(rig, 0x3000, FALSE);
        rig->cpu->regs.ctr = 0xffffffff00003003ull;
        power_rig_run_to(rig, 0x1000, RIG_MSR & ~MSR_BIT(MSR_SF), 0x3000);
        g_assert_cmphex(rig->cpu->regs.lr, ==, 0x1004);
        g_assert_cmphex(rig->cpu->regs.spr[SPR_CFAR], ==, 0x1000);
    }

    /*
     * bcctr 2,0,0, Linux's count-cache flush: BO=0b00010 branches when CR bit 0
     * is clear and CTR is 0 *before* the decrement. Linux runs it with a non-zero
     * CTR, so it falls through and CTR goes down by one.
     */
    {
        static const guint32 code[] = {
            0x4c400420, /* 0x1000: bcctr 2,0,0 */
        };
        POWER_RIG_PUT(rig, 0x1000, code);
        power_rig_put_stop(rig, 0x1004, FALSE);
        rig->cpu->regs.ctr = 0x7fff;
        rig->cpu->regs.crf[0] = 0;
        power_rig_run_to(rig, 0x1000, RIG_MSR, 0x1004);
        g_assert_cmphex(rig->cpu->regs.ctr, ==, 0x7ffe);
        /* CTR 1: the old value is tested, so still not taken, and CTR reaches 0 */
        rig->cpu->regs.ctr = 1;
        power_rig_run_to(rig, 0x1000, RIG_MSR, 0x1004);
        g_assert_cmphex(rig->cpu->regs.ctr, ==, 0);
    }
    power_rig_free(rig);
}

/*
 * CR moves and logic, isel, setb, mcrxrx, and the XER/LR/CTR/TAR moves,
 * with the values worked out by hand from Book I: after mtcrf the fields
 * are 8 9 a b c d e f (a = LT and EQ set).
 */
static void test_cr_moves(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    static const guint32 code[] = {
        0x7c6ff120, /* mtcrf 0xff,3: CR = 0x89abcdef */
        0x7c940120, /* mtocrf 0x40,4: CR1 = r4 >> 24 & 15 = 0 */
        0x7cf20026, /* mfocrf 7,0x20: r7 = CR2 << 20 */
        0x4c295a02, /* crand 1,9,11: CR0.GT = CR2.GT & CR2.SO = 0 */
        0x4c401842, /* crnor 2,0,3: CR0.EQ = ~(CR0.LT | CR0.SO) = 0 */
        0x4c631a42, /* creqv 3,3,3: CR0.SO = 1 */
        0x4f880000, /* mcrf 7,2 */
        0x7d00221e, /* isel 8,0,4,8: CR2.LT = 1: r8 = 0 (RA=0) */
        0x7d242a5e, /* isel 9,4,5,9: CR2.GT = 0: r9 = r5 */
        0x7d400100, /* setb 10,0: CR0 = 9: -1 */
        0x7d640100, /* setb 11,1: CR1 = 0: 0 */
        0x7cc103a6, /* mtxer 6 */
        0x7f000480, /* mcrxrx 6: OV OV32 CA CA32 */
        0x7d800026, /* mfcr 12 */
        0x7c6803a6, /* mtlr 3 */
        0x7da802a6, /* mflr 13 */
        0x7c8903a6, /* mtctr 4 */
        0x7dc902a6, /* mfctr 14 */
        0x7cafcba6, /* mtspr 815,5 (TAR) */
        0x7defcaa6, /* mfspr 15,815 */
        0x7e0102a6, /* mfxer 16 */
        0x44000022, /* sc 1 */
    };
    PowerRegs *r = &rig->cpu->regs;

    POWER_RIG_PUT(rig, 0x1000, code);
    r->gpr[3] = 0x89abcdef;
    r->gpr[4] = 0x1111;
    r->gpr[5] = 0x2222;
    r->gpr[6] = 0x40040000;     /* OV, CA32 */
    r->gpr[8] = 0x5555;
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x1000 + 4 * (G_N_ELEMENTS(code) - 1));
    g_assert_cmphex(r->gpr[7], ==, 0xa00000);
    g_assert_cmphex(r->gpr[8], ==, 0);
    g_assert_cmphex(r->gpr[9], ==, 0x2222);
    g_assert_cmphex(r->gpr[10], ==, ~0ull);
    g_assert_cmphex(r->gpr[11], ==, 0);
    g_assert_cmphex(r->gpr[12], ==, 0x90abcd9a);
    g_assert_cmphex(r->gpr[13], ==, 0x89abcdef);
    g_assert_cmphex(r->gpr[14], ==, 0x1111);
    g_assert_cmphex(r->gpr[15], ==, 0x2222);
    g_assert_cmphex(r->gpr[16], ==, 0x40040000);
    g_assert_cmphex(power_cpu_get_cr(rig->cpu), ==, 0x90abcd9a);
    power_rig_free(rig);
}

void power_exec_branch_tests(void)
{
    g_test_add_func("/power/branch/cr-moves", test_cr_moves);
    g_test_add_func("/power/branch/bc", test_bc);
    g_test_add_func("/power/branch/link", test_branch_link);
}
