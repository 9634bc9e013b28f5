/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for guest memory: region trees, flattening, MMIO dispatch, dirty bits. */
#include <modvm/memory.h>
#include <modvm/plugin.h>

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#define KiB (1ull << 10)
#define GiB (1ull << 30)

static ModvmMemoryRegion *ram_new(const char *name, guint64 size)
{
    g_autoptr(GError) error = NULL;
    ModvmMemoryRegion *mr = modvm_memory_region_new_ram(name, size, NULL, &error);

    g_assert_no_error(error);
    g_assert_nonnull(mr);
    return mr;
}

static void map(ModvmMemoryRegion *container, guint64 offset, ModvmMemoryRegion *sub, int priority)
{
    g_autoptr(GError) error = NULL;

    g_assert_true(modvm_memory_region_add_subregion(container, offset, sub, priority, &error));
    g_assert_no_error(error);
}

/* A test device: a log of accesses and registers that hold whatever was written. */

typedef struct {
    guint64 offset;
    guint64 value;
    unsigned size;
    gboolean is_write;
} Access;

typedef struct {
    GArray *log;
    guint64 regs[8];     /* 8 registers at offsets 0, 8, ..., indexed by offset / 8 */
} TestDev;

static guint64 dev_read(void *opaque, guint64 offset, unsigned size)
{
    TestDev *dev = opaque;
    guint64 value = dev->regs[(offset / 8) % 8];
    Access a = { offset, value, size, FALSE };

    g_array_append_val(dev->log, a);
    return value;
}

static void dev_write(void *opaque, guint64 offset, guint64 value, unsigned size)
{
    TestDev *dev = opaque;
    Access a = { offset, value, size, TRUE };

    g_array_append_val(dev->log, a);
    dev->regs[(offset / 8) % 8] = value;
}

static TestDev *dev_new(void)
{
    TestDev *dev = g_new0(TestDev, 1);

    dev->log = g_array_new(FALSE, FALSE, sizeof(Access));
    return dev;
}

static void dev_free(TestDev *dev)
{
    g_array_unref(dev->log);
    g_free(dev);
}

static const Access *dev_access(TestDev *dev, guint i)
{
    g_assert_cmpuint(i, <, dev->log->len);
    return &g_array_index(dev->log, Access, i);
}

static void assert_access(TestDev *dev, guint i, gboolean is_write, guint64 offset,
                          unsigned size, guint64 value)
{
    const Access *a = dev_access(dev, i);

    g_assert_cmpint(a->is_write, ==, is_write);
    g_assert_cmphex(a->offset, ==, offset);
    g_assert_cmpuint(a->size, ==, size);
    g_assert_cmphex(a->value, ==, value);
}

/* A register file whose read values are computed from the offset, so byte lanes are visible. */
static guint64 pattern_read(void *opaque, guint64 offset, unsigned size)
{
    TestDev *dev = opaque;
    Access a = { offset, 0, size, FALSE };

    /* bytes 0x10 + offset, 0x11 + offset, ...: the most significant byte first */
    for (unsigned i = 0; i < size; i++) {
        a.value = (a.value << 8) | (0x10 + offset + i);
    }
    g_array_append_val(dev->log, a);
    return a.value;
}

static void test_ram_lookup(void)
{
    ModvmMemoryRegion *sys = modvm_memory_region_new_container("sys", 4 * GiB);
    ModvmMemoryRegion *ram0 = ram_new("ram0", 64 * KiB);
    ModvmMemoryRegion *ram1 = ram_new("ram1", 64 * KiB);
    ModvmAddressSpace *as;
    guint8 *h0 = modvm_memory_region_ram_ptr(ram0), *h1 = modvm_memory_region_ram_ptr(ram1);
    guint8 buf[16], out[16];
    guint64 avail = 1, offset;

    map(sys, 0, ram0, 0);
    map(sys, 64 * KiB, ram1, 0);
    as = modvm_address_space_new("test", sys);

    g_assert_true(modvm_memory_region_is_ram(ram0));
    g_assert_cmpstr(modvm_memory_region_name(ram1), ==, "ram1");
    g_assert_cmpuint(modvm_memory_region_size(ram1), ==, 64 * KiB);
    g_assert_true(modvm_address_space_root(as) == sys);

    /* fresh RAM is zero */
    for (guint i = 0; i < 64 * KiB; i += 4096) {
        g_assert_cmpuint(h0[i], ==, 0);
    }

    g_assert_true(modvm_address_space_ram_ptr(as, 0x8000, TRUE, &avail) == h0 + 0x8000);
    g_assert_cmphex(avail, ==, 0x8000);
    /* two regions, even adjacent, are two contiguity runs */
    g_assert_true(modvm_address_space_ram_ptr(as, 0xffff, FALSE, &avail) == h0 + 0xffff);
    g_assert_cmphex(avail, ==, 1);
    g_assert_true(modvm_address_space_ram_ptr(as, 0x10000, FALSE, &avail) == h1);
    g_assert_cmphex(avail, ==, 0x10000);
    g_assert_null(modvm_address_space_ram_ptr(as, 0x20000, FALSE, &avail));
    g_assert_cmphex(avail, ==, 0);

    g_assert_true(modvm_address_space_translate(as, 0x10010, &offset, &avail) == ram1);
    g_assert_cmphex(offset, ==, 0x10);
    g_assert_cmphex(avail, ==, 0xfff0);
    g_assert_null(modvm_address_space_translate(as, 0x30000, &offset, &avail));
    g_assert_cmphex(avail, >=, 4 * GiB - 0x30000);

    /* a write across the boundary lands in both regions */
    for (guint i = 0; i < sizeof(buf); i++) {
        buf[i] = 0xa0 + i;
    }
    g_assert_cmpint(modvm_address_space_write(as, 0x10000 - 8, buf, sizeof(buf)), ==, MODVM_MEM_OK);
    g_assert_cmpmem(h0 + 0x10000 - 8, 8, buf, 8);
    g_assert_cmpmem(h1, 8, buf + 8, 8);
    g_assert_cmpint(modvm_address_space_read(as, 0x10000 - 8, out, sizeof(out)), ==, MODVM_MEM_OK);
    g_assert_cmpmem(out, sizeof(out), buf, sizeof(buf));

    modvm_address_space_free(as);
    modvm_memory_region_unref(ram0);
    modvm_memory_region_unref(ram1);
    modvm_memory_region_unref(sys);
}

