/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The contract between CPU frontends and the software execution engine (accel-tcg). */
#pragma once

#include <glib.h>
#include <setjmp.h>
#include <string.h>

G_BEGIN_DECLS

/*
 * A CPU plugin turns guest instructions into this IR; accel-tcg optimises,
 * caches and runs it. Nothing here is specific to one guest architecture.
 *
 * Plugins are loaded with local symbol binding, so a CPU plugin cannot call
 * into accel-tcg by name: the emitters below are inline (they only append
 * to the context's op array), and what the engine does for a frontend at
 * run time goes through the ModvmTcgRuntime table in the CPU's engine state.
 *
 * Values: every temp is 64 bits. Operations with a _32 width take the low
 * 32 bits of their inputs and zero-extend the 32-bit result.
 */

typedef guint32 ModvmTcgTemp;
typedef guint32 ModvmTcgLabel;

/* The temp standing for the CPU object itself (a pointer), for helper calls. */
#define MODVM_TCG_CPU_TEMP ((ModvmTcgTemp)0)

typedef enum {
    MODVM_TCG_COND_NEVER,
    MODVM_TCG_COND_ALWAYS,
    MODVM_TCG_COND_EQ,
    MODVM_TCG_COND_NE,
    MODVM_TCG_COND_LT,      /* signed */
    MODVM_TCG_COND_GE,
    MODVM_TCG_COND_LE,
    MODVM_TCG_COND_GT,
    MODVM_TCG_COND_LTU,     /* unsigned */
    MODVM_TCG_COND_GEU,
    MODVM_TCG_COND_LEU,
    MODVM_TCG_COND_GTU,
} ModvmTcgCond;

/* Guest memory operations: size, sign, byte order, alignment. */
typedef enum {
    MODVM_MO_8 = 0,
    MODVM_MO_16 = 1,
    MODVM_MO_32 = 2,
    MODVM_MO_64 = 3,
    MODVM_MO_SIZE = 3,
    MODVM_MO_SIGN = 1 << 2,     /* sign-extend loads */
    MODVM_MO_BE = 1 << 3,       /* big-endian in guest memory (else little) */
    MODVM_MO_ALIGN = 1 << 4,    /* unaligned access raises (through tlb_fill's alignment hook) */
} ModvmMemOp;

typedef enum {
    MODVM_TCG_ACCESS_LOAD = 0,
    MODVM_TCG_ACCESS_STORE = 1,
    MODVM_TCG_ACCESS_FETCH = 2,
} ModvmTcgAccess;

