/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The socket backend: unix or tcp, server (one client at a time) or client (with reconnect). */
#define _GNU_SOURCE /* accept4 */
#include "chardev-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

typedef struct {
    struct sockaddr_storage ss;
    socklen_t len;
} SockAddr;

typedef struct {
    ModvmChardev parent;
    char *path;
    char *host;
    guint16 port;
    gboolean server;
    gboolean wait;
    gboolean nodelay;
    guint32 reconnect;

    gboolean is_tcp;
    char *where;                /* "unix socket /x" or "tcp socket host:port", for messages */
    GArray *addrs;              /* SockAddr: what getaddrinfo gave, tried in turn */
    guint next_addr;
    int listen_fd;
    int fd;                     /* the connected peer, or -1 */
    int connecting_fd;          /* a reconnect in progress, or -1 */
    guint16 bound_port;
    gboolean unlink_path;
    GSource *listen_watch;
    GSource *connect_watch;
    GSource *retry_timer;
} ModvmChardevSocket;

typedef struct {
    ModvmChardevClass parent_class;
} ModvmChardevSocketClass;

MODVM_CHARDEV_DEFINE_TYPE(ModvmChardevSocket, modvm_chardev_socket, "chardev-socket")

#define IS_SOCKET(o) G_TYPE_CHECK_INSTANCE_TYPE((o), modvm_chardev_socket_get_type())

static const ModvmProperty socket_props[] = {
    MODVM_PROP_STRING("path", ModvmChardevSocket, path, NULL, "unix socket path"),
    MODVM_PROP_STRING("host", ModvmChardevSocket, host, NULL,
                      "tcp host (server: the address to listen on, default all)"),
    MODVM_PROP_UINT("port", ModvmChardevSocket, port, 0, 0, 65535,
                    "tcp port (server: 0 picks a free one)"),
    MODVM_PROP_BOOL("server", ModvmChardevSocket, server, FALSE,
                    "listen for a client instead of connecting"),
    MODVM_PROP_BOOL("wait", ModvmChardevSocket, wait, TRUE,
                    "server: do not start until the first client connects"),
    MODVM_PROP_UINT("reconnect", ModvmChardevSocket, reconnect, 0, 0, 86400,
                    "client: seconds between attempts to reconnect (0: never)"),
    MODVM_PROP_BOOL("nodelay", ModvmChardevSocket, nodelay, FALSE,
                    "tcp: send small writes at once (TCP_NODELAY)"),
    MODVM_PROP_END
};

static void socket_hangup(ModvmChardev *chr);
static void socket_watch_listen(ModvmChardevSocket *s);
static void socket_schedule_retry(ModvmChardevSocket *s);

static const ModvmChrFdHooks socket_hooks = {
    .hangup = socket_hangup,
};

static gboolean socket_resolve(ModvmChardevSocket *s, GError **error)
{
    SockAddr a = { .len = 0 };

    if (!s->is_tcp) {
        struct sockaddr_un *sun = (struct sockaddr_un *)&a.ss;
        if (strlen(s->path) >= sizeof(sun->sun_path)) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "unix socket path %s is too long (at most %zu bytes)", s->path,
                        sizeof(sun->sun_path) - 1);
            return FALSE;
        }
        sun->sun_family = AF_UNIX;
        strcpy(sun->sun_path, s->path);
        a.len = sizeof(*sun);
        g_array_append_val(s->addrs, a);
        return TRUE;
    }

    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = s->server ? AI_PASSIVE : 0 };
    struct addrinfo *res = NULL;
    const char *host = s->host && *s->host ? s->host : (s->server ? NULL : "localhost");
    g_autofree char *port = g_strdup_printf("%u", s->port);
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND, "cannot resolve %s: %s",
                    s->where, gai_strerror(rc));
        return FALSE;
    }
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        if (ai->ai_addrlen <= sizeof(a.ss)) {
            memcpy(&a.ss, ai->ai_addr, ai->ai_addrlen);
            a.len = ai->ai_addrlen;
            g_array_append_val(s->addrs, a);
        }
    }
    freeaddrinfo(res);
    return s->addrs->len > 0;
}

