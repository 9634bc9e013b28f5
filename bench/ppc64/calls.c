/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Call-heavy code: recursion, calls through function pointers, a switch-dispatched interpreter. */
#include "bench.h"

static __attribute__((noinline)) uint64_t fib(uint64_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

typedef uint64_t (*op_fn)(uint64_t, uint64_t);
static __attribute__((noinline)) uint64_t op_add(uint64_t a, uint64_t b) { return a + b; }
static __attribute__((noinline)) uint64_t op_xor(uint64_t a, uint64_t b) { return a ^ (b << 3); }
static __attribute__((noinline)) uint64_t op_mul(uint64_t a, uint64_t b) { return a * (b | 1); }
static __attribute__((noinline)) uint64_t op_rot(uint64_t a, uint64_t b)
{
    return (a << (b & 63)) | (a >> ((64 - (b & 63)) & 63));
}
static op_fn const ops[4] = { op_add, op_xor, op_mul, op_rot };

/* Indirect recursion: each level picks its callee through the table. */
static __attribute__((noinline)) uint64_t walk(uint64_t depth, uint64_t x, op_fn const *tab)
{
    if (depth == 0) {
        return x;
    }
    x = tab[x & 3](x, depth);
    return walk(depth - 1, x, tab) + walk(depth - 2 < depth ? depth - 2 : 0, x >> 1, tab);
}

/* A small bytecode machine: bctr through a jump table per instruction. */
static uint64_t interp(const uint8_t *code, long len, long steps)
{
    uint64_t acc = 1, r[4] = { 3, 5, 7, 11 };
    long pc = 0;
    while (steps-- > 0) {
        uint8_t c = code[pc];
        switch (c & 7) {
        case 0: acc += r[c >> 6]; break;
        case 1: acc ^= acc >> 13; break;
        case 2: r[(c >> 3) & 3] = acc; break;
        case 3: acc *= 0x5bd1e995; break;
        case 4: if (acc & 1) { pc = (pc + (c >> 3)) % len; } break;
        case 5: acc -= r[(c >> 4) & 3]; break;
        case 6: acc = (acc << 1) | (acc >> 63); break;
        default: r[c & 3] += 1; break;
        }
        pc = pc + 1 == len ? 0 : pc + 1;
    }
    return acc + r[0] + r[1] + r[2] + r[3];
}

static long calls(long scale)
{
    static uint8_t code[251];
    uint64_t s = 99, sum = 0;
    for (unsigned i = 0; i < sizeof(code); i++) {
        s = s * 6364136223846793005UL + 1;
        code[i] = (uint8_t)(s >> 56);
    }
    sum += fib(BENCH_SCALE(27, 20));
    sum = sum * 31 + walk(BENCH_SCALE(24, 16), 12345, ops);
    sum = sum * 31 + interp(code, sizeof(code), scale);
    return (long)sum;
}

void test_main(void)
{
    bench_main(BENCH_MMU ? "calls-mmu" : "calls", calls, BENCH_SCALE(4000000, 200000), 0);
}
