/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building the device tree: what fdt.c and fdt-cpu.c share. */
#pragma once

#include "spapr.h"

G_BEGIN_DECLS

/*
 * A tree under construction. Every helper is a no-op once an error has
 * happened, so building reads as a list and is checked once at the end;
 * a full buffer is grown (node offsets survive fdt_open_into).
 */
typedef struct {
    SpaprMachine *spapr;
    int err;
} Dt;

int dt_node(Dt *dt, int parent, const char *name);
void dt_prop(Dt *dt, int node, const char *name, const void *val, gsize len);
void dt_string(Dt *dt, int node, const char *name, const char *s);
/* Big-endian cells from host values. */
void dt_cells(Dt *dt, int node, const char *name, const guint32 *cells, guint n);
void dt_cell(Dt *dt, int node, const char *name, guint32 value);
void dt_empty(Dt *dt, int node, const char *name);
/* Strings one after the other, each with its NUL ("hcall-term\0hcall-set-mode\0"). */
void dt_strings(Dt *dt, int node, const char *name, const char *const *list);

/* fdt-cpu.c */
void spapr_dt_cpus(Dt *dt, SpaprMachine *spapr);
/** spapr_smp_topology: threads per core and CPUs per socket (QEMU 7.2 derives cores first). */
void spapr_smp_topology(SpaprMachine *spapr, guint *threads, guint *per_socket);

/* phb.c */
/** spapr_dt_phbs: a node per realized spapr-pci-host-bridge. */
void spapr_dt_phbs(Dt *dt, SpaprMachine *spapr);

G_END_DECLS
