/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for clocks and timers: ordering, re-arming, pause, main-loop dispatch. */
#include <modvm/timer.h>

typedef struct {
    ModvmClock *clock;
    GArray *fired;           /* (id, clock time) pairs */
} Recorder;

typedef struct {
    Recorder *rec;
    int id;
    ModvmTimer *timer;
    gint64 period;           /* re-arm by this much when > 0 */
    ModvmTimer *victim;      /* cancelled or freed by the callback when set */
    gboolean free_self;
} TimerCtx;

typedef struct {
    int id;
    gint64 now;
} Fired;

static void record_cb(void *opaque)
{
    TimerCtx *t = opaque;
    Fired f = { t->id, modvm_clock_get_ns(t->rec->clock) };

    g_array_append_val(t->rec->fired, f);
    if (t->period > 0) {
        modvm_timer_arm(t->timer, modvm_clock_get_ns(t->rec->clock) + t->period);
    }
    if (t->victim) {
        modvm_timer_free(t->victim);
        t->victim = NULL;
    }
    if (t->free_self) {
        modvm_timer_free(t->timer);
        t->timer = NULL;
    }
}

static void recorder_init(Recorder *rec, ModvmClockKind kind)
{
    rec->clock = modvm_clock_new(kind);
    rec->fired = g_array_new(FALSE, FALSE, sizeof(Fired));
}

static void recorder_clear(Recorder *rec)
{
    modvm_clock_free(rec->clock);
    g_array_unref(rec->fired);
}

static void timer_ctx_init(TimerCtx *t, Recorder *rec, int id)
{
    *t = (TimerCtx){ .rec = rec, .id = id };
    t->timer = modvm_timer_new(rec->clock, record_cb, t);
}

static const Fired *fired(Recorder *rec, guint i)
{
    g_assert_cmpuint(i, <, rec->fired->len);
    return &g_array_index(rec->fired, Fired, i);
}

static void test_manual_order(void)
{
    Recorder rec;
    TimerCtx t[4];

    recorder_init(&rec, MODVM_CLOCK_MANUAL);
    for (int i = 0; i < 4; i++) {
        timer_ctx_init(&t[i], &rec, i);
    }
    g_assert_cmpint(modvm_clock_kind(rec.clock), ==, MODVM_CLOCK_MANUAL);
    g_assert_cmpint(modvm_clock_get_ns(rec.clock), ==, 0);
    modvm_timer_arm(t[0].timer, 30);
    modvm_timer_arm(t[1].timer, 10);
    modvm_timer_arm(t[2].timer, 20);
    modvm_timer_arm(t[3].timer, 20);    /* same expiry as t[2]: runs after it */

    modvm_clock_advance(rec.clock, 25);
    g_assert_cmpint(modvm_clock_get_ns(rec.clock), ==, 25);
    g_assert_cmpuint(rec.fired->len, ==, 3);
    g_assert_cmpint(fired(&rec, 0)->id, ==, 1);
    g_assert_cmpint(fired(&rec, 0)->now, ==, 10);
    g_assert_cmpint(fired(&rec, 1)->id, ==, 2);
    g_assert_cmpint(fired(&rec, 2)->id, ==, 3);
    g_assert_cmpint(fired(&rec, 2)->now, ==, 20);
    g_assert_true(modvm_timer_pending(t[0].timer));
    g_assert_false(modvm_timer_pending(t[1].timer));

    modvm_clock_advance(rec.clock, 4);
    g_assert_cmpuint(rec.fired->len, ==, 3);
    modvm_clock_advance(rec.clock, 1);
    g_assert_cmpuint(rec.fired->len, ==, 4);
    g_assert_cmpint(fired(&rec, 3)->id, ==, 0);
    g_assert_cmpint(fired(&rec, 3)->now, ==, 30);

    for (int i = 0; i < 4; i++) {
        modvm_timer_free(t[i].timer);
    }
    recorder_clear(&rec);
}

