/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pseries machines built from machines/pseries.json with the built plugins: CPUs, buses, compat. */
#include "core.h"

#include <string.h>

typedef struct {
    ModvmConfig *cfg;
    ModvmSession *s;
} Built;

/* Builds "modvm ARGS... -nodefaults" without an accelerator; NULL with @error on failure. */
static gboolean build(Built *b, GError **error, ...)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    va_list ap;
    const char *arg;

    g_ptr_array_add(argv, (char *)"modvm");
    va_start(ap, error);
    while ((arg = va_arg(ap, const char *))) {
        g_ptr_array_add(argv, (char *)arg);
    }
    va_end(ap);
    g_ptr_array_add(argv, (char *)"-nodefaults");
    g_ptr_array_add(argv, NULL);

    b->cfg = modvm_config_new();
    b->s = NULL;
    if (!modvm_config_parse(b->cfg, argv->len - 1, (char **)argv->pdata, error)) {
        return FALSE;
    }
    b->s = modvm_session_new(b->cfg);
    return modvm_session_prepare(b->s, error) && modvm_session_select_machine(b->s, error) &&
           modvm_session_build(b->s, FALSE, error);
}

static void built_free(Built *b)
{
    g_clear_pointer(&b->s, modvm_session_free);
    g_clear_pointer(&b->cfg, modvm_config_free);
}

static ModvmObject *obj_at(Built *b, const char *path)
{
    ModvmObject *obj = modvm_object_resolve(MODVM_OBJECT(b->s->machine), path);
    if (!obj) {
        g_error("no object at %s", path);
    }
    return obj;
}

static void assert_prop(Built *b, const char *path, const char *prop, const char *value)
{
    g_autofree char *v = modvm_object_get_property_str(obj_at(b, path), prop);
    if (g_strcmp0(v, value) != 0) {
        g_error("%s %s: '%s', expected '%s'", path, prop, v, value);
    }
}

static void build_ok(Built *b, ...)
{
    /* Variadic forwarding by hand: at most six arguments are enough here. */
    const char *a[7] = { NULL };
    va_list ap;
    GError *err = NULL;

    va_start(ap, b);
    for (guint i = 0; i < 6 && (a[i] = va_arg(ap, const char *)); i++) {
    }
    va_end(ap);
    if (!build(b, &err, a[0], a[1], a[2], a[3], a[4], a[5], NULL)) {
        g_error("%s", err->message);
    }
}

