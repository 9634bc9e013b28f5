/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Runs the fuzz targets without libFuzzer, so every build (and every CI run,
 * under ASan+UBSan too) exercises them: the seed inputs, then a fixed number
 * of deterministic mutations of them. Usage: fuzz-standalone TARGET ITERATIONS SEED...
 */
#include "fuzz-targets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const interesting[] = {
    "{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "0x", "18446744073709551616",
    "\"base\"", "\"compat\"", "\"versions\"", "\"type\"", "\"property\"", "\"value\"", "=",
    ",,", "help", "-M", "-device", "-global", "\\u0000", "1T", "99999999T",
};

static void mutate(GRand *rng, GByteArray *buf)
{
    guint ops = g_rand_int_range(rng, 1, 5);
    for (guint i = 0; i < ops; i++) {
        guint pos = buf->len ? g_rand_int_range(rng, 0, buf->len) : 0;
        switch (g_rand_int_range(rng, 0, 5)) {
        case 0:
            if (buf->len) {
                buf->data[pos] ^= 1u << g_rand_int_range(rng, 0, 8);
            }
            break;
        case 1:
            if (buf->len) {
                guint want = g_rand_int_range(rng, 1, 16);
                g_byte_array_remove_range(buf, pos, MIN(buf->len - pos, want));
            }
            break;
        case 2: {
            const char *s = interesting[g_rand_int_range(rng, 0, G_N_ELEMENTS(interesting))];
            g_autoptr(GByteArray) tail = g_byte_array_new();
            g_byte_array_append(tail, buf->data + pos, buf->len - pos);
            g_byte_array_set_size(buf, pos);
            g_byte_array_append(buf, (const guint8 *)s, strlen(s));
            g_byte_array_append(buf, tail->data, tail->len);
            break;
        }
        case 3:
            if (buf->len) {
                guint8 b = g_rand_int_range(rng, 0, 256);
                buf->data[pos] = b;
            }
            break;
        default:
            /* Duplicate a slice: nests and repeats structure. */
            if (buf->len > 1 && buf->len < 65536) {
                guint most = MIN(buf->len - pos, 64u);
                guint len = g_rand_int_range(rng, 1, most + 1);
                g_autofree guint8 *slice = g_memdup2(buf->data + pos, len);
                g_byte_array_append(buf, slice, len);
            }
            break;
        }
    }
}

int main(int argc, char **argv)
{
    int (*target)(const guint8 *, size_t);
    g_autoptr(GPtrArray) seeds = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);

    if (argc < 4) {
        fprintf(stderr, "usage: %s machine-desc|cmdline ITERATIONS SEED-FILE...\n", argv[0]);
        return 2;
    }
    target = strcmp(argv[1], "machine-desc") == 0 ? fuzz_machine_desc : fuzz_cmdline;
    long iterations = strtol(argv[2], NULL, 10);
    for (int i = 3; i < argc; i++) {
        char *text;
        gsize len;
        if (!g_file_get_contents(argv[i], &text, &len, NULL)) {
            fprintf(stderr, "cannot read seed %s\n", argv[i]);
            return 2;
        }
        g_ptr_array_add(seeds, g_bytes_new_take(text, len));
    }
    fuzz_init();
    g_autoptr(GRand) rng = g_rand_new_with_seed(20261121);
    for (guint i = 0; i < seeds->len; i++) {
        gsize len;
        const guint8 *d = g_bytes_get_data(seeds->pdata[i], &len);
        target(d, len);
    }
    for (long i = 0; i < iterations; i++) {
        GBytes *seed = seeds->pdata[g_rand_int_range(rng, 0, seeds->len)];
        gsize len;
        const guint8 *d = g_bytes_get_data(seed, &len);
        g_autoptr(GByteArray) buf = g_byte_array_new();
        g_byte_array_append(buf, d, len);
        mutate(rng, buf);
        target(buf->data, buf->len);
    }
    printf("1..1\nok 1 /fuzz/%s: %u seeds and %ld mutations, no crash\n", argv[1], seeds->len,
           iterations);
    return 0;
}
