/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Branches, the condition register, and system calls (Power ISA Book I chapter 2, Book III sc/scv). */
#include "internal.h"

static guint64 next_pc(PowerDisas *d)
{
    return d->sf ? d->pc + 4 : (guint32)(d->pc + 4);
}

/* The CR bit @bi as 0 or 1. */
static ModvmTcgTemp gen_load_crbit(PowerDisas *d, unsigned bi)
{
    ModvmTcgTemp crf = power_temp(d), bit = power_temp(d);

    modvm_tcg_ld(d->ctx, MODVM_OP_LD32U, crf, CRF_OFF(bi >> 2));
    modvm_tcg_field(d->ctx, MODVM_OP_EXTRACT, bit, crf, 0, 3 - (bi & 3), 1);
    return bit;
}

static void gen_update_cfar(PowerDisas *d)
{
    power_store_imm(d, SPR_OFF(SPR_CFAR), d->pc);
}

/* Indirect branch to the address in @target (already word aligned and narrowed). */
static void gen_goto_indirect(PowerDisas *d, ModvmTcgTemp target)
{
    power_store_field(d, CPU_OFF(regs.nip), target);
    if (d->msr & MSR_BIT(MSR_SE)) {
        power_store_imm(d, CPU_OFF(excp_error), 0);
        modvm_tcg_exception(d->ctx, POWER_EXCP_TRACE);
    } else {
        modvm_tcg_lookup_and_goto(d->ctx);
    }
    d->end = POWER_DISAS_NORETURN;
}

gboolean trans_b(PowerDisas *d)
{
    gint64 li = (gint64)((gint32)((d->insn & 0x03fffffc) << 6) >> 6);
    guint64 target = (d->insn & 2) ? (guint64)li : d->pc + li;

    if (d->insn & 1) {
        power_store_imm(d, CPU_OFF(regs.lr), next_pc(d));
    }
    gen_update_cfar(d);
    power_gen_goto(d, 0, target);
    return TRUE;
}

/*
 * The BO field (Book I 2.4): 0x10 ignore the CR bit, 0x08 the value it
 * must have, 0x04 leave CTR alone, 0x02 branch if CTR (decremented) is 0
 * rather than non-zero. In 32-bit mode the CTR test looks at its low word.
 * Returns the "branch taken" temp, or 0 when the branch is always taken.
 */
static ModvmTcgTemp gen_bo_condition(PowerDisas *d, gboolean test_before_decrement)
{
    unsigned bo = F_BO(d->insn), bi = F_BI(d->insn);
    ModvmTcgTemp ok = 0;
    ModvmTcgTemp zero = power_const(d, 0);

    if (!(bo & 0x04)) {
        ModvmTcgTemp ctr = power_load_field(d, CPU_OFF(regs.ctr)), c = ctr;
        ok = power_temp(d);
        if (test_before_decrement) {
            c = power_temp(d);
            modvm_tcg_mov(d->ctx, c, ctr);
        }
        power_opi(d, MODVM_OP_SUB, ctr, ctr, 1);
        power_store_field(d, CPU_OFF(regs.ctr), ctr);
        if (!d->sf) {
            ModvmTcgTemp src = c;
            c = power_temp(d);
            power_op1(d, MODVM_OP_EXT32U, c, src);
        }
        modvm_tcg_setcond(d->ctx, (bo & 0x02) ? MODVM_TCG_COND_EQ : MODVM_TCG_COND_NE, ok, c,
                          zero);
    }
    if (!(bo & 0x10)) {
        ModvmTcgTemp cond = power_temp(d);
        modvm_tcg_setcond(d->ctx, (bo & 0x08) ? MODVM_TCG_COND_NE : MODVM_TCG_COND_EQ, cond,
                          gen_load_crbit(d, bi), zero);
        if (ok) {
            power_op(d, MODVM_OP_AND, ok, ok, cond);
        } else {
            ok = cond;
        }
    }
    return ok;
}