static void test_ram_load_store(void)
{
    ModvmMemoryRegion *sys = modvm_memory_region_new_container("sys", 1 * GiB);
    ModvmMemoryRegion *ram = ram_new("ram", 64 * KiB);
    ModvmAddressSpace *as;
    guint8 *host = modvm_memory_region_ram_ptr(ram);
    guint64 v;

    map(sys, 0x100000, ram, 0);
    as = modvm_address_space_new("test", sys);

    g_assert_cmpint(modvm_address_space_store(as, 0x100010, 4, MODVM_ENDIAN_BIG, 0x11223344),
                    ==, MODVM_MEM_OK);
    g_assert_cmphex(host[0x10], ==, 0x11);
    g_assert_cmphex(host[0x13], ==, 0x44);
    g_assert_cmpint(modvm_address_space_load(as, 0x100010, 4, MODVM_ENDIAN_LITTLE, &v), ==, MODVM_MEM_OK);
    g_assert_cmphex(v, ==, 0x44332211);
    g_assert_cmpint(modvm_address_space_store(as, 0x100020, 8, MODVM_ENDIAN_LITTLE,
                                              0x0102030405060708ull), ==, MODVM_MEM_OK);
    g_assert_cmphex(host[0x20], ==, 0x08);
    g_assert_cmphex(host[0x27], ==, 0x01);
    g_assert_cmpint(modvm_address_space_load(as, 0x100021, 2, MODVM_ENDIAN_BIG, &v), ==, MODVM_MEM_OK);
    g_assert_cmphex(v, ==, 0x0706);
    /* sizes other than 1, 2, 4, 8 are refused */
    g_assert_cmpint(modvm_address_space_load(as, 0x100020, 3, MODVM_ENDIAN_BIG, &v), ==,
                    MODVM_MEM_DEVICE_ERROR);

    modvm_address_space_free(as);
    modvm_memory_region_unref(ram);
    modvm_memory_region_unref(sys);
}

static void test_priority_overlap(void)
{
    ModvmMemoryRegion *sys = modvm_memory_region_new_container("sys", 1 * GiB);
    ModvmMemoryRegion *low = ram_new("low", 0x4000);
    ModvmMemoryRegion *high = ram_new("high", 0x1000);
    ModvmMemoryRegion *same1 = ram_new("same1", 0x1000);
    ModvmMemoryRegion *same2 = ram_new("same2", 0x1000);
    ModvmMemoryRegion *under = ram_new("under", 0x1000);
    guint8 *hl = modvm_memory_region_ram_ptr(low);
    ModvmAddressSpace *as;
    guint64 avail, offset;

    map(sys, 0, low, 0);
    map(sys, 0x1000, high, 1);
    as = modvm_address_space_new("test", sys);

    g_assert_true(modvm_address_space_translate(as, 0x1800, &offset, NULL) == high);
    g_assert_cmphex(offset, ==, 0x800);
    g_assert_true(modvm_address_space_ram_ptr(as, 0, FALSE, &avail) == hl);
    g_assert_cmphex(avail, ==, 0x1000);
    /* the low region shows again above the high one, at its own offset */
    g_assert_true(modvm_address_space_ram_ptr(as, 0x2000, FALSE, &avail) == hl + 0x2000);
    g_assert_cmphex(avail, ==, 0x2000);

    /* added later with a lower priority: stays hidden */
    map(sys, 0x1000, under, -1);
    g_assert_true(modvm_address_space_translate(as, 0x1000, NULL, NULL) == high);

    /* equal priorities: the later one wins */
    map(sys, 0x10000, same1, 0);
    map(sys, 0x10800, same2, 0);
    g_assert_true(modvm_address_space_translate(as, 0x10900, &offset, NULL) == same2);
    g_assert_cmphex(offset, ==, 0x100);
    g_assert_true(modvm_address_space_translate(as, 0x107ff, NULL, &avail) == same1);
    g_assert_cmphex(avail, ==, 1);

    /* removing the winner uncovers what it hid, in one piece again */
    modvm_memory_region_del_subregion(sys, high);
    g_assert_true(modvm_address_space_ram_ptr(as, 0x1000, FALSE, &avail) == hl + 0x1000);
    g_assert_cmphex(avail, ==, 0x3000);
    /* and disabling that shows the lowest one */
    modvm_memory_region_set_enabled(low, FALSE);
    g_assert_true(modvm_address_space_translate(as, 0x1000, NULL, &avail) == under);
    g_assert_cmphex(avail, ==, 0x1000);
    g_assert_null(modvm_address_space_translate(as, 0x2000, NULL, NULL));
    modvm_memory_region_set_enabled(low, TRUE);
    modvm_memory_region_del_subregion(sys, under);
    g_assert_true(modvm_address_space_translate(as, 0x1000, NULL, NULL) == low);

    modvm_address_space_free(as);
    modvm_memory_region_unref(low);
    modvm_memory_region_unref(high);
    modvm_memory_region_unref(same1);
    modvm_memory_region_unref(same2);
    modvm_memory_region_unref(under);
    modvm_memory_region_unref(sys);
}

static void test_alias(void)
{
    ModvmMemoryRegion *sys = modvm_memory_region_new_container("sys", 1 * GiB);
    ModvmMemoryRegion *ram = ram_new("ram", 0x10000);
    ModvmMemoryRegion *a1 = modvm_memory_region_new_alias("a1", ram, 0x4000, 0x2000);
    ModvmMemoryRegion *a2 = modvm_memory_region_new_alias("a2", ram, 0x6000, 0x1000);
    ModvmMemoryRegion *past = modvm_memory_region_new_alias("past", ram, 0xf000, 0x2000);
    guint8 *host = modvm_memory_region_ram_ptr(ram);
    ModvmAddressSpace *as;
    guint64 avail, offset, v;

    map(sys, 0, ram, 0);
    map(sys, 0x100000, a1, 0);
    map(sys, 0x102000, a2, 0);       /* continues a1 in the target: one run */
    map(sys, 0x200000, past, 0);
    as = modvm_address_space_new("test", sys);

    g_assert_true(modvm_address_space_ram_ptr(as, 0x100000, TRUE, &avail) == host + 0x4000);
    g_assert_cmphex(avail, ==, 0x3000);
    g_assert_true(modvm_address_space_translate(as, 0x102010, &offset, NULL) == ram);
    g_assert_cmphex(offset, ==, 0x6010);

    g_assert_cmpint(modvm_address_space_store(as, 0x100008, 4, MODVM_ENDIAN_LITTLE, 0xcafef00d),
                    ==, MODVM_MEM_OK);
    g_assert_cmpint(modvm_address_space_load(as, 0x4008, 4, MODVM_ENDIAN_LITTLE, &v), ==, MODVM_MEM_OK);
    g_assert_cmphex(v, ==, 0xcafef00d);

    /* the part of a window beyond its target is unassigned */
    g_assert_true(modvm_address_space_ram_ptr(as, 0x200800, FALSE, &avail) == host + 0xf800);
    g_assert_cmphex(avail, ==, 0x800);
    g_assert_null(modvm_address_space_translate(as, 0x201000, NULL, NULL));

    /* disabling the alias hides it, not the target */
    modvm_memory_region_set_enabled(a1, FALSE);
    g_assert_null(modvm_address_space_translate(as, 0x100000, NULL, NULL));
    g_assert_true(modvm_address_space_translate(as, 0x4000, NULL, NULL) == ram);
    modvm_memory_region_set_enabled(a1, TRUE);
    g_assert_true(modvm_address_space_translate(as, 0x100000, NULL, NULL) == ram);

    modvm_address_space_free(as);
    modvm_memory_region_unref(a1);
    modvm_memory_region_unref(a2);
    modvm_memory_region_unref(past);
    modvm_memory_region_unref(ram);
    modvm_memory_region_unref(sys);
}