static void test_manual_rearm(void)
{
    Recorder rec;
    TimerCtx t;

    recorder_init(&rec, MODVM_CLOCK_MANUAL);
    timer_ctx_init(&t, &rec, 7);
    t.period = 10;
    modvm_timer_arm(t.timer, 10);

    /* a periodic timer fires once per period within one advance, at its own times */
    modvm_clock_advance(rec.clock, 35);
    g_assert_cmpuint(rec.fired->len, ==, 3);
    g_assert_cmpint(fired(&rec, 0)->now, ==, 10);
    g_assert_cmpint(fired(&rec, 1)->now, ==, 20);
    g_assert_cmpint(fired(&rec, 2)->now, ==, 30);
    g_assert_cmpint(modvm_timer_expire_ns(t.timer), ==, 40);
    g_assert_cmpint(modvm_clock_get_ns(rec.clock), ==, 35);

    modvm_timer_free(t.timer);
    recorder_clear(&rec);
}

static void test_manual_free_in_callback(void)
{
    Recorder rec;
    TimerCtx a, b, c;

    recorder_init(&rec, MODVM_CLOCK_MANUAL);
    timer_ctx_init(&a, &rec, 1);
    timer_ctx_init(&b, &rec, 2);
    timer_ctx_init(&c, &rec, 3);

    /* a frees itself after re-arming, and frees b which is due at the same time */
    a.period = 5;
    a.free_self = TRUE;
    a.victim = b.timer;
    modvm_timer_arm(a.timer, 10);
    modvm_timer_arm(b.timer, 10);
    modvm_timer_arm(c.timer, 12);

    modvm_clock_advance(rec.clock, 100);
    g_assert_cmpuint(rec.fired->len, ==, 2);
    g_assert_cmpint(fired(&rec, 0)->id, ==, 1);
    g_assert_cmpint(fired(&rec, 1)->id, ==, 3);
    g_assert_null(a.timer);
    g_assert_cmpint(modvm_clock_deadline_ns(rec.clock), ==, -1);

    modvm_timer_free(c.timer);
    recorder_clear(&rec);
}

static void test_manual_cancel(void)
{
    Recorder rec;
    TimerCtx t;

    recorder_init(&rec, MODVM_CLOCK_MANUAL);
    timer_ctx_init(&t, &rec, 1);

    g_assert_false(modvm_timer_pending(t.timer));
    g_assert_cmpint(modvm_timer_expire_ns(t.timer), ==, -1);
    modvm_timer_arm(t.timer, 50);
    g_assert_true(modvm_timer_pending(t.timer));
    g_assert_cmpint(modvm_timer_expire_ns(t.timer), ==, 50);
    modvm_timer_cancel(t.timer);
    g_assert_false(modvm_timer_pending(t.timer));
    g_assert_cmpint(modvm_timer_expire_ns(t.timer), ==, -1);
    modvm_clock_advance(rec.clock, 100);
    g_assert_cmpuint(rec.fired->len, ==, 0);

    /* re-arming a pending timer moves it */
    modvm_timer_arm(t.timer, 300);
    modvm_timer_arm(t.timer, 150);
    modvm_clock_advance(rec.clock, 60);
    g_assert_cmpuint(rec.fired->len, ==, 1);
    g_assert_cmpint(fired(&rec, 0)->now, ==, 150);
    modvm_clock_advance(rec.clock, 200);
    g_assert_cmpuint(rec.fired->len, ==, 1);

    modvm_timer_free(t.timer);
    recorder_clear(&rec);
}

