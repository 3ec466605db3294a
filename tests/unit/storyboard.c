/* Unit checks for illustrate_storyboard in lib/offline/illustrate.c. */
#include <cairo/cairo.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/util.h"
#include "offline/illustrate.h"

#define RED	0xdc2828
#define BLUE	0x2850dc
#define YELLOW	0xf0e020
#define GREEN	0x28b43c

static char dir[] = "/tmp/mv-storyboard.XXXXXX";

static void
fill(cairo_t *cr, uint32_t c, double x, double y, double w, double h)
{
	cairo_set_source_rgb(cr, (c >> 16) / 255.0, ((c >> 8) & 0xff) / 255.0,
	    (c & 0xff) / 255.0);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
}

/* A picture of one colour, or with bands of band at top and bottom. */
static char *
picture(const char *name, int w, int h, uint32_t c, uint32_t band)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w,
	    h);
	cairo_t *cr = cairo_create(s);
	char *path = xasprintf("%s/%s", dir, name);

	fill(cr, c, 0, 0, w, h);
	if (band != c) {
		fill(cr, band, 0, 0, w, h / 4.0);
		fill(cr, band, 0, h * 0.75, w, h / 4.0);
	}
	cairo_destroy(cr);
	if (cairo_surface_write_to_png(s, path) != CAIRO_STATUS_SUCCESS)
		printf("# cannot write %s\n", path);
	cairo_surface_destroy(s);
	return path;
}

/* The sheet in path, or NULL. */
static cairo_surface_t *
sheet(const char *path)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);

	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return NULL;
	}
	cairo_surface_flush(s);
	return s;
}

static uint32_t
px(cairo_surface_t *s, int x, int y)
{
	const unsigned char *row = cairo_image_surface_get_data(s) +
	    (size_t)y * cairo_image_surface_get_stride(s);

	return ((const uint32_t *)(const void *)row)[x] & 0xffffff;
}

static int
near(uint32_t a, uint32_t b)
{
	int i;

	for (i = 0; i < 24; i += 8)
		if (abs((int)((a >> i) & 0xff) - (int)((b >> i) & 0xff)) > 3)
			return 0;
	return 1;
}

/* Mid grey: the three channels equal and neither dark nor light. */
static int
grey(uint32_t a, uint32_t unused)
{
	int r = a >> 16, g = (a >> 8) & 0xff, b = a & 0xff;

	(void)unused;
	return abs(r - g) <= 2 && abs(g - b) <= 2 && r >= 96 && r <= 160;
}

static int
same(uint32_t a, uint32_t b)
{
	return near(a, b);
}

struct box {
	int x0, y0, x1, y1;
	long count;
};

/* The bounding box of the pixels of colour c. */
static struct box
find(cairo_surface_t *s, uint32_t c)
{
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s), x, y;
	struct box b = { w, h, -1, -1, 0 };

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			if (near(px(s, x, y), c)) {
				b.count++;
				b.x0 = x < b.x0 ? x : b.x0;
				b.y0 = y < b.y0 ? y : b.y0;
				b.x1 = x > b.x1 ? x : b.x1;
				b.y1 = y > b.y1 ? y : b.y1;
			}
	return b;
}

/* The most runs of at least min pixels matching c found on one row: the
 * number of thumbnails side by side. */
static int
runs(cairo_surface_t *s, uint32_t c, int (*match)(uint32_t, uint32_t),
    int min)
{
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s), x, y, most = 0;

	for (y = 0; y < h; y++) {
		int n = 0, len = 0;

		for (x = 0; x <= w; x++) {
			if (x < w && match(px(s, x, y), c)) {
				len++;
				continue;
			}
			if (len >= min)
				n++;
			len = 0;
		}
		most = n > most ? n : most;
	}
	return most;
}

/* Draws n copies of image (scene numbers from 1) into out; returns the
 * sheet's height, or -1. */
