/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Interrupt delivery (Power ISA Book III chapter 7): vectors, SRR/HSRR, the new MSR, AIL, priorities. */
#include "internal.h"

#include <inttypes.h>

typedef struct {
    guint64 vector;
    gboolean hv;            /* a hypervisor interrupt: HSRR0/1 and MSR[HV] = 1 */
    const char *name;
} PowerExcpDef;

static const PowerExcpDef power_excps[POWER_EXCP__COUNT] = {
    [POWER_EXCP_RESET] = { 0x100, FALSE, "system reset" },
    [POWER_EXCP_MCHECK] = { 0x200, FALSE, "machine check" },
    [POWER_EXCP_DSI] = { 0x300, FALSE, "data storage" },
    [POWER_EXCP_DSEG] = { 0x380, FALSE, "data segment" },
    [POWER_EXCP_ISI] = { 0x400, FALSE, "instruction storage" },
    [POWER_EXCP_ISEG] = { 0x480, FALSE, "instruction segment" },
    [POWER_EXCP_EXTERNAL] = { 0x500, FALSE, "external" },
    [POWER_EXCP_ALIGN] = { 0x600, FALSE, "alignment" },
    [POWER_EXCP_PROGRAM] = { 0x700, FALSE, "program" },
    [POWER_EXCP_FPU] = { 0x800, FALSE, "floating-point unavailable" },
    [POWER_EXCP_DECR] = { 0x900, FALSE, "decrementer" },
    [POWER_EXCP_HDECR] = { 0x980, TRUE, "hypervisor decrementer" },
    [POWER_EXCP_DOORBELL] = { 0xa00, FALSE, "directed privileged doorbell" },
    [POWER_EXCP_SYSCALL] = { 0xc00, FALSE, "system call" },
    [POWER_EXCP_TRACE] = { 0xd00, FALSE, "trace" },
    [POWER_EXCP_HDSI] = { 0xe00, TRUE, "hypervisor data storage" },
    [POWER_EXCP_HISI] = { 0xe20, TRUE, "hypervisor instruction storage" },
    [POWER_EXCP_HV_EMU] = { 0xe40, TRUE, "hypervisor emulation assistance" },
    [POWER_EXCP_HDOORBELL] = { 0xe80, TRUE, "directed hypervisor doorbell" },
    [POWER_EXCP_HVIRT] = { 0xea0, TRUE, "hypervisor virtualization" },
    [POWER_EXCP_PERFM] = { 0xf00, FALSE, "performance monitor" },
    [POWER_EXCP_VPU] = { 0xf20, FALSE, "vector unavailable" },
    [POWER_EXCP_VSXU] = { 0xf40, FALSE, "VSX unavailable" },
    [POWER_EXCP_FU] = { 0xf60, FALSE, "facility unavailable" },
    [POWER_EXCP_SYSCALL_VECTORED] = { 0x17000, FALSE, "system call vectored" },
};

/*
 * MSR <- @value with the rules every MSR write follows (QEMU's
 * hreg_store_msr): only bits the model has; HV changes only from
 * hypervisor state with @alter_hv (rfid, hrfid); problem state implies
 * EE, IR and DR (Book III "Machine State Register").
 */
void power_store_msr(PowerCpu *cpu, guint64 value, gboolean alter_hv)
{
    guint64 old = cpu->regs.msr;

    value &= cpu->msr_mask;
    if (!alter_hv || !(old & MSR_BIT(MSR_HV))) {
        value = (value & ~MSR_BIT(MSR_HV)) | (old & MSR_BIT(MSR_HV));
    }
    if (value & MSR_BIT(MSR_PR)) {
        value |= MSR_BIT(MSR_EE) | MSR_BIT(MSR_IR) | MSR_BIT(MSR_DR);
    }
    cpu->regs.msr = value;
}

/* Interrupts are little-endian per LPCR[ILE], or HID0[HILE] for the hypervisor. */
static gboolean power_interrupt_le(PowerCpu *cpu, gboolean hv)
{
    if (hv && !cpu->vhyp) {
        guint64 hile = cpu->isa >= ISA300 ? PPC_BIT(4) : PPC_BIT(19);
        return (cpu->regs.spr[SPR_HID0] & hile) != 0;
    }
    return (cpu->regs.spr[SPR_LPCR] & LPCR_ILE) != 0;
}

