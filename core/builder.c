/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The machine builder: description + command line -> objects, realized, then run. */
#include "core.h"
#include "chardev-internal.h"
#include "monitor.h"

#include <glib-unix.h>
#include <string.h>

ModvmSession *modvm_session_new(ModvmConfig *cfg)
{
    ModvmSession *s = g_new0(ModvmSession, 1);
    s->cfg = cfg;
    s->plugins = modvm_plugin_set_new();
    s->catalog = modvm_machine_catalog_new();
    s->user_type_props = g_ptr_array_new_with_free_func(modvm_compat_prop_free);
    s->chardevs = g_ptr_array_new_with_free_func(g_object_unref);
    s->monitors = g_ptr_array_new_with_free_func(modvm_monitor_free);
    return s;
}

void modvm_session_free(ModvmSession *s)
{
    if (!s) {
        return;
    }
    /* Monitors first: what they still have to say (the reply to quit) is flushed. */
    g_ptr_array_set_size(s->monitors, 0);
    for (guint i = 0; i < s->chardevs->len; i++) {
        modvm_chardev_close(s->chardevs->pdata[i]);
    }
    if (s->machine) {
        modvm_object_unrealize_tree(MODVM_OBJECT(s->machine));
        g_object_run_dispose(G_OBJECT(s->machine));
        g_clear_object(&s->machine);
    }
    g_clear_object(&s->accel);
    g_ptr_array_unref(s->monitors);
    g_ptr_array_unref(s->chardevs);
    g_clear_pointer(&s->compat, g_ptr_array_unref);
    g_ptr_array_unref(s->user_type_props);
    g_clear_pointer(&s->loop, g_main_loop_unref);
    modvm_machine_catalog_free(s->catalog);
    modvm_plugin_set_free(s->plugins);
    g_free(s);
}

gboolean modvm_session_prepare(ModvmSession *s, GError **error)
{
    modvm_rng_register_types();
    for (guint i = 0; i < s->cfg->plugin_dirs->len; i++) {
        modvm_plugin_set_add_dir(s->plugins, s->cfg->plugin_dirs->pdata[i], "-L");
    }
    modvm_plugin_set_add_default_dirs(s->plugins);
    g_autoptr(GPtrArray) dirs = modvm_machine_default_dirs();
    return modvm_machine_catalog_load_dirs(s->catalog, dirs, error);
}

ModvmMachineVersion *modvm_session_default_machine(ModvmSession *s)
{
    /* The family whose plugins are all installed comes first; pseries before others. */
    ModvmMachineVersion *fallback = NULL;
    for (guint i = 0; i < s->catalog->families->len; i++) {
        ModvmMachineFamily *f = s->catalog->families->pdata[i];
        gboolean all = TRUE;
        for (guint j = 0; f->plugins[j]; j++) {
            GPtrArray *list = modvm_plugin_set_list(s->plugins);
            gboolean found = FALSE;
            for (guint k = 0; k < list->len; k++) {
                ModvmPluginInfo *info = list->pdata[k];
                found |= !info->problem && strcmp(info->name, f->plugins[j]) == 0;
            }
            all &= found;
        }
        if (all && (!fallback || strcmp(f->family, "pseries") == 0)) {
            fallback = f->newest;
        }
    }
    if (!fallback && s->catalog->families->len) {
        fallback = ((ModvmMachineFamily *)s->catalog->families->pdata[0])->newest;
    }
    return fallback;
}

gboolean modvm_session_select_machine(ModvmSession *s, GError **error)
{
    const char *name = s->cfg->machine;
    ModvmMachineFamily *f;

    if (name) {
        s->version = modvm_machine_catalog_find(s->catalog, name);
        if (!s->version) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND,
                        "unsupported machine type '%s' (use -M help to list them)", name);
            return FALSE;
        }
    } else {
        s->version = modvm_session_default_machine(s);
        if (!s->version) {
            g_autoptr(GPtrArray) dirs = modvm_machine_default_dirs();
            g_ptr_array_add(dirs, NULL);
            g_autofree char *where = g_strjoinv(", ", (char **)dirs->pdata);
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND,
                        "no machine descriptions found (looked in %s)", where);
            return FALSE;
        }
    }
    f = s->version->family;
    g_autofree char *why = g_strdup_printf("machine '%s' (%s)", s->version->name, f->file);
    for (guint i = 0; f->plugins[i]; i++) {
        if (!modvm_plugin_set_load(s->plugins, f->plugins[i], why, error)) {
            return FALSE;
        }
    }
    /* Optional plugins are loaded when present, so their compat can be checked. */
    for (guint i = 0; f->optional_plugins[i]; i++) {
        GError *ignored = NULL;
        if (!modvm_plugin_set_load(s->plugins, f->optional_plugins[i], why, &ignored) &&
            ignored->code != MODVM_ERROR_NOT_FOUND) {
            g_propagate_error(error, ignored);
            return FALSE;
        }
        g_clear_error(&ignored);
    }
    if (!modvm_machine_family_validate(f, s->plugins, error)) {
        return FALSE;
    }
    g_clear_pointer(&s->compat, g_ptr_array_unref);
    s->compat = modvm_machine_version_compat(s->version);
    return TRUE;
}

