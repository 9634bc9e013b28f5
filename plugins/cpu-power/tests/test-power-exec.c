/* SPDX-License-Identifier: GPL-2.0-or-later */
/* POWER instructions run on accel-tcg: results checked against values worked out from the Power ISA. */
#include "power-rig.h"

extern const ModvmPluginDescriptor modvm_plugin_descriptor;

/* A GTypeModule that is always loaded: the plugin's types are linked into this test. */
typedef struct {
    GTypeModule parent;
} TestModule;

typedef struct {
    GTypeModuleClass parent_class;
} TestModuleClass;

static GType test_module_get_type(void);
G_DEFINE_TYPE(TestModule, test_module, G_TYPE_TYPE_MODULE)

static gboolean test_module_load(GTypeModule *module)
{
    return TRUE;
}

static void test_module_unload(GTypeModule *module)
{
}

static void test_module_class_init(TestModuleClass *klass)
{
    G_TYPE_MODULE_CLASS(klass)->load = test_module_load;
    G_TYPE_MODULE_CLASS(klass)->unload = test_module_unload;
}

static void test_module_init(TestModule *module)
{
}

int main(int argc, char **argv)
{
    GTypeModule *module;
    GError *err = NULL;

    g_test_init(&argc, &argv, NULL);
    module = g_object_new(test_module_get_type(), NULL);
    g_type_module_set_name(module, "cpu-power");
    g_assert_true(g_type_module_use(module));
    if (!modvm_plugin_descriptor.init(module, &err)) {
        g_error("cpu-power init: %s", err->message);
    }
    if (!power_rig_available()) {
        g_test_skip("the accel-tcg plugin is not in the build tree");
        return g_test_run();
    }
    power_exec_fixed_tests();
    power_exec_branch_tests();
    power_exec_ldst_tests();
    power_exec_excp_tests();
    power_exec_mmu_tests();
    power_exec_fp_tests();
    power_exec_vec_tests();
    return g_test_run();
}
