/* This file contains the tests of the notification retry policy (SPEC §6.2):
 * for each kind of answer, the exact number of attempts and the delays
 * between them. */
#include <criterion/criterion.h>
#include <math.h>

#include "core/retry.h"
#include "rowtest.h"

#define MAX_DELAYS 8

struct sched_row {
	const char *what;
	int status;
	enum ks_retry_transport transport;
	enum ks_retry_class cls;
	int attempts;		   /* attempts in all, the first included */
	enum ks_retry_verdict end; /* verdict after the last attempt */
};

static const struct sched_row rows[] = {
	{ "200", 200, KS_RETRY_TRANSPORT_OK, KS_RETRY_DELIVERED, 1, KS_RETRY_DONE },
	{ "201", 201, KS_RETRY_TRANSPORT_OK, KS_RETRY_DELIVERED, 1, KS_RETRY_DONE },
	{ "204", 204, KS_RETRY_TRANSPORT_OK, KS_RETRY_DELIVERED, 1, KS_RETRY_DONE },
	{ "299", 299, KS_RETRY_TRANSPORT_OK, KS_RETRY_DELIVERED, 1, KS_RETRY_DONE },
	{ "500", 500, KS_RETRY_TRANSPORT_OK, KS_RETRY_SERVER_ERROR, 2, KS_RETRY_FINAL },
	{ "503", 503, KS_RETRY_TRANSPORT_OK, KS_RETRY_UNAVAILABLE, 5, KS_RETRY_FINAL },
	{ "400", 400, KS_RETRY_TRANSPORT_OK, KS_RETRY_CLIENT_ERROR, 3, KS_RETRY_FINAL },
	{ "404", 404, KS_RETRY_TRANSPORT_OK, KS_RETRY_CLIENT_ERROR, 3, KS_RETRY_FINAL },
	{ "301", 301, KS_RETRY_TRANSPORT_OK, KS_RETRY_REDIRECT, 1, KS_RETRY_FINAL },
	{ "302", 302, KS_RETRY_TRANSPORT_OK, KS_RETRY_REDIRECT, 1, KS_RETRY_FINAL },
	{ "303", 303, KS_RETRY_TRANSPORT_OK, KS_RETRY_REDIRECT, 1, KS_RETRY_FINAL },
	/* 307 and 308 are followed below this policy; one that reaches it is
	 * "other" */
	{ "307", 307, KS_RETRY_TRANSPORT_OK, KS_RETRY_OTHER, 6, KS_RETRY_FINAL },
	{ "308", 308, KS_RETRY_TRANSPORT_OK, KS_RETRY_OTHER, 6, KS_RETRY_FINAL },
	{ "418", 418, KS_RETRY_TRANSPORT_OK, KS_RETRY_OTHER, 6, KS_RETRY_FINAL },
	{ "401", 401, KS_RETRY_TRANSPORT_OK, KS_RETRY_OTHER, 6, KS_RETRY_FINAL },
	{ "502", 502, KS_RETRY_TRANSPORT_OK, KS_RETRY_OTHER, 6, KS_RETRY_FINAL },
	{ "504", 504, KS_RETRY_TRANSPORT_OK, KS_RETRY_OTHER, 6, KS_RETRY_FINAL },
	{ "100", 100, KS_RETRY_TRANSPORT_OK, KS_RETRY_OTHER, 6, KS_RETRY_FINAL },
	{ "304", 304, KS_RETRY_TRANSPORT_OK, KS_RETRY_OTHER, 6, KS_RETRY_FINAL },
	{ "0", 0, KS_RETRY_TRANSPORT_OK, KS_RETRY_OTHER, 6, KS_RETRY_FINAL },
	{ "timeout", 0, KS_RETRY_TRANSPORT_TIMEOUT, KS_RETRY_OTHER, 6, KS_RETRY_FINAL },
	{ "connection refused", 0, KS_RETRY_TRANSPORT_REFUSED, KS_RETRY_OTHER, 6, KS_RETRY_FINAL },
	{ "connection error", 0, KS_RETRY_TRANSPORT_ERROR, KS_RETRY_OTHER, 6, KS_RETRY_FINAL },
	/* a transport failure wins over a status that came with it */
	{ "200 then timeout", 200, KS_RETRY_TRANSPORT_TIMEOUT, KS_RETRY_OTHER, 6, KS_RETRY_FINAL },
};

