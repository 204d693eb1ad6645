/* This file contains merchant creation with generated codes and keys. */
#include <stdio.h>
#include <string.h>

#include "cli/merchant_keys.h"
#include "core/errors.h"
#include "core/ids.h"

static void fill_code(struct ks_merchant_new *m, const char *code)
{
	if (code) {
		snprintf(m->code, sizeof(m->code), "%s", code);
	} else {
		do
			ks_merchant_code_generate(m->code);
		while (m->code[1] == '0');
	}
}

void ks_merchant_keys_fill(struct ks_merchant_new *m, const char *code)
{
	ks_key_generate(m->server_key[KS_ENV_SANDBOX], KS_KEY_MAX + 1, "SB-VT-server-", 24);
	ks_key_generate(m->client_key[KS_ENV_SANDBOX], KS_KEY_MAX + 1, "SB-VT-client-", 16);
	ks_key_generate(m->server_key[KS_ENV_PRODUCTION], KS_KEY_MAX + 1, "VT-server-", 24);
	ks_key_generate(m->client_key[KS_ENV_PRODUCTION], KS_KEY_MAX + 1, "VT-client-", 16);
	fill_code(m, code);
}

int ks_merchant_create(struct ks_store *st, struct ks_merchant_new *m, const char *code,
		       const char *sandbox_server_key, const char *sandbox_client_key,
		       const char **conflict)
{
	*conflict = NULL;
	ks_merchant_keys_fill(m, code);
	if (sandbox_server_key)
		snprintf(m->server_key[KS_ENV_SANDBOX], KS_KEY_MAX + 1, "%s", sandbox_server_key);
	if (sandbox_client_key)
		snprintf(m->client_key[KS_ENV_SANDBOX], KS_KEY_MAX + 1, "%s", sandbox_client_key);
	int rc = KS_ERR_CONFLICT;
	/* a random code may collide with an existing one: draw again */
	for (int attempt = 0; attempt < 5 && rc == KS_ERR_CONFLICT; attempt++) {
		if (attempt)
			fill_code(m, code);
		struct ks_store_write w = { .kind = KS_WRITE_MERCHANT_CREATE };
		w.u.merchant = m;
		rc = ks_store_write_sync(st, &w);
		*conflict = w.conflict;
		if (rc == KS_ERR_CONFLICT && (code || strcmp(w.conflict, "merchant code") != 0))
			break;
	}
	return rc;
}
