/* This file contains the tests of the validation message list. */
#include <criterion/criterion.h>

#include "core/errlist.h"

Test(errlist, add_formats_and_grows)
{
	struct ks_errlist errs = KS_ERRLIST_INIT;
	for (int i = 0; i < 100; i++)
		ks_errlist_add(&errs, "item_details[%d].price is required", i);
	cr_assert_eq(errs.n, 100);
	cr_expect_str_eq(errs.msgs[0], "item_details[0].price is required");
	cr_expect_str_eq(errs.msgs[99], "item_details[99].price is required");
	ks_errlist_release(&errs);
	cr_expect_eq(errs.n, 0);
	cr_expect_null(errs.msgs);
	ks_errlist_add(&errs, "%s", "again");
	cr_expect_str_eq(errs.msgs[0], "again");
	ks_errlist_release(&errs);
	ks_errlist_release(&errs); /* releasing an empty list is harmless */
}
