/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The IEEE 1275 client interface services VOF offers, on the machine's device tree. */
#include "vof.h"

#include <string.h>

/* IEEE 1275 allows 31 characters; LoPAR's ibm,query-interrupt-source-number has 33. */
#define VOF_PROPNAME_MAX    64
#define VOF_MAX_PATH        256
#define VOF_MAX_SETPROPLEN  2048
#define VOF_MAX_METHODLEN   256
#define VOF_MAX_WRITE       65536   /* per call; the client gets the count written */
#define VOF_PROM_ARGS       10      /* cells of arguments and results in prom_args */

typedef struct {
    SpaprMachine *spapr;
    Vof *vof;
    PowerCpu *cpu;
    ModvmAddressSpace *as;
} Ci;

static gboolean ci_read(Ci *ci, guint64 addr, void *buf, gsize len)
{
    return modvm_address_space_read(ci->as, addr, buf, len) == MODVM_MEM_OK;
}

static gboolean ci_write(Ci *ci, guint64 addr, const void *buf, gsize len)
{
    return modvm_address_space_write(ci->as, addr, buf, len) == MODVM_MEM_OK;
}

/* A NUL-terminated string shorter than @size at @addr; FALSE if unreadable or too long. */
static gboolean ci_readstr(Ci *ci, guint64 addr, char *buf, gsize size)
{
    if (ci_read(ci, addr, buf, size)) {
        return memchr(buf, 0, size) != NULL;
    }
    /* Near the end of RAM: byte by byte up to the NUL. */
    for (gsize i = 0; i < size; i++) {
        if (!ci_read(ci, addr + i, &buf[i], 1)) {
            return FALSE;
        }
        if (!buf[i]) {
            return TRUE;
        }
    }
    return FALSE;
}

static int ci_node(Ci *ci, guint32 phandle)
{
    return fdt_node_offset_by_phandle(ci->spapr->fdt, phandle);
}

static guint32 ci_phandle(Ci *ci, int node)
{
    return node >= 0 ? fdt_get_phandle(ci->spapr->fdt, node) : 0;
}

/*
 * Open Firmware spells unit addresses in lower-case hex without leading
 * zeros (PowerPC binding); accept clients that use upper case.
 */
static int ci_path_offset(Ci *ci, const char *path)
{
    g_autofree char *p = g_strdup(path);
    gboolean in_unit = FALSE;

    for (char *c = p; *c; c++) {
        if (*c == '@') {
            in_unit = TRUE;
        } else if (*c == '/') {
            in_unit = FALSE;
        } else if (in_unit) {
            *c = g_ascii_tolower(*c);
        }
    }
    return fdt_path_offset(ci->spapr->fdt, p);
}

static guint32 ci_finddevice(Ci *ci, guint32 path_addr)
{
    char path[VOF_MAX_PATH];
    int node;

    if (!ci_readstr(ci, path_addr, path, sizeof(path))) {
        return VOF_PROM_ERROR;
    }
    node = ci_path_offset(ci, path);
    return node >= 0 ? ci_phandle(ci, node) : VOF_PROM_ERROR;
}

/*
 * A property's value; for "name", which the tree does not store, the
 * node's name without its unit address (*@nul_at_end: the caller must
 * write the final NUL itself).
 */
static const void *ci_getprop(Ci *ci, int node, const char *name, int *len, gboolean *nul_at_end)
{
    const void *val = fdt_getprop(ci->spapr->fdt, node, name, len);
    const char *at;

    *nul_at_end = FALSE;
    if (val || strcmp(name, "name") != 0) {
        return val;
    }
    val = fdt_get_name(ci->spapr->fdt, node, len);
    if (!val) {
        return NULL;
    }
    at = memchr(val, '@', *len);
    if (at) {
        *len = at - (const char *)val;
    }
    *len += 1;
    *nul_at_end = TRUE;
    return val;
}

