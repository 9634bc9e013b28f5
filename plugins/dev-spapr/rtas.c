/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RTAS: the KVMPPC_H_RTAS hypercall, the token numbers, and the machine's own RTAS calls. */
#include "spapr.h"

#include <string.h>

/*
 * QEMU 7.2 gives RTAS calls the tokens RTAS_TOKEN_BASE + their index in
 * this list (include/hw/ppc/spapr.h), whichever of them a machine
 * implements; the guest finds them in /rtas. Keeping the numbers keeps
 * guests that hard-code them (and dumps compared with QEMU's) working.
 */
const char *const spapr_rtas_names[] = {
    "display-character", "get-time-of-day", "set-time-of-day", "power-off", "system-reboot",
    "query-cpu-stopped-state", "start-cpu", "stop-self", "ibm,get-system-parameter",
    "ibm,set-system-parameter", "ibm,set-xive", "ibm,get-xive", "ibm,int-off", "ibm,int-on",
    "check-exception", "event-scan", "ibm,set-tce-bypass", "quiesce", "nvram-fetch",
    "nvram-store", "read-pci-config", "write-pci-config", "ibm,read-pci-config",
    "ibm,write-pci-config", "ibm,query-interrupt-source-number", "ibm,change-msi",
    "set-indicator", "set-power-level", "get-power-level", "get-sensor-state",
    "ibm,configure-connector", "ibm,os-term", "ibm,set-eeh-option", "ibm,get-config-addr-info2",
    "ibm,read-slot-reset-state2", "ibm,set-slot-reset", "ibm,configure-pe",
    "ibm,slot-error-detail", "ibm,query-pe-dma-window", "ibm,create-pe-dma-window",
    "ibm,remove-pe-dma-window", "ibm,reset-pe-dma-window", "ibm,suspend-me",
    "ibm,nmi-register", "ibm,nmi-interlock",
    NULL
};

guint32 spapr_rtas_token(const char *name)
{
    for (guint i = 0; spapr_rtas_names[i]; i++) {
        if (strcmp(spapr_rtas_names[i], name) == 0) {
            return RTAS_TOKEN_BASE + i;
        }
    }
    return 0;
}

static gboolean rtas_read_words(ModvmAddressSpace *as, guint64 addr, guint32 *words, guint n)
{
    guint8 buf[4 * RTAS_MAX_ARGS];

    g_assert(n <= RTAS_MAX_ARGS);
    if (n && modvm_address_space_read(as, addr, buf, 4ull * n) != MODVM_MEM_OK) {
        return FALSE;
    }
    for (guint i = 0; i < n; i++) {
        words[i] = GUINT32_FROM_BE(((guint32 *)buf)[i]);
    }
    return TRUE;
}

static gboolean rtas_write_words(ModvmAddressSpace *as, guint64 addr, const guint32 *words,
                                 guint n)
{
    guint32 buf[RTAS_MAX_ARGS];

    g_assert(n <= RTAS_MAX_ARGS);
    for (guint i = 0; i < n; i++) {
        buf[i] = GUINT32_TO_BE(words[i]);
    }
    return !n || modvm_address_space_write(as, addr, buf, 4ull * n) == MODVM_MEM_OK;
}

/*
 * KVMPPC_H_RTAS (QEMU's private hcall, which its RTAS blob makes): r4 is
 * the real address of the RTAS argument buffer (LoPAR "RTAS Argument
 * Call Buffer"): token, nargs, nret, then nargs inputs and nret outputs,
 * big-endian words.
 */
