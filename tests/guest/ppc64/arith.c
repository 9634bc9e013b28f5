/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fixed-point arithmetic: add/subf/neg/mul/div/mod families, every OE/Rc form, CA/OV/SO/CR0. */
#include "t.h"

/*
 * Every line runs one instruction in its four forms (plain, o, ., o.) on
 * the same inputs, with XER preset to "x" and CR0 preset to 0b1010:
 *   NAME A B x=XER: rt=RT xer=PLAIN/O/DOT/ODOT cr0=PLAIN/O/DOT/ODOT
 * Results the ISA leaves undefined are masked out (see undefined()).
 */
#define CR0_PRESET 0xa0000000UL

struct res4 {
    uint64_t rt[4], xer[4], cr[4];
};

#define FORM2(mn, a, b, xin, r, i)                                                        \
    __asm__ volatile("mtcrf 0x80,%[c0]\n\tmtxer %[x]\n\t" mn " %[t],%[ra],%[rb]\n\t"       \
                     "mfxer %[xo]\n\tmfcr %[c]"                                           \
                     : [t] "=&r"((r)->rt[i]), [xo] "=&r"((r)->xer[i]), [c] "=&r"((r)->cr[i]) \
                     : [ra] "r"(a), [rb] "r"(b), [x] "r"(xin), [c0] "r"(CR0_PRESET)       \
                     : "cr0", "xer")

#define FORM1(mn, a, xin, r, i)                                                           \
    __asm__ volatile("mtcrf 0x80,%[c0]\n\tmtxer %[x]\n\t" mn " %[t],%[ra]\n\t"             \
                     "mfxer %[xo]\n\tmfcr %[c]"                                           \
                     : [t] "=&r"((r)->rt[i]), [xo] "=&r"((r)->xer[i]), [c] "=&r"((r)->cr[i]) \
                     : [ra] "r"(a), [x] "r"(xin), [c0] "r"(CR0_PRESET)                    \
                     : "cr0", "xer")

/* Instructions with OE and Rc: plain, o, ., o. */
#define DEF_OE_RC(fn, mn)                                                                 \
    static void fn(uint64_t a, uint64_t b, uint64_t x, struct res4 *r)                   \
    {                                                                                     \
        FORM2(mn, a, b, x, r, 0);                                                         \
        FORM2(mn "o", a, b, x, r, 1);                                                     \
        FORM2(mn ".", a, b, x, r, 2);                                                     \
        FORM2(mn "o.", a, b, x, r, 3);                                                    \
    }
/* Instructions with Rc only: plain, plain, ., . */
#define DEF_RC(fn, mn)                                                                    \
    static void fn(uint64_t a, uint64_t b, uint64_t x, struct res4 *r)                   \
    {                                                                                     \
        FORM2(mn, a, b, x, r, 0);                                                         \
        FORM2(mn, a, b, x, r, 1);                                                         \
        FORM2(mn ".", a, b, x, r, 2);                                                     \
        FORM2(mn ".", a, b, x, r, 3);                                                     \
    }
/* Instructions with neither. */
#define DEF_PLAIN(fn, mn)                                                                 \
    static void fn(uint64_t a, uint64_t b, uint64_t x, struct res4 *r)                   \
    {                                                                                     \
        FORM2(mn, a, b, x, r, 0);                                                         \
        for (int i = 1; i < 4; i++) {                                                     \
            r->rt[i] = r->rt[0];                                                          \
            r->xer[i] = r->xer[0];                                                        \
            r->cr[i] = r->cr[0];                                                          \
        }                                                                                 \
    }
#define DEF_UNARY(fn, mn)                                                                 \
    static void fn(uint64_t a, uint64_t b, uint64_t x, struct res4 *r)                   \
    {                                                                                     \
        (void)b;                                                                          \
        FORM1(mn, a, x, r, 0);                                                            \
        FORM1(mn "o", a, x, r, 1);                                                        \
        FORM1(mn ".", a, x, r, 2);                                                        \
        FORM1(mn "o.", a, x, r, 3);                                                       \
    }

enum undef_rule {
    U_NONE,
    U_HIGH32,       /* mulhw, mulhwu: RT[0:31] undefined, CR0 LT/GT/EQ undefined */
    U_DIVW, U_DIVWU, U_DIVWE, U_DIVWEU,
    U_DIVD, U_DIVDU, U_DIVDE, U_DIVDEU,
    U_MODSW, U_MODUW, U_MODSD, U_MODUD,
};

