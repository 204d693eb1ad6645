/* This file contains the reading of an amount from a JSON value (the
 * refund and capture bodies of api/actions.c, and the fuzz target of the
 * state machine, which drives it with the same parser). */
#include <stdlib.h>

#include "core/amount.h"

/* d is whole and within (0, 10^15): exact in a double and in an int64 */
static int64_t whole(double d)
{
	return d > 0 && d < 1e15 && d == (double)(int64_t)d ? (int64_t)d : -1;
}

int64_t ks_json_amount(const json_t *v)
{
	if (json_is_integer(v))
		return json_integer_value(v) > 0 ? (int64_t)json_integer_value(v) : -1;
	if (json_is_real(v))
		return whole(json_real_value(v));
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		char *end;
		double d = strtod(s, &end);
		return end != s && *end == '\0' ? whole(d) : -1;
	}
	return -1;
}
