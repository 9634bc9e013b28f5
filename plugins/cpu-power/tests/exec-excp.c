/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Interrupts and the supervisor run on accel-tcg (Power ISA Book III chapters 5-7). */
#include "power-rig.h"

/* SRR1 keeps the MSR but for bits 33:36 and 42:47 (Book III 7.4.3). */
#define SRR1_FROM(msr) ((msr) & ~0x783f0000ull)

/* One instruction at 0x1000, "sc 1" after it and at every vector. */
static void run_one(PowerRig *rig, guint32 insn, guint64 msr, guint64 stop)
{
    power_rig_stop_at_vectors(rig);
    power_rig_put(rig, 0x1000, &insn, 1, FALSE);
    power_rig_put_stop(rig, 0x1004, FALSE);
    power_rig_run_to(rig, 0x1000, msr, stop);
}

/* A guest without hypervisor: illegal instructions give the program interrupt, SRR1[44]. */
static void test_program_illegal(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint64 msr = RIG_MSR | MSR_BIT(MSR_EE) | MSR_BIT(MSR_RI) | MSR_BIT(MSR_FP);
    PowerRegs *r = &rig->cpu->regs;

    run_one(rig, 0x00000000, msr, 0x700);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1000);
    g_assert_cmphex(r->spr[SPR_SRR1], ==, SRR1_FROM(msr) | SRR1_PROGILL);
    /* MSR at delivery: SF and ME kept, EE RI FP PR IR DR cleared */
    g_assert_cmphex(r->msr, ==, MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME));
    power_rig_free(rig);
}

/* With hypervisor state (bare metal), the Hypervisor Emulation Assistance interrupt and HEIR. */
static void test_heai(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", FALSE);
    guint64 msr = RIG_MSR | MSR_BIT(MSR_HV);
    PowerRegs *r = &rig->cpu->regs;

    run_one(rig, 0x7c0007fe, msr, 0xe40);
    g_assert_cmphex(r->spr[SPR_HSRR0], ==, 0x1000);
    g_assert_cmphex(r->spr[SPR_HSRR1], ==, SRR1_FROM(msr));
    g_assert_cmphex(r->spr[SPR_HEIR], ==, 0x7c0007fe);
    g_assert_cmphex(r->msr, ==, MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME) | MSR_BIT(MSR_HV));
    power_rig_free(rig);
}

/*
 * A compatibility mode sets the PCR bits of the levels it lacks (0x10,
 * v3.0, for POWER9's mode on Power10: Linux's kvmppc_set_arch_compat),
 * and the instructions those levels added are illegal in problem state
 * only (Book III "Processor Compatibility Register"). The same block at
 * the same address runs again when the mode changes: its flags differ.
 */
static void test_pcr_compat(void)
{
    static const struct {
        const char *cpu;
        PowerCompat compat;
        guint64 pcr;
        guint32 insn;       /* an instruction of the model's level */
        guint64 native;     /* where the model's own mode stops in problem state */
    } cases[] = {
        { "power10-cpu", POWER_COMPAT_POWER9, 0x10, 0x7d220300, 0x1004 },   /* setbc 9,2 */
        { "power10-cpu", POWER_COMPAT_POWER8, 0x18, 0x7d290474, 0x1004 },   /* cnttzd 9,9 */
        { "power9-cpu", POWER_COMPAT_POWER8, 0x08, 0x7d290474, 0x1004 },    /* cnttzd 9,9 */
        /* bctar (2.07): without FSCR[TAR], Facility Unavailable in its own mode */
        { "power8-cpu", POWER_COMPAT_POWER7, 0x04, 0x4e800460, 0xf60 },
    };
    guint64 pr = RIG_MSR | MSR_BIT(MSR_PR);

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        PowerRig *rig = power_rig_new(cases[i].cpu, TRUE);
        PowerRegs *r = &rig->cpu->regs;

        r->spr[SPR_FSCR] = 0;
        run_one(rig, cases[i].insn, pr, cases[i].native);
        power_cpu_set_compat(rig->cpu, cases[i].compat);
        g_assert_cmphex(r->spr[SPR_PCR], ==, cases[i].pcr);
        run_one(rig, cases[i].insn, pr, 0x700);
        g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1000);
        g_assert_cmphex(r->spr[SPR_SRR1] & 0x783f0000, ==, SRR1_PROGILL);
        /* supervisor state is not affected */
        if (cases[i].native == 0x1004) {
            run_one(rig, cases[i].insn, RIG_MSR, 0x1004);
        }
        power_cpu_set_compat(rig->cpu, POWER_COMPAT_NONE);
        g_assert_cmphex(r->spr[SPR_PCR], ==, 0);
        run_one(rig, cases[i].insn, pr, cases[i].native);
        power_rig_free(rig);
    }
}

