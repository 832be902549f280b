-- Adds the instrument tracks of bench/ardour/interop_midi.sh to a session
-- built by ../shared/bench/ardour/build.sh (an audio track and the bus
-- "music"), through Ardour's own API (ardour7-lua), and saves it.
-- Environment: SESSION_DIR.
--
--   tempo  120 bpm, 100 bpm from beat 8
--   keys   ACE Fluid Synth, its SoundFont loaded from the LV2 preset "gm"
--          (found on LV2_PATH: FluidR3_GM.sf2 in its state), its reverb and
--          chorus off; into the bus "music"; two regions of one source: the
--          first at beat 0, 8 beats long (a length in beats), the second at
--          beat 10, its first 2 beats trimmed off, opaque
--   lead   ACE Reasonable Synth; into "music"; one region at beat 1 (its
--          length the bounce's, in audio time)
--   drums  AVL Drums' Black Pearl kit; to master; four regions of one
--          one-bar source at beats 0, 4, 8, 12, opaque; an external send
--          (post-fader) into the sidechain of ACE Compressor on "music"
--
-- Ardour 7.3's Lua imports no MIDI: each track bounces an empty range for a
-- source (interchange/<session>/midifiles/<track>-N.mid) whose file
-- midi_parts.py replaces once the session is closed. Copies share their
-- source (midi-copy-is-fork off).
AudioEngine:set_backend ("None (Dummy)", "", "")
local s = load_session (os.getenv ("SESSION_DIR"), "sp")
assert (s, "load_session failed")
local nog = PBD.GroupControlDisposition.NoGroup
local sr = s:nominal_sample_rate ()
s:cfg ():set_midi_copy_is_fork (false)

local tm = Temporal.TempoMap.write_copy ()
tm:set_tempo (Temporal.Tempo (120, 120, 4), Temporal.timepos_t.from_ticks (0))
tm:set_tempo (Temporal.Tempo (100, 100, 4), Temporal.timepos_t.from_ticks (8 * 1920))
Temporal.TempoMap.update (tm)

local music = s:route_by_name ("music")
assert (not music:isnil (), "no bus music")

local function connect_out (src, dest)
	src:output ():disconnect_all (nil)
	for c = 0, 1 do
		src:output ():audio (c):connect (dest:input ():audio (c):name ())
	end
end

local function midi_track (name, uri)
	local pi = ARDOUR.LuaAPI.new_plugin_info (uri, ARDOUR.PluginType.LV2)
	assert (not pi:isnil (), "no plugin " .. uri)
	local tl = s:new_midi_track (ARDOUR.ChanCount (ARDOUR.DataType ("midi"), 1),
		ARDOUR.ChanCount (ARDOUR.DataType ("audio"), 2), true, pi, nil, nil, 1, name,
		ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true, false)
	local tr = tl:front ()
	tr:set_name (name)
	return tr
end

-- the track's source: an empty bounce, 20 s long (room for the regions)
local function source_region (tr)
	local itt = ARDOUR.InterThreadInfo ()
	local reg = tr:bounce_range (0, 20 * sr, itt, ARDOUR.LuaAPI.nil_proc (), false, tr:name (), "")
	assert (not reg:isnil (), "bounce failed on " .. tr:name ())
	return reg
end

-- a region of the source at beat ticks pos, trimmed by start ticks, len
-- ticks long (nil: as bounced, in audio time)
local function place (tr, whole, pos, start, len, opaque)
	local reg = ARDOUR.RegionFactory.clone_region (whole, true, false)
	tr:playlist ():add_region (reg, Temporal.timepos_t.from_ticks (pos - start), 1, false, 0, 0)
	if start > 0 then reg:trim_front (Temporal.timepos_t.from_ticks (pos)) end
	if len then reg:set_length (Temporal.timecnt_t.from_ticks (len, Temporal.timepos_t.from_ticks (pos))) end
	reg:set_opaque (opaque)
	print (tr:name () .. ": region at " .. reg:position ():str () .. " start " .. reg:start ():str () ..
		" length " .. reg:length ():str ())
	return reg
end

-- keys: ACE Fluid Synth, its SoundFont from a preset with state
local keys = midi_track ("keys", "urn:ardour:a-fluidsynth")
local fs = keys:nth_plugin (0)
local plug = fs:to_insert ():plugin (0)
local pr = plug:preset_by_label ("gm")
assert (pr, "no LV2 preset 'gm' for ACE Fluid Synth on LV2_PATH")
assert (plug:load_preset (pr), "cannot load preset gm")
assert (ARDOUR.LuaAPI.set_processor_param (fs, 1, 0), "reverb") -- control 1: rev_enable
assert (ARDOUR.LuaAPI.set_processor_param (fs, 6, 0), "chorus") -- control 6: chorus_enable
keys:gain_control ():set_value (ARDOUR.DSP.dB_to_coefficient (-4), nog)
connect_out (keys, music)
local w = source_region (keys)
place (keys, w, 0, 0, 8 * 1920, false)
place (keys, w, 10 * 1920, 2 * 1920, 6 * 1920, true)

local lead = midi_track ("lead", "https://community.ardour.org/node/7596")
lead:gain_control ():set_value (ARDOUR.DSP.dB_to_coefficient (-10), nog)
lead:pan_azimuth_control ():set_value (0.35, nog)
connect_out (lead, music)
place (lead, source_region (lead), 1920, 0, nil, false)

local drums = midi_track ("drums", "http://gareus.org/oss/lv2/avldrums#BlackPearl")
drums:gain_control ():set_value (ARDOUR.DSP.dB_to_coefficient (-3), nog)
w = source_region (drums)
for bar = 0, 3 do place (drums, w, bar * 4 * 1920, 0, 4 * 1920, true) end

-- the keyed compressor on music, its sidechain fed by drums' send
local comp = ARDOUR.LuaAPI.new_plugin (s, "urn:ardour:a-comp#stereo", ARDOUR.PluginType.LV2, "")
assert (not comp:isnil (), "no ACE Compressor")
assert (music:add_processor_by_index (comp, 0, nil, true) == 0, "add compressor")
local params = { [0] = 5, [1] = 100, [2] = 0, [3] = 4, [4] = -30, [5] = 0, [9] = 1, [10] = 1 }
for idx, v in pairs (params) do
	assert (ARDOUR.LuaAPI.set_processor_param (comp, idx, v), "compressor param " .. idx)
end
assert (music:add_sidechain (comp), "add_sidechain")
local snd = ARDOUR.LuaAPI.new_send (s, drums, ARDOUR.LuaAPI.nil_proc ())
assert (not snd:isnil (), "new_send")
local sc = comp:to_insert ():sidechain_input ()
local so = snd:to_send ():output ()
for c = 0, so:n_ports ():n_audio () - 1 do
	so:audio (c):disconnect_all ()
	so:audio (c):connect (sc:audio (0):name ())
end

-- the preset's SoundFont loads in the plugin's worker, which answers in
-- the process cycles: let them run before saving its state
for _ = 1, 60 do
	ARDOUR.LuaAPI.usleep (100000)
	ARDOUR.LuaAPI.wait_for_process_callback (1, 1000)
end
s:save_state ("", false, false, false, false, false)
close_session ()
print ("saved")
