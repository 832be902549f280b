/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Broken recipes, as a user meets them: each row is a recipe with one
 * mistake, run through the real stemprint binary with `check` and with
 * `render`. Each must exit with its status, print `r.yaml:LINE:COL: key:`
 * and a message that says what to fix, print that error once (a later
 * stage must not echo it), and leave no file behind. The
 * reported position is also checked against the recipe text itself: the
 * text at LINE:COL must be the token at fault, so a position cannot be
 * encoded wrong in this table without the test noticing. */

#include "core/base/alloc.h"
#include "io/report/report.h"
#include "testsf2.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct row {
  const char *name;
  const char *recipe;
  int status;        /* exit status of check and render */
  const char *where; /* "r.yaml:L:C: key.path:" as printed */
  const char *says;  /* a fragment of the message */
  const char *token; /* the recipe text found at L:C ("" for end of file) */
} row;

#define V "stemprint: 1\n"
#define T "tracks:\n  a: {file: m.wav}\n"

static const row rows[] = {
    {"yaml_unclosed_flow", V "tracks:\n  a: {file: m.wav\n", 2,
     "r.yaml:4:1: ", "YAML syntax error: did not find expected ',' or '}'", ""},
    {"yaml_bad_indentation", V "tracks:\n  a:\n    file: m.wav\n   gain: 3\n", 2,
     "r.yaml:5:4: ", "YAML syntax error", "gain"},
    /* A character YAML does not take (a C1 control, U+009B): at it, not
     * at 1:1 (libyaml's reader marks no place, only its byte offset) */
    {"yaml_control_character", V "tracks:\n  a: {file: m.wav, gain: \"1\xc2\x9b\"}\n", 2,
     "r.yaml:3:28: ", "YAML syntax error: control characters are not allowed (U+009B)", "\xc2\x9b"},
    /* A tab where YAML wants spaces: said as such, at the tab, not as
     * libyaml's scanner sees it ("found character that cannot start any
     * token"). */
    {"yaml_tab_indent", V "tracks:\n  a:\n\tfile: m.wav\n", 2,
     "r.yaml:4:1: ", "YAML forbids tabs for indentation; use spaces", "\tfile"},
    {"yaml_tab_after_spaces", V "tracks:\n  a:\n    file: m.wav\n  \t  gain: 1 dB\n", 2,
     "r.yaml:5:3: ", "YAML forbids tabs for indentation; use spaces", "\t  gain"},
    {"yaml_tab_after_a_dash",
     V "tracks:\n  a:\n    file: m.wav\n    inserts:\n    -\tgain: {gain: 1 dB}\n", 2,
     "r.yaml:6:6: ", "YAML forbids tabs for indentation; use spaces", "\tgain"},
    {"yaml_duplicate_key", V "tracks:\n  a: {file: m.wav, gain: 1, gain: 2}\n", 2,
     "r.yaml:3:29: tracks.a.gain:", "duplicate key (first written at line 3)", "gain: 2"},
    /* a merge key: said as what it is, not as an unknown key with the
     * list of a track's 36 (review 155 #5) */
    {"yaml_merge_key", V "tracks:\n  b: &k {file: m.wav, gain: 1 dB}\n  a: {<<: *k, file: m.wav}\n",
     2, "r.yaml:4:7: tracks.a.<<:",
     "'<<' in a track is a YAML merge key, which stemprint does not read; write the keys out (an "
     "alias of a whole value, *name, is read)",
     "<<: *k"},
    /* a tag of an application's (review 155 #5: read past as if not
     * there, "-2 dB"); YAML's own (!!str) reads as the text */
    {"yaml_custom_tag", V "tracks:\n  a: {file: m.wav, gain: !foo -2 dB}\n", 2,
     "r.yaml:3:26: tracks.a.gain:",
     "the tag '!foo' is none that stemprint reads: a recipe's values take YAML's own (!!str, "
     "!!float) or none; remove it",
     "!foo"},
    {"missing_version", T, 2, "r.yaml:1:1: stemprint:",
     "missing 'stemprint' (the recipe's format version: 1); add 'stemprint: 1'", "tracks"},
    {"unknown_version", "stemprint: 2\n" T, 2,
     "r.yaml:1:12: stemprint:", "recipe format '2' is not known", "2"},
    {"unknown_top_key", V "trakcs:\n  a: {file: m.wav}\n" T, 2,
     "r.yaml:2:1: trakcs:", "did you mean 'tracks'?", "trakcs"},
    {"unknown_track_key", V "tracks:\n  a: {file: m.wav, gian: 3}\n", 2,
     "r.yaml:3:20: tracks.a.gian:", "did you mean 'gain'?", "gian"},
    {"tracks_as_a_list", V "tracks:\n  - m.wav\n", 2,
     "r.yaml:3:3: tracks:", "expected a mapping of track names", "- m.wav"},
    {"gain_as_a_mapping", V "tracks:\n  a: {file: m.wav, gain: {db: 3}}\n", 2,
     "r.yaml:3:26: tracks.a.gain:", "expected a value like '-3 dB'", "{db: 3}"},
    {"ramp_unknown", V "tracks:\n  a: {file: m.wav, gain: {ramp: linear, points: [[0, 0 dB]]}}\n",
     2, "r.yaml:3:33: tracks.a.gain.ramp:", "expected 'db' (linear in dB, the default), 'ardour'",
     "linear"},
    {"ramp_without_points", V "tracks:\n  a: {file: m.wav, gain: {ramp: ardour}}\n", 2,
     "r.yaml:3:26: tracks.a.gain:", "needs 'points: [[time, level], ...]'", "{ramp: ardour}"},
    {"ramp_on_a_pan", V "tracks:\n  a: {file: m.wav, pan: {ramp: ardour, points: [[0, 0]]}}\n", 2,
     "r.yaml:3:25: tracks.a.pan:", "pans move linearly; 'ramp' is for levels", "{ramp: ardour"},
    {"mute_yes", V "tracks:\n  a: {file: m.wav, mute: yes}\n", 2,
     "r.yaml:3:26: tracks.a.mute:", "expected true or false, got 'yes'", "yes"},
    {"mute_points_out_of_order",
     V "tracks:\n  a: {file: m.wav, mute: [[1 s, true], [0.5 s, false]]}\n", 2,
     "r.yaml:3:41: tracks.a.mute[1][0]:",
     "automation points must be in time order: this point at 0.5 s comes after one at 1 s",
     "0.5 s"},
    {"bypass_point_not_a_bool",
     V "tracks:\n  a: {file: m.wav, inserts: [{gain: {gain: -6 dB, bypass: [[0, false], [1 s, "
       "maybe]]}}]}\n",
     2, "r.yaml:3:78: tracks.a.inserts[0].gain.bypass[1][1]:",
     "expected true or false, got 'maybe'", "maybe"},
    {"bypass_points_out_of_order",
     V "tracks:\n  a: {file: m.wav, inserts: [{gain: {gain: -6 dB, bypass: [[1 s, true], [0.5 s, "
       "false]]}}]}\n",
     2, "r.yaml:3:74: tracks.a.inserts[0].gain.bypass[1][0]:",
     "automation points must be in time order: this point at 0.5 s comes after one at 1 s",
     "0.5 s"},
    {"bypass_points_not_pairs",
     V "tracks:\n  a: {file: m.wav, inserts: [{gain: {gain: -6 dB, bypass: [true, false]}}]}\n", 2,
     "r.yaml:3:59: tracks.a.inserts[0].gain.bypass:",
     "a moving bypass is a list of [time, true or false] points in time order", "[true"},
    {"polarity_channel_not_a_bool",
     V "tracks:\n  a: {file: m.wav, invert: [[0, false], [1 s, [true, maybe]]]}\n", 2,
     "r.yaml:3:54: tracks.a.invert[1][1][1]:", "expected true or false, got 'maybe'", "maybe"},
    {"invert_channel_not_a_boolean", V "tracks:\n  a: {file: m.wav, invert: [true, maybe]}\n", 2,
     "r.yaml:3:35: tracks.a.invert[1]:", "expected true or false, got 'maybe'", "maybe"},
    {"invert_channels_none", V "tracks:\n  a: {file: m.wav, invert: []}\n", 2,
     "r.yaml:3:28: tracks.a.invert:",
     "expected one true or false for each channel entering the strip's chain, like [false, true]",
     "[]"},
    {"unit_case", V "tracks:\n  a: {file: m.wav, gain: -3 db}\n", 2,
     "r.yaml:3:26: tracks.a.gain:", "unit 'db' is spelled 'dB'", "-3 db"},
    {"unit_unknown", V "tracks:\n  a: {file: m.wav, fade_in: 5 parsecs}\n", 2,
     "r.yaml:3:29: tracks.a.fade_in:", "expected a time like '10 ms'", "5 parsecs"},
    {"pan_out_of_range", V "tracks:\n  a: {file: m.wav, pan: 2}\n", 2,
     "r.yaml:3:25: tracks.a.pan:", "2 is out of range; expected -1 .. 1", "2"},
    {"sample_rate_too_low", V "sample_rate: 1000\n" T, 2,
     "r.yaml:2:14: sample_rate:", "1000 Hz is out of range; expected 8000 Hz .. 768000 Hz", "1000"},
    {"clock_seconds_over_59", V "tracks:\n  a: {file: m.wav, at: \"1:75\"}\n", 2,
     "r.yaml:3:24: tracks.a.at:", "not a time of the form m:ss.fff", "\"1:75\""},
    {"negative_time", V "tracks:\n  a: {file: m.wav, at: -1}\n", 2,
     "r.yaml:3:24: tracks.a.at:", "a time cannot be negative", "-1"},
    {"unknown_bus", V "tracks:\n  a: {file: m.wav, to: drum}\nbuses:\n  drums: {}\n", 2,
     "r.yaml:3:24: tracks.a.to:", "no bus named 'drum'; did you mean 'drums'?", "drum"},
    {"track_a_list", V "tracks:\n  a: [m.wav]\n", 2,
     "r.yaml:3:6: tracks.a:", "write its file alone (a: audio/a.wav)", "[m.wav]"},
    /* a target in the wrong unit is said once, not also as no target */
    {"loudness_target_in_db", V T "checks: {loudness: {target: -14 dB}}\n", 2,
     "r.yaml:4:29: checks.loudness.target:", "unit 'dB' does not fit here", "-14 dB"},
    {"set_loudness_misspelt", V T "output: {also: [{format: flac, loudness: nnone}]}\n", 2,
     "r.yaml:4:42: output.also[0].loudness:", "or 'none' (the set's loudness rule", "nnone"},
    /* a level's mapping left empty is no level, not none */
    {"lfe_left_empty", V "tracks:\n  a: {file: m.wav, lfe: ~}\n", 2,
     "r.yaml:3:25: tracks.a.lfe:", "expected a value like '-3 dB' or '-inf dB', got nothing", "~"},
    {"track_to_none", V "tracks:\n  a: {file: m.wav, to: none}\n", 2, "r.yaml:3:24: tracks.a.to:",
     "a track always feeds a bus or master; 'to: none' is for buses", "none"},
    /* an azimuth refused by the check, a point after it: the graph built
     * to say more takes the short way round from no refused point (its
     * turns never ran to 1e308) */
    {"azimuth_past_its_range",
     V "tracks:\n  a: {file: m.wav, pan: {azimuth: [[0, 20], [1 s, 1e308], [2 s, 30]]}}\n"
       "master: {layout: 5.1}\n",
     2, "r.yaml:3:51: tracks.a.pan.azimuth[1][1]:", "1e+308 is out of range; expected -180 .. 180",
     "1e308"},
    {"to_a_list", V "tracks:\n  a: {file: m.wav, to: [drums]}\n", 2, "r.yaml:3:24: tracks.a.to:",
     "expected the bus its output feeds, master, or none, got a list", "[drums]"},
    {"object_a_list", V T "buses:\n  o: {object: [near]}\nmaster: {layout: 5.1, adm: true}\n", 2,
     "r.yaml:5:15: buses.o.object:", "expected true, false, or {binaural}, got a list", "[near]"},
    {"send_to_unknown_bus",
     V "tracks:\n  a: {file: m.wav, sends: [{to: verbb}]}\nbuses:\n  verb: {}\n", 2,
     "r.yaml:3:33: tracks.a.sends[0].to:", "did you mean 'verb'?", "verbb"},
    {"send_to_master", V "tracks:\n  a: {file: m.wav, sends: [{to: master}]}\n", 2,
     "r.yaml:3:33: tracks.a.sends[0].to:", "a send feeds a bus (an aux return), not master",
     "master"},
    {"output_to_a_track", V "tracks:\n  a: {file: m.wav, to: b}\n  b: {file: m.wav}\n", 2,
     "r.yaml:3:24: tracks.a.to:", "'b' is a track", "b"},
    /* a bus may feed nothing (`to: none`): a word near it is that */
    {"bus_to_none_misspelt", V "tracks:\n  v: {file: m.wav, to: x}\nbuses:\n  x: {to: nonee}\n", 2,
     "r.yaml:5:11: buses.x.to:", "no bus named 'nonee'; did you mean 'none'?", "nonee"},
    {"one_polarity_for_two", V "tracks:\n  a: {file: s.wav, invert: [true]}\n", 2,
     "r.yaml:3:28: tracks.a.invert:", "1 polarity for a strip whose chain takes 2 channels",
     "[true]"},
    {"cycle_through_to",
     V "tracks:\n  v: {file: m.wav, to: x}\nbuses:\n  x: {to: y}\n  y: {to: x}\n", 2,
     "r.yaml:6:11: buses.y.to:", "routing cycle: x -> y -> x", "x"},
    {"cycle_through_sends",
     V "tracks:\n  v: {file: m.wav, to: verb}\nbuses:\n  verb: {sends: [{to: slap}]}\n"
       "  slap: {to: verb}\n",
     2, "r.yaml:6:14: buses.slap.to:", "routing cycle: verb -> slap -> verb", "verb"},
    /* a number's range and an example in it; a unit it does not take */
    {"pan_not_a_number", V "tracks:\n  a: {file: m.wav, pan: lef}\n", 2,
     "r.yaml:3:25: tracks.a.pan:", "expected a plain number from -1 to 1, like '0.5', got 'lef'",
     "lef"},
    {"number_given_in_db", V "tracks:\n  a: {file: m.wav, width: -3 dB}\n", 2,
     "r.yaml:3:27: tracks.a.width:",
     "a plain number from -1 to 1, without a unit; got '-3 dB'; if it is a linear gain, -3 dB is "
     "0.707946",
     "-3 dB"},
    {"sample_rate_in_khz", V "sample_rate: 48\n" T, 2, "r.yaml:2:14: sample_rate:",
     "a frequency without a unit is in Hz: did you mean '48 kHz'?", "48"},
    /* a file spelt otherwise than the one beside it */
    {"file_of_another_case", V "tracks:\n  a: {file: M.wav}\n", 3,
     "r.yaml:3:13: tracks.a.file:", "No such file or directory; did you mean '", "M.wav"},
    {"missing_file", V "tracks:\n  a: {file: nope.wav}\n", 3, "r.yaml:3:13: tracks.a.file:",
     "nope.wav': No such file or directory; check the path", "nope.wav"},
    /* a checkout without `git lfs pull`, a download that failed: said so
     * (they were "not a readable audio file (libsndfile: Format not
     * recognised.)") */
    {"git_lfs_pointer", V "tracks:\n  a: {file: lfs.wav}\n", 3, "r.yaml:3:13: tracks.a.file:",
     "lfs.wav': it is a Git LFS pointer, not audio: fetch the file it stands for with `git lfs "
     "pull`",
     "lfs.wav"},
    {"empty_file", V "tracks:\n  a: {file: empty.wav}\n", 3, "r.yaml:3:13: tracks.a.file:",
     "empty.wav': it is empty (0 bytes): a copy or a download that failed? copy it again",
     "empty.wav"},
    {"garbage_file", V "tracks:\n  a: {file: junk.wav}\n", 3,
     "r.yaml:3:13: tracks.a.file:", "not a readable audio file", "junk.wav"},
    /* a file of a kind that is no audio is said for what it is (io/fs/kind.h) */
    {"soundfont_file", V "tracks:\n  a: {file: sounds.sf2}\n", 3,
     "r.yaml:3:13: tracks.a.file:", "sounds.sf2': it is a SoundFont, not audio", "sounds.sf2"},
    {"zip_file", V "tracks:\n  a: {file: take.zip}\n", 3,
     "r.yaml:3:13: tracks.a.file:", "take.zip': it is a ZIP file, not audio", "take.zip"},
    /* `files:` (files side by side, Ardour's %L and %R): a list of two or more,
     * not beside `file:` or `channel:`, each read, at one rate, unstretched */
    {"files_not_a_list", V "tracks:\n  a: {files: m.wav}\n", 2,
     "r.yaml:3:14: tracks.a.files:", "expected a list of 2 to 16 paths", "m.wav"},
    {"files_of_one", V "tracks:\n  a: {files: [m.wav]}\n", 2, "r.yaml:3:14: tracks.a.files:",
     "expected a list of 2 to 16 paths (audio files played side by side, their channels the "
     "region's in order (Ardour's %L and %R mono files)), like [take%L.wav, take%R.wav], got "
     "fewer; one file is 'file:'",
     "[m.wav]"},
    /* (how many is the check's: a list refused whole is left out, so what
     * hangs on it, a 'channel:' beside it, is not said too) */
    {"files_of_seventeen_beside_channel",
     V "tracks:\n  a: {files: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q], channel: 1}\n",
     2, "r.yaml:3:14: tracks.a.files:",
     "like [take%L.wav, take%R.wav], got more; one file is 'file:'", "[a, b"},
    {"files_and_file", V "tracks:\n  a: {file: m.wav, files: [m.wav, m.wav]}\n", 2,
     "r.yaml:3:20: tracks.a.files:",
     "a region plays either audio files side by side ('files:') or one file ('file:'), not both",
     "files"},
    {"files_and_channel", V "tracks:\n  a: {files: [m.wav, s.wav], channel: 2}\n", 2,
     "r.yaml:3:39: tracks.a.channel:", "give the one file as 'file:' with its 'channel:'", "2"},
    {"files_missing_one", V "tracks:\n  a: {files: [m.wav, nope.wav]}\n", 3,
     "r.yaml:3:22: tracks.a.files[1]:", "No such file or directory", "nope.wav"},
    {"files_at_two_rates", V "tracks:\n  a: {files: [m.wav, m44.wav]}\n", 2,
     "r.yaml:3:22: tracks.a.files[1]:", "at 44100 Hz and", "m44.wav"},
    {"files_stretched", V "tracks:\n  a: {files: [m.wav, m.wav], stretch: 2}\n", 2,
     "r.yaml:3:39: tracks.a.stretch:", "a region of 'files:' is not stretched", "2"},
    {"source_holds_nan", V "tracks:\n  a: {file: nan.wav}\n", 3, "r.yaml:3:13: tracks.a.file:",
     "holds a non-finite sample (NaN or infinity) at frame 12000 (0.250000 s into the file)",
     "nan.wav"},
    {"file_is_a_folder", V "tracks:\n  a: {file: adir.wav}\n", 3,
     "r.yaml:3:13: tracks.a.file:", "it is a folder, not an audio file", "adir.wav"},
    {"three_channels", V "tracks:\n  a: {file: three.wav}\n", 2, "r.yaml:3:13: tracks.a.file:",
     "has 3 channels and no channel mask to say which; give the track its layout, like layout: "
     "LCR",
     "three.wav"},
    /* 8 channels written by libsndfile with no map: its default mask 0xFF */
    {"eight_channels_default_mask", V "tracks:\n  a: {file: eight.wav}\n", 2,
     "r.yaml:3:13: tracks.a.file:",
     "has 8 channels and only its writer's default channel mask (0xFF) to say which; give the "
     "track its layout, like layout: 7.1",
     "eight.wav"},
    /* layouts and their routes (issue 33) */
    {"layout_misspelt", V T "master: {layout: 51}\n", 2, "r.yaml:4:18: master.layout:",
     "expected a layout: mono, stereo, LCR, quad, 5.0, 5.1, 6.0, 6.1, 7.0, 7.1, 5.1.2, 5.1.4, "
     "7.1.2, 7.1.4 or 9.1.6 (stemprint help layouts); did you mean '5.1'?",
     "51"},
    {"layout_numbers_in_another_order", V T "master: {layout: 7.4.1}\n", 2,
     "r.yaml:4:18: master.layout:", "(stemprint help layouts); did you mean '7.1.4'?", "7.4.1"},
    {"layout_of_a_track_not_its_files", V "tracks:\n  a: {file: m.wav, layout: 5.1}\n", 3,
     "r.yaml:3:13: tracks.a.file:", "has 1 channel; the track's layout 5.1 has 6", "m.wav"},
    /* a stereo file on a track said to be mono: not its right channel
     * dropped (issue 42), and quad on a stereo file as ever */
    {"layout_mono_of_a_stereo_file", V "tracks:\n  a: {file: s.wav, layout: mono}\n", 3,
     "r.yaml:3:13: tracks.a.file:",
     "s.wav' has 2 channels; the track's layout mono has 1: give the layout the file is in (of "
     "stereo), or remove 'layout' to take the file's; to hear it as mono, fold it: inserts: "
     "[{fold: mono}]",
     "s.wav"},
    {"layout_quad_of_a_stereo_file", V "tracks:\n  a: {file: s.wav, layout: quad}\n", 3,
     "r.yaml:3:13: tracks.a.file:",
     "s.wav' has 2 channels; the track's layout quad has 4: give the layout the file is in (of "
     "stereo), or remove 'layout' to take the file's",
     "s.wav"},
    {"surround_bus_into_stereo_without_a_fold",
     V "tracks:\n  a: {file: m.wav, to: sur}\nbuses:\n  sur: {layout: 5.1}\n", 2,
     "r.yaml:5:3: buses.sur.to:",
     "'sur' is 5.1 and 'master' stereo: say how its channels fold into master's: fold: bs775",
     "sur"},
    {"pan_on_a_surround_bus",
     V "tracks:\n  a: {file: m.wav, to: sur}\nbuses:\n  sur: {layout: 5.1, pan: 0.5, fold: "
       "bs775}\n",
     2, "r.yaml:5:27: buses.sur.pan:", "'sur' is 5.1: pan places a mono or stereo signal", "0.5"},
    {"a_channel_the_destination_lacks",
     V "tracks:\n  a: {file: m.wav, channels: [Cs]}\nmaster: {layout: 5.1}\n", 2,
     "r.yaml:3:30: tracks.a.channels:",
     "'master' has no channel Cs; its channels are L R C LFE Ls Rs", "[Cs]"},
    {"send_position_from_a_surround_bus",
     V "tracks:\n  a: {file: m.wav, to: sur}\nbuses:\n  sur: {layout: 5.1, sends: [{to: fx, pan: "
       "{azimuth: 110}}]}\n  fx: {layout: 5.1}\nmaster: {layout: 5.1}\n",
     2, "r.yaml:5:44: buses.sur.sends[0].pan:",
     "'sur' is 5.1: a position places a mono or stereo signal; its send feeds 'fx' channel to "
     "channel (or by the strip's fold); remove it",
     "{azimuth: 110}"},
    {"pan_beside_named_channels",
     V "tracks:\n  a: {file: m.wav, channels: [C], pan: 0.5}\nmaster: {layout: 5.1}\n", 2,
     "r.yaml:3:40: tracks.a.pan:",
     "'a' goes into named channels (channels: [...]), which pan does not move, and no send "
     "follows its pan: remove 'pan', or 'channels' to place it",
     "0.5"},
    {"pan_0_beside_named_channels",
     V "tracks:\n  a: {file: m.wav, channels: [C], pan: 0}\nmaster: {layout: 5.1}\n", 2,
     "r.yaml:3:40: tracks.a.pan:",
     "'a' goes into named channels (channels: [...]), which pan does not move, and no send "
     "follows its pan: remove 'pan', or 'channels' to place it",
     "0}"},
    {"position_key_misspelt",
     V "tracks:\n  a: {file: m.wav, pan: {azimth: 20}}\nmaster: {layout: 5.1}\n", 2,
     "r.yaml:3:26: tracks.a.pan.azimth:",
     "unknown key 'azimth' in a position (or a gain matrix: {gains: ...}); did you mean "
     "'azimuth'?",
     "azimth"},
    {"spread_beyond_a_half_circle",
     V "tracks:\n  a: {file: m.wav, pan: {azimuth: 0, spread: 200}}\nmaster: {layout: 5.1}\n", 2,
     "r.yaml:3:46: tracks.a.pan.spread:", "200 is out of range; expected 0 .. 180", "200"},
    {"channel_named_twice",
     V "tracks:\n  a: {file: m.wav, channels: [C, C]}\nmaster: {layout: 5.1}\n", 2,
     "r.yaml:3:34: tracks.a.channels[1]:", "'C' is named twice; name each channel once", "C"},
    {"channel_in_the_wrong_case",
     V "tracks:\n  a: {file: m.wav, channels: [c]}\nmaster: {layout: 5.1}\n", 2,
     "r.yaml:3:30: tracks.a.channels:",
     "'master' has no channel c; its channels are L R C LFE Ls Rs (did you mean 'C'?)", "[c]"},
    /* 7.1.2's heights are top middles, Ltm and Rtm: a 7.1.4 height named on
     * it is the top middle it folds into */
    {"a_front_height_on_a_7_1_2",
     V "tracks:\n  a: {file: m.wav, channels: [Ltf]}\nmaster: {layout: 7.1.2}\n", 2,
     "r.yaml:3:30: tracks.a.channels:",
     "'master' has no channel Ltf; its channels are L R C LFE Lrs Rrs Ls Rs Ltm Rtm (did you "
     "mean 'Ltm'?)",
     "[Ltf]"},
    {"a_rear_height_gain_on_a_7_1_2",
     V "tracks:\n  a: {file: m.wav, pan: {gains: {Rtr: 1}}}\nmaster: {layout: 7.1.2}\n", 2,
     "r.yaml:3:33: tracks.a.pan.gains.Rtr:",
     "'master' has no channel Rtr; its channels are L R C LFE Lrs Rrs Ls Rs Ltm Rtm (did you "
     "mean 'Rtm'?)",
     "{Rtr: 1}"},
    {"layout_without_its_dots", V T "master: {layout: 714}\n", 2,
     "r.yaml:4:18: master.layout:", "did you mean '7.1.4'?", "714"},
    {"gains_in_db",
     V "tracks:\n  a: {file: m.wav, pan: {gains: {L: -3 dB}}}\nmaster: {layout: 5.1}\n", 2,
     "r.yaml:3:37: tracks.a.pan.gains.L:",
     "a gain matrix's gains are linear: 1 is 0 dB, 0.708 is -3 dB, 0.5 is -6 dB (got '-3 dB')",
     "-3 dB"},
    /* (how many is the check's, as of files:) */
    {"gains_of_none", V "tracks:\n  a: {file: m.wav, pan: {gains: {}}}\n", 2,
     "r.yaml:3:33: tracks.a.pan.gains:",
     "expected the destination's channels and their gains, like {L: 0.97, Ls: 0.24}", "{}"},
    {"send_takes_a_matrix_its_bus_cannot",
     V "tracks:\n  a: {file: m.wav, pan: {gains: {C: 1}}, sends: [{to: verb}]}\nbuses:\n  verb: "
       "{gain: 0 dB}\nmaster: {layout: 5.1}\n",
     2, "r.yaml:3:50: tracks.a.sends[0]:",
     "the send into 'verb' (stereo: L R) takes 'a's gain matrix, which names channels it has not: "
     "give the send a pan of its own, like {to: verb, pan: 0}",
     "{to: verb}"},
    {"multi_mono_set_without_its_channel",
     V T "master: {layout: 5.1}\noutput: {also: [{format: wav, channels: split}]}\n", 2,
     "r.yaml:5:17: output.also[0]:",
     "a multi-mono set names each channel's file: put {channel} in its name", "{format"},
    /* inserts on some channels of a path, detectors narrowed (issue 33) */
    {"insert_on_a_channel_the_path_lacks",
     V T "master: {layout: 5.1, inserts: [{eq: {freq: 1 kHz, gain: 3 dB, channels: [L, Lw]}}]}\n",
     2, "r.yaml:4:78: master.inserts[0].eq.channels[1]:",
     "'Lw' is not a channel of master's path here (5.1: L R C LFE Ls Rs); name channels of those",
     "Lw"},
    {"insert_on_a_front_height_of_a_7_1_2",
     V T "master: {layout: 7.1.2, inserts: [{gain: {gain: -3 dB, channels: [Rtf]}}]}\n", 2,
     "r.yaml:4:67: master.inserts[0].gain.channels[0]:",
     "'Rtf' is not a channel of master's path here (7.1.2: L R C LFE Lrs Rrs Ls Rs Ltm Rtm); name "
     "channels of those (did you mean 'Rtm'?)",
     "Rtf"},
    {"insert_on_a_channel_twice",
     V T "master: {layout: 5.1, inserts: [{gain: {gain: -3 dB, channels: [C, C]}}]}\n", 2,
     "r.yaml:4:68: master.inserts[0].gain.channels[1]:", "'C' is named twice", "C"},
    {"fold_on_some_channels",
     V T "master: {layout: 5.1, inserts: [{fold: {to: stereo, channels: [L, R]}}]}\n", 2,
     "r.yaml:4:63: master.inserts[0].fold.channels:",
     "'fold' changes its path's channels (it folds them into another layout), so it runs on the "
     "whole path; remove 'channels'",
     "[L, R]"},
    {"detect_on_an_eq", V T "master: {inserts: [{eq: {freq: 1 kHz, detect: [L]}}]}\n", 2,
     "r.yaml:4:47: master.inserts[0].eq.detect:",
     "'eq' has no detector to narrow (compressor, gate and limiter have); remove 'detect'", "[L]"},
    {"detect_beside_a_key", V T "master: {inserts: [{compressor: {key: a, detect: [L]}}]}\n", 2,
     "r.yaml:4:50: master.inserts[0].compressor.detect:", "a key replaces what the detector hears",
     "[L]"},
    {"detect_off_the_channels_it_runs_on",
     V T "master: {layout: 5.1, inserts: [{limiter: {channels: [L, R], detect: [C]}}]}\n", 2,
     "r.yaml:4:71: master.inserts[0].limiter.detect[0]:",
     "'C' is not among the channels the insert runs on", "C"},
    {"lfe_into_stereo", V "tracks:\n  a: {file: m.wav, lfe: -10 dB}\n", 2,
     "r.yaml:3:25: tracks.a.lfe:", "'master' is stereo, which has no LFE; remove 'lfe'", "-10 dB"},
    {"nothing_to_fold", V "tracks:\n  a: {file: m.wav, fold: bs775}\n", 2,
     "r.yaml:3:26: tracks.a.fold:", "nothing to fold; remove 'fold'", "bs775"},
    {"flac_of_more_than_eight_channels", V T "master: {layout: 7.1.4}\noutput: {format: flac}\n", 2,
     "r.yaml:5:18: output.format:",
     "flac holds at most 8 channels and 'master' is 7.1.4 (12): print wav or aiff", "flac"},
    /* libsndfile writes W64 with no channel mask: a 5.1 print read back as
     * 6 channels of no layout, by stemprint too (review 21 F4) */
    {"w64_of_more_than_two_channels", V T "master: {layout: 5.1}\noutput: {format: w64}\n", 2,
     "r.yaml:5:18: output.format:",
     "w64 holds at most 2 channels and 'master' is 5.1 (6): print wav or aiff", "w64"},
    /* a track number past the album's tracks was written so (review 21 F9) */
    {"a_track_number_past_the_tracks", V T "output: {tags: {track: 11, tracks: 10}}\n", 2,
     "r.yaml:4:24: output.tags.track:",
     "track 11 of 10: past the album's tracks; give its number, or the count", "11"},
    /* a cover read when the recipe is, by check as by render (review 30
     * F1: render refused it after every frame, check said ok) */
    {"a_cover_that_is_not_there", V T "output: {format: flac, tags: {cover: none.png}}\n", 3,
     "r.yaml:4:38: output.tags.cover:", "'none.png': cannot read", "none.png"},
    {"a_disc_number_past_the_discs", V T "output: {tags: {disc: 3, discs: 2}}\n", 2,
     "r.yaml:4:23: output.tags.disc:",
     "disc 3 of 2: past the album's discs; give its number, or the count", "3"},
    /* FLAC and Opus say a file's speakers by its channel count alone
     * (issue 42): a 6.0 master in FLAC would play its Cs as an LFE */
    {"flac_of_a_layout_its_count_does_not_say",
     V T "master: {layout: 6.0}\noutput: {format: flac}\n", 2, "r.yaml:5:18: output.format:",
     "flac says a file's speakers by its channel count alone (6 channels are 5.1: L R C LFE Ls "
     "Rs) and 'master' is 6.0 (L R C Cs Ls Rs): print wav, which says them by a channel mask",
     "flac"},
    {"opus_set_of_5_1_2", V T "master: {layout: 5.1.2}\noutput: {also: [{format: opus}]}\n", 2,
     "r.yaml:5:17: output.also[0]:",
     "opus says a file's speakers by its channel count alone (8 channels are 7.1: L R C LFE Lrs "
     "Rrs Ls Rs) and 'master' is 5.1.2 (L R C LFE Ls Rs Ltf Rtf): print wav, which says them by a "
     "channel mask, or fold the set's files into a layout it holds: mono, stereo, LCR, quad, 5.0, "
     "5.1, 6.1 or 7.1",
     "{format"},
    {"opus_set_folded_into_7_0", V T "output: {also: [{format: opus, layout: 7.0}]}\n", 2,
     "r.yaml:4:17: output.also[0]:",
     "and the set is 7.0 (L R C Lrs Rrs Ls Rs): fold it into a layout opus holds", "{format"},
    /* an MP3 whose frames cannot hold LAME's info tag plays 1105 samples
     * late in every decoder (issue 42) */
    {"mp3_without_room_for_its_tag", V T "output: {also: [{format: mp3, bitrate: 48 kbps}]}\n", 2,
     "r.yaml:4:40: output.also[0].bitrate:",
     "mp3 at 48 kHz needs at least 64 kbps (stereo): the frames of 48 kbps cannot hold LAME's "
     "info tag, which tells a decoder the encoder's delay and padding, so every player would "
     "start the files 1105 samples late; give the set bitrate: 64 kbps or more",
     "48 kbps"},
    {"mp3_over_its_mpeg_versions_bitrate",
     V T "output: {also: [{format: mp3, rate: 22.05 kHz, bitrate: 192 kbps}]}\n", 2,
     "r.yaml:4:57: output.also[0].bitrate:",
     "mp3 at 22.05 kHz (MPEG-2) takes at most 160 kbps, not 192; give the set bitrate: 160 kbps, "
     "or a rate of 32 kHz or more",
     "192 kbps"},
    /* FFmpeg's AAC encoder clamps a bitrate past 6 kbps a channel a kHz,
     * and the report said what was asked (review 21 F9) */
    {"aac_over_what_its_encoder_gives",
     V T "output: {also: [{format: aac, rate: 16 kHz, bitrate: 256 kbps}]}\n", 2,
     "r.yaml:4:54: output.also[0].bitrate:",
     "aac at 16 kHz gives at most 192 kbps in 2 channels (FFmpeg's encoder: 6 kbps a channel for "
     "each kHz of rate), not 256: its files would hold less than the report says; give the set "
     "bitrate: 192 kbps or less, or a higher rate",
     "256 kbps"},
    {"mp3_of_a_surround_master", V T "master: {layout: 5.1}\noutput: {also: [{format: mp3}]}\n", 2,
     "r.yaml:5:17: output.also[0]:", "mp3 holds at most 2 channels and 'master' is 5.1 (6)",
     "{format"},
    /* the short form said as the preset key is (review 30 F6: "expected
     * 'ebu-r128', ... got 'netflix'", as if it were unknown) */
    {"loudness_short_form_dialogue_gated", V T "checks: {loudness: netflix}\n", 2,
     "r.yaml:4:20: checks.loudness:",
     "'netflix' measures dialogue-gated loudness (Netflix: -27 LKFS", "netflix"},
    {"loudness_preset_dialogue_gated", V T "checks: {loudness: {preset: netflix}}\n", 2,
     "r.yaml:4:29: checks.loudness.preset:",
     "'netflix' measures dialogue-gated loudness (Netflix: -27 LKFS", "netflix"},
    {"loudness_preset_in_capitals", V T "checks: {loudness: {preset: EBU-R128, target: x}}\n", 2,
     "r.yaml:4:47: checks.loudness.target:", "expected a value like", "x"},
    {"adm_renders_not_a_list", V T "master: {layout: 5.1, adm: {renders: 5.1}}\n", 2,
     "r.yaml:4:38: master.adm.renders:",
     "expected a list of layouts (the layouts it is re-rendered into and checked), like "
     "[7.1.4, 5.1, stereo]",
     "5.1"},
    /* the profile's loudness is the 5.1 re-render's: without one it was
     * never measured, and the master passed (review 25 F7) */
    {"adm_dolby_profile_without_a_5_1_render",
     V T "master: {layout: 5.1, adm: {renders: [stereo], profile: dolby}}\n", 2,
     "r.yaml:4:38: master.adm.renders:",
     "master.adm.profile dolby measures the master's loudness (at most -18 LKFS) on its 5.1 "
     "re-render, and its true peak on each, and this master re-renders no 5.1; add 5.1 to "
     "master.adm.renders, or write BS.2076-2 alone (profile: bs2076)",
     "[stereo]"},
    {"adm_renders_too_many",
     V T "master: {layout: 5.1, adm: {renders: [5.1, 5.1, 5.1, 5.1, 5.1, 5.1, 5.1, 5.1, 5.1]}}\n",
     2, "r.yaml:4:38: master.adm.renders:", "9 layouts; it takes at most 8", "[5.1"},
    {"version_mute_a_mapping", V T "versions: {tv: {mute: {a: 1}}}\n", 2,
     "r.yaml:4:23: versions.tv.mute:",
     "expected a name or a list of names (the tracks, buses or stems it leaves out), got a "
     "mapping",
     "{a"},
    {"pan_law_in_capitals", V T "pan_law: Ardour\n", 2, "r.yaml:4:10: pan_law:",
     "expected 'ardour' or a level like '-3 dB' or '-inf dB', got 'Ardour'; did you mean "
     "'ardour'?",
     "Ardour"},
    {"output_name_a_list", V T "output: {name: [a]}\n", 2, "r.yaml:4:16: output.name:",
     "expected a text (the files' name template, or one per kind of output), or {mix, stems, "
     "versions, buses}, got a list",
     "[a]"},
    {"format_a_list", "stemprint: [1]\n" T, 2,
     "r.yaml:1:12: stemprint:", "expected '1' (the recipe's format version: 1), got a list", "[1]"},
    {"stem_of_no_names", V T "stems: {d: [], e: [a]}\n", 2,
     "r.yaml:4:12: stems.d:", "expected at least one name (the tracks or buses it holds)", "[]"},
    {"a_sets_loudness_misspelt",
     V T "output: {also: [{format: wav, name: x, loudness: ebu-128}]}\n", 2,
     "r.yaml:4:50: output.also[0].loudness:", "did you mean 'ebu-r128'?", "ebu-128"},
    {"fold_not_a_fold", V "tracks:\n  a: {file: m.wav, fold: lo-ro}\n", 2,
     "r.yaml:3:26: tracks.a.fold:", "expected 'bs775' (ITU-R BS.775's coefficients) or levels",
     "lo-ro"},
    {"from_past_the_end", V "tracks:\n  a: {file: m.wav, from: 1 s}\n", 2,
     "r.yaml:3:26: tracks.a.from:", "at or past the end of 'm.wav' (0.500 s long)", "1 s"},
    {"length_past_the_end", V "tracks:\n  a: {file: m.wav, from: 0.25, length: 0.5}\n", 2,
     "r.yaml:3:40: tracks.a.length:", "at most 0.250 s remain after 'from'", "0.5"},
    {"fade_longer_than_region", V "tracks:\n  a: {file: m.wav, fade_in: 0.3, fade_out: 0.6}\n", 2,
     "r.yaml:3:44: tracks.a.fade_out:",
     "a fade-out of 0.600 s is longer than the region (0.500 s); shorten it", "0.6}"},
    {"fade_shape_unknown", V "tracks:\n  a: {file: m.wav, fade_in: {length: 0.1, shape: cosine}}\n",
     2, "r.yaml:3:50: tracks.a.fade_in.shape:", "unknown fade shape 'cosine'; expected linear",
     "cosine"},
    {"fade_shape_without_length", V "tracks:\n  a: {file: m.wav, fade_out: {shape: power}}\n", 2,
     "r.yaml:3:30: tracks.a.fade_out:", "a fade needs its 'length'", "{shape"},
    {"fade_curve_and_length",
     V "tracks:\n  a: {file: m.wav, fade_in: {length: 0.1, curve: [[0, 0], [0.1, 1]]}}\n", 2,
     "r.yaml:3:38: tracks.a.fade_in.length:", "a curve's last point is its length", "0.1,"},
    {"fade_curve_one_point", V "tracks:\n  a: {file: m.wav, fade_in: {curve: [[0, 0]]}}\n", 2,
     "r.yaml:3:37: tracks.a.fade_in.curve:", "at least two [time, gain] points", "[[0, 0]]"},
    {"fade_curve_not_from_0",
     V "tracks:\n  a: {file: m.wav, fade_in: {curve: [[0.05, 0], [0.1, 1]]}}\n", 2,
     "r.yaml:3:38: tracks.a.fade_in.curve[0]:", "starts at time 0, not 0.05 s; add a point [0, 0]",
     "[0.05"},
    {"fade_points_and_curve",
     V "tracks:\n  a: {file: m.wav, fade_in: {curve: [[0, 0], [0.1, 1]], points: [[0, 0], [0.1, "
       "1]]}}\n",
     2, "r.yaml:3:65: tracks.a.fade_in.points:", "a {curve} or {points}, not both",
     "[[0, 0], [0.1"},
    {"fade_points_above_two",
     V "tracks:\n  a: {file: m.wav, fade_in: {points: [[0.05, 0], [0.1, 3]]}}\n", 2,
     "r.yaml:3:56: tracks.a.fade_in.points[1][1]:", "expected 0 .. 2", "3]"},
    {"fade_curve_same_time",
     V "tracks:\n  a: {file: m.wav, fade_in: {curve: [[0, 0], [0.1, 0.5], [0.1, 1]]}}\n", 2,
     "r.yaml:3:58: tracks.a.fade_in.curve[2]:", "at the same time (0.1 s)", "[0.1, 1]"},
    {"fade_curve_gain_above_1",
     V "tracks:\n  a: {file: m.wav, fade_in: {curve: [[0, 0], [0.1, 2]]}}\n", 2,
     "r.yaml:3:52: tracks.a.fade_in.curve[1][1]:", "expected 0 .. 1", "2]"},
    {"inverse_on_a_region_not_opaque",
     V "tracks:\n  a:\n    regions:\n      - {file: m.wav, fade_in: {length: 0.1, inverse: [[0, "
       "1]]}}\n",
     2, "r.yaml:5:55: tracks.a.regions[0].fade_in.inverse:",
     "fades the regions below an opaque region; add 'opaque: true'", "[[0, 1]]"},
    {"inverse_on_a_track_of_one_region",
     V "tracks:\n  a: {file: m.wav, fade_out: {length: 0.1, inverse: [[0, 1]]}}\n", 2,
     "r.yaml:3:53: tracks.a.fade_out.inverse:", "a track of one region has nothing below it",
     "[[0, 1]]"},
    {"inverse_above_two",
     V "tracks:\n  a:\n    regions:\n      - {file: m.wav, opaque: true, fade_in: {length: 0.1, "
       "inverse: [[0, 1], [0.05, 2.5]]}}\n",
     2, "r.yaml:5:85: tracks.a.regions[0].fade_in.inverse[1][1]:",
     "2.5 is out of range; expected 0 .. 2", "2.5]"},
    {"inverse_jumps",
     V "tracks:\n  a:\n    regions:\n      - {file: m.wav, opaque: true, fade_in: {length: 0.1, "
       "inverse: [[0.02, 1], [0.02, 0]]}}\n",
     2, "r.yaml:5:81: tracks.a.regions[0].fade_in.inverse[1]:",
     "two points of an inverse fade at the same time (0.02 s)", "[0.02, 0]"},
    {"ardour_fade_with_a_length",
     V "tracks:\n  a: {file: m.wav, fade_in: {shape: ardour, length: 0.1}}\n", 2,
     "r.yaml:3:53: tracks.a.fade_in.length:", "64 frames long; remove 'length'", "0.1}"},
    {"warp_source_times_go_back",
     V "tracks:\n  a: {file: m.wav, warp: [[0, 0], [0.3, 0.4], [0.2, 0.6]]}\n", 2,
     "r.yaml:3:48: tracks.a.warp[2]:", "a warp's source times increase", "0.2, 0.6"},
    {"warp_region_times_go_back",
     V "tracks:\n  a: {file: m.wav, warp: [[0, 0], [0.2, 0.4], [0.3, 0.4]]}\n", 2,
     "r.yaml:3:53: tracks.a.warp[2]:", "a warp's region times increase", "0.4]]"},
    {"warp_not_from_region_time_0",
     V "tracks:\n  a: {file: m.wav, warp: [[0.1, 0.1], [0.3, 0.4]]}\n", 2,
     "r.yaml:3:33: tracks.a.warp[0]:", "starts at the region's start", "0.1], "},
    {"warp_with_from", V "tracks:\n  a: {file: m.wav, from: 0.1, warp: [[0, 0], [0.3, 0.4]]}\n", 2,
     "r.yaml:3:26: tracks.a.from:", "remove 'from'", "0.1, "},
    {"warp_and_stretch", V "tracks:\n  a: {file: m.wav, stretch: 2, warp: [[0, 0], [0.3, 0.4]]}\n",
     2, "r.yaml:3:29: tracks.a.stretch:", "remove 'stretch'", "2, "},
    {"pitch_out_of_range", V "tracks:\n  a: {file: m.wav, pitch: 30 st}\n", 2,
     "r.yaml:3:27: tracks.a.pitch:", "30 st is out of range; expected -24 st .. 24 st", "30 st}"},
    {"file_a_list", V "tracks:\n  a: {file: [m.wav]}\n", 2, "r.yaml:3:13: tracks.a.file:",
     "expected the path of the audio file it plays, relative to the recipe's folder, got a list",
     "[m.wav]}"},
    {"pitch_in_decibels", V "tracks:\n  a: {file: m.wav, pitch: -2 dB}\n", 2,
     "r.yaml:3:27: tracks.a.pitch:",
     "unit 'dB' does not fit here; expected a value like '-2 st' or '0.5 st'", "-2 dB}"},
    {"warp_span_stretched_50_times", V "tracks:\n  a: {file: m.wav, warp: [[0, 0], [0.01, 0.5]]}\n",
     2, "r.yaml:3:35: tracks.a.warp[1]:", "x50; a span is stretched 0.05 to 20 times",
     "[0.01, 0.5]"},
    {"warp_past_the_end", V "tracks:\n  a: {file: m.wav, warp: [[0, 0], [0.8, 1]]}\n", 2,
     "r.yaml:3:35: tracks.a.warp[1]:", "past the end of 'm.wav' (0.5 s long)", "[0.8, 1]"},
    {"opaque_not_a_boolean", V "tracks:\n  a:\n    regions:\n      - {file: m.wav, opaque: yes}\n",
     2, "r.yaml:5:31: tracks.a.regions[0].opaque:", "expected true or false, got 'yes'", "yes}"},
    {"region_in_a_list_past_the_end",
     V "tracks:\n  a:\n    regions:\n      - {file: m.wav}\n      - {file: m.wav, from: 2}\n", 2,
     "r.yaml:6:29: tracks.a.regions[1].from:", "at or past the end", "2}"},
    {"file_and_regions", V "tracks:\n  a: {file: m.wav, regions: [{file: m.wav}]}\n", 2,
     "r.yaml:3:13: tracks.a.file:",
     "'file' is a region's key, and this track lists its regions: give either 'file' (one "
     "region) or 'regions' (a list), not both; move 'file' into its region, like regions[0].file",
     "m.wav,"},
    {"track_in_two_stems",
     V "tracks:\n  a: {file: m.wav, to: g}\nbuses:\n  g: {}\nstems:\n  one: [g]\n  two: [a]\n", 2,
     "r.yaml:8:9: stems.two[0]:", "track 'a' is already in stem 'one'", "a]"},
    {"track_in_no_stem", V "tracks:\n  a: {file: m.wav}\n  b: {file: m.wav}\nstems:\n  one: [a]\n",
     2, "r.yaml:6:3: stems:", "track 'b' is in no stem", "one"},
    {"stem_names_unknown_track", V T "stems:\n  one: [aa]\n", 2,
     "r.yaml:5:9: stems.one[0]:", "no track or bus named 'aa'; did you mean 'a'?", "aa"},
    /* a key of stems: misspelt reads as a stem: said as such (review 155
     * #6: "no track or bus named 'sources'" alone) */
    {"stems_split_misspelt", V T "stems:\n  splt: sources\n  one: [a]\n", 2,
     "r.yaml:5:9: stems.splt[0]:",
     "no track or bus named 'sources'; 'splt' is read as a stem, its list the tracks and buses it "
     "holds: did you mean 'split: sources'?",
     "sources"},
    {"split_buses_names_a_non_input",
     V "tracks:\n  a: {file: m.wav, to: g}\nbuses:\n  g: {}\nstems:\n  split: buses\n"
       "  one: [a]\n",
     2, "r.yaml:8:9: stems.one[0]:", "'a' is not one of master's inputs (g)", "a]"},
    {"stem_named_like_the_mix", V T "stems:\n  mix: [a]\n", 2,
     "r.yaml:5:8: stems.mix:", "stem 'mix' would be written to 'mix.wav', like the mix", "[a]"},
    /* said by the check, at the stem's place (its list), as the graph's
     * messages of a stem are and a session's stem is (issue 88) */
    {"bad_stem_name", V T "stems: {\"b c\": [a]}\n", 2,
     "r.yaml:4:16: stems.b c:", "'b c' is not a valid stem name", "[a]"},
    {"bad_track_name", V "tracks:\n  \"a b\": {file: m.wav}\n", 2,
     "r.yaml:3:3: tracks.a b:", "'a b' is not a valid track name", "\"a b\""},
    {"format_unknown", V T "output: {format: wv}\n", 2, "r.yaml:4:18: output.format:",
     "expected 'wav', 'flac', 'aiff', 'w64' or 'alac' (the files' format), got 'wv'; did you mean "
     "'wav'?",
     "wv"},
    {"flac_cannot_be_float", V T "output: {format: flac, depth: 32f}\n", 2,
     "r.yaml:4:31: output.depth:", "flac cannot store 32-bit float", "32f"},
    {"depth_32_without_f", V T "output: {depth: 32}\n", 2,
     "r.yaml:4:17: output.depth:", "write '32f'", "32"},
    {"name_unknown_placeholder", V T "output: {name: \"{recipe}_{nmae}\"}\n", 2,
     "r.yaml:4:16: output.name:",
     "unknown placeholder '{nmae}' in '{recipe}_{nmae}'; did you mean '{name}'?",
     "\"{recipe}_{nmae}\""},
    {"name_unknown_placeholder_capitalised", V T "output: {name: \"{Nmae}\"}\n", 2,
     "r.yaml:4:16: output.name:",
     "unknown placeholder '{Nmae}' in '{Nmae}'; did you mean '{Name}'?", "\"{Nmae}\""},
    {"name_with_a_folder", V T "output: {name: \"prints/{name}\"}\n", 2,
     "r.yaml:4:16: output.name:", "holds a path separator ('/')", "\"prints/{name}\""},
    {"name_unclosed_brace", V T "output: {name: {stems: \"{name\"}}\n", 2,
     "r.yaml:4:24: output.name.stems:", "'{' without its '}'", "\"{name\""},
    {"name_same_for_every_stem",
     V T "  b: {file: m.wav}\nstems: {x: [a], y: [b]}\noutput: {name: \"{kind}\"}\n", 2,
     "r.yaml:5:20: stems.y:",
     "stem 'y' would be written to 'stem.wav', like stem 'x'; rename one of them, or put {name} in "
     "output.name",
     "[b]"},
    {"name_equal_up_to_case",
     V T "  b: {file: m.wav}\nstems: {x: [a], y: [b]}\noutput: {name: {stems: \"{NAME}\", mix: "
         "\"X\"}}\n",
     2, "r.yaml:5:12: stems.x:", "stem 'x' would be written to 'X.wav', like the mix", "[a]"},
    /* the mix named like a stem: one error, at output.mix, not one more for each set */
    {"mix_named_like_a_stem",
     V T "stems: {drums: [a]}\noutput: {mix: drums, also: [{format: mp3}, {format: flac, rate: "
         "44.1 kHz, depth: 16}]}\n",
     2, "r.yaml:5:15: output.mix:",
     "the mix 'drums' would be written to 'drums.wav', like stem 'drums'; rename the mix "
     "(output.mix) or the stem\n",
     "drums,"},
    {"mix_named_like_a_stem_under_a_template",
     V T "stems: {drums: [a]}\noutput: {name: \"{recipe}_{name}\", mix: drums, also: [{format: "
         "mp3}]}\n",
     2, "r.yaml:5:40: output.mix:",
     "the mix 'drums' would be written to 'r_drums.wav', like stem 'drums'; rename the mix "
     "(output.mix) or the stem\n",
     "drums,"},
    {"stems_apart_only_in_case",
     V T "  b: {file: m.wav}\nstems: {X: [a], x: [b]}\noutput: {also: [{format: mp3}]}\n", 2,
     "r.yaml:5:20: stems.x:",
     "stem 'x' would be written to 'x.wav', like stem 'X' (names that differ only in case are one "
     "file on macOS and Windows, whose file systems ignore case); rename one of them by more than "
     "case\n",
     "[b]"},
    /* a set whose names differ from the master set's only in case: said so, and
     * {khz} and {depth}, there already, are not the fix */
    {"also_apart_only_in_case",
     V T "output: {name: \"{name}_{khz}k_{depth}\", also: [{format: wav, name: "
         "\"{Name}_{khz}k_{depth}\"}]}\n",
     2, "r.yaml:4:48: output.also[0]:",
     "its files' names would differ from the master set's only in case (the mix 'mix' would be "
     "written to 'Mix_48k_24.wav' beside 'mix_48k_24.wav'), and names that differ only in case are "
     "one file on macOS and Windows, whose file systems ignore case; the two sets print the same "
     "format, rate, depth and layout, so {khz}, {depth} and {layout} cannot tell them apart: "
     "remove the set, or give it a name of its own that differs by more than case, like name: "
     "\"{Name}_{khz}k_{depth}_alt\"\n",
     "{format"},
    {"also_apart_in_depth_only", V T "output: {also: [{format: wav, depth: 16}]}\n", 2,
     "r.yaml:4:17: output.also[0]:",
     "name the sets apart by what differs between them: put {depth} in output.name, or give the "
     "set a name of its own, like name: \"{name}_{depth}bit\"\n",
     "{format"},
    /* a template no name can be printed under: one error at it, not one a file */
    {"name_template_unprintable_for_every_print",
     V T "  b: {file: m.wav}\nstems: {x: [a], y: [b]}\noutput: {name: \"{name} 100%\", also: "
         "[{format: mp3}]}\n",
     2, "r.yaml:6:16: output.name:", "holds '%', which make reads back in a file name only escaped",
     "\"{name} 100%\""},
    {"set_name_unprintable_for_every_print",
     V T "  b: {file: m.wav}\nstems: {x: [a], y: [b]}\noutput: {also: [{format: mp3, name: "
         "\"{name}%\"}]}\n",
     2, "r.yaml:6:37: output.also[0].name:",
     "holds '%', which make reads back in a file name only escaped (depfiles, the album "
     "Makefile's rules); change output.also[0].name",
     "\"{name}%\""},
    {"name_reserved_on_windows", V T "stems: {aux: [a]}\n", 2,
     "r.yaml:4:14: stems.aux:", "'aux.wav' is a device name on Windows", "[a]"},
    {"name_hidden", V T "output: {name: \".{name}\"}\n", 2, "r.yaml:4:16: output.name:",
     "the mix 'mix' cannot be printed under this name: '.mix.wav' starts with '.'", "\".{name}\""},
    {"name_a_make_cannot_list", V T "output: {name: \"{name} 100%\"}\n", 2,
     "r.yaml:4:16: output.name:", "holds '%', which make reads back in a file name only escaped",
     "\"{name} 100%\""},
    {"output_dir_through_a_file", V T "output: {dir: blocker/out}\n", 3,
     "r.yaml:4:15: output.dir:", "/blocker' is a file, not a folder", "blocker/out"},
    {"output_overwrites_an_input", V T "output: {dir: ., mix: m}\n", 2,
     "r.yaml:4:23: output.mix:", "would overwrite 'm.wav', an input of track 'a'", "m}"},
    {"output_overwrites_an_impulse_response",
     V "tracks:\n  a: {file: m.wav, to: verb}\nbuses:\n  verb: {inserts: [{convolver: {ir: "
       "s.wav}}]}\nstems:\n  s: [a]\noutput: {dir: .}\n",
     2, "r.yaml:7:6: stems.s:", "s.wav', the ir of buses.verb.inserts[0].convolver; choose another",
     "[a]"},
    {"unknown_processor", V "tracks:\n  a: {file: m.wav, inserts: [{gian: {gain: 1}}]}\n", 2,
     "r.yaml:3:31: tracks.a.inserts[0].gian:", "no processor named 'gian'; did you mean 'gain'?",
     "gian"},
    {"processor_parameter_out_of_range",
     V "tracks:\n  a: {file: m.wav, inserts: [{gain: {gain: 60 dB}}]}\n", 2,
     "r.yaml:3:44: tracks.a.inserts[0].gain.gain:",
     "60 dB is out of range; expected -inf dB .. 48 dB", "60 dB"},
    {"processor_unknown_parameter",
     V "tracks:\n  a: {file: m.wav, inserts: [{gain: {level: 3}}]}\n", 2,
     "r.yaml:3:38: tracks.a.inserts[0].gain.level:",
     "unknown key 'level' in the parameters of 'gain'; expected one of: gain, bypass, channels\n",
     "level"},
    /* An unknown parameter's message lists what that processor takes: a key
     * only where it takes one, bands only where it has them. */
    {"compressor_unknown_parameter",
     V "tracks:\n  a: {file: m.wav, inserts: [{compressor: {tresh: -20 dB}}]}\n", 2,
     "r.yaml:3:44: tracks.a.inserts[0].compressor.tresh:",
     "unknown key 'tresh' in the parameters of 'compressor'; expected one of: threshold, ratio, "
     "knee, attack, release, makeup, detector, bypass, channels, detect, key\n",
     "tresh"},
    {"eq_unknown_parameter",
     V "tracks:\n  a: {file: m.wav, inserts: [{eq: {freq: 80 Hz, width: 2}}]}\n", 2,
     "r.yaml:3:49: tracks.a.inserts[0].eq.width:",
     "unknown key 'width' in the parameters of 'eq'; expected one of: type, freq, gain, q, slope, "
     "bypass, channels, bands\n",
     "width"},
    {"unknown_key_beside_bands",
     V "tracks:\n  a: {file: m.wav, inserts: [{eq: {bands: [{freq: 30 Hz}], wet: 1}}]}\n", 2,
     "r.yaml:3:60: tracks.a.inserts[0].eq.wet:",
     "unknown key 'wet' in a band list; expected one of: bypass, channels, bands\n", "wet"},
    {"version_leaves_out_everything", V T "versions:\n  tv: {mute: [a]}\n", 2,
     "r.yaml:5:3: versions.tv:", "version 'tv' leaves out every track", "tv:"},
    {"sends_not_a_list", V "tracks:\n  a: {file: m.wav, sends: verb}\n", 2,
     "r.yaml:3:27: tracks.a.sends:", "expected a list of sends", "verb"},
    /* the lists of sub-tables, read by one walk (recipe_fill, parse_values.c) */
    {"regions_not_a_list", V "tracks:\n  a: {regions: {file: m.wav}}\n", 2,
     "r.yaml:3:16: tracks.a.regions:",
     "expected a list of regions like '- {file: a.wav, at: 0}', got a mapping", "{file"},
    {"regions_empty", V "tracks:\n  a: {regions: []}\n", 2, "r.yaml:3:16: tracks.a.regions:",
     "expected a list of regions like '- {file: a.wav, at: 0}', got an empty list", "[]"},
    {"send_key_misspelt", V T "buses:\n  verb: {}\n  g: {sends: [{to: verb, levle: -3 dB}]}\n", 2,
     "r.yaml:6:26: buses.g.sends[0].levle:", "unknown key 'levle' in a send; did you mean 'level'?",
     "levle"},
    {"send_not_a_mapping", V "tracks:\n  a: {file: m.wav, sends: [verb]}\n", 2,
     "r.yaml:3:28: tracks.a.sends[0]:", "expected a send (a mapping of keys), got a single value",
     "verb"},
    {"strip_channels_not_names", V "tracks:\n  a: {file: m.wav, channels: {L: 1}}\n", 2,
     "r.yaml:3:30: tracks.a.channels:",
     "expected the destination's channels it feeds directly, by name, unpanned, like [C] or "
     "[Ls, Rs]",
     "{L"},
    {"versions_not_a_mapping", V T "versions: [tv]\n", 2, "r.yaml:4:11: versions:",
     "expected a mapping of version names to what they leave out, like {instrumental: {mute: "
     "[vocals]}}, got a list",
     "[tv]"},
    {"version_key_misspelt",
     V "tracks:\n  a: {file: m.wav}\n  b: {file: m.wav}\nversions: {tv: {mute: [a], mdoe: own}}\n",
     2, "r.yaml:5:28: versions.tv.mdoe:", "unknown key 'mdoe' in a version; did you mean 'mode'?",
     "mdoe"},
    {"version_only_key_misspelt",
     V "tracks:\n  a: {file: m.wav}\n  b: {file: m.wav}\nversions: {tv: {mtue: [a]}}\n", 2,
     "r.yaml:5:17: versions.tv.mtue:", "unknown key 'mtue' in a version; did you mean 'mute'?",
     "mtue"},
    {"also_set_not_a_mapping", V T "output: {also: [mp3]}\n", 2, "r.yaml:4:17: output.also[0]:",
     "expected a set of output.also (a mapping of keys), got a single value", "mp3"},
    {"solo_on_a_bus", V T "buses:\n  g: {solo: true}\n", 2,
     "r.yaml:5:6: buses.g.solo:", "solo is a track control", "{solo"},
    {"everything_muted", V "tracks:\n  a: {file: m.wav, mute: true}\n", 2,
     "r.yaml:3:3: tracks:", "nothing to render", "a: {"},
    /* Inserts, their parameters and bands. */
    {"param_wrong_unit_level",
     V "tracks:\n  a: {file: m.wav, inserts: [{compressor: {threshold: 10 ms}}]}\n", 2,
     "r.yaml:3:55: tracks.a.inserts[0].compressor.threshold:",
     "unit 'ms' does not fit here; expected a value like '-18 dBFS'", "10 ms"},
    {"param_wrong_unit_time", V "tracks:\n  a: {file: m.wav, inserts: [{delay: {time: 3 dB}}]}\n",
     2, "r.yaml:3:45: tracks.a.inserts[0].delay.time:",
     "expected a time like '10 ms', '1.5 s', '480 smp' or '1:32.5', got '3 dB'", "3 dB"},
    {"compressor_ratio_below_one",
     V "tracks:\n  a: {file: m.wav, inserts: [{compressor: {ratio: 0.5}}]}\n", 2,
     "r.yaml:3:51: tracks.a.inserts[0].compressor.ratio:", "0.5 is out of range; expected 1 .. 100",
     "0.5"},
    {"limiter_ceiling_above_full_scale",
     V T "master:\n  inserts: [{limiter: {ceiling: +1 dBTP}}]\n", 2,
     "r.yaml:5:33: master.inserts[0].limiter.ceiling:",
     "1 dBTP is out of range; expected -30 dBTP .. 0 dBTP", "+1 dBTP"},
    {"eq_freq_above_nyquist",
     V "tracks:\n  a: {file: m.wav, inserts: [{eq: [{type: highpass, freq: 30 kHz}]}]}\n", 2,
     "r.yaml:3:59: tracks.a.inserts[0].eq[0].freq:",
     "30000 Hz is not below half the sample rate (24000 Hz at sample_rate 48000); lower 'freq'",
     "30 kHz"},
    {"eq_freq_at_nyquist_of_the_session",
     V "sample_rate: 44100\ntracks:\n  a: {file: m.wav, inserts: [{eq: {freq: 22050}}]}\n", 2,
     "r.yaml:4:42: tracks.a.inserts[0].eq.freq:",
     "22050 Hz is not below half the sample rate (22050 Hz at sample_rate 44100)", "22050"},
    /* held as read and refused by the check, which puts its default back:
     * the graph never prepares a buffer of 80000 s (nor says it again) */
    {"delay_time_past_its_range",
     V "tracks:\n  a: {file: m.wav, inserts: [{delay: {time: 80000 s}}]}\n", 2,
     "r.yaml:3:45: tracks.a.inserts[0].delay.time:",
     "80000 s is out of range; expected 0 s .. 10 s", "80000 s"},
    {"eq_type_typo",
     V "tracks:\n  a: {file: m.wav, inserts: [{eq: [{type: hihpass, freq: 30 Hz}]}]}\n", 2,
     "r.yaml:3:43: tracks.a.inserts[0].eq[0].type:",
     "'hihpass' is not a type of 'eq'; did you mean 'highpass'?", "hihpass"},
    {"eq_slope_not_a_choice",
     V "tracks:\n  a: {file: m.wav, inserts: [{eq: {freq: 80 Hz, slope: 48}}]}\n", 2,
     "r.yaml:3:56: tracks.a.inserts[0].eq.slope:",
     "'48' is not a slope of 'eq'; expected one of: 12, 24", "48"},
    {"eq_band_as_plain_values",
     V "tracks:\n  a: {file: m.wav, inserts: [{eq: [highpass, 30 Hz]}]}\n", 2,
     "r.yaml:3:35: tracks.a.inserts[0].eq:",
     "each band is a mapping of its parameters, like [{type: highpass, freq: 30 Hz}]", "[highpass"},
    {"eq_band_not_a_mapping",
     V "tracks:\n  a: {file: m.wav, inserts: [{eq: [{freq: 30 Hz}, [lowpass, 9 kHz]]}]}\n", 2,
     "r.yaml:3:51: tracks.a.inserts[0].eq[1]:",
     "a band is a mapping of its parameters, like {type: highpass, freq: 30 Hz}; got a list",
     "[lowpass"},
    {"eq_bands_not_a_list", V "tracks:\n  a: {file: m.wav, inserts: [{eq: {bands: highpass}}]}\n",
     2, "r.yaml:3:43: tracks.a.inserts[0].eq.bands:",
     "expected a list of bands like [{type: highpass, freq: 30 Hz}], got a single value",
     "highpass"},
    {"eq_without_bands", V "tracks:\n  a: {file: m.wav, inserts: [{eq: []}]}\n", 2,
     "r.yaml:3:35: tracks.a.inserts[0].eq:", "'eq' needs at least one band", "[]"},
    {"eq_band_unknown_key",
     V "tracks:\n  a: {file: m.wav, inserts: [{eq: [{freq: 30 Hz, width: 2}]}]}\n", 2,
     "r.yaml:3:50: tracks.a.inserts[0].eq[0].width:",
     "unknown key 'width' in the parameters of 'eq'; expected one of: type, freq, gain, q, slope",
     "width"},
    {"eq_band_key_spelt_out",
     V "tracks:\n  a: {file: m.wav, inserts: [{eq: [{type: highpass, frequency: 30 Hz}]}]}\n", 2,
     "r.yaml:3:53: tracks.a.inserts[0].eq[0].frequency:",
     "unknown key 'frequency' in the parameters of 'eq'; did you mean 'freq'?", "frequency"},
    /* A group named twice in a stem file: at its name (its key), not at
     * the group (the mapping) or its members, from the places noted (a
     * stem file's rules are settled once its keys are read). */
    {"stem_file_group_named_twice",
     V "tracks:\n  a: {file: m.wav}\n  b: {file: m.wav}\n  c: {file: m.wav}\n  d: {file: "
       "m.wav}\nstems: {w: [a], x: [b], y: [c], z: [d]}\noutput: {stem_mp4: {stems: [{g: [w]}, "
       "{g: [x]}, y, z]}}\n",
     2, "r.yaml:8:40: output.stem_mp4.stems:", "stem 'g' is named twice; name four different stems",
     "g: [x]"},
    /* A stem named as a group before it, or a group as a stem: the file
     * would hold two stems of one name (before, only a group's name was
     * compared: `check` passed and the file named 'b' twice, the first
     * holding a's audio). Said once, at the second. */
    {"stem_file_stem_named_as_a_group_before_it",
     V "tracks:\n  a: {file: m.wav}\n  b: {file: m.wav}\n  c: {file: m.wav}\n  d: {file: "
       "m.wav}\nstems: {a: [a], b: [b], c: [c], d: [d]}\noutput: {stem_mp4: {stems: [{b: [a]}, "
       "b, c, d]}}\n",
     2, "r.yaml:8:39: output.stem_mp4.stems:", "stem 'b' is named twice; name four different stems",
     "b, c, d"},
    /* four stems that leave a stem out do not sum to the mix: known from
     * the recipe, said by check as by render (review 30 F2: render failed
     * after every frame, exit 4) */
    {"stem_file_of_stems_that_leave_one_out",
     V "tracks:\n  a: {file: m.wav}\n  b: {file: m.wav}\n  c: {file: m.wav}\n  d: {file: m.wav}\n"
       "  e: {file: m.wav}\nstems: {a: [a], b: [b], c: [c], d: [d], e: [e]}\n"
       "output: {stem_mp4: {stems: [a, b, c, d]}}\n",
     2, "r.yaml:9:28: output.stem_mp4.stems:",
     "the four stems do not sum to the mix: stem 'e' is in none of them", "[a, b, c, d]"},
    {"stem_file_stem_named_twice_said_once",
     V "tracks:\n  a: {file: m.wav}\n  b: {file: m.wav}\n  c: {file: m.wav}\nstems: {a: [a], b: "
       "[b], c: [c]}\noutput: {stem_mp4: {stems: [a, a, b, c]}}\n",
     2, "r.yaml:7:32: output.stem_mp4.stems:", "stem 'a' is named twice; name four different stems",
     "a, b, c"},
    /* An MP3 set's bitrate not read is said once: not again as a bitrate
     * of 0 kbps, out of range (a bitrate written is the set's, not its
     * format's, once the set is settled). */
    {"mp3_bitrate_not_read", V T "output: {also: [{format: mp3, bitrate: loud}]}\n", 2,
     "r.yaml:4:40: output.also[0].bitrate:", "expected a value like '320 kbps', got 'loud'",
     "loud"},
    {"eq_band_without_freq", V "tracks:\n  a: {file: m.wav, inserts: [{eq: [{type: highpass}]}]}\n",
     2, "r.yaml:3:36: tracks.a.inserts[0].eq[0]:",
     "'eq' needs 'freq': centre or corner frequency (below half the sample rate); add it, like "
     "'freq: 1000 Hz'",
     "{type"},
    {"eq_parameter_beside_bands",
     V "tracks:\n  a: {file: m.wav, inserts: [{eq: {bands: [{freq: 30 Hz}], type: peak}}]}\n", 2,
     "r.yaml:3:60: tracks.a.inserts[0].eq.type:",
     "'type' is a parameter of each band; with 'bands', write it inside the bands", "type"},
    {"bands_on_a_compressor",
     V "tracks:\n  a: {file: m.wav, inserts: [{compressor: {bands: [{ratio: 2}]}}]}\n", 2,
     "r.yaml:3:51: tracks.a.inserts[0].compressor.bands:",
     "'compressor' has no bands (eq has); give its parameters directly", "[{ratio"},
    {"choice_without_a_near_name",
     V "tracks:\n  a: {file: m.wav, inserts: [{compressor: {detector: average}}]}\n", 2,
     "r.yaml:3:54: tracks.a.inserts[0].compressor.detector:",
     "'average' is not a detector of 'compressor'; expected one of: peak, rms", "average"},
    {"bypass_maybe", V "tracks:\n  a: {file: m.wav, inserts: [{compressor: {bypass: maybe}}]}\n", 2,
     "r.yaml:3:52: tracks.a.inserts[0].compressor.bypass:", "expected true or false, got 'maybe'",
     "maybe"},
    {"bypass_beside_the_processor",
     V "tracks:\n  a: {file: m.wav, inserts: [{gain: -3 dB, bypass: true}]}\n", 2,
     "r.yaml:3:44: tracks.a.inserts[0]:",
     "put 'bypass' inside the parameters of 'gain', like '- gain: {..., bypass: ...}'", "bypass"},
    /* Sidechain keys. */
    {"key_from_unknown_name",
     V "tracks:\n  kick: {file: m.wav}\n  bass: {file: m.wav, inserts: [{compressor: {key: {from: "
       "kik}}}]}\n",
     2, "r.yaml:4:59: tracks.bass.inserts[0].compressor.key.from:",
     "no track or bus named 'kik'; did you mean 'kick'?", "kik"},
    {"key_shorthand_from_unknown_name",
     V "tracks:\n  kick: {file: m.wav}\n  bass: {file: m.wav, inserts: [{gate: {key: kik}}]}\n", 2,
     "r.yaml:4:46: tracks.bass.inserts[0].gate.key.from:",
     "no track or bus named 'kik'; did you mean 'kick'?", "kik"},
    {"key_from_master",
     V "tracks:\n  bass: {file: m.wav, inserts: [{compressor: {key: {from: master}}}]}\n", 2,
     "r.yaml:3:59: tracks.bass.inserts[0].compressor.key.from:",
     "a key comes from a track or a bus, not master", "master"},
    {"key_from_its_own_strip",
     V "tracks:\n  bass: {file: m.wav, inserts: [{compressor: {key: {from: bass}}}]}\n", 2,
     "r.yaml:3:59: tracks.bass.inserts[0].compressor.key.from:",
     "'bass' keyed by itself; leave out 'key'", "bass}"},
    {"key_on_an_eq",
     V "tracks:\n  kick: {file: m.wav}\n  bass: {file: m.wav, inserts: [{eq: {freq: 90 Hz, key: "
       "{from: kick}}}]}\n",
     2, "r.yaml:4:57: tracks.bass.inserts[0].eq.key:",
     "'eq' does not take a sidechain key (compressor, gate and limiter do); remove 'key'",
     "{from: kick}"},
    {"key_without_from",
     V "tracks:\n  kick: {file: m.wav}\n  bass: {file: m.wav, inserts: [{compressor: {key: {tap: "
       "pre}}}]}\n",
     2, "r.yaml:4:52: tracks.bass.inserts[0].compressor.key:",
     "a key needs 'from: TRACK_OR_BUS', the signal the detector listens to; add it", "{tap: pre}"},
    {"key_tap_side",
     V "tracks:\n  kick: {file: m.wav}\n  bass: {file: m.wav, inserts: [{compressor: {key: {from: "
       "kick, tap: side}}}]}\n",
     2, "r.yaml:4:70: tracks.bass.inserts[0].compressor.key.tap:",
     "expected 'pre', 'fader', 'post' or {after: N} (its source before the fader, after it "
     "and before post_inserts, after them all, or after the N-th post_insert), got 'side'",
     "side"},
    /* `tap: {after: ...}`: a post_insert's place or its processor's name */
    {"send_tap_after_zero",
     V "tracks:\n  a: {file: m.wav, post_inserts: [{gain: -3 dB}],\n"
       "      sends: [{to: fx, tap: {after: 0}}]}\nbuses:\n  fx: {}\n",
     2, "r.yaml:4:37: tracks.a.sends[0].tap.after:",
     "got '0'; the first post_insert is 1 (the tap right after the fader is 'tap: fader')", "0}"},
    {"send_tap_after_unknown_key",
     V "tracks:\n  a: {file: m.wav, post_inserts: [{gain: -3 dB}],\n"
       "      sends: [{to: fx, tap: {aftr: 1}}]}\nbuses:\n  fx: {}\n",
     2, "r.yaml:4:30: tracks.a.sends[0].tap.aftr:",
     "unknown key 'aftr' in a tap; did you mean 'after'?", "aftr"},
    {"send_tap_as_an_empty_mapping",
     V "tracks:\n  a: {file: m.wav, post_inserts: [{gain: -3 dB}],\n"
       "      sends: [{to: fx, tap: {}}]}\nbuses:\n  fx: {}\n",
     2, "r.yaml:4:29: tracks.a.sends[0].tap:",
     "a tap written as a mapping needs 'after:', the post_insert it follows, like {after: 1}",
     "{}"},
    {"send_tap_after_a_list",
     V "tracks:\n  a: {file: m.wav, post_inserts: [{gain: -3 dB}],\n"
       "      sends: [{to: fx, tap: {after: [1]}}]}\nbuses:\n  fx: {}\n",
     2, "r.yaml:4:37: tracks.a.sends[0].tap.after:",
     "expected the place of a post_insert (1 for the first) or its processor's name, like "
     "{after: 1} or {after: saturate}, got a list",
     "[1]"},
    {"send_tap_after_past_the_post_inserts",
     V "tracks:\n  a: {file: m.wav, post_inserts: [{gain: -3 dB}, {saturate: 3 dB}],\n"
       "      sends: [{to: fx, tap: {after: 3}}]}\nbuses:\n  fx: {}\n",
     2, "r.yaml:4:37: tracks.a.sends[0].tap.after:",
     "'a' has 2 post_inserts, so 'after: 3' is past them; give 1 .. 2 (2: after them all, as "
     "'tap: post')",
     "3}"},
    {"send_tap_after_without_post_inserts",
     V "tracks:\n  a: {file: m.wav, sends: [{to: fx, tap: {after: 1}}]}\nbuses:\n  fx: {}\n", 2,
     "r.yaml:3:50: tracks.a.sends[0].tap.after:",
     "'a' has no post_inserts, so there is none to tap after; write 'tap: post' or 'tap: "
     "fader', or give 'a' post_inserts",
     "1}"},
    {"send_tap_after_an_insert_it_has_not",
     V "tracks:\n  a: {file: m.wav, post_inserts: [{gain: -3 dB}, {saturate: 3 dB}],\n"
       "      sends: [{to: fx, tap: {after: eq}}]}\nbuses:\n  fx: {}\n",
     2, "r.yaml:4:37: tracks.a.sends[0].tap.after:",
     "'a' has no post_insert 'eq' (its post_inserts: 1: gain, 2: saturate); name one of them, or "
     "give its place, 1 .. 2",
     "eq}"},
    {"send_tap_after_a_name_two_post_inserts_share",
     V "tracks:\n  a: {file: m.wav, post_inserts: [{gain: -3 dB}, {gain: -1 dB}],\n"
       "      sends: [{to: fx, tap: {after: gain}}]}\nbuses:\n  fx: {}\n",
     2, "r.yaml:4:37: tracks.a.sends[0].tap.after:",
     "'a' has 2 post_inserts that are 'gain' (1 and 2); give the place of the one to tap after, "
     "like 'after: 1'",
     "gain}"},
    {"key_tap_after_past_the_sources_post_inserts",
     V "tracks:\n  kick: {file: m.wav, post_inserts: [{gain: -3 dB}]}\n"
       "  bass: {file: m.wav, inserts: [{compressor: {key: {from: kick, tap: {after: 2}}}}]}\n",
     2, "r.yaml:4:78: tracks.bass.inserts[0].compressor.key.tap.after:",
     "'kick' has 1 post_insert, so 'after: 2' is past it; give 1 .. 1 (1: after it, as 'tap: "
     "post')",
     "2}"},
    {"key_from_two_sources",
     V "tracks:\n  kick: {file: m.wav}\n  bass: {file: m.wav, inserts: [{compressor: {key: {from: "
       "[kick, bass]}}}]}\n",
     2, "r.yaml:4:59: tracks.bass.inserts[0].compressor.key.from:",
     "a key listens to one track or bus, got a list; route several to a bus", "[kick"},
    {"cycle_through_a_key",
     V "tracks:\n  v: {file: m.wav, to: a}\nbuses:\n  a: {inserts: [{compressor: {key: {from: "
       "b}}}], sends: [{to: b}]}\n  b: {}\n",
     2, "r.yaml:5:43: buses.a.inserts[0].compressor.key.from:",
     "routing cycle: a -> b -> a (b -> a is the key of buses.a.inserts[0].compressor)", "b}"},
    /* The convolver's IR, and what a processor refuses when it is prepared. */
    {"convolver_without_ir",
     V "tracks:\n  a: {file: m.wav, to: verb}\nbuses:\n  verb: {inserts: [{convolver: {predelay: "
       "10 ms}}]}\n",
     2, "r.yaml:5:32: buses.verb.inserts[0].convolver:",
     "'convolver' needs 'ir': impulse response file (mono, stereo, true stereo or one a "
     "channel; at most 60 s), relative to the recipe; add "
     "it, like 'ir: FILE'",
     "{predelay"},
    {"convolver_ir_missing",
     V "tracks:\n  a: {file: m.wav, to: verb}\nbuses:\n  verb: {inserts: [{convolver: {ir: "
       "ir/hall.wav}}]}\n",
     3, "r.yaml:5:37: buses.verb.inserts[0].convolver.ir:",
     "ir/hall.wav': No such file or directory; check the path ('ir' is relative to the recipe's "
     "folder)",
     "ir/hall.wav"},
    /* on a bus two stems share: the missing file is the cause, said alone,
     * and one problem has one exit status wherever the insert is (the
     * probe's "does not split into stems" came first, exit 2) */
    {"convolver_ir_missing_on_a_bus_of_two_stems",
     V "tracks:\n  a: {file: m.wav, sends: [{to: verb}]}\n  b: {file: m.wav, sends: [{to: "
       "verb}]}\nbuses:\n  verb: {inserts: [{convolver: {ir: ir/hall.wav}}]}\nstems: {a: [a], b: "
       "[b]}\n",
     3, "r.yaml:6:37: buses.verb.inserts[0].convolver.ir:",
     "ir/hall.wav': No such file or directory; check the path ('ir' is relative to the recipe's "
     "folder)",
     "ir/hall.wav"},
    {"convolver_ir_missing_on_a_track",
     V "tracks:\n  a: {file: m.wav, inserts: [{convolver: {ir: ir/hall.wav}}]}\n", 3,
     "r.yaml:3:47: tracks.a.inserts[0].convolver.ir:",
     "ir/hall.wav': No such file or directory; check the path ('ir' is relative to the recipe's "
     "folder)",
     "ir/hall.wav"},
    {"tail_automatic", V "tail: automatic\n" T, 2, "r.yaml:2:7: tail:",
     "expected 'auto' or a time like '10 ms', '1.5 s', '480 smp' or '1:32.5', got 'automatic'; "
     "did you mean 'auto'?",
     "automatic"},
    {"release_without_its_unit",
     V "tracks:\n  a: {file: m.wav, inserts: [{compressor: {release: 90}}]}\n", 2,
     "r.yaml:3:53: tracks.a.inserts[0].compressor.release:",
     "90 s is out of range; expected 0.001 s .. 10 s; a time without a unit is in seconds: did "
     "you mean '90 ms'?",
     "90"},
    {"bwf_date_not_a_date", V T "output: {bwf: {date: 25.11.2026}}\n", 2,
     "r.yaml:4:22: output.bwf.date:", "expected a date like 2026-11-25 (yyyy-mm-dd)", "25.11.2026"},
    /* a date of the form that is not in the calendar: what is wrong in it */
    {"bwf_date_not_in_february", V T "output: {bwf: {date: 2026-02-30}}\n", 2,
     "r.yaml:4:22: output.bwf.date:",
     "2026-02-30 is not a date: February 2026 has 28 days (01 to 28)", "2026-02-30"},
    {"bwf_date_month_13", V T "output: {bwf: {date: 2026-13-45}}\n", 2,
     "r.yaml:4:22: output.bwf.date:", "2026-13-45 is not a date: there is no month 13 (01 to 12)",
     "2026-13-45"},
    {"bwf_date_day_0", V T "output: {bwf: {date: 2026-04-00}}\n", 2,
     "r.yaml:4:22: output.bwf.date:", "2026-04-00 is not a date: April 2026 has 30 days (01 to 30)",
     "2026-04-00"},
    {"bwf_originator_too_long",
     V T "output: {bwf: {originator: A studio whose name is longer than thirty-two bytes}}\n", 2,
     "r.yaml:4:28: output.bwf.originator:", "51 bytes, more than the bext chunk's 32; shorten it",
     "A studio"},
    /* a key that is on or off, or a mapping of its table's keys (its row's) */
    {"bwf_a_list", V T "output: {bwf: [true]}\n", 2, "r.yaml:4:15: output.bwf:",
     "expected true, false, or {description, originator, originator_reference, date, time, "
     "start}, got a list",
     "[true]"},
    {"adm_a_list", V T "master: {layout: 7.1.4, adm: [true]}\n", 2, "r.yaml:4:30: master.adm:",
     "expected true, false, or {name, renders, profile}, got a list", "[true]"},
    /* output.also: the sets printed beside the master set */
    {"also_not_a_list", V T "output: {also: {format: mp3}}\n", 2, "r.yaml:4:16: output.also:",
     "expected a list of sets, like [{format: wav, rate: 44.1 kHz, depth: 16}, {format: mp3}]",
     "{format: mp3}"},
    {"also_set_without_format", V T "output: {also: [{rate: 44.1 kHz}]}\n", 2,
     "r.yaml:4:17: output.also[0]:",
     "a set needs its format: wav, flac, aiff, w64, alac, mp3, opus or aac", "{rate"},
    {"also_format_misspelt", V T "output: {also: [{format: mp33}]}\n", 2,
     "r.yaml:4:26: output.also[0].format:", "did you mean 'mp3'?", "mp33"},
    {"master_format_lossy", V T "output: {format: mp3}\n", 2, "r.yaml:4:18: output.format:",
     "the master set is lossless (the null test reads it): wav, flac, aiff, w64 or alac; print mp3 "
     "beside it from output.also, like also: [{format: mp3}]",
     "mp3"},
    {"also_mp3_with_a_depth", V T "output: {also: [{format: mp3, depth: 16}]}\n", 2,
     "r.yaml:4:38: output.also[0].depth:", "mp3 has no depth (it encodes floats with loss)", "16"},
    {"also_wav_with_a_bitrate", V T "output: {also: [{format: wav, bitrate: 128 kbps, name: x}]}\n",
     2, "r.yaml:4:40: output.also[0].bitrate:", "wav is lossless: it has no bitrate", "128 kbps"},
    {"also_bitrate_out_of_range", V T "output: {also: [{format: mp3, bitrate: 500 kbps}]}\n", 2,
     "r.yaml:4:40: output.also[0].bitrate:",
     "500 kbps is out of range; mp3 takes 8 .. 320 kbps (by its rate: 64 .. 320 at 44.1 and 48 kHz",
     "500 kbps"},
    {"also_bitrate_in_another_unit", V T "output: {also: [{format: opus, bitrate: 96 kb/s}]}\n", 2,
     "r.yaml:4:41: output.also[0].bitrate:",
     "unit 'kb/s' does not fit here; expected a value like '320 kbps'", "96 kb/s"},
    {"also_bitrate_not_whole", V T "output: {also: [{format: opus, bitrate: 96.5 kbps}]}\n", 2,
     "r.yaml:4:41: output.also[0].bitrate:", "expected a whole number of kbps, like '320 kbps'",
     "96.5 kbps"},
    {"also_opus_at_44k", V T "output: {also: [{format: opus, rate: 44.1 kHz}]}\n", 2,
     "r.yaml:4:38: output.also[0].rate:",
     "opus takes 8, 12, 16, 24 or 48 kHz, not 44.1 kHz; give the set one of them, like rate: 48 "
     "kHz\n",
     "44.1 kHz"},
    {"also_mp3_at_96k", V T "output: {also: [{format: mp3, rate: 96 kHz}]}\n", 2,
     "r.yaml:4:37: output.also[0].rate:",
     "mp3 takes 8, 11.025, 12, 16, 22.05, 24, 32, 44.1 or 48 kHz, not 96 kHz; give the set one of "
     "them, like rate: 48 kHz\n",
     "96 kHz"},
    {"also_mp3_at_a_96k_session", V "sample_rate: 96000\n" T "output: {also: [{format: mp3}]}\n", 2,
     "r.yaml:5:17: output.also[0]:",
     "mp3 takes 8, 11.025, 12, 16, 22.05, 24, 32, 44.1 or 48 kHz and the session runs at 96000 "
     "Hz; give the set a rate, like rate: 48 kHz",
     "{format"},
    {"also_flac_32f", V T "output: {also: [{format: flac, depth: 32f}]}\n", 2,
     "r.yaml:4:39: output.also[0]:", "flac cannot store 32-bit float", "32f"},
    {"also_names_of_the_master_set", V T "output: {also: [{format: wav, rate: 44.1 kHz}]}\n", 2,
     "r.yaml:4:17: output.also[0]:",
     "its files would take the master set's names (the mix 'mix' would be written to "
     "'mix.wav'); name the sets apart",
     "{format"},
    {"also_two_sets_one_name",
     V T
     "output: {also: [{format: flac, name: \"x_{name}\"}, {format: flac, name: \"x_{name}\"}]}\n",
     2, "r.yaml:4:51: output.also[1]:", "its files would take output.also[0]'s names", "{format"},
    {"convolver_ir_three_channels",
     V "tracks:\n  a: {file: m.wav, to: verb}\nbuses:\n  verb: {inserts: [{convolver: {ir: "
       "three.wav}}]}\n",
     2, "r.yaml:5:21: buses.verb.inserts[0].convolver:",
     "three.wav' has 3 channels and this path 2: give a mono impulse response (one for every "
     "channel), one of 2 channels (one each), or a true-stereo one of 4 (L to L, L to R, R to "
     "L, R to R)",
     "convolver"},
    {"convolver_block_not_a_power_of_two",
     V "tracks:\n  a: {file: m.wav, to: verb}\nbuses:\n  verb: {inserts: [{convolver: {ir: s.wav, "
       "block: 100}}]}\n",
     2, "r.yaml:5:21: buses.verb.inserts[0].convolver:",
     "block 100 is not a power of two from 64 to 65536; use 64 or 128", "convolver"},
    {"delay_pingpong_on_a_mono_track",
     V "tracks:\n  a: {file: m.wav, inserts: [{delay: {time: 250 ms, pingpong: true}}]}\n", 2,
     "r.yaml:3:31: tracks.a.inserts[0].delay:",
     "pingpong needs a stereo signal and this one is mono; put the delay on a stereo bus", "delay"},
    {"delay_shorter_than_a_frame", V "tracks:\n  a: {file: m.wav, inserts: [{delay: {time: 0}}]}\n",
     2, "r.yaml:3:31: tracks.a.inserts[0].delay:",
     "time 0 s is shorter than one frame; use at least '1 smp'", "delay"},
    {"width_on_a_mono_track", V "tracks:\n  a: {file: m.wav, inserts: [{width: 2}]}\n", 2,
     "r.yaml:3:31: tracks.a.inserts[0].width:",
     "width needs a stereo signal and this one is mono; put it on a bus or a stereo track",
     "width"},
    {"width_on_a_surround_bus",
     V "tracks:\n  a: {file: m.wav, to: b}\nbuses:\n  b: {layout: 5.1, inserts: [{width: 1.2}]}\n"
       "master: {layout: 5.1}\n",
     2, "r.yaml:5:31: buses.b.inserts[0].width:",
     "width needs a stereo signal and this path has 6 channels; run it on a pair: - width: "
     "{width: 1.2, channels: [L, R]} (or [Ls, Rs])",
     "width"},
    /* Automation. */
    {"automation_out_of_order",
     V "tracks:\n  a: {file: m.wav, gain: [[0, -6 dB], [0.4, 0 dB], [0.2, -3 dB]]}\n", 2,
     "r.yaml:3:53: tracks.a.gain[2][0]:",
     "automation points must be in time order: this point at 0.2 s comes after one at 0.4 s; sort",
     "0.2"},
    {"automation_point_not_a_pair", V "tracks:\n  a: {file: m.wav, gain: [[0, -6 dB], [0.4]]}\n", 2,
     "r.yaml:3:39: tracks.a.gain[1]:",
     "an automation point is [time, value], like [1.5 s, -6 dB]; got a list of 1 item", "[0.4]"},
    {"automation_point_a_single_value", V "tracks:\n  a: {file: m.wav, pan: [[0, -1], 0.5]}\n", 2,
     "r.yaml:3:35: tracks.a.pan[1]:",
     "an automation point is [time, value], like [1.5 s, 0.5]; got a single value", "0.5]"},
    {"automation_one_point_unbracketed", V "tracks:\n  a: {file: m.wav, gain: [0, -6 dB]}\n", 2,
     "r.yaml:3:26: tracks.a.gain:",
     "automation is a list of [time, value] points; for one point write [[0, -6 dB]]",
     "[0, -6 dB]"},
    {"automation_empty", V "tracks:\n  a: {file: m.wav, gain: []}\n", 2,
     "r.yaml:3:26: tracks.a.gain:", "automation needs at least one [time, value] point", "[]"},
    {"automation_value_out_of_range",
     V "tracks:\n  a: {file: m.wav, gain: [[0, -6 dB], [0.4, 30 dB]]}\n", 2,
     "r.yaml:3:45: tracks.a.gain[1][1]:", "30 dB is out of range; expected -inf dB .. 24 dB",
     "30 dB"},
    {"automation_pan_out_of_range", V "tracks:\n  a: {file: m.wav, pan: [[0, -1], [0.4, 2]]}\n", 2,
     "r.yaml:3:41: tracks.a.pan[1][1]:", "2 is out of range; expected -1 .. 1", "2]"},
    {"automation_send_level_wrong_unit",
     V "tracks:\n  a: {file: m.wav, sends: [{to: v, level: [[0, -6 dB], [0.2, 0 Hz]]}]}\nbuses:\n  "
       "v: {}\n",
     2, "r.yaml:3:62: tracks.a.sends[0].level[1][1]:",
     "unit 'Hz' does not fit here; expected a value like '-3 dB' or '-inf dB'", "0 Hz"},
    {"automation_on_trim_out_of_range",
     V "tracks:\n  a: {file: m.wav, trim: [[0, -6 dB], [0.4, 50 dB]]}\n", 2,
     "r.yaml:3:45: tracks.a.trim[1][1]:", "50 dB is out of range; expected -inf dB .. 48 dB",
     "50 dB"},
    {"automation_on_width_out_of_range",
     V "tracks:\n  a: {file: m.wav, width: [[0, 0], [0.4, 1.5]]}\n", 2,
     "r.yaml:3:42: tracks.a.width[1][1]:", "1.5 is out of range; expected -1 .. 1", "1.5]"},
    {"width_out_of_range", V "tracks:\n  a: {file: m.wav, width: 1.5}\n", 2,
     "r.yaml:3:27: tracks.a.width:", "1.5 is out of range; expected -1 .. 1", "1.5"},
    {"automation_of_a_limiters_lookahead",
     V "tracks:\n  a: {file: m.wav, inserts: [{limiter: {lookahead: [[0, 5 ms], [0.4, 1 "
       "ms]]}}]}\n",
     2, "r.yaml:3:52: tracks.a.inserts[0].limiter.lookahead:",
     "'lookahead' of 'limiter' cannot move: it sets the limiter's latency; give one value, like",
     "[[0"},
    {"automation_of_a_delays_time",
     V "tracks:\n  a: {file: m.wav, inserts: [{delay: {time: [[0, 5 ms], [0.4, 1 ms]]}}]}\n", 2,
     "r.yaml:3:45: tracks.a.inserts[0].delay.time:",
     "'time' of 'delay' cannot move: a delay time that moved would bend the echoes' pitch", "[[0"},
    {"automation_of_a_choice",
     V "tracks:\n  a: {file: m.wav, inserts: [{compressor: {detector: [[0, peak], [1, rms]]}}]}\n",
     2, "r.yaml:3:54: tracks.a.inserts[0].compressor.detector:",
     "'detector' of 'compressor' cannot move: only a number parameter takes [time, value] "
     "breakpoints",
     "[[0"},
    {"automation_of_an_eq_band_above_nyquist",
     V "tracks:\n  a: {file: m.wav, inserts: [{eq: [{type: lowpass, freq: [[0, 1 kHz], [1, 30 "
       "kHz]]}]}]}\n",
     2, "r.yaml:3:58: tracks.a.inserts[0].eq[0].freq:",
     "30000 Hz is not below half the sample rate", "[[0"},
};