/* The same for the SPRs a level added: UMMCR3 (v3.1) in problem state is an undefined SPR. */
static void test_pcr_spr(void)
{
    PowerRig *rig = power_rig_new("power10-cpu", TRUE);
    guint64 pr = RIG_MSR | MSR_BIT(MSR_PR);

    run_one(rig, 0x7d22baa6, pr, 0x1004);                 /* mfspr 9,738 */
    power_cpu_set_compat(rig->cpu, POWER_COMPAT_POWER9);
    run_one(rig, 0x7d22baa6, pr, 0x700);
    run_one(rig, 0x7d22baa6, RIG_MSR, 0x1004);
    power_rig_free(rig);
}

/* Privileged instructions and SPRs in problem state: the program interrupt, SRR1[45]. */
static void test_program_privileged(void)
{
    static const guint32 priv[] = {
        0x7c6000a6, /* mfmsr 3 */
        0x4c000024, /* rfid */
        0x7c7a03a6, /* mtspr 26,3 (SRR0) */
        0x7c7ffaa6, /* mfspr 3,1023 (PIR) */
        0x7c7f42a6, /* mfspr 3,287 (PVR) */
        0x7c7603a6, /* mtdec 3 */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint64 msr = RIG_MSR | MSR_BIT(MSR_PR);
    PowerRegs *r = &rig->cpu->regs;

    for (guint i = 0; i < G_N_ELEMENTS(priv); i++) {
        run_one(rig, priv[i], msr, 0x700);
        g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1000);
        g_assert_cmphex(r->spr[SPR_SRR1], ==, SRR1_FROM(msr) | SRR1_PROGPRIV);
    }
    /* hypervisor-only in the guest's supervisor state: hrfid, LPCR */
    run_one(rig, 0x4c000224, RIG_MSR, 0x700);
    g_assert_cmphex(r->spr[SPR_SRR1] & 0x783f0000, ==, SRR1_PROGPRIV);
    run_one(rig, 0x7c7e4aa6, RIG_MSR, 0x700);
    g_assert_cmphex(r->spr[SPR_SRR1] & 0x783f0000, ==, SRR1_PROGPRIV);
    power_rig_free(rig);
}

/*
 * SPR numbers that do not exist (Book III 5.4.4, QEMU's rules): 0 and 4-6
 * for mfspr give HEAI (the program interrupt here, privileged type), ones
 * with the 0x10 bit are no-ops in supervisor state, 808-811 are no-ops.
 */
static void test_spr_undefined(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    run_one(rig, 0x7c6002a6, RIG_MSR, 0x700);     /* mfspr 3,0 */
    g_assert_cmphex(r->spr[SPR_SRR1] & 0x783f0000, ==, SRR1_PROGPRIV);
    run_one(rig, 0x7c6402a6, RIG_MSR, 0x700);     /* mfspr 3,4 */
    r->gpr[3] = 0x1234;
    run_one(rig, 0x7c69c2a6, RIG_MSR, 0x1004);    /* mfspr 3,777: a no-op */
    g_assert_cmphex(r->gpr[3], ==, 0x1234);
    run_one(rig, 0x7c68cba6, RIG_MSR | MSR_BIT(MSR_PR), 0x1004);  /* mtspr 808: no-op */
    run_one(rig, 0x7c69c2a6, RIG_MSR | MSR_BIT(MSR_PR), 0x700);   /* mfspr 3,777 in PR */
    g_assert_cmphex(r->spr[SPR_SRR1] & 0x783f0000, ==, SRR1_PROGPRIV);
    power_rig_free(rig);
}

