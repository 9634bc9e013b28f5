/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Memory copy loops: doubleword and byte copies between two 16 MiB buffers (load/store bandwidth). */
#include "bench.h"

#define BYTES BENCH_SCALE(16UL << 20, 1UL << 20)
#define ROUNDS BENCH_SCALE(8, 2)

/* Not memcpy(): the compiler must not turn these into a call or a vector loop. */
static void copy64(uint64_t *d, const uint64_t *s, uint64_t n)
{
    for (uint64_t i = 0; i < n; i += 4) {
        uint64_t a = s[i], b = s[i + 1], c = s[i + 2], e = s[i + 3];
        __asm__("" : "+r"(a), "+r"(b), "+r"(c), "+r"(e));
        d[i] = a;
        d[i + 1] = b;
        d[i + 2] = c;
        d[i + 3] = e;
    }
}

static void copy8(uint8_t *d, const uint8_t *s, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        uint8_t v = s[i];
        __asm__("" : "+r"(v));
        d[i] = v;
    }
}

static long copies(long rounds)
{
    uint64_t *a = (uint64_t *)BENCH_ARENA;
    uint64_t *b = (uint64_t *)(BENCH_ARENA + BYTES);
    uint64_t n = BYTES / 8, sum = 0;

    for (uint64_t i = 0; i < n; i++) {
        a[i] = i * 0x0101010101010101UL;
    }
    for (long r = 0; r < rounds; r++) {
        copy64(b, a, n);
        a[r] ^= b[n - 1 - r];
        copy64(a, b, n);
        copy8((uint8_t *)b + 1, (uint8_t *)a, BYTES / 8);
    }
    for (uint64_t i = 0; i < n; i += 512) {
        sum = sum * 31 + a[i] + b[i];
    }
    return (long)sum;
}

void test_main(void)
{
    bench_main(BENCH_MMU == 2 ? "memcpy-radix" : BENCH_MMU ? "memcpy-mmu" : "memcpy", copies,
               ROUNDS, 2 * BYTES);
}
