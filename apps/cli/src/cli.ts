import { CommanderError } from "commander";
import {
  errorCode,
  EXIT_CLOSED_PIPE,
  EXIT_INTERNAL_ERROR,
  EXIT_OK,
  EXIT_USER_ERROR,
  isUserError,
  userMessage,
} from "./errors.js";
import { createProgram } from "./program.js";
import type { Output } from "./reporter.js";

/**
 * When the reader of standard output or error goes away (`myelin train | head -2`),
 * further writes fail with EPIPE. That is not an error of the run: stop quietly
 * with 141, the status a shell gives a program stopped by SIGPIPE, so pipelines
 * under `set -o pipefail` still see that the command did not finish.
 */
function exitOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") {
      process.exit(EXIT_CLOSED_PIPE);
    }
    throw error;
  });
}

exitOnClosedPipe(process.stdout);
exitOnClosedPipe(process.stderr);

const output: Output = {
  write: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`${line}\n`),
  stream: process.stdout,
};

/**
 * Runs the command line and exits: 0 on success, 1 for a user error (the message
 * says what and how to fix it, without a stack), 2 for an internal error (with
 * the stack, since it is a bug), 141 when the output pipe was closed.
 */
async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes("--json");
  try {
    await createProgram(output).parseAsync([...argv]);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help).
      return error.exitCode === 0 ? EXIT_OK : EXIT_USER_ERROR;
    }
    if (isUserError(error)) {
      const message = userMessage(error as Error);
      if (json) {
        output.write(JSON.stringify({ event: "error", code: errorCode(error), message }));
      }
      process.stderr.write(`error: ${message}\n`);
      if (process.env.MYELIN_DEBUG) {
        process.stderr.write(`${(error as Error).stack}\n`);
      }
      return EXIT_USER_ERROR;
    }
    const stack = error instanceof Error ? error.stack ?? error.message : String(error);
    if (json) {
      output.write(
        JSON.stringify({ event: "error", code: "internal_error", message: String(error) }),
      );
    }
    process.stderr.write(
      `internal error: ${stack}\nThis is a bug in Myelin, not in your input; ` +
        "please report it with the command you ran.\n",
    );
    return EXIT_INTERNAL_ERROR;
  }
}

// Exiting explicitly ends worker threads a backend may hold; stdout and stderr
// are written synchronously for files and pipes, so nothing is lost.
process.exit(await main(process.argv));
