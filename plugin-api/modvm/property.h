/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Typed properties declared once in a table and turned into GParamSpecs. */
#pragma once

#include <glib-object.h>
#include <stddef.h>

G_BEGIN_DECLS

typedef enum {
    MODVM_PROP_BOOL,        /* gboolean field; on/off/true/false/yes/no */
    MODVM_PROP_INT,         /* signed field of 1, 2, 4 or 8 bytes, ranged */
    MODVM_PROP_UINT,        /* unsigned field of 1, 2, 4 or 8 bytes, ranged; 0x.. accepted */
    MODVM_PROP_SIZE,        /* guint64 field; K/M/G/T (binary) suffixes accepted */
    MODVM_PROP_STRING,      /* char * field, owned by the object */
    MODVM_PROP_ENUM,        /* int field indexing a NULL-terminated list of choices */
    MODVM_PROP_ON_OFF_AUTO, /* ModvmOnOffAuto field */
    MODVM_PROP_LINK,        /* GObject * field (a reference) to an object by id or path */
} ModvmPropKind;

typedef enum {
    MODVM_ON_OFF_AUTO_AUTO = 0,
    MODVM_ON_OFF_AUTO_ON,
    MODVM_ON_OFF_AUTO_OFF,
} ModvmOnOffAuto;

typedef enum {
    MODVM_PROP_FLAG_NONE = 0,
    /* May not change once the object is realized (the default for devices). */
    MODVM_PROP_FLAG_RUNTIME = 1 << 0,  /* may change after realize */
} ModvmPropFlags;

/**
 * ModvmProperty:
 * One row of a type's property table. Use the MODVM_PROP_* row macros;
 * end the table with MODVM_PROP_END.
 */
typedef struct {
    const char *name;           /* lower-kebab-case */
    ModvmPropKind kind;
    gssize offset;              /* of the field from the instance pointer (negative for private data) */
    size_t field_size;          /* sizeof the field, for INT/UINT */
    const char *description;    /* one line */
    gint64 int_min, int_max, int_default;
    guint64 uint_min, uint_max, uint_default;
    const char *str_default;    /* STRING default; NULL for none */
    const char *const *choices; /* ENUM: NULL-terminated */
    const char *link_type;      /* LINK: the type the target must be (or derive from) */
    ModvmPropFlags flags;
    gpointer reserved[4];
} ModvmProperty;

#define MODVM_FIELD_(Struct, field) \
    .offset = (gssize)offsetof(Struct, field), .field_size = sizeof(((Struct *)0)->field)

#define MODVM_PROP_BOOL(n, Struct, field, def, desc) \
    { .name = (n), .kind = MODVM_PROP_BOOL, MODVM_FIELD_(Struct, field), \
      .description = (desc), .int_default = (def), .int_min = 0, .int_max = 1 }

#define MODVM_PROP_INT(n, Struct, field, def, min, max, desc) \
    { .name = (n), .kind = MODVM_PROP_INT, MODVM_FIELD_(Struct, field), \
      .description = (desc), .int_default = (def), .int_min = (min), .int_max = (max) }

#define MODVM_PROP_UINT(n, Struct, field, def, min, max, desc) \
    { .name = (n), .kind = MODVM_PROP_UINT, MODVM_FIELD_(Struct, field), \
      .description = (desc), .uint_default = (def), .uint_min = (min), .uint_max = (max) }

#define MODVM_PROP_SIZE(n, Struct, field, def, min, max, desc) \
    { .name = (n), .kind = MODVM_PROP_SIZE, MODVM_FIELD_(Struct, field), \
      .description = (desc), .uint_default = (def), .uint_min = (min), .uint_max = (max) }

#define MODVM_PROP_STRING(n, Struct, field, def, desc) \
    { .name = (n), .kind = MODVM_PROP_STRING, MODVM_FIELD_(Struct, field), \
      .description = (desc), .str_default = (def) }

/* @def indexes @choices. */
#define MODVM_PROP_ENUM(n, Struct, field, def, choice_list, desc) \
    { .name = (n), .kind = MODVM_PROP_ENUM, MODVM_FIELD_(Struct, field), \
      .description = (desc), .int_default = (def), .choices = (choice_list) }

#define MODVM_PROP_ON_OFF_AUTO(n, Struct, field, def, desc) \
    { .name = (n), .kind = MODVM_PROP_ON_OFF_AUTO, MODVM_FIELD_(Struct, field), \
      .description = (desc), .int_default = (def) }

#define MODVM_PROP_LINK(n, Struct, field, target_type, desc) \
    { .name = (n), .kind = MODVM_PROP_LINK, MODVM_FIELD_(Struct, field), \
      .description = (desc), .link_type = (target_type) }

#define MODVM_PROP_END { .name = NULL }

/**
 * modvm_class_install_properties:
 * Turns @props (which must outlive the class: make it static const) into
 * GParamSpecs on @klass and makes the table-driven accessors the class's
 * get_property/set_property. Call once from class_init. The defaults are
 * written into each new instance before its instance_init runs further
 * than the parent's.
 */
void modvm_class_install_properties(GObjectClass *klass, const ModvmProperty *props);

/**
 * modvm_property_find: (transfer none) the table row behind @name on
 * @klass or one of its ancestors, or NULL when @name is not a table property.
 */
const ModvmProperty *modvm_property_find(GObjectClass *klass, const char *name);

/**
 * modvm_property_parse_size: "512M", "1G", "4096", "0x1000" into bytes.
 * Suffixes K, M, G, T (and k) are powers of 1024; "B" is accepted.
 */
gboolean modvm_property_parse_size(const char *str, guint64 *out, GError **error);

/** modvm_property_parse_bool: on/off, yes/no, true/false, y/n, 1/0. */
gboolean modvm_property_parse_bool(const char *str, gboolean *out, GError **error);

/**
 * modvm_property_describe: (transfer full) "uint32 (0-4294967295, default 7)"
 * and the like: what `-device TYPE,help` prints after the name.
 */
char *modvm_property_describe(const ModvmProperty *prop);

/**
 * modvm_property_format: (transfer full) the value of @prop in @instance
 * in the form the parser accepts.
 */
char *modvm_property_format(const ModvmProperty *prop, gconstpointer instance);

G_END_DECLS
