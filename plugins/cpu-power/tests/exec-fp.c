/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Floating-point instructions run on accel-tcg, against results worked out exactly from the ISA. */
#include "power-rig.h"

#include <string.h>

/*
 * One batch runs an instruction on many inputs: the loop loads FRA (f2),
 * FRB (f3), FRC (f4), the FPSCR (mtfsf with L=1) and FRT (f1), clears CR,
 * runs the instruction and stores FRT, the FPSCR (mffs) and CR.
 */
typedef struct {
    guint32 insn;
    guint64 a, b, c, fpscr, frt;
    guint64 want_frt, want_fpscr;
    guint32 want_cr;
    const char *what;
} FpCase;

#define FP_CODE 0x1000
#define FP_TABLE 0x100000
#define FP_INSN_SLOT 9

static const guint32 fp_code[] = {
    0xc8540000, /* loop: lfd 2,0(20) */
    0xc8740008, /* lfd 3,8(20) */
    0xc8940010, /* lfd 4,16(20) */
    0xc8b40018, /* lfd 5,24(20) */
    0xfffe2d8e, /* mtfsf 0xff,5,1,0 (L=1: the whole FPSCR) */
    0xc8340020, /* lfd 1,32(20) */
    0x39200000, /* li 9,0 */
    0x7d2ff120, /* mtcrf 0xff,9 */
    0x60000000, /* nop */
    0x60000000, /* the instruction under test */
    0xd8340028, /* stfd 1,40(20) */
    0xfcc0048e, /* mffs 6 */
    0xd8d40030, /* stfd 6,48(20) */
    0x7d200026, /* mfcr 9 */
    0xf9340038, /* std 9,56(20) */
    0x3a940040, /* addi 20,20,64 */
    0x4200ffc0, /* bdnz loop */
    0x44000022, /* sc 1 */
};

/* FPSCR bits (Book I 4.2.2) */
#define FX 0x80000000ull
#define FEX 0x40000000ull
#define VX 0x20000000ull
#define OX 0x10000000ull
#define UX 0x08000000ull
#define ZX 0x04000000ull
#define XX 0x02000000ull
#define VXSNAN 0x01000000ull
#define VXISI 0x00800000ull
#define VXIDI 0x00400000ull
#define VXZDZ 0x00200000ull
#define VXIMZ 0x00100000ull
#define VXVC 0x00080000ull
#define FR 0x00040000ull
#define FI 0x00020000ull
#define VXSQRT 0x00000200ull
#define VXCVI 0x00000100ull
#define VE 0x80ull
#define ZE 0x10ull
/* FPRF, shifted into place */
#define PNORM 0x04000ull
#define NNORM 0x08000ull
#define PZERO 0x02000ull
#define NZERO 0x12000ull
#define PDEN 0x14000ull
#define PINF 0x05000ull
#define QNANF 0x11000ull
#define FL 0x08000ull
#define FU 0x01000ull
#define RN_RZ 1
#define RN_RP 2
#define RN_RM 3

/* Values */
#define ONE 0x3ff0000000000000ull
#define TWO 0x4000000000000000ull
#define THREE 0x4008000000000000ull
#define MONE 0xbff0000000000000ull
#define P2M53 0x3ca0000000000000ull     /* 2^-53: half an ulp of 1.0 */
#define P2M60 0x3c30000000000000ull
#define PINFV 0x7ff0000000000000ull
#define NINFV 0xfff0000000000000ull
#define DNAN 0x7ff8000000000000ull
#define SNAN1 0x7ff0000000000001ull
#define QNAN2 0x7ff8000000000002ull
#define NQNAN5 0xfff8000000000005ull
#define DMAX 0x7fefffffffffffffull
#define DMIN 0x0010000000000000ull      /* 2^-1022 */
#define MARK 0x1234567812345678ull     /* FRT before: shows a suppressed write */

/* Encodings: A form (FRT, FRA, FRB, FRC, XO, Rc) and X form (T, A, B, XO, Rc). */
#define A(po, t, a, b, c, xo, rc) \
    ((guint32)(po) << 26 | (t) << 21 | (a) << 16 | (b) << 11 | (c) << 6 | (xo) << 1 | (rc))
#define X(po, t, a, b, xo, rc) \
    ((guint32)(po) << 26 | (t) << 21 | (a) << 16 | (b) << 11 | (xo) << 1 | (rc))
