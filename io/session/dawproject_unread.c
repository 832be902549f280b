/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What of a DAWproject's project.xml the reader does not read, and why
 * that changes nothing it plays (docs/sessions.md lists the table, held to
 * it by tests/test_docs.c). The schema (dawproject.xsd, which every
 * project.xml is validated against) admits no element or attribute of its
 * own; anything it admits that the reader did not read and this table does
 * not list is a loss at its line (io/session/reader.h, sp_session_unread). */

#include "io/session/dawproject.h"

const sp_xml_ignored sp_dawproject_ignored[] = {
    {"*@id", "an id other elements refer to (a destination, a track, a parameter); read where a "
             "reference is followed"},
    {"*@color", "a colour"},
    {"*@comment", "a user's comment"},
    {"*@name", "a name, for people; read where it names a track, a bus or a plugin's parameter"},
    {"Clip@fadeTimeUnit", "the unit of the clip's fades, read with them; a fadeInTime or "
                          "fadeOutTime not read is said itself"},
    {"*@deviceVendor", "who made the plugin; the plugin is found by its deviceID"},
    {"*@pluginVersion", "the plugin's version; the plugin is found by its deviceID"},
    {"*@parameterID", "a plugin's own number of a parameter, for a VST or CLAP plugin, which "
                      "stemprint does not host"},
    {"*@deviceName", "the device's name, for people; it is found by its kind or its deviceID"},
    {"Equalizer@deviceID", "the DAW's own equalizer this one came from; what plays is the format's "
                           "Equalizer, its bands as written"},
    {"Compressor@deviceID", "the DAW's own compressor this one came from; what plays is the "
                            "format's Compressor, its parameters as written"},
    {"NoiseGate@deviceID", "the DAW's own gate this one came from; what plays is the format's "
                           "NoiseGate, its parameters as written"},
    {"Limiter@deviceID", "the DAW's own limiter this one came from; what plays is the format's "
                         "Limiter, its parameters as written"},
    {"Track@contentType", "what the track holds; the reader takes that from its lanes and clips"},
    {"Tempo@unit=bpm", "beats a minute, as the reader reads a tempo"},
    {"TempoAutomation@unit=bpm", "beats a minute, as the reader reads a tempo"},
    {"TempoAutomation/Target", "what the tempo automation moves: the tempo, which it is"},
    {"*@min", "the low end of the DAW's control; read where a value is written normalized to it"},
    {"*@max", "the high end of the DAW's control; read where a value is written normalized to it"},
    {"Audio@algorithm", "the DAW's time-stretching algorithm, which changes nothing where the "
                        "clip plays at the file's own speed (a stretched clip's is read: a loss)"},
    {"Audio@timeUnit=seconds", "its duration in seconds, as the reader reads a file's"},
    {"*@loaded=true", "a track or device the DAW has loaded, as the reader plays every track "
                      "and runs every device it can"},
    {"EnumParameter@count", "how many values a setting has; its value is read"},
    {"EnumParameter@labels", "the names of a setting's values; its value is read"},
    {"TimeSignature", "the time signature; times in beats do not depend on it"},
    {"TimeSignatureAutomation", "time signatures; times in beats do not depend on them"},
    {"Band@order", "the band's place in the DAW's editor; every band is read"},
    {"Markers", "markers, which play nothing"},
    {"markers", "a timeline's markers (in a clip or its lanes), which play nothing"},
    {"markers@*", "the unit and track of a timeline's markers, which play nothing"},
    {"Marker", "a marker of a timeline's markers, which plays nothing"},
};
const size_t sp_dawproject_n_ignored =
    sizeof sp_dawproject_ignored / sizeof sp_dawproject_ignored[0];