DEF_OE_RC(op_add, "add")
DEF_OE_RC(op_addc, "addc")
DEF_OE_RC(op_adde, "adde")
DEF_OE_RC(op_subf, "subf")
DEF_OE_RC(op_subfc, "subfc")
DEF_OE_RC(op_subfe, "subfe")
DEF_OE_RC(op_mulld, "mulld")
DEF_OE_RC(op_mullw, "mullw")
DEF_RC(op_mulhd, "mulhd")
DEF_RC(op_mulhdu, "mulhdu")
DEF_RC(op_mulhw, "mulhw")
DEF_RC(op_mulhwu, "mulhwu")
DEF_OE_RC(op_divd, "divd")
DEF_OE_RC(op_divdu, "divdu")
DEF_OE_RC(op_divw, "divw")
DEF_OE_RC(op_divwu, "divwu")
DEF_OE_RC(op_divde, "divde")
DEF_OE_RC(op_divdeu, "divdeu")
DEF_OE_RC(op_divwe, "divwe")
DEF_OE_RC(op_divweu, "divweu")
DEF_PLAIN(op_modsd, "modsd")
DEF_PLAIN(op_modud, "modud")
DEF_PLAIN(op_modsw, "modsw")
DEF_PLAIN(op_moduw, "moduw")
DEF_UNARY(op_neg, "neg")
DEF_UNARY(op_addme, "addme")
DEF_UNARY(op_addze, "addze")
DEF_UNARY(op_subfme, "subfme")
DEF_UNARY(op_subfze, "subfze")

struct insn {
    const char *name;
    void (*fn)(uint64_t, uint64_t, uint64_t, struct res4 *);
    enum undef_rule undef;
    int unary;
    int uses_ca;
};

static const struct insn insns[] = {
    { "add", op_add, U_NONE, 0, 0 },
    { "addc", op_addc, U_NONE, 0, 0 },
    { "adde", op_adde, U_NONE, 0, 1 },
    { "subf", op_subf, U_NONE, 0, 0 },
    { "subfc", op_subfc, U_NONE, 0, 0 },
    { "subfe", op_subfe, U_NONE, 0, 1 },
    { "mulld", op_mulld, U_NONE, 0, 0 },
    { "mullw", op_mullw, U_NONE, 0, 0 },
    { "mulhd", op_mulhd, U_NONE, 0, 0 },
    { "mulhdu", op_mulhdu, U_NONE, 0, 0 },
    { "mulhw", op_mulhw, U_HIGH32, 0, 0 },
    { "mulhwu", op_mulhwu, U_HIGH32, 0, 0 },
    { "divd", op_divd, U_DIVD, 0, 0 },
    { "divdu", op_divdu, U_DIVDU, 0, 0 },
    { "divw", op_divw, U_DIVW, 0, 0 },
    { "divwu", op_divwu, U_DIVWU, 0, 0 },
    { "divde", op_divde, U_DIVDE, 0, 0 },
    { "divdeu", op_divdeu, U_DIVDEU, 0, 0 },
    { "divwe", op_divwe, U_DIVWE, 0, 0 },
    { "divweu", op_divweu, U_DIVWEU, 0, 0 },
    { "modsd", op_modsd, U_MODSD, 0, 0 },
    { "modud", op_modud, U_MODUD, 0, 0 },
    { "modsw", op_modsw, U_MODSW, 0, 0 },
    { "moduw", op_moduw, U_MODUW, 0, 0 },
    { "neg", op_neg, U_NONE, 1, 0 },
    { "addme", op_addme, U_NONE, 1, 1 },
    { "addze", op_addze, U_NONE, 1, 1 },
    { "subfme", op_subfme, U_NONE, 1, 1 },
    { "subfze", op_subfze, U_NONE, 1, 1 },
};

/* |v| of a signed value as an unsigned one (|INT64_MIN| = 2^63). */
static uint64_t uabs(int64_t v)
{
    return v < 0 ? -(uint64_t)v : (uint64_t)v;
}

/*
 * Power ISA v3.0B Book I 3.3.9 (Fixed-Point Arithmetic Instructions):
 * - mulhw[u]: "The contents of RT0:31 are undefined"; in 64-bit mode CR0
 *   LT/GT/EQ are undefined if Rc=1.
 * - the word divides and modulos put their result in RT32:63, "RT0:31 are
 *   undefined", and so are CR0 LT/GT/EQ if Rc=1 in 64-bit mode.
 * - on division by zero, on the most negative number divided by -1, and for
 *   the extended divides whenever the quotient does not fit, RT and CR0
 *   LT/GT/EQ are undefined (OV/OV32 and SO are defined for the o-forms).
 * rtmask is the part of RT that is defined, crmask that of CR0.
 */
