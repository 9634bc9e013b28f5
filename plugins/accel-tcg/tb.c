/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The block cache: lookup, pages holding code, chaining and invalidation when code is written. */
#include "tcg-internal.h"

/*
 * A block is found by (physical address of its pc, pc, flags, CPU class);
 * the per-CPU jump cache keyed by pc alone sits in front and is emptied
 * whenever the CPU's TLB is, so it never outlives the mapping it was
 * filled under. Chained jumps that leave their page are undone at every
 * TLB flush for the same reason.
 *
 * Every physical page a cached block was translated from is a TcgPage.
 * Writes by the vCPU thread reach a page with code only through the TLB
 * slow path (its write tag carries TCG_TLB_CODE), which invalidates the
 * blocks the written bytes overlap before writing. Writes by anyone else
 * (DMA on the I/O thread, loaders, hypercalls through the address space)
 * only set the page's MODVM_DIRTY_CODE bit, and are caught three ways:
 *  - a block entered from the loop or through LOOKUP_AND_GOTO has its
 *    pages' bits looked at first (tcg_tb_code_dirty), so code reached
 *    after a write (a call through a pointer, a return, a new mapping)
 *    is never stale;
 *  - tcg_check_code_dirty scans every page with code at each scheduler
 *    pass (at least once per time slice) and at resume;
 *  - the bit of a page is cleared before code is fetched from it, so a
 *    write during translation is seen too.
 * What this leaves open: code rewritten behind a direct jump chained
 * within one page, run within the same time slice, with no TLB flush in
 * between. Closing it needs a hook from the core's address-space writes.
 */

#define TCG_HASH_BITS 16

static gint page_compare(gconstpointer a, gconstpointer b, gpointer data)
{
    const TcgPage *pa = a, *pb = b;

    if (pa->mr != pb->mr) {
        return (guintptr)pa->mr < (guintptr)pb->mr ? -1 : 1;
    }
    if (pa->mr_offset != pb->mr_offset) {
        return pa->mr_offset < pb->mr_offset ? -1 : 1;
    }
    return pa->addr < pb->addr ? -1 : pa->addr > pb->addr;
}

void tcg_cache_init(TcgAccel *acc)
{
    acc->n_buckets = 1u << TCG_HASH_BITS;
    acc->buckets = g_new0(TcgTb *, acc->n_buckets);
    acc->pages = g_hash_table_new(g_int64_hash, g_int64_equal);
    acc->page_tree = g_tree_new_full(page_compare, NULL, NULL, NULL);
    acc->code_regions = g_hash_table_new(NULL, NULL);
    acc->deferred = g_ptr_array_new();
}

static void page_free(TcgPage *page)
{
    g_ptr_array_unref(page->tbs);
    g_free(page);
}

static void free_all_pages(TcgAccel *acc)
{
    GHashTableIter it;
    gpointer value;

    g_hash_table_iter_init(&it, acc->pages);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        page_free(value);
    }
    g_hash_table_remove_all(acc->pages);
    g_tree_destroy(acc->page_tree);
    acc->page_tree = g_tree_new_full(page_compare, NULL, NULL, NULL);
    g_hash_table_remove_all(acc->code_regions);
}

void tcg_tb_free(TcgTb *tb)
{
    g_free(tb->code);
    g_free(tb);
}

void tcg_tb_free_deferred(TcgAccel *acc)
{
    for (guint i = 0; i < acc->deferred->len; i++) {
        tcg_tb_free(acc->deferred->pdata[i]);
    }
    g_ptr_array_set_size(acc->deferred, 0);
}

void tcg_cache_fini(TcgAccel *acc)
{
    if (!acc->buckets) {
        return;
    }
    tcg_tb_free_deferred(acc);
    for (guint i = 0; i < acc->n_buckets; i++) {
        for (TcgTb *tb = acc->buckets[i], *next; tb; tb = next) {
            next = tb->hash_next;
            tcg_tb_free(tb);
        }
    }
    g_clear_pointer(&acc->buckets, g_free);
    free_all_pages(acc);
    g_clear_pointer(&acc->pages, g_hash_table_unref);
    g_clear_pointer(&acc->page_tree, g_tree_destroy);
    g_clear_pointer(&acc->code_regions, g_hash_table_unref);
    g_clear_pointer(&acc->deferred, g_ptr_array_unref);
}

static guint32 tb_hash(guint64 phys_pc, guint64 pc, guint64 flags)
{
    guint64 h = phys_pc * 0x9E3779B97F4A7C15ull;

    h ^= (pc >> 2) * 0xC2B2AE3D27D4EB4Full;
    h ^= flags * 0x165667B19E3779F9ull;
    h ^= h >> 31;
    return (guint32)h ^ (guint32)(h >> 32);
}

