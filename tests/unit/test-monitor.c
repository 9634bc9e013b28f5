/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The QMP monitor, driven through a real socket against a real pseries session. */
#include "test-types.h"
#include "chardev-internal.h"
#include "monitor.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* Every wait is bounded by this. */
#define WAIT_MS 5000

#define GREETING_VERSION \
    "{\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"modvm " \
    MODVM_VERSION_STRING "\"}"
#define GREETING "{\"QMP\": {\"version\": " GREETING_VERSION ", \"capabilities\": []}}"

typedef struct {
    char *dir;
    char *sock;
    ModvmConfig *cfg;
    ModvmSession *s;
    GSource *tick;
    int fd;                     /* the client, or -1 */
    GByteArray *rx;             /* what the client has read and not yet taken as lines */
} Fixture;

static gboolean tick(gpointer data)
{
    return G_SOURCE_CONTINUE;
}

static void iterate(void)
{
    g_main_context_iteration(NULL, TRUE);
}

/* A session built from @argv (NULL-terminated, after "modvm -M pseries -serial null"). */
static gboolean fx_build(Fixture *fx, const char *const *extra, GError **error)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();

    g_ptr_array_add(argv, "modvm");
    g_ptr_array_add(argv, "-M");
    g_ptr_array_add(argv, "pseries");
    g_ptr_array_add(argv, "-serial");
    g_ptr_array_add(argv, "null");
    for (guint i = 0; extra && extra[i]; i++) {
        g_ptr_array_add(argv, (gpointer)extra[i]);
    }
    fx->cfg = modvm_config_new();
    if (!modvm_config_parse(fx->cfg, argv->len, (char **)argv->pdata, error)) {
        return FALSE;
    }
    fx->s = modvm_session_new(fx->cfg);
    return modvm_session_prepare(fx->s, error) && modvm_session_select_machine(fx->s, error) &&
           modvm_session_build(fx->s, FALSE, error);
}

static void fx_init(Fixture *fx)
{
    fx->dir = g_dir_make_tmp("qmp-XXXXXX", NULL);
    g_assert_nonnull(fx->dir);
    fx->sock = g_build_filename(fx->dir, "qmp.sock", NULL);
    fx->fd = -1;
    fx->rx = g_byte_array_new();
    /* Keeps blocking iterations short, so waits check their deadline. */
    fx->tick = g_timeout_source_new(10);
    g_source_set_callback(fx->tick, tick, NULL, NULL);
    g_source_attach(fx->tick, NULL);
}

static void fx_connect(Fixture *fx, const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };

    g_assert_cmpuint(strlen(path), <, sizeof(sun.sun_path));
    strcpy(sun.sun_path, path);
    fx->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert_cmpint(connect(fx->fd, (struct sockaddr *)&sun, sizeof(sun)), ==, 0);
    g_byte_array_set_size(fx->rx, 0);
}

static void fx_disconnect(Fixture *fx)
{
    if (fx->fd >= 0) {
        close(fx->fd);
        fx->fd = -1;
    }
}

/* A pseries session with `-qmp unix:SOCK,server=on,wait=off` (and @extra), and a client. */
static void fx_setup_with(Fixture *fx, const char *qmp_option)
{
    g_autofree char *dev = NULL;
    GError *err = NULL;

    fx_init(fx);
    dev = g_strdup_printf("unix:%s,server=on,wait=off", fx->sock);
    const char *extra[] = { qmp_option, dev, NULL };
    if (!fx_build(fx, extra, &err) || !modvm_session_open_monitors(fx->s, &err)) {
        g_error("%s", err->message);
    }
    fx_connect(fx, fx->sock);
}

static void fx_setup(Fixture *fx, gconstpointer data)
{
    fx_setup_with(fx, "-qmp");
}

static void fx_teardown(Fixture *fx, gconstpointer data)
{
    fx_disconnect(fx);
    modvm_session_free(fx->s);
    modvm_config_free(fx->cfg);
    g_source_destroy(fx->tick);
    g_source_unref(fx->tick);
    g_byte_array_unref(fx->rx);
    g_unlink(fx->sock);
    g_rmdir(fx->dir);
    g_free(fx->sock);
    g_free(fx->dir);
}

/* The next line the monitor sends, without its CR LF. */
static char *fx_line(Fixture *fx)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_MS * 1000;

    for (;;) {
        guint8 *nl = fx->rx->len ? memchr(fx->rx->data, '\n', fx->rx->len) : NULL;
        if (nl) {
            gsize len = nl - fx->rx->data;
            g_assert_cmpuint(len, >, 0);
            g_assert_cmpint(fx->rx->data[len - 1], ==, '\r');
            char *line = g_strndup((char *)fx->rx->data, len - 1);
            g_byte_array_remove_range(fx->rx, 0, len + 1);
            return line;
        }
        guint8 buf[65536];
        ssize_t n = recv(fx->fd, buf, sizeof(buf), MSG_DONTWAIT);
        if (n > 0) {
            g_byte_array_append(fx->rx, buf, n);
            continue;
        }
        g_assert_true(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR));
        if (g_get_monotonic_time() > deadline) {
            g_error("timed out waiting for a line from the monitor (have %u bytes)",
                    fx->rx->len);
        }
        iterate();
    }
}

