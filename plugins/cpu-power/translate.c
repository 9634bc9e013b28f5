/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The POWER frontend of accel-tcg: block translation, the emitters trans_* share, the engine hooks. */
#include "internal.h"

#include <inttypes.h>

/* capstone 4's cs_arch and cs_mode values (capstone.h), for -d in_asm. */
#define POWER_CS_ARCH_PPC 4
#define POWER_CS_MODE_64 (1 << 3)
#define POWER_CS_MODE_BIG_ENDIAN (1u << 31)

unsigned power_mmu_idx(guint64 msr, gboolean data)
{
    gboolean relocate = msr & MSR_BIT(data ? MSR_DR : MSR_IR);
    gboolean pr = msr & MSR_BIT(MSR_PR);
    gboolean hv = (msr & MSR_BIT(MSR_HV)) && !pr;

    if (!relocate) {
        return hv ? POWER_MMU_HV_REAL : POWER_MMU_REAL;
    }
    return pr ? POWER_MMU_USER : hv ? POWER_MMU_HV : POWER_MMU_KERNEL;
}

ModvmTcgTemp power_temp(PowerDisas *d)
{
    return modvm_tcg_temp_new(d->ctx);
}

ModvmTcgTemp power_const(PowerDisas *d, guint64 v)
{
    return modvm_tcg_const(d->ctx, v);
}

ModvmTcgTemp power_load_field(PowerDisas *d, gsize offset)
{
    ModvmTcgTemp t = power_temp(d);
    modvm_tcg_ld(d->ctx, MODVM_OP_LD64, t, offset);
    return t;
}

void power_store_field(PowerDisas *d, gsize offset, ModvmTcgTemp t)
{
    modvm_tcg_st(d->ctx, MODVM_OP_ST64, t, offset);
}

void power_store_imm(PowerDisas *d, gsize offset, guint64 v)
{
    power_store_field(d, offset, power_const(d, v));
}

ModvmTcgTemp power_load_gpr(PowerDisas *d, unsigned n)
{
    return power_load_field(d, GPR_OFF(n));
}

void power_store_gpr(PowerDisas *d, unsigned n, ModvmTcgTemp t)
{
    power_store_field(d, GPR_OFF(n), t);
}

void power_op(PowerDisas *d, ModvmTcgOpc opc, ModvmTcgTemp dst, ModvmTcgTemp a, ModvmTcgTemp b)
{
    modvm_tcg_op3(d->ctx, opc, dst, a, b);
}

void power_opi(PowerDisas *d, ModvmTcgOpc opc, ModvmTcgTemp dst, ModvmTcgTemp a, guint64 imm)
{
    modvm_tcg_opi(d->ctx, opc, dst, a, imm);
}

void power_op1(PowerDisas *d, ModvmTcgOpc opc, ModvmTcgTemp dst, ModvmTcgTemp a)
{
    modvm_tcg_op2(d->ctx, opc, dst, a);
}

/* crf[@bf] = lt << 3 | gt << 2 | eq << 1 | XER[SO] */
static void power_gen_set_crf(PowerDisas *d, unsigned bf, ModvmTcgTemp lt, ModvmTcgTemp gt,
                              ModvmTcgTemp eq)
{
    ModvmTcgTemp v = power_temp(d);

    power_opi(d, MODVM_OP_SHL, v, lt, 3);
    power_opi(d, MODVM_OP_SHL, gt, gt, 2);
    power_op(d, MODVM_OP_OR, v, v, gt);
    power_opi(d, MODVM_OP_SHL, eq, eq, 1);
    power_op(d, MODVM_OP_OR, v, v, eq);
    power_op(d, MODVM_OP_OR, v, v, power_load_field(d, CPU_OFF(regs.xer_so)));
    modvm_tcg_st(d->ctx, MODVM_OP_ST32, v, CRF_OFF(bf));
}

void power_gen_compare(PowerDisas *d, unsigned bf, ModvmTcgTemp a, ModvmTcgTemp b,
                       gboolean is_signed)
{
    ModvmTcgTemp lt = power_temp(d), gt = power_temp(d), eq = power_temp(d);

    modvm_tcg_setcond(d->ctx, is_signed ? MODVM_TCG_COND_LT : MODVM_TCG_COND_LTU, lt, a, b);
    modvm_tcg_setcond(d->ctx, is_signed ? MODVM_TCG_COND_GT : MODVM_TCG_COND_GTU, gt, a, b);
    modvm_tcg_setcond(d->ctx, MODVM_TCG_COND_EQ, eq, a, b);
    power_gen_set_crf(d, bf, lt, gt, eq);
}

