/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-xics: the PAPR interrupt controller (LoPAR "Interrupt Controller"): one ICS, one ICP per thread. */
#include "spapr.h"

#include <string.h>

MODVM_DEFINE_DYNAMIC_TYPE(SpaprXics, spapr_xics, "spapr-xics", MODVM_TYPE_OBJECT)

/* XIRR: CPPR in the top byte, the source (XISR) in the low 24 bits. */
#define XISR_MASK   0x00ffffffu
#define CPPR_MASK   0xff000000u
#define XICS_IPI    0x2

/* Source status bits (QEMU's XICS_STATUS_*). */
#define ICS_ASSERTED        0x1
#define ICS_SENT            0x2
#define ICS_REJECTED        0x4
#define ICS_MASKED_PENDING  0x8

static guint8 icp_cppr(SpaprIcp *icp)
{
    return icp->xirr >> 24;
}

static guint32 icp_xisr(SpaprIcp *icp)
{
    return icp->xirr & XISR_MASK;
}

static void icp_output(SpaprIcp *icp, int level)
{
    if (icp->cpu) {
        power_cpu_set_irq(icp->cpu, POWER_IRQ_EXTERNAL, level);
    }
}

SpaprIcp *spapr_xics_icp(SpaprXics *xics, guint64 server)
{
    for (guint i = 0; i < xics->n_icps; i++) {
        if (xics->icps[i].cpu && xics->icps[i].server == server) {
            return &xics->icps[i];
        }
    }
    return NULL;
}

gboolean spapr_xics_valid_irq(SpaprXics *xics, guint32 nr)
{
    return nr >= xics->offset && nr - xics->offset < xics->nr_irqs;
}

/* The ICP refuses source @nr: it is presented again later (LSI) or on resend (MSI). */
static void ics_reject(SpaprXics *xics, guint32 nr)
{
    SpaprIcsIrq *irq;

    if (!spapr_xics_valid_irq(xics, nr)) {
        return;     /* the IPI is the ICP's own */
    }
    irq = &xics->irqs[nr - xics->offset];
    if (irq->flags & SPAPR_XICS_IRQ_LSI) {
        irq->status &= ~ICS_SENT;
    } else if (irq->flags & SPAPR_XICS_IRQ_MSI) {
        irq->status |= ICS_REJECTED;
    }
}

/* Presents source @nr at @priority to @server's ICP (QEMU's icp_irq). */
static void icp_irq(SpaprXics *xics, guint32 server, guint32 nr, guint8 priority)
{
    SpaprIcp *icp = spapr_xics_icp(xics, server);

    if (!icp) {
        modvm_log_guest_error("XICS: source 0x%x routed to server %u, which does not exist\n",
                              nr, server);
        return;
    }
    if (priority >= icp_cppr(icp) || (icp_xisr(icp) && icp->pending_priority <= priority)) {
        ics_reject(xics, nr);
        return;
    }
    if (icp_xisr(icp) && icp->xirr_owned) {
        ics_reject(xics, icp_xisr(icp));
    }
    icp->xirr = (icp->xirr & ~XISR_MASK) | (nr & XISR_MASK);
    icp->xirr_owned = TRUE;
    icp->pending_priority = priority;
    icp_output(icp, 1);
}

static void ics_resend_lsi(SpaprXics *xics, guint srcno)
{
    SpaprIcsIrq *irq = &xics->irqs[srcno];

    if (irq->priority != 0xff && (irq->status & ICS_ASSERTED) && !(irq->status & ICS_SENT)) {
        irq->status |= ICS_SENT;
        icp_irq(xics, irq->server, srcno + xics->offset, irq->priority);
    }
}

static void ics_resend_msi(SpaprXics *xics, guint srcno)
{
    SpaprIcsIrq *irq = &xics->irqs[srcno];

    if (irq->status & ICS_REJECTED) {
        irq->status &= ~ICS_REJECTED;
        if (irq->priority != 0xff) {
            icp_irq(xics, irq->server, srcno + xics->offset, irq->priority);
        }
    }
}

static void ics_resend(SpaprXics *xics)
{
    for (guint i = 0; i < xics->nr_irqs; i++) {
        if (xics->irqs[i].flags & SPAPR_XICS_IRQ_LSI) {
            ics_resend_lsi(xics, i);
        } else if (xics->irqs[i].flags & SPAPR_XICS_IRQ_MSI) {
            ics_resend_msi(xics, i);
        }
    }
}

