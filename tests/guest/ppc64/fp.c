/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Floating point: arithmetic, multiply-add, rounding, conversion, compare, FPSCR, enabled traps. */
#include "t.h"

/*
 * Every case loads FRA (f2), FRB (f3), FRC (f4), the whole FPSCR (mtfsf
 * with L=1) and FRT (f1, preset to a marker), clears CR, runs one
 * instruction and prints FRT, the FPSCR and CR:
 *   INSN A B [C] rn=R: t=FRT fpscr=FPSCR cr=CR
 * The program is built with -msoft-float: values travel through memory.
 */
struct io {
    uint64_t a, b, c, fpscr, t_in, t, fpscr_out, cr;
};

#define MARKER 0x5555aaaa5555aaaaUL

#define DEF(fn, insn)                                                                     \
    static void fn(struct io *p)                                                         \
    {                                                                                     \
        __asm__ volatile("lfd 2,0(%0)\n\tlfd 3,8(%0)\n\tlfd 4,16(%0)\n\tlfd 5,24(%0)\n\t"  \
                         "mtfsf 0xff,5,1,0\n\tlfd 1,32(%0)\n\tli 0,0\n\tmtcrf 0xff,0\n\t"  \
                         insn "\n\t"                                                      \
                         "stfd 1,40(%0)\n\tmffs 6\n\tstfd 6,48(%0)\n\tmfcr 0\n\t"          \
                         "std 0,56(%0)"                                                   \
                         : : "b"(p)                                                       \
                         : "r0", "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7",   \
                           "memory");                                                     \
    }

typedef void (*fp_fn)(struct io *p);
struct op {
    const char *name;
    fp_fn fn;
};

DEF(do_fadd, "fadd 1,2,3")
DEF(do_fadd_rc, "fadd. 1,2,3")
DEF(do_fsub, "fsub 1,2,3")
DEF(do_fmul, "fmul 1,2,4")
DEF(do_fdiv, "fdiv 1,2,3")
DEF(do_fadds, "fadds 1,2,3")
DEF(do_fsubs, "fsubs 1,2,3")
DEF(do_fmuls, "fmuls 1,2,4")
DEF(do_fdivs, "fdivs 1,2,3")
DEF(do_fsel, "fsel 1,2,4,3")
DEF(do_fcpsgn, "fcpsgn 1,2,3")
DEF(do_fcmpu, "fcmpu 2,2,3")
DEF(do_fcmpo, "fcmpo 2,2,3")
DEF(do_ftdiv, "ftdiv 2,2,3")

DEF(do_fsqrt, "fsqrt 1,3")
DEF(do_fsqrts, "fsqrts 1,3")
DEF(do_fsqrt_rc, "fsqrt. 1,3")
DEF(do_fre, "fre 1,3")
DEF(do_fres, "fres 1,3")
DEF(do_frsqrte, "frsqrte 1,3")
DEF(do_frsp, "frsp 1,3")
DEF(do_frin, "frin 1,3")
DEF(do_friz, "friz 1,3")
DEF(do_frip, "frip 1,3")
DEF(do_frim, "frim 1,3")
DEF(do_fctiw, "fctiw 1,3")
DEF(do_fctiwz, "fctiwz 1,3")
DEF(do_fctiwu, "fctiwu 1,3")
DEF(do_fctiwuz, "fctiwuz 1,3")
DEF(do_fctid, "fctid 1,3")
DEF(do_fctidz, "fctidz 1,3")
DEF(do_fctidu, "fctidu 1,3")
DEF(do_fctiduz, "fctiduz 1,3")
DEF(do_fcfid, "fcfid 1,3")
DEF(do_fcfidu, "fcfidu 1,3")
DEF(do_fcfids, "fcfids 1,3")
DEF(do_fcfidus, "fcfidus 1,3")
DEF(do_ftsqrt, "ftsqrt 2,3")
DEF(do_fmr_rc, "fmr. 1,3")
DEF(do_fneg, "fneg 1,3")
DEF(do_fabs, "fabs 1,3")
DEF(do_fnabs, "fnabs 1,3")

