/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The test rig: a bare machine with one POWER CPU run by the accel-tcg plugin from the build tree. */
#include "core.h"
#include "power-rig.h"

#include <string.h>

typedef struct {
    ModvmMachine parent;
} PowerTestMachine;

typedef struct {
    ModvmMachineClass parent_class;
} PowerTestMachineClass;

static GType power_test_machine_get_type(void);
G_DEFINE_TYPE(PowerTestMachine, power_test_machine, MODVM_TYPE_MACHINE)

/* What the next machine's init creates (the tests run one at a time). */
static const char *rig_cpu_type;

static gboolean power_test_machine_init_board(ModvmMachine *m, GError **error)
{
    ModvmObject *cpu;

    if (!modvm_machine_alloc_ram(m, 0, error)) {
        return FALSE;
    }
    cpu = modvm_object_new(rig_cpu_type, error);
    if (!cpu) {
        return FALSE;
    }
    if (!modvm_object_add_child(MODVM_OBJECT(m), "cpu0", cpu, error)) {
        g_object_unref(cpu);
        return FALSE;
    }
    modvm_machine_add_cpu(m, MODVM_CPU(cpu));
    g_object_unref(cpu);
    return TRUE;
}

static void power_test_machine_class_init(PowerTestMachineClass *klass)
{
    MODVM_MACHINE_CLASS(klass)->init = power_test_machine_init_board;
}

static void power_test_machine_init(PowerTestMachine *m)
{
}

static ModvmPluginSet *rig_plugins;
static gboolean rig_loaded;

gboolean power_rig_available(void)
{
    static gsize once;

    if (g_once_init_enter(&once)) {
        const char *root = g_getenv("MODVM_BUILD_ROOT");
        g_autofree char *dir = g_build_filename(root ? root : ".", "plugins", "accel-tcg", NULL);
        GError *err = NULL;

        rig_plugins = modvm_plugin_set_new();
        modvm_plugin_set_add_dir(rig_plugins, dir, "test");
        rig_loaded = modvm_plugin_set_load(rig_plugins, "accel-tcg", "cpu-power tests", &err);
        if (!rig_loaded) {
            g_test_message("accel-tcg not loaded: %s", err->message);
            g_error_free(err);
        }
        g_once_init_leave(&once, 1);
    }
    return rig_loaded;
}

static void rig_hcall(ModvmCpu *cs, gpointer opaque)
{
    PowerRig *rig = opaque;
    PowerCpu *cpu = POWER_CPU(cs);

    rig->n_hcalls++;
    if (rig->hcall_continue) {
        rig->hcall_continue--;
        cpu->regs.gpr[3] = rig->hcall_ret;
        return;
    }
    cpu->tcg.halted = TRUE;
    g_atomic_int_set(&rig->done, 1);
}

static guint8 *rig_hpt(PowerCpu *cpu, gpointer opaque, guint64 *pteg_mask)
{
    PowerRig *rig = opaque;

    *pteg_mask = rig->hpt_pteg_mask;
    return rig->hpt;
}

static gboolean rig_get_pate(PowerCpu *cpu, gpointer opaque, guint64 pate[2])
{
    PowerRig *rig = opaque;

    pate[0] = rig->pate[0];
    pate[1] = rig->pate[1];
    return rig->has_pate;
}

static const PowerVhypOps rig_vhyp = {
    .hpt = rig_hpt,
    .get_pate = rig_get_pate,
};

PowerRig *power_rig_new(const char *cpu_type, gboolean papr)
{
    PowerRig *rig = g_new0(PowerRig, 1);
    GError *err = NULL;
    ModvmObject *m;
    ModvmAccelClass *ac;

    g_assert_true(power_rig_available());
    rig_cpu_type = cpu_type;
    m = g_object_new(power_test_machine_get_type(), NULL);
    rig->machine = MODVM_MACHINE(m);
    modvm_object_set_root_name(m, "machine");
    g_assert_true(modvm_object_set_property_str(m, "ram-size", "64M", MODVM_PROP_SOURCE_USER,
                                                &err));
    g_assert_true(MODVM_MACHINE_GET_CLASS(m)->init(rig->machine, &err));
    g_assert_no_error(err);
    rig->cpu = POWER_CPU(modvm_machine_get_cpus(rig->machine)->pdata[0]);
    if (papr) {
        rig->cpu->vhyp = &rig_vhyp;
        rig->cpu->vhyp_opaque = rig;
    }
    modvm_cpu_set_hypercall(MODVM_CPU(rig->cpu), rig_hcall, rig);
    g_assert_true(modvm_object_realize_tree(m, &err));
    g_assert_no_error(err);

    rig->accel = MODVM_ACCEL(modvm_object_new("tcg-accel", &err));
    g_assert_no_error(err);
    modvm_machine_set_accel(rig->machine, rig->accel);
    g_object_unref(rig->accel);
    ac = MODVM_ACCEL_GET_CLASS(rig->accel);
    g_assert_true(ac->init_machine(rig->accel, rig->machine, &err));
    g_assert_no_error(err);
    modvm_machine_reset(rig->machine);
    /* The decrementer starts at -1 (pending): far in the future instead, unless a test asks. */
    power_dec_write(rig->cpu, 0x7fffffff);

    rig->ram = modvm_memory_region_ram_ptr(modvm_machine_ram(rig->machine));
    rig->ram_size = modvm_machine_ram_size(rig->machine);
    return rig;
}

