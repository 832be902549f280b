-- Exports a session with Ardour's own export, from a session script
-- (ardour7-lua): load_session, a wait while the plugins load what their
-- state names (ACE Fluid Synth's SoundFont, in its worker), then
-- Session:simple_export with the preset "stemprint float" (32-bit float
-- WAV, no dither, no normalization: a preset of the run's config folder,
-- written by interop_midi.sh). ardour7-export renders ACE Fluid Synth
-- silent: it starts before the SoundFont has loaded.
-- Environment: SESSION_DIR, OUT_DIR, OUT_NAME (the file OUT_DIR/OUT_NAME.wav),
-- END_SAMPLES (the range 0 .. END_SAMPLES), ONLY (optional: the one route
-- left unmuted among the tracks, for an instrument's own export).
AudioEngine:set_backend ("None (Dummy)", "", "")
local s = load_session (os.getenv ("SESSION_DIR"), "sp")
assert (s, "load_session failed")
local only = os.getenv ("ONLY")
if only and only ~= "" then
	for r in s:get_tracks ():iter () do
		if r:name () ~= only then r:mute_control ():set_value (1, PBD.GroupControlDisposition.NoGroup) end
	end
end
for _ = 1, 60 do
	ARDOUR.LuaAPI.usleep (100000)
	ARDOUR.LuaAPI.wait_for_process_callback (1, 1000)
end
local e = s:simple_export ()
assert (e:set_preset ("5d7e2a10-53c4-4c8e-9a11-0f57e1f7a001"), "no export preset 'stemprint float'")
e:set_folder (os.getenv ("OUT_DIR"))
e:set_name (os.getenv ("OUT_NAME"))
e:set_range (0, tonumber (os.getenv ("END_SAMPLES")))
assert (e:run_export (), "export failed")
-- said before closing: Ardour 7.3 sometimes aborts in close_session (a
-- double free) after a complete export
print ("exported " .. os.getenv ("OUT_DIR") .. "/" .. os.getenv ("OUT_NAME") .. ".wav")
close_session ()
