/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding the block for (pc, flags), or translating it: fetch, frontend, optimiser, backend. */
#include "tcg-internal.h"

/*
 * A fetch that fails past the block's first instruction ends the block
 * before that instruction: the translator leaves the frontend with
 * siglongjmp and translates again with fewer instructions. Which
 * instruction a fetch belongs to is not always known (a frontend may count
 * an instruction before or after fetching it), so the retry keeps one
 * instruction fewer than were counted, and only a block already limited to
 * one instruction delivers the fault.
 */

static void end_block_here(TcgTranslate *t)
{
    siglongjmp(t->jmp, 1);
}

static void resolve_second_page(TcgTranslate *t, guint64 page)
{
    TcgVcpu *tc = t->tc;
    guint64 paddr, mr_offset;
    const guint8 *host;
    ModvmMemoryRegion *mr;

    if (!tcg_tlb_code_page(tc, page, t->mmu_idx, TRUE, &paddr, &host, &mr, &mr_offset)) {
        if (t->ctx.max_insns > 1) {
            end_block_here(t);
        }
        /* records the fault and raises it; returns only if it went away meanwhile */
        tcg_tlb_code_page(tc, page, t->mmu_idx, FALSE, &paddr, &host, &mr, &mr_offset);
    }
    if (!host) {
        if (t->ctx.max_insns > 1) {
            end_block_here(t);
        }
        t->nocache = TRUE;
    } else if (!t->nocache) {
        tcg_page_prepare(tc->accel, paddr, mr, mr_offset);
    }
    t->have[1] = TRUE;
    t->vpage[1] = page;
    t->ppage[1] = paddr;
    t->host[1] = host;
    t->mr[1] = mr;
    t->mr_offset[1] = mr_offset;
}

static guint8 fetch_byte(TcgTranslate *t, guint64 addr)
{
    guint64 page = addr & TCG_PAGE_MASK, v = 0xff;
    guint p = 0;

    if (page != t->vpage[0]) {
        if (!t->have[1]) {
            resolve_second_page(t, page);
        } else if (page != t->vpage[1]) {
            if (t->ctx.max_insns == 1) {
                g_error("accel-tcg: one instruction at 0x%" G_GINT64_MODIFIER "x fetched from "
                        "three pages", t->ctx.pc_first);
            }
            end_block_here(t);
        }
        p = 1;
    }
    if (t->host[p]) {
        return t->host[p][addr & ~TCG_PAGE_MASK];
    }
    /* code in MMIO or partly mapped memory: run once, fetched through the address space */
    modvm_machine_lock(t->tc->accel->machine);
    modvm_address_space_load(t->tc->accel->as, t->ppage[p] | (addr & ~TCG_PAGE_MASK), 1,
                             MODVM_ENDIAN_BIG, &v);
    modvm_machine_unlock(t->tc->accel->machine);
    return (guint8)v;
}

static guint64 tr_fetch(ModvmTcgContext *ctx, guint64 pc, unsigned size, gboolean big_endian)
{
    TcgTranslate *t = ctx->engine;
    guint64 v = 0;

    if (size == 0 || size > 8) {
        g_error("accel-tcg: fetch of %u bytes at 0x%" G_GINT64_MODIFIER "x", size, pc);
    }
    for (unsigned i = 0; i < size; i++) {
        guint64 b = fetch_byte(t, pc + i);
        v |= b << (8 * (big_endian ? size - 1 - i : i));
    }
    if (pc - t->ctx.pc_first + size > t->end - t->ctx.pc_first) {
        t->end = pc + size;
    }
    return v;
}