/* Nothing more from the monitor for a while. */
static void fx_expect_silence(Fixture *fx)
{
    gint64 until = g_get_monotonic_time() + 50 * 1000;
    guint8 buf[256];

    while (g_get_monotonic_time() < until) {
        iterate();
    }
    g_assert_cmpint(recv(fx->fd, buf, sizeof(buf), MSG_DONTWAIT), <, 0);
    g_assert_cmpuint(fx->rx->len, ==, 0);
}

/* Writes all of @len bytes, running the monitor while the socket is full. */
static void fx_send_len(Fixture *fx, const char *data, gsize len)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_MS * 1000;
    gsize done = 0;

    while (done < len) {
        ssize_t n = send(fx->fd, data + done, len - done, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0) {
            done += n;
            continue;
        }
        g_assert_true(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR));
        if (g_get_monotonic_time() > deadline) {
            g_error("timed out writing to the monitor");
        }
        iterate();
    }
}

static void fx_send(Fixture *fx, const char *text)
{
    fx_send_len(fx, text, strlen(text));
}

static void fx_expect(Fixture *fx, const char *request, const char *reply)
{
    if (request) {
        fx_send(fx, request);
    }
    g_autofree char *line = fx_line(fx);
    g_assert_cmpstr(line, ==, reply);
}

/* Asserts the next line is event @name (with @data, NULL for none) and returns nothing else. */
static void fx_expect_event(Fixture *fx, const char *name, const char *data)
{
    g_autofree char *line = fx_line(fx);
    g_autofree char *tail = data ? g_strdup_printf("\"event\": \"%s\", \"data\": %s}", name, data)
                                 : g_strdup_printf("\"event\": \"%s\"}", name);
    gint64 now = g_get_real_time() / G_USEC_PER_SEC;
    long long seconds = 0;
    int micro = -1;

    g_assert_cmpint(sscanf(line, "{\"timestamp\": {\"seconds\": %lld, \"microseconds\": %d},",
                           &seconds, &micro), ==, 2);
    g_assert_cmpint(seconds, <=, now);
    g_assert_cmpint(seconds, >, now - 60);
    g_assert_cmpint(micro, >=, 0);
    g_assert_cmpint(micro, <, 1000000);
    if (!g_str_has_suffix(line, tail)) {
        g_error("expected event %s, got: %s", name, line);
    }
}

static void fx_negotiate(Fixture *fx)
{
    fx_expect(fx, NULL, GREETING);
    fx_expect(fx, "{\"execute\": \"qmp_capabilities\"}", "{\"return\": {}}");
}

/* The reply to @request, parsed; its "return" member. */
static JsonNode *fx_return(Fixture *fx, const char *request)
{
    g_autoptr(JsonParser) parser = json_parser_new();
    GError *err = NULL;

    fx_send(fx, request);
    g_autofree char *line = fx_line(fx);
    if (!json_parser_load_from_data(parser, line, -1, &err)) {
        g_error("reply is not JSON: %s: %s", err->message, line);
    }
    JsonObject *reply = json_node_get_object(json_parser_get_root(parser));
    if (!json_object_has_member(reply, "return")) {
        g_error("not a return: %s", line);
    }
    return json_node_copy(json_object_get_member(reply, "return"));
}

static const char *member_str(JsonObject *o, const char *key)
{
    JsonNode *v = json_object_get_member(o, key);
    return v && JSON_NODE_HOLDS_VALUE(v) && json_node_get_value_type(v) == G_TYPE_STRING
               ? json_node_get_string(v) : NULL;
}

static gboolean has_entry(JsonArray *list, const char *key1, const char *val1, const char *key2,
                          const char *val2)
{
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonObject *o = json_array_get_object_element(list, i);
        if (g_strcmp0(member_str(o, key1), val1) == 0 &&
            (!key2 || g_strcmp0(member_str(o, key2), val2) == 0)) {
            return TRUE;
        }
    }
    return FALSE;
}

static char *qom_get(const char *path, const char *prop)
{
    return g_strdup_printf("{\"execute\": \"qom-get\", \"arguments\": "
                           "{\"path\": \"%s\", \"property\": \"%s\"}}", path, prop);
}

static void test_greeting(Fixture *fx, gconstpointer data)
{
    fx_expect(fx, NULL, GREETING);
}

static void test_negotiation(Fixture *fx, gconstpointer data)
{
    fx_expect(fx, NULL, GREETING);
    fx_expect(fx, "{\"execute\": \"query-status\"}",
              "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
              "\"Expecting capabilities negotiation with 'qmp_capabilities'\"}}");
    fx_expect(fx, "{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}}",
              "{\"error\": {\"class\": \"GenericError\", \"desc\": "
              "\"Capability 'oob' not available\"}}");
    fx_expect(fx, "{\"execute\": \"qmp_capabilities\"}", "{\"return\": {}}");
    fx_expect(fx, "{\"execute\": \"qmp_capabilities\"}",
              "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
              "\"Capabilities negotiation is already complete, command ignored\"}}");
}

static void test_query_version(Fixture *fx, gconstpointer data)
{
    fx_negotiate(fx);
    fx_expect(fx, "{\"execute\": \"query-version\"}", "{\"return\": " GREETING_VERSION "}");
}