/* Book I "Condition Register": in 32-bit mode CR0 compares the low 32 bits, signed. */
void power_gen_set_cr0(PowerDisas *d, ModvmTcgTemp result)
{
    ModvmTcgTemp t = result;

    if (!d->sf) {
        t = power_temp(d);
        power_op1(d, MODVM_OP_EXT32S, t, result);
    }
    power_gen_compare(d, 0, t, power_const(d, 0), TRUE);
}

void power_gen_narrow_ea(PowerDisas *d, ModvmTcgTemp ea)
{
    if (!d->sf) {
        power_op1(d, MODVM_OP_EXT32U, ea, ea);
    }
}

void power_gen_exception(PowerDisas *d, PowerExcp excp, guint64 error)
{
    power_store_imm(d, CPU_OFF(regs.nip), d->pc);
    power_store_imm(d, CPU_OFF(excp_error), error);
    modvm_tcg_exception(d->ctx, excp);
    d->end = POWER_DISAS_NORETURN;
}

void power_gen_program(PowerDisas *d, guint64 srr1_bits)
{
    power_gen_exception(d, POWER_EXCP_PROGRAM, srr1_bits);
}

/*
 * Book III: illegal instructions cause the Hypervisor Emulation Assistance
 * interrupt; do_interrupt turns it into the illegal-instruction Program
 * interrupt for a guest without hypervisor state, as QEMU's pseries does.
 */
void power_gen_illegal(PowerDisas *d)
{
    power_gen_exception(d, POWER_EXCP_HV_EMU, SRR1_PROGILL | (guint64)d->insn << 32);
}

void power_gen_priv(PowerDisas *d)
{
    power_gen_program(d, SRR1_PROGPRIV);
}

void power_gen_hvpriv(PowerDisas *d)
{
    power_gen_exception(d, POWER_EXCP_HV_EMU, SRR1_PROGPRIV | (guint64)d->insn << 32);
}

ModvmTcgTemp power_call(PowerDisas *d, const ModvmTcgHelper *h, ModvmTcgTemp a1,
                        ModvmTcgTemp a2, ModvmTcgTemp a3)
{
    ModvmTcgTemp args[4];
    ModvmTcgTemp ret = h->returns ? power_temp(d) : 0;
    guint n = 0;

    if (h->ptr_args & 1) {
        args[n++] = MODVM_TCG_CPU_TEMP;
    }
    args[n++] = a1;
    args[n++] = a2;
    args[n++] = a3;
    modvm_tcg_call(d->ctx, h, ret, args);
    return ret;
}

void power_gen_goto(PowerDisas *d, unsigned slot, guint64 target)
{
    if (!d->sf) {
        target = (guint32)target;
    }
    if (d->msr & MSR_BIT(MSR_SE)) {
        /* Book III "Trace Interrupt": after every instruction when MSR[SE]=1. */
        power_store_imm(d, CPU_OFF(regs.nip), target);
        power_store_imm(d, CPU_OFF(excp_error), 0);
        modvm_tcg_exception(d->ctx, POWER_EXCP_TRACE);
    } else {
        modvm_tcg_goto_tb(d->ctx, slot, target);
    }
    d->end = POWER_DISAS_NORETURN;
}

void power_gen_exit_after(PowerDisas *d)
{
    d->end = POWER_DISAS_UPDATE;
}

void power_raise(PowerCpu *cpu, PowerExcp excp, guint64 error)
{
    cpu->tcg.exception_index = excp;
    cpu->excp_error = error;
    cpu->tcg.rt->raise(&cpu->tcg);
}

void power_raise_illegal(PowerCpu *cpu)
{
    power_raise(cpu, POWER_EXCP_HV_EMU, SRR1_PROGILL);
}

guint64 power_mo_endian(PowerCpu *cpu)
{
    return (cpu->regs.msr & MSR_BIT(MSR_LE)) ? 0 : MODVM_MO_BE;
}

