/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Firmware-assisted NMI: ibm,nmi-register's rules and where a system reset from H_SIGNAL_SYS_RESET lands. */
#include "rt.h"

#define H_SIGNAL_SYS_RESET  0x380
#define SYS_RESET_ALL       (-1L)
#define SYS_RESET_ALLBUTSELF (-2L)

/* The RTAS area we tell the platform about (linux,rtas-base): error log, then 16 bytes per CPU. */
#define RTAS_ERROR_LOG_MAX  2048
static uint8_t rtas_area[8192] __attribute__((aligned(4096)));

static uint32_t tok_register, tok_interlock;
static int32_t register_before_rtas;
static int32_t setprop_ret = -1;

/* What the sreset handler saw: how often it ran, r3, SRR0, SRR1 and its MSR. */
struct fw_state {
    uint64_t count, r3, srr0, srr1, msr;
};
volatile struct fw_state fw_state;

void fwnmi_sreset(void);
void fwnmi_mce(void);

/*
 * The handlers, entered in real mode with r3 pointing at the CPU's save
 * area, whose first doubleword is the r3 the interrupt found (big-endian,
 * LoPAR "ibm,nmi-register"). The sreset handler records what it saw, puts
 * r3 back and returns to SRR0. The machine check one is never entered.
 */
__asm__(
    "	.text\n"
    "	.globl	fwnmi_sreset\n"
    "	.type	fwnmi_sreset,@function\n"
    "fwnmi_sreset:\n"
    "	mtsprg2	%r4\n"
    "	lis	%r4,fw_state@ha\n"
    "	addi	%r4,%r4,fw_state@l\n"
    "	std	%r3,8(%r4)\n"
    "	mfsrr0	%r3\n"
    "	std	%r3,16(%r4)\n"
    "	mfsrr1	%r3\n"
    "	std	%r3,24(%r4)\n"
    "	mfmsr	%r3\n"
    "	std	%r3,32(%r4)\n"
    "	ld	%r3,0(%r4)\n"
    "	addi	%r3,%r3,1\n"
    "	std	%r3,0(%r4)\n"
    "	ld	%r3,8(%r4)\n"
#if defined(__LITTLE_ENDIAN__)
    "	ldbrx	%r3,0,%r3\n"
#else
    "	ld	%r3,0(%r3)\n"
#endif
    "	mfsprg2	%r4\n"
    "	rfid\n"
    "	.size	fwnmi_sreset,.-fwnmi_sreset\n"
    "	.globl	fwnmi_mce\n"
    "	.type	fwnmi_mce,@function\n"
    "fwnmi_mce:\n"
    "	b	.\n"
    "	.size	fwnmi_mce,.-fwnmi_mce\n");

static int32_t nmi_register(uint64_t sreset, uint64_t mce)
{
    uint32_t args[2] = { (uint32_t)sreset, (uint32_t)mce }, ret[1] = { 0 };

    return rt_rtas(tok_register, 2, 1, args, ret);
}

static int32_t nmi_interlock(void)
{
    uint32_t ret[1] = { 0 };

    return rt_rtas(tok_interlock, 0, 1, NULL, ret);
}

/*
 * While the client interface works: the tokens, a registration before
 * RTAS is instantiated, then the RTAS area made known as a client does
 * after instantiate-rtas (setprop /rtas linux,rtas-base).
 */
void rt_early(void)
{
    uint32_t a[4], r[1] = { 0 }, ph, be;

    ph = rt_ci_finddevice("/rtas");
    if (rt_ci_getprop(ph, "ibm,nmi-register", &tok_register, 4) == 4) {
        tok_register = rt_be32(tok_register);
    }
    if (rt_ci_getprop(ph, "ibm,nmi-interlock", &tok_interlock, 4) == 4) {
        tok_interlock = rt_be32(tok_interlock);
    }
    register_before_rtas = nmi_register((uintptr_t)fwnmi_sreset, (uintptr_t)fwnmi_mce);
    be = rt_be32((uint32_t)(uintptr_t)rtas_area);
    a[0] = ph;
    a[1] = (uint32_t)(uintptr_t)"linux,rtas-base";
    a[2] = (uint32_t)(uintptr_t)&be;
    a[3] = 4;
    if (!rt_ci("setprop", 4, 1, a, r)) {
        setprop_ret = (int32_t)r[0];
    }
}

