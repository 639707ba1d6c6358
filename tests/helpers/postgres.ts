// A throw-away PostgreSQL cluster per test file (district/pg-cluster.ts): initdb in a temp dir as a non-root user, a
// free loopback port, removed after the file's tests.
import { afterAll, beforeAll } from 'vitest';
import { startPgCluster, type PgCluster } from '../../district/pg-cluster.ts';

export { startPgCluster, type PgCluster };

/** Starts a cluster before the file's tests and removes it after; read `.current` inside tests. */
export function usePostgres(): { readonly current: PgCluster } {
  const holder: { current: PgCluster | null } = { current: null };
  beforeAll(async () => {
    holder.current = await startPgCluster({ settings: { fsync: 'off' } });
  }, 60_000);
  afterAll(async () => {
    await holder.current?.stop();
  });
  return {
    get current() {
      if (!holder.current) throw new Error('the PostgreSQL cluster is not started yet');
      return holder.current;
    },
  };
}
