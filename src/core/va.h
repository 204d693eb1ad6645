/* Custom virtual account numbers (SPEC §2.5). */
#ifndef KS_CORE_VA_H
#define KS_CORE_VA_H

#include <stdbool.h>
#include <stddef.h>

#define KS_VA_BCA_DIGITS 11
#define KS_VA_PERMATA_DIGITS 10
#define KS_VA_BNI_DIGITS 8

/* True when s is one or more ASCII digits and nothing else. */
bool ks_va_is_digits(const char *s);
/* Normalises a custom number to exactly width digits: a longer one is cut
 * from the end (its first width digits are kept), a shorter one is padded
 * with leading zeros. digits must pass ks_va_is_digits; out holds width + 1
 * bytes. */
void ks_va_normalise(const char *digits, size_t width, char *out);

#endif
