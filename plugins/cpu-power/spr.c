/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Special purpose registers and the MSR: mfspr/mtspr, mftb, mfmsr/mtmsr(d), rfid/hrfid/rfscv (Book III). */
#include "internal.h"

typedef enum {
    SPR_ACC_USER,           /* problem state may */
    SPR_ACC_PRIV,           /* privileged state may */
    SPR_ACC_HV,             /* hypervisor state only */
    SPR_ACC_UNDEF,          /* this direction is not defined: the rules for undefined SPRs */
} PowerSprAccess;

typedef enum {
    SPR_KIND_PLAIN,         /* regs.spr[alias or num] */
    SPR_KIND_XER,
    SPR_KIND_LR,
    SPR_KIND_CTR,
    SPR_KIND_TAR,
    SPR_KIND_DEC,
    SPR_KIND_TB,            /* read: the time base (all 64 bits) */
    SPR_KIND_TBU,           /* read: its upper word */
    SPR_KIND_TBL_W,         /* write: the lower word */
    SPR_KIND_TBU_W,         /* write: the upper word */
    SPR_KIND_TBU40,         /* write: the upper 40 bits */
    SPR_KIND_PPR32,         /* the upper word of PPR */
    SPR_KIND_LPCR,          /* write: may change interrupt delivery and the DEC width */
    SPR_KIND_MMU,           /* write: a translation changes, flush the TLB */
    SPR_KIND_TM,            /* a transactional memory SPR: TM is never enabled (tm.c) */
} PowerSprKind;

typedef struct {
    guint16 num;
    guint8 read, write;     /* PowerSprAccess */
    guint8 kind;            /* PowerSprKind */
    guint8 fscr_bit;        /* problem state needs this FSCR bit (0: none) */
    guint16 alias;          /* SPR_KIND_PLAIN: the register it stands for, 0 for itself */
    guint16 isa;
    const char *name;
    guint16 until;          /* the first ISA level that no longer has it (0: every later one has) */
} PowerSprDef;

#define U SPR_ACC_USER
#define P SPR_ACC_PRIV
#define H SPR_ACC_HV
#define N SPR_ACC_UNDEF

/*
 * The SPRs modvm knows (Power ISA Book III "SPR Encodings" and the POWER
 * user manuals for the implementation-specific ones), with who may read
 * and write them. Every one not here follows the undefined-SPR rules.
 */
