/* This file contains the template helpers of snaptest.h. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "snaptest.h"
#include "util/xalloc.h"

struct buf {
	char *p;
	size_t n, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = ks_xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

char *snaptest_expand(const char *t, bool json)
{
	struct buf b = { NULL, 0, 0 };
	put(&b, "", 0);
	while (*t) {
		char *end;
		unsigned long count;
		if (*t == '<' && (count = strtoul(t + 1, &end, 10)) && *end == '*') {
			const char *close = strchr(end, '>');
			cr_assert(close, "unclosed <N*S> in %s", t);
			for (unsigned long i = 0; i < count; i++)
				for (const char *c = end + 1; c < close; c++)
					put(&b, json && *c == '\'' ? "\"" : c, 1);
			t = close + 1;
			continue;
		}
		put(&b, json && *t == '\'' ? "\"" : t, 1);
		t++;
	}
	return b.p;
}

json_t *snaptest_parse(const char *tmpl)
{
	json_error_t jerr;
	char *text = snaptest_expand(tmpl, true);
	json_t *body = json_loads(text, JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
	cr_assert(body, "bad test JSON %s: %s", text, jerr.text);
	free(text);
	return body;
}

int snaptest_validate(const char *tmpl, struct ks_snap_req *req, struct ks_errlist *errs)
{
	json_t *body = snaptest_parse(tmpl);
	int rc = ks_snap_validate(body, req, errs);
	json_decref(body);
	return rc;
}

char *snaptest_join(const struct ks_errlist *errs)
{
	struct buf b = { NULL, 0, 0 };
	put(&b, "", 0);
	for (size_t i = 0; i < errs->n; i++) {
		if (i)
			put(&b, " | ", 3);
		put(&b, errs->msgs[i], strlen(errs->msgs[i]));
	}
	return b.p;
}
