/* This file contains the method-field changes of refunds and partial
 * captures. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "txn/action.h"
#include "txn/result.h"

/* Money in details is "123.00"; the sum refunded so far. */
static int64_t refunded_so_far(json_t *details)
{
	json_t *v = json_object_get(details, "refund_amount");
	return json_is_string(v) ? (int64_t)strtod(json_string_value(v), NULL) : 0;
}

static int known_refund(json_t *details, const char *key)
{
	json_t *r;
	size_t i;
	json_array_foreach(json_object_get(details, "refunds"), i, r) {
		if (json_is_string(json_object_get(r, "refund_key")) &&
		    strcmp(json_string_value(json_object_get(r, "refund_key")), key) == 0)
			return 1;
	}
	return 0;
}

static json_t *details_of(const struct ks_payment *p)
{
	json_t *d = json_loads(p->details ? p->details : "{}", 0, NULL);
	if (!json_is_object(d)) {
		json_decref(d);
		d = json_object();
	}
	return d;
}

enum ks_refund_outcome ks_txn_refund_prepare(const struct ks_payment *p, const char *key,
					     const char *reason, int64_t amount,
					     struct ks_fsm_args *args, char **details)
{
	*details = NULL;
	memset(args, 0, sizeof(*args));
	json_t *d = details_of(p);
	if (key && known_refund(d, key)) {
		json_decref(d);
		return KS_REFUND_REPEATED;
	}
	int64_t before = refunded_so_far(d);
	args->gross_amount = p->gross_amount;
	args->refunded_amount = before;
	args->amount = amount > 0 ? amount : p->gross_amount - before;
	char money[32];
	ks_money_format(before + args->amount, money, sizeof(money));
	json_object_set_new(d, "refund_amount", json_string(money));
	ks_money_format(args->amount, money, sizeof(money));
	if (!json_is_array(json_object_get(d, "refunds")))
		json_object_set_new(d, "refunds", json_array());
	json_array_append_new(json_object_get(d, "refunds"),
			      json_pack("{s:s?,s:s,s:s?}", "refund_key", key, "refund_amount", money,
					"reason", reason));
	*details = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	return KS_REFUND_APPLY;
}

char *ks_txn_capture_details(const struct ks_payment *p, int64_t amount)
{
	if (amount <= 0 || amount >= p->gross_amount)
		return NULL;
	/* a partial capture: the captured amount is the transaction's
	 * gross_amount from now on, in answers and signatures */
	json_t *d = details_of(p);
	char money[32];
	ks_money_format(amount, money, sizeof(money));
	json_object_set_new(d, "gross_amount", json_string(money));
	char *out = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	return out;
}