static void power_translate_one(PowerDisas *d)
{
    const PowerInsnDef *def = d->prefixed ? power_decode_prefixed(d->prefix, d->insn)
                                          : power_decode(d->insn);

    if (!def || def->isa > d->insn_isa) {
        power_gen_illegal(d);
        return;
    }
    /* Book I 1.6.3: R=1 with RA != 0 is an invalid form of the 8LS and MLS types (QEMU: illegal). */
    if (d->prefixed && !(F_PTYPE(d->prefix) & 1) && F_PR(d->prefix) && F_RA(d->insn)) {
        power_gen_illegal(d);
        return;
    }
    /* Book III "Floating-Point/Vector/VSX Unavailable Interrupt": before anything else. */
    if ((def->flags & INSN_FP) && !(d->msr & MSR_BIT(MSR_FP))) {
        power_gen_exception(d, POWER_EXCP_FPU, 0);
        return;
    }
    if ((def->flags & INSN_VEC) && !(d->msr & MSR_BIT(MSR_VEC))) {
        power_gen_exception(d, POWER_EXCP_VPU, 0);
        return;
    }
    if ((def->flags & INSN_VSX) && !(d->msr & MSR_BIT(MSR_VSX))) {
        power_gen_exception(d, POWER_EXCP_VSXU, 0);
        return;
    }
    if (def->flags & INSN_UNIMP) {
        modvm_log_unimp("power: %s (0x%08x at 0x%016" PRIx64 ") is not implemented yet\n",
                        def->name, d->insn, d->pc);
        power_gen_illegal(d);
        return;
    }
    if ((def->flags & INSN_PRIV) && d->pr) {
        power_gen_priv(d);
        return;
    }
    if ((def->flags & INSN_HV) && (d->pr || !d->hv)) {
        power_gen_priv(d);
        return;
    }
    if (!def->trans(d)) {
        power_gen_illegal(d);
    }
}

/*
 * The level the PCR limits problem state to (Book III "Processor
 * Compatibility Register"): the oldest level whose bit is set. The decode
 * table starts at ISA 2.06, so v2.05 (compat=power6) limits no more than
 * v2.06 does.
 */
static unsigned power_pcr_level(guint64 pcr)
{
    if (pcr & (POWER_PCR_V205 | POWER_PCR_V206)) {
        return POWER_TB_PCR_206;
    }
    if (pcr & POWER_PCR_V207) {
        return POWER_TB_PCR_207;
    }
    return (pcr & POWER_PCR_V300) ? POWER_TB_PCR_300 : POWER_TB_PCR_NONE;
}

static unsigned power_insn_isa(PowerCpu *cpu, guint64 flags)
{
    static const unsigned level_isa[] = {
        [POWER_TB_PCR_206] = ISA206, [POWER_TB_PCR_207] = ISA207, [POWER_TB_PCR_300] = ISA300,
    };
    unsigned level = (flags & POWER_TB_FLAGS_PCR) >> POWER_TB_FLAGS_PCR_SHIFT;

    return level == POWER_TB_PCR_NONE ? cpu->isa : MIN(cpu->isa, level_isa[level]);
}

static void power_translate(ModvmCpu *cs, ModvmTcgContext *ctx)
{
    PowerCpu *cpu = POWER_CPU(cs);
    PowerDisas d = {
        .ctx = ctx,
        .cpu = cpu,
        .msr = ctx->flags,
        .sf = (ctx->flags & MSR_BIT(MSR_SF)) != 0,
        .pr = (ctx->flags & MSR_BIT(MSR_PR)) != 0,
        .hv = (ctx->flags & MSR_BIT(MSR_HV)) && !(ctx->flags & MSR_BIT(MSR_PR)),
        .le = (ctx->flags & MSR_BIT(MSR_LE)) != 0,
        .mem_idx = power_mmu_idx(ctx->flags, TRUE),
        .isa = cpu->isa,
        .insn_isa = power_insn_isa(cpu, ctx->flags),
    };
    guint64 pc = ctx->pc_first;

    for (;;) {
        d.pc = pc;
        d.end = POWER_DISAS_NEXT;
        modvm_tcg_insn_start(ctx, pc);
        d.insn = modvm_tcg_fetch32(ctx, pc, !d.le);
        d.prefixed = FALSE;
        if ((d.insn >> 26) == 1 && d.insn_isa >= ISA310) {
            /*
             * A prefix (Power ISA v3.1 Book I 1.6.3) and its suffix never
             * cross a 64-byte boundary: one at 60 mod 64 is an alignment
             * interrupt (Book III 7.5.8), before the suffix is fetched. So
             * the suffix is always on the prefix's page.
             */
            if ((pc & 63) == 60) {
                power_gen_exception(&d, POWER_EXCP_ALIGN, 0);
                return;
            }
            d.prefix = d.insn;
            d.prefixed = TRUE;
            d.insn = modvm_tcg_fetch32(ctx, pc + 4, !d.le);
        }
        power_translate_one(&d);
        pc += d.prefixed ? 8 : 4;
        if (!d.sf) {
            pc = (guint32)pc;
        }
        if (d.end == POWER_DISAS_NORETURN) {
            return;
        }
        if (d.msr & MSR_BIT(MSR_SE)) {
            /* ISA 3.1 Book III 7.5.15: SRR1[34] says the traced instruction was prefixed. */
            power_store_imm(&d, CPU_OFF(regs.nip), pc);
            power_store_imm(&d, CPU_OFF(excp_error), d.prefixed ? PPC_BIT(34) : 0);
            modvm_tcg_exception(ctx, POWER_EXCP_TRACE);
            return;
        }
        if (d.end == POWER_DISAS_UPDATE) {
            power_store_imm(&d, CPU_OFF(regs.nip), pc);
            modvm_tcg_exit_tb(ctx);
            return;
        }
        if (modvm_tcg_block_full(ctx, pc)) {
            power_gen_goto(&d, 0, pc);
            return;
        }
    }
}

