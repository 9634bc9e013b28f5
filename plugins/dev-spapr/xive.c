/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-xive: the XIVE interrupt controller in sPAPR exploitation mode (LoPAR "XIVE Exploitation"). */
#include "spapr.h"

#include <string.h>

MODVM_DEFINE_DYNAMIC_TYPE(SpaprXive, spapr_xive, "spapr-xive", MODVM_TYPE_OBJECT)

#define NR_PRIOS        8
#define ESB_PAGE_SHIFT  (SPAPR_XIVE_ESB_SHIFT - 1)
#define TM_OS_PAGE      2
#define TM_USER_PAGE    3

/* H_INT_* flags (LoPAR; bit 63 is the least significant). */
#define SRC_H_INT_ESB       (1ull << 3)
#define SRC_LSI             (1ull << 2)
#define SRC_SET_EISN        (1ull << 1)
#define SRC_MASK            (1ull << 0)
#define END_ALWAYS_NOTIFY   (1ull << 0)
#define END_DEBUG           (1ull << 0)
#define ESB_STORE           (1ull << 0)

static guint8 prio_to_ipb(guint8 prio)
{
    return prio < NR_PRIOS ? 0x80 >> prio : 0;
}

static guint8 ipb_to_pipr(guint8 ipb)
{
    return ipb ? (guint8)(__builtin_clz(ipb) - 24) : 0xff;
}

static gboolean xive_valid_lisn(SpaprXive *xive, guint64 lisn)
{
    return lisn < xive->nr_irqs && xive->srcs[lisn].flags;
}

/* The thread whose vcpu id is @server, or NULL. */
static SpaprXiveTctx *xive_tctx_of_server(SpaprXive *xive, guint64 server)
{
    for (guint i = 0; i < xive->n_tctx; i++) {
        if (xive->tctx[i].cpu && xive->tctx[i].server == server) {
            return &xive->tctx[i];
        }
    }
    return NULL;
}

static SpaprXiveTctx *xive_tctx_of_cpu(SpaprXive *xive, PowerCpu *cpu)
{
    guint i = cpu ? modvm_cpu_index(MODVM_CPU(cpu)) : G_MAXUINT;

    return i < xive->n_tctx && xive->tctx[i].cpu == cpu ? &xive->tctx[i] : NULL;
}

/* The END of (@target, @priority), or NULL: the target is a thread of the partition. */
static SpaprXiveEnd *xive_end_of(SpaprXive *xive, guint64 target, guint64 priority,
                                 guint32 *index)
{
    if (priority >= NR_PRIOS || target >= xive->nr_servers ||
        !xive_tctx_of_server(xive, target)) {
        return NULL;
    }
    if (index) {
        *index = (guint32)(target * NR_PRIOS + priority);
    }
    return &xive->ends[target * NR_PRIOS + priority];
}

/* The OS ring's exception: raised while the pending priority beats the CPPR. */
static void tctx_notify(SpaprXiveTctx *tc)
{
    guint8 *os = &tc->regs[SPAPR_XIVE_TM_QW1_OS];

    if (os[SPAPR_XIVE_TM_PIPR] < os[SPAPR_XIVE_TM_CPPR]) {
        os[SPAPR_XIVE_TM_NSR] |= SPAPR_XIVE_TM_NSR_EO;
        power_cpu_set_irq(tc->cpu, POWER_IRQ_EXTERNAL, 1);
    } else if (os[SPAPR_XIVE_TM_NSR] & SPAPR_XIVE_TM_NSR_EO) {
        os[SPAPR_XIVE_TM_NSR] &= ~SPAPR_XIVE_TM_NSR_EO;
        power_cpu_set_irq(tc->cpu, POWER_IRQ_EXTERNAL, 0);
    }
}

static void tctx_ipb_update(SpaprXiveTctx *tc, guint8 priority)
{
    guint8 *os = &tc->regs[SPAPR_XIVE_TM_QW1_OS];

    os[SPAPR_XIVE_TM_IPB] |= prio_to_ipb(priority);
    os[SPAPR_XIVE_TM_PIPR] = ipb_to_pipr(os[SPAPR_XIVE_TM_IPB]);
    tctx_notify(tc);
}

static void tctx_set_cppr(SpaprXiveTctx *tc, guint8 cppr)
{
    tc->regs[SPAPR_XIVE_TM_QW1_OS + SPAPR_XIVE_TM_CPPR] = cppr < NR_PRIOS ? cppr : 0xff;
    tctx_notify(tc);
}

