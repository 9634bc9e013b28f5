/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Decimal integer instructions (Book I chapter 6) and the BCD assists (cdtbcd, cbcdtd, addg6s). */
#include "t.h"

/*
 * Every case loads VR 2 (VRA), VR 3 (VRB) and VR 1 (VRT, preset to a
 * marker) through lxvd2x (doubleword 0 is the left, most significant half),
 * clears CR, runs one instruction and prints VRT and CR:
 *   INSN A B: t=VRT cr=CR
 * A signed decimal has 31 digits and its sign code in the rightmost nibble.
 */
struct io {
    uint64_t a[2], b[2], t[2], cr, g[3];
};

#define MARKER 0x5555aaaa5555aaaaUL

#define DEF(fn, insn)                                                                       \
    static void fn(struct io *p)                                                           \
    {                                                                                       \
        __asm__ volatile("lxvd2x 34,0,%0\n\taddi 9,%0,16\n\tlxvd2x 35,0,9\n\t"              \
                         "addi 9,%0,32\n\tlxvd2x 33,0,9\n\tld 10,56(%0)\n\tld 11,64(%0)\n\t" \
                         "li 0,0\n\tmtcrf 0xff,0\n\t"                                       \
                         insn "\n\t"                                                        \
                         "addi 9,%0,32\n\tstxvd2x 33,0,9\n\tmfcr 0\n\tstd 0,48(%0)\n\t"      \
                         "std 12,72(%0)"                                                    \
                         : : "b"(p)                                                         \
                         : "r0", "r9", "r10", "r11", "r12", "cr0", "cr1", "cr2", "cr3",     \
                           "cr4", "cr5", "cr6", "cr7", "memory");                           \
    }

typedef void (*bfn)(struct io *p);
struct op {
    const char *name;
    bfn fn;
};
#define OP(n) { #n, do_##n }

DEF(do_bcdadd_0, "bcdadd. 1,2,3,0")
DEF(do_bcdadd_1, "bcdadd. 1,2,3,1")
DEF(do_bcdsub_0, "bcdsub. 1,2,3,0")
DEF(do_bcdsub_1, "bcdsub. 1,2,3,1")
DEF(do_bcdcpsgn, "bcdcpsgn. 1,2,3")
DEF(do_bcds_0, "bcds. 1,2,3,0")
DEF(do_bcds_1, "bcds. 1,2,3,1")
DEF(do_bcdsr_0, "bcdsr. 1,2,3,0")
DEF(do_bcdsr_1, "bcdsr. 1,2,3,1")
DEF(do_bcdus, "bcdus. 1,2,3")
DEF(do_bcdtrunc_0, "bcdtrunc. 1,2,3,0")
DEF(do_bcdtrunc_1, "bcdtrunc. 1,2,3,1")
DEF(do_bcdutrunc, "bcdutrunc. 1,2,3")
DEF(do_bcdcfn_0, "bcdcfn. 1,3,0")
DEF(do_bcdcfn_1, "bcdcfn. 1,3,1")
DEF(do_bcdctn, "bcdctn. 1,3")
DEF(do_bcdcfz_0, "bcdcfz. 1,3,0")
DEF(do_bcdcfz_1, "bcdcfz. 1,3,1")
DEF(do_bcdctz_0, "bcdctz. 1,3,0")
DEF(do_bcdctz_1, "bcdctz. 1,3,1")
DEF(do_bcdcfsq_0, "bcdcfsq. 1,3,0")
DEF(do_bcdcfsq_1, "bcdcfsq. 1,3,1")
DEF(do_bcdctsq, "bcdctsq. 1,3")
DEF(do_bcdsetsgn_0, "bcdsetsgn. 1,3,0")
DEF(do_bcdsetsgn_1, "bcdsetsgn. 1,3,1")
DEF(do_cdtbcd, "cdtbcd 12,10")
DEF(do_cbcdtd, "cbcdtd 12,10")
DEF(do_addg6s, "addg6s 12,10,11")

/* Signed decimals: zeros, both sign codes of each kind, the largest, invalid digits and signs. */
static const uint64_t dec[][2] = {
    { 0, 0xc }, { 0, 0xd }, { 0, 0x1c }, { 0, 0x1d }, { 0, 0x999d }, { 0, 0x12345f },
    { 0, 0x5a }, { 0, 0x5b }, { 0, 0x1234567e },
    { 0x9999999999999999, 0x999999999999999c }, { 0x9999999999999999, 0x999999999999999d },
    { 0x0000000000000001, 0x000000000000000c }, { 0x0123456789012345, 0x678901234567890c },
    { 0, 0x500000000000000d }, { 0, 0x1a3c }, { 0, 0x1235 }, { 0x0000000000000005, 0x1c },
    { 0x5000000000000000, 0x000000000000001c },
};
#define NDEC (sizeof(dec) / sizeof(dec[0]))

