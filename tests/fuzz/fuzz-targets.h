/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz targets shared by the libFuzzer binaries and the standalone driver. */
#pragma once

#include "core.h"

void fuzz_init(void);
int fuzz_machine_desc(const guint8 *data, size_t size);
int fuzz_cmdline(const guint8 *data, size_t size);
