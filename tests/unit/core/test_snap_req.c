/* This file contains the Snap request tests beyond single rules: every error
 * reported at once, and the normalised fields a valid request yields. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "snaptest.h"

/* Validates tmpl and checks the messages, in order. */
static void expect_messages(const char *tmpl, const char *const *want, size_t n)
{
	struct ks_snap_req req;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	cr_expect_eq(snaptest_validate(tmpl, &req, &errs), KS_ERR_INVALID);
	char *got = snaptest_join(&errs);
	cr_assert_eq(errs.n, n, "want %zu messages, got: %s", n, got);
	for (size_t i = 0; i < n; i++)
		cr_expect_str_eq(errs.msgs[i], want[i]);
	free(got);
	ks_errlist_release(&errs);
}

static const char *const missing_td[] = {
	"transaction_details.order_id is required",
	"transaction_details.gross_amount is required",
};

Test(snap_req, empty_object_names_missing_fields)
{
	expect_messages("{}", missing_td, 2);
}

Test(snap_req, json_null_is_empty_object)
{
	expect_messages("null", missing_td, 2);
}

Test(snap_req, null_body_is_empty_object)
{
	struct ks_snap_req req;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	cr_expect_eq(ks_snap_validate(NULL, &req, &errs), KS_ERR_INVALID);
	cr_assert_eq(errs.n, 2);
	cr_expect_str_eq(errs.msgs[0], missing_td[0]);
	ks_errlist_release(&errs);
}

Test(snap_req, three_broken_fields_three_messages)
{
	static const char *const want[] = {
		"transaction_details.gross_amount must be at least 10000",
		"customer_details.email is not a valid email address",
		"expiry.unit must be day, hour or minute",
	};
	expect_messages("{'transaction_details':{'order_id':'A1','gross_amount':500},"
			"'customer_details':{'email':'nope'},"
			"'expiry':{'unit':'week','duration':1}}",
			want, 3);
}

Test(snap_req, every_error_at_once)
{
	static const char *const want[] = {
		"transaction_details.order_id may contain only letters, digits and - _ ~ .",
		"transaction_details.gross_amount must be a whole number of rupiah (no decimals)",
		"item_details[0].quantity must be at least 1",
		"item_details[1].name is required",
		"enabled_payments[0] 'gopay' is not a supported payment method",
		"enabled_payments: other_va needs permata_va, because other banks are paid through Permata",
		"credit_card.bank must be one of: bca, bni, mandiri, cimb, bri, danamon, maybank, mega",
		"bni_va.va_number must contain digits only",
		"callbacks.finish must be an http:// or https:// URL",
		"expiry.duration is required",
		"user_id must be a string",
	};
	expect_messages("{'transaction_details':{'order_id':'a b','gross_amount':10000.5},"
			"'item_details':[{'name':'A','price':1,'quantity':0},{'price':1,'quantity':1}],"
			"'enabled_payments':['gopay','other_va'],'credit_card':{'bank':'x'},"
			"'bni_va':{'va_number':'x'},'callbacks':{'finish':'ftp://a'},"
			"'expiry':{'unit':'day'},'user_id':1}",
			want, sizeof(want) / sizeof(want[0]));
}

Test(snap_req, expiry_with_only_start_needs_unit_and_duration)
{
	static const char *const want[] = { "expiry.unit is required", "expiry.duration is required" };
	expect_messages("{'transaction_details':{'order_id':'A1','gross_amount':10000},"
			"'expiry':{'start_time':'2018-12-13 18:11:08 +0700'}}",
			want, 2);
}

Test(snap_req, messages_are_appended_and_out_released)
{
	struct ks_snap_req req;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	ks_errlist_add(&errs, "earlier");
	cr_expect_eq(snaptest_validate("{'transaction_details':{'order_id':'A1','gross_amount':1},"
				       "'user_id':'u','callbacks':{'finish':'https://a.b'}}",
				       &req, &errs),
		     KS_ERR_INVALID);
	cr_assert_eq(errs.n, 2);
	cr_expect_str_eq(errs.msgs[0], "earlier");
	cr_expect_null(req.user_id);
	cr_expect_null(req.finish_url);
	cr_expect_str_eq(req.order_id, "");
	ks_errlist_release(&errs);
}

/* Validates a body that must be valid. */
static void valid(const char *tmpl, struct ks_snap_req *req)
{
	struct ks_errlist errs = KS_ERRLIST_INIT;
	int rc = snaptest_validate(tmpl, req, &errs);
	char *got = snaptest_join(&errs);
	cr_assert_eq(rc, KS_OK, "unexpected: %s", got);
	free(got);
	ks_errlist_release(&errs);
}

#define TDV "{'transaction_details':{'order_id':'ORDER-101','gross_amount':10000}"

Test(snap_req, fields_of_a_full_request)
{
	struct ks_snap_req r;
	valid(TDV ",'enabled_payments':['credit_card','cstore'],"
		  "'callbacks':{'finish':'https://shop.example/f','error':'http://shop.example/e'},"
		  "'credit_card':{'secure':true,'type':'authorize','save_card':true},"
		  "'user_id':'cust-1'}",
	      &r);
	cr_expect_str_eq(r.order_id, "ORDER-101");
	cr_expect_eq(r.gross_amount, 10000);
	cr_expect_eq(r.enabled_payments,
		     KS_PM_BIT(KS_PM_CREDIT_CARD) | KS_PM_BIT(KS_PM_KIOSON) | KS_PM_BIT(KS_PM_INDOMARET));
	cr_expect_str_eq(r.finish_url, "https://shop.example/f");
	cr_expect_str_eq(r.error_url, "http://shop.example/e");
	cr_expect(r.cc_secure && r.cc_authorize && r.cc_save_card);
	cr_expect_str_eq(r.user_id, "cust-1");
	cr_expect_not(r.has_expiry);
	ks_snap_req_release(&r);
	cr_expect_null(r.user_id);
}

