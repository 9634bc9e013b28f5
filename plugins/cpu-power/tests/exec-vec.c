/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VMX and VSX instructions run on accel-tcg, checked against vec_ref.py's model of the ISA pseudocode. */
#include "power-rig.h"

#include <string.h>

#include "exec-vec-cases.h"

#define VEC_MSR (RIG_MSR | MSR_BIT(MSR_VEC) | MSR_BIT(MSR_VSX))
#define VEC_DATA 0x2000

static void vsr_from_bytes(PowerVsr *v, const guint8 *b)
{
    for (int dw = 0; dw < 2; dw++) {
        guint64 x = 0;
        for (int i = 0; i < 8; i++) {
            x = (x << 8) | b[8 * dw + i];
        }
        v->dw[dw] = x;
    }
}

static void vsr_to_bytes(const PowerVsr *v, guint8 *b)
{
    for (int i = 0; i < 16; i++) {
        b[i] = (guint8)(v->dw[i / 8] >> (56 - 8 * (i % 8)));
    }
}

static void check_bytes(const char *name, guint n, const guint8 *got, const guint8 *want, guint len)
{
    if (memcmp(got, want, len)) {
        GString *s = g_string_new(NULL);
        for (guint i = 0; i < len; i++) {
            g_string_append_printf(s, "%02x", got[i]);
        }
        g_string_append(s, " != ");
        for (guint i = 0; i < len; i++) {
            g_string_append_printf(s, "%02x", want[i]);
        }
        g_error("%s (case %u): %s", name, n, s->str);
    }
}

/* Runs @insn then "sc 1" at 0x1000 in the given byte order. */
static void run_insn(PowerRig *rig, guint32 insn, gboolean le)
{
    power_rig_put(rig, 0x1000, &insn, 1, le);
    power_rig_put_stop(rig, 0x1004, le);
    power_rig_run_to(rig, 0x1000, VEC_MSR | (le ? MSR_BIT(MSR_LE) : 0), 0x1004);
}

static void test_vec_ops(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    for (guint i = 0; i < G_N_ELEMENTS(vec_cases); i++) {
        const VecCase *c = &vec_cases[i];
        guint8 got[16];

        vsr_from_bytes(&r->vsr[33], c->t);
        vsr_from_bytes(&r->vsr[34], c->a);
        vsr_from_bytes(&r->vsr[35], c->b);
        vsr_from_bytes(&r->vsr[36], c->c);
        r->vscr = 0;
        r->crf[6] = 0xf;
        run_insn(rig, c->insn, FALSE);
        vsr_to_bytes(&r->vsr[33], got);
        check_bytes(c->name, i, got, c->r, 16);
        if ((r->vscr & 1) != c->sat) {
            g_error("%s (case %u): VSCR[SAT] %u, expected %u", c->name, i, r->vscr & 1, c->sat);
        }
        if (c->cr6 >= 0 && r->crf[6] != (guint32)c->cr6) {
            g_error("%s (case %u): CR6 %x, expected %x", c->name, i, r->crf[6], c->cr6);
        }
    }
    power_rig_free(rig);
}

static void put_data(PowerRig *rig)
{
    for (guint i = 0; i < 32; i++) {
        rig->ram[VEC_DATA + i] = (guint8)i;
    }
}

static void test_vec_loads(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    put_data(rig);
    for (guint i = 0; i < G_N_ELEMENTS(vec_load_cases); i++) {
        const VecLoadCase *c = &vec_load_cases[i];
        guint8 got[16];

        r->vsr[33].dw[0] = r->vsr[33].dw[1] = 0xeeeeeeeeeeeeeeeeull;
        r->gpr[3] = VEC_DATA + c->off;
        r->gpr[4] = c->rb;
        run_insn(rig, c->insn, c->le);
        vsr_to_bytes(&r->vsr[33], got);
        check_bytes(c->name, i, got, c->r, 16);
    }
    power_rig_free(rig);
}