static void test_manual_deadline(void)
{
    Recorder rec;
    TimerCtx a, b;

    recorder_init(&rec, MODVM_CLOCK_MANUAL);
    timer_ctx_init(&a, &rec, 1);
    timer_ctx_init(&b, &rec, 2);

    g_assert_cmpint(modvm_clock_deadline_ns(rec.clock), ==, -1);
    modvm_timer_arm(a.timer, 100);
    g_assert_cmpint(modvm_clock_deadline_ns(rec.clock), ==, 100);
    modvm_timer_arm(b.timer, 70);
    g_assert_cmpint(modvm_clock_deadline_ns(rec.clock), ==, 70);
    modvm_clock_advance(rec.clock, 40);
    g_assert_cmpint(modvm_clock_deadline_ns(rec.clock), ==, 30);
    g_assert_cmpuint(modvm_clock_run_timers(rec.clock), ==, 0);

    /* a timer in the past is due now */
    modvm_timer_arm(b.timer, 5);
    g_assert_cmpint(modvm_clock_deadline_ns(rec.clock), ==, 0);
    modvm_timer_arm(a.timer, 40);
    g_assert_cmpuint(modvm_clock_run_timers(rec.clock), ==, 2);
    g_assert_cmpint(modvm_clock_deadline_ns(rec.clock), ==, -1);

    /* a negative expiry is simply due */
    modvm_timer_arm(a.timer, -5);
    g_assert_cmpint(modvm_timer_expire_ns(a.timer), ==, 0);
    g_assert_cmpint(modvm_clock_deadline_ns(rec.clock), ==, 0);
    g_assert_cmpuint(modvm_clock_run_timers(rec.clock), ==, 1);

    /* pause means nothing to a manual clock */
    modvm_clock_pause(rec.clock);
    g_assert_false(modvm_clock_is_paused(rec.clock));

    modvm_timer_free(a.timer);
    modvm_timer_free(b.timer);
    recorder_clear(&rec);
}

static void test_virtual_pause(void)
{
    Recorder rec;
    TimerCtx t;
    gint64 t0, t1, t2, t3, h0, h1;

    recorder_init(&rec, MODVM_CLOCK_VIRTUAL);
    timer_ctx_init(&t, &rec, 1);

    t0 = modvm_clock_get_ns(rec.clock);
    g_assert_cmpint(t0, >=, 0);
    g_assert_cmpint(t0, <, G_USEC_PER_SEC * 1000ll);   /* starts near 0, not at host time */

    modvm_clock_pause(rec.clock);
    modvm_clock_pause(rec.clock);           /* not counted */
    g_assert_true(modvm_clock_is_paused(rec.clock));
    t1 = modvm_clock_get_ns(rec.clock);
    g_usleep(5000);
    t2 = modvm_clock_get_ns(rec.clock);
    g_assert_cmpint(t2, ==, t1);

    /* nothing runs while paused, even when due */
    modvm_timer_arm(t.timer, t1);
    g_assert_cmpint(modvm_clock_deadline_ns(rec.clock), ==, -1);
    g_assert_cmpuint(modvm_clock_run_timers(rec.clock), ==, 0);
    g_assert_cmpuint(rec.fired->len, ==, 0);

    h0 = g_get_monotonic_time();
    modvm_clock_resume(rec.clock);
    g_assert_false(modvm_clock_is_paused(rec.clock));
    g_assert_cmpuint(modvm_clock_run_timers(rec.clock), ==, 1);
    g_usleep(2000);
    t3 = modvm_clock_get_ns(rec.clock);
    h1 = g_get_monotonic_time();
    /* time continues from where it stopped: the 5 ms paused are not counted */
    g_assert_cmpint(t3, >=, t2 + 2000000);
    g_assert_cmpint(t3 - t2, <=, (h1 - h0) * 1000);
    g_assert_cmpint(fired(&rec, 0)->now, >=, t1);

    modvm_timer_free(t.timer);
    recorder_clear(&rec);
}

static void test_host_clock(void)
{
    ModvmClock *clock = modvm_clock_new(MODVM_CLOCK_HOST);
    gint64 before = g_get_real_time() * 1000;
    gint64 now = modvm_clock_get_ns(clock);
    gint64 after = g_get_real_time() * 1000;

    g_assert_cmpint(now, >=, before);
    g_assert_cmpint(now, <=, after);
    modvm_clock_pause(clock);
    g_assert_false(modvm_clock_is_paused(clock));
    modvm_clock_free(clock);
}