static gboolean apply_kvs(ModvmObject *obj, GPtrArray *kvs, ModvmPropSource source,
                          GError **error)
{
    for (guint i = 0; kvs && i < kvs->len; i++) {
        ModvmKeyValue *kv = kvs->pdata[i];
        if (!modvm_object_set_property_str(obj, kv->key, kv->value, source, error)) {
            if (kv->where) {
                g_prefix_error(error, "%s: ", kv->where);
            }
            return FALSE;
        }
    }
    return TRUE;
}

/* Chardevs: -chardev, then the serial ports (-serial, or the default console). */

static ModvmChardev *add_chardev(ModvmSession *s, const char *backend, const char *id,
                                 GPtrArray *props, const char *where, GError **error)
{
    ModvmObject *container = modvm_object_get_child(MODVM_OBJECT(s->machine), "chardev");
    const char *type = modvm_chardev_type_for_backend(backend);
    g_autoptr(ModvmObject) obj = NULL;

    if (!type) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "%s: unknown chardev backend '%s' (expected stdio, file, null, pty, socket)",
                    where, backend);
        return NULL;
    }
    if (!id || !*id) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "%s: a chardev needs id=", where);
        return NULL;
    }
    if (modvm_object_find_by_id(MODVM_OBJECT(s->machine), id)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE, "%s: id '%s' is already used",
                    where, id);
        return NULL;
    }
    obj = modvm_machine_new_object(s->machine, type, error);
    if (!obj) {
        return NULL;
    }
    modvm_object_set_id(obj, id);
    if (!apply_kvs(obj, props, MODVM_PROP_SOURCE_USER, error)) {
        g_prefix_error(error, "%s: ", where);
        return NULL;
    }
    if (!modvm_object_add_child(container, id, obj, error)) {
        return NULL;
    }
    g_ptr_array_add(s->chardevs, g_object_ref(obj));
    return MODVM_CHARDEV(obj);
}

static gboolean add_chardev_spec(ModvmSession *s, const char *spec, GError **error)
{
    g_autofree char *where = g_strdup_printf("-chardev %s", spec);
    g_autoptr(GPtrArray) opts = modvm_opts_parse(spec, "backend", error);
    g_autoptr(GPtrArray) props = g_ptr_array_new_with_free_func(modvm_key_value_free);
    const char *backend, *id;

    if (!opts) {
        return FALSE;
    }
    backend = modvm_opts_get(opts, "backend");
    id = modvm_opts_get(opts, "id");
    for (guint i = 0; i < opts->len; i++) {
        ModvmKeyValue *kv = opts->pdata[i];
        if (strcmp(kv->key, "backend") != 0 && strcmp(kv->key, "id") != 0) {
            g_ptr_array_add(props, modvm_key_value_new(kv->key, kv->value, NULL));
        }
    }
    return add_chardev(s, backend ? backend : "", id, props, where, error) != NULL;
}

/*
 * A character device as QEMU's -serial and -qmp spell it (stdio, null, pty,
 * file:PATH, unix:PATH[,opts], tcp:HOST:PORT[,opts]), made into chardev @id.
 * Returns NULL without an error when @dev is none of those.
 */
static ModvmChardev *add_chardev_dev(ModvmSession *s, const char *dev, const char *id,
                                     const char *where, GError **error)
{
    g_autoptr(GPtrArray) props = g_ptr_array_new_with_free_func(modvm_key_value_free);
    const char *backend;
    const char *rest = NULL;

    if (strcmp(dev, "stdio") == 0 || strcmp(dev, "mon:stdio") == 0) {
        backend = "stdio";
        /* As QEMU's mon:stdio (and so -nographic's console): Ctrl-C goes to the guest. */
        if (strcmp(dev, "mon:stdio") == 0) {
            g_ptr_array_add(props, modvm_key_value_new("signal", "off", NULL));
        }
    } else if (strcmp(dev, "null") == 0 || strcmp(dev, "pty") == 0) {
        backend = dev;
    } else if (g_str_has_prefix(dev, "file:")) {
        backend = "file";
        g_ptr_array_add(props, modvm_key_value_new("path", dev + 5, NULL));
    } else if (g_str_has_prefix(dev, "unix:")) {
        backend = "socket";
        rest = dev + 5;
        const char *comma = strchr(rest, ',');
        g_autofree char *path = comma ? g_strndup(rest, comma - rest) : g_strdup(rest);
        g_ptr_array_add(props, modvm_key_value_new("path", path, NULL));
        rest = comma ? comma + 1 : NULL;
    } else if (g_str_has_prefix(dev, "tcp:")) {
        backend = "socket";
        rest = dev + 4;
        const char *comma = strchr(rest, ',');
        g_autofree char *addr = comma ? g_strndup(rest, comma - rest) : g_strdup(rest);
        char *colon = strrchr(addr, ':');
        if (!colon) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "%s: expected tcp:HOST:PORT", where);
            return NULL;
        }
        *colon = '\0';
        g_ptr_array_add(props, modvm_key_value_new("host", *addr ? addr : "127.0.0.1", NULL));
        g_ptr_array_add(props, modvm_key_value_new("port", colon + 1, NULL));
        rest = comma ? comma + 1 : NULL;
    } else {
        return NULL;
    }
    if (rest && *rest) {
        g_autoptr(GPtrArray) extra = modvm_opts_parse(rest, NULL, error);
        if (!extra) {
            return NULL;
        }
        for (guint i = 0; i < extra->len; i++) {
            ModvmKeyValue *kv = extra->pdata[i];
            g_ptr_array_add(props, modvm_key_value_new(kv->key, kv->value, NULL));
        }
    }
    return add_chardev(s, backend, id, props, where, error);
}

