/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-vty: the hypervisor virtual terminal, a chardev frontend with a 16-byte input ring. */
#include "spapr.h"

MODVM_DEFINE_DYNAMIC_TYPE(SpaprVty, spapr_vty, "spapr-vty", spapr_vio_device_get_type())

static const ModvmProperty spapr_vty_props[] = {
    MODVM_PROP_LINK("chardev", SpaprVty, chardev, "ModvmChardev",
                    "character backend (-chardev id) the terminal reads and writes"),
    MODVM_PROP_END
};

static gsize spapr_vty_can_receive(void *opaque)
{
    SpaprVty *vty = opaque;

    return SPAPR_VTY_BUF_SIZE - (vty->in - vty->out);
}

static void spapr_vty_receive(void *opaque, const guint8 *buf, gsize len)
{
    SpaprVty *vty = opaque;
    gboolean was_empty = vty->in == vty->out;

    /* The backend never offers more than can_receive allowed. */
    for (gsize i = 0; i < len && vty->in - vty->out < SPAPR_VTY_BUF_SIZE; i++) {
        vty->buf[vty->in++ % SPAPR_VTY_BUF_SIZE] = buf[i];
    }
    /* As QEMU's vty_receive: an edge when input arrives in an empty buffer. */
    if (was_empty && len) {
        spapr_vio_irq_pulse(SPAPR_VIO_DEVICE(vty));
    }
}

static const ModvmChrFrontendOps spapr_vty_frontend_ops = {
    .can_receive = spapr_vty_can_receive,
    .receive = spapr_vty_receive,
};

void spapr_vty_put_chars(SpaprVty *vty, const guint8 *buf, gsize len)
{
    modvm_chardev_write(vty->chardev, buf, len);
}

gsize spapr_vty_get_chars(SpaprVty *vty, guint8 *buf, gsize max)
{
    gsize n = 0;

    while (n < max && vty->out != vty->in) {
        /*
         * Long ago PowerVM's vty sent a \0 after every \r, and guests
         * still drop a \0 that follows a \r (Linux: hvc_vio.c). So a
         * \0 that follows a \r waits for the next call, where it comes
         * first and survives.
         */
        if (n > 0 && buf[n - 1] == '\r' && vty->buf[vty->out % SPAPR_VTY_BUF_SIZE] == '\0') {
            break;
        }
        buf[n++] = vty->buf[vty->out++ % SPAPR_VTY_BUF_SIZE];
    }
    if (n > 0) {
        modvm_chardev_accept_input(vty->chardev);
    }
    return n;
}

/*
 * As QEMU does: the console is the vty with the lowest unit address, so it
 * does not move around when vtys come and go.
 */
SpaprVty *spapr_vty_default(SpaprMachine *spapr)
{
    SpaprVty *best = NULL;
    GPtrArray *devices;

    if (!spapr->vio) {
        return NULL;
    }
    devices = modvm_bus_get_devices(spapr->vio);
    for (guint i = 0; i < devices->len; i++) {
        ModvmDevice *dev = g_ptr_array_index(devices, i);
        if (G_TYPE_CHECK_INSTANCE_TYPE(dev, spapr_vty_get_type()) &&
            modvm_device_is_realized(dev) &&
            (!best || SPAPR_VIO_DEVICE(dev)->reg < SPAPR_VIO_DEVICE(best)->reg)) {
            best = SPAPR_VTY(dev);
        }
    }
    return best;
}

SpaprVty *spapr_vty_lookup(SpaprMachine *spapr, guint64 reg)
{
    SpaprVioDevice *dev;

    if (!spapr->vio || reg > G_MAXUINT32) {
        return NULL;
    }
    dev = spapr_vio_find_by_reg(SPAPR_VIO_BUS(spapr->vio), (guint32)reg);
    /*
     * Linux's early debug console always says unit address 0; PowerVM
     * gives it the first vty, and so does QEMU.
     */
    if (!dev && reg == 0) {
        return spapr_vty_default(spapr);
    }
    if (!dev || !G_TYPE_CHECK_INSTANCE_TYPE(dev, spapr_vty_get_type()) ||
        !modvm_device_is_realized(MODVM_DEVICE(dev))) {
        return NULL;
    }
    return SPAPR_VTY(dev);
}

gboolean spapr_vty_write_reg(SpaprMachine *spapr, guint32 reg, const guint8 *buf, gsize len)
{
    SpaprVty *vty = spapr_vty_lookup(spapr, reg);

    if (!vty) {
        return FALSE;
    }
    spapr_vty_put_chars(vty, buf, len);
    return TRUE;
}

gssize spapr_vty_read_reg(SpaprMachine *spapr, guint32 reg, guint8 *buf, gsize max)
{
    SpaprVty *vty = spapr_vty_lookup(spapr, reg);

    return vty ? (gssize)spapr_vty_get_chars(vty, buf, max) : -1;
}

