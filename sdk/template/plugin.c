/* SPDX-License-Identifier: GPL-2.0-or-later */
/* my-plugin: one bus-less device, my-device. Replace every my-/My/my_ name with yours. */
#include <modvm/modvm.h>

typedef struct {
    ModvmDevice parent;
    guint32 my_value;       /* a property: see my_device_props */
} MyDevice;

typedef struct {
    ModvmDeviceClass parent_class;
} MyDeviceClass;

MODVM_DEFINE_DYNAMIC_TYPE(MyDevice, my_device, "my-device", MODVM_TYPE_DEVICE)

#define MY_TYPE_DEVICE (my_device_get_type())
#define MY_DEVICE(obj) (G_TYPE_CHECK_INSTANCE_CAST((obj), MY_TYPE_DEVICE, MyDevice))

static const ModvmProperty my_device_props[] = {
    /* name, struct, field, default, min, max, one-line description */
    MODVM_PROP_UINT("my-value", MyDevice, my_value, 0, 0, 255, "an example property"),
    MODVM_PROP_END
};

static gboolean my_device_realize(ModvmDevice *dev, GError **error)
{
    MyDevice *s = MY_DEVICE(dev);

    /* Check what properties cannot check alone; say what the user can change. */
    if (s->my_value == 13) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "my-value=13 is unlucky (give another my-value)");
        return FALSE;
    }
    /* Then allocate and connect; on failure, leave nothing behind. */
    return TRUE;
}

static void my_device_unrealize(ModvmDevice *dev)
{
    /* Undo everything realize did. */
}

static void my_device_reset(ModvmDevice *dev)
{
    /* Back to the power-on state. */
}

static void my_device_class_init(MyDeviceClass *klass)
{
    ModvmDeviceClass *dc = MODVM_DEVICE_CLASS(klass);

    modvm_class_install_properties(G_OBJECT_CLASS(klass), my_device_props);
    MODVM_OBJECT_CLASS(klass)->description = "my device (one line)";
    MODVM_OBJECT_CLASS(klass)->user_creatable = TRUE;
    dc->bus_type = NULL;    /* or the bus type it plugs into, e.g. "spapr-vio-bus" */
    dc->realize = my_device_realize;
    dc->unrealize = my_device_unrealize;
    dc->reset = my_device_reset;
}

static void my_device_init(MyDevice *self)
{
}

static gboolean my_plugin_init(GTypeModule *module, GError **error)
{
    my_device_register_type(module);
    return TRUE;
}

/* Every type my_plugin_init registers, and nothing else. */
static const char *const my_plugin_types[] = { "my-device", NULL };

MODVM_PLUGIN_DEFINE("my-plugin", "my plugin (one line)", my_plugin_types, NULL, my_plugin_init);
