/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The POWER CPU models: one type per model, its PVR, and the compatibility modes it can run in. */
#include "internal.h"

const char *const power_compat_names[] = {
    "none", "power6", "power7", "power8", "power9", "power10", NULL
};

/* The Power ISA version of each mode, for the models whose own mode it is. */
static const guint power_compat_isa[] = {
    [POWER_COMPAT_POWER6] = 205, [POWER_COMPAT_POWER7] = ISA206, [POWER_COMPAT_POWER8] = ISA207,
    [POWER_COMPAT_POWER9] = ISA300, [POWER_COMPAT_POWER10] = ISA310,
};

/*
 * The models QEMU 7.2 offers for pseries, with the PVR of the revision
 * its plain model name stands for (qemu-system-ppc64 -cpu help). Every
 * one of them can also run in the older modes down to power6: their PCR
 * supports ISA 2.05 (Power ISA Book III, "Processor Compatibility Register").
 */
typedef struct {
    const char *type;
    const char *model;
    const char *const aliases[2];
    guint32 pvr;
    PowerCompat max_compat;
    const char *description;
} PowerCpuModel;

static const PowerCpuModel power_cpu_models[] = {
    { "power7-cpu", "POWER7", { "power7_v2.3", NULL }, 0x003f0203, POWER_COMPAT_POWER7,
      "IBM POWER7 v2.3 (ISA 2.06)" },
    { "power7plus-cpu", "POWER7+", { "power7+_v2.1", NULL }, 0x004a0201, POWER_COMPAT_POWER7,
      "IBM POWER7+ v2.1 (ISA 2.06)" },
    { "power8e-cpu", "POWER8E", { "power8e_v2.1", NULL }, 0x004b0201, POWER_COMPAT_POWER8,
      "IBM POWER8E v2.1 (ISA 2.07)" },
    { "power8nvl-cpu", "POWER8NVL", { "power8nvl_v1.0", NULL }, 0x004c0100, POWER_COMPAT_POWER8,
      "IBM POWER8NVL v1.0 (ISA 2.07)" },
    { "power8-cpu", "POWER8", { "power8_v2.0", NULL }, 0x004d0200, POWER_COMPAT_POWER8,
      "IBM POWER8 v2.0 (ISA 2.07)" },
    { "power9-cpu", "POWER9", { "power9_v2.0", NULL }, 0x004e1200, POWER_COMPAT_POWER9,
      "IBM POWER9 v2.0 (ISA 3.0)" },
    { "power10-cpu", "POWER10", { "power10_v2.0", NULL }, 0x00800200, POWER_COMPAT_POWER10,
      "IBM Power10 v2.0 (ISA 3.1)" },
};

static GType power_cpu_type;

GType power_cpu_get_type(void)
{
    return power_cpu_type;
}

static const ModvmProperty power_cpu_props[] = {
    MODVM_PROP_UINT("pvr", PowerCpu, pvr, 0, 0, G_MAXUINT32,
                    "Processor Version Register; 0 for the model's, else the model's "
                    "version with another revision"),
    MODVM_PROP_ENUM("compat", PowerCpu, compat, POWER_COMPAT_NONE, power_compat_names,
                    "run in this older processor compatibility mode (logical PVR; the PCR "
                    "makes newer instructions illegal in problem state)"),
    MODVM_PROP_END
};

guint32 power_cpu_pvr(PowerCpu *cpu)
{
    return cpu->pvr ? cpu->pvr : POWER_CPU_GET_CLASS(cpu)->pvr;
}

static gboolean power_cpu_realize(ModvmDevice *dev, GError **error)
{
    PowerCpu *cpu = POWER_CPU(dev);
    PowerCpuClass *klass = POWER_CPU_GET_CLASS(cpu);
    const char *model = MODVM_CPU_CLASS(klass)->model;

    if (cpu->compat > (int)klass->max_compat) {
        /* The machine sets it from its max-cpu-compat: say so, that is what the user typed. */
        gboolean from_machine = modvm_object_get_property_source(MODVM_OBJECT(cpu), "compat") ==
                                MODVM_PROP_SOURCE_CODE;
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "compat=%s%s is newer than the %s model: choose one of power6 to %s, "
                    "or a newer -cpu model", power_compat_names[cpu->compat],
                    from_machine ? " (the machine's max-cpu-compat)" : "", model,
                    power_compat_names[klass->max_compat]);
        return FALSE;
    }
    /*
     * The upper half of the PVR names the processor, the lower half its
     * revision (Power ISA Book III, "Processor Version Register"). Only
     * the revision may be chosen: the model decides what the CPU can do.
     */
    if (cpu->pvr != 0 && (cpu->pvr >> 16) != (klass->pvr >> 16)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "pvr=0x%08x is not a %s (whose PVR is 0x%04xRRRR): only the revision "
                    "(low 16 bits) may differ; for another processor choose another -cpu model",
                    cpu->pvr, model, klass->pvr >> 16);
        return FALSE;
    }
    if (cpu->pvr == 0) {
        cpu->pvr = klass->pvr;
        modvm_object_note_property_set(MODVM_OBJECT(cpu), "pvr", MODVM_PROP_SOURCE_CODE);
    }
    cpu->isa = power_compat_isa[klass->max_compat];
    return TRUE;
}

