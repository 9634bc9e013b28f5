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
    POWER_COMPAT_POWER6,     /* ISA 2.05, logical PVR 0x0f000002 */
    POWER_COMPAT_POWER7,     /* ISA 2.06, 0x0f000003 */
    POWER_COMPAT_POWER8,     /* ISA 2.07, 0x0f000004 */
    POWER_COMPAT_POWER9,     /* ISA 3.0,  0x0f000005 */
    POWER_COMPAT_POWER10,    /* ISA 3.1,  0x0f000006 */
} PowerCompat;

/* NULL-terminated, indexed by PowerCompat. */
extern const char *const power_compat_names[];

/**
 * power_compat_logical_pvr: the logical PVR of @compat, 0 for POWER_COMPAT_NONE
 * (LoPAR "Processor Compatibility"; 0x0f000002 is ISA 2.05, as QEMU numbers them).
 * Inline: the platform plugin needs it for the device tree.
 */
static inline guint32 power_compat_logical_pvr(PowerCompat compat)
{
    return compat == POWER_COMPAT_NONE ? 0 : 0x0f000001u + (guint32)compat;
}

/*
 * The Processor Compatibility Register (SPR 338, hypervisor only; Power
 * ISA Book III "Processor Compatibility Register"): one bit per ISA level,
 * v2.05 (bit 62) .. v3.1 (bit 58). A set bit makes the instructions and
 * SPRs added after that level unavailable in problem state; supervisor
 * state is not affected. A hypervisor running a partition in mode
 * @compat on a model whose own mode is @max sets the bits of every level
 * from @compat up to below @max (Linux's kvmppc_set_arch_compat).
 * Inline: the platform plugin sets it when CAS picks a mode.
 */
#define POWER_SPR_PCR 338
#define POWER_PCR_V205 (1ull << (63 - 62))
#define POWER_PCR_V206 (1ull << (63 - 61))
#define POWER_PCR_V207 (1ull << (63 - 60))
#define POWER_PCR_V300 (1ull << (63 - 59))
#define POWER_PCR_V310 (1ull << (63 - 58))

static inline guint64 power_compat_pcr(PowerCompat compat, PowerCompat max)
{
    static const guint64 level_bit[] = {
        [POWER_COMPAT_POWER6] = POWER_PCR_V205, [POWER_COMPAT_POWER7] = POWER_PCR_V206,
        [POWER_COMPAT_POWER8] = POWER_PCR_V207, [POWER_COMPAT_POWER9] = POWER_PCR_V300,
        [POWER_COMPAT_POWER10] = POWER_PCR_V310,
    };
    guint64 pcr = 0;

    if (compat == POWER_COMPAT_NONE) {
        return 0;
    }
    for (int c = compat; c < (int)max; c++) {
        pcr |= level_bit[c];
    }
    return pcr;
}

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

typedef struct _PowerCpu PowerCpu;

/*
 * What a virtual hypervisor (the pseries machine) provides to the CPUs of a
 * guest that has no hypervisor state of its own (PAPR, "vhyp" in QEMU).
 * A machine sets PowerCpu.vhyp on each CPU it creates, before reset; with
 * it set, MSR[HV] is never 1, illegal instructions give the Program
 * interrupt (not the Hypervisor Emulation Assistance one), and real-mode
 * addresses are guest physical addresses.
 */
typedef struct {
    /*
     * The guest's hashed page table: a host pointer to its HPTEs (16 bytes
     * each, big-endian, 128-byte PTEGs) and the PTEG index mask (number of
     * PTEGs - 1). NULL when the guest has none (radix or not yet allocated).
     * The CPU reads it and sets the R and C bits in place.
     */
    guint8 *(*hpt)(PowerCpu *cpu, gpointer opaque, guint64 *pteg_mask);
    /*
     * The guest's partition table entry (Power ISA 3.0B Book III 5.7.6.2):
     * what the CPU reads when LPCR[HR] says radix. @pate[1] holds GR (bit 0),
     * the process table's base and its size (2^(PRTS + 12) bytes). FALSE when
     * the guest has none. May be NULL (no radix guests).
     */
    gboolean (*get_pate)(PowerCpu *cpu, gpointer opaque, guint64 pate[2]);
    /*
     * Called on @cpu's thread just after it took a system reset interrupt
     * (0x100; SRR0, SRR1, MSR and NIP already set), so that the platform
     * can send it elsewhere (PAPR's firmware-assisted NMI). May be NULL.
     */
    void (*system_reset)(PowerCpu *cpu, gpointer opaque);
    gpointer reserved[5];
} PowerVhypOps;

/* One SLB entry (Power ISA Book III "Segment Lookaside Buffer"). */
typedef struct {
    guint64 esid;           /* ESID (high bits) | SLB_ESID_V */
    guint64 vsid;           /* B || VSID || Ks Kp N L C LP */
} PowerSlbEntry;

#define POWER_SLB_SIZE 32

/*
 * Interrupt lines into a CPU, for power_cpu_set_irq: interrupt controllers
 * (XICS, XIVE) and timers raise and lower them; the CPU takes the
 * interrupt when its MSR and LPCR allow.
 */
