/*
 * scenery.h - the offline illustrator's settings: the sky, the ground and
 * what stands on it, chosen from the words of a scene's setting.
 *
 * Known settings (by whole words, ASCII case-insensitive): forest,
 * jungle, river, pond, lake, sea and beach, mountain, desert, farm and
 * fields, village, town (and city), garden, house inside, snow, castle,
 * cave, space, and night (dark sky, moon and stars, lit windows). Several
 * combine: "a riverside jungle near a small village" draws jungle trees,
 * a river and the village's houses. A setting with none of the words is a
 * meadow. The same setting, mood and seed draw the same pixels.
 *
 * Layout, as fractions of the picture's height h: the horizon is at
 * SCENERY_HORIZON; rivers and the sea run between it and SCENERY_FLOOR,
 * where characters stand, so that water shows behind them.
 */
#ifndef MV_SCENERY_H
#define MV_SCENERY_H

#include <stdint.h>

#include "offline/paint.h"

#define SCENERY_HORIZON 0.56
#define SCENERY_FLOOR 0.68

/* Feature bits, as scenery_features finds them. */
enum {
	SC2_FOREST = 1 << 0, SC2_JUNGLE = 1 << 1, SC2_RIVER = 1 << 2,
	SC2_POND = 1 << 3, SC2_LAKE = 1 << 4, SC2_SEA = 1 << 5,
	SC2_BEACH = 1 << 6, SC2_MOUNTAIN = 1 << 7, SC2_DESERT = 1 << 8,
	SC2_FARM = 1 << 9, SC2_VILLAGE = 1 << 10, SC2_TOWN = 1 << 11,
	SC2_GARDEN = 1 << 12, SC2_INDOOR = 1 << 13, SC2_NIGHT = 1 << 14,
	SC2_SNOW = 1 << 15, SC2_CASTLE = 1 << 16, SC2_CAVE = 1 << 17,
	SC2_SPACE = 1 << 18, SC2_CITY = 1 << 19
};

/* The settings the words of setting name, as SC2_* bits (0: a meadow). */
unsigned scenery_features(const char *setting);

/* The number of settings the illustrator knows (for documentation). */
int scenery_count(void);

/* The colours of a setting, tinted by mood (lex_moods bits). */
struct palette {
	struct rgb sky_top, sky_low, ground, accent;
	int night;
};

void scenery_palette(struct palette *p, const char *setting, unsigned mood);

/* Draws the setting over the whole w x h picture; u is the picture's
 * scale (1 at 1080 pixels on the short side). */
void scenery_draw(cairo_t *cr, const char *setting, unsigned mood,
    uint64_t seed, double w, double h, double u);

#endif
