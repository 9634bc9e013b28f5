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

typedef struct {
    ModvmCpu parent;
    /* properties */
    guint32 pvr;            /* 0: the model's PVR, filled in at realize */
    int compat;             /* PowerCompat */
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
