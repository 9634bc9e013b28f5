/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Accelerators: what runs the vCPUs (software translation, KVM). */
#pragma once

#include <modvm/machine.h>

G_BEGIN_DECLS

#define MODVM_TYPE_ACCEL (modvm_accel_get_type())
G_DECLARE_DERIVABLE_TYPE(ModvmAccel, modvm_accel, MODVM, ACCEL, ModvmObject)

struct _ModvmAccelClass {
    ModvmObjectClass parent_class;
    /* The -accel name ("tcg", "kvm"); the type is named "<name>-accel". */
    const char *accel_name;
    /* Is this accelerator usable on this host for @machine? Error says why not. */
    gboolean (*available)(ModvmAccel *accel, ModvmMachine *machine, GError **error);
    /* Set up for @machine before its CPUs are realized. */
    gboolean (*init_machine)(ModvmAccel *accel, ModvmMachine *machine, GError **error);
    /* Start (or resume) the vCPUs. */
    gboolean (*start)(ModvmAccel *accel, GError **error);
    /* Stop the vCPUs and wait until they are out of guest code. */
    void (*pause)(ModvmAccel *accel);
    /* Final stop: join the vCPU threads. */
    void (*stop)(ModvmAccel *accel);
    /* See modvm_cpu_kick. */
    void (*kick_cpu)(ModvmAccel *accel, ModvmCpu *cpu);
    gpointer reserved[7];
};

G_END_DECLS
