/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Radix translation for the guest programs: CAS for radix, process table, tree building. */
#ifndef RT_RADIX_H
#define RT_RADIX_H

#include "rt.h"

/*
 * The way Linux gets radix on pseries: ibm,client-architecture-support
 * asks for it (option vector 5 byte 24 bit 1, GTSE byte 26 bit 1; LoPAR
 * B.6.2.3), then H_REGISTER_PROC_TBL registers a process table. The
 * tables are as Power ISA 3.0B Book III 5.7.6 and 5.7.10 lay them out,
 * big-endian, of the POWER9 shape: 13, 9, 9 and 9 (4K pages) or 5 (64K)
 * index bits of a 52-bit space; a 2M region holds 4K or 64K pages, not both.
 */
#define RT_H_REGISTER_PROC_TBL 0x37c
#define RT_PTE_V (1UL << 63)
#define RT_PTE_L (1UL << 62)
#define RT_PTE_R (1UL << 8)
#define RT_PTE_C (1UL << 7)
#define RT_EAA_PRIV 0x8UL
#define RT_EAA_R 0x4UL
#define RT_EAA_RW 0x2UL
#define RT_EAA_X 0x1UL

struct rt_radix {
    uint64_t prtb;                  /* the process table (4K: PIDs 0..255) */
    uint64_t pool;                  /* where the next directory goes */
};

static inline uint64_t rt_be64(uint64_t v)
{
#if defined(__LITTLE_ENDIAN__)
    return __builtin_bswap64(v);
#else
    return v;
#endif
}

static inline void rt_put64(uint64_t pa, uint64_t v)
{
    *(volatile uint64_t *)pa = rt_be64(v);
}

static inline uint64_t rt_get64(uint64_t pa)
{
    return rt_be64(*(volatile uint64_t *)pa);
}

/*
 * CAS from rt_early: POWER9's logical PVR (or RT_RADIX_CAS_PVR's), vector 1
 * up to ISA 3.00, vector 5 with radix and GTSE. Returns the client
 * interface's status (0 when the call was made) and the CAS return value in
 * *ret.
 */
#ifndef RT_RADIX_CAS_PVR
#define RT_RADIX_CAS_PVR 0x0f000005
#endif
static inline int rt_radix_cas(uint32_t *ret)
{
    static uint8_t vec[96] __attribute__((aligned(8)));
    static const uint32_t pvrs[] = { 0xffffffff, RT_RADIX_CAS_PVR, 0x00000000, 0xffffffff };
    uint8_t *p = vec;
    uint32_t a[3], r[2] = { 0, 0 };

    for (unsigned i = 0; i < 4; i++) {
        uint32_t be = rt_be32(pvrs[i]);
        memcpy(p, &be, 4);
        p += 4;
    }
    *p++ = 4;                       /* five vectors */
    *p++ = 2;                       /* vector 1, 3 bytes: ISA 2.00 .. 3.00 */
    *p++ = 0x80;
    *p++ = 0x00;
    *p++ = 0x80;
    for (int v = 2; v <= 4; v++) {  /* vectors 2..4: one zero byte each */
        *p++ = 0;
        *p++ = 0;
    }
    *p++ = 25;                      /* vector 5, 26 bytes */
    memset(p, 0, 26);
    p[24 - 1] = 0x40;               /* byte 24: radix (ISA 3.00) */
    p[26 - 1] = 0x40;               /* byte 26: guest translation shootdown */
    a[0] = (uint32_t)(uintptr_t)"/";
    if (rt_ci("open", 1, 1, a, r) || !r[0]) {
        return -1;
    }
    a[0] = (uint32_t)(uintptr_t)"ibm,client-architecture-support";
    a[1] = r[0];
    a[2] = (uint32_t)(uintptr_t)vec;
    if (rt_ci("call-method", 3, 2, a, r)) {
        return -1;
    }
    *ret = r[0] ? r[0] : r[1];
    return 0;
}

/* A directory of 2^nls entries from the pool, aligned to its size, zeroed. */
static inline uint64_t rt_radix_dir(struct rt_radix *x, unsigned nls)
{
    uint64_t size = 8UL << nls, a = (x->pool + size - 1) & ~(size - 1);

    x->pool = a + size;
    memset((void *)a, 0, size);
    return a;
}

/* A tree for @pid: its process table entry says RTS 52 (RTS1 = 2, RTS2 = 5), root NLS 13. */
static inline uint64_t rt_radix_tree(struct rt_radix *x, unsigned pid)
{
    uint64_t root = rt_radix_dir(x, 13);

    rt_put64(x->prtb + 16 * pid, (2UL << 61) | root | (5UL << 5) | 13);
    rt_put64(x->prtb + 16 * pid + 8, 0);
    return root;
}

/* The leaf for the 2^shift page at @ea (shift 30, 21, 16 or 12); returns its address. */
static inline uint64_t rt_radix_map(struct rt_radix *x, uint64_t root, uint64_t ea, uint64_t pa,
                                    unsigned shift, uint64_t flags)
{
    static const unsigned nls[] = { 13, 9, 9, 9 };
    uint64_t table = root;
    unsigned left = 52;

    for (int level = 0;; level++) {
        unsigned bits = level == 3 && shift == 16 ? 5 : nls[level];
        uint64_t slot, e;

        left -= bits;
        slot = table + 8 * ((ea >> left) & ((1UL << bits) - 1));
        if (left == shift) {
            rt_put64(slot, RT_PTE_V | RT_PTE_L | pa | flags);
            return slot;
        }
        e = rt_get64(slot);
        if (!(e & RT_PTE_V)) {
            unsigned next = level + 1 == 3 && shift == 16 ? 5 : nls[level + 1];
            e = RT_PTE_V | rt_radix_dir(x, next) | next;
            rt_put64(slot, e);
        }
        table = e & 0x0fffffffffffff00UL;
    }
}

/* H_REGISTER_PROC_TBL: new (MODIFY|REGISTER), radix, GTSE, the 4K table. */
static inline long rt_radix_register(struct rt_radix *x)
{
    __asm__ volatile("ptesync" : : : "memory");
    return rt_hcall(RT_H_REGISTER_PROC_TBL, 0x1d, x->prtb, 0, 0);
}

#endif
