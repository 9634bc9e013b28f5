/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The "tcg-accel" type: one vCPU thread running every CPU round-robin, and the execution loop. */
#include "tcg-internal.h"

/*
 * Threads and locks. One vCPU thread runs all CPUs, a time slice of
 * TCG_SLICE_BLOCKS blocks each, so the block cache, the TLBs and the page
 * tracking belong to that thread alone and take no locks. Other threads
 * only touch atomics (exit_request, interrupt_request, kicked, pause_req)
 * and, under TcgAccel.lock, the run control. Guest code runs without the
 * machine lock; the engine takes it around MMIO and code fetches from
 * MMIO. pause() must not be called with the machine lock held (the vCPU
 * may be waiting for it inside an MMIO access).
 */

MODVM_DEFINE_DYNAMIC_TYPE(TcgAccel, tcg_accel, "tcg-accel", MODVM_TYPE_ACCEL)

/*
 * tb-cache-size: an interpreter block costs about 1-2 KiB (24 bytes per
 * compiled op, a few ops per guest instruction, and the block itself), and
 * booting a Linux distribution to a shell translates 100-200 thousand
 * blocks. 256 MiB keeps such a working set without the periodic
 * flush-everything that a smaller cache turns into; small hosts lower it.
 */
static const ModvmProperty tcg_accel_props[] = {
    MODVM_PROP_BOOL("one-insn-per-tb", TcgAccel, one_insn_per_tb, FALSE,
                    "translate one guest instruction per block (debugging, like -singlestep)"),
    MODVM_PROP_SIZE("tb-cache-size", TcgAccel, tb_cache_size, 256ull << 20, 1ull << 20,
                    1ull << 40, "memory for translated code; all of it is dropped when full"),
    MODVM_PROP_BOOL("optimize", TcgAccel, optimize, TRUE,
                    "optimise the IR of each block (off: to debug the engine or a frontend)"),
    MODVM_PROP_END
};

static const ModvmTcgCpuOps *cpu_tcg_ops(ModvmCpu *cpu)
{
    return MODVM_CPU_GET_CLASS(cpu)->tcg_ops;
}

void tcg_vcpu_adopt(TcgAccel *acc, ModvmCpu *cpu)
{
    const ModvmTcgCpuOps *ops = cpu_tcg_ops(cpu);
    TcgVcpu *tc = g_new0(TcgVcpu, 1);

    tc->cpu = g_object_ref(cpu);
    tc->ops = ops;
    tc->state = modvm_tcg_state(cpu, ops);
    tc->accel = acc;
    tc->frame = acc->frame;
    tcg_vcpu_tlb_init(tc);
    tc->state->rt = &tcg_runtime;
    tc->state->engine = tc;
    tc->state->exception_index = -1;
    g_atomic_int_set(&tc->state->exit_request, 0);
    g_ptr_array_add(acc->vcpus, tc);
}

static void vcpu_free(TcgVcpu *tc)
{
    tc->state->engine = NULL;
    tc->state->rt = NULL;
    tcg_vcpu_tlb_fini(tc);
    if (tc->nocache_tb) {
        tcg_tb_free(tc->nocache_tb);
    }
    g_object_unref(tc->cpu);
    g_free(tc);
}

static void request_exit_all(TcgAccel *acc)
{
    for (guint i = 0; i < acc->vcpus->len; i++) {
        TcgVcpu *tc = acc->vcpus->pdata[i];
        g_atomic_int_set(&tc->state->exit_request, 1);
    }
}

static void log_block(TcgVcpu *tc, guint64 pc, guint64 flags)
{
    if (modvm_log_enabled(MODVM_LOG_CPU) && tc->ops->dump_state) {
        g_autoptr(GString) out = g_string_new(NULL);
        tc->ops->dump_state(tc->cpu, out);
        modvm_log(MODVM_LOG_CPU, "%s\n", out->str);
    }
    if (modvm_log_enabled(MODVM_LOG_EXEC)) {
        modvm_log(MODVM_LOG_EXEC, "Trace %u: pc=0x%016" G_GINT64_MODIFIER "x flags=0x%016"
                  G_GINT64_MODIFIER "x\n", modvm_cpu_index(tc->cpu), pc, flags);
    }
}