/* Rows that show another spelling of an earlier row's mistake, and so
 * print the very error that row prints. */
static const struct {
  const char *name, *as;
} same_error[] = {
    {"pan_0_beside_named_channels", "pan_beside_named_channels"},
    {"layout_without_its_dots", "layout_numbers_in_another_order"},
};

/* Whether row a is said to print the error of row b. */
static bool same_error_as(const char *a, const char *b)
{
  for (size_t j = 0; j < sizeof same_error / sizeof same_error[0]; j++)
    if (strcmp(same_error[j].name, a) == 0 && strcmp(same_error[j].as, b) == 0)
      return true;
  return false;
}

static char *dir;

static void setup(void)
{
  dir = tu_tmpdir();
  float m[24000], s[2 * 24000], three[3 * 100];
  for (int i = 0; i < 24000; i++)
    m[i] = s[2 * i] = s[2 * i + 1] = 0.25f;
  memset(three, 0, sizeof three);
  free(tu_write_wav(dir, "m.wav", 1, 48000, 24, m, 24000));
  free(tu_write_wav(dir, "s.wav", 2, 48000, 24, s, 24000));
  free(tu_write_wav(dir, "m44.wav", 1, 44100, 24, m, 24000));
  free(tu_write_wav(dir, "three.wav", 3, 48000, 24, three, 100));
  char *eight = tu_path(dir, "eight.wav");
  SF_INFO si = {.samplerate = 48000, .channels = 8, .format = SF_FORMAT_WAVEX | SF_FORMAT_PCM_24};
  SNDFILE *sf = sf_open(eight, SFM_WRITE, &si);
  cr_assert_not_null(sf);
  float zero[8 * 100] = {0};
  sf_writef_float(sf, zero, 100);
  sf_close(sf);
  free(eight);
  free(tu_write_text(dir, "junk.wav", "RIFF but not really a wave file at all"));
  free(tu_write_text(dir, "lfs.wav",
                     "version https://git-lfs.github.com/spec/v1\noid sha256:"
                     "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
                     "size 1728044\n"));
  free(tu_write_text(dir, "empty.wav", ""));
  static const char sf2[] = "RIFF\x20\0\0\0sfbkLIST\x14\0\0\0INFOifil\x04\0\0\0\x02\0\x01\0",
                    zip[] = "PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
  free(tu_write_bytes(dir, "sounds.sf2", sf2, sizeof sf2 - 1));
  free(tu_write_bytes(dir, "take.zip", zip, sizeof zip - 1));
  free(tu_write_text(dir, "blocker", "a file where a folder would go"));
  float nan_at[24000];
  for (int i = 0; i < 24000; i++)
    nan_at[i] = i == 12000 ? NAN : 0.25f;
  free(tu_write_wav(dir, "nan.wav", 1, 48000, 32, nan_at, 24000));
  char *folder = tu_path(dir, "adir.wav");
  cr_assert_eq(mkdir(folder, 0777), 0);
  free(folder);
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(errors, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(60));

/* The text of recipe at 1-based line:col. */
static const char *at(const char *recipe, int line, int col)
{
  const char *p = recipe;
  for (int l = 1; l < line && p; l++) {
    p = strchr(p, '\n');
    if (p)
      p++;
  }
  cr_assert_not_null(p);
  cr_assert_leq((size_t)(col - 1), strlen(p));
  return p + col - 1;
}

/* The first error check_row saw for each row (heap), by row. */
static char *said[sizeof rows / sizeof rows[0]];

static void check_row(const row *r, const char *cmd)
{
  char *path = tu_write_text(dir, "r.yaml", r->recipe);
  int before = tu_count_entries(dir);
  char *out = NULL, *err = NULL;
  const char *args[] = {cmd, path, NULL};
  int status = tu_run(args, &out, &err);
  cr_expect_eq(status, r->status, "%s (%s): exit %d, expected %d\n%s", r->name, cmd, status,
               r->status, err);
  cr_expect(strstr(err, r->where), "%s (%s): no '%s' in:\n%s", r->name, cmd, r->where, err);
  cr_expect(strstr(err, r->says), "%s (%s): no '%s' in:\n%s", r->name, cmd, r->says, err);
  /* The message's line is the row's line, and the line starts the error. */
  char *line = strstr(err, r->where);
  while (line && line > err && line[-1] != '\n')
    line--;
  if (line)
    cr_expect_eq(strncmp(line, "stemprint: error: ", 18), 0, "%s: %s", r->name, line);

  int l = 0, c = 0;
  cr_assert_eq(sscanf(r->where, "r.yaml:%d:%d:", &l, &c), 2);
  const char *text = at(r->recipe, l, c);
  cr_expect_eq(strncmp(text, r->token, strlen(r->token)), 0,
               "%s: position %d:%d points at '%.12s', not at '%s'", r->name, l, c, text, r->token);
  if (!*r->token)
    cr_expect_eq(*text, '\0', "%s: expected the end of the file", r->name);

  const char *first = strstr(err, "stemprint: error: ");
  if (first)
    said[r - rows] = sp_xasprintf("%.*s", (int)strcspn(first, "\n"), first);

  /* One mistake, one error: no echo of it from a later stage (before,
   * a stem naming no track also said 'track 'a' is in no stem', and one
   * naming a track not among master's inputs ''g' is in no stem'). */
  size_t errors = 0;
  for (const char *e = strstr(err, "stemprint: error: "); e;
       e = strstr(e + 1, "stemprint: error: "))
    errors++;
  cr_expect_eq(errors, 1, "%s (%s): %zu errors for one mistake:\n%s", r->name, cmd, errors, err);

  /* Nothing was written: no output folder, no temporary file. */
  cr_expect_eq(tu_count_entries(dir), before, "%s (%s): files were left behind", r->name, cmd);
  char *outdir = tu_path(dir, "out");
  cr_expect_eq(tu_count_entries(outdir), -1, "%s (%s): an output folder was created", r->name, cmd);
  free(outdir);
  free(out);
  free(err);
  free(path);
}

/* Each row is a mistake of its own: its own name and recipe, and every
 * row the knock-on and same-error tables name is in the table. */
Test(errors, every_row_is_a_mistake_of_its_own)
{
  const size_t n = sizeof rows / sizeof rows[0];
  for (size_t i = 0; i < n; i++)
    for (size_t k = i + 1; k < n; k++) {
      cr_expect_str_neq(rows[i].name, rows[k].name, "two rows are named %s", rows[i].name);
      cr_expect_str_neq(rows[i].recipe, rows[k].recipe, "%s and %s are the same recipe",
                        rows[i].name, rows[k].name);
    }
  for (size_t j = 0; j < sizeof same_error / sizeof same_error[0]; j++) {
    size_t a = 0, b = 0;
    while (a < n && strcmp(rows[a].name, same_error[j].name) != 0)
      a++;
    while (b < n && strcmp(rows[b].name, same_error[j].as) != 0)
      b++;
    cr_expect(a < n && b < a, "same_error: %s must be a row after %s", same_error[j].name,
              same_error[j].as);
  }
}

/* ... and the binary tells them apart: under check, every row prints an
 * error no other row prints, but those of same_error. */
Test(errors, each_broken_recipe_under_check)
{
  const size_t n = sizeof rows / sizeof rows[0];
  for (size_t i = 0; i < n; i++)
    check_row(&rows[i], "check");
  for (size_t i = 0; i < n; i++) {
    cr_expect_not_null(said[i], "%s printed no error", rows[i].name);
    for (size_t k = 0; k < i && said[i]; k++)
      if (said[k] && strcmp(said[k], said[i]) == 0)
        cr_expect(same_error_as(rows[i].name, rows[k].name), "%s and %s print the same error: %s",
                  rows[k].name, rows[i].name, said[i]);
  }
  for (size_t i = 0; i < n; i++)
    free(said[i]);
}

Test(errors, each_broken_recipe_under_render)
{
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    check_row(&rows[i], "render");
}

Test(errors, an_output_folder_that_cannot_be_made_is_said_so)
{
  /* -o into a file system where no folder can be made (/proc): the
   * folder, the reason and -o, not free space. */
  if (access("/proc/self", F_OK) != 0)
    cr_skip_test("no /proc here");
  char *path = tu_write_text(dir, "r.yaml", V T);
  char *err = NULL;
  const char *args[] = {"render", path, "-o", "/proc/stemprint-out", NULL};
  int status = tu_run(args, NULL, &err);
  cr_expect_eq(status, 3, "%s", err);
  cr_expect(strstr(err, "stemprint: error: ") && strstr(err, ": -o: cannot create folder "
                                                             "'/proc/stemprint-out'"),
            "%s", err);
  cr_expect_null(strstr(err, "free"), "%s", err);
  free(err);
  free(path);
}

/* A set of output.also is held to its format's rules by the check,
 * whatever its reading said of it (its depth not read: its fold still
 * said), and the set then left out; a set after one left out for want of
 * its format is named at its own index (output.also[2], not the [1] of
 * the sets kept): the check said a row's range of the set after such a
 * one at the index and the place of another set's key. */
Test(errors, a_sets_rules_are_said_beside_its_reading_and_at_its_index)
{
  char *path = tu_write_text(dir, "r.yaml",
                             V T "output: {also: [{format: wav, depth: x, fold: bs775}, "
                                 "{rate: 48 kHz}, {format: opus, rate: 44.1 kHz}]}\n");
  char *err = NULL;
  const char *args[] = {"check", "--no-levels", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "r.yaml:4:38: output.also[0].depth: expected"), "%s", err);
  cr_expect(strstr(err, "r.yaml:4:47: output.also[0].fold: a fold needs the set's layout"), "%s",
            err);
  cr_expect(strstr(err, "r.yaml:4:55: output.also[1]: a set needs its format"), "%s", err);
  cr_expect(strstr(err, "r.yaml:4:92: output.also[2].rate: opus takes 8, 12, 16, 24 or 48 kHz"),
            "%s", err);
  cr_expect_null(strstr(err, "output.also[1].rate"), "%s", err);
  free(err);
  free(path);
  /* a row's range the check holds a set to, after one left out: said at
   * output.also[1].rate, where it was said at output.also[0].rate, the
   * place of the first set's rate (48 kHz) */
  path = tu_write_text(
      dir, "r.yaml", V T "output: {also: [{rate: 48 kHz}, {format: wav, rate: 1 Hz, name: x}]}\n");
  args[2] = path; /* (the first path is freed) */
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "r.yaml:4:53: output.also[1].rate: 1 Hz is out of range"), "%s", err);
  cr_expect_null(strstr(err, "output.also[0].rate"), "%s", err);
  free(err);
  free(path);
}

