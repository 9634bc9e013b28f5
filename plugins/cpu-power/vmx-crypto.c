/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Vector crypto (Power ISA Book I 6.11: AES, SHA-2 sigma) and quadword add/subtract (6.9.1). */
#include "vec.h"

/* GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1 (FIPS-197 4.2). */
static guint8 gf_mul(guint8 a, guint8 b)
{
    guint8 r = 0;

    while (b) {
        if (b & 1) {
            r ^= a;
        }
        a = (guint8)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return r;
}

typedef struct {
    guint8 sbox[256], inv[256];
} AesTables;

/* The S-box from its definition (FIPS-197 5.1.1): the inverse in GF(2^8), then the affine map. */
static const AesTables *aes_tables(void)
{
    static AesTables *t;

    if (g_once_init_enter(&t)) {
        AesTables *n = g_new0(AesTables, 1);
        for (unsigned x = 0; x < 256; x++) {
            guint8 inv = 0, s;
            for (unsigned y = 1; y < 256 && x; y++) {
                if (gf_mul((guint8)x, (guint8)y) == 1) {
                    inv = (guint8)y;
                    break;
                }
            }
            s = inv;
            for (int k = 1; k <= 4; k++) {
                s ^= (guint8)((inv << k) | (inv >> (8 - k)));
            }
            s ^= 0x63;
            n->sbox[x] = s;
            n->inv[s] = (guint8)x;
        }
        g_once_init_leave(&t, n);
    }
    return t;
}

/* The state is the register's bytes in order: byte 4c + r is row r of column c. */
static void aes_shift_rows(guint8 *s, gboolean inverse)
{
    guint8 o[16];

    memcpy(o, s, 16);
    for (unsigned c = 0; c < 4; c++) {
        for (unsigned r = 0; r < 4; r++) {
            if (inverse) {
                s[4 * ((c + r) % 4) + r] = o[4 * c + r];
            } else {
                s[4 * c + r] = o[4 * ((c + r) % 4) + r];
            }
        }
    }
}

static void aes_mix_columns(guint8 *s, gboolean inverse)
{
    static const guint8 fwd[4] = { 2, 3, 1, 1 }, inv[4] = { 14, 11, 13, 9 };
    const guint8 *m = inverse ? inv : fwd;

    for (unsigned c = 0; c < 4; c++) {
        guint8 o[4];
        memcpy(o, s + 4 * c, 4);
        for (unsigned r = 0; r < 4; r++) {
            s[4 * c + r] = gf_mul(o[0], m[(4 - r) % 4]) ^ gf_mul(o[1], m[(5 - r) % 4]) ^
                           gf_mul(o[2], m[(6 - r) % 4]) ^ gf_mul(o[3], m[(7 - r) % 4]);
        }
    }
}

typedef enum { VC_CIPHER, VC_CIPHERLAST, VC_NCIPHER, VC_NCIPHERLAST, VC_SBOX } VecCryptOp;

static void helper_vcrypt(PowerCpu *cpu, guint64 insn, guint64 op)
{
    const AesTables *t = aes_tables();
    const PowerVsr *a = vec_vsr(cpu, 32 + F_RA(insn)), *b = vec_vsr(cpu, 32 + F_RB(insn));
    PowerVsr r;
    guint8 s[16], k[16];

    for (unsigned i = 0; i < 16; i++) {
        s[i] = vec_byte(a, i);
        k[i] = op == VC_SBOX ? 0 : vec_byte(b, i);
    }
    switch ((VecCryptOp)op) {
    case VC_CIPHER:
    case VC_CIPHERLAST:
    case VC_SBOX:
        for (unsigned i = 0; i < 16; i++) {
            s[i] = t->sbox[s[i]];
        }
        if (op == VC_SBOX) {
            break;
        }
        aes_shift_rows(s, FALSE);
        if (op == VC_CIPHER) {
            aes_mix_columns(s, FALSE);
        }
        for (unsigned i = 0; i < 16; i++) {
            s[i] ^= k[i];
        }
        break;
    case VC_NCIPHER:
    case VC_NCIPHERLAST:
        /* Book I 6.11.1: the round key is added before InvMixColumns. */
        aes_shift_rows(s, TRUE);
        for (unsigned i = 0; i < 16; i++) {
            s[i] = t->inv[s[i]] ^ k[i];
        }
        if (op == VC_NCIPHER) {
            aes_mix_columns(s, TRUE);
        }
        break;
    }
    for (unsigned i = 0; i < 16; i++) {
        vec_set(&r, 1, i, s[i]);
    }
    *vec_vsr(cpu, 32 + F_RT(insn)) = r;
}

static const ModvmTcgHelper h_vcrypt = { "vcrypt", (gpointer)helper_vcrypt, 3, FALSE, 1, FALSE };

static gboolean gen_vcrypt(PowerDisas *d, VecCryptOp op)
{
    power_call(d, &h_vcrypt, power_const(d, d->insn), power_const(d, op), 0);
    return TRUE;
}

TRANS(vcipher) { return gen_vcrypt(d, VC_CIPHER); }
TRANS(vcipherlast) { return gen_vcrypt(d, VC_CIPHERLAST); }
TRANS(vncipher) { return gen_vcrypt(d, VC_NCIPHER); }
TRANS(vncipherlast) { return gen_vcrypt(d, VC_NCIPHERLAST); }

TRANS(vsbox)
{
    if (F_RB(d->insn)) {
        return FALSE;
    }
    return gen_vcrypt(d, VC_SBOX);
}

static guint32 ror32(guint32 x, unsigned n) { return (x >> n) | (x << (32 - n)); }
static guint64 ror64(guint64 x, unsigned n) { return (x >> n) | (x << (64 - n)); }

/* vshasigmaw/d: ST (bit 16) picks the round sigmas over the schedule ones, SIX (17:20) which. */
static void helper_vshasigma(PowerCpu *cpu, guint64 insn, guint64 dword)
{
    const PowerVsr *a = vec_vsr(cpu, 32 + F_RA(insn));
    unsigned st = (insn >> 15) & 1, six = (insn >> 11) & 15;
    PowerVsr r;

    if (dword) {
        for (unsigned i = 0; i < 2; i++) {
            guint64 x = a->dw[i];
            gboolean one = (six >> (3 - 2 * i)) & 1;
            if (!st) {
                r.dw[i] = one ? ror64(x, 19) ^ ror64(x, 61) ^ (x >> 6)
                              : ror64(x, 1) ^ ror64(x, 8) ^ (x >> 7);
            } else {
                r.dw[i] = one ? ror64(x, 14) ^ ror64(x, 18) ^ ror64(x, 41)
                              : ror64(x, 28) ^ ror64(x, 34) ^ ror64(x, 39);
            }
        }
    } else {
        for (unsigned i = 0; i < 4; i++) {
            guint32 x = (guint32)vec_get(a, 4, i), y;
            gboolean one = (six >> (3 - i)) & 1;
            if (!st) {
                y = one ? ror32(x, 17) ^ ror32(x, 19) ^ (x >> 10)
                        : ror32(x, 7) ^ ror32(x, 18) ^ (x >> 3);
            } else {
                y = one ? ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25)
                        : ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22);
            }
            vec_set(&r, 4, i, y);
        }
    }
    *vec_vsr(cpu, 32 + F_RT(insn)) = r;
}

