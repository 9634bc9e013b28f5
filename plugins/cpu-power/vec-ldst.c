/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Vector and VSX loads and stores (Power ISA Book I 6.7, 7.6) and their little-endian orders. */
#include "vec.h"

/* What helper_vldst does; lvx, lxvd2x and the other quadword forms are IR (gen_quad_ir). */
typedef enum {
    VM_LVEBX, VM_LVEHX, VM_LVEWX, VM_STVEBX, VM_STVEHX, VM_STVEWX,
    VM_LVSL, VM_LVSR,
    VM_LXVH8X, VM_LXVB16X, VM_LXVDSX, VM_LXVWSX, VM_STXVH8X, VM_STXVB16X,
    VM_LXVL, VM_LXVLL, VM_STXVL, VM_STXVLL,
    VM_LXSD, VM_LXSIWAX, VM_LXSIWZX, VM_LXSIBZX, VM_LXSIHZX, VM_LXSSP,
    VM_STXSD, VM_STXSIW, VM_STXSIB, VM_STXSIH, VM_STXSSP,
} VecMemOp;

static guint64 bytes_to_int(const guint8 *m, unsigned n, gboolean le)
{
    guint64 v = 0;

    for (unsigned i = 0; i < n; i++) {
        v = (v << 8) | m[le ? n - 1 - i : i];
    }
    return v;
}

static void int_to_bytes(guint8 *m, unsigned n, guint64 v, gboolean le)
{
    for (unsigned i = 0; i < n; i++) {
        m[le ? i : n - 1 - i] = (guint8)v;
        v >>= 8;
    }
}

/*
 * Register byte @i of an element-wise access of @size-byte elements (16:
 * the whole quadword) comes from memory byte vec_mem_index(i): in
 * little-endian mode each element is byte-reversed, element order is kept.
 */
static unsigned vec_mem_index(unsigned i, unsigned size, gboolean le)
{
    unsigned base = i / size * size;
    return le ? base + size - 1 - (i - base) : i;
}