static void test_alias_of_container(void)
{
    ModvmMemoryRegion *sys = modvm_memory_region_new_container("sys", 1 * GiB);
    ModvmMemoryRegion *bus = modvm_memory_region_new_container("bus", 0x10000);
    ModvmMemoryRegion *ram = ram_new("ram", 0x1000);
    ModvmMemoryRegion *win = modvm_memory_region_new_alias("win", bus, 0x8000, 0x8000);
    ModvmMemoryRegion *past, *win2, *win3;
    ModvmAddressSpace *as;
    guint64 offset, avail;
    guint8 buf[8];

    map(bus, 0x9000, ram, 0);
    map(sys, 0x40000000 - 0x8000, win, 0);
    as = modvm_address_space_new("test", sys);

    g_assert_true(modvm_address_space_translate(as, 0x40000000 - 0x8000 + 0x1010, &offset, NULL) == ram);
    g_assert_cmphex(offset, ==, 0x10);
    g_assert_null(modvm_address_space_translate(as, 0x40000000 - 0x8000, NULL, NULL));

    /* a change inside the aliased container shows through the window */
    modvm_memory_region_del_subregion(bus, ram);
    g_assert_null(modvm_address_space_translate(as, 0x40000000 - 0x8000 + 0x1010, NULL, NULL));

    /* a window that starts inside an alias, in the part past that alias's target */
    past = modvm_memory_region_new_alias("past", ram, 0xf00, 0x2000);
    map(bus, 0x1000, past, 0);
    win2 = modvm_memory_region_new_alias("win2", bus, 0x1080, 0x1000);
    map(sys, 0x1000000, win2, 0);
    g_assert_true(modvm_address_space_translate(as, 0x1000000, &offset, &avail) == ram);
    g_assert_cmphex(offset, ==, 0xf80);
    g_assert_cmphex(avail, ==, 0x80);
    win3 = modvm_memory_region_new_alias("win3", bus, 0x1800, 0x800);
    map(sys, 0x2000000, win3, 0);
    g_assert_null(modvm_address_space_translate(as, 0x2000000, NULL, NULL));
    memset(buf, 0xa5, sizeof(buf));
    g_assert_cmpint(modvm_address_space_read(as, 0x2000000, buf, sizeof(buf)), ==, MODVM_MEM_UNASSIGNED);
    g_assert_cmphex(buf[0], ==, 0);
    modvm_memory_region_unref(past);
    modvm_memory_region_unref(win2);
    modvm_memory_region_unref(win3);

    modvm_address_space_free(as);
    modvm_memory_region_unref(win);
    modvm_memory_region_unref(ram);
    modvm_memory_region_unref(bus);
    modvm_memory_region_unref(sys);
}

static void test_container_nesting(void)
{
    ModvmMemoryRegion *sys = modvm_memory_region_new_container("sys", 4 * GiB);
    ModvmMemoryRegion *outer = modvm_memory_region_new_container("outer", 0x100000);
    ModvmMemoryRegion *inner = modvm_memory_region_new_container("inner", 0x10000);
    ModvmMemoryRegion *ram = ram_new("ram", 0x2000);
    guint8 *host = modvm_memory_region_ram_ptr(ram);
    ModvmAddressSpace *as = modvm_address_space_new("test", sys);
    guint64 avail;

    /* built after the address space exists: the view must follow */
    g_assert_null(modvm_address_space_translate(as, 0x80043000, NULL, NULL));
    map(inner, 0x3000, ram, 0);
    map(outer, 0x40000, inner, 0);
    map(sys, 0x80000000, outer, 0);

    g_assert_true(modvm_address_space_ram_ptr(as, 0x80043000, FALSE, &avail) == host);
    g_assert_cmphex(avail, ==, 0x2000);
    g_assert_null(modvm_address_space_ram_ptr(as, 0x80042fff, FALSE, &avail));
    g_assert_null(modvm_address_space_ram_ptr(as, 0x80045000, FALSE, &avail));

    modvm_memory_region_set_enabled(inner, FALSE);
    g_assert_null(modvm_address_space_ram_ptr(as, 0x80043000, FALSE, &avail));
    modvm_memory_region_set_enabled(inner, TRUE);
    g_assert_true(modvm_address_space_ram_ptr(as, 0x80043800, FALSE, &avail) == host + 0x800);

    /* a disabled root shows nothing */
    modvm_memory_region_set_enabled(sys, FALSE);
    g_assert_null(modvm_address_space_ram_ptr(as, 0x80043000, FALSE, &avail));
    modvm_memory_region_set_enabled(sys, TRUE);

    modvm_address_space_free(as);
    modvm_memory_region_unref(ram);
    modvm_memory_region_unref(inner);
    modvm_memory_region_unref(outer);
    /* the tree stays alive through the parents' references until here */
    modvm_memory_region_unref(sys);
}

static void test_container_errors(void)
{
    ModvmMemoryRegion *sys = modvm_memory_region_new_container("sys", 0x10000);
    ModvmMemoryRegion *sub = modvm_memory_region_new_container("sub", 0x1000);
    ModvmMemoryRegion *ram = ram_new("ram", 0x1000);
    ModvmMemoryRegion *big = ram_new("big", 0x20000);
    GError *error = NULL;

    map(sys, 0, sub, 0);
    g_assert_false(modvm_memory_region_add_subregion(sys, 0x2000, sub, 0, &error));
    g_assert_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE);
    g_assert_nonnull(strstr(error->message, "already mapped"));
    g_clear_error(&error);

    g_assert_false(modvm_memory_region_add_subregion(sys, 0, big, 0, &error));
    g_assert_nonnull(strstr(error->message, "'big'"));
    g_clear_error(&error);
    /* offset + size would wrap around 2^64 */
    g_assert_false(modvm_memory_region_add_subregion(sys, G_MAXUINT64 - 0x10, ram, 0, &error));
    g_clear_error(&error);
    g_assert_false(modvm_memory_region_add_subregion(sys, 0xf001, ram, 0, &error));
    g_clear_error(&error);
    g_assert_true(modvm_memory_region_add_subregion(sys, 0xf000, ram, 0, &error));
    modvm_memory_region_del_subregion(sys, ram);

    g_assert_false(modvm_memory_region_add_subregion(ram, 0, sub, 0, &error));
    g_assert_nonnull(strstr(error->message, "not a container"));
    g_clear_error(&error);

    /* a container cannot go inside itself */
    g_assert_false(modvm_memory_region_add_subregion(sub, 0, sys, 0, &error));
    g_clear_error(&error);
    g_assert_false(modvm_memory_region_add_subregion(sub, 0, sub, 0, &error));
    g_clear_error(&error);

    /* sub is then only held by sys, and goes with it */
    modvm_memory_region_unref(sub);
    modvm_memory_region_unref(sys);
    modvm_memory_region_unref(ram);
    modvm_memory_region_unref(big);
}

