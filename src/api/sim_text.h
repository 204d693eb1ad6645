/* The simulator pages' words in English and Bahasa Indonesia: one
 * dictionary (DESIGN §6). The language is the request's ?lang= (en, id),
 * else its Accept-Language, else English. JSON answers stay English. */
#ifndef KS_API_SIM_TEXT_H
#define KS_API_SIM_TEXT_H

#include "http/http.h"

enum ks_lang { KS_LANG_EN, KS_LANG_ID };

/* X(id, English, Indonesian) */
#define KS_SIM_TEXT_MAP(X)                                                                        \
	X(SITE, "kasir sandbox simulators", "Simulator sandbox kasir")                            \
	X(TITLE_SUFFIX, "kasir sandbox simulator", "simulator sandbox kasir")                     \
	X(OTHER_LANG, "Bahasa Indonesia", "English")                                              \
	X(MERCHANT, "Merchant", "Merchant")                                                       \
	X(ORDER_ID, "Order ID", "ID pesanan")                                                     \
	X(AMOUNT, "Amount", "Jumlah")                                                             \
	X(RECIPIENT, "Recipient", "Penerima")                                                     \
	X(INDEX_TITLE, "Payment simulators", "Simulator pembayaran")                              \
	X(INDEX_INTRO, "Pay sandbox transactions as the customer's bank or store would. Only "    \
		       "sandbox payments can be paid here.",                                       \
	  "Bayar transaksi sandbox seperti bank atau toko pelanggan. Hanya pembayaran sandbox "   \
	  "yang dapat dibayar di sini.")                                                          \
	X(INDEX_NUMBERS, "Numbers", "Nomor")                                                      \
	X(INDEX_BANKS, "Bank pages", "Halaman bank")                                              \
	X(INDEX_BANKS_NOTE, "These open from the payment's redirect_url: "                        \
			    "/sim/{method}/{transaction_id}.",                                     \
	  "Halaman ini dibuka dari redirect_url pembayaran: /sim/{method}/{transaction_id}.")    \
	X(UNKNOWN_SIM, "Unknown simulator", "Simulator tidak dikenal")                            \
	X(UNKNOWN_SIM_TEXT, "There is no simulator of that name.",                                \
	  "Tidak ada simulator dengan nama itu.")                                                 \
	X(ALL_SIMS, "All simulators", "Semua simulator")                                          \
	X(LABEL_VA, "Virtual account number", "Nomor virtual account")                           \
	X(LABEL_BILL, "Bill key", "Kode bayar")                                                   \
	X(LABEL_CODE, "Payment code", "Kode pembayaran")                                          \
	X(LABEL_KLIKBCA, "KlikBCA user ID", "User ID KlikBCA")                                   \
	X(INQUIRE, "Inquire", "Cek tagihan")                                                      \
	X(PAY, "Pay", "Bayar")                                                                    \
	X(CANCEL, "Cancel", "Batal")                                                              \
	X(PAID, "Paid. The transaction is now settlement.",                                       \
	  "Lunas. Transaksi sekarang settlement.")                                                \
	X(PAY_ANOTHER, "Pay another", "Bayar yang lain")                                          \
	X(UNKNOWN_NUMBER, "No payment has this number", "Tidak ada pembayaran dengan nomor ini")  \
	X(UNKNOWN_PAYMENT, "No such payment", "Pembayaran tidak ditemukan")                       \
	X(EXPIRED, "This payment has expired", "Pembayaran ini sudah kedaluwarsa")                \
	X(CANCELED, "This payment has been canceled", "Pembayaran ini sudah dibatalkan")          \
	X(DENIED, "This payment has been denied", "Pembayaran ini sudah ditolak")                 \
	X(ALREADY_PAID, "This payment has already been paid", "Pembayaran ini sudah dibayar")     \
	X(PROCESSED, "This payment has already been processed", "Pembayaran ini sudah diproses")  \
	X(BAD_FORM, "The form could not be read.", "Formulir tidak dapat dibaca.")                \
	X(USER_ID, "User ID", "User ID")                                                          \
	X(PASSWORD, "Password", "Kata sandi")                                                     \
	X(LOGIN_PAY, "Log in and pay", "Masuk dan bayar")                                         \
	X(NOTE_CIMB, "Sandbox: testuser00 pays, testuser01 fails.",                               \
	  "Sandbox: testuser00 berhasil, testuser01 gagal.")                                      \
	X(NOTE_BRI, "Sandbox: testuser00 pays, testuser03 fails.",                                \
	  "Sandbox: testuser00 berhasil, testuser03 gagal.")                                      \
	X(PHONE, "Phone number", "Nomor telepon")                                                 \
	X(PIN, "PIN", "PIN")                                                                      \
	X(OTP, "OTP", "OTP")                                                                      \
	X(NOTE_ECASH, "Sandbox: 0987654321, PIN 12345, OTP 12123434 pay.",                        \
	  "Sandbox: 0987654321, PIN 12345, OTP 12123434 berhasil.")                               \
	X(UNKNOWN_USER, "Unknown user: log in with a sandbox test user.",                         \
	  "Pengguna tidak dikenal: masuk dengan pengguna uji sandbox.")                           \
	X(PAY_OK, "Payment successful.", "Pembayaran berhasil.")                                  \
	X(PAY_DENIED, "Payment failed: the transaction is denied.",                               \
	  "Pembayaran gagal: transaksi ditolak.")                                                 \
	X(BACK, "Back to the merchant", "Kembali ke merchant")                                    \
	X(ERROR, "Something went wrong; please try again.", "Terjadi kesalahan; silakan coba lagi.")

enum ks_sim_text {
#define KS_SIM_TEXT_ENUM(id, en, idn) KS_T_##id,
	KS_SIM_TEXT_MAP(KS_SIM_TEXT_ENUM)
#undef KS_SIM_TEXT_ENUM
	KS_T__COUNT
};

/* The text t in lang (static storage). */
const char *ks_sim_t(enum ks_lang lang, enum ks_sim_text t);
/* The language a request asks for: ?lang=id or en, else an Accept-Language
 * whose first tag is Indonesian (id, in), else English. */
enum ks_lang ks_sim_lang(struct ks_http_req *req);
/* "?lang=id" for Indonesian, "" for English: kept on links and forms. */
const char *ks_sim_lang_query(enum ks_lang lang);

#endif
