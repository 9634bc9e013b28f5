/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hypercalls about the virtual processors: VPA, process table, confer/prod/join, CPU characteristics. */
#include "spapr.h"

#include <string.h>

#define SPAPR_LPCR_GTSE     SPAPR_PPC_BIT(53)

/* VPA layout (LoPAR "Virtual Processor Area"), big-endian fields. */
#define VPA_MIN_SIZE            640
#define VPA_SIZE_OFFSET         0x4
#define VPA_SHARED_PROC_OFFSET  0x9
#define VPA_SHARED_PROC_VAL     0x2
#define VPA_DISPATCH_COUNTER    0x100
#define SPAPR_DCACHE_LINE       128     /* POWER7 .. Power10 */

SpaprCpuState *spapr_cpu_state(SpaprMachine *spapr, PowerCpu *cpu)
{
    guint i = modvm_cpu_index(MODVM_CPU(cpu));

    g_assert(i < spapr->n_cpu_state);
    return &spapr->cpu_state[i];
}

PowerCpu *spapr_find_cpu(SpaprMachine *spapr, gint64 id)
{
    GPtrArray *cpus = modvm_machine_get_cpus(MODVM_MACHINE(spapr));

    for (guint i = 0; i < cpus->len; i++) {
        if ((gint64)spapr_vcpu_id(spapr, i) == id) {
            return spapr_cpu(cpus->pdata[i]);
        }
    }
    return NULL;
}

/* A reset forgets what the guest registered (QEMU's spapr_reset_vcpu), and its compat mode. */
void spapr_vcpu_reset(SpaprMachine *spapr)
{
    GPtrArray *cpus = modvm_machine_get_cpus(MODVM_MACHINE(spapr));

    for (guint i = 0; i < spapr->n_cpu_state && i < cpus->len; i++) {
        int compat = spapr->cpu_state[i].boot_compat;

        memset(&spapr->cpu_state[i], 0, sizeof(spapr->cpu_state[i]));
        spapr->cpu_state[i].boot_compat = compat;
        /* The firmware starts the first thread; the others wait for start-cpu. */
        spapr->cpu_state[i].quiesced = i != 0;
        power_cpu_set_compat(spapr_cpu(cpus->pdata[i]), (PowerCompat)compat);
    }
    spapr->patb_entry = 0;
    memset(&spapr->ov5_cas, 0, sizeof(spapr->ov5_cas));
    spapr->cas_pre_isa3_guest = FALSE;
}

static ModvmAddressSpace *spapr_as(SpaprMachine *spapr)
{
    return modvm_machine_address_space(MODVM_MACHINE(spapr));
}

static guint64 spapr_ld_be(SpaprMachine *spapr, guint64 addr, guint size)
{
    guint8 b[8] = { 0 };
    guint64 v = 0;

    /* Unassigned memory reads as 0, as QEMU's ld*_phys. */
    modvm_address_space_read(spapr_as(spapr), addr, b, size);
    for (guint i = 0; i < size; i++) {
        v = v << 8 | b[i];
    }
    return v;
}

static void spapr_st_be(SpaprMachine *spapr, guint64 addr, guint size, guint64 v)
{
    guint8 b[8];

    for (guint i = 0; i < size; i++) {
        b[size - 1 - i] = (guint8)(v >> (8 * i));
    }
    modvm_address_space_write(spapr_as(spapr), addr, b, size);
}

/* H_REGISTER_VPA's subfunctions (LoPAR "H_REGISTER_VPA"), with QEMU's checks. */
#define FLAGS_REGISTER_VPA         0x0000200000000000ull
#define FLAGS_REGISTER_DTL         0x0000400000000000ull
#define FLAGS_REGISTER_SLBSHADOW   0x0000600000000000ull
#define FLAGS_DEREGISTER_VPA       0x0000a00000000000ull
#define FLAGS_DEREGISTER_DTL       0x0000c00000000000ull
#define FLAGS_DEREGISTER_SLBSHADOW 0x0000e00000000000ull

static gint64 spapr_register_vpa(SpaprMachine *spapr, SpaprCpuState *st, guint64 vpa)
{
    guint64 size;

    if (vpa == 0) {
        modvm_log_guest_error("H_REGISTER_VPA: a VPA at logical 0\n");
        return H_HARDWARE;
    }
    if (vpa % SPAPR_DCACHE_LINE) {
        return H_PARAMETER;
    }
    size = spapr_ld_be(spapr, vpa + VPA_SIZE_OFFSET, 2);
    if (size < VPA_MIN_SIZE) {
        return H_PARAMETER;
    }
    /* A VPA may not cross a 4K page. */
    if (vpa / 4096 != (vpa + size - 1) / 4096) {
        return H_PARAMETER;
    }
    st->vpa_addr = vpa;
    /* The partition's processors are shared (QEMU says so to TCG guests). */
    spapr_st_be(spapr, vpa + VPA_SHARED_PROC_OFFSET, 1,
                spapr_ld_be(spapr, vpa + VPA_SHARED_PROC_OFFSET, 1) | VPA_SHARED_PROC_VAL);
    return H_SUCCESS;
}

