/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hypercall dispatch: the machine's own table, and the hcalls of the partition itself. */
#include "spapr.h"

#include <string.h>

typedef struct {
    guint64 opcode;             /* the key */
    const char *name;
    SpaprHcallFn fn;
    gpointer owner;
} SpaprHcallEntry;

typedef struct {
    guint32 token;              /* the key */
    const char *name;
    SpaprRtasFn fn;
    gpointer owner;
} SpaprRtasEntry;

/* The table a type declared, or the nearest ancestor's. */
static gconstpointer spapr_type_lookup(GType type, const char *key)
{
    GQuark q = g_quark_from_static_string(key);

    for (; type; type = g_type_parent(type)) {
        gpointer defs = g_type_get_qdata(type, q);
        if (defs) {
            return defs;
        }
    }
    return NULL;
}

static char *spapr_owner_name(gpointer owner)
{
    return modvm_object_get_path(MODVM_OBJECT(owner));
}

static gboolean spapr_add_hcalls(SpaprMachine *spapr, ModvmObject *obj, GError **error)
{
    const SpaprHcallDef *def = spapr_type_lookup(G_OBJECT_TYPE(obj), "spapr-hcalls");

    for (; def && def->fn; def++) {
        SpaprHcallEntry *e = g_hash_table_lookup(spapr->hcalls, &def->opcode);
        if (e && e->fn != def->fn) {
            g_autofree char *a = spapr_owner_name(e->owner);
            g_autofree char *b = spapr_owner_name(obj);
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE,
                        "hypercall %s (0x%" G_GINT64_MODIFIER "x) is served by both %s and %s: "
                        "remove one of them", def->name, def->opcode, a, b);
            return FALSE;
        }
        if (!e) {
            e = g_new0(SpaprHcallEntry, 1);
            e->opcode = def->opcode;
            e->name = def->name;
            e->fn = def->fn;
            e->owner = obj;
            g_hash_table_insert(spapr->hcalls, &e->opcode, e);
        }
    }
    return TRUE;
}

static gboolean spapr_add_rtas(SpaprMachine *spapr, ModvmObject *obj, GError **error)
{
    const SpaprRtasDef *def = spapr_type_lookup(G_OBJECT_TYPE(obj), "spapr-rtas");

    for (; def && def->fn; def++) {
        guint32 token = spapr_rtas_token(def->name);
        SpaprRtasEntry *e;

        /* A name QEMU 7.2 has no token for: our own table is wrong. */
        g_assert(token != 0);
        e = g_hash_table_lookup(spapr->rtas, GUINT_TO_POINTER(token));
        if (e && e->fn != def->fn) {
            g_autofree char *a = spapr_owner_name(e->owner);
            g_autofree char *b = spapr_owner_name(obj);
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE,
                        "RTAS call %s is served by both %s and %s: remove one of them",
                        def->name, a, b);
            return FALSE;
        }
        if (!e) {
            e = g_new0(SpaprRtasEntry, 1);
            e->token = token;
            e->name = def->name;
            e->fn = def->fn;
            e->owner = obj;
            g_hash_table_insert(spapr->rtas, GUINT_TO_POINTER(token), e);
        }
    }
    return TRUE;
}

static gboolean spapr_collect_from(SpaprMachine *spapr, ModvmObject *obj, GError **error)
{
    GPtrArray *children;

    if (MODVM_IS_DEVICE(obj) && !modvm_device_is_realized(MODVM_DEVICE(obj))) {
        return TRUE;
    }
    if (!spapr_add_hcalls(spapr, obj, error) || !spapr_add_rtas(spapr, obj, error)) {
        return FALSE;
    }
    children = modvm_object_get_children(obj);
    for (guint i = 0; i < children->len; i++) {
        if (!spapr_collect_from(spapr, g_ptr_array_index(children, i), error)) {
            return FALSE;
        }
    }
    return TRUE;
}