/* Traps (Book I 3.3.11): the program interrupt with SRR1[46] when the condition holds. */
static void test_program_trap(void)
{
    static const struct { guint32 insn; guint64 ra, rb; gboolean taken; } cases[] = {
        { 0x7c831808, 5, 5, TRUE },                  /* tw 4,3,3: equal */
        { 0x0d030005, 6, 0, TRUE },                  /* twi 8,3,5: 6 > 5 */
        { 0x0d030005, 5, 0, FALSE },
        { 0x0d030005, 0xffffffff00000006ull, 0, TRUE },   /* the word 6 > 5 */
        { 0x7c232088, 1, 0xffffffffffffffffull, FALSE },  /* td 1,3,4: 1 >u -1? no */
        { 0x7c232088, ~0ull, 1, TRUE },
        { 0x0a03ffff, ~1ull, 0, TRUE },              /* tdi 16,3,-1: -2 < -1 */
        { 0x7fe00008, 0, 0, TRUE },                  /* trap */
        { 0x7c032008, 1, 2, FALSE },                 /* tw 0,3,4: never */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        r->gpr[3] = cases[i].ra;
        r->gpr[4] = cases[i].rb;
        run_one(rig, cases[i].insn, RIG_MSR, cases[i].taken ? 0x700 : 0x1004);
        if (cases[i].taken) {
            g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1000);
            g_assert_cmphex(r->spr[SPR_SRR1], ==, SRR1_FROM(RIG_MSR) | SRR1_PROGTRAP);
        }
    }
    power_rig_free(rig);
}

/* sc: 0xc00 with SRR0 the next instruction; sc 1 is a hypercall the machine answers. */
static void test_syscall(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint64 msr = RIG_MSR | MSR_BIT(MSR_EE) | MSR_BIT(MSR_PR);
    PowerRegs *r = &rig->cpu->regs;

    run_one(rig, 0x44000002, msr, 0xc00);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1004);
    g_assert_cmphex(r->spr[SPR_SRR1], ==, SRR1_FROM(msr));
    g_assert_cmphex(r->msr, ==, MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME));

    {
        static const guint32 code[] = {
            0x38600004, /* li 3,4 */
            0x44000022, /* sc 1: answered with r3 = 0x55 */
            0x7c641b78, /* mr 4,3 */
            0x7fe00008, /* trap: ends the run at 0x700 */
        };
        POWER_RIG_PUT(rig, 0x1000, code);
        rig->hcall_continue = 1;
        rig->hcall_ret = 0x55;
        power_rig_run_to(rig, 0x1000, RIG_MSR, 0x700);
        g_assert_cmphex(r->gpr[4], ==, 0x55);
        g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x100c);
    }
    power_rig_free(rig);
}

/*
 * scv (ISA 3.0, Book III 7.5.15): needs FSCR[SCV], else the Facility
 * Unavailable interrupt with FSCR[IC] = 12. Delivered at 0x17000 + 0x20 *
 * LEV with LR = the next instruction, CTR = SRR1-style MSR, EE kept.
 */
static void test_scv(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    guint64 msr = RIG_MSR | MSR_BIT(MSR_EE) | MSR_BIT(MSR_PR);
    PowerRegs *r = &rig->cpu->regs;

    r->spr[SPR_FSCR] = 0;
    run_one(rig, 0x440000a1, msr, 0xf60);      /* scv 5 */
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1000);
    g_assert_cmphex(r->spr[SPR_FSCR] >> 56, ==, 12);

    r->spr[SPR_FSCR] = 1ull << 12;
    run_one(rig, 0x440000a1, msr, 0x17000 + 5 * 0x20);
    g_assert_cmphex(r->lr, ==, 0x1004);
    g_assert_cmphex(r->ctr, ==, SRR1_FROM(msr));
    g_assert_cmphex(r->msr, ==, MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME) | MSR_BIT(MSR_EE));

    /* and back with rfscv: to LR with the MSR in CTR */
    {
        guint32 rfscv = 0x4c0000a4;
        power_rig_put(rig, 0x2000, &rfscv, 1, FALSE);
        power_rig_put_stop(rig, 0x3000, FALSE);
        r->lr = 0x3000;
        r->ctr = RIG_MSR | MSR_BIT(MSR_RI);
        power_rig_run_to(rig, 0x2000, RIG_MSR, 0x3000);
        g_assert_cmphex(r->msr, ==, RIG_MSR | MSR_BIT(MSR_RI));
    }
    power_rig_free(rig);
}

