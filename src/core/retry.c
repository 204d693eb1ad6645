/* This file contains the notification retry policy of retry.h: one table of
 * retries per outcome class. */
#include <stddef.h>

#include "core/retry.h"

static const struct {
	const char *name;
	int retries;
} classes[KS_RETRY__CLASS_COUNT] = {
#define KS_RETRY_CLASS_ROW(id, name, retries) [KS_RETRY_##id] = { name, retries },
	KS_RETRY_CLASS_MAP(KS_RETRY_CLASS_ROW)
#undef KS_RETRY_CLASS_ROW
};

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