/* -serial DEV as QEMU spells it, made into the chardev "serialN". */
static gboolean add_serial(ModvmSession *s, const char *dev, guint index, GError **error)
{
    g_autofree char *id = g_strdup_printf("serial%u", index);
    g_autofree char *where = g_strdup_printf("-serial %s", dev);
    GError *local = NULL;

    if (strcmp(dev, "none") == 0) {
        return TRUE;
    }
    if (g_str_has_prefix(dev, "chardev:")) {
        ModvmObject *chr = modvm_object_find_by_id(MODVM_OBJECT(s->machine), dev + 8);
        if (!chr || !MODVM_IS_CHARDEV(chr)) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND, "%s: no chardev '%s'", where,
                        dev + 8);
            return FALSE;
        }
        /* The serial port uses that chardev under its own id as well. */
        modvm_object_set_id(chr, id);
        return TRUE;
    }
    if (add_chardev_dev(s, dev, id, where, &local)) {
        return TRUE;
    }
    if (!local) {
        g_set_error(&local, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "%s: unknown serial device (expected stdio, mon:stdio, null, none, pty, "
                    "file:PATH, unix:PATH, tcp:HOST:PORT or chardev:ID)", where);
    }
    g_propagate_error(error, local);
    return FALSE;
}

/*
 * QMP monitors: -qmp DEV makes the chardev "compat_monitorN" as QEMU names
 * it; -mon uses a -chardev. The monitor claims its chardev here, so a
 * device given the same one is refused when it is realized.
 */
static gboolean add_monitors(ModvmSession *s, GError **error)
{
    guint compat_index = 0;

    for (guint i = 0; i < s->cfg->monitors->len; i++) {
        ModvmMonitorSpec *spec = s->cfg->monitors->pdata[i];
        ModvmChardev *chr = NULL;
        GError *local = NULL;

        if (spec->dev && strcmp(spec->dev, "none") == 0) {
            continue;
        }
        if (spec->dev) {
            g_autofree char *id = g_strdup_printf("compat_monitor%u", compat_index++);
            chr = add_chardev_dev(s, spec->dev, id, spec->where, &local);
            if (!chr && !local) {
                g_set_error(&local, MODVM_ERROR, MODVM_ERROR_INVALID,
                            "%s: unknown character device (expected unix:PATH[,server=on]"
                            "[,wait=off], tcp:HOST:PORT[,server=on][,wait=off], stdio, pty, "
                            "file:PATH, null or none)", spec->where);
            }
        } else {
            ModvmObject *obj = modvm_object_find_by_id(MODVM_OBJECT(s->machine), spec->chardev);
            chr = obj && MODVM_IS_CHARDEV(obj) ? MODVM_CHARDEV(obj) : NULL;
            if (!chr) {
                g_set_error(&local, MODVM_ERROR, MODVM_ERROR_NOT_FOUND,
                            "%s: no chardev '%s' (give it with -chardev ...,id=%s)", spec->where,
                            spec->chardev, spec->chardev);
            }
        }
        ModvmMonitor *mon = chr ? modvm_monitor_new(s, chr, spec->pretty, &local) : NULL;
        if (!mon) {
            if (chr) {
                g_prefix_error(&local, "%s: ", spec->where);
            }
            g_propagate_error(error, local);
            return FALSE;
        }
        g_ptr_array_add(s->monitors, mon);
    }
    return TRUE;
}

