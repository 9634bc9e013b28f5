/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The QMP monitor: QEMU's JSON protocol (docs/interop/qmp-spec) on a chardev. */
#include "monitor.h"
#include "chardev-internal.h"

#include <math.h>
#include <string.h>

/*
 * The QEMU release we answer as. Management tools key their expectations
 * off it (libvirt refuses anything older than 4.2, and picks commands and
 * machine types by it); 7.2 is the release whose machine types
 * (pseries-7.2, s390-ccw-virtio-7.2) are modvm's newest. "package" says
 * what is really there.
 */
#define QMP_QEMU_MAJOR 7
#define QMP_QEMU_MINOR 2
#define QMP_QEMU_MICRO 0
#define QMP_PACKAGE "modvm " MODVM_VERSION_STRING

/* A client's input is bounded: one message, its nesting, a stray token. */
#define QMP_MSG_MAX (1u << 20)
#define QMP_NESTING_MAX 1024
#define QMP_STRAY_MAX 64
/* Input is taken in pieces of this size, and held while this much output waits. */
#define QMP_READ_CHUNK 4096
#define QMP_OUTPUT_HIGH (64u << 10)
#define QMP_THROTTLE_MS 10
/* How long modvm_monitor_free waits for the client to take the last replies. */
#define QMP_FLUSH_MS 1000

/* QMP's error classes, as the "class" of an error reply. */
typedef enum {
    QMP_GENERIC_ERROR,
    QMP_COMMAND_NOT_FOUND,
    QMP_DEVICE_NOT_FOUND,
} QmpErrorClass;

static const char *const qmp_error_class_names[] = {
    [QMP_GENERIC_ERROR] = "GenericError",
    [QMP_COMMAND_NOT_FOUND] = "CommandNotFound",
    [QMP_DEVICE_NOT_FOUND] = "DeviceNotFound",
};

static GQuark qmp_error_quark(void)
{
    return g_quark_from_static_string("modvm-qmp-error-quark");
}
#define QMP_ERROR (qmp_error_quark())

/*
 * Splits the byte stream into messages the way QEMU's json-streamer does:
 * a message is a balanced {...} or [...] (brackets in strings do not
 * count); anything else between messages is a stray token.
 */
typedef struct {
    GString *buf;
    guint depth;
    char quote;             /* inside a string: its quote (QEMU also takes '...'), else 0 */
    gboolean escape;
    gboolean skipping;      /* refused (too large or too deep): skip to the end of it */
} QmpStreamer;

struct ModvmMonitor {
    ModvmSession *s;
    ModvmChardev *chr;
    gboolean pretty;
    gboolean attached;      /* the chardev's frontend */
    gboolean connected;
    gboolean command_mode;  /* qmp_capabilities done */
    QmpStreamer in;
    GByteArray *pending;    /* input received but not yet parsed (while output waits) */
    GSource *throttle;
    gboolean dispatching;
    GPtrArray *deferred;    /* JsonNode *: events raised by the command being answered */
    gboolean drop_warned;
};

/* Output: QEMU's own JSON formatting, so that scripts that grep it keep working. */

static void json_append_string(GString *out, const char *str)
{
    g_string_append_c(out, '"');
    for (const char *p = str; *p;) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            c = 0xfffd;
            p++;
        } else {
            p = g_utf8_next_char(p);
        }
        switch (c) {
        case '"': g_string_append(out, "\\\""); break;
        case '\\': g_string_append(out, "\\\\"); break;
        case '\b': g_string_append(out, "\\b"); break;
        case '\f': g_string_append(out, "\\f"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\r': g_string_append(out, "\\r"); break;
        case '\t': g_string_append(out, "\\t"); break;
        default:
            if (c > 0xffff) {
                g_string_append_printf(out, "\\u%04X\\u%04X", 0xd800 + ((c - 0x10000) >> 10),
                                       0xdc00 + ((c - 0x10000) & 0x3ff));
            } else if (c < 0x20 || c >= 0x7f) {
                g_string_append_printf(out, "\\u%04X", c);
            } else {
                g_string_append_c(out, (char)c);
            }
        }
    }
    g_string_append_c(out, '"');
}

static void json_newline(GString *out, gboolean pretty, guint indent)
{
    if (pretty) {
        g_string_append_printf(out, "\n%*s", indent * 4, "");
    }
}

static void json_append(GString *out, JsonNode *node, gboolean pretty, guint indent)
{
    const char *sep = "";

    switch (JSON_NODE_TYPE(node)) {
    case JSON_NODE_OBJECT: {
        JsonObject *obj = json_node_get_object(node);
        g_autoptr(GList) names = json_object_get_members(obj);
        g_string_append_c(out, '{');
        for (GList *l = names; l; l = l->next) {
            g_string_append(out, sep);
            json_newline(out, pretty, indent + 1);
            json_append_string(out, l->data);
            g_string_append(out, ": ");
            json_append(out, json_object_get_member(obj, l->data), pretty, indent + 1);
            sep = pretty ? "," : ", ";
        }
        json_newline(out, pretty, indent);
        g_string_append_c(out, '}');
        break;
    }
    case JSON_NODE_ARRAY: {
        JsonArray *arr = json_node_get_array(node);
        g_string_append_c(out, '[');
        for (guint i = 0; i < json_array_get_length(arr); i++) {
            g_string_append(out, sep);
            json_newline(out, pretty, indent + 1);
            json_append(out, json_array_get_element(arr, i), pretty, indent + 1);
            sep = pretty ? "," : ", ";
        }
        json_newline(out, pretty, indent);
        g_string_append_c(out, ']');
        break;
    }
    case JSON_NODE_VALUE:
        switch (json_node_get_value_type(node)) {
        case G_TYPE_INT64:
            g_string_append_printf(out, "%" G_GINT64_FORMAT, json_node_get_int(node));
            break;
        case G_TYPE_DOUBLE: {
            char num[G_ASCII_DTOSTR_BUF_SIZE];
            double d = json_node_get_double(node);
            g_string_append(out, isfinite(d) ? g_ascii_formatd(num, sizeof(num), "%.17g", d)
                                             : "null");
            break;
        }
        case G_TYPE_BOOLEAN:
            g_string_append(out, json_node_get_boolean(node) ? "true" : "false");
            break;
        default:
            json_append_string(out, json_node_get_string(node) ? json_node_get_string(node) : "");
            break;
        }
        break;
    case JSON_NODE_NULL:
        g_string_append(out, "null");
        break;
    }
}

