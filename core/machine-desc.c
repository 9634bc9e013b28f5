/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The machine descriptions (machines/NAME.json): families of versioned machines, their compat properties and defaults. */
#include "core.h"

#include <json-glib/json-glib.h>
#include <string.h>

static const char *const family_keys[] = {
    "family", "description", "plugins", "optional-plugins", "machine", "default-cpu",
    "default-ram", "devices", "versions", NULL
};
static const char *const machine_keys[] = { "type", "properties", NULL };
static const char *const device_keys[] = {
    "type", "id", "only-with-chardev", "even-with-nodefaults", "properties", NULL
};
static const char *const version_keys[] = {
    "name", "base", "description", "default-cpu", "default-ram", "compat", NULL
};
static const char *const compat_keys[] = { "type", "property", "value", NULL };

typedef struct {
    const char *file;
    GError **error;
} Ctx;

static gboolean fail(Ctx *c, const char *path, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static gboolean fail(Ctx *c, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(c->error, MODVM_ERROR, MODVM_ERROR_INVALID, "%s: %s: %s", c->file, path, msg);
    return FALSE;
}

static const char *node_kind(JsonNode *n)
{
    switch (json_node_get_node_type(n)) {
    case JSON_NODE_OBJECT: return "an object";
    case JSON_NODE_ARRAY: return "an array";
    case JSON_NODE_NULL: return "null";
    default: break;
    }
    GType t = json_node_get_value_type(n);
    if (t == G_TYPE_STRING) return "a string";
    if (t == G_TYPE_BOOLEAN) return "a boolean";
    return "a number";
}

static gboolean check_keys(Ctx *c, const char *path, JsonObject *o, const char *const *allowed)
{
    g_autoptr(GList) members = json_object_get_members(o);
    for (GList *l = members; l; l = l->next) {
        if (!g_strv_contains(allowed, l->data)) {
            g_autofree char *list = g_strjoinv(", ", (char **)allowed);
            return fail(c, path, "unknown key '%s' (expected one of: %s)", (char *)l->data, list);
        }
    }
    return TRUE;
}

static JsonObject *get_object(Ctx *c, const char *path, JsonNode *n)
{
    if (!JSON_NODE_HOLDS_OBJECT(n)) {
        fail(c, path, "expected an object, found %s", node_kind(n));
        return NULL;
    }
    return json_node_get_object(n);
}

/* A member that must be a string (required or not). */
static gboolean get_string(Ctx *c, const char *path, JsonObject *o, const char *key,
                           gboolean required, char **out)
{
    JsonNode *n = json_object_get_member(o, key);
    *out = NULL;
    if (!n) {
        return required ? fail(c, path, "missing key '%s'", key) : TRUE;
    }
    if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING) {
        return fail(c, path, "'%s' must be a string, found %s", key, node_kind(n));
    }
    if (!*json_node_get_string(n)) {
        return fail(c, path, "'%s' must not be empty", key);
    }
    *out = g_strdup(json_node_get_string(n));
    return TRUE;
}

static gboolean get_bool(Ctx *c, const char *path, JsonObject *o, const char *key, gboolean *out)
{
    JsonNode *n = json_object_get_member(o, key);
    *out = FALSE;
    if (!n) {
        return TRUE;
    }
    if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_BOOLEAN) {
        return fail(c, path, "'%s' must be true or false, found %s", key, node_kind(n));
    }
    *out = json_node_get_boolean(n);
    return TRUE;
}

static gboolean get_string_list(Ctx *c, const char *path, JsonObject *o, const char *key,
                                char ***out)
{
    JsonNode *n = json_object_get_member(o, key);
    g_autoptr(GPtrArray) items = g_ptr_array_new();

    *out = NULL;
    if (n) {
        if (!JSON_NODE_HOLDS_ARRAY(n)) {
            return fail(c, path, "'%s' must be an array of strings, found %s", key, node_kind(n));
        }
        JsonArray *a = json_node_get_array(n);
        for (guint i = 0; i < json_array_get_length(a); i++) {
            JsonNode *e = json_array_get_element(a, i);
            if (!JSON_NODE_HOLDS_VALUE(e) || json_node_get_value_type(e) != G_TYPE_STRING) {
                g_autofree char *p = g_strdup_printf("%s.%s[%u]", path, key, i);
                g_ptr_array_foreach(items, (GFunc)(void (*)(void))g_free, NULL);
                return fail(c, p, "expected a string, found %s", node_kind(e));
            }
            g_ptr_array_add(items, g_strdup(json_node_get_string(e)));
        }
    }
    g_ptr_array_add(items, NULL);
    *out = (char **)g_ptr_array_steal(items, NULL);
    return TRUE;
}

