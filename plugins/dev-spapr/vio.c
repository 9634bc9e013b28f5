/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The sPAPR VIO bus: unit addresses for virtual devices, and the base of those devices. */
#include "spapr.h"

MODVM_DEFINE_DYNAMIC_TYPE(SpaprVioBus, spapr_vio_bus, "spapr-vio-bus", MODVM_TYPE_BUS)
MODVM_DEFINE_ABSTRACT_DYNAMIC_TYPE(SpaprVioDevice, spapr_vio_device, "spapr-vio-device",
                                   MODVM_TYPE_DEVICE)

SpaprVioDevice *spapr_vio_find_by_reg(SpaprVioBus *bus, guint32 reg)
{
    GPtrArray *devices = modvm_bus_get_devices(MODVM_BUS(bus));

    for (guint i = 0; i < devices->len; i++) {
        SpaprVioDevice *dev = SPAPR_VIO_DEVICE(g_ptr_array_index(devices, i));
        if (dev->reg == reg) {
            return dev;
        }
    }
    return NULL;
}

/*
 * As QEMU does: a device without "reg" gets the next address from
 * 0x71000000 not in use, in plug order, so the default vty is
 * vty@71000000 and addresses never move when devices come and go.
 */
static gboolean spapr_vio_bus_plug(ModvmBus *bus, ModvmDevice *dev, GError **error)
{
    SpaprVioBus *vbus = SPAPR_VIO_BUS(bus);
    SpaprVioDevice *vdev = SPAPR_VIO_DEVICE(dev);
    SpaprVioDevice *other;

    if (vdev->reg != SPAPR_VIO_REG_UNSET) {
        other = spapr_vio_find_by_reg(vbus, vdev->reg);
        if (other) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE,
                        "%s and %s devices conflict at address %#x: choose another reg",
                        modvm_object_type_name(MODVM_OBJECT(dev)),
                        modvm_object_type_name(MODVM_OBJECT(other)), vdev->reg);
            return FALSE;
        }
        return TRUE;
    }
    do {
        if (vbus->next_reg == SPAPR_VIO_REG_UNSET) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED,
                        "no VIO address left to assign: give reg explicitly");
            return FALSE;
        }
        vdev->reg = vbus->next_reg++;
    } while (spapr_vio_find_by_reg(vbus, vdev->reg));
    modvm_object_note_property_set(MODVM_OBJECT(dev), "reg", MODVM_PROP_SOURCE_CODE);
    return TRUE;
}

static char *spapr_vio_bus_child_name(ModvmBus *bus, ModvmDevice *dev)
{
    SpaprVioDeviceClass *klass = SPAPR_VIO_DEVICE_GET_CLASS(dev);

    return g_strdup_printf("%s@%x", klass->dt_name, SPAPR_VIO_DEVICE(dev)->reg);
}

void spapr_vio_irq_pulse(SpaprVioDevice *dev)
{
    SpaprMachine *spapr = spapr_machine_from(modvm_object_get_root(MODVM_OBJECT(dev)));

    if (!spapr) {
        return;
    }
    modvm_machine_lock(MODVM_MACHINE(spapr));
    spapr_irq_set(spapr, spapr_vio_reg_to_irq(dev->reg), 1);
    spapr_irq_set(spapr, spapr_vio_reg_to_irq(dev->reg), 0);
    modvm_machine_unlock(MODVM_MACHINE(spapr));
}

/* H_VIO_SIGNAL (LoPAR "H_VIO_SIGNAL"): the device's interrupt on (mode 1) or off (0). */
static gint64 h_vio_signal(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                           guint64 *args)
{
    SpaprVioDevice *dev = spapr_vio_find_by_reg((SpaprVioBus *)owner, (guint32)args[0]);

    if (!dev || args[0] > G_MAXUINT32 || !modvm_device_is_realized(MODVM_DEVICE(dev))) {
        return H_PARAMETER;
    }
    if (args[1] & ~SPAPR_VIO_DEVICE_GET_CLASS(dev)->signal_mask) {
        return H_PARAMETER;
    }
    dev->signal_state = args[1];
    return H_SUCCESS;
}

/*
 * quiesce: what the firmware calls before it hands over (SLOF's
 * rtas-quiesce): each VIO device drops its DMA and queue state (QEMU's
 * spapr_vio_quiesce_one). The devices here have neither.
 */
static void rtas_quiesce(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                         guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets)
{
    spapr_rtas_status(nret, rets, nargs ? RTAS_OUT_PARAM_ERROR : RTAS_OUT_SUCCESS);
}

static const SpaprRtasDef spapr_vio_bus_rtas[] = {
    { "quiesce", rtas_quiesce },
    { NULL, NULL }
};

static const SpaprHcallDef spapr_vio_bus_hcalls[] = {
    { H_VIO_SIGNAL, "H_VIO_SIGNAL", h_vio_signal },
    { 0, NULL, NULL }
};

static void spapr_vio_bus_class_init(SpaprVioBusClass *klass)
{
    ModvmBusClass *bc = MODVM_BUS_CLASS(klass);

    spapr_class_set_hcalls(klass, spapr_vio_bus_hcalls);
    spapr_class_set_rtas(klass, spapr_vio_bus_rtas);

    MODVM_OBJECT_CLASS(klass)->description = "sPAPR virtual I/O bus";
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;
    bc->plug = spapr_vio_bus_plug;
    bc->child_name = spapr_vio_bus_child_name;
}

static void spapr_vio_bus_init(SpaprVioBus *bus)
{
    bus->next_reg = SPAPR_VIO_REG_BASE;
}

static const ModvmProperty spapr_vio_device_props[] = {
    MODVM_PROP_UINT("reg", SpaprVioDevice, reg, SPAPR_VIO_REG_UNSET, 0, G_MAXUINT32,
                    "unit address on the VIO bus; 0xffffffff to take the next free one"),
    MODVM_PROP_END
};

static void spapr_vio_device_class_init(SpaprVioDeviceClass *klass)
{
    MODVM_OBJECT_CLASS(klass)->description = "sPAPR virtual I/O device (the base of VIO devices)";
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;
    MODVM_DEVICE_CLASS(klass)->bus_type = "spapr-vio-bus";
    klass->dt_name = "vio";
    modvm_class_install_properties(G_OBJECT_CLASS(klass), spapr_vio_device_props);
}

static void spapr_vio_device_init(SpaprVioDevice *dev)
{
}
