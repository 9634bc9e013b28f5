/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The partition's hashed page table and the hypercalls that edit it (LoPAR "hcall-pft", "hcall-bulk"). */
#include "spapr.h"

/* HPTE bits (Power ISA Book III 5.7.7, the pre-ISA-3.0 format PAPR guests use). */
#define HPTE_V_VALID        0x0000000000000001ull
#define HPTE_V_LARGE        0x0000000000000004ull
#define HPTE_V_SOFT_DIRTY   0x0000000000000040ull   /* a software bit: QEMU sets it, we do too */
#define HPTE_V_SOFT         0x0000000000000060ull
#define HPTE_R_PP0          0x8000000000000000ull
#define HPTE_R_KEY_HI       0x3000000000000000ull
#define HPTE_R_RPN          0x0ffffffffffff000ull
#define HPTE_R_KEY_LO       0x0000000000000e00ull
#define HPTE_R_R            0x0000000000000100ull
#define HPTE_R_C            0x0000000000000080ull
#define HPTE_R_W            0x0000000000000040ull
#define HPTE_R_I            0x0000000000000020ull
#define HPTE_R_M            0x0000000000000010ull
#define HPTE_R_WIMG         0x0000000000000078ull
#define HPTE_R_N            0x0000000000000004ull
#define HPTE_R_PP           0x0000000000000003ull

/* hcall flags (LoPAR "H_ENTER" and friends). */
#define H_EXACT             SPAPR_PPC_BIT(24)
#define H_READ_4            SPAPR_PPC_BIT(26)
#define H_AVPN              SPAPR_PPC_BIT(32)
#define H_ANDCOND           SPAPR_PPC_BIT(33)

#define H_NOT_FOUND         (-7)    /* LoPAR, QEMU and Linux: -5 is H_BAD_MODE */
#define H_PTEG_FULL         (-6)

#define H_BULK_REMOVE_TYPE      0xc000000000000000ull
#define H_BULK_REMOVE_REQUEST   0x4000000000000000ull
#define H_BULK_REMOVE_RESPONSE  0x8000000000000000ull
#define H_BULK_REMOVE_END       0xc000000000000000ull
#define H_BULK_REMOVE_PARM      0x2000000000000000ull
#define H_BULK_REMOVE_FLAGS     0x0300000000000000ull
#define H_BULK_REMOVE_ANDCOND   0x0100000000000000ull
#define H_BULK_REMOVE_AVPN      0x0200000000000000ull
#define H_BULK_REMOVE_PTEX      0x00ffffffffffffffull
#define H_BULK_REMOVE_MAX_BATCH 4

typedef enum { REMOVE_SUCCESS, REMOVE_NOT_FOUND, REMOVE_PARM, REMOVE_HW } RemoveResult;

static gboolean valid_ptex(SpaprMachine *spapr, guint64 ptex)
{
    return spapr->htab && (ptex >> 3) < (1ull << (spapr->htab_shift - 7));
}

static guint64 hpte0(SpaprMachine *spapr, guint64 ptex)
{
    return GUINT64_FROM_BE(((guint64 *)spapr->htab)[2 * ptex]);
}

static guint64 hpte1(SpaprMachine *spapr, guint64 ptex)
{
    return GUINT64_FROM_BE(((guint64 *)spapr->htab)[2 * ptex + 1]);
}

/* The CPUs walk the table as it is written: a valid entry becomes visible last. */
static void store_hpte(SpaprMachine *spapr, guint64 ptex, guint64 v, guint64 r)
{
    guint64 *p = (guint64 *)spapr->htab + 2 * ptex;

    if (v & HPTE_V_VALID) {
        p[1] = GUINT64_TO_BE(r);
        __atomic_store_n(&p[0], GUINT64_TO_BE(v), __ATOMIC_RELEASE);
    } else {
        __atomic_store_n(&p[0], GUINT64_TO_BE(v), __ATOMIC_RELEASE);
        p[1] = GUINT64_TO_BE(r);
    }
}

