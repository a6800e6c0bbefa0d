import type { z } from 'zod';
import type { StageKind } from '../pipeline/stage-kind';
import type { Backend } from '../toolchains/backend';

/** A file the vendor's tools write that the workbench reads back. */
export interface VendorFileFormat {
  /** The file as the vendor's tools name it, e.g. `error_analysis.txt`. */
  file: string;
  /** What the workbench takes from it. */
  use: string;
  parse(text: string): unknown;
}

/**
 * Everything the workbench knows about one vendor, in one folder (`vendors/<id>/`); the pipeline, the API and
 * the CLI reach a vendor only through this and the registry in `vendors/index.ts`. See `vendors/README.md`.
 */
export interface VendorModule {
  id: string;
  title: string;
  /** Conversion adapters behind the one `Backend` interface. */
  backends: Backend[];
  /** Option blocks the run editor completes, by the YAML key they appear under in a stage (`rknn.config`). */
  optionBlocks: Record<string, z.ZodObject>;
  /** The vendor's stage kinds; each replays itself in `runs export-script` unless it has no vendor equivalent. */
  stageKinds: StageKind<unknown>[];
  /** The Python driver in resources/python that runs in the user's interpreter, or null for command-line tools. */
  driver: string | null;
  files: VendorFileFormat[];
}
