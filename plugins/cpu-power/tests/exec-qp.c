/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Quad-precision and TM instructions run on accel-tcg, against results worked out from the ISA. */
#include "power-rig.h"

/*
 * Each case sets VRA (v2 = VSR 34), VRB (v3 = VSR 35), VRT (v1 = VSR 33)
 * and the FPSCR, runs one instruction and checks VRT, the FPSCR, CR and
 * where the run stopped (the next instruction, or an interrupt vector).
 * The POWER10-only cases are the ISA 3.1 additions (Book I 7.6).
 */
typedef struct {
    guint64 hi, lo;
} Q;

typedef struct {
    guint32 insn;
    Q a, b, t;
    guint64 fpscr, msr;
    Q want_t;
    guint64 want_fpscr;
    guint32 want_cr7;
    guint64 stop;           /* 0x1004, or the vector */
    const char *what;
} QpCase;

#define X63(t, a, b, xo, rc) \
    ((guint32)63 << 26 | (t) << 21 | (a) << 16 | (b) << 11 | (xo) << 1 | (rc))
#define XSADDQP X63(1, 2, 3, 4, 0)
#define XSADDQPO X63(1, 2, 3, 4, 1)
#define XSMULQP X63(1, 2, 3, 36, 0)
#define XSDIVQP X63(1, 2, 3, 548, 0)
#define XSSQRTQP X63(1, 27, 3, 804, 0)
#define XSNMADDQP X63(1, 2, 3, 452, 0)
#define XSCVQPDP X63(1, 20, 3, 836, 0)
#define XSCVQPSWZ X63(1, 9, 3, 836, 0)
#define XSCVSQQP X63(1, 11, 3, 836, 0)
#define XSCVQPUQZ X63(1, 0, 3, 836, 0)
#define XSCMPUQP_CR7 X63(7 << 2, 2, 3, 644, 0)
#define XSCMPEQQP X63(1, 2, 3, 68, 0)
#define XSCMPGTQP X63(1, 2, 3, 228, 0)
#define XSMAXCQP X63(1, 2, 3, 676, 0)
#define XSXSIGQP X63(1, 18, 3, 804, 0)
#define XSIEXPQP X63(1, 2, 3, 868, 0)
#define XSTSTDCQP_CR7_DEN ((guint32)63 << 26 | 7 << 23 | 3 << 16 | 3 << 11 | 708 << 1)
/* xsrqpi R=0 RMC=0b11 (FPSCR[RN]) and R=0 RMC=0 (ties away) */
#define XSRQPI_RN ((guint32)63 << 26 | 1 << 21 | 3 << 11 | 3 << 9 | 5 << 1)
#define XSRQPI_AWAY ((guint32)63 << 26 | 1 << 21 | 3 << 11 | 0 << 9 | 5 << 1)

/* FPSCR bits (Book I 4.2.2) and FPRF values, shifted into place */
#define FX 0x80000000ull
#define FEX 0x40000000ull
#define VX 0x20000000ull
#define OX 0x10000000ull
#define UX 0x08000000ull
#define ZX 0x04000000ull
#define XX 0x02000000ull
#define VXSNAN 0x01000000ull
#define VXIMZ 0x00100000ull
#define FR 0x00040000ull
#define FI 0x00020000ull
#define VXSQRT 0x00000200ull
#define VXCVI 0x00000100ull
#define VE 0x80ull
#define OE 0x40ull
#define UE 0x20ull
#define ZE 0x10ull
#define PNORM 0x04000ull
#define NNORM 0x08000ull
#define PDEN 0x14000ull
#define QNANF 0x11000ull
#define RN_RZ 1
#define RN_RM 3

#define FE (MSR_BIT(MSR_FE0) | MSR_BIT(MSR_FE1))

static const Q ONE = { 0x3fff000000000000ull, 0 };
static const Q TWO = { 0x4000000000000000ull, 0 };
static const Q THREE = { 0x4000800000000000ull, 0 };
static const Q MONE = { 0xbfff000000000000ull, 0 };
static const Q HALF_ULP = { 0x3f8e000000000000ull, 0 };        /* 2^-113 */
static const Q ONE_ULP = { 0x3fff000000000000ull, 1 };
static const Q ZERO = { 0, 0 };
static const Q QMAX = { 0x7ffeffffffffffffull, 0xffffffffffffffffull };
static const Q QMIN = { 0x0001000000000000ull, 0 };          /* 2^-16382 */
static const Q QINF = { 0x7fff000000000000ull, 0 };
static const Q DNAN = { 0x7fff800000000000ull, 0 };
static const Q SNAN = { 0x7fff000000000000ull, 1 };
static const Q QNAN = { 0x7fff800000000000ull, 5 };
static const Q MARKQ = { 0x5555aaaa5555aaaaull, 0x5555aaaa5555aaaaull };
static const Q ONES = { ~0ull, ~0ull };

