/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -d/-D logging and rate-limited guest-error reports. */
#include "core.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    guint mask;
    const char *help;
} log_items[] = {
    { "guest_errors", MODVM_LOG_GUEST_ERROR, "the guest did something the architecture forbids" },
    { "unimp", MODVM_LOG_UNIMP, "the guest used something modvm does not implement" },
    { "in_asm", MODVM_LOG_IN_ASM, "guest code as it is translated" },
    { "op", MODVM_LOG_OP, "the IR of each translated block" },
    { "exec", MODVM_LOG_EXEC, "each block as it runs" },
    { "int", MODVM_LOG_INT, "interrupts and exceptions" },
    { "mmu", MODVM_LOG_MMU, "MMU faults and TLB fills" },
    { "hcall", MODVM_LOG_HCALL, "hypercalls, RTAS and firmware calls" },
    { "cpu", MODVM_LOG_CPU, "CPU state before each block" },
    { "plugin", MODVM_LOG_PLUGIN, "plugin search and loading" },
};

static guint log_mask;
static FILE *log_file;
static GMutex log_lock;

/*
 * Guest-error and unimplemented reports appear only when asked for with -d
 * (as in QEMU), and even then at most this many a second: a hostile guest
 * cannot flood the host's log or disk.
 */
#define REPORTS_PER_SECOND 1000

gboolean modvm_log_enabled(guint mask)
{
    return (g_atomic_int_get(&log_mask) & mask) != 0;
}

void modvm_log_set_mask(guint mask)
{
    g_atomic_int_set(&log_mask, mask);
}

guint modvm_log_get_mask(void)
{
    return g_atomic_int_get(&log_mask);
}

gboolean modvm_log_set_file(const char *path, GError **error)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "cannot open log file %s: %s", path,
                    g_strerror(errno));
        return FALSE;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    g_mutex_lock(&log_lock);
    if (log_file) {
        fclose(log_file);
    }
    log_file = f;
    g_mutex_unlock(&log_lock);
    return TRUE;
}

gboolean modvm_log_parse_mask(const char *spec, guint *mask, GError **error)
{
    g_auto(GStrv) parts = g_strsplit(spec, ",", -1);
    guint m = 0;

    for (guint i = 0; parts[i]; i++) {
        gboolean found = FALSE;
        for (guint j = 0; j < G_N_ELEMENTS(log_items); j++) {
            if (strcmp(parts[i], log_items[j].name) == 0) {
                m |= log_items[j].mask;
                found = TRUE;
            }
        }
        if (!found) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "unknown log item '%s' (see -d help)", parts[i]);
            return FALSE;
        }
    }
    *mask = m;
    return TRUE;
}

char *modvm_log_help(void)
{
    GString *s = g_string_new("Log items (comma separated):\n");
    for (guint i = 0; i < G_N_ELEMENTS(log_items); i++) {
        g_string_append_printf(s, "%-14s %s\n", log_items[i].name, log_items[i].help);
    }
    return g_string_free(s, FALSE);
}

static void log_write(const char *prefix, const char *fmt, va_list ap) G_GNUC_PRINTF(2, 0);

static void log_write(const char *prefix, const char *fmt, va_list ap)
{
    g_mutex_lock(&log_lock);
    FILE *f = log_file ? log_file : stderr;
    if (prefix) {
        fputs(prefix, f);
    }
    vfprintf(f, fmt, ap);
    if (!*fmt || fmt[strlen(fmt) - 1] != '\n') {
        fputc('\n', f);
    }
    g_mutex_unlock(&log_lock);
}

void modvm_log(guint mask, const char *fmt, ...)
{
    va_list ap;
    if (!modvm_log_enabled(mask)) {
        return;
    }
    va_start(ap, fmt);
    log_write(NULL, fmt, ap);
    va_end(ap);
}

static gboolean rate_ok(void)
{
    static gint64 window;
    static gint count;
    gint64 now = g_get_monotonic_time() / G_USEC_PER_SEC;
    gboolean ok;

    g_mutex_lock(&log_lock);
    if (now != window) {
        window = now;
        count = 0;
    }
    ok = count++ < REPORTS_PER_SECOND;
    g_mutex_unlock(&log_lock);
    return ok;
}

static void report(guint mask, const char *prefix, const char *fmt, va_list ap)
{
    if (modvm_log_enabled(mask) && rate_ok()) {
        log_write(prefix, fmt, ap);
    }
}

void modvm_log_guest_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(MODVM_LOG_GUEST_ERROR, "guest error: ", fmt, ap);
    va_end(ap);
}

void modvm_log_unimp(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(MODVM_LOG_UNIMP, "unimplemented: ", fmt, ap);
    va_end(ap);
}
