/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fixed-point instructions run on accel-tcg, checked against a reference model written from the ISA. */
#include "power-rig.h"

#include <string.h>

/*
 * One batch runs an instruction on many inputs: a loop loads RA (r3), RB
 * (r4), XER, CR and RC (r10) from a table, runs the instruction (result
 * in r7) and stores r7, XER and CR back into the table.
 */
typedef struct {
    guint64 ra, rb, xer, cr, rc;
    guint64 rt, xer_out, cr_out;    /* filled in by the guest */
} Case;

#define BATCH_CODE 0x1000
#define BATCH_TABLE 0x100000
#define BATCH_INSN_SLOT 8

static const guint32 batch_code[] = {
    0xe8740000, /* loop: ld 3,0(20) */
    0xe8940008, /* ld 4,8(20) */
    0xe8b40010, /* ld 5,16(20) */
    0x7ca103a6, /* mtxer 5 */
    0xe8d40018, /* ld 6,24(20) */
    0x7ccff120, /* mtcrf 0xff,6 */
    0xe9540020, /* ld 10,32(20) */
    0x7d475378, /* mr 7,10: RA's old value for the insert forms */
    0x60000000, /* the instruction under test */
    0xf8f40028, /* std 7,40(20) */
    0x7d0102a6, /* mfxer 8 */
    0xf9140030, /* std 8,48(20) */
    0x7d200026, /* mfcr 9 */
    0xf9340038, /* std 9,56(20) */
    0x3a940040, /* addi 20,20,64 */
    0x4200ffc4, /* bdnz loop */
    0x44000022, /* sc 1 */
};

static void run_batch(PowerRig *rig, guint32 insn, gboolean sf, Case *cases, guint n)
{
    guint32 code[G_N_ELEMENTS(batch_code)];

    memcpy(code, batch_code, sizeof(code));
    code[BATCH_INSN_SLOT] = insn;
    POWER_RIG_PUT(rig, BATCH_CODE, code);
    for (guint i = 0; i < n; i++) {
        guint64 a = BATCH_TABLE + 64 * i;
        power_rig_put64(rig, a, cases[i].ra, FALSE);
        power_rig_put64(rig, a + 8, cases[i].rb, FALSE);
        power_rig_put64(rig, a + 16, cases[i].xer, FALSE);
        power_rig_put64(rig, a + 24, cases[i].cr, FALSE);
        power_rig_put64(rig, a + 32, cases[i].rc, FALSE);
    }
    rig->cpu->regs.gpr[20] = BATCH_TABLE;
    rig->cpu->regs.ctr = n;
    power_rig_run_to(rig, BATCH_CODE, RIG_MSR & ~(sf ? 0 : MSR_BIT(MSR_SF)),
                     BATCH_CODE + 4 * (G_N_ELEMENTS(batch_code) - 1));
    for (guint i = 0; i < n; i++) {
        guint64 a = BATCH_TABLE + 64 * i;
        cases[i].rt = power_rig_get64(rig, a + 40, FALSE);
        cases[i].xer_out = power_rig_get64(rig, a + 48, FALSE);
        cases[i].cr_out = power_rig_get64(rig, a + 56, FALSE);
    }
}

/* XER bits (Book I 3.2.2). */
#define XER_SO (1ull << 31)
#define XER_OV (1ull << 30)
#define XER_CA (1ull << 29)
#define XER_OV32 (1ull << 19)
#define XER_CA32 (1ull << 18)

static const guint64 edge_values[] = {
    0, 1, 2, ~0ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0x7fffffff, 0x80000000,
    0xffffffff, 0x100000000ull, 0xffffffff7fffffffull, 0xffffffff80000000ull,
    0x123456789abcdef0ull, 0xfedcba9876543210ull, 0x00000000fffffffeull,
};

/* CR0 the ISA defines for a result: LT GT EQ from the (32-bit mode: low word) value, then SO. */
static guint32 ref_cr0(guint64 res, gboolean sf, gboolean so)
{
    gint64 v = sf ? (gint64)res : (gint64)(gint32)res;
    return (v < 0 ? 8 : v > 0 ? 4 : 2) | so;
}

static void check_case(const char *what, guint32 insn, const Case *c, guint64 rt, guint64 xer,
                       guint32 cr0)
{
    guint32 got_cr0 = (c->cr_out >> 28) & 0xf;

    if (c->rt != rt || (c->xer_out & 0xffffffff) != xer || got_cr0 != cr0 ||
        (c->cr_out & 0x0fffffff) != (c->cr & 0x0fffffff)) {
        g_error("%s (0x%08x) ra=0x%" G_GINT64_MODIFIER "x rb=0x%" G_GINT64_MODIFIER
                "x xer=0x%" G_GINT64_MODIFIER "x: rt 0x%" G_GINT64_MODIFIER "x xer 0x%"
                G_GINT64_MODIFIER "x cr 0x%08x, expected rt 0x%" G_GINT64_MODIFIER
                "x xer 0x%" G_GINT64_MODIFIER "x cr0 %x", what, insn, c->ra, c->rb, c->xer,
                c->rt, c->xer_out, (guint32)c->cr_out, rt, xer, cr0);
    }
}

/*
 * The add/subtract-from family (Book I 3.3.9): RT <- a + b + c where a is
 * RA or its complement, b is RB, 0 or -1, c is 0, 1 or CA. The reference
 * works in 128 bits: CA is the carry out of bit 0 (of bit 32 in 32-bit
 * mode), OV says the signed sum does not fit 64 (32) bits.
 */
