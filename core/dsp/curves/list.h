/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The curve registry, one row a curve: SP_CURVE(kind, id, flags, name,
 * what, points), in the order messages list them (core/dsp/curves/
 * curve.h). A curve with maths of its own has its file here (fade_power.c)
 * and names its function in its row. Included with SP_CURVE defined by
 * core/dsp/curves/curve.c. Names are the recipe's: `ardour` names the
 * curves a DAW's sessions use, kept for the recipes that name them. */
SP_CURVE(RAMP, SP_RAMP_DB, SP_CURVE_LEVEL, "db", "linear in dB, the default", NULL)
SP_CURVE(RAMP, SP_RAMP_LIST, SP_CURVE_LEVEL, "ardour",
         "along Ardour's fader law, through its declick", NULL)
SP_CURVE(RAMP, SP_RAMP_DECLICK, SP_CURVE_LEVEL, "declick",
         "each point held, reached through Ardour's declick", NULL)
SP_CURVE(RAMP, SP_RAMP_LINEAR, SP_CURVE_PORT, "linear",
         "the port's value in a straight line between its points' values, handed to the plugin as "
         "it is, as Ardour plays a Linear list",
         NULL)
SP_CURVE(INTERP, SP_INTERP_EXPONENTIAL, 0, "exponential", "Ardour's fader law, the default", NULL)
SP_CURVE(INTERP, SP_INTERP_LOGARITHMIC, 0, "logarithmic", "linear in dB, as Ardour moves a trim",
         NULL)
SP_CURVE(INTERP, SP_INTERP_LINEAR, 0, "linear", "linear in gain", NULL)
SP_CURVE(INTERP, SP_INTERP_DISCRETE, 0, "discrete", "each point held", NULL)
SP_CURVE(INTERP, SP_INTERP_CURVED, 0, "curved", "Ardour's spline through the gains", NULL)
SP_CURVE(FADE, SP_FADE_RAMP, 0, "ramp", "a straight ramp, frame i of N at i/N", NULL)
SP_CURVE(FADE, SP_FADE_DEFAULT, 0, "ardour", "a 64-frame constant-power fade", NULL)
SP_CURVE(FADE, SP_FADE_LINEAR, SP_CURVE_SHAPE, "linear", "a straight line", sp_curve_fade_linear)
SP_CURVE(FADE, SP_FADE_POWER, SP_CURVE_SHAPE, "power", "constant power", sp_curve_fade_power)
SP_CURVE(FADE, SP_FADE_FAST, SP_CURVE_SHAPE, "fast", "a -60 dB exponential", sp_curve_fade_fast)
SP_CURVE(FADE, SP_FADE_SLOW, SP_CURVE_SHAPE, "slow", "-1 dB blended into -80 dB",
         sp_curve_fade_slow)
SP_CURVE(FADE, SP_FADE_SYMMETRIC, SP_CURVE_SHAPE, "symmetric", "nearly linear, then fast",
         sp_curve_fade_symmetric)
SP_CURVE(FADE, SP_FADE_CURVE, 0, "curve", "a spline through the points given", NULL)
SP_CURVE(FADE, SP_FADE_POINTS, 0, "points", "a saved control list, drawn as it is read", NULL)
SP_CURVE(PAN_LAW, SP_PAN_LAW_QUADRATIC, 0, "ardour", "a quadratic -3 dB law in float", NULL)
