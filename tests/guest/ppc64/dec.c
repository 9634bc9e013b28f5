/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Decrementer interrupts: that they fire, how often, with MSR[EE] masking; never how fast. */
#include "t.h"

static volatile unsigned fired;
static volatile unsigned rearm;         /* interrupts left to re-arm for */
static volatile uint64_t last_srr1;

static void dec_handler(struct rt_frame *f)
{
    fired++;
    last_srr1 = f->srr1;
    if (rearm) {
        rearm--;
        rt_mtspr(22, 2000);
    } else {
        /* stop: a positive DEC and EE off in the interrupted context */
        rt_mtspr(22, 0x7fffffff);
        f->srr1 &= ~(uint64_t)MSR_EE;
    }
}

static void ee_on(void)
{
    __asm__ volatile("mtmsrd %0,1" : : "r"((uint64_t)(MSR_EE | MSR_RI)) : "memory");
}

static void ee_off(void)
{
    __asm__ volatile("mtmsrd %0,1" : : "r"(0UL) : "memory");
}

/* Waits until n interrupts were counted, or gives up after a bound that no timing reaches. */
static int wait_for(unsigned n)
{
    for (unsigned long i = 0; i < 400000000UL; i++) {
        if (fired >= n) {
            return 1;
        }
    }
    return 0;
}

void test_main(void)
{
    rt_dec_hook = dec_handler;

    /* five interrupts, re-armed from the handler */
    fired = 0;
    rearm = 4;
    rt_mtspr(22, 2000);
    ee_on();
    int ok = wait_for(5);
    ee_off();
    rt_printf("re-armed: reached=%d fired=%u\n", ok, fired);
    rt_printf("srr1 of the last one: ee=%d pr=%d ri=%d\n", (last_srr1 & MSR_EE) != 0,
              (last_srr1 & MSR_PR) != 0, (last_srr1 & MSR_RI) != 0);
    rt_printf("msr after: ee=%d\n", (rt_mfmsr() & MSR_EE) != 0);

    /* MSR[EE]=0 holds the interrupt back while DEC is negative; it comes when EE is set */
    fired = 0;
    rearm = 0;
    rt_mtspr(22, 100);
    int negative = 0;
    for (unsigned long i = 0; i < 400000000UL && !negative; i++) {
        negative = (int64_t)rt_mfspr(22) < 0;
    }
    rt_printf("masked: dec went negative=%d fired=%u\n", negative, fired);
    ee_on();
    ok = wait_for(1);
    ee_off();
    rt_printf("unmasked: reached=%d fired=%u\n", ok, fired);

    /*
     * Not tested: writing a negative value and reading DEC back. QEMU 7.2
     * treats a written 0xffffffff as a long positive count and returns it
     * zero-extended, while it sign-extends a value that counted below zero.
     */
    rt_dec_hook = 0;
}
