/* This file contains the fuzz target of the x-www-form-urlencoded parser
 * (ks_form_parse) that reads the simulator pages' POSTed forms, and of the
 * HTML encoding those pages echo the values through (ks_html_text). */
#include <string.h>

#include "core/form.h"
#include "core/html.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_form f;
	int rc = ks_form_parse((const char *)data, size, &f);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc == 0) {
		FUZZ_CHECK(f.n <= KS_FORM_MAX_FIELDS);
		size_t amps = 0;
		for (size_t i = 0; i < size; i++)
			amps += data[i] == '&';
		FUZZ_CHECK(f.n <= amps + 1); /* one field per pair at most */
		for (size_t i = 0; i < f.n; i++) {
			const char *name = f.fields[i].name, *value = f.fields[i].value;
			FUZZ_CHECK(name[0] != '\0');
			FUZZ_CHECK(strlen(name) + strlen(value) <= size);
			/* the first field of a name is the one found */
			const char *got = ks_form_get(&f, name);
			FUZZ_CHECK(got != NULL);
			size_t j = 0;
			while (strcmp(f.fields[j].name, name) != 0)
				j++;
			FUZZ_CHECK(got == f.fields[j].value);
			/* whatever a value holds, its HTML form has no markup */
			struct ks_html h = KS_HTML_INIT;
			ks_html_text(&h, value);
			size_t len;
			char *out = ks_html_take(&h, &len);
			FUZZ_CHECK(strlen(out) == len);
			FUZZ_CHECK(!strpbrk(out, "<>\"'"));
			free(out);
		}
	} else {
		FUZZ_CHECK(f.n == 0);
	}
	ks_form_release(&f);
	FUZZ_CHECK(f.n == 0);
	return 0;
}
