/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs the generated random instruction blocks (gen.py) and prints every register they leave. */
#include "t.h"

extern const uint32_t random_blocks, random_length, random_nregs;
extern const char random_names[];
extern uint64_t random_out[];
void random_run(void);

void test_main(void)
{
    const char *names[80];
    const char *p = random_names;

    for (uint32_t i = 0; i < random_nregs && i < 80; i++) {
        names[i] = p;
        p += strlen(p) + 1;
    }
    rt_mtmsrd(rt_mfmsr() | MSR_FP | MSR_VEC | MSR_VSX);     /* for --kind fp */
    random_run();
    rt_printf("instructions: %u (%u blocks of %u)\n", random_blocks * random_length,
              random_blocks, random_length);
    for (uint32_t b = 0; b < random_blocks; b++) {
        const uint64_t *o = random_out + (uint64_t)b * random_nregs;
        for (uint32_t i = 0; i < random_nregs; i++) {
            uint64_t v = o[i];
            if (!strcmp(names[i], "xer")) {
                v &= XER_DEFINED;
            } else if (!strcmp(names[i], "cr")) {
                v &= 0xffffffffUL;
            }
            rt_printf("block %u %s: %016lx\n", b, names[i], v);
        }
    }
}