static void helper_vldst(PowerCpu *cpu, guint64 ea, guint64 reg_op, guint64 rb)
{
    PowerVsr *v = vec_vsr(cpu, reg_op & 63);
    VecMemOp op = (VecMemOp)(reg_op >> 8);
    gboolean le = vec_le(cpu);
    guint8 m[16];
    PowerVsr r = *v;
    unsigned size = 16, nb;

    switch (op) {
    case VM_LXVH8X:
    case VM_LXVB16X:
        size = op == VM_LXVH8X ? 2 : 1;
        vec_mem_read(cpu, ea, m, 16);
        for (unsigned i = 0; i < 16; i++) {
            vec_set(&r, 1, i, m[vec_mem_index(i, size, le)]);
        }
        break;
    case VM_STXVH8X:
    case VM_STXVB16X:
        size = op == VM_STXVH8X ? 2 : 1;
        for (unsigned i = 0; i < 16; i++) {
            m[vec_mem_index(i, size, le)] = vec_byte(v, i);
        }
        vec_mem_write(cpu, ea, m, 16);
        return;
    case VM_LVEBX:
    case VM_LVEHX:
    case VM_LVEWX:
    case VM_STVEBX:
    case VM_STVEHX:
    case VM_STVEWX: {
        /* The element sits where it would in the whole quadword (lvx) access. */
        unsigned k = op >= VM_STVEBX ? op - VM_STVEBX : op - VM_LVEBX;
        size = 1u << k;
        ea &= ~(guint64)(size - 1);
        if (op >= VM_STVEBX) {
            for (unsigned j = 0; j < size; j++) {
                unsigned o = (ea & 15) + j;
                m[j] = vec_byte(v, le ? 15 - o : o);
            }
            vec_mem_write(cpu, ea, m, size);
            return;
        }
        vec_mem_read(cpu, ea, m, size);
        for (unsigned j = 0; j < size; j++) {
            unsigned o = (ea & 15) + j;
            vec_set(&r, 1, le ? 15 - o : o, m[j]);
        }
        break;
    }
    case VM_LVSL:
    case VM_LVSR:
        for (unsigned i = 0; i < 16; i++) {
            vec_set(&r, 1, i, (op == VM_LVSL ? (ea & 15) : 16 - (ea & 15)) + i);
        }
        break;
    case VM_LXVDSX:
        vec_mem_read(cpu, ea, m, 8);
        r.dw[0] = r.dw[1] = bytes_to_int(m, 8, le);
        break;
    case VM_LXVWSX:
        vec_mem_read(cpu, ea, m, 4);
        for (unsigned i = 0; i < 4; i++) {
            vec_set(&r, 4, i, bytes_to_int(m, 4, le));
        }
        break;
    case VM_LXVL:
    case VM_LXVLL:
        nb = MIN(rb >> 56, 16);
        memset(m, 0, sizeof(m));
        vec_mem_read(cpu, ea, m, nb);
        for (unsigned i = 0; i < 16; i++) {
            vec_set(&r, 1, (op == VM_LXVL && le) ? 15 - i : i, i < nb ? m[i] : 0);
        }
        break;
    case VM_STXVL:
    case VM_STXVLL:
        nb = MIN(rb >> 56, 16);
        for (unsigned i = 0; i < nb; i++) {
            m[i] = vec_byte(v, (op == VM_STXVL && le) ? 15 - i : i);
        }
        vec_mem_write(cpu, ea, m, nb);
        return;
    case VM_LXSD:
        vec_mem_read(cpu, ea, m, 8);
        r.dw[0] = bytes_to_int(m, 8, le);
        break;
    case VM_LXSIWAX:
    case VM_LXSIWZX:
        vec_mem_read(cpu, ea, m, 4);
        r.dw[0] = bytes_to_int(m, 4, le);
        if (op == VM_LXSIWAX) {
            r.dw[0] = (guint64)vec_sext(r.dw[0], 4);
        }
        break;
    case VM_LXSIBZX:
    case VM_LXSIHZX:
        size = op == VM_LXSIBZX ? 1 : 2;
        vec_mem_read(cpu, ea, m, size);
        r.dw[0] = bytes_to_int(m, size, le);
        break;
    case VM_LXSSP:
        vec_mem_read(cpu, ea, m, 4);
        r.dw[0] = sp_to_dp((guint32)bytes_to_int(m, 4, le));
        break;
    case VM_STXSD:
    case VM_STXSIW:
    case VM_STXSIB:
    case VM_STXSIH:
    case VM_STXSSP: {
        guint64 x = v->dw[0];
        size = op == VM_STXSD ? 8 : op == VM_STXSIB ? 1 : op == VM_STXSIH ? 2 : 4;
        if (op == VM_STXSSP) {
            x = dp_to_sp(x);
        }
        int_to_bytes(m, size, x, le);
        vec_mem_write(cpu, ea, m, size);
        return;
    }
    }
    *v = r;
}

static const ModvmTcgHelper h_vldst = { "vldst", (gpointer)helper_vldst, 4, FALSE, 1, FALSE };

static gboolean gen_vldst(PowerDisas *d, ModvmTcgTemp ea, unsigned reg, VecMemOp op,
                          ModvmTcgTemp rb)
{
    power_call(d, &h_vldst, ea, power_const(d, reg | (op << 8)), rb ? rb : power_const(d, 0));
    return TRUE;
}

/*
 * The quadword forms memcpy and the kernel's copy loops live on, in IR:
 * two doubleword accesses. @order: 16 for the whole quadword (lvx, lxvx:
 * byte-reversed in little-endian mode), 8 for doublewords in order
 * (lxvd2x), 4 for words in order (lxvw4x: a little-endian doubleword
 * holds its two words swapped). @mask16: lvx/stvx ignore EA bits 60:63.
 */
static gboolean gen_quad_ir(PowerDisas *d, ModvmTcgTemp ea, unsigned reg, unsigned order,
                            gboolean store, gboolean mask16)
{
    unsigned mo = power_memop(d, MODVM_MO_64, FALSE, FALSE);
    ModvmTcgTemp addr[2], v[2];

    if (mask16) {
        power_opi(d, MODVM_OP_AND, ea, ea, ~15ull);
    }
    addr[0] = ea;
    addr[1] = power_temp(d);
    power_opi(d, MODVM_OP_ADD, addr[1], ea, 8);
    power_gen_narrow_ea(d, addr[1]);
    for (int i = 0; i < 2; i++) {
        /* which memory doubleword register doubleword i is */
        int m = (order == 16 && d->le) ? 1 - i : i;
        if (store) {
            v[i] = power_load_field(d, VSR_OFF(reg, i));
            if (order == 4 && d->le) {
                power_opi(d, MODVM_OP_ROTL, v[i], v[i], 32);
            }
            modvm_tcg_qemu_st(d->ctx, v[i], addr[m], mo, d->mem_idx);
        } else {
            v[i] = power_temp(d);
            modvm_tcg_qemu_ld(d->ctx, v[i], addr[m], mo, d->mem_idx);
            if (order == 4 && d->le) {
                power_opi(d, MODVM_OP_ROTL, v[i], v[i], 32);
            }
        }
    }
    if (!store) {
        power_store_field(d, VSR_OFF(reg, 0), v[0]);
        power_store_field(d, VSR_OFF(reg, 1), v[1]);
    }
    return TRUE;
}