/*
 * Alternate Interrupt Location (Book III 7.3, LPCR[AIL]): with relocation
 * on, interrupts go to 0x18000 (AIL=2) or 0xc000000000004000 (AIL=3) above
 * their vector, with IR and DR on. POWER8 and POWER9 honour it only with
 * MSR[IR] and [DR] on and not when going from guest to hypervisor in HPT
 * mode; Power10 has AIL=3 only and HAIL for hypervisor interrupts. scv
 * replaces its 0x17000 base with 0xc000000000003000 under AIL=3. POWER7
 * has no AIL. This follows QEMU's ppc_excp_apply_ail.
 */
static void power_apply_ail(PowerCpu *cpu, PowerExcp excp, guint64 msr, guint64 *new_msr,
                            guint64 *vector)
{
    guint64 lpcr = cpu->regs.spr[SPR_LPCR];
    gboolean mmu_on = (msr & MSR_BIT(MSR_IR)) && (msr & MSR_BIT(MSR_DR));
    gboolean hv_escalation = !(msr & MSR_BIT(MSR_HV)) && (*new_msr & MSR_BIT(MSR_HV));
    unsigned ail;

    if (excp == POWER_EXCP_MCHECK || excp == POWER_EXCP_RESET || cpu->isa < ISA207) {
        return;
    }
    if (cpu->isa < ISA310) {
        if (!mmu_on || (hv_escalation && !(lpcr & LPCR_HR))) {
            return;
        }
        ail = (lpcr & LPCR_AIL) >> LPCR_AIL_SHIFT;
        if (ail < 2) {
            return;
        }
    } else {
        if (!mmu_on && !hv_escalation) {
            return;
        }
        if (*new_msr & MSR_BIT(MSR_HV)) {
            if (!(lpcr & LPCR_HAIL)) {
                return;
            }
            ail = 3;
        } else {
            ail = (lpcr & LPCR_AIL) >> LPCR_AIL_SHIFT;
        }
        if (ail < 3) {
            return;
        }
    }
    *new_msr |= MSR_BIT(MSR_IR) | MSR_BIT(MSR_DR);
    if (excp == POWER_EXCP_SYSCALL_VECTORED) {
        if (ail == 3) {
            *vector = (*vector & ~0x17000ull) | 0xc000000000003000ull;
        }
    } else {
        *vector |= ail == 2 ? 0x18000ull : 0xc000000000004000ull;
    }
}

/*
 * ISA 3.1 Book III 7.5: SRR1[34] (HSRR1[34]) is set when the instruction
 * at SRR0 that caused a storage, alignment, program or facility interrupt
 * is prefixed; Linux's alignment handler reads it. The word is read back
 * without faulting (QEMU 7.2 leaves the bit 0).
 */
static gboolean power_excp_prefixed(PowerCpu *cpu, PowerExcp excp)
{
    const guint8 *p;
    guint32 w;

    switch (excp) {
    case POWER_EXCP_DSI: case POWER_EXCP_DSEG: case POWER_EXCP_ALIGN: case POWER_EXCP_PROGRAM:
    case POWER_EXCP_FPU: case POWER_EXCP_HV_EMU: case POWER_EXCP_VPU: case POWER_EXCP_VSXU:
    case POWER_EXCP_FU: case POWER_EXCP_HDSI:
        break;
    default:
        return FALSE;
    }
    if (cpu->isa < ISA310 || !cpu->tcg.rt || !cpu->tcg.rt->probe || (cpu->regs.nip & 3)) {
        return FALSE;
    }
    p = cpu->tcg.rt->probe(&cpu->tcg, cpu->regs.nip, MODVM_TCG_ACCESS_FETCH,
                           power_mmu_idx(cpu->regs.msr, FALSE));
    if (!p) {
        return FALSE;
    }
    w = (cpu->regs.msr & MSR_BIT(MSR_LE)) ? (guint32)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0]
                                          : (guint32)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
    return (w >> 26) == 1;
}

