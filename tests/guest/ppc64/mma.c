/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Power ISA v3.1 Matrix-Multiply Assist (Book I 7.x): the accumulators
 * (xxsetaccz, xxmtacc, xxmfacc), the integer and floating-point rank-k
 * updates and their prefixed masked forms, with the FPSCR and VSCR[SAT]
 * they leave; then lxvkq, xvcvbf16spn, xvcvspbf16, pnop, the other ISA 3.1
 * vector leftovers (quadword divide and modulo, vrlqmi, vrlqnm, the
 * doubleword-to-quadword multiplies, vmsumcud, vextsd2q, xvtlsbb), and the
 * interrupts: invalid forms, VSX unavailable. ACC[1] (VSR 4-7) is the
 * accumulator, XA is VSR 40 (41 for xvf64ger's pair), XB VSR 42. Vector
 * registers move through lxvb16x/stxvb16x, whose byte order does not
 * depend on MSR[LE].
 */
#include "t.h"

static volatile uint64_t insn_pc;

static uint8_t va[32] __attribute__((aligned(16)));
static uint8_t vb[16] __attribute__((aligned(16)));
static uint8_t vacc[64] __attribute__((aligned(16)));
static uint8_t vout[64] __attribute__((aligned(16)));
static uint8_t vscr[16] __attribute__((aligned(16)));
static uint64_t fpscr_in, fpscr_out;

static uint32_t seed = 12345;

static uint32_t rnd(void)
{
    seed = seed * 1103515245u + 12345u;
    return seed >> 8 ^ seed << 13;
}

static void put(uint8_t *p, unsigned size, unsigned i, uint64_t v)
{
    for (unsigned k = 0; k < size; k++) {
        p[i * size + k] = (uint8_t)(v >> (8 * (size - 1 - k)));
    }
}

static void print_words(const char *what, const uint8_t *p, int n)
{
    rt_printf("%s:", what);
    for (int i = 0; i < n; i++) {
        rt_printf("%s%02x", i % 4 == 0 ? " " : "", p[i]);
    }
    rt_printf("\n");
}

/* Loads ACC[1] from vacc, XA (and XA+1) from va, XB from vb, the FPSCR; runs; stores back. */
#define GER(text)                                                                         \
    do {                                                                                  \
        __asm__ volatile(                                                                 \
            "li 0,16\n\tli 8,32\n\tli 9,48\n\t"                                           \
            "lxvb16x 4,0,%[acc]\n\tlxvb16x 5,%[acc],0\n\t"                                \
            "lxvb16x 40,0,%[a]\n\tlxvb16x 41,%[a],0\n\tlxvb16x 42,0,%[b]\n\t"             \
            "lxvb16x 6,%[acc],8\n\tlxvb16x 7,%[acc],9\n\t"                                \
            "lfd 0,0(%[fin])\n\tmtfsf 0xff,0,1,0\n\t"                                     \
            "vxor 0,0,0\n\tmtvscr 0\n\t"                                                  \
            "xxmtacc 1\n\t" text "\n\txxmfacc 1\n\t"                                      \
            "mffs 0\n\tstfd 0,0(%[fout])\n\tmfvscr 0\n\tstxvb16x 32,0,%[vscr]\n\t"        \
            "li 0,16\n\t"                                                                 \
            "stxvb16x 4,0,%[out]\n\tstxvb16x 5,%[out],0\n\t"                              \
            "stxvb16x 6,%[out],8\n\tstxvb16x 7,%[out],9\n\t"                              \
            "li 0,0\n\tstd 0,-8(1)\n\tlfd 0,-8(1)\n\tmtfsf 0xff,0,1,0"                    \
            : : [acc] "b"(vacc), [a] "b"(va), [b] "b"(vb), [out] "b"(vout),               \
                [fin] "b"(&fpscr_in), [fout] "b"(&fpscr_out), [vscr] "b"(vscr)            \
            : "r0", "r8", "r9", "memory");                                                \
        rt_printf("%s fpscr_in=%lx: fpscr=%08lx sat=%d\n", text, fpscr_in,               \
                  fpscr_out & 0xffffffffUL, vscr[15] & 1);                                \
        print_words(" acc", vout, 64);                                                    \
    } while (0)

static void fill_int(void)
{
    for (int i = 0; i < 32; i++) {
        va[i] = (uint8_t)rnd();
    }
    for (int i = 0; i < 16; i++) {
        vb[i] = (uint8_t)rnd();
    }
    for (int i = 0; i < 16; i++) {
        /* some accumulators near the 32-bit limits, to saturate */
        uint32_t v = rnd();
        if (i % 5 == 1) {
            v = 0x7ffff000u + (v & 0xfff);
        } else if (i % 5 == 3) {
            v = 0x80000000u + (v & 0xfff);
        }
        put(vacc, 4, i, v);
    }
}

static void test_int(void)
{
    for (int round = 0; round < 3; round++) {
        fill_int();
        if (round == 2) {
            /* extremes: the largest products */
            for (int i = 0; i < 16; i++) {
                va[i] = i & 1 ? 0x80 : 0x7f;
                vb[i] = i & 2 ? 0x80 : 0xff;
            }
        }
        fpscr_in = 0;
        GER("xvi4ger8 1,40,42");
        GER("xvi4ger8pp 1,40,42");
        GER("xvi8ger4 1,40,42");
        GER("xvi8ger4pp 1,40,42");
        GER("xvi8ger4spp 1,40,42");
        GER("xvi16ger2 1,40,42");
        GER("xvi16ger2pp 1,40,42");
        GER("xvi16ger2s 1,40,42");
        GER("xvi16ger2spp 1,40,42");
        GER("pmxvi4ger8 1,40,42,0xa,0x6,0x5b");
        GER("pmxvi4ger8pp 1,40,42,0x7,0xe,0xf0");
        GER("pmxvi8ger4 1,40,42,0xc,0x3,0x9");
        GER("pmxvi8ger4pp 1,40,42,0xf,0xf,0x6");
        GER("pmxvi8ger4spp 1,40,42,0x5,0xf,0xe");
        GER("pmxvi16ger2 1,40,42,0x9,0x9,0x2");
        GER("pmxvi16ger2pp 1,40,42,0xf,0x1,0x1");
        GER("pmxvi16ger2s 1,40,42,0x6,0xb,0x3");
        GER("pmxvi16ger2spp 1,40,42,0xe,0x7,0x2");
    }
}

static const uint32_t f32s[] = {
    0x3f800000, 0x40490fdb, 0xc0000000, 0x3eaaaaab, 0x00000000, 0x80000000, 0x7f800000,
    0xff800000, 0x7fc00000, 0x7f800001, 0x00400000, 0x80000001, 0x7f7fffff, 0x5f000000,
    0x1f000000, 0x3f7fffff, 0xbf800001, 0x4b000001, 0x33800000, 0x00800000,
};
static const uint64_t f64s[] = {
    0x3ff0000000000000, 0x400921fb54442d18, 0xc000000000000000, 0x3fd5555555555555,
    0x0000000000000000, 0x8000000000000000, 0x7ff0000000000000, 0xfff0000000000000,
    0x7ff8000000000000, 0x7ff0000000000001, 0x0008000000000000, 0x7fefffffffffffff,
    0x5ff0000000000000, 0x2000000000000000, 0x3fefffffffffffff, 0xbff0000000000001,
    0x0010000000000000, 0x3ca0000000000000,
};
static const uint16_t f16s[] = {
    0x3c00, 0x4248, 0xc000, 0x3555, 0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7c01,
    0x0001, 0x7bff, 0x5bff, 0x1400, 0x3bff, 0xbc01,
};
static const uint16_t bf16s[] = {
    0x3f80, 0x4049, 0xc000, 0x3eab, 0x0000, 0x8000, 0x7f80, 0xff80, 0x7fc0, 0x7f81,
    0x0040, 0x7f7f, 0x5f00, 0x1f00, 0x3f7f, 0xbf81, 0x0001,
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * An element of @kind (0 single, 1 double, 2 half, 3 bfloat16): one of the
 * special values 1 time in @special, else a plain one.
 */
static uint64_t draw(int kind, unsigned special)
{
    unsigned pick = rnd() % special == 0;

    switch (kind) {
    case 0:
        return pick ? f32s[rnd() % NELEM(f32s)] : 0x3c000000 + (rnd() & 0x07ffffff);
    case 1:
        return pick ? f64s[rnd() % NELEM(f64s)]
                    : 0x3f00000000000000ull + ((uint64_t)rnd() << 20 ^ rnd());
    case 2:
        return pick ? f16s[rnd() % NELEM(f16s)] : 0x3000 + (rnd() & 0x1fff);
    default:
        return pick ? bf16s[rnd() % NELEM(bf16s)] : 0x3c00 + (rnd() & 0x7ff);
    }
}

/* XA and XA+1, XB in the elements of @kind; ACC in singles (doubles for kind 1). */
static void fill_fp(int kind, unsigned special)
{
    unsigned size = kind == 0 ? 4 : kind == 1 ? 8 : 2, acc = kind == 1 ? 8 : 4;

    for (unsigned i = 0; i < 32 / size; i++) {
        put(va, size, i, draw(kind, special));
    }
    for (unsigned i = 0; i < 16 / size; i++) {
        put(vb, size, i, draw(kind, special));
    }
    for (unsigned i = 0; i < 64 / acc; i++) {
        put(vacc, acc, i, draw(kind == 1 ? 1 : 0, special));
    }
}

static void test_fp(void)
{
    static const uint64_t modes[] = { 0, 1, 2, 3, 0, 1, 0, 3, 2, 0 };

    for (unsigned m = 0; m < NELEM(modes); m++) {
        unsigned special = m >= 4 ? 1 + (m & 1) : 4;
        fpscr_in = modes[m];
        fill_fp(0, special);
        GER("xvf32ger 1,40,42");
        GER("xvf32gerpp 1,40,42");
        GER("xvf32gerpn 1,40,42");
        GER("xvf32gernp 1,40,42");
        GER("xvf32gernn 1,40,42");
        GER("pmxvf32gerpp 1,40,42,0xb,0xd");
        GER("pmxvf32ger 1,40,42,0x6,0x3");
        fill_fp(1, special);
        GER("xvf64ger 1,40,42");
        GER("xvf64gerpp 1,40,42");
        GER("xvf64gerpn 1,40,42");
        GER("xvf64gernp 1,40,42");
        GER("xvf64gernn 1,40,42");
        GER("pmxvf64gernn 1,40,42,0x9,0x2");
        GER("pmxvf64ger 1,40,42,0x7,0x1");
        fill_fp(2, special);
        GER("xvf16ger2 1,40,42");
        GER("xvf16ger2pp 1,40,42");
        GER("xvf16ger2pn 1,40,42");
        GER("xvf16ger2np 1,40,42");
        GER("xvf16ger2nn 1,40,42");
        GER("pmxvf16ger2pp 1,40,42,0xd,0xe,0x2");
        GER("pmxvf16ger2 1,40,42,0xf,0x5,0x1");
        fill_fp(3, special);
        GER("xvbf16ger2 1,40,42");
        GER("xvbf16ger2pp 1,40,42");
        GER("xvbf16ger2pn 1,40,42");
        GER("xvbf16ger2np 1,40,42");
        GER("xvbf16ger2nn 1,40,42");
        GER("pmxvbf16ger2np 1,40,42,0x3,0xc,0x1");
        GER("pmxvbf16ger2 1,40,42,0xe,0xf,0x2");
    }
}

/*
 * Enabled exceptions (FPSCR enables with MSR[FE0,FE1] set): the program
 * interrupt, what ACC and the FPSCR hold after it.
 */
#define GER_FE(text)                                                                      \
    do {                                                                                  \
        rt_mtmsrd(msr | MSR_FE0 | MSR_FE1);                                               \
        rt_catch(RT_CATCH_SKIP);                                                          \
        GER(text);                                                                        \
        rt_catch(RT_CATCH_OFF);                                                           \
        rt_mtmsrd(msr);                                                                   \
        rt_printf(" interrupts=%lu vec=0x%lx srr1.cause=%08lx\n", rt_trap.count,         \
                  rt_trap.count ? rt_trap.vec : 0,                                        \
                  rt_trap.count ? rt_trap.srr1 & SRR1_CAUSE_MASK : 0);                    \
    } while (0)

static void test_fp_enabled(void)
{
    static const struct {
        uint64_t fpscr;
        uint32_t x0, y0;
    } cases[] = {
        { 0x80, 0x7f800001, 0x3f800000 },       /* VE, an SNaN */
        { 0x80, 0x7f800000, 0x00000000 },       /* VE, infinity times zero */
        { 0x40, 0x7f7fffff, 0x40000000 },       /* OE, overflow */
        { 0x20, 0x00800000, 0x3e800000 },       /* UE, underflow */
        { 0x08, 0x3eaaaaab, 0x3eaaaaab },       /* XE, inexact */
        { 0x80 | 0x01000000, 0x3f800000, 0x3f800000 },  /* VE with VXSNAN already set */
        { 0x00, 0x7f800001, 0x3f800000 },       /* nothing enabled */
    };
    uint64_t msr = rt_mfmsr();

    for (unsigned i = 0; i < NELEM(cases); i++) {
        for (int k = 0; k < 16; k++) {
            put(vacc, 4, k, 0x3f800000 + k);
        }
        for (int k = 0; k < 4; k++) {
            put(va, 4, k, k ? 0x40000000 : cases[i].x0);
            put(vb, 4, k, k ? 0x40400000 : cases[i].y0);
        }
        fpscr_in = cases[i].fpscr;
        GER_FE("xvf32gerpp 1,40,42");
        for (int k = 0; k < 4; k++) {
            put(va, 2, 2 * k, k ? 0x4000 : cases[i].x0 >> 16);
            put(va, 2, 2 * k + 1, 0x3f80);
            put(vb, 2, 2 * k, k ? 0x4040 : cases[i].y0 >> 16);
            put(vb, 2, 2 * k + 1, 0x3f80);
        }
        GER_FE("xvbf16ger2pp 1,40,42");
    }
}

static void test_acc(void)
{
    fill_int();
    fpscr_in = 0;
    GER("xxsetaccz 1");
    GER("xxsetaccz 0\n\txxmfacc 0");
    GER("xxmfacc 1\n\txxmtacc 1");
}

/* --- lxvkq, the bfloat16 conversions --- */

static void test_lxvkq(void)
{
    /* lxvkq XT=40, UIM: 60 | 8 (T) | 31 (11:15) | UIM | 360 | TX */
#define LXVKQ(uim)                                                                        \
    do {                                                                                  \
        for (int i = 0; i < 16; i++) vout[i] = 0x5a;                                      \
        rt_catch(RT_CATCH_SKIP);                                                          \
        __asm__ volatile("lxvb16x 40,0,%0\n\t.long 0xf11f0000 | (" #uim " << 11) | 0x2d1\n\t" \
                         "stxvb16x 40,0,%0" : : "b"(vout) : "memory");                    \
        rt_catch(RT_CATCH_OFF);                                                           \
        rt_printf("lxvkq %d: trap=%lx ", uim, rt_trap.count ? rt_trap.vec : 0UL);         \
        print_words("v", vout, 16);                                                       \
    } while (0)
    LXVKQ(0); LXVKQ(1); LXVKQ(2); LXVKQ(3); LXVKQ(4); LXVKQ(5); LXVKQ(6); LXVKQ(7);
    LXVKQ(8); LXVKQ(9); LXVKQ(10); LXVKQ(15); LXVKQ(16); LXVKQ(17); LXVKQ(18); LXVKQ(19);
    LXVKQ(20); LXVKQ(21); LXVKQ(22); LXVKQ(23); LXVKQ(24); LXVKQ(25); LXVKQ(26); LXVKQ(31);
}

static void cvt_bf16(const char *what, uint32_t w0, uint32_t w1, uint32_t w2, uint32_t w3,
                     uint64_t fpscr)
{
    uint64_t out;

    put(vb, 4, 0, w0);
    put(vb, 4, 1, w1);
    put(vb, 4, 2, w2);
    put(vb, 4, 3, w3);
    fpscr_in = fpscr;
    if (what[4] == 'b') {
        __asm__ volatile("lfd 0,0(%2)\n\tmtfsf 0xff,0,1,0\n\tlxvb16x 42,0,%0\n\t"
                         "xvcvbf16spn 40,42\n\tstxvb16x 40,0,%1\n\tmffs 0\n\tstfd 0,0(%3)"
                         : : "b"(vb), "b"(vout), "b"(&fpscr_in), "b"(&out) : "memory");
    } else {
        __asm__ volatile("lfd 0,0(%2)\n\tmtfsf 0xff,0,1,0\n\tlxvb16x 42,0,%0\n\t"
                         "xvcvspbf16 40,42\n\tstxvb16x 40,0,%1\n\tmffs 0\n\tstfd 0,0(%3)"
                         : : "b"(vb), "b"(vout), "b"(&fpscr_in), "b"(&out) : "memory");
    }
    rt_printf("%s %08x %08x %08x %08x rn=%lx: fpscr=%08lx", what, w0, w1, w2, w3, fpscr,
              out & 0xffffffffUL);
    print_words(" v", vout, 16);
}

static void test_bf16(void)
{
    static const uint32_t w[] = {
        0x3f800000, 0x3f808000, 0x3f818000, 0x3f808001, 0xbf808000, 0xbf80ffff, 0x7f7fffff,
        0xff7fffff, 0x7f800000, 0x7fa00000, 0xffc00001, 0x00000001, 0x807fffff, 0x00008000,
        0x0001ffff, 0x12345678,
    };
    for (uint64_t rn = 0; rn < 4; rn++) {
        for (unsigned i = 0; i < NELEM(w); i += 4) {
            cvt_bf16("xvcvspbf16", w[i], w[i + 1], w[i + 2], w[i + 3], rn);
        }
    }
    cvt_bf16("xvcvbf16spn", 0x12343f80, 0xffff7fa0, 0x0000ff80, 0xabcd0001, 0);
}

/* --- the other ISA 3.1 vector instructions: VRT (VR 8) from VRA, VRB, VRC (VR 9-11) --- */

static uint8_t q[4][16] __attribute__((aligned(16)));

#define VOP(text)                                                                         \
    do {                                                                                  \
        uint32_t cr;                                                                      \
        __asm__ volatile("li 0,16\n\tli 8,32\n\tli 9,48\n\tlxvb16x 40,0,%[q]\n\t"          \
                         "lxvb16x 41,%[q],0\n\tlxvb16x 42,%[q],8\n\tlxvb16x 43,%[q],9\n\t"    \
                         "li 0,0\n\tmtcrf 0xff,0\n\t" text "\n\tmfcr %[cr]\n\t"              \
                         "stxvb16x 40,0,%[out]"                                           \
                         : [cr] "=r"(cr) : [q] "b"(q), [out] "b"(vout)                    \
                         : "r0", "r8", "r9", "cr0", "cr1", "cr2", "cr3", "cr4", "cr5",    \
                           "cr6", "cr7", "memory");                                       \
        rt_printf("%s cr=%08x", text, cr);                                                \
        print_words(" t", vout, 16);                                                      \
    } while (0)

static void put_q(int n, uint64_t hi, uint64_t lo)
{
    put(q[n], 8, 0, hi);
    put(q[n], 8, 1, lo);
}

static void test_vec31(void)
{
    static const uint64_t qs[][2] = {
        { 0, 7 }, { 0, 0 }, { ~0ull, ~0ull }, { 0x8000000000000000ull, 0 },
        { 0x0123456789abcdefull, 0xfedcba9876543210ull }, { 0, 3 }, { ~0ull, -3ull },
        { 0x7fffffffffffffffull, ~0ull }, { 0x0000000100000000ull, 0x12345 },
    };
    for (unsigned i = 0; i < NELEM(qs); i++) {
        for (unsigned j = 0; j < NELEM(qs); j += 2) {
            unsigned k = (i + j + 1) % NELEM(qs);
            put_q(0, 0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull);
            put_q(1, qs[i][0], qs[i][1]);
            put_q(2, qs[k][0], qs[k][1]);
            put_q(3, qs[j][0], qs[j][1] ^ 0x1234);
            VOP("vdivuq 8,9,10");
            VOP("vdivsq 8,9,10");
            VOP("vmoduq 8,9,10");
            VOP("vmodsq 8,9,10");
            /*
             * A quotient of vdiveuq/vdivesq that does not fit in 128 bits is undefined
             * (Power ISA v3.1 Book I 6.9/6.10, as for the word and doubleword forms):
             * those cases are not printed.
             */
            unsigned __int128 ua = (unsigned __int128)qs[i][0] << 64 | qs[i][1];
            unsigned __int128 ub = (unsigned __int128)qs[k][0] << 64 | qs[k][1];
            unsigned __int128 sa = (__int128)ua < 0 ? -ua : ua, sb = (__int128)ub < 0 ? -ub : ub;
            if (ub == 0 || ua < ub) {
                VOP("vdiveuq 8,9,10");
            }
            if (ub == 0 || sa < (sb >> 1)) {
                VOP("vdivesq 8,9,10");
            }
            VOP("vmuleud 8,9,10");
            VOP("vmuloud 8,9,10");
            VOP("vmulesd 8,9,10");
            VOP("vmulosd 8,9,10");
            VOP("vmsumcud 8,9,10,11");
        }
    }
    for (unsigned i = 0; i < 12; i++) {
        put_q(0, 0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull);
        put_q(1, 0x0123456789abcdefull, 0xfedcba9876543210ull);
        /* VRB: mb in bits 41:47, me in 49:55, the count in 57:63 */
        put_q(2, (uint64_t)(rnd() & 127) << 16 | (uint64_t)(rnd() & 127) << 8 | (rnd() & 127), 0);
        VOP("vrlqmi 8,9,10");
        VOP("vrlqnm 8,9,10");
        put_q(2, rnd(), (uint64_t)rnd() << 32 | rnd());
        VOP("vextsd2q 8,10");
    }
    static const uint64_t bytes[] = {
        0x0101010101010101ull, 0, 0x0101010101010100ull, 0xffffffffffffffffull, 0xfefefefefefefefeull,
    };
    for (unsigned i = 0; i < NELEM(bytes); i++) {
        put_q(2, bytes[i], bytes[(i + 3) % NELEM(bytes)] | (i == 1 ? 0x0101010101010101ull : 0));
        VOP("xvtlsbb 3,42");
        put_q(2, bytes[i], bytes[i]);
        VOP("xvtlsbb 5,42");
    }
}

/* --- interrupts --- */

#define TRAP_CASE(what, text)                                                             \
    do {                                                                                  \
        rt_catch(RT_CATCH_SKIP);                                                          \
        __asm__ volatile("li 9,0\n\tbcl 20,31,1f\n1:\tmflr 9\n\taddi 9,9,2f-1b\n\t"      \
                         "std 9,0(%0)\n\t.balign 16\n2:\t" text                          \
                         : : "b"(&insn_pc) : "r9", "lr", "memory");                       \
        rt_catch(RT_CATCH_OFF);                                                           \
        if (!rt_trap.count) {                                                             \
            rt_printf("%s: no interrupt\n", what);                                        \
        } else {                                                                          \
            rt_printf("%s: vec=0x%lx srr0=%s srr1.cause=%08lx count=%lu\n", what,         \
                      rt_trap.vec, rt_trap.srr0 == insn_pc ? "insn" : "other",            \
                      rt_trap.srr1 & SRR1_CAUSE_MASK, rt_trap.count);                     \
        }                                                                                 \
    } while (0)

static void test_traps(void)
{
    uint64_t msr = rt_mfmsr();

    /* xvf32gerpp 1,4,42 (XA in ACC[1]) and 1,40,6 (XB in it): invalid forms */
    TRAP_CASE("xvf32gerpp XA in ACC", ".long 0xec8450d2");
    TRAP_CASE("xvf32gerpp XB in ACC", ".long 0xec8830d4");
    TRAP_CASE("xvf32gerpp XA in ACC[0]", "xvf32gerpp 1,1,42");
    /* xvf64ger 1,41,42 (XAp odd) */
    TRAP_CASE("xvf64ger odd XAp", ".long 0xec8951de");
    /* xvi8ger4 1,40,42 with the reserved bits 9:10 and 31 set */
    TRAP_CASE("xvi8ger4 reserved bits", ".long 0xece8501f");
    /* xxspltib 40,0x12 with bits 11:12 = 01 and 10; lxvkq with UIM 0 (reserved) */
    TRAP_CASE("xxspltib bits 11:12=01", ".long 0xf10892d1");
    TRAP_CASE("xxspltib bits 11:12=10", ".long 0xf11092d1");
    /* xxmtacc with a nonzero RB field (reserved) */
    TRAP_CASE("xxmtacc RB=1", ".long 0x7c810962");
    /* pnop; pnop with a b suffix, an sc suffix, attn: invalid forms; pnop with bit 14 set */
    TRAP_CASE("pnop", ".long 0x07000000\n\t.long 0x00000000");
    TRAP_CASE("pnop suffix addi", ".long 0x07000000\n\t.long 0x39290005");
    TRAP_CASE("pnop bits 12:13", ".long 0x070c0000\n\t.long 0x60000000");
    TRAP_CASE("pnop suffix b", ".long 0x07000000\n\t.long 0x48000008\n\tnop");
    TRAP_CASE("pnop suffix attn", ".long 0x07000000\n\t.long 0x00000200");
    TRAP_CASE("pnop suffix mtmsrd L=1", ".long 0x07000000\n\t.long 0x7c010164");
    TRAP_CASE("pnop bit 14", ".long 0x07020000\n\t.long 0x60000000");
    /* an MMIRR prefix before a non-MMA suffix */
    TRAP_CASE("pmxvf32ger prefix before addi", ".long 0x0790ffff\n\t.long 0x39290005");
    /* MSR[VSX] = 0: VSX unavailable for xxsetaccz, xvi8ger4, pmxvf32ger; xxmfacc */
    rt_mtmsrd(msr & ~MSR_VSX);
    TRAP_CASE("xxsetaccz VSX off", "xxsetaccz 1");
    TRAP_CASE("xxmfacc VSX off", "xxmfacc 1");
    TRAP_CASE("xvi8ger4 VSX off", "xvi8ger4 1,40,42");
    TRAP_CASE("pmxvf32ger VSX off", "pmxvf32ger 1,40,42,0xf,0xf");
    TRAP_CASE("lxvkq VSX off", ".long 0xf11f0ad1");
    TRAP_CASE("xvcvspbf16 VSX off", "xvcvspbf16 40,42");
    rt_mtmsrd(msr);
}

void test_main(void)
{
    rt_mtmsrd(rt_mfmsr() | MSR_FP | MSR_VSX | MSR_VEC);
    test_acc();
    test_int();
    test_fp();
    test_fp_enabled();
    test_lxvkq();
    test_bf16();
    test_vec31();
    test_traps();
}