/* Power-on state (Book III "Reset"), and what QEMU's pseries gives a guest without hypervisor. */
static void power_cpu_reset(ModvmDevice *dev)
{
    PowerCpu *cpu = POWER_CPU(dev);
    PowerRegs *r = &cpu->regs;

    memset(r, 0, sizeof(*r));
    memset(cpu->slb, 0, sizeof(cpu->slb));
    cpu->msr_mask = MSR_BIT(MSR_SF) | MSR_BIT(MSR_VEC) | MSR_BIT(MSR_VSX) | MSR_BIT(MSR_EE) |
                    MSR_BIT(MSR_PR) | MSR_BIT(MSR_FP) | MSR_BIT(MSR_ME) | MSR_BIT(MSR_FE0) |
                    MSR_BIT(MSR_SE) | MSR_BIT(MSR_FE1) | MSR_BIT(MSR_IR) | MSR_BIT(MSR_DR) |
                    MSR_BIT(MSR_PMM) | MSR_BIT(MSR_RI) | MSR_BIT(MSR_LE);
    if (!cpu->vhyp) {
        cpu->msr_mask |= MSR_BIT(MSR_HV);
    }
    r->msr = (MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME) | MSR_BIT(MSR_HV)) & cpu->msr_mask;
    r->nip = 0x100;
    r->reserve_addr = ~0ull;
    r->spr[SPR_PVR] = power_cpu_pvr(cpu);
    r->spr[SPR_PIR] = modvm_cpu_index(MODVM_CPU(cpu));
    r->spr[SPR_PCR] = power_compat_pcr(cpu->compat, POWER_CPU_GET_CLASS(cpu)->max_compat);
    if (cpu->vhyp) {
        /* spapr_cpu_reset: interrupts go to the guest, and a full AMOR for its AMR. */
        r->spr[SPR_LPCR] = LPCR_LPES0 | LPCR_LPES1;
        r->spr[SPR_AMOR] = ~0ull;
    } else {
        r->spr[SPR_LPCR] = LPCR_LPES0 | LPCR_LPES1 | LPCR_HDICE;
    }
    cpu->excp_error = 0;
    cpu->tcg.exception_index = -1;
    cpu->tcg.halted = FALSE;
    g_atomic_int_set(&cpu->tcg.interrupt_request, 0);
    power_timebase_reset(cpu);
    power_tlb_flush(cpu);
}

/* The decrementer's timer goes before the machine's clock does (machine dispose unrealizes). */
static void power_cpu_unrealize(ModvmDevice *dev)
{
    power_timebase_fini(POWER_CPU(dev));
}

static void power_cpu_class_init(gpointer g_class, gpointer data)
{
    ModvmObjectClass *oc = MODVM_OBJECT_CLASS(g_class);

    oc->description = "POWER CPU (the base of every POWER model)";
    oc->user_creatable = FALSE;
    MODVM_DEVICE_CLASS(g_class)->realize = power_cpu_realize;
    MODVM_DEVICE_CLASS(g_class)->reset = power_cpu_reset;
    MODVM_DEVICE_CLASS(g_class)->unrealize = power_cpu_unrealize;
    MODVM_CPU_CLASS(g_class)->tcg_ops = &power_tcg_ops;
    modvm_class_install_properties(G_OBJECT_CLASS(g_class), power_cpu_props);
}

static void power_cpu_model_class_init(gpointer g_class, gpointer data)
{
    const PowerCpuModel *m = data;
    PowerCpuClass *klass = g_class;
    ModvmCpuClass *cc = MODVM_CPU_CLASS(g_class);

    cc->model = m->model;
    cc->aliases = m->aliases;
    klass->pvr = m->pvr;
    klass->max_compat = m->max_compat;
    MODVM_OBJECT_CLASS(g_class)->description = m->description;
    /* CPUs come from -smp and -cpu, not -device. */
    MODVM_OBJECT_CLASS(g_class)->user_creatable = FALSE;
}

gboolean power_cpu_register_types(GTypeModule *module, GError **error)
{
    const GTypeInfo base_info = {
        .class_size = sizeof(PowerCpuClass),
        .class_init = power_cpu_class_init,
        .instance_size = sizeof(PowerCpu),
    };

    power_cpu_type = g_type_module_register_type(module, MODVM_TYPE_CPU, "power-cpu", &base_info,
                                                 G_TYPE_FLAG_ABSTRACT);
    if (!power_cpu_type) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "could not register power-cpu");
        return FALSE;
    }
    for (guint i = 0; i < G_N_ELEMENTS(power_cpu_models); i++) {
        const GTypeInfo info = {
            .class_size = sizeof(PowerCpuClass),
            .class_init = power_cpu_model_class_init,
            .class_data = &power_cpu_models[i],
            .instance_size = sizeof(PowerCpu),
        };
        if (!g_type_module_register_type(module, power_cpu_type, power_cpu_models[i].type,
                                         &info, 0)) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "could not register %s",
                        power_cpu_models[i].type);
            return FALSE;
        }
    }
    return TRUE;
}
