import type { Db } from '../sqlite';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Runs inside one transaction; must be synchronous (no await inside a transaction). */
  up(db: Db): void;
}
