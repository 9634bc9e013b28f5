/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ModvmObject: composition tree, ids and property values with their sources. */
#include "core.h"

#include <string.h>

typedef struct {
    char *name;
    ModvmObject *parent;        /* not a reference: the parent holds ours */
    GPtrArray *children;        /* references, insertion order */
    char *id;
    GHashTable *sources;        /* interned property name -> ModvmPropSource + 1 */
} ModvmObjectPrivate;

static gint modvm_object_private_offset;
static gpointer modvm_object_parent_class;

static inline ModvmObjectPrivate *priv_of(ModvmObject *obj)
{
    return G_STRUCT_MEMBER_P(obj, modvm_object_private_offset);
}

G_DEFINE_QUARK(modvm-error-quark, modvm_error)

const char *modvm_prop_source_name(ModvmPropSource source)
{
    static const char *const names[] = { "default", "machine", "compat", "global", "user", "code" };
    return source < G_N_ELEMENTS(names) ? names[source] : "?";
}

static void modvm_object_dispose(GObject *gobj)
{
    ModvmObject *obj = MODVM_OBJECT(gobj);
    ModvmObjectPrivate *priv = priv_of(obj);

    while (priv->children->len) {
        ModvmObject *child = g_ptr_array_index(priv->children, priv->children->len - 1);
        modvm_object_remove_child(obj, child);
    }
    modvm_property_release_instance(obj, G_OBJECT_TYPE(obj), TRUE);
    G_OBJECT_CLASS(modvm_object_parent_class)->dispose(gobj);
}

static void modvm_object_finalize(GObject *gobj)
{
    ModvmObject *obj = MODVM_OBJECT(gobj);
    ModvmObjectPrivate *priv = priv_of(obj);

    modvm_property_release_instance(obj, G_OBJECT_TYPE(obj), FALSE);
    g_ptr_array_unref(priv->children);
    g_hash_table_unref(priv->sources);
    g_free(priv->name);
    g_free(priv->id);
    G_OBJECT_CLASS(modvm_object_parent_class)->finalize(gobj);
}

static void modvm_object_class_init(gpointer klass, gpointer data)
{
    GObjectClass *gclass = G_OBJECT_CLASS(klass);

    modvm_object_parent_class = g_type_class_peek_parent(klass);
    if (modvm_object_private_offset) {
        g_type_class_adjust_private_offset(klass, &modvm_object_private_offset);
    }
    gclass->dispose = modvm_object_dispose;
    gclass->finalize = modvm_object_finalize;
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;
}

/* Every subclass is user-creatable unless its class_init says otherwise. */
static void modvm_object_base_init(gpointer klass)
{
    MODVM_OBJECT_CLASS(klass)->user_creatable = TRUE;
    MODVM_OBJECT_CLASS(klass)->description = NULL;
}

/*
 * @g_class is the class of the type being created, not ours: table
 * defaults of every level are written here, before any subclass's
 * instance_init runs.
 */
static void modvm_object_instance_init(GTypeInstance *instance, gpointer g_class)
{
    ModvmObject *obj = (ModvmObject *)instance;
    ModvmObjectPrivate *priv = priv_of(obj);

    priv->children = g_ptr_array_new();
    priv->sources = g_hash_table_new(g_str_hash, g_str_equal);
    modvm_property_init_instance(instance, G_TYPE_FROM_CLASS(g_class));
}

GType modvm_object_get_type(void)
{
    static gsize type_id;
    if (g_once_init_enter(&type_id)) {
        const GTypeInfo info = {
            .class_size = sizeof(ModvmObjectClass),
            .base_init = modvm_object_base_init,
            .class_init = modvm_object_class_init,
            .instance_size = sizeof(ModvmObject),
            .instance_init = modvm_object_instance_init,
        };
        GType t = g_type_register_static(G_TYPE_OBJECT, "modvm-object", &info,
                                         G_TYPE_FLAG_ABSTRACT);
        modvm_object_private_offset = g_type_add_instance_private(t, sizeof(ModvmObjectPrivate));
        g_once_init_leave(&type_id, t);
    }
    return type_id;
}

GType modvm_type_lookup(const char *name)
{
    GType t = g_type_from_name(name);
    return t && g_type_is_a(t, MODVM_TYPE_OBJECT) ? t : 0;
}

ModvmObject *modvm_object_new(const char *type_name, GError **error)
{
    GType t = modvm_type_lookup(type_name);
    if (!t) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND, "unknown type '%s'", type_name);
        return NULL;
    }
    if (G_TYPE_IS_ABSTRACT(t)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "type '%s' is abstract and cannot be created", type_name);
        return NULL;
    }
    return g_object_new(t, NULL);
}