static void test_default_cpus(void)
{
    static const struct { const char *machine, *cpu_type; } cases[] = {
        { "pseries", "power9-cpu" },
        { "pseries-4.0", "power9-cpu" },
        { "pseries-3.1", "power8-cpu" },
        { "pseries-2.12-sxxm", "power8-cpu" },
        { "pseries-2.8", "power8-cpu" },
        { "pseries-2.7", "power7-cpu" },
        { "pseries-2.1", "power7-cpu" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        Built b;
        build_ok(&b, "-M", cases[i].machine, "-smp", "3", NULL);
        for (guint n = 0; n < 3; n++) {
            g_autofree char *path = g_strdup_printf("/machine/cpu%u", n);
            g_assert_cmpstr(modvm_object_type_name(obj_at(&b, path)), ==, cases[i].cpu_type);
        }
        g_assert_cmpuint(modvm_machine_get_cpus(b.s->machine)->len, ==, 3);
        g_assert_cmpstr(modvm_object_type_name(obj_at(&b, "/machine/vio")), ==, "spapr-vio-bus");
        built_free(&b);
    }
}

static void test_caps_compat(void)
{
    Built b;

    build_ok(&b, "-M", "pseries", NULL);
    assert_prop(&b, "/machine", "cap-cfpc", "workaround");
    assert_prop(&b, "/machine", "cap-hpt-max-page-size", "64K");
    assert_prop(&b, "/machine", "cap-fwnmi", "on");
    assert_prop(&b, "/machine", "ic-mode", "dual");
    assert_prop(&b, "/machine", "resize-hpt", "enabled");
    built_free(&b);

    build_ok(&b, "-M", "pseries-4.2", NULL);
    assert_prop(&b, "/machine", "cap-fwnmi", "off");
    assert_prop(&b, "/machine", "cap-ccf-assist", "off");
    assert_prop(&b, "/machine", "cap-large-decr", "on");
    assert_prop(&b, "/machine", "ic-mode", "dual");
    built_free(&b);

    /* 2.12-sxxm is 2.12 with the speculation mitigations on. */
    build_ok(&b, "-M", "pseries-2.12-sxxm", NULL);
    assert_prop(&b, "/machine", "cap-cfpc", "workaround");
    assert_prop(&b, "/machine", "cap-sbbc", "workaround");
    assert_prop(&b, "/machine", "cap-ibs", "fixed-ccd");
    assert_prop(&b, "/machine", "cap-hpt-max-page-size", "16G");
    assert_prop(&b, "/machine", "ic-mode", "xics");
    assert_prop(&b, "/machine", "vsmt", "8");
    built_free(&b);

    build_ok(&b, "-M", "pseries-2.9,cap-htm=off", NULL);
    assert_prop(&b, "/machine", "cap-cfpc", "broken");
    assert_prop(&b, "/machine", "cap-htm", "off");
    assert_prop(&b, "/machine", "resize-hpt", "disabled");
    assert_prop(&b, "/machine", "modern-hotplug-events", "on");
    g_assert_cmpint(modvm_object_get_property_source(obj_at(&b, "/machine"), "cap-htm"), ==,
                    MODVM_PROP_SOURCE_USER);
    built_free(&b);
}

static void test_phb_compat(void)
{
    Built b;

    /* PHB 0 is part of the machine: -nodefaults keeps it, as in QEMU. */
    build_ok(&b, "-M", "pseries-2.7", NULL);
    assert_prop(&b, "/machine", "modern-hotplug-events", "off");
    assert_prop(&b, "/machine/spapr-pci-host-bridge.0", "mem-win-size", "62G");
    assert_prop(&b, "/machine/spapr-pci-host-bridge.0", "mem64-win-size", "0");
    assert_prop(&b, "/machine/spapr-pci-host-bridge.0", "ddw", "on");
    assert_prop(&b, "/machine/spapr-pci-host-bridge.0", "pgsz", "69632");
    built_free(&b);

    build_ok(&b, "-M", "pseries-2.2", NULL);
    assert_prop(&b, "/machine/spapr-pci-host-bridge.0", "mem-win-size", "512M");
    assert_prop(&b, "/machine/spapr-pci-host-bridge.0", "ddw", "off");
    assert_prop(&b, "/machine/spapr-pci-host-bridge.0", "dynamic-reconfiguration", "off");
    built_free(&b);
}

static void test_max_cpu_compat(void)
{
    Built b;
    GError *err = NULL;

    build_ok(&b, "-M", "pseries,max-cpu-compat=power8", "-smp", "2", NULL);
    assert_prop(&b, "/machine/cpu0", "compat", "power8");
    assert_prop(&b, "/machine/cpu1", "compat", "power8");
    built_free(&b);

    g_assert_false(build(&b, &err, "-M", "pseries,max-cpu-compat=power10", "-cpu", "POWER9",
                         NULL));
    g_assert_nonnull(strstr(err->message, "max-cpu-compat"));
    g_assert_nonnull(strstr(err->message, "power9"));
    g_clear_error(&err);
    built_free(&b);

    g_assert_false(build(&b, &err, "-M", "pseries,max-cpu-compat=power8", "-cpu",
                         "POWER9,compat=power9", NULL));
    g_assert_nonnull(strstr(err->message, "max-cpu-compat=power8"));
    g_clear_error(&err);
    built_free(&b);

    g_assert_false(build(&b, &err, "-M", "pseries,vsmt=1", "-smp", "2,threads=2", NULL));
    g_assert_nonnull(strstr(err->message, "vsmt=1"));
    g_clear_error(&err);
    built_free(&b);

    g_assert_false(build(&b, &err, "-M", "pseries,cap-hpt-max-page-size=96K", NULL));
    g_assert_nonnull(strstr(err->message, "power of 2"));
    g_clear_error(&err);
    built_free(&b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pseries/versions/default-cpu", test_default_cpus);
    g_test_add_func("/pseries/compat/caps", test_caps_compat);
    g_test_add_func("/pseries/compat/phb", test_phb_compat);
    g_test_add_func("/pseries/max-cpu-compat", test_max_cpu_compat);
    return g_test_run();
}
