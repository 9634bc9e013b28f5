/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VSX vector floating point and the ISA 3.0 VSX scalar additions (Book I 7.6). */
#include "t.h"

/*
 * Every case loads VSR 34 (XA), VSR 35 (XB), VSR 33 (XT, preset: the
 * addend of the A-form multiply-adds, the multiplicand of the M forms, or
 * a marker), GPRs 10 and 11, the whole FPSCR, clears CR, runs one
 * instruction and prints XT, the FPSCR and CR:
 *   INSN A0 A1 B0 B1 [T0 T1] in=FPSCR: t=XT0 XT1 fpscr=FPSCR cr=CR
 * lxvd2x and stxvd2x move doublewords 0 and 1 to and from a[0], a[1] in
 * either byte order; a word element is half a doubleword, word 0 on the left.
 */
struct io {
    uint64_t a[2], b[2], t_in[2], fpscr, t[2], fpscr_out, cr, g[2];
};

#define MARKER 0x5555aaaa5555aaaaUL

#define DEF(fn, insn)                                                                       \
    static void fn(struct io *p)                                                           \
    {                                                                                       \
        __asm__ volatile("lxvd2x 34,0,%0\n\taddi 9,%0,16\n\tlxvd2x 35,0,9\n\t"              \
                         "addi 9,%0,32\n\tlxvd2x 33,0,9\n\tld 10,88(%0)\n\tld 11,96(%0)\n\t" \
                         "lfd 5,48(%0)\n\tmtfsf 0xff,5,1,0\n\tli 0,0\n\tmtcrf 0xff,0\n\t"    \
                         insn "\n\t"                                                        \
                         "addi 9,%0,56\n\tstxvd2x 33,0,9\n\tmffs 6\n\tstfd 6,72(%0)\n\t"     \
                         "mfcr 0\n\tstd 0,80(%0)\n\tstd 10,88(%0)"                          \
                         : : "b"(p)                                                         \
                         : "r0", "r9", "r10", "r11", "cr0", "cr1", "cr2", "cr3", "cr4",     \
                           "cr5", "cr6", "cr7", "memory");                                  \
    }

typedef void (*vfn)(struct io *p);
struct op {
    const char *name;
    vfn fn;
};
#define OP(n) { #n, do_##n }

/* Double-precision vectors. */
DEF(do_xvadddp, "xvadddp 33,34,35")
DEF(do_xvsubdp, "xvsubdp 33,34,35")
DEF(do_xvmuldp, "xvmuldp 33,34,35")
DEF(do_xvdivdp, "xvdivdp 33,34,35")
DEF(do_xvmaxdp, "xvmaxdp 33,34,35")
DEF(do_xvmindp, "xvmindp 33,34,35")
DEF(do_xvcmpeqdp, "xvcmpeqdp 33,34,35")
DEF(do_xvcmpgtdp_rc, "xvcmpgtdp. 33,34,35")
DEF(do_xvcmpgedp_rc, "xvcmpgedp. 33,34,35")
DEF(do_xvcmpeqdp_rc, "xvcmpeqdp. 33,34,35")
DEF(do_xvtdivdp, "xvtdivdp 3,34,35")
DEF(do_xviexpdp, "xviexpdp 33,34,35")
DEF(do_xsmaxdp, "xsmaxdp 33,34,35")
DEF(do_xsmindp, "xsmindp 33,34,35")
DEF(do_xsmaxcdp, "xsmaxcdp 33,34,35")
DEF(do_xsmincdp, "xsmincdp 33,34,35")
DEF(do_xsmaxjdp, "xsmaxjdp 33,34,35")
DEF(do_xsminjdp, "xsminjdp 33,34,35")
DEF(do_xscmpeqdp, "xscmpeqdp 33,34,35")
DEF(do_xscmpgtdp, "xscmpgtdp 33,34,35")
DEF(do_xscmpgedp, "xscmpgedp 33,34,35")
DEF(do_xscmpexpdp, "xscmpexpdp 5,34,35")

