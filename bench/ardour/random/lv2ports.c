/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The control input ports of installed LV2 plugins, as JSON, for
 * bench/ardour/random/gen.py's plugin features (issue 63): per URI its
 * audio inputs and outputs and each control input's LV2 port index, its
 * index among the plugin's control ports (Ardour's parameter index, which
 * ARDOUR.LuaAPI.set_processor_param takes), symbol, range, default and
 * properties. Written once into plugins.json, so that a seed's draws do not
 * depend on the plugins' versions installed where it runs:
 *
 *   cc -O1 bench/ardour/random/lv2ports.c $(pkg-config --cflags --libs lilv-0) -o /tmp/lv2ports
 *   /tmp/lv2ports URI... > bench/ardour/random/plugins.json */
#include <lilv/lilv.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define LV2 "http://lv2plug.in/ns/lv2core#"
#define PP "http://lv2plug.in/ns/ext/port-props#"

static void num(const char *key, const LilvNode *n)
{
  if (n && (lilv_node_is_float(n) || lilv_node_is_int(n)))
    printf(", \"%s\": %.9g", key, lilv_node_as_float(n));
}

int main(int argc, char **argv)
{
  LilvWorld *w = lilv_world_new();
  lilv_world_load_all(w);
  const LilvPlugins *all = lilv_world_get_all_plugins(w);
  LilvNode *audio = lilv_new_uri(w, LV2 "AudioPort"), *control = lilv_new_uri(w, LV2 "ControlPort");
  LilvNode *input = lilv_new_uri(w, LV2 "InputPort"), *output = lilv_new_uri(w, LV2 "OutputPort");
  LilvNode *designation = lilv_new_uri(w, LV2 "designation");
  const char *props[][2] = {{"toggled", LV2 "toggled"}, {"integer", LV2 "integer"},
                            {"enumeration", LV2 "enumeration"}, {"sr", LV2 "sampleRate"},
                            {"log", PP "logarithmic"}, {"trigger", PP "trigger"},
                            {"notOnGUI", PP "notOnGUI"}, {"optional", LV2 "connectionOptional"}};
  printf("{");
  for (int a = 1; a < argc; a++) {
    LilvNode *u = lilv_new_uri(w, argv[a]);
    const LilvPlugin *p = lilv_plugins_get_by_uri(all, u);
    lilv_node_free(u);
    if (!p) {
      fprintf(stderr, "lv2ports: %s not installed\n", argv[a]);
      continue;
    }
    uint32_t n = lilv_plugin_get_num_ports(p);
    int ain = 0, aout = 0;
    for (uint32_t i = 0; i < n; i++) {
      const LilvPort *port = lilv_plugin_get_port_by_index(p, i);
      if (lilv_port_is_a(p, port, audio)) {
        ain += lilv_port_is_a(p, port, input);
        aout += lilv_port_is_a(p, port, output);
      }
    }
    LilvNode *name = lilv_plugin_get_name(p);
    printf("%s\n \"%s\": {\"name\": \"%s\", \"in\": %d, \"out\": %d, \"ports\": [", a > 1 ? "," : "",
           argv[a], lilv_node_as_string(name), ain, aout);
    lilv_node_free(name);
    int first = 1;
    for (uint32_t i = 0, param = 0; i < n; i++) {
      const LilvPort *port = lilv_plugin_get_port_by_index(p, i);
      if (!lilv_port_is_a(p, port, control))
        continue;
      uint32_t which = param++;
      if (!lilv_port_is_a(p, port, input))
        continue;
      LilvNode *def, *min, *max;
      lilv_port_get_range(p, port, &def, &min, &max);
      printf("%s\n  {\"index\": %u, \"param\": %u, \"symbol\": \"%s\"", first ? "" : ",", i, which,
             lilv_node_as_string(lilv_port_get_symbol(p, port)));
      first = 0;
      num("min", min);
      num("max", max);
      num("default", def);
      for (size_t k = 0; k < sizeof props / sizeof *props; k++) {
        LilvNode *pr = lilv_new_uri(w, props[k][1]);
        if (lilv_port_has_property(p, port, pr))
          printf(", \"%s\": true", props[k][0]);
        lilv_node_free(pr);
      }
      LilvNodes *d = lilv_port_get_value(p, port, designation);
      LILV_FOREACH (nodes, it, d)
        printf(", \"designation\": \"%s\"", lilv_node_as_uri(lilv_nodes_get(d, it)));
      lilv_nodes_free(d);
      LilvScalePoints *sp = lilv_port_get_scale_points(p, port);
      if (sp && lilv_scale_points_size(sp)) {
        printf(", \"points\": [");
        int f = 1;
        LILV_FOREACH (scale_points, it, sp) {
          printf("%s%.9g", f ? "" : ", ", lilv_node_as_float(lilv_scale_point_get_value(lilv_scale_points_get(sp, it))));
          f = 0;
        }
        printf("]");
      }
      lilv_scale_points_free(sp);
      printf("}");
      lilv_node_free(def);
      lilv_node_free(min);
      lilv_node_free(max);
    }
    printf("]}");
  }
  printf("\n}\n");
  lilv_world_free(w);
  return 0;
}
