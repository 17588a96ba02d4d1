import type { Db } from '../../src/store/db.ts';

/** The store's Kysely, counting the transactions opened through it (methods bound to the real instance). */
export function countingTransactions(real: Db): { db: Db; transactions: () => number } {
  let n = 0;
  const db = new Proxy(real, {
    get(target, prop) {
      if (prop === 'transaction') n++;
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { db, transactions: () => n };
}

/** The store's Kysely, counting the statements run through its query builders. */
export function countingStatements(real: Db): { db: Db; statements: () => number } {
  let n = 0;
  const db = real.withPlugin({
    transformQuery: (args) => {
      n++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  return { db, statements: () => n };
}