static const QpCase qp9_cases[] = {
    { XSADDQP, ONE, ONE, MARKQ, 0, 0, TWO, PNORM, 0, 0x1004, "1 + 1" },
    { XSADDQP, ONE, HALF_ULP, MARKQ, 0, 0, ONE, FX | XX | FI | PNORM, 0, 0x1004,
      "1 + 2^-113: a tie, to even" },
    { XSADDQPO, ONE, HALF_ULP, MARKQ, 0, 0, ONE_ULP, FX | XX | FR | FI | PNORM, 0, 0x1004,
      "the same rounded to odd" },
    { XSADDQP, ONE, HALF_ULP, MARKQ, 2, 0, ONE_ULP, FX | XX | FR | FI | PNORM | 2, 0, 0x1004,
      "toward +inf" },
    { XSADDQP, ONE, MONE, MARKQ, RN_RM, 0, { 1ull << 63, 0 }, 0x12000 | RN_RM, 0, 0x1004,
      "x - x is -0 toward -inf" },
    { XSADDQP, QINF, { 0xffff000000000000ull, 0 }, MARKQ, 0, 0, DNAN, FX | VX | 0x00800000ull |
      QNANF, 0, 0x1004, "inf - inf: VXISI, the default NaN" },
    { XSADDQP, SNAN, QNAN, MARKQ, 0, 0, { 0x7fff800000000000ull, 1 }, FX | VX | VXSNAN | QNANF,
      0, 0x1004, "SNaN first: quieted" },
    { XSMULQP, QMAX, TWO, MARKQ, 0, 0, QINF, FX | OX | XX | FR | FI | 0x05000ull, 0, 0x1004,
      "overflow to +inf" },
    { XSMULQP, QMAX, TWO, MARKQ, RN_RZ, 0, QMAX, FX | OX | XX | FI | PNORM | RN_RZ, 0, 0x1004,
      "overflow toward zero: the largest number" },
    { XSMULQP, QMAX, TWO, MARKQ, OE, FE, { 0x1fff000000000000ull | 0xffffffffffffull, ~0ull },
      FX | FEX | OX | PNORM | OE, 0, 0x700, "OE=1: exponent - 24576, written, interrupt" },
    { XSMULQP, QMIN, HALF_ULP, MARKQ, UE, FE, { 0x5f90000000000000ull, 0 },
      FX | FEX | UX | PNORM | UE, 0, 0x700, "UE=1: exact but tiny, exponent + 24576" },
    { XSMULQP, QMIN, { 0x3ffe000000000000ull, 1 }, MARKQ, 0, 0,
      { 0x0000800000000000ull, 0 }, FX | UX | XX | FI | PDEN, 0, 0x1004,
      "inexact denormal: underflow" },
    { XSDIVQP, ONE, ZERO, MARKQ, ZE, FE, MARKQ, FX | FEX | ZX | ZE, 0, 0x700,
      "ZE=1: VRT unchanged" },
    { XSDIVQP, ONE, THREE, MARKQ, 0, 0, { 0x3ffd555555555555ull, 0x5555555555555555ull },
      FX | XX | FI | PNORM, 0, 0x1004, "1 / 3" },
    { XSSQRTQP, ZERO, MONE, MARKQ, VE, FE, MARKQ, FX | FEX | VX | VXSQRT | VE, 0, 0x700,
      "sqrt(-1) with VE=1: VRT unchanged" },
    { XSSQRTQP, ZERO, { 0x4001000000000000ull, 0 }, MARKQ, 0, 0, TWO, PNORM, 0, 0x1004,
      "sqrt(4)" },
    { XSNMADDQP, ONE, ONE, ONE, 0, 0, { 0xc000000000000000ull, 0 }, NNORM, 0, 0x1004,
      "-(1 * 1 + 1)" },
    { XSNMADDQP, ZERO, QINF, SNAN, 0, 0, { 0x7fff800000000000ull, 1 },
      FX | VX | VXSNAN | VXIMZ | QNANF, 0, 0x1004, "0 * inf + SNaN: VXSNAN and VXIMZ" },
    { XSCVQPDP, ZERO, { 0x3fff000000000000ull, 1ull << 52 }, MARKQ, 0, 0,
      { 0x3ff0000000000000ull, 0 }, FX | XX | FI | PNORM, 0, 0x1004,
      "to binary64: dword 1 = 0" },
    { XSCVQPDP, ZERO, QMIN, MARKQ, 0, 0, { 0, 0 }, FX | UX | XX | FI | 0x02000ull, 0, 0x1004,
      "to binary64: underflow to +0" },
    { XSCVQPSWZ, ZERO, { 0xc01e000000000000ull, 0 }, MARKQ, 0, 0,
      { 0xffffffff80000000ull, 0 }, 0, 0, 0x1004, "-2^31: exact, sign-extended" },
    { XSCVQPSWZ, ZERO, QNAN, MARKQ, 0, 0, { 0xffffffff80000000ull, 0 }, FX | VX | VXCVI, 0,
      0x1004, "NaN: VXCVI, FPRF unchanged" },
    { XSCMPUQP_CR7, ONE, TWO, MARKQ, 0, 0, MARKQ, 0x08000ull, 8, 0x1004, "1 < 2" },
    { XSCMPUQP_CR7, SNAN, TWO, MARKQ, 0, 0, MARKQ, FX | VX | VXSNAN | 0x01000ull, 1, 0x1004,
      "SNaN: unordered, VXSNAN" },
    { XSTSTDCQP_CR7_DEN, ZERO, { 0x8000000000000000ull, 1 }, MARKQ, 0, 0, MARKQ, 0x0a000ull,
      0xa, 0x1004, "-denormal: sign and match" },
    { XSXSIGQP, ZERO, ONE_ULP, MARKQ, 0, 0, { 0x0001000000000000ull, 1 }, 0, 0, 0x1004,
      "significand with the implicit bit" },
    { XSIEXPQP, MONE, { 0x0000000000004000ull, 0 }, MARKQ, 0, 0,
      { 0xc000000000000000ull, 0 }, 0, 0, 0x1004, "sign and fraction of VRA, VRB's exponent" },
    { XSRQPI_RN, ZERO, { 0xc000c00000000000ull, 0 }, MARKQ, RN_RZ, 0,
      { 0xc000800000000000ull, 0 }, NNORM | RN_RZ, 0, 0x1004, "-3.5 toward zero (FPSCR[RN])" },
    { XSRQPI_AWAY, ZERO, { 0x4000400000000000ull, 0 }, MARKQ, 0, 0,
      { 0x4000800000000000ull, 0 }, PNORM, 0, 0x1004, "2.5 ties away: 3, no XX" },
    { XSCMPEQQP, ONE, ONE, MARKQ, 0, 0, MARKQ, 0, 0, 0x700,
      "ISA 3.1 on POWER9: illegal" },
};

