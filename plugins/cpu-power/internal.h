/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the files of the POWER frontend share: MSR/SPR numbers, exceptions, the translator's context. */
#pragma once

#include "cpu-power.h"

#include <stddef.h>

/* Power ISA bit numbers count from the most significant bit: PPC_BIT(0) is 1 << 63. */
#define PPC_BIT(n) (1ull << (63 - (n)))
#define PPC_BIT32(n) (1u << (31 - (n)))

/* MSR bits (Book III "Machine State Register"), as shifts from the least significant bit. */
enum {
    MSR_SF = 63, MSR_HV = 60, MSR_S = 22, MSR_TS1 = 34, MSR_TS0 = 33, MSR_TM = 32,
    MSR_VEC = 25, MSR_VSX = 23, MSR_EE = 15, MSR_PR = 14, MSR_FP = 13, MSR_ME = 12,
    MSR_FE0 = 11, MSR_SE = 10, MSR_BE = 9, MSR_FE1 = 8, MSR_IR = 5, MSR_DR = 4,
    MSR_PMM = 2, MSR_RI = 1, MSR_LE = 0,
};
#define MSR_BIT(b) (1ull << (b))

/* SPR numbers (Book III "SPR encodings"). */
enum {
    SPR_XER = 1, SPR_UDSCR = 3, SPR_LR = 8, SPR_CTR = 9, SPR_UAMR = 13, SPR_DSCR = 17,
    SPR_DSISR = 18, SPR_DAR = 19, SPR_DEC = 22, SPR_SDR1 = 25, SPR_SRR0 = 26, SPR_SRR1 = 27,
    SPR_CFAR = 28, SPR_AMR = 29, SPR_PIDR = 48, SPR_IAMR = 61, SPR_CTRL_READ = 136,
    SPR_CTRL = 152, SPR_FSCR = 153, SPR_UAMOR = 157, SPR_PSPB = 159, SPR_DPDES = 176,
    SPR_DAWR0 = 180, SPR_RPR = 186, SPR_CIABR = 187, SPR_DAWRX0 = 188, SPR_HFSCR = 190,
    SPR_VRSAVE = 256, SPR_USPRG3 = 259, SPR_TBL_READ = 268, SPR_TBU_READ = 269,
    SPR_SPRG0 = 272, SPR_SPRG1 = 273, SPR_SPRG2 = 274, SPR_SPRG3 = 275,
    SPR_TBL = 284, SPR_TBU = 285, SPR_TBU40 = 286, SPR_PVR = 287,
    SPR_HSPRG0 = 304, SPR_HSPRG1 = 305, SPR_HDSISR = 306, SPR_HDAR = 307, SPR_SPURR = 308,
    SPR_PURR = 309, SPR_HDEC = 310, SPR_HRMOR = 313, SPR_HSRR0 = 314, SPR_HSRR1 = 315,
    SPR_LPCR = 318, SPR_LPIDR = 319, SPR_HMER = 336, SPR_HMEER = 337, SPR_PCR = 338,
    SPR_HEIR = 339, SPR_AMOR = 349, SPR_PTCR = 464, SPR_HASHKEYR = 468, SPR_HASHPKEYR = 469,
    SPR_TAR = 815, SPR_ASDR = 816, SPR_VTB = 849, SPR_PSSCR = 855, SPR_PPR = 896, SPR_PPR32 = 898,
    SPR_HID0 = 1008, SPR_PIR = 1023,
};

/* LPCR bits. */
#define LPCR_AIL_SHIFT (63 - 40)
#define LPCR_AIL (3ull << LPCR_AIL_SHIFT)
#define LPCR_HAIL PPC_BIT(37)
#define LPCR_ILE PPC_BIT(38)
#define LPCR_HR PPC_BIT(43)
#define LPCR_GTSE PPC_BIT(53)
#define LPCR_LD PPC_BIT(46)
#define LPCR_HEIC PPC_BIT(59)
#define LPCR_LPES0 PPC_BIT(60)
#define LPCR_LPES1 PPC_BIT(61)
#define LPCR_HVICE PPC_BIT(62)
#define LPCR_HDICE PPC_BIT(63)

