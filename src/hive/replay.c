/* Transaction log replay. Every rule below is from the regf specification (Maxim Suhanov, msuhanov/regf):
 * "Format of transaction log files" (old and new), "Dirty state of a hive", "Multiple transaction log files".
 * The replay works on a copy; every write into it is bounded by the size its log entry declares. */
#include "hive/replay.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hive/regf.h"

/* spec, base block: file type at 28, hive bins data size at 40, Flags at 144 (Windows 10), checksum at 508 */
#define BASE_FILE_TYPE 0x1c
#define BASE_BINS_SIZE 0x28
#define BASE_FLAGS 0x90
#define BASE_CHECKSUM 0x1fc
/* spec, "Log entries": 40 bytes of header before the dirty page references */
#define ENTRY_HEADER 0x28
/* every log starts with a 512-byte copy of the base block; entries and the dirty vector follow it */
#define LOG_SECTOR 512
/* LOG, LOG1, LOG2 and one spare */
#define MAX_LOGS 4

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void note(struct replay_result *r, const char *fmt, ...)
{
	size_t used = strlen(r->problem);
	if (used && used + 2 < sizeof r->problem)
		used += (size_t)snprintf(r->problem + used, sizeof r->problem - used, "; ");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->problem + used, sizeof r->problem - used, fmt, ap);
	va_end(ap);
}

static void note_used(struct replay_result *r, const char *name)
{
	size_t used = strlen(r->used);
	snprintf(r->used + used, sizeof r->used - used, "%s%s", used ? "+" : "", name);
}

/* the hive being rebuilt; it only grows */
struct image {
	uint8_t *d;
	size_t len;
	int fd;  /* -1: d is malloc'd; else d maps all of the file fd (shared), which grows with it */
};

/* spec, new format note 9: the primary grows to what the entry's hive bins data size says. Windows marks a
 * new bin dirty as a whole, so the bytes a hive grows by come in the same log entry (or old-format log):
 * growth beyond the `justified` bytes the log brings is a forged size, refused before it costs memory. */
static int image_grow(struct image *im, uint32_t bins, size_t justified, char *why, size_t wlen)
{
	size_t need = REGF_BASE_BLOCK_SIZE + (size_t)bins;
	if (need <= im->len)
		return 0;
	if (need - im->len > justified) {
		snprintf(why, wlen, "the hive would grow from %zu to %zu bytes, but the log holds only %zu bytes of "
			 "pages for it: a forged or damaged log", im->len, need, justified);
		return -1;
	}
	if (im->fd >= 0) {
		/* the file's new bytes are zeros */
		void *m = ftruncate(im->fd, (off_t)need) == 0 ? mremap(im->d, im->len, need, MREMAP_MAYMOVE) : MAP_FAILED;
		if (m == MAP_FAILED) {
			snprintf(why, wlen, "the replayed copy can not grow to %zu bytes: %s", need, strerror(errno));
			return -1;
		}
		im->d = m;
		im->len = need;
		return 0;
	}
	uint8_t *grown = realloc(im->d, need);
	if (!grown) {
		snprintf(why, wlen, "out of memory for a %zu-byte hive", need);
		return -1;
	}
	memset(grown + im->len, 0, need - im->len);
	im->d = grown;
	im->len = need;
	return 0;
}

/* spec, base block notes (old format) 4 and new format note 6: a primary with a bad checksum takes the log's
 * copy of the base block, file type set back to 0 */
static void image_take_base(struct image *im, const uint8_t *log)
{
	memcpy(im->d, log, LOG_SECTOR);
	put32(im->d + BASE_FILE_TYPE, 0);
}

static bool bins_size_ok(uint32_t bins)
{
	return bins && bins % 4096 == 0 && bins <= HIVE_MAX_BYTES - REGF_BASE_BLOCK_SIZE;
}

/* spec, old format base block note 2: a log is valid when its base block is (checksum) and its two sequence
 * numbers are equal; file type 1 or 2 is the old format, 6 the new one */
