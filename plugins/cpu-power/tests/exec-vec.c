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

void power_exec_vec_tests(void)
{
    g_test_add_func("/power/exec/vec/move-facility", test_vec_move_facility);
    g_test_add_func("/power/exec/vec/aes", test_vec_aes);
    g_test_add_func("/power/exec/vec/ops", test_vec_ops);
    g_test_add_func("/power/exec/vec/loads", test_vec_loads);
    g_test_add_func("/power/exec/vec/stores", test_vec_stores);
    g_test_add_func("/power/exec/vec/moves", test_vec_moves);
}
