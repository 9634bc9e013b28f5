/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Guest physical memory: the region tree, flattened views, RAM backing, MMIO dispatch, dirty bits. */
#include <modvm/memory.h>
#include <modvm/log.h>
#include <modvm/plugin.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#ifdef __linux__
#include <linux/magic.h>
#include <sys/vfs.h>
#endif

typedef enum {
    REGION_RAM,
    REGION_ROM,
    REGION_MMIO,
    REGION_CONTAINER,
    REGION_ALIAS,
} RegionKind;

struct ModvmMemoryRegion {
    gint refcount;
    RegionKind kind;
    char *name;
    guint64 size;

    /* The placement fields and the subregion list are guarded by memory_lock. */
    gboolean enabled;
    ModvmMemoryRegion *container;
    guint64 addr;
    int priority;
    GList *subregions;          /* highest priority first; equal priority: latest first */

    guint8 *host;               /* RAM and ROM */
    gsize map_size;
    gulong *dirty[MODVM_DIRTY_CLIENTS];

    ModvmMemoryOps ops;         /* MMIO */
    void *opaque;

    ModvmMemoryRegion *target;  /* alias */
    guint64 target_offset;
};

/* One piece of the flattened map: guest [start, end) is @mr from @offset on. */
typedef struct {
    guint64 start;
    guint64 end;
    ModvmMemoryRegion *mr;
    guint64 offset;
} FlatRange;

/* Immutable once built; shared by reference between the address space and readers. */
typedef struct {
    gint refcount;
    gint generation;
    guint n_ranges;
    FlatRange *ranges;
} FlatView;

struct ModvmAddressSpace {
    char *name;
    guint64 id;                 /* never reused, unlike the pointer: keys the thread caches */
    ModvmMemoryRegion *root;
    FlatView *view;             /* guarded by memory_lock */
};

/*
 * One lock for every region tree: mutators hold it while changing the tree
 * and bump the generation; a stale view is rebuilt and swapped under it.
 * Recursive because freeing a container (which takes it) can happen inside
 * a mutator.
 */
/*
 * What a read finds where nothing answers (a hole, a refused access): zero,
 * as QEMU's unassigned memory reads, which pSeries guests and firmware see.
 */
#define UNASSIGNED_BYTE 0x00

static GRecMutex memory_lock;
static gint memory_generation;
static guint64 address_space_ids;

/*
 * Each thread keeps references to the views it last used, so the hot path
 * (vCPU threads looking up RAM) takes no lock and writes nothing shared:
 * one atomic load of the generation tells whether the cached view is still
 * current. The price: a thread keeps an outdated view, and the regions in
 * it, alive until it next looks something up or exits.
 */
#define VIEW_CACHE_SIZE 4

typedef struct {
    guint64 as_id;
    FlatView *view;
    guint last_hit;             /* index of the range found last: accesses cluster */
} ViewCacheEntry;

typedef struct {
    ViewCacheEntry entries[VIEW_CACHE_SIZE];
    guint victim;
} ViewCache;

static void view_cache_free(gpointer data);
static GPrivate view_cache_key = G_PRIVATE_INIT(view_cache_free);

/* deeper than any sane tree: stops an alias that (indirectly) contains itself */
#define RENDER_DEPTH_MAX 32
#define BITS_PER_LONG (sizeof(gulong) * 8)

static void memory_changed(void)
{
    g_atomic_int_inc(&memory_generation);
}

/* Byte order helpers: MMIO values travel as byte images in guest memory order. */

static gboolean endian_is_big(ModvmEndian endian)
{
    if (endian == MODVM_ENDIAN_HOST) {
        return G_BYTE_ORDER == G_BIG_ENDIAN;
    }
    return endian == MODVM_ENDIAN_BIG;
}

static guint64 bytes_to_value(const guint8 *bytes, unsigned size, gboolean big)
{
    guint64 value = 0;

    for (unsigned i = 0; i < size; i++) {
        unsigned idx = big ? i : size - 1 - i;
        value = (value << 8) | bytes[idx];
    }
    return value;
}

static void value_to_bytes(guint8 *bytes, guint64 value, unsigned size, gboolean big)
{
    for (unsigned i = 0; i < size; i++) {
        unsigned idx = big ? size - 1 - i : i;
        bytes[idx] = value & 0xff;
        value >>= 8;
    }
}

