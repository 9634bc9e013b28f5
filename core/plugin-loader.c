/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finds plugins, reads their descriptors, and registers their types on demand. */
#include "core.h"

#include <string.h>

/* One GTypeModule per plugin: GObject needs it to own the dynamic types. */
typedef struct {
    GTypeModule parent;
    char *path;
    char **types;
    GModule *gmodule;
    GError *load_error;
    gboolean loaded;
} ModvmPluginModule;

typedef struct {
    GTypeModuleClass parent_class;
} ModvmPluginModuleClass;

#define MODVM_TYPE_PLUGIN_MODULE (modvm_plugin_module_get_type())
static GType modvm_plugin_module_get_type(void);
G_DEFINE_TYPE(ModvmPluginModule, modvm_plugin_module, G_TYPE_TYPE_MODULE)

struct ModvmPluginSet {
    GPtrArray *dirs;        /* char *, search order */
    GPtrArray *origins;     /* char *, parallel to dirs */
    GPtrArray *plugins;     /* ModvmPluginInfo *, search order */
    GHashTable *by_name;    /* name -> ModvmPluginInfo * (the first found) */
    gboolean scanned;
};

/*
 * Types are process-wide in GObject, so the modules that own them are too:
 * a plugin file is loaded once per process, whichever set asks first.
 */
static GHashTable *modules_by_path;
static GMutex modules_lock;

static const char *describe_type_owner(GType t)
{
    GTypePlugin *plugin = g_type_get_plugin(t);
    if (plugin && G_TYPE_CHECK_INSTANCE_TYPE(plugin, MODVM_TYPE_PLUGIN_MODULE)) {
        return ((ModvmPluginModule *)plugin)->path;
    }
    return "the core";
}

