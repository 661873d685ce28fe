import type { EventListener } from './events';
import { createEventBus } from './events';
import { createDispatcher, type Dispatcher, type HandlerMap } from './dispatch';
import { systemClock, silentLogger, type Clock, type CurrentUser, type KeyStore, type Logger } from './ports';
import { openStore } from './db/store';
import { writeTransaction } from './db/sqlite';
import { createAuditService } from './services/audit.service';
import { createCasesService } from './services/cases.service';
import { createCaseImportService } from './services/case-import';
import { inspectDocument } from './services/documents.service';
import { DEMO_CASE_SYSTEM, DEMO_SENDER, seedDemoData } from './services/demo-seed';
import { createAnalysisService } from './services/analysis.service';
import { createCheckService } from './services/check.service';
import { createSettingsService, SettingsRefusedError } from './services/settings.service';
import type { AuditEntry } from './services/audit.service';
import { loadDefaultPolicy, loadPolicyFile, recordPolicyLoad } from './services/policy.service';
import { createOutboxService, type OutboxService } from './services/outbox.service';
import { createOutboxWorker, type OutboxWorker } from './services/outbox-worker';
import { createOutboxViews } from './services/outbox-view';
import { createSendService, type SendService } from './services/send.service';
import { createSecretsService } from './services/secrets.service';
import { createUsersService, type UsersService } from './users/users.service';
import { createSession, type Session } from './users/session';
import { hasDemoUsers, seedDemoUsers } from './users/demo-users';
import { createApprovalsService } from './approval/approvals.service';
import { createExchange, flatten, type Exchange } from './approval/exchange.service';
import { AppError } from '../shared/result';
import { memoXsdDir, validateMemo } from './memo/validate-memo';
import type { Connector } from './connectors/connector';
import type { Settings } from '../shared/domain/settings';
import { OUTBOX_LIST_MAX, terminalOutboxStates } from '../shared/domain/outbox';
import { openConnector, type OpenedConnector } from './connectors/open-connector';
import { createExtractor, type ExtractorCaps } from './documents/extractor';
import { createForkProcessHost, type ProcessHost } from './documents/process-host';
import {
  contract,
  type BinaryMethod,
  type JsonMethod,
  type OutputOf,
  type ParsedInputOf,
  type ParsedMetaOf,
} from '../shared/contract';

export interface BackendOptions {
  /** Folder holding `sendeassistent.db` and its key file `sendeassistent.key`. */
  dataDir: string;
  /** The app's `resources/` folder (demo data, and later the policy pack and XSDs). */
  resourcesDir: string;
  /** Wraps the store key (safeStorage in the app). At least one of keyStore and passphrase is needed. */
  keyStore?: KeyStore;
  /** Opens (or, for a new store, wraps) the key with scrypt; the CLI and `npm run web` use this. */
  passphrase?: string;
  clock?: Clock;
  logger?: Logger;
  /**
   * A fixed identity (the CLI, the crash suite, integration tests): nobody signs in, the history names this user,
   * and nothing can be approved. Absent: people sign in with their own users (the app, the harness).
   */
  currentUser?: CurrentUser;
  /** Create the store when the data folder has none (default true; the CLI only opens existing stores). */
  allowCreate?: boolean;
  /**
   * Only inspect the store (the CLI's audit verify): nothing is written at start-up, not even the record of the
   * policy loaded. Default false.
   */
  inspectOnly?: boolean;
  /** Load the demo cases into a new, empty store (the embedded default). */
  seedDemoData?: boolean;
  /** Path to the better-sqlite3 `.node` file to load (the Electron-ABI build in the app). */
  nativeBinding?: string;
  appVersion: string;
  /** Starts the PDF worker: utilityProcess in the app, child_process (the default) in the CLI and tests. */
  processHost?: ProcessHost;
  /** Caps of the PDF worker (tests use small ones). */
  extractorCaps?: Partial<ExtractorCaps>;
  /** The machine-wide settings file IT manages; by platform when absent (tests give a temp path). */
  machineSettingsPath?: string;
  /** A municipality's own policy pack; the default pack in resources/ otherwise. */
  policyFile?: string;
  /**
   * Run the outbox worker in this process: open the connector of the settings (starting the sandbox process for the
   * embedded default) and send what is due. Default false: the store accepts sends, another process sends them.
   * The app, `npm run web` and the CLI's `send` turn it on.
   */
  runOutbox?: boolean;
  /** The connector to open instead of the one in the settings (the CLI's `--connector`); not saved. */
  connectorSetting?: Settings['connector'];
  /** A connector to use instead of the one the settings name (tests; the crash suite's instrumented sandbox). */
  connector?: Connector;
  /** The worker's poll interval (tests use a short one). */
  outboxPollMs?: number;
  /** How often the shared folder of approvals is read and written (docs/approval.md); default 15 s. */
  approvalSyncMs?: number;
}