static const PowerSprDef power_sprs[] = {
    { SPR_XER, U, U, SPR_KIND_XER, 0, 0, 206, "XER" },
    { SPR_UDSCR, U, U, SPR_KIND_PLAIN, FSCR_DSCR, SPR_DSCR, 207, "UDSCR" },
    { SPR_LR, U, U, SPR_KIND_LR, 0, 0, 206, "LR" },
    { SPR_CTR, U, U, SPR_KIND_CTR, 0, 0, 206, "CTR" },
    { SPR_UAMR, U, U, SPR_KIND_PLAIN, 0, SPR_AMR, 206, "UAMR" },
    { SPR_DSCR, P, P, SPR_KIND_PLAIN, 0, 0, 206, "DSCR" },
    { SPR_DSISR, P, P, SPR_KIND_PLAIN, 0, 0, 206, "DSISR" },
    { SPR_DAR, P, P, SPR_KIND_PLAIN, 0, 0, 206, "DAR" },
    { SPR_DEC, P, P, SPR_KIND_DEC, 0, 0, 206, "DEC" },
    /* ISA 3.0 replaced SDR1 with the partition table (Book III 5.7.6) */
    { SPR_SDR1, H, H, SPR_KIND_MMU, 0, 0, 206, "SDR1", 300 },
    { SPR_SRR0, P, P, SPR_KIND_PLAIN, 0, 0, 206, "SRR0" },
    { SPR_SRR1, P, P, SPR_KIND_PLAIN, 0, 0, 206, "SRR1" },
    { SPR_CFAR, P, P, SPR_KIND_PLAIN, 0, 0, 206, "CFAR" },
    { SPR_AMR, P, P, SPR_KIND_PLAIN, 0, 0, 206, "AMR" },
    { SPR_PIDR, P, P, SPR_KIND_MMU, 0, 0, 300, "PIDR" },
    { SPR_IAMR, P, P, SPR_KIND_PLAIN, 0, 0, 207, "IAMR" },
    { SPR_CTRL_READ, U, N, SPR_KIND_PLAIN, 0, SPR_CTRL, 206, "UCTRL" },
    /* ISA 3.1 dropped TIDR; QEMU 7.2's POWER10 has none */
    { 144, P, P, SPR_KIND_PLAIN, 0, 0, 300, "TIDR", 310 },
    { 128, U, U, SPR_KIND_TM, 0, 0, 207, "TFHAR" },
    { 129, U, U, SPR_KIND_TM, 0, 0, 207, "TFIAR" },
    { 130, U, U, SPR_KIND_TM, 0, 0, 207, "TEXASR" },
    { 131, U, U, SPR_KIND_TM, 0, 0, 207, "TEXASRU" },
    { SPR_CTRL, N, P, SPR_KIND_PLAIN, 0, 0, 206, "CTRL" },
    { SPR_FSCR, P, P, SPR_KIND_PLAIN, 0, 0, 207, "FSCR" },
    { SPR_UAMOR, P, P, SPR_KIND_PLAIN, 0, 0, 206, "UAMOR" },
    { SPR_PSPB, P, P, SPR_KIND_PLAIN, 0, 0, 207, "PSPB" },
    { SPR_DPDES, P, H, SPR_KIND_PLAIN, 0, 0, 207, "DPDES" },
    { SPR_DAWR0, H, H, SPR_KIND_PLAIN, 0, 0, 207, "DAWR0" },
    { SPR_RPR, H, H, SPR_KIND_PLAIN, 0, 0, 207, "RPR" },
    { SPR_CIABR, H, H, SPR_KIND_PLAIN, 0, 0, 207, "CIABR" },
    { SPR_DAWRX0, H, H, SPR_KIND_PLAIN, 0, 0, 207, "DAWRX0" },
    { SPR_HFSCR, H, H, SPR_KIND_PLAIN, 0, 0, 207, "HFSCR" },
    { SPR_VRSAVE, U, U, SPR_KIND_PLAIN, 0, 0, 206, "VRSAVE" },
    { SPR_USPRG3, U, N, SPR_KIND_PLAIN, 0, SPR_SPRG3, 206, "USPRG3" },
    { SPR_TBL_READ, U, N, SPR_KIND_TB, 0, 0, 206, "TB" },
    { SPR_TBU_READ, U, N, SPR_KIND_TBU, 0, 0, 206, "TBU" },
    { SPR_SPRG0, P, P, SPR_KIND_PLAIN, 0, 0, 206, "SPRG0" },
    { SPR_SPRG1, P, P, SPR_KIND_PLAIN, 0, 0, 206, "SPRG1" },
    { SPR_SPRG2, P, P, SPR_KIND_PLAIN, 0, 0, 206, "SPRG2" },
    { SPR_SPRG3, P, P, SPR_KIND_PLAIN, 0, 0, 206, "SPRG3" },
    { SPR_TBL, N, H, SPR_KIND_TBL_W, 0, 0, 206, "TBL" },
    { SPR_TBU, N, H, SPR_KIND_TBU_W, 0, 0, 206, "TBU" },
    { SPR_TBU40, N, H, SPR_KIND_TBU40, 0, 0, 206, "TBU40" },
    { SPR_PVR, P, N, SPR_KIND_PLAIN, 0, 0, 206, "PVR" },
    { SPR_HSPRG0, H, H, SPR_KIND_PLAIN, 0, 0, 206, "HSPRG0" },
    { SPR_HSPRG1, H, H, SPR_KIND_PLAIN, 0, 0, 206, "HSPRG1" },
    { SPR_HDSISR, H, H, SPR_KIND_PLAIN, 0, 0, 206, "HDSISR" },
    { SPR_HDAR, H, H, SPR_KIND_PLAIN, 0, 0, 206, "HDAR" },
    { SPR_SPURR, P, H, SPR_KIND_TB, 0, 0, 206, "SPURR" },
    { SPR_PURR, P, H, SPR_KIND_TB, 0, 0, 206, "PURR" },
    { SPR_HDEC, H, H, SPR_KIND_PLAIN, 0, 0, 206, "HDEC" },
    { SPR_HRMOR, H, H, SPR_KIND_PLAIN, 0, 0, 206, "HRMOR" },
    { SPR_HSRR0, H, H, SPR_KIND_PLAIN, 0, 0, 206, "HSRR0" },
    { SPR_HSRR1, H, H, SPR_KIND_PLAIN, 0, 0, 206, "HSRR1" },
    { SPR_LPCR, H, H, SPR_KIND_LPCR, 0, 0, 206, "LPCR" },
    { SPR_LPIDR, H, H, SPR_KIND_MMU, 0, 0, 206, "LPIDR" },
    { SPR_HMER, H, H, SPR_KIND_PLAIN, 0, 0, 206, "HMER" },
    { SPR_HMEER, H, H, SPR_KIND_PLAIN, 0, 0, 206, "HMEER" },
    { SPR_PCR, H, H, SPR_KIND_PLAIN, 0, 0, 206, "PCR" },
    { SPR_HEIR, H, H, SPR_KIND_PLAIN, 0, 0, 207, "HEIR" },
    { SPR_AMOR, H, H, SPR_KIND_PLAIN, 0, 0, 206, "AMOR" },
    { SPR_VTB, P, H, SPR_KIND_TB, 0, 0, 207, "VTB" },
    { SPR_PTCR, H, H, SPR_KIND_MMU, 0, 0, 300, "PTCR" },
    /* the hash instructions' keys (ISA 3.1B, rop-hash.c); QEMU 7.2 resets both to 0 */
    { SPR_HASHKEYR, P, P, SPR_KIND_PLAIN, 0, 0, 310, "HASHKEYR" },
    { SPR_HASHPKEYR, H, H, SPR_KIND_PLAIN, 0, 0, 310, "HASHPKEYR" },
    /* The performance monitor: the user numbers are 16 below the privileged ones. */
    { 768, U, U, SPR_KIND_PLAIN, 0, 784, 207, "USIER" },
    { 769, U, U, SPR_KIND_PLAIN, 0, 785, 207, "UMMCR2" },
    { 770, U, U, SPR_KIND_PLAIN, 0, 786, 206, "UMMCRA" },
    { 771, U, U, SPR_KIND_PLAIN, 0, 787, 206, "UPMC1" },
    { 772, U, U, SPR_KIND_PLAIN, 0, 788, 206, "UPMC2" },
    { 773, U, U, SPR_KIND_PLAIN, 0, 789, 206, "UPMC3" },
    { 774, U, U, SPR_KIND_PLAIN, 0, 790, 206, "UPMC4" },
    { 775, U, U, SPR_KIND_PLAIN, 0, 791, 206, "UPMC5" },
    { 776, U, U, SPR_KIND_PLAIN, 0, 792, 206, "UPMC6" },
    { 779, U, U, SPR_KIND_PLAIN, 0, 795, 206, "UMMCR0" },
    { 780, U, N, SPR_KIND_PLAIN, 0, 796, 206, "USIAR" },
    { 781, U, N, SPR_KIND_PLAIN, 0, 797, 206, "USDAR" },
    { 782, U, U, SPR_KIND_PLAIN, 0, 798, 206, "UMMCR1" },
    /* ISA 3.1 adds MMCR3, SIER2 and SIER3; their user numbers are 16 below, USIER2/3 read-only. */
    { 736, U, P, SPR_KIND_PLAIN, 0, 752, 310, "USIER2" },
    { 737, U, P, SPR_KIND_PLAIN, 0, 753, 310, "USIER3" },
    { 738, U, U, SPR_KIND_PLAIN, 0, 754, 310, "UMMCR3" },
    { 752, P, P, SPR_KIND_PLAIN, 0, 0, 310, "SIER2" },
    { 753, P, P, SPR_KIND_PLAIN, 0, 0, 310, "SIER3" },
    { 754, P, P, SPR_KIND_PLAIN, 0, 0, 310, "MMCR3" },
    { 784, P, P, SPR_KIND_PLAIN, 0, 0, 207, "SIER" },
    { 785, P, P, SPR_KIND_PLAIN, 0, 0, 207, "MMCR2" },
    { 786, P, P, SPR_KIND_PLAIN, 0, 0, 206, "MMCRA" },
    { 787, P, P, SPR_KIND_PLAIN, 0, 0, 206, "PMC1" },
    { 788, P, P, SPR_KIND_PLAIN, 0, 0, 206, "PMC2" },
    { 789, P, P, SPR_KIND_PLAIN, 0, 0, 206, "PMC3" },
    { 790, P, P, SPR_KIND_PLAIN, 0, 0, 206, "PMC4" },
    { 791, P, P, SPR_KIND_PLAIN, 0, 0, 206, "PMC5" },
    { 792, P, P, SPR_KIND_PLAIN, 0, 0, 206, "PMC6" },
    { 795, P, P, SPR_KIND_PLAIN, 0, 0, 206, "MMCR0" },
    { 796, P, P, SPR_KIND_PLAIN, 0, 0, 206, "SIAR" },
    { 797, P, P, SPR_KIND_PLAIN, 0, 0, 206, "SDAR" },
    { 798, P, P, SPR_KIND_PLAIN, 0, 0, 206, "MMCR1" },
    { SPR_TAR, U, U, SPR_KIND_TAR, FSCR_TAR, 0, 207, "TAR" },
    { SPR_ASDR, H, H, SPR_KIND_PLAIN, 0, 0, 300, "ASDR" },
    { SPR_PSSCR, P, H, SPR_KIND_PLAIN, 0, 0, 300, "PSSCR" },
    { SPR_PPR, U, U, SPR_KIND_PLAIN, 0, 0, 206, "PPR" },
    { SPR_PPR32, U, U, SPR_KIND_PPR32, 0, 0, 207, "PPR32" },
    { SPR_HID0, H, H, SPR_KIND_PLAIN, 0, 0, 206, "HID0" },
    { SPR_PIR, P, N, SPR_KIND_PLAIN, 0, 0, 206, "PIR" },
};

