/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line: QEMU's syntax for the options both have, into a ModvmConfig. */
#include "core.h"

#include <string.h>

typedef enum {
    OPT_MACHINE, OPT_CPU, OPT_MEMORY, OPT_SMP, OPT_ACCEL, OPT_KERNEL, OPT_INITRD, OPT_APPEND,
    OPT_BIOS, OPT_DTB, OPT_NOGRAPHIC, OPT_DISPLAY, OPT_SERIAL, OPT_CHARDEV, OPT_DEVICE,
    OPT_GLOBAL, OPT_NODEFAULTS, OPT_NO_REBOOT, OPT_NO_SHUTDOWN, OPT_ACTION, OPT_FREEZE, OPT_RTC,
    OPT_OBJECT, OPT_NAME, OPT_PIDFILE, OPT_DAEMONIZE, OPT_LOG, OPT_LOGFILE, OPT_PLUGIN_PATH,
    OPT_MEM_PATH, OPT_DRIVE, OPT_PFLASH, OPT_VERSION, OPT_HELP, OPT_DUMP_MACHINE, OPT_QMP, OPT_QMP_PRETTY, OPT_MON,
} OptId;

typedef struct {
    const char *name;
    const char *alias;
    OptId id;
    const char *arg;    /* NULL: a flag */
    const char *help;
} OptDef;

