/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-pci-host-bridge: a PAPR PCI host bridge (LoPAR "PCI Host Bridge"):
 * its index, BUID, windows and LSIs, its device tree node, and the RTAS
 * calls that reach its configuration space. Its bus is empty so far.
 */
#include "dt.h"

#include <string.h>

MODVM_DEFINE_DYNAMIC_TYPE(SpaprPhb, spapr_phb, "spapr-pci-host-bridge", MODVM_TYPE_DEVICE)

/*
 * QEMU 7.2's spapr-pci-host-bridge properties and defaults, spelled in
 * kebab case (QEMU's mem_win_size is mem-win-size here).
 */
static const ModvmProperty spapr_phb_props[] = {
    MODVM_PROP_UINT("index", SpaprPhb, index, SPAPR_PHB_UNSET, 0, G_MAXUINT32,
                    "PHB number (0 to 30): places its BUID and windows; required"),
    MODVM_PROP_SIZE("mem-win-size", SpaprPhb, mem_win_size, SPAPR_PCI_MEM32_WIN_SIZE, 0, 0,
                    "32-bit MMIO window size (above 2 GiB only with mem64-win-size 0: then split)"),
    MODVM_PROP_SIZE("mem64-win-size", SpaprPhb, mem64_win_size, 1ull << 40, 0, 0,
                    "64-bit MMIO window size"),
    MODVM_PROP_SIZE("io-win-size", SpaprPhb, io_win_size, 64 * 1024, 0, 0,
                    "PCI I/O space window size"),
    MODVM_PROP_BOOL("dynamic-reconfiguration", SpaprPhb, dynamic_reconfiguration, TRUE,
                    "PCI hotplug through PAPR dynamic reconfiguration connectors"),
    MODVM_PROP_UINT("dma-win-addr", SpaprPhb, dma_win_addr, 0, 0, G_MAXUINT64,
                    "PCI bus address of the default 32-bit DMA window"),
    MODVM_PROP_SIZE("dma-win-size", SpaprPhb, dma_win_size, 1ull << 30, 0, 0,
                    "size of the default 32-bit DMA window"),
    MODVM_PROP_UINT("dma64-win-addr", SpaprPhb, dma64_win_addr, 0x800000000000000ull, 0,
                    G_MAXUINT64, "PCI bus address of a guest-created 64-bit DMA window"),
    MODVM_PROP_BOOL("ddw", SpaprPhb, ddw, TRUE,
                    "offer dynamic DMA windows (LoPAR ibm,query-pe-dma-window and friends)"),
    MODVM_PROP_UINT("pgsz", SpaprPhb, pgsz,
                    (1ull << 12) | (1ull << 16) | (1ull << 21) | (1ull << 24), 0, G_MAXUINT64,
                    "mask of the IOMMU page sizes offered (bit n: 2^n bytes)"),
    MODVM_PROP_UINT("numa-node", SpaprPhb, numa_node, SPAPR_PHB_UNSET, 0, G_MAXUINT32,
                    "NUMA node of the PHB; 0xffffffff for none"),
    MODVM_PROP_BOOL("pcie-extended-configuration-space", SpaprPhb, pcie_ecs, TRUE,
                    "offer PCIe extended configuration space (beyond 256 bytes)"),
    MODVM_PROP_BOOL("pre-5-1-associativity", SpaprPhb, pre_5_1_associativity, FALSE,
                    "describe NUMA associativity as QEMU before 5.1 did"),
    MODVM_PROP_END
};

static gboolean same_index(ModvmDevice *dev, gpointer data)
{
    return SPAPR_PHB(dev)->index == *(guint32 *)data;
}