#define FADD A(63, 1, 2, 3, 0, 21, 0)
#define FADD_RC A(63, 1, 2, 3, 0, 21, 1)
#define FADDS A(59, 1, 2, 3, 0, 21, 0)
#define FSUB A(63, 1, 2, 3, 0, 20, 0)
#define FMUL A(63, 1, 2, 0, 4, 25, 0)
#define FDIV A(63, 1, 2, 3, 0, 18, 0)
#define FSQRT A(63, 1, 0, 3, 0, 22, 0)
#define FMADD A(63, 1, 2, 3, 4, 29, 0)
#define FNMADD A(63, 1, 2, 3, 4, 31, 0)
#define FRSP X(63, 1, 0, 3, 12, 0)
#define FCTIW X(63, 1, 0, 3, 14, 0)
#define FCTIWZ X(63, 1, 0, 3, 15, 0)
#define FCTID X(63, 1, 0, 3, 814, 0)
#define FCTIDU X(63, 1, 0, 3, 942, 0)
#define FCTIDZ X(63, 1, 0, 3, 815, 0)
#define FCTIDUZ X(63, 1, 0, 3, 943, 0)
#define FCTIWU X(63, 1, 0, 3, 142, 0)
#define FCFID X(63, 1, 0, 3, 846, 0)
#define FCFIDS X(59, 1, 0, 3, 846, 0)
#define FCMPU_CR2 X(63, 2 << 2, 2, 3, 0, 0)
#define FCMPO_CR2 X(63, 2 << 2, 2, 3, 32, 0)
#define FRIN X(63, 1, 0, 3, 392, 0)
#define FRIM X(63, 1, 0, 3, 488, 0)
#define FSEL A(63, 1, 2, 3, 4, 23, 0)
#define FNABS_RC X(63, 1, 0, 3, 136, 1)
#define MTFSB1_OX_RC X(63, 3, 0, 0, 38, 1)
#define MCRFS_CR2_0 X(63, 2 << 2, 0, 0, 64, 0)
#define MFFSL X(63, 1, 24, 0, 583, 0)
#define MFFSCE X(63, 1, 1, 0, 583, 0)
#define MFFSCRNI_2 X(63, 1, 23, 2, 583, 0)

