/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ModvmAccel: the base type of accelerators. */
#include "core.h"

G_DEFINE_ABSTRACT_TYPE(ModvmAccel, modvm_accel, MODVM_TYPE_OBJECT)

static void modvm_accel_class_init(ModvmAccelClass *klass)
{
    MODVM_OBJECT_CLASS(klass)->user_creatable = FALSE;
}

static void modvm_accel_init(ModvmAccel *accel)
{
}
