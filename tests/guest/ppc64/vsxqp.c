/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VSX scalar quad-precision instructions (Power ISA v3.0B Book I 7.6) on edge operands, every mode. */
#include "t.h"

/*
 * Every case loads VRA (v2 = VSR 34), VRB (v3 = VSR 35) and VRT (v1 =
 * VSR 33: a marker, or the addend of the multiply-adds) from pairs of
 * doublewords (dword 0 first, through mtvsrdd, so the byte order does not
 * matter), the whole FPSCR (mtfsf with L=1), clears CR, runs one
 * instruction and prints VRT, the FPSCR and CR:
 *   INSN A B [T] in=FPSCR: t=VRT fpscr=FPSCR cr=CR
 * (a value is printed as its two doublewords, dword 0 first).
 */
struct io {
    uint64_t a[2], b[2], t_in[2], fpscr, t[2], fpscr_out, cr;
};

#define MARKER 0x5555aaaa5555aaaaUL

#define DEF(fn, insn)                                                                     \
    static void fn(struct io *p)                                                         \
    {                                                                                     \
        __asm__ volatile("ld 5,0(%0)\n\tld 6,8(%0)\n\tmtvsrdd 34,5,6\n\t"                  \
                         "ld 5,16(%0)\n\tld 6,24(%0)\n\tmtvsrdd 35,5,6\n\t"                \
                         "ld 5,32(%0)\n\tld 6,40(%0)\n\tmtvsrdd 33,5,6\n\t"                \
                         "lfd 5,48(%0)\n\tmtfsf 0xff,5,1,0\n\tli 0,0\n\tmtcrf 0xff,0\n\t"  \
                         insn "\n\t"                                                      \
                         "mfvsrd 5,33\n\tstd 5,56(%0)\n\tmfvsrld 5,33\n\tstd 5,64(%0)\n\t" \
                         "mffs 6\n\tstfd 6,72(%0)\n\tmfcr 0\n\tstd 0,80(%0)"               \
                         : : "b"(p)                                                       \
                         : "r0", "r5", "r6", "cr0", "cr1", "cr2", "cr3", "cr4", "cr5",     \
                           "cr6", "cr7", "memory");                                       \
    }

typedef void (*qp_fn)(struct io *p);
struct op {
    const char *name;
    qp_fn fn;
    int nops;               /* operands printed: 1 (VRB), 2 (VRA VRB), 3 (and VRT) */
};

DEF(do_xsaddqp, "xsaddqp 1,2,3")
DEF(do_xsaddqpo, "xsaddqpo 1,2,3")
DEF(do_xssubqp, "xssubqp 1,2,3")
DEF(do_xssubqpo, "xssubqpo 1,2,3")
DEF(do_xsmulqp, "xsmulqp 1,2,3")
DEF(do_xsmulqpo, "xsmulqpo 1,2,3")
DEF(do_xsdivqp, "xsdivqp 1,2,3")
DEF(do_xsdivqpo, "xsdivqpo 1,2,3")
DEF(do_xssqrtqp, "xssqrtqp 1,3")
DEF(do_xssqrtqpo, "xssqrtqpo 1,3")
DEF(do_xsmaddqp, "xsmaddqp 1,2,3")
DEF(do_xsmaddqpo, "xsmaddqpo 1,2,3")
DEF(do_xsmsubqp, "xsmsubqp 1,2,3")
DEF(do_xsmsubqpo, "xsmsubqpo 1,2,3")
DEF(do_xsnmaddqp, "xsnmaddqp 1,2,3")
DEF(do_xsnmaddqpo, "xsnmaddqpo 1,2,3")
DEF(do_xsnmsubqp, "xsnmsubqp 1,2,3")
DEF(do_xsnmsubqpo, "xsnmsubqpo 1,2,3")
DEF(do_xscmpuqp, "xscmpuqp 2,2,3")
DEF(do_xscmpoqp, "xscmpoqp 2,2,3")
DEF(do_xscmpexpqp, "xscmpexpqp 2,2,3")
DEF(do_xscvqpdp, "xscvqpdp 1,3")
DEF(do_xscvqpdpo, "xscvqpdpo 1,3")
DEF(do_xscvdpqp, "xscvdpqp 1,3")
DEF(do_xscvqpsdz, "xscvqpsdz 1,3")
DEF(do_xscvqpswz, "xscvqpswz 1,3")
DEF(do_xscvqpudz, "xscvqpudz 1,3")
DEF(do_xscvqpuwz, "xscvqpuwz 1,3")
DEF(do_xscvsdqp, "xscvsdqp 1,3")
DEF(do_xscvudqp, "xscvudqp 1,3")
DEF(do_xsrqpi_n, "xsrqpi 0,1,3,0")      /* R=0 RMC=0: nearest, ties away */
DEF(do_xsrqpi_f, "xsrqpi 0,1,3,3")      /* R=0 RMC=3: FPSCR[RN] */
DEF(do_xsrqpi_e, "xsrqpi 1,1,3,0")      /* R=1: nearest even, toward 0, +inf, -inf */
DEF(do_xsrqpi_z, "xsrqpi 1,1,3,1")
DEF(do_xsrqpi_p, "xsrqpi 1,1,3,2")
DEF(do_xsrqpi_m, "xsrqpi 1,1,3,3")
DEF(do_xsrqpix_n, "xsrqpix 0,1,3,0")
DEF(do_xsrqpix_m, "xsrqpix 1,1,3,3")
DEF(do_xsrqpxp_f, "xsrqpxp 0,1,3,3")
DEF(do_xsrqpxp_z, "xsrqpxp 1,1,3,1")
DEF(do_xsabsqp, "xsabsqp 1,3")
DEF(do_xsnabsqp, "xsnabsqp 1,3")
DEF(do_xsnegqp, "xsnegqp 1,3")
DEF(do_xscpsgnqp, "xscpsgnqp 1,2,3")
DEF(do_xsiexpqp, "xsiexpqp 1,2,3")
DEF(do_xsxexpqp, "xsxexpqp 1,3")
DEF(do_xsxsigqp, "xsxsigqp 1,3")
DEF(do_xststdcqp_all, "xststdcqp 3,3,127")
DEF(do_xststdcqp_nan, "xststdcqp 3,3,64")
DEF(do_xststdcqp_den, "xststdcqp 3,3,3")
DEF(do_xststdcqp_zero, "xststdcqp 3,3,12")