static int
board(const char *image, int n, int width, const char *out)
{
	struct board_item it[200];
	cairo_surface_t *s;
	char *err = NULL;
	int i, h = -1;

	for (i = 0; i < n; i++) {
		it[i].image = image;
		it[i].scene = i + 1;
		it[i].words = "Ruby finds a shiny golden acorn under the old "
		    "oak tree.";
	}
	if (illustrate_storyboard(it, n, width, "Shape", out, &err) < 0) {
		printf("# %s\n", err);
		free(err);
		return -1;
	}
	if ((s = sheet(out)) != NULL) {
		if (cairo_image_surface_get_width(s) == width)
			h = cairo_image_surface_get_height(s);
		cairo_surface_destroy(s);
	}
	return h;
}

/* Columns of a sheet of 12 copies of image. */
static int
columns(const char *image, uint32_t c, const char *out)
{
	cairo_surface_t *s;
	int n = -1;

	if (board(image, 12, 1600, out) > 0 && (s = sheet(out)) != NULL) {
		n = runs(s, c, same, 40);
		cairo_surface_destroy(s);
	}
	return n;
}

static void
check_fails(const struct board_item *it, int n, int width, const char *out)
{
	char *err = NULL, *want = xasprintf("'%s': ", out);

	CHECK_INT(illustrate_storyboard(it, n, width, NULL, out, &err), -1);
	CHECK(err != NULL && strncmp(err, want, strlen(want)) == 0);
	if (err != NULL)
		printf("# %s\n", err);
	CHECK(access(out, F_OK) != 0);
	free(err);
	free(want);
}

