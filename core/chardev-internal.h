/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside the character backends: fd plumbing, type registration, hooks for tests. */
#pragma once

#include "core.h"

#include <glib-unix.h>

G_BEGIN_DECLS

/* Output waiting for a slow peer is kept up to this size; more is dropped. */
#define MODVM_CHR_QUEUE_MAX (1u << 20)

/** modvm_chardev_register_types: registers chardev-stdio, -file, -null, -pty, -socket. */
void modvm_chardev_register_types(void);

/** modvm_chardev_type_for_backend: "stdio" -> "chardev-stdio", ...; NULL if unknown. */
const char *modvm_chardev_type_for_backend(const char *backend);

/** modvm_chardev_backend_names: NULL-terminated, for `-chardev help`. */
const char *const *modvm_chardev_backend_names(void);

GType modvm_chardev_stdio_get_type(void);
GType modvm_chardev_file_get_type(void);
GType modvm_chardev_null_get_type(void);
GType modvm_chardev_pty_get_type(void);
GType modvm_chardev_socket_get_type(void);

/* What an fd-based backend does with what its input fd produces. */
typedef struct {
    /* Bytes read (never more than the frontend could take); NULL: straight to the frontend. */
    void (*input)(ModvmChardev *chr, const guint8 *buf, gsize len);
    /* EOF or an error on the input fd; input has already stopped. NULL: a CLOSED event. */
    void (*hangup)(ModvmChardev *chr);
} ModvmChrFdHooks;

/*
 * modvm_chardev_attach_fds:
 * From the main context's thread, once open: reads @in_fd when the frontend
 * can take input, and makes @out_fd (non-blocking, or a regular file) where
 * the default write vfunc writes and the output queue drains. Either may be
 * -1. The fds stay the backend's to close, after modvm_chardev_detach_fds.
 */
void modvm_chardev_attach_fds(ModvmChardev *chr, int in_fd, int out_fd,
                              const ModvmChrFdHooks *hooks);
/* Stops reading and writing and drops queued output (the peer is gone). */
void modvm_chardev_detach_fds(ModvmChardev *chr);

/* Writes queued output for up to @timeout_ms; TRUE when nothing is left. */
gboolean modvm_chardev_flush(ModvmChardev *chr, guint timeout_ms);
/* Bytes waiting in the output queue. */
gsize modvm_chardev_queued(ModvmChardev *chr);

/* (transfer none) the context given to open, or NULL when closed. */
GMainContext *modvm_chardev_get_context(ModvmChardev *chr);
/* The id for messages, or the type name when there is none. */
const char *modvm_chardev_label(ModvmChardev *chr);

/* Sources on the chardev's context; the returned reference is the caller's. */
GSource *modvm_chardev_add_fd_watch(ModvmChardev *chr, int fd, GIOCondition cond,
                                    GUnixFDSourceFunc fn, gpointer data);
GSource *modvm_chardev_add_timeout(ModvmChardev *chr, guint ms, GSourceFunc fn, gpointer data);
/* Destroys *@source (if any), drops the reference and clears the pointer. */
void modvm_chardev_remove_source(GSource **source);

/* stdio */
/* For the monitor: C-a c calls @fn; the escape help lists it only when set. */
void modvm_chardev_stdio_set_monitor_switch(ModvmChardev *chr, void (*fn)(void *opaque),
                                            void *opaque);
/* Runs @buf through the Ctrl-A escape handling, as if typed on the terminal. */
void modvm_chardev_stdio_feed(ModvmChardev *chr, const guint8 *buf, gsize len);
/* (transfer full) what C-a h prints. */
char *modvm_chardev_stdio_escape_help(ModvmChardev *chr);

/* pty: "/dev/pts/N" once open, else NULL. */
const char *modvm_chardev_pty_get_path(ModvmChardev *chr);

/* socket: the port a tcp server listens on (useful with port=0), else 0. */
guint16 modvm_chardev_socket_get_port(ModvmChardev *chr);

/*
 * A static chardev type with the lower-kebab name users see; the file
 * provides TypeName, TypeName##Class, type_name##_init and _class_init.
 */
#define MODVM_CHARDEV_DEFINE_TYPE(TypeName, type_name, type_string) \
    static void type_name##_init(TypeName *self); \
    static void type_name##_class_init(TypeName##Class *klass); \
    static void type_name##_class_intern_init(gpointer klass, gpointer data) \
    { \
        (void)data; \
        type_name##_class_init((TypeName##Class *)klass); \
    } \
    GType type_name##_get_type(void) \
    { \
        static gsize type_id; \
        if (g_once_init_enter(&type_id)) { \
            GType t = g_type_register_static_simple( \
                MODVM_TYPE_CHARDEV, g_intern_static_string(type_string), \
                sizeof(TypeName##Class), type_name##_class_intern_init, sizeof(TypeName), \
                (GInstanceInitFunc)(void (*)(void))type_name##_init, 0); \
            g_once_init_leave(&type_id, t); \
        } \
        return type_id; \
    }

G_END_DECLS