gboolean spapr_hcall_collect(SpaprMachine *spapr, GError **error)
{
    g_clear_pointer(&spapr->hcalls, g_hash_table_unref);
    g_clear_pointer(&spapr->rtas, g_hash_table_unref);
    spapr->hcalls = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
    spapr->rtas = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    return spapr_collect_from(spapr, MODVM_OBJECT(spapr), error);
}

gboolean spapr_hcall_lookup(SpaprMachine *spapr, guint64 opcode)
{
    return spapr->hcalls && g_hash_table_contains(spapr->hcalls, &opcode);
}

gboolean spapr_rtas_call(SpaprMachine *spapr, PowerCpu *cpu, guint32 token, guint32 nargs,
                         const guint32 *args, guint32 nret, guint32 *rets)
{
    SpaprRtasEntry *e = spapr->rtas ? g_hash_table_lookup(spapr->rtas, GUINT_TO_POINTER(token))
                                    : NULL;

    if (!e) {
        return FALSE;
    }
    modvm_log(MODVM_LOG_HCALL, "rtas %s nargs=%u nret=%u\n", e->name, nargs, nret);
    e->fn(spapr, cpu, e->owner, token, nargs, args, nret, rets);
    return TRUE;
}

gboolean spapr_rtas_registered(SpaprMachine *spapr, const char *name)
{
    guint32 token = spapr_rtas_token(name);
    return token && spapr->rtas && g_hash_table_contains(spapr->rtas, GUINT_TO_POINTER(token));
}

/*
 * What a CPU's "sc 1" reaches. LoPAR: r3 holds the hcall number, r4..r12
 * the arguments; the status goes back in r3 and results from r4 on.
 */
void spapr_hypercall(ModvmCpu *mcpu, gpointer opaque)
{
    SpaprMachine *spapr = opaque;
    PowerCpu *cpu = spapr_cpu(mcpu);
    guint64 opcode = cpu->regs.gpr[3];
    SpaprHcallEntry *e;
    gint64 ret;

    /* The hypervisor refuses calls from problem state, as QEMU does. */
    if (cpu->regs.msr & SPAPR_MSR_PR) {
        modvm_log_guest_error("hypercall 0x%" G_GINT64_MODIFIER "x made with MSR[PR]=1\n",
                              opcode);
        cpu->regs.gpr[3] = (guint64)H_PRIVILEGE;
        return;
    }
    e = spapr->hcalls ? g_hash_table_lookup(spapr->hcalls, &opcode) : NULL;
    if (!e) {
        modvm_log_guest_error("unknown hypercall 0x%" G_GINT64_MODIFIER "x\n", opcode);
        cpu->regs.gpr[3] = (guint64)H_FUNCTION;
        return;
    }
    modvm_log(MODVM_LOG_HCALL, "hcall %s(0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER
              "x, 0x%" G_GINT64_MODIFIER "x)\n", e->name, cpu->regs.gpr[4], cpu->regs.gpr[5],
              cpu->regs.gpr[6]);
    modvm_machine_lock(MODVM_MACHINE(spapr));
    ret = e->fn(spapr, cpu, e->owner, opcode, &cpu->regs.gpr[4]);
    modvm_machine_unlock(MODVM_MACHINE(spapr));
    /* Failures, for finding where a guest's path leaves QEMU's. */
    if (ret != H_SUCCESS) {
        modvm_log(MODVM_LOG_HCALL, "hcall %s returned %" G_GINT64_FORMAT "\n", e->name, ret);
    }
    cpu->regs.gpr[3] = (guint64)ret;
}

/* The CPU's ISA level, as the newest compatibility mode its model can run in. */
static PowerCompat spapr_cpu_isa(PowerCpu *cpu)
{
    return ((PowerCpuClass *)G_OBJECT_GET_CLASS(cpu))->max_compat;
}

/* QEMU's spapr_set_all_lpcrs: the LPCR is the partition's, so every thread gets the change. */
static void spapr_set_all_lpcrs(SpaprMachine *spapr, guint64 value, guint64 mask)
{
    GPtrArray *cpus = modvm_machine_get_cpus(MODVM_MACHINE(spapr));

    for (guint i = 0; i < cpus->len; i++) {
        PowerCpu *c = spapr_cpu(cpus->pdata[i]);
        c->regs.spr[SPAPR_SPR_LPCR] = (c->regs.spr[SPAPR_SPR_LPCR] & ~mask) | (value & mask);
    }
}

