/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ModvmChardev: the frontend interface, the output queue and fd input for every backend. */
#include "chardev-internal.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* Input is read in pieces of at most this size, whatever the frontend could take. */
#define CHR_READ_MAX 4096

typedef struct {
    GMainContext *context;
    gboolean is_open;
    gboolean peer_open;                 /* OPENED sent, CLOSED not yet */
    const ModvmChrFrontendOps *fe_ops;
    void *fe_opaque;

    /* Writers may be vCPU threads; accept_input may come from any thread. */
    GMutex lock;
    int in_fd;
    int out_fd;
    gboolean out_is_socket;
    const ModvmChrFdHooks *hooks;
    GSource *in_source;
    gboolean in_paused;                 /* the frontend said 0: wait for accept_input */
    gboolean accept_pending;            /* accept_input came while asking the frontend */
    GSource *out_source;
    GByteArray *queue;
    gboolean queue_warned;
} ModvmChardevPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE(ModvmChardev, modvm_chardev, MODVM_TYPE_OBJECT)

enum { SIGNAL_QUIT_REQUESTED, N_SIGNALS };
static guint chardev_signals[N_SIGNALS];

static const struct {
    const char *backend;
    const char *type;
} backend_types[] = {
    { "stdio", "chardev-stdio" },
    { "file", "chardev-file" },
    { "null", "chardev-null" },
    { "pty", "chardev-pty" },
    { "socket", "chardev-socket" },
};

void modvm_chardev_register_types(void)
{
    g_type_ensure(modvm_chardev_stdio_get_type());
    g_type_ensure(modvm_chardev_file_get_type());
    g_type_ensure(modvm_chardev_null_get_type());
    g_type_ensure(modvm_chardev_pty_get_type());
    g_type_ensure(modvm_chardev_socket_get_type());
}

const char *modvm_chardev_type_for_backend(const char *backend)
{
    for (guint i = 0; backend && i < G_N_ELEMENTS(backend_types); i++) {
        if (strcmp(backend, backend_types[i].backend) == 0) {
            return backend_types[i].type;
        }
    }
    return NULL;
}

const char *const *modvm_chardev_backend_names(void)
{
    static const char *const names[] = { "stdio", "file", "null", "pty", "socket", NULL };
    return names;
}

static ModvmChardevPrivate *priv_of(ModvmChardev *chr)
{
    return modvm_chardev_get_instance_private(chr);
}

const char *modvm_chardev_label(ModvmChardev *chr)
{
    const char *id = modvm_object_get_id(MODVM_OBJECT(chr));
    return id ? id : modvm_object_type_name(MODVM_OBJECT(chr));
}

GMainContext *modvm_chardev_get_context(ModvmChardev *chr)
{
    return priv_of(chr)->context;
}

GSource *modvm_chardev_add_fd_watch(ModvmChardev *chr, int fd, GIOCondition cond,
                                    GUnixFDSourceFunc fn, gpointer data)
{
    GSource *src = g_unix_fd_source_new(fd, cond);
    g_source_set_callback(src, (GSourceFunc)(void (*)(void))fn, data, NULL);
    g_source_attach(src, priv_of(chr)->context);
    return src;
}

GSource *modvm_chardev_add_timeout(ModvmChardev *chr, guint ms, GSourceFunc fn, gpointer data)
{
    GSource *src = g_timeout_source_new(ms);
    g_source_set_callback(src, fn, data, NULL);
    g_source_attach(src, priv_of(chr)->context);
    return src;
}

void modvm_chardev_remove_source(GSource **source)
{
    if (*source) {
        g_source_destroy(*source);
        g_source_unref(*source);
        *source = NULL;
    }
}

/* The default write vfunc: the attached output fd, never blocking. Called with the lock held. */
static gssize chardev_fd_write(ModvmChardev *chr, const guint8 *buf, gsize len)
{
    ModvmChardevPrivate *priv = priv_of(chr);

    if (priv->out_fd < 0) {
        return -1;
    }
    for (;;) {
        /* MSG_NOSIGNAL: a peer that went away must not kill us with SIGPIPE. */
        ssize_t n = priv->out_is_socket
                        ? send(priv->out_fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL)
                        : write(priv->out_fd, buf, len);
        if (n >= 0) {
            return n;
        }
        if (errno == EINTR) {
            continue;
        }
        return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
    }
}

/* Writes what the peer takes now; drops everything when it is gone. */
static void flush_locked(ModvmChardev *chr)
{
    ModvmChardevPrivate *priv = priv_of(chr);
    ModvmChardevClass *klass = MODVM_CHARDEV_GET_CLASS(chr);

    while (priv->queue->len) {
        gssize n = klass->write ? klass->write(chr, priv->queue->data, priv->queue->len) : -1;
        if (n < 0) {
            g_byte_array_set_size(priv->queue, 0);
            break;
        }
        if (n == 0) {
            break;
        }
        g_byte_array_remove_range(priv->queue, 0, MIN((gsize)n, priv->queue->len));
    }
}

