/* The retry policy of HTTP notifications (SPEC §6.2, TODAY.md T8.4) as pure
 * functions: how an attempt's outcome is classified, and whether and when to
 * try again.
 *
 * Two schedules space the retries (--notify-schedule); the number of retries
 * per class is the same in both:
 * - fixed (the default, SPEC §6.2): every retry one interval
 *   (--notify-retry-interval) after the previous attempt.
 * - midtrans (TODAY.md T8.4): retry n comes about 2, 10, 30, 90 or 210
 *   minutes after the previous attempt (n = 1..5), each shifted randomly
 *   within its interval. The rule chosen here: retry n waits a whole number
 *   of seconds drawn uniformly from [lo_n, hi_n], where hi = 120, 600, 1800,
 *   5400, 12600 and lo_n is the previous step's hi (lo_1 = 0). So a first
 *   retry may come after 33 s, a second between 2 and 10 minutes. The
 *   randomness is the caller's (a fraction in [0, 1)), so this stays pure.
 *
 * Choices the original leaves open, made here:
 * - Retries of 503 are spaced like the others.
 * - The outcome of the latest attempt decides: a notification may be tried
 *   at most 1 + the retries of that outcome's class times in all, so an
 *   answer that changes (503, then 500) ends at the smaller limit.
 * - 307 and 308 are followed by the HTTP layer; one that reaches the policy
 *   (too many hops, or no Location) counts as "other". 1xx, 3xx other than
 *   301/302/303, and every other code count as "other" too.
 * - A transport failure wins over any status code given with it. */
#ifndef KS_CORE_RETRY_H
#define KS_CORE_RETRY_H

#include <stdbool.h>

/* Seconds between attempts unless configured (--notify-retry-interval). */
#define KS_RETRY_DEFAULT_INTERVAL 60

/* X(enum suffix, name, retries after the first attempt; -1: none needed,
 * the notification was delivered). */
#define KS_RETRY_CLASS_MAP(X)                   \
	X(DELIVERED, "delivered", -1)           \
	X(SERVER_ERROR, "500", 1)               \
	X(UNAVAILABLE, "503", 4)                \
	X(CLIENT_ERROR, "400/404", 2)           \
	X(REDIRECT, "301/302/303", 0)           \
	X(OTHER, "other", 5)

/* What an attempt's outcome counts as: 2xx; 500; 503; 400 or 404; 301, 302
 * or 303 (final: not followed, not retried); anything else, timeouts and
 * connection failures included. */
enum ks_retry_class {
#define KS_RETRY_CLASS_ENUM(id, name, retries) KS_RETRY_##id,
	KS_RETRY_CLASS_MAP(KS_RETRY_CLASS_ENUM)
#undef KS_RETRY_CLASS_ENUM
	KS_RETRY__CLASS_COUNT
};

/* How an attempt failed below HTTP, mapped from the transfer library's
 * error by the caller (notify/). */
enum ks_retry_transport {
	KS_RETRY_TRANSPORT_OK,	     /* an HTTP answer arrived */
	KS_RETRY_TRANSPORT_TIMEOUT,  /* no answer within the timeout */
	KS_RETRY_TRANSPORT_REFUSED,  /* connection refused */
	KS_RETRY_TRANSPORT_ERROR,    /* any other failure: DNS, TLS, reset, ... */
};

/* What to do after an attempt. */
enum ks_retry_verdict {
	KS_RETRY_DONE,	/* delivered (2xx) */
	KS_RETRY_AGAIN, /* try again after the delay */
	KS_RETRY_FINAL, /* give up: a final answer, or retries exhausted */
};

/* The class of an attempt's outcome: a transport failure, else the HTTP
 * status. */
enum ks_retry_class ks_retry_classify(int http_status, enum ks_retry_transport transport);

/* Short name of a class, for logs and the portal; NULL when out of range. */
const char *ks_retry_class_name(enum ks_retry_class c);

/* Attempts in all that a class allows: 1 + its retries (1 for DELIVERED);
 * 0 when out of range. */
int ks_retry_max_attempts(enum ks_retry_class c);

/* Decides after attempt number attempt (1 = the first try; smaller values
 * count as 1) ended in class c. Sets *delay_s to the seconds to wait before
 * the next attempt for KS_RETRY_AGAIN, else 0. interval_s is the spacing of
 * retries; a negative one counts as 0. This is the fixed schedule. */
enum ks_retry_verdict ks_retry_next(int attempt, enum ks_retry_class c, int interval_s, int *delay_s);

/* X(enum suffix, name for --notify-schedule) */
#define KS_RETRY_SCHEDULE_MAP(X) \
	X(FIXED, "fixed")        \
	X(MIDTRANS, "midtrans")

enum ks_retry_schedule {
#define KS_RETRY_SCHEDULE_ENUM(id, name) KS_RETRY_SCHEDULE_##id,
	KS_RETRY_SCHEDULE_MAP(KS_RETRY_SCHEDULE_ENUM)
#undef KS_RETRY_SCHEDULE_ENUM
	KS_RETRY__SCHEDULE_COUNT
};

/* Retries the midtrans schedule has a step for (the most any class has). */
#define KS_RETRY_MIDTRANS_STEPS 5

/* The schedule named name; -1 when it names none. */
int ks_retry_schedule_parse(const char *name);
/* The name of a schedule; NULL when out of range. */
const char *ks_retry_schedule_name(enum ks_retry_schedule s);

/* The midtrans schedule's window for retry number retry (1 = the first
 * retry, after attempt 1): *lo_s and *hi_s, in seconds after the previous
 * attempt. Returns 0, or -1 (both set to 0) when retry is not 1..5. */
int ks_retry_midtrans_window(int retry, int *lo_s, int *hi_s);

/* ks_retry_next on a schedule: for fixed, exactly ks_retry_next with
 * interval_s; for midtrans, the delay of retry number attempt is
 * lo + floor(jitter * (hi - lo + 1)) in its window, so jitter in [0, 1)
 * picks it uniformly (below 0 or NaN counts as 0, 1 or more as just below
 * 1). interval_s is unused by midtrans, jitter by fixed. A schedule out of
 * range gives KS_RETRY_FINAL. */
enum ks_retry_verdict ks_retry_next_on(enum ks_retry_schedule s, int attempt, enum ks_retry_class c,
				       int interval_s, double jitter, int *delay_s);

#endif
