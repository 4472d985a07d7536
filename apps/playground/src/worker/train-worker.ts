/// <reference lib="webworker" />
import { catalogue } from "./catalogue.js";
import type { BackendChoice, FromWorker, ToWorker } from "./protocol.js";
import { startRuntime } from "./runtime.js";
import { Session } from "./session.js";

// Training runs here so the page stays responsive. The loop trains for a slice
// of time, then yields to the event loop, so pause, step and predict messages
// are handled between slices.
const SLICE_MS = 40;
const SNAPSHOT_MS = 200;

const scope = self as unknown as DedicatedWorkerGlobalScope;
/** Created once the runtime is set up (the first message is always "init"). */
let session: Session | undefined;
let running = false;
let loopActive = false;
let lastSnapshot = 0;
/** Messages are handled one at a time, in order, even the asynchronous ones. */
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  queue = queue
    .then(() => handle(event.data))
    .catch((error: unknown) => fail(event.data.type, error));
};

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

/** What each command was doing, for error messages. */
const DOING: Record<ToWorker["type"] | "training", string> = {
  init: "Starting the backend",
  configure: "Building the model",
  play: "Training",
  pause: "Pausing",
  step: "Training",
  reset: "Resetting",
  predict: "Predicting",
  export: "Exporting",
  training: "Training",
};

function fail(command: keyof typeof DOING, error: unknown): void {
  running = false;
  const message = error instanceof Error ? error.message : String(error);
  post({ type: "error", during: DOING[command], message });
  post({ type: "state", running: false });
}

function active(): Session {
  if (session === undefined) {
    throw new Error("the worker received a command before init.");
  }
  return session;
}

async function handle(message: ToWorker): Promise<void> {
  if (message.type === "init") {
    await init(message.backend, message.threads);
    return;
  }
  const current = active();
  switch (message.type) {
    case "configure": {
      running = false;
      const built = await current.build(message.config, message.data, message.model);
      post({ type: "built", ...built });
      sendSnapshot();
      break;
    }
    case "play":
      if (current.ready) {
        running = true;
        void loop();
      }
      break;
    case "pause":
      running = false;
      post({ type: "state", running: false });
      sendSnapshot();
      break;
    case "step":
      running = false;
      if (message.unit === "epoch") {
        current.trainEpoch();
      } else {
        current.trainBatch(true);
      }
      sendSnapshot();
      break;
    case "reset":
      running = false;
      post({ type: "built", summary: (await current.rebuild()).summary });
      sendSnapshot();
      break;
    case "predict": {
      const probabilities = current.predict(message.input);
      post({ type: "prediction", id: message.id, probabilities }, [probabilities.buffer]);
      break;
    }
    case "export": {
      const files = await current.exportFiles();
      post({ type: "exported", json: files.json, weights: files.weights.buffer }, [
        files.weights.buffer,
      ]);
      break;
    }
  }
}

async function init(choice: BackendChoice, threads: number): Promise<void> {
  const runtime = await startRuntime(choice, threads);
  session = new Session(runtime.registry);
  post({
    type: "ready",
    backend: runtime.backend,
    threads: runtime.threads,
    ...(runtime.note === undefined ? {} : { note: runtime.note }),
    catalogue: catalogue(runtime.registry),
  });
}

async function loop(): Promise<void> {
  if (loopActive) {
    return;
  }
  loopActive = true;
  try {
    while (running) {
      const start = performance.now();
      while (running && performance.now() - start < SLICE_MS) {
        active().trainBatch(false);
      }
      if (running && performance.now() - lastSnapshot > SNAPSHOT_MS) {
        // The measured step gives the update-to-weight ratio for this snapshot.
        active().trainBatch(true);
        sendSnapshot();
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } catch (error) {
    fail("training", error);
  } finally {
    loopActive = false;
  }
}

function sendSnapshot(): void {
  if (session === undefined || !session.ready) {
    return;
  }
  lastSnapshot = performance.now();
  const snapshot = session.snapshot();
  post({ type: "snapshot", snapshot, running });
}
