/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_BS2127_IMPL_H
#define SP_BS2127_IMPL_H

/* The parts of BS.2127's renderer (core/dsp/bs2127/bs2127.h), shared
 * between its files and no one else's: the layouts (layouts.c), the
 * point-source panner (psp.c; its hull in geom.c), the polar extent panner
 * (extent.c), the allocentric panner and its extent (allo.c), the
 * DirectSpeakers rules (direct.c). Positions are Cartesian, BS.2127's
 * axes: X right, Y front, Z up. Everything here is made once, when a
 * renderer is, and read only after. */

#include "core/dsp/bs2127/bs2127.h"

#include <stdbool.h>

#define B_MAXN SP_MAX_CHANNELS /* channels of a layout */
#define B_MAXV 48              /* the panner's speakers: real, extra, virtual */
#define B_MAXG 16              /* corners of a virtual speaker's polygon */
#define B_MAXR 96              /* the panner's regions */
#define B_NVS 40               /* the allocentric extent's virtual sources a row */

/* Degrees to radians and BS.2127's polar to Cartesian (section 6.1). */
double b_rad(double deg);
double b_deg(double rad);
void b_cart(double az, double el, double d, double out[3]);
double b_azimuth(const double p[3]);
double b_elevation(const double p[3]);
double b_dot(const double a[3], const double b[3]);
void b_cross(const double a[3], const double b[3], double out[3]);
/* EAR's local_coordinate_system: the rows of X, Y, Z turned so that Y
 * points at az, el. */
void b_local_axes(double az, double el, double m[3][3]);
double b_norm(const double *v, int n);
/* numpy's interp: y at x of the piecewise line through (xp, fp), n
 * points, held flat past its ends. */
double b_interp(double x, const double *xp, const double *fp, int n);
/* Whether angle x is in [start, end] going anticlockwise, within tol. */
bool b_inside_angle_range(double x, double start, double end, double tol);

/* A BS.2051 speaker: name, nominal position, allocentric position. */
typedef struct b_speaker {
  const char *name;
  double az, el;
  double allo[3];
  bool lfe;
} b_speaker;

/* The speaker named name ("M+030"), or NULL. */
const b_speaker *b_speaker_find(const char *name);
/* The BS.2051 system of stemprint's layout named layout ("0+5+0" for
 * "5.1"), its channels' BS.2051 names in the layout's order into
 * names[]; NULL for a layout without one. */
const char *b_layout_system(const char *layout, const char *names[B_MAXN]);

/* A region of the point-source panner: a triplet of speakers (VBAP), a
 * quad (bilinear over four), or a polygon about a virtual speaker (its
 * triangles, the virtual speaker's gain shared equally by the corners). */
typedef enum { B_TRIPLET, B_QUAD, B_NGON } b_kind;
typedef struct b_region {
  b_kind kind;
  int n;          /* corners */
  int ch[B_MAXG]; /* the panner's speaker of each corner, in the polygon's order */
  double pos[B_MAXG][3];
  double inv[B_MAXG][3][3]; /* triplet: [0]; polygon: a triangle each, with the centre */
  double centre[3];
  double px[3][3], py[3][3]; /* quad: the two axes' polynomials, a row a power */
} b_region;

/* The point-source panner (section 6.1.3) of n speakers: BS.2051's
 * layout with extra speakers above and below the mid layer where its
 * layers leave gaps (mixed into the speaker beneath), virtual ones at the
 * poles, regions from the convex hull's facets. stereo: 0+2+0, panned as
 * 0+5+0 and mixed down (section 6.1.3.2); inner holds that panner. */
typedef struct b_psp {
  int n;     /* output speakers */
  int n_ext; /* real and extra */
  int down[B_MAXV];
  b_region *regions;
  int n_regions;
  bool stereo;
  struct b_psp *inner;
} b_psp;

/* Made for n speakers at az[], el[] (nominal); stereo for 0+2+0 (the
 * speakers M+030 and M-030, in that order). */
void b_psp_init(b_psp *p, int n, const double *az, const double *el, bool stereo);
void b_psp_fini(b_psp *p);
/* The gains g[n] of a source in direction pos (any length > 0); false
 * when no region takes it (g zeros). */
