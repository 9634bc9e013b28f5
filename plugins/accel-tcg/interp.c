/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The interpreter backend's dispatcher: threaded code over the compiled instructions. */
#include "interp.h"

const void *const *tcg_interp_labels;

#define CMP64_EQ(x, y) ((guint64)(x) == (guint64)(y))
#define CMP64_NE(x, y) ((guint64)(x) != (guint64)(y))
#define CMP64_LT(x, y) ((gint64)(x) < (gint64)(y))
#define CMP64_GE(x, y) ((gint64)(x) >= (gint64)(y))
#define CMP64_LE(x, y) ((gint64)(x) <= (gint64)(y))
#define CMP64_GT(x, y) ((gint64)(x) > (gint64)(y))
#define CMP64_LTU(x, y) ((guint64)(x) < (guint64)(y))
#define CMP64_GEU(x, y) ((guint64)(x) >= (guint64)(y))
#define CMP64_LEU(x, y) ((guint64)(x) <= (guint64)(y))
#define CMP64_GTU(x, y) ((guint64)(x) > (guint64)(y))
#define CMP32_EQ(x, y) ((guint32)(x) == (guint32)(y))
#define CMP32_NE(x, y) ((guint32)(x) != (guint32)(y))
#define CMP32_LT(x, y) ((gint32)(x) < (gint32)(y))
#define CMP32_GE(x, y) ((gint32)(x) >= (gint32)(y))
#define CMP32_LE(x, y) ((gint32)(x) <= (gint32)(y))
#define CMP32_GT(x, y) ((gint32)(x) > (gint32)(y))
#define CMP32_LTU(x, y) ((guint32)(x) < (guint32)(y))
#define CMP32_GEU(x, y) ((guint32)(x) >= (guint32)(y))
#define CMP32_LEU(x, y) ((guint32)(x) <= (guint32)(y))
#define CMP32_GTU(x, y) ((guint32)(x) > (guint32)(y))

typedef guint64 (*TcgFn0)(void);
typedef guint64 (*TcgFn1)(guint64);
typedef guint64 (*TcgFn2)(guint64, guint64);
typedef guint64 (*TcgFn3)(guint64, guint64, guint64);
typedef guint64 (*TcgFn4)(guint64, guint64, guint64, guint64);
typedef guint64 (*TcgFn5)(guint64, guint64, guint64, guint64, guint64);
typedef guint64 (*TcgFn6)(guint64, guint64, guint64, guint64, guint64, guint64);

static inline guint64 rotl64(guint64 x, unsigned n)
{
    return (x << (n & 63)) | (x >> ((64 - n) & 63));
}

static inline guint32 rotl32(guint32 x, unsigned n)
{
    return (x << (n & 31)) | (x >> ((32 - n) & 31));
}

