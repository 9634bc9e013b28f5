/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Entry from pseries firmware, client interface calls, interrupt entry and problem-state calls. */

#include "rt-asm.h"

/*
 * The first word decodes as "tdi 0,0,0x48" (never traps) in the program's
 * byte order and as "b .+8" in the other one. In the other byte order the
 * words that follow, stored byte-reversed, flip MSR[LE] with rfid and land
 * on label 3; in our own order we skip them. Afterwards r12 says whether
 * the flip happened. QEMU's VOF enters the kernel in big-endian, whatever
 * the kernel's byte order (Linux's little-endian kernels do the same dance),
 * and the client interface returns to us in big-endian.
 * Clobbers r10, r11, r12.
 */
#define SWAP32(x) ((((x) >> 24) & 0xff) | (((x) >> 8) & 0xff00) | \
                   (((x) << 8) & 0xff0000) | (((x) & 0xff) << 24))
#define OTHER_ORDER(insn) .long SWAP32(insn)

.macro ENDIAN_FIXUP
	tdi	0,0,0x48
	b	2f
	OTHER_ORDER(0x7d6000a6)		/* mfmsr  r11 */
	OTHER_ORDER(0x696b0001)		/* xori   r11,r11,1   MSR[LE] */
	OTHER_ORDER(0x39800001)		/* li     r12,1 */
	OTHER_ORDER(0x7d7b03a6)		/* mtsrr1 r11 */
	OTHER_ORDER(0x429f0005)		/* bcl    20,31,.+4 */
	OTHER_ORDER(0x7d4802a6)		/* mflr   r10 */
	OTHER_ORDER(0x394a0014)		/* addi   r10,r10,20  (label 3) */
	OTHER_ORDER(0x7d5a03a6)		/* mtsrr0 r10 */
	OTHER_ORDER(0x4c000024)		/* rfid */
2:	li	%r12,0
3:
.endm

.macro LOADADDR reg, sym
	lis	\reg,\sym@h
	ori	\reg,\reg,\sym@l
.endm

	.section .text.entry,"ax",@progbits
	.globl	_start
_start:
	ENDIAN_FIXUP
	/* 64-bit mode (QEMU's VOF calls us with MSR=0) and machine checks on. */
	mfmsr	%r11
	xor	%r14,%r11,%r12		/* MSR as we were entered */
	li	%r10,1
	rldicr	%r10,%r10,63,0		/* MSR[SF] */
	ori	%r10,%r10,MSR_ME
	or	%r11,%r11,%r10
	mtmsrd	%r11
	isync
	mr	%r15,%r1		/* the firmware's stack */
	mr	%r16,%r12
	LOADADDR %r2,.TOC.
	/* Clear .bss (the loader may not), stack included. */
	LOADADDR %r9,__bss_start
	LOADADDR %r10,__bss_end
	li	%r0,0
1:	cmpld	%r9,%r10
	bge	2f
	std	%r0,0(%r9)
	addi	%r9,%r9,8
	b	1b
2:	LOADADDR %r1,rt_stack_top
	li	%r0,0
	stdu	%r0,-STACK_FRAME(%r1)
	/* rt_start(initrd, initrd_size, ci_entry, entry_msr, byte_order_flipped, firmware_r1) */
	mr	%r6,%r14
	mr	%r7,%r16
	mr	%r8,%r15
	bl	rt_start
	nop
	b	.

/*
 * uint32_t rt_ci_call(uint32_t args, uint64_t entry): calls the IEEE 1275
 * client interface, which is 32-bit big-endian code, in 32-bit big-endian
 * mode with the interrupted MSR otherwise unchanged. The callee saves only
 * the low halves of the non-volatile registers, so we save all of them.
 */
#define CI_FRAME	(STACK_FRAME + 8 * 32 + 16)
#define CI_SAVE(n)	(STACK_FRAME + 8 * (n))

	.text
	.globl	rt_ci_call
	.type	rt_ci_call,@function
rt_ci_call:
	mflr	%r0
	std	%r0,16(%r1)
	stdu	%r1,-CI_FRAME(%r1)
	.irp	n,2,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	std	%r\n,CI_SAVE(\n)(%r1)
	.endr
	mfcr	%r0
	std	%r0,CI_SAVE(0)(%r1)
	mfmsr	%r11
	std	%r11,CI_SAVE(1)(%r1)
	li	%r12,1
	rldicr	%r12,%r12,63,0
	ori	%r12,%r12,1		/* MSR[SF] | MSR[LE] */
	andc	%r11,%r11,%r12
	mtsrr1	%r11
	mtsrr0	%r4
	LOADADDR %r10,ci_return
	mtlr	%r10
	rfid
ci_return:
	ENDIAN_FIXUP
	ld	%r11,CI_SAVE(1)(%r1)
	LOADADDR %r10,1f
	mtsrr0	%r10
	mtsrr1	%r11
	rfid
1:	.irp	n,2,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	%r\n,CI_SAVE(\n)(%r1)
	.endr
	ld	%r0,CI_SAVE(0)(%r1)
	mtcrf	0xff,%r0
	clrldi	%r3,%r3,32
	addi	%r1,%r1,CI_FRAME
	ld	%r0,16(%r1)
	mtlr	%r0
	blr
	.size	rt_ci_call,.-rt_ci_call

