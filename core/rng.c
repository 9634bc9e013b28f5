/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -object rng-random and rng-builtin: random bytes from a file or from getrandom(2). */
#include "core.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

G_DEFINE_ABSTRACT_TYPE(ModvmRngBackend, modvm_rng_backend, MODVM_TYPE_OBJECT)

/* A backend type under QEMU's -object name ("rng-random"), not its C name. */
#define RNG_DEFINE_TYPE(TypeName, type_name, type_string) \
    static gpointer type_name##_parent_class; \
    static void type_name##_init(TypeName *self); \
    static void type_name##_class_init(TypeName##Class *klass); \
    static void type_name##_class_intern_init(gpointer klass, gpointer data) \
    { \
        type_name##_parent_class = g_type_class_peek_parent(klass); \
        type_name##_class_init((TypeName##Class *)klass); \
    } \
    static GType type_name##_get_type(void) \
    { \
        static gsize type_id; \
        if (g_once_init_enter(&type_id)) { \
            GType t = g_type_register_static_simple( \
                MODVM_TYPE_RNG_BACKEND, g_intern_static_string(type_string), \
                sizeof(TypeName##Class), type_name##_class_intern_init, sizeof(TypeName), \
                (GInstanceInitFunc)(void (*)(void))type_name##_init, 0); \
            g_once_init_leave(&type_id, t); \
        } \
        return type_id; \
    }

static void modvm_rng_backend_class_init(ModvmRngBackendClass *klass)
{
}

static void modvm_rng_backend_init(ModvmRngBackend *rng)
{
}

gboolean modvm_rng_backend_read(ModvmRngBackend *rng, void *buf, gsize len, GError **error)
{
    return MODVM_RNG_BACKEND_GET_CLASS(rng)->read(rng, buf, len, error);
}

/* rng-builtin: the host kernel's getrandom(2). */

typedef struct {
    ModvmRngBackend parent;
} ModvmRngBuiltin;

typedef struct {
    ModvmRngBackendClass parent_class;
} ModvmRngBuiltinClass;

RNG_DEFINE_TYPE(ModvmRngBuiltin, modvm_rng_builtin, "rng-builtin")

static gboolean rng_builtin_read(ModvmRngBackend *rng, void *buf, gsize len, GError **error)
{
    gsize got = 0;

    while (got < len) {
        gssize n = getrandom((guint8 *)buf + got, len - got, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "getrandom: %s",
                        g_strerror(n < 0 ? errno : EIO));
            return FALSE;
        }
        got += n;
    }
    return TRUE;
}

static void modvm_rng_builtin_class_init(ModvmRngBuiltinClass *klass)
{
    MODVM_OBJECT_CLASS(klass)->description = "random numbers from the host's getrandom(2)";
    MODVM_OBJECT_CLASS(klass)->user_creatable = TRUE;
    MODVM_RNG_BACKEND_CLASS(klass)->read = rng_builtin_read;
}

static void modvm_rng_builtin_init(ModvmRngBuiltin *rng)
{
    (void)modvm_rng_builtin_parent_class;
}

/* rng-random: a file such as /dev/urandom or /dev/hwrng, opened when first read. */

typedef struct {
    ModvmRngBackend parent;
    char *filename;
    int fd;
} ModvmRngRandom;

typedef struct {
    ModvmRngBackendClass parent_class;
} ModvmRngRandomClass;

RNG_DEFINE_TYPE(ModvmRngRandom, modvm_rng_random, "rng-random")

static const ModvmProperty rng_random_props[] = {
    MODVM_PROP_STRING("filename", ModvmRngRandom, filename, "/dev/urandom",
                      "the file random bytes are read from"),
    MODVM_PROP_END
};

static gboolean rng_random_read(ModvmRngBackend *rng, void *buf, gsize len, GError **error)
{
    ModvmRngRandom *r = (ModvmRngRandom *)rng;
    gsize got = 0;

    if (r->fd < 0) {
        r->fd = open(r->filename ? r->filename : "", O_RDONLY | O_CLOEXEC);
        if (r->fd < 0) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_NOT_FOUND, "Could not open '%s': %s",
                        r->filename ? r->filename : "", g_strerror(errno));
            return FALSE;
        }
    }
    while (got < len) {
        gssize n = read(r->fd, (guint8 *)buf + got, len - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "cannot read %s: %s",
                        r->filename, n < 0 ? g_strerror(errno) : "end of file");
            return FALSE;
        }
        got += n;
    }
    return TRUE;
}

static void modvm_rng_random_finalize(GObject *obj)
{
    ModvmRngRandom *r = (ModvmRngRandom *)obj;

    if (r->fd >= 0) {
        close(r->fd);
    }
    G_OBJECT_CLASS(modvm_rng_random_parent_class)->finalize(obj);
}

static void modvm_rng_random_class_init(ModvmRngRandomClass *klass)
{
    G_OBJECT_CLASS(klass)->finalize = modvm_rng_random_finalize;
    MODVM_OBJECT_CLASS(klass)->description = "random numbers read from a file (/dev/urandom)";
    MODVM_OBJECT_CLASS(klass)->user_creatable = TRUE;
    MODVM_RNG_BACKEND_CLASS(klass)->read = rng_random_read;
    modvm_class_install_properties(G_OBJECT_CLASS(klass), rng_random_props);
}

static void modvm_rng_random_init(ModvmRngRandom *r)
{
    r->fd = -1;
}

void modvm_rng_register_types(void)
{
    g_type_ensure(modvm_rng_builtin_get_type());
    g_type_ensure(modvm_rng_random_get_type());
}
