/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The softmmu TLB, the guest memory slow paths and the run-time services frontends call. */
#include "tcg-internal.h"

/*
 * Per CPU and mmu_idx, a direct-mapped table of 4K pages. An entry's tags
 * equal the page address when the access may go straight to host memory
 * at vaddr + addend; otherwise the slow path runs: a miss (the frontend's
 * tlb_fill), an access that is misaligned or crosses a page, MMIO (through
 * the address space, with the machine lock), or a write to a page with
 * translated code. Host pointers only ever come from
 * modvm_address_space_ram_ptr for a whole page of RAM, so nothing a guest
 * does reaches host memory outside its RAM.
 */

/* Shared by the mmu indexes a CPU never used: every tag invalid. */
static TcgTlb tlb_empty;

void tcg_tlb_init_empty(void)
{
    static gsize done;

    if (g_once_init_enter(&done)) {
        memset(tlb_empty.table, 0xff, sizeof(tlb_empty.table));
        tlb_empty.large_addr = G_MAXUINT64;
        g_once_init_leave(&done, 1);
    }
}

void tcg_vcpu_tlb_init(TcgVcpu *tc)
{
    for (guint i = 0; i < TCG_MMU_IDX_MAX; i++) {
        tc->tlb[i] = &tlb_empty;
    }
}

void tcg_vcpu_tlb_fini(TcgVcpu *tc)
{
    for (guint i = 0; i < TCG_MMU_IDX_MAX; i++) {
        if (tc->tlb[i] != &tlb_empty) {
            g_free(tc->tlb[i]);
        }
        tc->tlb[i] = &tlb_empty;
    }
}

static void tlb_reset(TcgTlb *t)
{
    memset(t->table, 0xff, sizeof(t->table));
    t->large_addr = G_MAXUINT64;
    t->large_mask = 0;
}

static TcgTlb *tlb_get(TcgVcpu *tc, unsigned mmu_idx)
{
    if (tc->tlb[mmu_idx] == &tlb_empty) {
        TcgTlb *t = g_new0(TcgTlb, 1);
        tlb_reset(t);
        tc->tlb[mmu_idx] = t;
    }
    return tc->tlb[mmu_idx];
}

static inline guint tlb_index(guint64 vaddr)
{
    return (vaddr >> TCG_PAGE_BITS) & (TCG_TLB_SIZE - 1);
}

static unsigned check_mmu_idx(TcgVcpu *tc, unsigned mmu_idx)
{
    if (mmu_idx >= TCG_MMU_IDX_MAX) {
        g_error("accel-tcg: %s uses mmu_idx %u (at most %u)",
                modvm_object_type_name(MODVM_OBJECT(tc->cpu)), mmu_idx, TCG_MMU_IDX_MAX - 1);
    }
    return mmu_idx;
}

void tcg_tlb_flush(TcgVcpu *tc)
{
    for (guint i = 0; i < TCG_MMU_IDX_MAX; i++) {
        if (tc->tlb[i] != &tlb_empty) {
            tlb_reset(tc->tlb[i]);
        }
    }
    memset(tc->jc, 0, sizeof(tc->jc));
    tcg_unlink_cross_page(tc->accel);
    tc->accel->stats.tlb_flushes++;
}

static void tlb_flush_page(TcgVcpu *tc, guint64 vaddr)
{
    vaddr &= TCG_PAGE_MASK;
    for (guint i = 0; i < TCG_MMU_IDX_MAX; i++) {
        TcgTlb *t = tc->tlb[i];
        TcgTlbEntry *e;

        if (t == &tlb_empty) {
            continue;
        }
        if (t->large_mask && (vaddr & t->large_mask) == t->large_addr) {
            /* inside a large translation: its 4K pieces are anywhere in the table */
            tlb_reset(t);
            continue;
        }
        e = &t->table[tlb_index(vaddr)];
        if ((e->addr_read & TCG_PAGE_MASK) == vaddr || (e->addr_write & TCG_PAGE_MASK) == vaddr ||
            (e->addr_code & TCG_PAGE_MASK) == vaddr) {
            e->addr_read = e->addr_write = e->addr_code = TCG_TLB_INVALID;
        }
    }
    tcg_jc_flush_page(tc, vaddr);
    tcg_unlink_cross_page(tc->accel);
}

