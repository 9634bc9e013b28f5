/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fw-slof plugin: pseries firmware: SLOF images (the default), and VOF (x-vof=on). */
#include "vof.h"

static const char *const fw_slof_types[] = {
    "slof",
    "vof",
    NULL
};

static gboolean fw_slof_init(GTypeModule *module, GError **error)
{
    slof_register_type(module);
    vof_register_type(module);
    return TRUE;
}

MODVM_PLUGIN_DEFINE("fw-slof", "pseries firmware: SLOF images, and VOF, the minimal Open "
                    "Firmware of x-vof=on", fw_slof_types, NULL, fw_slof_init);
