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

    /* The backend never offers more than can_receive allowed. */
    for (gsize i = 0; i < len && vty->in - vty->out < SPAPR_VTY_BUF_SIZE; i++) {
        vty->buf[vty->in++ % SPAPR_VTY_BUF_SIZE] = buf[i];
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
    modvm_class_install_properties(G_OBJECT_CLASS(klass), spapr_vty_props);
}

static void spapr_vty_init(SpaprVty *vty)
{
}
