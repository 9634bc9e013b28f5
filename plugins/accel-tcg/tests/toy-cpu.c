/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The toy frontend: decodes the toy ISA into accel-tcg's IR; and a machine to run it in. */
#include "toy-cpu.h"

#define REG(i) (G_STRUCT_OFFSET(ToyCpu, r) + 8 * (i))
#define PC G_STRUCT_OFFSET(ToyCpu, pc)

/* Helpers */

static guint64 h_ret42(void) { return 42; }
static guint64 h_neg(guint64 a) { return -a; }
static guint64 h_sub(guint64 a, guint64 b) { return a - b; }
static guint64 h_mix3(guint64 a, guint64 b, guint64 c) { return a * 3 + b * 5 + c * 7; }
static guint64 h_mix4(guint64 a, guint64 b, guint64 c, guint64 d)
{
    return a ^ (b << 1) ^ (c << 2) ^ (d << 3);
}
static guint64 h_mix5(guint64 a, guint64 b, guint64 c, guint64 d, guint64 e)
{
    return a + 2 * b + 3 * c + 4 * d + 5 * e;
}
static guint64 h_mix6(guint64 a, guint64 b, guint64 c, guint64 d, guint64 e, guint64 f)
{
    return a * 11 + b * 13 + c * 17 + d * 19 + e * 23 + f * 29;
}
static guint64 h_cpu_sum(ToyCpu *cpu, guint64 a) { return cpu->r[2] + a; }
static void h_void_set(ToyCpu *cpu, guint64 a, guint64 b) { cpu->r[9] = a * b; }
static guint64 h_ptr_mid(guint64 a, ToyCpu *cpu, guint64 b) { return a + b + cpu->r[3]; }
static guint64 h_six_ptr(ToyCpu *cpu, guint64 a, guint64 b, guint64 c, guint64 d, guint64 e)
{
    return cpu->r[7] + a + 2 * b + 3 * c + 4 * d + 5 * e;
}

static void h_halt(ToyCpu *cpu)
{
    cpu->tcg.halted = TRUE;
}

static guint64 h_lbh(ToyCpu *cpu, guint64 addr)
{
    return cpu->tcg.rt->load(&cpu->tcg, addr, MODVM_MO_8, 0);
}

static void h_sbh(ToyCpu *cpu, guint64 addr, guint64 v)
{
    cpu->tcg.rt->store(&cpu->tcg, addr, v, MODVM_MO_8, 0);
}

static void h_remap(ToyCpu *cpu, guint64 ppage, guint64 how)
{
    const ModvmTcgRuntime *rt = cpu->tcg.rt;

    cpu->remap_ppage = ppage;
    if (how == 0) {
        rt->tlb_flush_page(&cpu->tcg, cpu->remap_vpage);
    } else if (how == 1) {
        rt->tlb_flush(&cpu->tcg);
    } else {
        rt->tlb_flush_all_cpus(&cpu->tcg);
    }
}

static guint64 h_probe(ToyCpu *cpu, guint64 addr)
{
    const guint8 *p = cpu->tcg.rt->probe(&cpu->tcg, addr, MODVM_TCG_ACCESS_LOAD, 0);
    return p ? *p : 0xdead;
}

#define HELPER(n, f, na, ret, ptr, pure_) \
    static const ModvmTcgHelper helper_##n = { #n, (gpointer)(f), na, ret, ptr, pure_ }

HELPER(ret42, h_ret42, 0, TRUE, 0, TRUE);
HELPER(neg, h_neg, 1, TRUE, 0, TRUE);
HELPER(sub, h_sub, 2, TRUE, 0, TRUE);
HELPER(mix3, h_mix3, 3, TRUE, 0, TRUE);
HELPER(mix4, h_mix4, 4, TRUE, 0, FALSE);
HELPER(mix5, h_mix5, 5, TRUE, 0, FALSE);
HELPER(mix6, h_mix6, 6, TRUE, 0, TRUE);
HELPER(cpu_sum, h_cpu_sum, 2, TRUE, 1 << 0, FALSE);
HELPER(void_set, h_void_set, 3, FALSE, 1 << 0, FALSE);
HELPER(ptr_mid, h_ptr_mid, 3, TRUE, 1 << 1, FALSE);
HELPER(six_ptr, h_six_ptr, 6, TRUE, 1 << 0, FALSE);
HELPER(halt, h_halt, 1, FALSE, 1 << 0, FALSE);
HELPER(lbh, h_lbh, 2, TRUE, 1 << 0, FALSE);
HELPER(sbh, h_sbh, 3, FALSE, 1 << 0, FALSE);
HELPER(remap, h_remap, 3, FALSE, 1 << 0, FALSE);
HELPER(probe, h_probe, 2, TRUE, 1 << 0, FALSE);

