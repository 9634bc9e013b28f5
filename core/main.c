/* SPDX-License-Identifier: GPL-2.0-or-later */
/* modvm's entry point: options, listings, then build and run the machine. */
#include "core.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

static char *pidfile_path;

static void remove_pidfile(void)
{
    if (pidfile_path) {
        unlink(pidfile_path);
    }
}

static gboolean write_pidfile(const char *path, GError **error)
{
    g_autofree char *pid = g_strdup_printf("%d\n", (int)getpid());
    if (!g_file_set_contents(path, pid, -1, error)) {
        return FALSE;
    }
    pidfile_path = g_strdup(path);
    atexit(remove_pidfile);
    return TRUE;
}

/* Detach once the machine is built, so errors up to here still reach the terminal. */
static gboolean daemonize(GError **error)
{
    pid_t pid = fork();
    if (pid < 0) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_FAILED, "fork: %s", g_strerror(errno));
        return FALSE;
    }
    if (pid > 0) {
        _exit(0);
    }
    setsid();
    int fd = open("/dev/null", O_RDWR);
    if (fd >= 0) {
        dup2(fd, STDIN_FILENO);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        if (fd > STDERR_FILENO) {
            close(fd);
        }
    }
    return TRUE;
}

static int run(ModvmConfig *cfg, GError **error)
{
    g_autoptr(GError) local = NULL;
    ModvmSession *s = NULL;
    int status = 1;

    if (cfg->show_help) {
        g_autofree char *help = modvm_cmdline_help();
        fputs(help, stdout);
        return 0;
    }
    if (cfg->log_items) {
        guint mask;
        if (g_strcmp0(cfg->log_items, "help") == 0) {
            g_autofree char *help = modvm_log_help();
            fputs(help, stdout);
            return 0;
        }
        if (!modvm_log_parse_mask(cfg->log_items, &mask, error)) {
            return 1;
        }
        modvm_log_set_mask(mask);
    }
    if (cfg->log_file && !modvm_log_set_file(cfg->log_file, error)) {
        return 1;
    }
    if (cfg->daemonize && cfg->dump_machine) {
        g_set_error(error, MODVM_ERROR, MODVM_ERROR_INVALID,
                    "-daemonize and --dump-machine do not go together");
        return 1;
    }
    if (cfg->name) {
        g_autofree char *title = g_strdup_printf("modvm:%s", cfg->name);
        prctl(PR_SET_NAME, title, 0, 0, 0);
    }
    if (cfg->plugin_dirs->len) {
        /* -L is also where firmware is looked for first, as in QEMU. */
        const char *old = g_getenv("MODVM_FIRMWARE_PATH");
        g_autoptr(GString) joined = g_string_new(NULL);
        for (guint i = 0; i < cfg->plugin_dirs->len; i++) {
            g_string_append_printf(joined, "%s%s", i ? ":" : "",
                                   (char *)cfg->plugin_dirs->pdata[i]);
        }
        if (old) {
            g_string_append_printf(joined, ":%s", old);
        }
        g_setenv("MODVM_FIRMWARE_PATH", joined->str, TRUE);
    }

    s = modvm_session_new(cfg);
    if (cfg->show_version) {
        for (guint i = 0; i < cfg->plugin_dirs->len; i++) {
            modvm_plugin_set_add_dir(s->plugins, cfg->plugin_dirs->pdata[i], "-L");
        }
        modvm_plugin_set_add_default_dirs(s->plugins);
        modvm_print_version(s);
        status = 0;
        goto out;
    }
    if (!modvm_session_prepare(s, error)) {
        goto out;
    }
    if (cfg->machine_help) {
        modvm_print_machines(s);
        status = 0;
    } else if (cfg->accel_help) {
        modvm_print_accels(s);
        status = 0;
    } else if (cfg->device_help) {
        modvm_print_devices(s);
        status = 0;
    } else if (cfg->device_help_type) {
        status = modvm_print_type_props(s, cfg->device_help_type, error) ? 0 : 1;
    } else if (cfg->object_help) {
        modvm_print_objects(s);
        status = 0;
    } else if (cfg->object_help_type) {
        status = modvm_print_type_props(s, cfg->object_help_type, error) ? 0 : 1;
    } else if (cfg->cpu_help) {
        status = modvm_print_cpus(s, error) ? 0 : 1;
    } else if (cfg->machine_props_help) {
        status = modvm_print_machine_props(s, error) ? 0 : 1;
    } else {
        if (!modvm_session_select_machine(s, error) ||
            !modvm_session_build(s, !cfg->dump_machine, error)) {
            goto out;
        }
        if (cfg->dump_machine) {
            g_autofree char *json = modvm_dump_machine(s);
            printf("%s\n", json);
            status = 0;
            goto out;
        }
        if (cfg->daemonize && !daemonize(error)) {
            goto out;
        }
        if (cfg->pidfile && !write_pidfile(cfg->pidfile, error)) {
            goto out;
        }
        status = modvm_session_run(s, error);
    }
out:
    fflush(stdout);
    modvm_session_free(s);
    return status;
}

int main(int argc, char **argv)
{
    g_autoptr(GError) error = NULL;
    ModvmConfig *cfg = modvm_config_new();
    int status;

    /* A closed pipe on stdout or a peer gone is an error to handle, not a reason to die. */
    signal(SIGPIPE, SIG_IGN);

    if (!modvm_config_parse(cfg, argc, argv, &error)) {
        g_printerr("modvm: %s\n", error->message);
        modvm_config_free(cfg);
        return 1;
    }
    status = run(cfg, &error);
    if (error) {
        g_printerr("modvm: %s\n", error->message);
        if (!status) {
            status = 1;
        }
    }
    modvm_config_free(cfg);
    return status;
}
