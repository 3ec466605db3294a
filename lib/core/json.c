#include <ctype.h>
#include <stdlib.h>

#include "core/json.h"
#include "core/text.h"
#include "core/util.h"

size_t
json_prescan(const char *buf, size_t len, size_t *adjacent)
{
	size_t i, n = 1;
	int in_str = 0, done = 0, in_word = 0;

	*adjacent = len;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0, done = 1;
			continue;
		}
		if (isalnum(c) || c == '-' || c == '+' || c == '.') {
			if (!in_word && done && *adjacent == len)
				*adjacent = i;
			in_word = 1;
			continue;
		}
		if (in_word)
			in_word = 0, done = 1;
		if (c == '"') {
			if (done && *adjacent == len)
				*adjacent = i;
			in_str = 1;
		} else if (c == ',' || c == ':' || c == '[' || c == '{') {
			done = 0;
			if (c != ':')
				n++;
		} else if (c == ']' || c == '}')
			done = 1;
	}
	return n;
}

jv
json_parse(const char *buf, size_t len)
{
	size_t bad, line, col;

	if (len > JSON_MAX_BYTES || json_prescan(buf, len, &bad) >
	    JSON_MAX_VALUES)
		return jv_invalid_with_msg(jv_string("too large a JSON "
		    "document"));
	if (bad < len) {
		text_position(buf, bad, &line, &col);
		return jv_invalid_with_msg(jv_string_fmt("expected ',' or ':' "
		    "before the value at line %zu, column %zu", line, col));
	}
	return jv_parse_sized(buf, (int)len);
}

const char *
json_str(jv v)
{
	return jv_get_kind(v) == JV_KIND_STRING ? jv_string_value(v) : "";
}

double
json_num(jv v, double dflt)
{
	double d = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) :
	    dflt;

	jv_free(v);
	return d;
}

char *
json_msg(jv inv)
{
	jv m = jv_invalid_get_msg(inv);
	char *s;

	if (jv_get_kind(m) == JV_KIND_STRING)
		s = xstrdup(jv_string_value(m));
	else
		s = xstrdup("unknown error");
	jv_free(m);
	return s;
}

jv
json_load(const char *path)
{
	/* jv_load_file gives every value in the file, in an array. */
	jv all = jv_load_file(path, 0);

	if (jv_get_kind(all) == JV_KIND_ARRAY &&
	    jv_array_length(jv_copy(all)) == 1)
		return jv_array_get(all, 0);
	jv_free(all);
	return jv_invalid();
}