/*
 * rfid (Book III 5.4.4): to SRR0 & ~3 with MSR from SRR1; into 32-bit mode
 * the address is truncated; problem state brings EE, IR and DR; HV stays
 * for a guest without hypervisor.
 */
static void test_rfid(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    power_rig_put_stop(rig, 0x2000, FALSE);
    r->spr[SPR_SRR0] = 0xffffffff00002003ull;
    r->spr[SPR_SRR1] = MSR_BIT(MSR_ME) | MSR_BIT(MSR_HV) | MSR_BIT(MSR_RI);
    run_one(rig, 0x4c000024, RIG_MSR, 0x2000);
    g_assert_cmphex(r->msr, ==, MSR_BIT(MSR_ME) | MSR_BIT(MSR_RI));

    /* mtmsrd 3,1 changes EE and RI only; mtmsrd 3,0 not HV, ME, LE */
    r->gpr[3] = ~0ull & ~MSR_BIT(MSR_PR);
    run_one(rig, 0x7c610164, RIG_MSR, 0x1004);
    g_assert_cmphex(r->msr, ==, RIG_MSR | MSR_BIT(MSR_EE) | MSR_BIT(MSR_RI));
    r->gpr[3] = MSR_BIT(MSR_SF) | MSR_BIT(MSR_LE) | MSR_BIT(MSR_FP);
    run_one(rig, 0x7c600164, RIG_MSR, 0x1004);
    g_assert_cmphex(r->msr, ==, RIG_MSR | MSR_BIT(MSR_FP));
    power_rig_free(rig);
}

/* LPCR[ILE]: interrupts run little-endian (the handler at 0x700 is stored little-endian). */
static void test_ile(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;
    guint32 zero = 0;

    power_rig_put(rig, 0x1000, &zero, 1, FALSE);
    power_rig_put_stop(rig, 0x700, TRUE);
    r->spr[SPR_LPCR] |= LPCR_ILE;
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x700);
    g_assert_cmphex(r->msr, ==, MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME) | MSR_BIT(MSR_LE));
    power_rig_free(rig);
}

/* The facility unavailable interrupts for floating point, vector and VSX. */
static void test_facility_unavailable(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    run_one(rig, 0xc8230000, RIG_MSR, 0x800);              /* lfd 1,0(3) */
    run_one(rig, 0x10221800, RIG_MSR, 0xf20);              /* vaddubm 1,2,3 */
    run_one(rig, 0xf0221c90, RIG_MSR, 0xf40);              /* xxlor 1,2,3 */
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1000);
    /* with the facility on, not implemented yet: illegal */
    run_one(rig, 0xec221804, RIG_MSR | MSR_BIT(MSR_FP), 0x700);   /* dadd 1,2,3 */
    g_assert_cmphex(r->spr[SPR_SRR1] & 0x783f0000, ==, SRR1_PROGILL);
    /* bctar in problem state needs FSCR[TAR] */
    r->spr[SPR_FSCR] = 0;
    run_one(rig, 0x4e800460, RIG_MSR | MSR_BIT(MSR_PR), 0xf60);
    g_assert_cmphex(r->spr[SPR_FSCR] >> 56, ==, 8);
    power_rig_free(rig);
}

/*
 * The decrementer (Book III 6.2) at 512 MHz on the virtual clock: set to
 * 512000 ticks (1 ms), it interrupts a spinning guest at 0x900 once MSR[EE]
 * is 1, and stays pending (level) while negative. TB and DEC move.
 */
