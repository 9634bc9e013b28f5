/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The interpreter backend's compiler: optimised IR to pre-decoded instructions. */
#include "interp.h"

/*
 * Each TcgInsn names its handler by address (computed goto) and carries
 * frame slots and one immediate, so a handler reads its operands without
 * decoding anything. Constants the optimiser found become immediate forms
 * (ADDI, SHLI, BRCONDI, ...); conditions are part of the handler, not an
 * operand. A native backend would replace this file and interp.c: it
 * takes the same TcgIr and fills the same TcgTb.
 */

/* libffi call interfaces, one per helper signature. */
typedef struct {
    ffi_cif cif;
    ffi_type *args[6];
} TcgCif;

static GMutex cif_lock;
static GHashTable *cif_table;

static ffi_cif *cif_for(const ModvmTcgHelper *h)
{
    guint key = h->nargs | (guint)(h->ptr_args & 0x3f) << 4 | (h->returns ? 1u << 12 : 0);
    TcgCif *c;

    g_mutex_lock(&cif_lock);
    if (!cif_table) {
        cif_table = g_hash_table_new(NULL, NULL);
    }
    c = g_hash_table_lookup(cif_table, GUINT_TO_POINTER(key + 1));
    if (!c) {
        c = g_new0(TcgCif, 1);
        for (guint i = 0; i < h->nargs; i++) {
            c->args[i] = (h->ptr_args & (1u << i)) ? &ffi_type_pointer : &ffi_type_uint64;
        }
        if (ffi_prep_cif(&c->cif, FFI_DEFAULT_ABI, h->nargs,
                         h->returns ? &ffi_type_uint64 : &ffi_type_void, c->args) != FFI_OK) {
            g_error("accel-tcg: libffi cannot prepare a call to helper %s", h->name);
        }
        g_hash_table_insert(cif_table, GUINT_TO_POINTER(key + 1), c);
    }
    g_mutex_unlock(&cif_lock);
    return &c->cif;
}

/* Compilation */

#define SLOT_UNSET G_MAXUINT32

typedef struct {
    guint insn;
    guint target;               /* a label, or for calls the descriptor index */
} Fixup;

typedef struct {
    const TcgIr *ir;
    TcgTb *tb;
    gboolean force_ffi;
    TcgInsn *code;
    guint n, cap;
    guint32 *slot_of;
    guint n_slots;
    gboolean overflow;
    /* slot reuse: a temp's slot is free again after its last use */
    guint *last_use;
    gboolean reuse;
    GArray *free_slots;
    GArray *scratch;
    guint *label_pos;
    GArray *branch_fix;
    GArray *call_fix;
    TcgCallDesc *calls;
    guint n_calls, cap_calls;
    guint64 insn_pc;            /* of the last INSN_START */
} Compiler;

static guint emit(Compiler *c, guint ti, guint d, guint a, guint b, guint cc, guint64 imm)
{
    TcgInsn *insn;

    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 128;
        c->code = g_renew(TcgInsn, c->code, c->cap);
    }
    insn = &c->code[c->n];
    insn->h = GUINT_TO_POINTER(ti);
    insn->d = (guint16)d;
    insn->a = (guint16)a;
    insn->b = (guint16)b;
    insn->c = (guint16)cc;
    insn->imm = imm;
    return c->n++;
}

static guint new_slot(Compiler *c)
{
    if (c->reuse && c->free_slots->len) {
        guint s = g_array_index(c->free_slots, guint, c->free_slots->len - 1);
        g_array_set_size(c->free_slots, c->free_slots->len - 1);
        return s;
    }
    if (c->n_slots >= TCG_MAX_SLOTS) {
        c->overflow = TRUE;
        return 0;
    }
    return c->n_slots++;
}

static gboolean is_const(Compiler *c, guint32 arg)
{
    return tcg_arg_is_const(arg);
}

static guint64 cval(Compiler *c, guint32 arg)
{
    return tcg_arg_const(c->ir, arg);
}

/* The frame slot of @arg; a constant is put in a scratch slot first. */
static guint slot(Compiler *c, guint32 arg)
{
    if (is_const(c, arg)) {
        guint s = new_slot(c);
        emit(c, TI_MOVI, s, 0, 0, 0, cval(c, arg));
        g_array_append_val(c->scratch, s);
        return s;
    }
    if (c->slot_of[arg] == SLOT_UNSET) {
        c->slot_of[arg] = new_slot(c);
    }
    return c->slot_of[arg];
}

enum { IK_NONE, IK_PLAIN, IK_NEG, IK_NEG32, IK_SH63, IK_SH31, IK_ROTR64, IK_ROTR32 };

typedef struct {
    guint16 rr, ri;
    guint8 kind;
} BinMap;

