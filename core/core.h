/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Declarations shared inside the core; plugins never see these. */
#pragma once

#include <modvm/modvm.h>
#include "modvm-config.h"

G_BEGIN_DECLS

/* property.c */
char *modvm_format_size(guint64 bytes);
gboolean modvm_property_parse_value(const ModvmProperty *p, ModvmObject *obj, const char *str,
                                    GValue *value, GError **error);
const ModvmProperty *modvm_property_table_of(GType type);
void modvm_property_init_instance(gpointer instance, GType type);
void modvm_property_release_instance(gpointer instance, GType type, gboolean links_only);

/* object.c */
/** modvm_object_list_properties: (transfer container) rows of @type and its ancestors, base first. */
GPtrArray *modvm_type_list_properties(GType type);
/** modvm_type_from_user_name: a registered type deriving from ModvmObject, or 0. */
GType modvm_type_lookup(const char *name);

/** Names a parentless object, the root of its tree ("machine"). */
void modvm_object_set_root_name(ModvmObject *obj, const char *name);

/** The tree an unplugged object's links resolve in (not a reference: @home outlives it). */
void modvm_object_set_home(ModvmObject *obj, ModvmObject *home);
ModvmObject *modvm_object_link_root(ModvmObject *obj);

/* machine.c */
/* The property sources the machine's objects get: arrays of ModvmCompatProp * (not owned). */
void modvm_machine_set_property_layers(ModvmMachine *machine, GPtrArray *compat,
                                       GPtrArray *globals, GPtrArray *user_type_props);
gboolean modvm_object_apply_layer(ModvmObject *obj, GPtrArray *props, ModvmPropSource source,
                                  GError **error);
void modvm_machine_set_main_context(ModvmMachine *machine, GMainContext *context);
void modvm_machine_set_run_state(ModvmMachine *machine, ModvmRunState state);
gboolean modvm_machine_take_shutdown_request(ModvmMachine *machine, ModvmShutdownCause *cause);
void modvm_machine_set_shutdown_notify(ModvmMachine *machine, GSourceFunc notify, gpointer data);

/* device.c */
gboolean modvm_device_set_realized_for_test(ModvmDevice *dev, gboolean realized);

G_END_DECLS

/* plugin-loader.c: finding, indexing and loading plugins. */
typedef struct ModvmPluginSet ModvmPluginSet;

typedef struct {
    char *name;
    char *path;
    char *origin;           /* why we looked there: "-L", "MODVM_PLUGIN_PATH", "build tree", ... */
    char *description;
    char *version;
    guint abi_major, abi_minor;
    char **types;
    char **requires;
    char *problem;          /* why it cannot be used, or NULL */
    char *shadows;          /* a same-named plugin further down the path it hides, or NULL */
    gboolean loaded;
} ModvmPluginInfo;

ModvmPluginSet *modvm_plugin_set_new(void);
void modvm_plugin_set_free(ModvmPluginSet *set);
/** Directories are searched in the order added; the first plugin of a name wins. */
void modvm_plugin_set_add_dir(ModvmPluginSet *set, const char *dir, const char *origin);
/** MODVM_PLUGIN_PATH, then the build tree (when run from it) or the install directory. */
void modvm_plugin_set_add_default_dirs(ModvmPluginSet *set);
/** (transfer none) every plugin found, in search order; scans on first use. */
GPtrArray *modvm_plugin_set_list(ModvmPluginSet *set);
/** (transfer full) "DIR (ORIGIN), ..." for error messages. */
char *modvm_plugin_set_where(ModvmPluginSet *set);
/** Loads plugin @name (and what it requires); @needed_by says who asked, for messages. */
gboolean modvm_plugin_set_load(ModvmPluginSet *set, const char *name, const char *needed_by,
                               GError **error);
/** Makes sure @type_name is registered, loading the plugin that announces it. */
gboolean modvm_plugin_set_load_for_type(ModvmPluginSet *set, const char *type_name,
                                        const char *needed_by, GError **error);