void tcg_cpu_exec(TcgVcpu *tc)
{
    TcgAccel *acc = tc->accel;
    ModvmTcgCpuState *s = tc->state;
    const ModvmTcgCpuOps *ops = tc->ops;

    tc->last_tb = NULL;
    if (sigsetjmp(s->jmp_env, 0) != 0) {
        /* a fault or a helper's raise: the frontend recorded what to deliver */
        tc->current_tb = NULL;
        tc->last_tb = NULL;
        if (tc->nocache_tb) {
            tcg_tb_free(tc->nocache_tb);
            tc->nocache_tb = NULL;
        }
    }
    for (;;) {
        guint64 pc, flags;
        guintptr ret;
        TcgTb *tb;

        if (tc->last_tb && tc->last_tb->invalid) {
            tc->last_tb = NULL;
        }
        tcg_tb_free_deferred(acc);
        if (s->exception_index >= 0) {
            if (modvm_log_enabled(MODVM_LOG_INT)) {
                modvm_log(MODVM_LOG_INT, "cpu %u: exception %d at pc 0x%016" G_GINT64_MODIFIER
                          "x\n", modvm_cpu_index(tc->cpu), s->exception_index,
                          *(guint64 *)((char *)tc->cpu + ops->pc_offset));
            }
            ops->do_interrupt(tc->cpu);
            s->exception_index = -1;
            tc->last_tb = NULL;
        }
        if (g_atomic_int_get(&s->exit_request)) {
            g_atomic_int_set(&s->exit_request, 0);
            if (g_atomic_int_get(&acc->pause_req) || g_atomic_int_get(&acc->stop_req) ||
                (acc->vcpus->len > 1 && g_atomic_int_get(&acc->kicked))) {
                break;
            }
        }
        if (s->halted) {
            if (!ops->has_work || !ops->has_work(tc->cpu)) {
                break;
            }
            s->halted = FALSE;
        }
        if (g_atomic_int_get((gint *)&s->interrupt_request) && ops->exec_interrupt &&
            ops->exec_interrupt(tc->cpu)) {
            tc->last_tb = NULL;
            continue;
        }
        if (tc->budget <= 0) {
            break;
        }

        ops->get_tb_state(tc->cpu, &pc, &flags);
        tb = tcg_tb_find(tc, pc, flags);
        if (tc->last_tb && !acc->log_exec && !tb->nocache && !tb->invalid &&
            tc->last_tb->flags == tb->flags && tc->last_tb->jmp[tc->last_slot].pc == pc) {
            tcg_tb_link(acc, tc->last_tb, tc->last_slot, tb);
        }
        if (tb->nocache) {
            tc->nocache_tb = tb;
        }
        acc->stats.loop_blocks++;
        if (G_UNLIKELY(acc->log_exec)) {
            /* every block through here: no chained or looked-up continuation */
            gint budget = tc->budget - 1;
            log_block(tc, pc, flags);
            tc->budget = 1;
            ret = tcg_interp_exec(tc, tb);
            tc->budget = budget;
        } else {
            tc->budget--;
            ret = tcg_interp_exec(tc, tb);
        }
        tc->current_tb = NULL;
        tc->last_tb = (TcgTb *)(ret & ~(guintptr)TCG_EXIT_MASK);
        tc->last_slot = ret & TCG_EXIT_MASK;
        if (tc->last_slot == TCG_EXIT_NOCHAIN || tc->last_tb->nocache) {
            tc->last_tb = NULL;
        }
        if (tc->nocache_tb) {
            tcg_tb_free(tc->nocache_tb);
            tc->nocache_tb = NULL;
        }
    }
}

/* Parks the thread while paused; FALSE when it is to end. */
static gboolean thread_wait_run(TcgAccel *acc)
{
    gboolean flush;

    g_mutex_lock(&acc->lock);
    while (g_atomic_int_get(&acc->pause_req) || g_atomic_int_get(&acc->stop_req)) {
        acc->paused = TRUE;
        g_cond_broadcast(&acc->acked);
        if (g_atomic_int_get(&acc->stop_req)) {
            g_mutex_unlock(&acc->lock);
            return FALSE;
        }
        g_cond_wait(&acc->wake, &acc->lock);
    }
    acc->paused = FALSE;
    flush = acc->flush_pending;
    acc->flush_pending = FALSE;
    g_mutex_unlock(&acc->lock);

    if (flush) {
        /* while paused, anything may have changed guest memory and its map (reset, loaders) */
        tcg_tb_flush_all(acc);
        for (guint i = 0; i < acc->vcpus->len; i++) {
            tcg_tlb_flush(acc->vcpus->pdata[i]);
        }
    }
    return TRUE;
}

