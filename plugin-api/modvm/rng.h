/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Random number backends (-object rng-random / rng-builtin) that devices draw from. */
#pragma once

#include <modvm/object.h>

G_BEGIN_DECLS

/**
 * ModvmRngBackend:
 * A source of random bytes for a device's rng= link, as QEMU's: rng-random
 * reads a file (filename=, /dev/urandom by default), rng-builtin the
 * host's getrandom(2).
 */
#define MODVM_TYPE_RNG_BACKEND (modvm_rng_backend_get_type())
G_DECLARE_DERIVABLE_TYPE(ModvmRngBackend, modvm_rng_backend, MODVM, RNG_BACKEND, ModvmObject)

struct _ModvmRngBackendClass {
    ModvmObjectClass parent_class;
    gboolean (*read)(ModvmRngBackend *rng, void *buf, gsize len, GError **error);
    gpointer reserved[8];
};

/** modvm_rng_backend_read: fills @buf with @len random bytes; FALSE with @error if it cannot. */
gboolean modvm_rng_backend_read(ModvmRngBackend *rng, void *buf, gsize len, GError **error);

G_END_DECLS
