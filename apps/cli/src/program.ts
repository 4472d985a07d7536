import { Command, InvalidArgumentError, Option } from "commander";
import { evaluate, predict } from "./commands/apply.js";
import { datasets, summary } from "./commands/inspect.js";
import { train } from "./commands/train.js";
import { setLogSink } from "./myelin.js";
import { createReporter, type Output, type Reporter } from "./reporter.js";
import { VERSION } from "./version.js";

/** Parses a whole number of at least `min` for an option. */
function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || value.trim() === "") {
      throw new InvalidArgumentError(`Expected a whole number of at least ${min}.`);
    }
    return n;
  };
}

function realNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || value.trim() === "") {
    throw new InvalidArgumentError("Expected a number.");
  }
  return n;
}

function positiveNumber(value: string): number {
  const n = realNumber(value);
  if (!(n > 0)) {
    throw new InvalidArgumentError("Expected a positive number, such as 0.01.");
  }
  return n;
}

function fraction(value: string): number {
  const n = realNumber(value);
  if (!(n >= 0 && n < 1)) {
    throw new InvalidArgumentError("Expected a fraction in [0, 1), such as 0.2.");
  }
  return n;
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || value.trim() === "") {
    throw new InvalidArgumentError("Expected a whole number.");
  }
  return n;
}

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join("\n")}\n`;
}

/**
 * The reporter for a command's options. It also becomes Myelin's log sink: the
 * library prints nothing by itself, so without it warnings such as fit's
 * "inputs look unscaled" would be lost. They are printed to standard error
 * (and, with --json, also sent as `warning` events).
 */
function reporterFor(options: { json?: boolean }, output: Output): Reporter {
  const reporter = createReporter(options.json === true, output);
  setLogSink((level, message) => {
    if (level === "warn") {
      reporter.warn(forCommandLine(message));
    }
  });
  return reporter;
}

/**
 * fit's warning about unscaled inputs advises scaling them with the data
 * package; the CLI has already standardised them, so there it means outliers.
 */
function forCommandLine(message: string): string {
  const advice = message.indexOf(" Networks train best");
  if (!message.includes("inputs look unscaled") || advice < 0) {
    return message;
  }
  return (
    `${message.slice(0, advice)} The features were already standardised with the ` +
    "training rows' mean and standard deviation, so the column holds values far from the " +
    "rest: check the data for outliers or mixed units."
  );
}

const delimiterOption = () =>
  new Option(
    "--delimiter <char>",
    "field separator of --data: one character, or comma, semicolon, tab, pipe (default comma)",
  );

const jsonOption = () =>
  new Option("--json", "print one JSON object per line for each event, for scripts");

/**
 * The `myelin` command and its subcommands. Errors propagate to the caller
 * (commander's own parse errors as `CommanderError`), which picks the exit code.
 */
export function createProgram(output: Output): Command {
  const program = new Command("myelin")
    .description("Train, evaluate and use Myelin neural networks from the terminal.")
    .version(VERSION, "-v, --version")
    .showHelpAfterError("(add --help for usage and examples)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.stream.write(text),
      writeErr: (text) => process.stderr.write(text),
    })
    .addHelpText(
      "after",
      examples([
        "myelin train                                   # an MLP on the bundled digits",
        "myelin train --data iris.csv --target species --epochs 100",
        "myelin evaluate runs/digits-20260101-120000 --data test.csv",
        "myelin predict runs/iris-20260101-120000 --data new.csv --out predictions.csv",
        "myelin summary runs/iris-20260101-120000",
        "myelin datasets",
      ]),
    );

  program
    .command("train")
    .description(
      "Train a model on a bundled dataset or a CSV file. After every epoch the output " +
        "directory's model.json and weights.bin are rewritten atomically, so they always " +
        "hold the last complete epoch. " +
        "With no options: a 64-128-64-10 MLP on the bundled digits.",
    )
    .option("--dataset <name>", "bundled dataset to train on (see `myelin datasets`)", undefined)
    .option("--data <file.csv>", "CSV file to train on (header row required)")
    .option(
      "--target <column>",
      "column to predict (default: a bundled dataset's own target; required with --data)",
    )
    .option("--features <list>", "comma-separated feature columns (default: all but the target)")
    .option("--ignore-columns <list>", "comma-separated columns to leave out of the features")
    .addOption(delimiterOption())
    .option(
      "--model <spec.json>",
      "layers as JSON: a list, or { layers, compile } for the whole model",
    )
    .option("--layers <list>", 'hidden layers in short form, e.g. "64:relu,dropout:0.2,32:relu"')
    .option(
      "--epochs <n>",
      "epochs to train (default: about 1500 steps, 20 to 200 epochs)",
      wholeNumber(1),
    )
    .option("--batch-size <n>", "rows per optimizer step (default 32)", wholeNumber(1))
    .option(
      "--optimizer <name>",
      "optimizer by registry name: adam, sgd, rmsprop... (default adam)",
    )
    .option("--lr <rate>", "learning rate (default: the optimizer's)", positiveNumber)
    .option("--loss <name>", "loss by registry name (default: from the task)")
    .option("--metrics <list>", "comma-separated metrics (default accuracy, or mae for regression)")
    .option(
      "--validation-split <fraction>",
      "share of training rows held out for validation, from the end of the file (default 0)",
      fraction,
    )
    .option(
      "--shuffle-before-split",
      "draw the validation rows as a seeded random sample, stratified by class, " +
        "instead of the last rows",
    )
    .option(
      "--test-split <fraction>",
      "share of rows held out for the final score (default 0.2)",
      fraction,
    )
    .option("--seed <n>", "seed of the split, initialization and shuffling (default 42)", integer)
    .addOption(
      new Option("--backend <name>", "compute backend (default js)").choices(["js", "wasm"]),
    )
    .option(
      "--out <dir>",
      "directory for the checkpoint and the final model (default runs/<data>-<time>)",
    )
    .option("--resume <dir>", "continue the run checkpointed in <dir>, with its saved settings")
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples([
        "myelin train",
        "myelin train --dataset iris --epochs 150 --lr 0.01",
        "myelin train --data houses.csv --target price --layers 64:relu,32:relu",
        "myelin train --data iris.csv --target sepal_length --ignore-columns species",
        "myelin train --data sales.csv --delimiter ';' --target units --features price,week",
        "myelin train --dataset iris --validation-split 0.2 --shuffle-before-split",
        "myelin train --dataset wine --model model.json --out runs/wine",
        "myelin train --resume runs/wine",
        "myelin train --dataset diabetes --json > log.jsonl",
        "",
        "The task follows from the target: text or few whole-number values train a classifier",
        "(softmax, cross-entropy, accuracy), anything else a regressor (linear output, mse, MAE).",
      ]),
    )
    .action(async (options) => {
      await train(options, reporterFor(options, output));
    });

  program
    .command("evaluate")
    .description(
      "Score a saved model on a labelled CSV file, with the saved preprocessing applied.",
    )
    .argument("<model>", "model directory written by `myelin train`")
    .requiredOption("--data <file.csv>", "CSV file with the model's feature columns and its target")
    .option("--ignore-extra-columns", "ignore columns the model does not use")
    .addOption(delimiterOption())
    .addOption(
      new Option("--backend <name>", "compute backend (default js)").choices(["js", "wasm"]),
    )
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples([
        "myelin evaluate runs/iris-20260101-120000 --data iris-test.csv",
        "myelin evaluate runs/diabetes --data diabetes.csv --json",
      ]),
    )
    .action(async (model, options) => {
      await evaluate(model, options, reporterFor(options, output));
    });

  program
    .command("predict")
    .description("Predict with a saved model: class names and probabilities, or values.")
    .argument("<model>", "model directory written by `myelin train`")
    .requiredOption("--data <file.csv>", "CSV file with the model's feature columns")
    .option("--out <file.csv>", "write the predictions here instead of to standard output")
    .option("--force", "overwrite the --out file if it exists")
    .option("--ignore-extra-columns", "ignore columns the model does not use")
    .addOption(delimiterOption())
    .addOption(
      new Option("--backend <name>", "compute backend (default js)").choices(["js", "wasm"]),
    )
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples([
        "myelin predict runs/iris-20260101-120000 --data new-flowers.csv",
        "myelin predict runs/iris-20260101-120000 --data new-flowers.csv --out predictions.csv",
        "myelin predict runs/iris-20260101-120000 --data new-flowers.csv --json",
        "",
        "--out refuses to replace an existing file unless --force is given, and never",
        "writes over the model's own files or the --data file.",
      ]),
    )
    .action(async (model, options) => {
      await predict(model, options, reporterFor(options, output));
    });

  program
    .command("summary")
    .description("Show a saved model's layers, preprocessing, training settings and scores.")
    .argument("<model>", "model directory written by `myelin train`")
    .addOption(jsonOption())
    .addHelpText("after", examples(["myelin summary runs/digits-20260101-120000"]))
    .action(async (model, options) => {
      await summary(model, reporterFor(options, output));
    });

  program
    .command("datasets")
    .description("List the bundled datasets: name, rows, features, task and source.")
    .addOption(jsonOption())
    .addHelpText("after", examples(["myelin datasets", "myelin train --dataset wine"]))
    .action((options) => {
      datasets(reporterFor(options, output));
    });

  return program;
}
