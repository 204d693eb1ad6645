/* This file contains the Transaction Result builder. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "txn/result.h"
#include "core/signature.h"
#include "core/timefmt.h"
#include "util/xalloc.h"

void ks_money_format(int64_t rupiah, char *buf, size_t size)
{
	snprintf(buf, size, "%" PRId64 ".00", rupiah);
}

/* finish for success and pending, error (else finish) for the rest, with
 * the query the original documents. The transaction's callbacks win over
 * the merchant's Redirect URL settings. */
static char *redirect_url(const struct ks_order *o, const struct ks_payment *p)
{
	const char *finish = o->finish_url ? o->finish_url
			   : o->env.finish_url[0] ? o->env.finish_url : NULL;
	const char *error = o->error_url ? o->error_url
			  : o->env.error_url[0] ? o->env.error_url : finish;
	int ok = strcmp(p->status_code, "200") == 0 || strcmp(p->status_code, "201") == 0;
	const char *base = ok ? finish : error;
	if (!base)
		return NULL;
	/* order ids hold only [A-Za-z0-9_~.-]: nothing to escape */
	return ks_xasprintf("%s%corder_id=%s&status_code=%s&transaction_status=%s", base,
			    strchr(base, '?') ? '&' : '?', o->order_id, p->status_code, p->status);
}

json_t *ks_result_json(const struct ks_order *o, const struct ks_payment *p)
{
	char amount[32], when[32];
	ks_money_format(p->gross_amount, amount, sizeof(amount));
	ks_time_format_jakarta(p->created_ms, when, sizeof(when));
	json_t *r = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "status_code",
			      p->status_code, "status_message", p->status_message, "transaction_id",
			      p->transaction_id, "order_id", o->order_id, "gross_amount", amount,
			      "currency", "IDR", "payment_type", p->payment_type, "transaction_time",
			      when, "transaction_status", p->status);
	if (p->fraud_status[0])
		json_object_set_new(r, "fraud_status", json_string(p->fraud_status));
	/* the method's own fields, as stored with the payment */
	json_t *details = p->details ? json_loads(p->details, 0, NULL) : NULL;
	const char *key;
	json_t *value;
	json_object_foreach(details, key, value) {
		if (key[0] != '_') /* "_" fields are kasir's own bookkeeping */
			json_object_set(r, key, value);
	}
	json_decref(details);
	char *url = redirect_url(o, p);
	if (url)
		json_object_set_new(r, "finish_redirect_url", json_string(url));
	free(url);
	return r;
}

json_t *ks_txn_status_json(const struct ks_env *env, const struct ks_order *o,
			   const struct ks_payment *p, const char *status_message)
{
	json_t *r = ks_result_json(o, p);
	json_object_del(r, "finish_redirect_url"); /* the page's, not the API's */
	json_object_del(r, "redirect_url");
	json_object_set_new(r, "status_message", json_string(status_message));
	json_object_set_new(r, "merchant_id", json_string(env->merchant_code));
	char sig[KS_SIGNATURE_SIZE];
	ks_signature_compute(o->order_id, p->status_code,
			 json_string_value(json_object_get(r, "gross_amount")), env->server_key, sig);
	json_object_set_new(r, "signature_key", json_string(sig));
	return r;
}
