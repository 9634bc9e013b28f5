/* SPDX-License-Identifier: GPL-2.0-or-later */
/* accel-tcg internals: shared by the engine's files and its tests, never by other plugins. */
#pragma once

#include <modvm/modvm.h>

G_BEGIN_DECLS

/*
 * The pieces, in the order a block goes through them:
 *   translate.c  drives a frontend (ModvmTcgCpuOps.translate) into a ModvmTcgContext
 *   ir.c         copies that into TcgIr (uniform operands, constants), dumps it, folds ops
 *   optimize.c   constant folding, copy propagation, dead-code removal on TcgIr
 *   interp.c     the backend: TcgIr -> TcgInsn array, and the threaded interpreter
 *   tb.c         the block cache: lookup, pages with code, chaining, invalidation
 *   tlb.c        the softmmu TLB, guest memory slow paths and the run-time services
 *   accel.c      the "tcg-accel" type, the vCPU thread and the execution loop
 *   disas.c      -d in_asm (capstone) and the other log lines
 * Everything below runs on the one vCPU thread, except what accel.c guards
 * with TcgAccel.lock (pause, start, stop, kick).
 */

#define TCG_PAGE_BITS 12
#define TCG_PAGE_SIZE (1ull << TCG_PAGE_BITS)
#define TCG_PAGE_MASK (~(TCG_PAGE_SIZE - 1))

#define TCG_MMU_IDX_MAX 16
#define TCG_TLB_BITS 10
#define TCG_TLB_SIZE (1u << TCG_TLB_BITS)
/* Jump cache: 64 groups of 64, a group per virtual page so a page's entries flush together. */
#define TCG_JC_BITS 12
#define TCG_JC_SIZE (1u << TCG_JC_BITS)
#define TCG_MAX_SLOTS 65535u
#define TCG_MAX_INSNS 512
/* Blocks a CPU runs before the next one gets its turn. */
#define TCG_SLICE_BLOCKS 16384

/*
 * TLB tags are page addresses; these low bits force the slow path. They
 * sit above bit 2 because the fast path keeps an access's size-1 bits in
 * the compared address (misaligned accesses must never match).
 */
#define TCG_TLB_INVALID G_MAXUINT64
#define TCG_TLB_IO      0x8u    /* not RAM: accesses go through the address space */
#define TCG_TLB_CODE    0x10u   /* a write to a page holding translated code */

typedef struct {
    guint64 addr_read;
    guint64 addr_write;
    guint64 addr_code;
    guintptr addend;            /* host address = guest virtual address + addend */
} TcgTlbEntry;

typedef struct {
    guint64 paddr;              /* guest physical page */
    ModvmMemoryRegion *mr;      /* the RAM or ROM region of the page, NULL for I/O */
    guint64 mr_offset;          /* of the page in @mr */
} TcgTlbFull;

typedef struct {
    TcgTlbEntry table[TCG_TLB_SIZE];
    TcgTlbFull full[TCG_TLB_SIZE];
    /* the span of translations larger than a page: flush_page there flushes everything */
    guint64 large_addr;
    guint64 large_mask;
} TcgTlb;

typedef struct TcgTb TcgTb;
typedef struct TcgVcpu TcgVcpu;
typedef struct _TcgAccel TcgAccel;

/* One compiled interpreter instruction: a handler and pre-resolved frame slots. */
typedef struct {
    const void *h;
    guint16 d, a, b, c;
    guint64 imm;
} TcgInsn;

/* A direct-jump slot of a block (GOTO_TB 0 or 1). */
typedef struct TcgJmp {
    TcgTb *src;
    guint slot;
    guint64 pc;                 /* the target pc; G_MAXUINT64 when the block has no such exit */
    TcgTb *dest;                /* chained block, or NULL */
    struct TcgJmp *in_next;     /* next jump into @dest */
    struct TcgJmp *x_next;      /* on TcgAccel.xlinks while linked across pages */
    struct TcgJmp **x_pprev;
} TcgJmp;