/* Runs the schedule of a row: attempt after attempt with the same outcome
 * until the policy stops. Returns the attempts made; the delays between
 * them go to delays[]. */
static int run(const struct sched_row *r, int interval, int delays[MAX_DELAYS], enum ks_retry_verdict *end)
{
	enum ks_retry_class c = ks_retry_classify(r->status, r->transport);
	for (int attempt = 1;; attempt++) {
		int delay = -1;
		enum ks_retry_verdict v = ks_retry_next(attempt, c, interval, &delay);
		if (v != KS_RETRY_AGAIN) {
			cr_expect_eq(delay, 0, "%s: delay after the last attempt", r->what);
			*end = v;
			return attempt;
		}
		cr_assert_lt(attempt, MAX_DELAYS, "%s: too many attempts", r->what);
		delays[attempt - 1] = delay;
	}
}

static void expect_schedule(const struct sched_row *r, int interval)
{
	int delays[MAX_DELAYS] = { 0 };
	enum ks_retry_verdict end;
	cr_expect_eq(ks_retry_classify(r->status, r->transport), r->cls, "%s: class", r->what);
	int attempts = run(r, interval, delays, &end);
	cr_expect_eq(attempts, r->attempts, "%s: attempts", r->what);
	cr_expect_eq(end, r->end, "%s: verdict", r->what);
	for (int k = 0; k < attempts - 1; k++)
		cr_expect_eq(delays[k], interval, "%s: delay %d", r->what, k + 1);
	cr_expect_eq(ks_retry_max_attempts(r->cls), r->attempts, "%s: max", r->what);
}

ParameterizedTestParameters(retry, schedule_default_interval)
{
	return ROWTEST_PARAMS(rows);
}

ParameterizedTest(size_t *i, retry, schedule_default_interval)
{
	expect_schedule(&rows[*i], KS_RETRY_DEFAULT_INTERVAL);
}

ParameterizedTestParameters(retry, schedule_short_interval)
{
	return ROWTEST_PARAMS(rows);
}

ParameterizedTest(size_t *i, retry, schedule_short_interval)
{
	expect_schedule(&rows[*i], 2);
}

Test(retry, default_interval_is_a_minute)
{
	cr_expect_eq(KS_RETRY_DEFAULT_INTERVAL, 60);
}

Test(retry, spec_examples)
{
	int delay;
	/* 500: once more after 1 minute */
	cr_expect_eq(ks_retry_next(1, KS_RETRY_SERVER_ERROR, 60, &delay), KS_RETRY_AGAIN);
	cr_expect_eq(delay, 60);
	cr_expect_eq(ks_retry_next(2, KS_RETRY_SERVER_ERROR, 60, &delay), KS_RETRY_FINAL);
	cr_expect_eq(delay, 0);
	/* 503: four more times */
	cr_expect_eq(ks_retry_next(4, KS_RETRY_UNAVAILABLE, 60, &delay), KS_RETRY_AGAIN);
	cr_expect_eq(ks_retry_next(5, KS_RETRY_UNAVAILABLE, 60, &delay), KS_RETRY_FINAL);
	/* other: five more times */
	cr_expect_eq(ks_retry_next(5, KS_RETRY_OTHER, 60, &delay), KS_RETRY_AGAIN);
	cr_expect_eq(ks_retry_next(6, KS_RETRY_OTHER, 60, &delay), KS_RETRY_FINAL);
	/* delivered ends it whatever the attempt */
	cr_expect_eq(ks_retry_next(6, KS_RETRY_DELIVERED, 60, &delay), KS_RETRY_DONE);
	cr_expect_eq(delay, 0);
}