static void thread_idle(TcgAccel *acc)
{
    /* timers run on the I/O thread and kick us; the timeout is only a safety net */
    gint64 end = g_get_monotonic_time() + 100 * G_TIME_SPAN_MILLISECOND;

    g_mutex_lock(&acc->lock);
    while (!g_atomic_int_get(&acc->kicked) && !g_atomic_int_get(&acc->pause_req) &&
           !g_atomic_int_get(&acc->stop_req)) {
        if (!g_cond_wait_until(&acc->wake, &acc->lock, end)) {
            break;
        }
    }
    g_mutex_unlock(&acc->lock);
}

static gpointer vcpu_thread(gpointer data)
{
    TcgAccel *acc = data;

    while (thread_wait_run(acc)) {
        gboolean ran = FALSE;

        /* a kick from here on is seen by the has_work checks or stops the idle wait */
        g_atomic_int_set(&acc->kicked, 0);
        tcg_check_code_dirty(acc);
        acc->log_exec = modvm_log_enabled(MODVM_LOG_EXEC | MODVM_LOG_CPU);
        for (guint i = 0; i < acc->vcpus->len; i++) {
            TcgVcpu *tc = acc->vcpus->pdata[i];

            if (g_atomic_int_get(&acc->pause_req) || g_atomic_int_get(&acc->stop_req)) {
                break;
            }
            if (tc->state->halted && (!tc->ops->has_work || !tc->ops->has_work(tc->cpu))) {
                continue;
            }
            tc->budget = TCG_SLICE_BLOCKS;
            modvm_cpu_set_current(tc->cpu);
            tcg_cpu_exec(tc);
            modvm_cpu_set_current(NULL);
            ran = TRUE;
        }
        if (!ran) {
            thread_idle(acc);
        }
    }
    return NULL;
}

static gboolean tcg_accel_available(ModvmAccel *accel, ModvmMachine *machine, GError **error)
{
    const char *type = modvm_machine_cpu_type(machine);
    GType t = type ? g_type_from_name(type) : 0;
    gboolean ok = TRUE;

    if (t && g_type_is_a(t, MODVM_TYPE_CPU)) {
        ModvmCpuClass *klass = g_type_class_ref(t);
        if (!klass->tcg_ops) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_UNSUPPORTED,
                        "CPU type '%s' cannot run under software translation; try -accel kvm",
                        type);
            ok = FALSE;
        }
        g_type_class_unref(klass);
    }
    return ok;
}

static gboolean tcg_accel_init_machine(ModvmAccel *accel, ModvmMachine *machine, GError **error)
{
    TcgAccel *acc = TCG_ACCEL(accel);

    acc->machine = machine;
    acc->as = modvm_machine_address_space(machine);
    return TRUE;
}

/* Takes on the machine's CPUs it does not run yet; only while the thread is parked. */
static gboolean adopt_cpus(TcgAccel *acc, GError **error)
{
    GPtrArray *cpus = modvm_machine_get_cpus(acc->machine);

    for (guint i = acc->vcpus->len; i < cpus->len; i++) {
        ModvmCpu *cpu = cpus->pdata[i];
        const ModvmTcgCpuOps *ops = cpu_tcg_ops(cpu);
        if (!ops || !ops->get_tb_state || !ops->fetch_mmu_idx || !ops->translate ||
            !ops->tlb_fill || !ops->do_interrupt) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_UNSUPPORTED,
                        "CPU '%s' (%s) cannot run under software translation",
                        modvm_object_get_name(MODVM_OBJECT(cpu)),
                        modvm_object_type_name(MODVM_OBJECT(cpu)));
            return FALSE;
        }
        tcg_vcpu_adopt(acc, cpu);
    }
    return TRUE;
}

static gboolean tcg_accel_start(ModvmAccel *accel, GError **error)
{
    TcgAccel *acc = TCG_ACCEL(accel);
    gboolean ok = TRUE;

    if (!acc->machine) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED,
                    "the software engine was started before init_machine");
        return FALSE;
    }
    g_mutex_lock(&acc->lock);
    if (!acc->thread) {
        ok = adopt_cpus(acc, error);
        if (ok) {
            g_atomic_int_set(&acc->pause_req, 0);
            g_atomic_int_set(&acc->stop_req, 0);
            acc->paused = FALSE;
            acc->thread = g_thread_try_new("tcg-vcpu", vcpu_thread, acc, error);
            ok = acc->thread != NULL;
        }
    } else if (g_atomic_int_get(&acc->pause_req)) {
        /* CPUs added meanwhile join only while the thread is parked */
        ok = !acc->paused || adopt_cpus(acc, error);
        if (ok) {
            acc->flush_pending = TRUE;
            g_atomic_int_set(&acc->pause_req, 0);
            g_cond_broadcast(&acc->wake);
        }
    }
    g_mutex_unlock(&acc->lock);
    if (!ok) {
        g_prefix_error(error, "software engine: ");
    }
    return ok;
}

