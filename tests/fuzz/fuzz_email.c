/* This file contains the fuzz target of the email address checks (customer
 * details, merchant notification addresses, --smtp-from): ks_email_ok and
 * ks_email_list_ok. */
#include <stdbool.h>
#include <string.h>

#include "core/email.h"
#include "fuzz.h"

#define LIST_MAX 10

static void check_address(const char *s)
{
	size_t n = strlen(s);
	FUZZ_CHECK(n >= 3 && n <= 255);
	const char *at = strchr(s, '@');
	FUZZ_CHECK(at && at != s && !strchr(at + 1, '@'));
	for (const char *p = s; *p; p++)
		FUZZ_CHECK((unsigned char)*p > ' ' && *p != 0x7f);
	const char *dom = at + 1;
	size_t dn = strlen(dom);
	/* at least two non-empty labels */
	FUZZ_CHECK(dn >= 3 && strchr(dom, '.') && dom[0] != '.' && dom[dn - 1] != '.');
	FUZZ_CHECK(!strstr(dom, ".."));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	bool one = ks_email_ok(s);
	bool list = ks_email_list_ok(s);
	if (one) {
		check_address(s);
		/* an address is a list of one, unless a comma in it (which
		 * ks_email_ok allows) splits the list */
		if (!strchr(s, ','))
			FUZZ_CHECK(list);
	}
	if (list) {
		size_t count = 0;
		char *copy = ks_xstrdup(s), *p = copy;
		for (;;) {
			char *comma = strchr(p, ',');
			if (comma)
				*comma = '\0';
			while (*p == ' ')
				p++;
			size_t n = strlen(p);
			while (n && p[n - 1] == ' ')
				p[--n] = '\0';
			FUZZ_CHECK(ks_email_ok(p));
			check_address(p);
			count++;
			if (!comma)
				break;
			p = comma + 1;
		}
		FUZZ_CHECK(count >= 1 && count <= LIST_MAX);
		free(copy);
	}
	free(s);
	return 0;
}