static gboolean access_size_valid(unsigned size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

/* "4 GiB", "1.5 MiB": for messages; plain ASCII, unlike g_format_size's no-break space. */
static char *format_size(guint64 size)
{
    static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    unsigned unit = 0;

    while (unit + 1 < G_N_ELEMENTS(units) && size >> (10 * (unit + 1))) {
        unit++;
    }
    if (unit == 0 || (size & ((1ull << (10 * unit)) - 1)) == 0) {
        return g_strdup_printf("%" G_GUINT64_FORMAT " %s", size >> (10 * unit), units[unit]);
    }
    return g_strdup_printf("%.1f %s", (double)size / (double)(1ull << (10 * unit)), units[unit]);
}


/* Regions */

static ModvmMemoryRegion *region_new(const char *name, RegionKind kind, guint64 size)
{
    ModvmMemoryRegion *mr = g_new0(ModvmMemoryRegion, 1);

    mr->refcount = 1;
    mr->kind = kind;
    mr->name = g_strdup(name ? name : "(anonymous)");
    mr->size = size;
    mr->enabled = TRUE;
    return mr;
}

static guint8 *ram_map_file(guint64 size, const char *mem_path, gsize *map_size, GError **error)
{
    g_autofree char *size_str = format_size(size);
    g_autofree char *file = NULL;
    gsize align = sysconf(_SC_PAGESIZE);
    gboolean hugetlbfs = FALSE;
    struct stat st;
    void *p;
    int fd;

    if (g_stat(mem_path, &st) == 0 && S_ISDIR(st.st_mode)) {
        file = g_build_filename(mem_path, "modvm-ram-XXXXXX", NULL);
        fd = g_mkstemp_full(file, O_RDWR | O_CLOEXEC, 0600);
        if (fd < 0) {
            int err = errno;
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
                        "cannot allocate %s of guest RAM in %s: cannot create a file there: %s",
                        size_str, mem_path, g_strerror(err));
            return NULL;
        }
        /* Nobody else needs the name; the file goes away with the mapping. */
        g_unlink(file);
    } else {
        fd = g_open(mem_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) {
            int err = errno;
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
                        "cannot allocate %s of guest RAM in %s: %s",
                        size_str, mem_path, g_strerror(err));
            return NULL;
        }
    }

#ifdef __linux__
    {
        struct statfs sfs;
        /* hugetlbfs only sizes and maps files in whole huge pages */
        if (fstatfs(fd, &sfs) == 0 && sfs.f_type == HUGETLBFS_MAGIC && sfs.f_bsize > 0) {
            align = sfs.f_bsize;
            hugetlbfs = TRUE;
        }
    }
#endif
    if (size > G_MAXSIZE - (align - 1) || size + (align - 1) > G_MAXINT64) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "cannot allocate %s of guest RAM in %s: too large", size_str, mem_path);
        close(fd);
        return NULL;
    }
    *map_size = (size + align - 1) / align * align;

    if (fstat(fd, &st) < 0 || (guint64)st.st_size < *map_size) {
        if (ftruncate(fd, *map_size) < 0) {
            int err = errno;
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
                        "cannot allocate %s of guest RAM in %s: %s",
                        size_str, mem_path, g_strerror(err));
            close(fd);
            return NULL;
        }
    }

    p = mmap(NULL, *map_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        int err = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
                    "cannot allocate %s of guest RAM in %s: %s%s",
                    size_str, mem_path, g_strerror(err),
                    hugetlbfs ? " (are there enough huge pages? see /proc/sys/vm/nr_hugepages)" : "");
        close(fd);
        return NULL;
    }
    close(fd);
    return p;
}

static ModvmMemoryRegion *ram_region_new(const char *name, RegionKind kind, guint64 size,
                                         const char *mem_path, GError **error)
{
    g_autofree char *size_str = format_size(size);
    const char *what = kind == REGION_ROM ? "ROM" : "guest RAM";
    guint64 n_pages = (size >> MODVM_PAGE_BITS) + ((size & (MODVM_PAGE_SIZE - 1)) != 0);
    gsize n_longs = (n_pages + BITS_PER_LONG - 1) / BITS_PER_LONG;
    ModvmMemoryRegion *mr;
    gsize map_size = 0;
    guint8 *host;

    if (size == 0) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "%s region '%s' has size 0", what, name ? name : "");
        return NULL;
    }
    if (size > G_MAXSIZE) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOMEM,
                    "cannot allocate %s of %s: larger than the host address space", size_str, what);
        return NULL;
    }

    if (mem_path) {
        host = ram_map_file(size, mem_path, &map_size, error);
        if (!host) {
            return NULL;
        }
    } else {
        map_size = size;
        host = mmap(NULL, map_size, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (host == MAP_FAILED) {
            int err = errno;
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
                        "cannot allocate %s of %s: %s", size_str, what, g_strerror(err));
            return NULL;
        }
    }

    mr = region_new(name, kind, size);
    mr->host = host;
    mr->map_size = map_size;
    for (int c = 0; c < MODVM_DIRTY_CLIENTS; c++) {
        mr->dirty[c] = g_try_malloc0_n(n_longs, sizeof(gulong));
        if (!mr->dirty[c]) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOMEM,
                        "cannot allocate the dirty bitmap of %s of %s", size_str, what);
            modvm_memory_region_unref(mr);
            return NULL;
        }
    }
    return mr;
}