static JsonNode *node_take_object(JsonObject *obj)
{
    JsonNode *node = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(node, obj);
    return node;
}

static JsonNode *node_take_array(JsonArray *arr)
{
    JsonNode *node = json_node_new(JSON_NODE_ARRAY);
    json_node_take_array(node, arr);
    return node;
}

static gboolean monitor_output_full(ModvmMonitor *mon)
{
    return modvm_chardev_queued(mon->chr) >= QMP_OUTPUT_HIGH;
}

static void monitor_send(ModvmMonitor *mon, JsonNode *msg)
{
    g_autoptr(GString) text = g_string_new(NULL);
    g_autoptr(GString) out = g_string_new(NULL);

    if (!mon->connected) {
        return;
    }
    json_append(text, msg, mon->pretty, 0);
    g_string_append_c(text, '\n');
    /* As from QEMU's monitor, every newline goes out as CR LF. */
    for (gsize i = 0; i < text->len; i++) {
        if (text->str[i] == '\n') {
            g_string_append_c(out, '\r');
        }
        g_string_append_c(out, text->str[i]);
    }
    /* A message goes out whole or not at all: a torn one would garble the stream. */
    if (modvm_chardev_queued(mon->chr) + out->len > MODVM_CHR_QUEUE_MAX) {
        if (!mon->drop_warned) {
            mon->drop_warned = TRUE;
            g_printerr("modvm: warning: QMP monitor on chardev '%s': the client does not "
                       "read; messages are dropped\n", modvm_chardev_label(mon->chr));
        }
        return;
    }
    modvm_chardev_write(mon->chr, (const guint8 *)out->str, out->len);
}

static void monitor_reply(ModvmMonitor *mon, JsonNode *id, JsonNode *ret, const GError *err)
{
    JsonObject *msg = json_object_new();

    if (err) {
        JsonObject *e = json_object_new();
        QmpErrorClass cls = err->domain == QMP_ERROR ? (QmpErrorClass)err->code
                                                     : QMP_GENERIC_ERROR;
        json_object_set_string_member(e, "class", qmp_error_class_names[cls]);
        json_object_set_string_member(e, "desc", err->message);
        json_object_set_object_member(msg, "error", e);
    } else {
        json_object_set_member(msg, "return", ret);
    }
    if (id) {
        json_object_set_member(msg, "id", json_node_copy(id));
    }
    g_autoptr(JsonNode) node = node_take_object(msg);
    monitor_send(mon, node);
}

static void G_GNUC_PRINTF(2, 3) monitor_reply_error(ModvmMonitor *mon, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autoptr(GError) err = g_error_new_valist(QMP_ERROR, QMP_GENERIC_ERROR, fmt, ap);
    va_end(ap);
    monitor_reply(mon, NULL, NULL, err);
}

static JsonObject *qemu_version(void)
{
    JsonObject *qemu = json_object_new();
    JsonObject *version = json_object_new();

    json_object_set_int_member(qemu, "micro", QMP_QEMU_MICRO);
    json_object_set_int_member(qemu, "minor", QMP_QEMU_MINOR);
    json_object_set_int_member(qemu, "major", QMP_QEMU_MAJOR);
    json_object_set_object_member(version, "qemu", qemu);
    json_object_set_string_member(version, "package", QMP_PACKAGE);
    return version;
}

static void monitor_greet(ModvmMonitor *mon)
{
    JsonObject *qmp = json_object_new();
    JsonObject *msg = json_object_new();

    json_object_set_object_member(qmp, "version", qemu_version());
    /* No "oob": commands run one at a time, in order. */
    json_object_set_array_member(qmp, "capabilities", json_array_new());
    json_object_set_object_member(msg, "QMP", qmp);
    g_autoptr(JsonNode) node = node_take_object(msg);
    monitor_send(mon, node);
}

void modvm_monitor_emit_event(ModvmSession *s, const char *name, JsonObject *data)
{
    JsonObject *msg = json_object_new();
    JsonObject *stamp = json_object_new();
    gint64 now = g_get_real_time();

    json_object_set_int_member(stamp, "seconds", now / G_USEC_PER_SEC);
    json_object_set_int_member(stamp, "microseconds", now % G_USEC_PER_SEC);
    json_object_set_object_member(msg, "timestamp", stamp);
    json_object_set_string_member(msg, "event", name);
    if (data) {
        json_object_set_object_member(msg, "data", data);
    }
    g_autoptr(JsonNode) node = node_take_object(msg);
    for (guint i = 0; i < s->monitors->len; i++) {
        ModvmMonitor *mon = s->monitors->pdata[i];
        if (!mon->connected || !mon->command_mode) {
            continue;
        }
        /* An event the command caused follows its reply, as in QEMU. */
        if (mon->dispatching) {
            g_ptr_array_add(mon->deferred, json_node_ref(node));
        } else {
            monitor_send(mon, node);
        }
    }
}

/* The machine as QMP names it. */

