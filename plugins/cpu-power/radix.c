/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Radix tree translation (Power ISA 3.0B Book III 5.7.10 and 5.7.11; 3.1 Book III 6.7.10). */
#include "internal.h"

#include <inttypes.h>

/* Partition table entry (Book III 5.7.6.2): dword 0 HR, dword 1 for a radix guest. */
#define PATE0_HR PPC_BIT(0)
#define PATE1_GR PPC_BIT(0)
#define PATE1_PRTB 0x0ffffffffffff000ull
#define PATE1_PRTS 0x1full
/* Process table entry, dword 0 (Book III 5.7.6.3): RTS1 (1:2), RPDB (4:55), RTS2 (56:58), RPDS. */
#define PRTE0_RPDB 0x0fffffffffffff00ull
#define PRTE0_RPDS 0x1full
/* Page directory entries and leaves (Book III 5.7.10.1). */
#define RPTE_V PPC_BIT(0)
#define RPTE_L PPC_BIT(1)
#define RPDE_NLB 0x0fffffffffffff00ull
#define RPDE_NLS 0x1full
#define RPTE_RPN 0x01fffffffffff000ull
#define RPTE_R PPC_BIT(55)
#define RPTE_C PPC_BIT(56)
#define RPTE_ATT 0x30ull
#define RPTE_ATT_NI_IO 0x20ull
#define RPTE_EAA_PRIV 0x8ull
#define RPTE_EAA_R 0x4ull
#define RPTE_EAA_RW 0x2ull
#define RPTE_EAA_X 0x1ull

/* DSISR (and ISI SRR1) causes of radix faults. */
#define DSISR_R_BADCONFIG PPC_BIT32(12)

gboolean power_radix_enabled(PowerCpu *cpu)
{
    return cpu->isa >= ISA300 && (cpu->regs.spr[SPR_LPCR] & LPCR_HR);
}

/*
 * Guest real memory as the walk reads it: the address space, and the RAM
 * at real address 0 as one host range, looked up once per translation
 * (a TLB refill reads up to five table entries).
 */
typedef struct {
    ModvmAddressSpace *as;
    guint8 *ram;
    guint64 ram_size;
} RadixMem;

static gboolean radix_mem(PowerCpu *cpu, RadixMem *m)
{
    ModvmObject *root = modvm_object_get_root((ModvmObject *)cpu);

    if (!MODVM_IS_MACHINE(root)) {
        return FALSE;
    }
    m->as = modvm_machine_address_space((ModvmMachine *)root);
    m->ram = modvm_address_space_ram_ptr(m->as, 0, TRUE, &m->ram_size);
    if (!m->ram) {
        m->ram_size = 0;
    }
    return TRUE;
}

/*
 * A table entry at real address @addr. Unassigned memory reads as 0 (an
 * invalid entry), as QEMU's ldq_phys; *@host is where the entry lives in
 * RAM, for the R and C bits, or NULL.
 */
static guint64 radix_load(RadixMem *m, guint64 addr, guint64 **host)
{
    guint64 avail = 0, v = 0, *p = NULL;

    if (addr & 7) {
        *host = NULL;
        return modvm_address_space_load(m->as, addr, 8, MODVM_ENDIAN_BIG, &v) == MODVM_MEM_OK
               ? v : 0;
    }
    if (addr < m->ram_size && m->ram_size - addr >= 8) {
        p = (guint64 *)(m->ram + addr);
    } else {
        p = modvm_address_space_ram_ptr(m->as, addr, TRUE, &avail);
        if (p && avail < 8) {
            p = NULL;
        }
    }
    *host = p;
    if (p) {
        return GUINT64_FROM_BE(__atomic_load_n(p, __ATOMIC_RELAXED));
    }
    if (modvm_address_space_load(m->as, addr, 8, MODVM_ENDIAN_BIG, &v) != MODVM_MEM_OK) {
        return 0;
    }
    return v;
}