static void test_query_simple(Fixture *fx, gconstpointer data)
{
    fx_negotiate(fx);
    fx_expect(fx, "{\"execute\": \"query-status\"}",
              "{\"return\": {\"status\": \"prelaunch\", \"running\": false, "
              "\"singlestep\": false}}");
    fx_expect(fx, "{\"execute\": \"query-name\"}", "{\"return\": {}}");
    fx_expect(fx, "{\"execute\": \"query-target\"}", "{\"return\": {\"arch\": \"ppc64\"}}");
    fx_expect(fx, "{\"execute\": \"query-cpus-fast\"}",
              "{\"return\": [{\"cpu-index\": 0, \"qom-path\": \"/machine/cpu0\", "
              "\"target\": \"ppc64\"}]}");
}

static void test_query_lists(Fixture *fx, gconstpointer data)
{
    fx_negotiate(fx);

    g_autoptr(JsonNode) cmds = fx_return(fx, "{\"execute\": \"query-commands\"}");
    JsonArray *list = json_node_get_array(cmds);
    const char *expected[] = { "qmp_capabilities", "query-version", "query-commands",
                               "query-status", "query-name", "query-target", "query-machines",
                               "query-cpus-fast", "query-chardev", "qom-list", "qom-get",
                               "qom-set", "stop", "cont", "system_reset", "inject-nmi", "quit" };
    g_assert_cmpuint(json_array_get_length(list), ==, G_N_ELEMENTS(expected));
    for (guint i = 0; i < G_N_ELEMENTS(expected); i++) {
        g_assert_true(has_entry(list, "name", expected[i], NULL, NULL));
    }
    g_assert_false(has_entry(list, "name", "human-monitor-command", NULL, NULL));

    g_autoptr(JsonNode) machines = fx_return(fx, "{\"execute\": \"query-machines\"}");
    list = json_node_get_array(machines);
    g_assert_true(has_entry(list, "name", "pseries-7.2", "alias", "pseries"));
    g_assert_true(has_entry(list, "name", "pseries-2.12-sxxm", NULL, NULL));
    g_assert_false(has_entry(list, "name", "s390-ccw-virtio-7.2", NULL, NULL));
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonObject *m = json_array_get_object_element(list, i);
        gboolean def = json_object_has_member(m, "is-default") &&
                       json_object_get_boolean_member(m, "is-default");
        g_assert_cmpint(def, ==, strcmp(json_object_get_string_member(m, "name"),
                                        "pseries-7.2") == 0);
        g_assert_cmpint(json_object_get_int_member(m, "cpu-max"), >=, 1);
        g_assert_false(json_object_get_boolean_member(m, "deprecated"));
    }

    g_autoptr(JsonNode) chardevs = fx_return(fx, "{\"execute\": \"query-chardev\"}");
    g_autofree char *filename = g_strdup_printf("unix:%s,server=on", fx->sock);
    list = json_node_get_array(chardevs);
    g_assert_cmpuint(json_array_get_length(list), ==, 2);
    g_assert_true(has_entry(list, "label", "serial0", "filename", "null"));
    g_assert_true(has_entry(list, "label", "compat_monitor0", "filename", filename));
    for (guint i = 0; i < 2; i++) {
        /* The serial port has its vty, the monitor chardev its monitor. */
        g_assert_true(json_object_get_boolean_member(json_array_get_object_element(list, i),
                                                     "frontend-open"));
    }
}

static void test_id(Fixture *fx, gconstpointer data)
{
    fx_negotiate(fx);
    fx_expect(fx, "{\"execute\": \"query-name\", \"id\": \"abc\"}",
              "{\"return\": {}, \"id\": \"abc\"}");
    fx_expect(fx, "{\"id\": {\"n\": [1, true, null, \"\\u00e9\"]}, \"execute\": \"query-name\"}",
              "{\"return\": {}, \"id\": {\"n\": [1, true, null, \"\\u00E9\"]}}");
    fx_expect(fx, "{\"execute\": \"no-such-thing\", \"id\": 7}",
              "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
              "\"The command no-such-thing has not been found\"}, \"id\": 7}");
}

static void test_stop_cont(Fixture *fx, gconstpointer data)
{
    const char *status = "{\"execute\": \"query-status\"}";

    fx_negotiate(fx);
    /* Without an accelerator the run state (and the virtual clock) is all that changes. */
    fx_expect(fx, "{\"execute\": \"cont\"}", "{\"return\": {}}");
    fx_expect_event(fx, "RESUME", NULL);
    g_assert_cmpint(modvm_machine_run_state(fx->s->machine), ==, MODVM_RUN_RUNNING);
    fx_expect(fx, status, "{\"return\": {\"status\": \"running\", \"running\": true, "
                          "\"singlestep\": false}}");
    fx_expect(fx, "{\"execute\": \"stop\"}", "{\"return\": {}}");
    fx_expect_event(fx, "STOP", NULL);
    g_assert_cmpint(modvm_machine_run_state(fx->s->machine), ==, MODVM_RUN_PAUSED);
    fx_expect(fx, status, "{\"return\": {\"status\": \"paused\", \"running\": false, "
                          "\"singlestep\": false}}");
    /* Stopping what is stopped is no change: no event. */
    fx_expect(fx, "{\"execute\": \"stop\"}", "{\"return\": {}}");
    fx_expect(fx, status, "{\"return\": {\"status\": \"paused\", \"running\": false, "
                          "\"singlestep\": false}}");
    fx_expect(fx, "{\"execute\": \"cont\"}", "{\"return\": {}}");
    fx_expect_event(fx, "RESUME", NULL);
    fx_expect(fx, "{\"execute\": \"cont\"}", "{\"return\": {}}");
    fx_expect_silence(fx);
}

