/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IR optimisation: constant folding, copy propagation, simplification and dead-code removal. */
#include "tcg-internal.h"

/* An op the passes removed; squeezed out at the end. */
#define OP_NOP MODVM_OP__COUNT

enum { T_UNKNOWN, T_CONST, T_COPY };

/*
 * What is known about a temp in the current extended basic block. Facts
 * hold from one label to the next (epoch); a copy is valid while its
 * source has not been redefined (ver).
 */
typedef struct {
    guint32 epoch;
    guint8 kind;
    guint32 src;
    guint32 src_ver;
    guint32 ver;
    guint64 val;
    /* a 0/1 from SETCOND (64-bit): a branch on it can test the comparison itself */
    gboolean is_setcond;
    ModvmTcgCond sc_cond;
    guint32 sc_args[2];
    guint32 sc_vers[2];
} TempInfo;

/*
 * What a CPU-state field holds, learnt from a store to it or a load from
 * it: a later load of the same field and width reuses the temp. Helper
 * calls that may touch CPU state and labels forget everything. Guest
 * memory accesses do not: the frontend's tlb_fill and unaligned hooks
 * change CPU state only when they fail, and then the block is left.
 */
typedef struct {
    guint64 offset;
    guint8 size;
    guint8 kind;
    guint32 src;
    guint32 src_ver;
    guint64 val;
} StateFact;

#define MAX_FACTS 64

typedef struct {
    TcgIr *ir;
    TempInfo *info;
    guint32 epoch;
    StateFact facts[MAX_FACTS];
    guint n_facts;
} Opt;

static guint32 resolve(Opt *o, guint32 arg)
{
    TempInfo *ti;

    if (tcg_arg_is_const(arg)) {
        return arg;
    }
    ti = &o->info[arg];
    if (ti->epoch != o->epoch) {
        return arg;
    }
    if (ti->kind == T_CONST) {
        return tcg_ir_const(o->ir, ti->val);
    }
    if (ti->kind == T_COPY && o->info[ti->src].ver == ti->src_ver) {
        return ti->src;
    }
    return arg;
}

static void define(Opt *o, guint32 t, guint8 kind, guint64 val, guint32 src)
{
    TempInfo *ti = &o->info[t];

    ti->ver++;
    ti->epoch = o->epoch;
    ti->kind = kind;
    ti->val = val;
    if (kind == T_COPY) {
        ti->src = src;
        ti->src_ver = o->info[src].ver;
    }
}

static ModvmTcgCond cond_invert(ModvmTcgCond c)
{
    switch (c) {
    case MODVM_TCG_COND_NEVER: return MODVM_TCG_COND_ALWAYS;
    case MODVM_TCG_COND_ALWAYS: return MODVM_TCG_COND_NEVER;
    case MODVM_TCG_COND_EQ: return MODVM_TCG_COND_NE;
    case MODVM_TCG_COND_NE: return MODVM_TCG_COND_EQ;
    case MODVM_TCG_COND_LT: return MODVM_TCG_COND_GE;
    case MODVM_TCG_COND_GE: return MODVM_TCG_COND_LT;
    case MODVM_TCG_COND_LE: return MODVM_TCG_COND_GT;
    case MODVM_TCG_COND_GT: return MODVM_TCG_COND_LE;
    case MODVM_TCG_COND_LTU: return MODVM_TCG_COND_GEU;
    case MODVM_TCG_COND_GEU: return MODVM_TCG_COND_LTU;
    case MODVM_TCG_COND_LEU: return MODVM_TCG_COND_GTU;
    case MODVM_TCG_COND_GTU: return MODVM_TCG_COND_LEU;
    }
    return c;
}

/* brcond (setcond c a b) !=/== 0 -> brcond c/!c a b, while a and b still hold those values. */
static void fuse_branch(Opt *o, TcgIrOp *op)
{
    ModvmTcgCond cond = op->imm & 0xff;
    guint32 x = op->args[0], y = op->args[1];
    TempInfo *ti;

    if (tcg_arg_is_const(x) || !tcg_arg_is_const(y) || tcg_arg_const(o->ir, y) != 0 ||
        (cond != MODVM_TCG_COND_NE && cond != MODVM_TCG_COND_EQ)) {
        return;
    }
    ti = &o->info[x];
    if (ti->epoch != o->epoch || !ti->is_setcond) {
        return;
    }
    for (guint i = 0; i < 2; i++) {
        guint32 a = ti->sc_args[i];
        if (!tcg_arg_is_const(a) && o->info[a].ver != ti->sc_vers[i]) {
            return;
        }
    }
    cond = cond == MODVM_TCG_COND_NE ? ti->sc_cond : cond_invert(ti->sc_cond);
    op->args[0] = ti->sc_args[0];
    op->args[1] = ti->sc_args[1];
    op->imm = (op->imm & ~0xffull) | cond;
}