static gboolean check_registered_set(ModvmPluginModule *pm, GType type, GError **error)
{
    guint n;
    g_autofree GType *children = g_type_children(type, &n);

    if (g_type_get_plugin(type) == G_TYPE_PLUGIN(pm) &&
        !g_strv_contains((const char *const *)pm->types, g_type_name(type))) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "registered type '%s', which its descriptor does not list", g_type_name(type));
        return FALSE;
    }
    for (guint i = 0; i < n; i++) {
        if (!check_registered_set(pm, children[i], error)) {
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean plugin_module_load(GTypeModule *tm)
{
    ModvmPluginModule *pm = (ModvmPluginModule *)tm;
    const ModvmPluginDescriptor *desc = NULL;
    GError *err = NULL;

    g_clear_error(&pm->load_error);
    /* Types stay registered after a module is first loaded; nothing to do on a re-use. */
    pm->gmodule = g_module_open(pm->path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
    if (!pm->gmodule) {
        g_set_error(&pm->load_error, MODVM_ERROR, MODVM_ERROR_FAILED, "%s", g_module_error());
        return FALSE;
    }
    if (!g_module_symbol(pm->gmodule, MODVM_PLUGIN_SYMBOL, (gpointer *)&desc) || !desc) {
        g_set_error(&pm->load_error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "no %s symbol", MODVM_PLUGIN_SYMBOL);
        goto fail;
    }
    for (guint i = 0; pm->types[i]; i++) {
        GType t = g_type_from_name(pm->types[i]);
        if (t) {
            g_set_error(&pm->load_error, MODVM_ERROR, MODVM_ERROR_DUPLICATE,
                        "type '%s' is already registered by %s", pm->types[i],
                        describe_type_owner(t));
            goto fail;
        }
    }
    if (!desc->init(tm, &err)) {
        g_propagate_prefixed_error(&pm->load_error, err, "initialisation failed: ");
        goto fail;
    }
    for (guint i = 0; pm->types[i]; i++) {
        GType t = g_type_from_name(pm->types[i]);
        if (!t || g_type_get_plugin(t) != G_TYPE_PLUGIN(pm)) {
            g_set_error(&pm->load_error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "its descriptor lists type '%s', which it did not register",
                        pm->types[i]);
            goto fail;
        }
    }
    if (!check_registered_set(pm, MODVM_TYPE_OBJECT, &pm->load_error)) {
        goto fail;
    }
    pm->loaded = TRUE;
    return TRUE;

fail:
    /* Keep the code mapped: a half-initialised plugin may have registered types. */
    return FALSE;
}

static void plugin_module_unload(GTypeModule *tm)
{
    /* Never closed: dynamic types' code must stay mapped for the process's life. */
}

static void modvm_plugin_module_class_init(ModvmPluginModuleClass *klass)
{
    G_TYPE_MODULE_CLASS(klass)->load = plugin_module_load;
    G_TYPE_MODULE_CLASS(klass)->unload = plugin_module_unload;
}

static void modvm_plugin_module_init(ModvmPluginModule *pm)
{
}

static void plugin_info_free(gpointer data)
{
    ModvmPluginInfo *info = data;
    g_free(info->name);
    g_free(info->path);
    g_free(info->origin);
    g_free(info->description);
    g_free(info->version);
    g_strfreev(info->types);
    g_strfreev(info->requires);
    g_free(info->problem);
    g_free(info->shadows);
    g_free(info);
}

ModvmPluginSet *modvm_plugin_set_new(void)
{
    ModvmPluginSet *set = g_new0(ModvmPluginSet, 1);
    set->dirs = g_ptr_array_new_with_free_func(g_free);
    set->origins = g_ptr_array_new_with_free_func(g_free);
    set->plugins = g_ptr_array_new_with_free_func(plugin_info_free);
    set->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    return set;
}

void modvm_plugin_set_free(ModvmPluginSet *set)
{
    g_hash_table_unref(set->by_name);
    g_ptr_array_unref(set->plugins);
    g_ptr_array_unref(set->dirs);
    g_ptr_array_unref(set->origins);
    g_free(set);
}

void modvm_plugin_set_add_dir(ModvmPluginSet *set, const char *dir, const char *origin)
{
    g_ptr_array_add(set->dirs, g_strdup(dir));
    g_ptr_array_add(set->origins, g_strdup(origin));
    set->scanned = FALSE;
}

gboolean modvm_running_from_build_tree(void)
{
    g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
    return exe && g_str_has_prefix(exe, MODVM_BUILD_ROOT "/");
}

void modvm_plugin_set_add_default_dirs(ModvmPluginSet *set)
{
    const char *env = g_getenv("MODVM_PLUGIN_PATH");
    if (env) {
        g_auto(GStrv) parts = g_strsplit(env, ":", -1);
        for (guint i = 0; parts[i]; i++) {
            if (*parts[i]) {
                modvm_plugin_set_add_dir(set, parts[i], "MODVM_PLUGIN_PATH");
            }
        }
    }
    if (modvm_running_from_build_tree()) {
        modvm_plugin_set_add_dir(set, MODVM_BUILD_ROOT "/plugins", "build tree");
    } else {
        modvm_plugin_set_add_dir(set, MODVM_PLUGIN_DIR, "install directory");
    }
}

static char **dup_strv_checked(const char *const *v)
{
    return v ? g_strdupv((char **)v) : g_new0(char *, 1);
}

/* Reads the descriptor of the shared object at @path without running its code. */
static ModvmPluginInfo *read_descriptor(const char *path, const char *origin)
{
    ModvmPluginInfo *info = g_new0(ModvmPluginInfo, 1);
    g_autofree char *base = g_path_get_basename(path);
    const ModvmPluginDescriptor *desc = NULL;
    GModule *mod;

    info->path = g_strdup(path);
    info->origin = g_strdup(origin);
    info->name = g_strndup(base, strlen(base) - strlen(".so"));
    info->types = g_new0(char *, 1);
    info->requires = g_new0(char *, 1);
    mod = g_module_open(path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
    if (!mod) {
        info->problem = g_strdup_printf("cannot be opened: %s", g_module_error());
        return info;
    }
    if (!g_module_symbol(mod, MODVM_PLUGIN_SYMBOL, (gpointer *)&desc) || !desc) {
        info->problem = g_strdup_printf("is not a modvm plugin (no %s symbol)",
                                        MODVM_PLUGIN_SYMBOL);
    } else {
        info->abi_major = desc->abi_major;
        info->abi_minor = desc->abi_minor;
        if (desc->abi_major != MODVM_PLUGIN_ABI_MAJOR || desc->abi_minor > MODVM_PLUGIN_ABI_MINOR) {
            info->problem = g_strdup_printf(
                "was built for plugin ABI %u.%u, but this modvm provides ABI %d.%d "
                "(it accepts %d.0 to %d.%d): rebuild the plugin against this modvm",
                desc->abi_major, desc->abi_minor, MODVM_PLUGIN_ABI_MAJOR, MODVM_PLUGIN_ABI_MINOR,
                MODVM_PLUGIN_ABI_MAJOR, MODVM_PLUGIN_ABI_MAJOR, MODVM_PLUGIN_ABI_MINOR);
        } else if (!desc->name || strcmp(desc->name, info->name) != 0) {
            info->problem = g_strdup_printf("calls itself '%s', but its file is named %s",
                                            desc->name ? desc->name : "(null)", base);
        } else if (!desc->init) {
            info->problem = g_strdup("has no init function");
        } else {
            info->description = g_strdup(desc->description ? desc->description : "");
            info->version = g_strdup(desc->version ? desc->version : "");
            g_strfreev(info->types);
            g_strfreev(info->requires);
            info->types = dup_strv_checked(desc->types);
            info->requires = dup_strv_checked(desc->requires);
        }
    }
    g_module_close(mod);
    return info;
}

/* g_ptr_array_sort hands the comparison pointers to the elements. */
static gint compare_names(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

static void scan_dir(ModvmPluginSet *set, const char *dir, const char *origin, gboolean recurse)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    if (!d) {
        return;
    }
    while ((name = g_dir_read_name(d))) {
        g_ptr_array_add(names, g_strdup(name));
    }
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_build_filename(dir, names->pdata[i], NULL);
        if (recurse && g_file_test(path, G_FILE_TEST_IS_DIR)) {
            scan_dir(set, path, origin, FALSE);
            continue;
        }
        if (!g_str_has_suffix(path, ".so") || !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
            continue;
        }
        ModvmPluginInfo *info = read_descriptor(path, origin);
        ModvmPluginInfo *first = g_hash_table_lookup(set->by_name, info->name);
        if (first) {
            if (!first->shadows) {
                first->shadows = g_strdup(path);
            }
            plugin_info_free(info);
            continue;
        }
        g_ptr_array_add(set->plugins, info);
        g_hash_table_insert(set->by_name, info->name, info);
    }
}

static void ensure_scanned(ModvmPluginSet *set)
{
    if (set->scanned) {
        return;
    }
    g_hash_table_remove_all(set->by_name);
    /* Loaded plugins keep their info: the modules point at it. */
    for (guint i = set->plugins->len; i > 0; i--) {
        ModvmPluginInfo *info = g_ptr_array_index(set->plugins, i - 1);
        if (info->loaded) {
            g_hash_table_insert(set->by_name, info->name, info);
        } else {
            g_ptr_array_remove_index(set->plugins, i - 1);
        }
    }
    for (guint i = 0; i < set->dirs->len; i++) {
        const char *origin = set->origins->pdata[i];
        scan_dir(set, set->dirs->pdata[i], origin, g_strcmp0(origin, "build tree") == 0);
        modvm_log(MODVM_LOG_PLUGIN, "plugins: scanned %s (%s)", (char *)set->dirs->pdata[i],
                  origin);
    }
    set->scanned = TRUE;
}

GPtrArray *modvm_plugin_set_list(ModvmPluginSet *set)
{
    ensure_scanned(set);
    return set->plugins;
}

char *modvm_plugin_set_where(ModvmPluginSet *set)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < set->dirs->len; i++) {
        g_string_append_printf(s, "%s%s (%s)", i ? ", " : "", (char *)set->dirs->pdata[i],
                               (char *)set->origins->pdata[i]);
    }
    if (!set->dirs->len) {
        g_string_append(s, "no directories");
    }
    return g_string_free(s, FALSE);
}

ModvmPluginInfo *modvm_plugin_set_find_type(ModvmPluginSet *set, const char *type_name)
{
    ensure_scanned(set);
    for (guint i = 0; i < set->plugins->len; i++) {
        ModvmPluginInfo *info = g_ptr_array_index(set->plugins, i);
        if (!info->problem && g_strv_contains((const char *const *)info->types, type_name)) {
            return info;
        }
    }
    return NULL;
}

static gboolean load_info(ModvmPluginSet *set, ModvmPluginInfo *info, const char *needed_by,
                          guint depth, GError **error)
{
    ModvmPluginModule *pm;

    if (info->loaded) {
        return TRUE;
    }
    if (info->problem) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_ABI, "plugin %s %s", info->path,
                    info->problem);
        return FALSE;
    }
    if (depth > 16) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "plugin '%s': its requirements form a cycle", info->name);
        return FALSE;
    }
    for (guint i = 0; info->requires[i]; i++) {
        g_autofree char *why = g_strdup_printf("plugin '%s'", info->name);
        if (!modvm_plugin_set_load(set, info->requires[i], why, error)) {
            return FALSE;
        }
    }
    g_mutex_lock(&modules_lock);
    if (!modules_by_path) {
        modules_by_path = g_hash_table_new(g_str_hash, g_str_equal);
    }
    pm = g_hash_table_lookup(modules_by_path, info->path);
    if (pm && pm->loaded) {
        g_mutex_unlock(&modules_lock);
        info->loaded = TRUE;
        return TRUE;
    }
    if (!pm) {
        /* Never freed: GObject does not let a GTypeModule go once it owns types. */
        pm = g_object_new(MODVM_TYPE_PLUGIN_MODULE, NULL);
        pm->path = g_strdup(info->path);
        pm->types = g_strdupv(info->types);
        g_type_module_set_name(G_TYPE_MODULE(pm), info->name);
        g_hash_table_insert(modules_by_path, pm->path, pm);
    }
    gboolean used = g_type_module_use(G_TYPE_MODULE(pm));
    g_mutex_unlock(&modules_lock);
    if (!used) {
        g_set_error(error, MODVM_ERROR, pm->load_error ? pm->load_error->code : MODVM_ERROR_FAILED,
                    "plugin %s (needed by %s): %s", info->path, needed_by,
                    pm->load_error ? pm->load_error->message : "failed to load");
        /* Refuse it from now on: its types may be half registered. */
        info->problem = g_strdup_printf("failed to load: %s",
                                        pm->load_error ? pm->load_error->message : "?");
        return FALSE;
    }
    info->loaded = TRUE;
    modvm_log(MODVM_LOG_PLUGIN, "plugins: loaded %s for %s", info->path, needed_by);
    return TRUE;
}

