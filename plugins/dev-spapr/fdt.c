/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The partition's device tree (LoPAR "Device Tree"), built at every reset as QEMU 7.2 builds it. */
#include "dt.h"

#include <string.h>
#include <sys/random.h>

#define SPAPR_FDT_INITIAL_SIZE  0x10000
#define RTAS_EVENT_SCAN_RATE    1
#define RTAS_MIN_SIZE           20          /* QEMU's: the RTAS blob itself */
#define SPAPR_MEMORY_BLOCK_SIZE (256ull << 20)

static gboolean dt_grow(Dt *dt)
{
    gsize size = dt->spapr->fdt_bufsize * 2;

    if (size > SPAPR_FDT_MAX_SIZE) {
        return FALSE;
    }
    dt->spapr->fdt = g_realloc(dt->spapr->fdt, size);
    dt->spapr->fdt_bufsize = size;
    return fdt_open_into(dt->spapr->fdt, dt->spapr->fdt, (int)size) == 0;
}

int dt_node(Dt *dt, int parent, const char *name)
{
    int ret;

    if (dt->err) {
        return -1;
    }
    while ((ret = fdt_add_subnode(dt->spapr->fdt, parent, name)) == -FDT_ERR_NOSPACE &&
           dt_grow(dt)) {
    }
    if (ret < 0) {
        dt->err = ret;
    }
    return ret;
}

void dt_prop(Dt *dt, int node, const char *name, const void *val, gsize len)
{
    int ret;

    if (dt->err) {
        return;
    }
    while ((ret = fdt_setprop(dt->spapr->fdt, node, name, val, (int)len)) == -FDT_ERR_NOSPACE &&
           dt_grow(dt)) {
    }
    if (ret < 0) {
        dt->err = ret;
    }
}

void dt_string(Dt *dt, int node, const char *name, const char *s)
{
    dt_prop(dt, node, name, s, strlen(s) + 1);
}

void dt_cells(Dt *dt, int node, const char *name, const guint32 *cells, guint n)
{
    g_autofree guint32 *be = g_new(guint32, MAX(n, 1));

    for (guint i = 0; i < n; i++) {
        be[i] = GUINT32_TO_BE(cells[i]);
    }
    dt_prop(dt, node, name, be, 4ull * n);
}

void dt_cell(Dt *dt, int node, const char *name, guint32 value)
{
    dt_cells(dt, node, name, &value, 1);
}

void dt_empty(Dt *dt, int node, const char *name)
{
    dt_prop(dt, node, name, NULL, 0);
}

void dt_strings(Dt *dt, int node, const char *name, const char *const *list)
{
    g_autoptr(GString) s = g_string_new(NULL);

    for (guint i = 0; list[i]; i++) {
        g_string_append_len(s, list[i], strlen(list[i]) + 1);
    }
    dt_prop(dt, node, name, s->str, s->len);
}

/* "memory@START" nodes: the RMA first, then power-of-two blocks (QEMU's spapr_dt_memory). */
static void spapr_dt_memory(Dt *dt, SpaprMachine *spapr)
{
    guint64 ram = modvm_machine_ram_size(MODVM_MACHINE(spapr));
    guint64 start = 0;

    while (start < ram) {
        guint64 size = start == 0 ? spapr->rma_size : 1ull << g_bit_nth_msf(ram - start, 64);
        guint64 reg[2];
        const guint32 assoc[] = { 4, 0, 0, 0, 0 };
        g_autofree char *name = g_strdup_printf("memory@%" G_GINT64_MODIFIER "x", start);
        int node;

        /* A block never crosses an alignment boundary of its size. */
        if (start && (start & -start) < size) {
            size = start & -start;
        }
        reg[0] = GUINT64_TO_BE(start);
        reg[1] = GUINT64_TO_BE(size);
        node = dt_node(dt, 0, name);
        dt_string(dt, node, "device_type", "memory");
        dt_prop(dt, node, "reg", reg, sizeof(reg));
        dt_cells(dt, node, "ibm,associativity", assoc, G_N_ELEMENTS(assoc));
        start += size;
    }
}

