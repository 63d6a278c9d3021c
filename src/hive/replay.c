#include "hive/replay.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hive/regf.h"

#define ENTRY_HEADER 0x28
#define MAX_HIVE (1u << 30)

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

struct entry {
	const uint8_t *at;
	uint32_t size, seq, bins;
	const struct replay_log *log;
};

/* The valid entries of a new-format log, in file order, until the first invalid one. */
static size_t log_entries(const struct replay_log *log, struct entry *out, size_t max, char *problem, size_t plen)
{
	struct regf_base b;
	if (!regf_base_parse(log->data, log->len, &b) || !b.checksum_ok || b.file_type != 6 ||
	    b.primary_seq != b.secondary_seq)
		return 0;
	size_t n = 0, off = 512;
	uint32_t expect = b.primary_seq;
	while (n < max && off + ENTRY_HEADER <= log->len && !memcmp(log->data + off, "HvLE", 4)) {
		const uint8_t *e = log->data + off;
		uint32_t size = le32(e + 4), seq = le32(e + 12), bins = le32(e + 16), pages = le32(e + 20);
		bool ok = size >= ENTRY_HEADER && size % 512 == 0 && size <= log->len - off && seq == expect &&
			  bins % 4096 == 0 && bins && bins <= MAX_HIVE && (uint64_t)pages * 8 <= size - ENTRY_HEADER;
		if (ok)
			ok = regf_marvin32(e + ENTRY_HEADER, size - ENTRY_HEADER) ==
				     ((uint64_t)le32(e + 0x18) | (uint64_t)le32(e + 0x1c) << 32) &&
			     regf_marvin32(e, 0x20) == ((uint64_t)le32(e + 0x20) | (uint64_t)le32(e + 0x24) << 32);
		if (!ok) {
			snprintf(problem, plen, "%s: the entry at offset %zu is not valid (torn, bad hash or sequence "
				 "number %u where %u was expected); the entries before it are used",
				 log->name, off, seq, expect);
			break;
		}
		out[n++] = (struct entry){e, size, seq, bins, log};
		expect = seq + 1;
		off += size;
	}
	return n;
}

/* Writes one entry's pages into the hive image, growing it to 4096 + the entry's hive bins size. */
static int apply_entry(const struct entry *en, uint8_t **hive, size_t *len, char *problem, size_t plen)
{
	size_t need = 4096 + (size_t)en->bins;
	if (need > *len) {
		uint8_t *grown = realloc(*hive, need);
		if (!grown)
			return -1;
		memset(grown + *len, 0, need - *len);
		*hive = grown;
		*len = need;
	}
	uint32_t pages = le32(en->at + 20);
	size_t data = ENTRY_HEADER + (size_t)pages * 8;
	for (uint32_t i = 0; i < pages; i++) {
		uint32_t off = le32(en->at + ENTRY_HEADER + 8 * i), size = le32(en->at + ENTRY_HEADER + 8 * i + 4);
		if ((uint64_t)off + size > en->bins || data + size > en->size) {
			snprintf(problem, plen, "%s: entry %u names a page outside the hive", en->log->name, en->seq);
			return -1;
		}
		memcpy(*hive + 4096 + off, en->at + data, size);
		data += size;
	}
	return 0;
}

/* New format: entries from both logs in sequence order, the chain starting at the log whose first entry is
 * the oldest one not before the primary's secondary sequence number, each next entry exactly +1. */
static int replay_new(const struct regf_base *pb, const struct replay_log *logs, size_t nlogs, uint8_t **hive,
		      size_t *len, struct replay_result *r)
{
	struct entry all[512];
	size_t n = 0;
	for (size_t i = 0; i < nlogs; i++)
		n += log_entries(&logs[i], all + n, sizeof all / sizeof *all - n, r->problem, sizeof r->problem);
	uint32_t next = 0;
	bool started = false;
	for (;;) {
		const struct entry *best = NULL;
		for (size_t i = 0; i < n; i++) {
			if (started ? all[i].seq != next : all[i].seq < pb->secondary_seq)
				continue;
			if (!best || all[i].seq < best->seq)
				best = &all[i];
		}
		if (!best)
			break;
		if (apply_entry(best, hive, len, r->problem, sizeof r->problem) != 0)
			return r->entries ? 0 : -1;
		if (!strstr(r->used, best->log->name) && strlen(r->used) + strlen(best->log->name) + 2 < sizeof r->used)
			snprintf(r->used + strlen(r->used), sizeof r->used - strlen(r->used), "%s%s", *r->used ? "+" : "",
				 best->log->name);
		r->entries++;
		r->sequence = best->seq;
		put32(*hive + 0x28, best->bins);
		started = true;
		next = best->seq + 1;
	}
	return r->entries ? 0 : -1;
}

/* Old format: a 512-byte base block copy, "DIRT", one bit per 512-byte sector of hive bins data, then the
 * dirty sectors in bitmap order. It applies only to the primary it was written for (same timestamp). */
static int replay_old(const struct regf_base *pb, const struct replay_log *log, uint8_t *hive, size_t len,
		      struct replay_result *r)
{
	struct regf_base b;
	if (!regf_base_parse(log->data, log->len, &b) || !b.checksum_ok || (b.file_type != 1 && b.file_type != 2) ||
	    log->len < 516 || memcmp(log->data + 512, "DIRT", 4) || b.last_written != pb->last_written)
		return -1;
	size_t bits = pb->hive_bins_size / 512, bitmap = 516, sectors = (bitmap + (bits + 7) / 8 + 511) / 512 * 512;
	if (bitmap + (bits + 7) / 8 > log->len)
		return -1;
	for (size_t i = 0; i < bits; i++) {
		if (!((log->data[bitmap + i / 8] >> (i % 8)) & 1))
			continue;
		if (sectors + 512 > log->len || 4096 + (i + 1) * 512 > len) {
			snprintf(r->problem, sizeof r->problem, "%s: the dirty sectors end early", log->name);
			return -1;
		}
		memcpy(hive + 4096 + i * 512, log->data + sectors, 512);
		sectors += 512;
		r->entries++;
	}
	r->sequence = pb->primary_seq;
	snprintf(r->used, sizeof r->used, "%s", log->name);
	return 0;
}

int replay_logs(const uint8_t *primary, size_t len, const struct replay_log *logs, size_t nlogs, uint8_t **out,
		size_t *out_len, struct replay_result *r)
{
	memset(r, 0, sizeof *r);
	struct regf_base pb;
	if (!regf_base_parse(primary, len, &pb) || !pb.checksum_ok || len < 4096) {
		snprintf(r->problem, sizeof r->problem, "the primary's base block is damaged; recovering it from a log "
			 "is not supported");
		return -1;
	}
	if (pb.primary_seq == pb.secondary_seq)
		return 1;
	uint8_t *hive = malloc(len);
	if (!hive)
		return -1;
	memcpy(hive, primary, len);
	size_t hlen = len;
	int rc = replay_new(&pb, logs, nlogs, &hive, &hlen, r);
	for (size_t i = 0; rc != 0 && i < nlogs; i++) {
		r->entries = 0;
		rc = replay_old(&pb, &logs[i], hive, hlen, r);
	}
	if (rc != 0) {
		if (!*r->problem)
			snprintf(r->problem, sizeof r->problem, "the hive is dirty and no transaction log holds a usable "
				 "continuation of it");
		free(hive);
		return -1;
	}
	put32(hive + 4, r->sequence);
	put32(hive + 8, r->sequence);
	put32(hive + 0x1fc, regf_checksum(hive));
	*out = hive;
	*out_len = hlen;
	return 0;
}
