/* SPDX-License-Identifier: GPL-2.0-or-later */
/* accel-tcg: IR semantics against C, the optimiser, and whole blocks on a toy CPU and machine. */
#include "../tcg-internal.h"
#include "core.h"
#include "toy-cpu.h"

#include <glib/gstdio.h>
#include <unistd.h>

extern const ModvmPluginDescriptor modvm_plugin_descriptor;

/* ------------------------------------------------------------------ */
/* IR semantics: the interpreter against C written here, independently. */

typedef enum { K_BIN, K_UN, K_FIELD, K_SETCOND, K_SETCOND32, K_MOVCOND, K_BRCOND } Kind;

typedef struct {
    const char *name;
    ModvmTcgOpc opc;
    Kind kind;
} OpCase;

static const OpCase op_cases[] = {
    { "add", MODVM_OP_ADD, K_BIN }, { "sub", MODVM_OP_SUB, K_BIN },
    { "mul", MODVM_OP_MUL, K_BIN }, { "muluh", MODVM_OP_MULUH, K_BIN },
    { "mulsh", MODVM_OP_MULSH, K_BIN }, { "divs", MODVM_OP_DIVS, K_BIN },
    { "divu", MODVM_OP_DIVU, K_BIN }, { "rems", MODVM_OP_REMS, K_BIN },
    { "remu", MODVM_OP_REMU, K_BIN }, { "and", MODVM_OP_AND, K_BIN },
    { "or", MODVM_OP_OR, K_BIN }, { "xor", MODVM_OP_XOR, K_BIN },
    { "andc", MODVM_OP_ANDC, K_BIN }, { "orc", MODVM_OP_ORC, K_BIN },
    { "eqv", MODVM_OP_EQV, K_BIN }, { "nand", MODVM_OP_NAND, K_BIN },
    { "nor", MODVM_OP_NOR, K_BIN }, { "shl", MODVM_OP_SHL, K_BIN },
    { "shr", MODVM_OP_SHR, K_BIN }, { "sar", MODVM_OP_SAR, K_BIN },
    { "rotl", MODVM_OP_ROTL, K_BIN }, { "rotr", MODVM_OP_ROTR, K_BIN },
    { "add_32", MODVM_OP_ADD_32, K_BIN }, { "sub_32", MODVM_OP_SUB_32, K_BIN },
    { "mul_32", MODVM_OP_MUL_32, K_BIN }, { "divs_32", MODVM_OP_DIVS_32, K_BIN },
    { "divu_32", MODVM_OP_DIVU_32, K_BIN }, { "rems_32", MODVM_OP_REMS_32, K_BIN },
    { "remu_32", MODVM_OP_REMU_32, K_BIN }, { "shl_32", MODVM_OP_SHL_32, K_BIN },
    { "shr_32", MODVM_OP_SHR_32, K_BIN }, { "sar_32", MODVM_OP_SAR_32, K_BIN },
    { "rotl_32", MODVM_OP_ROTL_32, K_BIN }, { "rotr_32", MODVM_OP_ROTR_32, K_BIN },
    { "not", MODVM_OP_NOT, K_UN }, { "neg", MODVM_OP_NEG, K_UN },
    { "clz", MODVM_OP_CLZ, K_UN }, { "ctz", MODVM_OP_CTZ, K_UN },
    { "ctpop", MODVM_OP_CTPOP, K_UN }, { "clz_32", MODVM_OP_CLZ_32, K_UN },
    { "ctz_32", MODVM_OP_CTZ_32, K_UN }, { "bswap16", MODVM_OP_BSWAP16, K_UN },
    { "bswap32", MODVM_OP_BSWAP32, K_UN }, { "bswap64", MODVM_OP_BSWAP64, K_UN },
    { "ext8s", MODVM_OP_EXT8S, K_UN }, { "ext8u", MODVM_OP_EXT8U, K_UN },
    { "ext16s", MODVM_OP_EXT16S, K_UN }, { "ext16u", MODVM_OP_EXT16U, K_UN },
    { "ext32s", MODVM_OP_EXT32S, K_UN }, { "ext32u", MODVM_OP_EXT32U, K_UN },
    { "mov", MODVM_OP_MOV, K_UN },
    { "extract", MODVM_OP_EXTRACT, K_FIELD }, { "sextract", MODVM_OP_SEXTRACT, K_FIELD },
    { "deposit", MODVM_OP_DEPOSIT, K_FIELD },
    { "setcond", MODVM_OP_SETCOND, K_SETCOND }, { "setcond_32", MODVM_OP_SETCOND_32, K_SETCOND32 },
    { "movcond", MODVM_OP_MOVCOND, K_MOVCOND }, { "brcond", MODVM_OP_BRCOND, K_BRCOND },
};

