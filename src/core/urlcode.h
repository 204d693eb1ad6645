/* Percent-decoding of path segments and query values (RFC 3986). */
#ifndef KS_CORE_URLCODE_H
#define KS_CORE_URLCODE_H

#include <stdbool.h>
#include <stddef.h>

/* Decodes len bytes of in into out (at least len + 1 bytes, NUL-terminated).
 * plus_is_space turns '+' into ' ' (query strings). Returns the decoded
 * length, or -1 for a malformed escape ("%4", "%zz") or a decoded NUL. */
long ks_percent_decode(const char *in, size_t len, char *out, bool plus_is_space);

#endif
