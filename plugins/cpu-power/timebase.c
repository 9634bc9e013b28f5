/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The time base and the decrementer (Power ISA Book II 5, Book III 6), on the machine's virtual clock. */
#include "internal.h"

/* 512 MHz, as QEMU's pseries: 64 ticks every 125 ns. */
static guint64 ns_to_ticks(guint64 ns)
{
    return (ns / 125) * 64 + (ns % 125) * 64 / 125;
}

/* Rounded up, so that a timer armed for @t ticks fires when they have passed. */
static guint64 ticks_to_ns(guint64 t)
{
    return (t / 64) * 125 + ((t % 64) * 125 + 63) / 64;
}

static ModvmClock *power_clock(PowerCpu *cpu)
{
    if (!cpu->clock) {
        ModvmObject *root = modvm_object_get_root(MODVM_OBJECT(cpu));
        if (MODVM_IS_MACHINE(root)) {
            cpu->clock = modvm_machine_virtual_clock(MODVM_MACHINE(root));
        }
    }
    return cpu->clock;
}

static gint64 power_now_ns(PowerCpu *cpu)
{
    ModvmClock *clock = power_clock(cpu);
    return clock ? modvm_clock_get_ns(clock) : 0;
}

guint64 power_tb_read(PowerCpu *cpu)
{
    return ns_to_ticks(power_now_ns(cpu)) + cpu->tb_offset;
}

void power_tb_write(PowerCpu *cpu, guint64 tb)
{
    cpu->tb_offset = tb - ns_to_ticks(power_now_ns(cpu));
}

/* DEC is 32 bits, or as wide as the large decrementer (56 bits on POWER9) with LPCR[LD]. */
static unsigned power_dec_bits(PowerCpu *cpu)
{
    return (cpu->isa >= ISA300 && (cpu->regs.spr[SPR_LPCR] & LPCR_LD)) ? 56 : 32;
}

guint64 power_dec_read(PowerCpu *cpu)
{
    gint64 diff = cpu->dec_next_ns - power_now_ns(cpu);
    gint64 dec = diff >= 0 ? (gint64)ns_to_ticks(diff) : -(gint64)ns_to_ticks(-diff);

    /* Large mode reads sign-extended, the 32-bit DEC zero-extended (as QEMU). */
    return power_dec_bits(cpu) == 32 ? (guint32)dec : (guint64)dec;
}

static void power_dec_expired(void *opaque)
{
    power_cpu_set_irq(opaque, POWER_IRQ_DECREMENTER, 1);
}

/*
 * The decrementer exception is level-triggered on Book3S: it exists while
 * DEC's most significant bit is 1, and is raised when DEC counts down to 0
 * (QEMU's point, a tick before the architected 0 -> -1).
 */
void power_dec_write(PowerCpu *cpu, guint64 value)
{
    unsigned bits = power_dec_bits(cpu);
    gint64 v = (gint64)(value << (64 - bits)) >> (64 - bits);
    gint64 now = power_now_ns(cpu);

    cpu->dec_next_ns = now + (v >= 0 ? (gint64)ticks_to_ns(v) : -(gint64)ticks_to_ns(-v));
    if (cpu->dec_timer) {
        modvm_timer_cancel(cpu->dec_timer);
    }
    if (v < 0) {
        power_cpu_set_irq(cpu, POWER_IRQ_DECREMENTER, 1);
        return;
    }
    power_cpu_set_irq(cpu, POWER_IRQ_DECREMENTER, 0);
    if (cpu->dec_timer) {
        modvm_timer_arm(cpu->dec_timer, cpu->dec_next_ns);
    }
}

/*
 * At reset TB is the virtual clock's (the same on every CPU), and DEC is
 * -1 with its interrupt pending, as after QEMU's cpu_ppc_tb_init.
 */
void power_timebase_reset(PowerCpu *cpu)
{
    ModvmClock *clock = power_clock(cpu);

    if (clock && !cpu->dec_timer) {
        cpu->dec_timer = modvm_timer_new(clock, power_dec_expired, cpu);
    }
    cpu->tb_offset = 0;
    power_dec_write(cpu, ~0ull);
}

void power_timebase_fini(PowerCpu *cpu)
{
    g_clear_pointer(&cpu->dec_timer, modvm_timer_free);
    cpu->clock = NULL;
}
