/* This file contains the parsing of Accept-Encoding and If-None-Match. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/encoding.h"

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* The q of one list member's parameters ("; q=0.5"); 1 when absent. A
 * malformed q counts as 0: a client that cannot say it should get identity. */
static double member_q(const char *p, const char *end)
{
	while (p < end) {
		while (p < end && (is_ows(*p) || *p == ';'))
			p++;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			char buf[8];
			size_t n = (size_t)(end - p - 2);
			if (n == 0 || n >= sizeof(buf))
				return 0;
			memcpy(buf, p + 2, n);
			buf[n] = '\0';
			while (n && is_ows(buf[n - 1]))
				buf[--n] = '\0';
			char *rest;
			double q = strtod(buf, &rest);
			return *rest || q < 0 || q > 1 ? 0 : q;
		}
		while (p < end && *p != ';')
			p++;
	}
	return 1;
}

unsigned ks_http_accept_encoding(const char *header)
{
	unsigned yes = 0, no = 0, star = 0;
	for (const char *p = header; p && *p;) {
		while (*p == ',' || is_ows(*p))
			p++;
		const char *end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		const char *name_end = p;
		while (name_end < end && *name_end != ';' && !is_ows(*name_end))
			name_end++;
		size_t n = (size_t)(name_end - p);
		unsigned bit = 0;
		if (n == 4 && strncasecmp(p, "gzip", 4) == 0)
			bit = KS_ENC_GZIP;
		else if (n == 6 && strncasecmp(p, "x-gzip", 6) == 0)
			bit = KS_ENC_GZIP;
		else if (n == 2 && strncasecmp(p, "br", 2) == 0)
			bit = KS_ENC_BR;
		double q = n ? member_q(name_end, end) : 0;
		if (bit)
			*(q > 0 ? &yes : &no) |= bit;
		else if (n == 1 && *p == '*' && q > 0)
			star = KS_ENC_GZIP | KS_ENC_BR;
		p = end;
	}
	/* a coding refused anywhere stays refused; "*" covers the unnamed */
	return (yes & ~no) | (star & ~(yes | no));
}

int ks_http_etag_match(const char *inm, const char *etag)
{
	if (!inm || !etag)
		return 0;
	size_t elen = strlen(etag);
	for (const char *p = inm; *p;) {
		while (*p == ',' || is_ows(*p))
			p++;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (*p != '"')
			break;
		const char *close = strchr(p + 1, '"');
		if (!close)
			break;
		if ((size_t)(close + 1 - p) == elen && strncmp(p, etag, elen) == 0)
			return 1;
		p = close + 1;
	}
	return 0;
}
