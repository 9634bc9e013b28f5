/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The POWER CPU models: -cpu names, PVRs and compatibility modes. */
#include "../cpu-power.h"
#include "core.h"

#include <string.h>

extern const ModvmPluginDescriptor modvm_plugin_descriptor;

static PowerCpu *new_cpu(const char *model, const char *compat, const char *pvr)
{
    GError *err = NULL;
    const char *type = modvm_cpu_find_model("power-cpu", model, &err);
    ModvmObject *obj;

    g_assert_no_error(err);
    obj = modvm_object_new(type, &err);
    g_assert_no_error(err);
    if (compat) {
        g_assert_true(modvm_object_set_property_str(obj, "compat", compat,
                                                    MODVM_PROP_SOURCE_USER, &err));
    }
    if (pvr) {
        g_assert_true(modvm_object_set_property_str(obj, "pvr", pvr, MODVM_PROP_SOURCE_USER,
                                                    &err));
    }
    g_assert_no_error(err);
    return POWER_CPU(obj);
}

static void test_models(void)
{
    /* What QEMU 7.2's -cpu help lists for these models, and its names for them. */
    static const struct { const char *name, *type; guint32 pvr; } cases[] = {
        { "POWER7", "power7-cpu", 0x003f0203 },
        { "power7_v2.3", "power7-cpu", 0x003f0203 },
        { "power7+", "power7plus-cpu", 0x004a0201 },
        { "POWER8E", "power8e-cpu", 0x004b0201 },
        { "power8nvl_v1.0", "power8nvl-cpu", 0x004c0100 },
        { "power8", "power8-cpu", 0x004d0200 },
        { "POWER9", "power9-cpu", 0x004e1200 },
        { "power9_v2.0", "power9-cpu", 0x004e1200 },
        { "power9-cpu", "power9-cpu", 0x004e1200 },
        { "Power10", "power10-cpu", 0x00800200 },
        { "power10_v2.0", "power10-cpu", 0x00800200 },
    };
    GError *err = NULL;

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(ModvmObject) cpu = MODVM_OBJECT(new_cpu(cases[i].name, NULL, NULL));
        g_assert_cmpstr(modvm_object_type_name(cpu), ==, cases[i].type);
        g_assert_cmphex(power_cpu_pvr(POWER_CPU(cpu)), ==, cases[i].pvr);
        g_assert_true(modvm_device_realize(MODVM_DEVICE(cpu), &err));
        g_assert_no_error(err);
        g_assert_cmphex(POWER_CPU(cpu)->pvr, ==, cases[i].pvr);
        g_assert_cmpint(modvm_object_get_property_source(cpu, "pvr"), ==, MODVM_PROP_SOURCE_CODE);
    }
    g_assert_null(modvm_cpu_find_model("power-cpu", "POWER11", &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_NOT_FOUND);
    g_assert_nonnull(strstr(err->message, "POWER9"));
    g_clear_error(&err);
}

static void test_compat(void)
{
    static const struct { const char *model, *compat; gboolean ok; } cases[] = {
        { "POWER7", "power6", TRUE },
        { "POWER7", "power7", TRUE },
        { "POWER7", "power8", FALSE },
        { "POWER7+", "power8", FALSE },
        { "POWER8", "power7", TRUE },
        { "POWER8", "power9", FALSE },
        { "POWER8NVL", "power8", TRUE },
        { "POWER9", "power6", TRUE },
        { "POWER9", "power10", FALSE },
        { "POWER10", "power10", TRUE },
        { "POWER10", "power6", TRUE },
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(ModvmObject) cpu = MODVM_OBJECT(new_cpu(cases[i].model, cases[i].compat, NULL));
        GError *err = NULL;
        gboolean ok = modvm_device_realize(MODVM_DEVICE(cpu), &err);

        g_assert_cmpint(ok, ==, cases[i].ok);
        if (!ok) {
            g_assert_error(err, MODVM_ERROR, MODVM_ERROR_INVALID);
            g_assert_nonnull(strstr(err->message, cases[i].compat));
            g_assert_nonnull(strstr(err->message, "is newer than"));
            g_error_free(err);
        }
    }
    g_assert_cmphex(power_compat_logical_pvr(POWER_COMPAT_NONE), ==, 0);
    /* QEMU's CPU_POWERPC_LOGICAL_2_05, _2_07 and _3_10 (target/ppc/cpu-models.h). */
    g_assert_cmphex(power_compat_logical_pvr(POWER_COMPAT_POWER6), ==, 0x0f000002);
    g_assert_cmphex(power_compat_logical_pvr(POWER_COMPAT_POWER8), ==, 0x0f000004);
    g_assert_cmphex(power_compat_logical_pvr(POWER_COMPAT_POWER10), ==, 0x0f000006);
}

static void test_pvr(void)
{
    g_autoptr(ModvmObject) dd22 = MODVM_OBJECT(new_cpu("POWER9", NULL, "0x004e1202"));
    g_autoptr(ModvmObject) other = MODVM_OBJECT(new_cpu("POWER9", NULL, "0x004d0200"));
    GError *err = NULL;

    /* Another revision of the same processor is fine; another processor is not. */
    g_assert_true(modvm_device_realize(MODVM_DEVICE(dd22), &err));
    g_assert_no_error(err);
    g_assert_cmphex(power_cpu_pvr(POWER_CPU(dd22)), ==, 0x004e1202);
    g_assert_cmpint(modvm_object_get_property_source(dd22, "pvr"), ==, MODVM_PROP_SOURCE_USER);
    g_assert_false(modvm_device_realize(MODVM_DEVICE(other), &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_INVALID);
    g_assert_nonnull(strstr(err->message, "0x004d0200"));
    g_error_free(err);
}

int main(int argc, char **argv)
{
    GError *err = NULL;

    g_test_init(&argc, &argv, NULL);
    if (!modvm_plugin_register_linked(&modvm_plugin_descriptor, &err)) {
        g_error("%s", err->message);
    }

    g_test_add_func("/power-cpu/models", test_models);
    g_test_add_func("/power-cpu/compat-newer-refused", test_compat);
    g_test_add_func("/power-cpu/pvr", test_pvr);
    return g_test_run();
}