typedef enum {
    /* Moves and constants */
    MODVM_OP_MOV,           /* d = a */
    MODVM_OP_MOVI,          /* d = imm */
    /* Integer arithmetic: d = a OP b (64-bit), and _32 forms */
    MODVM_OP_ADD, MODVM_OP_SUB, MODVM_OP_MUL,
    MODVM_OP_MULUH,         /* high 64 bits of the unsigned 128-bit product */
    MODVM_OP_MULSH,         /* high 64 bits of the signed 128-bit product */
    MODVM_OP_DIVS, MODVM_OP_DIVU, MODVM_OP_REMS, MODVM_OP_REMU,  /* b == 0 or overflow: result 0 */
    MODVM_OP_AND, MODVM_OP_OR, MODVM_OP_XOR, MODVM_OP_ANDC, MODVM_OP_ORC,
    MODVM_OP_EQV, MODVM_OP_NAND, MODVM_OP_NOR,
    MODVM_OP_SHL, MODVM_OP_SHR, MODVM_OP_SAR,   /* count is b & 63 (b & 31 for _32) */
    MODVM_OP_ROTL, MODVM_OP_ROTR,
    MODVM_OP_ADD_32, MODVM_OP_SUB_32, MODVM_OP_MUL_32,
    MODVM_OP_DIVS_32, MODVM_OP_DIVU_32, MODVM_OP_REMS_32, MODVM_OP_REMU_32,
    MODVM_OP_SHL_32, MODVM_OP_SHR_32, MODVM_OP_SAR_32, MODVM_OP_ROTL_32, MODVM_OP_ROTR_32,
    /* Unary: d = OP a */
    MODVM_OP_NOT, MODVM_OP_NEG,
    MODVM_OP_CLZ, MODVM_OP_CTZ, MODVM_OP_CTPOP,  /* clz/ctz of 0 is 64 */
    MODVM_OP_CLZ_32, MODVM_OP_CTZ_32,            /* of 0 is 32 */
    MODVM_OP_BSWAP16, MODVM_OP_BSWAP32, MODVM_OP_BSWAP64,  /* 16/32: of the low bits, zero-extended */
    MODVM_OP_EXT8S, MODVM_OP_EXT8U, MODVM_OP_EXT16S, MODVM_OP_EXT16U,
    MODVM_OP_EXT32S, MODVM_OP_EXT32U,
    /* Bit fields: imm packs (pos << 8) | len, 1 <= len, pos + len <= 64 */
    MODVM_OP_EXTRACT,       /* d = (a >> pos) & mask(len) */
    MODVM_OP_SEXTRACT,      /* the same, sign-extended from bit len-1 */
    MODVM_OP_DEPOSIT,       /* d = a with bits [pos, pos+len) replaced by the low bits of b */
    /* Comparisons: cond in imm */
    MODVM_OP_SETCOND,       /* d = (a cond b) ? 1 : 0 */
    MODVM_OP_SETCOND_32,
    MODVM_OP_MOVCOND,       /* d = (a cond b) ? c : e  (args: d a b c e) */
    /* Engine state: offsets from the CPU object; imm is the offset */
    MODVM_OP_LD8U, MODVM_OP_LD8S, MODVM_OP_LD16U, MODVM_OP_LD16S,
    MODVM_OP_LD32U, MODVM_OP_LD32S, MODVM_OP_LD64,
    MODVM_OP_ST8, MODVM_OP_ST16, MODVM_OP_ST32, MODVM_OP_ST64,   /* store a at offset imm */
    /* Guest memory: d = load(a) / store(b at a); imm packs memop | (mmu_idx << 8) */
    MODVM_OP_QEMU_LD,
    MODVM_OP_QEMU_ST,
    /* Control flow inside the block */
    MODVM_OP_SET_LABEL,     /* imm = label */
    MODVM_OP_BR,            /* imm = label */
    MODVM_OP_BRCOND,        /* if (a cond b) goto label: imm packs cond | (label << 8) */
    /* Helpers: see modvm_tcg_call */
    MODVM_OP_CALL,
    /* Guest instruction boundary: imm = guest pc of the instruction that follows */
    MODVM_OP_INSN_START,
    /* Block exits */
    MODVM_OP_GOTO_TB,       /* continue at guest pc imm (same mode); a = slot 0 or 1 */
    MODVM_OP_EXIT_TB,       /* the frontend stored the next pc: back to the loop */
    MODVM_OP_LOOKUP_AND_GOTO, /* like EXIT_TB, but may continue without leaving the loop */
    MODVM_OP_EXCEPTION,     /* deliver exception imm now; pc must be set by the frontend */
    MODVM_OP__COUNT
} ModvmTcgOpc;

/* One IR op as the frontend emits it. */
typedef struct {
    guint16 opc;
    guint16 nargs;          /* temps used in args[] */
    ModvmTcgTemp args[5];
    guint64 imm;
    gconstpointer helper;   /* MODVM_OP_CALL: the ModvmTcgHelper */
} ModvmTcgOp;

/* A C helper callable from the IR; declare one static const per function. */
typedef struct {
    const char *name;
    gpointer func;
    guint8 nargs;           /* 0..6 */
    gboolean returns;       /* returns guint64, else void */
    /* bit i set: argument i is the CPU pointer (pass MODVM_TCG_CPU_TEMP), else a guint64 */
    guint8 ptr_args;
    /* does not read or write CPU state nor raise: the optimiser may move or drop it */
    gboolean pure;
} ModvmTcgHelper;

typedef struct ModvmTcgContext ModvmTcgContext;

/* What the engine offers the frontend while translating one block. */
typedef struct {
    /*
     * Instruction bytes at guest virtual @pc as an integer of @size bytes in
     * the given byte order. A fetch fault on the block's first instruction
     * raises the fault (it never returns); later ones end the block there.
     */
    guint64 (*fetch)(ModvmTcgContext *ctx, guint64 pc, unsigned size, gboolean big_endian);
    gpointer reserved[7];
} ModvmTcgTranslateOps;

