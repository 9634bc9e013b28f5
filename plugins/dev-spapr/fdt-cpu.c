/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The /cpus part of the device tree: what QEMU 7.2 says about POWER7 .. POWER10 threads. */
#include "dt.h"

#include <string.h>

#define SPAPR_TIMEBASE_FREQ     512000000u  /* what QEMU's TCG pseries advertises */
#define SPAPR_CPU_FREQ          1000000000u

/* What a CPU model puts in its node (QEMU's POWERPC_FAMILY data for the pseries models). */
typedef struct {
    PowerCompat isa;            /* the model's own level */
    const char *fw_name;
} SpaprCpuFamily;

static const SpaprCpuFamily spapr_cpu_families[] = {
    { POWER_COMPAT_POWER7, "PowerPC,POWER7" },
    { POWER_COMPAT_POWER8, "PowerPC,POWER8" },
    { POWER_COMPAT_POWER9, "PowerPC,POWER9" },
    { POWER_COMPAT_POWER10, "PowerPC,POWER10" },
};

/* The ISA level a CPU runs at: its model's, or the older compatibility mode it is set to. */
PowerCompat spapr_cpu_effective_isa(PowerCpu *cpu)
{
    PowerCompat isa = ((PowerCpuClass *)G_OBJECT_GET_CLASS(cpu))->max_compat;
    return cpu->compat && (PowerCompat)cpu->compat < isa ? (PowerCompat)cpu->compat : isa;
}

gboolean spapr_large_decr_enabled(SpaprMachine *spapr, PowerCpu *cpu)
{
    return spapr->caps.large_decr && spapr_cpu_effective_isa(cpu) >= POWER_COMPAT_POWER9;
}

/* ibm,pa-features by ISA level (QEMU's pa_features_206/207/300, with CI large pages on). */
static void spapr_dt_pa_features(Dt *dt, SpaprMachine *spapr, PowerCpu *cpu, int node)
{
    static const guint8 pa_206[] = { 6, 0, 0xf6, 0x3f, 0xc7, 0x00, 0x80, 0xc0 };
    static const guint8 pa_207[] = {
        24, 0, 0xf6, 0x3f, 0xc7, 0xc0, 0x80, 0xf0, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00
    };
    static const guint8 pa_300[] = {
        66, 0,
        0xf6, 0x3f, 0xc7, 0xc0, 0x80, 0xf0, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00,
        0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0xc0, 0x00,
        0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00,
        0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00,
        0x80, 0x00, 0x80, 0x00, 0x00, 0x00,
    };
    PowerCompat isa = spapr_cpu_effective_isa(cpu);
    guint8 pa[sizeof(pa_300)];
    gsize len;

    if (isa >= POWER_COMPAT_POWER9) {
        memcpy(pa, pa_300, len = sizeof(pa_300));
    } else if (isa == POWER_COMPAT_POWER8) {
        memcpy(pa, pa_207, len = sizeof(pa_207));
    } else if (isa == POWER_COMPAT_POWER7) {
        memcpy(pa, pa_206, len = sizeof(pa_206));
    } else {
        return;
    }
    /* Byte 22, bit 0: transactional memory. */
    if (spapr->caps.htm && len > 24) {
        pa[24] |= 0x80;
    }
    dt_prop(dt, node, "ibm,pa-features", pa, len);
}

/*
 * ibm,segment-page-sizes (LoPAR): the hash MMU's segment and page sizes
 * of the POWER7..POWER10 models, as cap-hpt-max-page-size lets the guest
 * have them. As QEMU (for KVM's sake): no page size in a segment of
 * another base size, except 16M pages in 4K segments.
 */
static void spapr_dt_page_sizes(Dt *dt, SpaprMachine *spapr, int node)
{
    static const struct {
        guint32 seg_shift, slb_enc;
        struct { guint32 shift, pte_enc; } pages[3];
    } sps[] = {
        { 12, 0x000, { { 12, 0x0 }, { 16, 0x7 }, { 24, 0x38 } } },
        { 16, 0x110, { { 16, 0x1 }, { 24, 0x8 } } },
        { 24, 0x100, { { 24, 0x0 } } },
        { 34, 0x120, { { 34, 0x3 } } },
    };
    guint32 max_shift = g_bit_nth_msf(spapr->caps.hpt_max_page_size, 64);
    guint32 cells[64];
    guint n = 0;

    for (guint i = 0; i < G_N_ELEMENTS(sps); i++) {
        guint count_at = n + 2, count = 0;

        cells[n++] = sps[i].seg_shift;
        cells[n++] = sps[i].slb_enc;
        n++;
        for (guint j = 0; j < G_N_ELEMENTS(sps[i].pages) && sps[i].pages[j].shift; j++) {
            guint32 shift = sps[i].pages[j].shift;
            if (shift > max_shift || (shift != sps[i].seg_shift && shift != 24)) {
                continue;
            }
            cells[n++] = shift;
            cells[n++] = sps[i].pages[j].pte_enc;
            count++;
        }
        if (count == 0) {
            n = count_at - 2;
        } else {
            cells[count_at] = count;
        }
    }
    dt_cells(dt, node, "ibm,segment-page-sizes", cells, n);
}

void spapr_smp_topology(SpaprMachine *spapr, guint *threads, guint *per_socket)
{
    guint64 sockets = 0, cores = 0, th = 0;
    guint max = modvm_machine_max_cpus(MODVM_MACHINE(spapr));

    g_object_get(spapr, "sockets", &sockets, "cores", &cores, "threads", &th, NULL);
    th = MAX(th, 1);
    if (!cores) {
        /* QEMU 7.2 prefers cores to sockets when it derives the topology. */
        sockets = MAX(sockets, 1);
        cores = MAX((max + sockets * th - 1) / (sockets * th), 1);
    }
    *threads = (guint)th;
    *per_socket = (guint)(cores * th);
}