/* A position's angle the check refuses is put back to its default, so
 * the graph built after the check to say more never meets it: no warning
 * of a source behind the listener at 1e308 into a stereo bus, no ADM
 * block "out of the room" for an object at an azimuth of 1e308. */
Test(errors, a_refused_angle_reaches_nothing_built_after)
{
  char *path = tu_write_text(
      dir, "r.yaml",
      V "tracks:\n"
        "  a: {file: m.wav, to: st, pan: {azimuth: [[0, 0], [1 s, 1e308], [2 s, 170]]}}\n"
        "  b: {file: m.wav, to: o}\n"
        "buses:\n"
        "  st: {layout: stereo}\n"
        "  o: {layout: mono, object: true, pan: {azimuth: [[0, 1e308], [1 s, -179]], "
        "elevation: -1e308}}\n"
        "master: {layout: 7.1.2, adm: true}\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "tracks.a.pan.azimuth[1][1]: 1e+308 is out of range"), "%s", err);
  cr_expect(strstr(err, "buses.o.pan.azimuth[0][1]: 1e+308 is out of range"), "%s", err);
  cr_expect(strstr(err, "buses.o.pan.elevation: -1e+308 is out of range"), "%s", err);
  cr_expect_null(strstr(err, "behind the listener"), "%s", err);
  cr_expect_null(strstr(err, "out of the room"), "%s", err);
  free(err);
  free(path);
}

/* A track whose file is not read has channels nobody knows: what hangs
 * on them (an insert that wants stereo, a polarity per channel, an
 * insert's channels, a send's gains for each) is not judged, the file is
 * said; so of a track whose region is left out (a fade longer than it, a
 * `from` past its file) or whose file's layout is refused, of a strip
 * whose layout is refused, and of the inserts after one refused (what it
 * would have made of the channels). Before, the chain
 * was judged as mono: 'width needs a stereo signal and this one is mono'
 * of the demo's stereo keys when the file was missing (the error said in
 * place of its cause, which went into the "more errors like" line). */
Test(errors, a_file_not_read_is_said_and_not_what_hangs_on_its_channels)
{
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n"
                               "  a: {file: gone.wav, invert: [true, false],\n"
                               "      inserts: [{eq: {type: peak, freq: 1 kHz, gain: 3 dB, "
                               "channels: [R]}}, width: 1.3]}\n"
                               "  b: {files: [m.wav, gone.wav], inserts: [width: 1.3]}\n"
                               "  d: {file: gone.wav, sends: [{to: v, pan: {gains: {M: [1, "
                               "1]}}}]}\n"
                               "buses:\n  v: {layout: mono}\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 3, "%s", err);
  cr_expect(strstr(err, "r.yaml:3:13: tracks.a.file: cannot read '"), "%s", err);
  cr_expect(strstr(err, "r.yaml:5:22: tracks.b.files[1]: cannot read '"), "%s", err);
  cr_expect_null(strstr(err, "tracks.a.inserts"), "%s", err);
  cr_expect_null(strstr(err, "tracks.a.invert"), "%s", err);
  cr_expect_null(strstr(err, "tracks.b.inserts"), "%s", err);
  cr_expect_null(strstr(err, "tracks.d.sends"), "%s", err);
  free(err);
  free(path);
  /* a layout refused: the bus's channels not known either */
  path =
      tu_write_text(dir, "r.yaml",
                    V "tracks:\n  a: {file: s.wav, to: b}\n"
                      "  e: {file: m.wav, inserts: [width: 1.2, frobnicator: {x: 1}, width: 1.3], "
                      "post_inserts: [width: 1.1]}\n"
                      "  f: {file: s.wav, fade_in: 99 s, inserts: [width: 1.2]}\n"
                      "  g: {file: s.wav, from: 99 s, inserts: [width: 1.2]}\n"
                      "  h: {file: eight.wav, inserts: [width: 1.2]}\n"
                      "buses:\n  b: {layout: 7.2, "
                      "inserts: [{eq: {type: peak, freq: 1 kHz, gain: 3 dB, channels: [Ls]}}], "
                      "invert: [true, false, true]}\n");
  args[1] = path;
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "r.yaml:9:15: buses.b.layout: expected a layout"), "%s", err);
  /* a region left out, a file of no layout: what the track plays not known */
  cr_expect(strstr(err, "tracks.f.fade_in: a fade-in of 99.000 s is longer"), "%s", err);
  cr_expect(strstr(err, "tracks.g.from: starts at 99.000 s"), "%s", err);
  cr_expect(strstr(err, "eight.wav' has 8 channels and only its writer's default channel mask"),
            "%s", err);
  cr_expect_null(strstr(err, "tracks.f.inserts"), "%s", err);
  cr_expect_null(strstr(err, "tracks.g.inserts"), "%s", err);
  cr_expect_null(strstr(err, "tracks.h.inserts"), "%s", err);
  cr_expect_null(strstr(err, "buses.b.inserts"), "%s", err);
  cr_expect_null(strstr(err, "buses.b.invert"), "%s", err);
  /* an insert refused: what comes after it is not judged, what comes before is */
  cr_expect(strstr(err, "tracks.e.inserts[1].frobnicator: no processor named 'frobnicator'"), "%s",
            err);
  cr_expect(strstr(err, "tracks.e.inserts[0].width: width needs a stereo signal"), "%s", err);
  cr_expect_null(strstr(err, "tracks.e.inserts[2]"), "%s", err);
  cr_expect_null(strstr(err, "tracks.e.post_inserts"), "%s", err);
  free(err);
  free(path);
  /* a file read is judged as before: c is mono */
  path = tu_write_text(dir, "r.yaml", V "tracks:\n  c: {file: m.wav, inserts: [width: 1.3]}\n");
  args[1] = path;
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "tracks.c.inserts[0].width: width needs a stereo signal and this one is "
                        "mono"),
            "%s", err);
  free(err);
  free(path);
}

