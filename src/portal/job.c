/* This file contains what the portal's handlers share: submitting a write
 * and answering once it is durable, and JSON in and out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/reply.h"
#include "core/errors.h"
#include "core/jsonlimit.h"
#include "core/timefmt.h"
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

static void job_free(struct ks_portal_job *j)
{
	json_decref(j->ok);
	for (size_t i = 0; i < j->nstrs; i++)
		free(j->strs[i]);
	free(j->data);
	free(j);
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
	job_free(j);
	ks_http_resume(req);
}

void ks_portal_job_submit_parked(struct ks_portal_job *j)
{
	struct ks_app *app = ks_http_app(j->req);
	j->w.done = job_done;
	j->w.arg = j;
	ks_store_submit(app->store, &j->w);
}

void ks_portal_job_submit(struct ks_portal_job *j)
{
	ks_http_suspend(j->req); /* first: the writer may finish before submit returns */
	ks_portal_job_submit_parked(j);
}

void ks_portal_job_fail(struct ks_portal_job *j, int status, const char *msg)
{
	struct ks_http_req *req = j->req;
	ks_portal_error(req, status, msg);
	job_free(j);
	ks_http_resume(req);
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
	*out_ms = (ks_days_from_civil(y, m, d) * 86400 - 7 * 3600) * 1000;
	return 0;
}
