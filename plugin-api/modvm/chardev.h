/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Character backends (stdio, file, null, pty, sockets) and their frontend interface. */
#pragma once

#include <modvm/object.h>

G_BEGIN_DECLS

#define MODVM_TYPE_CHARDEV (modvm_chardev_get_type())
G_DECLARE_DERIVABLE_TYPE(ModvmChardev, modvm_chardev, MODVM, CHARDEV, ModvmObject)

typedef enum {
    MODVM_CHR_EVENT_OPENED,  /* a peer is there (socket client connected, ...) */
    MODVM_CHR_EVENT_CLOSED,  /* the peer went away */
} ModvmChrEvent;

/**
 * ModvmChrFrontendOps:
 * What a device (the frontend) gives its backend. All three run on the
 * thread of the main context the backend was opened on.
 */
typedef struct {
    /* How many bytes the frontend can take now; 0 stops input until accept_input. */
    gsize (*can_receive)(void *opaque);
    void (*receive)(void *opaque, const guint8 *buf, gsize len);
    void (*event)(void *opaque, ModvmChrEvent event);
} ModvmChrFrontendOps;

struct _ModvmChardevClass {
    ModvmObjectClass parent_class;
    /* The -chardev backend name ("stdio", "socket", ...). */
    const char *backend_name;
    gboolean (*open)(ModvmChardev *chr, GMainContext *context, GError **error);
    /* Write what can be written now; return the count or -1 (peer gone: data dropped). */
    gssize (*write)(ModvmChardev *chr, const guint8 *buf, gsize len);
    /* The frontend can take input again: resume reading. */
    void (*accept_input)(ModvmChardev *chr);
    void (*close)(ModvmChardev *chr);
    gpointer reserved[8];
};

/** modvm_chardev_open: starts the backend; input is delivered on @context. */
gboolean modvm_chardev_open(ModvmChardev *chr, GMainContext *context, GError **error);
void modvm_chardev_close(ModvmChardev *chr);
gboolean modvm_chardev_is_open(ModvmChardev *chr);

/**
 * modvm_chardev_set_frontend:
 * Connects a device. A backend has one frontend at a time; NULL @ops
 * disconnects. Fails when another frontend holds it.
 */
gboolean modvm_chardev_set_frontend(ModvmChardev *chr, const ModvmChrFrontendOps *ops,
                                    void *opaque, GError **error);

/**
 * modvm_chardev_write:
 * From the frontend: queue @len bytes for output. Never blocks and never
 * loses bytes while the peer is there (they wait in the backend's queue);
 * returns the number of bytes accepted.
 */
gsize modvm_chardev_write(ModvmChardev *chr, const guint8 *buf, gsize len);

/** modvm_chardev_accept_input: from the frontend: it can take input again. */
void modvm_chardev_accept_input(ModvmChardev *chr);

/* For backend implementations: hand input and events to the frontend. */
gsize modvm_chardev_frontend_can_receive(ModvmChardev *chr);
void modvm_chardev_frontend_receive(ModvmChardev *chr, const guint8 *buf, gsize len);
void modvm_chardev_frontend_event(ModvmChardev *chr, ModvmChrEvent event);

/**
 * modvm_chardev_request_quit:
 * For backends with an escape (stdio's Ctrl-A x): emits the "quit-requested"
 * signal, which the core connects to an orderly shutdown.
 */
void modvm_chardev_request_quit(ModvmChardev *chr);

G_END_DECLS
