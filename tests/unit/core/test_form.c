/* This file contains the tests of the form body parser (core/form.h) and
 * the HTML output encoding (core/html.h) of the simulator pages. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "core/html.h"

static int parse(const char *body, struct ks_form *f)
{
	return ks_form_parse(body, strlen(body), f);
}

Test(form, fields)
{
	struct ks_form f;
	cr_assert_eq(parse("number=123+456&user_id=test%75ser00&empty=&flag", &f), 0);
	cr_expect_eq(f.n, 4);
	cr_expect_str_eq(ks_form_get(&f, "number"), "123 456");
	cr_expect_str_eq(ks_form_get(&f, "user_id"), "testuser00");
	cr_expect_str_eq(ks_form_get(&f, "empty"), "");
	cr_expect_str_eq(ks_form_get(&f, "flag"), "");
	cr_expect_null(ks_form_get(&f, "missing"));
	ks_form_release(&f);
	cr_expect_eq(f.n, 0);
}

Test(form, first_wins_and_empty_pairs)
{
	struct ks_form f;
	cr_assert_eq(parse("&&a=1&&a=2&", &f), 0);
	cr_expect_eq(f.n, 2);
	cr_expect_str_eq(ks_form_get(&f, "a"), "1");
	ks_form_release(&f);
	cr_assert_eq(parse("", &f), 0);
	cr_expect_eq(f.n, 0);
	ks_form_release(&f);
	cr_assert_eq(parse("a%3Db=c%26d", &f), 0);
	cr_expect_str_eq(ks_form_get(&f, "a=b"), "c&d");
	ks_form_release(&f);
}

Test(form, malformed)
{
	static const char *const bad[] = { "a=%zz", "a=%4", "%=1", "=1", "a=1&=2", "a=%00", "%00=1" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ks_form f;
		cr_expect_eq(parse(bad[i], &f), -1, "%s", bad[i]);
		cr_expect_eq(f.n, 0, "%s leaves it empty", bad[i]);
		ks_form_release(&f);
	}
}

Test(form, too_many_fields)
{
	char body[KS_FORM_MAX_FIELDS * 4 + 8] = "";
	for (int i = 0; i <= KS_FORM_MAX_FIELDS; i++)
		memcpy(body + 4 * i, "a=1&", 5);
	struct ks_form f;
	cr_expect_eq(parse(body, &f), -1);
	ks_form_release(&f);
	body[strlen(body) - 4] = '\0';
	cr_expect_eq(parse(body, &f), 0);
	cr_expect_eq(f.n, KS_FORM_MAX_FIELDS);
	ks_form_release(&f);
}

Test(form, not_nul_terminated)
{
	struct ks_form f;
	const char body[] = { 'a', '=', '1', '&', 'b', '=', '2' };
	cr_assert_eq(ks_form_parse(body, sizeof(body), &f), 0);
	cr_expect_str_eq(ks_form_get(&f, "b"), "2");
	ks_form_release(&f);
}

Test(html, escapes_text)
{
	struct ks_html h = KS_HTML_INIT;
	ks_html_raw(&h, "<p>");
	ks_html_text(&h, "<script>\"a\" & 'b'</script>");
	ks_html_text(&h, NULL);
	ks_html_raw(&h, "</p>");
	size_t len;
	char *out = ks_html_take(&h, &len);
	cr_expect_str_eq(out, "<p>&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;</p>");
	cr_expect_eq(len, strlen(out));
	cr_expect_null(h.buf);
	free(out);
}

Test(html, json_cannot_close_the_script)
{
	struct ks_html h = KS_HTML_INIT;
	json_t *v = json_pack("{s:s}", "x", "</script><b>&");
	ks_html_json(&h, v);
	json_decref(v);
	cr_expect_null(strstr(h.buf, "</script>"));
	cr_expect_str_eq(h.buf, "{\"x\":\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\"}");
	json_t *back = json_loads(h.buf, 0, NULL);
	cr_expect_str_eq(json_string_value(json_object_get(back, "x")), "</script><b>&");
	json_decref(back);
	ks_html_release(&h);
	size_t len;
	char *empty = ks_html_take(&h, &len);
	cr_expect_str_eq(empty, "");
	free(empty);
}