void modvm_object_set_root_name(ModvmObject *obj, const char *name)
{
    g_return_if_fail(priv_of(obj)->parent == NULL);
    g_free(priv_of(obj)->name);
    priv_of(obj)->name = g_strdup(name);
}

const char *modvm_object_get_name(ModvmObject *obj)
{
    return priv_of(obj)->name;
}

ModvmObject *modvm_object_get_parent(ModvmObject *obj)
{
    return priv_of(obj)->parent;
}

ModvmObject *modvm_object_get_child(ModvmObject *parent, const char *name)
{
    GPtrArray *children = priv_of(parent)->children;
    for (guint i = 0; i < children->len; i++) {
        ModvmObject *c = g_ptr_array_index(children, i);
        if (g_strcmp0(priv_of(c)->name, name) == 0) {
            return c;
        }
    }
    return NULL;
}

gboolean modvm_object_add_child(ModvmObject *parent, const char *name, ModvmObject *child,
                                GError **error)
{
    ModvmObjectPrivate *cp = priv_of(child);

    if (!name || !*name || strchr(name, '/')) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "'%s' is not a valid object name (non-empty, without '/')", name ? name : "");
        return FALSE;
    }
    if (cp->parent) {
        g_autofree char *path = modvm_object_get_path(child);
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE, "object %s already has a parent",
                    path);
        return FALSE;
    }
    if (modvm_object_get_child(parent, name)) {
        g_autofree char *path = modvm_object_get_path(parent);
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE,
                    "%s already has a child called '%s'", path, name);
        return FALSE;
    }
    g_free(cp->name);
    cp->name = g_strdup(name);
    cp->parent = parent;
    g_ptr_array_add(priv_of(parent)->children, g_object_ref(child));
    return TRUE;
}

void modvm_object_remove_child(ModvmObject *parent, ModvmObject *child)
{
    ModvmObjectPrivate *cp = priv_of(child);

    g_return_if_fail(cp->parent == parent);
    cp->parent = NULL;
    g_ptr_array_remove(priv_of(parent)->children, child);
    g_object_unref(child);
}

GPtrArray *modvm_object_get_children(ModvmObject *obj)
{
    return priv_of(obj)->children;
}

char *modvm_object_get_path(ModvmObject *obj)
{
    GPtrArray *parts = g_ptr_array_new();
    for (ModvmObject *o = obj; o; o = priv_of(o)->parent) {
        g_ptr_array_insert(parts, 0, priv_of(o)->name ? priv_of(o)->name : "?");
    }
    g_ptr_array_add(parts, NULL);
    g_autofree char *joined = g_strjoinv("/", (char **)parts->pdata);
    g_ptr_array_unref(parts);
    return g_strconcat("/", joined, NULL);
}

ModvmObject *modvm_object_get_root(ModvmObject *obj)
{
    while (priv_of(obj)->parent) {
        obj = priv_of(obj)->parent;
    }
    return obj;
}

ModvmObject *modvm_object_resolve(ModvmObject *root, const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", -1);
    ModvmObject *o = NULL;

    if (path[0] != '/') {
        return NULL;
    }
    for (guint i = 1; parts[i]; i++) {
        if (!*parts[i]) {
            continue;
        }
        if (!o) {
            if (g_strcmp0(priv_of(root)->name, parts[i]) != 0) {
                return NULL;
            }
            o = root;
        } else {
            o = modvm_object_get_child(o, parts[i]);
            if (!o) {
                return NULL;
            }
        }
    }
    return o;
}

/*
 * An object a machine made is configured before it is plugged in, and its
 * links (chardev=serial0) must resolve in the machine it is made for.
 */
static GQuark home_quark(void)
{
    static GQuark q;
    if (!q) {
        q = g_quark_from_static_string("modvm-object-home");
    }
    return q;
}

void modvm_object_set_home(ModvmObject *obj, ModvmObject *home)
{
    g_object_set_qdata(G_OBJECT(obj), home_quark(), home);
}

ModvmObject *modvm_object_link_root(ModvmObject *obj)
{
    ModvmObject *root = modvm_object_get_root(obj);
    ModvmObject *home = g_object_get_qdata(G_OBJECT(root), home_quark());
    return home ? modvm_object_get_root(home) : root;
}

void modvm_object_set_id(ModvmObject *obj, const char *id)
{
    g_free(priv_of(obj)->id);
    priv_of(obj)->id = g_strdup(id);
}

