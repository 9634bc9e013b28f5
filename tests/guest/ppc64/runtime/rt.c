/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The bare-metal pseries guest test runtime: client interface, console, RTAS, interrupts. */

#include "rt.h"

struct rt_boot rt_boot;
struct rt_frame rt_frame;                 /* written by rt_exc_entry */
struct { uint64_t sp, msr; } rt_user_ctx; /* written by rt_run_user */
volatile struct rt_trap rt_trap;
void (*volatile rt_dec_hook)(struct rt_frame *f);

static volatile enum rt_catch_mode catch_mode;
static int in_handler;

void rt_start(uint64_t r3, uint64_t r4, uint64_t r5, uint64_t msr, uint64_t flipped,
              uint64_t r1);
void rt_exception(struct rt_frame *f);
uint32_t rt_ci_call(uint32_t args, uint64_t entry);
extern char rt_exc_entry[], rt_user_resume[], rt_user_exit[];

/* --- freestanding library --- */

void *memset(void *s, int c, size_t n)
{
    unsigned char *p = s;
    while (n--) {
        *p++ = (unsigned char)c;
    }
    return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;
    while (n--) {
        *dp++ = *sp++;
    }
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++) {
        if (*x != *y) {
            return *x - *y;
        }
    }
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

int strcmp(const char *a, const char *b)
{
    for (; *a && *a == *b; a++, b++) {
    }
    return (unsigned char)*a - (unsigned char)*b;
}

void rt_sync_icache(void *p, size_t n)
{
    uintptr_t a = (uintptr_t)p & ~(uintptr_t)127, end = (uintptr_t)p + n;
    for (uintptr_t x = a; x < end; x += 128) {
        __asm__ volatile("dcbst 0,%0" : : "r"(x) : "memory");
    }
    __asm__ volatile("sync" : : : "memory");
    for (uintptr_t x = a; x < end; x += 128) {
        __asm__ volatile("icbi 0,%0" : : "r"(x) : "memory");
    }
    __asm__ volatile("sync\n\tisync" : : : "memory");
}

/* --- hypervisor and firmware calls --- */

long rt_hcall(unsigned long opcode, unsigned long a1, unsigned long a2,
              unsigned long a3, unsigned long a4)
{
    register unsigned long r3 __asm__("r3") = opcode;
    register unsigned long r4 __asm__("r4") = a1;
    register unsigned long r5 __asm__("r5") = a2;
    register unsigned long r6 __asm__("r6") = a3;
    register unsigned long r7 __asm__("r7") = a4;

    /* PAPR: an hcall may change r0, r4-r12, cr0-1, cr5-7, ctr and xer. */
    __asm__ volatile("sc 1"
                     : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
                     :
                     : "r0", "r8", "r9", "r10", "r11", "r12", "cr0", "cr1", "cr5",
                       "cr6", "cr7", "ctr", "xer", "memory");
    return (long)r3;
}

int32_t rt_rtas(uint32_t token, int nargs, int nret, const uint32_t *args, uint32_t *rets)
{
    static uint32_t buf[16] __attribute__((aligned(8)));

    buf[0] = rt_be32(token);
    buf[1] = rt_be32(nargs);
    buf[2] = rt_be32(nret);
    for (int i = 0; i < nargs; i++) {
        buf[3 + i] = rt_be32(args[i]);
    }
    for (int i = 0; i < nret; i++) {
        buf[3 + nargs + i] = rt_be32(0xffffffff);
    }
    if (rt_hcall(H_RTAS, (uintptr_t)buf, 0, 0, 0) != H_SUCCESS) {
        return -1;
    }
    for (int i = 0; i < nret; i++) {
        rets[i] = rt_be32(buf[3 + nargs + i]);
    }
    return nret ? (int32_t)rets[0] : 0;
}

/*
 * IEEE 1275 client interface: an array of big-endian 32-bit cells (service
 * name, nargs, nret, args, rets). Usable only until the interrupt vectors
 * overwrite the firmware in low memory.
 */
static uint32_t ci_args[16] __attribute__((aligned(8)));
static int ci_usable;

