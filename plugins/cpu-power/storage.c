/* SPDX-License-Identifier: GPL-2.0-or-later */
/* String and quadword loads/stores, load-and-reserve/store-conditional, cache and sync (Book I 3.3, Book II). */
#include "internal.h"


static unsigned data_mmu_idx(PowerCpu *cpu)
{
    return power_mmu_idx(cpu->regs.msr, TRUE);
}

static guint64 ea_add(PowerCpu *cpu, guint64 ea, guint64 n)
{
    ea += n;
    return (cpu->regs.msr & MSR_BIT(MSR_SF)) ? ea : (guint32)ea;
}

static guint64 mem_load(PowerCpu *cpu, guint64 ea, unsigned memop)
{
    return cpu->tcg.rt->load(&cpu->tcg, ea, memop, data_mmu_idx(cpu));
}

static void mem_store(PowerCpu *cpu, guint64 ea, guint64 v, unsigned memop)
{
    cpu->tcg.rt->store(&cpu->tcg, ea, v, memop, data_mmu_idx(cpu));
}

/* An alignment interrupt for @ea from a helper (Book III "Alignment Interrupt"). */
static void G_GNUC_NORETURN raise_align(PowerCpu *cpu, guint64 ea, guint32 insn_fields)
{
    cpu->regs.spr[SPR_DAR] = ea;
    power_raise(cpu, POWER_EXCP_ALIGN, insn_fields);
}

/*
 * Move assist (Book I 3.3.8): bytes into the low words of consecutive
 * registers, wrapping from r31 to r0, the last one filled from the left.
 * modvm refuses little-endian mode at translation time, as QEMU does.
 */
static gboolean lsw_reg_in_range(unsigned start, unsigned nregs, unsigned rx)
{
    return (start + nregs <= 32 && rx >= start && rx < start + nregs) ||
           (start + nregs > 32 && (rx >= start || rx < start + nregs - 32));
}

static void power_lsw(PowerCpu *cpu, guint64 ea, unsigned nb, unsigned reg)
{
    for (; nb > 3; nb -= 4) {
        cpu->regs.gpr[reg] = mem_load(cpu, ea, MODVM_MO_32 | MODVM_MO_BE);
        reg = (reg + 1) % 32;
        ea = ea_add(cpu, ea, 4);
    }
    if (nb > 0) {
        guint64 v = 0;
        for (int sh = 24; nb > 0; nb--, sh -= 8) {
            v |= mem_load(cpu, ea, MODVM_MO_8) << sh;
            ea = ea_add(cpu, ea, 1);
        }
        cpu->regs.gpr[reg] = v;
    }
}

static void power_stsw(PowerCpu *cpu, guint64 ea, unsigned nb, unsigned reg)
{
    for (; nb > 3; nb -= 4) {
        mem_store(cpu, ea, (guint32)cpu->regs.gpr[reg], MODVM_MO_32 | MODVM_MO_BE);
        reg = (reg + 1) % 32;
        ea = ea_add(cpu, ea, 4);
    }
    for (int sh = 24; nb > 0; nb--, sh -= 8) {
        mem_store(cpu, ea, (cpu->regs.gpr[reg] >> sh) & 0xff, MODVM_MO_8);
        ea = ea_add(cpu, ea, 1);
    }
}

static void helper_lswi(PowerCpu *cpu, guint64 ea, guint64 nb, guint64 rt)
{
    power_lsw(cpu, ea, nb, rt);
}

/* lswx: an RA (if not 0) or RB among the registers loaded is an invalid form: illegal, as QEMU. */
static void helper_lswx(PowerCpu *cpu, guint64 ea, guint64 rt, guint64 ra_rb)
{
    unsigned nb = cpu->regs.xer_rest & 0x7f, ra = ra_rb & 31, rb = ra_rb >> 5;

    if (nb == 0) {
        return;
    }
    if ((ra != 0 && lsw_reg_in_range(rt, (nb + 3) / 4, ra)) ||
        lsw_reg_in_range(rt, (nb + 3) / 4, rb)) {
        power_raise(cpu, POWER_EXCP_PROGRAM, SRR1_PROGILL);
    }
    power_lsw(cpu, ea, nb, rt);
}

static void helper_stswi(PowerCpu *cpu, guint64 ea, guint64 nb, guint64 rs)
{
    power_stsw(cpu, ea, nb, rs);
}