int
main(void)
{
	struct board_item it[201];
	struct box red, blue, box;
	cairo_surface_t *s;
	char *wide, *tall, *square, *thin, *banded, *green, *out, *err = NULL;
	char *nodir, *longword, *p;
	int h1, h4, h5, h12, lc, pc, sc, i;

	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 1;
	}
	wide = picture("wide.png", 480, 270, RED, RED);
	tall = picture("tall.png", 90, 160, RED, RED);
	square = picture("square.png", 120, 120, RED, RED);
	thin = picture("thin.png", 40, 160, RED, RED);
	/* 3:4 with yellow bands at top and bottom: covering a 16:9 cell shows
	 * only its blue middle; fitting inside or stretching shows yellow. */
	banded = picture("banded.png", 300, 400, BLUE, YELLOW);
	green = picture("green.png", 1920, 1080, GREEN, GREEN);
	out = xasprintf("%s/board.png", dir);

	CHECK_NOTE("thumbnails show the pictures, covering their cells");
	it[0] = (struct board_item){ wide, 1, "Once upon a time, in an "
	    "autumn forest beside a quiet river, there lived a fox." };
	it[1] = (struct board_item){ banded, 2, "Zoë and Ñandú ran." };
	for (i = 2; i < 6; i++)
		it[i] = (struct board_item){ green, i + 1, "Short." };
	CHECK_INT(illustrate_storyboard(it, 6, 1600, "The Honest Fox", out,
	    &err), 0);
	CHECK(err == NULL);
	CHECK((s = sheet(out)) != NULL);
	if (s != NULL) {
		CHECK_INT(cairo_image_surface_get_width(s), 1600);
		red = find(s, RED);
		CHECK(red.count > 0);
		/* Cell 1 is at the top left and about a quarter wide. */
		CHECK(red.x0 < 1600 / 4 && red.y0 <
		    cairo_image_surface_get_height(s) / 2);
		CHECK(red.x1 - red.x0 > 1600 / 8 && red.x1 - red.x0 < 1600 / 3);
		CHECK(near(px(s, (red.x0 + red.x1) / 2, (red.y0 + red.y1) / 2),
		    RED));
		CHECK(fabs((red.x1 - red.x0 + 1.0) / (red.y1 - red.y0 + 1) -
		    16.0 / 9) < 0.05);
		blue = find(s, BLUE);
		CHECK(blue.count > 0);
		CHECK(blue.x0 > red.x1 && abs(blue.y0 - red.y0) <= 2);
		CHECK(abs((blue.x1 - blue.x0) - (red.x1 - red.x0)) <= 2);
		CHECK(abs((blue.y1 - blue.y0) - (red.y1 - red.y0)) <= 2);
		CHECK_INT(find(s, YELLOW).count, 0);
		CHECK(find(s, GREEN).count > 4 * red.count * 0.9);
		cairo_surface_destroy(s);
	}

	CHECK_NOTE("the height follows the rows");
	h1 = board(wide, 1, 1600, out);
	h4 = board(wide, 4, 1600, out);
	h5 = board(wide, 5, 1600, out);
	h12 = board(wide, 12, 1600, out);
	CHECK(h1 > 0);
	CHECK_INT(h4, h1);
	CHECK(h5 > h4);
	CHECK(h12 > h5);
	CHECK(board(wide, 4, 800, out) > 0);

	CHECK_NOTE("the column count follows the pictures' shape");
	lc = columns(wide, RED, out);
	pc = columns(tall, RED, out);
	sc = columns(square, RED, out);
	printf("# columns: 16:9 %d, 1:1 %d, 9:16 %d\n", lc, sc, pc);
	CHECK(lc >= 4 && lc <= 5);
	CHECK(sc >= lc && sc <= pc);
	CHECK(pc >= 6 && pc <= 7);
	CHECK(pc > lc);

	CHECK_NOTE("a picture that cannot be read is a grey cell");
	nodir = xasprintf("%s/none/x.png", dir);
	it[0] = (struct board_item){ nodir, 1, "Gone." };
	it[1] = (struct board_item){ NULL, 2, NULL };
	it[2] = (struct board_item){ tall, 3, "Still here." };
	it[3] = (struct board_item){ green, 4, "" };
	CHECK_INT(illustrate_storyboard(it, 4, 1600, NULL, out, &err), 0);
	CHECK(err == NULL);
	if ((s = sheet(out)) != NULL) {
		/* Long runs only: the word "missing" splits the cell's row. */
		CHECK_INT(runs(s, 0, grey, 160), 2);
		/* The first readable picture (portrait) shapes the cells. */
		box = find(s, RED);
		CHECK(box.count > 0 && fabs((box.x1 - box.x0 + 1.0) /
		    (box.y1 - box.y0 + 1) - 9.0 / 16) < 0.05);
		CHECK(find(s, GREEN).count > 0);
		cairo_surface_destroy(s);
	} else
		CHECK(!"sheet readable");

	CHECK_NOTE("text of any kind does not break the sheet");
	longword = xmalloc(401);
	for (p = longword; p < longword + 400; p += 2)
		memcpy(p, "ë", 2);
	*p = '\0';
	it[0] = (struct board_item){ wide, 1, "\xff\xfe not UTF-8" };
	it[1] = (struct board_item){ wide, 2, longword };
	it[2] = (struct board_item){ wide, 3, "Zoë, Ñandú and Émile ran "
	    "and ran and ran, laughing all the way home." };
	it[3] = (struct board_item){ green, 400, "   \n  " };
	CHECK_INT(illustrate_storyboard(it, 4, 1600, "\xc3", out, &err), 0);
	if ((s = sheet(out)) != NULL) {
		CHECK(find(s, GREEN).count > 0);
		cairo_surface_destroy(s);
	} else
		CHECK(!"sheet readable");
	free(longword);

	CHECK_NOTE("200 scenes fit cairo's height limit");
	h1 = board(tall, 200, 1600, out);
	printf("# 200 portrait scenes at 1600: height %d\n", h1);
	CHECK(h1 > 0 && h1 <= 16384);
	/* At the narrowest width, 1:4 pictures need many more columns. */
	h1 = board(thin, 200, 320, out);
	CHECK(h1 > 0 && h1 <= 16384);

	CHECK_NOTE("bad requests fail with a message");
	check_rm_rf(out);
	for (i = 0; i < 201; i++)
		it[i] = (struct board_item){ wide, i + 1, "Words." };
	check_fails(it, 0, 1600, out);
	check_fails(it, 201, 1600, out);
	check_fails(it, 4, 100, out);
	check_fails(it, 4, 1600, nodir);

	free(wide);
	free(tall);
	free(square);
	free(thin);
	free(banded);
	free(green);
	free(out);
	free(nodir);
	check_rm_rf(dir);
	illustrate_cleanup();
	return check_done();
}
