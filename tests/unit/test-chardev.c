/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the character backends, driven through real files, sockets and ptys. */
#define _GNU_SOURCE /* accept4 */
#include "chardev-internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* Every wait is bounded by this. */
#define WAIT_MS 5000
#define MiB (1u << 20)

typedef struct {
    GByteArray *rx;
    GArray *events;             /* ModvmChrEvent, in order */
    gsize can;                  /* what can_receive answers */
    gsize max_chunk;            /* the largest piece received */
} Frontend;

typedef struct {
    GMainContext *ctx;
    GSource *tick;
    Frontend fe;
    ModvmChardev *chr;
    char *dir;
} Fixture;

/* Iterates the test's context until @cond holds, failing after WAIT_MS. */
#define WAIT_FOR(fx, cond) \
    do { \
        gint64 deadline_ = g_get_monotonic_time() + WAIT_MS * 1000; \
        while (!(cond)) { \
            if (g_get_monotonic_time() > deadline_) { \
                g_error("timed out waiting for: %s", #cond); \
            } \
            g_main_context_iteration((fx)->ctx, TRUE); \
        } \
    } while (0)

static gsize fe_can_receive(void *opaque)
{
    return ((Frontend *)opaque)->can;
}

static void fe_receive(void *opaque, const guint8 *buf, gsize len)
{
    Frontend *fe = opaque;

    g_assert_cmpuint(len, >, 0);
    g_assert_cmpuint(len, <=, fe->can);
    g_byte_array_append(fe->rx, buf, len);
    fe->max_chunk = MAX(fe->max_chunk, len);
}

static void fe_event(void *opaque, ModvmChrEvent event)
{
    g_array_append_val(((Frontend *)opaque)->events, event);
}

static const ModvmChrFrontendOps fe_ops = {
    .can_receive = fe_can_receive,
    .receive = fe_receive,
    .event = fe_event,
};

static gboolean tick(gpointer data)
{
    return G_SOURCE_CONTINUE;
}

static void fx_setup(Fixture *fx, gconstpointer data)
{
    fx->ctx = g_main_context_new();
    /* Keeps blocking iterations short, so WAIT_FOR checks its deadline. */
    fx->tick = g_timeout_source_new(10);
    g_source_set_callback(fx->tick, tick, NULL, NULL);
    g_source_attach(fx->tick, fx->ctx);
    fx->fe.rx = g_byte_array_new();
    fx->fe.events = g_array_new(FALSE, FALSE, sizeof(ModvmChrEvent));
    fx->fe.can = G_MAXSIZE;
    fx->dir = g_dir_make_tmp("chardev-XXXXXX", NULL);
    g_assert_nonnull(fx->dir);
}

static void fx_teardown(Fixture *fx, gconstpointer data)
{
    g_autoptr(GDir) dir = NULL;
    const char *name;

    g_clear_object(&fx->chr);
    g_source_destroy(fx->tick);
    g_source_unref(fx->tick);
    g_main_context_unref(fx->ctx);
    g_byte_array_unref(fx->fe.rx);
    g_array_unref(fx->fe.events);
    dir = g_dir_open(fx->dir, 0, NULL);
    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(fx->dir, name, NULL);
        g_unlink(path);
    }
    g_rmdir(fx->dir);
    g_free(fx->dir);
}

static char *fx_path(Fixture *fx, const char *name)
{
    return g_build_filename(fx->dir, name, NULL);
}

/* A chardev of @type with id "c0" and NULL-terminated name, value pairs. */
static ModvmChardev *chr_new(const char *type, ...)
{
    g_autoptr(GError) error = NULL;
    ModvmObject *obj = modvm_object_new(type, &error);
    const char *name;
    va_list ap;

    g_assert_no_error(error);
    modvm_object_set_id(obj, "c0");
    va_start(ap, type);
    while ((name = va_arg(ap, const char *))) {
        const char *value = va_arg(ap, const char *);
        g_assert_true(modvm_object_set_property_str(obj, name, value, MODVM_PROP_SOURCE_USER,
                                                    &error));
        g_assert_no_error(error);
    }
    va_end(ap);
    return MODVM_CHARDEV(obj);
}

/* Connects the test frontend, then opens @chr on the fixture's context. */
static void fx_open(Fixture *fx, ModvmChardev *chr)
{
    g_autoptr(GError) error = NULL;

    fx->chr = chr;
    g_assert_true(modvm_chardev_set_frontend(chr, &fe_ops, &fx->fe, &error));
    g_assert_true(modvm_chardev_open(chr, fx->ctx, &error));
    g_assert_no_error(error);
    g_assert_true(modvm_chardev_is_open(chr));
}

