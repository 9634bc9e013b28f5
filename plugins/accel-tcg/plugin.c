/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The accel-tcg plugin: the software execution engine ("-accel tcg"). */
#include "tcg-internal.h"

static const char *const accel_tcg_types[] = {
    "tcg-accel",
    NULL
};

static gboolean accel_tcg_init(GTypeModule *module, GError **error)
{
    tcg_accel_register_type(module);
    return TRUE;
}

MODVM_PLUGIN_DEFINE("accel-tcg",
                    "Software execution engine: IR translation, block cache, softmmu, interpreter",
                    accel_tcg_types, NULL, accel_tcg_init);