static const BinMap bin_map[MODVM_OP__COUNT] = {
    [MODVM_OP_ADD] = { TI_ADD, TI_ADDI, IK_PLAIN },
    [MODVM_OP_SUB] = { TI_SUB, TI_ADDI, IK_NEG },
    [MODVM_OP_MUL] = { TI_MUL, TI_MULI, IK_PLAIN },
    [MODVM_OP_MULUH] = { TI_MULUH, 0, IK_NONE },
    [MODVM_OP_MULSH] = { TI_MULSH, 0, IK_NONE },
    [MODVM_OP_DIVS] = { TI_DIVS, 0, IK_NONE },
    [MODVM_OP_DIVU] = { TI_DIVU, 0, IK_NONE },
    [MODVM_OP_REMS] = { TI_REMS, 0, IK_NONE },
    [MODVM_OP_REMU] = { TI_REMU, 0, IK_NONE },
    [MODVM_OP_AND] = { TI_AND, TI_ANDI, IK_PLAIN },
    [MODVM_OP_OR] = { TI_OR, TI_ORI, IK_PLAIN },
    [MODVM_OP_XOR] = { TI_XOR, TI_XORI, IK_PLAIN },
    [MODVM_OP_ANDC] = { TI_ANDC, 0, IK_NONE },
    [MODVM_OP_ORC] = { TI_ORC, 0, IK_NONE },
    [MODVM_OP_EQV] = { TI_EQV, 0, IK_NONE },
    [MODVM_OP_NAND] = { TI_NAND, 0, IK_NONE },
    [MODVM_OP_NOR] = { TI_NOR, 0, IK_NONE },
    [MODVM_OP_SHL] = { TI_SHL, TI_SHLI, IK_SH63 },
    [MODVM_OP_SHR] = { TI_SHR, TI_SHRI, IK_SH63 },
    [MODVM_OP_SAR] = { TI_SAR, TI_SARI, IK_SH63 },
    [MODVM_OP_ROTL] = { TI_ROTL, TI_ROTLI, IK_SH63 },
    [MODVM_OP_ROTR] = { TI_ROTR, TI_ROTLI, IK_ROTR64 },
    [MODVM_OP_ADD_32] = { TI_ADD_32, TI_ADDI_32, IK_PLAIN },
    [MODVM_OP_SUB_32] = { TI_SUB_32, TI_ADDI_32, IK_NEG32 },
    [MODVM_OP_MUL_32] = { TI_MUL_32, 0, IK_NONE },
    [MODVM_OP_DIVS_32] = { TI_DIVS_32, 0, IK_NONE },
    [MODVM_OP_DIVU_32] = { TI_DIVU_32, 0, IK_NONE },
    [MODVM_OP_REMS_32] = { TI_REMS_32, 0, IK_NONE },
    [MODVM_OP_REMU_32] = { TI_REMU_32, 0, IK_NONE },
    [MODVM_OP_SHL_32] = { TI_SHL_32, TI_SHLI_32, IK_SH31 },
    [MODVM_OP_SHR_32] = { TI_SHR_32, TI_SHRI_32, IK_SH31 },
    [MODVM_OP_SAR_32] = { TI_SAR_32, TI_SARI_32, IK_SH31 },
    [MODVM_OP_ROTL_32] = { TI_ROTL_32, TI_ROTLI_32, IK_SH31 },
    [MODVM_OP_ROTR_32] = { TI_ROTR_32, TI_ROTLI_32, IK_ROTR32 },
};

static const guint16 unary_map[MODVM_OP__COUNT] = {
    [MODVM_OP_NOT] = TI_NOT, [MODVM_OP_NEG] = TI_NEG, [MODVM_OP_CLZ] = TI_CLZ,
    [MODVM_OP_CTZ] = TI_CTZ, [MODVM_OP_CTPOP] = TI_CTPOP, [MODVM_OP_CLZ_32] = TI_CLZ_32,
    [MODVM_OP_CTZ_32] = TI_CTZ_32, [MODVM_OP_BSWAP16] = TI_BSWAP16,
    [MODVM_OP_BSWAP32] = TI_BSWAP32, [MODVM_OP_BSWAP64] = TI_BSWAP64,
    [MODVM_OP_EXT8S] = TI_EXT8S, [MODVM_OP_EXT8U] = TI_EXT8U, [MODVM_OP_EXT16S] = TI_EXT16S,
    [MODVM_OP_EXT16U] = TI_EXT16U, [MODVM_OP_EXT32S] = TI_EXT32S, [MODVM_OP_EXT32U] = TI_EXT32U,
    [MODVM_OP_LD8U] = TI_LD8U, [MODVM_OP_LD8S] = TI_LD8S, [MODVM_OP_LD16U] = TI_LD16U,
    [MODVM_OP_LD16S] = TI_LD16S, [MODVM_OP_LD32U] = TI_LD32U, [MODVM_OP_LD32S] = TI_LD32S,
    [MODVM_OP_LD64] = TI_LD64, [MODVM_OP_ST8] = TI_ST8, [MODVM_OP_ST16] = TI_ST16,
    [MODVM_OP_ST32] = TI_ST32, [MODVM_OP_ST64] = TI_ST64,
};

