/* This file contains the timed-transition arithmetic. */
#include <string.h>

#include "core/schedule.h"

#define DAY_MS (INT64_C(86400) * 1000)

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int64_t ks_schedule_settlement_at(int64_t captured_ms, int minute_of_day)
{
	/* midnight of the capture's day, Jakarta, expressed in UTC ms */
	int64_t local = captured_ms + KS_JAKARTA_OFFSET_MS;
	int64_t day_start_local = floor_div(local, DAY_MS) * DAY_MS;
	return day_start_local + DAY_MS + (int64_t)minute_of_day * 60000 - KS_JAKARTA_OFFSET_MS;
}

int64_t ks_schedule_due(const char *status, const char *fraud_status, int64_t changed_ms,
			int64_t deadline_ms, int settlement_minute)
{
	int challenged = fraud_status && strcmp(fraud_status, "challenge") == 0;
	if (strcmp(status, "pending") == 0)
		return deadline_ms;
	if (strcmp(status, "capture") == 0 || (strcmp(status, "authorize") == 0 && challenged))
		return ks_schedule_settlement_at(changed_ms, settlement_minute);
	return 0;
}
