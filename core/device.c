/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Devices and buses: realize/unrealize/reset over the composition tree. */
#include "core.h"

typedef struct {
    gboolean realized;
    ModvmBus *bus;  /* not a reference: the bus is our parent */
} ModvmDevicePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE(ModvmDevice, modvm_device, MODVM_TYPE_OBJECT)

typedef struct {
    GPtrArray *devices;  /* not references: each is also a child of the bus */
} ModvmBusPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE(ModvmBus, modvm_bus, MODVM_TYPE_OBJECT)

static void modvm_device_dispose(GObject *obj)
{
    ModvmDevice *dev = MODVM_DEVICE(obj);
    if (modvm_device_is_realized(dev)) {
        modvm_device_unrealize(dev);
    }
    G_OBJECT_CLASS(modvm_device_parent_class)->dispose(obj);
}

static void modvm_device_class_init(ModvmDeviceClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = modvm_device_dispose;
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;
}

static void modvm_device_init(ModvmDevice *dev)
{
}

gboolean modvm_device_realize(ModvmDevice *dev, GError **error)
{
    ModvmDevicePrivate *priv = modvm_device_get_instance_private(dev);
    ModvmDeviceClass *klass = MODVM_DEVICE_GET_CLASS(dev);

    if (priv->realized) {
        return TRUE;
    }
    if (klass->bus_type && !priv->bus) {
        g_autofree char *path = modvm_object_get_path(MODVM_OBJECT(dev));
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "%s: a %s must be plugged into a %s", path,
                    modvm_object_type_name(MODVM_OBJECT(dev)), klass->bus_type);
        return FALSE;
    }
    if (klass->realize && !klass->realize(dev, error)) {
        g_autofree char *path = modvm_object_get_path(MODVM_OBJECT(dev));
        g_prefix_error(error, "%s: ", path);
        return FALSE;
    }
    priv->realized = TRUE;
    return TRUE;
}

void modvm_device_unrealize(ModvmDevice *dev)
{
    ModvmDevicePrivate *priv = modvm_device_get_instance_private(dev);
    ModvmDeviceClass *klass = MODVM_DEVICE_GET_CLASS(dev);

    if (!priv->realized) {
        return;
    }
    if (klass->unrealize) {
        klass->unrealize(dev);
    }
    priv->realized = FALSE;
}

void modvm_device_reset(ModvmDevice *dev)
{
    ModvmDeviceClass *klass = MODVM_DEVICE_GET_CLASS(dev);
    if (klass->reset && modvm_device_is_realized(dev)) {
        klass->reset(dev);
    }
}

gboolean modvm_device_is_realized(ModvmDevice *dev)
{
    ModvmDevicePrivate *priv = modvm_device_get_instance_private(dev);
    return priv->realized;
}

ModvmBus *modvm_device_get_bus(ModvmDevice *dev)
{
    ModvmDevicePrivate *priv = modvm_device_get_instance_private(dev);
    return priv->bus;
}

static void modvm_bus_finalize(GObject *obj)
{
    ModvmBusPrivate *priv = modvm_bus_get_instance_private(MODVM_BUS(obj));
    g_ptr_array_unref(priv->devices);
    G_OBJECT_CLASS(modvm_bus_parent_class)->finalize(obj);
}

static void modvm_bus_dispose(GObject *obj)
{
    ModvmBus *bus = MODVM_BUS(obj);
    ModvmBusPrivate *priv = modvm_bus_get_instance_private(bus);

    while (priv->devices->len) {
        modvm_bus_unplug(bus, g_ptr_array_index(priv->devices, priv->devices->len - 1));
    }
    G_OBJECT_CLASS(modvm_bus_parent_class)->dispose(obj);
}

static void modvm_bus_class_init(ModvmBusClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = modvm_bus_dispose;
    G_OBJECT_CLASS(klass)->finalize = modvm_bus_finalize;
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;
}

static void modvm_bus_init(ModvmBus *bus)
{
    ModvmBusPrivate *priv = modvm_bus_get_instance_private(bus);
    priv->devices = g_ptr_array_new();
}

