/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The plugin descriptor and the type-definition helpers plugins use. */
#pragma once

#include <gmodule.h>
#include <glib-object.h>
#include <modvm/abi.h>

G_BEGIN_DECLS

/**
 * ModvmPluginDescriptor:
 * Every plugin exports exactly one, named modvm_plugin_descriptor (use
 * MODVM_PLUGIN_DEFINE). The core reads it without running any plugin code:
 * @types is the index the core uses to find which plugin serves a type,
 * to refuse duplicates before anything is registered, and to check after
 * @init that the plugin registered exactly what it announced.
 *
 * The core accepts a plugin whose @abi_major equals its own and whose
 * @abi_minor is not newer than its own.
 */
typedef struct {
    guint32 abi_major;
    guint32 abi_minor;
    const char *name;               /* "dev-spapr": the file is <name>.so */
    const char *description;        /* one line */
    const char *version;
    const char *const *types;       /* NULL-terminated: every type @init registers */
    const char *const *requires;    /* NULL-terminated plugin names whose types ours derive from, or NULL */
    /* Register the types, explicitly, on @module. No other side effects. */
    gboolean (*init)(GTypeModule *module, GError **error);
    gpointer reserved[8];
} ModvmPluginDescriptor;

#define MODVM_PLUGIN_SYMBOL "modvm_plugin_descriptor"

#define MODVM_PLUGIN_DEFINE(name_, description_, types_, requires_, init_) \
    G_MODULE_EXPORT const ModvmPluginDescriptor modvm_plugin_descriptor = { \
        .abi_major = MODVM_PLUGIN_ABI_MAJOR, \
        .abi_minor = MODVM_PLUGIN_ABI_MINOR, \
        .name = (name_), \
        .description = (description_), \
        .version = MODVM_VERSION_STRING, \
        .types = (types_), \
        .requires = (requires_), \
        .init = (init_), \
    }

/**
 * MODVM_DEFINE_DYNAMIC_TYPE:
 * Like G_DEFINE_DYNAMIC_TYPE, but the registered name is the lower-kebab
 * @type_string users type ("spapr-vty") and the register function is
 * public so the plugin's init can call it: it defines
 * type_name##_get_type() and type_name##_register_type(GTypeModule *),
 * and expects type_name##_init and type_name##_class_init.
 * type_name##_parent_class points at the parent class.
 */
#define MODVM_DEFINE_DYNAMIC_TYPE_FULL(TypeName, type_name, type_string, PARENT_TYPE, flags) \
    static void type_name##_init(TypeName *self); \
    static void type_name##_class_init(TypeName##Class *klass); \
    static gpointer type_name##_parent_class = NULL; \
    static GType type_name##_type_id = 0; \
    static void type_name##_class_intern_init(gpointer klass, gpointer data) \
    { \
        (void)data; \
        type_name##_parent_class = g_type_class_peek_parent(klass); \
        type_name##_class_init((TypeName##Class *)klass); \
    } \
    GType type_name##_get_type(void); \
    GType type_name##_get_type(void) { return type_name##_type_id; } \
    void type_name##_register_type(GTypeModule *module); \
    void type_name##_register_type(GTypeModule *module) \
    { \
        const GTypeInfo info = { \
            .class_size = sizeof(TypeName##Class), \
            .class_init = type_name##_class_intern_init, \
            .instance_size = sizeof(TypeName), \
            .instance_init = (GInstanceInitFunc)(void (*)(void))type_name##_init, \
        }; \
        type_name##_type_id = g_type_module_register_type(module, (PARENT_TYPE), \
                                                          (type_string), &info, (flags)); \
    }

#define MODVM_DEFINE_DYNAMIC_TYPE(TypeName, type_name, type_string, PARENT_TYPE) \
    MODVM_DEFINE_DYNAMIC_TYPE_FULL(TypeName, type_name, type_string, PARENT_TYPE, 0)

#define MODVM_DEFINE_ABSTRACT_DYNAMIC_TYPE(TypeName, type_name, type_string, PARENT_TYPE) \
    MODVM_DEFINE_DYNAMIC_TYPE_FULL(TypeName, type_name, type_string, PARENT_TYPE, \
                                   G_TYPE_FLAG_ABSTRACT)

/** MODVM_ERROR: the error domain of the core and plugins. */
#define MODVM_ERROR (modvm_error_quark())
GQuark modvm_error_quark(void);

typedef enum {
    MODVM_ERROR_FAILED,        /* anything without a better code */
    MODVM_ERROR_INVALID,       /* a value, option or description is wrong */
    MODVM_ERROR_NOT_FOUND,     /* a type, plugin, file or object is missing */
    MODVM_ERROR_UNSUPPORTED,   /* valid, but not something modvm can do (yet) */
    MODVM_ERROR_ABI,           /* a plugin built for another ABI */
    MODVM_ERROR_DUPLICATE,     /* a name is taken */
} ModvmErrorCode;

G_END_DECLS