static void test_vec_stores(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    for (guint i = 0; i < G_N_ELEMENTS(vec_store_cases); i++) {
        const VecStoreCase *c = &vec_store_cases[i];

        memset(rig->ram + VEC_DATA, 0, 32);
        vsr_from_bytes(&r->vsr[33], c->reg);
        r->gpr[3] = VEC_DATA + c->off;
        r->gpr[4] = c->rb;
        run_insn(rig, c->insn, c->le);
        check_bytes(c->name, i, rig->ram + VEC_DATA, c->mem, 32);
    }
    power_rig_free(rig);
}

/* VSCR moves, saturation stickiness, GPR<->VSR moves (Book I 6.5, 7.6.1). */
static void test_vec_moves(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    r->vsr[35].dw[0] = 0x1234;
    r->vsr[35].dw[1] = 0xffffffff00010001ull;
    run_insn(rig, 0x10001e44, FALSE);                   /* mtvscr 3 */
    g_assert_cmphex(r->vscr, ==, 0x10001);
    run_insn(rig, 0x10200604, FALSE);                   /* mfvscr 1 */
    g_assert_cmphex(r->vsr[33].dw[0], ==, 0);
    g_assert_cmphex(r->vsr[33].dw[1], ==, 0x10001);

    r->gpr[5] = 0xfedcba9876543210ull;
    run_insn(rig, 0x7c650167, FALSE);                   /* mtvsrd 35,5 (XT = 32 + 3) */
    g_assert_cmphex(r->vsr[35].dw[0], ==, 0xfedcba9876543210ull);
    run_insn(rig, 0x7c6501a7, FALSE);                   /* mtvsrwa 35,5 */
    g_assert_cmphex(r->vsr[35].dw[0], ==, 0x0000000076543210ull);
    r->gpr[5] = 0x87654321;
    run_insn(rig, 0x7c6501a7, FALSE);                   /* mtvsrwa 35,5 */
    g_assert_cmphex(r->vsr[35].dw[0], ==, 0xffffffff87654321ull);
    run_insn(rig, 0x7c6501e7, FALSE);                   /* mtvsrwz 35,5 */
    g_assert_cmphex(r->vsr[35].dw[0], ==, 0x87654321ull);
    r->gpr[6] = 0x1111;
    run_insn(rig, 0x7c653367, FALSE);                   /* mtvsrdd 35,5,6 */
    g_assert_cmphex(r->vsr[35].dw[0], ==, 0x87654321ull);
    g_assert_cmphex(r->vsr[35].dw[1], ==, 0x1111);
    run_insn(rig, 0x7c670267, FALSE);                   /* mfvsrld 7,35 */
    g_assert_cmphex(r->gpr[7], ==, 0x1111);
    run_insn(rig, 0x7c670067, FALSE);                   /* mfvsrd 7,35 */
    g_assert_cmphex(r->gpr[7], ==, 0x87654321ull);
    run_insn(rig, 0x7c650327, FALSE);                   /* mtvsrws 35,5 */
    g_assert_cmphex(r->vsr[35].dw[0], ==, 0x8765432187654321ull);
    g_assert_cmphex(r->vsr[35].dw[1], ==, 0x8765432187654321ull);
    run_insn(rig, 0xf027e2d1, FALSE);                   /* xxspltib 33,252 */
    g_assert_cmphex(r->vsr[33].dw[0], ==, 0xfcfcfcfcfcfcfcfcull);
    power_rig_free(rig);
}