DEF(do_fmadd, "fmadd 1,2,4,3")
DEF(do_fmsub, "fmsub 1,2,4,3")
DEF(do_fnmadd, "fnmadd 1,2,4,3")
DEF(do_fnmsub, "fnmsub 1,2,4,3")
DEF(do_fmadds, "fmadds 1,2,4,3")
DEF(do_fmsubs, "fmsubs 1,2,4,3")
DEF(do_fnmadds, "fnmadds 1,2,4,3")
DEF(do_fnmsubs, "fnmsubs 1,2,4,3")

DEF(do_mffs_rc, "mffs. 1")
DEF(do_mffsce, "mffsce 1")
DEF(do_mffsl, "mffsl 1")
DEF(do_mffscrn, "mffscrn 1,3")
DEF(do_mffscrni, "mffscrni 1,2")
DEF(do_mffscdrn, "mffscdrn 1,3")
DEF(do_mffscdrni, "mffscdrni 1,5")
DEF(do_mtfsf, "mtfsf 0x5a,3")
DEF(do_mtfsf_rc, "mtfsf. 0xff,3")
DEF(do_mtfsfi, "mtfsfi 3,0xa")
DEF(do_mtfsfi0, "mtfsfi 0,0xf")
DEF(do_mtfsb0, "mtfsb0 7")
DEF(do_mtfsb1_rc, "mtfsb1. 3")
DEF(do_mcrfs, "mcrfs 2,1")

/* With the four rounding modes. */
static const struct op binary_ops[] = {
    { "fadd", do_fadd }, { "fmul", do_fmul }, { "fdiv", do_fdiv }, { "fadds", do_fadds },
    { "fmuls", do_fmuls },
};
/* In round-to-nearest only. */
static const struct op binary_ops_rn0[] = {
    { "fadd.", do_fadd_rc }, { "fsub", do_fsub }, { "fsubs", do_fsubs }, { "fdivs", do_fdivs },
};
static const struct op select_ops[] = {
    { "fsel", do_fsel }, { "fcpsgn", do_fcpsgn }, { "fcmpu", do_fcmpu }, { "fcmpo", do_fcmpo },
    { "ftdiv", do_ftdiv },
};
static const struct op unary_ops[] = {
    { "fsqrt", do_fsqrt }, { "fsqrts", do_fsqrts }, { "fsqrt.", do_fsqrt_rc }, { "fre", do_fre },
    { "fres", do_fres }, { "frsqrte", do_frsqrte }, { "frsp", do_frsp }, { "frin", do_frin },
    { "friz", do_friz }, { "frip", do_frip }, { "frim", do_frim }, { "fctiw", do_fctiw },
    { "fctiwz", do_fctiwz }, { "fctiwu", do_fctiwu }, { "fctiwuz", do_fctiwuz },
    { "fctid", do_fctid }, { "fctidz", do_fctidz }, { "fctidu", do_fctidu },
    { "fctiduz", do_fctiduz }, { "fcfid", do_fcfid }, { "fcfidu", do_fcfidu },
    { "fcfids", do_fcfids }, { "fcfidus", do_fcfidus }, { "ftsqrt", do_ftsqrt },
    { "fmr.", do_fmr_rc }, { "fneg", do_fneg }, { "fabs", do_fabs }, { "fnabs", do_fnabs },
};
static const struct op fma_ops[] = {
    { "fmadd", do_fmadd }, { "fmsub", do_fmsub }, { "fnmadd", do_fnmadd },
    { "fnmsub", do_fnmsub }, { "fmadds", do_fmadds }, { "fmsubs", do_fmsubs },
    { "fnmadds", do_fnmadds }, { "fnmsubs", do_fnmsubs },
};
static const struct op fpscr_ops[] = {
    { "mffs.", do_mffs_rc }, { "mffsce", do_mffsce }, { "mffsl", do_mffsl },
    { "mffscrn", do_mffscrn }, { "mffscrni", do_mffscrni }, { "mffscdrn", do_mffscdrn },
    { "mffscdrni", do_mffscdrni }, { "mtfsf", do_mtfsf }, { "mtfsf.", do_mtfsf_rc },
    { "mtfsfi", do_mtfsfi }, { "mtfsfi0", do_mtfsfi0 }, { "mtfsb0", do_mtfsb0 },
    { "mtfsb1.", do_mtfsb1_rc }, { "mcrfs", do_mcrfs },
};