static gint spapr_vio_compare_reg(gconstpointer a, gconstpointer b)
{
    guint32 ra = SPAPR_VIO_DEVICE(*(gpointer *)a)->reg, rb = SPAPR_VIO_DEVICE(*(gpointer *)b)->reg;
    return ra < rb ? -1 : ra > rb;
}

/* /vdevice and a node per VIO device (LoPAR "Virtual I/O"), in unit address order. */
static void spapr_dt_vdevice(Dt *dt, SpaprMachine *spapr)
{
    g_autoptr(GPtrArray) devs = g_ptr_array_new();
    GPtrArray *all = spapr->vio ? modvm_bus_get_devices(spapr->vio) : NULL;
    int vdevice = dt_node(dt, 0, "vdevice");

    dt_string(dt, vdevice, "device_type", "vdevice");
    dt_string(dt, vdevice, "compatible", "IBM,vdevice");
    dt_cell(dt, vdevice, "#address-cells", 1);
    dt_cell(dt, vdevice, "#size-cells", 0);
    dt_cell(dt, vdevice, "#interrupt-cells", 2);
    dt_empty(dt, vdevice, "interrupt-controller");
    for (guint i = 0; all && i < all->len; i++) {
        if (modvm_device_is_realized(all->pdata[i])) {
            g_ptr_array_add(devs, all->pdata[i]);
        }
    }
    g_ptr_array_sort(devs, spapr_vio_compare_reg);
    /* libfdt puts a new node first among its siblings: add the last one first. */
    for (guint i = devs->len; i-- > 0;) {
        SpaprVioDevice *dev = devs->pdata[i];
        SpaprVioDeviceClass *vc = SPAPR_VIO_DEVICE_GET_CLASS(dev);
        g_autofree char *name = g_strdup_printf("%s@%x", vc->dt_name, dev->reg);
        int node = dt_node(dt, vdevice, name);

        dt_cell(dt, node, "reg", dev->reg);
        if (vc->dt_type) {
            dt_string(dt, node, "device_type", vc->dt_type);
        }
        if (vc->dt_compatible) {
            dt_string(dt, node, "compatible", vc->dt_compatible);
        }
        {
            /* Its interrupt: a message (0), as QEMU's spapr_dt_irq says it. */
            const guint32 ints[2] = { spapr_vio_reg_to_irq(dev->reg), 0 };
            dt_cells(dt, node, "interrupts", ints, 2);
        }
        if (!dt->err && vc->dt_node) {
            dt->err = MIN(vc->dt_node(dev, dt->spapr->fdt, node), 0);
        }
    }
}

guint32 spapr_max_server_number(SpaprMachine *spapr)
{
    guint threads, per_socket, vsmt;

    spapr_smp_topology(spapr, &threads, &per_socket);
    vsmt = spapr->vsmt ? spapr->vsmt : threads;
    return (modvm_machine_max_cpus(MODVM_MACHINE(spapr)) * vsmt + threads - 1) / threads;
}

/* /interrupt-controller: the XICS presentation layer, as QEMU's spapr_dt_xics. */
static void spapr_dt_xics(Dt *dt, SpaprMachine *spapr)
{
    guint32 ranges[2] = { 0, spapr_max_server_number(spapr) };
    int node;

    node = dt_node(dt, 0, "interrupt-controller");
    dt_string(dt, node, "device_type", "PowerPC-External-Interrupt-Presentation");
    dt_string(dt, node, "compatible", "IBM,ppc-xicp");
    dt_empty(dt, node, "interrupt-controller");
    dt_cells(dt, node, "ibm,interrupt-server-ranges", ranges, 2);
    dt_cell(dt, node, "#interrupt-cells", 2);
    dt_cell(dt, node, "linux,phandle", SPAPR_PHANDLE_INTC);
    dt_cell(dt, node, "phandle", SPAPR_PHANDLE_INTC);
}

