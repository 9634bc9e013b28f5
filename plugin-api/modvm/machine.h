/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The machine: the root of a composition tree, its memory, CPUs and run state. */
#pragma once

#include <modvm/device.h>
#include <modvm/memory.h>
#include <modvm/timer.h>

G_BEGIN_DECLS

#define MODVM_TYPE_MACHINE (modvm_machine_get_type())
G_DECLARE_DERIVABLE_TYPE(ModvmMachine, modvm_machine, MODVM, MACHINE, ModvmObject)

typedef struct _ModvmCpu ModvmCpu;
typedef struct _ModvmAccel ModvmAccel;

typedef enum {
    MODVM_RUN_CREATED,   /* built, not realized */
    MODVM_RUN_PAUSED,    /* realized, vCPUs stopped (-S, or "stop") */
    MODVM_RUN_RUNNING,
    MODVM_RUN_SHUTDOWN,  /* the guest or the user asked to end */
    MODVM_RUN_GUEST_PANICKED, /* vCPUs stopped after a guest panic (-action panic=pause) */
} ModvmRunState;

typedef enum {
    MODVM_SHUTDOWN_NONE = 0,
    MODVM_SHUTDOWN_GUEST_POWEROFF,
    MODVM_SHUTDOWN_GUEST_RESET,
    MODVM_SHUTDOWN_GUEST_PANIC,
    MODVM_SHUTDOWN_HOST_QUIT,     /* Ctrl-A x, a signal, the monitor's quit */
    MODVM_SHUTDOWN_HOST_RESET,
} ModvmShutdownCause;

/**
 * ModvmMachine:
 * Fields below "properties" are set through the property table (see
 * machine.c); the rest is filled in by the core and the machine's init.
 */
struct _ModvmMachineClass {
    ModvmObjectClass parent_class;
    /* The abstract CPU type -cpu chooses among ("power-cpu"). */
    const char *cpu_base_type;
    /* Build the board: RAM, CPUs, buses, interrupt controllers. */
    gboolean (*init)(ModvmMachine *machine, GError **error);
    /* After every device is realized: device tree, firmware and kernel loading. */
    gboolean (*finish)(ModvmMachine *machine, GError **error);
    /* System reset, after every device was reset. */
    void (*reset)(ModvmMachine *machine);
    /*
     * A non-maskable interrupt to every CPU (QMP inject-nmi; pseries: a
     * system reset). Called with the machine lock held. NULL: the machine
     * has none, and inject-nmi says the command is not supported.
     */
    gboolean (*nmi)(ModvmMachine *machine, GError **error);
    gpointer reserved[7];
};

/** modvm_machine_sysmem: (transfer none) the system memory container. */
ModvmMemoryRegion *modvm_machine_sysmem(ModvmMachine *machine);
/** modvm_machine_address_space: (transfer none) guest physical memory as CPUs see it. */
ModvmAddressSpace *modvm_machine_address_space(ModvmMachine *machine);
/** modvm_machine_ram: (transfer none) the main RAM region, after init. */
ModvmMemoryRegion *modvm_machine_ram(ModvmMachine *machine);
/** modvm_machine_alloc_ram: allocates ram-size bytes (honouring mem-path) and maps it at @base. */
gboolean modvm_machine_alloc_ram(ModvmMachine *machine, guint64 base, GError **error);

guint64 modvm_machine_ram_size(ModvmMachine *machine);
guint modvm_machine_smp_cpus(ModvmMachine *machine);
guint modvm_machine_max_cpus(ModvmMachine *machine);
/** modvm_machine_cpu_type: the resolved CPU type name for the CPUs to create. */
const char *modvm_machine_cpu_type(ModvmMachine *machine);
/** kernel, initrd, append, firmware and dtb as the user gave them (or NULL). */
const char *modvm_machine_kernel(ModvmMachine *machine);
const char *modvm_machine_initrd(ModvmMachine *machine);
const char *modvm_machine_append(ModvmMachine *machine);
const char *modvm_machine_firmware(ModvmMachine *machine);
const char *modvm_machine_dtb(ModvmMachine *machine);

/** modvm_machine_virtual_clock / host_clock: (transfer none) */
ModvmClock *modvm_machine_virtual_clock(ModvmMachine *machine);
ModvmClock *modvm_machine_host_clock(ModvmMachine *machine);
/** modvm_machine_main_context: (transfer none) the I/O thread's context. */
GMainContext *modvm_machine_main_context(ModvmMachine *machine);

/**
 * modvm_machine_new_object:
 * (transfer full) Creates an object of @type_name for this machine with its
 * properties set by precedence: class defaults, the machine version's
 * compat properties, -global, then the user's options for that type (for
 * CPUs, those of -cpu). Plugins create every object they make for a
 * machine (CPUs, buses, interrupt controllers) through this, so that
 * compat and -global reach them too.
 */
ModvmObject *modvm_machine_new_object(ModvmMachine *machine, const char *type_name,
                                      GError **error);

/**
 * modvm_object_new_container: (transfer full) a plain object that only
 * groups children ("/machine/chardev").
 */
ModvmObject *modvm_object_new_container(void);

/** modvm_machine_add_cpu: registers a CPU the machine created (index order). */
void modvm_machine_add_cpu(ModvmMachine *machine, ModvmCpu *cpu);
/** modvm_machine_get_cpus: (transfer none) array of ModvmCpu*. */
GPtrArray *modvm_machine_get_cpus(ModvmMachine *machine);
/** modvm_machine_get_accel: (transfer none) the accelerator, or NULL. */
ModvmAccel *modvm_machine_get_accel(ModvmMachine *machine);
void modvm_machine_set_accel(ModvmMachine *machine, ModvmAccel *accel);

/** modvm_machine_find_bus: (transfer none) the first bus of @bus_type (or derived) in the tree. */
ModvmBus *modvm_machine_find_bus(ModvmMachine *machine, const char *bus_type);

/**
 * The machine lock: device state is protected by one lock. vCPU threads
 * take it around device access; the I/O thread around dispatch.
 */
void modvm_machine_lock(ModvmMachine *machine);
void modvm_machine_unlock(ModvmMachine *machine);

/**
 * modvm_machine_request_shutdown:
 * Asks the main loop to end or reset the machine (from any thread); with
 * -no-reboot a guest reset ends modvm, with -no-shutdown a poweroff pauses.
 */
void modvm_machine_request_shutdown(ModvmMachine *machine, ModvmShutdownCause cause);
ModvmShutdownCause modvm_machine_shutdown_cause(ModvmMachine *machine);
ModvmRunState modvm_machine_run_state(ModvmMachine *machine);

/** modvm_machine_reset: resets every device, then the machine. */
void modvm_machine_reset(ModvmMachine *machine);

G_END_DECLS