struct ModvmTcgContext {
    ModvmTcgOp *ops;
    guint n_ops;
    guint cap_ops;
    guint n_temps;          /* temp 0 is the CPU pointer */
    guint n_labels;
    guint64 pc_first;       /* where the block starts */
    guint64 flags;          /* the mode flags it is translated for */
    guint max_insns;        /* 1 in single-step mode */
    guint n_insns;          /* instructions translated so far (count INSN_STARTs) */
    const ModvmTcgTranslateOps *tops;
    gpointer engine;        /* the engine's own */
    gpointer reserved[4];
};

static inline ModvmTcgOp *modvm_tcg_emit(ModvmTcgContext *ctx, ModvmTcgOpc opc, guint nargs)
{
    if (ctx->n_ops == ctx->cap_ops) {
        ctx->cap_ops = ctx->cap_ops ? ctx->cap_ops * 2 : 256;
        ctx->ops = (ModvmTcgOp *)g_realloc_n(ctx->ops, ctx->cap_ops, sizeof(ModvmTcgOp));
    }
    ModvmTcgOp *op = &ctx->ops[ctx->n_ops++];
    memset(op, 0, sizeof(*op));
    op->opc = (guint16)opc;
    op->nargs = (guint16)nargs;
    return op;
}

static inline ModvmTcgTemp modvm_tcg_temp_new(ModvmTcgContext *ctx)
{
    return ctx->n_temps++;
}

static inline ModvmTcgLabel modvm_tcg_label_new(ModvmTcgContext *ctx)
{
    return ctx->n_labels++;
}

static inline void modvm_tcg_op2(ModvmTcgContext *ctx, ModvmTcgOpc opc, ModvmTcgTemp d,
                                 ModvmTcgTemp a)
{
    ModvmTcgOp *op = modvm_tcg_emit(ctx, opc, 2);
    op->args[0] = d;
    op->args[1] = a;
}

static inline void modvm_tcg_op3(ModvmTcgContext *ctx, ModvmTcgOpc opc, ModvmTcgTemp d,
                                 ModvmTcgTemp a, ModvmTcgTemp b)
{
    ModvmTcgOp *op = modvm_tcg_emit(ctx, opc, 3);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = b;
}

static inline void modvm_tcg_movi(ModvmTcgContext *ctx, ModvmTcgTemp d, guint64 imm)
{
    ModvmTcgOp *op = modvm_tcg_emit(ctx, MODVM_OP_MOVI, 1);
    op->args[0] = d;
    op->imm = imm;
}

/* A fresh temp holding @imm: the optimiser folds it into the op that uses it. */
static inline ModvmTcgTemp modvm_tcg_const(ModvmTcgContext *ctx, guint64 imm)
{
    ModvmTcgTemp t = modvm_tcg_temp_new(ctx);
    modvm_tcg_movi(ctx, t, imm);
    return t;
}

static inline void modvm_tcg_mov(ModvmTcgContext *ctx, ModvmTcgTemp d, ModvmTcgTemp a)
{
    modvm_tcg_op2(ctx, MODVM_OP_MOV, d, a);
}

/* OP with an immediate second operand. */
static inline void modvm_tcg_opi(ModvmTcgContext *ctx, ModvmTcgOpc opc, ModvmTcgTemp d,
                                 ModvmTcgTemp a, guint64 imm)
{
    modvm_tcg_op3(ctx, opc, d, a, modvm_tcg_const(ctx, imm));
}

static inline void modvm_tcg_field(ModvmTcgContext *ctx, ModvmTcgOpc opc, ModvmTcgTemp d,
                                   ModvmTcgTemp a, ModvmTcgTemp b, unsigned pos, unsigned len)
{
    ModvmTcgOp *op = modvm_tcg_emit(ctx, opc, opc == MODVM_OP_DEPOSIT ? 3 : 2);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = b;
    op->imm = ((guint64)pos << 8) | len;
}

static inline void modvm_tcg_setcond(ModvmTcgContext *ctx, ModvmTcgCond cond, ModvmTcgTemp d,
                                     ModvmTcgTemp a, ModvmTcgTemp b)
{
    ModvmTcgOp *op = modvm_tcg_emit(ctx, MODVM_OP_SETCOND, 3);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = b;
    op->imm = cond;
}

