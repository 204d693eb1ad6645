/* Unit tests of the Basic Authorization parser (SPEC §2.1). */
#include <criterion/criterion.h>
#include <string.h>

#include "core/auth.h"

struct auth_case {
	const char *header;
	int rc;
	const char *user;
};

static const struct auth_case cases[] = {
	/* base64("VT-server-Cpo03kYD0c0cNUKgt6hnLkKg:"), the original's example */
	{ "Basic VlQtc2VydmVyLUNwbzAza1lEMGMwY05VS2d0NmhuTGtLZzo=", 0, "VT-server-Cpo03kYD0c0cNUKgt6hnLkKg" },
	{ "basic VlQtc2VydmVyLUNwbzAza1lEMGMwY05VS2d0NmhuTGtLZzo=", 0, "VT-server-Cpo03kYD0c0cNUKgt6hnLkKg" },
	{ "Basic   dXNlcjpwYXNz  ", 0, "user" },           /* "user:pass": password ignored */
	{ "Basic dXNlcg==", 0, "user" },                   /* no colon at all */
	{ "Basic OnBhc3M=", -1, "" },                      /* ":pass": empty user */
	{ "Bearer dXNlcjo=", -1, "" },
	{ "Basic", -1, "" },
	{ "Basic ", -1, "" },
	{ "Basic !!!!", -1, "" },
	{ "Basic dXNlcjo", -1, "" },                       /* missing padding */
	{ "Basic dQF4Og==", -1, "" },                      /* control byte in user */
	{ NULL, -1, "" },
};

Test(auth, basic_header_table)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char user[64];
		int rc = ks_basic_auth_user(cases[i].header, user, sizeof(user));
		cr_expect_eq(rc, cases[i].rc, "case %zu (%s): rc %d", i, cases[i].header, rc);
		cr_expect_str_eq(user, cases[i].user, "case %zu", i);
	}
}

Test(auth, user_longer_than_buffer_is_refused)
{
	char user[4];
	cr_expect_eq(ks_basic_auth_user("Basic dXNlcjo=", user, sizeof(user)), -1);
	cr_expect_str_eq(user, "");
}
