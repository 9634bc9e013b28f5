/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Firmware-assisted NMI (LoPAR "ibm,nmi-register", "ibm,nmi-interlock"): where resets and machine checks go. */
#include "spapr.h"

/* Linux asks for handlers in the first 32 MiB, which LoPAR requires to be in the RMA as well. */
#define FWNMI_ADDR_LIMIT (32ull << 20)

/* The RTAS area the firmware instantiated, from /rtas linux,rtas-base (0: none yet). */
static guint32 spapr_rtas_base(SpaprMachine *spapr)
{
    int node = spapr->fdt ? fdt_path_offset(spapr->fdt, "/rtas") : -1;
    const fdt32_t *base;
    int len = 0;

    if (node < 0) {
        return 0;
    }
    base = fdt_getprop(spapr->fdt, node, "linux,rtas-base", &len);
    return base && len >= 4 ? fdt32_to_cpu(*base) : 0;
}

/* A reset forgets the handlers (QEMU's spapr_machine_reset). */
void spapr_fwnmi_reset(SpaprMachine *spapr)
{
    spapr->fwnmi_sreset_addr = SPAPR_FWNMI_NONE;
    spapr->fwnmi_mce_addr = SPAPR_FWNMI_NONE;
    spapr->fwnmi_mce_interlock = -1;
}

/*
 * ibm,nmi-register (sreset handler, machine check handler): both must lie
 * below 32 MiB and in the RMA; with cap-fwnmi=off, or before the firmware
 * instantiated RTAS (where the per-CPU save areas live), "not supported".
 */
void rtas_ibm_nmi_register(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                           guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets)
{
    if (!spapr->caps.fwnmi || !spapr_rtas_base(spapr)) {
        spapr_rtas_status(nret, rets, RTAS_OUT_NOT_SUPPORTED);
        return;
    }
    if (nargs < 2 || args[0] >= FWNMI_ADDR_LIMIT || args[0] >= spapr->rma_size ||
        args[1] >= FWNMI_ADDR_LIMIT || args[1] >= spapr->rma_size) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    spapr->fwnmi_sreset_addr = args[0];
    spapr->fwnmi_mce_addr = args[1];
    spapr_rtas_status(nret, rets, RTAS_OUT_SUCCESS);
}

/*
 * ibm,nmi-interlock: the CPU handling a machine check is done with the
 * error log, so another machine check may be reported. Any other caller
 * succeeds too: Linux calls it after system resets as well, which are not
 * interlocked, and QEMU 7.2 answers success there as PowerVM does. modvm
 * raises no machine checks yet, so no CPU ever holds the interlock.
 */
void rtas_ibm_nmi_interlock(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                            guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets)
{
    gint64 id = spapr_vcpu_id(spapr, modvm_cpu_index(MODVM_CPU(cpu)));

    if (!spapr->caps.fwnmi || spapr->fwnmi_mce_addr == SPAPR_FWNMI_NONE) {
        spapr_rtas_status(nret, rets, RTAS_OUT_NOT_SUPPORTED);
        return;
    }
    if (spapr->fwnmi_mce_interlock == id) {
        spapr->fwnmi_mce_interlock = -1;
    }
    spapr_rtas_status(nret, rets, RTAS_OUT_SUCCESS);
}

/*
 * After @cpu took a system reset the platform sent (H_SIGNAL_SYS_RESET, an
 * NMI): with a registered handler, the guest's r3 goes to the CPU's
 * 16-byte slot after the RTAS error log (big-endian, then a zero
 * doubleword), r3 points at the slot and the CPU runs the handler, as
 * QEMU 7.2 does. SRR0 and SRR1 are those of the interrupt.
 */
void spapr_fwnmi_system_reset(PowerCpu *cpu, gpointer opaque)
{
    SpaprMachine *spapr = opaque;
    guint32 rtas_base;
    guint64 slot, save[2];

    if (spapr->fwnmi_sreset_addr == SPAPR_FWNMI_NONE) {
        return;
    }
    rtas_base = spapr_rtas_base(spapr);
    if (!rtas_base) {
        /* The guest removed linux,rtas-base after registering: nowhere to save r3. */
        modvm_log_guest_error("FWNMI: system reset with a handler but no RTAS area\n");
        modvm_machine_request_shutdown(MODVM_MACHINE(spapr), MODVM_SHUTDOWN_GUEST_PANIC);
        return;
    }
    slot = rtas_base + RTAS_ERROR_LOG_MAX + modvm_cpu_index(MODVM_CPU(cpu)) * 16ull;
    save[0] = GUINT64_TO_BE(cpu->regs.gpr[3]);
    save[1] = 0;
    modvm_address_space_write(modvm_machine_address_space(MODVM_MACHINE(spapr)), slot, save,
                              sizeof(save));
    cpu->regs.gpr[3] = slot;
    cpu->regs.nip = spapr->fwnmi_sreset_addr;
}

/*
 * A system reset from the platform (H_SIGNAL_SYS_RESET, inject-nmi), taken
 * when @cpu next runs. A thread that is stopped (never started, or
 * stop-self) stays stopped: on QEMU 7.2 the reset changes the state of the
 * halted thread but does not wake it, and start-cpu sets that state anew.
 */
void spapr_signal_system_reset(SpaprMachine *spapr, PowerCpu *cpu)
{
    if (!spapr_cpu_state(spapr, cpu)->quiesced) {
        power_cpu_set_irq(cpu, POWER_IRQ_RESET, 1);
    }
}

/* QMP inject-nmi: a system reset to every CPU, as QEMU's spapr_nmi does. */
gboolean spapr_fwnmi_nmi(ModvmMachine *machine, GError **error)
{
    GPtrArray *cpus = modvm_machine_get_cpus(machine);

    for (guint i = 0; i < cpus->len; i++) {
        spapr_signal_system_reset(SPAPR_MACHINE(machine), spapr_cpu(cpus->pdata[i]));
    }
    return TRUE;
}
