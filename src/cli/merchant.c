/* This file contains `kasir merchant create`: a merchant with a sandbox and a
 * production environment, each with its own keys. It writes through the
 * store like the server does, so it works while a server runs. */
#include <jansson.h>
#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/merchant_keys.h"
#include "cli/opts.h"
#include "core/errors.h"
#include "core/email.h"
#include "core/ids.h"
#include "core/settings.h"
#include "store/store.h"

struct create_opts {
	const char *db;
	const char *name;
	const char *server_key;
	const char *client_key;
	const char *notification_url;
	const char *email;
	const char *password;
	int json;
};

static const char *check_name(const char *v)
{
	size_t n = strlen(v);
	if (n > 100)
		return "must be at most 100 characters";
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return "must not hold control characters";
	return NULL;
}

static const char *check_key(const char *v)
{
	return ks_key_is_valid(v) ? NULL
				  : "must be 8 to 128 printable characters without spaces or ':'";
}

#define O(f) offsetof(struct create_opts, f)
static const struct ks_opt create_table[] = {
	{ "db", "KASIR_DB", KS_OPT_STRING, KS_DEFAULT_DB, 0, 0, 0, "URL",
	  "database: sqlite:PATH, or postgres://USER@HOST:PORT/DBNAME shared by several nodes", O(db), ks_check_db },
	{ "name", NULL, KS_OPT_STRING, NULL, 0, 0, 1, "NAME", "merchant name", O(name), check_name },
	{ "server-key", NULL, KS_OPT_STRING, NULL, 0, 0, 0, "KEY",
	  "sandbox server key to keep (default: generated)", O(server_key), check_key },
	{ "client-key", NULL, KS_OPT_STRING, NULL, 0, 0, 0, "KEY",
	  "sandbox client key to keep (default: generated)", O(client_key), check_key },
	{ "notification-url", NULL, KS_OPT_STRING, NULL, 0, 0, 0, "URL",
	  "sandbox Payment Notification URL", O(notification_url), ks_check_http_url },
	{ "email", NULL, KS_OPT_STRING, NULL, 0, 0, 0, "EMAIL",
	  "portal log-in email (the password is read from standard input unless --password)",
	  O(email), ks_check_login_email },
	{ "password", NULL, KS_OPT_STRING, NULL, 0, 0, 0, "PASSWORD",
	  "portal password, at least 12 characters (visible to other users: prefer stdin)",
	  O(password), ks_check_password },
	{ "json", NULL, KS_OPT_BOOL, NULL, 0, 0, 0, NULL, "print one JSON object", O(json), NULL },
	{ NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, 0, NULL },
};
#undef O

/* The portal password: --password, else one line of standard input.
 * Hashed (Argon2id) into hash; returns 0, or 2 after saying what is
 * wrong. */
