/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ibm,client-architecture-support: the PVR, MMU and interrupt mode negotiation (LoPAR B.6.2.3). */
#include "spapr.h"

#include <string.h>

/*
 * What the platform offers in option vector 5, as QEMU 7.2's
 * spapr_machine_init sets spapr->ov5: radix with GTSE for a CPU that can
 * run ISA 3.00 (within max-cpu-compat), XIVE where the machine has it,
 * and FORM2 affinity but on the machine versions before 6.2.
 */
void spapr_ov5_init(SpaprMachine *spapr)
{
    GPtrArray *cpus = modvm_machine_get_cpus(MODVM_MACHINE(spapr));

    memset(&spapr->ov5, 0, sizeof(spapr->ov5));
    spapr_ovec_set(&spapr->ov5, SPAPR_OV5_DRCONF_MEMORY);
    spapr_ovec_set(&spapr->ov5, SPAPR_OV5_FORM1_AFFINITY);
    if (!spapr->pre_6_2_numa_affinity) {
        spapr_ovec_set(&spapr->ov5, SPAPR_OV5_FORM2_AFFINITY);
    }
    if (spapr->modern_hotplug_events) {
        spapr_ovec_set(&spapr->ov5, SPAPR_OV5_HP_EVT);
    }
    if (spapr->resize_hpt != SPAPR_RESIZE_HPT_DISABLED) {
        spapr_ovec_set(&spapr->ov5, SPAPR_OV5_HPT_RESIZE);
    }
    spapr_ovec_set(&spapr->ov5, SPAPR_OV5_DRMEM_V2);
    /* XIVE where the machine has it (ISA 3.00 CPUs and ic-mode xive or dual). */
    if (spapr->xive) {
        spapr_ovec_set(&spapr->ov5, SPAPR_OV5_XIVE_EXPLOIT);
    }
    if (cpus->len && spapr_cpu_effective_isa(spapr_cpu(cpus->pdata[0])) >= POWER_COMPAT_POWER9) {
        spapr_ovec_set(&spapr->ov5, SPAPR_OV5_MMU_RADIX_300);
        spapr_ovec_set(&spapr->ov5, SPAPR_OV5_MMU_RADIX_GTSE);
    }
}

/*
 * QEMU's spapr_ovec_populate_dt: a length byte (bytes - 1), then the
 * bytes up to the last non-zero one; at least one byte. Returns the
 * property's length (at most SPAPR_OV5_MAX_BYTES + 1).
 */
gsize spapr_ov5_encode(const SpaprOptionVector *ov, guint8 *out)
{
    guint len = 1;

    for (guint i = 0; i < SPAPR_OV5_MAX_BYTES; i++) {
        if (ov->bytes[i]) {
            len = i + 1;
        }
    }
    out[0] = (guint8)(len - 1);
    memcpy(out + 1, ov->bytes, len);
    return len + 1;
}

/*
 * The table the client passes: a byte (number of vectors - 1), then each
 * vector as a byte (its length - 1) and its bytes. Vector 1 is the first
 * after the PVR list. FALSE if the table has no vector @n.
 */
static gboolean spapr_ovec_parse(ModvmAddressSpace *as, guint64 table, guint n,
                                 SpaprOptionVector *out)
{
    guint8 count, len;

    memset(out, 0, sizeof(*out));
    if (modvm_address_space_read(as, table, &count, 1) != MODVM_MEM_OK || n > count + 1u) {
        return FALSE;
    }
    table++;
    for (guint i = 1; i < n; i++) {
        if (modvm_address_space_read(as, table, &len, 1) != MODVM_MEM_OK) {
            return FALSE;
        }
        table += (guint64)len + 2;
    }
    if (modvm_address_space_read(as, table, &len, 1) != MODVM_MEM_OK) {
        return FALSE;
    }
    /* Bytes past what we know of are not ours to negotiate. */
    return modvm_address_space_read(as, table + 1, out->bytes,
                                    MIN((guint)len + 1, SPAPR_OV5_MAX_BYTES)) == MODVM_MEM_OK;
}

