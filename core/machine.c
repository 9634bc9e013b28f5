/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ModvmMachine: the root object, its memory, clocks, CPUs and run state. */
#include "core.h"

typedef struct {
    guint64 ram_size;
    char *mem_path;
    guint32 smp;
    guint32 max_cpus;
    guint32 sockets;
    guint32 cores;
    guint32 threads;
    char *cpu_type;
    char *kernel;
    char *initrd;
    char *append;
    char *firmware;
    char *dtb;
} ModvmMachineConfig;

/*
 * The configuration lives in the instance (the property table needs
 * offsets into it), the run-time state in the private part.
 */
typedef struct {
    ModvmMachineConfig cfg;
    ModvmMemoryRegion *sysmem;
    ModvmAddressSpace *as;
    ModvmMemoryRegion *ram;
    ModvmClock *vclock;
    ModvmClock *host_clock;
    GMainContext *context;
    GPtrArray *cpus;
    ModvmAccel *accel;
    GRecMutex lock;
    gint shutdown_cause;        /* ModvmShutdownCause, atomic */
    ModvmRunState run_state;
    GPtrArray *compat;          /* ModvmCompatProp *, not owned: the version's, newest first */
    GPtrArray *globals;         /* -global, as ModvmCompatProp * */
    GPtrArray *user_type_props; /* per-type user options (-cpu's), as ModvmCompatProp * */
    GSourceFunc shutdown_notify;
    gpointer shutdown_notify_data;
} ModvmMachinePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE(ModvmMachine, modvm_machine, MODVM_TYPE_OBJECT)

static gint machine_private_offset_for_table(void)
{
    return ModvmMachine_private_offset;
}

/*
 * The table addresses fields relative to the instance; the configuration
 * sits in the private area at a fixed (negative) offset known only at run
 * time, so the rows are built once on first class_init.
 */
#define CFG_OFFSET(field) (offsetof(ModvmMachinePrivate, cfg) + offsetof(ModvmMachineConfig, field))
#define CFG_ROW(field) .offset = 0, .field_size = sizeof(((ModvmMachineConfig *)0)->field)

static ModvmProperty machine_props[] = {
    { .name = "ram-size", .kind = MODVM_PROP_SIZE, CFG_ROW(ram_size),
      .description = "guest RAM size (-m)", .uint_default = 128 << 20, .uint_min = 1 << 20 },
    { .name = "mem-path", .kind = MODVM_PROP_STRING, CFG_ROW(mem_path),
      .description = "back guest RAM with a file in this directory (hugetlbfs mount)" },
    { .name = "smp", .kind = MODVM_PROP_UINT, CFG_ROW(smp),
      .description = "number of CPUs at start (-smp)", .uint_default = 1, .uint_min = 1,
      .uint_max = 2048 },
    { .name = "max-cpus", .kind = MODVM_PROP_UINT, CFG_ROW(max_cpus),
      .description = "maximum number of CPUs, 0 for smp", .uint_max = 2048 },
    { .name = "sockets", .kind = MODVM_PROP_UINT, CFG_ROW(sockets),
      .description = "CPU sockets, 0 to derive", .uint_max = 2048 },
    { .name = "cores", .kind = MODVM_PROP_UINT, CFG_ROW(cores),
      .description = "cores per socket, 0 to derive", .uint_max = 2048 },
    { .name = "threads", .kind = MODVM_PROP_UINT, CFG_ROW(threads),
      .description = "threads per core, 0 for 1", .uint_max = 8 },
    { .name = "cpu-type", .kind = MODVM_PROP_STRING, CFG_ROW(cpu_type),
      .description = "CPU type to create (-cpu chooses it by model name)" },
    { .name = "kernel", .kind = MODVM_PROP_STRING, CFG_ROW(kernel),
      .description = "kernel image to boot (-kernel)" },
    { .name = "initrd", .kind = MODVM_PROP_STRING, CFG_ROW(initrd),
      .description = "initial ramdisk (-initrd)" },
    { .name = "append", .kind = MODVM_PROP_STRING, CFG_ROW(append),
      .description = "kernel command line (-append)" },
    { .name = "firmware", .kind = MODVM_PROP_STRING, CFG_ROW(firmware),
      .description = "firmware image (-bios)" },
    { .name = "dtb", .kind = MODVM_PROP_STRING, CFG_ROW(dtb),
      .description = "device tree blob to use instead of the generated one (-dtb)" },
    MODVM_PROP_END
};