static void flush_all_tlbs(PowerCpu *cpu)
{
    if (cpu->tcg.rt && cpu->tcg.rt->tlb_flush_all_cpus) {
        cpu->tcg.rt->tlb_flush_all_cpus(&cpu->tcg);
    }
}

/*
 * The page size an HPTE maps: 4K without L, else what its RPN's low bits
 * encode among the sizes the guest may use (ibm,segment-page-sizes).
 */
static guint page_shift(SpaprMachine *spapr, guint64 v, guint64 r)
{
    static const struct { guint shift, pte_enc; } large[] = {
        { 16, 0x1 }, { 24, 0x38 }, { 24, 0x8 }, { 24, 0x0 }, { 34, 0x3 },
    };
    guint max = g_bit_nth_msf(spapr->caps.hpt_max_page_size, 64);

    if (!(v & HPTE_V_LARGE)) {
        return 12;
    }
    for (guint i = 0; i < G_N_ELEMENTS(large); i++) {
        guint64 mask = ((1ull << large[i].shift) - 1) & HPTE_R_RPN;
        if (large[i].shift <= max && (r & mask) == ((guint64)large[i].pte_enc << 12)) {
            return large[i].shift;
        }
    }
    return 0;
}

gint64 h_enter(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                      guint64 *args)
{
    guint64 flags = args[0], ptex = args[1], pteh = args[2], ptel = args[3];
    guint shift = page_shift(spapr, pteh, ptel);
    guint64 raddr, slot;

    if (!shift) {
        return H_PARAMETER;
    }
    raddr = (ptel & HPTE_R_RPN) & ~((1ull << shift) - 1);
    if (raddr < modvm_machine_ram_size(MODVM_MACHINE(spapr))) {
        /* RAM: WIMG must be 0010, as PAPR has it. */
        if ((ptel & HPTE_R_WIMG) != HPTE_R_M) {
            return H_PARAMETER;
        }
    } else {
        guint64 wim = ptel & (HPTE_R_W | HPTE_R_I | HPTE_R_M);
        /* I/O: cache-inhibited (QEMU accepts WIMG 010x). */
        if (wim != HPTE_R_I && wim != (HPTE_R_I | HPTE_R_M)) {
            return H_PARAMETER;
        }
    }
    pteh &= ~HPTE_V_SOFT;
    if (!valid_ptex(spapr, ptex)) {
        return H_PARAMETER;
    }
    slot = ptex & 7;
    ptex &= ~7ull;
    if (!(flags & H_EXACT)) {
        for (slot = 0; slot < 8; slot++) {
            if (!(hpte0(spapr, ptex + slot) & HPTE_V_VALID)) {
                break;
            }
        }
        if (slot == 8) {
            return H_PTEG_FULL;
        }
    } else if (hpte0(spapr, ptex + slot) & HPTE_V_VALID) {
        return H_PTEG_FULL;
    }
    store_hpte(spapr, ptex + slot, pteh | HPTE_V_SOFT_DIRTY, ptel);
    args[0] = ptex + slot;
    return H_SUCCESS;
}

static RemoveResult remove_hpte(SpaprMachine *spapr, guint64 ptex, guint64 avpn, guint64 flags,
                                guint64 *vp, guint64 *rp)
{
    guint64 v, r;

    if (!valid_ptex(spapr, ptex)) {
        return REMOVE_PARM;
    }
    v = hpte0(spapr, ptex);
    r = hpte1(spapr, ptex);
    if (!(v & HPTE_V_VALID) || ((flags & H_AVPN) && (v & ~0x7full) != avpn) ||
        ((flags & H_ANDCOND) && (v & avpn) != 0)) {
        return REMOVE_NOT_FOUND;
    }
    *vp = v;
    *rp = r;
    store_hpte(spapr, ptex, HPTE_V_SOFT_DIRTY, 0);
    return REMOVE_SUCCESS;
}

gint64 h_remove(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                       guint64 *args)
{
    switch (remove_hpte(spapr, args[1], args[2], args[0], &args[0], &args[1])) {
    case REMOVE_SUCCESS:
        flush_all_tlbs(cpu);
        return H_SUCCESS;
    case REMOVE_NOT_FOUND:
        return H_NOT_FOUND;
    case REMOVE_PARM:
        return H_PARAMETER;
    default:
        return H_HARDWARE;
    }
}

