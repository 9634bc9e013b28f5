/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-machine: the pseries partition: RAM, CPUs, the VIO bus and the sPAPR capabilities. */
#include "spapr.h"

MODVM_DEFINE_DYNAMIC_TYPE(SpaprMachine, spapr_machine, "spapr-machine", MODVM_TYPE_MACHINE)

const char *const spapr_compat_names[] = {
    "none", "power6", "power7", "power8", "power9", "power10", NULL
};

static const char *const ic_mode_names[] = { "xics", "xive", "dual", NULL };
static const char *const resize_hpt_names[] = { "disabled", "enabled", "required", NULL };
static const char *const rtc_clock_names[] = { "host", "vm", NULL };
static const char *const mitigation_names[] = { "broken", "workaround", "fixed", NULL };
static const char *const ibs_names[] = {
    "broken", "workaround", "fixed-ibs", "fixed-ccd", "fixed-na", NULL
};

/* Names, meanings and defaults are QEMU 7.2's pseries-7.2 ones; older versions are compat data. */
static const ModvmProperty spapr_machine_props[] = {
    MODVM_PROP_ENUM("ic-mode", SpaprMachine, ic_mode, SPAPR_IC_MODE_DUAL, ic_mode_names,
                    "interrupt controller: xics, xive (POWER9 and newer), or dual (the guest "
                    "chooses at CAS; XICS alone before POWER9)"),
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
    MODVM_PROP_BOOL("pre-6-2-numa-affinity", SpaprMachine, pre_6_2_numa_affinity, FALSE,
                    "offer FORM1 NUMA affinity only, as QEMU's pseries-6.1 and older"),
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
    MODVM_PROP_STRING("rtc-base", SpaprMachine, rtc_base, "utc",
                      "-rtc base=: the clock starts at the host's time (utc, localtime) or at "
                      "a date and time (2006-06-17T16:01:21 or 2006-06-17, UTC)"),
    MODVM_PROP_ENUM("rtc-clock", SpaprMachine, rtc_clock, SPAPR_RTC_CLOCK_HOST,
                    rtc_clock_names, "-rtc clock=: the clock runs with the host's (host) or "
                    "with the guest's virtual clock, which stops while the machine is paused (vm)"),
    MODVM_PROP_STRING("dumpdtb", SpaprMachine, dumpdtb, NULL,
                      "write the device tree the guest would get to this file, then exit"),
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

/* What QEMU refuses before it builds a machine (vl.c), and what pseries needs of its RAM. */
static gboolean spapr_check_boot_options(SpaprMachine *spapr, GError **error)
{
    ModvmMachine *machine = MODVM_MACHINE(spapr);
    guint64 ram = modvm_machine_ram_size(machine);
    const struct { const char *value, *option; } need_kernel[] = {
        { modvm_machine_initrd(machine), "-initrd" },
        { modvm_machine_append(machine), "-append" },
        { modvm_machine_dtb(machine), "-dtb" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(need_kernel); i++) {
        if (need_kernel[i].value && !modvm_machine_kernel(machine)) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "%s only allowed with -kernel option", need_kernel[i].option);
            return FALSE;
        }
    }
    /* The Real Mode Area: RAM a guest reaches with translation off (at most 1 TiB). */
    spapr->rma_size = MIN(ram, 1ull << 40);
    if (spapr->rma_size < SPAPR_MIN_RMA_SIZE) {
        g_autofree char *s = g_format_size_full(ram, G_FORMAT_SIZE_IEC_UNITS);
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "pSeries needs at least 128 MiB of guest RAM for its Real Mode Area, "
                    "not %s: give -m 128M or more", s);
        return FALSE;
    }
    return TRUE;
}

/*
 * The machine's firmware, from the fw-slof plugin: "slof" (a SLOF image,
 * QEMU's default), or "vof" with x-vof=on.
 */