static const size_t machine_cfg_offsets[] = {
    CFG_OFFSET(ram_size), CFG_OFFSET(mem_path), CFG_OFFSET(smp), CFG_OFFSET(max_cpus),
    CFG_OFFSET(sockets), CFG_OFFSET(cores), CFG_OFFSET(threads), CFG_OFFSET(cpu_type),
    CFG_OFFSET(kernel), CFG_OFFSET(initrd), CFG_OFFSET(append), CFG_OFFSET(firmware),
    CFG_OFFSET(dtb),
};

static inline ModvmMachinePrivate *priv_of(ModvmMachine *m)
{
    return modvm_machine_get_instance_private(m);
}

static void modvm_machine_dispose(GObject *obj)
{
    ModvmMachine *m = MODVM_MACHINE(obj);
    ModvmMachinePrivate *priv = priv_of(m);

    modvm_object_unrealize_tree(MODVM_OBJECT(m));
    g_clear_pointer(&priv->cpus, g_ptr_array_unref);
    g_clear_object(&priv->accel);
    G_OBJECT_CLASS(modvm_machine_parent_class)->dispose(obj);
}

static void modvm_machine_finalize(GObject *obj)
{
    ModvmMachinePrivate *priv = priv_of(MODVM_MACHINE(obj));

    g_clear_pointer(&priv->as, modvm_address_space_free);
    g_clear_pointer(&priv->ram, modvm_memory_region_unref);
    g_clear_pointer(&priv->sysmem, modvm_memory_region_unref);
    g_clear_pointer(&priv->vclock, modvm_clock_free);
    g_clear_pointer(&priv->host_clock, modvm_clock_free);
    g_clear_pointer(&priv->context, g_main_context_unref);
    g_rec_mutex_clear(&priv->lock);
    G_OBJECT_CLASS(modvm_machine_parent_class)->finalize(obj);
}

static void modvm_machine_class_init(ModvmMachineClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = modvm_machine_dispose;
    G_OBJECT_CLASS(klass)->finalize = modvm_machine_finalize;
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;

    /* The private area precedes the instance: its offset is negative and known only now. */
    gint base = machine_private_offset_for_table();
    for (guint i = 0; i < G_N_ELEMENTS(machine_cfg_offsets); i++) {
        machine_props[i].offset = (gssize)base + (gssize)machine_cfg_offsets[i];
    }
    modvm_class_install_properties(G_OBJECT_CLASS(klass), machine_props);
}

static void modvm_machine_init(ModvmMachine *m)
{
    ModvmMachinePrivate *priv = priv_of(m);

    g_rec_mutex_init(&priv->lock);
    priv->sysmem = modvm_memory_region_new_container("system", G_MAXUINT64);
    priv->as = modvm_address_space_new("memory", priv->sysmem);
    priv->vclock = modvm_clock_new(MODVM_CLOCK_VIRTUAL);
    modvm_clock_pause(priv->vclock);
    priv->host_clock = modvm_clock_new(MODVM_CLOCK_HOST);
    priv->context = g_main_context_ref(g_main_context_default());
    priv->cpus = g_ptr_array_new_with_free_func(g_object_unref);
    priv->run_state = MODVM_RUN_CREATED;
}