static gboolean spapr_phb_realize(ModvmDevice *dev, GError **error)
{
    SpaprPhb *phb = SPAPR_PHB(dev);
    ModvmDevice *other;

    if (phb->index == SPAPR_PHB_UNSET) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "index is required: give index=N (0 to %u)", SPAPR_PHB_MAX_INDEX);
        return FALSE;
    }
    if (phb->index > SPAPR_PHB_MAX_INDEX) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "index=%u is too large (max %u)", phb->index, SPAPR_PHB_MAX_INDEX);
        return FALSE;
    }
    other = spapr_find_realized(modvm_object_get_root(MODVM_OBJECT(dev)), spapr_phb_get_type(),
                                dev, same_index, &phb->index);
    if (other) {
        g_autofree char *path = modvm_object_get_path(MODVM_OBJECT(other));
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE,
                    "PHB %u already attached (%s): choose another index", phb->index, path);
        return FALSE;
    }
    if (phb->numa_node != SPAPR_PHB_UNSET) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "numa-node=%u: there is no such NUMA node (modvm has no -numa yet)",
                    phb->numa_node);
        return FALSE;
    }
    /*
     * As in QEMU: without a 64-bit window, a "32-bit" window above 2 GiB
     * (old machine versions' configurations) becomes a 2 GiB 32-bit
     * window followed by a 64-bit one.
     */
    if (phb->mem64_win_size != 0 && phb->mem_win_size > SPAPR_PCI_MEM32_WIN_SIZE) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "32-bit memory window of size %#" G_GINT64_MODIFIER "x (max 2 GiB): "
                    "lower mem-win-size", phb->mem_win_size);
        return FALSE;
    }
    if (phb->mem64_win_size == 0 && phb->mem_win_size > SPAPR_PCI_MEM32_WIN_SIZE) {
        phb->mem32_size = SPAPR_PCI_MEM32_WIN_SIZE;
        phb->mem64_size = phb->mem_win_size - SPAPR_PCI_MEM32_WIN_SIZE;
    } else {
        phb->mem32_size = phb->mem_win_size;
        phb->mem64_size = phb->mem64_win_size;
    }
    if (phb->dma_win_size % (1ull << SPAPR_TCE_PAGE_SHIFT) ||
        phb->dma_win_addr % (1ull << SPAPR_TCE_PAGE_SHIFT) ||
        (phb->dma_win_size >> SPAPR_TCE_PAGE_SHIFT) > SPAPR_TCE_MAX_ENTRIES ||
        phb->dma_win_addr > G_MAXUINT64 - phb->dma_win_size) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "DMA window 0x%" G_GINT64_MODIFIER "x+0x%" G_GINT64_MODIFIER "x: give "
                    "4 KiB-aligned dma-win-addr and dma-win-size, at most %llu GiB",
                    phb->dma_win_addr, phb->dma_win_size,
                    (SPAPR_TCE_MAX_ENTRIES << SPAPR_TCE_PAGE_SHIFT) >> 30);
        return FALSE;
    }
    phb->buid = SPAPR_PCI_BASE_BUID + phb->index;
    /* QEMU's SPAPR_PCI_LIOBN(index, 0): the default window's I/O bus number. */
    phb->liobn = 0x80000000u | phb->index << 8;
    phb->n_tces = phb->dma_win_size >> SPAPR_TCE_PAGE_SHIFT;
    phb->tces = g_new0(guint64, MAX(phb->n_tces, 1));
    /* QEMU 7.2's placement (spapr_phb_placement): I/O and 32-bit windows low, 64-bit above. */
    phb->io_addr = SPAPR_PCI_WIN_BASE + (guint64)phb->index * SPAPR_PCI_IO_WIN_SIZE;
    phb->mem32_addr = SPAPR_PCI_WIN_BASE + (guint64)(phb->index + 1) * SPAPR_PCI_MEM32_WIN_SIZE;
    if (phb->mem64_win_size == 0 && phb->mem64_size) {
        /* The split window: its 64-bit part follows the 32-bit one, in CPU and PCI space. */
        phb->mem64_addr = phb->mem32_addr + SPAPR_PCI_MEM32_WIN_SIZE;
        phb->mem64_pci_addr = SPAPR_PCI_MEM32_BUS_ADDR + SPAPR_PCI_MEM32_WIN_SIZE;
    } else {
        phb->mem64_addr = SPAPR_PCI_WIN_BASE + (guint64)(phb->index + 1) * SPAPR_PCI_MEM64_WIN_SIZE;
        phb->mem64_pci_addr = phb->mem64_addr;
    }
    return TRUE;
}