typedef struct {
    const char *name;
    unsigned xo;
    gboolean not_a;
    int b;          /* 0: RB, 1: 0, 2: -1 */
    int c;          /* 0: 0, 1: 1, 2: CA */
    gboolean sets_ca;
} AddOp;

static const AddOp add_ops[] = {
    { "add", 266, FALSE, 0, 0, FALSE },
    { "addc", 10, FALSE, 0, 0, TRUE },
    { "adde", 138, FALSE, 0, 2, TRUE },
    { "addme", 234, FALSE, 2, 2, TRUE },
    { "addze", 202, FALSE, 1, 2, TRUE },
    { "subf", 40, TRUE, 0, 1, FALSE },
    { "subfc", 8, TRUE, 0, 1, TRUE },
    { "subfe", 136, TRUE, 0, 2, TRUE },
    { "subfme", 232, TRUE, 2, 2, TRUE },
    { "subfze", 200, TRUE, 1, 2, TRUE },
    { "neg", 104, TRUE, 1, 1, FALSE },
};

static guint32 xo_insn(unsigned xo, gboolean oe, gboolean rc)
{
    /* RT=7 RA=3 RB=4 */
    return 31u << 26 | 7u << 21 | 3u << 16 | 4u << 11 | (guint32)oe << 10 | xo << 1 | rc;
}

static void ref_add(const AddOp *op, const Case *c, gboolean sf, gboolean oe, gboolean rc,
                    gboolean isa300, guint64 *rt, guint64 *xer, guint32 *cr0)
{
    guint64 a = op->not_a ? ~c->ra : c->ra;
    guint64 b = op->b == 0 ? c->rb : op->b == 1 ? 0 : ~0ull;
    guint64 cin = op->c == 0 ? 0 : op->c == 1 ? 1 : (c->xer & XER_CA) != 0;
    unsigned __int128 sum = (unsigned __int128)a + b + cin;
    guint64 res = (guint64)sum;
    gboolean ca64 = (sum >> 64) != 0;
    gboolean ca32 = (((guint64)(guint32)a + (guint32)b + cin) >> 32) != 0;
    __int128 ssum = (__int128)(gint64)a + (gint64)b + cin;
    gint64 ssum32 = (gint64)(gint32)a + (gint32)b + cin;
    gboolean ov64 = ssum != (gint64)res, ov32 = ssum32 != (gint32)res;
    guint64 x = c->xer;

    if (op->sets_ca) {
        x = (x & ~XER_CA) | ((sf ? ca64 : ca32) ? XER_CA : 0);
        if (isa300) {
            x = (x & ~XER_CA32) | (ca32 ? XER_CA32 : 0);
        }
    }
    if (oe) {
        gboolean ov = sf ? ov64 : ov32;
        x = (x & ~XER_OV) | (ov ? XER_OV | XER_SO : 0);
        if (isa300) {
            x = (x & ~XER_OV32) | (ov32 ? XER_OV32 : 0);
        }
    }
    *rt = res;
    *xer = x;
    *cr0 = rc ? ref_cr0(res, sf, (x & XER_SO) != 0) : (c->cr >> 28) & 0xf;
}

/* Every pair of edge values, with CA and SO clear and set, OV and OV32 preset. */
static Case *edge_cases(guint *n)
{
    guint k = G_N_ELEMENTS(edge_values);
    Case *cases = g_new0(Case, k * k * 2);

    *n = 0;
    for (guint i = 0; i < k; i++) {
        for (guint j = 0; j < k; j++) {
            for (guint f = 0; f < 2; f++) {
                Case *c = &cases[(*n)++];
                c->ra = edge_values[i];
                c->rb = edge_values[j];
                c->xer = f ? (XER_CA | XER_SO | XER_CA32) : (XER_OV | XER_OV32);
                c->cr = 0x12345678;
                c->rc = 0x5555;
            }
        }
    }
    return cases;
}

static void test_add_family(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint n;
    g_autofree Case *cases = edge_cases(&n);

    for (guint i = 0; i < G_N_ELEMENTS(add_ops); i++) {
        for (guint form = 0; form < 8; form++) {
            gboolean oe = form & 1, rc = (form >> 1) & 1, sf = !(form & 4);
            guint32 insn = xo_insn(add_ops[i].xo, oe, rc);
            g_autofree char *what = g_strdup_printf("%s%s%s %s-bit", add_ops[i].name,
                                                    oe ? "o" : "", rc ? "." : "", sf ? "64" : "32");

            run_batch(rig, insn, sf, cases, n);
            for (guint k = 0; k < n; k++) {
                guint64 rt, xer;
                guint32 cr0;
                ref_add(&add_ops[i], &cases[k], sf, oe, rc, TRUE, &rt, &xer, &cr0);
                check_case(what, insn, &cases[k], rt, xer, cr0);
            }
        }
    }
    power_rig_free(rig);
}

/* POWER8 (ISA 2.07) has no OV32 and CA32: they stay as they were and mfxer reads 0 there. */
static void test_add_isa207(void)
{
    PowerRig *rig = power_rig_new("power8-cpu", TRUE);
    guint n;
    g_autofree Case *cases = edge_cases(&n);
    const AddOp *op = &add_ops[7];      /* subfe */
    guint32 insn = xo_insn(op->xo, TRUE, TRUE);

    run_batch(rig, insn, TRUE, cases, n);
    for (guint k = 0; k < n; k++) {
        guint64 rt, xer;
        guint32 cr0;
        ref_add(op, &cases[k], TRUE, TRUE, TRUE, FALSE, &rt, &xer, &cr0);
        check_case("subfeo. on POWER8", insn, &cases[k], rt, xer & ~(XER_OV32 | XER_CA32), cr0);
    }
    power_rig_free(rig);
}

