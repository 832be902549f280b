-- Edits a session built by ../shared/bench/ardour/build.sh, through Ardour's
-- own API (ardour7-lua), for what the recipe-to-Ardour builder does not set:
-- region positions, trims, fades, gains and envelopes, more (overlapping)
-- regions of a track's file; a track's trim,
-- polarity and mute. Environment: SESSION_DIR, EDITS (a Lua file returning
-- a table, below). Saves the session (snapshot "sp").
--
--   return {
--     tempo   = { {0, 120}, {4, 120, ramp = true}, {8, 90} },
--     regions = { kick = {position = 0.5, start = 0.25, length = 4, scale = 0.5,
--                         fade_in = {0.2, "linear"}, fade_out = {0.5, "power"},
--                         envelope = {{0, 1}, {1, 0.5}, {2, 1}}} },
--     routes  = { vox = {trim = 3, invert = true, mute = true, solo = true,
--                        solo_isolate = true, solo_safe = true,
--                        gain = {{0, 0.5}, {2, 1.2}}, pan = {{0, 0.2}, {3, 0.8}},
--                        trims = {{0.5, 0.25}, {2.5, 4}}, trim_style = "Linear",
--                        gain_style = "Discrete",
--                        sends = {{{1, 0.3}, {2.5, 0.9}}}} },
--     vcas    = { {name = "V1", gain = 0.5, mute = false, routes = {"kick", "bass"},
--                  gains = {{1, 0.5}, {3, 1}}, mutes = {{0, 0}, {2, 1}},
--                  solos = {{0, 0}, {2, 1}}},
--                 {name = "V2", on = {"V1"}, routes = {"vox"}} },
--     foldback = {name = "FB", routes = {"vox", "keys"}, post = false},
--     copies  = { vox = { {start = 4, position = 4, length = 5, fade_in = {0.3, "power"},
--                          lower = true, opaque = false} } },
--   }
-- tempo: {beat, bpm} each (a quarter note a beat), ramp = true to ramp to
-- the next one's; set before the regions are moved. A region's
-- ticks: its position in beat time (1920 ticks a quarter note), which
-- Ardour keeps in beats and plays through the tempo map.
-- gain, trims, pan, mutes and sends: automation played back (state Play),
-- points {seconds, value}: a gain coefficient (a fader's, a trim's), a pan
-- azimuth (0 left .. 1 right),
-- a mute or a solo (`solos`: 1 soloed, 0 not; 1 muted, 0 not),
-- and per aux send (in order) its level's coefficient; plugins: per plugin
-- (in order) {[LV2 port index] = points} in the port's own values; add:
-- LV2 plugins added first, pre-fader (post = true: after the fader, at the
-- end), in order, each {uri = URI,
-- preset = LABEL, params = {[control parameter index] = value}, type =
-- "LADSPA" for a LADSPA plugin, uri then its unique ID} (the
-- preset loaded first, then the params), Ardour choosing their pin
-- configuration as it does for a plugin added by hand (strict_io = true
-- or false set first: Ardour's strict I/O, on by default for routes made
-- in its GUI). vcas: each made, assigned to the VCAs made before it
-- that `on` names (a VCA on a VCA),
-- the routes assigned to it, then its gain (a coefficient) and mute set, and
-- its gain's, mute's and solo's automation (gains, mutes, solos: points as
-- above).
local edits = dofile (os.getenv ("EDITS"))
AudioEngine:set_backend ("None (Dummy)", "", "")
local s = load_session (os.getenv ("SESSION_DIR"), "sp")
assert (s, "load_session failed")
local sr = s:nominal_sample_rate ()
local nog = PBD.GroupControlDisposition.NoGroup
local shapes = { linear = ARDOUR.FadeShape.FadeLinear, power = ARDOUR.FadeShape.FadeConstantPower,
	fast = ARDOUR.FadeShape.FadeFast, slow = ARDOUR.FadeShape.FadeSlow,
	symmetric = ARDOUR.FadeShape.FadeSymmetric }
local function samples (sec) return math.floor (sec * sr + 0.5) end