static void fx_open_fails(Fixture *fx, ModvmChardev *chr, const char *expect)
{
    g_autoptr(GError) error = NULL;

    fx->chr = chr;
    g_assert_false(modvm_chardev_open(chr, fx->ctx, &error));
    g_assert_nonnull(error);
    if (!strstr(error->message, expect)) {
        g_error("error \"%s\" does not say \"%s\"", error->message, expect);
    }
    g_assert_false(modvm_chardev_is_open(chr));
}

static void assert_events(Fixture *fx, guint n, ...)
{
    va_list ap;

    g_assert_cmpuint(fx->fe.events->len, ==, n);
    va_start(ap, n);
    for (guint i = 0; i < n; i++) {
        g_assert_cmpint(g_array_index(fx->fe.events, ModvmChrEvent, i), ==, va_arg(ap, int));
    }
    va_end(ap);
}

static void assert_rx(Fixture *fx, const char *expect)
{
    g_assert_cmpmem(fx->fe.rx->data, fx->fe.rx->len, expect, strlen(expect));
    g_byte_array_set_size(fx->fe.rx, 0);
}

static void chr_write_str(ModvmChardev *chr, const char *s)
{
    g_assert_cmpuint(modvm_chardev_write(chr, (const guint8 *)s, strlen(s)), ==, strlen(s));
}

/* Runs the context for @ms, whatever happens. */
static void spin(Fixture *fx, guint ms)
{
    gint64 until = g_get_monotonic_time() + ms * 1000;
    while (g_get_monotonic_time() < until) {
        g_main_context_iteration(fx->ctx, TRUE);
    }
}

/* Appends what @fd has now; TRUE at EOF. */
static gboolean drain(int fd, GByteArray *into)
{
    guint8 buf[65536];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
        if (n == 0) {
            return TRUE;
        }
        if (n < 0) {
            if (errno == ENOTSOCK) {
                n = read(fd, buf, sizeof(buf));
                if (n > 0) {
                    g_byte_array_append(into, buf, n);
                    continue;
                }
            }
            return n == 0 || (errno != EAGAIN && errno != EINTR && errno != EWOULDBLOCK);
        }
        g_byte_array_append(into, buf, n);
    }
}

/* Waits until @fd has given exactly @expect. */
static void peer_expect(Fixture *fx, int fd, const char *expect)
{
    g_autoptr(GByteArray) got = g_byte_array_new();

    WAIT_FOR(fx, (drain(fd, got), got->len >= strlen(expect)));
    g_assert_cmpmem(got->data, got->len, expect, strlen(expect));
}

static void peer_send(int fd, const char *s)
{
    g_assert_cmpint(write(fd, s, strlen(s)), ==, (gssize)strlen(s));
}

static struct sockaddr_un unix_addr(const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    g_assert_cmpuint(strlen(path), <, sizeof(sun.sun_path));
    strcpy(sun.sun_path, path);
    return sun;
}

static int unix_connect(const char *path)
{
    struct sockaddr_un sun = unix_addr(path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), ==, 0);
    return fd;
}

static int unix_bind(const char *path, gboolean do_listen)
{
    struct sockaddr_un sun = unix_addr(path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

    g_assert_cmpint(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), ==, 0);
    if (do_listen) {
        g_assert_cmpint(listen(fd, 4), ==, 0);
    }
    return fd;
}

static int tcp_bind(guint16 *port, gboolean do_listen)
{
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(sin);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

    g_assert_cmpint(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), ==, 0);
    if (do_listen) {
        g_assert_cmpint(listen(fd, 4), ==, 0);
    }
    g_assert_cmpint(getsockname(fd, (struct sockaddr *)&sin, &len), ==, 0);
    *port = ntohs(sin.sin_port);
    return fd;
}

static int tcp_connect(guint16 port)
{
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), ==, 0);
    return fd;
}

static int accept_now(int listen_fd)
{
    return accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
}

static guint8 *pattern(gsize len)
{
    guint8 *p = g_malloc(len);
    for (gsize i = 0; i < len; i++) {
        p[i] = (guint8)(i * 7 + (i >> 13));
    }
    return p;
}

/* ---- types, null, file, frontend ---- */

