/* This file contains the reading of credit_card options from a stored
 * Snap request. */
#include <string.h>

#include "api/ccopts.h"

static void load_terms(struct ks_ccopts *c, json_t *terms)
{
	const char *bank;
	json_t *months;
	size_t n = 0;
	json_object_foreach(terms, bank, months) {
		if (n == KS_CCOPTS_TERMS_MAX || !json_is_array(months))
			continue;
		size_t m = 0, i;
		json_t *v;
		json_array_foreach(months, i, v) {
			if (m < KS_CCOPTS_MONTHS_MAX)
				c->months[n][m++] = (int)json_number_value(v);
		}
		c->terms[n] = (struct ks_acquirer_terms){ bank, c->months[n], m };
		n++;
	}
	c->opt.terms = c->terms;
	c->opt.n_terms = n;
}

void ks_ccopts_load(struct ks_ccopts *c, const struct ks_order *o)
{
	memset(c, 0, sizeof(*c));
	c->opt.secure = o->cc_secure;
	c->opt.authorize = o->cc_authorize;
	c->root = json_loads(o->request_json ? o->request_json : "{}", JSON_DECODE_ANY, NULL);
	json_t *cc = json_object_get(c->root, "credit_card");
	if (!json_is_object(cc))
		return;
	json_t *bank = json_object_get(cc, "bank");
	if (json_is_string(bank))
		c->opt.bank = json_string_value(bank);
	json_t *bins = json_object_get(cc, "whitelist_bins"), *v;
	size_t i, n = 0;
	json_array_foreach(bins, i, v) {
		if (n < KS_CCOPTS_BINS_MAX && json_is_string(v))
			c->bins[n++] = json_string_value(v);
	}
	c->opt.whitelist_bins = c->bins;
	c->opt.n_whitelist_bins = n;
	json_t *inst = json_object_get(cc, "installment");
	c->opt.installment_required = json_is_true(json_object_get(inst, "required"));
	load_terms(c, json_object_get(inst, "terms"));
}

void ks_ccopts_release(struct ks_ccopts *c)
{
	json_decref(c->root);
	memset(c, 0, sizeof(*c));
}