static void test_region_remove(void)
{
    ModvmMemoryRegion *sys = modvm_memory_region_new_container("sys", 1 * GiB);
    ModvmMemoryRegion *ram = ram_new("ram", 0x1000);
    guint8 *host = modvm_memory_region_ram_ptr(ram);
    ModvmAddressSpace *as;
    guint64 avail, v;

    map(sys, 0x1000, ram, 0);
    as = modvm_address_space_new("test", sys);
    g_assert_true(modvm_address_space_ram_ptr(as, 0x1000, FALSE, &avail) == host);
    modvm_memory_region_del_subregion(sys, ram);
    g_assert_null(modvm_address_space_ram_ptr(as, 0x1000, FALSE, &avail));
    g_assert_cmpint(modvm_address_space_load(as, 0x1000, 4, MODVM_ENDIAN_BIG, &v), ==,
                    MODVM_MEM_UNASSIGNED);

    map(sys, 0x5000, ram, 0);
    g_assert_null(modvm_address_space_ram_ptr(as, 0x1000, FALSE, &avail));
    g_assert_true(modvm_address_space_ram_ptr(as, 0x5010, FALSE, &avail) == host + 0x10);
    g_assert_cmphex(avail, ==, 0xff0);

    modvm_address_space_free(as);
    modvm_memory_region_unref(ram);
    modvm_memory_region_unref(sys);
}

static ModvmAddressSpace *mmio_setup(const ModvmMemoryOps *ops, TestDev *dev, guint64 base,
                                     guint64 size, ModvmMemoryRegion **mmio_out)
{
    ModvmMemoryRegion *sys = modvm_memory_region_new_container("sys", 4 * GiB);
    ModvmMemoryRegion *mmio = modvm_memory_region_new_mmio("dev", size, ops, dev);
    ModvmAddressSpace *as;

    map(sys, base, mmio, 0);
    as = modvm_address_space_new("test", sys);
    modvm_memory_region_unref(sys);
    if (mmio_out) {
        *mmio_out = mmio;
    } else {
        modvm_memory_region_unref(mmio);
    }
    return as;
}

static void test_mmio_offsets(void)
{
    ModvmMemoryOps ops = { .read = dev_read, .write = dev_write, .endianness = MODVM_ENDIAN_LITTLE };
    TestDev *dev = dev_new();
    ModvmAddressSpace *as = mmio_setup(&ops, dev, 0xfe000000, 0x40, NULL);
    guint64 v, offset;

    g_assert_cmpint(modvm_address_space_store(as, 0xfe000010, 8, MODVM_ENDIAN_LITTLE,
                                              0x1122334455667788ull), ==, MODVM_MEM_OK);
    assert_access(dev, 0, TRUE, 0x10, 8, 0x1122334455667788ull);
    g_assert_cmpint(modvm_address_space_load(as, 0xfe000010, 8, MODVM_ENDIAN_LITTLE, &v), ==, MODVM_MEM_OK);
    assert_access(dev, 1, FALSE, 0x10, 8, 0x1122334455667788ull);
    g_assert_cmphex(v, ==, 0x1122334455667788ull);
    g_assert_null(modvm_address_space_ram_ptr(as, 0xfe000010, FALSE, NULL));
    g_assert_nonnull(modvm_address_space_translate(as, 0xfe000018, &offset, NULL));
    g_assert_cmphex(offset, ==, 0x18);
    /* just past the device */
    g_assert_cmpint(modvm_address_space_load(as, 0xfe000040, 4, MODVM_ENDIAN_LITTLE, &v), ==,
                    MODVM_MEM_UNASSIGNED);
    g_assert_cmpuint(dev->log->len, ==, 2);

    modvm_address_space_free(as);
    dev_free(dev);
}

static void test_mmio_split(void)
{
    ModvmMemoryOps le = { .read = dev_read, .write = dev_write, .max_access = 4,
                          .endianness = MODVM_ENDIAN_LITTLE };
    ModvmMemoryOps be = le;
    TestDev *dev = dev_new();
    ModvmAddressSpace *as = mmio_setup(&le, dev, 0x1000, 0x100, NULL);
    guint64 v;

    /* 8 bytes into a 4-byte LE device: the low half at the lower address */
    g_assert_cmpint(modvm_address_space_store(as, 0x1000, 8, MODVM_ENDIAN_LITTLE,
                                              0x1122334455667788ull), ==, MODVM_MEM_OK);
    g_assert_cmpuint(dev->log->len, ==, 2);
    assert_access(dev, 0, TRUE, 0, 4, 0x55667788);
    assert_access(dev, 1, TRUE, 4, 4, 0x11223344);
    /* and the same from a big-endian CPU: the memory image is reversed */
    g_array_set_size(dev->log, 0);
    g_assert_cmpint(modvm_address_space_store(as, 0x1010, 8, MODVM_ENDIAN_BIG,
                                              0x1122334455667788ull), ==, MODVM_MEM_OK);
    assert_access(dev, 0, TRUE, 0x10, 4, 0x44332211);
    assert_access(dev, 1, TRUE, 0x14, 4, 0x88776655);
    modvm_address_space_free(as);

    be.endianness = MODVM_ENDIAN_BIG;
    g_array_set_size(dev->log, 0);
    as = mmio_setup(&be, dev, 0x1000, 0x100, NULL);
    g_assert_cmpint(modvm_address_space_store(as, 0x1000, 8, MODVM_ENDIAN_BIG,
                                              0x1122334455667788ull), ==, MODVM_MEM_OK);
    assert_access(dev, 0, TRUE, 0, 4, 0x11223344);
    assert_access(dev, 1, TRUE, 4, 4, 0x55667788);

    /* a split load puts the pieces back in place */
    dev->regs[1] = 0xaabbccdd;   /* offsets 8..15 read 0xaabbccdd */
    g_array_set_size(dev->log, 0);
    g_assert_cmpint(modvm_address_space_load(as, 0x1008, 8, MODVM_ENDIAN_BIG, &v), ==, MODVM_MEM_OK);
    g_assert_cmpuint(dev->log->len, ==, 2);
    assert_access(dev, 0, FALSE, 8, 4, 0xaabbccdd);
    assert_access(dev, 1, FALSE, 12, 4, 0xaabbccdd);
    g_assert_cmphex(v, ==, 0xaabbccddaabbccddull);
    modvm_address_space_free(as);
    dev_free(dev);
}

static void test_mmio_widen(void)
{
    ModvmMemoryOps le = { .read = dev_read, .write = dev_write, .min_access = 4, .max_access = 4,
                          .endianness = MODVM_ENDIAN_LITTLE };
    ModvmMemoryOps be = le;
    TestDev *dev = dev_new();
    ModvmAddressSpace *as = mmio_setup(&le, dev, 0x1000, 0x100, NULL);
    guint64 v;

    dev->regs[0] = 0x11223344;   /* memory image 44 33 22 11 */
    g_assert_cmpint(modvm_address_space_store(as, 0x1001, 1, MODVM_ENDIAN_BIG, 0xaa), ==, MODVM_MEM_OK);
    g_assert_cmpuint(dev->log->len, ==, 2);
    assert_access(dev, 0, FALSE, 0, 4, 0x11223344);
    assert_access(dev, 1, TRUE, 0, 4, 0x1122aa44);
    g_assert_cmpint(modvm_address_space_load(as, 0x1002, 1, MODVM_ENDIAN_BIG, &v), ==, MODVM_MEM_OK);
    assert_access(dev, 2, FALSE, 0, 4, 0x1122aa44);
    g_assert_cmphex(v, ==, 0x22);
    /* two bytes at offset 2: the upper half of the LE register */
    g_assert_cmpint(modvm_address_space_load(as, 0x1002, 2, MODVM_ENDIAN_LITTLE, &v), ==, MODVM_MEM_OK);
    g_assert_cmphex(v, ==, 0x1122);
    modvm_address_space_free(as);

    be.endianness = MODVM_ENDIAN_BIG;
    as = mmio_setup(&be, dev, 0x1000, 0x100, NULL);
    dev->regs[0] = 0x11223344;   /* memory image 11 22 33 44 */
    g_array_set_size(dev->log, 0);
    g_assert_cmpint(modvm_address_space_load(as, 0x1001, 1, MODVM_ENDIAN_LITTLE, &v), ==, MODVM_MEM_OK);
    g_assert_cmphex(v, ==, 0x22);
    g_assert_cmpint(modvm_address_space_store(as, 0x1003, 1, MODVM_ENDIAN_LITTLE, 0xee), ==, MODVM_MEM_OK);
    assert_access(dev, 2, TRUE, 0, 4, 0x112233ee);
    modvm_address_space_free(as);
    dev_free(dev);
}