/* The acknowledge cycle: the CPPR takes the pending priority, whose IPB bit is consumed. */
static guint16 tctx_accept(SpaprXiveTctx *tc)
{
    guint8 *os = &tc->regs[SPAPR_XIVE_TM_QW1_OS];
    guint8 nsr = os[SPAPR_XIVE_TM_NSR];

    if (modvm_log_enabled(MODVM_LOG_INT)) {
        modvm_log(MODVM_LOG_INT, "XIVE: server %u acks: NSR 0x%02x PIPR %u CPPR %u IPB 0x%02x\n",
                  tc->server, nsr, os[SPAPR_XIVE_TM_PIPR], os[SPAPR_XIVE_TM_CPPR],
                  os[SPAPR_XIVE_TM_IPB]);
    }
    power_cpu_set_irq(tc->cpu, POWER_IRQ_EXTERNAL, 0);
    if (nsr & SPAPR_XIVE_TM_NSR_EO) {
        guint8 cppr = os[SPAPR_XIVE_TM_PIPR];

        os[SPAPR_XIVE_TM_CPPR] = cppr;
        os[SPAPR_XIVE_TM_IPB] &= ~prio_to_ipb(cppr);
        os[SPAPR_XIVE_TM_PIPR] = ipb_to_pipr(os[SPAPR_XIVE_TM_IPB]);
        os[SPAPR_XIVE_TM_NSR] &= ~SPAPR_XIVE_TM_NSR_EO;
    }
    return (guint16)(nsr << 8 | os[SPAPR_XIVE_TM_CPPR]);
}

static void tctx_reset(SpaprXiveTctx *tc)
{
    guint8 *os = &tc->regs[SPAPR_XIVE_TM_QW1_OS];
    guint32 cam = 0x80000000u | (SPAPR_XIVE_NVT_BASE + tc->server);   /* valid, block 0 */

    memset(tc->regs, 0, sizeof(tc->regs));
    os[SPAPR_XIVE_TM_LSMFB] = os[SPAPR_XIVE_TM_ACK_CNT] = os[SPAPR_XIVE_TM_AGE] = 0xff;
    os[SPAPR_XIVE_TM_PIPR] = 0xff;
    for (guint i = 0; i < 4; i++) {
        os[SPAPR_XIVE_TM_WORD2 + i] = (guint8)(cam >> (24 - 8 * i));
    }
    power_cpu_set_irq(tc->cpu, POWER_IRQ_EXTERNAL, 0);
}

/*
 * An event reaches the END: its EISN goes into the queue with the
 * generation bit, then the thread is told (XIVE's routing: EAS, END, NVT).
 */
static void xive_end_notify(SpaprXive *xive, guint32 end_idx, guint32 eisn)
{
    SpaprXiveEnd *end = &xive->ends[end_idx];
    SpaprXiveTctx *tc;

    if (modvm_log_enabled(MODVM_LOG_INT)) {
        modvm_log(MODVM_LOG_INT, "XIVE: event 0x%x to END %u (server %u, priority %u)%s\n",
                  eisn, end_idx, end_idx / NR_PRIOS, end_idx % NR_PRIOS,
                  end->enqueue ? "" : ", no queue");
    }
    if (end->enqueue) {
        ModvmAddressSpace *as = modvm_machine_address_space(MODVM_MACHINE(xive->spapr));
        guint32 entries = 1u << (end->qshift - 2);
        guint64 addr = end->qaddr + 4ull * end->qindex;
        guint32 data = (guint32)end->generation << 31 | (eisn & 0x7fffffff);

        if (modvm_address_space_store(as, addr, 4, MODVM_ENDIAN_BIG, data) != MODVM_MEM_OK) {
            modvm_log_guest_error("XIVE: cannot write END %u's queue at 0x%" G_GINT64_MODIFIER
                                  "x\n", end_idx, addr);
        }
        if (++end->qindex == entries) {
            end->qindex = 0;
            end->generation ^= 1;
        }
    }
    if (!end->always_notify) {
        /* The END's own ESB: a second event before it is EOId only sets Q. */
        if (end->esn & SPAPR_XIVE_ESB_P) {
            end->esn |= SPAPR_XIVE_ESB_Q;
            return;
        }
        end->esn = SPAPR_XIVE_ESB_P;
    }
    tc = xive_tctx_of_server(xive, end_idx / NR_PRIOS);
    if (tc) {
        tctx_ipb_update(tc, end_idx % NR_PRIOS);
    }
}