TcgTb *tcg_tb_lookup(TcgAccel *acc, TcgVcpu *tc, guint64 phys_pc, guint64 pc, guint64 flags)
{
    guint32 h = tb_hash(phys_pc, pc, flags);

    for (TcgTb *tb = acc->buckets[h & (acc->n_buckets - 1)]; tb; tb = tb->hash_next) {
        if (tb->hash != h || tb->pc != pc || tb->flags != flags || tb->phys_pc != phys_pc ||
            tb->ops != tc->ops) {
            continue;
        }
        if (tb->page_addr[1] != G_MAXUINT64) {
            /* the second page must still map where it did */
            guint64 p2;
            const guint8 *host;
            ModvmMemoryRegion *mr;
            guint64 off;
            if (!tcg_tlb_code_page(tc, (pc & TCG_PAGE_MASK) + TCG_PAGE_SIZE,
                                   tc->ops->fetch_mmu_idx(flags), TRUE, &p2, &host, &mr, &off) ||
                p2 != tb->page_addr[1]) {
                continue;
            }
        }
        return tb;
    }
    return NULL;
}

TcgPage *tcg_page_find(TcgAccel *acc, guint64 paddr)
{
    guint64 key = paddr & TCG_PAGE_MASK;
    return g_hash_table_lookup(acc->pages, &key);
}

static TcgPage *page_get(TcgAccel *acc, guint64 paddr, ModvmMemoryRegion *mr, guint64 mr_offset)
{
    TcgPage *page = tcg_page_find(acc, paddr);

    if (!page) {
        page = g_new0(TcgPage, 1);
        page->addr = paddr & TCG_PAGE_MASK;
        page->mr = mr;
        page->mr_offset = mr_offset & TCG_PAGE_MASK;
        page->tbs = g_ptr_array_new();
        g_hash_table_insert(acc->pages, &page->addr, page);
        g_tree_insert(acc->page_tree, page, page);
        g_hash_table_insert(acc->code_regions, mr,
                            GUINT_TO_POINTER(GPOINTER_TO_UINT(
                                g_hash_table_lookup(acc->code_regions, mr)) + 1));
        /* from now on every vCPU writes to it through the slow path */
        tcg_tlb_protect_code(acc, page->addr);
    }
    return page;
}

static void page_remove(TcgAccel *acc, TcgPage *page)
{
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(acc->code_regions, page->mr));

    if (n <= 1) {
        g_hash_table_remove(acc->code_regions, page->mr);
    } else {
        g_hash_table_insert(acc->code_regions, page->mr, GUINT_TO_POINTER(n - 1));
    }
    g_tree_remove(acc->page_tree, page);
    g_hash_table_remove(acc->pages, &page->addr);
    page_free(page);
}

void tcg_tb_insert(TcgAccel *acc, TcgTb *tb, TcgTranslate *t)
{
    gsize cost = sizeof(TcgTb) + tb->code_size;
    guint b;

    /* full: start over rather than track which blocks are cold */
    if (acc->cache_used + cost > acc->tb_cache_size) {
        tcg_tb_flush_all(acc);
    }
    acc->cache_used += cost;
    tb->hash = tb_hash(tb->phys_pc, tb->pc, tb->flags);
    b = tb->hash & (acc->n_buckets - 1);
    tb->hash_next = acc->buckets[b];
    acc->buckets[b] = tb;
    for (guint p = 0; p < 2; p++) {
        if (tb->page_addr[p] != G_MAXUINT64) {
            g_ptr_array_add(page_get(acc, tb->page_addr[p], t->mr[p], t->mr_offset[p])->tbs, tb);
        }
    }
}

static void x_insert(TcgAccel *acc, TcgJmp *j)
{
    j->x_next = acc->xlinks;
    if (acc->xlinks) {
        acc->xlinks->x_pprev = &j->x_next;
    }
    acc->xlinks = j;
    j->x_pprev = &acc->xlinks;
}

static void x_remove(TcgJmp *j)
{
    if (!j->x_pprev) {
        return;
    }
    *j->x_pprev = j->x_next;
    if (j->x_next) {
        j->x_next->x_pprev = j->x_pprev;
    }
    j->x_next = NULL;
    j->x_pprev = NULL;
}

static void jmp_unlink(TcgJmp *j)
{
    TcgJmp **pp;

    if (!j->dest) {
        return;
    }
    for (pp = &j->dest->jmp_in; *pp != j; pp = &(*pp)->in_next) {
    }
    *pp = j->in_next;
    j->in_next = NULL;
    j->dest = NULL;
    x_remove(j);
}

/*
 * A chained jump that leaves its virtual page, or touches a block spanning
 * two, depends on mappings a TLB flush may change: those are undone at
 * every flush and redone by the loop when next taken.
 */
