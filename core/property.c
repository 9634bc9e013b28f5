/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Property tables: GParamSpecs from one declaration, and the one string parser. */
#include "core.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const on_off_auto_choices[] = { "auto", "on", "off", NULL };

static GQuark row_quark(void)
{
    static GQuark q;
    if (!q) {
        q = g_quark_from_static_string("modvm-property-row");
    }
    return q;
}

static GQuark table_quark(void)
{
    static GQuark q;
    if (!q) {
        q = g_quark_from_static_string("modvm-property-table");
    }
    return q;
}

static const char *const *row_choices(const ModvmProperty *p)
{
    return p->kind == MODVM_PROP_ON_OFF_AUTO ? on_off_auto_choices : p->choices;
}

static gpointer field_ptr(gpointer instance, const ModvmProperty *p)
{
    return (char *)instance + p->offset;
}

static gint64 read_int_field(gconstpointer instance, const ModvmProperty *p)
{
    const char *f = (const char *)instance + p->offset;
    switch (p->field_size) {
    case 1: return *(const gint8 *)f;
    case 2: return *(const gint16 *)f;
    case 4: return *(const gint32 *)f;
    default: return *(const gint64 *)f;
    }
}

static guint64 read_uint_field(gconstpointer instance, const ModvmProperty *p)
{
    const char *f = (const char *)instance + p->offset;
    switch (p->field_size) {
    case 1: return *(const guint8 *)f;
    case 2: return *(const guint16 *)f;
    case 4: return *(const guint32 *)f;
    default: return *(const guint64 *)f;
    }
}

static void write_int_field(gpointer instance, const ModvmProperty *p, gint64 v)
{
    char *f = field_ptr(instance, p);
    switch (p->field_size) {
    case 1: *(gint8 *)f = (gint8)v; break;
    case 2: *(gint16 *)f = (gint16)v; break;
    case 4: *(gint32 *)f = (gint32)v; break;
    default: *(gint64 *)f = v; break;
    }
}

static void write_uint_field(gpointer instance, const ModvmProperty *p, guint64 v)
{
    char *f = field_ptr(instance, p);
    switch (p->field_size) {
    case 1: *(guint8 *)f = (guint8)v; break;
    case 2: *(guint16 *)f = (guint16)v; break;
    case 4: *(guint32 *)f = (guint32)v; break;
    default: *(guint64 *)f = v; break;
    }
}

/* The range a row really allows: its declared one, clipped to the field's width. */
static void uint_range(const ModvmProperty *p, guint64 *min, guint64 *max)
{
    guint64 width_max = p->field_size >= 8 ? G_MAXUINT64 : (1ull << (p->field_size * 8)) - 1;
    *min = p->uint_min;
    *max = p->uint_max ? MIN(p->uint_max, width_max) : width_max;
}

static void int_range(const ModvmProperty *p, gint64 *min, gint64 *max)
{
    gint64 width_max = p->field_size >= 8 ? G_MAXINT64 : (1ll << (p->field_size * 8 - 1)) - 1;
    gint64 width_min = -width_max - 1;
    if (p->int_min == 0 && p->int_max == 0) {
        *min = width_min;
        *max = width_max;
    } else {
        *min = MAX(p->int_min, width_min);
        *max = MIN(p->int_max, width_max);
    }
}

gboolean modvm_property_parse_bool(const char *str, gboolean *out, GError **error)
{
    static const char *const yes[] = { "on", "yes", "true", "y", "1", NULL };
    static const char *const no[] = { "off", "no", "false", "n", "0", NULL };
    for (int i = 0; yes[i]; i++) {
        if (g_ascii_strcasecmp(str, yes[i]) == 0) {
            *out = TRUE;
            return TRUE;
        }
        if (g_ascii_strcasecmp(str, no[i]) == 0) {
            *out = FALSE;
            return TRUE;
        }
    }
    g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                "'%s' is not a boolean (expected on or off)", str);
    return FALSE;
}

static gboolean parse_u64(const char *str, guint64 *out)
{
    char *end;
    if (!*str || *str == '-' || g_ascii_isspace(*str)) {
        return FALSE;
    }
    errno = 0;
    *out = g_ascii_strtoull(str, &end, 0);
    return errno == 0 && end != str && *end == '\0';
}

