import { numbered } from "./encode.js";
import { ModelFileError } from "./errors.js";
import type { WeightSpec } from "./format.js";

/** A weight a model built from the topology expects: its name and shape. */
export interface ExpectedWeight {
  name: string;
  shape: readonly number[];
  dtype?: string;
}

/**
 * Checks that the weights a model built from the topology expects are exactly the
 * weights the manifest lists, with the same shapes (and dtypes, when given). Call it
 * after building the model and before setting any weight, so a mismatch never
 * leaves a half-loaded model.
 *
 * @param expected the built model's weights, in its order
 * @param specs the manifest's weights (`artifacts.weightSpecs`)
 * @param path the model file, for the message
 * @throws {ModelFileError} `topology_mismatch`, listing missing, unexpected and
 *   reshaped weights.
 * @example
 * ```ts
 * const expected = [{ name: "dense/kernel", shape: [4, 3] }];
 * checkWeightsMatch(expected, artifacts.weightSpecs, "m/model.json");
 * ```
 */
export function checkWeightsMatch(
  expected: readonly ExpectedWeight[],
  specs: readonly WeightSpec[],
  path: string,
): void {
  const listed = new Map(specs.map((spec) => [spec.name, spec]));
  const wanted = new Set(expected.map((weight) => weight.name));
  const problems: string[] = [];

  for (const weight of expected) {
    const spec = listed.get(weight.name);
    if (spec === undefined) {
      problems.push(
        `the topology needs weight "${weight.name}" [${weight.shape.join(
          ", ",
        )}], which the manifest lacks`,
      );
    } else if (spec.shape.join(",") !== weight.shape.join(",")) {
      problems.push(
        `weight "${weight.name}" is [${spec.shape.join(
          ", ",
        )}] in the manifest but [${weight.shape.join(", ")}] in the topology`,
      );
    } else if (weight.dtype !== undefined && weight.dtype !== spec.dtype) {
      problems.push(
        `weight "${weight.name}" is ${spec.dtype} in the manifest ` +
          `but ${weight.dtype} in the topology`,
      );
    }
  }
  for (const spec of specs) {
    if (!wanted.has(spec.name)) {
      problems.push(`the manifest lists weight "${spec.name}", which the topology does not have`);
    }
  }
  if (problems.length > 0) {
    throw new ModelFileError(
      "topology_mismatch",
      path,
      `the topology and the weights manifest disagree: ${numbered(problems)}`,
      { hint: "model.json was edited, or its topology and weights come from different models." },
    );
  }
}
