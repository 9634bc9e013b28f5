/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer entry point; FUZZ_TARGET names the target (see meson.build). */
#include "fuzz-targets.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    fuzz_init();
    return FUZZ_TARGET(data, size);
}