Test(retry, latest_outcome_decides)
{
	int delay;
	/* 503 twice, then 500 on the third attempt: 500 allows only two */
	cr_expect_eq(ks_retry_next(3, KS_RETRY_SERVER_ERROR, 60, &delay), KS_RETRY_FINAL);
	/* a timeout on the second attempt of a 400 keeps going as "other" */
	cr_expect_eq(ks_retry_next(3, KS_RETRY_OTHER, 60, &delay), KS_RETRY_AGAIN);
	/* a 302 after retries is final at once */
	cr_expect_eq(ks_retry_next(2, KS_RETRY_REDIRECT, 60, &delay), KS_RETRY_FINAL);
}

Test(retry, odd_arguments)
{
	int delay = -1;
	/* attempt 0 or below counts as the first */
	cr_expect_eq(ks_retry_next(0, KS_RETRY_SERVER_ERROR, 60, &delay), KS_RETRY_AGAIN);
	cr_expect_eq(delay, 60);
	cr_expect_eq(ks_retry_next(-5, KS_RETRY_SERVER_ERROR, 60, &delay), KS_RETRY_AGAIN);
	/* a negative interval counts as 0; 0 retries at once */
	cr_expect_eq(ks_retry_next(1, KS_RETRY_OTHER, -1, &delay), KS_RETRY_AGAIN);
	cr_expect_eq(delay, 0);
	cr_expect_eq(ks_retry_next(1, KS_RETRY_OTHER, 0, &delay), KS_RETRY_AGAIN);
	cr_expect_eq(delay, 0);
	/* a class out of range gives up */
	cr_expect_eq(ks_retry_next(1, KS_RETRY__CLASS_COUNT, 60, &delay), KS_RETRY_FINAL);
	cr_expect_eq(ks_retry_max_attempts(KS_RETRY__CLASS_COUNT), 0);
}

Test(retry, class_names)
{
	cr_expect_str_eq(ks_retry_class_name(KS_RETRY_DELIVERED), "delivered");
	cr_expect_str_eq(ks_retry_class_name(KS_RETRY_SERVER_ERROR), "500");
	cr_expect_str_eq(ks_retry_class_name(KS_RETRY_UNAVAILABLE), "503");
	cr_expect_str_eq(ks_retry_class_name(KS_RETRY_CLIENT_ERROR), "400/404");
	cr_expect_str_eq(ks_retry_class_name(KS_RETRY_REDIRECT), "301/302/303");
	cr_expect_str_eq(ks_retry_class_name(KS_RETRY_OTHER), "other");
	cr_expect_null(ks_retry_class_name(KS_RETRY__CLASS_COUNT));
}

/* ---- the schedules (--notify-schedule) ---- */

Test(retry, schedule_names)
{
	cr_expect_eq(ks_retry_schedule_parse("fixed"), KS_RETRY_SCHEDULE_FIXED);
	cr_expect_eq(ks_retry_schedule_parse("midtrans"), KS_RETRY_SCHEDULE_MIDTRANS);
	cr_expect_eq(ks_retry_schedule_parse("Midtrans"), -1);
	cr_expect_eq(ks_retry_schedule_parse(""), -1);
	cr_expect_eq(ks_retry_schedule_parse(NULL), -1);
	cr_expect_str_eq(ks_retry_schedule_name(KS_RETRY_SCHEDULE_FIXED), "fixed");
	cr_expect_str_eq(ks_retry_schedule_name(KS_RETRY_SCHEDULE_MIDTRANS), "midtrans");
	cr_expect_null(ks_retry_schedule_name(KS_RETRY__SCHEDULE_COUNT));
}

/* TODAY.md T8.4: about 2, 10, 30, 90 and 210 minutes after the previous
 * attempt, each window starting where the previous one ends */