static void power_get_tb_state(ModvmCpu *cs, guint64 *pc, guint64 *flags)
{
    PowerCpu *cpu = POWER_CPU(cs);

    *pc = cpu->regs.nip;
    *flags = cpu->regs.msr & POWER_TB_FLAGS_MSR;
    if (*flags & MSR_BIT(MSR_PR)) {
        *flags |= (guint64)power_pcr_level(cpu->regs.spr[SPR_PCR]) << POWER_TB_FLAGS_PCR_SHIFT;
    }
}

static unsigned power_fetch_mmu_idx(guint64 flags)
{
    return power_mmu_idx(flags, FALSE);
}

static void power_disas_info(guint64 flags, int *cs_arch, int *cs_mode)
{
    *cs_arch = POWER_CS_ARCH_PPC;
    *cs_mode = (int)(POWER_CS_MODE_64 | ((flags & MSR_BIT(MSR_LE)) ? 0 : POWER_CS_MODE_BIG_ENDIAN));
}

/* The layout of QEMU's "info registers" for ppc64, so logs compare line by line. */
void power_cpu_dump_state(ModvmCpu *cs, GString *out)
{
    PowerCpu *cpu = POWER_CPU(cs);
    PowerRegs *r = &cpu->regs;

    g_string_append_printf(out, "NIP %016" PRIx64 "   LR %016" PRIx64 " CTR %016" PRIx64
                           " XER %016" PRIx64 " CPU#%u\n", r->nip, r->lr, r->ctr,
                           power_cpu_get_xer(cpu), modvm_cpu_index(cs));
    g_string_append_printf(out, "MSR %016" PRIx64 " HID0 %016" PRIx64 " iidx %u didx %u\n",
                           r->msr, r->spr[SPR_HID0], power_mmu_idx(r->msr, FALSE),
                           power_mmu_idx(r->msr, TRUE));
    for (int i = 0; i < 32; i++) {
        g_string_append_printf(out, "%sGPR%02d %016" PRIx64, (i & 3) ? " " : "", i, r->gpr[i]);
        if ((i & 3) == 3) {
            g_string_append_c(out, '\n');
        }
    }
    g_string_append_printf(out, "CR %08x  [", power_cpu_get_cr(cpu));
    for (int i = 0; i < 8; i++) {
        guint32 f = r->crf[i];
        g_string_append_printf(out, " %c%c", (f & 8) ? 'L' : (f & 4) ? 'G' : (f & 2) ? 'E' : '-',
                               (f & 1) ? 'O' : ' ');
    }
    g_string_append_printf(out, " ]             RES %016" PRIx64 "\n", r->reserve_addr);
    g_string_append_printf(out, " SRR0 %016" PRIx64 "  SRR1 %016" PRIx64 "    PVR %016" PRIx64
                           " VRSAVE %016" PRIx64 "\n", r->spr[SPR_SRR0], r->spr[SPR_SRR1],
                           r->spr[SPR_PVR], r->spr[SPR_VRSAVE]);
    g_string_append_printf(out, "SPRG0 %016" PRIx64 " SPRG1 %016" PRIx64 "  SPRG2 %016" PRIx64
                           "  SPRG3 %016" PRIx64 "\n", r->spr[SPR_SPRG0], r->spr[SPR_SPRG1],
                           r->spr[SPR_SPRG2], r->spr[SPR_SPRG3]);
    g_string_append_printf(out, "  DAR %016" PRIx64 " DSISR %016" PRIx64 " LPCR %016" PRIx64
                           "\n", r->spr[SPR_DAR], r->spr[SPR_DSISR], r->spr[SPR_LPCR]);
}

const ModvmTcgCpuOps power_tcg_ops = {
    .state_offset = offsetof(PowerCpu, tcg),
    .pc_offset = offsetof(PowerCpu, regs.nip),
    .get_tb_state = power_get_tb_state,
    .fetch_mmu_idx = power_fetch_mmu_idx,
    .translate = power_translate,
    .tlb_fill = power_cpu_tlb_fill,
    .unaligned = power_cpu_unaligned,
    .do_interrupt = power_cpu_do_interrupt,
    .exec_interrupt = power_cpu_exec_interrupt,
    .has_work = power_cpu_has_work,
    .dump_state = power_cpu_dump_state,
    .disas_info = power_disas_info,
};