static int ci(const char *service, int nargs, int nret, const uint32_t *args, uint32_t *rets)
{
    if (!ci_usable) {
        return -1;
    }
    ci_args[0] = rt_be32((uint32_t)(uintptr_t)service);
    ci_args[1] = rt_be32(nargs);
    ci_args[2] = rt_be32(nret);
    for (int i = 0; i < nargs; i++) {
        ci_args[3 + i] = rt_be32(args[i]);
    }
    for (int i = 0; i < nret; i++) {
        ci_args[3 + nargs + i] = 0;
    }
    if ((int32_t)rt_ci_call((uint32_t)(uintptr_t)ci_args, rt_boot.r5) != 0) {
        return -1;
    }
    for (int i = 0; i < nret; i++) {
        rets[i] = rt_be32(ci_args[3 + nargs + i]);
    }
    return 0;
}

int rt_ci(const char *service, int nargs, int nret, const uint32_t *args, uint32_t *rets)
{
    return ci(service, nargs, nret, args, rets);
}

static uint32_t ci_finddevice(const char *path)
{
    uint32_t a[1] = { (uint32_t)(uintptr_t)path }, r[1];
    return ci("finddevice", 1, 1, a, r) ? 0xffffffff : r[0];
}

static int32_t ci_getprop(uint32_t ph, const char *name, void *buf, uint32_t len)
{
    uint32_t a[4] = { ph, (uint32_t)(uintptr_t)name, (uint32_t)(uintptr_t)buf, len }, r[1];
    return ci("getprop", 4, 1, a, r) ? -1 : (int32_t)r[0];
}

static uint32_t ci_child(uint32_t ph)
{
    uint32_t a[1] = { ph }, r[1];
    return ci("child", 1, 1, a, r) ? 0 : r[0];
}

static uint32_t ci_peer(uint32_t ph)
{
    uint32_t a[1] = { ph }, r[1];
    return ci("peer", 1, 1, a, r) ? 0 : r[0];
}

static uint32_t ci_instance_to_package(uint32_t ih)
{
    uint32_t a[1] = { ih }, r[1];
    return ci("instance-to-package", 1, 1, a, r) ? 0xffffffff : r[0];
}

uint32_t rt_ci_finddevice(const char *path)
{
    return ci_finddevice(path);
}

int32_t rt_ci_getprop(uint32_t ph, const char *name, void *buf, uint32_t len)
{
    return ci_getprop(ph, name, buf, len);
}

uint32_t rt_ci_child(uint32_t ph)
{
    return ci_child(ph);
}

uint32_t rt_ci_peer(uint32_t ph)
{
    return ci_peer(ph);
}

int rt_ci_nextprop(uint32_t ph, const char *prev, char *buf)
{
    uint32_t a[3] = { ph, (uint32_t)(uintptr_t)prev, (uint32_t)(uintptr_t)buf }, r[1];
    return ci("nextprop", 3, 1, a, r) ? -1 : (int)(int32_t)r[0];
}

static uint32_t prop_u32(uint32_t ph, const char *name, uint32_t dflt)
{
    uint32_t v;
    return ci_getprop(ph, name, &v, 4) == 4 ? rt_be32(v) : dflt;
}

static void find_console(void)
{
    static char path[256];
    uint32_t chosen = ci_finddevice("/chosen");
    uint32_t ih, ph;

    rt_boot.vty = 0x71000000;   /* QEMU's first VIO address, if all else fails */
    rt_boot.vty_from = 0;
    if (chosen == 0xffffffff || chosen == 0) {
        return;
    }
    if (ci_getprop(chosen, "stdout", &ih, 4) == 4) {
        ph = ci_instance_to_package(rt_be32(ih));
        if (ph != 0xffffffff && ph != 0) {
            uint32_t reg;
            if (ci_getprop(ph, "reg", &reg, 4) == 4) {
                rt_boot.vty = rt_be32(reg);
                rt_boot.vty_from = 1;
                return;
            }
        }
    }
    int32_t n = ci_getprop(chosen, "linux,stdout-path", path, sizeof(path) - 1);
    if (n > 0) {
        path[n] = 0;
        ph = ci_finddevice(path);
        if (ph != 0xffffffff && ph != 0) {
            uint32_t reg;
            if (ci_getprop(ph, "reg", &reg, 4) == 4) {
                rt_boot.vty = rt_be32(reg);
                rt_boot.vty_from = 2;
            }
        }
    }
}