static void tcg_accel_pause(ModvmAccel *accel)
{
    TcgAccel *acc = TCG_ACCEL(accel);

    g_mutex_lock(&acc->lock);
    if (acc->thread) {
        g_atomic_int_set(&acc->pause_req, 1);
        request_exit_all(acc);
        g_cond_broadcast(&acc->wake);
        /* from the vCPU thread itself (a helper): it parks at the next block boundary */
        while (g_thread_self() != acc->thread && !acc->paused) {
            g_cond_wait(&acc->acked, &acc->lock);
        }
    }
    g_mutex_unlock(&acc->lock);
}

static void tcg_accel_stop(ModvmAccel *accel)
{
    TcgAccel *acc = TCG_ACCEL(accel);
    GThread *thread;

    g_mutex_lock(&acc->lock);
    thread = acc->thread;
    if (thread) {
        g_atomic_int_set(&acc->stop_req, 1);
        request_exit_all(acc);
        g_cond_broadcast(&acc->wake);
    }
    g_mutex_unlock(&acc->lock);
    if (!thread || thread == g_thread_self()) {
        return;
    }
    g_thread_join(thread);
    g_mutex_lock(&acc->lock);
    acc->thread = NULL;
    acc->paused = FALSE;
    g_atomic_int_set(&acc->pause_req, 0);
    g_atomic_int_set(&acc->stop_req, 0);
    g_mutex_unlock(&acc->lock);
}

static void tcg_accel_kick_cpu(ModvmAccel *accel, ModvmCpu *cpu)
{
    TcgAccel *acc = TCG_ACCEL(accel);
    const ModvmTcgCpuOps *ops = cpu_tcg_ops(cpu);

    if (ops) {
        g_atomic_int_set(&modvm_tcg_state(cpu, ops)->exit_request, 1);
    }
    g_mutex_lock(&acc->lock);
    g_atomic_int_set(&acc->kicked, 1);
    if (acc->vcpus->len > 1) {
        /* whichever CPU runs now leaves its slice so the kicked one gets a turn */
        request_exit_all(acc);
    }
    g_cond_broadcast(&acc->wake);
    g_mutex_unlock(&acc->lock);
}

static void tcg_accel_finalize(GObject *obj)
{
    TcgAccel *acc = TCG_ACCEL(obj);

    tcg_accel_stop(MODVM_ACCEL(acc));
    tcg_cache_fini(acc);
    g_ptr_array_free(acc->vcpus, TRUE);
    tcg_translate_fini(acc);
    tcg_disas_fini(acc);
    g_hash_table_unref(acc->ram_refs);
    g_free(acc->frame);
    g_mutex_clear(&acc->lock);
    g_cond_clear(&acc->wake);
    g_cond_clear(&acc->acked);
    G_OBJECT_CLASS(tcg_accel_parent_class)->finalize(obj);
}

static void tcg_accel_class_init(TcgAccelClass *klass)
{
    ModvmAccelClass *ac = MODVM_ACCEL_CLASS(klass);

    G_OBJECT_CLASS(klass)->finalize = tcg_accel_finalize;
    MODVM_OBJECT_CLASS(klass)->description =
        "software translation: any host runs any guest, an IR interpreter underneath";
    modvm_class_install_properties(G_OBJECT_CLASS(klass), tcg_accel_props);
    ac->accel_name = "tcg";
    ac->available = tcg_accel_available;
    ac->init_machine = tcg_accel_init_machine;
    ac->start = tcg_accel_start;
    ac->pause = tcg_accel_pause;
    ac->stop = tcg_accel_stop;
    ac->kick_cpu = tcg_accel_kick_cpu;
    tcg_interp_init();
    tcg_tlb_init_empty();
}

static void tcg_accel_init(TcgAccel *acc)
{
    g_mutex_init(&acc->lock);
    g_cond_init(&acc->wake);
    g_cond_init(&acc->acked);
    acc->vcpus = g_ptr_array_new_with_free_func((GDestroyNotify)vcpu_free);
    acc->frame = g_new0(guint64, TCG_MAX_SLOTS + 1);
    acc->ram_refs = g_hash_table_new_full(NULL, NULL,
                                          (GDestroyNotify)modvm_memory_region_unref, NULL);
    tcg_cache_init(acc);
}