guintptr tcg_interp_exec(TcgVcpu *tc, TcgTb *tb)
{
    static const void *const labels[TI__COUNT] = {
#define E(n) [TI_##n] = &&L_##n,
        TCG_PLAIN_INSNS(E)
#undef E
#define E(c) [TI_SETCOND_##c] = &&L_SETCOND_##c, [TI_SETCONDI_##c] = &&L_SETCONDI_##c, \
             [TI_SETCOND32_##c] = &&L_SETCOND32_##c, [TI_SETCOND32I_##c] = &&L_SETCOND32I_##c, \
             [TI_MOVCOND_##c] = &&L_MOVCOND_##c, [TI_BRCOND_##c] = &&L_BRCOND_##c, \
             [TI_BRCONDI_##c] = &&L_BRCONDI_##c,
        TCG_COND_LIST(E)
#undef E
    };

    if (G_UNLIKELY(tc == NULL)) {
        tcg_interp_labels = labels;
        return 0;
    }

    guint64 *const F = tc->frame;
    char *const env = (char *)tc->cpu;
    ModvmTcgCpuState *const s = tc->state;
    const gsize pc_off = tc->ops->pc_offset;
    const TcgInsn *ip = tb->code;

    F[0] = (guint64)(guintptr)env;
    tc->current_tb = tb;

#define DISPATCH() goto *ip->h
#define NEXT() do { ip++; goto *ip->h; } while (0)
#define D F[ip->d]
#define A F[ip->a]
#define B F[ip->b]
#define TLB_ENTRY(addr) \
    (&tc->tlb[ip->c]->table[((addr) >> TCG_PAGE_BITS) & (TCG_TLB_SIZE - 1)])
#define CALL_DESC ((const TcgCallDesc *)(guintptr)ip->imm)

    DISPATCH();

L_MOV: D = A; NEXT();
L_MOVI: D = ip->imm; NEXT();
L_ADD: D = A + B; NEXT();
L_ADDI: D = A + ip->imm; NEXT();
L_SUB: D = A - B; NEXT();
L_MUL: D = A * B; NEXT();
L_MULI: D = A * ip->imm; NEXT();
L_MULUH: D = (guint64)(((unsigned __int128)A * B) >> 64); NEXT();
L_MULSH: D = (guint64)(((__int128)(gint64)A * (gint64)B) >> 64); NEXT();
L_DIVS: {
    gint64 x = (gint64)A, y = (gint64)B;
    D = (y == 0 || (x == G_MININT64 && y == -1)) ? 0 : (guint64)(x / y);
    NEXT();
}
L_DIVU: { guint64 y = B; D = y ? A / y : 0; NEXT(); }
L_REMS: {
    gint64 x = (gint64)A, y = (gint64)B;
    D = (y == 0 || (x == G_MININT64 && y == -1)) ? 0 : (guint64)(x % y);
    NEXT();
}
L_REMU: { guint64 y = B; D = y ? A % y : 0; NEXT(); }
L_AND: D = A & B; NEXT();
L_ANDI: D = A & ip->imm; NEXT();
L_OR: D = A | B; NEXT();
L_ORI: D = A | ip->imm; NEXT();
L_XOR: D = A ^ B; NEXT();
L_XORI: D = A ^ ip->imm; NEXT();
L_ANDC: D = A & ~B; NEXT();
L_ORC: D = A | ~B; NEXT();
L_EQV: D = ~(A ^ B); NEXT();
L_NAND: D = ~(A & B); NEXT();
L_NOR: D = ~(A | B); NEXT();
L_SHL: D = A << (B & 63); NEXT();
L_SHLI: D = A << ip->imm; NEXT();
L_SHR: D = A >> (B & 63); NEXT();
L_SHRI: D = A >> ip->imm; NEXT();
L_SAR: D = (guint64)((gint64)A >> (B & 63)); NEXT();
L_SARI: D = (guint64)((gint64)A >> ip->imm); NEXT();
L_ROTL: D = rotl64(A, B); NEXT();
L_ROTLI: D = rotl64(A, ip->imm); NEXT();
L_ROTR: D = rotl64(A, 64 - (B & 63)); NEXT();
L_ADD_32: D = (guint32)(A + B); NEXT();
L_ADDI_32: D = (guint32)(A + ip->imm); NEXT();
L_SUB_32: D = (guint32)(A - B); NEXT();
L_MUL_32: D = (guint32)((guint32)A * (guint32)B); NEXT();
L_DIVS_32: {
    gint32 x = (gint32)A, y = (gint32)B;
    D = (y == 0 || (x == G_MININT32 && y == -1)) ? 0 : (guint32)(x / y);
    NEXT();
}
L_DIVU_32: { guint32 y = (guint32)B; D = y ? (guint32)A / y : 0; NEXT(); }
L_REMS_32: {
    gint32 x = (gint32)A, y = (gint32)B;
    D = (y == 0 || (x == G_MININT32 && y == -1)) ? 0 : (guint32)(x % y);
    NEXT();
}
L_REMU_32: { guint32 y = (guint32)B; D = y ? (guint32)A % y : 0; NEXT(); }
L_SHL_32: D = (guint32)((guint32)A << (B & 31)); NEXT();
L_SHLI_32: D = (guint32)((guint32)A << ip->imm); NEXT();
L_SHR_32: D = (guint32)A >> (B & 31); NEXT();
L_SHRI_32: D = (guint32)A >> ip->imm; NEXT();
L_SAR_32: D = (guint32)((gint32)A >> (B & 31)); NEXT();
L_SARI_32: D = (guint32)((gint32)A >> ip->imm); NEXT();
L_ROTL_32: D = rotl32((guint32)A, B); NEXT();
L_ROTLI_32: D = rotl32((guint32)A, ip->imm); NEXT();
L_ROTR_32: D = rotl32((guint32)A, 32 - (B & 31)); NEXT();
L_NOT: D = ~A; NEXT();
L_NEG: D = -A; NEXT();
L_CLZ: { guint64 x = A; D = x ? (guint64)__builtin_clzll(x) : 64; NEXT(); }
L_CTZ: { guint64 x = A; D = x ? (guint64)__builtin_ctzll(x) : 64; NEXT(); }
L_CTPOP: D = (guint64)__builtin_popcountll(A); NEXT();
L_CLZ_32: { guint32 x = (guint32)A; D = x ? (guint64)__builtin_clz(x) : 32; NEXT(); }
L_CTZ_32: { guint32 x = (guint32)A; D = x ? (guint64)__builtin_ctz(x) : 32; NEXT(); }
L_BSWAP16: D = GUINT16_SWAP_LE_BE((guint16)A); NEXT();
L_BSWAP32: D = GUINT32_SWAP_LE_BE((guint32)A); NEXT();
L_BSWAP64: D = GUINT64_SWAP_LE_BE(A); NEXT();
L_EXT8S: D = (guint64)(gint64)(gint8)A; NEXT();
L_EXT8U: D = (guint8)A; NEXT();
L_EXT16S: D = (guint64)(gint64)(gint16)A; NEXT();
L_EXT16U: D = (guint16)A; NEXT();
L_EXT32S: D = (guint64)(gint64)(gint32)A; NEXT();
L_EXT32U: D = (guint32)A; NEXT();
L_EXTRACT: D = (A >> ip->c) & ip->imm; NEXT();
L_SEXTRACT: D = (guint64)((gint64)(A << ip->b) >> ip->c); NEXT();
L_DEPOSIT: D = (A & ~ip->imm) | ((B << ip->c) & ip->imm); NEXT();

#define COND_HANDLERS(cc) \
L_SETCOND_##cc: D = CMP64_##cc(A, B); NEXT(); \
L_SETCONDI_##cc: D = CMP64_##cc(A, ip->imm); NEXT(); \
L_SETCOND32_##cc: D = CMP32_##cc(A, B); NEXT(); \
L_SETCOND32I_##cc: D = CMP32_##cc(A, ip->imm); NEXT(); \
L_MOVCOND_##cc: D = CMP64_##cc(A, B) ? F[ip->c] : F[(guint16)ip->imm]; NEXT(); \
L_BRCOND_##cc: \
    if (CMP64_##cc(A, B)) { \
        ip = (const TcgInsn *)(guintptr)ip->imm; \
        DISPATCH(); \
    } \
    NEXT(); \
L_BRCONDI_##cc: \
    if (CMP64_##cc(A, ip[1].imm)) { \
        ip = (const TcgInsn *)(guintptr)ip->imm; \
        DISPATCH(); \
    } \
    ip += 2; \
    DISPATCH();

    TCG_COND_LIST(COND_HANDLERS)
#undef COND_HANDLERS

    /*
     * A three-way compare as 8 (less), 4 (greater) or 2 (equal), the
     * _OR forms or-ing in F[c]: the frontend's setcond/shift/or idiom for
     * a condition register field, fused by the compiler.
     */
#define CR3(x, y, t) ((guint64)((t)(x) < (t)(y)) << 3 | (guint64)((t)(x) > (t)(y)) << 2 | \
                      (guint64)((x) == (y)) << 1)
L_CMPCR_S: D = CR3(A, B, gint64); NEXT();
L_CMPCR_U: D = CR3(A, B, guint64); NEXT();
L_CMPCRI_S: D = CR3(A, ip->imm, gint64); NEXT();
L_CMPCRI_U: D = CR3(A, ip->imm, guint64); NEXT();
L_CMPCR_S_OR: D = CR3(A, B, gint64) | F[ip->c]; NEXT();
L_CMPCR_U_OR: D = CR3(A, B, guint64) | F[ip->c]; NEXT();
L_CMPCRI_S_OR: D = CR3(A, ip->imm, gint64) | F[ip->c]; NEXT();
L_CMPCRI_U_OR: D = CR3(A, ip->imm, guint64) | F[ip->c]; NEXT();
#undef CR3

L_LD8U: D = *(const guint8 *)(env + ip->imm); NEXT();
L_LD8S: D = (guint64)(gint64)*(const gint8 *)(env + ip->imm); NEXT();
L_LD16U: D = *(const guint16 *)(env + ip->imm); NEXT();
L_LD16S: D = (guint64)(gint64)*(const gint16 *)(env + ip->imm); NEXT();
L_LD32U: D = *(const guint32 *)(env + ip->imm); NEXT();
L_LD32S: D = (guint64)(gint64)*(const gint32 *)(env + ip->imm); NEXT();
L_LD64: D = *(const guint64 *)(env + ip->imm); NEXT();
L_ST8: *(guint8 *)(env + ip->imm) = (guint8)A; NEXT();
L_ST16: *(guint16 *)(env + ip->imm) = (guint16)A; NEXT();
L_ST32: *(guint32 *)(env + ip->imm) = (guint32)A; NEXT();
L_ST64: *(guint64 *)(env + ip->imm) = A; NEXT();
L_ST8I: *(guint8 *)(env + ip->imm) = (guint8)ip[1].imm; ip += 2; DISPATCH();
L_ST16I: *(guint16 *)(env + ip->imm) = (guint16)ip[1].imm; ip += 2; DISPATCH();
L_ST32I: *(guint32 *)(env + ip->imm) = (guint32)ip[1].imm; ip += 2; DISPATCH();
L_ST64I: *(guint64 *)(env + ip->imm) = ip[1].imm; ip += 2; DISPATCH();

    /*
     * Guest memory: the tag holds the page address only when the page is
     * plain RAM for that access; the size-1 bits in the compare send
     * unaligned accesses (and so any that cross a page) to the slow path.
     */
#define SLOW_PC() \
    do { \
        if (ip->imm & TCG_OI_HAS_PC) { \
            s->insn_pc = tb->pc + (guint64)(gint64)(gint32)(guint32)(ip->imm >> 32); \
        } \
    } while (0)
#define QLD(name, size, type, conv) \
L_##name: { \
    guint64 addr_ = A; \
    const TcgTlbEntry *te_ = TLB_ENTRY(addr_); \
    if (G_LIKELY((addr_ & (TCG_PAGE_MASK | (size - 1))) == te_->addr_read)) { \
        type v_; \
        memcpy(&v_, (const void *)(guintptr)(addr_ + te_->addend), size); \
        D = conv(v_); \
    } else { \
        SLOW_PC(); \
        D = tcg_ld_slow(tc, addr_, (guint32)ip->imm & ~TCG_OI_HAS_PC); \
    } \
    NEXT(); \
}
#define QST(name, size, type, conv) \
L_##name: { \
    guint64 addr_ = A; \
    const TcgTlbEntry *te_ = TLB_ENTRY(addr_); \
    if (G_LIKELY((addr_ & (TCG_PAGE_MASK | (size - 1))) == te_->addr_write)) { \
        type v_ = conv((type)B); \
        memcpy((void *)(guintptr)(addr_ + te_->addend), &v_, size); \
    } else { \
        SLOW_PC(); \
        tcg_st_slow(tc, addr_, B, (guint32)ip->imm & ~TCG_OI_HAS_PC); \
    } \
    NEXT(); \
}
#define U8(v) ((guint64)(v))
#define S8(v) ((guint64)(gint64)(gint8)(v))
#define U16LE(v) ((guint64)GUINT16_FROM_LE(v))
#define U16BE(v) ((guint64)GUINT16_FROM_BE(v))
#define S16LE(v) ((guint64)(gint64)(gint16)GUINT16_FROM_LE(v))
#define S16BE(v) ((guint64)(gint64)(gint16)GUINT16_FROM_BE(v))
#define U32LE(v) ((guint64)GUINT32_FROM_LE(v))
#define U32BE(v) ((guint64)GUINT32_FROM_BE(v))
#define S32LE(v) ((guint64)(gint64)(gint32)GUINT32_FROM_LE(v))
#define S32BE(v) ((guint64)(gint64)(gint32)GUINT32_FROM_BE(v))
#define U64LE(v) GUINT64_FROM_LE(v)
#define U64BE(v) GUINT64_FROM_BE(v)
#define ID(v) (v)

    QLD(QLD8U, 1, guint8, U8)
    QLD(QLD8S, 1, guint8, S8)
    QLD(QLD16U_LE, 2, guint16, U16LE)
    QLD(QLD16U_BE, 2, guint16, U16BE)
    QLD(QLD16S_LE, 2, guint16, S16LE)
    QLD(QLD16S_BE, 2, guint16, S16BE)
    QLD(QLD32U_LE, 4, guint32, U32LE)
    QLD(QLD32U_BE, 4, guint32, U32BE)
    QLD(QLD32S_LE, 4, guint32, S32LE)
    QLD(QLD32S_BE, 4, guint32, S32BE)
    QLD(QLD64_LE, 8, guint64, U64LE)
    QLD(QLD64_BE, 8, guint64, U64BE)
    QST(QST8, 1, guint8, ID)
    QST(QST16_LE, 2, guint16, GUINT16_TO_LE)
    QST(QST16_BE, 2, guint16, GUINT16_TO_BE)
    QST(QST32_LE, 4, guint32, GUINT32_TO_LE)
    QST(QST32_BE, 4, guint32, GUINT32_TO_BE)
    QST(QST64_LE, 8, guint64, GUINT64_TO_LE)
    QST(QST64_BE, 8, guint64, GUINT64_TO_BE)

L_BR:
    ip = (const TcgInsn *)(guintptr)ip->imm;
    DISPATCH();

    /* a branch on a bit (mask in the next, never executed, instruction) being set or clear */
L_BRTEST_NZ:
    if (A & ip[1].imm) {
        ip = (const TcgInsn *)(guintptr)ip->imm;
        DISPATCH();
    }
    ip += 2;
    DISPATCH();
L_BRTEST_Z:
    if (!(A & ip[1].imm)) {
        ip = (const TcgInsn *)(guintptr)ip->imm;
        DISPATCH();
    }
    ip += 2;
    DISPATCH();

#if TCG_DIRECT_CALLS
#define CALL_ARG(i) F[cd->slots[i]]
#define CALL_DIRECT(n, call) \
L_CALL##n: { \
    const TcgCallDesc *cd = CALL_DESC; \
    guint64 r_ = call; \
    if (cd->returns) { \
        F[cd->d] = r_; \
    } \
    NEXT(); \
}
    CALL_DIRECT(0, ((TcgFn0)cd->func)())
    CALL_DIRECT(1, ((TcgFn1)cd->func)(CALL_ARG(0)))
    CALL_DIRECT(2, ((TcgFn2)cd->func)(CALL_ARG(0), CALL_ARG(1)))
    CALL_DIRECT(3, ((TcgFn3)cd->func)(CALL_ARG(0), CALL_ARG(1), CALL_ARG(2)))
    CALL_DIRECT(4, ((TcgFn4)cd->func)(CALL_ARG(0), CALL_ARG(1), CALL_ARG(2), CALL_ARG(3)))
    CALL_DIRECT(5, ((TcgFn5)cd->func)(CALL_ARG(0), CALL_ARG(1), CALL_ARG(2), CALL_ARG(3),
                                      CALL_ARG(4)))
    CALL_DIRECT(6, ((TcgFn6)cd->func)(CALL_ARG(0), CALL_ARG(1), CALL_ARG(2), CALL_ARG(3),
                                      CALL_ARG(4), CALL_ARG(5)))