static void test_decrementer(void)
{
    static const guint32 p[] = {
        0x7cac42a6, /* 0x1000: mftb 5 */
        0x7c7603a6, /* 0x1004: mtdec 3 */
        0x7c9602a6, /* 0x1008: mfdec 4 */
        0x7cc10164, /* 0x100c: mtmsrd 6,1 (EE on) */
        0x48000000, /* 0x1010: b . */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    power_rig_stop_at_vectors(rig);
    POWER_RIG_PUT(rig, 0x1000, p);
    r->gpr[3] = 512000;
    r->gpr[6] = MSR_BIT(MSR_EE);
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x900);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1010);
    g_assert_cmpint((gint32)r->gpr[4], <=, 512000);
    g_assert_cmpint((gint32)power_dec_read(rig->cpu), <=, 0);
    g_assert_cmpuint(power_tb_read(rig->cpu), >, r->gpr[5]);
    g_assert_true(rig->cpu->tcg.interrupt_request & (1u << POWER_IRQ_DECREMENTER));

    /* a positive DEC lowers it */
    r->gpr[3] = 0x7fffffff;
    run_one(rig, 0x7c7603a6, RIG_MSR, 0x1004);
    g_assert_false(rig->cpu->tcg.interrupt_request & (1u << POWER_IRQ_DECREMENTER));
    /* large decrementer: 56 bits, read sign-extended */
    r->spr[SPR_LPCR] |= LPCR_LD;
    r->gpr[3] = 0x00ffffffffffff00ull;
    run_one(rig, 0x7c7603a6, RIG_MSR, 0x1004);
    g_assert_cmpint((gint64)power_dec_read(rig->cpu), <, 0);
    g_assert_true(rig->cpu->tcg.interrupt_request & (1u << POWER_IRQ_DECREMENTER));
    power_rig_free(rig);
}

/* An external interrupt raised from another thread reaches a spinning guest at 0x500. */
static gboolean raise_external(gpointer data)
{
    power_cpu_set_irq(data, POWER_IRQ_EXTERNAL, 1);
    return G_SOURCE_REMOVE;
}

static gpointer external_thread(gpointer data)
{
    g_usleep(20000);
    raise_external(data);
    return NULL;
}

static void test_external(void)
{
    static const guint32 spin[] = {
        0x48000000, /* 0x1000: b . */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    GThread *t;

    power_rig_stop_at_vectors(rig);
    POWER_RIG_PUT(rig, 0x1000, spin);
    t = g_thread_new("irq", external_thread, rig->cpu);
    power_rig_run_to(rig, 0x1000, RIG_MSR | MSR_BIT(MSR_EE), 0x500);
    g_thread_join(t);
    g_assert_cmphex(rig->cpu->regs.spr[SPR_SRR0], ==, 0x1000);
    power_cpu_set_irq(rig->cpu, POWER_IRQ_EXTERNAL, 0);
    power_rig_free(rig);
}

/*
 * msgsndp to this thread (TIR 0, message type 5) raises the directed
 * privileged doorbell, taken at 0xa00 once MSR[EE]=1 (Book III 5.9.2, 7.5.18);
 * another TIR has no thread on these one-thread cores; msgclrp takes it back.
 */
static void test_doorbell(void)
{
    static const guint32 p[] = {
        0x7c00191c, /* 0x1000: msgsndp 3 */
        0x7c00295c, /* 0x1004: msgclrp 5 */
        0x7cc10164, /* 0x1008: mtmsrd 6,1 (EE on) */
        0x60000000, /* 0x100c: nop */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    power_rig_stop_at_vectors(rig);
    POWER_RIG_PUT(rig, 0x1000, p);
    power_rig_put_stop(rig, 0x1010, FALSE);
    r->gpr[3] = 5u << 27;
    r->gpr[5] = 0;
    r->gpr[6] = MSR_BIT(MSR_EE);
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0xa00);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x100c);
    g_assert_false(rig->cpu->tcg.interrupt_request & (1u << POWER_IRQ_DOORBELL));

    /* msgclrp 3 clears the doorbell before EE is set; TIR 1 does not exist */
    r->gpr[5] = 5u << 27;
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x1010);
    r->gpr[3] = (5u << 27) | 1;
    r->gpr[5] = 0;
    power_rig_run_to(rig, 0x1000, RIG_MSR, 0x1010);
    g_assert_false(rig->cpu->tcg.interrupt_request & (1u << POWER_IRQ_DOORBELL));
    power_rig_free(rig);
}

/*
 * A guest's supervisor state has no hypervisor: msgsnd, msgclr, msgsync and
 * the cache-inhibited loads/stores (hypervisor-only since ISA 3.0) give the
 * privileged-instruction program interrupt, as QEMU's pseries; stop and
 * msgsndp are privileged.
 */
