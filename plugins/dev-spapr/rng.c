/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-rng: host randomness for the guest's H_RANDOM hypercall. */
#include "spapr.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

MODVM_DEFINE_DYNAMIC_TYPE(SpaprRng, spapr_rng, "spapr-rng", MODVM_TYPE_DEVICE)

static const ModvmProperty spapr_rng_props[] = {
    MODVM_PROP_BOOL("use-kvm", SpaprRng, use_kvm, FALSE,
                    "let KVM answer H_RANDOM in the kernel when it can"),
    MODVM_PROP_LINK("rng", SpaprRng, backend, "ModvmRngBackend",
                    "-object rng-random or rng-builtin id to read; unset: getrandom(2)"),
    MODVM_PROP_END
};

/*
 * The rng= backend, as QEMU's; QEMU 7.2 refuses an spapr-rng without one,
 * modvm then reads the host's getrandom(2) (what rng-builtin does).
 */
gboolean spapr_rng_read(SpaprRng *rng, guint64 *value, GError **error)
{
    guint8 *p = (guint8 *)value;
    gsize got = 0;

    if (rng->backend) {
        return modvm_rng_backend_read(rng->backend, value, sizeof(*value), error);
    }
    while (got < sizeof(*value)) {
        gssize n = getrandom(p + got, sizeof(*value) - got, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            int err = n < 0 ? errno : EIO;
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "getrandom: %s",
                        g_strerror(err));
            return FALSE;
        }
        got += n;
    }
    return TRUE;
}

/* H_RANDOM (LoPAR "H_RANDOM"): 64 random bits in r4; only with an spapr-rng, as in QEMU. */
static gint64 h_random(SpaprMachine *spapr, PowerCpu *cpu, gpointer owner, guint64 opcode,
                       guint64 *args)
{
    g_autoptr(GError) err = NULL;
    guint64 value;

    if (!spapr_rng_read(SPAPR_RNG(owner), &value, &err)) {
        modvm_log_unimp("H_RANDOM: %s\n", err->message);
        return H_HARDWARE;
    }
    args[0] = value;
    return H_SUCCESS;
}

static const SpaprHcallDef spapr_rng_hcalls[] = {
    { H_RANDOM, "H_RANDOM", h_random },
    { 0, NULL, NULL }
};

static gboolean spapr_rng_realize(ModvmDevice *dev, GError **error)
{
    /* H_RANDOM is one hypercall per partition. */
    if (spapr_find_realized(modvm_object_get_root(MODVM_OBJECT(dev)), spapr_rng_get_type(), dev,
                            NULL, NULL)) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_DUPLICATE,
                    "spapr-rng can be created only once per machine");
        return FALSE;
    }
    /*
     * With use-kvm=on QEMU asks KVM to answer H_RANDOM and falls back to
     * its backend when KVM cannot; modvm has no KVM yet, so it always
     * falls back, to the host's getrandom(2).
     */
    return TRUE;
}

static void spapr_rng_class_init(SpaprRngClass *klass)
{
    MODVM_OBJECT_CLASS(klass)->description = "sPAPR hardware random number generator (H_RANDOM)";
    MODVM_DEVICE_CLASS(klass)->realize = spapr_rng_realize;
    spapr_class_set_hcalls(klass, spapr_rng_hcalls);
    modvm_class_install_properties(G_OBJECT_CLASS(klass), spapr_rng_props);
}

static void spapr_rng_init(SpaprRng *rng)
{
}