/* The IPI (MFRR) is more favoured than what is pending: present it (QEMU's icp_check_ipi). */
static void icp_check_ipi(SpaprXics *xics, SpaprIcp *icp)
{
    if (icp_xisr(icp) && icp->pending_priority <= icp->mfrr) {
        return;
    }
    if (icp_xisr(icp) && icp->xirr_owned) {
        ics_reject(xics, icp_xisr(icp));
    }
    icp->xirr = (icp->xirr & ~XISR_MASK) | XICS_IPI;
    icp->pending_priority = icp->mfrr;
    icp->xirr_owned = FALSE;
    icp_output(icp, 1);
}

static void icp_resend(SpaprXics *xics, SpaprIcp *icp)
{
    if (icp->mfrr < icp_cppr(icp)) {
        icp_check_ipi(xics, icp);
    }
    ics_resend(xics);
}

static void icp_set_cppr(SpaprXics *xics, SpaprIcp *icp, guint8 cppr)
{
    guint8 old_cppr = icp_cppr(icp);

    icp->xirr = (icp->xirr & ~CPPR_MASK) | (guint32)cppr << 24;
    if (cppr < old_cppr) {
        /* More favoured: what is pending may no longer get through. */
        if (icp_xisr(icp) && cppr <= icp->pending_priority) {
            guint32 old_xisr = icp_xisr(icp);

            icp->xirr &= ~XISR_MASK;
            icp->pending_priority = 0xff;
            icp_output(icp, 0);
            if (icp->xirr_owned) {
                ics_reject(xics, old_xisr);
                icp->xirr_owned = FALSE;
            }
        }
    } else if (!icp_xisr(icp)) {
        icp_resend(xics, icp);
    }
}

static void icp_set_mfrr(SpaprXics *xics, SpaprIcp *icp, guint8 mfrr)
{
    icp->mfrr = mfrr;
    if (mfrr < icp_cppr(icp)) {
        icp_check_ipi(xics, icp);
    }
}

/* Reading XIRR accepts the interrupt: the CPPR becomes its priority. */
static guint32 icp_accept(SpaprIcp *icp)
{
    guint32 xirr = icp->xirr;

    icp_output(icp, 0);
    icp->xirr = (guint32)icp->pending_priority << 24;
    icp->pending_priority = 0xff;
    icp->xirr_owned = FALSE;
    return xirr;
}

static void icp_eoi(SpaprXics *xics, SpaprIcp *icp, guint32 xirr)
{
    guint32 nr = xirr & XISR_MASK;

    icp->xirr = (icp->xirr & ~CPPR_MASK) | (xirr & CPPR_MASK);
    if (spapr_xics_valid_irq(xics, nr) && (xics->irqs[nr - xics->offset].flags &
                                           SPAPR_XICS_IRQ_LSI)) {
        xics->irqs[nr - xics->offset].status &= ~ICS_SENT;
    }
    if (!icp_xisr(icp)) {
        icp_resend(xics, icp);
    }
}

static void ics_write_xive(SpaprXics *xics, guint srcno, guint32 server, guint8 priority,
                           guint8 saved_priority)
{
    SpaprIcsIrq *irq = &xics->irqs[srcno];

    irq->server = server;
    irq->priority = priority;
    irq->saved_priority = saved_priority;
    if (irq->flags & SPAPR_XICS_IRQ_LSI) {
        ics_resend_lsi(xics, srcno);
    } else if ((irq->status & ICS_MASKED_PENDING) && priority != 0xff) {
        irq->status &= ~ICS_MASKED_PENDING;
        icp_irq(xics, server, srcno + xics->offset, priority);
    }
}

gboolean spapr_xics_claim(SpaprXics *xics, guint32 nr, gboolean lsi)
{
    if (!spapr_xics_valid_irq(xics, nr) || xics->irqs[nr - xics->offset].flags) {
        return FALSE;
    }
    xics->irqs[nr - xics->offset].flags = lsi ? SPAPR_XICS_IRQ_LSI : SPAPR_XICS_IRQ_MSI;
    return TRUE;
}

