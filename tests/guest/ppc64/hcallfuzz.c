/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A guest-side fuzzer: random hypercalls and RTAS calls; the platform must survive them all. */
#include "rt.h"

/*
 * -append "seed=N hcalls=N rtas=N" (decimal; defaults below). Each run with
 * the same seed issues the same calls. Hypercall numbers are 0..0x480 in
 * steps of 4 and 0xf001..0xf00f; RTAS tokens are those /rtas names and
 * random ones. Arguments are addresses inside guest RAM, at its end and
 * outside it, small numbers and random 64-bit values.
 *
 * Left out, because they end or stall the run rather than test the
 * platform: H_CEDE, H_CONFER and H_JOIN (they stop the only CPU until an
 * interrupt or a prod), KVMPPC_H_RTAS with an arbitrary buffer (the buffer
 * could hold power-off's token: the RTAS part builds its buffers itself),
 * the RTAS calls power-off, system-reboot, stop-self, ibm,os-term and
 * ibm,nmi-interlock, ibm,nmi-register (it would send the system resets
 * H_SIGNAL_SYS_RESET raises to a random address instead of the vector this
 * program catches them at, once a tree with linux,rtas-base is in place),
 * and display-character (its output would garble the
 * console this program reports on; also as token 0xa, which it answers to). Addresses below 256 MiB other than the first page are
 * moved up by 256 MiB: the program itself lives there. The first page (the
 * interrupt vectors) is written again after each call that may have
 * written it, and H_SET_MODE's effects are undone after each H_SET_MODE.
 */
#define SAFE_BASE   0x10000000UL            /* below: this program */
#define SCRATCH     0x18000000UL            /* RTAS buffers go here (1 MiB) */
#define SCRATCH_LEN 0x100000UL

#define H_CEDE      0xe0
#define H_CONFER    0xe4
#define H_JOIN      0x298
#define H_PAGE_INIT 0x2c
#define H_REGISTER_VPA 0xdc
#define H_LOGICAL_CI_STORE 0x40

static uint64_t seed = 1, n_hcalls = 2000000, n_rtas = 300000;
static uint64_t state;

#define MAX_TOKENS 96
static uint32_t tokens[MAX_TOKENS];
static unsigned n_tokens;
static uint32_t excluded[16];
static unsigned n_excluded;
static uint64_t ram_size;

static uint64_t rnd(void)
{
    /* xorshift64* */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1dULL;
}

static uint64_t parse_num(const char *s)
{
    uint64_t v = 0;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (uint64_t)(*s++ - '0');
    }
    return v;
}

static void parse_args(const char *a)
{
    static const struct { const char *key; uint64_t *val; } keys[] = {
        { "seed=", &seed }, { "hcalls=", &n_hcalls }, { "rtas=", &n_rtas },
    };
    for (const char *p = a; *p; p++) {
        if (p != a && p[-1] != ' ') {
            continue;
        }
        for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
            size_t n = strlen(keys[i].key);
            if (memcmp(p, keys[i].key, n) == 0) {
                *keys[i].val = parse_num(p + n);
            }
        }
    }
}