static gboolean monitor_on_stdio(ModvmSession *s)
{
    for (guint i = 0; i < s->monitors->len; i++) {
        ModvmChardev *chr = modvm_monitor_get_chardev(s->monitors->pdata[i]);
        if (G_TYPE_CHECK_INSTANCE_TYPE(chr, modvm_chardev_stdio_get_type())) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean add_chardevs(ModvmSession *s, GError **error)
{
    ModvmConfig *cfg = s->cfg;
    ModvmObject *container = modvm_object_new_container();
    gboolean ok = modvm_object_add_child(MODVM_OBJECT(s->machine), "chardev", container, error);

    g_object_unref(container);
    if (!ok) {
        return FALSE;
    }
    modvm_chardev_register_types();
    for (guint i = 0; i < cfg->chardevs->len; i++) {
        if (!add_chardev_spec(s, cfg->chardevs->pdata[i], error)) {
            return FALSE;
        }
    }
    for (guint i = 0; i < cfg->serials->len; i++) {
        if (!add_serial(s, cfg->serials->pdata[i], i, error)) {
            return FALSE;
        }
    }
    if (!add_monitors(s, error)) {
        return FALSE;
    }
    /*
     * modvm has no display, so the console defaults to this terminal as
     * with QEMU's -nographic (its mon:stdio: Ctrl-C is the guest's, Ctrl-A x
     * quits); -nodefaults and -daemonize leave it out, and so does a
     * monitor on stdio (QEMU's "-qmp stdio -display none").
     */
    if (cfg->serials->len == 0 && !cfg->nodefaults && !cfg->daemonize && !monitor_on_stdio(s)) {
        return add_serial(s, "mon:stdio", 0, error);
    }
    return TRUE;
}

/* Devices: the description's defaults and the user's -device. */

static gboolean add_device(ModvmSession *s, const char *type, const char *id, const char *bus_name,
                           GPtrArray *props, ModvmPropSource source, const char *where,
                           GError **error)
{
    g_autoptr(ModvmObject) obj = NULL;
    GType t;

    if (!modvm_plugin_set_load_for_type(s->plugins, type, where, error)) {
        return FALSE;
    }
    t = modvm_type_lookup(type);
    if (!t || !g_type_is_a(t, MODVM_TYPE_DEVICE)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "%s: '%s' is not a device type (see -device help)", where, type);
        return FALSE;
    }
    if (source == MODVM_PROP_SOURCE_USER) {
        g_autoptr(GTypeClass) klass = g_type_class_ref(t);
        if (G_TYPE_IS_ABSTRACT(t) || !MODVM_OBJECT_CLASS(klass)->user_creatable) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "%s: a %s cannot be added with -device (the machine creates it)", where,
                        type);
            return FALSE;
        }
    }
    if (id && modvm_object_find_by_id(MODVM_OBJECT(s->machine), id)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE, "%s: id '%s' is already used",
                    where, id);
        return FALSE;
    }
    obj = modvm_machine_new_object(s->machine, type, error);
    if (!obj) {
        g_prefix_error(error, "%s: ", where);
        return FALSE;
    }
    if (id) {
        modvm_object_set_id(obj, id);
    }
    if (!apply_kvs(obj, props, source, error)) {
        g_prefix_error(error, "%s: ", where);
        return FALSE;
    }
    const char *bus_type = MODVM_DEVICE_GET_CLASS(obj)->bus_type;
    if (bus_type) {
        ModvmBus *bus = NULL;
        if (bus_name) {
            ModvmObject *b = bus_name[0] == '/'
                ? modvm_object_resolve(MODVM_OBJECT(s->machine), bus_name)
                : modvm_object_find_by_id(MODVM_OBJECT(s->machine), bus_name);
            if (!b) {
                b = modvm_object_get_child(MODVM_OBJECT(s->machine), bus_name);
            }
            bus = b && MODVM_IS_BUS(b) ? MODVM_BUS(b) : NULL;
            if (!bus) {
                g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND, "%s: no bus '%s'", where,
                            bus_name);
                return FALSE;
            }
        } else {
            bus = modvm_machine_find_bus(s->machine, bus_type);
            if (!bus) {
                g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND,
                            "%s: machine '%s' has no %s for a %s", where, s->version->name,
                            bus_type, type);
                return FALSE;
            }
        }
        if (!modvm_bus_plug(bus, MODVM_DEVICE(obj), NULL, error)) {
            g_prefix_error(error, "%s: ", where);
            return FALSE;
        }
        return TRUE;
    }
    g_autofree char *name = NULL;
    if (id) {
        name = g_strdup(id);
    } else {
        for (guint n = 0; !name || modvm_object_get_child(MODVM_OBJECT(s->machine), name); n++) {
            g_free(name);
            name = g_strdup_printf("%s.%u", type, n);
        }
    }
    return modvm_object_add_child(MODVM_OBJECT(s->machine), name, obj, error);
}

static gboolean add_devices(ModvmSession *s, GError **error)
{
    ModvmMachineFamily *f = s->version->family;

    for (guint i = 0; i < f->devices->len; i++) {
        ModvmDeviceSpec *d = f->devices->pdata[i];
        if (!s->cfg->nodefaults || d->even_with_nodefaults) {
            if (d->only_with_chardev &&
                !modvm_object_find_by_id(MODVM_OBJECT(s->machine), d->only_with_chardev)) {
                continue;
            }
            if (!add_device(s, d->type, d->id, NULL, d->props, MODVM_PROP_SOURCE_MACHINE,
                            d->where, error)) {
                return FALSE;
            }
        }
    }
    for (guint i = 0; i < s->cfg->devices->len; i++) {
        const char *spec = s->cfg->devices->pdata[i];
        g_autofree char *where = g_strdup_printf("-device %s", spec);
        g_autoptr(GPtrArray) opts = modvm_opts_parse(spec, "driver", error);
        g_autoptr(GPtrArray) props = g_ptr_array_new_with_free_func(modvm_key_value_free);
        if (!opts) {
            return FALSE;
        }
        for (guint j = 0; j < opts->len; j++) {
            ModvmKeyValue *kv = opts->pdata[j];
            if (strcmp(kv->key, "driver") && strcmp(kv->key, "id") && strcmp(kv->key, "bus")) {
                g_ptr_array_add(props, modvm_key_value_new(kv->key, kv->value, NULL));
            }
        }
        const char *type = modvm_opts_get(opts, "driver");
        if (!type) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "%s: no device type", where);
            return FALSE;
        }
        if (!add_device(s, type, modvm_opts_get(opts, "id"), modvm_opts_get(opts, "bus"), props,
                        MODVM_PROP_SOURCE_USER, where, error)) {
            return FALSE;
        }
    }
    return TRUE;
}

