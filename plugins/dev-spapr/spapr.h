/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pseries platform's types, shared by the files of the dev-spapr plugin. */
#pragma once

#include <modvm/modvm.h>
#include <libfdt.h>

#include "../cpu-power/cpu-power.h"

G_BEGIN_DECLS

#define SPAPR_DECLARE_TYPE(TypeName, type_name, CAST) \
    GType type_name##_get_type(void); \
    void type_name##_register_type(GTypeModule *module); \
    static inline TypeName *CAST(gpointer obj) \
    { \
        return G_TYPE_CHECK_INSTANCE_CAST(obj, type_name##_get_type(), TypeName); \
    }

/* The machine. */

typedef enum { SPAPR_RTC_CLOCK_HOST, SPAPR_RTC_CLOCK_VM } SpaprRtcClock;
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

typedef struct SpaprMachine SpaprMachine;

/*
 * Option vector 5 (LoPAR B.6.2.3) as a byte array: ov5[i] is the
 * vector's byte i + 1 (the bytes after its length byte), so bit (byte,
 * bit) of LoPAR is ov5[byte - 1] & (0x80 >> bit), as QEMU's OV_BIT numbers them.
 */
#define SPAPR_OV5_MAX_BYTES 32
#define SPAPR_OV_BIT(byte, bit) (((byte) - 1) * 8 + (bit))
#define SPAPR_OV5_DRCONF_MEMORY     SPAPR_OV_BIT(2, 2)
#define SPAPR_OV5_FORM1_AFFINITY    SPAPR_OV_BIT(5, 0)
#define SPAPR_OV5_FORM2_AFFINITY    SPAPR_OV_BIT(5, 2)
#define SPAPR_OV5_HP_EVT            SPAPR_OV_BIT(6, 5)
#define SPAPR_OV5_HPT_RESIZE        SPAPR_OV_BIT(6, 7)
#define SPAPR_OV5_DRMEM_V2          SPAPR_OV_BIT(22, 0)
#define SPAPR_OV5_XIVE_BOTH         SPAPR_OV_BIT(23, 0)
#define SPAPR_OV5_XIVE_EXPLOIT      SPAPR_OV_BIT(23, 1)
#define SPAPR_OV5_MMU_BOTH          SPAPR_OV_BIT(24, 0)
#define SPAPR_OV5_MMU_RADIX_300     SPAPR_OV_BIT(24, 1)
#define SPAPR_OV5_MMU_RADIX_GTSE    SPAPR_OV_BIT(26, 1)
/* Option vector 1, byte 3 bit 0: the client supports ISA 3.00. */
#define SPAPR_OV1_PPC_3_00          SPAPR_OV_BIT(3, 0)

typedef struct {
    guint8 bytes[SPAPR_OV5_MAX_BYTES];
} SpaprOptionVector;

static inline gboolean spapr_ovec_test(const SpaprOptionVector *ov, guint bit)
{
    return bit / 8 < SPAPR_OV5_MAX_BYTES && (ov->bytes[bit / 8] & (0x80 >> (bit % 8)));
}

static inline void spapr_ovec_set(SpaprOptionVector *ov, guint bit)
{
    g_assert(bit / 8 < SPAPR_OV5_MAX_BYTES);
    ov->bytes[bit / 8] |= 0x80 >> (bit % 8);
}

/*
 * What the platform keeps per virtual processor (QEMU's SpaprCpuState):
 * the areas the guest registered with H_REGISTER_VPA, and H_PROD's flag.
 */
typedef struct {
    guint64 vpa_addr;
    guint64 slb_shadow_addr, slb_shadow_size;
    guint64 dtl_addr, dtl_size;
    gboolean prod;
    gboolean quiesced;          /* stopped (reset, stop-self) until start-cpu; not the boot CPU */
    int boot_compat;            /* PowerCompat the CPU had when created: what a reset restores */
} SpaprCpuState;

struct SpaprMachine {
    ModvmMachine parent;
    /* properties */
    int ic_mode;                /* SpaprIcMode */
    guint64 kernel_addr;
    gboolean vof;
    int resize_hpt;             /* SpaprResizeHpt */
    int max_cpu_compat;         /* index into spapr_compat_names */
    guint32 vsmt;               /* 0: threads per core */
    gboolean modern_hotplug_events;
    gboolean pre_6_2_numa_affinity; /* no FORM2 affinity at CAS (pseries-6.1 and older) */
    SpaprCaps caps;
    char *dumpdtb;
    char *rtc_base;             /* -rtc base=: utc, localtime or a date and time */
    int rtc_clock;              /* -rtc clock=: SpaprRtcClock */
    /* state */
    ModvmBus *vio;              /* a child of the machine */
    ModvmFirmware *fw;          /* a child: "slof", or "vof" with x-vof=on */
    guint64 rma_size;           /* the Real Mode Area (QEMU's): where boot images and firmware go */
    /*
     * What the firmware put in RAM for the boot (it sets these when it is
     * realized); the tree tells the guest (/chosen, the reserve map). As
     * in QEMU, kernel_size is the sum of the loaded segments' sizes.
     */
    guint64 kernel_base;
    guint64 kernel_size;        /* 0: no kernel */
    gboolean kernel_le;
    guint64 initrd_base;
    guint64 initrd_size;        /* 0: no initrd */
    GHashTable *hcalls;         /* opcode -> SpaprHcallEntry, collected at finish */
    GHashTable *rtas;           /* token -> SpaprRtasEntry, collected at finish */
    /*
     * The device tree of the current boot: rebuilt at every reset, then
     * finished by the firmware (which may change it later: VOF's setprop).
     * A buffer of fdt_bufsize bytes; grow it with spapr_fdt_make_room().
     */
    void *fdt;
    gsize fdt_bufsize;
    gsize fdt_initial_size;     /* the tree handed to a firmware image (QEMU's fdt_initial_size) */
    guint dumpdtb_source;       /* the main-loop source that ends modvm after dumpdtb */
    /* The hashed page table of the partition (LoPAR "Hashed Page Table"), new at every reset. */
    guint8 *htab;
    guint32 htab_shift;         /* its size is 1 << htab_shift bytes */
    /*
     * A new table H_RESIZE_HPT_PREPARE made for H_RESIZE_HPT_COMMIT (QEMU's
     * pending_hpt), of 1 << resize_shift bytes; resize_shift 0 if none,
     * resize_htab NULL if it could not be allocated.
     */
    guint8 *resize_htab;
    guint32 resize_shift;
    /* Guest time minus the rtc clock, in ns (QEMU's ns_offset): set at build and by the guest. */
    gint64 rtc_ns_offset;
    /* Per CPU, in the order of modvm_machine_get_cpus(); see SpaprCpuState. */
    SpaprCpuState *cpu_state;
    guint n_cpu_state;
    /*
     * The partition table entry's second doubleword (QEMU's patb_entry):
     * what H_REGISTER_PROC_TBL registered; bit 63 (PATE1_GR) is radix.
     */
    guint64 patb_entry;
    /* Option vector 5: what the platform offers, and what CAS negotiated (reset: nothing). */
    SpaprOptionVector ov5;
    SpaprOptionVector ov5_cas;
    gboolean cas_pre_isa3_guest;
    struct _SpaprXics *xics;    /* a child; NULL with ic-mode=xive */
    struct _SpaprXive *xive;    /* a child; NULL with ic-mode=xics or before ISA 3.00 */
    gboolean xive_active;       /* XIVE, not XICS, takes the interrupts (see spapr_irq_update) */
    /*
     * Firmware-assisted NMI (fwnmi.c): the handlers ibm,nmi-register gave
     * (SPAPR_FWNMI_NONE: none, as at reset), and the vcpu id of the CPU
     * handling a machine check until ibm,nmi-interlock (-1: none).
     */
    guint64 fwnmi_sreset_addr;
    guint64 fwnmi_mce_addr;
    gint64 fwnmi_mce_interlock;
};

/*
 * What the machine offers its firmware. The firmware lives in another
 * plugin (fw-slof), which cannot call this plugin's functions by name.
 */
typedef struct {
    ModvmMachineClass parent_class;
    /* Output to / input from the spapr-vty at unit address @reg; FALSE / -1 if there is none. */
    gboolean (*vty_write)(SpaprMachine *spapr, guint32 reg, const guint8 *buf, gsize len);
    gssize (*vty_read)(SpaprMachine *spapr, guint32 reg, guint8 *buf, gsize max);
    /*
     * ibm,client-architecture-support: negotiates with the client's option
     * vectors at guest real address @vec and updates the device tree;
     * returns an H_ status (QEMU's spapr_vof_client_architecture_support).
     */
    gint64 (*client_architecture_support)(SpaprMachine *spapr, PowerCpu *cpu, guint64 vec);
} SpaprMachineClass;

SPAPR_DECLARE_TYPE(SpaprMachine, spapr_machine, SPAPR_MACHINE)

/*
 * For other plugins (fw-slof): @machine as a SpaprMachine, or NULL. By
 * type name, since spapr_machine_get_type() is not theirs to call.
 */
static inline SpaprMachine *spapr_machine_from(gpointer machine)
{
    GType t = g_type_from_name("spapr-machine");
    return t && machine && g_type_is_a(G_OBJECT_TYPE(machine), t) ? (SpaprMachine *)machine : NULL;
}

/* The CPUs of a pseries machine are PowerCpus (checked when they are created). */
static inline PowerCpu *spapr_cpu(gpointer cpu)
{
    return (PowerCpu *)cpu;
}

/* PAPR hypercall return codes (LoPAR "Hypervisor Call Return Values"). */
#define H_SUCCESS           0
#define H_HARDWARE          (-1)
#define H_FUNCTION          (-2)
#define H_PRIVILEGE         (-3)
#define H_PARAMETER         (-4)
#define H_P2                (-55)
#define H_P3                (-56)
#define H_P4                (-57)
#define H_P5                (-58)
#define H_CONTINUE          18
#define H_BAD_MODE          (-5)
#define H_RESOURCE          (-16)
#define H_UNSUPPORTED_FLAG  (-256)

/* Hypercall numbers (LoPAR, and QEMU's private KVMPPC range from 0xf000). */
#define H_GET_TERM_CHAR     0x54
#define H_PUT_TERM_CHAR     0x58
#define H_SET_DABR          0x28
#define H_SET_XDABR         0x134
#define H_PAGE_INIT         0x2c
#define H_LOGICAL_CI_LOAD   0x3c
#define H_LOGICAL_CI_STORE  0x40
#define H_REGISTER_VPA      0xdc
#define H_CEDE              0xe0
#define H_CONFER            0xe4
#define H_PROD              0xe8
#define H_JOIN              0x298
#define H_GET_CPU_CHARACTERISTICS 0x1c8
#define H_SIGNAL_SYS_RESET  0x380
#define H_REGISTER_PROC_TBL 0x37c
#define H_CLEAN_SLB         0x374
#define H_INVALIDATE_PID    0x378
#define H_VIO_SIGNAL        0x104
#define H_RANDOM            0x300
#define H_SET_MODE          0x31c
#define KVMPPC_H_RTAS       0xf000
#define KVMPPC_H_LOGICAL_MEMOP 0xf001
#define KVMPPC_H_CAS        0xf002
#define KVMPPC_H_UPDATE_DT  0xf003
#define KVMPPC_H_VOF_CLIENT 0xf005

/* RTAS call status (LoPAR "RTAS Call Function Return Codes"). */
#define RTAS_OUT_SUCCESS        0
#define RTAS_OUT_HW_ERROR       (-1)
#define RTAS_OUT_PARAM_ERROR    (-3)
#define RTAS_OUT_NOT_SUPPORTED  (-3)
#define RTAS_OUT_NO_ERRORS_FOUND 1
#define RTAS_OUT_SYSPARM_PARAM_ERROR (-9999)
#define RTAS_OUT_NOT_AUTHORIZED (-9002)
/* QEMU 7.2 numbers its RTAS calls from here, in the order of spapr_rtas_names. */
#define RTAS_TOKEN_BASE         0x2000
/* The most arguments and results one call may have here (Linux's struct rtas_args has 16). */
#define RTAS_MAX_ARGS           16

/* An RTAS call's status, in its first result when the caller asked for any. */
static inline void spapr_rtas_status(guint32 nret, guint32 *rets, gint32 status)
{
    if (nret) {
        rets[0] = (guint32)status;
    }
}

/* Register bits the platform code touches (Power ISA Book III; bit 0 is the MSB). */
#define SPAPR_PPC_BIT(n)    (1ull << (63 - (n)))
/* Partition table entry, second doubleword: guest radix (Power ISA 3.0B Book III 5.7.6.2). */
#define SPAPR_PATE1_GR      SPAPR_PPC_BIT(0)
#define SPAPR_MSR_SF        SPAPR_PPC_BIT(0)
#define SPAPR_MSR_HV        SPAPR_PPC_BIT(3)
#define SPAPR_MSR_EE        SPAPR_PPC_BIT(48)
#define SPAPR_MSR_PR        SPAPR_PPC_BIT(49)
#define SPAPR_MSR_LE        SPAPR_PPC_BIT(63)
#define SPAPR_SPR_DAWR0     180
#define SPAPR_SPR_CIABR     187
#define SPAPR_SPR_DAWRX0    188
#define SPAPR_SPR_HIOR      311
#define SPAPR_SPR_LPCR      318
#define SPAPR_SPR_AMOR      349
#define SPAPR_SPR_PSSCR     855
#define SPAPR_LPCR_VPM1     SPAPR_PPC_BIT(1)
#define SPAPR_LPCR_ISL      SPAPR_PPC_BIT(2)
#define SPAPR_LPCR_KBV      SPAPR_PPC_BIT(3)
#define SPAPR_LPCR_ILE      SPAPR_PPC_BIT(38)
#define SPAPR_LPCR_AIL_SHIFT (63 - 40)
#define SPAPR_LPCR_AIL      (3ull << SPAPR_LPCR_AIL_SHIFT)
#define SPAPR_LPCR_UPRT     SPAPR_PPC_BIT(41)
#define SPAPR_LPCR_HR       SPAPR_PPC_BIT(43)
#define SPAPR_LPCR_LD       SPAPR_PPC_BIT(46)
#define SPAPR_LPCR_LPES0    SPAPR_PPC_BIT(60)
#define SPAPR_LPCR_LPES1    SPAPR_PPC_BIT(61)
#define SPAPR_PSSCR_EC      SPAPR_PPC_BIT(43)

/*
 * Hypercalls and RTAS calls. A type (a device, the firmware, the machine)
 * declares the ones it serves with spapr_class_set_hcalls/_rtas from its
 * class_init; at finish the machine collects those of every realized
 * object into its own tables. Handlers run on the calling vCPU's thread
 * with the machine lock held; @owner is the object that declared them.
 *
 * An hcall handler reads its arguments from @args (r4..r12), writes what
 * it returns there, and returns the status for r3.
 */
typedef gint64 (*SpaprHcallFn)(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                               guint64 opcode, guint64 *args);

typedef struct {
    guint64 opcode;
    const char *name;           /* the PAPR name, for logs */
    SpaprHcallFn fn;            /* NULL ends a table */
} SpaprHcallDef;

/*
 * An RTAS handler gets the call's input words in @args and fills @rets
 * (which hold what the guest had there: unset results stay unchanged).
 * rets[0] is the status, when @nret > 0.
 */
typedef void (*SpaprRtasFn)(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                            guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets);

typedef struct {
    const char *name;           /* the RTAS call's name, as in the device tree */
    SpaprRtasFn fn;             /* NULL ends a table */
} SpaprRtasDef;

static inline void spapr_class_set_hcalls(gpointer klass, const SpaprHcallDef *defs)
{
    g_type_set_qdata(G_TYPE_FROM_CLASS(klass), g_quark_from_static_string("spapr-hcalls"),
                     (gpointer)defs);
}

static inline void spapr_class_set_rtas(gpointer klass, const SpaprRtasDef *defs)
{
    g_type_set_qdata(G_TYPE_FROM_CLASS(klass), g_quark_from_static_string("spapr-rtas"),
                     (gpointer)defs);
}

/*
 * spapr_fdt_make_room: makes sure the tree has @need more bytes free,
 * growing the buffer (up to SPAPR_FDT_MAX_SIZE). FALSE if it cannot.
 */
#define SPAPR_FDT_MAX_SIZE  0x100000    /* QEMU's FDT_MAX_SIZE */

static inline gboolean spapr_fdt_make_room(SpaprMachine *spapr, gsize need)
{
    /* An open tree fills its buffer; what follows the strings block is free. */
    gsize size = fdt_totalsize(spapr->fdt);
    gsize used = fdt_off_dt_strings(spapr->fdt) + fdt_size_dt_strings(spapr->fdt);

    if (used <= size && size - used >= need + 64) {
        return TRUE;
    }
    while (size < used + need + 64) {
        size *= 2;
    }
    if (size > SPAPR_FDT_MAX_SIZE) {
        return FALSE;
    }
    spapr->fdt = g_realloc(spapr->fdt, size);
    spapr->fdt_bufsize = size;
    return fdt_open_into(spapr->fdt, spapr->fdt, (int)size) == 0;
}

/* The guest address of an hcall or RTAS argument buffer, as the calling CPU's mode makes it. */
static inline guint64 spapr_guest_real_addr(PowerCpu *cpu, guint64 addr)
{
    if (!(cpu->regs.msr & SPAPR_MSR_SF)) {
        addr &= 0xffffffffull;
    }
    /* Real mode ignores the top bits, as QEMU's ppc64_phys_to_real does. */
    return addr & 0x0fffffffffffffffull;
}

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
    guint64 signal_state;       /* H_VIO_SIGNAL's mode: bit 0, interrupts on (0 at reset) */
} SpaprVioDevice;