/* Property values may be strings, integers or booleans: all go to the one string parser. */
static char *value_to_string(Ctx *c, const char *path, JsonNode *n)
{
    if (JSON_NODE_HOLDS_VALUE(n)) {
        GType t = json_node_get_value_type(n);
        if (t == G_TYPE_STRING) {
            return g_strdup(json_node_get_string(n));
        }
        if (t == G_TYPE_BOOLEAN) {
            return g_strdup(json_node_get_boolean(n) ? "on" : "off");
        }
        if (t == G_TYPE_INT64) {
            return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(n));
        }
    }
    fail(c, path, "expected a string, an integer or a boolean, found %s", node_kind(n));
    return NULL;
}

static void key_value_free(gpointer data)
{
    ModvmKeyValue *kv = data;
    g_free(kv->key);
    g_free(kv->value);
    g_free(kv->where);
    g_free(kv);
}

static gboolean get_properties(Ctx *c, const char *path, JsonObject *o, GPtrArray *out)
{
    JsonNode *n = json_object_get_member(o, "properties");
    if (!n) {
        return TRUE;
    }
    g_autofree char *ppath = g_strdup_printf("%s.properties", path);
    JsonObject *props = get_object(c, ppath, n);
    if (!props) {
        return FALSE;
    }
    g_autoptr(GList) members = json_object_get_members(props);
    for (GList *l = members; l; l = l->next) {
        g_autofree char *vpath = g_strdup_printf("%s.%s", ppath, (char *)l->data);
        char *value = value_to_string(c, vpath, json_object_get_member(props, l->data));
        if (!value) {
            return FALSE;
        }
        ModvmKeyValue *kv = g_new0(ModvmKeyValue, 1);
        kv->key = g_strdup(l->data);
        kv->value = value;
        kv->where = g_strdup_printf("%s: %s", c->file, vpath);
        g_ptr_array_add(out, kv);
    }
    return TRUE;
}

static void device_spec_free(gpointer data)
{
    ModvmDeviceSpec *d = data;
    g_free(d->type);
    g_free(d->id);
    g_free(d->only_with_chardev);
    g_ptr_array_unref(d->props);
    g_free(d->where);
    g_free(d);
}

static void compat_free(gpointer data)
{
    ModvmCompatProp *cp = data;
    g_free(cp->type);
    g_free(cp->property);
    g_free(cp->value);
    g_free(cp->where);
    g_free(cp);
}

static void version_free(gpointer data)
{
    ModvmMachineVersion *v = data;
    g_free(v->name);
    g_free(v->base_name);
    g_free(v->description);
    g_free(v->default_cpu);
    g_free(v->default_ram);
    g_ptr_array_unref(v->compat);
    g_free(v->where);
    g_free(v);
}

void modvm_machine_family_free(ModvmMachineFamily *f)
{
    if (!f) {
        return;
    }
    g_free(f->file);
    g_free(f->family);
    g_free(f->description);
    g_strfreev(f->plugins);
    g_strfreev(f->optional_plugins);
    g_free(f->machine_type);
    g_ptr_array_unref(f->machine_props);
    g_free(f->default_cpu);
    g_free(f->default_ram);
    g_ptr_array_unref(f->devices);
    g_ptr_array_unref(f->versions);
    g_free(f);
}

