/**
 * A tiny POSIX-sh subset for the fake boards: words with '…', "…" ($? and $VAR expand) and \ escapes,
 * `;` `&&` `||` `|` `&` and newlines, redirections `>` `>>` `2>` `2>&1` `<`. Enough to run what a
 * real product sends to a real board, and strict enough that bad quoting shows up as a wrong word.
 */

export interface ShellIo {
  stdout: Buffer;
  stderr: Buffer;
  code: number;
}

export type Builtin = (args: string[], stdin: Buffer, env: ShellEnv) => Promise<ShellIo> | ShellIo;

export interface ShellEnv {
  cwd: string;
  vars: Record<string, string>;
  lastCode: number;
  /** Resolves a command name that is not a builtin (a path or a file on PATH). */
  exec(name: string, args: string[], stdin: Buffer, env: ShellEnv): Promise<ShellIo>;
  builtins: Record<string, Builtin>;
  writeFile(path: string, data: Buffer, append: boolean): void;
  readFile(path: string): Buffer | null;
}

type Token = { op: string } | { word: WordPart[] };
type WordPart = { text: string; expand: boolean };

interface Redirect {
  fd: 1 | 2 | 0;
  target: string | { dupFd: 1 | 2 };
  append: boolean;
}
interface SimpleCommand {
  words: WordPart[][];
  redirects: { fd: 1 | 2 | 0; target: WordPart[] | { dupFd: 1 | 2 }; append: boolean }[];
}
interface Pipeline {
  commands: SimpleCommand[];
}
interface ListItem {
  pipeline: Pipeline;
  /** How this item joins to the previous one. */
  joiner: ';' | '&&' | '||';
  background: boolean;
}

const OPS = ['&&', '||', '2>&1', '1>&2', '>&2', '2>>', '2>', '>>', '>', '<', '|', ';', '&', '\n'];

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let parts: WordPart[] | null = null;
  const push = (text: string, expand: boolean): void => {
    parts ??= [];
    parts.push({ text, expand });
  };
  const endWord = (): void => {
    if (parts) tokens.push({ word: parts });
    parts = null;
  };
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated quoted string');
      push(line.slice(i + 1, end), false);
      i = end + 1;
    } else if (c === '"') {
      let text = '';
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && '$`"\\\n'.includes(line[i + 1] ?? '')) {
          text += line[i + 1];
          i += 2;
        } else text += line[i++];
      }
      if (i >= line.length) throw new Error('unterminated quoted string');
      push(text, true);
      i++;
    } else if (c === '\\') {
      push(line[i + 1] ?? '', false);
      i += 2;
    } else if (c === '#' && parts === null) {
      while (i < line.length && line[i] !== '\n') i++;
    } else {
      const op = OPS.find((o) => (parts === null || !/^[0-9]/.test(o)) && line.startsWith(o, i));
      if (op) {
        endWord();
        tokens.push({ op });
        i += op.length;
      } else {
        let text = '';
        while (
          i < line.length &&
          !' \t\'"\\'.includes(line[i]) &&
          !OPS.some((o) => !/^[0-9]/.test(o) && line.startsWith(o, i))
        )
          text += line[i++];
        push(text, true);
      }
    }
  }
  endWord();
  return tokens;
}

function parse(tokens: Token[]): ListItem[] {
  const items: ListItem[] = [];
  let joiner: ListItem['joiner'] = ';';
  let pipeline: Pipeline = { commands: [] };
  let command: SimpleCommand = { words: [], redirects: [] };
  const endCommand = (): void => {
    if (command.words.length || command.redirects.length) pipeline.commands.push(command);
    command = { words: [], redirects: [] };
  };
  const endPipeline = (background: boolean): void => {
    endCommand();
    if (pipeline.commands.length) items.push({ pipeline, joiner, background });
    else if (background) throw new Error("syntax error near unexpected token '&'");
    pipeline = { commands: [] };
  };
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    if ('word' in token) {
      command.words.push(token.word);
      continue;
    }
    const op = token.op;
    if (op === '|') endCommand();
    else if (op === ';' || op === '\n') {
      if (op === ';' && pipeline.commands.length === 0 && command.words.length === 0)
        throw new Error("syntax error near unexpected token ';'");
      endPipeline(false);
      joiner = ';';
    } else if (op === '&') {
      endPipeline(true);
      joiner = ';';
    } else if (op === '&&' || op === '||') {
      endPipeline(false);
      joiner = op;
    } else if (op === '2>&1') command.redirects.push({ fd: 2, target: { dupFd: 1 }, append: false });
    else if (op === '1>&2' || op === '>&2') command.redirects.push({ fd: 1, target: { dupFd: 2 }, append: false });
    else {
      const next = tokens[++t];
      if (!next || !('word' in next)) throw new Error(`syntax error: ${op} needs a file name`);
      const fd = op.startsWith('2') ? 2 : op === '<' ? 0 : 1;
      command.redirects.push({ fd, target: next.word, append: op.endsWith('>>') });
    }
  }
  endPipeline(false);
  return items;
}

