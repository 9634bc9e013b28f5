/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-machine: the pseries partition: RAM, CPUs, the VIO bus and the sPAPR capabilities. */
#include "spapr.h"

MODVM_DEFINE_DYNAMIC_TYPE(SpaprMachine, spapr_machine, "spapr-machine", MODVM_TYPE_MACHINE)

const char *const spapr_compat_names[] = {
    "none", "power6", "power7", "power8", "power9", "power10", NULL
};

static const char *const ic_mode_names[] = { "xics", "xive", "dual", NULL };
static const char *const resize_hpt_names[] = { "disabled", "enabled", "required", NULL };
static const char *const mitigation_names[] = { "broken", "workaround", "fixed", NULL };
static const char *const ibs_names[] = {
    "broken", "workaround", "fixed-ibs", "fixed-ccd", "fixed-na", NULL
};

/* Names, meanings and defaults are QEMU 7.2's pseries-7.2 ones; older versions are compat data. */
static const ModvmProperty spapr_machine_props[] = {
    MODVM_PROP_ENUM("ic-mode", SpaprMachine, ic_mode, SPAPR_IC_MODE_DUAL, ic_mode_names,
                    "interrupt controller: xics, xive, or dual (the guest chooses at boot)"),
    MODVM_PROP_UINT("kernel-addr", SpaprMachine, kernel_addr, 0x400000, 0, G_MAXUINT64,
                    "guest physical address the -kernel image is loaded at"),
    MODVM_PROP_BOOL("x-vof", SpaprMachine, vof, FALSE,
                    "boot with the built-in Virtual Open Firmware instead of SLOF"),
    MODVM_PROP_ENUM("resize-hpt", SpaprMachine, resize_hpt, SPAPR_RESIZE_HPT_ENABLED,
                    resize_hpt_names, "whether the guest may resize its hash page table"),
    MODVM_PROP_ENUM("max-cpu-compat", SpaprMachine, max_cpu_compat, 0, spapr_compat_names,
                    "newest processor compatibility mode the CPUs run in (none: their own)"),
    MODVM_PROP_UINT("vsmt", SpaprMachine, vsmt, 0, 0, G_MAXUINT32,
                    "virtual SMT mode: CPU id stride between cores; 0 for threads per core"),
    MODVM_PROP_BOOL("modern-hotplug-events", SpaprMachine, modern_hotplug_events, TRUE,
                    "report hotplug through the hotplug event source rather than EPOW"),
    MODVM_PROP_BOOL("cap-htm", SpaprMachine, caps.htm, FALSE,
                    "Allow Hardware Transactional Memory (HTM)"),
    MODVM_PROP_BOOL("cap-vsx", SpaprMachine, caps.vsx, TRUE,
                    "Allow Vector Scalar Extensions (VSX)"),
    MODVM_PROP_BOOL("cap-dfp", SpaprMachine, caps.dfp, TRUE,
                    "Allow Decimal Floating Point (DFP)"),
    MODVM_PROP_ENUM("cap-cfpc", SpaprMachine, caps.cfpc, SPAPR_CAP_WORKAROUND, mitigation_names,
                    "Cache Flush on Privilege Change"),
    MODVM_PROP_ENUM("cap-sbbc", SpaprMachine, caps.sbbc, SPAPR_CAP_WORKAROUND, mitigation_names,
                    "Speculation Barrier Bounds Checking"),
    MODVM_PROP_ENUM("cap-ibs", SpaprMachine, caps.ibs, SPAPR_CAP_IBS_WORKAROUND, ibs_names,
                    "Indirect Branch Speculation"),
    MODVM_PROP_SIZE("cap-hpt-max-page-size", SpaprMachine, caps.hpt_max_page_size, 64 * 1024,
                    4 * 1024, 0, "Maximum page size for Hash Page Table guests (a power of 2)"),
    MODVM_PROP_BOOL("cap-nested-hv", SpaprMachine, caps.nested_hv, FALSE,
                    "Allow Nested KVM-HV"),
    MODVM_PROP_BOOL("cap-large-decr", SpaprMachine, caps.large_decr, TRUE,
                    "Allow Large Decrementer"),
    MODVM_PROP_BOOL("cap-ccf-assist", SpaprMachine, caps.ccf_assist, TRUE,
                    "Count Cache Flush Assist via HW Instruction"),
    MODVM_PROP_BOOL("cap-fwnmi", SpaprMachine, caps.fwnmi, TRUE,
                    "Implements PAPR FWNMI option"),
    MODVM_PROP_BOOL("cap-rpt-invalidate", SpaprMachine, caps.rpt_invalidate, FALSE,
                    "Allow H_RPT_INVALIDATE"),
    MODVM_PROP_END
};