static void track_large_page(TcgTlb *t, guint64 vaddr, unsigned page_bits)
{
    guint64 mask = ~((1ull << page_bits) - 1);

    if (t->large_mask) {
        /* one span covering both: widen until they share it */
        mask &= t->large_mask;
        while ((t->large_addr ^ vaddr) & mask) {
            mask <<= 1;
        }
    }
    t->large_mask = mask;
    t->large_addr = vaddr & mask;
}

static void keep_region(TcgAccel *acc, ModvmMemoryRegion *mr)
{
    if (!g_hash_table_contains(acc->ram_refs, mr)) {
        g_hash_table_insert(acc->ram_refs, modvm_memory_region_ref(mr), mr);
    }
}

/* Asks the frontend for @vaddr and fills its entry; NULL on a fault. */
static TcgTlbEntry *tlb_fill(TcgVcpu *tc, guint64 vaddr, ModvmTcgAccess access,
                             unsigned mmu_idx, gboolean probe)
{
    TcgAccel *acc = tc->accel;
    ModvmTcgTlbFill f = { 0 };
    guint64 vpage = vaddr & TCG_PAGE_MASK, paddr, large, avail = 0, avail_w = 0, mr_offset = 0;
    unsigned page_bits;
    guint32 prot;
    TcgTlb *t;
    TcgTlbEntry *e;
    TcgTlbFull *full;
    void *host;
    gboolean ram, wram;
    ModvmMemoryRegion *mr = NULL;
    guint idx = tlb_index(vaddr);

    if (!tc->ops->tlb_fill(tc->cpu, vaddr, access, mmu_idx, probe, &f)) {
        return NULL;
    }
    acc->stats.tlb_fills++;
    page_bits = CLAMP(f.page_bits, TCG_PAGE_BITS, 63);
    large = 1ull << page_bits;
    paddr = (f.paddr & ~(large - 1)) | (vaddr & (large - 1) & TCG_PAGE_MASK);
    /* a frontend that said yes allows this access, whatever its prot says */
    prot = f.prot | (access == MODVM_TCG_ACCESS_LOAD ? MODVM_TCG_PROT_READ
                     : access == MODVM_TCG_ACCESS_STORE ? MODVM_TCG_PROT_WRITE
                                                        : MODVM_TCG_PROT_EXEC);

    t = tlb_get(tc, mmu_idx);
    e = &t->table[idx];
    full = &t->full[idx];
    if (page_bits > TCG_PAGE_BITS) {
        track_large_page(t, vaddr, page_bits);
    }

    host = modvm_address_space_ram_ptr(acc->as, paddr, FALSE, &avail);
    ram = host && avail >= TCG_PAGE_SIZE;
    wram = ram && modvm_address_space_ram_ptr(acc->as, paddr, TRUE, &avail_w) &&
           avail_w >= TCG_PAGE_SIZE;
    if (ram) {
        mr = modvm_address_space_translate(acc->as, paddr, &mr_offset, NULL);
        keep_region(acc, mr);
    }
    full->paddr = paddr;
    full->mr = mr;
    full->mr_offset = mr_offset;
    e->addend = ram ? (guintptr)host - (guintptr)vpage : 0;
    e->addr_read = (prot & MODVM_TCG_PROT_READ) ? vpage | (ram ? 0 : TCG_TLB_IO) : TCG_TLB_INVALID;
    e->addr_code = (prot & MODVM_TCG_PROT_EXEC) ? vpage | (ram ? 0 : TCG_TLB_IO) : TCG_TLB_INVALID;
    if (!(prot & MODVM_TCG_PROT_WRITE)) {
        e->addr_write = TCG_TLB_INVALID;
    } else if (!wram) {
        e->addr_write = vpage | TCG_TLB_IO;
    } else if (tcg_page_find(acc, paddr)) {
        e->addr_write = vpage | TCG_TLB_CODE;
    } else {
        /*
         * Direct writes are not tracked one by one: the page counts as
         * written from now on. Its code bit is ours to keep clean (there
         * is no code here), so only writes by others show up in it.
         */
        e->addr_write = vpage;
        modvm_memory_region_set_dirty(mr, mr_offset, TCG_PAGE_SIZE);
        modvm_memory_region_test_and_clear_dirty(mr, mr_offset, TCG_PAGE_SIZE, MODVM_DIRTY_CODE);
    }
    return e;
}

