/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The machine's interrupt sources, delivered by whichever controller is active (XICS or XIVE). */
#include "spapr.h"

gboolean spapr_irq_claim(SpaprMachine *spapr, guint32 nr, gboolean lsi)
{
    /* Both keep the claim, so that the guest may pick either at CAS (QEMU's dual mode). */
    if (spapr->xics && !spapr_xics_claim(spapr->xics, nr, lsi)) {
        return FALSE;
    }
    if (spapr->xive && !spapr_xive_claim(spapr->xive, nr, lsi)) {
        return FALSE;
    }
    return spapr->xics || spapr->xive;
}

void spapr_irq_set(SpaprMachine *spapr, guint32 nr, int level)
{
    if (spapr->xive_active) {
        spapr_xive_set_irq(spapr->xive, nr, level);
    } else if (spapr->xics) {
        spapr_xics_set_irq(spapr->xics, nr, level);
    }
}

gboolean spapr_irq_update(SpaprMachine *spapr)
{
    gboolean xive = spapr->xive &&
                    (!spapr->xics || spapr_ovec_test(&spapr->ov5_cas, SPAPR_OV5_XIVE_EXPLOIT));

    if (xive == spapr->xive_active) {
        return FALSE;
    }
    spapr->xive_active = xive;
    if (spapr->xive) {
        spapr_xive_set_active(spapr->xive, xive);
    }
    return TRUE;
}
