/* This file contains the payment method names of SPEC §4.1, their aliases and
 * the comma-separated form in which a set of methods is stored. */
#include <string.h>

#include "core/paymethod.h"

static const char *const names[KS_PM__COUNT] = {
#define KS_PM_NAME(id, name) [KS_PM_##id] = name,
	KS_PAYMETHOD_MAP(KS_PM_NAME)
#undef KS_PM_NAME
};

static const struct {
	const char *name;
	ks_paymethod_set set;
} aliases[] = {
	{ "bank_transfer", KS_PM_BIT(KS_PM_PERMATA_VA) | KS_PM_BIT(KS_PM_BCA_VA) | KS_PM_BIT(KS_PM_BNI_VA) },
	{ "cstore", KS_PM_BIT(KS_PM_KIOSON) | KS_PM_BIT(KS_PM_INDOMARET) },
};

const char *ks_paymethod_name(enum ks_paymethod m)
{
	if ((unsigned)m >= KS_PM__COUNT)
		return NULL;
	return names[m];
}

/* Looks up the name s[0..len), which need not be NUL-terminated. */
static ks_paymethod_set lookup_n(const char *s, size_t len)
{
	for (unsigned i = 0; i < KS_PM__COUNT; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return KS_PM_BIT(i);
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strlen(aliases[i].name) == len && memcmp(aliases[i].name, s, len) == 0)
			return aliases[i].set;
	return 0;
}

ks_paymethod_set ks_paymethod_lookup(const char *name)
{
	if (!name)
		return 0;
	return lookup_n(name, strlen(name));
}

char *ks_paymethod_set_format(ks_paymethod_set set, char *buf, unsigned long size)
{
	size_t used = 0;
	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (unsigned i = 0; i < KS_PM__COUNT; i++) {
		if (!(set & KS_PM_BIT(i)))
			continue;
		size_t len = strlen(names[i]);
		size_t sep = used ? 1 : 0;
		/* a name that does not fit whole is left out, never cut */
		if (used + sep + len + 1 > size)
			break;
		if (sep)
			buf[used++] = ',';
		memcpy(buf + used, names[i], len);
		used += len;
		buf[used] = '\0';
	}
	return buf;
}

ks_paymethod_set ks_paymethod_set_parse(const char *list)
{
	ks_paymethod_set set = 0;
	if (!list)
		return 0;
	while (*list) {
		size_t len = strcspn(list, ",");
		const char *s = list;
		size_t n = len;
		while (n && (*s == ' ' || *s == '\t'))
			s++, n--;
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		set |= lookup_n(s, n);
		list += len;
		if (*list == ',')
			list++;
	}
	return set;
}
