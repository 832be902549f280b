-- Ardour's export of bench/instruments_ardour.sh's session, from a session
-- script (ardour7-lua), as bench/ardour/midi_export.lua does it:
-- load_session, a wait while the ACE Fluid Synths load the SoundFont their
-- state names (in their workers), then Session:simple_export with the preset
-- "stemprint float" (32-bit float WAV, no dither, no normalization: a preset
-- of the run's config folder). ardour7-export renders ACE Fluid Synth silent.
-- Prints how long load_session, the wait and the export itself took (the
-- monotonic clock, in seconds), so the export can be told from the rest of
-- the process.
-- Environment: SESSION_DIR, OUT_DIR, OUT_NAME (the file OUT_DIR/OUT_NAME.wav),
-- END_SAMPLES (the range 0 .. END_SAMPLES), KEEP (optional: a stem's tracks,
-- separated by commas; every other track is muted, as a stem snapshot of
-- ../shared/bench/ardour/make_stem_snapshots.lua mutes them), WAIT_S (the
-- wait, default 6 s).
local t0 = ARDOUR.LuaAPI.monotonic_time ()
AudioEngine:set_backend ("None (Dummy)", "", "")
local s = load_session (os.getenv ("SESSION_DIR"), "sp")
assert (s, "load_session failed")
local t1 = ARDOUR.LuaAPI.monotonic_time ()
local keep = os.getenv ("KEEP")
if keep and keep ~= "" then
	local k = {}
	for n in string.gmatch (keep, "[^,]+") do k[n] = true end
	for r in s:get_tracks ():iter () do
		if not k[r:name ()] then r:mute_control ():set_value (1, PBD.GroupControlDisposition.NoGroup) end
	end
end
local wait = tonumber (os.getenv ("WAIT_S") or "6")
for _ = 1, wait * 10 do
	ARDOUR.LuaAPI.usleep (100000)
	ARDOUR.LuaAPI.wait_for_process_callback (1, 1000)
end
local t2 = ARDOUR.LuaAPI.monotonic_time ()
local e = s:simple_export ()
assert (e:set_preset ("5d7e2a10-53c4-4c8e-9a11-0f57e1f7a001"), "no export preset 'stemprint float'")
e:set_folder (os.getenv ("OUT_DIR"))
e:set_name (os.getenv ("OUT_NAME"))
e:set_range (0, tonumber (os.getenv ("END_SAMPLES")))
assert (e:run_export (), "export failed")
local t3 = ARDOUR.LuaAPI.monotonic_time ()
-- said before closing: Ardour 7.3 sometimes aborts in close_session (a
-- double free) after a complete export
print (string.format ("exported %s/%s.wav: load %.2f s, wait %.2f s, export %.2f s",
	os.getenv ("OUT_DIR"), os.getenv ("OUT_NAME"), (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6))
close_session ()