static guint32 ci_getprop_svc(Ci *ci, guint32 phandle, guint32 name_addr, guint32 buf,
                              guint32 buflen)
{
    char name[VOF_PROPNAME_MAX + 1];
    int node = ci_node(ci, phandle);
    const void *val;
    gboolean nul_at_end;
    int len;
    guint32 n;

    if (node < 0 || !ci_readstr(ci, name_addr, name, sizeof(name))) {
        return VOF_PROM_ERROR;
    }
    val = ci_getprop(ci, node, name, &len, &nul_at_end);
    if (!val) {
        return VOF_PROM_ERROR;
    }
    n = MIN((guint32)len, buflen);
    if (!ci_write(ci, buf, val, nul_at_end && n == (guint32)len ? n - 1 : n)) {
        return VOF_PROM_ERROR;
    }
    if (nul_at_end && n == (guint32)len && !ci_write(ci, buf + n - 1, "", 1)) {
        return VOF_PROM_ERROR;
    }
    /* IEEE 1275: the property's size, whatever fitted in the buffer. */
    return (guint32)len;
}

static guint32 ci_getproplen(Ci *ci, guint32 phandle, guint32 name_addr)
{
    char name[VOF_PROPNAME_MAX + 1];
    int node = ci_node(ci, phandle);
    gboolean nul_at_end;
    int len;

    if (node < 0 || !ci_readstr(ci, name_addr, name, sizeof(name))) {
        return VOF_PROM_ERROR;
    }
    return ci_getprop(ci, node, name, &len, &nul_at_end) ? (guint32)len : VOF_PROM_ERROR;
}

static guint32 ci_setprop(Ci *ci, guint32 phandle, guint32 name_addr, guint32 buf, guint32 len)
{
    char name[VOF_PROPNAME_MAX + 1];
    g_autofree guint8 *val = NULL;
    int node = ci_node(ci, phandle);

    if (len > VOF_MAX_SETPROPLEN || node < 0 ||
        !ci_readstr(ci, name_addr, name, sizeof(name))) {
        return VOF_PROM_ERROR;
    }
    val = g_malloc(MAX(len, 1));
    if (!ci_read(ci, buf, val, len) || !spapr_fdt_make_room(ci->spapr, len + sizeof(name) + 16) ||
        fdt_setprop(ci->spapr->fdt, node, name, val, (int)len) < 0) {
        return VOF_PROM_ERROR;
    }
    return len;
}

/* IEEE 1275 nextprop: 1 and the name after @prev ("" for the first), 0 after the last. */
static guint32 ci_nextprop(Ci *ci, guint32 phandle, guint32 prev_addr, guint32 buf)
{
    char prev[VOF_PROPNAME_MAX + 1];
    int node = ci_node(ci, phandle);
    int off;

    if (!ci_readstr(ci, prev_addr, prev, sizeof(prev))) {
        return VOF_PROM_ERROR;
    }
    if (node < 0) {
        return 0;
    }
    fdt_for_each_property_offset(off, ci->spapr->fdt, node) {
        const char *name;
        if (!fdt_getprop_by_offset(ci->spapr->fdt, off, &name, NULL)) {
            return 0;
        }
        if (prev[0] && strcmp(prev, name) != 0) {
            continue;
        }
        if (prev[0]) {
            off = fdt_next_property_offset(ci->spapr->fdt, off);
            if (off < 0 || !fdt_getprop_by_offset(ci->spapr->fdt, off, &name, NULL)) {
                return 0;
            }
        }
        return ci_write(ci, buf, name, strlen(name) + 1) ? 1 : VOF_PROM_ERROR;
    }
    return 0;
}

/* peer, child, parent: 0 when there is none. peer(0) is the root. */
static guint32 ci_peer(Ci *ci, guint32 phandle)
{
    int node = phandle == 0 ? 0 : ci_node(ci, phandle);

    if (node >= 0 && phandle != 0) {
        node = fdt_next_subnode(ci->spapr->fdt, node);
    }
    return ci_phandle(ci, node);
}

static guint32 ci_child(Ci *ci, guint32 phandle)
{
    int node = ci_node(ci, phandle);
    return node >= 0 ? ci_phandle(ci, fdt_first_subnode(ci->spapr->fdt, node)) : 0;
}

