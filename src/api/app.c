/* This file contains the shared API context and the in-process registry of
 * running Idempotency-Keys (a retry arriving while the first request is still
 * running gets 202, SPEC §2.2). */
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "util/xalloc.h"

struct ks_idem_slot {
	int64_t env_id;
	char *key;
	struct ks_idem_slot *next;
};

void ks_app_init(struct ks_app *app, struct ks_store *store, const char *public_url)
{
	memset(app, 0, sizeof(*app));
	app->store = store;
	app->public_url = public_url;
	pthread_mutex_init(&app->idem_mu, NULL);
}

void ks_app_release(struct ks_app *app)
{
	while (app->idem_running) {
		struct ks_idem_slot *s = app->idem_running;
		app->idem_running = s->next;
		free(s->key);
		free(s);
	}
	pthread_mutex_destroy(&app->idem_mu);
}

/* The list stays short: it holds only keys whose request is in flight. */
int ks_idem_begin(struct ks_app *app, int64_t env_id, const char *key)
{
	int rc = 0;
	pthread_mutex_lock(&app->idem_mu);
	for (struct ks_idem_slot *s = app->idem_running; s; s = s->next) {
		if (s->env_id == env_id && strcmp(s->key, key) == 0) {
			rc = -1;
			goto out;
		}
	}
	struct ks_idem_slot *s = ks_xmalloc(sizeof(*s));
	s->env_id = env_id;
	s->key = ks_xstrdup(key);
	s->next = app->idem_running;
	app->idem_running = s;
out:
	pthread_mutex_unlock(&app->idem_mu);
	return rc;
}

void ks_idem_end(struct ks_app *app, int64_t env_id, const char *key)
{
	pthread_mutex_lock(&app->idem_mu);
	for (struct ks_idem_slot **pp = &app->idem_running; *pp; pp = &(*pp)->next) {
		struct ks_idem_slot *s = *pp;
		if (s->env_id == env_id && strcmp(s->key, key) == 0) {
			*pp = s->next;
			free(s->key);
			free(s);
			break;
		}
	}
	pthread_mutex_unlock(&app->idem_mu);
}