static const FpCase fp_cases[] = {
    { FADD, ONE, TWO, 0, 0, MARK, THREE, PNORM, 0, "exact" },
    { FADD, ONE, P2M53, 0, 0, MARK, ONE, FX | XX | FI | PNORM, 0, "tie to even" },
    { FADD, ONE, P2M53, 0, RN_RP, MARK, ONE + 1, FX | XX | FR | FI | PNORM | RN_RP, 0,
      "toward +inf: FR" },
    { FADD, ONE, P2M53, 0, RN_RZ, MARK, ONE, FX | XX | FI | PNORM | RN_RZ, 0, "toward zero" },
    { FADD, MONE, P2M53 | (1ull << 63), 0, RN_RM, MARK, MONE + 1,
      FX | XX | FR | FI | NNORM | RN_RM, 0, "toward -inf, negative" },
    { FADD, ONE, MONE, 0, RN_RM, MARK, 1ull << 63, NZERO | RN_RM, 0, "x - x is -0 toward -inf" },
    { FADD, PINFV, NINFV, 0, 0, MARK, DNAN, FX | VX | VXISI | QNANF, 0, "inf - inf" },
    { FADD_RC, PINFV, NINFV, 0, 0, MARK, DNAN, FX | VX | VXISI | QNANF, 0x0a000000,
      "inf - inf, Rc=1: CR1 = FX VX" },
    { FSUB, PINFV, PINFV, 0, 0, MARK, DNAN, FX | VX | VXISI | QNANF, 0, "fsub inf - inf" },
    { FADD, SNAN1, QNAN2, 0, 0, MARK, SNAN1 | (1ull << 51), FX | VX | VXSNAN | QNANF, 0,
      "first operand SNaN: quieted" },
    { FADD, QNAN2, SNAN1, 0, 0, MARK, QNAN2, FX | VX | VXSNAN | QNANF, 0,
      "first operand QNaN wins over a later SNaN" },
    { FADD, ONE, NQNAN5, 0, 0, MARK, NQNAN5, QNANF, 0, "QNaN propagates, sign kept" },
    { FADD, PINFV, NINFV, 0, VE, MARK, MARK, FX | FEX | VX | VXISI | VE, 0,
      "VE=1: FRT and FPRF unchanged" },
    { FMUL, 0, 0, PINFV, 0, MARK, DNAN, FX | VX | VXIMZ | QNANF, 0, "0 * inf" },
    { FDIV, 0, 0, 0, 0, MARK, DNAN, FX | VX | VXZDZ | QNANF, 0, "0 / 0" },
    { FDIV, PINFV, NINFV, 0, 0, MARK, DNAN, FX | VX | VXIDI | QNANF, 0, "inf / inf" },
    { FDIV, ONE, 1ull << 63, 0, 0, MARK, NINFV, FX | ZX | 0x09000ull, 0, "1 / -0" },
    { FDIV, ONE, 0, 0, ZE, MARK, MARK, FX | FEX | ZX | ZE, 0, "ZE=1: FRT unchanged" },
    { FSQRT, 0, MONE, 0, 0, MARK, DNAN, FX | VX | VXSQRT | QNANF, 0, "sqrt(-1)" },
    { FSQRT, 0, 1ull << 63, 0, 0, MARK, 1ull << 63, NZERO, 0, "sqrt(-0) = -0" },
    { FSQRT, 0, 0x4010000000000000ull, 0, 0, MARK, TWO, PNORM, 0, "sqrt(4)" },
    { FMUL, DMAX, 0, TWO, 0, MARK, PINFV, FX | OX | XX | FR | FI | PINF, 0, "overflow" },
    { FMUL, DMAX, 0, TWO, RN_RZ, MARK, DMAX, FX | OX | XX | FI | PNORM | RN_RZ, 0,
      "overflow toward zero: largest number" },
    { FMUL, DMIN, 0, 0x3fe0000000000000ull, 0, MARK, 0x0008000000000000ull, PDEN, 0,
      "exact denormal: no underflow" },
    { FMUL, DMIN, 0, 0x3fe0000000000001ull, 0, MARK, 0x0008000000000000ull,
      FX | UX | XX | FI | PDEN, 0, "inexact denormal: underflow" },
    { FMUL, DMIN, 0, 0x3fe0000000000001ull, RN_RP, MARK, 0x0008000000000001ull,
      FX | UX | XX | FR | FI | PDEN | RN_RP, 0, "inexact denormal toward +inf" },
    { FMUL, 0x3ff0000000000001ull, 0, 0x000fffffffffffffull, 0, MARK, DMIN,
      FX | UX | XX | FR | FI | PNORM, 0, "tiny before rounding, normal after: underflow" },
    { FMUL, DMAX, 0, DMAX, 0x40, MARK, 0x5feffffffffffffeull,
      FX | FEX | OX | XX | FI | PNORM | 0x40, 0, "OE=1: the exponent adjusted by -1536" },
    { FMUL, DMIN, 0, P2M53, 0x20, MARK, 0x5cc0000000000000ull, FX | FEX | UX | PNORM | 0x20, 0,
      "UE=1: exact but tiny, the exponent adjusted by +1536" },
    { FADDS, ONE, 0x3e10000000000000ull, 0, 0, MARK, ONE, FX | XX | FI | PNORM, 0,
      "fadds: 1 + 2^-30 rounds to 1" },
    { FADDS, ONE, 0x3e70000000010000ull, 0, 0, MARK, 0x3ff0000020000000ull,
      FX | XX | FR | FI | PNORM, 0, "fadds: 1 + 2^-24 + 2^-60 rounds once, up" },
    { FADDS, 0x47efffffe0000000ull, 0x47efffffe0000000ull, 0, 0, MARK, PINFV,
      FX | OX | XX | FR | FI | PINF, 0, "fadds: overflow of the single range" },
    { FMADD, ONE, QNAN2, SNAN1, 0, MARK, QNAN2, FX | VX | VXSNAN | QNANF, 0,
      "fmadd: FRB's NaN before FRC's" },
    { FMADD, 0, ONE, PINFV, 0, MARK, DNAN, FX | VX | VXIMZ | QNANF, 0, "fmadd: 0 * inf" },
    { FMADD, PINFV, NINFV, ONE, 0, MARK, DNAN, FX | VX | VXISI | QNANF, 0,
      "fmadd: inf - inf" },
    { FNMADD, ONE, ONE, ONE, 0, MARK, 0xc000000000000000ull, NNORM, 0, "fnmadd" },
    { FNMADD, ONE, P2M60, ONE, RN_RM, MARK, MONE, FX | XX | FI | NNORM | RN_RM, 0,
      "fnmadd: rounded toward -inf, then negated" },
    { FNMADD, NQNAN5, ONE, ONE, 0, MARK, NQNAN5, QNANF, 0, "fnmadd: a NaN is not negated" },
    { FRSP, 0, 0x3ff0000010000000ull, 0, 0, MARK, ONE, FX | XX | FI | PNORM, 0,
      "frsp: tie to even" },
    { FRSP, 0, SNAN1, 0, 0, MARK, DNAN, FX | VX | VXSNAN | QNANF, 0,
      "frsp: SNaN quieted, fraction cut to single" },
    { FCTIW, 0, 0x41e0000000000000ull, 0, 0, MARK, 0x7fffffff, FX | VX | VXCVI | QNANF, 0,
      "fctiw 2^31: saturates" },
    { FCTIW, 0, 0xc1e0000000000000ull, 0, 0, MARK, 0xffffffff80000000ull, 0, 0,
      "fctiw -2^31: exact" },
    { FCTIW, 0, SNAN1, 0, 0, MARK, 0x80000000ull, FX | VX | VXSNAN | VXCVI | QNANF, 0,
      "fctiw SNaN" },
    { FCTIW, 0, 0x400c000000000000ull, 0, 0, MARK, 4, FX | XX | FR | FI, 0,
      "fctiw 3.5: to even, up" },
    { FCTIWZ, 0, 0x4004000000000000ull, 0, 0, MARK, 2, FX | XX | FI, 0, "fctiwz 2.5" },
    { FCTID, 0, 0x43e0000000000000ull, 0, 0, MARK, 0x7fffffffffffffffull,
      FX | VX | VXCVI | QNANF, 0,
      "fctid 2^63: saturates" },
    { FCTIDZ, 0, 0xc004000000000000ull, 0, 0, MARK, 0xfffffffffffffffeull, FX | XX | FI, 0,
      "fctidz -2.5: toward zero" },
    { FCTIDZ, 0, SNAN1, 0, 0, MARK, 0x8000000000000000ull, FX | VX | VXSNAN | VXCVI | QNANF, 0,
      "fctidz SNaN" },
    { FCTIDUZ, 0, 0x43f0000000000000ull, 0, 0, MARK, ~0ull, FX | VX | VXCVI | QNANF, 0,
      "fctiduz 2^64: saturates" },
    { FCTIDUZ, 0, 0x4004000000000000ull, 0, 0, MARK, 2, FX | XX | FI, 0, "fctiduz 2.5" },
    { FCTID, 0, 0xc3e0000000000000ull, 0, 0, MARK, 0x8000000000000000ull, 0, 0,
      "fctid -2^63: exact" },
    { FCTIDU, 0, 1ull << 63, 0, 0, MARK, 0, 0, 0, "fctidu -0" },
    { FCTIDU, 0, 0xbfe0000000000000ull, 0, 0, MARK, 0, FX | XX | FI, 0,
      "fctidu -0.5 rounds to 0" },
    { FCTIWU, 0, MONE, 0, 0, MARK, 0, FX | VX | VXCVI | QNANF, 0, "fctiwu -1" },
    { FCFID, 0, 0x0020000000000001ull, 0, 0, MARK, 0x4340000000000000ull,
      FX | XX | FI | PNORM, 0, "fcfid 2^53+1" },
    { FCFIDS, 0, 0x0000000001000001ull, 0, 0, MARK, 0x4170000000000000ull,
      FX | XX | FI | PNORM, 0, "fcfids 2^24+1" },
    { FCMPU_CR2, ONE, TWO, 0, 0, MARK, MARK, FL, 0x00800000, "fcmpu 1 < 2" },
    { FCMPU_CR2, SNAN1, TWO, 0, 0, MARK, MARK, FX | VX | VXSNAN | FU, 0x00100000,
      "fcmpu SNaN" },
    { FCMPO_CR2, QNAN2, TWO, 0, 0, MARK, MARK, FX | VX | VXVC | FU, 0x00100000, "fcmpo QNaN" },
    { FCMPO_CR2, SNAN1, TWO, 0, 0, MARK, MARK, FX | VX | VXSNAN | VXVC | FU, 0x00100000,
      "fcmpo SNaN, VE=0" },
    { FRIN, 0, 0x4004000000000000ull, 0, 0, MARK, THREE, PNORM, 0, "frin 2.5: away from 0" },
    { FRIM, 0, 0xbfe0000000000000ull, 0, 0, MARK, MONE, NNORM, 0, "frim -0.5" },
    { FSEL, 1ull << 63, TWO, THREE, 0, MARK, THREE, 0, 0, "fsel -0 >= 0" },
    { FSEL, DNAN, TWO, THREE, 0, MARK, TWO, 0, 0, "fsel NaN" },
    { FNABS_RC, 0, ONE, 0, FX | OX, MARK, MONE, FX | OX, 0x09000000, "fnabs.: CR1 from FPSCR" },
    { MTFSB1_OX_RC, 0, 0, 0, 0, MARK, MARK, FX | OX, 0x09000000, "mtfsb1. OX sets FX" },
    { MCRFS_CR2_0, 0, 0, 0, FX | OX | FEX | 0x40ull, MARK, MARK, 0x40, 0x00d00000,
      "mcrfs: copies and clears FX, OX" },
    { MFFSL, 0, 0, 0, FX | OX | FI | PNORM | VE | 3, MARK, FI | PNORM | VE | 3,
      FX | OX | FI | PNORM | VE | 3, 0, "mffsl: the control and status bits" },
    { MFFSCE, 0, 0, 0, FX | ZX | ZE, MARK, FX | FEX | ZX | ZE, FX | ZX, 0,
      "mffsce: clears the enables, and so FEX" },
    { MFFSCRNI_2, 0, 0, 0, FX | OX | VE | 1, MARK, VE | 1, FX | OX | VE | 2, 0,
      "mffscrni: RN from the instruction" },
};

