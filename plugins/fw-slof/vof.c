/* SPDX-License-Identifier: GPL-2.0-or-later */
/* "vof": the firmware of -M pseries,x-vof=on: loads the kernel, then serves the client interface. */
#include "vof.h"

#include <string.h>

MODVM_DEFINE_DYNAMIC_TYPE(Vof, vof, "vof", MODVM_TYPE_FIRMWARE)

/* The CPU QEMU's vof.bin hands over with: its stack top less two of its frames. */
#define VOF_ENTRY_R1        0xff60

/* Power ISA encodings of the few instructions VOF puts in guest memory. */
#define INSN_TDI_0_0_0x48   0x08000048u     /* in the other byte order: b .+8 */
#define INSN_B(disp)        (0x48000000u | ((disp) & 0x03fffffcu))
#define INSN_MR_R4_R3       0x7c641b78u
#define INSN_LI_R3(v)       (0x38600000u | ((v) & 0xffffu))
#define INSN_ORI_R3(v)      (0x60630000u | ((v) & 0xffffu))
#define INSN_SC_1           0x44000022u
#define INSN_BLR            0x4e800020u

/*
 * A client may call firmware in either byte order (Linux switches to
 * big-endian first; a little-endian program might not). The first word
 * is "tdi 0,0,0x48", which never traps, in big-endian, and "b .+8" read
 * the other way round: big-endian goes on to a branch over the
 * little-endian copy of the code, little-endian lands on that copy.
 */
gsize vof_put_neutral(guint8 *out, const guint32 *insns, guint n)
{
    guint32 *w = (guint32 *)out;

    w[0] = GUINT32_TO_BE(INSN_TDI_0_0_0x48);
    w[1] = GUINT32_TO_BE(INSN_B(4 + 4 * n));
    for (guint i = 0; i < n; i++) {
        w[2 + i] = GUINT32_TO_LE(insns[i]);
        w[2 + n + i] = GUINT32_TO_BE(insns[i]);
    }
    return 8 + 8ull * n;
}

/*
 * Guest memory from 0 to VOF_FW_SIZE: the client interface entry (QEMU's
 * "sc 1" with KVMPPC_H_VOF_CLIENT, r4 = the argument array), and a stub
 * that calls "exit", where a kernel returns to and where a boot without
 * kernel starts (QEMU's vof.bin too says exit when it has nothing to boot).
 */
static gboolean vof_write_firmware(ModvmAddressSpace *as, GError **error)
{
    static const guint32 ci[] = {
        INSN_MR_R4_R3, INSN_LI_R3(0), INSN_ORI_R3(KVMPPC_H_VOF_CLIENT), INSN_SC_1, INSN_BLR,
    };
    static const guint32 exit_stub[] = {
        INSN_LI_R3(VOF_EXIT_ARGS), INSN_MR_R4_R3, INSN_LI_R3(0),
        INSN_ORI_R3(KVMPPC_H_VOF_CLIENT), INSN_SC_1, INSN_B(0),
    };
    guint8 fw[VOF_FW_SIZE] = { 0 };
    guint32 *exit_args = (guint32 *)(fw + VOF_EXIT_ARGS);

    G_STATIC_ASSERT(VOF_CI_ENTRY + 8 + 8 * G_N_ELEMENTS(ci) <= VOF_EXIT_ENTRY);
    G_STATIC_ASSERT(VOF_EXIT_ENTRY + 8 + 8 * G_N_ELEMENTS(exit_stub) <= VOF_EXIT_ARGS);
    vof_put_neutral(fw + VOF_CI_ENTRY, ci, G_N_ELEMENTS(ci));
    vof_put_neutral(fw + VOF_EXIT_ENTRY, exit_stub, G_N_ELEMENTS(exit_stub));
    /* IEEE 1275 client interface arguments: service, nargs, nret, big-endian. */
    exit_args[0] = GUINT32_TO_BE(VOF_EXIT_NAME);
    exit_args[1] = 0;
    exit_args[2] = 0;
    memcpy(fw + VOF_EXIT_NAME, "exit", 5);
    if (modvm_address_space_write(as, 0, fw, sizeof(fw)) != MODVM_MEM_OK) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "no RAM at 0 for the firmware");
        return FALSE;
    }
    return TRUE;
}

static gboolean vof_realize(ModvmDevice *dev, GError **error)
{
    Vof *vof = VOF(dev);
    SpaprMachine *spapr = spapr_machine_from(modvm_object_get_root(MODVM_OBJECT(dev)));

    if (!spapr) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "vof is the firmware of pseries machines only");
        return FALSE;
    }
    return fw_boot_realize(&vof->boot, spapr, error);
}

static void vof_unrealize(ModvmDevice *dev)
{
    Vof *vof = VOF(dev);

    fw_boot_clear(&vof->boot);
}

/* Phandles for every node, after the highest there is (QEMU's vof_build_dt). */
static gboolean vof_assign_phandles(SpaprMachine *spapr)
{
    guint32 next = 0;
    int node;

    if (fdt_find_max_phandle(spapr->fdt, &next) < 0) {
        return FALSE;
    }
    next = MAX(next, VOF_PHANDLE_BASE);
    for (node = fdt_next_node(spapr->fdt, -1, NULL); node >= 0;
         node = fdt_next_node(spapr->fdt, node, NULL)) {
        if (fdt_getprop(spapr->fdt, node, "phandle", NULL)) {
            continue;
        }
        if (!spapr_fdt_make_room(spapr, 32) ||
            fdt_setprop_cell(spapr->fdt, node, "phandle", ++next) < 0) {
            return FALSE;
        }
    }
    return TRUE;
}