static void socket_connected(ModvmChardevSocket *s, int fd)
{
    ModvmChardev *chr = MODVM_CHARDEV(s);
    int one = 1;

    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    if (s->is_tcp && s->nodelay) {
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    s->fd = fd;
    modvm_chardev_attach_fds(chr, fd, fd, &socket_hooks);
    modvm_chardev_frontend_event(chr, MODVM_CHR_EVENT_OPENED);
}

static void socket_hangup(ModvmChardev *chr)
{
    ModvmChardevSocket *s = (ModvmChardevSocket *)chr;

    modvm_chardev_detach_fds(chr);
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
    modvm_chardev_frontend_event(chr, MODVM_CHR_EVENT_CLOSED);
    if (s->server) {
        socket_watch_listen(s);
    } else if (s->reconnect) {
        socket_schedule_retry(s);
    }
}

static gboolean socket_accept_ready(int listen_fd, GIOCondition cond, gpointer data)
{
    ModvmChardevSocket *s = data;
    int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

    if (fd < 0) {
        return G_SOURCE_CONTINUE;
    }
    /* One client at a time: the next waits in the backlog until this one leaves. */
    modvm_chardev_remove_source(&s->listen_watch);
    socket_connected(s, fd);
    return G_SOURCE_REMOVE;
}

static void socket_watch_listen(ModvmChardevSocket *s)
{
    if (!s->listen_watch && s->listen_fd >= 0) {
        s->listen_watch = modvm_chardev_add_fd_watch(MODVM_CHARDEV(s), s->listen_fd, G_IO_IN,
                                                     socket_accept_ready, s);
    }
}

static gboolean socket_listen(ModvmChardevSocket *s, GError **error)
{
    int err = 0;

    for (guint i = 0; i < s->addrs->len; i++) {
        SockAddr *a = &g_array_index(s->addrs, SockAddr, i);
        int fd = socket(a->ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        int one = 1;
        struct stat st;

        if (fd < 0) {
            err = errno;
            continue;
        }
        if (s->is_tcp) {
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        } else if (lstat(s->path, &st) == 0 && S_ISSOCK(st.st_mode)) {
            unlink(s->path);    /* a stale socket from an earlier run, as QEMU does */
        }
        if (bind(fd, (struct sockaddr *)&a->ss, a->len) < 0 || listen(fd, 1) < 0) {
            err = errno;
            close(fd);
            continue;
        }
        s->listen_fd = fd;
        s->unlink_path = !s->is_tcp;
        struct sockaddr_storage bound;
        socklen_t len = sizeof(bound);
        if (s->is_tcp && getsockname(fd, (struct sockaddr *)&bound, &len) == 0) {
            s->bound_port = ntohs(bound.ss_family == AF_INET6
                                      ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                      : ((struct sockaddr_in *)&bound)->sin_port);
        }
        return TRUE;
    }
    g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "cannot listen on %s: %s", s->where,
                g_strerror(err ? err : EINVAL));
    return FALSE;
}

/* server,wait=on: like QEMU, nothing starts until the first client is there. */
static gboolean socket_wait_for_client(ModvmChardevSocket *s, GError **error)
{
    struct pollfd pfd = { .fd = s->listen_fd, .events = POLLIN };

    g_printerr("modvm: chardev '%s': waiting for a connection on %s\n",
               modvm_chardev_label(MODVM_CHARDEV(s)), s->where);
    for (;;) {
        if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
            break;
        }
        int fd = accept4(s->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            socket_connected(s, fd);
            return TRUE;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
            errno != ECONNABORTED) {
            break;
        }
    }
    g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "cannot accept a client on %s: %s",
                s->where, g_strerror(errno));
    return FALSE;
}

/* A blocking connect to each address in turn; the errno of the last failure if none works. */
static int socket_connect_now(ModvmChardevSocket *s, int *err)
{
    for (guint i = 0; i < s->addrs->len; i++) {
        SockAddr *a = &g_array_index(s->addrs, SockAddr, i);
        int fd = socket(a->ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            *err = errno;
            continue;
        }
        int rc = connect(fd, (struct sockaddr *)&a->ss, a->len);
        if (rc < 0 && errno == EINTR) {
            /* The connection goes on without us: wait for its outcome. */
            struct pollfd pfd = { .fd = fd, .events = POLLOUT };
            int soerr = 0;
            socklen_t len = sizeof(soerr);
            while (poll(&pfd, 1, -1) < 0 && errno == EINTR) {
            }
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
            rc = soerr ? -1 : 0;
            errno = soerr;
        }
        if (rc == 0) {
            s->next_addr = i;
            return fd;
        }
        *err = errno;
        close(fd);
    }
    return -1;
}

static gboolean socket_connect_done(int fd, GIOCondition cond, gpointer data)
{
    ModvmChardevSocket *s = data;
    int soerr = 0;
    socklen_t len = sizeof(soerr);

    modvm_chardev_remove_source(&s->connect_watch);
    s->connecting_fd = -1;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0 && soerr == 0) {
        socket_connected(s, fd);
    } else {
        close(fd);
        socket_schedule_retry(s);
    }
    return G_SOURCE_REMOVE;
}

/* One attempt per period, on the next address each time, never blocking the main loop. */
static gboolean socket_retry(gpointer data)
{
    ModvmChardevSocket *s = data;
    SockAddr *a = &g_array_index(s->addrs, SockAddr, s->next_addr % s->addrs->len);
    int fd;

    modvm_chardev_remove_source(&s->retry_timer);
    s->next_addr = (s->next_addr + 1) % s->addrs->len;
    fd = socket(a->ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        socket_schedule_retry(s);
    } else if (connect(fd, (struct sockaddr *)&a->ss, a->len) == 0) {
        socket_connected(s, fd);
    } else if (errno == EINPROGRESS) {
        s->connecting_fd = fd;
        s->connect_watch = modvm_chardev_add_fd_watch(MODVM_CHARDEV(s), fd, G_IO_OUT,
                                                      socket_connect_done, s);
    } else {
        close(fd);
        socket_schedule_retry(s);
    }
    return G_SOURCE_REMOVE;
}

