/* This file contains the simulator pages' dictionary of sim_text.h. */
#include <string.h>
#include <strings.h>

#include "api/sim_text.h"

static const char *const texts[KS_T__COUNT][2] = {
#define KS_SIM_TEXT_ROW(id, en, idn) [KS_T_##id] = { en, idn },
	KS_SIM_TEXT_MAP(KS_SIM_TEXT_ROW)
#undef KS_SIM_TEXT_ROW
};

const char *ks_sim_t(enum ks_lang lang, enum ks_sim_text t)
{
	if ((unsigned)t >= KS_T__COUNT)
		return "";
	return texts[t][lang == KS_LANG_ID ? 1 : 0];
}

enum ks_lang ks_sim_lang(struct ks_http_req *req)
{
	const char *q = ks_http_query(req, "lang");
	if (q)
		return strcmp(q, "id") == 0 ? KS_LANG_ID : KS_LANG_EN;
	const char *al = ks_http_header(req, "Accept-Language");
	if (al && (strncasecmp(al, "id", 2) == 0 || strncasecmp(al, "in", 2) == 0) &&
	    (al[2] == '\0' || al[2] == '-' || al[2] == ',' || al[2] == ';'))
		return KS_LANG_ID;
	return KS_LANG_EN;
}

const char *ks_sim_lang_query(enum ks_lang lang)
{
	return lang == KS_LANG_ID ? "?lang=id" : "";
}