static void xive_source_notify(SpaprXive *xive, guint32 lisn)
{
    SpaprXiveSource *src = &xive->srcs[lisn];

    if (src->masked) {
        return;     /* dropped: the PQ bits keep the event */
    }
    if (src->end >= xive->nr_servers * NR_PRIOS) {
        modvm_log_guest_error("XIVE: LISN 0x%x routed to END %u, which does not exist\n", lisn,
                              src->end);
        return;
    }
    xive_end_notify(xive, src->end, src->eisn);
}

/* ESB transitions (XIVE): a trigger sends from 00, queues from 1x, and is lost when off. */
static gboolean esb_trigger(guint8 *pq)
{
    switch (*pq) {
    case 0:
        *pq = SPAPR_XIVE_ESB_P;
        return TRUE;
    case SPAPR_XIVE_ESB_P:
    case SPAPR_XIVE_ESB_P | SPAPR_XIVE_ESB_Q:
        *pq = SPAPR_XIVE_ESB_P | SPAPR_XIVE_ESB_Q;
        return FALSE;
    default:
        return FALSE;
    }
}

/* EOI: 10 and 00 go to 00; a queued event (11) is sent again; off stays off. */
static gboolean esb_eoi(guint8 *pq)
{
    switch (*pq) {
    case SPAPR_XIVE_ESB_P | SPAPR_XIVE_ESB_Q:
        *pq = SPAPR_XIVE_ESB_P;
        return TRUE;
    case SPAPR_XIVE_ESB_P:
    case 0:
        *pq = 0;
        return FALSE;
    default:
        return FALSE;
    }
}

static gboolean source_trigger(SpaprXive *xive, guint32 lisn)
{
    SpaprXiveSource *src = &xive->srcs[lisn];

    if (src->flags & SPAPR_XICS_IRQ_LSI) {
        /* A level: sent when it is up and nothing is in flight. */
        if (src->pq != 0 || !src->asserted) {
            return FALSE;
        }
        src->pq = SPAPR_XIVE_ESB_P;
        return TRUE;
    }
    return esb_trigger(&src->pq);
}

static gboolean source_eoi(SpaprXive *xive, guint32 lisn)
{
    SpaprXiveSource *src = &xive->srcs[lisn];

    if (src->flags & SPAPR_XICS_IRQ_LSI) {
        src->pq = 0;
        return source_trigger(xive, lisn);
    }
    return esb_eoi(&src->pq);
}

static guint8 source_set_pq(SpaprXive *xive, guint32 lisn, guint8 pq)
{
    SpaprXiveSource *src = &xive->srcs[lisn];
    guint8 old = src->pq;

    src->pq = pq & 3;
    /* An LSI still up is sent again once unmasked. */
    if ((src->flags & SPAPR_XICS_IRQ_LSI) && src->pq == 0 && source_trigger(xive, lisn)) {
        xive_source_notify(xive, lisn);
    }
    return old;
}

/* A load on source @lisn's EOI/management page (only the low 12 bits of @offset decode). */
static guint64 esb_mgmt_load(SpaprXive *xive, guint32 lisn, guint32 offset)
{
    offset &= 0xfff;
    if (offset < SPAPR_XIVE_ESB_GET) {
        gboolean notify = source_eoi(xive, lisn);

        if (notify) {
            xive_source_notify(xive, lisn);
        }
        return notify;
    }
    if (offset < SPAPR_XIVE_ESB_SET_PQ_00) {
        return xive->srcs[lisn].pq;
    }
    return source_set_pq(xive, lisn, (offset >> 8) & 3);
}

static void esb_mgmt_store(SpaprXive *xive, guint32 lisn, guint32 offset)
{
    offset &= 0xfff;
    if (offset >= SPAPR_XIVE_ESB_SET_PQ_00) {
        source_set_pq(xive, lisn, (offset >> 8) & 3);
    } else if (offset >= SPAPR_XIVE_ESB_INJECT) {
        if (source_trigger(xive, lisn)) {
            xive_source_notify(xive, lisn);
        }
    } else {
        /* No store EOI on these sources (H_INT_GET_SOURCE_INFO says so, as QEMU's for POWER9). */
        modvm_log_guest_error("XIVE: invalid ESB store at 0x%x on the EOI page of LISN 0x%x\n",
                              offset, lisn);
    }
}

