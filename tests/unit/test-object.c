/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The composition tree, buses, realize order, and compat/-global layers. */
#include "test-types.h"

static ModvmObject *new_obj(GType t)
{
    return MODVM_OBJECT(g_object_new(t, NULL));
}

static ModvmCompatProp *cp_new(const char *type, const char *prop, const char *value)
{
    ModvmCompatProp *cp = g_new0(ModvmCompatProp, 1);
    cp->type = g_strdup(type);
    cp->property = g_strdup(prop);
    cp->value = g_strdup(value);
    cp->where = g_strdup_printf("test %s.%s", type, prop);
    return cp;
}

static void test_tree(void)
{
    g_autoptr(ModvmObject) root = new_obj(test_machine_get_type());
    ModvmObject *a = new_obj(test_dev_get_type());
    ModvmObject *b = new_obj(test_dev_get_type());
    GError *err = NULL;

    modvm_object_set_root_name(root, "machine");
    g_assert_true(modvm_object_add_child(root, "a", a, NULL));
    g_assert_true(modvm_object_add_child(a, "b", b, NULL));
    g_autofree char *path = modvm_object_get_path(b);
    g_assert_cmpstr(path, ==, "/machine/a/b");
    g_assert_true(modvm_object_resolve(root, "/machine/a/b") == b);
    g_assert_null(modvm_object_resolve(root, "/machine/x"));
    g_assert_null(modvm_object_resolve(root, "machine/a"));
    g_assert_true(modvm_object_get_root(b) == root);

    g_assert_false(modvm_object_add_child(root, "a", b, &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_DUPLICATE);
    g_clear_error(&err);
    ModvmObject *c = new_obj(test_dev_get_type());
    g_assert_false(modvm_object_add_child(root, "a", c, &err));
    g_assert_nonnull(strstr(err->message, "/machine already has a child called 'a'"));
    g_clear_error(&err);
    g_assert_false(modvm_object_add_child(root, "x/y", c, &err));
    g_clear_error(&err);

    modvm_object_set_id(b, "bee");
    g_assert_true(modvm_object_find_by_id(root, "bee") == b);
    g_assert_null(modvm_object_find_by_id(root, "wasp"));

    /* The tree holds the references: dropping ours keeps the children alive. */
    g_object_unref(a);
    g_object_unref(b);
    g_object_unref(c);
    g_assert_true(MODVM_IS_OBJECT(modvm_object_resolve(root, "/machine/a/b")));
    modvm_object_remove_child(root, modvm_object_get_child(root, "a"));
    g_assert_null(modvm_object_get_child(root, "a"));
}

static void test_realize_order(void)
{
    g_autoptr(ModvmObject) root = new_obj(test_machine_get_type());
    ModvmObject *bus = new_obj(test_bus_get_type());
    ModvmObject *a = new_obj(test_dev_get_type());
    ModvmObject *b = new_obj(test_dev_get_type());

    test_events = g_ptr_array_new_with_free_func(g_free);
    modvm_object_set_root_name(root, "machine");
    g_assert_true(modvm_object_add_child(root, "a", a, NULL));
    g_assert_true(modvm_object_add_child(a, "b", b, NULL));
    g_assert_true(modvm_object_add_child(root, "bus", bus, NULL));
    g_assert_true(modvm_object_realize_tree(root, NULL));
    modvm_object_reset_tree(root);
    modvm_object_unrealize_tree(root);

    const char *expect[] = {
        "realize /machine/a", "realize /machine/a/b",
        "reset /machine/a", "reset /machine/a/b",
        "unrealize /machine/a/b", "unrealize /machine/a",
    };
    g_assert_cmpuint(test_events->len, ==, G_N_ELEMENTS(expect));
    for (guint i = 0; i < G_N_ELEMENTS(expect); i++) {
        g_assert_cmpstr(test_events->pdata[i], ==, expect[i]);
    }
    g_clear_pointer(&test_events, g_ptr_array_unref);
    g_object_unref(a);
    g_object_unref(b);
    g_object_unref(bus);
}

static void test_realize_error(void)
{
    g_autoptr(ModvmObject) root = new_obj(test_machine_get_type());
    ModvmObject *a = new_obj(test_dev_get_type());
    GError *err = NULL;

    modvm_object_set_root_name(root, "machine");
    g_assert_true(modvm_object_add_child(root, "a", a, NULL));
    ((TestDev *)a)->fail_realize = TRUE;
    g_assert_false(modvm_object_realize_tree(root, &err));
    g_assert_cmpstr(err->message, ==, "/machine/a: told to fail");
    g_assert_false(modvm_device_is_realized(MODVM_DEVICE(a)));
    g_clear_error(&err);
    g_object_unref(a);
}

static void test_bus_plug(void)
{
    g_autoptr(ModvmObject) bus = new_obj(test_bus_get_type());
    g_autoptr(ModvmObject) machine = new_obj(test_machine_get_type());
    ModvmObject *dev = new_obj(test_dev_get_type());
    GError *err = NULL;

    modvm_object_set_root_name(machine, "machine");
    g_assert_true(modvm_object_add_child(machine, "bus", bus, NULL));
    /* test-dev names no bus type: plugging it anywhere is refused. */
    g_assert_false(modvm_bus_plug(MODVM_BUS(bus), MODVM_DEVICE(dev), NULL, &err));
    g_assert_nonnull(strstr(err->message, "a test-dev cannot be plugged into /machine/bus"));
    g_clear_error(&err);
    g_assert_null(modvm_device_get_bus(MODVM_DEVICE(dev)));
    g_assert_cmpuint(modvm_bus_get_devices(MODVM_BUS(bus))->len, ==, 0);
    g_object_unref(dev);
}

/* compat entries apply to the named type and its subclasses, in list order. */
static void test_compat_layer(void)
{
    g_autoptr(GPtrArray) compat = g_ptr_array_new_with_free_func(modvm_compat_prop_free);
    g_autoptr(ModvmObject) base = new_obj(test_dev_get_type());
    g_autoptr(ModvmObject) sub = new_obj(test_sub_dev_get_type());
    GError *err = NULL;

    g_ptr_array_add(compat, cp_new("test-dev", "count", "10"));
    g_ptr_array_add(compat, cp_new("test-sub-dev", "extra", "20"));
    g_ptr_array_add(compat, cp_new("test-dev", "count", "30"));
    g_assert_true(modvm_object_apply_layer(base, compat, MODVM_PROP_SOURCE_COMPAT, NULL));
    g_assert_true(modvm_object_apply_layer(sub, compat, MODVM_PROP_SOURCE_COMPAT, NULL));
    g_assert_cmpuint(((TestDev *)base)->count, ==, 30);
    g_assert_cmpuint(((TestDev *)sub)->count, ==, 30);
    g_assert_cmpuint(((TestSubDev *)sub)->extra, ==, 20);
    g_assert_cmpint(modvm_object_get_property_source(sub, "extra"), ==,
                    MODVM_PROP_SOURCE_COMPAT);

    g_ptr_array_add(compat, cp_new("test-dev", "count", "99"));
    g_assert_false(modvm_object_apply_layer(base, compat, MODVM_PROP_SOURCE_COMPAT, &err));
    g_assert_nonnull(strstr(err->message, "test test-dev.count: property 'count': 99 is out of range"));
    g_clear_error(&err);
}

/* modvm_machine_new_object: defaults, then compat, then -global, then the user's per-type options. */
static void test_machine_new_object(void)
{
    g_autoptr(ModvmObject) m = new_obj(test_machine_get_type());
    g_autoptr(GPtrArray) compat = g_ptr_array_new_with_free_func(modvm_compat_prop_free);
    g_autoptr(GPtrArray) globals = g_ptr_array_new_with_free_func(modvm_compat_prop_free);
    g_autoptr(GPtrArray) user = g_ptr_array_new_with_free_func(modvm_compat_prop_free);

    g_ptr_array_add(compat, cp_new("test-dev", "count", "10"));
    g_ptr_array_add(compat, cp_new("test-dev", "label", "compat"));
    g_ptr_array_add(compat, cp_new("test-dev", "size", "8K"));
    g_ptr_array_add(globals, cp_new("test-dev", "count", "20"));
    g_ptr_array_add(globals, cp_new("test-dev", "flag", "off"));
    g_ptr_array_add(user, cp_new("test-sub-dev", "count", "30"));
    modvm_machine_set_property_layers(MODVM_MACHINE(m), compat, globals, user);

    g_autoptr(ModvmObject) d = modvm_machine_new_object(MODVM_MACHINE(m), "test-dev", NULL);
    g_autoptr(ModvmObject) s = modvm_machine_new_object(MODVM_MACHINE(m), "test-sub-dev", NULL);
    TestDev *dd = (TestDev *)d, *sd = (TestDev *)s;

    g_assert_cmpuint(dd->count, ==, 20);
    g_assert_cmpstr(dd->label, ==, "compat");
    g_assert_false(dd->flag);
    g_assert_cmpuint(dd->size, ==, 8192);
    g_assert_cmpint(dd->offset, ==, -5);
    g_assert_cmpint(modvm_object_get_property_source(d, "count"), ==, MODVM_PROP_SOURCE_GLOBAL);
    g_assert_cmpint(modvm_object_get_property_source(d, "label"), ==, MODVM_PROP_SOURCE_COMPAT);
    g_assert_cmpint(modvm_object_get_property_source(d, "offset"), ==, MODVM_PROP_SOURCE_DEFAULT);
    g_assert_cmpuint(sd->count, ==, 30);
    g_assert_cmpint(modvm_object_get_property_source(s, "count"), ==, MODVM_PROP_SOURCE_USER);
    modvm_machine_set_property_layers(MODVM_MACHINE(m), NULL, NULL, NULL);
}

static void test_opts_parse(void)
{
    GError *err = NULL;
    g_autoptr(GPtrArray) o = modvm_opts_parse("spapr-vty,id=v0,,x,reg=0x71000000,server,nowait",
                                              "driver", &err);
    g_assert_no_error(err);
    g_assert_cmpuint(o->len, ==, 5);
    g_assert_cmpstr(modvm_opts_get(o, "driver"), ==, "spapr-vty");
    g_assert_cmpstr(modvm_opts_get(o, "id"), ==, "v0,x");
    g_assert_cmpstr(modvm_opts_get(o, "reg"), ==, "0x71000000");
    g_assert_cmpstr(modvm_opts_get(o, "server"), ==, "on");
    g_assert_cmpstr(modvm_opts_get(o, "wait"), ==, "off");
    g_assert_null(modvm_opts_parse("a,,", NULL, &err) ? NULL : NULL);
    g_clear_error(&err);
    g_assert_null(modvm_opts_parse("a,=1", "x", &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_INVALID);
    g_clear_error(&err);
}

static void test_cmdline(void)
{
    char *argv[] = { "modvm", "-M", "pseries-6.1,cap-htm=off,accel=kvm:tcg", "-m", "1024",
                     "-smp", "2,threads=2", "-cpu", "POWER8,compat=power7",
                     "-global", "spapr-vty.reg=0x71000010", "-global",
                     "driver=spapr-nvram,property=size,value=128K", "-nographic",
                     "-device", "spapr-rng,id=rng0", "-kernel", "vmlinux", NULL };
    ModvmConfig *cfg = modvm_config_new();
    GError *err = NULL;

    g_assert_true(modvm_config_parse(cfg, G_N_ELEMENTS(argv) - 1, argv, &err));
    g_assert_cmpstr(cfg->machine, ==, "pseries-6.1");
    g_assert_cmpstr(cfg->accel, ==, "kvm");
    g_assert_cmpstr(modvm_opts_get(cfg->machine_props, "cap-htm"), ==, "off");
    g_assert_cmpstr(modvm_opts_get(cfg->machine_props, "ram-size"), ==, "1073741824");
    g_assert_cmpstr(modvm_opts_get(cfg->machine_props, "smp"), ==, "2");
    g_assert_cmpstr(modvm_opts_get(cfg->machine_props, "threads"), ==, "2");
    g_assert_cmpstr(modvm_opts_get(cfg->machine_props, "kernel"), ==, "vmlinux");
    g_assert_cmpstr(cfg->cpu_model, ==, "POWER8");
    g_assert_cmpstr(modvm_opts_get(cfg->cpu_props, "compat"), ==, "power7");
    g_assert_cmpuint(cfg->globals->len, ==, 2);
    ModvmCompatProp *g0 = cfg->globals->pdata[0], *g1 = cfg->globals->pdata[1];
    g_assert_cmpstr(g0->type, ==, "spapr-vty");
    g_assert_cmpstr(g0->property, ==, "reg");
    g_assert_cmpstr(g0->value, ==, "0x71000010");
    g_assert_cmpstr(g1->type, ==, "spapr-nvram");
    g_assert_cmpstr(g1->value, ==, "128K");
    g_assert_true(cfg->nographic);
    g_assert_cmpuint(cfg->devices->len, ==, 1);
    modvm_config_free(cfg);
}

static void test_cmdline_refusals(void)
{
    struct { const char *opt, *arg, *msg; } cases[] = {
        { "-gdb", "tcp::1234", "option -gdb is not supported by modvm yet" },
        { "-frobnicate", NULL, "unknown option -frobnicate" },
        { "-m", "1G,maxmem=4G", "-m maxmem is not supported yet" },
        { "-smp", "2,dies=2", "-smp: unknown key 'dies'" },
        { "-display", "gtk", "modvm has no display" },
        { "-global", "novalue", "expected TYPE.PROPERTY=VALUE" },
        { "disk.img", NULL, "'disk.img' is not an option" },
        { "-kernel", NULL, "option -kernel needs FILE" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *argv[] = { "modvm", (char *)cases[i].opt, (char *)cases[i].arg, NULL };
        ModvmConfig *cfg = modvm_config_new();
        GError *err = NULL;
        g_assert_false(modvm_config_parse(cfg, cases[i].arg ? 3 : 2, argv, &err));
        if (!strstr(err->message, cases[i].msg)) {
            g_error("%s: got '%s', expected '%s'", cases[i].opt, err->message, cases[i].msg);
        }
        g_error_free(err);
        modvm_config_free(cfg);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/core/object/tree", test_tree);
    g_test_add_func("/core/object/realize-order", test_realize_order);
    g_test_add_func("/core/object/realize-error", test_realize_error);
    g_test_add_func("/core/object/bus-plug-refused", test_bus_plug);
    g_test_add_func("/core/compat/layer-subclass", test_compat_layer);
    g_test_add_func("/core/compat/precedence", test_machine_new_object);
    g_test_add_func("/core/cmdline/opts", test_opts_parse);
    g_test_add_func("/core/cmdline/options", test_cmdline);
    g_test_add_func("/core/cmdline/refusals", test_cmdline_refusals);
    return g_test_run();
}
