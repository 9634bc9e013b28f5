/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PowerCpu: the POWER CPU models (POWER7 .. Power10) and their compatibility modes. */
#pragma once

#include <modvm/modvm.h>

G_BEGIN_DECLS

/*
 * Processor compatibility modes (logical PVRs), Power ISA Book III and
 * LoPAR "Processor Compatibility"; the names are those QEMU 7.2 takes
 * for max-cpu-compat. Index order is age order.
 */
typedef enum {
    POWER_COMPAT_NONE = 0,
    POWER_COMPAT_POWER6,     /* ISA 2.05, logical PVR 0x0f000003 */
    POWER_COMPAT_POWER7,     /* ISA 2.06, 0x0f000004 */
    POWER_COMPAT_POWER8,     /* ISA 2.07, 0x0f000005 */
    POWER_COMPAT_POWER9,     /* ISA 3.0,  0x0f000006 */
    POWER_COMPAT_POWER10,    /* ISA 3.1,  0x0f000007 */
} PowerCompat;

/* NULL-terminated, indexed by PowerCompat. */
extern const char *const power_compat_names[];

/** power_compat_logical_pvr: the logical PVR of @compat, 0 for POWER_COMPAT_NONE. */
guint32 power_compat_logical_pvr(PowerCompat compat);

/* A 128-bit vector/VSX register; dw[0] is the architected high (left) doubleword. */
typedef union {
    guint64 dw[2];
    guint32 w[4];
} PowerVsr;

/*
 * The architected state. Other plugins (the pseries platform's hypercalls
 * and firmware) read and write these fields directly: keep their names
 * and meaning. GPRs, LR, CTR, NIP and MSR are full 64-bit values whatever
 * MSR[SF] says.
 */
typedef struct {
    guint64 gpr[32];
    guint64 nip;            /* the next instruction's address */
    guint64 msr;
    guint32 crf[8];         /* CR fields, crf[0] is CR0; each holds LT GT EQ SO as bits 3..0 */
    guint64 xer_so, xer_ov, xer_ca, xer_ov32, xer_ca32;  /* 0 or 1 each */
    guint64 xer_rest;       /* the other XER bits (the string byte count in bits 6..0) */
    guint64 lr;
    guint64 ctr;
    guint64 tar;
    PowerVsr vsr[64];       /* FPR n is vsr[n].dw[0]; VR n is vsr[32 + n] */
    guint64 fpscr;
    guint32 vscr;
    guint64 reserve_addr;   /* larx reservation; -1 when none */
    guint64 reserve_val;
    guint32 reserve_size;
    guint64 spr[1024];      /* every other SPR by number (SRR0 = 26, SRR1 = 27, ...) */
} PowerRegs;

typedef struct {
    ModvmCpu parent;
    /* properties */
    guint32 pvr;            /* 0: the model's PVR, filled in at realize */
    int compat;             /* PowerCompat */
    /* run-time state */
    PowerRegs regs;
    ModvmTcgCpuState tcg;   /* the software engine's per-CPU state */
} PowerCpu;

typedef struct {
    ModvmCpuClass parent_class;
    guint32 pvr;            /* the model's PVR */
    PowerCompat max_compat; /* the newest mode the model can run in (its own ISA level) */
} PowerCpuClass;

GType power_cpu_get_type(void);
#define POWER_TYPE_CPU (power_cpu_get_type())
#define POWER_CPU(obj) (G_TYPE_CHECK_INSTANCE_CAST((obj), POWER_TYPE_CPU, PowerCpu))
#define POWER_CPU_GET_CLASS(obj) \
    (G_TYPE_INSTANCE_GET_CLASS((obj), POWER_TYPE_CPU, PowerCpuClass))
#define POWER_IS_CPU(obj) (G_TYPE_CHECK_INSTANCE_TYPE((obj), POWER_TYPE_CPU))

/* Registers "power-cpu" and one concrete type per model. */
gboolean power_cpu_register_types(GTypeModule *module, GError **error);

/** power_cpu_pvr: the PVR the guest reads (the "pvr" property once realized). */
guint32 power_cpu_pvr(PowerCpu *cpu);

G_END_DECLS
