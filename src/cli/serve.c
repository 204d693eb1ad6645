/* This file contains `kasir serve`: open the store, start HTTP, wait for
 * SIGTERM or SIGINT, then stop gracefully (finish what is in flight). */
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/ratelimit.h"
#include "api/vault.h"
#include "cli/cli.h"
#include "cli/merchant_keys.h"
#include "cli/opts.h"
#include "core/errors.h"
#include "core/retry.h"
#include "core/snap.h"
#include "http/http.h"
#include "notify/notify.h"
#include "txn/notice.h"
#include "core/email.h"
#include "store/faults.h"
#include "store/store.h"
#include "util/keyfile.h"
#include "util/log.h"
#include "util/xalloc.h"

struct serve_opts {
	const char *listen;
	const char *db;
	unsigned long threads;
	const char *public_url;
	const char *log_level;
	const char *log_format;
	unsigned long max_connections;
	unsigned long timeout;
	unsigned long rate_limit;
	int demo;
	int test_clock;
	int fault_injection;
	const char *card_key_file;
	unsigned long notify_retry_interval;
	const char *notify_schedule;
	const char *settlement_time;
	const char *smtp_url;
	const char *smtp_from;
	unsigned long notify_timeout;
	unsigned long notify_per_merchant;
};

static const char *check_log_format(const char *v)
{
	return strcmp(v, "text") == 0 || strcmp(v, "json") == 0 ? NULL : "must be text or json";
}

static const char *check_level(const char *v)
{
	return ks_log_level_parse(v) < 0 ? "must be debug, info, warn or error" : NULL;
}

/* "HH:MM" to minutes after midnight; -1 when malformed. */
static int parse_hhmm(const char *v)
{
	unsigned h, m;
	char tail;
	if (strlen(v) != 5 || sscanf(v, "%2u:%2u%c", &h, &m, &tail) != 2 || h > 23 || m > 59)
		return -1;
	return (int)(h * 60 + m);
}

static const char *check_smtp(const char *v)
{
	return strncmp(v, "smtp://", 7) == 0 || strncmp(v, "smtps://", 8) == 0
		       ? NULL
		       : "must be an smtp:// or smtps:// URL";
}

static const char *check_from(const char *v)
{
	return ks_email_ok(v) ? NULL : "must be an email address";
}

static const char *check_schedule(const char *v)
{
	return ks_retry_schedule_parse(v) < 0 ? "must be fixed or midtrans" : NULL;
}

static const char *check_hhmm(const char *v)
{
	return parse_hhmm(v) < 0 ? "must be HH:MM (00:00 to 23:59)" : NULL;
}