static void spapr_phb_unrealize(ModvmDevice *dev)
{
    g_clear_pointer(&SPAPR_PHB(dev)->tces, g_free);
}

/* A reset unmaps every page (QEMU's spapr_tce_reset). */
static void spapr_phb_reset(ModvmDevice *dev)
{
    SpaprPhb *phb = SPAPR_PHB(dev);

    if (phb->tces) {
        memset(phb->tces, 0, phb->n_tces * sizeof(phb->tces[0]));
    }
}

static gboolean same_buid(ModvmDevice *dev, gpointer data)
{
    return SPAPR_PHB(dev)->buid == *(guint64 *)data;
}

static gboolean claim_lsis(ModvmDevice *dev, gpointer data)
{
    SpaprPhb *phb = SPAPR_PHB(dev);

    for (guint pin = 0; pin < SPAPR_PCI_NUM_PINS; pin++) {
        spapr_irq_claim(data, spapr_phb_lsi(phb, pin), TRUE);
    }
    return FALSE;       /* on to the next PHB */
}

void spapr_phb_claim_irqs(SpaprMachine *spapr)
{
    spapr_find_realized(MODVM_OBJECT(spapr), spapr_phb_get_type(), NULL, claim_lsis, spapr);
}

/*
 * The bridge's node, as QEMU 7.2's spapr_dt_phb writes it for an empty
 * bus. Left out, because modvm does not implement what they lead to:
 * dynamic DMA windows (ibm,ddw-*) and the hotplug connectors (ibm,drc-*,
 * ibm,my-drc-index: set-indicator and ibm,configure-connector).
 */
static void spapr_phb_dt(SpaprPhb *phb, Dt *dt)
{
    g_autofree char *name = g_strdup_printf("pci@%" G_GINT64_MODIFIER "x", phb->buid);
    const guint32 bus_range[2] = { 0, 0xff };
    const guint32 reg[4] = { (guint32)(phb->buid >> 32), (guint32)phb->buid, 0, 0 };
    /* phys.hi, phys.mid, phys.lo (PCI address), CPU address (2), size (2). */
    guint32 ranges[3][7] = {
        { 0x01000000, 0, 0, (guint32)(phb->io_addr >> 32), (guint32)phb->io_addr,
          (guint32)(phb->io_win_size >> 32), (guint32)phb->io_win_size },
        { 0x02000000, 0, SPAPR_PCI_MEM32_BUS_ADDR, (guint32)(phb->mem32_addr >> 32),
          (guint32)phb->mem32_addr, (guint32)(phb->mem32_size >> 32), (guint32)phb->mem32_size },
        { 0x03000000, (guint32)(phb->mem64_pci_addr >> 32), (guint32)phb->mem64_pci_addr,
          (guint32)(phb->mem64_addr >> 32), (guint32)phb->mem64_addr,
          (guint32)(phb->mem64_size >> 32), (guint32)phb->mem64_size },
    };
    const guint32 map_mask[4] = { 0x1f << 11, 0, 0, 0xffffffff };
    guint32 map[32 * SPAPR_PCI_NUM_PINS][7];
    int node = dt_node(dt, 0, name);

    /* INTx: slot s pin p (1 to 4) is LSI (s + p - 1) mod 4, QEMU's swizzle. */
    for (guint slot = 0; slot < 32; slot++) {
        for (guint pin = 0; pin < SPAPR_PCI_NUM_PINS; pin++) {
            guint32 *e = map[slot * SPAPR_PCI_NUM_PINS + pin];
            e[0] = slot << 11;
            e[1] = 0;
            e[2] = 0;
            e[3] = pin + 1;
            e[4] = SPAPR_PHANDLE_INTC;
            e[5] = spapr_phb_lsi(phb, (slot + pin) % SPAPR_PCI_NUM_PINS);
            e[6] = 1;       /* level, low: an LSI */
        }
    }
    dt_string(dt, node, "device_type", "pci");
    dt_string(dt, node, "compatible", "IBM,Logical_PHB");
    dt_cell(dt, node, "#interrupt-cells", 1);
    dt_empty(dt, node, "used-by-rtas");
    dt_cells(dt, node, "bus-range", bus_range, 2);
    dt_cells(dt, node, "ranges", ranges[0], phb->mem64_size ? 21 : 14);
    dt_cells(dt, node, "reg", reg, 4);
    if (phb->pcie_ecs) {
        dt_cell(dt, node, "ibm,pci-config-space-type", 1);
    }
    /* The MSI sources a PE may have: the machine's whole MSI range, as QEMU says. */
    dt_cell(dt, node, "ibm,pe-total-#msi",
            SPAPR_XICS_IRQ_BASE + SPAPR_XICS_NR_IRQS - SPAPR_IRQ_MSI);
    dt_cells(dt, node, "interrupt-map-mask", map_mask, 4);
    dt_cells(dt, node, "interrupt-map", map[0], G_N_ELEMENTS(map) * 7);
    if (phb->n_tces) {
        /* LIOBN, bus address (2 cells), size (2 cells). */
        const guint32 window[5] = {
            phb->liobn, (guint32)(phb->dma_win_addr >> 32), (guint32)phb->dma_win_addr,
            (guint32)(phb->dma_win_size >> 32), (guint32)phb->dma_win_size,
        };
        dt_cell(dt, node, "ibm,#dma-address-cells", 2);
        dt_cell(dt, node, "ibm,#dma-size-cells", 2);
        dt_cells(dt, node, "ibm,dma-window", window, 5);
    }
    /* The tree lists the bus's devices (none yet): SLOF need not probe it again. */
    dt_cell(dt, node, "qemu,phb-enumerated", 1);
    dt_cell(dt, node, "#address-cells", 3);
    dt_cell(dt, node, "#size-cells", 2);
}

