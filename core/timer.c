/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Clocks (virtual, host, manual) and their timers, run from a GMainContext or by hand. */
#include <modvm/timer.h>

struct ModvmTimer {
    ModvmClock *clock;
    ModvmTimerFunc func;
    void *opaque;
    gint64 expire;
    gboolean pending;
    guint running;              /* callbacks in progress: freeing waits for them */
    gboolean free_pending;
    ModvmTimer *next;           /* in the clock's pending list */
};

struct ModvmClock {
    ModvmClockKind kind;
    GMutex lock;                /* guards everything below and the timers' fields */
    gint64 base_ns;             /* VIRTUAL: host monotonic ns at virtual time 0 */
    gint64 frozen_ns;           /* VIRTUAL while paused; MANUAL: the time */
    gboolean paused;
    ModvmTimer *timers;         /* pending, earliest first; equal expiries in arming order */
    guint n_timers;
    GSource *source;
    GMainContext *context;
};

typedef struct {
    GSource source;
    ModvmClock *clock;
} ClockSource;

static gint64 monotonic_ns(void)
{
    return g_get_monotonic_time() * 1000;
}

static gint64 clock_now_locked(ModvmClock *clock)
{
    switch (clock->kind) {
    case MODVM_CLOCK_VIRTUAL:
        return clock->paused ? clock->frozen_ns : monotonic_ns() - clock->base_ns;
    case MODVM_CLOCK_HOST:
        return g_get_real_time() * 1000;
    case MODVM_CLOCK_MANUAL:
    default:
        return clock->frozen_ns;
    }
}

/* Wake the attached context so it recomputes its timeout; called without the lock. */
static void clock_wake(GMainContext *context)
{
    if (context) {
        g_main_context_wakeup(context);
        g_main_context_unref(context);
    }
}

/* (transfer full) the attached context, to hand to clock_wake once unlocked. */
static GMainContext *clock_context_locked(ModvmClock *clock)
{
    return clock->context ? g_main_context_ref(clock->context) : NULL;
}

ModvmClock *modvm_clock_new(ModvmClockKind kind)
{
    ModvmClock *clock = g_new0(ModvmClock, 1);

    clock->kind = kind;
    g_mutex_init(&clock->lock);
    clock->base_ns = monotonic_ns();
    return clock;
}

void modvm_clock_free(ModvmClock *clock)
{
    if (!clock) {
        return;
    }
    g_warn_if_fail(clock->n_timers == 0);
    if (clock->source) {
        g_source_destroy(clock->source);
        g_source_unref(clock->source);
    }
    if (clock->context) {
        g_main_context_unref(clock->context);
    }
    g_mutex_clear(&clock->lock);
    g_free(clock);
}

ModvmClockKind modvm_clock_kind(ModvmClock *clock)
{
    return clock->kind;
}

gint64 modvm_clock_get_ns(ModvmClock *clock)
{
    gint64 now;

    g_mutex_lock(&clock->lock);
    now = clock_now_locked(clock);
    g_mutex_unlock(&clock->lock);
    return now;
}

void modvm_clock_pause(ModvmClock *clock)
{
    g_mutex_lock(&clock->lock);
    if (clock->kind == MODVM_CLOCK_VIRTUAL && !clock->paused) {
        clock->frozen_ns = clock_now_locked(clock);
        clock->paused = TRUE;
    }
    g_mutex_unlock(&clock->lock);
}

void modvm_clock_resume(ModvmClock *clock)
{
    GMainContext *context = NULL;

    g_mutex_lock(&clock->lock);
    if (clock->kind == MODVM_CLOCK_VIRTUAL && clock->paused) {
        clock->base_ns = monotonic_ns() - clock->frozen_ns;
        clock->paused = FALSE;
        context = clock_context_locked(clock);
    }
    g_mutex_unlock(&clock->lock);
    clock_wake(context);
}

gboolean modvm_clock_is_paused(ModvmClock *clock)
{
    gboolean paused;

    g_mutex_lock(&clock->lock);
    paused = clock->paused;
    g_mutex_unlock(&clock->lock);
    return paused;
}

/*
 * Run pending timers due at or before @limit, earliest first, each without
 * the lock held so that it may arm, cancel or free any timer, itself
 * included. @step moves a MANUAL clock to each timer's expiry as it runs,
 * so a callback re-arming relative to "now" sees the time it was due.
 */
static guint clock_run_due(ModvmClock *clock, gint64 limit, gboolean step)
{
    guint ran = 0;

    g_mutex_lock(&clock->lock);
    for (;;) {
        ModvmTimer *timer = clock->timers;

        if (clock->paused || !timer || timer->expire > limit) {
            break;
        }
        clock->timers = timer->next;
        timer->next = NULL;
        timer->pending = FALSE;
        if (step && timer->expire > clock->frozen_ns) {
            clock->frozen_ns = timer->expire;
        }
        timer->running++;
        g_mutex_unlock(&clock->lock);

        timer->func(timer->opaque);
        ran++;

        g_mutex_lock(&clock->lock);
        timer->running--;
        if (timer->free_pending && timer->running == 0) {
            g_free(timer);
        }
    }
    g_mutex_unlock(&clock->lock);
    return ran;
}

void modvm_clock_advance(ModvmClock *clock, gint64 ns)
{
    gint64 target;

    g_return_if_fail(clock->kind == MODVM_CLOCK_MANUAL);
    g_return_if_fail(ns >= 0);

    g_mutex_lock(&clock->lock);
    target = ns > G_MAXINT64 - clock->frozen_ns ? G_MAXINT64 : clock->frozen_ns + ns;
    g_mutex_unlock(&clock->lock);

    clock_run_due(clock, target, TRUE);

    g_mutex_lock(&clock->lock);
    clock->frozen_ns = MAX(clock->frozen_ns, target);
    g_mutex_unlock(&clock->lock);
}