struct TcgTb {
    guint64 pc;
    guint64 flags;
    const struct ModvmTcgCpuOps *ops;
    guint64 phys_pc;
    guint64 page_addr[2];       /* physical pages; [1] is G_MAXUINT64 for one page */
    ModvmMemoryRegion *page_mr[2];  /* their RAM, for the code dirty bits; NULL: none */
    guint64 page_mr_offset[2];
    guint32 size;               /* guest bytes covered from pc */
    guint32 n_guest_insns;
    gboolean nocache;           /* run once and freed: not in the hash nor on pages */
    gboolean invalid;
    guint32 hash;
    TcgTb *hash_next;
    TcgJmp jmp[2];
    TcgJmp *jmp_in;             /* jumps chained into this block */
    TcgInsn *code;
    gsize code_size;            /* bytes of @code, with the call descriptors */
    guint n_slots;
};

/* Per CPU engine state; ModvmTcgCpuState.engine points here. */
struct TcgVcpu {
    ModvmCpu *cpu;              /* a reference */
    const struct ModvmTcgCpuOps *ops;
    ModvmTcgCpuState *state;
    TcgAccel *accel;
    guint64 *frame;             /* the interpreter's temps (the engine's: one thread) */
    TcgTlb *tlb[TCG_MMU_IDX_MAX]; /* unused ones point at the shared empty TLB */
    TcgTb *jc[TCG_JC_SIZE];
    TcgTb *current_tb;          /* the block being interpreted, or NULL */
    TcgTb *last_tb;             /* the block that just returned to the loop, for chaining */
    guint last_slot;
    gint budget;                /* blocks left in this time slice */
    gboolean nocache_next;      /* run the next instruction from a one-off block (SMC) */
    TcgTb *nocache_tb;
};

/* A guest physical page that holds translated code. */
typedef struct {
    guint64 addr;
    ModvmMemoryRegion *mr;
    guint64 mr_offset;
    GPtrArray *tbs;
} TcgPage;

typedef struct {
    guint64 translations;
    guint64 tb_flushes;
    guint64 invalidations;      /* blocks invalidated (code written) */
    guint64 links;              /* direct jumps chained */
    guint64 loop_blocks;        /* blocks entered from the loop rather than through a chain */
    guint64 smc_restarts;       /* a store hit the block that made it */
    guint64 nocache_blocks;
    guint64 tlb_fills;
    guint64 tlb_flushes;
    guint64 code_dirty_checks;
} TcgStats;

/* Scratch for one translation (ModvmTcgContext.engine points here). */
typedef struct {
    ModvmTcgTranslateOps tops;
    ModvmTcgContext ctx;
    TcgVcpu *tc;
    unsigned mmu_idx;
    gboolean have[2];
    guint64 vpage[2];
    guint64 ppage[2];
    const guint8 *host[2];      /* NULL: fetched through the address space */
    ModvmMemoryRegion *mr[2];
    guint64 mr_offset[2];
    guint64 end;                /* highest fetched byte + 1 */
    gboolean nocache;
    sigjmp_buf jmp;
} TcgTranslate;

/* The internal IR: the frontend's ops with uniform operands. */
#define TCG_ARG_CONST 0x80000000u   /* operand is TcgIr.consts[arg & ~TCG_ARG_CONST] */

typedef struct {
    guint16 opc;                /* ModvmTcgOpc */
    guint8 n_out;               /* 0 or 1: the output is args[0] */
    guint8 n_in;                /* inputs are args[in_base..in_base + n_in) */
    guint8 in_base;
    guint32 args[7];
    guint64 imm;
    const ModvmTcgHelper *helper;
} TcgIrOp;

typedef struct {
    TcgIrOp *ops;
    guint n_ops, cap_ops;
    guint64 *consts;
    guint n_consts, cap_consts;
    guint n_temps;
    guint n_labels;
} TcgIr;

/* Op properties (ir.c) */
enum {
    TCG_OPF_SIDE = 1 << 0,      /* never removed: memory, state, control, calls */
    TCG_OPF_FOLD = 1 << 1,      /* pure arithmetic tcg_ir_fold evaluates */
    TCG_OPF_COMMUTE = 1 << 2,
    TCG_OPF_END = 1 << 3,       /* nothing after it runs (exits, BR) */
    TCG_OPF_RAISE = 1 << 4,     /* may raise: the instruction's pc must be known */
    TCG_OPF_32 = 1 << 5,
};