static const QpCase qp10_cases[] = {
    { XSCMPEQQP, ONE, ONE, MARKQ, 0, 0, ONES, 0, 0, 0x1004, "xscmpeqqp 1 == 1" },
    { XSCMPEQQP, QNAN, QNAN, MARKQ, 0, 0, ZERO, 0, 0, 0x1004, "xscmpeqqp NaN: false, quiet" },
    { XSCMPGTQP, TWO, ONE, MARKQ, 0, 0, ONES, 0, 0, 0x1004, "xscmpgtqp 2 > 1" },
    { XSCMPGTQP, QNAN, ONE, MARKQ, 0, 0, ZERO, FX | VX | 0x00080000ull, 0, 0x1004,
      "xscmpgtqp NaN: VXVC" },
    { XSMAXCQP, TWO, ONE, MARKQ, 0, 0, TWO, 0, 0, 0x1004, "xsmaxcqp 2, 1" },
    { XSMAXCQP, QNAN, ONE, MARKQ, 0, 0, ONE, 0, 0, 0x1004, "xsmaxcqp NaN, 1: VRB" },
    { XSCVSQQP, ZERO, { 0x7fffffffffffffffull, ~0ull }, MARKQ, 0, 0,
      { 0x407e000000000000ull, 0 }, FX | XX | FR | FI | PNORM, 0, 0x1004,
      "xscvsqqp 2^127 - 1 rounds to 2^127" },
    { XSCVQPUQZ, ZERO, { 0x4063000000000000ull, 0 }, MARKQ, 0, 0, { 1ull << 36, 0 }, 0, 0,
      0x1004, "xscvqpuqz 2^100" },
};

