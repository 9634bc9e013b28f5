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
    modvm_class_install_properties(G_OBJECT_CLASS(klass), spapr_nvram_props);
}

static void spapr_nvram_init(SpaprNvram *nvram)
{
}