static void make_movi(TcgIrOp *op, guint64 val)
{
    op->opc = MODVM_OP_MOVI;
    op->n_in = 0;
    op->in_base = 1;
    op->imm = val;
}

static void make_unary(TcgIrOp *op, ModvmTcgOpc opc, guint32 src)
{
    op->opc = opc;
    op->n_in = 1;
    op->in_base = 1;
    op->args[1] = src;
    op->imm = 0;
}

/* x OP const identities; @c is the constant second operand. */
static void simplify_const_b(TcgIrOp *op, guint64 c)
{
    guint32 a = op->args[1];
    guint32 c32 = (guint32)c;

    switch (op->opc) {
    case MODVM_OP_ADD: case MODVM_OP_SUB: case MODVM_OP_OR: case MODVM_OP_XOR:
        if (c == 0) {
            make_unary(op, MODVM_OP_MOV, a);
        }
        break;
    case MODVM_OP_SHL: case MODVM_OP_SHR: case MODVM_OP_SAR: case MODVM_OP_ROTL:
    case MODVM_OP_ROTR:
        if ((c & 63) == 0) {
            make_unary(op, MODVM_OP_MOV, a);
        }
        break;
    case MODVM_OP_ADD_32: case MODVM_OP_SUB_32:
        if (c32 == 0) {
            make_unary(op, MODVM_OP_EXT32U, a);
        }
        break;
    case MODVM_OP_SHL_32: case MODVM_OP_SHR_32: case MODVM_OP_SAR_32: case MODVM_OP_ROTL_32:
    case MODVM_OP_ROTR_32:
        if ((c & 31) == 0) {
            make_unary(op, MODVM_OP_EXT32U, a);
        }
        break;
    case MODVM_OP_MUL:
        if (c == 0) {
            make_movi(op, 0);
        } else if (c == 1) {
            make_unary(op, MODVM_OP_MOV, a);
        }
        break;
    case MODVM_OP_MUL_32:
        if (c32 == 0) {
            make_movi(op, 0);
        } else if (c32 == 1) {
            make_unary(op, MODVM_OP_EXT32U, a);
        }
        break;
    case MODVM_OP_DIVU: case MODVM_OP_DIVS:
        if (c == 1) {
            make_unary(op, MODVM_OP_MOV, a);
        }
        break;
    case MODVM_OP_AND:
        if (c == 0) {
            make_movi(op, 0);
        } else if (c == G_MAXUINT64) {
            make_unary(op, MODVM_OP_MOV, a);
        } else if (c == 0xffffffffu) {
            make_unary(op, MODVM_OP_EXT32U, a);
        } else if (c == 0xffff) {
            make_unary(op, MODVM_OP_EXT16U, a);
        } else if (c == 0xff) {
            make_unary(op, MODVM_OP_EXT8U, a);
        }
        break;
    default:
        break;
    }
}

/* x OP x identities. */
static void simplify_same(TcgIrOp *op)
{
    guint32 a = op->args[1];

    switch (op->opc) {
    case MODVM_OP_SUB: case MODVM_OP_XOR: case MODVM_OP_SUB_32: case MODVM_OP_ANDC:
        make_movi(op, 0);
        break;
    case MODVM_OP_AND: case MODVM_OP_OR:
        make_unary(op, MODVM_OP_MOV, a);
        break;
    default:
        break;
    }
}

static guint state_size(guint opc)
{
    switch (opc) {
    case MODVM_OP_LD8U: case MODVM_OP_LD8S: case MODVM_OP_ST8: return 1;
    case MODVM_OP_LD16U: case MODVM_OP_LD16S: case MODVM_OP_ST16: return 2;
    case MODVM_OP_LD32U: case MODVM_OP_LD32S: case MODVM_OP_ST32: return 4;
    default: return 8;
    }
}