static void test_server_privileged(void)
{
    static const guint32 hv[] = {
        0x7c00199c, /* msgsnd 3 */
        0x7c0019dc, /* msgclr 3 */
        0x7c0006ec, /* msgsync */
        0x7d204e2a, /* lwzcix 9,0,9 */
        0x7d404faa, /* stbcix 10,0,9 */
        0x7d204eaa, /* ldcix 9,0,9 */
    };
    static const guint32 priv[] = {
        0x4c0002e4, /* stop */
        0x7c00191c, /* msgsndp 3 */
        0x7c00195c, /* msgclrp 3 */
    };
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;
    guint64 msr = RIG_MSR | MSR_BIT(MSR_PR);

    for (guint i = 0; i < G_N_ELEMENTS(hv); i++) {
        run_one(rig, hv[i], RIG_MSR, 0x700);
        g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1000);
        g_assert_cmphex(r->spr[SPR_SRR1], ==, SRR1_FROM(RIG_MSR) | SRR1_PROGPRIV);
    }
    for (guint i = 0; i < G_N_ELEMENTS(priv); i++) {
        run_one(rig, priv[i], msr, 0x700);
        g_assert_cmphex(r->spr[SPR_SRR1], ==, SRR1_FROM(msr) | SRR1_PROGPRIV);
    }
    power_rig_free(rig);
}

/* With hypervisor state the cache-inhibited forms are plain real-mode accesses. */
static void test_cache_inhibited_hv(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", FALSE);
    PowerRegs *r = &rig->cpu->regs;
    guint64 msr = RIG_MSR | MSR_BIT(MSR_HV);

    power_rig_put64(rig, 0x3000, 0x1122334455667788ull, FALSE);
    r->gpr[9] = 0x3000;
    run_one(rig, 0x7d204e2a, msr, 0x1004); /* lwzcix 9,0,9 */
    g_assert_cmphex(r->gpr[9], ==, 0x11223344);
    r->gpr[9] = 0x3000;
    r->gpr[10] = 0xaa;
    run_one(rig, 0x7d404faa, msr, 0x1004); /* stbcix 10,0,9 */
    g_assert_cmphex(power_rig_get64(rig, 0x3000, FALSE), ==, 0xaa22334455667788ull);
    power_rig_free(rig);
}

/*
 * cpabort and clrbhrb do nothing here, mfbhrbe reads 0 (no BHRB is
 * enabled); copy and paste. are illegal, as in QEMU, for want of a
 * copy-paste accelerator.
 */
static void test_bhrb_copy_paste(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;
    guint64 msr = RIG_MSR | MSR_BIT(MSR_PR);

    run_one(rig, 0x7c00068c, msr, 0x1004); /* cpabort */
    run_one(rig, 0x7c00035c, msr, 0x1004); /* clrbhrb */
    r->gpr[3] = 0x1234;
    run_one(rig, 0x7c60025c, msr, 0x1004); /* mfbhrbe 3,0 */
    g_assert_cmphex(r->gpr[3], ==, 0);
    run_one(rig, 0x7c20260c, msr, 0x700); /* copy 0,4 */
    g_assert_cmphex(r->spr[SPR_SRR1], ==, SRR1_FROM(msr) | SRR1_PROGILL);
    run_one(rig, 0x7c20270d, msr, 0x700); /* paste. 0,4 */
    g_assert_cmphex(r->spr[SPR_SRR1], ==, SRR1_FROM(msr) | SRR1_PROGILL);
    power_rig_free(rig);
}

/* Hostile code: random words, each run alone, in both privilege states; nothing may crash. */
static void test_random_words(void)
{
    PowerRig *rig = power_rig_new("power9-cpu", TRUE);
    GRand *rand = g_rand_new_with_seed(3);
    PowerRegs *r = &rig->cpu->regs;

    for (guint i = 0; i < 3000; i++) {
        guint32 w = g_rand_int(rand);
        guint64 msr = RIG_MSR | ((i & 1) ? MSR_BIT(MSR_PR) : 0) | ((i & 2) ? MSR_BIT(MSR_LE) : 0);

        for (int g = 0; g < 32; g++) {
            r->gpr[g] = 0x10000 + 0x100 * g;
        }
        power_rig_stop_at_vectors(rig);
        power_rig_put(rig, 0x1000, &w, 1, (i & 2) != 0);
        power_rig_put_stop(rig, 0x1004, (i & 2) != 0);
        /* the word may branch anywhere, loop, or halt: only a crash or a hang is a failure */
        power_rig_run(rig, 0x1000, msr, 2000);
    }
    g_rand_free(rand);
    power_rig_free(rig);
}

