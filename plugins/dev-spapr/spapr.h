/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pseries platform's types, shared by the files of the dev-spapr plugin. */
#pragma once

#include <modvm/modvm.h>

G_BEGIN_DECLS

#define SPAPR_DECLARE_TYPE(TypeName, type_name, CAST) \
    GType type_name##_get_type(void); \
    void type_name##_register_type(GTypeModule *module); \
    static inline TypeName *CAST(gpointer obj) \
    { \
        return G_TYPE_CHECK_INSTANCE_CAST(obj, type_name##_get_type(), TypeName); \
    }

/* The machine. */

typedef enum { SPAPR_IC_MODE_XICS, SPAPR_IC_MODE_XIVE, SPAPR_IC_MODE_DUAL } SpaprIcMode;
typedef enum {
    SPAPR_RESIZE_HPT_DISABLED, SPAPR_RESIZE_HPT_ENABLED, SPAPR_RESIZE_HPT_REQUIRED
} SpaprResizeHpt;
/* cap-cfpc and cap-sbbc */
typedef enum { SPAPR_CAP_BROKEN, SPAPR_CAP_WORKAROUND, SPAPR_CAP_FIXED } SpaprCapMitigation;
/* cap-ibs */
typedef enum {
    SPAPR_CAP_IBS_BROKEN, SPAPR_CAP_IBS_WORKAROUND, SPAPR_CAP_IBS_FIXED_IBS,
    SPAPR_CAP_IBS_FIXED_CCD, SPAPR_CAP_IBS_FIXED_NA
} SpaprCapIbs;

/* The sPAPR capabilities (QEMU's cap-* machine options): what the partition may use. */
typedef struct {
    gboolean htm;
    gboolean vsx;
    gboolean dfp;
    int cfpc;                   /* SpaprCapMitigation */
    int sbbc;                   /* SpaprCapMitigation */
    int ibs;                    /* SpaprCapIbs */
    guint64 hpt_max_page_size;  /* bytes, a power of two */
    gboolean nested_hv;
    gboolean large_decr;
    gboolean ccf_assist;
    gboolean fwnmi;
    gboolean rpt_invalidate;
} SpaprCaps;

typedef struct {
    ModvmMachine parent;
    /* properties */
    int ic_mode;                /* SpaprIcMode */
    guint64 kernel_addr;
    gboolean vof;
    int resize_hpt;             /* SpaprResizeHpt */
    int max_cpu_compat;         /* index into spapr_compat_names */
    guint32 vsmt;               /* 0: threads per core */
    gboolean modern_hotplug_events;
    SpaprCaps caps;
    /* state */
    ModvmBus *vio;              /* a child of the machine */
} SpaprMachine;

typedef struct {
    ModvmMachineClass parent_class;
} SpaprMachineClass;

SPAPR_DECLARE_TYPE(SpaprMachine, spapr_machine, SPAPR_MACHINE)

/* NULL-terminated, the names QEMU 7.2 takes for max-cpu-compat (cpu-power's order). */
extern const char *const spapr_compat_names[];

/**
 * spapr_find_realized: (transfer none) a realized device of @type (or derived)
 * under @root other than @skip for which @match (may be NULL) is TRUE, or NULL.
 */
ModvmDevice *spapr_find_realized(ModvmObject *root, GType type, ModvmDevice *skip,
                                 gboolean (*match)(ModvmDevice *dev, gpointer data),
                                 gpointer data);

/* The VIO bus and its devices (LoPAR "Virtual I/O"). */

#define SPAPR_VIO_REG_BASE   0x71000000u  /* the first unit address QEMU hands out */
#define SPAPR_VIO_REG_UNSET  0xffffffffu  /* "reg" not given: the bus assigns one */

typedef struct {
    ModvmBus parent;
    guint32 next_reg;
} SpaprVioBus;

typedef struct {
    ModvmBusClass parent_class;
} SpaprVioBusClass;

SPAPR_DECLARE_TYPE(SpaprVioBus, spapr_vio_bus, SPAPR_VIO_BUS)

typedef struct {
    ModvmDevice parent;
    guint32 reg;                /* unit address */
} SpaprVioDevice;

typedef struct {
    ModvmDeviceClass parent_class;
    /* The device tree node's name, device_type and compatible. */
    const char *dt_name;
    const char *dt_type;
    const char *dt_compatible;
} SpaprVioDeviceClass;

SPAPR_DECLARE_TYPE(SpaprVioDevice, spapr_vio_device, SPAPR_VIO_DEVICE)
#define SPAPR_VIO_DEVICE_GET_CLASS(obj) \
    (G_TYPE_INSTANCE_GET_CLASS((obj), spapr_vio_device_get_type(), SpaprVioDeviceClass))

/** spapr_vio_find_by_reg: (transfer none) the device at unit address @reg, or NULL. */
SpaprVioDevice *spapr_vio_find_by_reg(SpaprVioBus *bus, guint32 reg);

/* spapr-vty: the hypervisor virtual terminal (LoPAR "Virtual Terminal"). */

/* H_GET_TERM_CHAR returns at most 16 bytes at a time; QEMU buffers as much. */
#define SPAPR_VTY_BUF_SIZE 16

typedef struct {
    SpaprVioDevice parent;
    ModvmChardev *chardev;      /* property */
    guint32 in, out;            /* free-running ring indexes into buf */
    guint8 buf[SPAPR_VTY_BUF_SIZE];
} SpaprVty;

typedef struct {
    SpaprVioDeviceClass parent_class;
} SpaprVtyClass;

SPAPR_DECLARE_TYPE(SpaprVty, spapr_vty, SPAPR_VTY)

/** spapr_vty_put_chars: guest output (H_PUT_TERM_CHAR) to the chardev. */
void spapr_vty_put_chars(SpaprVty *vty, const guint8 *buf, gsize len);
/** spapr_vty_get_chars: up to @max bytes of buffered input (H_GET_TERM_CHAR); returns the count. */
gsize spapr_vty_get_chars(SpaprVty *vty, guint8 *buf, gsize max);

/* spapr-nvram: the partition's NVRAM, read and written by RTAS nvram-fetch/nvram-store. */

#define SPAPR_NVRAM_MIN_SIZE      (8 * 1024)
#define SPAPR_NVRAM_DEFAULT_SIZE  (64 * 1024)
#define SPAPR_NVRAM_MAX_SIZE      (1024 * 1024)

typedef struct {
    SpaprVioDevice parent;
    guint64 size;               /* property */
    char *drive;                /* property */
    guint8 *buf;                /* size bytes once realized */
} SpaprNvram;

typedef struct {
    SpaprVioDeviceClass parent_class;
} SpaprNvramClass;

SPAPR_DECLARE_TYPE(SpaprNvram, spapr_nvram, SPAPR_NVRAM)

/* spapr-rng: the source behind H_RANDOM. */

typedef struct {
    ModvmDevice parent;
    gboolean use_kvm;           /* property */
} SpaprRng;

typedef struct {
    ModvmDeviceClass parent_class;
} SpaprRngClass;

SPAPR_DECLARE_TYPE(SpaprRng, spapr_rng, SPAPR_RNG)

/** spapr_rng_read: 8 random bytes from the host for H_RANDOM; FALSE with @error if none. */
gboolean spapr_rng_read(SpaprRng *rng, guint64 *value, GError **error);

/* spapr-pci-host-bridge: a PAPR PCI host bridge (LoPAR "PCI Host Bridge"). */

#define SPAPR_PCI_BASE_BUID       0x800000020000000ull
#define SPAPR_PCI_MEM32_WIN_SIZE  0x80000000ull      /* 2 GiB */
#define SPAPR_PHB_MAX_INDEX       30                 /* what QEMU 7.2's placement fits */
#define SPAPR_PHB_UNSET           0xffffffffu

typedef struct {
    ModvmDevice parent;
    /* properties */
    guint32 index;
    guint64 mem_win_size;
    guint64 mem64_win_size;
    guint64 io_win_size;
    gboolean dynamic_reconfiguration;
    guint64 dma_win_addr;
    guint64 dma_win_size;
    guint64 dma64_win_addr;
    gboolean ddw;
    guint64 pgsz;
    guint32 numa_node;
    gboolean pcie_ecs;
    gboolean pre_5_1_associativity;
    /* state, once realized */
    guint64 buid;
    guint64 mem32_size;         /* the 32-bit window as used */
    guint64 mem64_size;         /* the 64-bit window as used */
} SpaprPhb;

typedef struct {
    ModvmDeviceClass parent_class;
} SpaprPhbClass;

SPAPR_DECLARE_TYPE(SpaprPhb, spapr_phb, SPAPR_PHB)

G_END_DECLS
