/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sieve of Eratosthenes over a large byte array (64 MiB): TLB and store-heavy. */
#include "bench.h"

#define N BENCH_SCALE(64UL << 20, 4UL << 20)

static long sieve(long n)
{
    volatile uint8_t *flag = (uint8_t *)BENCH_ARENA;
    uint64_t count = 0, sum = 0;

    for (long i = 0; i < n; i++) {
        flag[i] = 1;
    }
    flag[0] = flag[1] = 0;
    for (long i = 2; i * i < n; i++) {
        if (flag[i]) {
            for (long j = i * i; j < n; j += i) {
                flag[j] = 0;
            }
        }
    }
    for (long i = 0; i < n; i++) {
        if (flag[i]) {
            count++;
            sum = sum * 31 + i;
        }
    }
    return (long)((count << 40) ^ sum);
}

void test_main(void)
{
    bench_main(BENCH_MMU == 2 ? "sieve-radix" : BENCH_MMU ? "sieve-mmu" : "sieve", sieve, N, N);
}