static void test_types(void)
{
    const char *const *names = modvm_chardev_backend_names();

    for (guint i = 0; names[i]; i++) {
        const char *type = modvm_chardev_type_for_backend(names[i]);
        g_autoptr(GError) error = NULL;
        g_autofree char *expect = g_strconcat("chardev-", names[i], NULL);

        g_assert_cmpstr(type, ==, expect);
        ModvmObject *obj = modvm_object_new(type, &error);
        g_assert_no_error(error);
        g_assert_cmpstr(G_OBJECT_TYPE_NAME(obj), ==, expect);
        g_assert_cmpstr(MODVM_CHARDEV_GET_CLASS(obj)->backend_name, ==, names[i]);
        g_assert_nonnull(MODVM_OBJECT_GET_CLASS(obj)->description);
        g_assert_false(modvm_chardev_is_open(MODVM_CHARDEV(obj)));
        g_object_unref(obj);
    }
    g_assert_cmpuint(g_strv_length((char **)names), ==, 5);
    g_assert_null(modvm_chardev_type_for_backend("serial"));
    g_assert_null(modvm_chardev_type_for_backend(NULL));
}

static void test_null_write(Fixture *fx, gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    fx_open(fx, chr_new("chardev-null", NULL));
    assert_events(fx, 1, MODVM_CHR_EVENT_OPENED);
    chr_write_str(fx->chr, "into the void");
    g_assert_cmpuint(modvm_chardev_queued(fx->chr), ==, 0);
    g_assert_false(modvm_chardev_open(fx->chr, fx->ctx, &error));
    g_assert_error(error, MODVM_ERROR, MODVM_ERROR_INVALID);
    modvm_chardev_close(fx->chr);
    assert_events(fx, 2, MODVM_CHR_EVENT_OPENED, MODVM_CHR_EVENT_CLOSED);
    /* Closed is closed: writes are accepted and vanish; it opens again. */
    chr_write_str(fx->chr, "after");
    g_assert_true(modvm_chardev_open(fx->chr, fx->ctx, NULL));
    assert_events(fx, 3, MODVM_CHR_EVENT_OPENED, MODVM_CHR_EVENT_CLOSED, MODVM_CHR_EVENT_OPENED);
}

static void file_case(Fixture *fx, const char *append, const char *expect)
{
    g_autofree char *path = fx_path(fx, "out.txt");
    g_autofree char *contents = NULL;

    g_assert_true(g_file_set_contents(path, "old\n", -1, NULL));
    fx_open(fx, chr_new("chardev-file", "path", path, "append", append, NULL));
    assert_events(fx, 1, MODVM_CHR_EVENT_OPENED);
    chr_write_str(fx->chr, "new\n");
    chr_write_str(fx->chr, "more\n");
    modvm_chardev_close(fx->chr);
    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    g_assert_cmpstr(contents, ==, expect);
}

static void test_file_write(Fixture *fx, gconstpointer data)
{
    file_case(fx, "off", "new\nmore\n");
}

static void test_file_append(Fixture *fx, gconstpointer data)
{
    file_case(fx, "on", "old\nnew\nmore\n");
}

static void test_file_errors(Fixture *fx, gconstpointer data)
{
    g_autofree char *bad = fx_path(fx, "no/such/dir/out.txt");

    fx_open_fails(fx, chr_new("chardev-file", NULL), "property 'path' is required");
    g_clear_object(&fx->chr);
    fx_open_fails(fx, chr_new("chardev-file", "path", bad, NULL), bad);
}

static void test_frontend_busy(Fixture *fx, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    Frontend other = { 0 };

    fx->chr = chr_new("chardev-null", NULL);
    g_assert_true(modvm_chardev_open(fx->chr, fx->ctx, NULL));
    /* A frontend that comes after the peer still hears OPENED. */
    g_assert_true(modvm_chardev_set_frontend(fx->chr, &fe_ops, &fx->fe, NULL));
    assert_events(fx, 1, MODVM_CHR_EVENT_OPENED);
    g_assert_false(modvm_chardev_set_frontend(fx->chr, &fe_ops, &other, &error));
    g_assert_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE);
    g_assert_nonnull(strstr(error->message, "'c0'"));
    g_assert_true(modvm_chardev_set_frontend(fx->chr, NULL, NULL, NULL));
    g_assert_true(modvm_chardev_set_frontend(fx->chr, &fe_ops, &fx->fe, NULL));
}

/* ---- sockets ---- */

