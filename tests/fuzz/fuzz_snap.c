/* This file contains the fuzz target of the Snap token request (SPEC
 * §2.3–§2.6): the request body is parsed as POST /snap/v1/transactions
 * does (api/snap.c parse_body: the nesting limit, then jansson), then
 * validated by ks_snap_validate. A valid request must hold what the rules
 * promise; an invalid one must say why in readable messages. */
#include <jansson.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "core/errlist.h"
#include "core/errors.h"
#include "core/jsonlimit.h"
#include "core/snap.h"
#include "fuzz.h"

#define ORDER_ID_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~."
#define MINUTE_MS (INT64_C(60) * 1000)

/* Blank bodies read as null, as in parse_body. */
static bool is_blank(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i < size; i++)
		if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n')
			return false;
	return true;
}

static void check_va(const char *va, size_t width)
{
	size_t n = strlen(va);
	FUZZ_CHECK(n == 0 || n == width);
	FUZZ_CHECK(strspn(va, "0123456789") == n);
}

static void check_url(const char *url)
{
	if (!url)
		return;
	FUZZ_CHECK(strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0);
	for (const char *p = url; *p; p++)
		FUZZ_CHECK((unsigned char)*p > 0x20 && *p != 0x7f);
}

static void check_valid(const struct ks_snap_req *r)
{
	size_t n = strlen(r->order_id);
	FUZZ_CHECK(n >= 1 && n <= KS_ORDER_ID_MAX);
	FUZZ_CHECK(strspn(r->order_id, ORDER_ID_CHARS) == n);
	FUZZ_CHECK(r->gross_amount >= KS_GROSS_AMOUNT_MIN && r->gross_amount <= KS_AMOUNT_MAX);
	check_url(r->finish_url);
	check_url(r->error_url);
	check_va(r->bca_va, KS_VA_BCA_DIGITS);
	check_va(r->bni_va, KS_VA_BNI_DIGITS);
	check_va(r->permata_va, KS_VA_PERMATA_DIGITS);
	if (r->permata_recipient) {
		FUZZ_CHECK(fuzz_utf8_ok(r->permata_recipient, strlen(r->permata_recipient)));
		for (const char *p = r->permata_recipient; *p; p++)
			FUZZ_CHECK(!(*p >= 'a' && *p <= 'z'));
	}
	if (r->user_id)
		FUZZ_CHECK(fuzz_utf8_ok(r->user_id, strlen(r->user_id)));
	FUZZ_CHECK(r->has_expiry || (!r->expiry_has_start && r->expiry_duration_ms == 0));
	if (r->has_expiry)
		FUZZ_CHECK(r->expiry_duration_ms >= MINUTE_MS &&
			   r->expiry_duration_ms <= 365 * 24 * 60 * MINUTE_MS);
	int64_t created = INT64_C(1700000000000);
	int64_t at = ks_snap_expiry_at(r, created);
	if (!r->has_expiry)
		FUZZ_CHECK(at == created + KS_SNAP_DEFAULT_EXPIRY_MS);
	else if (!r->expiry_has_start)
		FUZZ_CHECK(at == created + r->expiry_duration_ms);
}

/* Every message is non-empty, valid UTF-8 and free of control characters:
 * it goes back to the merchant in a JSON answer and into the log. */
static void check_messages(const struct ks_errlist *errs)
{
	FUZZ_CHECK(errs->n > 0 && errs->msgs);
	for (size_t i = 0; i < errs->n; i++) {
		const char *m = errs->msgs[i];
		FUZZ_CHECK(m && *m);
		FUZZ_CHECK(fuzz_utf8_ok(m, strlen(m)));
		FUZZ_CHECK(!fuzz_has_ctl(m));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool seeded;
	static const struct ks_snap_req zero;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	struct ks_snap_req req;
	json_t *body = NULL;
	if (!seeded) {
		/* a fixed hash seed keeps runs reproducible */
		json_object_seed(1);
		seeded = true;
	}
	if (is_blank(data, size)) {
		body = json_null();
	} else {
		if (ks_json_depth((const char *)data, size) > KS_JSON_MAX_DEPTH)
			return 0;
		body = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
				  NULL);
		if (!body)
			return 0;
	}
	int rc = ks_snap_validate(body, &req, &errs);
	if (rc == KS_OK) {
		FUZZ_CHECK(errs.n == 0);
		check_valid(&req);
		ks_snap_req_release(&req);
		FUZZ_CHECK(memcmp(&req, &zero, sizeof(req)) == 0);
	} else {
		FUZZ_CHECK(rc == KS_ERR_INVALID);
		FUZZ_CHECK(memcmp(&req, &zero, sizeof(req)) == 0);
		check_messages(&errs);
	}
	ks_errlist_release(&errs);
	json_decref(body);
	return 0;
}