static inline void modvm_tcg_setcond_32(ModvmTcgContext *ctx, ModvmTcgCond cond, ModvmTcgTemp d,
                                        ModvmTcgTemp a, ModvmTcgTemp b)
{
    ModvmTcgOp *op = modvm_tcg_emit(ctx, MODVM_OP_SETCOND_32, 3);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = b;
    op->imm = cond;
}

static inline void modvm_tcg_movcond(ModvmTcgContext *ctx, ModvmTcgCond cond, ModvmTcgTemp d,
                                     ModvmTcgTemp a, ModvmTcgTemp b, ModvmTcgTemp if_true,
                                     ModvmTcgTemp if_false)
{
    ModvmTcgOp *op = modvm_tcg_emit(ctx, MODVM_OP_MOVCOND, 5);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = b;
    op->args[3] = if_true;
    op->args[4] = if_false;
    op->imm = cond;
}

/* Engine state: @offset is from the CPU object; the LD/ST opcode gives the width. */
static inline void modvm_tcg_ld(ModvmTcgContext *ctx, ModvmTcgOpc opc, ModvmTcgTemp d,
                                gsize offset)
{
    ModvmTcgOp *op = modvm_tcg_emit(ctx, opc, 1);
    op->args[0] = d;
    op->imm = offset;
}

static inline void modvm_tcg_st(ModvmTcgContext *ctx, ModvmTcgOpc opc, ModvmTcgTemp a,
                                gsize offset)
{
    ModvmTcgOp *op = modvm_tcg_emit(ctx, opc, 1);
    op->args[0] = a;
    op->imm = offset;
}

static inline void modvm_tcg_qemu_ld(ModvmTcgContext *ctx, ModvmTcgTemp d, ModvmTcgTemp addr,
                                     unsigned memop, unsigned mmu_idx)
{
    ModvmTcgOp *op = modvm_tcg_emit(ctx, MODVM_OP_QEMU_LD, 2);
    op->args[0] = d;
    op->args[1] = addr;
    op->imm = memop | (mmu_idx << 8);
}

static inline void modvm_tcg_qemu_st(ModvmTcgContext *ctx, ModvmTcgTemp val, ModvmTcgTemp addr,
                                     unsigned memop, unsigned mmu_idx)
{
    ModvmTcgOp *op = modvm_tcg_emit(ctx, MODVM_OP_QEMU_ST, 2);
    op->args[0] = val;
    op->args[1] = addr;
    op->imm = memop | (mmu_idx << 8);
}

static inline void modvm_tcg_set_label(ModvmTcgContext *ctx, ModvmTcgLabel l)
{
    modvm_tcg_emit(ctx, MODVM_OP_SET_LABEL, 0)->imm = l;
}

static inline void modvm_tcg_br(ModvmTcgContext *ctx, ModvmTcgLabel l)
{
    modvm_tcg_emit(ctx, MODVM_OP_BR, 0)->imm = l;
}

static inline void modvm_tcg_brcond(ModvmTcgContext *ctx, ModvmTcgCond cond, ModvmTcgTemp a,
                                    ModvmTcgTemp b, ModvmTcgLabel l)
{
    ModvmTcgOp *op = modvm_tcg_emit(ctx, MODVM_OP_BRCOND, 2);
    op->args[0] = a;
    op->args[1] = b;
    op->imm = cond | ((guint64)l << 8);
}

/*
 * Calls @h with @args (h->nargs temps; MODVM_TCG_CPU_TEMP where the helper
 * takes the CPU pointer) and puts its result in @d (ignored for void).
 * At most 4 arguments go through this form; use modvm_tcg_call6 for more.
 */
static inline void modvm_tcg_call(ModvmTcgContext *ctx, const ModvmTcgHelper *h, ModvmTcgTemp d,
                                  const ModvmTcgTemp *args)
{
    ModvmTcgOp *op = modvm_tcg_emit(ctx, MODVM_OP_CALL, 1 + h->nargs);
    g_assert(h->nargs <= 4);
    op->args[0] = d;
    for (guint i = 0; i < h->nargs; i++) {
        op->args[1 + i] = args[i];
    }
    op->helper = h;
}

