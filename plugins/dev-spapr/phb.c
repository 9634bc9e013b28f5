/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-pci-host-bridge: a PAPR PCI host bridge: its index, BUID and window sizes. */
#include "spapr.h"

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
    phb->buid = SPAPR_PCI_BASE_BUID + phb->index;
    return TRUE;
}

static void spapr_phb_class_init(SpaprPhbClass *klass)
{
    MODVM_OBJECT_CLASS(klass)->description = "sPAPR PCI host bridge";
    MODVM_DEVICE_CLASS(klass)->realize = spapr_phb_realize;
    modvm_class_install_properties(G_OBJECT_CLASS(klass), spapr_phb_props);
}

static void spapr_phb_init(SpaprPhb *phb)
{
}