/** Loads every usable plugin; problems are collected in @problems (may be NULL). */
void modvm_plugin_set_load_all(ModvmPluginSet *set, GPtrArray *problems);
/** (transfer none) the plugin announcing @type_name, or NULL. */
ModvmPluginInfo *modvm_plugin_set_find_type(ModvmPluginSet *set, const char *type_name);
/**
 * Registers the types of a plugin whose code is linked into this executable
 * (a plugin's unit tests), checking it registers what its descriptor lists.
 */
gboolean modvm_plugin_register_linked(const ModvmPluginDescriptor *desc, GError **error);
/** Whether the executable runs from its build tree. */
gboolean modvm_running_from_build_tree(void);

/* machine-desc.c: machines as data. */
typedef struct {
    char *key;
    char *value;
    char *where;            /* "file: $.json.path", for messages */
} ModvmKeyValue;

typedef struct {
    char *type;
    char *property;
    char *value;
    char *where;
} ModvmCompatProp;

typedef struct {
    char *type;
    char *id;
    char *only_with_chardev;    /* created only when this chardev id exists */
    gboolean even_with_nodefaults; /* part of the machine: -nodefaults keeps it */
    GPtrArray *props;           /* ModvmKeyValue * */
    char *where;
} ModvmDeviceSpec;

typedef struct ModvmMachineFamily ModvmMachineFamily;

typedef struct ModvmMachineVersion {
    char *name;
    char *base_name;
    struct ModvmMachineVersion *base;   /* the newer version this one builds on */
    char *description;
    char *default_cpu;                  /* NULL: the base's */
    char *default_ram;                  /* NULL: the base's */
    GPtrArray *compat;                  /* ModvmCompatProp *, this version's own */
    ModvmMachineFamily *family;
    char *where;
} ModvmMachineVersion;

struct ModvmMachineFamily {
    char *file;
    char *family;
    char *description;
    char **plugins;
    char **optional_plugins;
    char *machine_type;
    GPtrArray *machine_props;           /* ModvmKeyValue * */
    char *default_cpu;
    char *default_ram;
    GPtrArray *devices;                 /* ModvmDeviceSpec * */
    GPtrArray *versions;                /* ModvmMachineVersion *, file order */
    ModvmMachineVersion *newest;
};

typedef struct {
    GPtrArray *families;                /* ModvmMachineFamily * */
    GHashTable *by_name;                /* version name or family alias -> ModvmMachineVersion * */
} ModvmMachineCatalog;

ModvmMachineFamily *modvm_machine_family_load(const char *path, GError **error);
/** The same from text in memory; @path names it in messages. */
ModvmMachineFamily *modvm_machine_family_load_data(const char *path, const char *text,
                                                   gsize len, GError **error);
void modvm_machine_family_free(ModvmMachineFamily *family);
ModvmMachineCatalog *modvm_machine_catalog_new(void);
void modvm_machine_catalog_free(ModvmMachineCatalog *cat);
gboolean modvm_machine_catalog_add(ModvmMachineCatalog *cat, ModvmMachineFamily *family,
                                   GError **error);
/** Loads every *.json of the directories; the first error refuses the lot. */
gboolean modvm_machine_catalog_load_dirs(ModvmMachineCatalog *cat, GPtrArray *dirs,
                                         GError **error);
/** (transfer full) MODVM_MACHINE_PATH, then the source tree's machines/ or the install dir. */
GPtrArray *modvm_machine_default_dirs(void);
ModvmMachineVersion *modvm_machine_catalog_find(ModvmMachineCatalog *cat, const char *name);
/** (transfer container) the compat properties of @v in application order: newest first. */
GPtrArray *modvm_machine_version_compat(ModvmMachineVersion *v);
const char *modvm_machine_version_default_cpu(ModvmMachineVersion *v);
const char *modvm_machine_version_default_ram(ModvmMachineVersion *v);
/**
 * Checks the types, properties and values the family names against what
 * is registered: call after loading its plugins (@plugins may be NULL).
 */
