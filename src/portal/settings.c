/* This file contains the portal's settings (SPEC §9): General (merchant
 * name and URL), Access Keys (server-key regeneration), Configuration
 * (redirect and notification URLs), Email Notification and the Snap
 * preferences. Every field is checked on the server (core/settings.h); a
 * section with any bad field changes nothing and answers each message
 * under its field's name. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/reply.h"
#include "core/ids.h"
#include "core/paymethod.h"
#include "core/settings.h"
#include "portal/portal.h"

static json_t *channels_json(ks_paymethod_set set)
{
	json_t *a = json_array();
	for (int m = 0; m < KS_PM__COUNT; m++)
		if (set & KS_PM_BIT(m))
			json_array_append_new(a, json_string(ks_paymethod_name((enum ks_paymethod)m)));
	return a;
}

void ks_portal_settings_get(struct ks_http_req *req)
{
	struct ks_portal_ctx c;
	if (ks_portal_begin(req, 0, 0, &c))
		return;
	const struct ks_env *e = &c.env;
	json_t *o = json_pack(
		"{s:s,s:{s:s,s:s},s:{s:s,s:s,s:s},s:{s:s,s:s,s:s,s:s},s:{s:s},"
		"s:{s:o,s:s,s:b,s:b},s:o}",
		"environment", e->kind == KS_ENV_PRODUCTION ? "production" : "sandbox",
		"general", "name", c.account.name, "url", c.account.url,
		"keys", "merchant_id", c.account.code, "client_key", e->client_key, "server_key",
		e->server_key,
		"configuration", "finish_url", e->finish_url, "unfinish_url", e->unfinish_url,
		"error_url", e->error_url, "notification_url", e->notification_url,
		"email", "notification_emails", e->notification_emails,
		"snap", "active_channels", channels_json(e->active_channels ? e->active_channels : KS_PM_ALL),
		"language", e->language, "secure_3ds", e->secure_3ds, "recurring", e->recurring,
		"channels", channels_json(KS_PM_ALL));
	ks_reply_json(req, 200, o);
}

/* A string field: NULL and a message in errs when it is absent or not a
 * string. */
static const char *field(json_t *body, const char *name, json_t *errs)
{
	json_t *v = json_object_get(body, name);
	if (json_is_string(v))
		return json_string_value(v);
	json_object_set_new(errs, name, json_string("is required (text)"));
	return NULL;
}

static void check(json_t *errs, const char *name, const char *value, const char *msg)
{
	if (value && msg)
		json_object_set_new(errs, name, json_string(msg));
}

static void settings_job(struct ks_http_req *req, struct ks_portal_ctx *c, json_t *body,
			 const char *section, json_t *errs)
{
	struct ks_portal_job *j = ks_portal_job_new(req, KS_WRITE_ENV_SETTINGS);
	struct ks_env_settings *s = &j->w.u.settings;
	*s = (struct ks_env_settings){ .env_id = c->env.id, .recurring = -1, .secure_3ds = -1 };
	int production = c->env.kind == KS_ENV_PRODUCTION;
	if (strcmp(section, "configuration") == 0) {
		const char *f = field(body, "finish_url", errs), *u = field(body, "unfinish_url", errs);
		const char *er = field(body, "error_url", errs);
		const char *n = field(body, "notification_url", errs);
		check(errs, "finish_url", f, f ? ks_check_site_url(f, true) : NULL);
		check(errs, "unfinish_url", u, u ? ks_check_site_url(u, true) : NULL);
		check(errs, "error_url", er, er ? ks_check_site_url(er, true) : NULL);
		check(errs, "notification_url", n, n ? ks_check_notification_url(n, production) : NULL);
		s->finish_url = ks_portal_job_str(j, f);
		s->unfinish_url = ks_portal_job_str(j, u);
		s->error_url = ks_portal_job_str(j, er);
		s->notification_url = ks_portal_job_str(j, n);
	} else if (strcmp(section, "email") == 0) {
		const char *v = field(body, "notification_emails", errs);
		check(errs, "notification_emails", v, v ? ks_check_email_list(v) : NULL);
		s->notification_emails = ks_portal_job_str(j, v);
	} else { /* snap */
		json_t *ch = json_object_get(body, "active_channels");
		ks_paymethod_set set = 0;
		size_t i;
		json_t *v;
		if (!json_is_array(ch) || json_array_size(ch) == 0)
			json_object_set_new(errs, "active_channels",
					    json_string("choose at least one payment channel"));
		json_array_foreach(ch, i, v) {
			enum ks_paymethod m;
			for (m = 0; m < KS_PM__COUNT; m++)
				if (json_is_string(v) &&
				    strcmp(json_string_value(v), ks_paymethod_name(m)) == 0)
					break;
			if (m == KS_PM__COUNT) {
				json_object_set_new(errs, "active_channels",
						    json_string("unknown payment channel"));
				break;
			}
			set |= KS_PM_BIT(m);
		}
		const char *lang = field(body, "language", errs);
		check(errs, "language", lang, lang ? ks_check_language(lang) : NULL);
		json_t *sec = json_object_get(body, "secure_3ds"), *rec = json_object_get(body, "recurring");
		if (!json_is_boolean(sec))
			json_object_set_new(errs, "secure_3ds", json_string("must be true or false"));
		else if (production && !json_is_true(sec))
			json_object_set_new(errs, "secure_3ds",
					    json_string("production card payments need 3-D Secure (SPEC §10)"));
		if (!json_is_boolean(rec))
			json_object_set_new(errs, "recurring", json_string("must be true or false"));
		char names[512];
		/* every channel on is stored as "" (all, including ones added later) */
		ks_paymethod_set_format(set == KS_PM_ALL ? 0 : set, names, sizeof(names));
		s->active_channels = ks_portal_job_str(j, names);
		s->language = ks_portal_job_str(j, lang);
		s->secure_3ds = json_is_true(sec);
		s->recurring = json_is_true(rec);
	}
	if (json_object_size(errs)) {
		for (size_t k = 0; k < j->nstrs; k++)
			free(j->strs[k]);
		free(j);
		ks_portal_field_errors(req, json_incref(errs));
		return;
	}
	ks_portal_job_submit(j);
}

