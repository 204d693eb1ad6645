/* This file contains the validation of a Snap token request (SPEC §2.3–§2.6):
 * typed field helpers that report "<path> must be ..." messages, then one
 * function per part of the request, each collecting every failed rule. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/errors.h"
#include "core/email.h"
#include "core/snap.h"
#include "core/timefmt.h"
#include "util/xalloc.h"

/* Room for the longest dotted path kasir builds (fixed names plus indexes). */
#define PATHSZ 192
/* Names quoted back in messages are cut to this many code points. */
#define QUOTE_MAX 50
#define STR255 255
#define QUANTITY_MAX 1000000
#define INSTALLMENT_MAX 36
#define FREE_TEXT_MAX_ITEMS 10
#define EXPIRY_MAX_MINUTES (365 * 24 * 60)

enum { ABSENT = 0, PRESENT = 1, INVALID = -1 };
/* What a whole-number rule is about, for the message on a fraction. */
enum int_kind { INT_RUPIAH, INT_COUNT };

/* A string field of an object: its key, maximum length, and whether it must
 * be present. */
struct str_rule {
	const char *key;
	size_t max;
	bool required;
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- paths and small text helpers ---- */

/* Marks a path cut short; kasir's own names and indexes never get there. */
static void path_fit(char *buf, int n)
{
	if (n < 0)
		buf[0] = '\0';
	else if (n >= PATHSZ)
		memcpy(buf + PATHSZ - 4, "...", 4);
}

static void path_key(char *buf, const char *parent, const char *key)
{
	path_fit(buf, parent ? snprintf(buf, PATHSZ, "%s.%s", parent, key)
			     : snprintf(buf, PATHSZ, "%s", key));
}

static void path_index(char *buf, const char *parent, size_t i)
{
	path_fit(buf, snprintf(buf, PATHSZ, "%s[%zu]", parent, i));
}

/* A member of obj, NULL when absent or JSON null (null counts as absent). */
static const json_t *member(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	return json_is_null(v) ? NULL : v;
}

/* Length in Unicode code points of valid UTF-8. */
static size_t utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Copies at most QUOTE_MAX code points of s into buf (QUOTE_MAX * 4 + 1
 * bytes), control characters replaced by '?', so outside text quoted in a
 * message stays short, printable and valid UTF-8. */
static char *quote_name(const char *s, char *buf)
{
	size_t n = 0, cps = 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c & 0xC0) != 0x80 && cps++ == QUOTE_MAX)
			break;
		buf[n++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	buf[n] = '\0';
	return buf;
}

static bool is_digit_string(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	return n >= min && n <= max && ks_va_is_digits(s);
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* ---- typed field checks: each reports its own message ---- */

/* Checks that v is a string of at most max code points without NUL. */
static int check_string(struct ks_errlist *errs, const json_t *v, const char *path, size_t max,
			bool required, const char **out)
{
	*out = NULL;
	if (!v) {
		if (required)
			ks_errlist_add(errs, "%s is required", path);
		return required ? INVALID : ABSENT;
	}
	if (!json_is_string(v)) {
		ks_errlist_add(errs, "%s must be a string", path);
		return INVALID;
	}
	const char *s = json_string_value(v);
	if (json_string_length(v) != strlen(s)) {
		ks_errlist_add(errs, "%s must not contain a NUL character", path);
		return INVALID;
	}
	if (utf8_len(s) > max) {
		ks_errlist_add(errs, "%s must be at most %zu characters", path, max);
		return INVALID;
	}
	*out = s;
	return PRESENT;
}

static int get_string(struct ks_errlist *errs, const json_t *obj, const char *parent,
		      const char *key, size_t max, bool required, const char **out)
{
	char path[PATHSZ];
	path_key(path, parent, key);
	return check_string(errs, member(obj, key), path, max, required, out);
}

static void check_strings(struct ks_errlist *errs, const json_t *obj, const char *parent,
			  const struct str_rule *rules, size_t n)
{
	const char *s;
	for (size_t i = 0; i < n; i++)
		get_string(errs, obj, parent, rules[i].key, rules[i].max, rules[i].required, &s);
}

/* Parses a plain decimal integer ("-?[0-9]+"), saturating far beyond any
 * bound kasir checks. Returns false when s is not one. */
static bool parse_decimal(const char *s, int64_t *out)
{
	bool neg = *s == '-';
	int64_t v = 0;
	s += neg;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v < INT64_C(100000000000000000))
			v = v * 10 + (*s - '0');
	}
	*out = neg ? -v : v;
	return true;
}