/*
 * The XIVE node (LoPAR "XIVE Exploitation"), as QEMU's spapr_xive_dt: the
 * TIMA's user and OS pages, the IPI LISNs, 64K queues, and the
 * hypervisor's priorities (7 and up) in the root.
 */
static void spapr_dt_xive(Dt *dt, SpaprMachine *spapr)
{
    const guint64 page = 1ull << SPAPR_XIVE_TM_SHIFT;
    const guint64 timas[4] = {
        GUINT64_TO_BE(SPAPR_XIVE_TM_BASE + 3 * page), GUINT64_TO_BE(page),
        GUINT64_TO_BE(SPAPR_XIVE_TM_BASE + 2 * page), GUINT64_TO_BE(page),
    };
    const guint32 lisn_ranges[2] = { SPAPR_IRQ_IPI, spapr_max_server_number(spapr) };
    const guint32 plat_res[2] = { SPAPR_XIVE_HV_PRIO, 0xf8 };
    g_autofree char *name = g_strdup_printf("interrupt-controller@%" G_GINT64_MODIFIER "x",
                                            (guint64)(SPAPR_XIVE_TM_BASE + 3 * page));
    int node = dt_node(dt, 0, name);

    dt_string(dt, node, "device_type", "power-ivpe");
    dt_prop(dt, node, "reg", timas, sizeof(timas));
    dt_string(dt, node, "compatible", "ibm,power-ivpe");
    dt_cell(dt, node, "ibm,xive-eq-sizes", 16);
    dt_cells(dt, node, "ibm,xive-lisn-ranges", lisn_ranges, 2);
    dt_empty(dt, node, "interrupt-controller");
    dt_cell(dt, node, "#interrupt-cells", 2);
    dt_cell(dt, node, "linux,phandle", SPAPR_PHANDLE_INTC);
    dt_cell(dt, node, "phandle", SPAPR_PHANDLE_INTC);
    dt_cells(dt, 0, "ibm,plat-res-int-priorities", plat_res, 2);
}

/* The node of the active interrupt controller. */
static void spapr_dt_intc(Dt *dt, SpaprMachine *spapr)
{
    if (spapr->xive_active) {
        spapr_dt_xive(dt, spapr);
    } else if (spapr->xics) {
        spapr_dt_xics(dt, spapr);
    }
}

gboolean spapr_fdt_update_intc(SpaprMachine *spapr)
{
    Dt dt = { .spapr = spapr };
    int node = fdt_node_offset_by_phandle(spapr->fdt, SPAPR_PHANDLE_INTC);

    if (node >= 0) {
        dt.err = fdt_del_node(spapr->fdt, node);
    }
    if (!dt.err) {
        fdt_delprop(spapr->fdt, 0, "ibm,plat-res-int-priorities");
    }
    spapr_dt_intc(&dt, spapr);
    return dt.err == 0;
}

/*
 * /event-sources (LoPAR "Event Sources"): the interrupts that tell the
 * guest to call check-exception, EPOW and, with modern-hotplug-events,
 * hotplug (QEMU's spapr_dt_events). Both are messages.
 */
static void spapr_dt_events(Dt *dt, SpaprMachine *spapr)
{
    guint32 ranges[4];
    guint n = 0;
    int node = dt_node(dt, 0, "event-sources");
    int sub;

    dt_empty(dt, node, "interrupt-controller");
    dt_cell(dt, node, "#interrupt-cells", 2);
    sub = dt_node(dt, node, "epow-events");
    dt_cells(dt, sub, "interrupts", (const guint32[]){ SPAPR_IRQ_EPOW, 0 }, 2);
    ranges[n++] = SPAPR_IRQ_EPOW;
    ranges[n++] = 1;
    if (spapr->modern_hotplug_events) {
        sub = dt_node(dt, node, "hot-plug-events");
        dt_cells(dt, sub, "interrupts", (const guint32[]){ SPAPR_IRQ_HOTPLUG, 0 }, 2);
        ranges[n++] = SPAPR_IRQ_HOTPLUG;
        ranges[n++] = 1;
    }
    dt_cells(dt, node, "interrupt-ranges", ranges, n);
}