static void helper_stswx(PowerCpu *cpu, guint64 ea, guint64 rs)
{
    power_stsw(cpu, ea, cpu->regs.xer_rest & 0x7f, rs);
}

static const ModvmTcgHelper h_lswi = { "lswi", (gpointer)helper_lswi, 4, FALSE, 1, FALSE };
static const ModvmTcgHelper h_lswx = { "lswx", (gpointer)helper_lswx, 4, FALSE, 1, FALSE };
static const ModvmTcgHelper h_stswi = { "stswi", (gpointer)helper_stswi, 4, FALSE, 1, FALSE };
static const ModvmTcgHelper h_stswx = { "stswx", (gpointer)helper_stswx, 3, FALSE, 1, FALSE };

static unsigned string_nb(PowerDisas *d)
{
    unsigned nb = F_RB(d->insn);
    return nb ? nb : 32;
}

gboolean trans_lswi(PowerDisas *d)
{
    unsigned nb = string_nb(d), rt = F_RT(d->insn);
    ModvmTcgTemp ea = power_gen_ea(d, power_const(d, 0));

    if (d->le) {
        power_gen_align_le(d, ea);
        return TRUE;
    }
    if (lsw_reg_in_range(rt, (nb + 3) / 4, F_RA(d->insn))) {
        return FALSE;
    }
    power_call(d, &h_lswi, ea, power_const(d, nb), power_const(d, rt));
    return TRUE;
}

gboolean trans_lswx(PowerDisas *d)
{
    ModvmTcgTemp ea = power_gen_ea(d, power_load_gpr(d, F_RB(d->insn)));

    if (d->le) {
        power_gen_align_le(d, ea);
        return TRUE;
    }
    power_call(d, &h_lswx, ea, power_const(d, F_RT(d->insn)),
               power_const(d, F_RA(d->insn) | F_RB(d->insn) << 5));
    return TRUE;
}

gboolean trans_stswi(PowerDisas *d)
{
    ModvmTcgTemp ea = power_gen_ea(d, power_const(d, 0));

    if (d->le) {
        power_gen_align_le(d, ea);
        return TRUE;
    }
    power_call(d, &h_stswi, ea, power_const(d, string_nb(d)), power_const(d, F_RS(d->insn)));
    return TRUE;
}

gboolean trans_stswx(PowerDisas *d)
{
    ModvmTcgTemp ea = power_gen_ea(d, power_load_gpr(d, F_RB(d->insn)));

    if (d->le) {
        power_gen_align_le(d, ea);
        return TRUE;
    }
    power_call(d, &h_stswx, ea, power_const(d, F_RS(d->insn)), 0);
    return TRUE;
}

/*
 * Quadwords (Book I 3.3.6 lq/stq): a 16-byte access in the current byte
 * order whose high doubleword goes to the even register; the EA must be
 * a multiple of 16 (else Alignment). Before ISA 2.07 they are privileged
 * and big-endian only.
 */
static void power_load_quad(PowerCpu *cpu, guint64 ea, guint64 *hi, guint64 *lo)
{
    gboolean le = cpu->regs.msr & MSR_BIT(MSR_LE);
    unsigned mo = MODVM_MO_64 | (le ? 0 : MODVM_MO_BE);
    guint64 first = mem_load(cpu, ea, mo), second = mem_load(cpu, ea_add(cpu, ea, 8), mo);

    *hi = le ? second : first;
    *lo = le ? first : second;
}

static void power_store_quad(PowerCpu *cpu, guint64 ea, guint64 hi, guint64 lo)
{
    gboolean le = cpu->regs.msr & MSR_BIT(MSR_LE);
    unsigned mo = MODVM_MO_64 | (le ? 0 : MODVM_MO_BE);

    /* Probe both halves first so that a fault leaves memory unchanged. */
    mem_load(cpu, ea_add(cpu, ea, 8), mo);
    mem_store(cpu, ea, le ? lo : hi, mo);
    mem_store(cpu, ea_add(cpu, ea, 8), le ? hi : lo, mo);
}

static void helper_lq(PowerCpu *cpu, guint64 ea, guint64 rt, guint64 insn)
{
    guint64 hi, lo;

    if (ea & 15) {
        raise_align(cpu, ea, insn);
    }
    power_load_quad(cpu, ea, &hi, &lo);
    cpu->regs.gpr[rt] = hi;
    cpu->regs.gpr[rt + 1] = lo;
}