DEF(do_xvsqrtdp, "xvsqrtdp 33,35")
DEF(do_xvredp, "xvredp 33,35")
DEF(do_xvrsqrtedp, "xvrsqrtedp 33,35")
DEF(do_xvtsqrtdp, "xvtsqrtdp 1,35")
DEF(do_xvrdpi, "xvrdpi 33,35")
DEF(do_xvrdpiz, "xvrdpiz 33,35")
DEF(do_xvrdpip, "xvrdpip 33,35")
DEF(do_xvrdpim, "xvrdpim 33,35")
DEF(do_xvrdpic, "xvrdpic 33,35")
DEF(do_xsrdpic, "xsrdpic 33,35")
DEF(do_xvcvdpsp, "xvcvdpsp 33,35")
DEF(do_xvcvdpsxds, "xvcvdpsxds 33,35")
DEF(do_xvcvdpuxds, "xvcvdpuxds 33,35")
DEF(do_xvcvdpsxws, "xvcvdpsxws 33,35")
DEF(do_xvcvdpuxws, "xvcvdpuxws 33,35")
DEF(do_xvxexpdp, "xvxexpdp 33,35")
DEF(do_xvxsigdp, "xvxsigdp 33,35")
DEF(do_xvtstdcdp_nan_inf, "xvtstdcdp 33,35,0x70")
DEF(do_xvtstdcdp_zero_den, "xvtstdcdp 33,35,0x0f")
DEF(do_xvtstdcdp_pos, "xvtstdcdp 33,35,0x2a")
DEF(do_xststdcdp_nan_inf, "xststdcdp 2,35,0x70")
DEF(do_xststdcdp_den, "xststdcdp 2,35,0x03")
DEF(do_xststdcsp_den, "xststdcsp 2,35,0x03")
DEF(do_xststdcsp_zero, "xststdcsp 2,35,0x0c")
DEF(do_xscvdphp, "xscvdphp 33,35")
DEF(do_xscvhpdp, "xscvhpdp 33,35")
DEF(do_xsxexpdp, "xsxexpdp 10,35")
DEF(do_xsxsigdp, "xsxsigdp 10,35")
DEF(do_xsiexpdp, "xsiexpdp 33,10,11")

/* Integers to floating point (XB holds integers). */
DEF(do_xvcvsxddp, "xvcvsxddp 33,35")
DEF(do_xvcvuxddp, "xvcvuxddp 33,35")
DEF(do_xvcvsxdsp, "xvcvsxdsp 33,35")
DEF(do_xvcvuxdsp, "xvcvuxdsp 33,35")
DEF(do_xvcvsxwdp, "xvcvsxwdp 33,35")
DEF(do_xvcvuxwdp, "xvcvuxwdp 33,35")
DEF(do_xvcvsxwsp, "xvcvsxwsp 33,35")
DEF(do_xvcvuxwsp, "xvcvuxwsp 33,35")
DEF(do_xscvsxdsp, "xscvsxdsp 33,35")
DEF(do_xscvuxdsp, "xscvuxdsp 33,35")

