/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The bare-metal pseries guest test runtime: console, power-off, interrupts, problem state. */
#ifndef RT_H
#define RT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "rt-asm.h"

#ifndef PROG_NAME
#define PROG_NAME "unnamed"
#endif

#if defined(__LITTLE_ENDIAN__)
#define RT_ENDIAN "le"
#else
#define RT_ENDIAN "be"
#endif

/* Each program defines this; the runtime calls it after setting up and powers off after it. */
void test_main(void);
/* An IEEE 1275 client interface call (host-order cells); 0, or -1 when it failed. */
int rt_ci(const char *service, int nargs, int nret, const uint32_t *args, uint32_t *rets);

/*
 * A program may define rt_early: called at start while the firmware's
 * client interface still works (before the interrupt vectors overwrite low
 * memory), to look things up in the device tree with the rt_ci_ calls.
 * Phandles are 0 or 0xffffffff when there is none; the strings and buffers
 * must be below 4 GiB (they are: the program runs in low memory). Output
 * printed here comes before MODVM-TEST-BEGIN: keep results for test_main.
 */
void rt_early(void) __attribute__((weak));
uint32_t rt_ci_finddevice(const char *path);
int32_t rt_ci_getprop(uint32_t ph, const char *name, void *buf, uint32_t len);
uint32_t rt_ci_child(uint32_t ph);
uint32_t rt_ci_peer(uint32_t ph);
/* The property after @prev ("" for the first) into @buf (64 bytes): 1, 0 at the end, -1 error. */
int rt_ci_nextprop(uint32_t ph, const char *prev, char *buf);

/* Console (H_PUT_TERM_CHAR on the stdout vty). */
void rt_putc(char c);
void rt_puts(const char *s);
void rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rt_vprintf(const char *fmt, va_list ap);
void rt_flush(void);

/* Ends the test: prints the end marker and powers off with RTAS. */
void rt_exit(void) __attribute__((noreturn));
/* Ends the test without the end marker, so that the runner reports a failure. */
void rt_abort(const char *why) __attribute__((noreturn));

/* Handover and platform facts found at start. */
struct rt_boot {
    uint64_t r3, r4, r5;            /* initrd start, initrd size, client interface entry */
    uint64_t msr;                   /* MSR at entry */
    uint64_t r1;                    /* the firmware's stack pointer */
    int flipped;                    /* entered in the other byte order */
    uint32_t vty;                   /* stdout vty unit address */
    int vty_from;                   /* 0 fallback, 1 /chosen stdout, 2 linux,stdout-path */
    uint32_t rtas_power_off;        /* RTAS token */
    uint32_t rtas_get_time;         /* RTAS token "get-time-of-day" (0 if none) */
    uint64_t set_mode_ret;          /* H_SET_MODE (interrupt byte order) result */
    uint64_t mem_size;              /* size of /memory@0 */
    uint32_t hpt_shift;             /* log2 of the hash page table size ("ibm,pft-size") */
    uint32_t low_words[8];          /* what the firmware left at 0x0, 0x100, 0x300, 0x700, 0x900, 0xc00, 0xd00, 0xf00 */
};
extern struct rt_boot rt_boot;

/* hypercalls */
#define H_SUCCESS       0
#define H_PUT_TERM_CHAR 0x58
#define H_SET_MODE      0x31c
#define H_RTAS          0xf000
long rt_hcall(unsigned long opcode, unsigned long a1, unsigned long a2,
              unsigned long a3, unsigned long a4);
/* RTAS through H_RTAS; args and rets are host-order values, the buffer is big-endian. */
int32_t rt_rtas(uint32_t token, int nargs, int nret, const uint32_t *args, uint32_t *rets);

/* Interrupts. */
struct rt_frame {
    uint64_t gpr[32];
    uint64_t vec, srr0, srr1, dar, dsisr, lr, ctr, xer, cr;
};

/* What the last caught interrupt said. */
struct rt_trap {
    uint64_t vec, srr0, srr1, dar, dsisr;
    uint64_t count;                 /* interrupts caught since rt_catch() */
};
extern volatile struct rt_trap rt_trap;

enum rt_catch_mode {
    RT_CATCH_OFF,                   /* any interrupt is fatal (the default) */
    RT_CATCH_SKIP,                  /* resume after the instruction (at SRR0 for sc and asynchronous ones) */
    RT_CATCH_ABORT_USER,            /* in a rt_run_mode call: return RT_USER_ABORTED from it */
    RT_CATCH_SKIP_PREFIXED,         /* as SKIP, but past both words of a prefixed instruction (real mode) */
};
/* Arms the catcher for the next interrupts and clears rt_trap; RT_CATCH_OFF disarms and keeps rt_trap. */
void rt_catch(enum rt_catch_mode mode);

/* Writes the interrupt vectors again (after a test let something overwrite low memory). */
void rt_install_vectors(void);

/* Called for every decrementer interrupt if set (before the catcher). */
extern void (*volatile rt_dec_hook)(struct rt_frame *f);

/*
 * Calls fn(arg) on stack_top with msr_set ORed into the MSR (MSR_PR for
 * problem state, which also sets EE, IR and DR; MSR_IR|MSR_DR for
 * translated privileged code) and returns its result. The address space
 * must map the program image (see user.c).
 */
#define RT_USER_ABORTED ((long)0xdead0000abadcafe)
long rt_run_mode(long (*fn)(long), long arg, void *stack_top, uint64_t msr_set);
extern char rt_user_stack_top[];

/* SRR1 bits that report an interrupt's cause (33:36 and 42:47) */
#define SRR1_CAUSE_MASK     0x00000000783f0000UL
/* The MSR bits whose value in SRR1 is architected for these tests. */
#define SRR1_MSR_MASK       (MSR_SF | MSR_EE | MSR_PR | MSR_FP | MSR_ME | MSR_IR | MSR_DR | MSR_LE)
#define SRR1_PROGRAM_FP     0x0000000000100000UL   /* bit 43 */
#define SRR1_PROGRAM_ILLEGAL 0x0000000000080000UL  /* bit 44 */
#define SRR1_PROGRAM_PRIV   0x0000000000040000UL   /* bit 45 */
#define SRR1_PROGRAM_TRAP   0x0000000000020000UL   /* bit 46 */

/* Freestanding helpers. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
void rt_sync_icache(void *p, size_t n);

#define rt_mfspr(n) ({ uint64_t v_; __asm__ volatile("mfspr %0,%1" : "=r"(v_) : "i"(n)); v_; })
#define rt_mtspr(n, v) __asm__ volatile("mtspr %0,%1" : : "i"(n), "r"((uint64_t)(v)) : "memory")

static inline uint64_t rt_mfmsr(void)
{
    uint64_t v;
    __asm__ volatile("mfmsr %0" : "=r"(v));
    return v;
}

static inline void rt_mtmsrd(uint64_t v)
{
    __asm__ volatile("mtmsrd %0\n\tisync" : : "r"(v) : "memory");
}

static inline uint32_t rt_be32(uint32_t v)
{
#if defined(__LITTLE_ENDIAN__)
    return __builtin_bswap32(v);
#else
    return v;
#endif
}

#endif
