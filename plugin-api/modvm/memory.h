/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Guest physical memory: regions (RAM, ROM, MMIO, containers) and address spaces. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    MODVM_ENDIAN_HOST = 0,  /* the device takes values as host integers */
    MODVM_ENDIAN_BIG,
    MODVM_ENDIAN_LITTLE,
} ModvmEndian;

typedef enum {
    MODVM_MEM_OK = 0,
    MODVM_MEM_UNASSIGNED,   /* no region at that address */
    MODVM_MEM_DEVICE_ERROR, /* a device refused the access (bad size, alignment, read-only) */
} ModvmMemResult;

/**
 * ModvmMemoryOps:
 * Callbacks of an MMIO region. @offset is relative to the region, @size is
 * 1, 2, 4 or 8 and within [@min_access, @max_access]; values are host
 * integers whose bytes are in @endianness order as seen by the guest.
 * Accesses outside those sizes are split or refused by the core (see
 * memory.c). Callbacks run with the machine lock held.
 */
typedef struct {
    guint64 (*read)(void *opaque, guint64 offset, unsigned size);
    void (*write)(void *opaque, guint64 offset, guint64 value, unsigned size);
    unsigned min_access;    /* 0 means 1 */
    unsigned max_access;    /* 0 means 8 */
    ModvmEndian endianness;
    gboolean unaligned;     /* accept accesses not aligned to their size */
} ModvmMemoryOps;

typedef struct ModvmMemoryRegion ModvmMemoryRegion;
typedef struct ModvmAddressSpace ModvmAddressSpace;

/* Dirty-tracking clients: each has its own bit per guest page. */
typedef enum {
    MODVM_DIRTY_MIGRATION = 0,
    MODVM_DIRTY_CODE = 1,   /* translated code lives in the page */
    MODVM_DIRTY_CLIENTS
} ModvmDirtyClient;

#define MODVM_PAGE_BITS 12
#define MODVM_PAGE_SIZE (1ull << MODVM_PAGE_BITS)

/**
 * modvm_memory_region_new_ram:
 * Anonymous private memory (mmap), or a file in @mem_path (a hugetlbfs
 * mount or any directory) mapped shared when @mem_path is not NULL.
 * Pages are zero. Errors say which size or path could not be had.
 */
ModvmMemoryRegion *modvm_memory_region_new_ram(const char *name, guint64 size,
                                               const char *mem_path, GError **error);
/** modvm_memory_region_new_rom: like RAM for reads; guest writes are ignored (and logged). */
ModvmMemoryRegion *modvm_memory_region_new_rom(const char *name, guint64 size, GError **error);
ModvmMemoryRegion *modvm_memory_region_new_mmio(const char *name, guint64 size,
                                                const ModvmMemoryOps *ops, void *opaque);
/** modvm_memory_region_new_container: holds subregions; unassigned where none. */
ModvmMemoryRegion *modvm_memory_region_new_container(const char *name, guint64 size);
/** modvm_memory_region_new_alias: a window of @size at @offset into @target. */
ModvmMemoryRegion *modvm_memory_region_new_alias(const char *name, ModvmMemoryRegion *target,
                                                 guint64 offset, guint64 size);

ModvmMemoryRegion *modvm_memory_region_ref(ModvmMemoryRegion *mr);
void modvm_memory_region_unref(ModvmMemoryRegion *mr);

const char *modvm_memory_region_name(ModvmMemoryRegion *mr);
guint64 modvm_memory_region_size(ModvmMemoryRegion *mr);
/** modvm_memory_region_ram_ptr: host pointer of a RAM/ROM region, NULL otherwise. */
void *modvm_memory_region_ram_ptr(ModvmMemoryRegion *mr);
/** modvm_memory_region_is_ram: TRUE for RAM and ROM. */
gboolean modvm_memory_region_is_ram(ModvmMemoryRegion *mr);

/**
 * modvm_memory_region_add_subregion:
 * Maps @sub at @offset in @container (which takes a reference). Where
 * subregions overlap, the higher @priority wins; equal priorities: the
 * later one wins. Fails when @sub is already mapped or does not fit.
 */
gboolean modvm_memory_region_add_subregion(ModvmMemoryRegion *container, guint64 offset,
                                           ModvmMemoryRegion *sub, int priority,
                                           GError **error);
void modvm_memory_region_del_subregion(ModvmMemoryRegion *container, ModvmMemoryRegion *sub);
/** modvm_memory_region_set_enabled: a disabled subregion is not seen by lookups. */
void modvm_memory_region_set_enabled(ModvmMemoryRegion *mr, gboolean enabled);

/* Dirty bitmap of a RAM region, one bit per MODVM_PAGE_SIZE page and client. */
void modvm_memory_region_set_dirty(ModvmMemoryRegion *mr, guint64 offset, guint64 len);
gboolean modvm_memory_region_get_dirty(ModvmMemoryRegion *mr, guint64 offset, guint64 len,
                                       ModvmDirtyClient client);
/** modvm_memory_region_test_and_clear_dirty: TRUE if any page in range was dirty. */
gboolean modvm_memory_region_test_and_clear_dirty(ModvmMemoryRegion *mr, guint64 offset,
                                                  guint64 len, ModvmDirtyClient client);

/**
 * modvm_address_space_new:
 * A view of @root (a container, usually) from address 0. The address space
 * keeps a flattened, sorted map rebuilt whenever the region tree changes.
 */
ModvmAddressSpace *modvm_address_space_new(const char *name, ModvmMemoryRegion *root);
void modvm_address_space_free(ModvmAddressSpace *as);
ModvmMemoryRegion *modvm_address_space_root(ModvmAddressSpace *as);

/**
 * modvm_address_space_read / write:
 * Copy @len bytes at guest physical @addr, across regions; MMIO is accessed
 * in the largest sizes its ops accept. Unassigned bytes read as 0 (as in QEMU).
 * Writes to RAM mark the dirty bitmap.
 */
ModvmMemResult modvm_address_space_read(ModvmAddressSpace *as, guint64 addr, void *buf, guint64 len);
ModvmMemResult modvm_address_space_write(ModvmAddressSpace *as, guint64 addr,
                                         const void *buf, guint64 len);

/**
 * modvm_address_space_load / store:
 * One access of @size (1, 2, 4, 8) bytes interpreted in @endian order (the
 * CPU's view); MMIO values are converted between @endian and the region's
 * declared endianness.
 */
ModvmMemResult modvm_address_space_load(ModvmAddressSpace *as, guint64 addr, unsigned size,
                                        ModvmEndian endian, guint64 *value);
ModvmMemResult modvm_address_space_store(ModvmAddressSpace *as, guint64 addr, unsigned size,
                                         ModvmEndian endian, guint64 value);

/**
 * modvm_address_space_ram_ptr:
 * The hot-path lookup: the host pointer for guest physical @addr when it
 * is RAM (or ROM when !@for_write), and in *@avail how many bytes from
 * there on are contiguous in that region. NULL when not RAM. Writes through
 * the pointer are not tracked: mark them with modvm_memory_region_set_dirty.
 */
void *modvm_address_space_ram_ptr(ModvmAddressSpace *as, guint64 addr, gboolean for_write,
                                  guint64 *avail);

/**
 * modvm_address_space_translate: (transfer none) the region at @addr and
 * the offset into it, or NULL when unassigned.
 */
ModvmMemoryRegion *modvm_address_space_translate(ModvmAddressSpace *as, guint64 addr,
                                                 guint64 *offset, guint64 *avail);

G_END_DECLS