-- The builder leaves a track into master to Ardour's auto-connect, which
-- runs in Ardour's own thread, and saves: the auto-connect may come after
-- the builder wired a track to its bus (the automation session's bass,
-- saved into both) or not yet have wired the last track made (the soloiso
-- session's keys, saved into nothing: a track Ardour plays into nothing).
-- As the builder never wires a route to two, a route wired to master and
-- to another route loses master; a route wired to nothing goes to master,
-- as a recipe's route without `to` does.
-- (the ports of io that port p connects to: {name, ...})
local function wired_into (p, io)
	local names = {}
	for k = 0, io:n_ports ():n_audio () - 1 do
		local n = io:audio (k):name ()
		if p:connected_to (n) then names[#names + 1] = n end
	end
	return names
end
for r in s:get_routes ():iter () do
	local out = r:output ()
	local tomaster, others = {}, false
	for c = 0, out:n_ports ():n_audio () - 1 do
		local p = out:audio (c)
		for _, n in ipairs (wired_into (p, s:master_out ():input ())) do tomaster[#tomaster + 1] = {p, n} end
		for r2 in s:get_routes ():iter () do
			if not r2:is_master () and #wired_into (p, r2:input ()) > 0 then others = true end
		end
	end
	if others and #tomaster > 0 and not r:is_master () then
		for _, w in ipairs (tomaster) do w[1]:disconnect (w[2]) end
		print ("route " .. r:name () .. " was wired to master and to a bus: now to the bus alone")
	end
end
for r in s:get_routes ():iter () do
	local out = r:output ()
	local wired = r:is_master () or r:is_monitor ()
	for c = 0, out:n_ports ():n_audio () - 1 do
		wired = wired or out:audio (c):connected ()
	end
	if not wired then
		local into = s:master_out ():input ()
		local n = into:n_ports ():n_audio ()
		for c = 0, out:n_ports ():n_audio () - 1 do
			out:audio (c):connect (into:audio (c % n):name ())
		end
		print ("route " .. r:name () .. " was wired to nothing: now to master")
	end
end

if edits.tempo then
	local tm = Temporal.TempoMap.write_copy ()
	local ramps = {}
	for _, t in ipairs (edits.tempo) do
		local tp = tm:set_tempo (Temporal.Tempo (t[2], t[2], 4), Temporal.timepos_t.from_ticks (t[1] * 1920))
		if t.ramp then ramps[#ramps + 1] = tp end
	end
	-- set_ramped computes the ramp's omega (a Tempo made with an end tempo
	-- is saved ramped with omega 0, which Ardour plays as constant)
	for _, tp in ipairs (ramps) do tm:set_ramped (tp, true) end
	Temporal.TempoMap.update (tm)
	print ("tempo map set")
end
local function edit_region (reg, e)
	local ar = reg:to_audioregion ()
	if e.start then reg:trim_front (Temporal.timepos_t (samples (e.start))) end
	if e.position then reg:set_position (Temporal.timepos_t (samples (e.position))) end
	if e.ticks then reg:set_position (Temporal.timepos_t.from_ticks (e.ticks)) end
	if e.length then reg:set_length (Temporal.timecnt_t (samples (e.length))) end
	if e.scale then ar:set_scale_amplitude (e.scale) end
	if e.fade_in then
		ar:set_fade_in_shape (shapes[e.fade_in[2]])
		ar:set_fade_in_length (samples (e.fade_in[1]))
		ar:set_fade_in_active (true)
	end
	if e.fade_out then
		ar:set_fade_out_shape (shapes[e.fade_out[2]])
		ar:set_fade_out_length (samples (e.fade_out[1]))
		ar:set_fade_out_active (true)
	end
	if e.envelope then
		local al = ar:envelope ()
		al:clear_list ()
		for _, p in ipairs (e.envelope) do
			al:add (Temporal.timepos_t (samples (p[1])), p[2], false, false)
		end
		ar:set_envelope_active (true)
	end
	if e.opaque ~= nil then reg:set_opaque (e.opaque) end
end
local function track_of (name)
	local r = s:route_by_name (name)
	assert (not r:isnil (), "no route " .. name)
	return r:to_track ()
end
for name, e in pairs (edits.regions or {}) do
	for reg in track_of (name):playlist ():region_list ():iter () do
		edit_region (reg, e)
		print ("region " .. reg:name () .. " of " .. name .. " edited")
	end
end
-- copies: more regions of a track's file, each a clone of its first region
-- added on top of the playlist (lower = true: then lowered to the bottom)
-- and edited as above
for name, list in pairs (edits.copies or {}) do
	local pl = track_of (name):playlist ()
	local orig
	for reg in pl:region_list ():iter () do orig = orig or reg end
	for _, c in ipairs (list) do
		local reg = ARDOUR.RegionFactory.clone_region (orig, true, false)
		pl:add_region (reg, Temporal.timepos_t (0), 1, false)
		edit_region (reg, c)
		if c.lower then pl:lower_region_to_bottom (reg) end
		print ("region " .. reg:name () .. " of " .. name .. " added, layer " .. reg:layer ())
	end
end
-- automation played back (state Play): points {seconds, value}; style:
-- the list's interpolation ("Discrete", "Linear" or "Curved"; nil: the
-- parameter's default, a fader's Exponential, a trim's Logarithmic)
local function automate (ac, pts, style)
	local al = ac:alist ()
	al:clear_list ()
	for _, p in ipairs (pts) do
		al:add (Temporal.timepos_t (samples (p[1])), p[2], false, false)
	end
	if style then
		assert (al:set_interpolation (Evoral.InterpolationStyle[style]), "interpolation " .. style)
	end
	ac:set_automation_state (ARDOUR.AutoState.Play)
end
for name, e in pairs (edits.routes or {}) do
	local r = s:route_by_name (name)
	assert (not r:isnil (), "no route " .. name)
	if e.trim then r:trim_control ():set_value (ARDOUR.DSP.dB_to_coefficient (e.trim), nog) end
	if e.invert then r:phase_control ():set_phase_invert (0, true) end
	if e.mute then r:mute_control ():set_value (1, nog) end
	if e.solo_isolate then r:solo_isolate_control ():set_value (1, nog) end
	if e.solo_safe then r:solo_safe_control ():set_value (1, nog) end
	if e.strict_io ~= nil then r:set_strict_io (e.strict_io) end
	for i, a in ipairs (e.add or {}) do
		local p = ARDOUR.LuaAPI.new_plugin (s, a.uri, ARDOUR.PluginType[a.type or "LV2"], "")
		assert (not p:isnil (), "cannot instantiate " .. a.uri)
		-- post = true: at the end of the route's processors, after its fader
		local at = a.post and -1 or (i - 1)
		assert (r:add_processor_by_index (p, at, nil, true) == 0, "add_processor failed on " .. name)
		if a.preset then
			-- an LV2 preset (found on LV2_PATH), loaded as by hand: lilv
			-- restores its port values and the state it carries
			local pl = p:to_insert ():plugin (0)
			local pr = pl:preset_by_label (a.preset)
			assert (pr, "no preset " .. a.preset .. " for " .. a.uri)
			assert (pl:load_preset (pr), "cannot load preset " .. a.preset)
		end
		for idx, val in pairs (a.params or {}) do
			assert (ARDOUR.LuaAPI.set_processor_param (p, idx, val), "param " .. idx .. " on " .. name)
		end
		print ("plugin " .. a.uri .. " added to " .. name)
	end
	if e.gain then automate (r:gain_control (), e.gain, e.gain_style) end
	if e.trims then automate (r:trim_control (), e.trims, e.trim_style) end
	if e.mutes then automate (r:mute_control (), e.mutes) end
	if e.solos then automate (r:solo_control (), e.solos) end
	if e.pan then automate (r:pan_azimuth_control (), e.pan) end
	for i, pts in ipairs (e.sends or {}) do
		-- false: the send's level is not automated
		if pts then
			local send = r:nth_send (i - 1)
			assert (not send:isnil (), "no send " .. i .. " on " .. name)
			automate (send:to_send ():gain_control (), pts)
		end
	end
	for i, ports in ipairs (e.plugins or {}) do
		local proc = r:nth_plugin (i - 1)
		assert (not proc:isnil (), "no plugin " .. i .. " on " .. name)
		for port, pts in pairs (ports) do
			local ac = proc:to_automatable ():automation_control (
				Evoral.Parameter (ARDOUR.AutomationType.PluginAutomation, 0, port), false)
			assert (not ac:isnil (), "no control for port " .. port .. " of plugin " .. i)
			automate (ac, pts)
		end
	end
	print ("route " .. name .. " edited")
end
-- solos last: a solo-safe route is set safe before another's solo reaches it
for name, e in pairs (edits.routes or {}) do
	if e.solo then
		s:route_by_name (name):solo_control ():set_value (1, nog)
		print ("route " .. name .. " soloed")
	end
end
local vcas = {}
for _, v in ipairs (edits.vcas or {}) do
	local vca = s:vca_manager ():create_vca (1, v.name):front ()
	vcas[v.name] = vca
	for _, name in ipairs (v.on or {}) do
		assert (vcas[name], "no VCA " .. name .. " made before " .. v.name)
		vca:to_slavable ():assign (vcas[name])
	end
	for _, name in ipairs (v.routes or {}) do
		local r = s:route_by_name (name)
		assert (not r:isnil (), "no route " .. name)
		r:to_slavable ():assign (vca)
	end
	if v.gain then vca:gain_control ():set_value (v.gain, nog) end
	if v.mute then vca:mute_control ():set_value (1, nog) end
	if v.gains then automate (vca:gain_control (), v.gains) end
	if v.mutes then automate (vca:mute_control (), v.mutes) end
	if v.solos then automate (vca:solo_control (), v.solos) end
	print ("vca " .. v.name .. " made")
end
-- foldback: a foldback bus (a performer's monitor mix, issue 87) fed by a
-- foldback send (pre-fader; post = true: post-fader) from each route named;
-- made last, after the wiring above, so that its outputs stay unwired
if edits.foldback then
	local f = edits.foldback
	-- 0x2000: PresentationInfo::FoldbackBus (not bound in Ardour 7.3's Lua)
	local fb = s:new_audio_route (2, 2, nil, 1, f.name, 0x2000, -1):front ()
	for _, name in ipairs (f.routes) do
		local r = s:route_by_name (name)
		assert (not r:isnil (), "no route " .. name)
		r:add_foldback_send (fb, f.post or false)
	end
	print ("foldback bus " .. f.name .. " made")
end
-- control changes are applied in the process thread: wait before saving
ARDOUR.LuaAPI.wait_for_process_callback (4, 2000)
s:save_state ("", false, false, false, false, false)
close_session ()