static guint64 field_mask(unsigned len)
{
    return len >= 64 ? G_MAXUINT64 : (1ull << len) - 1;
}

static void compile_binary(Compiler *c, const TcgIrOp *op)
{
    const BinMap *m = &bin_map[op->opc];
    guint32 a = op->args[1], b = op->args[2];
    guint sa, sd;

    if ((tcg_op_defs[op->opc].flags & TCG_OPF_COMMUTE) && is_const(c, a) && !is_const(c, b)) {
        guint32 t = a;
        a = b;
        b = t;
    }
    if (is_const(c, b) && m->kind != IK_NONE) {
        guint64 v = cval(c, b);
        switch (m->kind) {
        case IK_NEG: v = -v; break;
        case IK_NEG32: v = (guint32)-(guint32)v; break;
        case IK_SH63: v &= 63; break;
        case IK_SH31: v &= 31; break;
        case IK_ROTR64: v = (64 - (v & 63)) & 63; break;
        case IK_ROTR32: v = (32 - (v & 31)) & 31; break;
        default: break;
        }
        sa = slot(c, a);
        sd = slot(c, op->args[0]);
        emit(c, m->ri, sd, sa, 0, 0, v);
        return;
    }
    sa = slot(c, a);
    guint sb = slot(c, b);
    sd = slot(c, op->args[0]);
    emit(c, m->rr, sd, sa, sb, 0, 0);
}

static void compile_setcond(Compiler *c, const TcgIrOp *op, gboolean is32)
{
    ModvmTcgCond cond = op->imm;
    guint32 a = op->args[1], b = op->args[2];
    guint sd;

    if (cond == MODVM_TCG_COND_NEVER || cond == MODVM_TCG_COND_ALWAYS ||
        cond > MODVM_TCG_COND_GTU) {
        emit(c, TI_MOVI, slot(c, op->args[0]), 0, 0, 0, cond == MODVM_TCG_COND_ALWAYS);
        return;
    }
    if (is_const(c, a) && !is_const(c, b)) {
        guint32 t = a;
        a = b;
        b = t;
        cond = tcg_cond_swap(cond);
    }
    if (is_const(c, b)) {
        guint sa = slot(c, a);
        sd = slot(c, op->args[0]);
        emit(c, ti_cond(cond, is32 ? CV_SETCOND32I : CV_SETCONDI), sd, sa, 0, 0, cval(c, b));
        return;
    }
    guint sa = slot(c, a), sb = slot(c, b);
    sd = slot(c, op->args[0]);
    emit(c, ti_cond(cond, is32 ? CV_SETCOND32 : CV_SETCOND), sd, sa, sb, 0, 0);
}

static void compile_mov(Compiler *c, guint32 d, guint32 src)
{
    if (is_const(c, src)) {
        emit(c, TI_MOVI, slot(c, d), 0, 0, 0, cval(c, src));
    } else {
        guint ss = slot(c, src), sd = slot(c, d);
        if (ss != sd) {
            emit(c, TI_MOV, sd, ss, 0, 0, 0);
        }
    }
}

static void compile_movcond(Compiler *c, const TcgIrOp *op)
{
    ModvmTcgCond cond = op->imm;
    guint32 a = op->args[1], b = op->args[2];

    if (cond == MODVM_TCG_COND_NEVER || cond > MODVM_TCG_COND_GTU) {
        compile_mov(c, op->args[0], op->args[4]);
        return;
    }
    if (cond == MODVM_TCG_COND_ALWAYS) {
        compile_mov(c, op->args[0], op->args[3]);
        return;
    }
    if (is_const(c, a) && !is_const(c, b)) {
        guint32 t = a;
        a = b;
        b = t;
        cond = tcg_cond_swap(cond);
    }
    guint sa = slot(c, a), sb = slot(c, b), st = slot(c, op->args[3]), sf = slot(c, op->args[4]);
    emit(c, ti_cond(cond, CV_MOVCOND), slot(c, op->args[0]), sa, sb, st, sf);
}

static void branch_to(Compiler *c, guint insn, guint label)
{
    Fixup f = { insn, label };
    g_array_append_val(c->branch_fix, f);
}