/*
 * Like modvm_tcg_call for helpers of up to 6 arguments: arguments 5 and 6
 * travel in imm (argument 5 in the low 32 bits, argument 6 in the high).
 */
static inline void modvm_tcg_call6(ModvmTcgContext *ctx, const ModvmTcgHelper *h, ModvmTcgTemp d,
                                   const ModvmTcgTemp *args)
{
    ModvmTcgOp *op = modvm_tcg_emit(ctx, MODVM_OP_CALL, 1 + h->nargs);
    g_assert(h->nargs <= 6);
    op->args[0] = d;
    for (guint i = 0; i < h->nargs && i < 4; i++) {
        op->args[1 + i] = args[i];
    }
    if (h->nargs > 4) {
        op->imm = args[4];
    }
    if (h->nargs > 5) {
        op->imm |= (guint64)args[5] << 32;
    }
    op->helper = h;
}

static inline void modvm_tcg_insn_start(ModvmTcgContext *ctx, guint64 pc)
{
    modvm_tcg_emit(ctx, MODVM_OP_INSN_START, 0)->imm = pc;
    ctx->n_insns++;
}

/* Direct jump to @pc in the same mode; the engine stores @pc and may chain blocks. */
static inline void modvm_tcg_goto_tb(ModvmTcgContext *ctx, unsigned slot, guint64 pc)
{
    ModvmTcgOp *op = modvm_tcg_emit(ctx, MODVM_OP_GOTO_TB, 0);
    op->args[0] = slot;
    op->imm = pc;
}

static inline void modvm_tcg_exit_tb(ModvmTcgContext *ctx)
{
    modvm_tcg_emit(ctx, MODVM_OP_EXIT_TB, 0);
}

static inline void modvm_tcg_lookup_and_goto(ModvmTcgContext *ctx)
{
    modvm_tcg_emit(ctx, MODVM_OP_LOOKUP_AND_GOTO, 0);
}

/* Leave the block and have do_interrupt deliver @excp (pc as the frontend stored it). */
static inline void modvm_tcg_exception(ModvmTcgContext *ctx, int excp)
{
    modvm_tcg_emit(ctx, MODVM_OP_EXCEPTION, 0)->imm = (guint64)(gint64)excp;
}

static inline guint32 modvm_tcg_fetch32(ModvmTcgContext *ctx, guint64 pc, gboolean big_endian)
{
    return (guint32)ctx->tops->fetch(ctx, pc, 4, big_endian);
}

/* Should the block end before an instruction at @next_pc? (count, page end, size) */
static inline gboolean modvm_tcg_block_full(ModvmTcgContext *ctx, guint64 next_pc)
{
    return ctx->n_insns >= ctx->max_insns || ctx->n_ops > 4000 ||
           (next_pc >> 12) != (ctx->pc_first >> 12);
}

/* Run time: the engine's state inside every CPU object, and its services. */

typedef struct ModvmTcgCpuState ModvmTcgCpuState;

typedef struct {
    /*
     * Guest memory from helpers (string ops, atomics, cache-block zeroing):
     * go through the TLB like IR loads and stores, and raise the fault
     * (never return) when the translation fails.
     */
    guint64 (*load)(ModvmTcgCpuState *s, guint64 vaddr, unsigned memop, unsigned mmu_idx);
    void (*store)(ModvmTcgCpuState *s, guint64 vaddr, guint64 value, unsigned memop,
                  unsigned mmu_idx);
    /* Host pointer to guest RAM at @vaddr if accessible for @access, else NULL (no fault). */
    void *(*probe)(ModvmTcgCpuState *s, guint64 vaddr, ModvmTcgAccess access, unsigned mmu_idx);
    /* Raise s->exception_index from a helper: the pc is restored to the current instruction. */
    void (*raise)(ModvmTcgCpuState *s) G_GNUC_NORETURN;
    /* The same without restoring the pc: the helper has set it. */
    void (*raise_nopc)(ModvmTcgCpuState *s) G_GNUC_NORETURN;
    /* TLB maintenance after MMU state changes (tlbie, mtmsr, context switches). */
    void (*tlb_flush)(ModvmTcgCpuState *s);
    void (*tlb_flush_page)(ModvmTcgCpuState *s, guint64 vaddr);
    /* Flush every CPU of the machine (a broadcast tlbie). */
    void (*tlb_flush_all_cpus)(ModvmTcgCpuState *s);
    /* Leave the current block at the next boundary (mode change, interrupt enable). */
    void (*exit_request)(ModvmTcgCpuState *s);
    gpointer reserved[7];
} ModvmTcgRuntime;

