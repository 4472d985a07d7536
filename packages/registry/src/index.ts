export {
  Registry,
  RegistryError,
  defaultRegistry,
  REGISTRY_KINDS,
  normalizeName,
  type RegistryKind,
  type RegistryEntry,
  type SerializedObject,
  type RegisterOptions,
} from "./registry.js";
