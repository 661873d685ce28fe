/**
 * One of the two processes of the send test's race (test/integration/send.test.ts): opens the store its parent made,
 * says `ready`, waits for `go`, submits the draft through the dispatcher (the window's path), reports the Result and
 * exits. Run as `node --import tsx submit-child.ts <dataDir> <keySecretHex> <draftId> <recipientsJson>` with an IPC
 * channel (fork).
 */
import { createBackend } from '../../../src/backend/create-backend';
import { FakeKeyStore, fakeUser } from '../../support/fakes';
import { RESOURCES_DIR } from '../../support/temp-dir';

const [dataDir, secretHex, draftId, recipientsJson] = process.argv.slice(2);
if (!dataDir || !secretHex || !draftId || !recipientsJson || !process.send) {
  process.stderr.write(
    'usage: submit-child.ts <dataDir> <keySecretHex> <draftId> <recipientsJson> (with IPC)\n',
  );
  process.exit(2);
}
const send = (message: unknown, then?: () => void) => process.send?.(message, undefined, {}, () => then?.());

const backend = createBackend({
  dataDir,
  resourcesDir: RESOURCES_DIR,
  keyStore: new FakeKeyStore(Buffer.from(secretHex, 'hex')),
  currentUser: fakeUser(`Proces ${process.pid}`),
  allowCreate: false,
  seedDemoData: false,
  appVersion: '0.0.0-test',
});

process.on('message', (message) => {
  if ((message as { type?: unknown } | null)?.type !== 'go') return;
  void backend.dispatcher
    .json('outbox:submit', { draftId, recipients: JSON.parse(recipientsJson) as string[] })
    .then(async (result) => {
      await backend.shutdown();
      send({ type: 'result', pid: process.pid, result }, () => process.disconnect());
    });
});
send({ type: 'ready', pid: process.pid });