/* True when s looks like "-?[0-9]+\.[0-9]+", a number with decimals. */
static bool is_decimal_fraction(const char *s)
{
	const char *dot = strchr(s, '.');
	if (!dot || dot == s || !dot[1])
		return false;
	char *int_part = ks_xstrndup(s, (size_t)(dot - s));
	int64_t ignored;
	bool ok = parse_decimal(int_part, &ignored) && ks_va_is_digits(dot + 1);
	free(int_part);
	return ok;
}

static void report_fraction(struct ks_errlist *errs, const char *path, enum int_kind kind)
{
	if (kind == INT_RUPIAH)
		ks_errlist_add(errs, "%s must be a whole number of rupiah (no decimals)", path);
	else
		ks_errlist_add(errs, "%s must be a whole number", path);
}

/* Checks a whole number: a JSON integer, a real without fraction, or a
 * string holding a plain decimal integer (merchants send all three). Range
 * rules are the caller's; values far out of range saturate. */
static int check_int(struct ks_errlist *errs, const json_t *v, const char *path, bool required,
		     enum int_kind kind, int64_t *out)
{
	*out = 0;
	if (!v) {
		if (required)
			ks_errlist_add(errs, "%s is required", path);
		return required ? INVALID : ABSENT;
	}
	if (json_is_integer(v)) {
		*out = (int64_t)json_integer_value(v);
		return PRESENT;
	}
	if (json_is_real(v)) {
		double d = json_real_value(v);
		/* beyond 2^53 every double is whole, so only nearer ones can
		 * have a fraction; far ones saturate */
		bool near = d > -1e18 && d < 1e18;
		if (!isfinite(d) || (near && (double)(int64_t)d != d)) {
			report_fraction(errs, path, kind);
			return INVALID;
		}
		*out = near ? (int64_t)d : d < 0 ? -INT64_C(1000000000000000000)
						 : INT64_C(1000000000000000000);
		return PRESENT;
	}
	if (json_is_string(v) && json_string_length(v) == strlen(json_string_value(v))) {
		if (parse_decimal(json_string_value(v), out))
			return PRESENT;
		if (is_decimal_fraction(json_string_value(v))) {
			report_fraction(errs, path, kind);
			return INVALID;
		}
	}
	ks_errlist_add(errs, "%s must be an integer", path);
	return INVALID;
}

static int get_int(struct ks_errlist *errs, const json_t *obj, const char *parent, const char *key,
		   bool required, enum int_kind kind, int64_t *out)
{
	char path[PATHSZ];
	path_key(path, parent, key);
	return check_int(errs, member(obj, key), path, required, kind, out);
}

static int get_bool(struct ks_errlist *errs, const json_t *obj, const char *parent,
		    const char *key, bool *out)
{
	const json_t *v = member(obj, key);
	*out = false;
	if (!v)
		return ABSENT;
	if (!json_is_boolean(v)) {
		char path[PATHSZ];
		path_key(path, parent, key);
		ks_errlist_add(errs, "%s must be a boolean", path);
		return INVALID;
	}
	*out = json_is_true(v);
	return PRESENT;
}

/* An optional member that must be an array (is_array) or an object. */
static int get_typed(struct ks_errlist *errs, const json_t *obj, const char *parent,
		     const char *key, bool is_array, const json_t **out)
{
	const json_t *v = member(obj, key);
	*out = NULL;
	if (!v)
		return ABSENT;
	if (is_array ? !json_is_array(v) : !json_is_object(v)) {
		char path[PATHSZ];
		path_key(path, parent, key);
		ks_errlist_add(errs, "%s must be %s", path, is_array ? "an array" : "an object");
		return INVALID;
	}
	*out = v;
	return PRESENT;
}

static int get_object(struct ks_errlist *errs, const json_t *obj, const char *parent,
		      const char *key, const json_t **out)
{
	return get_typed(errs, obj, parent, key, false, out);
}

