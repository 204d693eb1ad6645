/* This file contains what the portal's handlers share: submitting a write
 * and answering once it is durable, and JSON in and out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/reply.h"
#include "core/errors.h"
#include "core/jsonlimit.h"
#include "portal/portal.h"
#include "util/log.h"
#include "util/xalloc.h"

struct ks_portal_job *ks_portal_job_new(struct ks_http_req *req, enum ks_write_kind kind)
{
	struct ks_portal_job *j = ks_xcalloc(1, sizeof(*j));
	j->req = req;
	j->w.kind = kind;
	return j;
}

const char *ks_portal_job_str(struct ks_portal_job *j, const char *s)
{
	if (!s)
		return NULL;
	if (j->nstrs == sizeof(j->strs) / sizeof(j->strs[0]))
		abort(); /* a programming error: more strings than a job holds */
	return j->strs[j->nstrs++] = ks_xstrdup(s);
}

static void job_done(struct ks_store_write *w, void *arg)
{
	struct ks_portal_job *j = arg;
	struct ks_http_req *req = j->req;
	if (j->finish) {
		j->finish(j);
	} else if (w->rc == KS_OK) {
		ks_reply_json(req, 200, j->ok ? j->ok : json_pack("{s:b}", "ok", 1));
		j->ok = NULL;
	} else if (w->rc == KS_ERR_CONFLICT) {
		ks_portal_error(req, 409, "the value is already used");
	} else {
		ks_log(KS_LOG_ERROR, ks_http_reqid(req), "portal write not stored: %s",
		       ks_err_message(w->rc));
		ks_portal_error(req, ks_err_http_status(w->rc), ks_err_message(w->rc));
	}
	json_decref(j->ok);
	for (size_t i = 0; i < j->nstrs; i++)
		free(j->strs[i]);
	free(j->data);
	free(j);
	ks_http_resume(req);
}

void ks_portal_job_submit(struct ks_portal_job *j)
{
	struct ks_app *app = ks_http_app(j->req);
	j->w.done = job_done;
	j->w.arg = j;
	ks_http_suspend(j->req);
	ks_store_submit(app->store, &j->w);
}

json_t *ks_portal_body(struct ks_http_req *req)
{
	size_t len;
	const char *text = ks_http_body(req, &len);
	json_t *v = NULL;
	if (ks_json_depth(text, len) <= KS_JSON_MAX_DEPTH)
		v = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(v)) {
		json_decref(v);
		ks_portal_error(req, 400, "the request body must be a JSON object");
		return NULL;
	}
	return v;
}

void ks_portal_error(struct ks_http_req *req, int status, const char *msg)
{
	ks_reply_json(req, status, json_pack("{s:s}", "error", msg));
}

void ks_portal_field_errors(struct ks_http_req *req, json_t *errors)
{
	ks_reply_json(req, 422, json_pack("{s:o}", "errors", errors));
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int ks_portal_date(const char *s, int64_t *out_ms)
{
	unsigned y, m, d;
	char tail;
	if (!s || strlen(s) != 10 || sscanf(s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 ||
	    s[4] != '-' || s[7] != '-' || y < 2000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] || (m == 2 && d == 29 && !leap))
		return -1;
	/* midnight in Asia/Jakarta, UTC+7 all year */
	*out_ms = (days_from_civil(y, m, d) * 86400 - 7 * 3600) * 1000;
	return 0;
}