/*
 * The partition table entry of @lpid. A guest of a virtual hypervisor gets
 * it from the machine; on bare metal it is entry LPID of the table PTCR
 * points to, of 2^(12 + PATS) bytes.
 */
static gboolean radix_get_pate(PowerCpu *cpu, RadixMem *m, guint64 lpid, guint64 pate[2])
{
    guint64 ptcr = cpu->regs.spr[SPR_PTCR], *host;

    if (cpu->vhyp) {
        return cpu->vhyp->get_pate && cpu->vhyp->get_pate(cpu, cpu->vhyp_opaque, pate);
    }
    if (lpid * 16 >= 1ull << (12 + MIN(ptcr & 0x1f, 24))) {
        return FALSE;
    }
    pate[0] = radix_load(m, (ptcr & 0x0ffffffffffff000ull) + lpid * 16, &host);
    pate[1] = radix_load(m, (ptcr & 0x0ffffffffffff000ull) + lpid * 16 + 8, &host);
    return TRUE;
}

/*
 * The page directory levels POWER9 and Power10 implement (POWER9 User's
 * Manual 4.10.4.1, Power10 5.10.6.1): a 52-bit tree of 13, 9, 9 and 9 or
 * 5 index bits. Another shape is a bad configuration (as on QEMU).
 */
static gboolean radix_level_ok(int level, unsigned tree_bits, unsigned nls)
{
    switch (level) {
    case 0:
        return tree_bits == 52 && nls == 13;
    case 1:
    case 2:
        return nls == 9;
    case 3:
        return nls == 9 || nls == 5;
    default:
        return FALSE;
    }
}

typedef struct {
    guint64 pte;
    guint64 *host;          /* where the leaf lives in RAM, or NULL */
    unsigned shift;         /* the page size the leaf maps */
} RadixLeaf;

/*
 * Walks the tree rooted at @base (2^@nls entries) that maps 2^@tree_bits
 * bytes, for @ea (Book III 5.7.10.2): each level takes the next NLS bits
 * of the EA; a leaf may sit at any level and maps what is left. Returns
 * 0 and the leaf, or the DSISR cause.
 */
static guint32 radix_walk(RadixMem *m, guint64 ea, guint64 base, unsigned nls,
                          unsigned tree_bits, RadixLeaf *out)
{
    unsigned left = tree_bits;
    guint64 pde = 0, *host = NULL;

    for (int level = 0;; level++) {
        guint64 index;

        if (!radix_level_ok(level, left, nls)) {
            modvm_log_guest_error("radix: unsupported tree shape: level %d, %u bits left, "
                                  "NLS %u\n", level, left, nls);
            return DSISR_R_BADCONFIG;
        }
        /* A directory is aligned to its size; the low bits of its address are ignored. */
        base &= ~((8ull << nls) - 1);
        left -= nls;
        index = (ea >> left) & ((1ull << nls) - 1);
        pde = radix_load(m, base + index * 8, &host);
        if (!(pde & RPTE_V)) {
            return DSISR_NOPTE;
        }
        if (pde & RPTE_L) {
            break;
        }
        base = pde & RPDE_NLB;
        nls = pde & RPDE_NLS;
    }
    out->pte = pde;
    out->host = host;
    out->shift = left;
    return 0;
}

/*
 * What the leaf permits (Book III 5.7.10.3): EAA, privilege, and for a
 * privileged access to a non-privileged page, key 0 of AMR and IAMR.
 * Non-idempotent I/O is guarded: no fetch.
 */