void tcg_tb_link(TcgAccel *acc, TcgTb *src, guint slot, TcgTb *dest)
{
    TcgJmp *j = &src->jmp[slot];

    if (j->dest == dest) {
        return;
    }
    jmp_unlink(j);
    j->src = src;
    j->slot = slot;
    j->dest = dest;
    j->in_next = dest->jmp_in;
    dest->jmp_in = j;
    if ((src->pc >> TCG_PAGE_BITS) != (dest->pc >> TCG_PAGE_BITS) ||
        src->page_addr[1] != G_MAXUINT64 || dest->page_addr[1] != G_MAXUINT64) {
        x_insert(acc, j);
    }
    acc->stats.links++;
}

void tcg_unlink_cross_page(TcgAccel *acc)
{
    while (acc->xlinks) {
        jmp_unlink(acc->xlinks);
    }
}

static void tb_invalidate(TcgAccel *acc, TcgTb *tb, TcgPage *from)
{
    TcgTb **pp;

    if (tb->invalid) {
        return;
    }
    tb->invalid = TRUE;
    acc->stats.invalidations++;
    for (pp = &acc->buckets[tb->hash & (acc->n_buckets - 1)]; *pp && *pp != tb;
         pp = &(*pp)->hash_next) {
    }
    if (*pp) {
        *pp = tb->hash_next;
    }
    for (guint i = 0; i < acc->vcpus->len; i++) {
        TcgVcpu *tc = acc->vcpus->pdata[i];
        guint h = tcg_jc_hash(tb->pc);
        if (tc->jc[h] == tb) {
            tc->jc[h] = NULL;
        }
    }
    jmp_unlink(&tb->jmp[0]);
    jmp_unlink(&tb->jmp[1]);
    for (TcgJmp *j = tb->jmp_in, *next; j; j = next) {
        next = j->in_next;
        j->in_next = NULL;
        j->dest = NULL;
        x_remove(j);
    }
    tb->jmp_in = NULL;
    for (guint p = 0; p < 2; p++) {
        TcgPage *page;
        if (tb->page_addr[p] == G_MAXUINT64) {
            continue;
        }
        page = tcg_page_find(acc, tb->page_addr[p]);
        if (page && page != from) {
            g_ptr_array_remove_fast(page->tbs, tb);
            if (page->tbs->len == 0) {
                page_remove(acc, page);
            }
        }
    }
    /* it may be running: freed at the loop's next iteration */
    g_ptr_array_add(acc->deferred, tb);
}

static void page_invalidate(TcgAccel *acc, TcgPage *page)
{
    for (guint i = 0; i < page->tbs->len; i++) {
        tb_invalidate(acc, page->tbs->pdata[i], page);
    }
    page_remove(acc, page);
}

void tcg_page_prepare(TcgAccel *acc, guint64 paddr, ModvmMemoryRegion *mr, guint64 mr_offset)
{
    if (modvm_memory_region_test_and_clear_dirty(mr, mr_offset & TCG_PAGE_MASK, TCG_PAGE_SIZE,
                                                 MODVM_DIRTY_CODE)) {
        TcgPage *page = tcg_page_find(acc, paddr);
        if (page) {
            page_invalidate(acc, page);
        }
    }
}

static gboolean ranges_overlap(guint64 a, guint64 alen, guint64 b, guint64 blen)
{
    return a < b + blen && b < a + alen;
}

static gboolean tb_overlaps(const TcgTb *tb, guint64 paddr, guint len)
{
    guint64 first = MIN(tb->size, TCG_PAGE_SIZE - (tb->phys_pc & ~TCG_PAGE_MASK));

    if (ranges_overlap(tb->phys_pc, MAX(first, 1), paddr, len)) {
        return TRUE;
    }
    return tb->page_addr[1] != G_MAXUINT64 && tb->size > first &&
           ranges_overlap(tb->page_addr[1], tb->size - first, paddr, len);
}

void tcg_code_write(TcgVcpu *tc, guint64 paddr, guint len)
{
    TcgAccel *acc = tc->accel;
    TcgPage *page = tcg_page_find(acc, paddr);
    gboolean hit_current = FALSE;

    if (!page) {
        return;
    }
    /* someone else wrote the page and we have not looked yet: all of it is suspect */
    if (modvm_memory_region_test_and_clear_dirty(page->mr, page->mr_offset, TCG_PAGE_SIZE,
                                                 MODVM_DIRTY_CODE)) {
        hit_current = tc->current_tb && !tc->current_tb->nocache &&
                      (tc->current_tb->page_addr[0] == page->addr ||
                       tc->current_tb->page_addr[1] == page->addr);
        page_invalidate(acc, page);
    } else {
        for (guint i = 0; i < page->tbs->len;) {
            TcgTb *tb = page->tbs->pdata[i];
            if (tb_overlaps(tb, paddr, len)) {
                hit_current |= tb == tc->current_tb;
                tb_invalidate(acc, tb, page);
                g_ptr_array_remove_index_fast(page->tbs, i);
            } else {
                i++;
            }
        }
        if (page->tbs->len == 0) {
            page_remove(acc, page);
        }
    }
    if (hit_current) {
        /*
         * The running block was made from the bytes being written: redo
         * this instruction, store included, from a one-off block, and
         * translate what follows from the new bytes.
         */
        acc->stats.smc_restarts++;
        tc->nocache_next = TRUE;
        tcg_raise(tc, TRUE);
    }
}