typedef struct {
    ModvmDeviceClass parent_class;
    /* The device tree node's name, device_type and compatible. */
    const char *dt_name;
    const char *dt_type;
    const char *dt_compatible;
    /* The H_VIO_SIGNAL mode bits it has (QEMU's signal_mask; the vty's is 1). */
    guint64 signal_mask;
    /* Properties of its own in its /vdevice node (reg and the above are done), or NULL. */
    int (*dt_node)(SpaprVioDevice *dev, void *fdt, int node);
} SpaprVioDeviceClass;

SPAPR_DECLARE_TYPE(SpaprVioDevice, spapr_vio_device, SPAPR_VIO_DEVICE)
#define SPAPR_VIO_DEVICE_GET_CLASS(obj) \
    (G_TYPE_INSTANCE_GET_CLASS((obj), spapr_vio_device_get_type(), SpaprVioDeviceClass))

/**
 * spapr_vio_irq_pulse: a message interrupt from @dev (QEMU's
 * spapr_vio_irq_pulse). Any thread. Whether the source is enabled is the
 * ICS's business; H_VIO_SIGNAL's mode gates only a device's own queue
 * interrupts (QEMU: CRQ), not the vty's, which Linux never enables.
 */
void spapr_vio_irq_pulse(SpaprVioDevice *dev);