static guint32 ci_parent(Ci *ci, guint32 phandle)
{
    int node = ci_node(ci, phandle);
    return node >= 0 ? ci_phandle(ci, fdt_parent_offset(ci->spapr->fdt, node)) : 0;
}

void vof_instance_free(gpointer data)
{
    VofInstance *inst = data;

    g_free(inst->path);
    g_free(inst);
}

guint32 vof_do_open(Vof *vof, SpaprMachine *spapr, int node, const char *path)
{
    VofInstance *inst;

    /* ihandles are not reused, as in QEMU; a client opening this much is broken. */
    if (vof->last_ihandle == VOF_PROM_ERROR - 1 ||
        g_hash_table_size(vof->instances) >= VOF_MAX_INSTANCES) {
        return VOF_PROM_ERROR;
    }
    inst = g_new0(VofInstance, 1);
    inst->phandle = fdt_get_phandle(spapr->fdt, node);
    inst->path = g_strdup(path);
    g_hash_table_insert(vof->instances, GUINT_TO_POINTER(++vof->last_ihandle), inst);
    return vof->last_ihandle;
}

static guint32 ci_open(Ci *ci, guint32 path_addr)
{
    char path[VOF_MAX_PATH];
    int node;

    if (!ci_readstr(ci, path_addr, path, sizeof(path))) {
        return VOF_PROM_ERROR;
    }
    node = ci_path_offset(ci, path);
    return node >= 0 ? vof_do_open(ci->vof, ci->spapr, node, path) : VOF_PROM_ERROR;
}

static VofInstance *ci_instance(Ci *ci, guint32 ihandle)
{
    return g_hash_table_lookup(ci->vof->instances, GUINT_TO_POINTER(ihandle));
}

static guint32 ci_instance_to_package(Ci *ci, guint32 ihandle)
{
    VofInstance *inst = ci_instance(ci, ihandle);
    return inst ? inst->phandle : VOF_PROM_ERROR;
}

/*
 * package-to-path: the path's length with its NUL, as QEMU returns it;
 * at most @len bytes of it go to the buffer.
 */
static guint32 ci_package_to_path(Ci *ci, guint32 phandle, guint32 buf, guint32 len)
{
    char path[VOF_MAX_PATH];
    int node = ci_node(ci, phandle);
    guint32 n;

    if (node < 0 || fdt_get_path(ci->spapr->fdt, node, path, sizeof(path)) < 0) {
        return VOF_PROM_ERROR;
    }
    n = strlen(path) + 1;
    return ci_write(ci, buf, path, MIN(n, len)) ? n : VOF_PROM_ERROR;
}

static guint32 ci_instance_to_path(Ci *ci, guint32 ihandle, guint32 buf, guint32 len)
{
    VofInstance *inst = ci_instance(ci, ihandle);
    return inst ? ci_package_to_path(ci, inst->phandle, buf, len) : VOF_PROM_ERROR;
}

/* The unit address of an instance's node: vtys are known to the machine by it. */
static gboolean ci_instance_reg(Ci *ci, guint32 ihandle, guint32 *reg)
{
    VofInstance *inst = ci_instance(ci, ihandle);
    int node = inst ? ci_node(ci, inst->phandle) : -1;
    int len = 0;
    const guint32 *val = node >= 0 ? fdt_getprop(ci->spapr->fdt, node, "reg", &len) : NULL;

    if (!val || len != 4) {
        return FALSE;
    }
    *reg = GUINT32_FROM_BE(*val);
    return TRUE;
}

/*
 * write: to the vty the instance is (QEMU's VOF only traces the text);
 * returns the count written, which IEEE 1275 lets be less than asked.
 */