static void find_platform(void)
{
    uint32_t rtas = ci_finddevice("/rtas");
    if (rtas != 0xffffffff && rtas != 0) {
        rt_boot.rtas_power_off = prop_u32(rtas, "power-off", 0);
        rt_boot.rtas_get_time = prop_u32(rtas, "get-time-of-day", 0);
    }
    /* the hash page table size, from the first CPU node that has it */
    uint32_t cpus = ci_finddevice("/cpus");
    if (cpus != 0xffffffff && cpus != 0) {
        for (uint32_t c = ci_child(cpus); c && c != 0xffffffff; c = ci_peer(c)) {
            uint32_t pft[2];
            if (ci_getprop(c, "ibm,pft-size", pft, sizeof(pft)) == 8) {
                rt_boot.hpt_shift = rt_be32(pft[1]);
                break;
            }
        }
    }
    uint32_t mem = ci_finddevice("/memory@0");
    if (mem != 0xffffffff && mem != 0) {
        uint32_t reg[4];
        /* #address-cells = #size-cells = 2 on pseries */
        if (ci_getprop(mem, "reg", reg, sizeof(reg)) == 16) {
            rt_boot.mem_size = (uint64_t)rt_be32(reg[2]) << 32 | rt_be32(reg[3]);
        }
    }
}

/* --- console --- */

static char out_buf[16];
static unsigned out_len;

void rt_flush(void)
{
    uint64_t w[2] = { 0, 0 };

    if (!out_len) {
        return;
    }
    /* H_PUT_TERM_CHAR takes up to 16 bytes in r6, r7, first byte most significant. */
    for (unsigned i = 0; i < out_len; i++) {
        w[i / 8] |= (uint64_t)(unsigned char)out_buf[i] << (56 - 8 * (i % 8));
    }
    for (int tries = 0; tries < 1000000; tries++) {
        if (rt_hcall(H_PUT_TERM_CHAR, rt_boot.vty, out_len, w[0], w[1]) != 2 /* H_BUSY */) {
            break;
        }
    }
    out_len = 0;
}

void rt_putc(char c)
{
    out_buf[out_len++] = c;
    if (out_len == sizeof(out_buf) || c == '\n') {
        rt_flush();
    }
}

void rt_puts(const char *s)
{
    while (*s) {
        rt_putc(*s++);
    }
}

static void put_num(uint64_t v, unsigned base, int neg, int width, char pad, int left, int upper)
{
    char tmp[24];
    int n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (neg) {
        if (pad == '0') {
            rt_putc('-');
        } else {
            tmp[n++] = '-';
        }
        width--;
    }
    int fill = width - n;
    if (!left) {
        while (fill-- > 0) {
            rt_putc(pad);
        }
    }
    while (n) {
        rt_putc(tmp[--n]);
    }
    if (left) {
        while (fill-- > 0) {
            rt_putc(' ');
        }
    }
}

void rt_vprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            rt_putc(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int left = 0, width = 0, lng = 0, plus = 0;
        for (;; fmt++) {
            if (*fmt == '0') {
                pad = '0';
            } else if (*fmt == '+') {
                plus = 1;
            } else if (*fmt == '-') {
                left = 1;
            } else {
                break;
            }
        }
        while (*fmt >= '0' && *fmt <= '9') {
            width = width * 10 + (*fmt++ - '0');
        }
        while (*fmt == 'l' || *fmt == 'z') {
            lng++;
            fmt++;
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
            if (plus && v >= 0) {
                rt_putc('+');
            }
            put_num(v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, width, pad, left, 0);
            break;
        }
        case 'u':
            put_num(lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, 0, width, pad, left, 0);
            break;
        case 'x':
        case 'X':
            put_num(lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, 0, width, pad, left,
                    *fmt == 'X');
            break;
        case 'p':
            rt_puts("0x");
            put_num((uintptr_t)va_arg(ap, void *), 16, 0, width, pad, left, 0);
            break;
        case 'c':
            rt_putc((char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int n = (int)strlen(s);
            if (!left) {
                for (int i = n; i < width; i++) {
                    rt_putc(' ');
                }
            }
            rt_puts(s);
            if (left) {
                for (int i = n; i < width; i++) {
                    rt_putc(' ');
                }
            }
            break;
        }
        case '%':
            rt_putc('%');
            break;
        case 0:
            return;
        default:
            rt_putc('%');
            rt_putc(*fmt);
            break;
        }
    }
}

