/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A CPU: a device with a model name, driven by an accelerator. */
#pragma once

#include <modvm/device.h>

G_BEGIN_DECLS

#define MODVM_TYPE_CPU (modvm_cpu_get_type())
G_DECLARE_DERIVABLE_TYPE(ModvmCpu, modvm_cpu, MODVM, CPU, ModvmDevice)

typedef struct _ModvmMachine ModvmMachine;

struct _ModvmCpuClass {
    ModvmDeviceClass parent_class;
    /* What -cpu takes ("POWER9"); matched without regard to case. NULL on abstract types. */
    const char *model;
    /* Other names -cpu accepts for this model ("power9_v2.2"). NULL-terminated or NULL. */
    const char *const *aliases;
    gpointer reserved[16];
};

/** modvm_cpu_index: the CPU's number in its machine (0..smp-1). */
guint modvm_cpu_index(ModvmCpu *cpu);
void modvm_cpu_set_index(ModvmCpu *cpu, guint index);

/**
 * modvm_cpu_find_model:
 * The CPU type deriving from @base_type whose model name or alias is
 * @model (case-insensitive), or NULL with an error that lists the
 * models there are.
 */
const char *modvm_cpu_find_model(const char *base_type, const char *model, GError **error);

G_END_DECLS