static gint64 spapr_register_slb_shadow(SpaprMachine *spapr, SpaprCpuState *st, guint64 addr)
{
    guint64 size;

    if (addr == 0) {
        modvm_log_guest_error("H_REGISTER_VPA: an SLB shadow at logical 0\n");
        return H_HARDWARE;
    }
    size = spapr_ld_be(spapr, addr + 4, 4);
    if (size < 8) {
        return H_PARAMETER;
    }
    if (addr / 4096 != (addr + size - 1) / 4096) {
        return H_PARAMETER;
    }
    if (!st->vpa_addr) {
        return H_RESOURCE;
    }
    st->slb_shadow_addr = addr;
    st->slb_shadow_size = size;
    return H_SUCCESS;
}

static gint64 spapr_register_dtl(SpaprMachine *spapr, SpaprCpuState *st, guint64 addr)
{
    guint64 size;

    if (addr == 0) {
        modvm_log_guest_error("H_REGISTER_VPA: a DTL at logical 0\n");
        return H_HARDWARE;
    }
    size = spapr_ld_be(spapr, addr + 4, 4);
    if (size < 48) {
        return H_PARAMETER;
    }
    if (!st->vpa_addr) {
        return H_RESOURCE;
    }
    st->dtl_addr = addr;
    st->dtl_size = size;
    return H_SUCCESS;
}

static gint64 h_register_vpa(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                             guint64 *args)
{
    guint64 flags = args[0], addr = args[2];
    PowerCpu *target = spapr_find_cpu(spapr, (gint64)args[1]);
    SpaprCpuState *st;

    if (!target) {
        return H_PARAMETER;
    }
    st = spapr_cpu_state(spapr, target);
    switch (flags) {
    case FLAGS_REGISTER_VPA:
        return spapr_register_vpa(spapr, st, addr);
    case FLAGS_DEREGISTER_VPA:
        if (st->slb_shadow_addr || st->dtl_addr) {
            return H_RESOURCE;
        }
        st->vpa_addr = 0;
        return H_SUCCESS;
    case FLAGS_REGISTER_SLBSHADOW:
        return spapr_register_slb_shadow(spapr, st, addr);
    case FLAGS_DEREGISTER_SLBSHADOW:
        st->slb_shadow_addr = st->slb_shadow_size = 0;
        return H_SUCCESS;
    case FLAGS_REGISTER_DTL:
        return spapr_register_dtl(spapr, st, addr);
    case FLAGS_DEREGISTER_DTL:
        st->dtl_addr = st->dtl_size = 0;
        return H_SUCCESS;
    }
    return H_PARAMETER;
}

/* Leave guest code now: the CPU may be halted, or should let others run. */
static void spapr_cpu_leave(PowerCpu *cpu)
{
    g_atomic_int_set(&cpu->tcg.exit_request, 1);
}

/* Confer to self (and H_JOIN): wait until prodded, as QEMU's h_confer_self. */
static gint64 spapr_confer_self(SpaprMachine *spapr, PowerCpu *cpu)
{
    SpaprCpuState *st = spapr_cpu_state(spapr, cpu);

    if (st->prod) {
        st->prod = FALSE;
        return H_SUCCESS;
    }
    cpu->tcg.halted = TRUE;
    spapr_cpu_leave(cpu);
    return H_SUCCESS;
}

static gint64 h_confer(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                       guint64 *args)
{
    gint64 target = (gint64)args[0];
    guint32 dispatch = (guint32)args[1];

    /* -1: to all others, without the dispatch counter check. */
    if (target != -1) {
        PowerCpu *tcpu = spapr_find_cpu(spapr, target);
        SpaprCpuState *st;

        if (!tcpu) {
            return H_PARAMETER;
        }
        if (tcpu == cpu) {
            return spapr_confer_self(spapr, cpu);
        }
        st = spapr_cpu_state(spapr, tcpu);
        /* An even dispatch count: the target runs already. */
        if (!st->vpa_addr || !(dispatch & 1)) {
            return H_SUCCESS;
        }
        if (spapr_ld_be(spapr, st->vpa_addr + VPA_DISPATCH_COUNTER, 4) != dispatch) {
            return H_SUCCESS;
        }
    }
    spapr_cpu_leave(cpu);
    return H_SUCCESS;
}