static gboolean gen_quad_x(PowerDisas *d, unsigned reg, unsigned order, gboolean store,
                           gboolean mask16)
{
    return gen_quad_ir(d, power_gen_ea(d, power_load_gpr(d, F_RB(d->insn))), reg, order, store,
                       mask16);
}

/* X-form: EA = (RA|0) + (RB). */
static gboolean gen_x(PowerDisas *d, unsigned reg, VecMemOp op)
{
    return gen_vldst(d, power_gen_ea(d, power_load_gpr(d, F_RB(d->insn))), reg, op, 0);
}

static gboolean gen_vx(PowerDisas *d, VecMemOp op) { return gen_x(d, 32 + F_RT(d->insn), op); }
static gboolean gen_xx(PowerDisas *d, VecMemOp op) { return gen_x(d, F_XT(d->insn), op); }

TRANS(lvx) { return gen_quad_x(d, 32 + F_RT(d->insn), 16, FALSE, TRUE); }
TRANS(lvebx) { return gen_vx(d, VM_LVEBX); }
TRANS(lvehx) { return gen_vx(d, VM_LVEHX); }
TRANS(lvewx) { return gen_vx(d, VM_LVEWX); }
TRANS(stvx) { return gen_quad_x(d, 32 + F_RT(d->insn), 16, TRUE, TRUE); }
TRANS(stvebx) { return gen_vx(d, VM_STVEBX); }
TRANS(stvehx) { return gen_vx(d, VM_STVEHX); }
TRANS(stvewx) { return gen_vx(d, VM_STVEWX); }
TRANS(vdata_stream) { return TRUE; }
TRANS(lvsl) { return gen_vx(d, VM_LVSL); }
TRANS(lvsr) { return gen_vx(d, VM_LVSR); }

TRANS(lxvx) { return gen_quad_x(d, F_XT(d->insn), 16, FALSE, FALSE); }
TRANS(lxvd2x) { return gen_quad_x(d, F_XT(d->insn), 8, FALSE, FALSE); }
TRANS(lxvw4x) { return gen_quad_x(d, F_XT(d->insn), 4, FALSE, FALSE); }
TRANS(lxvh8x) { return gen_xx(d, VM_LXVH8X); }
TRANS(lxvb16x) { return gen_xx(d, VM_LXVB16X); }
TRANS(lxvdsx) { return gen_xx(d, VM_LXVDSX); }
TRANS(lxvwsx) { return gen_xx(d, VM_LXVWSX); }
TRANS(stxvx) { return gen_quad_x(d, F_XT(d->insn), 16, TRUE, FALSE); }
TRANS(stxvd2x) { return gen_quad_x(d, F_XT(d->insn), 8, TRUE, FALSE); }
TRANS(stxvw4x) { return gen_quad_x(d, F_XT(d->insn), 4, TRUE, FALSE); }
TRANS(stxvh8x) { return gen_xx(d, VM_STXVH8X); }
TRANS(stxvb16x) { return gen_xx(d, VM_STXVB16X); }
TRANS(lxsdx) { return gen_xx(d, VM_LXSD); }
TRANS(lxsiwax) { return gen_xx(d, VM_LXSIWAX); }
TRANS(lxsiwzx) { return gen_xx(d, VM_LXSIWZX); }
TRANS(lxsibzx) { return gen_xx(d, VM_LXSIBZX); }
TRANS(lxsihzx) { return gen_xx(d, VM_LXSIHZX); }
TRANS(lxsspx) { return gen_xx(d, VM_LXSSP); }
TRANS(stxsdx) { return gen_xx(d, VM_STXSD); }
TRANS(stxsiwx) { return gen_xx(d, VM_STXSIW); }
TRANS(stxsibx) { return gen_xx(d, VM_STXSIB); }
TRANS(stxsihx) { return gen_xx(d, VM_STXSIH); }
TRANS(stxsspx) { return gen_xx(d, VM_STXSSP); }