#include "exec-fp-table.h"

static void run_fp_cases(const FpCase *fp_cases, guint n)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint failed = 0;

    for (guint i = 0; i < n; i++) {
        guint32 code[G_N_ELEMENTS(fp_code)];
        guint64 a = FP_TABLE;

        memcpy(code, fp_code, sizeof(code));
        code[FP_INSN_SLOT] = fp_cases[i].insn;
        POWER_RIG_PUT(rig, FP_CODE, code);
        power_rig_put64(rig, a, fp_cases[i].a, FALSE);
        power_rig_put64(rig, a + 8, fp_cases[i].b, FALSE);
        power_rig_put64(rig, a + 16, fp_cases[i].c, FALSE);
        power_rig_put64(rig, a + 24, fp_cases[i].fpscr, FALSE);
        power_rig_put64(rig, a + 32, fp_cases[i].frt, FALSE);
        rig->cpu->regs.gpr[20] = FP_TABLE;
        rig->cpu->regs.ctr = 1;
        power_rig_run_to(rig, FP_CODE, RIG_MSR | MSR_BIT(MSR_FP) | MSR_BIT(MSR_VSX),
                         FP_CODE + 4 * (G_N_ELEMENTS(fp_code) - 1));
        if (power_rig_get64(rig, a + 40, FALSE) != fp_cases[i].want_frt ||
            power_rig_get64(rig, a + 48, FALSE) != fp_cases[i].want_fpscr ||
            power_rig_get64(rig, a + 56, FALSE) != fp_cases[i].want_cr) {
            failed++;
            g_printerr("%s (0x%08x): FRT %016" G_GINT64_MODIFIER "x FPSCR %08" G_GINT64_MODIFIER
                    "x CR %08" G_GINT64_MODIFIER "x, expected %016" G_GINT64_MODIFIER
                    "x %08" G_GINT64_MODIFIER "x %08x\n", fp_cases[i].what, fp_cases[i].insn,
                    power_rig_get64(rig, a + 40, FALSE), power_rig_get64(rig, a + 48, FALSE),
                    power_rig_get64(rig, a + 56, FALSE), fp_cases[i].want_frt,
                    fp_cases[i].want_fpscr, fp_cases[i].want_cr);
        }
    }
    g_assert_cmpuint(failed, ==, 0);
    power_rig_free(rig);
}