static gboolean parse_devices(Ctx *c, JsonObject *root, ModvmMachineFamily *f)
{
    JsonNode *n = json_object_get_member(root, "devices");
    if (!n) {
        return TRUE;
    }
    if (!JSON_NODE_HOLDS_ARRAY(n)) {
        return fail(c, "$.devices", "expected an array, found %s", node_kind(n));
    }
    JsonArray *a = json_node_get_array(n);
    for (guint i = 0; i < json_array_get_length(a); i++) {
        g_autofree char *path = g_strdup_printf("$.devices[%u]", i);
        JsonObject *o = get_object(c, path, json_array_get_element(a, i));
        if (!o || !check_keys(c, path, o, device_keys)) {
            return FALSE;
        }
        ModvmDeviceSpec *d = g_new0(ModvmDeviceSpec, 1);
        d->props = g_ptr_array_new_with_free_func(key_value_free);
        d->where = g_strdup_printf("%s: %s", c->file, path);
        g_ptr_array_add(f->devices, d);
        if (!get_string(c, path, o, "type", TRUE, &d->type) ||
            !get_string(c, path, o, "id", FALSE, &d->id) ||
            !get_string(c, path, o, "only-with-chardev", FALSE, &d->only_with_chardev) ||
            !get_bool(c, path, o, "even-with-nodefaults", &d->even_with_nodefaults) ||
            !get_properties(c, path, o, d->props)) {
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean parse_version(Ctx *c, const char *path, JsonObject *o, ModvmMachineFamily *f)
{
    ModvmMachineVersion *v = g_new0(ModvmMachineVersion, 1);
    v->compat = g_ptr_array_new_with_free_func(compat_free);
    v->family = f;
    v->where = g_strdup_printf("%s: %s", c->file, path);
    g_ptr_array_add(f->versions, v);

    if (!check_keys(c, path, o, version_keys) ||
        !get_string(c, path, o, "name", TRUE, &v->name) ||
        !get_string(c, path, o, "base", FALSE, &v->base_name) ||
        !get_string(c, path, o, "description", FALSE, &v->description) ||
        !get_string(c, path, o, "default-cpu", FALSE, &v->default_cpu) ||
        !get_string(c, path, o, "default-ram", FALSE, &v->default_ram)) {
        return FALSE;
    }
    JsonNode *n = json_object_get_member(o, "compat");
    if (!n) {
        return TRUE;
    }
    g_autofree char *cpath = g_strdup_printf("%s.compat", path);
    if (!JSON_NODE_HOLDS_ARRAY(n)) {
        return fail(c, cpath, "expected an array, found %s", node_kind(n));
    }
    JsonArray *a = json_node_get_array(n);
    for (guint i = 0; i < json_array_get_length(a); i++) {
        g_autofree char *epath = g_strdup_printf("%s[%u]", cpath, i);
        JsonObject *e = get_object(c, epath, json_array_get_element(a, i));
        if (!e || !check_keys(c, epath, e, compat_keys)) {
            return FALSE;
        }
        ModvmCompatProp *cp = g_new0(ModvmCompatProp, 1);
        cp->where = g_strdup_printf("%s: %s", c->file, epath);
        g_ptr_array_add(v->compat, cp);
        if (!get_string(c, epath, e, "type", TRUE, &cp->type) ||
            !get_string(c, epath, e, "property", TRUE, &cp->property)) {
            return FALSE;
        }
        JsonNode *val = json_object_get_member(e, "value");
        if (!val) {
            return fail(c, epath, "missing key 'value'");
        }
        g_autofree char *vpath = g_strdup_printf("%s.value", epath);
        cp->value = value_to_string(c, vpath, val);
        if (!cp->value) {
            return FALSE;
        }
    }
    return TRUE;
}

/* Links each version to its base and finds the newest: exactly one has no base. */
static gboolean link_versions(Ctx *c, ModvmMachineFamily *f)
{
    g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);

    if (f->versions->len == 0) {
        return fail(c, "$.versions", "a family needs at least one version");
    }
    for (guint i = 0; i < f->versions->len; i++) {
        ModvmMachineVersion *v = f->versions->pdata[i];
        if (g_hash_table_contains(names, v->name)) {
            g_autofree char *p = g_strdup_printf("$.versions[%u].name", i);
            return fail(c, p, "version '%s' is defined twice", v->name);
        }
        g_hash_table_insert(names, v->name, v);
    }
    for (guint i = 0; i < f->versions->len; i++) {
        ModvmMachineVersion *v = f->versions->pdata[i];
        g_autofree char *p = g_strdup_printf("$.versions[%u].base", i);
        if (!v->base_name) {
            if (f->newest) {
                return fail(c, p, "both '%s' and '%s' have no base; exactly one version "
                            "(the newest) may have none", f->newest->name, v->name);
            }
            f->newest = v;
            continue;
        }
        v->base = g_hash_table_lookup(names, v->base_name);
        if (!v->base) {
            return fail(c, p, "base version '%s' of '%s' is not defined in this file",
                        v->base_name, v->name);
        }
    }
    if (!f->newest) {
        return fail(c, "$.versions", "every version has a base, so their bases form a cycle");
    }
    /* Every chain must end at the newest: a walk longer than the list is a cycle. */
    for (guint i = 0; i < f->versions->len; i++) {
        ModvmMachineVersion *v = f->versions->pdata[i];
        guint steps = 0;
        for (ModvmMachineVersion *w = v; w->base; w = w->base) {
            if (++steps > f->versions->len) {
                g_autofree char *p = g_strdup_printf("$.versions[%u].base", i);
                return fail(c, p, "version '%s' is part of a base cycle", v->name);
            }
        }
    }
    return TRUE;
}

ModvmMachineFamily *modvm_machine_family_load(const char *path, GError **error)
{
    g_autofree char *text = NULL;
    gsize len;

    if (!g_file_get_contents(path, &text, &len, error)) {
        return NULL;
    }
    return modvm_machine_family_load_data(path, text, len, error);
}

ModvmMachineFamily *modvm_machine_family_load_data(const char *path, const char *text,
                                                   gsize len, GError **error)
{
    g_autoptr(JsonParser) parser = json_parser_new();
    GError *err = NULL;
    Ctx c = { path, error };
    ModvmMachineFamily *f;
    JsonObject *root, *machine;
    JsonNode *n;

    if (len > G_MAXSSIZE || !json_parser_load_from_data(parser, text, (gssize)len, &err)) {
        /* json-glib's message is "<data>:LINE:COLUMN: ..."; name the file instead. */
        const char *msg = err ? err->message : "too large";
        if (g_str_has_prefix(msg, "<data>:")) {
            msg += strlen("<data>:");
        }
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "%s: invalid JSON at %s", path, msg);
        g_clear_error(&err);
        return NULL;
    }
    root = get_object(&c, "$", json_parser_get_root(parser));
    if (!root) {
        return NULL;
    }
    f = g_new0(ModvmMachineFamily, 1);
    f->file = g_strdup(path);
    f->machine_props = g_ptr_array_new_with_free_func(key_value_free);
    f->devices = g_ptr_array_new_with_free_func(device_spec_free);
    f->versions = g_ptr_array_new_with_free_func(version_free);

    if (!check_keys(&c, "$", root, family_keys) ||
        !get_string(&c, "$", root, "family", TRUE, &f->family) ||
        !get_string(&c, "$", root, "description", TRUE, &f->description) ||
        !get_string(&c, "$", root, "default-cpu", FALSE, &f->default_cpu) ||
        !get_string(&c, "$", root, "default-ram", FALSE, &f->default_ram) ||
        !get_string_list(&c, "$", root, "plugins", &f->plugins) ||
        !get_string_list(&c, "$", root, "optional-plugins", &f->optional_plugins)) {
        goto fail;
    }
    n = json_object_get_member(root, "machine");
    if (!n) {
        fail(&c, "$", "missing key 'machine'");
        goto fail;
    }
    machine = get_object(&c, "$.machine", n);
    if (!machine || !check_keys(&c, "$.machine", machine, machine_keys) ||
        !get_string(&c, "$.machine", machine, "type", TRUE, &f->machine_type) ||
        !get_properties(&c, "$.machine", machine, f->machine_props) ||
        !parse_devices(&c, root, f)) {
        goto fail;
    }
    n = json_object_get_member(root, "versions");
    if (!n) {
        fail(&c, "$", "missing key 'versions'");
        goto fail;
    }
    if (!JSON_NODE_HOLDS_ARRAY(n)) {
        fail(&c, "$.versions", "expected an array, found %s", node_kind(n));
        goto fail;
    }
    JsonArray *a = json_node_get_array(n);
    for (guint i = 0; i < json_array_get_length(a); i++) {
        g_autofree char *vpath = g_strdup_printf("$.versions[%u]", i);
        JsonObject *o = get_object(&c, vpath, json_array_get_element(a, i));
        if (!o || !parse_version(&c, vpath, o, f)) {
            goto fail;
        }
    }
    if (!link_versions(&c, f)) {
        goto fail;
    }
    return f;

fail:
    modvm_machine_family_free(f);
    return NULL;
}

ModvmMachineCatalog *modvm_machine_catalog_new(void)
{
    ModvmMachineCatalog *cat = g_new0(ModvmMachineCatalog, 1);
    cat->families = g_ptr_array_new_with_free_func((GDestroyNotify)modvm_machine_family_free);
    cat->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    return cat;
}

void modvm_machine_catalog_free(ModvmMachineCatalog *cat)
{
    if (!cat) {
        return;
    }
    g_hash_table_unref(cat->by_name);
    g_ptr_array_unref(cat->families);
    g_free(cat);
}

gboolean modvm_machine_catalog_add(ModvmMachineCatalog *cat, ModvmMachineFamily *f,
                                   GError **error)
{
    const char *clash = NULL;
    ModvmMachineVersion *other = NULL;

    if ((other = g_hash_table_lookup(cat->by_name, f->family))) {
        clash = f->family;
    }
    for (guint i = 0; !clash && i < f->versions->len; i++) {
        ModvmMachineVersion *v = f->versions->pdata[i];
        if ((other = g_hash_table_lookup(cat->by_name, v->name))) {
            clash = v->name;
        }
    }
    if (clash) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE,
                    "%s: machine '%s' is already defined by %s", f->file, clash,
                    other->family->file);
        modvm_machine_family_free(f);
        return FALSE;
    }
    g_ptr_array_add(cat->families, f);
    g_hash_table_insert(cat->by_name, f->family, f->newest);
    for (guint i = 0; i < f->versions->len; i++) {
        ModvmMachineVersion *v = f->versions->pdata[i];
        g_hash_table_insert(cat->by_name, v->name, v);
    }
    return TRUE;
}