static inline guint64 tag_for(const TcgTlbEntry *e, ModvmTcgAccess access)
{
    return access == MODVM_TCG_ACCESS_LOAD ? e->addr_read
           : access == MODVM_TCG_ACCESS_STORE ? e->addr_write : e->addr_code;
}

static inline gboolean tag_matches(guint64 tag, guint64 vaddr)
{
    return tag != TCG_TLB_INVALID && (tag & TCG_PAGE_MASK) == (vaddr & TCG_PAGE_MASK);
}

/* The entry of @vaddr's page for @access, filled if needed; raises on a fault. */
static TcgTlbEntry *tlb_entry_for(TcgVcpu *tc, guint64 vaddr, ModvmTcgAccess access,
                                  unsigned mmu_idx, TcgTlbFull **full)
{
    guint idx = tlb_index(vaddr);
    TcgTlbEntry *e = &tc->tlb[mmu_idx]->table[idx];

    if (!tag_matches(tag_for(e, access), vaddr)) {
        e = tlb_fill(tc, vaddr, access, mmu_idx, FALSE);
        if (!e) {
            tcg_raise(tc, TRUE);
        }
    }
    *full = &tc->tlb[mmu_idx]->full[idx];
    return e;
}

void tcg_raise(TcgVcpu *tc, gboolean restore_pc)
{
    ModvmTcgCpuState *s = tc->state;

    if (restore_pc) {
        *(guint64 *)((char *)tc->cpu + tc->ops->pc_offset) = s->insn_pc;
    }
    siglongjmp(s->jmp_env, 1);
}

gboolean tcg_tlb_code_page(TcgVcpu *tc, guint64 vaddr, unsigned mmu_idx, gboolean probe,
                           guint64 *paddr, const guint8 **host, ModvmMemoryRegion **mr,
                           guint64 *mr_offset)
{
    guint idx = tlb_index(vaddr);
    TcgTlbEntry *e = &tc->tlb[check_mmu_idx(tc, mmu_idx)]->table[idx];
    TcgTlbFull *full;

    if (!tag_matches(e->addr_code, vaddr)) {
        e = tlb_fill(tc, vaddr, MODVM_TCG_ACCESS_FETCH, mmu_idx, probe);
        if (!e) {
            if (probe) {
                return FALSE;
            }
            /* the fault is the block's first instruction's: deliver it at pc */
            tcg_raise(tc, FALSE);
        }
    }
    full = &tc->tlb[mmu_idx]->full[idx];
    *paddr = full->paddr;
    *mr = full->mr;
    *mr_offset = full->mr_offset;
    *host = (e->addr_code & TCG_TLB_IO) ? NULL
                                        : (const guint8 *)(guintptr)((vaddr & TCG_PAGE_MASK) +
                                                                     e->addend);
    return TRUE;
}

void tcg_tlb_protect_code(TcgAccel *acc, guint64 paddr)
{
    for (guint c = 0; c < acc->vcpus->len; c++) {
        TcgVcpu *tc = acc->vcpus->pdata[c];
        for (guint i = 0; i < TCG_MMU_IDX_MAX; i++) {
            TcgTlb *t = tc->tlb[i];
            if (t == &tlb_empty) {
                continue;
            }
            for (guint j = 0; j < TCG_TLB_SIZE; j++) {
                guint64 tag = t->table[j].addr_write;
                if (tag != TCG_TLB_INVALID && !(tag & (TCG_TLB_IO | TCG_TLB_CODE)) &&
                    t->full[j].paddr == paddr) {
                    t->table[j].addr_write = tag | TCG_TLB_CODE;
                }
            }
        }
    }
}

static guint64 bytes_to_value(const guint8 *p, unsigned size, gboolean big)
{
    guint64 v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (guint64)p[i] << (8 * (big ? size - 1 - i : i));
    }
    return v;
}

static void value_to_bytes(guint8 *p, guint64 v, unsigned size, gboolean big)
{
    for (unsigned i = 0; i < size; i++) {
        p[i] = (guint8)(v >> (8 * (big ? size - 1 - i : i)));
    }
}