ModvmMemoryRegion *modvm_memory_region_new_ram(const char *name, guint64 size,
                                               const char *mem_path, GError **error)
{
    return ram_region_new(name, REGION_RAM, size, mem_path, error);
}

ModvmMemoryRegion *modvm_memory_region_new_rom(const char *name, guint64 size, GError **error)
{
    return ram_region_new(name, REGION_ROM, size, NULL, error);
}

ModvmMemoryRegion *modvm_memory_region_new_mmio(const char *name, guint64 size,
                                                const ModvmMemoryOps *ops, void *opaque)
{
    ModvmMemoryRegion *mr;
    unsigned min, max;

    g_return_val_if_fail(ops != NULL, NULL);
    min = ops->min_access ? ops->min_access : 1;
    max = ops->max_access ? ops->max_access : 8;
    g_return_val_if_fail(access_size_valid(min) && access_size_valid(max) && min <= max, NULL);

    mr = region_new(name, REGION_MMIO, size);
    mr->ops = *ops;
    mr->ops.min_access = min;
    mr->ops.max_access = max;
    mr->opaque = opaque;
    return mr;
}

ModvmMemoryRegion *modvm_memory_region_new_container(const char *name, guint64 size)
{
    return region_new(name, REGION_CONTAINER, size);
}

ModvmMemoryRegion *modvm_memory_region_new_alias(const char *name, ModvmMemoryRegion *target,
                                                 guint64 offset, guint64 size)
{
    ModvmMemoryRegion *mr;

    g_return_val_if_fail(target != NULL, NULL);
    /* A window past the target's end is allowed; that part reads as unassigned. */
    mr = region_new(name, REGION_ALIAS, size);
    mr->target = modvm_memory_region_ref(target);
    mr->target_offset = offset;
    return mr;
}

ModvmMemoryRegion *modvm_memory_region_ref(ModvmMemoryRegion *mr)
{
    g_return_val_if_fail(mr != NULL, NULL);
    g_atomic_int_inc(&mr->refcount);
    return mr;
}

void modvm_memory_region_unref(ModvmMemoryRegion *mr)
{
    if (!mr || !g_atomic_int_dec_and_test(&mr->refcount)) {
        return;
    }
    g_assert(mr->container == NULL);

    if (mr->subregions) {
        g_rec_mutex_lock(&memory_lock);
        GList *subs = mr->subregions;
        mr->subregions = NULL;
        for (GList *l = subs; l; l = l->next) {
            ((ModvmMemoryRegion *)l->data)->container = NULL;
        }
        g_rec_mutex_unlock(&memory_lock);
        g_list_free_full(subs, (GDestroyNotify)modvm_memory_region_unref);
    }
    modvm_memory_region_unref(mr->target);
    if (mr->host) {
        munmap(mr->host, mr->map_size);
    }
    for (int c = 0; c < MODVM_DIRTY_CLIENTS; c++) {
        g_free(mr->dirty[c]);
    }
    g_free(mr->name);
    g_free(mr);
}

const char *modvm_memory_region_name(ModvmMemoryRegion *mr)
{
    return mr->name;
}

guint64 modvm_memory_region_size(ModvmMemoryRegion *mr)
{
    return mr->size;
}

void *modvm_memory_region_ram_ptr(ModvmMemoryRegion *mr)
{
    return mr->host;
}

gboolean modvm_memory_region_is_ram(ModvmMemoryRegion *mr)
{
    return mr->kind == REGION_RAM || mr->kind == REGION_ROM;
}

gboolean modvm_memory_region_add_subregion(ModvmMemoryRegion *container, guint64 offset,
                                           ModvmMemoryRegion *sub, int priority,
                                           GError **error)
{
    GList *l;

    g_return_val_if_fail(container != NULL && sub != NULL, FALSE);

    if (container->kind != REGION_CONTAINER) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "cannot map '%s' into '%s': not a container", sub->name, container->name);
        return FALSE;
    }

    g_rec_mutex_lock(&memory_lock);
    if (sub->container) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE,
                    "cannot map '%s' into '%s': already mapped in '%s'",
                    sub->name, container->name, sub->container->name);
        goto fail;
    }
    for (ModvmMemoryRegion *up = container; up; up = up->container) {
        if (up == sub) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "cannot map '%s' into '%s': it contains '%s'",
                        sub->name, container->name, container->name);
            goto fail;
        }
    }
    if (sub->size > container->size || offset > container->size - sub->size) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "cannot map '%s' (0x%" G_GINT64_MODIFIER "x bytes) at 0x%" G_GINT64_MODIFIER
                    "x into '%s' (0x%" G_GINT64_MODIFIER "x bytes): it does not fit",
                    sub->name, sub->size, offset, container->name, container->size);
        goto fail;
    }

    sub->container = container;
    sub->addr = offset;
    sub->priority = priority;
    for (l = container->subregions; l; l = l->next) {
        if (((ModvmMemoryRegion *)l->data)->priority <= priority) {
            break;
        }
    }
    container->subregions = g_list_insert_before(container->subregions, l,
                                                 modvm_memory_region_ref(sub));
    memory_changed();
    g_rec_mutex_unlock(&memory_lock);
    return TRUE;