static void power_deliver(PowerCpu *cpu, PowerExcp excp)
{
    PowerRegs *r = &cpu->regs;
    guint64 error = cpu->excp_error;
    /* SRR1: the MSR with bits 33:36 and 42:47 cleared, then the interrupt's own bits. */
    guint64 msr = r->msr & ~0x783f0000ull;
    guint64 new_msr = r->msr & (MSR_BIT(MSR_ME) | MSR_BIT(MSR_HV));
    guint64 vector;
    gboolean hv;

    /* A guest without hypervisor state gets the program interrupt for what would go to it. */
    if (excp == POWER_EXCP_HV_EMU && cpu->vhyp) {
        excp = POWER_EXCP_PROGRAM;
    }
    vector = power_excps[excp].vector;
    hv = power_excps[excp].hv;

    switch (excp) {
    case POWER_EXCP_MCHECK:
        if (!(r->msr & MSR_BIT(MSR_ME))) {
            modvm_log_guest_error("power: machine check with MSR[ME]=0: checkstop\n");
            cpu->tcg.halted = TRUE;
        }
        if (!cpu->vhyp) {
            new_msr |= MSR_BIT(MSR_HV);
        }
        new_msr &= ~MSR_BIT(MSR_ME);
        msr |= error;
        break;
    case POWER_EXCP_RESET:
        if (!cpu->vhyp) {
            new_msr |= MSR_BIT(MSR_HV);
        }
        break;
    case POWER_EXCP_ISI:
        msr |= error & 0x783f0000ull;
        break;
    case POWER_EXCP_PROGRAM:
        msr |= error & (SRR1_PROGFP | SRR1_PROGILL | SRR1_PROGPRIV | SRR1_PROGTRAP | PPC_BIT(47));
        break;
    case POWER_EXCP_ALIGN:
        /* Before ISA 3.0 the DSISR got the instruction's RT/RS and RA fields. */
        if (cpu->isa < ISA300) {
            r->spr[SPR_DSISR] |= (error & 0x03ff0000) >> 16;
        }
        break;
    case POWER_EXCP_EXTERNAL:
        if (!cpu->vhyp && !(r->spr[SPR_LPCR] & LPCR_LPES0)) {
            hv = TRUE;
        }
        break;
    case POWER_EXCP_SYSCALL:
        r->nip += 4;
        if (error == 1 && !cpu->vhyp) {
            new_msr |= MSR_BIT(MSR_HV);
        }
        break;
    case POWER_EXCP_SYSCALL_VECTORED:
        r->nip += 4;
        new_msr |= r->msr & (MSR_BIT(MSR_EE) | MSR_BIT(MSR_RI));
        vector += 0x20 * (error & 0x7f);
        r->lr = r->nip;
        r->ctr = msr;
        break;
    case POWER_EXCP_HV_EMU:
        r->spr[SPR_HEIR] = error >> 32;
        break;
    case POWER_EXCP_TRACE:
        msr |= error & PPC_BIT(34);
        break;
    default:
        break;
    }
    if (hv) {
        if (cpu->vhyp) {
            modvm_log_guest_error("power: %s interrupt in a guest without hypervisor: dropped\n",
                                  power_excps[excp].name);
            return;
        }
        new_msr |= MSR_BIT(MSR_HV) | (r->msr & MSR_BIT(MSR_RI));
    }
    if (power_excp_prefixed(cpu, excp)) {
        msr |= PPC_BIT(34);
    }
    if (excp != POWER_EXCP_SYSCALL_VECTORED) {
        r->spr[hv ? SPR_HSRR0 : SPR_SRR0] = r->nip;
        r->spr[hv ? SPR_HSRR1 : SPR_SRR1] = msr;
    }
    power_apply_ail(cpu, excp, msr, &new_msr, &vector);
    if (power_interrupt_le(cpu, (new_msr & MSR_BIT(MSR_HV)) != 0)) {
        new_msr |= MSR_BIT(MSR_LE);
    }
    new_msr |= MSR_BIT(MSR_SF);

    if (modvm_log_enabled(MODVM_LOG_INT)) {
        modvm_log(MODVM_LOG_INT, "power: %s interrupt at 0x%016" PRIx64 " msr 0x%016" PRIx64
                  " -> 0x%016" PRIx64 "\n", power_excps[excp].name, r->nip, r->msr, vector);
    }
    r->msr = new_msr & cpu->msr_mask;
    r->nip = vector;
    r->reserve_addr = ~0ull;
    cpu->excp_error = 0;
    if (excp == POWER_EXCP_RESET && cpu->vhyp && cpu->vhyp->system_reset) {
        cpu->vhyp->system_reset(cpu, cpu->vhyp_opaque);
    }
}