static gboolean spapr_create_firmware(SpaprMachine *spapr, GError **error)
{
    ModvmMachine *machine = MODVM_MACHINE(spapr);
    const char *type = spapr->vof ? "vof" : "slof";
    g_autoptr(ModvmObject) fw = NULL;

    if (spapr->vof && modvm_machine_firmware(machine)) {
        /* QEMU ignores -bios with x-vof=on; a user who gave one expects it to run. */
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "-bios and x-vof=on do not go together: VOF is built in");
        return FALSE;
    }
    fw = modvm_machine_new_object(machine, type, error);
    if (!fw) {
        g_prefix_error(error, "the pseries firmware needs the fw-slof plugin: ");
        return FALSE;
    }
    if (!MODVM_IS_FIRMWARE(fw)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "type '%s' is a %s, not firmware", type, modvm_object_type_name(fw));
        return FALSE;
    }
    if (!modvm_object_add_child(MODVM_OBJECT(machine), type, fw, error)) {
        return FALSE;
    }
    spapr->fw = MODVM_FIRMWARE(fw);
    return TRUE;
}

/* What the CPUs ask the virtual hypervisor: the guest's HPT. */
static guint8 *spapr_vhyp_hpt(PowerCpu *cpu, gpointer opaque, guint64 *pteg_mask)
{
    SpaprMachine *spapr = opaque;

    *pteg_mask = spapr->htab ? (1ull << (spapr->htab_shift - 7)) - 1 : 0;
    return spapr->htab;
}

/*
 * The guest's partition table entry, which the machine keeps (QEMU's
 * spapr_get_pate): what H_REGISTER_PROC_TBL registered, with PATE1[GR]
 * copied to PATE0[HR].
 */
static gboolean spapr_vhyp_get_pate(PowerCpu *cpu, gpointer opaque, guint64 pate[2])
{
    SpaprMachine *spapr = opaque;

    pate[0] = spapr->patb_entry & SPAPR_PATE1_GR;
    pate[1] = spapr->patb_entry;
    return TRUE;
}

static const PowerVhypOps spapr_vhyp_ops = {
    .hpt = spapr_vhyp_hpt,
    .get_pate = spapr_vhyp_get_pate,
    .system_reset = spapr_fwnmi_system_reset,
};

/*
 * The interrupt controllers ic-mode asks for (QEMU's spapr_irq_check):
 * XIVE needs a CPU that runs ISA 3.00 within max-cpu-compat; with an
 * older one, dual is XICS alone.
 */
static gboolean spapr_create_intc(SpaprMachine *spapr, GType cpu_gtype, GError **error)
{
    ModvmMachine *machine = MODVM_MACHINE(spapr);
    PowerCpuClass *pc = g_type_class_ref(cpu_gtype);
    PowerCompat isa = pc->max_compat;
    gboolean xics = spapr->ic_mode != SPAPR_IC_MODE_XIVE;
    gboolean xive = spapr->ic_mode != SPAPR_IC_MODE_XICS;

    g_type_class_unref(pc);
    if (spapr->max_cpu_compat) {
        isa = MIN(isa, (PowerCompat)spapr->max_cpu_compat);
    }
    if (isa < POWER_COMPAT_POWER9) {
        if (!xics) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "XIVE-only machines require a POWER9 CPU: give -cpu POWER9 or newer, "
                        "or ic-mode=xics or ic-mode=dual");
            return FALSE;
        }
        xive = FALSE;
    }
    if (xics) {
        g_autoptr(ModvmObject) obj = modvm_machine_new_object(machine, "spapr-xics", error);

        if (!obj || !modvm_object_add_child(MODVM_OBJECT(machine), "xics", obj, error)) {
            return FALSE;
        }
        spapr->xics = SPAPR_XICS(obj);
    }
    if (xive) {
        g_autoptr(ModvmObject) obj = modvm_machine_new_object(machine, "spapr-xive", error);

        if (!obj || !modvm_object_add_child(MODVM_OBJECT(machine), "xive", obj, error) ||
            !spapr_xive_setup(SPAPR_XIVE(obj), spapr, error)) {
            return FALSE;
        }
        spapr->xive = SPAPR_XIVE(obj);
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

    if (!spapr_check_options(spapr, error) || !spapr_rtc_check_options(spapr, error) ||
        !spapr_check_boot_options(spapr, error)) {
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
        /*
         * A partition: no hypervisor state of its own. As with QEMU's
         * vhyp, real-mode addresses are guest physical ones, unchecked
         * against the RMA (beyond RAM is the memory map's business).
         */
        spapr_cpu(cpu)->vhyp = &spapr_vhyp_ops;
        spapr_cpu(cpu)->vhyp_opaque = spapr;
        spapr_cpu(cpu)->rma_size = 0;
        modvm_machine_add_cpu(machine, MODVM_CPU(cpu));
        modvm_cpu_set_hypercall(MODVM_CPU(cpu), spapr_hypercall, spapr);
    }
    spapr->n_cpu_state = modvm_machine_get_cpus(machine)->len;
    spapr->cpu_state = g_new0(SpaprCpuState, spapr->n_cpu_state);
    for (guint i = 0; i < spapr->n_cpu_state; i++) {
        spapr->cpu_state[i].boot_compat =
            spapr_cpu(modvm_machine_get_cpus(machine)->pdata[i])->compat;
    }
    vio = modvm_machine_new_object(machine, "spapr-vio-bus", error);
    if (!vio || !modvm_object_add_child(MODVM_OBJECT(machine), "vio", vio, error)) {
        return FALSE;
    }
    spapr->vio = MODVM_BUS(vio);
    if (!spapr_create_intc(spapr, cpu_gtype, error)) {
        return FALSE;
    }
    spapr_ov5_init(spapr);
    return spapr_create_firmware(spapr, error);
}