/* H_SET_MODE resources (LoPAR "H_SET_MODE"). */
enum {
    H_SET_MODE_RESOURCE_SET_CIABR = 1,
    H_SET_MODE_RESOURCE_SET_DAWR0 = 2,
    H_SET_MODE_RESOURCE_ADDR_TRANS_MODE = 3,
    H_SET_MODE_RESOURCE_LE = 4,
};

static gint64 h_set_mode_ciabr(PowerCpu *cpu, guint64 mflags, guint64 value1, guint64 value2)
{
    if (spapr_cpu_isa(cpu) < POWER_COMPAT_POWER8) {
        return H_P2;
    }
    if (value2) {
        return H_P4;
    }
    if (mflags) {
        return H_UNSUPPORTED_FLAG;
    }
    /* CIABR[PRIV] = 0b11 would break in hypervisor state. */
    if ((value1 & 3) == 3) {
        return H_P3;
    }
    cpu->regs.spr[SPAPR_SPR_CIABR] = value1;
    return H_SUCCESS;
}

static gint64 h_set_mode_dawr0(PowerCpu *cpu, guint64 mflags, guint64 value1, guint64 value2)
{
    if (spapr_cpu_isa(cpu) < POWER_COMPAT_POWER8) {
        return H_P2;
    }
    if (mflags) {
        return H_UNSUPPORTED_FLAG;
    }
    /* DAWRX[HYP] is not the partition's to set. */
    if (value2 & SPAPR_PPC_BIT(61)) {
        return H_P4;
    }
    cpu->regs.spr[SPAPR_SPR_DAWR0] = value1;
    cpu->regs.spr[SPAPR_SPR_DAWRX0] = value2;
    return H_SUCCESS;
}

static gint64 h_set_mode_addr_trans_mode(SpaprMachine *spapr, PowerCpu *cpu, guint64 mflags,
                                         guint64 value1, guint64 value2)
{
    if (spapr_cpu_isa(cpu) < POWER_COMPAT_POWER8) {
        return H_P2;
    }
    if (value1) {
        return H_P3;
    }
    if (value2) {
        return H_P4;
    }
    /* AIL 1 is reserved on POWER8 and later, AIL 2 on POWER10 (ISA 3.1). */
    if (mflags > 3 || mflags == 1 || (mflags == 2 && spapr_cpu_isa(cpu) >= POWER_COMPAT_POWER10)) {
        return H_UNSUPPORTED_FLAG;
    }
    spapr_set_all_lpcrs(spapr, mflags << SPAPR_LPCR_AIL_SHIFT, SPAPR_LPCR_AIL);
    return H_SUCCESS;
}

/* The byte order of interrupt handlers: LPCR[ILE] on every thread. */
static gint64 h_set_mode_le(SpaprMachine *spapr, guint64 mflags, guint64 value1, guint64 value2)
{
    if (value1) {
        return H_P3;
    }
    if (value2) {
        return H_P4;
    }
    switch (mflags) {
    case 0:     /* H_SET_MODE_ENDIAN_BIG */
        spapr_set_all_lpcrs(spapr, 0, SPAPR_LPCR_ILE);
        return H_SUCCESS;
    case 1:     /* H_SET_MODE_ENDIAN_LITTLE */
        spapr_set_all_lpcrs(spapr, SPAPR_LPCR_ILE, SPAPR_LPCR_ILE);
        return H_SUCCESS;
    }
    return H_UNSUPPORTED_FLAG;
}