/* Single-precision vectors. */
DEF(do_xvaddsp, "xvaddsp 33,34,35")
DEF(do_xvsubsp, "xvsubsp 33,34,35")
DEF(do_xvmulsp, "xvmulsp 33,34,35")
DEF(do_xvdivsp, "xvdivsp 33,34,35")
DEF(do_xvmaxsp, "xvmaxsp 33,34,35")
DEF(do_xvminsp, "xvminsp 33,34,35")
DEF(do_xvcmpeqsp_rc, "xvcmpeqsp. 33,34,35")
DEF(do_xvcmpgtsp_rc, "xvcmpgtsp. 33,34,35")
DEF(do_xvcmpgesp, "xvcmpgesp 33,34,35")
DEF(do_xvtdivsp, "xvtdivsp 3,34,35")
DEF(do_xviexpsp, "xviexpsp 33,34,35")
DEF(do_xvsqrtsp, "xvsqrtsp 33,35")
DEF(do_xvresp, "xvresp 33,35")
DEF(do_xvrsqrtesp, "xvrsqrtesp 33,35")
DEF(do_xvtsqrtsp, "xvtsqrtsp 1,35")
DEF(do_xvrspi, "xvrspi 33,35")
DEF(do_xvrspiz, "xvrspiz 33,35")
DEF(do_xvrspip, "xvrspip 33,35")
DEF(do_xvrspim, "xvrspim 33,35")
DEF(do_xvrspic, "xvrspic 33,35")
DEF(do_xvcvspdp, "xvcvspdp 33,35")
DEF(do_xvcvspsxds, "xvcvspsxds 33,35")
DEF(do_xvcvspuxds, "xvcvspuxds 33,35")
DEF(do_xvcvspsxws, "xvcvspsxws 33,35")
DEF(do_xvcvspuxws, "xvcvspuxws 33,35")
DEF(do_xvxexpsp, "xvxexpsp 33,35")
DEF(do_xvxsigsp, "xvxsigsp 33,35")
DEF(do_xvtstdcsp_all, "xvtstdcsp 33,35,0x55")
DEF(do_xvcvsphp, "xvcvsphp 33,35")
DEF(do_xvcvhpsp, "xvcvhpsp 33,35")

/* Multiply-adds: A form XT = XA * XB + XT, M form XT = XA * XT + XB. */
DEF(do_xvmaddadp, "xvmaddadp 33,34,35")
DEF(do_xvmaddmdp, "xvmaddmdp 33,34,35")
DEF(do_xvmsubadp, "xvmsubadp 33,34,35")
DEF(do_xvmsubmdp, "xvmsubmdp 33,34,35")
DEF(do_xvnmaddadp, "xvnmaddadp 33,34,35")
DEF(do_xvnmaddmdp, "xvnmaddmdp 33,34,35")
DEF(do_xvnmsubadp, "xvnmsubadp 33,34,35")
DEF(do_xvnmsubmdp, "xvnmsubmdp 33,34,35")
DEF(do_xvmaddasp, "xvmaddasp 33,34,35")
DEF(do_xvmaddmsp, "xvmaddmsp 33,34,35")
DEF(do_xvmsubasp, "xvmsubasp 33,34,35")
DEF(do_xvnmaddasp, "xvnmaddasp 33,34,35")
DEF(do_xvnmsubmsp, "xvnmsubmsp 33,34,35")

