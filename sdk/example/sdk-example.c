/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sdk-example: a counter device with two big-endian MMIO registers, built out of tree. */
#include <modvm/modvm.h>

/*
 * Register map (big-endian, 4-byte accesses only):
 *   0x0 COUNT  read: the counter, which then moves by one step; write: set it
 *   0x4 STEP   read: the step; read-only
 */
#define SDK_COUNTER_REG_COUNT 0x0
#define SDK_COUNTER_REG_STEP  0x4
#define SDK_COUNTER_MMIO_SIZE 0x8

typedef enum {
    SDK_COUNTER_MODE_UP,
    SDK_COUNTER_MODE_DOWN,
} SdkCounterMode;

static const char *const sdk_counter_modes[] = { "up", "down", NULL };

typedef struct {
    ModvmDevice parent;

    /* Properties: the table below writes the defaults and parses user values. */
    guint32 start;
    guint32 step;
    char *label;
    int mode;           /* SdkCounterMode: ENUM fields are int */
    guint64 addr;

    /* State. */
    guint32 value;
    ModvmMemoryRegion *mmio;
    ModvmMemoryRegion *sysmem;  /* a reference while mapped, else NULL */
} SdkCounter;

typedef struct {
    ModvmDeviceClass parent_class;
} SdkCounterClass;

MODVM_DEFINE_DYNAMIC_TYPE(SdkCounter, sdk_counter, "sdk-example-counter", MODVM_TYPE_DEVICE)

#define SDK_TYPE_COUNTER (sdk_counter_get_type())
#define SDK_COUNTER(obj) (G_TYPE_CHECK_INSTANCE_CAST((obj), SDK_TYPE_COUNTER, SdkCounter))

static const ModvmProperty sdk_counter_props[] = {
    MODVM_PROP_UINT("start", SdkCounter, start, 0, 0, G_MAXUINT32,
                    "value after realize and after every reset"),
    MODVM_PROP_UINT("step", SdkCounter, step, 1, 1, 100,
                    "how far each read of COUNT moves the counter"),
    MODVM_PROP_STRING("label", SdkCounter, label, NULL,
                      "name of the MMIO region (default: the device's path)"),
    MODVM_PROP_ENUM("mode", SdkCounter, mode, SDK_COUNTER_MODE_UP, sdk_counter_modes,
                    "direction the counter moves in"),
    MODVM_PROP_UINT("addr", SdkCounter, addr, 0, 0, G_MAXUINT64,
                    "guest physical address of the registers; 0: not mapped"),
    MODVM_PROP_END
};

static guint64 sdk_counter_read(void *opaque, guint64 offset, unsigned size)
{
    SdkCounter *s = opaque;
    guint32 value;

    switch (offset) {
    case SDK_COUNTER_REG_COUNT:
        value = s->value;
        /* Wraps modulo 2^32, like a hardware counter; never an error. */
        s->value = s->mode == SDK_COUNTER_MODE_UP ? s->value + s->step : s->value - s->step;
        return value;
    case SDK_COUNTER_REG_STEP:
        return s->step;
    default:
        modvm_log_guest_error("sdk-example-counter: read of unknown register 0x%" G_GINT64_MODIFIER
                              "x", offset);
        return 0;
    }
}

static void sdk_counter_write(void *opaque, guint64 offset, guint64 value, unsigned size)
{
    SdkCounter *s = opaque;

    switch (offset) {
    case SDK_COUNTER_REG_COUNT:
        s->value = (guint32)value;
        break;
    case SDK_COUNTER_REG_STEP:
        /* A guest mistake: ignored, and logged at a rate the guest cannot raise. */
        modvm_log_guest_error("sdk-example-counter: write of 0x%" G_GINT64_MODIFIER
                              "x to the read-only STEP register", value);
        break;
    default:
        modvm_log_guest_error("sdk-example-counter: write to unknown register 0x%"
                              G_GINT64_MODIFIER "x", offset);
        break;
    }
}