/* One AES round, FIPS-197 appendix B (round 1 of the example): vcipher and vcipherlast. */
static void test_vec_aes(void)
{
    static const guint8 state[16] = { 0x19, 0x3d, 0xe3, 0xbe, 0xa0, 0xf4, 0xe2, 0x2b,
                                      0x9a, 0xc6, 0x8d, 0x2a, 0xe9, 0xf8, 0x48, 0x08 };
    static const guint8 key[16] = { 0xa0, 0xfa, 0xfe, 0x17, 0x88, 0x54, 0x2c, 0xb1,
                                    0x23, 0xa3, 0x39, 0x39, 0x2a, 0x6c, 0x76, 0x05 };
    static const guint8 round[16] = { 0xa4, 0x9c, 0x7f, 0xf2, 0x68, 0x9f, 0x35, 0x2b,
                                      0x6b, 0x5b, 0xea, 0x43, 0x02, 0x6a, 0x50, 0x49 };
    /* after SubBytes and ShiftRows, without MixColumns, and no round key (zero) */
    static const guint8 shifted[16] = { 0xd4, 0xbf, 0x5d, 0x30, 0xe0, 0xb4, 0x52, 0xae,
                                        0xb8, 0x41, 0x11, 0xf1, 0x1e, 0x27, 0x98, 0xe5 };
    static const guint8 zero[16];
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;
    guint8 got[16];

    vsr_from_bytes(&r->vsr[34], state);
    vsr_from_bytes(&r->vsr[35], key);
    run_insn(rig, 0x10221d08, FALSE);                   /* vcipher 1,2,3 */
    vsr_to_bytes(&r->vsr[33], got);
    check_bytes("vcipher", 0, got, round, 16);
    vsr_from_bytes(&r->vsr[35], zero);
    run_insn(rig, 0x10221d09, FALSE);                   /* vcipherlast 1,2,3 */
    vsr_to_bytes(&r->vsr[33], got);
    check_bytes("vcipherlast", 0, got, shifted, 16);
    power_rig_free(rig);
}

/*
 * The facility a GPR<->VSR move needs follows its VSR (Book I 7.6.1.x): a VR
 * needs MSR[VEC] only, an FPR-half needs MSR[FP] (ISA 2.07 moves).
 */
static void test_vec_move_facility(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint64 vec_only = RIG_MSR | MSR_BIT(MSR_VEC);
    guint32 insn;

    power_rig_stop_at_vectors(rig);
    rig->cpu->regs.gpr[5] = 0x1234;
    insn = 0x7c650167;                                  /* mtvsrd 35,5 */
    power_rig_put(rig, 0x1000, &insn, 1, FALSE);
    power_rig_put_stop(rig, 0x1004, FALSE);
    power_rig_run_to(rig, 0x1000, vec_only, 0x1004);
    g_assert_cmphex(rig->cpu->regs.vsr[35].dw[0], ==, 0x1234);
    power_rig_run_to(rig, 0x1000, RIG_MSR | MSR_BIT(MSR_FP) | MSR_BIT(MSR_VSX), 0xf20);
    insn = 0x7c650166;                                  /* mtvsrd 3,5 */
    power_rig_put(rig, 0x1000, &insn, 1, FALSE);
    power_rig_run_to(rig, 0x1000, vec_only | MSR_BIT(MSR_VSX), 0x800);
    power_rig_run_to(rig, 0x1000, RIG_MSR | MSR_BIT(MSR_FP), 0x1004);
    g_assert_cmphex(rig->cpu->regs.vsr[3].dw[0], ==, 0x1234);
    insn = 0x10221800;                                  /* vaddubm 1,2,3 */
    power_rig_put(rig, 0x1000, &insn, 1, FALSE);
    power_rig_run_to(rig, 0x1000, RIG_MSR | MSR_BIT(MSR_VSX), 0xf20);
    insn = 0x7c232698;                                  /* lxvd2x 1,3,4 */
    power_rig_put(rig, 0x1000, &insn, 1, FALSE);
    power_rig_run_to(rig, 0x1000, vec_only, 0xf40);
    power_rig_free(rig);
}

/* Puts word @i (0 the leftmost) of VSR @n. */
static void vsr_set_word(PowerRegs *r, unsigned n, unsigned i, guint32 w)
{
    unsigned sh = 32 * (1 - i % 2);

    r->vsr[n].dw[i / 2] = (r->vsr[n].dw[i / 2] & ~(0xffffffffull << sh)) | (guint64)w << sh;
}

static guint32 vsr_word(PowerRegs *r, unsigned n, unsigned i)
{
    return (guint32)(r->vsr[n].dw[i / 2] >> (32 * (1 - i % 2)));
}

/*
 * Matrix-Multiply Assist (Book I 7.x): ACC[1] is VSR 4-7, XA VSR 34, XB VSR 35.
 * The values are worked out by hand from the instruction definitions.
 */
