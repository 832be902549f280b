-- The session loaded by Ardour and saved (gen.py's pins and chancount,
-- after run.py's issue87_edit): Ardour configures each plugin for its
-- route as wired and keeps the pin maps it takes (PluginInsert::set_state
-- takes a plugin's saved maps only where every instance has both and its
-- configuration is the one saved; else it makes its own), so the file
-- holds what its export plays. Environment: SESSION_DIR.
AudioEngine:set_backend ("None (Dummy)", "", "")
local s = load_session (os.getenv ("SESSION_DIR"), "sp")
assert (s, "load_session failed")
for _ = 1, 10 do
	ARDOUR.LuaAPI.usleep (100000)
	ARDOUR.LuaAPI.wait_for_process_callback (1, 1000)
end
s:save_state ("", false, false, false, false, false)
print ("saved " .. os.getenv ("SESSION_DIR"))
close_session ()
