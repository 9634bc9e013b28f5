/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The listings behind -M help, -cpu help, -device help, TYPE,help and -version. */
#include "core.h"

#include <stdio.h>
#include <string.h>

GPtrArray *modvm_cpu_list_models(const char *base_type);

static gint compare_versions(gconstpointer a, gconstpointer b)
{
    const ModvmMachineVersion *va = *(ModvmMachineVersion *const *)a;
    const ModvmMachineVersion *vb = *(ModvmMachineVersion *const *)b;
    return g_strcmp0(va->name, vb->name);
}

void modvm_print_machines(ModvmSession *s)
{
    ModvmMachineVersion *def = modvm_session_default_machine(s);
    g_autoptr(GPtrArray) all = g_ptr_array_new();

    printf("Supported machines are:\n");
    for (guint i = 0; i < s->catalog->families->len; i++) {
        ModvmMachineFamily *f = s->catalog->families->pdata[i];
        for (guint j = 0; j < f->versions->len; j++) {
            g_ptr_array_add(all, f->versions->pdata[j]);
        }
    }
    g_ptr_array_sort(all, compare_versions);
    for (guint i = 0; i < all->len; i++) {
        ModvmMachineVersion *v = all->pdata[i];
        const char *desc = v->description ? v->description : v->family->description;
        if (v == v->family->newest) {
            printf("%-20s %s (alias of %s)\n", v->family->family, v->family->description, v->name);
        }
        printf("%-20s %s%s\n", v->name, desc, v == def ? " (default)" : "");
    }
}

static void print_props(GType type, ModvmObject *instance)
{
    g_autoptr(GPtrArray) rows = modvm_type_list_properties(type);
    for (guint i = 0; i < rows->len; i++) {
        const ModvmProperty *p = rows->pdata[i];
        g_autofree char *what = modvm_property_describe(p);
        if (instance) {
            g_autofree char *value = modvm_object_get_property_str(instance, p->name);
            ModvmPropSource src = modvm_object_get_property_source(instance, p->name);
            printf("  %-24s = %-14s %s - %s%s%s\n", p->name, value, what, p->description,
                   src != MODVM_PROP_SOURCE_DEFAULT ? "; set by " : "",
                   src != MODVM_PROP_SOURCE_DEFAULT ? modvm_prop_source_name(src) : "");
        } else {
            printf("  %-24s %s - %s\n", p->name, what, p->description);
        }
    }
    if (rows->len == 0) {
        printf("  (no properties)\n");
    }
}

gboolean modvm_print_machine_props(ModvmSession *s, GError **error)
{
    ModvmMachineFamily *f;
    g_autoptr(ModvmObject) m = NULL;
    g_autoptr(GPtrArray) compat = NULL;

    if (!modvm_session_select_machine(s, error)) {
        return FALSE;
    }
    f = s->version->family;
    m = modvm_object_new(f->machine_type, error);
    if (!m) {
        return FALSE;
    }
    compat = modvm_machine_version_compat(s->version);
    const char *ram = modvm_machine_version_default_ram(s->version);
    if ((ram && !modvm_object_set_property_str(m, "ram-size", ram, MODVM_PROP_SOURCE_MACHINE,
                                               error)) ||
        !modvm_object_apply_layer(m, compat, MODVM_PROP_SOURCE_COMPAT, error)) {
        return FALSE;
    }
    printf("%s options (values as this version sets them):\n", s->version->name);
    print_props(G_OBJECT_TYPE(m), m);
    return TRUE;
}

gboolean modvm_print_cpus(ModvmSession *s, GError **error)
{
    if (!modvm_session_select_machine(s, error)) {
        return FALSE;
    }
    GType mt = g_type_from_name(s->version->family->machine_type);
    g_autoptr(GTypeClass) mc = g_type_class_ref(mt);
    const char *base = MODVM_MACHINE_CLASS(mc)->cpu_base_type;
    const char *def = modvm_machine_version_default_cpu(s->version);
    g_autoptr(GPtrArray) models = modvm_cpu_list_models(base);

    printf("Available CPU models for %s:\n", s->version->name);
    for (guint i = 0; i < models->len; i++) {
        GType t = GPOINTER_TO_SIZE(models->pdata[i]);
        g_autoptr(GTypeClass) klass = g_type_class_ref(t);
        ModvmCpuClass *cc = MODVM_CPU_CLASS(klass);
        const char *desc = MODVM_OBJECT_CLASS(klass)->description;
        g_autofree char *aliases = cc->aliases ? g_strjoinv(", ", (char **)cc->aliases) : NULL;
        printf("  %-12s %s%s%s%s%s\n", cc->model ? cc->model : g_type_name(t), desc ? desc : "",
               aliases ? " (also: " : "", aliases ? aliases : "", aliases ? ")" : "",
               def && cc->model && g_ascii_strcasecmp(def, cc->model) == 0 ? " (default)" : "");
    }
    if (models->len == 0) {
        printf("  (none: no plugin provides a %s)\n", base ? base : "CPU");
    }
    return TRUE;
}

static void collect(GType type, GType base_filter, GPtrArray *out)
{
    guint n;
    g_autofree GType *children = g_type_children(type, &n);
    if (!G_TYPE_IS_ABSTRACT(type) && g_type_is_a(type, base_filter)) {
        g_ptr_array_add(out, GSIZE_TO_POINTER(type));
    }
    for (guint i = 0; i < n; i++) {
        collect(children[i], base_filter, out);
    }
}

