/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fw-slof plugin: pseries firmware. For now VOF (x-vof=on); SLOF images come later. */
#include "vof.h"

static const char *const fw_slof_types[] = {
    "vof",
    NULL
};

static gboolean fw_slof_init(GTypeModule *module, GError **error)
{
    vof_register_type(module);
    return TRUE;
}

MODVM_PLUGIN_DEFINE("fw-slof", "pseries firmware: VOF, the minimal Open Firmware of x-vof=on",
                    fw_slof_types, NULL, fw_slof_init);
