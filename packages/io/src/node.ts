// Node-only entry (`@myelin/io/node`): the file-system handler imports `node:`
// modules, so it stays out of the browser-safe main entry.
export { fileSystemHandler } from "./node/file-system-handler.js";
export type { FileSystemHandlerOptions, ModelFileSystem } from "./node/file-system-handler.js";
export { makeDirectory } from "./node/make-directory.js";
export type { DirectoryFileSystem, MakeDirectoryOptions } from "./node/make-directory.js";
