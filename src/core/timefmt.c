/* This file contains the Snap time formats: parsing the expiry start_time and
 * formatting Asia/Jakarta timestamps, by calendar arithmetic (Howard
 * Hinnant's days_from_civil) rather than the C library's time zone code. */
#include <stdbool.h>
#include <stdio.h>

#include "core/timefmt.h"

#define MS_PER_DAY (INT64_C(86400) * 1000)
#define JAKARTA_OFFSET_S (7 * 3600)

int64_t ks_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (int64_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (int64_t)d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of ks_days_from_civil. */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
	static const unsigned dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Reads exactly n ASCII digits at *p, advancing it; -1 when one is not. */
static int digits(const char **p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	return v;
}

/* Reads the literal character c at *p, advancing it. */
static bool lit(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

/* Parses "+hhmm", "+hh:mm", "-hhmm", "-hh:mm" or "Z" into seconds east of UTC. */
static int parse_offset(const char *p, int *out_s)
{
	if (p[0] == 'Z' && p[1] == '\0') {
		*out_s = 0;
		return 0;
	}
	int sign = p[0] == '+' ? 1 : p[0] == '-' ? -1 : 0;
	if (!sign)
		return -1;
	p++;
	int hh = digits(&p, 2);
	lit(&p, ':');
	int mm = digits(&p, 2);
	if (hh < 0 || mm < 0 || *p != '\0' || mm > 59 || hh * 60 + mm > 14 * 60)
		return -1;
	*out_s = sign * (hh * 3600 + mm * 60);
	return 0;
}

int ks_time_parse_expiry(const char *s, int64_t *out_ms)
{
	*out_ms = 0;
	if (!s)
		return -1;
	const char *p = s;
	int y = digits(&p, 4);
	bool ok = y >= 0 && lit(&p, '-');
	int mo = ok ? digits(&p, 2) : -1;
	ok = ok && mo >= 0 && lit(&p, '-');
	int d = ok ? digits(&p, 2) : -1;
	ok = ok && d >= 0 && lit(&p, ' ');
	int hh = ok ? digits(&p, 2) : -1;
	ok = ok && hh >= 0 && lit(&p, ':');
	int mi = ok ? digits(&p, 2) : -1;
	ok = ok && mi >= 0 && lit(&p, ':');
	int ss = ok ? digits(&p, 2) : -1;
	ok = ok && ss >= 0 && lit(&p, ' ');
	if (!ok || mo < 1 || mo > 12 || d < 1 || (unsigned)d > days_in_month(y, (unsigned)mo) ||
	    hh > 23 || mi > 59 || ss > 59)
		return -1;
	int off_s;
	if (parse_offset(p, &off_s) != 0)
		return -1;
	int64_t days = ks_days_from_civil(y, (unsigned)mo, (unsigned)d);
	int64_t secs = days * 86400 + hh * 3600 + mi * 60 + ss - off_s;
	*out_ms = secs * 1000;
	return 0;
}

char *ks_time_format_jakarta(int64_t ms, char *buf, unsigned long size)
{
	int64_t local_ms = ms + (int64_t)JAKARTA_OFFSET_S * 1000;
	/* floor division, so instants before 1970 land on the right day */
	int64_t days = local_ms / MS_PER_DAY;
	int64_t rem = local_ms % MS_PER_DAY;
	if (rem < 0) {
		rem += MS_PER_DAY;
		days--;
	}
	int64_t secs = rem / 1000;
	int64_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	if (size)
		snprintf(buf, size, "%04lld-%02u-%02u %02d:%02d:%02d", (long long)y, m, d,
			 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	return buf;
}