static const struct op dp_binary_rn[] = {
    OP(xvadddp), OP(xvmuldp), OP(xvdivdp),
};
static const struct op dp_binary[] = {
    OP(xvsubdp), OP(xvmaxdp), OP(xvmindp), OP(xvcmpeqdp), OP(xvcmpgtdp_rc), OP(xvcmpgedp_rc),
    OP(xvcmpeqdp_rc), OP(xvtdivdp), OP(xviexpdp), OP(xsmaxdp), OP(xsmindp), OP(xsmaxcdp),
    OP(xsmincdp), OP(xsmaxjdp), OP(xsminjdp), OP(xscmpeqdp), OP(xscmpgtdp), OP(xscmpgedp),
    OP(xscmpexpdp),
};
static const struct op dp_unary[] = {
    OP(xvsqrtdp), OP(xvredp), OP(xvrsqrtedp), OP(xvtsqrtdp), OP(xvrdpi), OP(xvrdpiz),
    OP(xvrdpip), OP(xvrdpim), OP(xvrdpic), OP(xsrdpic), OP(xvcvdpsp), OP(xvcvdpsxds),
    OP(xvcvdpuxds), OP(xvcvdpsxws), OP(xvcvdpuxws), OP(xvxexpdp), OP(xvxsigdp),
    OP(xvtstdcdp_nan_inf), OP(xvtstdcdp_zero_den), OP(xvtstdcdp_pos), OP(xststdcdp_nan_inf),
    OP(xststdcdp_den), OP(xststdcsp_den), OP(xststdcsp_zero), OP(xscvdphp), OP(xsxexpdp),
    OP(xsxsigdp),
};
static const struct op int_unary[] = {
    OP(xvcvsxddp), OP(xvcvuxddp), OP(xvcvsxdsp), OP(xvcvuxdsp), OP(xvcvsxwdp), OP(xvcvuxwdp),
    OP(xvcvsxwsp), OP(xvcvuxwsp), OP(xscvhpdp), OP(xvcvhpsp), OP(xscvsxdsp), OP(xscvuxdsp),
};
static const struct op sp_binary_rn[] = {
    OP(xvaddsp), OP(xvmulsp), OP(xvdivsp),
};
static const struct op sp_binary[] = {
    OP(xvsubsp), OP(xvmaxsp), OP(xvminsp), OP(xvcmpeqsp_rc), OP(xvcmpgtsp_rc), OP(xvcmpgesp),
    OP(xvtdivsp), OP(xviexpsp),
};
static const struct op sp_unary[] = {
    OP(xvsqrtsp), OP(xvresp), OP(xvrsqrtesp), OP(xvtsqrtsp), OP(xvrspi), OP(xvrspiz),
    OP(xvrspip), OP(xvrspim), OP(xvrspic), OP(xvcvspdp), OP(xvcvspsxds), OP(xvcvspuxds),
    OP(xvcvspsxws), OP(xvcvspuxws), OP(xvxexpsp), OP(xvxsigsp), OP(xvtstdcsp_all),
    OP(xvcvsphp),
};
static const struct op fma_dp[] = {
    OP(xvmaddadp), OP(xvmaddmdp), OP(xvmsubadp), OP(xvmsubmdp), OP(xvnmaddadp), OP(xvnmaddmdp),
    OP(xvnmsubadp), OP(xvnmsubmdp),
};
static const struct op fma_sp[] = {
    OP(xvmaddasp), OP(xvmaddmsp), OP(xvmsubasp), OP(xvnmaddasp), OP(xvnmsubmsp),
};

/* Doubles: zeros, ones, halfway cases, range ends, denormals, infinities, NaNs, integer limits. */
static const uint64_t dvals[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
    0x3ca0000000000000, 0x4004000000000000, 0xc00c000000000000, 0x3fb999999999999a,
    0x7fefffffffffffff, 0x0010000000000000, 0x0000000000000001, 0x7ff0000000000000,
    0xfff0000000000000, 0x7ff8000000000001, 0x7ff4000000000002, 0x41efffffffe00000,
    0x43e0000000000000, 0xc1e0000000000000, 0x47efffffe0000000, 0x3810000000000000,
    0x36a0000000000000, 0x3e70000000010000, 0x40effc0000000000, 0x3f10000000000000,
    0x3e70000000000000, 0x40f0000000000000,
};
#define NDV (sizeof(dvals) / sizeof(dvals[0]))

/* Singles, the same kinds. */
static const uint32_t svals[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x33800000, 0x40200000, 0xc0600000,
    0x3dcccccd, 0x7f7fffff, 0x00800000, 0x00000001, 0x7f800000, 0xff800000, 0x7fc00001,
    0x7fa00002, 0x4f000000, 0xcf000000, 0x477fe000, 0x38800000, 0x33000001, 0x3f7fffff,
    0x4b000001,
};
#define NSV (sizeof(svals) / sizeof(svals[0]))

static const uint64_t ivals[] = {
    0, 1, 0xffffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0x0020000000000001,
    0x0000000001000001, 0x00000000ffffffff, 0x8000000000000401, 0x123456789abcdef1,
    0x00007c0000003c00, 0x7c017e0183ff0001, 0xfc00fe00000003ff, 0x7bff0400c000bc00,
};
#define NIV (sizeof(ivals) / sizeof(ivals[0]))

static struct io io;