static void test_quit(Fixture *fx, gconstpointer data)
{
    fx_negotiate(fx);
    g_assert_cmpint(modvm_machine_shutdown_cause(fx->s->machine), ==, MODVM_SHUTDOWN_NONE);
    fx_expect(fx, "{\"execute\": \"quit\"}", "{\"return\": {}}");
    g_assert_cmpint(modvm_machine_shutdown_cause(fx->s->machine), ==, MODVM_SHUTDOWN_HOST_QUIT);
    g_assert_cmpstr(fx->s->quit_reason, ==, "host-qmp-quit");
}

static void test_system_reset(Fixture *fx, gconstpointer data)
{
    fx_negotiate(fx);
    fx_expect(fx, "{\"execute\": \"system_reset\"}", "{\"return\": {}}");
    g_assert_cmpint(modvm_machine_shutdown_cause(fx->s->machine), ==, MODVM_SHUTDOWN_HOST_RESET);
}

/* pseries has an NMI (a system reset to every CPU; spapr-hcall checks what the CPUs get). */
static void test_inject_nmi(Fixture *fx, gconstpointer data)
{
    fx_negotiate(fx);
    fx_expect(fx, "{\"execute\": \"inject-nmi\"}", "{\"return\": {}}");
    fx_expect(fx, "{\"execute\": \"inject-nmi\", \"arguments\": {\"x\": 1}}",
              "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'x' is unexpected\"}}");
    g_assert_cmpint(modvm_machine_shutdown_cause(fx->s->machine), ==, MODVM_SHUTDOWN_NONE);
}

static void test_qom_list(Fixture *fx, gconstpointer data)
{
    fx_negotiate(fx);

    g_autoptr(JsonNode) ret = fx_return(fx, "{\"execute\": \"qom-list\", \"arguments\": "
                                            "{\"path\": \"/machine\"}}");
    JsonArray *list = json_node_get_array(ret);
    g_assert_true(has_entry(list, "name", "type", "type", "string"));
    g_assert_true(has_entry(list, "name", "cpu0", "type", "child<power9-cpu>"));
    g_assert_true(has_entry(list, "name", "vio", "type", "child<spapr-vio-bus>"));
    g_assert_true(has_entry(list, "name", "chardev", "type", "child<container>"));
    g_assert_true(has_entry(list, "name", "ram-size", "type", "size"));
    g_assert_true(has_entry(list, "name", "smp", "type", "uint32"));
    g_assert_true(has_entry(list, "name", "kernel", "type", "str"));

    g_autoptr(JsonNode) root = fx_return(fx, "{\"execute\": \"qom-list\", \"arguments\": "
                                             "{\"path\": \"/\"}}");
    g_assert_true(has_entry(json_node_get_array(root), "name", "machine", "type",
                            "child<spapr-machine>"));

    g_autoptr(JsonNode) vio = fx_return(fx, "{\"execute\": \"qom-list\", \"arguments\": "
                                            "{\"path\": \"vio\"}}");
    list = json_node_get_array(vio);
    g_assert_true(has_entry(list, "name", "vty@71000000", "type", "child<spapr-vty>"));

    g_autoptr(JsonNode) vty = fx_return(fx, "{\"execute\": \"qom-list\", \"arguments\": "
                                            "{\"path\": \"/machine/vio/vty@71000000\"}}");
    list = json_node_get_array(vty);
    g_assert_true(has_entry(list, "name", "realized", "type", "bool"));
    g_assert_true(has_entry(list, "name", "chardev", "type", "link<ModvmChardev>"));

    fx_expect(fx, "{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"/machine/nope\"}}",
              "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": "
              "\"Device '/machine/nope' not found\"}}");
}

static void test_qom_get(Fixture *fx, gconstpointer data)
{
    struct { const char *path, *prop, *reply; } cases[] = {
        /* pseries's default 512M, as a number. */
        { "/machine", "ram-size", "{\"return\": 536870912}" },
        { "/machine", "smp", "{\"return\": 1}" },
        { "/machine", "type", "{\"return\": \"spapr-machine\"}" },
        { "/machine", "cpu-type", "{\"return\": \"power9-cpu\"}" },
        { "/machine/", "kernel", "{\"return\": \"\"}" },
        { "cpu0", "type", "{\"return\": \"power9-cpu\"}" },
        { "/", "type", "{\"return\": \"container\"}" },
        { "/machine/chardev/compat_monitor0", "server", "{\"return\": true}" },
        { "/machine/chardev/compat_monitor0", "wait", "{\"return\": false}" },
        { "/machine/vio/vty@71000000", "realized", "{\"return\": true}" },
        { "/machine/vio/vty@71000000", "chardev", "{\"return\": \"/machine/chardev/serial0\"}" },
        { "/machine/nope", "type",
          "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": "
          "\"Device '/machine/nope' not found\"}}" },
        { "nope", "type",
          "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": \"Device 'nope' not found\"}}" },
        { "/machine", "nope",
          "{\"error\": {\"class\": \"GenericError\", \"desc\": "
          "\"Property 'spapr-machine.nope' not found\"}}" },
    };

    fx_negotiate(fx);
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *req = qom_get(cases[i].path, cases[i].prop);
        fx_expect(fx, req, cases[i].reply);
    }
    fx_expect(fx, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/machine\"}}",
              "{\"error\": {\"class\": \"GenericError\", \"desc\": "
              "\"Parameter 'property' is missing\"}}");
    fx_expect(fx, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": 1, \"property\": \"x\"}}",
              "{\"error\": {\"class\": \"GenericError\", \"desc\": "
              "\"Invalid parameter type for 'path', expected: string\"}}");
    fx_expect(fx, "{\"execute\": \"qom-get\", \"arguments\": "
                  "{\"path\": \"/\", \"property\": \"type\", \"colour\": \"red\"}}",
              "{\"error\": {\"class\": \"GenericError\", \"desc\": "
              "\"Parameter 'colour' is unexpected\"}}");
    fx_expect(fx, "{\"execute\": \"query-status\", \"arguments\": {\"verbose\": true}}",
              "{\"error\": {\"class\": \"GenericError\", \"desc\": "
              "\"Parameter 'verbose' is unexpected\"}}");
}

