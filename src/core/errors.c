/* This file contains the lookups over the KS_ERRNO_MAP table. */
#include "core/errors.h"

int ks_err_http_status(int err)
{
	switch (err) {
	case KS_OK:
		return 200;
#define KS_ERR_STATUS(name, value, status, msg) \
	case (value):                            \
		return (status);
		KS_ERRNO_MAP(KS_ERR_STATUS)
#undef KS_ERR_STATUS
	}
	return 500;
}

const char *ks_err_message(int err)
{
	switch (err) {
	case KS_OK:
		return "OK";
#define KS_ERR_MSG(name, value, status, msg) \
	case (value):                         \
		return (msg);
		KS_ERRNO_MAP(KS_ERR_MSG)
#undef KS_ERR_MSG
	}
	return ks_err_message(KS_ERR_INTERNAL);
}