/** spapr_vio_find_by_reg: (transfer none) the device at unit address @reg, or NULL. */
SpaprVioDevice *spapr_vio_find_by_reg(SpaprVioBus *bus, guint32 reg);

/* spapr-vty: the hypervisor virtual terminal (LoPAR "Virtual Terminal"). */

/* H_GET_TERM_CHAR returns at most 16 bytes at a time; QEMU buffers as much. */
#define SPAPR_VTY_BUF_SIZE 16

/*
 * The interrupt source of a VIO device at unit address @reg (QEMU's
 * spapr_vio_reg_to_irq): 256 of them, for the ranges QEMU and libvirt
 * hand out.
 */
static inline guint32 spapr_vio_reg_to_irq(guint32 reg)
{
    guint32 irq;

    if (reg >= SPAPR_VIO_REG_BASE) {
        irq = reg & 0xff;
    } else if (reg >= 0x30000000) {
        irq = 0xf0 | ((reg >> 12) & 0xf);       /* libvirt's vtys */
    } else {
        irq = (reg >> 12) & 0xff;
    }
    return 0x1100 | irq;    /* SPAPR_IRQ_VIO */
}

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
    guint64 size;               /* property; the drive's size when there is one */
    ModvmBlockBackend *drive;   /* property */
    ModvmBlockBackend *blk;     /* what holds the contents: drive, or -drive if=pflash unit 0 */
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
    ModvmRngBackend *backend;   /* property "rng"; NULL: the host's getrandom(2) */
} SpaprRng;

