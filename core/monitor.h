/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The QMP monitor as the rest of the core sees it: one per -qmp / -mon, and its events. */
#pragma once

#include "core.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct ModvmMonitor ModvmMonitor;

/**
 * modvm_monitor_new:
 * A QMP monitor on @chr, which it claims as its frontend (failing when a
 * device holds it). Each client that connects once @chr is open gets the
 * greeting; @pretty indents replies as QEMU's pretty=on does.
 */
ModvmMonitor *modvm_monitor_new(ModvmSession *s, ModvmChardev *chr, gboolean pretty,
                                GError **error);
/** Flushes what is still queued for the client (bounded), then lets go of the chardev. */
void modvm_monitor_free(gpointer mon);
/** (transfer none) */
ModvmChardev *modvm_monitor_get_chardev(ModvmMonitor *mon);

/**
 * modvm_monitor_emit_event:
 * Sends event @name ("STOP", "SHUTDOWN", ...) with @data (transfer full;
 * NULL for none) to every client of @s's monitors that has negotiated
 * capabilities.
 */
void modvm_monitor_emit_event(ModvmSession *s, const char *name, JsonObject *data);

G_END_DECLS