/* FSCR facility enables and their interruption cause codes. */
#define FSCR_IC_SHIFT 56
enum {
    FSCR_DSCR = 2, FSCR_TM = 5, FSCR_EBB = 7, FSCR_TAR = 8, FSCR_SCV = 12, FSCR_PREFIX = 13,
};
enum {
    FSCR_IC_DSCR = 2, FSCR_IC_TM = 5, FSCR_IC_EBB = 7, FSCR_IC_TAR = 8, FSCR_IC_SCV = 12,
};

/* SRR1 bits the program interrupt sets (Book III "Program Interrupt"). */
#define SRR1_PROGFP PPC_BIT(43)
#define SRR1_PROGILL PPC_BIT(44)
#define SRR1_PROGPRIV PPC_BIT(45)
#define SRR1_PROGTRAP PPC_BIT(46)

/* DSISR bits (and SRR1 bits of the instruction storage interrupt, which match). */
#define DSISR_NOPTE PPC_BIT32(1)
#define DSISR_PROTFAULT PPC_BIT32(4)
#define DSISR_STORE PPC_BIT32(6)
#define DSISR_SEGMENT PPC_BIT32(10)
#define SRR1_ISI_NOPTE PPC_BIT(33)
#define SRR1_ISI_N_G PPC_BIT(35)
#define SRR1_ISI_PROT PPC_BIT(36)

/*
 * What the frontend asks do_interrupt to deliver (tcg.exception_index).
 * The extra state (program interrupt cause, LEV, facility) is excp_error.
 */
typedef enum {
    POWER_EXCP_RESET,       /* 0x100 */
    POWER_EXCP_MCHECK,      /* 0x200 */
    POWER_EXCP_DSI,         /* 0x300 */
    POWER_EXCP_DSEG,        /* 0x380 */
    POWER_EXCP_ISI,         /* 0x400: SRR1 cause bits in excp_error */
    POWER_EXCP_ISEG,        /* 0x480 */
    POWER_EXCP_EXTERNAL,    /* 0x500 */
    POWER_EXCP_ALIGN,       /* 0x600: excp_error is the instruction word */
    POWER_EXCP_PROGRAM,     /* 0x700: excp_error is SRR1_PROG* */
    POWER_EXCP_FPU,         /* 0x800 */
    POWER_EXCP_DECR,        /* 0x900 */
    POWER_EXCP_HDECR,       /* 0x980 */
    POWER_EXCP_DOORBELL,    /* 0xa00 */
    POWER_EXCP_SYSCALL,     /* 0xc00: excp_error is LEV; nip is the sc instruction's */
    POWER_EXCP_TRACE,       /* 0xd00: nip is the next instruction's */
    POWER_EXCP_HDSI,        /* 0xe00 */
    POWER_EXCP_HISI,        /* 0xe20 */
    POWER_EXCP_HV_EMU,      /* 0xe40: excp_error as for PROGRAM; HEIR gets the instruction */
    POWER_EXCP_HDOORBELL,   /* 0xe80 */
    POWER_EXCP_HVIRT,       /* 0xea0 */
    POWER_EXCP_PERFM,       /* 0xf00 */
    POWER_EXCP_VPU,         /* 0xf20 */
    POWER_EXCP_VSXU,        /* 0xf40 */
    POWER_EXCP_FU,          /* 0xf60: FSCR[IC] already set */
    POWER_EXCP_SYSCALL_VECTORED, /* 0x17000 + 0x20 * LEV; nip is the scv instruction's */
    POWER_EXCP__COUNT
} PowerExcp;

/* ISA levels a decode table entry can require. */
enum { ISA206 = 206, ISA207 = 207, ISA300 = 300, ISA310 = 310 };

