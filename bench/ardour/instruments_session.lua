-- Adds bench/instruments_ardour.sh's instrument tracks to a session built by
-- ../shared/bench/ardour/build.sh (the reference session's audio tracks,
-- buses and inserts), through Ardour's own API (ardour7-lua), and saves it.
-- Environment: SESSION_DIR, SPEC (the Lua table instruments_session.py
-- wrote: the session's tempo and each track's name, bus, gain, pan, sends),
-- END_SAMPLES (the session range: each track's source is that long).
--
-- Each track: a MIDI track on ACE Fluid Synth, its SoundFont loaded from the
-- LV2 preset "gm" (found on LV2_PATH), its reverb and chorus off; the fader
-- and panner as the recipe's gain and pan; post-fader aux sends to the
-- reverb and delay returns at the recipe's levels; one region from 0 over a
-- source made by bouncing the empty track (Ardour 7.3's Lua imports no
-- MIDI: instruments_session.py swaps the file in once the session is
-- closed, and wires the outputs to the buses in the saved file).
-- The tempo is the song's: Ardour reads a source's events in beats.
local spec = dofile (os.getenv ("SPEC"))
local len = tonumber (os.getenv ("END_SAMPLES"))
AudioEngine:set_backend ("None (Dummy)", "", "")
local s = load_session (os.getenv ("SESSION_DIR"), "sp")
assert (s, "load_session failed")
local nog = PBD.GroupControlDisposition.NoGroup
s:cfg ():set_midi_copy_is_fork (false)

local tm = Temporal.TempoMap.write_copy ()
tm:set_tempo (Temporal.Tempo (spec.tempo, spec.tempo, 4), Temporal.timepos_t.from_ticks (0))
Temporal.TempoMap.update (tm)

local function connect_out (src, dest)
	src:output ():disconnect_all (nil)
	for c = 0, 1 do
		src:output ():audio (c):connect (dest:input ():audio (c):name ())
	end
end

local pi = ARDOUR.LuaAPI.new_plugin_info ("urn:ardour:a-fluidsynth", ARDOUR.PluginType.LV2)
assert (not pi:isnil (), "no plugin ACE Fluid Synth")
for _, t in ipairs (spec.tracks) do
	local tl = s:new_midi_track (ARDOUR.ChanCount (ARDOUR.DataType ("midi"), 1),
		ARDOUR.ChanCount (ARDOUR.DataType ("audio"), 2), true, pi, nil, nil, 1, t.name,
		ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true, false)
	local tr = tl:front ()
	tr:set_name (t.name)
	local fs = tr:nth_plugin (0)
	local plug = fs:to_insert ():plugin (0)
	local pr = plug:preset_by_label ("gm")
	assert (pr, "no LV2 preset 'gm' for ACE Fluid Synth on LV2_PATH")
	assert (plug:load_preset (pr), "cannot load preset gm")
	assert (ARDOUR.LuaAPI.set_processor_param (fs, 1, 0), "reverb") -- control 1: rev_enable
	assert (ARDOUR.LuaAPI.set_processor_param (fs, 6, 0), "chorus") -- control 6: chorus_enable
	tr:gain_control ():set_value (ARDOUR.DSP.dB_to_coefficient (t.gain), nog)
	local pc = tr:pan_azimuth_control ()
	if not pc:isnil () then pc:set_value ((t.pan + 1) / 2, nog) end
	if t.to ~= "master" then
		local bus = s:route_by_name (t.to)
		assert (not bus:isnil (), "no bus " .. t.to)
		connect_out (tr, bus)
	end
	for i, sd in ipairs (t.sends) do
		local ret = s:route_by_name (sd.to)
		assert (not ret:isnil (), "no bus " .. sd.to)
		tr:add_aux_send (ret, ARDOUR.LuaAPI.nil_proc ())
		local snd = tr:nth_send (i - 1)
		assert (not snd:isnil (), "missing send " .. i .. " on " .. t.name)
		snd:to_send ():gain_control ():set_value (ARDOUR.DSP.dB_to_coefficient (sd.level), nog)
	end
	local itt = ARDOUR.InterThreadInfo ()
	local reg = tr:bounce_range (0, len, itt, ARDOUR.LuaAPI.nil_proc (), false, t.name, "")
	assert (not reg:isnil (), "bounce failed on " .. t.name)
	local r = ARDOUR.RegionFactory.clone_region (reg, true, false)
	tr:playlist ():add_region (r, Temporal.timepos_t.from_ticks (0), 1, false, 0, 0)
	print (t.name .. ": region at " .. r:position ():str () .. " length " .. r:length ():str ())
end

-- the presets' SoundFonts load in the plugins' workers, which answer in the
-- process cycles: let them run before saving their state
for _ = 1, 100 do
	ARDOUR.LuaAPI.usleep (100000)
	ARDOUR.LuaAPI.wait_for_process_callback (1, 1000)
end
s:save_state ("", false, false, false, false, false)
close_session ()
print ("saved")
