/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-nvram: the partition's non-volatile RAM: bytes in host memory, kept in a drive's file. */
#include "spapr.h"

#include <string.h>

MODVM_DEFINE_DYNAMIC_TYPE(SpaprNvram, spapr_nvram, "spapr-nvram", spapr_vio_device_get_type())

/* Sizes as QEMU's spapr-nvram allows them. */
static const ModvmProperty spapr_nvram_props[] = {
    MODVM_PROP_SIZE("size", SpaprNvram, size, SPAPR_NVRAM_DEFAULT_SIZE, SPAPR_NVRAM_MIN_SIZE,
                    SPAPR_NVRAM_MAX_SIZE, "NVRAM size in bytes"),
    MODVM_PROP_LINK("drive", SpaprNvram, drive, "ModvmBlockBackend",
                    "-drive id holding the NVRAM contents (its size is the NVRAM's); "
                    "unset: -drive if=pflash unit 0, if any"),
    MODVM_PROP_END
};

static gboolean spapr_nvram_realize(ModvmDevice *dev, GError **error)
{
    SpaprNvram *nvram = SPAPR_NVRAM(dev);
    ModvmBlockBackend *blk = nvram->drive;
    ModvmDevice *other;

    /* QEMU's pseries backs its NVRAM with pflash unit 0 unless drive= names another. */
    if (!blk) {
        blk = modvm_block_find_drive(MODVM_OBJECT(dev), "pflash", 0);
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
    if (blk) {
        const char *id = modvm_object_get_id(MODVM_OBJECT(blk));
        if (modvm_block_is_read_only(blk)) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "drive '%s' is read-only, and the NVRAM is written to it: "
                        "remove readonly=on", id);
            return FALSE;
        }
        /* As QEMU: the file's size is the NVRAM's, within the same limits. */
        nvram->size = modvm_block_size(blk);
    }
    if (nvram->size < SPAPR_NVRAM_MIN_SIZE || nvram->size > SPAPR_NVRAM_MAX_SIZE) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "spapr-nvram must be between %d and %d bytes in size, not %"
                    G_GUINT64_FORMAT "%s", SPAPR_NVRAM_MIN_SIZE, SPAPR_NVRAM_MAX_SIZE,
                    nvram->size, blk ? " (the size of its drive's file)" : "");
        return FALSE;
    }
    if (blk && !modvm_block_attach(blk, MODVM_OBJECT(dev), error)) {
        return FALSE;
    }
    nvram->buf = g_malloc0(nvram->size);
    if (blk && !modvm_block_read(blk, 0, nvram->buf, nvram->size, error)) {
        g_prefix_error(error, "can't read spapr-nvram contents: ");
        modvm_block_detach(blk);
        g_clear_pointer(&nvram->buf, g_free);
        return FALSE;
    }
    nvram->blk = blk;
    return TRUE;
}

static void spapr_nvram_unrealize(ModvmDevice *dev)
{
    SpaprNvram *nvram = SPAPR_NVRAM(dev);

    if (nvram->blk) {
        g_autoptr(GError) err = NULL;
        if (!modvm_block_flush(nvram->blk, &err)) {
            g_printerr("modvm: spapr-nvram: %s\n", err->message);
        }
        modvm_block_detach(nvram->blk);
        nvram->blk = NULL;
    }
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
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    offset = args[0];
    buffer = spapr_guest_real_addr(cpu, args[1]);
    len = args[2];
    if (offset + len > nvram->size) {
        /* QEMU reports the count moved (0) for a fetch only. */
        rets[0] = (guint32)RTAS_OUT_PARAM_ERROR;
        if (token == spapr_rtas_token("nvram-fetch")) {
            rets[1] = 0;
        }
        return;
    }
    if (token == spapr_rtas_token("nvram-fetch")) {
        r = modvm_address_space_write(as, buffer, nvram->buf + offset, len);
    } else {
        /* Into a copy first: a store from a buffer that is not all RAM changes nothing. */
        g_autofree guint8 *data = g_malloc(MAX(len, 1));
        g_autoptr(GError) err = NULL;

        r = modvm_address_space_read(as, buffer, data, len);
        if (r == MODVM_MEM_OK && nvram->blk &&
            !modvm_block_write(nvram->blk, offset, data, len, &err)) {
            g_printerr("modvm: spapr-nvram: %s\n", err->message);
            rets[0] = (guint32)RTAS_OUT_HW_ERROR;
            rets[1] = 0;
            return;
        }
        if (r == MODVM_MEM_OK) {
            memcpy(nvram->buf + offset, data, len);
        }
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
