/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The cpu-power plugin: POWER7 to Power10 CPU models for pseries machines. */
#include "cpu-power.h"

static const char *const cpu_power_types[] = {
    "power-cpu",
    "power7-cpu", "power7plus-cpu",
    "power8e-cpu", "power8nvl-cpu", "power8-cpu",
    "power9-cpu",
    "power10-cpu",
    NULL
};

static gboolean cpu_power_init(GTypeModule *module, GError **error)
{
    return power_cpu_register_types(module, error);
}

MODVM_PLUGIN_DEFINE("cpu-power", "IBM POWER CPU models (POWER7 to Power10)", cpu_power_types,
                    NULL, cpu_power_init);
