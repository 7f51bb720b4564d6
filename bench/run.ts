/**
 * `npm run bench`: builds the studio, serves it and the reference runtimes on
 * 127.0.0.1, drives headless Chromium through every backend and the reference
 * runtimes, and writes bench/results/<date>-<machine>.json and .md.
 *
 * Flags: `--backends=wasm,cpu` to measure fewer backends, `--batches=1,8` for other batch
 * sizes, `--no-build` to reuse dist/.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { build } from 'vite';
import playwrightConfig, { SHARED_DIR } from '../playwright.config';
import type { BackendReport } from '../app/ml/backend_info';
import { isBackendName, type BackendName } from '../app/ml/backend_info';
import type { FigureSamples, TrainingBenchPlan } from '../app/ml/bench/plan';
import { backendDevice, browserName, figureRows } from '../app/ml/bench/report';
import {
  formatTable,
  pairedRatio,
  summarize,
  type BenchRow,
} from '../app/ml/bench/stats';
import type { BenchAutomation } from '../app/stores/bench';
import {
  DETECTOR_PLAN,
  PAIRINGS,
  planFor,
  RUN_ORDER,
  TRAINING_PLAN,
  WEBCAM_PLAN,
  type RunnerPlan,
} from './plans';
import type { ReferenceBench, ReferenceLoadReport } from './reference/reference_page';
import type { RuntimeName } from './reference/runtimes';
import { serveFolders } from './static_server';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STUDIO_PORT = 4183;
const MODEL = 'models/efficientnet-lite0-dogs/model.tflite';
const LABELS = 'models/efficientnet-lite0-dogs/labels.txt';
const CHECK_IMAGE = 'images/samoyed.jpg';
const CENTERNET = [
  'models/centernet-coco/centernet.json',
  'models/centernet-coco/centernet.bin',
];
const CENTERNET_LABELS = 'models/centernet-coco/labels.txt';
/** Photos per batch: the largest batch gets one distinct photo per slot. */
const PHOTO_COUNT = 32;
const DETECTOR_PHOTO_COUNT = 8;
/** The batch sizes the report always has a row for, measured or not. */
const STANDARD_BATCHES = [1, 8, 32];

