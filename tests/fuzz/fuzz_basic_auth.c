/* This file contains the fuzz target of the Basic Authorization header
 * (SPEC §2.1): ks_basic_auth_user with the buffer kasir uses and with
 * small ones. */
#include <sodium.h>
#include <stdbool.h>
#include <string.h>

#include "core/auth.h"
#include "fuzz.h"

/* KS_KEY_MAX + 1, the buffer of api/snap.c ks_api_authenticate */
#define KEY_BUF 129

static void check_user(int rc, const char *out, size_t size)
{
	if (rc != 0) {
		FUZZ_CHECK(rc == -1);
		FUZZ_CHECK(size == 0 || out[0] == '\0');
		return;
	}
	size_t n = strnlen(out, size);
	FUZZ_CHECK(n > 0 && n < size);
	FUZZ_CHECK(!fuzz_has_ctl(out));
	FUZZ_CHECK(!strchr(out, ':'));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *header = fuzz_cstr(data, size);
	char big[KEY_BUF], small[9];
	int rb = ks_basic_auth_user(header, big, sizeof(big));
	int rs = ks_basic_auth_user(header, small, sizeof(small));
	check_user(rb, big, sizeof(big));
	check_user(rs, small, sizeof(small));
	/* a size of 0 is refused without a write */
	FUZZ_CHECK(ks_basic_auth_user(header, big, 0) == -1);
	/* the buffer size decides only whether a user fits */
	if (rs == 0)
		FUZZ_CHECK(rb == 0 && strcmp(big, small) == 0);
	if (rb == 0) {
		FUZZ_CHECK(rs == 0 || strlen(big) >= sizeof(small));
		/* what a client would send for that user parses back to it */
		char b64[sodium_base64_ENCODED_LEN(KEY_BUF, sodium_base64_VARIANT_ORIGINAL)];
		char plain[KEY_BUF + 1], *again;
		size_t n = strlen(big);
		memcpy(plain, big, n);
		plain[n] = ':';
		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)plain, n + 1,
				  sodium_base64_VARIANT_ORIGINAL);
		again = ks_xasprintf("bAsIc %s", b64);
		FUZZ_CHECK(ks_basic_auth_user(again, small, sizeof(small)) == rs);
		FUZZ_CHECK(ks_basic_auth_user(again, plain, sizeof(plain)) == 0);
		FUZZ_CHECK(strcmp(plain, big) == 0);
		free(again);
	}
	free(header);
	return 0;
}
