-- The sidechains of a random session (gen.py's f_sidechain, issue 71),
-- added through Ardour's own API (ardour7-lua) once edit.lua has run, as
-- ../shared/bench/ardour/build_session.lua adds its own. Environment:
-- SESSION_DIR, SIDECHAINS (a Lua file returning a table):
--
--   return { { to = "bus1", from = "kick", uri = "urn:ardour:a-comp#stereo",
--              params = {[9] = 1}, tap = "pre", outs = 1, wire = {0} } }
--
-- to: the route the plugin goes on (first, before its fader); from: the
-- track whose external send (before its fader for tap = "pre", else at the
-- end) feeds the plugin's sidechain; params: parameter index -> value;
-- wire: the sidechain port (0-based) each of the send's first `outs`
-- outputs is connected to, its others left unconnected (run.py's
-- sidechain_edit then drops a one-output send's second port and, for
-- unmapped, the plugin's sidechain pins from its InputMap-0). Prints each
-- send's name ("sidechain send: NAME").
local cs = dofile (os.getenv ("SIDECHAINS"))
AudioEngine:set_backend ("None (Dummy)", "", "")
local s = load_session (os.getenv ("SESSION_DIR"), "sp")
assert (s, "load_session failed")

for _, c in ipairs (cs) do
	local dst = s:route_by_name (c.to)
	local src = s:route_by_name (c.from)
	assert (not dst:isnil () and not src:isnil (), "no route " .. c.to .. " or " .. c.from)
	local p = ARDOUR.LuaAPI.new_plugin (s, c.uri, ARDOUR.PluginType.LV2, "")
	assert (not p:isnil (), "cannot instantiate " .. c.uri)
	assert (dst:add_processor_by_index (p, 0, nil, true) == 0, "add_processor failed on " .. c.to)
	for idx, val in pairs (c.params) do
		assert (ARDOUR.LuaAPI.set_processor_param (p, idx, val), "param " .. idx .. " on " .. c.to)
	end
	assert (dst:add_sidechain (p), "add_sidechain failed on " .. c.to)
	local before = ARDOUR.LuaAPI.nil_proc ()
	if c.tap == "pre" then before = src:amp () end
	local snd = ARDOUR.LuaAPI.new_send (s, src, before)
	assert (not snd:isnil (), "new_send failed")
	local sc = p:to_insert ():sidechain_input ()
	local so = snd:to_send ():output ()
	local nsc = sc:n_ports ():n_audio ()
	for k = 0, so:n_ports ():n_audio () - 1 do
		so:audio (k):disconnect_all ()
		if k < c.outs then
			local port = c.wire[k + 1] < nsc and c.wire[k + 1] or nsc - 1
			so:audio (k):connect (sc:audio (port):name ())
		end
	end
	print ("sidechain send: " .. snd:name () .. " (" .. so:n_ports ():n_audio () .. " outputs into " .. nsc ..
		" sidechain ports)")
end
s:save_state ("", false, false, false, false, false)
close_session ()
print ("saved")