const ModvmTcgHelper *const toy_helpers[] = {
    &helper_ret42, &helper_neg, &helper_sub, &helper_mix3, &helper_mix4, &helper_mix5,
    &helper_mix6, &helper_cpu_sum, &helper_void_set, &helper_ptr_mid, &helper_six_ptr,
};
guint toy_n_helpers = G_N_ELEMENTS(toy_helpers);

/* Translation */

static ModvmTcgTemp load_reg(ModvmTcgContext *ctx, guint r)
{
    ModvmTcgTemp t = modvm_tcg_temp_new(ctx);
    modvm_tcg_ld(ctx, MODVM_OP_LD64, t, REG(r));
    return t;
}

static void store_reg(ModvmTcgContext *ctx, guint r, ModvmTcgTemp t)
{
    modvm_tcg_st(ctx, MODVM_OP_ST64, t, REG(r));
}

static void set_pc(ModvmTcgContext *ctx, guint64 pc)
{
    modvm_tcg_st(ctx, MODVM_OP_ST64, modvm_tcg_const(ctx, pc), PC);
}

static ModvmTcgTemp address(ModvmTcgContext *ctx, guint ra, gint imm)
{
    ModvmTcgTemp a = modvm_tcg_temp_new(ctx);
    modvm_tcg_opi(ctx, MODVM_OP_ADD, a, load_reg(ctx, ra), (guint64)(gint64)imm);
    return a;
}

static void call(ModvmTcgContext *ctx, const ModvmTcgHelper *h, ModvmTcgTemp d,
                 const ModvmTcgTemp *args)
{
    if (h->nargs <= 4) {
        modvm_tcg_call(ctx, h, d, args);
    } else {
        modvm_tcg_call6(ctx, h, d, args);
    }
}

static gboolean raise_at(ModvmTcgContext *ctx, guint64 pc, int excp)
{
    set_pc(ctx, pc);
    modvm_tcg_exception(ctx, excp);
    return TRUE;
}

static const unsigned load_memop[] = {
    [TOY_LB - TOY_LB] = MODVM_MO_8,
    [TOY_LHB - TOY_LB] = MODVM_MO_16 | MODVM_MO_BE,
    [TOY_LWB - TOY_LB] = MODVM_MO_32 | MODVM_MO_BE,
    [TOY_LDB - TOY_LB] = MODVM_MO_64 | MODVM_MO_BE,
    [TOY_LHL - TOY_LB] = MODVM_MO_16,
    [TOY_LWL - TOY_LB] = MODVM_MO_32,
    [TOY_LDL - TOY_LB] = MODVM_MO_64,
    [TOY_LWBS - TOY_LB] = MODVM_MO_32 | MODVM_MO_BE | MODVM_MO_SIGN,
};

static const unsigned store_memop[] = {
    [TOY_SB - TOY_SB] = MODVM_MO_8,
    [TOY_SHB - TOY_SB] = MODVM_MO_16 | MODVM_MO_BE,
    [TOY_SWB - TOY_SB] = MODVM_MO_32 | MODVM_MO_BE,
    [TOY_SDB - TOY_SB] = MODVM_MO_64 | MODVM_MO_BE,
    [TOY_SHL - TOY_SB] = MODVM_MO_16,
    [TOY_SWL - TOY_SB] = MODVM_MO_32,
    [TOY_SDL - TOY_SB] = MODVM_MO_64,
};