static void run_prefixed(PowerRig *rig, guint32 prefix, guint32 suffix)
{
    guint32 code[2] = { prefix, suffix };

    power_rig_put(rig, 0x1000, code, 2, FALSE);
    power_rig_put_stop(rig, 0x1008, FALSE);
    power_rig_run_to(rig, 0x1000, VEC_MSR, 0x1008);
}

static void test_vec_mma(void)
{
    PowerRig *rig = power_rig_new("power10-cpu", TRUE);
    PowerRig *p9 = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    for (int n = 4; n < 8; n++) {
        r->vsr[n].dw[0] = r->vsr[n].dw[1] = 0x1111111111111111ull;
    }
    run_insn(rig, 0x7c830162, FALSE);                   /* xxsetaccz 1 */
    for (int n = 4; n < 8; n++) {
        g_assert_cmphex(r->vsr[n].dw[0] | r->vsr[n].dw[1], ==, 0);
    }
    run_insn(rig, 0x7c810162, FALSE);                   /* xxmtacc 1: the VSRs are ACC[1] */
    run_insn(rig, 0x7c800162, FALSE);                   /* xxmfacc 1 */
    g_assert_cmphex(r->vsr[4].dw[0], ==, 0);

    /* xvi8ger4: signed bytes of X times unsigned bytes of Y, four products summed */
    vsr_set_word(r, 34, 0, 0x01020304);
    vsr_set_word(r, 34, 1, 0xff000000);                 /* -1, 0, 0, 0 */
    vsr_set_word(r, 35, 0, 0x05060708);
    vsr_set_word(r, 35, 1, 0xff000000);                 /* 255 */
    run_insn(rig, 0xec82181e, FALSE);                   /* xvi8ger4 1,34,35 */
    g_assert_cmphex(vsr_word(r, 4, 0), ==, 5 + 12 + 21 + 32);
    g_assert_cmphex(vsr_word(r, 4, 1), ==, 255);
    g_assert_cmphex(vsr_word(r, 5, 0), ==, (guint32)-5);
    g_assert_cmphex(vsr_word(r, 5, 1), ==, (guint32)-255);
    run_insn(rig, 0xec821816, FALSE);                   /* xvi8ger4pp 1,34,35: doubles them */
    g_assert_cmphex(vsr_word(r, 4, 0), ==, 140);
    g_assert_cmphex(vsr_word(r, 5, 1), ==, (guint32)-510);

    /* xvi16ger2s: (-32768)^2 * 2 = 2^31 saturates to 0x7fffffff and sets VSCR[SAT] */
    vsr_set_word(r, 34, 0, 0x80008000);
    vsr_set_word(r, 35, 0, 0x80008000);
    r->vscr = 0;
    run_insn(rig, 0xec82195e, FALSE);                   /* xvi16ger2s 1,34,35 */
    g_assert_cmphex(vsr_word(r, 4, 0), ==, 0x7fffffff);
    g_assert_cmphex(r->vscr & 1, ==, 1);             /* VSCR[SAT] */
    run_insn(rig, 0xec821a5e, FALSE);                   /* xvi16ger2 1,34,35: wraps */
    g_assert_cmphex(vsr_word(r, 4, 0), ==, 0x80000000);

    /* xvf32ger: 1.5 * 2.0 = 3.0; xvf32gerpp adds 1.5 * 2.0 again; gernp: -(3) + 6 */
    vsr_set_word(r, 34, 0, 0x3fc00000);
    vsr_set_word(r, 35, 0, 0x40000000);
    run_insn(rig, 0xec8218de, FALSE);                   /* xvf32ger 1,34,35 */
    g_assert_cmphex(vsr_word(r, 4, 0), ==, 0x40400000);
    run_insn(rig, 0xec8218d6, FALSE);                   /* xvf32gerpp 1,34,35 */
    g_assert_cmphex(vsr_word(r, 4, 0), ==, 0x40c00000);
    run_insn(rig, 0xec821ad6, FALSE);                   /* xvf32gernp 1,34,35 */
    g_assert_cmphex(vsr_word(r, 4, 0), ==, 0x40400000);

    /* pmxvi4ger8pp with XMSK 0101: rows 0 and 2 become 0, rows 1 and 3 accumulate */
    for (int n = 4; n < 8; n++) {
        r->vsr[n].dw[0] = r->vsr[n].dw[1] = 0x0000000100000001ull;
    }
    vsr_set_word(r, 34, 1, 0x11111111);                 /* eight 1s */
    vsr_set_word(r, 35, 0, 0xf1111111);                 /* -1 and seven 1s */
    run_prefixed(rig, 0x0790ff5f, 0xec821916);          /* pmxvi4ger8pp 1,34,35,5,15,255 */
    g_assert_cmphex(r->vsr[4].dw[0] | r->vsr[4].dw[1], ==, 0);
    g_assert_cmphex(vsr_word(r, 5, 0), ==, 1 + 6);
    g_assert_cmphex(r->vsr[6].dw[0] | r->vsr[6].dw[1], ==, 0);

    /* the invalid forms: XA within ACC[AT]; and POWER9 has none of it */
    power_rig_stop_at_vectors(rig);
    power_rig_put(rig, 0x1000, (const guint32[]){ 0xec8418da }, 1, FALSE);  /* xvf32ger 1,4,35 */
    power_rig_run_to(rig, 0x1000, VEC_MSR, 0x700);
    g_assert_cmphex(r->spr[SPR_SRR1] & SRR1_PROGILL, ==, SRR1_PROGILL);
    power_rig_stop_at_vectors(p9);
    power_rig_put(p9, 0x1000, (const guint32[]){ 0xec8218de }, 1, FALSE);
    power_rig_run_to(p9, 0x1000, VEC_MSR, 0x700);
    g_assert_cmphex(p9->cpu->regs.spr[SPR_SRR1] & SRR1_PROGILL, ==, SRR1_PROGILL);
    power_rig_free(rig);
    power_rig_free(p9);
}

