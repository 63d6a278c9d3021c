/* Which Windows boot loaders of a store a wizard may change, and when there is none, why, in the operator's
 * words. Stores also hold loaders (type 0x10200003) that are no installed Windows:
 * - recovery entries: the loader another one names in its recoverysequence (14000008, which reagentc
 *   sets), or one booting a .wim under \Recovery\, where reagentc keeps Winre.wim;
 * - install media: a loader booting a .wim from a ramdisk (\sources\boot.wim on Windows Setup media);
 * - WinPE: winpe (26000022) set, rescue and install media that boot Windows PE in other ways;
 * - templates: bcdboot's entries in generalised images, whose devices are 'locate' until first boot. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bcd/bcd.h"
#include "core/utf16.h"

enum loader_kind {
	LOADER_USABLE,
	LOADER_RECOVERY,
	LOADER_INSTALL_MEDIA,
	LOADER_WINPE,
	LOADER_TEMPLATE,
	LOADER_KINDS
};

/* How a kind is counted in a store holding several kinds: "1 is a ...", "2 are ...". */
static const struct {
	const char *one, *many;
} counted[LOADER_KINDS] = {
	[LOADER_RECOVERY] = {"is a recovery (WinRE) entry", "are recovery (WinRE) entries"},
	[LOADER_INSTALL_MEDIA] = {"boots a ramdisk (install media)", "boot a ramdisk (install media)"},
	[LOADER_WINPE] = {"is marked WinPE (element 26000022)", "are marked WinPE (element 26000022)"},
	[LOADER_TEMPLATE] = {"is a template whose devices are 'locate'", "are templates whose devices are 'locate'"},
};

static bool named_for_recovery(const struct bcd_store *s, const struct bcd_object *o)
{
	for (size_t i = 0; i < s->nobjects; i++) {
		const struct bcd_element *seq = bcd_own(&s->objects[i], BCD_RECOVERYSEQUENCE);
		for (size_t j = 0; seq && seq->decoded && j < seq->nlist; j++)
			if (!strcmp(seq->list[j], o->guid))
				return true;
	}
	return false;
}

static bool is_recovery(const struct bcd_store *s, const struct bcd_object *o)
{
	static const char folder[] = "\\Recovery\\";
	const char *wim = bcd_wim_image(s, o);
	return named_for_recovery(s, o) || (wim && !strncasecmp(wim, folder, sizeof folder - 1));
}

static bool is_locate(const struct bcd_element *el)
{
	return el && el->decoded && el->device.type == BCD_DEVICE_LOCATE;
}

static enum loader_kind kind_of(const struct bcd_store *s, const struct bcd_object *o)
{
	if (is_recovery(s, o))
		return LOADER_RECOVERY;
	if (bcd_wim_image(s, o))
		return LOADER_INSTALL_MEDIA;
	if (bcd_is_winpe(s, o))
		return LOADER_WINPE;
	if (is_locate(bcd_effective(s, o, BCD_OSDEVICE, NULL)) || is_locate(bcd_effective(s, o, BCD_DEVICE, NULL)))
		return LOADER_TEMPLATE;
	return LOADER_USABLE;
}

bool bcd_loader_usable(const struct bcd_store *s, const struct bcd_object *o)
{
	return bcd_is_os_loader(o) && kind_of(s, o) == LOADER_USABLE;
}

struct census {
	size_t loaders, of_kind[LOADER_KINDS];
	const char *wim; /* the first install media's image */
};

static struct census count_loaders(const struct bcd_store *s)
{
	struct census c = {0};
	for (size_t i = 0; i < s->nobjects; i++) {
		const struct bcd_object *o = &s->objects[i];
		if (!bcd_is_os_loader(o))
			continue;
		enum loader_kind k = kind_of(s, o);
		c.loaders++;
		c.of_kind[k]++;
		if (k == LOADER_INSTALL_MEDIA && !c.wim)
			c.wim = bcd_wim_image(s, o);
	}
	return c;
}

/* Every loader is of kind k. */
static void say_one_kind(enum loader_kind k, const struct census *c, char *why, size_t why_len)
{
	char wim[128];
	switch (k) {
	case LOADER_RECOVERY:
		snprintf(why, why_len, "only recovery (WinRE) entries");
		break;
	case LOADER_INSTALL_MEDIA:
		utf8_quote(c->wim, strlen(c->wim), wim, sizeof wim); /* a path from the disk */
		snprintf(why, why_len, "the loaders boot a ramdisk (install media: %s)", wim);
		break;
	case LOADER_WINPE:
		snprintf(why, why_len, "%s marked WinPE (element 26000022): this is install or rescue media, not "
			 "an installed Windows", c->loaders == 1 ? "the only loader is" : "the loaders are");
		break;
	default:
		snprintf(why, why_len, "the loaders are templates whose devices are all 'locate' (a generalised "
			 "image before first boot)");
		break;
	}
}

static void say_kinds(const struct census *c, char *why, size_t why_len)
{
	size_t o = (size_t)snprintf(why, why_len, "none of the %zu loaders is an installed Windows:", c->loaders);
	const char *sep = " ";
	for (int k = LOADER_RECOVERY; k < LOADER_KINDS && o < why_len; k++) {
		size_t n = c->of_kind[k];
		if (!n)
			continue;
		const char *what = n == 1 ? counted[k].one : counted[k].many;
		o += (size_t)snprintf(why + o, why_len - o, "%s%zu %s", sep, n, what);
		sep = ", ";
	}
}

int bcd_usable_loaders(const struct bcd_store *s, char *why, size_t why_len)
{
	struct census c = count_loaders(s);
	if (why_len)
		why[0] = '\0';
	if (c.of_kind[LOADER_USABLE])
		return (int)c.of_kind[LOADER_USABLE];
	if (!c.loaders) {
		snprintf(why, why_len, "no Windows boot loader at all");
		return 0;
	}
	for (int k = LOADER_RECOVERY; k < LOADER_KINDS; k++)
		if (c.of_kind[k] == c.loaders) {
			say_one_kind((enum loader_kind)k, &c, why, why_len);
			return 0;
		}
	say_kinds(&c, why, why_len);
	return 0;
}
