/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ModvmFirmware: the base type of firmware, and the firmware image search. */
#include "core.h"

#include <string.h>

G_DEFINE_ABSTRACT_TYPE(ModvmFirmware, modvm_firmware, MODVM_TYPE_DEVICE)

static void modvm_firmware_class_init(ModvmFirmwareClass *klass)
{
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;
}

static void modvm_firmware_init(ModvmFirmware *fw)
{
}

gboolean modvm_firmware_load(ModvmFirmware *fw, ModvmMachine *machine, GError **error)
{
    ModvmFirmwareClass *klass = MODVM_FIRMWARE_GET_CLASS(fw);
    return klass->load ? klass->load(fw, machine, error) : TRUE;
}

char *modvm_firmware_find_file(const char *name, GError **error)
{
    g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func(g_free);
    const char *env = g_getenv("MODVM_FIRMWARE_PATH");

    if (strchr(name, '/')) {
        if (g_file_test(name, G_FILE_TEST_IS_REGULAR)) {
            return g_strdup(name);
        }
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND, "firmware file %s does not exist",
                    name);
        return NULL;
    }
    /* QEMU's qemu_find_file tries the name as it is (from the current directory) first. */
    if (g_file_test(name, G_FILE_TEST_IS_REGULAR)) {
        return g_strdup(name);
    }
    if (env) {
        g_auto(GStrv) parts = g_strsplit(env, ":", -1);
        for (guint i = 0; parts[i]; i++) {
            if (*parts[i]) {
                g_ptr_array_add(dirs, g_strdup(parts[i]));
            }
        }
    }
    g_ptr_array_add(dirs, g_strdup(MODVM_BUILD_ROOT "/firmware"));
    g_ptr_array_add(dirs, g_strdup("/usr/share/qemu"));
    for (guint i = 0; i < dirs->len; i++) {
        g_autofree char *path = g_build_filename(dirs->pdata[i], name, NULL);
        if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
            return g_steal_pointer(&path);
        }
    }
    g_ptr_array_add(dirs, NULL);
    g_autofree char *where = g_strjoinv(", ", (char **)dirs->pdata);
    g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND,
                "firmware '%s' not found (looked in %s; set MODVM_FIRMWARE_PATH or give a path)",
                name, where);
    return NULL;
}