static guint64 ref_muluh(guint64 a, guint64 b)
{
    /* schoolbook on 32-bit halves */
    guint64 al = (guint32)a, ah = a >> 32, bl = (guint32)b, bh = b >> 32;
    guint64 ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    guint64 mid = (ll >> 32) + (guint32)lh + (guint32)hl;
    return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

static guint64 ref_mulsh(guint64 a, guint64 b)
{
    guint64 h = ref_muluh(a, b);
    if ((gint64)a < 0) {
        h -= b;
    }
    if ((gint64)b < 0) {
        h -= a;
    }
    return h;
}

static guint64 ref_rotl(guint64 x, unsigned n, unsigned width)
{
    guint64 mask = width == 64 ? ~0ull : (1ull << width) - 1;
    x &= mask;
    n %= width;
    for (unsigned i = 0; i < n; i++) {
        x = ((x << 1) | (x >> (width - 1))) & mask;
    }
    return x;
}

static guint64 ref_clz(guint64 x, unsigned width)
{
    guint64 n = 0;
    for (int i = width - 1; i >= 0 && !((x >> i) & 1); i--) {
        n++;
    }
    return n;
}

static guint64 ref_ctz(guint64 x, unsigned width)
{
    guint64 n = 0;
    for (unsigned i = 0; i < width && !((x >> i) & 1); i++) {
        n++;
    }
    return n;
}

static guint64 ref_bswap(guint64 x, unsigned bytes)
{
    guint64 r = 0;
    for (unsigned i = 0; i < bytes; i++) {
        r |= ((x >> (8 * i)) & 0xff) << (8 * (bytes - 1 - i));
    }
    return r;
}

static guint64 ref_sext(guint64 x, unsigned bits)
{
    guint64 sign = 1ull << (bits - 1);
    x &= bits == 64 ? ~0ull : (1ull << bits) - 1;
    return (x ^ sign) - sign;
}

static gboolean ref_cond(ModvmTcgCond c, guint64 a, guint64 b, gboolean is32)
{
    gint64 sa = is32 ? (gint64)ref_sext(a, 32) : (gint64)a;
    gint64 sb = is32 ? (gint64)ref_sext(b, 32) : (gint64)b;
    guint64 ua = is32 ? (guint32)a : a, ub = is32 ? (guint32)b : b;

    switch (c) {
    case MODVM_TCG_COND_NEVER: return FALSE;
    case MODVM_TCG_COND_ALWAYS: return TRUE;
    case MODVM_TCG_COND_EQ: return ua == ub;
    case MODVM_TCG_COND_NE: return ua != ub;
    case MODVM_TCG_COND_LT: return sa < sb;
    case MODVM_TCG_COND_GE: return !(sa < sb);
    case MODVM_TCG_COND_LE: return sa < sb || ua == ub;
    case MODVM_TCG_COND_GT: return !(sa < sb || ua == ub);
    case MODVM_TCG_COND_LTU: return ua < ub;
    case MODVM_TCG_COND_GEU: return !(ua < ub);
    case MODVM_TCG_COND_LEU: return ua < ub || ua == ub;
    case MODVM_TCG_COND_GTU: return !(ua < ub || ua == ub);
    }
    g_assert_not_reached();
}

static guint64 ref_div(guint64 a, guint64 b, gboolean sign, gboolean rem, unsigned width)
{
    if (width == 32) {
        gint32 sa = (gint32)a, sb = (gint32)b;
        guint32 ua = (guint32)a, ub = (guint32)b;
        if (ub == 0 || (sign && sa == G_MININT32 && sb == -1)) {
            return 0;
        }
        return sign ? (guint32)(rem ? sa % sb : sa / sb) : (rem ? ua % ub : ua / ub);
    }
    if (b == 0 || (sign && (gint64)a == G_MININT64 && (gint64)b == -1)) {
        return 0;
    }
    return sign ? (guint64)(rem ? (gint64)a % (gint64)b : (gint64)a / (gint64)b)
                : (rem ? a % b : a / b);
}

static guint64 ref_eval(ModvmTcgOpc opc, guint64 imm, const guint64 *in)
{
    guint64 a = in[0], b = in[1];
    unsigned pos = (imm >> 8) & 0xff, len = imm & 0xff;
    guint64 fmask = len == 64 ? ~0ull : (1ull << len) - 1;

    switch (opc) {
    case MODVM_OP_MOV: return a;
    case MODVM_OP_ADD: return a + b;
    case MODVM_OP_SUB: return a - b;
    case MODVM_OP_MUL: return a * b;
    case MODVM_OP_MULUH: return ref_muluh(a, b);
    case MODVM_OP_MULSH: return ref_mulsh(a, b);
    case MODVM_OP_DIVS: return ref_div(a, b, TRUE, FALSE, 64);
    case MODVM_OP_DIVU: return ref_div(a, b, FALSE, FALSE, 64);
    case MODVM_OP_REMS: return ref_div(a, b, TRUE, TRUE, 64);
    case MODVM_OP_REMU: return ref_div(a, b, FALSE, TRUE, 64);
    case MODVM_OP_AND: return a & b;
    case MODVM_OP_OR: return a | b;
    case MODVM_OP_XOR: return a ^ b;
    case MODVM_OP_ANDC: return a & ~b;
    case MODVM_OP_ORC: return a | ~b;
    case MODVM_OP_EQV: return ~a ^ b;
    case MODVM_OP_NAND: return ~a | ~b;
    case MODVM_OP_NOR: return ~a & ~b;
    case MODVM_OP_SHL: return a << (b % 64);
    case MODVM_OP_SHR: return a >> (b % 64);
    case MODVM_OP_SAR: return ref_sext(a >> (b % 64), 64 - (b % 64));
    case MODVM_OP_ROTL: return ref_rotl(a, b % 64, 64);
    case MODVM_OP_ROTR: return ref_rotl(a, (64 - b % 64) % 64, 64);
    case MODVM_OP_ADD_32: return (guint32)(a + b);
    case MODVM_OP_SUB_32: return (guint32)(a - b);
    case MODVM_OP_MUL_32: return (guint32)(a * b);
    case MODVM_OP_DIVS_32: return ref_div(a, b, TRUE, FALSE, 32);
    case MODVM_OP_DIVU_32: return ref_div(a, b, FALSE, FALSE, 32);
    case MODVM_OP_REMS_32: return ref_div(a, b, TRUE, TRUE, 32);
    case MODVM_OP_REMU_32: return ref_div(a, b, FALSE, TRUE, 32);
    case MODVM_OP_SHL_32: return (guint32)(a << (b % 32));
    case MODVM_OP_SHR_32: return (guint32)a >> (b % 32);
    case MODVM_OP_SAR_32: return (guint32)ref_sext((guint32)a >> (b % 32), 32 - (b % 32));
    case MODVM_OP_ROTL_32: return ref_rotl(a, b % 32, 32);
    case MODVM_OP_ROTR_32: return ref_rotl(a, (32 - b % 32) % 32, 32);
    case MODVM_OP_NOT: return ~a;
    case MODVM_OP_NEG: return 0 - a;
    case MODVM_OP_CLZ: return ref_clz(a, 64);
    case MODVM_OP_CTZ: return ref_ctz(a, 64);
    case MODVM_OP_CTPOP: {
        guint64 n = 0;
        for (unsigned i = 0; i < 64; i++) {
            n += (a >> i) & 1;
        }
        return n;
    }
    case MODVM_OP_CLZ_32: return ref_clz((guint32)a, 32);
    case MODVM_OP_CTZ_32: return ref_ctz((guint32)a, 32);
    case MODVM_OP_BSWAP16: return ref_bswap(a, 2);
    case MODVM_OP_BSWAP32: return ref_bswap(a, 4);
    case MODVM_OP_BSWAP64: return ref_bswap(a, 8);
    case MODVM_OP_EXT8S: return ref_sext(a, 8);
    case MODVM_OP_EXT8U: return a & 0xff;
    case MODVM_OP_EXT16S: return ref_sext(a, 16);
    case MODVM_OP_EXT16U: return a & 0xffff;
    case MODVM_OP_EXT32S: return ref_sext(a, 32);
    case MODVM_OP_EXT32U: return a & 0xffffffffu;
    case MODVM_OP_EXTRACT: return (a >> pos) & fmask;
    case MODVM_OP_SEXTRACT: return ref_sext((a >> pos) & fmask, len);
    case MODVM_OP_DEPOSIT: return (a & ~(fmask << pos)) | ((b & fmask) << pos);
    case MODVM_OP_SETCOND: return ref_cond(imm, a, b, FALSE);
    case MODVM_OP_SETCOND_32: return ref_cond(imm, a, b, TRUE);
    case MODVM_OP_MOVCOND: return ref_cond(imm, a, b, FALSE) ? in[2] : in[3];
    case MODVM_OP_BRCOND: return ref_cond(imm, a, b, FALSE);
    default:
        g_assert_not_reached();
    }
}

typedef struct {
    guint64 in[4];
    guint64 out;
    guint64 pad[3];
} IrEnv;

enum { V_REGS, V_CONST_B, V_CONST_ALL, V_CONST_A, V__COUNT };

/* One op on @in: operands from memory, or constants the optimiser can fold into it. */
static guint64 run_op(const OpCase *oc, guint64 imm, const guint64 *in, int variant,
                      gboolean optimize, gboolean force_ffi)
{
    ModvmTcgContext ctx = { .n_temps = 1 };
    IrEnv env = { 0 };
    ModvmTcgTemp t[4], d;

    memcpy(env.in, in, sizeof(env.in));
    env.out = 0x5a5a5a5a5a5a5a5aull;
    for (guint i = 0; i < 4; i++) {
        gboolean c = variant == V_CONST_ALL || (variant == V_CONST_B && i >= 1) ||
                     (variant == V_CONST_A && i == 0);
        if (c) {
            t[i] = modvm_tcg_const(&ctx, in[i]);
        } else {
            t[i] = modvm_tcg_temp_new(&ctx);
            modvm_tcg_ld(&ctx, MODVM_OP_LD64, t[i], G_STRUCT_OFFSET(IrEnv, in) + 8 * i);
        }
    }
    d = modvm_tcg_temp_new(&ctx);
    switch (oc->kind) {
    case K_BIN:
        modvm_tcg_op3(&ctx, oc->opc, d, t[0], t[1]);
        break;
    case K_UN:
        modvm_tcg_op2(&ctx, oc->opc, d, t[0]);
        break;
    case K_FIELD:
        modvm_tcg_field(&ctx, oc->opc, d, t[0], t[1], (imm >> 8) & 0xff, imm & 0xff);
        break;
    case K_SETCOND:
        modvm_tcg_setcond(&ctx, imm, d, t[0], t[1]);
        break;
    case K_SETCOND32:
        modvm_tcg_setcond_32(&ctx, imm, d, t[0], t[1]);
        break;
    case K_MOVCOND:
        modvm_tcg_movcond(&ctx, imm, d, t[0], t[1], t[2], t[3]);
        break;
    case K_BRCOND: {
        /* d is live across the label: set on both paths */
        ModvmTcgLabel l = modvm_tcg_label_new(&ctx);
        modvm_tcg_movi(&ctx, d, 1);
        modvm_tcg_brcond(&ctx, imm, t[0], t[1], l);
        modvm_tcg_movi(&ctx, d, 0);
        modvm_tcg_set_label(&ctx, l);
        break;
    }
    }
    modvm_tcg_st(&ctx, MODVM_OP_ST64, d, G_STRUCT_OFFSET(IrEnv, out));
    modvm_tcg_exit_tb(&ctx);
    tcg_test_run_context(&ctx, &env, optimize, force_ffi);
    g_free(ctx.ops);
    return env.out;
}

static guint64 gen_value(GRand *r)
{
    static const guint64 edges[] = {
        0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 127, 128, 255, 256,
        0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
        0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
        0xfffffffffffffffeull, 0xffffffff80000000ull, 0x00000000ffffffffull,
        (guint64)-31, (guint64)-32, (guint64)-33, (guint64)-63, (guint64)-64,
        0x123456789abcdef0ull, 0x8000000000000001ull, 0xffffffff7fffffffull,
    };
    switch (g_rand_int_range(r, 0, 4)) {
    case 0:
        return edges[g_rand_int_range(r, 0, G_N_ELEMENTS(edges))];
    case 1:
        return (guint64)g_rand_int(r) << 32 | g_rand_int(r);
    case 2:
        return (guint64)(gint64)(gint32)g_rand_int(r);
    default:
        return g_rand_int_range(r, 0, 70);
    }
}

static guint64 gen_imm(const OpCase *oc, GRand *r, guint iter)
{
    switch (oc->kind) {
    case K_FIELD: {
        static const guint edges[][2] = { { 0, 64 }, { 0, 1 }, { 63, 1 }, { 32, 32 },
                                          { 0, 32 }, { 31, 1 }, { 1, 63 }, { 8, 8 } };
        guint pos, len;
        if (iter < G_N_ELEMENTS(edges)) {
            pos = edges[iter][0];
            len = edges[iter][1];
        } else {
            pos = g_rand_int_range(r, 0, 64);
            len = g_rand_int_range(r, 1, 65 - pos);
        }
        return pos << 8 | len;
    }
    case K_SETCOND: case K_SETCOND32: case K_MOVCOND: case K_BRCOND:
        return iter % 12;
    default:
        return 0;
    }
}

static void test_ir_op(gconstpointer data)
{
    const OpCase *oc = data;
    g_autoptr(GRand) r = g_rand_new_with_seed(0x5eed0000u + oc->opc);
    const guint iterations = 360;

    for (guint iter = 0; iter < iterations; iter++) {
        guint64 in[4], imm = gen_imm(oc, r, iter), want;
        for (guint i = 0; i < 4; i++) {
            in[i] = gen_value(r);
        }
        /* comparisons see equal operands often enough */
        if ((oc->kind == K_SETCOND || oc->kind == K_SETCOND32 || oc->kind == K_MOVCOND ||
             oc->kind == K_BRCOND) && iter % 5 == 0) {
            in[1] = in[0];
        }
        want = ref_eval(oc->opc, imm, in);
        for (int v = 0; v < V__COUNT; v++) {
            for (int opt = 0; opt < 2; opt++) {
                guint64 got = run_op(oc, imm, in, v, opt, FALSE);
                if (got != want) {
                    g_error("%s(0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x, 0x%"
                            G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) imm 0x%"
                            G_GINT64_MODIFIER "x, operands %s, %s: got 0x%" G_GINT64_MODIFIER
                            "x, want 0x%" G_GINT64_MODIFIER "x", oc->name, in[0], in[1], in[2],
                            in[3], imm,
                            v == V_REGS ? "in registers" : v == V_CONST_B ? "b constant"
                            : v == V_CONST_ALL ? "all constant" : "a constant",
                            opt ? "optimised" : "not optimised", got, want);
                }
            }
        }
    }
}

/* Engine-state loads and stores: widths and sign extension. */
typedef struct {
    guint64 src;
    guint64 dst[11];
} EnvEnv;

static void test_ir_env(void)
{
    static const ModvmTcgOpc loads[] = { MODVM_OP_LD8U, MODVM_OP_LD8S, MODVM_OP_LD16U,
                                         MODVM_OP_LD16S, MODVM_OP_LD32U, MODVM_OP_LD32S,
                                         MODVM_OP_LD64 };
    static const ModvmTcgOpc stores[] = { MODVM_OP_ST8, MODVM_OP_ST16, MODVM_OP_ST32,
                                          MODVM_OP_ST64 };
    g_autoptr(GRand) r = g_rand_new_with_seed(77);

    for (guint iter = 0; iter < 300; iter++) {
        ModvmTcgContext ctx = { .n_temps = 1 };
        EnvEnv env;
        guint64 v = gen_value(r);

        memset(&env, 0xee, sizeof(env));
        env.src = v;
        for (guint i = 0; i < G_N_ELEMENTS(loads); i++) {
            ModvmTcgTemp t = modvm_tcg_temp_new(&ctx);
            modvm_tcg_ld(&ctx, loads[i], t, G_STRUCT_OFFSET(EnvEnv, src));
            modvm_tcg_st(&ctx, MODVM_OP_ST64, t, G_STRUCT_OFFSET(EnvEnv, dst) + 8 * i);
        }
        for (guint i = 0; i < G_N_ELEMENTS(stores); i++) {
            ModvmTcgTemp t = modvm_tcg_temp_new(&ctx);
            modvm_tcg_ld(&ctx, MODVM_OP_LD64, t, G_STRUCT_OFFSET(EnvEnv, src));
            modvm_tcg_st(&ctx, stores[i], t, G_STRUCT_OFFSET(EnvEnv, dst) + 8 * (7 + i));
        }
        modvm_tcg_exit_tb(&ctx);
        tcg_test_run_context(&ctx, &env, iter & 1, FALSE);
        g_free(ctx.ops);

        g_assert_cmphex(env.dst[0], ==, v & 0xff);
        g_assert_cmphex(env.dst[1], ==, ref_sext(v, 8));
        g_assert_cmphex(env.dst[2], ==, v & 0xffff);
        g_assert_cmphex(env.dst[3], ==, ref_sext(v, 16));
        g_assert_cmphex(env.dst[4], ==, v & 0xffffffff);
        g_assert_cmphex(env.dst[5], ==, ref_sext(v, 32));
        g_assert_cmphex(env.dst[6], ==, v);
        /* narrow stores leave the rest of the field alone (host byte order) */
        g_assert_cmphex(*(guint8 *)&env.dst[7], ==, (guint8)v);
        g_assert_cmphex(*(guint16 *)&env.dst[8], ==, (guint16)v);
        g_assert_cmphex(*(guint32 *)&env.dst[9], ==, (guint32)v);
        g_assert_cmphex(env.dst[10], ==, v);
        g_assert_cmphex(((guint8 *)&env.dst[7])[G_BYTE_ORDER == G_LITTLE_ENDIAN ? 7 : 0], ==, 0xee);
    }
}

