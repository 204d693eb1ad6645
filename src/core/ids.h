/* Identifiers kasir hands out: snap tokens (UUIDv7), access keys and merchant
 * codes. Randomness comes from libsodium's CSPRNG. */
#ifndef KS_CORE_IDS_H
#define KS_CORE_IDS_H

#include <stddef.h>
#include <stdint.h>

#define KS_UUID_LEN 36

/* Formats a version-7 UUID (RFC 9562) from a Unix time in ms and 10 random
 * bytes (74 of their bits are used) as lowercase 8-4-4-4-12 into out
 * (KS_UUID_LEN + 1 bytes). Pure; for tests. */
void ks_uuid_v7_format(int64_t ms, const unsigned char rnd[10], char *out);
/* A new UUIDv7 for time ms with fresh random bits. */
void ks_uuid_v7_new(int64_t ms, char *out);

/* Writes prefix followed by n random base62 characters into out (size
 * bytes; truncated if too small). Unbiased (rejection sampling). */
void ks_key_generate(char *out, size_t size, const char *prefix, size_t n);

/* True when key can be an access key: 8 to 128 printable ASCII characters
 * other than space and ':' (Basic auth splits at the first ':'). */
int ks_key_is_valid(const char *key);

/* A merchant code "G" + 9 random digits into out (11 bytes). */
void ks_merchant_code_generate(char *out);

#endif