/* LPCR's wake-up enables (PECE), as the model has them (QEMU's lpcr_pm). */
guint64 spapr_lpcr_pm(PowerCpu *cpu)
{
    PowerCompat isa = ((PowerCpuClass *)G_OBJECT_GET_CLASS(cpu))->max_compat;
    guint64 pm = SPAPR_PPC_BIT(49) | SPAPR_PPC_BIT(50) | SPAPR_PPC_BIT(51);

    return isa >= POWER_COMPAT_POWER8 ? pm | SPAPR_PPC_BIT(47) | SPAPR_PPC_BIT(48) : pm;
}

/*
 * Every thread starts stopped, in the state LoPAR's "Initial Register
 * Values" (IEEE 1275 PowerPC binding) gives: 32-bit, big-endian, real
 * mode, MSR all zero as QEMU has it; the LPCR set up so that interrupts
 * go to the partition and nothing wakes a stopped thread (QEMU's
 * spapr_reset_vcpu).
 */
static void spapr_reset_cpu(SpaprMachine *spapr, PowerCpu *cpu)
{
    PowerCompat isa = ((PowerCpuClass *)G_OBJECT_GET_CLASS(cpu))->max_compat;
    guint64 lpcr = cpu->regs.spr[SPAPR_SPR_LPCR];

    cpu->regs.msr = 0;
    cpu->regs.spr[SPAPR_SPR_HIOR] = 0;
    lpcr &= ~(SPAPR_LPCR_VPM1 | SPAPR_LPCR_ISL | SPAPR_LPCR_KBV | spapr_lpcr_pm(cpu) |
              SPAPR_LPCR_ILE | SPAPR_LPCR_AIL | SPAPR_LPCR_HR | SPAPR_LPCR_UPRT |
              SPAPR_LPCR_LD | SPAPR_LPCR_LPES1);
    lpcr |= SPAPR_LPCR_LPES0;
    /* ISA 3.0 dropped LPES1. */
    if (isa < POWER_COMPAT_POWER9) {
        lpcr |= SPAPR_LPCR_LPES1;
    }
    if (spapr_large_decr_enabled(spapr, cpu)) {
        lpcr |= SPAPR_LPCR_LD;
    }
    cpu->regs.spr[SPAPR_SPR_LPCR] = lpcr;
    cpu->regs.spr[SPAPR_SPR_AMOR] = G_MAXUINT64;
    if (isa >= POWER_COMPAT_POWER9) {
        cpu->regs.spr[SPAPR_SPR_PSSCR] |= SPAPR_PSSCR_EC;
    }
    cpu->tcg.halted = TRUE;
}

/*
 * Builds the tree and lets the firmware load its images. VOF keeps the
 * tree and enters the kernel itself; a firmware image (SLOF) finds the
 * tree in RAM and is entered at 0x100 (QEMU's spapr_machine_reset).
 */