/* Four removals at most, each a request word and an AVPN; the answers replace the requests. */
gint64 h_bulk_remove(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                            guint64 *args)
{
    gint64 rc = H_SUCCESS;

    for (guint i = 0; i < H_BULK_REMOVE_MAX_BATCH; i++) {
        guint64 *tsh = &args[i * 2];
        guint64 tsl = args[i * 2 + 1];
        guint64 v = 0, r = 0;
        RemoveResult ret;

        if ((*tsh & H_BULK_REMOVE_TYPE) == H_BULK_REMOVE_END) {
            break;
        } else if ((*tsh & H_BULK_REMOVE_TYPE) != H_BULK_REMOVE_REQUEST) {
            return H_PARAMETER;
        }
        *tsh &= H_BULK_REMOVE_PTEX | H_BULK_REMOVE_FLAGS;
        *tsh |= H_BULK_REMOVE_RESPONSE;
        if ((*tsh & H_BULK_REMOVE_ANDCOND) && (*tsh & H_BULK_REMOVE_AVPN)) {
            *tsh |= H_BULK_REMOVE_PARM;
            return H_PARAMETER;
        }
        ret = remove_hpte(spapr, *tsh & H_BULK_REMOVE_PTEX, tsl,
                          (*tsh & H_BULK_REMOVE_FLAGS) >> 26, &v, &r);
        *tsh |= (guint64)ret << 60;
        if (ret == REMOVE_SUCCESS) {
            *tsh |= (r & (HPTE_R_C | HPTE_R_R)) << 43;
        } else if (ret == REMOVE_PARM) {
            rc = H_PARAMETER;
            break;
        } else if (ret == REMOVE_HW) {
            rc = H_HARDWARE;
            break;
        }
    }
    flush_all_tlbs(cpu);
    return rc;
}

/* New protection bits (PP, N, key) for a valid entry. */
gint64 h_protect(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                        guint64 *args)
{
    guint64 flags = args[0], ptex = args[1], avpn = args[2];
    guint64 v, r;

    if (!valid_ptex(spapr, ptex)) {
        return H_PARAMETER;
    }
    v = hpte0(spapr, ptex);
    r = hpte1(spapr, ptex);
    if (!(v & HPTE_V_VALID) || ((flags & H_AVPN) && (v & ~0x7full) != avpn)) {
        return H_NOT_FOUND;
    }
    r &= ~(HPTE_R_PP0 | HPTE_R_PP | HPTE_R_N | HPTE_R_KEY_HI | HPTE_R_KEY_LO);
    r |= (flags << 55) & HPTE_R_PP0;
    r |= (flags << 48) & HPTE_R_KEY_HI;
    r |= flags & (HPTE_R_PP | HPTE_R_N | HPTE_R_KEY_LO);
    /* Invalid while the old translation goes from the TLBs, then valid again. */
    store_hpte(spapr, ptex, (v & ~HPTE_V_VALID) | HPTE_V_SOFT_DIRTY, 0);
    flush_all_tlbs(cpu);
    store_hpte(spapr, ptex, v | HPTE_V_SOFT_DIRTY, r);
    return H_SUCCESS;
}

gint64 h_read(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                     guint64 *args)
{
    guint64 flags = args[0], ptex = args[1];
    guint n = 1;

    if (!valid_ptex(spapr, ptex)) {
        return H_PARAMETER;
    }
    if (flags & H_READ_4) {
        ptex &= ~3ull;
        n = 4;
    }
    for (guint i = 0; i < n; i++) {
        args[2 * i] = hpte0(spapr, ptex + i);
        args[2 * i + 1] = hpte1(spapr, ptex + i);
    }
    return H_SUCCESS;
}

