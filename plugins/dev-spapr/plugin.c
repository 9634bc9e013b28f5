/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The dev-spapr plugin: the pseries machine, its VIO bus and devices, and its PCI host bridge. */
#include "spapr.h"

static const char *const dev_spapr_types[] = {
    "spapr-machine",
    "spapr-vio-bus",
    "spapr-vio-device",
    "spapr-vty",
    "spapr-nvram",
    "spapr-rng",
    "spapr-pci-host-bridge",
    "spapr-xics",
    "spapr-xive",
    NULL
};

static gboolean dev_spapr_init(GTypeModule *module, GError **error)
{
    spapr_machine_register_type(module);
    spapr_vio_bus_register_type(module);
    /* Parents before children. */
    spapr_vio_device_register_type(module);
    spapr_vty_register_type(module);
    spapr_nvram_register_type(module);
    spapr_rng_register_type(module);
    spapr_phb_register_type(module);
    spapr_xics_register_type(module);
    spapr_xive_register_type(module);
    return TRUE;
}

MODVM_PLUGIN_DEFINE("dev-spapr", "the pseries (sPAPR) platform: machine, VIO bus and devices, PHB",
                    dev_spapr_types, NULL, dev_spapr_init);
