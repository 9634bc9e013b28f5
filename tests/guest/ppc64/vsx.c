/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VSX loads and stores in both byte orders (Book I 7.6: lxvd2x keeps the
 * doubleword order, lxvx/lxv byte-reverse the quadword in little-endian
 * mode, lxvb16x never does), moves between GPRs and VSRs, and the VSX
 * logical and permute instructions. Operands go through lxvb16x/stxvb16x,
 * whose byte order does not depend on MSR[LE]. Only inline assembly
 * touches vector registers (the program is built without -mvsx).
 */
#include "t.h"

#define NV 5
static uint8_t vin[NV][16] __attribute__((aligned(16))) = {
    { 0 },
    { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
    { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
    { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x0f, 0xed, 0xcb, 0xa9, 0x87, 0x65, 0x43, 0x21 },
    { 0x1f, 0x3e, 0x05, 0x17, 0x10, 0x0b, 0x1c, 0x02, 0x13, 0x08, 0x1d, 0x0e, 0x11, 0x00, 0x1a, 0x06 },
};
static uint8_t vout[16] __attribute__((aligned(16)));
static uint8_t buf[64] __attribute__((aligned(16)));

static void print_bytes(const char *what, const uint8_t *p, int n)
{
    rt_printf("%s: ", what);
    for (int i = 0; i < n; i++) {
        rt_printf("%02x", p[i]);
    }
    rt_printf("\n");
}

static void fill_buf(void)
{
    for (int i = 0; i < 64; i++) {
        buf[i] = (uint8_t)(0x40 + i);
    }
}

/* vs33 <- load at buf + off, printed through stxvb16x (register bytes in ISA order). */
#define LOAD(mn)                                                                          \
    for (long off = 0; off < 16; off += 7) {                                              \
        __asm__ volatile("xxlxor 33,33,33\n\t" mn " 33,%0,%1\n\tstxvb16x 33,0,%2"          \
                         : : "b"(buf), "r"(off), "r"(vout) : "memory");                   \
        rt_printf("off %ld ", off);                                                       \
        print_bytes(mn, vout, 16);                                                        \
    }

/* vs33 = vin[3] stored at buf + off; the memory around it printed. */
#define STORE(mn, n)                                                                      \
    for (long off = 0; off < 16; off += 5) {                                              \
        for (int i = 0; i < 64; i++) {                                                    \
            buf[i] = 0xee;                                                                \
        }                                                                                 \
        __asm__ volatile("lxvb16x 33,0,%0\n\t" mn " 33,%1,%2"                              \
                         : : "r"(vin[3]), "b"(buf), "r"(off) : "memory");                 \
        rt_printf("off %ld ", off);                                                       \
        print_bytes(mn, buf + off, n);                                                    \
    }

/* vs33 <- vs34 op vs35 (XX3). */
#define XX3(mn)                                                                           \
    for (int i = 0; i < NV; i++) {                                                        \
        for (int j = 0; j < NV; j++) {                                                    \
            __asm__ volatile("lxvb16x 34,0,%0\n\tlxvb16x 35,0,%1\n\tlxvb16x 33,0,%2\n\t"   \
                             "lxvb16x 36,0,%3\n\t" mn "\n\tstxvb16x 33,0,%4"             \
                             : : "r"(vin[i]), "r"(vin[j]), "r"(vin[(i + j) % NV]),        \
                               "r"(vin[(i + 2 * j + 1) % NV]), "r"(vout) : "memory");     \
            rt_printf("%d %d ", i, j);                                                    \
            print_bytes(mn, vout, 16);                                                    \
        }                                                                                 \
    }

static void test_moves(void)
{
    static const uint64_t g[] = { 0, 0xffffffffffffffffUL, 0x123456789abcdef0UL,
                                  0x0000000080000000UL };

    for (int i = 0; i < 4; i++) {
        uint64_t a, b, c, d, e;
        __asm__ volatile("mtvsrd 33,%5\n\tmfvsrd %0,33\n\tmtvsrwa 34,%5\n\tmfvsrd %1,34\n\t"
                         "mtvsrwz 35,%5\n\tmfvsrd %2,35\n\tmfvsrwz %3,33\n\t"
                         "mtvsrdd 36,%5,%6\n\tmfvsrld %4,36\n\tstxvb16x 36,0,%7"
                         : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d), "=&r"(e)
                         : "r"(g[i]), "r"(g[(i + 2) & 3]), "r"(vout) : "memory");
        rt_printf("%016lx: mfvsrd %016lx mtvsrwa %016lx mtvsrwz %016lx mfvsrwz %016lx "
                  "mfvsrld %016lx\n", g[i], a, b, c, d, e);
        print_bytes("mtvsrdd", vout, 16);
        __asm__ volatile("mtvsrws 33,%0\n\tstxvb16x 33,0,%1" : : "r"(g[i]), "r"(vout) : "memory");
        print_bytes("mtvsrws", vout, 16);
    }
}

static void test_scalar_ldst(void)
{
    for (long off = 0; off < 16; off += 5) {
        uint64_t a, b, c, d, e;
        fill_buf();
        __asm__ volatile("lxsdx 33,%5,%6\n\tmfvsrd %0,33\n\tlxsiwax 34,%5,%6\n\tmfvsrd %1,34\n\t"
                         "lxsiwzx 35,%5,%6\n\tmfvsrd %2,35\n\tlxsibzx 36,%5,%6\n\tmfvsrd %3,36\n\t"
                         "lxsihzx 37,%5,%6\n\tmfvsrd %4,37"
                         : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d), "=&r"(e)
                         : "b"(buf), "r"(off) : "memory");
        rt_printf("off %ld: lxsdx %016lx lxsiwax %016lx lxsiwzx %016lx lxsibzx %lx lxsihzx %lx\n",
                  off, a, b, c, d, e);
        __asm__ volatile("lxsd 1,8(%2)\n\tmfvsrd %0,33\n\tlxssp 2,8(%2)\n\tmfvsrd %1,34"
                         : "=&r"(a), "=&r"(b) : "b"(buf + off) : "memory");
        rt_printf("off %ld: lxsd %016lx lxssp %016lx\n", off, a, b);
    }
    for (long off = 0; off < 16; off += 5) {
        static const uint64_t v = 0x3ff123456789abcdUL;
        for (int i = 0; i < 64; i++) {
            buf[i] = 0xee;
        }
        __asm__ volatile("mtvsrd 33,%0\n\tstxsdx 33,%1,%2\n\tstxsiwx 33,%1,%3\n\t"
                         "stxsibx 33,%1,%4\n\tstxsihx 33,%1,%5\n\tstxsspx 33,%1,%6\n\t"
                         "mtvsrd 34,%0\n\tstxsd 2,40(%1)\n\tstxssp 2,48(%1)"
                         : : "r"(v), "b"(buf), "r"(off), "r"(off + 8), "r"(off + 12),
                           "r"(off + 14), "r"(off + 20) : "memory");
        rt_printf("off %ld ", off);
        print_bytes("scalar stores", buf, 64);
    }
}