bool b_psp_gains(const b_psp *p, const double pos[3], double *g);

/* The facets of the convex hull of n points (n <= 64): each a bit set of
 * its corners (all points on its plane), into facets[], at most max; the
 * count. */
int b_hull_facets(const double (*pts)[3], int n, unsigned long long *facets, int max);
/* The order of n corners (n <= B_MAXG) of a convex planar polygon around
 * it, as indices into order[] (EAR's ngon_vertex_order). */
void b_polygon_order(const double (*pts)[3], int n, int *order);

/* The polar extent panner (section 7.3.8): the point-source panner's
 * gains for points spread evenly over the sphere, weighted by the
 * extent's shape. */
typedef struct b_spread {
  const b_psp *psp;
  int n; /* points */
  double (*pts)[3];
  double *pv; /* n * psp->n */
} b_spread;

void b_spread_init(b_spread *s, const b_psp *psp);
void b_spread_fini(b_spread *s);
/* The gains g[psp->n] of a source at pos (its distance counts) of width,
 * height (degrees) and depth (distance), section 7.3.8's handler. */
void b_spread_gains(const b_spread *s, const double pos[3], double width, double height,
                    double depth, double *g);

/* The allocentric panner (section 7.3.9, 7.3.10): n speakers at their
 * allocentric positions, and its extent's per-axis gains. */
typedef struct b_allo {
  int n;
  double pos[B_MAXN][3];
  int dim;   /* the axes the positions vary along */
  int nz;    /* the extent's rows along Z */
  bool full; /* speakers below the horizon too (Z from -1) */
  /* the logs of each speaker's gains along each axis (X, Y, Z) for the
   * extent's virtual sources; -HUGE_VAL for 0 */
  double lg[3][B_MAXN][B_NVS];
} b_allo;

void b_allo_init(b_allo *a, int n, const double (*pos)[3]);
/* The point gains g[n] at pos (section 7.3.9). */
void b_allo_point(const b_allo *a, const double pos[3], double *g);
/* The gains g[n] at pos of size sx, sy, sz (not all 0: section 7.3.10). */
void b_allo_extent(const b_allo *a, const double pos[3], double sx, double sy, double sz,
                   double *g);

/* Zone exclusion (section 7.3.12): the real speakers (r->real's order)
 * a block's zones exclude, by their nominal positions, into ex[]. */
void b_zone_excluded(const sp_bs2127 *r, const sp_bs2127_zone *z, int nz, bool *ex);
/* The polar gains g[] (r->real's order) with the excluded speakers'
 * power moved to their nearest kept group (ZoneExclusionDownmix). */
void b_zone_downmix(const sp_bs2127 *r, const bool *ex, double *g);
/* For the allocentric panner: the excluded set widened to whole rows
 * where a side speaker off the corners is excluded; none when it would
 * leave none. */
void b_zone_allo(const sp_bs2127 *r, bool *ex);

/* Screen edge lock (screen.c): pos, a position of r's renderer (polar:
 * a direction and distance; Cartesian: the room's cube), moved to the
 * edges h and v of the screen (section 7.3.4; a Cartesian one through
 * section 10's polar form and, where r's layout has U+045, EAR's
 * compensate_position). */
void b_screen_lock(const sp_bs2127 *r, bool cartesian, sp_bs2127_edge h, sp_bs2127_edge v,
                   double pos[3]);

/* The renderer (bs2127.h): its layout as BS.2051 names it, and its
 * panners. */
struct sp_bs2127 {
  const sp_layout *l;
  const char *system;
  const char *names[B_MAXN];
  int n;
  bool lfe[B_MAXN];
  double az[B_MAXN], el[B_MAXN], allo[B_MAXN][3];
  int n_real, real[B_MAXN]; /* the channels not LFE, the panners' outputs */
  int prio[B_MAXN];         /* channel lock's order among the real ones */
  b_psp psp;
  b_spread spread;
  b_allo allo_panner;
};

/* r's layout l as BS.2051 names and places it (names, system, n,
 * positions, lfe, real), its panners not made (sp_bs2127_new makes them);
 * false where BS.2127 has no such layout. */
bool b_layout_view(sp_bs2127 *r, const sp_layout *l);

#endif