interface Args {
  backends: BackendName[];
  build: boolean;
  /** Batch sizes to time instead of each plan's own. */
  batches?: number[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { backends: [...RUN_ORDER], build: true };
  for (const arg of argv) {
    if (arg === '--no-build') args.build = false;
    else if (arg.startsWith('--batches=')) {
      args.batches = arg.slice('--batches='.length).split(',').map(Number);
      if (args.batches.some((size) => !(Number.isInteger(size) && size > 0))) {
        throw new Error(`--batches takes positive whole numbers: ${arg}`);
      }
    } else if (arg.startsWith('--backends=')) {
      const names = arg.slice('--backends='.length).split(',');
      const unknown = names.filter((name) => !isBackendName(name));
      if (unknown.length > 0)
        throw new Error(`unknown backend(s): ${unknown.join(', ')}`);
      args.backends = names as BackendName[];
    } else {
      throw new Error(
        `unknown flag ${arg}; use --backends=wasm,cpu, --batches=1,8 or --no-build`,
      );
    }
  }
  return args;
}

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** Real photos, round-robin over the classes so that a batch is not one kind of garment. */
function clothingPhotos(count: number): string[] {
  const train = resolve(SHARED_DIR, 'datasets/clothing/train');
  const classes = readdirSync(train).sort();
  const byClass = classes.map((name) => readdirSync(resolve(train, name)).sort());
  const photos: string[] = [];
  for (let i = 0; photos.length < count; i++) {
    const files = byClass[i % classes.length];
    const file = files[Math.floor(i / classes.length) % files.length];
    photos.push(`datasets/clothing/train/${classes[i % classes.length]}/${file}`);
  }
  return photos;
}

/** The class index of each clothing photo: its folder's place among the sorted classes. */
function clothingLabels(photos: string[]): number[] {
  const classes = readdirSync(resolve(SHARED_DIR, 'datasets/clothing/train')).sort();
  return photos.map((path) => classes.indexOf(path.split('/').at(-2)!));
}

function cocoPhotos(count: number): string[] {
  const folder = resolve(SHARED_DIR, 'datasets/coco128-val/images');
  return readdirSync(folder)
    .sort()
    .slice(0, count)
    .map((file) => `datasets/coco128-val/images/${file}`);
}

async function startStudioServer(): Promise<ChildProcess> {
  const vite = resolve(ROOT, 'node_modules/vite/bin/vite.js');
  const server = spawn(
    process.execPath,
    [
      vite,
      'preview',
      '--port',
      String(STUDIO_PORT),
      '--strictPort',
      '--host',
      '127.0.0.1',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, STUDIO_SHARED_DIR: SHARED_DIR },
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 120; i++) {
    const up = await fetch(`http://127.0.0.1:${STUDIO_PORT}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return server;
    await new Promise((done) => setTimeout(done, 500));
  }
  server.kill();
  throw new Error(`vite preview did not start on port ${STUDIO_PORT}`);
}

/** Every request that is not to 127.0.0.1 is aborted and remembered. */
async function keepLocal(context: BrowserContext, blocked: Set<string>): Promise<void> {
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (
      url.hostname === '127.0.0.1' ||
      url.protocol === 'blob:' ||
      url.protocol === 'data:'
    ) {
      return route.continue();
    }
    blocked.add(url.host);
    return route.abort('blockedbyclient');
  });
}

async function openStudio(
  context: BrowserContext,
  backend: BackendName,
): Promise<{ page: Page; started: { backend: BackendReport; machine: string } }> {
  const page = await context.newPage();
  page.on('pageerror', (error) => log(`studio page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.text().startsWith('[bench]'))
      log(`${backend}: ${message.text().slice(8)}`);
  });
  await page.goto(`http://127.0.0.1:${STUDIO_PORT}/?backend=${backend}&benchHook`);
  await page.waitForFunction(() => 'studioBench' in globalThis);
  const started = await page.evaluate(() =>
    (globalThis as unknown as { studioBench: BenchAutomation }).studioBench.start(),
  );
  return { page, started };
}

