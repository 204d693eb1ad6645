/* The retry policy of HTTP notifications (SPEC §6.2) as pure functions: how
 * an attempt's outcome is classified, and whether and when to try again.
 *
 * Choices the original leaves open, made here:
 * - Retries of 503 are spaced one interval apart, like the others.
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
 * retries; a negative one counts as 0. */
enum ks_retry_verdict ks_retry_next(int attempt, enum ks_retry_class c, int interval_s, int *delay_s);

#endif
