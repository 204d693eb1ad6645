/* This file contains the signature_key of signature.h, with libsodium's
 * SHA512 and its constant-time comparison. */
#include <sodium.h>
#include <string.h>

#include "core/signature.h"

/* SHA512 of the four strings joined, without joining them in memory. */
static void digest(const char *order_id, const char *status_code, const char *gross_amount,
		   const char *server_key, unsigned char out[crypto_hash_sha512_BYTES])
{
	const char *parts[] = { order_id, status_code, gross_amount, server_key };
	crypto_hash_sha512_state st;
	crypto_hash_sha512_init(&st);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (parts[i])
			crypto_hash_sha512_update(&st, (const unsigned char *)parts[i], strlen(parts[i]));
	crypto_hash_sha512_final(&st, out);
	sodium_memzero(&st, sizeof(st));
}

void ks_signature_compute(const char *order_id, const char *status_code, const char *gross_amount,
			  const char *server_key, char out[KS_SIGNATURE_SIZE])
{
	unsigned char md[crypto_hash_sha512_BYTES];
	digest(order_id, status_code, gross_amount, server_key, md);
	sodium_bin2hex(out, KS_SIGNATURE_SIZE, md, sizeof(md));
}

bool ks_signature_verify(const char *order_id, const char *status_code, const char *gross_amount,
			 const char *server_key, const char *given)
{
	unsigned char want[crypto_hash_sha512_BYTES], got[crypto_hash_sha512_BYTES];
	size_t got_len = 0;
	const char *end = NULL;
	if (!given || strnlen(given, KS_SIGNATURE_SIZE) != KS_SIGNATURE_SIZE - 1)
		return false;
	/* sodium_hex2bin is constant-time in the digits it reads */
	if (sodium_hex2bin(got, sizeof(got), given, KS_SIGNATURE_SIZE - 1, NULL, &got_len, &end) != 0 ||
	    got_len != sizeof(got) || *end != '\0')
		return false;
	digest(order_id, status_code, gross_amount, server_key, want);
	return crypto_verify_64(want, got) == 0;
}
