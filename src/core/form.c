/* This file contains the x-www-form-urlencoded body parser of form.h. */
#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "core/urlcode.h"
#include "util/xalloc.h"

/* Decodes s[0..len) as a form name or value (plus is a space); NULL when
 * malformed. */
static char *decode(const char *s, size_t len)
{
	char *out = ks_xmalloc(len + 1);
	if (ks_percent_decode(s, len, out, true) < 0) {
		free(out);
		return NULL;
	}
	return out;
}

int ks_form_parse(const char *body, size_t len, struct ks_form *out)
{
	memset(out, 0, sizeof(*out));
	size_t i = 0;
	while (i < len) {
		const char *pair = body + i;
		const char *amp = memchr(pair, '&', len - i);
		size_t plen = amp ? (size_t)(amp - pair) : len - i;
		i += plen + 1;
		if (plen == 0)
			continue;
		const char *eq = memchr(pair, '=', plen);
		size_t nlen = eq ? (size_t)(eq - pair) : plen;
		if (nlen == 0 || out->n == KS_FORM_MAX_FIELDS)
			goto bad;
		struct ks_form_field *f = &out->fields[out->n];
		f->name = decode(pair, nlen);
		f->value = eq ? decode(eq + 1, plen - nlen - 1) : ks_xstrdup("");
		out->n++; /* counted first, so a half-decoded field is freed */
		if (!f->name || !f->value || !f->name[0])
			goto bad;
	}
	return 0;
bad:
	ks_form_release(out);
	return -1;
}

const char *ks_form_get(const struct ks_form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return f->fields[i].value;
	return NULL;
}

void ks_form_release(struct ks_form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->fields[i].name);
		free(f->fields[i].value);
	}
	memset(f, 0, sizeof(*f));
}