void ks_portal_settings_post(struct ks_http_req *req)
{
	struct ks_portal_ctx c;
	if (ks_portal_begin(req, 1, 0, &c))
		return;
	const char *section = ks_http_param(req, 1);
	if (strcmp(section, "general") != 0 && strcmp(section, "configuration") != 0 &&
	    strcmp(section, "email") != 0 && strcmp(section, "snap") != 0) {
		ks_portal_error(req, 404, "settings section must be general, configuration, email or snap");
		return;
	}
	json_t *body = ks_portal_body(req);
	if (!body)
		return;
	json_t *errs = json_object();
	if (strcmp(section, "general") == 0) {
		const char *name = field(body, "name", errs), *url = field(body, "url", errs);
		check(errs, "name", name, name ? ks_check_merchant_name(name) : NULL);
		check(errs, "url", url, url ? ks_check_site_url(url, true) : NULL);
		if (json_object_size(errs)) {
			ks_portal_field_errors(req, json_incref(errs));
		} else {
			struct ks_portal_job *j = ks_portal_job_new(req, KS_WRITE_ACCOUNT);
			j->w.u.account.merchant_id = c.account.merchant_id;
			j->w.u.account.name = ks_portal_job_str(j, name);
			j->w.u.account.url = ks_portal_job_str(j, url);
			ks_portal_job_submit(j);
		}
	} else {
		settings_job(req, &c, body, section, errs);
	}
	json_decref(errs);
	json_decref(body);
}

/* POST /map/api/{env}/keys/server {"confirm": true}: a new server key; the
 * old one stops working when the change commits (keys are found by their
 * hash, which changes with them). */
void ks_portal_server_key(struct ks_http_req *req)
{
	struct ks_portal_ctx c;
	if (ks_portal_begin(req, 1, 0, &c))
		return;
	json_t *body = ks_portal_body(req);
	if (!body)
		return;
	if (!json_is_true(json_object_get(body, "confirm"))) {
		ks_portal_field_errors(req, json_pack("{s:s}", "confirm",
						      "confirm that the old server key stops working at once"));
		json_decref(body);
		return;
	}
	json_decref(body);
	char key[KS_KEY_MAX + 1];
	ks_key_generate(key, sizeof(key), c.env.kind == KS_ENV_SANDBOX ? "SB-VT-server-" : "VT-server-",
			24);
	struct ks_portal_job *j = ks_portal_job_new(req, KS_WRITE_SERVER_KEY);
	j->w.u.server_key.env_id = c.env.id;
	j->w.u.server_key.server_key = ks_portal_job_str(j, key);
	j->ok = json_pack("{s:s}", "server_key", key);
	sodium_memzero(key, sizeof(key));
	ks_portal_job_submit(j);
}