/* -drive: block backends under /machine/drive, named by their ids. */
static gboolean add_drives(ModvmSession *s, GError **error)
{
    ModvmObject *container;
    guint next_pflash = 0, next_none = 0;

    if (!s->cfg->drives->len) {
        return TRUE;
    }
    container = modvm_object_new_container();
    if (!modvm_object_add_child(MODVM_OBJECT(s->machine), "drive", container, error)) {
        g_object_unref(container);
        return FALSE;
    }
    g_object_unref(container);
    for (guint i = 0; i < s->cfg->drives->len; i++) {
        const char *spec = s->cfg->drives->pdata[i];
        g_autoptr(GPtrArray) opts = modvm_opts_parse(spec, NULL, error);
        gboolean pflash = opts && g_strcmp0(modvm_opts_get(opts, "if"), "pflash") == 0;
        g_autoptr(ModvmBlockBackend) blk =
            opts ? modvm_block_new_from_spec(spec, pflash ? next_pflash : next_none, error)
                 : NULL;
        const char *iface, *id;
        guint unit;

        if (!blk) {
            g_prefix_error(error, "-drive %s: ", spec);
            return FALSE;
        }
        iface = modvm_block_interface(blk, &unit);
        id = modvm_object_get_id(MODVM_OBJECT(blk));
        if (modvm_block_find_drive(MODVM_OBJECT(s->machine), iface, unit) &&
            strcmp(iface, "none") != 0) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE,
                        "-drive %s: drive with bus=0, unit=%u exists", spec, unit);
            return FALSE;
        }
        if (modvm_object_find_by_id(MODVM_OBJECT(s->machine), id)) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE,
                        "-drive %s: Duplicate ID '%s' for drive", spec, id);
            return FALSE;
        }
        if (!modvm_object_add_child(container, id, MODVM_OBJECT(blk), error)) {
            return FALSE;
        }
        if (strcmp(iface, "pflash") == 0) {
            next_pflash = unit + 1;
        } else {
            next_none = unit + 1;
        }
    }
    return TRUE;
}

/* As QEMU: a drive on an interface (not if=none) that no device of the machine took. */
static gboolean check_orphan_drives(ModvmSession *s, GError **error)
{
    ModvmObject *container = modvm_object_get_child(MODVM_OBJECT(s->machine), "drive");
    GPtrArray *drives = container ? modvm_object_get_children(container) : NULL;

    for (guint i = 0; drives && i < drives->len; i++) {
        ModvmBlockBackend *blk = drives->pdata[i];
        guint unit;
        const char *iface = modvm_block_interface(blk, &unit);

        if (strcmp(iface, "none") != 0 && !modvm_block_is_attached(blk)) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_UNSUPPORTED,
                        "-drive if=%s,unit=%u: machine type does not support if=%s,bus=0,"
                        "unit=%u", iface, unit, iface, unit);
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean add_objects(ModvmSession *s, GError **error)
{
    ModvmObject *container = NULL;

    for (guint i = 0; i < s->cfg->objects->len; i++) {
        const char *spec = s->cfg->objects->pdata[i];
        g_autofree char *where = g_strdup_printf("-object %s", spec);
        g_autoptr(GPtrArray) opts = modvm_opts_parse(spec, "qom-type", error);
        if (!opts) {
            return FALSE;
        }
        const char *type = modvm_opts_get(opts, "qom-type");
        const char *id = modvm_opts_get(opts, "id");
        if (!type || !id) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "%s: needs a type and id=",
                        where);
            return FALSE;
        }
        if (!modvm_plugin_set_load_for_type(s->plugins, type, where, error)) {
            return FALSE;
        }
        GType t = modvm_type_lookup(type);
        g_autoptr(GTypeClass) klass = t ? g_type_class_ref(t) : NULL;
        if (!t || g_type_is_a(t, MODVM_TYPE_DEVICE) || G_TYPE_IS_ABSTRACT(t) ||
            !MODVM_OBJECT_CLASS(klass)->user_creatable) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "%s: '%s' is not an object type -object can create (see -object help)",
                        where, type);
            return FALSE;
        }
        g_autoptr(ModvmObject) obj = modvm_machine_new_object(s->machine, type, error);
        if (!obj) {
            return FALSE;
        }
        modvm_object_set_id(obj, id);
        for (guint j = 0; j < opts->len; j++) {
            ModvmKeyValue *kv = opts->pdata[j];
            if (strcmp(kv->key, "qom-type") && strcmp(kv->key, "id") &&
                !modvm_object_set_property_str(obj, kv->key, kv->value, MODVM_PROP_SOURCE_USER,
                                               error)) {
                g_prefix_error(error, "%s: ", where);
                return FALSE;
            }
        }
        if (!container) {
            container = modvm_object_new_container();
            if (!modvm_object_add_child(MODVM_OBJECT(s->machine), "objects", container, error)) {
                g_object_unref(container);
                return FALSE;
            }
            g_object_unref(container);
        }
        if (!modvm_object_add_child(container, id, obj, error)) {
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean create_accel(ModvmSession *s, GError **error)
{
    const char *name = s->cfg->accel ? s->cfg->accel : "tcg";
    g_autofree char *type = g_strdup_printf("%s-accel", name);
    g_autofree char *why = g_strdup_printf("-accel %s", name);
    ModvmAccelClass *klass;

    if (!modvm_plugin_set_load_for_type(s->plugins, type, why, error)) {
        g_prefix_error(error, "accelerator '%s' is not available: ", name);
        return FALSE;
    }
    ModvmObject *obj = modvm_machine_new_object(s->machine, type, error);
    if (!obj) {
        return FALSE;
    }
    s->accel = MODVM_ACCEL(obj);
    if (!apply_kvs(obj, s->cfg->accel_props, MODVM_PROP_SOURCE_USER, error)) {
        return FALSE;
    }
    klass = MODVM_ACCEL_GET_CLASS(s->accel);
    if (klass->available && !klass->available(s->accel, s->machine, error)) {
        g_prefix_error(error, "accelerator '%s' cannot run this machine: ", name);
        return FALSE;
    }
    modvm_machine_set_accel(s->machine, s->accel);
    if (klass->init_machine && !klass->init_machine(s->accel, s->machine, error)) {
        g_prefix_error(error, "accelerator '%s': ", name);
        return FALSE;
    }
    return TRUE;
}

static gboolean resolve_cpu(ModvmSession *s, GError **error)
{
    ModvmMachineClass *mc = MODVM_MACHINE_GET_CLASS(s->machine);
    const char *model = s->cfg->cpu_model ? s->cfg->cpu_model
                                          : modvm_machine_version_default_cpu(s->version);
    const char *type;

    if (!mc->cpu_base_type) {
        if (s->cfg->cpu_model) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "machine '%s' has no CPUs to choose", s->version->name);
            return FALSE;
        }
        return TRUE;
    }
    if (!model) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "%s: machine '%s' names no default CPU; give -cpu",
                    s->version->family->file, s->version->name);
        return FALSE;
    }
    type = modvm_cpu_find_model(mc->cpu_base_type, model, error);
    if (!type) {
        if (!s->cfg->cpu_model) {
            g_prefix_error(error, "%s: default-cpu of '%s': ", s->version->family->file,
                           s->version->name);
        }
        return FALSE;
    }
    if (!modvm_object_set_property_str(MODVM_OBJECT(s->machine), "cpu-type", type,
                                       s->cfg->cpu_model ? MODVM_PROP_SOURCE_USER
                                                         : MODVM_PROP_SOURCE_MACHINE,
                                       error)) {
        return FALSE;
    }
    /* -cpu MODEL,prop=value: user values for every CPU of that type. */
    for (guint i = 0; i < s->cfg->cpu_props->len; i++) {
        ModvmKeyValue *kv = s->cfg->cpu_props->pdata[i];
        ModvmCompatProp *cp = g_new0(ModvmCompatProp, 1);
        cp->type = g_strdup(type);
        cp->property = g_strdup(kv->key);
        cp->value = g_strdup(kv->value);
        cp->where = g_strdup_printf("-cpu %s,%s=%s", model, kv->key, kv->value);
        g_ptr_array_add(s->user_type_props, cp);
    }
    return TRUE;
}

