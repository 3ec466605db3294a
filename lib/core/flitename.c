#include <stddef.h>
#include <string.h>

#include "core/flitename.h"

/* In the order of flite.c's table of registrations. */
static const char *const names[FLITE_NVOICES + 1] = {
	"rms", "slt", "awb", "kal16", NULL
};

/* "+pNNN" or "+rNNN" at *s (50 to 200), advancing *s; -1 when not. */
static int
shift(const char **s, char key)
{
	const char *p = *s;
	int v = 0, n = 0;

	if (p[0] != '+' || p[1] != key)
		return -1;
	for (p += 2; *p >= '0' && *p <= '9' && n < 4; p++, n++)
		v = v * 10 + (*p - '0');
	if (n == 0 || v < FLITE_SHIFT_MIN || v > FLITE_SHIFT_MAX)
		return -1;
	*s = p;
	return v;
}

int
flite_voice_parse(const char *name, size_t *index, int *pitch, int *rate)
{
	size_t i, n;
	const char *p;
	int pv = 100, rv = 100;

	if (name == NULL)
		return -1;
	n = strcspn(name, "+");
	for (i = 0; i < FLITE_NVOICES; i++)
		if (strlen(names[i]) == n && strncmp(names[i], name, n) == 0)
			break;
	if (i == FLITE_NVOICES)
		return -1;
	p = name + n;
	if (*p == '+' && p[1] == 'p' && (pv = shift(&p, 'p')) < 0)
		return -1;
	if (*p == '+' && p[1] == 'r' && (rv = shift(&p, 'r')) < 0)
		return -1;
	if (*p != '\0')
		return -1;
	*index = i;
	*pitch = pv;
	*rate = rv;
	return 0;
}

int
flite_narrator_voice(const char *name)
{
	size_t i;
	int p, r;

	return flite_voice_parse(name, &i, &p, &r) == 0;
}

const char *const *
flite_voice_names(void)
{
	return names;
}
