/* This file contains the fuzz target of the expiry timestamp of the Snap
 * request (SPEC §2.6), "yyyy-MM-dd HH:mm:ss +hhmm": ks_time_parse_expiry,
 * checked against ks_time_format_jakarta. */
#include <string.h>

#include "core/timefmt.h"
#include "fuzz.h"

#define MS_PER_DAY (INT64_C(86400) * 1000)
#define OFFSET_MAX_MS (INT64_C(14) * 3600 * 1000)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	int64_t ms = -1;
	int rc = ks_time_parse_expiry(s, &ms);
	if (rc != 0) {
		FUZZ_CHECK(rc == -1 && ms == 0);
		free(s);
		return 0;
	}
	/* the whole text is the timestamp: "...:ss Z", "...:ss +hhmm", "...:ss +hh:mm" */
	size_t n = strlen(s);
	FUZZ_CHECK(n == 21 || n == 25 || n == 26);
	/* years 0000 to 9999, shifted by at most 14 hours */
	FUZZ_CHECK(ms >= ks_days_from_civil(0, 1, 1) * MS_PER_DAY - OFFSET_MAX_MS);
	FUZZ_CHECK(ms < ks_days_from_civil(10000, 1, 1) * MS_PER_DAY + OFFSET_MAX_MS);
	FUZZ_CHECK(ms % 1000 == 0);
	/* the same instant, written in Asia/Jakarta, parses back to itself */
	char buf[32], again[40];
	ks_time_format_jakarta(ms, buf, sizeof(buf));
	if (strlen(buf) == 19 && buf[0] != '-') {
		int64_t ms2 = -1;
		snprintf(again, sizeof(again), "%s +0700", buf);
		FUZZ_CHECK(ks_time_parse_expiry(again, &ms2) == 0 && ms2 == ms);
	}
	free(s);
	return 0;
}
