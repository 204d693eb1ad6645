/* The injectable clock: every "now" in kasir comes from here, so tests and
 * the sandbox can move time (issue: --test-clock). */
#ifndef KS_UTIL_CLOCK_H
#define KS_UTIL_CLOCK_H

#include <stdint.h>

/* Milliseconds since the Unix epoch, UTC, plus the test offset. */
int64_t ks_clock_now_ms(void);
/* Moves the clock forward by ms (tests only); thread-safe. */
void ks_clock_advance_ms(int64_t ms);

#endif