ModvmMemoryRegion *modvm_machine_sysmem(ModvmMachine *m) { return priv_of(m)->sysmem; }
ModvmAddressSpace *modvm_machine_address_space(ModvmMachine *m) { return priv_of(m)->as; }
ModvmMemoryRegion *modvm_machine_ram(ModvmMachine *m) { return priv_of(m)->ram; }
guint64 modvm_machine_ram_size(ModvmMachine *m) { return priv_of(m)->cfg.ram_size; }
guint modvm_machine_smp_cpus(ModvmMachine *m) { return priv_of(m)->cfg.smp; }
const char *modvm_machine_cpu_type(ModvmMachine *m) { return priv_of(m)->cfg.cpu_type; }
const char *modvm_machine_kernel(ModvmMachine *m) { return priv_of(m)->cfg.kernel; }
const char *modvm_machine_initrd(ModvmMachine *m) { return priv_of(m)->cfg.initrd; }
const char *modvm_machine_append(ModvmMachine *m) { return priv_of(m)->cfg.append; }
const char *modvm_machine_firmware(ModvmMachine *m) { return priv_of(m)->cfg.firmware; }
const char *modvm_machine_dtb(ModvmMachine *m) { return priv_of(m)->cfg.dtb; }
ModvmClock *modvm_machine_virtual_clock(ModvmMachine *m) { return priv_of(m)->vclock; }
ModvmClock *modvm_machine_host_clock(ModvmMachine *m) { return priv_of(m)->host_clock; }
GMainContext *modvm_machine_main_context(ModvmMachine *m) { return priv_of(m)->context; }
GPtrArray *modvm_machine_get_cpus(ModvmMachine *m) { return priv_of(m)->cpus; }
ModvmAccel *modvm_machine_get_accel(ModvmMachine *m) { return priv_of(m)->accel; }
ModvmRunState modvm_machine_run_state(ModvmMachine *m) { return priv_of(m)->run_state; }

guint modvm_machine_max_cpus(ModvmMachine *m)
{
    ModvmMachinePrivate *priv = priv_of(m);
    return MAX(priv->cfg.max_cpus, priv->cfg.smp);
}

void modvm_machine_set_main_context(ModvmMachine *m, GMainContext *context)
{
    ModvmMachinePrivate *priv = priv_of(m);
    g_main_context_unref(priv->context);
    priv->context = g_main_context_ref(context);
}

void modvm_machine_set_accel(ModvmMachine *m, ModvmAccel *accel)
{
    ModvmMachinePrivate *priv = priv_of(m);
    g_set_object(&priv->accel, accel);
}

gboolean modvm_machine_alloc_ram(ModvmMachine *m, guint64 base, GError **error)
{
    ModvmMachinePrivate *priv = priv_of(m);

    g_return_val_if_fail(priv->ram == NULL, FALSE);
    priv->ram = modvm_memory_region_new_ram("ram", priv->cfg.ram_size, priv->cfg.mem_path, error);
    if (!priv->ram) {
        return FALSE;
    }
    return modvm_memory_region_add_subregion(priv->sysmem, base, priv->ram, 0, error);
}

void modvm_machine_add_cpu(ModvmMachine *m, ModvmCpu *cpu)
{
    ModvmMachinePrivate *priv = priv_of(m);
    modvm_cpu_set_index(cpu, priv->cpus->len);
    g_ptr_array_add(priv->cpus, g_object_ref(cpu));
}

static ModvmBus *find_bus(ModvmObject *obj, GType type)
{
    if (g_type_is_a(G_OBJECT_TYPE(obj), type)) {
        return MODVM_BUS(obj);
    }
    GPtrArray *children = modvm_object_get_children(obj);
    for (guint i = 0; i < children->len; i++) {
        ModvmBus *bus = find_bus(g_ptr_array_index(children, i), type);
        if (bus) {
            return bus;
        }
    }
    return NULL;
}

ModvmBus *modvm_machine_find_bus(ModvmMachine *m, const char *bus_type)
{
    GType t = g_type_from_name(bus_type);
    if (!t || !g_type_is_a(t, MODVM_TYPE_BUS)) {
        return NULL;
    }
    return find_bus(MODVM_OBJECT(m), t);
}

void modvm_machine_lock(ModvmMachine *m)
{
    g_rec_mutex_lock(&priv_of(m)->lock);
}