static const char *target_arch(ModvmMachineFamily *family)
{
    static const struct { const char *family, *arch; } arches[] = {
        { "pseries", "ppc64" },
        { "s390-ccw-virtio", "s390x" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(arches); i++) {
        if (strcmp(family->family, arches[i].family) == 0) {
            return arches[i].arch;
        }
    }
    return NULL;
}

/* QOM paths: "/" above /machine, absolute paths, and QEMU's unique partial ones ("cpu0"). */

static gboolean path_tail_matches(ModvmObject *obj, char **parts, guint n)
{
    for (guint i = n; i > 0; i--, obj = modvm_object_get_parent(obj)) {
        if (!obj || g_strcmp0(modvm_object_get_name(obj), parts[i - 1]) != 0) {
            return FALSE;
        }
    }
    return TRUE;
}

static void find_partial(ModvmObject *obj, char **parts, guint n, ModvmObject **found,
                         guint *count)
{
    if (path_tail_matches(obj, parts, n)) {
        *found = obj;
        (*count)++;
    }
    GPtrArray *children = modvm_object_get_children(obj);
    for (guint i = 0; i < children->len && *count < 2; i++) {
        find_partial(children->pdata[i], parts, n, found, count);
    }
}

/* The object at @path; *@out is NULL for the root "/". */
static gboolean qom_resolve(ModvmMonitor *mon, const char *path, ModvmObject **out,
                            GError **error)
{
    ModvmObject *root = MODVM_OBJECT(mon->s->machine);
    ModvmObject *obj = NULL;

    *out = NULL;
    if (path[0] == '/') {
        if (strspn(path, "/") == strlen(path)) {
            return TRUE;
        }
        obj = modvm_object_resolve(root, path);
    } else {
        g_auto(GStrv) split = g_strsplit(path, "/", -1);
        g_autoptr(GPtrArray) parts = g_ptr_array_new();
        guint count = 0;
        for (guint i = 0; split[i]; i++) {
            if (*split[i]) {
                g_ptr_array_add(parts, split[i]);
            }
        }
        if (parts->len) {
            find_partial(root, (char **)parts->pdata, parts->len, &obj, &count);
        }
        if (count > 1) {
            g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR, "Path '%s' is ambiguous", path);
            return FALSE;
        }
    }
    if (!obj) {
        g_set_error(error, QMP_ERROR, QMP_DEVICE_NOT_FOUND, "Device '%s' not found", path);
        return FALSE;
    }
    *out = obj;
    return TRUE;
}

/* A property's type as QOM spells it. */
static char *qom_prop_type(const ModvmProperty *p)
{
    switch (p->kind) {
    case MODVM_PROP_BOOL:
        return g_strdup("bool");
    case MODVM_PROP_INT:
        return g_strdup_printf("int%zu", p->field_size * 8);
    case MODVM_PROP_UINT:
        return g_strdup_printf("uint%zu", p->field_size * 8);
    case MODVM_PROP_SIZE:
        return g_strdup("size");
    case MODVM_PROP_STRING:
    case MODVM_PROP_ENUM:
        return g_strdup("str");
    case MODVM_PROP_ON_OFF_AUTO:
        return g_strdup("OnOffAuto");
    case MODVM_PROP_LINK:
        return g_strdup_printf("link<%s>", p->link_type ? p->link_type : "object");
    }
    return g_strdup("str");
}

/* The value of a table property as the JSON type it has. */
static JsonNode *qom_prop_value(ModvmObject *obj, const ModvmProperty *p)
{
    GParamSpec *pspec = g_object_class_find_property(G_OBJECT_GET_CLASS(obj), p->name);
    g_auto(GValue) v = G_VALUE_INIT;
    JsonNode *node = json_node_new(JSON_NODE_VALUE);

    g_value_init(&v, G_PARAM_SPEC_VALUE_TYPE(pspec));
    g_object_get_property(G_OBJECT(obj), p->name, &v);
    switch (p->kind) {
    case MODVM_PROP_BOOL:
        json_node_set_boolean(node, g_value_get_boolean(&v));
        break;
    case MODVM_PROP_INT:
        json_node_set_int(node, g_value_get_int64(&v));
        break;
    case MODVM_PROP_UINT:
    case MODVM_PROP_SIZE: {
        /* JSON numbers here are int64: beyond that only a double can say it. */
        guint64 u = g_value_get_uint64(&v);
        if (u <= G_MAXINT64) {
            json_node_set_int(node, (gint64)u);
        } else {
            json_node_set_double(node, (double)u);
        }
        break;
    }
    case MODVM_PROP_LINK: {
        GObject *target = g_value_get_object(&v);
        g_autofree char *path = target ? modvm_object_get_path(MODVM_OBJECT(target))
                                       : g_strdup("");
        json_node_set_string(node, path);
        break;
    }
    default:
        json_node_set_string(node, g_value_get_string(&v) ? g_value_get_string(&v) : "");
        break;
    }
    return node;
}

/* The JSON @value qom-set gives, as the text the property parser takes. */
static char *qom_value_text(const ModvmProperty *p, JsonNode *value, GError **error)
{
    GType want;
    const char *what;

    switch (p->kind) {
    case MODVM_PROP_BOOL:
        want = G_TYPE_BOOLEAN;
        what = "boolean";
        break;
    case MODVM_PROP_INT:
    case MODVM_PROP_UINT:
    case MODVM_PROP_SIZE:
        want = G_TYPE_INT64;
        what = "integer";
        break;
    default:
        want = G_TYPE_STRING;
        what = "string";
        break;
    }
    if (!JSON_NODE_HOLDS_VALUE(value) || json_node_get_value_type(value) != want) {
        g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR,
                    "Invalid parameter type for 'value', expected: %s", what);
        return NULL;
    }
    if (want == G_TYPE_BOOLEAN) {
        return g_strdup(json_node_get_boolean(value) ? "on" : "off");
    }
    if (want == G_TYPE_INT64) {
        return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(value));
    }
    return g_strdup(json_node_get_string(value));
}

static JsonObject *qom_entry(const char *name, const char *type)
{
    JsonObject *e = json_object_new();
    json_object_set_string_member(e, "name", name);
    json_object_set_string_member(e, "type", type);
    return e;
}