/*
 * H_PUT_TERM_CHAR (LoPAR "Virtual Terminal"): r4 the unit address, r5 the
 * count (at most 16), r6 and r7 the bytes, first byte most significant.
 */
static gint64 h_put_term_char(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                              guint64 opcode, guint64 *args)
{
    SpaprVty *vty = spapr_vty_lookup(spapr, args[0]);
    guint64 len = args[1];
    guint64 chars[2] = { GUINT64_TO_BE(args[2]), GUINT64_TO_BE(args[3]) };

    if (!vty) {
        modvm_log_guest_error("H_PUT_TERM_CHAR: no vty at unit address 0x%" G_GINT64_MODIFIER
                              "x\n", args[0]);
        return H_PARAMETER;
    }
    if (len > 16) {
        modvm_log_guest_error("H_PUT_TERM_CHAR: %" G_GINT64_MODIFIER "u bytes, at most 16\n",
                              len);
        return H_PARAMETER;
    }
    spapr_vty_put_chars(vty, (const guint8 *)chars, len);
    return H_SUCCESS;
}

/* H_GET_TERM_CHAR: the count in r4, up to 16 bytes in r5 and r6 (zero-padded). */
static gint64 h_get_term_char(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                              guint64 opcode, guint64 *args)
{
    SpaprVty *vty = spapr_vty_lookup(spapr, args[0]);
    guint64 chars[2] = { 0, 0 };
    gsize n;

    if (!vty) {
        modvm_log_guest_error("H_GET_TERM_CHAR: no vty at unit address 0x%" G_GINT64_MODIFIER
                              "x\n", args[0]);
        return H_PARAMETER;
    }
    n = spapr_vty_get_chars(vty, (guint8 *)chars, sizeof(chars));
    args[0] = n;
    args[1] = GUINT64_FROM_BE(chars[0]);
    args[2] = GUINT64_FROM_BE(chars[1]);
    return H_SUCCESS;
}

/* RTAS display-character: one byte to the console vty. */
static void rtas_display_character(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                                   guint32 token, guint32 nargs, const guint32 *args,
                                   guint32 nret, guint32 *rets)
{
    SpaprVty *vty = spapr_vty_default(spapr);
    guint8 c = nargs ? (guint8)args[0] : 0;
    gint32 status = RTAS_OUT_SUCCESS;

    if (nargs < 1) {
        status = RTAS_OUT_PARAM_ERROR;
    } else if (!vty) {
        status = RTAS_OUT_HW_ERROR;
    } else {
        spapr_vty_put_chars(vty, &c, 1);
    }
    spapr_rtas_status(nret, rets, status);
}

static const SpaprHcallDef spapr_vty_hcalls[] = {
    { H_GET_TERM_CHAR, "H_GET_TERM_CHAR", h_get_term_char },
    { H_PUT_TERM_CHAR, "H_PUT_TERM_CHAR", h_put_term_char },
    { 0, NULL, NULL }
};

static const SpaprRtasDef spapr_vty_rtas_calls[] = {
    { "display-character", rtas_display_character },
    { NULL, NULL }
};

static gboolean spapr_vty_realize(ModvmDevice *dev, GError **error)
{
    SpaprVty *vty = SPAPR_VTY(dev);

    if (!vty->chardev) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "chardev property not set: give chardev=ID of a -chardev");
        return FALSE;
    }
    vty->in = vty->out = 0;
    return modvm_chardev_set_frontend(vty->chardev, &spapr_vty_frontend_ops, vty, error);
}

static void spapr_vty_unrealize(ModvmDevice *dev)
{
    SpaprVty *vty = SPAPR_VTY(dev);

    modvm_chardev_set_frontend(vty->chardev, NULL, NULL, NULL);
}

static void spapr_vty_class_init(SpaprVtyClass *klass)
{
    SpaprVioDeviceClass *vc = (SpaprVioDeviceClass *)klass;

    MODVM_OBJECT_CLASS(klass)->description = "sPAPR virtual terminal (hvterm1 console)";
    MODVM_DEVICE_CLASS(klass)->realize = spapr_vty_realize;
    MODVM_DEVICE_CLASS(klass)->unrealize = spapr_vty_unrealize;
    vc->dt_name = "vty";
    vc->dt_type = "serial";
    vc->dt_compatible = "hvterm1";
    vc->signal_mask = 1;
    spapr_class_set_hcalls(klass, spapr_vty_hcalls);
    spapr_class_set_rtas(klass, spapr_vty_rtas_calls);
    modvm_class_install_properties(G_OBJECT_CLASS(klass), spapr_vty_props);
}

static void spapr_vty_init(SpaprVty *vty)
{
}