typedef struct {
    TcgAccel *acc;
    ModvmMemoryRegion *mr;      /* the region being scanned */
    guint64 gap;                /* its offset up to which bits are settled */
    gboolean mr_dirty;
    GArray *victims;            /* page addresses: invalidating one may free another */
} DirtyScan;

static void scan_close_region(DirtyScan *ds)
{
    if (ds->mr && ds->mr_dirty) {
        guint64 size = modvm_memory_region_size(ds->mr);
        if (size > ds->gap) {
            modvm_memory_region_test_and_clear_dirty(ds->mr, ds->gap, size - ds->gap,
                                                     MODVM_DIRTY_CODE);
        }
    }
}

static gboolean scan_page(gpointer key, gpointer value, gpointer data)
{
    DirtyScan *ds = data;
    TcgPage *page = value;

    if (page->mr != ds->mr) {
        scan_close_region(ds);
        ds->mr = page->mr;
        ds->gap = 0;
        ds->mr_dirty = modvm_memory_region_get_dirty(page->mr, 0,
                                                     modvm_memory_region_size(page->mr),
                                                     MODVM_DIRTY_CODE);
    }
    if (!ds->mr_dirty) {
        return FALSE;
    }
    /* bits of pages without code are cleared too, so the quick whole-region test stays useful */
    if (page->mr_offset > ds->gap) {
        modvm_memory_region_test_and_clear_dirty(page->mr, ds->gap, page->mr_offset - ds->gap,
                                                 MODVM_DIRTY_CODE);
    }
    if (modvm_memory_region_test_and_clear_dirty(page->mr, page->mr_offset, TCG_PAGE_SIZE,
                                                 MODVM_DIRTY_CODE)) {
        g_array_append_val(ds->victims, page->addr);
    }
    ds->gap = MAX(ds->gap, page->mr_offset + TCG_PAGE_SIZE);
    return FALSE;
}

void tcg_check_code_dirty(TcgAccel *acc)
{
    GHashTableIter it;
    gpointer mr;
    gboolean any = FALSE;
    DirtyScan ds = { .acc = acc };

    acc->stats.code_dirty_checks++;
    g_hash_table_iter_init(&it, acc->code_regions);
    while (!any && g_hash_table_iter_next(&it, &mr, NULL)) {
        any = modvm_memory_region_get_dirty(mr, 0, modvm_memory_region_size(mr),
                                            MODVM_DIRTY_CODE);
    }
    if (!any) {
        return;
    }
    ds.victims = g_array_new(FALSE, FALSE, sizeof(guint64));
    g_tree_foreach(acc->page_tree, scan_page, &ds);
    scan_close_region(&ds);
    for (guint i = 0; i < ds.victims->len; i++) {
        TcgPage *page = tcg_page_find(acc, g_array_index(ds.victims, guint64, i));
        if (page) {
            page_invalidate(acc, page);
        }
    }
    g_array_unref(ds.victims);
}

void tcg_jc_flush_page(TcgVcpu *tc, guint64 vaddr)
{
    /* a block starting on the page before may run into this one */
    for (guint64 d = 0; d < 2; d++) {
        guint64 page = (vaddr >> TCG_PAGE_BITS) - d;
        guint group = (guint)((page ^ (page >> 6)) & 63) << 6;
        memset(&tc->jc[group], 0, 64 * sizeof(TcgTb *));
    }
}

void tcg_tb_flush_all(TcgAccel *acc)
{
    tcg_tb_free_deferred(acc);
    for (guint i = 0; i < acc->n_buckets; i++) {
        for (TcgTb *tb = acc->buckets[i], *next; tb; tb = next) {
            next = tb->hash_next;
            tcg_tb_free(tb);
        }
    }
    memset(acc->buckets, 0, acc->n_buckets * sizeof(TcgTb *));
    free_all_pages(acc);
    acc->xlinks = NULL;
    for (guint i = 0; acc->vcpus && i < acc->vcpus->len; i++) {
        TcgVcpu *tc = acc->vcpus->pdata[i];
        memset(tc->jc, 0, sizeof(tc->jc));
        tc->last_tb = NULL;
    }
    acc->cache_used = 0;
    acc->stats.tb_flushes++;
}
