/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Firmware: what a machine loads into the guest before the first instruction. */
#pragma once

#include <modvm/machine.h>

G_BEGIN_DECLS

#define MODVM_TYPE_FIRMWARE (modvm_firmware_get_type())
G_DECLARE_DERIVABLE_TYPE(ModvmFirmware, modvm_firmware, MODVM, FIRMWARE, ModvmDevice)

struct _ModvmFirmwareClass {
    ModvmDeviceClass parent_class;
    /* Load images into @machine's memory and set the boot CPU's entry state. */
    gboolean (*load)(ModvmFirmware *fw, ModvmMachine *machine, GError **error);
    gpointer reserved[8];
};

gboolean modvm_firmware_load(ModvmFirmware *fw, ModvmMachine *machine, GError **error);

/**
 * modvm_firmware_find_file:
 * (transfer full) the path of firmware image @name: @name itself when it
 * contains a '/' or names a file in the current directory (as QEMU's
 * qemu_find_file), else the first of MODVM_FIRMWARE_PATH (-L directories
 * first), the build tree's pc-bios-like directories and /usr/share/qemu
 * that has it; NULL with an error listing where it looked.
 */
char *modvm_firmware_find_file(const char *name, GError **error);

G_END_DECLS