static void test_mmio_endian(void)
{
    ModvmMemoryOps ops = { .read = dev_read, .write = dev_write, .min_access = 4, .max_access = 4 };
    const struct {
        ModvmEndian device;
        ModvmEndian cpu;
        guint64 loaded;         /* the CPU's value when the register holds 0x11223344 */
        guint64 written;        /* what the device gets when the CPU stores 0xaabbccdd */
    } cases[] = {
        { MODVM_ENDIAN_BIG, MODVM_ENDIAN_BIG, 0x11223344, 0xaabbccdd },
        { MODVM_ENDIAN_BIG, MODVM_ENDIAN_LITTLE, 0x44332211, 0xddccbbaa },
        { MODVM_ENDIAN_LITTLE, MODVM_ENDIAN_LITTLE, 0x11223344, 0xaabbccdd },
        { MODVM_ENDIAN_LITTLE, MODVM_ENDIAN_BIG, 0x44332211, 0xddccbbaa },
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
        { MODVM_ENDIAN_HOST, MODVM_ENDIAN_LITTLE, 0x11223344, 0xaabbccdd },
        { MODVM_ENDIAN_HOST, MODVM_ENDIAN_BIG, 0x44332211, 0xddccbbaa },
#else
        { MODVM_ENDIAN_HOST, MODVM_ENDIAN_BIG, 0x11223344, 0xaabbccdd },
        { MODVM_ENDIAN_HOST, MODVM_ENDIAN_LITTLE, 0x44332211, 0xddccbbaa },
#endif
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        TestDev *dev = dev_new();
        ModvmAddressSpace *as;
        guint8 bytes[4];
        guint64 v;

        ops.endianness = cases[i].device;
        as = mmio_setup(&ops, dev, 0x2000, 0x10, NULL);
        dev->regs[0] = 0x11223344;
        g_assert_cmpint(modvm_address_space_load(as, 0x2000, 4, cases[i].cpu, &v), ==, MODVM_MEM_OK);
        g_assert_cmphex(v, ==, cases[i].loaded);
        g_assert_cmpint(modvm_address_space_store(as, 0x2000, 4, cases[i].cpu, 0xaabbccdd), ==, MODVM_MEM_OK);
        g_assert_cmphex(dev->regs[0], ==, cases[i].written);

        /* the byte image a DMA-style read sees follows the device's order */
        dev->regs[0] = 0x11223344;
        g_assert_cmpint(modvm_address_space_read(as, 0x2000, bytes, 4), ==, MODVM_MEM_OK);
        if (cases[i].device == MODVM_ENDIAN_BIG ||
            (cases[i].device == MODVM_ENDIAN_HOST && G_BYTE_ORDER == G_BIG_ENDIAN)) {
            g_assert_cmphex(bytes[0], ==, 0x11);
            g_assert_cmphex(bytes[3], ==, 0x44);
        } else {
            g_assert_cmphex(bytes[0], ==, 0x44);
            g_assert_cmphex(bytes[3], ==, 0x11);
        }
        modvm_address_space_free(as);
        dev_free(dev);
    }
}

static void test_mmio_byte_lanes(void)
{
    /* a BE device with byte-lane values 0x10+offset.. read through split 2-byte accesses */
    ModvmMemoryOps ops = { .read = pattern_read, .max_access = 2, .endianness = MODVM_ENDIAN_BIG };
    TestDev *dev = dev_new();
    ModvmAddressSpace *as = mmio_setup(&ops, dev, 0x3000, 0x100, NULL);
    guint64 v;

    g_assert_cmpint(modvm_address_space_load(as, 0x3004, 4, MODVM_ENDIAN_LITTLE, &v), ==, MODVM_MEM_OK);
    /* memory image 14 15 16 17, read little-endian */
    g_assert_cmphex(v, ==, 0x17161514);
    assert_access(dev, 0, FALSE, 4, 2, 0x1415);
    assert_access(dev, 1, FALSE, 6, 2, 0x1617);
    g_assert_cmpint(modvm_address_space_load(as, 0x3000, 8, MODVM_ENDIAN_BIG, &v), ==, MODVM_MEM_OK);
    g_assert_cmphex(v, ==, 0x1011121314151617ull);
    /* no write callback: the store is refused */
    g_assert_cmpint(modvm_address_space_store(as, 0x3000, 2, MODVM_ENDIAN_BIG, 0), ==,
                    MODVM_MEM_DEVICE_ERROR);
    modvm_address_space_free(as);
    dev_free(dev);
}

static void test_mmio_unaligned(void)
{
    ModvmMemoryOps strict = { .read = dev_read, .write = dev_write, .endianness = MODVM_ENDIAN_LITTLE };
    ModvmMemoryOps lax = strict;
    TestDev *dev = dev_new();
    ModvmAddressSpace *as = mmio_setup(&strict, dev, 0x1000, 0x100, NULL);
    guint8 buf[8];
    guint64 v;

    v = 0x5a5a5a5a;
    g_assert_cmpint(modvm_address_space_load(as, 0x1002, 4, MODVM_ENDIAN_LITTLE, &v), ==,
                    MODVM_MEM_DEVICE_ERROR);
    g_assert_cmphex(v, ==, 0);
    g_assert_cmpint(modvm_address_space_store(as, 0x1001, 2, MODVM_ENDIAN_LITTLE, 0x1234), ==,
                    MODVM_MEM_DEVICE_ERROR);
    g_assert_cmpuint(dev->log->len, ==, 0);

    /* a bulk copy is not a CPU access: it is cut into aligned pieces */
    g_assert_cmpint(modvm_address_space_read(as, 0x1002, buf, 8), ==, MODVM_MEM_OK);
    g_assert_cmpuint(dev->log->len, ==, 3);
    assert_access(dev, 0, FALSE, 2, 2, 0);
    assert_access(dev, 1, FALSE, 4, 4, 0);
    assert_access(dev, 2, FALSE, 8, 2, 0);
    modvm_address_space_free(as);

    lax.unaligned = TRUE;
    g_array_set_size(dev->log, 0);
    as = mmio_setup(&lax, dev, 0x1000, 0x100, NULL);
    g_assert_cmpint(modvm_address_space_load(as, 0x1002, 4, MODVM_ENDIAN_LITTLE, &v), ==, MODVM_MEM_OK);
    g_assert_cmpuint(dev->log->len, ==, 1);
    assert_access(dev, 0, FALSE, 2, 4, 0);
    modvm_address_space_free(as);
    dev_free(dev);
}