#define O(f) offsetof(struct serve_opts, f)
static const struct ks_opt serve_table[] = {
	{ "listen", "KASIR_LISTEN", KS_OPT_STRING, "127.0.0.1:8080", 0, 0, 0, "HOST:PORT",
	  "address to serve on; port 0 picks a free one", O(listen), ks_check_listen },
	{ "db", "KASIR_DB", KS_OPT_STRING, KS_DEFAULT_DB, 0, 0, 0, "URL",
	  "database: sqlite:PATH, or postgres://USER@HOST:PORT/DBNAME shared by several nodes", O(db), ks_check_db },
	{ "threads", "KASIR_THREADS", KS_OPT_UINT, "2", 1, 256, 0, "N",
	  "HTTP worker threads (at least 2 run)", O(threads), NULL },
	{ "public-url", "KASIR_PUBLIC_URL", KS_OPT_STRING, NULL, 0, 0, 0, "URL",
	  "base URL customers reach kasir at (default http://LISTEN)", O(public_url),
	  ks_check_http_url },
	{ "log-level", "KASIR_LOG_LEVEL", KS_OPT_STRING, "info", 0, 0, 0, "LEVEL",
	  "debug, info, warn or error", O(log_level), check_level },
	{ "log-format", "KASIR_LOG_FORMAT", KS_OPT_STRING, "text", 0, 0, 0, "FORMAT",
	  "text, or json for one JSON object per line", O(log_format), check_log_format },
	{ "max-connections", "KASIR_MAX_CONNECTIONS", KS_OPT_UINT, "16384", 16, 1000000, 0, "N",
	  "open connections at most (lowered to fit the descriptor limit, ulimit -n)",
	  O(max_connections), NULL },
	{ "timeout", "KASIR_TIMEOUT", KS_OPT_UINT, "15", 1, 3600, 0, "SECONDS",
	  "idle or slow connections are closed after this", O(timeout), NULL },
	{ "rate-limit", "KASIR_RATE_LIMIT", KS_OPT_UINT, "0", 0, 1000000, 0, "N",
	  "server-key requests per second per merchant environment, 429 beyond (0 = off)",
	  O(rate_limit), NULL },
	{ "demo", "KASIR_DEMO", KS_OPT_BOOL, NULL, 0, 0, 0, NULL,
	  "create (once) and print a sandbox demo merchant; serve the demo shop at /demo",
	  O(demo), NULL },
	{ "card-key-file", "KASIR_CARD_KEY_FILE", KS_OPT_STRING, NULL, 0, 0, 0, "PATH",
	  "key that seals saved cards, created (mode 0600) on first start; refused when group"
	  " or others can read it (default: kasir-card.key beside the SQLite database;"
	  " required for PostgreSQL, where nodes sharing a database must share it)",
	  O(card_key_file), NULL },
	{ "notify-schedule", "KASIR_NOTIFY_SCHEDULE", KS_OPT_STRING, "fixed", 0, 0, 0, "NAME",
	  "spacing of notification retries: fixed (--notify-retry-interval apart, SPEC 6.2) or "
	  "midtrans (about 2, 10, 30, 90, 210 minutes, each shifted randomly, TODAY T8.4)",
	  O(notify_schedule), check_schedule },
	{ "notify-retry-interval", "KASIR_NOTIFY_RETRY_INTERVAL", KS_OPT_UINT, "60", 0, 86400, 0,
	  "SECONDS", "spacing of notification retries on the fixed schedule (SPEC 6.2: one minute)",
	  O(notify_retry_interval), NULL },
	{ "notify-timeout", "KASIR_NOTIFY_TIMEOUT", KS_OPT_UINT, "15", 1, 600, 0, "SECONDS",
	  "how long a merchant may take to answer a notification (TODAY T8.4)", O(notify_timeout),
	  NULL },
	{ "notify-per-merchant", "KASIR_NOTIFY_PER_MERCHANT", KS_OPT_UINT, "500", 1, 1000, 0, "N",
	  "notifications in flight to one merchant at most (of 1000 in all)",
	  O(notify_per_merchant), NULL },
	{ "smtp-url", "KASIR_SMTP_URL", KS_OPT_STRING, NULL, 0, 0, 0, "URL",
	  "mail server for email notifications: smtp://HOST:PORT or smtps://", O(smtp_url),
	  check_smtp },
	{ "smtp-from", "KASIR_SMTP_FROM", KS_OPT_STRING, "kasir@localhost.localdomain", 0, 0, 0,
	  "ADDRESS", "sender of email notifications", O(smtp_from), check_from },
	{ "settlement-time", "KASIR_SETTLEMENT_TIME", KS_OPT_STRING, "16:00", 0, 0, 0, "HH:MM",
	  "captures settle the next day at this time, Asia/Jakarta", O(settlement_time),
	  check_hhmm },
	{ "test-clock", "KASIR_TEST_CLOCK", KS_OPT_BOOL, NULL, 0, 0, 0, NULL,
	  "let POST /sandbox/v1/clock move time forward (tests only)", O(test_clock), NULL },
	{ "fault-injection", "KASIR_FAULT_INJECTION", KS_OPT_BOOL, NULL, 0, 0, 0, NULL,
	  "let POST /sandbox/v1/faults fail store calls (tests only; docs/faults.md)",
	  O(fault_injection), NULL },
	{ NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, 0, NULL },
};
#undef O

/* Creates the demo merchant on the first start and prints its keys, a curl
 * that creates a transaction and where to click. */