/* One instruction; TRUE when it ends the block. *len is its length. */
static gboolean translate_insn(ModvmTcgContext *ctx, guint64 pc, guint32 insn, guint *len)
{
    guint op = insn >> 24, rd = (insn >> 20) & 15, ra = (insn >> 16) & 15, rb = (insn >> 12) & 15;
    gint imm12 = ((gint32)(insn << 20)) >> 20;
    gint imm20 = ((gint32)(insn << 12)) >> 12;
    ModvmTcgTemp t, a, b;

    *len = 4;
    switch (op) {
    case TOY_LI:
        store_reg(ctx, rd, modvm_tcg_const(ctx, (guint64)(gint64)imm20));
        return FALSE;
    case TOY_LIW:
        *len = 8;
        store_reg(ctx, rd, modvm_tcg_const(ctx, modvm_tcg_fetch32(ctx, pc + 4, TRUE)));
        return FALSE;
    case TOY_LUI:
        t = modvm_tcg_temp_new(ctx);
        modvm_tcg_opi(ctx, MODVM_OP_SHL, t, load_reg(ctx, rd), 20);
        modvm_tcg_opi(ctx, MODVM_OP_OR, t, t, insn & 0xfffff);
        store_reg(ctx, rd, t);
        return FALSE;
    case TOY_ADD: case TOY_SUB: case TOY_MUL: case TOY_DIVU: {
        static const ModvmTcgOpc opc[] = { MODVM_OP_ADD, MODVM_OP_SUB, MODVM_OP_MUL,
                                           MODVM_OP_DIVU };
        t = modvm_tcg_temp_new(ctx);
        a = load_reg(ctx, ra);
        b = load_reg(ctx, rb);
        modvm_tcg_op3(ctx, opc[op - TOY_ADD], t, a, b);
        store_reg(ctx, rd, t);
        return FALSE;
    }
    case TOY_ADDI: case TOY_SHLI: case TOY_SHRI:
        t = modvm_tcg_temp_new(ctx);
        modvm_tcg_opi(ctx, op == TOY_ADDI ? MODVM_OP_ADD : op == TOY_SHLI ? MODVM_OP_SHL
                                                                          : MODVM_OP_SHR,
                      t, load_reg(ctx, ra),
                      op == TOY_ADDI ? (guint64)(gint64)imm12 : (guint64)(imm12 & 63));
        store_reg(ctx, rd, t);
        return FALSE;
    case TOY_BEQ: case TOY_BNE: case TOY_BLT: {
        ModvmTcgLabel taken = modvm_tcg_label_new(ctx);
        ModvmTcgCond cond = op == TOY_BEQ ? MODVM_TCG_COND_EQ
                            : op == TOY_BNE ? MODVM_TCG_COND_NE : MODVM_TCG_COND_LT;
        modvm_tcg_brcond(ctx, cond, load_reg(ctx, ra), load_reg(ctx, rb), taken);
        modvm_tcg_goto_tb(ctx, 0, pc + 4);
        modvm_tcg_set_label(ctx, taken);
        modvm_tcg_goto_tb(ctx, 1, pc + 4 + 4 * (gint64)imm12);
        return TRUE;
    }
    case TOY_J:
        modvm_tcg_goto_tb(ctx, 0, pc + 4 + 4 * (gint64)imm20);
        return TRUE;
    case TOY_JR:
        modvm_tcg_st(ctx, MODVM_OP_ST64, load_reg(ctx, ra), PC);
        modvm_tcg_lookup_and_goto(ctx);
        return TRUE;
    case TOY_LB: case TOY_LHB: case TOY_LWB: case TOY_LDB: case TOY_LHL: case TOY_LWL:
    case TOY_LDL: case TOY_LWBS:
        t = modvm_tcg_temp_new(ctx);
        modvm_tcg_qemu_ld(ctx, t, address(ctx, ra, imm12), load_memop[op - TOY_LB], 0);
        store_reg(ctx, rd, t);
        return FALSE;
    case TOY_LWA:
        t = modvm_tcg_temp_new(ctx);
        modvm_tcg_qemu_ld(ctx, t, address(ctx, ra, imm12),
                          MODVM_MO_32 | MODVM_MO_BE | MODVM_MO_ALIGN, 0);
        store_reg(ctx, rd, t);
        return FALSE;
    case TOY_LWU:
        /* the access first: a fault leaves ra as it was */
        a = address(ctx, ra, imm12);
        t = modvm_tcg_temp_new(ctx);
        modvm_tcg_qemu_ld(ctx, t, a, MODVM_MO_32 | MODVM_MO_BE, 0);
        store_reg(ctx, rd, t);
        store_reg(ctx, ra, a);
        return FALSE;
    case TOY_SB: case TOY_SHB: case TOY_SWB: case TOY_SDB: case TOY_SHL: case TOY_SWL:
    case TOY_SDL:
        modvm_tcg_qemu_st(ctx, load_reg(ctx, rd), address(ctx, ra, imm12),
                          store_memop[op - TOY_SB], 0);
        return FALSE;
    case TOY_CALL: {
        const ModvmTcgHelper *h;
        ModvmTcgTemp args[6];
        if (imm12 < 0 || (guint)imm12 >= toy_n_helpers) {
            return raise_at(ctx, pc, TOY_EXC_ILLEGAL);
        }
        h = toy_helpers[imm12];
        for (guint i = 0; i < h->nargs; i++) {
            args[i] = (h->ptr_args & (1u << i)) ? MODVM_TCG_CPU_TEMP : load_reg(ctx, 1 + i);
        }
        t = modvm_tcg_temp_new(ctx);
        call(ctx, h, t, args);
        if (h->returns) {
            store_reg(ctx, 0, t);
        }
        return FALSE;
    }
    case TOY_RAISE:
        return raise_at(ctx, pc, TOY_EXC_RAISE + imm12);
    case TOY_HALT: {
        ModvmTcgTemp args[1] = { MODVM_TCG_CPU_TEMP };
        set_pc(ctx, pc + 4);
        modvm_tcg_call(ctx, &helper_halt, 0, args);
        modvm_tcg_exit_tb(ctx);
        return TRUE;
    }
    case TOY_SYNC:
        set_pc(ctx, pc + 4);
        modvm_tcg_exit_tb(ctx);
        return TRUE;
    case TOY_PROBE: {
        ModvmTcgTemp args[2] = { MODVM_TCG_CPU_TEMP, address(ctx, ra, imm12) };
        t = modvm_tcg_temp_new(ctx);
        modvm_tcg_call(ctx, &helper_probe, t, args);
        store_reg(ctx, rd, t);
        return FALSE;
    }
    case TOY_REMAP: {
        ModvmTcgTemp args[3] = { MODVM_TCG_CPU_TEMP, load_reg(ctx, rd),
                                 modvm_tcg_const(ctx, (guint64)imm12) };
        modvm_tcg_call(ctx, &helper_remap, 0, args);
        set_pc(ctx, pc + 4);
        modvm_tcg_exit_tb(ctx);
        return TRUE;
    }
    case TOY_LBH: {
        ModvmTcgTemp args[2] = { MODVM_TCG_CPU_TEMP, address(ctx, ra, imm12) };
        t = modvm_tcg_temp_new(ctx);
        modvm_tcg_call(ctx, &helper_lbh, t, args);
        store_reg(ctx, rd, t);
        return FALSE;
    }
    case TOY_SBH: {
        ModvmTcgTemp args[3] = { MODVM_TCG_CPU_TEMP, address(ctx, ra, imm12), load_reg(ctx, rd) };
        modvm_tcg_call(ctx, &helper_sbh, 0, args);
        return FALSE;
    }
    default:
        return raise_at(ctx, pc, TOY_EXC_ILLEGAL);
    }
}