/* Without a machine's hypercall handler, sc 1 is the System Call interrupt raising MSR[HV]. */
static void test_sc1_unhandled(void)
{
    static const guint32 spin[] = {
        0x48000000, /* b . */
    };
    PowerRig *rig = power_rig_new("power9-cpu", FALSE);
    PowerRegs *r = &rig->cpu->regs;

    modvm_cpu_set_hypercall(MODVM_CPU(rig->cpu), NULL, NULL);
    power_rig_put_stop(rig, 0x1000, FALSE);
    POWER_RIG_PUT(rig, 0xc00, spin);
    g_assert_false(power_rig_run(rig, 0x1000, RIG_MSR | MSR_BIT(MSR_EE), 50));
    g_assert_cmphex(r->nip, ==, 0xc00);
    g_assert_cmphex(r->spr[SPR_SRR0], ==, 0x1004);
    g_assert_cmphex(r->spr[SPR_SRR1], ==, SRR1_FROM(RIG_MSR | MSR_BIT(MSR_EE)));
    g_assert_cmphex(r->msr, ==, MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME) | MSR_BIT(MSR_HV));
    power_rig_free(rig);
}

/* Before ISA 3.0 the alignment interrupt puts the instruction's RT and RA fields in DSISR. */
static void test_alignment_dsisr(void)
{
    PowerRig *rig = power_rig_new("power8-cpu", TRUE);
    PowerRegs *r = &rig->cpu->regs;

    r->gpr[4] = 0x8001;
    r->spr[SPR_DSISR] = 0;
    run_one(rig, 0x7ca02028, RIG_MSR, 0x600);    /* lwarx 5,0,4 */
    g_assert_cmphex(r->spr[SPR_DAR], ==, 0x8001);
    g_assert_cmphex(r->spr[SPR_DSISR], ==, (0x7ca02028 & 0x03ff0000) >> 16);
    g_assert_cmphex(r->spr[SPR_SRR1], ==, SRR1_FROM(RIG_MSR));
    power_rig_free(rig);
}

void power_exec_excp_tests(void)
{
    g_test_add_func("/power/excp/sc1-unhandled", test_sc1_unhandled);
    g_test_add_func("/power/excp/alignment-dsisr", test_alignment_dsisr);
    g_test_add_func("/power/excp/program-illegal", test_program_illegal);
    g_test_add_func("/power/excp/hv-emulation", test_heai);
    g_test_add_func("/power/excp/pcr-compat", test_pcr_compat);
    g_test_add_func("/power/excp/pcr-spr", test_pcr_spr);
    g_test_add_func("/power/excp/program-privileged", test_program_privileged);
    g_test_add_func("/power/excp/spr-undefined", test_spr_undefined);
    g_test_add_func("/power/excp/program-trap", test_program_trap);
    g_test_add_func("/power/excp/syscall", test_syscall);
    g_test_add_func("/power/excp/scv", test_scv);
    g_test_add_func("/power/excp/rfid", test_rfid);
    g_test_add_func("/power/excp/ile", test_ile);
    g_test_add_func("/power/excp/facility-unavailable", test_facility_unavailable);
    g_test_add_func("/power/excp/decrementer", test_decrementer);
    g_test_add_func("/power/excp/external", test_external);
    g_test_add_func("/power/excp/random-words", test_random_words);
    g_test_add_func("/power/excp/doorbell", test_doorbell);
    g_test_add_func("/power/excp/server-privileged", test_server_privileged);
    g_test_add_func("/power/excp/cache-inhibited-hv", test_cache_inhibited_hv);
    g_test_add_func("/power/excp/bhrb-copy-paste", test_bhrb_copy_paste);
}
