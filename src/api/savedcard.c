/* This file contains saved cards: sealing, listing and opening. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/savedcard.h"
#include "core/card.h"
#include "core/ids.h"
#include "core/seal.h"
#include "core/timefmt.h"
#include "util/clock.h"

#define MAX_LISTED 10

/* The first instant after the card's expiry month, UTC. */
static int64_t card_end_ms(const struct ks_card_secret *s)
{
	unsigned month = 0, year = 0;
	if (ks_card_parse_exp_month(s->exp_month, &month) || ks_card_parse_exp_year(s->exp_year, &year))
		return 0;
	unsigned ny = month == 12 ? year + 1 : year, nm = month == 12 ? 1 : month + 1;
	return ks_days_from_civil(ny, nm, 1) * 86400 * 1000;
}

void ks_savedcard_make(const struct ks_app *app, const struct ks_order *o,
		       const struct ks_card_secret *secret, int via_3ds, int64_t now_ms,
		       struct ks_saved_card *out)
{
	memset(out, 0, sizeof(*out));
	char plain[40], uuid[KS_UUID_LEN + 1];
	int n = snprintf(plain, sizeof(plain), "%s|%s|%s", secret->number, secret->exp_month,
			 secret->exp_year);
	ks_seal(app->card_key, plain, (size_t)n, out->sealed);
	out->sealed_len = (size_t)n + KS_SEAL_OVERHEAD;
	sodium_memzero(plain, sizeof(plain));
	out->env_id = o->env.id;
	ks_card_mask(secret->number, out->masked_card, sizeof(out->masked_card));
	ks_uuid_v7_new(now_ms, uuid);
	snprintf(out->token, sizeof(out->token), "%s-%s", out->masked_card, uuid);
	snprintf(out->user_id, sizeof(out->user_id), "%s", o->user_id ? o->user_id : "");
	out->one_click = o->env.recurring && via_3ds;
	out->created_ms = now_ms;
	out->expires_ms = card_end_ms(secret);
}

static json_t *card_json(const struct ks_saved_card *c)
{
	char when[32];
	ks_time_format_jakarta(c->expires_ms, when, sizeof(when));
	return json_pack("{s:s,s:s,s:s,s:s}", "token", c->token, "masked_card", c->masked_card,
			 "type", c->one_click ? "one_click" : "two_click", "expires_at", when);
}

json_t *ks_savedcard_list(struct ks_app *app, const struct ks_order *o, json_t *request)
{
	json_t *out = json_array();
	int64_t now = ks_env_now_ms(&o->env);
	struct ks_saved_card cards[MAX_LISTED];
	size_t n = 0;
	if (o->user_id)
		ks_store_saved_cards_of_user(app->store, o->env.id, o->user_id, now, cards,
					     MAX_LISTED, &n);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(out, card_json(&cards[i]));
	/* credit_card.card_token of the request (two clicks), if not listed */
	const char *tok = json_string_value(
		json_object_get(json_object_get(request, "credit_card"), "card_token"));
	struct ks_saved_card one;
	int listed = 0;
	for (size_t i = 0; tok && i < n; i++)
		listed |= strcmp(cards[i].token, tok) == 0;
	if (tok && !listed && ks_store_saved_card_get(app->store, o->env.id, tok, now, &one) == 0)
		json_array_insert_new(out, 0, card_json(&one));
	return out;
}

int ks_savedcard_open(struct ks_app *app, const struct ks_env *env, const char *token,
		      struct ks_card_secret *secret)
{
	struct ks_saved_card c;
	char plain[KS_SEALED_MAX];
	memset(secret, 0, sizeof(*secret));
	if (!token || ks_store_saved_card_get(app->store, env->id, token, ks_env_now_ms(env), &c) ||
	    c.sealed_len <= KS_SEAL_OVERHEAD ||
	    ks_unseal(app->card_key, c.sealed, c.sealed_len, plain) != 0)
		return -1;
	plain[c.sealed_len - KS_SEAL_OVERHEAD] = '\0';
	int rc = sscanf(plain, "%19[0-9]|%2[0-9]|%4[0-9]", secret->number, secret->exp_month,
			secret->exp_year) == 3 ? 0 : -1;
	secret->one_click = c.one_click;
	sodium_memzero(plain, sizeof(plain));
	return rc;
}