fail:
    g_rec_mutex_unlock(&memory_lock);
    return FALSE;
}

void modvm_memory_region_del_subregion(ModvmMemoryRegion *container, ModvmMemoryRegion *sub)
{
    g_rec_mutex_lock(&memory_lock);
    if (sub->container != container) {
        g_rec_mutex_unlock(&memory_lock);
        g_return_if_reached();
    }
    container->subregions = g_list_remove(container->subregions, sub);
    sub->container = NULL;
    memory_changed();
    g_rec_mutex_unlock(&memory_lock);
    modvm_memory_region_unref(sub);
}

void modvm_memory_region_set_enabled(ModvmMemoryRegion *mr, gboolean enabled)
{
    g_rec_mutex_lock(&memory_lock);
    if (mr->enabled != !!enabled) {
        mr->enabled = !!enabled;
        memory_changed();
    }
    g_rec_mutex_unlock(&memory_lock);
}

/* Dirty bitmaps */

/* Clip [offset, offset + len) to the region and turn it into a page range. */
static gboolean dirty_pages(ModvmMemoryRegion *mr, guint64 offset, guint64 len,
                            guint64 *first, guint64 *last)
{
    if (!mr->dirty[0] || len == 0 || offset >= mr->size) {
        return FALSE;
    }
    len = MIN(len, mr->size - offset);
    *first = offset >> MODVM_PAGE_BITS;
    *last = (offset + len - 1) >> MODVM_PAGE_BITS;
    return TRUE;
}

static gulong dirty_word_mask(guint64 word, guint64 first, guint64 last)
{
    unsigned lo = word == first / BITS_PER_LONG ? first % BITS_PER_LONG : 0;
    unsigned hi = word == last / BITS_PER_LONG ? last % BITS_PER_LONG : BITS_PER_LONG - 1;

    return (~0UL >> (BITS_PER_LONG - 1 - hi)) & (~0UL << lo);
}

void modvm_memory_region_set_dirty(ModvmMemoryRegion *mr, guint64 offset, guint64 len)
{
    guint64 first, last;

    if (!dirty_pages(mr, offset, len, &first, &last)) {
        return;
    }
    for (guint64 w = first / BITS_PER_LONG; w <= last / BITS_PER_LONG; w++) {
        gulong mask = dirty_word_mask(w, first, last);
        for (int c = 0; c < MODVM_DIRTY_CLIENTS; c++) {
            gulong *word = &mr->dirty[c][w];
            /* Skip the locked write when already set: keeps the cache line shared between vCPUs. */
            if ((__atomic_load_n(word, __ATOMIC_RELAXED) & mask) != mask) {
                __atomic_fetch_or(word, mask, __ATOMIC_RELAXED);
            }
        }
    }
}

gboolean modvm_memory_region_get_dirty(ModvmMemoryRegion *mr, guint64 offset, guint64 len,
                                       ModvmDirtyClient client)
{
    guint64 first, last;

    g_return_val_if_fail(client < MODVM_DIRTY_CLIENTS, FALSE);
    if (!dirty_pages(mr, offset, len, &first, &last)) {
        return FALSE;
    }
    for (guint64 w = first / BITS_PER_LONG; w <= last / BITS_PER_LONG; w++) {
        if (__atomic_load_n(&mr->dirty[client][w], __ATOMIC_RELAXED) &
            dirty_word_mask(w, first, last)) {
            return TRUE;
        }
    }
    return FALSE;
}

gboolean modvm_memory_region_test_and_clear_dirty(ModvmMemoryRegion *mr, guint64 offset,
                                                  guint64 len, ModvmDirtyClient client)
{
    gboolean dirty = FALSE;
    guint64 first, last;

    g_return_val_if_fail(client < MODVM_DIRTY_CLIENTS, FALSE);
    if (!dirty_pages(mr, offset, len, &first, &last)) {
        return FALSE;
    }
    for (guint64 w = first / BITS_PER_LONG; w <= last / BITS_PER_LONG; w++) {
        gulong mask = dirty_word_mask(w, first, last);
        gulong *word = &mr->dirty[client][w];
        if (__atomic_load_n(word, __ATOMIC_RELAXED) & mask) {
            dirty |= (__atomic_fetch_and(word, ~mask, __ATOMIC_ACQ_REL) & mask) != 0;
        }
    }
    return dirty;
}

