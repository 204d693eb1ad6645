/* This file contains the notification retry policy of retry.h: one table of
 * retries per outcome class, and the two schedules that space them. */
#include <stddef.h>
#include <string.h>

#include "core/retry.h"

static const struct {
	const char *name;
	int retries;
} classes[KS_RETRY__CLASS_COUNT] = {
#define KS_RETRY_CLASS_ROW(id, name, retries) [KS_RETRY_##id] = { name, retries },
	KS_RETRY_CLASS_MAP(KS_RETRY_CLASS_ROW)
#undef KS_RETRY_CLASS_ROW
};

/* the midtrans schedule has a step for every retry of every class */
#define KS_RETRY_CLASS_FITS(id, name, retries) \
	_Static_assert((retries) <= KS_RETRY_MIDTRANS_STEPS, "a midtrans step per retry of " name);
KS_RETRY_CLASS_MAP(KS_RETRY_CLASS_FITS)
#undef KS_RETRY_CLASS_FITS

static const char *const schedule_names[KS_RETRY__SCHEDULE_COUNT] = {
#define KS_RETRY_SCHEDULE_ROW(id, name) [KS_RETRY_SCHEDULE_##id] = name,
	KS_RETRY_SCHEDULE_MAP(KS_RETRY_SCHEDULE_ROW)
#undef KS_RETRY_SCHEDULE_ROW
};

/* TODAY.md T8.4: about 2, 10, 30, 90 and 210 minutes; each step's window
 * starts where the previous one ends */
static const int midtrans_hi_s[KS_RETRY_MIDTRANS_STEPS] = { 120, 600, 1800, 5400, 12600 };

enum ks_retry_class ks_retry_classify(int http_status, enum ks_retry_transport transport)
{
	if (transport != KS_RETRY_TRANSPORT_OK)
		return KS_RETRY_OTHER;
	if (http_status >= 200 && http_status <= 299)
		return KS_RETRY_DELIVERED;
	switch (http_status) {
	case 500:
		return KS_RETRY_SERVER_ERROR;
	case 503:
		return KS_RETRY_UNAVAILABLE;
	case 400:
	case 404:
		return KS_RETRY_CLIENT_ERROR;
	case 301:
	case 302:
	case 303:
		return KS_RETRY_REDIRECT;
	default:
		return KS_RETRY_OTHER;
	}
}

const char *ks_retry_class_name(enum ks_retry_class c)
{
	if ((unsigned)c >= KS_RETRY__CLASS_COUNT)
		return NULL;
	return classes[c].name;
}

int ks_retry_max_attempts(enum ks_retry_class c)
{
	if ((unsigned)c >= KS_RETRY__CLASS_COUNT)
		return 0;
	return classes[c].retries < 0 ? 1 : 1 + classes[c].retries;
}

enum ks_retry_verdict ks_retry_next(int attempt, enum ks_retry_class c, int interval_s, int *delay_s)
{
	*delay_s = 0;
	if (c == KS_RETRY_DELIVERED)
		return KS_RETRY_DONE;
	if (attempt < 1)
		attempt = 1;
	if (attempt >= ks_retry_max_attempts(c))
		return KS_RETRY_FINAL;
	*delay_s = interval_s < 0 ? 0 : interval_s;
	return KS_RETRY_AGAIN;
}

int ks_retry_schedule_parse(const char *name)
{
	for (int i = 0; name && i < KS_RETRY__SCHEDULE_COUNT; i++)
		if (strcmp(name, schedule_names[i]) == 0)
			return i;
	return -1;
}

const char *ks_retry_schedule_name(enum ks_retry_schedule s)
{
	if ((unsigned)s >= KS_RETRY__SCHEDULE_COUNT)
		return NULL;
	return schedule_names[s];
}

int ks_retry_midtrans_window(int retry, int *lo_s, int *hi_s)
{
	*lo_s = *hi_s = 0;
	if (retry < 1 || retry > KS_RETRY_MIDTRANS_STEPS)
		return -1;
	*lo_s = retry == 1 ? 0 : midtrans_hi_s[retry - 2];
	*hi_s = midtrans_hi_s[retry - 1];
	return 0;
}

enum ks_retry_verdict ks_retry_next_on(enum ks_retry_schedule s, int attempt, enum ks_retry_class c,
				       int interval_s, double jitter, int *delay_s)
{
	*delay_s = 0;
	if (s == KS_RETRY_SCHEDULE_FIXED)
		return ks_retry_next(attempt, c, interval_s, delay_s);
	if (s != KS_RETRY_SCHEDULE_MIDTRANS)
		return KS_RETRY_FINAL;
	enum ks_retry_verdict v = ks_retry_next(attempt, c, 0, delay_s);
	if (v != KS_RETRY_AGAIN)
		return v;
	int lo, hi;
	/* attempt is below every class's limit here, so at most 5 */
	ks_retry_midtrans_window(attempt < 1 ? 1 : attempt, &lo, &hi);
	if (!(jitter >= 0)) /* NaN too */
		jitter = 0;
	int span = hi - lo + 1;
	int off = jitter >= 1 ? span - 1 : (int)(jitter * span);
	*delay_s = lo + (off < span ? off : span - 1);
	return KS_RETRY_AGAIN;
}
