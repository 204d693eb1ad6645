/* This file contains the fuzz target of the X-Override-Notification and
 * X-Append-Notification headers (SPEC §2.2): ks_notify_urls_check, and
 * ks_url_is_http on the same text. */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "core/notifyurl.h"
#include "fuzz.h"

static void check_url(const char *s)
{
	size_t n = strlen(s);
	FUZZ_CHECK(n <= KS_URL_MAX);
	FUZZ_CHECK(strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0);
	size_t host = strncasecmp(s, "http://", 7) == 0 ? 7 : 8;
	FUZZ_CHECK(n > host && !strchr("/:?", s[host]));
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK((unsigned char)s[i] > ' ' && s[i] != 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *header = fuzz_cstr(data, size);
	bool one = ks_url_is_http(header);
	int rc = ks_notify_urls_check(header);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (one) {
		check_url(header);
		/* one URL without a comma is a valid header of one URL */
		if (!strchr(header, ','))
			FUZZ_CHECK(rc == 0);
	}
	if (rc == 0) {
		/* 1 to 3 URLs, each valid once the blanks around it go */
		size_t urls = 0;
		char *copy = ks_xstrdup(header), *p = copy;
		for (;;) {
			char *comma = strchr(p, ',');
			if (comma)
				*comma = '\0';
			while (*p == ' ' || *p == '\t')
				p++;
			size_t n = strlen(p);
			while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
				p[--n] = '\0';
			check_url(p);
			FUZZ_CHECK(ks_url_is_http(p));
			urls++;
			if (!comma)
				break;
			p = comma + 1;
		}
		FUZZ_CHECK(urls >= 1 && urls <= KS_NOTIFY_URLS_MAX);
		free(copy);
	}
	free(header);
	return 0;
}