static const ModvmMemoryOps sdk_counter_ops = {
    .read = sdk_counter_read,
    .write = sdk_counter_write,
    .min_access = 4,
    .max_access = 4,
    .endianness = MODVM_ENDIAN_BIG,
};

static gboolean sdk_counter_realize(ModvmDevice *dev, GError **error)
{
    SdkCounter *s = SDK_COUNTER(dev);
    g_autofree char *path = modvm_object_get_path(MODVM_OBJECT(dev));
    ModvmObject *root = modvm_object_get_root(MODVM_OBJECT(dev));

    /* Validate first, so a failure leaves nothing to undo. Say what to change. */
    if (s->mode == SDK_COUNTER_MODE_DOWN && s->start == 0) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "mode=down needs a start above 0 (give start=N, or use mode=up)");
        return FALSE;
    }
    if (s->addr % 4) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "addr=0x%" G_GINT64_MODIFIER "x is not 4-byte aligned", s->addr);
        return FALSE;
    }
    if (s->addr && !MODVM_IS_MACHINE(root)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_UNSUPPORTED,
                    "addr=0x%" G_GINT64_MODIFIER "x: the device is not in a machine whose "
                    "memory it could be mapped into (leave addr at 0)", s->addr);
        return FALSE;
    }

    s->mmio = modvm_memory_region_new_mmio(s->label && *s->label ? s->label : path,
                                           SDK_COUNTER_MMIO_SIZE, &sdk_counter_ops, s);
    if (s->addr) {
        s->sysmem = modvm_memory_region_ref(modvm_machine_sysmem(MODVM_MACHINE(root)));
        if (!modvm_memory_region_add_subregion(s->sysmem, s->addr, s->mmio, 0, error)) {
            g_prefix_error(error, "addr=0x%" G_GINT64_MODIFIER "x: ", s->addr);
            g_clear_pointer(&s->sysmem, modvm_memory_region_unref);
            g_clear_pointer(&s->mmio, modvm_memory_region_unref);
            return FALSE;
        }
    }
    s->value = s->start;
    return TRUE;
}

static void sdk_counter_unrealize(ModvmDevice *dev)
{
    SdkCounter *s = SDK_COUNTER(dev);

    if (s->sysmem) {
        modvm_memory_region_del_subregion(s->sysmem, s->mmio);
        g_clear_pointer(&s->sysmem, modvm_memory_region_unref);
    }
    g_clear_pointer(&s->mmio, modvm_memory_region_unref);
}

static void sdk_counter_reset(ModvmDevice *dev)
{
    SdkCounter *s = SDK_COUNTER(dev);
    s->value = s->start;
}

static void sdk_counter_class_init(SdkCounterClass *klass)
{
    ModvmDeviceClass *dc = MODVM_DEVICE_CLASS(klass);
    ModvmObjectClass *oc = MODVM_OBJECT_CLASS(klass);

    modvm_class_install_properties(G_OBJECT_CLASS(klass), sdk_counter_props);
    oc->description = "a counter with big-endian MMIO registers (SDK example)";
    oc->user_creatable = TRUE;
    dc->bus_type = NULL;    /* bus-less: -device makes it a child of the machine */
    dc->realize = sdk_counter_realize;
    dc->unrealize = sdk_counter_unrealize;
    dc->reset = sdk_counter_reset;
}

static void sdk_counter_init(SdkCounter *self)
{
    /* Property defaults are already written; nothing else to set up before realize. */
}

static gboolean sdk_example_init(GTypeModule *module, GError **error)
{
    sdk_counter_register_type(module);
    return TRUE;
}

static const char *const sdk_example_types[] = { "sdk-example-counter", NULL };

MODVM_PLUGIN_DEFINE("sdk-example", "an example device plugin built with the modvm SDK",
                    sdk_example_types, NULL, sdk_example_init);