static int get_array(struct ks_errlist *errs, const json_t *obj, const char *parent,
		     const char *key, const json_t **out)
{
	return get_typed(errs, obj, parent, key, true, out);
}

/* An optional string that must be one of list; the message lists them. */
static int get_enum(struct ks_errlist *errs, const json_t *obj, const char *parent,
		    const char *key, const char *const *list, size_t n, const char **out)
{
	int rc = get_string(errs, obj, parent, key, STR255, false, out);
	if (rc != PRESENT || in_list(*out, list, n))
		return rc;
	char path[PATHSZ], names[256] = "";
	size_t used = 0;
	for (size_t i = 0; i < n && used < sizeof(names); i++)
		used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
					 i ? ", " : "", list[i]);
	path_key(path, parent, key);
	ks_errlist_add(errs, "%s must be one of: %s", path, names);
	*out = NULL;
	return INVALID;
}

/* ---- transaction_details and item_details (§2.3) ---- */

#define ORDER_ID_CHARS \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~."

/* order_id; merchants following the PHP samples send rand(), an integer,
 * which is taken as its decimal text. */
static void check_order_id(struct ks_errlist *errs, const json_t *td, struct ks_snap_req *req)
{
	static const char path[] = "transaction_details.order_id";
	const json_t *v = member(td, "order_id");
	char num[32];
	const char *s;
	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		s = num;
	} else if (check_string(errs, v, path, SIZE_MAX, true, &s) != PRESENT) {
		return;
	}
	size_t len = utf8_len(s);
	bool ok = true;
	if (len == 0 || len > KS_ORDER_ID_MAX) {
		if (len == 0)
			ks_errlist_add(errs, "%s must not be empty", path);
		else
			ks_errlist_add(errs, "%s must be at most %d characters", path, KS_ORDER_ID_MAX);
		ok = false;
	}
	if (strspn(s, ORDER_ID_CHARS) != strlen(s)) {
		ks_errlist_add(errs, "%s may contain only letters, digits and - _ ~ .", path);
		ok = false;
	}
	/* only ASCII passes, so len counts bytes too */
	if (ok)
		memcpy(req->order_id, s, len + 1);
}

/* Returns true when gross_amount is valid (then stored in req). */
static bool check_transaction_details(struct ks_errlist *errs, const json_t *body,
				      struct ks_snap_req *req)
{
	static const char parent[] = "transaction_details";
	const json_t *td;
	int64_t amount;
	/* absent counts as {}, so the merchant learns which fields are missing */
	if (get_object(errs, body, NULL, parent, &td) == INVALID)
		return false;
	check_order_id(errs, td, req);
	if (get_int(errs, td, parent, "gross_amount", true, INT_RUPIAH, &amount) != PRESENT)
		return false;
	if (amount < KS_GROSS_AMOUNT_MIN) {
		ks_errlist_add(errs, "%s.gross_amount must be at least %d", parent, KS_GROSS_AMOUNT_MIN);
		return false;
	}
	if (amount > KS_AMOUNT_MAX) {
		ks_errlist_add(errs, "%s.gross_amount must be at most %lld", parent,
			       (long long)KS_AMOUNT_MAX);
		return false;
	}
	req->gross_amount = amount;
	return true;
}

/* Checks one item; returns true and sets *subtotal when it is valid. */
static bool check_item(struct ks_errlist *errs, const json_t *item, const char *path,
		       int64_t *subtotal)
{
	static const struct str_rule rules[] = {
		{ "id", 50, false },	   { "name", 50, true },
		{ "brand", 50, false },	   { "category", 50, false },
		{ "merchant_name", 50, false },
	};
	size_t n0 = errs->n;
	int64_t price, qty;
	if (!json_is_object(item)) {
		ks_errlist_add(errs, "%s must be an object", path);
		return false;
	}
	if (get_int(errs, item, path, "price", true, INT_RUPIAH, &price) == PRESENT &&
	    (price > KS_AMOUNT_MAX || price < -KS_AMOUNT_MAX))
		ks_errlist_add(errs, "%s.price must be between %lld and %lld", path,
			       (long long)-KS_AMOUNT_MAX, (long long)KS_AMOUNT_MAX);
	if (get_int(errs, item, path, "quantity", true, INT_COUNT, &qty) == PRESENT) {
		if (qty < 1)
			ks_errlist_add(errs, "%s.quantity must be at least 1", path);
		else if (qty > QUANTITY_MAX)
			ks_errlist_add(errs, "%s.quantity must be at most %d", path, QUANTITY_MAX);
	}
	check_strings(errs, item, path, rules, NELEM(rules));
	if (errs->n != n0)
		return false;
	/* bounded above, so this cannot overflow; checked all the same */
	return !__builtin_mul_overflow(price, qty, subtotal);
}