gboolean modvm_plugin_set_load(ModvmPluginSet *set, const char *name, const char *needed_by,
                               GError **error)
{
    ensure_scanned(set);
    ModvmPluginInfo *info = g_hash_table_lookup(set->by_name, name);
    if (!info) {
        g_autofree char *where = modvm_plugin_set_where(set);
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND,
                    "plugin '%s' (needed by %s) was not found; looked in %s "
                    "(add a directory with -L or MODVM_PLUGIN_PATH)",
                    name, needed_by, where);
        return FALSE;
    }
    return load_info(set, info, needed_by, 0, error);
}

gboolean modvm_plugin_set_load_for_type(ModvmPluginSet *set, const char *type_name,
                                        const char *needed_by, GError **error)
{
    if (g_type_from_name(type_name)) {
        return TRUE;
    }
    ModvmPluginInfo *info = modvm_plugin_set_find_type(set, type_name);
    if (!info) {
        g_autofree char *where = modvm_plugin_set_where(set);
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND,
                    "no plugin provides type '%s' (needed by %s); looked in %s",
                    type_name, needed_by, where);
        return FALSE;
    }
    return load_info(set, info, needed_by, 0, error);
}

void modvm_plugin_set_load_all(ModvmPluginSet *set, GPtrArray *problems)
{
    ensure_scanned(set);
    for (guint i = 0; i < set->plugins->len; i++) {
        ModvmPluginInfo *info = g_ptr_array_index(set->plugins, i);
        GError *err = NULL;
        if (!load_info(set, info, "a listing of every plugin", 0, &err)) {
            if (problems) {
                g_ptr_array_add(problems, g_strdup(err->message));
            }
            g_error_free(err);
        }
    }
}