/* The extension that turns a field's stored low bytes into what the load returns. */
static ModvmTcgOpc load_extension(guint opc)
{
    switch (opc) {
    case MODVM_OP_LD8U: return MODVM_OP_EXT8U;
    case MODVM_OP_LD8S: return MODVM_OP_EXT8S;
    case MODVM_OP_LD16U: return MODVM_OP_EXT16U;
    case MODVM_OP_LD16S: return MODVM_OP_EXT16S;
    case MODVM_OP_LD32U: return MODVM_OP_EXT32U;
    case MODVM_OP_LD32S: return MODVM_OP_EXT32S;
    default: return MODVM_OP_MOV;
    }
}

static void facts_kill(Opt *o, guint64 offset, guint size)
{
    for (guint i = 0; i < o->n_facts;) {
        StateFact *f = &o->facts[i];
        if (f->offset < offset + size && offset < f->offset + f->size) {
            *f = o->facts[--o->n_facts];
        } else {
            i++;
        }
    }
}

static void facts_add(Opt *o, guint64 offset, guint size, guint32 arg)
{
    StateFact *f;

    facts_kill(o, offset, size);
    if (o->n_facts == MAX_FACTS) {
        o->facts[0] = o->facts[--o->n_facts];
    }
    f = &o->facts[o->n_facts++];
    f->offset = offset;
    f->size = size;
    if (tcg_arg_is_const(arg)) {
        f->kind = T_CONST;
        f->val = tcg_arg_const(o->ir, arg);
    } else {
        f->kind = T_COPY;
        f->src = arg;
        f->src_ver = o->info[arg].ver;
    }
}

/* A load the field's known content answers: rewritten into a move or an extension. */
static void forward_load(Opt *o, TcgIrOp *op)
{
    guint size = state_size(op->opc);

    for (guint i = 0; i < o->n_facts; i++) {
        StateFact *f = &o->facts[i];
        guint64 in[4] = { 0 };
        ModvmTcgOpc ext;
        guint32 arg;

        if (f->offset != op->imm || f->size != size) {
            continue;
        }
        if (f->kind == T_COPY && o->info[f->src].ver != f->src_ver) {
            return;
        }
        ext = load_extension(op->opc);
        arg = f->kind == T_CONST ? tcg_ir_const(o->ir, f->val) : resolve(o, f->src);
        if (tcg_arg_is_const(arg)) {
            in[0] = tcg_arg_const(o->ir, arg);
            make_movi(op, ext == MODVM_OP_MOV ? in[0] : tcg_ir_fold(ext, 0, in));
        } else {
            make_unary(op, ext, arg);
        }
        return;
    }
}