static void test_length(void)
{
    for (long nb = 0; nb <= 17; nb += 3) {
        uint64_t len = (uint64_t)nb << 56;
        fill_buf();
        __asm__ volatile("xxlxor 33,33,33\n\tlxvl 33,%0,%1\n\tstxvb16x 33,0,%2"
                         : : "b"(buf + 3), "r"(len), "r"(vout) : "memory");
        rt_printf("nb %ld ", nb);
        print_bytes("lxvl", vout, 16);
        __asm__ volatile("xxlxor 33,33,33\n\tlxvll 33,%0,%1\n\tstxvb16x 33,0,%2"
                         : : "b"(buf + 3), "r"(len), "r"(vout) : "memory");
        rt_printf("nb %ld ", nb);
        print_bytes("lxvll", vout, 16);
        for (int i = 0; i < 64; i++) {
            buf[i] = 0xee;
        }
        __asm__ volatile("lxvb16x 33,0,%0\n\tstxvl 33,%1,%2" : : "r"(vin[3]), "b"(buf + 1),
                         "r"(len) : "memory");
        rt_printf("nb %ld ", nb);
        print_bytes("stxvl", buf, 20);
        for (int i = 0; i < 64; i++) {
            buf[i] = 0xee;
        }
        __asm__ volatile("lxvb16x 33,0,%0\n\tstxvll 33,%1,%2" : : "r"(vin[3]), "b"(buf + 1),
                         "r"(len) : "memory");
        rt_printf("nb %ld ", nb);
        print_bytes("stxvll", buf, 20);
    }
}

