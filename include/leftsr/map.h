/* leftsr engine: the outline map (Natural Earth, compiled in from
 * assets/map/basemap.h), its named regions, the projection every front end
 * and report shares, and a polygon triangulator for filled drawing.
 *
 * Coordinates are integers in 1/100 degree (lon east, lat north), as in
 * LsrPlace and LsrArea. Everything here is constant data or pure
 * functions: nothing to free. Modern outlines stand in for 1918 borders. */
#ifndef LEFTSR_MAP_H
#define LEFTSR_MAP_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The window the map data covers (1/100 degree); places must lie inside it. */
#define LSR_MAP_LON_MIN 1500
#define LSR_MAP_LON_MAX 6500
#define LSR_MAP_LAT_MIN 4000
#define LSR_MAP_LAT_MAX 7000

/* Named regions of the base map ("russia", "ukraine", "estonia", ...). */
uint32_t lsr_map_region_count(void);
const char *lsr_map_region_id(uint32_t i);          /* NULL when out of range */
uint32_t lsr_map_find_region(const char *id);       /* index, or 0xFFFFFFFF */

/* The base map's rings (outer boundaries, counter-clockwise). Returns the
 * ring's region index or -1 (unnamed land); *pts gets n lon/lat pairs. */
uint32_t lsr_map_ring_count(void);
int lsr_map_ring(uint32_t i, const int16_t (**pts)[2], uint32_t *n);

/* A projection onto a screen rectangle: equirectangular with the longitude
 * scaled by cos 55°, fitted (centred, aspect kept) so that the view extent
 * 20..64 E, 44..63 N fills the rectangle. y grows downwards. */
typedef struct LsrMapView {
    float x, y, w, h;          /* the rectangle */
    float scale;               /* pixels per degree of latitude */
    float ox, oy;              /* where lon 0 / lat 0 would project */
} LsrMapView;

void lsr_map_fit(LsrMapView *v, float x, float y, float w, float h);
void lsr_map_project(const LsrMapView *v, int32_t lon, int32_t lat, float *px, float *py);

/* Ear-clipping triangulation of a simple polygon of n points (xy: 2n
 * floats, either winding). Writes up to 3*(n-2) vertex indices to tri and
 * returns how many it wrote (a multiple of 3). Always terminates, even on
 * self-touching input (then some triangles may overlap). */
uint32_t lsr_map_triangulate(const float *xy, uint32_t n, uint32_t *tri);

/* Words for where a point lies, from the base map ("Ukraine", "Russia"),
 * or "" when it lies on no named region: a fallback when a place gives no
 * region of its own. */
const char *lsr_map_region_at(int32_t lon, int32_t lat);

#ifdef __cplusplus
}
#endif

#endif