/* Two operands, in the four rounding modes, and their round-to-odd forms. */
static const struct op binary_ops[] = {
    { "xsaddqp", do_xsaddqp, 2 }, { "xssubqp", do_xssubqp, 2 }, { "xsmulqp", do_xsmulqp, 2 },
    { "xsdivqp", do_xsdivqp, 2 }, { "xsaddqpo", do_xsaddqpo, 2 },
    { "xssubqpo", do_xssubqpo, 2 }, { "xsmulqpo", do_xsmulqpo, 2 },
    { "xsdivqpo", do_xsdivqpo, 2 },
};
static const struct op compare_ops[] = {
    { "xscmpuqp", do_xscmpuqp, 2 }, { "xscmpoqp", do_xscmpoqp, 2 },
    { "xscmpexpqp", do_xscmpexpqp, 2 }, { "xscpsgnqp", do_xscpsgnqp, 2 },
    { "xsiexpqp", do_xsiexpqp, 2 },
};
static const struct op unary_ops[] = {
    { "xssqrtqp", do_xssqrtqp, 1 }, { "xssqrtqpo", do_xssqrtqpo, 1 },
    { "xscvqpdp", do_xscvqpdp, 1 }, { "xscvqpdpo", do_xscvqpdpo, 1 },
    { "xscvqpsdz", do_xscvqpsdz, 1 }, { "xscvqpswz", do_xscvqpswz, 1 },
    { "xscvqpudz", do_xscvqpudz, 1 }, { "xscvqpuwz", do_xscvqpuwz, 1 },
    { "xsrqpi/0/0", do_xsrqpi_n, 1 }, { "xsrqpi/0/3", do_xsrqpi_f, 1 },
    { "xsrqpi/1/0", do_xsrqpi_e, 1 }, { "xsrqpi/1/1", do_xsrqpi_z, 1 },
    { "xsrqpi/1/2", do_xsrqpi_p, 1 }, { "xsrqpi/1/3", do_xsrqpi_m, 1 },
    { "xsrqpix/0/0", do_xsrqpix_n, 1 }, { "xsrqpix/1/3", do_xsrqpix_m, 1 },
    { "xsrqpxp/0/3", do_xsrqpxp_f, 1 }, { "xsrqpxp/1/1", do_xsrqpxp_z, 1 },
    { "xsabsqp", do_xsabsqp, 1 }, { "xsnabsqp", do_xsnabsqp, 1 }, { "xsnegqp", do_xsnegqp, 1 },
    { "xsxexpqp", do_xsxexpqp, 1 }, { "xsxsigqp", do_xsxsigqp, 1 },
    { "xststdcqp/127", do_xststdcqp_all, 1 }, { "xststdcqp/64", do_xststdcqp_nan, 1 },
    { "xststdcqp/3", do_xststdcqp_den, 1 }, { "xststdcqp/12", do_xststdcqp_zero, 1 },
};
/* Conversions from dword 0 of VRB (a double or an integer). */
static const struct op from_dw_ops[] = {
    { "xscvdpqp", do_xscvdpqp, 1 }, { "xscvsdqp", do_xscvsdqp, 1 },
    { "xscvudqp", do_xscvudqp, 1 },
};
/* VRA * VRB +/- VRT. */
static const struct op fma_ops[] = {
    { "xsmaddqp", do_xsmaddqp, 3 }, { "xsmsubqp", do_xsmsubqp, 3 },
    { "xsnmaddqp", do_xsnmaddqp, 3 }, { "xsnmsubqp", do_xsnmsubqp, 3 },
    { "xsmaddqpo", do_xsmaddqpo, 3 }, { "xsmsubqpo", do_xsmsubqpo, 3 },
    { "xsnmaddqpo", do_xsnmaddqpo, 3 }, { "xsnmsubqpo", do_xsnmsubqpo, 3 },
};

