/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Interrupt lines: the out-of-line part of irq.h. */
#include <modvm/irq.h>

ModvmIrq *modvm_irq_array_new(ModvmIrqHandler handler, void *opaque, int count)
{
    ModvmIrq *irqs;

    g_return_val_if_fail(count >= 0, NULL);
    irqs = g_new0(ModvmIrq, count);
    for (int i = 0; i < count; i++) {
        modvm_irq_init(&irqs[i], handler, opaque, i);
    }
    return irqs;
}
