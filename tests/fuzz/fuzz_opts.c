/* This file contains the fuzz target of the command-line and configuration
 * parser: the input, split at NUL bytes and newlines, is the argv of
 * ks_opts_parse over a table in the style of cli/serve.c (strings with and
 * without checks, bounded numbers, a flag, a required string). Errors are
 * printed to stderr, as in kasir. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "cli/opts.h"
#include "fuzz.h"

#define MAX_ARGS 32

struct fuzz_opts {
	const char *listen;
	const char *db;
	unsigned long threads;
	const char *public_url;
	const char *log_format;
	unsigned long max_connections;
	unsigned long timeout;
	int demo;
	const char *name;
};

static const char *check_log_format(const char *v)
{
	return strcmp(v, "text") == 0 || strcmp(v, "json") == 0 ? NULL : "must be text or json";
}

/* No environment twins: the fuzzer does not control the environment, and
 * a developer's KASIR_* variables must not change what a corpus does. */
#define O(f) offsetof(struct fuzz_opts, f)
static const struct ks_opt table[] = {
	{ "listen", NULL, KS_OPT_STRING, "127.0.0.1:8080", 0, 0, 0, "HOST:PORT",
	  "address to serve on", O(listen), ks_check_listen },
	{ "db", NULL, KS_OPT_STRING, NULL, 0, 0, 1, "URL", "database: sqlite:PATH", O(db),
	  ks_check_db },
	{ "threads", NULL, KS_OPT_UINT, "2", 1, 256, 0, "N", "HTTP worker threads", O(threads),
	  NULL },
	{ "public-url", NULL, KS_OPT_STRING, NULL, 0, 0, 0, "URL", "base URL", O(public_url),
	  ks_check_http_url },
	{ "log-format", NULL, KS_OPT_STRING, "text", 0, 0, 0, "FORMAT", "text or json",
	  O(log_format), check_log_format },
	{ "max-connections", NULL, KS_OPT_UINT, "4096", 16, 1000000, 0, "N",
	  "open connections at most", O(max_connections), NULL },
	{ "timeout", NULL, KS_OPT_UINT, "15", 1, 3600, 0, "SECONDS", "idle timeout", O(timeout),
	  NULL },
	{ "demo", NULL, KS_OPT_BOOL, NULL, 0, 0, 0, NULL, "demo merchant", O(demo), NULL },
	{ "name", NULL, KS_OPT_STRING, NULL, 0, 0, 0, "NAME", "any text", O(name), NULL },
	{ NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, 0, NULL },
};
#undef O

/* A parsed string points into argv or is the table's default. */
static void check_str(const char *v, const char *def, const char *buf, size_t size)
{
	FUZZ_CHECK(v == def || (v >= buf && v < buf + size + 1));
	if (v)
		FUZZ_CHECK(*v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	char *buf = ks_xmalloc(size + 1), *argv[MAX_ARGS + 1];
	int argc = 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	/* a trailing newline ends the last argument rather than adding "" */
	size_t end = size && (buf[size - 1] == '\n' || buf[size - 1] == '\0') ? size - 1 : size;
	if (size) {
		argv[argc++] = buf;
		for (size_t i = 0; i < end && argc < MAX_ARGS; i++) {
			if (buf[i] == '\n' || buf[i] == '\0') {
				buf[i] = '\0';
				argv[argc++] = buf + i + 1;
			}
		}
		buf[end] = '\0';
	}
	argv[argc] = NULL;

	struct fuzz_opts o;
	memset(&o, 0, sizeof(o));
	int rc = ks_opts_parse(table, &o, argc, argv);
	FUZZ_CHECK(rc == 0 || rc == 1 || rc == -1);
	if (rc == 0) {
		check_str(o.listen, table[0].def, buf, size);
		FUZZ_CHECK(o.listen && !ks_check_listen(o.listen));
		check_str(o.db, NULL, buf, size);
		FUZZ_CHECK(o.db && !ks_check_db(o.db));
		FUZZ_CHECK(o.threads >= 1 && o.threads <= 256);
		check_str(o.public_url, NULL, buf, size);
		FUZZ_CHECK(!o.public_url || !ks_check_http_url(o.public_url));
		check_str(o.log_format, table[4].def, buf, size);
		FUZZ_CHECK(o.log_format && !check_log_format(o.log_format));
		FUZZ_CHECK(o.max_connections >= 16 && o.max_connections <= 1000000);
		FUZZ_CHECK(o.timeout >= 1 && o.timeout <= 3600);
		FUZZ_CHECK(o.demo == 0 || o.demo == 1);
		check_str(o.name, NULL, buf, size);
	} else if (rc == 1) {
		bool asked = false;
		for (int i = 0; i < argc; i++)
			asked |= strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0;
		FUZZ_CHECK(asked);
		if (!devnull)
			devnull = fopen("/dev/null", "w");
		if (devnull)
			ks_opts_help(devnull, "kasir fuzz [flags]", table);
	}
	free(buf);
	return 0;
}