static void test_fp_cases(void)
{
    run_fp_cases(fp_cases, G_N_ELEMENTS(fp_cases));
}

/* exec-fp-table.h: arithmetic in the four rounding modes, worked out with exact fractions. */
static void test_fp_table(void)
{
    run_fp_cases(fp_table_cases, G_N_ELEMENTS(fp_table_cases));
}

/*
 * The VSX scalar forms of an A-form arithmetic case: the same result and
 * FPSCR, no CR (Book I 7.6). XT is f1, XA f2, XB f3; the multiply-adds run
 * as A form (f1 = f2 * f3 + f1) and as M form (f1 = f2 * f1 + f3). Returns
 * how many forms were written to @out (0: no VSX form).
 */
static guint vsx_scalar_forms(const FpCase *c, FpCase *out)
{
    /* by the A-form xo: the XX3 (or XX2 for the one-operand ones) xo, double and single */
    static const struct { guint8 xo; guint16 dp, sp; gboolean xx2, madd, mul; } map[] = {
        { 21, 32, 0 }, { 20, 40, 8 }, { 18, 56, 24 }, { 25, 48, 16, FALSE, FALSE, TRUE },
        { 22, 75, 11, TRUE }, { 24, 90, 26, TRUE }, { 26, 74, 10, TRUE },
        { 29, 33, 1, FALSE, TRUE }, { 28, 49, 17, FALSE, TRUE },
        { 31, 161, 129, FALSE, TRUE }, { 30, 177, 145, FALSE, TRUE },
    };
    /* by the X-form xo (opcode 63): the XX2 xo, or the XX3 one of the compares */
    static const struct { guint16 xo, xs; gboolean cmp, cvt; } xmap[] = {
        { 815, 344, FALSE, TRUE }, { 943, 328, FALSE, TRUE },
        { 846, 376 }, { 974, 360 }, { 12, 281 },
        { 392, 73 }, { 424, 89 }, { 456, 105 }, { 488, 121 },
        { 0, 35, TRUE }, { 32, 43, TRUE }, { 128, 61, TRUE },
    };
    unsigned po = c->insn >> 26, xo = (c->insn >> 1) & 31;

    if (po == 63) {
        for (guint i = 0; i < G_N_ELEMENTS(xmap); i++) {
            if (xmap[i].xo != ((c->insn >> 1) & 0x3ff)) {
                continue;
            }
            out[0] = *c;
            if (xmap[i].cmp) {
                out[0].insn = 60u << 26 | (c->insn & 0x03800000) | 2 << 16 | 3 << 11 |
                              xmap[i].xs << 3;
            } else {
                out[0].insn = 60u << 26 | 1 << 21 | 3 << 11 | xmap[i].xs << 2;
                out[0].want_cr = 0;
                if (xmap[i].cvt && (c->want_fpscr & VXCVI)) {
                    /* xscvdp[su]xds leave FPRF as it was */
                    out[0].want_fpscr = (c->want_fpscr & ~0x1f000ull) | (c->fpscr & 0x1f000ull);
                }
            }
            return 1;
        }
    }
    if (po != 63 && po != 59) {
        return 0;
    }
    for (guint i = 0; i < G_N_ELEMENTS(map); i++) {
        guint32 x = po == 63 ? map[i].dp : map[i].sp;

        if (map[i].xo != xo) {
            continue;
        }
        out[0] = *c;
        out[0].want_cr = 0;
        if (map[i].xx2) {
            out[0].insn = 60u << 26 | 1 << 21 | 3 << 11 | x << 2;
            return 1;
        }
        out[0].insn = 60u << 26 | 1 << 21 | 2 << 16 | 3 << 11 | x << 3;
        if (map[i].mul) {
            out[0].b = c->c;
        }
        if (!map[i].madd) {
            return 1;
        }
        out[0].b = c->c;
        out[0].frt = c->b;
        out[1] = out[0];
        out[1].insn += 8 << 3;
        out[1].b = c->b;
        out[1].frt = c->c;
        return 2;
    }
    return 0;
}