static void compile_brcond(Compiler *c, const TcgIrOp *op)
{
    ModvmTcgCond cond = op->imm & 0xff;
    guint label = op->imm >> 8;
    guint32 a = op->args[0], b = op->args[1];

    if (cond == MODVM_TCG_COND_NEVER || cond > MODVM_TCG_COND_GTU) {
        return;
    }
    if (cond != MODVM_TCG_COND_ALWAYS && is_const(c, a) && is_const(c, b)) {
        cond = tcg_cond_eval(cond, cval(c, a), cval(c, b), FALSE) ? MODVM_TCG_COND_ALWAYS
                                                                 : MODVM_TCG_COND_NEVER;
        if (cond == MODVM_TCG_COND_NEVER) {
            return;
        }
    }
    if (cond == MODVM_TCG_COND_ALWAYS) {
        branch_to(c, emit(c, TI_BR, 0, 0, 0, 0, 0), label);
        return;
    }
    if (is_const(c, a)) {
        guint32 t = a;
        a = b;
        b = t;
        cond = tcg_cond_swap(cond);
    }
    if (is_const(c, b)) {
        guint sa = slot(c, a);
        branch_to(c, emit(c, ti_cond(cond, CV_BRCONDI), 0, sa, 0, 0, 0), label);
        /* the constant rides in the next, never executed, instruction */
        emit(c, TI_EXIT_TB, 0, 0, 0, 0, cval(c, b));
        return;
    }
    guint sa = slot(c, a), sb = slot(c, b);
    branch_to(c, emit(c, ti_cond(cond, CV_BRCOND), 0, sa, sb, 0, 0), label);
}

static guint qld_insn(unsigned memop)
{
    gboolean be = (memop & MODVM_MO_BE) != 0, sign = (memop & MODVM_MO_SIGN) != 0;

    switch (memop & MODVM_MO_SIZE) {
    case MODVM_MO_8: return sign ? TI_QLD8S : TI_QLD8U;
    case MODVM_MO_16: return sign ? (be ? TI_QLD16S_BE : TI_QLD16S_LE)
                                  : (be ? TI_QLD16U_BE : TI_QLD16U_LE);
    case MODVM_MO_32: return sign ? (be ? TI_QLD32S_BE : TI_QLD32S_LE)
                                  : (be ? TI_QLD32U_BE : TI_QLD32U_LE);
    default: return be ? TI_QLD64_BE : TI_QLD64_LE;
    }
}

static guint qst_insn(unsigned memop)
{
    gboolean be = (memop & MODVM_MO_BE) != 0;

    switch (memop & MODVM_MO_SIZE) {
    case MODVM_MO_8: return TI_QST8;
    case MODVM_MO_16: return be ? TI_QST16_BE : TI_QST16_LE;
    case MODVM_MO_32: return be ? TI_QST32_BE : TI_QST32_LE;
    default: return be ? TI_QST64_BE : TI_QST64_LE;
    }
}

static void compile_call(Compiler *c, const TcgIrOp *op)
{
    const ModvmTcgHelper *h = op->helper;
    TcgCallDesc cd = {
        .func = h->func,
        .cif = cif_for(h),
        .nargs = h->nargs,
        .returns = h->returns != 0,
        .ptr_args = h->ptr_args,
    };
    Fixup f;

    for (guint i = 0; i < h->nargs; i++) {
        cd.slots[i] = (guint16)slot(c, op->args[1 + i]);
    }
    if (h->returns) {
        cd.d = (guint16)slot(c, op->args[0]);
    }
    if (c->n_calls == c->cap_calls) {
        c->cap_calls = c->cap_calls ? c->cap_calls * 2 : 8;
        c->calls = g_renew(TcgCallDesc, c->calls, c->cap_calls);
    }
    c->calls[c->n_calls] = cd;
    f.target = c->n_calls++;
    f.insn = emit(c, (TCG_DIRECT_CALLS && !c->force_ffi) ? TI_CALL0 + h->nargs : TI_CALL_FFI,
                  0, 0, 0, 0, 0);
    g_array_append_val(c->call_fix, f);
}

static void compile_op(Compiler *c, const TcgIrOp *op, gboolean keep_insn_start);

/* Whether a guest memory access at @pc can carry its pc (TCG_OI_HAS_PC) in @tb. */
static gboolean pc_fits(const TcgTb *tb, guint64 pc)
{
    return tb->pc + (guint64)(gint64)(gint32)(guint32)(pc - tb->pc) == pc;
}

/* @op is "shl d, @src, $@shift". */
static gboolean is_shl(Compiler *c, const TcgIrOp *op, guint32 src, guint64 shift)
{
    return op->opc == MODVM_OP_SHL && op->args[1] == src && is_const(c, op->args[2]) &&
           cval(c, op->args[2]) == shift;
}

static gboolean is_env_load(const TcgIrOp *op)
{
    switch (op->opc) {
    case MODVM_OP_LD8U: case MODVM_OP_LD8S: case MODVM_OP_LD16U: case MODVM_OP_LD16S:
    case MODVM_OP_LD32U: case MODVM_OP_LD32S: case MODVM_OP_LD64:
        return TRUE;
    default:
        return FALSE;
    }
}