static void check_items(struct ks_errlist *errs, const json_t *body, bool gross_ok,
			int64_t gross)
{
	const json_t *items;
	char path[PATHSZ];
	bool all_ok = true, overflow = false;
	int64_t sum = 0, sub;
	if (get_array(errs, body, NULL, "item_details", &items) != PRESENT)
		return;
	for (size_t i = 0; i < json_array_size(items); i++) {
		path_index(path, "item_details", i);
		if (!check_item(errs, json_array_get(items, i), path, &sub))
			all_ok = false;
		else if (__builtin_add_overflow(sum, sub, &sum))
			overflow = true;
	}
	/* an empty array lists no items: nothing to add up */
	if (json_array_size(items) && all_ok && gross_ok && (overflow || sum != gross))
		ks_errlist_add(errs,
			       "transaction_details.gross_amount is not equal to the sum of item_details");
}

/* ---- enabled_payments (§2.3, §4.1) ---- */

static void check_enabled_payments(struct ks_errlist *errs, const json_t *body,
				   struct ks_snap_req *req)
{
	const json_t *list;
	char path[PATHSZ], quoted[QUOTE_MAX * 4 + 1];
	ks_paymethod_set set = 0;
	if (get_array(errs, body, NULL, "enabled_payments", &list) != PRESENT)
		return;
	for (size_t i = 0; i < json_array_size(list); i++) {
		const char *name;
		path_index(path, "enabled_payments", i);
		if (check_string(errs, json_array_get(list, i), path, SIZE_MAX, true, &name) != PRESENT)
			continue;
		ks_paymethod_set one = ks_paymethod_lookup(name);
		if (!one)
			ks_errlist_add(errs, "%s '%s' is not a supported payment method", path,
				       quote_name(name, quoted));
		set |= one;
	}
	if ((set & KS_PM_BIT(KS_PM_OTHER_VA)) && !(set & KS_PM_BIT(KS_PM_PERMATA_VA)))
		ks_errlist_add(errs, "enabled_payments: other_va needs permata_va, because other "
				     "banks are paid through Permata");
	req->enabled_payments = set;
}

/* ---- customer_details (§2.3) ---- */

/* email of customer_details or an address: "" counts as absent, because
 * shop plugins send it for customers who gave none. */
static void check_email(struct ks_errlist *errs, const json_t *obj, const char *parent)
{
	const char *email;
	const json_t *v = member(obj, "email");
	if (!json_is_string(v) || json_string_length(v) == 0)
		return; /* type errors are reported by the string rules */
	email = json_string_value(v);
	if (json_string_length(v) == strlen(email) && utf8_len(email) <= STR255 && !ks_email_ok(email))
		ks_errlist_add(errs, "%s.email is not a valid email address", parent);
}

static void check_address(struct ks_errlist *errs, const json_t *cd, const char *key)
{
	static const struct str_rule rules[] = {
		{ "first_name", STR255, false }, { "last_name", STR255, false },
		{ "email", STR255, false },	 { "phone", STR255, false },
		{ "address", 200, false },	 { "city", 100, false },
		{ "postal_code", 10, false },	 { "country_code", 10, false },
	};
	char path[PATHSZ];
	const json_t *addr;
	if (get_object(errs, cd, "customer_details", key, &addr) != PRESENT)
		return;
	path_key(path, "customer_details", key);
	check_strings(errs, addr, path, rules, NELEM(rules));
	check_email(errs, addr, path);
}