/* What /rtas says the hypervisor offers, by the names LoPAR gives the hcall groups. */
static void spapr_dt_rtas(Dt *dt, SpaprMachine *spapr)
{
    const char *hypertas[16];
    guint n = 0;
    guint max_cpus = modvm_machine_max_cpus(MODVM_MACHINE(spapr));
    guint threads, per_socket;
    guint32 lrdr_capacity[5] = { 0, 0, SPAPR_MEMORY_BLOCK_SIZE >> 32,
                                 SPAPR_MEMORY_BLOCK_SIZE & 0xffffffff, 0 };
    const guint32 refpoints[] = { 4, 4, 2 };
    const guint32 maxdomains[] = { 4, 0, 0, 0, 1 };
    int node = dt_node(dt, 0, "rtas");

    spapr_smp_topology(spapr, &threads, &per_socket);
    lrdr_capacity[4] = max_cpus / threads;
    /* In QEMU's order. */
    if (spapr_hcall_lookup(spapr, H_ENTER)) {
        hypertas[n++] = "hcall-pft";
    }
    if (spapr_hcall_lookup(spapr, H_PUT_TERM_CHAR)) {
        hypertas[n++] = "hcall-term";
    }
    if (spapr_hcall_lookup(spapr, H_SET_DABR)) {
        hypertas[n++] = "hcall-dabr";
    }
    /* Either controller: QEMU lists it with XIVE alone too. */
    if (spapr_hcall_lookup(spapr, H_XIRR) || spapr_hcall_lookup(spapr, H_INT_GET_SOURCE_INFO)) {
        hypertas[n++] = "hcall-interrupt";
    }
    if (spapr_hcall_lookup(spapr, H_PUT_TCE)) {
        hypertas[n++] = "hcall-tce";
    }
    if (spapr_hcall_lookup(spapr, H_VIO_SIGNAL)) {
        hypertas[n++] = "hcall-vio";
    }
    if (spapr_hcall_lookup(spapr, H_REGISTER_VPA)) {
        hypertas[n++] = "hcall-splpar";
    }
    if (spapr_hcall_lookup(spapr, H_JOIN)) {
        hypertas[n++] = "hcall-join";
    }
    if (spapr_hcall_lookup(spapr, H_BULK_REMOVE)) {
        hypertas[n++] = "hcall-bulk";
    }
    if (spapr_hcall_lookup(spapr, H_SET_MODE)) {
        hypertas[n++] = "hcall-set-mode";
    }
    if (spapr_hcall_lookup(spapr, H_LOGICAL_CI_LOAD)) {
        hypertas[n++] = "hcall-debug";
    }
    if (spapr_hcall_lookup(spapr, H_STUFF_TCE) && spapr_hcall_lookup(spapr, H_PUT_TCE_INDIRECT)) {
        hypertas[n++] = "hcall-multi-tce";
    }
    /* Linux resizes the HPT only when this is listed (FW_FEATURE_HPT_RESIZE). */
    if (spapr->resize_hpt != SPAPR_RESIZE_HPT_DISABLED &&
        spapr_hcall_lookup(spapr, H_RESIZE_HPT_PREPARE)) {
        hypertas[n++] = "hcall-hpt-resize";
    }
    g_assert(n < G_N_ELEMENTS(hypertas));
    hypertas[n] = NULL;
    dt_strings(dt, node, "ibm,hypertas-functions", hypertas);
    /* QEMU's own hcalls for its firmware: SLOF's memory operation. */
    if (spapr_hcall_lookup(spapr, KVMPPC_H_LOGICAL_MEMOP)) {
        dt_string(dt, node, "qemu,hypertas-functions", "hcall-memop1");
    }
    dt_cells(dt, node, "ibm,associativity-reference-points", refpoints, G_N_ELEMENTS(refpoints));
    dt_cells(dt, node, "ibm,max-associativity-domains", maxdomains, G_N_ELEMENTS(maxdomains));
    /*
     * The RTAS area holds the blob and QEMU's FWNMI logs: the machine
     * check log and 16 bytes per CPU for system reset, plus 8 for a Linux
     * off-by-one.
     */
    dt_cell(dt, node, "rtas-size", RTAS_MIN_SIZE + RTAS_ERROR_LOG_MAX + max_cpus * 16 + 8);
    dt_cell(dt, node, "rtas-error-log-max", RTAS_ERROR_LOG_MAX);
    dt_cell(dt, node, "rtas-event-scan-rate", RTAS_EVENT_SCAN_RATE);
    /* ibm,os-term returns (LoPAR "ibm,extended-os-term"). */
    if (spapr_rtas_registered(spapr, "ibm,os-term")) {
        dt_empty(dt, node, "ibm,extended-os-term");
    }
    dt_cells(dt, node, "ibm,lrdr-capacity", lrdr_capacity, G_N_ELEMENTS(lrdr_capacity));
    for (guint i = 0; spapr_rtas_names[i]; i++) {
        if (spapr_rtas_registered(spapr, spapr_rtas_names[i])) {
            dt_cell(dt, node, spapr_rtas_names[i], RTAS_TOKEN_BASE + i);
        }
    }
}