/* Operands: zeros, ones, ties, the ends of the range, denormals, infinities, NaNs. */
static const uint64_t vals[][2] = {
    { 0x0000000000000000, 0x0000000000000000 },     /* +0 */
    { 0x8000000000000000, 0x0000000000000000 },     /* -0 */
    { 0x3fff000000000000, 0x0000000000000000 },     /* 1 */
    { 0xbfff000000000000, 0x0000000000000000 },     /* -1 */
    { 0x3f8e000000000000, 0x0000000000000000 },     /* 2^-113: half an ulp of 1 */
    { 0x3fff000000000000, 0x0000000000000001 },     /* 1 + ulp */
    { 0x4000400000000000, 0x0000000000000000 },     /* 2.5 */
    { 0xc000c00000000000, 0x0000000000000000 },     /* -3.5 */
    { 0x3ffb999999999999, 0x999999999999999a },     /* 0.1 */
    { 0x4000555555555555, 0x5555555555555555 },     /* 8/3 */
    { 0x7ffeffffffffffff, 0xffffffffffffffff },     /* the largest finite */
    { 0xfffeffffffffffff, 0xffffffffffffffff },
    { 0x0001000000000000, 0x0000000000000000 },     /* the smallest normal */
    { 0x0000000000000000, 0x0000000000000001 },     /* the smallest denormal */
    { 0x0000ffffffffffff, 0xffffffffffffffff },     /* the largest denormal */
    { 0x7fff000000000000, 0x0000000000000000 },     /* +inf */
    { 0xffff000000000000, 0x0000000000000000 },     /* -inf */
    { 0x7fff800000000000, 0x0000000000000001 },     /* QNaN */
    { 0x7fff400000000000, 0x0000000000000002 },     /* SNaN */
    { 0xffff800000000000, 0x0000000000000003 },     /* -QNaN */
    { 0x403e000000000000, 0x0000000000000000 },     /* 2^63 */
    { 0xc03e000000000000, 0x0000000000000000 },     /* -2^63 */
    { 0x403effffffffffff, 0xfffe000000000000 },     /* 2^64 - 1 */
    { 0x401dfffffffe0000, 0x0000000000000000 },     /* 2^31 - 0.5 */
    { 0xc01e000000010000, 0x0000000000000000 },     /* -(2^31 + 0.5) */
    { 0x43fe000000000000, 0x0000000000000000 },     /* 2^1023: binary64's last binade */
    { 0x43feffffffffffff, 0xf800000000000000 },     /* rounds to binary64 infinity (RN) */
    { 0x3c01000000000000, 0x0000000000000000 },     /* binary64's smallest normal */
    { 0x3bcd000000000000, 0x0000000000000001 },     /* just above binary64's smallest denormal */
    { 0x3fff000000000000, 0x0000000000000800 },     /* 1 + 2^-101: beyond 64 bits */
};
#define NVALS (sizeof(vals) / sizeof(vals[0]))

/* The operands of the all-pairs tables. */
static const unsigned bin_idx[] = { 0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 13, 15, 16, 17, 18 };
#define NBIN (sizeof(bin_idx) / sizeof(bin_idx[0]))

