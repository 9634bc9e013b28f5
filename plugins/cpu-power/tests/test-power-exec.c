/* SPDX-License-Identifier: GPL-2.0-or-later */
/* POWER instructions run on accel-tcg: results checked against values worked out from the Power ISA. */
#include "power-rig.h"
#include "core.h"

extern const ModvmPluginDescriptor modvm_plugin_descriptor;

int main(int argc, char **argv)
{
    GError *err = NULL;

    g_test_init(&argc, &argv, NULL);
    if (!modvm_plugin_register_linked(&modvm_plugin_descriptor, &err)) {
        g_error("%s", err->message);
    }
    if (!power_rig_available()) {
        g_test_skip("the accel-tcg plugin is not in the build tree");
        return g_test_run();
    }
    power_exec_fixed_tests();
    power_exec_branch_tests();
    power_exec_ldst_tests();
    power_exec_excp_tests();
    power_exec_mmu_tests();
    power_exec_radix_tests();
    power_exec_fp_tests();
    power_exec_vec_tests();
    power_exec_qp_tests();
    return g_test_run();
}