/* Operands: zeros, ones, halfway cases, the ends of each range, denormals, infinities, NaNs. */
static const uint64_t vals[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
    0x3ca0000000000000, /* 2^-53 */
    0x3ff0000000000001, 0x4004000000000000, /* 2.5 */
    0xc00c000000000000, /* -3.5 */
    0x3fb999999999999a, /* 0.1 */
    0x7fefffffffffffff, 0xffefffffffffffff, 0x0010000000000000, 0x0000000000000001,
    0x000fffffffffffff, 0x7ff0000000000000, 0xfff0000000000000,
    0x7ff8000000000001, /* QNaN */
    0x7ff4000000000002, /* SNaN */
    0xfff8000000000003, /* -QNaN */
    0x41e0000000000000, /* 2^31 */
    0xc1e0000000000000, /* -2^31 */
    0x41efffffffe00000, /* 2^32 - 1 */
    0x43e0000000000000, /* 2^63 */
    0x43f0000000000000, /* 2^64 */
    0x47efffffe0000000, /* the largest single */
    0x3810000000000000, /* the smallest normal single */
    0x36a0000000000000, /* the smallest denormal single */
    0x3e70000000010000, /* 2^-24 + 2^-60 */
};
#define NVALS (sizeof(vals) / sizeof(vals[0]))

/* Integers for the fcfid family. */
static const uint64_t ints[] = {
    0, 1, 0xffffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0x0020000000000001,
    0x0000000001000001, 0x0000000001000003, 0x00000000ffffffff, 0x8000000000000401,
    0xfffffffffffff801, 0x123456789abcdef1,
};
#define NINTS (sizeof(ints) / sizeof(ints[0]))

static struct io io;

static void run(const struct op *o, uint64_t a, uint64_t b, uint64_t c, uint64_t fpscr)
{
    io.a = a;
    io.b = b;
    io.c = c;
    io.fpscr = fpscr;
    io.t_in = MARKER;
    o->fn(&io);
}

static void show(const struct op *o, int nops)
{
    rt_printf("%s", o->name);
    if (nops >= 1) {
        rt_printf(" %016lx", io.a);
    }
    if (nops >= 2) {
        rt_printf(" %016lx", io.b);
    }
    if (nops >= 3) {
        rt_printf(" %016lx", io.c);
    }
    rt_printf(" in=%lx: t=%016lx fpscr=%08lx cr=%08lx\n", io.fpscr, io.t,
              io.fpscr_out & 0xffffffffffUL, io.cr & 0xffffffff);
}

static const uint64_t bin_vals[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
    0x3ca0000000000000, 0x3fb999999999999a, 0x7fefffffffffffff, 0x0010000000000000,
    0x0000000000000001, 0x7ff0000000000000, 0x7ff8000000000001, 0x7ff4000000000002,
};
#define NBIN (sizeof(bin_vals) / sizeof(bin_vals[0]))

static void test_binary(void)
{
    for (unsigned o = 0; o < sizeof(binary_ops) / sizeof(binary_ops[0]); o++) {
        for (unsigned rn = 0; rn < 4; rn++) {
            for (unsigned i = 0; i < NBIN; i++) {
                for (unsigned j = 0; j < NBIN; j++) {
                    run(&binary_ops[o], bin_vals[i], bin_vals[j], bin_vals[j], rn);
                    show(&binary_ops[o], 2);
                }
            }
        }
    }
    for (unsigned o = 0; o < sizeof(binary_ops_rn0) / sizeof(binary_ops_rn0[0]); o++) {
        for (unsigned i = 0; i < NBIN; i++) {
            for (unsigned j = 0; j < NBIN; j++) {
                run(&binary_ops_rn0[o], bin_vals[i], bin_vals[j], bin_vals[j], 0);
                show(&binary_ops_rn0[o], 2);
            }
        }
    }
    for (unsigned o = 0; o < sizeof(select_ops) / sizeof(select_ops[0]); o++) {
        for (unsigned i = 0; i < NVALS; i += 2) {
            for (unsigned j = 0; j < NBIN; j++) {
                run(&select_ops[o], vals[i], bin_vals[j], vals[(i + j) % NVALS], 0);
                show(&select_ops[o], 3);
            }
        }
    }
}