static gint compare_type_names(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(g_type_name(GPOINTER_TO_SIZE(*(gpointer *)a)),
                     g_type_name(GPOINTER_TO_SIZE(*(gpointer *)b)));
}

static void load_all(ModvmSession *s)
{
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
    modvm_plugin_set_load_all(s->plugins, problems);
    for (guint i = 0; i < problems->len; i++) {
        g_printerr("modvm: warning: %s\n", (char *)problems->pdata[i]);
    }
}

void modvm_print_devices(ModvmSession *s)
{
    g_autoptr(GPtrArray) types = g_ptr_array_new();

    load_all(s);
    collect(MODVM_TYPE_DEVICE, MODVM_TYPE_DEVICE, types);
    g_ptr_array_sort(types, compare_type_names);
    printf("Devices (-device TYPE,help for their properties):\n");
    for (guint i = 0; i < types->len; i++) {
        GType t = GPOINTER_TO_SIZE(types->pdata[i]);
        g_autoptr(GTypeClass) klass = g_type_class_ref(t);
        if (!MODVM_OBJECT_CLASS(klass)->user_creatable) {
            continue;
        }
        const char *bus = MODVM_DEVICE_CLASS(klass)->bus_type;
        const char *desc = MODVM_OBJECT_CLASS(klass)->description;
        printf("name \"%s\", bus %s, desc \"%s\"\n", g_type_name(t), bus ? bus : "none",
               desc ? desc : "");
    }
}

void modvm_print_objects(ModvmSession *s)
{
    g_autoptr(GPtrArray) types = g_ptr_array_new();

    load_all(s);
    collect(MODVM_TYPE_OBJECT, MODVM_TYPE_OBJECT, types);
    g_ptr_array_sort(types, compare_type_names);
    printf("Object types (-object TYPE,help for their properties):\n");
    guint shown = 0;
    for (guint i = 0; i < types->len; i++) {
        GType t = GPOINTER_TO_SIZE(types->pdata[i]);
        g_autoptr(GTypeClass) klass = g_type_class_ref(t);
        if (g_type_is_a(t, MODVM_TYPE_DEVICE) || g_type_is_a(t, MODVM_TYPE_MACHINE) ||
            g_type_is_a(t, MODVM_TYPE_ACCEL) || g_type_is_a(t, MODVM_TYPE_CHARDEV) ||
            !MODVM_OBJECT_CLASS(klass)->user_creatable) {
            continue;
        }
        const char *desc = MODVM_OBJECT_CLASS(klass)->description;
        printf("  %-24s %s\n", g_type_name(t), desc ? desc : "");
        shown++;
    }
    if (!shown) {
        printf("  (none in this build)\n");
    }
}

gboolean modvm_print_type_props(ModvmSession *s, const char *type, GError **error)
{
    g_autofree char *why = g_strdup_printf("-device %s,help", type);
    if (!modvm_plugin_set_load_for_type(s->plugins, type, why, error)) {
        return FALSE;
    }
    GType t = modvm_type_lookup(type);
    if (!t) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND, "unknown type '%s'", type);
        return FALSE;
    }
    g_autoptr(GTypeClass) klass = g_type_class_ref(t);
    const char *desc = MODVM_OBJECT_CLASS(klass)->description;
    printf("%s options%s%s%s:\n", type, desc ? " (" : "", desc ? desc : "", desc ? ")" : "");
    print_props(t, NULL);
    return TRUE;
}

void modvm_print_accels(ModvmSession *s)
{
    GPtrArray *list = modvm_plugin_set_list(s->plugins);
    guint shown = 0;

    printf("Accelerators supported in this build:\n");
    for (guint i = 0; i < list->len; i++) {
        ModvmPluginInfo *info = list->pdata[i];
        for (guint j = 0; info->types[j]; j++) {
            if (g_str_has_suffix(info->types[j], "-accel")) {
                printf("  %.*s (plugin %s)\n", (int)(strlen(info->types[j]) - 6), info->types[j],
                       info->name);
                shown++;
            }
        }
    }
    if (!shown) {
        printf("  (none found: guests cannot run until an accelerator plugin such as accel-tcg "
               "is built)\n");
    }
}

void modvm_print_version(ModvmSession *s)
{
    GPtrArray *list = modvm_plugin_set_list(s->plugins);
    g_autofree char *where = modvm_plugin_set_where(s->plugins);

    printf("modvm version " MODVM_VERSION_STRING "\n");
    printf("plugin ABI %d.%d\n", MODVM_PLUGIN_ABI_MAJOR, MODVM_PLUGIN_ABI_MINOR);
    printf("plugins found in %s:\n", where);
    for (guint i = 0; i < list->len; i++) {
        ModvmPluginInfo *info = list->pdata[i];
        if (info->problem) {
            printf("  %-12s UNUSABLE: %s %s\n", info->name, info->path, info->problem);
        } else {
            printf("  %-12s %s ABI %u.%u %s - %s\n", info->name, info->version, info->abi_major,
                   info->abi_minor, info->path, info->description);
        }
        if (info->shadows) {
            printf("  %-12s (hides %s)\n", "", info->shadows);
        }
    }
    if (!list->len) {
        printf("  (none)\n");
    }
}