gboolean modvm_machine_family_validate(ModvmMachineFamily *family, ModvmPluginSet *plugins,
                                       GError **error);

/* cmdline.c: QEMU-compatible options into a configuration. */

/* A QMP monitor asked for on the command line. */
typedef struct {
    char *dev;                  /* -qmp DEV: a chardev made for it ("unix:PATH,..."), or NULL */
    char *chardev;              /* -mon chardev=ID: an existing chardev, or NULL */
    gboolean pretty;            /* -qmp-pretty, -mon pretty=on */
    char *where;                /* the option, for messages */
} ModvmMonitorSpec;

/* What a guest panic (e.g. RTAS ibm,os-term) does: QEMU's -action panic= values. */
typedef enum {
    MODVM_PANIC_SHUTDOWN,       /* the default: end as a poweroff would (status 0) */
    MODVM_PANIC_EXIT_FAILURE,   /* end with status 1 */
    MODVM_PANIC_PAUSE,          /* stop the vCPUs, state guest-panicked */
    MODVM_PANIC_NONE,           /* report it and let the guest go on */
} ModvmPanicAction;

typedef struct {
    char *machine;              /* -M NAME, or NULL for the default */
    GPtrArray *machine_props;   /* ModvmKeyValue *: -M k=v and what -m, -smp, -kernel... imply */
    gboolean machine_help;      /* -M help */
    gboolean machine_props_help;/* -M NAME,help */
    char *accel;                /* -accel NAME / -M accel=: "tcg" by default */
    GPtrArray *accel_props;     /* ModvmKeyValue * */
    gboolean accel_help;
    char *cpu_model;            /* -cpu MODEL */
    GPtrArray *cpu_props;       /* ModvmKeyValue * */
    gboolean cpu_help;
    GPtrArray *devices;         /* char *: -device specs */
    gboolean device_help;
    char *device_help_type;     /* -device TYPE,help */
    GPtrArray *globals;         /* ModvmCompatProp * */
    GPtrArray *chardevs;        /* char *: -chardev specs */
    GPtrArray *serials;         /* char *: -serial specs */
    GPtrArray *monitors;        /* ModvmMonitorSpec *: -qmp, -qmp-pretty, -mon */
    GPtrArray *objects;         /* char *: -object specs */
    GPtrArray *drives;          /* char *: -drive specs (-pflash FILE made into one) */
    gboolean object_help;
    char *object_help_type;
    GPtrArray *plugin_dirs;     /* char *: -L */
    gboolean nographic;
    gboolean nodefaults;
    gboolean no_reboot;
    gboolean no_shutdown;
    ModvmPanicAction panic_action; /* -action panic= */
    gboolean start_paused;      /* -S */
    gboolean daemonize;
    gboolean dump_machine;
    gboolean show_version;
    gboolean show_help;
    char *name;
    char *pidfile;
    char *log_items;
    char *log_file;
} ModvmConfig;

ModvmConfig *modvm_config_new(void);
void modvm_config_free(ModvmConfig *cfg);
/** Parses argv[1..]; errors name the option. */
gboolean modvm_config_parse(ModvmConfig *cfg, int argc, char **argv, GError **error);
/**
 * Splits "value,key=val,flag" QEMU-style (",," is a literal comma): the
 * first item without '=' gets @implied_key. (transfer full) ModvmKeyValue *.
 */
GPtrArray *modvm_opts_parse(const char *spec, const char *implied_key, GError **error);
const char *modvm_opts_get(GPtrArray *opts, const char *key);
/** (transfer full) the text of -h. */
char *modvm_cmdline_help(void);
void modvm_key_value_free(gpointer kv);
ModvmKeyValue *modvm_key_value_new(const char *key, const char *value, const char *where);
void modvm_compat_prop_free(gpointer cp);
void modvm_monitor_spec_free(gpointer spec);