typedef struct {
    ModvmDeviceClass parent_class;
} SpaprRngClass;

SPAPR_DECLARE_TYPE(SpaprRng, spapr_rng, SPAPR_RNG)

/** spapr_rng_read: 8 random bytes from the host for H_RANDOM; FALSE with @error if none. */
gboolean spapr_rng_read(SpaprRng *rng, guint64 *value, GError **error);

/* spapr-pci-host-bridge: a PAPR PCI host bridge (LoPAR "PCI Host Bridge"). */

#define SPAPR_PCI_BASE_BUID       0x800000020000000ull
#define SPAPR_PCI_WIN_BASE        0x200000000000ull  /* QEMU's SPAPR_PCI_BASE: 32 TiB */
#define SPAPR_PCI_IO_WIN_SIZE     0x10000ull
#define SPAPR_PCI_MEM32_WIN_SIZE  0x80000000ull      /* 2 GiB */
#define SPAPR_PCI_MEM32_BUS_ADDR  0x80000000u        /* the 32-bit window's PCI address */
#define SPAPR_PCI_MEM64_WIN_SIZE  0x10000000000ull   /* 1 TiB */
#define SPAPR_PCI_NUM_PINS        4                  /* INTA to INTD */
#define SPAPR_IRQ_PCI_LSI         0x1200             /* QEMU's: 4 LSIs per PHB from here */
#define SPAPR_IRQ_MSI             0x1300             /* QEMU's: MSIs from here to the end */
#define SPAPR_TCE_PAGE_SHIFT      12
#define SPAPR_TCE_MAX_ENTRIES     (1ull << 24)       /* a 64 GiB default window: 128 MiB of TCEs */
#define H_GET_TCE                 0x1c
#define H_PUT_TCE                 0x20
#define H_STUFF_TCE               0x138
#define H_PUT_TCE_INDIRECT        0x13c
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
    guint64 io_addr, mem32_addr, mem64_addr;    /* where the windows are for the CPUs */
    guint64 mem64_pci_addr;     /* and the 64-bit one on the bus */
    /*
     * The default DMA window's translation table (LoPAR "Translation
     * Control Entry"): one TCE per 4 KiB page of dma-win-size bytes from
     * dma-win-addr, set by the guest with H_PUT_TCE and friends.
     */
    guint32 liobn;
    guint64 *tces;
    guint64 n_tces;
} SpaprPhb;