/* Flattening: the region tree becomes a sorted array of non-overlapping ranges. */

/* Give @mr those parts of guest [start, end) that nothing of higher precedence took yet. */
static void flat_fill(GArray *ranges, guint64 start, guint64 end, ModvmMemoryRegion *mr,
                      guint64 offset)
{
    guint lo = 0, hi = ranges->len;
    guint64 cur = start;

    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(ranges, FlatRange, mid).end <= start) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    for (guint i = lo; cur < end; i++) {
        FlatRange piece = { .start = cur, .mr = mr, .offset = offset + (cur - start) };

        if (i < ranges->len) {
            const FlatRange *r = &g_array_index(ranges, FlatRange, i);
            if (r->start <= cur) {
                cur = MAX(cur, r->end);
                continue;
            }
            piece.end = MIN(r->start, end);
        } else {
            piece.end = end;
        }
        g_array_insert_val(ranges, i, piece);
        cur = piece.end;
    }
}

/* The bytes [off, off + len) of @mr (already clipped to it) appear at guest @addr. */
static void flat_render(GArray *ranges, ModvmMemoryRegion *mr, guint64 addr, guint64 off,
                        guint64 len, int depth)
{
    if (len == 0 || depth > RENDER_DEPTH_MAX) {
        return;
    }
    switch (mr->kind) {
    case REGION_ALIAS: {
        guint64 tsize = mr->target->size;
        if (mr->target_offset >= tsize || off >= tsize - mr->target_offset) {
            return;
        }
        off += mr->target_offset;
        flat_render(ranges, mr->target, addr, off, MIN(len, tsize - off), depth + 1);
        break;
    }
    case REGION_CONTAINER:
        for (GList *l = mr->subregions; l; l = l->next) {
            ModvmMemoryRegion *sub = l->data;
            guint64 s, e;

            if (!sub->enabled) {
                continue;
            }
            s = MAX(off, sub->addr);
            e = MIN(off + len, sub->addr + sub->size);
            if (s < e) {
                flat_render(ranges, sub, addr + (s - off), s - sub->addr, e - s, depth + 1);
            }
        }
        break;
    default:
        flat_fill(ranges, addr, addr + len, mr, off);
        break;
    }
}

static FlatView *flat_view_build(ModvmMemoryRegion *root, gint generation)
{
    GArray *ranges = g_array_new(FALSE, FALSE, sizeof(FlatRange));
    FlatView *view = g_new0(FlatView, 1);
    guint n = 0;

    if (root->enabled) {
        flat_render(ranges, root, 0, 0, root->size, 0);
    }
    /* Merge neighbours that continue each other, so avail spans e.g. two aliases of one RAM. */
    for (guint i = 0; i < ranges->len; i++) {
        FlatRange *r = &g_array_index(ranges, FlatRange, i);
        FlatRange *prev = n ? &g_array_index(ranges, FlatRange, n - 1) : NULL;

        if (prev && prev->mr == r->mr && prev->end == r->start &&
            prev->offset + (prev->end - prev->start) == r->offset) {
            prev->end = r->end;
        } else {
            g_array_index(ranges, FlatRange, n++) = *r;
            modvm_memory_region_ref(r->mr);
        }
    }
    view->refcount = 1;
    view->generation = generation;
    view->n_ranges = n;
    g_array_set_size(ranges, n);
    view->ranges = (FlatRange *)g_array_free(ranges, FALSE);
    return view;
}

static void flat_view_unref(FlatView *view)
{
    if (!view || !g_atomic_int_dec_and_test(&view->refcount)) {
        return;
    }
    for (guint i = 0; i < view->n_ranges; i++) {
        modvm_memory_region_unref(view->ranges[i].mr);
    }
    g_free(view->ranges);
    g_free(view);
}

/*
 * The range holding @addr, or NULL; then *@hole is how many bytes from
 * @addr on are unassigned (at least 1, and up to the top of the 64-bit
 * space, so that a caller looping over a non-wrapping access always moves).
 * *@hint is the index found last time, tried first and updated.
 */
static const FlatRange *flat_lookup(FlatView *view, guint64 addr, guint *hint, guint64 *hole)
{
    guint lo = 0, hi = view->n_ranges;

    if (*hint < view->n_ranges && addr >= view->ranges[*hint].start &&
        addr < view->ranges[*hint].end) {
        return &view->ranges[*hint];
    }
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        const FlatRange *r = &view->ranges[mid];
        if (addr < r->start) {
            hi = mid;
        } else if (addr >= r->end) {
            lo = mid + 1;
        } else {
            *hint = mid;
            return r;
        }
    }
    if (hole) {
        if (lo < view->n_ranges) {
            *hole = view->ranges[lo].start - addr;
        } else {
            /* 2^64 - addr, saturated for addr 0 */
            *hole = addr ? -addr : G_MAXUINT64;
        }
    }
    return NULL;
}