static guint32 ci_write_svc(Ci *ci, guint32 ihandle, guint32 buf, guint32 len)
{
    SpaprMachineClass *mc = (SpaprMachineClass *)G_OBJECT_GET_CLASS(ci->spapr);
    guint8 chunk[4096];
    guint32 reg, done = 0;

    if (!ci_instance_reg(ci, ihandle, &reg)) {
        return VOF_PROM_ERROR;
    }
    len = MIN(len, VOF_MAX_WRITE);
    while (done < len) {
        guint32 n = MIN(len - done, sizeof(chunk));
        if (!ci_read(ci, buf + done, chunk, n)) {
            return done ? done : VOF_PROM_ERROR;
        }
        if (!mc->vty_write(ci->spapr, reg, chunk, n)) {
            return VOF_PROM_ERROR;
        }
        done += n;
    }
    return done;
}

/* read: what the vty has buffered now, possibly nothing (0). */
static guint32 ci_read_svc(Ci *ci, guint32 ihandle, guint32 buf, guint32 len)
{
    SpaprMachineClass *mc = (SpaprMachineClass *)G_OBJECT_GET_CLASS(ci->spapr);
    guint8 chunk[SPAPR_VTY_BUF_SIZE];
    guint32 reg;
    gssize n;

    if (!ci_instance_reg(ci, ihandle, &reg)) {
        return VOF_PROM_ERROR;
    }
    n = mc->vty_read(ci->spapr, reg, chunk, MIN(len, sizeof(chunk)));
    if (n < 0) {
        return VOF_PROM_ERROR;
    }
    return ci_write(ci, buf, chunk, n) ? (guint32)n : VOF_PROM_ERROR;
}

static guint32 ci_claim(Ci *ci, guint32 virt, guint32 size, guint32 align)
{
    guint64 ret = vof_claim(ci->vof, virt, size, align);

    /* The client interface has 32-bit cells: nothing above 4 GiB. */
    if (ret >= 0x100000000ull) {
        if (ret != G_MAXUINT64) {
            vof_release(ci->vof, ret, size);
        }
        return VOF_PROM_ERROR;
    }
    if (!vof_dt_memory_available(ci->vof, ci->spapr)) {
        vof_release(ci->vof, ret, size);
        return VOF_PROM_ERROR;
    }
    return (guint32)ret;
}

static guint32 ci_release(Ci *ci, guint32 virt, guint32 size)
{
    if (!vof_release(ci->vof, virt, size)) {
        return VOF_PROM_ERROR;
    }
    vof_dt_memory_available(ci->vof, ci->spapr);
    return 0;
}

/*
 * The RTAS blob instantiate-rtas copies to the client's rtas-base: QEMU's
 * KVMPPC_H_RTAS with r4 = the argument buffer, callable in either order.
 */
static guint32 ci_instantiate_rtas(Ci *ci, guint32 base, guint32 *rtas_entry)
{
    static const guint32 blob[] = {
        0x7c641b78u,            /* mr   r4,r3 */
        0x38600000u,            /* li   r3,0 */
        0x60630000u | KVMPPC_H_RTAS,    /* ori r3,r3,KVMPPC_H_RTAS */
        0x44000022u,            /* sc   1 */
        0x4e800020u,            /* blr */
    };
    guint8 code[8 + 8 * G_N_ELEMENTS(blob)];
    gsize len = vof_put_neutral(code, blob, G_N_ELEMENTS(blob));
    int node = fdt_path_offset(ci->spapr->fdt, "/rtas");
    int plen = 0;
    const guint32 *size = node >= 0 ? fdt_getprop(ci->spapr->fdt, node, "rtas-size", &plen) : NULL;

    /* The client made room for rtas-size bytes. */
    if (!size || plen != 4 || GUINT32_FROM_BE(*size) < len || !ci_write(ci, base, code, len)) {
        return VOF_PROM_ERROR;
    }
    *rtas_entry = base;
    return 0;
}

/*
 * call-method: the catch result, and the method's results from rets[0].
 * VOF has two methods, on the instances of / and /rtas (as QEMU's).
 */