gboolean modvm_property_parse_size(const char *str, guint64 *out, GError **error)
{
    char *end;
    guint64 v;
    unsigned shift = 0;

    if (!*str || *str == '-' || g_ascii_isspace(*str)) {
        goto bad;
    }
    errno = 0;
    v = g_ascii_strtoull(str, &end, 0);
    if (errno || end == str) {
        goto bad;
    }
    switch (g_ascii_toupper(*end)) {
    case '\0': break;
    case 'B': shift = 0; end++; break;
    case 'K': shift = 10; end++; break;
    case 'M': shift = 20; end++; break;
    case 'G': shift = 30; end++; break;
    case 'T': shift = 40; end++; break;
    default: goto bad;
    }
    if (shift && *end == 'i') {
        end++;
    }
    if (shift && (*end == 'B' || *end == 'b')) {
        end++;
    }
    if (*end != '\0') {
        goto bad;
    }
    if (shift && v > (G_MAXUINT64 >> shift)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "size '%s' is too large", str);
        return FALSE;
    }
    *out = v << shift;
    return TRUE;
bad:
    g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                "'%s' is not a size (expected a number with an optional K, M, G or T suffix)",
                str);
    return FALSE;
}

static gboolean parse_enum(const ModvmProperty *p, const char *str, gint64 *out, GError **error)
{
    const char *const *choices = row_choices(p);
    for (int i = 0; choices[i]; i++) {
        if (g_ascii_strcasecmp(str, choices[i]) == 0) {
            *out = i;
            return TRUE;
        }
    }
    g_autofree char *list = g_strjoinv(", ", (char **)choices);
    g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "'%s' is not one of: %s", str, list);
    return FALSE;
}

static GType link_gtype(const ModvmProperty *p)
{
    GType t = p->link_type ? g_type_from_name(p->link_type) : 0;
    return t ? t : G_TYPE_OBJECT;
}

char *modvm_property_describe(const ModvmProperty *p)
{
    guint64 umin, umax;
    gint64 imin, imax;

    switch (p->kind) {
    case MODVM_PROP_BOOL:
        return g_strdup_printf("bool (default %s)", p->int_default ? "on" : "off");
    case MODVM_PROP_INT:
        int_range(p, &imin, &imax);
        return g_strdup_printf("int%zu (%" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                               ", default %" G_GINT64_FORMAT ")",
                               p->field_size * 8, imin, imax, p->int_default);
    case MODVM_PROP_UINT:
        uint_range(p, &umin, &umax);
        return g_strdup_printf("uint%zu (%" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT
                               ", default %" G_GUINT64_FORMAT ")",
                               p->field_size * 8, umin, umax, p->uint_default);
    case MODVM_PROP_SIZE: {
        g_autofree char *def = modvm_format_size(p->uint_default);
        uint_range(p, &umin, &umax);
        if (umax == G_MAXUINT64 && umin == 0) {
            return g_strdup_printf("size (default %s)", def);
        }
        g_autofree char *lo = modvm_format_size(umin);
        g_autofree char *hi = modvm_format_size(umax);
        return g_strdup_printf("size (%s to %s, default %s)", lo, hi, def);
    }
    case MODVM_PROP_STRING:
        return p->str_default ? g_strdup_printf("string (default \"%s\")", p->str_default)
                              : g_strdup("string");
    case MODVM_PROP_ENUM:
    case MODVM_PROP_ON_OFF_AUTO: {
        const char *const *choices = row_choices(p);
        g_autofree char *list = g_strjoinv("|", (char **)choices);
        return g_strdup_printf("%s (default %s)", list, choices[p->int_default]);
    }
    case MODVM_PROP_LINK:
        return g_strdup_printf("link to %s (id or path)", p->link_type ? p->link_type : "object");
    }
    return g_strdup("?");
}

