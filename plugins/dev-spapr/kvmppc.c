/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QEMU's private hypercalls for its firmware image (SLOF): memory ops, CAS, the final tree. */
#include "spapr.h"

#include <string.h>

/* What the firmware's CAS buffer starts with (QEMU's SpaprDeviceTreeUpdateHeader). */
#define SPAPR_DT_UPDATE_VERSION 1
#define SPAPR_DT_UPDATE_HDR     4

#define MEMOP_CHUNK     4096
#define MEMOP_MAX_COUNT 0x80000000ull

static gboolean memop_chunk(ModvmAddressSpace *as, guint64 dst, guint64 src, guint64 len,
                            gboolean invert)
{
    guint8 buf[MEMOP_CHUNK];

    if (modvm_address_space_read(as, src, buf, len) != MODVM_MEM_OK) {
        return FALSE;
    }
    if (invert) {
        for (guint64 i = 0; i < len; i++) {
            buf[i] = ~buf[i];
        }
    }
    return modvm_address_space_write(as, dst, buf, len) == MODVM_MEM_OK;
}

/*
 * KVMPPC_H_LOGICAL_MEMOP: copy (op 0) or copy inverted (op 1) @count
 * elements of 1 << @esize bytes from @src to @dst, guest physical. QEMU
 * copies element by element, backwards when @dst lies inside the source:
 * that is memmove, which chunks do as well. SLOF inverts its frame buffer
 * with it.
 */
static gint64 h_logical_memop(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                              guint64 opcode, guint64 *args)
{
    ModvmAddressSpace *as = modvm_machine_address_space(MODVM_MACHINE(spapr));
    guint64 dst = args[0], src = args[1], esize = args[2], count = args[3], op = args[4];
    guint64 len, mask;
    gboolean backwards;

    if (count > MEMOP_MAX_COUNT || esize > 3 || op > 1) {
        return H_PARAMETER;
    }
    mask = (1ull << esize) - 1;
    if ((dst & mask) || (src & mask)) {
        return H_PARAMETER;
    }
    len = count << esize;
    if (src > G_MAXUINT64 - len || dst > G_MAXUINT64 - len) {
        modvm_log_guest_error("KVMPPC_H_LOGICAL_MEMOP: 0x%" G_GINT64_MODIFIER "x bytes wrap "
                              "around\n", len);
        return H_PARAMETER;
    }
    backwards = dst > src && dst < src + len;
    for (guint64 done = 0; done < len;) {
        guint64 n = MIN(len - done, MEMOP_CHUNK);
        guint64 off = backwards ? len - done - n : done;

        if (!memop_chunk(as, dst + off, src + off, n, op == 1)) {
            modvm_log_guest_error("KVMPPC_H_LOGICAL_MEMOP: 0x%" G_GINT64_MODIFIER "x bytes "
                                  "from 0x%" G_GINT64_MODIFIER "x to 0x%" G_GINT64_MODIFIER
                                  "x leave RAM\n", len, src, dst);
            return H_PARAMETER;
        }
        done += n;
    }
    return H_SUCCESS;
}

/* The size of a tree in use: an open one's buffer is bigger. */
static gsize spapr_fdt_used(const void *fdt)
{
    return fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt);
}

/*
 * KVMPPC_H_CAS: ibm,client-architecture-support for a firmware image
 * (r4 the client's vectors, r5/r6 a buffer). On success the buffer gets a
 * version word, then the updated tree, which SLOF merges into its own.
 */