/* Address spaces */

ModvmAddressSpace *modvm_address_space_new(const char *name, ModvmMemoryRegion *root)
{
    ModvmAddressSpace *as;

    g_return_val_if_fail(root != NULL, NULL);
    as = g_new0(ModvmAddressSpace, 1);
    as->name = g_strdup(name);
    as->root = modvm_memory_region_ref(root);
    g_rec_mutex_lock(&memory_lock);
    as->id = ++address_space_ids;
    g_rec_mutex_unlock(&memory_lock);
    return as;
}

static void view_cache_free(gpointer data)
{
    ViewCache *cache = data;

    for (guint i = 0; i < VIEW_CACHE_SIZE; i++) {
        flat_view_unref(cache->entries[i].view);
    }
    g_free(cache);
}

void modvm_address_space_free(ModvmAddressSpace *as)
{
    ViewCache *cache = g_private_get(&view_cache_key);

    if (!as) {
        return;
    }
    /* Other threads drop their views of @as when they next look something up. */
    for (guint i = 0; cache && i < VIEW_CACHE_SIZE; i++) {
        if (cache->entries[i].as_id == as->id) {
            flat_view_unref(cache->entries[i].view);
            cache->entries[i] = (ViewCacheEntry){ 0 };
        }
    }
    flat_view_unref(as->view);
    modvm_memory_region_unref(as->root);
    g_free(as->name);
    g_free(as);
}

ModvmMemoryRegion *modvm_address_space_root(ModvmAddressSpace *as)
{
    return as->root;
}

/* (transfer full) the view of the current tree, rebuilt if the tree changed since. */
static FlatView *as_current_view(ModvmAddressSpace *as)
{
    FlatView *view, *old = NULL;
    gint generation;

    g_rec_mutex_lock(&memory_lock);
    generation = g_atomic_int_get(&memory_generation);
    if (!as->view || as->view->generation != generation) {
        old = as->view;
        as->view = flat_view_build(as->root, generation);
    }
    view = as->view;
    g_atomic_int_inc(&view->refcount);
    g_rec_mutex_unlock(&memory_lock);

    /* Readers still using the old view keep it (and its regions) alive. */
    flat_view_unref(old);
    return view;
}

/*
 * (transfer none) this thread's cache entry holding the current view of
 * @as. Valid until this thread's next lookup: callers that may call out
 * (MMIO callbacks can change the map and look up again) take their own
 * reference to the view.
 */
static ViewCacheEntry *as_cached_view(ModvmAddressSpace *as)
{
    ViewCache *cache = g_private_get(&view_cache_key);
    gint generation = g_atomic_int_get(&memory_generation);
    ViewCacheEntry *entry = NULL;
    FlatView *old;

    if (!cache) {
        cache = g_new0(ViewCache, 1);
        g_private_set(&view_cache_key, cache);
    }
    for (guint i = 0; i < VIEW_CACHE_SIZE; i++) {
        if (cache->entries[i].as_id == as->id) {
            entry = &cache->entries[i];
            if (entry->view->generation == generation) {
                return entry;
            }
            break;
        }
    }
    if (!entry) {
        entry = &cache->entries[cache->victim];
        cache->victim = (cache->victim + 1) % VIEW_CACHE_SIZE;
    }
    old = entry->view;
    entry->as_id = as->id;
    entry->view = as_current_view(as);
    entry->last_hit = 0;
    flat_view_unref(old);
    return entry;
}

/* (transfer full) the current view of @as, and in *@hint where to start looking. */
static FlatView *as_get_view(ModvmAddressSpace *as, guint *hint)
{
    ViewCacheEntry *entry = as_cached_view(as);

    *hint = entry->last_hit;
    g_atomic_int_inc(&entry->view->refcount);
    return entry->view;
}

/* MMIO dispatch */

static gboolean mmio_call(ModvmMemoryRegion *mr, guint64 off, unsigned size, guint8 *bytes,
                          gboolean is_write)
{
    gboolean big = endian_is_big(mr->ops.endianness);

    if (is_write) {
        if (!mr->ops.write) {
            modvm_log_guest_error("write of %u bytes at 0x%" G_GINT64_MODIFIER
                                  "x to read-only MMIO '%s'", size, off, mr->name);
            return FALSE;
        }
        mr->ops.write(mr->opaque, off, bytes_to_value(bytes, size, big), size);
    } else {
        if (!mr->ops.read) {
            modvm_log_guest_error("read of %u bytes at 0x%" G_GINT64_MODIFIER
                                  "x from write-only MMIO '%s'", size, off, mr->name);
            memset(bytes, UNASSIGNED_BYTE, size);
            return FALSE;
        }
        value_to_bytes(bytes, mr->ops.read(mr->opaque, off, size), size, big);
    }
    return TRUE;
}

