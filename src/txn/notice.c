/* This file contains the building of a change's outbox rows. */
#include <string.h>

#include "txn/result.h"
#include "txn/notice.h"
#include "util/xalloc.h"

/* Adds each URL of a comma-separated list (already validated). */
static void add_urls(struct ks_notices *n, const char *list)
{
	const char *p = list;
	while (p && *p && n->n < KS_NOTICE_MAX) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		size_t len = strcspn(p, ",");
		size_t t = len;
		while (t && (p[t - 1] == ' ' || p[t - 1] == '\t'))
			t--;
		if (t) {
			n->targets[n->n] = ks_xstrndup(p, t);
			n->rows[n->n] = (struct ks_outbox_new){ "http", n->targets[n->n], NULL };
			n->n++;
		}
		p += len;
	}
}

static int email_on;

void ks_notices_enable_email(int on)
{
	email_on = on;
}

void ks_notices_build(struct ks_notices *n, const struct ks_order *o, const struct ks_payment *p)
{
	memset(n, 0, sizeof(*n));
	if (o->notify_override && *o->notify_override) {
		add_urls(n, o->notify_override); /* Override wins over Append */
	} else {
		add_urls(n, o->env.notification_url);
		add_urls(n, o->notify_append);
	}
	if (email_on && o->env.notification_emails[0] && n->n < KS_NOTICE_MAX) {
		n->targets[n->n] = ks_xstrdup(o->env.notification_emails);
		n->rows[n->n] = (struct ks_outbox_new){ "email", n->targets[n->n], NULL };
		n->n++;
	}
	if (!n->n)
		return;
	json_t *body = ks_txn_status_json(&o->env, o, p, "midtrans payment notification");
	n->body = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	for (size_t i = 0; i < n->n; i++)
		n->rows[i].body = n->body;
}

void ks_notices_release(struct ks_notices *n)
{
	for (size_t i = 0; i < n->n; i++)
		free(n->targets[i]);
	free(n->body);
	memset(n, 0, sizeof(*n));
}
