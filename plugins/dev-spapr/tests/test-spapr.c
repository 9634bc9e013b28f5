/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The dev-spapr devices driven through their interfaces: VIO addressing, vty, nvram, rng, PHB. */
#include "../spapr.h"
#include "core.h"

#include <string.h>

extern const ModvmPluginDescriptor modvm_plugin_descriptor;

/* A chardev that records what the frontend writes and how often it accepts input again. */
typedef struct {
    ModvmChardev parent;
    GByteArray *out;
    guint accepts;
} TestChr;

typedef struct {
    ModvmChardevClass parent_class;
} TestChrClass;

GType test_chr_get_type(void);
G_DEFINE_TYPE(TestChr, test_chr, MODVM_TYPE_CHARDEV)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TestChr, g_object_unref)

static gssize test_chr_write(ModvmChardev *chr, const guint8 *buf, gsize len)
{
    g_byte_array_append(((TestChr *)chr)->out, buf, len);
    return len;
}

static void test_chr_accept_input(ModvmChardev *chr)
{
    ((TestChr *)chr)->accepts++;
}

static void test_chr_finalize(GObject *obj)
{
    g_byte_array_unref(((TestChr *)obj)->out);
    G_OBJECT_CLASS(test_chr_parent_class)->finalize(obj);
}

static void test_chr_class_init(TestChrClass *klass)
{
    G_OBJECT_CLASS(klass)->finalize = test_chr_finalize;
    klass->parent_class.write = test_chr_write;
    klass->parent_class.accept_input = test_chr_accept_input;
}

static void test_chr_init(TestChr *chr)
{
    chr->out = g_byte_array_new();
}

/* A tree: root, with the VIO bus as "vio". */
static ModvmObject *new_root(SpaprVioBus **bus_out)
{
    ModvmObject *root = modvm_object_new_container();
    g_autoptr(ModvmObject) bus = modvm_object_new("spapr-vio-bus", NULL);

    g_assert_nonnull(bus);
    g_assert_true(modvm_object_add_child(root, "vio", bus, NULL));
    *bus_out = SPAPR_VIO_BUS(bus);
    return root;
}

static ModvmDevice *new_dev(const char *type)
{
    GError *err = NULL;
    ModvmObject *obj = modvm_object_new(type, &err);

    g_assert_no_error(err);
    return MODVM_DEVICE(obj);
}

static void set_prop(gpointer obj, const char *name, const char *value)
{
    GError *err = NULL;

    g_assert_true(modvm_object_set_property_str(obj, name, value, MODVM_PROP_SOURCE_USER, &err));
    g_assert_no_error(err);
}

/* Plugs @dev (transferring our reference to the bus) and checks its address and name. */
static void plug_ok(SpaprVioBus *bus, ModvmDevice *dev, guint32 reg, const char *name)
{
    GError *err = NULL;

    g_assert_true(modvm_bus_plug(MODVM_BUS(bus), dev, NULL, &err));
    g_assert_no_error(err);
    g_assert_cmphex(SPAPR_VIO_DEVICE(dev)->reg, ==, reg);
    g_assert_cmpstr(modvm_object_get_name(MODVM_OBJECT(dev)), ==, name);
    g_object_unref(dev);
}