ModvmDevice *spapr_find_realized(ModvmObject *root, GType type, ModvmDevice *skip,
                                 gboolean (*match)(ModvmDevice *dev, gpointer data),
                                 gpointer data)
{
    if (g_type_is_a(G_OBJECT_TYPE(root), type)) {
        ModvmDevice *dev = MODVM_DEVICE(root);
        if (dev != skip && modvm_device_is_realized(dev) && (!match || match(dev, data))) {
            return dev;
        }
    }
    GPtrArray *children = modvm_object_get_children(root);
    for (guint i = 0; i < children->len; i++) {
        ModvmDevice *found = spapr_find_realized(g_ptr_array_index(children, i), type, skip,
                                                 match, data);
        if (found) {
            return found;
        }
    }
    return NULL;
}

static gboolean spapr_check_options(SpaprMachine *spapr, GError **error)
{
    guint64 page = spapr->caps.hpt_max_page_size;
    guint64 threads = 0;

    if (page & (page - 1)) {
        g_autofree char *s = g_format_size_full(page, G_FORMAT_SIZE_IEC_UNITS);
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "cap-hpt-max-page-size must be a power of 2, not %s (e.g. 64K or 16M)", s);
        return FALSE;
    }
    g_object_get(spapr, "threads", &threads, NULL);
    threads = MAX(threads, 1);
    if (spapr->vsmt && spapr->vsmt < threads) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "vsmt=%u is less than the %" G_GUINT64_FORMAT " threads per core: "
                    "raise vsmt or lower -smp threads", spapr->vsmt, threads);
        return FALSE;
    }
    return TRUE;
}

/*
 * The CPUs start in the max-cpu-compat mode (the guest may negotiate an
 * older one at boot, LoPAR "ibm,client-architecture-support"). A mode
 * given with -cpu MODEL,compat= is kept if max-cpu-compat allows it.
 */
static gboolean spapr_apply_max_compat(SpaprMachine *spapr, ModvmObject *cpu, GError **error)
{
    g_autofree char *current = NULL;

    if (spapr->max_cpu_compat == 0) {
        return TRUE;
    }
    if (modvm_object_get_property_source(cpu, "compat") == MODVM_PROP_SOURCE_DEFAULT) {
        return modvm_object_set_property_str(cpu, "compat",
                                             spapr_compat_names[spapr->max_cpu_compat],
                                             MODVM_PROP_SOURCE_CODE, error);
    }
    current = modvm_object_get_property_str(cpu, "compat");
    for (int i = spapr->max_cpu_compat + 1; spapr_compat_names[i]; i++) {
        if (g_strcmp0(current, spapr_compat_names[i]) == 0) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "-cpu compat=%s is newer than the machine's max-cpu-compat=%s: "
                        "lower one or raise the other", current,
                        spapr_compat_names[spapr->max_cpu_compat]);
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean spapr_machine_init_board(ModvmMachine *machine, GError **error)
{
    SpaprMachine *spapr = SPAPR_MACHINE(machine);
    const char *cpu_type = modvm_machine_cpu_type(machine);
    GType cpu_gtype = cpu_type ? g_type_from_name(cpu_type) : 0;
    GType power_cpu = g_type_from_name("power-cpu");
    g_autoptr(ModvmObject) vio = NULL;

    if (!spapr_check_options(spapr, error)) {
        return FALSE;
    }
    if (!cpu_type) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "no CPU model chosen: give -cpu (see -cpu help)");
        return FALSE;
    }
    if (!power_cpu || !cpu_gtype || !g_type_is_a(cpu_gtype, power_cpu)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "CPU type '%s' is not a POWER CPU model: pseries needs one of the "
                    "power-cpu models (see -cpu help)", cpu_type);
        return FALSE;
    }
    if (!modvm_machine_alloc_ram(machine, 0, error)) {
        return FALSE;
    }
    for (guint i = 0; i < modvm_machine_smp_cpus(machine); i++) {
        g_autoptr(ModvmObject) cpu = modvm_machine_new_object(machine, cpu_type, error);
        g_autofree char *name = g_strdup_printf("cpu%u", i);

        if (!cpu || !spapr_apply_max_compat(spapr, cpu, error) ||
            !modvm_object_add_child(MODVM_OBJECT(machine), name, cpu, error)) {
            return FALSE;
        }
        modvm_machine_add_cpu(machine, MODVM_CPU(cpu));
    }
    vio = modvm_machine_new_object(machine, "spapr-vio-bus", error);
    if (!vio || !modvm_object_add_child(MODVM_OBJECT(machine), "vio", vio, error)) {
        return FALSE;
    }
    spapr->vio = MODVM_BUS(vio);
    return TRUE;
}

static void spapr_machine_class_init(SpaprMachineClass *klass)
{
    ModvmMachineClass *mc = MODVM_MACHINE_CLASS(klass);

    MODVM_OBJECT_CLASS(klass)->description = "pSeries Logical Partition (PAPR compliant)";
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;
    mc->cpu_base_type = "power-cpu";
    mc->init = spapr_machine_init_board;
    modvm_class_install_properties(G_OBJECT_CLASS(klass), spapr_machine_props);
}

static void spapr_machine_init(SpaprMachine *spapr)
{
}