gboolean modvm_session_build(ModvmSession *s, gboolean with_accel, GError **error)
{
    ModvmMachineFamily *f = s->version->family;
    ModvmMachineClass *mc;
    const char *ram;
    g_autofree char *where = g_strdup_printf("machine '%s'", s->version->name);

    /* -global may name types of plugins the machine does not need. */
    for (guint i = 0; i < s->cfg->globals->len; i++) {
        ModvmCompatProp *cp = s->cfg->globals->pdata[i];
        if (!modvm_plugin_set_load_for_type(s->plugins, cp->type, cp->where, error)) {
            return FALSE;
        }
        g_autoptr(GTypeClass) klass = g_type_class_ref(g_type_from_name(cp->type));
        if (!modvm_property_find(G_OBJECT_CLASS(klass), cp->property)) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND,
                        "%s: type '%s' has no property '%s'", cp->where, cp->type, cp->property);
            return FALSE;
        }
    }
    ModvmObject *obj = modvm_object_new(f->machine_type, error);
    if (!obj) {
        return FALSE;
    }
    s->machine = MODVM_MACHINE(obj);
    modvm_object_set_root_name(obj, "machine");
    modvm_machine_set_property_layers(s->machine, s->compat, s->cfg->globals,
                                      s->user_type_props);
    ram = modvm_machine_version_default_ram(s->version);
    if ((ram && !modvm_object_set_property_str(obj, "ram-size", ram, MODVM_PROP_SOURCE_MACHINE,
                                               error)) ||
        !apply_kvs(obj, f->machine_props, MODVM_PROP_SOURCE_MACHINE, error) ||
        !modvm_object_apply_layer(obj, s->compat, MODVM_PROP_SOURCE_COMPAT, error) ||
        !modvm_object_apply_layer(obj, s->cfg->globals, MODVM_PROP_SOURCE_GLOBAL, error) ||
        !apply_kvs(obj, s->cfg->machine_props, MODVM_PROP_SOURCE_USER, error) ||
        !resolve_cpu(s, error)) {
        g_prefix_error(error, "%s: ", where);
        return FALSE;
    }
    if (!add_chardevs(s, error) || !add_drives(s, error) || !add_objects(s, error)) {
        return FALSE;
    }
    if (with_accel && !create_accel(s, error)) {
        return FALSE;
    }
    mc = MODVM_MACHINE_GET_CLASS(s->machine);
    if (mc->init && !mc->init(s->machine, error)) {
        g_prefix_error(error, "%s: ", where);
        return FALSE;
    }
    if (!add_devices(s, error)) {
        return FALSE;
    }
    if (!modvm_object_realize_tree(obj, error)) {
        g_prefix_error(error, "%s: ", where);
        return FALSE;
    }
    return check_orphan_drives(s, error);
}

/* The run state as QMP reports it, and the events that go with its changes. */

void modvm_session_request_quit(ModvmSession *s, const char *reason)
{
    s->quit_reason = reason;
    modvm_machine_request_shutdown(s->machine, MODVM_SHUTDOWN_HOST_QUIT);
}

static void emit_shutdown_event(ModvmSession *s, const char *event, gboolean guest,
                                const char *reason)
{
    JsonObject *data = json_object_new();
    json_object_set_boolean_member(data, "guest", guest);
    json_object_set_string_member(data, "reason", reason);
    modvm_monitor_emit_event(s, event, data);
}