void spapr_xics_set_irq(SpaprXics *xics, guint32 nr, int level)
{
    SpaprIcsIrq *irq;
    guint srcno;

    if (!spapr_xics_valid_irq(xics, nr)) {
        return;
    }
    srcno = nr - xics->offset;
    irq = &xics->irqs[srcno];
    if (irq->flags & SPAPR_XICS_IRQ_LSI) {
        if (level) {
            irq->status |= ICS_ASSERTED;
        } else {
            irq->status &= ~ICS_ASSERTED;
        }
        ics_resend_lsi(xics, srcno);
    } else if (level) {
        /* A message: masked, it waits for the source to be unmasked. */
        if (irq->priority == 0xff) {
            irq->status |= ICS_MASKED_PENDING;
        } else {
            icp_irq(xics, irq->server, nr, irq->priority);
        }
    }
}

void spapr_xics_reset(SpaprXics *xics, SpaprMachine *spapr)
{
    GPtrArray *cpus = modvm_machine_get_cpus(MODVM_MACHINE(spapr));

    for (guint i = 0; i < xics->nr_irqs; i++) {
        SpaprIcsIrq *irq = &xics->irqs[i];
        guint8 flags = irq->flags;

        memset(irq, 0, sizeof(*irq));
        irq->flags = flags;
        irq->priority = irq->saved_priority = 0xff;
    }
    if (xics->n_icps != cpus->len) {
        g_free(xics->icps);
        xics->n_icps = cpus->len;
        xics->icps = g_new0(SpaprIcp, xics->n_icps);
    }
    for (guint i = 0; i < xics->n_icps; i++) {
        SpaprIcp *icp = &xics->icps[i];

        icp->cpu = spapr_cpu(cpus->pdata[i]);
        icp->server = spapr_vcpu_id(spapr, i);
        icp->xirr = 0;
        icp->pending_priority = 0xff;
        icp->mfrr = 0xff;
        icp->xirr_owned = FALSE;
        icp_output(icp, 0);
    }
}

/* The calling thread's ICP; every CPU of the machine has one once reset. */
static SpaprIcp *xics_cpu_icp(SpaprXics *xics, PowerCpu *cpu)
{
    guint i = modvm_cpu_index(MODVM_CPU(cpu));

    return i < xics->n_icps ? &xics->icps[i] : NULL;
}

/* The hcalls of LoPAR "Interrupt Support hcall()s", as QEMU's xics_spapr.c answers them. */
static gint64 h_cppr(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                     guint64 *args)
{
    SpaprXics *xics = SPAPR_XICS(owner);
    SpaprIcp *icp = xics_cpu_icp(xics, cpu);

    if (!icp) {
        return H_HARDWARE;
    }
    icp_set_cppr(xics, icp, (guint8)args[0]);
    return H_SUCCESS;
}

static gint64 h_ipi(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                    guint64 *args)
{
    SpaprXics *xics = SPAPR_XICS(owner);
    SpaprIcp *icp = spapr_xics_icp(xics, args[0]);

    if (!icp) {
        return H_PARAMETER;
    }
    icp_set_mfrr(xics, icp, (guint8)args[1]);
    return H_SUCCESS;
}

static gint64 h_xirr(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                     guint64 *args)
{
    SpaprXics *xics = SPAPR_XICS(owner);
    SpaprIcp *icp = xics_cpu_icp(xics, cpu);

    if (!icp) {
        return H_HARDWARE;
    }
    args[0] = icp_accept(icp);
    if (opcode == H_XIRR_X) {
        /* The time base when the interrupt was accepted (QEMU: host ticks). */
        args[1] = (guint64)modvm_clock_get_ns(modvm_machine_virtual_clock(MODVM_MACHINE(spapr)));
    }
    return H_SUCCESS;
}

static gint64 h_eoi(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                    guint64 *args)
{
    SpaprXics *xics = SPAPR_XICS(owner);
    SpaprIcp *icp = xics_cpu_icp(xics, cpu);

    if (!icp) {
        return H_HARDWARE;
    }
    icp_eoi(xics, icp, (guint32)args[0]);
    return H_SUCCESS;
}

static gint64 h_ipoll(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                      guint64 *args)
{
    SpaprIcp *icp = spapr_xics_icp(SPAPR_XICS(owner), args[0]);

    if (!icp) {
        return H_PARAMETER;
    }
    args[0] = icp->xirr;
    args[1] = icp->mfrr;
    return H_SUCCESS;
}