/*
 * Interrupt entry. Each vector holds "mtsprg1 r3; li r3,VECTOR; ba
 * rt_exc_entry" (written by rt.c). All registers go to rt_frame, the C
 * handler may change any of them, and rfid resumes from the frame.
 * Not reentrant: an interrupt inside the handler is reported and fatal.
 */
	.globl	rt_exc_entry
	.type	rt_exc_entry,@function
rt_exc_entry:
	mtsprg2	%r4
	LOADADDR %r4,rt_frame
	std	%r0,FRAME_GPR(0)(%r4)
	std	%r1,FRAME_GPR(1)(%r4)
	std	%r2,FRAME_GPR(2)(%r4)
	.irp	n,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	std	%r\n,FRAME_GPR(\n)(%r4)
	.endr
	std	%r3,FRAME_VEC(%r4)
	mfsprg1	%r0
	std	%r0,FRAME_GPR(3)(%r4)
	mfsprg2	%r0
	std	%r0,FRAME_GPR(4)(%r4)
	mfsrr0	%r0
	std	%r0,FRAME_SRR0(%r4)
	mfsrr1	%r0
	std	%r0,FRAME_SRR1(%r4)
	mfdar	%r0
	std	%r0,FRAME_DAR(%r4)
	mfdsisr	%r0
	std	%r0,FRAME_DSISR(%r4)
	mflr	%r0
	std	%r0,FRAME_LR(%r4)
	mfctr	%r0
	std	%r0,FRAME_CTR(%r4)
	mfxer	%r0
	std	%r0,FRAME_XER(%r4)
	mfcr	%r0
	std	%r0,FRAME_CR(%r4)
	LOADADDR %r1,rt_exc_stack_top
	li	%r0,0
	stdu	%r0,-STACK_FRAME(%r1)
	LOADADDR %r2,.TOC.
	mr	%r3,%r4
	bl	rt_exception
	nop
	LOADADDR %r4,rt_frame
	ld	%r0,FRAME_SRR0(%r4)
	mtsrr0	%r0
	ld	%r0,FRAME_SRR1(%r4)
	mtsrr1	%r0
	ld	%r0,FRAME_LR(%r4)
	mtlr	%r0
	ld	%r0,FRAME_CTR(%r4)
	mtctr	%r0
	ld	%r0,FRAME_XER(%r4)
	mtxer	%r0
	ld	%r0,FRAME_CR(%r4)
	mtcrf	0xff,%r0
	.irp	n,0,1,2,3,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	%r\n,FRAME_GPR(\n)(%r4)
	.endr
	ld	%r4,FRAME_GPR(4)(%r4)
	rfid
	.size	rt_exc_entry,.-rt_exc_entry

/*
 * long rt_run_mode(long (*fn)(long), long arg, void *stack_top, uint64_t
 * msr_set): calls fn with msr_set ORed into the current MSR (MSR[PR] for
 * problem state) and returns its result. The function returns through
 * rt_user_exit, whose "sc" brings us back to rt_user_resume with the MSR we
 * had; an interrupt that aborts the function (see rt.c) resumes there as
 * well with RT_USER_ABORTED.
 */
#define USER_FRAME	(STACK_FRAME + 8 * 32 + 16)

	.globl	rt_run_mode
	.type	rt_run_mode,@function
rt_run_mode:
	mflr	%r0
	std	%r0,16(%r1)
	stdu	%r1,-USER_FRAME(%r1)
	.irp	n,2,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	std	%r\n,CI_SAVE(\n)(%r1)
	.endr
	mfcr	%r0
	std	%r0,CI_SAVE(0)(%r1)
	LOADADDR %r8,rt_user_ctx
	std	%r1,0(%r8)
	mfmsr	%r7
	std	%r7,8(%r8)
	or	%r7,%r7,%r6
	mtsrr1	%r7
	mtsrr0	%r3
	mr	%r12,%r3
	mr	%r3,%r4
	li	%r0,0
	stdu	%r0,-STACK_FRAME(%r5)
	mr	%r1,%r5
	LOADADDR %r6,rt_user_exit
	mtlr	%r6
	rfid

	.globl	rt_user_exit
rt_user_exit:
	li	%r0,RT_SC_USER_EXIT
	sc
	b	.

	.globl	rt_user_resume
rt_user_resume:
	LOADADDR %r6,rt_user_ctx
	ld	%r1,0(%r6)
	.irp	n,2,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	%r\n,CI_SAVE(\n)(%r1)
	.endr
	ld	%r0,CI_SAVE(0)(%r1)
	mtcrf	0xff,%r0
	addi	%r1,%r1,USER_FRAME
	ld	%r0,16(%r1)
	mtlr	%r0
	blr
	.size	rt_run_mode,.-rt_run_mode

/* Stacks: the program's, the interrupt handler's and the problem-state one. */
	.section .bss.stacks,"aw",@nobits
	.balign	16
	.space	65536
rt_stack_top:
	.space	16384
rt_exc_stack_top:
	.space	16384
	.globl	rt_user_stack_top
rt_user_stack_top:
	.space	16