static const ModvmTcgHelper h_vshasigma = { "vshasigma", (gpointer)helper_vshasigma, 3, FALSE, 1,
                                            FALSE };

TRANS(vshasigmaw)
{
    power_call(d, &h_vshasigma, power_const(d, d->insn), power_const(d, 0), 0);
    return TRUE;
}

TRANS(vshasigmad)
{
    power_call(d, &h_vshasigma, power_const(d, d->insn), power_const(d, 1), 0);
    return TRUE;
}

/*
 * Quadword add and subtract (vadduqm, vaddcuq, vaddeuqm, vaddecuq and the
 * subtract forms): VRT <- VRA + (VRB or ~VRB) + carry-in, the sum or its
 * carry out. The extended forms take the carry from VRC's last bit.
 */
typedef enum { VQ_ADD = 0, VQ_SUB = 1, VQ_CARRY = 2, VQ_EXT = 4 } VecQuadOp;

static void helper_vquad(PowerCpu *cpu, guint64 insn, guint64 op)
{
    const PowerVsr *a = vec_vsr(cpu, 32 + F_RA(insn)), *b = vec_vsr(cpu, 32 + F_RB(insn));
    unsigned __int128 x = ((unsigned __int128)a->dw[0] << 64) | a->dw[1];
    unsigned __int128 y = ((unsigned __int128)b->dw[0] << 64) | b->dw[1], s;
    unsigned cin = (op & VQ_SUB) ? 1 : 0, carry;
    PowerVsr r;

    if (op & VQ_SUB) {
        y = ~y;
    }
    if (op & VQ_EXT) {
        cin = vec_vsr(cpu, 32 + F_VRC(insn))->dw[1] & 1;
    }
    s = x + y;
    carry = s < x;
    s += cin;
    carry |= s < cin;
    if (op & VQ_CARRY) {
        r.dw[0] = 0;
        r.dw[1] = carry;
    } else {
        r.dw[0] = (guint64)(s >> 64);
        r.dw[1] = (guint64)s;
    }
    *vec_vsr(cpu, 32 + F_RT(insn)) = r;
}

static const ModvmTcgHelper h_vquad = { "vquad", (gpointer)helper_vquad, 3, FALSE, 1, FALSE };

static gboolean gen_vquad(PowerDisas *d, unsigned op)
{
    power_call(d, &h_vquad, power_const(d, d->insn), power_const(d, op), 0);
    return TRUE;
}

TRANS(vadduqm) { return gen_vquad(d, VQ_ADD); }
TRANS(vaddcuq) { return gen_vquad(d, VQ_ADD | VQ_CARRY); }
TRANS(vaddeuqm) { return gen_vquad(d, VQ_ADD | VQ_EXT); }
TRANS(vaddecuq) { return gen_vquad(d, VQ_ADD | VQ_EXT | VQ_CARRY); }
TRANS(vsubuqm) { return gen_vquad(d, VQ_SUB); }
TRANS(vsubcuq) { return gen_vquad(d, VQ_SUB | VQ_CARRY); }
TRANS(vsubeuqm) { return gen_vquad(d, VQ_SUB | VQ_EXT); }
TRANS(vsubecuq) { return gen_vquad(d, VQ_SUB | VQ_EXT | VQ_CARRY); }