/* Immediate forms: addic, addic., subfic, mulli, addi, addis with immediates at the edges. */
static void test_add_immediate(void)
{
    static const gint16 imms[] = { 0, 1, -1, 0x7fff, -0x8000 };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint n;
    g_autofree Case *cases = edge_cases(&n);

    for (guint i = 0; i < G_N_ELEMENTS(imms); i++) {
        guint16 u = (guint16)imms[i];
        gint64 si = imms[i];
        for (guint sf = 0; sf < 2; sf++) {
            /* addic 7,3,si / addic. / subfic / mulli / addi / addis */
            const struct { const char *name; guint32 insn; } forms[] = {
                { "addic", 12u << 26 | 7u << 21 | 3u << 16 | u },
                { "addic.", 13u << 26 | 7u << 21 | 3u << 16 | u },
                { "subfic", 8u << 26 | 7u << 21 | 3u << 16 | u },
                { "mulli", 7u << 26 | 7u << 21 | 3u << 16 | u },
                { "addi", 14u << 26 | 7u << 21 | 3u << 16 | u },
                { "addis", 15u << 26 | 7u << 21 | 3u << 16 | u },
            };
            for (guint f = 0; f < G_N_ELEMENTS(forms); f++) {
                run_batch(rig, forms[f].insn, sf, cases, n);
                for (guint k = 0; k < n; k++) {
                    Case *c = &cases[k];
                    guint64 rt, xer = c->xer;
                    guint32 cr0 = (c->cr >> 28) & 0xf;
                    if (f <= 2) {
                        AddOp op = { forms[f].name, 0, f == 2, 0, f == 2 ? 1 : 0, TRUE };
                        Case ci = *c;
                        ci.rb = (guint64)si;
                        ref_add(&op, &ci, sf, FALSE, f == 1, TRUE, &rt, &xer, &cr0);
                    } else if (f == 3) {
                        rt = c->ra * (guint64)si;
                    } else if (f == 4) {
                        rt = c->ra + si;
                    } else {
                        rt = c->ra + (guint64)(si * 65536);
                    }
                    check_case(forms[f].name, forms[f].insn, c, rt, xer, cr0);
                }
            }
        }
    }
    power_rig_free(rig);
}