/* Load/store with length: EA = (RA|0), the byte count in RB bits 0:7. */
static gboolean gen_xvl(PowerDisas *d, VecMemOp op)
{
    return gen_vldst(d, power_gen_ea(d, power_const(d, 0)), F_XT(d->insn), op,
                     power_load_gpr(d, F_RB(d->insn)));
}

TRANS(lxvl) { return gen_xvl(d, VM_LXVL); }
TRANS(lxvll) { return gen_xvl(d, VM_LXVLL); }
TRANS(stxvl) { return gen_xvl(d, VM_STXVL); }
TRANS(stxvll) { return gen_xvl(d, VM_STXVLL); }

/* DS-form (ISA 3.0) scalar forms on VR VRT: EA = (RA|0) + EXTS(DS || 0b00). */
static gboolean gen_ds(PowerDisas *d, VecMemOp op)
{
    ModvmTcgTemp ea = power_gen_ea_disp(d, (gint64)(gint16)(d->insn & 0xfffc));
    return gen_vldst(d, ea, 32 + F_RT(d->insn), op, 0);
}

TRANS(lxsd) { return gen_ds(d, VM_LXSD); }
TRANS(lxssp) { return gen_ds(d, VM_LXSSP); }
TRANS(stxsd) { return gen_ds(d, VM_STXSD); }
TRANS(stxssp) { return gen_ds(d, VM_STXSSP); }

/* DQ-form (ISA 3.0): EA = (RA|0) + EXTS(DQ || 0b0000), TX in bit 28. */
static gboolean gen_dq(PowerDisas *d, gboolean store)
{
    ModvmTcgTemp ea = power_gen_ea_disp(d, (gint64)(gint16)(d->insn & 0xfff0));
    return gen_quad_ir(d, ea, (((d->insn >> 3) & 1) << 5) | F_RT(d->insn), 16, store, FALSE);
}

TRANS(lxv) { return gen_dq(d, FALSE); }
TRANS(stxv) { return gen_dq(d, TRUE); }

/* plxv, pstxv (ISA 3.1): TX is the low bit of the suffix's primary opcode. */
static gboolean gen_pxv(PowerDisas *d, gboolean store)
{
    return gen_quad_ir(d, power_gen_ea_disp(d, 0), (((d->insn >> 26) & 1) << 5) | F_RT(d->insn),
                       16, store, FALSE);
}

TRANS(plxv) { return gen_pxv(d, FALSE); }
TRANS(pstxv) { return gen_pxv(d, TRUE); }

/*
 * The paired forms (ISA 3.1 Book I 7.6: lxvp, lxvpx, plxvp and the
 * stores): 32 bytes to VSRs XTp and XTp+1 (XTp = 32 * TX + 2 * Tp). In
 * big-endian mode XTp takes the first 16 bytes; in little-endian mode the
 * whole 32 bytes are reversed, so XTp+1 takes the first 16, each quadword
 * byte-reversed as lxv does.
 */
static gboolean gen_pair(PowerDisas *d, ModvmTcgTemp ea, gboolean store)
{
    unsigned xtp = (((d->insn >> 21) & 1) << 5) | (((d->insn >> 22) & 15) << 1);
    ModvmTcgTemp ea2 = power_temp(d);

    power_opi(d, MODVM_OP_ADD, ea2, ea, 16);
    power_gen_narrow_ea(d, ea2);
    gen_quad_ir(d, ea, d->le ? xtp + 1 : xtp, 16, store, FALSE);
    return gen_quad_ir(d, ea2, d->le ? xtp : xtp + 1, 16, store, FALSE);
}

TRANS(lxvp) { return gen_pair(d, power_gen_ea_disp(d, (gint64)(gint16)(d->insn & 0xfff0)), FALSE); }
TRANS(stxvp) { return gen_pair(d, power_gen_ea_disp(d, (gint64)(gint16)(d->insn & 0xfff0)), TRUE); }
TRANS(plxvp) { return gen_pair(d, power_gen_ea_disp(d, 0), FALSE); }
TRANS(pstxvp) { return gen_pair(d, power_gen_ea_disp(d, 0), TRUE); }
TRANS(lxvpx) { return gen_pair(d, power_gen_ea(d, power_load_gpr(d, F_RB(d->insn))), FALSE); }
TRANS(stxvpx) { return gen_pair(d, power_gen_ea(d, power_load_gpr(d, F_RB(d->insn))), TRUE); }