void modvm_machine_unlock(ModvmMachine *m)
{
    g_rec_mutex_unlock(&priv_of(m)->lock);
}

void modvm_machine_request_shutdown(ModvmMachine *m, ModvmShutdownCause cause)
{
    ModvmMachinePrivate *priv = priv_of(m);

    /* The first request wins until the main loop has taken it. */
    g_atomic_int_compare_and_exchange(&priv->shutdown_cause, MODVM_SHUTDOWN_NONE, cause);
    if (priv->shutdown_notify) {
        g_main_context_invoke(priv->context, priv->shutdown_notify, priv->shutdown_notify_data);
    }
    g_main_context_wakeup(priv->context);
}

ModvmShutdownCause modvm_machine_shutdown_cause(ModvmMachine *m)
{
    return g_atomic_int_get(&priv_of(m)->shutdown_cause);
}

gboolean modvm_machine_take_shutdown_request(ModvmMachine *m, ModvmShutdownCause *cause)
{
    *cause = g_atomic_int_and(&priv_of(m)->shutdown_cause, 0);
    return *cause != MODVM_SHUTDOWN_NONE;
}

void modvm_machine_set_shutdown_notify(ModvmMachine *m, GSourceFunc notify, gpointer data)
{
    priv_of(m)->shutdown_notify = notify;
    priv_of(m)->shutdown_notify_data = data;
}

void modvm_machine_set_run_state(ModvmMachine *m, ModvmRunState state)
{
    ModvmMachinePrivate *priv = priv_of(m);

    priv->run_state = state;
    if (state == MODVM_RUN_RUNNING) {
        modvm_clock_resume(priv->vclock);
    } else {
        modvm_clock_pause(priv->vclock);
    }
}

void modvm_machine_reset(ModvmMachine *m)
{
    ModvmMachineClass *klass = MODVM_MACHINE_GET_CLASS(m);

    modvm_object_reset_tree(MODVM_OBJECT(m));
    if (klass->reset) {
        klass->reset(m);
    }
}

void modvm_machine_set_property_layers(ModvmMachine *m, GPtrArray *compat, GPtrArray *globals,
                                       GPtrArray *user_type_props)
{
    ModvmMachinePrivate *priv = priv_of(m);
    priv->compat = compat;
    priv->globals = globals;
    priv->user_type_props = user_type_props;
}

/*
 * Applies every entry of @props whose type is @obj's type or an ancestor
 * of it, in order. Entries naming a property the object does not have are
 * errors: descriptions were validated, so this is a user's -global.
 */
gboolean modvm_object_apply_layer(ModvmObject *obj, GPtrArray *props, ModvmPropSource source,
                                  GError **error)
{
    for (guint i = 0; props && i < props->len; i++) {
        ModvmCompatProp *cp = props->pdata[i];
        GType t = g_type_from_name(cp->type);
        if (!t || !g_type_is_a(G_OBJECT_TYPE(obj), t)) {
            continue;
        }
        if (!modvm_object_set_property_str(obj, cp->property, cp->value, source, error)) {
            g_prefix_error(error, "%s: ", cp->where);
            return FALSE;
        }
    }
    return TRUE;
}

ModvmObject *modvm_machine_new_object(ModvmMachine *m, const char *type_name, GError **error)
{
    ModvmMachinePrivate *priv = priv_of(m);
    g_autoptr(ModvmObject) obj = modvm_object_new(type_name, error);

    if (obj) {
        modvm_object_set_home(obj, MODVM_OBJECT(m));
    }
    if (!obj ||
        !modvm_object_apply_layer(obj, priv->compat, MODVM_PROP_SOURCE_COMPAT, error) ||
        !modvm_object_apply_layer(obj, priv->globals, MODVM_PROP_SOURCE_GLOBAL, error) ||
        !modvm_object_apply_layer(obj, priv->user_type_props, MODVM_PROP_SOURCE_USER, error)) {
        return NULL;
    }
    return g_steal_pointer(&obj);
}
