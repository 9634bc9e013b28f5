/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Plugins for the loader's tests: one source, a variant per -DCASE_* flag. */
#include <modvm/modvm.h>

typedef struct {
    ModvmDevice parent;
    guint32 level;
} TestGoodDevice;

typedef struct {
    ModvmDeviceClass parent_class;
} TestGoodDeviceClass;

#if defined(CASE_GOOD) || defined(CASE_DUP) || defined(CASE_ABI) || defined(CASE_NEWER)
static const ModvmProperty test_good_device_props[] = {
    MODVM_PROP_UINT("level", TestGoodDevice, level, 4, 0, 9, "a level"),
    MODVM_PROP_END
};

MODVM_DEFINE_DYNAMIC_TYPE(TestGoodDevice, test_good_device, "test-good-device", MODVM_TYPE_DEVICE)

static void test_good_device_class_init(TestGoodDeviceClass *klass)
{
    modvm_class_install_properties(G_OBJECT_CLASS(klass), test_good_device_props);
    MODVM_OBJECT_CLASS(klass)->description = "a device from a test plugin";
}

static void test_good_device_init(TestGoodDevice *self)
{
}

static gboolean plugin_init(GTypeModule *module, GError **error)
{
    test_good_device_register_type(module);
    return TRUE;
}

static const char *const types[] = { "test-good-device", NULL };
#endif

#if defined(CASE_GOOD)
MODVM_PLUGIN_DEFINE("test-good", "a plugin that works", types, NULL, plugin_init);
#elif defined(CASE_DUP)
MODVM_PLUGIN_DEFINE("test-dup", "registers a type test-good has", types, NULL, plugin_init);
#elif defined(CASE_ABI) || defined(CASE_NEWER)
G_MODULE_EXPORT const ModvmPluginDescriptor modvm_plugin_descriptor = {
#if defined(CASE_ABI)
    .abi_major = MODVM_PLUGIN_ABI_MAJOR + 98,
    .abi_minor = 0,
    .name = "test-abi",
#else
    .abi_major = MODVM_PLUGIN_ABI_MAJOR,
    .abi_minor = MODVM_PLUGIN_ABI_MINOR + 1,
    .name = "test-newer",
#endif
    .description = "built for another ABI",
    .types = types,
    .init = plugin_init,
};
#elif defined(CASE_CHILD)
typedef struct {
    TestGoodDevice parent;
} TestChildDevice;

typedef struct {
    TestGoodDeviceClass parent_class;
} TestChildDeviceClass;

MODVM_DEFINE_DYNAMIC_TYPE(TestChildDevice, test_child_device, "test-child-device",
                          g_type_from_name("test-good-device"))

static void test_child_device_class_init(TestChildDeviceClass *klass)
{
}

static void test_child_device_init(TestChildDevice *self)
{
}

static gboolean plugin_init(GTypeModule *module, GError **error)
{
    test_child_device_register_type(module);
    return TRUE;
}

static const char *const types[] = { "test-child-device", NULL };
static const char *const requires[] = { "test-good", NULL };
MODVM_PLUGIN_DEFINE("test-child", "derives from test-good", types, requires, plugin_init);
#elif defined(CASE_UNLISTED) || defined(CASE_MISSING)
typedef struct {
    ModvmDevice parent;
} TestPlainDevice;

typedef struct {
    ModvmDeviceClass parent_class;
} TestPlainDeviceClass;

#if defined(CASE_UNLISTED)
#define PLAIN_TYPE "test-unlisted-a"
#else
#define PLAIN_TYPE "test-missing-a"
#endif
MODVM_DEFINE_DYNAMIC_TYPE(TestPlainDevice, test_plain_device, PLAIN_TYPE, MODVM_TYPE_DEVICE)
static void test_plain_device_class_init(TestPlainDeviceClass *klass) {}
static void test_plain_device_init(TestPlainDevice *self) {}

static gboolean plugin_init(GTypeModule *module, GError **error)
{
    test_plain_device_register_type(module);
    return TRUE;
}
#if defined(CASE_UNLISTED)
static const char *const types[] = { NULL };
MODVM_PLUGIN_DEFINE("test-unlisted", "registers a type it does not list", types, NULL,
                    plugin_init);
#else
static const char *const types[] = { "test-missing-a", "test-missing-b", NULL };
MODVM_PLUGIN_DEFINE("test-missing", "lists a type it does not register", types, NULL,
                    plugin_init);
#endif
#elif defined(CASE_FAIL)
static gboolean plugin_init(GTypeModule *module, GError **error)
{
    g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "the host lacks a thing");
    return FALSE;
}
static const char *const types[] = { NULL };
MODVM_PLUGIN_DEFINE("test-fail", "whose init fails", types, NULL, plugin_init);
#elif defined(CASE_NOTPLUGIN)
G_MODULE_EXPORT int not_a_plugin(void);
G_MODULE_EXPORT int not_a_plugin(void) { return 1; }
#endif
