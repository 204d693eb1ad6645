/* This file contains the fuzz target of the portal's field checks
 * (core/settings.h: names, URLs, the private-host test) and of its date
 * parser (portal/job.c, query strings of the list and the dashboard). */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "core/notifyurl.h"
#include "core/settings.h"
#include "fuzz.h"
#include "portal/portal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	if (!ks_check_merchant_name(s)) {
		/* what a page could take for markup never passes */
		FUZZ_CHECK(*s && !strpbrk(s, "<>\"&;/\\=`"));
		FUZZ_CHECK(s[0] != ' ');
	}
	if (*s && !ks_check_notification_url(s, true)) {
		FUZZ_CHECK(strncasecmp(s, "https://", 8) == 0);
		FUZZ_CHECK(!ks_check_notification_url(s, false));
		FUZZ_CHECK(ks_url_is_http(s));
	}
	if (!ks_check_site_url(s, false))
		FUZZ_CHECK(ks_url_is_http(s));
	(void)ks_host_is_private(s);
	int64_t ms = 0;
	if (ks_portal_date(s, &ms) == 0) {
		FUZZ_CHECK(strlen(s) == 10);
		/* midnight in Jakarta is 17:00 UTC the day before */
		FUZZ_CHECK(((ms % 86400000) + 86400000) % 86400000 == 61200000);
	}
	free(s);
	return 0;
}