gboolean trans_bc(PowerDisas *d)
{
    gint64 bd = (gint16)(d->insn & 0xfffc);
    guint64 target = (d->insn & 2) ? (guint64)bd : d->pc + bd;
    ModvmTcgTemp ok;

    if (d->insn & 1) {
        power_store_imm(d, CPU_OFF(regs.lr), next_pc(d));
    }
    gen_update_cfar(d);
    ok = gen_bo_condition(d, FALSE);
    if (ok) {
        ModvmTcgLabel taken = modvm_tcg_label_new(d->ctx);
        modvm_tcg_brcond(d->ctx, MODVM_TCG_COND_NE, ok, power_const(d, 0), taken);
        power_gen_goto(d, 1, next_pc(d));
        modvm_tcg_set_label(d->ctx, taken);
    }
    power_gen_goto(d, 0, target);
    return TRUE;
}

/*
 * bclr, bcctr, bctar: the target register is read before LR is set (bclrl).
 * @ctr_test_first: test CTR before decrementing it (bcctr's decrement form).
 */
static gboolean gen_bc_indirect(PowerDisas *d, gsize reg_offset, gboolean ctr_test_first)
{
    ModvmTcgTemp target = power_load_field(d, reg_offset);
    ModvmTcgTemp ok;

    power_opi(d, MODVM_OP_AND, target, target, ~3ull);
    power_gen_narrow_ea(d, target);
    if (d->insn & 1) {
        power_store_imm(d, CPU_OFF(regs.lr), next_pc(d));
    }
    gen_update_cfar(d);
    ok = gen_bo_condition(d, ctr_test_first);
    if (ok) {
        ModvmTcgLabel not_taken = modvm_tcg_label_new(d->ctx);
        modvm_tcg_brcond(d->ctx, MODVM_TCG_COND_EQ, ok, power_const(d, 0), not_taken);
        gen_goto_indirect(d, target);
        modvm_tcg_set_label(d->ctx, not_taken);
        power_gen_goto(d, 1, next_pc(d));
    } else {
        gen_goto_indirect(d, target);
    }
    return TRUE;
}

gboolean trans_bclr(PowerDisas *d)
{
    return gen_bc_indirect(d, CPU_OFF(regs.lr), FALSE);
}

/*
 * bcctr with BO[2]=0 is an invalid form in the ISA, but 64-bit server
 * processors of ISA 2.x onwards "test and decrement": the branch depends on
 * CTR before it is decremented and goes to that old CTR. Linux uses
 * `bcctr 2,0,0` this way to flush the count cache (Spectre v2, cap-ibs=
 * workaround); QEMU's TCG runs it the same way on these models.
 */
gboolean trans_bcctr(PowerDisas *d)
{
    return gen_bc_indirect(d, CPU_OFF(regs.ctr), !(F_BO(d->insn) & 0x04));
}

/* bctar (ISA 2.07): in problem state it needs FSCR[TAR] (Book III "Facility Status"). */
static void helper_check_fscr(PowerCpu *cpu, guint64 bit, guint64 cause)
{
    guint64 *fscr = &cpu->regs.spr[SPR_FSCR];

    if (!(*fscr & (1ull << bit))) {
        *fscr = (*fscr & ~(0xffull << FSCR_IC_SHIFT)) | (cause << FSCR_IC_SHIFT);
        power_raise(cpu, POWER_EXCP_FU, 0);
    }
}

static const ModvmTcgHelper h_check_fscr = {
    "check_fscr", (gpointer)helper_check_fscr, 3, FALSE, 1, FALSE
};

void power_gen_check_fscr(PowerDisas *d, unsigned bit, unsigned cause)
{
    power_call(d, &h_check_fscr, power_const(d, bit), power_const(d, cause), 0);
}

gboolean trans_bctar(PowerDisas *d)
{
    if (d->pr) {
        power_gen_check_fscr(d, FSCR_TAR, FSCR_IC_TAR);
    }
    return gen_bc_indirect(d, CPU_OFF(regs.tar), FALSE);
}