/* A `to:` refused (a bus that is not there, a list, a send's) is said,
 * and not what hangs on where it was meant to go. Before, the strip was
 * taken to feed master (the default) or nothing: 'bus 'd' is fed by
 * nothing', 'track 'a' is in no stem', 'stems.x[0]: bus 'd' is fed by no
 * track', 'versions.v.mute[0]: 'd' is a return (only sends reach it)';
 * under split: buses, a bus's `to:` refused: 'stem 'x' prints silence:
 * ... track 'a' reaches master by no route that is heard', 'stems.x[0]:
 * 'd' is not one of master's inputs'. */
Test(errors, a_route_refused_is_said_and_not_where_it_would_have_gone)
{
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n  a: {file: m.wav, to: dx}\n  b: {file: m.wav, to: [d]}\n"
                               "  c: {file: m.wav, sends: [{to: [e]}]}\n  f: {file: m.wav}\n"
                               "buses:\n  d: {gain: 0 dB}\n  e: {gain: 0 dB}\n"
                               "stems: {x: [d], y: [c]}\nversions: {v: {mute: [d]}}\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "r.yaml:3:24: tracks.a.to: no bus named 'dx'"), "%s", err);
  cr_expect(strstr(err, "r.yaml:4:24: tracks.b.to: expected the bus"), "%s", err);
  cr_expect(strstr(err, "r.yaml:5:33: tracks.c.sends[0].to: expected a text"), "%s", err);
  cr_expect_null(strstr(err, "is fed by"), "%s", err);
  cr_expect_null(strstr(err, "track 'a' is in no stem"), "%s", err);
  cr_expect_null(strstr(err, "track 'b' is in no stem"), "%s", err);
  cr_expect_null(strstr(err, "versions.v"), "%s", err);
  /* f's own: it is in no stem wherever a and b go */
  cr_expect(strstr(err, "stems: track 'f' is in no stem"), "%s", err);
  free(err);
  free(path);
  /* split: buses: a bus's `to:` refused */
  path = tu_write_text(dir, "r.yaml",
                       V "tracks:\n  a: {file: m.wav, to: d}\n  h: {file: m.wav, to: k}\n"
                         "buses:\n  d: {to: mastr}\n  k: {gain: 0 dB}\n"
                         "stems: {split: buses, x: [d], y: [k]}\nversions: {v: {mute: [d]}}\n");
  args[1] = path;
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "r.yaml:6:11: buses.d.to: no bus named 'mastr'"), "%s", err);
  cr_expect_null(strstr(err, "stems.x"), "%s", err);
  cr_expect_null(strstr(err, "versions.v"), "%s", err);
  free(err);
  free(path);
}

