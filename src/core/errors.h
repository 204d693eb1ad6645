/* kasir's error codes: 0 is success, a negative code is an error. One table
 * (libuv's UV_ERRNO_MAP style) gives each code its HTTP status and message;
 * a new error is one row. */
#ifndef KS_CORE_ERRORS_H
#define KS_CORE_ERRORS_H

/* X(name, value, http status, message) */
#define KS_ERRNO_MAP(X)                                                                   \
	X(INVALID, -1, 400, "One or more parameters in the payload is invalid.")          \
	X(AUTH, -2, 401, "Access denied, please check client or server key")              \
	X(NOT_FOUND, -3, 404, "not found")                                                 \
	X(DUPLICATE, -4, 400, "transaction_details.order_id has already been taken")     \
	X(TOO_LARGE, -5, 413, "request body is larger than 16384 bytes")                  \
	X(IN_PROGRESS, -6, 202, "a request with this Idempotency-Key is still being processed") \
	X(INTERNAL, -7, 500, "Sorry, we encountered internal server error. We will fix this soon.") \
	X(UNAVAILABLE, -8, 503, "service temporarily unavailable, please retry")          \
	X(BAD_JSON, -9, 400, "There was a problem in the JSON you submitted")             \
	X(CONFLICT, -10, 409, "the value is already used")                                  \
	X(METHOD, -11, 405, "method not allowed")                                          \
	X(PROCESSED, -12, 406, "transaction has been processed")                           \
	X(EXPIRED, -13, 407, "transaction has expired")                                    \
	X(RATE_LIMITED, -14, 429, "too many requests for this merchant, retry after the delay in Retry-After")

enum ks_err {
	KS_OK = 0,
#define KS_ERR_ENUM(name, value, status, msg) KS_ERR_##name = (value),
	KS_ERRNO_MAP(KS_ERR_ENUM)
#undef KS_ERR_ENUM
};

/* HTTP status for an error code (500 for an unknown one, 200 for KS_OK). */
int ks_err_http_status(int err);
/* Static message for an error code; never NULL. */
const char *ks_err_message(int err);

#endif
