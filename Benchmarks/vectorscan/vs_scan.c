/*
 * vs_scan: scan a file with Vectorscan (Hyperscan) for a list of PCRE patterns.
 *
 *   cc -O2 vs_scan.c -lhs -o vs_scan
 *   vs_scan [-i IDS] [-e ENDS] [-s SLACK] [-b BLOCK] [-v OVERLAP] PATTERNS CORPUS
 *
 * PATTERNS holds one regex a line; IDS (optional) the matching names, one a line.
 * Patterns are compiled in block mode with no flags: no UTF-8 mode, no SINGLEMATCH, and no
 * SOM_LEFTMOST, so each match is reported by its end offset only (every end offset at which a
 * match ends). Patterns Vectorscan refuses are named and left out; compile_seconds is the time
 * of the final hs_compile_multi.
 *
 * The corpus is read in BLOCK-byte reads (default 1 MiB; 0 reads it whole, up to 4 GiB) and
 * each block is scanned together with the last OVERLAP bytes before it (default 8 KiB), as
 * Tacet's chunked scanner does; a match is counted only in the scan where its end is new, so
 * matches up to OVERLAP bytes long are counted once whatever the block size.
 *
 * ENDS (optional) holds "END KIND" lines, the exclusive end offsets of planted values; a planted
 * value counts as found when some match of some pattern ends exactly there, and as found within
 * SLACK (default 2) when a match ends at most SLACK bytes after it: gitleaks-style patterns end
 * with a delimiter such as `(?:['"\s;]|\\[nr]|$)`, so their matches end one or two bytes late.
 * Output is "key: value" lines.
 */
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define USAGE "usage: vs_scan [-i IDS] [-e ENDS] [-s SLACK] [-b BLOCK] [-v OVERLAP] PATTERNS CORPUS\n"

typedef struct {
    unsigned long long end;
    char kind[64];
    int found;  /* EXACT and/or NEAR */
} Planted;

enum { EXACT = 1, NEAR = 2 };

typedef struct {
    unsigned long long base;   /* corpus offset of the buffer's first byte */
    unsigned long long fresh;  /* ends at or below this were counted by the previous scan */
    unsigned long long *counts;
    Planted *planted;
    size_t nplanted;
    unsigned long long slack;
} Context;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what) {
    perror(what);
    exit(2);
}

/* The lines of a file, newline removed; *count set. */
static char **read_lines(const char *path, size_t *count) {
    FILE *f = fopen(path, "r");
    if (!f) die(path);
    char **lines = NULL, *line = NULL;
    size_t n = 0, cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) != -1) {
        if (len > 0 && line[len - 1] == '\n') line[len - 1] = '\0';
        lines = realloc(lines, (n + 1) * sizeof *lines);
        lines[n++] = strdup(line);
    }
    free(line);
    fclose(f);
    *count = n;
    return lines;
}

static int by_end(const void *a, const void *b) {
    unsigned long long x = ((const Planted *)a)->end, y = ((const Planted *)b)->end;
    return (x > y) - (x < y);
}

static Planted *read_planted(const char *path, size_t *count) {
    FILE *f = fopen(path, "r");
    if (!f) die(path);
    Planted *p = NULL;
    size_t n = 0;
    unsigned long long end;
    char kind[64];
    while (fscanf(f, "%llu %63s", &end, kind) == 2) {
        p = realloc(p, (n + 1) * sizeof *p);
        p[n].end = end;
        strcpy(p[n].kind, kind);
        p[n++].found = 0;
    }
    fclose(f);
    qsort(p, n, sizeof *p, by_end);  /* for the binary search in on_match */
    *count = n;
    return p;
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *ctxp) {
    (void)from; (void)flags;  /* from is always 0 without SOM_LEFTMOST */
    Context *ctx = ctxp;
    unsigned long long end = ctx->base + to;
    if (end <= ctx->fresh) return 0;
    ctx->counts[id]++;
    /* planted values ending in [end - slack, end] */
    unsigned long long first = end > ctx->slack ? end - ctx->slack : 0;
    size_t lo = 0, hi = ctx->nplanted;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ctx->planted[mid].end < first) lo = mid + 1; else hi = mid;
    }
    for (; lo < ctx->nplanted && ctx->planted[lo].end <= end; lo++)
        ctx->planted[lo].found |= ctx->planted[lo].end == end ? EXACT : NEAR;
    return 0;
}