/* The MSR bits that select how a block is translated (get_tb_state's flags). */
#define POWER_TB_FLAGS_MSR (MSR_BIT(MSR_SF) | MSR_BIT(MSR_HV) | MSR_BIT(MSR_PR) | \
                            MSR_BIT(MSR_IR) | MSR_BIT(MSR_DR) | MSR_BIT(MSR_LE) | \
                            MSR_BIT(MSR_FP) | MSR_BIT(MSR_VEC) | MSR_BIT(MSR_VSX) | \
                            MSR_BIT(MSR_SE))
/*
 * Not MSR bits (MSR bits 1:2 are reserved): in problem state, the PCR's
 * level (POWER_TB_PCR_*), so that a block is translated again when the
 * hypervisor changes the compatibility mode.
 */
#define POWER_TB_FLAGS_PCR_SHIFT 61
#define POWER_TB_FLAGS_PCR (3ull << POWER_TB_FLAGS_PCR_SHIFT)
enum { POWER_TB_PCR_NONE, POWER_TB_PCR_206, POWER_TB_PCR_207, POWER_TB_PCR_300 };

/* mmu_idx values: what decides a translation (Book III "Storage Control"). */
enum {
    POWER_MMU_USER = 0,     /* MSR[PR]=1, relocation on */
    POWER_MMU_KERNEL = 1,   /* PR=0 HV=0, relocation on */
    POWER_MMU_HV = 2,       /* PR=0 HV=1, relocation on */
    POWER_MMU_REAL = 3,     /* HV=0, relocation off */
    POWER_MMU_HV_REAL = 4,  /* HV=1, relocation off */
    POWER_MMU_COUNT
};

unsigned power_mmu_idx(guint64 msr, gboolean data);

/* Offsets of the architected state from the CPU object, for the IR. */
#define CPU_OFF(field) offsetof(PowerCpu, field)
#define GPR_OFF(n) CPU_OFF(regs.gpr[n])
#define CRF_OFF(n) CPU_OFF(regs.crf[n])
#define SPR_OFF(n) CPU_OFF(regs.spr[n])

/* The translator's state for one block. */
typedef enum {
    POWER_DISAS_NEXT,       /* go on with the next instruction */
    POWER_DISAS_UPDATE,     /* machine state changed: store nip and leave to the loop */
    POWER_DISAS_NORETURN,   /* the instruction ended the block itself */
} PowerDisasEnd;

typedef struct {
    ModvmTcgContext *ctx;
    PowerCpu *cpu;
    guint64 pc;             /* this instruction's address */
    guint32 insn;           /* the instruction word, or a prefixed instruction's suffix */
    guint32 prefix;         /* a prefixed instruction's prefix word */
    gboolean prefixed;
    guint64 msr;            /* the MSR bits of the block's flags */
    gboolean sf, pr, hv, le;
    unsigned mem_idx;       /* mmu_idx of data accesses */
    unsigned isa;
    /* the newest instructions and SPRs the block may use: isa, or in problem state the PCR's */
    unsigned insn_isa;
    PowerDisasEnd end;
} PowerDisas;

typedef gboolean (*PowerTransFn)(PowerDisas *d);

/* Entry flags of the decode table. */
enum {
    INSN_PRIV = 1 << 0,     /* supervisor only (privileged program interrupt in problem state) */
    INSN_HV = 1 << 1,       /* hypervisor only */
    INSN_FP = 1 << 2,       /* a floating-point instruction: needs MSR[FP] */
    INSN_VEC = 1 << 3,      /* a vector instruction: needs MSR[VEC] */
    INSN_VSX = 1 << 4,      /* a VSX instruction: needs MSR[VSX] */
    INSN_UNIMP = 1 << 5,    /* known but not implemented yet: illegal, with a log line */
};

typedef struct {
    const char *name;
    guint32 mask;
    guint32 match;
    PowerTransFn trans;
    guint16 isa;            /* the first Power ISA version that has it */
    guint16 flags;          /* INSN_* */
    guint32 pmask;          /* a prefixed instruction's prefix (mask, match); 0: not prefixed */
    guint32 pmatch;
} PowerInsnDef;

const PowerInsnDef *power_decode(guint32 insn);
/* A prefixed instruction (primary opcode 1 in @prefix, Power ISA v3.1 Book I 1.6.3). */
const PowerInsnDef *power_decode_prefixed(guint32 prefix, guint32 suffix);
/* The table, for tests: every entry, in priority order. */
const PowerInsnDef *power_decode_table(guint *n);