/* CR logical operations (Book I 2.5.1): CR[BT] <- CR[BA] op CR[BB]. */
static gboolean gen_crlogic(PowerDisas *d, ModvmTcgOpc opc)
{
    unsigned bt = F_RT(d->insn), ba = F_RA(d->insn), bb = F_RB(d->insn);
    ModvmTcgTemp v = power_temp(d), crf = power_temp(d);

    power_op(d, opc, v, gen_load_crbit(d, ba), gen_load_crbit(d, bb));
    modvm_tcg_ld(d->ctx, MODVM_OP_LD32U, crf, CRF_OFF(bt >> 2));
    modvm_tcg_field(d->ctx, MODVM_OP_DEPOSIT, crf, crf, v, 3 - (bt & 3), 1);
    modvm_tcg_st(d->ctx, MODVM_OP_ST32, crf, CRF_OFF(bt >> 2));
    return TRUE;
}

gboolean trans_crand(PowerDisas *d)
{
    return gen_crlogic(d, MODVM_OP_AND);
}

gboolean trans_crnand(PowerDisas *d)
{
    return gen_crlogic(d, MODVM_OP_NAND);
}

gboolean trans_cror(PowerDisas *d)
{
    return gen_crlogic(d, MODVM_OP_OR);
}

gboolean trans_crxor(PowerDisas *d)
{
    return gen_crlogic(d, MODVM_OP_XOR);
}

gboolean trans_crnor(PowerDisas *d)
{
    return gen_crlogic(d, MODVM_OP_NOR);
}

gboolean trans_creqv(PowerDisas *d)
{
    return gen_crlogic(d, MODVM_OP_EQV);
}

gboolean trans_crandc(PowerDisas *d)
{
    return gen_crlogic(d, MODVM_OP_ANDC);
}

gboolean trans_crorc(PowerDisas *d)
{
    return gen_crlogic(d, MODVM_OP_ORC);
}

gboolean trans_mcrf(PowerDisas *d)
{
    ModvmTcgTemp v = power_temp(d);

    modvm_tcg_ld(d->ctx, MODVM_OP_LD32U, v, CRF_OFF(F_BFA(d->insn)));
    modvm_tcg_st(d->ctx, MODVM_OP_ST32, v, CRF_OFF(F_BF(d->insn)));
    return TRUE;
}

/*
 * mtcrf/mtocrf (bit 20 selects the one-field form). An mtocrf whose FXM
 * has other than one bit set changes nothing, as in QEMU.
 */
gboolean trans_mtcrf(PowerDisas *d)
{
    unsigned fxm = (d->insn >> 12) & 0xff;
    ModvmTcgTemp rs = power_load_gpr(d, F_RS(d->insn));

    if ((d->insn & 0x00100000) && (fxm == 0 || (fxm & (fxm - 1)))) {
        return TRUE;
    }
    for (unsigned crn = 0; crn < 8; crn++) {
        if (fxm & (1u << crn)) {
            ModvmTcgTemp f = power_temp(d);
            modvm_tcg_field(d->ctx, MODVM_OP_EXTRACT, f, rs, 0, crn * 4, 4);
            modvm_tcg_st(d->ctx, MODVM_OP_ST32, f, CRF_OFF(7 - crn));
        }
    }
    return TRUE;
}

/* mfcr, and mfocrf (bit 20) which gives one field and zeroes (QEMU: leaves RT if FXM is bad). */
gboolean trans_mfcr(PowerDisas *d)
{
    unsigned fxm = (d->insn >> 12) & 0xff;
    ModvmTcgTemp res = power_const(d, 0);

    if (d->insn & 0x00100000) {
        if (fxm == 0 || (fxm & (fxm - 1))) {
            return TRUE;
        }
        fxm = 1u << __builtin_ctz(fxm);
    } else {
        fxm = 0xff;
    }
    for (unsigned crn = 0; crn < 8; crn++) {
        if (fxm & (1u << crn)) {
            ModvmTcgTemp f = power_temp(d);
            modvm_tcg_ld(d->ctx, MODVM_OP_LD32U, f, CRF_OFF(7 - crn));
            modvm_tcg_field(d->ctx, MODVM_OP_DEPOSIT, res, res, f, crn * 4, 4);
        }
    }
    power_store_gpr(d, F_RT(d->insn), res);
    return TRUE;
}