static bool log_base_ok(const struct replay_log *log, struct regf_base *b, char *why, size_t wlen)
{
	if (log->len < LOG_SECTOR)
		snprintf(why, wlen, "%zu bytes, shorter than the 512-byte base block a log starts with", log->len);
	else if (!regf_base_parse(log->data, log->len, b))
		snprintf(why, wlen, "no 'regf' signature at offset 0");
	else if (!b->checksum_ok)
		snprintf(why, wlen, "the checksum of its base block is wrong");
	else if (b->primary_seq != b->secondary_seq)
		snprintf(why, wlen, "its base block's sequence numbers differ (%u and %u): the log itself is torn",
			 b->primary_seq, b->secondary_seq);
	else if (b->file_type != 1 && b->file_type != 2 && b->file_type != 6)
		snprintf(why, wlen, "file type %u is not a log (1 or 2 old format, 6 new format)", b->file_type);
	else
		return true;
	return false;
}

/* ---- new format: HvLE entries ---- */

struct entry {
	size_t off;
	uint32_t size, flags, seq, bins, pages;
};

static struct entry entry_header(const uint8_t *e, size_t off)
{
	return (struct entry){off, le32(e + 4), le32(e + 8), le32(e + 12), le32(e + 16), le32(e + 20)};
}

/* The page references stay inside the entry, and each page inside the hive bins data the entry declares. */
static bool entry_pages_ok(const uint8_t *e, const struct entry *en, char *why, size_t wlen)
{
	uint64_t data = ENTRY_HEADER + (uint64_t)en->pages * 8;
	for (uint32_t i = 0; i < en->pages; i++) {
		uint32_t off = le32(e + ENTRY_HEADER + 8 * i), size = le32(e + ENTRY_HEADER + 8 * i + 4);
		if ((uint64_t)off + size > en->bins) {
			snprintf(why, wlen, "page %u (offset %u, %u bytes) lies past the hive bins data size %u", i, off,
				 size, en->bins);
			return false;
		}
		data += size;
	}
	if (data > en->size) {
		snprintf(why, wlen, "its pages need %llu bytes, the entry is %u", (unsigned long long)data, en->size);
		return false;
	}
	return true;
}

enum { ENTRY_END, ENTRY_OK, ENTRY_BAD, ENTRY_OLD };

/* spec, new format notes 1-3, 7, 8: size a multiple of 512, hive bins data size a multiple of 4096, both
 * Marvin32 hashes right, the expected sequence number (a lower one is an older, already applied entry) */
static int entry_ok(const uint8_t *e, size_t left, uint32_t expect, const struct entry *en, char *why, size_t wlen)
{
	if (en->size < ENTRY_HEADER || en->size % 512)
		snprintf(why, wlen, "size %u is not a multiple of 512", en->size);
	else if (en->size > left)
		snprintf(why, wlen, "size %u, but only %zu bytes are left in the file: a torn write", en->size, left);
	else if (!bins_size_ok(en->bins))
		snprintf(why, wlen, "hive bins data size %u is not a multiple of 4096 (or beyond %u bytes)", en->bins,
			 HIVE_MAX_BYTES - REGF_BASE_BLOCK_SIZE);
	else if (en->pages > (en->size - ENTRY_HEADER) / 8)
		snprintf(why, wlen, "%u dirty pages do not fit in %u bytes", en->pages, en->size);
	else if (regf_marvin32(e + ENTRY_HEADER, en->size - ENTRY_HEADER) != le64(e + 0x18))
		snprintf(why, wlen, "hash-1 is %016llx, the data hashes to %016llx: the entry is damaged",
			 (unsigned long long)le64(e + 0x18),
			 (unsigned long long)regf_marvin32(e + ENTRY_HEADER, en->size - ENTRY_HEADER));
	else if (regf_marvin32(e, 0x20) != le64(e + 0x20))
		snprintf(why, wlen, "hash-2 is %016llx, the header hashes to %016llx: the entry is damaged",
			 (unsigned long long)le64(e + 0x20), (unsigned long long)regf_marvin32(e, 0x20));
	else if (en->seq != expect) {
		snprintf(why, wlen, "sequence number %u, expected %u", en->seq, expect);
		return en->seq < expect ? ENTRY_OLD : ENTRY_BAD;
	} else {
		return entry_pages_ok(e, en, why, wlen) ? ENTRY_OK : ENTRY_BAD;
	}
	return ENTRY_BAD;
}