static void test_socket_unix_server(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = fx_path(fx, "sock");
    int c1, c2;

    fx_open(fx, chr_new("chardev-socket", "path", path, "server", "on", "wait", "off", NULL));
    assert_events(fx, 0);
    /* Nobody there: dropped, as QEMU does, and not queued for a later client. */
    chr_write_str(fx->chr, "dropped");
    g_assert_cmpuint(modvm_chardev_queued(fx->chr), ==, 0);

    c1 = unix_connect(path);
    WAIT_FOR(fx, fx->fe.events->len == 1);
    assert_events(fx, 1, MODVM_CHR_EVENT_OPENED);
    peer_send(c1, "ping");
    WAIT_FOR(fx, fx->fe.rx->len == 4);
    assert_rx(fx, "ping");
    chr_write_str(fx->chr, "pong");
    peer_expect(fx, c1, "pong");

    /* One client at a time: the second waits until the first leaves. */
    c2 = unix_connect(path);
    peer_send(c2, "second");
    spin(fx, 100);
    g_assert_cmpuint(fx->fe.events->len, ==, 1);
    g_assert_cmpuint(fx->fe.rx->len, ==, 0);
    close(c1);
    WAIT_FOR(fx, fx->fe.events->len == 3 && fx->fe.rx->len == 6);
    assert_events(fx, 3, MODVM_CHR_EVENT_OPENED, MODVM_CHR_EVENT_CLOSED,
                  MODVM_CHR_EVENT_OPENED);
    assert_rx(fx, "second");
    chr_write_str(fx->chr, "hello 2");
    peer_expect(fx, c2, "hello 2");

    modvm_chardev_close(fx->chr);
    assert_events(fx, 4, MODVM_CHR_EVENT_OPENED, MODVM_CHR_EVENT_CLOSED,
                  MODVM_CHR_EVENT_OPENED, MODVM_CHR_EVENT_CLOSED);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    close(c2);
}

static gpointer connect_later(gpointer path)
{
    g_usleep(100 * 1000);
    return GINT_TO_POINTER(unix_connect(path));
}

static void test_socket_server_wait(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = fx_path(fx, "sock");
    GThread *t = g_thread_new("connect", connect_later, path);

    /* wait=on: open returns once the client is there. */
    fx_open(fx, chr_new("chardev-socket", "path", path, "server", "on", NULL));
    assert_events(fx, 1, MODVM_CHR_EVENT_OPENED);
    int c = GPOINTER_TO_INT(g_thread_join(t));
    chr_write_str(fx->chr, "welcome");
    peer_expect(fx, c, "welcome");
    close(c);
}

static void test_socket_unix_client(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = fx_path(fx, "sock");
    int l = unix_bind(path, TRUE);
    int a;

    fx_open(fx, chr_new("chardev-socket", "path", path, NULL));
    assert_events(fx, 1, MODVM_CHR_EVENT_OPENED);
    a = accept_now(l);
    g_assert_cmpint(a, >=, 0);
    peer_send(a, "to chardev");
    WAIT_FOR(fx, fx->fe.rx->len == 10);
    assert_rx(fx, "to chardev");
    chr_write_str(fx->chr, "to peer");
    peer_expect(fx, a, "to peer");
    close(a);
    WAIT_FOR(fx, fx->fe.events->len == 2);
    assert_events(fx, 2, MODVM_CHR_EVENT_OPENED, MODVM_CHR_EVENT_CLOSED);
    /* Without reconnect, it stays closed and drops output. */
    chr_write_str(fx->chr, "lost");
    spin(fx, 50);
    g_assert_cmpuint(fx->fe.events->len, ==, 2);
    close(l);
}

static void test_socket_tcp_server(Fixture *fx, gconstpointer data)
{
    guint16 port;
    int c;

    fx_open(fx, chr_new("chardev-socket", "host", "127.0.0.1", "port", "0", "server", "on",
                        "wait", "off", "nodelay", "on", NULL));
    port = modvm_chardev_socket_get_port(fx->chr);
    g_assert_cmpuint(port, !=, 0);
    c = tcp_connect(port);
    WAIT_FOR(fx, fx->fe.events->len == 1);
    peer_send(c, "tcp in");
    WAIT_FOR(fx, fx->fe.rx->len == 6);
    assert_rx(fx, "tcp in");
    chr_write_str(fx->chr, "tcp out");
    peer_expect(fx, c, "tcp out");
    close(c);
    WAIT_FOR(fx, fx->fe.events->len == 2);
    /* And the next client is served. */
    c = tcp_connect(port);
    WAIT_FOR(fx, fx->fe.events->len == 3);
    chr_write_str(fx->chr, "again");
    peer_expect(fx, c, "again");
    close(c);
}

static void test_socket_tcp_client(Fixture *fx, gconstpointer data)
{
    guint16 port;
    int l = tcp_bind(&port, TRUE);
    g_autofree char *port_str = g_strdup_printf("%u", port);
    int a;

    fx_open(fx, chr_new("chardev-socket", "host", "127.0.0.1", "port", port_str, NULL));
    assert_events(fx, 1, MODVM_CHR_EVENT_OPENED);
    g_assert_cmpuint(modvm_chardev_socket_get_port(fx->chr), ==, port);
    a = accept_now(l);
    g_assert_cmpint(a, >=, 0);
    peer_send(a, "hi");
    WAIT_FOR(fx, fx->fe.rx->len == 2);
    assert_rx(fx, "hi");
    chr_write_str(fx->chr, "there");
    peer_expect(fx, a, "there");
    close(a);
    close(l);
}