static guint64 xive_esb_read(void *opaque, guint64 offset, unsigned size)
{
    SpaprXive *xive = opaque;
    guint32 lisn = (guint32)(offset >> SPAPR_XIVE_ESB_SHIFT);

    if (!xive_valid_lisn(xive, lisn)) {
        modvm_log_guest_error("XIVE: ESB load on LISN 0x%x, which is not claimed\n", lisn);
        return ~0ull;
    }
    if (!(offset & (1ull << ESB_PAGE_SHIFT))) {
        modvm_log_guest_error("XIVE: invalid load on the trigger page of LISN 0x%x\n", lisn);
        return ~0ull;
    }
    return esb_mgmt_load(xive, lisn, (guint32)offset);
}

static void xive_esb_write(void *opaque, guint64 offset, guint64 value, unsigned size)
{
    SpaprXive *xive = opaque;
    guint32 lisn = (guint32)(offset >> SPAPR_XIVE_ESB_SHIFT);

    if (!xive_valid_lisn(xive, lisn)) {
        modvm_log_guest_error("XIVE: ESB store on LISN 0x%x, which is not claimed\n", lisn);
        return;
    }
    if (offset & (1ull << ESB_PAGE_SHIFT)) {
        esb_mgmt_store(xive, lisn, (guint32)offset);
    } else if (source_trigger(xive, lisn)) {
        xive_source_notify(xive, lisn);
    }
}

static const ModvmMemoryOps xive_esb_ops = {
    .read = xive_esb_read,
    .write = xive_esb_write,
    .min_access = 1,
    .max_access = 8,
    .endianness = MODVM_ENDIAN_BIG,
};

/* The TIMA as @cpu sees it: the OS page shows rings QW0 and QW1, the user page QW0. */
guint64 spapr_xive_tm_read(SpaprXive *xive, PowerCpu *cpu, guint64 offset, unsigned size)
{
    SpaprXiveTctx *tc = xive_tctx_of_cpu(xive, cpu);
    guint page = (guint)(offset >> SPAPR_XIVE_TM_SHIFT);
    guint32 off = (guint32)(offset & ((1u << SPAPR_XIVE_TM_SHIFT) - 1));
    guint32 visible = page == TM_OS_PAGE ? 0x20 : page == TM_USER_PAGE ? 0x10 : 0;
    guint64 v = 0;

    if (!tc) {
        modvm_log_guest_error("XIVE: TIMA load from no CPU\n");
        return ~0ull;
    }
    if (page == TM_OS_PAGE && off == SPAPR_XIVE_TM_SPC_ACK_OS && size == 2) {
        return tctx_accept(tc);
    }
    if (off + size > 0x40 || (off & (size - 1))) {
        modvm_log_guest_error("XIVE: invalid TIMA load of %u bytes at page %u offset 0x%x\n",
                              size, page, off);
        return ~0ull;
    }
    for (unsigned i = 0; i < size; i++) {
        v = v << 8 | (off + i < visible ? tc->regs[off + i] : 0);
    }
    return v;
}

void spapr_xive_tm_write(SpaprXive *xive, PowerCpu *cpu, guint64 offset, guint64 value,
                         unsigned size)
{
    SpaprXiveTctx *tc = xive_tctx_of_cpu(xive, cpu);
    guint page = (guint)(offset >> SPAPR_XIVE_TM_SHIFT);
    guint32 off = (guint32)(offset & ((1u << SPAPR_XIVE_TM_SHIFT) - 1));

    if (!tc) {
        modvm_log_guest_error("XIVE: TIMA store from no CPU\n");
        return;
    }
    if (page == TM_OS_PAGE && size == 1) {
        if (off == SPAPR_XIVE_TM_QW1_OS + SPAPR_XIVE_TM_CPPR) {
            tctx_set_cppr(tc, (guint8)value);
            return;
        }
        if (off == SPAPR_XIVE_TM_SPC_SET_OS_PENDING) {
            tctx_ipb_update(tc, (guint8)value);
            return;
        }
    }
    /* The OS reporting line (ACK_OS_EL) is not offered: H_INT_SET_OS_REPORTING_LINE fails. */
    modvm_log_guest_error("XIVE: TIMA store of %u bytes at page %u offset 0x%x ignored\n", size,
                          page, off);
}