export interface Backend {
  readonly dispatcher: Dispatcher;
  onEvent(listener: EventListener): () => void;
  /**
   * Resolves once the connector is open and the worker runs (at once when `runOutbox` is off). Rejects with the
   * reason when the connector cannot be opened; sends then wait in the queue.
   */
  readonly sendingReady: Promise<void>;
  /** The worker, when this process runs it (the CLI drives it; tests wait on it). */
  readonly worker: OutboxWorker | null;
  /** Submit without the window (the CLI's `send`, which refuses instead of waiting for an approval). */
  readonly send: SendService;
  /** The outbox rows (the CLI reports them). */
  readonly outbox: OutboxService;
  /** Closes at once: timers stop, a request under way is abandoned (its row is recovered as unknown at the next start). */
  close(): void;
  /** Lets a request under way finish, gives the worker lease back, stops the sandbox, then closes. */
  shutdown(): Promise<void>;
}

/** What answers without anybody signed in: who the app is, the session itself, and signing in or out. */
const OPEN_METHODS: ReadonlySet<string> = new Set([
  'getAppInfo',
  'getSession',
  'setUpAdmin',
  'signIn',
  'signOut',
]);

type Handlers = {
  [K in JsonMethod]: (input: ParsedInputOf<K>) => OutputOf<K> | Promise<OutputOf<K>>;
} & {
  [K in BinaryMethod]: (bytes: Uint8Array, meta: ParsedMetaOf<K>) => OutputOf<K> | Promise<OutputOf<K>>;
};

