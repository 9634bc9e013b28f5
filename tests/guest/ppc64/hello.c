/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Smoke test: the handover from firmware, what the device tree says, console and power-off. */
#include "rt.h"

/*
 * The handover as QEMU's pseries with x-vof=on does it: entered at
 * kernel-addr (0x400000) in big-endian real mode with r3/r4 = initrd
 * start/size (0/0 here) and r5 = the client interface entry. The firmware
 * addresses and the RTAS token numbers are printed before the begin marker
 * only, since they are the firmware's business.
 */
void test_main(void)
{
    rt_printf("hello: world\n");
    rt_printf("entry r3 (initrd start): %lx\n", rt_boot.r3);
    rt_printf("entry r4 (initrd size): %lx\n", rt_boot.r4);
    rt_printf("entry r5 (client interface): %s\n", rt_boot.r5 ? "present" : "missing");
    rt_printf("entry msr le/pr/ir/dr: %d/%d/%d/%d\n", (rt_boot.msr & MSR_LE) != 0,
              (rt_boot.msr & MSR_PR) != 0, (rt_boot.msr & MSR_IR) != 0,
              (rt_boot.msr & MSR_DR) != 0);
    rt_printf("stdout: %s reg=0x%x\n",
              rt_boot.vty_from == 1 ? "/chosen stdout" :
              rt_boot.vty_from == 2 ? "linux,stdout-path" : "not found", rt_boot.vty);
    rt_printf("rtas power-off: %s\n", rt_boot.rtas_power_off ? "found" : "missing");
    rt_printf("memory@0 size: 0x%lx\n", rt_boot.mem_size);
    rt_printf("ibm,pft-size: %u\n", rt_boot.hpt_shift);
    rt_printf("h_set_mode interrupt byte order: %ld\n", (long)rt_boot.set_mode_ret);
    rt_printf("pvr: %08lx\n", rt_mfspr(287));
}