static void run_vsx_scalar_cases(const FpCase *cases, guint n)
{
    GArray *xs = g_array_new(FALSE, FALSE, sizeof(FpCase));

    for (guint i = 0; i < n; i++) {
        FpCase out[2];
        guint k = vsx_scalar_forms(&cases[i], out);

        g_array_append_vals(xs, out, k);
    }
    g_assert_cmpuint(xs->len, >, 0);
    run_fp_cases((const FpCase *)xs->data, xs->len);
    g_array_free(xs, TRUE);
}

static void test_vsx_scalar_cases(void)
{
    run_vsx_scalar_cases(fp_cases, G_N_ELEMENTS(fp_cases));
    run_vsx_scalar_cases(fp_table_cases, G_N_ELEMENTS(fp_table_cases));
}

/*
 * An enabled exception with MSR[FE0,FE1] != 0: the program interrupt with
 * SRR1[43] and SRR0 at the instruction (Book III 7.5.9); with VE=1 the
 * target is not written; with XE=1 it is, before the interrupt.
 */
static void test_fp_enabled_exception(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;
    guint64 msr = RIG_MSR | MSR_BIT(MSR_FP) | MSR_BIT(MSR_FE0) | MSR_BIT(MSR_FE1);
    guint32 insn = FADD;

    power_rig_stop_at_vectors(rig);
    power_rig_put(rig, 0x1000, &insn, 1, FALSE);
    power_rig_put_stop(rig, 0x1004, FALSE);

    r->vsr[1].dw[0] = MARK;
    r->vsr[2].dw[0] = PINFV;
    r->vsr[3].dw[0] = NINFV;
    r->fpscr = VE;
    power_rig_run_to(rig, 0x1000, msr, 0x700);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1000);
    g_assert_cmphex(r->spr[SPR_SRR1] & 0x783f0000, ==, SRR1_PROGFP);
    g_assert_cmphex(r->vsr[1].dw[0], ==, MARK);
    g_assert_cmphex(r->fpscr, ==, FX | FEX | VX | VXISI | VE);

    /* inexact enabled: the result is written, then the interrupt */
    r->vsr[2].dw[0] = ONE;
    r->vsr[3].dw[0] = P2M53;
    r->fpscr = 0x08;
    power_rig_run_to(rig, 0x1000, msr, 0x700);
    g_assert_cmphex(r->vsr[1].dw[0], ==, ONE);
    g_assert_cmphex(r->fpscr, ==, FX | FEX | XX | FI | PNORM | 0x08);

    /* the same with MSR[FE0,FE1] = 0: no interrupt */
    r->fpscr = 0x08;
    power_rig_run_to(rig, 0x1000, RIG_MSR | MSR_BIT(MSR_FP), 0x1004);
    g_assert_cmphex(r->fpscr, ==, FX | FEX | XX | FI | PNORM | 0x08);

    /* mtfsb1 setting an enabled exception bit (OX with OE=1) */
    insn = MTFSB1_OX_RC & ~1u;
    power_rig_put(rig, 0x1000, &insn, 1, FALSE);
    r->fpscr = 0x40;
    power_rig_run_to(rig, 0x1000, msr, 0x700);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1000);
    g_assert_cmphex(r->spr[SPR_SRR1] & 0x783f0000, ==, SRR1_PROGFP);
    g_assert_cmphex(r->fpscr, ==, FX | FEX | OX | 0x40);
    power_rig_free(rig);
}

