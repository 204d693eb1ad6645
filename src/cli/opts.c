/* This file contains the table-driven flag parser and --help printer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/opts.h"
#include "core/notifyurl.h"

static int set_value(const struct ks_opt *o, void *dst, const char *value, const char *from)
{
	char *field = (char *)dst + o->offset;
	if (o->type == KS_OPT_BOOL) {
		int b;
		if (!value || strcmp(value, "1") == 0 || strcmp(value, "true") == 0)
			b = 1;
		else if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0)
			b = 0;
		else {
			fprintf(stderr, "kasir: %s must be true or false, got '%s'\n", from, value);
			return -1;
		}
		memcpy(field, &b, sizeof(b));
		return 0;
	}
	if (o->type == KS_OPT_UINT) {
		char *end;
		errno = 0;
		unsigned long v = strtoul(value, &end, 10);
		/* digits only: strtoul would take spaces, '+' and wrap '-' */
		if (!*value || strspn(value, "0123456789") != strlen(value) || *end || errno ||
		    v < o->min || v > o->max) {
			fprintf(stderr, "kasir: %s must be a whole number from %lu to %lu, got '%s'\n",
				from, o->min, o->max, value);
			return -1;
		}
		memcpy(field, &v, sizeof(v));
		return 0;
	}
	const char *why = o->check ? o->check(value) : NULL;
	if (!why && !*value)
		why = "must not be empty";
	if (why) {
		fprintf(stderr, "kasir: %s %s, got '%s'\n", from, why, value);
		return -1;
	}
	memcpy(field, &value, sizeof(value));
	return 0;
}

static const struct ks_opt *find(const struct ks_opt *table, const char *name, size_t n)
{
	for (const struct ks_opt *o = table; o->flag; o++)
		if (strlen(o->flag) == n && memcmp(o->flag, name, n) == 0)
			return o;
	return NULL;
}

int ks_opts_parse(const struct ks_opt *table, void *dst, int argc, char **argv)
{
	char from[160];
	int seen[64] = { 0 };
	for (const struct ks_opt *o = table; o->flag; o++) {
		if (o->def && set_value(o, dst, o->def, o->flag) != 0)
			return -1;
		const char *e = o->env ? getenv(o->env) : NULL;
		if (e) {
			snprintf(from, sizeof(from), "%s (--%s)", o->env, o->flag);
			if (set_value(o, dst, e, from) != 0)
				return -1;
			seen[o - table] = 1;
		}
	}
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return 1;
		if (strncmp(a, "--", 2) != 0) {
			fprintf(stderr, "kasir: unexpected argument '%s' (flags start with --)\n", a);
			return -1;
		}
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t n = eq ? (size_t)(eq - name) : strlen(name);
		const struct ks_opt *o = find(table, name, n);
		if (!o) {
			fprintf(stderr, "kasir: unknown flag --%.*s (see --help)\n", (int)n, name);
			return -1;
		}
		const char *value = eq ? eq + 1 : NULL;
		if (!value && o->type != KS_OPT_BOOL) {
			if (i + 1 >= argc) {
				fprintf(stderr, "kasir: --%s needs a value\n", o->flag);
				return -1;
			}
			value = argv[++i];
		}
		snprintf(from, sizeof(from), "--%s", o->flag);
		if (set_value(o, dst, value, from) != 0)
			return -1;
		seen[o - table] = 1;
	}
	for (const struct ks_opt *o = table; o->flag; o++) {
		if (o->required && !seen[o - table]) {
			fprintf(stderr, "kasir: --%s is required\n", o->flag);
			return -1;
		}
	}
	return 0;
}

int ks_opts_parse_main(const struct ks_opt *table, void *dst, int argc, char **argv,
		       const char *usage)
{
	int rc = ks_opts_parse(table, dst, argc, argv);
	if (rc > 0)
		ks_opts_help(stdout, usage, table);
	return rc == 0 ? -1 : rc > 0 ? 0 : 2;
}

void ks_opts_help(FILE *out, const char *usage, const struct ks_opt *table)
{
	fprintf(out, "usage: %s\n\n", usage);
	for (const struct ks_opt *o = table; o->flag; o++) {
		char left[64];
		snprintf(left, sizeof(left), "--%s%s%s", o->flag, o->metavar ? " " : "",
			 o->metavar ? o->metavar : "");
		fprintf(out, "  %-28s %s", left, o->help);
		if (o->def && o->type != KS_OPT_BOOL)
			fprintf(out, " (default %s)", o->def);
		if (o->required)
			fprintf(out, " (required)");
		if (o->env)
			fprintf(out, " [%s]", o->env);
		fputc('\n', out);
	}
}

const char *ks_check_listen(const char *v)
{
	const char *colon = strrchr(v, ':');
	if (!colon || colon == v || !colon[1])
		return "must be HOST:PORT";
	char *end;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (*end || port > 65535 || colon[1] == '-')
		return "must be HOST:PORT with a port from 0 to 65535";
	return NULL;
}

const char *ks_check_db(const char *v)
{
	if (strncmp(v, "sqlite:", 7) == 0 && v[7])
		return NULL;
	if ((strncmp(v, "postgres://", 11) == 0 && v[11]) ||
	    (strncmp(v, "postgresql://", 13) == 0 && v[13]))
		return NULL;
	return "must be sqlite:PATH or postgres://USER@HOST:PORT/DBNAME";
}

const char *ks_check_http_url(const char *v)
{
	return ks_url_is_http(v) ? NULL : "must be an http:// or https:// URL";
}