/*
 * The PVR list at the head of the table: (mask, value) pairs, ended by
 * one with value bits outside its mask. The best logical PVR the CPU can
 * run in (within max-cpu-compat), and whether the real PVR is listed
 * (QEMU's cas_check_pvr).
 */
static PowerCompat spapr_cas_check_pvr(SpaprMachine *spapr, PowerCpu *cpu, guint64 *addr,
                                       gboolean *raw)
{
    ModvmAddressSpace *as = modvm_machine_address_space(MODVM_MACHINE(spapr));
    PowerCompat max = ((PowerCpuClass *)G_OBJECT_GET_CLASS(cpu))->max_compat;
    PowerCompat best = POWER_COMPAT_NONE;
    guint32 real_pvr = cpu->pvr;    /* the model's, once realized */

    if (spapr->max_cpu_compat) {
        max = MIN(max, (PowerCompat)spapr->max_cpu_compat);
    }
    *raw = FALSE;
    for (guint i = 0; i < 512; i++) {
        guint32 pair[2];
        guint32 mask, pvr;

        if (modvm_address_space_read(as, *addr, pair, 8) != MODVM_MEM_OK) {
            break;
        }
        mask = GUINT32_FROM_BE(pair[0]);
        pvr = GUINT32_FROM_BE(pair[1]);
        *addr += 8;
        if (~mask & pvr) {
            break;
        }
        if ((real_pvr & mask) == (pvr & mask)) {
            *raw = TRUE;
            continue;
        }
        /* A logical PVR: the newest mode the CPU supports. */
        for (int c = POWER_COMPAT_POWER6; c <= (int)max; c++) {
            if (power_compat_logical_pvr(c) == pvr && c > (int)best) {
                best = c;
            }
        }
    }
    return best;
}

/* The CPU nodes of the tree say the new mode (QEMU rebuilds the whole tree here). */
static void spapr_cas_update_cpu_nodes(SpaprMachine *spapr, PowerCompat compat, guint32 pvr)
{
    int cpus = fdt_path_offset(spapr->fdt, "/cpus");
    int node;

    if (cpus < 0) {
        return;
    }
    fdt_for_each_subnode(node, spapr->fdt, cpus) {
        const char *type = fdt_getprop(spapr->fdt, node, "device_type", NULL);

        if (!type || strcmp(type, "cpu") != 0) {
            continue;
        }
        fdt32_t v = cpu_to_fdt32(compat ? power_compat_logical_pvr(compat) : pvr);

        fdt_setprop_inplace(spapr->fdt, node, "cpu-version", &v, sizeof(v));
    }
}

