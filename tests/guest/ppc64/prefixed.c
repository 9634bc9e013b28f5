/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Power ISA v3.1 (Power10): prefixed instructions (Book I 1.6.3) with
 * base+displacement and PC-relative (R=1) addresses and 34-bit
 * displacements, paddi/pla, the paired vector loads and stores, and the
 * non-prefixed ISA 3.1 fixed-point and vector-mask instructions; then the
 * interrupts: a prefix at an address that is 60 mod 64 (alignment), the
 * invalid R=1 form with RA != 0. Built with -DPREFIXED_ON_POWER9, only
 * the interrupt cases run, on POWER9, where primary opcode 1 is illegal.
 * Vector registers are printed through stxvb16x, whose byte order does
 * not depend on MSR[LE].
 */
#include "t.h"
#include "rt-mark.h"

static void report(const char *what)
{
    if (!rt_trap.count) {
        rt_printf("%s: no interrupt\n", what);
        return;
    }
    const char *where = rt_trap_where();
    rt_printf("%s: vec=0x%lx srr0=%s srr1.cause=%08lx srr1.msr=%016lx count=%lu\n", what,
              rt_trap.vec, where, rt_trap.srr1 & SRR1_CAUSE_MASK, rt_trap.srr1 & SRR1_MSR_MASK,
              rt_trap.count);
}

/*
 * Each case's suffix is harmless run alone (the catcher resumes at SRR0 + 4,
 * the suffix): an addi to r9, whose value is printed too.
 */
#define TRAP_CASE(what, text)                                                             \
    do {                                                                                  \
        uint64_t mark_tmp, r9 = 0;                                                        \
        rt_catch(RT_CATCH_SKIP);                                                          \
        __asm__ volatile("mr 9,%[r9]\n\t" MARK16 text "\n\tmr %[r9],9"                    \
                         : MARK_OUT, [r9] "+r"(r9) : MARK_IN : "r9", "lr", "memory");     \
        rt_catch(RT_CATCH_OFF);                                                           \
        report(what);                                                                     \
        rt_printf("%s: r9=%lx\n", what, r9);                                              \
    } while (0)

static void interrupts(void)
{
    /* paddi 9,9,5: prefix, and the suffix addi 9,9,5 */
    TRAP_CASE("paddi", ".long 0x06000000\n\t.long 0x39290005");
    /* the same at 60 mod 64: the prefix and its suffix would cross a 64-byte boundary */
    TRAP_CASE("paddi at 60 mod 64", ".balign 64\n\t.rept 15\n\tnop\n\t.endr\n\t"
              "bcl 20,31,3f\n3:\tmflr 9\n\taddi 9,9,4f-3b\n\tstd 9,0(%[pc])\n\tli 9,0\n\t"
              ".balign 64\n\t.rept 15\n\tnop\n\t.endr\n4:\t"
              ".long 0x06000000\n\t.long 0x39290005");
    /* paddi 9,9,5 with R=1 and RA=9: an invalid form */
    TRAP_CASE("paddi R=1 RA!=0", ".long 0x06100000\n\t.long 0x39290005");
    /* pld's prefix before addi: no prefixed form has that suffix */
    TRAP_CASE("8LS prefix before addi", ".long 0x04000000\n\t.long 0x39290005");
    /* an MMIRR prefix (pnop's type with bits 8:11 nonzero) */
    TRAP_CASE("MMIRR prefix", ".long 0x07900000\n\t.long 0x39290005");
}

#ifndef PREFIXED_ON_POWER9

static uint8_t buf[128] __attribute__((aligned(64)));
static uint8_t vout[32] __attribute__((aligned(16)));

static void fill_buf(void)
{
    for (int i = 0; i < 128; i++) {
        buf[i] = (uint8_t)(0x80 + i * 3);
    }
}

static void print_bytes(const char *what, const uint8_t *p, int n)
{
    rt_printf("%s: ", what);
    for (int i = 0; i < n; i++) {
        rt_printf("%02x", p[i]);
    }
    rt_printf("\n");
}

/* --- paddi, pla --- */

static void test_paddi(void)
{
    static const int64_t imms[] = { 0, 1, -1, 0x12345, 0x1ffffffff, -0x200000000, -0x8000 };
    uint64_t r, here, bufaddr;

    for (unsigned i = 0; i < T_NVALS; i += 3) {
        __asm__ volatile("paddi %0,%1,0x1ffffffff" : "=r"(r) : "b"(t_vals[i]));
        rt_printf("paddi %016lx,0x1ffffffff: %016lx\n", t_vals[i], r);
        __asm__ volatile("paddi %0,%1,-0x200000000" : "=r"(r) : "b"(t_vals[i]));
        rt_printf("paddi %016lx,-0x200000000: %016lx\n", t_vals[i], r);
        __asm__ volatile("paddi %0,%1,-3" : "=r"(r) : "b"(t_vals[i]));
        rt_printf("paddi %016lx,-3: %016lx\n", t_vals[i], r);
    }
    (void)imms;
    __asm__ volatile("pli %0,0x1ffffffff" : "=r"(r));
    rt_printf("pli 0x1ffffffff: %016lx\n", r);
    __asm__ volatile("pli %0,-0x200000000" : "=r"(r));
    rt_printf("pli -0x200000000: %016lx\n", r);
    /* pla from the current instruction: the address bcl gives for the same spot */
    __asm__ volatile("bcl 20,31,1f\n1:\tmflr %1\n\tpla %0,0" : "=r"(r), "=r"(here) : : "lr");
    rt_printf("pla 0 - cia of mflr: %ld\n", (long)(r - here));
    __asm__ volatile("pla %0,buf@pcrel" : "=r"(bufaddr));
    rt_printf("pla buf@pcrel == buf: %d\n", bufaddr == (uintptr_t)buf);
}

