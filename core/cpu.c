/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ModvmCpu: the base of every CPU model, and -cpu model lookup. */
#include "core.h"

typedef struct {
    guint index;
    ModvmCpuHypercall hypercall;
    gpointer hypercall_opaque;
} ModvmCpuPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE(ModvmCpu, modvm_cpu, MODVM_TYPE_DEVICE)

static void modvm_cpu_class_init(ModvmCpuClass *klass)
{
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;
}

static void modvm_cpu_init(ModvmCpu *cpu)
{
}

guint modvm_cpu_index(ModvmCpu *cpu)
{
    return ((ModvmCpuPrivate *)modvm_cpu_get_instance_private(cpu))->index;
}

void modvm_cpu_set_index(ModvmCpu *cpu, guint index)
{
    ((ModvmCpuPrivate *)modvm_cpu_get_instance_private(cpu))->index = index;
}

/* Per thread: an accelerator runs one CPU at a time on each of its threads. */
static __thread ModvmCpu *current_cpu;

ModvmCpu *modvm_cpu_current(void)
{
    return current_cpu;
}

void modvm_cpu_set_current(ModvmCpu *cpu)
{
    current_cpu = cpu;
}

static void collect_models(GType type, GPtrArray *out)
{
    guint n;
    g_autofree GType *children = g_type_children(type, &n);
    if (!G_TYPE_IS_ABSTRACT(type)) {
        g_ptr_array_add(out, GSIZE_TO_POINTER(type));
    }
    for (guint i = 0; i < n; i++) {
        collect_models(children[i], out);
    }
}

/* (transfer container) the concrete CPU types under @base_type, sorted by model name. */
GPtrArray *modvm_cpu_list_models(const char *base_type);

static gint compare_models(gconstpointer a, gconstpointer b)
{
    ModvmCpuClass *ca = g_type_class_ref(GPOINTER_TO_SIZE(*(gpointer *)a));
    ModvmCpuClass *cb = g_type_class_ref(GPOINTER_TO_SIZE(*(gpointer *)b));
    gint r = g_strcmp0(ca->model, cb->model);
    g_type_class_unref(ca);
    g_type_class_unref(cb);
    return r;
}

GPtrArray *modvm_cpu_list_models(const char *base_type)
{
    GPtrArray *out = g_ptr_array_new();
    GType base = base_type ? g_type_from_name(base_type) : MODVM_TYPE_CPU;
    if (base && g_type_is_a(base, MODVM_TYPE_CPU)) {
        collect_models(base, out);
    }
    g_ptr_array_sort(out, compare_models);
    return out;
}

const char *modvm_cpu_find_model(const char *base_type, const char *model, GError **error)
{
    g_autoptr(GPtrArray) types = modvm_cpu_list_models(base_type);
    g_autoptr(GString) known = g_string_new(NULL);

    for (guint i = 0; i < types->len; i++) {
        GType t = GPOINTER_TO_SIZE(types->pdata[i]);
        ModvmCpuClass *klass = g_type_class_ref(t);
        gboolean match = klass->model && g_ascii_strcasecmp(klass->model, model) == 0;
        for (guint j = 0; !match && klass->aliases && klass->aliases[j]; j++) {
            match = g_ascii_strcasecmp(klass->aliases[j], model) == 0;
        }
        if (g_ascii_strcasecmp(g_type_name(t), model) == 0) {
            match = TRUE;
        }
        if (klass->model) {
            g_string_append_printf(known, "%s%s", known->len ? ", " : "", klass->model);
        }
        g_type_class_unref(klass);
        if (match) {
            return g_type_name(t);
        }
    }
    g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND,
                "unknown CPU model '%s'%s%s (see -cpu help)", model,
                known->len ? "; known models: " : "", known->str);
    return NULL;
}

void modvm_cpu_set_hypercall(ModvmCpu *cpu, ModvmCpuHypercall handler, gpointer opaque)
{
    ModvmCpuPrivate *priv = modvm_cpu_get_instance_private(cpu);
    priv->hypercall = handler;
    priv->hypercall_opaque = opaque;
}

gboolean modvm_cpu_hypercall(ModvmCpu *cpu)
{
    ModvmCpuPrivate *priv = modvm_cpu_get_instance_private(cpu);
    if (!priv->hypercall) {
        return FALSE;
    }
    priv->hypercall(cpu, priv->hypercall_opaque);
    return TRUE;
}

void modvm_cpu_kick(ModvmCpu *cpu)
{
    ModvmObject *root = modvm_object_get_root(MODVM_OBJECT(cpu));
    ModvmAccel *accel = MODVM_IS_MACHINE(root) ? modvm_machine_get_accel(MODVM_MACHINE(root))
                                               : NULL;
    if (accel && MODVM_ACCEL_GET_CLASS(accel)->kick_cpu) {
        MODVM_ACCEL_GET_CLASS(accel)->kick_cpu(accel, cpu);
    }
}