static gboolean dt_one(ModvmDevice *dev, gpointer data)
{
    spapr_phb_dt(SPAPR_PHB(dev), data);
    return FALSE;       /* on to the next PHB */
}

void spapr_dt_phbs(Dt *dt, SpaprMachine *spapr)
{
    spapr_find_realized(MODVM_OBJECT(spapr), spapr_phb_get_type(), NULL, dt_one, dt);
}

/*
 * A configuration space access: @addr is LoPAR's config_addr (bus in
 * bits 16-23, devfn in 8-15, register in 0-7 with 4 more bits in 28-31
 * for PCIe extended space). As in QEMU, a bad size, an unknown bridge,
 * an absent device or a misaligned register is a hardware error (-1),
 * and the value is left as it was: Linux reads that as all ones.
 */
static gint32 spapr_phb_config_access(SpaprMachine *spapr, guint64 buid, guint32 addr,
                                      guint32 size)
{
    SpaprPhb *phb;

    if (size != 1 && size != 2 && size != 4) {
        modvm_log_guest_error("PCI config: access of %u bytes (1, 2 or 4)\n", size);
        return RTAS_OUT_HW_ERROR;
    }
    phb = (SpaprPhb *)spapr_find_realized(MODVM_OBJECT(spapr), spapr_phb_get_type(), NULL,
                                          same_buid, &buid);
    if (!phb) {
        modvm_log_guest_error("PCI config: no host bridge with BUID 0x%" G_GINT64_MODIFIER "x\n",
                              buid);
        return RTAS_OUT_HW_ERROR;
    }
    /* No device on any bus yet. */
    return RTAS_OUT_HW_ERROR;
}

static guint64 rtas_buid(const guint32 *args)
{
    return (guint64)args[1] << 32 | args[2];
}

/* ibm,read-pci-config: config_addr, BUID high, BUID low, size -> status, value. */
static void rtas_ibm_read_pci_config(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                     guint32 token, guint32 nargs, const guint32 *args,
                                     guint32 nret, guint32 *rets)
{
    if (nargs != 4 || nret != 2) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    rets[0] = (guint32)spapr_phb_config_access(spapr, rtas_buid(args), args[0], args[3]);
}

/* ibm,write-pci-config: config_addr, BUID high, BUID low, size, value -> status. */
static void rtas_ibm_write_pci_config(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                      guint32 token, guint32 nargs, const guint32 *args,
                                      guint32 nret, guint32 *rets)
{
    if (nargs != 5 || nret != 1) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    rets[0] = (guint32)spapr_phb_config_access(spapr, rtas_buid(args), args[0], args[3]);
}

