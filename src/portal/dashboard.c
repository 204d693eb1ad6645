/* This file contains the portal's dashboard data: per day and method, the
 * payments made, how many succeeded and their volume, over a period of at
 * most a year (the page draws the charts itself, web/map/dashboard.js). */
#include <string.h>

#include "api/app.h"
#include "api/reply.h"
#include "core/errors.h"
#include "portal/portal.h"
#include "util/clock.h"

#define DAY_MS 86400000LL

static void stat_row(void *arg, const struct ks_stat_row *r)
{
	json_array_append_new(arg, json_pack("{s:s,s:s,s:I,s:I,s:I}", "day", r->day,
					     "payment_type", r->payment_type, "count",
					     (json_int_t)r->count, "succeeded",
					     (json_int_t)r->succeeded, "volume", (json_int_t)r->volume));
}

void ks_portal_dashboard(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	struct ks_portal_ctx c;
	if (ks_portal_begin(req, 0, 0, &c))
		return;
	const char *from = ks_http_query(req, "from"), *to = ks_http_query(req, "to");
	int64_t from_ms = 0, to_ms = 0;
	json_t *errs = json_object();
	if (!from || ks_portal_date(from, &from_ms))
		json_object_set_new(errs, "from", json_string("must be a date YYYY-MM-DD"));
	if (!to || ks_portal_date(to, &to_ms))
		json_object_set_new(errs, "to", json_string("must be a date YYYY-MM-DD"));
	to_ms += DAY_MS; /* the whole last day */
	if (!json_object_size(errs) && (to_ms <= from_ms || to_ms - from_ms > 366 * DAY_MS))
		json_object_set_new(errs, "to", json_string("the period must be 1 to 366 days"));
	if (json_object_size(errs)) {
		ks_portal_field_errors(req, errs);
		return;
	}
	json_decref(errs);
	json_t *rows = json_array();
	int rc = ks_store_txn_stats(app->store, c.env.id, from_ms, to_ms, stat_row, rows);
	if (rc) {
		json_decref(rows);
		ks_portal_error(req, ks_err_http_status(rc), ks_err_message(rc));
		return;
	}
	ks_reply_json(req, 200, json_pack("{s:s,s:s,s:o}", "from", from, "to", to, "rows", rows));
}
