/* The configuration table (redis config.c style): one row per flag drives
 * parsing, its environment twin, bounds, defaults and --help. */
#ifndef KS_CLI_OPTS_H
#define KS_CLI_OPTS_H

#include <stddef.h>
#include <stdio.h>

enum ks_opt_type { KS_OPT_STRING, KS_OPT_UINT, KS_OPT_BOOL };

struct ks_opt {
	const char *flag; /* without the leading "--" */
	const char *env;  /* environment twin, or NULL */
	enum ks_opt_type type;
	const char *def;  /* default, as text; NULL = none */
	unsigned long min, max; /* KS_OPT_UINT bounds */
	int required;
	const char *metavar;
	const char *help;
	size_t offset; /* of a const char *, unsigned long or int in the target */
	/* extra check of a string value: NULL if fine, else what is wrong */
	const char *(*check)(const char *value);
};

/* Fills dst from defaults, then the environment, then argv (each later one
 * wins). Strings point into argv or the environment. Returns 0, 1 when
 * --help was asked for, or -1 after printing one line naming the flag to
 * stderr. */
int ks_opts_parse(const struct ks_opt *table, void *dst, int argc, char **argv);
/* ks_opts_parse for a subcommand's main: returns -1 to go on, or the exit
 * code to return at once (0 after printing --help, 2 after an error). */
int ks_opts_parse_main(const struct ks_opt *table, void *dst, int argc, char **argv,
		       const char *usage);
/* Prints usage and one line per flag. */
void ks_opts_help(FILE *out, const char *usage, const struct ks_opt *table);

/* Shared checks. */
const char *ks_check_listen(const char *v);
const char *ks_check_db(const char *v);
const char *ks_check_http_url(const char *v);

#endif