static gint64 h_prod(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                     guint64 *args)
{
    PowerCpu *tcpu = spapr_find_cpu(spapr, (gint64)args[0]);

    if (!tcpu) {
        return H_PARAMETER;
    }
    spapr_cpu_state(spapr, tcpu)->prod = TRUE;
    tcpu->tcg.halted = FALSE;
    modvm_cpu_kick(MODVM_CPU(tcpu));
    return H_SUCCESS;
}

static gint64 h_join(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                     guint64 *args)
{
    GPtrArray *cpus = modvm_machine_get_cpus(MODVM_MACHINE(spapr));

    if (cpu->regs.msr & SPAPR_MSR_EE) {
        return H_BAD_MODE;
    }
    /* The last thread running may not join; joined ones are halted with MSR[EE] = 0. */
    for (guint i = 0; i < cpus->len; i++) {
        PowerCpu *c = spapr_cpu(cpus->pdata[i]);
        if (c != cpu && (!c->tcg.halted || (c->regs.msr & SPAPR_MSR_EE))) {
            return spapr_confer_self(spapr, cpu);
        }
    }
    return H_CONTINUE;
}

/* H_REGISTER_PROC_TBL's flags (LoPAR "H_REGISTER_PROC_TBL"). */
#define PROC_TBL_FLAGS_MASK     0x1full
#define PROC_TBL_MODIFY         0x10
#define PROC_TBL_REGISTER       0x08
#define PROC_TBL_RADIX          0x04
#define PROC_TBL_HASH_PROC_TBL  0x02
#define PROC_TBL_GTSE           0x01

static gint64 h_register_proc_tbl(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                  guint64 opcode, guint64 *args)
{
    guint64 flags = args[0], proc_tbl = args[1], page_size = args[2], table_size = args[3];
    guint64 cproc, lpcr = 0, ram;
    GPtrArray *cpus = modvm_machine_get_cpus(MODVM_MACHINE(spapr));

    if (flags & ~PROC_TBL_FLAGS_MASK) {
        return H_PARAMETER;
    }
    if ((flags & PROC_TBL_MODIFY) && (flags & PROC_TBL_REGISTER)) {
        if (table_size <= 52 && (proc_tbl & ((1ull << (table_size + 12)) - 1))) {
            modvm_log_guest_error("H_REGISTER_PROC_TBL: process table 0x%" G_GINT64_MODIFIER
                                  "x not aligned to its size\n", proc_tbl);
        }
        if (flags & PROC_TBL_RADIX) {
            if ((proc_tbl & 0xfff) || proc_tbl >> 60) {
                return H_P2;
            } else if (page_size) {
                return H_P3;
            } else if (table_size > 24) {
                return H_P4;
            }
            /* The CPUs read the table in guest RAM: refuse one that is not all there. */
            ram = modvm_machine_ram_size(MODVM_MACHINE(spapr));

            if (proc_tbl + (1ull << (table_size + 12)) > ram) {
                modvm_log_guest_error("H_REGISTER_PROC_TBL: process table 0x%" G_GINT64_MODIFIER
                                      "x of 2^%" G_GINT64_MODIFIER "u bytes beyond RAM\n",
                                      proc_tbl, table_size + 12);
                return H_P2;
            }
            cproc = SPAPR_PATE1_GR | proc_tbl | table_size;
        } else if (flags & PROC_TBL_HASH_PROC_TBL) {
            /* Hash with segment tables: not supported (as QEMU). */
            return H_PARAMETER;
        } else {
            if (proc_tbl >> 38) {
                return H_P2;
            } else if (page_size & ~7ull) {
                return H_P3;
            } else if (table_size > 24) {
                return H_P4;
            }
            cproc = proc_tbl << 25 | page_size << 5 | table_size;
        }
    } else if (flags & PROC_TBL_MODIFY) {
        /* Deregister: keep only the current radix bit (QEMU's benign value). */
        cproc = spapr->patb_entry & SPAPR_PATE1_GR;
    } else {
        /* Keep the current registration, which must be of the same kind. */
        if (!(flags & PROC_TBL_RADIX) != !(spapr->patb_entry & SPAPR_PATE1_GR)) {
            return H_PARAMETER;
        }
        cproc = spapr->patb_entry;
    }
    spapr->patb_entry = cproc;
    if (flags & PROC_TBL_RADIX) {
        lpcr |= SPAPR_LPCR_UPRT | SPAPR_LPCR_HR;
    } else if (flags & PROC_TBL_HASH_PROC_TBL) {
        lpcr |= SPAPR_LPCR_UPRT;
    }
    if (flags & PROC_TBL_GTSE) {
        lpcr |= SPAPR_LPCR_GTSE;
    }
    for (guint i = 0; i < cpus->len; i++) {
        PowerCpu *c = spapr_cpu(cpus->pdata[i]);
        guint64 mask = SPAPR_LPCR_UPRT | SPAPR_LPCR_HR | SPAPR_LPCR_GTSE;
        c->regs.spr[SPAPR_SPR_LPCR] = (c->regs.spr[SPAPR_SPR_LPCR] & ~mask) | lpcr;
    }
    /* The translation mode or the tables may have changed under every CPU. */
    power_cpu_tlb_flush_all(cpu);
    return H_SUCCESS;
}