/* Who reads a chardev: a monitor, or a device with a link to it. */
static gboolean has_link_to(ModvmObject *obj, ModvmObject *target)
{
    g_autoptr(GPtrArray) rows = modvm_type_list_properties(G_OBJECT_TYPE(obj));

    for (guint i = 0; i < rows->len; i++) {
        const ModvmProperty *p = rows->pdata[i];
        if (p->kind == MODVM_PROP_LINK) {
            g_autoptr(GObject) linked = NULL;
            g_object_get(obj, p->name, &linked, NULL);
            if (linked == G_OBJECT(target)) {
                return TRUE;
            }
        }
    }
    GPtrArray *children = modvm_object_get_children(obj);
    for (guint i = 0; i < children->len; i++) {
        if (has_link_to(children->pdata[i], target)) {
            return TRUE;
        }
    }
    return FALSE;
}

/* query-chardev's "filename", as QEMU has it: "stdio", "unix:/path,server=on", "pty:/dev/pts/3" */
static char *chardev_filename(ModvmChardev *chr)
{
    ModvmObject *obj = MODVM_OBJECT(chr);
    const char *type = modvm_object_type_name(obj);

    if (strcmp(type, "chardev-pty") == 0 && modvm_chardev_pty_get_path(chr)) {
        return g_strdup_printf("pty:%s", modvm_chardev_pty_get_path(chr));
    }
    if (strcmp(type, "chardev-socket") == 0) {
        g_autofree char *path = modvm_object_get_property_str(obj, "path");
        g_autofree char *host = modvm_object_get_property_str(obj, "host");
        g_autofree char *server = modvm_object_get_property_str(obj, "server");
        const char *opt = g_strcmp0(server, "on") == 0 ? ",server=on" : "";
        if (path && *path) {
            return g_strdup_printf("unix:%s%s", path, opt);
        }
        return g_strdup_printf("tcp:%s:%u%s", host && *host ? host : "0.0.0.0",
                               modvm_chardev_socket_get_port(chr), opt);
    }
    return g_strdup(g_str_has_prefix(type, "chardev-") ? type + 8 : type);
}

/* The commands, each a qmp_<name> function; arguments are checked against the table. */

typedef JsonNode *(*QmpHandler)(ModvmMonitor *mon, JsonObject *args, GError **error);

typedef enum { QMP_ARG_STR, QMP_ARG_ARRAY, QMP_ARG_ANY } QmpArgType;

typedef struct {
    const char *name;
    QmpArgType type;
    gboolean optional;
} QmpArg;

typedef struct {
    const char *name;
    QmpHandler fn;
    const QmpArg *args;         /* ended by a NULL name; NULL: none */
} QmpCommand;

static JsonNode *empty_return(void)
{
    return node_take_object(json_object_new());
}

static JsonNode *qmp_qmp_capabilities(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    if (mon->command_mode) {
        g_set_error(error, QMP_ERROR, QMP_COMMAND_NOT_FOUND,
                    "Capabilities negotiation is already complete, command ignored");
        return NULL;
    }
    JsonArray *enable = args && json_object_has_member(args, "enable")
                            ? json_object_get_array_member(args, "enable") : NULL;
    for (guint i = 0; enable && i < json_array_get_length(enable); i++) {
        JsonNode *cap = json_array_get_element(enable, i);
        if (!JSON_NODE_HOLDS_VALUE(cap) || json_node_get_value_type(cap) != G_TYPE_STRING) {
            g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR,
                        "Invalid parameter type for 'enable[%u]', expected: string", i);
        } else {
            g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR, "Capability '%s' not available",
                        json_node_get_string(cap));
        }
        return NULL;
    }
    mon->command_mode = TRUE;
    return empty_return();
}

static JsonNode *qmp_query_version(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    return node_take_object(qemu_version());
}

static JsonNode *qmp_query_commands(ModvmMonitor *mon, JsonObject *args, GError **error);

static JsonNode *qmp_query_status(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    JsonObject *o = json_object_new();
    const char *status = "prelaunch";

    switch (modvm_machine_run_state(mon->s->machine)) {
    case MODVM_RUN_CREATED:
        break;
    case MODVM_RUN_PAUSED:
        status = mon->s->launched ? "paused" : "prelaunch";
        break;
    case MODVM_RUN_RUNNING:
        status = "running";
        break;
    case MODVM_RUN_SHUTDOWN:
        status = "shutdown";
        break;
    case MODVM_RUN_GUEST_PANICKED:
        status = "guest-panicked";
        break;
    }
    json_object_set_string_member(o, "status", status);
    json_object_set_boolean_member(o, "running", strcmp(status, "running") == 0);
    json_object_set_boolean_member(o, "singlestep", FALSE);
    return node_take_object(o);
}

static JsonNode *qmp_query_name(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    JsonObject *o = json_object_new();
    if (mon->s->cfg->name) {
        json_object_set_string_member(o, "name", mon->s->cfg->name);
    }
    return node_take_object(o);
}

static JsonNode *qmp_query_target(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    ModvmMachineFamily *family = mon->s->version->family;
    const char *arch = target_arch(family);
    JsonObject *o;

    if (!arch) {
        g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR,
                    "machine family '%s' has no QEMU target name", family->family);
        return NULL;
    }
    o = json_object_new();
    json_object_set_string_member(o, "arch", arch);
    return node_take_object(o);
}

