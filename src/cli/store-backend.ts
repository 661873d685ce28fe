import { userInfo } from 'node:os';
import { createBackend, type Backend } from '../backend/create-backend';
import type { KeyStore } from '../backend/ports';

/** What the store commands (`settings`, `outbox`) get from the CLI host. */
export interface StoreHost {
  version: string;
  resourcesDir: string;
  keyStore?: KeyStore;
  nativeBinding?: string;
  passphrase?: string;
  dataDir: string;
}

/**
 * A backend on the data folder's store for one command, acting as the OS user (whose name goes into the history).
 * No worker, no demo data: the command reads or changes the store through the contract and closes it.
 */
export function openStoreBackend(host: StoreHost, allowCreate: boolean): Backend {
  return createBackend({
    dataDir: host.dataDir,
    resourcesDir: host.resourcesDir,
    keyStore: host.keyStore,
    passphrase: host.passphrase,
    nativeBinding: host.nativeBinding,
    currentUser: { name: () => userInfo().username },
    allowCreate,
    appVersion: host.version,
  });
}
