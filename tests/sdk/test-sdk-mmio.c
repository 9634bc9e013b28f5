/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Drives the out-of-tree sdk-example plugin (in $SDK_EXAMPLE_DIR) through its MMIO registers. */
#include "core.h"

#define COUNTER_ADDR 0x10000000ull

typedef struct {
    ModvmMachine parent;
} SdkTestMachine;

typedef struct {
    ModvmMachineClass parent_class;
} SdkTestMachineClass;

static GType sdk_test_machine_get_type(void);
G_DEFINE_TYPE(SdkTestMachine, sdk_test_machine, MODVM_TYPE_MACHINE)

static void sdk_test_machine_class_init(SdkTestMachineClass *klass)
{
}

static void sdk_test_machine_init(SdkTestMachine *m)
{
}

static ModvmPluginSet *plugins;

typedef struct {
    ModvmMachine *machine;
    ModvmAddressSpace *as;
    ModvmObject *dev;
} Fixture;

/* A machine with one counter, its properties given as "name=value" pairs. */
static gboolean counter_new(Fixture *f, const char *const *props, GError **error)
{
    f->machine = MODVM_MACHINE(g_object_new(sdk_test_machine_get_type(), NULL));
    modvm_object_set_root_name(MODVM_OBJECT(f->machine), "machine");
    f->as = modvm_machine_address_space(f->machine);
    f->dev = modvm_machine_new_object(f->machine, "sdk-example-counter", error);
    g_assert_nonnull(f->dev);
    for (guint i = 0; props[i]; i++) {
        g_auto(GStrv) kv = g_strsplit(props[i], "=", 2);
        if (!modvm_object_set_property_str(f->dev, kv[0], kv[1], MODVM_PROP_SOURCE_USER,
                                           error)) {
            return FALSE;
        }
    }
    g_assert_true(modvm_object_add_child(MODVM_OBJECT(f->machine), "c0", f->dev, NULL));
    g_object_unref(f->dev);
    return modvm_object_realize_tree(MODVM_OBJECT(f->machine), error);
}

static void counter_free(Fixture *f)
{
    g_object_run_dispose(G_OBJECT(f->machine));
    g_object_unref(f->machine);
}

static guint64 load32(Fixture *f, guint64 addr, ModvmEndian endian)
{
    guint64 v = 0;
    g_assert_cmpint(modvm_address_space_load(f->as, addr, 4, endian, &v), ==, MODVM_MEM_OK);
    return v;
}