static void test_unassigned(void)
{
    ModvmMemoryRegion *sys = modvm_memory_region_new_container("sys", 1 * GiB);
    ModvmMemoryRegion *ram = ram_new("ram", 0x1000);
    guint8 *host = modvm_memory_region_ram_ptr(ram);
    ModvmAddressSpace *as;
    guint8 buf[16];
    guint64 v;

    map(sys, 0x1000, ram, 0);
    as = modvm_address_space_new("test", sys);
    memset(host, 0x5a, 0x1000);

    memset(buf, 0, sizeof(buf));
    memset(buf, 0xa5, 8);
    g_assert_cmpint(modvm_address_space_read(as, 0x10000, buf, 8), ==, MODVM_MEM_UNASSIGNED);
    for (guint i = 0; i < 8; i++) {
        g_assert_cmphex(buf[i], ==, 0);
    }
    v = 0x5a5a5a5a;
    g_assert_cmpint(modvm_address_space_load(as, 0x0, 4, MODVM_ENDIAN_BIG, &v), ==, MODVM_MEM_UNASSIGNED);
    g_assert_cmphex(v, ==, 0);
    /* beyond the root container too */
    v = 0x5a5a5a5a5a5a5a5aull;
    g_assert_cmpint(modvm_address_space_load(as, 8 * GiB, 8, MODVM_ENDIAN_BIG, &v), ==,
                    MODVM_MEM_UNASSIGNED);
    g_assert_cmphex(v, ==, 0);

    /* half RAM, half hole */
    memset(buf, 0xa5, 16);
    g_assert_cmpint(modvm_address_space_read(as, 0x2000 - 8, buf, 16), ==, MODVM_MEM_UNASSIGNED);
    for (guint i = 0; i < 16; i++) {
        g_assert_cmphex(buf[i], ==, i < 8 ? 0x5a : 0);
    }
    memset(buf, 0x77, sizeof(buf));
    g_assert_cmpint(modvm_address_space_write(as, 0x1000 - 8, buf, 16), ==, MODVM_MEM_UNASSIGNED);
    g_assert_cmphex(host[0], ==, 0x77);
    g_assert_cmphex(host[8], ==, 0x5a);

    modvm_address_space_free(as);
    modvm_memory_region_unref(ram);
    modvm_memory_region_unref(sys);
}

static void test_rom(void)
{
    ModvmMemoryRegion *sys = modvm_memory_region_new_container("sys", 4 * GiB);
    g_autoptr(GError) error = NULL;
    ModvmMemoryRegion *rom = modvm_memory_region_new_rom("rom", 0x1000, &error);
    guint8 *host;
    guint8 buf[4] = { 1, 2, 3, 4 };
    ModvmAddressSpace *as;
    guint64 v, avail;

    g_assert_no_error(error);
    g_assert_true(modvm_memory_region_is_ram(rom));
    host = modvm_memory_region_ram_ptr(rom);
    memcpy(host, "\xde\xad\xbe\xef", 4);
    map(sys, 0xfff00000, rom, 0);
    as = modvm_address_space_new("test", sys);

    g_assert_cmpint(modvm_address_space_store(as, 0xfff00000, 4, MODVM_ENDIAN_BIG, 0), ==, MODVM_MEM_OK);
    g_assert_cmpint(modvm_address_space_write(as, 0xfff00000, buf, 4), ==, MODVM_MEM_OK);
    g_assert_cmpint(modvm_address_space_load(as, 0xfff00000, 4, MODVM_ENDIAN_BIG, &v), ==, MODVM_MEM_OK);
    g_assert_cmphex(v, ==, 0xdeadbeef);
    g_assert_null(modvm_address_space_ram_ptr(as, 0xfff00000, TRUE, &avail));
    g_assert_true(modvm_address_space_ram_ptr(as, 0xfff00000, FALSE, &avail) == host);
    g_assert_cmphex(avail, ==, 0x1000);
    g_assert_false(modvm_memory_region_get_dirty(rom, 0, 0x1000, MODVM_DIRTY_CODE));

    modvm_address_space_free(as);
    modvm_memory_region_unref(rom);
    modvm_memory_region_unref(sys);
}

static void test_wraparound(void)
{
    ModvmMemoryRegion *sys = modvm_memory_region_new_container("sys", G_MAXUINT64);
    ModvmMemoryRegion *low = ram_new("low", 0x1000);
    ModvmMemoryRegion *top = ram_new("top", 0x1000);
    guint8 *hl = modvm_memory_region_ram_ptr(low), *ht = modvm_memory_region_ram_ptr(top);
    const guint64 top_base = G_MAXUINT64 - 0x1000;   /* the last byte is never mapped */
    ModvmAddressSpace *as;
    guint8 buf[32];
    guint64 v, avail;

    map(sys, 0, low, 0);
    map(sys, top_base, top, 0);
    as = modvm_address_space_new("test", sys);
    memset(buf, 0x33, sizeof(buf));

    /* the highest access that fits */
    g_assert_cmpint(modvm_address_space_store(as, top_base + 0xff8, 8, MODVM_ENDIAN_BIG, 0x0102030405060708ull),
                    ==, MODVM_MEM_OK);
    g_assert_cmphex(ht[0xfff], ==, 0x08);
    g_assert_cmpint(modvm_address_space_load(as, G_MAXUINT64 - 8, 8, MODVM_ENDIAN_BIG, &v), ==, MODVM_MEM_OK);
    g_assert_cmphex(v, ==, 0x0102030405060708ull);

    /* accesses that would wrap to address 0 are refused whole */
    g_assert_cmpint(modvm_address_space_write(as, G_MAXUINT64 - 7, buf, 16), ==, MODVM_MEM_UNASSIGNED);
    g_assert_cmphex(hl[0], ==, 0);
    g_assert_cmphex(ht[0xfff], ==, 0x08);
    memset(buf, 0xa5, 16);
    g_assert_cmpint(modvm_address_space_read(as, G_MAXUINT64 - 7, buf, 16), ==, MODVM_MEM_UNASSIGNED);
    g_assert_cmphex(buf[0], ==, 0);
    g_assert_cmpint(modvm_address_space_store(as, G_MAXUINT64 - 3, 8, MODVM_ENDIAN_BIG, 0x1111111111111111ull),
                    ==, MODVM_MEM_UNASSIGNED);
    g_assert_cmphex(hl[0], ==, 0);
    v = 0x5a5a;
    g_assert_cmpint(modvm_address_space_load(as, G_MAXUINT64, 2, MODVM_ENDIAN_BIG, &v), ==,
                    MODVM_MEM_UNASSIGNED);
    g_assert_cmphex(v, ==, 0);
    g_assert_cmpint(modvm_address_space_load(as, G_MAXUINT64, 1, MODVM_ENDIAN_BIG, &v), ==,
                    MODVM_MEM_UNASSIGNED);
    g_assert_null(modvm_address_space_ram_ptr(as, G_MAXUINT64, FALSE, &avail));
    g_assert_null(modvm_address_space_translate(as, G_MAXUINT64, NULL, &avail));
    g_assert_cmpuint(avail, ==, 1);
    g_assert_true(modvm_address_space_ram_ptr(as, G_MAXUINT64 - 1, FALSE, &avail) == ht + 0xfff);
    g_assert_cmphex(avail, ==, 1);
    /* a huge length from a low address wraps too */
    g_assert_cmpint(modvm_address_space_write(as, 0x10, buf, G_MAXUINT64), ==, MODVM_MEM_UNASSIGNED);
    g_assert_cmphex(hl[0x10], ==, 0);
    /* zero-length accesses are no-ops anywhere */
    g_assert_cmpint(modvm_address_space_write(as, G_MAXUINT64, buf, 0), ==, MODVM_MEM_OK);

    /* dirty-bit helpers clip hostile ranges */
    modvm_memory_region_set_dirty(top, 0x800, G_MAXUINT64);
    g_assert_true(modvm_memory_region_test_and_clear_dirty(top, 0xfff, G_MAXUINT64, MODVM_DIRTY_MIGRATION));
    g_assert_false(modvm_memory_region_get_dirty(top, G_MAXUINT64, 2, MODVM_DIRTY_CODE));

    modvm_address_space_free(as);
    modvm_memory_region_unref(low);
    modvm_memory_region_unref(top);
    modvm_memory_region_unref(sys);
}