static int entry_read(const struct replay_log *log, size_t off, uint32_t expect, unsigned nth, struct entry *en,
		      char *why, size_t wlen)
{
	if (off > log->len || log->len - off < 4 || memcmp(log->data + off, "HvLE", 4))
		return ENTRY_END;
	char what[160];
	if (log->len - off < ENTRY_HEADER) {
		snprintf(why, wlen, "entry %u at offset %zu: cut off after %zu bytes: a torn write", nth, off,
			 log->len - off);
		return ENTRY_BAD;
	}
	*en = entry_header(log->data + off, off);
	int rc = entry_ok(log->data + off, log->len - off, expect, en, what, sizeof what);
	if (rc != ENTRY_OK)
		snprintf(why, wlen, "entry %u at offset %zu: %s", nth, off, what);
	return rc;
}

/* What one new-format log offers: its consecutive valid entries from offset 512. */
struct chain {
	const struct replay_log *log;
	bool usable;         /* new format with a valid base block */
	bool used;
	uint32_t base_seq;   /* spec note 7: the first entry must carry the base block's primary sequence number */
	unsigned count;
	uint32_t last_seq;
	char why[200];       /* why the log or its chain stops early, "" when it ends cleanly */
};

static void chain_scan(const struct replay_log *log, struct chain *c)
{
	*c = (struct chain){.log = log};
	struct regf_base b;
	if (!log->len || !log_base_ok(log, &b, c->why, sizeof c->why) || b.file_type != 6)
		return;
	c->usable = true;
	c->base_seq = b.primary_seq;
	size_t off = LOG_SECTOR;
	struct entry en;
	int rc;
	while ((rc = entry_read(log, off, c->base_seq + c->count, c->count + 1, &en, c->why, sizeof c->why)) ==
	       ENTRY_OK) {
		c->count++;
		c->last_seq = en.seq;
		off += en.size;
	}
	/* spec note 4: older, already applied entries may follow the newest ones; they end the chain quietly */
	if (rc == ENTRY_OLD && c->count)
		c->why[0] = '\0';
	if (rc == ENTRY_END && !c->count)
		snprintf(c->why, sizeof c->why, "no log entry at offset 512 (expected one with sequence number %u)",
			 c->base_seq);
}

/* The page data of an entry: the bytes it may grow the hive by (spec, new format note 9, and image_grow) */
static size_t entry_page_bytes(const uint8_t *e, const struct entry *en)
{
	size_t bytes = 0;
	for (uint32_t i = 0; i < en->pages; i++)
		bytes += le32(e + ENTRY_HEADER + 8 * i + 4);
	return bytes;
}

static int entry_apply(struct image *im, const struct replay_log *log, const struct entry *en, char *why,
		       size_t wlen)
{
	const uint8_t *e = log->data + en->off;
	if (image_grow(im, en->bins, entry_page_bytes(e, en), why, wlen) != 0)
		return -1;
	size_t data = ENTRY_HEADER + (size_t)en->pages * 8;
	for (uint32_t i = 0; i < en->pages; i++) {
		uint32_t off = le32(e + ENTRY_HEADER + 8 * i), size = le32(e + ENTRY_HEADER + 8 * i + 4);
		memcpy(im->d + REGF_BASE_BLOCK_SIZE + off, e + data, size);
		data += size;
	}
	put32(im->d + BASE_BINS_SIZE, en->bins);
	/* spec note 11: only bit 0 of the base block's Flags travels in an entry */
	put32(im->d + BASE_FLAGS, (le32(im->d + BASE_FLAGS) & ~1u) | (en->flags & 1u));
	return 0;
}