/* One access within a page, its value in @big order. */
static guint64 load_one(TcgVcpu *tc, guint64 addr, unsigned size, gboolean big, unsigned mmu_idx)
{
    TcgTlbFull *full;
    TcgTlbEntry *e = tlb_entry_for(tc, addr, MODVM_TCG_ACCESS_LOAD, mmu_idx, &full);
    guint64 v = 0;

    if (!(e->addr_read & TCG_TLB_IO)) {
        return bytes_to_value((const guint8 *)(guintptr)(addr + e->addend), size, big);
    }
    modvm_machine_lock(tc->accel->machine);
    modvm_address_space_load(tc->accel->as, full->paddr | (addr & ~TCG_PAGE_MASK), size,
                             big ? MODVM_ENDIAN_BIG : MODVM_ENDIAN_LITTLE, &v);
    modvm_machine_unlock(tc->accel->machine);
    return v;
}

static void store_one(TcgVcpu *tc, guint64 addr, guint64 v, unsigned size, gboolean big,
                      unsigned mmu_idx)
{
    TcgTlbFull *full;
    TcgTlbEntry *e = tlb_entry_for(tc, addr, MODVM_TCG_ACCESS_STORE, mmu_idx, &full);
    guint64 off = addr & ~TCG_PAGE_MASK, paddr = full->paddr | off;
    guint64 tag = e->addr_write;

    if (tag & TCG_TLB_IO) {
        modvm_machine_lock(tc->accel->machine);
        modvm_address_space_store(tc->accel->as, paddr, size,
                                  big ? MODVM_ENDIAN_BIG : MODVM_ENDIAN_LITTLE, v);
        modvm_machine_unlock(tc->accel->machine);
            return;
    }
    if (tag & TCG_TLB_CODE) {
        /* may not return: the running block is among those written */
        tcg_code_write(tc, paddr, size);
        value_to_bytes((guint8 *)(guintptr)(addr + e->addend), v, size, big);
        modvm_memory_region_set_dirty(full->mr, full->mr_offset + off, size);
        modvm_memory_region_test_and_clear_dirty(full->mr, full->mr_offset, TCG_PAGE_SIZE,
                                                 MODVM_DIRTY_CODE);
        if (!tcg_page_find(tc->accel, paddr)) {
            e->addr_write = tag & ~(guint64)TCG_TLB_CODE;
        }
        return;
    }
    value_to_bytes((guint8 *)(guintptr)(addr + e->addend), v, size, big);
}

static guint64 extend(guint64 v, unsigned memop)
{
    switch (memop & (MODVM_MO_SIZE | MODVM_MO_SIGN)) {
    case MODVM_MO_8 | MODVM_MO_SIGN: return (guint64)(gint64)(gint8)v;
    case MODVM_MO_16 | MODVM_MO_SIGN: return (guint64)(gint64)(gint16)v;
    case MODVM_MO_32 | MODVM_MO_SIGN: return (guint64)(gint64)(gint32)v;
    case MODVM_MO_8: return (guint8)v;
    case MODVM_MO_16: return (guint16)v;
    case MODVM_MO_32: return (guint32)v;
    default: return v;
    }
}

guint64 tcg_ld_slow(TcgVcpu *tc, guint64 addr, guint32 oi)
{
    unsigned memop = oi & 0xff, mmu_idx = check_mmu_idx(tc, (oi >> 8) & 0xff);
    unsigned size = 1u << (memop & MODVM_MO_SIZE);
    gboolean big = (memop & MODVM_MO_BE) != 0;
    guint64 v;

    if ((memop & MODVM_MO_ALIGN) && (addr & (size - 1)) && tc->ops->unaligned) {
        tc->ops->unaligned(tc->cpu, addr, MODVM_TCG_ACCESS_LOAD);
        tcg_raise(tc, TRUE);
    }
    if ((addr & ~TCG_PAGE_MASK) + size > TCG_PAGE_SIZE) {
        guint8 b[8];
        for (unsigned i = 0; i < size; i++) {
            b[i] = (guint8)load_one(tc, addr + i, 1, big, mmu_idx);
        }
        v = bytes_to_value(b, size, big);
    } else {
        v = load_one(tc, addr, size, big, mmu_idx);
    }
    return extend(v, memop);
}