static void forward_pass(Opt *o)
{
    TcgIr *ir = o->ir;
    gboolean unreachable = FALSE;

    for (guint i = 0; i < ir->n_ops; i++) {
        TcgIrOp *op = &ir->ops[i];
        const TcgOpDef *def = &tcg_op_defs[op->opc];
        guint64 in[4] = { 0 };
        gboolean all_const = TRUE;

        if (op->opc == MODVM_OP_SET_LABEL) {
            o->epoch++;
            o->n_facts = 0;
            unreachable = FALSE;
            continue;
        }
        if (unreachable) {
            op->opc = OP_NOP;
            continue;
        }
        for (guint j = 0; j < op->n_in; j++) {
            guint32 *arg = &op->args[op->in_base + j];
            *arg = resolve(o, *arg);
            if (tcg_arg_is_const(*arg)) {
                if (j < 4) {
                    in[j] = tcg_arg_const(ir, *arg);
                }
            } else {
                all_const = FALSE;
            }
        }

        if (op->opc >= MODVM_OP_LD8U && op->opc <= MODVM_OP_LD64) {
            forward_load(o, op);
        } else if (op->opc >= MODVM_OP_ST8 && op->opc <= MODVM_OP_ST64) {
            facts_add(o, op->imm, state_size(op->opc), op->args[0]);
        } else if (op->opc == MODVM_OP_CALL && !op->helper->pure) {
            o->n_facts = 0;
        }

        if (def->flags & TCG_OPF_FOLD) {
            if ((def->flags & TCG_OPF_COMMUTE) && tcg_arg_is_const(op->args[1]) &&
                !tcg_arg_is_const(op->args[2])) {
                guint32 t = op->args[1];
                op->args[1] = op->args[2];
                op->args[2] = t;
            }
            if (all_const) {
                make_movi(op, tcg_ir_fold(op->opc, op->imm, in));
            } else if (op->opc == MODVM_OP_MOVCOND && tcg_arg_is_const(op->args[1]) &&
                       tcg_arg_is_const(op->args[2])) {
                gboolean take = tcg_cond_eval(op->imm, in[0], in[1], FALSE);
                make_unary(op, MODVM_OP_MOV, take ? op->args[3] : op->args[4]);
            } else if (op->n_in == 2 && tcg_arg_is_const(op->args[2])) {
                simplify_const_b(op, tcg_arg_const(ir, op->args[2]));
            } else if (op->n_in == 2 && op->args[1] == op->args[2]) {
                simplify_same(op);
            }
            if (op->opc == MODVM_OP_MOV && tcg_arg_is_const(op->args[1])) {
                make_movi(op, tcg_arg_const(ir, op->args[1]));
            }
        } else if (op->opc == MODVM_OP_MOV && tcg_arg_is_const(op->args[1])) {
            make_movi(op, tcg_arg_const(ir, op->args[1]));
        } else if (op->opc == MODVM_OP_BRCOND) {
            ModvmTcgCond cond;
            fuse_branch(o, op);
            cond = op->imm & 0xff;
            if (tcg_arg_is_const(op->args[0]) && tcg_arg_is_const(op->args[1])) {
                in[0] = tcg_arg_const(ir, op->args[0]);
                in[1] = tcg_arg_const(ir, op->args[1]);
                all_const = TRUE;
            }
            gboolean known = cond == MODVM_TCG_COND_ALWAYS || cond == MODVM_TCG_COND_NEVER ||
                             all_const;
            if (known) {
                if (tcg_cond_eval(cond, in[0], in[1], FALSE)) {
                    op->opc = MODVM_OP_BR;
                    op->n_in = 0;
                    op->imm >>= 8;
                } else {
                    op->opc = OP_NOP;
                    continue;
                }
            }
        }

        /* what the op leaves in its output */
        if (op->n_out) {
            guint32 d = op->args[0];
            if (op->opc == MODVM_OP_MOVI) {
                define(o, d, T_CONST, op->imm, 0);
            } else if (op->opc == MODVM_OP_MOV && op->args[1] != d) {
                define(o, d, T_COPY, 0, op->args[1]);
            } else {
                define(o, d, T_UNKNOWN, 0, 0);
            }
            o->info[d].is_setcond = FALSE;
            if (op->opc == MODVM_OP_SETCOND) {
                TempInfo *ti = &o->info[d];
                ti->is_setcond = TRUE;
                ti->sc_cond = op->imm;
                for (guint i = 0; i < 2; i++) {
                    guint32 a = op->args[1 + i];
                    ti->sc_args[i] = a;
                    /* an operand that is the output itself has changed already */
                    ti->sc_vers[i] = tcg_arg_is_const(a) ? 0
                                     : a == d ? G_MAXUINT32 : o->info[a].ver;
                }
            }
            if (op->opc >= MODVM_OP_LD8U && op->opc <= MODVM_OP_LD64) {
                /* a second load of the field reuses this one */
                facts_add(o, op->imm, state_size(op->opc), d);
            }
        }
        if (tcg_op_defs[op->opc].flags & TCG_OPF_END) {
            unreachable = TRUE;
        }
    }
}

#define WORDS(n) (((n) + 63) / 64)

static inline void bit_set(guint64 *set, guint32 t)
{
    set[t / 64] |= 1ull << (t % 64);
}

static inline void bit_clear(guint64 *set, guint32 t)
{
    set[t / 64] &= ~(1ull << (t % 64));
}

static inline gboolean bit_test(const guint64 *set, guint32 t)
{
    return (set[t / 64] >> (t % 64)) & 1;
}

/*
 * Backward liveness over the block's straight-line code. Temps do not
 * outlive the block. A branch to a label already seen (a forward branch)
 * takes that label's live set; one to a label not yet seen (a backward
 * branch, a loop) keeps every temp alive.
 */
/*
 * Stores to CPU state that a later store overwrites before anything can
 * look (a load of the field, a helper, a possible raise, a branch or the
 * block's end) are dropped. Kept as a short list walking backwards.
 */
#define MAX_SHADOWS 16

typedef struct {
    guint64 offset[MAX_SHADOWS];
    guint8 size[MAX_SHADOWS];
    guint n;
} Shadows;

static gboolean shadowed(const Shadows *sh, guint64 offset, guint size)
{
    for (guint i = 0; i < sh->n; i++) {
        if (sh->offset[i] <= offset && offset + size <= sh->offset[i] + sh->size[i]) {
            return TRUE;
        }
    }
    return FALSE;
}

