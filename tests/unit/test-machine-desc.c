/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Machine descriptions: every kind of error, version chains and compat order. */
#include "test-types.h"

#include <glib/gstdio.h>

static char *tmpdir;

static char *write_desc(const char *name, const char *json)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    g_assert_true(g_file_set_contents(path, json, -1, NULL));
    return path;
}

#define GOOD_HEAD \
    "{ \"family\": \"t\", \"description\": \"test machine\", \"plugins\": [],\n" \
    "  \"machine\": { \"type\": \"test-machine\", \"properties\": { \"knob\": 5 } },\n"

static const char good_chain[] = GOOD_HEAD
    "  \"default-cpu\": \"none\",\n"
    "  \"versions\": [\n"
    "    { \"name\": \"t-3\" },\n"
    "    { \"name\": \"t-2\", \"base\": \"t-3\", \"compat\": [\n"
    "        { \"type\": \"test-machine\", \"property\": \"knob\", \"value\": 2 },\n"
    "        { \"type\": \"test-dev\", \"property\": \"count\", \"value\": \"20\" } ] },\n"
    "    { \"name\": \"t-1\", \"base\": \"t-2\", \"default-ram\": \"256M\", \"compat\": [\n"
    "        { \"type\": \"test-machine\", \"property\": \"knob\", \"value\": 1 },\n"
    "        { \"type\": \"test-machine\", \"property\": \"legacy\", \"value\": true },\n"
    "        { \"type\": \"test-sub-dev\", \"property\": \"extra\", \"value\": 40 } ] }\n"
    "  ] }\n";

static void expect_load_error(const char *json, const char *message_part)
{
    g_autofree char *path = write_desc("bad.json", json);
    GError *err = NULL;
    ModvmMachineFamily *f = modvm_machine_family_load(path, &err);

    if (f) {
        /* Some errors only show against registered types. */
        if (modvm_machine_family_validate(f, NULL, &err)) {
            g_error("description was accepted; expected an error with '%s'", message_part);
        }
        modvm_machine_family_free(f);
    }
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_INVALID);
    g_assert_true(g_str_has_prefix(err->message, path));
    if (!strstr(err->message, message_part)) {
        g_error("got '%s', expected it to contain '%s'", err->message, message_part);
    }
    g_error_free(err);
}

static void test_syntax(void)
{
    expect_load_error("{ \"family\": \"t\",\n  \"description\": }\n",
                      "bad.json: invalid JSON at 2:18: Parse error");
}

static void test_not_object(void)
{
    expect_load_error("[1, 2]", ": $: expected an object, found an array");
}

static void test_unknown_key(void)
{
    expect_load_error(GOOD_HEAD "\"versoins\": []}",
                      ": $: unknown key 'versoins' (expected one of: family, description");
    expect_load_error(GOOD_HEAD "\"versions\": [ { \"name\": \"t-1\", \"compt\": [] } ] }",
                      ": $.versions[0]: unknown key 'compt'");
}

static void test_missing_key(void)
{
    expect_load_error(GOOD_HEAD "\"default-cpu\": \"x\" }", ": $: missing key 'versions'");
    expect_load_error(GOOD_HEAD "\"versions\": [ { \"base\": \"t-2\" } ] }",
                      ": $.versions[0]: missing key 'name'");
}

static void test_wrong_type(void)
{
    expect_load_error("{ \"family\": \"t\", \"description\": \"d\", \"plugins\": \"dev-spapr\","
                      " \"machine\": { \"type\": \"test-machine\" }, \"versions\": [] }",
                      ": $: 'plugins' must be an array of strings, found a string");
    expect_load_error(GOOD_HEAD "\"versions\": [ { \"name\": 7 } ] }",
                      ": $.versions[0]: 'name' must be a string, found a number");
    expect_load_error(GOOD_HEAD "\"versions\": [ { \"name\": \"t-1\", \"compat\": [\n"
                      " { \"type\": \"test-dev\", \"property\": \"count\", \"value\": [1] } ] } ] }",
                      ": $.versions[0].compat[0].value: expected a string, an integer or a boolean, "
                      "found an array");
}

