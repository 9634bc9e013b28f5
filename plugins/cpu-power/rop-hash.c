/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fixed-point hash instructions of ISA 3.1B (Book I "Fixed-Point Hash Instructions"): hashst, hashchk, hashstp, hashchkp. */
#include "internal.h"

static inline guint16 rol16(guint16 v, unsigned n)
{
    return (guint16)(v << n | v >> (16 - n));
}

static inline guint16 ror16(guint16 v, unsigned n)
{
    return rol16(v, 16 - n);
}

/*
 * SIMON 32/64's key schedule, as the ISA's HashDigest uses it: a 64-bit key
 * expanded to 32 16-bit round keys (constant c = 0xfffc and the z
 * sequence, here as a 64-bit word read from its most significant bit).
 */
static void simon_key_schedule(guint64 key, guint16 k[32])
{
    static const guint64 z = 0xfa2561cdf44ac398ull;

    for (unsigned i = 0; i < 4; i++) {
        k[i] = key >> (48 - 16 * i);
    }
    for (unsigned i = 0; i < 28; i++) {
        guint16 t = ror16(k[i + 3], 3) ^ k[i + 1];
        k[i + 4] = 0xfffc ^ ((z >> (63 - i)) & 1) ^ k[i] ^ t ^ ror16(t, 1);
    }
}

/*
 * The SIMON-like block cipher of HashDigest: a 32-bit block as two 16-bit
 * halves, 32 rounds over the round keys @k. @lane rotates which round key
 * of each group of four a round takes, so the four 32-bit lanes of a
 * digest use the one key differently.
 */
static guint32 simon_like_32_64(guint32 x, const guint16 k[32], unsigned lane)
{
    guint16 left = x & 0xffff, right = x >> 16;

    for (unsigned i = 0; i < 32; i++) {
        guint16 rk = k[(i & ~3u) + ((i + lane) & 3)];
        guint16 f = (rol16(left, 1) & rol16(left, 8)) ^ rol16(left, 2);
        guint16 next = right ^ f ^ rk;
        right = left;
        left = next;
    }
    return (guint32)right << 16 | left;
}

/*
 * HashDigest(RA, RB, key): the bytes of RA and RB interleaved into two
 * doublewords, each enciphered as two lanes, the halves XORed. Byte i of
 * a register is counted from its least significant end here: RB's low
 * word goes to the odd bytes of the high doubleword (from the top down),
 * RA's high word to its even bytes (from the bottom up); the low
 * doubleword takes RB's high word and RA's low word the same way.
 */
static guint64 hash_digest(guint64 ra, guint64 rb, guint64 key)
{
    guint64 hi = 0, lo = 0;
    guint16 k[32];

    simon_key_schedule(key, k);
    for (unsigned i = 0; i < 4; i++) {
        unsigned up = 56 - 16 * i, down = 16 * i;
        hi |= ((rb >> (8 * i)) & 0xff) << up;
        hi |= ((ra >> (32 + 8 * i)) & 0xff) << down;
        lo |= ((rb >> (32 + 8 * i)) & 0xff) << up;
        lo |= ((ra >> (8 * i)) & 0xff) << down;
    }
    hi = (guint64)simon_like_32_64(hi >> 32, k, 0) << 32 | simon_like_32_64(hi, k, 1);
    lo = (guint64)simon_like_32_64(lo >> 32, k, 2) << 32 | simon_like_32_64(lo, k, 3);
    return hi ^ lo;
}

/* The digest under HASHKEYR, or HASHPKEYR for the privileged forms (@spr). */
static guint64 helper_hash_digest(PowerCpu *cpu, guint64 ra, guint64 rb, guint64 spr)
{
    return hash_digest(ra, rb, cpu->regs.spr[spr]);
}

/* hashchk: a trap-type program interrupt when the stored hash is not the digest. */
static void helper_hashchk(PowerCpu *cpu, guint64 stored, guint64 digest)
{
    if (stored != digest) {
        power_raise(cpu, POWER_EXCP_PROGRAM, SRR1_PROGTRAP);
    }
}

static const ModvmTcgHelper h_hash_digest = {
    "hash_digest", (gpointer)helper_hash_digest, 4, TRUE, 1, FALSE
};
static const ModvmTcgHelper h_hashchk = { "hashchk", (gpointer)helper_hashchk, 3, FALSE, 1, FALSE };

/*
 * EA = (RA) + EXTS(0b1111111 || DX || D || 0b000): one of the 64
 * doublewords below (RA), -512 to -8. RA=0 is an invalid form: QEMU 7.2
 * makes it illegal, and so does modvm. Before ISA 3.1 the four
 * instructions are no-ops, which is what QEMU 7.2 does on POWER9 (even
 * for RA=0, and for hashstp/hashchkp in problem state). There is no DEXCR
 * in QEMU 7.2 (nor here): the instructions are always enabled on Power10,
 * as if DEXCR[NPHIE] and HDEXCR[NPHIE] were set.
 */
static gboolean gen_hash(PowerDisas *d, gboolean check, gboolean priv)
{
    unsigned ra = F_RA(d->insn);
    gint64 disp = -512 + (gint64)(((d->insn & 1) << 5 | F_RT(d->insn)) << 3);
    ModvmTcgTemp ea, digest, stored;
    unsigned memop = power_memop(d, MODVM_MO_64, FALSE, FALSE);

    if (d->isa < ISA310) {
        return TRUE;
    }
    if (priv && d->pr) {
        power_gen_priv(d);
        return TRUE;
    }
    if (ra == 0) {
        return FALSE;
    }
    ea = power_gen_ea(d, power_const(d, disp));
    digest = power_call(d, &h_hash_digest, power_load_gpr(d, ra),
                        power_load_gpr(d, F_RB(d->insn)),
                        power_const(d, priv ? SPR_HASHPKEYR : SPR_HASHKEYR));
    if (!check) {
        /*
         * MEM(EA, 8): in the guest's byte order, as any doubleword store (QEMU 7.2
         * stores it big-endian in either mode: tests/guest/ppc64/expected/hash-le.txt)
         */
        modvm_tcg_qemu_st(d->ctx, digest, ea, memop, d->mem_idx);
        return TRUE;
    }
    stored = power_temp(d);
    modvm_tcg_qemu_ld(d->ctx, stored, ea, memop, d->mem_idx);
    power_call(d, &h_hashchk, stored, digest, 0);
    return TRUE;
}

TRANS(hashst) { return gen_hash(d, FALSE, FALSE); }
TRANS(hashchk) { return gen_hash(d, TRUE, FALSE); }
TRANS(hashstp) { return gen_hash(d, FALSE, TRUE); }
TRANS(hashchkp) { return gen_hash(d, TRUE, TRUE); }