static gint64 h_cas(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                    guint64 *args)
{
    ModvmAddressSpace *as = modvm_machine_address_space(MODVM_MACHINE(spapr));
    guint64 vec = args[0], buf = spapr_guest_real_addr(cpu, args[1]), bufsize = args[2];
    guint32 hdr = GUINT32_TO_BE(SPAPR_DT_UPDATE_VERSION);
    gint64 ret;
    gsize size;

    /* QEMU ends the VM here ("SLOF provided insufficient CAS buffer"). */
    if (bufsize < SPAPR_DT_UPDATE_HDR) {
        modvm_log_guest_error("KVMPPC_H_CAS: a %" G_GINT64_MODIFIER "u-byte buffer has no "
                              "room for the tree\n", bufsize);
        return H_PARAMETER;
    }
    ret = spapr_client_architecture_support(spapr, cpu, vec);
    if (ret != H_SUCCESS) {
        return ret;
    }
    if (fdt_pack(spapr->fdt) != 0) {
        return H_HARDWARE;
    }
    size = fdt_totalsize(spapr->fdt);
    spapr->fdt_initial_size = size;
    if (size > bufsize - SPAPR_DT_UPDATE_HDR) {
        modvm_log_guest_error("KVMPPC_H_CAS: the tree (%" G_GSIZE_FORMAT " bytes) does not fit "
                              "the %" G_GINT64_MODIFIER "u-byte buffer\n", size, bufsize);
        return H_RESOURCE;
    }
    if (buf > G_MAXUINT64 - SPAPR_DT_UPDATE_HDR - size ||
        modvm_address_space_write(as, buf, &hdr, sizeof(hdr)) != MODVM_MEM_OK ||
        modvm_address_space_write(as, buf + SPAPR_DT_UPDATE_HDR, spapr->fdt, size) !=
            MODVM_MEM_OK) {
        modvm_log_guest_error("KVMPPC_H_CAS: the buffer at 0x%" G_GINT64_MODIFIER "x is not "
                              "RAM\n", buf);
        return H_PARAMETER;
    }
    return H_SUCCESS;
}

/*
 * KVMPPC_H_UPDATE_DT: the firmware's final tree (r4), which the machine
 * keeps as the guest's from now on (QEMU keeps it for hotplug). At most
 * twice the size of what the machine handed over, and checked whole.
 */
static gint64 h_update_dt(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                          guint64 *args)
{
    ModvmAddressSpace *as = modvm_machine_address_space(MODVM_MACHINE(spapr));
    guint64 addr = spapr_guest_real_addr(cpu, args[0]);
    struct fdt_header hdr;
    gsize initial = spapr->fdt_initial_size ? spapr->fdt_initial_size
                                            : spapr_fdt_used(spapr->fdt);
    g_autofree void *fdt = NULL;
    guint32 size;

    if (modvm_address_space_read(as, addr, &hdr, sizeof(hdr)) != MODVM_MEM_OK) {
        modvm_log_guest_error("KVMPPC_H_UPDATE_DT: no tree at 0x%" G_GINT64_MODIFIER "x\n",
                              addr);
        return H_PARAMETER;
    }
    size = fdt_totalsize(&hdr);
    if (size < sizeof(hdr) || size > 2 * initial || size > SPAPR_FDT_MAX_SIZE) {
        modvm_log_guest_error("KVMPPC_H_UPDATE_DT: a tree of %u bytes (magic 0x%x) where "
                              "%" G_GSIZE_FORMAT " were handed over\n", size, fdt_magic(&hdr),
                              initial);
        return H_PARAMETER;
    }
    fdt = g_malloc(size);
    if (modvm_address_space_read(as, addr, fdt, size) != MODVM_MEM_OK ||
        fdt_check_full(fdt, size) != 0) {
        modvm_log_guest_error("KVMPPC_H_UPDATE_DT: the tree at 0x%" G_GINT64_MODIFIER "x is "
                              "not valid\n", addr);
        return H_PARAMETER;
    }
    g_free(spapr->fdt);
    spapr->fdt = g_steal_pointer(&fdt);
    spapr->fdt_bufsize = size;
    modvm_log(MODVM_LOG_HCALL, "KVMPPC_H_UPDATE_DT: the guest's tree is now %u bytes\n", size);
    return H_SUCCESS;
}

const SpaprHcallDef spapr_kvmppc_hcalls[] = {
    { KVMPPC_H_LOGICAL_MEMOP, "KVMPPC_H_LOGICAL_MEMOP", h_logical_memop },
    { KVMPPC_H_CAS, "KVMPPC_H_CAS", h_cas },
    { KVMPPC_H_UPDATE_DT, "KVMPPC_H_UPDATE_DT", h_update_dt },
    { 0, NULL, NULL }
};