static void test_socket_connect_fails(Fixture *fx, gconstpointer data)
{
    g_autofree char *missing = fx_path(fx, "missing");
    g_autofree char *path = fx_path(fx, "not-listening");
    g_autofree char *expect = g_strdup_printf("cannot connect to unix socket %s: %s", path,
                                              g_strerror(ECONNREFUSED));
    g_autofree char *expect_missing = g_strdup_printf("cannot connect to unix socket %s: %s",
                                                      missing, g_strerror(ENOENT));
    int bound = unix_bind(path, FALSE);
    guint16 port;
    int tcp = tcp_bind(&port, FALSE);
    g_autofree char *port_str = g_strdup_printf("%u", port);
    g_autofree char *expect_tcp = g_strdup_printf("cannot connect to tcp socket 127.0.0.1:%u: %s",
                                                  port, g_strerror(ECONNREFUSED));

    fx_open_fails(fx, chr_new("chardev-socket", "path", path, NULL), expect);
    g_clear_object(&fx->chr);
    fx_open_fails(fx, chr_new("chardev-socket", "path", missing, NULL), expect_missing);
    g_clear_object(&fx->chr);
    fx_open_fails(fx, chr_new("chardev-socket", "host", "127.0.0.1", "port", port_str, NULL),
                  expect_tcp);
    close(bound);
    close(tcp);
}

static void test_socket_options(Fixture *fx, gconstpointer data)
{
    fx_open_fails(fx, chr_new("chardev-socket", NULL), "'path' (a unix socket) or 'port'");
    g_clear_object(&fx->chr);
    fx_open_fails(fx, chr_new("chardev-socket", "path", "/x", "port", "4", NULL), "not both");
    g_clear_object(&fx->chr);
    fx_open_fails(fx, chr_new("chardev-socket", "path", "/x", "server", "on", "reconnect", "1",
                              NULL), "'reconnect' is only for client");
    g_clear_object(&fx->chr);
    fx_open_fails(fx, chr_new("chardev-socket", "host", "127.0.0.1", NULL),
                  "'port' is required");
    g_clear_object(&fx->chr);
    g_autofree char *longpath = g_strnfill(200, 'a');
    fx_open_fails(fx, chr_new("chardev-socket", "path", longpath, NULL), "too long");
}

/* A unix server chardev with the test connected to it as @peer. */
static int socket_pair_up(Fixture *fx)
{
    g_autofree char *path = fx_path(fx, "sock");
    int c;

    fx_open(fx, chr_new("chardev-socket", "path", path, "server", "on", "wait", "off", NULL));
    c = unix_connect(path);
    WAIT_FOR(fx, fx->fe.events->len == 1);
    return c;
}

static void test_socket_flow_control(Fixture *fx, gconstpointer data)
{
    int c = socket_pair_up(fx);

    fx->fe.can = 0;
    peer_send(c, "abcdefgh");
    spin(fx, 100);
    g_assert_cmpuint(fx->fe.rx->len, ==, 0);
    /* Room for 3 at a time: everything arrives, in pieces of at most 3. */
    fx->fe.can = 3;
    modvm_chardev_accept_input(fx->chr);
    WAIT_FOR(fx, fx->fe.rx->len == 8);
    assert_rx(fx, "abcdefgh");
    g_assert_cmpuint(fx->fe.max_chunk, <=, 3);
    /* Held again, then released from another call order: accept before input. */
    fx->fe.can = 0;
    peer_send(c, "x");
    spin(fx, 50);
    g_assert_cmpuint(fx->fe.rx->len, ==, 0);
    fx->fe.can = 16;
    modvm_chardev_accept_input(fx->chr);
    modvm_chardev_accept_input(fx->chr);
    WAIT_FOR(fx, fx->fe.rx->len == 1);
    assert_rx(fx, "x");
    close(c);
}

