-- Ardour's settled export of a session (issue 63), from a session script
-- (ardour7-lua): the Dummy backend, load_session, then 60 times a 100 ms
-- sleep and a wait for one process callback, then Session:simple_export
-- with the preset "stemprint float" (32-bit float WAV, no dither, no
-- normalization; written into the run's config folder by run.py). Started
-- so, an export renders the same bytes every run; started after a plain
-- sleep it placed MIDI tracks 16 frames late and left ACE Reasonable Synth
-- in another state (issue 63).
-- Environment: SESSION_DIR, OUT_DIR, OUT_NAME (the file OUT_DIR/OUT_NAME.wav),
-- END_SAMPLES (the range 0 .. END_SAMPLES; START_SAMPLES .. END_SAMPLES
-- with START_SAMPLES; "session" for both: the session range, as Ardour's
-- export of the session exports it); WAIT (optional, measuring what
-- the export depends on: "N" for N settling rounds instead of 60, "sleepN"
-- for a plain sleep of N seconds instead).
AudioEngine:set_backend ("None (Dummy)", "", "")
local s = load_session (os.getenv ("SESSION_DIR"), "sp")
assert (s, "load_session failed")
local wait = os.getenv ("WAIT") or ""
if wait:match ("^sleep") then
	ARDOUR.LuaAPI.usleep (math.floor (tonumber (wait:sub (6)) * 1000000))
else
	for _ = 1, tonumber (wait) or 60 do
		ARDOUR.LuaAPI.usleep (100000)
		ARDOUR.LuaAPI.wait_for_process_callback (1, 1000)
	end
end
local e = s:simple_export ()
assert (e:set_preset ("5d7e2a10-53c4-4c8e-9a11-0f57e1f7a001"), "no export preset 'stemprint float'")
e:set_folder (os.getenv ("OUT_DIR"))
e:set_name (os.getenv ("OUT_NAME"))
if os.getenv ("END_SAMPLES") == "session" then
	e:set_range (s:current_start_sample (), s:current_end_sample ())
	print ("range " .. s:current_start_sample () .. " " .. s:current_end_sample ())
else
	e:set_range (tonumber (os.getenv ("START_SAMPLES") or "0"), tonumber (os.getenv ("END_SAMPLES")))
end
assert (e:run_export (), "export failed")
-- said before closing: Ardour 7.3 sometimes aborts in close_session (a
-- double free) after a complete export
print ("exported " .. os.getenv ("OUT_DIR") .. "/" .. os.getenv ("OUT_NAME") .. ".wav")
close_session ()