typedef struct {
    const char *name;
    guint8 n_out, n_in, flags;
} TcgOpDef;

extern const TcgOpDef tcg_op_defs[MODVM_OP__COUNT];

/* GObject */
#define TCG_TYPE_ACCEL (tcg_accel_get_type())
G_DECLARE_FINAL_TYPE(TcgAccel, tcg_accel, TCG, ACCEL, ModvmAccel)

struct _TcgAccel {
    ModvmAccel parent;
    /* properties */
    gboolean one_insn_per_tb;
    guint64 tb_cache_size;
    gboolean optimize;
    /* set up by init_machine and start */
    ModvmMachine *machine;      /* not a reference: the machine holds us */
    ModvmAddressSpace *as;
    GPtrArray *vcpus;           /* TcgVcpu * */
    guint64 *frame;
    GHashTable *ram_refs;       /* regions the TLBs point into, kept alive */
    /* the vCPU thread and its control, under @lock */
    GThread *thread;
    GMutex lock;
    GCond wake;                 /* to the vCPU thread: kick, resume, stop */
    GCond acked;                /* from it: paused */
    gint pause_req;             /* atomic */
    gint stop_req;              /* atomic */
    gboolean paused;
    gint kicked;                /* atomic */
    gboolean flush_pending;
    /* the block cache (tb.c) */
    TcgTb **buckets;
    guint n_buckets;
    GHashTable *pages;          /* physical page address -> TcgPage */
    GTree *page_tree;           /* the same pages by (region, offset), for the dirty scan */
    GHashTable *code_regions;   /* region -> number of its pages with code */
    TcgJmp *xlinks;             /* cross-page chained jumps: undone on every TLB flush */
    GPtrArray *deferred;        /* invalidated blocks to free at the next loop iteration */
    gsize cache_used;
    /* translation scratch */
    TcgTranslate tr;
    TcgIr ir;
    gpointer disas;             /* disas.c state */
    gboolean log_exec;          /* per slice: -d exec/cpu disable chaining */
    /* tests */
    gboolean force_ffi;
    TcgStats stats;
};

void tcg_accel_register_type(GTypeModule *module);

/* ir.c */
void tcg_ir_from_context(TcgIr *ir, const ModvmTcgContext *ctx);
void tcg_ir_clear(TcgIr *ir);
guint32 tcg_ir_const(TcgIr *ir, guint64 value);
static inline gboolean tcg_arg_is_const(guint32 arg) { return (arg & TCG_ARG_CONST) != 0; }
static inline guint64 tcg_arg_const(const TcgIr *ir, guint32 arg)
{
    return ir->consts[arg & ~TCG_ARG_CONST];
}
/* The result of @opc (flags TCG_OPF_FOLD) on @in; imm as the op carries it. */
guint64 tcg_ir_fold(guint opc, guint64 imm, const guint64 *in);
gboolean tcg_cond_eval(ModvmTcgCond cond, guint64 a, guint64 b, gboolean is32);
ModvmTcgCond tcg_cond_swap(ModvmTcgCond cond);
void tcg_ir_dump(const TcgIr *ir, GString *out);

/* optimize.c */
void tcg_optimize(TcgIr *ir);

/* interp.c: the backend. A native one would offer the same three calls. */
void tcg_interp_init(void);
gboolean tcg_interp_compile(const TcgIr *ir, TcgTb *tb, gboolean force_ffi);
/* Runs @tb and what it chains to; returns the last block run | its exit slot (2: no chaining). */
guintptr tcg_interp_exec(TcgVcpu *tc, TcgTb *tb);
#define TCG_EXIT_NOCHAIN 2u
#define TCG_EXIT_MASK 3u