static void toy_translate(ModvmCpu *cpu, ModvmTcgContext *ctx)
{
    guint64 pc = ctx->pc_first;

    TOY_CPU(cpu)->n_translations++;
    for (;;) {
        guint32 insn;
        guint len;

        modvm_tcg_insn_start(ctx, pc);
        insn = modvm_tcg_fetch32(ctx, pc, TRUE);
        if (translate_insn(ctx, pc, insn, &len)) {
            return;
        }
        pc += len;
        if (modvm_tcg_block_full(ctx, pc)) {
            modvm_tcg_goto_tb(ctx, 0, pc);
            return;
        }
    }
}

/* Called for every block the loop or an indirect jump looks up: no checked cast. */
static void toy_get_tb_state(ModvmCpu *cpu, guint64 *pc, guint64 *flags)
{
    *pc = ((ToyCpu *)cpu)->pc;
    *flags = 0;
}

static unsigned toy_fetch_mmu_idx(guint64 flags)
{
    return 0;
}

static gboolean toy_tlb_fill(ModvmCpu *cpu, guint64 vaddr, ModvmTcgAccess access,
                             unsigned mmu_idx, gboolean probe, ModvmTcgTlbFill *out)
{
    ToyCpu *toy = TOY_CPU(cpu);

    if ((vaddr & ~0xfffull) == toy->fault_page) {
        if (!probe) {
            toy->fault_addr = vaddr;
            toy->tcg.exception_index = TOY_EXC_FAULT;
        }
        return FALSE;
    }
    out->paddr = (vaddr & ~0xfffull) == toy->remap_vpage ? toy->remap_ppage : vaddr & ~0xfffull;
    out->prot = MODVM_TCG_PROT_READ | MODVM_TCG_PROT_WRITE | MODVM_TCG_PROT_EXEC;
    out->page_bits = 12;
    return TRUE;
}

