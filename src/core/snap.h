/* The Snap token request (SPEC §2.3–§2.6): validation of the JSON body into
 * the normalised fields kasir stores. Pure: no I/O, no clock. */
#ifndef KS_CORE_SNAP_H
#define KS_CORE_SNAP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/errlist.h"
#include "core/paymethod.h"
#include "core/va.h"

#define KS_ORDER_ID_MAX 50
#define KS_GROSS_AMOUNT_MIN 10000
/* Upper bound on any amount, so sums of price x quantity cannot overflow. */
#define KS_AMOUNT_MAX INT64_C(999999999999)
/* Default token lifetime without an expiry object (SPEC §2.6). */
#define KS_SNAP_DEFAULT_EXPIRY_MS (INT64_C(24) * 3600 * 1000)

struct ks_snap_req {
	char order_id[KS_ORDER_ID_MAX + 1];
	int64_t gross_amount;
	/* enabled_payments after alias expansion; 0 = absent or empty, which
	 * means every channel the merchant has active */
	ks_paymethod_set enabled_payments;
	char *finish_url; /* owned, NULL when absent */
	char *error_url;  /* owned, NULL when absent */
	bool has_expiry;
	bool expiry_has_start; /* false: start at token creation */
	int64_t expiry_start_ms;
	int64_t expiry_duration_ms;
	/* custom VA numbers, normalised (SPEC §2.5); "" when absent */
	char bca_va[KS_VA_BCA_DIGITS + 1];
	char bni_va[KS_VA_BNI_DIGITS + 1];
	char permata_va[KS_VA_PERMATA_DIGITS + 1];
	char *permata_recipient; /* owned, upper-cased, NULL when absent */
	bool cc_secure;
	bool cc_authorize; /* credit_card.type == "authorize" */
	bool cc_save_card;
	char *user_id; /* owned, NULL when absent */
};

/* Validates a parsed request body against every rule of SPEC §2.3–§2.6.
 * body may be any JSON value (NULL or json null count as {}). On success
 * returns KS_OK and fills *out, which the caller releases with
 * ks_snap_req_release. On failure returns KS_ERR_INVALID, appends one
 * message per failed rule to errs (field named by its dotted path), and
 * leaves *out released. */
int ks_snap_validate(const json_t *body, struct ks_snap_req *out, struct ks_errlist *errs);

/* When the token and its pending payments expire, in ms since the epoch. */
int64_t ks_snap_expiry_at(const struct ks_snap_req *req, int64_t created_ms);

/* Frees what *req owns and zeroes it. */
void ks_snap_req_release(struct ks_snap_req *req);

#endif