typedef struct {
    ModvmDeviceClass parent_class;
} SpaprPhbClass;

SPAPR_DECLARE_TYPE(SpaprPhb, spapr_phb, SPAPR_PHB)

/* The interrupt source of @phb's INTx @pin (0: INTA). */
static inline guint32 spapr_phb_lsi(SpaprPhb *phb, guint pin)
{
    return SPAPR_IRQ_PCI_LSI + phb->index * SPAPR_PCI_NUM_PINS + pin;
}

/** spapr_phb_claim_irqs: every realized bridge's LSIs (claims outlive resets). */
void spapr_phb_claim_irqs(SpaprMachine *spapr);

/* spapr-xics: the XICS interrupt controller (LoPAR "Interrupt Controller"), QEMU's numbering. */

#define SPAPR_XICS_IRQ_BASE     0x1000      /* QEMU's XICS_IRQ_BASE: sources start here */
#define SPAPR_XICS_NR_IRQS      0x1000      /* QEMU's SPAPR_NR_XIRQS */
#define SPAPR_IRQ_EPOW          (SPAPR_XICS_IRQ_BASE + 0x000)   /* the event sources' */
#define SPAPR_IRQ_HOTPLUG       (SPAPR_XICS_IRQ_BASE + 0x001)
#define SPAPR_IRQ_VIO           (SPAPR_XICS_IRQ_BASE + 0x100)
#define SPAPR_PHANDLE_INTC      0x1111      /* QEMU's PHANDLE_INTC */
#define SPAPR_XICS_IRQ_LSI      0x1         /* a source's flags once claimed */
#define SPAPR_XICS_IRQ_MSI      0x2

#define H_EOI               0x64
#define H_CPPR              0x68
#define H_IPI               0x6c
#define H_IPOLL             0x70
#define H_XIRR              0x74
#define H_XIRR_X            0x2fc

typedef struct {
    guint32 server;
    guint8 priority;            /* 0xff: masked */
    guint8 saved_priority;      /* what ibm,int-on restores */
    guint8 status;
    guint8 flags;               /* SPAPR_XICS_IRQ_*; 0: not claimed */
} SpaprIcsIrq;

/* A thread's presentation controller. */
typedef struct {
    PowerCpu *cpu;              /* its external interrupt line */
    guint32 server;             /* the thread's vcpu id */
    guint32 xirr;               /* CPPR << 24 | XISR */
    guint8 pending_priority;
    guint8 mfrr;                /* the IPI's priority; 0xff: none */
    gboolean xirr_owned;        /* XISR holds an ICS source (not the IPI) */
} SpaprIcp;

typedef struct _SpaprXics {
    ModvmObject parent;
    guint32 offset;
    guint32 nr_irqs;
    SpaprIcsIrq *irqs;
    SpaprIcp *icps;             /* one per CPU, in CPU order; set at reset */
    guint n_icps;
} SpaprXics;

typedef struct {
    ModvmObjectClass parent_class;
} SpaprXicsClass;

SPAPR_DECLARE_TYPE(SpaprXics, spapr_xics, SPAPR_XICS)

