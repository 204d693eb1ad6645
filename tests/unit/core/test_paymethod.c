/* This file contains the tests of the payment method names, aliases and the
 * stored comma-separated form (SPEC §4.1). */
#include <criterion/criterion.h>

#include "core/paymethod.h"
#include "rowtest.h"

struct pm_row {
	const char *name;
	ks_paymethod_set want;
};

static const struct pm_row lookup_rows[] = {
	{ "credit_card", KS_PM_BIT(KS_PM_CREDIT_CARD) },
	{ "mandiri_clickpay", KS_PM_BIT(KS_PM_MANDIRI_CLICKPAY) },
	{ "cimb_clicks", KS_PM_BIT(KS_PM_CIMB_CLICKS) },
	{ "bca_klikbca", KS_PM_BIT(KS_PM_BCA_KLIKBCA) },
	{ "bca_klikpay", KS_PM_BIT(KS_PM_BCA_KLIKPAY) },
	{ "bri_epay", KS_PM_BIT(KS_PM_BRI_EPAY) },
	{ "telkomsel_cash", KS_PM_BIT(KS_PM_TELKOMSEL_CASH) },
	{ "echannel", KS_PM_BIT(KS_PM_ECHANNEL) },
	{ "indosat_dompetku", KS_PM_BIT(KS_PM_INDOSAT_DOMPETKU) },
	{ "mandiri_ecash", KS_PM_BIT(KS_PM_MANDIRI_ECASH) },
	{ "permata_va", KS_PM_BIT(KS_PM_PERMATA_VA) },
	{ "bca_va", KS_PM_BIT(KS_PM_BCA_VA) },
	{ "bni_va", KS_PM_BIT(KS_PM_BNI_VA) },
	{ "other_va", KS_PM_BIT(KS_PM_OTHER_VA) },
	{ "kioson", KS_PM_BIT(KS_PM_KIOSON) },
	{ "indomaret", KS_PM_BIT(KS_PM_INDOMARET) },
	{ "gci", KS_PM_BIT(KS_PM_GCI) },
	{ "danamon_online", KS_PM_BIT(KS_PM_DANAMON_ONLINE) },
	{ "bank_transfer", KS_PM_BIT(KS_PM_PERMATA_VA) | KS_PM_BIT(KS_PM_BCA_VA) | KS_PM_BIT(KS_PM_BNI_VA) },
	{ "cstore", KS_PM_BIT(KS_PM_KIOSON) | KS_PM_BIT(KS_PM_INDOMARET) },
	{ "gopay", 0 },
	{ "", 0 },
	{ "Credit_Card", 0 },
	{ "credit_card ", 0 },
	{ "bank_transfe", 0 },
};

ParameterizedTestParameters(paymethod, lookup)
{
	return ROWTEST_PARAMS(lookup_rows);
}

ParameterizedTest(size_t *i, paymethod, lookup)
{
	const struct pm_row *r = &lookup_rows[*i];
	cr_expect_eq(ks_paymethod_lookup(r->name), r->want, "'%s'", r->name);
}

Test(paymethod, names_round_trip)
{
	for (int m = 0; m < KS_PM__COUNT; m++) {
		const char *name = ks_paymethod_name((enum ks_paymethod)m);
		cr_assert_not_null(name);
		cr_expect_eq(ks_paymethod_lookup(name), KS_PM_BIT(m), "%s", name);
	}
	cr_expect_null(ks_paymethod_name(KS_PM__COUNT));
	cr_expect_null(ks_paymethod_name((enum ks_paymethod)-1));
	cr_expect_eq(ks_paymethod_lookup(NULL), 0);
}

Test(paymethod, format_in_spec_order)
{
	char buf[256];
	ks_paymethod_set set = KS_PM_BIT(KS_PM_INDOMARET) | KS_PM_BIT(KS_PM_CREDIT_CARD) | KS_PM_BIT(KS_PM_BCA_VA);
	cr_expect_str_eq(ks_paymethod_set_format(set, buf, sizeof(buf)), "credit_card,bca_va,indomaret");
	cr_expect_str_eq(ks_paymethod_set_format(0, buf, sizeof(buf)), "");
}

Test(paymethod, format_all_fits_256)
{
	char buf[256];
	ks_paymethod_set_format(KS_PM_ALL, buf, sizeof(buf));
	cr_expect_eq(ks_paymethod_set_parse(buf), KS_PM_ALL, "%s", buf);
}

Test(paymethod, format_small_buffer_keeps_whole_names)
{
	char buf[20];
	ks_paymethod_set set = KS_PM_BIT(KS_PM_CREDIT_CARD) | KS_PM_BIT(KS_PM_GCI) | KS_PM_BIT(KS_PM_DANAMON_ONLINE);
	cr_expect_str_eq(ks_paymethod_set_format(set, buf, sizeof(buf)), "credit_card,gci");
}

Test(paymethod, parse)
{
	cr_expect_eq(ks_paymethod_set_parse(""), 0);
	cr_expect_eq(ks_paymethod_set_parse(NULL), 0);
	cr_expect_eq(ks_paymethod_set_parse("gci"), KS_PM_BIT(KS_PM_GCI));
	cr_expect_eq(ks_paymethod_set_parse("gci,,nope, bca_va ,"),
		     KS_PM_BIT(KS_PM_GCI) | KS_PM_BIT(KS_PM_BCA_VA));
	cr_expect_eq(ks_paymethod_set_parse("cstore"), KS_PM_BIT(KS_PM_KIOSON) | KS_PM_BIT(KS_PM_INDOMARET));
	for (ks_paymethod_set s = 1; s < KS_PM_ALL; s = s * 3 + 1) {
		char buf[256];
		s &= KS_PM_ALL;
		cr_expect_eq(ks_paymethod_set_parse(ks_paymethod_set_format(s, buf, sizeof(buf))), s);
	}
}