static void spapr_dt_chosen(Dt *dt, SpaprMachine *spapr)
{
    ModvmMachine *machine = MODVM_MACHINE(spapr);
    const char *append = modvm_machine_append(machine);
    SpaprVty *vty = spapr_vty_default(spapr);
    PowerCpu *cpu0 = spapr_cpu(modvm_machine_get_cpus(machine)->pdata[0]);
    /* ibm,arch-vec-5-platform-support: option vector 5 bytes 23..26 the guest may ask for. */
    guint8 ov5_platform[8] = { 23, 0x00, 24, 0x00, 25, 0x00, 26, 0x40 };
    guint8 ov5_cas[SPAPR_OV5_MAX_BYTES + 1];
    gsize ov5_cas_len = spapr_ov5_encode(&spapr->ov5_cas, ov5_cas);
    guint8 seed[32];
    int node = dt_node(dt, 0, "chosen");

    if (append && *append) {
        dt_string(dt, node, "bootargs", append);
    }
    if (spapr->initrd_size) {
        /* One cell each, as QEMU has them (the initrd is below 2 GiB). */
        dt_cell(dt, node, "linux,initrd-start", (guint32)spapr->initrd_base);
        dt_cell(dt, node, "linux,initrd-end", (guint32)(spapr->initrd_base + spapr->initrd_size));
    }
    if (spapr->kernel_size) {
        /* Where the firmware boots from (QEMU's SLOF and VOF read it). */
        guint64 kprop[2] = { GUINT64_TO_BE(spapr->kernel_base),
                             GUINT64_TO_BE(spapr->kernel_size) };
        dt_prop(dt, node, "qemu,boot-kernel", kprop, sizeof(kprop));
        if (spapr->kernel_le) {
            dt_empty(dt, node, "qemu,boot-kernel-le");
        }
    }
    dt_cell(dt, node, "qemu,graphic-width", 800);
    dt_cell(dt, node, "qemu,graphic-height", 600);
    dt_cell(dt, node, "qemu,graphic-depth", 32);
    if (vty) {
        g_autofree char *path = g_strdup_printf("/vdevice/vty@%x", SPAPR_VIO_DEVICE(vty)->reg);
        /* Linux still reads the older name; LoPAR's is stdout-path. */
        dt_string(dt, node, "linux,stdout-path", path);
        dt_string(dt, node, "stdout-path", path);
    }
    dt_cell(dt, node, "linux,pci-probe-only", 0);
    /*
     * Byte 23: XICS (0x00), XIVE (0x40) or both (0x80), as ic-mode; 24:
     * hash and radix with dynamic switching (0xc0), as QEMU's TCG.
     */
    ov5_platform[1] = !spapr->xive ? 0x00 : spapr->xics ? 0x80 : 0x40;
    ov5_platform[3] = 0xc0;
    /* Before ISA 3.00 a guest has hash and the legacy interrupt controller only. */
    if (spapr_cpu_effective_isa(cpu0) < POWER_COMPAT_POWER9) {
        ov5_platform[1] = 0x00;
        ov5_platform[3] = 0x00;
    }
    dt_prop(dt, node, "ibm,arch-vec-5-platform-support", ov5_platform, sizeof(ov5_platform));
    if (getrandom(seed, sizeof(seed), GRND_NONBLOCK) != sizeof(seed)) {
        memset(seed, 0, sizeof(seed));
    }
    dt_prop(dt, node, "rng-seed", seed, sizeof(seed));
    /* What ibm,client-architecture-support negotiated; nothing before it. */
    dt_prop(dt, node, "ibm,architecture-vec-5", ov5_cas, ov5_cas_len);
}

