/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The interpreter backend's instruction set, shared by its compiler and its dispatcher. */
#pragma once

#include "tcg-internal.h"

#include <ffi.h>

#define TCG_PLAIN_INSNS(X) \
    X(MOV) X(MOVI) \
    X(ADD) X(ADDI) X(SUB) X(MUL) X(MULI) X(MULUH) X(MULSH) \
    X(DIVS) X(DIVU) X(REMS) X(REMU) \
    X(AND) X(ANDI) X(OR) X(ORI) X(XOR) X(XORI) X(ANDC) X(ORC) X(EQV) X(NAND) X(NOR) \
    X(SHL) X(SHLI) X(SHR) X(SHRI) X(SAR) X(SARI) X(ROTL) X(ROTLI) X(ROTR) \
    X(ADD_32) X(ADDI_32) X(SUB_32) X(MUL_32) X(DIVS_32) X(DIVU_32) X(REMS_32) X(REMU_32) \
    X(SHL_32) X(SHLI_32) X(SHR_32) X(SHRI_32) X(SAR_32) X(SARI_32) \
    X(ROTL_32) X(ROTLI_32) X(ROTR_32) \
    X(NOT) X(NEG) X(CLZ) X(CTZ) X(CTPOP) X(CLZ_32) X(CTZ_32) \
    X(BSWAP16) X(BSWAP32) X(BSWAP64) \
    X(EXT8S) X(EXT8U) X(EXT16S) X(EXT16U) X(EXT32S) X(EXT32U) \
    X(EXTRACT) X(SEXTRACT) X(DEPOSIT) \
    X(LD8U) X(LD8S) X(LD16U) X(LD16S) X(LD32U) X(LD32S) X(LD64) \
    X(ST8) X(ST16) X(ST32) X(ST64) X(ST8I) X(ST16I) X(ST32I) X(ST64I) \
    X(QLD8U) X(QLD8S) X(QLD16U_LE) X(QLD16U_BE) X(QLD16S_LE) X(QLD16S_BE) \
    X(QLD32U_LE) X(QLD32U_BE) X(QLD32S_LE) X(QLD32S_BE) X(QLD64_LE) X(QLD64_BE) \
    X(QST8) X(QST16_LE) X(QST16_BE) X(QST32_LE) X(QST32_BE) X(QST64_LE) X(QST64_BE) \
    X(CMPCR_S) X(CMPCR_U) X(CMPCRI_S) X(CMPCRI_U) \
    X(CMPCR_S_OR) X(CMPCR_U_OR) X(CMPCRI_S_OR) X(CMPCRI_U_OR) \
    X(BRTEST_NZ) X(BRTEST_Z) \
    X(BR) \
    X(CALL0) X(CALL1) X(CALL2) X(CALL3) X(CALL4) X(CALL5) X(CALL6) X(CALL_FFI) \
    X(INSN_START) X(GOTO_TB) X(EXIT_TB) X(LOOKUP_AND_GOTO) X(EXCEPTION)

/*
 * Set on a QLD/QST's immediate when its high 32 bits hold the pc of its
 * guest instruction, as a signed offset from the block's pc: the slow path
 * sets insn_pc from it, and the instruction needs no INSN_START.
 */
#define TCG_OI_HAS_PC (1u << 31)

/* In ModvmTcgCond order from EQ on. */
#define TCG_COND_LIST(Y) Y(EQ) Y(NE) Y(LT) Y(GE) Y(LE) Y(GT) Y(LTU) Y(GEU) Y(LEU) Y(GTU)

enum {
#define E(n) TI_##n,
    TCG_PLAIN_INSNS(E)
#undef E
#define E(c) TI_SETCOND_##c, TI_SETCONDI_##c, TI_SETCOND32_##c, TI_SETCOND32I_##c, \
             TI_MOVCOND_##c, TI_BRCOND_##c, TI_BRCONDI_##c,
    TCG_COND_LIST(E)
#undef E
    TI__COUNT
};

enum { CV_SETCOND, CV_SETCONDI, CV_SETCOND32, CV_SETCOND32I, CV_MOVCOND, CV_BRCOND, CV_BRCONDI,
       CV__COUNT };

static inline guint ti_cond(ModvmTcgCond cond, guint variant)
{
    return TI_SETCOND_EQ + (cond - MODVM_TCG_COND_EQ) * CV__COUNT + variant;
}

#if (defined(__x86_64__) || defined(__aarch64__) || defined(__powerpc64__) || \
     defined(__s390x__) || (defined(__riscv) && __riscv_xlen == 64)) && \
    !defined(TCG_NO_DIRECT_CALLS)
/*
 * On these LP64 ABIs a pointer and a guint64 travel in the same integer
 * registers and a void function leaves the return register alone, so
 * helpers of up to 6 such arguments are called directly; libffi stays the
 * general path (and the only one elsewhere).
 */
#define TCG_DIRECT_CALLS 1
#else
#define TCG_DIRECT_CALLS 0
#endif

typedef struct {
    gpointer func;
    ffi_cif *cif;
    guint16 d;
    guint8 nargs;
    guint8 returns;
    guint8 ptr_args;
    guint16 slots[6];
} TcgCallDesc;

/* Handler addresses by TI_ number, filled by tcg_interp_init. */
extern const void *const *tcg_interp_labels;