static void check_customer(struct ks_errlist *errs, const json_t *body)
{
	static const struct str_rule rules[] = {
		{ "first_name", STR255, false },
		{ "last_name", STR255, false },
		{ "email", STR255, false },
		{ "phone", STR255, false },
	};
	const json_t *cd;
	if (get_object(errs, body, NULL, "customer_details", &cd) != PRESENT)
		return;
	check_strings(errs, cd, "customer_details", rules, NELEM(rules));
	check_email(errs, cd, "customer_details");
	check_address(errs, cd, "billing_address");
	check_address(errs, cd, "shipping_address");
}

/* ---- credit_card (§2.4) ---- */

static const char *const acquiring_banks[] = { "bca", "bni", "mandiri", "cimb",
					       "bri", "danamon", "maybank", "mega" };
static const char *const bin_banks[] = { "bni", "bca", "mandiri", "cimb", "bri", "maybank" };
static const char *const installment_banks[] = { "bni", "mandiri", "cimb", "bca",
						 "bri", "maybank", "offline" };

static void check_whitelist(struct ks_errlist *errs, const json_t *cc)
{
	static const char parent[] = "credit_card.whitelist_bins";
	const json_t *bins;
	char path[PATHSZ];
	if (get_array(errs, cc, "credit_card", "whitelist_bins", &bins) != PRESENT)
		return;
	for (size_t i = 0; i < json_array_size(bins); i++) {
		const char *s;
		path_index(path, parent, i);
		if (check_string(errs, json_array_get(bins, i), path, STR255, true, &s) != PRESENT)
			continue;
		if (!is_digit_string(s, 1, 8) && !in_list(s, bin_banks, NELEM(bin_banks)))
			ks_errlist_add(errs, "%s must be a card number prefix of 1 to 8 digits or "
					     "one of: bni, bca, mandiri, cimb, bri, maybank", path);
	}
}

/* One terms entry: a non-empty array of month counts 1..36. */
static void check_terms_list(struct ks_errlist *errs, const json_t *months, const char *path)
{
	char ipath[PATHSZ];
	int64_t m;
	if (!json_is_array(months)) {
		ks_errlist_add(errs, "%s must be an array", path);
		return;
	}
	if (json_array_size(months) == 0)
		ks_errlist_add(errs, "%s must not be empty", path);
	for (size_t i = 0; i < json_array_size(months); i++) {
		path_index(ipath, path, i);
		if (check_int(errs, json_array_get(months, i), ipath, true, INT_COUNT, &m) == PRESENT &&
		    (m < 1 || m > INSTALLMENT_MAX))
			ks_errlist_add(errs, "%s must be between 1 and %d", ipath, INSTALLMENT_MAX);
	}
}

static void check_installment(struct ks_errlist *errs, const json_t *cc)
{
	static const char parent[] = "credit_card.installment";
	const json_t *inst, *terms;
	const char *bank;
	json_t *months;
	char path[PATHSZ], quoted[QUOTE_MAX * 4 + 1];
	bool required;
	if (get_object(errs, cc, "credit_card", "installment", &inst) != PRESENT)
		return;
	get_bool(errs, inst, parent, "required", &required);
	if (get_object(errs, inst, parent, "terms", &terms) != PRESENT)
		return;
	/* jansson iterates in insertion order, so messages follow the request */
	json_object_foreach((json_t *)terms, bank, months) {
		if (!in_list(bank, installment_banks, NELEM(installment_banks))) {
			ks_errlist_add(errs, "%s.terms '%s' is not one of: bni, mandiri, cimb, bca, "
					     "bri, maybank, offline", parent, quote_name(bank, quoted));
			continue;
		}
		path_fit(path, snprintf(path, PATHSZ, "%s.terms.%s", parent, bank));
		check_terms_list(errs, months, path);
	}
}

static void check_credit_card(struct ks_errlist *errs, const json_t *body, struct ks_snap_req *req)
{
	static const char *const channels[] = { "migs" };
	static const char *const types[] = { "authorize", "authorize_capture" };
	static const char parent[] = "credit_card";
	const json_t *cc;
	const char *s;
	if (get_object(errs, body, NULL, parent, &cc) != PRESENT)
		return;
	get_bool(errs, cc, parent, "secure", &req->cc_secure);
	get_enum(errs, cc, parent, "bank", acquiring_banks, NELEM(acquiring_banks), &s);
	get_enum(errs, cc, parent, "channel", channels, NELEM(channels), &s);
	if (get_enum(errs, cc, parent, "type", types, NELEM(types), &s) == PRESENT)
		req->cc_authorize = strcmp(s, "authorize") == 0;
	check_whitelist(errs, cc);
	check_installment(errs, cc);
	get_bool(errs, cc, parent, "save_card", &req->cc_save_card);
	get_string(errs, cc, parent, "card_token", STR255, false, &s);
}