static void test_qom_set(Fixture *fx, gconstpointer data)
{
    g_autoptr(ModvmObject) dev = g_object_new(test_dev_get_type(), NULL);
    GError *err = NULL;

    /* A device made but not realized yet takes any of its properties. */
    g_assert_true(modvm_object_add_child(MODVM_OBJECT(fx->s->machine), "extra", dev, &err));
    fx_negotiate(fx);
    struct { const char *prop, *reply; } typed[] = {
        { "flag", "{\"return\": true}" },
        { "offset", "{\"return\": -5}" },
        { "size", "{\"return\": 65536}" },
        { "label", "{\"return\": \"none\"}" },
        { "mode", "{\"return\": \"fast\"}" },
        { "accel", "{\"return\": \"auto\"}" },
        { "peer", "{\"return\": \"\"}" },
        { "realized", "{\"return\": false}" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(typed); i++) {
        g_autofree char *req = qom_get("/machine/extra", typed[i].prop);
        fx_expect(fx, req, typed[i].reply);
    }
    fx_expect(fx, "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/machine/extra\", "
                  "\"property\": \"label\", \"value\": \"hello\"}}", "{\"return\": {}}");
    fx_expect(fx, "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/machine/extra\", "
                  "\"property\": \"flag\", \"value\": false}}", "{\"return\": {}}");
    fx_expect(fx, "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/machine/extra\", "
                  "\"property\": \"count\", \"value\": 9}}", "{\"return\": {}}");
    g_autofree char *label = qom_get("extra", "label");
    fx_expect(fx, label, "{\"return\": \"hello\"}");
    g_autofree char *flag = qom_get("extra", "flag");
    fx_expect(fx, flag, "{\"return\": false}");
    g_assert_cmpuint(((TestDev *)dev)->count, ==, 9);
    g_assert_cmpint(modvm_object_get_property_source(dev, "count"), ==, MODVM_PROP_SOURCE_USER);
    fx_expect(fx, "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/machine/extra\", "
                  "\"property\": \"flag\", \"value\": \"on\"}}",
              "{\"error\": {\"class\": \"GenericError\", \"desc\": "
              "\"Invalid parameter type for 'value', expected: boolean\"}}");
    fx_send(fx, "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/machine/extra\", "
                "\"property\": \"count\", \"value\": 65}}");
    g_autofree char *line = fx_line(fx);
    g_assert_true(g_str_has_prefix(line, "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                                         "\"property 'count': "));

    /* Once realized, it is part of the running machine. */
    g_assert_true(modvm_device_realize(MODVM_DEVICE(dev), &err));
    fx_expect(fx, "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/machine/extra\", "
                  "\"property\": \"label\", \"value\": \"again\"}}",
              "{\"error\": {\"class\": \"GenericError\", \"desc\": "
              "\"Property 'test-dev.label' cannot change at run time\"}}");
    fx_expect(fx, "{\"execute\": \"qom-set\", \"arguments\": {\"path\": "
                  "\"/machine/vio/vty@71000000\", \"property\": \"reg\", \"value\": 5}}",
              "{\"error\": {\"class\": \"GenericError\", \"desc\": "
              "\"Property 'spapr-vty.reg' cannot change at run time\"}}");
    fx_expect(fx, "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/machine\", "
                  "\"property\": \"ram-size\", \"value\": 1024}}",
              "{\"error\": {\"class\": \"GenericError\", \"desc\": "
              "\"Property 'spapr-machine.ram-size' cannot change at run time\"}}");
    fx_expect(fx, "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/machine\", "
                  "\"property\": \"nope\", \"value\": 1}}",
              "{\"error\": {\"class\": \"GenericError\", \"desc\": "
              "\"Property 'spapr-machine.nope' not found\"}}");
    fx_expect(fx, "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/nowhere\", "
                  "\"property\": \"x\", \"value\": 1}}",
              "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": "
              "\"Device '/nowhere' not found\"}}");
    g_assert_cmpstr(((TestDev *)dev)->label, ==, "hello");
    modvm_device_unrealize(MODVM_DEVICE(dev));
    modvm_object_remove_child(MODVM_OBJECT(fx->s->machine), dev);
}

static void test_stream_split(Fixture *fx, gconstpointer data)
{
    fx_negotiate(fx);
    fx_send(fx, "{\"execute\": \"query-");
    fx_expect_silence(fx);
    fx_expect(fx, "target\"}", "{\"return\": {\"arch\": \"ppc64\"}}");
    /* Split inside a string holding brackets, and between CR and LF. */
    fx_send(fx, "{\"execute\": \"query-name\", \"id\": \"{[\\\"");
    fx_expect_silence(fx);
    fx_expect(fx, "]\"}\r", "{\"return\": {}, \"id\": \"{[\\\"]\"}");
    fx_send(fx, "\n");
    fx_expect_silence(fx);
}

static void test_stream_concatenated(Fixture *fx, gconstpointer data)
{
    fx_negotiate(fx);
    fx_send(fx, "{\"execute\": \"query-name\", \"id\": 1}{\"execute\": \"query-target\", "
                "\"id\": 2}\n  {'execute': 'query-name', 'id': 3}");
    fx_expect(fx, NULL, "{\"return\": {}, \"id\": 1}");
    fx_expect(fx, NULL, "{\"return\": {\"arch\": \"ppc64\"}, \"id\": 2}");
    fx_expect(fx, NULL, "{\"return\": {}, \"id\": 3}");
}

static void test_garbage(Fixture *fx, gconstpointer data)
{
    struct { const char *in, *desc; } cases[] = {
        { "foo\n", "JSON parse error, invalid token 'foo'" },
        { "}\n", "JSON parse error, invalid token '}'" },
        { "42 ", "QMP input must be a JSON object" },
        { "[1, 2]", "QMP input must be a JSON object" },
        { "{\"execute\": }", NULL },
        { "{\"execute\": \"query-name\",}", NULL },
        { "{\"execute\": \"\xc3(\"}", "JSON parse error, JSON data must be UTF-8 encoded" },
        { "{\"execute\": \"query-name\"\x01", "JSON parse error, invalid character 0x01" },
        { "\xff", "JSON parse error, invalid character 0xff" },
        { "{}", "QMP input lacks member 'execute'" },
        { "{\"execute\": 1}", "QMP input member 'execute' must be a string" },
        { "{\"execute\": \"query-name\", \"arguments\": []}",
          "QMP input member 'arguments' must be an object" },
        { "{\"execute\": \"query-name\", \"exec-oob\": \"x\"}",
          "QMP input member 'exec-oob' is unexpected" },
    };

    fx_negotiate(fx);
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        fx_send(fx, cases[i].in);
        g_autofree char *line = fx_line(fx);
        const char *head = "{\"error\": {\"class\": \"GenericError\", \"desc\": \"";
        if (!g_str_has_prefix(line, head)) {
            g_error("%s: got %s", cases[i].in, line);
        }
        if (cases[i].desc) {
            g_autofree char *want = g_strdup_printf("%s%s\"}}", head, cases[i].desc);
            g_assert_cmpstr(line, ==, want);
        } else {
            g_assert_true(g_str_has_prefix(line + strlen(head), "JSON parse error, "));
        }
        /* The monitor keeps working. */
        fx_expect(fx, "{\"execute\": \"query-name\"}", "{\"return\": {}}");
    }
}