/* H_GET_CPU_CHARACTERISTICS (PAPR ACR): what the caps say of the speculation mitigations. */
#define H_CPU_CHAR_SPEC_BAR_ORI31       SPAPR_PPC_BIT(0)
#define H_CPU_CHAR_BCCTRL_SERIALISED    SPAPR_PPC_BIT(1)
#define H_CPU_CHAR_L1D_FLUSH_ORI30      SPAPR_PPC_BIT(2)
#define H_CPU_CHAR_L1D_FLUSH_TRIG2      SPAPR_PPC_BIT(3)
#define H_CPU_CHAR_L1D_THREAD_PRIV      SPAPR_PPC_BIT(4)
#define H_CPU_CHAR_HON_BRANCH_HINTS     SPAPR_PPC_BIT(5)
#define H_CPU_CHAR_THR_RECONF_TRIG      SPAPR_PPC_BIT(6)
#define H_CPU_CHAR_CACHE_COUNT_DIS      SPAPR_PPC_BIT(7)
#define H_CPU_CHAR_BCCTR_FLUSH_ASSIST   SPAPR_PPC_BIT(9)
#define H_CPU_BEHAV_FAVOUR_SECURITY     SPAPR_PPC_BIT(0)
#define H_CPU_BEHAV_L1D_FLUSH_PR        SPAPR_PPC_BIT(1)
#define H_CPU_BEHAV_BNDS_CHK_SPEC_BAR   SPAPR_PPC_BIT(2)
#define H_CPU_BEHAV_FLUSH_COUNT_CACHE   SPAPR_PPC_BIT(5)
#define H_CPU_BEHAV_NO_L1D_FLUSH_ENTRY  SPAPR_PPC_BIT(7)
#define H_CPU_BEHAV_NO_L1D_FLUSH_UACCESS SPAPR_PPC_BIT(8)

static gint64 h_get_cpu_characteristics(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                        guint64 opcode, guint64 *args)
{
    guint64 characteristics = H_CPU_CHAR_HON_BRANCH_HINTS & ~H_CPU_CHAR_THR_RECONF_TRIG;
    guint64 behaviour = H_CPU_BEHAV_FAVOUR_SECURITY;

    switch (spapr->caps.cfpc) {
    case SPAPR_CAP_WORKAROUND:
        characteristics |= H_CPU_CHAR_L1D_FLUSH_ORI30 | H_CPU_CHAR_L1D_FLUSH_TRIG2 |
                           H_CPU_CHAR_L1D_THREAD_PRIV;
        behaviour |= H_CPU_BEHAV_L1D_FLUSH_PR;
        break;
    case SPAPR_CAP_FIXED:
        behaviour |= H_CPU_BEHAV_NO_L1D_FLUSH_ENTRY | H_CPU_BEHAV_NO_L1D_FLUSH_UACCESS;
        break;
    default:
        behaviour |= H_CPU_BEHAV_L1D_FLUSH_PR;
        break;
    }
    switch (spapr->caps.sbbc) {
    case SPAPR_CAP_WORKAROUND:
        characteristics |= H_CPU_CHAR_SPEC_BAR_ORI31;
        behaviour |= H_CPU_BEHAV_BNDS_CHK_SPEC_BAR;
        break;
    case SPAPR_CAP_FIXED:
        break;
    default:
        behaviour |= H_CPU_BEHAV_BNDS_CHK_SPEC_BAR;
        break;
    }
    switch (spapr->caps.ibs) {
    case SPAPR_CAP_IBS_FIXED_NA:
        break;
    case SPAPR_CAP_IBS_FIXED_CCD:
        characteristics |= H_CPU_CHAR_CACHE_COUNT_DIS;
        break;
    case SPAPR_CAP_IBS_FIXED_IBS:
        characteristics |= H_CPU_CHAR_BCCTRL_SERIALISED;
        break;
    case SPAPR_CAP_IBS_WORKAROUND:
        behaviour |= H_CPU_BEHAV_FLUSH_COUNT_CACHE;
        if (spapr->caps.ccf_assist) {
            characteristics |= H_CPU_CHAR_BCCTR_FLUSH_ASSIST;
        }
        break;
    default:
        break;
    }
    args[0] = characteristics;
    args[1] = behaviour;
    return H_SUCCESS;
}