static gboolean output_ready(int fd, GIOCondition cond, gpointer data)
{
    ModvmChardev *chr = data;
    ModvmChardevPrivate *priv = priv_of(chr);
    gboolean keep;

    g_mutex_lock(&priv->lock);
    gsize before = priv->queue->len;
    flush_locked(chr);
    if (priv->queue->len == before && (cond & (G_IO_HUP | G_IO_ERR))) {
        /* The peer is gone but the fd keeps polling (a pty master): stop rather than spin. */
        g_byte_array_set_size(priv->queue, 0);
    }
    keep = priv->queue->len > 0;
    if (!keep) {
        g_clear_pointer(&priv->out_source, g_source_unref);
    }
    g_mutex_unlock(&priv->lock);
    return keep ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Attaching a source wakes the context, so this is safe from a vCPU thread. */
static void watch_output_locked(ModvmChardev *chr)
{
    ModvmChardevPrivate *priv = priv_of(chr);

    if (!priv->out_source && priv->out_fd >= 0 && priv->context && priv->queue->len) {
        priv->out_source = modvm_chardev_add_fd_watch(chr, priv->out_fd, G_IO_OUT,
                                                      output_ready, chr);
    }
}

gsize modvm_chardev_write(ModvmChardev *chr, const guint8 *buf, gsize len)
{
    ModvmChardevPrivate *priv = priv_of(chr);
    ModvmChardevClass *klass = MODVM_CHARDEV_GET_CLASS(chr);
    gsize done = 0;

    g_return_val_if_fail(MODVM_IS_CHARDEV(chr), 0);
    if (!len) {
        return 0;
    }
    g_mutex_lock(&priv->lock);
    if (priv->queue->len == 0) {
        gssize n = klass->write ? klass->write(chr, buf, len) : -1;
        if (n < 0) {
            /* Nobody there: like QEMU, the bytes are gone and the frontend need not retry. */
            g_mutex_unlock(&priv->lock);
            return len;
        }
        done = MIN((gsize)n, len);
    }
    if (done < len) {
        gsize room = MODVM_CHR_QUEUE_MAX - MIN(priv->queue->len, MODVM_CHR_QUEUE_MAX);
        gsize take = MIN(len - done, room);
        g_byte_array_append(priv->queue, buf + done, take);
        done += take;
        if (done < len && !priv->queue_warned) {
            priv->queue_warned = TRUE;
            g_printerr("modvm: warning: chardev '%s': the peer reads too slowly; "
                       "output beyond %u KiB of backlog is refused\n",
                       modvm_chardev_label(chr), MODVM_CHR_QUEUE_MAX >> 10);
        }
        watch_output_locked(chr);
    }
    g_mutex_unlock(&priv->lock);
    return done;
}

gsize modvm_chardev_queued(ModvmChardev *chr)
{
    ModvmChardevPrivate *priv = priv_of(chr);
    gsize n;

    g_mutex_lock(&priv->lock);
    n = priv->queue->len;
    g_mutex_unlock(&priv->lock);
    return n;
}

gboolean modvm_chardev_flush(ModvmChardev *chr, guint timeout_ms)
{
    ModvmChardevPrivate *priv = priv_of(chr);
    gint64 deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    gboolean empty;

    g_mutex_lock(&priv->lock);
    for (;;) {
        flush_locked(chr);
        gint64 left = (deadline - g_get_monotonic_time()) / 1000;
        if (!priv->queue->len || priv->out_fd < 0 || left <= 0) {
            break;
        }
        struct pollfd pfd = { .fd = priv->out_fd, .events = POLLOUT };
        g_mutex_unlock(&priv->lock);
        poll(&pfd, 1, (int)MIN(left, 1000));
        g_mutex_lock(&priv->lock);
    }
    empty = priv->queue->len == 0;
    g_mutex_unlock(&priv->lock);
    return empty;
}

static void pause_input_locked(ModvmChardevPrivate *priv)
{
    modvm_chardev_remove_source(&priv->in_source);
    priv->in_paused = TRUE;
}

static gboolean input_ready(int fd, GIOCondition cond, gpointer data)
{
    ModvmChardev *chr = data;
    ModvmChardevPrivate *priv = priv_of(chr);
    const ModvmChrFdHooks *hooks = priv->hooks;
    guint8 buf[CHR_READ_MAX];
    gsize want = sizeof(buf);
    ssize_t n;

    g_mutex_lock(&priv->lock);
    priv->accept_pending = FALSE;
    g_mutex_unlock(&priv->lock);
    if (priv->fe_ops) {
        want = MIN(modvm_chardev_frontend_can_receive(chr), sizeof(buf));
        if (!want) {
            g_mutex_lock(&priv->lock);
            if (!priv->accept_pending) {
                pause_input_locked(priv);
            }
            g_mutex_unlock(&priv->lock);
            return G_SOURCE_CONTINUE;
        }
    }
    do {
        n = read(fd, buf, want);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return G_SOURCE_CONTINUE;
    }
    g_object_ref(chr);
    if (n <= 0) {
        g_mutex_lock(&priv->lock);
        modvm_chardev_remove_source(&priv->in_source);
        priv->in_fd = -1;
        g_mutex_unlock(&priv->lock);
        if (hooks && hooks->hangup) {
            hooks->hangup(chr);
        } else {
            modvm_chardev_frontend_event(chr, MODVM_CHR_EVENT_CLOSED);
        }
    } else if (hooks && hooks->input) {
        hooks->input(chr, buf, n);
    } else {
        modvm_chardev_frontend_receive(chr, buf, n);
    }
    g_object_unref(chr);
    return G_SOURCE_CONTINUE;
}

static void resume_input(ModvmChardev *chr)
{
    ModvmChardevPrivate *priv = priv_of(chr);

    g_mutex_lock(&priv->lock);
    priv->accept_pending = TRUE;
    if (priv->in_paused && priv->in_fd >= 0 && priv->context) {
        priv->in_paused = FALSE;
        priv->in_source = modvm_chardev_add_fd_watch(chr, priv->in_fd, G_IO_IN, input_ready, chr);
    }
    g_mutex_unlock(&priv->lock);
}

void modvm_chardev_attach_fds(ModvmChardev *chr, int in_fd, int out_fd,
                              const ModvmChrFdHooks *hooks)
{
    ModvmChardevPrivate *priv = priv_of(chr);
    struct stat st;

    g_return_if_fail(priv->context != NULL);
    g_mutex_lock(&priv->lock);
    modvm_chardev_remove_source(&priv->in_source);
    modvm_chardev_remove_source(&priv->out_source);
    priv->in_fd = in_fd;
    priv->out_fd = out_fd;
    priv->out_is_socket = out_fd >= 0 && fstat(out_fd, &st) == 0 && S_ISSOCK(st.st_mode);
    priv->hooks = hooks;
    priv->in_paused = FALSE;
    if (in_fd >= 0) {
        priv->in_source = modvm_chardev_add_fd_watch(chr, in_fd, G_IO_IN, input_ready, chr);
    }
    watch_output_locked(chr);
    g_mutex_unlock(&priv->lock);
}

void modvm_chardev_detach_fds(ModvmChardev *chr)
{
    ModvmChardevPrivate *priv = priv_of(chr);

    g_mutex_lock(&priv->lock);
    modvm_chardev_remove_source(&priv->in_source);
    modvm_chardev_remove_source(&priv->out_source);
    priv->in_fd = -1;
    priv->out_fd = -1;
    priv->hooks = NULL;
    priv->in_paused = FALSE;
    g_byte_array_set_size(priv->queue, 0);
    g_mutex_unlock(&priv->lock);
}

static void chardev_accept_input(ModvmChardev *chr)
{
    resume_input(chr);
}

gboolean modvm_chardev_open(ModvmChardev *chr, GMainContext *context, GError **error)
{
    ModvmChardevPrivate *priv = priv_of(chr);
    ModvmChardevClass *klass = MODVM_CHARDEV_GET_CLASS(chr);

    g_return_val_if_fail(MODVM_IS_CHARDEV(chr), FALSE);
    if (priv->is_open) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "chardev '%s' is already open",
                    modvm_chardev_label(chr));
        return FALSE;
    }
    priv->context = g_main_context_ref(context ? context : g_main_context_default());
    priv->is_open = TRUE;
    priv->queue_warned = FALSE;
    if (klass->open && !klass->open(chr, priv->context, error)) {
        modvm_chardev_detach_fds(chr);
        priv->is_open = FALSE;
        priv->peer_open = FALSE;
        g_clear_pointer(&priv->context, g_main_context_unref);
        return FALSE;
    }
    return TRUE;
}