/* VSX scalar results go to doubleword 0 of any VSR, VRs too, and doubleword 1 becomes 0. */
static void test_vsx_scalar_vsr(void)
{
    guint32 insn = 60u << 26 | 2 << 21 | 1 << 16 | 3 << 11 | 32 << 3 | 7; /* xsadddp 34,33,35 */
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerVsr *v = rig->cpu->regs.vsr;

    v[33].dw[0] = 0x3ff0000000000000ull;
    v[33].dw[1] = MARK;
    v[35].dw[0] = 0x4000000000000000ull;
    v[35].dw[1] = MARK;
    v[34].dw[1] = MARK;
    power_rig_stop_at_vectors(rig);
    power_rig_put(rig, 0x1000, &insn, 1, FALSE);
    power_rig_put_stop(rig, 0x1004, FALSE);
    power_rig_run_to(rig, 0x1000, RIG_MSR | MSR_BIT(MSR_FP) | MSR_BIT(MSR_VSX), 0x1004);
    g_assert_cmphex(v[34].dw[0], ==, 0x4008000000000000ull);
    g_assert_cmphex(v[34].dw[1], ==, 0);
    /* xscvdpsp 34,35: the single in words 0 and 1; xscvspdp 34,34 back to double */
    insn = 60u << 26 | 2 << 21 | 3 << 11 | 265 << 2 | 3;
    power_rig_put(rig, 0x1000, &insn, 1, FALSE);
    v[34].dw[1] = MARK;
    power_rig_run_to(rig, 0x1000, RIG_MSR | MSR_BIT(MSR_FP) | MSR_BIT(MSR_VSX), 0x1004);
    g_assert_cmphex(v[34].dw[0], ==, 0x4000000040000000ull);
    g_assert_cmphex(v[34].dw[1], ==, 0);
    insn = 60u << 26 | 2 << 21 | 2 << 11 | 329 << 2 | 3;
    power_rig_put(rig, 0x1000, &insn, 1, FALSE);
    power_rig_run_to(rig, 0x1000, RIG_MSR | MSR_BIT(MSR_FP) | MSR_BIT(MSR_VSX), 0x1004);
    g_assert_cmphex(v[34].dw[0], ==, 0x4000000000000000ull);
    /* without MSR[VSX]: the VSX unavailable interrupt */
    power_rig_run_to(rig, 0x1000, RIG_MSR | MSR_BIT(MSR_FP), 0xf40);
    power_rig_free(rig);
}