/* Multiply (Book I 3.3.9.1); the high words of mulhw/mulhwu are zero in QEMU, and here. */
static void test_multiply(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint n;
    g_autofree Case *cases = edge_cases(&n);
    static const struct { const char *name; unsigned xo; gboolean has_oe; } ops[] = {
        { "mullw", 235, TRUE }, { "mulld", 233, TRUE }, { "mulhw", 75, FALSE },
        { "mulhwu", 11, FALSE }, { "mulhd", 73, FALSE }, { "mulhdu", 9, FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS(ops); i++) {
        for (guint form = 0; form < 4; form++) {
            gboolean oe = (form & 1) && ops[i].has_oe, rc = form >> 1;
            guint32 insn = xo_insn(ops[i].xo, oe, rc);

            run_batch(rig, insn, TRUE, cases, n);
            for (guint k = 0; k < n; k++) {
                Case *c = &cases[k];
                __int128 sp = (__int128)(gint64)c->ra * (gint64)c->rb;
                unsigned __int128 up = (unsigned __int128)c->ra * c->rb;
                gint64 wp = (gint64)(gint32)c->ra * (gint32)c->rb;
                guint64 uwp = (guint64)(guint32)c->ra * (guint32)c->rb;
                guint64 rt = 0, xer = c->xer;
                gboolean ov = FALSE;

                switch (ops[i].xo) {
                case 235: rt = (guint64)wp; ov = wp != (gint32)wp; break;
                case 233: rt = (guint64)sp; ov = sp != (gint64)sp; break;
                case 75: rt = (guint64)wp >> 32; break;
                case 11: rt = uwp >> 32; break;
                case 73: rt = (guint64)(sp >> 64); break;
                case 9: rt = (guint64)(up >> 64); break;
                }
                if (oe) {
                    xer = (xer & ~(XER_OV | XER_OV32)) | (ov ? XER_OV | XER_OV32 | XER_SO : 0);
                }
                check_case(ops[i].name, insn, c, rt, xer,
                           rc ? ref_cr0(rt, TRUE, (xer & XER_SO) != 0) : (c->cr >> 28) & 0xf);
            }
        }
    }
    power_rig_free(rig);
}

/*
 * Divide (Book I 3.3.9.1). Where the ISA leaves the quotient undefined
 * (divisor 0, or the most negative number by -1) QEMU divides by 1 for
 * divw/divwu/divd/divdu (target/ppc/translate.c gen_op_arith_divw/divd)
 * and returns 0 for the extended divides (target/ppc/int_helper.c); the
 * word quotients are zero-extended, except divwe's, sign-extended.
 */
static guint64 ref_div(unsigned xo, guint64 ra, guint64 rb, gboolean *ov)
{
    gint32 a32 = ra, b32 = rb;
    guint32 ua32 = ra, ub32 = rb;

    switch (xo) {
    case 491:   /* divw */
        *ov = b32 == 0 || (a32 == G_MININT32 && b32 == -1);
        return *ov ? ua32 : (guint32)(a32 / b32);
    case 459:   /* divwu */
        *ov = ub32 == 0;
        return *ov ? ua32 : ua32 / ub32;
    case 489:   /* divd */
        *ov = rb == 0 || (ra == (guint64)G_MININT64 && rb == ~0ull);
        return *ov ? ra : (guint64)((gint64)ra / (gint64)rb);
    case 457:   /* divdu */
        *ov = rb == 0;
        return *ov ? ra : ra / rb;
    case 427: { /* divwe: (RA[32:63] || 0^32) / RB[32:63], must fit 32 bits signed */
        __int128 q;
        *ov = b32 == 0;
        if (*ov) {
            return 0;
        }
        q = (__int128)((gint64)a32 * 4294967296) / b32;
        *ov = q != (gint32)q;
        return *ov ? 0 : (guint64)(gint64)(gint32)q;
    }
    case 395: { /* divweu */
        guint64 q;
        *ov = ub32 == 0;
        if (*ov) {
            return 0;
        }
        q = ((guint64)ua32 << 32) / ub32;
        *ov = q > G_MAXUINT32;
        return *ov ? 0 : q;
    }
    case 425: { /* divde: (RA || 0^64) / RB, must fit 64 bits signed */
        __int128 q;
        *ov = rb == 0 || (rb == ~0ull && ra != 0);
        if (*ov) {
            return 0;
        }
        q = ((__int128)(gint64)ra * ((__int128)1 << 64)) / (gint64)rb;
        *ov = q != (gint64)q;
        return *ov ? 0 : (guint64)q;
    }
    case 393: { /* divdeu */
        unsigned __int128 q;
        *ov = rb == 0;
        if (*ov) {
            return 0;
        }
        q = ((unsigned __int128)ra << 64) / rb;
        *ov = (q >> 64) != 0;
        return *ov ? 0 : (guint64)q;
    }
    }
    g_assert_not_reached();
}

static void test_divide(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint n;
    g_autofree Case *cases = edge_cases(&n);
    static const struct { const char *name; unsigned xo; } ops[] = {
        { "divw", 491 }, { "divwu", 459 }, { "divd", 489 }, { "divdu", 457 },
        { "divwe", 427 }, { "divweu", 395 }, { "divde", 425 }, { "divdeu", 393 },
    };

    for (guint i = 0; i < G_N_ELEMENTS(ops); i++) {
        for (guint form = 0; form < 4; form++) {
            gboolean oe = form & 1, rc = form >> 1;
            guint32 insn = xo_insn(ops[i].xo, oe, rc);

            run_batch(rig, insn, TRUE, cases, n);
            for (guint k = 0; k < n; k++) {
                Case *c = &cases[k];
                gboolean ov;
                guint64 rt = ref_div(ops[i].xo, c->ra, c->rb, &ov), xer = c->xer;
                if (oe) {
                    xer = (xer & ~(XER_OV | XER_OV32)) | (ov ? XER_OV | XER_OV32 | XER_SO : 0);
                }
                check_case(ops[i].name, insn, c, rt, xer,
                           rc ? ref_cr0(rt, TRUE, (xer & XER_SO) != 0) : (c->cr >> 28) & 0xf);
            }
        }
    }
    power_rig_free(rig);
}

/* Modulo (ISA 3.0): the undefined cases give 0 as in QEMU; word results extended by sign. */
static void test_modulo(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint n;
    g_autofree Case *cases = edge_cases(&n);
    static const struct { const char *name; unsigned xo; } ops[] = {
        { "modsw", 779 }, { "moduw", 267 }, { "modsd", 777 }, { "modud", 265 },
    };

    for (guint i = 0; i < G_N_ELEMENTS(ops); i++) {
        guint32 insn = 31u << 26 | 7u << 21 | 3u << 16 | 4u << 11 | ops[i].xo << 1;

        run_batch(rig, insn, TRUE, cases, n);
        for (guint k = 0; k < n; k++) {
            Case *c = &cases[k];
            gint32 a32 = c->ra, b32 = c->rb;
            guint64 rt = 0;

            switch (ops[i].xo) {
            case 779:
                rt = (b32 == 0 || (a32 == G_MININT32 && b32 == -1)) ? 0 : (guint64)(gint64)(a32 % b32);
                break;
            case 267:
                rt = (guint32)c->rb == 0 ? 0 : (guint32)c->ra % (guint32)c->rb;
                break;
            case 777:
                rt = (c->rb == 0 || (c->ra == (guint64)G_MININT64 && c->rb == ~0ull)) ? 0 :
                     (guint64)((gint64)c->ra % (gint64)c->rb);
                break;
            case 265:
                rt = c->rb == 0 ? 0 : c->ra % c->rb;
                break;
            }
            check_case(ops[i].name, insn, c, rt, c->xer, (c->cr >> 28) & 0xf);
        }
    }
    power_rig_free(rig);
}

/* maddhd, maddhdu, maddld (ISA 3.0): (RA * RB + RC) in 128 bits. */
static void test_multiply_add(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint n;
    g_autofree Case *cases = edge_cases(&n);
    /* maddhd/maddhdu/maddld 7,3,4,10 */
    static const guint32 insns[] = { 0x106422b0, 0x106422b1, 0x106422b3 };

    for (guint k = 0; k < n; k++) {
        cases[k].rc = edge_values[k % G_N_ELEMENTS(edge_values)];
    }
    for (guint i = 0; i < G_N_ELEMENTS(insns); i++) {
        guint32 insn = (insns[i] & ~(31u << 21 | 31u << 16)) | 7u << 21 | 3u << 16;
        run_batch(rig, insn, TRUE, cases, n);
        for (guint k = 0; k < n; k++) {
            Case *c = &cases[k];
            __int128 s = (__int128)(gint64)c->ra * (gint64)c->rb + (gint64)c->rc;
            unsigned __int128 u = (unsigned __int128)c->ra * c->rb + c->rc;
            guint64 rt = i == 0 ? (guint64)(s >> 64) : i == 1 ? (guint64)(u >> 64) : (guint64)u;
            check_case("madd", insn, c, rt, c->xer, (c->cr >> 28) & 0xf);
        }
    }
    power_rig_free(rig);
}

/* The CR and XER a case must end with, and RT unless @check_rt is FALSE. */
static void check_full(const char *what, guint32 insn, const Case *c, gboolean check_rt,
                       guint64 rt, guint64 xer, guint32 cr)
{
    if ((check_rt && c->rt != rt) || (c->xer_out & 0xffffffff) != xer ||
        (guint32)c->cr_out != cr) {
        g_error("%s (0x%08x) ra=0x%" G_GINT64_MODIFIER "x rb=0x%" G_GINT64_MODIFIER
                "x: rt 0x%" G_GINT64_MODIFIER "x xer 0x%" G_GINT64_MODIFIER "x cr 0x%08x, "
                "expected rt 0x%" G_GINT64_MODIFIER "x xer 0x%" G_GINT64_MODIFIER "x cr 0x%08x",
                what, insn, c->ra, c->rb, c->rt, c->xer_out, (guint32)c->cr_out, rt, xer, cr);
    }
}

/* Book I's rotate and mask, bit by bit in IBM numbering. */
static guint64 ref_mask(unsigned mb, unsigned me)
{
    guint64 m = 0;
    for (unsigned b = 0; b < 64; b++) {
        if (mb <= me ? (b >= mb && b <= me) : (b >= mb || b <= me)) {
            m |= 1ull << (63 - b);
        }
    }
    return m;
}

static guint64 ref_rotl64(guint64 x, unsigned n)
{
    guint64 r = x;
    for (unsigned i = 0; i < (n & 63); i++) {
        r = (r << 1) | (r >> 63);
    }
    return r;
}

/* ROTL32: the low word doubled, then rotated as 64 bits. */
static guint64 ref_rotl32(guint64 x, unsigned n)
{
    guint64 w = (guint32)x;
    return ref_rotl64(w << 32 | w, n & 31);
}

static guint32 m_form(unsigned po, unsigned rb_or_sh, unsigned mb, unsigned me, gboolean rc)
{
    return po << 26 | 3u << 21 | 7u << 16 | rb_or_sh << 11 | mb << 6 | me << 1 | rc;
}

static guint32 md_form(unsigned xo, unsigned sh, unsigned mb, gboolean rc)
{
    return 30u << 26 | 3u << 21 | 7u << 16 | (sh & 31) << 11 | (mb & 31) << 6 | (mb >> 5) << 5 |
           xo << 2 | (sh >> 5) << 1 | rc;
}

static guint32 mds_form(unsigned xo, unsigned mb, gboolean rc)
{
    return 30u << 26 | 3u << 21 | 7u << 16 | 4u << 11 | (mb & 31) << 6 | (mb >> 5) << 5 |
           xo << 1 | rc;
}

static void test_rotate(void)
{
    static const unsigned shs[] = { 0, 1, 5, 31, 32, 33, 63 };
    static const unsigned mbs[] = { 0, 3, 31, 32, 40, 63 };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint n;
    g_autofree Case *cases = edge_cases(&n);

    for (guint k = 0; k < n; k++) {
        cases[k].rb = edge_values[k % G_N_ELEMENTS(edge_values)] + k;   /* rotate counts */
        cases[k].rc = edge_values[(k / 3) % G_N_ELEMENTS(edge_values)]; /* RA before inserts */
    }
    /* rlwinm, rlwimi with every interesting mb/me of the word forms, and rlwnm */
    for (unsigned i = 0; i < 5; i++) {
        unsigned sh = shs[i] & 31;
        for (unsigned mb = 0; mb < 32; mb += 7) {
            for (unsigned me = 0; me < 32; me += 5) {
                guint32 ops[3] = { m_form(21, sh, mb, me, TRUE), m_form(20, sh, mb, me, FALSE),
                                   m_form(23, 4, mb, me, TRUE) };
                guint64 m = ref_mask(mb + 32, me + 32);
                for (guint o = 0; o < 3; o++) {
                    run_batch(rig, ops[o], TRUE, cases, n);
                    for (guint k = 0; k < n; k++) {
                        Case *c = &cases[k];
                        guint64 r = ref_rotl32(c->ra, o == 2 ? (unsigned)c->rb : sh) & m;
                        if (o == 1) {
                            r |= c->rc & ~m;
                        }
                        check_case(o == 0 ? "rlwinm" : o == 1 ? "rlwimi" : "rlwnm", ops[o], c, r,
                                   c->xer, o == 1 ? (c->cr >> 28) & 0xf :
                                   ref_cr0(r, TRUE, (c->xer & XER_SO) != 0));
                    }
                }
            }
        }
    }
    /* the doubleword forms */
    for (guint i = 0; i < G_N_ELEMENTS(shs); i++) {
        for (guint j = 0; j < G_N_ELEMENTS(mbs); j++) {
            unsigned sh = shs[i], mb = mbs[j];
            const struct { const char *name; guint32 insn; guint64 mask; gboolean insert, by_rb; }
            ops[] = {
                { "rldicl", md_form(0, sh, mb, TRUE), ref_mask(mb, 63), FALSE, FALSE },
                { "rldicr", md_form(1, sh, mb, TRUE), ref_mask(0, mb), FALSE, FALSE },
                { "rldic", md_form(2, sh, mb, TRUE), ref_mask(mb, 63 - sh), FALSE, FALSE },
                { "rldimi", md_form(3, sh, mb, TRUE), ref_mask(mb, 63 - sh), TRUE, FALSE },
                { "rldcl", mds_form(8, mb, TRUE), ref_mask(mb, 63), FALSE, TRUE },
                { "rldcr", mds_form(9, mb, TRUE), ref_mask(0, mb), FALSE, TRUE },
            };
            for (guint o = 0; o < G_N_ELEMENTS(ops); o++) {
                if (ops[o].by_rb && i > 0) {
                    continue;
                }
                run_batch(rig, ops[o].insn, TRUE, cases, n);
                for (guint k = 0; k < n; k++) {
                    Case *c = &cases[k];
                    guint64 r = ref_rotl64(c->ra, ops[o].by_rb ? (unsigned)(c->rb & 63) : sh) &
                                ops[o].mask;
                    if (ops[o].insert) {
                        r |= c->rc & ~ops[o].mask;
                    }
                    check_case(ops[o].name, ops[o].insn, c, r, c->xer,
                               ref_cr0(r, TRUE, (c->xer & XER_SO) != 0));
                }
            }
        }
    }
    power_rig_free(rig);
}

/* Known answers, for the reader: the usual extended mnemonics. */
static void test_rotate_known(void)
{
    static const struct { guint32 insn; guint64 ra, rt; const char *what; } known[] = {
        { 0x5467063e, 0x123456789abcdef0ull, 0xf0, "clrlwi 7,3,24" },
        { 0x5467402e, 0x00000000aabbccddull, 0xbbccdd00, "slwi 7,3,8" },
        { 0x5467c23e, 0x00000000aabbccddull, 0x00aabbcc, "srwi 7,3,8" },
        { 0x78670000, 0x8000000000000001ull, 0x8000000000000001ull, "clrldi 7,3,0" },
        { 0x78670020, 0xffffffffffffffffull, 0x00000000ffffffffull, "clrldi 7,3,32" },
        { 0x7867c1e4, 0x0123456789abcdefull, 0x6789abcdef000000ull, "sldi 7,3,24" },
        { 0x78674602, 0x0123456789abcdefull, 0x0000000123456789ull, "srdi 7,3,24" },
        { 0x546707fe, 0xffffffff8000000full, 0x1, "clrlwi 7,3,31" },
        { 0x54670006, 0x12345678ull, 0x10000000ull, "rlwinm 7,3,0,0,3" },
        /* mb > me: the mask wraps into the high word, which gets the rotated word too */
        { 0x54672a84, 0x00000000ffffffffull, 0xffffffffe03fffffull, "rlwinm 7,3,5,10,2" },
        { 0x54672a84, 0x00000000f000000full, 0x000001fe000001feull, "rlwinm 7,3,5,10,2" },
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);

    for (guint i = 0; i < G_N_ELEMENTS(known); i++) {
        Case c = { .ra = known[i].ra, .cr = 0 };
        run_batch(rig, known[i].insn, TRUE, &c, 1);
        if (c.rt != known[i].rt) {
            g_error("%s (0x%08x) of 0x%" G_GINT64_MODIFIER "x: 0x%" G_GINT64_MODIFIER
                    "x, expected 0x%" G_GINT64_MODIFIER "x", known[i].what, known[i].insn,
                    known[i].ra, c.rt, known[i].rt);
        }
    }
    power_rig_free(rig);
}

/* Shifts (Book I 3.3.14.2): counts with the 32 (64) bit set give 0, or the sign for algebraic. */
static void test_shift(void)
{
    static const unsigned counts[] = { 0, 1, 5, 31, 32, 33, 63, 64, 65, 127, 128 };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint n;
    g_autofree Case *cases = edge_cases(&n);
    static const struct { const char *name; unsigned xo; } by_rb[] = {
        { "slw", 24 }, { "srw", 536 }, { "sraw", 792 }, { "sld", 27 }, { "srd", 539 },
        { "srad", 794 },
    };

    for (guint k = 0; k < n; k++) {
        cases[k].rb = counts[k % G_N_ELEMENTS(counts)] | (k & 0x100 ? 0xffffff00ull : 0);
    }
    for (guint i = 0; i < G_N_ELEMENTS(by_rb); i++) {
        guint32 insn = 31u << 26 | 3u << 21 | 7u << 16 | 4u << 11 | by_rb[i].xo << 1 | 1;
        run_batch(rig, insn, TRUE, cases, n);
        for (guint k = 0; k < n; k++) {
            Case *c = &cases[k];
            unsigned cnt = c->rb & (i < 3 ? 0x3f : 0x7f);
            gint64 s32 = (gint32)c->ra, s64 = (gint64)c->ra;
            guint64 r = 0, xer = c->xer;
            gboolean ca = FALSE;

            switch (by_rb[i].xo) {
            case 24: r = cnt < 32 ? (guint32)((guint32)c->ra << cnt) : 0; break;
            case 536: r = cnt < 32 ? (guint32)c->ra >> cnt : 0; break;
            case 27: r = cnt < 64 ? c->ra << cnt : 0; break;
            case 539: r = cnt < 64 ? c->ra >> cnt : 0; break;
            case 792:
                r = (guint64)(cnt < 32 ? s32 >> cnt : s32 >> 31);
                ca = s32 < 0 && (cnt >= 32 ? TRUE : ((guint32)s32 & ((1u << cnt) - 1)) != 0);
                break;
            case 794:
                r = (guint64)(cnt < 64 ? s64 >> cnt : s64 >> 63);
                ca = s64 < 0 && (cnt >= 64 ? TRUE : ((guint64)s64 & ((1ull << cnt) - 1)) != 0);
                break;
            }
            if (by_rb[i].xo == 792 || by_rb[i].xo == 794) {
                xer = (xer & ~(XER_CA | XER_CA32)) | (ca ? XER_CA | XER_CA32 : 0);
            }
            check_case(by_rb[i].name, insn, c, r, xer, ref_cr0(r, TRUE, (xer & XER_SO) != 0));
        }
    }
    /* srawi, sradi, extswsli */
    for (unsigned sh = 0; sh < 64; sh += 7) {
        guint32 srawi = 31u << 26 | 3u << 21 | 7u << 16 | (sh & 31) << 11 | 824u << 1;
        guint32 sradi = 31u << 26 | 3u << 21 | 7u << 16 | (sh & 31) << 11 | 413u << 2 |
                        (sh >> 5) << 1;
        guint32 extswsli = 31u << 26 | 3u << 21 | 7u << 16 | (sh & 31) << 11 | 445u << 2 |
                           (sh >> 5) << 1 | 1;

        run_batch(rig, srawi, TRUE, cases, n);
        for (guint k = 0; k < n && sh < 32; k++) {
            Case *c = &cases[k];
            gint64 s32 = (gint32)c->ra;
            gboolean ca = s32 < 0 && ((guint32)s32 & ((1u << sh) - 1)) != 0;
            check_case("srawi", srawi, c, (guint64)(s32 >> sh),
                       (c->xer & ~(XER_CA | XER_CA32)) | (ca ? XER_CA | XER_CA32 : 0),
                       (c->cr >> 28) & 0xf);
        }
        run_batch(rig, sradi, TRUE, cases, n);
        for (guint k = 0; k < n; k++) {
            Case *c = &cases[k];
            gint64 s = (gint64)c->ra;
            gboolean ca = s < 0 && sh && (c->ra << (64 - sh)) != 0;
            check_case("sradi", sradi, c, (guint64)(s >> sh),
                       (c->xer & ~(XER_CA | XER_CA32)) | (ca ? XER_CA | XER_CA32 : 0),
                       (c->cr >> 28) & 0xf);
        }
        run_batch(rig, extswsli, TRUE, cases, n);
        for (guint k = 0; k < n; k++) {
            Case *c = &cases[k];
            guint64 r = (guint64)(gint64)(gint32)c->ra << sh;
            check_case("extswsli.", extswsli, c, r, c->xer, ref_cr0(r, TRUE, (c->xer & XER_SO) != 0));
        }
    }
    power_rig_free(rig);
}

static guint64 ref_popcnt_bytes(guint64 x, unsigned width)
{
    guint64 r = 0;
    for (unsigned i = 0; i < 64; i += width) {
        guint64 part = (x >> i) & (width == 64 ? ~0ull : (1ull << width) - 1);
        r |= (guint64)__builtin_popcountll(part) << i;
    }
    return r;
}

/* Logical, extend, count (Book I 3.3.13): X forms with Rc=1. */
static void test_logical(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint n;
    g_autofree Case *cases = edge_cases(&n);
    static const struct { const char *name; unsigned xo; } ops[] = {
        { "and", 28 }, { "or", 444 }, { "xor", 316 }, { "nand", 476 }, { "nor", 124 },
        { "eqv", 284 }, { "andc", 60 }, { "orc", 412 }, { "extsb", 954 }, { "extsh", 922 },
        { "extsw", 986 }, { "cntlzw", 26 }, { "cntlzd", 58 }, { "cnttzw", 538 },
        { "cnttzd", 570 }, { "popcntb", 122 }, { "popcntw", 378 }, { "popcntd", 506 },
        { "prtyw", 154 }, { "prtyd", 186 }, { "cmpb", 508 }, { "bpermd", 252 },
    };

    for (guint i = 0; i < G_N_ELEMENTS(ops); i++) {
        /* the count/parity/cmpb/bpermd forms have no Rc */
        gboolean rc = i < 15;
        guint32 insn = 31u << 26 | 3u << 21 | 7u << 16 | 4u << 11 | ops[i].xo << 1 | rc;
        run_batch(rig, insn, TRUE, cases, n);
        for (guint k = 0; k < n; k++) {
            Case *c = &cases[k];
            guint64 s = c->ra, b = c->rb, r = 0;
            switch (ops[i].xo) {
            case 28: r = s & b; break;
            case 444: r = s | b; break;
            case 316: r = s ^ b; break;
            case 476: r = ~(s & b); break;
            case 124: r = ~(s | b); break;
            case 284: r = ~(s ^ b); break;
            case 60: r = s & ~b; break;
            case 412: r = s | ~b; break;
            case 954: r = (guint64)(gint64)(gint8)s; break;
            case 922: r = (guint64)(gint64)(gint16)s; break;
            case 986: r = (guint64)(gint64)(gint32)s; break;
            case 26: r = (guint32)s ? __builtin_clz((guint32)s) : 32; break;
            case 58: r = s ? __builtin_clzll(s) : 64; break;
            case 538: r = (guint32)s ? __builtin_ctz((guint32)s) : 32; break;
            case 570: r = s ? __builtin_ctzll(s) : 64; break;
            case 122: r = ref_popcnt_bytes(s, 8); break;
            case 378: r = ref_popcnt_bytes(s, 32); break;
            case 506: r = ref_popcnt_bytes(s, 64); break;
            case 154:
                for (int w = 0; w < 2; w++) {
                    guint p = 0;
                    for (int byte = 0; byte < 4; byte++) {
                        p ^= (s >> (32 * w + 8 * byte)) & 1;
                    }
                    r |= (guint64)p << (32 * w);
                }
                break;
            case 186:
                for (int byte = 0; byte < 8; byte++) {
                    r ^= (s >> (8 * byte)) & 1;
                }
                break;
            case 508:
                for (int byte = 0; byte < 8; byte++) {
                    if (((s ^ b) >> (8 * byte) & 0xff) == 0) {
                        r |= 0xffull << (8 * byte);
                    }
                }
                break;
            case 252:
                for (int byte = 0; byte < 8; byte++) {
                    /* byte 0 is the most significant; its index picks a bit of RB, bit 0 = MSB */
                    guint idx = (s >> (56 - 8 * byte)) & 0xff;
                    if (idx < 64 && ((b >> (63 - idx)) & 1)) {
                        r |= 0x80 >> byte;
                    }
                }
                break;
            }
            check_case(ops[i].name, insn, c, r, c->xer,
                       rc ? ref_cr0(r, TRUE, (c->xer & XER_SO) != 0) : (c->cr >> 28) & 0xf);
        }
    }
    power_rig_free(rig);
}

/* Compares (Book I 3.3.10) into CR1, L=0 and L=1, and the ISA 3.0 byte compares into CR2. */
static void test_compare(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint n;
    g_autofree Case *cases = edge_cases(&n);

    for (guint l = 0; l < 2; l++) {
        const struct { const char *name; guint32 insn; gboolean sign, imm; gint64 si; } ops[] = {
            { "cmp", 31u << 26 | 1u << 23 | l << 21 | 3u << 16 | 4u << 11, TRUE, FALSE, 0 },
            { "cmpl", 31u << 26 | 1u << 23 | l << 21 | 3u << 16 | 4u << 11 | 32u << 1, FALSE,
              FALSE, 0 },
            { "cmpi", 11u << 26 | 1u << 23 | l << 21 | 3u << 16 | 0xfffb, TRUE, TRUE, -5 },
            { "cmpli", 10u << 26 | 1u << 23 | l << 21 | 3u << 16 | 0x8000, FALSE, TRUE, 0x8000 },
        };
        for (guint o = 0; o < G_N_ELEMENTS(ops); o++) {
            run_batch(rig, ops[o].insn, TRUE, cases, n);
            for (guint k = 0; k < n; k++) {
                Case *c = &cases[k];
                guint64 a = c->ra, b = ops[o].imm ? (guint64)ops[o].si : c->rb;
                guint32 f;
                if (!l) {
                    a = ops[o].sign ? (guint64)(gint64)(gint32)a : (guint32)a;
                    b = ops[o].sign ? (guint64)(gint64)(gint32)b : (guint32)b;
                }
                if (ops[o].sign) {
                    f = (gint64)a < (gint64)b ? 8 : (gint64)a > (gint64)b ? 4 : 2;
                } else {
                    f = a < b ? 8 : a > b ? 4 : 2;
                }
                f |= (c->xer & XER_SO) != 0;
                check_full(ops[o].name, ops[o].insn, c, FALSE, 0, c->xer,
                           ((guint32)c->cr & ~0x0f000000u) | f << 24);
            }
        }
    }
    /* cmprb 2,1,3,4 and cmpeqb 2,3,4: CR2 = 0 || match || 00 */
    for (guint k = 0; k < n; k++) {
        cases[k].rb = 0x7a613930ull | (k & 1 ? 0xffffffff00000000ull : 0);  /* 'a'-'z', '0'-'9' */
        cases[k].ra = (k * 7) & 0xff;
    }
    for (guint l = 0; l < 2; l++) {
        guint32 insn = 31u << 26 | 2u << 23 | l << 21 | 3u << 16 | 4u << 11 | 192u << 1;
        run_batch(rig, insn, TRUE, cases, n);
        for (guint k = 0; k < n; k++) {
            Case *c = &cases[k];
            guint8 ch = c->ra;
            gboolean in = (ch >= 0x30 && ch <= 0x39) || (l && ch >= 0x61 && ch <= 0x7a);
            check_full("cmprb", insn, c, FALSE, 0, c->xer,
                       ((guint32)c->cr & ~0x00f00000u) | (in ? 4u : 0) << 20);
        }
    }
    {
        guint32 insn = 31u << 26 | 2u << 23 | 3u << 16 | 4u << 11 | 224u << 1;
        run_batch(rig, insn, TRUE, cases, n);
        for (guint k = 0; k < n; k++) {
            Case *c = &cases[k];
            gboolean eq = FALSE;
            for (int byte = 0; byte < 8; byte++) {
                eq |= ((c->rb >> (8 * byte)) & 0xff) == (c->ra & 0xff);
            }
            check_full("cmpeqb", insn, c, FALSE, 0, c->xer,
                       ((guint32)c->cr & ~0x00f00000u) | (eq ? 4u : 0) << 20);
        }
    }
    power_rig_free(rig);
}

void power_exec_fixed_tests(void)
{
    g_test_add_func("/power/fixed/rotate", test_rotate);
    g_test_add_func("/power/fixed/rotate-known", test_rotate_known);
    g_test_add_func("/power/fixed/shift", test_shift);
    g_test_add_func("/power/fixed/logical", test_logical);
    g_test_add_func("/power/fixed/compare", test_compare);
    g_test_add_func("/power/fixed/add-carry", test_add_family);
    g_test_add_func("/power/fixed/add-isa207", test_add_isa207);
    g_test_add_func("/power/fixed/add-immediate", test_add_immediate);
    g_test_add_func("/power/fixed/multiply", test_multiply);
    g_test_add_func("/power/fixed/divide", test_divide);
    g_test_add_func("/power/fixed/modulo", test_modulo);
    g_test_add_func("/power/fixed/multiply-add", test_multiply_add);
}