static gint64 h_set_mode(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                         guint64 *args)
{
    guint64 mflags = args[0], resource = args[1], value1 = args[2], value2 = args[3];

    switch (resource) {
    case H_SET_MODE_RESOURCE_SET_CIABR:
        return h_set_mode_ciabr(cpu, mflags, value1, value2);
    case H_SET_MODE_RESOURCE_SET_DAWR0:
        return h_set_mode_dawr0(cpu, mflags, value1, value2);
    case H_SET_MODE_RESOURCE_ADDR_TRANS_MODE:
        return h_set_mode_addr_trans_mode(spapr, cpu, mflags, value1, value2);
    case H_SET_MODE_RESOURCE_LE:
        return h_set_mode_le(spapr, mflags, value1, value2);
    }
    modvm_log_guest_error("H_SET_MODE: unknown resource %" G_GINT64_MODIFIER "u\n", resource);
    return H_P2;
}

/*
 * H_CEDE: wait for an interrupt with external interrupts enabled
 * (LoPAR "H_CEDE"). As QEMU does: MSR[EE] is set, and the thread halts
 * unless something is already pending for it.
 */
static gint64 h_cede(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                     guint64 *args)
{
    const ModvmTcgCpuOps *ops = MODVM_CPU_GET_CLASS(cpu)->tcg_ops;

    cpu->regs.msr |= SPAPR_MSR_EE;
    if (!ops || !ops->has_work || !ops->has_work(MODVM_CPU(cpu))) {
        cpu->tcg.halted = TRUE;
    }
    /* Leave the block: the mode changed and the CPU may be halted now. */
    g_atomic_int_set(&cpu->tcg.exit_request, 1);
    return H_SUCCESS;
}

/* H_PAGE_INIT's flags (LoPAR "H_PAGE_INIT"), on 4 KiB pages. */
#define H_ICACHE_INVALIDATE     SPAPR_PPC_BIT(40)
#define H_ICACHE_SYNCHRONIZE    SPAPR_PPC_BIT(41)
#define H_ZERO_PAGE             SPAPR_PPC_BIT(48)
#define H_COPY_PAGE             SPAPR_PPC_BIT(49)
#define SPAPR_PAGE_INIT_SIZE    4096

static gboolean spapr_is_ram_page(SpaprMachine *spapr, guint64 addr)
{
    guint64 ram = modvm_machine_ram_size(MODVM_MACHINE(spapr));

    return !(addr & (SPAPR_PAGE_INIT_SIZE - 1)) && addr < ram &&
           ram - addr >= SPAPR_PAGE_INIT_SIZE;
}

/*
 * H_PAGE_INIT: zero a page or copy one onto it, as QEMU: the destination
 * (and for a copy the source) must be a 4 KiB-aligned page of RAM; a copy
 * wins over zeroing; the cache flags alone do nothing here, since code
 * written through the address space is retranslated anyway.
 */
static gint64 h_page_init(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                          guint64 *args)
{
    ModvmAddressSpace *as = modvm_machine_address_space(MODVM_MACHINE(spapr));
    guint64 flags = args[0], dst = args[1], src = args[2];
    guint8 page[SPAPR_PAGE_INIT_SIZE];

    if (flags & ~(H_ICACHE_INVALIDATE | H_ICACHE_SYNCHRONIZE | H_ZERO_PAGE | H_COPY_PAGE)) {
        modvm_log_guest_error("H_PAGE_INIT: flags 0x%" G_GINT64_MODIFIER "x\n", flags);
        return H_PARAMETER;
    }
    if (!spapr_is_ram_page(spapr, dst)) {
        return H_PARAMETER;
    }
    if (flags & H_COPY_PAGE) {
        if (!spapr_is_ram_page(spapr, src) ||
            modvm_address_space_read(as, src, page, sizeof(page)) != MODVM_MEM_OK) {
            return H_PARAMETER;
        }
    } else if (flags & H_ZERO_PAGE) {
        memset(page, 0, sizeof(page));
    } else {
        return H_SUCCESS;
    }
    return modvm_address_space_write(as, dst, page, sizeof(page)) == MODVM_MEM_OK
           ? H_SUCCESS : H_PARAMETER;
}