static void test_count_up(void)
{
    const char *const props[] = { "start=10", "step=5", "addr=0x10000000", NULL };
    g_autoptr(GError) err = NULL;
    Fixture f;

    g_assert_true(counter_new(&f, props, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(load32(&f, COUNTER_ADDR, MODVM_ENDIAN_BIG), ==, 10);
    g_assert_cmpuint(load32(&f, COUNTER_ADDR, MODVM_ENDIAN_BIG), ==, 15);
    g_assert_cmpuint(load32(&f, COUNTER_ADDR + 4, MODVM_ENDIAN_BIG), ==, 5);
    /* The registers are big-endian: a little-endian view sees the bytes swapped. */
    g_assert_cmpuint(load32(&f, COUNTER_ADDR, MODVM_ENDIAN_LITTLE), ==, GUINT32_SWAP_LE_BE(20));
    counter_free(&f);
}

static void test_count_down(void)
{
    const char *const props[] = { "start=3", "step=2", "mode=down", "addr=0x10000000", NULL };
    g_autoptr(GError) err = NULL;
    Fixture f;

    g_assert_true(counter_new(&f, props, &err));
    g_assert_cmpuint(load32(&f, COUNTER_ADDR, MODVM_ENDIAN_BIG), ==, 3);
    g_assert_cmpuint(load32(&f, COUNTER_ADDR, MODVM_ENDIAN_BIG), ==, 1);
    /* Wraps like a hardware counter: a guest cannot make it fail. */
    g_assert_cmpuint(load32(&f, COUNTER_ADDR, MODVM_ENDIAN_BIG), ==, 0xffffffffu);
    counter_free(&f);
}

static void test_write_and_reset(void)
{
    const char *const props[] = { "start=7", "addr=0x10000000", NULL };
    g_autoptr(GError) err = NULL;
    Fixture f;

    g_assert_true(counter_new(&f, props, &err));
    g_assert_cmpint(modvm_address_space_store(f.as, COUNTER_ADDR, 4, MODVM_ENDIAN_BIG, 1000),
                    ==, MODVM_MEM_OK);
    g_assert_cmpuint(load32(&f, COUNTER_ADDR, MODVM_ENDIAN_BIG), ==, 1000);
    /* STEP is read-only: the write is logged as a guest error and ignored. */
    g_assert_cmpint(modvm_address_space_store(f.as, COUNTER_ADDR + 4, 4, MODVM_ENDIAN_BIG, 50),
                    ==, MODVM_MEM_OK);
    g_assert_cmpuint(load32(&f, COUNTER_ADDR + 4, MODVM_ENDIAN_BIG), ==, 1);
    modvm_machine_reset(f.machine);
    g_assert_cmpuint(load32(&f, COUNTER_ADDR, MODVM_ENDIAN_BIG), ==, 7);
    counter_free(&f);
}

static void test_unrealize_unmaps(void)
{
    const char *const props[] = { "addr=0x10000000", NULL };
    g_autoptr(GError) err = NULL;
    guint64 v;
    Fixture f;

    g_assert_true(counter_new(&f, props, &err));
    g_assert_cmpint(modvm_address_space_load(f.as, COUNTER_ADDR, 4, MODVM_ENDIAN_BIG, &v), ==,
                    MODVM_MEM_OK);
    modvm_device_unrealize(MODVM_DEVICE(f.dev));
    g_assert_cmpint(modvm_address_space_load(f.as, COUNTER_ADDR, 4, MODVM_ENDIAN_BIG, &v), ==,
                    MODVM_MEM_UNASSIGNED);
    counter_free(&f);
}

static void test_not_mapped(void)
{
    const char *const props[] = { "start=1", NULL };
    g_autoptr(GError) err = NULL;
    guint64 v;
    Fixture f;

    g_assert_true(counter_new(&f, props, &err));
    g_assert_cmpint(modvm_address_space_load(f.as, 0, 4, MODVM_ENDIAN_BIG, &v), ==,
                    MODVM_MEM_UNASSIGNED);
    counter_free(&f);
}

static void test_refuse_down_from_zero(void)
{
    const char *const props[] = { "mode=down", NULL };
    g_autoptr(GError) err = NULL;
    Fixture f;

    g_assert_false(counter_new(&f, props, &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_INVALID);
    g_assert_nonnull(strstr(err->message, "/machine/c0"));
    g_assert_nonnull(strstr(err->message, "start"));
    g_assert_false(modvm_device_is_realized(MODVM_DEVICE(f.dev)));
    counter_free(&f);
}

static void test_refuse_step_range(void)
{
    const char *const props[] = { "step=101", NULL };
    g_autoptr(GError) err = NULL;
    Fixture f;

    g_assert_false(counter_new(&f, props, &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_INVALID);
    g_assert_nonnull(strstr(err->message, "1 to 100"));
    g_object_unref(f.dev);
    g_object_unref(f.machine);
}

int main(int argc, char **argv)
{
    const char *dir = g_getenv("SDK_EXAMPLE_DIR");
    g_autoptr(GError) err = NULL;

    g_test_init(&argc, &argv, NULL);
    if (!dir) {
        g_printerr("SDK_EXAMPLE_DIR must name the directory holding sdk-example.so\n");
        return 1;
    }
    plugins = modvm_plugin_set_new();
    modvm_plugin_set_add_dir(plugins, dir, "SDK_EXAMPLE_DIR");
    if (!modvm_plugin_set_load_for_type(plugins, "sdk-example-counter", "test-sdk-mmio",
                                        &err)) {
        g_printerr("%s\n", err->message);
        return 1;
    }
    g_test_add_func("/sdk/example/count-up", test_count_up);
    g_test_add_func("/sdk/example/count-down", test_count_down);
    g_test_add_func("/sdk/example/write-and-reset", test_write_and_reset);
    g_test_add_func("/sdk/example/unrealize-unmaps", test_unrealize_unmaps);
    g_test_add_func("/sdk/example/not-mapped", test_not_mapped);
    g_test_add_func("/sdk/example/refuse-down-from-zero", test_refuse_down_from_zero);
    g_test_add_func("/sdk/example/refuse-step-range", test_refuse_step_range);
    int status = g_test_run();
    modvm_plugin_set_free(plugins);
    return status;
}