void power_cpu_do_interrupt(ModvmCpu *cs)
{
    PowerCpu *cpu = POWER_CPU(cs);
    int excp = cpu->tcg.exception_index;

    if (excp >= 0 && excp < POWER_EXCP__COUNT) {
        power_deliver(cpu, excp);
    }
    cpu->tcg.exception_index = -1;
}

/*
 * The pending interrupt to take now, by priority (Book III 7.8), or -1.
 * The rules are QEMU's ppc_next_unmasked_interrupt for POWER7 to Power10.
 */
static int power_next_interrupt(PowerCpu *cpu, guint32 *clear)
{
    guint32 pending = g_atomic_int_get(&cpu->tcg.interrupt_request);
    guint64 msr = cpu->regs.msr, lpcr = cpu->regs.spr[SPR_LPCR];
    gboolean ee = (msr & MSR_BIT(MSR_EE)) != 0;
    gboolean hv = (msr & MSR_BIT(MSR_HV)) != 0;
    gboolean pr = (msr & MSR_BIT(MSR_PR)) != 0;

    *clear = 0;
    if (pending & (1u << POWER_IRQ_RESET)) {
        *clear = 1u << POWER_IRQ_RESET;
        return POWER_EXCP_RESET;
    }
    if (pending & (1u << POWER_IRQ_MCHECK)) {
        *clear = 1u << POWER_IRQ_MCHECK;
        return POWER_EXCP_MCHECK;
    }
    if ((pending & (1u << POWER_IRQ_HDECREMENTER)) && (ee || !hv) && (lpcr & LPCR_HDICE)) {
        *clear = 1u << POWER_IRQ_HDECREMENTER;
        return POWER_EXCP_HDECR;
    }
    if ((pending & (1u << POWER_IRQ_HVIRT)) && (ee || !hv) && (lpcr & LPCR_HVICE)) {
        return POWER_EXCP_HVIRT;
    }
    if (pending & (1u << POWER_IRQ_EXTERNAL)) {
        gboolean heic_blocks = (lpcr & LPCR_HEIC) && hv && !pr;
        if ((ee && !heic_blocks) || (!cpu->vhyp && !hv && !(lpcr & LPCR_LPES0))) {
            return POWER_EXCP_EXTERNAL;
        }
    }
    if (!ee) {
        return -1;
    }
    /* Level-triggered on Book3S: DEC stays pending until DEC[0] is 0 again. */
    if (pending & (1u << POWER_IRQ_DECREMENTER)) {
        return POWER_EXCP_DECR;
    }
    if (pending & (1u << POWER_IRQ_DOORBELL)) {
        *clear = 1u << POWER_IRQ_DOORBELL;
        return POWER_EXCP_DOORBELL;
    }
    if (pending & (1u << POWER_IRQ_HDOORBELL)) {
        *clear = 1u << POWER_IRQ_HDOORBELL;
        return POWER_EXCP_HDOORBELL;
    }
    if (pending & (1u << POWER_IRQ_PERFM)) {
        *clear = 1u << POWER_IRQ_PERFM;
        return POWER_EXCP_PERFM;
    }
    return -1;
}

gboolean power_cpu_exec_interrupt(ModvmCpu *cs)
{
    PowerCpu *cpu = POWER_CPU(cs);
    guint32 clear;
    int excp = power_next_interrupt(cpu, &clear);

    if (excp < 0) {
        return FALSE;
    }
    if (clear) {
        g_atomic_int_and(&cpu->tcg.interrupt_request, ~clear);
    }
    cpu->excp_error = 0;
    power_deliver(cpu, excp);
    return TRUE;
}

gboolean power_cpu_has_work(ModvmCpu *cs)
{
    guint32 clear;
    return power_next_interrupt(POWER_CPU(cs), &clear) >= 0;
}
