/*
 * SQLite (C), an in-memory database: creates a table, inserts 100 n rows through a prepared
 * statement in one transaction, indexes it, and runs aggregate, sorting, filtering, join, update
 * and delete statements over it; the checksum folds every result row.
 *
 * Built with SQLITE_OS_OTHER: SQLite has no file system here, so this file supplies the operating
 * system layer a :memory: database still needs (randomness, time, sleep), deterministically, and a
 * VFS that opens no files. wasi-libc provides malloc and the string functions only, so the module
 * has no imports.
 */
#include <stdint.h>
#include <string.h>

#include "sqlite3.h"

static int no_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags,
                   int *out_flags) {
  (void)vfs, (void)name, (void)file, (void)flags, (void)out_flags;
  return SQLITE_CANTOPEN;
}

static int no_delete(sqlite3_vfs *vfs, const char *name, int sync) {
  (void)vfs, (void)name, (void)sync;
  return SQLITE_IOERR_DELETE;
}

static int no_access(sqlite3_vfs *vfs, const char *name, int flags, int *result) {
  (void)vfs, (void)name, (void)flags;
  *result = 0;
  return SQLITE_OK;
}

static int full_pathname(sqlite3_vfs *vfs, const char *name, int size, char *out) {
  (void)vfs;
  sqlite3_snprintf(size, out, "%s", name);
  return SQLITE_OK;
}

/* A fixed stream, so that every engine sees the same "random" bytes (SQLite seeds its PRNG here). */
static int randomness(sqlite3_vfs *vfs, int size, char *out) {
  (void)vfs;
  uint32_t x = 0x2545f491;
  for (int i = 0; i < size; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    out[i] = (char)x;
  }
  return size;
}

static int sleep_none(sqlite3_vfs *vfs, int micros) {
  (void)vfs;
  return micros;
}

/* 2000-01-01 00:00:00 UTC as a Julian day in milliseconds: the clock never moves. */
static int current_time(sqlite3_vfs *vfs, sqlite3_int64 *out) {
  (void)vfs;
  *out = (sqlite3_int64)2451544.5 * 86400000;
  return SQLITE_OK;
}

static int last_error(sqlite3_vfs *vfs, int size, char *out) {
  (void)vfs, (void)size, (void)out;
  return 0;
}

static sqlite3_vfs vfs = {
    .iVersion = 2,
    .szOsFile = sizeof(sqlite3_file),
    .mxPathname = 256,
    .zName = "none",
    .xOpen = no_open,
    .xDelete = no_delete,
    .xAccess = no_access,
    .xFullPathname = full_pathname,
    .xRandomness = randomness,
    .xSleep = sleep_none,
    .xGetLastError = last_error,
    .xCurrentTimeInt64 = current_time,
};

int sqlite3_os_init(void) { return sqlite3_vfs_register(&vfs, 1); }

int sqlite3_os_end(void) { return SQLITE_OK; }

static uint64_t fnv1a(uint64_t hash, const unsigned char *p, size_t len) {
  for (size_t i = 0; i < len; i++) {
    hash ^= p[i];
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

/* Folds every column of every row of `sql`'s result into *hash; 0 on success. */
static int fold(sqlite3 *db, const char *sql, uint64_t *hash) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, 0) != SQLITE_OK) return 1;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(stmt); c++) {
      const unsigned char *text = sqlite3_column_text(stmt, c);
      *hash = text ? fnv1a(*hash, text, (size_t)sqlite3_column_bytes(stmt, c)) : *hash * 31 + 7;
    }
  }
  sqlite3_finalize(stmt);
  return rc != SQLITE_DONE;
}

static const char *const WORDS[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot",
                                    "golf", "hotel", "india", "juliett", "kilo", "lima"};

/* The checksum of all query results; -1 if SQLite reports an error. */
__attribute__((export_name("run"))) int64_t run(int32_t n) {
  sqlite3 *db;
  uint64_t hash = 0xcbf29ce484222325ULL;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) return -1;
  int ok =
      sqlite3_exec(db,
                   "CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT, category INTEGER,"
                   " price REAL, qty INTEGER);"
                   "CREATE TABLE category(id INTEGER PRIMARY KEY, label TEXT);"
                   "BEGIN;",
                   0, 0, 0) == SQLITE_OK;
  for (int i = 0; ok && i < 12; i++) {
    char sql[80];
    sqlite3_snprintf(sizeof sql, sql, "INSERT INTO category VALUES(%d, '%s');", i, WORDS[i]);
    ok = sqlite3_exec(db, sql, 0, 0, 0) == SQLITE_OK;
  }
  sqlite3_stmt *insert;
  ok = ok && sqlite3_prepare_v2(db, "INSERT INTO item(name, category, price, qty)"
                                    " VALUES(?1, ?2, ?3, ?4)",
                                -1, &insert, 0) == SQLITE_OK;
  uint32_t x = 12345;
  for (int i = 0; ok && i < n * 100; i++) {
    x = x * 1103515245 + 12345;
    char name[48];
    sqlite3_snprintf(sizeof name, name, "%s-%s-%d", WORDS[(x >> 8) % 12], WORDS[(x >> 16) % 12],
                     (int)(x >> 20));
    sqlite3_bind_text(insert, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(insert, 2, (int)((x >> 4) % 12));
    sqlite3_bind_double(insert, 3, (double)(x % 100000) / 100.0);
    sqlite3_bind_int(insert, 4, (int)(x >> 24));
    ok = sqlite3_step(insert) == SQLITE_DONE && sqlite3_reset(insert) == SQLITE_OK;
  }
  if (insert) sqlite3_finalize(insert);
  ok = ok && sqlite3_exec(db, "COMMIT; CREATE INDEX item_category ON item(category, price);", 0,
                          0, 0) == SQLITE_OK;
  static const char *const QUERIES[] = {
      "SELECT category, count(*), sum(qty), round(avg(price), 2), min(name), max(name)"
      " FROM item GROUP BY category ORDER BY category",
      "SELECT id, name, price FROM item ORDER BY price DESC, id LIMIT 20",
      "SELECT count(*), sum(price) FROM item WHERE name LIKE '%echo%' AND qty > 100",
      "SELECT c.label, count(*), sum(i.price * i.qty) FROM item i JOIN category c"
      " ON c.id = i.category WHERE i.price BETWEEN 100 AND 400 GROUP BY c.label ORDER BY 3",
      "UPDATE item SET qty = qty + 1, name = upper(name) WHERE category IN (1, 3, 5)",
      "DELETE FROM item WHERE price < 50",
      "SELECT count(*), sum(length(name)), total(qty), group_concat(DISTINCT substr(name, 1, 3))"
      " FROM item",
      "SELECT category, name FROM item WHERE category = 7 ORDER BY price LIMIT 10 OFFSET 5",
  };
  for (size_t q = 0; ok && q < sizeof QUERIES / sizeof *QUERIES; q++) {
    ok = fold(db, QUERIES[q], &hash) == 0;
  }
  hash ^= (uint64_t)sqlite3_total_changes(db);
  sqlite3_close(db);
  return ok ? (int64_t)hash : -1;
}
