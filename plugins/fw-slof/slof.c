/* SPDX-License-Identifier: GPL-2.0-or-later */
/* "slof": the default pseries firmware: a SLOF image (-bios, else slof.bin) at 0, as QEMU loads it. */
#include "vof.h"

typedef struct {
    ModvmFirmware parent;
    GBytes *image;              /* read when realized */
    FwBoot boot;
} Slof;

typedef struct {
    ModvmFirmwareClass parent_class;
} SlofClass;

MODVM_DEFINE_DYNAMIC_TYPE(Slof, slof, "slof", MODVM_TYPE_FIRMWARE)
#define SLOF(obj) (G_TYPE_CHECK_INSTANCE_CAST((obj), slof_get_type(), Slof))

/* QEMU's FW_MAX_SIZE: the image goes at 0, below the kernel at kernel-addr (4 MiB). */
#define SLOF_MAX_SIZE   0x400000ull
#define SLOF_DEFAULT    "slof.bin"

static gboolean slof_read_image(Slof *slof, SpaprMachine *spapr, GError **error)
{
    const char *bios = modvm_machine_firmware(MODVM_MACHINE(spapr));
    const char *what = bios ? "-bios" : "the pseries firmware";
    g_autoptr(GError) err = NULL;
    g_autofree char *path = modvm_firmware_find_file(bios ? bios : SLOF_DEFAULT, &err);
    g_autofree char *data = NULL;
    guint64 limit = MIN(SLOF_MAX_SIZE, spapr->rma_size);
    gsize size = 0;

    if (!path) {
        /* Debian has slof.bin in qemu-system-data; VOF needs no image. */
        g_set_error(error, err->domain, err->code, "%s: could not find LPAR firmware: %s%s",
                    what, err->message, bios ? "" : " (install qemu-system-data, give -bios "
                    "FILE, or boot with -M pseries,x-vof=on)");
        return FALSE;
    }
    if (!g_file_get_contents(path, &data, &size, error)) {
        g_prefix_error(error, "%s: could not load LPAR firmware '%s': ", what, path);
        return FALSE;
    }
    if (size == 0) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "%s: could not load LPAR firmware '%s': the file is empty", what, path);
        return FALSE;
    }
    if (size > limit) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "%s: could not load LPAR firmware '%s': %" G_GSIZE_FORMAT " bytes, more "
                    "than the %" G_GUINT64_FORMAT " KiB pseries loads firmware into (from 0 "
                    "up to the kernel at 4 MiB)", what, path, size, limit / 1024);
        return FALSE;
    }
    slof->image = g_bytes_new_take(g_steal_pointer(&data), size);
    return TRUE;
}

static gboolean slof_realize(ModvmDevice *dev, GError **error)
{
    Slof *slof = SLOF(dev);
    SpaprMachine *spapr = spapr_machine_from(modvm_object_get_root(MODVM_OBJECT(dev)));
    gsize size;

    if (!spapr) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "slof is the firmware of pseries machines only");
        return FALSE;
    }
    if (!slof_read_image(slof, spapr, error) || !fw_boot_realize(&slof->boot, spapr, error)) {
        return FALSE;
    }
    /* QEMU refuses overlapping images ("rom: requested regions overlap"). */
    size = g_bytes_get_size(slof->image);
    if (spapr->kernel_size && spapr->kernel_base < size) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "the firmware (0x%" G_GSIZE_MODIFIER "x bytes from 0) and the kernel at "
                    "0x%" G_GINT64_MODIFIER "x overlap: raise kernel-addr", size,
                    spapr->kernel_base);
        return FALSE;
    }
    return TRUE;
}

static void slof_unrealize(ModvmDevice *dev)
{
    Slof *slof = SLOF(dev);

    fw_boot_clear(&slof->boot);
    g_clear_pointer(&slof->image, g_bytes_unref);
}

/*
 * At every reset, as QEMU's ROM blobs: the image at 0, the kernel and
 * the initrd. The machine puts the tree in RAM and enters the image at
 * 0x100 (QEMU's spapr_machine_reset).
 */
static gboolean slof_load(ModvmFirmware *fw, ModvmMachine *machine, GError **error)
{
    Slof *slof = SLOF(fw);
    SpaprMachine *spapr = spapr_machine_from(machine);
    ModvmAddressSpace *as = modvm_machine_address_space(machine);
    gsize size = 0;
    const guint8 *image;

    if (!spapr || !slof->image) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "slof is the firmware of realized pseries machines only");
        return FALSE;
    }
    image = g_bytes_get_data(slof->image, &size);
    if (!fw_write_image(as, image, 0, size, size, error)) {
        g_prefix_error(error, "firmware: ");
        return FALSE;
    }
    return fw_boot_write(&slof->boot, spapr, as, error);
}

static void slof_finalize(GObject *obj)
{
    Slof *slof = SLOF(obj);

    fw_boot_clear(&slof->boot);
    g_clear_pointer(&slof->image, g_bytes_unref);
    G_OBJECT_CLASS(slof_parent_class)->finalize(obj);
}

static void slof_class_init(SlofClass *klass)
{
    G_OBJECT_CLASS(klass)->finalize = slof_finalize;
    MODVM_OBJECT_CLASS(klass)->description =
        "SLOF: a pseries firmware image (-bios FILE, default slof.bin) entered at 0x100";
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;
    MODVM_DEVICE_CLASS(klass)->realize = slof_realize;
    MODVM_DEVICE_CLASS(klass)->unrealize = slof_unrealize;
    MODVM_FIRMWARE_CLASS(klass)->load = slof_load;
}

static void slof_init(Slof *slof)
{
}