/* The data address breakpoint of ISA 2.07 and older (Book III "DABR"); ISA 3.0 has DAWR only. */
#define SPAPR_SPR_DABR      1013
#define SPAPR_SPR_DABRX     1015
#define H_DABRX_USER        1
#define H_DABRX_KERNEL      2
#define H_DABRX_HYPERVISOR  4

static gboolean spapr_cpu_has_dabr(PowerCpu *cpu)
{
    return ((PowerCpuClass *)G_OBJECT_GET_CLASS(cpu))->max_compat < POWER_COMPAT_POWER9;
}

/* H_SET_DABR: the breakpoint for problem and privileged state (DABRX 3), as QEMU. */
static gint64 h_set_dabr(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                         guint64 *args)
{
    if (!spapr_cpu_has_dabr(cpu)) {
        return H_HARDWARE;
    }
    cpu->regs.spr[SPAPR_SPR_DABRX] = H_DABRX_USER | H_DABRX_KERNEL;
    cpu->regs.spr[SPAPR_SPR_DABR] = args[0];
    return H_SUCCESS;
}

/* H_SET_XDABR: DABR and DABRX; the partition may not ask for hypervisor state. */
static gint64 h_set_xdabr(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                          guint64 *args)
{
    guint64 dabrx = args[1];

    if (!spapr_cpu_has_dabr(cpu)) {
        return H_HARDWARE;
    }
    if ((dabrx & ~0xfull) || (dabrx & H_DABRX_HYPERVISOR) ||
        !(dabrx & (H_DABRX_USER | H_DABRX_KERNEL))) {
        return H_PARAMETER;
    }
    cpu->regs.spr[SPAPR_SPR_DABRX] = dabrx;
    cpu->regs.spr[SPAPR_SPR_DABR] = args[0];
    return H_SUCCESS;
}

static const SpaprHcallDef spapr_machine_hcalls[] = {
    { H_PAGE_INIT, "H_PAGE_INIT", h_page_init },
    { H_SET_DABR, "H_SET_DABR", h_set_dabr },
    { H_SET_XDABR, "H_SET_XDABR", h_set_xdabr },
    { H_REMOVE, "H_REMOVE", h_remove },
    { H_ENTER, "H_ENTER", h_enter },
    { H_PROTECT, "H_PROTECT", h_protect },
    { H_READ, "H_READ", h_read },
    { H_BULK_REMOVE, "H_BULK_REMOVE", h_bulk_remove },
    { H_RESIZE_HPT_PREPARE, "H_RESIZE_HPT_PREPARE", h_resize_hpt_prepare },
    { H_RESIZE_HPT_COMMIT, "H_RESIZE_HPT_COMMIT", h_resize_hpt_commit },
    { H_CEDE, "H_CEDE", h_cede },
    { H_SET_MODE, "H_SET_MODE", h_set_mode },
    { KVMPPC_H_RTAS, "KVMPPC_H_RTAS", h_rtas },
    { 0, NULL, NULL }
};

/* The machine's table: its own hcalls, vcpu.c's and kvmppc.c's, one table per type. */
static const SpaprHcallDef *spapr_machine_hcall_table(void)
{
    static gsize once;
    static SpaprHcallDef *table;

    if (g_once_init_enter(&once)) {
        const SpaprHcallDef *parts[] = {
            spapr_machine_hcalls, spapr_vcpu_hcalls, spapr_kvmppc_hcalls
        };
        GArray *a = g_array_new(TRUE, TRUE, sizeof(SpaprHcallDef));

        for (guint i = 0; i < G_N_ELEMENTS(parts); i++) {
            for (const SpaprHcallDef *d = parts[i]; d->fn; d++) {
                g_array_append_val(a, *d);
            }
        }
        /* Kept for the life of the process, as a class's static table is. */
        table = (SpaprHcallDef *)g_array_free(a, FALSE);
        g_once_init_leave(&once, 1);
    }
    return table;
}

void spapr_machine_class_init_hcalls(gpointer klass)
{
    spapr_class_set_hcalls(klass, spapr_machine_hcall_table());
    spapr_class_set_rtas(klass, spapr_machine_rtas_calls);
}