static void test_missing_base(void)
{
    expect_load_error(GOOD_HEAD "\"versions\": [ { \"name\": \"t-2\" },\n"
                      " { \"name\": \"t-1\", \"base\": \"t-9\" } ] }",
                      ": $.versions[1].base: base version 't-9' of 't-1' is not defined");
}

static void test_cycle(void)
{
    expect_load_error(GOOD_HEAD "\"versions\": [ { \"name\": \"a\", \"base\": \"b\" },\n"
                      " { \"name\": \"b\", \"base\": \"a\" } ] }",
                      ": $.versions: every version has a base, so their bases form a cycle");
    expect_load_error(GOOD_HEAD "\"versions\": [ { \"name\": \"top\" },\n"
                      " { \"name\": \"a\", \"base\": \"b\" }, { \"name\": \"b\", \"base\": \"a\" } ] }",
                      ": $.versions[1].base: version 'a' is part of a base cycle");
}

static void test_two_newest(void)
{
    expect_load_error(GOOD_HEAD "\"versions\": [ { \"name\": \"a\" }, { \"name\": \"b\" } ] }",
                      "both 'a' and 'b' have no base");
}

static void test_duplicate_version(void)
{
    expect_load_error(GOOD_HEAD "\"versions\": [ { \"name\": \"a\" },"
                      " { \"name\": \"a\", \"base\": \"a\" } ] }",
                      ": $.versions[1].name: version 'a' is defined twice");
}

static void test_unknown_type(void)
{
    expect_load_error("{ \"family\": \"t\", \"description\": \"d\", \"machine\": { \"type\": "
                      "\"warp-machine\" }, \"versions\": [ { \"name\": \"t-1\" } ] }",
                      ": $.machine.type: unknown type 'warp-machine'");
    expect_load_error(GOOD_HEAD "\"versions\": [ { \"name\": \"t-1\", \"compat\": [\n"
                      " { \"type\": \"flux-capacitor\", \"property\": \"x\", \"value\": 1 } ] } ] }",
                      ": $.versions[0].compat[0].type: unknown type 'flux-capacitor'");
    expect_load_error("{ \"family\": \"t\", \"description\": \"d\", \"machine\": { \"type\": "
                      "\"test-dev\" }, \"versions\": [ { \"name\": \"t-1\" } ] }",
                      ": $.machine.type: type 'test-dev' is not a ModvmMachine");
}

static void test_unknown_property(void)
{
    expect_load_error(GOOD_HEAD "\"versions\": [ { \"name\": \"t-1\", \"compat\": [\n"
                      " { \"type\": \"test-dev\", \"property\": \"colour\", \"value\": 1 } ] } ] }",
                      ": $.versions[0].compat[0]: type 'test-dev' has no property 'colour'");
    expect_load_error("{ \"family\": \"t\", \"description\": \"d\", \"machine\": { \"type\": "
                      "\"test-machine\", \"properties\": { \"nob\": 1 } },"
                      " \"versions\": [ { \"name\": \"t-1\" } ] }",
                      ": $.machine.properties.nob: type 'test-machine' has no property 'nob'");
}

static void test_bad_value(void)
{
    expect_load_error(GOOD_HEAD "\"versions\": [ { \"name\": \"t-1\", \"compat\": [\n"
                      " { \"type\": \"test-dev\", \"property\": \"count\", \"value\": 65 } ] } ] }",
                      ": $.versions[0].compat[0]: property 'count' of 'test-dev': 65 is out of "
                      "range (1 to 64)");
    expect_load_error(GOOD_HEAD "\"devices\": [ { \"type\": \"test-dev\", \"properties\": "
                      "{ \"mode\": \"warp\" } } ], \"versions\": [ { \"name\": \"t-1\" } ] }",
                      ": $.devices[0].properties.mode: property 'mode' of 'test-dev': 'warp' is "
                      "not one of: slow, fast, auto-detect");
}