static const struct window_row {
	int retry, lo, hi;
} windows[] = {
	{ 1, 0, 120 }, { 2, 120, 600 }, { 3, 600, 1800 }, { 4, 1800, 5400 }, { 5, 5400, 12600 },
};

ParameterizedTestParameters(retry, midtrans_window)
{
	return ROWTEST_PARAMS(windows);
}

ParameterizedTest(size_t *i, retry, midtrans_window)
{
	const struct window_row *w = &windows[*i];
	int lo = -1, hi = -1;
	cr_assert_eq(ks_retry_midtrans_window(w->retry, &lo, &hi), 0);
	cr_expect_eq(lo, w->lo, "retry %d: from", w->retry);
	cr_expect_eq(hi, w->hi, "retry %d: to", w->retry);
}

Test(retry, midtrans_window_out_of_range)
{
	int lo = -1, hi = -1;
	cr_expect_eq(ks_retry_midtrans_window(0, &lo, &hi), -1);
	cr_expect_eq(lo, 0);
	cr_expect_eq(hi, 0);
	cr_expect_eq(ks_retry_midtrans_window(KS_RETRY_MIDTRANS_STEPS + 1, &lo, &hi), -1);
}

/* the fractions a caller may pass: both ends, and points between */
static const double jitters[] = { 0.0, 0.25, 0.5, 0.999, 0.99999999999 };

/* Every class row on the midtrans schedule with every jitter: the same
 * attempts and verdict as on the fixed one, each delay inside its retry's
 * window, the window's ends at the jitter's ends. */
static void expect_midtrans(const struct sched_row *r)
{
	enum ks_retry_class c = ks_retry_classify(r->status, r->transport);
	for (size_t j = 0; j < sizeof(jitters) / sizeof(jitters[0]); j++) {
		int attempt = 1;
		for (;; attempt++) {
			int delay = -1;
			enum ks_retry_verdict v = ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, attempt, c,
								   60, jitters[j], &delay);
			if (v != KS_RETRY_AGAIN) {
				cr_expect_eq(v, r->end, "%s: verdict", r->what);
				cr_expect_eq(delay, 0, "%s: delay after the last attempt", r->what);
				break;
			}
			cr_assert_lt(attempt, MAX_DELAYS, "%s: too many attempts", r->what);
			int lo, hi;
			cr_assert_eq(ks_retry_midtrans_window(attempt, &lo, &hi), 0, "%s: retry %d has a step",
				     r->what, attempt);
			cr_expect_geq(delay, lo, "%s: retry %d at jitter %g", r->what, attempt, jitters[j]);
			cr_expect_leq(delay, hi, "%s: retry %d at jitter %g", r->what, attempt, jitters[j]);
			if (jitters[j] == 0.0)
				cr_expect_eq(delay, lo, "%s: retry %d at jitter 0", r->what, attempt);
			if (jitters[j] > 0.9999)
				cr_expect_eq(delay, hi, "%s: retry %d at jitter near 1", r->what, attempt);
		}
		cr_expect_eq(attempt, r->attempts, "%s: attempts at jitter %g", r->what, jitters[j]);
	}
}

ParameterizedTestParameters(retry, schedule_midtrans)
{
	return ROWTEST_PARAMS(rows);
}

ParameterizedTest(size_t *i, retry, schedule_midtrans)
{
	expect_midtrans(&rows[*i]);
}

ParameterizedTestParameters(retry, schedule_fixed_is_next)
{
	return ROWTEST_PARAMS(rows);
}

/* fixed through ks_retry_next_on is ks_retry_next, whatever the jitter */
ParameterizedTest(size_t *i, retry, schedule_fixed_is_next)
{
	enum ks_retry_class c = ks_retry_classify(rows[*i].status, rows[*i].transport);
	for (int attempt = 1; attempt <= MAX_DELAYS; attempt++) {
		int want, got;
		enum ks_retry_verdict wv = ks_retry_next(attempt, c, 45, &want);
		cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_FIXED, attempt, c, 45, 0.7, &got), wv);
		cr_expect_eq(got, want, "%s: attempt %d", rows[*i].what, attempt);
	}
}