gint64 h_rtas(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode, guint64 *args)
{
    ModvmAddressSpace *as = modvm_machine_address_space(MODVM_MACHINE(spapr));
    guint64 addr = spapr_guest_real_addr(cpu, args[0]);
    guint32 head[3], in[RTAS_MAX_ARGS], out[RTAS_MAX_ARGS];
    guint32 token, nargs, nret;
    guint64 rets_addr;

    if (addr > G_MAXUINT64 - 12 - 8ull * G_MAXUINT32 || !rtas_read_words(as, addr, head, 3)) {
        modvm_log_guest_error("RTAS: argument buffer at 0x%" G_GINT64_MODIFIER "x is not "
                              "memory\n", addr);
        return H_PARAMETER;
    }
    token = head[0];
    nargs = head[1];
    nret = head[2];
    rets_addr = addr + 12 + 4ull * nargs;
    if (nargs > RTAS_MAX_ARGS || nret > RTAS_MAX_ARGS) {
        modvm_log_guest_error("RTAS: token 0x%x with %u arguments and %u results: at most %u "
                              "each\n", token, nargs, nret, RTAS_MAX_ARGS);
        out[0] = (guint32)RTAS_OUT_PARAM_ERROR;
        return nret && rtas_write_words(as, rets_addr, out, 1) ? H_SUCCESS : H_PARAMETER;
    }
    if (!rtas_read_words(as, addr + 12, in, nargs) ||
        !rtas_read_words(as, rets_addr, out, nret)) {
        modvm_log_guest_error("RTAS: argument buffer at 0x%" G_GINT64_MODIFIER "x runs out of "
                              "memory\n", addr);
        return H_PARAMETER;
    }
    if (!spapr_rtas_call(spapr, cpu, token, nargs, in, nret, out)) {
        /*
         * Some early Linux debug code calls display-character as token
         * 0xa (what some real machines use) without asking the device
         * tree; QEMU serves it, so do we.
         */
        if (token != 0xa || !spapr_rtas_call(spapr, cpu, spapr_rtas_token("display-character"),
                                             nargs, in, nret, out)) {
            modvm_log_guest_error("RTAS: unknown token 0x%x\n", token);
            if (nret) {
                out[0] = (guint32)RTAS_OUT_PARAM_ERROR;
                rtas_write_words(as, rets_addr, out, 1);
            }
            return H_PARAMETER;
        }
    }
    if (!rtas_write_words(as, rets_addr, out, nret)) {
        return H_PARAMETER;
    }
    return H_SUCCESS;
}

/*
 * The calling CPU runs no more guest code while the main loop ends or
 * resets the machine (QEMU's cpu_stop_current): a guest that goes on
 * after power-off would print what it does when power-off fails.
 */
static void rtas_stop_cpu(PowerCpu *cpu)
{
    cpu->tcg.halted = TRUE;
    g_atomic_int_set(&cpu->tcg.exit_request, 1);
}

static void rtas_power_off(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                           guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets)
{
    if (nargs != 2 || nret != 1) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    modvm_machine_request_shutdown(MODVM_MACHINE(spapr), MODVM_SHUTDOWN_GUEST_POWEROFF);
    rtas_stop_cpu(cpu);
    rets[0] = RTAS_OUT_SUCCESS;
}

static void rtas_system_reboot(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                               guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets)
{
    if (nargs != 0 || nret != 1) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    modvm_machine_request_shutdown(MODVM_MACHINE(spapr), MODVM_SHUTDOWN_GUEST_RESET);
    rtas_stop_cpu(cpu);
    rets[0] = RTAS_OUT_SUCCESS;
}

/*
 * ibm,os-term: the OS is done for (LoPAR "ibm,os-term"); its argument is
 * a message. QEMU prints it and treats the call as a guest panic; with
 * ibm,extended-os-term in /rtas the call returns.
 */
static void rtas_ibm_os_term(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                             guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets)
{
    char msg[512] = "";

    if (nargs >= 1) {
        ModvmAddressSpace *as = modvm_machine_address_space(MODVM_MACHINE(spapr));
        guint64 addr = spapr_guest_real_addr(cpu, args[0]);
        /* As much of the message as is memory, up to its NUL. */
        for (gsize i = 0; i < sizeof(msg) - 1; i++) {
            guint8 c;
            if (modvm_address_space_read(as, addr + i, &c, 1) != MODVM_MEM_OK || c == 0) {
                break;
            }
            msg[i] = g_ascii_isprint(c) || c == '\n' ? (char)c : '?';
        }
    }
    g_strchomp(msg);
    g_printerr("modvm: OS terminated: %s\n", msg);
    modvm_machine_request_shutdown(MODVM_MACHINE(spapr), MODVM_SHUTDOWN_GUEST_PANIC);
    rtas_stop_cpu(cpu);
    spapr_rtas_status(nret, rets, RTAS_OUT_SUCCESS);
}

/*
 * event-scan and check-exception (LoPAR "Event Scan", "check-exception"):
 * modvm queues no events yet (EPOW, hotplug), so there is never one to
 * report, which is what QEMU says when its queue is empty.
 */
