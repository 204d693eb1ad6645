/* Limits checked on a JSON text before it is parsed. */
#ifndef KS_CORE_JSONLIMIT_H
#define KS_CORE_JSONLIMIT_H

#include <stddef.h>

#define KS_JSON_MAX_DEPTH 32

/* The deepest nesting of arrays and objects in text (strings and escapes
 * are skipped; malformed text is measured as far as it goes). */
int ks_json_depth(const char *text, size_t len);

#endif