static guint32 radix_prot(PowerCpu *cpu, guint64 pte, gboolean pr)
{
    guint32 prot = 0;

    if ((pte & RPTE_EAA_PRIV) && pr) {
        return 0;
    }
    if (pte & RPTE_EAA_R) {
        prot |= MODVM_TCG_PROT_READ;
    }
    if (pte & RPTE_EAA_RW) {
        prot |= MODVM_TCG_PROT_READ | MODVM_TCG_PROT_WRITE;
    }
    if ((pte & RPTE_EAA_X) && (pte & RPTE_ATT) != RPTE_ATT_NI_IO) {
        prot |= MODVM_TCG_PROT_EXEC;
    }
    if (!pr && !(pte & RPTE_EAA_PRIV)) {
        /*
         * Kernel access to a user page (Linux's KUAP/KUEP): key 0. A later
         * AMR change does not flush the TLB (as on QEMU), so a translation
         * cached while AMR allowed more is kept: only faults can be missed.
         */
        guint64 amr = cpu->regs.spr[SPR_AMR] >> 62, iamr = cpu->regs.spr[SPR_IAMR] >> 62;

        if (amr & 2) {
            prot &= ~MODVM_TCG_PROT_WRITE;
        }
        if (amr & 1) {
            prot &= ~MODVM_TCG_PROT_READ;
        }
        if (iamr & 1) {
            prot &= ~MODVM_TCG_PROT_EXEC;
        }
    }
    return prot;
}

/* A radix storage fault: DSI with DSISR, or ISI with the same cause bits in SRR1. */
static void radix_fault(PowerCpu *cpu, guint64 ea, ModvmTcgAccess access, guint32 cause)
{
    power_storage_fault(cpu, ea, access, cause, cause);
}

/* Out of the quadrants a guest may use, or beyond the tree: a segment interrupt. */
static void radix_segment_fault(PowerCpu *cpu, guint64 ea, ModvmTcgAccess access)
{
    if (access == MODVM_TCG_ACCESS_FETCH) {
        cpu->tcg.exception_index = POWER_EXCP_ISEG;
    } else {
        cpu->tcg.exception_index = POWER_EXCP_DSEG;
        cpu->regs.spr[SPR_DAR] = ea;
    }
    cpu->excp_error = 0;
    if (modvm_log_enabled(MODVM_LOG_MMU)) {
        modvm_log(MODVM_LOG_MMU, "power: radix segment fault at 0x%016" PRIx64 "\n", ea);
    }
}

/*
 * Guest real to host real: the partition-scoped walk (Book III 5.7.11).
 * The RAM of a virtual hypervisor's guest is the machine's, and a
 * hypervisor's own accesses are not partition-scoped: both are the
 * identity. The partition-scoped tree of a bare-metal hypervisor's guest
 * is not walked yet.
 */
static gboolean radix_guest_real(PowerCpu *cpu, guint64 graddr, guint64 *raddr)
{
    *raddr = graddr;
    return TRUE;
}

/*
 * Translation with MSR[IR] or [DR] 1 when LPCR[HR] says radix. The EA's
 * top two bits select the quadrant (Book III 5.7.10.1): 0 the process of
 * PIDR, 3 the operating system (PID 0); 1 and 2 are the hypervisor's. A
 * guest's quadrant 1 or 2 is a segment interrupt, as is an EA beyond the
 * 2^RTS bytes the tree maps (Book III 5.7.10.2).
 */