/* g_ptr_array_sort hands the comparison pointers to the elements. */
static gint compare_names(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

gboolean modvm_machine_catalog_load_dirs(ModvmMachineCatalog *cat, GPtrArray *dirs,
                                         GError **error)
{
    for (guint i = 0; i < dirs->len; i++) {
        g_autoptr(GDir) d = g_dir_open(dirs->pdata[i], 0, NULL);
        g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
        const char *name;
        if (!d) {
            continue;
        }
        while ((name = g_dir_read_name(d))) {
            if (g_str_has_suffix(name, ".json")) {
                g_ptr_array_add(names, g_strdup(name));
            }
        }
        g_ptr_array_sort(names, compare_names);
        for (guint j = 0; j < names->len; j++) {
            g_autofree char *path = g_build_filename(dirs->pdata[i], names->pdata[j], NULL);
            ModvmMachineFamily *f = modvm_machine_family_load(path, error);
            if (!f || !modvm_machine_catalog_add(cat, f, error)) {
                return FALSE;
            }
        }
    }
    return TRUE;
}

GPtrArray *modvm_machine_default_dirs(void)
{
    GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);
    const char *env = g_getenv("MODVM_MACHINE_PATH");
    if (env) {
        g_auto(GStrv) parts = g_strsplit(env, ":", -1);
        for (guint i = 0; parts[i]; i++) {
            if (*parts[i]) {
                g_ptr_array_add(dirs, g_strdup(parts[i]));
            }
        }
        return dirs;
    }
    g_ptr_array_add(dirs, g_strdup(modvm_running_from_build_tree()
                                       ? MODVM_SOURCE_ROOT "/machines" : MODVM_MACHINE_DIR));
    return dirs;
}

