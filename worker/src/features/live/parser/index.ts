export type { CompiledCatalogue, CompiledProduct } from "./catalogue";
export { CatalogueError, compileCatalogue } from "./catalogue";
export { parseComment, prepareComment } from "./parse";
export type {
  Ambiguity,
  AmbiguityReason,
  CatalogueProduct,
  CatalogueVariant,
  NoneReason,
  OrderLine,
  ParseOptions,
  ParseResult,
  RejectedLine,
  RejectReason,
  VariantCandidate,
} from "./types";