/*
 * @buf holds @len bytes in guest memory order for [off, off + len) of the
 * region. Pieces are as large as the device takes; a piece smaller than
 * min_access is widened to the aligned min_access unit around it, which a
 * write updates by read-modify-write.
 */
static ModvmMemResult mmio_rw(ModvmMemoryRegion *mr, guint64 off, guint8 *buf, guint64 len,
                              gboolean is_write)
{
    const unsigned min = mr->ops.min_access, max = mr->ops.max_access;
    ModvmMemResult res = MODVM_MEM_OK;

    while (len > 0) {
        unsigned size = max;
        guint64 n;
        gboolean ok;

        while (size > len) {
            size >>= 1;
        }
        if (!mr->ops.unaligned) {
            while (off & (size - 1)) {
                size >>= 1;
            }
        }

        if (size >= min) {
            ok = mmio_call(mr, off, size, buf, is_write);
            n = size;
        } else {
            guint64 base = off & ~(guint64)(min - 1);
            guint8 unit[8];

            n = MIN(len, base + min - off);
            if (min > mr->size || base > mr->size - min) {
                /* the region ends inside the unit: nothing the device could accept */
                if (!is_write) {
                    memset(buf, UNASSIGNED_BYTE, n);
                }
                ok = FALSE;
            } else if (is_write) {
                if (mr->ops.read) {
                    mmio_call(mr, base, min, unit, FALSE);
                } else {
                    memset(unit, 0, min);
                }
                memcpy(unit + (off - base), buf, n);
                ok = mmio_call(mr, base, min, unit, TRUE);
            } else {
                ok = mmio_call(mr, base, min, unit, FALSE);
                memcpy(buf, unit + (off - base), n);
            }
        }
        if (!ok) {
            res = MODVM_MEM_DEVICE_ERROR;
        }
        off += n;
        buf += n;
        len -= n;
    }
    return res;
}

/* [off, off + len) lies within the leaf @mr (the flat view guarantees it). */
static ModvmMemResult region_rw(ModvmMemoryRegion *mr, guint64 off, guint8 *buf, guint64 len,
                                gboolean is_write)
{
    g_assert(len <= mr->size && off <= mr->size - len);

    switch (mr->kind) {
    case REGION_RAM:
        if (is_write) {
            memcpy(mr->host + off, buf, len);
            modvm_memory_region_set_dirty(mr, off, len);
        } else {
            memcpy(buf, mr->host + off, len);
        }
        return MODVM_MEM_OK;
    case REGION_ROM:
        if (is_write) {
            modvm_log_guest_error("write of %" G_GUINT64_FORMAT " bytes at 0x%" G_GINT64_MODIFIER
                                  "x to ROM '%s' ignored", len, off, mr->name);
        } else {
            memcpy(buf, mr->host + off, len);
        }
        return MODVM_MEM_OK;
    case REGION_MMIO:
        return mmio_rw(mr, off, buf, len, is_write);
    default:
        g_assert_not_reached();
    }
}

/* @addr + @len must not wrap (checked by the callers). */
static ModvmMemResult view_rw(FlatView *view, guint hint, guint64 addr, guint8 *buf,
                              guint64 len, gboolean is_write)
{
    ModvmMemResult res = MODVM_MEM_OK;

    while (len > 0) {
        guint64 hole = 0, n;
        const FlatRange *r = flat_lookup(view, addr, &hint, &hole);
        ModvmMemResult piece;

        if (r) {
            n = MIN(len, r->end - addr);
            piece = region_rw(r->mr, r->offset + (addr - r->start), buf, n, is_write);
        } else {
            n = MIN(len, hole);
            if (!is_write) {
                memset(buf, UNASSIGNED_BYTE, n);
            }
            piece = MODVM_MEM_UNASSIGNED;
        }
        /* a device error outranks an unassigned hole */
        res = MAX(res, piece);
        addr += n;
        buf += n;
        len -= n;
    }
    return res;
}

static gboolean access_wraps(guint64 addr, guint64 len)
{
    return len > 0 && len - 1 > G_MAXUINT64 - addr;
}

ModvmMemResult modvm_address_space_read(ModvmAddressSpace *as, guint64 addr, void *buf, guint64 len)
{
    ModvmMemResult res;
    FlatView *view;
    guint hint;

    if (access_wraps(addr, len)) {
        memset(buf, UNASSIGNED_BYTE, len);
        return MODVM_MEM_UNASSIGNED;
    }
    view = as_get_view(as, &hint);
    res = view_rw(view, hint, addr, buf, len, FALSE);
    flat_view_unref(view);
    return res;
}