/* The per-class retry counts of T8.4 on the midtrans schedule: 500 once,
 * 503 four times, 400/404 twice, other five times, each at its step. */
Test(retry, midtrans_examples)
{
	int d;
	cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 1, KS_RETRY_SERVER_ERROR, 60, 0.5, &d), KS_RETRY_AGAIN);
	cr_expect_eq(d, 60); /* 0 + floor(0.5 * 121) */
	cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 2, KS_RETRY_SERVER_ERROR, 60, 0.5, &d), KS_RETRY_FINAL);
	cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 2, KS_RETRY_CLIENT_ERROR, 60, 0.5, &d), KS_RETRY_AGAIN);
	cr_expect_eq(d, 360); /* 120 + floor(0.5 * 481) */
	cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 3, KS_RETRY_CLIENT_ERROR, 60, 0.5, &d), KS_RETRY_FINAL);
	cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 4, KS_RETRY_UNAVAILABLE, 60, 0.5, &d), KS_RETRY_AGAIN);
	cr_expect_eq(d, 3600); /* 1800 + floor(0.5 * 3601) */
	cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 5, KS_RETRY_UNAVAILABLE, 60, 0.5, &d), KS_RETRY_FINAL);
	cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 5, KS_RETRY_OTHER, 60, 0.5, &d), KS_RETRY_AGAIN);
	cr_expect_eq(d, 9000); /* 5400 + floor(0.5 * 7201) */
	cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 6, KS_RETRY_OTHER, 60, 0.5, &d), KS_RETRY_FINAL);
	cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 1, KS_RETRY_DELIVERED, 60, 0.5, &d), KS_RETRY_DONE);
	cr_expect_eq(d, 0);
	cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 1, KS_RETRY_REDIRECT, 60, 0.5, &d), KS_RETRY_FINAL);
}

/* uniform over whole seconds: the fractions k/121 give each second of the
 * first window [0, 120] exactly once */
Test(retry, midtrans_jitter_is_uniform)
{
	int seen[121] = { 0 };
	for (int k = 0; k < 121; k++) {
		int d = -1;
		cr_assert_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 1, KS_RETRY_OTHER, 0,
					      (k + 0.5) / 121.0, &d), KS_RETRY_AGAIN);
		cr_assert(d >= 0 && d <= 120, "delay %d", d);
		seen[d]++;
	}
	for (int s = 0; s <= 120; s++)
		cr_expect_eq(seen[s], 1, "second %d", s);
}

Test(retry, midtrans_odd_jitter)
{
	int d = -1;
	cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 2, KS_RETRY_OTHER, 60, -0.5, &d), KS_RETRY_AGAIN);
	cr_expect_eq(d, 120, "below 0 counts as 0");
	cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 2, KS_RETRY_OTHER, 60, NAN, &d), KS_RETRY_AGAIN);
	cr_expect_eq(d, 120, "NaN counts as 0");
	cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 2, KS_RETRY_OTHER, 60, 1.0, &d), KS_RETRY_AGAIN);
	cr_expect_eq(d, 600, "1 counts as just below 1");
	cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 2, KS_RETRY_OTHER, 60, 7.0, &d), KS_RETRY_AGAIN);
	cr_expect_eq(d, 600);
	/* attempt 0 counts as the first */
	cr_expect_eq(ks_retry_next_on(KS_RETRY_SCHEDULE_MIDTRANS, 0, KS_RETRY_OTHER, 60, 0.99999, &d), KS_RETRY_AGAIN);
	cr_expect_eq(d, 120);
	/* a schedule out of range gives up */
	cr_expect_eq(ks_retry_next_on(KS_RETRY__SCHEDULE_COUNT, 1, KS_RETRY_OTHER, 60, 0.5, &d), KS_RETRY_FINAL);
	cr_expect_eq(d, 0);
}