/** spapr_xics_claim: makes source @nr an LSI or an MSI; FALSE if out of range or taken. */
gboolean spapr_xics_claim(SpaprXics *xics, guint32 nr, gboolean lsi);
/** spapr_xics_set_irq: a source's input: a level (LSI), or a message when @level is 1 (MSI). */
void spapr_xics_set_irq(SpaprXics *xics, guint32 nr, int level);
gboolean spapr_xics_valid_irq(SpaprXics *xics, guint32 nr);
/** spapr_xics_icp: the ICP of interrupt server @server, or NULL. */
SpaprIcp *spapr_xics_icp(SpaprXics *xics, guint64 server);
/** spapr_xics_reset: sources masked, ICPs empty, one ICP per CPU of @spapr. */
void spapr_xics_reset(SpaprXics *xics, SpaprMachine *spapr);

/*
 * spapr-xive: the XIVE interrupt controller in sPAPR exploitation mode
 * (LoPAR "XIVE Exploitation"), at QEMU 7.2's addresses and numbering: the
 * same source numbers as XICS from 0x1000, and the CPUs' IPIs from 0.
 */
#define SPAPR_XIVE_VC_BASE      0x0006010000000000ull   /* the sources' ESB pages */
#define SPAPR_XIVE_TM_BASE      0x0006030203180000ull   /* the thread management area */
#define SPAPR_XIVE_NR_IRQS      (SPAPR_XICS_IRQ_BASE + SPAPR_XICS_NR_IRQS)
#define SPAPR_XIVE_ESB_SHIFT    17      /* per source: a 64K trigger page, a 64K EOI page */
#define SPAPR_XIVE_END_BASE     (SPAPR_XIVE_VC_BASE + ((guint64)SPAPR_XIVE_NR_IRQS << 17))
#define SPAPR_XIVE_TM_SHIFT     16      /* the TIMA: four 64K pages (HW, HV, OS, user views) */
#define SPAPR_XIVE_NVT_BASE     0x400   /* a thread's NVT is this plus its vcpu id */
#define SPAPR_XIVE_HV_PRIO      7       /* priorities from 7 are the hypervisor's */
#define SPAPR_IRQ_IPI           0       /* QEMU's: the LISN of vcpu N's IPI is N */

#define H_INT_GET_SOURCE_INFO       0x3a8
#define H_INT_SET_SOURCE_CONFIG     0x3ac
#define H_INT_GET_SOURCE_CONFIG     0x3b0
#define H_INT_GET_QUEUE_INFO        0x3b4
#define H_INT_SET_QUEUE_CONFIG      0x3b8
#define H_INT_GET_QUEUE_CONFIG      0x3bc
#define H_INT_SET_OS_REPORTING_LINE 0x3c0
#define H_INT_GET_OS_REPORTING_LINE 0x3c4
#define H_INT_ESB                   0x3c8
#define H_INT_SYNC                  0x3cc
#define H_INT_RESET                 0x3d0

/* ESB loads and stores on a source's EOI/management page (Linux's XIVE_ESB_*). */
#define SPAPR_XIVE_ESB_LOAD_EOI     0x000
#define SPAPR_XIVE_ESB_STORE_EOI    0x400
#define SPAPR_XIVE_ESB_GET          0x800
#define SPAPR_XIVE_ESB_INJECT       0x800
#define SPAPR_XIVE_ESB_SET_PQ_00    0xc00
#define SPAPR_XIVE_ESB_SET_PQ_01    0xd00
#define SPAPR_XIVE_ESB_SET_PQ_10    0xe00
#define SPAPR_XIVE_ESB_SET_PQ_11    0xf00
/* The PQ bits: P, an event was sent and not EOId; Q, another came meanwhile. 01 is "off". */
#define SPAPR_XIVE_ESB_P            0x2
#define SPAPR_XIVE_ESB_Q            0x1
#define SPAPR_XIVE_ESB_OFF          SPAPR_XIVE_ESB_Q

/* The TIMA's OS ring (QW1) and its special operations (Linux's TM_*). */
#define SPAPR_XIVE_TM_QW1_OS        0x10
#define SPAPR_XIVE_TM_NSR           0x0
#define SPAPR_XIVE_TM_CPPR          0x1
#define SPAPR_XIVE_TM_IPB           0x2
#define SPAPR_XIVE_TM_LSMFB         0x3
#define SPAPR_XIVE_TM_ACK_CNT       0x4
#define SPAPR_XIVE_TM_AGE           0x6
#define SPAPR_XIVE_TM_PIPR          0x7
#define SPAPR_XIVE_TM_WORD2         0x8
#define SPAPR_XIVE_TM_NSR_EO        0x80    /* QW1 NSR: an exception for the OS */
#define SPAPR_XIVE_TM_SPC_ACK_OS    0x810   /* 2-byte load: accept, returns NSR << 8 | CPPR */
#define SPAPR_XIVE_TM_SPC_SET_OS_PENDING 0x812  /* 1-byte store: a priority into the IPB */
#define SPAPR_XIVE_TM_SPC_ACK_OS_EL 0xc10   /* store: ack to the reporting line (unsupported) */

typedef struct {
    guint8 flags;               /* SPAPR_XICS_IRQ_LSI or _MSI once claimed (a valid EAS) */
    guint8 pq;
    gboolean asserted;          /* an LSI's input level */
    gboolean masked;            /* the EAS's mask */
    guint32 end;                /* the EAS's END: target << 3 | priority */
    guint32 eisn;               /* what goes into the queue */
} SpaprXiveSource;

