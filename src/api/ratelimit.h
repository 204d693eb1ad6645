/* A per-merchant-environment request rate limit (token bucket), off unless
 * kasir serve --rate-limit N is given. */
#ifndef KS_API_RATELIMIT_H
#define KS_API_RATELIMIT_H

#include <stdint.h>

/* Sets the limit: n requests per second per environment, bursts up to n;
 * 0 turns it off. Call before serving. */
void ks_ratelimit_set(unsigned n);
/* Takes one request of env_id at now_ms: 0 when allowed, else the whole
 * seconds to wait (for Retry-After). */
int ks_ratelimit_take(int64_t env_id, int64_t now_ms);

#endif