static guint32 ci_call_method(Ci *ci, const guint32 *args, guint32 *rets)
{
    char method[VOF_MAX_METHODLEN];
    VofInstance *inst = ci_instance(ci, args[1]);
    int node = inst ? ci_node(ci, inst->phandle) : -1;

    if (node < 0 || !ci_readstr(ci, args[0], method, sizeof(method))) {
        return VOF_PROM_ERROR;
    }
    if (node == 0 && strcmp(method, "ibm,client-architecture-support") == 0) {
        /*
         * The machine negotiates with the option vectors at args[2] and
         * updates the tree; the method's result is its H_ status (QEMU's
         * vof_call_method), and the call itself succeeds.
         */
        SpaprMachineClass *mc = (SpaprMachineClass *)G_OBJECT_GET_CLASS(ci->spapr);

        rets[0] = mc->client_architecture_support ?
                  (guint32)mc->client_architecture_support(ci->spapr, ci->cpu, args[2]) : 0;
        return 0;
    }
    if (node == fdt_path_offset(ci->spapr->fdt, "/rtas") &&
        strcmp(method, "instantiate-rtas") == 0) {
        return ci_instantiate_rtas(ci, args[2], &rets[0]);
    }
    modvm_log_unimp("VOF: no method \"%s\"\n", method);
    return VOF_PROM_ERROR;
}

/*
 * exit: QEMU stops the VM (paused) and says so. modvm says so and ends
 * the machine as a guest power-off: exit never returns to the client, a
 * plugin cannot pause the VM, and a VM paused for good only makes
 * scripts wait (with -no-shutdown it stays, stopped, as in QEMU).
 */
static void ci_exit(Ci *ci)
{
    g_printerr("modvm: Stopped as the VM requested \"exit\"\n");
    ci->cpu->regs.msr &= ~SPAPR_MSR_EE;
    ci->cpu->tcg.halted = TRUE;
    g_atomic_int_set(&ci->cpu->tcg.exit_request, 1);
    modvm_machine_request_shutdown(MODVM_MACHINE(ci->spapr), MODVM_SHUTDOWN_GUEST_POWEROFF);
}

/* Is @service @name, with these argument counts (0: any)? QEMU's cmpservice. */
static gboolean ci_is(const char *service, guint nargs, guint nret, const char *name,
                      guint want_args, guint want_ret)
{
    return strcmp(service, name) == 0 && (!want_args || nargs == want_args) &&
           (!want_ret || nret == want_ret);
}

/* One service; @rets gets the results after the first, which is returned. */
static guint32 ci_service(Ci *ci, const char *svc, const guint32 *a, guint nargs, guint32 *rets,
                          guint nret)
{
    if (ci_is(svc, nargs, nret, "finddevice", 1, 1)) {
        return ci_finddevice(ci, a[0]);
    } else if (ci_is(svc, nargs, nret, "getprop", 4, 1)) {
        return ci_getprop_svc(ci, a[0], a[1], a[2], a[3]);
    } else if (ci_is(svc, nargs, nret, "getproplen", 2, 1)) {
        return ci_getproplen(ci, a[0], a[1]);
    } else if (ci_is(svc, nargs, nret, "setprop", 4, 1)) {
        return ci_setprop(ci, a[0], a[1], a[2], a[3]);
    } else if (ci_is(svc, nargs, nret, "nextprop", 3, 1)) {
        return ci_nextprop(ci, a[0], a[1], a[2]);
    } else if (ci_is(svc, nargs, nret, "peer", 1, 1)) {
        return ci_peer(ci, a[0]);
    } else if (ci_is(svc, nargs, nret, "child", 1, 1)) {
        return ci_child(ci, a[0]);
    } else if (ci_is(svc, nargs, nret, "parent", 1, 1)) {
        return ci_parent(ci, a[0]);
    } else if (ci_is(svc, nargs, nret, "open", 1, 1)) {
        return ci_open(ci, a[0]);
    } else if (ci_is(svc, nargs, nret, "close", 1, 0)) {
        g_hash_table_remove(ci->vof->instances, GUINT_TO_POINTER(a[0]));
        return 0;
    } else if (ci_is(svc, nargs, nret, "instance-to-package", 1, 1)) {
        return ci_instance_to_package(ci, a[0]);
    } else if (ci_is(svc, nargs, nret, "package-to-path", 3, 1)) {
        return ci_package_to_path(ci, a[0], a[1], a[2]);
    } else if (ci_is(svc, nargs, nret, "instance-to-path", 3, 1)) {
        return ci_instance_to_path(ci, a[0], a[1], a[2]);
    } else if (ci_is(svc, nargs, nret, "write", 3, 1)) {
        return ci_write_svc(ci, a[0], a[1], a[2]);
    } else if (ci_is(svc, nargs, nret, "read", 3, 1)) {
        return ci_read_svc(ci, a[0], a[1], a[2]);
    } else if (ci_is(svc, nargs, nret, "claim", 3, 1)) {
        return ci_claim(ci, a[0], a[1], a[2]);
    } else if (ci_is(svc, nargs, nret, "release", 2, 0)) {
        return ci_release(ci, a[0], a[1]);
    } else if (ci_is(svc, nargs, nret, "call-method", 0, 0)) {
        return ci_call_method(ci, a, rets);
    } else if (ci_is(svc, nargs, nret, "interpret", 0, 0)) {
        /* No Forth here: the client learns it failed, as under QEMU's VOF. */
        return VOF_PROM_ERROR;
    } else if (ci_is(svc, nargs, nret, "milliseconds", 0, 1)) {
        return (guint32)(modvm_clock_get_ns(modvm_machine_virtual_clock(
                             MODVM_MACHINE(ci->spapr))) / 1000000);
    } else if (ci_is(svc, nargs, nret, "quiesce", 0, 0)) {
        return 0;
    } else if (ci_is(svc, nargs, nret, "exit", 0, 0)) {
        ci_exit(ci);
        return 0;
    }
    modvm_log_guest_error("VOF: unknown client interface service \"%s\" (%u in, %u out)\n", svc,
                          nargs, nret);
    return VOF_PROM_ERROR;
}

