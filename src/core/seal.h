/* Sealing card numbers at rest (saved cards): libsodium's secretbox
 * (XSalsa20-Poly1305) under a 32-byte key that lives outside the database. */
#ifndef KS_CORE_SEAL_H
#define KS_CORE_SEAL_H

#include <stddef.h>

#define KS_SEAL_KEY_BYTES 32
/* what sealing adds to the plaintext: a nonce and the MAC */
#define KS_SEAL_OVERHEAD (24 + 16)

/* Seals len bytes of plain into out (len + KS_SEAL_OVERHEAD bytes) with a
 * fresh random nonce. */
void ks_seal(const unsigned char key[KS_SEAL_KEY_BYTES], const void *plain, size_t len,
	     unsigned char *out);
/* Opens what ks_seal wrote (sealed_len bytes) into out (sealed_len -
 * KS_SEAL_OVERHEAD bytes). Returns 0, or -1 when it was altered, is too
 * short, or was sealed under another key. */
int ks_unseal(const unsigned char key[KS_SEAL_KEY_BYTES], const unsigned char *sealed,
	      size_t sealed_len, void *out);

#endif