static const OptDef options[] = {
    { "machine", "M", OPT_MACHINE, "NAME[,prop=value...]",
      "machine type and properties (-M help lists machines, -M NAME,help their properties;\n"
      "accel=NAME picks the accelerator)" },
    { "cpu", NULL, OPT_CPU, "MODEL[,prop=value...]", "CPU model (-cpu help lists them)" },
    { "m", NULL, OPT_MEMORY, "SIZE", "guest RAM; a plain number is MiB, or use K/M/G/T" },
    { "smp", NULL, OPT_SMP, "N[,maxcpus=N][,sockets=N][,cores=N][,threads=N]",
      "number of CPUs and their topology" },
    { "accel", NULL, OPT_ACCEL, "NAME[,prop=value...]", "accelerator (-accel help lists them)" },
    { "kernel", NULL, OPT_KERNEL, "FILE", "kernel image to boot" },
    { "initrd", NULL, OPT_INITRD, "FILE", "initial ramdisk" },
    { "append", NULL, OPT_APPEND, "CMDLINE", "kernel command line" },
    { "bios", NULL, OPT_BIOS, "FILE",
      "firmware image (pseries: a SLOF image, loaded at 0; default slof.bin, looked for\n"
      "in the current directory, -L directories, MODVM_FIRMWARE_PATH, /usr/share/qemu)" },
    { "dtb", NULL, OPT_DTB, "FILE", "device tree blob to give the guest instead of the generated one" },
    { "nographic", NULL, OPT_NOGRAPHIC, NULL,
      "serial console on this terminal (Ctrl-A h for help); the default, as modvm has no display" },
    { "display", NULL, OPT_DISPLAY, "none", "no display (the only kind modvm has)" },
    { "serial", NULL, OPT_SERIAL, "DEV",
      "next serial port: stdio, mon:stdio, null, none, file:PATH, pty,\n"
      "unix:PATH[,server=on][,wait=off], tcp:HOST:PORT[,server=on][,wait=off], chardev:ID" },
    { "chardev", NULL, OPT_CHARDEV, "BACKEND,id=ID[,prop=value...]",
      "character backend: stdio, file, null, pty, socket" },
    { "qmp", NULL, OPT_QMP, "DEV",
      "QMP monitor (JSON) on DEV, spelled as for -serial\n"
      "(unix:PATH,server=on,wait=off, tcp:HOST:PORT,server=on,wait=off, stdio...)" },
    { "qmp-pretty", NULL, OPT_QMP_PRETTY, "DEV", "like -qmp, with replies pretty-printed" },
    { "mon", NULL, OPT_MON, "chardev=ID,mode=control[,pretty=on|off]",
      "QMP monitor on the -chardev ID (mode=control: modvm has no human monitor)" },
    { "device", NULL, OPT_DEVICE, "TYPE[,prop=value...]",
      "add a device (-device help lists types, -device TYPE,help their properties)" },
    { "drive", NULL, OPT_DRIVE, "if=pflash|none,file=FILE[,format=raw][,id=ID][,unit=N][,readonly=on]",
      "a raw image file: if=pflash unit 0 holds pseries' NVRAM; if=none makes a backend\n"
      "for a device's drive=ID (-global spapr-nvram.drive=ID). Writes go to the file" },
    { "pflash", NULL, OPT_PFLASH, "FILE", "the same as -drive if=pflash,file=FILE" },
    { "global", NULL, OPT_GLOBAL, "TYPE.PROP=VALUE",
      "default for every TYPE (and subtype) object; also driver=T,property=P,value=V" },
    { "nodefaults", NULL, OPT_NODEFAULTS, NULL, "do not create the machine's default devices" },
    { "no-reboot", NULL, OPT_NO_REBOOT, NULL, "exit instead of rebooting" },
    { "no-shutdown", NULL, OPT_NO_SHUTDOWN, NULL, "pause instead of exiting when the guest powers off" },
    { "action", NULL, OPT_ACTION, "EVENT=ACTION[,...]",
      "what the guest's reboot, poweroff or panic does: reboot=reset|shutdown,\n"
      "shutdown=poweroff|pause, panic=shutdown|exit-failure|pause|none (defaults:\n"
      "reset, poweroff, shutdown). reboot=shutdown is -no-reboot, shutdown=pause is\n"
      "-no-shutdown; panic=exit-failure ends modvm with status 1" },
    { "S", NULL, OPT_FREEZE, NULL, "do not start the CPUs" },
    { "rtc", NULL, OPT_RTC, "base=utc|localtime|DATETIME[,clock=host|vm]", "real-time clock" },
    { "object", NULL, OPT_OBJECT, "TYPE,id=ID[,prop=value...]",
      "create a backend object (-object help lists types)" },
    { "name", NULL, OPT_NAME, "NAME", "guest name" },
    { "pidfile", NULL, OPT_PIDFILE, "FILE", "write the process id to FILE" },
    { "daemonize", NULL, OPT_DAEMONIZE, NULL, "detach from the terminal once the machine is built" },
    { "d", NULL, OPT_LOG, "ITEM[,ITEM...]", "enable logging of items (-d help lists them)" },
    { "D", NULL, OPT_LOGFILE, "FILE", "write the log to FILE instead of stderr" },
    { "L", "plugin-path", OPT_PLUGIN_PATH, "DIR",
      "look for plugins (and firmware) in DIR first" },
    { "mem-path", NULL, OPT_MEM_PATH, "DIR", "back guest RAM with a file in DIR (hugetlbfs)" },
    { "dump-machine", NULL, OPT_DUMP_MACHINE, NULL,
      "print the machine's objects and properties, with where each value came from, as JSON,\n"
      "and exit" },
    { "version", NULL, OPT_VERSION, NULL, "print the version, plugin ABI and plugins, and exit" },
    { "help", "h", OPT_HELP, NULL, "print this help and exit" },
};

/* QEMU options modvm knows of but does not do yet: refused by name, never ignored. */
static const char *const not_yet[] = {
    "netdev", "net", "nic", "blockdev", "hda", "hdb", "cdrom", "fda", "sd", "mtdblock",
    "monitor", "gdb", "s", "vga", "usb", "usbdevice",
    "boot", "numa", "icount", "singlestep", "enable-kvm", "incoming", "loadvm", "snapshot",
    "audiodev", "soundhw", "vnc", "spice", "sandbox", "semihosting", "trace", "fw_cfg",
    "watchdog-action", "overcommit", "parallel", "virtfs", "fsdev", "tpmdev",
    "readconfig", "writeconfig", "k", "full-screen", "g", "prom-env", "uuid", "plugin",
    "mem-prealloc", "preconfig", "runas", "chroot", "msg", "dump-vmstate", "only-migratable",
    "smbios", "acpitable", "iscsi", "add-fd", "set", "no-user-config", "nodefconfig",
};

