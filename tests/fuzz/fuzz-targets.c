/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz targets for what users control: machine descriptions and option strings. */
#include "fuzz-targets.h"

#include <string.h>

static ModvmPluginSet *plugins;

void fuzz_init(void)
{
    if (plugins) {
        return;
    }
    /* The real plugins, so descriptions are validated against real types. */
    plugins = modvm_plugin_set_new();
    modvm_plugin_set_add_default_dirs(plugins);
    modvm_plugin_set_load_all(plugins, NULL);
    modvm_log_set_mask(0);
}

int fuzz_machine_desc(const guint8 *data, size_t size)
{
    GError *err = NULL;
    ModvmMachineFamily *f = modvm_machine_family_load_data("fuzz.json", (const char *)data, size,
                                                           &err);
    if (f) {
        if (!modvm_machine_family_validate(f, plugins, &err)) {
            g_assert(err && err->message);
            g_clear_error(&err);
        }
        for (guint i = 0; i < f->versions->len; i++) {
            g_autoptr(GPtrArray) compat = modvm_machine_version_compat(f->versions->pdata[i]);
            (void)modvm_machine_version_default_cpu(f->versions->pdata[i]);
        }
        modvm_machine_family_free(f);
    } else {
        /* Every refusal says where: the file name starts the message. */
        g_assert(err && g_str_has_prefix(err->message, "fuzz.json"));
        g_clear_error(&err);
    }
    return 0;
}

/* The input is an argument vector: NUL-separated words. */
int fuzz_cmdline(const guint8 *data, size_t size)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *copy = g_strndup((const char *)data, size);
    GError *err = NULL;
    size_t pos = 0;

    g_ptr_array_add(argv, g_strdup("modvm"));
    while (pos < size && argv->len < 64) {
        size_t len = strnlen((const char *)data + pos, size - pos);
        g_ptr_array_add(argv, g_strndup((const char *)data + pos, len));
        pos += len + 1;
    }
    ModvmConfig *cfg = modvm_config_new();
    if (!modvm_config_parse(cfg, (int)argv->len, (char **)argv->pdata, &err)) {
        g_assert(err && err->message);
        g_clear_error(&err);
    }
    modvm_config_free(cfg);

    g_autoptr(GPtrArray) opts = modvm_opts_parse(copy, "type", &err);
    g_clear_error(&err);
    return 0;
}