static int chain_apply(struct image *im, struct chain *c, struct replay_result *r)
{
	size_t off = LOG_SECTOR;
	for (unsigned i = 0; i < c->count; i++) {
		struct entry en = entry_header(c->log->data + off, off);
		char why[200];
		if (entry_apply(im, c->log, &en, why, sizeof why) != 0) {
			snprintf(r->problem, sizeof r->problem, "%s: entry %u at offset %zu: %s", c->log->name, i + 1, off,
				 why);
			return -1;
		}
		r->entries++;
		r->sequence = en.seq;
		r->hive_bins_size = en.bins;
		off += en.size;
	}
	c->used = true;
	if (c->count)
		note_used(r, c->log->name);
	if (*c->why)
		note(r, "%s: %s; replay stopped there (%u entr%s of this log applied)", c->log->name, c->why,
		     c->count, c->count == 1 ? "y" : "ies");
	return 0;
}

/* spec, "Multiple transaction log files", new format: the log with the earlier entries goes first, LOG1 is not
 * necessarily that one. Its entries may start above the primary's secondary sequence number (a "partial
 * reconcile" wrote them without updating the base block), never below it. */
static struct chain *chain_first(struct chain *c, size_t n, uint32_t secondary)
{
	struct chain *best = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!c[i].usable)
			continue;
		if (c[i].base_seq < secondary) {
			snprintf(c[i].why, sizeof c[i].why, "its entries start at sequence number %u, before the "
				 "primary's %u: they are already in the primary", c[i].base_seq, secondary);
			continue;
		}
		if (!best || c[i].base_seq < best->base_seq)
			best = &c[i];
	}
	return best;
}

/* spec: with an invalid primary base block only the log with the latest entries is used */
static struct chain *chain_latest(struct chain *c, size_t n)
{
	struct chain *best = NULL;
	for (size_t i = 0; i < n; i++)
		if (c[i].usable && c[i].count && (!best || c[i].last_seq > best->last_seq))
			best = &c[i];
	return best;
}

/* spec: recovery goes on in the next log, whose first entry must be N + 1 */
static struct chain *chain_next(struct chain *c, size_t n, uint32_t seq)
{
	for (size_t i = 0; i < n; i++)
		if (c[i].usable && !c[i].used && c[i].base_seq == seq + 1)
			return &c[i];
	return NULL;
}

static void note_skipped(const struct chain *c, size_t n, struct replay_result *r)
{
	for (size_t i = 0; i < n; i++)
		if (c[i].usable && !c[i].used && c[i].count && c[i].base_seq > r->sequence + 1)
			note(r, "%s: its entries start at sequence number %u, after a gap (the last one applied is %u); "
			     "they were not applied", c[i].log->name, c[i].base_seq, r->sequence);
}

static int replay_new(struct image *im, const struct regf_base *pb, bool base_ok, struct chain *c, size_t n,
		      struct replay_result *r)
{
	struct chain *cur = base_ok ? chain_first(c, n, pb->secondary_seq) : chain_latest(c, n);
	if (!cur || !cur->count)
		return -1;
	if (!base_ok)
		image_take_base(im, cur->log->data);
	while (cur) {
		if (chain_apply(im, cur, r) != 0)
			return -1;
		cur = base_ok ? chain_next(c, n, r->sequence) : NULL;
	}
	note_skipped(c, n, r);
	r->format = REGF_LOG_NEW;
	return 0;
}

/* ---- old format: DIRT vector and 512-byte dirty pages ---- */

struct dirt {
	size_t bits, dirty, pages_at;
};

