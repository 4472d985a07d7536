// Node-only entry (`@myelin/io/node`): the file-system handler imports `node:`
// modules, so it stays out of the browser-safe main entry.
export { fileSystemHandler } from "./node/file-system-handler.js";
export type { FileSystemHandlerOptions, ModelFileSystem } from "./node/file-system-handler.js";
