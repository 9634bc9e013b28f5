/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Doorbells and stop: msgsnd/msgclr/msgsync, msgsndp/msgclrp, stop (Book III 5.9, 7.5). */
#include "internal.h"

/* RB[32:36], the message type; 5 is the (hypervisor or privileged) directed doorbell. */
#define MSG_TYPE(rb) (((rb) >> 27) & 0x1f)
#define MSG_TYPE_DOORBELL 5

/*
 * msgsnd addresses a thread by PIR (RB[49:63]). A CPU here reaches only
 * itself; a doorbell for another thread is dropped (only hypervisor state
 * gets this far: a guest takes the privileged-instruction Program interrupt).
 */
static void helper_msgsnd(PowerCpu *cpu, guint64 rb)
{
    if (MSG_TYPE(rb) == MSG_TYPE_DOORBELL && (rb & 0x7fff) == (cpu->regs.spr[SPR_PIR] & 0x7fff)) {
        power_cpu_set_irq(cpu, POWER_IRQ_HDOORBELL, 1);
    }
}

static void helper_msgclr(PowerCpu *cpu, guint64 rb)
{
    if (MSG_TYPE(rb) == MSG_TYPE_DOORBELL) {
        power_cpu_set_irq(cpu, POWER_IRQ_HDOORBELL, 0);
    }
}

/*
 * msgsndp addresses a thread of the same core by TIR (RB[57:63]); the cores
 * here have one thread, TIR 0, so it can only ring this thread's doorbell.
 */
static void helper_msgsndp(PowerCpu *cpu, guint64 rb)
{
    if (MSG_TYPE(rb) == MSG_TYPE_DOORBELL && (rb & 0x7f) == 0) {
        power_cpu_set_irq(cpu, POWER_IRQ_DOORBELL, 1);
    }
}

static void helper_msgclrp(PowerCpu *cpu, guint64 rb)
{
    if (MSG_TYPE(rb) == MSG_TYPE_DOORBELL) {
        power_cpu_set_irq(cpu, POWER_IRQ_DOORBELL, 0);
    }
}

static const ModvmTcgHelper h_msgsnd = { "msgsnd", (gpointer)helper_msgsnd, 2, FALSE, 1, FALSE };
static const ModvmTcgHelper h_msgclr = { "msgclr", (gpointer)helper_msgclr, 2, FALSE, 1, FALSE };
static const ModvmTcgHelper h_msgsndp = { "msgsndp", (gpointer)helper_msgsndp, 2, FALSE, 1, FALSE };
static const ModvmTcgHelper h_msgclrp = { "msgclrp", (gpointer)helper_msgclrp, 2, FALSE, 1, FALSE };

/* The doorbell may be deliverable at once: end the block so exec_interrupt sees it. */
static gboolean gen_msg(PowerDisas *d, const ModvmTcgHelper *h)
{
    power_call(d, h, power_load_gpr(d, F_RB(d->insn)), 0, 0);
    power_gen_exit_after(d);
    return TRUE;
}

gboolean trans_msgsnd(PowerDisas *d) { return gen_msg(d, &h_msgsnd); }
gboolean trans_msgclr(PowerDisas *d) { return gen_msg(d, &h_msgclr); }
gboolean trans_msgsndp(PowerDisas *d) { return gen_msg(d, &h_msgsndp); }
gboolean trans_msgclrp(PowerDisas *d) { return gen_msg(d, &h_msgclrp); }

/* msgsync orders earlier msgsnd against later loads; each is complete when it retires here. */
gboolean trans_msgsync(PowerDisas *d)
{
    return TRUE;
}

/*
 * stop with PSSCR[ESL]=0 resumes at the next instruction once an interrupt
 * is pending (Book III 7.5.2); the state-loss levels are not modelled, so
 * every stop behaves as that one, like wait.
 */
static void helper_stop(PowerCpu *cpu)
{
    cpu->tcg.halted = TRUE;
}

static const ModvmTcgHelper h_stop = { "stop", (gpointer)helper_stop, 1, FALSE, 1, FALSE };

gboolean trans_stop(PowerDisas *d)
{
    power_call(d, &h_stop, 0, 0, 0);
    power_gen_exit_after(d);
    return TRUE;
}