/* A region whose `stretch`, `warp`, `from` or `length` is refused plays
 * for a time nobody knows: what hangs on it is not judged. Before, the
 * region was judged unstretched (the default the check puts back) or at
 * the refused ratio: 'tracks.a.fade_in: a fade-in of 0.800 s is longer
 * than the region (0.500 s)', 'tracks.b.length: 0.800 s runs past the end
 * of 'm.wav'', 'tracks.c.fade_out: ... longer than the region (0.005 s)'. */
Test(errors, a_region_span_refused_is_said_and_not_what_hangs_on_it)
{
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n  a: {file: m.wav, stretch: 2x, fade_in: 0.8 s}\n"
                               "  b: {file: m.wav, warp: [[0, 0], [0.5 s, 1 sx]], length: 0.8 s}\n"
                               "  c: {file: m.wav, stretch: 0.01, fade_out: 0.1 s}\n"
                               "  d: {file: m.wav, fade_in: 0.8 s}\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "r.yaml:3:29: tracks.a.stretch: expected a plain number"), "%s", err);
  cr_expect(strstr(err, "r.yaml:4:43: tracks.b.warp[1]: expected a time"), "%s", err);
  cr_expect(strstr(err, "r.yaml:5:29: tracks.c.stretch: 0.01 is out of range"), "%s", err);
  cr_expect_null(strstr(err, "tracks.a.fade_in"), "%s", err);
  cr_expect_null(strstr(err, "tracks.b.length"), "%s", err);
  cr_expect_null(strstr(err, "tracks.c.fade_out"), "%s", err);
  /* d's own: its region is as long as its file */
  cr_expect(strstr(err, "tracks.d.fade_in: a fade-in of 0.800 s is longer than the region"), "%s",
            err);
  free(err);
  free(path);
}

/* A region whose from or stretch is refused and whose length is given:
 * it plays that long whatever they meant, so a fade longer than it is
 * said. Before, a span refused left every fade unjudged, and 'a fade-in of
 * 0.500 s is longer than the region (0.200 s)', said by 45b8a3af, was
 * not. */
Test(errors, a_fade_longer_than_a_given_length_is_said_beside_a_span_refused)
{
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n  a: {file: m.wav, from: banana, length: 0.2 s, "
                               "fade_in: 0.5 s}\n"
                               "  c: {file: m.wav, stretch: banana, length: 0.2 s, fade_out: "
                               "0.5 s}\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "tracks.a.from: expected a time"), "%s", err);
  cr_expect(strstr(err, "tracks.c.stretch: expected a plain number"), "%s", err);
  cr_expect(strstr(err, "tracks.a.fade_in: a fade-in of 0.500 s is longer than the region "
                        "(0.200 s)"),
            "%s", err);
  cr_expect(strstr(err, "tracks.c.fade_out: a fade-out of 0.500 s is longer than the region "
                        "(0.200 s)"),
            "%s", err);
  free(err);
  free(path);
}

/* A track's `regions:`, or an item of it, refused whole (its reading
 * leaves it out): what the track plays is not known, so nothing that
 * hangs on its channels is judged. Before, the track was judged by the
 * regions left: 'tracks.a.inserts[0].width: width needs a stereo signal and
 * this one is mono' beside 'tracks.a.regions[0]: expected a region', and
 * '2 polarities for a strip whose chain takes 1 channel' of b. */
Test(errors, a_region_left_out_by_its_reading_is_said_and_not_what_hangs_on_it)
{
  char *path =
      tu_write_text(dir, "r.yaml",
                    V "tracks:\n  a: {regions: [~, {file: m.wav}], inserts: [width: 1.2]}\n"
                      "  b: {regions: [{file: m.wav}, 7], invert: [true, false]}\n"
                      "  c: {regions: 5, inserts: [width: 1.2]}\n"
                      "  d: {regions: [{file: m.wav}], inserts: [width: 1.2]}\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "tracks.a.regions[0]: expected a region"), "%s", err);
  cr_expect(strstr(err, "tracks.b.regions[1]: expected a region"), "%s", err);
  cr_expect(strstr(err, "tracks.c.regions: expected a list of regions"), "%s", err);
  cr_expect_null(strstr(err, "tracks.a.inserts"), "%s", err);
  cr_expect_null(strstr(err, "tracks.b.invert"), "%s", err);
  cr_expect_null(strstr(err, "tracks.c.inserts"), "%s", err);
  /* d's own: its one region is mono */
  cr_expect(strstr(err, "tracks.d.inserts[0].width: width needs a stereo signal"), "%s", err);
  free(err);
  free(path);
}

/* How a strip's channels are placed (its fold, pan, channels, lfe,
 * width) refused, or a post_insert refused: what hangs on them is not
 * judged. Before: ''a' is stereo and 'mo' mono: say how its channels fold
 * into mo's: fold: bs775' beside its refused 'fold: bs776', and ''b' has
 * no post_inserts, so there is none to tap after' of a send tapping after
 * the post_insert refused. */
Test(errors, a_placing_or_a_post_insert_refused_is_said_and_not_what_hangs_on_it)
{
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n  a: {file: s.wav, to: mo, fold: bs776}\n"
                               "  b: {file: m.wav, post_inserts: [frobnicator: {x: 1}], "
                               "sends: [{to: v, tap: {after: 1}}]}\n"
                               "  c: {file: s.wav, to: mo}\n"
                               "  d: {file: s.wav, to: mo, fold: {centre: -3 dBx}}\n"
                               "buses:\n  mo: {layout: mono}\n  v: {gain: 0 dB}\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "r.yaml:3:34: tracks.a.fold: expected 'bs775'"), "%s", err);
  cr_expect(strstr(err, "r.yaml:4:35: tracks.b.post_inserts[0].frobnicator: no processor"), "%s",
            err);
  cr_expect(strstr(err, "r.yaml:6:43: tracks.d.fold.centre: unit 'dBx'"), "%s", err);
  cr_expect_null(strstr(err, "tracks.a.to"), "%s", err);
  cr_expect_null(strstr(err, "tracks.b.sends"), "%s", err);
  cr_expect_null(strstr(err, "tracks.d.to"), "%s", err);
  /* c's own: it gives no fold */
  cr_expect(strstr(err, "r.yaml:5:24: tracks.c.to: 'c' is stereo and 'mo' mono: say how"), "%s",
            err);
  free(err);
  free(path);
}

/* A strip's mute points refused, or a version's mode: what hangs on
 * them is not judged. Before: 'mute_points: [main, postfader]' on a muted
 * track whose pre-fader send plays on said 'every track of stem 'x' is
 * muted, so it prints silence' and 'version 'w' leaves out nothing' (the
 * mute taken at every point, the default), and 'mode: ownn' said
 * ''v' is a return ..., give this version 'mode: own'' (taken as linked). */
Test(errors, a_mute_or_a_mode_refused_is_said_and_not_what_hangs_on_it)
{
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n  a: {file: m.wav, mute: true, mute_points: [main, "
                               "postfader], sends: [{to: v, tap: pre}]}\n"
                               "  b: {file: m.wav}\nbuses:\n  v: {gain: 0 dB}\n"
                               "stems: {x: [a], y: [b]}\nversions:\n  w: {mute: [a]}\n"
                               "  r: {mute: [v], mode: ownn}\n  q: {mute: [v]}\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "r.yaml:3:52: tracks.a.mute_points[1]: expected 'pre_fader'"), "%s", err);
  cr_expect(strstr(err, "r.yaml:10:24: versions.r.mode: expected 'linked' or 'own'"), "%s", err);
  cr_expect_null(strstr(err, "stems.x"), "%s", err);
  cr_expect_null(strstr(err, "versions.w"), "%s", err);
  cr_expect_null(strstr(err, "versions.r.mute"), "%s", err);
  /* q's own: linked, it names a return */
  cr_expect(strstr(err, "r.yaml:11:14: versions.q.mute[0]: 'v' is a return"), "%s", err);
  free(err);
  free(path);
}

/* A track's mute refused, beside another track's solo: the solo
 * silences it whatever its mute meant, so what follows is judged. Before,
 * the track was taken as sounding, and 'version 'v' leaves out every
 * track: it would print silence' (true whatever the mute) was not said. */
Test(errors, a_mute_refused_under_another_solo_is_still_silenced_by_the_solo)
{
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n  a: {file: m.wav, solo: true}\n"
                               "  b: {file: m.wav, mute: banana}\n"
                               "stems: {x: [a], y: [b]}\nversions:\n  v: {mute: [a]}\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "tracks.b.mute: expected true or false"), "%s", err);
  cr_expect(strstr(err, "versions.v: version 'v' leaves out every track"), "%s", err);
  free(err);
  free(path);
}

/* A file of a region's `files:` refused, or its `midi:`: what hangs on
 * what it plays is not judged. Before: 'files: [m.wav, [x]]' said
 * 'tracks.c.inserts[0].width: width needs a stereo signal and this one is
 * mono' (the region judged by the file left), and 'midi: [x.mid]' beside
 * an instrument said 'an instrument plays a track's MIDI, and this track
 * plays audio ('file:')'. */
Test(errors, a_region_file_refused_is_said_and_not_what_hangs_on_it)
{
  free(tu_write_sf2(dir, "i.sf2"));
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n  c: {files: [m.wav, [x]], inserts: [width: 1.2]}\n"
                               "  c2: {files: [gone.wav, [x]]}\n"
                               "  e: {midi: [x.mid], instrument: {soundfont: {file: i.sf2}}}\n"
                               "  e2: {file: m.wav, instrument: {soundfont: {file: i.sf2}}}\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "r.yaml:3:22: tracks.c.files[1]: expected the path"), "%s", err);
  cr_expect(strstr(err, "r.yaml:5:13: tracks.e.midi: expected the path"), "%s", err);
  cr_expect_null(strstr(err, "tracks.c.inserts"), "%s", err);
  cr_expect_null(strstr(err, "tracks.e.instrument"), "%s", err);
  /* the file left is read and said; e2's instrument on audio is its own */
  cr_expect(strstr(err, "r.yaml:4:16: tracks.c2.files[0]: cannot read '"), "%s", err);
  cr_expect(strstr(err, "tracks.e2.instrument: an instrument plays a track's MIDI"), "%s", err);
  free(err);
  free(path);
}

/* Of a region's file, files and midi, the first written is what it plays,
 * its value read once; one after it is read for what it says and dropped
 * (io/recipe/parse.c region_fill). Before, the first refused took the
 * value of the one after it: `{file: {x: 1}, midi: b.mid}` said "expected
 * the path" twice at tracks.a.file and then "cannot read 'b.mid'" there;
 * `{midi: [1], file: b.wav}` a track of MIDI with no instrument and "cannot
 * read the MIDI file 'b.wav'" at its midi. */
Test(errors, the_first_of_a_regions_file_and_midi_refused_takes_nothing_of_the_other)
{
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n  a: {file: {x: 1}, midi: b.mid}\n"
                               "  b: {midi: [1], file: b.wav}\n"
                               "  c: {regions: [{files: 3, file: c.wav}]}\n");
  char *err = NULL;
  const char *args[] = {"check", "--no-levels", path, NULL};
  tu_run(args, NULL, &err);
  const char *refused = "r.yaml:3:13: tracks.a.file: expected the path of the audio file";
  const char *once = strstr(err, refused);
  cr_expect(once && !strstr(once + 1, refused), "%s", err);
  cr_expect(strstr(err, "a region plays either an audio file ('file:') or a MIDI file"), "%s", err);
  cr_expect(strstr(err, "a region plays either audio files side by side"), "%s", err);
  cr_expect_null(strstr(err, "b.mid'"), "%s", err);
  cr_expect_null(strstr(err, "b.wav'"), "%s", err);
  cr_expect_null(strstr(err, "c.wav'"), "%s", err);
  cr_expect_null(strstr(err, "a track of MIDI plays into an instrument"), "%s", err);
  free(err);
  free(path);
}

/* A stem's member refused (not a name, or a name of nothing): which
 * tracks the stems hold is not known, so no track is said to be in none.
 * Before: 'stems: [[a]]' said 'track 'a' is in no stem' (and 'b', 'c':
 * each track the refused member may have meant), before its cause; under
 * split: buses, ''d' feeds master but is in no stem'. */
Test(errors, a_stem_member_refused_is_said_and_not_a_track_in_no_stem)
{
  char *path =
      tu_write_text(dir, "r.yaml",
                    V "tracks:\n  a: {file: m.wav}\n  b: {file: m.wav}\n  c: {file: m.wav}\n"
                      "stems: {x: [[a]], y: [bb], z: [b, b]}\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "r.yaml:6:13: stems.x[0]: expected a name"), "%s", err);
  cr_expect(strstr(err, "r.yaml:6:23: stems.y[0]: no track or bus named 'bb'"), "%s", err);
  cr_expect_null(strstr(err, "in no stem"), "%s", err);
  /* z's own */
  cr_expect(strstr(err, "track 'b' is listed twice in stem 'z'"), "%s", err);
  free(err);
  free(path);
  path = tu_write_text(dir, "r.yaml",
                       V "tracks:\n  a: {file: m.wav, to: d}\n  b: {file: m.wav, to: e}\n"
                         "buses:\n  d: {gain: 0 dB}\n  e: {gain: 0 dB}\n"
                         "stems: {split: buses, x: [[d]]}\n");
  args[1] = path;
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "r.yaml:8:27: stems.x[0]: expected a name"), "%s", err);
  cr_expect_null(strstr(err, "in no stem"), "%s", err);
  free(err);
  free(path);
}

/* A stem's name refused, its members read: which tracks it holds is
 * known, so a track in no stem is said. Before, any error at the stem
 * (its name too) hid 'track 'b' is in no stem', said by 45b8a3af. */
Test(errors, a_stem_name_refused_still_has_a_track_in_no_stem_said)
{
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n  a: {file: m.wav}\n  b: {file: m.wav}\n"
                               "stems: {\"bad name!\": [a]}\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "stems.bad name!: 'bad name!' is not a valid stem name"), "%s", err);
  cr_expect(strstr(err, "track 'b' is in no stem"), "%s", err);
  free(err);
  free(path);
}

/* What the check says of a value a --set gave is said at that --set,
 * for every value the check judges point by point (a warp's, an angle's,
 * a level's, a fade curve's): the parser notes each point's place with
 * what put it there. */
Test(errors, what_the_check_says_of_a_set_value_names_the_set)
{
  char *path = tu_write_text(dir, "r.yaml", V "tracks:\n  a: {file: m.wav}\n");
  static const char *const sets[] = {
      "tracks.a.warp=[[1 s, 0], [0, 1 s]]",
      "tracks.a.pan={azimuth: [[1 s, 0], [0, 10]]}",
      "tracks.a.gain=[[1 s, 0 dB], [0, -3 dB]]",
      "tracks.a.fade_in={curve: [[0.1 s, 0], [0.5 s, 1]]}",
      "tracks.a.fade_in={curve: [[0, 0]]}",
  };
  for (size_t i = 0; i < sizeof sets / sizeof *sets; i++) {
    char *err = NULL, *want = sp_xasprintf("error: --set %s: tracks.a.", sets[i]);
    const char *args[] = {"check", path, "--set", sets[i], NULL};
    cr_expect_eq(tu_run(args, NULL, &err), 2, "%s", err);
    cr_expect(strstr(err, want), "want '%s' in:\n%s", want, err);
    free(want);
    free(err);
  }
  free(path);
}

/* A --set of a key of a track the recipe has not (a name mistyped, most
 * likely) says so, with the name it likely meant, and how a new track is
 * given. Before: "a track needs 'file: PATH' (audio), ..." at the set,
 * as if the user had meant a track of their own. A track the recipe
 * writes with no file keeps those words. */
Test(errors, a_set_of_a_track_the_recipe_has_not_says_so)
{
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n  kick: {file: m.wav}\n  snare: {file: m.wav}\n"
                               "  hats: {gain: -3 dB}\n");
  char *err = NULL;
  const char *args[] = {"check", "--no-levels", path, "--set", "tracks.kik.gain=-3 dB", NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "error: --set tracks.kik.gain=-3 dB: tracks.kik: the recipe has no track "
                        "'kik' (did you mean 'kick'?); a track the --set adds needs its file too "
                        "(--set tracks.kik.file=PATH)"),
            "%s", err);
  cr_expect(strstr(err, "r.yaml:5:3: tracks.hats: a track needs 'file: PATH' (audio)"), "%s", err);
  free(err);
  args[4] = "tracks.new.file=m.wav"; /* a track added whole: fine */
  free(path);
  path = tu_write_text(dir, "r.yaml", V "tracks:\n  kick: {file: m.wav}\n");
  args[2] = path;
  cr_assert_eq(tu_run(args, NULL, &err), 0, "%s", err);
  free(err);
  free(path);
}