/* block.c */
/**
 * modvm_block_new_from_spec: (transfer full) the backend of "-drive @spec",
 * its file open, its id set (the given one, else QEMU's IFUNIT); unit= or
 * @default_unit. NULL with @error for what modvm does not take.
 */
ModvmBlockBackend *modvm_block_new_from_spec(const char *spec, guint default_unit,
                                             GError **error);
/** modvm_block_interface: "none" or "pflash", and the unit. */
const char *modvm_block_interface(ModvmBlockBackend *blk, guint *unit);
/** modvm_block_is_attached: a device uses it. */
gboolean modvm_block_is_attached(ModvmBlockBackend *blk);

/* rng.c: registers rng-builtin and rng-random (before -object looks them up). */
void modvm_rng_register_types(void);

/* builder.c: from a configuration to a running machine. */
typedef struct {
    ModvmConfig *cfg;
    ModvmPluginSet *plugins;
    ModvmMachineCatalog *catalog;
    ModvmMachineVersion *version;
    ModvmMachine *machine;
    ModvmAccel *accel;
    GPtrArray *compat;          /* the version's, newest first (not owned entries) */
    GPtrArray *user_type_props; /* ModvmCompatProp *: -cpu options for the CPU type */
    GPtrArray *chardevs;        /* ModvmChardev * (references) */
    GPtrArray *monitors;        /* ModvmMonitor * (monitor.h), owned */
    GMainLoop *loop;
    int exit_status;
    gboolean launched;          /* CPUs started since start-up or a reset: not "prelaunch" */
    const char *quit_reason;    /* QMP's SHUTDOWN reason for the pending HOST_QUIT */
} ModvmSession;

ModvmSession *modvm_session_new(ModvmConfig *cfg);
void modvm_session_free(ModvmSession *s);
/** Finds plugins and machine descriptions (refusing broken ones). */
gboolean modvm_session_prepare(ModvmSession *s, GError **error);
/** Picks the -M machine (or the default) and loads the plugins it names. */
gboolean modvm_session_select_machine(ModvmSession *s, GError **error);
/** Creates and realizes everything; @with_accel FALSE builds without an accelerator. */
gboolean modvm_session_build(ModvmSession *s, gboolean with_accel, GError **error);
/** Loads firmware/kernel, resets and runs until the machine ends; returns the exit status. */
int modvm_session_run(ModvmSession *s, GError **error);
/** (transfer none) the default machine family's newest version. */
ModvmMachineVersion *modvm_session_default_machine(ModvmSession *s);
/**
 * Opens the chardevs of the QMP monitors on the machine's main context, so
 * clients can connect; modvm_session_run does it before the CPUs start.
 */
gboolean modvm_session_open_monitors(ModvmSession *s, GError **error);

/*
 * What the monitor drives the machine through: the run loop's own paths,
 * which also send the QMP events. Without an accelerator (a session built
 * with_accel FALSE) only the run state changes.
 */
/** Stops the vCPUs (QMP stop): PAUSED and a STOP event, if it was running. */
void modvm_session_pause(ModvmSession *s);
/** Starts or resumes the vCPUs (QMP cont): RUNNING and a RESUME event. */
gboolean modvm_session_resume(ModvmSession *s, GError **error);
/** Asks for an orderly exit; @reason is QMP's SHUTDOWN reason ("host-qmp-quit"). */
void modvm_session_request_quit(ModvmSession *s, const char *reason);

/* help.c and dump.c */
void modvm_print_machines(ModvmSession *s);
gboolean modvm_print_machine_props(ModvmSession *s, GError **error);
gboolean modvm_print_cpus(ModvmSession *s, GError **error);
void modvm_print_devices(ModvmSession *s);
gboolean modvm_print_type_props(ModvmSession *s, const char *type, GError **error);
void modvm_print_accels(ModvmSession *s);
void modvm_print_objects(ModvmSession *s);
void modvm_print_version(ModvmSession *s);
/** (transfer full) the effective configuration as JSON text. */
char *modvm_dump_machine(ModvmSession *s);
