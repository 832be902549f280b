/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The commands, by name, and the usage text (cmd/cli.h). */

#include "cmd/cli.h"

const char sp_cli_usage[] =
    "usage: stemprint <command> [options]\n"
    "\n"
    "Render mixing sessions written as YAML recipes: the mix and its stems,\n"
    "proved by a null test.\n"
    "\n"
    "commands:\n"
    "  render RECIPE... [-j N]     render the mix and stems of each recipe, null-test\n"
    "                              them, check loudness; --report, --depfile, --only;\n"
    "                              an album recipe: its master, tracks, sets, CD image\n"
    "  check  RECIPE...            validate recipes and routing, warn about mistakes\n"
    "  null   MIX STEM...          null-test any stems against a mix, and say why not\n"
    "  diff   OLD NEW              what changed between two print sets, files or recipes:\n"
    "                              by print, where in time, in which bands\n"
    "  loudness FILE...            loudness and true peak (BS.1770, EBU R128) of files\n"
    "  bleed  RECIPE               which source reaches which stem, measured\n"
    "  latency SENT RETURN         a hardware insert's round trip, gain, polarity and\n"
    "                              what the fit leaves; --mark writes RETURN.sent\n"
    "  ping   -o FILE [--rate HZ]  the test signal to measure a round trip with\n"
    "  graph  RECIPE [--format F]  the route map: text, dot (Graphviz) or json\n"
    "  plan   RECIPE... [--json]   each render as a job: its cache key, inputs, outputs\n"
    "  init   [DIR] [-o RECIPE]    write a recipe for a folder of audio files (stems)\n"
    "  import SESSION [-o RECIPE]  write a recipe for a DAW session (DAWproject, Ardour)\n"
    "  export RECIPE [-o FILE]     write a recipe as a DAW session (.dawproject)\n"
    "  state  RECIPE INSERT -o DIR save an LV2 insert's state as LV2 hosts save it\n"
    "  schema [-o FILE]            the recipe's JSON Schema, for editors and validators\n"
    "  help   [COMMAND|inserts|layouts]  this text, a command's help, the processors\n"
    "                              or the channel layouts\n"
    "  help   KEY                  a recipe key: tracks.gain, output.depth, ...\n"
    "  help   keys                 every recipe key, as Markdown (docs/keys.md)\n"
    "  help   lv2 [PLUGIN]         the installed LV2 effects, or one's parameters\n"
    "  help   ladspa [PLUGIN]      the installed LADSPA effects, or one's parameters\n"
    "\n"
    "options:\n"
    "  -h, --help                  show help (also: stemprint COMMAND --help)\n"
    "  -V, --version               show the version\n"
    "\n"
    "A command's options take a value after them or after '=' (-j 2, -j2,\n"
    "--jobs=2), short flags group (-qj2), a level or time may carry its unit\n"
    "(--target -14 LUFS, --target=-14LUFS), and -- ends the options.\n"
    "\n"
    "exit status: 0 ok, 1 a check failed (null test, loudness, clipping, bleed), 2 the\n"
    "command line or recipe is wrong, 3 an input or output file problem, 4 the render\n"
    "failed.\n"
    "\n"
    "docs: docs/recipe.md (the recipe), docs/album.md (albums), docs/verify.md,\n"
    "docs/graph.md, docs/init.md, docs/ci.md, docs/cache.md, docs/sessions.md,\n"
    "docs/lv2.md, docs/catalogue.md, docs/testing.md (the test suite),\n"
    "docs/design.md (installed, under share/doc/stemprint/, with the examples); the\n"
    "manual: man stemprint once installed (cmake --install, or the Debian package\n"
    "scripts/deb.sh builds), or man -l docs/stemprint.1 in a checkout. Bash\n"
    "completion: scripts/stemprint.bash (installed by either; or source it from\n"
    "your ~/.bashrc).\n";

const sp_cli_command sp_cli_commands[] = {
    {"render", sp_cmd_render},     {"check", sp_cmd_check}, {"null", sp_cmd_null},
    {"diff", sp_cmd_diff},
    {"loudness", sp_cmd_loudness}, {"bleed", sp_cmd_bleed}, {"graph", sp_cmd_graph},
    {"plan", sp_cmd_plan},         {"init", sp_cmd_init},   {"import", sp_cmd_import},
    {"export", sp_cmd_export},     {"state", sp_cmd_state}, {"schema", sp_cmd_schema},
    {"latency", sp_cmd_latency},   {"ping", sp_cmd_ping},
};
const size_t sp_cli_n_commands = sizeof sp_cli_commands / sizeof sp_cli_commands[0];
