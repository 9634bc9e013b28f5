/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The internal IR: op properties, conversion from the frontend's ops, folding and dumps. */
#include "tcg-internal.h"

#define SIDE TCG_OPF_SIDE
#define FOLD TCG_OPF_FOLD
#define COMM TCG_OPF_COMMUTE
#define END TCG_OPF_END
#define RAISE TCG_OPF_RAISE
#define W32 TCG_OPF_32

#define DEF(op, name_, out, in, fl) \
    [MODVM_OP_##op] = { .name = name_, .n_out = out, .n_in = in, .flags = fl }

const TcgOpDef tcg_op_defs[MODVM_OP__COUNT] = {
    DEF(MOV, "mov", 1, 1, 0),
    DEF(MOVI, "movi", 1, 0, 0),
    DEF(ADD, "add", 1, 2, FOLD | COMM),
    DEF(SUB, "sub", 1, 2, FOLD),
    DEF(MUL, "mul", 1, 2, FOLD | COMM),
    DEF(MULUH, "muluh", 1, 2, FOLD | COMM),
    DEF(MULSH, "mulsh", 1, 2, FOLD | COMM),
    DEF(DIVS, "divs", 1, 2, FOLD),
    DEF(DIVU, "divu", 1, 2, FOLD),
    DEF(REMS, "rems", 1, 2, FOLD),
    DEF(REMU, "remu", 1, 2, FOLD),
    DEF(AND, "and", 1, 2, FOLD | COMM),
    DEF(OR, "or", 1, 2, FOLD | COMM),
    DEF(XOR, "xor", 1, 2, FOLD | COMM),
    DEF(ANDC, "andc", 1, 2, FOLD),
    DEF(ORC, "orc", 1, 2, FOLD),
    DEF(EQV, "eqv", 1, 2, FOLD | COMM),
    DEF(NAND, "nand", 1, 2, FOLD | COMM),
    DEF(NOR, "nor", 1, 2, FOLD | COMM),
    DEF(SHL, "shl", 1, 2, FOLD),
    DEF(SHR, "shr", 1, 2, FOLD),
    DEF(SAR, "sar", 1, 2, FOLD),
    DEF(ROTL, "rotl", 1, 2, FOLD),
    DEF(ROTR, "rotr", 1, 2, FOLD),
    DEF(ADD_32, "add_32", 1, 2, FOLD | COMM | W32),
    DEF(SUB_32, "sub_32", 1, 2, FOLD | W32),
    DEF(MUL_32, "mul_32", 1, 2, FOLD | COMM | W32),
    DEF(DIVS_32, "divs_32", 1, 2, FOLD | W32),
    DEF(DIVU_32, "divu_32", 1, 2, FOLD | W32),
    DEF(REMS_32, "rems_32", 1, 2, FOLD | W32),
    DEF(REMU_32, "remu_32", 1, 2, FOLD | W32),
    DEF(SHL_32, "shl_32", 1, 2, FOLD | W32),
    DEF(SHR_32, "shr_32", 1, 2, FOLD | W32),
    DEF(SAR_32, "sar_32", 1, 2, FOLD | W32),
    DEF(ROTL_32, "rotl_32", 1, 2, FOLD | W32),
    DEF(ROTR_32, "rotr_32", 1, 2, FOLD | W32),
    DEF(NOT, "not", 1, 1, FOLD),
    DEF(NEG, "neg", 1, 1, FOLD),
    DEF(CLZ, "clz", 1, 1, FOLD),
    DEF(CTZ, "ctz", 1, 1, FOLD),
    DEF(CTPOP, "ctpop", 1, 1, FOLD),
    DEF(CLZ_32, "clz_32", 1, 1, FOLD | W32),
    DEF(CTZ_32, "ctz_32", 1, 1, FOLD | W32),
    DEF(BSWAP16, "bswap16", 1, 1, FOLD),
    DEF(BSWAP32, "bswap32", 1, 1, FOLD),
    DEF(BSWAP64, "bswap64", 1, 1, FOLD),
    DEF(EXT8S, "ext8s", 1, 1, FOLD),
    DEF(EXT8U, "ext8u", 1, 1, FOLD),
    DEF(EXT16S, "ext16s", 1, 1, FOLD),
    DEF(EXT16U, "ext16u", 1, 1, FOLD),
    DEF(EXT32S, "ext32s", 1, 1, FOLD),
    DEF(EXT32U, "ext32u", 1, 1, FOLD),
    DEF(EXTRACT, "extract", 1, 1, FOLD),
    DEF(SEXTRACT, "sextract", 1, 1, FOLD),
    DEF(DEPOSIT, "deposit", 1, 2, FOLD),
    DEF(SETCOND, "setcond", 1, 2, FOLD),
    DEF(SETCOND_32, "setcond_32", 1, 2, FOLD | W32),
    DEF(MOVCOND, "movcond", 1, 4, FOLD),
    DEF(LD8U, "ld8u", 1, 0, 0),
    DEF(LD8S, "ld8s", 1, 0, 0),
    DEF(LD16U, "ld16u", 1, 0, 0),
    DEF(LD16S, "ld16s", 1, 0, 0),
    DEF(LD32U, "ld32u", 1, 0, 0),
    DEF(LD32S, "ld32s", 1, 0, 0),
    DEF(LD64, "ld64", 1, 0, 0),
    DEF(ST8, "st8", 0, 1, SIDE),
    DEF(ST16, "st16", 0, 1, SIDE),
    DEF(ST32, "st32", 0, 1, SIDE),
    DEF(ST64, "st64", 0, 1, SIDE),
    DEF(QEMU_LD, "qemu_ld", 1, 1, SIDE | RAISE),
    DEF(QEMU_ST, "qemu_st", 0, 2, SIDE | RAISE),
    DEF(SET_LABEL, "set_label", 0, 0, SIDE),
    DEF(BR, "br", 0, 0, SIDE | END),
    DEF(BRCOND, "brcond", 0, 2, SIDE),
    DEF(CALL, "call", 0, 0, SIDE | RAISE),
    DEF(INSN_START, "insn_start", 0, 0, SIDE),
    DEF(GOTO_TB, "goto_tb", 0, 0, SIDE | END),
    DEF(EXIT_TB, "exit_tb", 0, 0, SIDE | END),
    DEF(LOOKUP_AND_GOTO, "lookup_and_goto", 0, 0, SIDE | END),
    DEF(EXCEPTION, "exception", 0, 0, SIDE | END),
};

void tcg_ir_clear(TcgIr *ir)
{
    g_free(ir->ops);
    g_free(ir->consts);
    memset(ir, 0, sizeof(*ir));
}

guint32 tcg_ir_const(TcgIr *ir, guint64 value)
{
    /* a short backward search keeps repeated constants (pc values, masks) shared */
    for (guint i = ir->n_consts; i > 0 && i + 8 > ir->n_consts; i--) {
        if (ir->consts[i - 1] == value) {
            return (i - 1) | TCG_ARG_CONST;
        }
    }
    if (ir->n_consts == ir->cap_consts) {
        ir->cap_consts = ir->cap_consts ? ir->cap_consts * 2 : 64;
        ir->consts = g_renew(guint64, ir->consts, ir->cap_consts);
    }
    ir->consts[ir->n_consts] = value;
    return ir->n_consts++ | TCG_ARG_CONST;
}

static void check_temp(const ModvmTcgContext *ctx, guint i, guint32 t)
{
    if (t >= ctx->n_temps) {
        g_error("accel-tcg: op %u (%s) of the block at 0x%" G_GINT64_MODIFIER "x uses temp %u "
                "of %u: a frontend bug", i, tcg_op_defs[ctx->ops[i].opc].name, ctx->pc_first,
                t, ctx->n_temps);
    }
}

/*
 * The frontend's IR is our own code's output, not guest input: a malformed
 * op is a frontend bug and stops modvm with the block's address.
 */
void tcg_ir_from_context(TcgIr *ir, const ModvmTcgContext *ctx)
{
    ir->n_ops = 0;
    ir->n_consts = 0;
    ir->n_temps = MAX(ctx->n_temps, 1);
    ir->n_labels = ctx->n_labels;
    if (ir->cap_ops < ctx->n_ops + 1) {
        ir->cap_ops = MAX(ctx->n_ops + 1, 256);
        ir->ops = g_renew(TcgIrOp, ir->ops, ir->cap_ops);
    }
    for (guint i = 0; i < ctx->n_ops; i++) {
        const ModvmTcgOp *src = &ctx->ops[i];
        TcgIrOp *op = &ir->ops[ir->n_ops++];
        const TcgOpDef *def;

        if (src->opc >= MODVM_OP__COUNT) {
            g_error("accel-tcg: unknown op %u in the block at 0x%" G_GINT64_MODIFIER "x",
                    src->opc, ctx->pc_first);
        }
        def = &tcg_op_defs[src->opc];
        memset(op, 0, sizeof(*op));
        op->opc = src->opc;
        op->imm = src->imm;
        op->n_out = def->n_out;
        op->n_in = def->n_in;
        op->in_base = def->n_out;
        switch (src->opc) {
        case MODVM_OP_CALL: {
            const ModvmTcgHelper *h = src->helper;
            if (!h || h->nargs > 6 || !h->func) {
                g_error("accel-tcg: bad helper call in the block at 0x%" G_GINT64_MODIFIER "x",
                        ctx->pc_first);
            }
            op->helper = h;
            op->n_out = h->returns ? 1 : 0;
            op->n_in = h->nargs;
            op->in_base = 1;
            op->args[0] = h->returns ? src->args[0] : 0;
            for (guint j = 0; j < h->nargs; j++) {
                op->args[1 + j] = j < 4 ? src->args[1 + j] : (guint32)(src->imm >> (32 * (j - 4)));
            }
            op->imm = 0;
            break;
        }
        case MODVM_OP_GOTO_TB:
            if (src->args[0] > 1) {
                g_error("accel-tcg: goto_tb slot %u in the block at 0x%" G_GINT64_MODIFIER "x",
                        src->args[0], ctx->pc_first);
            }
            op->args[0] = src->args[0];
            break;
        case MODVM_OP_SET_LABEL:
        case MODVM_OP_BR:
        case MODVM_OP_BRCOND: {
            guint64 label = src->opc == MODVM_OP_BRCOND ? src->imm >> 8 : src->imm;
            if (label >= ctx->n_labels) {
                g_error("accel-tcg: label %" G_GUINT64_FORMAT " of %u in the block at 0x%"
                        G_GINT64_MODIFIER "x", label, ctx->n_labels, ctx->pc_first);
            }
            memcpy(op->args, src->args, sizeof(src->args));
            break;
        }
        case MODVM_OP_EXTRACT:
        case MODVM_OP_SEXTRACT:
        case MODVM_OP_DEPOSIT: {
            guint pos = (src->imm >> 8) & 0xff, len = src->imm & 0xff;
            if (len < 1 || pos + len > 64) {
                g_error("accel-tcg: bit field pos %u len %u in the block at 0x%"
                        G_GINT64_MODIFIER "x", pos, len, ctx->pc_first);
            }
            memcpy(op->args, src->args, sizeof(src->args));
            break;
        }
        default:
            memcpy(op->args, src->args, sizeof(src->args));
            break;
        }
        for (guint j = 0; j < op->n_out; j++) {
            check_temp(ctx, i, op->args[j]);
        }
        for (guint j = 0; j < op->n_in; j++) {
            check_temp(ctx, i, op->args[op->in_base + j]);
        }
    }
}

ModvmTcgCond tcg_cond_swap(ModvmTcgCond cond)
{
    switch (cond) {
    case MODVM_TCG_COND_LT: return MODVM_TCG_COND_GT;
    case MODVM_TCG_COND_GT: return MODVM_TCG_COND_LT;
    case MODVM_TCG_COND_LE: return MODVM_TCG_COND_GE;
    case MODVM_TCG_COND_GE: return MODVM_TCG_COND_LE;
    case MODVM_TCG_COND_LTU: return MODVM_TCG_COND_GTU;
    case MODVM_TCG_COND_GTU: return MODVM_TCG_COND_LTU;
    case MODVM_TCG_COND_LEU: return MODVM_TCG_COND_GEU;
    case MODVM_TCG_COND_GEU: return MODVM_TCG_COND_LEU;
    default: return cond;
    }
}

gboolean tcg_cond_eval(ModvmTcgCond cond, guint64 a, guint64 b, gboolean is32)
{
    gint64 sa = is32 ? (gint32)a : (gint64)a, sb = is32 ? (gint32)b : (gint64)b;
    guint64 ua = is32 ? (guint32)a : a, ub = is32 ? (guint32)b : b;

    switch (cond) {
    case MODVM_TCG_COND_NEVER: return FALSE;
    case MODVM_TCG_COND_ALWAYS: return TRUE;
    case MODVM_TCG_COND_EQ: return ua == ub;
    case MODVM_TCG_COND_NE: return ua != ub;
    case MODVM_TCG_COND_LT: return sa < sb;
    case MODVM_TCG_COND_GE: return sa >= sb;
    case MODVM_TCG_COND_LE: return sa <= sb;
    case MODVM_TCG_COND_GT: return sa > sb;
    case MODVM_TCG_COND_LTU: return ua < ub;
    case MODVM_TCG_COND_GEU: return ua >= ub;
    case MODVM_TCG_COND_LEU: return ua <= ub;
    case MODVM_TCG_COND_GTU: return ua > ub;
    }
    return FALSE;
}

static guint64 rotl64(guint64 x, unsigned n)
{
    n &= 63;
    return n ? (x << n) | (x >> (64 - n)) : x;
}

static guint32 rotl32(guint32 x, unsigned n)
{
    n &= 31;
    return n ? (x << n) | (x >> (32 - n)) : x;
}

static guint64 field_mask(unsigned len)
{
    return len >= 64 ? G_MAXUINT64 : (1ull << len) - 1;
}

guint64 tcg_ir_fold(guint opc, guint64 imm, const guint64 *in)
{
    guint64 a = in[0], b = in[1];
    guint32 a32 = (guint32)a, b32 = (guint32)b;
    unsigned pos = (imm >> 8) & 0xff, len = imm & 0xff;

    switch (opc) {
    case MODVM_OP_ADD: return a + b;
    case MODVM_OP_SUB: return a - b;
    case MODVM_OP_MUL: return a * b;
    case MODVM_OP_MULUH: return (guint64)(((unsigned __int128)a * b) >> 64);
    case MODVM_OP_MULSH: return (guint64)(((__int128)(gint64)a * (gint64)b) >> 64);
    case MODVM_OP_DIVS:
        return b == 0 || ((gint64)a == G_MININT64 && (gint64)b == -1)
                   ? 0 : (guint64)((gint64)a / (gint64)b);
    case MODVM_OP_DIVU: return b ? a / b : 0;
    case MODVM_OP_REMS:
        return b == 0 || ((gint64)a == G_MININT64 && (gint64)b == -1)
                   ? 0 : (guint64)((gint64)a % (gint64)b);
    case MODVM_OP_REMU: return b ? a % b : 0;
    case MODVM_OP_AND: return a & b;
    case MODVM_OP_OR: return a | b;
    case MODVM_OP_XOR: return a ^ b;
    case MODVM_OP_ANDC: return a & ~b;
    case MODVM_OP_ORC: return a | ~b;
    case MODVM_OP_EQV: return ~(a ^ b);
    case MODVM_OP_NAND: return ~(a & b);
    case MODVM_OP_NOR: return ~(a | b);
    case MODVM_OP_SHL: return a << (b & 63);
    case MODVM_OP_SHR: return a >> (b & 63);
    case MODVM_OP_SAR: return (guint64)((gint64)a >> (b & 63));
    case MODVM_OP_ROTL: return rotl64(a, b);
    case MODVM_OP_ROTR: return rotl64(a, 64 - (b & 63));
    case MODVM_OP_ADD_32: return (guint32)(a32 + b32);
    case MODVM_OP_SUB_32: return (guint32)(a32 - b32);
    case MODVM_OP_MUL_32: return (guint32)(a32 * b32);
    case MODVM_OP_DIVS_32:
        return b32 == 0 || ((gint32)a32 == G_MININT32 && (gint32)b32 == -1)
                   ? 0 : (guint32)((gint32)a32 / (gint32)b32);
    case MODVM_OP_DIVU_32: return b32 ? a32 / b32 : 0;
    case MODVM_OP_REMS_32:
        return b32 == 0 || ((gint32)a32 == G_MININT32 && (gint32)b32 == -1)
                   ? 0 : (guint32)((gint32)a32 % (gint32)b32);
    case MODVM_OP_REMU_32: return b32 ? a32 % b32 : 0;
    case MODVM_OP_SHL_32: return (guint32)(a32 << (b & 31));
    case MODVM_OP_SHR_32: return a32 >> (b & 31);
    case MODVM_OP_SAR_32: return (guint32)((gint32)a32 >> (b & 31));
    case MODVM_OP_ROTL_32: return rotl32(a32, b);
    case MODVM_OP_ROTR_32: return rotl32(a32, 32 - (b & 31));
    case MODVM_OP_NOT: return ~a;
    case MODVM_OP_NEG: return -a;
    case MODVM_OP_CLZ: return a ? (guint64)__builtin_clzll(a) : 64;
    case MODVM_OP_CTZ: return a ? (guint64)__builtin_ctzll(a) : 64;
    case MODVM_OP_CTPOP: return (guint64)__builtin_popcountll(a);
    case MODVM_OP_CLZ_32: return a32 ? (guint64)__builtin_clz(a32) : 32;
    case MODVM_OP_CTZ_32: return a32 ? (guint64)__builtin_ctz(a32) : 32;
    case MODVM_OP_BSWAP16: return GUINT16_SWAP_LE_BE((guint16)a);
    case MODVM_OP_BSWAP32: return GUINT32_SWAP_LE_BE(a32);
    case MODVM_OP_BSWAP64: return GUINT64_SWAP_LE_BE(a);
    case MODVM_OP_EXT8S: return (guint64)(gint64)(gint8)a;
    case MODVM_OP_EXT8U: return (guint8)a;
    case MODVM_OP_EXT16S: return (guint64)(gint64)(gint16)a;
    case MODVM_OP_EXT16U: return (guint16)a;
    case MODVM_OP_EXT32S: return (guint64)(gint64)(gint32)a;
    case MODVM_OP_EXT32U: return a32;
    case MODVM_OP_EXTRACT: return (a >> pos) & field_mask(len);
    case MODVM_OP_SEXTRACT: return (guint64)((gint64)(a << (64 - pos - len)) >> (64 - len));
    case MODVM_OP_DEPOSIT: {
        guint64 m = field_mask(len) << pos;
        return (a & ~m) | ((b << pos) & m);
    }
    case MODVM_OP_SETCOND: return tcg_cond_eval(imm, a, b, FALSE);
    case MODVM_OP_SETCOND_32: return tcg_cond_eval(imm, a, b, TRUE);
    case MODVM_OP_MOVCOND: return tcg_cond_eval(imm, a, b, FALSE) ? in[2] : in[3];
    default:
        g_assert_not_reached();
    }
}

static const char *const cond_names[] = {
    "never", "always", "eq", "ne", "lt", "ge", "le", "gt", "ltu", "geu", "leu", "gtu",
};

static void dump_arg(const TcgIr *ir, guint32 arg, GString *out)
{
    if (tcg_arg_is_const(arg)) {
        g_string_append_printf(out, "$0x%" G_GINT64_MODIFIER "x", tcg_arg_const(ir, arg));
    } else if (arg == MODVM_TCG_CPU_TEMP) {
        g_string_append(out, "cpu");
    } else {
        g_string_append_printf(out, "t%u", arg);
    }
}

void tcg_ir_dump(const TcgIr *ir, GString *out)
{
    for (guint i = 0; i < ir->n_ops; i++) {
        const TcgIrOp *op = &ir->ops[i];
        const char *sep = " ";

        if (op->opc == MODVM_OP_INSN_START) {
            g_string_append_printf(out, " ---- 0x%016" G_GINT64_MODIFIER "x\n", op->imm);
            continue;
        }
        g_string_append_printf(out, " %s", op->opc == MODVM_OP_CALL ? op->helper->name
                                                                     : tcg_op_defs[op->opc].name);
        if (op->opc == MODVM_OP_CALL) {
            g_string_append(out, " (call)");
        }
        for (guint j = 0; j < op->n_out; j++) {
            g_string_append(out, sep);
            dump_arg(ir, op->args[j], out);
            sep = ", ";
        }
        for (guint j = 0; j < op->n_in; j++) {
            g_string_append(out, sep);
            dump_arg(ir, op->args[op->in_base + j], out);
            sep = ", ";
        }
        switch (op->opc) {
        case MODVM_OP_SETCOND:
        case MODVM_OP_SETCOND_32:
        case MODVM_OP_MOVCOND:
            g_string_append_printf(out, "%s%s", sep, cond_names[op->imm % 12]);
            break;
        case MODVM_OP_BRCOND:
            g_string_append_printf(out, "%s%s, L%" G_GUINT64_FORMAT, sep,
                                   cond_names[(op->imm & 0xff) % 12], op->imm >> 8);
            break;
        case MODVM_OP_SET_LABEL:
        case MODVM_OP_BR:
            g_string_append_printf(out, " L%" G_GUINT64_FORMAT, op->imm);
            break;
        case MODVM_OP_GOTO_TB:
            g_string_append_printf(out, " %u, 0x%" G_GINT64_MODIFIER "x", op->args[0], op->imm);
            break;
        case MODVM_OP_EXTRACT:
        case MODVM_OP_SEXTRACT:
        case MODVM_OP_DEPOSIT:
            g_string_append_printf(out, "%spos %u, len %u", sep, (guint)(op->imm >> 8) & 0xff,
                                   (guint)op->imm & 0xff);
            break;
        case MODVM_OP_QEMU_LD:
        case MODVM_OP_QEMU_ST:
            g_string_append_printf(out, "%s%s%u%s%s, mmu %u", sep,
                                   (op->imm & MODVM_MO_SIGN) ? "s" : "u", 8u << (op->imm & 3),
                                   (op->imm & MODVM_MO_BE) ? "be" : "le",
                                   (op->imm & MODVM_MO_ALIGN) ? "+al" : "",
                                   (guint)(op->imm >> 8) & 0xff);
            break;
        case MODVM_OP_MOVI:
        case MODVM_OP_EXCEPTION:
            g_string_append_printf(out, "%s$0x%" G_GINT64_MODIFIER "x", sep, op->imm);
            break;
        default:
            if (op->opc >= MODVM_OP_LD8U && op->opc <= MODVM_OP_ST64) {
                g_string_append_printf(out, "%s[cpu + 0x%" G_GINT64_MODIFIER "x]", sep, op->imm);
            }
            break;
        }
        g_string_append_c(out, '\n');
    }
}