/*
 * Waits until the vCPUs are out of guest code. Called from I/O-thread
 * dispatch, which holds the machine lock: a vCPU may be waiting for that
 * lock to finish an MMIO access, so it is released while we wait.
 */
static void pause_vcpus(ModvmSession *s)
{
    ModvmAccelClass *ac = s->accel ? MODVM_ACCEL_GET_CLASS(s->accel) : NULL;

    if (!ac || !ac->pause) {
        return;
    }
    modvm_machine_unlock(s->machine);
    ac->pause(s->accel);
    modvm_machine_lock(s->machine);
}

/* Stops the vCPUs and enters @state (PAUSED, or SHUTDOWN after a -no-shutdown poweroff). */
static void session_stop(ModvmSession *s, ModvmRunState state)
{
    gboolean was_running = modvm_machine_run_state(s->machine) == MODVM_RUN_RUNNING;

    if (was_running) {
        pause_vcpus(s);
    }
    modvm_machine_set_run_state(s->machine, state);
    if (was_running) {
        modvm_monitor_emit_event(s, "STOP", NULL);
    }
}

void modvm_session_pause(ModvmSession *s)
{
    if (modvm_machine_run_state(s->machine) == MODVM_RUN_RUNNING) {
        session_stop(s, MODVM_RUN_PAUSED);
    }
}

gboolean modvm_session_resume(ModvmSession *s, GError **error)
{
    ModvmAccelClass *ac = s->accel ? MODVM_ACCEL_GET_CLASS(s->accel) : NULL;

    switch (modvm_machine_run_state(s->machine)) {
    case MODVM_RUN_RUNNING:
        return TRUE;
    case MODVM_RUN_SHUTDOWN:
        /* As QEMU: after a -no-shutdown poweroff only a reset makes the guest runnable. */
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "Resetting the Virtual Machine is required");
        return FALSE;
    default:
        break;
    }
    if (ac && ac->start && !ac->start(s->accel, error)) {
        return FALSE;
    }
    modvm_machine_set_run_state(s->machine, MODVM_RUN_RUNNING);
    s->launched = TRUE;
    modvm_monitor_emit_event(s, "RESUME", NULL);
    return TRUE;
}

gboolean modvm_session_open_monitors(ModvmSession *s, GError **error)
{
    GMainContext *ctx = modvm_machine_main_context(s->machine);

    for (guint i = 0; i < s->monitors->len; i++) {
        ModvmChardev *chr = modvm_monitor_get_chardev(s->monitors->pdata[i]);
        if (!modvm_chardev_is_open(chr) && !modvm_chardev_open(chr, ctx, error)) {
            g_prefix_error(error, "chardev '%s': ", modvm_object_get_id(MODVM_OBJECT(chr)));
            return FALSE;
        }
    }
    return TRUE;
}

static void on_quit_requested(ModvmChardev *chr, gpointer data)
{
    modvm_session_request_quit(data, "host-ui");
}

static gboolean on_signal(gpointer data)
{
    modvm_session_request_quit(data, "host-signal");
    return G_SOURCE_CONTINUE;
}

/* A reset keeps a stopped machine stopped and, as in QEMU, back in "prelaunch". */
static void session_reset(ModvmSession *s, ModvmShutdownCause cause)
{
    ModvmAccelClass *ac = s->accel ? MODVM_ACCEL_GET_CLASS(s->accel) : NULL;
    gboolean was_running = modvm_machine_run_state(s->machine) == MODVM_RUN_RUNNING;

    if (was_running) {
        pause_vcpus(s);
    }
    modvm_machine_reset(s->machine);
    emit_shutdown_event(s, "RESET", cause == MODVM_SHUTDOWN_GUEST_RESET,
                        cause == MODVM_SHUTDOWN_GUEST_RESET ? "guest-reset"
                                                            : "host-qmp-system-reset");
    if (!was_running) {
        modvm_machine_set_run_state(s->machine, MODVM_RUN_PAUSED);
        s->launched = FALSE;
        return;
    }
    if (ac && ac->start) {
        GError *err = NULL;
        if (!ac->start(s->accel, &err)) {
            g_printerr("modvm: cannot restart after reset: %s\n", err->message);
            g_error_free(err);
            s->exit_status = 1;
            g_main_loop_quit(s->loop);
        }
    }
}

/*
 * A guest panic, as QEMU's -action panic= handles it: GUEST_PANICKED says
 * what follows (poweroff, pause or run); "shutdown" ends like a poweroff
 * (or pauses under -no-shutdown), "exit-failure" ends with status 1.
 */
static void guest_panicked(ModvmSession *s)
{
    ModvmPanicAction action = s->cfg->panic_action;
    JsonObject *data = json_object_new();

    if (action == MODVM_PANIC_SHUTDOWN && s->cfg->no_shutdown) {
        action = MODVM_PANIC_PAUSE;
    }
    json_object_set_string_member(data, "action", action == MODVM_PANIC_PAUSE ? "pause" :
                                  action == MODVM_PANIC_NONE ? "run" : "poweroff");
    modvm_monitor_emit_event(s, "GUEST_PANICKED", data);
    switch (action) {
    case MODVM_PANIC_PAUSE:
        session_stop(s, MODVM_RUN_GUEST_PANICKED);
        break;
    case MODVM_PANIC_NONE:
        break;
    case MODVM_PANIC_EXIT_FAILURE:
        s->exit_status = 1;
        /* fall through */
    case MODVM_PANIC_SHUTDOWN:
        emit_shutdown_event(s, "SHUTDOWN", TRUE, "guest-panic");
        g_main_loop_quit(s->loop);
        break;
    }
}