#undef U
#undef P
#undef H
#undef N

static const PowerSprDef *power_spr_find(unsigned num, unsigned isa)
{
    static const PowerSprDef *by_num[1024];
    static gsize done;

    if (g_once_init_enter(&done)) {
        for (guint i = 0; i < G_N_ELEMENTS(power_sprs); i++) {
            by_num[power_sprs[i].num] = &power_sprs[i];
        }
        g_once_init_leave(&done, 1);
    }
    if (!by_num[num] || by_num[num]->isa > isa ||
        (by_num[num]->until && by_num[num]->until <= isa)) {
        return NULL;
    }
    return by_num[num];
}

static unsigned disas_level(PowerDisas *d)
{
    return d->pr ? SPR_ACC_USER : d->hv ? SPR_ACC_HV : SPR_ACC_PRIV;
}

/*
 * An SPR number the processor does not have (Book III "Move To/From SPR"):
 * numbers with the 0x10 bit are privileged ones, the privileged program
 * interrupt in problem state and a no-op otherwise; the others give the
 * Hypervisor Emulation Assistance interrupt in problem state and for
 * SPRs 0, 4, 5, 6 (mfspr) or 0 (mtspr). 808-811 are no-ops from ISA 2.07.
 * This is what QEMU's gen_op_mfspr/gen_mtspr do.
 */
