/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every registered type created, listed and freed; every servable machine version built. */
#include "test-types.h"
#include "chardev-internal.h"

static ModvmSession *new_session(ModvmConfig **cfg_out)
{
    ModvmConfig *cfg = modvm_config_new();
    GError *err = NULL;

    g_ptr_array_add(cfg->serials, g_strdup("null"));
    ModvmSession *s = modvm_session_new(cfg);
    g_assert_true(modvm_session_prepare(s, &err));
    g_assert_no_error(err);
    *cfg_out = cfg;
    return s;
}

static void collect(GType t, GPtrArray *out)
{
    guint n;
    g_autofree GType *children = g_type_children(t, &n);
    if (!G_TYPE_IS_ABSTRACT(t)) {
        g_ptr_array_add(out, GSIZE_TO_POINTER(t));
    }
    for (guint i = 0; i < n; i++) {
        collect(children[i], out);
    }
}

static void test_types(void)
{
    ModvmConfig *cfg;
    ModvmSession *s = new_session(&cfg);
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) types = g_ptr_array_new();

    modvm_chardev_register_types();
    g_object_unref(modvm_object_new_container());
    modvm_plugin_set_load_all(s->plugins, problems);
    for (guint i = 0; i < problems->len; i++) {
        g_test_message("plugin problem: %s", (char *)problems->pdata[i]);
    }
    g_assert_cmpuint(problems->len, ==, 0);
    collect(MODVM_TYPE_OBJECT, types);
    g_assert_cmpuint(types->len, >, 5);
    for (guint i = 0; i < types->len; i++) {
        GType t = GPOINTER_TO_SIZE(types->pdata[i]);
        g_autoptr(GTypeClass) klass = g_type_class_ref(t);
        GObject *obj = g_object_new(t, NULL);
        g_autoptr(GPtrArray) rows = modvm_type_list_properties(t);
        g_test_message("%s: %u properties", g_type_name(t), rows->len);
        for (guint j = 0; j < rows->len; j++) {
            const ModvmProperty *p = rows->pdata[j];
            g_autofree char *d = modvm_property_describe(p);
            g_autofree char *v = modvm_property_format(p, obj);
            g_assert_nonnull(p->description);
            g_assert_cmpuint(strlen(p->description), >, 0);
            g_assert_null(strchr(p->name, '_'));
            /* What a property prints, its parser reads back unchanged. */
            if (p->kind != MODVM_PROP_LINK && !(p->kind == MODVM_PROP_STRING && !*v)) {
                GError *err = NULL;
                if (!modvm_object_set_property_str(MODVM_OBJECT(obj), p->name, v,
                                                   MODVM_PROP_SOURCE_USER, &err)) {
                    g_error("%s.%s: its own value '%s' does not parse: %s", g_type_name(t),
                            p->name, v, err->message);
                }
                g_autofree char *again = modvm_property_format(p, obj);
                g_assert_cmpstr(again, ==, v);
            }
        }
        g_assert_null(strchr(g_type_name(t), '_'));
        g_object_unref(obj);
    }
    modvm_session_free(s);
    modvm_config_free(cfg);
}

static void test_machines(void)
{
    ModvmConfig *cfg;
    ModvmSession *s = new_session(&cfg);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    guint built = 0;

    for (guint i = 0; i < s->catalog->families->len; i++) {
        ModvmMachineFamily *f = s->catalog->families->pdata[i];
        gboolean servable = TRUE;
        for (guint j = 0; f->plugins[j]; j++) {
            GError *err = NULL;
            if (!modvm_plugin_set_load(s->plugins, f->plugins[j], "test", &err)) {
                g_test_message("%s: not servable by this build: %s", f->family, err->message);
                g_error_free(err);
                servable = FALSE;
                break;
            }
        }
        for (guint j = 0; servable && j < f->versions->len; j++) {
            g_ptr_array_add(names, g_strdup(((ModvmMachineVersion *)f->versions->pdata[j])->name));
        }
    }
    modvm_session_free(s);
    modvm_config_free(cfg);

    for (guint i = 0; i < names->len; i++) {
        GError *err = NULL;
        s = new_session(&cfg);
        cfg->machine = g_strdup(names->pdata[i]);
        if (!modvm_session_select_machine(s, &err) || !modvm_session_build(s, FALSE, &err)) {
            g_error("machine %s: %s", (char *)names->pdata[i], err->message);
        }
        g_assert_cmpuint(modvm_machine_get_cpus(s->machine)->len, ==, 1);
        g_assert_nonnull(modvm_machine_ram(s->machine));
        modvm_machine_reset(s->machine);
        g_autofree char *json = modvm_dump_machine(s);
        g_assert_nonnull(strstr(json, "\"realized\" : true"));
        modvm_session_free(s);
        modvm_config_free(cfg);
        built++;
    }
    g_test_message("built %u machine versions", built);
    g_assert_cmpuint(built, >, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/core/introspect/types", test_types);
    g_test_add_func("/core/introspect/machines", test_machines);
    return g_test_run();
}
