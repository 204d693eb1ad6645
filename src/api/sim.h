/* What the simulators share (api/sim.c for numbers, api/sim_bank.c for the
 * redirect banks): finding a payable sandbox payment, moving it through the
 * one change path (txn/change.h), and server-rendered pages. */
#ifndef KS_API_SIM_H
#define KS_API_SIM_H

#include "api/app.h"
#include "api/sim_text.h"
#include "core/channel.h"
#include "core/fsm.h"
#include "core/html.h"
#include "store/store.h"
#include "txn/change.h"

/* One simulator payment in flight. */
struct ks_sim {
	struct ks_http_req *req;
	struct ks_app *app;
	enum ks_chan chan;
	int html; /* answer with a page, else JSON */
	enum ks_lang lang; /* of the page */
	struct ks_order order;
	struct ks_payment pay;
	struct ks_txn_change change;
	char number[64];
};

/* Loads payment txid with its order into s. When it cannot be paid
 * through a simulator, returns the HTTP status (404 unknown or not a
 * sandbox payment, 409 already paid or denied, 410 expired or canceled)
 * with *why; 0 when it is pending and before its deadline. */
int ks_sim_load(struct ks_sim *s, const char *txid, enum ks_sim_text *why);
/* Applies ev (PAY or PAY_FAIL) to s's payment and queues the change with
 * cause "simulator", suspending the request; done completes it (and
 * resumes). Returns 0, or 409 when the state machine refuses (nothing
 * queued, the request not suspended). */
int ks_sim_change(struct ks_sim *s, enum ks_fsm_event ev,
		  void (*done)(struct ks_store_write *w, void *arg));
/* Frees what s holds (not s). */
void ks_sim_release(struct ks_sim *s);

/* ---- pages ---- */
/* Starts a page in lang; switch_path, when non-NULL, is linked in the
 * other language (GET pages only). */
void ks_sim_page_begin(struct ks_html *h, enum ks_lang lang, const char *title,
		       const char *switch_path);
/* Ends the page; result, when non-NULL, is embedded for web/sim.js (which
 * hands it to the payment page that opened or framed this one). */
void ks_sim_page_end(struct ks_html *h, const json_t *result);
/* Merchant, order id and amount of s's payment. */
void ks_sim_summary(struct ks_html *h, const struct ks_sim *s);
/* A paragraph of class cls ("ok", "error", "note") with text. */
void ks_sim_message(struct ks_html *h, const char *cls, const char *text);
/* Sends the page with the page headers (CSP). */
void ks_sim_send(struct ks_http_req *req, int status, struct ks_html *h);

#endif
