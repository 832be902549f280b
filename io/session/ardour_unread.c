/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What of an Ardour session the reader does not read, and why that changes
 * nothing the export plays (docs/sessions.md lists the table, held to it by
 * tests/test_docs.c); anything else not read is a loss at its line
 * (io/session/reader.h, sp_session_unread). Built from sessions Ardour 7.3
 * saved (bench/ardour's generators and edits): a path with "=value" is let
 * go at that value only, the one Ardour plays as the reader plays it. */

#include "io/session/ardour.h"
#include "io/session/ardour_reader.h"

#include <string.h>

#define OPTION(name, why)                                                                          \
  {                                                                                                \
    "Config/Option[name=" name "]", why                                                            \
  }
#define EDITING "how Ardour edits, records or shows the session, not what it plays"
#define SYNC "how Ardour syncs to or sends timecode, not what its export plays"
/* Ardour 7.3 reads use-transport-fades and use-monitor-fades in its disk
 * reader alone (DiskReader::run), whose declick does not run while the
 * session exports (unless in real time): measured, each off exports as on */
#define DISK_DECLICK                                                                               \
  "whether a track's disk reader declicks where the transport starts or stops or its monitoring "  \
  "changes, which Ardour 7.3 does not while it exports (DiskReader::run)"
/* A route's own processors (its fader, trim, polarity, meter, main outs, a
 * bus's return, a track's disk reader and writer), which Ardour 7.3 plays
 * on whatever their saved `active` says: Processor::set_state turns one
 * off only when it differs from its state at load, off before any cycle
 * ran, so active="0" changes nothing (measured: each of the first seven
 * saved off exports as on; the Fader's is the one its mixer strip lets a
 * user turn off) */
#define ROUTE_OWN                                                                                  \
  "a route's own processor, which Ardour 7.3 plays on whatever this says (Processor::set_state "   \
  "turns nothing off that no cycle has yet run)"

const sp_xml_ignored sp_ardour_ignored[] = {
    /* what only names, numbers or cross-references */
    {"*@id", "an id other elements refer to; read where a reference is followed"},
    {"Session@name", "the session's name; the recipe is named by its own file"},
    {"Session@id-counter", "the next id Ardour gives"},
    {"Session@name-counter", "the next number Ardour gives a name"},
    {"Session@event-counter", "the next number Ardour gives an event"},
    {"Session@vca-counter", "the next number Ardour gives a VCA"},
    {"Session@rg-counter", "the next number Ardour 8 gives a region group"},
    {"Session@session-range-is-free",
     "whether the editor moves the session range with the regions; the range as saved is read"},
    {"ProgramVersion", "the Ardour that saved the session"},
    {"PresentationInfo@order", "the strip's place in the editor and mixer"},
    {"PresentationInfo@color", "the strip's colour"},
    {"Route@version", "the Ardour that saved the route"},
    {"Route@default-type", "its data type; the reader takes a route's kind from its flags"},
    {"IO@name", "the name of the route's ports; the connections are read"},
    {"IO@default-type", "the data type of its ports"},
    {"Port@name", "the port's own name; its connections are read"},
    {"Port@type=audio", "an audio port, as the reader counts a route's"},
    {"Playlist@name", "the playlist's name"},
    {"Playlist@type", "its data type, the track's"},
    {"Playlist@orig-track-id", "the track it was made for; the track names the playlist it plays"},
    {"Playlist@shared-with-ids", "the tracks that share it; each names the playlist it plays"},
    {"Playlist@pgroup-id", "the group of playlists it was made with, for the editor"},
    {"Playlist@frozen",
     "a frozen track's (Track > Freeze: the bounce of its processing, one region, "
     "AudioTrack::freeze_me) or not: its regions play as any playlist's"},
    {"Playlist@combine-ops", "how many compound regions it has made, for their names"},
    {"Playlists/Playlist", "a playlist no track plays (a track's is read by its id)"},
    {"Region@name", "the region's name"},
    {"Region@rgroup", "the region group Ardour 8 selects and edits it with"},
    {"Region@fade-before-fx",
     "whether Ardour 8 fades the region before its region effects or after them; its effects "
     "(RegionFXPlugin) are not played, each a loss, and without them the fades are the same"},
    {"Region@fade-in-is-xfade",
     "an older Ardour's crossfade and short-fade flags, which Ardour 7.3 reads no more: it plays "
     "the region's FadeIn and FadeOut, which are read"},
    {"Region@fade-out-is-xfade",
     "an older Ardour's crossfade and short-fade flags, which Ardour 7.3 reads no more: it plays "
     "the region's FadeIn and FadeOut, which are read"},
    {"Region@fade-in-is-short",
     "an older Ardour's crossfade and short-fade flags, which Ardour 7.3 reads no more: it plays "
     "the region's FadeIn and FadeOut, which are read"},
    {"Region@fade-out-is-short",
     "an older Ardour's crossfade and short-fade flags, which Ardour 7.3 reads no more: it plays "
     "the region's FadeIn and FadeOut, which are read"},
    {"Region@layering-index",
     "read where regions overlap; a region alone plays the same on any layer"},
    {"Region@type", "its data type, its playlist's"},
    {"Region@channels", "how many sources it plays; its source-N are read"},
    {"Region@master-source-0",
     "the source it was first cut from; the sources it plays are its source-N"},
    {"Region@master-source-1",
     "the source it was first cut from; the sources it plays are its source-N"},
    {"Region@ancestral-start", "where it started before a stretch, for the editor"},
    {"Region@ancestral-length", "how long it was before a stretch, for the editor"},
    {"Region@stretch", "how far the editor's Stretch stretched it: Ardour wrote the stretched "
                       "audio into the new source it plays (RBEffect), which is read as it is"},
    {"Region@shift", "how far the editor's Pitch Shift shifted it: Ardour wrote the shifted audio "
                     "into the new source it plays (RBEffect), which is read as it is"},
    {"Region@sync-position", "its sync point, where the editor snaps it"},
    {"Region@sync-marked", "whether its sync point was set, for the editor"},
    {"Region@first-edit", "what the editor did to it first"},
    {"Region@tags", "the user's tags"},
    {"Region@contents", "whether it holds data, for the editor"},
    {"Region@whole-file", "whether it is a whole file, for the region list"},
    {"Region@import", "whether it was imported"},
    {"Region@external", "whether its file is outside the session"},
    {"Region@automatic", "whether Ardour made it itself"},
    {"Region@left-of-split", "whether it is the left part of a split, for the editor"},
    {"Region@right-of-split", "whether it is the right part of a split, for the editor"},
    {"Region@hidden", "whether the editor shows it in its region list (Editor::hide_a_region): "
                      "Ardour plays it either way"},
    {"Region@locked", "locked against edits"},
    {"Region@position-locked", "locked against moves"},
    {"Region@video-locked", "locked to video"},
    {"Region@valid-transients", "whether its transients were analysed, for the editor"},
    {"Region/InverseFadeIn",
     "read where it plays: under an opaque region's fade-in over a region below"},
    {"Region/InverseFadeOut",
     "read where it plays: under an opaque region's fade-out over a region below"},
    {"Region[fade-in-active=0]/FadeIn", "its fade-in is off: not played"},
    {"Region[fade-out-active=0]/FadeOut", "its fade-out is off: not played"},
    {"Envelope@default=yes", "a flat envelope"},
    {"Region[envelope-active=0]/Envelope", "its envelope is off: not played"},
    {"Source@take-id", "the recording take it was made in"},
    {"Source@captured-for", "the track it was recorded for"},
    {"IO@pretty-name", "the name the user gave its ports"},
    {"Source@flags", "how Ardour may change the file; it is read as it is"},
    {"Source@origin", "the file it was imported from; the session's copy is read"},
    {"Location@name", "the range's name"},
    {"Location@locked", "locked against edits"},
    {"Location@timestamp", "when it was made"},
    {"Location@cue=0", "no cue marker: launches no clip (a location not a cue marker launches "
                       "none, whatever its cue id: read)"},
    /* the route's state that does not play */
    {"Route/freeze-info",
     "the playlist and processor states from before the track was frozen, for Unfreeze; the track "
     "plays its frozen playlist, its audio-playlist (read), through its processors as saved"},
    {"Route/Comment",
     "the user's comment on the route (its mixer strip's Comments button), which plays nothing"},
    {"Route@meter-point", "where its meter reads; a meter passes the signal as it is"},
    {"Route@saved-meter-point", "where its meter read before it was moved for recording"},
    {"Route@meter-type", "the kind of its meter"},
    {"Route@strict-io",
     "how Ardour chose its plugins' channels; the pin maps that result are read"},
    {"Route@alignment-choice", "how its recording is aligned for latency"},
    {"Route@mode", "how the track records a take over the regions below it (Normal; NonLayered, "
                   "which Ardour 6's dialog offered and 7.3 keeps for such sessions); its "
                   "playlist's regions play in their saved layers whichever it is"},
    {"Route@denormal-protection",
     "whether Ardour adds 1e-27 to each sample before the route's processors "
     "(Route::process_output_buffers), 540 dB below full scale: lost in the rounding of any sound"},
    {"Route@volume-applies-to-output",
     "where master's volume (the Loudness Assistant's) applies: Ardour 7.3's export hears it "
     "nowhere (measured: the mastervolume row)"},
    {"Route@disk-io-point", "read on tracks; a bus has no disk reader"},
    {"Route@capture-channel-mode", "which MIDI channels a track records; it plays its regions"},
    {"Route@capture-channel-mask", "which MIDI channels a track records; it plays its regions"},
    {"Route@note-mode=Sustained", "notes drawn with their lengths, as they play"},
    {"Route@step-editing=0", "not step editing"},
    {"Route@input-active",
     "whether MIDI coming in is passed on; a track plays its regions, its monitoring read"},
    {"Route@restore-pgm=1",
     "Ardour's default, under which bench/ardour/random's MIDI sessions null"},
    {"Speaker@distance", "VBAP places a signal by direction; a speaker's distance changes nothing"},
    {"VCAManager",
     "VCAs, when no route is assigned to one (else each is read through the routes' controls)"},
    {"VCA/PresentationInfo", "the VCA's place and colour in the mixer"},
    {"VCA/Slavable", "the VCAs it is assigned to, which its controls' <masters> say too (read)"},
    {"Route/Slavable",
     "the VCAs it is assigned to, which each control's <masters> says too (read)"},
    {"Route/Controllable[name=mastervolume]",
     "master's volume (the Loudness Assistant's): Ardour 7.3's export does not apply it (measured: "
     "0.5, applied to the output or not, the export unchanged)"},
    {"Route/Controllable[name=solo-iso][value=0]", "not solo-isolated"},
    {"Route/Controllable[name=solo-safe][value=0]", "not solo-safe"},
    {"Route/Controllable[name=rec-safe]", "whether it is kept from recording"},
    {"Controllable[name=phase]@value",
     "its polarity as a number; its phase-invert says which channels (read)"},
    {"Controllable[name=monitor]@value",
     "its monitoring choice as a number, the one Ardour plays (read; its monitoring's names "
     "read back as bits can say cue)"},
    {"Pannable/Controllable[name=pan-elevation][value=0]",
     "no elevation (Ardour's VBAP panner's alone)"},
    {"Pannable/Controllable[name=pan-frontback][value=0]",
     "no front-back position (Ardour's surround panners' alone)"},
    {"Pannable/Controllable[name=pan-lfe][value=0]",
     "nothing to the LFE (Ardour's surround panners' alone)"},
    {"Route/Controllable[name=rec-enable][value=0]", "not armed to record"},
    {"MuteMaster@muted", "whether it is muted, which its mute control says (read)"},
    {"PannerShell@bypassed=0", "its panner not bypassed"},
    {"PannerShell@user-panner=", "Ardour's own choice of panner, by the channels"},
    {"Channelmap[type=midi]", "a plugin's MIDI pin: an instrument plays its track's regions"},
    {"Channels[type=midi]", "a plugin's MIDI pins: an instrument plays its track's regions"},
    {"Session/Playlists", "the tracks' playlists, each read by the track that plays it"},
    {"IO@direction=Input",
     "an input: its ports' connections are read as the routing of the outputs they name (a "
     "route's output into it; on a track, what it monitors), one from a sound card, or from a "
     "send's or insert's own ports (read, or a loss, at the processor), plays nothing more; one "
     "from a port no route of the session has, a loss"},
    {"VCA@number", "the VCA's number in the mixer"},
    {"VCA@name", "the VCA's name, said in the notes of the routes it scales"},
    {"VCA/Controllable@name",
     "read where a route is assigned to the VCA; one no route is assigned to plays nothing"},
    {"VCA/Controllable@value",
     "read where a route is assigned to the VCA (of two of one name, the last, as Ardour sets it "
     "from each in turn); one no route is assigned to plays nothing"},
    {"master@yn", "whether the VCA was on when it last changed, for Ardour's propagation of it; "
                  "the VCA's own value is read"},
    {"master@val-ctrl",
     "the control's value when it was assigned, which Ardour gives back when it is unassigned"},
    {"master@val-master", "read where the VCA's ratio scales a level; a switch's master has none"},
    {"Controllable@flags", "the control's kind; the reader knows each by its name"},
    {"Controllable@self-solo=0", "not soloed itself"},
    {"Controllable@soloed-by-upstream=0", "not soloed by a route it feeds"},
    {"Controllable@soloed-by-downstream=0", "not soloed by a route that feeds it"},
    {"Controllable@solo-isolated=0", "not solo-isolated"},
    {"Controllable@solo-safe=0", "not solo-safe"},
    {"Controllable[name=solo]@value",
     "its solo as a number; self-solo and soloed-by-upstream and -downstream say it (read)"},
    {"Controllable[name=solo-iso]@value",
     "its solo isolate as a number; solo-isolated says it (read)"},
    {"Controllable[name=solo-safe]@value", "its solo safe as a number; solo-safe says it (read)"},
    {"Pannable/Controllable[name=pan-width]",
     "read where a panner uses it (Equal Power Stereo, the balance leaves it)"},
    {"PannerShell@linked-to-route=1", "a send's panner follows its route's, as read"},
    {"PannerShell/Panner", "the panner Ardour made, which the shell's user-panner and the route's "
                           "channels decide (read)"},
    {"Processor@name", "the processor's name"},
    {"Processor@order",
     "its place in the editor's list; the route holds them in the order they play"},
    {"Processor@active=1", "on"},
    {"Processor[type=amp]@active", ROUTE_OWN},
    {"Processor[type=trim]@active", ROUTE_OWN},
    {"Processor[type=polarity]@active", ROUTE_OWN},
    {"Processor[type=meter]@active", ROUTE_OWN},
    {"Processor[type=main-outs]@active", ROUTE_OWN},
    {"Processor[type=intreturn]@active", ROUTE_OWN},
    {"Processor[type=diskreader]@active", ROUTE_OWN},
    {"Processor[type=diskwriter]@active", ROUTE_OWN},
    {"Processor[type=triggerbox]@active", ROUTE_OWN},
    {"Processor[type=meter]", "the route's meter, which passes the signal as it is"},
    {"Processor[type=diskwriter]", "the track's disk writer, which records and plays nothing"},
    {"Processor[type=main-volume]",
     "master's volume processor (the Loudness Assistant's), which Ardour 7.3's export does not "
     "apply (its control, mastervolume, above: measured)"},
    {"Processor[type=delay]", "a latency delay line (Ardour 5's): Ardour 7 makes its own anew, "
                              "skipping the one saved (Route::set_processor_state)"},
    {"Processor[type=capture]",
     "the tap of a stem export, which Ardour adds while it exports and never restores "
     "(Route::set_processor_state)"},
    {"Processor@user-latency", "a latency the user gave, for alignment while recording"},
    {"Processor@use-user-latency=0", "its own latency, as the reader takes a plugin's"},
    {"Processor@own-input",
     "whether a send makes its own input ports, which it feeds from its route"},
    {"Processor@own-output", "whether a send makes its own output ports; its target is read"},
    {"Processor@output", "the name of a delivery's ports; their connections are read"},
    {"Processor@role", "the delivery's role: the main outs or a send, known from its type"},
    {"Processor@data-type", "its data type"},
    {"Processor@record-safe", "whether recording is armed against"},
    {"Processor@bitslot", "the number of a send, for its name"},
    {"Processor@selfdestruct", "whether a send goes with its target"},
    {"Processor@allow-feedback=0", "no feedback: the routing is read as a graph"},
    {"Processor@custom",
     "whether the configuration was set by hand: the pin maps and configured I/O say it (read)"},
    {"Processor/Pannable",
     "a send's own pannable: read when its panner is not linked to its route's"},
    {"Processor/ThruMap", "Ardour's pass-through of channels no pin takes: the pin maps are read"},
    {"Processor/PresetOutput",
     "the output count of a plugin's preset, which its configured outputs say (read)"},
    {"Processor/CustomSinks", "a custom sidechain's inputs, which the pin maps say (read)"},
    {"Processor[type=triggerbox]/Triggers",
     "clips to launch, read where a track plays (one holding a clip: its regions not heard); the "
     "export launches none without a cue marker (a loss)"},
    {"Processor[type=lv2]/Controllable",
     "a plugin's parameter as a control; its value is its port's (read; one whose port is not "
     "saved, a loss)"},
    {"Processor[type=ladspa]/Controllable",
     "a plugin's parameter as a control; its value is its port's (read; one whose port is not "
     "saved, a loss)"},
    {"ladspa@last-preset-uri", "the preset last loaded; the port values are read"},
    {"ladspa@last-preset-label", "the preset last loaded; the port values are read"},
    {"ladspa@parameter-changed-since-last-preset",
     "whether the values left the preset; they are read"},
    {"lv2@last-preset-uri", "the preset last loaded; the port values are read"},
    {"lv2@last-preset-label", "the preset last loaded; the port values are read"},
    {"lv2@parameter-changed-since-last-preset",
     "whether the values left the preset; they are read"},
    {"AutomationList@time-domain", "read where the list plays"},
    {"AutomationList@interpolation-style", "read where the list plays"},
    {"AutomationList@automation-id", "the parameter it moves, read where it plays"},
    {"Tempo@type", "Constant or Ramped, which its end tempo (enpm) and omega say, read as Ardour "
                   "reads a ramp (TempoPoint: the omega saved)"},
    {"Tempo@active=1", "a tempo in use"},
    {"Tempo@locked-to-meter=0", "not moved with a meter"},
    {"Tempo@continuing=0", "no ramp from the tempo before"},
    {"Tempo@bbt", "its bar and beat, for the editor; it is placed by its superclock and beat"},
    {"MusicTime@bbt",
     "its bar and beat, for the editor; its tempo is placed by its superclock and beat"},
    {"MusicTime/Meter", "its time signature; beat times in ticks do not depend on it"},
    {"TempoMap/Meters", "time signatures; beat times in ticks do not depend on them"},
    /* Ardour 6's, whose times are saved in samples (read) */
    {"TempoMap/Tempo", "Ardour 6's tempo map: its regions and automation are saved in samples, "
                       "read as saved; its MIDI tracks are left out"},
    {"TempoMap/Meter", "Ardour 6's time signatures: its times are saved in samples, read as saved"},
    {"Region@positional-lock-style",
     "how Ardour 6 moves the region when the tempo changes; it plays at its position, read"},
    {"Region@beat", "where the region starts in beats, which Ardour 6 saves beside its position "
                    "in samples (read)"},
    {"Location@position-lock-style",
     "how Ardour 6 moves the range when the tempo changes; its start and end are read"},
    /* the session's own parts that no export plays */
    {"Extra",
     "the editor's and mixer's own state (window positions, zoom), which Ardour's GUI keeps there"},
    {"EngineHints", "the audio engine and device last used"},
    {"MIDIPorts", "the engine's MIDI ports"},
    {"Metadata", "the session's title, artist and such"},
    {"Session/Regions", "the editor's list of regions; playlists hold the regions played"},
    {"Selection", "the editor's selection"},
    {"Bundles", "named groups of ports for the routing grid; connections are read from the ports"},
    {"UnusedPlaylists", "playlists no track plays"},
    {"CompoundAssociations",
     "which regions each compound region was combined from, for Uncombine; the compound region "
     "plays its own playlist (read)"},
    {"RouteGroups", "groups that tie edits of their routes; each route's own values are saved"},
    {"Click", "the metronome, which the export does not play"},
    {"Speakers", "the speakers of Ardour's VBAP panner (a loss where a route uses it)"},
    {"ControlProtocols", "control surfaces"},
    {"TriggerBindings", "MIDI bindings of the clip launcher"},
    OPTION("audio-search-path", "where Ardour looks for audio files; the reader finds each in the "
                                "session's folder, or says it is missing"),
    OPTION("midi-search-path", "where Ardour looks for MIDI files; the reader finds each in the "
                               "session's folder, or says it is missing"),
    OPTION("raid-path", "where Ardour records"),
    OPTION("auto-input", EDITING),
    OPTION("auto-play", EDITING),
    OPTION("layered-record-mode", EDITING),
    /* Ardour 8's: where new regions, markers, tracks count time (each
     * time saved says its own domain, a... or b...), a GUI prompt */
    OPTION("default-time-domain", EDITING),
    OPTION("tracks-follow-session-time", EDITING),
    OPTION("show-master-bus-comment-on-load", EDITING),
    {"Config/Option[name=use-surround-master][value=0]",
     "no surround master (Ardour 8's): the session is mixed to master alone"},
    OPTION("auto-return", EDITING),
    OPTION("count-in", EDITING),
    OPTION("punch-in", EDITING),
    OPTION("punch-out", EDITING),
    OPTION("record-mode", EDITING),
    OPTION("take-name", EDITING),
    OPTION("track-name-number", EDITING),
    OPTION("track-name-take", EDITING),
    OPTION("draw-opaque-midi_regions", EDITING),
    OPTION("glue-new-markers-to-bars-and-beats", EDITING),
    OPTION("glue-new-regions-to-bars-and-beats", EDITING),
    OPTION("insert-merge-policy", EDITING),
    OPTION("midi-copy-is-fork", EDITING),
    OPTION("minitimeline-span", EDITING),
    OPTION("native-file-data-format", EDITING),
    OPTION("native-file-header-format", EDITING),
    OPTION("meterbridge-label-height", EDITING),
    OPTION("wave-amplitude-zoom", EDITING),
    OPTION("wave-zoom-factor", EDITING),
    OPTION("show-summary", EDITING),
    OPTION("show-group-tabs", EDITING),
    OPTION("show-region-fades", EDITING),
    OPTION("show-busses-on-meterbridge", EDITING),
    OPTION("show-master-on-meterbridge", EDITING),
    OPTION("show-midi-on-meterbridge", EDITING),
    OPTION("show-rec-on-meterbridge", EDITING),
    OPTION("show-mute-on-meterbridge", EDITING),
    OPTION("show-solo-on-meterbridge", EDITING),
    OPTION("show-monitor-on-meterbridge", EDITING),
    OPTION("show-name-on-meterbridge", EDITING),
    OPTION("show-fader-on-meterbridge", EDITING),
    OPTION("realtime-export", "whether the export runs in real time; it plays the same"),
    OPTION("cue-behavior", "whether cue markers launch clips; a cue marker is a loss"),
    OPTION("triggerbox-overrides-disk-monitoring",
           "read where a track holds a clip in its clip launcher (on, its regions are not heard); "
           "else it changes nothing"),
    OPTION("external-sync", SYNC),
    OPTION("jack-time-master", SYNC),
    OPTION("timecode-format", SYNC),
    OPTION("timecode-offset", SYNC),
    OPTION("timecode-offset-negative", SYNC),
    OPTION("slave-timecode-offset", SYNC),
    OPTION("timecode-generator-offset", SYNC),
    OPTION("subframes-per-frame", SYNC),
    OPTION("use-video-sync", SYNC),
    OPTION("video-pullup", SYNC),
    OPTION("videotimeline-pullup", SYNC),
    OPTION("use-video-file-fps", SYNC),
    OPTION("use-transport-fades", DISK_DECLICK),
    OPTION("use-monitor-fades", DISK_DECLICK),
};
const size_t sp_ardour_n_ignored = sizeof sp_ardour_ignored / sizeof sp_ardour_ignored[0];

/* The lists in what the reader read (an element it read, the Automation
 * of one) that Ardour does not play back, marked read: their controls'
 * values play (a state Ardour reads none of: an error). One it plays that
 * holds no event plays its parameter's default, not the control's value
 * (Evoral::Curve::_get_vector): read where the reader plays it so (a
 * fader's, a trim's, a send's, a panner's: ardour_automation), else named
 * as not read. */
static void lists_not_played(reader *r, const xmlNode *n)
{
  for (const xmlNode *c = sp_xml_peek_child(n, NULL); c; c = sp_xml_peek_next(c, NULL)) {
    if (!sp_xml_is(c, "AutomationList")) {
      if (sp_xml_was_read(c) || sp_xml_is(c, "Automation"))
        lists_not_played(r, c);
      continue;
    }
    if (!ardour_state_plays(r, c))
      sp_xml_read_all(c);
  }
}

/* Ardour's Lua for a session with no script ("scripts = {} ", base64). */
#define NO_SCRIPT "c2NyaXB0cyA9IHt9IA=="

/* Whether owner is the name of a send's or insert's own ports (a
 * processor's IO) in the session. */
static bool processor_ports(const xmlNode *routes, const char *owner)
{
  for (const xmlNode *rt = sp_xml_peek_child(routes, "Route"); rt;
       rt = sp_xml_peek_next(rt, "Route"))
    for (const xmlNode *p = sp_xml_peek_child(rt, "Processor"); p;
         p = sp_xml_peek_next(p, "Processor")) {
      const char *io = sp_xml_peek(sp_xml_peek_child(p, "IO"), "name");
      if (io && strcmp(io, owner) == 0)
        return true;
    }
  return false;
}

/* The connections saved on route rt's audio input ports: one from a
 * route's audio output is a connection of its outputs, played there
 * (ardour_outputs reads both sides, as Ardour connects both: IO::
 * set_state), and on a track what it monitors (read); one from a sound
 * card's port (system:..., a name of no route's) or a send's or insert's
 * own ports (read, or a loss, at the processor) plays nothing more;
 * anything else, a port no route of the session has, a loss. */
static void input_connections(reader *r, const xmlNode *routes, const xmlNode *rt)
{
  const xmlNode *in = sp_xml_child_with(rt, "IO", "direction", "Input");
  for (const xmlNode *p = sp_xml_child(in, "Port"); p; p = sp_xml_next(p, "Port")) {
    const char *type = sp_xml_peek(p, "type");
    for (const xmlNode *c = sp_xml_peek_child(p, "Connection");
         c && (!type || ardour_is_type(type, "audio")); c = sp_xml_peek_next(c, "Connection")) {
      const char *o = sp_xml_peek(c, "other");
      const char *slash = o ? strrchr(o, '/') : NULL;
      if (!slash || strncmp(o, "system:", 7) == 0)
        continue;
      char owner[256];
      snprintf(owner, sizeof owner, "%.*s", (int)(slash - o), o);
      const xmlNode *from = ardour_route_by_name(r, owner);
      if (from ? ardour_output_port(from, o) != 0 : processor_ports(routes, owner))
        continue;
      loss(r, NULL, c,
           "the input of '%s' is connected to '%s', which is no route's output of the session: "
           "that connection plays nothing",
           sp_xml_peek(rt, "name"), o);
    }
  }
  sp_xml_read_all(in); /* (what it plays is read, or said) */
}

void ardour_unread(reader *r)
{
  const xmlNode *routes = sp_xml_child(r->root, "Routes");
  for (const xmlNode *rt = sp_xml_child(routes, "Route"); rt; rt = sp_xml_next(rt, "Route"))
    input_connections(r, routes, rt);
  /* The session's Lua scripts run as it plays: none is read, one
   * saved is a loss (the walk says it) */
  const xmlNode *script = sp_xml_child(r->root, "Script");
  if (script && script->children && script->children->content &&
      strcmp((const char *)script->children->content, NO_SCRIPT) == 0)
    sp_xml_read_all(script);
  /* A list Ardour does not play back (its state Off, Write) changes
   * nothing: its control's value plays, read where the control is (a
   * list played back that nobody read is a loss) */
  lists_not_played(r, r->root);
  /* The editor's list of regions (Session/Regions, in the table), where
   * a compound region's source was looked up by its id (ardour_regions.c) */
  sp_xml_read_all(sp_xml_peek_child(r->root, "Regions"));
  /* I/O plugins: each one not read is a loss */
  sp_xml_child(r->root, "IOPlugins");
  sp_session_unread(&r->where, r->root, sp_ardour_ignored, sp_ardour_n_ignored);
}