void modvm_chardev_close(ModvmChardev *chr)
{
    ModvmChardevPrivate *priv = priv_of(chr);
    ModvmChardevClass *klass = MODVM_CHARDEV_GET_CLASS(chr);

    g_return_if_fail(MODVM_IS_CHARDEV(chr));
    if (!priv->is_open) {
        return;
    }
    if (klass->close) {
        klass->close(chr);
    }
    modvm_chardev_detach_fds(chr);
    priv->is_open = FALSE;
    modvm_chardev_frontend_event(chr, MODVM_CHR_EVENT_CLOSED);
    g_clear_pointer(&priv->context, g_main_context_unref);
}

gboolean modvm_chardev_is_open(ModvmChardev *chr)
{
    g_return_val_if_fail(MODVM_IS_CHARDEV(chr), FALSE);
    return priv_of(chr)->is_open;
}

gboolean modvm_chardev_set_frontend(ModvmChardev *chr, const ModvmChrFrontendOps *ops,
                                    void *opaque, GError **error)
{
    ModvmChardevPrivate *priv = priv_of(chr);

    g_return_val_if_fail(MODVM_IS_CHARDEV(chr), FALSE);
    if (ops && priv->fe_ops && (priv->fe_ops != ops || priv->fe_opaque != opaque)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE,
                    "chardev '%s' is already used by another device", modvm_chardev_label(chr));
        return FALSE;
    }
    priv->fe_ops = ops;
    priv->fe_opaque = ops ? opaque : NULL;
    /* A frontend that arrives after the peer did still hears about it, as in QEMU. */
    if (ops && priv->peer_open && ops->event) {
        ops->event(opaque, MODVM_CHR_EVENT_OPENED);
    }
    /* Input held for the old frontend is read again: by the new one, or discarded. */
    resume_input(chr);
    return TRUE;
}