/* Runs on the I/O thread whenever a shutdown request was made. */
static gboolean handle_shutdown(gpointer data)
{
    ModvmSession *s = data;
    ModvmShutdownCause cause;

    if (!modvm_machine_take_shutdown_request(s->machine, &cause)) {
        return G_SOURCE_REMOVE;
    }
    switch (cause) {
    case MODVM_SHUTDOWN_GUEST_RESET:
    case MODVM_SHUTDOWN_HOST_RESET:
        if (cause == MODVM_SHUTDOWN_GUEST_RESET && s->cfg->no_reboot) {
            emit_shutdown_event(s, "SHUTDOWN", TRUE, "guest-reset");
            g_main_loop_quit(s->loop);
            break;
        }
        session_reset(s, cause);
        break;
    case MODVM_SHUTDOWN_GUEST_POWEROFF:
        emit_shutdown_event(s, "SHUTDOWN", TRUE, "guest-shutdown");
        if (s->cfg->no_shutdown) {
            session_stop(s, MODVM_RUN_SHUTDOWN);
            break;
        }
        g_main_loop_quit(s->loop);
        break;
    case MODVM_SHUTDOWN_GUEST_PANIC:
        guest_panicked(s);
        break;
    default:
        emit_shutdown_event(s, "SHUTDOWN", FALSE,
                            s->quit_reason ? s->quit_reason : "host-qmp-quit");
        g_main_loop_quit(s->loop);
        break;
    }
    return G_SOURCE_REMOVE;
}

/*
 * The I/O thread's loop: like g_main_loop_run, but device callbacks are
 * dispatched with the machine lock held and polling happens without it,
 * so vCPU threads can reach devices while the I/O thread waits.
 */
static void run_io_loop(ModvmSession *s, GMainContext *ctx)
{
    GPollFunc poll_func = g_main_context_get_poll_func(ctx);
    gint n_fds = 32;
    GPollFD *fds = g_new(GPollFD, n_fds);

    g_main_context_acquire(ctx);
    modvm_machine_lock(s->machine);
    while (g_main_loop_is_running(s->loop)) {
        gint priority, timeout, needed;

        g_main_context_prepare(ctx, &priority);
        while ((needed = g_main_context_query(ctx, priority, &timeout, fds, n_fds)) > n_fds) {
            n_fds = needed;
            fds = g_renew(GPollFD, fds, n_fds);
        }
        modvm_machine_unlock(s->machine);
        poll_func(fds, needed, timeout);
        modvm_machine_lock(s->machine);
        if (g_main_context_check(ctx, priority, fds, needed)) {
            g_main_context_dispatch(ctx);
        }
    }
    modvm_machine_unlock(s->machine);
    g_main_context_release(ctx);
    g_free(fds);
}

int modvm_session_run(ModvmSession *s, GError **error)
{
    ModvmMachineClass *mc = MODVM_MACHINE_GET_CLASS(s->machine);
    ModvmAccelClass *ac = MODVM_ACCEL_GET_CLASS(s->accel);
    GMainContext *ctx = modvm_machine_main_context(s->machine);
    guint sig_ids[3];

    if (mc->finish && !mc->finish(s->machine, error)) {
        g_prefix_error(error, "machine '%s': ", s->version->name);
        return 1;
    }
    modvm_clock_attach(modvm_machine_virtual_clock(s->machine), ctx);
    modvm_clock_attach(modvm_machine_host_clock(s->machine), ctx);
    if (!modvm_session_open_monitors(s, error)) {
        return 1;
    }
    for (guint i = 0; i < s->chardevs->len; i++) {
        ModvmChardev *chr = s->chardevs->pdata[i];
        g_signal_connect(chr, "quit-requested", G_CALLBACK(on_quit_requested), s);
        if (!modvm_chardev_is_open(chr) && !modvm_chardev_open(chr, ctx, error)) {
            g_prefix_error(error, "chardev '%s': ", modvm_object_get_id(MODVM_OBJECT(chr)));
            return 1;
        }
    }
    /* Created running: handle_shutdown's g_main_loop_quit ends run_io_loop. */
    s->loop = g_main_loop_new(ctx, TRUE);
    modvm_machine_set_shutdown_notify(s->machine, handle_shutdown, s);
    sig_ids[0] = g_unix_signal_add(SIGINT, on_signal, s);
    sig_ids[1] = g_unix_signal_add(SIGTERM, on_signal, s);
    sig_ids[2] = g_unix_signal_add(SIGHUP, on_signal, s);
    modvm_machine_reset(s->machine);
    if (!s->cfg->start_paused) {
        if (!modvm_session_resume(s, error)) {
            return 1;
        }
    } else {
        modvm_machine_set_run_state(s->machine, MODVM_RUN_PAUSED);
    }
    run_io_loop(s, ctx);
    modvm_machine_set_run_state(s->machine, MODVM_RUN_SHUTDOWN);
    if (ac->stop) {
        ac->stop(s->accel);
    }
    for (guint i = 0; i < G_N_ELEMENTS(sig_ids); i++) {
        g_source_remove(sig_ids[i]);
    }
    return s->exit_status;
}