static uint64_t be64_at(const uint8_t *p)
{
    uint64_t v = 0;

    for (int i = 0; i < 8; i++) {
        v = v << 8 | p[i];
    }
    return v;
}

/* A system reset to @target; what caught it and the state it saw. */
static void sys_reset(const char *what, long target)
{
    uint8_t *slot = rtas_area + RTAS_ERROR_LOG_MAX;
    long ret;

    memset(rtas_area, 0xa5, sizeof(rtas_area));
    memset((void *)&fw_state, 0, sizeof(fw_state));
    rt_catch(RT_CATCH_SKIP);
    ret = rt_hcall(H_SIGNAL_SYS_RESET, (unsigned long)target, 0, 0, 0);
    rt_catch(RT_CATCH_OFF);
    rt_printf("%s: ret %ld\n", what, ret);
    if (rt_trap.count) {
        rt_printf("%s: vector 0x%lx x%lu srr0 rt_hcall+0x%lx srr1 0x%lx\n", what,
                  (unsigned long)rt_trap.vec, (unsigned long)rt_trap.count,
                  (unsigned long)(rt_trap.srr0 - (uintptr_t)rt_hcall),
                  (unsigned long)rt_trap.srr1);
    }
    if (fw_state.count) {
        rt_printf("%s: fwnmi_sreset x%lu srr0 rt_hcall+0x%lx srr1 0x%lx msr 0x%lx\n", what,
                  (unsigned long)fw_state.count,
                  (unsigned long)(fw_state.srr0 - (uintptr_t)rt_hcall),
                  (unsigned long)fw_state.srr1, (unsigned long)fw_state.msr);
        if (fw_state.r3 >= (uintptr_t)rtas_area &&
            fw_state.r3 < (uintptr_t)rtas_area + sizeof(rtas_area)) {
            rt_printf("%s: r3 rtas_area+0x%lx\n", what,
                      (unsigned long)(fw_state.r3 - (uintptr_t)rtas_area));
        } else {
            rt_printf("%s: r3 0x%lx, not in the RTAS area\n", what, (unsigned long)fw_state.r3);
        }
    }
    if (!rt_trap.count && !fw_state.count) {
        rt_printf("%s: no interrupt\n", what);
    }
    rt_printf("%s: slot 0x%lx 0x%lx next 0x%lx\n", what, (unsigned long)be64_at(slot),
              (unsigned long)be64_at(slot + 8), (unsigned long)be64_at(slot + 16));
}

void test_main(void)
{
    rt_printf("tokens: register 0x%x interlock 0x%x\n", tok_register, tok_interlock);
    rt_printf("register before rtas: %d\n", register_before_rtas);
    rt_printf("setprop linux,rtas-base: %d\n", setprop_ret);
    rt_printf("interlock unregistered: %d\n", nmi_interlock());

    sys_reset("unregistered self", 0);

    rt_printf("register sreset 32M: %d\n", nmi_register(32UL << 20, (uintptr_t)fwnmi_mce));
    rt_printf("register mce 32M: %d\n", nmi_register((uintptr_t)fwnmi_sreset, 32UL << 20));
    rt_printf("register both ~0: %d\n", nmi_register(0xffffffffUL, 0xffffffffUL));
    sys_reset("after bad registrations", 0);

    rt_printf("register: %d\n", nmi_register((uintptr_t)fwnmi_sreset, (uintptr_t)fwnmi_mce));
    rt_printf("interlock: %d\n", nmi_interlock());
    sys_reset("registered self", 0);
    sys_reset("registered all", SYS_RESET_ALL);
    sys_reset("registered all but self", SYS_RESET_ALLBUTSELF);

    /* A bad registration keeps the handlers there are. */
    rt_printf("register sreset 32M again: %d\n", nmi_register(32UL << 20, (uintptr_t)fwnmi_mce));
    sys_reset("after a bad one", 0);
}
