/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The decoder: insns.decode's table indexed by primary opcode, then by instruction bits 1:10. */
#include "internal.h"

extern const PowerInsnDef power_insn_table[];
extern const guint power_insn_table_len;

/*
 * Every extended opcode the table uses lies in bits 0:10 of the word, and
 * bits 1:10 tell all but a few entries of a primary opcode apart. So the
 * second level is indexed by those ten bits; each slot lists the entries
 * that may match a word with them, in table order, and the first whose
 * mask matches wins. An entry that ignores some of the ten bits sits in
 * several slots.
 */
typedef struct {
    guint32 first;          /* index into candidates */
    guint32 count;
} PowerDecodeSlot;

typedef struct {
    PowerDecodeSlot slots[64][1024];
    guint16 *candidates;
} PowerDecoder;

static PowerDecoder *power_decoder_build(void)
{
    PowerDecoder *dec = g_new0(PowerDecoder, 1);
    GArray *cands = g_array_new(FALSE, FALSE, sizeof(guint16));

    for (guint po = 0; po < 64; po++) {
        for (guint32 x = 0; x < 1024; x++) {
            guint32 bits = (po << 26) | (x << 1);
            PowerDecodeSlot *slot = &dec->slots[po][x];

            slot->first = cands->len;
            for (guint i = 0; i < power_insn_table_len; i++) {
                const PowerInsnDef *e = &power_insn_table[i];
                /* Compare only the bits the slot fixes: the primary opcode and bits 1:10. */
                guint32 m = e->mask & 0xfc0007fe;
                if (!e->pmask && (bits & m) == (e->match & m)) {
                    guint16 idx = i;
                    g_array_append_val(cands, idx);
                }
            }
            slot->count = cands->len - slot->first;
        }
    }
    dec->candidates = (guint16 *)g_array_free(cands, FALSE);
    return dec;
}

static PowerDecoder *power_decoder(void)
{
    static PowerDecoder *dec;

    if (g_once_init_enter(&dec)) {
        g_once_init_leave(&dec, power_decoder_build());
    }
    return dec;
}

const PowerInsnDef *power_decode(guint32 insn)
{
    PowerDecoder *dec = power_decoder();
    const PowerDecodeSlot *slot = &dec->slots[insn >> 26][(insn >> 1) & 0x3ff];

    for (guint i = 0; i < slot->count; i++) {
        const PowerInsnDef *e = &power_insn_table[dec->candidates[slot->first + i]];
        if ((insn & e->mask) == e->match) {
            return e;
        }
    }
    return NULL;
}

/* Prefixed instructions are few and decoded at translation time only: a linear search. */
const PowerInsnDef *power_decode_prefixed(guint32 prefix, guint32 suffix)
{
    for (guint i = 0; i < power_insn_table_len; i++) {
        const PowerInsnDef *e = &power_insn_table[i];
        if (e->pmask && (prefix & e->pmask) == e->pmatch && (suffix & e->mask) == e->match) {
            return e;
        }
    }
    return NULL;
}

const PowerInsnDef *power_decode_table(guint *n)
{
    *n = power_insn_table_len;
    return power_insn_table;
}