static guint64 xive_tm_read(void *opaque, guint64 offset, unsigned size)
{
    return spapr_xive_tm_read(opaque, (PowerCpu *)modvm_cpu_current(), offset, size);
}

static void xive_tm_write(void *opaque, guint64 offset, guint64 value, unsigned size)
{
    spapr_xive_tm_write(opaque, (PowerCpu *)modvm_cpu_current(), offset, value, size);
}

static const ModvmMemoryOps xive_tm_ops = {
    .read = xive_tm_read,
    .write = xive_tm_write,
    .min_access = 1,
    .max_access = 8,
    .endianness = MODVM_ENDIAN_BIG,
};

gboolean spapr_xive_claim(SpaprXive *xive, guint32 lisn, gboolean lsi)
{
    if (lisn >= xive->nr_irqs || xive->srcs[lisn].flags) {
        return FALSE;
    }
    xive->srcs[lisn].flags = lsi ? SPAPR_XICS_IRQ_LSI : SPAPR_XICS_IRQ_MSI;
    return TRUE;
}

void spapr_xive_set_irq(SpaprXive *xive, guint32 lisn, int level)
{
    SpaprXiveSource *src;

    if (!xive_valid_lisn(xive, lisn)) {
        return;
    }
    src = &xive->srcs[lisn];
    if (src->flags & SPAPR_XICS_IRQ_LSI) {
        src->asserted = level != 0;
    } else if (!level) {
        return;
    }
    if (source_trigger(xive, lisn)) {
        xive_source_notify(xive, lisn);
    }
}

/* The routing tables: what H_INT_RESET resets (the threads' contexts are the CPUs'). */
static void xive_reset_routing(SpaprXive *xive)
{
    for (guint i = 0; i < xive->nr_irqs; i++) {
        SpaprXiveSource *src = &xive->srcs[i];
        guint8 flags = src->flags;
        gboolean asserted = src->asserted;

        memset(src, 0, sizeof(*src));
        src->flags = flags;
        src->asserted = asserted;
        src->masked = TRUE;
        src->pq = SPAPR_XIVE_ESB_OFF;
    }
    memset(xive->ends, 0, sizeof(*xive->ends) * xive->nr_servers * NR_PRIOS);
}

void spapr_xive_reset(SpaprXive *xive)
{
    GPtrArray *cpus = modvm_machine_get_cpus(MODVM_MACHINE(xive->spapr));

    xive_reset_routing(xive);
    if (xive->n_tctx != cpus->len) {
        g_free(xive->tctx);
        xive->n_tctx = cpus->len;
        xive->tctx = g_new0(SpaprXiveTctx, xive->n_tctx);
    }
    for (guint i = 0; i < xive->n_tctx; i++) {
        xive->tctx[i].cpu = spapr_cpu(cpus->pdata[i]);
        xive->tctx[i].server = spapr_vcpu_id(xive->spapr, i);
        tctx_reset(&xive->tctx[i]);
    }
}

void spapr_xive_set_active(SpaprXive *xive, gboolean active)
{
    modvm_memory_region_set_enabled(xive->esb_mr, active);
    modvm_memory_region_set_enabled(xive->tm_mr, active);
}

gboolean spapr_xive_setup(SpaprXive *xive, SpaprMachine *spapr, GError **error)
{
    ModvmMemoryRegion *root =
        modvm_address_space_root(modvm_machine_address_space(MODVM_MACHINE(spapr)));

    xive->spapr = spapr;
    xive->nr_servers = spapr_max_server_number(spapr);
    xive->ends = g_new0(SpaprXiveEnd, (gsize)xive->nr_servers * NR_PRIOS);
    xive->esb_mr = modvm_memory_region_new_mmio("xive-esb",
                                                (guint64)xive->nr_irqs << SPAPR_XIVE_ESB_SHIFT,
                                                &xive_esb_ops, xive);
    xive->tm_mr = modvm_memory_region_new_mmio("xive-tima", 4ull << SPAPR_XIVE_TM_SHIFT,
                                               &xive_tm_ops, xive);
    modvm_memory_region_set_enabled(xive->esb_mr, FALSE);
    modvm_memory_region_set_enabled(xive->tm_mr, FALSE);
    if (!modvm_memory_region_add_subregion(root, SPAPR_XIVE_VC_BASE, xive->esb_mr, 0, error) ||
        !modvm_memory_region_add_subregion(root, SPAPR_XIVE_TM_BASE, xive->tm_mr, 0, error)) {
        g_prefix_error(error, "spapr-xive: ");
        return FALSE;
    }
    /* Every possible vcpu id has its IPI source, as QEMU claims them. */
    for (guint32 i = 0; i < xive->nr_servers; i++) {
        spapr_xive_claim(xive, SPAPR_IRQ_IPI + i, FALSE);
    }
    return TRUE;
}