static void helper_stq(PowerCpu *cpu, guint64 ea, guint64 rs, guint64 insn)
{
    if (ea & 15) {
        raise_align(cpu, ea, insn);
    }
    power_store_quad(cpu, ea, cpu->regs.gpr[rs], cpu->regs.gpr[rs + 1]);
}

static const ModvmTcgHelper h_lq = { "lq", (gpointer)helper_lq, 4, FALSE, 1, FALSE };
static const ModvmTcgHelper h_stq = { "stq", (gpointer)helper_stq, 4, FALSE, 1, FALSE };

static gboolean quad_allowed(PowerDisas *d)
{
    if (d->isa < ISA207 && d->pr) {
        power_gen_priv(d);
        return FALSE;
    }
    return TRUE;
}

gboolean trans_lq(PowerDisas *d)
{
    unsigned rt = F_RT(d->insn);
    ModvmTcgTemp ea;

    /* RTp = RA is invalid; plq with R=1 reads no RA */
    if ((rt & 1) || (rt == F_RA(d->insn) && !(d->prefixed && F_PR(d->prefix)))) {
        return FALSE;
    }
    if (!quad_allowed(d)) {
        return TRUE;
    }
    ea = power_gen_ea_disp(d, (gint64)(gint16)(d->insn & 0xfff0));
    if (d->le && d->isa < ISA207) {
        power_gen_align_le(d, ea);
        return TRUE;
    }
    power_call(d, &h_lq, ea, power_const(d, rt), power_const(d, d->insn));
    return TRUE;
}

gboolean trans_stq(PowerDisas *d)
{
    unsigned rs = F_RS(d->insn);
    ModvmTcgTemp ea;

    if (rs & 1) {
        return FALSE;
    }
    if (!quad_allowed(d)) {
        return TRUE;
    }
    ea = power_gen_ea_disp(d, (gint64)(gint16)(d->insn & 0xfffc));
    if (d->le && d->isa < ISA207) {
        power_gen_align_le(d, ea);
        return TRUE;
    }
    power_call(d, &h_stq, ea, power_const(d, rs), power_const(d, d->insn));
    return TRUE;
}

/*
 * Load and reserve / store conditional (Book II 4.4.2). The reservation is
 * the larx address and the value loaded; stcx. succeeds when its address is
 * the reserved one and memory still holds that value, then stores. This is
 * QEMU's model (target/ppc/translate.c gen_conditional_store), and is
 * atomic with respect to the other vCPUs as long as accel-tcg runs them
 * round-robin on one thread: a store by another vCPU in between changes the
 * value and so breaks the reservation (an ABA store of the same value does
 * not, as in QEMU). An unaligned larx or stcx. is an Alignment interrupt.
 */
static gboolean gen_larx(PowerDisas *d, unsigned size)
{
    ModvmTcgTemp ea = power_gen_ea(d, power_load_gpr(d, F_RB(d->insn)));
    ModvmTcgTemp v = power_temp(d);

    /* For the alignment interrupt's DSISR (power_cpu_unaligned). */
    power_store_imm(d, CPU_OFF(excp_error), d->insn);
    modvm_tcg_qemu_ld(d->ctx, v, ea, power_memop(d, size, FALSE, FALSE) | MODVM_MO_ALIGN,
                      d->mem_idx);
    power_store_field(d, CPU_OFF(regs.reserve_addr), ea);
    power_store_field(d, CPU_OFF(regs.reserve_val), v);
    modvm_tcg_st(d->ctx, MODVM_OP_ST32, power_const(d, 1u << size), CPU_OFF(regs.reserve_size));
    power_store_gpr(d, F_RT(d->insn), v);
    return TRUE;
}

gboolean trans_lbarx(PowerDisas *d) { return gen_larx(d, MODVM_MO_8); }
gboolean trans_lharx(PowerDisas *d) { return gen_larx(d, MODVM_MO_16); }
gboolean trans_lwarx(PowerDisas *d) { return gen_larx(d, MODVM_MO_32); }
gboolean trans_ldarx(PowerDisas *d) { return gen_larx(d, MODVM_MO_64); }