static void socket_schedule_retry(ModvmChardevSocket *s)
{
    if (!s->retry_timer) {
        s->retry_timer = modvm_chardev_add_timeout(MODVM_CHARDEV(s), s->reconnect * 1000,
                                                   socket_retry, s);
    }
}

static gboolean socket_check_options(ModvmChardevSocket *s, GError **error)
{
    ModvmObject *obj = MODVM_OBJECT(s);
    gboolean tcp = s->host || s->port ||
                   modvm_object_get_property_source(obj, "port") != MODVM_PROP_SOURCE_DEFAULT;

    if (s->path && tcp) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "give either 'path' (a unix socket) or 'host' and 'port' (tcp), not both");
        return FALSE;
    }
    if (!s->path && !tcp) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "property 'path' (a unix socket) or 'port' (tcp) is required");
        return FALSE;
    }
    if (s->path && !*s->path) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "property 'path' is empty");
        return FALSE;
    }
    if (tcp && !s->server && !s->port) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "property 'port' is required to connect to a tcp socket");
        return FALSE;
    }
    if (s->server && s->reconnect) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "'reconnect' is only for client sockets (server=off)");
        return FALSE;
    }
    s->is_tcp = tcp;
    g_free(s->where);
    s->where = tcp ? g_strdup_printf("tcp socket %s:%u", s->host && *s->host ? s->host : "*",
                                     s->port)
                   : g_strdup_printf("unix socket %s", s->path);
    return TRUE;
}

static gboolean socket_open(ModvmChardev *chr, GMainContext *context, GError **error)
{
    ModvmChardevSocket *s = (ModvmChardevSocket *)chr;
    int err = 0;

    if (!socket_check_options(s, error)) {
        return FALSE;
    }
    g_array_set_size(s->addrs, 0);
    s->next_addr = 0;
    if (!socket_resolve(s, error)) {
        return FALSE;
    }
    if (s->server) {
        if (!socket_listen(s, error)) {
            return FALSE;
        }
        if (s->wait) {
            return socket_wait_for_client(s, error);
        }
        socket_watch_listen(s);
        return TRUE;
    }
    int fd = socket_connect_now(s, &err);
    if (fd >= 0) {
        socket_connected(s, fd);
        return TRUE;
    }
    if (s->reconnect) {
        g_printerr("modvm: chardev '%s': cannot connect to %s: %s; retrying every %u s\n",
                   modvm_chardev_label(chr), s->where, g_strerror(err), s->reconnect);
        socket_schedule_retry(s);
        return TRUE;
    }
    g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "cannot connect to %s: %s", s->where,
                g_strerror(err));
    return FALSE;
}

static void socket_close(ModvmChardev *chr)
{
    ModvmChardevSocket *s = (ModvmChardevSocket *)chr;

    modvm_chardev_remove_source(&s->listen_watch);
    modvm_chardev_remove_source(&s->connect_watch);
    modvm_chardev_remove_source(&s->retry_timer);
    modvm_chardev_detach_fds(chr);
    int *fds[] = { &s->fd, &s->connecting_fd, &s->listen_fd };
    for (guint i = 0; i < G_N_ELEMENTS(fds); i++) {
        if (*fds[i] >= 0) {
            close(*fds[i]);
            *fds[i] = -1;
        }
    }
    if (s->unlink_path) {
        unlink(s->path);
        s->unlink_path = FALSE;
    }
    s->bound_port = 0;
}

guint16 modvm_chardev_socket_get_port(ModvmChardev *chr)
{
    if (!IS_SOCKET(chr)) {
        return 0;
    }
    ModvmChardevSocket *s = (ModvmChardevSocket *)chr;
    return s->server ? s->bound_port : s->port;
}

static void modvm_chardev_socket_init(ModvmChardevSocket *s)
{
    s->addrs = g_array_new(FALSE, TRUE, sizeof(SockAddr));
    s->listen_fd = -1;
    s->fd = -1;
    s->connecting_fd = -1;
}

static void modvm_chardev_socket_finalize(GObject *obj)
{
    ModvmChardevSocket *s = (ModvmChardevSocket *)obj;

    g_array_unref(s->addrs);
    g_free(s->where);
    G_OBJECT_CLASS(g_type_class_peek(MODVM_TYPE_CHARDEV))->finalize(obj);
}

static void modvm_chardev_socket_class_init(ModvmChardevSocketClass *klass)
{
    ModvmChardevClass *cc = MODVM_CHARDEV_CLASS(klass);

    G_OBJECT_CLASS(klass)->finalize = modvm_chardev_socket_finalize;
    modvm_class_install_properties(G_OBJECT_CLASS(klass), socket_props);
    MODVM_OBJECT_CLASS(klass)->description = "a unix or tcp socket, as server or client";
    cc->backend_name = "socket";
    cc->open = socket_open;
    cc->close = socket_close;
}