/* ------------------------------------------------------------------ */
/* The optimiser */

static guint count_ops(const TcgIr *ir, ModvmTcgOpc opc)
{
    guint n = 0;
    for (guint i = 0; i < ir->n_ops; i++) {
        n += ir->ops[i].opc == opc;
    }
    return n;
}

static const TcgIrOp *find_op(const TcgIr *ir, ModvmTcgOpc opc)
{
    for (guint i = 0; i < ir->n_ops; i++) {
        if (ir->ops[i].opc == opc) {
            return &ir->ops[i];
        }
    }
    return NULL;
}

static void test_opt_fold(void)
{
    ModvmTcgContext ctx = { .n_temps = 1 };
    TcgIr ir = { 0 };
    ModvmTcgTemp a = modvm_tcg_const(&ctx, 5), b = modvm_tcg_const(&ctx, 7);
    ModvmTcgTemp s = modvm_tcg_temp_new(&ctx), p = modvm_tcg_temp_new(&ctx);
    const TcgIrOp *st;

    modvm_tcg_op3(&ctx, MODVM_OP_ADD, s, a, b);
    modvm_tcg_opi(&ctx, MODVM_OP_MUL, p, s, 3);
    modvm_tcg_st(&ctx, MODVM_OP_ST64, p, 0);
    modvm_tcg_exit_tb(&ctx);
    tcg_ir_from_context(&ir, &ctx);
    tcg_optimize(&ir);
    g_assert_cmpuint(count_ops(&ir, MODVM_OP_ADD), ==, 0);
    g_assert_cmpuint(count_ops(&ir, MODVM_OP_MUL), ==, 0);
    g_assert_cmpuint(count_ops(&ir, MODVM_OP_MOVI), ==, 0);
    st = find_op(&ir, MODVM_OP_ST64);
    g_assert_nonnull(st);
    g_assert_true(tcg_arg_is_const(st->args[0]));
    g_assert_cmpuint(tcg_arg_const(&ir, st->args[0]), ==, 36);
    g_assert_cmpuint(ir.n_ops, ==, 2);
    tcg_ir_clear(&ir);
    g_free(ctx.ops);
}

static void test_opt_copy_dead(void)
{
    ModvmTcgContext ctx = { .n_temps = 1 };
    TcgIr ir = { 0 };
    ModvmTcgTemp t = modvm_tcg_temp_new(&ctx), u = modvm_tcg_temp_new(&ctx);
    ModvmTcgTemp v = modvm_tcg_temp_new(&ctx), dead = modvm_tcg_temp_new(&ctx);
    const TcgIrOp *add;

    modvm_tcg_ld(&ctx, MODVM_OP_LD64, t, 8);
    modvm_tcg_mov(&ctx, u, t);
    modvm_tcg_op3(&ctx, MODVM_OP_MUL, dead, t, t);
    modvm_tcg_opi(&ctx, MODVM_OP_ADD, v, u, 1);
    modvm_tcg_st(&ctx, MODVM_OP_ST64, v, 16);
    modvm_tcg_exit_tb(&ctx);
    tcg_ir_from_context(&ir, &ctx);
    tcg_optimize(&ir);
    /* the copy is propagated and then dead, the unused product is gone */
    g_assert_cmpuint(count_ops(&ir, MODVM_OP_MOV), ==, 0);
    g_assert_cmpuint(count_ops(&ir, MODVM_OP_MUL), ==, 0);
    add = find_op(&ir, MODVM_OP_ADD);
    g_assert_nonnull(add);
    g_assert_cmpuint(add->args[1], ==, t);
    g_assert_true(tcg_arg_is_const(add->args[2]));
    tcg_ir_clear(&ir);
    g_free(ctx.ops);
}

static void test_opt_labels(void)
{
    /* what is known before a label is forgotten after it */
    ModvmTcgContext ctx = { .n_temps = 1 };
    TcgIr ir = { 0 };
    ModvmTcgTemp x = modvm_tcg_temp_new(&ctx), t = modvm_tcg_temp_new(&ctx);
    ModvmTcgLabel l = modvm_tcg_label_new(&ctx);
    const TcgIrOp *st;

    modvm_tcg_ld(&ctx, MODVM_OP_LD64, x, 0);
    modvm_tcg_movi(&ctx, t, 1);
    modvm_tcg_brcond(&ctx, MODVM_TCG_COND_EQ, x, modvm_tcg_const(&ctx, 0), l);
    modvm_tcg_movi(&ctx, t, 2);
    modvm_tcg_set_label(&ctx, l);
    modvm_tcg_st(&ctx, MODVM_OP_ST64, t, 8);
    modvm_tcg_exit_tb(&ctx);
    tcg_ir_from_context(&ir, &ctx);
    tcg_optimize(&ir);
    st = find_op(&ir, MODVM_OP_ST64);
    g_assert_false(tcg_arg_is_const(st->args[0]));
    g_assert_cmpuint(count_ops(&ir, MODVM_OP_MOVI), ==, 2);
    tcg_ir_clear(&ir);
    g_free(ctx.ops);

    for (guint64 xv = 0; xv < 2; xv++) {
        guint64 env[2] = { xv, 0 };
        ModvmTcgContext c2 = { .n_temps = 1 };
        ModvmTcgTemp x2 = modvm_tcg_temp_new(&c2), t2 = modvm_tcg_temp_new(&c2);
        ModvmTcgLabel l2 = modvm_tcg_label_new(&c2);
        modvm_tcg_ld(&c2, MODVM_OP_LD64, x2, 0);
        modvm_tcg_movi(&c2, t2, 1);
        modvm_tcg_brcond(&c2, MODVM_TCG_COND_EQ, x2, modvm_tcg_const(&c2, 0), l2);
        modvm_tcg_movi(&c2, t2, 2);
        modvm_tcg_set_label(&c2, l2);
        modvm_tcg_st(&c2, MODVM_OP_ST64, t2, 8);
        modvm_tcg_exit_tb(&c2);
        tcg_test_run_context(&c2, env, TRUE, FALSE);
        g_assert_cmpuint(env[1], ==, xv == 0 ? 1 : 2);
        g_free(c2.ops);
    }
}

/* brcond on a setcond result: fused into one compare, also when an operand changes between */
static guint64 run_setcond_branch(ModvmTcgCond c, ModvmTcgCond on, gboolean clobber,
                                  guint64 a, guint64 b, gboolean optimize)
{
    ModvmTcgContext ctx = { .n_temps = 1 };
    guint64 env[3] = { a, b, 0 };
    ModvmTcgTemp ta = modvm_tcg_temp_new(&ctx), tb = modvm_tcg_temp_new(&ctx);
    ModvmTcgTemp s = modvm_tcg_temp_new(&ctx), d = modvm_tcg_temp_new(&ctx);
    ModvmTcgLabel l = modvm_tcg_label_new(&ctx);

    modvm_tcg_ld(&ctx, MODVM_OP_LD64, ta, 0);
    modvm_tcg_ld(&ctx, MODVM_OP_LD64, tb, 8);
    modvm_tcg_setcond(&ctx, c, s, ta, tb);
    if (clobber) {
        modvm_tcg_opi(&ctx, MODVM_OP_XOR, ta, ta, 0x8000000000000001ull);
    }
    modvm_tcg_movi(&ctx, d, 1);
    modvm_tcg_brcond(&ctx, on, s, modvm_tcg_const(&ctx, 0), l);
    modvm_tcg_movi(&ctx, d, 0);
    modvm_tcg_set_label(&ctx, l);
    modvm_tcg_st(&ctx, MODVM_OP_ST64, d, 16);
    modvm_tcg_exit_tb(&ctx);
    tcg_test_run_context(&ctx, env, optimize, FALSE);
    g_free(ctx.ops);
    return env[2];
}

static void test_opt_setcond_branch(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(99);
    ModvmTcgContext ctx = { .n_temps = 1 };
    TcgIr ir = { 0 };
    ModvmTcgTemp ta = modvm_tcg_temp_new(&ctx), s = modvm_tcg_temp_new(&ctx);
    ModvmTcgLabel l = modvm_tcg_label_new(&ctx);

    /* the comparison moves into the branch and the 0/1 value disappears */
    modvm_tcg_ld(&ctx, MODVM_OP_LD64, ta, 0);
    modvm_tcg_setcond(&ctx, MODVM_TCG_COND_LTU, s, ta, modvm_tcg_const(&ctx, 10));
    modvm_tcg_brcond(&ctx, MODVM_TCG_COND_EQ, s, modvm_tcg_const(&ctx, 0), l);
    modvm_tcg_exit_tb(&ctx);
    modvm_tcg_set_label(&ctx, l);
    modvm_tcg_exit_tb(&ctx);
    tcg_ir_from_context(&ir, &ctx);
    tcg_optimize(&ir);
    g_assert_cmpuint(count_ops(&ir, MODVM_OP_SETCOND), ==, 0);
    g_assert_cmpuint(find_op(&ir, MODVM_OP_BRCOND)->imm & 0xff, ==, MODVM_TCG_COND_GEU);
    tcg_ir_clear(&ir);
    g_free(ctx.ops);

    for (guint iter = 0; iter < 2000; iter++) {
        ModvmTcgCond c = iter % 12;
        ModvmTcgCond on = (iter / 12) % 2 ? MODVM_TCG_COND_EQ : MODVM_TCG_COND_NE;
        gboolean clobber = (iter / 24) % 2;
        guint64 a = gen_value(r), b = iter % 3 ? gen_value(r) : a;
        gboolean s = ref_cond(c, a, b, FALSE);
        guint64 want = on == MODVM_TCG_COND_NE ? s : !s;

        g_assert_cmpuint(run_setcond_branch(c, on, clobber, a, b, FALSE), ==, want);
        g_assert_cmpuint(run_setcond_branch(c, on, clobber, a, b, TRUE), ==, want);
    }
}

/*
 * A condition register field as frontends build it (three setconds, shifts
 * and ors, then "or" with a bit from the CPU state): the interpreter fuses
 * it into one instruction when the intermediate temps die, and must give
 * the same field in every variant, also when one of them lives on.
 */