static void spapr_dt_rng(Dt *dt, SpaprMachine *spapr)
{
    int node;

    if (!spapr_find_realized(MODVM_OBJECT(spapr), spapr_rng_get_type(), NULL, NULL, NULL)) {
        return;
    }
    node = dt_node(dt, 0, "ibm,platform-facilities");
    dt_string(dt, node, "device_type", "ibm,platform-facilities");
    dt_cell(dt, node, "#address-cells", 1);
    dt_cell(dt, node, "#size-cells", 0);
    node = dt_node(dt, node, "ibm,random-v1");
    dt_string(dt, node, "compatible", "ibm,random");
}

/*
 * The container QEMU 7.2 always has for its PAPR SCM (NVDIMM) devices;
 * empty, as modvm has none.
 */
static void spapr_dt_persistent_memory(Dt *dt)
{
    int node = dt_node(dt, 0, "ibm,persistent-memory");

    dt_cell(dt, node, "#address-cells", 1);
    dt_cell(dt, node, "#size-cells", 0);
    dt_string(dt, node, "device_type", "ibm,persistent-memory");
}

/*
 * FORM2 affinity (LoPAR "Form 2 Affinity"), once CAS negotiated it: the
 * memory nodes' associativity and /rtas's NUMA properties as QEMU 7.2's
 * tree has them then, for modvm's single NUMA node (0, at distance 10
 * from itself). The reset tree has FORM1's, as QEMU's before CAS.
 */
gboolean spapr_fdt_numa_form2(SpaprMachine *spapr)
{
    void *fdt = spapr->fdt;
    const fdt32_t assoc[2] = { cpu_to_fdt32(1), cpu_to_fdt32(0) };
    const fdt32_t refpoints[1] = { cpu_to_fdt32(1) };
    const fdt32_t maxdomains[2] = { cpu_to_fdt32(1), cpu_to_fdt32(1) };
    const fdt32_t lookup[2] = { cpu_to_fdt32(1), cpu_to_fdt32(0) };
    /* The number of entries (a cell), then one byte per pair of nodes. */
    const guint8 distance[5] = { 0, 0, 0, 1, 10 };
    int node, rtas;

    fdt_for_each_subnode(node, fdt, 0) {
        const char *type = fdt_getprop(fdt, node, "device_type", NULL);

        if (type && strcmp(type, "memory") == 0 &&
            fdt_setprop(fdt, node, "ibm,associativity", assoc, sizeof(assoc)) < 0) {
            return FALSE;
        }
    }
    rtas = fdt_path_offset(fdt, "/rtas");
    return rtas >= 0 &&
           fdt_setprop(fdt, rtas, "ibm,associativity-reference-points", refpoints,
                       sizeof(refpoints)) == 0 &&
           fdt_setprop(fdt, rtas, "ibm,max-associativity-domains", maxdomains,
                       sizeof(maxdomains)) == 0 &&
           fdt_setprop(fdt, rtas, "ibm,numa-lookup-index-table", lookup, sizeof(lookup)) == 0 &&
           fdt_setprop(fdt, rtas, "ibm,numa-distance-table", distance, sizeof(distance)) == 0;
}