gboolean power_radix_translate(PowerCpu *cpu, guint64 ea, ModvmTcgAccess access,
                               unsigned mmu_idx, gboolean probe, ModvmTcgTlbFill *out)
{
    static const guint32 need_prot[] = {
        [MODVM_TCG_ACCESS_LOAD] = MODVM_TCG_PROT_READ,
        [MODVM_TCG_ACCESS_STORE] = MODVM_TCG_PROT_WRITE,
        [MODVM_TCG_ACCESS_FETCH] = MODVM_TCG_PROT_EXEC,
    };
    RadixMem mem;
    gboolean hv = mmu_idx == POWER_MMU_HV, pr = mmu_idx == POWER_MMU_USER;
    guint64 quadrant = ea >> 62, lpid, pid, pate[2], prtb, prts, prte, *host, graddr, raddr;
    unsigned tree_bits;
    guint32 cause, prot;
    RadixLeaf leaf;

    if (!radix_mem(cpu, &mem)) {
        return FALSE;
    }
    if (quadrant == 1 || quadrant == 2) {
        if (!hv) {
            if (!probe) {
                radix_segment_fault(cpu, ea, access);
            }
            return FALSE;
        }
        lpid = cpu->regs.spr[SPR_LPIDR];
        pid = quadrant == 1 ? cpu->regs.spr[SPR_PIDR] : 0;
    } else {
        lpid = hv ? 0 : cpu->regs.spr[SPR_LPIDR];
        pid = quadrant == 0 ? cpu->regs.spr[SPR_PIDR] : 0;
    }
    if (!radix_get_pate(cpu, &mem, lpid, pate)) {
        if (!probe) {
            radix_fault(cpu, ea, access, DSISR_NOPTE);
        }
        return FALSE;
    }
    /* A hypervisor's process table is in its PATE's second dword too (Book III 5.7.6.2). */
    prtb = pate[1] & PATE1_PRTB;
    prts = pate[1] & PATE1_PRTS;
    if (pid * 16 >= 1ull << (prts + 12)) {
        if (!probe) {
            radix_fault(cpu, ea, access, DSISR_NOPTE);
        }
        return FALSE;
    }
    if (!radix_guest_real(cpu, prtb + pid * 16, &raddr)) {
        return FALSE;
    }
    prte = radix_load(&mem, raddr, &host);
    tree_bits = (((prte >> 58) & 0x18) | ((prte >> 5) & 0x7)) + 31;
    if (tree_bits < 62 && ((ea & ~(3ull << 62)) >> tree_bits)) {
        if (!probe) {
            radix_segment_fault(cpu, ea, access);
        }
        return FALSE;
    }
    cause = radix_walk(&mem, ea, prte & PRTE0_RPDB, prte & PRTE0_RPDS, tree_bits, &leaf);
    if (cause) {
        if (!probe) {
            radix_fault(cpu, ea, access, cause);
        }
        return FALSE;
    }
    prot = radix_prot(cpu, leaf.pte, pr);
    if (!(prot & need_prot[access])) {
        if (!probe) {
            radix_fault(cpu, ea, access,
                        access == MODVM_TCG_ACCESS_FETCH ? PPC_BIT32(3) : DSISR_PROTFAULT);
        }
        return FALSE;
    }
    /*
     * Reference and change (Book III 5.7.12): either set by the hardware
     * or a storage interrupt; modvm sets them, as QEMU 7.2 does. A page
     * not yet changed is cached read-only so that the first store comes
     * back here.
     */
    if (!probe) {
        guint64 set = RPTE_R | (access == MODVM_TCG_ACCESS_STORE ? RPTE_C : 0);

        if ((leaf.pte & set) != set && leaf.host) {
            __atomic_fetch_or(leaf.host, GUINT64_TO_BE(set), __ATOMIC_SEQ_CST);
            leaf.pte |= set;
        }
        if (!(leaf.pte & RPTE_C)) {
            prot &= ~MODVM_TCG_PROT_WRITE;
        }
    } else if (!(leaf.pte & RPTE_C) || !(leaf.pte & RPTE_R)) {
        /* A probe must not hand out what a real access would first have to record. */
        prot &= (leaf.pte & RPTE_R) ? ~MODVM_TCG_PROT_WRITE : 0;
        if (!(prot & need_prot[access])) {
            return FALSE;
        }
    }
    graddr = (leaf.pte & RPTE_RPN & ~((1ull << leaf.shift) - 1)) |
             (ea & ((1ull << leaf.shift) - 1) & ~(MODVM_PAGE_SIZE - 1));
    if (!radix_guest_real(cpu, graddr, &raddr)) {
        return FALSE;
    }
    /*
     * Filled 4K at a time whatever the leaf's size, so that a tlbiel of
     * one page can drop just its translations (see helper_tlbie).
     */
    out->paddr = raddr;
    out->prot = prot;
    out->page_bits = MODVM_PAGE_BITS;
    return TRUE;
}
