/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VOF's memory bookkeeping: IEEE 1275 claim and release, and /memory@0 "available". */
#include "vof.h"

#include <string.h>

static gboolean vof_claim_free(Vof *vof, guint64 start, guint64 size)
{
    for (guint i = 0; i < vof->claimed->len; i++) {
        VofClaim *c = &g_array_index(vof->claimed, VofClaim, i);
        if (c->start < start + size && start < c->start + c->size) {
            return FALSE;
        }
    }
    return TRUE;
}

/* The end of a claim overlapping [start, start + size), or 0. */
static guint64 vof_claim_conflict_end(Vof *vof, guint64 start, guint64 size)
{
    for (guint i = 0; i < vof->claimed->len; i++) {
        VofClaim *c = &g_array_index(vof->claimed, VofClaim, i);
        if (c->start < start + size && start < c->start + c->size) {
            return c->start + c->size;
        }
    }
    return 0;
}

/*
 * IEEE 1275 claim: with @align 0, exactly [virt, virt + size); else an
 * aligned block found from where the last one ended (QEMU's rule). The
 * search jumps over claimed blocks, so a hostile client cannot make it
 * crawl through 4 GiB.
 */
guint64 vof_claim(Vof *vof, guint64 virt, guint64 size, guint64 align)
{
    guint64 ret;

    if (size == 0 || vof->claimed->len >= VOF_MAX_CLAIMS || virt > G_MAXUINT64 - size) {
        return G_MAXUINT64;
    }
    if (align == 0) {
        if (!vof_claim_free(vof, virt, size)) {
            return G_MAXUINT64;
        }
        ret = virt;
    } else {
        guint64 base = vof->claimed_base;
        for (;;) {
            guint64 end;
            base = (base + align - 1) / align * align;
            if (base >= vof->top_addr) {
                modvm_log_guest_error("VOF: out of RMA memory for the OF client\n");
                return G_MAXUINT64;
            }
            end = vof_claim_conflict_end(vof, base, size);
            if (!end) {
                break;
            }
            base = end;
        }
        ret = vof->claimed_base = base;
    }
    vof->claimed_base = MAX(vof->claimed_base, ret + size);
    g_array_append_val(vof->claimed, ((VofClaim){ .start = ret, .size = size }));
    return ret;
}

gboolean vof_release(Vof *vof, guint64 virt, guint64 size)
{
    for (guint i = 0; i < vof->claimed->len; i++) {
        VofClaim *c = &g_array_index(vof->claimed, VofClaim, i);
        if (c->start == virt && c->size == size) {
            g_array_remove_index(vof->claimed, i);
            return TRUE;
        }
    }
    return FALSE;
}

static gint vof_claim_compare(gconstpointer a, gconstpointer b)
{
    const VofClaim *ca = a, *cb = b;
    return ca->start < cb->start ? -1 : ca->start > cb->start;
}

static void put_cells(guint8 *p, guint64 v, int cells)
{
    if (cells == 2) {
        guint64 be = GUINT64_TO_BE(v);
        memcpy(p, &be, 8);
    } else {
        guint32 be = GUINT32_TO_BE((guint32)v);
        memcpy(p, &be, 4);
    }
}

/*
 * /memory@0 "available": what lies between the claimed blocks, up to the
 * end of the first memory node, as QEMU's VOF keeps it (one entry per
 * claim, empty ones included).
 */
gboolean vof_dt_memory_available(Vof *vof, SpaprMachine *spapr)
{
    int root_ac = fdt_address_cells(spapr->fdt, 0), root_sc = fdt_size_cells(spapr->fdt, 0);
    int node = fdt_path_offset(spapr->fdt, "/memory@0");
    const guint8 *reg;
    int len = 0, entry = 4 * (root_ac + root_sc);
    g_autofree guint8 *avail = NULL;
    guint8 *p;
    guint64 mem_end = 0;
    guint n;

    if (node < 0 || (root_ac != 1 && root_ac != 2) || (root_sc != 1 && root_sc != 2)) {
        return TRUE;
    }
    reg = fdt_getprop(spapr->fdt, node, "reg", &len);
    if (!reg || len < entry) {
        return TRUE;
    }
    for (int i = 0; i < root_sc; i++) {
        mem_end = (mem_end << 32) | GUINT32_FROM_BE(((const guint32 *)reg)[root_ac + i]);
    }
    g_array_sort(vof->claimed, vof_claim_compare);
    n = vof->claimed->len + 1;
    p = avail = g_malloc0((gsize)entry * n);
    for (guint i = 0; i < vof->claimed->len; i++) {
        VofClaim *c = &g_array_index(vof->claimed, VofClaim, i);
        guint64 start = c->start + c->size;
        guint64 next = i + 1 < vof->claimed->len ?
                       g_array_index(vof->claimed, VofClaim, i + 1).start : mem_end;

        /* The firmware's own block is at 0 unless the client released it. */
        if (i == 0 && c->start > 0) {
            put_cells(p, 0, root_ac);
            put_cells(p + 4 * root_ac, MIN(c->start, mem_end), root_sc);
            p += entry;
        }
        put_cells(p, start, root_ac);
        put_cells(p + 4 * root_ac, next > start ? next - start : 0, root_sc);
        p += entry;
    }
    if (!spapr_fdt_make_room(spapr, (gsize)(p - avail) + 32)) {
        return FALSE;
    }
    return fdt_setprop(spapr->fdt, fdt_path_offset(spapr->fdt, "/memory@0"), "available", avail,
                       (int)(p - avail)) == 0;
}