static void test_dirty(void)
{
    const guint64 pages = 200;
    ModvmMemoryRegion *sys = modvm_memory_region_new_container("sys", 1 * GiB);
    ModvmMemoryRegion *ram = ram_new("ram", pages * MODVM_PAGE_SIZE);
    ModvmAddressSpace *as;
    guint8 byte = 1;
    guint64 avail;
    guint8 *p;

    map(sys, 0x100000, ram, 0);
    as = modvm_address_space_new("test", sys);

    for (int c = 0; c < MODVM_DIRTY_CLIENTS; c++) {
        g_assert_false(modvm_memory_region_get_dirty(ram, 0, pages * MODVM_PAGE_SIZE, c));
    }

    g_assert_cmpint(modvm_address_space_store(as, 0x100000 + 3 * MODVM_PAGE_SIZE + 8, 4,
                                              MODVM_ENDIAN_BIG, 1), ==, MODVM_MEM_OK);
    g_assert_true(modvm_memory_region_get_dirty(ram, 3 * MODVM_PAGE_SIZE, 1, MODVM_DIRTY_MIGRATION));
    g_assert_true(modvm_memory_region_get_dirty(ram, 3 * MODVM_PAGE_SIZE, 1, MODVM_DIRTY_CODE));
    g_assert_false(modvm_memory_region_get_dirty(ram, 2 * MODVM_PAGE_SIZE, MODVM_PAGE_SIZE,
                                                 MODVM_DIRTY_MIGRATION));
    g_assert_false(modvm_memory_region_get_dirty(ram, 4 * MODVM_PAGE_SIZE, 100 * MODVM_PAGE_SIZE,
                                                 MODVM_DIRTY_MIGRATION));

    /* each client clears its own bits */
    g_assert_true(modvm_memory_region_test_and_clear_dirty(ram, 0, pages * MODVM_PAGE_SIZE,
                                                           MODVM_DIRTY_MIGRATION));
    g_assert_false(modvm_memory_region_test_and_clear_dirty(ram, 0, pages * MODVM_PAGE_SIZE,
                                                            MODVM_DIRTY_MIGRATION));
    g_assert_true(modvm_memory_region_get_dirty(ram, 3 * MODVM_PAGE_SIZE + 100, 1, MODVM_DIRTY_CODE));

    /* a write straddling pages 5 and 6 */
    modvm_memory_region_set_dirty(ram, 6 * MODVM_PAGE_SIZE - 0x10, 0x20);
    g_assert_false(modvm_memory_region_get_dirty(ram, 4 * MODVM_PAGE_SIZE, MODVM_PAGE_SIZE,
                                                 MODVM_DIRTY_MIGRATION));
    g_assert_true(modvm_memory_region_get_dirty(ram, 5 * MODVM_PAGE_SIZE, 1, MODVM_DIRTY_MIGRATION));
    g_assert_true(modvm_memory_region_get_dirty(ram, 6 * MODVM_PAGE_SIZE, 1, MODVM_DIRTY_MIGRATION));
    g_assert_false(modvm_memory_region_get_dirty(ram, 7 * MODVM_PAGE_SIZE, 1, MODVM_DIRTY_MIGRATION));

    /* across a bitmap word boundary: pages 60..67 */
    modvm_memory_region_set_dirty(ram, 60 * MODVM_PAGE_SIZE, 8 * MODVM_PAGE_SIZE);
    g_assert_false(modvm_memory_region_get_dirty(ram, 59 * MODVM_PAGE_SIZE, MODVM_PAGE_SIZE, MODVM_DIRTY_CODE));
    g_assert_false(modvm_memory_region_get_dirty(ram, 68 * MODVM_PAGE_SIZE, MODVM_PAGE_SIZE, MODVM_DIRTY_CODE));
    g_assert_true(modvm_memory_region_test_and_clear_dirty(ram, 67 * MODVM_PAGE_SIZE, 1, MODVM_DIRTY_CODE));
    g_assert_false(modvm_memory_region_get_dirty(ram, 67 * MODVM_PAGE_SIZE, 1, MODVM_DIRTY_CODE));
    g_assert_true(modvm_memory_region_get_dirty(ram, 64 * MODVM_PAGE_SIZE, 1, MODVM_DIRTY_CODE));
    g_assert_true(modvm_memory_region_test_and_clear_dirty(ram, 60 * MODVM_PAGE_SIZE, 7 * MODVM_PAGE_SIZE,
                                                           MODVM_DIRTY_CODE));
    g_assert_false(modvm_memory_region_get_dirty(ram, 60 * MODVM_PAGE_SIZE, 8 * MODVM_PAGE_SIZE,
                                                 MODVM_DIRTY_CODE));

    /* bulk writes mark every page they touch; a host pointer write does not */
    modvm_memory_region_test_and_clear_dirty(ram, 0, pages * MODVM_PAGE_SIZE, MODVM_DIRTY_MIGRATION);
    g_assert_cmpint(modvm_address_space_write(as, 0x100000 + 199 * MODVM_PAGE_SIZE + 4095, &byte, 1),
                    ==, MODVM_MEM_OK);
    g_assert_true(modvm_memory_region_test_and_clear_dirty(ram, 199 * MODVM_PAGE_SIZE, MODVM_PAGE_SIZE,
                                                           MODVM_DIRTY_MIGRATION));
    p = modvm_address_space_ram_ptr(as, 0x100000, TRUE, &avail);
    p[0] = 1;
    g_assert_false(modvm_memory_region_get_dirty(ram, 0, MODVM_PAGE_SIZE, MODVM_DIRTY_MIGRATION));

    /* out of range: nothing happens */
    modvm_memory_region_set_dirty(ram, pages * MODVM_PAGE_SIZE, MODVM_PAGE_SIZE);
    g_assert_false(modvm_memory_region_get_dirty(ram, pages * MODVM_PAGE_SIZE, MODVM_PAGE_SIZE,
                                                 MODVM_DIRTY_MIGRATION));

    modvm_address_space_free(as);
    modvm_memory_region_unref(ram);
    modvm_memory_region_unref(sys);
}