static void toy_unaligned(ModvmCpu *cpu, guint64 vaddr, ModvmTcgAccess access)
{
    TOY_CPU(cpu)->fault_addr = vaddr;
    TOY_CPU(cpu)->tcg.exception_index = TOY_EXC_ALIGN;
}

static void toy_do_interrupt(ModvmCpu *cpu)
{
    ToyCpu *toy = TOY_CPU(cpu);

    toy->last_excp = toy->tcg.exception_index;
    toy->last_excp_pc = toy->pc;
    toy->n_exceptions++;
    toy->r[15] = toy->pc;
    if (toy->excp_vector) {
        toy->pc = toy->excp_vector;
    } else {
        toy->tcg.halted = TRUE;
        g_atomic_int_set(&toy->stopped, 1);
    }
}

static gboolean toy_exec_interrupt(ModvmCpu *cpu)
{
    ToyCpu *toy = TOY_CPU(cpu);

    if (!(g_atomic_int_and(&toy->tcg.interrupt_request, ~1u) & 1)) {
        return FALSE;
    }
    toy->n_irqs++;
    toy->r[14] = toy->pc;
    toy->pc = toy->irq_vector;
    return TRUE;
}

static gboolean toy_has_work(ModvmCpu *cpu)
{
    ToyCpu *toy = TOY_CPU(cpu);
    return !g_atomic_int_get(&toy->stopped) && g_atomic_int_get(&toy->tcg.interrupt_request);
}

static void toy_dump_state(ModvmCpu *cpu, GString *out)
{
    ToyCpu *toy = TOY_CPU(cpu);

    g_string_append_printf(out, "pc=%016" G_GINT64_MODIFIER "x", toy->pc);
    for (guint i = 0; i < 16; i++) {
        g_string_append_printf(out, " r%u=%" G_GINT64_MODIFIER "x", i, toy->r[i]);
    }
}

static void toy_disas_info(guint64 flags, int *arch, int *mode)
{
    *arch = -1;
}

static const ModvmTcgCpuOps toy_tcg_ops = {
    .state_offset = G_STRUCT_OFFSET(ToyCpu, tcg),
    .pc_offset = G_STRUCT_OFFSET(ToyCpu, pc),
    .get_tb_state = toy_get_tb_state,
    .fetch_mmu_idx = toy_fetch_mmu_idx,
    .translate = toy_translate,
    .tlb_fill = toy_tlb_fill,
    .unaligned = toy_unaligned,
    .do_interrupt = toy_do_interrupt,
    .exec_interrupt = toy_exec_interrupt,
    .has_work = toy_has_work,
    .dump_state = toy_dump_state,
    .disas_info = toy_disas_info,
};

G_DEFINE_TYPE(ToyCpu, toy_cpu, MODVM_TYPE_CPU)

static void toy_cpu_class_init(ToyCpuClass *klass)
{
    MODVM_CPU_CLASS(klass)->model = "toy";
    MODVM_CPU_CLASS(klass)->tcg_ops = &toy_tcg_ops;
}

static void toy_cpu_init(ToyCpu *toy)
{
    toy->fault_page = G_MAXUINT64;
    toy->remap_vpage = G_MAXUINT64;
    toy->tcg.exception_index = -1;
}

/* The machine: RAM at 0 and "smp" toy CPUs. */

G_DEFINE_TYPE(ToyMachine, toy_machine, MODVM_TYPE_MACHINE)

static gboolean toy_machine_init_board(ModvmMachine *m, GError **error)
{
    if (!modvm_machine_alloc_ram(m, 0, error)) {
        return FALSE;
    }
    for (guint i = 0; i < modvm_machine_smp_cpus(m); i++) {
        g_autofree char *name = g_strdup_printf("cpu%u", i);
        ModvmObject *cpu = g_object_new(TOY_TYPE_CPU, NULL);
        if (!modvm_object_add_child(MODVM_OBJECT(m), name, cpu, error)) {
            g_object_unref(cpu);
            return FALSE;
        }
        modvm_machine_add_cpu(m, MODVM_CPU(cpu));
        g_object_unref(cpu);
    }
    return TRUE;
}

static void toy_machine_class_init(ToyMachineClass *klass)
{
    MODVM_MACHINE_CLASS(klass)->init = toy_machine_init_board;
}

static void toy_machine_init(ToyMachine *m)
{
}
