/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The FPSCR (Power ISA Book I 4.2.2), shared by fpu.c and the quad-precision instructions. */
#pragma once

#include "internal.h"

/* FPSCR bits (Book I 4.2.2), as shifts from the least significant bit. */
enum {
    FPSCR_FX = 31, FPSCR_FEX = 30, FPSCR_VX = 29, FPSCR_OX = 28, FPSCR_UX = 27, FPSCR_ZX = 26,
    FPSCR_XX = 25, FPSCR_VXSNAN = 24, FPSCR_VXISI = 23, FPSCR_VXIDI = 22, FPSCR_VXZDZ = 21,
    FPSCR_VXIMZ = 20, FPSCR_VXVC = 19, FPSCR_FR = 18, FPSCR_FI = 17, FPSCR_FPRF = 12,
    FPSCR_VXSOFT = 10, FPSCR_VXSQRT = 9, FPSCR_VXCVI = 8, FPSCR_VE = 7, FPSCR_OE = 6,
    FPSCR_UE = 5, FPSCR_ZE = 4, FPSCR_XE = 3, FPSCR_NI = 2, FPSCR_RN = 0, FPSCR_DRN = 32,
};
#define FP(b) (1ull << FPSCR_##b)
#define FP_VX_ALL (FP(VXSNAN) | FP(VXISI) | FP(VXIDI) | FP(VXZDZ) | FP(VXIMZ) | FP(VXVC) | \
                   FP(VXSOFT) | FP(VXSQRT) | FP(VXCVI))
#define FP_EXC_ALL (FP(OX) | FP(UX) | FP(ZX) | FP(XX) | FP_VX_ALL)
#define FP_FPRF_MASK (0x1full << FPSCR_FPRF)
#define FP_ENABLES (FP(VE) | FP(OE) | FP(UE) | FP(ZE) | FP(XE))
#define FP_RN_MASK 3ull
#define FP_DRN_MASK (7ull << FPSCR_DRN)

/* VX and FEX recomputed from the other bits. */
guint64 power_fpscr_summaries(guint64 fpscr);
