/* Unit tests of the table-driven flag parser. */
#include <criterion/criterion.h>
#include <stddef.h>
#include <stdlib.h>

#include "cli/opts.h"

struct t_opts {
	const char *listen;
	unsigned long threads;
	int flag;
	const char *name;
};

#define O(f) offsetof(struct t_opts, f)
static const struct ks_opt table[] = {
	{ "listen", "KS_TEST_LISTEN", KS_OPT_STRING, "127.0.0.1:8080", 0, 0, 0, "HOST:PORT", "l",
	  O(listen), ks_check_listen },
	{ "threads", "KS_TEST_THREADS", KS_OPT_UINT, "2", 1, 256, 0, "N", "t", O(threads), NULL },
	{ "flag", NULL, KS_OPT_BOOL, NULL, 0, 0, 0, NULL, "f", O(flag), NULL },
	{ "name", NULL, KS_OPT_STRING, NULL, 0, 0, 0, "NAME", "n", O(name), NULL },
	{ NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, 0, NULL },
};
#undef O

static int parse(struct t_opts *o, int argc, const char *const *argv)
{
	return ks_opts_parse(table, o, argc, (char **)argv);
}

Test(opts, defaults_env_then_flags)
{
	struct t_opts o = { 0 };
	cr_assert_eq(parse(&o, 0, NULL), 0);
	cr_expect_str_eq(o.listen, "127.0.0.1:8080");
	cr_expect_eq(o.threads, 2);
	cr_expect_eq(o.flag, 0);
	setenv("KS_TEST_THREADS", "4", 1);
	cr_assert_eq(parse(&o, 0, NULL), 0);
	cr_expect_eq(o.threads, 4);
	const char *argv[] = { "--threads", "8", "--flag", "--name=x y", "--listen=[::1]:0" };
	cr_assert_eq(parse(&o, 5, argv), 0);
	cr_expect_eq(o.threads, 8, "the flag wins over its environment twin");
	cr_expect_eq(o.flag, 1);
	cr_expect_str_eq(o.name, "x y");
	cr_expect_str_eq(o.listen, "[::1]:0");
	unsetenv("KS_TEST_THREADS");
}

Test(opts, bad_input_table)
{
	static const struct { int argc; const char *argv[3]; } bad[] = {
		{ 1, { "--threads" } },             /* no value */
		{ 2, { "--threads", "0" } },        /* under the minimum */
		{ 2, { "--threads", "257" } },
		{ 2, { "--threads", "-1" } },
		{ 2, { "--threads", "2x" } },
		{ 2, { "--threads", " 8" } },
		{ 2, { "--threads", "+7" } },
		{ 2, { "--threads", " -18446744073709551615" } },
		{ 1, { "--nope" } },                /* unknown */
		{ 1, { "stray" } },
		{ 2, { "--listen", "nonsense" } },
		{ 2, { "--listen", "h:70000" } },
		{ 2, { "--name", "" } },
		{ 1, { "--flag=maybe" } },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct t_opts o = { 0 };
		cr_expect_eq(parse(&o, bad[i].argc, bad[i].argv), -1, "case %zu (%s)", i, bad[i].argv[0]);
	}
	setenv("KS_TEST_THREADS", "zero", 1);
	struct t_opts o = { 0 };
	cr_expect_eq(parse(&o, 0, NULL), -1, "a bad environment value is refused too");
	unsetenv("KS_TEST_THREADS");
}

Test(opts, help)
{
	struct t_opts o = { 0 };
	const char *argv[] = { "--help" };
	cr_expect_eq(parse(&o, 1, argv), 1);
}