gint64 modvm_clock_deadline_ns(ModvmClock *clock)
{
    gint64 deadline = -1;

    g_mutex_lock(&clock->lock);
    if (clock->timers && !clock->paused) {
        deadline = clock->timers->expire - clock_now_locked(clock);
        deadline = MAX(deadline, 0);
    }
    g_mutex_unlock(&clock->lock);
    return deadline;
}

guint modvm_clock_run_timers(ModvmClock *clock)
{
    return clock_run_due(clock, modvm_clock_get_ns(clock), FALSE);
}

static gboolean clock_source_prepare(GSource *source, gint *timeout)
{
    ModvmClock *clock = ((ClockSource *)source)->clock;
    gint64 deadline = modvm_clock_deadline_ns(clock);
    gint64 ms;

    if (deadline == 0) {
        *timeout = 0;
        return TRUE;
    }
    /* Manual time does not pass by waiting: only an advance (which runs timers) moves it. */
    if (deadline < 0 || clock->kind == MODVM_CLOCK_MANUAL) {
        *timeout = -1;
        return FALSE;
    }
    ms = deadline / 1000000 + (deadline % 1000000 != 0);
    *timeout = ms > G_MAXINT ? G_MAXINT : (gint)ms;
    return FALSE;
}

static gboolean clock_source_check(GSource *source)
{
    return modvm_clock_deadline_ns(((ClockSource *)source)->clock) == 0;
}

static gboolean clock_source_dispatch(GSource *source, GSourceFunc callback, gpointer user_data)
{
    modvm_clock_run_timers(((ClockSource *)source)->clock);
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs clock_source_funcs = {
    .prepare = clock_source_prepare,
    .check = clock_source_check,
    .dispatch = clock_source_dispatch,
};

void modvm_clock_attach(ModvmClock *clock, GMainContext *context)
{
    GSource *source;

    g_return_if_fail(clock->source == NULL);

    source = g_source_new(&clock_source_funcs, sizeof(ClockSource));
    ((ClockSource *)source)->clock = clock;
    g_source_set_name(source, "modvm-clock");
    g_source_attach(source, context);

    g_mutex_lock(&clock->lock);
    clock->source = source;
    clock->context = g_main_context_ref(g_source_get_context(source));
    g_mutex_unlock(&clock->lock);
    g_main_context_wakeup(clock->context);
}

ModvmTimer *modvm_timer_new(ModvmClock *clock, ModvmTimerFunc func, void *opaque)
{
    ModvmTimer *timer;

    g_return_val_if_fail(clock != NULL && func != NULL, NULL);
    timer = g_new0(ModvmTimer, 1);
    timer->clock = clock;
    timer->func = func;
    timer->opaque = opaque;
    timer->expire = -1;

    g_mutex_lock(&clock->lock);
    clock->n_timers++;
    g_mutex_unlock(&clock->lock);
    return timer;
}

static void timer_unlink_locked(ModvmTimer *timer)
{
    if (!timer->pending) {
        return;
    }
    for (ModvmTimer **pp = &timer->clock->timers; *pp; pp = &(*pp)->next) {
        if (*pp == timer) {
            *pp = timer->next;
            break;
        }
    }
    timer->next = NULL;
    timer->pending = FALSE;
}

void modvm_timer_free(ModvmTimer *timer)
{
    ModvmClock *clock;

    if (!timer) {
        return;
    }
    clock = timer->clock;
    g_mutex_lock(&clock->lock);
    timer_unlink_locked(timer);
    clock->n_timers--;
    if (timer->running > 0) {
        /* inside its callback: clock_run_due frees it when the callback returns */
        timer->free_pending = TRUE;
        timer = NULL;
    }
    g_mutex_unlock(&clock->lock);
    g_free(timer);
}

void modvm_timer_arm(ModvmTimer *timer, gint64 expire_ns)
{
    ModvmClock *clock = timer->clock;
    GMainContext *context = NULL;
    ModvmTimer **pp;

    g_mutex_lock(&clock->lock);
    if (timer->free_pending) {
        g_mutex_unlock(&clock->lock);
        g_return_if_reached();
    }
    timer_unlink_locked(timer);
    /* negative expiries are simply due; keeping them >= 0 leaves -1 to mean "not pending" */
    timer->expire = MAX(expire_ns, 0);
    for (pp = &clock->timers; *pp && (*pp)->expire <= timer->expire; pp = &(*pp)->next) {
    }
    timer->next = *pp;
    *pp = timer;
    timer->pending = TRUE;
    if (clock->timers == timer) {
        context = clock_context_locked(clock);
    }
    g_mutex_unlock(&clock->lock);
    clock_wake(context);
}

void modvm_timer_cancel(ModvmTimer *timer)
{
    g_mutex_lock(&timer->clock->lock);
    timer_unlink_locked(timer);
    g_mutex_unlock(&timer->clock->lock);
}

gboolean modvm_timer_pending(ModvmTimer *timer)
{
    gboolean pending;

    g_mutex_lock(&timer->clock->lock);
    pending = timer->pending;
    g_mutex_unlock(&timer->clock->lock);
    return pending;
}

gint64 modvm_timer_expire_ns(ModvmTimer *timer)
{
    gint64 expire;

    g_mutex_lock(&timer->clock->lock);
    expire = timer->pending ? timer->expire : -1;
    g_mutex_unlock(&timer->clock->lock);
    return expire;
}