void modvm_key_value_free(gpointer data)
{
    ModvmKeyValue *kv = data;
    g_free(kv->key);
    g_free(kv->value);
    g_free(kv->where);
    g_free(kv);
}

ModvmKeyValue *modvm_key_value_new(const char *key, const char *value, const char *where)
{
    ModvmKeyValue *kv = g_new0(ModvmKeyValue, 1);
    kv->key = g_strdup(key);
    kv->value = g_strdup(value);
    kv->where = g_strdup(where);
    return kv;
}

void modvm_compat_prop_free(gpointer data)
{
    ModvmCompatProp *cp = data;
    g_free(cp->type);
    g_free(cp->property);
    g_free(cp->value);
    g_free(cp->where);
    g_free(cp);
}

GPtrArray *modvm_opts_parse(const char *spec, const char *implied_key, GError **error)
{
    g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(modvm_key_value_free);
    g_autoptr(GString) item = g_string_new(NULL);
    const char *p = spec;

    for (;;) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(item, ',');
            p += 2;
            continue;
        }
        if (*p && *p != ',') {
            g_string_append_c(item, *p++);
            continue;
        }
        /* An item ends here. */
        char *eq = strchr(item->str, '=');
        if (eq) {
            *eq = '\0';
            if (!*item->str) {
                g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                            "'%s': an option has an empty name", spec);
                return NULL;
            }
            g_ptr_array_add(out, modvm_key_value_new(item->str, eq + 1, NULL));
        } else if (item->len) {
            if (out->len == 0 && implied_key) {
                g_ptr_array_add(out, modvm_key_value_new(implied_key, item->str, NULL));
            } else {
                /* A bare "flag" means flag=on, as in QEMU ("server", "nowait" below). */
                if (g_str_has_prefix(item->str, "no") && strcmp(item->str, "nodelay") != 0 &&
                    item->len > 2) {
                    g_ptr_array_add(out, modvm_key_value_new(item->str + 2, "off", NULL));
                } else {
                    g_ptr_array_add(out, modvm_key_value_new(item->str, "on", NULL));
                }
            }
        } else if (*p == ',' || (!*p && p != spec && p[-1] == ',')) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "'%s': empty option", spec);
            return NULL;
        }
        g_string_truncate(item, 0);
        if (!*p) {
            break;
        }
        p++;
    }
    return g_steal_pointer(&out);
}

const char *modvm_opts_get(GPtrArray *opts, const char *key)
{
    const char *v = NULL;
    for (guint i = 0; opts && i < opts->len; i++) {
        ModvmKeyValue *kv = opts->pdata[i];
        if (strcmp(kv->key, key) == 0) {
            v = kv->value;
        }
    }
    return v;
}

void modvm_monitor_spec_free(gpointer data)
{
    ModvmMonitorSpec *spec = data;
    g_free(spec->dev);
    g_free(spec->chardev);
    g_free(spec->where);
    g_free(spec);
}

ModvmConfig *modvm_config_new(void)
{
    ModvmConfig *cfg = g_new0(ModvmConfig, 1);
    cfg->machine_props = g_ptr_array_new_with_free_func(modvm_key_value_free);
    cfg->accel_props = g_ptr_array_new_with_free_func(modvm_key_value_free);
    cfg->cpu_props = g_ptr_array_new_with_free_func(modvm_key_value_free);
    cfg->devices = g_ptr_array_new_with_free_func(g_free);
    cfg->globals = g_ptr_array_new_with_free_func(modvm_compat_prop_free);
    cfg->chardevs = g_ptr_array_new_with_free_func(g_free);
    cfg->serials = g_ptr_array_new_with_free_func(g_free);
    cfg->monitors = g_ptr_array_new_with_free_func(modvm_monitor_spec_free);
    cfg->objects = g_ptr_array_new_with_free_func(g_free);
    cfg->drives = g_ptr_array_new_with_free_func(g_free);
    cfg->plugin_dirs = g_ptr_array_new_with_free_func(g_free);
    return cfg;
}