static void test_oversized(Fixture *fx, gconstpointer data)
{
    gsize big = (1u << 20) + 4096;
    g_autoptr(GString) msg = g_string_new("{\"execute\": \"query-name\", \"id\": \"");

    fx_negotiate(fx);
    for (gsize i = 0; i < big; i++) {
        g_string_append_c(msg, "{[ab}]"[i % 6]);
    }
    g_string_append(msg, "\"}");
    fx_send_len(fx, msg->str, msg->len);
    fx_expect(fx, NULL, "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                        "\"JSON parse error, message larger than 1048576 bytes\"}}");
    fx_expect(fx, "{\"execute\": \"query-name\"}", "{\"return\": {}}");

    /* Nesting is bounded too. */
    g_autoptr(GString) deep = g_string_new(NULL);
    for (guint i = 0; i < 2000; i++) {
        g_string_append_c(deep, '[');
    }
    for (guint i = 0; i < 2000; i++) {
        g_string_append_c(deep, ']');
    }
    fx_send(fx, deep->str);
    fx_expect(fx, NULL, "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                        "\"JSON parse error, nesting deeper than 1024\"}}");
    fx_expect(fx, "{\"execute\": \"query-name\"}", "{\"return\": {}}");
}

/* Random bytes and pieces of commands: error replies, never a crash; then a clean resync. */
static void test_random_input(Fixture *fx, gconstpointer data)
{
    static const char *const pieces[] = {
        "{", "}", "[", "]", "\"", "'", "\\", ":", ",", " ", "\n", "execute", "\"execute\"",
        "\"qom-get\"", "\"arguments\"", "{\"path\": \"/machine\", \"property\": \"smp\"}",
        "\"query-status\"", "\"id\"", "null", "true", "1e999", "-1", "\"\\u0000\"", "\xc3",
    };
    g_autoptr(GRand) rand = g_rand_new_with_seed(1234);
    g_autoptr(GString) junk = g_string_new(NULL);

    fx_negotiate(fx);
    for (guint round = 0; round < 20; round++) {
        g_string_truncate(junk, 0);
        while (junk->len < 4096) {
            if (g_rand_boolean(rand)) {
                g_string_append(junk, pieces[g_rand_int_range(rand, 0, G_N_ELEMENTS(pieces))]);
            } else {
                g_string_append_c(junk, (char)g_rand_int_range(rand, 0x20, 0x100));
            }
        }
        fx_send_len(fx, junk->str, junk->len);
        /* A control character resynchronises, as the QMP spec tells clients to do. */
        fx_send(fx, "\x01 {\"execute\": \"query-name\", \"id\": \"sync\"}");
        for (;;) {
            g_autofree char *line = fx_line(fx);
            g_assert_true(line[0] == '{');
            if (strcmp(line, "{\"return\": {}, \"id\": \"sync\"}") == 0) {
                break;
            }
        }
    }
}