const char *modvm_object_get_id(ModvmObject *obj)
{
    return priv_of(obj)->id;
}

ModvmObject *modvm_object_find_by_id(ModvmObject *root, const char *id)
{
    if (g_strcmp0(priv_of(root)->id, id) == 0) {
        return root;
    }
    GPtrArray *children = priv_of(root)->children;
    for (guint i = 0; i < children->len; i++) {
        ModvmObject *found = modvm_object_find_by_id(g_ptr_array_index(children, i), id);
        if (found) {
            return found;
        }
    }
    return NULL;
}

const char *modvm_object_type_name(ModvmObject *obj)
{
    return G_OBJECT_TYPE_NAME(obj);
}

gboolean modvm_object_set_property_str(ModvmObject *obj, const char *name, const char *value,
                                       ModvmPropSource source, GError **error)
{
    ModvmObjectPrivate *priv = priv_of(obj);
    const ModvmProperty *p = modvm_property_find(G_OBJECT_GET_CLASS(obj), name);
    g_auto(GValue) v = G_VALUE_INIT;

    if (!p) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND,
                    "type '%s' has no property '%s'", modvm_object_type_name(obj), name);
        return FALSE;
    }
    if (modvm_object_get_property_source(obj, name) > source) {
        return TRUE;
    }
    if (MODVM_IS_DEVICE(obj) && modvm_device_is_realized(MODVM_DEVICE(obj)) &&
        !(p->flags & MODVM_PROP_FLAG_RUNTIME)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "property '%s' cannot change once the device is realized", name);
        return FALSE;
    }
    if (!modvm_property_parse_value(p, obj, value, &v, error)) {
        g_prefix_error(error, "property '%s': ", name);
        return FALSE;
    }
    g_object_set_property(G_OBJECT(obj), name, &v);
    g_hash_table_insert(priv->sources, (gpointer)g_intern_string(name),
                        GINT_TO_POINTER(source + 1));
    return TRUE;
}

char *modvm_object_get_property_str(ModvmObject *obj, const char *name)
{
    const ModvmProperty *p = modvm_property_find(G_OBJECT_GET_CLASS(obj), name);
    return p ? modvm_property_format(p, obj) : NULL;
}

ModvmPropSource modvm_object_get_property_source(ModvmObject *obj, const char *name)
{
    gpointer v = g_hash_table_lookup(priv_of(obj)->sources, g_intern_string(name));
    return v ? (ModvmPropSource)(GPOINTER_TO_INT(v) - 1) : MODVM_PROP_SOURCE_DEFAULT;
}

void modvm_object_note_property_set(ModvmObject *obj, const char *name, ModvmPropSource source)
{
    g_hash_table_insert(priv_of(obj)->sources, (gpointer)g_intern_string(name),
                        GINT_TO_POINTER(source + 1));
}

GPtrArray *modvm_type_list_properties(GType type)
{
    GPtrArray *rows = g_ptr_array_new();
    GPtrArray *chain = g_ptr_array_new();

    for (GType t = type; t && t != G_TYPE_OBJECT; t = g_type_parent(t)) {
        g_ptr_array_insert(chain, 0, GSIZE_TO_POINTER(t));
    }
    for (guint i = 0; i < chain->len; i++) {
        const ModvmProperty *props = modvm_property_table_of(GPOINTER_TO_SIZE(chain->pdata[i]));
        for (guint j = 0; props && props[j].name; j++) {
            g_ptr_array_add(rows, (gpointer)&props[j]);
        }
    }
    g_ptr_array_unref(chain);
    return rows;
}

/* A concrete, property-less object that only groups children. */
typedef struct {
    ModvmObject parent;
} ModvmContainer;

typedef struct {
    ModvmObjectClass parent_class;
} ModvmContainerClass;

static void modvm_container_class_init(gpointer klass, gpointer data)
{
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;
    MODVM_OBJECT_CLASS(klass)->description = "a group of objects";
}

static GType modvm_container_get_type(void)
{
    static gsize type_id;
    if (g_once_init_enter(&type_id)) {
        GType t = g_type_register_static_simple(MODVM_TYPE_OBJECT, "container",
                                                sizeof(ModvmContainerClass),
                                                modvm_container_class_init,
                                                sizeof(ModvmContainer), NULL, 0);
        g_once_init_leave(&type_id, t);
    }
    return type_id;
}

ModvmObject *modvm_object_new_container(void)
{
    return g_object_new(modvm_container_get_type(), NULL);
}
