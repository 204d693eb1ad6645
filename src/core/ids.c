/* This file contains the generators of tokens, keys and merchant codes. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/ids.h"

void ks_uuid_v7_format(int64_t ms, const unsigned char rnd[10], char *out)
{
	unsigned char b[16];
	uint64_t t = (uint64_t)ms;
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)(t >> (40 - 8 * i));
	memcpy(b + 6, rnd, 10);
	b[6] = (unsigned char)(0x70 | (b[6] & 0x0f)); /* version 7 */
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3f)); /* variant 10 */
	static const char hex[] = "0123456789abcdef";
	char *p = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[b[i] >> 4];
		*p++ = hex[b[i] & 15];
	}
	*p = '\0';
}

void ks_uuid_v7_new(int64_t ms, char *out)
{
	unsigned char rnd[10];
	randombytes_buf(rnd, sizeof(rnd));
	ks_uuid_v7_format(ms, rnd, out);
}

void ks_key_generate(char *out, size_t size, const char *prefix, size_t n)
{
	static const char alphabet[] =
		"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	if (size == 0)
		return;
	size_t len = strlen(prefix);
	if (len >= size)
		len = size - 1;
	memcpy(out, prefix, len);
	for (size_t i = 0; i < n && len + 1 < size; i++)
		out[len++] = alphabet[randombytes_uniform(62)];
	out[len] = '\0';
}

int ks_key_is_valid(const char *key)
{
	size_t n = strlen(key);
	if (n < 8 || n > 128)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (key[i] <= ' ' || key[i] > '~' || key[i] == ':')
			return 0;
	return 1;
}

void ks_merchant_code_generate(char *out)
{
	out[0] = 'G';
	for (int i = 1; i <= 9; i++)
		out[i] = (char)('0' + randombytes_uniform(10));
	out[10] = '\0';
}