Test(snap_req, defaults_when_absent)
{
	struct ks_snap_req r;
	valid(TDV ",'credit_card':{'type':'authorize_capture'},'enabled_payments':[]}", &r);
	cr_expect_eq(r.enabled_payments, 0);
	cr_expect_null(r.finish_url);
	cr_expect_null(r.permata_recipient);
	cr_expect_not(r.cc_secure || r.cc_authorize || r.cc_save_card);
	cr_expect_str_eq(r.bca_va, "");
	ks_snap_req_release(&r);
}

Test(snap_req, string_and_real_amounts)
{
	struct ks_snap_req r;
	valid("{'transaction_details':{'order_id':12345,'gross_amount':'25000'}}", &r);
	cr_expect_str_eq(r.order_id, "12345");
	cr_expect_eq(r.gross_amount, 25000);
	ks_snap_req_release(&r);
	valid("{'transaction_details':{'order_id':'a','gross_amount':25000.0}}", &r);
	cr_expect_eq(r.gross_amount, 25000);
	ks_snap_req_release(&r);
}

struct va_row {
	const char *body;
	const char *bca, *permata, *bni;
};

Test(snap_req, va_numbers_padded_and_cut)
{
	static const struct va_row rows[] = {
		{ TDV ",'bca_va':{'va_number':'12345'}}", "00000012345", "", "" },
		{ TDV ",'bca_va':{'va_number':'12345678901'}}", "12345678901", "", "" },
		{ TDV ",'bca_va':{'va_number':'123456789012345'}}", "12345678901", "", "" },
		{ TDV ",'permata_va':{'va_number':'123'}}", "", "0000000123", "" },
		{ TDV ",'permata_va':{'va_number':'1234567890'}}", "", "1234567890", "" },
		{ TDV ",'permata_va':{'va_number':'123456789012'}}", "", "1234567890", "" },
		{ TDV ",'bni_va':{'va_number':'12'}}", "", "", "00000012" },
		{ TDV ",'bni_va':{'va_number':'12345678'}}", "", "", "12345678" },
		{ TDV ",'bni_va':{'va_number':'1234567890'}}", "", "", "12345678" },
		{ TDV ",'bni_va':{'va_number':null},'bca_va':{}}", "", "", "" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct ks_snap_req r;
		valid(rows[i].body, &r);
		cr_expect_str_eq(r.bca_va, rows[i].bca, "row %zu", i);
		cr_expect_str_eq(r.permata_va, rows[i].permata, "row %zu", i);
		cr_expect_str_eq(r.bni_va, rows[i].bni, "row %zu", i);
		ks_snap_req_release(&r);
	}
}

Test(snap_req, permata_recipient_upper_cased)
{
	struct ks_snap_req r;
	valid(TDV ",'permata_va':{'recipient_name':'toko éka 9'}}", &r);
	cr_expect_str_eq(r.permata_recipient, "TOKO éKA 9");
	ks_snap_req_release(&r);
}

Test(snap_req, expiry_fields_and_expiry_at)
{
	struct ks_snap_req r;
	const int64_t created = INT64_C(1700000000000);
	valid(TDV ",'expiry':{'unit':'minutes','duration':15}}", &r);
	cr_expect(r.has_expiry && !r.expiry_has_start);
	cr_expect_eq(r.expiry_duration_ms, 15 * 60 * 1000);
	cr_expect_eq(ks_snap_expiry_at(&r, created), created + 15 * 60 * 1000);
	ks_snap_req_release(&r);

	/* 2018-12-13 18:11:08 +0700 is 11:11:08 UTC, epoch 1544699468 */
	valid(TDV ",'expiry':{'start_time':'2018-12-13 18:11:08 +0700','unit':'DAY','duration':2}}", &r);
	cr_expect(r.expiry_has_start);
	cr_expect_eq(r.expiry_start_ms, INT64_C(1544699468000));
	cr_expect_eq(ks_snap_expiry_at(&r, created), INT64_C(1544699468000) + 2 * 86400000LL);
	ks_snap_req_release(&r);

	valid(TDV "}", &r);
	cr_expect_eq(ks_snap_expiry_at(&r, created), created + KS_SNAP_DEFAULT_EXPIRY_MS);
	ks_snap_req_release(&r);
}

Test(snap_req, each_payment_method_by_name)
{
	for (int m = 0; m < KS_PM__COUNT; m++) {
		char body[256];
		struct ks_snap_req r;
		const char *extra = m == KS_PM_OTHER_VA ? ",'permata_va'" : "";
		snprintf(body, sizeof(body), TDV ",'enabled_payments':['%s'%s]}",
			 ks_paymethod_name((enum ks_paymethod)m), extra);
		valid(body, &r);
		ks_paymethod_set want = KS_PM_BIT(m);
		if (m == KS_PM_OTHER_VA)
			want |= KS_PM_BIT(KS_PM_PERMATA_VA);
		cr_expect_eq(r.enabled_payments, want, "%s", ks_paymethod_name((enum ks_paymethod)m));
		ks_snap_req_release(&r);
	}
}

Test(snap_req, bank_transfer_alias_expands)
{
	struct ks_snap_req r;
	valid(TDV ",'enabled_payments':['bank_transfer','bca_va']}", &r);
	cr_expect_eq(r.enabled_payments, KS_PM_BIT(KS_PM_PERMATA_VA) | KS_PM_BIT(KS_PM_BCA_VA) |
						 KS_PM_BIT(KS_PM_BNI_VA));
	ks_snap_req_release(&r);
}