/* The machines of the running machine's architecture, as one QEMU binary lists its own. */
static JsonNode *qmp_query_machines(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    ModvmSession *s = mon->s;
    const char *arch = target_arch(s->version->family);
    ModvmMachineVersion *def = modvm_session_default_machine(s);
    JsonArray *list = json_array_new();

    if (!def || g_strcmp0(target_arch(def->family), arch) != 0) {
        def = s->version->family->newest;
    }
    for (guint i = 0; i < s->catalog->families->len; i++) {
        ModvmMachineFamily *f = s->catalog->families->pdata[i];
        GType type = modvm_type_lookup(f->machine_type);
        g_autoptr(GTypeClass) klass = type ? g_type_class_ref(type) : NULL;
        GParamSpec *smp = klass ? g_object_class_find_property(G_OBJECT_CLASS(klass), "smp")
                                : NULL;

        if (g_strcmp0(target_arch(f), arch) != 0) {
            continue;
        }
        for (guint j = 0; j < f->versions->len; j++) {
            ModvmMachineVersion *v = f->versions->pdata[j];
            JsonObject *m = json_object_new();
            const char *cpu = modvm_machine_version_default_cpu(v);
            const char *base = klass ? MODVM_MACHINE_CLASS(klass)->cpu_base_type : NULL;
            const char *cpu_type = cpu && base ? modvm_cpu_find_model(base, cpu, NULL) : NULL;

            json_object_set_string_member(m, "name", v->name);
            if (v == f->newest) {
                json_object_set_string_member(m, "alias", f->family);
            }
            if (v == def) {
                json_object_set_boolean_member(m, "is-default", TRUE);
            }
            /* What -smp takes for this machine type. */
            if (smp && G_IS_PARAM_SPEC_UINT64(smp)) {
                json_object_set_int_member(m, "cpu-max",
                                           (gint64)MIN(G_PARAM_SPEC_UINT64(smp)->maximum,
                                                       G_MAXINT32));
            }
            json_object_set_boolean_member(m, "hotpluggable-cpus", FALSE);
            json_object_set_boolean_member(m, "numa-mem-supported", FALSE);
            json_object_set_boolean_member(m, "deprecated", FALSE);
            if (cpu_type) {
                json_object_set_string_member(m, "default-cpu-type", cpu_type);
            }
            json_array_add_object_element(list, m);
        }
    }
    return node_take_array(list);
}

static JsonNode *qmp_query_cpus_fast(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    GPtrArray *cpus = modvm_machine_get_cpus(mon->s->machine);
    const char *arch = target_arch(mon->s->version->family);
    JsonArray *list = json_array_new();

    for (guint i = 0; i < cpus->len; i++) {
        ModvmCpu *cpu = cpus->pdata[i];
        JsonObject *c = json_object_new();
        g_autofree char *path = modvm_object_get_path(MODVM_OBJECT(cpu));

        json_object_set_int_member(c, "cpu-index", modvm_cpu_index(cpu));
        json_object_set_string_member(c, "qom-path", path);
        if (arch) {
            json_object_set_string_member(c, "target", arch);
        }
        json_array_add_object_element(list, c);
    }
    return node_take_array(list);
}

static JsonNode *qmp_query_chardev(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    ModvmSession *s = mon->s;
    JsonArray *list = json_array_new();

    for (guint i = 0; i < s->chardevs->len; i++) {
        ModvmChardev *chr = s->chardevs->pdata[i];
        JsonObject *c = json_object_new();
        g_autofree char *filename = chardev_filename(chr);
        gboolean used = has_link_to(MODVM_OBJECT(s->machine), MODVM_OBJECT(chr));

        for (guint j = 0; j < s->monitors->len && !used; j++) {
            used = ((ModvmMonitor *)s->monitors->pdata[j])->chr == chr;
        }
        json_object_set_string_member(c, "label", modvm_chardev_label(chr));
        json_object_set_string_member(c, "filename", filename);
        json_object_set_boolean_member(c, "frontend-open", used);
        json_array_add_object_element(list, c);
    }
    return node_take_array(list);
}

static JsonNode *qmp_qom_list(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    ModvmObject *obj;
    JsonArray *list;

    if (!qom_resolve(mon, json_object_get_string_member(args, "path"), &obj, error)) {
        return NULL;
    }
    list = json_array_new();
    json_array_add_object_element(list, qom_entry("type", "string"));
    if (!obj) {
        ModvmObject *machine = MODVM_OBJECT(mon->s->machine);
        g_autofree char *child = g_strdup_printf("child<%s>", modvm_object_type_name(machine));
        json_array_add_object_element(list, qom_entry(modvm_object_get_name(machine), child));
        return node_take_array(list);
    }
    if (MODVM_IS_DEVICE(obj)) {
        json_array_add_object_element(list, qom_entry("realized", "bool"));
    }
    g_autoptr(GPtrArray) rows = modvm_type_list_properties(G_OBJECT_TYPE(obj));
    for (guint i = 0; i < rows->len; i++) {
        const ModvmProperty *p = rows->pdata[i];
        g_autofree char *type = qom_prop_type(p);
        json_array_add_object_element(list, qom_entry(p->name, type));
    }
    GPtrArray *children = modvm_object_get_children(obj);
    for (guint i = 0; i < children->len; i++) {
        ModvmObject *c = children->pdata[i];
        g_autofree char *type = g_strdup_printf("child<%s>", modvm_object_type_name(c));
        json_array_add_object_element(list, qom_entry(modvm_object_get_name(c), type));
    }
    return node_take_array(list);
}

static JsonNode *qmp_qom_get(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    const char *name = json_object_get_string_member(args, "property");
    ModvmObject *obj;
    const ModvmProperty *p;
    JsonNode *value;

    if (!qom_resolve(mon, json_object_get_string_member(args, "path"), &obj, error)) {
        return NULL;
    }
    if (strcmp(name, "type") == 0) {
        value = json_node_new(JSON_NODE_VALUE);
        json_node_set_string(value, obj ? modvm_object_type_name(obj) : "container");
        return value;
    }
    if (obj && MODVM_IS_DEVICE(obj) && strcmp(name, "realized") == 0) {
        value = json_node_new(JSON_NODE_VALUE);
        json_node_set_boolean(value, modvm_device_is_realized(MODVM_DEVICE(obj)));
        return value;
    }
    p = obj ? modvm_property_find(G_OBJECT_GET_CLASS(obj), name) : NULL;
    if (!p) {
        g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR, "Property '%s.%s' not found",
                    obj ? modvm_object_type_name(obj) : "container", name);
        return NULL;
    }
    modvm_machine_lock(mon->s->machine);
    value = qom_prop_value(obj, p);
    modvm_machine_unlock(mon->s->machine);
    return value;
}