/* More than the socket holds: the rest waits in the queue and arrives intact. */
static void test_socket_slow_peer(Fixture *fx, gconstpointer data)
{
    const gsize total = 4 * MiB, chunk = 64 * 1024;
    g_autofree guint8 *out = pattern(total);
    g_autoptr(GByteArray) got = g_byte_array_new();
    gsize sent = 0, max_queued = 0;
    int c = socket_pair_up(fx);
    gint64 deadline = g_get_monotonic_time() + WAIT_MS * 1000;

    while (got->len < total) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        if (sent < total && modvm_chardev_queued(fx->chr) < MODVM_CHR_QUEUE_MAX / 2) {
            gsize n = MIN(chunk, total - sent);
            g_assert_cmpuint(modvm_chardev_write(fx->chr, out + sent, n), ==, n);
            sent += n;
            max_queued = MAX(max_queued, modvm_chardev_queued(fx->chr));
            continue;
        }
        /* A slow reader: a little at a time. */
        guint8 buf[32 * 1024];
        ssize_t n = recv(c, buf, sizeof(buf), MSG_DONTWAIT);
        if (n > 0) {
            g_byte_array_append(got, buf, n);
        }
        g_main_context_iteration(fx->ctx, FALSE);
    }
    g_assert_cmpuint(max_queued, >, 0);
    g_assert_cmpmem(got->data, got->len, out, total);
    g_assert_cmpuint(modvm_chardev_queued(fx->chr), ==, 0);
    close(c);
}

/* A peer that does not read: accepted bytes all arrive later, the excess is refused. */
static void test_socket_queue_cap(Fixture *fx, gconstpointer data)
{
    const gsize total = 8 * MiB;
    g_autofree guint8 *out = pattern(total);
    g_autoptr(GByteArray) got = g_byte_array_new();
    int c = socket_pair_up(fx);
    gsize accepted = modvm_chardev_write(fx->chr, out, total);

    g_assert_cmpuint(accepted, <, total);
    g_assert_cmpuint(accepted, >=, MODVM_CHR_QUEUE_MAX);
    g_assert_cmpuint(modvm_chardev_queued(fx->chr), ==, MODVM_CHR_QUEUE_MAX);
    /* A full queue takes nothing more. */
    g_assert_cmpuint(modvm_chardev_write(fx->chr, out, 10), ==, 0);
    WAIT_FOR(fx, (drain(c, got), got->len >= accepted));
    spin(fx, 50);
    drain(c, got);
    g_assert_cmpmem(got->data, got->len, out, accepted);
    g_assert_cmpuint(modvm_chardev_queued(fx->chr), ==, 0);
    close(c);
}

typedef struct {
    ModvmChardev *chr;
    const guint8 *data;
    gsize len;
} WriterJob;

static gpointer writer_thread(gpointer opaque)
{
    WriterJob *job = opaque;
    gsize done = 0;

    while (done < job->len) {
        gsize n = MIN(job->len - done, 1000 + done % 777);
        gsize took = modvm_chardev_write(job->chr, job->data + done, n);
        done += took;
        if (took < n) {
            g_usleep(200);
        }
    }
    return NULL;
}

/* A vCPU thread writes while the main context flushes. */
static void test_socket_write_thread(Fixture *fx, gconstpointer data)
{
    const gsize total = 3 * MiB;
    g_autofree guint8 *out = pattern(total);
    g_autoptr(GByteArray) got = g_byte_array_new();
    int c = socket_pair_up(fx);
    WriterJob job = { fx->chr, out, total };
    GThread *t = g_thread_new("writer", writer_thread, &job);

    WAIT_FOR(fx, (drain(c, got), got->len >= total));
    g_thread_join(t);
    g_assert_cmpmem(got->data, got->len, out, total);
    close(c);
}

static void test_socket_client_reconnect(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = fx_path(fx, "sock");
    int l = unix_bind(path, TRUE);
    int a;

    fx_open(fx, chr_new("chardev-socket", "path", path, "reconnect", "1", NULL));
    a = accept_now(l);
    g_assert_cmpint(a, >=, 0);
    close(a);
    WAIT_FOR(fx, fx->fe.events->len == 2);
    /* Back within about a second. */
    WAIT_FOR(fx, (a = accept_now(l)) >= 0);
    WAIT_FOR(fx, fx->fe.events->len == 3);
    assert_events(fx, 3, MODVM_CHR_EVENT_OPENED, MODVM_CHR_EVENT_CLOSED,
                  MODVM_CHR_EVENT_OPENED);
    chr_write_str(fx->chr, "back");
    peer_expect(fx, a, "back");
    close(a);
    close(l);
}

static void test_socket_client_reconnect_late(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = fx_path(fx, "sock");
    int l, a;

    /* With reconnect, a server that is not there yet is not an error. */
    fx_open(fx, chr_new("chardev-socket", "path", path, "reconnect", "1", NULL));
    assert_events(fx, 0);
    l = unix_bind(path, TRUE);
    WAIT_FOR(fx, (a = accept_now(l)) >= 0);
    WAIT_FOR(fx, fx->fe.events->len == 1);
    peer_send(a, "late");
    WAIT_FOR(fx, fx->fe.rx->len == 4);
    assert_rx(fx, "late");
    close(a);
    close(l);
}

/* ---- pty ---- */