static gboolean spapr_boot_prepare(SpaprMachine *spapr, GError **error)
{
    ModvmMachine *machine = MODVM_MACHINE(spapr);
    GPtrArray *cpus = modvm_machine_get_cpus(machine);
    PowerCpu *cpu0;
    guint64 fdt_addr;

    for (guint i = 0; i < cpus->len; i++) {
        spapr_reset_cpu(spapr, spapr_cpu(cpus->pdata[i]));
    }
    /* Before the tree: it shows the CPUs' compat mode, which CAS changed. */
    spapr_vcpu_reset(spapr);
    spapr_fwnmi_reset(spapr);
    spapr_hpt_reset(spapr);
    spapr_irq_update(spapr);
    if (spapr->xics) {
        spapr_xics_reset(spapr->xics, spapr);
    }
    if (spapr->xive) {
        spapr_xive_reset(spapr->xive);
    }
    {
        GPtrArray *vio = spapr->vio ? modvm_bus_get_devices(spapr->vio) : NULL;

        /* Each VIO device's message interrupt (claimed once: claims outlive resets). */
        for (guint i = 0; vio && i < vio->len; i++) {
            SPAPR_VIO_DEVICE(vio->pdata[i])->signal_state = 0;
            if (modvm_device_is_realized(vio->pdata[i])) {
                spapr_irq_claim(spapr, spapr_vio_reg_to_irq(SPAPR_VIO_DEVICE(vio->pdata[i])->reg),
                                FALSE);
            }
        }
    }
    /* The event sources' messages, and the bridges' LSIs. */
    spapr_irq_claim(spapr, SPAPR_IRQ_EPOW, FALSE);
    if (spapr->modern_hotplug_events) {
        spapr_irq_claim(spapr, SPAPR_IRQ_HOTPLUG, FALSE);
    }
    spapr_phb_claim_irqs(spapr);
    if (!spapr_fdt_build(spapr, error)) {
        return FALSE;
    }
    if (spapr->fw && !modvm_firmware_load(spapr->fw, machine, error)) {
        return FALSE;
    }
    if (spapr->vof) {
        return TRUE;
    }
    fdt_pack(spapr->fdt);
    /* What KVMPPC_H_UPDATE_DT lets the firmware's final tree grow to (twice this). */
    spapr->fdt_initial_size = fdt_totalsize(spapr->fdt);
    fdt_addr = MIN(spapr->rma_size, SPAPR_FDT_MAX_ADDR) - SPAPR_FDT_MAX_SIZE;
    if (modvm_address_space_write(modvm_machine_address_space(machine), fdt_addr, spapr->fdt,
                                  fdt_totalsize(spapr->fdt)) != MODVM_MEM_OK) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED,
                    "cannot write the device tree at 0x%" G_GINT64_MODIFIER "x", fdt_addr);
        return FALSE;
    }
    /* QEMU's spapr_cpu_set_entry_state: r3 the tree; r1 and r4 zero. */
    cpu0 = spapr_cpu(cpus->pdata[0]);
    cpu0->regs.nip = SPAPR_ENTRY_POINT;
    cpu0->regs.gpr[1] = 0;
    cpu0->regs.gpr[3] = fdt_addr;
    cpu0->regs.gpr[4] = 0;
    return TRUE;
}

static gboolean spapr_dumpdtb_quit(gpointer data)
{
    SpaprMachine *spapr = data;

    spapr->dumpdtb_source = 0;
    modvm_machine_request_shutdown(MODVM_MACHINE(spapr), MODVM_SHUTDOWN_HOST_QUIT);
    return G_SOURCE_REMOVE;
}

/*
 * dumpdtb=FILE, as QEMU: the tree of the first boot goes to FILE and
 * modvm ends before any guest code runs (the CPUs stay stopped, and the
 * main loop quits as soon as it runs).
 */
