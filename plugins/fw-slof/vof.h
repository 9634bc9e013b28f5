/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pseries firmware (SLOF images, and VOF, modvm's Virtual Open Firmware): what the files share. */
#pragma once

#include "../dev-spapr/spapr.h"

G_BEGIN_DECLS

/* An ELF PT_LOAD segment where it goes in guest RAM. */
typedef struct {
    guint64 addr;               /* guest physical */
    guint64 offset;             /* of its bytes in the file */
    guint64 filesz;
    guint64 memsz;              /* > 0; the rest after filesz is zeros */
} VofSegment;

/* A kernel as QEMU's pseries loads it. */
typedef struct {
    GBytes *file;
    GArray *segments;           /* VofSegment, in address order */
    guint64 base;               /* the lowest address: where the firmware enters it */
    guint64 end;                /* the end of the highest segment */
    guint64 size;               /* QEMU's kernel_size: the sum of the segments' sizes */
    gboolean little_endian;
} VofKernel;

/**
 * vof_elf_parse:
 * Lays out the ELF image @data (64- or 32-bit, either byte order, PowerPC)
 * as QEMU 7.2's pseries does: each PT_LOAD segment at
 * kernel_addr + (p_paddr & 0x0fffffff). Refuses images that are not ELF,
 * truncated, overlapping or not inside @ram_size bytes of RAM, with an
 * error saying what is wrong. @out->file takes a reference to @data.
 */
gboolean vof_elf_parse(GBytes *data, guint64 kernel_addr, guint64 ram_size, VofKernel *out,
                       GError **error);
/** vof_kernel_keep_segments: replaces @kernel->file with a copy of the segments' bytes only. */
void vof_kernel_keep_segments(VofKernel *kernel);
void vof_kernel_clear(VofKernel *kernel);

/* boot.c: -kernel and -initrd, as either firmware puts them in RAM. */

typedef struct {
    VofKernel kernel;
    GBytes *initrd;
} FwBoot;

/*
 * QEMU keeps the initrd this far below the end of the RMA (at most 2 GiB):
 * the room its SLOF needs for itself.
 */
#define FW_OVERHEAD 0x2800000ull

/**
 * fw_boot_realize: reads -kernel and -initrd (once: every reset puts back
 * what was read at start-up, as QEMU does) and tells @spapr where they go:
 * the kernel at kernel-addr, the initrd in the gap after it.
 */
gboolean fw_boot_realize(FwBoot *boot, SpaprMachine *spapr, GError **error);
/** fw_boot_write: puts the images into guest RAM (at every reset). */
gboolean fw_boot_write(FwBoot *boot, SpaprMachine *spapr, ModvmAddressSpace *as, GError **error);
void fw_boot_clear(FwBoot *boot);
/** fw_write_image: @filesz bytes of @data at guest @addr, then zeros up to @memsz. */
gboolean fw_write_image(ModvmAddressSpace *as, const guint8 *data, guint64 addr, guint64 filesz,
                        guint64 memsz, GError **error);

/* slof.c: "slof", the firmware of -M pseries without x-vof=on: a SLOF image. */
GType slof_get_type(void);
void slof_register_type(GTypeModule *module);

/* The firmware object. */

typedef struct {
    guint64 start;
    guint64 size;
} VofClaim;

typedef struct {
    char *path;                 /* as the client opened it */
    guint32 phandle;
} VofInstance;

typedef struct {
    ModvmFirmware parent;
    FwBoot boot;                /* loaded when realized */
    /* the client interface's state, new at every boot */
    GHashTable *instances;      /* ihandle -> VofInstance */
    guint32 last_ihandle;
    GArray *claimed;            /* VofClaim */
    guint64 claimed_base;       /* where claims with an alignment start looking */
    guint64 top_addr;           /* claims stay below: the RMA, at most 4 GiB */
} Vof;

typedef struct {
    ModvmFirmwareClass parent_class;
} VofClass;

GType vof_get_type(void);
void vof_register_type(GTypeModule *module);
#define VOF(obj) (G_TYPE_CHECK_INSTANCE_CAST((obj), vof_get_type(), Vof))

/* Guest memory layout (QEMU's, so that a client sees the same "available" memory). */
#define VOF_FW_SIZE         0xda0   /* what QEMU's vof.bin occupies from 0 */
#define VOF_CI_ENTRY        0x10c   /* QEMU's client interface entry (r5 at boot) */
#define VOF_EXIT_ENTRY      0x140   /* calls "exit": the kernel's return address */
#define VOF_EXIT_ARGS       0x180
#define VOF_EXIT_NAME       0x1a0
#define VOF_STACK_SIZE      0x8000
#define VOF_MAX_CLAIMS      1024    /* a client claiming more is not a boot loader */
#define VOF_MAX_INSTANCES   65536

#define VOF_PROM_ERROR      0xffffffffu     /* IEEE 1275's -1 in a cell */
#define VOF_PHANDLE_BASE    0x1111  /* QEMU's interrupt controller; VOF numbers the rest after */

/* ci.c: the client interface services */
gint64 vof_h_client(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                    guint64 *args);
/** vof_do_open: a new ihandle for @node, or VOF_PROM_ERROR. */
guint32 vof_do_open(Vof *vof, SpaprMachine *spapr, int node, const char *path);
void vof_instance_free(gpointer data);

/* claim.c */
/** vof_claim: IEEE 1275 "claim"; the address, or G_MAXUINT64. */
guint64 vof_claim(Vof *vof, guint64 virt, guint64 size, guint64 align);
/** vof_release: forgets the claim of exactly [@virt, @virt + @size); FALSE if there is none. */
gboolean vof_release(Vof *vof, guint64 virt, guint64 size);
/** vof_dt_memory_available: /memory@0 "available" from the claims; FALSE if the tree is full. */
gboolean vof_dt_memory_available(Vof *vof, SpaprMachine *spapr);

/* vof.c */
/** vof_client_init: the client interface of a new boot: claims, instances, the tree's phandles. */
gboolean vof_client_init(Vof *vof, SpaprMachine *spapr, GError **error);
/** vof_open_stdout: opens /chosen/stdout-path and stores the ihandle as /chosen/stdout. */
void vof_open_stdout(Vof *vof, SpaprMachine *spapr);
/** vof_put_neutral: @n instructions callable in either byte order; returns the bytes used. */
gsize vof_put_neutral(guint8 *out, const guint32 *insns, guint n);

G_END_DECLS
