/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Integer mix: multiplies, divides, shifts, branches, FNV-1a and CRC-32 over a buffer, a heapsort. */
#include "bench.h"

#define BUF_BYTES (1UL << 20)
#define SORT_N BENCH_SCALE(1UL << 16, 1UL << 12)
#define ROUNDS BENCH_SCALE(8, 1)

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005UL + 1442695040888963407UL;
    return *s >> 17;
}

static uint64_t fnv1a(const uint8_t *p, uint64_t n)
{
    uint64_t h = 0xcbf29ce484222325UL;
    for (uint64_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 0x100000001b3UL;
    }
    return h;
}

static uint32_t crc32(const uint8_t *p, uint64_t n)
{
    uint32_t c = 0xffffffff;
    for (uint64_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) {
            c = (c >> 1) ^ (0xedb88320 & -(c & 1));
        }
    }
    return ~c;
}

static void sift(uint32_t *a, long start, long end)
{
    long root = start;
    while (2 * root + 1 <= end) {
        long child = 2 * root + 1, sw = root;
        if (a[sw] < a[child]) {
            sw = child;
        }
        if (child + 1 <= end && a[sw] < a[child + 1]) {
            sw = child + 1;
        }
        if (sw == root) {
            return;
        }
        uint32_t t = a[root];
        a[root] = a[sw];
        a[sw] = t;
        root = sw;
    }
}

static void heapsort(uint32_t *a, long n)
{
    for (long s = (n - 2) / 2; s >= 0; s--) {
        sift(a, s, n - 1);
    }
    for (long end = n - 1; end > 0; end--) {
        uint32_t t = a[end];
        a[end] = a[0];
        a[0] = t;
        sift(a, 0, end - 1);
    }
}

/* Multiplies, divides and shifts with data-dependent branches. */
static uint64_t arith(uint64_t seed, long n)
{
    uint64_t x = seed, acc = 0;
    for (long i = 1; i <= n; i++) {
        x = x * 0x9e3779b97f4a7c15UL + (uint64_t)i;
        uint64_t d = (x >> 40) | 1;
        if (x & 4) {
            acc += x / d;
        } else {
            acc ^= (uint64_t)((int64_t)x % (int64_t)d);
        }
        acc = (acc << 7) | (acc >> 57);
        acc += (uint32_t)x / ((uint32_t)i | 1);
        acc -= (uint64_t)(((unsigned __int128)x * acc) >> 64);
    }
    return acc;
}

static long intmix(long rounds)
{
    uint8_t *buf = (uint8_t *)BENCH_ARENA;
    uint32_t *arr = (uint32_t *)(BENCH_ARENA + BUF_BYTES);
    uint64_t s = 12345, sum = 0;

    for (uint64_t i = 0; i < BUF_BYTES; i++) {
        buf[i] = (uint8_t)lcg(&s);
    }
    for (long r = 0; r < rounds; r++) {
        sum ^= fnv1a(buf, BUF_BYTES) + r;
        sum += crc32(buf, BUF_BYTES / 16);
        for (uint64_t i = 0; i < SORT_N; i++) {
            arr[i] = (uint32_t)lcg(&s);
        }
        heapsort(arr, SORT_N);
        for (uint64_t i = 1; i < SORT_N; i++) {
            if (arr[i - 1] > arr[i]) {
                return -1;
            }
        }
        sum = sum * 3 + arr[SORT_N / 2];
        sum ^= arith(sum, BENCH_SCALE(200000, 20000));
    }
    return (long)sum;
}

void test_main(void)
{
    bench_main(BENCH_MMU ? "intmix-mmu" : "intmix", intmix, ROUNDS, BUF_BYTES + SORT_N * 4);
}