static void run(const struct op *o, const uint64_t a[2], const uint64_t b[2], const uint64_t t[2],
                uint64_t fpscr)
{
    io.a[0] = a[0];
    io.a[1] = a[1];
    io.b[0] = b[0];
    io.b[1] = b[1];
    io.t_in[0] = t ? t[0] : MARKER;
    io.t_in[1] = t ? t[1] : MARKER;
    io.g[0] = a[0];
    io.g[1] = b[0];
    io.fpscr = fpscr;
    o->fn(&io);
}

static void show(const struct op *o, int with_a, int with_t)
{
    rt_printf("%s", o->name);
    if (with_a) {
        rt_printf(" %016lx %016lx", io.a[0], io.a[1]);
    }
    rt_printf(" %016lx %016lx", io.b[0], io.b[1]);
    if (with_t) {
        rt_printf(" %016lx %016lx", io.t_in[0], io.t_in[1]);
    }
    rt_printf(" in=%lx: t=%016lx %016lx", io.fpscr, io.t[0], io.t[1]);
    if (o->name[0] == 'x' && o->name[1] == 's' && o->name[2] == 'x') {
        rt_printf(" r10=%016lx", io.g[0]);       /* xsxexpdp, xsxsigdp */
    }
    rt_printf(" fpscr=%08lx cr=%08lx\n", io.fpscr_out & 0xffffffffffUL, io.cr & 0xffffffff);
}

static uint64_t sp2(uint32_t hi, uint32_t lo)
{
    return (uint64_t)hi << 32 | lo;
}

static void test_dp(void)
{
    for (unsigned i = 0; i < NDV; i++) {
        for (unsigned j = 0; j < NDV; j += 5) {
            uint64_t a[2] = { dvals[i], dvals[j] };
            uint64_t b[2] = { dvals[j], dvals[(i + j + 1) % NDV] };
            for (unsigned o = 0; o < sizeof(dp_binary_rn) / sizeof(dp_binary_rn[0]); o++) {
                for (unsigned rn = 0; rn < 4; rn += 3) {
                    run(&dp_binary_rn[o], a, b, NULL, rn);
                    show(&dp_binary_rn[o], 1, 0);
                }
            }
            for (unsigned o = 0; o < sizeof(dp_binary) / sizeof(dp_binary[0]); o++) {
                run(&dp_binary[o], a, b, NULL, 0);
                show(&dp_binary[o], 1, 0);
            }
        }
    }
    for (unsigned o = 0; o < sizeof(dp_unary) / sizeof(dp_unary[0]); o++) {
        for (unsigned rn = 0; rn < 4; rn += 3) {
            for (unsigned i = 0; i < NDV; i++) {
                uint64_t b[2] = { dvals[i], dvals[(i * 7 + 3) % NDV] };
                run(&dp_unary[o], b, b, NULL, rn);
                show(&dp_unary[o], 0, 0);
            }
        }
    }
    for (unsigned o = 0; o < sizeof(int_unary) / sizeof(int_unary[0]); o++) {
        for (unsigned rn = 0; rn < 4; rn += 3) {
            for (unsigned i = 0; i < NIV; i++) {
                uint64_t b[2] = { ivals[i], ivals[(i * 5 + 2) % NIV] };
                run(&int_unary[o], b, b, NULL, rn);
                show(&int_unary[o], 0, 0);
            }
        }
    }
    /* xsiexpdp from GPRs (a[0] and b[0]) */
    for (unsigned i = 0; i < NDV; i += 3) {
        uint64_t a[2] = { dvals[i], 0 };
        uint64_t b[2] = { ivals[i % NIV], 0 };
        static const struct op iexp = OP(xsiexpdp);
        run(&iexp, a, b, NULL, 0);
        show(&iexp, 1, 0);
    }
}