void test_main(void)
{
    rt_mtmsrd(rt_mfmsr() | MSR_VEC | MSR_VSX);
    fill_buf();
    LOAD("lxvd2x") LOAD("lxvw4x") LOAD("lxvh8x") LOAD("lxvb16x") LOAD("lxvx") LOAD("lxvdsx")
    LOAD("lxvwsx")
    for (long off = 0; off < 32; off += 16) {
        __asm__ volatile("xxlxor 33,33,33\n\tlxv 33,0(%0)\n\tstxvb16x 33,0,%1\n\t"
                         "lxv 33,16(%0)\n\tstxv 33,32(%0)"
                         : : "b"(buf + off), "r"(vout) : "memory");
        rt_printf("off %ld ", off);
        print_bytes("lxv", vout, 16);
        print_bytes("stxv", buf + off + 32, 16);
        fill_buf();
    }
    STORE("stxvd2x", 16) STORE("stxvw4x", 16) STORE("stxvh8x", 16) STORE("stxvb16x", 16)
    STORE("stxvx", 16)
    test_moves();
    test_scalar_ldst();
    test_length();
    XX3("xxland 33,34,35") XX3("xxlandc 33,34,35") XX3("xxlor 33,34,35")
    XX3("xxlxor 33,34,35") XX3("xxlnor 33,34,35") XX3("xxlorc 33,34,35")
    XX3("xxlnand 33,34,35") XX3("xxleqv 33,34,35")
    XX3("xxmrghw 33,34,35") XX3("xxmrglw 33,34,35")
    XX3("xxpermdi 33,34,35,0") XX3("xxpermdi 33,34,35,1") XX3("xxpermdi 33,34,35,2")
    XX3("xxpermdi 33,34,35,3") XX3("xxsldwi 33,34,35,1") XX3("xxsldwi 33,34,35,3")
    XX3("xxsel 33,34,35,36") XX3("xxperm 33,34,35") XX3("xxpermr 33,34,35")
    XX3("xxspltw 33,35,2") XX3("xxspltib 33,200") XX3("xxbrh 33,35") XX3("xxbrw 33,35")
    XX3("xxbrd 33,35") XX3("xxbrq 33,35") XX3("xxextractuw 33,35,5")
    XX3("xxinsertw 33,35,8")
    XX3("xxlor 1,34,35\n\txxlor 33,1,1") XX3("vor 1,2,3")
    XX3("xsabsdp 33,35") XX3("xsnabsdp 33,35") XX3("xsnegdp 33,35") XX3("xscpsgndp 33,34,35")
    XX3("xvabsdp 33,35") XX3("xvnabsdp 33,35") XX3("xvnegdp 33,35") XX3("xvcpsgndp 33,34,35")
    XX3("xvabssp 33,35") XX3("xvnabssp 33,35") XX3("xvnegsp 33,35") XX3("xvcpsgnsp 33,34,35")
    XX3("xscvspdpn 33,35") XX3("xscvdpspn 33,35")
}