void power_rig_free(PowerRig *rig)
{
    MODVM_ACCEL_GET_CLASS(rig->accel)->stop(rig->accel);
    g_object_run_dispose(G_OBJECT(rig->machine));
    g_object_unref(rig->machine);
    g_free(rig->hpt);
    g_free(rig);
}

void power_rig_put(PowerRig *rig, guint64 addr, const guint32 *words, guint n, gboolean le)
{
    g_assert_cmpuint(addr + 4ull * n, <=, rig->ram_size);
    for (guint i = 0; i < n; i++) {
        guint32 w = le ? GUINT32_TO_LE(words[i]) : GUINT32_TO_BE(words[i]);
        memcpy(rig->ram + addr + 4 * i, &w, 4);
    }
}

void power_rig_put_stop(PowerRig *rig, guint64 addr, gboolean le)
{
    static const guint32 stop[] = { 0x44000022 };   /* sc 1 */
    power_rig_put(rig, addr, stop, 1, le);
}

void power_rig_stop_at_vectors(PowerRig *rig)
{
    for (guint64 v = 0x100; v < 0x1000; v += 0x20) {
        power_rig_put_stop(rig, v, FALSE);
    }
    for (guint64 v = 0x17000; v < 0x17000 + 0x20 * 128; v += 0x20) {
        power_rig_put_stop(rig, v, FALSE);
    }
}

void power_rig_put64(PowerRig *rig, guint64 addr, guint64 v, gboolean le)
{
    v = le ? GUINT64_TO_LE(v) : GUINT64_TO_BE(v);
    memcpy(rig->ram + addr, &v, 8);
}

guint64 power_rig_get64(PowerRig *rig, guint64 addr, gboolean le)
{
    guint64 v;
    memcpy(&v, rig->ram + addr, 8);
    return le ? GUINT64_FROM_LE(v) : GUINT64_FROM_BE(v);
}

guint32 power_rig_get32(PowerRig *rig, guint64 addr, gboolean le)
{
    guint32 v;
    memcpy(&v, rig->ram + addr, 4);
    return le ? GUINT32_FROM_LE(v) : GUINT32_FROM_BE(v);
}

gboolean power_rig_run(PowerRig *rig, guint64 pc, guint64 msr, guint timeout_ms)
{
    ModvmAccelClass *ac = MODVM_ACCEL_GET_CLASS(rig->accel);
    ModvmClock *clock = modvm_machine_virtual_clock(rig->machine);
    gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    GError *err = NULL;
    gboolean done;

    /* Code and data were written behind the engine's back: the start after a pause flushes. */
    modvm_memory_region_set_dirty(modvm_machine_ram(rig->machine), 0, rig->ram_size);
    rig->cpu->regs.nip = pc;
    rig->cpu->regs.msr = msr;
    rig->cpu->tcg.halted = FALSE;
    g_atomic_int_set(&rig->done, 0);
    modvm_clock_resume(clock);
    g_assert_true(ac->start(rig->accel, &err));
    g_assert_no_error(err);
    while (!(done = g_atomic_int_get(&rig->done)) && g_get_monotonic_time() < end) {
        modvm_clock_run_timers(clock);
        g_usleep(50);
    }
    ac->pause(rig->accel);
    modvm_clock_pause(clock);
    return done;
}

void power_rig_run_to(PowerRig *rig, guint64 pc, guint64 msr, guint64 stop_pc)
{
    if (!power_rig_run(rig, pc, msr, 10000)) {
        g_autoptr(GString) s = g_string_new(NULL);
        power_cpu_dump_state(MODVM_CPU(rig->cpu), s);
        g_error("the guest did not stop (started at 0x%" G_GINT64_MODIFIER "x):\n%s", pc, s->str);
    }
    if (rig->cpu->regs.nip != stop_pc + 4) {
        g_autoptr(GString) s = g_string_new(NULL);
        power_cpu_dump_state(MODVM_CPU(rig->cpu), s);
        g_error("the guest stopped at 0x%" G_GINT64_MODIFIER "x, expected 0x%" G_GINT64_MODIFIER
                "x:\n%s", rig->cpu->regs.nip - 4, stop_pc, s->str);
    }
}