/* spec, "Dirty vector" and "Dirty pages": "DIRT" at 512, one bit per 512-byte page of hive bins data (least
 * significant bit first), the dirty pages from the sector after the vector, in bitmap order */
static bool dirt_read(const struct replay_log *log, const struct regf_base *b, struct dirt *d, char *why,
		      size_t wlen)
{
	if (!bins_size_ok(b->hive_bins_size)) {
		snprintf(why, wlen, "its hive bins data size %u is not a multiple of 4096", b->hive_bins_size);
		return false;
	}
	d->bits = b->hive_bins_size / 512;
	size_t bytes = (d->bits + 7) / 8, vector = LOG_SECTOR + 4;
	if (log->len < vector + bytes || memcmp(log->data + LOG_SECTOR, "DIRT", 4)) {
		snprintf(why, wlen, "no complete dirty vector ('DIRT' and %zu bitmap bytes) at offset 512", bytes);
		return false;
	}
	d->dirty = 0;
	for (size_t i = 0; i < d->bits; i++)
		d->dirty += (log->data[vector + i / 8] >> (i % 8)) & 1;
	d->pages_at = (vector + bytes + LOG_SECTOR - 1) / LOG_SECTOR * LOG_SECTOR;
	if (d->pages_at + d->dirty * 512 > log->len) {
		snprintf(why, wlen, "its dirty vector marks %zu pages from offset %zu, the file is %zu bytes: a torn "
			 "write", d->dirty, d->pages_at, log->len);
		return false;
	}
	return true;
}

/* spec, old format base block note 3: a log applies only when its Last written timestamp equals the
 * primary's (the first hive bin's Timestamp when the primary's base block is invalid) */
static uint64_t primary_stamp(const uint8_t *p, size_t len, const struct regf_base *pb, bool base_ok)
{
	if (base_ok)
		return pb->last_written;
	return len >= REGF_BASE_BLOCK_SIZE + 28 && !memcmp(p + REGF_BASE_BLOCK_SIZE, "hbin", 4)
		       ? le64(p + REGF_BASE_BLOCK_SIZE + 20)
		       : 0;
}

static bool old_applicable(struct chain *c, uint64_t stamp, struct regf_base *b, struct dirt *d)
{
	if (!c->log->len || !log_base_ok(c->log, b, c->why, sizeof c->why) || b->file_type == 6)
		return false;
	if (b->last_written != stamp) {
		snprintf(c->why, sizeof c->why, "its base block was written at FILETIME %llu, the primary's at %llu: "
			 "it belongs to another write", (unsigned long long)b->last_written, (unsigned long long)stamp);
		return false;
	}
	return dirt_read(c->log, b, d, c->why, sizeof c->why);
}

static int dirt_apply(struct image *im, const struct replay_log *log, const struct regf_base *b,
		      const struct dirt *d, struct replay_result *r)
{
	char why[200];
	if (image_grow(im, b->hive_bins_size, d->dirty * 512, why, sizeof why) != 0) {
		snprintf(r->problem, sizeof r->problem, "%s: %s", log->name, why);
		return -1;
	}
	size_t from = d->pages_at;
	for (size_t i = 0; i < d->bits; i++) {
		if (!((log->data[LOG_SECTOR + 4 + i / 8] >> (i % 8)) & 1))
			continue;
		memcpy(im->d + REGF_BASE_BLOCK_SIZE + i * 512, log->data + from, 512);
		from += 512;
		r->entries++;
	}
	put32(im->d + BASE_BINS_SIZE, b->hive_bins_size);
	r->hive_bins_size = b->hive_bins_size;
	return 0;
}

/* spec, "Multiple transaction log files", old format: an applicable log is used; when two apply, the one
 * written last (higher sequence number) holds the cumulative log of dirty data. */
