import type { Migration } from '../migration';

/**
 * The passages still open, by who started them and when they last changed: at each sign-in the
 * desk looks for the passage its user left open there (docs/architecture.md, "Resuming a
 * passage"). Partial, so closed passages (almost all of them) cost nothing.
 */
export const m0012OpenPassages: Migration = {
  version: 12,
  name: '0012_open_passages',
  up(db) {
    db.exec(`CREATE INDEX passages_open_by_actor ON passages(actor_id, updated_at) WHERE closed_at IS NULL;`);
  },
};
