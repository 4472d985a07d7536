import type { FromWorker, ToWorker } from "./worker/protocol.js";

/** The page's side of the training worker: typed messages both ways. */
export class WorkerClient {
  private readonly worker: Worker;

  constructor(onMessage: (message: FromWorker) => void, onCrash: (message: string) => void) {
    this.worker = new Worker(new URL("./worker/train-worker.ts", import.meta.url), {
      type: "module",
    });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => onMessage(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      onCrash(event.message || "the training worker failed to start");
    };
  }

  /** Sends a message; typed arrays in `transfer` move instead of being copied. */
  send(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }
}
