/* The application/x-www-form-urlencoded body of an HTML form (the
 * simulator pages): name=value pairs joined by '&', '+' for a space and
 * percent escapes (core/urlcode.h). Pure. */
#ifndef KS_CORE_FORM_H
#define KS_CORE_FORM_H

#include <stddef.h>

#define KS_FORM_MAX_FIELDS 32

struct ks_form_field {
	char *name;  /* owned, decoded */
	char *value; /* owned, decoded; "" for "name" without '=' */
};

struct ks_form {
	struct ks_form_field fields[KS_FORM_MAX_FIELDS];
	size_t n;
};

/* Parses len bytes of body into *out (cleared on entry). Empty pairs
 * ("a=1&&b=2") are skipped. Returns 0, or -1 for a malformed escape, an
 * escaped NUL, an empty name or more than KS_FORM_MAX_FIELDS fields (then
 * *out is left empty). Release *out with ks_form_release either way. */
int ks_form_parse(const char *body, size_t len, struct ks_form *out);
/* The value of the first field called name; NULL when there is none. */
const char *ks_form_get(const struct ks_form *f, const char *name);
/* Frees what *f owns and leaves it empty. */
void ks_form_release(struct ks_form *f);

#endif