/* An event notification descriptor: one per (thread, priority), its queue in guest RAM. */
typedef struct {
    gboolean enqueue;           /* a queue is set */
    gboolean always_notify;
    guint64 qaddr;
    guint32 qshift;             /* log2 of its size in bytes */
    guint32 qindex;             /* the next entry the controller writes */
    guint8 generation;          /* bit 31 of the entries written in this pass */
    guint8 esn;                 /* the END's own PQ bits, when not always_notify */
} SpaprXiveEnd;

/* A thread's interrupt context (its TIMA registers): the four rings, 16 bytes each. */
typedef struct {
    PowerCpu *cpu;
    guint32 server;
    guint8 regs[0x40];
} SpaprXiveTctx;

typedef struct _SpaprXive {
    ModvmObject parent;
    SpaprMachine *spapr;        /* the machine that made it (its parent) */
    guint32 nr_irqs;
    guint32 nr_servers;         /* the IPI LISN range and the ENDs: nr_servers * 8 */
    SpaprXiveSource *srcs;
    SpaprXiveEnd *ends;
    SpaprXiveTctx *tctx;        /* one per CPU, in CPU order; set at reset */
    guint n_tctx;
    ModvmMemoryRegion *esb_mr, *tm_mr;
} SpaprXive;

typedef struct {
    ModvmObjectClass parent_class;
} SpaprXiveClass;

SPAPR_DECLARE_TYPE(SpaprXive, spapr_xive, SPAPR_XIVE)

/** spapr_xive_setup: maps the ESB and TIMA pages (off until activated) and claims the IPIs. */
gboolean spapr_xive_setup(SpaprXive *xive, SpaprMachine *spapr, GError **error);
gboolean spapr_xive_claim(SpaprXive *xive, guint32 lisn, gboolean lsi);
/** spapr_xive_set_irq: a source's input: a level (LSI), or a message when @level is 1. */
void spapr_xive_set_irq(SpaprXive *xive, guint32 lisn, int level);
/** spapr_xive_reset: every EAS masked, every PQ off, no queues, a fresh context per CPU. */
void spapr_xive_reset(SpaprXive *xive);
/** spapr_xive_set_active: its MMIO seen by the guest, or not. */
void spapr_xive_set_active(SpaprXive *xive, gboolean active);
/** spapr_xive_tm_read / _write: a TIMA access by @cpu (the MMIO callbacks use the current CPU). */
guint64 spapr_xive_tm_read(SpaprXive *xive, PowerCpu *cpu, guint64 offset, unsigned size);
void spapr_xive_tm_write(SpaprXive *xive, PowerCpu *cpu, guint64 offset, guint64 value,
                         unsigned size);

/*
 * The machine's interrupt sources, whichever controller takes them
 * (QEMU's spapr_irq): a device claims and raises "source N" and the
 * active controller, XICS or XIVE, delivers it.
 */
/** spapr_irq_claim: source @nr as an LSI or an MSI in every controller; FALSE if taken. */
gboolean spapr_irq_claim(SpaprMachine *spapr, guint32 nr, gboolean lsi);
void spapr_irq_set(SpaprMachine *spapr, guint32 nr, int level);
/**
 * spapr_irq_update: picks the active controller (at reset, and at CAS):
 * XIVE if it is the only one or the guest negotiated it. TRUE if it changed.
 */
gboolean spapr_irq_update(SpaprMachine *spapr);

/* The machine's internals, shared by the files of this plugin. */

#define SPAPR_MIN_RMA_SIZE  (128ull << 20)  /* what QEMU (for SLOF) requires */
#define SPAPR_FDT_MAX_ADDR  0x80000000ull   /* a tree in RAM stays below 2 GiB (QEMU) */
#define SPAPR_ENTRY_POINT   0x100           /* where QEMU starts its firmware */

/* hcall.c */
gboolean spapr_hcall_collect(SpaprMachine *spapr, GError **error);
gboolean spapr_hcall_lookup(SpaprMachine *spapr, guint64 opcode);
void spapr_hypercall(ModvmCpu *cpu, gpointer opaque);
void spapr_machine_class_init_hcalls(gpointer klass);
/** spapr_rtas_call: runs the RTAS call of @token; FALSE if the machine has none. */
gboolean spapr_rtas_call(SpaprMachine *spapr, PowerCpu *cpu, guint32 token, guint32 nargs,
                         const guint32 *args, guint32 nret, guint32 *rets);
gboolean spapr_rtas_registered(SpaprMachine *spapr, const char *name);

/* rtas.c */
extern const char *const spapr_rtas_names[];    /* NULL-terminated, in token order */
extern const SpaprRtasDef spapr_machine_rtas_calls[];
/** spapr_rtas_token: QEMU 7.2's token for the RTAS call @name, 0 if it has none. */
guint32 spapr_rtas_token(const char *name);
gint64 h_rtas(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode, guint64 *args);

/* fwnmi.c: firmware-assisted NMI */
#define SPAPR_FWNMI_NONE    G_MAXUINT64
/* The RTAS area's error log, which QEMU's per-CPU FWNMI save areas follow. */
#define RTAS_ERROR_LOG_MAX  2048
void spapr_fwnmi_reset(SpaprMachine *spapr);
/** spapr_signal_system_reset: a system reset from the platform to @cpu, unless it is stopped. */
void spapr_signal_system_reset(SpaprMachine *spapr, PowerCpu *cpu);
/** spapr_fwnmi_nmi: ModvmMachineClass.nmi, a system reset to every CPU (QEMU's spapr_nmi). */
gboolean spapr_fwnmi_nmi(ModvmMachine *machine, GError **error);
/** spapr_fwnmi_system_reset: PowerVhypOps.system_reset, to the handler the guest registered. */
void spapr_fwnmi_system_reset(PowerCpu *cpu, gpointer opaque);
void rtas_ibm_nmi_register(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                           guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets);
void rtas_ibm_nmi_interlock(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                            guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets);

