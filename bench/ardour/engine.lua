-- Ardour's export engine alone, timed inside Ardour (bench/ardour/engine.sh,
-- issue 73): bench/ardour/random/export.lua's settled export (the Dummy
-- backend, load_session, 60 times a 100 ms sleep and a wait for one process
-- callback, Session:simple_export at 32-bit float over the session range),
-- with the export call alone timed: the process's CPU seconds (os.clock:
-- every thread of Ardour's, its process graph's among them) and the wall
-- seconds (/proc/uptime, 10 ms steps) from just before run_export () to
-- just after it returns. The load, the settling and the close are not in
-- the figures. Prints "engine cpu C wall W" (seconds) and "exported FILE".
-- Environment: SESSION_DIR, OUT_DIR, OUT_NAME (the file OUT_DIR/OUT_NAME.wav).
local function uptime ()
	local f = assert (io.open ("/proc/uptime"))
	local t = f:read ("*n")
	f:close ()
	return t
end
AudioEngine:set_backend ("None (Dummy)", "", "")
local s = load_session (os.getenv ("SESSION_DIR"), "sp")
assert (s, "load_session failed")
for _ = 1, 60 do
	ARDOUR.LuaAPI.usleep (100000)
	ARDOUR.LuaAPI.wait_for_process_callback (1, 1000)
end
local e = s:simple_export ()
assert (e:set_preset ("5d7e2a10-53c4-4c8e-9a11-0f57e1f7a001"), "no export preset 'stemprint float'")
e:set_folder (os.getenv ("OUT_DIR"))
e:set_name (os.getenv ("OUT_NAME"))
e:set_range (s:current_start_sample (), s:current_end_sample ())
local c0, w0 = os.clock (), uptime ()
local ok = e:run_export ()
local c1, w1 = os.clock (), uptime ()
assert (ok, "export failed")
print (string.format ("engine cpu %.3f wall %.2f range %d %d", c1 - c0, w1 - w0,
	s:current_start_sample (), s:current_end_sample ()))
-- said before closing: Ardour 7.3 sometimes aborts in close_session (a
-- double free) after a complete export
print ("exported " .. os.getenv ("OUT_DIR") .. "/" .. os.getenv ("OUT_NAME") .. ".wav")
close_session ()