/* lfs/stfs convert without rounding, denormals included; lfiwax, stfiwx, lfdp, stfdp. */
static void test_fp_loadstore(void)
{
    static const guint32 code[] = {
        0xc0230000, /* lfs 1,0(3) */
        0xd0230004, /* stfs 1,4(3) */
        0xc0430008, /* lfs 2,8(3) */
        0xd043000c, /* stfs 2,12(3) */
        0x38800010, /* li 4,16 */
        0x7c6326ae, /* lfiwax 3,3,4 */
        0x38800018, /* li 4,24 */
        0x7c6327ae, /* stfiwx 3,3,4 */
        0xe4830020, /* lfdp 4,32(3) */
        0xf4830030, /* stfdp 4,48(3) */
        0x44000022, /* sc 1 */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    POWER_RIG_PUT(rig, 0x1000, code);
    power_rig_put64(rig, 0x2000, 0x3f80000000000000ull, FALSE);  /* 1.0f */
    power_rig_put64(rig, 0x2008, 0x8000000100000000ull, FALSE);  /* -2^-149: a denormal */
    power_rig_put64(rig, 0x2010, 0xfffffffe00000000ull, FALSE);
    r->gpr[3] = 0x2000;
    power_rig_put64(rig, 0x2020, ONE, FALSE);
    power_rig_put64(rig, 0x2028, TWO, FALSE);
    power_rig_run_to(rig, 0x1000, RIG_MSR | MSR_BIT(MSR_FP), 0x1000 + 4 * 10);
    g_assert_cmphex(r->vsr[1].dw[0], ==, ONE);
    g_assert_cmphex(r->vsr[2].dw[0], ==, 0xb6a0000000000000ull);   /* -2^-149 as a double */
    g_assert_cmphex(power_rig_get32(rig, 0x2004, FALSE), ==, 0x3f800000);
    g_assert_cmphex(power_rig_get32(rig, 0x200c, FALSE), ==, 0x80000001);
    g_assert_cmphex(r->vsr[3].dw[0], ==, 0xfffffffffffffffeull);
    g_assert_cmphex(power_rig_get32(rig, 0x2018, FALSE), ==, 0xfffffffe);
    /* lfdp/stfdp: FRTp even, the even register at the lower address (big-endian) */
    g_assert_cmphex(r->vsr[4].dw[0], ==, ONE);
    g_assert_cmphex(r->vsr[5].dw[0], ==, TWO);
    g_assert_cmphex(power_rig_get64(rig, 0x2030, FALSE), ==, ONE);
    g_assert_cmphex(power_rig_get64(rig, 0x2038, FALSE), ==, TWO);
    power_rig_free(rig);
}

void power_exec_fp_tests(void)
{
    g_test_add_func("/power/exec/fp/cases", test_fp_cases);
    g_test_add_func("/power/exec/fp/rounding-table", test_fp_table);
    g_test_add_func("/power/exec/fp/vsx-scalar", test_vsx_scalar_cases);
    g_test_add_func("/power/exec/fp/vsx-scalar-vsr", test_vsx_scalar_vsr);
    g_test_add_func("/power/exec/fp/enabled-exception", test_fp_enabled_exception);
    g_test_add_func("/power/exec/fp/load-store", test_fp_loadstore);
}
