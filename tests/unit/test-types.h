/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small object types the core's unit tests define for themselves. */
#pragma once

#include "core.h"

#include <string.h>

typedef struct {
    ModvmDevice parent;
    gboolean flag;
    gint32 offset;
    guint8 small;
    guint32 count;
    guint64 size;
    char *label;
    int mode;
    ModvmOnOffAuto accel;
    GObject *peer;
    GPtrArray *log;     /* what realize/reset saw, for order checks */
    gboolean fail_realize;
} TestDev;

typedef struct {
    ModvmDeviceClass parent_class;
} TestDevClass;

typedef struct {
    TestDev parent;
    guint32 extra;
} TestSubDev;

typedef struct {
    TestDevClass parent_class;
} TestSubDevClass;

typedef struct {
    ModvmBus parent;
} TestBus;

typedef struct {
    ModvmBusClass parent_class;
} TestBusClass;

typedef struct {
    ModvmMachine parent;
    guint32 knob;
    gboolean legacy;
} TestMachine;

typedef struct {
    ModvmMachineClass parent_class;
} TestMachineClass;

GType test_dev_get_type(void);
GType test_sub_dev_get_type(void);
GType test_bus_get_type(void);
GType test_machine_get_type(void);

/* Names the realize/reset hooks append to a shared log. */
extern GPtrArray *test_events;