static const uint64_t dwords[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff8000000000000,
    0x7fefffffffffffff, 0x0000000000000001, 0x000fffffffffffff, 0x7ff0000000000000,
    0xfff0000000000000, 0x7ff8000000000001, 0x7ff4000000000002, 0xfff4000000000005,
    0xffffffffffffffff, 0x7fffffffffffffff, 0x0020000000000001, 0x123456789abcdef1,
};
#define NDW (sizeof(dwords) / sizeof(dwords[0]))

static struct io io;

static void run(const struct op *o, const uint64_t *a, const uint64_t *b, const uint64_t *t,
                uint64_t fpscr)
{
    io.a[0] = a[0], io.a[1] = a[1];
    io.b[0] = b[0], io.b[1] = b[1];
    if (t) {
        io.t_in[0] = t[0], io.t_in[1] = t[1];
    } else {
        io.t_in[0] = io.t_in[1] = MARKER;
    }
    io.fpscr = fpscr;
    o->fn(&io);
}

static void show(const struct op *o)
{
    rt_printf("%s", o->name);
    if (o->nops >= 2) {
        rt_printf(" %016lx%016lx", io.a[0], io.a[1]);
    }
    rt_printf(" %016lx%016lx", io.b[0], io.b[1]);
    if (o->nops >= 3) {
        rt_printf(" %016lx%016lx", io.t_in[0], io.t_in[1]);
    }
    rt_printf(" in=%lx: t=%016lx%016lx fpscr=%08lx cr=%08lx\n", io.fpscr, io.t[0], io.t[1],
              io.fpscr_out & 0xffffffffffUL, io.cr & 0xffffffff);
}

static void test_binary(void)
{
    for (unsigned o = 0; o < sizeof(binary_ops) / sizeof(binary_ops[0]); o++) {
        /* the round-to-odd forms ignore FPSCR[RN]: once */
        unsigned modes = o < 4 ? 4 : 1;
        for (unsigned rn = 0; rn < modes; rn++) {
            for (unsigned i = 0; i < NBIN; i++) {
                for (unsigned j = 0; j < NBIN; j++) {
                    run(&binary_ops[o], vals[bin_idx[i]], vals[bin_idx[j]], 0, rn);
                    show(&binary_ops[o]);
                }
            }
        }
    }
    for (unsigned o = 0; o < sizeof(compare_ops) / sizeof(compare_ops[0]); o++) {
        for (unsigned i = 0; i < NBIN; i++) {
            for (unsigned j = 0; j < NBIN; j++) {
                run(&compare_ops[o], vals[bin_idx[i]], vals[bin_idx[j]], 0, 0);
                show(&compare_ops[o]);
            }
        }
    }
}

static void test_unary(void)
{
    for (unsigned o = 0; o < sizeof(unary_ops) / sizeof(unary_ops[0]); o++) {
        /* the moves and the class test do not depend on FPSCR[RN]: once */
        unsigned modes = unary_ops[o].name[2] == 'r' || unary_ops[o].name[2] == 'c' ||
                         unary_ops[o].name[2] == 's' ? 4 : 1;
        for (unsigned rn = 0; rn < modes; rn++) {
            for (unsigned i = 0; i < NVALS; i++) {
                run(&unary_ops[o], vals[0], vals[i], 0, rn);
                show(&unary_ops[o]);
            }
        }
    }
    for (unsigned o = 0; o < sizeof(from_dw_ops) / sizeof(from_dw_ops[0]); o++) {
        for (unsigned i = 0; i < NDW; i++) {
            uint64_t b[2] = { dwords[i], 0x0123456789abcdefUL };
            run(&from_dw_ops[o], vals[0], b, 0, 0);
            show(&from_dw_ops[o]);
        }
    }
}

static const unsigned fma_idx[] = { 0, 2, 4, 5, 13, 15, 18 };
#define NFMA (sizeof(fma_idx) / sizeof(fma_idx[0]))