/* National decimals ("0001234+" as 16-bit characters), with bad characters and signs. */
static const uint64_t nat[][2] = {
    { 0x0030003000300031, 0x003200330034002b }, { 0x0030003000300031, 0x003200330034002d },
    { 0x0039003900390039, 0x003900390039002b }, { 0x0030003000300030, 0x003000300030002d },
    { 0x0030003a00300031, 0x003200330034002b }, { 0x0030003000300031, 0x003200330034002c },
    { 0x0130003000300031, 0x003200330034002b },
};
#define NNAT (sizeof(nat) / sizeof(nat[0]))

/* Zoned decimals: zones 3 (PS=0) or F (PS=1), the sign in the last byte's zone. */
static const uint64_t zon[][2] = {
    { 0x3030303030303030, 0x3030303030313233 }, { 0x3030303030303030, 0x3030303030313273 },
    { 0xf0f0f0f0f0f0f0f0, 0xf0f0f0f0f0f1f2c3 }, { 0xf0f0f0f0f0f0f0f0, 0xf0f0f0f0f0f1f2d3 },
    { 0xf0f0f0f0f0f0f0f0, 0xf0f0f0f0f0f1f2f3 }, { 0x3939393939393939, 0x3939393939393939 },
    { 0x3030303030303030, 0x303030303031323a }, { 0x3030303030303030, 0x3030303030f13233 },
    { 0xf0f0f0f0f0f0f0f0, 0xf0f0f0f0f0f1f233 },
};
#define NZON (sizeof(zon) / sizeof(zon[0]))

/* Signed quadwords for bcdcfsq.: 0, 1, -1, 10^31 - 1, 10^31, -(10^31 - 1), the extremes. */
static const uint64_t sq[][2] = {
    { 0, 0 }, { 0, 1 }, { ~0UL, ~0UL }, { 0x0000007e37be2022, 0xc0914b267fffffff },
    { 0x0000007e37be2022, 0xc0914b2680000000 }, { 0xffffff81c841dfdd, 0x3f6eb4d980000001 },
    { 0x8000000000000000, 0 }, { 0x7fffffffffffffff, ~0UL }, { 0, 0xab54a98ceb1f0ad2 },
};
#define NSQ (sizeof(sq) / sizeof(sq[0]))

/* Shift counts (VRA byte 7) and lengths (VRA halfword 3). */
static const int shifts[] = {
    0, 1, -1, 2, -2, 5, -5, 15, -16, 30, -30, 31, -31, 32, -32, 40, -128, 127,
};
static const unsigned lens[] = { 1, 2, 3, 15, 16, 17, 30, 31, 32, 33, 0x8000 };

static struct io io;

static void show(const char *name)
{
    rt_printf("%s %016lx%016lx %016lx%016lx: t=%016lx%016lx cr=%08lx\n", name, io.a[0], io.a[1],
              io.b[0], io.b[1], io.t[0], io.t[1], io.cr & 0xffffffff);
}

static void run(const struct op *o, const uint64_t a[2], const uint64_t b[2])
{
    io.a[0] = a[0];
    io.a[1] = a[1];
    io.b[0] = b[0];
    io.b[1] = b[1];
    io.t[0] = io.t[1] = MARKER;
    o->fn(&io);
    show(o->name);
}

static void test_arith(void)
{
    static const struct op ops[] = {
        OP(bcdadd_0), OP(bcdadd_1), OP(bcdsub_0), OP(bcdsub_1), OP(bcdcpsgn),
    };
    for (unsigned o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
        for (unsigned i = 0; i < NDEC; i++) {
            for (unsigned j = 0; j < NDEC; j++) {
                run(&ops[o], dec[i], dec[j]);
            }
        }
    }
}

