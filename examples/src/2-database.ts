// 2. Database-style operations: retry only — two attempts, linear backoff — around a fast
// local operation, retrying the transient errors (a busy lock) and nothing else.
//
//   pnpm --filter @res/examples build && node examples/dist/2-database.js
//
// Why no circuit breaker here? A breaker protects you from a *dependency* that is down:
// after a few failures it stops sending anything for a while. Errors from a local database
// are about one statement (a lock held by another writer, a constraint violated), not
// about the database being gone; opening a breaker on them would fail every query —
// including the ones that would succeed — for the whole recovery time. Keep retries short
// (the operation takes microseconds, so should the wait) and few: a lock that is still
// held after one retry is a contention problem to surface, not to hide.
import { retry } from '@res/core';

/** An error of the database driver, with its code (as SQLite and Postgres drivers give). */
class DatabaseError extends Error {
  constructor(readonly code: 'SQLITE_BUSY' | 'SQLITE_CONSTRAINT', message: string) {
    super(`${code}: ${message}`);
  }
}

// A tiny "database": a table of users, locked by another writer for the first write.
const users = new Map<string, string>([['u1', 'ada@example.com']]);
let lockedWrites = 1;
function insertUser(id: string, email: string): void {
  if (lockedWrites-- > 0) throw new DatabaseError('SQLITE_BUSY', 'database is locked');
  if ([...users.values()].includes(email)) throw new DatabaseError('SQLITE_CONSTRAINT', `UNIQUE constraint failed: users.email (${email})`);
  users.set(id, email);
}

const transient = (error: unknown): boolean => error instanceof DatabaseError && error.code === 'SQLITE_BUSY';
const writes = retry({
  maxAttempts: 2, // the first included: one retry
  backoff: 'linear', // 20 ms, then 40, 60… (only one wait here)
  baseDelay: 20,
  jitter: 'none',
  retryOn: transient, // a constraint violation will fail again: never retried
  onRetry: ({ attempt, error, delay }) => {
    console.log(`attempt ${attempt}: ${error instanceof Error ? error.message : String(error)} -> retry in ${delay} ms`);
  },
});

writes.on('giveUp', ({ attempts, reason, error }) => {
  console.log(`gave up after ${attempts} attempt(s) (${reason}): ${error instanceof Error ? error.message : String(error)}`);
});

async function insert(id: string, email: string): Promise<void> {
  try {
    await writes.execute(() => {
      insertUser(id, email);
    });
    console.log(`inserted ${id} (users: ${users.size})`);
  } catch {
    console.log(`${id} not inserted (users: ${users.size})`);
  }
}

await insert('u2', 'grace@example.com'); // locked once: the retry succeeds
await insert('u3', 'ada@example.com'); // a duplicate: fails at once
lockedWrites = 2;
await insert('u4', 'alan@example.com'); // locked twice: two attempts, then the error surfaces