static int pty_open_slave(Fixture *fx)
{
    const char *path = modvm_chardev_pty_get_path(fx->chr);
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

    g_assert_cmpint(fd, >=, 0);
    return fd;
}

static void test_pty_roundtrip(Fixture *fx, gconstpointer data)
{
    int slave;

    fx_open(fx, chr_new("chardev-pty", NULL));
    g_assert_true(g_str_has_prefix(modvm_chardev_pty_get_path(fx->chr), "/dev/pts/"));
    assert_events(fx, 0);
    slave = pty_open_slave(fx);
    WAIT_FOR(fx, fx->fe.events->len == 1);
    /* Raw both ways: no CR/LF translation, no signals, no echo. */
    peer_send(slave, "hello\r\n\x03\x01");
    WAIT_FOR(fx, fx->fe.rx->len == 9);
    assert_rx(fx, "hello\r\n\x03\x01");
    chr_write_str(fx->chr, "abc\r\ndef\n");
    peer_expect(fx, slave, "abc\r\ndef\n");
    close(slave);
    WAIT_FOR(fx, fx->fe.events->len == 2);
    assert_events(fx, 2, MODVM_CHR_EVENT_OPENED, MODVM_CHR_EVENT_CLOSED);
}

static void test_pty_reconnect(Fixture *fx, gconstpointer data)
{
    int slave;

    fx_open(fx, chr_new("chardev-pty", NULL));
    slave = pty_open_slave(fx);
    WAIT_FOR(fx, fx->fe.events->len == 1);
    close(slave);
    WAIT_FOR(fx, fx->fe.events->len == 2);
    /* Nobody there: dropped. */
    chr_write_str(fx->chr, "lost");
    g_assert_cmpuint(modvm_chardev_queued(fx->chr), ==, 0);
    slave = pty_open_slave(fx);
    WAIT_FOR(fx, fx->fe.events->len == 3);
    chr_write_str(fx->chr, "found");
    peer_expect(fx, slave, "found");
    close(slave);
}

/* ---- stdio: the escapes, through the same entry point the terminal uses ---- */

static void count_quit(ModvmChardev *chr, gpointer data)
{
    (*(guint *)data)++;
}

static void feed(Fixture *fx, const char *s, gsize len)
{
    modvm_chardev_stdio_feed(fx->chr, (const guint8 *)s, len);
}

static void stdio_setup(Fixture *fx)
{
    fx->chr = chr_new("chardev-stdio", NULL);
    g_assert_true(modvm_chardev_set_frontend(fx->chr, &fe_ops, &fx->fe, NULL));
}

static void test_stdio_escape_quit(Fixture *fx, gconstpointer data)
{
    guint quits = 0;

    stdio_setup(fx);
    g_signal_connect(fx->chr, "quit-requested", G_CALLBACK(count_quit), &quits);
    feed(fx, "ab\x01xcd", 6);
    g_assert_cmpuint(quits, ==, 1);
    assert_rx(fx, "abcd");
    /* An escape split across reads. */
    feed(fx, "e\x01", 2);
    g_assert_cmpuint(quits, ==, 1);
    feed(fx, "x", 1);
    g_assert_cmpuint(quits, ==, 2);
    assert_rx(fx, "e");
    /* A plain x is just an x. */
    feed(fx, "x", 1);
    g_assert_cmpuint(quits, ==, 2);
    assert_rx(fx, "x");
}

static void test_stdio_escape_ctrl_a(Fixture *fx, gconstpointer data)
{
    stdio_setup(fx);
    feed(fx, "\x01\x01", 2);
    assert_rx(fx, "\x01");
    feed(fx, "a\x01\x01\x01\x01" "b", 6);
    assert_rx(fx, "a\x01\x01" "b");
    feed(fx, "\x01", 1);
    feed(fx, "\x01", 1);
    assert_rx(fx, "\x01");
}

static void monitor_switch(void *opaque)
{
    (*(guint *)opaque)++;
}

static void test_stdio_escape_other(Fixture *fx, gconstpointer data)
{
    guint switches = 0;
    g_autofree char *help = NULL;
    g_autofree char *help_mon = NULL;

    stdio_setup(fx);
    /* Unknown escapes, and C-a c without a monitor, are swallowed. */
    feed(fx, "\x01zq\x01" "c\x01h", 7);
    assert_rx(fx, "q");
    help = modvm_chardev_stdio_escape_help(fx->chr);
    g_assert_nonnull(strstr(help, "C-a x"));
    g_assert_nonnull(strstr(help, "C-a h"));
    g_assert_nonnull(strstr(help, "C-a C-a"));
    g_assert_null(strstr(help, "C-a c"));

    modvm_chardev_stdio_set_monitor_switch(fx->chr, monitor_switch, &switches);
    feed(fx, "\x01" "c", 2);
    g_assert_cmpuint(switches, ==, 1);
    g_assert_cmpuint(fx->fe.rx->len, ==, 0);
    help_mon = modvm_chardev_stdio_escape_help(fx->chr);
    g_assert_nonnull(strstr(help_mon, "C-a c"));
}