static void test_vio_reg_assign(void)
{
    SpaprVioBus *bus;
    g_autoptr(ModvmObject) root = new_root(&bus);
    GError *err = NULL;
    ModvmDevice *dev;

    plug_ok(bus, new_dev("spapr-vty"), 0x71000000, "vty@71000000");
    plug_ok(bus, new_dev("spapr-vty"), 0x71000001, "vty@71000001");
    plug_ok(bus, new_dev("spapr-nvram"), 0x71000002, "nvram@71000002");
    dev = MODVM_DEVICE(spapr_vio_find_by_reg(bus, 0x71000001));
    g_assert_cmpstr(modvm_object_get_name(MODVM_OBJECT(dev)), ==, "vty@71000001");
    g_assert_cmpint(modvm_object_get_property_source(MODVM_OBJECT(dev), "reg"), ==,
                    MODVM_PROP_SOURCE_CODE);
    g_assert_null(spapr_vio_find_by_reg(bus, 0x71000003));

    /* A taken address is refused, naming it. */
    dev = new_dev("spapr-vty");
    set_prop(dev, "reg", "0x71000001");
    g_assert_false(modvm_bus_plug(MODVM_BUS(bus), dev, NULL, &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_DUPLICATE);
    g_assert_nonnull(strstr(err->message, "0x71000001"));
    g_assert_nonnull(strstr(err->message, "spapr-vty"));
    g_assert_null(modvm_device_get_bus(dev));
    g_clear_error(&err);
    g_object_unref(dev);

    /* A free one is taken as given, and the bus skips it later. */
    dev = new_dev("spapr-vty");
    set_prop(dev, "reg", "0x71000004");
    plug_ok(bus, dev, 0x71000004, "vty@71000004");
    plug_ok(bus, new_dev("spapr-vty"), 0x71000003, "vty@71000003");
    plug_ok(bus, new_dev("spapr-vty"), 0x71000005, "vty@71000005");
    g_assert_cmpuint(modvm_bus_get_devices(MODVM_BUS(bus))->len, ==, 6);
}

static TestChr *new_chr(void)
{
    return g_object_new(test_chr_get_type(), NULL);
}

/* A vty on a fresh bus, realized with @chr. */
static SpaprVty *new_vty(ModvmObject **root_out, TestChr *chr)
{
    SpaprVioBus *bus;
    ModvmDevice *dev = new_dev("spapr-vty");
    GError *err = NULL;

    *root_out = new_root(&bus);
    g_object_set(dev, "chardev", chr, NULL);
    g_assert_true(modvm_bus_plug(MODVM_BUS(bus), dev, NULL, &err));
    g_object_unref(dev);
    g_assert_true(modvm_device_realize(dev, &err));
    g_assert_no_error(err);
    return SPAPR_VTY(dev);
}

static void receive(TestChr *chr, const char *s, gsize len)
{
    modvm_chardev_frontend_receive(MODVM_CHARDEV(chr), (const guint8 *)s, len);
}

static void test_vty_get_chars(void)
{
    g_autoptr(TestChr) chr = new_chr();
    g_autoptr(ModvmObject) root = NULL;
    SpaprVty *vty = new_vty(&root, chr);
    ModvmChardev *c = MODVM_CHARDEV(chr);
    guint8 buf[16];

    g_assert_cmpuint(modvm_chardev_frontend_can_receive(c), ==, 16);
    g_assert_cmpuint(spapr_vty_get_chars(vty, buf, sizeof(buf)), ==, 0);
    g_assert_cmpuint(chr->accepts, ==, 0);

    receive(chr, "hello", 5);
    g_assert_cmpuint(modvm_chardev_frontend_can_receive(c), ==, 11);
    g_assert_cmpuint(spapr_vty_get_chars(vty, buf, sizeof(buf)), ==, 5);
    g_assert_cmpmem(buf, 5, "hello", 5);
    g_assert_cmpuint(chr->accepts, ==, 1);

    /* The ring holds 16 bytes: a backend offers no more than can_receive says. */
    receive(chr, "0123456789abcdefXYZ", 19);
    g_assert_cmpuint(modvm_chardev_frontend_can_receive(c), ==, 0);
    g_assert_cmpuint(spapr_vty_get_chars(vty, buf, 4), ==, 4);
    g_assert_cmpmem(buf, 4, "0123", 4);
    g_assert_cmpuint(spapr_vty_get_chars(vty, buf, sizeof(buf)), ==, 12);
    g_assert_cmpmem(buf, 12, "456789abcdef", 12);
    g_assert_cmpuint(modvm_chardev_frontend_can_receive(c), ==, 16);
}

static void test_vty_cr_nul(void)
{
    g_autoptr(TestChr) chr = new_chr();
    g_autoptr(ModvmObject) root = NULL;
    SpaprVty *vty = new_vty(&root, chr);
    guint8 buf[16];

    /* Guests drop a \0 right after a \r: it must start the next batch. */
    receive(chr, "a\r\0b\r", 5);
    g_assert_cmpuint(spapr_vty_get_chars(vty, buf, sizeof(buf)), ==, 2);
    g_assert_cmpmem(buf, 2, "a\r", 2);
    g_assert_cmpuint(spapr_vty_get_chars(vty, buf, sizeof(buf)), ==, 3);
    g_assert_cmpmem(buf, 3, "\0b\r", 3);
}

static void test_vty_put_chars(void)
{
    g_autoptr(TestChr) chr = new_chr();
    g_autoptr(ModvmObject) root = NULL;
    SpaprVty *vty = new_vty(&root, chr);

    spapr_vty_put_chars(vty, (const guint8 *)"login: ", 7);
    spapr_vty_put_chars(vty, (const guint8 *)"\r\n", 2);
    g_assert_cmpmem(chr->out->data, chr->out->len, "login: \r\n", 9);
}

static void test_vty_chardev(void)
{
    g_autoptr(TestChr) chr = new_chr();
    g_autoptr(ModvmObject) root = NULL;
    SpaprVty *vty = new_vty(&root, chr);
    SpaprVioBus *bus = SPAPR_VIO_BUS(modvm_object_get_child(root, "vio"));
    ModvmDevice *other = new_dev("spapr-vty");
    ModvmDevice *bare = new_dev("spapr-vty");
    GError *err = NULL;

    /* One frontend per chardev, until the first lets go at unrealize. */
    g_object_set(other, "chardev", chr, NULL);
    plug_ok(bus, other, 0x71000001, "vty@71000001");
    g_assert_false(modvm_device_realize(other, &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_DUPLICATE);
    g_clear_error(&err);
    modvm_device_unrealize(MODVM_DEVICE(vty));
    g_assert_true(modvm_device_realize(other, &err));
    g_assert_no_error(err);

    plug_ok(bus, bare, 0x71000002, "vty@71000002");
    g_assert_false(modvm_device_realize(bare, &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_INVALID);
    g_assert_nonnull(strstr(err->message, "chardev"));
    g_clear_error(&err);
}

static void test_nvram(void)
{
    SpaprVioBus *bus;
    g_autoptr(ModvmObject) root = new_root(&bus);
    ModvmDevice *nvram = new_dev("spapr-nvram");
    ModvmDevice *second = new_dev("spapr-nvram");
    ModvmDevice *drive = new_dev("spapr-nvram");
    GError *err = NULL;
    SpaprNvram *n = SPAPR_NVRAM(nvram);

    g_assert_cmpuint(n->size, ==, 64 * 1024);
    g_assert_false(modvm_object_set_property_str(MODVM_OBJECT(nvram), "size", "4K",
                                                 MODVM_PROP_SOURCE_USER, &err));
    g_clear_error(&err);
    g_assert_false(modvm_object_set_property_str(MODVM_OBJECT(nvram), "size", "2M",
                                                 MODVM_PROP_SOURCE_USER, &err));
    g_clear_error(&err);
    set_prop(nvram, "size", "16K");
    plug_ok(bus, nvram, 0x71000000, "nvram@71000000");
    g_assert_true(modvm_device_realize(nvram, &err));
    g_assert_no_error(err);
    g_assert_nonnull(n->buf);
    for (guint i = 0; i < n->size; i++) {
        g_assert_cmpuint(n->buf[i], ==, 0);
    }

    /* One per machine: RTAS nvram-fetch/store have no handle to choose another. */
    plug_ok(bus, second, 0x71000001, "nvram@71000001");
    g_assert_false(modvm_device_realize(second, &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_DUPLICATE);
    g_clear_error(&err);

    modvm_device_unrealize(nvram);
    g_assert_null(n->buf);
    /* drive= names a -drive's block backend (tests/guest/nvram-persist.py uses real ones). */
    g_assert_false(modvm_object_set_property_str(MODVM_OBJECT(drive), "drive", "nvram-disk",
                                                 MODVM_PROP_SOURCE_USER, &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_NOT_FOUND);
    g_clear_error(&err);
    g_object_unref(drive);
}

static void test_rng(void)
{
    g_autoptr(ModvmObject) root = modvm_object_new_container();
    g_autoptr(ModvmObject) a = MODVM_OBJECT(new_dev("spapr-rng"));
    g_autoptr(ModvmObject) b = MODVM_OBJECT(new_dev("spapr-rng"));
    GError *err = NULL;
    guint64 x = 0, y = 0;

    g_assert_true(modvm_object_add_child(root, "rng0", a, NULL));
    g_assert_true(modvm_object_add_child(root, "rng1", b, NULL));
    set_prop(a, "use-kvm", "on");
    g_assert_true(modvm_device_realize(MODVM_DEVICE(a), &err));
    g_assert_no_error(err);
    g_assert_false(modvm_device_realize(MODVM_DEVICE(b), &err));
    g_assert_error(err, MODVM_ERROR, MODVM_ERROR_DUPLICATE);
    g_clear_error(&err);

    g_assert_true(spapr_rng_read(SPAPR_RNG(a), &x, &err));
    g_assert_true(spapr_rng_read(SPAPR_RNG(a), &y, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(x, !=, y);  /* fails once in 2^64 runs */
}

/* A PHB added to @root as @name with the given properties (NULL-terminated pairs). */
static SpaprPhb *add_phb(ModvmObject *root, const char *name, ...)
{
    g_autoptr(ModvmObject) obj = MODVM_OBJECT(new_dev("spapr-pci-host-bridge"));
    va_list ap;
    const char *key;

    va_start(ap, name);
    while ((key = va_arg(ap, const char *))) {
        set_prop(obj, key, va_arg(ap, const char *));
    }
    va_end(ap);
    g_assert_true(modvm_object_add_child(root, name, obj, NULL));
    return SPAPR_PHB(obj);
}

static void expect_realize_error(gpointer dev, int code, const char *text)
{
    GError *err = NULL;

    g_assert_false(modvm_device_realize(MODVM_DEVICE(dev), &err));
    g_assert_error(err, MODVM_ERROR, code);
    if (!strstr(err->message, text)) {
        g_error("'%s' not in '%s'", text, err->message);
    }
    g_error_free(err);
}

static void test_phb(void)
{
    g_autoptr(ModvmObject) root = modvm_object_new_container();
    GError *err = NULL;
    SpaprPhb *phb0 = add_phb(root, "phb0", "index", "0", NULL);
    SpaprPhb *legacy = add_phb(root, "legacy", "index", "2", "mem-win-size", "0xf80000000",
                               "mem64-win-size", "0", NULL);

    expect_realize_error(add_phb(root, "noindex", NULL), MODVM_ERROR_INVALID, "index is required");
    expect_realize_error(add_phb(root, "big", "index", "31", NULL), MODVM_ERROR_INVALID,
                         "index=31 is too large (max 30)");

    g_assert_true(modvm_device_realize(MODVM_DEVICE(phb0), &err));
    g_assert_no_error(err);
    g_assert_cmphex(phb0->buid, ==, 0x800000020000000ull);
    g_assert_cmphex(phb0->mem32_size, ==, 2ull << 30);
    g_assert_cmphex(phb0->mem64_size, ==, 1ull << 40);
    expect_realize_error(add_phb(root, "again", "index", "0", NULL), MODVM_ERROR_DUPLICATE,
                         "PHB 0 already attached");

    /* pseries-2.7's 62 GiB "32-bit" window: 2 GiB below 4 GiB, the rest as a 64-bit window. */
    g_assert_true(modvm_device_realize(MODVM_DEVICE(legacy), &err));
    g_assert_no_error(err);
    g_assert_cmphex(legacy->buid, ==, 0x800000020000002ull);
    g_assert_cmphex(legacy->mem32_size, ==, 2ull << 30);
    g_assert_cmphex(legacy->mem64_size, ==, 60ull << 30);

    expect_realize_error(add_phb(root, "wide", "index", "3", "mem-win-size", "4G", NULL),
                         MODVM_ERROR_INVALID, "32-bit memory window of size 0x100000000");
    expect_realize_error(add_phb(root, "numa", "index", "4", "numa-node", "0", NULL),
                         MODVM_ERROR_INVALID, "numa-node=0");
}

int main(int argc, char **argv)
{
    GError *err = NULL;

    g_test_init(&argc, &argv, NULL);
    if (!modvm_plugin_register_linked(&modvm_plugin_descriptor, &err)) {
        g_error("%s", err->message);
    }

    g_test_add_func("/spapr/vio/reg-assign", test_vio_reg_assign);
    g_test_add_func("/spapr/vty/get-chars", test_vty_get_chars);
    g_test_add_func("/spapr/vty/cr-nul", test_vty_cr_nul);
    g_test_add_func("/spapr/vty/put-chars", test_vty_put_chars);
    g_test_add_func("/spapr/vty/chardev", test_vty_chardev);
    g_test_add_func("/spapr/nvram/realize", test_nvram);
    g_test_add_func("/spapr/rng/once", test_rng);
    g_test_add_func("/spapr/phb/realize", test_phb);
    return g_test_run();
}
