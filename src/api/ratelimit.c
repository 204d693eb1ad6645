/* This file contains the token buckets of the rate limit: one per
 * environment, in a small hash table behind one mutex. */
#include <pthread.h>
#include <stdlib.h>

#include "api/ratelimit.h"
#include "util/xalloc.h"

#define BUCKETS 1024

struct bucket {
	int64_t env_id;
	double tokens;
	int64_t last_ms;
	struct bucket *next;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct bucket *table[BUCKETS];
static unsigned rate;

void ks_ratelimit_set(unsigned n)
{
	rate = n;
}

int ks_ratelimit_take(int64_t env_id, int64_t now_ms)
{
	if (!rate)
		return 0;
	int wait = 0;
	pthread_mutex_lock(&mu);
	struct bucket **head = &table[(uint64_t)env_id % BUCKETS], *b = *head;
	while (b && b->env_id != env_id)
		b = b->next;
	if (!b) {
		b = ks_xcalloc(1, sizeof(*b));
		b->env_id = env_id;
		b->tokens = rate;
		b->last_ms = now_ms;
		b->next = *head;
		*head = b;
	}
	/* refill for the time passed, up to one second's worth (the burst) */
	b->tokens += (double)(now_ms - b->last_ms) * rate / 1000.0;
	if (b->tokens > rate)
		b->tokens = rate;
	b->last_ms = now_ms;
	if (b->tokens >= 1) {
		b->tokens -= 1;
	} else {
		/* seconds until one token is back, at least 1 */
		wait = (int)((1 - b->tokens) / rate) + 1;
	}
	pthread_mutex_unlock(&mu);
	return wait;
}
