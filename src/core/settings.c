/* This file contains the checks of the portal's settings fields. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/email.h"
#include "core/notifyurl.h"
#include "core/settings.h"

const char *ks_check_merchant_name(const char *v)
{
	size_t n = strlen(v), chars = 0;
	if (n == 0)
		return "merchant name is required";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if ((c & 0xc0) != 0x80)
			chars++;
		/* bytes of 0x80 and up: letters of other scripts (UTF-8) */
		if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == ',' || c == '-' ||
		    c == '\'')
			continue;
		return "merchant name may hold only letters, digits, spaces and . , - '";
	}
	if (chars > 100)
		return "merchant name must be at most 100 characters";
	if (v[0] == ' ' || v[n - 1] == ' ')
		return "merchant name must not start or end with a space";
	return NULL;
}

const char *ks_check_site_url(const char *v, bool optional)
{
	if (!*v)
		return optional ? NULL : "URL is required";
	return ks_url_is_http(v) ? NULL
				 : "must be a URL starting with http:// or https:// (at most 255 characters)";
}

static bool v4_private(const unsigned char a[4])
{
	return a[0] == 0 || a[0] == 10 || a[0] == 127 || (a[0] == 100 && (a[1] & 0xc0) == 64) ||
	       (a[0] == 169 && a[1] == 254) || (a[0] == 172 && (a[1] & 0xf0) == 16) ||
	       (a[0] == 192 && a[1] == 168) || a[0] >= 224;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

bool ks_host_is_private(const char *host)
{
	char h[256];
	size_t n = strlen(host);
	if (n == 0 || n >= sizeof(h))
		return true;
	if (host[0] == '[' && host[n - 1] == ']') {
		memcpy(h, host + 1, n - 2);
		h[n - 2] = '\0';
	} else {
		memcpy(h, host, n + 1);
	}
	for (size_t len = strlen(h); len && h[len - 1] == '.'; len--) /* "localhost." */
		h[len - 1] = '\0';
	if (!*h)
		return true;
	unsigned char a[16];
	if (inet_pton(AF_INET, h, a) == 1)
		return v4_private(a);
	if (inet_pton(AF_INET6, h, a) == 1) {
		static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
		static const unsigned char zero[15] = { 0 };
		if (memcmp(a, mapped, 12) == 0)
			return v4_private(a + 12);
		if (memcmp(a, zero, 15) == 0) /* :: and ::1 */
			return a[15] <= 1;
		return (a[0] & 0xfe) == 0xfc || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80);
	}
	/* a name: numbers in other spellings (0x7f.1, 2130706433) are refused
	 * too, since resolvers read them as addresses */
	if (!strchr(h, '.') || strspn(h, "0123456789.xXabcdefABCDEF") == strlen(h))
		return true;
	return strcasecmp(h, "localhost") == 0 || ends_with(h, ".localhost") ||
	       ends_with(h, ".local") || ends_with(h, ".internal") || ends_with(h, ".lan") ||
	       ends_with(h, ".home.arpa");
}

const char *ks_check_notification_url(const char *v, bool production)
{
	if (!*v)
		return NULL;
	if (!ks_url_is_http(v))
		return "must be a URL starting with http:// or https:// (at most 255 characters)";
	if (!production)
		return NULL;
	if (strncasecmp(v, "https://", 8) != 0)
		return "production notifications must use https://";
	/* the host: after the scheme, up to the path, query or fragment, without
	 * user info and port */
	const char *p = v + 8;
	size_t n = strcspn(p, "/?#");
	const char *at = memchr(p, '@', n);
	if (at) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	char host[256];
	if (n >= sizeof(host))
		return "the host name is too long";
	memcpy(host, p, n);
	host[n] = '\0';
	char *colon = host[0] == '[' ? strchr(host, ']') : strrchr(host, ':');
	if (colon && host[0] == '[')
		colon[1] = '\0';
	else if (colon)
		*colon = '\0';
	return ks_host_is_private(host) ? "production notifications cannot go to a local or private address"
					: NULL;
}

const char *ks_check_email_list(const char *v)
{
	if (!*v)
		return NULL;
	return ks_email_list_ok(v) ? NULL
				   : "must be up to 10 valid email addresses separated by commas";
}

const char *ks_check_login_email(const char *v)
{
	return ks_email_ok(v) ? NULL : "must be a valid email address";
}

const char *ks_check_password(const char *v)
{
	size_t n = strlen(v);
	if (n < KS_PASSWORD_MIN)
		return "password must be at least 12 characters";
	if (n > KS_PASSWORD_MAX)
		return "password must be at most 1024 characters";
	return NULL;
}

const char *ks_check_language(const char *v)
{
	return strcmp(v, "id") == 0 || strcmp(v, "en") == 0 ? NULL : "must be id or en";
}