void modvm_config_free(ModvmConfig *cfg)
{
    if (!cfg) {
        return;
    }
    g_free(cfg->machine);
    g_ptr_array_unref(cfg->machine_props);
    g_free(cfg->accel);
    g_ptr_array_unref(cfg->accel_props);
    g_free(cfg->cpu_model);
    g_ptr_array_unref(cfg->cpu_props);
    g_ptr_array_unref(cfg->devices);
    g_free(cfg->device_help_type);
    g_ptr_array_unref(cfg->globals);
    g_ptr_array_unref(cfg->chardevs);
    g_ptr_array_unref(cfg->serials);
    g_ptr_array_unref(cfg->monitors);
    g_ptr_array_unref(cfg->objects);
    g_ptr_array_unref(cfg->drives);
    g_free(cfg->object_help_type);
    g_ptr_array_unref(cfg->plugin_dirs);
    g_free(cfg->name);
    g_free(cfg->pidfile);
    g_free(cfg->log_items);
    g_free(cfg->log_file);
    g_free(cfg);
}

static void set_machine_prop(ModvmConfig *cfg, const char *key, const char *value,
                             const char *option)
{
    g_ptr_array_add(cfg->machine_props, modvm_key_value_new(key, value, option));
}

static gboolean parse_machine(ModvmConfig *cfg, const char *arg, GError **error)
{
    g_autoptr(GPtrArray) opts = modvm_opts_parse(arg, "type", error);
    if (!opts) {
        return FALSE;
    }
    for (guint i = 0; i < opts->len; i++) {
        ModvmKeyValue *kv = opts->pdata[i];
        if (strcmp(kv->key, "type") == 0) {
            if (strcmp(kv->value, "help") == 0 || strcmp(kv->value, "?") == 0) {
                cfg->machine_help = TRUE;
            } else {
                g_free(cfg->machine);
                cfg->machine = g_strdup(kv->value);
            }
        } else if (strcmp(kv->key, "help") == 0) {
            cfg->machine_props_help = TRUE;
        } else if (strcmp(kv->key, "accel") == 0) {
            /* QEMU's accel=kvm:tcg fallback list: the first is what we try. */
            g_auto(GStrv) alts = g_strsplit(kv->value, ":", 2);
            g_free(cfg->accel);
            cfg->accel = g_strdup(alts[0]);
        } else {
            set_machine_prop(cfg, kv->key, kv->value, "-machine");
        }
    }
    return TRUE;
}

static gboolean parse_memory(ModvmConfig *cfg, const char *arg, GError **error)
{
    g_autoptr(GPtrArray) opts = modvm_opts_parse(arg, "size", error);
    const char *size;
    guint64 bytes;

    if (!opts) {
        return FALSE;
    }
    for (guint i = 0; i < opts->len; i++) {
        ModvmKeyValue *kv = opts->pdata[i];
        if (strcmp(kv->key, "size") != 0) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_UNSUPPORTED,
                        "-m %s is not supported yet (memory hotplug); give only a size", kv->key);
            return FALSE;
        }
    }
    size = modvm_opts_get(opts, "size");
    if (!size) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "-m needs a size");
        return FALSE;
    }
    /* As in QEMU, a number without a suffix counts MiB. */
    if (g_ascii_isdigit(size[strlen(size) - 1])) {
        g_autofree char *mib = g_strconcat(size, "M", NULL);
        if (!modvm_property_parse_size(mib, &bytes, error)) {
            return FALSE;
        }
    } else if (!modvm_property_parse_size(size, &bytes, error)) {
        return FALSE;
    }
    g_autofree char *s = g_strdup_printf("%" G_GUINT64_FORMAT, bytes);
    set_machine_prop(cfg, "ram-size", s, "-m");
    return TRUE;
}