ModvmMachineVersion *modvm_machine_catalog_find(ModvmMachineCatalog *cat, const char *name)
{
    return g_hash_table_lookup(cat->by_name, name);
}

GPtrArray *modvm_machine_version_compat(ModvmMachineVersion *v)
{
    GPtrArray *chain = g_ptr_array_new();
    GPtrArray *out = g_ptr_array_new();

    for (ModvmMachineVersion *w = v; w; w = w->base) {
        g_ptr_array_insert(chain, 0, w);
    }
    /* Newest first, so an older version's value is applied last and wins. */
    for (guint i = 0; i < chain->len; i++) {
        ModvmMachineVersion *w = chain->pdata[i];
        for (guint j = 0; j < w->compat->len; j++) {
            g_ptr_array_add(out, w->compat->pdata[j]);
        }
    }
    g_ptr_array_unref(chain);
    return out;
}

const char *modvm_machine_version_default_cpu(ModvmMachineVersion *v)
{
    ModvmMachineFamily *f = v->family;
    for (; v; v = v->base) {
        if (v->default_cpu) {
            return v->default_cpu;
        }
    }
    return f->default_cpu;
}

const char *modvm_machine_version_default_ram(ModvmMachineVersion *v)
{
    ModvmMachineFamily *f = v->family;
    for (; v; v = v->base) {
        if (v->default_ram) {
            return v->default_ram;
        }
    }
    return f->default_ram;
}

/* Validation against registered types. */

