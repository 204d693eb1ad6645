/* This file contains the Basic Authorization header parser. */
#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "core/auth.h"

int ks_basic_auth_user(const char *header, char *out, size_t size)
{
	unsigned char dec[512];
	size_t declen = 0;
	if (size)
		out[0] = '\0';
	if (!header || size == 0 || strncasecmp(header, "Basic ", 6) != 0)
		return -1;
	const char *b64 = header + 6;
	while (*b64 == ' ')
		b64++;
	size_t b64len = strlen(b64);
	while (b64len && b64[b64len - 1] == ' ')
		b64len--;
	if (b64len == 0 || b64len > 4 * (sizeof(dec) / 3))
		return -1;
	if (sodium_base642bin(dec, sizeof(dec), b64, b64len, NULL, &declen, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	const unsigned char *colon = memchr(dec, ':', declen);
	size_t ulen = colon ? (size_t)(colon - dec) : declen;
	int rc = ulen == 0 || ulen >= size ? -1 : 0;
	for (size_t i = 0; i < ulen && !rc; i++)
		if (dec[i] < 0x20 || dec[i] == 0x7f)
			rc = -1;
	if (!rc) {
		memcpy(out, dec, ulen);
		out[ulen] = '\0';
	}
	sodium_memzero(dec, sizeof(dec)); /* the key, whether accepted or not */
	return rc;
}