ModvmMemResult modvm_address_space_write(ModvmAddressSpace *as, guint64 addr,
                                         const void *buf, guint64 len)
{
    ModvmMemResult res;
    FlatView *view;
    guint hint;

    if (access_wraps(addr, len)) {
        return MODVM_MEM_UNASSIGNED;
    }
    view = as_get_view(as, &hint);
    /* view_rw only reads @buf when writing */
    res = view_rw(view, hint, addr, (guint8 *)buf, len, TRUE);
    flat_view_unref(view);
    return res;
}

/* An unaligned CPU access to a device that does not take them is refused whole. */
static gboolean view_refuses_unaligned(FlatView *view, guint hint, guint64 addr, unsigned size)
{
    if ((addr & (size - 1)) == 0) {
        return FALSE;
    }
    for (guint64 left = size; left > 0;) {
        guint64 hole = 0, n;
        const FlatRange *r = flat_lookup(view, addr, &hint, &hole);

        if (r) {
            if (r->mr->kind == REGION_MMIO && !r->mr->ops.unaligned) {
                return TRUE;
            }
            n = MIN(left, r->end - addr);
        } else {
            n = MIN(left, hole);
        }
        addr += n;
        left -= n;
    }
    return FALSE;
}

static ModvmMemResult address_space_access(ModvmAddressSpace *as, guint64 addr, unsigned size,
                                           guint8 *bytes, gboolean is_write)
{
    ModvmMemResult res;
    FlatView *view;
    guint hint;

    if (!access_size_valid(size)) {
        memset(bytes, UNASSIGNED_BYTE, 8);
        return MODVM_MEM_DEVICE_ERROR;
    }
    if (access_wraps(addr, size)) {
        memset(bytes, UNASSIGNED_BYTE, size);
        return MODVM_MEM_UNASSIGNED;
    }
    view = as_get_view(as, &hint);
    if (view_refuses_unaligned(view, hint, addr, size)) {
        modvm_log_guest_error("unaligned %u-byte %s at 0x%" G_GINT64_MODIFIER "x refused by MMIO",
                              size, is_write ? "store" : "load", addr);
        memset(bytes, UNASSIGNED_BYTE, size);
        res = MODVM_MEM_DEVICE_ERROR;
    } else {
        res = view_rw(view, hint, addr, bytes, size, is_write);
    }
    flat_view_unref(view);
    return res;
}

ModvmMemResult modvm_address_space_load(ModvmAddressSpace *as, guint64 addr, unsigned size,
                                        ModvmEndian endian, guint64 *value)
{
    guint8 bytes[8];
    ModvmMemResult res = address_space_access(as, addr, size, bytes, FALSE);

    *value = bytes_to_value(bytes, access_size_valid(size) ? size : 8, endian_is_big(endian));
    return res;
}

ModvmMemResult modvm_address_space_store(ModvmAddressSpace *as, guint64 addr, unsigned size,
                                         ModvmEndian endian, guint64 value)
{
    guint8 bytes[8];

    if (access_size_valid(size)) {
        value_to_bytes(bytes, value, size, endian_is_big(endian));
    }
    return address_space_access(as, addr, size, bytes, TRUE);
}

/* The lookups call nothing out, so they use the thread's cached view without a reference. */

void *modvm_address_space_ram_ptr(ModvmAddressSpace *as, guint64 addr, gboolean for_write,
                                  guint64 *avail)
{
    ViewCacheEntry *entry = as_cached_view(as);
    const FlatRange *r = flat_lookup(entry->view, addr, &entry->last_hit, NULL);
    void *ptr = NULL;
    guint64 n = 0;

    if (r && (r->mr->kind == REGION_RAM || (r->mr->kind == REGION_ROM && !for_write))) {
        ptr = r->mr->host + r->offset + (addr - r->start);
        n = r->end - addr;
    }
    if (avail) {
        *avail = n;
    }
    return ptr;
}

ModvmMemoryRegion *modvm_address_space_translate(ModvmAddressSpace *as, guint64 addr,
                                                 guint64 *offset, guint64 *avail)
{
    ViewCacheEntry *entry = as_cached_view(as);
    guint64 hole = 0, off = 0, n;
    ModvmMemoryRegion *mr = NULL;
    const FlatRange *r = flat_lookup(entry->view, addr, &entry->last_hit, &hole);

    if (r) {
        mr = r->mr;
        off = r->offset + (addr - r->start);
        n = r->end - addr;
    } else {
        n = hole;
    }
    if (offset) {
        *offset = off;
    }
    if (avail) {
        *avail = n;
    }
    return mr;
}