gboolean vof_client_init(Vof *vof, SpaprMachine *spapr, GError **error)
{
    const char *failed = NULL;

    g_clear_pointer(&vof->instances, g_hash_table_unref);
    g_clear_pointer(&vof->claimed, g_array_unref);
    vof->instances = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                           vof_instance_free);
    vof->claimed = g_array_new(FALSE, FALSE, sizeof(VofClaim));
    vof->last_ihandle = 0;
    vof->claimed_base = 0;
    /* The client interface speaks 32-bit cells: claims stay below 4 GiB. */
    vof->top_addr = MIN(spapr->rma_size, 0x100000000ull);
    if (vof_claim(vof, 0, VOF_FW_SIZE, 0) == G_MAXUINT64) {
        failed = "Memory for firmware is in use";
    } else if (vof_claim(vof, 0, VOF_STACK_SIZE, VOF_STACK_SIZE) == G_MAXUINT64) {
        failed = "Memory allocation for stack failed";
    } else if (spapr->kernel_size &&
               vof_claim(vof, spapr->kernel_base, spapr->kernel_size, 0) == G_MAXUINT64) {
        failed = "Memory for kernel is in use";
    } else if (spapr->initrd_size &&
               vof_claim(vof, spapr->initrd_base, spapr->initrd_size, 0) == G_MAXUINT64) {
        failed = "Memory for initramdisk is in use";
    } else if (!vof_assign_phandles(spapr) || !vof_dt_memory_available(vof, spapr)) {
        failed = "the device tree is full";
    }
    if (failed) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "VOF: %s", failed);
        return FALSE;
    }
    return TRUE;
}

/* Early kernel output needs an open stdout (QEMU's spapr_vof_client_dt_finalize). */
void vof_open_stdout(Vof *vof, SpaprMachine *spapr)
{
    int chosen = fdt_path_offset(spapr->fdt, "/chosen");
    const char *path = chosen >= 0 ? fdt_getprop(spapr->fdt, chosen, "stdout-path", NULL) : NULL;
    int node;
    guint32 ihandle;

    if (!path) {
        path = chosen >= 0 ? fdt_getprop(spapr->fdt, chosen, "linux,stdout-path", NULL) : NULL;
    }
    node = path ? fdt_path_offset(spapr->fdt, path) : -1;
    if (node < 0) {
        return;
    }
    ihandle = vof_do_open(vof, spapr, node, path);
    if (ihandle != VOF_PROM_ERROR && spapr_fdt_make_room(spapr, 32)) {
        fdt_setprop_cell(spapr->fdt, fdt_path_offset(spapr->fdt, "/chosen"), "stdout", ihandle);
    }
}

/*
 * At every reset, after the machine built the tree: the images into RAM,
 * the client interface's memory map into the tree, and the boot CPU's
 * registers as the kernel finds them under QEMU's VOF: 32-bit big-endian
 * real mode (the machine's reset), r3/r4 the initrd, r5 the client
 * interface, entered at the lowest loaded address (not e_entry: QEMU's
 * vof.bin jumps to qemu,boot-kernel).
 */
static gboolean vof_load(ModvmFirmware *fw, ModvmMachine *machine, GError **error)
{
    Vof *vof = VOF(fw);
    SpaprMachine *spapr = spapr_machine_from(machine);
    ModvmAddressSpace *as = modvm_machine_address_space(machine);
    PowerCpu *cpu0;

    if (!spapr) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "vof is the firmware of pseries machines only");
        return FALSE;
    }
    if (!vof_write_firmware(as, error) || !fw_boot_write(&vof->boot, spapr, as, error)) {
        return FALSE;
    }
    if (!vof_client_init(vof, spapr, error)) {
        return FALSE;
    }
    vof_open_stdout(vof, spapr);

    cpu0 = spapr_cpu(modvm_machine_get_cpus(machine)->pdata[0]);
    cpu0->regs.nip = spapr->kernel_size ? spapr->kernel_base : VOF_EXIT_ENTRY;
    cpu0->regs.gpr[1] = VOF_ENTRY_R1;
    cpu0->regs.gpr[3] = spapr->initrd_base;
    cpu0->regs.gpr[4] = spapr->initrd_size;
    cpu0->regs.gpr[5] = VOF_CI_ENTRY;
    cpu0->regs.lr = VOF_EXIT_ENTRY;
    return TRUE;
}

static const SpaprHcallDef vof_hcalls[] = {
    { KVMPPC_H_VOF_CLIENT, "KVMPPC_H_VOF_CLIENT", vof_h_client },
    { 0, NULL, NULL }
};

static void vof_finalize(GObject *obj)
{
    Vof *vof = VOF(obj);

    fw_boot_clear(&vof->boot);
    g_clear_pointer(&vof->instances, g_hash_table_unref);
    g_clear_pointer(&vof->claimed, g_array_unref);
    G_OBJECT_CLASS(vof_parent_class)->finalize(obj);
}

static void vof_class_init(VofClass *klass)
{
    G_OBJECT_CLASS(klass)->finalize = vof_finalize;
    MODVM_OBJECT_CLASS(klass)->description =
        "Virtual Open Firmware: boots -kernel and serves the IEEE 1275 client interface";
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;
    MODVM_DEVICE_CLASS(klass)->realize = vof_realize;
    MODVM_DEVICE_CLASS(klass)->unrealize = vof_unrealize;
    MODVM_FIRMWARE_CLASS(klass)->load = vof_load;
    spapr_class_set_hcalls(klass, vof_hcalls);
}

static void vof_init(Vof *vof)
{
}