/* ---- bca_va, permata_va, bni_va (§2.5) ---- */

/* The VA object named key; its va_number normalised to width digits into out. */
static const json_t *check_va(struct ks_errlist *errs, const json_t *body, const char *key,
			      size_t width, char *out)
{
	const json_t *va;
	const char *num;
	char path[PATHSZ];
	if (get_object(errs, body, NULL, key, &va) != PRESENT)
		return NULL;
	path_key(path, key, "va_number");
	if (check_string(errs, member(va, "va_number"), path, SIZE_MAX, false, &num) != PRESENT)
		return va;
	if (!ks_va_is_digits(num))
		ks_errlist_add(errs, "%s must contain digits only", path);
	else
		ks_va_normalise(num, width, out);
	return va;
}

static void check_free_text_list(struct ks_errlist *errs, const json_t *ft, const char *key)
{
	static const struct str_rule rules[] = { { "en", 50, true }, { "id", 50, true } };
	static const char parent[] = "bca_va.free_text";
	const json_t *list;
	char path[PATHSZ], ipath[PATHSZ];
	if (get_array(errs, ft, parent, key, &list) != PRESENT)
		return;
	path_key(path, parent, key);
	if (json_array_size(list) > FREE_TEXT_MAX_ITEMS)
		ks_errlist_add(errs, "%s must have at most %d items", path, FREE_TEXT_MAX_ITEMS);
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *item = json_array_get(list, i);
		path_index(ipath, path, i);
		if (!json_is_object(item))
			ks_errlist_add(errs, "%s must be an object", ipath);
		else
			check_strings(errs, item, ipath, rules, NELEM(rules));
	}
}

static void check_vas(struct ks_errlist *errs, const json_t *body, struct ks_snap_req *req)
{
	const json_t *bca, *permata, *ft;
	const char *name;
	bca = check_va(errs, body, "bca_va", KS_VA_BCA_DIGITS, req->bca_va);
	if (get_object(errs, bca, "bca_va", "free_text", &ft) == PRESENT) {
		check_free_text_list(errs, ft, "inquiry");
		check_free_text_list(errs, ft, "payment");
	}
	permata = check_va(errs, body, "permata_va", KS_VA_PERMATA_DIGITS, req->permata_va);
	if (get_string(errs, permata, "permata_va", "recipient_name", 20, false, &name) == PRESENT) {
		req->permata_recipient = ks_xstrdup(name);
		for (char *p = req->permata_recipient; *p; p++)
			if ((unsigned char)*p < 0x80)
				*p = (char)toupper((unsigned char)*p);
	}
	check_va(errs, body, "bni_va", KS_VA_BNI_DIGITS, req->bni_va);
}

/* ---- callbacks, expiry and the plain strings (§2.3, §2.6) ---- */

/* http:// or https:// (any case) followed by a non-empty host, with no
 * spaces or control characters anywhere. */
static bool is_http_url(const char *s)
{
	size_t skip = strncasecmp(s, "http://", 7) == 0	   ? 7
		      : strncasecmp(s, "https://", 8) == 0 ? 8
							   : 0;
	if (!skip)
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return false;
	return s[skip] && !strchr("/?#:@", s[skip]);
}

static void check_callback(struct ks_errlist *errs, const json_t *cb, const char *key, char **out)
{
	const char *url;
	if (get_string(errs, cb, "callbacks", key, STR255, false, &url) != PRESENT)
		return;
	if (!is_http_url(url))
		ks_errlist_add(errs, "callbacks.%s must be an http:// or https:// URL", key);
	else
		*out = ks_xstrdup(url);
}

static void check_callbacks(struct ks_errlist *errs, const json_t *body, struct ks_snap_req *req)
{
	const json_t *cb;
	if (get_object(errs, body, NULL, "callbacks", &cb) != PRESENT)
		return;
	check_callback(errs, cb, "finish", &req->finish_url);
	check_callback(errs, cb, "error", &req->error_url);
}