typedef enum {
    POWER_IRQ_RESET,        /* system reset (0x100), e.g. an NMI */
    POWER_IRQ_MCHECK,       /* machine check (0x200) */
    POWER_IRQ_EXTERNAL,     /* external (0x500), level */
    POWER_IRQ_DECREMENTER,  /* decrementer (0x900), level: the CPU's own timer drives it */
    POWER_IRQ_HDECREMENTER, /* hypervisor decrementer (0x980) */
    POWER_IRQ_HVIRT,        /* hypervisor virtualization (0xea0) */
    POWER_IRQ_DOORBELL,     /* directed privileged doorbell (0xa00) */
    POWER_IRQ_HDOORBELL,    /* directed hypervisor doorbell (0xe80) */
    POWER_IRQ_PERFM,        /* performance monitor (0xf00) */
    POWER_IRQ__COUNT
} PowerIrq;

struct _PowerCpu {
    ModvmCpu parent;
    /* properties */
    guint32 pvr;            /* 0: the model's PVR, filled in at realize */
    int compat;             /* PowerCompat */
    /* run-time state */
    PowerRegs regs;
    ModvmTcgCpuState tcg;   /* the software engine's per-CPU state */

    /* Set by the machine before reset (see PowerVhypOps); NULL on bare metal. */
    const PowerVhypOps *vhyp;
    gpointer vhyp_opaque;
    /*
     * Real mode limit for a guest without hypervisor state (RMA): 0 means
     * no limit of the CPU's own (accesses beyond RAM are the machine's).
     */
    guint64 rma_size;

    guint64 reserve_val2;   /* lqarx: the low doubleword reserved */
    /* Interrupt delivery: the cause of the exception being raised (SRR1 bits and the like). */
    guint64 excp_error;
    /* Time: the decrementer's deadline on the machine's virtual clock, TB offset in ticks. */
    gint64 dec_next_ns;
    gint64 tb_offset;
    ModvmTimer *dec_timer;
    ModvmClock *clock;
    /* MMU */
    PowerSlbEntry slb[POWER_SLB_SIZE];
    /* The model's constants, filled in at realize */
    guint64 msr_mask;       /* MSR bits that can be 1 */
    guint isa;              /* 206, 207, 300, 310: Power ISA version of the model */
};

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

/**
 * power_cpu_set_compat:
 * Puts @cpu in compatibility mode @compat (POWER_COMPAT_NONE: its own),
 * and sets the PCR as the hypervisor would: the next block translated in
 * problem state sees it (the PCR's level is part of the block's flags).
 * For the platform, on the CPU's thread or with the CPU stopped.
 */
static inline void power_cpu_set_compat(PowerCpu *cpu, PowerCompat compat)
{
    PowerCpuClass *klass = (PowerCpuClass *)G_OBJECT_GET_CLASS(cpu);

    cpu->compat = compat;
    cpu->regs.spr[POWER_SPR_PCR] = power_compat_pcr(compat, klass->max_compat);
}

/* Registers "power-cpu" and one concrete type per model. */
gboolean power_cpu_register_types(GTypeModule *module, GError **error);

/** power_cpu_pvr: the PVR the guest reads (the "pvr" property once realized). */
guint32 power_cpu_pvr(PowerCpu *cpu);

/**
 * power_cpu_set_irq:
 * Raises (@level 1) or lowers (0) interrupt line @irq (PowerIrq) of @cpu.
 * Any thread. Inline because plugins cannot link to each other.
 */
static inline void power_cpu_set_irq(PowerCpu *cpu, int irq, int level)
{
    guint32 bit = 1u << irq;

    if (level) {
        if (!(g_atomic_int_or(&cpu->tcg.interrupt_request, bit) & bit)) {
            modvm_cpu_kick(MODVM_CPU(cpu));
        }
    } else {
        g_atomic_int_and(&cpu->tcg.interrupt_request, ~bit);
    }
}

/**
 * power_cpu_tlb_flush_all:
 * After the machine changed a translation the CPUs may have cached (a
 * PAPR guest's HPT through H_ENTER, H_REMOVE, H_PROTECT...): drops every
 * CPU's translations. From the vCPU thread (a hypercall handler).
 */
static inline void power_cpu_tlb_flush_all(PowerCpu *cpu)
{
    if (cpu->tcg.rt) {
        cpu->tcg.rt->tlb_flush_all_cpus(&cpu->tcg);
    }
}

/** power_cpu_get_cr / power_cpu_get_xer: the architected 32-bit CR and 64-bit XER. */
static inline guint32 power_cpu_get_cr(PowerCpu *cpu)
{
    guint32 cr = 0;

    for (int i = 0; i < 8; i++) {
        cr |= (cpu->regs.crf[i] & 0xf) << (4 * (7 - i));
    }
    return cr;
}

static inline guint64 power_cpu_get_xer(PowerCpu *cpu)
{
    return cpu->regs.xer_rest | (cpu->regs.xer_so << 31) | (cpu->regs.xer_ov << 30) |
           (cpu->regs.xer_ca << 29) | (cpu->regs.xer_ov32 << 19) | (cpu->regs.xer_ca32 << 18);
}

G_END_DECLS
