import type { z } from 'zod';
import type { BoardReport, Settings } from '../../../shared/contract';
import type { BoardFixOutputSchema } from '../../../shared/contract/board-contract';
import type { DoctorCheck, InterpreterReport, ToolReport } from '../../../shared/contract/toolchains-contract';
import type { AdbCallOptions, AdbClient } from '../board/adb-client';
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

/** A vendor command-line tool the toolchain doctor looks for on PATH. */
export interface VendorTool {
  name: string;
  /** Executables to look for; the first found is reported. */
  executables: string[];
  /** Its version, read from the tool's own output; null when it prints none. */
  version?(file: string, env: NodeJS.ProcessEnv): Promise<string | null>;
  /** Note when the tool is missing (what is unavailable without it). */
  missing: string;
  /** Note when the tool is found but reports no version. */
  unversioned?: string;
}

/** What the toolchain doctor checks for this vendor. */
export interface VendorDoctor {
  tools: VendorTool[];
  /** Checks of the selected interpreter's packages and the found tools (a usable interpreter only). */
  checks(py: InterpreterReport & { version: string }, tools: ToolReport[]): DoctorCheck[];
}

/** What the board doctor compares a board with: the host toolkit and, optionally, the model to run. */
export interface BoardReportRequest extends AdbCallOptions {
  /** Host toolkit version; null when it is not installed (the comparison is then skipped). */
  toolkitVersion: string | null;
  modelPath?: string;
  targetPlatform?: string;
}

/** The vendor toolkit in the configured Python: its version and the folder of its package (null: unknown). */
export interface HostToolkit {
  version: string | null;
  location: string | null;
}

/**
 * A vendor's board pieces on top of the vendor-neutral adb transport (`core/board`): the NPU runtime's probe and
 * doctor, and the one-step runtime fix (the Board page and `npu-workbench board …`).
 */
export interface VendorBoard {
  /** The probe plus every problem the doctor finds, explained in the words the vendor's tools would use. */
  report(adb: AdbClient, serial: string | undefined, request: BoardReportRequest): Promise<BoardReport>;
  /** The vendor toolkit in the configured Python; null when it is missing. */
  hostToolkit(settings: Settings, signal?: AbortSignal): Promise<HostToolkit | null>;
  /**
   * Installs the runtime the host toolkit needs on the board (from `runtimeDir`, else found next to the toolkit, in
   * the configured folders or a usual clone location), restarts it, and proves it with a new probe.
   */
  fixRuntime(
    adb: AdbClient,
    request: { serial: string; runtimeDir?: string; settings: Settings; toolkit: HostToolkit | null },
  ): Promise<z.infer<typeof BoardFixOutputSchema>>;
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
  doctor: VendorDoctor;
  /**
   * Whether the toolkit is usable here, for stages with `when: { toolkit: <id> }`: null, or what is missing
   * ("rknn-toolkit2 is not installed in /usr/bin/python3"). Absent: every doctor tool must be on PATH.
   */
  toolkitMissing?(settings: Settings, signal?: AbortSignal): Promise<string | null>;
  /** The run-level `target:` values the vendor's toolkit builds for (the run editor flags others); none: unchecked. */
  targets?: readonly string[];
  /** Its boards' runtime probe, doctor and fix, for a vendor that runs models on boards over adb. */
  board?: VendorBoard;
}