static gboolean type_is_known(ModvmMachineFamily *f, ModvmPluginSet *plugins, const char *type,
                              gboolean *unverifiable)
{
    *unverifiable = FALSE;
    if (g_type_from_name(type)) {
        return TRUE;
    }
    if (plugins && modvm_plugin_set_find_type(plugins, type)) {
        *unverifiable = TRUE;  /* a plugin we did not load has it */
        return TRUE;
    }
    /* Types of an optional plugin that is not installed cannot be checked. */
    for (guint i = 0; f->optional_plugins[i]; i++) {
        gboolean found = FALSE;
        GPtrArray *list = plugins ? modvm_plugin_set_list(plugins) : NULL;
        for (guint j = 0; list && j < list->len; j++) {
            found |= g_strcmp0(((ModvmPluginInfo *)list->pdata[j])->name,
                               f->optional_plugins[i]) == 0;
        }
        if (!found) {
            *unverifiable = TRUE;
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean check_value(const char *where, const char *type, const char *prop,
                            const char *value, GError **error)
{
    GType t = g_type_from_name(type);
    g_autoptr(GTypeClass) klass = g_type_class_ref(t);
    const ModvmProperty *p = modvm_property_find(G_OBJECT_CLASS(klass), prop);
    g_auto(GValue) v = G_VALUE_INIT;
    GError *err = NULL;

    if (!p) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "%s: type '%s' has no property '%s' (see -device %s,help)", where, type,
                    prop, type);
        return FALSE;
    }
    if (p->kind == MODVM_PROP_LINK) {
        return TRUE;  /* resolved when the machine is built */
    }
    if (!modvm_property_parse_value(p, NULL, value, &v, &err)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "%s: property '%s' of '%s': %s",
                    where, prop, type, err->message);
        g_error_free(err);
        return FALSE;
    }
    return TRUE;
}

static gboolean check_type(ModvmMachineFamily *f, ModvmPluginSet *plugins, const char *where,
                           const char *type, GType base, gboolean *unverifiable, GError **error)
{
    if (!type_is_known(f, plugins, type, unverifiable)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "%s: unknown type '%s' (no loaded or installed plugin provides it)", where,
                    type);
        return FALSE;
    }
    if (!*unverifiable && !g_type_is_a(g_type_from_name(type), base)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "%s: type '%s' is not a %s", where,
                    type, g_type_name(base));
        return FALSE;
    }
    return TRUE;
}

gboolean modvm_machine_family_validate(ModvmMachineFamily *f, ModvmPluginSet *plugins,
                                       GError **error)
{
    gboolean unverifiable;
    g_autofree char *mwhere = g_strdup_printf("%s: $.machine.type", f->file);

    if (!check_type(f, plugins, mwhere, f->machine_type, MODVM_TYPE_MACHINE, &unverifiable,
                    error)) {
        return FALSE;
    }
    if (unverifiable) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND,
                    "%s: machine type '%s' is not registered (its plugin is not loaded)", mwhere,
                    f->machine_type);
        return FALSE;
    }
    for (guint i = 0; i < f->machine_props->len; i++) {
        ModvmKeyValue *kv = f->machine_props->pdata[i];
        if (!check_value(kv->where, f->machine_type, kv->key, kv->value, error)) {
            return FALSE;
        }
    }
    for (guint i = 0; i < f->devices->len; i++) {
        ModvmDeviceSpec *d = f->devices->pdata[i];
        g_autofree char *where = g_strdup_printf("%s.type", d->where);
        if (!check_type(f, plugins, where, d->type, MODVM_TYPE_OBJECT, &unverifiable, error)) {
            return FALSE;
        }
        for (guint j = 0; !unverifiable && j < d->props->len; j++) {
            ModvmKeyValue *kv = d->props->pdata[j];
            if (!check_value(kv->where, d->type, kv->key, kv->value, error)) {
                return FALSE;
            }
        }
    }
    for (guint i = 0; i < f->versions->len; i++) {
        ModvmMachineVersion *v = f->versions->pdata[i];
        for (guint j = 0; j < v->compat->len; j++) {
            ModvmCompatProp *cp = v->compat->pdata[j];
            g_autofree char *where = g_strdup_printf("%s.type", cp->where);
            if (!check_type(f, plugins, where, cp->type, MODVM_TYPE_OBJECT, &unverifiable,
                            error)) {
                return FALSE;
            }
            if (!unverifiable && !check_value(cp->where, cp->type, cp->property, cp->value,
                                              error)) {
                return FALSE;
            }
        }
    }
    return TRUE;
}
