/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -kernel and -initrd in guest RAM where QEMU's pseries puts them, for either firmware. */
#include "vof.h"

#include <glib/gstdio.h>

gboolean fw_write_image(ModvmAddressSpace *as, const guint8 *data, guint64 addr, guint64 filesz,
                        guint64 memsz, GError **error)
{
    static const guint8 zeros[65536];

    if (modvm_address_space_write(as, addr, data, filesz) != MODVM_MEM_OK) {
        goto fail;
    }
    for (guint64 done = filesz; done < memsz;) {
        guint64 n = MIN(memsz - done, sizeof(zeros));
        if (modvm_address_space_write(as, addr + done, zeros, n) != MODVM_MEM_OK) {
            goto fail;
        }
        done += n;
    }
    return TRUE;
fail:
    g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED,
                "cannot write 0x%" G_GINT64_MODIFIER "x bytes at 0x%" G_GINT64_MODIFIER "x",
                memsz, addr);
    return FALSE;
}

/*
 * QEMU places the initrd in the gap after the kernel, 64 KiB aligned with
 * some room, and refuses it past the RMA (at most 2 GiB) less the 40 MiB
 * its SLOF needs for itself.
 */
static gboolean fw_place_initrd(FwBoot *boot, SpaprMachine *spapr, const char *path,
                                GError **error)
{
    guint64 limit = MIN(spapr->rma_size, SPAPR_FDT_MAX_ADDR) - FW_OVERHEAD;
    guint64 base = (boot->kernel.base + boot->kernel.size + 0x1ffff) & ~0xffffull;
    g_autofree char *data = NULL;
    GStatBuf st;
    gsize size = 0;

    /* The size first: a file too big is refused before it is read. */
    if (g_stat(path, &st) == 0 && st.st_size >= 0) {
        size = (gsize)st.st_size;
    }
    if (size <= limit - MIN(base, limit) &&
        !g_file_get_contents(path, &data, &size, error)) {
        g_prefix_error(error, "could not load initial ram disk '%s': ", path);
        return FALSE;
    }
    if (base > limit || size > limit - base) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "could not load initial ram disk '%s': %" G_GSIZE_FORMAT " bytes at 0x%"
                    G_GINT64_MODIFIER "x go past 0x%" G_GINT64_MODIFIER "x: give more memory "
                    "with -m or a smaller initrd", path, size, base, limit);
        return FALSE;
    }
    for (guint i = 0; size && i < boot->kernel.segments->len; i++) {
        VofSegment *s = &g_array_index(boot->kernel.segments, VofSegment, i);
        if (s->addr < base + size && base < s->addr + s->memsz) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "could not load initial ram disk '%s': it would overlap the kernel's "
                        "segment at 0x%" G_GINT64_MODIFIER "x", path, s->addr);
            return FALSE;
        }
    }
    /* Read once: every reset puts back the file as it was at start-up, as QEMU does. */
    boot->initrd = g_bytes_new_take(g_steal_pointer(&data), size);
    spapr->initrd_base = size ? base : 0;
    spapr->initrd_size = size;
    return TRUE;
}

gboolean fw_boot_realize(FwBoot *boot, SpaprMachine *spapr, GError **error)
{
    const char *kernel = modvm_machine_kernel(MODVM_MACHINE(spapr));
    const char *initrd = modvm_machine_initrd(MODVM_MACHINE(spapr));
    g_autoptr(GMappedFile) map = NULL;
    g_autoptr(GBytes) bytes = NULL;

    spapr->kernel_base = spapr->kernel_size = 0;
    spapr->initrd_base = spapr->initrd_size = 0;
    spapr->kernel_le = FALSE;
    if (!kernel) {
        return TRUE;
    }
    map = g_mapped_file_new(kernel, FALSE, error);
    if (!map) {
        g_prefix_error(error, "-kernel: ");
        return FALSE;
    }
    bytes = g_mapped_file_get_bytes(map);
    if (!vof_elf_parse(bytes, spapr->kernel_addr, modvm_machine_ram_size(MODVM_MACHINE(spapr)),
                       &boot->kernel, error)) {
        g_prefix_error(error, "error loading %s: ", kernel);
        return FALSE;
    }
    vof_kernel_keep_segments(&boot->kernel);
    if (boot->kernel.base != spapr->kernel_addr) {
        g_printerr("modvm: warning: spapr: kernel_addr changed from 0x%" G_GINT64_MODIFIER "x "
                   "to 0x%" G_GINT64_MODIFIER "x\n", spapr->kernel_addr, boot->kernel.base);
    }
    spapr->kernel_base = boot->kernel.base;
    spapr->kernel_size = boot->kernel.size;
    spapr->kernel_le = boot->kernel.little_endian;
    if (initrd && !fw_place_initrd(boot, spapr, initrd, error)) {
        vof_kernel_clear(&boot->kernel);
        spapr->kernel_base = spapr->kernel_size = 0;
        return FALSE;
    }
    return TRUE;
}

gboolean fw_boot_write(FwBoot *boot, SpaprMachine *spapr, ModvmAddressSpace *as, GError **error)
{
    for (guint i = 0; boot->kernel.segments && i < boot->kernel.segments->len; i++) {
        VofSegment *s = &g_array_index(boot->kernel.segments, VofSegment, i);
        const guint8 *data = g_bytes_get_data(boot->kernel.file, NULL);
        if (!fw_write_image(as, data + s->offset, s->addr, s->filesz, s->memsz, error)) {
            g_prefix_error(error, "-kernel: ");
            return FALSE;
        }
    }
    if (spapr->initrd_size &&
        !fw_write_image(as, g_bytes_get_data(boot->initrd, NULL), spapr->initrd_base,
                        spapr->initrd_size, spapr->initrd_size, error)) {
        g_prefix_error(error, "-initrd: ");
        return FALSE;
    }
    return TRUE;
}

void fw_boot_clear(FwBoot *boot)
{
    vof_kernel_clear(&boot->kernel);
    g_clear_pointer(&boot->initrd, g_bytes_unref);
}