static gboolean parse_smp(ModvmConfig *cfg, const char *arg, GError **error)
{
    g_autoptr(GPtrArray) opts = modvm_opts_parse(arg, "cpus", error);
    static const struct { const char *opt, *prop; } map[] = {
        { "cpus", "smp" }, { "maxcpus", "max-cpus" }, { "sockets", "sockets" },
        { "cores", "cores" }, { "threads", "threads" },
    };
    if (!opts) {
        return FALSE;
    }
    for (guint i = 0; i < opts->len; i++) {
        ModvmKeyValue *kv = opts->pdata[i];
        guint j;
        for (j = 0; j < G_N_ELEMENTS(map); j++) {
            if (strcmp(kv->key, map[j].opt) == 0) {
                set_machine_prop(cfg, map[j].prop, kv->value, "-smp");
                break;
            }
        }
        if (j == G_N_ELEMENTS(map)) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "-smp: unknown key '%s' (expected cpus, maxcpus, sockets, cores, threads)",
                        kv->key);
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean parse_model_opts(const char *option, const char *arg, char **model,
                                 GPtrArray *props, gboolean *help, GError **error)
{
    g_autoptr(GPtrArray) opts = modvm_opts_parse(arg, "model", error);
    if (!opts) {
        return FALSE;
    }
    for (guint i = 0; i < opts->len; i++) {
        ModvmKeyValue *kv = opts->pdata[i];
        if (strcmp(kv->key, "model") == 0) {
            if (strcmp(kv->value, "help") == 0 || strcmp(kv->value, "?") == 0) {
                *help = TRUE;
            } else {
                g_free(*model);
                *model = g_strdup(kv->value);
            }
        } else {
            g_ptr_array_add(props, modvm_key_value_new(kv->key, kv->value, option));
        }
    }
    return TRUE;
}

/* One value of -action KEY=VALUE: its index in @values (NULL-terminated), or -1 with @error set. */
static int action_value(const char *arg, const ModvmKeyValue *kv, const char *const *values,
                        GError **error)
{
    for (int i = 0; values[i]; i++) {
        if (strcmp(kv->value, values[i]) == 0) {
            return i;
        }
    }
    g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                "-action %s: Parameter '%s' does not accept value '%s'", arg, kv->key, kv->value);
    return -1;
}

/* -action reboot=...,shutdown=...,panic=... (QEMU's names and values; later settings win). */
static gboolean parse_action(ModvmConfig *cfg, const char *arg, GError **error)
{
    static const char *const reboot[] = { "reset", "shutdown", NULL };
    static const char *const shutdown[] = { "poweroff", "pause", NULL };
    /* In the order of ModvmPanicAction. */
    static const char *const panic[] = { "shutdown", "exit-failure", "pause", "none", NULL };
    g_autoptr(GPtrArray) opts = modvm_opts_parse(arg, NULL, error);

    if (!opts) {
        return FALSE;
    }
    for (guint i = 0; i < opts->len; i++) {
        ModvmKeyValue *kv = opts->pdata[i];
        int v;

        if (strcmp(kv->key, "reboot") == 0) {
            if ((v = action_value(arg, kv, reboot, error)) < 0) {
                return FALSE;
            }
            cfg->no_reboot = v == 1;
        } else if (strcmp(kv->key, "shutdown") == 0) {
            if ((v = action_value(arg, kv, shutdown, error)) < 0) {
                return FALSE;
            }
            cfg->no_shutdown = v == 1;
        } else if (strcmp(kv->key, "panic") == 0) {
            if ((v = action_value(arg, kv, panic, error)) < 0) {
                return FALSE;
            }
            cfg->panic_action = v;
        } else if (strcmp(kv->key, "watchdog") == 0) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_UNSUPPORTED,
                        "-action %s: modvm has no watchdog devices yet", arg);
            return FALSE;
        } else {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "-action %s: Invalid parameter '%s'", arg, kv->key);
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean parse_global(ModvmConfig *cfg, const char *arg, GError **error)
{
    ModvmCompatProp *cp = g_new0(ModvmCompatProp, 1);
    cp->where = g_strdup_printf("-global %s", arg);

    if (g_str_has_prefix(arg, "driver=")) {
        g_autoptr(GPtrArray) opts = modvm_opts_parse(arg, NULL, error);
        if (!opts) {
            modvm_compat_prop_free(cp);
            return FALSE;
        }
        cp->type = g_strdup(modvm_opts_get(opts, "driver"));
        cp->property = g_strdup(modvm_opts_get(opts, "property"));
        cp->value = g_strdup(modvm_opts_get(opts, "value"));
    } else {
        const char *eq = strchr(arg, '=');
        const char *dot = eq ? g_strrstr_len(arg, eq - arg, ".") : NULL;
        if (dot) {
            cp->type = g_strndup(arg, dot - arg);
            cp->property = g_strndup(dot + 1, eq - dot - 1);
            cp->value = g_strdup(eq + 1);
        }
    }
    if (!cp->type || !*cp->type || !cp->property || !*cp->property || !cp->value) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "-global '%s': expected TYPE.PROPERTY=VALUE or driver=T,property=P,value=V",
                    arg);
        modvm_compat_prop_free(cp);
        return FALSE;
    }
    g_ptr_array_add(cfg->globals, cp);
    return TRUE;
}

