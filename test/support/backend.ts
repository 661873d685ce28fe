import { createBackend, type Backend, type BackendOptions } from '../../src/backend/create-backend';
import { FakeKeyStore, MemoryLogger, fakeUser } from './fakes';
import { RESOURCES_DIR } from './temp-dir';

/** The real backend on a fresh encrypted store in `dataDir`: fake key store, demo cases, a memory logger. */
export function testBackend(dataDir: string, overrides: Partial<BackendOptions> = {}): Backend {
  return createBackend({
    dataDir,
    resourcesDir: RESOURCES_DIR,
    keyStore: new FakeKeyStore(),
    currentUser: fakeUser(),
    logger: new MemoryLogger(),
    seedDemoData: true,
    appVersion: '0.0.0-test',
    ...overrides,
  });
}
