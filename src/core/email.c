/* This file contains the email address checks. */
#include <string.h>

#include "core/email.h"

bool ks_email_ok(const char *s)
{
	if (strlen(s) > 255)
		return false;
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return false;
	const char *dom = at + 1;
	size_t n = strlen(dom);
	return n && strchr(dom, '.') && dom[0] != '.' && dom[n - 1] != '.' && !strstr(dom, "..");
}

bool ks_email_list_ok(const char *list)
{
	char one[256];
	int count = 0;
	const char *p = list;
	for (;;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, ",");
		size_t t = n;
		while (t && p[t - 1] == ' ')
			t--;
		if (t == 0 || t >= sizeof(one) || ++count > 10)
			return false;
		memcpy(one, p, t);
		one[t] = '\0';
		if (!ks_email_ok(one))
			return false;
		if (!p[n])
			return true;
		p += n + 1;
	}
}