static int demo_merchant(struct ks_store *st, const char *db, const char *public_url)
{
	struct ks_env env;
	int rc = ks_store_env_by_merchant(st, KS_DEMO_MERCHANT_CODE, KS_ENV_SANDBOX, &env);
	if (rc == KS_ERR_NOT_FOUND) {
		struct ks_merchant_new m = { .name = "Demo Shop" };
		const char *conflict;
		rc = ks_merchant_create(st, &m, KS_DEMO_MERCHANT_CODE, NULL, NULL, &conflict);
		if (!rc)
			rc = ks_store_env_by_merchant(st, KS_DEMO_MERCHANT_CODE, KS_ENV_SANDBOX, &env);
	}
	if (rc) {
		ks_log(KS_LOG_ERROR, NULL, "cannot set up the demo merchant: %s", ks_err_message(rc));
		return rc;
	}
	printf("\nSandbox demo merchant %s (Demo Shop)\n", env.merchant_code);
	printf("  server key: %s\n  client key: %s\n\n", env.server_key, env.client_key);
	printf("Create a transaction:\n\n"
	       "  curl -s -u '%s:' -H 'Content-Type: application/json' \\\n"
	       "    -d '{\"transaction_details\":{\"order_id\":\"order-'$(date +%%s)'\","
	       "\"gross_amount\":10000}}' \\\n"
	       "    %s/snap/v1/transactions\n\n",
	       env.server_key, public_url);
	printf("Try it in a browser:\n"
	       "  demo shop:        %s/demo\n"
	       "  bank simulators:  %s/sim/\n"
	       "  merchant portal:  %s/map/ (sign up, or give the demo merchant a log-in:\n"
	       "                    kasir merchant login --db %s --id %s --email you@example.com)\n\n",
	       public_url, public_url, public_url, db, env.merchant_code);
	return KS_OK;
}

/* The card key file: the flag, or kasir-card.key beside an SQLite
 * database. NULL for PostgreSQL without the flag: nodes sharing a database
 * must share this file too (docs/store.md), and a default in the working
 * directory would put the key of real card numbers wherever a node was
 * started, a checkout among them. */
static char *card_key_path(const struct serve_opts *o)
{
	if (o->card_key_file)
		return ks_xstrdup(o->card_key_file);
	if (strncmp(o->db, "sqlite:", 7) != 0)
		return NULL;
	const char *path = o->db + strlen("sqlite:");
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ks_xstrdup("kasir-card.key");
	return ks_xasprintf("%.*s/kasir-card.key", (int)(slash - path), path);
}

/* Loads (or makes) the card key: 0, or the exit code with the problem
 * printed: 2 for the operator's to fix (no --card-key-file on PostgreSQL,
 * a key file group or others can read), 1 when it cannot be read or made.
 * A key file inside a git work tree is only warned about. */
static int load_card_key(const struct serve_opts *o, unsigned char *key, size_t len)
{
	char *path = card_key_path(o);
	if (!path) {
		fprintf(stderr, "kasir: --card-key-file is required with a PostgreSQL --db (or "
				"KASIR_CARD_KEY_FILE): every node of the database needs the same key, "
				"kept outside any checkout, e.g. --card-key-file /etc/kasir/card.key\n");
		return 2;
	}
	char err[PATH_MAX + 256];
	int rc = ks_keyfile_load(path, key, len, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "kasir: --card-key-file: %s\n", err);
		free(path);
		return rc == KS_KEYFILE_BAD ? 2 : 1;
	}
	char top[PATH_MAX];
	if (ks_keyfile_in_git_tree(path, top, sizeof(top)))
		ks_log(KS_LOG_WARN, NULL,
		       "card key file %s is inside the git work tree %s: a key that seals real card "
		       "numbers belongs outside any checkout (--card-key-file)",
		       path, top);
	free(path);
	return 0;
}

static char *default_public_url(const char *listen, unsigned port)
{
	const char *colon = strrchr(listen, ':');
	int hl = (int)(colon - listen);
	if ((hl == 7 && strncmp(listen, "0.0.0.0", 7) == 0) || (hl == 4 && strncmp(listen, "[::]", 4) == 0))
		return ks_xasprintf("http://127.0.0.1:%u", port);
	return ks_xasprintf("http://%.*s:%u", hl, listen, port);
}