char *modvm_property_format(const ModvmProperty *p, gconstpointer instance)
{
    const char *f = (const char *)instance + p->offset;
    switch (p->kind) {
    case MODVM_PROP_BOOL:
        return g_strdup(*(const gboolean *)f ? "on" : "off");
    case MODVM_PROP_INT:
        return g_strdup_printf("%" G_GINT64_FORMAT, read_int_field(instance, p));
    case MODVM_PROP_UINT:
        return g_strdup_printf("%" G_GUINT64_FORMAT, read_uint_field(instance, p));
    case MODVM_PROP_SIZE:
        return modvm_format_size(read_uint_field(instance, p));
    case MODVM_PROP_STRING:
        return g_strdup(*(char *const *)f ? *(char *const *)f : "");
    case MODVM_PROP_ENUM:
    case MODVM_PROP_ON_OFF_AUTO: {
        const char *const *choices = row_choices(p);
        return g_strdup(choices[*(const int *)f]);
    }
    case MODVM_PROP_LINK: {
        ModvmObject *target = *(ModvmObject *const *)f;
        if (!target) {
            return g_strdup("");
        }
        if (modvm_object_get_id(target)) {
            return g_strdup(modvm_object_get_id(target));
        }
        return modvm_object_get_path(target);
    }
    }
    return g_strdup("");
}

char *modvm_format_size(guint64 v)
{
    static const char units[] = "KMGT";
    if (v == 0) {
        return g_strdup("0");
    }
    for (int i = 3; i >= 0; i--) {
        unsigned shift = 10 * (i + 1);
        if ((v & ((1ull << shift) - 1)) == 0) {
            return g_strdup_printf("%" G_GUINT64_FORMAT "%c", v >> shift, units[i]);
        }
    }
    return g_strdup_printf("%" G_GUINT64_FORMAT, v);
}

/*
 * Parse @str for @p into @value (initialised to the pspec's type). Links
 * are resolved against the tree @obj lives in.
 */
gboolean modvm_property_parse_value(const ModvmProperty *p, ModvmObject *obj, const char *str,
                                    GValue *value, GError **error)
{
    guint64 u, umin, umax;
    gint64 i, imin, imax;
    gboolean b;

    switch (p->kind) {
    case MODVM_PROP_BOOL:
        if (!modvm_property_parse_bool(str, &b, error)) {
            return FALSE;
        }
        g_value_init(value, G_TYPE_BOOLEAN);
        g_value_set_boolean(value, b);
        return TRUE;
    case MODVM_PROP_INT: {
        char *end;
        errno = 0;
        i = g_ascii_strtoll(str, &end, 0);
        if (!*str || errno || *end || end == str) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "'%s' is not an integer", str);
            return FALSE;
        }
        int_range(p, &imin, &imax);
        if (i < imin || i > imax) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "%s is out of range (%" G_GINT64_FORMAT " to %" G_GINT64_FORMAT ")",
                        str, imin, imax);
            return FALSE;
        }
        g_value_init(value, G_TYPE_INT64);
        g_value_set_int64(value, i);
        return TRUE;
    }
    case MODVM_PROP_UINT:
    case MODVM_PROP_SIZE:
        if (p->kind == MODVM_PROP_SIZE) {
            if (!modvm_property_parse_size(str, &u, error)) {
                return FALSE;
            }
        } else if (!parse_u64(str, &u)) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "'%s' is not an unsigned integer", str);
            return FALSE;
        }
        uint_range(p, &umin, &umax);
        if (u < umin || u > umax) {
            if (p->kind == MODVM_PROP_SIZE) {
                g_autofree char *lo = modvm_format_size(umin);
                g_autofree char *hi = modvm_format_size(umax);
                g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                            "%s is out of range (%s to %s)", str, lo, hi);
            } else {
                g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                            "%s is out of range (%" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT ")",
                            str, umin, umax);
            }
            return FALSE;
        }
        g_value_init(value, G_TYPE_UINT64);
        g_value_set_uint64(value, u);
        return TRUE;
    case MODVM_PROP_STRING:
        g_value_init(value, G_TYPE_STRING);
        g_value_set_string(value, str);
        return TRUE;
    case MODVM_PROP_ENUM:
    case MODVM_PROP_ON_OFF_AUTO:
        if (!parse_enum(p, str, &i, error)) {
            return FALSE;
        }
        g_value_init(value, G_TYPE_STRING);
        g_value_set_string(value, row_choices(p)[i]);
        return TRUE;
    case MODVM_PROP_LINK: {
        ModvmObject *target = NULL;
        if (*str) {
            ModvmObject *root = obj ? modvm_object_link_root(obj) : NULL;
            if (root) {
                target = str[0] == '/' ? modvm_object_resolve(root, str)
                                       : modvm_object_find_by_id(root, str);
            }
            if (!target) {
                g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND,
                            "no object '%s' (expected an id or a path)", str);
                return FALSE;
            }
            if (!g_type_is_a(G_OBJECT_TYPE(target), link_gtype(p))) {
                g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                            "'%s' is a %s, not a %s", str, modvm_object_type_name(target),
                            p->link_type);
                return FALSE;
            }
        }
        g_value_init(value, link_gtype(p));
        g_value_set_object(value, target);
        return TRUE;
    }
    }
    g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "unknown property kind");
    return FALSE;
}

