/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NVRAM through RTAS nvram-fetch / nvram-store (LoPAR "NVRAM"), and whether it persists. */
#include "rt.h"

/*
 * Prints the NVRAM's size (#bytes of its /vdevice node), what a few
 * ranges hold and the answers to out-of-range calls; with "store" in the
 * kernel command line it then writes a pattern to those ranges, so that a
 * second run on the same drive file shows it (tests/guest/nvram-persist.py).
 */
static uint32_t tok_fetch, tok_store, nv_size;
static int store;
static uint8_t buf[64] __attribute__((aligned(8)));

static int contains(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (; *s; s++) {
        if (memcmp(s, word, n) == 0) {
            return 1;
        }
    }
    return 0;
}

void rt_early(void)
{
    static char args[256], type[32];
    uint32_t rtas = rt_ci_finddevice("/rtas"), chosen = rt_ci_finddevice("/chosen");
    uint32_t vdev = rt_ci_finddevice("/vdevice");
    uint32_t v;

    if (rtas && rtas != 0xffffffff) {
        tok_fetch = rt_ci_getprop(rtas, "nvram-fetch", &v, 4) == 4 ? rt_be32(v) : 0;
        tok_store = rt_ci_getprop(rtas, "nvram-store", &v, 4) == 4 ? rt_be32(v) : 0;
    }
    if (chosen && chosen != 0xffffffff) {
        int32_t n = rt_ci_getprop(chosen, "bootargs", args, sizeof(args) - 1);
        args[n > 0 ? n : 0] = 0;
        store = contains(args, "store");
    }
    for (uint32_t c = vdev && vdev != 0xffffffff ? rt_ci_child(vdev) : 0;
         c && c != 0xffffffff; c = rt_ci_peer(c)) {
        int32_t n = rt_ci_getprop(c, "device_type", type, sizeof(type) - 1);
        type[n > 0 ? n : 0] = 0;
        if (strcmp(type, "nvram") == 0 && rt_ci_getprop(c, "#bytes", &v, 4) == 4) {
            nv_size = rt_be32(v);
        }
    }
}

static int32_t nvram_call(uint32_t token, uint32_t offset, void *p, uint32_t len, uint32_t *count)
{
    uint32_t args[3] = { offset, (uint32_t)(uintptr_t)p, len }, rets[2] = { 0, 0 };
    int32_t status = rt_rtas(token, 3, 2, args, rets);
    *count = rets[1];
    return status;
}

static void show(uint32_t offset, uint32_t len)
{
    uint32_t count;
    int32_t status;

    memset(buf, 0xee, sizeof(buf));
    status = nvram_call(tok_fetch, offset, buf, len, &count);
    rt_printf("fetch 0x%x+%u: status %d count %u:", offset, len, status, count);
    for (uint32_t i = 0; i < len; i++) {
        rt_printf(" %02x", buf[i]);
    }
    rt_printf("\n");
}

static void fill(uint32_t offset, uint32_t len, uint8_t seed)
{
    uint32_t count;
    int32_t status;

    for (uint32_t i = 0; i < len; i++) {
        buf[i] = (uint8_t)(seed + i * 7);
    }
    status = nvram_call(tok_store, offset, buf, len, &count);
    rt_printf("store 0x%x+%u: status %d count %u\n", offset, len, status, count);
}

void test_main(void)
{
    uint32_t count, args[2] = { 0, (uint32_t)(uintptr_t)buf }, rets[2] = { 0, 0 };

    rt_printf("rtas nvram-fetch/store: %s/%s\n", tok_fetch ? "found" : "missing",
              tok_store ? "found" : "missing");
    rt_printf("nvram #bytes: %u\n", nv_size);
    if (!tok_fetch || !tok_store || nv_size < 64) {
        rt_exit();
    }
    show(0, 16);
    show(0x100, 32);
    show(nv_size - 16, 16);
    /* Past the end, and the wrong number of arguments: parameter errors, nothing moved. */
    rt_printf("fetch past the end: status %d",
              nvram_call(tok_fetch, nv_size - 8, buf, 16, &count));
    rt_printf(" count %u\n", count);
    rt_printf("store past the end: status %d",
              nvram_call(tok_store, nv_size, buf, 1, &count));
    rt_printf(" count %u\n", count);
    rt_printf("fetch with 2 arguments: status %d\n", rt_rtas(tok_fetch, 2, 2, args, rets));
    if (store) {
        fill(0x100, 32, 0x11);
        fill(nv_size - 16, 16, 0xa0);
        show(0x100, 32);
    }
}
