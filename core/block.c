/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -drive: raw image files as block backends (if=none and if=pflash), written through. */
#define _GNU_SOURCE     /* F_OFD_SETLK */
#include "core.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct _ModvmBlockBackend {
    ModvmObject parent;
    char *path;
    char *interface;            /* "none" or "pflash" */
    guint unit;
    gboolean read_only;
    int fd;
    guint64 size;
    ModvmObject *user;          /* weak: the device attached to it */
};

G_DEFINE_FINAL_TYPE(ModvmBlockBackend, modvm_block_backend, MODVM_TYPE_OBJECT)

static void block_close(ModvmBlockBackend *blk)
{
    if (blk->fd >= 0) {
        if (!blk->read_only && fsync(blk->fd) < 0 && errno != EINVAL) {
            g_printerr("modvm: drive %s: cannot flush %s: %s\n",
                       modvm_object_get_id(MODVM_OBJECT(blk)), blk->path, g_strerror(errno));
        }
        close(blk->fd);
        blk->fd = -1;
    }
}

static void modvm_block_backend_finalize(GObject *obj)
{
    ModvmBlockBackend *blk = MODVM_BLOCK_BACKEND(obj);

    block_close(blk);
    g_free(blk->path);
    g_free(blk->interface);
    G_OBJECT_CLASS(modvm_block_backend_parent_class)->finalize(obj);
}

static void modvm_block_backend_class_init(ModvmBlockBackendClass *klass)
{
    G_OBJECT_CLASS(klass)->finalize = modvm_block_backend_finalize;
    MODVM_OBJECT_CLASS(klass)->description = "a raw image file opened by -drive";
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;
}

static void modvm_block_backend_init(ModvmBlockBackend *blk)
{
    blk->fd = -1;
}

guint64 modvm_block_size(ModvmBlockBackend *blk)
{
    return blk->size;
}

gboolean modvm_block_is_read_only(ModvmBlockBackend *blk)
{
    return blk->read_only;
}

static gboolean block_check_range(ModvmBlockBackend *blk, guint64 offset, gsize len,
                                  GError **error)
{
    if (offset > blk->size || len > blk->size - offset) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "%s: 0x%" G_GINT64_MODIFIER "x bytes at 0x%" G_GINT64_MODIFIER "x are past "
                    "its end (0x%" G_GINT64_MODIFIER "x)", blk->path, (guint64)len, offset,
                    blk->size);
        return FALSE;
    }
    return TRUE;
}

gboolean modvm_block_read(ModvmBlockBackend *blk, guint64 offset, void *buf, gsize len,
                          GError **error)
{
    gsize done = 0;

    if (!block_check_range(blk, offset, len, error)) {
        return FALSE;
    }
    while (done < len) {
        ssize_t n = pread(blk->fd, (guint8 *)buf + done, len - done, (off_t)(offset + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            /* The file shrank under us: what is gone reads as zeroes, as a hole would. */
            if (n == 0) {
                memset((guint8 *)buf + done, 0, len - done);
                return TRUE;
            }
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "cannot read %s: %s",
                        blk->path, g_strerror(errno));
            return FALSE;
        }
        done += n;
    }
    return TRUE;
}

gboolean modvm_block_write(ModvmBlockBackend *blk, guint64 offset, const void *buf, gsize len,
                           GError **error)
{
    gsize done = 0;

    if (blk->read_only) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "%s is read-only", blk->path);
        return FALSE;
    }
    if (!block_check_range(blk, offset, len, error)) {
        return FALSE;
    }
    while (done < len) {
        ssize_t n = pwrite(blk->fd, (const guint8 *)buf + done, len - done,
                           (off_t)(offset + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "cannot write %s: %s",
                        blk->path, n < 0 ? g_strerror(errno) : "no space");
            return FALSE;
        }
        done += n;
    }
    return TRUE;
}

gboolean modvm_block_flush(ModvmBlockBackend *blk, GError **error)
{
    if (!blk->read_only && fsync(blk->fd) < 0 && errno != EINVAL) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "cannot flush %s: %s", blk->path,
                    g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}

gboolean modvm_block_attach(ModvmBlockBackend *blk, ModvmObject *dev, GError **error)
{
    if (blk->user && blk->user != dev) {
        g_autofree char *path = modvm_object_get_path(blk->user);
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE,
                    "drive '%s' is in use by %s", modvm_object_get_id(MODVM_OBJECT(blk)), path);
        return FALSE;
    }
    g_set_weak_pointer(&blk->user, dev);
    return TRUE;
}

void modvm_block_detach(ModvmBlockBackend *blk)
{
    g_clear_weak_pointer(&blk->user);
}

static ModvmBlockBackend *find_drive(ModvmObject *obj, const char *interface, guint unit)
{
    if (MODVM_IS_BLOCK_BACKEND(obj)) {
        ModvmBlockBackend *blk = MODVM_BLOCK_BACKEND(obj);
        return g_strcmp0(blk->interface, interface) == 0 && blk->unit == unit ? blk : NULL;
    }
    GPtrArray *children = modvm_object_get_children(obj);
    for (guint i = 0; i < children->len; i++) {
        ModvmBlockBackend *blk = find_drive(children->pdata[i], interface, unit);
        if (blk) {
            return blk;
        }
    }
    return NULL;
}

