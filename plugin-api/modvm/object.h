/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The base object: a GObject with a place in the composition tree. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * ModvmPropSource:
 * Where a property's current value came from, lowest precedence first.
 * A value from a source may only be replaced by one of equal or higher
 * precedence; MODVM_PROP_SOURCE_CODE is what a plugin sets for itself.
 */
typedef enum {
    MODVM_PROP_SOURCE_DEFAULT = 0,  /* the class default */
    MODVM_PROP_SOURCE_MACHINE,      /* the machine description's own value */
    MODVM_PROP_SOURCE_COMPAT,       /* a machine version's compat property */
    MODVM_PROP_SOURCE_GLOBAL,       /* -global */
    MODVM_PROP_SOURCE_USER,         /* the user's own value (-device, -M, ...) */
    MODVM_PROP_SOURCE_CODE,         /* set by the core or a plugin while wiring */
} ModvmPropSource;

/** modvm_prop_source_name: "default", "machine", "compat", "global", "user", "code". */
const char *modvm_prop_source_name(ModvmPropSource source);

#define MODVM_TYPE_OBJECT (modvm_object_get_type())
G_DECLARE_DERIVABLE_TYPE(ModvmObject, modvm_object, MODVM, OBJECT, GObject)

struct _ModvmObjectClass {
    GObjectClass parent_class;
    /* One line describing the type, shown by `-device help` and friends. */
    const char *description;
    /* FALSE for types a user must not create directly (-device refuses them). */
    gboolean user_creatable;
    gpointer reserved[8];
};

/**
 * modvm_object_new:
 * @type_name: a registered type deriving from ModvmObject
 * Returns: (transfer full): a new object with class defaults, or NULL with
 * @error set when the type is unknown or abstract.
 */
ModvmObject *modvm_object_new(const char *type_name, GError **error);

/** modvm_object_get_name: the object's name among its parent's children. */
const char *modvm_object_get_name(ModvmObject *obj);

/** modvm_object_get_parent: (transfer none) the parent in the composition tree. */
ModvmObject *modvm_object_get_parent(ModvmObject *obj);

/**
 * modvm_object_add_child:
 * Puts @child under @parent as @name; the parent takes a reference.
 * Fails when @name is taken or @child already has a parent.
 */
gboolean modvm_object_add_child(ModvmObject *parent, const char *name,
                                ModvmObject *child, GError **error);

/** modvm_object_remove_child: drops @child (and the parent's reference). */
void modvm_object_remove_child(ModvmObject *parent, ModvmObject *child);

/** modvm_object_get_child: (transfer none) the child called @name, or NULL. */
ModvmObject *modvm_object_get_child(ModvmObject *parent, const char *name);

/** modvm_object_get_children: (transfer none) children in insertion order. */
GPtrArray *modvm_object_get_children(ModvmObject *obj);

/** modvm_object_get_path: (transfer full) "/machine/vio/vty@71000000". */
char *modvm_object_get_path(ModvmObject *obj);

/** modvm_object_resolve: (transfer none) the object at an absolute @path. */
ModvmObject *modvm_object_resolve(ModvmObject *root, const char *path);

/** modvm_object_get_root: (transfer none) the top of the tree @obj lives in. */
ModvmObject *modvm_object_get_root(ModvmObject *obj);

/**
 * modvm_object_set_id / get_id: the user's id (-device ...,id=X). Ids are
 * unique within a root; links may name an object by id or by path.
 */
void modvm_object_set_id(ModvmObject *obj, const char *id);
const char *modvm_object_get_id(ModvmObject *obj);

/** modvm_object_find_by_id: (transfer none) searches the tree under @root. */
ModvmObject *modvm_object_find_by_id(ModvmObject *root, const char *id);

/** modvm_object_type_name: the registered type string of @obj ("spapr-vty"). */
const char *modvm_object_type_name(ModvmObject *obj);

/**
 * modvm_object_set_property_str:
 * The one parser for property values, whatever their source: command line,
 * machine JSON, -global and compat. Parses @value for the property's type,
 * checks range and choices, and records @source. A value from a source of
 * lower precedence than the current one is ignored (returns TRUE).
 * Errors name the property and what was expected.
 */
gboolean modvm_object_set_property_str(ModvmObject *obj, const char *name,
                                       const char *value, ModvmPropSource source,
                                       GError **error);

/** modvm_object_get_property_str: (transfer full) the value as the parser accepts it. */
char *modvm_object_get_property_str(ModvmObject *obj, const char *name);

/** modvm_object_get_property_source: where the value of @name came from. */
ModvmPropSource modvm_object_get_property_source(ModvmObject *obj, const char *name);

/** modvm_object_note_property_set: records @source for a value a plugin set by hand. */
void modvm_object_note_property_set(ModvmObject *obj, const char *name, ModvmPropSource source);

G_END_DECLS