static JsonNode *qmp_qom_set(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    const char *name = json_object_get_string_member(args, "property");
    ModvmObject *obj;
    const ModvmProperty *p;
    gboolean ok;

    if (!qom_resolve(mon, json_object_get_string_member(args, "path"), &obj, error)) {
        return NULL;
    }
    const char *type = obj ? modvm_object_type_name(obj) : "container";
    p = obj ? modvm_property_find(G_OBJECT_GET_CLASS(obj), name) : NULL;
    if (!p && strcmp(name, "type") != 0 && !(obj && MODVM_IS_DEVICE(obj) &&
                                             strcmp(name, "realized") == 0)) {
        g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR, "Property '%s.%s' not found", type,
                    name);
        return NULL;
    }
    /*
     * Only a device not yet realized takes any change; everything else is
     * part of the running machine and takes only what is flagged RUNTIME.
     */
    gboolean in_use = !MODVM_IS_DEVICE(obj) || modvm_device_is_realized(MODVM_DEVICE(obj));
    if (!p || (in_use && !(p->flags & MODVM_PROP_FLAG_RUNTIME))) {
        g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR,
                    "Property '%s.%s' cannot change at run time", type, name);
        return NULL;
    }
    if (modvm_object_get_property_source(obj, name) > MODVM_PROP_SOURCE_USER) {
        g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR,
                    "Property '%s.%s' is set by modvm itself and cannot be changed", type, name);
        return NULL;
    }
    g_autofree char *text = qom_value_text(p, json_object_get_member(args, "value"), error);
    if (!text) {
        return NULL;
    }
    modvm_machine_lock(mon->s->machine);
    ok = modvm_object_set_property_str(obj, name, text, MODVM_PROP_SOURCE_USER, error);
    modvm_machine_unlock(mon->s->machine);
    return ok ? empty_return() : NULL;
}

static JsonNode *qmp_stop(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    modvm_session_pause(mon->s);
    return empty_return();
}

static JsonNode *qmp_cont(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    return modvm_session_resume(mon->s, error) ? empty_return() : NULL;
}

static JsonNode *qmp_system_reset(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    modvm_machine_request_shutdown(mon->s->machine, MODVM_SHUTDOWN_HOST_RESET);
    return empty_return();
}

/* inject-nmi: QEMU's answer where the machine has no NMI. */
static JsonNode *qmp_inject_nmi(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    ModvmMachine *machine = mon->s->machine;
    ModvmMachineClass *klass = MODVM_MACHINE_GET_CLASS(machine);
    gboolean ok;

    if (!klass->nmi) {
        g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR,
                    "this feature or command is not currently supported");
        return NULL;
    }
    modvm_machine_lock(machine);
    ok = klass->nmi(machine, error);
    modvm_machine_unlock(machine);
    return ok ? empty_return() : NULL;
}

static JsonNode *qmp_quit(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    modvm_session_request_quit(mon->s, "host-qmp-quit");
    return empty_return();
}

static const QmpArg capabilities_args[] = {
    { "enable", QMP_ARG_ARRAY, TRUE },
    { NULL },
};
static const QmpArg path_args[] = {
    { "path", QMP_ARG_STR },
    { NULL },
};
static const QmpArg qom_get_args[] = {
    { "path", QMP_ARG_STR },
    { "property", QMP_ARG_STR },
    { NULL },
};
static const QmpArg qom_set_args[] = {
    { "path", QMP_ARG_STR },
    { "property", QMP_ARG_STR },
    { "value", QMP_ARG_ANY },
    { NULL },
};

static const QmpCommand qmp_commands[] = {
    { "qmp_capabilities", qmp_qmp_capabilities, capabilities_args },
    { "query-version", qmp_query_version },
    { "query-commands", qmp_query_commands },
    { "query-status", qmp_query_status },
    { "query-name", qmp_query_name },
    { "query-target", qmp_query_target },
    { "query-machines", qmp_query_machines },
    { "query-cpus-fast", qmp_query_cpus_fast },
    { "query-chardev", qmp_query_chardev },
    { "qom-list", qmp_qom_list, path_args },
    { "qom-get", qmp_qom_get, qom_get_args },
    { "qom-set", qmp_qom_set, qom_set_args },
    { "stop", qmp_stop },
    { "cont", qmp_cont },
    { "system_reset", qmp_system_reset },
    { "inject-nmi", qmp_inject_nmi },
    { "quit", qmp_quit },
};

static JsonNode *qmp_query_commands(ModvmMonitor *mon, JsonObject *args, GError **error)
{
    JsonArray *list = json_array_new();

    for (guint i = 0; i < G_N_ELEMENTS(qmp_commands); i++) {
        JsonObject *c = json_object_new();
        json_object_set_string_member(c, "name", qmp_commands[i].name);
        json_array_add_object_element(list, c);
    }
    return node_take_array(list);
}

/* Dispatch: the message's shape, the command, its arguments, as qmp-dispatch.c checks them. */

static gboolean check_args(const QmpCommand *cmd, JsonObject *args, GError **error)
{
    static const char *const type_names[] = {
        [QMP_ARG_STR] = "string", [QMP_ARG_ARRAY] = "array",
    };
    g_autoptr(GList) names = args ? json_object_get_members(args) : NULL;

    for (GList *l = names; l; l = l->next) {
        const QmpArg *a = cmd->args;
        while (a && a->name && strcmp(a->name, l->data) != 0) {
            a++;
        }
        if (!a || !a->name) {
            g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR, "Parameter '%s' is unexpected",
                        (const char *)l->data);
            return FALSE;
        }
    }
    for (const QmpArg *a = cmd->args; a && a->name; a++) {
        JsonNode *v = args ? json_object_get_member(args, a->name) : NULL;
        gboolean ok;
        if (!v) {
            if (!a->optional) {
                g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR, "Parameter '%s' is missing",
                            a->name);
                return FALSE;
            }
            continue;
        }
        switch (a->type) {
        case QMP_ARG_STR:
            ok = JSON_NODE_HOLDS_VALUE(v) && json_node_get_value_type(v) == G_TYPE_STRING;
            break;
        case QMP_ARG_ARRAY:
            ok = JSON_NODE_HOLDS_ARRAY(v);
            break;
        default:
            ok = TRUE;
            break;
        }
        if (!ok) {
            g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR,
                        "Invalid parameter type for '%s', expected: %s", a->name,
                        type_names[a->type]);
            return FALSE;
        }
    }
    return TRUE;
}

