/* This file contains the tests of the Snap time formats: the expiry
 * start_time parser and Asia/Jakarta formatting. */
#include <criterion/criterion.h>
#include <stdio.h>

#include "core/timefmt.h"
#include "rowtest.h"

struct civil_row {
	int64_t y;
	unsigned m, d;
	int64_t days;
};

static const struct civil_row civil_rows[] = {
	{ 1970, 1, 1, 0 },	  { 1969, 12, 31, -1 },	   { 2000, 1, 1, 10957 },
	{ 2000, 2, 29, 11016 },	  { 2000, 3, 1, 11017 },   { 1900, 3, 1, -25508 },
	{ 2018, 12, 13, 17878 },  { 2024, 2, 29, 19782 },  { 9999, 12, 31, 2932896 },
	{ 1, 1, 1, -719162 },
};

ParameterizedTestParameters(timefmt, days_from_civil)
{
	return ROWTEST_PARAMS(civil_rows);
}

ParameterizedTest(size_t *i, timefmt, days_from_civil)
{
	const struct civil_row *r = &civil_rows[*i];
	cr_expect_eq(ks_days_from_civil(r->y, r->m, r->d), r->days, "%lld-%u-%u", (long long)r->y, r->m, r->d);
}

struct parse_row {
	const char *in;
	int ok;
	int64_t ms;
};

#define S(x) (INT64_C(x) * 1000)

static const struct parse_row parse_rows[] = {
	{ "2018-12-13 18:11:08 +0700", 1, S(1544699468) },
	{ "2018-12-13 18:11:08 +07:00", 1, S(1544699468) },
	{ "2018-12-13 11:11:08 +0000", 1, S(1544699468) },
	{ "2018-12-13 11:11:08 Z", 1, S(1544699468) },
	{ "2018-12-13 06:41:08 -0430", 1, S(1544699468) },
	{ "2018-12-14 01:11:08 +1400", 1, S(1544699468) },
	{ "2018-12-12 23:11:08 -1200", 1, S(1544699468) },
	{ "1970-01-01 07:00:00 +0700", 1, 0 },
	{ "2024-02-29 00:00:00 +0000", 1, S(1709164800) },
	{ "2000-02-29 00:00:00 +0000", 1, S(951782400) },
	{ "2018-12-31 23:59:59 +0000", 1, S(1546300799) },
	{ "2018-02-30 10:00:00 +0700", 0, 0 },
	{ "2023-02-29 10:00:00 +0700", 0, 0 },
	{ "1900-02-29 10:00:00 +0700", 0, 0 },
	{ "2018-04-31 10:00:00 +0700", 0, 0 },
	{ "2018-13-01 10:00:00 +0700", 0, 0 },
	{ "2018-00-01 10:00:00 +0700", 0, 0 },
	{ "2018-12-00 10:00:00 +0700", 0, 0 },
	{ "2018-12-13 24:00:00 +0700", 0, 0 },
	{ "2018-12-13 18:60:00 +0700", 0, 0 },
	{ "2018-12-13 18:11:60 +0700", 0, 0 },
	{ "2018-12-13 18:11:08 +1401", 0, 0 },
	{ "2018-12-13 18:11:08 +1500", 0, 0 },
	{ "2018-12-13 18:11:08 +0760", 0, 0 },
	{ "2018-12-13 18:11:08 +07", 0, 0 },
	{ "2018-12-13 18:11:08 0700", 0, 0 },
	{ "2018-12-13 18:11:08 +07000", 0, 0 },
	{ "2018-12-13 18:11:08", 0, 0 },
	{ "2018-12-13 18:11:08 ", 0, 0 },
	{ "2018-12-13T18:11:08 +0700", 0, 0 },
	{ "2018-12-13  18:11:08 +0700", 0, 0 },
	{ "18-12-13 18:11:08 +0700", 0, 0 },
	{ "2018-1-13 18:11:08 +0700", 0, 0 },
	{ "2018-12-13 18:11:08 +0700x", 0, 0 },
	{ "2018-12-13 18:11:08 z", 0, 0 },
	{ "", 0, 0 },
};

ParameterizedTestParameters(timefmt, parse_expiry)
{
	return ROWTEST_PARAMS(parse_rows);
}

ParameterizedTest(size_t *i, timefmt, parse_expiry)
{
	const struct parse_row *r = &parse_rows[*i];
	int64_t ms = 42;
	int rc = ks_time_parse_expiry(r->in, &ms);
	cr_expect_eq(rc, r->ok ? 0 : -1, "'%s'", r->in);
	cr_expect_eq(ms, r->ms, "'%s'", r->in);
}

Test(timefmt, parse_null)
{
	int64_t ms = 42;
	cr_expect_eq(ks_time_parse_expiry(NULL, &ms), -1);
	cr_expect_eq(ms, 0);
}

struct fmt_row {
	int64_t ms;
	const char *want;
};

static const struct fmt_row fmt_rows[] = {
	{ 0, "1970-01-01 07:00:00" },
	{ S(1544699468), "2018-12-13 18:11:08" },
	{ S(1544699468) + 999, "2018-12-13 18:11:08" },
	{ S(1546275600) - 1, "2018-12-31 23:59:59" },
	{ S(1546275600), "2019-01-01 00:00:00" },
	{ S(1709139600), "2024-02-29 00:00:00" },
	{ -1, "1970-01-01 06:59:59" },
	{ S(-25200) - 1, "1969-12-31 23:59:59" },
};

ParameterizedTestParameters(timefmt, format_jakarta)
{
	return ROWTEST_PARAMS(fmt_rows);
}

ParameterizedTest(size_t *i, timefmt, format_jakarta)
{
	const struct fmt_row *r = &fmt_rows[*i];
	char buf[20];
	cr_expect_str_eq(ks_time_format_jakarta(r->ms, buf, sizeof(buf)), r->want, "%lld", (long long)r->ms);
}

Test(timefmt, parse_then_format_round_trip)
{
	char buf[32];
	int64_t ms;
	for (int64_t day = -800; day < 30000; day += 37) {
		int64_t t = day * 86400000 + 45296000; /* 12:34:56 UTC */
		ks_time_format_jakarta(t, buf, sizeof(buf));
		char in[40];
		snprintf(in, sizeof(in), "%s +0700", buf);
		cr_assert_eq(ks_time_parse_expiry(in, &ms), 0, "%s", in);
		cr_assert_eq(ms, t, "%s", in);
	}
}