/*
 * read-pci-config and write-pci-config, the calls without a BUID: QEMU
 * sends them to BUID 0, which no bridge has.
 */
static void rtas_read_pci_config(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                 guint32 token, guint32 nargs, const guint32 *args,
                                 guint32 nret, guint32 *rets)
{
    if (nargs != 2 || nret != 2) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    rets[0] = (guint32)spapr_phb_config_access(spapr, 0, args[0], args[1]);
}

static void rtas_write_pci_config(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                  guint32 token, guint32 nargs, const guint32 *args,
                                  guint32 nret, guint32 *rets)
{
    if (nargs != 3 || nret != 1) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    rets[0] = (guint32)spapr_phb_config_access(spapr, 0, args[0], args[1]);
}

static gboolean same_liobn(ModvmDevice *dev, gpointer data)
{
    return SPAPR_PHB(dev)->liobn == *(guint64 *)data;
}

/* The bridge whose default window has I/O bus number @liobn, or NULL. */
static SpaprPhb *spapr_tce_find(SpaprMachine *spapr, guint64 liobn)
{
    return (SpaprPhb *)spapr_find_realized(MODVM_OBJECT(spapr), spapr_phb_get_type(), NULL,
                                           same_liobn, &liobn);
}

/* The TCE of bus address @ioba in @phb's window, or NULL (QEMU: H_PARAMETER). */
static guint64 *spapr_tce_slot(SpaprPhb *phb, guint64 ioba)
{
    guint64 index;

    if (!phb || ioba < phb->dma_win_addr) {
        return NULL;
    }
    index = (ioba - phb->dma_win_addr) >> SPAPR_TCE_PAGE_SHIFT;
    return index < phb->n_tces ? &phb->tces[index] : NULL;
}

/*
 * H_PUT_TCE (LoPAR): liobn, ioba, tce. The TCE is kept as given: modvm's
 * bus has no device that would DMA through it yet.
 */
static gint64 h_put_tce(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                        guint64 *args)
{
    guint64 *slot = spapr_tce_slot(spapr_tce_find(spapr, args[0]), args[1]);

    if (!slot) {
        modvm_log_guest_error("H_PUT_TCE: no page 0x%" G_GINT64_MODIFIER "x in window 0x%"
                              G_GINT64_MODIFIER "x\n", args[1], args[0]);
        return H_PARAMETER;
    }
    *slot = args[2];
    return H_SUCCESS;
}

/* H_GET_TCE: liobn, ioba -> the TCE in r4. */
static gint64 h_get_tce(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                        guint64 *args)
{
    guint64 *slot = spapr_tce_slot(spapr_tce_find(spapr, args[0]), args[1]);

    if (!slot) {
        return H_PARAMETER;
    }
    args[0] = *slot;
    return H_SUCCESS;
}

/*
 * Sets @npages TCEs from the page of @ioba on: each to @tces[i] (big-endian,
 * as the guest's list holds them), or all to @same when @tces is NULL. As
 * in QEMU, the pages before the first one out of the window are set.
 */
static gint64 spapr_tce_set_pages(SpaprPhb *phb, guint64 ioba, guint64 npages,
                                  const guint64 *tces, guint64 same)
{
    ioba &= ~((1ull << SPAPR_TCE_PAGE_SHIFT) - 1);
    for (guint64 i = 0; i < npages; i++, ioba += 1ull << SPAPR_TCE_PAGE_SHIFT) {
        guint64 *slot = spapr_tce_slot(phb, ioba);
        if (!slot) {
            return H_PARAMETER;
        }
        *slot = tces ? GUINT64_FROM_BE(tces[i]) : same;
    }
    return H_SUCCESS;
}

/*
 * H_STUFF_TCE: liobn, ioba, tce, count: the same TCE into consecutive
 * pages; a count larger than the window is refused at once, as in QEMU.
 */