/* -dtb FILE: the user's tree instead of ours. */
static gboolean spapr_fdt_load(SpaprMachine *spapr, const char *path, GError **error)
{
    g_autofree char *data = NULL;
    gsize len = 0;
    int ret;

    if (!g_file_get_contents(path, &data, &len, error)) {
        g_prefix_error(error, "-dtb: ");
        return FALSE;
    }
    if (len < sizeof(struct fdt_header) || (ret = fdt_check_header(data)) != 0 ||
        fdt_totalsize(data) > len) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "-dtb %s: not a flattened device tree blob (%s); make one with dtc -O dtb",
                    path, len < sizeof(struct fdt_header) ? "too short" :
                          ret ? fdt_strerror(ret) : "truncated");
        return FALSE;
    }
    if (fdt_totalsize(data) > SPAPR_FDT_MAX_SIZE / 2) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "-dtb %s: %u bytes, more than the %u a pseries tree may have", path,
                    fdt_totalsize(data), SPAPR_FDT_MAX_SIZE / 2);
        return FALSE;
    }
    spapr->fdt_bufsize = MAX(SPAPR_FDT_INITIAL_SIZE, (gsize)fdt_totalsize(data) * 2);
    g_free(spapr->fdt);
    spapr->fdt = g_malloc0(spapr->fdt_bufsize);
    ret = fdt_open_into(data, spapr->fdt, (int)spapr->fdt_bufsize);
    if (ret != 0) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "-dtb %s: %s", path,
                    fdt_strerror(ret));
        return FALSE;
    }
    return TRUE;
}

gboolean spapr_fdt_build(SpaprMachine *spapr, GError **error)
{
    ModvmMachine *machine = MODVM_MACHINE(spapr);
    Dt dt = { .spapr = spapr };

    if (modvm_machine_dtb(machine)) {
        return spapr_fdt_load(spapr, modvm_machine_dtb(machine), error);
    }
    g_free(spapr->fdt);
    spapr->fdt_bufsize = SPAPR_FDT_INITIAL_SIZE;
    spapr->fdt = g_malloc0(spapr->fdt_bufsize);
    dt.err = fdt_create_empty_tree(spapr->fdt, (int)spapr->fdt_bufsize);

    dt_string(&dt, 0, "device_type", "chrp");
    dt_string(&dt, 0, "model", "IBM pSeries (emulated by modvm)");
    dt_string(&dt, 0, "compatible", "qemu,pseries");
    dt_string(&dt, 0, "vm,uuid", "00000000-0000-0000-0000-000000000000");
    dt_cell(&dt, 0, "#address-cells", 2);
    dt_cell(&dt, 0, "#size-cells", 2);
    /* QEMU's order, which libfdt reverses: the guest walks the nodes as it would under QEMU. */
    spapr_dt_intc(&dt, spapr);
    spapr_dt_memory(&dt, spapr);
    spapr_dt_vdevice(&dt, spapr);
    spapr_dt_phbs(&dt, spapr);
    spapr_dt_rng(&dt, spapr);
    spapr_dt_cpus(&dt, spapr);
    spapr_dt_events(&dt, spapr);
    spapr_dt_rtas(&dt, spapr);
    spapr_dt_chosen(&dt, spapr);
    spapr_dt_persistent_memory(&dt);
    /* The boot images are not the guest's to reuse (the reserve map). */
    if (!dt.err && spapr->kernel_size) {
        dt.err = fdt_add_mem_rsv(spapr->fdt, spapr->kernel_base, spapr->kernel_size);
    }
    if (!dt.err && spapr->initrd_size) {
        dt.err = fdt_add_mem_rsv(spapr->fdt, spapr->initrd_base, spapr->initrd_size);
    }
    if (dt.err) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED,
                    "cannot build the device tree: %s%s", fdt_strerror(dt.err),
                    dt.err == -FDT_ERR_NOSPACE ? " (more than 1 MiB: fewer CPUs or devices)"
                                               : "");
        return FALSE;
    }
    return TRUE;
}
