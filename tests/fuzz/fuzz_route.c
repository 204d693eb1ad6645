/* This file contains the fuzz target of request routing: "METHOD PATH"
 * (method GET when there is no space) against kasir's own route table
 * (api/routes.c) and against a table of edge patterns, through
 * ks_route_match. */
#include <stdbool.h>
#include <string.h>

#include "api/app.h"
#include "http/route.h"
#include "fuzz.h"

/* Patterns the real table does not have: more captures than
 * KS_HTTP_MAX_PARAMS, captures side by side, a capture inside a segment. */
static const struct ks_route edge_routes[] = {
	{ "GET", "/{}/{}/{}/{}/{}", NULL },
	{ "GET", "/{}/{}/{}/{}", NULL },
	{ "POST", "/x/{}{}", NULL },
	{ "GET", "/a{}b/{}", NULL },
	{ "PUT", "{}", NULL },
	{ "GET", "/", NULL },
	{ NULL, NULL, NULL },
};

static int count_captures(const char *pattern)
{
	int n = 0;
	for (const char *p = pattern; (p = strstr(p, "{}")) != NULL; p += 2)
		n++;
	return n;
}

static bool unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("-._~", c));
}

/* The pattern with each "{}" replaced by its capture, percent-encoded. */
static char *rebuild(const char *pattern, char *const params[KS_HTTP_MAX_PARAMS])
{
	static const char hex[] = "0123456789ABCDEF";
	size_t cap = strlen(pattern) + 1, n = 0;
	int np = 0;
	for (int i = 0; i < KS_HTTP_MAX_PARAMS; i++)
		cap += params[i] ? strlen(params[i]) * 3 : 0;
	char *out = ks_xmalloc(cap);
	for (const char *p = pattern; *p;) {
		if (p[0] == '{' && p[1] == '}') {
			for (const char *s = params[np++]; *s; s++) {
				unsigned char c = (unsigned char)*s;
				if (unreserved(c)) {
					out[n++] = (char)c;
				} else {
					out[n++] = '%';
					out[n++] = hex[c >> 4];
					out[n++] = hex[c & 15];
				}
			}
			p += 2;
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
	return out;
}

static void free_params(char *params[KS_HTTP_MAX_PARAMS])
{
	for (int i = 0; i < KS_HTTP_MAX_PARAMS; i++)
		free(params[i]);
}

static void match_in(const struct ks_route *table, const char *method, const char *path)
{
	char *params[KS_HTTP_MAX_PARAMS];
	int mismatch = -1;
	const struct ks_route *rt = ks_route_match(table, method, path, params, &mismatch);
	FUZZ_CHECK(mismatch == 0 || mismatch == 1);
	if (!rt) {
		for (int i = 0; i < KS_HTTP_MAX_PARAMS; i++)
			FUZZ_CHECK(params[i] == NULL);
		return;
	}
	FUZZ_CHECK(strcmp(rt->method, method) == 0 ||
		   (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0));
	int want = count_captures(rt->pattern);
	FUZZ_CHECK(want <= KS_HTTP_MAX_PARAMS);
	for (int i = 0; i < KS_HTTP_MAX_PARAMS; i++) {
		FUZZ_CHECK((i < want) == (params[i] != NULL));
		/* a capture is a non-empty segment; a decoded NUL is refused */
		if (params[i])
			FUZZ_CHECK(params[i][0] != '\0');
	}
	/* the same route, alone, matches the path rebuilt from the captures
	 * and gives them back unchanged */
	struct ks_route one[2] = { *rt, { NULL, NULL, NULL } };
	char *again[KS_HTTP_MAX_PARAMS], *path2 = rebuild(rt->pattern, params);
	int mm2;
	FUZZ_CHECK(ks_route_match(one, method, path2, again, &mm2) == &one[0]);
	for (int i = 0; i < KS_HTTP_MAX_PARAMS; i++)
		FUZZ_CHECK(params[i] ? again[i] && strcmp(params[i], again[i]) == 0 : !again[i]);
	free_params(again);
	free(path2);
	free_params(params);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fuzz_cstr(data, size);
	char *sp = strchr(line, ' ');
	const char *method = "GET", *path = line;
	if (sp) {
		*sp = '\0';
		method = line;
		path = sp + 1;
	}
	match_in(ks_api_routes, method, path);
	match_in(edge_routes, method, path);
	free(line);
	return 0;
}
