/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VSX scalar floating point: fp.c's cases on the xs* forms (Book I 7.6), on the FPRs' doubleword 0. */
#include "t.h"

/*
 * Every case loads FRA (f2), FRB (f3), FRC (f4), the whole FPSCR (mtfsf
 * with L=1) and FRT (f1, preset to a marker), clears CR, runs one
 * instruction and prints FRT, the FPSCR and CR:
 *   INSN A B [C] rn=R: t=FRT fpscr=FPSCR cr=CR
 * The program is built with -msoft-float: values travel through memory.
 * FPR n is doubleword 0 of VSR n; the multiply-adds copy the addend or
 * the multiplicand into f1 first (fmr leaves the FPSCR alone).
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

DEF(do_xsadddp, "xsadddp 1,2,3")
DEF(do_xssubdp, "xssubdp 1,2,3")
DEF(do_xsmuldp, "xsmuldp 1,2,4")
DEF(do_xsdivdp, "xsdivdp 1,2,3")
DEF(do_xsaddsp, "xsaddsp 1,2,3")
DEF(do_xssubsp, "xssubsp 1,2,3")
DEF(do_xsmulsp, "xsmulsp 1,2,4")
DEF(do_xsdivsp, "xsdivsp 1,2,3")
DEF(do_xscmpudp, "xscmpudp 2,2,3")
DEF(do_xscmpodp, "xscmpodp 2,2,3")
DEF(do_xstdivdp, "xstdivdp 2,2,3")

DEF(do_xssqrtdp, "xssqrtdp 1,3")
DEF(do_xssqrtsp, "xssqrtsp 1,3")
DEF(do_xsredp, "xsredp 1,3")
DEF(do_xsresp, "xsresp 1,3")
DEF(do_xsrsqrtedp, "xsrsqrtedp 1,3")
DEF(do_xsrsqrtesp, "xsrsqrtesp 1,3")
DEF(do_xsrsp, "xsrsp 1,3")
DEF(do_xscvdpsp, "xscvdpsp 1,3")
DEF(do_xscvspdp, "xscvspdp 1,3")
DEF(do_xsrdpi, "xsrdpi 1,3")
DEF(do_xsrdpiz, "xsrdpiz 1,3")
DEF(do_xsrdpip, "xsrdpip 1,3")
DEF(do_xsrdpim, "xsrdpim 1,3")
DEF(do_xstsqrtdp, "xstsqrtdp 2,3")
DEF(do_xscvdpsxds, "xscvdpsxds 1,3")
DEF(do_xscvdpuxds, "xscvdpuxds 1,3")
DEF(do_xscvdpsxws, "xscvdpsxws 1,3")
DEF(do_xscvdpuxws, "xscvdpuxws 1,3")
DEF(do_xscvsxddp, "xscvsxddp 1,3")
DEF(do_xscvuxddp, "xscvuxddp 1,3")

/* f1 = f2 * f4 + f3 (or - f3), as fmadd 1,2,4,3: A form with f1 = f3, M form with f1 = f4. */
DEF(do_xsmaddadp, "fmr 1,3\n\txsmaddadp 1,2,4")
DEF(do_xsmsubadp, "fmr 1,3\n\txsmsubadp 1,2,4")
DEF(do_xsnmaddadp, "fmr 1,3\n\txsnmaddadp 1,2,4")
DEF(do_xsnmsubadp, "fmr 1,3\n\txsnmsubadp 1,2,4")
DEF(do_xsmaddmdp, "fmr 1,4\n\txsmaddmdp 1,2,3")
DEF(do_xsnmsubmdp, "fmr 1,4\n\txsnmsubmdp 1,2,3")
DEF(do_xsmaddasp, "fmr 1,3\n\txsmaddasp 1,2,4")
DEF(do_xsnmsubmsp, "fmr 1,4\n\txsnmsubmsp 1,2,3")

/* With the four rounding modes. */
static const struct op binary_ops[] = {
    { "xsadddp", do_xsadddp }, { "xsmuldp", do_xsmuldp }, { "xsdivdp", do_xsdivdp },
    { "xsaddsp", do_xsaddsp }, { "xsmulsp", do_xsmulsp },
};
/* In round-to-nearest only. */
static const struct op binary_ops_rn0[] = {
    { "xssubdp", do_xssubdp }, { "xssubsp", do_xssubsp }, { "xsdivsp", do_xsdivsp },
};
static const struct op select_ops[] = {
    { "xscmpudp", do_xscmpudp }, { "xscmpodp", do_xscmpodp }, { "xstdivdp", do_xstdivdp },
};
static const struct op unary_ops[] = {
    { "xssqrtdp", do_xssqrtdp }, { "xssqrtsp", do_xssqrtsp }, { "xsredp", do_xsredp },
    { "xsresp", do_xsresp }, { "xsrsqrtedp", do_xsrsqrtedp }, { "xsrsqrtesp", do_xsrsqrtesp },
    { "xsrsp", do_xsrsp }, { "xsrdpi", do_xsrdpi }, { "xsrdpiz", do_xsrdpiz },
    { "xsrdpip", do_xsrdpip }, { "xsrdpim", do_xsrdpim }, { "xstsqrtdp", do_xstsqrtdp },
    { "xscvdpsxds", do_xscvdpsxds }, { "xscvdpuxds", do_xscvdpuxds },
    { "xscvdpsxws", do_xscvdpsxws }, { "xscvdpuxws", do_xscvdpuxws },
    { "xscvsxddp", do_xscvsxddp }, { "xscvuxddp", do_xscvuxddp },
    { "xscvdpsp", do_xscvdpsp }, { "xscvspdp", do_xscvspdp },
};
static const struct op fma_ops[] = {
    { "xsmaddadp", do_xsmaddadp }, { "xsmsubadp", do_xsmsubadp }, { "xsnmaddadp", do_xsnmaddadp },
    { "xsnmsubadp", do_xsnmsubadp }, { "xsmaddmdp", do_xsmaddmdp },
    { "xsnmsubmdp", do_xsnmsubmdp }, { "xsmaddasp", do_xsmaddasp },
    { "xsnmsubmsp", do_xsnmsubmsp },
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

/* Integers for xscv[su]xddp. */
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
        int is_cfid = unary_ops[o].name[6] == 'x' && unary_ops[o].name[7] == 'd';
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
        for (unsigned rn = 0; rn < (o < 6 ? 4 : 1); rn += 3) {
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
        { &binary_ops_rn0[0], 0x7ff0000000000000, 0x7ff0000000000000, 0x80 },   /* xssubdp VXISI */
        { &binary_ops[3], 0x47efffffe0000000, 0x47efffffe0000000, 0x40 },   /* xsaddsp OX */
        { &binary_ops[4], 0x3810000000000000, 0x3ca0000000000000, 0x20 },   /* xsmulsp UX */
        { &binary_ops[2], 0x3ff0000000000000, 0x0000000000000001, 0x40 },   /* xsdivdp OX */
        { &binary_ops[2], 0x0010000000000000, 0x7fefffffffffffff, 0x20 },   /* xsdivdp UX */
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

void test_main(void)
{
    rt_mtmsrd(rt_mfmsr() | MSR_FP | MSR_VSX);
    test_binary();
    test_unary();
    test_fma();
    test_enabled();
}
