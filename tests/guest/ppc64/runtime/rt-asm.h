/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Constants shared by the guest runtime's assembly and C. */
#ifndef RT_ASM_H
#define RT_ASM_H

#define STACK_FRAME     64      /* ELFv2 minimum frame (32) rounded up */

/* struct rt_frame, see rt.h */
#define FRAME_GPR(n)    (8 * (n))
#define FRAME_VEC       256
#define FRAME_SRR0      264
#define FRAME_SRR1      272
#define FRAME_DAR       280
#define FRAME_DSISR     288
#define FRAME_LR        296
#define FRAME_CTR       304
#define FRAME_XER       312
#define FRAME_CR        320
#define FRAME_SIZE      328

/* MSR bits (Power ISA v3.0B Book III 4.2.1), as masks of the 64-bit MSR */
#define MSR_SF          0x8000000000000000
#define MSR_VEC         0x0000000002000000
#define MSR_VSX         0x0000000000800000
#define MSR_EE          0x8000
#define MSR_PR          0x4000
#define MSR_FP          0x2000
#define MSR_ME          0x1000
#define MSR_FE0         0x0800
#define MSR_SE          0x0400
#define MSR_BE          0x0200
#define MSR_FE1         0x0100
#define MSR_IR          0x0020
#define MSR_DR          0x0010
#define MSR_RI          0x0002
#define MSR_LE          0x0001

/* r0 value of the "sc" that ends a problem-state call */
#define RT_SC_USER_EXIT 0x7ead

#endif