gboolean modvm_bus_plug(ModvmBus *bus, ModvmDevice *dev, const char *name, GError **error)
{
    ModvmBusPrivate *priv = modvm_bus_get_instance_private(bus);
    ModvmDevicePrivate *dpriv = modvm_device_get_instance_private(dev);
    ModvmDeviceClass *dclass = MODVM_DEVICE_GET_CLASS(dev);
    ModvmBusClass *klass = MODVM_BUS_GET_CLASS(bus);
    GType want = dclass->bus_type ? g_type_from_name(dclass->bus_type) : 0;
    g_autofree char *bus_path = modvm_object_get_path(MODVM_OBJECT(bus));
    g_autofree char *child_name = NULL;

    if (!want || !g_type_is_a(G_OBJECT_TYPE(bus), want)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "a %s cannot be plugged into %s (a %s); it needs a %s",
                    modvm_object_type_name(MODVM_OBJECT(dev)), bus_path,
                    modvm_object_type_name(MODVM_OBJECT(bus)),
                    dclass->bus_type ? dclass->bus_type : "no bus");
        return FALSE;
    }
    if (dpriv->realized || dpriv->bus) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "a %s that is realized or already plugged cannot be plugged into %s",
                    modvm_object_type_name(MODVM_OBJECT(dev)), bus_path);
        return FALSE;
    }
    dpriv->bus = bus;
    if (klass->plug && !klass->plug(bus, dev, error)) {
        dpriv->bus = NULL;
        g_prefix_error(error, "%s: ", bus_path);
        return FALSE;
    }
    if (name) {
        child_name = g_strdup(name);
    } else if (klass->child_name) {
        child_name = klass->child_name(bus, dev);
    }
    if (!child_name) {
        child_name = g_strdup_printf("%s.%u", modvm_object_type_name(MODVM_OBJECT(dev)),
                                     priv->devices->len);
    }
    if (!modvm_object_add_child(MODVM_OBJECT(bus), child_name, MODVM_OBJECT(dev), error)) {
        if (klass->unplug) {
            klass->unplug(bus, dev);
        }
        dpriv->bus = NULL;
        return FALSE;
    }
    g_ptr_array_add(priv->devices, dev);
    return TRUE;
}

void modvm_bus_unplug(ModvmBus *bus, ModvmDevice *dev)
{
    ModvmBusPrivate *priv = modvm_bus_get_instance_private(bus);
    ModvmDevicePrivate *dpriv = modvm_device_get_instance_private(dev);
    ModvmBusClass *klass = MODVM_BUS_GET_CLASS(bus);

    g_return_if_fail(dpriv->bus == bus);
    g_object_ref(dev);
    modvm_device_unrealize(dev);
    if (klass->unplug) {
        klass->unplug(bus, dev);
    }
    g_ptr_array_remove(priv->devices, dev);
    dpriv->bus = NULL;
    if (modvm_object_get_parent(MODVM_OBJECT(dev)) == MODVM_OBJECT(bus)) {
        modvm_object_remove_child(MODVM_OBJECT(bus), MODVM_OBJECT(dev));
    }
    g_object_unref(dev);
}

GPtrArray *modvm_bus_get_devices(ModvmBus *bus)
{
    ModvmBusPrivate *priv = modvm_bus_get_instance_private(bus);
    return priv->devices;
}

gboolean modvm_object_realize_tree(ModvmObject *root, GError **error)
{
    if (MODVM_IS_DEVICE(root) && !modvm_device_realize(MODVM_DEVICE(root), error)) {
        return FALSE;
    }
    GPtrArray *children = modvm_object_get_children(root);
    for (guint i = 0; i < children->len; i++) {
        if (!modvm_object_realize_tree(g_ptr_array_index(children, i), error)) {
            return FALSE;
        }
    }
    return TRUE;
}

void modvm_object_reset_tree(ModvmObject *root)
{
    if (MODVM_IS_DEVICE(root)) {
        modvm_device_reset(MODVM_DEVICE(root));
    }
    GPtrArray *children = modvm_object_get_children(root);
    for (guint i = 0; i < children->len; i++) {
        modvm_object_reset_tree(g_ptr_array_index(children, i));
    }
}

void modvm_object_unrealize_tree(ModvmObject *root)
{
    GPtrArray *children = modvm_object_get_children(root);
    for (guint i = children->len; i > 0; i--) {
        modvm_object_unrealize_tree(g_ptr_array_index(children, i - 1));
    }
    if (MODVM_IS_DEVICE(root)) {
        modvm_device_unrealize(MODVM_DEVICE(root));
    }
}