static void undefined(enum undef_rule u, uint64_t a, uint64_t b, uint64_t *rtmask,
                      unsigned *crmask)
{
    uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
    int bad = 0;

    *rtmask = ~0UL;
    *crmask = 0xf;
    switch (u) {
    case U_NONE:
        return;
    case U_HIGH32:
        break;
    case U_DIVW:
    case U_MODSW:
        bad = b32 == 0 || (a32 == 0x80000000 && b32 == 0xffffffff);
        break;
    case U_DIVWU:
    case U_MODUW:
        bad = b32 == 0;
        break;
    case U_DIVWE: {
        /* dividend (RA)32:63 || 32 zeros; the quotient must fit in 32 signed bits */
        int64_t dividend = (int64_t)((uint64_t)a32 << 32);
        int64_t divisor = (int32_t)b32;
        if (divisor == 0 || (dividend == INT64_MIN && divisor == -1)) {
            bad = 1;
        } else {
            int64_t q = dividend / divisor;
            bad = q < INT32_MIN || q > INT32_MAX;
        }
        break;
    }
    case U_DIVWEU:
        bad = b32 == 0 || a32 >= b32;
        break;
    case U_DIVD:
    case U_MODSD:
        bad = b == 0 || (a == 0x8000000000000000UL && b == ~0UL);
        break;
    case U_DIVDU:
    case U_MODUD:
        bad = b == 0;
        break;
    case U_DIVDE: {
        /* (RA || 64 zeros) / RB must fit in 64 signed bits */
        uint64_t ua = uabs((int64_t)a), ub = uabs((int64_t)b);
        int negative = ((int64_t)a < 0) != ((int64_t)b < 0);
        bad = ub == 0 || ua > ub / 2 ||
              (ua != 0 && (ub & 1) == 0 && ua == ub / 2 && !negative);
        break;
    }
    case U_DIVDEU:
        bad = b == 0 || a >= b;
        break;
    }
    int word = u == U_HIGH32 || u == U_DIVW || u == U_DIVWU || u == U_DIVWE ||
               u == U_DIVWEU || u == U_MODSW || u == U_MODUW;
    if (bad) {
        *rtmask = 0;
        *crmask = 0x1;
    } else if (word) {
        *rtmask = 0xffffffffUL;
        *crmask = 0x1;
    }
}

static void report(const struct insn *in, uint64_t a, uint64_t b, uint64_t x, struct res4 *r)
{
    uint64_t rtmask;
    unsigned crmask;

    undefined(in->undef, a, b, &rtmask, &crmask);
    if (in->unary) {
        rt_printf("%s %016lx x=%08lx: rt=", in->name, a, x);
    } else {
        rt_printf("%s %016lx %016lx x=%08lx: rt=", in->name, a, b, x);
    }
    if (rtmask == 0) {
        rt_printf("undefined");
    } else {
        rt_printf("%016lx", r->rt[0] & rtmask);
        for (int i = 1; i < 4; i++) {
            if ((r->rt[i] & rtmask) != (r->rt[0] & rtmask)) {
                rt_printf(" form%d:%016lx", i, r->rt[i] & rtmask);
            }
        }
    }
    rt_printf(" xer=%lx/%lx/%lx/%lx cr0=%x/%x/%x/%x\n",
              r->xer[0] & XER_DEFINED, r->xer[1] & XER_DEFINED, r->xer[2] & XER_DEFINED,
              r->xer[3] & XER_DEFINED,
              (unsigned)(r->cr[0] >> 28) & 0xf, (unsigned)(r->cr[1] >> 28) & 0xf,
              (unsigned)(r->cr[2] >> 28) & crmask, (unsigned)(r->cr[3] >> 28) & crmask);
}

#define IMM_ONE(mn, imm, av, xv)                                                            \
    do {                                                                                  \
        uint64_t t_, xo_, c_;                                                             \
        __asm__ volatile("mtcrf 0x80,%[c0]\n\tmtxer %[x]\n\t" mn " %[t],%[ra],%[i]\n\t"    \
                         "mfxer %[xo]\n\tmfcr %[c]"                                       \
                         : [t] "=&r"(t_), [xo] "=&r"(xo_), [c] "=&r"(c_)                  \
                         : [ra] "b"(av), [x] "r"(xv), [c0] "r"(CR0_PRESET), [i] "n"(imm)     \
                         : "cr0", "xer");                                                 \
        rt_printf("%s %016lx %d x=%08lx: rt=%016lx xer=%lx cr0=%x\n", mn, (uint64_t)(av),     \
                  (int)(imm), (uint64_t)(xv), t_, xo_ & XER_DEFINED, (unsigned)(c_ >> 28) & 0xf); \
    } while (0)

