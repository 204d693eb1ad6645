/* Unit tests of the timed-transition arithmetic. */
#include <criterion/criterion.h>
#include <stdio.h>

#include "core/schedule.h"
#include "core/timefmt.h"

static int64_t at(const char *jakarta) /* "yyyy-MM-dd HH:mm:ss" in +0700 */
{
	char buf[40];
	int64_t ms;
	snprintf(buf, sizeof(buf), "%s +0700", jakarta);
	cr_assert_eq(ks_time_parse_expiry(buf, &ms), 0, "%s", buf);
	return ms;
}

Test(schedule, settlement_is_next_day_at_the_minute_jakarta)
{
	static const struct { const char *capture, *settle; int minute; } rows[] = {
		{ "2026-11-26 10:00:00", "2026-11-27 16:00:00", 960 },
		{ "2026-11-26 23:59:59", "2026-11-27 16:00:00", 960 },
		{ "2026-11-27 00:00:00", "2026-11-28 16:00:00", 960 },
		/* 03:00 UTC+7 is still the previous day in UTC */
		{ "2026-11-27 03:00:00", "2026-11-28 16:00:00", 960 },
		{ "2026-12-31 12:00:00", "2027-01-01 16:00:00", 960 },
		{ "2026-11-26 10:00:00", "2026-11-27 00:30:00", 30 },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		cr_expect_eq(ks_schedule_settlement_at(at(rows[i].capture), rows[i].minute),
			     at(rows[i].settle), "row %zu", i);
}

Test(schedule, due_by_state)
{
	int64_t t = at("2026-11-26 10:00:00"), deadline = at("2026-11-27 10:00:00");
	int64_t settle = at("2026-11-27 16:00:00");
	cr_expect_eq(ks_schedule_due("pending", "accept", t, deadline, 960), deadline);
	cr_expect_eq(ks_schedule_due("capture", "accept", t, deadline, 960), settle);
	cr_expect_eq(ks_schedule_due("capture", "challenge", t, deadline, 960), settle);
	cr_expect_eq(ks_schedule_due("authorize", "challenge", t, deadline, 960), settle);
	cr_expect_eq(ks_schedule_due("authorize", "accept", t, deadline, 960), 0);
	const char *none[] = { "settlement", "deny", "cancel", "expire", "refund", "partial_refund" };
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		cr_expect_eq(ks_schedule_due(none[i], "accept", t, deadline, 960), 0, "%s", none[i]);
}
