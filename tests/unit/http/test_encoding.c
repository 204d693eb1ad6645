/* Unit tests of Accept-Encoding and If-None-Match parsing. */
#include <criterion/criterion.h>

#include "http/encoding.h"

#define BOTH (KS_ENC_GZIP | KS_ENC_BR)

Test(encoding, accept_encoding_rows)
{
	static const struct {
		const char *header;
		unsigned want;
	} rows[] = {
		{ NULL, 0 },
		{ "", 0 },
		{ "identity", 0 },
		{ "gzip", KS_ENC_GZIP },
		{ "GZIP", KS_ENC_GZIP },
		{ "x-gzip", KS_ENC_GZIP },
		{ "br", KS_ENC_BR },
		{ "gzip, deflate, br, zstd", BOTH },  /* Chromium's */
		{ "gzip, deflate", KS_ENC_GZIP },      /* curl --compressed, Node */
		{ "br;q=0, gzip", KS_ENC_GZIP },
		{ "br; q=0.0, gzip;q=0.5", KS_ENC_GZIP },
		{ "gzip;q=0", 0 },
		{ "*", BOTH },
		{ "*;q=0", 0 },
		{ "*, br;q=0", KS_ENC_GZIP },
		{ "gzip;q=0, *", KS_ENC_BR },
		{ "br;q=1.0", KS_ENC_BR },
		{ "br;q=2", 0 },       /* out of range: not taken */
		{ "br;q=abc", 0 },     /* malformed: not taken */
		{ "brotli, gz", 0 },   /* other names are not ours */
		{ " ,, br ,", KS_ENC_BR },
		{ "gzip, gzip;q=0", 0 }, /* refused anywhere stays refused */
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		cr_expect_eq(ks_http_accept_encoding(rows[i].header), rows[i].want,
			     "Accept-Encoding \"%s\"", rows[i].header ? rows[i].header : "(none)");
}

Test(encoding, etag_match_rows)
{
	const char *tag = "\"abc123\"";
	cr_expect(ks_http_etag_match("\"abc123\"", tag));
	cr_expect(ks_http_etag_match("W/\"abc123\"", tag)); /* weak comparison */
	cr_expect(ks_http_etag_match("\"x\", \"abc123\"", tag));
	cr_expect(ks_http_etag_match("*", tag));
	cr_expect(!ks_http_etag_match(NULL, tag));
	cr_expect(!ks_http_etag_match("", tag));
	cr_expect(!ks_http_etag_match("\"abc12\"", tag));
	cr_expect(!ks_http_etag_match("\"abc1234\"", tag));
	cr_expect(!ks_http_etag_match("abc123", tag));      /* unquoted: not a tag */
	cr_expect(!ks_http_etag_match("\"abc123", tag));    /* unterminated */
	cr_expect(!ks_http_etag_match("\"abc123\"", NULL));
}