static JsonNode *qmp_dispatch(ModvmMonitor *mon, JsonObject *req, GError **error)
{
    g_autoptr(GList) members = json_object_get_members(req);
    const char *name = NULL;
    JsonObject *args = NULL;
    const QmpCommand *cmd = NULL;

    for (GList *l = members; l; l = l->next) {
        const char *key = l->data;
        JsonNode *v = json_object_get_member(req, key);
        if (strcmp(key, "execute") == 0) {
            if (!JSON_NODE_HOLDS_VALUE(v) || json_node_get_value_type(v) != G_TYPE_STRING) {
                g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR,
                            "QMP input member 'execute' must be a string");
                return NULL;
            }
            name = json_node_get_string(v);
        } else if (strcmp(key, "arguments") == 0) {
            if (!JSON_NODE_HOLDS_OBJECT(v)) {
                g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR,
                            "QMP input member 'arguments' must be an object");
                return NULL;
            }
            args = json_node_get_object(v);
        } else if (strcmp(key, "id") != 0) {
            g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR, "QMP input member '%s' is unexpected",
                        key);
            return NULL;
        }
    }
    if (!name) {
        g_set_error(error, QMP_ERROR, QMP_GENERIC_ERROR, "QMP input lacks member 'execute'");
        return NULL;
    }
    if (!mon->command_mode && strcmp(name, "qmp_capabilities") != 0) {
        g_set_error(error, QMP_ERROR, QMP_COMMAND_NOT_FOUND,
                    "Expecting capabilities negotiation with 'qmp_capabilities'");
        return NULL;
    }
    for (guint i = 0; i < G_N_ELEMENTS(qmp_commands) && !cmd; i++) {
        if (strcmp(qmp_commands[i].name, name) == 0) {
            cmd = &qmp_commands[i];
        }
    }
    if (!cmd) {
        g_set_error(error, QMP_ERROR, QMP_COMMAND_NOT_FOUND, "The command %s has not been found",
                    name);
        return NULL;
    }
    if (!check_args(cmd, args, error)) {
        return NULL;
    }
    return cmd->fn(mon, args, error);
}

static void monitor_handle_message(ModvmMonitor *mon, const char *text, gsize len)
{
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) err = NULL;
    JsonNode *root, *id = NULL, *ret = NULL;

    if (!json_parser_load_from_data(parser, text, len, &err)) {
        const char *msg = err->message;
        /* json-glib says "<data>:1:8: Parse error: ...": the position is all that helps. */
        if (g_str_has_prefix(msg, "<data>:")) {
            msg += 7;
        }
        monitor_reply_error(mon, "JSON parse error, %s", msg);
        return;
    }
    root = json_parser_get_root(parser);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        monitor_reply_error(mon, "QMP input must be a JSON object");
        return;
    }
    id = json_object_get_member(json_node_get_object(root), "id");
    mon->dispatching = TRUE;
    ret = qmp_dispatch(mon, json_node_get_object(root), &err);
    mon->dispatching = FALSE;
    monitor_reply(mon, id, ret, err);
    for (guint i = 0; i < mon->deferred->len; i++) {
        monitor_send(mon, mon->deferred->pdata[i]);
    }
    g_ptr_array_set_size(mon->deferred, 0);
}

/* Input: bytes into messages, bounded. */

static void streamer_reset(QmpStreamer *in)
{
    /* A buffer that held a large message is not kept at that size. */
    if (in->buf->allocated_len > 4 * QMP_READ_CHUNK) {
        g_string_free(in->buf, TRUE);
        in->buf = g_string_sized_new(256);
    }
    g_string_truncate(in->buf, 0);
    in->depth = 0;
    in->quote = 0;
    in->escape = FALSE;
    in->skipping = FALSE;
}

/* A token between messages: never a command, but it gets its answer. */
static gboolean flush_stray(ModvmMonitor *mon)
{
    QmpStreamer *in = &mon->in;
    g_autoptr(JsonParser) parser = NULL;

    if (!in->buf->len) {
        return FALSE;
    }
    parser = json_parser_new();
    if (in->buf->len < QMP_STRAY_MAX &&
        json_parser_load_from_data(parser, in->buf->str, in->buf->len, NULL) &&
        json_parser_get_root(parser)) {
        monitor_reply_error(mon, "QMP input must be a JSON object");
    } else {
        /* Shown as it came: the reply's encoding takes care of what is not text. */
        g_autofree char *head = g_strndup(in->buf->str, MIN(in->buf->len, 32));
        monitor_reply_error(mon, "JSON parse error, invalid token '%s%s'", head,
                            in->buf->len > 32 ? "..." : "");
    }
    streamer_reset(in);
    return TRUE;
}

