/* The portal's field rules (core/settings.h), one row per rule. */
#include <criterion/criterion.h>
#include <stdbool.h>

#include "core/settings.h"

struct host_case {
	const char *host;
	bool private_;
};

static const struct host_case hosts[] = {
	{ "localhost", true },       { "LOCALHOST.", true },     { "a.localhost", true },
	{ "intranet", true },        { "printer.local", true },  { "db.internal", true },
	{ "127.0.0.1", true },       { "10.1.2.3", true },       { "172.16.0.1", true },
	{ "172.31.255.255", true },  { "192.168.1.1", true },    { "169.254.169.254", true },
	{ "100.64.0.1", true },      { "0.0.0.0", true },        { "[::1]", true },
	{ "::", true },              { "[fd00::1]", true },      { "fe80::1", true },
	{ "[::ffff:127.0.0.1]", true }, { "2130706433", true },  { "0x7f.1", true },
	{ "", true },                { "example.com", false },   { "8.8.8.8", false },
	{ "172.32.0.1", false },     { "[2001:db8::1]", false }, { "shop.co.id", false },
	{ "100.128.0.1", false },
};

Test(settings, private_hosts)
{
	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++)
		cr_expect_eq(ks_host_is_private(hosts[i].host), hosts[i].private_, "host %s",
			     hosts[i].host);
}

Test(settings, notification_url)
{
	cr_expect_null(ks_check_notification_url("", true));
	cr_expect_null(ks_check_notification_url("http://localhost:9/n", false));
	cr_expect_null(ks_check_notification_url("https://shop.example.com/n?a=1", true));
	cr_expect_null(ks_check_notification_url("https://user@shop.example.com:8443/n", true));
	cr_expect_not_null(ks_check_notification_url("http://shop.example.com/n", true));
	cr_expect_not_null(ks_check_notification_url("https://127.0.0.1/n", true));
	cr_expect_not_null(ks_check_notification_url("https://localhost:8443/n", true));
	cr_expect_not_null(ks_check_notification_url("https://[::1]:8443/n", true));
	cr_expect_not_null(ks_check_notification_url("https://x@10.0.0.1/n", true));
	cr_expect_not_null(ks_check_notification_url("ftp://shop.example.com", false));
	cr_expect_not_null(ks_check_notification_url("shop.example.com", false));
}

Test(settings, merchant_name)
{
	cr_expect_null(ks_check_merchant_name("Toko Budi"));
	cr_expect_null(ks_check_merchant_name("PT. Maju-Jaya, Tbk"));
	cr_expect_null(ks_check_merchant_name("Café Ñandú"));
	cr_expect_not_null(ks_check_merchant_name(""));
	cr_expect_not_null(ks_check_merchant_name("Toko <b>"));
	cr_expect_not_null(ks_check_merchant_name("Toko@Budi"));
	cr_expect_not_null(ks_check_merchant_name(" Toko"));
	char longname[130];
	memset(longname, 'a', 101);
	longname[101] = '\0';
	cr_expect_not_null(ks_check_merchant_name(longname));
}

Test(settings, urls_emails_passwords_language)
{
	cr_expect_null(ks_check_site_url("https://shop.example.com", false));
	cr_expect_null(ks_check_site_url("", true));
	cr_expect_not_null(ks_check_site_url("", false));
	cr_expect_not_null(ks_check_site_url("javascript:alert(1)", true));
	cr_expect_null(ks_check_email_list("a@example.com, b@example.co.id"));
	cr_expect_null(ks_check_email_list(""));
	cr_expect_not_null(ks_check_email_list("a@example.com, nope"));
	cr_expect_null(ks_check_login_email("a@example.com"));
	cr_expect_not_null(ks_check_login_email("a@b"));
	cr_expect_not_null(ks_check_password("short"));
	cr_expect_null(ks_check_password("twelve chars"));
	cr_expect_null(ks_check_language("en"));
	cr_expect_not_null(ks_check_language("fr"));
}
