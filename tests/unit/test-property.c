/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The property tables and the one string parser. */
#include "test-types.h"

static ModvmObject *new_dev(void)
{
    return MODVM_OBJECT(g_object_new(test_dev_get_type(), NULL));
}

static void expect_error(ModvmObject *obj, const char *prop, const char *value,
                         const char *message_part)
{
    GError *err = NULL;
    g_assert_false(modvm_object_set_property_str(obj, prop, value, MODVM_PROP_SOURCE_USER, &err));
    g_assert_nonnull(err);
    if (!strstr(err->message, message_part)) {
        g_error("error for %s=%s was '%s', expected it to contain '%s'", prop, value,
                err->message, message_part);
    }
    g_error_free(err);
}

static void set_ok(ModvmObject *obj, const char *prop, const char *value)
{
    GError *err = NULL;
    if (!modvm_object_set_property_str(obj, prop, value, MODVM_PROP_SOURCE_USER, &err)) {
        g_error("%s=%s: %s", prop, value, err->message);
    }
}

static void test_defaults(void)
{
    g_autoptr(ModvmObject) obj = new_dev();
    TestDev *d = (TestDev *)obj;

    g_assert_true(d->flag);
    g_assert_cmpint(d->offset, ==, -5);
    g_assert_cmpuint(d->small, ==, 7);
    g_assert_cmpuint(d->count, ==, 3);
    g_assert_cmpuint(d->size, ==, 64 << 10);
    g_assert_cmpstr(d->label, ==, "none");
    g_assert_cmpint(d->mode, ==, 1);
    g_assert_cmpint(d->accel, ==, MODVM_ON_OFF_AUTO_AUTO);
    g_assert_null(d->peer);
    g_assert_cmpint(modvm_object_get_property_source(obj, "count"), ==, MODVM_PROP_SOURCE_DEFAULT);
}

static void test_subclass_defaults(void)
{
    g_autoptr(ModvmObject) obj = MODVM_OBJECT(g_object_new(test_sub_dev_get_type(), NULL));
    g_assert_cmpuint(((TestSubDev *)obj)->extra, ==, 11);
    g_assert_cmpuint(((TestDev *)obj)->count, ==, 3);
    set_ok(obj, "count", "9");
    set_ok(obj, "extra", "12");
    g_assert_cmpuint(((TestDev *)obj)->count, ==, 9);
    g_assert_cmpuint(((TestSubDev *)obj)->extra, ==, 12);
}

static void test_size(void)
{
    static const struct { const char *in; guint64 out; } ok[] = {
        { "4096", 4096 }, { "0x1000", 4096 }, { "4K", 4096 }, { "4k", 4096 },
        { "512M", 512ull << 20 }, { "1G", 1ull << 30 }, { "2T", 2ull << 40 },
        { "1GiB", 1ull << 30 }, { "64KB", 64 << 10 }, { "0", 0 },
    };
    static const char *const bad[] = { "", "-1", "1.5G", "12X", "G", " 1", "1G ", "99999999999T" };

    for (guint i = 0; i < G_N_ELEMENTS(ok); i++) {
        guint64 v = 1;
        g_assert_true(modvm_property_parse_size(ok[i].in, &v, NULL));
        g_assert_cmpuint(v, ==, ok[i].out);
    }
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        guint64 v;
        GError *err = NULL;
        g_assert_false(modvm_property_parse_size(bad[i], &v, &err));
        g_assert_error(err, MODVM_ERROR, MODVM_ERROR_INVALID);
        g_error_free(err);
    }
}

static void test_size_property(void)
{
    g_autoptr(ModvmObject) obj = new_dev();
    set_ok(obj, "size", "1M");
    g_assert_cmpuint(((TestDev *)obj)->size, ==, 1 << 20);
    g_autofree char *s = modvm_object_get_property_str(obj, "size");
    g_assert_cmpstr(s, ==, "1M");
    expect_error(obj, "size", "1K", "out of range (4K to 1T)");
    expect_error(obj, "size", "lots", "not a size");
}