static void test_shift(void)
{
    static const struct op shift_ops[] = {
        OP(bcds_0), OP(bcds_1), OP(bcdsr_0), OP(bcdsr_1), OP(bcdus),
    };
    static const struct op trunc_ops[] = { OP(bcdtrunc_0), OP(bcdtrunc_1), OP(bcdutrunc) };
    /* unsigned decimals for bcdus. and bcdutrunc.: 32 digits, no sign code */
    static const uint64_t udec[][2] = {
        { 0, 0 }, { 0, 0x1234 }, { 0x9999999999999999, 0x9999999999999999 },
        { 0x1000000000000000, 0x0000000000000001 }, { 0, 0x123c },
    };

    for (unsigned o = 0; o < sizeof(shift_ops) / sizeof(shift_ops[0]); o++) {
        int uns = o == 4;
        unsigned n = uns ? sizeof(udec) / sizeof(udec[0]) : NDEC;
        for (unsigned s = 0; s < sizeof(shifts) / sizeof(shifts[0]); s++) {
            uint64_t a[2] = { (uint64_t)(uint8_t)shifts[s] | 0x1234567800000000UL, 0x55 };
            for (unsigned i = 0; i < n; i++) {
                run(&shift_ops[o], a, uns ? udec[i] : dec[i]);
            }
        }
    }
    for (unsigned o = 0; o < sizeof(trunc_ops) / sizeof(trunc_ops[0]); o++) {
        int uns = o == 2;
        unsigned n = uns ? sizeof(udec) / sizeof(udec[0]) : NDEC;
        for (unsigned l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
            uint64_t a[2] = { lens[l] | 0xabcd000000000000UL, 0x77 };
            for (unsigned i = 0; i < n; i++) {
                run(&trunc_ops[o], a, uns ? udec[i] : dec[i]);
            }
        }
    }
}

static void test_convert(void)
{
    static const struct op from_nat[] = { OP(bcdcfn_0), OP(bcdcfn_1) };
    static const struct op from_zon[] = { OP(bcdcfz_0), OP(bcdcfz_1) };
    static const struct op from_sq[] = { OP(bcdcfsq_0), OP(bcdcfsq_1) };
    static const struct op to_ops[] = {
        OP(bcdctn), OP(bcdctz_0), OP(bcdctz_1), OP(bcdctsq), OP(bcdsetsgn_0), OP(bcdsetsgn_1),
    };
    static const uint64_t zero[2] = { 0, 0 };

    for (unsigned o = 0; o < 2; o++) {
        for (unsigned i = 0; i < NNAT; i++) {
            run(&from_nat[o], zero, nat[i]);
        }
        for (unsigned i = 0; i < NZON; i++) {
            run(&from_zon[o], zero, zon[i]);
        }
        for (unsigned i = 0; i < NSQ; i++) {
            run(&from_sq[o], zero, sq[i]);
        }
    }
    for (unsigned o = 0; o < sizeof(to_ops) / sizeof(to_ops[0]); o++) {
        for (unsigned i = 0; i < NDEC; i++) {
            run(&to_ops[o], zero, dec[i]);
        }
    }
}

/* cdtbcd, cbcdtd, addg6s: GPRs 10 and 11 in, 12 out. */
static void test_assist(void)
{
    static const uint64_t vals[] = {
        0, 0x0000000000000001, 0x00000000000003ff, 0x000000000003fcff, 0x0000039c0000007e,
        0x000fffff000fffff, 0x0000000000099999, 0x0099999900123456, 0x0000000000000099,
        0x0000098700000654, 0x9999999999999999, 0x1234567890123456, 0x0000000000001ba2,
        0x000000000000037b, 0x000000000000016e,
    };
    static const struct op ops[] = { OP(cdtbcd), OP(cbcdtd) };

    for (unsigned o = 0; o < 2; o++) {
        for (unsigned i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
            io.g[0] = vals[i];
            ops[o].fn(&io);
            rt_printf("%s %016lx: %016lx\n", ops[o].name, vals[i], io.g[2]);
        }
    }
    /* every declet through both conversions: a sample, and a hash of all */
    uint64_t hash = 0;
    for (unsigned dpd = 0; dpd < 1024; dpd += 1) {
        static const struct op cd = OP(cdtbcd), bc = OP(cbcdtd);
        uint64_t bcd, back;
        io.g[0] = dpd;
        cd.fn(&io);
        bcd = io.g[2];
        io.g[0] = bcd;
        bc.fn(&io);
        back = io.g[2];
        hash = hash * 1000003 + (bcd << 16 | back);
        if ((dpd & 0x3f) == 0x2b) {
            rt_printf("declet %03x: bcd=%lx dpd=%03lx\n", dpd, bcd, back);
        }
    }
    rt_printf("declets: hash=%016lx\n", hash);
    for (unsigned i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        for (unsigned j = 0; j < sizeof(vals) / sizeof(vals[0]); j += 2) {
            static const struct op g6 = OP(addg6s);
            io.g[0] = vals[i];
            io.g[1] = vals[j] ^ 0x6666666666666666;
            g6.fn(&io);
            rt_printf("addg6s %016lx %016lx: %016lx\n", io.g[0], io.g[1], io.g[2]);
        }
    }
}

void test_main(void)
{
    rt_mtmsrd(rt_mfmsr() | MSR_VSX | MSR_VEC | MSR_FP);
    test_arith();
    test_shift();
    test_convert();
    test_assist();
}
