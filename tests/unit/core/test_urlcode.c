/* Unit tests of percent-decoding. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/urlcode.h"

struct pct_case {
	const char *in;
	bool plus;
	long rc;
	const char *out;
};

static const struct pct_case cases[] = {
	{ "order-1", false, 7, "order-1" },
	{ "non%20exists%20order_id", false, 23 - 4, "non exists order_id" },
	{ "a%2Fb", false, 3, "a/b" },
	{ "a%2fb", false, 3, "a/b" },
	{ "a+b", false, 3, "a+b" },
	{ "a+b", true, 3, "a b" },
	{ "%3A%3a", false, 2, "::" },
	{ "%", false, -1, NULL },
	{ "%4", false, -1, NULL },
	{ "ab%4", false, -1, NULL },
	{ "%zz", false, -1, NULL },
	{ "%00", false, -1, NULL },
	{ "", false, 0, "" },
};

Test(urlcode, percent_decode_table)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[64];
		long rc = ks_percent_decode(cases[i].in, strlen(cases[i].in), out, cases[i].plus);
		cr_expect_eq(rc, cases[i].rc, "case %zu (%s): %ld", i, cases[i].in, rc);
		if (cases[i].out)
			cr_expect_str_eq(out, cases[i].out, "case %zu", i);
	}
}