static void shadows_kill(Shadows *sh, guint64 offset, guint size)
{
    for (guint i = 0; i < sh->n;) {
        if (sh->offset[i] < offset + size && offset < sh->offset[i] + sh->size[i]) {
            sh->n--;
            sh->offset[i] = sh->offset[sh->n];
            sh->size[i] = sh->size[sh->n];
        } else {
            i++;
        }
    }
}

static void dead_code_pass(TcgIr *ir)
{
    Shadows sh = { .n = 0 };
    guint words = WORDS(ir->n_temps);
    g_autofree guint64 *live = g_new0(guint64, words);
    g_autofree guint64 *label_live = g_new0(guint64, (gsize)words * MAX(ir->n_labels, 1));
    g_autofree gboolean *label_seen = g_new0(gboolean, MAX(ir->n_labels, 1));

    for (guint i = ir->n_ops; i-- > 0;) {
        TcgIrOp *op = &ir->ops[i];
        const TcgOpDef *def;
        gboolean removable;

        if (op->opc == OP_NOP) {
            continue;
        }
        def = &tcg_op_defs[op->opc];
        if (op->opc >= MODVM_OP_ST8 && op->opc <= MODVM_OP_ST64) {
            guint size = state_size(op->opc);
            if (shadowed(&sh, op->imm, size)) {
                op->opc = OP_NOP;
                continue;
            }
            if (sh.n < MAX_SHADOWS) {
                sh.offset[sh.n] = op->imm;
                sh.size[sh.n] = size;
                sh.n++;
            }
        } else if (op->opc >= MODVM_OP_LD8U && op->opc <= MODVM_OP_LD64) {
            shadows_kill(&sh, op->imm, state_size(op->opc));
        } else if (op->opc != MODVM_OP_INSN_START &&
                   ((def->flags & (TCG_OPF_SIDE | TCG_OPF_RAISE)) || op->opc == MODVM_OP_CALL) &&
                   !(op->opc == MODVM_OP_CALL && op->helper->pure)) {
            /* labels, branches, exits, guest memory, helpers: the state must be complete */
            sh.n = 0;
        }
        switch (op->opc) {
        case MODVM_OP_SET_LABEL:
            memcpy(&label_live[op->imm * words], live, words * sizeof(guint64));
            label_seen[op->imm] = TRUE;
            continue;
        case MODVM_OP_BR:
            if (label_seen[op->imm]) {
                memcpy(live, &label_live[op->imm * words], words * sizeof(guint64));
            } else {
                memset(live, 0xff, words * sizeof(guint64));
            }
            continue;
        case MODVM_OP_BRCOND: {
            guint64 l = op->imm >> 8;
            for (guint w = 0; w < words; w++) {
                live[w] |= label_seen[l] ? label_live[l * words + w] : G_MAXUINT64;
            }
            break;
        }
        case MODVM_OP_GOTO_TB:
        case MODVM_OP_EXIT_TB:
        case MODVM_OP_LOOKUP_AND_GOTO:
        case MODVM_OP_EXCEPTION:
            memset(live, 0, words * sizeof(guint64));
            continue;
        default:
            break;
        }

        removable = !(def->flags & TCG_OPF_SIDE) ||
                    (op->opc == MODVM_OP_CALL && op->helper->pure);
        if (removable && (op->n_out == 0 || !bit_test(live, op->args[0]))) {
            op->opc = OP_NOP;
            continue;
        }
        if (op->n_out) {
            bit_clear(live, op->args[0]);
        }
        for (guint j = 0; j < op->n_in; j++) {
            guint32 arg = op->args[op->in_base + j];
            if (!tcg_arg_is_const(arg)) {
                bit_set(live, arg);
            }
        }
    }
}

static void squeeze(TcgIr *ir)
{
    guint n = 0;

    for (guint i = 0; i < ir->n_ops; i++) {
        if (ir->ops[i].opc != OP_NOP) {
            ir->ops[n++] = ir->ops[i];
        }
    }
    ir->n_ops = n;
}

void tcg_optimize(TcgIr *ir)
{
    Opt o = {
        .ir = ir,
        .info = g_new0(TempInfo, ir->n_temps),
        .epoch = 1,
    };

    forward_pass(&o);
    dead_code_pass(ir);
    squeeze(ir);
    g_free(o.info);
}