/* A client that sends without reading: input is held, replies are never torn. */
static void test_slow_reader(Fixture *fx, gconstpointer data)
{
    const char *req = "{\"execute\": \"query-machines\"}";
    guint n = 400;
    gsize total = 0;

    fx_negotiate(fx);
    g_autoptr(JsonNode) one = fx_return(fx, req);
    g_autoptr(GString) all = g_string_new(NULL);
    for (guint i = 0; i < n; i++) {
        g_string_append(all, req);
    }
    fx_send_len(fx, all->str, all->len);
    for (guint i = 0; i < n; i++) {
        g_autofree char *line = fx_line(fx);
        g_assert_true(g_str_has_prefix(line, "{\"return\": [{\"name\": \"pseries-7.2\""));
        total += strlen(line);
    }
    g_assert_cmpuint(total, >, MODVM_CHR_QUEUE_MAX);
    fx_expect(fx, "{\"execute\": \"query-name\"}", "{\"return\": {}}");
}

static void test_reconnect(Fixture *fx, gconstpointer data)
{
    fx_negotiate(fx);
    fx_send(fx, "{\"execute\": \"query-na");
    fx_disconnect(fx);
    fx_connect(fx, fx->sock);
    /* A new client starts over: greeting, negotiation, and none of the old input. */
    fx_expect(fx, NULL, GREETING);
    fx_expect(fx, "me\"}\n", "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                           "\"JSON parse error, invalid token 'me\\\"}'\"}}");
    fx_expect(fx, "{\"execute\": \"query-name\"}",
              "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
              "\"Expecting capabilities negotiation with 'qmp_capabilities'\"}}");
}

static void fx_setup_pretty(Fixture *fx, gconstpointer data)
{
    fx_setup_with(fx, "-qmp-pretty");
}

/* One pretty-printed message: its lines up to the unindented "}", joined by CR LF. */
static char *fx_pretty_message(Fixture *fx)
{
    g_autoptr(GString) got = g_string_new(NULL);

    for (;;) {
        g_autofree char *line = fx_line(fx);
        g_string_append_printf(got, "%s%s", got->len ? "\r\n" : "", line);
        if (strcmp(line, "}") == 0) {
            return g_strdup(got->str);
        }
    }
}

static void test_pretty(Fixture *fx, gconstpointer data)
{
    g_autofree char *greeting = fx_pretty_message(fx);
    g_autofree char *version = g_strdup_printf(
        "{\r\n    \"QMP\": {\r\n        \"version\": {\r\n            \"qemu\": {\r\n"
        "                \"micro\": 0,\r\n                \"minor\": 2,\r\n"
        "                \"major\": 7\r\n            },\r\n"
        "            \"package\": \"modvm %s\"\r\n        },\r\n"
        "        \"capabilities\": [\r\n        ]\r\n    }\r\n}", MODVM_VERSION_STRING);
    g_assert_cmpstr(greeting, ==, version);

    fx_send(fx, "{\"execute\": \"qmp_capabilities\"}");
    g_autofree char *empty = fx_pretty_message(fx);
    g_assert_cmpstr(empty, ==, "{\r\n    \"return\": {\r\n    }\r\n}");

    fx_send(fx, "{\"execute\": \"query-target\", \"id\": [1, 2]}");
    g_autofree char *target = fx_pretty_message(fx);
    g_assert_cmpstr(target, ==,
                    "{\r\n    \"return\": {\r\n        \"arch\": \"ppc64\"\r\n    },"
                    "\r\n    \"id\": [\r\n        1,\r\n        2\r\n    ]\r\n}");
}

/* The command line: -mon, -qmp and how they meet the rest of the session. */