/* @op is "or d, x, y" or "or d, y, x". */
static gboolean is_or(const TcgIrOp *op, guint32 x, guint32 y)
{
    return op->opc == MODVM_OP_OR &&
           ((op->args[1] == x && op->args[2] == y) || (op->args[1] == y && op->args[2] == x));
}

/*
 * A condition register field from a compare, as frontends write it:
 *   setcond lt, a, b, lt[u]; setcond gt, a, b, gt[u]; setcond eq, a, b, eq
 *   shl v, lt, 3; shl gt', gt, 2; or v', v, gt'; shl eq', eq, 1; or r, v', eq'
 * and optionally "or r', r, s" (with "ld s" before it) becomes one CMPCR
 * instruction when the temps in between are dead afterwards. Returns the
 * number of ops it compiled, 0 when they do not match.
 */
static guint fuse_compare(Compiler *c, guint i)
{
    const TcgIrOp *o = &c->ir->ops[i];
    guint n = c->ir->n_ops - i, used = 8;
    guint32 a, b, lt, gt, eq, v, gt2, v2, eq2, r, s = 0;
    gboolean is_signed;
    guint ti, sa, sd, ss = 0;

    if (n < 8 || o[0].opc != MODVM_OP_SETCOND ||
        (o[0].imm != MODVM_TCG_COND_LT && o[0].imm != MODVM_TCG_COND_LTU)) {
        return 0;
    }
    is_signed = o[0].imm == MODVM_TCG_COND_LT;
    a = o[0].args[1];
    b = o[0].args[2];
    lt = o[0].args[0];
    gt = o[1].args[0];
    eq = o[2].args[0];
    if (tcg_arg_is_const(a) || lt == a || lt == b ||
        o[1].opc != MODVM_OP_SETCOND || o[1].args[1] != a || o[1].args[2] != b ||
        o[1].imm != (is_signed ? MODVM_TCG_COND_GT : MODVM_TCG_COND_GTU) || gt == a || gt == b ||
        o[2].opc != MODVM_OP_SETCOND || o[2].args[1] != a || o[2].args[2] != b ||
        o[2].imm != MODVM_TCG_COND_EQ || eq == a || eq == b || lt == gt || lt == eq || gt == eq) {
        return 0;
    }
    v = o[3].args[0];
    gt2 = o[4].args[0];
    v2 = o[5].args[0];
    eq2 = o[6].args[0];
    r = o[7].args[0];
    if (!is_shl(c, &o[3], lt, 3) || !is_shl(c, &o[4], gt, 2) || !is_or(&o[5], v, gt2) ||
        !is_shl(c, &o[6], eq, 1) || !is_or(&o[7], v2, eq2)) {
        return 0;
    }
    /* every temp but the result dies in the pattern */
    const guint32 inner[] = { lt, gt, eq, v, gt2, v2, eq2 };
    for (guint k = 0; k < G_N_ELEMENTS(inner); k++) {
        if (inner[k] != r && c->last_use[inner[k]] > i + 7) {
            return 0;
        }
    }
    /* "ld s; or r', r, s" or "or r', r, s" */
    if (n >= 10 && is_env_load(&o[8]) && o[8].args[0] != a &&
        o[8].args[0] != b && o[8].args[0] != r && is_or(&o[9], r, o[8].args[0]) &&
        (o[9].args[0] == r || c->last_use[r] <= i + 9)) {
        compile_op(c, &o[8], FALSE);
        s = o[8].args[0];
        r = o[9].args[0];
        used = 10;
    } else if (n >= 9 && o[8].opc == MODVM_OP_OR && (o[8].args[1] == r) != (o[8].args[2] == r) &&
               (o[8].args[0] == r || c->last_use[r] <= i + 8)) {
        s = o[8].args[1] == r ? o[8].args[2] : o[8].args[1];
        r = o[8].args[0];
        used = 9;
    }
    sa = slot(c, a);
    if (s) {
        ss = slot(c, s);
    }
    if (tcg_arg_is_const(b)) {
        ti = is_signed ? (s ? TI_CMPCRI_S_OR : TI_CMPCRI_S) : (s ? TI_CMPCRI_U_OR : TI_CMPCRI_U);
        sd = slot(c, r);
        emit(c, ti, sd, sa, 0, ss, cval(c, b));
    } else {
        guint sb = slot(c, b);
        ti = is_signed ? (s ? TI_CMPCR_S_OR : TI_CMPCR_S) : (s ? TI_CMPCR_U_OR : TI_CMPCR_U);
        sd = slot(c, r);
        emit(c, ti, sd, sa, sb, ss, 0);
    }
    return used;
}

/*
 * A branch on one bit: "[ext32u u, x;] extract t, u, pos, 1; brcond t, $0,
 * ne|eq" (a condition register bit) becomes one BRTEST when u and t die
 * there. Returns the number of ops it compiled, 0 when they do not match.
 */