static void test_duplicate_across_files(void)
{
    g_autofree char *dir = g_build_filename(tmpdir, "dup", NULL);
    g_mkdir_with_parents(dir, 0700);
    g_autofree char *a = g_build_filename(dir, "a.json", NULL);
    g_autofree char *b = g_build_filename(dir, "b.json", NULL);
    g_assert_true(g_file_set_contents(a, good_chain, -1, NULL));
    g_assert_true(g_file_set_contents(b, good_chain, -1, NULL));
    g_autoptr(GPtrArray) dirs = g_ptr_array_new();
    g_ptr_array_add(dirs, dir);
    ModvmMachineCatalog *cat = modvm_machine_catalog_new();
    GError *err = NULL;
    g_assert_false(modvm_machine_catalog_load_dirs(cat, dirs, &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_DUPLICATE);
    g_assert_nonnull(strstr(err->message, "b.json: machine 't' is already defined by"));
    g_error_free(err);
    modvm_machine_catalog_free(cat);
}

static ModvmMachineFamily *load_chain(void)
{
    g_autofree char *path = write_desc("good.json", good_chain);
    GError *err = NULL;
    ModvmMachineFamily *f = modvm_machine_family_load(path, &err);
    g_assert_no_error(err);
    g_assert_true(modvm_machine_family_validate(f, NULL, &err));
    g_assert_no_error(err);
    return f;
}

static ModvmMachineVersion *find_version(ModvmMachineFamily *f, const char *name)
{
    for (guint i = 0; i < f->versions->len; i++) {
        ModvmMachineVersion *v = f->versions->pdata[i];
        if (strcmp(v->name, name) == 0) {
            return v;
        }
    }
    g_assert_not_reached();
}

/* Each version sees its own compat and that of the versions between it and the newest. */
static void test_compat_order(void)
{
    ModvmMachineFamily *f = load_chain();
    struct { const char *version; guint knob; gboolean legacy; guint count, extra; } rows[] = {
        { "t-3", 100, FALSE, 3, 11 },
        { "t-2", 2, FALSE, 20, 11 },
        { "t-1", 1, TRUE, 20, 40 },
    };

    g_assert_cmpstr(f->newest->name, ==, "t-3");
    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        ModvmMachineVersion *v = find_version(f, rows[i].version);
        g_autoptr(GPtrArray) compat = modvm_machine_version_compat(v);
        g_autoptr(ModvmObject) m = MODVM_OBJECT(g_object_new(test_machine_get_type(), NULL));
        g_autoptr(ModvmObject) d = MODVM_OBJECT(g_object_new(test_sub_dev_get_type(), NULL));
        g_assert_true(modvm_object_apply_layer(m, compat, MODVM_PROP_SOURCE_COMPAT, NULL));
        g_assert_true(modvm_object_apply_layer(d, compat, MODVM_PROP_SOURCE_COMPAT, NULL));
        g_assert_cmpuint(((TestMachine *)m)->knob, ==, rows[i].knob);
        g_assert_cmpint(((TestMachine *)m)->legacy, ==, rows[i].legacy);
        g_assert_cmpuint(((TestDev *)d)->count, ==, rows[i].count);
        g_assert_cmpuint(((TestSubDev *)d)->extra, ==, rows[i].extra);
    }
    g_assert_cmpstr(modvm_machine_version_default_ram(find_version(f, "t-1")), ==, "256M");
    g_assert_null(modvm_machine_version_default_ram(find_version(f, "t-2")));
    /* Versions without their own default take the family's. */
    g_assert_cmpstr(modvm_machine_version_default_cpu(find_version(f, "t-1")), ==, "none");
    modvm_machine_family_free(f);
}

