/* This file contains the secretbox sealing of saved card data. */
#include <sodium.h>

#include "core/seal.h"

_Static_assert(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES == KS_SEAL_OVERHEAD,
	       "seal overhead");
_Static_assert(crypto_secretbox_KEYBYTES == KS_SEAL_KEY_BYTES, "seal key size");

void ks_seal(const unsigned char key[KS_SEAL_KEY_BYTES], const void *plain, size_t len,
	     unsigned char *out)
{
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, plain, len, out, key);
}

int ks_unseal(const unsigned char key[KS_SEAL_KEY_BYTES], const unsigned char *sealed,
	      size_t sealed_len, void *out)
{
	if (sealed_len < KS_SEAL_OVERHEAD)
		return -1;
	return crypto_secretbox_open_easy(out, sealed + crypto_secretbox_NONCEBYTES,
					  sealed_len - crypto_secretbox_NONCEBYTES, sealed, key);
}