static void test_mem_path(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp("modvm-test-XXXXXX", &error);
    g_autofree char *file = NULL, *missing = NULL;
    ModvmMemoryRegion *ram;
    GDir *d;
    struct stat st;
    guint8 *host;

    g_assert_no_error(error);

    /* a directory: an unlinked file in it */
    ram = modvm_memory_region_new_ram("ram", 1024 * KiB, dir, &error);
    g_assert_no_error(error);
    host = modvm_memory_region_ram_ptr(ram);
    g_assert_cmpuint(host[1024 * KiB - 1], ==, 0);
    host[0] = 0x42;
    host[1024 * KiB - 1] = 0x43;
    d = g_dir_open(dir, 0, NULL);
    g_assert_null(g_dir_read_name(d));
    g_dir_close(d);
    modvm_memory_region_unref(ram);

    /* a file that does not exist yet */
    file = g_build_filename(dir, "guest.ram", NULL);
    ram = modvm_memory_region_new_ram("ram", 64 * KiB, file, &error);
    g_assert_no_error(error);
    g_assert_cmpint(g_stat(file, &st), ==, 0);
    g_assert_cmpint(st.st_size, >=, 64 * KiB);
    host = modvm_memory_region_ram_ptr(ram);
    host[10] = 0x99;
    modvm_memory_region_unref(ram);
    /* shared mapping: the file has the guest's bytes, and reopening maps them again */
    ram = modvm_memory_region_new_ram("ram", 64 * KiB, file, &error);
    g_assert_no_error(error);
    g_assert_cmphex(((guint8 *)modvm_memory_region_ram_ptr(ram))[10], ==, 0x99);
    modvm_memory_region_unref(ram);
    g_unlink(file);

    /* a path that cannot be had: the error names it and the size */
    missing = g_build_filename(dir, "no", "such", "dir", NULL);
    ram = modvm_memory_region_new_ram("ram", 4 * GiB, missing, &error);
    g_assert_null(ram);
    g_assert_nonnull(error);
    g_assert_nonnull(strstr(error->message, missing));
    g_assert_nonnull(strstr(error->message, "4 GiB"));
    g_assert_nonnull(strstr(error->message, "guest RAM"));
    g_clear_error(&error);

    ram = modvm_memory_region_new_ram("ram", 0, NULL, &error);
    g_assert_null(ram);
    g_assert_nonnull(error);
    g_clear_error(&error);

    g_assert_cmpint(g_rmdir(dir), ==, 0);
}

/* vCPU-like readers hammer the hot path while the map changes under them. */

typedef struct {
    ModvmAddressSpace *as;
    guint8 *ram_host;
    gint stop;
    gint bad;
    gint loops;
} StressCtx;

static gpointer stress_reader(gpointer data)
{
    StressCtx *ctx = data;

    while (!g_atomic_int_get(&ctx->stop)) {
        guint64 avail, v;
        void *p = modvm_address_space_ram_ptr(ctx->as, 0x1800, FALSE, &avail);

        /* either the RAM (overlay disabled) or nothing (the MMIO overlay is on) */
        if (p && (p != ctx->ram_host + 0x1800 || avail != 0x800)) {
            g_atomic_int_inc(&ctx->bad);
        }
        if (modvm_address_space_load(ctx->as, 0x1000, 4, MODVM_ENDIAN_BIG, &v) == MODVM_MEM_UNASSIGNED) {
            g_atomic_int_inc(&ctx->bad);
        }
        g_atomic_int_inc(&ctx->loops);
    }
    return NULL;
}

static guint64 const_read(void *opaque, guint64 offset, unsigned size)
{
    return 0x12345678;
}

static void test_threads(void)
{
    ModvmMemoryOps ops = { .read = const_read, .endianness = MODVM_ENDIAN_BIG };
    ModvmMemoryRegion *sys = modvm_memory_region_new_container("sys", 1 * GiB);
    ModvmMemoryRegion *ram = ram_new("ram", 0x2000);
    ModvmMemoryRegion *mmio = modvm_memory_region_new_mmio("overlay", 0x1000, &ops, NULL);
    StressCtx ctx = { 0 };
    GThread *threads[3];
    gint64 give_up;

    map(sys, 0, ram, 0);
    map(sys, 0x1000, mmio, 1);
    ctx.as = modvm_address_space_new("test", sys);
    ctx.ram_host = modvm_memory_region_ram_ptr(ram);

    for (guint i = 0; i < G_N_ELEMENTS(threads); i++) {
        threads[i] = g_thread_new("reader", stress_reader, &ctx);
    }
    give_up = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;

    /* until the readers have looked a good many times, while the map kept changing */
    for (guint i = 0; i < 20000 || (g_atomic_int_get(&ctx.loops) < 100000 &&
                                    g_get_monotonic_time() < give_up); i++) {
        modvm_memory_region_set_enabled(mmio, i & 1);
        if (i % 100 == 0) {
            modvm_memory_region_del_subregion(sys, mmio);
            map(sys, 0x1000, mmio, 1);
        }
    }
    g_atomic_int_set(&ctx.stop, 1);
    for (guint i = 0; i < G_N_ELEMENTS(threads); i++) {
        g_thread_join(threads[i]);
    }
    g_assert_cmpint(ctx.bad, ==, 0);
    g_assert_cmpint(ctx.loops, >, 0);

    modvm_address_space_free(ctx.as);
    modvm_memory_region_unref(mmio);
    modvm_memory_region_unref(ram);
    modvm_memory_region_unref(sys);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/memory/ram/lookup", test_ram_lookup);
    g_test_add_func("/memory/ram/load-store", test_ram_load_store);
    g_test_add_func("/memory/ram/mem-path", test_mem_path);
    g_test_add_func("/memory/map/priority", test_priority_overlap);
    g_test_add_func("/memory/map/alias", test_alias);
    g_test_add_func("/memory/map/alias-of-container", test_alias_of_container);
    g_test_add_func("/memory/map/nesting", test_container_nesting);
    g_test_add_func("/memory/map/errors", test_container_errors);
    g_test_add_func("/memory/map/remove", test_region_remove);
    g_test_add_func("/memory/map/threads", test_threads);
    g_test_add_func("/memory/mmio/offsets", test_mmio_offsets);
    g_test_add_func("/memory/mmio/split", test_mmio_split);
    g_test_add_func("/memory/mmio/widen", test_mmio_widen);
    g_test_add_func("/memory/mmio/endian", test_mmio_endian);
    g_test_add_func("/memory/mmio/byte-lanes", test_mmio_byte_lanes);
    g_test_add_func("/memory/mmio/unaligned", test_mmio_unaligned);
    g_test_add_func("/memory/access/unassigned", test_unassigned);
    g_test_add_func("/memory/access/rom", test_rom);
    g_test_add_func("/memory/access/wraparound", test_wraparound);
    g_test_add_func("/memory/dirty/clients", test_dirty);

    return g_test_run();
}