static guint64 helper_stcx(PowerCpu *cpu, guint64 ea, guint64 val, guint64 memop_insn)
{
    unsigned memop = memop_insn & 0xff, size = 1u << (memop & MODVM_MO_SIZE);
    gboolean ok = FALSE;

    if (ea & (size - 1)) {
        raise_align(cpu, ea, memop_insn >> 32);
    }
    if (cpu->regs.reserve_addr == ea) {
        guint64 mask = size == 8 ? ~0ull : (1ull << (size * 8)) - 1;
        ok = mem_load(cpu, ea, memop) == (cpu->regs.reserve_val & mask);
        if (ok) {
            mem_store(cpu, ea, val, memop);
        }
    }
    cpu->regs.reserve_addr = ~0ull;
    return (ok ? 2 : 0) | cpu->regs.xer_so;
}

static const ModvmTcgHelper h_stcx = { "stcx", (gpointer)helper_stcx, 4, TRUE, 1, FALSE };

static gboolean gen_stcx(PowerDisas *d, unsigned size)
{
    ModvmTcgTemp ea = power_gen_ea(d, power_load_gpr(d, F_RB(d->insn)));
    guint64 arg = power_memop(d, size, FALSE, FALSE) | (guint64)d->insn << 32;
    ModvmTcgTemp cr = power_call(d, &h_stcx, ea, power_load_gpr(d, F_RS(d->insn)),
                                 power_const(d, arg));

    modvm_tcg_st(d->ctx, MODVM_OP_ST32, cr, CRF_OFF(0));
    return TRUE;
}

gboolean trans_stbcx(PowerDisas *d) { return gen_stcx(d, MODVM_MO_8); }
gboolean trans_sthcx(PowerDisas *d) { return gen_stcx(d, MODVM_MO_16); }
gboolean trans_stwcx(PowerDisas *d) { return gen_stcx(d, MODVM_MO_32); }
gboolean trans_stdcx(PowerDisas *d) { return gen_stcx(d, MODVM_MO_64); }

static void helper_lqarx(PowerCpu *cpu, guint64 ea, guint64 rt, guint64 insn)
{
    guint64 hi, lo;

    if (ea & 15) {
        raise_align(cpu, ea, insn);
    }
    power_load_quad(cpu, ea, &hi, &lo);
    cpu->regs.reserve_addr = ea;
    cpu->regs.reserve_size = 16;
    cpu->regs.reserve_val = hi;
    cpu->reserve_val2 = lo;
    cpu->regs.gpr[rt] = hi;
    cpu->regs.gpr[rt + 1] = lo;
}

static guint64 helper_stqcx(PowerCpu *cpu, guint64 ea, guint64 rs, guint64 insn)
{
    gboolean ok = FALSE;

    if (ea & 15) {
        raise_align(cpu, ea, insn);
    }
    if (cpu->regs.reserve_addr == ea && cpu->regs.reserve_size == 16) {
        guint64 hi, lo;
        power_load_quad(cpu, ea, &hi, &lo);
        ok = hi == cpu->regs.reserve_val && lo == cpu->reserve_val2;
        if (ok) {
            power_store_quad(cpu, ea, cpu->regs.gpr[rs], cpu->regs.gpr[rs + 1]);
        }
    }
    cpu->regs.reserve_addr = ~0ull;
    return (ok ? 2 : 0) | cpu->regs.xer_so;
}

static const ModvmTcgHelper h_lqarx = { "lqarx", (gpointer)helper_lqarx, 4, FALSE, 1, FALSE };
static const ModvmTcgHelper h_stqcx = { "stqcx", (gpointer)helper_stqcx, 4, TRUE, 1, FALSE };

/* lqarx: RTp odd, or equal to RA or RB, is an invalid form (illegal, as QEMU). */
gboolean trans_lqarx(PowerDisas *d)
{
    unsigned rt = F_RT(d->insn);

    if ((rt & 1) || rt == F_RA(d->insn) || rt == F_RB(d->insn)) {
        return FALSE;
    }
    power_call(d, &h_lqarx, power_gen_ea(d, power_load_gpr(d, F_RB(d->insn))),
               power_const(d, rt), power_const(d, d->insn));
    return TRUE;
}

gboolean trans_stqcx(PowerDisas *d)
{
    unsigned rs = F_RS(d->insn);
    ModvmTcgTemp cr;

    if (rs & 1) {
        return FALSE;
    }
    cr = power_call(d, &h_stqcx, power_gen_ea(d, power_load_gpr(d, F_RB(d->insn))),
                    power_const(d, rs), power_const(d, d->insn));
    modvm_tcg_st(d->ctx, MODVM_OP_ST32, cr, CRF_OFF(0));
    return TRUE;
}

/*
 * dcbz (Book II 4.3.2): zero the aligned cache block, 128 bytes on every
 * POWER7 and later, and lose a reservation on it.
 */