static void add_qmp(ModvmConfig *cfg, const char *option, const char *dev, gboolean pretty)
{
    ModvmMonitorSpec *spec = g_new0(ModvmMonitorSpec, 1);
    spec->dev = g_strdup(dev);
    spec->pretty = pretty;
    spec->where = g_strdup_printf("%s %s", option, dev);
    g_ptr_array_add(cfg->monitors, spec);
}

/* -mon [chardev=]ID[,mode=readline|control][,pretty=on|off][,id=ID], as QEMU has it. */
static gboolean parse_mon(ModvmConfig *cfg, const char *arg, GError **error)
{
    g_autoptr(GPtrArray) opts = modvm_opts_parse(arg, "chardev", error);
    const char *chardev, *mode, *pretty;
    gboolean pretty_on = FALSE;

    if (!opts) {
        return FALSE;
    }
    for (guint i = 0; i < opts->len; i++) {
        ModvmKeyValue *kv = opts->pdata[i];
        if (strcmp(kv->key, "chardev") && strcmp(kv->key, "mode") && strcmp(kv->key, "pretty") &&
            strcmp(kv->key, "id")) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "-mon: unknown key '%s' (expected chardev, mode, pretty, id)", kv->key);
            return FALSE;
        }
    }
    chardev = modvm_opts_get(opts, "chardev");
    mode = modvm_opts_get(opts, "mode");
    pretty = modvm_opts_get(opts, "pretty");
    if (!chardev || !*chardev) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "-mon needs chardev=ID");
        return FALSE;
    }
    /* QEMU's default mode is readline, the human monitor: not taking it as QMP is on purpose. */
    if (!mode || strcmp(mode, "control") != 0) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_UNSUPPORTED,
                    "-mon %s: mode=%s (the human monitor%s) is not supported; modvm has only the "
                    "QMP monitor: add mode=control", arg, mode ? mode : "readline",
                    mode ? "" : ", QEMU's default");
        return FALSE;
    }
    if (pretty && !modvm_property_parse_bool(pretty, &pretty_on, error)) {
        g_prefix_error(error, "-mon pretty: ");
        return FALSE;
    }
    ModvmMonitorSpec *spec = g_new0(ModvmMonitorSpec, 1);
    spec->chardev = g_strdup(chardev);
    spec->pretty = pretty_on;
    spec->where = g_strdup_printf("-mon %s", arg);
    g_ptr_array_add(cfg->monitors, spec);
    return TRUE;
}

static gboolean is_help(const char *arg)
{
    return strcmp(arg, "help") == 0 || strcmp(arg, "?") == 0;
}