/* Minutes in one unit of expiry.unit; 0 when it is not a unit. */
static int64_t unit_minutes(const char *unit)
{
	static const struct {
		const char *name;
		int64_t minutes;
	} units[] = {
		{ "minute", 1 }, { "minutes", 1 }, { "hour", 60 },
		{ "hours", 60 }, { "day", 1440 },  { "days", 1440 },
	};
	for (size_t i = 0; i < NELEM(units); i++)
		if (strcasecmp(unit, units[i].name) == 0)
			return units[i].minutes;
	return 0;
}

static void check_expiry(struct ks_errlist *errs, const json_t *body, struct ks_snap_req *req)
{
	static const char parent[] = "expiry";
	const json_t *ex;
	const char *start, *unit;
	int64_t per = 0, duration;
	if (get_object(errs, body, NULL, parent, &ex) != PRESENT)
		return;
	req->has_expiry = true;
	if (get_string(errs, ex, parent, "start_time", STR255, false, &start) == PRESENT) {
		if (ks_time_parse_expiry(start, &req->expiry_start_ms) != 0)
			ks_errlist_add(errs, "expiry.start_time must look like 2018-12-13 18:11:08 +0700");
		else
			req->expiry_has_start = true;
	}
	if (get_string(errs, ex, parent, "unit", STR255, true, &unit) == PRESENT &&
	    !(per = unit_minutes(unit)))
		ks_errlist_add(errs, "expiry.unit must be day, hour or minute");
	if (get_int(errs, ex, parent, "duration", true, INT_COUNT, &duration) != PRESENT)
		return;
	if (duration < 1)
		ks_errlist_add(errs, "expiry.duration must be a positive integer");
	else if (per && duration > EXPIRY_MAX_MINUTES / per)
		ks_errlist_add(errs, "expiry.duration must be at most 365 days");
	else
		req->expiry_duration_ms = duration * per * 60 * 1000;
}

static void check_plain_strings(struct ks_errlist *errs, const json_t *body,
				struct ks_snap_req *req)
{
	static const struct str_rule rules[] = {
		{ "custom_field1", STR255, false },
		{ "custom_field2", STR255, false },
		{ "custom_field3", STR255, false },
	};
	const char *user_id;
	check_strings(errs, body, NULL, rules, NELEM(rules));
	if (get_string(errs, body, NULL, "user_id", STR255, false, &user_id) == PRESENT)
		req->user_id = ks_xstrdup(user_id);
}

/* ---- entry points ---- */

int ks_snap_validate(const json_t *body, struct ks_snap_req *out, struct ks_errlist *errs)
{
	struct ks_snap_req req;
	size_t n0 = errs->n;
	memset(out, 0, sizeof(*out));
	memset(&req, 0, sizeof(req));
	if (json_is_null(body))
		body = NULL; /* NULL, like a missing body, reads as {} */
	if (body && !json_is_object(body)) {
		ks_errlist_add(errs, "request body must be a JSON object");
		return KS_ERR_INVALID;
	}
	bool gross_ok = check_transaction_details(errs, body, &req);
	check_items(errs, body, gross_ok, req.gross_amount);
	check_enabled_payments(errs, body, &req);
	check_customer(errs, body);
	check_credit_card(errs, body, &req);
	check_vas(errs, body, &req);
	check_callbacks(errs, body, &req);
	check_expiry(errs, body, &req);
	check_plain_strings(errs, body, &req);
	if (errs->n != n0) {
		ks_snap_req_release(&req);
		return KS_ERR_INVALID;
	}
	*out = req;
	return KS_OK;
}

int64_t ks_snap_expiry_at(const struct ks_snap_req *req, int64_t created_ms)
{
	if (!req->has_expiry)
		return created_ms + KS_SNAP_DEFAULT_EXPIRY_MS;
	int64_t start = req->expiry_has_start ? req->expiry_start_ms : created_ms;
	return start + req->expiry_duration_ms;
}

void ks_snap_req_release(struct ks_snap_req *req)
{
	free(req->finish_url);
	free(req->error_url);
	free(req->permata_recipient);
	free(req->user_id);
	memset(req, 0, sizeof(*req));
}
