/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A bare machine for running hand-assembled POWER code on accel-tcg in the tests. */
#pragma once

#include "../internal.h"

/*
 * The rig: RAM at 0 and one CPU of a chosen model, run by the tcg-accel
 * of the accel-tcg plugin in the build tree. Every "sc 1" ends a run (the
 * hypercall handler halts the CPU), but for the first @hcall_continue ones,
 * which it answers with r3 = @hcall_ret, and the guest goes on.
 */
typedef struct {
    ModvmMachine *machine;
    ModvmAccel *accel;
    PowerCpu *cpu;
    guint8 *ram;
    guint64 ram_size;
    gint done;              /* atomic */
    guint n_hcalls;
    guint hcall_continue;
    guint64 hcall_ret;
    guint8 *hpt;            /* a PAPR guest's hashed page table, when the test gives one */
    guint64 hpt_pteg_mask;
    guint64 pate[2];        /* a radix guest's partition table entry, when has_pate */
    gboolean has_pate;
} PowerRig;

/* The accel-tcg plugin could not be loaded: the execution tests are skipped. */
gboolean power_rig_available(void);

/* A machine with a @cpu_type CPU; @papr: a guest without hypervisor state (vhyp). */
PowerRig *power_rig_new(const char *cpu_type, gboolean papr);
void power_rig_free(PowerRig *rig);

/* Words in guest memory at @addr, big-endian or little-endian. */
void power_rig_put(PowerRig *rig, guint64 addr, const guint32 *words, guint n, gboolean le);
#define POWER_RIG_PUT(rig, addr, words) \
    power_rig_put((rig), (addr), (words), G_N_ELEMENTS(words), FALSE)
/* Halts the guest at @addr ("sc 1"). */
void power_rig_put_stop(PowerRig *rig, guint64 addr, gboolean le);
/* "sc 1" at every interrupt vector, so an unexpected interrupt ends the run there. */
void power_rig_stop_at_vectors(PowerRig *rig);

void power_rig_put64(PowerRig *rig, guint64 addr, guint64 v, gboolean le);
guint64 power_rig_get64(PowerRig *rig, guint64 addr, gboolean le);
guint32 power_rig_get32(PowerRig *rig, guint64 addr, gboolean le);

/*
 * Runs from @pc with @msr until the guest ends its run, for at most
 * @timeout_ms of host time; FALSE on timeout. The machine's virtual clock
 * runs meanwhile and its timers fire.
 */
gboolean power_rig_run(PowerRig *rig, guint64 pc, guint64 msr, guint timeout_ms);
/* Runs and asserts that the guest stopped at the "sc 1" at @stop_pc. */
void power_rig_run_to(PowerRig *rig, guint64 pc, guint64 msr, guint64 stop_pc);

/* The MSR bits most tests run with: 64-bit, machine checks on, big-endian, real mode. */
#define RIG_MSR (MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME))

/* Registers the test cases of each file. */
void power_exec_fixed_tests(void);
void power_exec_branch_tests(void);
void power_exec_ldst_tests(void);
void power_exec_excp_tests(void);
void power_exec_mmu_tests(void);
void power_exec_radix_tests(void);
void power_exec_fp_tests(void);
void power_exec_vec_tests(void);
void power_exec_qp_tests(void);
