/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --dump-machine: every object and property, with where each value came from, as JSON. */
#include "core.h"

#include <json-glib/json-glib.h>

static void dump_object(JsonBuilder *b, ModvmObject *obj)
{
    g_autofree char *path = modvm_object_get_path(obj);
    g_autoptr(GPtrArray) rows = modvm_type_list_properties(G_OBJECT_TYPE(obj));

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "path");
    json_builder_add_string_value(b, path);
    json_builder_set_member_name(b, "type");
    json_builder_add_string_value(b, modvm_object_type_name(obj));
    if (modvm_object_get_id(obj)) {
        json_builder_set_member_name(b, "id");
        json_builder_add_string_value(b, modvm_object_get_id(obj));
    }
    if (MODVM_IS_DEVICE(obj)) {
        json_builder_set_member_name(b, "realized");
        json_builder_add_boolean_value(b, modvm_device_is_realized(MODVM_DEVICE(obj)));
    }
    json_builder_set_member_name(b, "properties");
    json_builder_begin_object(b);
    for (guint i = 0; i < rows->len; i++) {
        const ModvmProperty *p = rows->pdata[i];
        g_autofree char *value = modvm_property_format(p, obj);
        json_builder_set_member_name(b, p->name);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "value");
        json_builder_add_string_value(b, value);
        json_builder_set_member_name(b, "source");
        json_builder_add_string_value(
            b, modvm_prop_source_name(modvm_object_get_property_source(obj, p->name)));
        json_builder_end_object(b);
    }
    json_builder_end_object(b);
    json_builder_end_object(b);

    GPtrArray *children = modvm_object_get_children(obj);
    for (guint i = 0; i < children->len; i++) {
        dump_object(b, children->pdata[i]);
    }
}

char *modvm_dump_machine(ModvmSession *s)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonGenerator) gen = json_generator_new();
    GPtrArray *plugins = modvm_plugin_set_list(s->plugins);

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "machine");
    json_builder_add_string_value(b, s->version->name);
    json_builder_set_member_name(b, "family");
    json_builder_add_string_value(b, s->version->family->family);
    json_builder_set_member_name(b, "description-file");
    json_builder_add_string_value(b, s->version->family->file);
    json_builder_set_member_name(b, "version-chain");
    json_builder_begin_array(b);
    for (ModvmMachineVersion *v = s->version; v; v = v->base) {
        json_builder_add_string_value(b, v->name);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "plugins");
    json_builder_begin_array(b);
    for (guint i = 0; i < plugins->len; i++) {
        ModvmPluginInfo *info = plugins->pdata[i];
        if (!info->loaded) {
            continue;
        }
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, info->name);
        json_builder_set_member_name(b, "path");
        json_builder_add_string_value(b, info->path);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "accelerator");
    if (s->accel) {
        json_builder_add_string_value(b, modvm_object_type_name(MODVM_OBJECT(s->accel)));
    } else {
        json_builder_add_null_value(b);
    }
    json_builder_set_member_name(b, "objects");
    json_builder_begin_array(b);
    dump_object(b, MODVM_OBJECT(s->machine));
    json_builder_end_array(b);
    json_builder_end_object(b);

    g_autoptr(JsonNode) root = json_builder_get_root(b);
    json_generator_set_root(gen, root);
    json_generator_set_pretty(gen, TRUE);
    return json_generator_to_data(gen, NULL);
}
