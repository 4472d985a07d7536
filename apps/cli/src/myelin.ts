// The parts of Myelin the CLI uses, in one place.
export {
  defaultRegistry,
  loadModelFromArtifacts,
  MyelinError,
  RegistryError,
  sequential,
  setLogSink,
  setup,
  tensor,
  VERSION,
} from "myelin";
export type { Layer, Model, ModelArtifacts, RegistryKind, Tensor } from "myelin";