static void test_sp(void)
{
    for (unsigned i = 0; i < NSV; i++) {
        for (unsigned j = 0; j < NSV; j += 6) {
            uint64_t a[2] = { sp2(svals[i], svals[j]), sp2(svals[(i + 5) % NSV], svals[j / 2]) };
            uint64_t b[2] = { sp2(svals[j], svals[i]),
                              sp2(svals[(i + j) % NSV], svals[(j + 7) % NSV]) };
            for (unsigned o = 0; o < sizeof(sp_binary_rn) / sizeof(sp_binary_rn[0]); o++) {
                for (unsigned rn = 0; rn < 4; rn++) {
                    run(&sp_binary_rn[o], a, b, NULL, rn);
                    show(&sp_binary_rn[o], 1, 0);
                }
            }
            for (unsigned o = 0; o < sizeof(sp_binary) / sizeof(sp_binary[0]); o++) {
                run(&sp_binary[o], a, b, NULL, 0);
                show(&sp_binary[o], 1, 0);
            }
        }
    }
    for (unsigned o = 0; o < sizeof(sp_unary) / sizeof(sp_unary[0]); o++) {
        for (unsigned rn = 0; rn < 4; rn += 3) {
            for (unsigned i = 0; i < NSV; i++) {
                uint64_t b[2] = { sp2(svals[i], svals[(i + 1) % NSV]),
                                  sp2(svals[(i * 3 + 2) % NSV], svals[(i * 5 + 4) % NSV]) };
                run(&sp_unary[o], b, b, NULL, rn);
                show(&sp_unary[o], 0, 0);
            }
        }
    }
}

static const uint64_t fma_dvals[] = {
    0x0000000000000000, 0x3ff0000000000000, 0x3c30000000000000, 0xbff0000000000000,
    0x7fefffffffffffff, 0x7ff0000000000000, 0x7ff4000000000002,
};
#define NFD (sizeof(fma_dvals) / sizeof(fma_dvals[0]))
static const uint32_t fma_svals[] = {
    0x00000000, 0x3f800000, 0x33800000, 0xbf800000, 0x7f7fffff, 0x7f800000, 0x7fa00002,
};
#define NFS (sizeof(fma_svals) / sizeof(fma_svals[0]))

static void test_fma(void)
{
    for (unsigned o = 0; o < sizeof(fma_dp) / sizeof(fma_dp[0]); o++) {
        for (unsigned rn = 0; rn < 4; rn += 3) {
            for (unsigned i = 0; i < NFD; i++) {
                for (unsigned j = 0; j < NFD; j++) {
                    uint64_t a[2] = { fma_dvals[i], fma_dvals[j] };
                    uint64_t b[2] = { fma_dvals[j], fma_dvals[(i + 2) % NFD] };
                    uint64_t t[2] = { fma_dvals[(i + j) % NFD], fma_dvals[(i * j) % NFD] };
                    run(&fma_dp[o], a, b, t, rn);
                    show(&fma_dp[o], 1, 1);
                }
            }
        }
    }
    for (unsigned o = 0; o < sizeof(fma_sp) / sizeof(fma_sp[0]); o++) {
        for (unsigned i = 0; i < NFS; i++) {
            for (unsigned j = 0; j < NFS; j++) {
                uint64_t a[2] = { sp2(fma_svals[i], fma_svals[j]), sp2(fma_svals[j], 0x3f800000) };
                uint64_t b[2] = { sp2(fma_svals[j], fma_svals[i]), sp2(0x33800000, fma_svals[i]) };
                uint64_t t[2] = { sp2(fma_svals[(i + j) % NFS], fma_svals[(i + 3) % NFS]),
                                  sp2(fma_svals[(j + 1) % NFS], 0xbf800000) };
                run(&fma_sp[o], a, b, t, 0);
                show(&fma_sp[o], 1, 1);
            }
        }
    }
}

/*
 * Enabled exceptions, with MSR[FE0,FE1] = 0b11 (the program interrupt) and 0b00 (none): the
 * exception in one element only.
 */