guint32 spapr_vcpu_id(SpaprMachine *spapr, guint index)
{
    guint threads, per_socket;
    guint vsmt;

    spapr_smp_topology(spapr, &threads, &per_socket);
    vsmt = spapr->vsmt ? spapr->vsmt : threads;
    return (index / threads) * vsmt + index % threads;
}

/* 1/128 of RAM rounded up to a power of two, within what the architecture allows (QEMU). */
guint32 spapr_htab_shift(SpaprMachine *spapr)
{
    guint64 ram = modvm_machine_ram_size(MODVM_MACHINE(spapr));
    guint bits = ram > 1 ? g_bit_storage(ram - 1) : 1;

    return CLAMP(bits, 18 + 7, 46 + 7) - 7;
}

static void spapr_dt_cpu(Dt *dt, SpaprMachine *spapr, PowerCpu *cpu, guint index, int cpus)
{
    PowerCompat model_isa = ((PowerCpuClass *)G_OBJECT_GET_CLASS(cpu))->max_compat;
    const char *fw_name = "PowerPC,POWER";
    guint threads, per_socket;
    guint32 id = spapr_vcpu_id(spapr, index);
    const guint32 segs[] = { 28, 40, 0xffffffff, 0xffffffff };
    const guint32 pft[] = { 0, spapr_htab_shift(spapr) };
    g_autofree char *name = NULL;
    g_autofree guint32 *servers = NULL;
    g_autofree guint32 *gservers = NULL;
    int node;

    for (guint i = 0; i < G_N_ELEMENTS(spapr_cpu_families); i++) {
        if (spapr_cpu_families[i].isa == model_isa) {
            fw_name = spapr_cpu_families[i].fw_name;
        }
    }
    spapr_smp_topology(spapr, &threads, &per_socket);
    name = g_strdup_printf("%s@%x", fw_name, id);
    node = dt_node(dt, cpus, name);
    dt_cell(dt, node, "reg", id);
    dt_string(dt, node, "device_type", "cpu");
    dt_cell(dt, node, "cpu-version", cpu->pvr);
    dt_cell(dt, node, "d-cache-block-size", 128);
    dt_cell(dt, node, "d-cache-line-size", 128);
    dt_cell(dt, node, "i-cache-block-size", 128);
    dt_cell(dt, node, "i-cache-line-size", 128);
    dt_cell(dt, node, "d-cache-size", 0x8000);
    dt_cell(dt, node, "i-cache-size", 0x8000);
    dt_cell(dt, node, "timebase-frequency", SPAPR_TIMEBASE_FREQ);
    dt_cell(dt, node, "clock-frequency", SPAPR_CPU_FREQ);
    dt_cell(dt, node, "slb-size", 32);
    dt_cell(dt, node, "ibm,slb-size", 32);
    dt_string(dt, node, "status", "okay");
    dt_empty(dt, node, "64-bit");
    dt_cell(dt, node, "ibm,purr", 1);
    dt_cell(dt, node, "ibm,spurr", 1);
    dt_cells(dt, node, "ibm,processor-segment-sizes", segs, G_N_ELEMENTS(segs));
    /* 1: VMX, 2: VSX too */
    dt_cell(dt, node, "ibm,vmx", spapr->caps.vsx ? 2 : 1);
    if (spapr->caps.dfp) {
        dt_cell(dt, node, "ibm,dfp", 1);
    }
    spapr_dt_page_sizes(dt, spapr, node);
    spapr_dt_pa_features(dt, spapr, cpu, node);
    dt_cell(dt, node, "ibm,chip-id", index / per_socket);
    dt_cells(dt, node, "ibm,pft-size", pft, G_N_ELEMENTS(pft));
    /* A compatibility mode shows as its logical PVR (LoPAR "cpu-version"). */
    if (cpu->compat) {
        dt_cell(dt, node, "cpu-version", power_compat_logical_pvr(cpu->compat));
    }
    servers = g_new(guint32, threads);
    gservers = g_new(guint32, threads * 2);
    for (guint i = 0; i < threads; i++) {
        servers[i] = id + i;
        gservers[2 * i] = id + i;
        gservers[2 * i + 1] = 0;
    }
    dt_cells(dt, node, "ibm,ppc-interrupt-server#s", servers, threads);
    dt_cells(dt, node, "ibm,ppc-interrupt-gserver#s", gservers, threads * 2);
    if (model_isa >= POWER_COMPAT_POWER9) {
        const guint32 radix_ap[] = { 0x0000000c, 0xa0000010, 0x20000015, 0x4000001e };
        dt_cells(dt, node, "ibm,processor-radix-AP-encodings", radix_ap, G_N_ELEMENTS(radix_ap));
    }
    if (spapr_large_decr_enabled(spapr, cpu)) {
        dt_cell(dt, node, "ibm,dec-bits", 56);
    }
}

/* /cpus: a node per core, named after its first thread. */
void spapr_dt_cpus(Dt *dt, SpaprMachine *spapr)
{
    GPtrArray *cpus = modvm_machine_get_cpus(MODVM_MACHINE(spapr));
    guint threads, per_socket;
    int node = dt_node(dt, 0, "cpus");

    spapr_smp_topology(spapr, &threads, &per_socket);
    dt_cell(dt, node, "#address-cells", 1);
    dt_cell(dt, node, "#size-cells", 0);
    for (guint i = cpus->len; i-- > 0;) {
        if (i % threads == 0) {
            spapr_dt_cpu(dt, spapr, spapr_cpu(cpus->pdata[i]), i, node);
        }
    }
}
