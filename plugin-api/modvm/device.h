/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Devices (realize/unrealize/reset) and the buses they plug into. */
#pragma once

#include <modvm/object.h>

G_BEGIN_DECLS

#define MODVM_TYPE_DEVICE (modvm_device_get_type())
G_DECLARE_DERIVABLE_TYPE(ModvmDevice, modvm_device, MODVM, DEVICE, ModvmObject)

#define MODVM_TYPE_BUS (modvm_bus_get_type())
G_DECLARE_DERIVABLE_TYPE(ModvmBus, modvm_bus, MODVM, BUS, ModvmObject)

struct _ModvmDeviceClass {
    ModvmObjectClass parent_class;
    /* The bus type this device plugs into ("spapr-vio-bus"), or NULL. */
    const char *bus_type;
    /* Validate properties, allocate, connect. Must leave nothing behind on failure. */
    gboolean (*realize)(ModvmDevice *dev, GError **error);
    void (*unrealize)(ModvmDevice *dev);
    /* Back to power-on state; called on every machine reset. */
    void (*reset)(ModvmDevice *dev);
    gpointer reserved[8];
};

struct _ModvmBusClass {
    ModvmObjectClass parent_class;
    /*
     * Accept @dev: check or assign its address. May fail with a message
     * naming the address. Called before @dev is realized.
     */
    gboolean (*plug)(ModvmBus *bus, ModvmDevice *dev, GError **error);
    void (*unplug)(ModvmBus *bus, ModvmDevice *dev);
    /* (transfer full) the child name of @dev under the bus ("vty@71000000"); NULL for the default. */
    char *(*child_name)(ModvmBus *bus, ModvmDevice *dev);
    gpointer reserved[8];
};

/**
 * modvm_device_realize:
 * Realizes @dev. Errors are prefixed with the device's path.
 */
gboolean modvm_device_realize(ModvmDevice *dev, GError **error);
void modvm_device_unrealize(ModvmDevice *dev);
void modvm_device_reset(ModvmDevice *dev);
gboolean modvm_device_is_realized(ModvmDevice *dev);

/** modvm_device_get_bus: (transfer none) the bus @dev is plugged into, or NULL. */
ModvmBus *modvm_device_get_bus(ModvmDevice *dev);

/**
 * modvm_bus_plug:
 * Plugs @dev into @bus: checks the device's bus type, lets the bus assign
 * an address, and makes @dev a child of @bus (named by the bus, or by
 * @name when not NULL). @dev must not be realized yet.
 */
gboolean modvm_bus_plug(ModvmBus *bus, ModvmDevice *dev, const char *name, GError **error);

/** modvm_bus_unplug: unrealizes @dev and removes it from @bus. */
void modvm_bus_unplug(ModvmBus *bus, ModvmDevice *dev);

/** modvm_bus_get_devices: (transfer none) the devices on @bus, in plug order. */
GPtrArray *modvm_bus_get_devices(ModvmBus *bus);

/**
 * modvm_object_realize_tree:
 * Realizes every unrealized device under @root, parents before children,
 * in insertion order. Stops at the first failure.
 */
gboolean modvm_object_realize_tree(ModvmObject *root, GError **error);

/** modvm_object_reset_tree: resets every realized device under @root. */
void modvm_object_reset_tree(ModvmObject *root);

/** modvm_object_unrealize_tree: unrealizes every device under @root, children first. */
void modvm_object_unrealize_tree(ModvmObject *root);

G_END_DECLS
