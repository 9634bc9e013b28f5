/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Storage control (Power ISA Book III chapter 5): real mode, the SLB and the hashed page table. */
#include "internal.h"

#include <inttypes.h>

/* SLB entry fields (Book III 5.7.7). */
#define SLB_ESID_ESID 0xfffffffff0000000ull
#define SLB_ESID_V 0x0000000008000000ull
#define SLB_VSID_B 0xc000000000000000ull
#define SLB_VSID_B_1T 0x4000000000000000ull
#define SLB_VSID_VSID 0x3ffffffffffff000ull
#define SLB_VSID_PTEM (SLB_VSID_B | SLB_VSID_VSID)
#define SLB_VSID_KS 0x800ull
#define SLB_VSID_KP 0x400ull
#define SLB_VSID_N 0x200ull
#define SLB_VSID_L 0x100ull
#define SLB_VSID_C 0x080ull
#define SLB_VSID_LP 0x030ull
#define SLB_VSID_LLP (SLB_VSID_L | SLB_VSID_LP)

/* HPTE fields (Book III 5.7.8.1). */
#define HPTE_V_AVPN 0x3fffffffffffff80ull
#define HPTE_V_LARGE 0x4ull
#define HPTE_V_SECONDARY 0x2ull
#define HPTE_V_VALID 0x1ull
#define HPTE_V_COMPARE(x, y) (!(((x) ^ (y)) & 0xffffffffffffff83ull))
#define HPTE_R_PP0 0x8000000000000000ull
#define HPTE_R_RPN 0x0ffffffffffff000ull
#define HPTE_R_R 0x100ull
#define HPTE_R_C 0x080ull
#define HPTE_R_G 0x008ull
#define HPTE_R_N 0x004ull
#define HPTE_R_PP 0x003ull

static PowerSlbEntry *power_slb_lookup(PowerCpu *cpu, guint64 ea)
{
    for (int i = 0; i < POWER_SLB_SIZE; i++) {
        PowerSlbEntry *e = &cpu->slb[i];
        guint64 mask;

        if (!(e->esid & SLB_ESID_V)) {
            continue;
        }
        mask = (e->vsid & SLB_VSID_B) == SLB_VSID_B_1T ? ~((1ull << 40) - 1) : SLB_ESID_ESID;
        if ((ea & mask) == (e->esid & mask)) {
            return e;
        }
    }
    return NULL;
}

/*
 * Base page size of a segment from SLB L||LP (POWER7 and later: 4K, 64K,
 * 16M), and the HPTE "LP" encoding of a large page of that size; 0 for an
 * encoding modvm does not support.
 */
static unsigned slb_page_shift(guint64 vsid, guint64 *pte_enc)
{
    switch (vsid & SLB_VSID_LLP) {
    case 0:
        *pte_enc = 0;
        return 12;
    case SLB_VSID_L | 0x10:
        *pte_enc = 0x1;
        return 16;
    case SLB_VSID_L:
        *pte_enc = 0;
        return 24;
    default:
        return 0;
    }
}

/* The hashed page table: a host pointer to its PTEGs and the PTEG index mask, or NULL. */
static guint8 *power_hpt(PowerCpu *cpu, guint64 *pteg_mask)
{
    ModvmObject *root;
    guint64 htab, base, size, avail = 0;

    if (cpu->vhyp) {
        return cpu->vhyp->hpt ? cpu->vhyp->hpt(cpu, cpu->vhyp_opaque, pteg_mask) : NULL;
    }
    /* Bare metal: SDR1 before ISA 3.0, then the partition table entry of LPIDR. */
    root = modvm_object_get_root(MODVM_OBJECT(cpu));
    if (!MODVM_IS_MACHINE(root)) {
        return NULL;
    }
    if (cpu->isa >= ISA300) {
        guint64 patb = cpu->regs.spr[SPR_PTCR] & 0x0ffffffffffff000ull;
        guint64 pate0 = 0;
        if (modvm_address_space_load(modvm_machine_address_space(MODVM_MACHINE(root)),
                                     patb + 16 * (cpu->regs.spr[SPR_LPIDR] & 0xfff), 8,
                                     MODVM_ENDIAN_BIG, &pate0) != MODVM_MEM_OK) {
            return NULL;
        }
        htab = pate0;
    } else {
        htab = cpu->regs.spr[SPR_SDR1];
    }
    base = htab & 0x0ffffffffffc0000ull;
    if ((htab & 0x1f) > 28) {
        return NULL;
    }
    size = 1ull << ((htab & 0x1f) + 18);
    *pteg_mask = (size >> 7) - 1;
    {
        guint8 *p = modvm_address_space_ram_ptr(modvm_machine_address_space(MODVM_MACHINE(root)),
                                                base, TRUE, &avail);
        return p && avail >= size ? p : NULL;
    }
}