static gboolean spapr_dumpdtb(SpaprMachine *spapr, GError **error)
{
    g_autoptr(GSource) src = NULL;

    fdt_pack(spapr->fdt);
    if (!g_file_set_contents(spapr->dumpdtb, spapr->fdt, fdt_totalsize(spapr->fdt), error)) {
        g_prefix_error(error, "dumpdtb: ");
        return FALSE;
    }
    g_printerr("modvm: info: dtb dumped to %s. Exiting.\n", spapr->dumpdtb);
    src = g_idle_source_new();
    g_source_set_callback(src, spapr_dumpdtb_quit, spapr, NULL);
    spapr->dumpdtb_source = g_source_attach(src, modvm_machine_main_context(MODVM_MACHINE(spapr)));
    return TRUE;
}

static gboolean spapr_machine_finish(ModvmMachine *machine, GError **error)
{
    SpaprMachine *spapr = SPAPR_MACHINE(machine);

    spapr_rtc_init(spapr);
    /* A first boot now, so that what would make the resets fail is an error here. */
    if (!spapr_hcall_collect(spapr, error) || !spapr_boot_prepare(spapr, error)) {
        return FALSE;
    }
    return !spapr->dumpdtb || spapr_dumpdtb(spapr, error);
}

/* QEMU's spapr_machine_reset: a fresh tree and entry state at every reset. */
static void spapr_machine_reset(ModvmMachine *machine)
{
    SpaprMachine *spapr = SPAPR_MACHINE(machine);
    g_autoptr(GError) err = NULL;
    PowerCpu *cpu0;

    if (!spapr_boot_prepare(spapr, &err)) {
        g_printerr("modvm: cannot reset the machine: %s\n", err->message);
        modvm_machine_request_shutdown(machine, MODVM_SHUTDOWN_HOST_QUIT);
        return;
    }
    /* dumpdtb=FILE: modvm ends before any guest code runs. */
    if (!spapr->fw || spapr->dumpdtb) {
        return;
    }
    cpu0 = spapr_cpu(modvm_machine_get_cpus(machine)->pdata[0]);
    cpu0->regs.spr[SPAPR_SPR_LPCR] |= spapr_lpcr_pm(cpu0);
    cpu0->tcg.halted = FALSE;
}

static void spapr_machine_dispose(GObject *obj)
{
    SpaprMachine *spapr = SPAPR_MACHINE(obj);

    if (spapr->dumpdtb_source) {
        GSource *src = g_main_context_find_source_by_id(
            modvm_machine_main_context(MODVM_MACHINE(spapr)), spapr->dumpdtb_source);
        if (src) {
            g_source_destroy(src);
        }
        spapr->dumpdtb_source = 0;
    }
    G_OBJECT_CLASS(spapr_machine_parent_class)->dispose(obj);
}

static void spapr_machine_finalize(GObject *obj)
{
    SpaprMachine *spapr = SPAPR_MACHINE(obj);

    g_clear_pointer(&spapr->hcalls, g_hash_table_unref);
    g_clear_pointer(&spapr->rtas, g_hash_table_unref);
    g_clear_pointer(&spapr->fdt, g_free);
    g_clear_pointer(&spapr->htab, g_free);
    g_clear_pointer(&spapr->resize_htab, g_free);
    g_clear_pointer(&spapr->cpu_state, g_free);
    G_OBJECT_CLASS(spapr_machine_parent_class)->finalize(obj);
}

static void spapr_machine_class_init(SpaprMachineClass *klass)
{
    ModvmMachineClass *mc = MODVM_MACHINE_CLASS(klass);

    MODVM_OBJECT_CLASS(klass)->description = "pSeries Logical Partition (PAPR compliant)";
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;
    G_OBJECT_CLASS(klass)->dispose = spapr_machine_dispose;
    G_OBJECT_CLASS(klass)->finalize = spapr_machine_finalize;
    mc->cpu_base_type = "power-cpu";
    mc->init = spapr_machine_init_board;
    mc->finish = spapr_machine_finish;
    mc->reset = spapr_machine_reset;
    mc->nmi = spapr_fwnmi_nmi;
    klass->vty_write = spapr_vty_write_reg;
    klass->client_architecture_support = spapr_client_architecture_support;
    klass->vty_read = spapr_vty_read_reg;
    modvm_class_install_properties(G_OBJECT_CLASS(klass), spapr_machine_props);
    spapr_machine_class_init_hcalls(klass);
}

static void spapr_machine_init(SpaprMachine *spapr)
{
}
