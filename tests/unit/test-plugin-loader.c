/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Plugin search, loading on demand, and every refusal, with real shared objects. */
#include "test-types.h"

#include <glib/gstdio.h>

static char *case_dir(const char *name)
{
    return g_build_filename(g_getenv("MODVM_BUILD_ROOT"), "tests", "plugins", name, NULL);
}

static ModvmPluginSet *set_with(const char *first, ...)
{
    ModvmPluginSet *set = modvm_plugin_set_new();
    va_list ap;
    va_start(ap, first);
    for (const char *c = first; c; c = va_arg(ap, const char *)) {
        g_autofree char *dir = case_dir(c);
        modvm_plugin_set_add_dir(set, dir, "test");
    }
    va_end(ap);
    return set;
}

/* This core's plugin ABI as its messages spell it, and the range it accepts. */
#define ABI_MAJOR G_STRINGIFY(MODVM_PLUGIN_ABI_MAJOR)
#define ABI ABI_MAJOR "." G_STRINGIFY(MODVM_PLUGIN_ABI_MINOR)
#define ACCEPTS "(it accepts " ABI_MAJOR ".0 to " ABI ")"

static void assert_message(GError *err, const char *part)
{
    g_assert_nonnull(err);
    if (!strstr(err->message, part)) {
        g_error("got '%s', expected it to contain '%s'", err->message, part);
    }
}

static ModvmPluginInfo *find(ModvmPluginSet *set, const char *name)
{
    GPtrArray *list = modvm_plugin_set_list(set);
    for (guint i = 0; i < list->len; i++) {
        ModvmPluginInfo *info = list->pdata[i];
        if (strcmp(info->name, name) == 0) {
            return info;
        }
    }
    return NULL;
}

static void test_index(void)
{
    ModvmPluginSet *set = set_with("good", "abi", "notplugin", NULL);
    ModvmPluginInfo *good = find(set, "test-good");

    g_assert_nonnull(good);
    g_assert_null(good->problem);
    g_assert_cmpstr(good->description, ==, "a plugin that works");
    g_assert_cmpuint(good->abi_major, ==, MODVM_PLUGIN_ABI_MAJOR);
    g_assert_true(g_strv_contains((const char *const *)good->types, "test-good-device"));
    g_assert_false(good->loaded);
    assert_message(&(GError){ .message = find(set, "test-abi")->problem },
                   "was built for plugin ABI 99.0, but this modvm provides ABI " ABI);
    assert_message(&(GError){ .message = find(set, "test-notplugin")->problem },
                   "is not a modvm plugin (no modvm_plugin_descriptor symbol)");
    /* Reading the index registers nothing. */
    g_assert_cmpuint(g_type_from_name("test-good-device"), ==, 0);
    modvm_plugin_set_free(set);
}

static void test_load_for_type(void)
{
    ModvmPluginSet *set = set_with("good", "child", NULL);
    GError *err = NULL;

    g_assert_true(modvm_plugin_set_load_for_type(set, "test-good-device", "a test", &err));
    g_assert_no_error(err);
    g_assert_true(find(set, "test-good")->loaded);
    /* Only what was needed. */
    g_assert_false(find(set, "test-child")->loaded);
    GType t = g_type_from_name("test-good-device");
    g_assert_true(g_type_is_a(t, MODVM_TYPE_DEVICE));
    g_autoptr(ModvmObject) obj = modvm_object_new("test-good-device", &err);
    g_assert_no_error(err);
    g_assert_true(modvm_object_set_property_str(obj, "level", "9", MODVM_PROP_SOURCE_USER, NULL));
    g_assert_false(modvm_object_set_property_str(obj, "level", "10", MODVM_PROP_SOURCE_USER,
                                                 NULL));
    modvm_plugin_set_free(set);
}

static void test_requires(void)
{
    ModvmPluginSet *set = set_with("child", "good", NULL);
    GError *err = NULL;

    g_assert_true(modvm_plugin_set_load(set, "test-child", "a test", &err));
    g_assert_no_error(err);
    g_assert_true(find(set, "test-good")->loaded);
    g_assert_true(g_type_is_a(g_type_from_name("test-child-device"),
                              g_type_from_name("test-good-device")));
    modvm_plugin_set_free(set);
}