static gboolean gen_undefined_spr(PowerDisas *d, unsigned num, gboolean write)
{
    if (num >= 808 && num <= 811 && d->isa >= ISA207) {
        return TRUE;
    }
    modvm_log_guest_error("power: %s of undefined SPR %u (0x%03x) at 0x%016" G_GINT64_MODIFIER
                          "x\n", write ? "mtspr" : "mfspr", num, num, d->pc);
    if (num & 0x10) {
        if (d->pr) {
            power_gen_priv(d);
        }
    } else if (d->pr || num == 0 || (!write && num >= 4 && num <= 6)) {
        power_gen_hvpriv(d);
    }
    return TRUE;
}

/* May the current state access @def in this direction? Ends the block when not. */
static gboolean spr_access_ok(PowerDisas *d, const PowerSprDef *def, unsigned acc)
{
    if (acc > disas_level(d)) {
        modvm_log_guest_error("power: privileged SPR %s at 0x%016" G_GINT64_MODIFIER "x\n",
                              def->name, d->pc);
        power_gen_priv(d);
        return FALSE;
    }
    if (def->fscr_bit && d->pr) {
        power_gen_check_fscr(d, def->fscr_bit,
                             def->fscr_bit == FSCR_TAR ? FSCR_IC_TAR : FSCR_IC_DSCR);
    }
    return TRUE;
}

