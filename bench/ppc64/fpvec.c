/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Integer, floating-point and vector mix: a double matrix product, VSX and VMX kernels, hashing. */
#include "bench.h"

#include <altivec.h>

#define N BENCH_SCALE(96, 24)
#define VLEN 4096                      /* floats per vector kernel pass */
#define ROUNDS BENCH_SCALE(24, 2)

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0x100000001b3UL;
    return h ^ (h >> 29);
}

static uint64_t dbits(double d)
{
    uint64_t x;
    __builtin_memcpy(&x, &d, sizeof(x));
    return x;
}

/* C = A * B for N x N doubles (fmadd, lfd/stfd, or xvmaddadp where the compiler vectorises). */
static void matmul(const double *a, const double *b, double *c)
{
    for (long i = 0; i < N; i++) {
        for (long j = 0; j < N; j++) {
            double s = 0;
            for (long k = 0; k < N; k++) {
                s += a[i * N + k] * b[k * N + j];
            }
            c[i * N + j] = s;
        }
    }
}

/* y = a * x + y and a dot product on 4-float vectors (xvmaddasp, xvmulsp, lxv/stxv). */
static float saxpy_dot(vector float *x, vector float *y, float a)
{
    vector float va = vec_splats(a), acc = vec_splats(0.0f);
    for (long i = 0; i < VLEN / 4; i++) {
        y[i] = vec_madd(va, x[i], y[i]);
        acc = vec_madd(x[i], y[i], acc);
    }
    return acc[0] + acc[1] + acc[2] + acc[3];
}

/* Byte histogramming and word sums with VMX integer instructions (vadd, vsum4ubs, vmax). */
static uint64_t vmx_ints(const vector unsigned char *p, long n)
{
    vector unsigned int sum = vec_splats(0u);
    vector unsigned char mx = vec_splats((unsigned char)0);
    for (long i = 0; i < n; i++) {
        sum = vec_sum4s(p[i], sum);
        mx = vec_max(mx, vec_xor(p[i], vec_splats((unsigned char)i)));
    }
    return (uint64_t)sum[0] + sum[1] + sum[2] + sum[3] + mx[3] + ((uint64_t)mx[11] << 8);
}

/* Integer and FP together: Newton square roots, conversions, compares and branches. */
static uint64_t scalar_mix(uint64_t seed, long n)
{
    uint64_t x = seed, h = 0;
    double acc = 1.0;
    for (long i = 1; i <= n; i++) {
        x = x * 6364136223846793005UL + 1442695040888963407UL;
        double v = (double)(x >> 11) * 0x1p-53 * 1000.0 + 1.0;
        double r = v * 0.5;
        for (int k = 0; k < 6; k++) {
            r = 0.5 * (r + v / r);
        }
        acc = acc * 0.999 + r;
        if (r > 16.0) {
            h = mix(h, (uint64_t)(r * 1024.0));
        } else {
            h += (uint64_t)(long)(r * -8.0);
        }
    }
    return mix(h, dbits(acc));
}

static long fpvec(long rounds)
{
    double *a = (double *)BENCH_ARENA, *b = a + N * N, *c = b + N * N;
    vector float *x = (vector float *)(c + N * N), *y = x + VLEN / 4;
    vector unsigned char *bytes = (vector unsigned char *)(y + VLEN / 4);
    uint64_t s = 99, h = 0;

    for (long i = 0; i < N * N; i++) {
        s = s * 6364136223846793005UL + 1;
        a[i] = (double)(s >> 40) / 65536.0 - 64.0;
        b[i] = (double)((s >> 20) & 0xfffff) / 1048576.0;
    }
    for (long i = 0; i < VLEN / 4; i++) {
        for (int k = 0; k < 4; k++) {
            s = s * 6364136223846793005UL + 1;
            x[i][k] = (float)(s >> 48) / 65536.0f;
            y[i][k] = (float)((s >> 32) & 0xffff) / 4096.0f;
        }
    }
    for (long i = 0; i < VLEN / 16; i++) {
        for (int k = 0; k < 16; k++) {
            s = s * 6364136223846793005UL + 1;
            bytes[i][k] = (unsigned char)(s >> 56);
        }
    }
    for (long r = 0; r < rounds; r++) {
        matmul(a, b, c);
        for (long i = 0; i < N * N; i += 7) {
            h = mix(h, dbits(c[i]));
        }
        a[r % (N * N)] += 1.0;
        for (int k = 0; k < 16; k++) {
            float d = saxpy_dot(x, y, 0.25f + (float)k / 64.0f);
            h = mix(h, (uint64_t)dbits((double)d));
        }
        h = mix(h, vmx_ints(bytes, VLEN / 16));
        h = mix(h, scalar_mix(h, BENCH_SCALE(40000, 4000)));
    }
    return (long)h;
}

void test_main(void)
{
    rt_mtmsrd(rt_mfmsr() | MSR_FP | MSR_VEC | MSR_VSX);
    bench_main(BENCH_MMU ? "fpvec-mmu" : "fpvec", fpvec, ROUNDS,
               (3 * N * N) * sizeof(double) + 2 * VLEN * sizeof(float) + VLEN);
}
