/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Block backends: the files -drive opens, which devices read and write. */
#pragma once

#include <modvm/object.h>

G_BEGIN_DECLS

/**
 * ModvmBlockBackend:
 * A raw image file opened by -drive (QEMU's spelling: if=none|pflash,
 * format=raw). Writes go through to the file at once; the file is synced
 * and closed when the machine goes. The object lives under /machine/drive
 * with the drive's id (QEMU's default id for if=pflash,unit=N is "pflashN"),
 * so a device's link property (drive=ID) finds it. All functions run with
 * the machine lock held.
 */
#define MODVM_TYPE_BLOCK_BACKEND (modvm_block_backend_get_type())
G_DECLARE_FINAL_TYPE(ModvmBlockBackend, modvm_block_backend, MODVM, BLOCK_BACKEND, ModvmObject)

/** modvm_block_size: the file's size in bytes when it was opened. */
guint64 modvm_block_size(ModvmBlockBackend *blk);
/** modvm_block_is_read_only: readonly=on was given. */
gboolean modvm_block_is_read_only(ModvmBlockBackend *blk);
/** modvm_block_read: @len bytes at @offset; FALSE with @error past the end or on an I/O error. */
gboolean modvm_block_read(ModvmBlockBackend *blk, guint64 offset, void *buf, gsize len,
                          GError **error);
/** modvm_block_write: as modvm_block_read, the other way; a read-only backend refuses. */
gboolean modvm_block_write(ModvmBlockBackend *blk, guint64 offset, const void *buf, gsize len,
                           GError **error);
/** modvm_block_flush: what was written reaches the disk (fsync). */
gboolean modvm_block_flush(ModvmBlockBackend *blk, GError **error);

/**
 * modvm_block_attach: @dev (a device, for messages) becomes the backend's
 * one user; FALSE with @error if another device has it. modvm_block_detach
 * undoes it (from the device's unrealize).
 */
gboolean modvm_block_attach(ModvmBlockBackend *blk, ModvmObject *dev, GError **error);
void modvm_block_detach(ModvmBlockBackend *blk);

/**
 * modvm_block_find_drive: (transfer none) the backend of -drive
 * if=@interface,unit=@unit (e.g. "pflash", 0), or NULL. @root is any
 * object of the machine.
 */
ModvmBlockBackend *modvm_block_find_drive(ModvmObject *root, const char *interface, guint unit);

G_END_DECLS