/*
 * The hcalls of LoPAR "XIVE Exploitation", with QEMU 7.2's answers; all
 * H_FUNCTION until the guest negotiated XIVE at CAS. The checks every
 * call about a source makes: the mode, reserved flags, the LISN.
 */
static gint64 xive_check_source(SpaprMachine *spapr, SpaprXive *xive, guint64 opcode,
                                guint64 flags, guint64 allowed, guint64 lisn)
{
    if (!spapr_ovec_test(&spapr->ov5_cas, SPAPR_OV5_XIVE_EXPLOIT)) {
        return H_FUNCTION;
    }
    if (flags & ~allowed) {
        return H_PARAMETER;
    }
    if (!xive_valid_lisn(xive, lisn)) {
        modvm_log_guest_error("XIVE: hcall 0x%" G_GINT64_MODIFIER "x: invalid LISN 0x%"
                              G_GINT64_MODIFIER "x\n", opcode, lisn);
        return H_P2;
    }
    return H_SUCCESS;
}

/* The same for a queue: the mode, reserved flags, the priority (H_P3), the target (H_P2). */
static gint64 xive_check_end(SpaprMachine *spapr, SpaprXive *xive, guint64 flags,
                             guint64 allowed, guint64 target, guint64 priority,
                             SpaprXiveEnd **end, guint32 *index)
{
    if (!spapr_ovec_test(&spapr->ov5_cas, SPAPR_OV5_XIVE_EXPLOIT)) {
        return H_FUNCTION;
    }
    if (flags & ~allowed) {
        return H_PARAMETER;
    }
    if (priority >= SPAPR_XIVE_HV_PRIO) {
        modvm_log_guest_error("XIVE: priority %" G_GUINT64_FORMAT " is reserved\n", priority);
        return H_P3;
    }
    *end = xive_end_of(xive, target, priority, index);
    return *end ? H_SUCCESS : H_P2;
}

static gint64 h_int_get_source_info(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                    guint64 opcode, guint64 *args)
{
    SpaprXive *xive = SPAPR_XIVE(owner);
    guint64 lisn = args[1];
    gint64 ret = xive_check_source(spapr, xive, opcode, args[0], 0, lisn);

    if (ret != H_SUCCESS) {
        return ret;
    }
    /* Two pages per source; an LSI is managed through H_INT_ESB (to re-trigger if still up). */
    if (xive->srcs[lisn].flags & SPAPR_XICS_IRQ_LSI) {
        args[0] = SRC_H_INT_ESB | SRC_LSI;
        args[1] = ~0ull;
        args[2] = ~0ull;
    } else {
        args[0] = 0;
        args[1] = SPAPR_XIVE_VC_BASE + (lisn << SPAPR_XIVE_ESB_SHIFT) + (1ull << ESB_PAGE_SHIFT);
        args[2] = SPAPR_XIVE_VC_BASE + (lisn << SPAPR_XIVE_ESB_SHIFT);
    }
    args[3] = ESB_PAGE_SHIFT;
    return H_SUCCESS;
}