static gint64 h_stuff_tce(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                          guint64 *args)
{
    guint64 npages = args[3];
    SpaprPhb *phb = spapr_tce_find(spapr, args[0]);

    if (!phb || npages > phb->n_tces) {
        return H_PARAMETER;
    }
    return spapr_tce_set_pages(phb, args[1], npages, NULL, args[2]);
}

/*
 * H_PUT_TCE_INDIRECT: liobn, ioba, the guest address of a 4 KiB-aligned
 * list of TCEs (big-endian), count (at most 512, one page of them).
 */
static gint64 h_put_tce_indirect(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                 guint64 opcode, guint64 *args)
{
    ModvmAddressSpace *as = modvm_machine_address_space(MODVM_MACHINE(spapr));
    guint64 list = args[2], npages = args[3];
    guint64 tces[512];
    SpaprPhb *phb = spapr_tce_find(spapr, args[0]);

    if (!phb || npages > 512 ||
        list & ((1ull << SPAPR_TCE_PAGE_SHIFT) - 1)) {
        return H_PARAMETER;
    }
    if (npages && modvm_address_space_read(as, list, tces, npages * 8) != MODVM_MEM_OK) {
        modvm_log_guest_error("H_PUT_TCE_INDIRECT: TCE list at 0x%" G_GINT64_MODIFIER "x is "
                              "not memory\n", list);
        return H_PARAMETER;
    }
    return spapr_tce_set_pages(phb, args[1], npages, tces, 0);
}

static const SpaprHcallDef spapr_phb_hcalls[] = {
    { H_GET_TCE, "H_GET_TCE", h_get_tce },
    { H_PUT_TCE, "H_PUT_TCE", h_put_tce },
    { H_STUFF_TCE, "H_STUFF_TCE", h_stuff_tce },
    { H_PUT_TCE_INDIRECT, "H_PUT_TCE_INDIRECT", h_put_tce_indirect },
    { 0, NULL, NULL }
};

/*
 * The EEH calls (LoPAR "Enhanced I/O Error Handling"): ibm,set-eeh-option,
 * ibm,get-config-addr-info2, ibm,read-slot-reset-state2,
 * ibm,set-slot-reset, ibm,configure-pe, ibm,slot-error-detail. QEMU
 * offers EEH only on bridges of passed-through (VFIO) devices and answers
 * a parameter error for every other bridge; modvm's are all emulated.
 * Linux only needs the calls to exist to start its EEH core, which then
 * finds no capable adapter.
 */
static void rtas_eeh_unavailable(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                 guint32 token, guint32 nargs, const guint32 *args,
                                 guint32 nret, guint32 *rets)
{
    spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
}

static const SpaprRtasDef spapr_phb_rtas_calls[] = {
    { "read-pci-config", rtas_read_pci_config },
    { "write-pci-config", rtas_write_pci_config },
    { "ibm,read-pci-config", rtas_ibm_read_pci_config },
    { "ibm,write-pci-config", rtas_ibm_write_pci_config },
    { "ibm,set-eeh-option", rtas_eeh_unavailable },
    { "ibm,get-config-addr-info2", rtas_eeh_unavailable },
    { "ibm,read-slot-reset-state2", rtas_eeh_unavailable },
    { "ibm,set-slot-reset", rtas_eeh_unavailable },
    { "ibm,configure-pe", rtas_eeh_unavailable },
    { "ibm,slot-error-detail", rtas_eeh_unavailable },
    { NULL, NULL }
};

static void spapr_phb_class_init(SpaprPhbClass *klass)
{
    MODVM_OBJECT_CLASS(klass)->description = "sPAPR PCI host bridge";
    MODVM_DEVICE_CLASS(klass)->realize = spapr_phb_realize;
    MODVM_DEVICE_CLASS(klass)->unrealize = spapr_phb_unrealize;
    MODVM_DEVICE_CLASS(klass)->reset = spapr_phb_reset;
    spapr_class_set_hcalls(klass, spapr_phb_hcalls);
    spapr_class_set_rtas(klass, spapr_phb_rtas_calls);
    modvm_class_install_properties(G_OBJECT_CLASS(klass), spapr_phb_props);
}

static void spapr_phb_init(SpaprPhb *phb)
{
}
