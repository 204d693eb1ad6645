/* When a payment's next timed transition is due (SPEC §6.1, §8): pending
 * payments expire at their deadline, captures settle at the daily
 * settlement time, and a challenge nobody decided is cancelled then. Pure
 * arithmetic on Asia/Jakarta (UTC+7, no daylight saving). */
#ifndef KS_CORE_SCHEDULE_H
#define KS_CORE_SCHEDULE_H

#include <stdint.h>

#define KS_JAKARTA_OFFSET_MS (INT64_C(7) * 3600 * 1000)
#define KS_SETTLEMENT_DEFAULT_MINUTE (16 * 60) /* 16:00 Asia/Jakarta */

/* The settlement time of a capture made at captured_ms: the next day
 * (Asia/Jakarta) at minute_of_day (0..1439) Jakarta time, in ms UTC. */
int64_t ks_schedule_settlement_at(int64_t captured_ms, int minute_of_day);

/* The instant the payment's next timed event is due, or 0 when none:
 * pending → deadline_ms (its expiry); capture with fraud accept →
 * settlement; capture or authorize held by a challenge → settlement (the
 * auto-cancel); every other state → 0. changed_ms is when the payment
 * entered its state. */
int64_t ks_schedule_due(const char *status, const char *fraud_status, int64_t changed_ms,
			int64_t deadline_ms, int settlement_minute);

#endif
