/* This file contains the tests of the password thread's admission rule
 * (portal/pwhash.h): a task is refused when the queue is full or when its
 * turn would come after more than KS_PW_WAIT_MAX_MS, with the Retry-After
 * the tasks ahead of it are expected to take; and the running mean of the
 * task time. */
#include <criterion/criterion.h>

#include "../core/rowtest.h"
#include "portal/pwhash.h"

#define MS 1000000LL

struct admit_row {
	const char *what;
	int waiting, in_progress;
	int64_t mean_ns;
	int admit;
	unsigned retry_s; /* when refused */
};

static const struct admit_row rows[] = {
	{ "an empty queue admits", 0, 0, 100 * MS, 1, 0 },
	{ "an empty queue admits a task slower than the bound", 0, 0, 5000 * MS, 1, 0 },
	{ "one running, slow: refused, retry when it is done", 0, 1, 5000 * MS, 0, 5 },
	{ "one running, the two within the bound", 0, 1, 1000 * MS, 1, 0 },
	{ "19 ahead at 100 ms: the 20th ends at 2 s, admitted", 18, 1, 100 * MS, 1, 0 },
	{ "20 ahead at 100 ms: the 21st would end at 2.1 s, refused", 19, 1, 100 * MS, 0, 2 },
	{ "30 ahead at 100 ms: retry in 3 s", 29, 1, 100 * MS, 0, 3 },
	{ "fast hashes: the count bound holds", KS_PW_QUEUE_MAX, 1, 1 * MS, 0, 1 },
	{ "fast hashes: one under the count bound", KS_PW_QUEUE_MAX - 1, 1, 1 * MS, 1, 0 },
	{ "not yet measured: the default mean", 2000 / KS_PW_MEAN_DEFAULT_MS - 1, 0, 0, 1, 0 },
	{ "not yet measured: one more is too many", 2000 / KS_PW_MEAN_DEFAULT_MS, 0, 0, 0, 2 },
	{ "Retry-After rounds the wait up to whole seconds", 3, 1, 501 * MS, 0, 3 },
	{ "an absurd mean does not overflow", 10, 1, 400000 * MS, 0, 3600 },
};

ParameterizedTestParameters(pwhash, admit)
{
	return ROWTEST_PARAMS(rows);
}

ParameterizedTest(size_t *i, pwhash, admit)
{
	const struct admit_row *r = &rows[*i];
	unsigned retry = 99;
	int got = ks_pw_admit(r->waiting, r->in_progress, r->mean_ns, &retry);
	cr_expect_eq(got, r->admit, "%s: admit %d", r->what, got);
	cr_expect_eq(retry, r->retry_s, "%s: Retry-After %u", r->what, retry);
}

Test(pwhash, retry_is_at_least_a_second)
{
	unsigned retry = 0;
	cr_assert_eq(ks_pw_admit(1, 1, 1200 * MS, &retry), 0);
	cr_expect_eq(retry, 3, "2 x 1.2 s rounds up to 3");
	cr_assert_eq(ks_pw_admit(KS_PW_QUEUE_MAX, 0, 1, &retry), 0);
	cr_expect_eq(retry, 1);
}

Test(pwhash, mean_starts_at_the_first_sample_then_weighs_a_quarter)
{
	int64_t m = ks_pw_mean_next(0, 120 * MS);
	cr_expect_eq(m, 120 * MS, "the first measure is the mean");
	m = ks_pw_mean_next(m, 200 * MS);
	cr_expect_eq(m, 140 * MS);
	m = ks_pw_mean_next(m, 100 * MS);
	cr_expect_eq(m, 130 * MS);
	for (int k = 0; k < 40; k++)
		m = ks_pw_mean_next(m, 50 * MS);
	cr_expect(m > 49 * MS && m < 51 * MS, "it follows a lasting change: %lld", (long long)m);
}