static void rtas_event_scan(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                            guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets)
{
    if (nargs != 4 || nret != 1) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    rets[0] = RTAS_OUT_NO_ERRORS_FOUND;
}

static void rtas_check_exception(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                 guint32 token, guint32 nargs, const guint32 *args,
                                 guint32 nret, guint32 *rets)
{
    if (nargs < 6 || nargs > 7 || nret != 1) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    rets[0] = RTAS_OUT_NO_ERRORS_FOUND;
}

/* A system parameter into the guest's buffer: a 16-bit length, then the value (QEMU's sysparm_st). */
static gint32 rtas_sysparm_st(SpaprMachine *spapr, PowerCpu *cpu, guint32 addr, guint32 len,
                              const void *val, guint16 vallen)
{
    ModvmAddressSpace *as = modvm_machine_address_space(MODVM_MACHINE(spapr));
    guint64 phys = spapr_guest_real_addr(cpu, addr);
    guint16 be = GUINT16_TO_BE(vallen);

    if (len < 2) {
        return RTAS_OUT_SYSPARM_PARAM_ERROR;
    }
    modvm_address_space_write(as, phys, &be, 2);
    modvm_address_space_write(as, phys + 2, val, MIN(len - 2, (guint32)vallen));
    return RTAS_OUT_SUCCESS;
}

#define RTAS_SYSPARM_SPLPAR_CHARACTERISTICS 20
#define RTAS_SYSPARM_DIAGNOSTICS_RUN_MODE   42
#define RTAS_SYSPARM_UUID                   48

/* ibm,get-system-parameter: the three QEMU knows; "not supported" for the rest. */
static void rtas_ibm_get_system_parameter(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                          guint32 token, guint32 nargs, const guint32 *args,
                                          guint32 nret, guint32 *rets)
{
    ModvmMachine *m = MODVM_MACHINE(spapr);
    gint32 ret;

    if (nargs < 3 || nret < 1) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    switch (args[0]) {
    case RTAS_SYSPARM_SPLPAR_CHARACTERISTICS: {
        /* QEMU adds the host's threads per core the model has (POWER8: 8, else 4). */
        PowerCompat isa = ((PowerCpuClass *)G_OBJECT_GET_CLASS(cpu))->max_compat;
        g_autofree char *val = g_strdup_printf(
            "MaxEntCap=%u,DesMem=%" G_GUINT64_FORMAT ",DesProcs=%u,MaxPlatProcs=%u,HostThrs=%u",
            modvm_machine_max_cpus(m), modvm_machine_ram_size(m) >> 20,
            modvm_machine_smp_cpus(m), modvm_machine_max_cpus(m),
            isa == POWER_COMPAT_POWER8 ? 8 : 4);
        ret = rtas_sysparm_st(spapr, cpu, args[1], args[2], val, (guint16)(strlen(val) + 1));
        break;
    }
    case RTAS_SYSPARM_DIAGNOSTICS_RUN_MODE: {
        const guint8 disabled = 0;
        ret = rtas_sysparm_st(spapr, cpu, args[1], args[2], &disabled, 1);
        break;
    }
    case RTAS_SYSPARM_UUID:
        /* No -uuid: an empty value, as QEMU without one. */
        ret = rtas_sysparm_st(spapr, cpu, args[1], args[2], NULL, 0);
        break;
    default:
        ret = RTAS_OUT_NOT_SUPPORTED;
        break;
    }
    rets[0] = (guint32)ret;
}

/*
 * ibm,set-system-parameter: the guest may change none; the three it can
 * read are "not authorized", the rest "not supported" (QEMU's answers).
 */
static void rtas_ibm_set_system_parameter(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                          guint32 token, guint32 nargs, const guint32 *args,
                                          guint32 nret, guint32 *rets)
{
    gint32 ret = RTAS_OUT_NOT_SUPPORTED;

    if (nargs < 1 || nret < 1) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    switch (args[0]) {
    case RTAS_SYSPARM_SPLPAR_CHARACTERISTICS:
    case RTAS_SYSPARM_DIAGNOSTICS_RUN_MODE:
    case RTAS_SYSPARM_UUID:
        ret = RTAS_OUT_NOT_AUTHORIZED;
        break;
    }
    rets[0] = (guint32)ret;
}

