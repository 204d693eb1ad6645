/* This file contains the row index parameters of rowtest.h. */
#include <criterion/alloc.h>
#include <criterion/criterion.h>

#include "rowtest.h"

size_t *rowtest_indexes(size_t n)
{
	size_t *idx = cr_malloc(n * sizeof(*idx));
	cr_assert(idx);
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	return idx;
}

void rowtest_free(struct criterion_test_params *params)
{
	cr_free(params->params);
}