gint64 spapr_client_architecture_support(SpaprMachine *spapr, PowerCpu *cpu, guint64 vec)
{
    ModvmAddressSpace *as = modvm_machine_address_space(MODVM_MACHINE(spapr));
    GPtrArray *cpus = modvm_machine_get_cpus(MODVM_MACHINE(spapr));
    SpaprOptionVector ov1, ov5;
    PowerCompat compat;
    gboolean raw, guest_radix, guest_xive;
    int chosen;

    vec = spapr_guest_real_addr(cpu, vec);
    compat = spapr_cas_check_pvr(spapr, cpu, &vec, &raw);
    if (!compat && (!raw || spapr->max_cpu_compat)) {
        g_printerr("modvm: couldn't negotiate a suitable PVR during CAS\n");
        return H_HARDWARE;
    }
    for (guint i = 0; i < cpus->len; i++) {
        power_cpu_set_compat(spapr_cpu(cpus->pdata[i]), compat);
    }
    if (!spapr_ovec_parse(as, vec, 1, &ov1)) {
        modvm_log_guest_error("CAS: the client gave no option vector 1\n");
        return H_PARAMETER;
    }
    if (!spapr_ovec_parse(as, vec, 5, &ov5)) {
        modvm_log_guest_error("CAS: the client gave no option vector 5\n");
        return H_PARAMETER;
    }
    /* QEMU ends the VM on these; a plugin answers the guest instead. */
    if (spapr_ovec_test(&ov5, SPAPR_OV5_MMU_BOTH)) {
        modvm_log_guest_error("CAS: the client asks for both hash and radix MMU\n");
        return H_PARAMETER;
    }
    if (spapr_ovec_test(&ov5, SPAPR_OV5_XIVE_BOTH)) {
        modvm_log_guest_error("CAS: the client asks for an invalid interrupt mode\n");
        return H_PARAMETER;
    }
    guest_radix = spapr_ovec_test(&ov5, SPAPR_OV5_MMU_RADIX_300);
    guest_xive = spapr_ovec_test(&ov5, SPAPR_OV5_XIVE_EXPLOIT);
    if (!guest_radix && !spapr_ovec_test(&ov5, SPAPR_OV5_HPT_RESIZE) &&
        spapr->resize_hpt == SPAPR_RESIZE_HPT_REQUIRED) {
        g_printerr("modvm: the guest does not support HPT resizing, but resize-hpt=required\n");
        return H_HARDWARE;
    }
    /* The negotiated set: what both offer. */
    for (guint i = 0; i < SPAPR_OV5_MAX_BYTES; i++) {
        spapr->ov5_cas.bytes[i] = spapr->ov5.bytes[i] & ov5.bytes[i];
    }
    spapr->cas_pre_isa3_guest = !spapr_ovec_test(&ov1, SPAPR_OV1_PPC_3_00);
    /* The interrupt mode: the guest's choice must be one the machine has (QEMU ends the VM). */
    if (guest_xive && !spapr->xive) {
        g_printerr("modvm: the guest requested an unavailable interrupt mode (XIVE): "
                   "try ic-mode=xive or ic-mode=dual\n");
        return H_HARDWARE;
    }
    if (!guest_xive && !spapr->xics) {
        g_printerr("modvm: the guest requested an unavailable interrupt mode (XICS): "
                   "don't set ic-mode, or use ic-mode=xics or ic-mode=dual\n");
        return H_HARDWARE;
    }
    /* The tree the client reads after CAS. */
    if (!spapr_fdt_make_room(spapr, 4096)) {
        return H_HARDWARE;
    }
    spapr_cas_update_cpu_nodes(spapr, compat, cpu->pvr);
    if (spapr_ovec_test(&spapr->ov5_cas, SPAPR_OV5_FORM2_AFFINITY) &&
        !spapr_fdt_numa_form2(spapr)) {
        return H_HARDWARE;
    }
    /* The controller the guest chose takes over, fresh, and the tree shows it. */
    if (spapr_irq_update(spapr)) {
        if (spapr->xive_active) {
            spapr_xive_reset(spapr->xive);
        }
        if (!spapr_fdt_update_intc(spapr)) {
            return H_HARDWARE;
        }
    }
    chosen = fdt_path_offset(spapr->fdt, "/chosen");
    if (chosen < 0) {
        return H_HARDWARE;
    }
    {
        guint8 prop[SPAPR_OV5_MAX_BYTES + 1];
        gsize len = spapr_ov5_encode(&spapr->ov5_cas, prop);

        if (fdt_setprop(spapr->fdt, chosen, "ibm,architecture-vec-5", prop, (int)len) < 0) {
            return H_HARDWARE;
        }
    }
    modvm_log(MODVM_LOG_HCALL, "CAS: compat %s (PCR 0x%" G_GINT64_MODIFIER "x), %s MMU, %s\n",
              compat ? spapr_compat_names[compat] : "raw", cpu->regs.spr[POWER_SPR_PCR],
              guest_radix ? "radix" : "hash", spapr->xive_active ? "XIVE" : "XICS");
    return H_SUCCESS;
}