/* Instruction fields (Power ISA Book I "Instruction Fields"). */
#define F_RT(i) (((i) >> 21) & 31)
#define F_RS(i) F_RT(i)
#define F_RA(i) (((i) >> 16) & 31)
#define F_RB(i) (((i) >> 11) & 31)
#define F_RC(i) ((i) & 1)
#define F_OE(i) (((i) >> 10) & 1)
#define F_SIMM(i) ((gint64)(gint16)(i))
#define F_UIMM(i) ((guint64)((i) & 0xffff))
#define F_BF(i) (((i) >> 23) & 7)
#define F_BFA(i) (((i) >> 18) & 7)
#define F_L21(i) (((i) >> 21) & 1)
#define F_BO(i) F_RT(i)
#define F_BI(i) F_RA(i)
#define F_SPR(i) ((((i) >> 16) & 0x1f) | (((i) >> 6) & 0x3e0))
/* Prefix fields: the type (bits 6:7) and, of the 8LS and MLS types, R (bit 11). */
#define F_PTYPE(p) (((p) >> 24) & 3)
#define F_PR(p) (((p) >> 20) & 1)
enum { PREFIX_8LS = 0, PREFIX_8RR = 1, PREFIX_MLS = 2, PREFIX_MMIRR = 3 };

/* translate.c: the emitters the trans_* functions share. */
ModvmTcgTemp power_load_gpr(PowerDisas *d, unsigned n);
void power_store_gpr(PowerDisas *d, unsigned n, ModvmTcgTemp t);
ModvmTcgTemp power_load_field(PowerDisas *d, gsize offset);
void power_store_field(PowerDisas *d, gsize offset, ModvmTcgTemp t);
void power_store_imm(PowerDisas *d, gsize offset, guint64 v);
ModvmTcgTemp power_temp(PowerDisas *d);
ModvmTcgTemp power_const(PowerDisas *d, guint64 v);
void power_op(PowerDisas *d, ModvmTcgOpc opc, ModvmTcgTemp dst, ModvmTcgTemp a, ModvmTcgTemp b);
void power_opi(PowerDisas *d, ModvmTcgOpc opc, ModvmTcgTemp dst, ModvmTcgTemp a, guint64 imm);
void power_op1(PowerDisas *d, ModvmTcgOpc opc, ModvmTcgTemp dst, ModvmTcgTemp a);
/* CR0 from @result (compared as 32 bits in 32-bit mode) and XER[SO]. */
void power_gen_set_cr0(PowerDisas *d, ModvmTcgTemp result);
/* CR field @bf from comparing @a and @b, signed or not. */
void power_gen_compare(PowerDisas *d, unsigned bf, ModvmTcgTemp a, ModvmTcgTemp b,
                       gboolean is_signed);
/* Truncate an effective address to 32 bits in 32-bit mode. */
void power_gen_narrow_ea(PowerDisas *d, ModvmTcgTemp ea);
/* End the block with an exception at this instruction (nip = its address). */
void power_gen_exception(PowerDisas *d, PowerExcp excp, guint64 error);
void power_gen_program(PowerDisas *d, guint64 srr1_bits);
/* The illegal-instruction interrupt (HEAI or, for a PAPR guest, the program interrupt). */
void power_gen_illegal(PowerDisas *d);
/* Privileged in problem state (program interrupt, privileged type). */
void power_gen_priv(PowerDisas *d);
/* Hypervisor privileged (HEAI, or the privileged program interrupt for a PAPR guest). */
void power_gen_hvpriv(PowerDisas *d);
/* Facility Unavailable unless FSCR has @bit (problem state checks). */
void power_gen_check_fscr(PowerDisas *d, unsigned bit, unsigned cause);
/* The Facility Unavailable interrupt for TM, which is never enabled (tm.c). */
gboolean power_gen_tm_unavailable(PowerDisas *d);
/* MASK(mb, me) of Book I "Rotate and Shift". */
guint64 power_rotate_mask(unsigned mb, unsigned me);
/* Call @h with the CPU and up to 3 more temps; return its result temp (or 0). */
ModvmTcgTemp power_call(PowerDisas *d, const ModvmTcgHelper *h, ModvmTcgTemp a1,
                        ModvmTcgTemp a2, ModvmTcgTemp a3);
