/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The file backend: output to a file, truncated or appended to; no input. */
#include "chardev-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

typedef struct {
    ModvmChardev parent;
    char *path;
    gboolean append;
    int fd;
} ModvmChardevFile;

typedef struct {
    ModvmChardevClass parent_class;
} ModvmChardevFileClass;

MODVM_CHARDEV_DEFINE_TYPE(ModvmChardevFile, modvm_chardev_file, "chardev-file")

static const ModvmProperty file_props[] = {
    MODVM_PROP_STRING("path", ModvmChardevFile, path, NULL, "the file to write to (required)"),
    MODVM_PROP_BOOL("append", ModvmChardevFile, append, FALSE,
                    "append to the file instead of truncating it"),
    MODVM_PROP_END
};

static gboolean file_open(ModvmChardev *chr, GMainContext *context, GError **error)
{
    ModvmChardevFile *f = (ModvmChardevFile *)chr;
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY | (f->append ? O_APPEND : O_TRUNC);

    if (!f->path || !*f->path) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "property 'path' is required (the file to write to)");
        return FALSE;
    }
    /* O_NONBLOCK: a FIFO or a device must not stall the guest (a regular file ignores it). */
    f->fd = open(f->path, flags | O_NONBLOCK, 0666);
    if (f->fd < 0) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND, "cannot open %s: %s", f->path,
                    g_strerror(errno));
        return FALSE;
    }
    modvm_chardev_attach_fds(chr, -1, f->fd, NULL);
    modvm_chardev_frontend_event(chr, MODVM_CHR_EVENT_OPENED);
    return TRUE;
}

static void file_close(ModvmChardev *chr)
{
    ModvmChardevFile *f = (ModvmChardevFile *)chr;

    modvm_chardev_flush(chr, 500);
    modvm_chardev_detach_fds(chr);
    if (f->fd >= 0) {
        close(f->fd);
        f->fd = -1;
    }
}

static void modvm_chardev_file_init(ModvmChardevFile *f)
{
    f->fd = -1;
}

static void modvm_chardev_file_class_init(ModvmChardevFileClass *klass)
{
    ModvmChardevClass *cc = MODVM_CHARDEV_CLASS(klass);

    modvm_class_install_properties(G_OBJECT_CLASS(klass), file_props);
    MODVM_OBJECT_CLASS(klass)->description = "writes output to a file; no input";
    cc->backend_name = "file";
    cc->open = file_open;
    cc->close = file_close;
}
