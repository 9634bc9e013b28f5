/* SPDX-License-Identifier: GPL-2.0-or-later */
/* H_PAGE_INIT, H_SET_DABR and H_SET_XDABR (LoPAR "H_PAGE_INIT", "H_SET_DABR", "H_SET_XDABR"). */
#include "rt.h"

#define H_SET_DABR  0x28
#define H_PAGE_INIT 0x2c
#define H_SET_XDABR 0x134

#define H_ICACHE_INVALIDATE  (1UL << (63 - 40))
#define H_ICACHE_SYNCHRONIZE (1UL << (63 - 41))
#define H_ZERO_PAGE          (1UL << (63 - 48))
#define H_COPY_PAGE          (1UL << (63 - 49))

/* Pages well away from the program (linked at 4 MiB). */
#define SRC  0x1000000UL
#define DST  0x1002000UL

static void fill(unsigned long addr, unsigned char seed)
{
    for (int i = 0; i < 4096; i++) {
        ((volatile unsigned char *)addr)[i] = (unsigned char)(seed + i);
    }
}

/* A summary of a page: its first, 2049th and last bytes and how many bytes are zero. */
static void show(const char *what, long ret)
{
    volatile unsigned char *d = (volatile unsigned char *)DST;
    int zeros = 0;

    for (int i = 0; i < 4096; i++) {
        zeros += d[i] == 0;
    }
    rt_printf("%s: %ld dst %02x %02x %02x zeros %d\n", what, ret, d[0], d[2048], d[4095], zeros);
}

static void page_init(const char *what, unsigned long flags, unsigned long dst,
                      unsigned long src)
{
    long ret;

    fill(SRC, 0x40);
    fill(DST, 0x80);
    ret = rt_hcall(H_PAGE_INIT, flags, dst, src, 0);
    show(what, ret);
}

void test_main(void)
{
    page_init("zero", H_ZERO_PAGE, DST, 0);
    page_init("copy", H_COPY_PAGE, DST, SRC);
    page_init("copy+zero", H_COPY_PAGE | H_ZERO_PAGE, DST, SRC);
    page_init("copy+icache", H_COPY_PAGE | H_ICACHE_INVALIDATE | H_ICACHE_SYNCHRONIZE, DST, SRC);
    page_init("no flags", 0, DST, SRC);
    page_init("icache only", H_ICACHE_SYNCHRONIZE, DST, SRC);
    page_init("unknown flag", H_ZERO_PAGE | 1, DST, 0);
    page_init("dst unaligned", H_ZERO_PAGE, DST + 8, 0);
    page_init("dst in a 64K page", H_ZERO_PAGE, DST + 0x1000, 0);
    page_init("dst past RAM", H_ZERO_PAGE, rt_boot.mem_size, 0);
    page_init("dst last page", H_ZERO_PAGE, rt_boot.mem_size - 4096, 0);
    page_init("dst across the end", H_ZERO_PAGE, rt_boot.mem_size - 2048, 0);
    page_init("src unaligned", H_COPY_PAGE, DST, SRC + 4);
    page_init("src past RAM", H_COPY_PAGE, DST, rt_boot.mem_size + 0x10000);
    page_init("src far away", H_COPY_PAGE, DST, 1UL << 60);
    page_init("dst far away", H_ZERO_PAGE, 1UL << 60, 0);

    rt_printf("h_set_dabr: %ld\n", rt_hcall(H_SET_DABR, 0x1000 | 7, 0, 0, 0));
    rt_printf("h_set_dabr 0: %ld\n", rt_hcall(H_SET_DABR, 0, 0, 0, 0));
    rt_printf("h_set_xdabr: %ld\n", rt_hcall(H_SET_XDABR, 0x1000 | 7, 3, 0, 0));
    rt_printf("h_set_xdabr hv: %ld\n", rt_hcall(H_SET_XDABR, 0x1000, 4, 0, 0));
    rt_printf("h_set_xdabr bad: %ld\n", rt_hcall(H_SET_XDABR, 0x1000, 0x10, 0, 0));
    rt_printf("h_set_xdabr none: %ld\n", rt_hcall(H_SET_XDABR, 0x1000, 0, 0, 0));
}