/* Takes one byte; TRUE when that produced a reply. */
static gboolean streamer_take(ModvmMonitor *mon, guint8 c)
{
    QmpStreamer *in = &mon->in;

    /*
     * A control character is a lexical error: QEMU drops what it had and
     * says so, which is how the spec tells clients to resynchronise.
     */
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xff) {
        streamer_reset(in);
        monitor_reply_error(mon, "JSON parse error, invalid character 0x%02x", c);
        return TRUE;
    }
    if (in->depth == 0) {
        gboolean replied = FALSE;
        if (c == '{' || c == '[' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            replied = flush_stray(mon);
        }
        if (c == '{' || c == '[') {
            in->depth = 1;
            g_string_append_c(in->buf, (char)c);
        } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r' &&
                   in->buf->len < QMP_STRAY_MAX) {
            g_string_append_c(in->buf, (char)c);
        }
        return replied;
    }
    gboolean replied = FALSE;
    if (!in->skipping) {
        if (in->buf->len >= QMP_MSG_MAX) {
            in->skipping = TRUE;
            g_string_truncate(in->buf, 0);
            monitor_reply_error(mon, "JSON parse error, message larger than %u bytes",
                                QMP_MSG_MAX);
            replied = TRUE;
        } else {
            g_string_append_c(in->buf, (char)c);
        }
    }
    if (in->quote) {
        if (in->escape) {
            in->escape = FALSE;
        } else if (c == '\\') {
            in->escape = TRUE;
        } else if (c == (guint8)in->quote) {
            in->quote = 0;
        }
        return replied;
    }
    switch (c) {
    case '"':
    case '\'':
        in->quote = (char)c;
        break;
    case '{':
    case '[':
        if (++in->depth > QMP_NESTING_MAX && !in->skipping) {
            in->skipping = TRUE;
            g_string_truncate(in->buf, 0);
            monitor_reply_error(mon, "JSON parse error, nesting deeper than %u",
                                QMP_NESTING_MAX);
            replied = TRUE;
        }
        break;
    case '}':
    case ']':
        if (--in->depth == 0) {
            if (!in->skipping) {
                monitor_handle_message(mon, in->buf->str, in->buf->len);
            }
            streamer_reset(in);
            return TRUE;
        }
        break;
    }
    return replied;
}

static gboolean monitor_throttle_tick(gpointer data);

/* Input waits (in the chardev, and in pending) until the client reads: poll for that. */
static void monitor_hold_input(ModvmMonitor *mon)
{
    if (!mon->throttle) {
        mon->throttle = modvm_chardev_add_timeout(mon->chr, QMP_THROTTLE_MS,
                                                  monitor_throttle_tick, mon);
    }
}

/* Parses what has arrived, stopping while the client leaves replies unread. */
static void monitor_process_input(ModvmMonitor *mon)
{
    gsize i = 0;

    while (i < mon->pending->len) {
        if (streamer_take(mon, mon->pending->data[i++]) && monitor_output_full(mon)) {
            break;
        }
    }
    g_byte_array_remove_range(mon->pending, 0, i);
    if (mon->pending->len) {
        monitor_hold_input(mon);
    }
}

static gboolean monitor_throttle_tick(gpointer data)
{
    ModvmMonitor *mon = data;

    if (monitor_output_full(mon)) {
        return G_SOURCE_CONTINUE;
    }
    monitor_process_input(mon);
    if (mon->pending->len || monitor_output_full(mon)) {
        return G_SOURCE_CONTINUE;
    }
    g_clear_pointer(&mon->throttle, g_source_unref);
    modvm_chardev_accept_input(mon->chr);
    return G_SOURCE_REMOVE;
}

static gsize monitor_can_receive(void *opaque)
{
    ModvmMonitor *mon = opaque;

    if (!mon->pending->len && !monitor_output_full(mon)) {
        return QMP_READ_CHUNK;
    }
    /* The chardev stops reading until accept_input. */
    monitor_hold_input(mon);
    return 0;
}

static void monitor_receive(void *opaque, const guint8 *buf, gsize len)
{
    ModvmMonitor *mon = opaque;

    g_byte_array_append(mon->pending, buf, len);
    monitor_process_input(mon);
}

static void monitor_reset_session(ModvmMonitor *mon)
{
    streamer_reset(&mon->in);
    g_byte_array_set_size(mon->pending, 0);
    modvm_chardev_remove_source(&mon->throttle);
    mon->command_mode = FALSE;
}

static void monitor_event(void *opaque, ModvmChrEvent event)
{
    ModvmMonitor *mon = opaque;

    /* Each client starts afresh: greeting, then capabilities negotiation. */
    monitor_reset_session(mon);
    mon->connected = event == MODVM_CHR_EVENT_OPENED;
    if (mon->connected) {
        monitor_greet(mon);
    }
}

static const ModvmChrFrontendOps monitor_ops = {
    .can_receive = monitor_can_receive,
    .receive = monitor_receive,
    .event = monitor_event,
};

ModvmMonitor *modvm_monitor_new(ModvmSession *s, ModvmChardev *chr, gboolean pretty,
                                GError **error)
{
    ModvmMonitor *mon = g_new0(ModvmMonitor, 1);

    mon->s = s;
    mon->chr = g_object_ref(chr);
    mon->pretty = pretty;
    mon->in.buf = g_string_sized_new(256);
    mon->pending = g_byte_array_new();
    mon->deferred = g_ptr_array_new_with_free_func((GDestroyNotify)json_node_unref);
    if (!modvm_chardev_set_frontend(chr, &monitor_ops, mon, error)) {
        modvm_monitor_free(mon);
        return NULL;
    }
    mon->attached = TRUE;
    return mon;
}

void modvm_monitor_free(gpointer data)
{
    ModvmMonitor *mon = data;

    if (!mon) {
        return;
    }
    if (mon->attached) {
        if (modvm_chardev_is_open(mon->chr)) {
            modvm_chardev_flush(mon->chr, QMP_FLUSH_MS);
        }
        modvm_chardev_set_frontend(mon->chr, NULL, NULL, NULL);
    }
    modvm_chardev_remove_source(&mon->throttle);
    g_object_unref(mon->chr);
    g_string_free(mon->in.buf, TRUE);
    g_byte_array_unref(mon->pending);
    g_ptr_array_unref(mon->deferred);
    g_free(mon);
}

ModvmChardev *modvm_monitor_get_chardev(ModvmMonitor *mon)
{
    return mon->chr;
}