function studio(page: Page) {
  type Hook = { studioBench: BenchAutomation };
  return {
    backbone: (modelUrl: string, imageUrls: string[], plan: RunnerPlan) =>
      page.evaluate(
        ([m, i, p]) => (globalThis as unknown as Hook).studioBench.backbone(m, i, p),
        [modelUrl, imageUrls, plan] as const,
      ),
    latencyRound: (runs: number) =>
      page.evaluate(
        (r) => (globalThis as unknown as Hook).studioBench.latencyRound(r),
        runs,
      ),
    detector: (modelUrls: string[], imageUrls: string[], plan: typeof DETECTOR_PLAN) =>
      page.evaluate(
        ([m, i, p]) => (globalThis as unknown as Hook).studioBench.detector(m, i, p),
        [modelUrls, imageUrls, plan] as const,
      ),
    training: (
      modelUrl: string,
      imageUrls: string[],
      labels: number[],
      plan: TrainingBenchPlan,
    ) =>
      page.evaluate(
        ([m, i, l, p]) =>
          (globalThis as unknown as Hook).studioBench.training(m, i, l, p),
        [modelUrl, imageUrls, labels, plan] as const,
      ),
  };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * The Detect page's own live loop (app/stores/detection.ts) on Chromium's fake camera:
 * CenterNet loaded as a user's dropped files are, the camera started with its button,
 * then frames per second over a few windows, and the worker's tensors and bytes after
 * the first frames and after the last.
 */
async function measureWebcam(
  context: BrowserContext,
  machine: string,
): Promise<BenchRow[]> {
  type Hook = { studioBench: BenchAutomation };
  const backend = `${WEBCAM_PLAN.backend} · CenterNet, Detect page`;
  const page = await context.newPage();
  page.on('pageerror', (error) => log(`detect page error: ${error.message}`));
  try {
    await page.goto(
      `http://127.0.0.1:${STUDIO_PORT}/?backend=${WEBCAM_PLAN.backend}&benchHook#detect`,
    );
    await page.waitForFunction(() => 'studioBench' in globalThis);
    await page
      .locator(`[data-testid=backend][data-backend=${WEBCAM_PLAN.backend}]`)
      .waitFor({ timeout: 120_000 });
    const urls = [...CENTERNET, CENTERNET_LABELS].map((path) => `/__shared/${path}`);
    const loaded = await page.evaluate(
      (u) => (globalThis as unknown as Hook).studioBench.loadDetector(u),
      urls,
    );
    if (!loaded.ready) throw new Error(`CenterNet did not load: ${loaded.error}`);
    await page.getByTestId('camera-start').click();

    const live = () =>
      page.evaluate(() => (globalThis as unknown as Hook).studioBench.liveStats());
    let first = await live();
    const deadline = Date.now() + 120_000;
    while (first.stats.frames < WEBCAM_PLAN.warmupFrames) {
      if (first.camera === 'error' || Date.now() > deadline) {
        const why = first.error ?? 'timed out';
        throw new Error(
          `camera ${first.camera} after ${first.stats.frames} frames: ${why}`,
        );
      }
      await sleep(200);
      first = await live();
    }
    log(
      `webcam: ${first.stats.frames} frames answered, timing ${WEBCAM_PLAN.windows} windows`,
    );
    const fps: number[] = [];
    let last = first;
    for (let window = 0; window < WEBCAM_PLAN.windows; window++) {
      await sleep(WEBCAM_PLAN.windowMs);
      const now = await live();
      fps.push(
        (now.stats.frames - last.stats.frames) / ((now.nowMs - last.nowMs) / 1000),
      );
      last = now;
    }
    await page.getByTestId('camera-stop').click();

    const seconds = (last.nowMs - first.nowMs) / 1000;
    const grabbed =
      (last.stats.frames -
        first.stats.frames +
        last.stats.dropped -
        first.stats.dropped) /
      seconds;
    const memoryRow = (
      frames: number,
      unit: 'tensors' | 'bytes',
      value?: number,
    ): BenchRow => ({
      machine,
      backend,
      figure: `worker ${unit === 'tensors' ? 'tensors held' : 'tensor bytes'} after ${frames} live frames`,
      unit,
      summary: value === undefined ? undefined : summarize([value]),
      note: 'tf.memory() of the ML worker after the frame, as the page shows it',
    });
    return [
      {
        machine,
        backend,
        figure: 'webcam loop frames per second',
        unit: 'frames/s',
        summary: summarize(fps),
        note:
          `${fps.length} windows of ${WEBCAM_PLAN.windowMs / 1000} s (${seconds.toFixed(1)} s) ` +
          `after ${first.stats.frames} frames; fake camera bottles-640x360-10fps.mjpeg, the ` +
          `page grabbed ${grabbed.toFixed(1)} frames/s and detected the newest each time`,
      },
      memoryRow(first.stats.frames, 'tensors', first.stats.memory?.numTensors),
      memoryRow(first.stats.frames, 'bytes', first.stats.memory?.numBytes),
      memoryRow(last.stats.frames, 'tensors', last.stats.memory?.numTensors),
      memoryRow(last.stats.frames, 'bytes', last.stats.memory?.numBytes),
    ];
  } catch (error) {
    log(`webcam: failed: ${errorText(error)}`);
    const note = `failed: ${errorText(error)}`;
    return [
      {
        machine,
        backend,
        figure: 'webcam loop frames per second',
        unit: 'frames/s',
        note,
      },
    ];
  } finally {
    await page.close();
  }
}

interface OpenReference {
  runtime: RuntimeName;
  page: Page;
  report: ReferenceLoadReport;
}

async function openReference(
  context: BrowserContext,
  origin: string,
  runtime: RuntimeName,
  photoUrls: string[],
): Promise<OpenReference> {
  const page = await context.newPage();
  await page.goto(`${origin}/reference/index.html`);
  await page.waitForFunction(() => 'referenceBench' in globalThis);
  const report = await page.evaluate(
    ([r, model, labels, photos, check]) =>
      (globalThis as unknown as { referenceBench: ReferenceBench }).referenceBench.load(
        r,
        model,
        labels,
        photos,
        check,
      ),
    [
      runtime,
      `/__shared/${MODEL}`,
      `/__shared/${LABELS}`,
      photoUrls,
      `/__shared/${CHECK_IMAGE}`,
    ] as const,
  );
  return { runtime, page, report };
}

function referenceRound(reference: OpenReference, runs: number): Promise<number[]> {
  return reference.page.evaluate(
    (r) =>
      (globalThis as unknown as { referenceBench: ReferenceBench }).referenceBench.round(
        r,
      ),
    runs,
  );
}

function formatLoad(load: number[]): string {
  return load.map((value) => value.toFixed(2)).join(', ');
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim().slice(0, 400);
}

/**
 * Ours and each reference runtime in alternating rounds of batch-1 classification on
 * the same photos: rows with each runtime's latency and ours over theirs.
 */
async function runPairings(
  ours: ReturnType<typeof studio>,
  oursBackend: BackendName,
  pairing: RunnerPlan['pairing'],
  machine: string,
  context: BrowserContext,
  origin: string,
  photoUrls: string[],
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const references: OpenReference[] = [];
  for (const runtime of PAIRINGS[oursBackend] ?? []) {
    log(`reference ${runtime}: loading`);
    try {
      const reference = await openReference(
        context,
        origin,
        runtime,
        photoUrls.slice(0, 8),
      );
      references.push(reference);
      const { report } = reference;
      log(
        `reference ${runtime}: ${report.description}, samoyed.jpg -> ${report.checkTop1}`,
      );
      rows.push({
        machine,
        backend: report.description,
        figure: 'first run, batch 1 (after load)',
        unit: 'ms',
        summary: summarize([report.firstRunMs]),
        note: `load ${report.loadMs.toFixed(0)} ms; samoyed.jpg top-1: ${report.checkTop1}`,
      });
    } catch (error) {
      log(`reference ${runtime}: failed: ${errorText(error)}`);
      rows.push({
        machine,
        backend: runtime,
        figure: 'latency, batch 1',
        unit: 'ms',
        note: `failed to load or run on this model: ${errorText(error)}`,
      });
    }
  }
  if (references.length === 0) return rows;

  const oursRounds: number[][] = [];
  const theirs = new Map<RuntimeName, number[][]>(references.map((r) => [r.runtime, []]));
  for (let round = 0; round < pairing.rounds; round++) {
    oursRounds.push(await ours.latencyRound(pairing.runsPerRound));
    for (const reference of references) {
      theirs
        .get(reference.runtime)!
        .push(await referenceRound(reference, pairing.runsPerRound));
    }
  }

  const note = `${pairing.rounds} alternating rounds of ${pairing.runsPerRound} runs; 224×224 pixels in, scores out`;
  rows.push({
    machine,
    backend: `studio ${oursBackend}`,
    figure: 'latency, batch 1, paired rounds',
    unit: 'ms',
    summary: summarize(oursRounds.flat()),
    note,
  });
  for (const reference of references) {
    const rounds = theirs.get(reference.runtime)!;
    rows.push(
      {
        machine,
        backend: reference.report.description,
        figure: 'latency, batch 1, paired rounds',
        unit: 'ms',
        summary: summarize(rounds.flat()),
        note,
      },
      {
        machine,
        backend: `studio ${oursBackend} / ${reference.report.description}`,
        figure: 'latency ratio, ours over theirs (below 1: ours faster)',
        unit: '×',
        summary: pairedRatio(oursRounds, rounds),
        note: 'median over all runs; min/max: per-round ratios',
      },
    );
    await reference.page.close();
  }
  return rows;
}

async function measureBackend(
  args: Args,
  context: BrowserContext,
  backend: BackendName,
  origin: string,
  photoUrls: string[],
): Promise<{ rows: BenchRow[]; backendReport?: BackendReport }> {
  log(`${backend}: opening the studio`);
  const { page, started } = await openStudio(context, backend);
  const machine = started.machine;
  const plan = {
    ...planFor(started.backend),
    ...(args.batches && { batchSizes: args.batches }),
  };
  try {
    if (started.backend.name !== backend) {
      return {
        backendReport: started.backend,
        rows: [
          {
            machine,
            backend,
            figure: 'backbone',
            unit: 'ms',
            note: `${backend} could not start here (fell back to ${started.backend.name}): ${started.backend.skipped.join('; ')}`,
          },
        ],
      };
    }
    const ours = studio(page);
    log(
      `${backend}: backbone, batches ${plan.batchSizes.join(', ')} (${backendDevice(started.backend)})`,
    );
    const figures: FigureSamples[] = await ours.backbone(
      `/__shared/${MODEL}`,
      photoUrls,
      plan,
    );
    const rows = figureRows(machine, backend, figures, plan.notes);
    for (const batch of STANDARD_BATCHES.filter(
      (size) => !plan.batchSizes.includes(size),
    )) {
      rows.push({
        machine,
        backend,
        figure: batch === 1 ? 'latency, batch 1' : `throughput, batch ${batch}`,
        unit: batch === 1 ? 'ms' : 'images/s',
        note: `not measured: ${plan.notes.join('; ') || 'left out by --batches'}`,
      });
    }
    for (const row of rows) {
      log(
        `${backend}: ${row.figure}: ${row.summary ? row.summary.median.toFixed(2) : '-'} ${row.unit}`,
      );
    }
    rows.push(
      ...(await runPairings(
        ours,
        backend,
        plan.pairing,
        machine,
        context,
        origin,
        photoUrls,
      )),
    );

    if (backend === DETECTOR_PLAN.backend) {
      log(
        `${backend}: CenterNet detector, ${DETECTOR_PLAN.memoryCheckpoints.join(' and ')} frames`,
      );
      const detectorFigures = await ours.detector(
        CENTERNET.map((path) => `/__shared/${path}`),
        cocoPhotos(DETECTOR_PHOTO_COUNT).map((path) => `/__shared/${path}`),
        DETECTOR_PLAN,
      );
      rows.push(
        ...figureRows(machine, `${backend} · CenterNet`, detectorFigures, [
          'real COCO photos resized to 512×512, graph decodes its own boxes',
        ]),
        {
          machine,
          backend: `${backend} · EfficientDet-Lite`,
          figure: 'per-frame latency',
          unit: 'ms',
          note: 'not measured: no EfficientDet-Lite file is available offline here',
        },
      );
    }
    if (backend === TRAINING_PLAN.backend) {
      const photos = clothingPhotos(TRAINING_PLAN.photos);
      log(
        `${backend}: head training, ${photos.length} photos × ${1 + TRAINING_PLAN.augmentViews} views`,
      );
      const trainingFigures = await ours.training(
        `/__shared/${MODEL}`,
        photos.map((path) => `/__shared/${path}`),
        clothingLabels(photos),
        TRAINING_PLAN,
      );
      rows.push(...figureRows(machine, backend, trainingFigures));
    }
    return { rows, backendReport: started.backend };
  } catch (error) {
    log(`${backend}: failed: ${errorText(error)}`);
    return {
      backendReport: started.backend,
      rows: [
        {
          machine,
          backend,
          figure: 'backbone',
          unit: 'ms',
          note: `failed: ${errorText(error)}`,
        },
      ],
    };
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const loadAtStart = loadavg();

  if (args.build) {
    log('building the studio');
    const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error('vite build failed');
  }
  log('building the reference runtimes page');
  const referenceDist = resolve(ROOT, 'bench/.reference-dist');
  await build({
    configFile: false,
    root: resolve(ROOT, 'bench/reference'),
    base: '/reference/',
    logLevel: 'warn',
    build: {
      outDir: referenceDist,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 8192,
    },
  });

  const reference = await serveFolders({
    '/reference/': referenceDist,
    '/node_modules/@tensorflow/tfjs-tflite/wasm/': resolve(
      ROOT,
      'node_modules/@tensorflow/tfjs-tflite/wasm',
    ),
    '/node_modules/@mediapipe/tasks-vision/wasm/': resolve(
      ROOT,
      'node_modules/@mediapipe/tasks-vision/wasm',
    ),
    '/node_modules/@litertjs/core/wasm/': resolve(
      ROOT,
      'node_modules/@litertjs/core/wasm',
    ),
    '/__shared/': SHARED_DIR,
  });
  const studioServer = await startStudioServer();
  const launch = playwrightConfig.use?.launchOptions ?? {};
  const extraArgs = (process.env.BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean);
  let browser: Browser | null = null;
  const blocked = new Set<string>();

  try {
    browser = await chromium.launch({
      ...launch,
      args: [...(launch.args ?? []), ...extraArgs],
      headless: true,
    });
    const context = await browser.newContext();
    await keepLocal(context, blocked);
    const photoUrls = clothingPhotos(PHOTO_COUNT).map((path) => `/__shared/${path}`);

    const rows: BenchRow[] = [];
    const backends: Record<string, BackendReport | undefined> = {};
    for (const backend of args.backends) {
      const result = await measureBackend(
        args,
        context,
        backend,
        reference.origin,
        photoUrls,
      );
      rows.push(...result.rows);
      backends[backend] = result.backendReport;
      if (backend === WEBCAM_PLAN.backend && result.backendReport?.name === backend) {
        log(`${backend}: the Detect page's webcam loop`);
        rows.push(...(await measureWebcam(context, result.rows[0].machine)));
      }
    }

    const userAgent = await (async () => {
      const page = await context.newPage();
      const agent = await page.evaluate(() => navigator.userAgent);
      await page.close();
      return agent;
    })();
    const machineName = hostname().replace(/[^a-zA-Z0-9_-]/g, '_');
    const date = new Date().toISOString().slice(0, 10);
    const machine = {
      name: machineName,
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      /** 1, 5 and 15 minute load averages when the run started and when it ended. */
      loadAverage: { start: loadAtStart, end: loadavg() },
      browser: `${browserName(userAgent)} (${browser.version()})`,
      userAgent,
      devices: Object.fromEntries(
        Object.entries(backends).map(([name, report]) => [
          name,
          report ? backendDevice(report) : 'did not start',
        ]),
      ),
    };
    const minutes = (Date.now() - started) / 60_000;
    const results = {
      date: new Date().toISOString(),
      machine,
      model: MODEL,
      durationMinutes: Number(minutes.toFixed(1)),
      blockedHosts: [...blocked].sort(),
      rows,
    };

    const folder = resolve(ROOT, 'bench/results');
    mkdirSync(folder, { recursive: true });
    const base = resolve(folder, `${date}-${machineName}`);
    writeFileSync(`${base}.json`, JSON.stringify(results, null, 2) + '\n');
    const markdown = [
      `# Benchmark, ${date}, ${machineName}`,
      '',
      `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, ${machine.browser}.`,
      `Devices: ${Object.entries(machine.devices)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}.`,
      `Model: \`../shared/${MODEL}\`; photos: \`../shared/datasets/clothing\`. ` +
        `Run took ${minutes.toFixed(1)} minutes.`,
      `Load average (1, 5, 15 min): ${formatLoad(loadAtStart)} at the start, ` +
        `${formatLoad(machine.loadAverage.end)} at the end; other work shares the machine.`,
      `Requests blocked (not to 127.0.0.1): ${blocked.size ? [...blocked].sort().join(', ') : 'none'}.`,
      '',
      formatTable(rows),
    ].join('\n');
    writeFileSync(`${base}.md`, markdown);
    console.log('\n' + markdown);
    log(`wrote ${base}.json and .md`);
  } finally {
    await browser?.close();
    studioServer.kill();
    reference.server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