/* query-cpu-stopped-state: 0 stopped, 2 running (LoPAR). */
static void rtas_query_cpu_stopped_state(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                         guint32 token, guint32 nargs, const guint32 *args,
                                         guint32 nret, guint32 *rets)
{
    PowerCpu *target;

    if (nargs != 1 || nret != 2) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    target = spapr_find_cpu(spapr, args[0]);
    if (!target) {
        rets[0] = (guint32)RTAS_OUT_PARAM_ERROR;
        return;
    }
    rets[0] = RTAS_OUT_SUCCESS;
    rets[1] = spapr_cpu_state(spapr, target)->quiesced ? 0 : 2;
}

/*
 * start-cpu: a stopped thread begins at @start with r3, 64-bit, its
 * interrupt byte order, AIL and MMU mode those of the caller (QEMU's
 * rtas_start_cpu).
 */
static void rtas_start_cpu(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                           guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets)
{
    const guint64 same = SPAPR_LPCR_ILE | SPAPR_LPCR_AIL;
    const guint64 v3 = SPAPR_LPCR_UPRT | SPAPR_PPC_BIT(53) | SPAPR_LPCR_HR;
    PowerCpu *target;
    guint64 lpcr;

    if (nargs != 3 || nret != 1) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    target = spapr_find_cpu(spapr, args[0]);
    if (!target) {
        rets[0] = (guint32)RTAS_OUT_PARAM_ERROR;
        return;
    }
    if (!target->tcg.halted) {
        rets[0] = (guint32)RTAS_OUT_HW_ERROR;
        return;
    }
    target->regs.msr = SPAPR_MSR_SF | SPAPR_PPC_BIT(51);     /* SF, ME */
    lpcr = target->regs.spr[SPAPR_SPR_LPCR];
    lpcr = (lpcr & ~same) | (cpu->regs.spr[SPAPR_SPR_LPCR] & same);
    if (((PowerCpuClass *)G_OBJECT_GET_CLASS(target))->max_compat >= POWER_COMPAT_POWER9) {
        lpcr = (lpcr & ~v3) | (cpu->regs.spr[SPAPR_SPR_LPCR] & SPAPR_LPCR_HR ? v3 : 0);
        target->regs.spr[SPAPR_SPR_PSSCR] &= ~SPAPR_PSSCR_EC;
    }
    target->regs.spr[SPAPR_SPR_LPCR] = lpcr | spapr_lpcr_pm(target);
    target->tb_offset = cpu->tb_offset;
    target->regs.nip = args[1];
    target->regs.gpr[1] = 0;
    target->regs.gpr[3] = args[2];
    target->regs.gpr[4] = 0;
    spapr_cpu_state(spapr, target)->quiesced = FALSE;
    target->tcg.halted = FALSE;
    modvm_cpu_kick(MODVM_CPU(target));
    rets[0] = RTAS_OUT_SUCCESS;
}

/* stop-self: the caller stops, with nothing that could wake it (QEMU's rtas_stop_self). */
static void rtas_stop_self(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                           guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets)
{
    cpu->regs.spr[SPAPR_SPR_PSSCR] |= SPAPR_PSSCR_EC;
    cpu->regs.spr[SPAPR_SPR_LPCR] &= ~spapr_lpcr_pm(cpu);
    spapr_cpu_state(spapr, cpu)->quiesced = TRUE;
    rtas_stop_cpu(cpu);
}

const SpaprRtasDef spapr_machine_rtas_calls[] = {
    { "get-time-of-day", rtas_get_time_of_day },
    { "set-time-of-day", rtas_set_time_of_day },
    { "ibm,set-system-parameter", rtas_ibm_set_system_parameter },
    { "event-scan", rtas_event_scan },
    { "check-exception", rtas_check_exception },
    { "ibm,get-system-parameter", rtas_ibm_get_system_parameter },
    { "query-cpu-stopped-state", rtas_query_cpu_stopped_state },
    { "start-cpu", rtas_start_cpu },
    { "stop-self", rtas_stop_self },
    { "power-off", rtas_power_off },
    { "system-reboot", rtas_system_reboot },
    { "ibm,os-term", rtas_ibm_os_term },
    { "ibm,nmi-register", rtas_ibm_nmi_register },
    { "ibm,nmi-interlock", rtas_ibm_nmi_interlock },
    { NULL, NULL }
};