ModvmBlockBackend *modvm_block_find_drive(ModvmObject *root, const char *interface, guint unit)
{
    return find_drive(modvm_object_link_root(root), interface, unit);
}

/* -drive keys modvm takes; QEMU has many more, each refused by name. */
static const char *const drive_keys[] = { "file", "if", "format", "id", "unit", "readonly", NULL };

/* Opens @path as QEMU does for a raw image: the size of a file or of a block device. */
static gboolean block_open_file(ModvmBlockBackend *blk, GError **error)
{
    struct stat st;
    struct flock lock = { .l_type = blk->read_only ? F_RDLCK : F_WRLCK, .l_whence = SEEK_SET };
    off_t end;

    blk->fd = open(blk->path, (blk->read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (blk->fd < 0) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND, "Could not open '%s': %s",
                    blk->path, g_strerror(errno));
        return FALSE;
    }
    if (fstat(blk->fd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "'%s' is not a regular file or a block device", blk->path);
        return FALSE;
    }
    /* Two processes writing one image corrupt it: a lock on the whole file, as QEMU takes. */
    if (fcntl(blk->fd, F_OFD_SETLK, &lock) < 0) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED,
                    "Failed to get \"%s\" lock on '%s': is another process using the image?",
                    blk->read_only ? "shared" : "write", blk->path);
        return FALSE;
    }
    end = lseek(blk->fd, 0, SEEK_END);
    if (end < 0) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "cannot size '%s': %s", blk->path,
                    g_strerror(errno));
        return FALSE;
    }
    blk->size = (guint64)end;
    return TRUE;
}

ModvmBlockBackend *modvm_block_new_from_spec(const char *spec, guint default_unit, GError **error)
{
    g_autoptr(GPtrArray) opts = modvm_opts_parse(spec, NULL, error);
    g_autoptr(ModvmBlockBackend) blk = NULL;
    const char *file, *iface, *format, *unit, *readonly;
    g_autofree char *id = NULL;

    if (!opts) {
        return NULL;
    }
    for (guint i = 0; i < opts->len; i++) {
        ModvmKeyValue *kv = opts->pdata[i];
        if (!g_strv_contains(drive_keys, kv->key)) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_UNSUPPORTED,
                        "-drive %s= is not supported (modvm takes file, if, format, id, unit, "
                        "readonly)", kv->key);
            return NULL;
        }
    }
    file = modvm_opts_get(opts, "file");
    iface = modvm_opts_get(opts, "if");
    format = modvm_opts_get(opts, "format");
    unit = modvm_opts_get(opts, "unit");
    readonly = modvm_opts_get(opts, "readonly");
    if (!iface) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_UNSUPPORTED,
                    "-drive without if= is a disk on the machine's default interface, which "
                    "modvm does not have yet; give if=pflash or if=none");
        return NULL;
    }
    if (strcmp(iface, "none") != 0 && strcmp(iface, "pflash") != 0) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_UNSUPPORTED,
                    "-drive if=%s is not supported yet; modvm has if=pflash and if=none", iface);
        return NULL;
    }
    if (format && strcmp(format, "raw") != 0) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_UNSUPPORTED,
                    "-drive format=%s is not supported; modvm reads raw images only "
                    "(qemu-img convert -O raw makes one)", format);
        return NULL;
    }
    if (!file || !*file) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "-drive needs file=PATH (an empty drive is not supported)");
        return NULL;
    }
    blk = g_object_new(MODVM_TYPE_BLOCK_BACKEND, NULL);
    blk->path = g_strdup(file);
    blk->interface = g_strdup(iface);
    blk->unit = default_unit;
    if (unit) {
        guint64 u;
        if (!g_ascii_string_to_unsigned(unit, 10, 0, 255, &u, error)) {
            g_prefix_error(error, "-drive unit: ");
            return NULL;
        }
        blk->unit = (guint)u;
    }
    if (readonly && !modvm_property_parse_bool(readonly, &blk->read_only, error)) {
        g_prefix_error(error, "-drive readonly: ");
        return NULL;
    }
    id = g_strdup(modvm_opts_get(opts, "id"));
    if (!id) {
        /* QEMU's default name: the interface and the unit. */
        id = g_strdup_printf("%s%u", iface, blk->unit);
    }
    modvm_object_set_id(MODVM_OBJECT(blk), id);
    if (!format) {
        g_printerr("modvm: warning: -drive %s: no format= given; taking the image as raw "
                   "(give format=raw to say so)\n", spec);
    }
    if (!block_open_file(blk, error)) {
        return NULL;
    }
    return g_steal_pointer(&blk);
}

const char *modvm_block_interface(ModvmBlockBackend *blk, guint *unit)
{
    *unit = blk->unit;
    return blk->interface;
}

gboolean modvm_block_is_attached(ModvmBlockBackend *blk)
{
    return blk->user != NULL;
}