#define IMM_ALL(av, xv, imm)                                                                \
    do {                                                                                  \
        IMM_ONE("addi", imm, av, xv);                                                       \
        IMM_ONE("addis", imm, av, xv);                                                      \
        IMM_ONE("addic", imm, av, xv);                                                      \
        IMM_ONE("addic.", imm, av, xv);                                                     \
        IMM_ONE("subfic", imm, av, xv);                                                     \
        IMM_ONE("mulli", imm, av, xv);                                                      \
    } while (0)

static void immediates(void)
{
    static const uint64_t avals[] = { 0, 1, 0xffffffffffffffff, 0x7fffffff, 0x80000000,
                                      0x7fffffffffffffff, 0x8000000000000000,
                                      0xffffffff7fff8000 };
    for (unsigned i = 0; i < sizeof(avals) / sizeof(avals[0]); i++) {
        uint64_t a = avals[i];
        IMM_ALL(a, 0, 0);
        IMM_ALL(a, 0, 1);
        IMM_ALL(a, 0, -1);
        IMM_ALL(a, XER_SO, 0x7fff);
        IMM_ALL(a, XER_CA, -0x8000);
    }
}

/* addex with CY=0: OV is the carry in and out (Power ISA v3.0B Book I 3.3.9). */
static void addex(void)
{
    for (unsigned i = 0; i < T_NVALS; i++) {
        for (unsigned j = 0; j < T_NVALS; j += 2) {
            for (uint64_t ov = 0; ov < 2; ov++) {
                uint64_t a = t_vals[i], b = t_vals[j], t, xo, xin = ov ? XER_OV : 0;
                __asm__ volatile("mtxer %[x]\n\taddex %[t],%[a],%[b],0\n\tmfxer %[xo]"
                                 : [t] "=&r"(t), [xo] "=&r"(xo)
                                 : [a] "r"(a), [b] "r"(b), [x] "r"(xin)
                                 : "xer");
                /* CA and CA32 are unchanged; OV32 gets the carry out of bit 32. */
                rt_printf("addex %016lx %016lx x=%08lx: rt=%016lx xer=%lx\n", a, b, xin, t,
                          xo & XER_DEFINED);
            }
        }
    }
}

/* SO is sticky, OV is not; Rc=1 copies SO into CR0. */
static void summary_overflow(void)
{
    uint64_t t, xo, c;
    __asm__ volatile("mtxer %[x]\n\taddo. %[t],%[a],%[a]\n\tmfxer %[xo]\n\tmfcr %[c]"
                     : [t] "=&r"(t), [xo] "=&r"(xo), [c] "=&r"(c)
                     : [a] "r"(1UL), [x] "r"(XER_SO | XER_OV)
                     : "cr0", "xer");
    rt_printf("so-sticky addo.: rt=%lx xer=%lx cr0=%x\n", t, xo & XER_DEFINED,
              (unsigned)(c >> 28));
    __asm__ volatile("mtxer %[x]\n\tadd. %[t],%[a],%[a]\n\tmfxer %[xo]\n\tmfcr %[c]"
                     : [t] "=&r"(t), [xo] "=&r"(xo), [c] "=&r"(c)
                     : [a] "r"(0UL), [x] "r"(XER_SO)
                     : "cr0", "xer");
    rt_printf("so-copied add.: rt=%lx xer=%lx cr0=%x\n", t, xo & XER_DEFINED,
              (unsigned)(c >> 28));
    __asm__ volatile("mtxer %[x]\n\tmulldo %[t],%[a],%[a]\n\taddo %[t],%[a],%[a]\n\t"
                     "mfxer %[xo]\n\tmfcr %[c]"
                     : [t] "=&r"(t), [xo] "=&r"(xo), [c] "=&r"(c)
                     : [a] "r"(0x100000000UL), [x] "r"(0UL)
                     : "cr0", "xer");
    rt_printf("ov-cleared mulldo;addo: rt=%lx xer=%lx\n", t, xo & XER_DEFINED);
}

void test_main(void)
{
    struct res4 r;

    for (unsigned k = 0; k < sizeof(insns) / sizeof(insns[0]); k++) {
        const struct insn *in = &insns[k];
        for (unsigned i = 0; i < T_NVALS; i++) {
            for (unsigned j = 0; j < (in->unary ? 1 : T_NVALS); j++) {
                for (int ca = 0; ca <= in->uses_ca; ca++) {
                    uint64_t x = ca ? XER_CA | XER_CA32 : 0;
                    in->fn(t_vals[i], t_vals[j], x, &r);
                    report(in, t_vals[i], t_vals[j], x, &r);
                }
            }
        }
    }
    immediates();
    addex();
    summary_overflow();
}