static guint fuse_bit_branch(Compiler *c, guint i)
{
    const TcgIrOp *o = &c->ir->ops[i];
    guint n = c->ir->n_ops - i, k = 0;
    guint32 x, t;
    unsigned pos;
    ModvmTcgCond cond;

    if (n >= 3 && o[0].opc == MODVM_OP_EXT32U && o[1].opc == MODVM_OP_EXTRACT &&
        o[1].args[1] == o[0].args[0] && ((o[1].imm >> 8) & 0xff) < 32 &&
        c->last_use[o[0].args[0]] <= i + 1) {
        k = 1;
    }
    if (n < k + 2 || o[k].opc != MODVM_OP_EXTRACT || (o[k].imm & 0xff) != 1 ||
        o[k + 1].opc != MODVM_OP_BRCOND) {
        return 0;
    }
    x = k ? o[0].args[1] : o[k].args[1];
    t = o[k].args[0];
    pos = (o[k].imm >> 8) & 0xff;
    cond = o[k + 1].imm & 0xff;
    if (is_const(c, x) || o[k + 1].args[0] != t || !is_const(c, o[k + 1].args[1]) ||
        cval(c, o[k + 1].args[1]) != 0 || c->last_use[t] > i + k + 1 ||
        (cond != MODVM_TCG_COND_NE && cond != MODVM_TCG_COND_EQ)) {
        return 0;
    }
    branch_to(c, emit(c, cond == MODVM_TCG_COND_NE ? TI_BRTEST_NZ : TI_BRTEST_Z, 0, slot(c, x), 0,
                      0, 0), o[k + 1].imm >> 8);
    emit(c, TI_EXIT_TB, 0, 0, 0, 0, 1ull << pos);
    return k + 2;
}

static void compile_op(Compiler *c, const TcgIrOp *op, gboolean keep_insn_start)
{
    const guint32 *a = op->args;

    switch (op->opc) {
    case MODVM_OP_MOV:
        compile_mov(c, a[0], a[1]);
        break;
    case MODVM_OP_MOVI:
        emit(c, TI_MOVI, slot(c, a[0]), 0, 0, 0, op->imm);
        break;
    case MODVM_OP_NOT: case MODVM_OP_NEG: case MODVM_OP_CLZ: case MODVM_OP_CTZ:
    case MODVM_OP_CTPOP: case MODVM_OP_CLZ_32: case MODVM_OP_CTZ_32: case MODVM_OP_BSWAP16:
    case MODVM_OP_BSWAP32: case MODVM_OP_BSWAP64: case MODVM_OP_EXT8S: case MODVM_OP_EXT8U:
    case MODVM_OP_EXT16S: case MODVM_OP_EXT16U: case MODVM_OP_EXT32S: case MODVM_OP_EXT32U: {
        guint sa = slot(c, a[1]);
        emit(c, unary_map[op->opc], slot(c, a[0]), sa, 0, 0, 0);
        break;
    }
    case MODVM_OP_EXTRACT: case MODVM_OP_SEXTRACT: case MODVM_OP_DEPOSIT: {
        unsigned pos = (op->imm >> 8) & 0xff, len = op->imm & 0xff;
        guint sa = slot(c, a[1]);
        if (op->opc == MODVM_OP_EXTRACT) {
            emit(c, TI_EXTRACT, slot(c, a[0]), sa, 0, pos, field_mask(len));
        } else if (op->opc == MODVM_OP_SEXTRACT) {
            emit(c, TI_SEXTRACT, slot(c, a[0]), sa, 64 - pos - len, 64 - len, 0);
        } else {
            guint sb = slot(c, a[2]);
            emit(c, TI_DEPOSIT, slot(c, a[0]), sa, sb, pos, field_mask(len) << pos);
        }
        break;
    }
    case MODVM_OP_SETCOND:
        compile_setcond(c, op, FALSE);
        break;
    case MODVM_OP_SETCOND_32:
        compile_setcond(c, op, TRUE);
        break;
    case MODVM_OP_MOVCOND:
        compile_movcond(c, op);
        break;
    case MODVM_OP_LD8U: case MODVM_OP_LD8S: case MODVM_OP_LD16U: case MODVM_OP_LD16S:
    case MODVM_OP_LD32U: case MODVM_OP_LD32S: case MODVM_OP_LD64:
        emit(c, unary_map[op->opc], slot(c, a[0]), 0, 0, 0, op->imm);
        break;
    case MODVM_OP_ST8: case MODVM_OP_ST16: case MODVM_OP_ST32: case MODVM_OP_ST64:
        if (is_const(c, a[0])) {
            /* the value rides in the next, never executed, instruction */
            emit(c, TI_ST8I + (op->opc - MODVM_OP_ST8), 0, 0, 0, 0, op->imm);
            emit(c, TI_EXIT_TB, 0, 0, 0, 0, cval(c, a[0]));
        } else {
            emit(c, unary_map[op->opc], 0, slot(c, a[0]), 0, 0, op->imm);
        }
        break;
    case MODVM_OP_QEMU_LD: case MODVM_OP_QEMU_ST: {
        unsigned memop = op->imm & 0xff, mmu = (op->imm >> 8) & 0xff;
        guint64 oi = memop | mmu << 8;
        if (pc_fits(c->tb, c->insn_pc)) {
            oi |= TCG_OI_HAS_PC | (guint64)(guint32)(c->insn_pc - c->tb->pc) << 32;
        }
        if (mmu >= TCG_MMU_IDX_MAX) {
            g_error("accel-tcg: mmu_idx %u (at most %u)", mmu, TCG_MMU_IDX_MAX - 1);
        }
        if (op->opc == MODVM_OP_QEMU_LD) {
            guint sa = slot(c, a[1]);
            emit(c, qld_insn(memop), slot(c, a[0]), sa, 0, mmu, oi);
        } else {
            guint sa = slot(c, a[1]), sv = slot(c, a[0]);
            emit(c, qst_insn(memop), 0, sa, sv, mmu, oi);
        }
        break;
    }
    case MODVM_OP_SET_LABEL:
        c->label_pos[op->imm] = c->n;
        break;
    case MODVM_OP_BR:
        branch_to(c, emit(c, TI_BR, 0, 0, 0, 0, 0), op->imm);
        break;
    case MODVM_OP_BRCOND:
        compile_brcond(c, op);
        break;
    case MODVM_OP_CALL:
        compile_call(c, op);
        break;
    case MODVM_OP_INSN_START:
        c->insn_pc = op->imm;
        if (keep_insn_start) {
            emit(c, TI_INSN_START, 0, 0, 0, 0, op->imm);
        }
        break;
    case MODVM_OP_GOTO_TB:
        c->tb->jmp[a[0]].pc = op->imm;
        emit(c, TI_GOTO_TB, 0, 0, 0, a[0], op->imm);
        break;
    case MODVM_OP_EXIT_TB:
        emit(c, TI_EXIT_TB, 0, 0, 0, 0, 0);
        break;
    case MODVM_OP_LOOKUP_AND_GOTO:
        emit(c, TI_LOOKUP_AND_GOTO, 0, 0, 0, 0, 0);
        break;
    case MODVM_OP_EXCEPTION:
        emit(c, TI_EXCEPTION, 0, 0, 0, 0, op->imm);
        break;
    default:
        if (op->opc < MODVM_OP__COUNT && bin_map[op->opc].rr) {
            compile_binary(c, op);
            break;
        }
        g_error("accel-tcg: the interpreter has no rule for op %s", tcg_op_defs[op->opc].name);
    }
}