void rt_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rt_vprintf(fmt, ap);
    va_end(ap);
}

/* --- ending --- */

static void power_off(void) __attribute__((noreturn));
static void power_off(void)
{
    uint32_t args[2] = { 0, 0 }, ret[1];

    rt_flush();
    if (rt_boot.rtas_power_off) {
        rt_rtas(rt_boot.rtas_power_off, 2, 1, args, ret);
    }
    rt_puts("MODVM-TEST-POWER-OFF-FAILED\n");
    for (;;) {
        __asm__ volatile("" ::: "memory");
    }
}

void rt_exit(void)
{
    rt_printf("MODVM-TEST-END %s\n", PROG_NAME);
    power_off();
}

void rt_abort(const char *why)
{
    rt_printf("\nMODVM-TEST-ABORT %s: %s\n", PROG_NAME, why);
    power_off();
}

/* --- interrupts --- */

static const uint16_t vectors[] = {
    0x100, 0x200, 0x300, 0x380, 0x400, 0x480, 0x500, 0x600, 0x700, 0x800, 0x900,
    0x980, 0xa00, 0xc00, 0xd00, 0xe00, 0xe20, 0xe40, 0xe60, 0xe80, 0xea0, 0xf00,
    0xf20, 0xf40, 0xf60, 0xf80,
};

/*
 * Interrupts are taken in real mode at real address 0 + vector while
 * LPCR[AIL]=0 (Power ISA v3.0B Book III 7.5), which a pseries guest has
 * until it asks otherwise (H_SET_MODE resource 3). That is where the
 * firmware lives; we take over low memory once we are done with it.
 */
static void install_vectors(void)
{
    uint32_t entry = (uint32_t)(uintptr_t)rt_exc_entry;

    for (unsigned i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
        volatile uint32_t *v = (volatile uint32_t *)(uintptr_t)vectors[i];
        v[0] = 0x7c7143a6;                       /* mtsprg1 r3 */
        v[1] = 0x38600000 | vectors[i];          /* li r3,vector */
        v[2] = 0x48000002 | (entry & 0x03fffffc); /* ba rt_exc_entry */
    }
    rt_sync_icache((void *)0, 0x1000);
}

void rt_install_vectors(void)
{
    install_vectors();
}

void rt_catch(enum rt_catch_mode mode)
{
    catch_mode = mode;
    if (mode == RT_CATCH_OFF) {
        return;     /* keep the record for the caller */
    }
    rt_trap.vec = rt_trap.srr0 = rt_trap.srr1 = rt_trap.dar = rt_trap.dsisr = 0;
    rt_trap.count = 0;
}

static int resumes_at_srr0(uint64_t vec)
{
    /* SRR0 already points past the instruction, or the interrupt is asynchronous. */
    switch (vec) {
    case 0x100: case 0x500: case 0x900: case 0xa00: case 0xc00: case 0xd00: case 0xf00:
        return 1;
    default:
        return 0;
    }
}

