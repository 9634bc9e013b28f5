/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Interrupt lines: plain structs with a callback, cheap to raise and lower. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*ModvmIrqHandler)(void *opaque, int n, int level);

/**
 * ModvmIrq:
 * One line into a sink (an interrupt controller input, a CPU pin). The
 * source holds a pointer to it; an unconnected line (NULL or no handler)
 * swallows changes.
 */
typedef struct {
    ModvmIrqHandler handler;
    void *opaque;
    int n;
} ModvmIrq;

static inline void modvm_irq_init(ModvmIrq *irq, ModvmIrqHandler handler, void *opaque, int n)
{
    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
}

static inline void modvm_irq_set(const ModvmIrq *irq, int level)
{
    if (irq && irq->handler) {
        irq->handler(irq->opaque, irq->n, level);
    }
}

static inline void modvm_irq_raise(const ModvmIrq *irq) { modvm_irq_set(irq, 1); }
static inline void modvm_irq_lower(const ModvmIrq *irq) { modvm_irq_set(irq, 0); }

static inline void modvm_irq_pulse(const ModvmIrq *irq)
{
    modvm_irq_set(irq, 1);
    modvm_irq_set(irq, 0);
}

/**
 * modvm_irq_array_new: (transfer full) @count lines into one handler,
 * numbered 0..@count-1. Free with g_free.
 */
ModvmIrq *modvm_irq_array_new(ModvmIrqHandler handler, void *opaque, int count);

G_END_DECLS
