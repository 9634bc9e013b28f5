/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-nvram: the partition's non-volatile RAM, as bytes in host memory. */
#include "spapr.h"

MODVM_DEFINE_DYNAMIC_TYPE(SpaprNvram, spapr_nvram, "spapr-nvram", spapr_vio_device_get_type())

/* Sizes as QEMU's spapr-nvram allows them. */
static const ModvmProperty spapr_nvram_props[] = {
    MODVM_PROP_SIZE("size", SpaprNvram, size, SPAPR_NVRAM_DEFAULT_SIZE, SPAPR_NVRAM_MIN_SIZE,
                    SPAPR_NVRAM_MAX_SIZE, "NVRAM size in bytes"),
    MODVM_PROP_STRING("drive", SpaprNvram, drive, NULL,
                      "block backend holding the NVRAM contents (not supported yet)"),
    MODVM_PROP_END
};

static gboolean spapr_nvram_realize(ModvmDevice *dev, GError **error)
{
    SpaprNvram *nvram = SPAPR_NVRAM(dev);
    ModvmDevice *other;

    if (nvram->drive && *nvram->drive) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_UNSUPPORTED,
                    "drive=%s: block backends are not supported yet; remove drive= "
                    "(the NVRAM then starts empty at every start)", nvram->drive);
        return FALSE;
    }
    /* RTAS nvram-fetch and nvram-store know one NVRAM per partition. */
    other = spapr_find_realized(modvm_object_get_root(MODVM_OBJECT(dev)),
                                spapr_nvram_get_type(), dev, NULL, NULL);
    if (other) {
        g_autofree char *path = modvm_object_get_path(MODVM_OBJECT(other));
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE,
                    "a machine has one spapr-nvram, and %s is it", path);
        return FALSE;
    }
    nvram->buf = g_malloc0(nvram->size);
    return TRUE;
}

static void spapr_nvram_unrealize(ModvmDevice *dev)
{
    SpaprNvram *nvram = SPAPR_NVRAM(dev);

    g_clear_pointer(&nvram->buf, g_free);
}

/*
 * nvram-fetch / nvram-store (LoPAR "NVRAM"): offset, buffer, length;
 * the status and the bytes moved. Checks as QEMU's.
 */
static void rtas_nvram_fetch_store(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                   guint32 token, guint32 nargs, const guint32 *args,
                                   guint32 nret, guint32 *rets)
{
    SpaprNvram *nvram = SPAPR_NVRAM(owner);
    ModvmAddressSpace *as = modvm_machine_address_space(MODVM_MACHINE(spapr));
    guint64 offset, len, buffer;
    ModvmMemResult r;

    if (nargs != 3 || nret != 2) {
        if (nret) {
            rets[0] = (guint32)RTAS_OUT_PARAM_ERROR;
        }
        return;
    }
    offset = args[0];
    buffer = spapr_guest_real_addr(cpu, args[1]);
    len = args[2];
    if (offset + len > nvram->size) {
        rets[0] = (guint32)RTAS_OUT_PARAM_ERROR;
        rets[1] = 0;
        return;
    }
    if (token == spapr_rtas_token("nvram-fetch")) {
        r = modvm_address_space_write(as, buffer, nvram->buf + offset, len);
    } else {
        r = modvm_address_space_read(as, buffer, nvram->buf + offset, len);
    }
    if (r != MODVM_MEM_OK) {
        modvm_log_guest_error("RTAS nvram: buffer 0x%" G_GINT64_MODIFIER "x+0x%"
                              G_GINT64_MODIFIER "x is not RAM\n", buffer, len);
        rets[0] = (guint32)RTAS_OUT_HW_ERROR;
        rets[1] = 0;
        return;
    }
    rets[0] = RTAS_OUT_SUCCESS;
    rets[1] = (guint32)len;
}

static const SpaprRtasDef spapr_nvram_rtas_calls[] = {
    { "nvram-fetch", rtas_nvram_fetch_store },
    { "nvram-store", rtas_nvram_fetch_store },
    { NULL, NULL }
};

static int spapr_nvram_dt_node(SpaprVioDevice *dev, void *fdt, int node)
{
    return fdt_setprop_cell(fdt, node, "#bytes", (guint32)SPAPR_NVRAM(dev)->size);
}

static void spapr_nvram_class_init(SpaprNvramClass *klass)
{
    SpaprVioDeviceClass *vc = (SpaprVioDeviceClass *)klass;

    MODVM_OBJECT_CLASS(klass)->description = "sPAPR NVRAM (RTAS nvram-fetch/nvram-store)";
    /* As in QEMU: the machine description provides it, not -device. */
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;
    MODVM_DEVICE_CLASS(klass)->realize = spapr_nvram_realize;
    MODVM_DEVICE_CLASS(klass)->unrealize = spapr_nvram_unrealize;
    vc->dt_name = "nvram";
    vc->dt_type = "nvram";
    vc->dt_compatible = "qemu,spapr-nvram";
    vc->dt_node = spapr_nvram_dt_node;
    spapr_class_set_rtas(klass, spapr_nvram_rtas_calls);
    modvm_class_install_properties(G_OBJECT_CLASS(klass), spapr_nvram_props);
}

static void spapr_nvram_init(SpaprNvram *nvram)
{
}