int main(int argc, char **argv) {
    const char *ids_path = NULL, *ends_path = NULL;
    size_t block = 1 << 20, overlap = 8 << 10;
    Context ctx = {.slack = 2};
    int opt;
    while ((opt = getopt(argc, argv, "i:e:s:b:v:")) != -1) {
        switch (opt) {
        case 'i': ids_path = optarg; break;
        case 'e': ends_path = optarg; break;
        case 's': ctx.slack = strtoull(optarg, NULL, 10); break;
        case 'b': block = strtoull(optarg, NULL, 10); break;
        case 'v': overlap = strtoull(optarg, NULL, 10); break;
        default:
            fprintf(stderr, USAGE);
            return 2;
        }
    }
    if (argc - optind != 2) {
        fprintf(stderr, USAGE);
        return 2;
    }
    size_t npat, nids = 0;
    char **pats = read_lines(argv[optind], &npat);
    char **ids = ids_path ? read_lines(ids_path, &nids) : NULL;

    const char **good = malloc(npat * sizeof *good);
    unsigned *good_ids = malloc(npat * sizeof *good_ids);
    unsigned *flags = calloc(npat, sizeof *flags);
    size_t ngood = npat;
    for (size_t i = 0; i < npat; i++) good[i] = pats[i], good_ids[i] = (unsigned)i;
    hs_database_t *db = NULL;
    hs_compile_error_t *err = NULL;
    double t0 = now();
    if (hs_compile_multi(good, flags, good_ids, (unsigned)ngood, HS_MODE_BLOCK, NULL, &db, &err) != HS_SUCCESS) {
        /* The error names only the first refused pattern: try each alone to name them all. */
        hs_free_compile_error(err);
        ngood = 0;
        for (size_t i = 0; i < npat; i++) {
            if (hs_compile(pats[i], 0, HS_MODE_BLOCK, NULL, &db, &err) != HS_SUCCESS) {
                printf("skipped: %s: %s\n", i < nids ? ids[i] : pats[i], err->message);
                hs_free_compile_error(err);
                continue;
            }
            hs_free_database(db);
            good[ngood] = pats[i];
            good_ids[ngood++] = (unsigned)i;
        }
        t0 = now();
        if (ngood == 0 || hs_compile_multi(good, flags, good_ids, (unsigned)ngood, HS_MODE_BLOCK,
                                           NULL, &db, &err) != HS_SUCCESS) {
            fprintf(stderr, "vs_scan: compile failed: %s\n", ngood ? err->message : "no patterns");
            return 2;
        }
    }
    double compile_s = now() - t0;
    hs_scratch_t *scratch = NULL;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
        fprintf(stderr, "vs_scan: hs_alloc_scratch failed\n");
        return 2;
    }

    ctx.counts = calloc(npat, sizeof *ctx.counts);
    if (ends_path) ctx.planted = read_planted(ends_path, &ctx.nplanted);

    FILE *f = fopen(argv[optind + 1], "rb");
    if (!f) die(argv[optind + 1]);
    if (block == 0) {  /* the whole file in one block */
        fseek(f, 0, SEEK_END);
        block = (size_t)ftell(f);
        rewind(f);
        overlap = 0;
    }
    char *buf = malloc(overlap + block);
    size_t keep = 0, got;
    unsigned long long bytes = 0;
    double scan_s = 0;
    while ((got = fread(buf + keep, 1, block, f)) > 0) {
        size_t len = keep + got;
        ctx.fresh = ctx.base + keep;
        double s0 = now();
        if (hs_scan(db, buf, (unsigned)len, 0, scratch, on_match, &ctx) != HS_SUCCESS) {
            fprintf(stderr, "vs_scan: hs_scan failed\n");
            return 2;
        }
        scan_s += now() - s0;
        bytes += got;
        keep = len < overlap ? len : overlap;
        memmove(buf, buf + len - keep, keep);
        ctx.base += len - keep;
    }
    fclose(f);

    unsigned long long total = 0;
    for (size_t i = 0; i < npat; i++) total += ctx.counts[i];
    printf("patterns: %zu compiled, %zu skipped\n", ngood, npat - ngood);
    printf("bytes: %llu\n", bytes);
    printf("block: %zu overlap: %zu\n", block, overlap);
    printf("compile_seconds: %.4f\n", compile_s);
    printf("scan_seconds: %.4f\n", scan_s);
    printf("scan_MBps: %.1f\n", bytes / scan_s / 1e6);
    printf("matches: %llu\n", total);
    for (size_t i = 0; i < ngood; i++) {
        unsigned id = good_ids[i];
        printf("pattern: %s %llu\n", id < nids ? ids[id] : pats[id], ctx.counts[id]);
    }
    if (ends_path) {
        /* totals, then per kind in order of first appearance */
        enum { MAX_KINDS = 64 };
        const char *kinds[MAX_KINDS];
        size_t nkinds = 0, all = 0, all_exact = 0, all_near = 0;
        size_t n[MAX_KINDS] = {0}, exact[MAX_KINDS] = {0}, near[MAX_KINDS] = {0};
        for (size_t i = 0; i < ctx.nplanted; i++) {
            const Planted *p = &ctx.planted[i];
            size_t k = 0;
            while (k < nkinds && strcmp(kinds[k], p->kind)) k++;
            if (k == MAX_KINDS) continue;
            if (k == nkinds) kinds[nkinds++] = p->kind;
            n[k]++, all++;
            if (p->found & EXACT) exact[k]++, all_exact++;
            if (p->found) near[k]++, all_near++;
        }
        printf("planted_found: %zu / %zu\n", all_exact, all);
        printf("planted_found_within_slack: %zu / %zu\n", all_near, all);
        for (size_t k = 0; k < nkinds; k++)  /* KIND exact within-slack / total */
            printf("planted_kind: %s %zu %zu / %zu\n", kinds[k], exact[k], near[k], n[k]);
    }
    hs_free_scratch(scratch);
    hs_free_database(db);
    return 0;
}