static TcgTb *translate(TcgVcpu *tc, guint64 pc, guint64 flags, unsigned mmu_idx,
                        guint64 paddr, const guint8 *host, ModvmMemoryRegion *mr,
                        guint64 mr_offset, gboolean nocache)
{
    TcgAccel *acc = tc->accel;
    TcgTranslate *t = &acc->tr;
    ModvmTcgContext *ctx = &t->ctx;
    volatile guint max = (nocache || acc->one_insn_per_tb) ? 1 : TCG_MAX_INSNS;
    TcgTb *tb;

    if (host && !nocache) {
        tcg_page_prepare(acc, paddr, mr, mr_offset);
    }
    for (;;) {
        t->tc = tc;
        t->mmu_idx = mmu_idx;
        t->nocache = nocache || !host;
        t->have[0] = TRUE;
        t->vpage[0] = pc & TCG_PAGE_MASK;
        t->ppage[0] = paddr;
        t->host[0] = host;
        t->mr[0] = mr;
        t->mr_offset[0] = mr_offset;
        t->have[1] = FALSE;
        t->vpage[1] = G_MAXUINT64;
        t->host[1] = NULL;
        t->end = pc;
        t->tops.fetch = tr_fetch;
        ctx->n_ops = 0;
        ctx->n_temps = 1;
        ctx->n_labels = 0;
        ctx->pc_first = pc;
        ctx->flags = flags;
        ctx->max_insns = max;
        ctx->n_insns = 0;
        ctx->tops = &t->tops;
        ctx->engine = t;

        if (sigsetjmp(t->jmp, 0) != 0) {
            guint done = MIN(ctx->n_insns, max);
            max = done > 1 ? done - 1 : 1;
            continue;
        }
        tc->ops->translate(tc->cpu, ctx);
        if (modvm_log_enabled(MODVM_LOG_IN_ASM)) {
            tcg_log_in_asm(acc, t);
        }

        tcg_ir_from_context(&acc->ir, ctx);
        if (modvm_log_enabled(MODVM_LOG_OP)) {
            tcg_log_ir("OP:", &acc->ir);
        }
        if (acc->optimize) {
            tcg_optimize(&acc->ir);
            if (modvm_log_enabled(MODVM_LOG_OP)) {
                tcg_log_ir("OP after optimization:", &acc->ir);
            }
        }
        tb = g_new0(TcgTb, 1);
        tb->pc = pc;            /* the compiler keeps instruction pcs relative to it */
        if (tcg_interp_compile(&acc->ir, tb, acc->force_ffi)) {
            break;
        }
        g_free(tb);
        if (max == 1) {
            g_error("accel-tcg: one instruction at 0x%" G_GINT64_MODIFIER "x needs more than %u "
                    "temps", pc, TCG_MAX_SLOTS);
        }
        max = MAX(1, ctx->n_insns / 2);
    }

    tb->pc = pc;
    tb->flags = flags;
    tb->ops = tc->ops;
    tb->phys_pc = paddr | (pc & ~TCG_PAGE_MASK);
    tb->page_addr[0] = paddr;
    tb->page_addr[1] = t->have[1] ? t->ppage[1] : G_MAXUINT64;
    if (!t->nocache) {
        tb->page_mr[0] = mr;
        tb->page_mr_offset[0] = mr_offset & TCG_PAGE_MASK;
        if (t->have[1]) {
            tb->page_mr[1] = t->mr[1];
            tb->page_mr_offset[1] = t->mr_offset[1] & TCG_PAGE_MASK;
        }
    }
    tb->size = (guint32)MIN(t->end - pc, 2 * TCG_PAGE_SIZE);
    tb->n_guest_insns = ctx->n_insns;
    tb->nocache = t->nocache;
    acc->stats.translations++;
    if (tb->nocache) {
        acc->stats.nocache_blocks++;
    } else {
        tcg_tb_insert(acc, tb, t);
    }
    return tb;
}

/* Invalidates what others wrote on @tb's pages (and so @tb). */
static void settle_code_writes(TcgAccel *acc, TcgTb *tb)
{
    for (guint p = 0; p < 2; p++) {
        if (tb->page_mr[p]) {
            tcg_page_prepare(acc, tb->page_addr[p], tb->page_mr[p], tb->page_mr_offset[p]);
        }
    }
}

/*
 * Every block entered from the loop or through LOOKUP_AND_GOTO has its
 * pages' code dirty bits looked at first: code written by DMA and then
 * reached through the loop or an indirect jump is never run stale.
 */
TcgTb *tcg_tb_find(TcgVcpu *tc, guint64 pc, guint64 flags)
{
    TcgAccel *acc = tc->accel;
    guint h = tcg_jc_hash(pc);
    gboolean nocache = tc->nocache_next;
    guint64 paddr, mr_offset;
    const guint8 *host;
    ModvmMemoryRegion *mr;
    unsigned mmu_idx;
    TcgTb *tb;

    if (!nocache) {
        tb = tc->jc[h];
        if (tb && tb->pc == pc && tb->flags == flags) {
            if (G_LIKELY(!tcg_tb_code_dirty(tb))) {
                return tb;
            }
            settle_code_writes(acc, tb);
        }
    }
    mmu_idx = tc->ops->fetch_mmu_idx(flags);
    /* a fault here is the first instruction's: raised to the loop */
    tcg_tlb_code_page(tc, pc, mmu_idx, FALSE, &paddr, &host, &mr, &mr_offset);
    if (!nocache && host) {
        tb = tcg_tb_lookup(acc, tc, paddr | (pc & ~TCG_PAGE_MASK), pc, flags);
        if (tb && !tcg_tb_code_dirty(tb)) {
            tc->jc[h] = tb;
            return tb;
        }
    }
    tc->nocache_next = FALSE;
    tb = translate(tc, pc, flags, mmu_idx, paddr, host, mr, mr_offset, nocache);
    if (!tb->nocache) {
        tc->jc[h] = tb;
    }
    return tb;
}

void tcg_translate_fini(TcgAccel *acc)
{
    g_clear_pointer(&acc->tr.ctx.ops, g_free);
    acc->tr.ctx.cap_ops = 0;
    tcg_ir_clear(&acc->ir);
}

void tcg_test_run_context(ModvmTcgContext *ctx, gpointer env, gboolean optimize,
                          gboolean force_ffi)
{
    static const ModvmTcgCpuOps ops = { 0 };
    ModvmTcgCpuState state = { .exception_index = -1 };
    TcgIr ir = { 0 };
    TcgTb *tb = g_new0(TcgTb, 1);
    TcgVcpu *tc = g_new0(TcgVcpu, 1);

    tcg_interp_init();
    tcg_tlb_init_empty();
    tcg_ir_from_context(&ir, ctx);
    if (optimize) {
        tcg_optimize(&ir);
    }
    if (!tcg_interp_compile(&ir, tb, force_ffi)) {
        g_error("accel-tcg: test block does not compile");
    }
    tc->cpu = env;
    tc->ops = &ops;
    tc->state = &state;
    tc->frame = g_new0(guint64, tb->n_slots + 1);
    tc->budget = 1;
    tcg_vcpu_tlb_init(tc);
    tcg_interp_exec(tc, tb);
    g_free(tc->frame);
    g_free(tc);
    tcg_tb_free(tb);
    tcg_ir_clear(&ir);
}
