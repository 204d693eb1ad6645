/* Unit tests of the route matcher. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "http/route.h"

static void h1(struct ks_http_req *r) { (void)r; }
static void h2(struct ks_http_req *r) { (void)r; }
static void h3(struct ks_http_req *r) { (void)r; }

static const struct ks_route routes[] = {
	{ "GET", "/healthz", h1 },
	{ "POST", "/snap/v1/transactions", h2 },
	{ "GET", "/v2/{}/status", h3 },
	{ NULL, NULL, NULL },
};

static void free_params(char **p)
{
	for (int i = 0; i < KS_HTTP_MAX_PARAMS; i++)
		free(p[i]);
}

Test(route, literal_and_method)
{
	char *p[KS_HTTP_MAX_PARAMS];
	int mm;
	cr_expect_eq(ks_route_match(routes, "GET", "/healthz", p, &mm), &routes[0]);
	cr_expect_eq(ks_route_match(routes, "HEAD", "/healthz", p, &mm), &routes[0]);
	cr_expect_null(ks_route_match(routes, "GET", "/snap/v1/transactions", p, &mm));
	cr_expect_eq(mm, 1, "path known under POST: 405, not 404");
	cr_expect_null(ks_route_match(routes, "GET", "/healthz/", p, &mm));
	cr_expect_eq(mm, 0);
	cr_expect_null(ks_route_match(routes, "GET", "/health", p, &mm));
}

Test(route, capture_is_decoded_per_segment)
{
	char *p[KS_HTTP_MAX_PARAMS];
	int mm;
	cr_assert_eq(ks_route_match(routes, "GET", "/v2/non%20exists%3Aid/status", p, &mm), &routes[2]);
	cr_expect_str_eq(p[0], "non exists:id");
	free_params(p);
	cr_assert_eq(ks_route_match(routes, "GET", "/v2/a%2Fb/status", p, &mm), &routes[2]);
	cr_expect_str_eq(p[0], "a/b", "an encoded slash stays inside the segment");
	free_params(p);
	cr_expect_null(ks_route_match(routes, "GET", "/v2//status", p, &mm));
	cr_expect_null(ks_route_match(routes, "GET", "/v2/a/b/status", p, &mm));
	cr_expect_null(ks_route_match(routes, "GET", "/v2/%zz/status", p, &mm));
}