/* XER as software sees it: OV32 and CA32 exist from ISA 3.0 (QEMU's spr_read_xer). */
static ModvmTcgTemp gen_read_xer(PowerDisas *d)
{
    static const struct { gsize off; unsigned bit; guint16 isa; } bits[] = {
        { CPU_OFF(regs.xer_so), 31, 0 }, { CPU_OFF(regs.xer_ov), 30, 0 },
        { CPU_OFF(regs.xer_ca), 29, 0 }, { CPU_OFF(regs.xer_ov32), 19, ISA300 },
        { CPU_OFF(regs.xer_ca32), 18, ISA300 },
    };
    ModvmTcgTemp v = power_load_field(d, CPU_OFF(regs.xer_rest));

    for (guint i = 0; i < G_N_ELEMENTS(bits); i++) {
        if (d->isa >= bits[i].isa) {
            ModvmTcgTemp b = power_load_field(d, bits[i].off);
            power_opi(d, MODVM_OP_SHL, b, b, bits[i].bit);
            power_op(d, MODVM_OP_OR, v, v, b);
        }
    }
    return v;
}

static void gen_write_xer(PowerDisas *d, ModvmTcgTemp v)
{
    static const struct { gsize off; unsigned bit; } bits[] = {
        { CPU_OFF(regs.xer_so), 31 }, { CPU_OFF(regs.xer_ov), 30 }, { CPU_OFF(regs.xer_ca), 29 },
        { CPU_OFF(regs.xer_ov32), 19 }, { CPU_OFF(regs.xer_ca32), 18 },
    };
    ModvmTcgTemp rest = power_temp(d);

    power_opi(d, MODVM_OP_AND, rest, v, ~((1ull << 31) | (1ull << 30) | (1ull << 29) |
                                          (1ull << 19) | (1ull << 18)));
    power_store_field(d, CPU_OFF(regs.xer_rest), rest);
    for (guint i = 0; i < G_N_ELEMENTS(bits); i++) {
        ModvmTcgTemp b = power_temp(d);
        modvm_tcg_field(d->ctx, MODVM_OP_EXTRACT, b, v, 0, bits[i].bit, 1);
        power_store_field(d, bits[i].off, b);
    }
}

static guint64 helper_mftb(PowerCpu *cpu)
{
    return power_tb_read(cpu);
}

static guint64 helper_mfdec(PowerCpu *cpu)
{
    return power_dec_read(cpu);
}

static void helper_mtdec(PowerCpu *cpu, guint64 v)
{
    power_dec_write(cpu, v);
}

static void helper_mttb(PowerCpu *cpu, guint64 v, guint64 kind)
{
    guint64 tb = power_tb_read(cpu);

    switch (kind) {
    case SPR_KIND_TBL_W:
        tb = (tb & ~0xffffffffull) | (guint32)v;
        break;
    case SPR_KIND_TBU_W:
        tb = (tb & 0xffffffffull) | (v << 32);
        break;
    default:    /* TBU40: the upper 40 bits, the low 24 go on counting */
        tb = (v & ~0xffffffull) | (tb & 0xffffff);
        break;
    }
    power_tb_write(cpu, tb);
}

/* LPCR: the large decrementer changes the width DEC is read with; re-arm it. */
static void helper_mtlpcr(PowerCpu *cpu, guint64 v)
{
    guint64 dec = power_dec_read(cpu);

    cpu->regs.spr[SPR_LPCR] = v;
    power_dec_write(cpu, dec);
}

static void helper_mtspr_mmu(PowerCpu *cpu, guint64 v, guint64 num)
{
    cpu->regs.spr[num] = v;
    power_tlb_flush(cpu);
}

static const ModvmTcgHelper h_mftb = { "mftb", (gpointer)helper_mftb, 1, TRUE, 1, FALSE };
static const ModvmTcgHelper h_mfdec = { "mfdec", (gpointer)helper_mfdec, 1, TRUE, 1, FALSE };
static const ModvmTcgHelper h_mtdec = { "mtdec", (gpointer)helper_mtdec, 2, FALSE, 1, FALSE };
static const ModvmTcgHelper h_mttb = { "mttb", (gpointer)helper_mttb, 3, FALSE, 1, FALSE };
static const ModvmTcgHelper h_mtlpcr = { "mtlpcr", (gpointer)helper_mtlpcr, 2, FALSE, 1, FALSE };
static const ModvmTcgHelper h_mtspr_mmu = {
    "mtspr_mmu", (gpointer)helper_mtspr_mmu, 3, FALSE, 1, FALSE
};