static void test_fma(void)
{
    for (unsigned o = 0; o < sizeof(fma_ops) / sizeof(fma_ops[0]); o++) {
        for (unsigned rn = 0; rn < (o < 4 ? 4 : 1); rn += (o < 4 ? 3 : 1)) {
            for (unsigned i = 0; i < NFMA; i++) {
                for (unsigned j = 0; j < NFMA; j++) {
                    for (unsigned k = 0; k < NFMA; k++) {
                        run(&fma_ops[o], vals[fma_idx[i]], vals[fma_idx[j]], vals[fma_idx[k]],
                            rn);
                        show(&fma_ops[o]);
                    }
                }
            }
        }
    }
    /* the product cancels the addend: the exact zero's sign and a tiny residue */
    for (unsigned rn = 0; rn < 4; rn++) {
        static const uint64_t third[2] = { 0x3ffd555555555555, 0x5555555555555555 };
        static const uint64_t three[2] = { 0x4000800000000000, 0 };
        static const uint64_t mone[2] = { 0xbfff000000000000, 0 };
        static const uint64_t one[2] = { 0x3fff000000000000, 0 };
        run(&fma_ops[0], third, three, mone, rn);
        show(&fma_ops[0]);
        run(&fma_ops[0], one, one, mone, rn);
        show(&fma_ops[0]);
        run(&fma_ops[2], one, one, mone, rn);
        show(&fma_ops[2]);
    }
}

/* Exceptions enabled in the FPSCR, with MSR[FE0,FE1] = 0b11: the program interrupt, SRR1[43]. */
static void test_enabled(void)
{
    static const struct {
        const struct op *op;
        unsigned a, b;
        uint64_t fpscr;
    } cases[] = {
        { &binary_ops[0], 15, 16, 0x80 },       /* inf + -inf: VXISI, VE */
        { &binary_ops[0], 18, 2, 0x80 },        /* SNaN: VXSNAN */
        { &binary_ops[3], 2, 0, 0x10 },         /* 1 / 0: ZX, ZE */
        { &binary_ops[3], 0, 0, 0x80 },         /* 0 / 0: VXZDZ */
        { &binary_ops[2], 10, 10, 0x40 },       /* max * max: OX, OE */
        { &binary_ops[2], 12, 4, 0x20 },        /* tiny: UX, UE */
        { &binary_ops[2], 13, 2, 0x20 },        /* exact denormal: UX with UE */
        { &binary_ops[0], 2, 4, 0x08 },         /* inexact: XX, XE */
        { &binary_ops[0], 2, 4, 0x80 },         /* inexact, not enabled */
        { &binary_ops[6], 10, 10, 0x40 },       /* xsmulqpo overflow */
        { &unary_ops[0], 0, 3, 0x80 },          /* sqrt(-1): VXSQRT */
        { &unary_ops[2], 0, 26, 0x40 },         /* xscvqpdp overflow: OX */
        { &unary_ops[2], 0, 28, 0x20 },         /* xscvqpdp underflow: UX */
        { &unary_ops[4], 0, 15, 0x80 },         /* xscvqpsdz inf: VXCVI */
        { &unary_ops[4], 0, 18, 0x80 },         /* xscvqpsdz SNaN */
        { &unary_ops[15], 0, 6, 0x08 },         /* xsrqpix 2.5: XX */
        { &compare_ops[1], 17, 2, 0x80 },       /* xscmpoqp QNaN: VXVC */
    };
    uint64_t msr = rt_mfmsr();

    rt_mtmsrd(msr | MSR_FE0 | MSR_FE1);
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        rt_catch(RT_CATCH_SKIP);
        run(cases[i].op, vals[cases[i].a], vals[cases[i].b], 0, cases[i].fpscr);
        rt_catch(RT_CATCH_OFF);
        show(cases[i].op);
        rt_printf("  interrupts=%lu vec=0x%lx srr1.cause=%08lx\n", rt_trap.count,
                  rt_trap.count ? rt_trap.vec : 0,
                  rt_trap.count ? rt_trap.srr1 & SRR1_CAUSE_MASK : 0);
    }
    rt_mtmsrd(msr);
}

/* Without MSR[VSX]: the VSX Unavailable interrupt (0xf40). */
static void test_unavailable(void)
{
    uint64_t msr = rt_mfmsr();

    rt_mtmsrd(msr & ~MSR_VSX);
    rt_catch(RT_CATCH_SKIP);
    __asm__ volatile("xsaddqp 1,2,3" : : : "memory");
    rt_catch(RT_CATCH_OFF);
    rt_mtmsrd(msr);
    rt_printf("xsaddqp without MSR[VSX]: interrupts=%lu vec=0x%lx\n", rt_trap.count,
              rt_trap.count ? rt_trap.vec : 0);
}

void test_main(void)
{
    rt_mtmsrd(rt_mfmsr() | MSR_FP | MSR_VSX | MSR_VEC);
    test_binary();
    test_unary();
    test_fma();
    test_enabled();
    test_unavailable();
}