#undef CALL_DIRECT
#else
L_CALL0: L_CALL1: L_CALL2: L_CALL3: L_CALL4: L_CALL5: L_CALL6:
    goto L_CALL_FFI;
#endif

L_CALL_FFI: {
    const TcgCallDesc *cd = CALL_DESC;
    guint64 vals[6];
    void *ptrs[6];
    void *av[6];
    union {
        ffi_arg a;
        guint64 u;
    } r = { 0 };

    for (guint i = 0; i < cd->nargs; i++) {
        if (cd->ptr_args & (1u << i)) {
            ptrs[i] = (void *)(guintptr)F[cd->slots[i]];
            av[i] = &ptrs[i];
        } else {
            vals[i] = F[cd->slots[i]];
            av[i] = &vals[i];
        }
    }
    ffi_call(cd->cif, FFI_FN(cd->func), &r, av);
    if (cd->returns) {
        F[cd->d] = r.u;
    }
    NEXT();
}

L_INSN_START:
    s->insn_pc = ip->imm;
    NEXT();

L_GOTO_TB: {
    TcgTb *next;
    *(guint64 *)(env + pc_off) = ip->imm;
    next = tb->jmp[ip->c].dest;
    if (next && --tc->budget > 0 && !g_atomic_int_get(&s->exit_request)) {
        tb = next;
        tc->current_tb = tb;
        ip = tb->code;
        DISPATCH();
    }
    return (guintptr)tb | ip->c;
}

L_LOOKUP_AND_GOTO:
    if (--tc->budget > 0 && !g_atomic_int_get(&s->exit_request)) {
        guint64 pc, flags;
        TcgTb *next;

        tc->ops->get_tb_state(tc->cpu, &pc, &flags);
        next = tc->jc[tcg_jc_hash(pc)];
        if (next && next->pc == pc && next->flags == flags && !tcg_tb_code_dirty(next)) {
            tb = next;
            tc->current_tb = tb;
            ip = tb->code;
            DISPATCH();
        }
    }
    return (guintptr)tb | TCG_EXIT_NOCHAIN;

L_EXIT_TB:
    return (guintptr)tb | TCG_EXIT_NOCHAIN;

L_EXCEPTION:
    s->exception_index = (gint)(gint64)ip->imm;
    return (guintptr)tb | TCG_EXIT_NOCHAIN;
}

void tcg_interp_init(void)
{
    static gsize done;

    if (g_once_init_enter(&done)) {
        tcg_interp_exec(NULL, NULL);
        g_once_init_leave(&done, 1);
    }
}
