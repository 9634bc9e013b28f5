/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pty backend: a raw pseudo-terminal whose slave anyone can open, as QEMU's -chardev pty. */
#include "chardev-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

/* How often a disconnected pty looks for someone opening its slave side. */
#define PTY_POLL_MS 1000

typedef struct {
    ModvmChardev parent;
    int master;
    char *pty_path;
    gboolean connected;
    GSource *poll_timer;
} ModvmChardevPty;

typedef struct {
    ModvmChardevClass parent_class;
} ModvmChardevPtyClass;

MODVM_CHARDEV_DEFINE_TYPE(ModvmChardevPty, modvm_chardev_pty, "chardev-pty")

#define IS_PTY(o) G_TYPE_CHECK_INSTANCE_TYPE((o), modvm_chardev_pty_get_type())

static void pty_hangup(ModvmChardev *chr);

static const ModvmChrFdHooks pty_hooks = {
    .hangup = pty_hangup,
};

/* The master reports POLLHUP for as long as no one holds the slave open. */
static gboolean pty_slave_open(ModvmChardevPty *p)
{
    struct pollfd pfd = { .fd = p->master, .events = POLLIN };

    return poll(&pfd, 1, 0) >= 0 && !(pfd.revents & POLLHUP);
}

static gboolean pty_poll(gpointer data);

static void pty_update(ModvmChardevPty *p)
{
    ModvmChardev *chr = MODVM_CHARDEV(p);

    if (pty_slave_open(p)) {
        modvm_chardev_remove_source(&p->poll_timer);
        p->connected = TRUE;
        modvm_chardev_attach_fds(chr, p->master, p->master, &pty_hooks);
        modvm_chardev_frontend_event(chr, MODVM_CHR_EVENT_OPENED);
    } else if (!p->poll_timer) {
        p->poll_timer = modvm_chardev_add_timeout(chr, PTY_POLL_MS, pty_poll, p);
    }
}

static gboolean pty_poll(gpointer data)
{
    ModvmChardevPty *p = data;

    if (pty_slave_open(p)) {
        pty_update(p);  /* removes this timer */
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

/* EIO from the master: the last holder of the slave closed it. Output is dropped until one returns. */
static void pty_hangup(ModvmChardev *chr)
{
    ModvmChardevPty *p = (ModvmChardevPty *)chr;

    modvm_chardev_detach_fds(chr);
    p->connected = FALSE;
    modvm_chardev_frontend_event(chr, MODVM_CHR_EVENT_CLOSED);
    pty_update(p);
}

static gboolean pty_open(ModvmChardev *chr, GMainContext *context, GError **error)
{
    ModvmChardevPty *p = (ModvmChardevPty *)chr;
    struct termios tio;
    char name[64];
    int slave;

    if (openpty(&p->master, &slave, NULL, NULL, NULL) < 0) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "cannot create a pty: %s",
                    g_strerror(errno));
        p->master = -1;
        return FALSE;
    }
    if (ttyname_r(slave, name, sizeof(name)) != 0) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "cannot name the new pty: %s",
                    g_strerror(errno));
        close(slave);
        close(p->master);
        p->master = -1;
        return FALSE;
    }
    /* Raw, like QEMU: the guest's bytes go through untouched both ways. */
    if (tcgetattr(slave, &tio) == 0) {
        cfmakeraw(&tio);
        tcsetattr(slave, TCSAFLUSH, &tio);
    }
    close(slave);
    fcntl(p->master, F_SETFL, fcntl(p->master, F_GETFL) | O_NONBLOCK);
    fcntl(p->master, F_SETFD, FD_CLOEXEC);
    g_free(p->pty_path);
    p->pty_path = g_strdup(name);
    g_printerr("char device redirected to %s (label %s)\n", p->pty_path,
               modvm_chardev_label(chr));
    pty_update(p);
    return TRUE;
}

static void pty_close(ModvmChardev *chr)
{
    ModvmChardevPty *p = (ModvmChardevPty *)chr;

    modvm_chardev_remove_source(&p->poll_timer);
    modvm_chardev_detach_fds(chr);
    p->connected = FALSE;
    if (p->master >= 0) {
        close(p->master);
        p->master = -1;
    }
    g_clear_pointer(&p->pty_path, g_free);
}

const char *modvm_chardev_pty_get_path(ModvmChardev *chr)
{
    return IS_PTY(chr) ? ((ModvmChardevPty *)chr)->pty_path : NULL;
}

static void modvm_chardev_pty_init(ModvmChardevPty *p)
{
    p->master = -1;
}

static void modvm_chardev_pty_class_init(ModvmChardevPtyClass *klass)
{
    ModvmChardevClass *cc = MODVM_CHARDEV_CLASS(klass);

    MODVM_OBJECT_CLASS(klass)->description = "a pseudo-terminal (its path is printed at start)";
    cc->backend_name = "pty";
    cc->open = pty_open;
    cc->close = pty_close;
}
