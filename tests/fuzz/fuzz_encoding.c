/* This file contains the fuzz target of the request headers that pick how an
 * embedded file is sent: Accept-Encoding and If-None-Match (http/encoding.c). */
#include <string.h>

#include "fuzz.h"
#include "http/encoding.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a header value is a C string: cut at the first NUL, as the server does */
	char *v = ks_xmalloc(size + 1);
	memcpy(v, data, size);
	v[size] = '\0';
	unsigned take = ks_http_accept_encoding(v);
	FUZZ_CHECK((take & ~(KS_ENC_GZIP | KS_ENC_BR)) == 0);
	/* a value naming neither coding nor "*" takes nothing */
	if (!strstr(v, "*") && !strcasestr(v, "gzip") && !strcasestr(v, "br"))
		FUZZ_CHECK(take == 0);
	static const char tag[] = "\"0123456789abcdef0123\"";
	int m = ks_http_etag_match(v, tag);
	FUZZ_CHECK(m == 0 || m == 1);
	/* a value that holds neither the tag nor "*" never matches */
	if (!strstr(v, tag) && !strchr(v, '*'))
		FUZZ_CHECK(m == 0);
	FUZZ_CHECK(ks_http_etag_match(tag, tag) == 1);
	free(v);
	return 0;
}