static void test_unary(void)
{
    for (unsigned o = 0; o < sizeof(unary_ops) / sizeof(unary_ops[0]); o++) {
        int is_cfid = unary_ops[o].name[2] == 'f' && unary_ops[o].name[3] == 'i';
        unsigned n = is_cfid ? NINTS : NVALS;
        for (unsigned rn = 0; rn < 4; rn += 3) {
            for (unsigned i = 0; i < n; i++) {
                run(&unary_ops[o], 0, is_cfid ? ints[i] : vals[i], 0, rn);
                show(&unary_ops[o], 2);
            }
        }
    }
}

static const uint64_t fma_vals[] = {
    0x0000000000000000, 0x3ff0000000000000, 0x3c30000000000000, /* 2^-60 */
    0x7fefffffffffffff, 0x7ff0000000000000, 0x7ff4000000000002,
};
#define NFMA (sizeof(fma_vals) / sizeof(fma_vals[0]))

/* The double forms toward nearest and toward -inf, the single forms toward nearest. */
static void test_fma(void)
{
    for (unsigned o = 0; o < sizeof(fma_ops) / sizeof(fma_ops[0]); o++) {
        for (unsigned rn = 0; rn < (o < 4 ? 4 : 1); rn += 3) {
            for (unsigned i = 0; i < NFMA; i++) {
                for (unsigned j = 0; j < NFMA; j++) {
                    for (unsigned k = 0; k < NFMA; k++) {
                        run(&fma_ops[o], fma_vals[i], fma_vals[j], fma_vals[k], rn);
                        show(&fma_ops[o], 3);
                    }
                }
            }
        }
    }
}

static void test_fpscr(void)
{
    static const uint64_t fpscrs[] = {
        0, 0x3, 0xff, 0x92065000, 0xa1011000, 0x04000010, 0x00000007000000f8UL, 0x600,
    };
    static const uint64_t srcs[] = {
        0, 0xffffffffffffffffUL, 0x00000005f0a5a5a1UL, 0x0000000200000002UL,
    };
    for (unsigned o = 0; o < sizeof(fpscr_ops) / sizeof(fpscr_ops[0]); o++) {
        for (unsigned i = 0; i < sizeof(fpscrs) / sizeof(fpscrs[0]); i++) {
            for (unsigned j = 0; j < sizeof(srcs) / sizeof(srcs[0]); j++) {
                run(&fpscr_ops[o], 0, srcs[j], 0, fpscrs[i]);
                show(&fpscr_ops[o], 2);
            }
        }
    }
}

/* Enabled exceptions with MSR[FE0,FE1] = 0b11: the program interrupt, SRR1[43]. */
static void test_enabled(void)
{
    static const struct {
        const struct op *op;
        uint64_t a, b, fpscr;
    } cases[] = {
        { &binary_ops[0], 0x7ff0000000000000, 0xfff0000000000000, 0x80 },   /* VXISI, VE */
        { &binary_ops[0], 0x7ff4000000000002, 0x3ff0000000000000, 0x80 },   /* VXSNAN */
        { &binary_ops[2], 0x3ff0000000000000, 0x0000000000000000, 0x10 },   /* ZX, ZE */
        { &binary_ops[1], 0x7fefffffffffffff, 0x7fefffffffffffff, 0x40 },   /* OX, OE */
        { &binary_ops[1], 0x0010000000000000, 0x3ca0000000000000, 0x20 },   /* UX, UE */
        { &binary_ops[0], 0x3ff0000000000000, 0x3ca0000000000000, 0x08 },   /* XX, XE */
        { &binary_ops[0], 0x3ff0000000000000, 0x3ca0000000000000, 0x80 },   /* XX, not enabled */
        { &binary_ops_rn0[0], 0x7ff0000000000000, 0xfff0000000000000, 0x80 },   /* fadd. */
        { &binary_ops[3], 0x47efffffe0000000, 0x47efffffe0000000, 0x40 },   /* fadds OX */
        { &binary_ops[4], 0x3810000000000000, 0x3ca0000000000000, 0x20 },   /* fmuls UX */
        { &binary_ops[2], 0x3ff0000000000000, 0x0000000000000001, 0x40 },   /* fdiv OX */
        { &binary_ops[2], 0x0010000000000000, 0x7fefffffffffffff, 0x20 },   /* fdiv UX */
    };
    uint64_t msr = rt_mfmsr();

    rt_mtmsrd(msr | MSR_FE0 | MSR_FE1);
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        rt_catch(RT_CATCH_SKIP);
        run(cases[i].op, cases[i].a, cases[i].b, cases[i].b, cases[i].fpscr);
        rt_catch(RT_CATCH_OFF);
        show(cases[i].op, 2);
        rt_printf("  interrupts=%lu vec=0x%lx srr1.cause=%08lx\n", rt_trap.count,
                  rt_trap.count ? rt_trap.vec : 0,
                  rt_trap.count ? rt_trap.srr1 & SRR1_CAUSE_MASK : 0);
    }
    rt_mtmsrd(msr);
}

