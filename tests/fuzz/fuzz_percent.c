/* This file contains the fuzz target of the percent-decoder (RFC 3986) that
 * every path segment and query value goes through: ks_percent_decode in
 * both modes (path: '+' stays, query: '+' is a space). */
#include <stdbool.h>
#include <string.h>

#include "core/urlcode.h"
#include "fuzz.h"

static const char hex[] = "0123456789ABCDEF";

/* Percent-encodes every byte that is not unreserved; the caller frees it. */
static char *encode(const char *s, size_t len)
{
	char *out = ks_xmalloc(len * 3 + 1), *o = out;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    (c && strchr("-._~", c))) {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	/* the documented minimum: len + 1 bytes, so ASan sees any overrun */
	char *path = ks_xmalloc(size + 1), *query = ks_xmalloc(size + 1);
	long np = ks_percent_decode(in, size, path, false);
	long nq = ks_percent_decode(in, size, query, true);
	/* '+' never changes whether an input is well formed */
	FUZZ_CHECK((np < 0) == (nq < 0));
	if (np >= 0) {
		size_t pct = 0;
		for (size_t i = 0; i < size; i++)
			pct += data[i] == '%';
		/* every '%' starts an escape of three bytes that gives one */
		FUZZ_CHECK(np == nq);
		FUZZ_CHECK((size_t)np <= size && (size_t)np == size - 2 * pct);
		FUZZ_CHECK(path[np] == '\0' && strlen(path) == (size_t)np);
		for (long i = 0; i < np; i++)
			FUZZ_CHECK(path[i] == query[i] || (path[i] == '+' && query[i] == ' '));
		/* decoding what encoding gives is the identity */
		char *enc = encode(path, (size_t)np);
		size_t elen = strlen(enc);
		char *back = ks_xmalloc(elen + 1);
		FUZZ_CHECK(ks_percent_decode(enc, elen, back, false) == np);
		FUZZ_CHECK(memcmp(back, path, (size_t)np + 1) == 0);
		free(back);
		free(enc);
	} else {
		FUZZ_CHECK(np == -1 && nq == -1);
	}
	free(path);
	free(query);
	return 0;
}
