/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Load/store multiple and string: lmw, stmw, lswi, lswx, stswi, stswx. */
#include "t.h"

/*
 * Big-endian only instructions: in little-endian mode each of them causes
 * an Alignment interrupt (Power ISA v3.0B Book I 3.3.6 and 3.3.7: "not
 * supported in Little-Endian mode ... the system alignment error handler
 * is invoked"), so the little-endian build prints the interrupt instead:
 * the vector and whether SRR0 is the instruction. DAR and DSISR are not
 * printed: QEMU 7.2 raises this interrupt when it translates the
 * instruction and leaves DAR as it was.
 */
static uint8_t buf[64] __attribute__((aligned(16)));
static uint64_t regs[10];

static void fill(void)
{
    for (unsigned i = 0; i < sizeof(buf); i++) {
        buf[i] = (uint8_t)(0xa0 + i);
    }
    for (unsigned i = 0; i < 10; i++) {
        regs[i] = 0x1111111111111111UL * (i + 1);
    }
}

static void show_regs(const char *what, int n)
{
    rt_printf("%s:", what);
    for (int i = 0; i < n; i++) {
        rt_printf(" %016lx", regs[i]);
    }
    rt_putc('\n');
}

static void show_mem(const char *what)
{
    rt_printf("%s: mem=", what);
    for (unsigned i = 0; i < 40; i++) {
        rt_printf("%02x", buf[i]);
    }
    rt_putc('\n');
}

/* Reports an interrupt the instruction at pc caused, if any; returns 1 if one did. */
static int trapped(const char *what, uint64_t pc)
{
    if (!rt_trap.count) {
        return 0;
    }
    rt_printf("%s: interrupt 0x%lx srr0=%s srr1=%lx\n", what, rt_trap.vec,
              rt_trap.srr0 == pc ? "insn" : "other", rt_trap.srr1 & SRR1_MSR_MASK);
    return 1;
}

/*
 * The assembler refuses these mnemonics for little-endian targets, so they
 * are emitted as words: RA and RB are whatever registers the compiler chose.
 */
#define LMW(rt, d) ".long (46<<26)|(" #rt "<<21)|(%[a]<<16)|(" #d ")"
#define STMW(rt, d) ".long (47<<26)|(" #rt "<<21)|(%[a]<<16)|(" #d ")"
#define LSWI(rt, nb) ".long (31<<26)|(" #rt "<<21)|(%[a]<<16)|(" #nb "<<11)|(597<<1)"
#define LSWX(rt) ".long (31<<26)|(" #rt "<<21)|(%[a]<<16)|(%[b]<<11)|(533<<1)"
#define STSWI(rt, nb) ".long (31<<26)|(" #rt "<<21)|(%[a]<<16)|(" #nb "<<11)|(725<<1)"
#define STSWX(rt) ".long (31<<26)|(" #rt "<<21)|(%[a]<<16)|(%[b]<<11)|(661<<1)"

/* r24..r31 and r0 are the string registers; regs[] receives r24..r31, r0 afterwards. */
#define SAVE_REGS                                                                         \
    "std 24,0(%[o])\n\tstd 25,8(%[o])\n\tstd 26,16(%[o])\n\tstd 27,24(%[o])\n\t"          \
    "std 28,32(%[o])\n\tstd 29,40(%[o])\n\tstd 30,48(%[o])\n\tstd 31,56(%[o])\n\t"        \
    "std 0,64(%[o])"
#define LOAD_REGS                                                                         \
    "ld 24,0(%[o])\n\tld 25,8(%[o])\n\tld 26,16(%[o])\n\tld 27,24(%[o])\n\t"              \
    "ld 28,32(%[o])\n\tld 29,40(%[o])\n\tld 30,48(%[o])\n\tld 31,56(%[o])\n\t"            \
    "ld 0,64(%[o])\n\t"
#define STRING_CLOBBERS "r0", "r24", "r25", "r26", "r27", "r28", "r29", "r30", "r31", "memory", "xer", "lr"

/* Runs text with r24..r31, r0 loaded from regs[] and saved back; pc gets the instruction's address. */
#define RUN(what, text, a_, b_, xer_)                                                        \
    do {                                                                                  \
        uint64_t pc_;                                                                     \
        fill();                                                                           \
        rt_catch(RT_CATCH_SKIP);                                                          \
        __asm__ volatile(LOAD_REGS "mtxer %[x]\n\tbcl 20,31,1f\n1:\tmflr %[pc]\n\t" text    \
                         "\n\t" SAVE_REGS                                                 \
                         : [pc] "=&b"(pc_)                                                \
                         : [o] "b"(regs), [a] "b"(a_), [b] "b"(b_), [x] "r"(xer_)          \
                         : STRING_CLOBBERS);                                              \
        rt_catch(RT_CATCH_OFF);                                                           \
        if (!trapped(what, pc_ + 4)) {                                                    \
            show_regs(what, 9);                                                           \
            show_mem(what);                                                               \
        }                                                                                 \
    } while (0)

void test_main(void)
{
    RUN("lmw 24,0(buf)", LMW(24, 0), buf, 0, 0);
    RUN("lmw 29,4(buf)", LMW(29, 4), buf, 0, 0);
    RUN("lmw 31,8(buf)", LMW(31, 8), buf, 0, 0);
    RUN("stmw 24,0(buf)", STMW(24, 0), buf, 0, 0);
    RUN("stmw 30,4(buf)", STMW(30, 4), buf, 0, 0);
    RUN("lswi 24,buf,1", LSWI(24, 1), buf, 0, 0);
    RUN("lswi 24,buf,3", LSWI(24, 3), buf, 0, 0);
    RUN("lswi 24,buf,4", LSWI(24, 4), buf, 0, 0);
    RUN("lswi 24,buf,5", LSWI(24, 5), buf + 1, 0, 0);
    RUN("lswi 25,buf,13", LSWI(25, 13), buf, 0, 0);
    RUN("lswi 24,buf,0 (32 bytes)", LSWI(24, 0), buf, 0, 0);
    RUN("lswi 31,buf,7 (wraps to r0)", LSWI(31, 7), buf, 0, 0);
    RUN("lswx 24,buf,3 n=5", LSWX(24), buf, 3, 5);
    RUN("lswx 26,buf,0 n=11", LSWX(26), buf, 0, 11);
    RUN("lswx 24,buf,1 n=32", LSWX(24), buf, 1, 32);
    RUN("stswi 24,buf,1", STSWI(24, 1), buf, 0, 0);
    RUN("stswi 24,buf,6", STSWI(24, 6), buf + 3, 0, 0);
    /* r24..r31 exactly: a wrap to r0 would store r1 and r2, addresses that move with the build */
    RUN("stswi 24,buf,0 (32 bytes)", STSWI(24, 0), buf, 0, 0);
    RUN("stswi 31,buf,6 (wraps to r0)", STSWI(31, 6), buf, 0, 0);
    RUN("stswx 25,buf,2 n=7", STSWX(25), buf, 2, 7);
    RUN("stswx 24,buf,0 n=0 (no-op)", STSWX(24), buf, 0, 0);
    RUN("stswx 24,buf,5 n=17", STSWX(24), buf, 5, 17);
}