function expandWord(parts: WordPart[], env: ShellEnv): string {
  return parts
    .map((p) =>
      p.expand
        ? p.text.replace(/\$(\?|[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})/g, (_, name: string) =>
            name === '?' ? String(env.lastCode) : (env.vars[name.replace(/[{}]/g, '')] ?? ''),
          )
        : p.text,
    )
    .join('');
}

async function runSimple(command: SimpleCommand, stdin: Buffer, env: ShellEnv): Promise<ShellIo> {
  const words = command.words.map((w) => expandWord(w, env));
  const redirects: Redirect[] = command.redirects.map((r) => ({
    ...r,
    target: 'dupFd' in r.target ? r.target : expandWord(r.target, env),
  }));
  const input = redirects.find((r) => r.fd === 0);
  if (input && typeof input.target === 'string') {
    const data = input.target === '/dev/null' ? Buffer.alloc(0) : env.readFile(input.target);
    if (data === null)
      return {
        stdout: Buffer.alloc(0),
        stderr: Buffer.from(`sh: ${input.target}: No such file or directory\n`),
        code: 1,
      };
    stdin = data;
  }
  if (words.length === 0) return { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), code: 0 };
  const [name, ...args] = words;
  const builtin = env.builtins[name];
  let io: ShellIo;
  try {
    io = builtin ? await builtin(args, stdin, env) : await env.exec(name, args, stdin, env);
  } catch (error) {
    io = { stdout: Buffer.alloc(0), stderr: Buffer.from(`sh: ${name}: ${(error as Error).message}\n`), code: 1 };
  }
  let { stdout, stderr } = io;
  for (const r of redirects) {
    if (r.fd === 0) continue;
    const data = r.fd === 1 ? stdout : stderr;
    if (typeof r.target === 'object') {
      if (r.fd === 2 && r.target.dupFd === 1) stdout = Buffer.concat([stdout, stderr]);
      if (r.fd === 1 && r.target.dupFd === 2) stderr = Buffer.concat([stderr, stdout]);
    } else if (r.target !== '/dev/null') env.writeFile(r.target, data, r.append);
    if (r.fd === 1 && !(typeof r.target === 'object' && r.target.dupFd === 1)) stdout = Buffer.alloc(0);
    if (r.fd === 2 && !(typeof r.target === 'object' && r.target.dupFd === 2)) stderr = Buffer.alloc(0);
  }
  return { stdout, stderr, code: io.code };
}

/** Runs a command line; the output of every pipeline is concatenated like a terminal shows it. */
export async function runShell(line: string, env: ShellEnv): Promise<ShellIo> {
  let items: ListItem[];
  try {
    items = parse(tokenize(line));
  } catch (error) {
    return { stdout: Buffer.alloc(0), stderr: Buffer.from(`sh: ${(error as Error).message}\n`), code: 2 };
  }
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  for (const item of items) {
    if (item.joiner === '&&' && env.lastCode !== 0) continue;
    if (item.joiner === '||' && env.lastCode === 0) continue;
    let stdin: Buffer = Buffer.alloc(0);
    let last: ShellIo = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), code: 0 };
    for (const command of item.pipeline.commands) {
      last = await runSimple(command, stdin, env);
      stdin = last.stdout;
      err.push(last.stderr);
    }
    if (item.background) {
      env.lastCode = 0;
      continue;
    }
    out.push(last.stdout);
    env.lastCode = last.code;
  }
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err), code: env.lastCode };
}

export const ok = (stdout: string | Buffer = ''): ShellIo => ({
  stdout: Buffer.from(stdout),
  stderr: Buffer.alloc(0),
  code: 0,
});
export const fail = (stderr: string, code = 1, stdout = ''): ShellIo => ({
  stdout: Buffer.from(stdout),
  stderr: Buffer.from(stderr),
  code,
});
