/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Everything a plugin may use: include this one header. */
#pragma once

#include <modvm/abi.h>
#include <modvm/plugin.h>
#include <modvm/log.h>
#include <modvm/object.h>
#include <modvm/property.h>
#include <modvm/device.h>
#include <modvm/irq.h>
#include <modvm/timer.h>
#include <modvm/memory.h>
#include <modvm/chardev.h>
#include <modvm/block.h>
#include <modvm/rng.h>
#include <modvm/machine.h>
#include <modvm/cpu.h>
#include <modvm/accel.h>
#include <modvm/firmware.h>
#include <modvm/tcg.h>
