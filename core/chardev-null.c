/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The null backend: output vanishes, input never comes. */
#include "chardev-internal.h"

typedef struct {
    ModvmChardev parent;
} ModvmChardevNull;

typedef struct {
    ModvmChardevClass parent_class;
} ModvmChardevNullClass;

MODVM_CHARDEV_DEFINE_TYPE(ModvmChardevNull, modvm_chardev_null, "chardev-null")

static gboolean null_open(ModvmChardev *chr, GMainContext *context, GError **error)
{
    modvm_chardev_frontend_event(chr, MODVM_CHR_EVENT_OPENED);
    return TRUE;
}

static gssize null_write(ModvmChardev *chr, const guint8 *buf, gsize len)
{
    return len;
}

static void modvm_chardev_null_init(ModvmChardevNull *self)
{
}

static void modvm_chardev_null_class_init(ModvmChardevNullClass *klass)
{
    ModvmChardevClass *cc = MODVM_CHARDEV_CLASS(klass);

    MODVM_OBJECT_CLASS(klass)->description = "discards output, gives no input";
    cc->backend_name = "null";
    cc->open = null_open;
    cc->write = null_write;
}