/* A --set that gives a track of the text its mapping whole, without the
 * file (`--set tracks.kick={gain: -3}`: one key meant), is said at the
 * set, with how one key is changed. Before: at the text's `kick:` line
 * (r.yaml:3:3), which holds its file. */
Test(errors, a_set_that_replaces_a_tracks_mapping_is_said_at_the_set)
{
  char *path = tu_write_text(dir, "r.yaml", V "tracks:\n  kick: {file: m.wav, gain: -2 dB}\n");
  char *err = NULL;
  const char *args[] = {"check", "--no-levels", path, "--set", "tracks.kick={gain: -3}", NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "error: --set tracks.kick={gain: -3}: tracks.kick: a track needs 'file: "
                        "PATH' (audio), 'midi: PATH' (notes for its instrument) or 'regions: "
                        "[...]'; the --set replaces the recipe's mapping whole: to change one key "
                        "and keep the rest, --set tracks.kick.KEY=VALUE\n"),
            "%s", err);
  cr_expect(!strstr(err, "r.yaml:"), "%s", err);
  free(err);
  free(path);
}

/* A --set of a track the recipe has not is that mistake alone: before,
 * "stems: track 'kik' is in no stem" (split: sources) or "'kik' feeds
 * master but is in no stem; ... (kik, d)" (split: buses) followed it. A
 * track the --set adds whole, and one the recipe writes with no file,
 * are still asked their stem. */
Test(errors, a_set_of_a_track_the_recipe_has_not_is_not_asked_its_stem)
{
  static const char *const splits[] = {"", "  split: buses\n"};
  for (size_t i = 0; i < 2; i++) {
    char *recipe = sp_xasprintf(V "tracks:\n  kick: {file: m.wav, to: d}\n  snare: {file: m.wav, "
                                  "to: d}\nbuses:\n  d: {}\nstems:\n%s  drums: [d]\n",
                                splits[i]);
    char *path = tu_write_text(dir, "r.yaml", recipe);
    char *err = NULL;
    const char *args[] = {"check", "--no-levels", path, "--set", "tracks.kik.gain=-3 dB", NULL};
    cr_expect_eq(tu_run(args, NULL, &err), 2, "%s", err);
    cr_expect(strstr(err, "tracks.kik: the recipe has no track 'kik' (did you mean 'kick'?)"), "%s",
              err);
    cr_expect_null(strstr(err, "no stem"), "%s", err);
    free(err);
    args[4] = "tracks.new.file=m.wav";
    cr_expect_eq(tu_run(args, NULL, &err), 2, "%s", err);
    cr_expect(strstr(err, i ? "'new' feeds master but is in no stem" : "track 'new' is in no stem"),
              "%s", err);
    free(err);
    free(path);
    free(recipe);
  }
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n  kick: {file: m.wav}\n  hats: {gain: -3 dB}\n"
                               "stems:\n  drums: [kick]\n");
  char *err = NULL;
  cr_expect_eq(tu_run((const char *[]){"check", "--no-levels", path, NULL}, NULL, &err), 2, "%s",
               err);
  cr_expect(strstr(err, "tracks.hats: a track needs 'file: PATH'"), "%s", err);
  cr_expect(strstr(err, "track 'hats' is in no stem"), "%s", err);
  free(err);
  free(path);
}

/* Before, `--set buses.drumz.gain=-3dB` on a recipe of bus 'drums' made a
 * new bus that nothing feeds, warned of at the recipe with no line ("bus
 * 'drumz' is fed by nothing"), and printed with exit 0: the set changed
 * nothing. It is an error at the set, naming the bus meant; a bus a set
 * adds and routes a track to is no mistake, and a bus the recipe writes
 * that nothing feeds is still a warning. */
Test(errors, a_set_of_a_bus_the_recipe_has_not_and_nothing_feeds_is_said_at_the_set)
{
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n  kick: {file: m.wav, to: drums}\n"
                               "buses:\n  drums: {}\n  spare: {}\nstems:\n  all: [drums]\n");
  char *err = NULL;
  const char *args[] = {"check", "--no-levels", path, "--set", "buses.drumz.gain=-3 dB",
                        NULL,    NULL,          NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "--set buses.drumz.gain=-3 dB: buses.drumz: the recipe has no bus 'drumz' "
                        "(did you mean 'drums'?), and nothing feeds the one the --set adds"),
            "%s", err);
  cr_expect_null(strstr(err, "'drumz' is fed by nothing"), "%s", err);
  cr_expect(strstr(err, "bus 'spare' is fed by nothing"), "a bus the recipe writes: %s", err);
  free(err);
  args[4] = "buses.new.gain=-3 dB", args[5] = "--set", args[6] = "tracks.kick.to=new";
  cr_expect_eq(tu_run(args, NULL, &err), 2, "%s", err); /* (kick is then in no stem) */
  cr_expect_null(strstr(err, "the recipe has no bus"), "%s", err);
  free(err);
  free(path);
}

/* recipe (r.yaml) checked with --set set: refused (exit 2) saying want,
 * and nothing at the recipe's own lines (what the set gave is said at
 * the set). */
static void said_at_the_set(const char *recipe, const char *set, const char *want)
{
  char *path = tu_write_text(dir, "r.yaml", recipe);
  char *err = NULL;
  const char *args[] = {"check", "--no-levels", path, "--set", set, NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, want), "want '%s' in:\n%s", want, err);
  cr_expect_null(strstr(err, "r.yaml:"), "%s", err);
  free(err);
  free(path);
}

/* An empty or blank --set value (an unset CI variable: --set checks=$X)
 * is refused for every key, at the set, in one rule's words; null, {} or
 * [] written clear a key as the text's would. Before: an empty value read
 * as null and cleared a section without a word: `render --set checks=` of
 * a recipe whose loudness check fails exited 0 (a false pass), stems=
 * dropped the stems, inserts= the chain; a scalar's alone was refused. */
Test(errors, an_empty_set_value_is_refused_for_every_key)
{
  static const char recipe[] =
      V "tracks:\n  a: {file: m.wav, inserts: [{gain: 6 dB}]}\n  b: {file: s.wav}\n"
        "stems:\n  one: [a]\n  two: [b]\n"
        "checks:\n  loudness: {target: -40 LUFS, tolerance: 0.5}\n";
  static const char *const keys[] = {"checks",           "checks.loudness", "stems",
                                     "tracks.a.inserts", "tracks.a.gain",   "master"};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
    for (int blank = 0; blank < 2; blank++) {
      char *set = sp_xasprintf("%s=%s", keys[i], blank ? "  " : ""),
           *want = sp_xasprintf("error: --set %s: %s: expected a value after '=', got nothing (as "
                                "an unset variable gives); give its value, or write an empty one "
                                "on purpose (null, {} or [])\n",
                                set, keys[i]);
      said_at_the_set(recipe, set, want);
      free(set);
      free(want);
    }
  /* an empty value written on purpose clears as the text's would */
  static const char *const cleared[] = {"checks=null", "checks={}", "checks.loudness=~",
                                        "stems=null", "tracks.a.inserts=[]"};
  char *path = tu_write_text(dir, "r.yaml", recipe);
  for (size_t i = 0; i < sizeof cleared / sizeof *cleared; i++) {
    char *err = NULL;
    const char *args[] = {"check", "--no-levels", path, "--set", cleared[i], NULL};
    cr_expect_eq(tu_run(args, NULL, &err), 0, "%s: %s", cleared[i], err);
    free(err);
  }
  /* the false pass: the render's failing check is not dropped */
  char *out = tu_path(dir, "empty-set-out");
  const char *render[] = {"render", path, "-q", "-o", out, NULL, NULL, NULL};
  char *err = NULL;
  cr_expect_eq(tu_run(render, NULL, &err), 1, "%s", err);
  cr_expect(strstr(err, "checks.loudness.target: check failed: loudness"), "%s", err);
  free(err);
  render[5] = "--set", render[6] = "checks=";
  cr_expect_eq(tu_run(render, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "error: --set checks=: checks: expected a value after '=', got nothing"),
            "%s", err);
  free(err);
  free(out);
  free(path);
}

/* A key written twice inside a --set's value is said at the set, at its
 * recipe path, and the first placed in the value by its column (its line
 * too, in a value of several lines), in the words the text gets. Before:
 * "--set tracks.a={...}:1:30: gain: duplicate key (first written at line
 * 1)", the value's own path glued to a line and column of no file. */
Test(errors, a_key_twice_in_a_sets_value_is_said_at_its_recipe_path)
{
  static const char recipe[] = V "tracks:\n  a: {file: m.wav}\n";
  said_at_the_set(recipe, "tracks.a={file: m.wav, gain: 1 dB, gain: 2 dB}",
                  "error: --set tracks.a={file: m.wav, gain: 1 dB, gain: 2 dB}: tracks.a.gain: "
                  "duplicate key (first written at column 15 of the value); keep only one\n");
  said_at_the_set(recipe, "tracks.\"a\"={file: m.wav,\n gain: 1 dB,\n gain: 2 dB}",
                  ": tracks.a.gain: duplicate key (first written at line 2, column 2 of the "
                  "value); keep only one\n");
  said_at_the_set(recipe, "stems={x: [a], x: [a]}",
                  "error: --set stems={x: [a], x: [a]}: stems.x: duplicate key (first written "
                  "at column 2 of the value); keep only one\n");
}

/* A --set of an insert's parameter by the insert's path alone
 * (`inserts[0].threshold`, where the text writes `- compressor:
 * {threshold: ...}`) is said at the set, in a set's words: the path it
 * goes at. Before: "put 'threshold' inside the parameters of
 * 'compressor', like '- compressor: {..., threshold: ...}'" (the text's
 * form), and, for a key that names a processor ('gain' beside a gate),
 * "got a mapping with several keys" at the recipe's line. An insert a
 * --set gives whole is told as the text's is. */