static void test_enabled(void)
{
    static const struct {
        struct op op;
        uint64_t a0, a1, b0, b1, fpscr;
    } cases[] = {
        { OP(xvadddp), 0x3ff0000000000000, 0x7ff0000000000000, 0x3ff0000000000000,
          0xfff0000000000000, 0x80 },                                       /* VXISI, VE */
        { OP(xvadddp), 0x3ff0000000000000, 0x7ff4000000000002, 0x3ff0000000000000, 0, 0x80 },
        { OP(xvdivdp), 0x3ff0000000000000, 0x3ff0000000000000, 0x4000000000000000, 0, 0x10 },
        { OP(xvmuldp), 0x3ff0000000000000, 0x7fefffffffffffff, 0x3ff0000000000000,
          0x7fefffffffffffff, 0x40 },                                       /* OX, OE */
        { OP(xvmuldp), 0x3ff0000000000000, 0x0010000000000000, 0x3ff0000000000000,
          0x3ca0000000000000, 0x20 },                                       /* UX, UE */
        { OP(xvadddp), 0x3ff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000,
          0x3ca0000000000000, 0x08 },                                       /* XX, XE */
        { OP(xvadddp), 0x3ff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000,
          0x3ca0000000000000, 0x80 },                                       /* XX, not enabled */
        { OP(xvcmpgtdp_rc), 0x3ff0000000000000, 0x7ff8000000000000, 0x3ff0000000000000,
          0x3ff0000000000000, 0x80 },                                       /* VXVC, VE */
        { OP(xvcmpeqdp_rc), 0x7ff4000000000000, 0x3ff0000000000000, 0x3ff0000000000000,
          0x3ff0000000000000, 0x80 },                                       /* VXSNAN, VE */
        { OP(xvcvdpsxds), 0, 0, 0x3ff0000000000000, 0x7ff0000000000000, 0x80 },  /* VXCVI */
        { OP(xvaddsp), 0x3f8000003f800000, 0x7f8000003f800000, 0x3f8000003f800000,
          0xff8000003f800000, 0x80 },                                       /* VXISI, VE */
        { OP(xvmaxdp), 0x3ff0000000000000, 0x7ff4000000000000, 0, 0, 0x80 },     /* VXSNAN */
        { OP(xsmaxcdp), 0x7ff4000000000000, 0, 0x3ff0000000000000, 0, 0x80 },
        { OP(xscmpgedp), 0x7ff8000000000000, 0, 0x3ff0000000000000, 0, 0x80 },   /* VXVC */
        { OP(xvsqrtdp), 0, 0, 0x3ff0000000000000, 0xbff0000000000000, 0x80 },    /* VXSQRT */
        { OP(xvredp), 0, 0, 0x3ff0000000000000, 0x0000000000000000, 0x10 },      /* ZX */
    };
    uint64_t msr = rt_mfmsr();

    for (unsigned fe = 0; fe < 2; fe++) {
        rt_mtmsrd(fe ? msr | MSR_FE0 | MSR_FE1 : msr);
        for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            uint64_t a[2] = { cases[i].a0, cases[i].a1 };
            uint64_t b[2] = { cases[i].b0, cases[i].b1 };
            rt_catch(RT_CATCH_SKIP);
            run(&cases[i].op, a, b, NULL, cases[i].fpscr);
            rt_catch(RT_CATCH_OFF);
            rt_printf("fe=%u ", fe);
            show(&cases[i].op, 1, 0);
            rt_printf("  interrupts=%lu vec=0x%lx srr1.cause=%08lx\n", rt_trap.count,
                      rt_trap.count ? rt_trap.vec : 0,
                      rt_trap.count ? rt_trap.srr1 & SRR1_CAUSE_MASK : 0);
        }
    }
    rt_mtmsrd(msr);
}

void test_main(void)
{
    rt_mtmsrd(rt_mfmsr() | MSR_FP | MSR_VSX | MSR_VEC);
    test_dp();
    test_sp();
    test_fma();
    test_enabled();
}