static int replay_old(struct image *im, uint64_t stamp, const struct regf_base *pb, bool base_ok, struct chain *c,
		      size_t n, struct replay_result *r)
{
	struct regf_base b, best_b = {0};
	struct dirt d, best_d = {0};
	struct chain *best = NULL;
	for (size_t i = 0; i < n; i++) {
		if (old_applicable(&c[i], stamp, &b, &d) && (!best || b.primary_seq > best_b.primary_seq)) {
			best = &c[i];
			best_b = b;
			best_d = d;
		}
	}
	if (!best)
		return -1;
	if (!base_ok)
		image_take_base(im, best->log->data);
	if (dirt_apply(im, best->log, &best_b, &best_d, r) != 0)
		return -1;
	r->sequence = base_ok ? pb->primary_seq : best_b.primary_seq;
	r->format = REGF_LOG_OLD;
	note_used(r, best->log->name);
	return 0;
}

/* ---- the result ---- */

/* spec, "Hive bin": bins follow each other from offset 0 without gaps, each starting with "hbin", its own
 * offset and a size that is a multiple of 4096. Windows heals a bad bin; we refuse rather than guess. */
static bool image_bins_ok(const struct image *im, uint32_t bins, struct replay_result *r)
{
	for (uint64_t off = 0; off < bins;) {
		const uint8_t *h = im->d + REGF_BASE_BLOCK_SIZE + off;
		uint32_t size = le32(h + 8);
		if (memcmp(h, "hbin", 4) || le32(h + 4) != off || size < 4096 || size % 4096 || off + size > bins) {
			snprintf(r->problem, sizeof r->problem, "after replaying %u change%s from %s the hive bin at "
				 "offset %llu is not valid (signature, offset or size): the logs do not fit this "
				 "primary", r->entries, r->entries == 1 ? "" : "s", r->used, (unsigned long long)off);
			return false;
		}
		off += size;
	}
	return true;
}

static void explain_refusal(const struct regf_base *pb, bool base_ok, const struct chain *c, size_t n,
			    struct replay_result *r)
{
	if (base_ok)
		note(r, "the hive is dirty (sequence numbers %u and %u) and no transaction log can be replayed",
		     pb->primary_seq, pb->secondary_seq);
	else
		note(r, "the primary's base block is damaged and no transaction log can be replayed to recover it");
	if (!n)
		note(r, "no log file was found beside it");
	for (size_t i = 0; i < n; i++) {
		if (*c[i].why)
			note(r, "%s: %s", c[i].log->name, c[i].why);
		else if (c[i].usable && c[i].count)
			note(r, "%s: its entries (sequence numbers %u to %u) can not be used without the earlier ones",
			     c[i].log->name, c[i].base_seq, c[i].last_seq);
		else
			note(r, "%s: %s", c[i].log->name, c[i].log->len ? "holds nothing for this primary" : "empty");
	}
}

static int replay_dirty(struct image *im, const uint8_t *primary, size_t len, const struct replay_log *logs,
			size_t nlogs, struct replay_result *r)
{
	struct regf_base pb;
	bool base_ok = regf_base_parse(primary, len, &pb) && pb.checksum_ok;
	struct chain c[MAX_LOGS];
	for (size_t i = 0; i < nlogs; i++)
		chain_scan(&logs[i], &c[i]);
	int rc = replay_new(im, &pb, base_ok, c, nlogs, r);
	if (rc != 0 && !*r->problem)
		rc = replay_old(im, primary_stamp(primary, len, &pb, base_ok), &pb, base_ok, c, nlogs, r);
	if (rc != 0 && !*r->problem)
		explain_refusal(&pb, base_ok, c, nlogs, r);
	if (rc != 0 || !image_bins_ok(im, r->hive_bins_size, r))
		return -1;
	put32(im->d + 4, r->sequence);
	put32(im->d + 8, r->sequence);
	put32(im->d + BASE_CHECKSUM, regf_checksum(im->d));
	return 0;
}