struct ModvmTcgCpuState {
    const ModvmTcgRuntime *rt;  /* set by the engine when it adopts the CPU */
    gpointer engine;            /* the engine's per-CPU data (TLB, jump cache) */
    gint exit_request;          /* atomic: leave at the next block boundary */
    guint32 interrupt_request;  /* atomic: frontend-defined pending-interrupt bits */
    gint exception_index;       /* frontend-defined; -1 when none */
    gboolean halted;            /* waiting for an interrupt (has_work) */
    guint64 insn_pc;            /* the guest pc of the instruction being run */
    sigjmp_buf jmp_env;         /* the engine's loop; helpers leave through rt->raise */
    gpointer reserved[8];
};

typedef struct {
    guint64 paddr;          /* physical address of the page holding vaddr (page aligned) */
    guint32 prot;           /* MODVM_TCG_PROT_* */
    guint32 page_bits;      /* log2 of the translation's page size (12 or more) */
} ModvmTcgTlbFill;

#define MODVM_TCG_PROT_READ  1u
#define MODVM_TCG_PROT_WRITE 2u
#define MODVM_TCG_PROT_EXEC  4u

typedef struct _ModvmCpu ModvmCpu;

/*
 * ModvmTcgCpuOps: what a CPU model gives the engine. A CPU class points at
 * one through ModvmCpuClass.tcg_ops; the CPU object embeds a
 * ModvmTcgCpuState at @state_offset and keeps its guest pc as a guint64 at
 * @pc_offset.
 */
typedef struct ModvmTcgCpuOps {
    gsize state_offset;
    gsize pc_offset;
    /* The pc and mode flags the next block runs with (MSR bits and the like). */
    void (*get_tb_state)(ModvmCpu *cpu, guint64 *pc, guint64 *flags);
    /* The mmu_idx instruction fetches use under @flags. */
    unsigned (*fetch_mmu_idx)(guint64 flags);
    /* Emit one block's IR for @pc under @flags; stop at modvm_tcg_block_full or a branch. */
    void (*translate)(ModvmCpu *cpu, ModvmTcgContext *ctx);
    /*
     * Translate @vaddr for @access in @mmu_idx. On a fault: with @probe,
     * return FALSE and change nothing; without, record the exception
     * (exception_index, fault address registers) and return FALSE.
     * On success it changes no CPU state the IR reads: the engine keeps
     * CPU-state values in temps across guest memory accesses.
     */
    gboolean (*tlb_fill)(ModvmCpu *cpu, guint64 vaddr, ModvmTcgAccess access, unsigned mmu_idx,
                         gboolean probe, ModvmTcgTlbFill *out);
    /* Unaligned access with MODVM_MO_ALIGN: record the exception (alignment interrupt). */
    void (*unaligned)(ModvmCpu *cpu, guint64 vaddr, ModvmTcgAccess access);
    /* Deliver state->exception_index (the pc is the faulting instruction's or the helper's). */
    void (*do_interrupt)(ModvmCpu *cpu);
    /* At a block boundary with interrupt_request set: deliver one if enabled; TRUE if it did. */
    gboolean (*exec_interrupt)(ModvmCpu *cpu);
    /* May a halted CPU run again? */
    gboolean (*has_work)(ModvmCpu *cpu);
    /* One-line register dump pieces for -d cpu, appended to @out. */
    void (*dump_state)(ModvmCpu *cpu, GString *out);
    /* capstone arch and mode to disassemble code under @flags (-d in_asm); -1 for none. */
    void (*disas_info)(guint64 flags, int *cs_arch, int *cs_mode);
    gpointer reserved[8];
} ModvmTcgCpuOps;

static inline ModvmTcgCpuState *modvm_tcg_state(ModvmCpu *cpu, const ModvmTcgCpuOps *ops)
{
    return (ModvmTcgCpuState *)((char *)cpu + ops->state_offset);
}

G_END_DECLS