/* A module for plugin code linked into the executable (unit tests): always loaded. */
typedef struct {
    GTypeModule parent;
} ModvmLinkedModule;

typedef struct {
    GTypeModuleClass parent_class;
} ModvmLinkedModuleClass;

static GType modvm_linked_module_get_type(void);
G_DEFINE_TYPE(ModvmLinkedModule, modvm_linked_module, G_TYPE_TYPE_MODULE)

static gboolean linked_module_load(GTypeModule *tm)
{
    return TRUE;
}

static void linked_module_unload(GTypeModule *tm)
{
}

static void modvm_linked_module_class_init(ModvmLinkedModuleClass *klass)
{
    G_TYPE_MODULE_CLASS(klass)->load = linked_module_load;
    G_TYPE_MODULE_CLASS(klass)->unload = linked_module_unload;
}

static void modvm_linked_module_init(ModvmLinkedModule *m)
{
}

gboolean modvm_plugin_register_linked(const ModvmPluginDescriptor *desc, GError **error)
{
    /* Never freed: GObject does not let a GTypeModule go once it owns types. */
    GTypeModule *module = g_object_new(modvm_linked_module_get_type(), NULL);

    g_type_module_set_name(module, desc->name);
    if (!g_type_module_use(module) || !desc->init(module, error)) {
        g_prefix_error(error, "plugin '%s': ", desc->name);
        return FALSE;
    }
    for (guint i = 0; desc->types && desc->types[i]; i++) {
        GType t = g_type_from_name(desc->types[i]);
        if (!t || g_type_get_plugin(t) != G_TYPE_PLUGIN(module)) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "plugin '%s' lists type '%s', which it did not register", desc->name,
                        desc->types[i]);
            return FALSE;
        }
    }
    return TRUE;
}
