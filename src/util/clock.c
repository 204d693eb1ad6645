/* This file contains the wall clock with an atomic test offset. */
#include <stdatomic.h>
#include <time.h>

#include "util/clock.h"

static _Atomic int64_t offset_ms;

int64_t ks_clock_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + atomic_load(&offset_ms);
}

void ks_clock_advance_ms(int64_t ms)
{
	atomic_fetch_add(&offset_ms, ms);
}