/* H_RESIZE_HPT_PREPARE / COMMIT: PAPR's HPT resizing option, as QEMU 7.2 and Linux use it. */
#define HPTE_V_SSIZE        0xc000000000000000ull
#define HPTE_V_SSIZE_256M   0x0000000000000000ull
#define HPTE_V_SSIZE_1T     0x4000000000000000ull
#define HPTE_V_AVPN         0x3fffffffffffff80ull
#define HPTE_V_BOLTED       0x0000000000000010ull
#define HPTE_V_SECONDARY    0x0000000000000002ull
#define H_CLOSED            2
#define H_NOT_AVAILABLE     3
#define H_AUTHORITY         (-10)
#define H_NO_MEM            (-9)
#define H_LONG_BUSY_ORDER_100_MSEC 9902

/* The sizes QEMU lets a guest ask for: 256 KiB to 64 TiB. */
#define RESIZE_MIN_SHIFT    18
#define RESIZE_MAX_SHIFT    46

static void resize_cancel(SpaprMachine *spapr)
{
    g_clear_pointer(&spapr->resize_htab, g_free);
    spapr->resize_shift = 0;
}

/* Resizing is for a hash guest: none with resize-hpt=disabled, nothing to resize under radix. */
static gint64 resize_allowed(SpaprMachine *spapr)
{
    if (spapr->resize_hpt == SPAPR_RESIZE_HPT_DISABLED) {
        return H_AUTHORITY;
    }
    if (!spapr->htab || (spapr->patb_entry & SPAPR_PATE1_GR)) {
        return H_NOT_AVAILABLE;
    }
    return H_SUCCESS;
}

/*
 * H_RESIZE_HPT_PREPARE(flags, shift): make an empty table of 1 << shift
 * bytes for a later commit; shift 0 cancels. As in QEMU 7.2: no flags are
 * defined; the shift is the low 32 bits of r5, 18 to 46, at most one more
 * than the table the RAM would get; the first prepare of a size answers
 * H_LONG_BUSY_ORDER_100_MSEC (QEMU allocates in a thread; modvm has it at
 * once) and asking again answers how it went. Another size replaces a
 * pending one.
 */
gint64 h_resize_hpt_prepare(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                            guint64 opcode, guint64 *args)
{
    guint64 flags = args[0];
    gint32 shift = (gint32)args[1];
    gint64 rc = resize_allowed(spapr);

    if (rc != H_SUCCESS) {
        return rc;
    }
    if (flags != 0 || (shift && (shift < RESIZE_MIN_SHIFT || shift > RESIZE_MAX_SHIFT))) {
        return H_PARAMETER;
    }
    if (shift > (gint32)spapr_htab_shift(spapr) + 1) {
        return H_RESOURCE;
    }
    if (spapr->resize_shift) {
        if (spapr->resize_shift == (guint32)shift) {
            return spapr->resize_htab ? H_SUCCESS : H_NO_MEM;
        }
        resize_cancel(spapr);
    }
    if (!shift) {
        return H_SUCCESS;
    }
    spapr->resize_shift = shift;
    spapr->resize_htab = g_try_malloc0(1ull << shift);
    /* Ready for a commit at once; the guest asks again, as it would wait for QEMU's thread. */
    return H_LONG_BUSY_ORDER_100_MSEC;
}

/*
 * One valid bolted HPTE of the old table into the new (QEMU's
 * rehash_hpte): its hash comes from the AVPN and, for pages under 8 MiB,
 * the low bits the old group index holds; the slot stays the same.
 * Entries that are not bolted are dropped, as the guest expects; two
 * bolted ones that meet in a smaller table fail the commit.
 */