static gint64 h_int_set_source_config(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                      guint64 opcode, guint64 *args)
{
    SpaprXive *xive = SPAPR_XIVE(owner);
    guint64 flags = args[0], lisn = args[1], target = args[2], priority = args[3];
    gint64 ret = xive_check_source(spapr, xive, opcode, flags, SRC_SET_EISN | SRC_MASK, lisn);
    SpaprXiveSource *src;
    guint32 end;

    if (ret != H_SUCCESS) {
        return ret;
    }
    src = &xive->srcs[lisn];
    /* Priority 0xff resets the source's routing. */
    if (priority == 0xff) {
        src->masked = TRUE;
        src->end = 0;
        src->eisn = 0;
        return H_SUCCESS;
    }
    if (priority >= SPAPR_XIVE_HV_PRIO) {
        modvm_log_guest_error("XIVE: priority %" G_GUINT64_FORMAT " is reserved\n", priority);
        return H_P4;
    }
    if (!xive_end_of(xive, target, priority, &end)) {
        return H_P3;
    }
    src->masked = (flags & SRC_MASK) != 0;
    src->end = end;
    if (flags & SRC_SET_EISN) {
        src->eisn = (guint32)args[4];
    }
    return H_SUCCESS;
}

static gint64 h_int_get_source_config(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                      guint64 opcode, guint64 *args)
{
    SpaprXive *xive = SPAPR_XIVE(owner);
    gint64 ret = xive_check_source(spapr, xive, opcode, args[0], 0, args[1]);
    SpaprXiveSource *src;

    if (ret != H_SUCCESS) {
        return ret;
    }
    src = &xive->srcs[args[1]];
    args[0] = src->end / NR_PRIOS;
    args[1] = src->masked ? 0xff : src->end % NR_PRIOS;
    args[2] = src->eisn;
    return H_SUCCESS;
}

static gint64 h_int_get_queue_info(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                   guint64 opcode, guint64 *args)
{
    SpaprXiveEnd *end = NULL;
    guint32 idx = 0;
    gint64 ret = xive_check_end(spapr, SPAPR_XIVE(owner), args[0], 0, args[1], args[2], &end,
                                &idx);

    if (ret != H_SUCCESS) {
        return ret;
    }
    /* The END's ESB pages follow the sources' (QEMU's end_base; not mapped here). */
    args[0] = SPAPR_XIVE_END_BASE + (2ull << ESB_PAGE_SHIFT) * idx;
    args[1] = end->enqueue ? end->qshift : 0;
    return H_SUCCESS;
}

static gint64 h_int_set_queue_config(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                     guint64 opcode, guint64 *args)
{
    guint64 flags = args[0], qpage = args[3], qsize = args[4];
    ModvmAddressSpace *as = modvm_machine_address_space(MODVM_MACHINE(spapr));
    SpaprXiveEnd *end = NULL;
    guint64 avail = 0;
    gint64 ret = xive_check_end(spapr, SPAPR_XIVE(owner), flags, END_ALWAYS_NOTIFY, args[1],
                                args[2], &end, NULL);

    if (ret != H_SUCCESS) {
        return ret;
    }
    switch (qsize) {
    case 0:
        /* No queue: the END is reset. */
        memset(end, 0, sizeof(*end));
        return H_SUCCESS;
    case 12:
    case 16:
    case 21:
    case 24:
        break;
    default:
        modvm_log_guest_error("XIVE: invalid EQ size %" G_GUINT64_FORMAT "\n", qsize);
        return H_P5;
    }
    /* The queue is the guest's RAM, whole. */
    if ((qpage & ((1ull << qsize) - 1)) ||
        !modvm_address_space_ram_ptr(as, qpage, TRUE, &avail) || avail < (1ull << qsize)) {
        modvm_log_guest_error("XIVE: EQ at 0x%" G_GINT64_MODIFIER "x of 2^%" G_GUINT64_FORMAT
                              " bytes is not aligned guest RAM\n", qpage, qsize);
        return H_P4;
    }
    memset(end, 0, sizeof(*end));
    end->enqueue = TRUE;
    end->always_notify = (flags & END_ALWAYS_NOTIFY) != 0;
    end->qaddr = qpage;
    end->qshift = (guint32)qsize;
    end->generation = 1;    /* the guest's queue starts zeroed: entries of the first pass say 1 */
    return H_SUCCESS;
}

static gint64 h_int_get_queue_config(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                     guint64 opcode, guint64 *args)
{
    guint64 flags = args[0];
    SpaprXiveEnd *end = NULL;
    gint64 ret = xive_check_end(spapr, SPAPR_XIVE(owner), flags, END_DEBUG, args[1], args[2],
                                &end, NULL);

    if (ret != H_SUCCESS) {
        return ret;
    }
    args[0] = end->always_notify ? END_ALWAYS_NOTIFY : 0;
    args[1] = end->enqueue ? end->qaddr : 0;
    args[2] = end->enqueue ? end->qshift : 0;
    args[3] = 0;
    if (flags & END_DEBUG) {
        args[0] |= (guint64)end->generation << 1;
        args[3] = end->qindex;
    }
    return H_SUCCESS;
}

