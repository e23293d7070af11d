/**
 * The Fieldlink back end: every IPC method of shared/ipc.ts over the engine, plus the event
 * stream. Plain Node (no 'electron'): the Electron main process and the web-mode server wrap the
 * same object. Requests arrive already validated (dispatch.ts); this module decides what they mean.
 *
 *   const backend = createBackend({ dataDir: '~/.config/Fieldlink' });
 *   backend.onEvent((event) => ...);
 *   await backend.listPorts({});
 */
import { access, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import type { RunnerEvent } from '../../shared/events.ts';
import type { IpcEvent, IpcMethod, IpcParsedRequest, IpcResponse, PortInfo, ProfileSummary } from '../../shared/ipc.ts';
import { SESSION_TEXT_MAX_CHARS } from '../../shared/ipc.ts';
import type { ResultsStore } from '../store/types.ts';
import { ResultsStoreHandle } from './results-store-handle.ts';
import { ProfileError } from '../../shared/profile.ts';
import type { DeviceIds, FotaPolicy, Profile } from '../../shared/profile.ts';
import { DEMO_PROFILE_NAME, demoProfile, loadProfile } from '../engine/sequence/profile-loader.ts';
import { Redactor } from '../engine/session/redaction.ts';
import { reportEvents } from '../engine/sequence/run-end.ts';
import { writeReport } from '../engine/session/report.ts';
import { newRunId, sessionDir } from '../engine/session/session-dir.ts';
import { SESSION_LOG_FILE, readSessionLog } from '../engine/session/session-log.ts';
import { listSerialPorts } from '../engine/transport/list.ts';
import { openTransport, parsePortUri } from '../engine/transport/uri.ts';
import type { Transport } from '../engine/transport/types.ts';
import { DemoEnvironment } from './demo-environment.ts';
import type { DemoOptions } from './demo-environment.ts';
import type { BackendApi } from './dispatch.ts';
import { AppError } from './errors.ts';
import { findPortHolders } from './port-holders.ts';
import type { PortHolderFinder } from './port-holders.ts';
import { PortWatcher, listAllPorts } from './port-list.ts';
import type { SerialLister } from './port-list.ts';
import { ProfileStore } from './profile-store.ts';
import { CommandListStore } from './command-list-store.ts';
import { runCommandLines } from './command-list-run.ts';
import type { RunEngineFactory } from './run-engine.ts';
import type { DiagnosisEngineFactory } from './diagnosis-engine.ts';
import { RunSession } from './run-session.ts';
import { parseSessionText } from './session-replay.ts';
import { SettingsStore } from './settings-store.ts';
import { languageFromEnv } from '../../shared/messages/index.ts';
import { TerminalSessions, runAndPublish } from './terminal.ts';
import type { RunRecorder } from '../store/run-recorder.ts';
import { openSupportBundle, saveSupportBundle, type BundleRunSource, type SupportBundleOptions } from './support-bundles.ts';
import type { StationSession } from './station-session.ts';
import { StationConfigStore } from './station-config-store.ts';
import type { PortLister } from '../engine/transport/list.ts';
import type { StationConfig } from '../../shared/station.ts';

export interface BackendOptions {
  /**
   * Settings, profiles and sessions live here. No credential is stored (K3): profiles name key
   * files by path and the MQTT password comes from the server for each run, held in memory only.
   */
  dataDir: string;
  demo?: DemoOptions;
  /** Builds the engine of a run (default: the SequenceRunner). */
  runEngineFactory?: RunEngineFactory;
  /** Builds the engine of a diagnosis (default: the SequenceRunner with the DIAGNOSIS steps). */
  diagnosisEngineFactory?: DiagnosisEngineFactory;
  listSerial?: SerialLister;
  /** Who else holds a serial port open (default: /proc on Linux, only with the real listing). */
  findPortHolders?: PortHolderFinder;
  /** Opens a port for the AT terminal (default: openTransport). */
  openPort?: (uri: string) => Promise<Transport>;
  hotPlugIntervalMs?: number;
  /** Diagnostics (never secrets); default: nowhere. */
  log?: (message: string) => void;
  /**
   * Shows a file dialog and returns the chosen profile file (undefined when cancelled). Only the
   * desktop app has one (main.ts); without it importProfileFile is refused.
   */
  pickProfileFile?: () => Promise<string | undefined>;
  /**
   * The results store (History screen, recording runs). Default: opened on first use from
   * FIELDLINK_DB, else `<dataDir>/results.sqlite` (results-store-handle.ts); a given store is
   * used as is and left open at dispose.
   */
  store?: ResultsStore;
  /**
   * The results store every run goes on record in (docs/results-store.md#recording): this URL,
   * else FIELDLINK_DB, else `sqlite:<dataDir>/results.sqlite`. Not a setting: a line database URL
   * may carry a password, and settings hold no credential (K3).
   */
  storeUrl?: string;
  /**
   * Desktop: the save dialog of "Save support bundle" (the chosen .zip path, undefined when
   * cancelled). Without it the bundle goes back to the page to download (web mode).
   */
  pickBundleTarget?: (suggestedName: string) => Promise<string | undefined>;
  /** Desktop: the open dialog of "Open bundle…". Without it the page uploads the zip. */
  pickBundleFile?: () => Promise<string | undefined>;
  /**
   * The port listing a station started from a stored configuration finds its slots in (USB
   * location, USB serial; default: the serialport listing). Tests pass a virtual line's.
   */
  stationPortLister?: PortLister;
}

export interface Backend extends BackendApi {
  readonly dataDir: string;
  /** Runs whose engine is working (the port is held). */
  activeRuns(): string[];
  /** How many runs are held in memory (being prepared, working, or failed holding their port). */
  runsInMemory(): number;
  /** Starts the demo cloud and the virtual devices now instead of on first use (`npm start`). */
  startDemo(): Promise<void>;
  /** The station the UI started (startStation), while it runs. */
  currentStation(): StationSession | undefined;
  /** Cancels every active run and waits until each has stopped. */
  cancelAllRuns(): Promise<void>;
  /** Cancels runs, closes terminal ports, stops polling and the demo cloud. */
  dispose(): Promise<void>;
}

type Req<M extends IpcMethod> = IpcParsedRequest<M>;
type Res<M extends IpcMethod> = IpcResponse<M>;

export const SESSIONS_FOLDER = 'sessions';
export const REPLAYS_FOLDER = 'replays';

export function createBackend(options: BackendOptions): Backend {
  return new FieldlinkBackend(options);
}

class FieldlinkBackend implements Backend {
  readonly dataDir: string;
  readonly #listeners = new Set<(event: IpcEvent) => void>();
  /**
   * The runs in memory: being prepared (state idle), working, or failed and holding their port.
   * A run is dropped once closed; its session.jsonl stays on disk and is read back on demand
   * (getReport). Opened sessions (replays) are written to disk too, never held.
   */
  readonly #runs = new Map<string, RunSession>();
  readonly #settings: SettingsStore;
  readonly #profiles: ProfileStore;
  readonly #commandLists: CommandListStore;
  readonly #demo: DemoEnvironment;
  readonly #terminal: TerminalSessions;
  readonly #watcher: PortWatcher;
  #stopWatching: (() => void) | undefined;
  readonly #log: (message: string) => void;
  /** The results store, opened on first use; shared by everything in the back end that needs it. */
  readonly #results: ResultsStoreHandle;
  /** The station of the Station screen (one at a time), until all its slots are idle. */
  #station: StationSession | undefined;
  /** The last station started, kept after it stops so a page that loads later still shows its result (getStation). */
  #lastStation: StationSession | undefined;
  readonly #stationConfigs: StationConfigStore;

  constructor(private readonly options: BackendOptions) {
    this.dataDir = path.resolve(options.dataDir);
    this.#log = options.log ?? (() => undefined);
    this.#settings = new SettingsStore(this.dataDir);
    this.#profiles = new ProfileStore(this.dataDir);
    this.#commandLists = new CommandListStore(this.dataDir);
    this.#stationConfigs = new StationConfigStore(this.dataDir);
    this.#demo = new DemoEnvironment(options.demo ?? {});
    this.#terminal = new TerminalSessions({ emit: (e) => this.#emit(e), openPort: (uri) => this.#openTerminalPort(uri) });
    this.#watcher = new PortWatcher(() => this.#portList(), options.hotPlugIntervalMs);
    this.#results = new ResultsStoreHandle({ dataDir: this.dataDir, ...(options.store ? { store: options.store } : {}), ...(options.storeUrl ? { url: options.storeUrl } : {}), chosenUrl: async () => (await this.#settings.get()).resultsDb || undefined });
    // Opened at start, not on first use: opening marks the runs a crash left `running` as interrupted.
    void this.#storeOrProblem();
  }

  /** The results store (opened once, through the handle), or why it is not there; a failure is logged, never thrown. */
  async #storeOrProblem(): Promise<{ store?: ResultsStore; problem?: string }> {
    try {
      return { store: await this.#results.getResultsStore() };
    } catch (error) {
      const problem = (error as Error).message;
      this.#log(`results store: ${problem}`);
      return { problem };
    }
  }

  /** A recorder for a run from the UI (kind `ui`), or only the unit check when the store is not there. */
  async #recorderFor(session: RunSession, profile: Profile): Promise<{ recorder?: RunRecorder; checkUnit?: (ids: DeviceIds) => Promise<void> }> {
    const { store, problem } = await this.#storeOrProblem();
    const { RunRecorder: Recorder, uncheckableUnits } = await import('../store/run-recorder.ts');
    if (!store) {
      const checkUnit = uncheckableUnits(profile, problem ?? 'the results store is not open');
      return checkUnit ? { checkUnit } : {};
    }
    const { appVersion } = await import('../store/app-version.ts');
    const meta = { kind: 'ui' as const, host: hostname(), appVersion: appVersion(), profile, port: session.port, runDir: session.dir, runId: session.runId };
    const recorder = new Recorder(store, meta, { onProblem: (message) => this.#log(`run ${session.runId}: ${message}`) });
    return { recorder, checkUnit: recorder.checkUnit };
  }

  // ---- events ----------------------------------------------------------------------------

  onEvent(listener: (event: IpcEvent) => void): () => void {
    this.#listeners.add(listener);
    this.#stopWatching ??= this.#watcher.subscribe((ports) => this.#emit({ channel: 'ports-changed', ports }));
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) {
        this.#stopWatching?.();
        this.#stopWatching = undefined;
      }
    };
  }

  #emit(event: IpcEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#log(`event listener failed: ${(error as Error).message}`);
      }
    }
  }

  // ---- ports -----------------------------------------------------------------------------

  listPorts(): Promise<PortInfo[]> {
    return this.#portList();
  }

  #portList(): Promise<PortInfo[]> {
    return listAllPorts({
      listSerial: this.options.listSerial ?? (() => listSerialPorts()),
      busy: () => this.#busyPorts(),
      heldElsewhere: this.options.findPortHolders ?? (this.options.listSerial ? undefined : (paths) => findPortHolders(paths)),
      onListError: (error) => this.#log(`serial port listing failed: ${(error as Error).message}`),
    });
  }

  #busyPorts(): Map<string, string> {
    const busy = new Map<string, string>();
    for (const port of this.#terminal.ports()) busy.set(port, 'open in the AT terminal');
    for (const run of this.#runs.values()) {
      if (run.kind === 'diagnosis') busy.set(run.port, `being diagnosed (${run.runId})`);
      else if (run.state === 'idle' && !run.isActive) busy.set(run.port, `run ${run.runId} is starting`);
      else if (run.isActive) busy.set(run.port, `in use by run ${run.runId}`);
      else if (run.holdsPort) busy.set(run.port, `held by failed run ${run.runId} (retry or cancel it)`);
    }
    return busy;
  }

  // ---- profiles --------------------------------------------------------------------------

  async listProfiles(): Promise<ProfileSummary[]> {
    const files = await this.#profiles.names();
    return [
      { name: DEMO_PROFILE_NAME, source: 'builtin' },
      ...files.map((name): ProfileSummary => ({ name, source: 'file', path: this.#profiles.fileOf(name) })),
    ];
  }

  async readProfile({ name }: Req<'readProfile'>): Promise<Res<'readProfile'>> {
    if (name === DEMO_PROFILE_NAME) {
      const { profileInputs } = await this.#demo.ensure();
      return { name, text: `${JSON.stringify(demoProfile(profileInputs), null, 2)}\n` };
    }
    return { name, text: await this.#profiles.read(name) };
  }

  validateProfile({ text }: Req<'validateProfile'>): Promise<Res<'validateProfile'>> {
    return this.#profiles.validate(text);
  }

  saveProfile({ name, text }: Req<'saveProfile'>): Promise<Res<'saveProfile'>> {
    return this.#profiles.save(name, text);
  }

  importProfile({ name, text }: Req<'importProfile'>): Promise<Res<'importProfile'>> {
    return this.#profiles.importText(name, text);
  }

  /** The desktop file dialog: the path comes from the dialog in the main process, never from the page. */
  async importProfileFile({ name }: Req<'importProfileFile'>): Promise<Res<'importProfileFile'>> {
    const pick = this.options.pickProfileFile;
    if (!pick) throw new AppError('unsupported', 'importProfileFile: this back end has no file dialog; upload the profile file instead');
    const file = await pick();
    if (file === undefined) return { ok: false, issues: [], cancelled: true };
    return this.#profiles.importFile(file, name);
  }

  // ---- runs ------------------------------------------------------------------------------

  async startRun(request: Req<'startRun'>): Promise<Res<'startRun'>> {
    const { port } = request;
    parsePortUri(port); // a bad URI is refused before anything starts
    // A run being prepared (profile, demo: state idle) or working takes the port: two quick starts cannot both take it.
    const running = this.#runOnPort(port, (run) => run.isActive || (run.state === 'idle' && !run.isClosed));
    if (running) throw new AppError('port-busy', `startRun: ${port} is in use by ${running.isActive ? `run ${running.runId}` : 'a run that is starting'}`);
    return this.#launch(this.#newRun(port), async (session) => {
      const { profile, provision } = await this.#runProfile(request.profile, port);
      await this.#freePort(port);
      await this.#attachEngine(session, profile, request.fotaPolicy ?? profile.fota.policy, provision);
    });
  }

  /** Prepares a new session's engine and starts it; a preparation that fails leaves no session behind. */
  async #launch(session: RunSession, prepare: (session: RunSession) => Promise<void>): Promise<{ runId: string }> {
    try {
      await prepare(session);
    } catch (error) {
      this.#runs.delete(session.runId);
      throw error;
    }
    session.start();
    void this.#watcher.poll();
    return { runId: session.runId };
  }

  /**
   * The profile of a run: a stored profile by name (never a path from the page: fileOf refuses
   * anything but a name) or the demo; the demo profile (and any `sim:` port) starts the demo first.
   */
  async #runProfile(name: string, port: string): Promise<{ profile: Profile; provision?: (ids: DeviceIds) => Promise<void> }> {
    const file = name === DEMO_PROFILE_NAME ? undefined : this.#profiles.fileOf(name);
    if (parsePortUri(port).kind === 'sim' || file === undefined) {
      const demo = await this.#demo.ensure();
      if (file === undefined) return { profile: demoProfile(demo.profileInputs), provision: demo.provisionFor(port) };
    }
    try {
      return { profile: await loadProfile(file) };
    } catch (error) {
      if (error instanceof ProfileError && error.kind === 'unreadable' && error.file === file) {
        throw new ProfileError('unknown-name', [{ path: 'profile', problem: `no stored profile named "${name}" (import the file first)` }]);
      }
      throw error;
    }
  }

  #newRun(port: string, kind: 'run' | 'diagnosis' = 'run'): RunSession {
    const runId = newRunId(port);
    const channel = kind === 'diagnosis' ? 'diagnosis' : 'runner';
    const session = new RunSession({
      runId,
      port,
      dir: sessionDir(this.#sessionsDir, runId),
      publish: (id, event) => this.#emit({ channel, runId: id, event }),
      onChange: (s, error) => this.#runChanged(s, error),
      kind,
    });
    this.#runs.set(runId, session);
    return session;
  }

  get #sessionsDir(): string {
    return path.join(this.dataDir, SESSIONS_FOLDER);
  }

  async #attachEngine(session: RunSession, profile: Profile, fotaPolicy: FotaPolicy, provision: ((ids: DeviceIds) => Promise<void>) | undefined): Promise<void> {
    const { language } = await this.#settings.get();
    const factory = this.options.runEngineFactory ?? defaultRunEngineFactory;
    const { runId, port } = session;
    const { recorder, checkUnit } = await this.#recorderFor(session, profile);
    const engine = await factory({
      runId,
      port,
      profile,
      outDir: this.#sessionsDir,
      fotaPolicy,
      decide: session.decide,
      lang: language ?? languageFromEnv(process.env),
      ...(provision ? { provision } : {}),
      ...(checkUnit ? { checkUnit } : {}),
    });
    session.attach(engine);
    recorder?.attach({ runId, dir: session.dir, onEvent: (listener) => engine.onEvent(listener) });
  }

  /** Closes what holds `port` without running: a failed run waiting for retry, the terminal. */
  async #freePort(port: string): Promise<void> {
    for (const run of [...this.#runs.values()]) if (run.port === port && run.holdsPort && !run.isActive) await run.close();
    await this.#terminal.release(port);
  }

  #runOnPort(port: string, test: (run: RunSession) => boolean): RunSession | undefined {
    return [...this.#runs.values()].find((run) => run.port === port && test(run));
  }

  #runChanged(session: RunSession, error: unknown): void {
    if (error !== undefined) this.#log(`run ${session.runId}: ${(error as Error).message}`);
    if (session.isClosed) this.#runs.delete(session.runId); // its files stay on disk
    void this.#watcher.poll();
  }

  /** The run in memory; a run that has ended (only on disk now) is a bad-state error, an unknown id not-found. */
  async #run(runId: string, method: string): Promise<RunSession> {
    const run = this.#runs.get(runId);
    if (run) return run;
    if (await this.#endedRunLog(runId)) throw new AppError('bad-state', `${method}: run ${runId} has ended; start a new run`);
    throw new AppError('not-found', `no run ${runId}`);
  }

  /** session.jsonl of a run no longer in memory, when there is one. */
  async #endedRunLog(runId: string): Promise<string | undefined> {
    let file: string;
    try {
      file = path.join(sessionDir(this.#sessionsDir, runId), SESSION_LOG_FILE);
    } catch {
      return undefined; // not a run id this back end could have made
    }
    return access(file).then(
      () => file,
      () => undefined,
    );
  }

  async cancelRun({ runId }: Req<'cancelRun'>): Promise<Res<'cancelRun'>> {
    const run = this.#runs.get(runId);
    if (run) await run.cancel();
    else if (!(await this.#endedRunLog(runId))) throw new AppError('not-found', `no run ${runId}`);
    return {}; // a run that has ended is already cancelled
  }

  async retryRun({ runId, fromStep }: Req<'retryRun'>): Promise<Res<'retryRun'>> {
    const run = await this.#run(runId, 'retryRun');
    const other = this.#runOnPort(run.port, (r) => r !== run && r.holdsPort);
    if (other) throw new AppError('port-busy', `retryRun: ${run.port} is now used by run ${other.runId}`);
    await this.#terminal.release(run.port);
    run.resume(fromStep);
    void this.#watcher.poll();
    return { runId };
  }

  // ---- diagnosis -------------------------------------------------------------------------

  /**
   * Starts a read-only diagnosis on `port` (the same engine path as `fieldlink diagnose`). A port
   * a run or another diagnosis holds is refused (a failed run waiting for retry too: cancel it
   * first); the AT terminal lets go of it. Events come on the `diagnosis` channel.
   */
  async startDiagnosis({ port, profile }: Req<'startDiagnosis'>): Promise<Res<'startDiagnosis'>> {
    parsePortUri(port);
    const holder = this.#runOnPort(port, (run) => run.holdsPort || (run.state === 'idle' && !run.isClosed));
    if (holder) {
      const what = holder.kind === 'diagnosis' ? `diagnosis ${holder.runId}` : holder.holdsPort && !holder.isActive ? `failed run ${holder.runId} (retry or cancel it first)` : `run ${holder.runId}`;
      throw new AppError('port-busy', `startDiagnosis: ${port} is in use by ${what}`);
    }
    return this.#launch(this.#newRun(port, 'diagnosis'), async (session) => {
      const inspected = profile === undefined ? await this.#inspectionOnly(port) : (await this.#runProfile(profile, port)).profile;
      await this.#terminal.release(port);
      const { language } = await this.#settings.get();
      const factory = this.options.diagnosisEngineFactory ?? defaultDiagnosisEngineFactory;
      session.attach(await factory({ runId: session.runId, port, profile: inspected, outDir: this.#sessionsDir, lang: language ?? languageFromEnv(process.env) }));
    });
  }

  /** No profile chosen: context ids only; a `sim:` port starts the virtual devices first. */
  async #inspectionOnly(port: string): Promise<Profile> {
    if (parsePortUri(port).kind === 'sim') await this.#demo.ensure();
    const { inspectionProfile } = await import('../engine/sequence/diagnose/index.ts');
    return inspectionProfile();
  }

  async answerFota({ runId, target, accept }: Req<'answerFota'>): Promise<Res<'answerFota'>> {
    (await this.#run(runId, 'answerFota')).answerFota(target, accept);
    return {};
  }

  async publishTest({ runId, payload }: Req<'publishTest'>): Promise<Res<'publishTest'>> {
    await (await this.#run(runId, 'publishTest')).publishTest(payload);
    return {};
  }

  async disconnect({ runId }: Req<'disconnect'>): Promise<Res<'disconnect'>> {
    await (await this.#run(runId, 'disconnect')).disconnect();
    return {};
  }

  async sendAt({ port, command }: Req<'sendAt'>): Promise<Res<'sendAt'>> {
    const run = this.#runOnPort(port, (r) => r.holdsPort);
    if (run) return runAndPublish(port, command, (c) => run.sendAt(c), (e) => this.#emit(e));
    const wasOpen = this.#terminal.ports().includes(port);
    const result = await this.#terminal.send(port, command);
    if (!wasOpen) void this.#watcher.poll();
    return result;
  }

  // ---- command lists of the terminal -----------------------------------------------------

  listCommandLists(): Promise<Res<'listCommandLists'>> {
    return this.#commandLists.names();
  }

  readCommandList({ name }: Req<'readCommandList'>): Promise<Res<'readCommandList'>> {
    return this.#commandLists.read(name);
  }

  saveCommandList({ list }: Req<'saveCommandList'>): Promise<Res<'saveCommandList'>> {
    return this.#commandLists.save(list);
  }

  async deleteCommandList({ name }: Req<'deleteCommandList'>): Promise<Res<'deleteCommandList'>> {
    await this.#commandLists.delete(name);
    return {};
  }

  /** Each line goes through sendAt (the run's engine when a run holds the port, else the terminal's session). */
  runCommandList({ port, lines, stopOnFailure }: Req<'runCommandList'>): Promise<Res<'runCommandList'>> {
    return runCommandLines(lines, { send: (command) => this.sendAt({ port, command }), stopOnFailure: stopOnFailure ?? false });
  }

  async #openTerminalPort(uri: string): Promise<Transport> {
    if (parsePortUri(uri).kind === 'sim') await this.#demo.ensure();
    return (this.options.openPort ?? ((u: string) => openTransport(u)))(uri);
  }

  /** The runs still holding their port (running, or failed awaiting retry), with their events so far. */
  async listRuns(): Promise<Res<'listRuns'>> {
    return [...this.#runs.values()].filter((run) => run.holdsPort && run.kind === 'run').map((run) => ({ runId: run.runId, port: run.port, events: run.timeline.snapshot() }));
  }

  // ---- reports and replays ---------------------------------------------------------------

  async getReport({ runId }: Req<'getReport'>): Promise<Res<'getReport'>> {
    const { dir, events } = await this.#reportSource(runId);
    const { language } = await this.#settings.get();
    const written = await writeReport({ dir, events: reportEvents(events), redactor: new Redactor(), lang: language ?? languageFromEnv(process.env) });
    const [html, json] = await Promise.all([readFile(written.htmlPath, 'utf8'), readFile(written.jsonPath, 'utf8')]);
    return { html, json, dir };
  }

  /** A held run's events from memory; an ended run's or an opened session's read back from its session.jsonl. */
  async #reportSource(runId: string): Promise<{ dir: string; events: readonly RunnerEvent[] }> {
    const run = this.#runs.get(runId);
    if (run) return { dir: run.dir, events: run.reportEvents() };
    const ended = await this.#endedRunLog(runId);
    if (ended) return { dir: path.dirname(ended), events: withoutTraffic(await readSessionLog(ended)) };
    const replayDir = this.#replayDir(runId);
    const replayLog = replayDir && path.join(replayDir, SESSION_LOG_FILE);
    if (replayDir && replayLog && (await access(replayLog).then(() => true, () => false))) {
      return { dir: replayDir, events: withoutTraffic(await readSessionLog(replayLog)) };
    }
    throw new AppError('not-found', `getReport: no run or opened session ${runId}`);
  }

  #replayDir(runId: string): string | undefined {
    try {
      return sessionDir(path.join(this.dataDir, REPLAYS_FOLDER), runId);
    } catch {
      return undefined;
    }
  }

  /** Parses the picked log; its (re-redacted) events are kept on disk under replays/, not in memory. */
  async openSession({ name, content }: Req<'openSession'>): Promise<Res<'openSession'>> {
    const replay = parseSessionText(name, content);
    const dir = sessionDir(path.join(this.dataDir, REPLAYS_FOLDER), replay.runId); // the id must be a safe folder name
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, SESSION_LOG_FILE), replay.events.map((event) => `${JSON.stringify(event)}\n`).join(''), { encoding: 'utf8', mode: 0o644 });
    return replay;
  }

  // ---- the results store (History screen) -----------------------------------------------

  async listRecords(query: Req<'listRecords'>): Promise<Res<'listRecords'>> {
    const store = await this.#results.getResultsStore();
    const [records, pending] = await Promise.all([store.list(query), store.pending()]);
    return { records, pending, store: store.displayUrl };
  }

  async deviceHistory({ imei }: Req<'deviceHistory'>): Promise<Res<'deviceHistory'>> {
    return (await this.#results.getResultsStore()).history(imei);
  }

  async yieldReport({ by, query }: Req<'yieldReport'>): Promise<Res<'yieldReport'>> {
    return (await this.#results.getResultsStore()).yieldReport(by, query);
  }

  /** A run on record opened for replay: its session.jsonl (in the record's run folder) goes through openSession. */
  async openRecordedRun({ runId }: Req<'openRecordedRun'>): Promise<Res<'openRecordedRun'>> {
    const record = await (await this.#results.getResultsStore()).get(runId);
    if (!record) throw new AppError('not-found', `openRecordedRun: no run ${runId} in the results store`);
    const file = path.join(record.runDir, SESSION_LOG_FILE);
    const size = await stat(file).then(
      (s) => s.size,
      () => undefined,
    );
    if (size === undefined) throw new AppError('not-found', `openRecordedRun: the session log of run ${runId} is not at ${file} (moved or deleted)`);
    if (size > SESSION_TEXT_MAX_CHARS) throw new AppError('bad-session', `openRecordedRun: the session log of run ${runId} is larger than ${SESSION_TEXT_MAX_CHARS} bytes`);
    return this.openSession({ name: `${runId}/${SESSION_LOG_FILE}`, content: await readFile(file, 'utf8') });
  }

  // ---- support bundles (shared/bundle-ipc.ts, support-bundles.ts) -------------------------

  async saveSupportBundle(request: Req<'saveSupportBundle'>): Promise<Res<'saveSupportBundle'>> {
    return saveSupportBundle(await this.#bundleOptions(), request);
  }

  async openSupportBundle(request: Req<'openSupportBundle'>): Promise<Res<'openSupportBundle'>> {
    return openSupportBundle(await this.#bundleOptions(), request);
  }

  async #bundleOptions(): Promise<SupportBundleOptions> {
    const tempRoot = path.join(this.dataDir, 'tmp');
    await mkdir(tempRoot, { recursive: true });
    const { appVersion } = await import('../store/app-version.ts');
    return {
      tempRoot,
      findRun: (runId) => this.#bundleRun(runId),
      store: async () => (await this.#storeOrProblem()).store,
      replay: (name, content) => this.openSession({ name, content }),
      appVersion: appVersion(),
      ...(this.options.pickBundleTarget ? { pickTarget: this.options.pickBundleTarget } : {}),
      ...(this.options.pickBundleFile ? { pickBundle: this.options.pickBundleFile } : {}),
    };
  }

  /** A run's folder: held in memory (with its Redactor), ended in this app's sessions, or on record in the results store. */
  async #bundleRun(runId: string): Promise<BundleRunSource | undefined> {
    const held = this.#runs.get(runId);
    if (held) return { runDir: held.dir, runsDir: this.#sessionsDir, ...(held.redactor ? { redactor: held.redactor } : {}) };
    const ended = await this.#endedRunLog(runId);
    if (ended) return { runDir: path.dirname(ended), runsDir: this.#sessionsDir };
    const record = await (await this.#storeOrProblem()).store?.get(runId);
    return record ? { runDir: record.runDir, runsDir: path.dirname(record.runDir) } : undefined;
  }

  // ---- station mode (Station screen) -----------------------------------------------------

  /**
   * Starts a station over `ports` or a virtual line (docs/station.md#station-screen). One at a
   * time; a port a run, a diagnosis or the terminal holds is refused. Events come batched on the
   * `station` channel.
   */
  async startStation(request: Req<'startStation'>): Promise<Res<'startStation'>> {
    if (this.#station) throw new AppError('bad-state', `startStation: station ${this.#station.stationId} is still running; stop it first`);
    const stored = request.config !== undefined ? await this.#storedStation(request.config, request.operator) : undefined;
    const profileName = stored?.config.profile ?? request.profile ?? DEMO_PROFILE_NAME;
    const pathPorts = stored ? stored.config.slots.flatMap((slot) => ('path' in slot.port ? [slot.port.path] : [])) : (request.ports ?? []);
    for (const port of pathPorts) {
      parsePortUri(port);
      const holder = this.#runOnPort(port, (run) => run.holdsPort || (run.state === 'idle' && !run.isClosed));
      if (holder) throw new AppError('port-busy', `startStation: ${port} is in use by run ${holder.runId}`);
      if (this.#terminal.ports().includes(port)) await this.#terminal.release(port);
    }
    const demoNeeded = profileName === DEMO_PROFILE_NAME || pathPorts.some((port) => parsePortUri(port).kind === 'sim');
    const demo = demoNeeded ? await this.#demo.ensure() : undefined;
    const profile = profileName === DEMO_PROFILE_NAME && demo ? demoProfile(demo.profileInputs) : (await this.#stationProfile(profileName, pathPorts[0] ?? '/dev/null', stored?.name)).profile;
    const { store } = await this.#storeOrProblem();
    const { language } = await this.#settings.get();
    const { StationSession: Session } = await import('./station-session.ts');
    const stationId = `station-${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${Math.random().toString(36).slice(2, 6)}`;
    const session = await Session.start({
      stationId,
      request,
      profile,
      outDir: this.#sessionsDir,
      lineDir: path.join(this.dataDir, 'station-line'),
      lang: language ?? languageFromEnv(process.env),
      ...(store ? { store } : {}),
      ...(demo && profileName === DEMO_PROFILE_NAME ? { provision: (ids: DeviceIds, port: string) => demo.provisionUnit(ids, port) } : {}),
      ...(stored ? { config: stored } : {}),
      ...(this.options.stationPortLister ? { portLister: this.options.stationPortLister } : {}),
      emit: (event) => this.#emit(event),
      log: (message) => this.#log(message),
    });
    this.#station = session;
    this.#lastStation = session;
    void session.done.finally(() => {
      if (this.#station === session) this.#station = undefined;
    });
    return { stationId, slots: session.slots, name: session.name, unitSerial: session.unitSerialRequired };
  }

  /** A stored configuration for startStation: read and checked, its operator rule enforced (errors name the field). */
  async #storedStation(name: string, operator: string | undefined): Promise<{ name: string; config: StationConfig }> {
    const config = await this.#stationConfigs.load(name);
    if (config.operatorRequired && !operator?.trim()) {
      throw new AppError('bad-request', `startStation: operator: station configuration "${name}" requires an operator (operatorRequired: true); fill in the operator or scan a badge`);
    }
    return { name, config };
  }

  /** The profile a station runs: a stored profile by name; a configuration's missing profile is named as its field. */
  async #stationProfile(profileName: string, port: string, configName: string | undefined): Promise<{ profile: Profile }> {
    if (configName !== undefined && !(await this.#profiles.names()).includes(profileName)) {
      throw new AppError('not-found', `startStation: station configuration "${configName}": profile: no stored profile named "${profileName}" (import it first, or use "demo")`);
    }
    return this.#runProfile(profileName, port);
  }

  async stationCommand({ stationId, ...command }: Req<'stationCommand'>): Promise<Res<'stationCommand'>> {
    const session = this.#station;
    if (!session || session.stationId !== stationId) throw new AppError('not-found', `stationCommand: stationId: no running station ${stationId}`);
    session.command(command);
    return {};
  }

  async getStation(): Promise<Res<'getStation'>> {
    const session = this.#station ?? this.#lastStation;
    return { station: session ? session.snapshot() : null };
  }

  async listStationConfigs(): Promise<Res<'listStationConfigs'>> {
    return this.#stationConfigs.summaries();
  }

  async readStationConfig({ name }: Req<'readStationConfig'>): Promise<Res<'readStationConfig'>> {
    return { name, text: await this.#stationConfigs.read(name) };
  }

  saveStationConfig({ name, text }: Req<'saveStationConfig'>): Promise<Res<'saveStationConfig'>> {
    return this.#stationConfigs.save(name, text);
  }

  async deleteStationConfig({ name }: Req<'deleteStationConfig'>): Promise<Res<'deleteStationConfig'>> {
    await this.#stationConfigs.delete(name);
    return {};
  }

  async stopStation({ stationId }: Req<'stopStation'>): Promise<Res<'stopStation'>> {
    const session = this.#station;
    if (!session || session.stationId !== stationId) throw new AppError('not-found', `stopStation: no running station ${stationId}`);
    return { state: session.stop() };
  }

  currentStation(): StationSession | undefined {
    return this.#station;
  }

  // ---- settings --------------------------------------------------------------------------

  async getSettings(): Promise<Res<'getSettings'>> {
    const settings = await this.#settings.get();
    const { store } = await this.#storeOrProblem();
    const pending = store ? await store.pending().catch(() => undefined) : undefined;
    return { ...settings, ...(pending === undefined ? {} : { resultsPending: pending }) };
  }

  async setSettings(patch: Req<'setSettings'>): Promise<Res<'setSettings'>> {
    const before = (await this.#settings.get()).resultsDb;
    const saved = await this.#settings.update(patch);
    if (saved.resultsDb !== before) {
      // Another results store: runs from now on go there, and History reads it.
      await this.#results.reopen();
      void this.#storeOrProblem();
    }
    return saved;
  }

  // ---- lifetime --------------------------------------------------------------------------

  async startDemo(): Promise<void> {
    await this.#demo.ensure();
  }

  activeRuns(): string[] {
    return [...this.#runs.values()].filter((run) => run.isActive).map((run) => run.runId);
  }

  runsInMemory(): number {
    return this.#runs.size;
  }

  async cancelAllRuns(): Promise<void> {
    const runs = [...this.#runs.values()].filter((run) => run.holdsPort);
    await Promise.all(runs.map((run) => run.cancel().catch((error: unknown) => this.#log(`cancel ${run.runId}: ${(error as Error).message}`))));
  }

  async dispose(): Promise<void> {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    this.#watcher.stop();
    await this.cancelAllRuns(); // listeners still hear the runs finish
    const station = this.#station;
    if (station) {
      station.stop();
      station.stop(); // draining, then cancelling: each unit left in a known state
      await station.done;
    }
    this.#listeners.clear();
    await Promise.all([...this.#runs.values()].map((run) => run.close().catch(() => undefined)));
    await this.#terminal.closeAll();
    await this.#demo.stop();
    await this.#results.close();
  }
}

function withoutTraffic(events: readonly RunnerEvent[]): RunnerEvent[] {
  return events.filter((event) => event.type !== 'at-traffic');
}

const defaultRunEngineFactory: RunEngineFactory = async (options) => (await import('./sequence-engine.ts')).createSequenceEngine(options);
const defaultDiagnosisEngineFactory: DiagnosisEngineFactory = async (options) => (await import('./diagnosis-engine.ts')).createDiagnosisEngine(options);