/* rtc.c: the real-time clock (-rtc) and its RTAS calls */
/** spapr_rtc_check_options: refuses a malformed rtc-base. */
gboolean spapr_rtc_check_options(SpaprMachine *spapr, GError **error);
/** spapr_rtc_init: starts the clock from rtc-base (when the machine is built; resets keep it). */
void spapr_rtc_init(SpaprMachine *spapr);
/** spapr_rtc_read: the guest's time: seconds since the epoch (UTC) and nanoseconds; FALSE if it overflowed. */
gboolean spapr_rtc_read(SpaprMachine *spapr, gint64 *secs, guint32 *ns);
void rtas_get_time_of_day(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                          guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets);
void rtas_set_time_of_day(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint32 token,
                          guint32 nargs, const guint32 *args, guint32 nret, guint32 *rets);

/* hpt.c: the hash page table hcalls (the machine serves them) */
#define H_REMOVE            0x04
#define H_ENTER             0x08
#define H_PROTECT           0x18
#define H_READ              0x0c    /* LoPAR, QEMU, Linux; 0x1c is H_GET_TCE */
#define H_BULK_REMOVE       0x124   /* LoPAR, QEMU, Linux; 0x24 is H_SET_SPRG0 */
#define H_RESIZE_HPT_PREPARE 0x36c
#define H_RESIZE_HPT_COMMIT 0x370
void spapr_hpt_reset(SpaprMachine *spapr);
gint64 h_enter(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode, guint64 *args);
gint64 h_remove(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                guint64 *args);
gint64 h_protect(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                 guint64 *args);
gint64 h_read(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode, guint64 *args);
gint64 h_bulk_remove(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                     guint64 *args);
gint64 h_resize_hpt_prepare(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                            guint64 opcode, guint64 *args);
gint64 h_resize_hpt_commit(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner,
                           guint64 opcode, guint64 *args);

/* fdt.c */
gboolean spapr_fdt_build(SpaprMachine *spapr, GError **error);
/** spapr_fdt_update_intc: the interrupt controller's node for the active one (at CAS). */
gboolean spapr_fdt_update_intc(SpaprMachine *spapr);
/** spapr_fdt_numa_form2: the NUMA properties for FORM2 affinity (after CAS); FALSE if no room. */
gboolean spapr_fdt_numa_form2(SpaprMachine *spapr);
/** spapr_max_server_number: interrupt servers (vcpu ids) the tree gives (QEMU's rule). */
guint32 spapr_max_server_number(SpaprMachine *spapr);
/** spapr_htab_shift: log2 of the HPT size for the partition's RAM (QEMU's rule). */
guint32 spapr_htab_shift(SpaprMachine *spapr);
PowerCompat spapr_cpu_effective_isa(PowerCpu *cpu);
gboolean spapr_large_decr_enabled(SpaprMachine *spapr, PowerCpu *cpu);
guint32 spapr_vcpu_id(SpaprMachine *spapr, guint index);

/* machine.c */
/** spapr_lpcr_pm: LPCR's wake-up enables (PECE) for @cpu's model (QEMU's lpcr_pm). */
guint64 spapr_lpcr_pm(PowerCpu *cpu);

/* cas.c */
/** spapr_ov5_init: the option vector 5 bits the machine offers (QEMU's spapr->ov5). */
void spapr_ov5_init(SpaprMachine *spapr);
gint64 spapr_client_architecture_support(SpaprMachine *spapr, PowerCpu *cpu, guint64 vec);
/** spapr_ov5_encode: @ov as /chosen "ibm,architecture-vec-5" (QEMU's encoding); the length. */
gsize spapr_ov5_encode(const SpaprOptionVector *ov, guint8 *out);

/* vcpu.c: the hcalls about virtual processors */
extern const SpaprHcallDef spapr_vcpu_hcalls[];
/** spapr_cpu_state: the platform's state of @cpu (never NULL for the machine's CPUs). */
SpaprCpuState *spapr_cpu_state(SpaprMachine *spapr, PowerCpu *cpu);
/** spapr_find_cpu: the CPU whose vcpu id (device tree "reg") is @id, or NULL. */
PowerCpu *spapr_find_cpu(SpaprMachine *spapr, gint64 id);
void spapr_vcpu_reset(SpaprMachine *spapr);

/* kvmppc.c: the private hcalls a firmware image (SLOF) makes */
extern const SpaprHcallDef spapr_kvmppc_hcalls[];

/* vty.c */
SpaprVty *spapr_vty_default(SpaprMachine *spapr);
SpaprVty *spapr_vty_lookup(SpaprMachine *spapr, guint64 reg);
gboolean spapr_vty_write_reg(SpaprMachine *spapr, guint32 reg, const guint8 *buf, gsize len);
gssize spapr_vty_read_reg(SpaprMachine *spapr, guint32 reg, guint8 *buf, gsize max);

G_END_DECLS