static void test_stdio_hostile(Fixture *fx, gconstpointer data)
{
    g_autoptr(GRand) rand = g_rand_new_with_seed(42);
    gsize fed = 0;

    stdio_setup(fx);
    for (int round = 0; round < 200; round++) {
        guint8 buf[1024];
        gsize len = g_rand_int_range(rand, 0, sizeof(buf));
        for (gsize i = 0; i < len; i++) {
            /* Plenty of Ctrl-A, and every other byte value but x (quit is tested above). */
            buf[i] = g_rand_boolean(rand) ? 0x01 : (guint8)g_rand_int(rand);
            buf[i] = buf[i] == 'x' ? 'X' : buf[i];
        }
        modvm_chardev_stdio_feed(fx->chr, buf, len);
        fed += len;
    }
    g_assert_cmpuint(fx->fe.rx->len, <=, fed);
}

/* In a child whose stdin is /dev/null and stdout a pipe the parent reads. */
static void test_stdio_pipe(Fixture *fx, gconstpointer data)
{
    if (g_test_subprocess()) {
        g_autoptr(GError) error = NULL;
        ModvmChardev *second = chr_new("chardev-stdio", NULL);

        fx_open(fx, chr_new("chardev-stdio", NULL));
        chr_write_str(fx->chr, "hello from stdio\n");
        /* EOF on stdin is CLOSED, and input stops. */
        WAIT_FOR(fx, fx->fe.events->len == 2);
        assert_events(fx, 2, MODVM_CHR_EVENT_OPENED, MODVM_CHR_EVENT_CLOSED);
        spin(fx, 50);
        g_assert_cmpuint(fx->fe.events->len, ==, 2);
        /* The terminal is one. */
        g_assert_false(modvm_chardev_open(second, fx->ctx, &error));
        g_assert_nonnull(strstr(error->message, "only one stdio chardev"));
        chr_write_str(fx->chr, "still writing\n");
        modvm_chardev_close(fx->chr);
        g_assert_true(modvm_chardev_open(second, fx->ctx, NULL));
        g_object_unref(second);
        return;
    }
    g_test_trap_subprocess(NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("*hello from stdio\nstill writing\n*");
}

#define ADD(path, fn) g_test_add(path, Fixture, NULL, fx_setup, fn, fx_teardown)

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    modvm_chardev_register_types();

    g_test_add_func("/chardev/types", test_types);
    ADD("/chardev/null/write", test_null_write);
    ADD("/chardev/file/write", test_file_write);
    ADD("/chardev/file/append", test_file_append);
    ADD("/chardev/file/errors", test_file_errors);
    ADD("/chardev/frontend/busy", test_frontend_busy);
    ADD("/chardev/socket/unix-server", test_socket_unix_server);
    ADD("/chardev/socket/unix-server-wait", test_socket_server_wait);
    ADD("/chardev/socket/unix-client", test_socket_unix_client);
    ADD("/chardev/socket/tcp-server", test_socket_tcp_server);
    ADD("/chardev/socket/tcp-client", test_socket_tcp_client);
    ADD("/chardev/socket/connect-fails", test_socket_connect_fails);
    ADD("/chardev/socket/options", test_socket_options);
    ADD("/chardev/socket/flow-control", test_socket_flow_control);
    ADD("/chardev/socket/slow-peer", test_socket_slow_peer);
    ADD("/chardev/socket/queue-cap", test_socket_queue_cap);
    ADD("/chardev/socket/write-thread", test_socket_write_thread);
    ADD("/chardev/socket/client-reconnect", test_socket_client_reconnect);
    ADD("/chardev/socket/client-reconnect-late", test_socket_client_reconnect_late);
    ADD("/chardev/pty/roundtrip", test_pty_roundtrip);
    ADD("/chardev/pty/reconnect", test_pty_reconnect);
    ADD("/chardev/stdio/escape-quit", test_stdio_escape_quit);
    ADD("/chardev/stdio/escape-ctrl-a", test_stdio_escape_ctrl_a);
    ADD("/chardev/stdio/escape-other", test_stdio_escape_other);
    ADD("/chardev/stdio/hostile", test_stdio_hostile);
    ADD("/chardev/stdio/pipe", test_stdio_pipe);
    return g_test_run();
}