gboolean trans_mfspr(PowerDisas *d)
{
    unsigned num = F_SPR(d->insn);
    const PowerSprDef *def = power_spr_find(num, d->insn_isa);
    ModvmTcgTemp v;

    if (!def || def->read == SPR_ACC_UNDEF) {
        return gen_undefined_spr(d, num, FALSE);
    }
    if (!spr_access_ok(d, def, def->read)) {
        return TRUE;
    }
    if (def->kind == SPR_KIND_TM) {
        return power_gen_tm_unavailable(d);
    }
    switch (def->kind) {
    case SPR_KIND_XER:
        v = gen_read_xer(d);
        break;
    case SPR_KIND_LR:
        v = power_load_field(d, CPU_OFF(regs.lr));
        break;
    case SPR_KIND_CTR:
        v = power_load_field(d, CPU_OFF(regs.ctr));
        break;
    case SPR_KIND_TAR:
        v = power_load_field(d, CPU_OFF(regs.tar));
        break;
    case SPR_KIND_DEC:
        v = power_call(d, &h_mfdec, 0, 0, 0);
        break;
    case SPR_KIND_TB:
        v = power_call(d, &h_mftb, 0, 0, 0);
        break;
    case SPR_KIND_TBU:
        v = power_call(d, &h_mftb, 0, 0, 0);
        power_opi(d, MODVM_OP_SHR, v, v, 32);
        break;
    case SPR_KIND_PPR32:
        v = power_load_field(d, SPR_OFF(SPR_PPR));
        power_opi(d, MODVM_OP_SHR, v, v, 32);
        break;
    default:
        v = power_load_field(d, SPR_OFF(def->alias ? def->alias : def->num));
        break;
    }
    power_store_gpr(d, F_RT(d->insn), v);
    return TRUE;
}

/* mftb is mfspr with the time base numbers. */
gboolean trans_mftb(PowerDisas *d)
{
    return trans_mfspr(d);
}

gboolean trans_mtspr(PowerDisas *d)
{
    unsigned num = F_SPR(d->insn);
    const PowerSprDef *def = power_spr_find(num, d->insn_isa);
    ModvmTcgTemp v;

    if (!def || def->write == SPR_ACC_UNDEF) {
        return gen_undefined_spr(d, num, TRUE);
    }
    if (!spr_access_ok(d, def, def->write)) {
        return TRUE;
    }
    if (def->kind == SPR_KIND_TM) {
        return power_gen_tm_unavailable(d);
    }
    v = power_load_gpr(d, F_RS(d->insn));
    switch (def->kind) {
    case SPR_KIND_XER:
        gen_write_xer(d, v);
        break;
    case SPR_KIND_LR:
        power_store_field(d, CPU_OFF(regs.lr), v);
        break;
    case SPR_KIND_CTR:
        power_store_field(d, CPU_OFF(regs.ctr), v);
        break;
    case SPR_KIND_TAR:
        power_store_field(d, CPU_OFF(regs.tar), v);
        break;
    case SPR_KIND_DEC:
        power_call(d, &h_mtdec, v, 0, 0);
        power_gen_exit_after(d);
        break;
    case SPR_KIND_TBL_W:
    case SPR_KIND_TBU_W:
    case SPR_KIND_TBU40:
        power_call(d, &h_mttb, v, power_const(d, def->kind), 0);
        break;
    case SPR_KIND_PPR32: {
        ModvmTcgTemp ppr = power_load_field(d, SPR_OFF(SPR_PPR));
        modvm_tcg_field(d->ctx, MODVM_OP_DEPOSIT, ppr, ppr, v, 32, 32);
        power_store_field(d, SPR_OFF(SPR_PPR), ppr);
        break;
    }
    case SPR_KIND_LPCR:
        power_call(d, &h_mtlpcr, v, 0, 0);
        power_gen_exit_after(d);
        break;
    case SPR_KIND_MMU:
        power_call(d, &h_mtspr_mmu, v, power_const(d, def->num), 0);
        power_gen_exit_after(d);
        break;
    default:
        power_store_field(d, SPR_OFF(def->alias ? def->alias : def->num), v);
        break;
    }
    return TRUE;
}

gboolean trans_mfmsr(PowerDisas *d)
{
    power_store_gpr(d, F_RT(d->insn), power_load_field(d, CPU_OFF(regs.msr)));
    return TRUE;
}

static void helper_store_msr(PowerCpu *cpu, guint64 v)
{
    power_store_msr(cpu, v, FALSE);
}

static const ModvmTcgHelper h_store_msr = {
    "store_msr", (gpointer)helper_store_msr, 2, FALSE, 1, FALSE
};

