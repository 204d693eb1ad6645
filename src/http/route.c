/* This file contains the route matcher: literal segments compare exactly,
 * "{}" takes one non-empty segment and percent-decodes it. */
#include <stdlib.h>
#include <string.h>

#include "core/urlcode.h"
#include "http/route.h"
#include "util/xalloc.h"

static void free_params(char *params[KS_HTTP_MAX_PARAMS])
{
	for (int i = 0; i < KS_HTTP_MAX_PARAMS; i++) {
		free(params[i]);
		params[i] = NULL;
	}
}

/* 1 if path fits pattern (captures go to params), 0 if not. */
static int match_path(const char *pattern, const char *path, char *params[KS_HTTP_MAX_PARAMS])
{
	int np = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (p[0] == '{' && p[1] == '}') {
			size_t n = strcspn(s, "/");
			if (n == 0 || np == KS_HTTP_MAX_PARAMS)
				goto no;
			char *seg = ks_xmalloc(n + 1);
			if (ks_percent_decode(s, n, seg, false) < 0) {
				free(seg);
				goto no;
			}
			params[np++] = seg;
			p += 2;
			s += n;
		} else if (*p == *s) {
			p++;
			s++;
		} else {
			goto no;
		}
	}
	if (*p == '\0' && *s == '\0')
		return 1;
no:
	free_params(params);
	return 0;
}

const struct ks_route *ks_route_match(const struct ks_route *routes, const char *method,
				      const char *path, char *params[KS_HTTP_MAX_PARAMS],
				      int *method_mismatch)
{
	*method_mismatch = 0;
	memset(params, 0, sizeof(char *) * KS_HTTP_MAX_PARAMS);
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	for (const struct ks_route *rt = routes; rt->method; rt++) {
		if (!match_path(rt->pattern, path, params))
			continue;
		if (strcmp(rt->method, m) == 0)
			return rt;
		*method_mismatch = 1;
		free_params(params);
	}
	return NULL;
}
