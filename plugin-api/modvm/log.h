/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Diagnostics: -d categories to -D file, and rate-limited guest-error lines. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    MODVM_LOG_GUEST_ERROR = 1 << 0,  /* the guest did something the architecture forbids */
    MODVM_LOG_UNIMP       = 1 << 1,  /* the guest used something modvm does not implement */
    MODVM_LOG_IN_ASM      = 1 << 2,  /* guest code as it is translated */
    MODVM_LOG_OP          = 1 << 3,  /* the IR of each block */
    MODVM_LOG_EXEC        = 1 << 4,  /* each block as it runs */
    MODVM_LOG_INT         = 1 << 5,  /* interrupts and exceptions */
    MODVM_LOG_MMU         = 1 << 6,  /* MMU faults and TLB fills */
    MODVM_LOG_HCALL       = 1 << 7,  /* hypercalls, RTAS and firmware calls */
    MODVM_LOG_CPU         = 1 << 8,  /* CPU state before each block */
    MODVM_LOG_PLUGIN      = 1 << 9,  /* plugin search and loading */
} ModvmLogMask;

/** modvm_log_enabled: is any category of @mask selected with -d? Cheap. */
gboolean modvm_log_enabled(guint mask);

/** modvm_log: writes to the -D file (stderr by default) when @mask is enabled. */
void modvm_log(guint mask, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/**
 * modvm_log_guest_error:
 * A guest mistake: logged when guest_errors is enabled with -d (unimp for
 * modvm_log_unimp), at most 1000 lines a second, so a hostile guest cannot
 * flood the host.
 */
void modvm_log_guest_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void modvm_log_unimp(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/**
 * modvm_log_set_mask / set_file: for the command line and tests.
 * modvm_log_parse_mask accepts "in_asm,int,mmu" or "help".
 */
void modvm_log_set_mask(guint mask);
guint modvm_log_get_mask(void);
gboolean modvm_log_set_file(const char *path, GError **error);
gboolean modvm_log_parse_mask(const char *spec, guint *mask, GError **error);
/** modvm_log_help: (transfer full) one line per category with its description. */
char *modvm_log_help(void);

G_END_DECLS