void rt_exception(struct rt_frame *f)
{
    if (in_handler) {
        rt_abort("interrupt inside the interrupt handler");
    }
    in_handler = 1;
    if (f->vec == 0x900 && rt_dec_hook) {
        rt_dec_hook(f);
    } else if (f->vec == 0xc00 && f->srr0 == (uintptr_t)rt_user_exit + 8 &&
               f->gpr[0] == RT_SC_USER_EXIT) {
        /* the "sc" in rt_user_exit: the function called by rt_run_mode returned */
        f->srr0 = (uintptr_t)rt_user_resume;
        f->srr1 = rt_user_ctx.msr;
    } else if (catch_mode != RT_CATCH_OFF) {
        rt_trap.vec = f->vec;
        rt_trap.srr0 = f->srr0;
        rt_trap.srr1 = f->srr1;
        rt_trap.dar = f->dar;
        rt_trap.dsisr = f->dsisr;
        rt_trap.count++;
        if (catch_mode == RT_CATCH_ABORT_USER && (f->srr1 & (MSR_PR | MSR_IR | MSR_DR))) {
            f->gpr[3] = RT_USER_ABORTED;
            f->srr0 = (uintptr_t)rt_user_resume;
            f->srr1 = rt_user_ctx.msr;
        } else if (!resumes_at_srr0(f->vec)) {
            /* primary opcode 1 is an ISA 3.1 prefix; its suffix is part of the instruction */
            int prefixed = catch_mode == RT_CATCH_SKIP_PREFIXED &&
                           (*(volatile uint32_t *)(uintptr_t)f->srr0 >> 26) == 1;
            f->srr0 += prefixed ? 8 : 4;
        }
        /* a caught trace interrupt ends single-stepping, or every instruction would trap */
        if (f->vec == 0xd00) {
            f->srr1 &= ~(uint64_t)MSR_SE;
        }
    } else {
        in_handler = 0;
        rt_printf("\nunexpected interrupt 0x%lx srr0=0x%lx srr1=0x%lx dar=0x%lx dsisr=0x%lx "
                  "lr=0x%lx\n", f->vec, f->srr0, f->srr1, f->dar, f->dsisr, f->lr);
        rt_abort("unexpected interrupt");
    }
    f->srr1 &= ~SRR1_CAUSE_MASK;
    in_handler = 0;
}

/* --- start --- */

void rt_start(uint64_t r3, uint64_t r4, uint64_t r5, uint64_t msr, uint64_t flipped, uint64_t r1)
{
    static const uint16_t low[8] = { 0x0, 0x100, 0x300, 0x700, 0x900, 0xc00, 0xd00, 0xf00 };

    rt_boot.r3 = r3;
    rt_boot.r4 = r4;
    rt_boot.r5 = r5;
    rt_boot.msr = msr;
    rt_boot.flipped = (int)flipped;
    rt_boot.r1 = r1;
    for (int i = 0; i < 8; i++) {
        rt_boot.low_words[i] = *(volatile uint32_t *)(uintptr_t)low[i];
    }

    ci_usable = r5 != 0 && r5 < 0x100000000UL;
    find_console();
    find_platform();
    if (rt_early) {
        rt_early();
    }
    ci_usable = 0;

    /* Interrupts in our byte order: LPCR[ILE] through H_SET_MODE (PAPR 14.5.4.3.x, resource 4). */
#if defined(__LITTLE_ENDIAN__)
    rt_boot.set_mode_ret = rt_hcall(H_SET_MODE, 1, 4, 0, 0);
#else
    rt_boot.set_mode_ret = rt_hcall(H_SET_MODE, 0, 4, 0, 0);
#endif
    install_vectors();

    /* Firmware-specific facts, outside the compared part of the output. */
    rt_printf("\n# handover: r3=0x%lx r4=0x%lx r5=0x%lx r1=0x%lx msr=0x%lx flipped=%d\n",
              r3, r4, r5, r1, msr, (int)flipped);
    rt_printf("# vty=0x%x (from %s) rtas power-off=0x%x get-time-of-day=0x%x mem=0x%lx "
              "hpt-shift=%u set-mode=%ld\n", rt_boot.vty,
              rt_boot.vty_from == 1 ? "/chosen stdout" :
              rt_boot.vty_from == 2 ? "linux,stdout-path" : "fallback",
              rt_boot.rtas_power_off, rt_boot.rtas_get_time, rt_boot.mem_size,
              rt_boot.hpt_shift, (long)rt_boot.set_mode_ret);
    rt_printf("# low memory:");
    for (int i = 0; i < 8; i++) {
        rt_printf(" [0x%x]=%08x", low[i], rt_boot.low_words[i]);
    }
    rt_printf("\nMODVM-TEST-BEGIN %s %s\n", PROG_NAME, RT_ENDIAN);
    test_main();
    rt_exit();
}