typedef struct {
    guint64 pte0, pte1;
    guint8 *hpte;           /* where it lives, for the R and C bits */
    unsigned shift;         /* its page size */
} PowerHpte;

static gboolean hpte_page_matches(guint64 pte0, guint64 pte1, unsigned shift, guint64 enc)
{
    if (!(pte0 & HPTE_V_LARGE)) {
        return shift == 12;
    }
    if (shift == 12) {
        return FALSE;
    }
    return (pte1 & (((1ull << shift) - 1) & HPTE_R_RPN)) == enc << 12;
}

/* Search a PTEG for the HPTE of @ptem (Book III 5.7.8.3), in its 8 slots. */
static gboolean pteg_search(guint8 *pteg, guint64 ptem, unsigned shift, guint64 enc,
                            PowerHpte *out)
{
    for (int i = 0; i < 8; i++) {
        guint8 *hpte = pteg + 16 * i;
        guint64 pte0 = GUINT64_FROM_BE(*(guint64 *)hpte);
        guint64 pte1 = GUINT64_FROM_BE(*(guint64 *)(hpte + 8));

        if (HPTE_V_COMPARE(pte0, ptem) && hpte_page_matches(pte0, pte1, shift, enc)) {
            out->pte0 = pte0;
            out->pte1 = pte1;
            out->hpte = hpte;
            out->shift = shift;
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean hpt_lookup(PowerCpu *cpu, PowerSlbEntry *slb, guint64 ea, PowerHpte *out)
{
    guint64 pteg_mask, enc, vsid, epn, hash, ptem;
    unsigned shift = slb_page_shift(slb->vsid, &enc);
    guint8 *hpt;

    if (!shift || !(hpt = power_hpt(cpu, &pteg_mask))) {
        return FALSE;
    }
    if ((slb->vsid & SLB_VSID_B) == SLB_VSID_B_1T) {
        vsid = (slb->vsid & SLB_VSID_VSID) >> 24;
        epn = (ea & ((1ull << 40) - 1)) & ~((1ull << shift) - 1);
        hash = vsid ^ (vsid << 25) ^ (epn >> shift);
    } else {
        vsid = (slb->vsid & SLB_VSID_VSID) >> 12;
        epn = (ea & ((1ull << 28) - 1)) & ~((1ull << shift) - 1);
        hash = vsid ^ (epn >> shift);
    }
    ptem = (slb->vsid & SLB_VSID_PTEM) | ((epn >> 16) & HPTE_V_AVPN) | HPTE_V_VALID;
    if (pteg_search(hpt + ((hash & pteg_mask) << 7), ptem, shift, enc, out)) {
        return TRUE;
    }
    return pteg_search(hpt + ((~hash & pteg_mask) << 7), ptem | HPTE_V_SECONDARY, shift, enc, out);
}

/* Page protection from PP and the segment's key (Book III 5.7.10.1), and no-execute. */
static guint32 hpte_prot(PowerCpu *cpu, PowerSlbEntry *slb, guint64 pte1, guint32 *exec_ok)
{
    gboolean key = (cpu->regs.msr & MSR_BIT(MSR_PR)) ? (slb->vsid & SLB_VSID_KP) != 0
                                                     : (slb->vsid & SLB_VSID_KS) != 0;
    unsigned pp = (pte1 & HPTE_R_PP) | ((pte1 & HPTE_R_PP0) >> 61);
    guint32 rwx = MODVM_TCG_PROT_READ | MODVM_TCG_PROT_WRITE | MODVM_TCG_PROT_EXEC;
    guint32 rx = MODVM_TCG_PROT_READ | MODVM_TCG_PROT_EXEC;
    guint32 prot = 0;

    if (!key) {
        prot = pp <= 2 ? rwx : (pp == 3 || pp == 6) ? rx : 0;
    } else {
        prot = pp == 2 ? rwx : (pp == 1 || pp == 3) ? rx : 0;
    }
    *exec_ok = !((pte1 & (HPTE_R_N | HPTE_R_G)) || (slb->vsid & SLB_VSID_N));
    if (!*exec_ok) {
        prot &= ~MODVM_TCG_PROT_EXEC;
    }
    return prot;
}

/* Record a storage interrupt: DSI with DAR/DSISR, or ISI with SRR1 bits. */
void power_storage_fault(PowerCpu *cpu, guint64 ea, ModvmTcgAccess access,
                                guint32 dsisr, guint64 srr1)
{
    if (access == MODVM_TCG_ACCESS_FETCH) {
        cpu->tcg.exception_index = POWER_EXCP_ISI;
        cpu->excp_error = srr1;
    } else {
        cpu->tcg.exception_index = POWER_EXCP_DSI;
        cpu->regs.spr[SPR_DAR] = ea;
        cpu->regs.spr[SPR_DSISR] = dsisr | (access == MODVM_TCG_ACCESS_STORE ? DSISR_STORE : 0);
        cpu->excp_error = 0;
    }
    if (modvm_log_enabled(MODVM_LOG_MMU)) {
        modvm_log(MODVM_LOG_MMU, "power: %s fault at 0x%016" PRIx64 " (dsisr 0x%08x)\n",
                  access == MODVM_TCG_ACCESS_FETCH ? "instruction" : "data", ea, dsisr);
    }
}

static gboolean power_hash_translate(PowerCpu *cpu, guint64 ea, ModvmTcgAccess access,
                                     gboolean probe, ModvmTcgTlbFill *out)
{
    static const guint32 need_prot[] = {
        [MODVM_TCG_ACCESS_LOAD] = MODVM_TCG_PROT_READ,
        [MODVM_TCG_ACCESS_STORE] = MODVM_TCG_PROT_WRITE,
        [MODVM_TCG_ACCESS_FETCH] = MODVM_TCG_PROT_EXEC,
    };
    PowerSlbEntry *slb = power_slb_lookup(cpu, ea);
    PowerHpte pte;
    guint32 prot, exec_ok;

    if (!slb) {
        if (!probe) {
            cpu->tcg.exception_index = access == MODVM_TCG_ACCESS_FETCH ? POWER_EXCP_ISEG
                                                                         : POWER_EXCP_DSEG;
            if (access != MODVM_TCG_ACCESS_FETCH) {
                cpu->regs.spr[SPR_DAR] = ea;
            }
            cpu->excp_error = 0;
        }
        return FALSE;
    }
    if (access == MODVM_TCG_ACCESS_FETCH && (slb->vsid & SLB_VSID_N)) {
        if (!probe) {
            power_storage_fault(cpu, ea, access, 0, SRR1_ISI_N_G);
        }
        return FALSE;
    }
    if (!hpt_lookup(cpu, slb, ea, &pte)) {
        if (!probe) {
            power_storage_fault(cpu, ea, access, DSISR_NOPTE, SRR1_ISI_NOPTE);
        }
        return FALSE;
    }
    prot = hpte_prot(cpu, slb, pte.pte1, &exec_ok);
    if (!(prot & need_prot[access])) {
        if (!probe) {
            power_storage_fault(cpu, ea, access, DSISR_PROTFAULT,
                                exec_ok ? SRR1_ISI_PROT : SRR1_ISI_N_G);
        }
        return FALSE;
    }
    if (!probe) {
        /* Reference and change bits: bytes 14 and 15 of the HPTE (big-endian). */
        if (!(pte.pte1 & HPTE_R_R)) {
            pte.hpte[14] |= HPTE_R_R >> 8;
        }
        if (!(pte.pte1 & HPTE_R_C)) {
            if (access == MODVM_TCG_ACCESS_STORE) {
                pte.hpte[15] |= HPTE_R_C;
            } else {
                /* Read-only until written, so that the store comes back here to set C. */
                prot &= ~MODVM_TCG_PROT_WRITE;
            }
        }
    }
    out->paddr = (pte.pte1 & HPTE_R_RPN) & ~((1ull << pte.shift) - 1);
    out->prot = prot;
    out->page_bits = pte.shift;
    return TRUE;
}

/*
 * Real mode (MSR[IR] or [DR] 0, Book III 5.7.3): the top four EA bits are
 * ignored. A guest without hypervisor state sees guest physical addresses
 * (as QEMU's pseries does); the platform may set rma_size to bound them,
 * beyond which the access is a storage interrupt with the protection
 * bit, QEMU's answer for real-mode accesses beyond the RMLS. A radix
 * guest has no RMA (Book III 5.7.3.1: real mode is partition-scoped
 * only). In hypervisor state, HRMOR is added when EA bit 0 is clear.
 */
static gboolean power_real_translate(PowerCpu *cpu, guint64 ea, ModvmTcgAccess access,
                                     unsigned mmu_idx, gboolean probe, ModvmTcgTlbFill *out)
{
    guint64 raddr = ea & 0x0fffffffffffffffull;

    if (mmu_idx == POWER_MMU_HV_REAL) {
        if (!(ea >> 63)) {
            raddr |= cpu->regs.spr[SPR_HRMOR];
        }
    } else if (cpu->rma_size && raddr >= cpu->rma_size && !power_radix_enabled(cpu)) {
        if (!probe) {
            power_storage_fault(cpu, ea, access, DSISR_PROTFAULT, SRR1_ISI_PROT);
        }
        return FALSE;
    }
    out->paddr = raddr & ~(MODVM_PAGE_SIZE - 1);
    out->prot = MODVM_TCG_PROT_READ | MODVM_TCG_PROT_WRITE | MODVM_TCG_PROT_EXEC;
    out->page_bits = MODVM_PAGE_BITS;
    return TRUE;
}

gboolean power_cpu_tlb_fill(ModvmCpu *cs, guint64 vaddr, ModvmTcgAccess access, unsigned mmu_idx,
                            gboolean probe, ModvmTcgTlbFill *out)
{
    PowerCpu *cpu = POWER_CPU(cs);

    if (mmu_idx == POWER_MMU_REAL || mmu_idx == POWER_MMU_HV_REAL) {
        return power_real_translate(cpu, vaddr, access, mmu_idx, probe, out);
    }
    if (power_radix_enabled(cpu)) {
        return power_radix_translate(cpu, vaddr, access, mmu_idx, probe, out);
    }
    return power_hash_translate(cpu, vaddr, access, probe, out);
}

/* An access the IR marked MODVM_MO_ALIGN (larx): the instruction word is in excp_error. */
void power_cpu_unaligned(ModvmCpu *cs, guint64 vaddr, ModvmTcgAccess access)
{
    PowerCpu *cpu = POWER_CPU(cs);

    cpu->regs.spr[SPR_DAR] = vaddr;
    cpu->tcg.exception_index = POWER_EXCP_ALIGN;
}

void power_tlb_flush(PowerCpu *cpu)
{
    if (cpu->tcg.rt) {
        cpu->tcg.rt->tlb_flush(&cpu->tcg);
    }
}

/* The SLB instructions (Book III 5.9.3). A bad index or reserved bits: illegal, as QEMU. */
static void helper_slbmte(PowerCpu *cpu, guint64 rs, guint64 rb)
{
    guint64 index = rb & 0xfff, esid = rb & ~0xfffull, enc;

    if (index >= POWER_SLB_SIZE || (esid & ~(SLB_ESID_ESID | SLB_ESID_V)) ||
        (rs & SLB_VSID_B & ~SLB_VSID_B_1T) || !slb_page_shift(rs, &enc)) {
        power_raise(cpu, POWER_EXCP_PROGRAM, SRR1_PROGILL);
    }
    cpu->slb[index].esid = esid;
    cpu->slb[index].vsid = rs;
    power_tlb_flush(cpu);
}

static guint64 helper_slbmfee(PowerCpu *cpu, guint64 rb)
{
    if ((rb & 0xfff) >= POWER_SLB_SIZE) {
        power_raise(cpu, POWER_EXCP_PROGRAM, SRR1_PROGILL);
    }
    return cpu->slb[rb & 0xfff].esid;
}

static guint64 helper_slbmfev(PowerCpu *cpu, guint64 rb)
{
    if ((rb & 0xfff) >= POWER_SLB_SIZE) {
        power_raise(cpu, POWER_EXCP_PROGRAM, SRR1_PROGILL);
    }
    return cpu->slb[rb & 0xfff].vsid;
}

static void helper_slbie(PowerCpu *cpu, guint64 rb)
{
    PowerSlbEntry *e = power_slb_lookup(cpu, rb);

    if (e) {
        e->esid &= ~SLB_ESID_V;
        power_tlb_flush(cpu);
    }
}

/* slbia: every entry but 0, or (ISA 3.0) IH=3,4 entry 0 too, IH=3 only class 1, IH=7 none. */
static void helper_slbia(PowerCpu *cpu, guint64 ih)
{
    int first = (cpu->isa >= ISA300 && (ih == 3 || ih == 4)) ? 0 : 1;

    power_tlb_flush(cpu);
    if (cpu->isa >= ISA300 && ih == 7) {
        return;
    }
    for (int i = first; i < POWER_SLB_SIZE; i++) {
        if (cpu->isa >= ISA300 && ih == 3 && !(cpu->slb[i].vsid & SLB_VSID_C)) {
            continue;
        }
        cpu->slb[i].esid &= ~SLB_ESID_V;
    }
}

static guint64 helper_slbfee(PowerCpu *cpu, guint64 rb)
{
    PowerSlbEntry *e = power_slb_lookup(cpu, rb);
    return e ? e->vsid : ~0ull;
}

/*
 * tlbie/tlbiel (Book III 5.9.3.3): modvm keeps no translation but
 * accel-tcg's TLB (no page walk cache), so every form flushes it, every
 * CPU's for tlbie. A radix tlbiel of one page (IS=0, RIC=0) of at most
 * 64K flushes only that page's 4K translations, the size radix fills
 * with. Privilege as on QEMU 7.2: supervisor state may use tlbiel but
 * not the partition-scoped forms under radix (PRS=0, LPCR[HR]=1), and
 * tlbie only with LPCR[GTSE].
 */
#define TLBIE_LOCAL 0x10000u
#define TLBIE_RIC(f) (((f) >> 2) & 3)
#define TLBIE_PRS 0x2u
#define TLBIE_R 0x1u

static void helper_tlbie(PowerCpu *cpu, guint64 rb, guint64 fields)
{
    gboolean hv = (cpu->regs.msr & MSR_BIT(MSR_HV)) != 0, local = (fields & TLBIE_LOCAL) != 0;
    guint64 lpcr = cpu->regs.spr[SPR_LPCR];

    if (cpu->isa < ISA300) {
        fields &= TLBIE_LOCAL;      /* RIC, PRS and R were reserved */
    }
    if (!hv && ((!(fields & TLBIE_PRS) && (lpcr & LPCR_HR)) || (!local && !(lpcr & LPCR_GTSE)))) {
        power_raise(cpu, POWER_EXCP_PROGRAM, SRR1_PROGPRIV);
    }
    if (!cpu->tcg.rt) {
        return;
    }
    if (!local) {
        cpu->tcg.rt->tlb_flush_all_cpus(&cpu->tcg);
        return;
    }
    /* RB: EPN (0:51), IS (52:53), AP (56:58); AP 0 is 4K, 5 is 64K (Book III 5.7.10.4). */
    if ((fields & TLBIE_R) && TLBIE_RIC(fields) == 0 && ((rb >> 10) & 3) == 0 &&
        (((rb >> 5) & 7) == 0 || ((rb >> 5) & 7) == 5)) {
        guint64 size = ((rb >> 5) & 7) == 5 ? 0x10000 : 0x1000;
        guint64 ea = rb & ~(size - 1);

        for (guint64 off = 0; off < size; off += MODVM_PAGE_SIZE) {
            cpu->tcg.rt->tlb_flush_page(&cpu->tcg, ea + off);
        }
        return;
    }
    cpu->tcg.rt->tlb_flush(&cpu->tcg);
}

static const ModvmTcgHelper h_slbmte = { "slbmte", (gpointer)helper_slbmte, 3, FALSE, 1, FALSE };
static const ModvmTcgHelper h_slbmfee = { "slbmfee", (gpointer)helper_slbmfee, 2, TRUE, 1, FALSE };
static const ModvmTcgHelper h_slbmfev = { "slbmfev", (gpointer)helper_slbmfev, 2, TRUE, 1, FALSE };
static const ModvmTcgHelper h_slbie = { "slbie", (gpointer)helper_slbie, 2, FALSE, 1, FALSE };
static const ModvmTcgHelper h_slbia = { "slbia", (gpointer)helper_slbia, 2, FALSE, 1, FALSE };
static const ModvmTcgHelper h_slbfee = { "slbfee", (gpointer)helper_slbfee, 2, TRUE, 1, FALSE };
static const ModvmTcgHelper h_tlbie = { "tlbie", (gpointer)helper_tlbie, 3, FALSE, 1, FALSE };

gboolean trans_slbmte(PowerDisas *d)
{
    power_call(d, &h_slbmte, power_load_gpr(d, F_RS(d->insn)), power_load_gpr(d, F_RB(d->insn)), 0);
    power_gen_exit_after(d);
    return TRUE;
}

gboolean trans_slbmfee(PowerDisas *d)
{
    power_store_gpr(d, F_RT(d->insn),
                    power_call(d, &h_slbmfee, power_load_gpr(d, F_RB(d->insn)), 0, 0));
    return TRUE;
}

gboolean trans_slbmfev(PowerDisas *d)
{
    power_store_gpr(d, F_RT(d->insn),
                    power_call(d, &h_slbmfev, power_load_gpr(d, F_RB(d->insn)), 0, 0));
    return TRUE;
}

gboolean trans_slbie(PowerDisas *d)
{
    power_call(d, &h_slbie, power_load_gpr(d, F_RB(d->insn)), 0, 0);
    power_gen_exit_after(d);
    return TRUE;
}

gboolean trans_slbia(PowerDisas *d)
{
    power_call(d, &h_slbia, power_const(d, (d->insn >> 21) & 7), 0, 0);
    power_gen_exit_after(d);
    return TRUE;
}

/* slbfee.: RT <- the VSID data of the entry for EA RB, CR0[EQ] when found; else 0. */
gboolean trans_slbfee(PowerDisas *d)
{
    ModvmTcgTemp v = power_call(d, &h_slbfee, power_load_gpr(d, F_RB(d->insn)), 0, 0);
    ModvmTcgTemp found = power_temp(d), cr = power_temp(d), zero = power_const(d, 0);

    modvm_tcg_setcond(d->ctx, MODVM_TCG_COND_NE, found, v, power_const(d, ~0ull));
    power_opi(d, MODVM_OP_SHL, cr, found, 1);
    power_op(d, MODVM_OP_OR, cr, cr, power_load_field(d, CPU_OFF(regs.xer_so)));
    modvm_tcg_st(d->ctx, MODVM_OP_ST32, cr, CRF_OFF(0));
    modvm_tcg_movcond(d->ctx, MODVM_TCG_COND_NE, v, found, zero, v, zero);
    power_store_gpr(d, F_RT(d->insn), v);
    return TRUE;
}

gboolean trans_slbsync(PowerDisas *d)
{
    return TRUE;
}

/* The RIC (bits 12:13), PRS (14) and R (15) fields, and whether it is tlbiel. */
static guint64 tlbie_fields(PowerDisas *d, gboolean local)
{
    return ((d->insn >> 16) & 0xf) | (local ? TLBIE_LOCAL : 0);
}

gboolean trans_tlbie(PowerDisas *d)
{
    power_call(d, &h_tlbie, power_load_gpr(d, F_RB(d->insn)),
               power_const(d, tlbie_fields(d, FALSE)), 0);
    power_gen_exit_after(d);
    return TRUE;
}

gboolean trans_tlbiel(PowerDisas *d)
{
    power_call(d, &h_tlbie, power_load_gpr(d, F_RB(d->insn)),
               power_const(d, tlbie_fields(d, TRUE)), 0);
    power_gen_exit_after(d);
    return TRUE;
}

gboolean trans_tlbsync(PowerDisas *d)
{
    return TRUE;
}