static guint64 run_compare_field(gboolean is_signed, gboolean b_const, guint or_form,
                                 gboolean keep_gt, guint64 a, guint64 b, guint64 so,
                                 gboolean optimize, guint64 *gt_out)
{
    ModvmTcgContext ctx = { .n_temps = 1 };
    guint64 env[5] = { a, b, so, 0, 0 };
    ModvmTcgTemp ta = modvm_tcg_temp_new(&ctx), tb = modvm_tcg_temp_new(&ctx);
    ModvmTcgTemp lt = modvm_tcg_temp_new(&ctx), gt = modvm_tcg_temp_new(&ctx);
    ModvmTcgTemp eq = modvm_tcg_temp_new(&ctx), v = modvm_tcg_temp_new(&ctx);
    ModvmTcgTemp tso = modvm_tcg_temp_new(&ctx);

    modvm_tcg_ld(&ctx, MODVM_OP_LD64, ta, 0);
    if (b_const) {
        tb = modvm_tcg_const(&ctx, b);
    } else {
        modvm_tcg_ld(&ctx, MODVM_OP_LD64, tb, 8);
    }
    if (or_form == 2) {
        modvm_tcg_ld(&ctx, MODVM_OP_LD64, tso, 16);
    }
    modvm_tcg_setcond(&ctx, is_signed ? MODVM_TCG_COND_LT : MODVM_TCG_COND_LTU, lt, ta, tb);
    modvm_tcg_setcond(&ctx, is_signed ? MODVM_TCG_COND_GT : MODVM_TCG_COND_GTU, gt, ta, tb);
    modvm_tcg_setcond(&ctx, MODVM_TCG_COND_EQ, eq, ta, tb);
    modvm_tcg_opi(&ctx, MODVM_OP_SHL, v, lt, 3);
    modvm_tcg_opi(&ctx, MODVM_OP_SHL, gt, gt, 2);
    modvm_tcg_op3(&ctx, MODVM_OP_OR, v, v, gt);
    modvm_tcg_opi(&ctx, MODVM_OP_SHL, eq, eq, 1);
    modvm_tcg_op3(&ctx, MODVM_OP_OR, v, v, eq);
    if (or_form == 1) {
        modvm_tcg_ld(&ctx, MODVM_OP_LD64, tso, 16);
    }
    if (or_form) {
        modvm_tcg_op3(&ctx, MODVM_OP_OR, v, tso, v);
    }
    modvm_tcg_st(&ctx, MODVM_OP_ST32, v, 24);
    if (keep_gt) {
        modvm_tcg_st(&ctx, MODVM_OP_ST64, gt, 32);
    }
    modvm_tcg_exit_tb(&ctx);
    tcg_test_run_context(&ctx, env, optimize, FALSE);
    g_free(ctx.ops);
    *gt_out = env[4];
    return env[3];
}

static void test_interp_compare_field(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(7);

    for (guint iter = 0; iter < 3000; iter++) {
        gboolean is_signed = iter & 1, b_const = (iter >> 1) & 1, keep_gt = (iter >> 4) & 1;
        guint or_form = (iter >> 2) % 3;
        guint64 a = gen_value(r), b = iter % 5 ? gen_value(r) : a, so = g_rand_boolean(r);
        gboolean lt = is_signed ? (gint64)a < (gint64)b : a < b;
        gboolean gt = is_signed ? (gint64)a > (gint64)b : a > b;
        guint64 want = (lt ? 8 : gt ? 4 : 2) | (or_form ? so : 0), gt_bits;

        for (guint opt = 0; opt < 2; opt++) {
            g_assert_cmphex(run_compare_field(is_signed, b_const, or_form, keep_gt, a, b, so, opt,
                                              &gt_bits), ==, want);
            g_assert_cmphex(gt_bits, ==, keep_gt && gt ? 4 : 0);
        }
    }
}

/* A branch on one bit of a value, through ext32u or not: fused into one BRTEST when the temps die. */
static guint64 run_bit_branch(guint64 x, unsigned pos, gboolean via_ext32, gboolean on_set,
                              gboolean keep_bit, gboolean optimize)
{
    ModvmTcgContext ctx = { .n_temps = 1 };
    guint64 env[3] = { x, 0, 0 };
    ModvmTcgTemp tx = modvm_tcg_temp_new(&ctx), u = modvm_tcg_temp_new(&ctx);
    ModvmTcgTemp t = modvm_tcg_temp_new(&ctx), d = modvm_tcg_temp_new(&ctx);
    ModvmTcgLabel l = modvm_tcg_label_new(&ctx);

    modvm_tcg_ld(&ctx, MODVM_OP_LD64, tx, 0);
    modvm_tcg_movi(&ctx, d, 1);
    if (via_ext32) {
        modvm_tcg_op2(&ctx, MODVM_OP_EXT32U, u, tx);
    } else {
        u = tx;
    }
    modvm_tcg_field(&ctx, MODVM_OP_EXTRACT, t, u, 0, pos, 1);
    modvm_tcg_brcond(&ctx, on_set ? MODVM_TCG_COND_NE : MODVM_TCG_COND_EQ, t,
                     modvm_tcg_const(&ctx, 0), l);
    modvm_tcg_movi(&ctx, d, 0);
    modvm_tcg_set_label(&ctx, l);
    modvm_tcg_st(&ctx, MODVM_OP_ST64, d, 8);
    if (keep_bit) {
        modvm_tcg_st(&ctx, MODVM_OP_ST64, t, 16);
    }
    modvm_tcg_exit_tb(&ctx);
    tcg_test_run_context(&ctx, env, optimize, FALSE);
    g_free(ctx.ops);
    g_assert_cmpuint(env[2], ==, keep_bit ? (via_ext32 ? (guint32)x : x) >> pos & 1 : 0);
    return env[1];
}