/*
 * lxvkq's constants (Book I 7.6), the bfloat16 conversions (xvcvbf16spn, xvcvspbf16), some
 * ISA 3.1 quadword vector instructions, xvtlsbb and pnop.
 */
static void test_vec_isa31_vsx(void)
{
    PowerRig *rig = power_rig_new("power10-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    run_insn(rig, 0xf03f42d1, FALSE);                   /* lxvkq 33,8: +infinity */
    g_assert_cmphex(r->vsr[33].dw[0], ==, 0x7fff000000000000ull);
    g_assert_cmphex(r->vsr[33].dw[1], ==, 0);
    run_insn(rig, 0xf03f8ad1, FALSE);                   /* lxvkq 33,17: -1.0 */
    g_assert_cmphex(r->vsr[33].dw[0], ==, 0xbfff000000000000ull);
    r->vsr[34].dw[0] = 0x00003f80ffff4049ull;
    r->vsr[34].dw[1] = 0x1234ff80abcd0001ull;
    run_insn(rig, 0xf030176f, FALSE);                   /* xvcvbf16spn 33,34 */
    g_assert_cmphex(r->vsr[33].dw[0], ==, 0x3f80000040490000ull);
    g_assert_cmphex(r->vsr[33].dw[1], ==, 0xff80000000010000ull);
    /* 1.0 + 2^-8 is a tie: to even (1.0); 1.0 + 3 * 2^-8 rounds up */
    r->vsr[34].dw[0] = 0x3f8080003f818000ull;
    r->vsr[34].dw[1] = 0x7f800000c0490fdbull;
    r->fpscr = 0;
    run_insn(rig, 0xf031176f, FALSE);                   /* xvcvspbf16 33,34 */
    g_assert_cmphex(r->vsr[33].dw[0], ==, 0x00003f8000003f82ull);
    g_assert_cmphex(r->vsr[33].dw[1], ==, 0x00007f800000c049ull);
    g_assert_cmphex(r->fpscr & 0xffffffff, ==, 0x82000000);   /* FX XX */

    /* vmuleud: the 128-bit product of doublewords 0; vdivuq; vextsd2q; vrlqnm */
    r->vsr[34].dw[0] = 0xffffffffffffffffull;
    r->vsr[34].dw[1] = 5;
    r->vsr[35].dw[0] = 0xffffffffffffffffull;
    r->vsr[35].dw[1] = 0x8000000000000000ull;
    run_insn(rig, 0x10221ac8, FALSE);                   /* vmuleud 1,2,3 */
    g_assert_cmphex(r->vsr[33].dw[0], ==, 0xfffffffffffffffeull);   /* (2^64-1)^2 */
    g_assert_cmphex(r->vsr[33].dw[1], ==, 1);
    r->vsr[34].dw[0] = 0;
    r->vsr[34].dw[1] = 100;
    r->vsr[35].dw[0] = 0;
    r->vsr[35].dw[1] = 7;
    run_insn(rig, 0x1022180b, FALSE);                   /* vdivuq 1,2,3 */
    g_assert_cmphex(r->vsr[33].dw[1], ==, 14);
    r->vsr[35].dw[1] = 0x8000000000000000ull;
    run_insn(rig, 0x103b1e02, FALSE);                   /* vextsd2q 1,3 */
    g_assert_cmphex(r->vsr[33].dw[0], ==, ~0ull);
    g_assert_cmphex(r->vsr[33].dw[1], ==, 0x8000000000000000ull);
    /* rotate 100 by 4 bits (1600), mask bits 120:127 (MASK(120, 127)) */
    r->vsr[35].dw[0] = 120ull << 16 | 127ull << 8 | 4;
    run_insn(rig, 0x10221945, FALSE);                   /* vrlqnm 1,2,3 */
    g_assert_cmphex(r->vsr[33].dw[0], ==, 0);
    g_assert_cmphex(r->vsr[33].dw[1], ==, 1600 & 0xff);

    /* xvtlsbb: every byte's rightmost bit 1 (CR2 = 1000), all 0 (0010), mixed (0000) */
    r->vsr[35].dw[0] = r->vsr[35].dw[1] = 0x0101010101010101ull;
    r->crf[3] = 5;
    run_insn(rig, 0xf1021f6e, FALSE);                   /* xvtlsbb 2,35 */
    g_assert_cmphex(r->crf[2], ==, 8);
    r->vsr[35].dw[0] = r->vsr[35].dw[1] = 0xfefefefefefefefeull;
    run_insn(rig, 0xf1021f6e, FALSE);
    g_assert_cmphex(r->crf[2], ==, 2);
    r->vsr[35].dw[1] = 0xfefefefefefefeffull;
    run_insn(rig, 0xf1021f6e, FALSE);
    g_assert_cmphex(r->crf[2], ==, 0);
    g_assert_cmphex(r->crf[3], ==, 5);                  /* the next field is untouched */

    /* pnop runs as a no-op; with a branch suffix it is an invalid form (illegal) */
    r->gpr[9] = 1;
    run_prefixed(rig, 0x07000000, 0x39290005);          /* pnop, the suffix addi 9,9,5 */
    g_assert_cmphex(r->gpr[9], ==, 1);
    power_rig_stop_at_vectors(rig);
    power_rig_put(rig, 0x1000, (const guint32[]){ 0x07000000, 0x48000008 }, 2, FALSE);
    power_rig_run_to(rig, 0x1000, VEC_MSR, 0x700);
    g_assert_cmphex(r->spr[SPR_SRR1] & SRR1_PROGILL, ==, SRR1_PROGILL);
    power_rig_free(rig);
}

void power_exec_vec_tests(void)
{
    g_test_add_func("/power/exec/vec/move-facility", test_vec_move_facility);
    g_test_add_func("/power/exec/vec/aes", test_vec_aes);
    g_test_add_func("/power/exec/vec/ops", test_vec_ops);
    g_test_add_func("/power/exec/vec/mma", test_vec_mma);
    g_test_add_func("/power/exec/vec/isa31-vsx", test_vec_isa31_vsx);
    g_test_add_func("/power/exec/vec/loads", test_vec_loads);
    g_test_add_func("/power/exec/vec/stores", test_vec_stores);
    g_test_add_func("/power/exec/vec/moves", test_vec_moves);
}