Test(errors, a_set_of_an_inserts_parameter_says_where_it_goes)
{
  const char *recipe = V "tracks:\n  a: {file: m.wav, inserts: [{compressor: {threshold: -10 "
                         "dB}}, {gate: {threshold: -50 dB}}]}\n";
  static const struct {
    const char *set, *want;
  } cases[] = {
      {"tracks.a.inserts[0].threshold=-20 dB",
       "error: --set tracks.a.inserts[0].threshold=-20 dB: tracks.a.inserts[0]: an insert is one "
       "processor; its parameters go under its name, like --set "
       "'tracks.a.inserts[0].compressor.threshold=-20 dB'"},
      {"tracks.a.inserts[1].gain=-3 dB",
       "error: --set tracks.a.inserts[1].gain=-3 dB: tracks.a.inserts[1]: an insert is one "
       "processor ('gate'); 'gain' is none of its keys, and its parameters go under its name, "
       "like --set 'tracks.a.inserts[1].gate.PARAM=VALUE'"},
      {"tracks.a.inserts[0]={compressor: {}, ratio: 4}",
       "tracks.a.inserts[0]: an insert is one processor; put 'ratio' inside the parameters of "
       "'compressor', like '- compressor: {..., ratio: ...}'"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    said_at_the_set(recipe, cases[i].set, cases[i].want);
}

/* A region's key set on a track that lists its regions (a session's
 * track, as import writes it) is said at the --set that gave it, naming
 * where it goes. Before, the track's `regions:` was said, at the list:
 * the recipe's (or the session's) place, not the set's, and no word of
 * the key the user set. (A track listing one region alone takes it as its
 * region's: recipe/a_set_reaches_a_key_by_one_path_however_the_text_
 * wrote_it.) */
Test(errors, a_regions_key_set_on_a_listed_track_is_said_at_its_set)
{
  said_at_the_set(V "tracks:\n  a:\n    regions: [{file: m.wav}, {file: m.wav, at: 1 s}]\n",
                  "tracks.a.fade_in=1 s",
                  "error: --set tracks.a.fade_in=1 s: tracks.a.fade_in: 'fade_in' is a region's "
                  "key, and this track lists its regions: give either 'file' (one region) or "
                  "'regions' (a list), not both; move 'fade_in' into its region, like "
                  "regions[0].fade_in\n");
}

/* The other way round: regions set on a track the text gives its one
 * region by keys (`file:`, `fade_in:`) are said once, at the set, with
 * how to give the track whole (its one region's key by regions[0] is that
 * key: recipe/a_set_reaches_a_key_by_one_path_however_the_text_wrote_it). Before: the text's 'file'
 * and 'fade_in' were each said at the recipe's line, as if the user had written them wrong (found
 * by sets107's harness). */
Test(errors, regions_set_on_a_track_of_one_region_are_said_at_the_set)
{
  said_at_the_set(V "tracks:\n  a: {file: m.wav, fade_in: 0.1 s}\n",
                  "tracks.a.regions=[{file: m.wav, gain: -3 dB}]",
                  "error: --set tracks.a.regions=[{file: m.wav, gain: -3 dB}]: tracks.a.regions: "
                  "this track "
                  "gives its one region by its keys ('file:' in the recipe), and a track gives "
                  "'file' (one region) or 'regions' (a list), not both: give the track whole, "
                  "like --set 'tracks.a={regions: [{file: ..., ...}]}'\n");
}

/* The rules across an object's keys are settled from the model and the
 * place table (io/recipe/parse.c), not from the YAML mapping: each said
 * where the key was written, a key the text writes whose value a --set
 * replaced at the key's own line (the text's), a key a --set wrote at the
 * set, a bus's solo at its mapping (a --set's at the set); the first of
 * file and midi written is
 * the one kept; and a name with a dot in it (the track "a.file", the bus
 * "g.solo") is no key of the object whose name it starts with. Said so
 * before the split too: this holds them to it. */
Test(errors, the_rules_across_an_objects_keys_are_said_where_each_key_was_written)
{
  static const struct {
    const char *recipe, *set, *want;
  } cases[] = {
      {V "tracks:\n  a: {file: m.wav, midi: x.mid}\n", "tracks.a.midi=y.mid",
       "r.yaml:3:20: tracks.a.midi: a region plays either an audio file ('file:') or a "
       "MIDI file ('midi:'), not both; remove one\n"},
      {V "tracks:\n  a: {file: m.wav}\n", "tracks.a={midi: x.mid, file: m.wav}",
       "error: --set tracks.a={midi: x.mid, file: m.wav}: tracks.a.file: a region plays either "
       "an audio file ('file:') or a MIDI file ('midi:'), not both; remove one\n"},
      {V "tracks:\n  a: {file: m.wav}\n", "tracks.a={midi: x.mid, file: m.wav}",
       "tracks.a: a track of MIDI plays into an instrument"},
      {V "tracks:\n  a: {file: m.wav, to: g}\nbuses:\n  g: {gain: 1 dB}\n", "buses.g={solo: true}",
       "error: --set buses.g={solo: true}: buses.g.solo: solo is a track control; solo the "
       "tracks that feed 'g' instead\n"},
      {V "tracks:\n  a: {file: m.wav, to: g}\nbuses:\n  g:\n    gain: 1 dB\n", "buses.g.solo=true",
       "--set buses.g.solo=true: buses.g.solo: solo is a track control"},
      {V "tracks:\n  a.file: m.wav\n  a: {regions: [{file: m.wav}], to: g}\n  b: {file: m.wav, "
         "to: g.solo}\nbuses:\n  g.solo: {}\n  g: {}\n",
       "tracks.b.gain=-1 dB", "r.yaml: ok"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *path = tu_write_text(dir, "r.yaml", cases[i].recipe), *out = NULL, *err = NULL;
    const char *args[] = {"check", "--no-levels", path, "--set", cases[i].set, NULL};
    tu_run(args, &out, &err);
    cr_expect(strstr(err, cases[i].want) || strstr(out, cases[i].want), "%zu: want '%s' in:\n%s%s",
              i, cases[i].want, out, err);
    free(out);
    free(err);
    free(path);
  }
}

/* A track written as its file alone has its file's place at the file:
 * what is said of it, said there (a --set's value: at the set). Before,
 * at the track's name: `--set tracks.kick=5` said "song.yaml:26:3:
 * tracks.kick.file: cannot read '5'", a line the set had replaced. */
Test(errors, a_tracks_file_alone_is_placed_at_the_file)
{
  char *path = tu_write_text(dir, "r.yaml", V "tracks:\n  a: nope.wav\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL, NULL, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 3, "%s", err);
  cr_expect(strstr(err, "r.yaml:3:6: tracks.a.file: cannot read '"), "%s", err);
  free(err);
  args[2] = "--set";
  args[3] = "tracks.a=gone.wav";
  cr_assert_eq(tu_run(args, NULL, &err), 3, "%s", err);
  cr_expect(strstr(err, "error: --set tracks.a=gone.wav: tracks.a.file: cannot read '"), "%s", err);
  cr_expect_null(strstr(err, "r.yaml:"), "%s", err);
  free(err);
  free(path);
}

/* A --set's value YAML cannot read is said where in the value, in words:
 * before, its line and column were glued to the set as a file's are
 * ("--set tracks.a.gain=[1,:2:1: YAML syntax error: ... (see line 2)"),
 * a line of a file that does not exist (found by sets107's harness). A
 * text of placeholders written bare ({name}, YAML's mapping) is told to
 * go in quotes, in a set as in a file (before: "unknown key 'name' in
 * output.name", "got a mapping", a syntax error, and no word of why). */
Test(errors, a_sets_value_yaml_cannot_read_is_said_where_in_the_value)
{
  static const struct {
    const char *set, *want;
  } cases[] = {
      {"tracks.a.gain=[1,", "error: --set tracks.a.gain=[1,: YAML syntax error at the value's "
                            "end: did not find expected node content while parsing a flow node\n"},
      {"tracks.a.gain=a: b: c", "error: --set tracks.a.gain=a: b: c: YAML syntax error at column "
                                "5 of the value: mapping values are not allowed in this context\n"},
      /* placeholders written bare: YAML's mapping, and how to write the text */
      {"output.name.mix={name}_v2",
       "error: --set output.name.mix={name}_v2: YAML syntax error at column 7 of the value: did "
       "not find expected <document start>; a text that starts with '{' goes in quotes, like "
       "'\"{name}_v2\"'\n"},
      {"output.dir={recipe}", "error: --set output.dir={recipe}: output.dir: expected a text "
                              "(the folder, relative to the recipe's ({recipe}, {input})), got a "
                              "mapping; '{recipe}' is a mapping in YAML: a text that starts with "
                              "'{' goes in quotes, like \"{recipe}\"\n"},
      {"output.name={name}", "unknown key 'name' in output.name; expected one of: mix, stems, "
                             "versions, buses; '{name}' is a mapping in YAML: a text that starts "
                             "with '{' goes in quotes, like \"{name}\"\n"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    said_at_the_set(V T, cases[i].set, cases[i].want);
}

/* A recipe file whose name starts as a set's place does ("--set x.yaml",
 * given after --) is a file: its syntax error is said at its line and
 * column. Before, it was said as a --set's value was ("--set x.yaml:
 * YAML syntax error at line 4, column 1 of the value"), its place lost. */
Test(errors, a_recipe_file_named_like_a_set_has_its_syntax_error_at_its_line)
{
  free(tu_write_text(dir, "--set x.yaml", V "tracks:\n  a: {file: m.wav\n"));
  char cwd[4096];
  cr_assert_not_null(getcwd(cwd, sizeof cwd));
  cr_assert_eq(chdir(dir), 0);
  char *err = NULL;
  const char *args[] = {"check", "--", "--set x.yaml", NULL};
  const int rc = tu_run(args, NULL, &err);
  cr_assert_eq(chdir(cwd), 0);
  cr_assert_eq(rc, 2, "%s", err);
  cr_expect(strstr(err, "error: --set x.yaml:4:1: YAML syntax error: did not find expected"), "%s",
            err);
  cr_expect_null(strstr(err, "of the value"), "%s", err);
  free(err);
}

Test(errors, all_errors_at_once_sorted_by_line)
{
  const row r = {"many",
                 V "tracks:\n"
                   "  a: {file: m.wav, to: drum, gian: 1}\n"
                   "  b: {file: nope.wav, pan: 5}\n"
                   "buses:\n"
                   "  drums: {}\n"
                   "output: {depth: 20}\n",
                 2,
                 "",
                 "",
                 ""};
  char *path = tu_write_text(dir, "r.yaml", r.recipe);
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  const char *expect[] = {
      "r.yaml:3:24: tracks.a.to:", "r.yaml:3:30: tracks.a.gian:", "r.yaml:4:13: tracks.b.file:",
      "r.yaml:4:28: tracks.b.pan:", "r.yaml:7:17: output.depth:"};
  const char *prev = err;
  for (int i = 0; i < 5; i++) {
    const char *p = strstr(err, expect[i]);
    cr_assert_not_null(p, "missing %s in:\n%s", expect[i], err);
    cr_assert_geq(p, prev, "%s is out of order in:\n%s", expect[i], err);
    prev = p;
  }
  free(err);
  free(path);
}

/* Command-line mistakes, and what help says: each row a command line, its
 * exit status, a fragment of what it prints (on stdout when it exits 0,
 * else stderr) and a fragment it must not print there. */
static const struct cli_row {
  const char *argv[4];
  int status;
  const char *says, *not;
} cli_rows[] = {
    {{"rendr", "x.yaml"}, 2, "unknown command 'rendr'; did you mean 'render'?", NULL},
    {{"render", "--bogus"}, 2, "unknown option '--bogus'", NULL},
    {{"render"}, 2, "no recipe given", NULL},
    {{"check", "/no/such/recipe.yaml"}, 3, "/no/such/recipe.yaml: cannot read the recipe", NULL},
    /* help is a topic of its own: the usage, which lists the topics */
    {{"help", "help"}, 0, "usage: stemprint <command> [options]\n", NULL},
    {{"help", "help", "--help"}, 0, "usage: stemprint <command> [options]\n", NULL},
    /* --help after a topic is help's usage, as after any command */
    {{"help", "layouts", "--help"}, 0, "usage: stemprint <command> [options]\n", "Channel layouts"},
    {{"help", "inserts", "-h"}, 0, "usage: stemprint <command> [options]\n", "Inserts (processors)"},
    {{"help", "layouts", "stereo"}, 2, "'help layouts' takes nothing after it, not 'stereo' (see "
                                       "'stemprint help --help')", "Channel layouts"},
    {{"help", "--bogus"}, 2, "unknown option '--bogus' (see 'stemprint help --help')", NULL},
    /* 7.1.2's top middles, said by the top-front bits WAVE has for them */
    {{"help", "layouts"}, 0,
     "   9 Ltm   azimuth  +90, elevation 45, in the mask as TFL (WAVE has no top-side bit)\n"
     "  10 Rtm   azimuth  -90, elevation 45, in the mask as TFR (WAVE has no top-side bit)\n",
     "Ltf   azimuth  +45, elevation 45, in the mask"},
};

Test(errors, command_line_mistakes)
{
  for (size_t i = 0; i < sizeof cli_rows / sizeof cli_rows[0]; i++) {
    const struct cli_row *c = &cli_rows[i];
    char *out = NULL, *err = NULL;
    const int status = tu_run(c->argv, &out, &err);
    const char *printed = c->status == 0 ? out : err;
    cr_expect_eq(status, c->status, "stemprint %s %s: exit %d, expected %d\n%s", c->argv[0],
                 c->argv[1] ? c->argv[1] : "", status, c->status, err);
    cr_expect(strstr(printed, c->says), "stemprint %s %s %s: no '%s' in:\n%s", c->argv[0],
              c->argv[1] ? c->argv[1] : "", c->argv[1] && c->argv[2] ? c->argv[2] : "", c->says,
              printed);
    cr_expect(!c->not || !strstr(printed, c->not), "stemprint %s %s %s: '%s' in:\n%s", c->argv[0],
              c->argv[1] ? c->argv[1] : "", c->argv[1] && c->argv[2] ? c->argv[2] : "", c->not,
              printed);
    free(out);
    free(err);
  }
}

/* Tabs that libyaml reads as plain white space, after a key's colon,
 * inside a value, before a comment and in a flow mapping, are not
 * indentation: the recipe is fine. */
Test(errors, tabs_that_are_not_indentation_are_fine)
{
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n  a: {file: m.wav,\tgain: -1 dB}\n"
                               "  b:\n    file:\ts.wav\n    gain: -2\tdB\t# a comment\n"
                               "stems:\n  one: [a]\n  two:\t[b]\n");
  char *out = NULL, *err = NULL;
  const char *check[] = {"check", path, NULL};
  cr_assert_eq(tu_run(check, &out, &err), 0, "%s", err);
  cr_assert_str_eq(err, "");
  free(out);
  free(err);
  free(path);
}

Test(errors, a_valid_recipe_checks_and_renders)
{
  /* The harness sees files when there are some: the assertions above that
   * nothing was written are meaningful. */
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n  a: {file: m.wav}\n  b: s.wav\n"
                               "stems:\n  one: [a]\n  two: [b]\n");
  char *out = NULL, *err = NULL;
  const char *check[] = {"check", path, NULL};
  cr_assert_eq(tu_run(check, &out, &err), 0, "%s", err);
  cr_assert(strstr(out, "ok"), "%s", out);
  free(out);
  free(err);
  const char *render[] = {"render", path, NULL};
  cr_assert_eq(tu_run(render, &out, &err), 0, "%s", err);
  char *outdir = tu_path(dir, "out/r");
  cr_assert_eq(tu_count_prints(outdir), 3);
  free(outdir);
  free(out);
  free(err);
  free(path);
}

/* Diagnostics a CI reads (docs/ci.md): the bad recipe's problems, each with
 * its file, line, column, recipe path, message, hint and exit status, in
 * check --json, in render --report (the report of a recipe that did not
 * render too), as GitHub's annotations and as GitLab's code quality
 * report written to a file. */
Test(errors, a_bad_recipes_diagnostics_are_data_with_their_lines)
{
  char *r = tu_write_text(dir, "bad.yaml",
                          "stemprint: 1\n"
                          "tracks:\n"
                          "  a: {file: m.wav, to: verbb, solo: true}\n"
                          "buses:\n"
                          "  verb: {inserts: [{compressor: {threshhold: -20 dB}}]}\n");
  char *out = NULL, *err = NULL;
  const char *check[] = {"check", r, "--json", NULL};
  cr_assert_eq(tu_run(check, &out, &err), 2, "%s", err);
  char why[256];
  sp_json *j = sp_report_parse(out, strlen(out), why, sizeof why);
  cr_assert_not_null(j, "%s: %s", why, out);
  int64_t status = -1;
  cr_expect(sp_report_get_int(sp_report_get(j, "status"), &status) && status == 2);
  const sp_json *rec = sp_report_array_get(sp_report_get(j, "recipes"), 0);
  /* its levels were not measured: no list of what was not */
  const sp_json *levels = sp_report_get(rec, "levels");
  bool measured = true;
  cr_expect(sp_report_get_bool(sp_report_get(levels, "measured"), &measured) && !measured);
  cr_expect_null(sp_report_get(levels, "not_measured"), "%s", out);
  const sp_json *diags = sp_report_get(rec, "diagnostics");
  /* the two errors, and between them a warning (a's solo; not that
   * nothing feeds 'verb', which only follows from the first) */
  cr_assert_eq(sp_report_array_size(diags), 3, "%s", out);
  cr_expect_str_eq(sp_report_get_string(sp_report_get(sp_report_array_get(diags, 1), "path")),
                   "tracks.a.solo");
  static const struct {
    int line, col, status;
    const char *path, *message, *hint;
  } want[] = {
      {3, 24, 2, "tracks.a.to", "no bus named 'verbb'", "did you mean 'verb'?"},
      {5, 34, 2, "buses.verb.inserts[0].compressor.threshhold",
       "unknown key 'threshhold' in the parameters of 'compressor'", "did you mean 'threshold'?"},
  };
  for (size_t i = 0; i < 2; i++) {
    const sp_json *g = sp_report_array_get(diags, 2 * i);
    int64_t line = 0, col = 0, st = 0;
    cr_expect(sp_report_get_int(sp_report_get(g, "line"), &line) && line == want[i].line);
    cr_expect(sp_report_get_int(sp_report_get(g, "column"), &col) && col == want[i].col);
    cr_expect(sp_report_get_int(sp_report_get(g, "exit_status"), &st) && st == want[i].status);
    cr_expect_str_eq(sp_report_get_string(sp_report_get(g, "severity")), "error");
    cr_expect_str_eq(sp_report_get_string(sp_report_get(g, "file")), r);
    cr_expect_str_eq(sp_report_get_string(sp_report_get(g, "path")), want[i].path);
    cr_expect_str_eq(sp_report_get_string(sp_report_get(g, "message")), want[i].message);
    cr_expect_str_eq(sp_report_get_string(sp_report_get(g, "hint")), want[i].hint);
  }
  cr_expect(strstr(err, "no bus named 'verbb'"), "stderr still says it: %s", err);
  sp_report_free(j);
  free(out);
  free(err);
  /* render --report of the recipe that did not render, and the
   * annotations on standard output */
  char *rep = tu_path(dir, "bad.json"), *gl = tu_path(dir, "gl.json");
  const char *render[] = {"render", r, "--report", rep, "--diagnostics", "github", NULL};
  cr_assert_eq(tu_run(render, &out, &err), 2, "%s", err);
  char *text = tu_slurp(rep);
  j = sp_report_parse(text, strlen(text), why, sizeof why);
  cr_assert_not_null(j, "%s", why);
  cr_expect_eq(sp_report_array_size(sp_report_get(j, "diagnostics")), 3, "%s", text);
  sp_report_free(j);
  free(text);
  char *line = sp_xasprintf("::error file=%s,line=3,col=24,title=tracks.a.to::no bus named "
                            "'verbb'; did you mean 'verb'?\n",
                            r);
  cr_expect(strstr(out, line), "want\n%sin:\n%s", line, out);
  free(line);
  free(out);
  free(err);
  /* GitLab's report, into a file */
  const char *gitlab[] = {"check", r, "--diagnostics", "gitlab", "--diagnostics-file", gl, NULL};
  cr_assert_eq(tu_run(gitlab, &out, &err), 2, "%s", err);
  text = tu_slurp(gl);
  j = text ? sp_report_parse(text, strlen(text), why, sizeof why) : NULL;
  cr_assert_not_null(j, "%s", text);
  cr_expect_eq(sp_report_array_size(j), 3);
  const sp_json *loc = sp_report_get(sp_report_array_get(j, 2), "location");
  cr_expect_str_eq(sp_report_get_string(sp_report_get(loc, "path")), r);
  sp_report_free(j);
  free(text);
  free(out);
  free(err);
  free(gl);
  free(rep);
  free(r);
}

/* check measures through master and the prints: a recipe whose mix and
 * stems would clip in a 24-bit print (master's trim 18 dB) fails check
 * with exit 1, an error at master and at each stem, as the render fails;
 * in 32-bit float nothing clips, and the verdict says clipping was not
 * measured. */
Test(errors, check_fails_a_mix_that_would_clip_through_master)
{
  static const char text[] = "stemprint: 1\n"
                             "tracks:\n"
                             "  a: {file: s.wav}\n"
                             "  b: {file: s.wav}\n"
                             "master: {trim: 18 dB}\n"
                             "stems: {a: [a], b: [b]}\n";
  char *r = tu_write_text(dir, "hot.yaml", text);
  char *out = NULL, *err = NULL;
  const char *check[] = {"check", r, NULL};
  cr_expect_eq(tu_run(check, &out, &err), 1, "%s", err);
  cr_expect(strstr(err, "hot.yaml:5:9: master: the mix would clip: it peaks at +12.0 dBFS "
                        "through master, above full scale in a 24-bit print"),
            "%s", err);
  cr_expect(strstr(err, "hot.yaml:6:12: stems.a: the stem 'a' would clip: it peaks at +6.0 dBFS"),
            "%s", err);
  cr_expect_str_eq(out, "");
  free(out);
  free(err);
  char *o = tu_path(dir, "hot-out");
  const char *render[] = {"render", "-q", r, "-o", o, NULL};
  cr_expect_eq(tu_run(render, NULL, &err), 1, "the render fails as check said: %s", err);
  free(err);
  char *f = sp_xasprintf("%soutput: {depth: 32f}\n", text);
  free(tu_write_text(dir, "hot.yaml", f));
  cr_expect_eq(tu_run(check, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "the mix peaks at 12.0 dBFS; not measured: clipping (a 32-bit float print "
                        "holds any level)"),
            "%s", out);
  free(out);
  free(err);
  /* and as data: measured, with what was not */
  const char *check_json[] = {"check", r, "--json", NULL};
  cr_expect_eq(tu_run(check_json, &out, &err), 0, "%s", err);
  char why[256];
  sp_json *j = sp_report_parse(out, strlen(out), why, sizeof why);
  cr_assert_not_null(j, "%s: %s", why, out);
  const sp_json *levels =
      sp_report_get(sp_report_array_get(sp_report_get(j, "recipes"), 0), "levels");
  bool measured = false;
  cr_expect(sp_report_get_bool(sp_report_get(levels, "measured"), &measured) && measured);
  cr_expect_str_eq(sp_report_get_string(sp_report_get(levels, "not_measured")),
                   "clipping (a 32-bit float print holds any level)");
  sp_report_free(j);
  free(out);
  free(err);
  free(f);
  free(o);
  free(r);
}

/* check says a mix that would clip where the render's clipping check
 * says it: at output.depth when the recipe writes output and no master
 * (where before it named master, which the recipe did not write, so the
 * error had no line), in its JUnit testcase too. */
Test(errors, check_says_a_clipping_mix_where_the_render_does)
{
  char *r = tu_write_text(dir, "hot16.yaml",
                          "stemprint: 1\n"
                          "tracks:\n"
                          "  a: {file: s.wav, gain: 18 dB}\n"
                          "output: {depth: 16}\n");
  char *junit = tu_path(dir, "hot16.xml"), *o = tu_path(dir, "hot16-out");
  char *err = NULL;
  const char *check[] = {"check", r, "--junit", junit, NULL};
  cr_expect_eq(tu_run(check, NULL, &err), 1, "%s", err);
  cr_expect(strstr(err, "hot16.yaml:4:17: output.depth: the mix would clip"), "%s", err);
  free(err);
  char *xml = tu_slurp_must(junit);
  cr_expect(strstr(xml, "<testcase name=\"output.depth\" ") &&
                strstr(xml, "hot16.yaml\" line=\"4\">"),
            "%s", xml);
  free(xml);
  const char *render[] = {"render", "-q", r, "-o", o, NULL};
  cr_expect_eq(tu_run(render, NULL, &err), 1, "%s", err);
  cr_expect(strstr(err, "hot16.yaml:4:17: output.depth: check failed: clipping"), "%s", err);
  free(err);
  free(o);
  free(junit);
  free(r);
}

/* A failed check is a diagnostic at the rule it judges by, with a hint, in
 * render --report and as GitHub's annotations (docs/ci.md): clipping at
 * output.depth, the null test at checks.null.max_residual, the loudness
 * target and the true-peak ceiling at their keys of checks.loudness. */
Test(errors, failed_checks_are_said_at_their_rules)
{
  float tone[48000];
  for (int i = 0; i < 48000; i++)
    tone[i] = (float)(0.5 * sin(2 * M_PI * 997.0 * i / 48000.0));
  free(tu_write_wav(dir, "tone.wav", 1, 48000, 24, tone, 48000));
  char *r = tu_write_text(dir, "fails.yaml",
                          "stemprint: 1\n"
                          "tracks:\n"
                          "  a: {file: tone.wav}\n"
                          "  b: {file: tone.wav}\n"
                          "master: {trim: 18 dB}\n"
                          "stems: {a: [a], b: [b]}\n"
                          "output: {depth: 24}\n"
                          "checks:\n"
                          "  null: {max_residual: -120 dBFS}\n"
                          "  loudness: {target: -30 LUFS, max_true_peak: -3 dBTP}\n");
  char *rep = tu_path(dir, "fails.json"), *o = tu_path(dir, "fails-out");
  char *out = NULL, *err = NULL;
  const char *render[] = {"render",        "-q",     r,   "-o", o, "--report", rep,
                          "--diagnostics", "github", NULL};
  cr_assert_eq(tu_run(render, &out, &err), 1, "%s", err);
  static const struct {
    const char *path;
    int line, col;
    const char *message, *hint;
  } want[] = {
      {"output.depth", 7, 17, "check failed: clipping: ", "print depth 32f"},
      {"checks.null.max_residual", 9, 24, "check failed: null: residual peak",
       "clipping: the mix 'mix.wav' has"},
      {"checks.loudness.target", 10, 22, "check failed: loudness: ", "move the mix by -"},
      {"checks.loudness.max_true_peak", 10, 47, "check failed: true peak: ",
       "or hold it with a limiter on master (inserts: [{limiter: {ceiling: -3.0 dBTP}}])"},
  };
  char *text = tu_slurp(rep);
  char why[256];
  sp_json *j = sp_report_parse(text, strlen(text), why, sizeof why);
  cr_assert_not_null(j, "%s: %s", why, text);
  const sp_json *diags = sp_report_get(j, "diagnostics");
  if (!diags)
    diags = sp_report_get(sp_report_array_get(sp_report_get(j, "recipes"), 0), "diagnostics");
  cr_assert_geq(sp_report_array_size(diags), 4, "%s", text);
  for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
    bool found = false;
    for (size_t i = 0; i < sp_report_array_size(diags) && !found; i++) {
      const sp_json *g = sp_report_array_get(diags, i);
      const char *path = sp_report_get_string(sp_report_get(g, "path"));
      if (!path || strcmp(path, want[w].path) != 0)
        continue;
      found = true;
      int64_t line = 0, col = 0, st = 0;
      cr_expect(sp_report_get_int(sp_report_get(g, "line"), &line) && line == want[w].line,
                "%s: line %lld", want[w].path, (long long)line);
      cr_expect(sp_report_get_int(sp_report_get(g, "column"), &col) && col == want[w].col,
                "%s: column %lld", want[w].path, (long long)col);
      cr_expect(sp_report_get_int(sp_report_get(g, "exit_status"), &st) && st == 1);
      const char *msg = sp_report_get_string(sp_report_get(g, "message"));
      const char *hint = sp_report_get_string(sp_report_get(g, "hint"));
      cr_expect(msg && strncmp(msg, want[w].message, strlen(want[w].message)) == 0, "%s: %s",
                want[w].path, msg);
      cr_expect(hint && strstr(hint, want[w].hint), "%s: hint %s", want[w].path, hint);
      char *line_text = sp_xasprintf("::error file=%s,line=%d,col=%d,title=%s::%s", r, want[w].line,
                                     want[w].col, want[w].path, want[w].message);
      cr_expect(strstr(out, line_text), "want\n%s\nin:\n%s", line_text, out);
      free(line_text);
    }
    cr_expect(found, "no diagnostic at %s in:\n%s", want[w].path, text);
  }
  sp_report_free(j);
  free(text);
  free(out);
  free(err);
  free(rep);
  free(o);
  free(r);
}

/* A sample rate refused (4.8e45 Hz, past its row) is said once, and
 * nothing built after the check to say more meets it: a file's length in
 * frames overflowed (UBSan in the sanitized pass; "holds no audio (0
 * frames)" in the plain one, of a file that holds some). */
Test(errors, a_rate_out_of_range_reaches_nothing_built_after)
{
  char *here = tu_tmpdir();
  float x[480] = {0.25f};
  free(tu_write_wav(here, "k.wav", 1, 48000, 32, x, 480));
  char *p = tu_write_text(here, "r.yaml", "stemprint: 1\nsample_rate: 4.8e45\ntracks: {k: k.wav}\n");
  char *err = NULL;
  cr_expect_eq(tu_run((const char *[]){"check", p, NULL}, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "sample_rate: 4.8e+45 Hz is out of range") && !strstr(err, "no audio"),
            "%s", err);
  free(err), free(p);
  tu_rmtree(here);
  free(here);
}

/* ---- an item after one its list's reading left out ------------------------

 * A list's item that is not what the list holds (a number for a send, a
 * list for a name) is said and left out, so the model's list holds one
 * item fewer than the recipe wrote. What is said of each item after it
 * is said at its index and its line as written. Before, the check and
 * the graph named each by its index in the model: at the path and line
 * of the item left out (or, of a value the recipe did not write there,
 * not at all). */

/* recipe checked: its errors hold each of want (NULL-terminated), and
 * none of not. */
static void check_says(const char *recipe, const char *const *want, const char * not )
{
  char *path = tu_write_text(dir, "r.yaml", recipe), *err = NULL;
  const char *args[] = {"check", "--no-levels", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  for (size_t i = 0; want[i]; i++)
    cr_expect(strstr(err, want[i]), "no '%s' in:\n%s", want[i], err);
  cr_expect_null(strstr(err, not ), "'%s' in:\n%s", not, err);
  free(err);
  free(path);
}

/* A track's and a bus's sends: the graph's send to no bus, the check's
 * level out of range (before: unsaid, the level not written at
 * sends[0]). */
Test(errors, a_send_after_one_left_out_is_said_at_its_index)
{
  check_says(V "tracks:\n"
               "  a:\n"
               "    file: m.wav\n"
               "    to: b\n"
               "    sends: [5, {to: nowhere}]\n"
               "buses:\n"
               "  b:\n"
               "    sends:\n"
               "      - 5\n"
               "      - {to: e, level: 90 dB}\n"
               "  e: {}\n",
             (const char *const[]){"r.yaml:6:21: tracks.a.sends[1].to: no bus named 'nowhere'",
                                   "r.yaml:11:24: buses.b.sends[1].level: 90 dB is out of range",
                                   NULL},
             "sends[0].");
}

/* A region of `regions:` (before: its gain, written at regions[1], was
 * looked for at regions[0], and not said). */
Test(errors, a_region_after_one_left_out_is_said_at_its_index)
{
  check_says(
      V "tracks:\n  a:\n    regions: [5, {file: m.wav, gain: 900 dB}]\n",
      (const char *const[]){"r.yaml:4:38: tracks.a.regions[1].gain: 900 dB is out of range", NULL},
      "regions[0].");
}

/* A stem's members. */
Test(errors, a_stem_member_after_one_left_out_is_said_at_its_index)
{
  check_says(V T "stems:\n  s: [a, [1], zz]\n",
             (const char *const[]){"r.yaml:5:15: stems.s[2]: no track or bus named 'zz'", NULL},
             "stems.s[1]: no track");
}

/* A version's names, said at its `keep:` (before: at `mute:`, the
 * version's keep not read). */
Test(errors, a_version_name_after_one_left_out_is_said_at_its_index)
{
  check_says(V T "versions:\n  v: {keep: [a, [1], zz]}\n",
             (const char *const[]){
                 "r.yaml:5:22: versions.v.keep[2]: no stem, track or bus named 'zz'", NULL},
             "mute[");
}

/* The channels a strip feeds straight, an insert runs on and its
 * detector hears. */
Test(errors, a_channel_after_one_left_out_is_said_at_its_index)
{
  check_says(V "tracks:\n"
               "  a:\n"
               "    file: s.wav\n"
               "    channels: [L, [1], L]\n"
               "    inserts:\n"
               "      - gain: {gain: 0 dB, channels: [L, [1], Q]}\n"
               "      - compressor: {detect: [L, [1], Q]}\n",
             (const char *const[]){
                 "r.yaml:5:24: tracks.a.channels[2]: 'L' is named twice",
                 "r.yaml:7:47: tracks.a.inserts[0].gain.channels[2]: 'Q' is not a channel",
                 "r.yaml:8:39: tracks.a.inserts[1].compressor.detect[2]: 'Q' is not a channel",
                 NULL},
             "channels[1]: '");
}

/* A set of output.also after one the check refused (its depth): the
 * graph's names of the sets after it, at their indices as written. */
Test(errors, a_set_after_one_the_check_refused_is_said_at_its_index)
{
  check_says(V T "output:\n  also: [{format: flac, depth: 32f}, {format: flac}, {format: flac}]\n",
             (const char *const[]){"r.yaml:5:32: output.also[0]: flac cannot store 32-bit float",
                                   "r.yaml:5:54: output.also[2]: its files would take "
                                   "output.also[1]'s names",
                                   NULL},
             "output.also[1]: its files");
}

/* A loudness rule whose keys aim at nothing (a tolerance alone, or only
 * keys it does not take) is asked for an aim at the rule, checks.loudness
 * and a set's own alike; one that is no mapping is said by its reading
 * alone. */
Test(errors, a_loudness_rule_that_aims_at_nothing_is_asked_for_an_aim)
{
  static const struct {
    const char *text, *says;
  } cases[] = {
      {"checks: {loudness: {tolerance: 2 LU}}\n", "r.yaml:4:20: checks.loudness: give a 'target'"},
      {"checks: {loudness: {tarrget: -14 LUFS}}\n",
       "r.yaml:4:20: checks.loudness: give a 'target'"},
      {"output: {also: [{format: flac, loudness: {tolerance: 1 LU}}]}\n",
       "r.yaml:4:42: output.also[0].loudness: give a 'target'"},
      {"checks: {loudness: [-14 LUFS]}\n", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *text = sp_xasprintf(V T "%s", cases[i].text), *path = tu_write_text(dir, "r.yaml", text);
    char *err = NULL;
    const char *args[] = {"check", "--no-levels", path, NULL};
    cr_expect_eq(tu_run(args, NULL, &err), 2, "%s", err);
    if (cases[i].says)
      cr_expect(strstr(err, cases[i].says), "%s: no '%s' in:\n%s", cases[i].text, cases[i].says,
                err);
    else
      cr_expect_null(strstr(err, "give a 'target'"), "%s:\n%s", cases[i].text, err);
    free(err);
    free(path);
    free(text);
  }
}

/* A recipe whose mix clips, through master's gain. */
#define HOT V "tracks:\n  a: {file: s.wav, gain: 18 dB}\nmaster: {gain: 0 dB}\n"

/* A mix that would clip, of a recipe that writes master and not
 * output.depth, is said at master whether it writes no output block, one
 * of other keys, or a --set of output.also makes one: none chose the
 * depth. Before, an output block moved it to output.depth, placed at the
 * block, or at the --set that made it. One that writes output.depth is
 * said there. */
Test(errors, a_clipping_mix_is_said_at_master_where_no_depth_was_chosen)
{
  static const struct {
    const char *output, *set, *says;
  } cases[] = {
      {"", NULL, "r.yaml:4:9: master: the mix would clip"},
      {"", "output.also=[{format: flac}]", "r.yaml:4:9: master: the mix would clip"},
      {"output: {also: [{format: flac}]}\n", NULL, "r.yaml:4:9: master: the mix would clip"},
      {"output: {depth: 16}\n", NULL, "r.yaml:5:17: output.depth: the mix would clip"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *text = sp_xasprintf(HOT "%s", cases[i].output);
    char *path = tu_write_text(dir, "r.yaml", text), *err = NULL;
    const char *args[] = {"check", path, cases[i].set ? "--set" : NULL, cases[i].set, NULL};
    cr_expect_eq(tu_run(args, NULL, &err), 1, "%s", err);
    cr_expect(strstr(err, cases[i].says), "%s %s: no '%s' in:\n%s", cases[i].output,
              cases[i].set ? cases[i].set : "", cases[i].says, err);
    free(err);
    free(path);
    free(text);
  }
}

/* A file's first bytes (n of them) and what `check` of it says it is. */
typedef struct given_file {
  const char *bytes;
  size_t n;
  const char *said;
} given_file;

static void said_for_what_they_are(const given_file *files, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    char *path = tu_write_bytes(dir, "given.bin", files[i].bytes, files[i].n);
    char *err = NULL;
    const char *args[] = {"check", path, NULL};
    cr_assert_eq(tu_run(args, NULL, &err), 2, "%s: %s", files[i].said, err);
    char *want = sp_xasprintf("given.bin: %s: a recipe is YAML text that names its audio files "
                              "(stemprint init FOLDER writes one for a folder of them)",
                              files[i].said);
    cr_expect(strstr(err, want), "want %s in %s", want, err);
    free(want), free(err), free(path);
  }
}

/* A file of audio (or MIDI, or a ZIP) given where a recipe goes is said
 * for what it is, by its first bytes, at no line: before, its first
 * control character was ("kick.wav:1:7: a control character (0x1a): a
 * recipe is text; remove it"), or a WAV past 64 MB "is really a recipe?".
 * A text that begins alike but goes on as text is still read as YAML. */
Test(errors, an_audio_file_given_as_a_recipe_is_said_for_what_it_is)
{
  static const given_file files[] = {
      {"RIFF\x24\0\0\0WAVEfmt ", 16, "a WAV file, not a recipe"},
      {"RF64\xff\xff\xff\xffWAVEds64", 16, "a WAV file, not a recipe"},
      {"FORM\0\0\0\x2e"
       "AIFFCOMM",
       16, "an AIFF file, not a recipe"},
      {"fLaC\0\0\0\x22", 8, "a FLAC file, not a recipe"},
      {"OggS\0\x02\0\0", 8, "an Ogg (Opus or Vorbis) file, not a recipe"},
      {"riff\x2e\x91\xcf\x11\xa5\xd6\x28\xdb", 12, "a W64 file, not a recipe"},
      {"caff\0\x01\0\0desc", 12, "a CAF file, not a recipe"},
      {"ID3\x04\0\0\0\0\0\x10", 10, "an MP3 file, not a recipe"},
      {"\xff\xfb\x90\x64\0\0", 6, "an MP3 file, not a recipe"},
      {"\0\0\0\x20"
       "ftypM4A ",
       12, "an MPEG-4 file, not a recipe"},
      {"MThd\0\0\0\x06\0\x01", 10, "a Standard MIDI File, not a recipe"},
      {"PK\x03\x04\x14\0", 6,
       "a ZIP file (a DAWproject session is read by its .dawproject name), not a recipe"},
  };
  said_for_what_they_are(files, sizeof files / sizeof files[0]);
  /* text that begins as a magic does: YAML's words */
  char *path = tu_write_text(dir, "fLaC.yaml", "fLaCs: 1\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2);
  cr_expect(strstr(err, "unknown key 'fLaCs'"), "%s", err);
  cr_expect_null(strstr(err, "not a recipe"), "%s", err);
  free(err), free(path);
  /* a magic on a line of its own, then text: text (review 18 F6; before,
   * "a FLAC file, not a recipe") */
  path = tu_write_text(dir, "fLaC2.yaml", "fLaC\nstemprint: 1\n");
  cr_assert_eq(tu_run((const char *[]){"check", path, NULL}, NULL, &err), 2);
  cr_expect_null(strstr(err, "not a recipe"), "%s", err);
  free(err), free(path);
}

/* A recipe saved as UTF-16 (Notepad's "Unicode": FF FE, then the text
 * a byte of zeros after each ASCII character) is said to be UTF-16 text.
 * Before, little-endian's FF FE was taken for an MPEG frame's sync: "an
 * MP3 file, not a recipe"; big-endian's "a byte that is not UTF-8 (0xfe)". */
Test(errors, a_recipe_saved_as_utf16_is_said_to_be_utf16)
{
  static const char *const texts[] = {"\xff\xfes\0t\0e\0m\0p\0r\0i\0n\0t\0:\0 \0001\0\n\0",
                                      "\xfe\xff\0s\0t\0e\0m\0p\0r\0i\0n\0t\0:\0 \0001\0\n"};
  for (size_t i = 0; i < 2; i++) {
    char *path = tu_write_bytes(dir, "u16.yaml", texts[i], 28);
    char *err = NULL;
    const char *args[] = {"check", path, NULL};
    cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
    cr_expect(strstr(err, "u16.yaml:1:1: UTF-16 text (it begins with UTF-16's byte order mark); "
                          "save the recipe as UTF-8"),
              "%s", err);
    cr_expect_null(strstr(err, "MP3"), "%s", err);
    free(err), free(path);
  }
}

/* The kinds the recipe loader did not know, said as the others are, from
 * the one table of kinds (io/fs/kind.c). Before, each was read as YAML
 * ("a control character (0x1a): a recipe is text; remove it", or "not
 * UTF-8"): a FLAC whose first block is its last (byte 4 is 0x80, which the
 * loader's "a byte below 0x20" missed), a big-endian WAV (RIFX), a
 * SoundFont, and libsndfile's formats the DAWproject extractor knew: AU,
 * NIST SPHERE, VOC, MATLAB 5, AVR, PAF; and WavPack. */
Test(errors, a_file_of_a_kind_the_loader_did_not_know_is_said_for_what_it_is)
{
  static const given_file files[] = {
      {"fLaC\x80\0\0\x22", 8, "a FLAC file, not a recipe"},
      {"RIFX\0\0\0\x24WAVEfmt ", 16, "a WAV file, not a recipe"},
      {"RIFF\x24\0\0\0sfbkLIST", 16, "a SoundFont, not a recipe"},
      {".snd\0\0\0\x18", 8, "an AU file, not a recipe"},
      {"dns.\x18\0\0\0", 8, "an AU file, not a recipe"},
      {"NIST_1A\n   1024\n", 17, "a NIST SPHERE file, not a recipe"},
      {"Creative Voice File\x1a\x1a\0", 22, "a VOC file, not a recipe"},
      {"MATLAB 5.0 MAT-file, Platform", 29, "a MATLAB 5 file, not a recipe"},
      {"2BITsine\0\0\0\0\0\0\0\x10", 16, "an AVR file, not a recipe"},
      {" paf\0\0\0\0\0\0\0\x01", 12, "a PAF file, not a recipe"},
      {"wvpk\x20\0\0\0\x10\x04", 10, "a WavPack file, not a recipe"},
  };
  said_for_what_they_are(files, sizeof files / sizeof files[0]);
}

/* An MP3 set's bitrate its rate does not take is said at the bitrate, and
 * so at the --set that gave it: before, at the set's line in the file,
 * which did not write it. */
Test(errors, an_mp3_bitrate_a_set_gives_is_said_at_the_set)
{
  tu_write_dc(dir, "k.wav", 1, 0.25f, 4800);
  char *path = tu_write_text(dir, "m.yaml",
                             "stemprint: 1\nsample_rate: 22050\ntracks:\n  a: k.wav\noutput:\n"
                             "  also:\n    - {format: mp3}\n");
  char *err = NULL;
  const char *args[] = {"check", path, "--set", "output.also[0].bitrate=320", NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2);
  cr_expect(strstr(err, "stemprint: error: --set output.also[0].bitrate=320: "
                        "output.also[0].bitrate: mp3 at 22.05 kHz (MPEG-2) takes at most 160 "
                        "kbps, not 320"),
            "%s", err);
  free(err);
  free(path);
}

/* Case k: `check` (with the option opt, or none: NULL) of recipe
 * yaml exits 2 and says `first` and, where given, `second`, and nothing
 * else (one message each). */
static void said_these_alone(size_t k, const char *opt, const char *yaml, const char *first,
                             const char *second)
{
  char *path = tu_write_text(dir, "r.yaml", yaml), *err = NULL;
  const char *args[] = {"check", opt ? opt : path, opt ? path : NULL, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "case %zu: %s", k, err);
  cr_expect(strstr(err, first), "case %zu: %s", k, err);
  size_t lines = 0;
  for (const char *p = err; (p = strstr(p, "stemprint: ")) != NULL; p++)
    lines++;
  cr_expect_eq(lines, second ? 2u : 1u, "case %zu: %s", k, err);
  if (second)
    cr_expect(strstr(err, second), "case %zu: %s", k, err);
  free(err);
  free(path);
}

/* Nothing heard in the mix is one error, said where the one fix is: a
 * warning naming that fix again is not said beside it (the bus of `to:
 * none` its tracks end in, a send into that bus, each stem of them), nor
 * one naming a bus's warning's fix again (a stem whose tracks end in that
 * bus); a message of another fix still is. With every track muted, the
 * build's "nothing to render" alone: each stem's "every track of stem 'x'
 * is muted" follows from it. Before, the bus's warning, the send's and
 * each stem's said the error's fix again: four messages for one change. */
Test(errors, nothing_heard_is_one_error_and_not_said_again_by_each_stem)
{
  static const struct {
    const char *yaml, *error, *kept;
  } cases[] = {
      {V "tracks:\n  a: {file: m.wav, to: d}\n  b: {file: m.wav, to: d, sends: [{to: d}]}\n"
         "  c: {file: m.wav, to: d}\nbuses:\n  d: {to: none}\nstems: {x: [a, b], y: [c]}\n",
       "r.yaml:7:11: buses.d.to: nothing to render: no track of 3 is heard in the mix: track 'a' "
       "ends in bus 'd', which feeds nothing ('to: none'); route it to a bus or master",
       NULL},
      {V "tracks:\n  a: {file: m.wav, mute: true}\n  b: {file: m.wav, mute: true}\n"
         "stems: {x: [a], y: [b]}\n",
       "r.yaml:3:3: tracks: nothing to render: every track is muted", NULL},
      /* b ends in another bus: that bus's warning, not its stem's again */
      {V "tracks:\n  a: {file: m.wav, to: d}\n  b: {file: m.wav, to: e}\n"
         "buses:\n  d: {to: none}\n  e: {to: none}\nstems: {x: [a], y: [b]}\n",
       "r.yaml:6:11: buses.d.to: nothing to render: no track of 2 is heard in the mix: track 'a' "
       "ends in bus 'd'",
       "r.yaml:7:11: buses.e.to: bus 'e' feeds nothing ('to: none') and is not printed, so nothing "
       "hears it; add 'print: true' or route it to a bus or master"},
      /* every track muted and 'length' written: the mix's error names a's
       * mute, and stem x, of a, is not said again (before, each stem's
       * "every track of stem ... is muted" followed it); y's mute, b's,
       * is another fix, still said */
      {V "length: 1 s\ntracks:\n  a: {file: m.wav, mute: true}\n  b: {file: m.wav, mute: true}\n"
         "stems: {x: [a], y: [b]}\n",
       "r.yaml:4:26: tracks.a.mute: nothing to render: no track of 2 is heard in the mix: track "
       "'a' is muted; unmute it",
       "r.yaml:6:20: stems.y: every track of stem 'y' is muted"},
      /* a bus nothing feeds (an error) beside tracks that end in another
       * bus of 'to: none': that bus's warning, not the mix's error beside
       * the first (before, two errors) */
      {V "tracks:\n  a: {file: m.wav, to: d}\nbuses:\n  d: {to: none}\n  fx: {to: none}\n",
       "r.yaml:6:12: buses.fx.to: bus 'fx' feeds nothing ('to: none') and nothing feeds it",
       "r.yaml:5:11: buses.d.to: bus 'd' feeds nothing ('to: none') and is not printed, so nothing "
       "hears it"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
    said_these_alone(k, NULL, cases[k].yaml, cases[k].error, cases[k].kept);
}

/* A key whose name holds a path, written beside the object it names
 * (`fade_in.length:` after `fade_in:`), is an unknown key of its mapping,
 * said at its name, and names no key of that object: the object is
 * settled by the keys it was given. Before, the key was noted as the
 * object's own (its path the same), a fade then read its length from a
 * mapping that had none, and the check crashed (exit 139); a stem file's
 * colours said "expected four colours, got 0" beside the unknown key. */
Test(errors, a_key_named_as_a_path_beside_its_object_is_unknown_and_names_no_key_of_it)
{
  static const struct {
    const char *yaml, *unknown, *own;
  } cases[] = {
      {V "tracks:\n  a:\n    file: m.wav\n    fade_in: {shape: linear}\n"
         "    fade_in.length: 10 ms\n",
       "r.yaml:6:5: tracks.a.fade_in.length: unknown key 'fade_in.length' in a track",
       "r.yaml:5:14: tracks.a.fade_in: a fade needs its 'length'"},
      {V "tracks:\n  a:\n    regions:\n      - file: m.wav\n        fade_out: {length: 1 ms}\n"
         "        fade_out.shape: fast\n",
       "r.yaml:7:9: tracks.a.regions[0].fade_out.shape: unknown key 'fade_out.shape' in a region",
       NULL},
      {V "tracks:\n  a:\n    file: m.wav\n    fade_in: {shape: linear, length: 10 ms}\n"
         "    fade_in.curve: [[0, 0], [10 ms, 1]]\n",
       "r.yaml:6:5: tracks.a.fade_in.curve: unknown key 'fade_in.curve' in a track", NULL},
      {V
       "tracks: {a: m.wav, b: m.wav, c: m.wav, d: m.wav}\nstems: {a: [a], b: [b], c: [c], d: [d]}\n"
       "output:\n  stem_mp4: {stems: [a, b, c, d]}\n  stem_mp4.colors: [\"#FF0000\"]\n",
       "r.yaml:6:3: output.stem_mp4.colors: unknown key 'stem_mp4.colors' in output", NULL},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
    said_these_alone(k, "--no-levels", cases[k].yaml, cases[k].unknown, cases[k].own);
}

/* recipe (r.yaml) checked with --no-levels: its exit status, and its
 * stderr (heap). */
static char *checked(const char *recipe, int *status)
{
  char *path = tu_write_text(dir, "r.yaml", recipe), *err = NULL;
  const char *args[] = {"check", "--no-levels", path, NULL};
  *status = tu_run(args, NULL, &err);
  free(path);
  return err;
}

/* A key written twice among many is said at the second, the first named
 * by its line, each key looked up once (a table of the mapping's keys).
 * Before, each key was compared with every earlier one: a mapping of
 * 50,000 keys (a 600 KB recipe) kept `check` busy 25-36 s, 100,000 for
 * minutes (review 155 #1); now 0.9 s and 1.4 s, measured by hand (a
 * bound on time is no unit test's: this holds the answer). */
Test(errors, a_key_twice_among_twenty_thousand_is_said_at_both_lines)
{
  enum { KEYS = 20000 };
  size_t cap = 64 + (size_t)KEYS * 16, len = 0;
  char *text = sp_xmalloc(cap);
  len += (size_t)snprintf(text + len, cap - len, V "tracks:\n  a:\n    file: m.wav\n    x:\n");
  for (int k = 0; k < KEYS; k++)
    len += (size_t)snprintf(text + len, cap - len, "      k%d: 1\n", k);
  snprintf(text + len, cap - len, "      k7: 2\n");
  int status = 0;
  char *err = checked(text, &status);
  cr_expect_eq(status, 2, "%s", err);
  char *want = sp_xasprintf("r.yaml:%d:7: tracks.a.x.k7: duplicate key (first written at line 13); "
                            "keep only one",
                            6 + KEYS);
  cr_expect(strstr(err, want), "%.2000s", err);
  free(want);
  free(err);
  free(text);
}

/* A name may hold a '.': the track "a.file" spells the path of track a's
 * `file:`. Before, the check asked the path's text: a track with no file
 * beside the track "a.file" passed (and rendered silence), the track
 * "a.files" beside a was a's files of one, the version "v.keep" beside v
 * was v's `keep:` beside its `mute:`, the track "a.from" beside a's warp
 * was a's `from:`; a MIDI track beside the track "p.instrument" was
 * refused for the MIDI file; a track "a.sends" refused was a's sends
 * refused (no bus fed by nothing said). */
Test(errors, a_name_with_a_dot_is_not_another_objects_key)
{
  static const char midi[] = "MThd\0\0\0\x06\0\0\0\x01\x01\xe0"
                             "MTrk\0\0\0\x04\0\xff\x2f\0";
  free(tu_write_bytes(dir, "n.mid", midi, sizeof midi - 1));
  static const struct {
    const char *recipe;
    int status;
    const char *says;
  } cases[] = {
      {V "tracks:\n  a:\n    gain: -3 dB\n  a.file: m.wav\n", 2,
       "r.yaml:3:3: tracks.a: a track needs 'file: PATH'"},
      {V "tracks:\n  a: {file: m.wav}\n  a.files: s.wav\n", 0, NULL},
      {V "tracks:\n  a: {file: m.wav}\n  b: {file: s.wav}\nstems:\n  x: [a]\n  y: [b]\n"
         "versions:\n  v: {mute: [x]}\n  v.keep: {mute: [y]}\n",
       0, NULL},
      {V "tracks:\n  a: {file: m.wav, warp: [[0, 0], [0.1 s, 0.1 s]]}\n  a.from: s.wav\n", 0, NULL},
      {V "tracks:\n  p: {midi: n.mid}\n  p.instrument: m.wav\n", 2,
       "tracks.p: a track of MIDI plays into an instrument"},
      {V "tracks:\n  a: {file: m.wav}\n  a.sends: [1]\nbuses:\n  b: {}\n", 2,
       "buses.b: bus 'b' is fed by nothing"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    int status;
    char *err = checked(cases[i].recipe, &status);
    cr_expect_eq(status, cases[i].status, "%zu: exit %d\n%s", i, status, err);
    if (cases[i].says)
      cr_expect(strstr(err, cases[i].says), "%zu: no '%s' in:\n%s", i, cases[i].says, err);
    free(err);
  }
}

/* A recipe that gives no sample_rate renders at its sources' (96 kHz
 * here): its times and frequencies are judged at that rate. Before, a
 * first reading at 48 kHz that refused one (4000 smp over 50 ms; 30 kHz
 * over 24 kHz) was the one said: the second reading, at the sources'
 * rate, was made only after a first that said nothing. */
Test(errors, times_and_frequencies_are_judged_at_the_sources_rate)
{
  float m[9600] = {0};
  free(tu_write_wav(dir, "m96.wav", 1, 96000, 24, m, 9600));
  static const char *const recipes[] = {
      V "tracks:\n  a:\n    file: m96.wav\n    inserts:\n      - limiter: {lookahead: 4000 smp}\n",
      V "tracks:\n  a:\n    file: m96.wav\n    inserts:\n      - eq: [{type: lowpass, freq: 30 "
        "kHz}]\n"};
  for (size_t i = 0; i < 2; i++) {
    int status;
    char *err = checked(recipes[i], &status);
    cr_expect_eq(status, 0, "%zu: exit %d\n%s", i, status, err);
    free(err);
  }
}

/* Every track muted: the fix said is one that works. Before, it said
 * "unmute a track or set 'length'", but a length given renders nothing
 * either ("nothing to render: no track ... is heard"): 'length' pads the
 * timeline with silence (docs/recipe.md), it does not make a mix heard. */
Test(errors, every_track_muted_says_a_fix_that_works)
{
  int status;
  char *err = checked(V "tracks:\n  a: {file: m.wav, mute: true}\n  b: {file: s.wav, mute: true}\n",
                      &status);
  cr_expect_eq(status, 2, "%s", err);
  cr_expect(strstr(err, "tracks: nothing to render: every track is muted or silenced by solo; "
                        "unmute a track\n"),
            "%s", err);
  free(err);
}

/* The number of errors in err (stderr). */
static size_t errors_in(const char *err)
{
  size_t n = 0;
  for (const char *p = err; (p = strstr(p, "stemprint: error: ")); p++)
    n++;
  return n;
}

/* r.yaml (recipe) checked with one --set: its stderr (heap). */
static char *checked_with(const char *recipe, const char *set)
{
  char *path = tu_write_text(dir, "r.yaml", recipe), *err = NULL;
  const char *args[] = {"check", "--no-levels", path, "--set", set, NULL};
  tu_run(args, NULL, &err);
  free(path);
  return err;
}

/* One mistake, one error. Before, output.stem_mp4 given no stems said
 * "missing 'stems'" and then "a stem file needs its four stems"; its
 * stems not a list said "expected a list" and then "holds four stems,
 * got 0". */
Test(errors, a_stem_file_refused_is_said_once)
{
  static const char *const sets[] = {"output.stem_mp4={}", "output.stem_mp4={stems: a}"};
  for (size_t i = 0; i < 2; i++) {
    char *err = checked_with(V "tracks:\n  a: {file: m.wav}\n", sets[i]);
    cr_expect_eq(errors_in(err), 1, "%s:\n%s", sets[i], err);
    free(err);
  }
}

/* A --set a message suggests pastes into a shell as it is written: a
 * name that needs them in double quotes, the whole in single quotes where
 * a shell would split it. Before: "(--set tracks.b.c.file=PATH)", which
 * names the key c of a track "b"; "like --set
 * tracks.a.inserts[0].eq.gain=3 dB", a glob and two words. */
Test(errors, a_suggested_set_pastes_as_written)
{
  static const struct {
    const char *set, *says;
  } cases[] = {
      {"tracks.\"b.c\".gain=-3", "(--set 'tracks.\"b.c\".file=PATH')"},
      {"tracks.a.inserts[0].gain=3 dB", "like --set 'tracks.a.inserts[0].eq.gain=3 dB'"},
      {"tracks.a.gain=-3", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *err = checked_with(V "tracks:\n  a: {file: m.wav, inserts: [{eq: {freq: 1 kHz}}]}\n",
                             cases[i].set);
    if (cases[i].says)
      cr_expect(strstr(err, cases[i].says), "%s: no \"%s\" in:\n%s", cases[i].set, cases[i].says,
                err);
    else
      cr_expect_eq(errors_in(err), 0, "%s", err);
    free(err);
  }
}

/* A bus only a --set names, given `to: none`, is said as the name
 * mistyped it most likely is, as any other set of it is. Before,
 * `--set buses.drumz.to=none` said "bus 'drumz' feeds nothing ('to:
 * none') and nothing feeds it; give it sends", no "did you mean 'drums'?". */
Test(errors, a_set_bus_of_to_none_names_the_bus_meant)
{
  char *err = checked_with(V "tracks:\n  kick: {file: m.wav, to: drums}\nbuses:\n  drums: {}\n",
                           "buses.drumz.to=none");
  cr_expect(strstr(err, "buses.drumz: the recipe has no bus 'drumz' (did you mean 'drums'?)"), "%s",
            err);
  cr_expect_eq(errors_in(err), 1, "%s", err);
  free(err);
}

/* An insert given as a mapping of no keys is said as that. Before, '{}'
 * was "got a mapping with several keys". */
Test(errors, an_insert_of_no_keys_is_said_as_none)
{
  char *err = checked_with(V "tracks:\n  a: {file: m.wav}\n", "tracks.a.inserts[0]={}");
  cr_expect(strstr(err, "tracks.a.inserts[0]: an insert is one processor with its parameters, "
                        "like '- gain: {gain: -3 dB}'; got a mapping of no keys\n"),
            "%s", err);
  free(err);
}

/* A track or bus only a --set names, one mistake: one error. Before, a
 * key of it the set gives wrong was said ("unknown key 'b' in a bus"),
 * and then that the recipe has no bus 'bus'; a name it cannot have was
 * said ("not a valid track name"), and then that the recipe has no such
 * track, with a --set to paste that adds one of that name. */
Test(errors, a_name_only_a_set_gives_is_one_error)
{
  static const struct {
    const char *set, *says;
  } cases[] = {
      {"buses.drumz.b.gain=-3",
       "buses.drumz.b: unknown key 'b' in a bus the recipe has not (did you "
       "mean 'drums'?)"},
      {"tracks.kikc.b.gain=-3", "tracks.kikc.b: unknown key 'b' in a track the recipe has not (did "
                                "you mean 'kick'?)"},
      {"tracks.\"kick drum\".gain=-3",
       "the recipe has no track 'kick drum', and 'kick drum' is not a valid track name"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *err = checked_with(V "tracks:\n  kick: {file: m.wav, to: drums}\nbuses:\n  drums: {}\n",
                             cases[i].set);
    cr_expect(strstr(err, cases[i].says), "%s: no \"%s\" in:\n%s", cases[i].set, cases[i].says,
              err);
    cr_expect_eq(errors_in(err), 1, "%s", err);
    free(err);
  }
}

/* A track of a name the recipe refuses, in a recipe of stems: one error,
 * the name's, whether a --set or the text gives it. Before, it was also
 * "track 'ba€' is in no stem; add it (or its bus) to one of the stems",
 * placed at the recipe's `stems:` line, for a name no stem can list. */
Test(errors, a_track_of_a_name_refused_is_asked_no_stem)
{
  static const char recipe[] = V "tracks:\n  kick: {file: m.wav}\nstems:\n  drums: [kick]\n";
  static const char *const sets[] = {"tracks.ba€.file=m.wav", "tracks.\"my track\".file=m.wav"};
  static const char *const names[] = {"ba€", "my track"};
  for (size_t i = 0; i < 2; i++) {
    char *err = checked_with(recipe, sets[i]);
    char *says = sp_xasprintf("--set %s: tracks.%s: '%s' is not a valid track name", sets[i],
                              names[i], names[i]);
    cr_expect(strstr(err, says), "%s: no \"%s\" in:\n%s", sets[i], says, err);
    cr_expect_eq(errors_in(err), 1, "%s", err);
    free(says);
    free(err);
  }
  int status = 0;
  char *err = checked(V "tracks:\n  kick: {file: m.wav}\n  my track: {file: m.wav}\nstems:\n"
                        "  drums: [kick]\n",
                      &status);
  cr_expect_eq(status, 2);
  cr_expect(strstr(err, "r.yaml:4:3: tracks.my track: 'my track' is not a valid track name"), "%s",
            err);
  cr_expect_eq(errors_in(err), 1, "%s", err);
  free(err);
}

/* What a --set made wrong is said at the set, with a fix the set can
 * make. Before: a bus's solo a set gave was said at the bus's line in the
 * recipe; a fade's length a set gave, too long, at the fade's line; a
 * fade's curve a set gave beside the recipe's length was said at the
 * length's line, "remove 'length'" (which no set can); a track's midi a
 * set gave beside its file, "remove one". */
Test(errors, what_a_set_made_wrong_is_said_at_the_set_with_its_fix)
{
  static const char recipe[] = V "tracks:\n  a:\n    file: m.wav\n    to: b\n"
                                 "    fade_in: {length: 0.1 s}\nbuses:\n  b: {}\n";
  said_at_the_set(recipe, "buses.b.solo=true",
                  "--set buses.b.solo=true: buses.b.solo: solo is a track control");
  said_at_the_set(recipe, "tracks.a.fade_in.length=5 s",
                  "--set tracks.a.fade_in.length=5 s: tracks.a.fade_in: a fade-in of 5.000 s is "
                  "longer than the region");
  said_at_the_set(recipe, "tracks.a.fade_in.curve=[[0, 0], [0.1 s, 1]]",
                  "tracks.a.fade_in.curve: a fade is either {length, shape} or {curve}: a "
                  "curve's last point is its length and its points its shape; the recipe gives "
                  "'length': give the fade whole, like --set 'tracks.a.fade_in={curve: ...}'");
  said_at_the_set(recipe, "tracks.a.midi=m.mid",
                  "tracks.a.midi: a region plays either an audio file ('file:') or a MIDI file "
                  "('midi:'), not both; the recipe gives 'file': give the track whole, like --set "
                  "'tracks.a={midi: ...}'");
}