static void test_cmdline_mon(void)
{
    struct { const char *arg, *msg; } refused[] = {
        { "chardev=m0", "mode=readline (the human monitor, QEMU's default) is not supported" },
        { "chardev=m0,mode=readline", "mode=readline (the human monitor) is not supported" },
        { "mode=control", "-mon needs chardev=ID" },
        { "chardev=m0,mode=control,colour=red", "-mon: unknown key 'colour'" },
        { "chardev=m0,mode=control,pretty=maybe", "'maybe' is not a boolean" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(refused); i++) {
        char *argv[] = { "modvm", "-mon", (char *)refused[i].arg, NULL };
        ModvmConfig *cfg = modvm_config_new();
        GError *err = NULL;
        g_assert_false(modvm_config_parse(cfg, 3, argv, &err));
        if (!strstr(err->message, refused[i].msg)) {
            g_error("-mon %s: got '%s', expected '%s'", refused[i].arg, err->message,
                    refused[i].msg);
        }
        g_error_free(err);
        modvm_config_free(cfg);
    }

    char *argv[] = { "modvm", "-mon", "m0,mode=control,pretty=on", "-qmp", "tcp::4444,server",
                     "-qmp-pretty", "stdio", NULL };
    ModvmConfig *cfg = modvm_config_new();
    GError *err = NULL;
    g_assert_true(modvm_config_parse(cfg, 7, argv, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(cfg->monitors->len, ==, 3);
    ModvmMonitorSpec *m0 = cfg->monitors->pdata[0], *m1 = cfg->monitors->pdata[1];
    ModvmMonitorSpec *m2 = cfg->monitors->pdata[2];
    g_assert_cmpstr(m0->chardev, ==, "m0");
    g_assert_null(m0->dev);
    g_assert_true(m0->pretty);
    g_assert_cmpstr(m1->dev, ==, "tcp::4444,server");
    g_assert_false(m1->pretty);
    g_assert_cmpstr(m2->dev, ==, "stdio");
    g_assert_true(m2->pretty);
    modvm_config_free(cfg);
}

static void test_cmdline_build_errors(void)
{
    struct { const char *opts[5], *msg; } cases[] = {
        { { "-mon", "chardev=m9,mode=control" }, "-mon chardev=m9,mode=control: no chardev 'm9'" },
        { { "-qmp", "telnet:1234" }, "-qmp telnet:1234: unknown character device" },
        { { "-qmp", "tcp:1234" }, "-qmp tcp:1234: expected tcp:HOST:PORT" },
        /* serial0 has the vty: a monitor on it is refused, not shared. */
        { { "-mon", "chardev=serial0,mode=control" },
          "chardev 'serial0' is already used by another device" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        Fixture fx = { 0 };
        GError *err = NULL;
        fx_init(&fx);
        g_assert_false(fx_build(&fx, cases[i].opts, &err));
        if (!strstr(err->message, cases[i].msg)) {
            g_error("case %u: got '%s', expected '%s'", i, err->message, cases[i].msg);
        }
        g_error_free(err);
        fx_teardown(&fx, NULL);
    }
}

/* -mon on a -chardev of the user's, with its id as the label. */
static void test_cmdline_mon_chardev(void)
{
    Fixture fx = { 0 };
    GError *err = NULL;

    fx_init(&fx);
    g_autofree char *chardev = g_strdup_printf("socket,id=qmp0,path=%s,server=on,wait=off",
                                               fx.sock);
    const char *opts[] = { "-chardev", chardev, "-mon", "chardev=qmp0,mode=control", NULL };
    if (!fx_build(&fx, opts, &err) || !modvm_session_open_monitors(fx.s, &err)) {
        g_error("%s", err->message);
    }
    fx_connect(&fx, fx.sock);
    fx_negotiate(&fx);
    g_autoptr(JsonNode) list = fx_return(&fx, "{\"execute\": \"query-chardev\"}");
    g_autofree char *filename = g_strdup_printf("unix:%s,server=on", fx.sock);
    g_assert_true(has_entry(json_node_get_array(list), "label", "qmp0", "filename", filename));
    fx_teardown(&fx, NULL);
}

/* A monitor on stdio takes the terminal: the default console stays off it. */
static void test_cmdline_qmp_stdio(void)
{
    ModvmConfig *cfg = modvm_config_new();
    char *argv[] = { "modvm", "-M", "pseries", "-qmp", "stdio", NULL };
    GError *err = NULL;

    g_assert_true(modvm_config_parse(cfg, 5, argv, &err));
    ModvmSession *s = modvm_session_new(cfg);
    g_assert_true(modvm_session_prepare(s, &err) && modvm_session_select_machine(s, &err) &&
                  modvm_session_build(s, FALSE, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(s->chardevs->len, ==, 1);
    g_assert_cmpstr(modvm_object_get_id(s->chardevs->pdata[0]), ==, "compat_monitor0");
    g_assert_cmpstr(modvm_object_type_name(s->chardevs->pdata[0]), ==, "chardev-stdio");
    g_assert_null(modvm_object_find_by_id(MODVM_OBJECT(s->machine), "serial0"));
    modvm_session_free(s);
    modvm_config_free(cfg);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fx_setup, fn, fx_teardown)
    ADD("/monitor/qmp/greeting", test_greeting);
    ADD("/monitor/qmp/negotiation", test_negotiation);
    ADD("/monitor/qmp/query-version", test_query_version);
    ADD("/monitor/qmp/query-simple", test_query_simple);
    ADD("/monitor/qmp/query-lists", test_query_lists);
    ADD("/monitor/qmp/id", test_id);
    ADD("/monitor/qmp/stop-cont", test_stop_cont);
    ADD("/monitor/qmp/quit", test_quit);
    ADD("/monitor/qmp/system-reset", test_system_reset);
    ADD("/monitor/qmp/inject-nmi", test_inject_nmi);
    ADD("/monitor/qmp/qom-list", test_qom_list);
    ADD("/monitor/qmp/qom-get", test_qom_get);
    ADD("/monitor/qmp/qom-set", test_qom_set);
    ADD("/monitor/qmp/stream-split", test_stream_split);
    ADD("/monitor/qmp/stream-concatenated", test_stream_concatenated);
    ADD("/monitor/qmp/garbage", test_garbage);
    ADD("/monitor/qmp/oversized", test_oversized);
    ADD("/monitor/qmp/random-input", test_random_input);
    ADD("/monitor/qmp/slow-reader", test_slow_reader);
    ADD("/monitor/qmp/reconnect", test_reconnect);
    g_test_add("/monitor/qmp/pretty", Fixture, NULL, fx_setup_pretty, test_pretty, fx_teardown);
    g_test_add_func("/monitor/cmdline/mon", test_cmdline_mon);
    g_test_add_func("/monitor/cmdline/build-errors", test_cmdline_build_errors);
    g_test_add_func("/monitor/cmdline/mon-chardev", test_cmdline_mon_chardev);
    g_test_add_func("/monitor/cmdline/qmp-stdio", test_cmdline_qmp_stdio);
    return g_test_run();
}
