/* The signature_key of HTTP notifications and status answers (SPEC §6.2):
 * lowercase hex SHA512(order_id + status_code + gross_amount + server_key). */
#ifndef KS_CORE_SIGNATURE_H
#define KS_CORE_SIGNATURE_H

#include <stdbool.h>

/* 128 hex digits and the terminating NUL. */
#define KS_SIGNATURE_SIZE 129

/* Writes the signature_key of a transaction into out: lowercase hex of
 * SHA512 over the four strings joined, each exactly as the body carries it
 * (gross_amount "10000.00", status_code "200"). NULL counts as "". The
 * caller owns out; it is always NUL-terminated. Needs sodium_init(). */
void ks_signature_compute(const char *order_id, const char *status_code, const char *gross_amount,
			  const char *server_key, char out[KS_SIGNATURE_SIZE]);

/* True when given is the signature_key of the four strings: 128 hex digits
 * (either case), compared in constant time. NULL or any other length is
 * false. */
bool ks_signature_verify(const char *order_id, const char *status_code, const char *gross_amount,
			 const char *server_key, const char *given);

#endif