/* Direct jump to @target (32-bit wrap in 32-bit mode) through chaining slot @slot. */
void power_gen_goto(PowerDisas *d, unsigned slot, guint64 target);
/* Leave the block after this instruction for the loop (state changed). */
void power_gen_exit_after(PowerDisas *d);

/* loadstore.c: memory operation flags for @size (MODVM_MO_8..64) in the current byte order. */
unsigned power_memop(PowerDisas *d, unsigned size, gboolean sign, gboolean reversed);
/* EA = (RA|0) + @disp_or_rb, narrowed in 32-bit mode. */
ModvmTcgTemp power_gen_ea(PowerDisas *d, ModvmTcgTemp disp_or_rb);
/*
 * The EA of a displacement form: (RA|0) + @disp; of a prefixed one the
 * 34-bit displacement replaces @disp, added to CIA instead when R=1.
 */
ModvmTcgTemp power_gen_ea_disp(PowerDisas *d, gint64 disp);
/* A prefixed instruction's 34-bit displacement d0 || d1, sign-extended. */
gint64 power_prefixed_disp(PowerDisas *d);
/* The alignment interrupt little-endian mode gives lmw, stmw and the string instructions. */
void power_gen_align_le(PowerDisas *d, ModvmTcgTemp ea);

/* Helper raising from a helper: sets exception_index/excp_error and leaves (pc of this insn). */
void G_GNUC_NORETURN power_raise(PowerCpu *cpu, PowerExcp excp, guint64 error);
void G_GNUC_NORETURN power_raise_illegal(PowerCpu *cpu);
guint64 power_mo_endian(PowerCpu *cpu);

/* The trans_* functions live in the files named after their chapter. */
#define TRANS(name) gboolean trans_##name(PowerDisas *d)
#include "trans.h"

/* excp.c */
void power_cpu_do_interrupt(ModvmCpu *cs);
gboolean power_cpu_exec_interrupt(ModvmCpu *cs);
gboolean power_cpu_has_work(ModvmCpu *cs);
void power_store_msr(PowerCpu *cpu, guint64 value, gboolean alter_hv);

/* mmu.c */
gboolean power_cpu_tlb_fill(ModvmCpu *cs, guint64 vaddr, ModvmTcgAccess access, unsigned mmu_idx,
                            gboolean probe, ModvmTcgTlbFill *out);
void power_cpu_unaligned(ModvmCpu *cs, guint64 vaddr, ModvmTcgAccess access);
void power_tlb_flush(PowerCpu *cpu);
/* mmu.c: a DSI (DSISR @dsisr, DAR) or ISI (@srr1 cause bits) for @ea; radix.c: the radix MMU. */
void power_storage_fault(PowerCpu *cpu, guint64 ea, ModvmTcgAccess access, guint32 dsisr,
                         guint64 srr1);
gboolean power_radix_enabled(PowerCpu *cpu);
gboolean power_radix_translate(PowerCpu *cpu, guint64 ea, ModvmTcgAccess access,
                               unsigned mmu_idx, gboolean probe, ModvmTcgTlbFill *out);

/* timebase.c */
guint64 power_tb_read(PowerCpu *cpu);
void power_tb_write(PowerCpu *cpu, guint64 tb);
guint64 power_dec_read(PowerCpu *cpu);
void power_dec_write(PowerCpu *cpu, guint64 value);
void power_timebase_reset(PowerCpu *cpu);
void power_timebase_fini(PowerCpu *cpu);
#define POWER_TB_FREQ 512000000ull

/* translate.c */
extern const ModvmTcgCpuOps power_tcg_ops;
void power_cpu_dump_state(ModvmCpu *cs, GString *out);