static void test_bool(void)
{
    g_autoptr(ModvmObject) obj = new_dev();
    static const char *const off[] = { "off", "no", "false", "n", "0", "OFF" };
    for (guint i = 0; i < G_N_ELEMENTS(off); i++) {
        set_ok(obj, "flag", "on");
        g_assert_true(((TestDev *)obj)->flag);
        set_ok(obj, "flag", off[i]);
        g_assert_false(((TestDev *)obj)->flag);
    }
    expect_error(obj, "flag", "maybe", "not a boolean");
}

static void test_integers(void)
{
    g_autoptr(ModvmObject) obj = new_dev();
    set_ok(obj, "offset", "-100");
    g_assert_cmpint(((TestDev *)obj)->offset, ==, -100);
    set_ok(obj, "offset", "0x10");
    g_assert_cmpint(((TestDev *)obj)->offset, ==, 16);
    expect_error(obj, "offset", "101", "out of range (-100 to 100)");
    expect_error(obj, "offset", "ten", "not an integer");
    set_ok(obj, "small", "255");
    g_assert_cmpuint(((TestDev *)obj)->small, ==, 255);
    /* The field is 8 bits wide: the range the table gives is clipped to it. */
    expect_error(obj, "small", "256", "out of range (0 to 255)");
    expect_error(obj, "count", "0", "out of range (1 to 64)");
    expect_error(obj, "count", "-1", "not an unsigned integer");
    set_ok(obj, "count", "64");
    g_assert_cmpuint(((TestDev *)obj)->count, ==, 64);
}

static void test_enum(void)
{
    g_autoptr(ModvmObject) obj = new_dev();
    set_ok(obj, "mode", "auto-detect");
    g_assert_cmpint(((TestDev *)obj)->mode, ==, 2);
    expect_error(obj, "mode", "warp", "'warp' is not one of: slow, fast, auto-detect");
    set_ok(obj, "accel", "off");
    g_assert_cmpint(((TestDev *)obj)->accel, ==, MODVM_ON_OFF_AUTO_OFF);
    expect_error(obj, "accel", "sometimes", "not one of: auto, on, off");
    g_autofree char *s = modvm_object_get_property_str(obj, "mode");
    g_assert_cmpstr(s, ==, "auto-detect");
}

static void test_string(void)
{
    g_autoptr(ModvmObject) obj = new_dev();
    set_ok(obj, "label", "hello, world");
    g_assert_cmpstr(((TestDev *)obj)->label, ==, "hello, world");
    g_autofree char *label = NULL;
    g_object_get(obj, "label", &label, NULL);
    g_assert_cmpstr(label, ==, "hello, world");
}

static void test_link(void)
{
    g_autoptr(ModvmObject) root = MODVM_OBJECT(g_object_new(test_machine_get_type(), NULL));
    ModvmObject *a = new_dev();
    ModvmObject *b = new_dev();
    ModvmObject *bus = MODVM_OBJECT(g_object_new(test_bus_get_type(), NULL));

    modvm_object_set_root_name(root, "machine");
    g_assert_true(modvm_object_add_child(root, "a", a, NULL));
    g_assert_true(modvm_object_add_child(root, "b", b, NULL));
    g_assert_true(modvm_object_add_child(root, "bus", bus, NULL));
    modvm_object_set_id(b, "bee");
    set_ok(a, "peer", "bee");
    g_assert_true(((TestDev *)a)->peer == G_OBJECT(b));
    set_ok(a, "peer", "/machine/a");
    g_assert_true(((TestDev *)a)->peer == G_OBJECT(a));
    g_autofree char *s = modvm_object_get_property_str(a, "peer");
    g_assert_cmpstr(s, ==, "/machine/a");
    expect_error(a, "peer", "nobody", "no object 'nobody'");
    expect_error(a, "peer", "/machine/bus", "is a test-bus, not a test-dev");
    set_ok(a, "peer", "");
    g_assert_null(((TestDev *)a)->peer);
    g_object_unref(a);
    g_object_unref(b);
    g_object_unref(bus);
}

static void test_unknown(void)
{
    g_autoptr(ModvmObject) obj = new_dev();
    expect_error(obj, "colour", "red", "type 'test-dev' has no property 'colour'");
}

