/* Real time. An environment's time is this plus its test clock's offset,
 * kept in the database with the environment (ks_env_now_ms in
 * store/store.h; POST /sandbox/v1/clock moves it). Real time serves what
 * belongs to no environment: portal log-ins and sessions, rate limits. */
#ifndef KS_UTIL_CLOCK_H
#define KS_UTIL_CLOCK_H

#include <stdint.h>

/* Milliseconds since the Unix epoch, UTC. */
int64_t ks_clock_now_ms(void);

#endif
