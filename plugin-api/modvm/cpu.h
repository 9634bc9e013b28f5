/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A CPU: a device with a model name, driven by an accelerator. */
#pragma once

#include <modvm/device.h>

G_BEGIN_DECLS

#define MODVM_TYPE_CPU (modvm_cpu_get_type())
G_DECLARE_DERIVABLE_TYPE(ModvmCpu, modvm_cpu, MODVM, CPU, ModvmDevice)

typedef struct _ModvmMachine ModvmMachine;
struct ModvmTcgCpuOps;

struct _ModvmCpuClass {
    ModvmDeviceClass parent_class;
    /* What -cpu takes ("POWER9"); matched without regard to case. NULL on abstract types. */
    const char *model;
    /* Other names -cpu accepts for this model ("power9_v2.2"). NULL-terminated or NULL. */
    const char *const *aliases;
    /* How the software engine runs this CPU (modvm/tcg.h), or NULL. */
    const struct ModvmTcgCpuOps *tcg_ops;
    gpointer reserved[15];
};

/**
 * ModvmCpuHypercall:
 * What the machine does when the CPU calls its hypervisor (POWER's sc 1,
 * s390x's DIAGNOSE): the handler reads the arguments from and writes the
 * results to the CPU's registers. It runs on the vCPU's thread, without
 * the machine lock (take it around device state).
 */
typedef void (*ModvmCpuHypercall)(ModvmCpu *cpu, gpointer opaque);

/** modvm_cpu_set_hypercall: installed by the machine for each CPU it creates. */
void modvm_cpu_set_hypercall(ModvmCpu *cpu, ModvmCpuHypercall handler, gpointer opaque);

/** modvm_cpu_hypercall: runs the machine's handler; FALSE when there is none. */
gboolean modvm_cpu_hypercall(ModvmCpu *cpu);

/**
 * modvm_cpu_kick:
 * Makes @cpu look at its pending interrupts soon: wakes it if halted and
 * makes it leave guest code at the next block boundary. Any thread.
 */
void modvm_cpu_kick(ModvmCpu *cpu);

/** modvm_cpu_index: the CPU's number in its machine (0..smp-1). */
guint modvm_cpu_index(ModvmCpu *cpu);
void modvm_cpu_set_index(ModvmCpu *cpu, guint index);

/**
 * modvm_cpu_current: (transfer none) the CPU whose guest code runs on the
 * calling thread, or NULL (the I/O thread). A device whose registers
 * depend on which CPU accesses them (a per-thread interrupt presenter)
 * asks this from its MMIO callbacks, as QEMU's current_cpu.
 */
ModvmCpu *modvm_cpu_current(void);
/** modvm_cpu_set_current: for accelerators, before they run @cpu on this thread (NULL after). */
void modvm_cpu_set_current(ModvmCpu *cpu);

/**
 * modvm_cpu_find_model:
 * The CPU type deriving from @base_type whose model name or alias is
 * @model (case-insensitive), or NULL with an error that lists the
 * models there are.
 */
const char *modvm_cpu_find_model(const char *base_type, const char *model, GError **error);

G_END_DECLS
