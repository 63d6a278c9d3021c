/* regf base blocks and transaction logs, bounded parsing of our own (hivex reads neither). Every field and
 * rule: the "Windows registry file format specification" by Maxim Suhanov (msuhanov/regf), sections "Base
 * block", "Transaction log files", "Dirty state of a hive". */
#include "hive/regf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/files.h"

#define LOG_ENTRY_HEADER 0x28

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

uint32_t regf_checksum(const uint8_t *b)
{
	uint32_t x = 0;
	for (int i = 0; i < 127; i++)
		x ^= le32(b + 4 * i);
	if (x == 0)
		return 1;
	if (x == 0xffffffffu)
		return 0xfffffffeu;
	return x;
}

bool regf_base_parse(const uint8_t *d, size_t len, struct regf_base *out)
{
	memset(out, 0, sizeof *out);
	if (len < 512 || memcmp(d, "regf", 4))
		return false;
	out->signature_ok = true;
	out->primary_seq = le32(d + 0x04);
	out->secondary_seq = le32(d + 0x08);
	out->last_written = le64(d + 0x0c);
	out->major = le32(d + 0x14);
	out->minor = le32(d + 0x18);
	out->file_type = le32(d + 0x1c);
	out->root_offset = le32(d + 0x24);
	out->hive_bins_size = le32(d + 0x28);
	out->checksum_ok = regf_checksum(d) == le32(d + 0x1fc);
	return true;
}

/* Marvin32 (Microsoft's seeded string hash, as in .NET's Marvin.cs): two 32-bit state words mixed by
 * rotations and additions over 4-byte little-endian blocks, a 0x80 padding byte, then two final rounds. */
static void marvin_block(uint32_t *p0, uint32_t *p1)
{
#define ROTL(x, n) ((x) << (n) | (x) >> (32 - (n)))
	*p1 ^= *p0;
	*p0 = ROTL(*p0, 20) + *p1;
	*p1 = ROTL(*p1, 9) ^ *p0;
	*p0 = ROTL(*p0, 27) + *p1;
	*p1 = ROTL(*p1, 19);
#undef ROTL
}

uint64_t regf_marvin32_seeded(uint64_t seed, const uint8_t *data, size_t len)
{
	uint32_t p0 = (uint32_t)seed, p1 = (uint32_t)(seed >> 32);
	size_t i = 0;
	for (; len - i >= 4; i += 4) {
		p0 += le32(data + i);
		marvin_block(&p0, &p1);
	}
	/* the final partial block: remaining bytes little endian, followed by 0x80 */
	uint32_t tail = 0x80u << (8 * (len - i));
	for (size_t k = 0; k < len - i; k++)
		tail |= (uint32_t)data[i + k] << (8 * k);
	p0 += tail;
	marvin_block(&p0, &p1);
	marvin_block(&p0, &p1);
	return (uint64_t)p1 << 32 | p0;
}

uint64_t regf_marvin32(const uint8_t *data, size_t len)
{
	return regf_marvin32_seeded(0x82EF4D887A4E55C5ULL, data, len);
}

const char *regf_state_name(int state)
{
	return state == REGF_CLEAN ? "clean" : state == REGF_DIRTY ? "dirty" : "invalid";
}

/* Reads at most max bytes of a regular file; the size of the whole file goes to *size. NULL with why. */
static uint8_t *read_head(const char *path, size_t max, size_t *got, uint64_t *size, char *why, size_t why_len)
{
	int fd = open_regular(path, why, why_len);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0) {
			snprintf(why, why_len, "%s", strerror(errno));
			close(fd);
		}
		return NULL;
	}
	*size = (uint64_t)st.st_size;
	size_t want = (uint64_t)st.st_size < max ? (size_t)st.st_size : max;
	uint8_t *buf = malloc(want ? want : 1);
	ssize_t n = 0;
	*got = 0;
	while (buf && *got < want && (n = read(fd, buf + *got, want - *got)) > 0)
		*got += (size_t)n;
	close(fd);
	return buf;
}

static void primary_health(const char *path, struct regf_health *h)
{
	size_t got = 0;
	uint64_t size = 0;
	char why[sizeof h->problem];
	uint8_t *d = read_head(path, REGF_BASE_BLOCK_SIZE + 4, &got, &size, why, sizeof why);
	h->state = REGF_INVALID;
	if (!d) {
		snprintf(h->problem, sizeof h->problem, "can not be read: %s", why);
	} else if (got < REGF_BASE_BLOCK_SIZE + 4) {
		snprintf(h->problem, sizeof h->problem,
			 "truncated: %zu bytes, a hive starts with a 4096-byte base block and a hive bin", got);
	} else if (!regf_base_parse(d, got, &h->base)) {
		snprintf(h->problem, sizeof h->problem, "no 'regf' signature: this is not a registry hive");
	} else if (!h->base.checksum_ok) {
		snprintf(h->problem, sizeof h->problem, "the base block checksum is wrong");
	} else if (h->base.file_type != 0) {
		snprintf(h->problem, sizeof h->problem, "file type %u: this is a transaction log, not a primary hive",
			 h->base.file_type);
	} else if (size > HIVE_MAX_BYTES) {
		snprintf(h->problem, sizeof h->problem, "%llu bytes, more than the %u bytes rescuewiz reads of a hive",
			 (unsigned long long)size, HIVE_MAX_BYTES);
	} else if (h->base.hive_bins_size % 4096 || REGF_BASE_BLOCK_SIZE + (uint64_t)h->base.hive_bins_size > size) {
		snprintf(h->problem, sizeof h->problem, "hive bins data size says %u bytes, the file holds %llu",
			 h->base.hive_bins_size, (unsigned long long)(size - REGF_BASE_BLOCK_SIZE));
	} else if (memcmp(d + REGF_BASE_BLOCK_SIZE, "hbin", 4)) {
		snprintf(h->problem, sizeof h->problem, "no hive bin at offset 4096");
	} else {
		h->state = h->base.primary_seq == h->base.secondary_seq ? REGF_CLEAN : REGF_DIRTY;
	}
	free(d);
}

