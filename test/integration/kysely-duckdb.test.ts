import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKysely, withDuckDB } from '../../pipeline/db/kysely-duckdb.ts';

interface Db {
  t: { a: number; b: string | null };
}

describe('the DuckDB dialect', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  let db: Kysely<Db>;

  beforeEach(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    db = createKysely<Db>(connection);
    await connection.run('CREATE TABLE t (a INTEGER, b VARCHAR)');
  });
  afterEach(() => {
    connection.closeSync();
    instance.closeSync();
  });

  it('when rows are inserted, updated and deleted, then the counts are the ones DuckDB reports', async () => {
    const inserted = await db
      .insertInto('t')
      .values([1, 2, 3, 4].map((a) => ({ a, b: null })))
      .executeTakeFirstOrThrow();
    const updated = await db.updateTable('t').set({ b: 'x' }).where('a', '>', 2).executeTakeFirstOrThrow();
    const none = await db.updateTable('t').set({ b: 'y' }).where('a', '>', 99).executeTakeFirstOrThrow();
    const deleted = await db.deleteFrom('t').where('a', '<', 2).executeTakeFirstOrThrow();
    expect([inserted.numInsertedOrUpdatedRows, updated.numUpdatedRows, none.numUpdatedRows]).toEqual([
      4n,
      2n,
      0n,
    ]);
    expect(deleted.numDeletedRows).toBe(1n);
  });

  it('when a statement merely mentions an update, then its rows are still returned', async () => {
    await db.insertInto('t').values({ a: 1, b: 'insert into' }).execute();
    const rows = await sql<{ b: string }>`SELECT b FROM t`.execute(db);
    const returned = await db.insertInto('t').values({ a: 2, b: null }).returning('a').execute();
    expect(rows.rows).toEqual([{ b: 'insert into' }]);
    expect(returned).toEqual([{ a: 2 }]);
  });

  it('when raw work holds the lane, then Kysely queries on another instance over the connection wait for it', async () => {
    const other = createKysely<Db>(connection);
    const order: string[] = [];
    let opened!: () => void;
    const holding = new Promise<void>((resolve) => (opened = resolve));
    const raw = withDuckDB(db, async (c) => {
      opened();
      await c.run('BEGIN TRANSACTION');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await c.run('INSERT INTO t VALUES (1, NULL)');
      await c.run('ROLLBACK');
      order.push('raw');
    });
    await holding;
    const read = other
      .selectFrom('t')
      .select('a')
      .execute()
      .then((rows) => order.push(`read ${rows.length}`));
    await Promise.all([raw, read]);
    expect(order).toEqual(['raw', 'read 0']);
  });

  it('when raw work runs inside a Kysely transaction, then it uses the held connection and rolls back with it', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('t').values({ a: 1, b: null }).execute();
        await withDuckDB(trx, (c) => c.run('INSERT INTO t VALUES (2, NULL)'));
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await db.selectFrom('t').selectAll().execute()).toEqual([]);
  });
});