void modvm_chardev_accept_input(ModvmChardev *chr)
{
    ModvmChardevClass *klass;

    g_return_if_fail(MODVM_IS_CHARDEV(chr));
    klass = MODVM_CHARDEV_GET_CLASS(chr);
    if (klass->accept_input) {
        klass->accept_input(chr);
    }
}

gsize modvm_chardev_frontend_can_receive(ModvmChardev *chr)
{
    ModvmChardevPrivate *priv = priv_of(chr);

    if (!priv->fe_ops) {
        return 0;
    }
    return priv->fe_ops->can_receive ? priv->fe_ops->can_receive(priv->fe_opaque) : G_MAXSIZE;
}

void modvm_chardev_frontend_receive(ModvmChardev *chr, const guint8 *buf, gsize len)
{
    ModvmChardevPrivate *priv = priv_of(chr);

    if (priv->fe_ops && priv->fe_ops->receive && len) {
        priv->fe_ops->receive(priv->fe_opaque, buf, len);
    }
}

void modvm_chardev_frontend_event(ModvmChardev *chr, ModvmChrEvent event)
{
    ModvmChardevPrivate *priv = priv_of(chr);
    gboolean open = event == MODVM_CHR_EVENT_OPENED;

    /* Frontends see a strict OPENED, CLOSED, OPENED, ... sequence. */
    if (priv->peer_open == open) {
        return;
    }
    priv->peer_open = open;
    if (priv->fe_ops && priv->fe_ops->event) {
        priv->fe_ops->event(priv->fe_opaque, event);
    }
}

void modvm_chardev_request_quit(ModvmChardev *chr)
{
    g_return_if_fail(MODVM_IS_CHARDEV(chr));
    g_signal_emit(chr, chardev_signals[SIGNAL_QUIT_REQUESTED], 0);
}

static void modvm_chardev_dispose(GObject *obj)
{
    ModvmChardev *chr = MODVM_CHARDEV(obj);

    modvm_chardev_close(chr);
    priv_of(chr)->fe_ops = NULL;
    G_OBJECT_CLASS(modvm_chardev_parent_class)->dispose(obj);
}

static void modvm_chardev_finalize(GObject *obj)
{
    ModvmChardevPrivate *priv = priv_of(MODVM_CHARDEV(obj));

    g_byte_array_unref(priv->queue);
    g_mutex_clear(&priv->lock);
    G_OBJECT_CLASS(modvm_chardev_parent_class)->finalize(obj);
}

static void modvm_chardev_init(ModvmChardev *chr)
{
    ModvmChardevPrivate *priv = priv_of(chr);

    g_mutex_init(&priv->lock);
    priv->queue = g_byte_array_new();
    priv->in_fd = -1;
    priv->out_fd = -1;
}

static void modvm_chardev_class_init(ModvmChardevClass *klass)
{
    GObjectClass *gclass = G_OBJECT_CLASS(klass);

    gclass->dispose = modvm_chardev_dispose;
    gclass->finalize = modvm_chardev_finalize;
    klass->write = chardev_fd_write;
    klass->accept_input = chardev_accept_input;
    MODVM_OBJECT_CLASS(klass)->description = "character backend";
    chardev_signals[SIGNAL_QUIT_REQUESTED] =
        g_signal_new("quit-requested", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                     NULL, NULL, G_TYPE_NONE, 0);
}