/* MSR <- (RS & mask) | (MSR & ~mask), then leave the block: translation depends on the MSR. */
static gboolean gen_mtmsr(PowerDisas *d, guint64 mask)
{
    ModvmTcgTemp v = power_temp(d), old = power_load_field(d, CPU_OFF(regs.msr));

    power_opi(d, MODVM_OP_AND, v, power_load_gpr(d, F_RS(d->insn)), mask);
    power_opi(d, MODVM_OP_AND, old, old, ~mask);
    power_op(d, MODVM_OP_OR, v, v, old);
    power_call(d, &h_store_msr, v, 0, 0);
    power_gen_exit_after(d);
    return TRUE;
}

/*
 * mtmsrd (Book III 5.4.4): L=1 changes only EE and RI; L=0 everything but
 * HV, S, ME and LE (QEMU's gen_mtmsrd). mtmsr does the same to the low word.
 */
gboolean trans_mtmsrd(PowerDisas *d)
{
    if (d->insn & 0x00010000) {
        return gen_mtmsr(d, MSR_BIT(MSR_RI) | MSR_BIT(MSR_EE));
    }
    return gen_mtmsr(d, ~(MSR_BIT(MSR_LE) | MSR_BIT(MSR_ME) | MSR_BIT(MSR_S) | MSR_BIT(MSR_HV)));
}

gboolean trans_mtmsr(PowerDisas *d)
{
    if (d->insn & 0x00010000) {
        return gen_mtmsr(d, MSR_BIT(MSR_RI) | MSR_BIT(MSR_EE));
    }
    return gen_mtmsr(d, 0xffffffffull & ~(MSR_BIT(MSR_LE) | MSR_BIT(MSR_ME) | MSR_BIT(MSR_S)));
}

/* Return from interrupt (Book III 5.4.4): nip from SRR0 (word aligned, narrowed), MSR from SRR1. */
static void power_do_rfi(PowerCpu *cpu, guint64 nip, guint64 msr)
{
    if (!(msr & MSR_BIT(MSR_SF))) {
        nip = (guint32)nip;
    }
    cpu->regs.nip = nip & ~3ull;
    power_store_msr(cpu, msr, TRUE);
    cpu->regs.reserve_addr = ~0ull;
}

static void helper_rfid(PowerCpu *cpu)
{
    power_do_rfi(cpu, cpu->regs.spr[SPR_SRR0], cpu->regs.spr[SPR_SRR1]);
}

static void helper_hrfid(PowerCpu *cpu)
{
    power_do_rfi(cpu, cpu->regs.spr[SPR_HSRR0], cpu->regs.spr[SPR_HSRR1]);
}

/* rfscv (ISA 3.0): back from scv with LR and CTR. */
static void helper_rfscv(PowerCpu *cpu)
{
    power_do_rfi(cpu, cpu->regs.lr, cpu->regs.ctr);
}

static const ModvmTcgHelper h_rfid = { "rfid", (gpointer)helper_rfid, 1, FALSE, 1, FALSE };
static const ModvmTcgHelper h_hrfid = { "hrfid", (gpointer)helper_hrfid, 1, FALSE, 1, FALSE };
static const ModvmTcgHelper h_rfscv = { "rfscv", (gpointer)helper_rfscv, 1, FALSE, 1, FALSE };

static gboolean gen_rfi(PowerDisas *d, const ModvmTcgHelper *h)
{
    power_store_imm(d, SPR_OFF(SPR_CFAR), d->pc);
    power_call(d, h, 0, 0, 0);
    modvm_tcg_exit_tb(d->ctx);
    d->end = POWER_DISAS_NORETURN;
    return TRUE;
}

gboolean trans_rfid(PowerDisas *d)
{
    return gen_rfi(d, &h_rfid);
}

gboolean trans_hrfid(PowerDisas *d)
{
    return gen_rfi(d, &h_hrfid);
}

gboolean trans_rfscv(PowerDisas *d)
{
    return gen_rfi(d, &h_rfscv);
}

/*
 * The branch history rolling buffer is never enabled (MMCRA[BHRB...] reads 0):
 * mfbhrbe then returns 0 (Book III 9.3.1) and clrbhrb has nothing to clear.
 */
gboolean trans_mfbhrbe(PowerDisas *d)
{
    power_store_gpr(d, F_RT(d->insn), power_const(d, 0));
    return TRUE;
}

gboolean trans_clrbhrb(PowerDisas *d)
{
    return TRUE;
}