static int password_hash(const char *given, char hash[crypto_pwhash_STRBYTES])
{
	char line[KS_PASSWORD_MAX + 2];
	const char *pw = given;
	if (!pw) {
		if (!fgets(line, sizeof(line), stdin)) {
			fprintf(stderr, "kasir: --email needs a password: give --password or one line on standard input\n");
			return 2;
		}
		line[strcspn(line, "\r\n")] = '\0';
		pw = line;
	}
	const char *bad = ks_check_password(pw);
	int rc = 0;
	if (bad) {
		fprintf(stderr, "kasir: password: %s\n", bad);
		rc = 2;
	} else if (crypto_pwhash_str(hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				     crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		fprintf(stderr, "kasir: cannot hash the password (out of memory)\n");
		rc = 1;
	}
	sodium_memzero(line, sizeof(line));
	return rc;
}

static void print_created(const struct ks_merchant_new *m, int as_json)
{
	if (as_json) {
		json_t *o = json_pack("{s:s,s:s,s:{s:s,s:s},s:{s:s,s:s}}", "id", m->code, "name",
				      m->name, "sandbox", "server_key", m->server_key[0],
				      "client_key", m->client_key[0], "production", "server_key",
				      m->server_key[1], "client_key", m->client_key[1]);
		json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
		return;
	}
	printf("merchant %s (%s)\n", m->code, m->name);
	printf("  sandbox     server key %s\n              client key %s\n", m->server_key[0],
	       m->client_key[0]);
	printf("  production  server key %s\n              client key %s\n", m->server_key[1],
	       m->client_key[1]);
}

/* Opens --db for a subcommand; NULL after saying why. */
static struct ks_store *open_db(const char *db)
{
	char err[512];
	struct ks_store *st;
	if (ks_store_open(db, &st, err, sizeof(err)) != KS_OK) {
		fprintf(stderr, "kasir: --db: %s\n", err);
		return NULL;
	}
	return st;
}

static int merchant_create(int argc, char **argv)
{
	struct create_opts o = { 0 };
	int prc = ks_opts_parse_main(create_table, &o, argc, argv,
				     "kasir merchant create --name NAME [flags]");
	if (prc >= 0)
		return prc;
	char hash[crypto_pwhash_STRBYTES] = "";
	if (o.password && !o.email) {
		fprintf(stderr, "kasir: --password needs --email\n");
		return 2;
	}
	if (o.email && (prc = password_hash(o.password, hash)))
		return prc;
	struct ks_store *st = open_db(o.db);
	if (!st)
		return 1;
	struct ks_merchant_new m = { .name = o.name, .notification_url = o.notification_url,
				     .email = o.email, .password_hash = o.email ? hash : NULL };
	const char *conflict;
	int rc = ks_merchant_create(st, &m, NULL, o.server_key, o.client_key, &conflict);
	ks_store_close(st);
	if (rc == KS_ERR_CONFLICT && conflict && strcmp(conflict, "email") == 0) {
		fprintf(stderr, "kasir: --email: an account with this email already exists\n");
		return 2;
	}
	if (rc == KS_ERR_CONFLICT) {
		fprintf(stderr, "kasir: --%s is already used by another merchant\n",
			conflict && strcmp(conflict, "client key") == 0 ? "client-key" : "server-key");
		return 2;
	}
	if (rc) {
		fprintf(stderr, "kasir: merchant not created: %s\n", ks_err_message(rc));
		return 1;
	}
	print_created(&m, o.json);
	sodium_memzero(&m, sizeof(m));
	return 0;
}

struct set_opts {
	const char *db;
	const char *id;
	const char *env;
	const char *recurring;
	const char *notification_url;
	const char *emails;
	const char *finish_url;
	const char *unfinish_url;
	const char *error_url;
};

/* An http(s) URL, or "" to clear the setting. */
static const char *check_url_or_empty(const char *v)
{
	return !*v ? NULL : ks_check_http_url(v);
}

static const char *check_emails(const char *v)
{
	return !*v || ks_email_list_ok(v) ? NULL
					  : "must be comma-separated email addresses";
}

static const char *check_env(const char *v)
{
	return strcmp(v, "sandbox") == 0 || strcmp(v, "production") == 0
		       ? NULL
		       : "must be sandbox or production";
}

static const char *check_bool(const char *v)
{
	return strcmp(v, "true") == 0 || strcmp(v, "false") == 0 ? NULL : "must be true or false";
}

#define O(f) offsetof(struct set_opts, f)
static const struct ks_opt set_table[] = {
	{ "db", "KASIR_DB", KS_OPT_STRING, KS_DEFAULT_DB, 0, 0, 0, "URL",
	  "database: sqlite:PATH, or postgres://USER@HOST:PORT/DBNAME shared by several nodes", O(db), ks_check_db },
	{ "id", NULL, KS_OPT_STRING, NULL, 0, 0, 1, "ID", "merchant id (G + 9 digits)", O(id), NULL },
	{ "env", NULL, KS_OPT_STRING, "sandbox", 0, 0, 0, "ENV", "sandbox or production", O(env),
	  check_env },
	{ "recurring", NULL, KS_OPT_STRING, NULL, 0, 0, 0, "BOOL",
	  "recurring (one click) MID on or off: true or false", O(recurring), check_bool },
	{ "notification-url", NULL, KS_OPT_STRING, NULL, 0, 0, 0, "URL",
	  "Payment Notification URL (\"\" clears)", O(notification_url), check_url_or_empty },
	{ "email", NULL, KS_OPT_STRING, NULL, 0, 0, 0, "ADDRS",
	  "email notification addresses, comma-separated (\"\" clears)", O(emails), check_emails },
	{ "finish-url", NULL, KS_OPT_STRING, NULL, 0, 0, 0, "URL", "Finish Redirect URL",
	  O(finish_url), check_url_or_empty },
	{ "unfinish-url", NULL, KS_OPT_STRING, NULL, 0, 0, 0, "URL", "Unfinish Redirect URL",
	  O(unfinish_url), check_url_or_empty },
	{ "error-url", NULL, KS_OPT_STRING, NULL, 0, 0, 0, "URL", "Error Redirect URL",
	  O(error_url), check_url_or_empty },
	{ NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, 0, NULL },
};
#undef O

/* `kasir merchant set`: settings of one environment. */
static int merchant_set(int argc, char **argv)
{
	struct set_opts o = { 0 };
	int prc = ks_opts_parse_main(set_table, &o, argc, argv,
				     "kasir merchant set --id ID [--env ENV] [settings]");
	if (prc >= 0)
		return prc;
	struct ks_store *st = open_db(o.db);
	if (!st)
		return 1;
	struct ks_env env;
	int rc = ks_store_env_by_merchant(st, o.id, strcmp(o.env, "production") == 0
				 ? KS_ENV_PRODUCTION : KS_ENV_SANDBOX, &env);
	if (rc == KS_ERR_NOT_FOUND) {
		fprintf(stderr, "kasir: --id: no merchant %s\n", o.id);
		ks_store_close(st);
		return 2;
	}
	if (!rc) {
		struct ks_store_write w = { .kind = KS_WRITE_ENV_SETTINGS };
		w.u.settings = (struct ks_env_settings){
			.env_id = env.id,
			.recurring = o.recurring ? strcmp(o.recurring, "true") == 0 : -1,
			.notification_url = o.notification_url,
			.notification_emails = o.emails,
			.finish_url = o.finish_url,
			.unfinish_url = o.unfinish_url,
			.error_url = o.error_url,
		};
		rc = ks_store_write_sync(st, &w);
	}
	ks_store_close(st);
	if (rc) {
		fprintf(stderr, "kasir: settings not changed: %s\n", ks_err_message(rc));
		return 1;
	}
	return 0;
}

struct login_opts {
	const char *db;
	const char *id;
	const char *email;
	const char *password;
};

#define O(f) offsetof(struct login_opts, f)
static const struct ks_opt login_table[] = {
	{ "db", "KASIR_DB", KS_OPT_STRING, KS_DEFAULT_DB, 0, 0, 0, "URL",
	  "database: sqlite:PATH", O(db), ks_check_db },
	{ "id", NULL, KS_OPT_STRING, NULL, 0, 0, 1, "ID", "merchant id (G + 9 digits)", O(id), NULL },
	{ "email", NULL, KS_OPT_STRING, NULL, 0, 0, 1, "EMAIL", "portal log-in email", O(email),
	  ks_check_login_email },
	{ "password", NULL, KS_OPT_STRING, NULL, 0, 0, 0, "PASSWORD",
	  "portal password (default: one line of standard input)", O(password), ks_check_password },
	{ NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, 0, NULL },
};
#undef O

/* `kasir merchant login`: sets (or replaces) the portal log-in of an
 * existing merchant, the demo merchant for one; clears any lock-out. */
static int merchant_login(int argc, char **argv)
{
	struct login_opts o = { 0 };
	int prc = ks_opts_parse_main(login_table, &o, argc, argv,
				     "kasir merchant login --id ID --email EMAIL [--password PASSWORD]");
	if (prc >= 0)
		return prc;
	char hash[crypto_pwhash_STRBYTES];
	if ((prc = password_hash(o.password, hash)))
		return prc;
	struct ks_store *st = open_db(o.db);
	if (!st)
		return 1;
	struct ks_env env;
	int rc = ks_store_env_by_merchant(st, o.id, KS_ENV_SANDBOX, &env);
	if (rc == KS_ERR_NOT_FOUND) {
		fprintf(stderr, "kasir: --id: no merchant %s\n", o.id);
		ks_store_close(st);
		return 2;
	}
	if (!rc) {
		struct ks_store_write w = { .kind = KS_WRITE_ACCOUNT };
		w.u.account.merchant_id = env.merchant_id;
		w.u.account.email = o.email;
		w.u.account.password_hash = hash;
		rc = ks_store_write_sync(st, &w);
	}
	ks_store_close(st);
	if (rc == KS_ERR_CONFLICT) {
		fprintf(stderr, "kasir: --email: another merchant logs in with this email\n");
		return 2;
	}
	if (rc) {
		fprintf(stderr, "kasir: log-in not set: %s\n", ks_err_message(rc));
		return 1;
	}
	return 0;
}

int ks_cli_merchant(int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "login") == 0)
		return merchant_login(argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "create") == 0)
		return merchant_create(argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "set") == 0)
		return merchant_set(argc - 1, argv + 1);
	if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
		printf("usage: kasir merchant create --name NAME [--email EMAIL [--password PW]] [flags]\n"
		       "       kasir merchant set --id ID [--env ENV] [settings]\n"
		       "       kasir merchant login --id ID --email EMAIL [--password PW]\n");
		return 0;
	}
	fprintf(stderr, "kasir: merchant needs a subcommand: create, set or login\n");
	return 2;
}
