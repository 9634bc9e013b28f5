/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Object types for the core's unit tests: a device, a subclass, a bus and a machine. */
#include "test-types.h"

GPtrArray *test_events;

static const char *const test_modes[] = { "slow", "fast", "auto-detect", NULL };

static const ModvmProperty test_dev_props[] = {
    MODVM_PROP_BOOL("flag", TestDev, flag, TRUE, "a boolean"),
    MODVM_PROP_INT("offset", TestDev, offset, -5, -100, 100, "a signed integer"),
    MODVM_PROP_UINT("small", TestDev, small, 7, 0, 0, "an 8-bit unsigned integer"),
    MODVM_PROP_UINT("count", TestDev, count, 3, 1, 64, "an unsigned integer from 1 to 64"),
    MODVM_PROP_SIZE("size", TestDev, size, 64 << 10, 4096, 1ull << 40, "a size"),
    MODVM_PROP_STRING("label", TestDev, label, "none", "a string"),
    MODVM_PROP_ENUM("mode", TestDev, mode, 1, test_modes, "an enumeration"),
    MODVM_PROP_ON_OFF_AUTO("accel", TestDev, accel, MODVM_ON_OFF_AUTO_AUTO, "on/off/auto"),
    MODVM_PROP_LINK("peer", TestDev, peer, "test-dev", "another test device"),
    MODVM_PROP_END
};

static const ModvmProperty test_sub_dev_props[] = {
    MODVM_PROP_UINT("extra", TestSubDev, extra, 11, 0, 0, "a subclass property"),
    MODVM_PROP_END
};

static const ModvmProperty test_machine_props[] = {
    MODVM_PROP_UINT("knob", TestMachine, knob, 100, 0, 0, "a machine property"),
    MODVM_PROP_BOOL("legacy", TestMachine, legacy, FALSE, "a compat flag"),
    MODVM_PROP_END
};

static void note(const char *what, ModvmDevice *dev)
{
    if (test_events) {
        g_autofree char *path = modvm_object_get_path(MODVM_OBJECT(dev));
        g_ptr_array_add(test_events, g_strdup_printf("%s %s", what, path));
    }
}

static gboolean test_dev_realize(ModvmDevice *dev, GError **error)
{
    if (((TestDev *)dev)->fail_realize) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "told to fail");
        return FALSE;
    }
    note("realize", dev);
    return TRUE;
}

static void test_dev_reset(ModvmDevice *dev)
{
    note("reset", dev);
}

static void test_dev_unrealize(ModvmDevice *dev)
{
    note("unrealize", dev);
}

static void test_dev_class_init(gpointer klass, gpointer data)
{
    ModvmDeviceClass *dc = MODVM_DEVICE_CLASS(klass);
    modvm_class_install_properties(G_OBJECT_CLASS(klass), test_dev_props);
    dc->realize = test_dev_realize;
    dc->reset = test_dev_reset;
    dc->unrealize = test_dev_unrealize;
    dc->bus_type = data;
    MODVM_OBJECT_CLASS(klass)->description = "a device for tests";
}

static void test_sub_dev_class_init(gpointer klass, gpointer data)
{
    modvm_class_install_properties(G_OBJECT_CLASS(klass), test_sub_dev_props);
}

static void test_machine_class_init(gpointer klass, gpointer data)
{
    modvm_class_install_properties(G_OBJECT_CLASS(klass), test_machine_props);
}

static void test_bus_class_init(gpointer klass, gpointer data)
{
}

#define STATIC_TYPE(fn, name, parent, Klass, Inst, cinit, cdata) \
    GType fn(void) \
    { \
        static gsize id; \
        if (g_once_init_enter(&id)) { \
            const GTypeInfo info = { .class_size = sizeof(Klass), .class_init = cinit, \
                                     .class_data = cdata, .instance_size = sizeof(Inst) }; \
            g_once_init_leave(&id, g_type_register_static(parent, name, &info, 0)); \
        } \
        return id; \
    }

STATIC_TYPE(test_dev_get_type, "test-dev", MODVM_TYPE_DEVICE, TestDevClass, TestDev,
            test_dev_class_init, NULL)
STATIC_TYPE(test_sub_dev_get_type, "test-sub-dev", test_dev_get_type(), TestSubDevClass,
            TestSubDev, test_sub_dev_class_init, NULL)
STATIC_TYPE(test_bus_get_type, "test-bus", MODVM_TYPE_BUS, TestBusClass, TestBus,
            test_bus_class_init, NULL)
STATIC_TYPE(test_machine_get_type, "test-machine", MODVM_TYPE_MACHINE, TestMachineClass,
            TestMachine, test_machine_class_init, NULL)
