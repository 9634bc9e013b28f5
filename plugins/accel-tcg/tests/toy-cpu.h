/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A made-up CPU and machine for the engine's tests: a 32-bit fixed-width toy ISA. */
#pragma once

#include <modvm/modvm.h>

G_BEGIN_DECLS

/*
 * Encoding, one big-endian 32-bit word: op[31:24] rd[23:20] ra[19:16]
 * rb[15:12] imm12[11:0] (sign-extended where it is an offset); LI, LUI and
 * J take imm20[19:0] instead of ra/rb/imm12. Branch targets are
 * pc + 4 + 4 * offset.
 */
enum {
    TOY_ILLEGAL = 0x00,
    TOY_LI = 0x01,      /* rd = simm20 */
    TOY_LUI = 0x02,     /* rd = rd << 20 | imm20 */
    TOY_ADD = 0x03,
    TOY_SUB = 0x04,
    TOY_MUL = 0x05,
    TOY_DIVU = 0x06,
    TOY_ADDI = 0x07,    /* rd = ra + simm12 */
    TOY_SHLI = 0x08,
    TOY_SHRI = 0x09,
    TOY_BEQ = 0x0a,     /* if ra == rb goto */
    TOY_BNE = 0x0b,
    TOY_BLT = 0x0c,     /* signed */
    TOY_J = 0x0d,       /* goto pc + 4 + 4 * simm20 */
    TOY_JR = 0x0e,      /* goto ra */
    TOY_LB = 0x10,      /* rd = mem[ra + simm12] */
    TOY_LHB = 0x11,     /* 16-bit big-endian */
    TOY_LWB = 0x12,
    TOY_LDB = 0x13,
    TOY_LHL = 0x14,     /* little-endian */
    TOY_LWL = 0x15,
    TOY_LDL = 0x16,
    TOY_LWBS = 0x17,    /* 32-bit big-endian, sign-extended */
    TOY_SB = 0x18,      /* mem[ra + simm12] = rd */
    TOY_SHB = 0x19,
    TOY_SWB = 0x1a,
    TOY_SDB = 0x1b,
    TOY_SHL = 0x1c,
    TOY_SWL = 0x1d,
    TOY_SDL = 0x1e,
    TOY_LWA = 0x1f,     /* 32-bit big-endian, must be aligned */
    TOY_LWU = 0x20,     /* rd = mem32be[ra + simm12]; ra += simm12 */
    TOY_CALL = 0x21,    /* r0 = helper imm12 (r1, r2, ...) */
    TOY_RAISE = 0x22,   /* exception TOY_EXC_RAISE + imm12 at this instruction */
    TOY_HALT = 0x23,    /* wait for an interrupt, then go on after this */
    TOY_SYNC = 0x24,    /* end the block */
    TOY_LBH = 0x25,     /* rd = mem8[ra + simm12] through a helper (rt->load) */
    TOY_SBH = 0x26,     /* mem8[ra + simm12] = rd through a helper (rt->store) */
    TOY_LIW = 0x27,     /* rd = the next word: an 8-byte instruction that may straddle pages */
    TOY_PROBE = 0x29,   /* rd = the byte at ra + simm12 through rt->probe, or 0xdead */
    TOY_REMAP = 0x28,   /* remap_vpage to page rd; then flush (imm12) 0 it, 1 all, 2 all CPUs */
};

enum {
    TOY_EXC_ILLEGAL = 1,
    TOY_EXC_FAULT = 2,
    TOY_EXC_ALIGN = 3,
    TOY_EXC_RAISE = 0x100,
};

typedef struct {
    ModvmCpu parent;
    guint64 r[16];
    guint64 pc;
    ModvmTcgCpuState tcg;
    /* test hooks */
    guint64 fault_page;         /* tlb_fill refuses this virtual page; G_MAXUINT64: none */
    guint64 fault_addr;         /* the address of the last fault */
    guint64 remap_vpage;        /* this virtual page maps to remap_ppage (else identity) */
    guint64 remap_ppage;
    gint last_excp;
    guint64 last_excp_pc;
    guint n_exceptions;
    guint64 excp_vector;        /* do_interrupt jumps here; 0: the CPU stops */
    guint64 irq_vector;         /* exec_interrupt jumps here */
    guint n_irqs;
    gint stopped;               /* atomic: stopped for good (the test reads it) */
    guint n_translations;
} ToyCpu;

typedef struct {
    ModvmCpuClass parent_class;
} ToyCpuClass;

GType toy_cpu_get_type(void);
#define TOY_TYPE_CPU (toy_cpu_get_type())
#define TOY_CPU(obj) (G_TYPE_CHECK_INSTANCE_CAST((obj), TOY_TYPE_CPU, ToyCpu))

typedef struct {
    ModvmMachine parent;
} ToyMachine;

typedef struct {
    ModvmMachineClass parent_class;
} ToyMachineClass;

GType toy_machine_get_type(void);

/* Helpers CALL can name; the test checks what they saw. */
extern const ModvmTcgHelper *const toy_helpers[];
extern guint toy_n_helpers;

static inline guint32 toy_r(guint op, guint rd, guint ra, guint rb, gint imm12)
{
    return op << 24 | (rd & 15) << 20 | (ra & 15) << 16 | (rb & 15) << 12 |
           ((guint32)imm12 & 0xfff);
}

static inline guint32 toy_i(guint op, guint rd, gint imm20)
{
    return op << 24 | (rd & 15) << 20 | ((guint32)imm20 & 0xfffff);
}

G_END_DECLS
