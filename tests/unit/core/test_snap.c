/* This file contains the table of Snap request rules (SPEC §2.3–§2.6): one row
 * per rule edge, each a body and the single message it must produce (or none). */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "core/errors.h"
#include "snaptest.h"
#include "rowtest.h"

struct row {
	const char *name;
	const char *body; /* ' stands for ", <N*S> for S repeated N times */
	const char *want; /* the one message expected; NULL: the body is valid */
};

/* A valid request plus extra top-level members. */
#define B(x) "{'transaction_details':{'order_id':'ORDER-101','gross_amount':10000}," x "}"
#define TD(x) "{'transaction_details':{" x "}}"
#define OID(x) TD("'order_id':" x ",'gross_amount':10000")
#define GA(x) TD("'order_id':'A1','gross_amount':" x)
#define ITEMS(gross, items) \
	"{'transaction_details':{'order_id':'A1','gross_amount':" gross "},'item_details':[" items "]}"
#define IT(price, qty) "{'name':'Bear','price':" price ",'quantity':" qty "}"
#define ITX(x) "{'name':'Bear','price':10000,'quantity':1" x "}"
#define EP(x) B("'enabled_payments':[" x "]")
#define CD(x) B("'customer_details':{" x "}")
#define BILL(x) CD("'billing_address':{" x "}")
#define SHIP(x) CD("'shipping_address':{" x "}")
#define CC(x) B("'credit_card':{" x "}")
#define TERMS(x) CC("'installment':{'terms':{" x "}}")
#define FT(x) B("'bca_va':{'free_text':{" x "}}")
#define FTI(en, id) "{'en':'" en "','id':'" id "'}"
#define CB(x) B("'callbacks':{" x "}")
#define EXP(x) B("'expiry':{" x "}")
#define EXPU(unit, dur) EXP("'unit':'" unit "','duration':" dur)
#define EXPS(start) EXP("'start_time':'" start "','unit':'hour','duration':1")

#define OID_MSG "transaction_details.order_id"
#define OID_CHARS OID_MSG " may contain only letters, digits and - _ ~ ."
#define GA_MSG "transaction_details.gross_amount"
#define DECIMALS " must be a whole number of rupiah (no decimals)"
#define SUM_MSG GA_MSG " is not equal to the sum of item_details"
#define EMAIL_BAD "customer_details.email is not a valid email address"
#define BANKS "bca, bni, mandiri, cimb, bri, danamon, maybank, mega"
#define BIN_MSG " must be a card number prefix of 1 to 8 digits or one of: bni, bca, mandiri, cimb, bri, maybank"
#define TERMS_MSG "credit_card.installment.terms.bni"
#define URL_MSG "callbacks.finish must be an http:// or https:// URL"
#define START_MSG "expiry.start_time must look like 2018-12-13 18:11:08 +0700"
#define OTHER_VA_MSG \
	"enabled_payments: other_va needs permata_va, because other banks are paid through Permata"