#define POWER_CACHE_LINE 128

static void helper_dcbz(PowerCpu *cpu, guint64 ea)
{
    ea &= ~(guint64)(POWER_CACHE_LINE - 1);
    if ((cpu->regs.reserve_addr & ~(guint64)(POWER_CACHE_LINE - 1)) == ea) {
        cpu->regs.reserve_addr = ~0ull;
    }
    for (unsigned i = 0; i < POWER_CACHE_LINE; i += 8) {
        mem_store(cpu, ea + i, 0, MODVM_MO_64);
    }
}

static const ModvmTcgHelper h_dcbz = { "dcbz", (gpointer)helper_dcbz, 2, FALSE, 1, FALSE };

gboolean trans_dcbz(PowerDisas *d)
{
    power_call(d, &h_dcbz, power_gen_ea(d, power_load_gpr(d, F_RB(d->insn))), 0, 0);
    return TRUE;
}

/* dcbf, dcbst and icbi are checked by the MMU like a load (QEMU loads a byte). */
static gboolean gen_cache_probe(PowerDisas *d)
{
    ModvmTcgTemp ea = power_gen_ea(d, power_load_gpr(d, F_RB(d->insn)));
    modvm_tcg_qemu_ld(d->ctx, power_temp(d), ea, MODVM_MO_8, d->mem_idx);
    return TRUE;
}

gboolean trans_dcbf(PowerDisas *d)
{
    return gen_cache_probe(d);
}

gboolean trans_dcbst(PowerDisas *d)
{
    return gen_cache_probe(d);
}

/* Translated code follows guest stores through accel-tcg's dirty tracking: nothing else to do. */
gboolean trans_icbi(PowerDisas *d)
{
    return gen_cache_probe(d);
}

gboolean trans_dcbt(PowerDisas *d)
{
    return TRUE;
}

gboolean trans_dcbtst(PowerDisas *d)
{
    return TRUE;
}

gboolean trans_icbt(PowerDisas *d)
{
    return TRUE;
}

/* Barriers order nothing more than one thread running vCPUs in turn already does. */
gboolean trans_sync(PowerDisas *d)
{
    return TRUE;
}

gboolean trans_eieio(PowerDisas *d)
{
    return TRUE;
}

/* isync is context synchronizing: later instructions see an MSR or SLB changed before it. */
gboolean trans_isync(PowerDisas *d)
{
    power_gen_exit_after(d);
    return TRUE;
}

/* wait (Book II 4.6.4) with WC=0: stop until an interrupt can be taken. */
static void helper_wait(PowerCpu *cpu)
{
    cpu->tcg.halted = TRUE;
}

static const ModvmTcgHelper h_wait = { "wait", (gpointer)helper_wait, 1, FALSE, 1, FALSE };

/*
 * WC (bits 9:10) says what to wait for; only WC=0 waits for an interrupt.
 * ISA 2.06/2.07 (the xo 62 form): WC 1-3 may be no-ops. ISA 3.0: WC 1-3
 * are reserved (illegal, as QEMU makes them). ISA 3.1 (Book II 4.6.4):
 * WC=1 (waitrsv) and WC=2 (pause_short, in Linux's spin loops with
 * interrupts off) may resume at any time, so they are no-ops here; WC=3
 * is reserved, and so is a nonzero PL (bits 14:15) unless WC=2.
 */
gboolean trans_wait(PowerDisas *d)
{
    unsigned wc = (d->insn >> 21) & 3, pl = (d->insn >> 16) & 3;

    if (((d->insn >> 1) & 0x3ff) == 30) {
        if (d->isa < ISA310 ? wc != 0 : (wc == 3 || (pl && wc != 2))) {
            return FALSE;
        }
    }
    if (wc != 0) {
        return TRUE;
    }
    power_call(d, &h_wait, 0, 0, 0);
    power_gen_exit_after(d);
    return TRUE;
}

/* cpabort (Book II 4.4): nothing to abort, no copy-paste sequence is ever in progress. */
gboolean trans_cpabort(PowerDisas *d)
{
    return TRUE;
}

/*
 * copy and paste. need a copy-paste accelerator window; there is none, and
 * QEMU's POWER9/Power10 do not decode them either: illegal, as there.
 */
gboolean trans_copy(PowerDisas *d)
{
    return FALSE;
}

gboolean trans_paste(PowerDisas *d)
{
    return FALSE;
}