static void run_cases(const char *cpu_type, const QpCase *cases, guint n)
{
    PowerRig *rig = power_rig_new(cpu_type, TRUE);
    PowerRegs *r = &rig->cpu->regs;

    power_rig_stop_at_vectors(rig);
    power_rig_put_stop(rig, 0x1004, FALSE);
    for (guint i = 0; i < n; i++) {
        const QpCase *c = &cases[i];
        guint64 msr = RIG_MSR | MSR_BIT(MSR_FP) | MSR_BIT(MSR_VSX) | c->msr;

        g_test_message("%s: %s", cpu_type, c->what);
        power_rig_put(rig, 0x1000, &c->insn, 1, FALSE);
        r->vsr[34].dw[0] = c->a.hi, r->vsr[34].dw[1] = c->a.lo;
        r->vsr[35].dw[0] = c->b.hi, r->vsr[35].dw[1] = c->b.lo;
        r->vsr[33].dw[0] = c->t.hi, r->vsr[33].dw[1] = c->t.lo;
        r->fpscr = c->fpscr;
        r->crf[7] = 0;
        power_rig_run_to(rig, 0x1000, msr, c->stop);
        g_assert_cmphex(r->vsr[33].dw[0], ==, c->want_t.hi);
        g_assert_cmphex(r->vsr[33].dw[1], ==, c->want_t.lo);
        if (c->stop == 0x700 && c->want_fpscr == 0) {
            /* the illegal instruction: the PAPR program interrupt, SRR1[44] */
            g_assert_cmphex(r->spr[SPR_SRR1] & SRR1_PROGILL, ==, SRR1_PROGILL);
            continue;
        }
        g_assert_cmphex(r->fpscr, ==, c->want_fpscr);
        g_assert_cmphex(r->crf[7], ==, c->want_cr7);
        if (c->stop == 0x700) {
            g_assert_cmphex(r->spr[SPR_SRR1] & SRR1_PROGFP, ==, SRR1_PROGFP);
            g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1000);
        }
    }
    power_rig_free(rig);
}

static void test_qp_power9(void)
{
    run_cases("power9-cpu", qp9_cases, G_N_ELEMENTS(qp9_cases));
}

static void test_qp_power10(void)
{
    run_cases("power10-cpu", qp10_cases, G_N_ELEMENTS(qp10_cases));
}

/*
 * TM with MSR[TM] = 0 (Book III 7.5.22): the Facility Unavailable interrupt
 * with FSCR[IC] = 5, privileged and in problem state, POWER8 to POWER10;
 * treclaim. in problem state is a privileged-instruction program interrupt.
 */
static void test_tm(void)
{
    static const char *const models[] = { "power8-cpu", "power9-cpu", "power10-cpu" };
    static const guint32 tm_insns[] = {
        0x7c00051d,     /* tbegin. 0 */
        0x7c00055d,     /* tend. 0 */
        0x7c03071d,     /* tabort. 3 */
        0x7c00059c,     /* tcheck 0 */
        0x7c0005dd,     /* tsr. 0 */
        0x7c04261d,     /* tabortwc. 0,4,4 */
        0x7c0007dd,     /* trechkpt. */
    };

    for (guint m = 0; m < G_N_ELEMENTS(models); m++) {
        PowerRig *rig = power_rig_new(models[m], TRUE);
        PowerRegs *r = &rig->cpu->regs;

        power_rig_stop_at_vectors(rig);
        for (guint i = 0; i < G_N_ELEMENTS(tm_insns); i++) {
            for (int pr = 0; pr < 2; pr++) {
                guint64 msr = RIG_MSR | (pr ? MSR_BIT(MSR_PR) : 0);
                gboolean priv = tm_insns[i] == 0x7c0007dd;
                power_rig_put(rig, 0x1000, &tm_insns[i], 1, FALSE);
                r->spr[SPR_FSCR] = 0;
                r->crf[0] = 0xf;
                power_rig_run_to(rig, 0x1000, msr, pr && priv ? 0x700 : 0xf60);
                g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1000);
                g_assert_cmphex(r->crf[0], ==, 0xf);
                if (pr && priv) {
                    g_assert_cmphex(r->spr[SPR_SRR1] & SRR1_PROGPRIV, ==, SRR1_PROGPRIV);
                } else {
                    g_assert_cmphex(r->spr[SPR_FSCR] >> 56, ==, 5);
                }
            }
        }
        power_rig_free(rig);
    }
}

void power_exec_qp_tests(void)
{
    g_test_add_func("/power/exec/qp/power9", test_qp_power9);
    g_test_add_func("/power/exec/qp/power10", test_qp_power10);
    g_test_add_func("/power/exec/tm/unavailable", test_tm);
}
