/* This file contains the custom virtual account number rules of SPEC §2.5. */
#include <string.h>

#include "core/va.h"

bool ks_va_is_digits(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

void ks_va_normalise(const char *digits, size_t width, char *out)
{
	size_t len = strlen(digits);
	if (len >= width) {
		memcpy(out, digits, width);
	} else {
		size_t pad = width - len;
		memset(out, '0', pad);
		memcpy(out + pad, digits, len);
	}
	out[width] = '\0';
}