/*
 * Frame slots are handed out again once a temp is dead, which keeps the
 * frame small and in cache. In straight-line code with forward branches
 * a temp is dead after its last use in program order; a backward branch
 * (a loop inside the block) turns reuse off for the block.
 */
static gboolean has_backward_branch(const TcgIr *ir)
{
    g_autofree gboolean *seen = g_new0(gboolean, MAX(ir->n_labels, 1));

    for (guint i = 0; i < ir->n_ops; i++) {
        const TcgIrOp *op = &ir->ops[i];
        if (op->opc == MODVM_OP_SET_LABEL) {
            seen[op->imm] = TRUE;
        } else if ((op->opc == MODVM_OP_BR && seen[op->imm]) ||
                   (op->opc == MODVM_OP_BRCOND && seen[op->imm >> 8])) {
            return TRUE;
        }
    }
    return FALSE;
}

static void release_slots(Compiler *c, const TcgIrOp *op, guint i)
{
    for (guint j = 0; j < c->scratch->len; j++) {
        g_array_append_val(c->free_slots, g_array_index(c->scratch, guint, j));
    }
    g_array_set_size(c->scratch, 0);
    for (guint j = 0; j < op->n_out + op->n_in; j++) {
        guint32 t = op->args[j < op->n_out ? j : op->in_base + (j - op->n_out)];
        if (tcg_arg_is_const(t) || t == MODVM_TCG_CPU_TEMP || c->slot_of[t] == SLOT_UNSET ||
            c->last_use[t] > i) {
            continue;
        }
        g_array_append_val(c->free_slots, c->slot_of[t]);
        c->slot_of[t] = SLOT_UNSET;
    }
}

/*
 * INSN_START only matters to ops that can raise (the pc to restore): an
 * instruction without guest memory accesses or non-pure helper calls
 * costs no store at all, and guest memory accesses carry their pc
 * themselves (TCG_OI_HAS_PC) when it is near enough the block's.
 */