/* Loads and stores of single precision, with denormals and NaNs: no rounding. */
static void test_loadstore(void)
{
    static const uint32_t singles[] = {
        0x3f800000, 0x80000001, 0x007fffff, 0x7f800000, 0x7fc00001, 0x7f800001, 0xff7fffff,
    };
    static const uint64_t doubles[] = {
        0x3ff0000000000000, 0x36a0000000000000, 0x3800000000000000, 0x7ff4000000000002,
        0x380fffffffffffff, 0x47f0000000000000, 0x3690000000000000, 0x0000000000000001,
    };
    uint64_t d;
    uint32_t s;

    for (unsigned i = 0; i < sizeof(singles) / sizeof(singles[0]); i++) {
        __asm__ volatile("lfs 1,0(%1)\n\tstfd 1,0(%0)" : : "b"(&d), "b"(&singles[i]) : "memory");
        rt_printf("lfs %08x: %016lx\n", singles[i], d);
    }
    for (unsigned i = 0; i < sizeof(doubles) / sizeof(doubles[0]); i++) {
        __asm__ volatile("lfd 1,0(%1)\n\tstfs 1,0(%0)" : : "b"(&s), "b"(&doubles[i]) : "memory");
        rt_printf("stfs %016lx: %08x\n", doubles[i], s);
    }
    s = 0x80000001;
    __asm__ volatile("lfiwax 1,0,%1\n\tstfd 1,0(%0)" : : "b"(&d), "b"(&s) : "memory");
    rt_printf("lfiwax %08x: %016lx\n", s, d);
    __asm__ volatile("lfiwzx 1,0,%1\n\tstfd 1,0(%0)" : : "b"(&d), "b"(&s) : "memory");
    rt_printf("lfiwzx %08x: %016lx\n", s, d);
    d = 0x1122334455667788UL;
    __asm__ volatile("lfd 1,0(%1)\n\tstfiwx 1,0,%0" : : "b"(&s), "b"(&d) : "memory");
    rt_printf("stfiwx %016lx: %08x\n", d, s);

    static uint64_t pair[4] __attribute__((aligned(16))) = {
        0x1111111111111111UL, 0x2222222222222222UL,
    };
    __asm__ volatile("lfdp 4,0(%0)\n\tstfd 4,16(%0)\n\tstfd 5,24(%0)" : : "b"(pair) : "memory");
    rt_printf("lfdp: f4=%016lx f5=%016lx\n", pair[2], pair[3]);
    __asm__ volatile("lfd 4,0(%0)\n\tlfd 5,8(%0)\n\tstfdp 4,16(%0)" : : "b"(pair) : "memory");
    rt_printf("stfdp: %016lx %016lx\n", pair[2], pair[3]);
}

void test_main(void)
{
    rt_mtmsrd(rt_mfmsr() | MSR_FP);
    test_loadstore();
    test_binary();
    test_unary();
    test_fma();
    test_fpscr();
    test_enabled();
}