static void test_interp_bit_branch(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(11);

    for (guint iter = 0; iter < 2000; iter++) {
        guint64 x = gen_value(r);
        gboolean via_ext32 = iter & 1, on_set = (iter >> 1) & 1, keep_bit = (iter >> 2) & 1;
        unsigned pos = g_rand_int_range(r, 0, via_ext32 ? 32 : 64);
        guint64 bit = (x >> pos) & 1;

        for (guint opt = 0; opt < 2; opt++) {
            g_assert_cmpuint(run_bit_branch(x, pos, via_ext32, on_set, keep_bit, opt), ==,
                             on_set ? bit : !bit);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Blocks on a toy machine */

typedef struct {
    ModvmMachine *machine;
    TcgAccel *acc;
    ModvmAccelClass *ac;
} Rig;

static Rig *rig_new(guint smp, const char *const *accel_props)
{
    Rig *rig = g_new0(Rig, 1);
    g_autoptr(GError) err = NULL;
    g_autofree char *smp_str = g_strdup_printf("%u", smp);
    ModvmObject *m = g_object_new(toy_machine_get_type(), NULL);
    ModvmObject *a;

    g_assert_true(modvm_object_set_property_str(m, "ram-size", "16M", MODVM_PROP_SOURCE_USER,
                                                &err));
    g_assert_true(modvm_object_set_property_str(m, "smp", smp_str, MODVM_PROP_SOURCE_USER,
                                                &err));
    a = modvm_object_new("tcg-accel", &err);
    g_assert_no_error(err);
    for (guint i = 0; accel_props && accel_props[i]; i += 2) {
        g_assert_true(modvm_object_set_property_str(a, accel_props[i], accel_props[i + 1],
                                                    MODVM_PROP_SOURCE_USER, &err));
    }
    rig->machine = MODVM_MACHINE(m);
    rig->acc = TCG_ACCEL(a);
    rig->ac = MODVM_ACCEL_GET_CLASS(a);
    modvm_machine_set_accel(rig->machine, MODVM_ACCEL(a));
    g_assert_true(rig->ac->available(MODVM_ACCEL(a), rig->machine, &err));
    g_assert_true(rig->ac->init_machine(MODVM_ACCEL(a), rig->machine, &err));
    g_assert_true(MODVM_MACHINE_GET_CLASS(m)->init(rig->machine, &err));
    g_assert_no_error(err);
    return rig;
}

static ToyCpu *rig_cpu(Rig *rig, guint i)
{
    return TOY_CPU(modvm_machine_get_cpus(rig->machine)->pdata[i]);
}

static void rig_write(Rig *rig, guint64 addr, const void *buf, gsize len)
{
    g_assert_cmpint(modvm_address_space_write(modvm_machine_address_space(rig->machine), addr,
                                              buf, len), ==, MODVM_MEM_OK);
}

static void rig_load(Rig *rig, guint64 addr, const guint32 *prog, gsize n)
{
    for (gsize i = 0; i < n; i++) {
        guint32 be = GUINT32_TO_BE(prog[i]);
        rig_write(rig, addr + 4 * i, &be, 4);
    }
}

static guint64 rig_read64be(Rig *rig, guint64 addr)
{
    guint64 v;
    g_assert_cmpint(modvm_address_space_read(modvm_machine_address_space(rig->machine), addr,
                                             &v, 8), ==, MODVM_MEM_OK);
    return GUINT64_FROM_BE(v);
}

static guint32 rig_read32be(Rig *rig, guint64 addr)
{
    guint32 v;
    g_assert_cmpint(modvm_address_space_read(modvm_machine_address_space(rig->machine), addr,
                                             &v, 4), ==, MODVM_MEM_OK);
    return GUINT32_FROM_BE(v);
}

static void rig_start(Rig *rig)
{
    g_autoptr(GError) err = NULL;
    g_assert_true(rig->ac->start(MODVM_ACCEL(rig->acc), &err));
    g_assert_no_error(err);
}

static void rig_free(Rig *rig)
{
    rig->ac->stop(MODVM_ACCEL(rig->acc));
    g_object_unref(rig->acc);
    g_object_unref(rig->machine);
    g_free(rig);
}

static gboolean wait_stopped(ToyCpu *cpu, guint ms)
{
    for (guint i = 0; i < ms; i++) {
        if (g_atomic_int_get(&cpu->stopped)) {
            return TRUE;
        }
        g_usleep(1000);
    }
    return g_atomic_int_get(&cpu->stopped);
}

/* Runs @prog at @at on CPU 0 until it stops (an exception with no vector); returns the CPU. */
static ToyCpu *run_program(Rig *rig, guint64 at, const guint32 *prog, gsize n)
{
    ToyCpu *cpu = rig_cpu(rig, 0);

    rig_load(rig, at, prog, n);
    cpu->pc = at;
    rig_start(rig);
    g_assert_true(wait_stopped(cpu, 20000));
    rig->ac->pause(MODVM_ACCEL(rig->acc));
    return cpu;
}

#define LI(rd, v) toy_i(TOY_LI, rd, v)
#define R3(op, rd, ra, rb) toy_r(op, rd, ra, rb, 0)
#define RI(op, rd, ra, imm) toy_r(op, rd, ra, 0, imm)
#define BR(op, ra, rb, off) toy_r(op, 0, ra, rb, off)
#define STOP toy_r(TOY_RAISE, 0, 0, 0, 0)

static void test_block_arith(void)
{
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = {
        LI(1, 1000), LI(2, -7), R3(TOY_ADD, 3, 1, 2), R3(TOY_SUB, 4, 1, 2),
        R3(TOY_MUL, 5, 1, 2), R3(TOY_DIVU, 6, 1, 2), RI(TOY_ADDI, 7, 1, -1000),
        RI(TOY_SHLI, 8, 1, 40), RI(TOY_SHRI, 9, 2, 60), LI(10, 0x12), toy_i(TOY_LUI, 10, 0x34567),
        R3(TOY_DIVU, 11, 2, 7), STOP,
    };
    ToyCpu *cpu = run_program(rig, 0x1000, prog, G_N_ELEMENTS(prog));

    g_assert_cmpint(cpu->last_excp, ==, TOY_EXC_RAISE);
    g_assert_cmphex(cpu->last_excp_pc, ==, 0x1000 + 4 * (G_N_ELEMENTS(prog) - 1));
    g_assert_cmpuint(cpu->r[3], ==, 993);
    g_assert_cmpuint(cpu->r[4], ==, 1007);
    g_assert_cmpint((gint64)cpu->r[5], ==, -7000);
    g_assert_cmpuint(cpu->r[6], ==, 0);
    g_assert_cmpuint(cpu->r[7], ==, 0);
    g_assert_cmphex(cpu->r[8], ==, 1000ull << 40);
    g_assert_cmphex(cpu->r[9], ==, 0xf);
    g_assert_cmphex(cpu->r[10], ==, 0x1234567);
    g_assert_cmpuint(cpu->r[11], ==, 0);   /* r7 is 0: division by zero gives 0 */
    rig_free(rig);
}

static void test_block_chaining(void)
{
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = {
        LI(1, 0), LI(2, 100000),
        RI(TOY_ADDI, 1, 1, 1), BR(TOY_BNE, 1, 2, -2),
        STOP,
    };
    ToyCpu *cpu = run_program(rig, 0x2000, prog, G_N_ELEMENTS(prog));

    g_assert_cmpuint(cpu->r[1], ==, 100000);
    g_assert_cmpuint(rig->acc->stats.translations, <=, 4);
    g_assert_cmpuint(rig->acc->stats.links, >=, 1);
    /* the loop runs chained to itself: the execution loop sees a handful of blocks */
    g_assert_cmpuint(rig->acc->stats.loop_blocks, <, 100);
    rig_free(rig);
}

static void test_block_indirect(void)
{
    /* JR through LOOKUP_AND_GOTO: a call and return repeated */
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = {
        /* 0x3000 */ LI(1, 0), LI(2, 5000), LI(7, 0x3100), LI(8, 0x3014),
        /* 0x3010 */ R3(TOY_JR, 0, 7, 0),
        /* 0x3014 */ BR(TOY_BNE, 1, 2, -2),
        /* 0x3018 */ STOP,
    };
    const guint32 func[] = { RI(TOY_ADDI, 1, 1, 1), R3(TOY_JR, 0, 8, 0) };
    ToyCpu *cpu;

    rig_load(rig, 0x3100, func, G_N_ELEMENTS(func));
    cpu = run_program(rig, 0x3000, prog, G_N_ELEMENTS(prog));
    g_assert_cmpuint(cpu->r[1], ==, 5000);
    g_assert_cmpuint(rig->acc->stats.loop_blocks, <, 500);
    rig_free(rig);
}

static void test_block_smc_same_block(void)
{
    Rig *rig = rig_new(1, NULL);
    const guint32 new_insn = LI(3, 2);
    const guint32 prog[] = {
        /* 0x1000 */ LI(5, new_insn >> 20), toy_i(TOY_LUI, 5, new_insn & 0xfffff),
        /* 0x1008 */ LI(6, 0x1000), RI(TOY_SWB, 5, 6, 0x14),
        /* 0x1010 */ LI(4, 9),
        /* 0x1014 */ LI(3, 1),
        /* 0x1018 */ STOP,
    };
    ToyCpu *cpu = run_program(rig, 0x1000, prog, G_N_ELEMENTS(prog));

    g_assert_cmphex(cpu->r[5], ==, new_insn);
    g_assert_cmpuint(cpu->r[4], ==, 9);
    g_assert_cmpuint(cpu->r[3], ==, 2);
    g_assert_cmpuint(rig->acc->stats.smc_restarts, >=, 1);
    g_assert_cmphex(rig_read32be(rig, 0x1014), ==, new_insn);
    rig_free(rig);
}

static void test_block_smc_other_block(void)
{
    Rig *rig = rig_new(1, NULL);
    const guint32 new_insn = LI(3, 2);
    const guint32 func[] = { LI(3, 1), R3(TOY_JR, 0, 8, 0) };
    const guint32 prog[] = {
        /* 0x2000 */ LI(7, 0x2100), LI(8, 0x200c), R3(TOY_JR, 0, 7, 0),
        /* 0x200c */ RI(TOY_ADDI, 10, 3, 0),
        /* 0x2010 */ LI(5, new_insn >> 20), toy_i(TOY_LUI, 5, new_insn & 0xfffff),
        /* 0x2018 */ RI(TOY_SWB, 5, 7, 0), LI(8, 0x2024), R3(TOY_JR, 0, 7, 0),
        /* 0x2024 */ STOP,
    };
    ToyCpu *cpu;

    rig_load(rig, 0x2100, func, G_N_ELEMENTS(func));
    cpu = run_program(rig, 0x2000, prog, G_N_ELEMENTS(prog));
    g_assert_cmpuint(cpu->r[10], ==, 1);
    g_assert_cmpuint(cpu->r[3], ==, 2);
    g_assert_cmpuint(rig->acc->stats.invalidations, >=, 1);
    rig_free(rig);
}

static void test_block_code_dma(void)
{
    /*
     * The CPU runs a function once, then polls a flag in RAM; this thread
     * rewrites the function through the address space (as DMA would) and
     * sets the flag; the CPU calls the function again and must see the
     * new code.
     */
    Rig *rig = rig_new(1, NULL);
    const guint32 func[] = { LI(3, 1), R3(TOY_JR, 0, 8, 0) };
    const guint32 new_func[] = { LI(3, 2), R3(TOY_JR, 0, 8, 0) };
    const guint32 prog[] = {
        /* 0x4000 */ LI(7, 0x4100), LI(8, 0x400c), R3(TOY_JR, 0, 7, 0),
        /* 0x400c */ RI(TOY_ADDI, 10, 3, 0), LI(6, 0x4800),
        /* 0x4014 */ RI(TOY_LWB, 1, 6, 0), BR(TOY_BEQ, 1, 0, -2),
        /* 0x401c */ LI(8, 0x4028), R3(TOY_JR, 0, 7, 0),
        /* 0x4024 */ STOP,
        /* 0x4028 */ STOP,
    };
    ToyCpu *cpu = rig_cpu(rig, 0);
    guint32 one = GUINT32_TO_BE(1);

    rig_load(rig, 0x4100, func, G_N_ELEMENTS(func));
    rig_load(rig, 0x4000, prog, G_N_ELEMENTS(prog));
    cpu->pc = 0x4000;
    rig_start(rig);
    g_usleep(20000);
    rig_load(rig, 0x4100, new_func, G_N_ELEMENTS(new_func));
    rig_write(rig, 0x4800, &one, 4);
    g_assert_true(wait_stopped(cpu, 20000));
    rig->ac->pause(MODVM_ACCEL(rig->acc));
    g_assert_cmpuint(cpu->r[10], ==, 1);
    g_assert_cmpuint(cpu->r[3], ==, 2);
    g_assert_cmphex(cpu->last_excp_pc, ==, 0x4028);
    rig_free(rig);
}

/* A device recording what reaches it. */
typedef struct {
    guint64 offset[16];
    guint64 value[16];
    unsigned size[16];
    guint n;
} MmioLog;

static guint64 mmio_read(void *opaque, guint64 offset, unsigned size)
{
    static const guint64 pattern = 0x1122334455667788ull;
    return size == 8 ? pattern : pattern >> (64 - 8 * size);
}

static void mmio_write(void *opaque, guint64 offset, guint64 value, unsigned size)
{
    MmioLog *log = opaque;
    if (log->n < 16) {
        log->offset[log->n] = offset;
        log->value[log->n] = value;
        log->size[log->n] = size;
        log->n++;
    }
}

static const ModvmMemoryOps mmio_ops = {
    .read = mmio_read,
    .write = mmio_write,
    .min_access = 1,
    .max_access = 8,
    .endianness = MODVM_ENDIAN_BIG,
};

static void test_block_mmio(void)
{
    Rig *rig = rig_new(1, NULL);
    MmioLog log = { 0 };
    ModvmMemoryRegion *mr = modvm_memory_region_new_mmio("toy-mmio", 0x1000, &mmio_ops, &log);
    g_autoptr(GError) err = NULL;
    const guint32 prog[] = {
        LI(6, 16), toy_i(TOY_LUI, 6, 0),            /* r6 = 0x1000000 */
        LI(1, 0x11223), toy_i(TOY_LUI, 1, 0x34455), /* r1 = 0x1122334455 */
        RI(TOY_SB, 1, 6, 0x0), RI(TOY_SHB, 1, 6, 0x2), RI(TOY_SWB, 1, 6, 0x4),
        RI(TOY_SDB, 1, 6, 0x8), RI(TOY_SHL, 1, 6, 0x10), RI(TOY_SWL, 1, 6, 0x14),
        RI(TOY_SDL, 1, 6, 0x18),
        RI(TOY_LWB, 2, 6, 0x20), RI(TOY_LWL, 3, 6, 0x24), RI(TOY_LHB, 4, 6, 0x28),
        RI(TOY_LDL, 5, 6, 0x30), RI(TOY_LB, 7, 6, 0x38), RI(TOY_LWBS, 8, 6, 0x3c),
        STOP,
    };
    ToyCpu *cpu;

    g_assert_true(modvm_memory_region_add_subregion(modvm_machine_sysmem(rig->machine),
                                                    0x1000000, mr, 1, &err));
    cpu = run_program(rig, 0x1000, prog, G_N_ELEMENTS(prog));
    g_assert_cmpint(cpu->last_excp, ==, TOY_EXC_RAISE);
    g_assert_cmpuint(log.n, ==, 7);
    /* a big-endian device sees big-endian stores as they are, little-endian ones swapped */
    g_assert_cmpuint(log.size[0], ==, 1);
    g_assert_cmphex(log.value[0], ==, 0x55);
    g_assert_cmphex(log.offset[1], ==, 2);
    g_assert_cmpuint(log.size[1], ==, 2);
    g_assert_cmphex(log.value[1], ==, 0x4455);
    g_assert_cmpuint(log.size[2], ==, 4);
    g_assert_cmphex(log.value[2], ==, 0x22334455);
    g_assert_cmpuint(log.size[3], ==, 8);
    g_assert_cmphex(log.value[3], ==, 0x1122334455ull);
    g_assert_cmphex(log.value[4], ==, 0x5544);
    g_assert_cmphex(log.value[5], ==, 0x55443322);
    g_assert_cmphex(log.value[6], ==, 0x5544332211000000ull);
    g_assert_cmphex(log.offset[6], ==, 0x18);
    /* the device answers with the leading bytes of 0x1122334455667788 */
    g_assert_cmphex(cpu->r[2], ==, 0x11223344);
    g_assert_cmphex(cpu->r[3], ==, 0x44332211);
    g_assert_cmphex(cpu->r[4], ==, 0x1122);
    g_assert_cmphex(cpu->r[5], ==, 0x8877665544332211ull);
    g_assert_cmphex(cpu->r[7], ==, 0x11);
    g_assert_cmphex(cpu->r[8], ==, 0x11223344);
    rig_free(rig);
    modvm_memory_region_unref(mr);
}

static void test_block_ram_access(void)
{
    /* every width and byte order through the fast path, misaligned and page-crossing ones */
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = {
        LI(6, 0x6000), LI(1, 0x12345), toy_i(TOY_LUI, 1, 0x6789a), /* r1 = 0x123456789a */
        RI(TOY_SDB, 1, 6, 0), RI(TOY_SDL, 1, 6, 8),
        RI(TOY_LDB, 2, 6, 0), RI(TOY_LDL, 3, 6, 0), RI(TOY_LWB, 4, 6, 4),
        RI(TOY_LHL, 5, 6, 8), RI(TOY_LWBS, 7, 6, 0x10),
        LI(11, 0x7000),
        RI(TOY_SDB, 1, 11, -3), RI(TOY_LDB, 8, 11, -3),         /* crosses 0x7000 */
        RI(TOY_SWL, 1, 6, 0x21), RI(TOY_LWL, 9, 6, 0x21),        /* misaligned */
        RI(TOY_SBH, 1, 6, 0x30), RI(TOY_LBH, 10, 6, 0x30),      /* through helpers */
        STOP,
    };
    guint32 neg = GUINT32_TO_BE(0x80000001);
    ToyCpu *cpu;

    rig_write(rig, 0x6010, &neg, 4);
    cpu = run_program(rig, 0x1000, prog, G_N_ELEMENTS(prog));
    g_assert_cmpint(cpu->last_excp, ==, TOY_EXC_RAISE);
    g_assert_cmphex(rig_read64be(rig, 0x6000), ==, 0x123456789aull);
    g_assert_cmphex(cpu->r[2], ==, 0x123456789aull);
    g_assert_cmphex(cpu->r[3], ==, GUINT64_SWAP_LE_BE(0x123456789aull));
    g_assert_cmphex(cpu->r[4], ==, 0x3456789a);
    g_assert_cmphex(cpu->r[5], ==, 0x789a);
    g_assert_cmphex(cpu->r[7], ==, 0xffffffff80000001ull);
    g_assert_cmphex(cpu->r[8], ==, 0x123456789aull);
    g_assert_cmphex(rig_read64be(rig, 0x6ffd), ==, 0x123456789aull);
    g_assert_cmphex(cpu->r[9], ==, 0x3456789a);
    g_assert_cmphex(cpu->r[10], ==, 0x9a);
    rig_free(rig);
}

static void test_block_tlb_fault(void)
{
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = {
        /* 0x1000 */ LI(1, 1), LI(4, 0x5000), LI(2, 7),
        /* 0x100c */ RI(TOY_LWU, 2, 4, 0x10),
        /* 0x1010 */ LI(1, 2), STOP,
    };
    ToyCpu *cpu = rig_cpu(rig, 0);

    cpu->fault_page = 0x5000;
    cpu = run_program(rig, 0x1000, prog, G_N_ELEMENTS(prog));
    g_assert_cmpint(cpu->last_excp, ==, TOY_EXC_FAULT);
    g_assert_cmphex(cpu->last_excp_pc, ==, 0x100c);
    g_assert_cmphex(cpu->fault_addr, ==, 0x5010);
    /* the instructions before ran, the faulting one left nothing behind */
    g_assert_cmpuint(cpu->r[1], ==, 1);
    g_assert_cmpuint(cpu->r[2], ==, 7);
    g_assert_cmphex(cpu->r[4], ==, 0x5000);
    rig_free(rig);
}

static void test_block_store_fault(void)
{
    /* a store crossing into a refused page writes nothing at all; helpers fault the same way */
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = {
        /* 0x1000 */ LI(1, -1), LI(4, 0x5000),
        /* 0x1008 */ RI(TOY_SDB, 1, 4, -4),
        /* 0x100c */ STOP,
    };
    const guint32 prog2[] = {
        /* 0x1100 */ LI(4, 0x5000), RI(TOY_LBH, 3, 4, 1), STOP,
    };
    ToyCpu *cpu = rig_cpu(rig, 0);

    cpu->fault_page = 0x5000;
    cpu = run_program(rig, 0x1000, prog, G_N_ELEMENTS(prog));
    g_assert_cmpint(cpu->last_excp, ==, TOY_EXC_FAULT);
    g_assert_cmphex(cpu->last_excp_pc, ==, 0x1008);
    g_assert_cmphex(rig_read32be(rig, 0x4ffc), ==, 0);

    g_atomic_int_set(&cpu->stopped, 0);
    cpu->tcg.halted = FALSE;
    rig_load(rig, 0x1100, prog2, G_N_ELEMENTS(prog2));
    cpu->pc = 0x1100;
    cpu->r[3] = 99;
    rig_start(rig);
    g_assert_true(wait_stopped(cpu, 20000));
    rig->ac->pause(MODVM_ACCEL(rig->acc));
    g_assert_cmpint(cpu->last_excp, ==, TOY_EXC_FAULT);
    g_assert_cmphex(cpu->last_excp_pc, ==, 0x1104);
    g_assert_cmphex(cpu->fault_addr, ==, 0x5001);
    g_assert_cmpuint(cpu->r[3], ==, 99);
    rig_free(rig);
}

static void test_block_fetch_fault(void)
{
    /*
     * Code runs up to a refused page: the last instruction straddles it, so
     * the block ends before it and the fault is delivered at its address.
     */
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = {
        /* 0x4ff0 */ LI(1, 1), LI(2, 2), LI(3, 3), toy_i(TOY_LIW, 5, 0),
    };
    const guint32 jump[] = { /* 0x1000 */ toy_i(TOY_J, 0, (0x4ff0 - 0x1004) / 4) };
    ToyCpu *cpu = rig_cpu(rig, 0);

    cpu->fault_page = 0x5000;
    rig_load(rig, 0x4ff0, prog, G_N_ELEMENTS(prog));
    cpu = run_program(rig, 0x1000, jump, 1);
    g_assert_cmpint(cpu->last_excp, ==, TOY_EXC_FAULT);
    g_assert_cmphex(cpu->last_excp_pc, ==, 0x4ffc);
    g_assert_cmpuint(cpu->r[1], ==, 1);
    g_assert_cmpuint(cpu->r[3], ==, 3);
    g_assert_cmpuint(cpu->r[5], ==, 0);
    rig_free(rig);
}

static void test_block_two_pages(void)
{
    /* the same straddling instruction without a fault: one block over two pages */
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = {
        /* 0x4ff0 */ LI(1, 1), LI(2, 2), LI(3, 3), toy_i(TOY_LIW, 5, 0),
        /* 0x5000 */ 0xcafef00d, STOP,
    };
    ToyCpu *cpu = run_program(rig, 0x4ff0, prog, G_N_ELEMENTS(prog));

    g_assert_cmphex(cpu->r[5], ==, 0xcafef00d);
    g_assert_cmphex(cpu->last_excp_pc, ==, 0x5004);
    rig_free(rig);
}

static void check_remap(gint how)
{
    /*
     * A block jumps (chained, across pages) to a virtual page that is then
     * mapped elsewhere: after the TLB flush the same jump must reach the
     * new code.
     */
    Rig *rig = rig_new(1, NULL);
    const guint32 x_a[] = { LI(3, 1), R3(TOY_JR, 0, 8, 0) };
    const guint32 x_b[] = { LI(3, 2), R3(TOY_JR, 0, 8, 0) };
    const guint32 prog[] = {
        /* 0x1000 */ LI(8, 0x100c), LI(11, 2),
        /* 0x1008 */ toy_i(TOY_J, 0, (0x20000 - 0x100c) / 4),
        /* 0x100c */ RI(TOY_ADDI, 9, 9, 1), BR(TOY_BEQ, 9, 11, 4),
        /* 0x1014 */ RI(TOY_ADDI, 10, 3, 0), LI(5, 0xa000), toy_r(TOY_REMAP, 5, 0, 0, how),
        /* 0x1020 */ toy_i(TOY_J, 0, (0x1000 - 0x1024) / 4),
        /* 0x1024 */ STOP,
    };
    ToyCpu *cpu = rig_cpu(rig, 0);

    cpu->remap_vpage = 0x20000;
    cpu->remap_ppage = 0x9000;
    rig_load(rig, 0x9000, x_a, G_N_ELEMENTS(x_a));
    rig_load(rig, 0xa000, x_b, G_N_ELEMENTS(x_b));
    cpu = run_program(rig, 0x1000, prog, G_N_ELEMENTS(prog));
    g_assert_cmphex(cpu->last_excp_pc, ==, 0x1024);
    g_assert_cmpuint(cpu->r[9], ==, 2);
    g_assert_cmpuint(cpu->r[10], ==, 1);
    g_assert_cmpuint(cpu->r[3], ==, 2);
    rig_free(rig);
}

static void test_block_remap_page(void)
{
    check_remap(0);
}

static void test_block_remap_all(void)
{
    check_remap(1);
}

static void test_block_remap_all_cpus(void)
{
    check_remap(2);
}

static void test_block_probe(void)
{
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = {
        LI(6, 0x6000), LI(1, 0xab), RI(TOY_SB, 1, 6, 5), RI(TOY_PROBE, 2, 6, 5),
        LI(7, 0x5000), RI(TOY_PROBE, 3, 7, 0), LI(8, 16), toy_i(TOY_LUI, 8, 0),
        RI(TOY_PROBE, 4, 8, 0), STOP,
    };
    ToyCpu *cpu = rig_cpu(rig, 0);
    MmioLog log = { 0 };
    ModvmMemoryRegion *mr = modvm_memory_region_new_mmio("toy-mmio", 0x1000, &mmio_ops, &log);
    g_autoptr(GError) err = NULL;

    g_assert_true(modvm_memory_region_add_subregion(modvm_machine_sysmem(rig->machine),
                                                    0x1000000, mr, 1, &err));
    cpu->fault_page = 0x5000;
    cpu = run_program(rig, 0x1000, prog, G_N_ELEMENTS(prog));
    g_assert_cmpint(cpu->last_excp, ==, TOY_EXC_RAISE);
    g_assert_cmphex(cpu->r[2], ==, 0xab);
    /* a refused page and MMIO give no pointer, and no fault */
    g_assert_cmphex(cpu->r[3], ==, 0xdead);
    g_assert_cmphex(cpu->r[4], ==, 0xdead);
    rig_free(rig);
    modvm_memory_region_unref(mr);
}

static void test_block_cache_full(void)
{
    /* 4000 two-instruction blocks run three times through a 1 MiB cache */
    const char *props[] = { "tb-cache-size", "1M", NULL };
    Rig *rig = rig_new(1, props);
    const guint n = 4000;
    g_autofree guint32 *prog = g_new(guint32, 2 * n + 8);
    guint k = 0;
    ToyCpu *cpu;

    prog[k++] = LI(2, 3);
    for (guint i = 0; i < n; i++) {
        prog[k++] = RI(TOY_ADDI, 1, 1, 1);
        prog[k++] = toy_i(TOY_J, 0, 0);
    }
    prog[k++] = RI(TOY_ADDI, 3, 3, 1);
    prog[k++] = BR(TOY_BEQ, 3, 2, 1);
    prog[k] = toy_i(TOY_J, 0, -(gint)k);
    k++;
    prog[k++] = STOP;
    cpu = run_program(rig, 0x10000, prog, k);
    g_assert_cmpint(cpu->last_excp, ==, TOY_EXC_RAISE);
    g_assert_cmpuint(cpu->r[1], ==, 3 * n);
    g_assert_cmpuint(rig->acc->stats.tb_flushes, >=, 1);
    g_assert_cmpuint(rig->acc->cache_used, <=, 1 << 20);
    rig_free(rig);
}

static void test_block_unaligned(void)
{
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = { LI(6, 0x6001), LI(2, 5), RI(TOY_LWA, 2, 6, 0), STOP };
    ToyCpu *cpu = run_program(rig, 0x1000, prog, G_N_ELEMENTS(prog));

    g_assert_cmpint(cpu->last_excp, ==, TOY_EXC_ALIGN);
    g_assert_cmphex(cpu->last_excp_pc, ==, 0x1008);
    g_assert_cmphex(cpu->fault_addr, ==, 0x6001);
    g_assert_cmpuint(cpu->r[2], ==, 5);
    rig_free(rig);
}

static void test_block_illegal(void)
{
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = { LI(1, 1), 0xff000000, STOP };
    ToyCpu *cpu = run_program(rig, 0x1000, prog, G_N_ELEMENTS(prog));

    g_assert_cmpint(cpu->last_excp, ==, TOY_EXC_ILLEGAL);
    g_assert_cmphex(cpu->last_excp_pc, ==, 0x1004);
    rig_free(rig);
}

static void check_helpers(gboolean force_ffi)
{
    const char *props[] = { NULL };
    Rig *rig = rig_new(1, props);
    /* CALL n for each helper, the result of each saved from r0 into memory at 0x7000 */
    GArray *prog = g_array_new(FALSE, FALSE, sizeof(guint32));
    const guint64 a[6] = { 3, 1000, 0x10000, 7, 0x7ffff, 12345 };
    ToyCpu *cpu = rig_cpu(rig, 0);
    guint32 insn;

    rig->acc->force_ffi = force_ffi;
    for (guint i = 0; i < 6; i++) {
        insn = LI(1 + i, (gint)a[i]);
        g_array_append_val(prog, insn);
    }
    insn = LI(12, 0x7000);
    g_array_append_val(prog, insn);
    for (guint h = 0; h < toy_n_helpers; h++) {
        insn = toy_r(TOY_CALL, 0, 0, 0, h);
        g_array_append_val(prog, insn);
        insn = RI(TOY_SDB, 0, 12, 8 * h);
        g_array_append_val(prog, insn);
    }
    insn = STOP;
    g_array_append_val(prog, insn);
    cpu->r[7] = 0;
    cpu = run_program(rig, 0x1000, (guint32 *)prog->data, prog->len);
    g_assert_cmpint(cpu->last_excp, ==, TOY_EXC_RAISE);

#define RES(h) rig_read64be(rig, 0x7000 + 8 * (h))
    g_assert_cmpuint(RES(0), ==, 42);
    g_assert_cmpuint(RES(1), ==, -a[0]);
    g_assert_cmpuint(RES(2), ==, a[0] - a[1]);
    g_assert_cmpuint(RES(3), ==, a[0] * 3 + a[1] * 5 + a[2] * 7);
    g_assert_cmpuint(RES(4), ==, a[0] ^ (a[1] << 1) ^ (a[2] << 2) ^ (a[3] << 3));
    g_assert_cmpuint(RES(5), ==, a[0] + 2 * a[1] + 3 * a[2] + 4 * a[3] + 5 * a[4]);
    g_assert_cmpuint(RES(6), ==, a[0] * 11 + a[1] * 13 + a[2] * 17 + a[3] * 19 + a[4] * 23 +
                                 a[5] * 29);
    /* cpu_sum(cpu, r2): r2 + r2 */
    g_assert_cmpuint(RES(7), ==, a[1] + a[1]);
    /* void_set(cpu, r2, r3) leaves r0 alone (the previous result) and sets r9 */
    g_assert_cmpuint(RES(8), ==, RES(7));
    g_assert_cmpuint(cpu->r[9], ==, a[1] * a[2]);
    /* ptr_mid(r1, cpu, r3): r1 + r3 + cpu->r[3] */
    g_assert_cmpuint(RES(9), ==, a[0] + a[2] + a[2]);
    /* six_ptr(cpu, r2..r6): r7 (0x7000 base? no: r7 is untouched, 0) */
    g_assert_cmpuint(RES(10), ==, cpu->r[7] + a[1] + 2 * a[2] + 3 * a[3] + 4 * a[4] + 5 * a[5]);
#undef RES
    g_array_unref(prog);
    rig_free(rig);
}

static void test_block_helpers(void)
{
    check_helpers(FALSE);
}

static void test_block_helpers_ffi(void)
{
    check_helpers(TRUE);
}

typedef struct {
    ToyCpu *cpu;
} KickData;

static gpointer kick_thread(gpointer data)
{
    KickData *kd = data;

    g_atomic_int_or(&kd->cpu->tcg.interrupt_request, 1);
    modvm_cpu_kick(MODVM_CPU(kd->cpu));
    return NULL;
}

static void test_block_halt_kick(void)
{
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = {
        /* 0x1000 */ LI(10, 1), toy_r(TOY_HALT, 0, 0, 0, 0),
        /* 0x1008 */ LI(10, 77), STOP,
    };
    const guint32 handler[] = { /* 0x1800 */ LI(11, 88), R3(TOY_JR, 0, 14, 0) };
    ToyCpu *cpu = rig_cpu(rig, 0);
    KickData kd = { cpu };
    GThread *t;

    cpu->irq_vector = 0x1800;
    rig_load(rig, 0x1800, handler, G_N_ELEMENTS(handler));
    rig_load(rig, 0x1000, prog, G_N_ELEMENTS(prog));
    cpu->pc = 0x1000;
    rig_start(rig);
    for (guint i = 0; i < 20000 && !(cpu->tcg.halted && cpu->pc == 0x1008); i++) {
        g_usleep(1000);
    }
    g_usleep(10000);
    g_assert_false(g_atomic_int_get(&cpu->stopped));
    t = g_thread_new("kick", kick_thread, &kd);
    g_thread_join(t);
    g_assert_true(wait_stopped(cpu, 20000));
    rig->ac->pause(MODVM_ACCEL(rig->acc));
    g_assert_cmpuint(cpu->n_irqs, ==, 1);
    g_assert_cmpuint(cpu->r[11], ==, 88);
    g_assert_cmpuint(cpu->r[10], ==, 77);
    g_assert_cmphex(cpu->r[14], ==, 0x1008);
    rig_free(rig);
}

static void test_block_interrupt_busy(void)
{
    /* an interrupt reaches a CPU spinning in a chained loop */
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = { /* 0x1000 */ RI(TOY_ADDI, 1, 1, 1), toy_i(TOY_J, 0, -2) };
    const guint32 handler[] = { /* 0x1800 */ LI(11, 88), STOP };
    ToyCpu *cpu = rig_cpu(rig, 0);
    KickData kd = { cpu };
    GThread *t;

    cpu->irq_vector = 0x1800;
    rig_load(rig, 0x1800, handler, G_N_ELEMENTS(handler));
    rig_load(rig, 0x1000, prog, G_N_ELEMENTS(prog));
    cpu->pc = 0x1000;
    rig_start(rig);
    g_usleep(20000);
    t = g_thread_new("kick", kick_thread, &kd);
    g_thread_join(t);
    g_assert_true(wait_stopped(cpu, 20000));
    rig->ac->pause(MODVM_ACCEL(rig->acc));
    g_assert_cmpuint(cpu->n_irqs, ==, 1);
    g_assert_cmpuint(cpu->r[11], ==, 88);
    g_assert_cmpuint(cpu->r[1], >, 1000);
    rig_free(rig);
}

static void test_block_two_cpus(void)
{
    Rig *rig = rig_new(2, NULL);
    /* each CPU counts in its own word forever */
    const guint32 prog[] = {
        RI(TOY_LWB, 1, 6, 0), RI(TOY_ADDI, 1, 1, 1), RI(TOY_SWB, 1, 6, 0),
        toy_i(TOY_J, 0, -4),
    };
    guint32 c0, c1, p0, p1;

    rig_load(rig, 0x1000, prog, G_N_ELEMENTS(prog));
    for (guint i = 0; i < 2; i++) {
        rig_cpu(rig, i)->pc = 0x1000;
        rig_cpu(rig, i)->r[6] = 0x8000 + 0x100 * i;
    }
    rig_start(rig);
    for (guint i = 0; i < 20000; i++) {
        if (rig_read32be(rig, 0x8000) > 10000 && rig_read32be(rig, 0x8100) > 10000) {
            break;
        }
        g_usleep(1000);
    }
    /* pause from this thread: nothing moves until start */
    rig->ac->pause(MODVM_ACCEL(rig->acc));
    c0 = rig_read32be(rig, 0x8000);
    c1 = rig_read32be(rig, 0x8100);
    g_assert_cmpuint(c0, >, 10000);
    g_assert_cmpuint(c1, >, 10000);
    g_usleep(30000);
    g_assert_cmpuint(rig_read32be(rig, 0x8000), ==, c0);
    g_assert_cmpuint(rig_read32be(rig, 0x8100), ==, c1);
    rig_start(rig);
    for (guint i = 0; i < 20000; i++) {
        p0 = rig_read32be(rig, 0x8000);
        p1 = rig_read32be(rig, 0x8100);
        if (p0 > c0 + 1000 && p1 > c1 + 1000) {
            break;
        }
        g_usleep(1000);
    }
    g_assert_cmpuint(p0, >, c0 + 1000);
    g_assert_cmpuint(p1, >, c1 + 1000);
    /* stop from this thread while both run */
    rig->ac->stop(MODVM_ACCEL(rig->acc));
    c0 = rig_read32be(rig, 0x8000);
    g_usleep(20000);
    g_assert_cmpuint(rig_read32be(rig, 0x8000), ==, c0);
    rig_free(rig);
}

static void test_block_one_insn(void)
{
    const char *props[] = { "one-insn-per-tb", "on", NULL };
    Rig *rig = rig_new(1, props);
    const guint32 prog[] = { LI(1, 1), LI(2, 2), R3(TOY_ADD, 3, 1, 2), STOP };
    ToyCpu *cpu = run_program(rig, 0x1000, prog, G_N_ELEMENTS(prog));

    g_assert_cmpuint(cpu->r[3], ==, 3);
    g_assert_cmpuint(cpu->n_translations, ==, 4);
    rig_free(rig);
}

static void test_block_no_optimize(void)
{
    const char *props[] = { "optimize", "off", NULL };
    Rig *rig = rig_new(1, props);
    const guint32 prog[] = {
        LI(1, 0), LI(2, 1000), RI(TOY_ADDI, 1, 1, 1), BR(TOY_BNE, 1, 2, -2), STOP,
    };
    ToyCpu *cpu = run_program(rig, 0x1000, prog, G_N_ELEMENTS(prog));

    g_assert_cmpuint(cpu->r[1], ==, 1000);
    rig_free(rig);
}

static void test_block_log(void)
{
    g_autofree char *path = NULL;
    g_autofree char *text = NULL;
    g_autoptr(GError) err = NULL;
    int fd = g_file_open_tmp("accel-tcg-log-XXXXXX", &path, &err);
    Rig *rig;
    const guint32 prog[] = {
        LI(1, 1), RI(TOY_ADDI, 2, 1, 5), LI(6, 0x6000), RI(TOY_LWB, 3, 6, 0),
        R3(TOY_ADD, 3, 3, 2), RI(TOY_SWB, 3, 6, 4), STOP,
    };

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_true(modvm_log_set_file(path, &err));
    modvm_log_set_mask(MODVM_LOG_IN_ASM | MODVM_LOG_OP | MODVM_LOG_EXEC | MODVM_LOG_INT |
                       MODVM_LOG_CPU);
    rig = rig_new(1, NULL);
    run_program(rig, 0x1000, prog, G_N_ELEMENTS(prog));
    rig_free(rig);
    modvm_log_set_mask(0);
    g_assert_true(g_file_get_contents(path, &text, NULL, &err));
    g_assert_true(modvm_log_set_file("/dev/null", &err));
    if (g_getenv("ACCEL_TCG_SHOW_LOG")) {
        g_test_message("%s", text);
    }
    g_assert_nonnull(strstr(text, "IN:"));
    g_assert_nonnull(strstr(text, "OP:"));
    g_assert_nonnull(strstr(text, "OP after optimization:"));
    g_assert_nonnull(strstr(text, "Trace 0: pc=0x0000000000001000"));
    g_assert_nonnull(strstr(text, "exception 256"));
    g_assert_nonnull(strstr(text, "pc=0000000000001000"));
    g_unlink(path);
}

static void test_bench_loop(void)
{
    /* a tight counted loop: roughly what the interpreter costs per guest instruction */
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = {
        LI(1, 0), LI(2, 0x4c), toy_i(TOY_LUI, 2, 0x4b400),    /* r2 = 80000000 */
        LI(3, 0),
        RI(TOY_ADDI, 1, 1, 1), R3(TOY_ADD, 3, 3, 1), BR(TOY_BNE, 1, 2, -3),
        STOP,
    };
    gint64 t0 = g_get_monotonic_time();
    ToyCpu *cpu = run_program(rig, 0x1000, prog, G_N_ELEMENTS(prog));
    double secs = (g_get_monotonic_time() - t0) / 1e6;

    g_assert_cmpuint(cpu->r[1], ==, 80000000);
    g_test_message("toy loop: %.1f M iterations/s (%.1f M guest instructions/s)",
                   80.0 / secs, 240.0 / secs);
    rig_free(rig);
}

static void test_bench_memory(void)
{
    /* load, add, store over a 8 KiB array, 20000 times: the guest memory fast path */
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = {
        /* 0x1000 */ LI(6, 0x10000), LI(4, 8192), LI(3, 0), LI(9, 0), LI(10, 20000),
        /* 0x1014 */ LI(2, 0),
        /* 0x1018 */ R3(TOY_ADD, 7, 6, 2), RI(TOY_LDB, 8, 7, 0), R3(TOY_ADD, 3, 3, 8),
        /* 0x1024 */ RI(TOY_SDL, 3, 7, 0x7f0), RI(TOY_ADDI, 2, 2, 8), BR(TOY_BNE, 2, 4, -6),
        /* 0x1030 */ RI(TOY_ADDI, 9, 9, 1), BR(TOY_BNE, 9, 10, -9),
        STOP,
    };
    gint64 t0 = g_get_monotonic_time();
    ToyCpu *cpu = run_program(rig, 0x1000, prog, G_N_ELEMENTS(prog));
    double secs = (g_get_monotonic_time() - t0) / 1e6;

    g_assert_cmpuint(cpu->r[9], ==, 20000);
    g_test_message("toy memory loop: %.1f M iterations/s (%.1f M guest instructions/s, "
                   "%.1f M guest memory accesses/s)", 1024 * 20000 / secs / 1e6,
                   6 * 1024 * 20000 / secs / 1e6, 2 * 1024 * 20000 / secs / 1e6);
    rig_free(rig);
}

static void test_bench_call(void)
{
    /* a call and a return per iteration: LOOKUP_AND_GOTO through the jump cache */
    Rig *rig = rig_new(1, NULL);
    const guint32 prog[] = {
        /* 0x3000 */ LI(1, 0), LI(2, 0x4c), toy_i(TOY_LUI, 2, 0x4b400), LI(7, 0x3100),
        /* 0x3010 */ LI(8, 0x3018), R3(TOY_JR, 0, 7, 0),
        /* 0x3018 */ BR(TOY_BNE, 1, 2, -3),
        /* 0x301c */ STOP,
    };
    const guint32 func[] = { RI(TOY_ADDI, 1, 1, 1), R3(TOY_JR, 0, 8, 0) };
    gint64 t0;
    double secs;
    ToyCpu *cpu;

    rig_load(rig, 0x3100, func, G_N_ELEMENTS(func));
    t0 = g_get_monotonic_time();
    cpu = run_program(rig, 0x3000, prog, G_N_ELEMENTS(prog));
    secs = (g_get_monotonic_time() - t0) / 1e6;
    g_assert_cmpuint(cpu->r[1], ==, 80000000);
    g_test_message("toy call loop: %.1f M calls/s", 80.0 / secs);
    rig_free(rig);
}

int main(int argc, char **argv)
{
    g_autoptr(GError) err = NULL;

    g_test_init(&argc, &argv, NULL);
    if (!modvm_plugin_register_linked(&modvm_plugin_descriptor, &err)) {
        g_error("%s", err->message);
    }
    g_type_ensure(toy_cpu_get_type());
    g_type_ensure(toy_machine_get_type());

    for (guint i = 0; i < G_N_ELEMENTS(op_cases); i++) {
        g_autofree char *path = g_strdup_printf("/accel-tcg/ir/%s", op_cases[i].name);
        g_test_add_data_func(path, &op_cases[i], test_ir_op);
    }
    g_test_add_func("/accel-tcg/ir/env-load-store", test_ir_env);
    g_test_add_func("/accel-tcg/optimize/fold", test_opt_fold);
    g_test_add_func("/accel-tcg/optimize/copy-and-dead", test_opt_copy_dead);
    g_test_add_func("/accel-tcg/optimize/labels", test_opt_labels);
    g_test_add_func("/accel-tcg/optimize/setcond-branch", test_opt_setcond_branch);
    g_test_add_func("/accel-tcg/interp/compare-field", test_interp_compare_field);
    g_test_add_func("/accel-tcg/interp/bit-branch", test_interp_bit_branch);
    g_test_add_func("/accel-tcg/block/arith", test_block_arith);
    g_test_add_func("/accel-tcg/block/chaining", test_block_chaining);
    g_test_add_func("/accel-tcg/block/indirect", test_block_indirect);
    g_test_add_func("/accel-tcg/block/smc-same-block", test_block_smc_same_block);
    g_test_add_func("/accel-tcg/block/smc-other-block", test_block_smc_other_block);
    g_test_add_func("/accel-tcg/block/code-written-by-dma", test_block_code_dma);
    g_test_add_func("/accel-tcg/block/mmio", test_block_mmio);
    g_test_add_func("/accel-tcg/block/ram-access", test_block_ram_access);
    g_test_add_func("/accel-tcg/block/tlb-fault", test_block_tlb_fault);
    g_test_add_func("/accel-tcg/block/store-fault", test_block_store_fault);
    g_test_add_func("/accel-tcg/block/fetch-fault", test_block_fetch_fault);
    g_test_add_func("/accel-tcg/block/two-pages", test_block_two_pages);
    g_test_add_func("/accel-tcg/block/remap-flush-page", test_block_remap_page);
    g_test_add_func("/accel-tcg/block/remap-flush", test_block_remap_all);
    g_test_add_func("/accel-tcg/block/remap-flush-all-cpus", test_block_remap_all_cpus);
    g_test_add_func("/accel-tcg/block/probe", test_block_probe);
    g_test_add_func("/accel-tcg/block/cache-full", test_block_cache_full);
    g_test_add_func("/accel-tcg/block/interrupt-busy", test_block_interrupt_busy);
    g_test_add_func("/accel-tcg/block/unaligned", test_block_unaligned);
    g_test_add_func("/accel-tcg/block/illegal", test_block_illegal);
    g_test_add_func("/accel-tcg/block/helpers", test_block_helpers);
    g_test_add_func("/accel-tcg/block/helpers-ffi", test_block_helpers_ffi);
    g_test_add_func("/accel-tcg/block/halt-kick", test_block_halt_kick);
    g_test_add_func("/accel-tcg/block/two-cpus-pause-stop", test_block_two_cpus);
    g_test_add_func("/accel-tcg/block/one-insn-per-tb", test_block_one_insn);
    g_test_add_func("/accel-tcg/block/no-optimize", test_block_no_optimize);
    g_test_add_func("/accel-tcg/block/log", test_block_log);
    g_test_add_func("/accel-tcg/bench/loop", test_bench_loop);
    g_test_add_func("/accel-tcg/bench/memory", test_bench_memory);
    g_test_add_func("/accel-tcg/bench/call", test_bench_call);
    return g_test_run();
}