static int is_ending(const char *name)
{
    static const char *const ending[] = {
        "power-off", "system-reboot", "stop-self", "ibm,os-term", "ibm,nmi-interlock",
        "ibm,nmi-register", "display-character",
    };
    for (unsigned i = 0; i < sizeof(ending) / sizeof(ending[0]); i++) {
        if (strcmp(name, ending[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

void rt_early(void)
{
    static char args[512], name[64], prev[64];
    uint32_t chosen = rt_ci_finddevice("/chosen"), rtas = rt_ci_finddevice("/rtas");

    if (chosen && chosen != 0xffffffff) {
        int32_t n = rt_ci_getprop(chosen, "bootargs", args, sizeof(args) - 1);
        args[n > 0 ? n : 0] = 0;
        parse_args(args);
    }
    if (!rtas || rtas == 0xffffffff) {
        return;
    }
    prev[0] = 0;
    while (rt_ci_nextprop(rtas, prev, name) == 1) {
        uint32_t v;
        if (rt_ci_getprop(rtas, name, &v, 4) == 4) {
            if (is_ending(name)) {
                if (n_excluded < 16) {
                    excluded[n_excluded++] = rt_be32(v);
                }
            } else if (n_tokens < MAX_TOKENS) {
                tokens[n_tokens++] = rt_be32(v);
            }
        }
        memcpy(prev, name, sizeof(prev));
    }
}

/* A value for an argument: an address somewhere interesting, or a plain number. */
static uint64_t arg_value(void)
{
    uint64_t r = rnd(), v;

    switch (r % 10) {
    case 0: case 1:
        v = rnd();
        break;
    case 2:
        v = rnd() % 17;                                  /* flags, indexes */
        break;
    case 3: case 4:
        v = SAFE_BASE + rnd() % (ram_size - SAFE_BASE);  /* inside RAM */
        break;
    case 5:
        v = ram_size - 64 + rnd() % 128;                 /* at its end */
        break;
    case 6:
        v = (1ULL << (32 + rnd() % 32)) + rnd() % 4096;  /* far outside */
        break;
    case 7:
        v = -(rnd() % 4096);                             /* negative, the top of the space */
        break;
    case 8:
        v = 0x71000000 + rnd() % 4;                      /* VIO unit addresses */
        break;
    default:
        v = rnd() & 0xffffffffULL;                       /* 32-bit */
        break;
    }
    if (v >= 0x1000 && v < SAFE_BASE) {
        v += SAFE_BASE;
    }
    return v;
}

static uint64_t hcall_opcode(void)
{
    for (;;) {
        uint64_t op = rnd() % 8 ? (rnd() % (0x480 / 4 + 1)) * 4 : 0xf001 + rnd() % 15;
        if (op != H_CEDE && op != H_CONFER && op != H_JOIN) {
            return op;
        }
    }
}

static uint64_t hist_hcall[8], hist_rtas[8];

static unsigned bucket(long r)
{
    return r == 0 ? 0 : r == -2 ? 1 : r == -4 ? 2 : r == -3 ? 3 : r < -4 && r > -100 ? 4 :
           r > 0 ? 5 : 6;
}

static void fuzz_hcalls(void)
{
    for (uint64_t i = 0; i < n_hcalls; i++) {
        uint64_t op = hcall_opcode();
        uint64_t a1 = arg_value(), a2 = arg_value(), a3 = arg_value(), a4 = arg_value();
        long r;

        if (op == H_PUT_TERM_CHAR && (a1 == rt_boot.vty || a1 == 0)) {
            a1 = 0x71000003;    /* not onto the console the results go to (0 means it too) */
        }
        if (op >= 0xf000) {
            /*
             * SLOF's calls write guest memory at a1 (KVMPPC_H_LOGICAL_MEMOP's
             * destination) or a2 (KVMPPC_H_CAS's tree buffer) for up to
             * megabytes: from page 0 that would run over this program.
             */
            a1 += a1 < 0x1000 ? SAFE_BASE : 0;
            a2 += a2 < 0x1000 ? SAFE_BASE : 0;
        }
        r = rt_hcall(op, a1, a2, a3, a4);
        hist_hcall[bucket(r)]++;
        if (op == H_SET_MODE) {
            /* Back to what the runtime runs with: no breakpoints, AIL 0, its byte order. */
            rt_hcall(H_SET_MODE, 0, 1, 0, 0);
            rt_hcall(H_SET_MODE, 0, 2, 0, 0);
            rt_hcall(H_SET_MODE, 0, 3, 0, 0);
#if defined(__LITTLE_ENDIAN__)
            rt_hcall(H_SET_MODE, 1, 4, 0, 0);
#else
            rt_hcall(H_SET_MODE, 0, 4, 0, 0);
#endif
        }
        if ((op == H_PAGE_INIT || op == H_REGISTER_VPA || op == H_LOGICAL_CI_STORE ||
             op >= 0xf000) && (a1 < 0x1000 || a2 < 0x1000 || a3 < 0x1000 || a4 < 0x1000)) {
            rt_install_vectors();
        }
    }
}

static uint32_t rtas_token(void)
{
    for (;;) {
        uint64_t r = rnd() % 4;
        uint32_t t = r < 2 && n_tokens ? tokens[rnd() % n_tokens] :
                     r == 2 ? 0x2000 + rnd() % 64 : (uint32_t)rnd();
        unsigned i;
        for (i = 0; i < n_excluded && excluded[i] != t; i++) {
        }
        if (i == n_excluded && t != 0xa) {
            return t;
        }
    }
}

static uint32_t count_value(void)
{
    uint64_t r = rnd() % 16;
    return r < 12 ? rnd() % 9 : r < 14 ? rnd() % 20 : r == 14 ? rnd() % 256 : (uint32_t)rnd();
}

static void put_word(uint64_t addr, uint32_t v)
{
    if (addr + 4 <= ram_size && addr >= SAFE_BASE) {
        *(volatile uint32_t *)(uintptr_t)addr = rt_be32(v);
    }
}

static void fuzz_rtas(void)
{
    for (uint64_t i = 0; i < n_rtas; i++) {
        uint32_t token = rtas_token(), nargs = count_value(), nret = count_value();
        uint64_t where = rnd() % 8, buf;
        int low = 0;
        long r;

        if (where < 6) {
            buf = SCRATCH + (rnd() % (SCRATCH_LEN - 0x2000) & ~3ULL);
        } else if (where == 6) {
            buf = ram_size - (rnd() % 96 & ~3ULL);      /* running off the end of RAM */
        } else {
            buf = arg_value();                          /* anywhere: the header unwritten */
        }
        if (where <= 6) {
            put_word(buf, token);
            put_word(buf + 4, nargs);
            put_word(buf + 8, nret);
            for (uint32_t k = 0; k < nargs && k < 24; k++) {
                uint64_t v = arg_value() & 0xffffffffULL;
                if (v < 0x1000) {
                    low = 1;
                }
                put_word(buf + 12 + 4 * k, (uint32_t)v);
            }
        }
        r = rt_hcall(H_RTAS, buf, 0, 0, 0);
        hist_rtas[bucket(r == 0 && where <= 6 && buf + 16 + 4ULL * nargs <= ram_size && nret ?
                         (long)(int32_t)rt_be32(*(volatile uint32_t *)(uintptr_t)
                                                (buf + 12 + 4 * nargs)) : r)]++;
        if (low || where == 7) {
            rt_install_vectors();
        }
    }
}

void test_main(void)
{
    static const char *const names[] = {
        "success", "H_FUNCTION", "H_PARAMETER", "-3", "other H_ error", "positive", "other",
    };

    ram_size = rt_boot.mem_size;
    state = seed * 0x9e3779b97f4a7c15ULL + 1;
    rt_printf("seed: %lu\n", (unsigned long)seed);
    rt_printf("rtas tokens from the tree: %u (left out: %u)\n", n_tokens, n_excluded);
    if (ram_size < SCRATCH + SCRATCH_LEN) {
        rt_abort("needs at least 512 MiB of RAM");
    }
    rt_catch(RT_CATCH_SKIP);
    fuzz_hcalls();
    fuzz_rtas();
    rt_catch(RT_CATCH_OFF);
    rt_printf("hcalls issued: %lu\n", (unsigned long)n_hcalls);
    rt_printf("rtas calls issued: %lu\n", (unsigned long)n_rtas);
    /* What came back, for a look (not compared: it follows the implementation). */
    rt_printf("# hcall results:");
    for (unsigned i = 0; i < 7; i++) {
        rt_printf(" %s %lu", names[i], (unsigned long)hist_hcall[i]);
    }
    rt_printf("\n# rtas results:");
    for (unsigned i = 0; i < 7; i++) {
        rt_printf(" %s %lu", names[i], (unsigned long)hist_rtas[i]);
    }
    rt_printf("\n# interrupts caught: %lu\n", (unsigned long)rt_trap.count);
}
