/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for interrupt lines and line arrays. */
#include <modvm/irq.h>

typedef struct {
    int n;
    int level;
} IrqEvent;

static void record_handler(void *opaque, int n, int level)
{
    GArray *events = opaque;
    IrqEvent e = { n, level };

    g_array_append_val(events, e);
}

static void assert_event(GArray *events, guint i, int n, int level)
{
    g_assert_cmpuint(i, <, events->len);
    g_assert_cmpint(g_array_index(events, IrqEvent, i).n, ==, n);
    g_assert_cmpint(g_array_index(events, IrqEvent, i).level, ==, level);
}

static void test_irq_array(void)
{
    GArray *events = g_array_new(FALSE, FALSE, sizeof(IrqEvent));
    ModvmIrq *irqs = modvm_irq_array_new(record_handler, events, 4);

    for (int i = 0; i < 4; i++) {
        g_assert_cmpint(irqs[i].n, ==, i);
        g_assert_true(irqs[i].opaque == events);
    }
    modvm_irq_raise(&irqs[2]);
    modvm_irq_lower(&irqs[3]);
    modvm_irq_set(&irqs[0], 5);
    modvm_irq_pulse(&irqs[1]);

    g_assert_cmpuint(events->len, ==, 5);
    assert_event(events, 0, 2, 1);
    assert_event(events, 1, 3, 0);
    assert_event(events, 2, 0, 5);
    assert_event(events, 3, 1, 1);
    assert_event(events, 4, 1, 0);

    g_free(irqs);
    g_array_unref(events);
}

static void test_irq_unconnected(void)
{
    GArray *events = g_array_new(FALSE, FALSE, sizeof(IrqEvent));
    ModvmIrq line;

    modvm_irq_raise(NULL);
    modvm_irq_init(&line, NULL, events, 3);
    modvm_irq_pulse(&line);
    g_assert_cmpuint(events->len, ==, 0);

    modvm_irq_init(&line, record_handler, events, 3);
    modvm_irq_raise(&line);
    assert_event(events, 0, 3, 1);

    g_assert_null(modvm_irq_array_new(record_handler, events, 0));
    g_array_unref(events);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/irq/array/handler", test_irq_array);
    g_test_add_func("/irq/line/unconnected", test_irq_unconnected);

    return g_test_run();
}