/* H_LOGICAL_CI_LOAD / STORE: cache-inhibited access to a logical address (big-endian, as QEMU). */
static gint64 h_logical_ci_load(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                guint64 opcode, guint64 *args)
{
    guint64 size = args[0];

    if (size != 1 && size != 2 && size != 4 && size != 8) {
        return H_PARAMETER;
    }
    args[0] = spapr_ld_be(spapr, args[1], (guint)size);
    return H_SUCCESS;
}

static gint64 h_logical_ci_store(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                 guint64 opcode, guint64 *args)
{
    guint64 size = args[0];

    if (size != 1 && size != 2 && size != 4 && size != 8) {
        return H_PARAMETER;
    }
    spapr_st_be(spapr, args[1], (guint)size, args[2]);
    return H_SUCCESS;
}

/*
 * H_SIGNAL_SYS_RESET: a system reset interrupt (0x100) to one thread, or
 * to all (-1) or all but the caller (-2), as QEMU's; Linux uses it to
 * stop or dump the other CPUs after a crash.
 */
#define H_SIGNAL_SYS_RESET_ALL          (-1)
#define H_SIGNAL_SYS_RESET_ALLBUTSELF   (-2)

static gint64 h_signal_sys_reset(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                 guint64 opcode, guint64 *args)
{
    gint64 target = (gint64)args[0];
    GPtrArray *cpus = modvm_machine_get_cpus(MODVM_MACHINE(spapr));
    PowerCpu *tcpu;

    if (target >= 0) {
        tcpu = spapr_find_cpu(spapr, target);
        if (!tcpu) {
            return H_PARAMETER;
        }
        spapr_signal_system_reset(spapr, tcpu);
        return H_SUCCESS;
    }
    if (target < H_SIGNAL_SYS_RESET_ALLBUTSELF) {
        return H_PARAMETER;
    }
    for (guint i = 0; i < cpus->len; i++) {
        tcpu = spapr_cpu(cpus->pdata[i]);
        if (target == H_SIGNAL_SYS_RESET_ALLBUTSELF && tcpu == cpu) {
            continue;
        }
        spapr_signal_system_reset(spapr, tcpu);
    }
    return H_SUCCESS;
}

/* Radix-only calls QEMU's TCG does not implement either; a hash guest never makes them. */
static gint64 h_unimplemented(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                              guint64 opcode, guint64 *args)
{
    modvm_log_unimp("unimplemented sPAPR hypercall 0x%" G_GINT64_MODIFIER "x%s\n", opcode,
                    opcode == H_CLEAN_SLB ? " (H_CLEAN_SLB)" : " (H_INVALIDATE_PID)");
    return H_FUNCTION;
}

const SpaprHcallDef spapr_vcpu_hcalls[] = {
    { H_LOGICAL_CI_LOAD, "H_LOGICAL_CI_LOAD", h_logical_ci_load },
    { H_LOGICAL_CI_STORE, "H_LOGICAL_CI_STORE", h_logical_ci_store },
    { H_REGISTER_VPA, "H_REGISTER_VPA", h_register_vpa },
    { H_CONFER, "H_CONFER", h_confer },
    { H_PROD, "H_PROD", h_prod },
    { H_GET_CPU_CHARACTERISTICS, "H_GET_CPU_CHARACTERISTICS", h_get_cpu_characteristics },
    { H_JOIN, "H_JOIN", h_join },
    { H_CLEAN_SLB, "H_CLEAN_SLB", h_unimplemented },
    { H_INVALIDATE_PID, "H_INVALIDATE_PID", h_unimplemented },
    { H_REGISTER_PROC_TBL, "H_REGISTER_PROC_TBL", h_register_proc_tbl },
    { H_SIGNAL_SYS_RESET, "H_SIGNAL_SYS_RESET", h_signal_sys_reset },
    { 0, NULL, NULL }
};