static const SpaprHcallDef spapr_xics_hcalls[] = {
    { H_EOI, "H_EOI", h_eoi },
    { H_CPPR, "H_CPPR", h_cppr },
    { H_IPI, "H_IPI", h_ipi },
    { H_IPOLL, "H_IPOLL", h_ipoll },
    { H_XIRR, "H_XIRR", h_xirr },
    { H_XIRR_X, "H_XIRR_X", h_xirr },
    { 0, NULL, NULL }
};

/* RTAS ibm,set-xive, ibm,get-xive, ibm,int-off, ibm,int-on (LoPAR), with QEMU's checks. */
static void rtas_set_xive(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                          guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets)
{
    SpaprXics *xics = SPAPR_XICS(owner);

    if (nargs != 3 || nret != 1) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    if (!spapr_xics_valid_irq(xics, args[0]) || !spapr_xics_icp(xics, args[1]) ||
        args[2] > 0xff) {
        rets[0] = (guint32)RTAS_OUT_PARAM_ERROR;
        return;
    }
    ics_write_xive(xics, args[0] - xics->offset, args[1], (guint8)args[2], (guint8)args[2]);
    rets[0] = RTAS_OUT_SUCCESS;
}

static void rtas_get_xive(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                          guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets)
{
    SpaprXics *xics = SPAPR_XICS(owner);
    SpaprIcsIrq *irq;

    if (nargs != 1 || nret != 3) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    if (!spapr_xics_valid_irq(xics, args[0])) {
        rets[0] = (guint32)RTAS_OUT_PARAM_ERROR;
        return;
    }
    irq = &xics->irqs[args[0] - xics->offset];
    rets[0] = RTAS_OUT_SUCCESS;
    rets[1] = irq->server;
    rets[2] = irq->priority;
}

static void rtas_int_on_off(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                            guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets)
{
    SpaprXics *xics = SPAPR_XICS(owner);
    SpaprIcsIrq *irq;
    guint srcno;

    if (nargs != 1 || nret != 1) {
        spapr_rtas_status(nret, rets, RTAS_OUT_PARAM_ERROR);
        return;
    }
    if (!spapr_xics_valid_irq(xics, args[0])) {
        rets[0] = (guint32)RTAS_OUT_PARAM_ERROR;
        return;
    }
    srcno = args[0] - xics->offset;
    irq = &xics->irqs[srcno];
    if (token == spapr_rtas_token("ibm,int-off")) {
        /* Masked, remembering the priority for int-on. */
        ics_write_xive(xics, srcno, irq->server, 0xff, irq->priority);
    } else {
        ics_write_xive(xics, srcno, irq->server, irq->saved_priority, irq->saved_priority);
    }
    rets[0] = RTAS_OUT_SUCCESS;
}

static const SpaprRtasDef spapr_xics_rtas_calls[] = {
    { "ibm,set-xive", rtas_set_xive },
    { "ibm,get-xive", rtas_get_xive },
    { "ibm,int-off", rtas_int_on_off },
    { "ibm,int-on", rtas_int_on_off },
    { NULL, NULL }
};

static void spapr_xics_finalize(GObject *obj)
{
    SpaprXics *xics = SPAPR_XICS(obj);

    g_free(xics->irqs);
    g_free(xics->icps);
    G_OBJECT_CLASS(spapr_xics_parent_class)->finalize(obj);
}

static void spapr_xics_class_init(SpaprXicsClass *klass)
{
    MODVM_OBJECT_CLASS(klass)->description = "sPAPR XICS interrupt controller (ICS and ICPs)";
    G_OBJECT_CLASS(klass)->finalize = spapr_xics_finalize;
    spapr_class_set_hcalls(klass, spapr_xics_hcalls);
    spapr_class_set_rtas(klass, spapr_xics_rtas_calls);
}

static void spapr_xics_init(SpaprXics *xics)
{
    xics->offset = SPAPR_XICS_IRQ_BASE;
    xics->nr_irqs = SPAPR_XICS_NR_IRQS;
    xics->irqs = g_new0(SpaprIcsIrq, xics->nr_irqs);
    for (guint i = 0; i < xics->nr_irqs; i++) {
        xics->irqs[i].priority = xics->irqs[i].saved_priority = 0xff;
    }
}
