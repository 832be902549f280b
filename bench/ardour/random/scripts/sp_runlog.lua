ardour { ["type"] = "dsp", name = "SP Run Log", category = "Utility", license = "MIT",
	author = "stemprint", description = [[Passes its input and adds, at each run's first frame, the run's length / 65536 on every channel.]] }
function dsp_ioconfig () return { { audio_in = -1, audio_out = -1 } } end
function dsp_run (ins, outs, n_samples)
	for c = 1, #outs do
		if ins[c] ~= outs[c] then ARDOUR.DSP.copy_vector (outs[c], ins[c], n_samples) end
		local a = outs[c]:array ()
		a[1] = a[1] + n_samples / 65536
	end
end
