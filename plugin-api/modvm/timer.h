/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Clocks (virtual, host, manual) and timers that fire on a main loop. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    /* Guest time: monotonic, starts at 0, stands still while the machine is paused. */
    MODVM_CLOCK_VIRTUAL,
    /* Host wall-clock time (ns since the epoch), for RTCs; never paused. */
    MODVM_CLOCK_HOST,
    /* Moves only when modvm_clock_advance() is called: for tests and replay. */
    MODVM_CLOCK_MANUAL,
} ModvmClockKind;

typedef struct ModvmClock ModvmClock;
typedef struct ModvmTimer ModvmTimer;
typedef void (*ModvmTimerFunc)(void *opaque);

ModvmClock *modvm_clock_new(ModvmClockKind kind);
/** modvm_clock_free: the clock's timers must have been freed first. */
void modvm_clock_free(ModvmClock *clock);
ModvmClockKind modvm_clock_kind(ModvmClock *clock);

/** modvm_clock_get_ns: current time of @clock in nanoseconds. Thread-safe. */
gint64 modvm_clock_get_ns(ModvmClock *clock);

/** modvm_clock_pause / resume: VIRTUAL only (no-ops otherwise); nest is not counted. */
void modvm_clock_pause(ModvmClock *clock);
void modvm_clock_resume(ModvmClock *clock);
gboolean modvm_clock_is_paused(ModvmClock *clock);

/** modvm_clock_advance: MANUAL only: move time forward by @ns and run due timers. */
void modvm_clock_advance(ModvmClock *clock, gint64 ns);

/** modvm_clock_deadline_ns: ns until the next timer is due (0 if due now), -1 if none. */
gint64 modvm_clock_deadline_ns(ModvmClock *clock);

/** modvm_clock_run_timers: runs every due timer, earliest first; returns how many ran. */
guint modvm_clock_run_timers(ModvmClock *clock);

/**
 * modvm_clock_attach:
 * Runs @clock's timers from @context (the I/O thread's main context).
 * Timers may be armed from any thread; the context is woken up.
 */
void modvm_clock_attach(ModvmClock *clock, GMainContext *context);

ModvmTimer *modvm_timer_new(ModvmClock *clock, ModvmTimerFunc func, void *opaque);
/** modvm_timer_free: cancels and frees; safe from inside the timer's own callback. */
void modvm_timer_free(ModvmTimer *timer);
/** modvm_timer_arm: fire at absolute @expire_ns on the timer's clock (re-arms if pending). */
void modvm_timer_arm(ModvmTimer *timer, gint64 expire_ns);
void modvm_timer_cancel(ModvmTimer *timer);
gboolean modvm_timer_pending(ModvmTimer *timer);
/** modvm_timer_expire_ns: the armed expiry, or -1 when not pending. */
gint64 modvm_timer_expire_ns(ModvmTimer *timer);

G_END_DECLS