static void table_set_property(GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
    const ModvmProperty *p = g_param_spec_get_qdata(pspec, row_quark());
    gpointer inst = object;
    gint64 idx;

    switch (p->kind) {
    case MODVM_PROP_BOOL:
        *(gboolean *)field_ptr(inst, p) = g_value_get_boolean(value);
        break;
    case MODVM_PROP_INT:
        write_int_field(inst, p, g_value_get_int64(value));
        break;
    case MODVM_PROP_UINT:
    case MODVM_PROP_SIZE:
        write_uint_field(inst, p, g_value_get_uint64(value));
        break;
    case MODVM_PROP_STRING: {
        char **f = field_ptr(inst, p);
        g_free(*f);
        *f = g_value_dup_string(value);
        break;
    }
    case MODVM_PROP_ENUM:
    case MODVM_PROP_ON_OFF_AUTO:
        if (!parse_enum(p, g_value_get_string(value) ? g_value_get_string(value) : "", &idx,
                        NULL)) {
            g_critical("%s: invalid value '%s' for property '%s'", G_OBJECT_TYPE_NAME(object),
                       g_value_get_string(value), p->name);
            return;
        }
        *(int *)field_ptr(inst, p) = (int)idx;
        break;
    case MODVM_PROP_LINK: {
        GObject **f = field_ptr(inst, p);
        GObject *old = *f;
        *f = g_value_dup_object(value);
        if (old) {
            g_object_unref(old);
        }
        break;
    }
    }
}

static void table_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
    const ModvmProperty *p = g_param_spec_get_qdata(pspec, row_quark());
    gpointer inst = object;

    switch (p->kind) {
    case MODVM_PROP_BOOL:
        g_value_set_boolean(value, *(gboolean *)field_ptr(inst, p));
        break;
    case MODVM_PROP_INT:
        g_value_set_int64(value, read_int_field(inst, p));
        break;
    case MODVM_PROP_UINT:
    case MODVM_PROP_SIZE:
        g_value_set_uint64(value, read_uint_field(inst, p));
        break;
    case MODVM_PROP_STRING:
        g_value_set_string(value, *(char **)field_ptr(inst, p));
        break;
    case MODVM_PROP_ENUM:
    case MODVM_PROP_ON_OFF_AUTO:
        g_value_set_string(value, row_choices(p)[*(int *)field_ptr(inst, p)]);
        break;
    case MODVM_PROP_LINK:
        g_value_set_object(value, *(GObject **)field_ptr(inst, p));
        break;
    }
}

