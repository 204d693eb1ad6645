/* Parsing of the HTTP Basic Authorization header (SPEC §2.1): the user name
 * is the server key, the password is empty. */
#ifndef KS_CORE_AUTH_H
#define KS_CORE_AUTH_H

#include <stddef.h>

/* Extracts the user name from "Basic base64(user:password)" into out (size
 * bytes). The scheme is case-insensitive; the password is ignored. Returns 0,
 * or -1 (out = "") when the header is absent, malformed, or the user name is
 * empty, longer than size - 1, or holds a control character. */
int ks_basic_auth_user(const char *header, char *out, size_t size);

#endif