static gboolean apply_option(ModvmConfig *cfg, const OptDef *o, const char *arg, GError **error)
{
    switch (o->id) {
    case OPT_MACHINE:
        return parse_machine(cfg, arg, error);
    case OPT_CPU:
        return parse_model_opts("-cpu", arg, &cfg->cpu_model, cfg->cpu_props, &cfg->cpu_help,
                                error);
    case OPT_ACCEL: {
        gboolean ok = parse_model_opts("-accel", arg, &cfg->accel, cfg->accel_props,
                                       &cfg->accel_help, error);
        return ok;
    }
    case OPT_MEMORY:
        return parse_memory(cfg, arg, error);
    case OPT_SMP:
        return parse_smp(cfg, arg, error);
    case OPT_KERNEL:
        set_machine_prop(cfg, "kernel", arg, "-kernel");
        return TRUE;
    case OPT_INITRD:
        set_machine_prop(cfg, "initrd", arg, "-initrd");
        return TRUE;
    case OPT_APPEND:
        set_machine_prop(cfg, "append", arg, "-append");
        return TRUE;
    case OPT_BIOS:
        set_machine_prop(cfg, "firmware", arg, "-bios");
        return TRUE;
    case OPT_DTB:
        set_machine_prop(cfg, "dtb", arg, "-dtb");
        return TRUE;
    case OPT_MEM_PATH:
        set_machine_prop(cfg, "mem-path", arg, "-mem-path");
        return TRUE;
    case OPT_NOGRAPHIC:
        cfg->nographic = TRUE;
        return TRUE;
    case OPT_DISPLAY:
        if (strcmp(arg, "none") != 0) {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_UNSUPPORTED,
                        "-display %s: modvm has no display; only -display none is accepted", arg);
            return FALSE;
        }
        return TRUE;
    case OPT_SERIAL:
        g_ptr_array_add(cfg->serials, g_strdup(arg));
        return TRUE;
    case OPT_CHARDEV:
        g_ptr_array_add(cfg->chardevs, g_strdup(arg));
        return TRUE;
    case OPT_QMP:
        add_qmp(cfg, "-qmp", arg, FALSE);
        return TRUE;
    case OPT_QMP_PRETTY:
        add_qmp(cfg, "-qmp-pretty", arg, TRUE);
        return TRUE;
    case OPT_MON:
        return parse_mon(cfg, arg, error);
    case OPT_DEVICE:
        if (is_help(arg)) {
            cfg->device_help = TRUE;
        } else if (g_str_has_suffix(arg, ",help") || g_str_has_suffix(arg, ",?")) {
            g_free(cfg->device_help_type);
            cfg->device_help_type = g_strndup(arg, strrchr(arg, ',') - arg);
        } else {
            g_ptr_array_add(cfg->devices, g_strdup(arg));
        }
        return TRUE;
    case OPT_OBJECT:
        if (is_help(arg)) {
            cfg->object_help = TRUE;
        } else if (g_str_has_suffix(arg, ",help")) {
            g_free(cfg->object_help_type);
            cfg->object_help_type = g_strndup(arg, strrchr(arg, ',') - arg);
        } else {
            g_ptr_array_add(cfg->objects, g_strdup(arg));
        }
        return TRUE;
    case OPT_GLOBAL:
        return parse_global(cfg, arg, error);
    case OPT_DRIVE:
        g_ptr_array_add(cfg->drives, g_strdup(arg));
        return TRUE;
    case OPT_PFLASH: {
        /* A comma in the name is doubled, as in any option value. */
        g_auto(GStrv) parts = g_strsplit(arg, ",", -1);
        g_autofree char *file = g_strjoinv(",,", parts);
        g_ptr_array_add(cfg->drives, g_strdup_printf("if=pflash,file=%s", file));
        return TRUE;
    }
    case OPT_NODEFAULTS:
        cfg->nodefaults = TRUE;
        return TRUE;
    case OPT_NO_REBOOT:
        cfg->no_reboot = TRUE;
        return TRUE;
    case OPT_NO_SHUTDOWN:
        cfg->no_shutdown = TRUE;
        return TRUE;
    case OPT_FREEZE:
        cfg->start_paused = TRUE;
        return TRUE;
    case OPT_ACTION:
        return parse_action(cfg, arg, error);
    case OPT_RTC: {
        g_autoptr(GPtrArray) opts = modvm_opts_parse(arg, NULL, error);
        if (!opts) {
            return FALSE;
        }
        for (guint i = 0; i < opts->len; i++) {
            ModvmKeyValue *kv = opts->pdata[i];
            if (strcmp(kv->key, "base") == 0) {
                set_machine_prop(cfg, "rtc-base", kv->value, "-rtc");
            } else if (strcmp(kv->key, "clock") == 0) {
                set_machine_prop(cfg, "rtc-clock", kv->value, "-rtc");
            } else {
                g_set_error(error, MODVM_ERROR, MODVM_ERROR_UNSUPPORTED,
                            "-rtc %s is not supported (only base= and clock=)", kv->key);
                return FALSE;
            }
        }
        return TRUE;
    }
    case OPT_NAME: {
        g_autoptr(GPtrArray) opts = modvm_opts_parse(arg, "guest", error);
        if (!opts) {
            return FALSE;
        }
        g_free(cfg->name);
        cfg->name = g_strdup(modvm_opts_get(opts, "guest"));
        return TRUE;
    }
    case OPT_PIDFILE:
        g_free(cfg->pidfile);
        cfg->pidfile = g_strdup(arg);
        return TRUE;
    case OPT_DAEMONIZE:
        cfg->daemonize = TRUE;
        return TRUE;
    case OPT_LOG:
        g_free(cfg->log_items);
        cfg->log_items = g_strdup(arg);
        return TRUE;
    case OPT_LOGFILE:
        g_free(cfg->log_file);
        cfg->log_file = g_strdup(arg);
        return TRUE;
    case OPT_PLUGIN_PATH:
        g_ptr_array_add(cfg->plugin_dirs, g_strdup(arg));
        return TRUE;
    case OPT_DUMP_MACHINE:
        cfg->dump_machine = TRUE;
        return TRUE;
    case OPT_VERSION:
        cfg->show_version = TRUE;
        return TRUE;
    case OPT_HELP:
        cfg->show_help = TRUE;
        return TRUE;
    }
    return TRUE;
}