/* Class default < machine < compat < global < user: a lower source never overrides. */
static void test_precedence(void)
{
    g_autoptr(ModvmObject) obj = new_dev();
    struct { ModvmPropSource src; const char *value; guint expect; } steps[] = {
        { MODVM_PROP_SOURCE_COMPAT, "10", 10 },
        { MODVM_PROP_SOURCE_MACHINE, "11", 10 },
        { MODVM_PROP_SOURCE_GLOBAL, "12", 12 },
        { MODVM_PROP_SOURCE_COMPAT, "13", 12 },
        { MODVM_PROP_SOURCE_USER, "14", 14 },
        { MODVM_PROP_SOURCE_GLOBAL, "15", 14 },
        { MODVM_PROP_SOURCE_USER, "16", 16 },
    };
    for (guint i = 0; i < G_N_ELEMENTS(steps); i++) {
        g_assert_true(modvm_object_set_property_str(obj, "count", steps[i].value, steps[i].src,
                                                    NULL));
        g_assert_cmpuint(((TestDev *)obj)->count, ==, steps[i].expect);
    }
    g_assert_cmpint(modvm_object_get_property_source(obj, "count"), ==, MODVM_PROP_SOURCE_USER);
    g_assert_cmpstr(modvm_prop_source_name(MODVM_PROP_SOURCE_COMPAT), ==, "compat");
}

static void test_realized_frozen(void)
{
    g_autoptr(ModvmObject) obj = new_dev();
    g_assert_true(modvm_device_realize(MODVM_DEVICE(obj), NULL));
    expect_error(obj, "count", "5", "cannot change once the device is realized");
    g_assert_cmpuint(((TestDev *)obj)->count, ==, 3);
}

static void test_describe(void)
{
    g_autoptr(GTypeClass) klass = g_type_class_ref(test_dev_get_type());
    struct { const char *name, *text; } rows[] = {
        { "flag", "bool (default on)" },
        { "offset", "int32 (-100 to 100, default -5)" },
        { "small", "uint8 (0 to 255, default 7)" },
        { "size", "size (4K to 1T, default 64K)" },
        { "label", "string (default \"none\")" },
        { "mode", "slow|fast|auto-detect (default fast)" },
        { "accel", "auto|on|off (default auto)" },
        { "peer", "link to test-dev (id or path)" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        const ModvmProperty *p = modvm_property_find(G_OBJECT_CLASS(klass), rows[i].name);
        g_assert_nonnull(p);
        g_autofree char *d = modvm_property_describe(p);
        g_assert_cmpstr(d, ==, rows[i].text);
    }
    g_assert_null(modvm_property_find(G_OBJECT_CLASS(klass), "nothing"));
}

/* The GParamSpecs carry the table's ranges: GObject users see the same rules. */
static void test_gparamspec(void)
{
    g_autoptr(GTypeClass) klass = g_type_class_ref(test_dev_get_type());
    GParamSpec *ps = g_object_class_find_property(G_OBJECT_CLASS(klass), "count");
    g_assert_nonnull(ps);
    g_assert_true(G_IS_PARAM_SPEC_UINT64(ps));
    g_assert_cmpuint(G_PARAM_SPEC_UINT64(ps)->minimum, ==, 1);
    g_assert_cmpuint(G_PARAM_SPEC_UINT64(ps)->maximum, ==, 64);
    g_assert_cmpuint(G_PARAM_SPEC_UINT64(ps)->default_value, ==, 3);
    g_assert_cmpstr(g_param_spec_get_blurb(ps), ==, "an unsigned integer from 1 to 64");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/core/property/defaults", test_defaults);
    g_test_add_func("/core/property/subclass-defaults", test_subclass_defaults);
    g_test_add_func("/core/property/size/parse", test_size);
    g_test_add_func("/core/property/size/property", test_size_property);
    g_test_add_func("/core/property/bool", test_bool);
    g_test_add_func("/core/property/integers", test_integers);
    g_test_add_func("/core/property/enum", test_enum);
    g_test_add_func("/core/property/string", test_string);
    g_test_add_func("/core/property/link", test_link);
    g_test_add_func("/core/property/unknown", test_unknown);
    g_test_add_func("/core/property/precedence", test_precedence);
    g_test_add_func("/core/property/realized-frozen", test_realized_frozen);
    g_test_add_func("/core/property/describe", test_describe);
    g_test_add_func("/core/property/gparamspec", test_gparamspec);
    return g_test_run();
}
