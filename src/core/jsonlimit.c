/* This file contains the pre-parse JSON nesting measure: jansson's own limit
 * is 2048 levels, far deeper than any Snap request needs. */
#include "core/jsonlimit.h"

int ks_json_depth(const char *text, size_t len)
{
	int depth = 0, max = 0, in_string = 0;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
			continue;
		}
		if (c == '"') {
			in_string = 1;
		} else if (c == '{' || c == '[') {
			if (++depth > max)
				max = depth;
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return max;
}