/* The reporting line is optional; QEMU does not offer it either. */
static gint64 h_int_os_reporting_line(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                      guint64 opcode, guint64 *args)
{
    return H_FUNCTION;
}

static gint64 h_int_esb(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                        guint64 *args)
{
    SpaprXive *xive = SPAPR_XIVE(owner);
    guint64 flags = args[0], lisn = args[1], offset = args[2];
    gint64 ret = xive_check_source(spapr, xive, opcode, flags, ESB_STORE, lisn);

    if (ret != H_SUCCESS) {
        return ret;
    }
    if (offset >= (1ull << ESB_PAGE_SHIFT)) {
        return H_P3;
    }
    if (flags & ESB_STORE) {
        esb_mgmt_store(xive, (guint32)lisn, (guint32)offset);
        args[0] = ~0ull;
    } else {
        args[0] = esb_mgmt_load(xive, (guint32)lisn, (guint32)offset);
    }
    return H_SUCCESS;
}

/* Events are routed as they happen: nothing is in flight to wait for. */
static gint64 h_int_sync(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                         guint64 *args)
{
    return xive_check_source(spapr, SPAPR_XIVE(owner), opcode, args[0], 0, args[1]);
}

static gint64 h_int_reset(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                          guint64 *args)
{
    if (!spapr_ovec_test(&spapr->ov5_cas, SPAPR_OV5_XIVE_EXPLOIT)) {
        return H_FUNCTION;
    }
    if (args[0]) {
        return H_PARAMETER;
    }
    xive_reset_routing(SPAPR_XIVE(owner));
    return H_SUCCESS;
}

static const SpaprHcallDef spapr_xive_hcalls[] = {
    { H_INT_GET_SOURCE_INFO, "H_INT_GET_SOURCE_INFO", h_int_get_source_info },
    { H_INT_SET_SOURCE_CONFIG, "H_INT_SET_SOURCE_CONFIG", h_int_set_source_config },
    { H_INT_GET_SOURCE_CONFIG, "H_INT_GET_SOURCE_CONFIG", h_int_get_source_config },
    { H_INT_GET_QUEUE_INFO, "H_INT_GET_QUEUE_INFO", h_int_get_queue_info },
    { H_INT_SET_QUEUE_CONFIG, "H_INT_SET_QUEUE_CONFIG", h_int_set_queue_config },
    { H_INT_GET_QUEUE_CONFIG, "H_INT_GET_QUEUE_CONFIG", h_int_get_queue_config },
    { H_INT_SET_OS_REPORTING_LINE, "H_INT_SET_OS_REPORTING_LINE", h_int_os_reporting_line },
    { H_INT_GET_OS_REPORTING_LINE, "H_INT_GET_OS_REPORTING_LINE", h_int_os_reporting_line },
    { H_INT_ESB, "H_INT_ESB", h_int_esb },
    { H_INT_SYNC, "H_INT_SYNC", h_int_sync },
    { H_INT_RESET, "H_INT_RESET", h_int_reset },
    { 0, NULL, NULL }
};

static void spapr_xive_finalize(GObject *obj)
{
    SpaprXive *xive = SPAPR_XIVE(obj);

    g_clear_pointer(&xive->esb_mr, modvm_memory_region_unref);
    g_clear_pointer(&xive->tm_mr, modvm_memory_region_unref);
    g_free(xive->srcs);
    g_free(xive->ends);
    g_free(xive->tctx);
    G_OBJECT_CLASS(spapr_xive_parent_class)->finalize(obj);
}

static void spapr_xive_class_init(SpaprXiveClass *klass)
{
    MODVM_OBJECT_CLASS(klass)->description =
        "sPAPR XIVE interrupt controller (exploitation mode: sources, ENDs, TIMA)";
    G_OBJECT_CLASS(klass)->finalize = spapr_xive_finalize;
    spapr_class_set_hcalls(klass, spapr_xive_hcalls);
}

static void spapr_xive_init(SpaprXive *xive)
{
    xive->nr_irqs = SPAPR_XIVE_NR_IRQS;
    xive->srcs = g_new0(SpaprXiveSource, xive->nr_irqs);
}