static gint64 rehash_hpte(SpaprMachine *spapr, guint64 pteg, guint slot, guint8 *new_htab,
                          guint32 new_shift)
{
    guint64 old_mask = (1ull << (spapr->htab_shift - 7)) - 1;
    guint64 new_mask = (1ull << (new_shift - 7)) - 1;
    guint64 v = hpte0(spapr, pteg * 8 + slot), r, avpn, hash, new_pteg, offset, vsid;
    guint64 *dst;
    guint shift;

    if (!(v & HPTE_V_VALID) || !(v & HPTE_V_BOLTED)) {
        return H_SUCCESS;
    }
    r = hpte1(spapr, pteg * 8 + slot);
    shift = page_shift(spapr, v, r);
    if (!shift) {
        /* Not an encoding H_ENTER takes (the guest cannot write the table itself). */
        return H_HARDWARE;
    }
    /* The AVPN holds VA bits 23 and up; the page's own offset bits in it are not part of it. */
    avpn = ((v & HPTE_V_AVPN) >> 7) & ~(((1ull << shift) - 1) >> 23);
    if (v & HPTE_V_SECONDARY) {
        pteg = ~pteg;
    }
    if ((v & HPTE_V_SSIZE) == HPTE_V_SSIZE_256M) {
        offset = (avpn & 0x1f) << 23;
        vsid = avpn >> 5;
        if (shift < 23) {
            offset |= ((vsid ^ pteg) & old_mask) << shift;
        }
        hash = vsid ^ (offset >> shift);
    } else if ((v & HPTE_V_SSIZE) == HPTE_V_SSIZE_1T) {
        offset = (avpn & 0x1ffff) << 23;
        vsid = avpn >> 17;
        if (shift < 23) {
            offset |= ((vsid ^ (vsid << 25) ^ pteg) & old_mask) << shift;
        }
        hash = vsid ^ (vsid << 25) ^ (offset >> shift);
    } else {
        return H_HARDWARE;
    }
    new_pteg = hash & new_mask;
    if (v & HPTE_V_SECONDARY) {
        new_pteg = ~new_pteg & new_mask;
    }
    dst = (guint64 *)new_htab + 2 * (new_pteg * 8 + slot);
    if (GUINT64_FROM_BE(dst[0]) & HPTE_V_VALID) {
        /* Only bolted entries are moved: two meet in the smaller table. */
        return H_PTEG_FULL;
    }
    dst[0] = GUINT64_TO_BE(v);
    dst[1] = GUINT64_TO_BE(r);
    return H_SUCCESS;
}

/*
 * H_RESIZE_HPT_COMMIT(flags, shift): the prepared table replaces the old
 * one with its bolted entries moved in (QEMU 7.2): H_CLOSED without a
 * prepare of that size (QEMU's H_BUSY, before its thread is done, cannot
 * happen: the table is made at once); on failure the old
 * table stays. Either way the prepared table is gone. The CPUs' TLBs are
 * flushed, since the entries that were not bolted are gone.
 */
gint64 h_resize_hpt_commit(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                           guint64 opcode, guint64 *args)
{
    guint64 flags = args[0], shift = args[1];
    guint64 n_ptegs;
    gint64 rc = resize_allowed(spapr);

    if (rc != H_SUCCESS) {
        return rc;
    }
    if (flags != 0) {
        return H_PARAMETER;
    }
    if (!spapr->resize_shift || spapr->resize_shift != shift) {
        return H_CLOSED;
    }
    if (!spapr->resize_htab) {
        /* The allocation failed: QEMU commits nothing and says so the same way. */
        resize_cancel(spapr);
        return H_NO_MEM;
    }
    n_ptegs = 1ull << (spapr->htab_shift - 7);
    for (guint64 pteg = 0; pteg < n_ptegs && rc == H_SUCCESS; pteg++) {
        for (guint slot = 0; slot < 8 && rc == H_SUCCESS; slot++) {
            rc = rehash_hpte(spapr, pteg, slot, spapr->resize_htab, spapr->resize_shift);
        }
    }
    if (rc == H_SUCCESS) {
        /* One thread runs the vCPUs (accel-tcg): none is walking the table now. */
        g_free(spapr->htab);
        spapr->htab = g_steal_pointer(&spapr->resize_htab);
        spapr->htab_shift = spapr->resize_shift;
        flush_all_tlbs(cpu);
    }
    resize_cancel(spapr);
    return rc;
}

/* A new, empty table at every reset, 1/128 of RAM as QEMU's spapr_setup_hpt makes it. */
void spapr_hpt_reset(SpaprMachine *spapr)
{
    resize_cancel(spapr);
    g_free(spapr->htab);
    spapr->htab_shift = spapr_htab_shift(spapr);
    spapr->htab = g_malloc0(1ull << spapr->htab_shift);
}
