ardour { ["type"] = "dsp", name = "SP MIDI Log", category = "Instrument", license = "MIT",
	author = "stemprint", description = [[Writes each MIDI message it is given into its output, to read back what Ardour sends an instrument: left (status * 16384 + data1 * 128 + data2) / 2^22, the k-th message at a frame k frames after it (within the run), right the count of messages at that frame / 64.]] }
function dsp_ioconfig () return { { midi_in = 1, audio_in = 0, audio_out = 2 } } end
function dsp_has_midi_input () return true end
function dsp_run (_, outs, n_samples)
	local l, r = outs[1]:array (), outs[2]:array ()
	for i = 1, n_samples do l[i] = 0; r[i] = 0 end
	local last, k = -1, 0
	for _, b in ipairs (midiin) do
		local t, d = b["time"], b["data"]
		local v = d[1] * 16384 + (d[2] or 0) * 128 + (d[3] or 0)
		if t == last then k = k + 1 else k = 0 end
		last = t
		if t + k <= n_samples then l[t + k] = v / 4194304 end
		r[t] = r[t] + 1 / 64
	end
end