/** The composition root: opens the store and wires services to the contract. Throws AppError if the store cannot open. */
export function createBackend(options: BackendOptions): Backend {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const bus = createEventBus();
  const store = openStore({
    dataDir: options.dataDir,
    keyStore: options.keyStore,
    passphrase: options.passphrase,
    nativeBinding: options.nativeBinding,
    allowCreate: options.allowCreate,
    logger,
  });
  let extractor: ReturnType<typeof createExtractor> | null = null;
  try {
    let settingsEntries: AuditEntry[] = [];
    // Settings come first (they may name the policy pack); their changes reach the history once it exists.
    let appendSettingsChange: (changed: string[]) => void = () => {};
    const settings = createSettingsService({
      db: store.db,
      machineSettingsPath: options.machineSettingsPath,
      onChange: (_before, _after, changed) => appendSettingsChange(changed),
    });
    // A municipality's own pack: from the host (the CLI's --policy), else from the settings (IT or the user; it takes
    // effect at the next start), else the default pack.
    const policyFile = options.policyFile ?? settings.get().settings.policyFile ?? undefined;
    const policy = policyFile ? loadPolicyFile(policyFile) : loadDefaultPolicy(options.resourcesDir);
    // Who acts: the fixed identity, or whoever is signed in. The session names its user in the history, and the users
    // service writes to the history, so both are created around the audit service.
    let users: UsersService | null = null;
    const session: Session | null = options.currentUser
      ? null
      : createSession({ users: () => users!, audit: () => audit });
    const currentUser: CurrentUser = options.currentUser ?? session!;
    const audit = createAuditService(store.db, clock, currentUser, bus.emit, {
      version: policy.pack.version,
      sha256: policy.sha256,
    });
    appendSettingsChange = (changed) => {
      settingsEntries.push(audit.append('settings.changed', null, { changed }));
    };
    users = createUsersService({ db: store.db, audit, clock });
    if (!options.inspectOnly) recordPolicyLoad(store.db, policy, audit);
    const cases = createCasesService(store.db);
    const caseImport = createCaseImportService({ db: store.db, cases, audit, clock });
    if (options.seedDemoData && !options.inspectOnly) {
      const seeded = seedDemoData(options.resourcesDir, cases, audit);
      // With the demo cases come the demo users (docs/demo-data.md), so a newcomer can sign in as each role at once.
      if (seeded > 0 && session && !users.hasUsers()) seedDemoUsers(users);
      // A new store with the demo cases can send to the sandbox at once: a fictitious sender and case system fill the
      // settings IT has not set (a value from IT's machine file is never replaced).
      if (seeded > 0) {
        const current = settings.get().settings;
        const patch = {
          ...(current.sender === null ? { sender: DEMO_SENDER } : {}),
          ...(current.caseSystem === null ? { caseSystem: DEMO_CASE_SYSTEM } : {}),
        };
        if (Object.keys(patch).length > 0) {
          try {
            settings.update(patch);
          } catch (err) {
            if (!(err instanceof SettingsRefusedError)) throw err;
          }
        }
      }
    }
    extractor = createExtractor({
      processHost: options.processHost ?? createForkProcessHost(),
      caps: options.extractorCaps,
      logger,
    });
    const checks = createCheckService({ db: store.db, cases, audit, policy, clock });
    // Sending: the outbox over the store, its worker when this process sends, and the submit path.
    const xsdDir = memoXsdDir(options.resourcesDir);
    const validate = (xml: string) => validateMemo(xml, xsdDir);
    const connectorSetting = options.connectorSetting ?? settings.get().settings.connector;
    let opened: OpenedConnector | null = null;
    let connectorState = { ready: false, message: 'Forbindelsen til Digital Post er ikke startet.' };
    const active = (): Connector | null => options.connector ?? opened?.connector ?? null;
    const notReady = { kind: 'offline' as const, message: 'the connector is not open yet' };
    const connector: Connector = {
      kind: options.connector?.kind ?? connectorSetting.kind,
      send: (m) => active()?.send(m) ?? Promise.resolve(notReady),
      lookup: (id) =>
        active()?.lookup(id) ?? Promise.resolve({ kind: 'unreachable' as const, message: notReady.message }),
      health: () => active()?.health() ?? Promise.resolve({ ok: false, message: connectorState.message }),
      close: async () => {},
    };
    const secrets = createSecretsService({ db: store.db, keyStore: options.keyStore });
    const views = createOutboxViews(store.db, cases);
    const outbox = createOutboxService({
      db: store.db,
      audit,
      clock,
      connector,
      onChange: (item) => bus.emit('outbox:changed', { item: views(item) }),
      beforeClaim: (draftId) => approvalsRef?.checkBeforeSend(draftId).ok ?? true,
    });
    const worker: OutboxWorker | null = options.runOutbox
      ? createOutboxWorker({ db: store.db, outbox, clock, logger, pollMs: options.outboxPollMs })
      : null;
    const send = createSendService({
      db: store.db,
      cases,
      checks,
      outbox,
      settings,
      policy,
      audit,
      clock,
      logger,
      xsdDir,
      onAccepted: () => worker?.kick(),
      digitalPostStatus:
        connectorSetting.kind === 'sf1601' && connectorSetting.options.checkDigitalPostStatus === true
          ? async (idType, id) => (await active()?.digitalPostStatus?.(idType, id)) ?? null
          : undefined,
    });
    // The outbox asks it before each claim; it is made after the outbox.
    let approvalsRef: ReturnType<typeof createApprovalsService> | null = null;
    const approvals = createApprovalsService({
      db: store.db,
      audit,
      clock,
      cases,
      checks,
      outbox,
      policy,
      delayMs: () => settings.get().settings.sendDelaySeconds * 1000,
      directory: () => exchange!.directory(),
    });
    approvalsRef = approvals;
    // Across desks (docs/approval.md): rosters, requests and decisions through the shared folder of the settings.
    const exchange: Exchange | null = createExchange({
      db: store.db,
      audit,
      clock,
      logger,
      users,
      approvals,
      folder: () => settings.get().settings.approvalFolder,
      machinePin: () => settings.machine.settings.adminKeyFingerprint ?? null,
      onDecided: () => worker?.kick(),
    });
    if (session && !options.inspectOnly) exchange.pinExistingAdmin();
    let syncTimer: NodeJS.Timeout | null = null;
    const syncNow = () => {
      exchange.sync().catch((err: unknown) => {
        logger.error('shared folder round failed', {
          error: err instanceof Error ? err.message.slice(0, 200) : String(err),
        });
      });
    };
    if (session && !options.inspectOnly) {
      syncTimer = setInterval(() => {
        if (settings.get().settings.approvalFolder) syncNow();
      }, options.approvalSyncMs ?? 15_000);
      syncTimer.unref();
      if (settings.get().settings.approvalFolder) syncNow();
    }
    let sendingReady: Promise<void> = Promise.resolve();
    if (worker) {
      sendingReady = (async () => {
        if (!options.connector) {
          try {
            opened = await openConnector(connectorSetting, {
              dataDir: options.dataDir,
              processHost: options.processHost ?? createForkProcessHost(),
              logger,
              validate,
              senderCvr: settings.get().settings.sender?.cvr ?? null,
              certificatePassword: () => secrets.certificatePassword(),
              env: process.env,
            });
          } catch (error) {
            connectorState = {
              ready: false,
              message:
                error instanceof Error ? error.message.slice(0, 500) : 'Forbindelsen kunne ikke åbnes.',
            };
            logger.error('connector could not be opened', { kind: connectorSetting.kind });
            throw error;
          }
        }
        connectorState = { ready: true, message: 'Forbindelsen til Digital Post er klar.' };
        worker.start();
      })();
      // The window learns of a failure from outbox:list; nothing else waits on this promise by default.
      sendingReady.catch(() => undefined);
    }
    const user = () => currentUser.name();
    const action = (id: string, change: ReturnType<typeof outbox.cancel>) => {
      if (change.ok) worker?.kick();
      return change.ok
        ? { changed: true, refusal: null, item: views(change.item) }
        : { changed: false, refusal: change.refusal.reason, item: views(outbox.get(id)) };
    };

    const analysis = createAnalysisService({
      db: store.db,
      extractor,
      policy,
      cases,
      audit,
      emit: bus.emit,
      clock,
      user: currentUser,
      otherDocument: (draftId) => {
        const me = session?.current();
        return me && me.user.role === 'supervisor' && exchange.mayReview(me)
          ? exchange.document(draftId)
          : null;
      },
    });

    const usersOf = () => users!;
    /** The parties' names of a request's case as the case data here has them (none when the case is gone). */
    const partyNames = (v: { request: { subject: { caseNumber: string } } }): Map<string, string> => {
      try {
        return new Map(cases.get(v.request.subject.caseNumber).parties.map((p) => [p.id, p.name]));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return new Map();
      }
    };
    const nameOf = (userId: string) =>
      usersOf().get(userId)?.displayName ?? exchange.displayNameOf(userId) ?? null;
    /** The users mode's checks; in the fixed mode (CLI, tests) the one identity may do what a caseworker may. */
    const requireRole = (...roles: Parameters<Session['requireRole']>) => {
      if (!session) throw new AppError('FORBIDDEN', 'no users in the fixed mode');
      return session.requireRole(...roles);
    };
    const handlers: Handlers = {
      getSession: () => ({
        mode: session ? ('users' as const) : ('fixed' as const),
        setUp: session ? usersOf().hasUsers() : true,
        user: session?.current()?.user ?? null,
        idleLockMinutes: settings.get().settings.idleLockMinutes,
        demoUsers: session !== null && options.seedDemoData === true && hasDemoUsers(usersOf()),
      }),
      setUpAdmin: (input) => {
        if (!session) throw new AppError('FORBIDDEN', 'no users in the fixed mode');
        usersOf().setUpAdmin(input);
        // The person who set the app up is signed in as its admin.
        const signedIn = session.signIn(input.username, input.password);
        if (!signedIn.ok) throw new AppError('INTERNAL', 'new admin could not sign in');
        // Across desks, rosters count only under the admin key pinned here (unless IT's machine file names one).
        exchange.pinAtSetUp(signedIn.session.keyId, 'set_up');
        return { user: signedIn.session.user };
      },
      signIn: ({ username, password }) => {
        if (!session) throw new AppError('FORBIDDEN', 'no users in the fixed mode');
        const result = session.signIn(username, password);
        return result.ok
          ? { signedIn: true as const, user: result.session.user }
          : {
              signedIn: false as const,
              reason: result.reason,
              until: result.reason === 'locked' ? result.until : null,
            };
      },
      signOut: ({ reason }) => {
        session?.signOut(reason);
        return {};
      },
      changePassword: ({ oldPassword, newPassword }) => {
        const me = requireRole('caseworker', 'supervisor', 'admin');
        usersOf().changePassword(me.user.id, oldPassword, newPassword);
        return {};
      },
      listUsers: () => {
        requireRole('admin');
        return { users: usersOf().list() };
      },
      createUser: (input) => {
        const admin = requireRole('admin');
        return { user: usersOf().create(admin.user.id, input) };
      },
      resetPassword: ({ userId, newPassword }) => {
        const admin = requireRole('admin');
        usersOf().resetPassword(admin.user.id, userId, newPassword);
        return {};
      },
      listApprovals: () => {
        const supervisor = requireRole('supervisor');
        return {
          requests: [
            ...approvals.inbox(supervisor).map((v) => flatten(v, nameOf, false, partyNames(v))),
            ...exchange.inbox(supervisor).map((v) => flatten(v, nameOf, true, exchange.partyNames(v.id))),
          ],
        };
      },
      requestApproval: ({ draftId }) => {
        const me = requireRole('caseworker', 'supervisor');
        const view = approvals.request(draftId, me);
        const request = flatten(view, nameOf, false, partyNames(view));
        if (settings.get().settings.approvalFolder) syncNow();
        return { request };
      },
      getApproval: ({ requestId }) => {
        const me = requireRole('caseworker', 'supervisor', 'admin');
        if (exchange.isRemote(requestId)) {
          // Another installation's request: only a supervisor on the roster reviews it here.
          if (me.user.role !== 'supervisor' || !exchange.mayReview(me))
            throw new AppError('FORBIDDEN', 'not your request');
          return {
            request: flatten(exchange.get(requestId), nameOf, true, exchange.partyNames(requestId)),
            review: exchange.review(requestId),
          };
        }
        const view = approvals.get(requestId);
        // A supervisor reviews anybody's; a caseworker follows their own.
        if (me.user.role !== 'supervisor' && view.request.requester.userId !== me.user.id) {
          throw new AppError('FORBIDDEN', 'not your request');
        }
        return {
          request: flatten(view, nameOf, false, partyNames(view)),
          review: approvals.review(requestId),
        };
      },
      decideApproval: async ({ requestId, outcome, comment }) => {
        const supervisor = requireRole('supervisor');
        if (exchange.isRemote(requestId)) {
          const decided = await exchange.decide(requestId, supervisor, outcome, comment);
          // The requester's installation verifies it again and sends; nothing is released here.
          return {
            request: flatten(decided.view, nameOf, true, exchange.partyNames(requestId)),
            released: false,
            differences: [],
          };
        }
        const decided = approvals.decide(requestId, supervisor, outcome, comment);
        if (decided.released) worker?.kick();
        return {
          request: flatten(decided.view, nameOf, false, partyNames(decided.view)),
          released: decided.released,
          differences: decided.differences,
        };
      },
      syncApprovals: async () => {
        requireRole('caseworker', 'supervisor', 'admin');
        return exchange.sync();
      },
      getRoster: async () => {
        const admin = requireRole('admin');
        const status = await exchange.rosterStatus(admin);
        return {
          ...status,
          current: status.current
            ? {
                serial: status.current.serial,
                issuedAt: status.current.issuedAt,
                userIds: status.current.users.map((u) => u.userId),
              }
            : null,
          candidates: status.candidates.map((c) => ({
            userId: c.userId,
            username: c.username,
            displayName: c.displayName,
            role: c.role,
            keyIds: c.keys.filter((k) => k.validTo === null).map((k) => k.keyId),
            source: c.source,
            installationId: c.installationId,
          })),
          problems: status.problems.slice(0, 100),
        };
      },
      issueRoster: async ({ userIds }) => {
        const admin = requireRole('admin');
        const roster = await exchange.issueRoster(admin, userIds);
        return { serial: roster.serial, issuedAt: roster.issuedAt, users: roster.users.length };
      },
      getAppInfo: () => ({
        appVersion: options.appVersion,
        user: currentUser.name(),
        schemaVersion: store.schemaVersion,
      }),
      listCases: ({ query }) => ({ cases: cases.list(query) }),
      getCase: ({ caseNumber }) => {
        const found = cases.get(caseNumber);
        // Who looked at which case (and so at whose CPR numbers) belongs in the history.
        audit.append('case.viewed', caseNumber, {});
        return { case: found };
      },
      importCases: (input) => caseImport.importFile(input),
      listAudit: (input) => audit.search(input),
      verifyAudit: () => audit.verify(),
      inspectDocument: (bytes, meta) => inspectDocument(bytes, meta, bus.emit),
      analyzeDocument: (bytes, meta) => analysis.analyze(bytes, meta),
      cancelAnalysis: ({ jobId }) => ({ cancelled: analysis.cancel(jobId) }),
      listDrafts: () => ({ drafts: analysis.listDrafts() }),
      previewPage: (input) => analysis.preview(input),
      getSettings: () => ({
        ...settings.get(),
        certificatePasswordStored: secrets.hasCertificatePassword(),
      }),
      updateSettings: ({ patch }) => {
        // The policy file decides audit-only mode, among much else, and the shared folder whom approvals travel
        // through: with users, only an admin changes them.
        if (session && (patch.policyFile !== undefined || patch.approvalFolder !== undefined))
          requireRole('admin');
        settingsEntries = [];
        // A policy file that cannot be used would stop the next start: refuse it now, with the reasons.
        if (typeof patch.policyFile === 'string') {
          try {
            loadPolicyFile(patch.policyFile);
          } catch (err) {
            const reason = err instanceof Error ? err.message : String(err);
            return {
              saved: false,
              refusal: 'invalid' as const,
              settings: settings.get().settings,
              problems: [`policyFile: politikfilen kan ikke bruges: ${reason}`.slice(0, 1000)],
            };
          }
        }
        try {
          const saved = settings.update(patch);
          audit.announce(settingsEntries);
          return { saved: true, refusal: null, settings: saved, problems: [] };
        } catch (err) {
          if (!(err instanceof SettingsRefusedError)) throw err;
          const refusal = err.code === 'FORBIDDEN' ? ('locked' as const) : ('invalid' as const);
          return { saved: false, refusal, settings: settings.get().settings, problems: [...err.problems] };
        }
      },
      listDocumentTypes: () => ({
        policyVersion: policy.pack.version,
        auditOnly: policy.pack.auditOnly,
        types: policy.pack.documentTypes.map((t) => ({
          key: t.key,
          label: t.label,
          approvalRequired: t.approvalRequired,
          matter: t.matter,
          sensitivity: t.sensitivity,
        })),
      }),
      proposeRecipients: ({ caseNumber, documentType }) => ({
        proposal: checks.propose(caseNumber, documentType),
      }),
      checkDraft: (input) => checks.checkDraft(input),
      discardDraft: ({ draftId }) => ({ discarded: analysis.discard(draftId) }),
      submitSend: async (input) => {
        const result = await send.submit({ ...input, whenApprovalRequired: 'queue' });
        // With users, a send that needs approval is put before the supervisors at once, signed by its caseworker.
        if (session && result.items.some((i) => i.entry.state === 'awaiting_approval')) {
          approvals.request(input.draftId, session.require());
          // Across desks it goes into the shared folder at once (or at the next round, when the folder is away).
          if (settings.get().settings.approvalFolder) syncNow();
        }
        return { ...result, items: result.items.map(views) };
      },
      cancelSend: ({ outboxId, reason }) => action(outboxId, outbox.cancel(outboxId, user(), reason)),
      retrySend: ({ outboxId, reason }) => action(outboxId, outbox.retry(outboxId, user(), reason)),
      resolveSend: ({ outboxId, resolution, reason }) => {
        // Whether Digital Post has a message nobody can confirm is a supervisor's call, once there are users.
        if (session) requireRole('supervisor');
        return action(outboxId, outbox.resolve(outboxId, resolution, user(), reason));
      },
      setCertificatePassword: ({ password }) => {
        const entry = writeTransaction(store.db, () => {
          secrets.setCertificatePassword(password);
          // Who changed it and when; never the value.
          return audit.append('settings.certificate_password_set', null, {});
        })();
        audit.announce([entry]);
        return { saved: true as const };
      },
      listOutbox: ({ only }) => ({
        // Every send still under way first (none may be hidden), then finished ones, newest first, up to the cap.
        items: outbox
          .list()
          .filter((i) => only !== 'unresolved' || i.entry.needsAttention)
          .sort(
            (a, b) =>
              Number(terminalOutboxStates.includes(a.entry.state)) -
              Number(terminalOutboxStates.includes(b.entry.state)),
          )
          .slice(0, OUTBOX_LIST_MAX)
          .map(views),
        connector: {
          kind: connector.kind,
          ready: worker ? connectorState.ready : false,
          message: worker
            ? connectorState.message
            : 'Forsendelser sættes i kø her og sendes af Sendeassistent, når programmet kører.',
        },
      }),
    };

    const byChannel: HandlerMap = {};
    for (const [method, def] of Object.entries(contract)) {
      const handler = handlers[method as keyof Handlers] as HandlerMap[string];
      // With users, every channel but these needs somebody signed in, whatever the window shows.
      byChannel[def.channel] =
        session && !OPEN_METHODS.has(method)
          ? (((...args: Parameters<HandlerMap[string]>) => {
              session.require();
              return (handler as (...a: unknown[]) => unknown)(...args);
            }) as HandlerMap[string])
          : handler;
    }
    const openExtractor = extractor;
    let closed = false;
    const closeNow = () => {
      if (closed) return;
      closed = true;
      if (syncTimer) clearInterval(syncTimer);
      worker?.abandon();
      void opened?.close().catch(() => undefined);
      openExtractor.close();
      store.close();
    };
    return {
      dispatcher: createDispatcher(byChannel, logger),
      onEvent: bus.subscribe,
      sendingReady,
      worker,
      send,
      outbox,
      close: closeNow,
      shutdown: async () => {
        if (closed) return;
        await sendingReady.catch(() => undefined);
        await worker?.close();
        await opened?.close();
        opened = null;
        closeNow();
      },
    };
  } catch (err) {
    extractor?.close();
    store.close();
    throw err;
  }
}
