/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Transactional memory (Power ISA v3.0B Book II chapter 5) with the facility off, as on cap-htm=off. */
#include "internal.h"

/*
 * modvm never lets MSR[TM] be set (it is not in any model's MSR mask, as a
 * pseries machine with cap-htm=off offers no TM), so every TM instruction
 * finds the facility unavailable: the Facility Unavailable interrupt with
 * FSCR[IC] = TM (Book III 7.5.22), in any privilege state. The privileged
 * treclaim. and trechkpt. take the privileged-instruction program interrupt
 * first in problem state (their decode entries say so). QEMU 7.2 does the
 * same on its POWER9 and POWER10 models; Power10 (ISA 3.1) has no TM, and
 * its interrupt for these words is the same one. The TM SPRs (TFHAR,
 * TFIAR, TEXASR, TEXASRU) are not readable without TM either (spr.c).
 */
gboolean power_gen_tm_unavailable(PowerDisas *d)
{
    ModvmTcgTemp fscr = power_load_field(d, SPR_OFF(SPR_FSCR));

    power_opi(d, MODVM_OP_AND, fscr, fscr, ~(0xffull << FSCR_IC_SHIFT));
    power_opi(d, MODVM_OP_OR, fscr, fscr, (guint64)FSCR_IC_TM << FSCR_IC_SHIFT);
    power_store_field(d, SPR_OFF(SPR_FSCR), fscr);
    power_gen_exception(d, POWER_EXCP_FU, 0);
    return TRUE;
}

TRANS(tbegin_rc) { return power_gen_tm_unavailable(d); }
TRANS(tend_rc) { return power_gen_tm_unavailable(d); }
TRANS(tabort_rc) { return power_gen_tm_unavailable(d); }
TRANS(tabortwc_rc) { return power_gen_tm_unavailable(d); }
TRANS(tabortdc_rc) { return power_gen_tm_unavailable(d); }
TRANS(tabortwci_rc) { return power_gen_tm_unavailable(d); }
TRANS(tabortdci_rc) { return power_gen_tm_unavailable(d); }
TRANS(tcheck) { return power_gen_tm_unavailable(d); }
TRANS(treclaim_rc) { return power_gen_tm_unavailable(d); }
TRANS(trechkpt_rc) { return power_gen_tm_unavailable(d); }
TRANS(tsr_rc) { return power_gen_tm_unavailable(d); }