static gboolean *insn_starts_needed(const TcgIr *ir, const TcgTb *tb)
{
    gboolean *need = g_new0(gboolean, ir->n_ops);
    guint start = G_MAXUINT;
    guint64 pc = 0;

    for (guint i = 0; i < ir->n_ops; i++) {
        const TcgIrOp *op = &ir->ops[i];
        if (op->opc == MODVM_OP_INSN_START) {
            start = i;
            pc = op->imm;
        } else if (start != G_MAXUINT && (tcg_op_defs[op->opc].flags & TCG_OPF_RAISE) &&
                   !(op->opc == MODVM_OP_CALL && op->helper->pure) &&
                   !((op->opc == MODVM_OP_QEMU_LD || op->opc == MODVM_OP_QEMU_ST) &&
                     pc_fits(tb, pc))) {
            need[start] = TRUE;
        }
    }
    return need;
}

gboolean tcg_interp_compile(const TcgIr *ir, TcgTb *tb, gboolean force_ffi)
{
    Compiler c = {
        .ir = ir,
        .tb = tb,
        .force_ffi = force_ffi,
        .n_slots = 1,
    };
    g_autofree gboolean *need = insn_starts_needed(ir, tb);
    guint exit_pos;
    TcgCallDesc *calls;
    gsize code_bytes;

    c.slot_of = g_new(guint32, ir->n_temps);
    memset(c.slot_of, 0xff, ir->n_temps * sizeof(guint32));
    c.slot_of[MODVM_TCG_CPU_TEMP] = 0;
    c.label_pos = g_new(guint, MAX(ir->n_labels, 1));
    memset(c.label_pos, 0xff, MAX(ir->n_labels, 1) * sizeof(guint));
    c.branch_fix = g_array_new(FALSE, FALSE, sizeof(Fixup));
    c.call_fix = g_array_new(FALSE, FALSE, sizeof(Fixup));
    c.free_slots = g_array_new(FALSE, FALSE, sizeof(guint));
    c.scratch = g_array_new(FALSE, FALSE, sizeof(guint));
    c.last_use = g_new0(guint, ir->n_temps);
    c.reuse = !has_backward_branch(ir);
    for (guint i = 0; i < ir->n_ops; i++) {
        const TcgIrOp *op = &ir->ops[i];
        for (guint j = 0; j < op->n_in; j++) {
            guint32 t = op->args[op->in_base + j];
            if (!tcg_arg_is_const(t)) {
                c.last_use[t] = i;
            }
        }
    }
    tb->jmp[0].pc = tb->jmp[1].pc = G_MAXUINT64;

    for (guint i = 0; i < ir->n_ops;) {
        guint n = fuse_compare(&c, i);
        if (!n) {
            n = fuse_bit_branch(&c, i);
        }
        if (!n) {
            compile_op(&c, &ir->ops[i], need[i]);
            n = 1;
        }
        for (guint j = i; j < i + n; j++) {
            if (c.reuse) {
                release_slots(&c, &ir->ops[j], j);
            } else {
                g_array_set_size(c.scratch, 0);
            }
        }
        i += n;
    }
    /* falling off the end leaves the block as EXIT_TB would */
    exit_pos = emit(&c, TI_EXIT_TB, 0, 0, 0, 0, 0);

    if (!c.overflow) {
        code_bytes = c.n * sizeof(TcgInsn);
        tb->code_size = code_bytes + c.n_calls * sizeof(TcgCallDesc);
        tb->code = g_malloc(tb->code_size);
        memcpy(tb->code, c.code, code_bytes);
        calls = (TcgCallDesc *)((char *)tb->code + code_bytes);
        if (c.n_calls) {
            memcpy(calls, c.calls, c.n_calls * sizeof(TcgCallDesc));
        }
        for (guint i = 0; i < c.n; i++) {
            tb->code[i].h = tcg_interp_labels[GPOINTER_TO_UINT(c.code[i].h)];
        }
        for (guint i = 0; i < c.branch_fix->len; i++) {
            Fixup *f = &g_array_index(c.branch_fix, Fixup, i);
            guint pos = c.label_pos[f->target];
            tb->code[f->insn].imm = (guintptr)&tb->code[pos == G_MAXUINT ? exit_pos : pos];
        }
        for (guint i = 0; i < c.call_fix->len; i++) {
            Fixup *f = &g_array_index(c.call_fix, Fixup, i);
            tb->code[f->insn].imm = (guintptr)&calls[f->target];
        }
        tb->n_slots = c.n_slots;
    }
    g_free(c.code);
    g_free(c.slot_of);
    g_free(c.label_pos);
    g_free(c.calls);
    g_array_unref(c.branch_fix);
    g_array_unref(c.call_fix);
    g_array_unref(c.free_slots);
    g_array_unref(c.scratch);
    g_free(c.last_use);
    return !c.overflow;
}