static const struct row rows[] = {
	/* the body itself */
	{ "minimal", B("'x':1"), NULL },
	{ "array body", "[]", "request body must be a JSON object" },
	{ "string body", "'x'", "request body must be a JSON object" },
	{ "number body", "10000", "request body must be a JSON object" },
	{ "bool body", "true", "request body must be a JSON object" },
	{ "unknown fields ignored", B("'payment_type':'vtweb','vtweb':{'a':[1]}"), NULL },
	{ "null optionals", B("'item_details':null,'customer_details':null,'credit_card':null,"
			      "'expiry':null,'callbacks':null,'enabled_payments':null"), NULL },
	/* transaction_details */
	{ "td not object", "{'transaction_details':[]}", "transaction_details must be an object" },
	{ "order_id 50", OID("'<50*a>'"), NULL },
	{ "order_id 51", OID("'<51*a>'"), OID_MSG " must be at most 50 characters" },
	{ "order_id missing", TD("'gross_amount':10000"), OID_MSG " is required" },
	{ "order_id null", OID("null"), OID_MSG " is required" },
	{ "order_id empty", OID("''"), OID_MSG " must not be empty" },
	{ "order_id symbols", OID("'a-b_c~d.E9'"), NULL },
	{ "order_id space", OID("'order 1'"), OID_CHARS },
	{ "order_id slash", OID("'order/1'"), OID_CHARS },
	{ "order_id hash", OID("'order#1'"), OID_CHARS },
	{ "order_id non-ascii", OID("'ordér'"), OID_CHARS },
	{ "order_id NUL", OID("'a\\u0000b'"), OID_MSG " must not contain a NUL character" },
	{ "order_id integer", OID("123456"), NULL },
	{ "order_id bool", OID("true"), OID_MSG " must be a string" },
	{ "gross 10000", GA("10000"), NULL },
	{ "gross 9999", GA("9999"), GA_MSG " must be at least 10000" },
	{ "gross 0", GA("0"), GA_MSG " must be at least 10000" },
	{ "gross negative", GA("-10000"), GA_MSG " must be at least 10000" },
	{ "gross max", GA("999999999999"), NULL },
	{ "gross over max", GA("1000000000000"), GA_MSG " must be at most 999999999999" },
	{ "gross huge real", GA("1e300"), GA_MSG " must be at most 999999999999" },
	{ "gross missing", TD("'order_id':'A1'"), GA_MSG " is required" },
	{ "gross null", GA("null"), GA_MSG " is required" },
	{ "gross 10000.0", GA("10000.0"), NULL },
	{ "gross 10000.5", GA("10000.5"), GA_MSG DECIMALS },
	{ "gross string", GA("'10000'"), NULL },
	{ "gross string fraction", GA("'10000.5'"), GA_MSG DECIMALS },
	{ "gross string abc", GA("'abc'"), GA_MSG " must be an integer" },
	{ "gross string empty", GA("''"), GA_MSG " must be an integer" },
	{ "gross string space", GA("' 10000'"), GA_MSG " must be an integer" },
	{ "gross string exponent", GA("'1e4'"), GA_MSG " must be an integer" },
	{ "gross string 9999", GA("'9999'"), GA_MSG " must be at least 10000" },
	{ "gross bool", GA("true"), GA_MSG " must be an integer" },
	{ "gross object", GA("{}"), GA_MSG " must be an integer" },
	/* item_details */
	{ "items sum", ITEMS("10000", IT("10000", "1")), NULL },
	{ "items sum qty", ITEMS("15000", IT("5000", "2") "," IT("5000", "1")), NULL },
	{ "items mismatch", ITEMS("10000", IT("9000", "1")), SUM_MSG },
	{ "items mismatch qty", ITEMS("10000", IT("10000", "2")), SUM_MSG },
	{ "items discount line", ITEMS("10000", IT("12000", "1") "," IT("-2000", "1")), NULL },
	{ "items discount mismatch", ITEMS("12000", IT("12000", "1") "," IT("-2000", "1")), SUM_MSG },
	{ "items empty array", ITEMS("10000", ""), NULL },
	{ "items not array", B("'item_details':{}"), "item_details must be an array" },
	{ "item not object", ITEMS("10000", IT("10000", "1") ",7"), "item_details[1] must be an object" },
	{ "item qty 0", ITEMS("10000", IT("10000", "0")), "item_details[0].quantity must be at least 1" },
	{ "item qty -1", ITEMS("10000", IT("10000", "-1")), "item_details[0].quantity must be at least 1" },
	{ "item qty max", ITEMS("1000000000", IT("1000", "1000000")), NULL },
	{ "item qty over", ITEMS("10000", IT("1", "1000001")), "item_details[0].quantity must be at most 1000000" },
	{ "item qty fraction", ITEMS("10000", IT("10000", "1.5")), "item_details[0].quantity must be a whole number" },
	{ "item qty string", ITEMS("10000", IT("5000", "'2'")), NULL },
	{ "item qty missing", ITEMS("10000", "{'name':'Bear','price':10000}"), "item_details[0].quantity is required" },
	{ "item price fraction", ITEMS("10000", IT("10000.5", "1")), "item_details[0].price" DECIMALS },
	{ "item price 10000.0", ITEMS("10000", IT("10000.0", "1")), NULL },
	{ "item price string", ITEMS("10000", IT("'10000'", "1")), NULL },
	{ "item price missing", ITEMS("10000", "{'name':'Bear','quantity':1}"), "item_details[0].price is required" },
	{ "item price too low", ITEMS("10000", IT("-1000000000000", "1")),
	  "item_details[0].price must be between -999999999999 and 999999999999" },
	{ "item index in path", ITEMS("30000", IT("10000", "1") "," IT("10000", "1") "," IT("'x'", "1")),
	  "item_details[2].price must be an integer" },
	{ "item name missing", ITEMS("10000", "{'price':10000,'quantity':1}"), "item_details[0].name is required" },
	{ "item name 50", ITEMS("10000", "{'name':'<50*n>','price':10000,'quantity':1}"), NULL },
	{ "item name 50 code points", ITEMS("10000", "{'name':'<50*é>','price':10000,'quantity':1}"), NULL },
	{ "item name 51", ITEMS("10000", "{'name':'<51*n>','price':10000,'quantity':1}"),
	  "item_details[0].name must be at most 50 characters" },
	{ "item id 50", ITEMS("10000", ITX(",'id':'<50*i>'")), NULL },
	{ "item id 51", ITEMS("10000", ITX(",'id':'<51*i>'")), "item_details[0].id must be at most 50 characters" },
	{ "item brand 51", ITEMS("10000", ITX(",'brand':'<51*b>'")), "item_details[0].brand must be at most 50 characters" },
	{ "item category 51", ITEMS("10000", ITX(",'category':'<51*c>'")),
	  "item_details[0].category must be at most 50 characters" },
	{ "item merchant_name 51", ITEMS("10000", ITX(",'merchant_name':'<51*m>'")),
	  "item_details[0].merchant_name must be at most 50 characters" },
	{ "item brand number", ITEMS("10000", ITX(",'brand':5")), "item_details[0].brand must be a string" },
	{ "item all optional", ITEMS("10000", ITX(",'id':'a','brand':'b','category':'c','merchant_name':'m'")), NULL },
	{ "bad gross, no sum check", ITEMS("9999", IT("10000", "1")), GA_MSG " must be at least 10000" },
	{ "bad item, no sum check", ITEMS("20000", IT("10000", "0")), "item_details[0].quantity must be at least 1" },
	/* enabled_payments */
	{ "ep empty", EP(""), NULL },
	{ "ep bank_transfer", EP("'bank_transfer'"), NULL },
	{ "ep cstore", EP("'cstore'"), NULL },
	{ "ep other_va alone", EP("'other_va'"), OTHER_VA_MSG },
	{ "ep other_va + bca_va", EP("'other_va','bca_va'"), OTHER_VA_MSG },
	{ "ep other_va + permata", EP("'other_va','permata_va'"), NULL },
	{ "ep other_va + alias", EP("'other_va','bank_transfer'"), NULL },
	{ "ep unknown", EP("'credit_card','gopay'"), "enabled_payments[1] 'gopay' is not a supported payment method" },
	{ "ep upper case", EP("'CREDIT_CARD'"), "enabled_payments[0] 'CREDIT_CARD' is not a supported payment method" },
	{ "ep unknown cut", EP("'<60*z>'"), "enabled_payments[0] '<50*z>' is not a supported payment method" },
	{ "ep not string", EP("'credit_card',5"), "enabled_payments[1] must be a string" },
	{ "ep not array", B("'enabled_payments':'credit_card'"), "enabled_payments must be an array" },
	/* customer_details */
	{ "cd full", CD("'first_name':'A','last_name':'B','email':'a.b@shop.co.id','phone':'0812'"), NULL },
	{ "cd not object", B("'customer_details':[]"), "customer_details must be an object" },
	{ "cd first_name 255", CD("'first_name':'<255*f>'"), NULL },
	{ "cd first_name 256", CD("'first_name':'<256*f>'"), "customer_details.first_name must be at most 255 characters" },
	{ "cd last_name 256", CD("'last_name':'<256*l>'"), "customer_details.last_name must be at most 255 characters" },
	{ "cd phone 256", CD("'phone':'<256*1>'"), "customer_details.phone must be at most 255 characters" },
	{ "cd phone number", CD("'phone':812"), "customer_details.phone must be a string" },
	{ "email empty", CD("'email':''"), NULL },
	{ "email no at", CD("'email':'ab.co'"), EMAIL_BAD },
	{ "email two ats", CD("'email':'a@b@c.co'"), EMAIL_BAD },
	{ "email empty local", CD("'email':'@b.co'"), EMAIL_BAD },
	{ "email no dot", CD("'email':'a@bco'"), EMAIL_BAD },
	{ "email leading dot", CD("'email':'a@.b.co'"), EMAIL_BAD },
	{ "email trailing dot", CD("'email':'a@b.co.'"), EMAIL_BAD },
	{ "email empty label", CD("'email':'a@b..co'"), EMAIL_BAD },
	{ "email space", CD("'email':'a b@c.co'"), EMAIL_BAD },
	{ "email control", CD("'email':'a@c.co\\t'"), EMAIL_BAD },
	{ "email 256", CD("'email':'<250*e>@b.com'"), "customer_details.email must be at most 255 characters" },
	{ "address full", BILL("'first_name':'A','last_name':'B','email':'a@b.co','phone':'1','address':'Sudirman',"
			       "'city':'Jakarta','postal_code':'12190','country_code':'IDN'"), NULL },
	{ "address not object", CD("'billing_address':'x'"), "customer_details.billing_address must be an object" },
	{ "address 200", BILL("'address':'<200*a>'"), NULL },
	{ "address 201", BILL("'address':'<201*a>'"), "customer_details.billing_address.address must be at most 200 characters" },
	{ "city 100", BILL("'city':'<100*c>'"), NULL },
	{ "city 101", BILL("'city':'<101*c>'"), "customer_details.billing_address.city must be at most 100 characters" },
	{ "postal_code 10", SHIP("'postal_code':'<10*1>'"), NULL },
	{ "postal_code 11", SHIP("'postal_code':'<11*1>'"),
	  "customer_details.shipping_address.postal_code must be at most 10 characters" },
	{ "country_code 11", SHIP("'country_code':'<11*I>'"),
	  "customer_details.shipping_address.country_code must be at most 10 characters" },
	{ "address phone 256", SHIP("'phone':'<256*1>'"), "customer_details.shipping_address.phone must be at most 255 characters" },
	{ "address first_name 256", BILL("'first_name':'<256*f>'"),
	  "customer_details.billing_address.first_name must be at most 255 characters" },
	{ "address email", SHIP("'email':'nope'"), "customer_details.shipping_address.email is not a valid email address" },
	/* credit_card */
	{ "cc not object", B("'credit_card':true"), "credit_card must be an object" },
	{ "cc secure", CC("'secure':true"), NULL },
	{ "cc secure string", CC("'secure':'true'"), "credit_card.secure must be a boolean" },
	{ "cc bank bca", CC("'bank':'bca'"), NULL },
	{ "cc bank bni", CC("'bank':'bni'"), NULL },
	{ "cc bank mandiri", CC("'bank':'mandiri'"), NULL },
	{ "cc bank cimb", CC("'bank':'cimb'"), NULL },
	{ "cc bank bri", CC("'bank':'bri'"), NULL },
	{ "cc bank danamon", CC("'bank':'danamon'"), NULL },
	{ "cc bank maybank", CC("'bank':'maybank'"), NULL },
	{ "cc bank mega", CC("'bank':'mega'"), NULL },
	{ "cc bank unknown", CC("'bank':'bjb'"), "credit_card.bank must be one of: " BANKS },
	{ "cc bank upper", CC("'bank':'BNI'"), "credit_card.bank must be one of: " BANKS },
	{ "cc channel", CC("'channel':'migs'"), NULL },
	{ "cc channel bad", CC("'channel':'mpgs'"), "credit_card.channel must be one of: migs" },
	{ "cc type authorize", CC("'type':'authorize'"), NULL },
	{ "cc type capture", CC("'type':'authorize_capture'"), NULL },
	{ "cc type bad", CC("'type':'capture'"), "credit_card.type must be one of: authorize, authorize_capture" },
	{ "cc save_card", CC("'save_card':false"), NULL },
	{ "cc save_card bad", CC("'save_card':1"), "credit_card.save_card must be a boolean" },
	{ "cc card_token 255", CC("'card_token':'<255*t>'"), NULL },
	{ "cc card_token 256", CC("'card_token':'<256*t>'"), "credit_card.card_token must be at most 255 characters" },
	{ "bins ok", CC("'whitelist_bins':['4','48111111','bni','bca','mandiri','cimb','bri','maybank']"), NULL },
	{ "bins 9 digits", CC("'whitelist_bins':['481111111']"), "credit_card.whitelist_bins[0]" BIN_MSG },
	{ "bins empty string", CC("'whitelist_bins':['4811','']"), "credit_card.whitelist_bins[1]" BIN_MSG },
	{ "bins danamon", CC("'whitelist_bins':['danamon']"), "credit_card.whitelist_bins[0]" BIN_MSG },
	{ "bins letters", CC("'whitelist_bins':['48a1']"), "credit_card.whitelist_bins[0]" BIN_MSG },
	{ "bins number", CC("'whitelist_bins':[4811]"), "credit_card.whitelist_bins[0] must be a string" },
	{ "bins not array", CC("'whitelist_bins':'4811'"), "credit_card.whitelist_bins must be an array" },
	{ "installment ok", CC("'installment':{'required':true,'terms':{'bni':[3,6,12],'offline':[6,12]}}"), NULL },
	{ "terms every bank", TERMS("'bni':[3],'mandiri':[3],'cimb':[3],'bca':[3],'bri':[3],'maybank':[3],'offline':[3]"), NULL },
	{ "terms 1 and 36", TERMS("'bni':[1,36]"), NULL },
	{ "terms 0", TERMS("'bni':[0]"), TERMS_MSG "[0] must be between 1 and 36" },
	{ "terms 37", TERMS("'bni':[3,37]"), TERMS_MSG "[1] must be between 1 and 36" },
	{ "terms empty", TERMS("'bni':[]"), TERMS_MSG " must not be empty" },
	{ "terms not array", TERMS("'bni':3"), TERMS_MSG " must be an array" },
	{ "terms element", TERMS("'bni':['x']"), TERMS_MSG "[0] must be an integer" },
	{ "terms bank", TERMS("'danamon':[3]"),
	  "credit_card.installment.terms 'danamon' is not one of: bni, mandiri, cimb, bca, bri, maybank, offline" },
	{ "terms not object", CC("'installment':{'terms':[3]}"), "credit_card.installment.terms must be an object" },
	{ "installment required", CC("'installment':{'required':'yes'}"), "credit_card.installment.required must be a boolean" },
	{ "installment not object", CC("'installment':[]"), "credit_card.installment must be an object" },
	/* virtual accounts */
	{ "bca_va ok", B("'bca_va':{'va_number':'12345'}"), NULL },
	{ "bca_va letters", B("'bca_va':{'va_number':'12a45'}"), "bca_va.va_number must contain digits only" },
	{ "bca_va empty", B("'bca_va':{'va_number':''}"), "bca_va.va_number must contain digits only" },
	{ "bca_va dash", B("'bca_va':{'va_number':'-123'}"), "bca_va.va_number must contain digits only" },
	{ "bca_va number", B("'bca_va':{'va_number':12345}"), "bca_va.va_number must be a string" },
	{ "bca_va not object", B("'bca_va':'12345'"), "bca_va must be an object" },
	{ "permata_va letters", B("'permata_va':{'va_number':'x'}"), "permata_va.va_number must contain digits only" },
	{ "bni_va letters", B("'bni_va':{'va_number':'1 2'}"), "bni_va.va_number must contain digits only" },
	{ "recipient 20", B("'permata_va':{'recipient_name':'<20*r>'}"), NULL },
	{ "recipient 21", B("'permata_va':{'recipient_name':'<21*r>'}"), "permata_va.recipient_name must be at most 20 characters" },
	{ "free_text 11", FT("'inquiry':[<10*" FTI("a", "b") ",>" FTI("a", "b") "]"),
	  "bca_va.free_text.inquiry must have at most 10 items" },
	{ "free_text 9+1", FT("'payment':[<9*" FTI("a", "b") ",>" FTI("a", "b") "]"), NULL },
	{ "free_text en missing", FT("'inquiry':[{'id':'b'}]"), "bca_va.free_text.inquiry[0].en is required" },
	{ "free_text id 51", FT("'payment':[" FTI("a", "b") "," FTI("a", "<51*i>") "]"),
	  "bca_va.free_text.payment[1].id must be at most 50 characters" },
	{ "free_text en 50", FT("'payment':[" FTI("<50*e>", "i") "]"), NULL },
	{ "free_text item", FT("'payment':['x']"), "bca_va.free_text.payment[0] must be an object" },
	{ "free_text not object", B("'bca_va':{'free_text':[]}"), "bca_va.free_text must be an object" },
	/* callbacks */
	{ "finish https", CB("'finish':'https://shop.example/done?x=1'"), NULL },
	{ "finish HTTP", CB("'finish':'HTTP://shop.example'"), NULL },
	{ "finish port", CB("'finish':'http://127.0.0.1:8080/f'"), NULL },
	{ "finish ftp", CB("'finish':'ftp://shop.example'"), URL_MSG },
	{ "finish no scheme", CB("'finish':'shop.example/done'"), URL_MSG },
	{ "finish no host", CB("'finish':'https://'"), URL_MSG },
	{ "finish path only", CB("'finish':'https:///done'"), URL_MSG },
	{ "finish space", CB("'finish':'https://shop.example/a b'"), URL_MSG },
	{ "finish 256", CB("'finish':'https://<248*a>'"), "callbacks.finish must be at most 255 characters" },
	{ "finish number", CB("'finish':1"), "callbacks.finish must be a string" },
	{ "error url", CB("'finish':'https://a.b','error':'javascript:alert(1)'"),
	  "callbacks.error must be an http:// or https:// URL" },
	{ "callbacks not object", B("'callbacks':'https://a.b'"), "callbacks must be an object" },
	/* expiry */
	{ "unit day", EXPU("day", "1"), NULL },
	{ "unit days", EXPU("days", "2"), NULL },
	{ "unit hour", EXPU("hour", "1"), NULL },
	{ "unit hours", EXPU("hours", "2"), NULL },
	{ "unit minute", EXPU("minute", "1"), NULL },
	{ "unit minutes", EXPU("minutes", "30"), NULL },
	{ "unit upper case", EXPU("Hours", "2"), NULL },
	{ "unit week", EXPU("week", "1"), "expiry.unit must be day, hour or minute" },
	{ "unit missing", EXP("'duration':1"), "expiry.unit is required" },
	{ "unit number", EXP("'unit':1,'duration':1"), "expiry.unit must be a string" },
	{ "duration missing", EXP("'unit':'day'"), "expiry.duration is required" },
	{ "duration 0", EXPU("day", "0"), "expiry.duration must be a positive integer" },
	{ "duration negative", EXPU("day", "-1"), "expiry.duration must be a positive integer" },
	{ "duration fraction", EXPU("hour", "1.5"), "expiry.duration must be a whole number" },
	{ "duration string", EXPU("hour", "'2'"), NULL },
	{ "365 days", EXPU("days", "365"), NULL },
	{ "366 days", EXPU("days", "366"), "expiry.duration must be at most 365 days" },
	{ "8760 hours", EXPU("hours", "8760"), NULL },
	{ "8761 hours", EXPU("hours", "8761"), "expiry.duration must be at most 365 days" },
	{ "525600 minutes", EXPU("minutes", "525600"), NULL },
	{ "525601 minutes", EXPU("minutes", "525601"), "expiry.duration must be at most 365 days" },
	{ "huge duration", EXPU("minute", "9223372036854775807"), "expiry.duration must be at most 365 days" },
	{ "start_time", EXPS("2018-12-13 18:11:08 +0700"), NULL },
	{ "start_time colon offset", EXPS("2018-12-13 18:11:08 +07:00"), NULL },
	{ "start_time leap day", EXPS("2024-02-29 00:00:00 +0000"), NULL },
	{ "start_time Feb 30", EXPS("2018-02-30 10:00:00 +0700"), START_MSG },
	{ "start_time Feb 29 2023", EXPS("2023-02-29 10:00:00 +0700"), START_MSG },
	{ "start_time hour 24", EXPS("2018-12-13 24:00:00 +0700"), START_MSG },
	{ "start_time month 13", EXPS("2018-13-01 10:00:00 +0700"), START_MSG },
	{ "start_time no offset", EXPS("2018-12-13 18:11:08"), START_MSG },
	{ "start_time offset 15h", EXPS("2018-12-13 18:11:08 +1500"), START_MSG },
	{ "start_time offset 2 digits", EXPS("2018-12-13 18:11:08 +07"), START_MSG },
	{ "start_time ISO T", EXPS("2018-12-13T18:11:08 +0700"), START_MSG },
	{ "start_time trailing", EXPS("2018-12-13 18:11:08 +0700 x"), START_MSG },
	{ "start_time number", EXP("'start_time':1,'unit':'day','duration':1"), "expiry.start_time must be a string" },
	{ "expiry not object", B("'expiry':1"), "expiry must be an object" },
	/* plain strings */
	{ "custom_field1 255", B("'custom_field1':'<255*c>'"), NULL },
	{ "custom_field1 256", B("'custom_field1':'<256*c>'"), "custom_field1 must be at most 255 characters" },
	{ "custom_field2 256", B("'custom_field2':'<256*c>'"), "custom_field2 must be at most 255 characters" },
	{ "custom_field3 number", B("'custom_field3':3"), "custom_field3 must be a string" },
	{ "user_id 255", B("'user_id':'<255*u>'"), NULL },
	{ "user_id 256", B("'user_id':'<256*u>'"), "user_id must be at most 255 characters" },
	{ "user_id number", B("'user_id':42"), "user_id must be a string" },
};

ParameterizedTestParameters(snap, rules)
{
	return ROWTEST_PARAMS(rows);
}

ParameterizedTest(size_t *i, snap, rules)
{
	const struct row *r = &rows[*i];
	struct ks_snap_req req;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	int rc = snaptest_validate(r->body, &req, &errs);
	char *got = snaptest_join(&errs);
	if (!r->want) {
		cr_expect_eq(rc, KS_OK, "%s: expected valid, got: %s", r->name, got);
		cr_expect_eq(errs.n, 0, "%s", r->name);
	} else {
		char *want = snaptest_expand(r->want, false);
		cr_expect_eq(rc, KS_ERR_INVALID, "%s: expected invalid", r->name);
		cr_expect_eq(errs.n, 1, "%s: want one message [%s], got [%s]", r->name, want, got);
		cr_expect_str_eq(got, want, "%s", r->name);
		free(want);
	}
	free(got);
	ks_snap_req_release(&req);
	ks_errlist_release(&errs);
}