gboolean modvm_config_parse(ModvmConfig *cfg, int argc, char **argv, GError **error)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const OptDef *o = NULL;

        if (a[0] != '-' || a[1] == '\0') {
            g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                        "'%s' is not an option (a disk image argument is not supported; "
                        "see -h)", a);
            return FALSE;
        }
        a += (a[1] == '-') ? 2 : 1;
        for (guint j = 0; j < G_N_ELEMENTS(options); j++) {
            if (strcmp(a, options[j].name) == 0 ||
                (options[j].alias && strcmp(a, options[j].alias) == 0)) {
                o = &options[j];
                break;
            }
        }
        if (!o) {
            if (g_strv_contains(not_yet, a)) {
                g_set_error(error, MODVM_ERROR, MODVM_ERROR_UNSUPPORTED,
                            "option -%s is not supported by modvm yet", a);
            } else {
                g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                            "unknown option -%s (see -h)", a);
            }
            return FALSE;
        }
        const char *arg = NULL;
        if (o->arg) {
            if (i + 1 >= argc) {
                g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID, "option -%s needs %s",
                            o->name, o->arg);
                return FALSE;
            }
            arg = argv[++i];
        }
        if (!apply_option(cfg, o, arg, error)) {
            if (!g_str_has_prefix((*error)->message, "-")) {
                g_prefix_error(error, "-%s %s: ", o->name, arg ? arg : "");
            }
            return FALSE;
        }
    }
    return TRUE;
}

char *modvm_cmdline_help(void)
{
    GString *s = g_string_new(NULL);
    g_string_append(s,
        "modvm " MODVM_VERSION_STRING " - machine emulator for POWER and s390x guests\n"
        "usage: modvm [options]\n\n"
        "Options (QEMU's spelling; -opt and --opt are the same):\n");
    for (guint i = 0; i < G_N_ELEMENTS(options); i++) {
        const OptDef *o = &options[i];
        g_autofree char *head = g_strdup_printf("-%s%s%s%s%s", o->name,
                                                o->alias ? ", -" : "", o->alias ? o->alias : "",
                                                o->arg ? " " : "", o->arg ? o->arg : "");
        g_auto(GStrv) lines = g_strsplit(o->help, "\n", -1);
        if (strlen(head) > 28) {
            g_string_append_printf(s, "  %s\n", head);
            head[0] = '\0';
        }
        for (guint j = 0; lines[j]; j++) {
            g_string_append_printf(s, "  %-28s %s\n", j == 0 ? head : "", lines[j]);
        }
    }
    g_string_append(s,
        "\nConsole: Ctrl-A x quits, Ctrl-A h lists the other escapes.\n"
        "Environment: MODVM_PLUGIN_PATH, MODVM_MACHINE_PATH, MODVM_FIRMWARE_PATH\n"
        "(colon-separated directories searched first).\n");
    return g_string_free(s, FALSE);
}