static GParamSpec *row_pspec(const ModvmProperty *p)
{
    const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;
    guint64 umin, umax;
    gint64 imin, imax;

    switch (p->kind) {
    case MODVM_PROP_BOOL:
        return g_param_spec_boolean(p->name, p->name, p->description, p->int_default != 0, flags);
    case MODVM_PROP_INT:
        int_range(p, &imin, &imax);
        return g_param_spec_int64(p->name, p->name, p->description, imin, imax,
                                  p->int_default, flags);
    case MODVM_PROP_UINT:
    case MODVM_PROP_SIZE:
        uint_range(p, &umin, &umax);
        return g_param_spec_uint64(p->name, p->name, p->description, umin, umax,
                                   p->uint_default, flags);
    case MODVM_PROP_STRING:
        return g_param_spec_string(p->name, p->name, p->description, p->str_default, flags);
    case MODVM_PROP_ENUM:
    case MODVM_PROP_ON_OFF_AUTO:
        return g_param_spec_string(p->name, p->name, p->description,
                                   row_choices(p)[p->int_default], flags);
    case MODVM_PROP_LINK:
        return g_param_spec_object(p->name, p->name, p->description, link_gtype(p), flags);
    }
    return NULL;
}

void modvm_class_install_properties(GObjectClass *klass, const ModvmProperty *props)
{
    GType type = G_OBJECT_CLASS_TYPE(klass);

    g_return_if_fail(g_type_get_qdata(type, table_quark()) == NULL);
    g_type_set_qdata(type, table_quark(), (gpointer)props);
    klass->set_property = table_set_property;
    klass->get_property = table_get_property;
    for (guint i = 0; props[i].name; i++) {
        const ModvmProperty *p = &props[i];
        g_assert(p->kind != MODVM_PROP_ENUM || p->choices);
        g_assert(p->kind != MODVM_PROP_BOOL || p->field_size == sizeof(gboolean));
        g_assert(!(p->kind == MODVM_PROP_ENUM || p->kind == MODVM_PROP_ON_OFF_AUTO) ||
                 p->field_size == sizeof(int));
        GParamSpec *pspec = row_pspec(p);
        g_param_spec_set_qdata(pspec, row_quark(), (gpointer)p);
        g_object_class_install_property(klass, i + 1, pspec);
    }
}

const ModvmProperty *modvm_property_find(GObjectClass *klass, const char *name)
{
    GParamSpec *pspec = g_object_class_find_property(klass, name);
    return pspec ? g_param_spec_get_qdata(pspec, row_quark()) : NULL;
}

const ModvmProperty *modvm_property_table_of(GType type)
{
    return g_type_get_qdata(type, table_quark());
}

/* Writes every table default, base types first: called from ModvmObject's instance init. */
void modvm_property_init_instance(gpointer instance, GType type)
{
    if (type != MODVM_TYPE_OBJECT && g_type_parent(type)) {
        modvm_property_init_instance(instance, g_type_parent(type));
    }
    const ModvmProperty *props = modvm_property_table_of(type);
    for (guint i = 0; props && props[i].name; i++) {
        const ModvmProperty *p = &props[i];
        switch (p->kind) {
        case MODVM_PROP_BOOL:
            *(gboolean *)field_ptr(instance, p) = p->int_default != 0;
            break;
        case MODVM_PROP_INT:
            write_int_field(instance, p, p->int_default);
            break;
        case MODVM_PROP_UINT:
        case MODVM_PROP_SIZE:
            write_uint_field(instance, p, p->uint_default);
            break;
        case MODVM_PROP_STRING:
            *(char **)field_ptr(instance, p) = g_strdup(p->str_default);
            break;
        case MODVM_PROP_ENUM:
        case MODVM_PROP_ON_OFF_AUTO:
            *(int *)field_ptr(instance, p) = (int)p->int_default;
            break;
        case MODVM_PROP_LINK:
            *(gpointer *)field_ptr(instance, p) = NULL;
            break;
        }
    }
}

/* Releases strings and link references the tables own: from ModvmObject's dispose/finalize. */
void modvm_property_release_instance(gpointer instance, GType type, gboolean links_only)
{
    for (; type && type != G_TYPE_OBJECT; type = g_type_parent(type)) {
        const ModvmProperty *props = modvm_property_table_of(type);
        for (guint i = 0; props && props[i].name; i++) {
            const ModvmProperty *p = &props[i];
            if (p->kind == MODVM_PROP_LINK) {
                g_clear_object((GObject **)field_ptr(instance, p));
            } else if (p->kind == MODVM_PROP_STRING && !links_only) {
                g_clear_pointer((char **)field_ptr(instance, p), g_free);
            }
        }
    }
}
