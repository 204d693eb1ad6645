/* This file contains the checks of callback and notification URLs. */
#include <string.h>
#include <strings.h>

#include "core/notifyurl.h"

static bool url_ok(const char *s, size_t n)
{
	size_t skip;
	if (n >= 7 && strncasecmp(s, "http://", 7) == 0)
		skip = 7;
	else if (n >= 8 && strncasecmp(s, "https://", 8) == 0)
		skip = 8;
	else
		return false;
	if (n > KS_URL_MAX || n == skip || s[skip] == '/' || s[skip] == ':' || s[skip] == '?')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return false;
	return true;
}

bool ks_url_is_http(const char *s)
{
	return url_ok(s, strlen(s));
}

int ks_notify_urls_check(const char *header)
{
	int count = 0;
	const char *p = header;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		size_t n = strcspn(p, ",");
		size_t t = n;
		while (t && (p[t - 1] == ' ' || p[t - 1] == '\t'))
			t--;
		if (!url_ok(p, t) || ++count > KS_NOTIFY_URLS_MAX)
			return -1;
		if (p[n] == '\0')
			return 0;
		p += n + 1;
	}
}
