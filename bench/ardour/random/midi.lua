-- The MIDI tracks of a random session (run.py, issue 63), added through
-- Ardour's own API (ardour7-lua) to the session the shared builder made,
-- as bench/ardour/midi_session.lua adds its own. Environment: SESSION_DIR,
-- MIDI (a Lua file returning a table):
--
--   return { { name = "m1", uri = "https://community.ardour.org/node/7596",
--              preset = "gm", params = {[1] = 0}, gain = 0.5, pan = 0.3,
--              regions = { {pos = 1920, start = 0, len = 7680, opaque = true} } } }
--
-- uri: the instrument (an LV2 plugin, or type = "Lua" and a Lua DSP's name); preset: an LV2 preset loaded first
-- (found on LV2_PATH: ACE Fluid Synth's SoundFont is loaded so, in its
-- state); params: control parameter index → value; gain: the fader's
-- coefficient; pan: the panner's azimuth (0 .. 1); regions: each a copy of
-- the track's source placed at pos ticks (1920 a quarter note) less start,
-- its first start ticks trimmed, len ticks long (nil: as bounced, 20 s of
-- audio time). Ardour 7.3's Lua imports no MIDI: each track bounces an
-- empty range for a source (interchange/<session>/midifiles/<track>-N.mid),
-- whose file run.py replaces once the session is closed. Copies share
-- their source (midi-copy-is-fork off).
local tracks = dofile (os.getenv ("MIDI"))
AudioEngine:set_backend ("None (Dummy)", "", "")
local s = load_session (os.getenv ("SESSION_DIR"), "sp")
assert (s, "load_session failed")
local nog = PBD.GroupControlDisposition.NoGroup
local sr = s:nominal_sample_rate ()
s:cfg ():set_midi_copy_is_fork (false)

for _, t in ipairs (tracks) do
	local pi = ARDOUR.LuaAPI.new_plugin_info (t.uri, ARDOUR.PluginType[t.type or "LV2"])
	assert (not pi:isnil (), "no plugin " .. t.uri)
	local tl = s:new_midi_track (ARDOUR.ChanCount (ARDOUR.DataType ("midi"), 1),
		ARDOUR.ChanCount (ARDOUR.DataType ("audio"), 2), true, pi, nil, nil, 1, t.name,
		ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true, false)
	local tr = tl:front ()
	if tr:name () ~= t.name then tr:set_name (t.name) end
	local inst = tr:nth_plugin (0)
	if t.preset then
		local plug = inst:to_insert ():plugin (0)
		local pr = plug:preset_by_label (t.preset)
		assert (pr, "no LV2 preset " .. t.preset .. " for " .. t.uri)
		assert (plug:load_preset (pr), "cannot load preset " .. t.preset)
	end
	for idx, v in pairs (t.params or {}) do
		assert (ARDOUR.LuaAPI.set_processor_param (inst, idx, v), "param " .. idx .. " of " .. t.name)
	end
	if t.gain then tr:gain_control ():set_value (t.gain, nog) end
	if t.pan then tr:pan_azimuth_control ():set_value (t.pan, nog) end
	local itt = ARDOUR.InterThreadInfo ()
	local whole = tr:bounce_range (0, 20 * sr, itt, ARDOUR.LuaAPI.nil_proc (), false, t.name, "")
	assert (not whole:isnil (), "bounce failed on " .. t.name)
	for _, r in ipairs (t.regions) do
		local reg = ARDOUR.RegionFactory.clone_region (whole, true, false)
		tr:playlist ():add_region (reg, Temporal.timepos_t.from_ticks (r.pos - r.start), 1, false, 0, 0)
		if r.start > 0 then reg:trim_front (Temporal.timepos_t.from_ticks (r.pos)) end
		if r.len then reg:set_length (Temporal.timecnt_t.from_ticks (r.len, Temporal.timepos_t.from_ticks (r.pos))) end
		reg:set_opaque (r.opaque)
		print (t.name .. ": region at " .. reg:position ():str () .. " start " .. reg:start ():str () ..
			" length " .. reg:length ():str ())
	end
end

-- a preset's SoundFont loads in the plugin's worker, which answers in the
-- process cycles: let them run before saving its state
for _ = 1, 40 do
	ARDOUR.LuaAPI.usleep (100000)
	ARDOUR.LuaAPI.wait_for_process_callback (1, 1000)
end
s:save_state ("", false, false, false, false, false)
close_session ()
print ("saved")