/* tb.c */
void tcg_cache_init(TcgAccel *acc);
void tcg_cache_fini(TcgAccel *acc);
TcgTb *tcg_tb_lookup(TcgAccel *acc, TcgVcpu *tc, guint64 phys_pc, guint64 pc, guint64 flags);
void tcg_tb_insert(TcgAccel *acc, TcgTb *tb, TcgTranslate *t);
void tcg_tb_free(TcgTb *tb);
void tcg_tb_link(TcgAccel *acc, TcgTb *src, guint slot, TcgTb *dest);
void tcg_tb_flush_all(TcgAccel *acc);
void tcg_tb_free_deferred(TcgAccel *acc);
void tcg_unlink_cross_page(TcgAccel *acc);
static inline guint tcg_jc_hash(guint64 pc)
{
    guint64 page = pc >> TCG_PAGE_BITS;
    return (guint)(((page ^ (page >> 6)) & 63) << 6 | ((pc >> 2) & 63));
}
void tcg_jc_flush_page(TcgVcpu *tc, guint64 vaddr);
/* Has someone else written a page @tb came from since we looked? */
static inline gboolean tcg_tb_code_dirty(const TcgTb *tb)
{
    return (tb->page_mr[0] &&
            modvm_memory_region_get_dirty(tb->page_mr[0], tb->page_mr_offset[0], TCG_PAGE_SIZE,
                                          MODVM_DIRTY_CODE)) ||
           (tb->page_mr[1] &&
            modvm_memory_region_get_dirty(tb->page_mr[1], tb->page_mr_offset[1], TCG_PAGE_SIZE,
                                          MODVM_DIRTY_CODE));
}
TcgPage *tcg_page_find(TcgAccel *acc, guint64 paddr);
/* Before translating from a physical page: settle pending writes to it (DMA). */
void tcg_page_prepare(TcgAccel *acc, guint64 paddr, ModvmMemoryRegion *mr, guint64 mr_offset);
/* A write of @len bytes at @paddr by the vCPU: invalidates the blocks it overlaps. */
void tcg_code_write(TcgVcpu *tc, guint64 paddr, guint len);
/* Invalidates the blocks on pages with code that were written by others (DMA, loaders). */
void tcg_check_code_dirty(TcgAccel *acc);

/* tlb.c */
extern const ModvmTcgRuntime tcg_runtime;
void tcg_tlb_init_empty(void);
void tcg_vcpu_tlb_init(TcgVcpu *tc);
void tcg_vcpu_tlb_fini(TcgVcpu *tc);
void tcg_tlb_flush(TcgVcpu *tc);
void tcg_tlb_protect_code(TcgAccel *acc, guint64 paddr);
guint64 tcg_ld_slow(TcgVcpu *tc, guint64 addr, guint32 oi);
void tcg_st_slow(TcgVcpu *tc, guint64 addr, guint64 value, guint32 oi);
/* Physical page of @vaddr for fetching, and its host pointer (NULL for I/O); FALSE on a fault. */
gboolean tcg_tlb_code_page(TcgVcpu *tc, guint64 vaddr, unsigned mmu_idx, gboolean probe,
                           guint64 *paddr, const guint8 **host, ModvmMemoryRegion **mr,
                           guint64 *mr_offset);
void tcg_raise(TcgVcpu *tc, gboolean restore_pc) G_GNUC_NORETURN;

/* translate.c */
TcgTb *tcg_tb_find(TcgVcpu *tc, guint64 pc, guint64 flags);
void tcg_translate_fini(TcgAccel *acc);

/* accel.c */
TcgVcpu *tcg_vcpu_of(ModvmTcgCpuState *s);
void tcg_vcpu_adopt(TcgAccel *acc, ModvmCpu *cpu);
/* Runs @tc for up to @tc->budget blocks (the loop of one time slice). */
void tcg_cpu_exec(TcgVcpu *tc);

/* disas.c */
void tcg_log_in_asm(TcgAccel *acc, TcgTranslate *t);
void tcg_log_ir(const char *title, const TcgIr *ir);
void tcg_disas_fini(TcgAccel *acc);

/* tests: run an IR block once on @env (the "CPU"), without a machine */
void tcg_test_run_context(ModvmTcgContext *ctx, gpointer env, gboolean optimize,
                          gboolean force_ffi);

G_END_DECLS