int ks_cli_serve(int argc, char **argv)
{
	struct serve_opts o = { 0 };
	int prc = ks_opts_parse_main(serve_table, &o, argc, argv, "kasir serve [flags]");
	if (prc >= 0)
		return prc;
	ks_log_threshold = ks_log_level_parse(o.log_level);
	ks_log_json = strcmp(o.log_format, "json") == 0;
	ks_ratelimit_set((unsigned)o.rate_limit);

	/* every thread inherits this mask; the main thread takes the signals */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	char err[512];
	struct ks_store *st;
	if (ks_store_open(o.db, &st, err, sizeof(err)) != KS_OK) {
		fprintf(stderr, "kasir: --db: %s\n", err);
		return 1;
	}
	if (o.fault_injection) {
		struct ks_store *faulty = ks_store_faults_wrap(st);
		if (!faulty) {
			fprintf(stderr, "kasir: --fault-injection: cannot wrap the store\n");
			ks_store_close(st);
			return 1;
		}
		st = faulty;
		ks_log(KS_LOG_WARN, NULL, "fault injection is on: POST /sandbox/v1/faults fails store calls");
	}
	struct ks_app app;
	ks_app_init(&app, st, NULL);
	int krc = load_card_key(&o, app.card_key, sizeof(app.card_key));
	if (krc) {
		ks_app_release(&app);
		ks_store_close(st);
		return krc;
	}
	/* several nodes on one database: a card token made on one is
	 * charged on another, so it lives (sealed, CVV-less) in the store */
	if (ks_store_has_vault(st))
		ks_vault_share(st, app.card_key);
	app.demo = o.demo;
	app.test_clock = o.test_clock;
	struct ks_notify_config nc = {
		.schedule = (enum ks_retry_schedule)ks_retry_schedule_parse(o.notify_schedule),
		.retry_interval_s = (unsigned)o.notify_retry_interval,
		.timeout_s = (unsigned)o.notify_timeout,
		.max_in_flight = 1000,
		.max_per_merchant = (unsigned)o.notify_per_merchant,
		.smtp_url = o.smtp_url,
		.smtp_from = o.smtp_from,
	};
	ks_notices_enable_email(o.smtp_url != NULL);
	struct ks_notifier *notifier;
	if (ks_notifier_start(st, &nc, &notifier, err, sizeof(err)) != 0) {
		fprintf(stderr, "kasir: %s\n", err);
		ks_app_release(&app);
		ks_store_close(st);
		return 1;
	}
	app.settlement_minute = parse_hhmm(o.settlement_time);
	if (ks_scheduler_start(st, app.settlement_minute, &app.scheduler, err, sizeof(err)) != 0) {
		fprintf(stderr, "kasir: %s\n", err);
		ks_notifier_stop(notifier);
		ks_app_release(&app);
		ks_store_close(st);
		return 1;
	}
	struct ks_http_config hc = {
		.listen = o.listen,
		.threads = (unsigned)o.threads,
		.max_connections = (unsigned)o.max_connections,
		.timeout_s = (unsigned)o.timeout,
		.body_max = 16384,
	};
	struct ks_http_server *srv;
	if (ks_http_start(&hc, ks_api_routes, &app, &srv, err, sizeof(err)) != KS_OK) {
		fprintf(stderr, "kasir: %s\n", err);
		ks_scheduler_stop(app.scheduler);
		ks_notifier_stop(notifier);
		ks_app_release(&app);
		ks_store_close(st);
		return 1;
	}
	char *base = o.public_url ? ks_xstrdup(o.public_url) : default_public_url(o.listen, ks_http_port(srv));
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		base[--bl] = '\0';
	app.public_url = base;
	int rc = 0;
	if (o.demo && demo_merchant(st, o.db, base) != KS_OK)
		rc = 1;
	if (!rc) {
		char *url = default_public_url(o.listen, ks_http_port(srv));
		atomic_store(&app.ready, 1);
		printf("kasir: listening on %s\n", url);
		free(url);
		fflush(stdout);
		ks_log(KS_LOG_INFO, NULL, "serving with %lu threads, database %s", o.threads, o.db);
		int sig = 0;
		sigwait(&sigs, &sig);
		ks_log(KS_LOG_INFO, NULL, "signal %d: stopping", sig);
	}
	/* The order matters. The notifier stops claiming first, so its
	 * deliveries in flight get the whole --notify-timeout while HTTP
	 * drains. It is stopped before the store is closed: it returns only
	 * once each attempt's outcome is committed by the store's writer (on
	 * PostgreSQL that write also ends the row's lease). Dropping an
	 * answered delivery unrecorded, or closing the writer under it, would
	 * leave its row pending and send the notification again after the
	 * restart. */
	ks_notifier_quiesce(notifier);
	ks_http_stop(srv, 10000);
	ks_scheduler_stop(app.scheduler);
	ks_notifier_stop(notifier);
	ks_vault_clear();
	ks_store_close(st);
	sodium_memzero(app.card_key, sizeof(app.card_key));
	ks_app_release(&app);
	free(base);
	return rc;
}