/* mcrxrx (ISA 3.0): CR[BF] <- OV || OV32 || CA || CA32 */
gboolean trans_mcrxrx(PowerDisas *d)
{
    static const gsize bits[4] = {
        CPU_OFF(regs.xer_ov), CPU_OFF(regs.xer_ov32), CPU_OFF(regs.xer_ca), CPU_OFF(regs.xer_ca32)
    };
    ModvmTcgTemp v = power_const(d, 0);

    for (int i = 0; i < 4; i++) {
        ModvmTcgTemp b = power_load_field(d, bits[i]);
        power_opi(d, MODVM_OP_SHL, b, b, 3 - i);
        power_op(d, MODVM_OP_OR, v, v, b);
    }
    modvm_tcg_st(d->ctx, MODVM_OP_ST32, v, CRF_OFF(F_BF(d->insn)));
    return TRUE;
}

/* setb (ISA 3.0): RT <- -1 if CR[BFA] has LT, else 1 if GT, else 0. */
gboolean trans_setb(PowerDisas *d)
{
    ModvmTcgTemp crf = power_temp(d), t = power_temp(d), res = power_temp(d);
    ModvmTcgTemp zero = power_const(d, 0);

    modvm_tcg_ld(d->ctx, MODVM_OP_LD32U, crf, CRF_OFF(F_BFA(d->insn)));
    power_opi(d, MODVM_OP_AND, t, crf, 4);
    modvm_tcg_movcond(d->ctx, MODVM_TCG_COND_NE, res, t, zero, power_const(d, 1), zero);
    power_opi(d, MODVM_OP_AND, t, crf, 8);
    modvm_tcg_movcond(d->ctx, MODVM_TCG_COND_NE, res, t, zero, power_const(d, ~0ull), res);
    power_store_gpr(d, F_RT(d->insn), res);
    return TRUE;
}

/*
 * sc 1 is a hypercall: the machine's handler (PAPR) runs it and the guest
 * continues after the sc; nip is set first so that the handler may
 * redirect it. Without a handler it is the System Call interrupt that
 * raises MSR[HV] (Book III "System Call Interrupt").
 */
static void helper_sc1(PowerCpu *cpu)
{
    guint64 pc = cpu->regs.nip;     /* the sc's own address, stored before the call */

    cpu->regs.nip = (cpu->regs.msr & MSR_BIT(MSR_SF)) ? pc + 4 : (guint32)(pc + 4);
    if (!modvm_cpu_hypercall(MODVM_CPU(cpu))) {
        power_raise(cpu, POWER_EXCP_SYSCALL, 1);
    }
}

static const ModvmTcgHelper h_sc1 = { "sc1", (gpointer)helper_sc1, 1, FALSE, 1, FALSE };

gboolean trans_sc(PowerDisas *d)
{
    unsigned lev = (d->insn >> 5) & 0x7f;

    if (lev == 1) {
        power_store_imm(d, CPU_OFF(regs.nip), d->pc);
        power_call(d, &h_sc1, 0, 0, 0);
        modvm_tcg_exit_tb(d->ctx);
        d->end = POWER_DISAS_NORETURN;
        return TRUE;
    }
    power_gen_exception(d, POWER_EXCP_SYSCALL, lev);
    return TRUE;
}

/* scv (ISA 3.0): needs FSCR[SCV], else the Facility Unavailable interrupt. */
static void helper_scv(PowerCpu *cpu, guint64 lev)
{
    helper_check_fscr(cpu, FSCR_SCV, FSCR_IC_SCV);
    power_raise(cpu, POWER_EXCP_SYSCALL_VECTORED, lev);
}

static const ModvmTcgHelper h_scv = { "scv", (gpointer)helper_scv, 2, FALSE, 1, FALSE };

gboolean trans_scv(PowerDisas *d)
{
    power_store_imm(d, CPU_OFF(regs.nip), d->pc);
    power_call(d, &h_scv, power_const(d, (d->insn >> 5) & 0x7f), 0, 0);
    modvm_tcg_exit_tb(d->ctx);
    d->end = POWER_DISAS_NORETURN;
    return TRUE;
}