/* Main-loop dispatch: a timer armed from another thread must wake a context blocked in poll. */

typedef struct {
    ModvmClock *clock;
    ModvmTimer *timer;
    gint fired;
    gboolean timed_out;
    gint64 fire_at;
} AttachCtx;

static void attach_cb(void *opaque)
{
    AttachCtx *ctx = opaque;

    ctx->fire_at = modvm_clock_get_ns(ctx->clock);
    g_atomic_int_inc(&ctx->fired);
}

static gboolean attach_timeout(gpointer data)
{
    AttachCtx *ctx = data;

    ctx->timed_out = TRUE;
    return G_SOURCE_REMOVE;
}

static gpointer attach_arm_thread(gpointer data)
{
    AttachCtx *ctx = data;

    /* let the main thread block in poll with no timeout first */
    g_usleep(20000);
    modvm_timer_arm(ctx->timer, modvm_clock_get_ns(ctx->clock) + 3000000);
    return NULL;
}

static void test_attach_cross_thread(void)
{
    GMainContext *context = g_main_context_new();
    AttachCtx ctx = { 0 };
    GSource *guard;
    GThread *thread;
    gint64 armed_from;

    ctx.clock = modvm_clock_new(MODVM_CLOCK_VIRTUAL);
    ctx.timer = modvm_timer_new(ctx.clock, attach_cb, &ctx);
    modvm_clock_attach(ctx.clock, context);

    guard = g_timeout_source_new_seconds(10);
    g_source_set_callback(guard, attach_timeout, &ctx, NULL);
    g_source_attach(guard, context);

    armed_from = modvm_clock_get_ns(ctx.clock);
    thread = g_thread_new("arm", attach_arm_thread, &ctx);
    while (!g_atomic_int_get(&ctx.fired) && !ctx.timed_out) {
        g_main_context_iteration(context, TRUE);
    }
    g_thread_join(thread);

    g_assert_false(ctx.timed_out);
    g_assert_cmpint(g_atomic_int_get(&ctx.fired), ==, 1);
    /* it fired on time, not early: 20 ms of delay in the thread plus 3 ms */
    g_assert_cmpint(ctx.fire_at, >=, armed_from + 23000000);
    g_assert_false(modvm_timer_pending(ctx.timer));

    g_source_destroy(guard);
    g_source_unref(guard);
    modvm_timer_free(ctx.timer);
    modvm_clock_free(ctx.clock);
    g_main_context_unref(context);
}

static void test_attach_manual(void)
{
    GMainContext *context = g_main_context_new();
    AttachCtx ctx = { 0 };

    ctx.clock = modvm_clock_new(MODVM_CLOCK_MANUAL);
    ctx.timer = modvm_timer_new(ctx.clock, attach_cb, &ctx);
    modvm_clock_attach(ctx.clock, context);

    /* not due yet: an iteration does not run it (and does not block: may_block is FALSE) */
    modvm_timer_arm(ctx.timer, 10);
    g_main_context_iteration(context, FALSE);
    g_assert_cmpint(ctx.fired, ==, 0);

    modvm_timer_arm(ctx.timer, 0);
    g_main_context_iteration(context, FALSE);
    g_assert_cmpint(ctx.fired, ==, 1);

    modvm_timer_free(ctx.timer);
    modvm_clock_free(ctx.clock);
    g_main_context_unref(context);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/timer/manual/order", test_manual_order);
    g_test_add_func("/timer/manual/rearm", test_manual_rearm);
    g_test_add_func("/timer/manual/free-in-callback", test_manual_free_in_callback);
    g_test_add_func("/timer/manual/cancel", test_manual_cancel);
    g_test_add_func("/timer/manual/deadline", test_manual_deadline);
    g_test_add_func("/timer/virtual/pause", test_virtual_pause);
    g_test_add_func("/timer/host/now", test_host_clock);
    g_test_add_func("/timer/attach/cross-thread", test_attach_cross_thread);
    g_test_add_func("/timer/attach/manual", test_attach_manual);

    return g_test_run();
}