/* New format: HvLE entries from offset 512, each at a 512-byte boundary (spec: "New format"). */
static void walk_new_log(const uint8_t *d, size_t len, struct regf_log_info *l)
{
	size_t off = 512;
	uint32_t expect = l->base_seq;
	while (off + LOG_ENTRY_HEADER <= len) {
		const uint8_t *e = d + off;
		uint32_t size = le32(e + 4), seq = le32(e + 12), bins = le32(e + 16), pages = le32(e + 20);
		if (memcmp(e, "HvLE", 4))
			break;
		if (size < LOG_ENTRY_HEADER || size % 512 || size > len - off) {
			snprintf(l->problem, sizeof l->problem, "entry at offset %zu: size %u is not a multiple of 512 "
				 "inside the file", off, size);
			break;
		}
		if (seq != expect) {
			snprintf(l->problem, sizeof l->problem, "entry at offset %zu: sequence number %u, expected %u", off,
				 seq, expect);
			break;
		}
		if (bins % 4096 || (uint64_t)pages * 8 > size - LOG_ENTRY_HEADER) {
			snprintf(l->problem, sizeof l->problem, "entry at offset %zu: inconsistent header", off);
			break;
		}
		if (regf_marvin32(e + LOG_ENTRY_HEADER, size - LOG_ENTRY_HEADER) != le64(e + 0x18) ||
		    regf_marvin32(e, 0x20) != le64(e + 0x20)) {
			snprintf(l->problem, sizeof l->problem, "entry at offset %zu (sequence %u): hash mismatch", off,
				 seq);
			break;
		}
		if (!l->entries)
			l->first_seq = seq;
		l->last_seq = seq;
		l->entries++;
		expect = seq + 1;
		off += size;
	}
}

/* Old format: base block copy (512 bytes), then "DIRT" and one bit per 512-byte sector of hive bins data. */
static void walk_old_log(const uint8_t *d, size_t len, struct regf_log_info *l)
{
	if (len < 516 || memcmp(d + 512, "DIRT", 4)) {
		l->format = REGF_LOG_INVALID;
		snprintf(l->problem, sizeof l->problem, "old-format log without a DIRT vector");
		return;
	}
	size_t bits = le32(d + 0x28) / 512, bytes = (bits + 7) / 8;
	if (516 + bytes > len) {
		l->format = REGF_LOG_INVALID;
		snprintf(l->problem, sizeof l->problem, "dirty vector is truncated");
		return;
	}
	for (size_t i = 0; i < bits; i++)
		l->entries += (d[516 + i / 8] >> (i % 8)) & 1;
}

static void log_health(const char *path, const char *name, struct regf_log_info *l)
{
	size_t got = 0;
	uint64_t size = 0;
	snprintf(l->name, sizeof l->name, "%s", name);
	char why[sizeof l->problem];
	uint8_t *d = read_head(path, HIVE_MAX_BYTES, &got, &size, why, sizeof why);
	l->present = true;
	if (!d) {
		/* there, but not a file to read (a FIFO named like the log): said, never waited on */
		l->format = REGF_LOG_INVALID;
		snprintf(l->problem, sizeof l->problem, "%s", why);
		return;
	}
	l->size = size;
	struct regf_base b;
	if (size == 0) {
		l->format = REGF_LOG_EMPTY;
	} else if (!regf_base_parse(d, got, &b) || !b.checksum_ok) {
		l->format = REGF_LOG_INVALID;
		snprintf(l->problem, sizeof l->problem, "base block of the log is not valid");
	} else {
		l->base_seq = b.primary_seq;
		l->base_ok = b.primary_seq == b.secondary_seq;
		l->format = b.file_type == 6 ? REGF_LOG_NEW : (b.file_type == 1 || b.file_type == 2) ? REGF_LOG_OLD
												       : REGF_LOG_INVALID;
		if (l->format == REGF_LOG_NEW)
			walk_new_log(d, got, l);
		else if (l->format == REGF_LOG_OLD)
			walk_old_log(d, got, l);
		else
			snprintf(l->problem, sizeof l->problem, "file type %u is not a log", b.file_type);
	}
	free(d);
}

void regf_health_read(const char *primary, const char *const log_paths[3], const char *const log_names[3],
		      struct regf_health *h)
{
	memset(h, 0, sizeof *h);
	primary_health(primary, h);
	for (int i = 0; i < 3; i++) {
		if (!log_paths[i])
			continue;
		struct regf_log_info *l = &h->logs[h->nlogs++];
		log_health(log_paths[i], log_names[i], l);
		if (h->state == REGF_DIRTY &&
		    ((l->format == REGF_LOG_NEW && l->entries && l->last_seq >= h->base.secondary_seq) ||
		     (l->format == REGF_LOG_OLD && l->entries)))
			h->logs_hold_newer_data = true;
	}
}
