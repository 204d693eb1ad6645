/* Unit tests of the JSON depth measure and the notification URL rules. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/jsonlimit.h"
#include "core/notifyurl.h"

Test(jsonlimit, depth_table)
{
	static const struct { const char *text; int depth; } cases[] = {
		{ "null", 0 },
		{ "{}", 1 },
		{ "{\"a\":[1,{\"b\":[]}]}", 4 },
		{ "{\"a\":\"[[[[{{{\"}", 1 },    /* brackets inside strings */
		{ "{\"a\":\"\\\"[[[\"}", 1 },    /* escaped quote */
		{ "[[[[", 4 },                   /* unterminated */
		{ "]]]{", 1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_eq(ks_json_depth(cases[i].text, strlen(cases[i].text)), cases[i].depth,
			     "case %zu: %s", i, cases[i].text);
}

Test(notifyurl, header_table)
{
	static const struct { const char *v; int rc; } cases[] = {
		{ "https://shop.example/notify", 0 },
		{ "http://127.0.0.1:9000/a,https://b.example/x", 0 },
		{ "http://a.example/1, http://b.example/2 , http://c.example/3", 0 },
		{ "http://a/1,http://b/2,http://c/3,http://d/4", -1 }, /* more than 3 */
		{ "ftp://a.example/", -1 },
		{ "http://", -1 },
		{ "http:///path", -1 },
		{ "", -1 },
		{ "http://a.example/,", -1 },                           /* empty item */
		{ "http://a.example/with space", -1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_eq(ks_notify_urls_check(cases[i].v), cases[i].rc, "case %zu: %s", i,
			     cases[i].v);
}

Test(notifyurl, url_length_limit)
{
	char url[300] = "https://a.example/";
	memset(url + strlen(url), 'x', 255 - strlen(url));
	url[255] = '\0';
	cr_expect(ks_url_is_http(url));
	url[255] = 'x';
	url[256] = '\0';
	cr_expect(!ks_url_is_http(url));
}