/*
 * KVMPPC_H_VOF_CLIENT: r4 is the real address of the IEEE 1275 argument
 * array, big-endian 32-bit cells: service (the address of its name),
 * nargs, nret, then the arguments and room for the results.
 */
gint64 vof_h_client(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                    guint64 *regs)
{
    Ci ci = { spapr, VOF(owner), cpu, modvm_machine_address_space(MODVM_MACHINE(spapr)) };
    guint64 addr = spapr_guest_real_addr(cpu, regs[0]);
    guint32 cells[3 + VOF_PROM_ARGS];
    guint32 args[VOF_PROM_ARGS] = { 0 }, rets[VOF_PROM_ARGS] = { 0 };
    char service[64];
    guint nargs, nret;
    guint32 ret;

    if (!ci.vof->instances || !ci_read(&ci, addr, cells, sizeof(cells))) {
        return H_PARAMETER;
    }
    nargs = GUINT32_FROM_BE(cells[1]);
    nret = GUINT32_FROM_BE(cells[2]);
    if (nargs >= VOF_PROM_ARGS || nret > VOF_PROM_ARGS - nargs ||
        !ci_readstr(&ci, GUINT32_FROM_BE(cells[0]), service, sizeof(service))) {
        modvm_log_guest_error("VOF: malformed client interface call at 0x%" G_GINT64_MODIFIER
                              "x\n", addr);
        return H_PARAMETER;
    }
    for (guint i = 0; i < nargs; i++) {
        args[i] = GUINT32_FROM_BE(cells[3 + i]);
    }
    modvm_log(MODVM_LOG_HCALL, "vof: %s(%u in, %u out)\n", service, nargs, nret);
    ret = ci_service(&ci, service, args, nargs, rets, nret);
    if (nret == 0) {
        return H_SUCCESS;
    }
    /* The first result is the service's own; the others follow. */
    cells[3 + nargs] = GUINT32_TO_BE(ret);
    for (guint i = 1; i < nret; i++) {
        cells[3 + nargs + i] = GUINT32_TO_BE(rets[i - 1]);
    }
    if (!ci_write(&ci, addr + 12 + 4ull * nargs, &cells[3 + nargs], 4ull * nret)) {
        return H_PARAMETER;
    }
    return H_SUCCESS;
}
