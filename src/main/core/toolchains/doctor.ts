import os from 'node:os';
import type { Settings } from '../../../shared/contract';
import type {
  DoctorCheck,
  DoctorReport,
  InterpreterReport,
  ToolReport,
} from '../../../shared/contract/toolchains-contract';
import { pythonScript } from '../workspace/resources-dir';
import { pickEnv, probeVersion } from './doctor-check';
import { doctorChecks } from './doctor-checks';
import { discoverInterpreters, whichAll } from './python-discovery';
import { resolvePython } from './python-locate';
import { runPythonDriver } from './python-driver';
import { VENDORS } from '../vendors';

export interface DoctorOptions {
  settings: Settings;
  projectDirs: string[];
  /** Check this interpreter instead of the configured one. */
  python?: string;
  /** Inspect every interpreter found, not only the selected one (slower: imports torch in each). */
  scanAll?: boolean;
  env?: NodeJS.ProcessEnv;
}

async function inspectInterpreter(
  python: string,
  env: NodeJS.ProcessEnv,
): Promise<Pick<InterpreterReport, 'version' | 'system' | 'machine' | 'packages' | 'error'>> {
  try {
    const { result } = await runPythonDriver({
      python,
      script: pythonScript('env_snapshot.py'),
      config: { packages: null },
      timeoutMs: 120_000,
      env: pickEnv(env),
    });
    return {
      version: typeof result.python === 'string' ? result.python : null,
      system: typeof result.system === 'string' ? result.system : null,
      machine: typeof result.machine === 'string' ? result.machine : null,
      packages: (result.packages ?? {}) as Record<string, string | null>,
      error: null,
    };
  } catch (error) {
    return { version: null, system: null, machine: null, packages: {}, error: interpreterError(error as Error) };
  }
}

/** A clean line for an interpreter the driver cannot run in (a Python 2 prints a raw SyntaxError traceback). */
function interpreterError(error: Error): string {
  if (/SyntaxError/.test(error.message))
    return 'Not a Python 3 interpreter (Python 2?): the workbench drivers need Python 3.8 or newer.';
  return error.message.split('\n')[0];
}

async function findTools(settings: Settings, env: NodeJS.ProcessEnv): Promise<ToolReport[]> {
  const first = (name: string): string | null => whichAll(name, env)[0] ?? null;
  const tools: ToolReport[] = [];
  const adb = settings.adbPath || first('adb');
  tools.push({
    name: 'adb',
    path: adb,
    version: adb ? await probeVersion(adb, ['version'], /Android Debug Bridge version (\S+)/, env) : null,
    note: adb ? null : 'needed for RKNN board runs (init_runtime target=…)',
  });
  // The order the doctor lists them: adb (board transport), then each vendor's tools in registry order.
  for (const tool of VENDORS.flatMap((v) => v.doctor.tools)) {
    const found = tool.executables.map(first).find(Boolean) ?? null;
    const version = found && tool.version ? await tool.version(found, env) : null;
    tools.push({
      name: tool.name,
      path: found,
      version,
      note: found ? (version ? null : (tool.unversioned ?? null)) : tool.missing,
    });
  }
  return tools;
}

/**
 * The environment doctor: which interpreters exist, what the selected one has installed, which vendor
 * CLIs are on PATH, and the known incompatibilities explained. It reports; it never installs.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  const selectedPath = options.python ?? resolvePython(options.settings, env);
  const candidates = discoverInterpreters(options.settings, options.projectDirs, env);
  if (!candidates.some((c) => c.path === selectedPath || c.realPath === selectedPath))
    candidates.unshift({ path: selectedPath, realPath: selectedPath, sources: ['setting'] });
  const interpreters: InterpreterReport[] = [];
  for (const c of candidates) {
    const selected = c.path === selectedPath || c.realPath === selectedPath;
    const details =
      selected || options.scanAll
        ? await inspectInterpreter(c.path, env)
        : { version: null, system: null, machine: null, packages: {}, error: null };
    interpreters.push({ ...c, selected, ...details });
  }
  const tools = await findTools(options.settings, env);
  const host = { platform: os.platform(), arch: os.arch() };
  const selected = interpreters.find((i) => i.selected)!;
  const checks: DoctorCheck[] = doctorChecks(host, selected, tools);
  return { host, interpreters, tools, checks };
}