static void test_missing_plugin(void)
{
    ModvmPluginSet *set = set_with("good", NULL);
    GError *err = NULL;
    g_autofree char *dir = case_dir("good");

    g_assert_false(modvm_plugin_set_load(set, "dev-warp", "machine 'warp-1.0' (warp.json)",
                                         &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_NOT_FOUND);
    assert_message(err, "plugin 'dev-warp' (needed by machine 'warp-1.0' (warp.json)) was not "
                        "found; looked in ");
    assert_message(err, dir);
    g_clear_error(&err);
    g_assert_false(modvm_plugin_set_load_for_type(set, "warp-drive", "-device warp-drive", &err));
    assert_message(err, "no plugin provides type 'warp-drive' (needed by -device warp-drive); "
                        "looked in ");
    g_clear_error(&err);
    modvm_plugin_set_free(set);
}

static void test_abi_mismatch(void)
{
    ModvmPluginSet *set = set_with("abi", "newer", NULL);
    g_autofree char *newer = NULL;
    GError *err = NULL;

    g_assert_false(modvm_plugin_set_load(set, "test-abi", "a test", &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_ABI);
    assert_message(err, "test-abi.so was built for plugin ABI 99.0, but this modvm provides "
                        "ABI " ABI " " ACCEPTS);
    g_clear_error(&err);
    g_assert_false(modvm_plugin_set_load(set, "test-newer", "a test", &err));
    newer = g_strdup_printf("was built for plugin ABI %d.%d, but this modvm provides ABI " ABI,
                            MODVM_PLUGIN_ABI_MAJOR, MODVM_PLUGIN_ABI_MINOR + 1);
    assert_message(err, newer);
    g_clear_error(&err);
    modvm_plugin_set_free(set);
}

static void test_duplicate_type(void)
{
    ModvmPluginSet *set = set_with("good", "dup", NULL);
    GError *err = NULL;
    g_autofree char *good = case_dir("good");

    g_assert_true(modvm_plugin_set_load(set, "test-good", "a test", NULL));
    g_assert_false(modvm_plugin_set_load(set, "test-dup", "a test", &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_DUPLICATE);
    assert_message(err, "test-dup.so (needed by a test): type 'test-good-device' is already "
                        "registered by ");
    assert_message(err, good);
    g_clear_error(&err);
    modvm_plugin_set_free(set);
}

static void test_descriptor_lies(void)
{
    ModvmPluginSet *set = set_with("unlisted", "missing", "fail", NULL);
    GError *err = NULL;

    g_assert_false(modvm_plugin_set_load(set, "test-unlisted", "a test", &err));
    assert_message(err, "registered type 'test-unlisted-a', which its descriptor does not list");
    g_clear_error(&err);
    g_assert_false(modvm_plugin_set_load(set, "test-missing", "a test", &err));
    assert_message(err, "its descriptor lists type 'test-missing-b', which it did not register");
    g_clear_error(&err);
    g_assert_false(modvm_plugin_set_load(set, "test-fail", "a test", &err));
    assert_message(err, "initialisation failed: the host lacks a thing");
    g_clear_error(&err);
    modvm_plugin_set_free(set);
}

/* The first directory wins; the one it hides is noted. */
static void test_search_order(void)
{
    g_autofree char *tmp = g_dir_make_tmp("modvm-plugins-XXXXXX", NULL);
    g_autofree char *src = g_build_filename(g_getenv("MODVM_BUILD_ROOT"), "tests", "plugins",
                                            "good", "test-good.so", NULL);
    g_autofree char *copy = g_build_filename(tmp, "test-good.so", NULL);
    gchar *contents;
    gsize len;
    g_assert_true(g_file_get_contents(src, &contents, &len, NULL));
    g_assert_true(g_file_set_contents(copy, contents, len, NULL));
    g_free(contents);

    ModvmPluginSet *set = modvm_plugin_set_new();
    modvm_plugin_set_add_dir(set, tmp, "-L");
    g_autofree char *good = case_dir("good");
    modvm_plugin_set_add_dir(set, good, "build tree");
    ModvmPluginInfo *info = find(set, "test-good");
    g_assert_cmpstr(info->path, ==, copy);
    g_assert_cmpstr(info->origin, ==, "-L");
    g_assert_cmpstr(info->shadows, ==, src);
    g_autofree char *where = modvm_plugin_set_where(set);
    g_autofree char *expect = g_strdup_printf("%s (-L), %s (build tree)", tmp, good);
    g_assert_cmpstr(where, ==, expect);
    modvm_plugin_set_free(set);
    g_unlink(copy);
    g_rmdir(tmp);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/core/plugin/index", test_index);
    g_test_add_func("/core/plugin/load-for-type", test_load_for_type);
    g_test_add_func("/core/plugin/requires", test_requires);
    g_test_add_func("/core/plugin/refuse/missing", test_missing_plugin);
    g_test_add_func("/core/plugin/refuse/abi", test_abi_mismatch);
    g_test_add_func("/core/plugin/refuse/duplicate-type", test_duplicate_type);
    g_test_add_func("/core/plugin/refuse/descriptor", test_descriptor_lies);
    g_test_add_func("/core/plugin/search-order", test_search_order);
    return g_test_run();
}