static void test_catalog_alias(void)
{
    g_autofree char *dir = g_build_filename(tmpdir, "one", NULL);
    g_mkdir_with_parents(dir, 0700);
    g_autofree char *a = g_build_filename(dir, "t.json", NULL);
    g_assert_true(g_file_set_contents(a, good_chain, -1, NULL));
    g_autoptr(GPtrArray) dirs = g_ptr_array_new();
    g_ptr_array_add(dirs, dir);
    ModvmMachineCatalog *cat = modvm_machine_catalog_new();
    g_assert_true(modvm_machine_catalog_load_dirs(cat, dirs, NULL));
    g_assert_cmpstr(modvm_machine_catalog_find(cat, "t")->name, ==, "t-3");
    g_assert_cmpstr(modvm_machine_catalog_find(cat, "t-1")->base->name, ==, "t-2");
    g_assert_null(modvm_machine_catalog_find(cat, "t-4"));
    modvm_machine_catalog_free(cat);
}

/* The project's own descriptions parse and their version chains are well-formed. */
static void test_shipped(void)
{
    g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(dirs, g_build_filename(g_getenv("MODVM_SOURCE_ROOT"), "machines", NULL));
    ModvmMachineCatalog *cat = modvm_machine_catalog_new();
    GError *err = NULL;
    g_assert_true(modvm_machine_catalog_load_dirs(cat, dirs, &err));
    g_assert_no_error(err);
    ModvmMachineVersion *p = modvm_machine_catalog_find(cat, "pseries");
    g_assert_nonnull(p);
    g_assert_cmpstr(p->name, ==, "pseries-7.2");
    g_assert_nonnull(modvm_machine_catalog_find(cat, "pseries-2.1"));
    g_assert_nonnull(modvm_machine_catalog_find(cat, "s390-ccw-virtio"));
    /* pseries-2.1 reaches the newest through every version in between. */
    guint steps = 0;
    for (ModvmMachineVersion *v = modvm_machine_catalog_find(cat, "pseries-2.1"); v->base;
         v = v->base) {
        steps++;
    }
    g_assert_cmpuint(steps, >=, 20);
    modvm_machine_catalog_free(cat);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("modvm-desc-XXXXXX", NULL);
    /* Register the test types so validation can see them. */
    g_type_class_unref(g_type_class_ref(test_machine_get_type()));
    g_type_class_unref(g_type_class_ref(test_sub_dev_get_type()));
    g_test_add_func("/core/machine-desc/error/syntax", test_syntax);
    g_test_add_func("/core/machine-desc/error/not-object", test_not_object);
    g_test_add_func("/core/machine-desc/error/unknown-key", test_unknown_key);
    g_test_add_func("/core/machine-desc/error/missing-key", test_missing_key);
    g_test_add_func("/core/machine-desc/error/wrong-type", test_wrong_type);
    g_test_add_func("/core/machine-desc/error/missing-base", test_missing_base);
    g_test_add_func("/core/machine-desc/error/cycle", test_cycle);
    g_test_add_func("/core/machine-desc/error/two-newest", test_two_newest);
    g_test_add_func("/core/machine-desc/error/duplicate-version", test_duplicate_version);
    g_test_add_func("/core/machine-desc/error/duplicate-across-files", test_duplicate_across_files);
    g_test_add_func("/core/machine-desc/error/unknown-type", test_unknown_type);
    g_test_add_func("/core/machine-desc/error/unknown-property", test_unknown_property);
    g_test_add_func("/core/machine-desc/error/bad-value", test_bad_value);
    g_test_add_func("/core/compat/order", test_compat_order);
    g_test_add_func("/core/machine-desc/alias", test_catalog_alias);
    g_test_add_func("/core/machine-desc/shipped", test_shipped);
    ret = g_test_run();
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
    (void)!system(cmd);
    return ret;
}