/* --- fixed-point loads and stores, displacement and PC-relative --- */

#define PLOAD(mn, disp)                                                                   \
    do {                                                                                  \
        uint64_t r;                                                                       \
        __asm__ volatile(mn " %0,%2(%1)" : "=r"(r)                                       \
                         : "b"((uintptr_t)buf + 5 - (disp)), "i"(disp) : "memory");       \
        rt_printf("%s disp %ld: %016lx\n", mn, (long)(disp), r);                         \
    } while (0)

#define PLOAD_PCREL(mn, off)                                                              \
    do {                                                                                  \
        uint64_t r;                                                                       \
        __asm__ volatile(mn " %0,buf+" #off "@pcrel" : "=r"(r) : : "memory");             \
        rt_printf("%s buf+%d@pcrel: %016lx\n", mn, off, r);                               \
    } while (0)

#define PSTORE(mn, disp, n)                                                               \
    do {                                                                                  \
        fill_buf();                                                                       \
        __asm__ volatile(mn " %0,%2(%1)" : : "r"(t_vals[10]),                            \
                         "b"((uintptr_t)buf + 3 - (disp)), "i"(disp) : "memory");         \
        rt_printf("%s disp %ld ", mn, (long)(disp));                                      \
        print_bytes("mem", buf, n);                                                       \
    } while (0)

#define PSTORE_PCREL(mn, off, n)                                                          \
    do {                                                                                  \
        fill_buf();                                                                       \
        __asm__ volatile(mn " %0,buf+" #off "@pcrel" : : "r"(t_vals[10]) : "memory");     \
        rt_printf("%s buf+%d@pcrel ", mn, off);                                           \
        print_bytes("mem", buf, n);                                                       \
    } while (0)

static void test_fixed_ldst(void)
{
    fill_buf();
    PLOAD("plbz", 0); PLOAD("plbz", 0x1ffff0000); PLOAD("plbz", -0x1ffff0000);
    PLOAD("plhz", 0x12345); PLOAD("plha", -0x12345); PLOAD("plwz", 7);
    PLOAD("plwa", 0x100000); PLOAD("pld", -1); PLOAD("pld", 0x76543210);
    PLOAD_PCREL("plbz", 1); PLOAD_PCREL("plhz", 2); PLOAD_PCREL("plha", 3);
    PLOAD_PCREL("plwz", 4); PLOAD_PCREL("plwa", 5); PLOAD_PCREL("pld", 6);
    PSTORE("pstb", 0x10000, 16); PSTORE("psth", -0x10001, 16); PSTORE("pstw", 0x1234567, 16);
    PSTORE("pstd", -0x1234567, 16);
    PSTORE_PCREL("pstb", 1, 16); PSTORE_PCREL("psth", 2, 16); PSTORE_PCREL("pstw", 3, 16);
    PSTORE_PCREL("pstd", 4, 16);

    /* plq, pstq: an even-odd GPR pair, quadword-aligned storage */
    uint64_t hi, lo;
    fill_buf();
    __asm__ volatile("plq 8,0x10010(%2)\n\tmr %0,8\n\tmr %1,9" : "=r"(hi), "=r"(lo)
                     : "b"((uintptr_t)buf - 0x10000) : "r8", "r9", "memory");
    rt_printf("plq: %016lx %016lx\n", hi, lo);
    __asm__ volatile("lq 8,0x10(%2)\n\tmr %0,8\n\tmr %1,9" : "=r"(hi), "=r"(lo)
                     : "b"(buf) : "r8", "r9", "memory");
    rt_printf("lq, same EA: %016lx %016lx\n", hi, lo);
    __asm__ volatile("plq 8,buf+32@pcrel\n\tmr %0,8\n\tmr %1,9" : "=r"(hi), "=r"(lo)
                     : : "r8", "r9", "memory");
    rt_printf("plq buf+32@pcrel: %016lx %016lx\n", hi, lo);
    __asm__ volatile("mr 8,%0\n\tmr 9,%1\n\tpstq 8,-0x20(%2)" : : "r"(t_vals[10]),
                     "r"(t_vals[9]), "b"(buf + 0x30) : "r8", "r9", "memory");
    print_bytes("pstq", buf + 16, 16);
    __asm__ volatile("mr 8,%0\n\tmr 9,%1\n\tstq 8,-0x20(%2)" : : "r"(t_vals[10]),
                     "r"(t_vals[9]), "b"(buf + 0x40) : "r8", "r9", "memory");
    print_bytes("stq, same values", buf + 32, 16);
    __asm__ volatile("mr 8,%0\n\tmr 9,%1\n\tpstq 8,buf+48@pcrel" : : "r"(t_vals[9]),
                     "r"(t_vals[10]) : "r8", "r9", "memory");
    print_bytes("pstq buf+48@pcrel", buf + 48, 16);
}

/* --- floating point and VSX --- */

static void test_fp_ldst(void)
{
    uint64_t d[2];

    fill_buf();
    __asm__ volatile("plfd 1,0x12340(%1)\n\tstfd 1,0(%0)"
                     : : "b"(d), "b"((uintptr_t)buf + 8 - 0x12340) : "fr1", "memory");
    rt_printf("plfd: %016lx\n", d[0]);
    __asm__ volatile("plfs 1,-0x12340(%1)\n\tstfd 1,0(%0)"
                     : : "b"(d), "b"((uintptr_t)buf + 4 + 0x12340) : "fr1", "memory");
    rt_printf("plfs: %016lx\n", d[0]);
    __asm__ volatile("plfd 1,buf+16@pcrel\n\tstfd 1,0(%0)" : : "b"(d) : "fr1", "memory");
    rt_printf("plfd buf+16@pcrel: %016lx\n", d[0]);
    __asm__ volatile("plfs 1,buf+20@pcrel\n\tstfd 1,0(%0)" : : "b"(d) : "fr1", "memory");
    rt_printf("plfs buf+20@pcrel: %016lx\n", d[0]);
    d[0] = 0x400921fb54442d18ull;   /* pi */
    d[1] = 0xc1e0000000000000ull;
    fill_buf();
    __asm__ volatile("lfd 1,0(%0)\n\tpstfd 1,0x33330(%1)\n\tlfd 2,8(%0)\n\tpstfs 2,buf+12@pcrel\n\t"
                     "pstfs 1,buf+16@pcrel\n\tpstfd 2,buf+24@pcrel"
                     : : "b"(d), "b"((uintptr_t)buf - 0x33330) : "fr1", "fr2", "memory");
    print_bytes("pstfd pstfs", buf, 32);
}

/* VSR @n printed through stxvb16x. */
#define PRINT_VSR(what, n)                                                                \
    do {                                                                                  \
        __asm__ volatile("stxvb16x " #n ",0,%0" : : "r"(vout) : "memory");                \
        print_bytes(what, vout, 16);                                                      \
    } while (0)

#define CLEAR_VSRS() __asm__ volatile("xxlxor 36,36,36\n\txxlxor 37,37,37\n\txxlxor 5,5,5\n\t" \
                                      "xxlxor 6,6,6" ::: "vs5", "vs6", "v4", "v5")

static void test_vsx_ldst(void)
{
    fill_buf();
    CLEAR_VSRS();
    __asm__ volatile("plxsd 4,0x20003(%0)" : : "b"((uintptr_t)buf - 0x20000) : "v4", "memory");
    PRINT_VSR("plxsd", 36);
    __asm__ volatile("plxssp 4,buf+8@pcrel" : : : "v4", "memory");
    PRINT_VSR("plxssp buf+8@pcrel", 36);
    __asm__ volatile("plxv 5,-0x10001(%0)" : : "b"((uintptr_t)buf + 0x10002) : "vs5", "memory");
    PRINT_VSR("plxv vs5", 5);
    __asm__ volatile("plxv 37,buf+7@pcrel" : : : "v5", "memory");
    PRINT_VSR("plxv vs37 buf+7@pcrel", 37);
    __asm__ volatile("plxvp 36,0x3(%0)" : : "b"(buf) : "v4", "v5", "memory");
    PRINT_VSR("plxvp vs36", 36);
    PRINT_VSR("plxvp vs37", 37);
    __asm__ volatile("plxvp 6,buf+33@pcrel" : : : "vs6", "vs7", "memory");
    PRINT_VSR("plxvp vs6", 6);
    PRINT_VSR("plxvp vs7", 7);
    __asm__ volatile("lxvp 36,32(%0)" : : "b"(buf) : "v4", "v5", "memory");
    PRINT_VSR("lxvp vs36", 36);
    PRINT_VSR("lxvp vs37", 37);
    __asm__ volatile("lxvpx 6,%0,%1" : : "b"(buf), "r"(5L) : "vs6", "vs7", "memory");
    PRINT_VSR("lxvpx vs6", 6);
    PRINT_VSR("lxvpx vs7", 7);

    /* stores: vs36/vs37 and vs6/vs7 hold what the loads above left */
    fill_buf();
    __asm__ volatile("pstxv 6,-0x3(%0)" : : "b"(buf + 4) : "memory");
    print_bytes("pstxv vs6", buf, 24);
    fill_buf();
    __asm__ volatile("pstxv 37,buf+5@pcrel" : : : "memory");
    print_bytes("pstxv vs37 buf+5@pcrel", buf, 24);
    fill_buf();
    __asm__ volatile("pstxvp 36,0x40001(%0)" : : "b"((uintptr_t)buf - 0x40000) : "memory");
    print_bytes("pstxvp vs36", buf, 40);
    fill_buf();
    __asm__ volatile("pstxvp 6,buf+3@pcrel" : : : "memory");
    print_bytes("pstxvp vs6 buf+3@pcrel", buf, 40);
    fill_buf();
    __asm__ volatile("stxvp 36,48(%0)" : : "b"(buf) : "memory");
    print_bytes("stxvp vs36", buf + 48, 32);
    fill_buf();
    __asm__ volatile("stxvpx 6,%0,%1" : : "b"(buf), "r"(9L) : "memory");
    print_bytes("stxvpx vs6", buf + 8, 40);

    /* scalar stores of a double that single precision holds (pi rounded to single) */
    static const uint64_t dval[1] = { 0x400921fb60000000ull };
    __asm__ volatile("lxsd 4,0(%0)" : : "b"(dval) : "v4", "memory");
    fill_buf();
    __asm__ volatile("pstxsd 4,0x10001(%0)" : : "b"((uintptr_t)buf - 0x10000) : "memory");
    print_bytes("pstxsd", buf, 16);
    fill_buf();
    __asm__ volatile("pstxssp 4,buf+2@pcrel" : : : "memory");
    print_bytes("pstxssp buf+2@pcrel", buf, 16);
}

/* --- ISA 3.1 fixed-point additions --- */

#define RR(mn)                                                                            \
    for (unsigned i = 0; i < T_NVALS; i += 2) {                                           \
        uint64_t r;                                                                       \
        __asm__ volatile(mn " %0,%1" : "=r"(r) : "r"(t_vals[i]));                         \
        rt_printf("%s %016lx: %016lx\n", mn, t_vals[i], r);                              \
    }

#define RRR(mn)                                                                           \
    for (unsigned i = 0; i < T_NVALS; i += 2) {                                           \
        for (unsigned j = 0; j < T_NVALS; j += 3) {                                       \
            uint64_t r;                                                                   \
            __asm__ volatile(mn " %0,%1,%2" : "=r"(r) : "r"(t_vals[i]), "r"(t_vals[j]));  \
            rt_printf("%s %016lx %016lx: %016lx\n", mn, t_vals[i], t_vals[j], r);        \
        }                                                                                 \
    }

static void test_fixed(void)
{
    static const uint64_t masks[] = { 0xf0f0f0f0f0f0f0f0, 0x8000000000000001, 0x00ff00000000ff00 };

    RR("brh") RR("brw") RR("brd")
    RRR("pdepd") RRR("pextd") RRR("cfuged") RRR("cntlzdm") RRR("cnttzdm")
    for (unsigned m = 0; m < 3; m++) {
        uint64_t r;
        __asm__ volatile("cfuged %0,%1,%2" : "=r"(r) : "r"(t_vals[10]), "r"(masks[m]));
        rt_printf("cfuged mask %016lx: %016lx\n", masks[m], r);
        __asm__ volatile("pdepd %0,%1,%2" : "=r"(r) : "r"(t_vals[10]), "r"(masks[m]));
        rt_printf("pdepd mask %016lx: %016lx\n", masks[m], r);
    }
    for (unsigned c = 0; c < 4; c++) {
        static const int64_t a[] = { -5, 0, 7, 0 };
        uint64_t r1, r2, r3, r4;
        __asm__ volatile("cmpdi 1,%4,0\n\tsetbc %0,4\n\tsetbcr %1,5\n\tsetnbc %2,6\n\t"
                         "setnbcr %3,6"
                         : "=r"(r1), "=r"(r2), "=r"(r3), "=r"(r4) : "r"(a[c]) : "cr1");
        rt_printf("setbc %ld: %lx %lx %lx %lx\n", (long)a[c], r1, r2, r3, r4);
    }
}

/* --- vector mask instructions --- */

static const uint8_t vin[16] __attribute__((aligned(16))) = {
    0x80, 0x01, 0xff, 0x7f, 0x00, 0x90, 0x12, 0x83, 0x44, 0xc5, 0x06, 0x87, 0xf8, 0x09, 0x8a, 0x0b,
};

#define VMASK_GPR(mn)                                                                     \
    do {                                                                                  \
        uint64_t r;                                                                       \
        __asm__ volatile("lxvb16x 36,0,%1\n\t" mn " %0,4" : "=r"(r) : "r"(vin) : "v4");   \
        rt_printf("%s: %016lx\n", mn, r);                                                 \
    } while (0)

#define VMASK_VEC(mn)                                                                     \
    do {                                                                                  \
        __asm__ volatile("lxvb16x 36,0,%0\n\t" mn " 5,4" : : "r"(vin) : "v4", "v5");      \
        PRINT_VSR(mn, 37);                                                                \
    } while (0)

#define MTVSRM(mn, v)                                                                     \
    do {                                                                                  \
        __asm__ volatile(mn " 5,%0" : : "r"((uint64_t)(v)) : "v5");                       \
        PRINT_VSR(mn " " #v, 37);                                                         \
    } while (0)

static void test_vmask(void)
{
    VMASK_GPR("vextractbm"); VMASK_GPR("vextracthm"); VMASK_GPR("vextractwm");
    VMASK_GPR("vextractdm"); VMASK_GPR("vextractqm");
    VMASK_VEC("vexpandbm"); VMASK_VEC("vexpandhm"); VMASK_VEC("vexpandwm");
    VMASK_VEC("vexpanddm"); VMASK_VEC("vexpandqm");
    MTVSRM("mtvsrbm", 0x123456789abca5c3); MTVSRM("mtvsrhm", 0xffffffffffffff96);
    MTVSRM("mtvsrwm", 0x5); MTVSRM("mtvsrdm", 0x2); MTVSRM("mtvsrqm", 0x3);
    uint64_t r[8];
    __asm__ volatile("lxvb16x 36,0,%8\n\tvcntmbb %0,4,0\n\tvcntmbb %1,4,1\n\tvcntmbh %2,4,0\n\t"
                     "vcntmbh %3,4,1\n\tvcntmbw %4,4,0\n\tvcntmbw %5,4,1\n\tvcntmbd %6,4,0\n\t"
                     "vcntmbd %7,4,1"
                     : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]), "=r"(r[4]), "=r"(r[5]),
                       "=r"(r[6]), "=r"(r[7]) : "r"(vin) : "v4");
    for (int i = 0; i < 8; i++) {
        rt_printf("vcntmb%c mp=%d: %016lx\n", "bhwd"[i / 2], i & 1, r[i]);
    }
}

/* --- prefixed VSX (8RR) --- */

static const uint8_t vx[3][16] __attribute__((aligned(16))) = {
    { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
      0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff },
    { 0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87,
      0x78, 0x69, 0x5a, 0x4b, 0x3c, 0x2d, 0x1e, 0x0f },
    { 0x1f, 0x80, 0x3e, 0x05, 0x7f, 0x21, 0x9c, 0x42,
      0x00, 0xbd, 0x3a, 0xe4, 0x5f, 0x0b, 0xc1, 0x27 },
};

/* vs33 <- op(vs34, vs35, vs36) with vs34..36 = vx[0..2] */
#define XX4(mn)                                                                           \
    do {                                                                                  \
        __asm__ volatile("lxvb16x 34,0,%0\n\tlxvb16x 35,0,%1\n\tlxvb16x 36,0,%2\n\t"     \
                         mn "\n\tstxvb16x 33,0,%3"                                        \
                         : : "r"(vx[0]), "r"(vx[1]), "r"(vx[2]), "r"(vout)                \
                         : "v1", "v2", "v3", "v4", "memory");                             \
        print_bytes(mn, vout, 16);                                                        \
    } while (0)

/* vs33 <- op from vs34 = vx[0] */
#define SPLTI(mn)                                                                         \
    do {                                                                                  \
        __asm__ volatile("lxvb16x 33,0,%0\n\t" mn "\n\tstxvb16x 33,0,%1"                   \
                         : : "r"(vx[0]), "r"(vout) : "v1", "memory");                     \
        print_bytes(mn, vout, 16);                                                        \
    } while (0)

static void test_8rr(void)
{
    SPLTI("xxsplti32dx 33,0,0x12345678");
    SPLTI("xxsplti32dx 33,1,0xfedcba98");
    SPLTI("xxspltiw 33,0x87654321");
    SPLTI("xxspltidp 33,0x3f800000");
    SPLTI("xxspltidp 33,0xc0490fdb");
    SPLTI("xxspltidp 33,0x7f800000");
    XX4("xxblendvb 33,34,35,36");
    XX4("xxblendvh 33,34,35,36");
    XX4("xxblendvw 33,34,35,36");
    XX4("xxblendvd 33,34,35,36");
    XX4("xxpermx 33,34,35,36,0");
    XX4("xxpermx 33,34,35,36,1");
    XX4("xxpermx 33,34,35,36,4");
    XX4("xxeval 33,34,35,36,0");
    XX4("xxeval 33,34,35,36,1");
    XX4("xxeval 33,34,35,36,0x96");
    XX4("xxeval 33,34,35,36,0xe8");
    XX4("xxeval 33,34,35,36,0x80");
    XX4("xxeval 33,34,35,36,0xff");
}

/* --- vector integer additions --- */

/* dividends below half their divisors in magnitude, so that every vdive quotient is defined */
static const uint8_t vdivid[16] __attribute__((aligned(16))) = {
    0x00, 0x00, 0x00, 0x01, 0x12, 0x34, 0x56, 0x78, 0x3f, 0xff, 0xff, 0xfe, 0x00, 0x00, 0x00, 0x01,
};
static const uint8_t vdivis[16] __attribute__((aligned(16))) = {
    0x7f, 0xff, 0xff, 0xff, 0x40, 0x00, 0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd,
};

/* v3 <- op(v4, v5) */
#define VV(mn, a, b)                                                                      \
    do {                                                                                  \
        __asm__ volatile("lxvb16x 36,0,%0\n\tlxvb16x 37,0,%1\n\t" mn "\n\t"                \
                         "stxvb16x 35,0,%2"                                               \
                         : : "r"(a), "r"(b), "r"(vout) : "v3", "v4", "v5", "memory");     \
        print_bytes(mn, vout, 16);                                                        \
    } while (0)

/* as VV, and CR (for the record forms and vcmp[su]q) */
#define VVCR(mn, a, b)                                                                    \
    do {                                                                                  \
        uint64_t cr;                                                                      \
        __asm__ volatile("lxvb16x 36,0,%1\n\tlxvb16x 37,0,%2\n\txxlxor 35,35,35\n\t" mn    \
                         "\n\tmfcr %0\n\tstxvb16x 35,0,%3"                                  \
                         : "=r"(cr) : "r"(a), "r"(b), "r"(vout)                           \
                         : "v3", "v4", "v5", "cr1", "cr6", "memory");                     \
        rt_printf("cr %08lx ", cr & 0x0f0000f0);                                          \
        print_bytes(mn, vout, 16);                                                        \
    } while (0)

static void test_vec31(void)
{
    VV("vmulhsw 3,4,5", vx[0], vx[1]); VV("vmulhuw 3,4,5", vx[0], vx[1]);
    VV("vmulhsd 3,4,5", vx[2], vx[1]); VV("vmulhud 3,4,5", vx[2], vx[1]);
    VV("vmulld 3,4,5", vx[2], vx[1]);
    VV("vdivsw 3,4,5", vx[2], vx[1]); VV("vdivuw 3,4,5", vx[2], vx[1]);
    VV("vdivsd 3,4,5", vx[2], vx[1]); VV("vdivud 3,4,5", vx[2], vx[1]);
    VV("vmodsw 3,4,5", vx[2], vx[1]); VV("vmoduw 3,4,5", vx[2], vx[1]);
    VV("vmodsd 3,4,5", vx[2], vx[1]); VV("vmodud 3,4,5", vx[2], vx[1]);
    VV("vdivesw 3,4,5", vdivid, vdivis); VV("vdiveuw 3,4,5", vdivid, vdivis);
    VV("vdivesd 3,4,5", vdivid, vdivis); VV("vdiveud 3,4,5", vdivid, vdivis);
    VV("vpdepd 3,4,5", vx[0], vx[2]); VV("vpextd 3,4,5", vx[0], vx[2]);
    VV("vcfuged 3,4,5", vx[0], vx[2]); VV("vclzdm 3,4,5", vx[0], vx[2]);
    VV("vctzdm 3,4,5", vx[1], vx[2]);
    VV("vrlq 3,4,5", vx[0], vx[2]); VV("vslq 3,4,5", vx[0], vx[2]);
    VV("vsrq 3,4,5", vx[1], vx[2]); VV("vsraq 3,4,5", vx[1], vx[2]);
    VV("vsraq 3,4,5", vx[0], vx[2]);
    VV("vsldbi 3,4,5,0", vx[0], vx[1]); VV("vsldbi 3,4,5,5", vx[0], vx[1]);
    VV("vsrdbi 3,4,5,0", vx[0], vx[1]); VV("vsrdbi 3,4,5,7", vx[0], vx[1]);
    VVCR("vstribl. 3,5", vx[0], vx[2]); VVCR("vstribr. 3,5", vx[0], vx[2]);
    VVCR("vstrihl. 3,5", vx[0], vx[2]); VVCR("vstrihr. 3,5", vx[0], vx[2]);
    VVCR("vstribl 3,4", vx[0], vx[2]); VVCR("vstribr. 3,4", vx[0], vx[2]);
    VVCR("vcmpequq. 3,4,5", vx[0], vx[0]); VVCR("vcmpequq. 3,4,5", vx[0], vx[1]);
    VVCR("vcmpgtuq. 3,4,5", vx[1], vx[0]); VVCR("vcmpgtsq. 3,4,5", vx[1], vx[0]);
    VVCR("vcmpgtsq 3,4,5", vx[0], vx[1]);
    VVCR("vcmpuq 1,4,5", vx[1], vx[0]); VVCR("vcmpsq 1,4,5", vx[1], vx[0]);
    VVCR("vcmpsq 1,4,5", vx[0], vx[0]);
    for (long n = 0; n <= 17; n += 5) {
        __asm__ volatile("lxvb16x 36,0,%0\n\tvclrlb 3,4,%1\n\tstxvb16x 35,0,%2"
                         : : "r"(vx[1]), "r"(n), "r"(vout) : "v3", "v4", "memory");
        rt_printf("rb %ld ", n);
        print_bytes("vclrlb", vout, 16);
        __asm__ volatile("lxvb16x 36,0,%0\n\tvclrrb 3,4,%1\n\tstxvb16x 35,0,%2"
                         : : "r"(vx[1]), "r"(n), "r"(vout) : "v3", "v4", "memory");
        rt_printf("rb %ld ", n);
        print_bytes("vclrrb", vout, 16);
    }
    for (int n = 2; n <= 7; n += 5) {
        uint64_t r;
        if (n == 2) {
            __asm__ volatile("lxvb16x 36,0,%1\n\tvgnb %0,4,2" : "=r"(r) : "r"(vx[2]) : "v4");
        } else {
            __asm__ volatile("lxvb16x 36,0,%1\n\tvgnb %0,4,7" : "=r"(r) : "r"(vx[2]) : "v4");
        }
        rt_printf("vgnb %d: %016lx\n", n, r);
    }
    /* vins*: v3 starts as vx[1]; GPR value t_vals[10], VR value vx[2] */
#define VINS(mn, idx)                                                                     \
    do {                                                                                  \
        __asm__ volatile("lxvb16x 35,0,%0\n\tlxvb16x 37,0,%1\n\t" mn "\n\t"                \
                         "stxvb16x 35,0,%2"                                               \
                         : : "r"(vx[1]), "r"(vx[2]), "r"(vout), "r"((long)(idx)),         \
                           "r"(t_vals[10]) : "v3", "v5", "memory");                       \
        rt_printf("idx %d ", idx);                                                        \
        print_bytes(mn, vout, 16);                                                        \
    } while (0)
    for (int i = 0; i <= 12; i += 3) {
        VINS("vinsblx 3,%3,%4", i); VINS("vinshlx 3,%3,%4", i); VINS("vinswlx 3,%3,%4", i);
        VINS("vinsdlx 3,%3,%4", i & 7); VINS("vinsbrx 3,%3,%4", i);
        VINS("vinshrx 3,%3,%4", i); VINS("vinswrx 3,%3,%4", i);
        VINS("vinsdrx 3,%3,%4", i & 7); VINS("vinsbvlx 3,%3,5", i);
        VINS("vinshvlx 3,%3,5", i); VINS("vinswvlx 3,%3,5", i); VINS("vinsbvrx 3,%3,5", i);
        VINS("vinshvrx 3,%3,5", i); VINS("vinswvrx 3,%3,5", i);
    }
    VINS("vinsw 3,%4,0", 0); VINS("vinsw 3,%4,7", 7); VINS("vinsw 3,%4,12", 12);
    VINS("vinsd 3,%4,0", 0); VINS("vinsd 3,%4,5", 5); VINS("vinsd 3,%4,8", 8);
    __asm__ volatile("mtvsrbmi 3,0x8001\n\tstxvb16x 35,0,%0" : : "r"(vout) : "v3", "memory");
    print_bytes("mtvsrbmi 0x8001", vout, 16);
    __asm__ volatile("mtvsrbmi 3,0x1234\n\tstxvb16x 35,0,%0" : : "r"(vout) : "v3", "memory");
    print_bytes("mtvsrbmi 0x1234", vout, 16);
    __asm__ volatile("mtvsrbmi 3,0xfffe\n\tstxvb16x 35,0,%0" : : "r"(vout) : "v3", "memory");
    print_bytes("mtvsrbmi 0xfffe", vout, 16);

    /* vextd*: v4 = vx[0], v5 = vx[2], index in r */
    for (long i = 0; i <= 24; i += 5) {
        static const char *const names[] = { "vextdubvlx", "vextdubvrx", "vextduhvlx",
                                             "vextduhvrx", "vextduwvlx", "vextduwvrx",
                                             "vextddvlx", "vextddvrx" };
        uint8_t out[8][16];
        uint8_t *p = out[0];
        __asm__ volatile("lxvb16x 36,0,%1\n\tlxvb16x 37,0,%2\n\t"
                         "vextdubvlx 3,4,5,%3\n\tstxvb16x 35,0,%0\n\taddi %0,%0,16\n\t"
                         "vextdubvrx 3,4,5,%3\n\tstxvb16x 35,0,%0\n\taddi %0,%0,16\n\t"
                         "vextduhvlx 3,4,5,%3\n\tstxvb16x 35,0,%0\n\taddi %0,%0,16\n\t"
                         "vextduhvrx 3,4,5,%3\n\tstxvb16x 35,0,%0\n\taddi %0,%0,16\n\t"
                         "vextduwvlx 3,4,5,%3\n\tstxvb16x 35,0,%0\n\taddi %0,%0,16\n\t"
                         "vextduwvrx 3,4,5,%3\n\tstxvb16x 35,0,%0\n\taddi %0,%0,16\n\t"
                         "vextddvlx 3,4,5,%3\n\tstxvb16x 35,0,%0\n\taddi %0,%0,16\n\t"
                         "vextddvrx 3,4,5,%3\n\tstxvb16x 35,0,%0"
                         : "+b"(p) : "r"(vx[0]), "r"(vx[2]), "r"(i) : "v3", "v4", "v5",
                           "memory");
        for (int k = 0; k < 8; k++) {
            rt_printf("idx %ld ", i);
            print_bytes(names[k], out[k], 16);
        }
    }

    /* xxgenpcv: VRB = vx[2] (mixed leftmost bits), vx[0] (few), vx[1] */
    for (int k = 0; k < 3; k++) {
#define GENPCV(mn)                                                                        \
        __asm__ volatile("lxvb16x 36,0,%0\n\t" mn "\n\tstxvb16x 33,0,%1"                   \
                         : : "r"(vx[k]), "r"(vout) : "v1", "v4", "memory");               \
        rt_printf("vx%d ", k);                                                            \
        print_bytes(mn, vout, 16);
        GENPCV("xxgenpcvbm 33,4,0") GENPCV("xxgenpcvbm 33,4,1") GENPCV("xxgenpcvbm 33,4,2")
        GENPCV("xxgenpcvbm 33,4,3") GENPCV("xxgenpcvhm 33,4,0") GENPCV("xxgenpcvhm 33,4,1")
        GENPCV("xxgenpcvhm 33,4,2") GENPCV("xxgenpcvhm 33,4,3") GENPCV("xxgenpcvwm 33,4,0")
        GENPCV("xxgenpcvwm 33,4,1") GENPCV("xxgenpcvwm 33,4,2") GENPCV("xxgenpcvwm 33,4,3")
        GENPCV("xxgenpcvdm 33,4,0") GENPCV("xxgenpcvdm 33,4,1") GENPCV("xxgenpcvdm 33,4,2")
        GENPCV("xxgenpcvdm 33,4,3")
#undef GENPCV
    }

    /* load/store rightmost element */
    fill_buf();
    __asm__ volatile("lxvrbx 33,%0,%1\n\tstxvb16x 33,0,%2" : : "b"(buf), "r"(3L), "r"(vout)
                     : "v1", "memory");
    print_bytes("lxvrbx", vout, 16);
    __asm__ volatile("lxvrhx 33,%0,%1\n\tstxvb16x 33,0,%2" : : "b"(buf), "r"(3L), "r"(vout)
                     : "v1", "memory");
    print_bytes("lxvrhx", vout, 16);
    __asm__ volatile("lxvrwx 33,%0,%1\n\tstxvb16x 33,0,%2" : : "b"(buf), "r"(5L), "r"(vout)
                     : "v1", "memory");
    print_bytes("lxvrwx", vout, 16);
    __asm__ volatile("lxvrdx 1,%0,%1\n\tstxvb16x 1,0,%2" : : "b"(buf), "r"(7L), "r"(vout)
                     : "vs1", "memory");
    print_bytes("lxvrdx", vout, 16);
    __asm__ volatile("lxvb16x 33,0,%0\n\tstxvrbx 33,%1,%2\n\tstxvrhx 33,%1,%3\n\t"
                     "stxvrwx 33,%1,%4\n\tstxvrdx 33,%1,%5"
                     : : "r"(vx[2]), "b"(buf), "r"(1L), "r"(3L), "r"(6L), "r"(11L)
                     : "v1", "memory");
    print_bytes("stxvr[bhwd]x", buf, 24);
}

/*
 * Power10's performance monitor SPRs that Linux's __setup_cpu_power10 writes:
 * MMCR3 (754), SIER2 (752), SIER3 (753): ISA 3.1 defines them, QEMU 7.2's
 * pseries Power10 does not (mtspr and mfspr are no-ops there, an undefined
 * SPR in privileged state, and the target keeps 0x5555; expected/ has the
 * ISA's answer). Only whether mfspr read something is printed: reserved
 * bits need not keep what was written (book3s31.c checks them further).
 */
static void test_sprs(void)
{
    uint64_t a = 0x5555, b = 0x5555, c = 0x5555;

    __asm__ volatile("mtspr 754,%3\n\tmtspr 752,%4\n\tmtspr 753,%5\n\t"
                     "mfspr %0,754\n\tmfspr %1,752\n\tmfspr %2,753"
                     : "+r"(a), "+r"(b), "+r"(c)
                     : "r"(t_vals[10]), "r"(t_vals[9]), "r"(t_vals[7]));
    rt_printf("mmcr3 %s sier2 %s sier3 %s\n", a == 0x5555 ? "no-op" : "read",
              b == 0x5555 ? "no-op" : "read", c == 0x5555 ? "no-op" : "read");
    /* VTB (SPR 849, ISA 2.07): privileged read of a running counter */
    a = 0x5555;
    __asm__ volatile("mfspr %0,849\n\tmfspr %1,849" : "+r"(a), "=r"(b));
    rt_printf("vtb read: %s\n", a == 0x5555 ? "no-op" : b >= a ? "counting" : "other");
}

#endif

void test_main(void)
{
#ifndef PREFIXED_ON_POWER9
    rt_mtmsrd(rt_mfmsr() | MSR_FP | MSR_VEC | MSR_VSX);
    test_paddi();
    test_fixed_ldst();
    test_fp_ldst();
    test_vsx_ldst();
    test_fixed();
    test_vmask();
    test_8rr();
    test_vec31();
    test_sprs();
#endif
    interrupts();
}