void tcg_st_slow(TcgVcpu *tc, guint64 addr, guint64 value, guint32 oi)
{
    unsigned memop = oi & 0xff, mmu_idx = check_mmu_idx(tc, (oi >> 8) & 0xff);
    unsigned size = 1u << (memop & MODVM_MO_SIZE);
    gboolean big = (memop & MODVM_MO_BE) != 0;

    if ((memop & MODVM_MO_ALIGN) && (addr & (size - 1)) && tc->ops->unaligned) {
        tc->ops->unaligned(tc->cpu, addr, MODVM_TCG_ACCESS_STORE);
        tcg_raise(tc, TRUE);
    }
    if ((addr & ~TCG_PAGE_MASK) + size > TCG_PAGE_SIZE) {
        guint8 b[8];
        TcgTlbFull *full;
        /* both pages must take the store before any byte of it lands */
        tlb_entry_for(tc, addr, MODVM_TCG_ACCESS_STORE, mmu_idx, &full);
        tlb_entry_for(tc, addr + size - 1, MODVM_TCG_ACCESS_STORE, mmu_idx, &full);
        value_to_bytes(b, value, size, big);
        for (unsigned i = 0; i < size; i++) {
            store_one(tc, addr + i, b[i], 1, big, mmu_idx);
        }
    } else {
        store_one(tc, addr, value, size, big, mmu_idx);
    }
}

/* The run-time services (ModvmTcgRuntime) */

TcgVcpu *tcg_vcpu_of(ModvmTcgCpuState *s)
{
    return s->engine;
}

static guint64 rt_load(ModvmTcgCpuState *s, guint64 vaddr, unsigned memop, unsigned mmu_idx)
{
    return tcg_ld_slow(tcg_vcpu_of(s), vaddr, (memop & 0xff) | (mmu_idx & 0xff) << 8);
}

static void rt_store(ModvmTcgCpuState *s, guint64 vaddr, guint64 value, unsigned memop,
                     unsigned mmu_idx)
{
    tcg_st_slow(tcg_vcpu_of(s), vaddr, value, (memop & 0xff) | (mmu_idx & 0xff) << 8);
}

static void *rt_probe(ModvmTcgCpuState *s, guint64 vaddr, ModvmTcgAccess access,
                      unsigned mmu_idx)
{
    TcgVcpu *tc = tcg_vcpu_of(s);
    TcgTlbEntry *e = &tc->tlb[check_mmu_idx(tc, mmu_idx)]->table[tlb_index(vaddr)];
    guint64 tag = tag_for(e, access);

    if (!tag_matches(tag, vaddr)) {
        e = tlb_fill(tc, vaddr, access, mmu_idx, TRUE);
        if (!e) {
            return NULL;
        }
        tag = tag_for(e, access);
    }
    /* writes through the pointer would bypass code invalidation: those take rt->store */
    if (tag & (TCG_TLB_IO | TCG_TLB_CODE)) {
        return NULL;
    }
    return (void *)(guintptr)(vaddr + e->addend);
}

static G_GNUC_NORETURN void rt_raise(ModvmTcgCpuState *s)
{
    tcg_raise(tcg_vcpu_of(s), TRUE);
}

static G_GNUC_NORETURN void rt_raise_nopc(ModvmTcgCpuState *s)
{
    tcg_raise(tcg_vcpu_of(s), FALSE);
}

static void rt_tlb_flush(ModvmTcgCpuState *s)
{
    tcg_tlb_flush(tcg_vcpu_of(s));
}

static void rt_tlb_flush_page(ModvmTcgCpuState *s, guint64 vaddr)
{
    tlb_flush_page(tcg_vcpu_of(s), vaddr);
}

static void rt_tlb_flush_all_cpus(ModvmTcgCpuState *s)
{
    TcgAccel *acc = tcg_vcpu_of(s)->accel;

    /* one thread runs every CPU, so the others are between blocks right now */
    for (guint i = 0; i < acc->vcpus->len; i++) {
        tcg_tlb_flush(acc->vcpus->pdata[i]);
    }
}

static void rt_exit_request(ModvmTcgCpuState *s)
{
    g_atomic_int_set(&s->exit_request, 1);
}

const ModvmTcgRuntime tcg_runtime = {
    .load = rt_load,
    .store = rt_store,
    .probe = rt_probe,
    .raise = rt_raise,
    .raise_nopc = rt_raise_nopc,
    .tlb_flush = rt_tlb_flush,
    .tlb_flush_page = rt_tlb_flush_page,
    .tlb_flush_all_cpus = rt_tlb_flush_all_cpus,
    .exit_request = rt_exit_request,
};
