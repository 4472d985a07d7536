/**
 * Helpers shared by the test suites of Myelin's packages. Private to the
 * workspace: packages take it as a devDependency and import it from tests only.
 */

export { expectClose } from "./expect-close.js";
export { randomArray, randomValues } from "./random-values.js";
export { caught, thrown, type ThrownError } from "./thrown.js";