/* What no replay may start from; -1 with r->problem */
static int replay_refused(size_t len, size_t nlogs, struct replay_result *r)
{
	if (len < REGF_BASE_BLOCK_SIZE) {
		snprintf(r->problem, sizeof r->problem, "the primary is %zu bytes, shorter than its 4096-byte base "
			 "block", len);
		return -1;
	}
	if (len > HIVE_MAX_BYTES) {
		snprintf(r->problem, sizeof r->problem, "the primary is %zu bytes, more than the %u bytes of a hive "
			 "rescuewiz reads", len, HIVE_MAX_BYTES);
		return -1;
	}
	if (nlogs > MAX_LOGS) {
		snprintf(r->problem, sizeof r->problem, "%zu logs given, a hive has at most %d", nlogs, MAX_LOGS);
		return -1;
	}
	return 0;
}

/* Replays the logs into im, which holds the primary's bytes */
static int replay_image(struct image *im, const struct replay_log *logs, size_t nlogs, struct replay_result *r)
{
	/* the primary's base block and first bin header as they came: the image changes under the replay */
	uint8_t head[REGF_BASE_BLOCK_SIZE + 32];
	memcpy(head, im->d, im->len < sizeof head ? im->len : sizeof head);
	struct regf_base pb;
	/* spec, "Dirty state of a hive": a clean primary ignores every log entry, however new */
	int rc = regf_base_parse(head, im->len, &pb) && pb.checksum_ok && pb.primary_seq == pb.secondary_seq
			 ? 1
			 : replay_dirty(im, head, im->len, logs, nlogs, r);
	if (rc == 1) {
		r->sequence = pb.primary_seq;
		r->hive_bins_size = pb.hive_bins_size;
	}
	return rc;
}

int replay_logs(const uint8_t *primary, size_t len, const struct replay_log *logs, size_t nlogs, uint8_t **out,
		size_t *out_len, struct replay_result *r)
{
	memset(r, 0, sizeof *r);
	*out = NULL;
	*out_len = 0;
	if (replay_refused(len, nlogs, r) != 0)
		return -1;
	struct image im = {malloc(len), len, -1};
	if (!im.d) {
		snprintf(r->problem, sizeof r->problem, "out of memory for a %zu-byte hive", len);
		return -1;
	}
	memcpy(im.d, primary, len);
	int rc = replay_image(&im, logs, nlogs, r);
	if (rc < 0) {
		free(im.d);
		return -1;
	}
	*out = im.d;
	*out_len = im.len;
	return rc;
}

int replay_logs_in_file(int fd, size_t *len, const struct replay_log *logs, size_t nlogs, struct replay_result *r)
{
	memset(r, 0, sizeof *r);
	if (replay_refused(*len, nlogs, r) != 0)
		return -1;
	void *m = mmap(NULL, *len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		snprintf(r->problem, sizeof r->problem, "the copy to replay into can not be mapped: %s", strerror(errno));
		return -1;
	}
	struct image im = {m, *len, fd};
	int rc = replay_image(&im, logs, nlogs, r);
	munmap(im.d, im.len);
	*len = im.len;
	return rc;
}

static void replay_seal_at(uint8_t *primary, uint32_t seq)
{
	put32(primary + 4, seq);
	put32(primary + 8, seq);
	put32(primary + BASE_CHECKSUM, regf_checksum(primary));
}

uint32_t replay_seal(uint8_t *primary, size_t len, uint32_t highest_log_seq)
{
	struct regf_base b;
	if (len < LOG_SECTOR || !regf_base_parse(primary, len, &b))
		return 0;
	uint32_t m = b.primary_seq > b.secondary_seq ? b.primary_seq : b.secondary_seq;
	m = highest_log_seq > m ? highest_log_seq : m;
	/* at the very top there is nothing greater; equal numbers still keep the base block clean */
	uint32_t seq = m == UINT32_MAX ? m : m + 1;
	replay_seal_at(primary, seq);
	return seq;
}
