import type { EventListener } from './events';
import { createEventBus } from './events';
import { createDispatcher, type Dispatcher, type HandlerMap } from './dispatch';
import { systemClock, silentLogger, type Clock, type CurrentUser, type KeyStore, type Logger } from './ports';
import { openStore } from './db/store';
import { createAuditService } from './services/audit.service';
import { createCasesService } from './services/cases.service';
import { createCaseImportService } from './services/case-import';
import { inspectDocument } from './services/documents.service';
import { seedDemoData } from './services/demo-seed';
import { createAnalysisService } from './services/analysis.service';
import { createCheckService } from './services/check.service';
import { createSettingsService, SettingsRefusedError } from './services/settings.service';
import type { AuditEntry } from './services/audit.service';
import { loadDefaultPolicy, loadPolicyFile, recordPolicyLoad } from './services/policy.service';
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
  currentUser: CurrentUser;
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
}

export interface Backend {
  readonly dispatcher: Dispatcher;
  onEvent(listener: EventListener): () => void;
  close(): void;
}

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
    const audit = createAuditService(store.db, clock, options.currentUser, bus.emit, {
      version: policy.pack.version,
      sha256: policy.sha256,
    });
    appendSettingsChange = (changed) => {
      settingsEntries.push(audit.append('settings.changed', null, { changed }));
    };
    if (!options.inspectOnly) recordPolicyLoad(store.db, policy, audit);
    const cases = createCasesService(store.db);
    const caseImport = createCaseImportService({ db: store.db, cases, audit, clock });
    if (options.seedDemoData && !options.inspectOnly) seedDemoData(options.resourcesDir, cases, audit);
    extractor = createExtractor({
      processHost: options.processHost ?? createForkProcessHost(),
      caps: options.extractorCaps,
      logger,
    });
    const checks = createCheckService({ db: store.db, cases, audit, policy, clock });
    const analysis = createAnalysisService({
      db: store.db,
      extractor,
      policy,
      cases,
      audit,
      emit: bus.emit,
      clock,
      user: options.currentUser,
    });

    const handlers: Handlers = {
      getAppInfo: () => ({
        appVersion: options.appVersion,
        user: options.currentUser.name(),
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
      listAudit: (input) => ({ entries: audit.list(input) }),
      verifyAudit: () => audit.verify(),
      inspectDocument: (bytes, meta) => inspectDocument(bytes, meta, bus.emit),
      analyzeDocument: (bytes, meta) => analysis.analyze(bytes, meta),
      cancelAnalysis: ({ jobId }) => ({ cancelled: analysis.cancel(jobId) }),
      listDrafts: () => ({ drafts: analysis.listDrafts() }),
      previewPage: (input) => analysis.preview(input),
      getSettings: () => settings.get(),
      updateSettings: ({ patch }) => {
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
      proposeRecipients: ({ caseNumber, documentType }) => ({
        proposal: checks.propose(caseNumber, documentType),
      }),
      checkDraft: (input) => checks.checkDraft(input),
    };

    const byChannel: HandlerMap = {};
    for (const [method, def] of Object.entries(contract)) {
      byChannel[def.channel] = handlers[method as keyof Handlers] as HandlerMap[string];
    }
    const openExtractor = extractor;
    return {
      dispatcher: createDispatcher(byChannel, logger),
      onEvent: bus.subscribe,
      close: () => {
        openExtractor.close();
        store.close();
      },
    };
  } catch (err) {
    extractor?.close();
    store.close();
    throw err;
  }
}
